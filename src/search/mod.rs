//! Searching: the parsed query becomes a tantivy query over the post fields,
//! filters narrow it, posts that contain every query word rank first, and each hit
//! gets a highlighted snippet and its best-matching quotation.
//!
//! This file holds the public types and the steps of one search; each step has its
//! own file: `query` parses, `common_words` and `typos` adjust the words, `build`
//! makes the tantivy query, `rank` collects the best posts (with `facets` beside),
//! and `hits` reads them back with snippets and quotations. `quotes`, `speakers`,
//! `lookup` and `every` answer the other commands.

mod build;
mod common_words;
mod compounds;
mod every;
pub mod facets;
mod feedback;
mod guard;
mod hits;
mod lookup;
pub mod query;
mod quotes;
mod rank;
pub mod snippet;
mod speakers;
mod text_only;
mod tiers;
mod typos;
mod unmatched;

pub use every::for_each_post;
pub use lookup::{find_posts, find_posts_in, PostRef};
pub use typos::Correction;

pub use quotes::{list_quotes, list_quotes_in, QuoteHit, QuoteResults, QuotesConfig};
pub use speakers::{
    count_speakers, count_speakers_in, SpeakerCollector, SpeakerCount, SpeakerResults,
    SpeakersConfig,
};

use crate::error::{Error, Result};
use crate::post::{Post, Quote};
use crate::search::facets::{FacetCollector, Facets};
use crate::search::query::{parse_query, UserQuery};
use crate::search::snippet::Snippet;
use crate::store::{self, tantivy_error, Store};
use build::QueryBuilder;
pub use build::{Feedback, FieldWeights};
use common_words::{drop_common_words, MIN_POSTS_FOR_COMMON};
use hits::read_hits;
use rank::{top_posts, Recency, TopRequest};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use time::OffsetDateTime;

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// Best match first (posts with every query word before the others, then BM25;
    /// with [`FieldWeights::feedback`] on a long query, the summed score alone).
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

/// Fewer hits than this, with a word left out as in no post, and `did you mean` is
/// offered too.
const FEW_HITS: usize = 3;

/// Conditions a post must meet, whatever the query.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Only posts published at or after this time.
    pub since: Option<OffsetDateTime>,
    /// Only posts published at or before this time.
    pub until: Option<OffsetDateTime>,
    /// Only posts in one of these categories (name or slug, any case).
    pub categories: Vec<String>,
    /// Only posts of one of these sites (hosts, with or without `www.`); a host also
    /// takes the WordPress installs under its paths (`news.example/fr`) unless
    /// `sites_exact`.
    pub sites: Vec<String>,
    /// `sites` name exactly the sites wanted, not the installs under their paths.
    pub sites_exact: bool,
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
    /// Half-life in days for [`SortOrder::Recent`] (none: [`DEFAULT_HALF_LIFE_DAYS`]);
    /// see [`check_half_life`].
    pub half_life_days: Option<f64>,
    /// Count the matching posts per category, site, speaker and month, keeping this
    /// many of the commonest categories, sites and speakers.
    pub facets: Option<usize>,
}

/// A half-life is a number of days above 0 (and below infinity).
pub fn check_half_life(days: f64) -> Result<f64> {
    if days > 0.0 && days.is_finite() {
        Ok(days)
    } else {
        Err(Error::InvalidHalfLife)
    }
}

/// One search result.
#[derive(Debug, Clone)]
pub struct Hit {
    /// 1-based position in the results.
    pub rank: usize,
    /// BM25 relevance of the post to the query (with feedback, the added words' too).
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
    /// Query words in no post, with no confident fix, left out of the search.
    pub unmatched: Vec<String>,
    /// Query words left out because they are in over half of the posts.
    pub dropped: Vec<String>,
    /// When nothing matched (or almost nothing, with words left out as in no post):
    /// the query with each unknown word replaced by the closest indexed word, for
    /// `did you mean: …`.
    pub suggestion: Option<String>,
    /// Counts of all matching posts, when asked for.
    pub facets: Option<Facets>,
    /// Time from opening the index to the last snippet.
    pub elapsed: Duration,
}

/// Opens the index and runs the search.
pub fn search(config: &SearchConfig) -> Result<SearchResults> {
    search_keeping_index(config).map(|(results, _)| results)
}

/// [`search`], giving back the opened index: a program that ends right after may
/// leave it to the process exit, which releases its mapped files at once (closing
/// them one by one took about 2 ms of a 10 ms search on 4 GB in ten segments).
pub fn search_keeping_index(config: &SearchConfig) -> Result<(SearchResults, Store)> {
    let (mut results, elapsed, store) =
        on_index_kept(&config.index_dir, |store| search_store(store, config))?;
    results.elapsed = elapsed;
    Ok((results, store))
}

