//! newsgrep: ranked, instant search over WordPress REST API news dumps.
//!
//! The library does all the work and never prints: the binary in `src/bin/newsgrep/` parses
//! arguments, calls [`index::index_dumps`], [`search::search`] or [`stats::stats`],
//! and hands the results to [`print`].
#![warn(missing_docs)]

pub mod analysis;
pub mod error;
pub mod export;
pub mod fetch;
pub mod files;
pub mod html;
pub mod identities;
pub mod index;
pub mod load;
pub mod post;
pub mod print;
pub mod progress;
pub mod quickwit;
pub mod quotes;
pub mod schema;
pub mod search;
pub mod serve;
pub mod stats;
pub mod store;
pub mod text;
pub mod timefmt;

pub use error::{Error, Result};
pub use index::{index_dumps, IndexConfig, IndexReport};
pub use post::{Post, Quote};
pub use search::{search, Hit, SearchConfig, SearchResults, SortOrder};
pub use stats::{stats, Stats};
