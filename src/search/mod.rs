//! Searching: the parsed query becomes a tantivy query over the post fields,
//! filters narrow it, posts that contain every query word rank first, and each hit
//! gets a highlighted snippet and its best-matching quotation.

mod build;
mod every;
pub mod facets;
mod guard;
mod lookup;
pub mod query;
mod quotes;
pub mod snippet;
mod speakers;
mod typos;

pub use every::for_each_post;
pub use lookup::{find_posts, find_posts_in, PostRef};
pub use typos::Correction;

pub use quotes::{list_quotes, list_quotes_in, QuoteHit, QuoteResults, QuotesConfig};
pub use speakers::{
    count_speakers, count_speakers_in, SpeakerCollector, SpeakerCount, SpeakerResults,
    SpeakersConfig,
};

use crate::error::Result;
use crate::post::{Post, Quote};
use crate::search::facets::{FacetCollector, Facets};
use crate::search::query::parse_query;
use crate::search::snippet::{best_passage, matched_ranges, opening, Snippet, TermWeights};
use crate::store::{self, tantivy_error, Store};
pub use build::FieldWeights;
use build::{BuiltQuery, QueryBuilder};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{EnableScoring, Query, Weight};
use tantivy::schema::Field;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{BitSet, DocAddress, Score, Searcher, SegmentReader, TantivyDocument};
use time::OffsetDateTime;

/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 180;

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// Best match first (posts with every query word before the others, then BM25).
    #[default]
    Relevance,
    /// Newest first.
    Date,
    /// Relevance weighed by age: a post `half_life_days` older than the newest post
    /// in the index needs twice the relevance to rank level with it.
    Recent,
}

/// Default half-life of `--sort recent`, in days.
pub const DEFAULT_HALF_LIFE_DAYS: f64 = 30.0;

/// Conditions a post must meet, whatever the query.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Only posts published at or after this time.
    pub since: Option<OffsetDateTime>,
    /// Only posts published at or before this time.
    pub until: Option<OffsetDateTime>,
    /// Only posts in one of these categories (name or slug, any case).
    pub categories: Vec<String>,
    /// Only posts of one of these sites (hosts, with or without `www.`).
    pub sites: Vec<String>,
    /// Only posts quoting one of these people (any case and accents; a surname alone
    /// matches).
    pub speakers: Vec<String>,
    /// Only posts in this language (ISO 639-1 code such as `en`, `es`, `id`, `ja`).
    pub lang: Option<String>,
}

/// A search request.
#[derive(Debug, Clone, Default)]
pub struct SearchConfig {
    /// The index folder.
    pub index_dir: PathBuf,
    /// The query in newsgrep's query language (empty: every post).
    pub query: String,
    /// Conditions on the posts.
    pub filters: Filters,
    /// Order of the hits.
    pub sort: SortOrder,
    /// Most hits to return.
    pub limit: usize,
    /// Hits to skip first (for pages of results).
    pub offset: usize,
    /// How much each field counts.
    pub weights: FieldWeights,
    /// Half-life in days for [`SortOrder::Recent`] (0: [`DEFAULT_HALF_LIFE_DAYS`]).
    pub half_life_days: f64,
    /// Count the matching posts per category, site, speaker and month, keeping this
    /// many of the commonest categories, sites and speakers.
    pub facets: Option<usize>,
}

/// One search result.
#[derive(Debug, Clone)]
pub struct Hit {
    /// 1-based position in the results.
    pub rank: usize,
    /// BM25 relevance of the post to the query.
    pub score: f32,
    /// The stored post.
    pub post: Post,
    /// Byte ranges of the title that hold query words.
    pub title_highlights: Vec<std::ops::Range<usize>>,
    /// The passage that best shows why the post matched.
    pub snippet: Snippet,
    /// The quotation that best matches the query, when the query matched a quotation.
    pub quote: Option<Quote>,
}

/// The answer to a search.
#[derive(Debug, Clone)]
pub struct SearchResults {
    /// The hits, best first (or newest first).
    pub hits: Vec<Hit>,
    /// How many posts matched in all.
    pub total: usize,
    /// What was malformed in the query and how it was read.
    pub warnings: Vec<String>,
    /// Query words that matched nothing and were searched as the closest indexed word.
    pub corrections: Vec<Correction>,
    /// Query words left out because they are in over half of the posts.
    pub dropped: Vec<String>,
    /// When nothing matched: the query with each unknown word replaced by the closest
    /// indexed word, for `did you mean: …`.
    pub suggestion: Option<String>,
    /// Counts of all matching posts, when asked for.
    pub facets: Option<Facets>,
    /// Time from opening the index to the last snippet.
    pub elapsed: Duration,
}

/// Opens the index and runs the search.
pub fn search(config: &SearchConfig) -> Result<SearchResults> {
    let started = Instant::now();
    let store = store::open(&config.index_dir)?;
    let mut results = search_store(&store, config)?;
    results.elapsed = started.elapsed();
    Ok(results)
}

