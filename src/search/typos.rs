//! Typos: a query word that matches nothing is looked up among the index's own words
//! within an edit distance that grows with its length, and searched as the closest one
//! (at a lower weight, so exact matches always rank first) where that is a confident
//! fix; otherwise it is left out of the search.

use super::build::QueryBuilder;
use super::unmatched::{any_searched, clause_matches, matches_a_post, remove_flagged};
use crate::search::query::{Clause, UserQuery};
use crate::text::strip_possessive;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::Field;
use tantivy::schema::IndexRecordOption;
use tantivy::Searcher;

/// Words shorter than this are never corrected: too many neighbours.
const MIN_WORD_CHARS: usize = 4;
/// Words this long or longer may be two edits away; shorter ones one.
const TWO_EDITS_FROM_CHARS: usize = 8;
/// How many of the query's other words a fix must share a post with (all of them in
/// a shorter query): one shared word is often chance in a long query.
const CONTEXT_WORDS: usize = 2;
/// Furthest a `did you mean` suggestion may be.
const SUGGESTION_EDITS: usize = 2;

/// A query word searched as another word of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// The word as typed.
    pub typed: String,
    /// The index's word it was searched as.
    pub corrected: String,
}

/// Whether any term of a query word (a Chinese word's pairs are several) is in any of
/// the fields of any segment (the first found ends the look-up: most words are).
fn occurs_anywhere(
    searcher: &Searcher,
    builder: &QueryBuilder<'_>,
    fields: &[Field],
    text: &str,
) -> tantivy::Result<bool> {
    for &field in fields {
        for term in builder.analyze(field, text) {
            for segment in searcher.segment_readers() {
                if segment.inverted_index(field)?.doc_freq(&term)? > 0 {
                    return Ok(true);
                }
            }
        }
    }
    Ok(false)
}

/// What [`correct_typos`] did to a query.
#[derive(Debug, Default)]
pub struct Adjusted {
    /// Words searched as another word of the index.
    pub corrections: Vec<Correction>,
    /// Per word group left in the query: whether it is a correction.
    pub corrected: Vec<bool>,
    /// Words in no post and with no confident fix, left out of the search.
    pub unmatched: Vec<String>,
}

/// Replaces each plain query word that matches nothing with the closest indexed word
/// where that is a confident fix, and leaves the others out.
///
/// A fix is confident when the query has no other word that matches (the word alone:
/// its nearest neighbour is the best guess), or when the fix stands in one post with
/// two of the query's other words, or the only one (`mispronouncing porshe` →
/// `porsche`, written beside "mispronouncing"). A word whose nearest neighbour is found nowhere
/// near the rest of the query (an acronym, a rare term: `simd` → `sind`) is left out
/// of the search rather than replaced by a random neighbour; so is any other word in
/// no post, as long as another word of the query matches.
///
/// `dead` (per group, kept in step with the groups left) marks the groups none of the
/// posts searched holds ([`super::unmatched::dead_groups`]): they are no context a fix
/// could stand beside, nor words that match, but they do make a word in no post not
/// the only unmatched one. A fix counts only in the posts `narrowing` (the filters and
/// exclusions) lets through: one that only posts left out hold would find nothing.
pub fn correct_typos(
    query: &mut UserQuery,
    dead: &mut Vec<bool>,
    builder: &QueryBuilder<'_>,
    narrowing: Option<&dyn Query>,
    searcher: &Searcher,
) -> tantivy::Result<Adjusted> {
    // The plain words in no post, and the query of every other group: the words
    // that match give the context a fix must fit.
    let mut context: Vec<Box<dyn Query>> = Vec::new();
    let mut missing: Vec<usize> = Vec::new();
    let searched = searched_by_default(builder);
    for (i, group) in query.groups.iter().enumerate() {
        if dead.get(i).copied().unwrap_or(false) {
            continue;
        }
        if let [clause] = group.as_slice() {
            if is_typo(clause, builder, &searched, searcher)? {
                missing.push(i);
                continue;
            }
        }
        let leaves: Vec<Box<dyn Query>> = group
            .iter()
            .filter_map(|c| builder.clause_query(c))
            .collect();
        if !leaves.is_empty() {
            context.push(Box::new(BooleanQuery::union(leaves)));
        }
    }
    // With no other word matching, the nearest word is the best guess only where no
    // other group matches nothing either.
    let alone = !dead.contains(&true);
    let mut adjusted = Adjusted::default();
    let mut corrected = vec![false; query.groups.len()];
    let mut dropped = vec![false; query.groups.len()];
    // The same word typed twice is looked up once.
    let mut known: std::collections::HashMap<String, Option<String>> =
        std::collections::HashMap::new();
    for i in missing {
        let typed = query.groups[i][0].text.clone();
        let fix = match known.get(&typed) {
            Some(fix) => fix.clone(),
            None => {
                let bare = strip_possessive(&typed);
                let fix = match nearest_for_typo(searcher, builder, bare, narrowing)? {
                    Some(fix)
                        if fits_context(searcher, builder, &fix, &context, alone, narrowing)? =>
                    {
                        Some(fix)
                    }
                    _ => None,
                };
                known.insert(typed.clone(), fix.clone());
                fix
            }
        };
        match fix {
            Some(fix) => {
                if !adjusted.corrections.iter().any(|c| c.typed == typed) {
                    adjusted.corrections.push(Correction {
                        typed,
                        corrected: fix.clone(),
                    });
                }
                query.groups[i][0].text = fix;
                corrected[i] = true;
            }
            None => {
                if !adjusted.unmatched.contains(&typed) {
                    adjusted.unmatched.push(typed);
                }
                dropped[i] = true;
            }
        }
    }
    // Left out only where something else is searched: else the query finds nothing,
    // and `did you mean` says why.
    let unsearched: Vec<bool> = (dropped.iter().enumerate())
        .map(|(i, &d)| d || dead.get(i).copied().unwrap_or(false))
        .collect();
    if any_searched(builder, &query.groups, &unsearched) {
        remove_flagged(&mut query.groups, &dropped);
        remove_flagged(&mut corrected, &dropped);
        remove_flagged(dead, &dropped);
    } else {
        adjusted.unmatched.clear();
    }
    adjusted.corrected = corrected;
    Ok(adjusted)
}

