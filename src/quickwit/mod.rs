//! Handing an archive to Quickwit, the distributed engine built on tantivy: the index
//! config that maps newsgrep's records, and ingest payloads cut to its size limit.

mod chunks;
mod client;
mod config;
mod push;
mod remote;
mod state;

pub use chunks::{chunk_lines, ChunkError, Chunker, MAX_CHUNK_BYTES};
pub use client::{Client, ClientError, Ingested};
pub use config::{index_config, index_id};
pub use push::{push, PushConfig, PushReport};
pub use remote::{quickwit_query, search_remote, RemoteSearch};
pub use state::{ClusterState, SiteState, State};
