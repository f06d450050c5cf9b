//! Searching: the parsed query becomes a tantivy query over the post fields,
//! filters narrow it, posts that contain every query word rank first, and each hit
//! gets a highlighted snippet.

use crate::error::{Error, Result};
use crate::load::url_host;
use crate::post::{site_key, Post};
use crate::query::{parse_query, Clause, UserQuery};
use crate::snippet::{best_passage, opening, Snippet};
use crate::store::{self, tantivy_error, Store};
use std::collections::HashMap;
use std::ops::Bound;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EnableScoring, Occur, PhraseQuery, Query,
    RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{BitSet, DateTime, Score, Searcher, SegmentReader, TantivyDocument, Term};
use time::OffsetDateTime;

/// The fields searched when a query word names none, with their boosts: a match in
/// the title or in a quotation says more about a post than one in its body.
const DEFAULT_FIELDS: &[(&str, Score)] = &[
    ("title", 3.0),
    ("quotes", 2.0),
    ("category", 1.5),
    ("body", 1.0),
];

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
}

/// A search request.
#[derive(Debug, Clone, Default)]
pub struct SearchConfig {
    /// The index folder.
    pub index_dir: PathBuf,
    /// The query in newsgrep's query language (empty: every post).
    pub query: String,
    /// Only posts published at or after this time.
    pub since: Option<OffsetDateTime>,
    /// Only posts published at or before this time.
    pub until: Option<OffsetDateTime>,
    /// Only posts in one of these categories (name or slug, any case).
    pub categories: Vec<String>,
    /// Only posts of this site (host, with or without `www.`).
    pub site: Option<String>,
    /// Order of the hits.
    pub sort: SortOrder,
    /// Most hits to return.
    pub limit: usize,
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
    /// The passage that best shows why the post matched.
    pub snippet: Snippet,
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
    let reader = store.index.reader().map_err(tantivy_err)?;
    let searcher = reader.searcher();
    let user_query = parse_query(&config.query);
    let built = QueryBuilder { store }.build(&user_query, config)?;

    let limit = config.limit.max(1);
    let all_words = match &built.all_groups {
        Some(query) => Some(Arc::from(
            query
                .weight(EnableScoring::disabled_from_searcher(&searcher))
                .map_err(tantivy_err)?,
        )),
        None => None,
    };
    let sort = config.sort;
    let top = TopDocs::with_limit(limit).tweak_score(move |segment: &SegmentReader| {
        let matches_all =
            all_words
                .as_ref()
                .and_then(|weight: &Arc<Box<dyn tantivy::query::Weight>>| {
                    docs_matching(weight, segment)
                });
        let dates = segment.fast_fields().date("date").ok();
        move |doc: tantivy::DocId, score: Score| -> (f64, Score) {
            let primary = match sort {
                SortOrder::Relevance => match &matches_all {
                    Some(set) if set.contains(doc) => 1.0,
                    _ => 0.0,
                },
                SortOrder::Date => dates
                    .as_ref()
                    .and_then(|column| column.first(doc))
                    .map_or(f64::MIN, |date| date.into_timestamp_secs() as f64),
            };
            (primary, score)
        }
    });
    let (top_docs, total) = searcher
        .search(&built.query, &(top, Count))
        .map_err(tantivy_err)?;

    let mut snippets =
        SnippetSource::new(store, &searcher, &*built.positive).map_err(tantivy_err)?;
    let mut hits = Vec::with_capacity(top_docs.len());
    for (rank, ((_, score), address)) in top_docs.into_iter().take(config.limit).enumerate() {
        let doc: TantivyDocument = searcher.doc(address).map_err(tantivy_err)?;
        let post = store.fields.read_post(&doc);
        let snippet = snippets.snippet(&post);
        hits.push(Hit {
            rank: rank + 1,
            score,
            post,
            snippet,
        });
    }
    Ok(SearchResults {
        hits,
        total,
        warnings: user_query.warnings,
        elapsed: started.elapsed(),
    })
}

