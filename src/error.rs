//! The library's error type: each variant says what went wrong and where.

use std::path::PathBuf;

/// Everything that can stop a newsgrep operation as a whole.
///
/// Problems with single input files are not errors: they are reported in
/// [`crate::IndexReport::problems`] and the run goes on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No index exists at the given location yet.
    #[error("no index at {0}; run 'newsgrep index DIR' first")]
    NoIndex(PathBuf),
    /// The index was written by an incompatible newsgrep version.
    #[error("index at {path} has format {found}, this newsgrep reads format {expected}; run 'newsgrep index --rebuild DIR'")]
    IncompatibleIndex {
        /// Where the index lives.
        path: PathBuf,
        /// Format version found on disk.
        found: String,
        /// Format version this build reads and writes.
        expected: u32,
    },
    /// Another process holds the index writer lock.
    #[error("index at {0} is being written by another newsgrep process")]
    IndexLocked(PathBuf),
    /// None of the dump directories given to `index` could be read.
    #[error("nothing to index: {0}")]
    NothingToIndex(String),
    /// A date range whose start is after its end.
    #[error("since is later than until")]
    ReversedDates,
    /// A half-life for the recent order that is not a number of days above 0.
    #[error("the half-life must be a number of days above 0")]
    InvalidHalfLife,
    /// A speaker filter with no word in it (only punctuation, say).
    #[error("speaker '{0}' names nobody")]
    SpeakerNamesNobody(String),
    /// A user-supplied value (date, sort order…) is malformed.
    #[error("{0}")]
    InvalidArgument(String),
    /// A remote search cluster (Quickwit) refused or failed a step.
    #[error(transparent)]
    Quickwit(#[from] crate::quickwit::QuickwitError),
    /// Reading or writing the index failed.
    #[error("index at {path}: {reason}")]
    Tantivy {
        /// Where the index lives.
        path: PathBuf,
        /// What tantivy reported: part of the message, not a `source()`, so that a
        /// printer of the whole chain (`{:#}`) does not say it twice.
        reason: tantivy::TantivyError,
    },
    /// A filesystem operation on the index location failed.
    #[error("{path}: {reason}")]
    Io {
        /// The file or directory concerned.
        path: PathBuf,
        /// The OS error, part of the message (see `Tantivy`).
        reason: std::io::Error,
    },
}

impl Error {
    /// Whether the error is in what the caller asked for (a malformed value, an
    /// impossible filter), not in the index or the machine.
    pub fn is_bad_request(&self) -> bool {
        matches!(
            self,
            Error::InvalidArgument(_)
                | Error::ReversedDates
                | Error::InvalidHalfLife
                | Error::SpeakerNamesNobody(_)
        )
    }
}

/// Result with the library's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