/// Every field a word is searched in by default (a word may be a category's name):
/// where [`is_typo`] looks a word up.
pub(super) fn searched_by_default(builder: &QueryBuilder<'_>) -> Vec<Field> {
    (builder.weights.fields().into_iter())
        .flat_map(|(name, _)| builder.store.searched_fields(name))
        .collect()
}

/// Whether a clause is a plain word in none of the `searched` fields of any post
/// ([`searched_by_default`]), which [`correct_typos`] fixes or leaves out (punctuation
/// typed alone, `.`, is no word: nothing to search or fix).
pub(super) fn is_typo(
    clause: &Clause,
    builder: &QueryBuilder<'_>,
    searched: &[Field],
    searcher: &Searcher,
) -> tantivy::Result<bool> {
    // As searched: `harbr's` is `harbr` (its `s` would be found everywhere).
    let text = strip_possessive(&clause.text);
    if !clause.is_plain()
        || builder
            .analyze(builder.store.fields.body_plain, text)
            .is_empty()
    {
        return Ok(false);
    }
    Ok(!occurs_anywhere(searcher, builder, searched, text)?)
}

/// The nearest indexed word for a typed word in no post, within the edits its length
/// allows; `None` for words too short, or in Chinese, Japanese or Korean.
fn nearest_for_typo(
    searcher: &Searcher,
    builder: &QueryBuilder<'_>,
    typed: &str,
    narrowing: Option<&dyn Query>,
) -> tantivy::Result<Option<String>> {
    let analyzed = builder.analyze(builder.store.fields.body_plain, typed);
    let [term] = analyzed.as_slice() else {
        return Ok(None);
    };
    let Some(word) = term.value().as_str().map(str::to_string) else {
        return Ok(None);
    };
    let chars = word.chars().count();
    if chars < MIN_WORD_CHARS || word.chars().any(crate::analysis::tokenizer::is_cjk) {
        return Ok(None);
    }
    let max_edits = if chars >= TWO_EDITS_FROM_CHARS { 2 } else { 1 };
    nearest_word(searcher, builder, typed, max_edits, narrowing)
}

/// Whether a fix stands in one post `narrowing` lets through with [`CONTEXT_WORDS`] of
/// the query's other words (in any such post, when no other word matches and `alone`).
fn fits_context(
    searcher: &Searcher,
    builder: &QueryBuilder<'_>,
    fix: &str,
    context: &[Box<dyn Query>],
    alone: bool,
    narrowing: Option<&dyn Query>,
) -> tantivy::Result<bool> {
    if context.is_empty() && !alone {
        return Ok(false);
    }
    let clause = Clause {
        field: None,
        text: fix.to_string(),
        phrase: false,
    };
    let Some(fixed) = builder.clause_query(&clause) else {
        return Ok(false);
    };
    if context.is_empty() {
        return matches_a_post(&*fixed, searcher, narrowing);
    }
    let others = BooleanQuery::with_minimum_required_clauses(
        context
            .iter()
            .map(|q| (Occur::Should, q.box_clone()))
            .collect(),
        context.len().min(CONTEXT_WORDS),
    );
    let both = BooleanQuery::new(vec![
        (Occur::Must, fixed),
        (Occur::Must, Box::new(others) as Box<dyn Query>),
    ]);
    matches_a_post(&both, searcher, narrowing)
}

