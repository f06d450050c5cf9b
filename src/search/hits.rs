//! Building hits: each shown post read back with the passage that best shows why it
//! matched, the query words in its title, and its best-matching quotation.

use super::snippet::{best_passage, matched_ranges, opening, Snippet, TermWeights};
use super::Hit;
use crate::error::Result;
use crate::post::{Post, Quote};
use crate::store::{tantivy_error, Store};
use std::collections::HashMap;
use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Score, Searcher, TantivyDocument, Term};

/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 180;

/// The hits for the ranked posts after the first `offset` (ranks count from the top
/// of the whole list), each with its snippet, title highlights and best quotation.
/// `quote_terms`, the query's words as the quotes field cuts them, pick the quotation
/// shown (the ranking need not search that field: quotations are in the body too).
pub(super) fn read_hits(
    store: &Store,
    searcher: &Searcher,
    query: &dyn Query,
    quote_terms: Vec<Term>,
    ranked: Vec<(Score, DocAddress)>,
    offset: usize,
) -> Result<Vec<Hit>> {
    let tantivy_err = |source| tantivy_error(&store.path, source);
    let mut snippets =
        SnippetSource::new(store, searcher, query, quote_terms).map_err(tantivy_err)?;
    let mut hits = Vec::with_capacity(ranked.len());
    let shown = ranked.into_iter().enumerate().skip(offset);
    for (rank, (score, address)) in shown {
        let doc: TantivyDocument = searcher.doc(address).map_err(tantivy_err)?;
        let post = store.read_post(&doc);
        let snippet = snippets.snippet(&post);
        let quote = snippets.best_quote(&post);
        let title_highlights = snippets.title_matches(&post);
        hits.push(Hit {
            rank: rank + 1,
            score,
            title_highlights,
            post,
            snippet,
            quote,
        });
    }
    Ok(hits)
}

/// The query's terms in one field, each weighted by its rarity (idf).
pub(super) fn weighted_terms(
    searcher: &Searcher,
    query: &dyn Query,
    field: Field,
) -> tantivy::Result<TermWeights> {
    let mut field_terms = Vec::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field {
            field_terms.push(term.clone());
        }
    });
    weigh_terms(searcher, field_terms)
}

/// Terms each weighted by its rarity (idf).
fn weigh_terms(searcher: &Searcher, field_terms: Vec<Term>) -> tantivy::Result<TermWeights> {
    let docs = searcher.num_docs().max(1) as f32;
    let mut terms = TermWeights::default();
    for term in field_terms {
        if let Some(text) = term.value().as_str() {
            let df = searcher.doc_freq(&term)? as f32;
            terms.insert(text.to_string(), 1.0 + (docs / (df + 1.0)).ln().max(0.0));
        }
    }
    Ok(terms)
}

/// How well a quotation matches weighted query terms: (distinct terms found, score).
pub(super) fn quote_match(
    analyzer: &mut TextAnalyzer,
    terms: &TermWeights,
    text: &str,
) -> (usize, f32) {
    let mut counts: rustc_hash::FxHashMap<&str, u32> = Default::default();
    let mut length = 0u32;
    let mut stream = analyzer.token_stream(text);
    stream.process(&mut |token| {
        length += 1;
        if let Some((term, _)) = terms.get_key_value(token.text.as_str()) {
            *counts.entry(term.as_str()).or_default() += 1;
        }
    });
    // BM25 with a typical quotation length of 25 words.
    let norm = 1.2 * (0.25 + 0.75 * length as f32 / 25.0);
    let score = counts
        .iter()
        .map(|(term, &tf)| terms[*term] * tf as f32 * 2.2 / (tf as f32 + norm))
        .sum();
    (counts.len(), score)
}

/// Picks each hit's snippet from its body, else its quotes, else its opening words.
struct SnippetSource {
    /// Per body field (one per analysis): its analyzer and the query's terms in it.
    bodies: HashMap<Field, (TextAnalyzer, TermWeights)>,
    /// The same per title field.
    titles: HashMap<Field, (TextAnalyzer, TermWeights)>,
    quotes: (TextAnalyzer, TermWeights),
    fields: crate::schema::Fields,
}

impl SnippetSource {
    fn new(
        store: &Store,
        searcher: &Searcher,
        query: &dyn Query,
        quote_terms: Vec<Term>,
    ) -> tantivy::Result<SnippetSource> {
        let for_field = |field: Field| -> tantivy::Result<(TextAnalyzer, TermWeights)> {
            let terms = weighted_terms(searcher, query, field)?;
            Ok((store.index.tokenizer_for_field(field)?, terms))
        };
        let mut bodies = HashMap::new();
        for field in store.searched_fields("body") {
            bodies.insert(field, for_field(field)?);
        }
        let mut titles = HashMap::new();
        for field in store.searched_fields("title") {
            titles.insert(field, for_field(field)?);
        }
        Ok(SnippetSource {
            bodies,
            titles,
            quotes: (
                store.index.tokenizer_for_field(store.fields.quotes)?,
                weigh_terms(searcher, quote_terms)?,
            ),
            fields: store.fields.clone(),
        })
    }

    /// Where the post's title holds query words.
    fn title_matches(&mut self, post: &Post) -> Vec<std::ops::Range<usize>> {
        let field = self.fields.title_for(&post.lang);
        match self.titles.get_mut(&field) {
            Some((analyzer, terms)) => matched_ranges(&post.title, analyzer, terms),
            None => Vec::new(),
        }
    }

    /// The quotation with the most (and rarest) query words, if any has one.
    fn best_quote(&mut self, post: &Post) -> Option<Quote> {
        let (analyzer, terms) = &mut self.quotes;
        if terms.is_empty() {
            return None;
        }
        post.quotes
            .iter()
            .map(|quote| (quote_match(analyzer, terms, &quote.text), quote))
            .filter(|((found, _), _)| *found > 0)
            .max_by(|((a, sa), _), ((b, sb), _)| a.cmp(b).then(sa.total_cmp(sb)))
            .map(|(_, quote)| quote.clone())
    }

    fn snippet(&mut self, post: &Post) -> Snippet {
        let body = self.fields.body_for(&post.lang);
        if let Some((analyzer, terms)) = self.bodies.get_mut(&body) {
            if let Some(snippet) = best_passage(&post.body, analyzer, terms, SNIPPET_CHARS) {
                return snippet;
            }
        }
        let quotes: Vec<&str> = post.quotes.iter().map(|q| q.text.as_str()).collect();
        let (analyzer, terms) = &mut self.quotes;
        if let Some(snippet) = best_passage(&quotes.join("\n"), analyzer, terms, SNIPPET_CHARS) {
            return snippet;
        }
        opening(&post.body, SNIPPET_CHARS)
    }
}
