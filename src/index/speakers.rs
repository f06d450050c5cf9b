//! After an index run: every site's speakers joined into identities (see
//! [`crate::identities`]), read from the index's fast fields and kept beside it.

use crate::error::Result;
use crate::identities::{Identities, ALIAS_SEPARATOR};
use crate::search::facets::name_ords;
use crate::store::{tantivy_error, Store};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;
use tantivy::columnar::StrColumn;
use tantivy::ReloadPolicy;

/// Per site: its speakers' names and the short forms its posts introduced.
#[derive(Default)]
struct SiteNames {
    names: FxHashMap<String, u64>,
    aliases: FxHashSet<(String, String)>,
}

/// Joins the speakers of every site of the index as of commit `opstamp` and writes
/// the identities into the index folder. Only posts with quotations are read.
pub(super) fn refresh_identities(store: &Store, opstamp: u64) -> Result<()> {
    let reader = store
        .index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(|source| tantivy_error(&store.path, source))?;
    let searcher = reader.searcher();
    let mut sites: BTreeMap<String, SiteNames> = BTreeMap::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let host = fast
            .str("host")
            .map_err(|s| tantivy_error(&store.path, s))?;
        let speaker = fast
            .str("speaker_name")
            .map_err(|s| tantivy_error(&store.path, s))?;
        let alias = fast
            .str("speaker_alias")
            .map_err(|s| tantivy_error(&store.path, s))?;
        let Some(host) = host else { continue };
        // (host ordinal, value ordinal) pairs of live posts, then their strings.
        let mut names: FxHashMap<(u64, u64), u64> = FxHashMap::default();
        let mut aliases: FxHashSet<(u64, u64)> = FxHashSet::default();
        let quoted = fast
            .u64("quote_count")
            .map_err(|s| tantivy_error(&store.path, s))?;
        for doc in segment.doc_ids_alive() {
            if quoted.first(doc).unwrap_or(0) == 0 {
                continue;
            }
            let Some(site) = host.term_ords(doc).next() else {
                continue;
            };
            if let Some(column) = &speaker {
                for ord in column.term_ords(doc) {
                    *names.entry((site, ord)).or_default() += 1;
                }
            }
            if let Some(column) = &alias {
                aliases.extend(column.term_ords(doc).map(|ord| (site, ord)));
            }
        }
        let host_names = strings_of(&host, names.keys().chain(&aliases).map(|p| p.0));
        if let Some(column) = &speaker {
            let values = strings_of(column, names.keys().map(|p| p.1));
            for ((site, ord), count) in &names {
                let site = sites.entry(host_names[site].clone()).or_default();
                *site.names.entry(values[ord].clone()).or_default() += count;
            }
        }
        if let Some(column) = &alias {
            let values = strings_of(column, aliases.iter().map(|p| p.1));
            for (site, ord) in &aliases {
                if let Some((short, full)) = values[ord].split_once(ALIAS_SEPARATOR) {
                    sites
                        .entry(host_names[site].clone())
                        .or_default()
                        .aliases
                        .insert((short.to_string(), full.to_string()));
                }
            }
        }
    }
    let mut identities = Identities::default();
    identities.opstamp = opstamp;
    for (site, found) in sites {
        let mut names: Vec<(String, u64)> = found.names.into_iter().collect();
        names.sort();
        let mut aliases: Vec<(String, String)> = found.aliases.into_iter().collect();
        aliases.sort();
        identities.add_site(&site, &names, &aliases);
    }
    identities.save(&store.path)
}

/// The strings of a column's ordinals, each looked up once, in one pass.
fn strings_of(column: &StrColumn, ords: impl Iterator<Item = u64>) -> FxHashMap<u64, String> {
    let mut sorted: Vec<u64> = ords.collect();
    sorted.sort_unstable();
    sorted.dedup();
    let mut out = FxHashMap::default();
    name_ords(column, &sorted, |i, value| {
        out.insert(sorted[i], value.to_string());
    });
    out
}