/// The query again with each word that matches nothing replaced by the closest
/// indexed word, for `did you mean: …`; `None` when no word changes. The suggestion
/// is a query itself: fields, phrases, `OR` and `-exclusions` are kept as typed, a
/// phrase has its words fixed one by one, and a fix counts only where the word or
/// phrase then matches a post in its field (`body:` the text, not the titles) among
/// those `narrowing` (the filters and exclusions) lets through. Words with no neighbour
/// stay as typed.
pub fn suggest(
    query: &UserQuery,
    builder: &QueryBuilder<'_>,
    narrowing: Option<&dyn Query>,
    searcher: &Searcher,
) -> tantivy::Result<Option<String>> {
    let mut changed = false;
    let mut parts = Vec::with_capacity(query.groups.len() + query.excluded.len());
    for group in &query.groups {
        let mut alternatives = Vec::with_capacity(group.len());
        for clause in group {
            let fixed = fixed_clause(clause, builder, narrowing, searcher)?;
            changed |= fixed.is_some();
            alternatives.push(fixed.as_ref().unwrap_or(clause).written());
        }
        parts.push(alternatives.join(" OR "));
    }
    parts.extend(query.excluded.iter().map(|c| format!("-{}", c.written())));
    Ok(changed.then(|| parts.join(" ")))
}

/// Fields whose words are the body fields' words (titles and quotations are indexed
/// in the body too), so that a fix can be looked up there.
const FIXABLE_FIELDS: &[&str] = &["title", "body", "quotes", "quote"];

/// `clause` with its words that are in no post replaced by their nearest indexed
/// words, if it matches none of the posts `narrowing` lets through as typed and does
/// so fixed.
fn fixed_clause(
    clause: &Clause,
    builder: &QueryBuilder<'_>,
    narrowing: Option<&dyn Query>,
    searcher: &Searcher,
) -> tantivy::Result<Option<Clause>> {
    let fixable = clause
        .field
        .as_deref()
        .is_none_or(|field| FIXABLE_FIELDS.contains(&field));
    if !fixable || clause_matches(clause, builder, searcher, narrowing)? {
        return Ok(None);
    }
    let bodies = builder.store.searched_fields("body");
    let mut words = Vec::new();
    let mut changed = false;
    for word in clause.text.split_whitespace() {
        // A possessive is fixed before its ending: `harbr's` → `harbor's`.
        let bare = strip_possessive(word);
        let fix = if occurs_anywhere(searcher, builder, &bodies, bare)? {
            None
        } else {
            let ending = &word[bare.len()..];
            nearest_word(searcher, builder, bare, SUGGESTION_EDITS, narrowing)?
                .map(|fix| format!("{fix}{ending}"))
        };
        changed |= fix.is_some();
        words.push(fix.unwrap_or_else(|| word.to_string()));
    }
    let fixed = Clause {
        text: words.join(" "),
        ..clause.clone()
    };
    Ok((changed && clause_matches(&fixed, builder, searcher, narrowing)?).then_some(fixed))
}

/// The indexed word nearest to `text` in any body field (each analysed its own way)
/// and in a post `narrowing` lets through, as a word written in a post.
fn nearest_word(
    searcher: &Searcher,
    builder: &QueryBuilder<'_>,
    text: &str,
    max_edits: usize,
    narrowing: Option<&dyn Query>,
) -> tantivy::Result<Option<String>> {
    let mut best: Option<(CandidateRank, Field, String)> = None;
    for field in builder.store.searched_fields("body") {
        let analyzed = builder.analyze(field, text);
        let [term] = analyzed.as_slice() else {
            continue;
        };
        let Some(word) = term.value().as_str().map(str::to_string) else {
            continue;
        };
        if let Some((rank, stem)) = closest_term(searcher, field, &word, max_edits, narrowing)? {
            if best.as_ref().is_none_or(|(r, _, _)| rank < *r) {
                best = Some((rank, field, stem));
            }
        }
    }
    match best {
        Some((_, field, stem)) => Ok(Some(surface_form(searcher, builder, field, &stem)?)),
        None => Ok(None),
    }
}

/// How close a candidate word is: edits, then (reversed) common beginning and posts.
type CandidateRank = (usize, std::cmp::Reverse<usize>, std::cmp::Reverse<u32>);