/// Runs a search on an opened index.
pub fn search_store(store: &Store, config: &SearchConfig) -> Result<SearchResults> {
    let started = Instant::now();
    let tantivy_err = |source| tantivy_error(&store.path, source);
    let searcher = store.searcher()?;
    let mut user_query = parse_query(&config.query);
    let builder = QueryBuilder {
        store,
        weights: config.weights,
        corrected: Vec::new(),
    };
    let dropped = drop_common_words(&mut user_query, &builder, &searcher).map_err(tantivy_err)?;
    let (corrections, corrected) =
        typos::correct_typos(&mut user_query, &builder, &searcher).map_err(tantivy_err)?;
    let builder = QueryBuilder {
        corrected,
        ..builder
    };
    let built = builder.build(&user_query, &config.filters)?;
    let recency = (config.sort == SortOrder::Recent).then(|| Recency {
        newest: newest_date(&searcher),
        half_life_secs: if config.half_life_days > 0.0 {
            config.half_life_days
        } else {
            DEFAULT_HALF_LIFE_DAYS
        } * 86_400.0,
    });
    let facets = config.facets.map(|top| FacetCollector { top });
    let (top_docs, total, facets) = top_posts(
        store,
        &searcher,
        &built,
        TopRequest {
            sort: config.sort,
            limit: config.offset.saturating_add(config.limit),
            recency,
            facets,
        },
    )?;

    let mut snippets =
        SnippetSource::new(store, &searcher, &*built.positive).map_err(tantivy_err)?;
    let mut hits = Vec::with_capacity(top_docs.len());
    let shown = top_docs.into_iter().enumerate().skip(config.offset);
    for (rank, (score, address)) in shown {
        let doc: TantivyDocument = searcher.doc(address).map_err(tantivy_err)?;
        let post = store.fields.read_post(&doc);
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
    let suggestion = if total == 0 {
        typos::suggest(&parse_query(&config.query), &builder, &searcher).map_err(tantivy_err)?
    } else {
        None
    };
    Ok(SearchResults {
        hits,
        total,
        warnings: user_query.warnings,
        corrections,
        dropped,
        suggestion,
        facets,
        elapsed: started.elapsed(),
    })
}

/// Share of posts above which a word counts as common ("the", "de", "yang").
const COMMON_WORD_SHARE: f64 = 0.5;
/// Fewest posts for which word frequencies say anything.
const MIN_POSTS_FOR_COMMON: u64 = 50;

/// Drops plain words found in more than half of the posts: they say nothing about
/// which post is wanted, yet BM25 would reward long posts for them. Without stop-word
/// lists, this works in every language. Kept when every word is common. Returns the
/// words dropped.
fn drop_common_words(
    query: &mut crate::search::query::UserQuery,
    builder: &QueryBuilder<'_>,
    searcher: &Searcher,
) -> tantivy::Result<Vec<String>> {
    let posts = searcher.num_docs();
    if posts < MIN_POSTS_FOR_COMMON || query.groups.len() < 2 {
        return Ok(Vec::new());
    }
    let mut common = Vec::with_capacity(query.groups.len());
    for group in &query.groups {
        let is_common = match group.as_slice() {
            [clause] if clause.field.is_none() && !clause.phrase => {
                // Posts in every language count: the word in each body field.
                let mut with_word = 0u64;
                for field in builder.store.fields.body_fields() {
                    if let [term] = builder.analyze(field, &clause.text).as_slice() {
                        with_word += searcher.doc_freq(term)?;
                    }
                }
                with_word as f64 > COMMON_WORD_SHARE * posts as f64
            }
            _ => false,
        };
        common.push(is_common);
    }
    if common.iter().all(|&c| c) {
        return Ok(Vec::new());
    }
    let dropped = query
        .groups
        .iter()
        .zip(&common)
        .filter(|(_, &is_common)| is_common)
        .filter_map(|(group, _)| group.first().map(|clause| clause.text.clone()))
        .collect();
    let mut flags = common.into_iter();
    query.groups.retain(|_| !flags.next().unwrap_or(false));
    Ok(dropped)
}

/// How `--sort recent` weighs age.
#[derive(Debug, Clone, Copy)]
struct Recency {
    /// Publication time of the newest post in the index (Unix seconds).
    newest: i64,
    half_life_secs: f64,
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
type TopPosts = (Vec<(Score, DocAddress)>, usize, Option<Facets>);

/// What [`top_posts`] collects.
struct TopRequest {
    sort: SortOrder,
    limit: usize,
    recency: Option<Recency>,
    facets: Option<FacetCollector>,
}

/// The best `limit` posts for a built query (with their scores), how many posts
/// match in all, and their facets when asked for. By relevance, posts matching every
/// word group come first.
fn top_posts(
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
    let (top_docs, total, facets) = searcher
        .search(&built.query, &(top, Count, facets))
        .map_err(tantivy_err)?;
    let hits = top_docs
        .into_iter()
        .take(limit)
        .map(|((_, score), address)| (score, address))
        .collect();
    Ok((hits, total, facets))
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

/// The query's terms in one field, each weighted by its rarity (idf).
fn weighted_terms(
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
fn quote_match(analyzer: &mut TextAnalyzer, terms: &TermWeights, text: &str) -> (usize, f32) {
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
    ) -> tantivy::Result<SnippetSource> {
        let for_field = |field: Field| -> tantivy::Result<(TextAnalyzer, TermWeights)> {
            let terms = weighted_terms(searcher, query, field)?;
            Ok((store.index.tokenizer_for_field(field)?, terms))
        };
        let mut bodies = HashMap::new();
        for field in store.fields.body_fields() {
            bodies.insert(field, for_field(field)?);
        }
        let mut titles = HashMap::new();
        for field in store.fields.fields_named("title") {
            titles.insert(field, for_field(field)?);
        }
        Ok(SnippetSource {
            bodies,
            titles,
            quotes: for_field(store.fields.quotes)?,
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
