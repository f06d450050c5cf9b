//! Pseudo-relevance feedback for long queries (RM3): the words that stand out in the
//! best posts of a first search are added to the query, weighed by how much of those
//! posts they make up, and those posts are ranked again. A sentence typed as a query
//! ("what similarity laws must be obeyed…") names its subject in a few of its words;
//! the best posts name it in more.

use super::build::{BuiltQuery, QueryBuilder};
use super::guard::lands_on;
use std::collections::HashMap;
use tantivy::query::{BooleanQuery, BoostQuery, EnableScoring, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, Score, Searcher, TantivyDocument, Term};

/// How feedback expands a query.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Feedback {
    /// Best posts of the first search read for words.
    pub docs: usize,
    /// Words added.
    pub terms: usize,
    /// Weight of the added words, all together, against one word of the query.
    pub weight: Score,
    /// Least number of query words (word groups) for feedback to apply.
    pub min_words: usize,
}

impl Feedback {
    /// `newsgrep search --feedback`: the 30 words that weigh most in the best 3 posts,
    /// weighing 1.5 query words together, for queries of 5 words or more. Chosen on the
    /// odd-numbered queries of TIME, CRAN and MED (`benches/relevance.rs`,
    /// `RELEVANCE_GRID=1 RELEVANCE_FEEDBACK=1`) in the middle of the settings where all
    /// three gained. On the held-out even halves CRAN and MED gained 13% and TIME, the
    /// news collection, lost 3.8% (7.5% since quotations count once): not carried over
    /// everywhere, so it is not the default.
    pub const LONG_QUERIES: Feedback = Feedback {
        docs: 3,
        terms: 30,
        weight: 1.5,
        min_words: 5,
    };
}

/// Words in more than this share of the posts are never added: they say little.
const MAX_SHARE_OF_POSTS: f64 = 0.1;

/// Posts read past the first search's best, and ranked again with the added words:
/// the posts a long query's own words rank this high hold nearly all the relevant
/// ones, and scoring only them keeps the second ranking as fast as the first.
pub const RERANK_DEPTH: usize = 1000;

/// `top` (the first search's posts, best first) ranked again with the words of its
/// best posts added to the query; as it was when there is nothing to add.
pub(super) fn rerank(
    builder: &QueryBuilder<'_>,
    searcher: &Searcher,
    built: &BuiltQuery,
    mut top: Vec<(Score, DocAddress)>,
    feedback: Feedback,
) -> tantivy::Result<Vec<(Score, DocAddress)>> {
    // Past the depth, posts keep the first search's order, so that pages of results
    // further on neither repeat nor skip a post.
    let beyond = top.split_off(top.len().min(RERANK_DEPTH));
    let mut ranked = rerank_head(builder, searcher, built, top, feedback)?;
    ranked.extend(beyond);
    Ok(ranked)
}

/// [`rerank`] of the posts within the depth.
fn rerank_head(
    builder: &QueryBuilder<'_>,
    searcher: &Searcher,
    built: &BuiltQuery,
    top: Vec<(Score, DocAddress)>,
    feedback: Feedback,
) -> tantivy::Result<Vec<(Score, DocAddress)>> {
    let words = built.groups.len();
    let added = added_words(builder, searcher, &top, feedback)?;
    let total: f64 = added.iter().map(|(_, weight)| weight).sum();
    if added.is_empty() || total <= 0.0 {
        return Ok(top);
    }
    let scale = f64::from(feedback.weight) * words.max(1) as f64 / total;
    let clauses: Vec<(Occur, Box<dyn Query>)> = added
        .into_iter()
        .map(|(term, weight)| {
            let query = TermQuery::new(term, IndexRecordOption::WithFreqs);
            let boosted = BoostQuery::new(Box::new(query), (weight * scale) as Score);
            (Occur::Should, Box::new(boosted) as Box<dyn Query>)
        })
        .collect();
    let weight =
        BooleanQuery::new(clauses).weight(EnableScoring::enabled_from_searcher(searcher))?;
    // Each segment's posts in id order, scored by one pass over the added words.
    let mut by_segment: HashMap<u32, Vec<(DocId, usize)>> = HashMap::new();
    for (at, (_, address)) in top.iter().enumerate() {
        by_segment
            .entry(address.segment_ord)
            .or_default()
            .push((address.doc_id, at));
    }
    let mut added_scores = vec![0.0 as Score; top.len()];
    for (segment, mut docs) in by_segment {
        docs.sort_unstable();
        let mut scorer = weight.scorer(searcher.segment_reader(segment), 1.0)?;
        for (doc, at) in docs {
            if lands_on(scorer.as_mut(), doc) {
                added_scores[at] = scorer.score();
            }
        }
    }
    let mut ranked: Vec<(Score, usize, DocAddress)> = top
        .into_iter()
        .enumerate()
        .map(|(at, (score, address))| (score + added_scores[at], at, address))
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    Ok(ranked
        .into_iter()
        .map(|(score, _, address)| (score, address))
        .collect())
}

/// The words to add, each with its weight: P(word | relevant), estimated as the sum
/// over the best posts of the word's share of the post's words times the post's
/// share of their scores; words in over a tenth of the posts left out.
fn added_words(
    builder: &QueryBuilder<'_>,
    searcher: &Searcher,
    top: &[(Score, DocAddress)],
    feedback: Feedback,
) -> tantivy::Result<Vec<(Term, f64)>> {
    let read = &top[..top.len().min(feedback.docs)];
    let score_sum: f64 = read.iter().map(|(score, _)| f64::from(*score)).sum();
    if read.is_empty() || score_sum <= 0.0 {
        return Ok(Vec::new());
    }
    let posts = searcher.num_docs() as f64;
    let mut weights: HashMap<Term, f64> = HashMap::new();
    for (score, address) in read {
        let doc: TantivyDocument = searcher.doc(*address)?;
        let post = builder.store.read_post(&doc);
        let field = builder.store.fields.body_for(&post.lang);
        // As queries are analysed: one term per word (the index also holds accented
        // words' folded stems, which would count them twice).
        let mut counts: HashMap<Term, u32> = HashMap::new();
        let mut length = 0u32;
        for text in [post.title.as_str(), post.body.as_str()] {
            for term in builder.analyze(field, text) {
                length += 1;
                *counts.entry(term).or_default() += 1;
            }
        }
        if length == 0 {
            continue;
        }
        let share = f64::from(*score) / score_sum;
        for (term, count) in counts {
            if term.value().as_str().is_some_and(worth_adding) {
                *weights.entry(term).or_default() += f64::from(count) / f64::from(length) * share;
            }
        }
    }
    let mut ranked: Vec<(Term, f64)> = Vec::with_capacity(weights.len());
    for (term, weight) in weights {
        if searcher.doc_freq(&term)? as f64 / posts <= MAX_SHARE_OF_POSTS {
            ranked.push((term, weight));
        }
    }
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.truncate(feedback.terms);
    Ok(ranked)
}

/// A word worth adding: letters, two or more of them.
fn worth_adding(word: &str) -> bool {
    word.chars().count() >= 2 && word.chars().all(char::is_alphabetic)
}