/// Opens the index in `dir` and runs `work` on it; gives its answer and the time taken
/// from the opening, which a whole command's summary reports.
pub(crate) fn on_index<T>(
    dir: &std::path::Path,
    work: impl FnOnce(&Store) -> Result<T>,
) -> Result<(T, Duration)> {
    on_index_kept(dir, work).map(|(answer, elapsed, _)| (answer, elapsed))
}

/// [`on_index`], with the opened index given back too.
fn on_index_kept<T>(
    dir: &std::path::Path,
    work: impl FnOnce(&Store) -> Result<T>,
) -> Result<(T, Duration, Store)> {
    let started = Instant::now();
    let store = store::open(dir)?;
    let answer = work(&store)?;
    Ok((answer, started.elapsed(), store))
}

/// Runs a search on an opened index.
pub fn search_store(store: &Store, config: &SearchConfig) -> Result<SearchResults> {
    let started = Instant::now();
    if let Some(days) = config.half_life_days {
        check_half_life(days)?;
    }
    let tantivy_err = |source| tantivy_error(&store.path, source);
    let searcher = store.searcher()?;
    // As typed: what corrections, the titles hint and did you mean start from.
    let asked = parse_query(&config.query);
    let mut user_query = asked.clone();
    let builder = QueryBuilder {
        store,
        weights: config.weights,
        corrected: Vec::new(),
    };
    let dropped = drop_common_words(&mut user_query, &builder, &searcher).map_err(tantivy_err)?;
    let narrowing = builder.narrowing(&user_query, &config.filters)?;
    let mut dead = unmatched::dead_groups(&user_query, &builder, narrowing.as_deref(), &searcher)
        .map_err(tantivy_err)?;
    let mut adjusted = typos::correct_typos(
        &mut user_query,
        &mut dead,
        &builder,
        narrowing.as_deref(),
        &searcher,
    )
    .map_err(tantivy_err)?;
    let left_out = unmatched::leave_out_dead(
        &mut user_query,
        &mut adjusted.corrected,
        &dead,
        &builder,
        narrowing.as_deref(),
        &searcher,
    )
    .map_err(tantivy_err)?;
    let builder = QueryBuilder {
        corrected: adjusted.corrected,
        ..builder
    };
    let built = builder.build(&user_query, &config.filters)?;
    let recency =
        (config.sort == SortOrder::Recent).then(|| Recency::new(&searcher, config.half_life_days));
    let facets = config.facets.map(|top| FacetCollector { top });
    let wanted = config.offset.saturating_add(config.limit);
    let feedback = config.weights.feedback.filter(|feedback| {
        config.sort == SortOrder::Relevance
            && built.groups.len() >= feedback.min_words
            && searcher.num_docs() >= MIN_POSTS_FOR_COMMON
    });
    let (mut top_docs, total, facets) = top_posts(
        store,
        &searcher,
        &built,
        TopRequest {
            sort: config.sort,
            limit: wanted.max(feedback.map_or(0, |_| feedback::RERANK_DEPTH)),
            recency,
            facets,
        },
    )?;
    if let Some(feedback) = feedback {
        top_docs = feedback::rerank(&builder, &searcher, &built, top_docs, feedback)
            .map_err(tantivy_err)?;
        top_docs.truncate(wanted);
    }

    let mut warnings = user_query.warnings.clone();
    if let Some(warning) = unmatched::left_out_warning(&left_out) {
        warnings.push(warning);
    }
    // A body: word or phrase that titles alone hold says so, where it found nothing.
    let unfound = if total == 0 {
        asked.clone()
    } else {
        UserQuery {
            groups: left_out.clone(),
            ..UserQuery::default()
        }
    };
    for warning in builder
        .only_in_titles(&unfound, narrowing.as_deref(), &searcher)
        .map_err(tantivy_err)?
    {
        if !warnings.contains(&warning) {
            warnings.push(warning);
        }
    }
    let hits = read_hits(
        store,
        &searcher,
        &*built.positive,
        builder.quotation_terms(&user_query),
        top_docs,
        config.offset,
    )?;
    let words_left_out = !adjusted.unmatched.is_empty() || !left_out.is_empty();
    let suggestion = if total == 0 || (words_left_out && total < FEW_HITS) {
        typos::suggest(&asked, &builder, narrowing.as_deref(), &searcher).map_err(tantivy_err)?
    } else {
        None
    };
    Ok(SearchResults {
        hits,
        total,
        warnings,
        corrections: adjusted.corrections,
        unmatched: adjusted.unmatched,
        dropped,
        suggestion,
        facets,
        elapsed: started.elapsed(),
    })
}
