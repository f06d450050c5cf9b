//! Pseudo-relevance feedback for long queries (RM3): the words that stand out in the
//! best posts of a first search are added to the query, weighed by how much of those
//! posts they make up, and the posts are ranked again. A sentence typed as a query
//! ("what similarity laws must be obeyed…") names its subject in a few of its words;
//! the best posts name it in more.

use super::build::BuiltQuery;
use crate::store::Store;
use std::collections::HashMap;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Score, Searcher, TantivyDocument, Term};

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

/// Words in more than this share of the posts are never added: they say little.
const MAX_SHARE_OF_POSTS: f64 = 0.1;

/// The query expanded with the words of the best posts `top` (best first), or `None`
/// when there is nothing to add.
pub(super) fn expand(
    store: &Store,
    searcher: &Searcher,
    built: &BuiltQuery,
    top: &[(Score, DocAddress)],
    feedback: Feedback,
) -> tantivy::Result<Option<BuiltQuery>> {
    let read = &top[..top.len().min(feedback.docs)];
    let score_sum: f64 = read.iter().map(|(score, _)| f64::from(*score)).sum();
    if read.is_empty() || score_sum <= 0.0 {
        return Ok(None);
    }
    let posts = searcher.num_docs() as f64;
    // P(word | relevant) ≈ Σ over the best posts of P(word | post) × the post's share
    // of their scores.
    let mut weights: HashMap<Term, f64> = HashMap::new();
    for (score, address) in read {
        let doc: TantivyDocument = searcher.doc(*address)?;
        let post = store.read_post(&doc);
        let field = store.fields.body_for(&post.lang);
        let mut analyzer = store.index.tokenizer_for_field(field)?;
        let mut counts: HashMap<String, u32> = HashMap::new();
        let mut length = 0u32;
        for text in [post.title.as_str(), post.body.as_str()] {
            let mut stream = analyzer.token_stream(text);
            stream.process(&mut |token| {
                length += 1;
                *counts.entry(token.text.clone()).or_default() += 1;
            });
        }
        if length == 0 {
            continue;
        }
        let share = f64::from(*score) / score_sum;
        for (word, count) in counts {
            if !worth_adding(&word) {
                continue;
            }
            let weight = f64::from(count) / f64::from(length) * share;
            *weights
                .entry(Term::from_field_text(field, &word))
                .or_default() += weight;
        }
    }
    let mut ranked: Vec<(Term, f64)> = Vec::new();
    for (term, weight) in weights {
        let with_word = searcher.doc_freq(&term)? as f64;
        if with_word / posts <= MAX_SHARE_OF_POSTS {
            ranked.push((term, weight));
        }
    }
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.truncate(feedback.terms);
    let total: f64 = ranked.iter().map(|(_, weight)| weight).sum();
    if ranked.is_empty() || total <= 0.0 {
        return Ok(None);
    }
    let words = built.groups.len().max(1) as f64;
    let added: Vec<(Occur, Box<dyn Query>)> = ranked
        .into_iter()
        .map(|(term, weight)| {
            let boost = (f64::from(feedback.weight) * words * weight / total) as Score;
            let query = TermQuery::new(term, IndexRecordOption::WithFreqs);
            (
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(query), boost)) as Box<dyn Query>,
            )
        })
        .collect();
    let either: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
        (Occur::Should, built.positive.box_clone()),
        (Occur::Should, Box::new(BooleanQuery::new(added))),
    ]));
    let query = match &built.narrowing {
        Some(narrowing) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, either),
            (Occur::Must, narrowing.box_clone()),
        ])) as Box<dyn Query>,
        None => either,
    };
    Ok(Some(BuiltQuery {
        query,
        positive: built.positive.box_clone(),
        all_groups: None,
        terms_only: false,
        groups: built.groups.iter().map(|q| q.box_clone()).collect(),
        narrowing: built.narrowing.as_ref().map(|q| q.box_clone()),
    }))
}

/// A word worth adding: letters, two or more of them.
fn worth_adding(word: &str) -> bool {
    word.chars().count() >= 2 && word.chars().all(char::is_alphabetic)
}
