//! Handing an archive to Quickwit, the distributed engine built on tantivy: the index
//! config that maps newsgrep's records, ingest payloads cut to its size limit, pushes
//! of a site as index generations, and searches on the cluster.

mod chunks;
mod client;
mod config;
mod error;
mod push;
mod remote;
mod state;

pub use chunks::{chunk_lines, ChunkError, Chunker, MAX_CHUNK_BYTES};
pub use client::{Client, Ingested};
pub use config::{check_index_id, index_config, index_id};
pub use error::{QuickwitError, RequestFailure};
pub use push::{push, PushConfig, PushReport};
pub use remote::{quickwit_query, search_remote, RemoteSearch};
pub use state::{default_state_file, ClusterState, SiteState, State};
