//! Handing an archive to Quickwit, the distributed engine built on tantivy: the index
//! config that maps newsgrep's records, and ingest payloads cut to its size limit.

mod chunks;
mod config;

pub use chunks::{chunk_lines, ChunkError, MAX_CHUNK_BYTES};
pub use config::{index_config, index_id};