/// The documents of a segment that match a query, as a bit set.
fn docs_matching(
    weight: &Arc<Box<dyn tantivy::query::Weight>>,
    segment: &SegmentReader,
) -> Option<BitSet> {
    let mut scorer = weight.scorer(segment, 1.0).ok()?;
    let mut set = BitSet::with_max_value(segment.max_doc());
    let mut doc = scorer.doc();
    while doc != tantivy::TERMINATED {
        set.insert(doc);
        doc = scorer.advance();
    }
    Some(set)
}

/// The tantivy queries built from a user query and filters.
struct BuiltQuery {
    /// Everything: the words, the exclusions and the filters.
    query: Box<dyn Query>,
    /// The words alone, for snippets.
    positive: Box<dyn Query>,
    /// Every word group required: posts matching it rank first.
    all_groups: Option<Box<dyn Query>>,
}

struct QueryBuilder<'a> {
    store: &'a Store,
}

impl QueryBuilder<'_> {
    fn build(&self, user_query: &UserQuery, config: &SearchConfig) -> Result<BuiltQuery> {
        let groups: Vec<Box<dyn Query>> = user_query
            .groups
            .iter()
            .filter_map(|group| self.group_query(group))
            .collect();
        let positive: Box<dyn Query> = if user_query.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(
                groups
                    .iter()
                    .map(|q| (Occur::Should, q.box_clone()))
                    .collect(),
            ))
        };
        let all_groups: Option<Box<dyn Query>> = (groups.len() > 1).then(|| {
            Box::new(BooleanQuery::new(
                groups
                    .iter()
                    .map(|q| (Occur::Must, q.box_clone()))
                    .collect(),
            )) as Box<dyn Query>
        });
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, positive.box_clone())];
        for excluded in &user_query.excluded {
            if let Some(query) = self.clause_query(excluded) {
                clauses.push((Occur::MustNot, query));
            }
        }
        for filter in self.filters(config)? {
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
        }
        Ok(BuiltQuery {
            query: Box::new(BooleanQuery::new(clauses)),
            positive,
            all_groups,
        })
    }

    fn group_query(&self, group: &[Clause]) -> Option<Box<dyn Query>> {
        let mut alternatives: Vec<Box<dyn Query>> =
            group.iter().filter_map(|c| self.clause_query(c)).collect();
        match alternatives.len() {
            0 => None,
            1 => alternatives.pop(),
            _ => Some(Box::new(BooleanQuery::new(
                alternatives
                    .into_iter()
                    .map(|q| (Occur::Should, q))
                    .collect(),
            ))),
        }
    }

    /// A word or phrase in its field, or in every default field with its boost.
    fn clause_query(&self, clause: &Clause) -> Option<Box<dyn Query>> {
        let targets: Vec<(Field, Score)> = match &clause.field {
            Some(name) => vec![(self.store.fields.by_query_name(name)?, 1.0)],
            None => DEFAULT_FIELDS
                .iter()
                .filter_map(|(name, boost)| Some((self.store.fields.by_query_name(name)?, *boost)))
                .collect(),
        };
        let mut per_field: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, boost) in targets {
            let terms = self.analyze(field, &clause.text);
            let query: Box<dyn Query> = match terms.len() {
                0 => continue,
                1 => Box::new(TermQuery::new(
                    terms.into_iter().next()?,
                    IndexRecordOption::WithFreqs,
                )),
                _ => Box::new(PhraseQuery::new(terms)),
            };
            let query: Box<dyn Query> = if boost == 1.0 {
                query
            } else {
                Box::new(BoostQuery::new(query, boost))
            };
            per_field.push((Occur::Should, query));
        }
        match per_field.len() {
            0 => None,
            1 => per_field.pop().map(|(_, q)| q),
            _ => Some(Box::new(BooleanQuery::new(per_field))),
        }
    }

    /// The field's analyzer applied to query text.
    fn analyze(&self, field: Field, text: &str) -> Vec<Term> {
        let Ok(mut analyzer) = self.store.index.tokenizer_for_field(field) else {
            return Vec::new();
        };
        let mut terms = Vec::new();
        let mut stream = analyzer.token_stream(text);
        stream.process(&mut |token| terms.push(Term::from_field_text(field, &token.text)));
        terms
    }

    fn filters(&self, config: &SearchConfig) -> Result<Vec<Box<dyn Query>>> {
        let mut filters: Vec<Box<dyn Query>> = Vec::new();
        if config.since.is_some() || config.until.is_some() {
            if let (Some(since), Some(until)) = (config.since, config.until) {
                if since > until {
                    return Err(Error::InvalidArgument(
                        "--since is later than --until".to_string(),
                    ));
                }
            }
            let bound = |date: Option<OffsetDateTime>| match date {
                Some(date) => Bound::Included(Term::from_field_date(
                    self.store.fields.date,
                    DateTime::from_utc(date),
                )),
                None => Bound::Unbounded,
            };
            filters.push(Box::new(RangeQuery::new(
                bound(config.since),
                bound(config.until),
            )));
        }
        if !config.categories.is_empty() {
            let any_category = config
                .categories
                .iter()
                .map(|name| {
                    let term = Term::from_field_text(
                        self.store.fields.category_key,
                        &name.trim().to_lowercase(),
                    );
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
                    )
                })
                .collect();
            filters.push(Box::new(BooleanQuery::new(any_category)));
        }
        if let Some(site) = &config.site {
            let host = url_host(site).unwrap_or_else(|| site.trim().to_lowercase());
            let bare = site_key(&host);
            let hosts = [bare.clone(), format!("www.{bare}")];
            let any_host = hosts
                .iter()
                .map(|host| {
                    let term = Term::from_field_text(self.store.fields.host, host);
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
                    )
                })
                .collect();
            filters.push(Box::new(BooleanQuery::new(any_host)));
        }
        Ok(filters)
    }
}

