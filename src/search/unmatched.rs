//! Field-bound words and quoted phrases that match no post are left out of a query
//! whose other words are searched, so that they do not keep the posts holding every
//! other word from ranking first. (Plain words in no post are fixed or left out by
//! [`super::typos::correct_typos`].)

use super::build::{BuiltQuery, QueryBuilder};
use super::query::{Clause, UserQuery};
use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query};
use tantivy::{DocSet, Searcher, TERMINATED};

/// Leaves out of `query` each group of one field-bound word or quoted phrase that no
/// post the query can reach holds (`title:harbr`; a phrase only in posts a filter or
/// an exclusion leaves out), and returns the clauses left out. Only where posts with
/// every group rank first (`built.all_groups`), which such a group empties, and where
/// another group is still searched. `corrected` (per group) keeps step with the groups.
pub(super) fn leave_out_dead(
    query: &mut UserQuery,
    corrected: &mut Vec<bool>,
    builder: &QueryBuilder<'_>,
    built: &BuiltQuery,
    searcher: &Searcher,
) -> tantivy::Result<Vec<Clause>> {
    if built.all_groups.is_none() {
        return Ok(Vec::new());
    }
    let mut dead = vec![false; query.groups.len()];
    for (group, dead) in query.groups.iter().zip(&mut dead) {
        if let [clause] = group.as_slice() {
            *dead = (clause.field.is_some() || clause.phrase)
                && !matches_a_post(clause, builder, searcher, built.narrowing.as_deref())?;
        }
    }
    if !dead.contains(&true) || !any_searched(builder, &query.groups, &dead) {
        return Ok(Vec::new());
    }
    let mut left_out = Vec::new();
    let mut flags = dead.iter();
    query.groups.retain_mut(|group| {
        let dead = flags.next().copied().unwrap_or(false);
        if dead && !left_out.contains(&group[0]) {
            left_out.push(group[0].clone());
        }
        !dead
    });
    let mut flags = dead.iter();
    corrected.retain(|_| !flags.next().copied().unwrap_or(false));
    Ok(left_out)
}

/// Whether a group not `dropped` still has something to search (not punctuation
/// alone), so that leaving the dropped ones out leaves a query.
pub(super) fn any_searched(
    builder: &QueryBuilder<'_>,
    groups: &[Vec<Clause>],
    dropped: &[bool],
) -> bool {
    groups
        .iter()
        .zip(dropped)
        .filter(|(_, &dropped)| !dropped)
        .any(|(group, _)| group.iter().any(|c| builder.clause_query(c).is_some()))
}

/// Whether a word or phrase, in its field, matches at least one post (of those
/// `narrowing`, the filters and exclusions, lets through). Stops at the first.
pub(super) fn matches_a_post(
    clause: &Clause,
    builder: &QueryBuilder<'_>,
    searcher: &Searcher,
    narrowing: Option<&dyn Query>,
) -> tantivy::Result<bool> {
    // Nothing searchable in it (punctuation): nothing to fix or leave out either.
    let Some(query) = builder.clause_query(clause) else {
        return Ok(true);
    };
    let query: Box<dyn Query> = match narrowing {
        Some(narrowing) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, query),
            (Occur::Must, narrowing.box_clone()),
        ])),
        None => query,
    };
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    for segment in searcher.segment_readers() {
        let mut scorer = weight.scorer(segment, 1.0)?;
        let alive = segment.alive_bitset();
        while scorer.doc() != TERMINATED {
            if alive.is_none_or(|alive| alive.is_alive(scorer.doc())) {
                return Ok(true);
            }
            scorer.advance();
        }
    }
    Ok(false)
}
