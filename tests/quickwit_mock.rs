//! An in-process stand-in for a Quickwit cluster: the REST calls `push` makes, with
//! Quickwit's response shapes (from its REST API reference and its
//! `RestIngestResponse`), and faults to order: busy answers, errors and rejections
//! in the middle of an ingest.

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::{BTreeMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// A fault the next ingest requests meet, in order.
#[derive(Debug, Clone)]
pub enum Fault {
    /// 429 Too Many Requests.
    Busy,
    /// 503 Service Unavailable.
    Unavailable,
    /// 500 with Quickwit's error shape.
    Error,
    /// The request goes through, its records containing this text are rejected.
    Reject(String),
    /// The request goes through.
    Pass,
}

/// What the mock knows and saw.
#[derive(Debug, Default)]
pub struct Cluster {
    /// Index id → (pending, published) documents.
    pub indexes: BTreeMap<String, (u64, u64)>,
    /// Every request: `METHOD path?query bytes`.
    pub log: Vec<String>,
    /// Bodies of the ingest requests, in order.
    pub ingested: Vec<String>,
    /// Faults for the coming ingest requests.
    pub faults: VecDeque<Fault>,
    /// Documents the describe call leaves out of the published count.
    pub publish_short: u64,
    /// Accepted records per index, in order.
    pub docs: BTreeMap<String, Vec<Value>>,
    /// The query strings of the search requests.
    pub searches: Vec<String>,
}

/// A running mock cluster.
pub struct Mock {
    pub url: String,
    pub cluster: Arc<Mutex<Cluster>>,
}

impl Mock {
    pub fn start() -> Mock {
        let cluster = Arc::new(Mutex::new(Cluster::default()));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr: SocketAddr = listener.local_addr().unwrap();
        let app = Router::new()
            .route("/api/v1/indexes", get(list).post(create))
            .route("/api/v1/indexes/{id}", axum::routing::delete(delete))
            .route("/api/v1/indexes/{id}/describe", get(describe))
            .route("/api/v1/{id}/ingest", post(ingest))
            .route("/api/v1/{ids}/search", get(search))
            .with_state(Arc::clone(&cluster));
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                axum::serve(listener, app).await.unwrap();
            });
        });
        Mock {
            url: format!("http://{addr}"),
            cluster,
        }
    }

    pub fn with<T>(&self, f: impl FnOnce(&mut Cluster) -> T) -> T {
        f(&mut self.cluster.lock().unwrap())
    }
}

type Shared = State<Arc<Mutex<Cluster>>>;

fn message(status: StatusCode, text: String) -> Response {
    (status, Json(json!({ "message": text }))).into_response()
}

async fn list(State(cluster): Shared) -> Response {
    let mut cluster = cluster.lock().unwrap();
    cluster.log.push("GET /api/v1/indexes".to_string());
    let metas: Vec<Value> = cluster
        .indexes
        .keys()
        .map(|id| json!({
            "version": "0.8",
            "index_uid": format!("{id}:01JDXM2K3B8ZQ4WV5T6Y7N8P9R"),
            "index_config": {"version": "0.8", "index_id": id, "index_uri": format!("file:///qwdata/indexes/{id}")},
            "checkpoint": {}, "create_timestamp": 1764100000, "sources": []
        }))
        .collect();
    Json(Value::Array(metas)).into_response()
}

async fn create(State(cluster): Shared, body: String) -> Response {
    let mut cluster = cluster.lock().unwrap();
    cluster.log.push("POST /api/v1/indexes".to_string());
    let Some(id) = body
        .lines()
        .find_map(|l| l.strip_prefix("index_id: "))
        .map(str::to_string)
    else {
        return message(
            StatusCode::BAD_REQUEST,
            "failed to parse YAML index config".into(),
        );
    };
    if cluster.indexes.contains_key(&id) {
        return message(
            StatusCode::BAD_REQUEST,
            format!("index `{id}` already exists"),
        );
    }
    cluster.indexes.insert(id.clone(), (0, 0));
    Json(json!({
        "version": "0.8", "index_uid": format!("{id}:01JDXM2K3B8ZQ4WV5T6Y7N8P9R"),
        "index_config": {"version": "0.8", "index_id": id}, "checkpoint": {},
        "create_timestamp": 1764100000, "sources": []
    }))
    .into_response()
}

async fn delete(State(cluster): Shared, Path(id): Path<String>) -> Response {
    let mut cluster = cluster.lock().unwrap();
    cluster.log.push(format!("DELETE /api/v1/indexes/{id}"));
    match cluster.indexes.remove(&id) {
        Some(_) => Json(json!([{
            "split_id": "01JDXM4A7C2V3B4N5M6K7J8H9G", "num_docs": 3,
            "uncompressed_docs_size_bytes": 4096,
            "file_name": "01JDXM4A7C2V3B4N5M6K7J8H9G.split", "file_size_bytes": 2048
        }]))
        .into_response(),
        None => message(StatusCode::NOT_FOUND, format!("index `{id}` not found")),
    }
}

