//! The JSON API: each handler reads its parameters, runs the library on the blocking
//! pool and answers with the same JSON shapes as the command line's `--json`.

use super::answer::{ErrorAnswer, QuotesAnswer, SearchAnswer, SpeakersAnswer};
use super::params::{Params, FILTERS, MAX_LIMIT, MAX_OFFSET};
use super::App;
use crate::error::Error;
use crate::print::{post_json, stats_json};
use crate::search::{
    count_speakers_in, find_posts_in, list_quotes_in, search_store, PostRef, QuotesConfig,
    SearchConfig, SpeakersConfig,
};
use crate::stats::stats_in;
use crate::store::Store;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use std::sync::Arc;
use std::time::Instant;

/// An answer that went wrong: its status and message, sent as `{"error": "…"}`.
pub struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(ErrorAnswer { error: &self.1 })).into_response()
    }
}

fn bad_request(message: String) -> ApiError {
    ApiError(StatusCode::BAD_REQUEST, message)
}

impl From<Error> for ApiError {
    fn from(err: Error) -> ApiError {
        if err.is_bad_request() {
            bad_request(err.to_string())
        } else {
            ApiError(StatusCode::INTERNAL_SERVER_ERROR, err.to_string())
        }
    }
}

/// An answer serialized on the blocking pool, where it was computed.
type Answer = Result<Response, ApiError>;

/// Runs library work off the async threads, when a core is free (first come, first
/// served).
async fn blocking<T: Send + 'static>(
    app: Arc<App>,
    work: impl FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let failed = || {
        ApiError(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the request failed inside the server".to_string(),
        )
    };
    let _turn = app.cores.acquire().await.map_err(|_| failed())?;
    let shared = Arc::clone(&app);
    tokio::task::spawn_blocking(move || work(&shared.store))
        .await
        .unwrap_or_else(|_| Err(failed()))
}

fn with_filters(names: &[&'static str]) -> Vec<&'static str> {
    names.iter().chain(FILTERS).copied().collect()
}

/// `GET /api/search?q=&since=&until=&category=&site=&speaker=&lang=&sort=&half_life=&limit=&offset=&facet_limit=`
pub async fn search(State(app): State<Arc<App>>, RawQuery(query): RawQuery) -> Answer {
    let allowed = with_filters(&["q", "sort", "half_life", "limit", "offset", "facet_limit"]);
    let params = Params::parse(query.as_deref(), &allowed).map_err(bad_request)?;
    let config = SearchConfig {
        query: params.get("q").unwrap_or("").to_string(),
        filters: params.filters().map_err(bad_request)?,
        sort: params.sort().map_err(bad_request)?,
        half_life_days: params.half_life().map_err(bad_request)?,
        limit: params.number("limit", 10, MAX_LIMIT).map_err(bad_request)?,
        offset: params
            .number("offset", 0, MAX_OFFSET)
            .map_err(bad_request)?,
        facets: Some(
            params
                .number("facet_limit", 10, MAX_LIMIT)
                .map_err(bad_request)?,
        ),
        ..SearchConfig::default()
    };
    blocking(app, move |store| {
        let started = Instant::now();
        let results = search_store(store, &config)?;
        Ok(Json(SearchAnswer::new(&results, started)).into_response())
    })
    .await
}

/// `GET /api/quotes?q=&…filters…&limit=`
pub async fn quotes(State(app): State<Arc<App>>, RawQuery(query): RawQuery) -> Answer {
    let params =
        Params::parse(query.as_deref(), &with_filters(&["q", "limit"])).map_err(bad_request)?;
    let config = QuotesConfig {
        query: params.get("q").unwrap_or("").to_string(),
        filters: params.filters().map_err(bad_request)?,
        limit: params.number("limit", 10, MAX_LIMIT).map_err(bad_request)?,
        ..QuotesConfig::default()
    };
    blocking(app, move |store| {
        let started = Instant::now();
        let results = list_quotes_in(store, &config)?;
        Ok(Json(QuotesAnswer::new(&results, started)).into_response())
    })
    .await
}

/// `GET /api/speakers?…filters…&limit=`
pub async fn speakers(State(app): State<Arc<App>>, RawQuery(query): RawQuery) -> Answer {
    let params = Params::parse(query.as_deref(), &with_filters(&["limit"])).map_err(bad_request)?;
    let config = SpeakersConfig {
        filters: params.filters().map_err(bad_request)?,
        limit: params.number("limit", 20, MAX_LIMIT).map_err(bad_request)?,
        ..SpeakersConfig::default()
    };
    blocking(app, move |store| {
        let started = Instant::now();
        let results = count_speakers_in(store, &config)?;
        Ok(Json(SpeakersAnswer::new(&results, started)).into_response())
    })
    .await
}

/// `GET /api/stats`
pub async fn stats(State(app): State<Arc<App>>, RawQuery(query): RawQuery) -> Answer {
    Params::parse(query.as_deref(), &[]).map_err(bad_request)?;
    blocking(app, move |store| {
        let stats = stats_in(store)?;
        Ok(Json(stats_json(&stats)).into_response())
    })
    .await
}

/// `GET /api/posts/{site}/{id}`
pub async fn post(State(app): State<Arc<App>>, Path((site, id)): Path<(String, String)>) -> Answer {
    let id: u64 = id
        .parse()
        .map_err(|_| bad_request(format!("post id must be a whole number, not '{id}'")))?;
    blocking(app, move |store| {
        let reference = PostRef::SiteId {
            site: site.clone(),
            id,
        };
        match find_posts_in(store, &reference)?.first() {
            Some(post) => Ok(Json(post_json(post)).into_response()),
            None => Err(ApiError(
                StatusCode::NOT_FOUND,
                format!("no post {site}/{id} in the index"),
            )),
        }
    })
    .await
}

/// Anything else: 404 with a JSON error.
pub async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError(
        StatusCode::NOT_FOUND,
        format!("no such page: {}", uri.path()),
    )
}
