//! Quotations as results: `newsgrep quotes` lists them ranked (`newsgrep speakers`,
//! who is quoted most, is in [`super::speakers`]).

use super::build::{FieldWeights, QueryBuilder};
use super::hits::{quote_match, weighted_terms};
use super::rank::{top_posts, TopRequest};
use super::{Filters, SortOrder};
use crate::error::Result;
use crate::post::{Post, Quote};
use crate::search::query::{parse_query, UserQuery};
use crate::store::{tantivy_error, Store};
use crate::text::fold;
use std::ops::Bound;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tantivy::query::{BooleanQuery, Occur, Query, RangeQuery};
use tantivy::{TantivyDocument, Term};

/// Posts examined for each quotation asked for: enough to rank quotations from many
/// posts without reading the whole archive.
const POSTS_PER_QUOTE: usize = 5;
/// Fewest posts examined.
const MIN_POSTS: usize = 200;

/// A `newsgrep quotes` request.
#[derive(Debug, Clone, Default)]
pub struct QuotesConfig {
    /// The index folder.
    pub index_dir: PathBuf,
    /// Words the quotations should contain (empty: every quotation, newest first).
    pub query: String,
    /// Conditions on the posts; `speaker` also selects the quotations.
    pub filters: Filters,
    /// Most quotations to return.
    pub limit: usize,
}

/// One quotation found, with the post it is from.
#[derive(Debug, Clone)]
pub struct QuoteHit {
    /// 1-based position in the results.
    pub rank: usize,
    /// How well the quotation matches the query words (0 without words).
    pub score: f32,
    /// The quotation.
    pub quote: Quote,
    /// The post it comes from.
    pub post: Post,
}

/// The answer to `newsgrep quotes`.
#[derive(Debug, Clone)]
pub struct QuoteResults {
    /// The quotations, best (or newest) first.
    pub hits: Vec<QuoteHit>,
    /// Matching quotations found in the posts examined.
    pub total: usize,
    /// Posts that match the query and filters.
    pub posts: usize,
    /// Whether every matching post was examined (else `total` is a lower bound).
    pub complete: bool,
    /// What was malformed in the query and how it was read.
    pub warnings: Vec<String>,
    /// Time taken.
    pub elapsed: Duration,
}

/// Opens the index and lists the quotations that match a query and filters.
pub fn list_quotes(config: &QuotesConfig) -> Result<QuoteResults> {
    let (mut results, elapsed) =
        super::on_index(&config.index_dir, |store| list_quotes_in(store, config))?;
    results.elapsed = elapsed;
    Ok(results)
}

/// [`list_quotes`] on an opened index (`config.index_dir` is not used).
pub fn list_quotes_in(store: &Store, config: &QuotesConfig) -> Result<QuoteResults> {
    let started = Instant::now();
    let tantivy_err = |source| tantivy_error(&store.path, source);
    let searcher = store.searcher()?;
    let user_query = parse_query(&config.query);
    let builder = QueryBuilder {
        store,
        weights: FieldWeights::quotations(),
        corrected: Vec::new(),
    };
    let mut built = builder.build(&user_query, &config.filters)?;
    built.query = Box::new(BooleanQuery::new(vec![
        (Occur::Must, built.query),
        (Occur::Must, has_quotes(&store.fields)),
    ]));
    let terms =
        weighted_terms(&searcher, &*built.positive, store.fields.quotes).map_err(tantivy_err)?;
    let sort = if terms.is_empty() {
        SortOrder::Date
    } else {
        SortOrder::Relevance
    };
    let examine = (config.limit * POSTS_PER_QUOTE).max(MIN_POSTS);
    let request = TopRequest {
        sort,
        limit: examine,
        recency: None,
        facets: None,
    };
    let (posts, total_posts, _) = top_posts(store, &searcher, &built, request)?;
    let speakers = speaker_words(&user_query);
    let wanted = &config.filters.speakers;
    // A quotation shows its identity's full name; a wanted name may be any of its forms.
    let identities = store.identities();
    let matches = |form: &str, wanted: &str| speaker_matches(Some(form), wanted);
    let mut analyzer = store
        .index
        .tokenizer_for_field(store.fields.quotes)
        .map_err(tantivy_err)?;
    // (distinct query words, score, post order, quotation, post)
    let mut found: Vec<(usize, f32, usize, Quote, usize)> = Vec::new();
    let mut read: Vec<Post> = Vec::with_capacity(posts.len());
    for (order, (_, address)) in posts.iter().enumerate() {
        let doc: TantivyDocument = searcher.doc(*address).map_err(tantivy_err)?;
        let post = store.read_post(&doc);
        for quote in &post.quotes {
            let answers = |wanted: &str| {
                quote
                    .speaker
                    .as_deref()
                    .is_some_and(|by| identities.answers(&post.site, by, wanted, matches))
            };
            let by_wanted = wanted.is_empty() || wanted.iter().any(|w| answers(w));
            if !by_wanted || !speakers.iter().all(|w| answers(w)) {
                continue;
            }
            let (words, score) = quote_match(&mut analyzer, &terms, &quote.text);
            if !terms.is_empty() && words == 0 {
                continue;
            }
            found.push((words, score, order, quote.clone(), read.len()));
        }
        read.push(post);
    }
    if !terms.is_empty() {
        found.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)));
    }
    let total = found.len();
    let hits = found
        .into_iter()
        .take(config.limit)
        .enumerate()
        .map(|(rank, (_, score, _, quote, post))| QuoteHit {
            rank: rank + 1,
            score,
            quote,
            post: read[post].clone(),
        })
        .collect();
    Ok(QuoteResults {
        hits,
        total,
        posts: total_posts,
        complete: total_posts <= examine,
        warnings: user_query.warnings,
        elapsed: started.elapsed(),
    })
}

/// Posts with at least one quotation.
pub(super) fn has_quotes(fields: &crate::schema::Fields) -> Box<dyn Query> {
    Box::new(RangeQuery::new(
        Bound::Included(Term::from_field_u64(fields.quote_count, 1)),
        Bound::Unbounded,
    ))
}

/// The `speaker:` words of the query: a quotation's speaker must have each of them
/// (and be one of `--speaker`'s, if given).
fn speaker_words(query: &UserQuery) -> Vec<String> {
    query
        .groups
        .iter()
        .filter(|group| group.len() == 1)
        .flatten()
        .filter(|clause| matches!(clause.field.as_deref(), Some("speaker" | "speakers")))
        .map(|clause| clause.text.clone())
        .collect()
}

/// Whether a speaker's name has every word of the wanted name, ignoring case and
/// accents ("baghaei" and "Esmaeil Baghaei" both match "Esmaeil Baghaei").
pub(super) fn speaker_matches(speaker: Option<&str>, wanted: &str) -> bool {
    let Some(speaker) = speaker else {
        return false;
    };
    let name: Vec<String> = fold(speaker)
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_string)
        .collect();
    fold(wanted)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| name.iter().any(|n| n == w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speakers_match_by_words_without_case_or_accents() {
        assert!(speaker_matches(Some("Esmaeil Baghaei"), "baghaei"));
        assert!(speaker_matches(Some("Andrés Vidal"), "ANDRES vidal"));
        assert!(!speaker_matches(Some("Esmaeil Baghaei"), "Baghai"));
        assert!(!speaker_matches(None, "Baghaei"));
    }
}
