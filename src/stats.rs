//! What an index holds: posts, sites, dates and categories, counted from fast fields.

use crate::error::Result;
use crate::search::facets::{OrdCounter, Tally};
use crate::store::{self, index_bytes, tantivy_error, Store};
use std::collections::BTreeMap;
use std::path::Path;
use time::OffsetDateTime;

/// Counts over the whole index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    /// Number of posts.
    pub posts: u64,
    /// Posts per site host.
    pub sites: BTreeMap<String, u64>,
    /// Earliest publication time.
    pub first_date: Option<OffsetDateTime>,
    /// Latest publication time.
    pub last_date: Option<OffsetDateTime>,
    /// Posts per category name.
    pub categories: BTreeMap<String, u64>,
    /// Posts per language code.
    pub languages: BTreeMap<String, u64>,
    /// Size of the index folder in bytes.
    pub index_bytes: u64,
}

/// Opens the index and counts what it holds (deleted documents excluded).
pub fn stats(index_dir: &Path) -> Result<Stats> {
    stats_in(&store::open(index_dir)?)
}

/// [`stats`] of an opened index.
pub fn stats_in(store: &Store) -> Result<Stats> {
    let tantivy_err = |source| tantivy_error(&store.path, source);
    let searcher = store.searcher()?;
    let mut stats = Stats {
        index_bytes: index_bytes(&store.path),
        ..Stats::default()
    };
    let mut first: Option<i64> = None;
    let mut last: Option<i64> = None;
    let (mut sites, mut categories, mut languages) =
        (Tally::default(), Tally::default(), Tally::default());
    for segment in searcher.segment_readers() {
        let mut hosts = OrdCounter::new(segment, "host").map_err(tantivy_err)?;
        let mut category_names = OrdCounter::new(segment, "category_name").map_err(tantivy_err)?;
        let mut langs = OrdCounter::new(segment, "lang").map_err(tantivy_err)?;
        let dates = segment.fast_fields().date("date").map_err(tantivy_err)?;
        for doc in segment.doc_ids_alive() {
            stats.posts += 1;
            hosts.count(doc);
            category_names.count(doc);
            langs.count(doc);
            if let Some(date) = dates.first(doc) {
                let secs = date.into_timestamp_secs();
                first = Some(first.map_or(secs, |f| f.min(secs)));
                last = Some(last.map_or(secs, |l| l.max(secs)));
            }
        }
        hosts.add_to(&mut sites);
        category_names.add_to(&mut categories);
        langs.add_to(&mut languages);
    }
    stats.sites = sites.0.into_iter().collect();
    stats.categories = categories.0.into_iter().collect();
    stats.languages = languages.0.into_iter().collect();
    stats.first_date = first.and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok());
    stats.last_date = last.and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok());
    Ok(stats)
}
