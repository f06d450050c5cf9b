//! Words and phrases that none of the posts searched holds are left out of a query
//! whose other words match, so that they do not keep the posts holding every other
//! word from ranking first: field-bound words and quoted phrases (`title:harbr`), and
//! words that only posts a filter or an exclusion leaves out hold. (A plain word in no
//! post at all is [`super::typos::correct_typos`]'s: fixed or left out there.)

use super::build::QueryBuilder;
use super::query::{Clause, UserQuery};
use super::typos::{is_typo, searched_by_default};
use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query};
use tantivy::{DocSet, Searcher, TERMINATED};

/// Per word group, whether it is dead: none of the posts `narrowing` (the filters and
/// exclusions) lets through holds it, and it is not a lone plain word in no post at
/// all (a typo, [`is_typo`]). All false where posts with every group would not rank
/// first (one group, or more than [`super::build::FieldWeights::every_word_first`]),
/// or where nothing could be dead (no filter, exclusion, field-bound word, phrase or
/// `OR` group).
pub(super) fn dead_groups(
    query: &UserQuery,
    builder: &QueryBuilder<'_>,
    narrowing: Option<&dyn Query>,
    searcher: &Searcher,
) -> tantivy::Result<Vec<bool>> {
    let groups = query.groups.len();
    let mut dead = vec![false; groups];
    let maybe_dead = |group: &Vec<Clause>| group.len() > 1 || !group.iter().all(Clause::is_plain);
    if groups < 2
        || groups > builder.weights.every_word_first
        || (narrowing.is_none() && !query.groups.iter().any(maybe_dead))
    {
        return Ok(dead);
    }
    let searched = searched_by_default(builder);
    for (group, dead) in query.groups.iter().zip(&mut dead) {
        let Some(matched) = builder.group_query(group) else {
            continue;
        };
        if matches_a_post(&*matched, searcher, narrowing)? {
            continue;
        }
        *dead = match group.as_slice() {
            [word] => !is_typo(word, builder, &searched, searcher)?,
            _ => true,
        };
    }
    Ok(dead)
}

/// Leaves the `dead` groups out of `query` (and their flags out of `corrected`) where
/// another group matches a post searched, and returns the groups left out.
pub(super) fn leave_out_dead(
    query: &mut UserQuery,
    corrected: &mut Vec<bool>,
    dead: &[bool],
    builder: &QueryBuilder<'_>,
    narrowing: Option<&dyn Query>,
    searcher: &Searcher,
) -> tantivy::Result<Vec<Vec<Clause>>> {
    if !dead.contains(&true) {
        return Ok(Vec::new());
    }
    let mut any_live = false;
    for (group, _) in query.groups.iter().zip(dead).filter(|(_, &dead)| !dead) {
        if let Some(matched) = builder.group_query(group) {
            if matches_a_post(&*matched, searcher, narrowing)? {
                any_live = true;
                break;
            }
        }
    }
    if !any_live {
        return Ok(Vec::new());
    }
    let mut left_out: Vec<Vec<Clause>> = Vec::new();
    for (group, _) in query.groups.iter().zip(dead).filter(|(_, &dead)| dead) {
        if !left_out.contains(group) {
            left_out.push(group.clone());
        }
    }
    remove_flagged(&mut query.groups, dead);
    remove_flagged(corrected, dead);
    Ok(left_out)
}

/// Removes the items whose flag (same position) is set; items past the flags stay.
pub(super) fn remove_flagged<T>(items: &mut Vec<T>, flagged: &[bool]) {
    let mut flags = flagged.iter();
    items.retain(|_| !flags.next().copied().unwrap_or(false));
}

/// Most clauses a warning names; the rest are counted.
const NAMED: usize = 10;

/// One line for the groups left out: `title:harbr matches none of the posts searched;
/// searched without it`, or several named, the rest counted.
pub(super) fn left_out_warning(left_out: &[Vec<Clause>]) -> Option<String> {
    let shown: Vec<String> = (left_out.iter().take(NAMED))
        .map(|group| {
            let alternatives: Vec<String> = group.iter().map(Clause::shown).collect();
            alternatives.join(" OR ")
        })
        .collect();
    match (shown.as_slice(), left_out.len()) {
        ([], _) => None,
        ([one], 1) => Some(format!(
            "{one} matches none of the posts searched; searched without it"
        )),
        (_, count) => {
            let more = count - shown.len();
            let named = match more {
                0 => shown.join(", "),
                _ => format!("{} and {more} more", shown.join(", ")),
            };
            Some(format!(
                "{named} match none of the posts searched; searched without them"
            ))
        }
    }
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
        .any(|(group, _)| builder.group_query(group).is_some())
}

/// Whether a word or phrase, in its field, matches at least one post (of those
/// `narrowing` lets through); nothing to search (punctuation) counts as a match.
pub(super) fn clause_matches(
    clause: &Clause,
    builder: &QueryBuilder<'_>,
    searcher: &Searcher,
    narrowing: Option<&dyn Query>,
) -> tantivy::Result<bool> {
    match builder.clause_query(clause) {
        Some(query) => matches_a_post(&*query, searcher, narrowing),
        None => Ok(true),
    }
}

/// Whether `query` matches at least one live post of those `narrowing` lets through.
/// Stops at the first.
pub(super) fn matches_a_post(
    query: &dyn Query,
    searcher: &Searcher,
    narrowing: Option<&dyn Query>,
) -> tantivy::Result<bool> {
    let query: Box<dyn Query> = match narrowing {
        Some(narrowing) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, query.box_clone()),
            (Occur::Must, narrowing.box_clone()),
        ])),
        None => query.box_clone(),
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
