//! Words and phrases that none of the posts searched holds are left out of a query
//! whose other words match, so that they do not keep the posts holding every other
//! word from ranking first: field-bound words and quoted phrases (`title:harbr`), and
//! words that only posts a filter or an exclusion leaves out hold. (Plain words in no
//! post at all are fixed or left out by [`super::typos::correct_typos`].)

use super::build::QueryBuilder;
use super::query::{Clause, UserQuery};
use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query};
use tantivy::{DocSet, Searcher, TERMINATED};

/// Leaves out of `query` each word group that none of the posts `narrowing` (the
/// filters and exclusions) lets through holds, and returns the clauses left out. Only
/// where posts with every group would rank first, which such a group empties, and
/// where another group is still searched (a plain word in no post, which the typo step
/// may fix, counts). A group with a plain word in no post at all is left to that step.
pub(super) fn leave_out_dead(
    query: &mut UserQuery,
    builder: &QueryBuilder<'_>,
    narrowing: Option<&dyn Query>,
    searcher: &Searcher,
) -> tantivy::Result<Vec<Clause>> {
    let groups = query.groups.len();
    let bound = |c: &Clause| c.field.is_some() || c.phrase;
    if groups < 2
        || groups > builder.weights.every_word_first
        || (narrowing.is_none() && !query.groups.iter().flatten().any(bound))
    {
        return Ok(Vec::new());
    }
    let mut dead = vec![false; groups];
    for (group, dead) in query.groups.iter().zip(&mut dead) {
        let mut live = false;
        for clause in group {
            live |= matches_a_post(clause, builder, searcher, narrowing)?;
        }
        if live {
            continue;
        }
        let mut in_some_post = true;
        for clause in group.iter().filter(|c| !bound(c)) {
            in_some_post &= matches_a_post(clause, builder, searcher, None)?;
        }
        *dead = in_some_post;
    }
    if !dead.contains(&true) || !any_searched(builder, &query.groups, &dead) {
        return Ok(Vec::new());
    }
    let mut left_out = Vec::new();
    let mut flags = dead.iter();
    query.groups.retain(|group| {
        let dead = flags.next().copied().unwrap_or(false);
        for clause in group.iter().filter(|_| dead) {
            if !left_out.contains(clause) {
                left_out.push(clause.clone());
            }
        }
        !dead
    });
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
