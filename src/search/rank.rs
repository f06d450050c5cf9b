//! Ranking: the best posts for a built query, by relevance (posts that hold every
//! word group ahead of the rest), by date, or by relevance weighed by age.

use super::build::BuiltQuery;
use super::facets::{FacetCollector, Facets};
use super::tiers::rank_plain_words;
use super::{SortOrder, DEFAULT_HALF_LIFE_DAYS};
use crate::error::Result;
use crate::store::{tantivy_error, Store};
use rayon::prelude::*;
use std::sync::Arc;
use tantivy::collector::{Collector, Count, TopDocs};
use tantivy::query::{EnableScoring, Query, Weight};
use tantivy::{BitSet, DocAddress, Score, Searcher, SegmentReader};

/// How `--sort recent` weighs age.
#[derive(Debug, Clone, Copy)]
pub(super) struct Recency {
    /// Publication time of the newest post in the index (Unix seconds).
    newest: i64,
    half_life_secs: f64,
}

impl Recency {
    /// Age weighed against the newest post in the index, with a half-life in days
    /// (none: [`DEFAULT_HALF_LIFE_DAYS`]).
    pub(super) fn new(searcher: &Searcher, half_life_days: Option<f64>) -> Recency {
        Recency {
            newest: newest_date(searcher),
            half_life_secs: half_life_days.unwrap_or(DEFAULT_HALF_LIFE_DAYS) * 86_400.0,
        }
    }
}

/// Undated posts count as this many half-lives old.
const UNDATED_HALF_LIVES: f64 = 10.0;

/// The publication time of the newest post in the index (Unix seconds).
fn newest_date(searcher: &Searcher) -> i64 {
    searcher
        .segment_readers()
        .iter()
        .filter_map(|segment| segment.fast_fields().date("date").ok())
        .map(|column| column.max_value().into_timestamp_secs())
        .max()
        .unwrap_or(0)
}

/// The best posts with their scores, how many matched, and their facets if asked.
pub(super) type TopPosts = (Vec<(Score, DocAddress)>, usize, Option<Facets>);

/// What [`top_posts`] collects.
pub(super) struct TopRequest {
    /// The order of the posts.
    pub(super) sort: SortOrder,
    /// Most posts to return.
    pub(super) limit: usize,
    /// How age weighs, for [`SortOrder::Recent`].
    pub(super) recency: Option<Recency>,
    /// The facets to count beside, if asked for.
    pub(super) facets: Option<FacetCollector>,
}

/// The best `limit` posts for a built query (with their scores), how many posts
/// match in all, and their facets when asked for. By relevance, posts matching every
/// word group come first.
pub(super) fn top_posts(
    store: &Store,
    searcher: &Searcher,
    built: &BuiltQuery,
    request: TopRequest,
) -> Result<TopPosts> {
    let TopRequest {
        sort,
        limit,
        recency,
        facets,
    } = request;
    let tantivy_err = |source| tantivy_error(&store.path, source);
    if sort == SortOrder::Relevance
        && facets.is_none()
        && built.terms_only
        && !built.groups.is_empty()
    {
        return rank_plain_words(searcher, built, limit)
            .map(|(hits, total)| (hits, total, None))
            .map_err(tantivy_err);
    }
    let all_words: Option<Arc<Box<dyn Weight>>> = match &built.all_groups {
        Some(query) => Some(Arc::new(
            query
                .weight(EnableScoring::disabled_from_searcher(searcher))
                .map_err(tantivy_err)?,
        )),
        None => None,
    };
    let top = TopDocs::with_limit(limit.max(1)).tweak_score(move |segment: &SegmentReader| {
        let matches_all = all_words
            .as_ref()
            .and_then(|weight| docs_matching(weight, segment));
        // Dates are read only where the order needs them.
        let dates = (sort != SortOrder::Relevance)
            .then(|| segment.fast_fields().date("date").ok())
            .flatten();
        move |doc: tantivy::DocId, score: Score| -> (f64, Score) {
            let date = dates
                .as_ref()
                .and_then(|column| column.first(doc))
                .map(|date| date.into_timestamp_secs());
            let all_words = match &matches_all {
                Some(set) if set.contains(doc) => 1.0,
                _ => 0.0,
            };
            match (sort, recency) {
                (SortOrder::Date, _) => (date.map_or(f64::MIN, |d| d as f64), score),
                (SortOrder::Recent, Some(recency)) => {
                    let half_lives = date.map_or(UNDATED_HALF_LIVES, |d| {
                        (recency.newest - d).max(0) as f64 / recency.half_life_secs
                    });
                    (all_words, score * 0.5f64.powf(half_lives) as Score)
                }
                _ => (all_words, score),
            }
        }
    });
    let (top_docs, total, facets) =
        search_side_by_side(searcher, &*built.query, &(top, Count, facets)).map_err(tantivy_err)?;
    let hits = top_docs
        .into_iter()
        .take(limit)
        .map(|((_, score), address)| (score, address))
        .collect();
    Ok((hits, total, facets))
}

/// `searcher.search`, with the segments collected side by side on rayon's pool.
fn search_side_by_side<C: Collector>(
    searcher: &Searcher,
    query: &dyn Query,
    collector: &C,
) -> tantivy::Result<C::Fruit> {
    let scoring = if collector.requires_scoring() {
        EnableScoring::enabled_from_searcher(searcher)
    } else {
        EnableScoring::disabled_from_searcher(searcher)
    };
    let weight = query.weight(scoring)?;
    let fruits = searcher
        .segment_readers()
        .par_iter()
        .enumerate()
        .map(|(ord, reader)| collector.collect_segment(weight.as_ref(), ord as u32, reader))
        .collect::<tantivy::Result<Vec<_>>>()?;
    collector.merge_fruits(fruits)
}

/// The documents of a segment that match a query, as a bit set.
fn docs_matching(weight: &Arc<Box<dyn Weight>>, segment: &SegmentReader) -> Option<BitSet> {
    let mut scorer = weight.scorer(segment, 1.0).ok()?;
    let mut set = BitSet::with_max_value(segment.max_doc());
    let mut doc = scorer.doc();
    while doc != tantivy::TERMINATED {
        set.insert(doc);
        doc = scorer.advance();
    }
    Some(set)
}
