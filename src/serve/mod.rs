//! `newsgrep serve`: the index as a local web page and JSON API (axum on tokio).
//!
//! Searches run on tokio's blocking pool, each on a searcher of the latest commit, so
//! a `newsgrep index` running meanwhile shows up without a restart. Nothing is read
//! from disk but the index: the page's files are compiled into the binary.

mod answer;
mod api;
mod params;

use crate::error::{Error, Result};
use crate::store::{self, Store};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;

/// Where to serve what.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The index folder.
    pub index_dir: PathBuf,
    /// Address to listen on (port 0: any free port).
    pub addr: SocketAddr,
}

/// A server bound to its address, not yet answering.
pub struct BoundServer {
    listener: TcpListener,
    app: Arc<App>,
}

/// What every request shares: the index, and turns to use the cores.
pub struct App {
    store: Store,
    /// One permit per core: searches wait their turn in order instead of all slowing
    /// each other down (32 clients on 2 cores and the 652 real posts: p99 370 → 96 ms).
    cores: tokio::sync::Semaphore,
}

/// Opens the index and binds the address; [`BoundServer::run`] then serves.
pub fn bind(config: &ServeConfig) -> Result<BoundServer> {
    let store = store::open_live(&config.index_dir)?;
    // Open the reader now: a broken index fails here, not on the first request.
    store.searcher()?;
    let io_error = |source| Error::Io {
        path: PathBuf::from(config.addr.to_string()),
        reason: source,
    };
    let listener = TcpListener::bind(config.addr).map_err(io_error)?;
    listener.set_nonblocking(true).map_err(io_error)?;
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    Ok(BoundServer {
        listener,
        app: Arc::new(App {
            store,
            cores: tokio::sync::Semaphore::new(cores),
        }),
    })
}

impl BoundServer {
    /// The address actually bound (the port chosen when 0 was asked for).
    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.listener.local_addr().ok()
    }

    /// Answers requests until the process gets Ctrl-C (SIGINT).
    pub fn run(self) -> Result<()> {
        let addr = self.local_addr();
        let io_error = |source| Error::Io {
            path: PathBuf::from(addr.map_or_else(String::new, |a| a.to_string())),
            reason: source,
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(io_error)?;
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(self.listener).map_err(io_error)?;
            axum::serve(listener, router(self.app))
                .with_graceful_shutdown(async {
                    let _ = tokio::signal::ctrl_c().await;
                })
                .await
                .map_err(io_error)
        })
    }
}

/// Every route: the page and its two files, and the API.
fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/app.js", get(script))
        .route("/app.css", get(style))
        .route("/api/search", get(api::search))
        .route("/api/quotes", get(api::quotes))
        .route("/api/speakers", get(api::speakers))
        .route("/api/stats", get(api::stats))
        .route("/api/posts/{site}/{id}", get(api::post))
        .fallback(api::not_found)
        .with_state(app)
}

/// No scripts, styles or images from anywhere but this server.
const CSP: &str = "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_SECURITY_POLICY, CSP),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
}

async fn page() -> impl IntoResponse {
    asset("text/html; charset=utf-8", include_str!("page/index.html"))
}

async fn script() -> impl IntoResponse {
    asset(
        "text/javascript; charset=utf-8",
        include_str!("page/app.js"),
    )
}

async fn style() -> impl IntoResponse {
    asset("text/css; charset=utf-8", include_str!("page/app.css"))
}
