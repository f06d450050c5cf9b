//! What an index holds: posts, sites, dates and categories, counted from fast fields.

use crate::error::Result;
use crate::store::{self, index_bytes, tantivy_error};
use std::collections::BTreeMap;
use std::path::Path;
use tantivy::columnar::StrColumn;
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
    let store = store::open(index_dir)?;
    let tantivy_err = |source| tantivy_error(&store.path, source);
    let searcher = store.searcher()?;
    let mut stats = Stats {
        index_bytes: index_bytes(index_dir),
        ..Stats::default()
    };
    let mut first: Option<i64> = None;
    let mut last: Option<i64> = None;
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let hosts = fast.str("host").map_err(tantivy_err)?;
        let categories = fast.str("category_name").map_err(tantivy_err)?;
        let langs = fast.str("lang").map_err(tantivy_err)?;
        let dates = fast.date("date").map_err(tantivy_err)?;
        let mut host_counts = vec![0u64; hosts.as_ref().map_or(0, |c| c.num_terms())];
        let mut category_counts = vec![0u64; categories.as_ref().map_or(0, |c| c.num_terms())];
        let mut lang_counts = vec![0u64; langs.as_ref().map_or(0, |c| c.num_terms())];
        for doc in segment.doc_ids_alive() {
            stats.posts += 1;
            count_ords(hosts.as_ref(), doc, &mut host_counts);
            count_ords(categories.as_ref(), doc, &mut category_counts);
            count_ords(langs.as_ref(), doc, &mut lang_counts);
            if let Some(date) = dates.first(doc) {
                let secs = date.into_timestamp_secs();
                first = Some(first.map_or(secs, |f| f.min(secs)));
                last = Some(last.map_or(secs, |l| l.max(secs)));
            }
        }
        add_counts(hosts.as_ref(), &host_counts, &mut stats.sites);
        add_counts(categories.as_ref(), &category_counts, &mut stats.categories);
        add_counts(langs.as_ref(), &lang_counts, &mut stats.languages);
    }
    stats.first_date = first.and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok());
    stats.last_date = last.and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok());
    Ok(stats)
}

fn count_ords(column: Option<&StrColumn>, doc: u32, counts: &mut [u64]) {
    if let Some(column) = column {
        for ord in column.term_ords(doc) {
            if let Some(count) = counts.get_mut(ord as usize) {
                *count += 1;
            }
        }
    }
}

fn add_counts(column: Option<&StrColumn>, counts: &[u64], into: &mut BTreeMap<String, u64>) {
    let Some(column) = column else { return };
    let mut name = String::new();
    for (ord, &count) in counts.iter().enumerate() {
        if count == 0 {
            continue;
        }
        name.clear();
        if column.ord_to_str(ord as u64, &mut name).unwrap_or(false) {
            *into.entry(name.clone()).or_default() += count;
        }
    }
}