async fn describe(State(cluster): Shared, Path(id): Path<String>) -> Response {
    let mut cluster = cluster.lock().unwrap();
    cluster
        .log
        .push(format!("GET /api/v1/indexes/{id}/describe"));
    let short = cluster.publish_short;
    match cluster.indexes.get(&id) {
        Some(&(_, published)) => Json(json!({
            "index_id": id, "index_uri": format!("file:///qwdata/indexes/{id}"),
            "num_published_splits": 1, "size_published_splits": 2048,
            "num_published_docs": published.saturating_sub(short),
            "size_published_docs_uncompressed": 4096,
            "timestamp_field_name": "date", "min_timestamp": 1735689600, "max_timestamp": 1741305600
        }))
        .into_response(),
        None => message(StatusCode::NOT_FOUND, format!("index `{id}` not found")),
    }
}

async fn ingest(
    State(cluster): Shared,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    body: String,
) -> Response {
    let mut cluster = cluster.lock().unwrap();
    let query = query.unwrap_or_default();
    cluster
        .log
        .push(format!("POST /api/v1/{id}/ingest?{query} {}", body.len()));
    if !cluster.indexes.contains_key(&id) {
        return message(StatusCode::NOT_FOUND, format!("index `{id}` not found"));
    }
    let fault = cluster.faults.pop_front().unwrap_or(Fault::Pass);
    let rejected_text = match fault {
        Fault::Busy => return message(StatusCode::TOO_MANY_REQUESTS, "too many requests".into()),
        Fault::Unavailable => {
            return message(
                StatusCode::SERVICE_UNAVAILABLE,
                "no shards available".into(),
            )
        }
        Fault::Error => {
            return message(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error: failed to persist records: WAL is full".into(),
            )
        }
        Fault::Reject(text) => Some(text),
        Fault::Pass => None,
    };
    let lines: Vec<&str> = body.lines().collect();
    let rejected: Vec<&str> = match &rejected_text {
        Some(text) => lines
            .iter()
            .copied()
            .filter(|l| l.contains(text.as_str()))
            .collect(),
        None => Vec::new(),
    };
    let accepted = (lines.len() - rejected.len()) as u64;
    let records: Vec<Value> = lines
        .iter()
        .filter(|l| !rejected.contains(l))
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    cluster.docs.entry(id.clone()).or_default().extend(records);
    cluster.ingested.push(body.clone());
    let entry = cluster.indexes.get_mut(&id).unwrap();
    entry.0 += accepted;
    if query.contains("commit=force") {
        entry.1 += entry.0;
        entry.0 = 0;
    }
    let failures: Vec<Value> = rejected
        .iter()
        .map(|doc| json!({"message": "failed to parse document: field `extra` is not declared in the doc mapping", "document": doc, "reason": "invalid_schema"}))
        .collect();
    Json(json!({
        "num_docs_for_processing": lines.len(),
        "num_ingested_docs": accepted,
        "num_rejected_docs": rejected.len(),
        "parse_failures": failures
    }))
    .into_response()
}

/// Every record of the named indexes, the first `max_hits`; the first hit gets a
/// snippet with Quickwit's `<b>` marks. (The query is recorded, not evaluated.)
async fn search(
    State(cluster): Shared,
    Path(ids): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let mut cluster = cluster.lock().unwrap();
    let query = query.unwrap_or_default();
    cluster.log.push(format!("GET /api/v1/{ids}/search"));
    cluster.searches.push(query.clone());
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&query).unwrap();
    let max_hits: usize = pairs
        .iter()
        .find(|(k, _)| k == "max_hits")
        .map_or(20, |(_, v)| v.parse().unwrap());
    let mut docs = Vec::new();
    for id in ids.split(',') {
        match cluster.docs.get(id) {
            Some(found) => docs.extend(found.iter().cloned()),
            None if cluster.indexes.contains_key(id) => {}
            None => {
                return message(
                    StatusCode::NOT_FOUND,
                    format!("could not find indexes matching the IDs `[\"{id}\"]`"),
                )
            }
        }
    }
    let total = docs.len();
    let hits: Vec<Value> = docs.into_iter().take(max_hits).collect();
    let snippets: Vec<Value> = hits
        .iter()
        .enumerate()
        .map(|(i, _)| {
            if i == 0 {
                json!({"body": ["The island <b>ferry</b> will run &amp; more"]})
            } else {
                json!({"body": []})
            }
        })
        .collect();
    Json(json!({
        "num_hits": total, "hits": hits, "snippets": snippets,
        "elapsed_time_micros": 1234, "errors": []
    }))
    .into_response()
}