/// A word as written in a post for an indexed (stemmed) body word: `negoti` →
/// `negotiation`, so that corrections and suggestions read as words.
fn surface_form(
    searcher: &Searcher,
    builder: &QueryBuilder<'_>,
    field: Field,
    stem: &str,
) -> tantivy::Result<String> {
    let fields = &builder.store.fields;
    let term = tantivy::Term::from_field_text(field, stem);
    let query = tantivy::query::TermQuery::new(term, tantivy::schema::IndexRecordOption::Basic);
    let top = searcher.search(
        &query,
        &tantivy::collector::TopDocs::with_limit(1).order_by_score(),
    )?;
    if let Some((_, address)) = top.first() {
        let doc: tantivy::TantivyDocument = searcher.doc(*address)?;
        let post = fields.read_post(&doc);
        // The index's own analyzer: it also gives the stem of an accented word
        // without its accents, which a query word never becomes.
        // The body field indexes the title too: the word may be there alone.
        let mut analyzer = builder.store.index.tokenizer_for_field(field)?;
        let words = post.body.split(|c: char| !c.is_alphanumeric());
        for word in words.chain(post.title.split(|c: char| !c.is_alphanumeric())) {
            let mut found = false;
            analyzer
                .token_stream(word)
                .process(&mut |token| found |= token.text == stem);
            if found {
                return Ok(word.to_lowercase());
            }
        }
    }
    Ok(stem.to_string())
}

/// The indexed word of `field` nearest to `word`: fewest edits, then the longest
/// common beginning (typos are rarer in a word's first letters), then most posts;
/// only words in a post `narrowing` lets through (the nearest word of the posts
/// searched, not one only a filter's other side writes).
fn closest_term(
    searcher: &Searcher,
    field: Field,
    word: &str,
    max_edits: usize,
    narrowing: Option<&dyn Query>,
) -> tantivy::Result<Option<(CandidateRank, String)>> {
    let target: Vec<char> = word.chars().collect();
    // Per candidate: edits, common beginning and posts over all segments.
    let mut candidates: std::collections::HashMap<String, (usize, usize, u32)> =
        std::collections::HashMap::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted.terms().stream()?;
        while stream.advance() {
            let Ok(candidate) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            let Some(distance) = edit_distance(&target, candidate, max_edits) else {
                continue;
            };
            if distance == 0 {
                continue;
            }
            let prefix = target
                .iter()
                .zip(candidate.chars())
                .take_while(|(a, b)| *a == b)
                .count();
            let entry = (candidates.entry(candidate.to_string())).or_insert((distance, prefix, 0));
            entry.2 += stream.value().doc_freq;
        }
    }
    let mut ranked: Vec<(CandidateRank, String)> = (candidates.into_iter())
        .map(|(candidate, (distance, prefix, posts))| {
            let rank = (
                distance,
                std::cmp::Reverse(prefix),
                std::cmp::Reverse(posts),
            );
            (rank, candidate)
        })
        .collect();
    ranked.sort_unstable();
    let Some(narrowing) = narrowing else {
        return Ok(ranked.into_iter().next());
    };
    for (rank, candidate) in ranked {
        let term = TermQuery::new(
            tantivy::Term::from_field_text(field, &candidate),
            IndexRecordOption::Basic,
        );
        if matches_a_post(&term, searcher, Some(narrowing))? {
            return Ok(Some((rank, candidate)));
        }
    }
    Ok(None)
}

/// Damerau–Levenshtein distance (adjacent swaps count one) if at most `max`.
fn edit_distance(a: &[char], b: &str, max: usize) -> Option<usize> {
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let width = b.len() + 1;
    let mut rows = vec![vec![0usize; width]; a.len() + 1];
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[i][0] = i;
        let mut row_min = rows[i][0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut value = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                value = value.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = value;
            row_min = row_min.min(value);
        }
        if row_min > max {
            return None;
        }
    }
    let distance = rows[a.len()][b.len()];
    (distance <= max).then_some(distance)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(a: &str, b: &str) -> Option<usize> {
        edit_distance(&a.chars().collect::<Vec<_>>(), b, 2)
    }

    #[test]
    fn edit_distances() {
        assert_eq!(distance("harbor", "harbor"), Some(0));
        assert_eq!(distance("habror", "harbor"), Some(1));
        assert_eq!(distance("harbr", "harbor"), Some(1));
        assert_eq!(distance("negotation", "negotiation"), Some(1));
        assert_eq!(distance("ferry", "fury"), Some(2));
        assert_eq!(distance("abc", "xyzxyz"), None);
    }
}
