//! Every post that matches a query and filters, in a stable order (site, then id),
//! handed over one at a time: for exports, which may cover the whole archive.

use super::build::{FieldWeights, QueryBuilder};
use super::Filters;
use crate::error::Result;
use crate::post::Post;
use crate::search::facets::name_ords;
use crate::search::query::parse_query;
use crate::store::{tantivy_error, Store};
use tantivy::collector::DocSetCollector;
use tantivy::{DocAddress, TantivyDocument};

/// Calls `each` with every post matching `query` (empty: all posts) and `filters`,
/// ordered by site and id; stops at the first error `each` returns. Returns how many
/// posts were handed over.
pub fn for_each_post<E: From<crate::Error>>(
    store: &Store,
    query: &str,
    filters: &Filters,
    mut each: impl FnMut(&Post) -> std::result::Result<(), E>,
) -> std::result::Result<usize, E> {
    let addresses = ordered_matches(store, query, filters)?;
    let searcher = store.searcher()?;
    for &address in &addresses {
        let doc: TantivyDocument = searcher
            .doc(address)
            .map_err(|source| tantivy_error(&store.path, source))?;
        each(&store.read_post(&doc))?;
    }
    Ok(addresses.len())
}

/// The matching documents, ordered by their posts' site and id (only the identity of
/// each is held in memory, not the posts).
fn ordered_matches(store: &Store, query: &str, filters: &Filters) -> Result<Vec<DocAddress>> {
    let tantivy_err = |source| tantivy_error(&store.path, source);
    let searcher = store.searcher()?;
    let builder = QueryBuilder {
        store,
        weights: FieldWeights::default(),
        corrected: Vec::new(),
    };
    let built = builder.build(&parse_query(query), filters)?;
    let found = searcher
        .search(&built.query, &DocSetCollector)
        .map_err(tantivy_err)?;
    let mut by_segment: Vec<Vec<u32>> = vec![Vec::new(); searcher.segment_readers().len()];
    for address in found {
        if let Some(docs) = by_segment.get_mut(address.segment_ord as usize) {
            docs.push(address.doc_id);
        }
    }
    let mut keyed: Vec<((String, u64), DocAddress)> = Vec::new();
    for (segment_ord, docs) in by_segment.into_iter().enumerate() {
        let segment = searcher.segment_reader(segment_ord as u32);
        let Some(keys) = segment.fast_fields().str("key").map_err(tantivy_err)? else {
            continue;
        };
        // Each post's key ordinal, then the keys named together.
        let mut ords: Vec<(u64, u32)> = docs
            .iter()
            .filter_map(|&doc| keys.term_ords(doc).next().map(|ord| (ord, doc)))
            .collect();
        ords.sort_unstable();
        let wanted: Vec<u64> = ords.iter().map(|&(ord, _)| ord).collect();
        name_ords(&keys, &wanted, |i, key| {
            // `site/id`: sorted by site, then by the id as a number.
            let (site, id) = key.rsplit_once('/').unwrap_or((key, "0"));
            keyed.push((
                (site.to_string(), id.parse().unwrap_or(0)),
                DocAddress::new(segment_ord as u32, ords[i].1),
            ));
        });
    }
    keyed.sort_unstable();
    Ok(keyed.into_iter().map(|(_, address)| address).collect())
}