/// Picks each hit's snippet from its body, else its quotes, else its opening words.
struct SnippetSource {
    body: (TextAnalyzer, HashMap<String, f32>),
    quotes: (TextAnalyzer, HashMap<String, f32>),
}

impl SnippetSource {
    fn new(
        store: &Store,
        searcher: &Searcher,
        query: &dyn Query,
    ) -> tantivy::Result<SnippetSource> {
        let for_field = |field: Field| -> tantivy::Result<(TextAnalyzer, HashMap<String, f32>)> {
            let mut terms = HashMap::new();
            let mut field_terms = Vec::new();
            query.query_terms(&mut |term, _| {
                if term.field() == field {
                    field_terms.push(term.clone());
                }
            });
            let docs = searcher.num_docs().max(1) as f32;
            for term in field_terms {
                if let Some(text) = term.value().as_str() {
                    let df = searcher.doc_freq(&term)? as f32;
                    terms.insert(text.to_string(), 1.0 + (docs / (df + 1.0)).ln().max(0.0));
                }
            }
            Ok((store.index.tokenizer_for_field(field)?, terms))
        };
        Ok(SnippetSource {
            body: for_field(store.fields.body)?,
            quotes: for_field(store.fields.quotes)?,
        })
    }

    fn snippet(&mut self, post: &Post) -> Snippet {
        let (analyzer, terms) = &mut self.body;
        if let Some(snippet) = best_passage(&post.body, analyzer, terms, SNIPPET_CHARS) {
            return snippet;
        }
        let quotes: Vec<&str> = post.quotes.iter().map(|q| q.text.as_str()).collect();
        let (analyzer, terms) = &mut self.quotes;
        if let Some(snippet) = best_passage(&quotes.join("\n"), analyzer, terms, SNIPPET_CHARS) {
            return snippet;
        }
        opening(&post.body, SNIPPET_CHARS)
    }
}
