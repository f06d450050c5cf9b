//! What a long indexing or fetching run reports while it works. The library never prints: the
//! caller passes a function that receives these events (the binary draws a bar).

use std::fmt;
use std::sync::Arc;

/// One step of an indexing or fetching run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// The first pass starts: every file is read to learn its posts and terms.
    Reading {
        /// Files to read.
        files: usize,
        /// Their size in bytes.
        bytes: u64,
    },
    /// One file of the first pass is done.
    Read {
        /// Its size in bytes.
        bytes: u64,
    },
    /// The second pass starts: changed posts are converted and indexed.
    Indexing {
        /// Files holding changed posts.
        files: usize,
        /// Posts to convert and index.
        posts: usize,
        /// Size of those files in bytes.
        bytes: u64,
    },
    /// One file of the second pass is done.
    Indexed {
        /// Its posts that were indexed.
        posts: usize,
        /// Its size in bytes.
        bytes: u64,
    },
    /// A batch of changes is being committed (written to disk).
    Committing,
    /// The new segments are being merged.
    Merging,
    /// A fetch knows how many pages of posts it fetches.
    Fetching {
        /// Pages of the pass.
        pages: usize,
        /// Pages an earlier, stopped fetch already wrote.
        done: usize,
    },
    /// One page of posts was fetched and written.
    Fetched {
        /// Its posts.
        posts: usize,
    },
}

/// A receiver of [`Progress`] events, called from several threads at once.
#[derive(Clone)]
pub struct ProgressFn(pub Arc<dyn Fn(Progress) + Send + Sync>);

impl ProgressFn {
    /// Wraps a function.
    pub fn new(f: impl Fn(Progress) + Send + Sync + 'static) -> ProgressFn {
        ProgressFn(Arc::new(f))
    }

    /// A receiver that hands each event to two others.
    pub fn both(first: ProgressFn, second: ProgressFn) -> ProgressFn {
        ProgressFn::new(move |event| {
            first.report(event);
            second.report(event);
        })
    }

    /// Reports one event.
    pub fn report(&self, event: Progress) {
        (self.0)(event)
    }
}

impl fmt::Debug for ProgressFn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ProgressFn")
    }
}
