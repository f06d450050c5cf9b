//! What can go wrong between newsgrep and a Quickwit cluster: each variant says which
//! step failed and where.
//!
//! Causes are written into each message instead of being handed out as `source()`:
//! the binary prints an error with its whole chain of sources, which would say them
//! twice.

use super::chunks::ChunkError;
use std::path::PathBuf;

/// Everything that stops a push, a remote search or a Quickwit config.
#[derive(Debug, thiserror::Error)]
pub enum QuickwitError {
    /// An index id Quickwit would refuse.
    #[error(
        "'{0}': Quickwit index ids are 3 to 255 letters, digits, - or _, starting with a letter"
    )]
    InvalidIndexId(String),
    /// A cluster address that is not an http:// or https:// URL.
    #[error("'{0}': give the cluster's http:// or https:// address")]
    InvalidUrl(String),
    /// One REST call failed.
    #[error("{method} {path}: {failure}")]
    Request {
        /// The HTTP method (`GET`, `POST`, `DELETE`).
        method: &'static str,
        /// The path and query called, without the cluster's address.
        path: String,
        /// What went wrong.
        failure: RequestFailure,
    },
    /// Quickwit refused some records of an ingest request.
    #[error("Quickwit rejected {rejected} of {sent} records: {}", .failures.join("; "))]
    Rejected {
        /// How many it refused.
        rejected: u64,
        /// How many the request carried.
        sent: usize,
        /// Quickwit's reasons for the first refusals.
        failures: Vec<String>,
    },
    /// Quickwit took fewer (or more) records of an ingest request than it carried.
    #[error("Quickwit took {taken} of {sent} records")]
    NotAllTaken {
        /// How many it took for processing.
        taken: u64,
        /// How many the request carried.
        sent: usize,
    },
    /// The new index does not publish as many documents as were sent.
    #[error("{index} publishes {published} documents, {sent} were sent")]
    PublishedMismatch {
        /// The index id.
        index: String,
        /// Documents it publishes.
        published: u64,
        /// Posts sent to it.
        sent: usize,
    },
    /// The dumps hold no post of the site being pushed.
    #[error("the dump holds no posts of {site}{}", unreadable_note(*.unreadable_files))]
    NoPostsOfSite {
        /// The site (host).
        site: String,
        /// Dump files that could not be read (they may have held its posts).
        unreadable_files: usize,
    },
    /// One post's record alone is over the ingest size limit.
    #[error("post {site}/{id}: {chunk}")]
    RecordTooLarge {
        /// The post's site.
        site: String,
        /// The post's id.
        id: u64,
        /// Its size and the limit.
        chunk: ChunkError,
    },
    /// A post could not be written as an NDJSON record.
    #[error("{0}")]
    WritingRecord(std::io::Error),
    /// The posts to push could not be read from the scratch index.
    #[error("{0}")]
    ReadingPosts(Box<crate::Error>),
    /// A push stopped; the generation that was live stays live.
    #[error("push of {site} to {url} failed, {}: {reason}", live_note(.live))]
    PushFailed {
        /// The site (host) pushed.
        site: String,
        /// The cluster's address.
        url: String,
        /// The generation that stays live, if any.
        live: Option<String>,
        /// Why it stopped.
        reason: Box<QuickwitError>,
    },
    /// The push state file holds something else.
    #[error("{path}: not a newsgrep push state: {reason}")]
    NotAState {
        /// The state file.
        path: PathBuf,
        /// What the JSON reader found wrong.
        reason: serde_json::Error,
    },
    /// A remote search names a site that was never pushed to the cluster.
    #[error("{site} was never pushed to {url} from here")]
    NeverPushed {
        /// The site as given.
        site: String,
        /// The cluster's address.
        url: String,
    },
    /// A remote search names a site whose pushes to the cluster never finished.
    #[error("{site} has no live index on {url}: no push of it from here finished")]
    NoLiveIndex {
        /// The site as given.
        site: String,
        /// The cluster's address.
        url: String,
    },
    /// A remote search on a cluster the state file names no live index of.
    #[error("nothing was pushed to {url} from here ({state_file} names no live index); run 'newsgrep push' first")]
    NothingPushed {
        /// The cluster's address.
        url: String,
        /// The state file read.
        state_file: PathBuf,
    },
}

/// Why one REST call failed.
#[derive(Debug, thiserror::Error)]
pub enum RequestFailure {
    /// Quickwit answered with an error status.
    #[error("{status} {message}")]
    Status {
        /// The HTTP status.
        status: u16,
        /// Quickwit's `message`, or the start of the body.
        message: String,
    },
    /// The connection failed.
    #[error("{0}")]
    Unreachable(ureq::Error),
    /// A success answer that is not JSON; the start of it.
    #[error("the answer is not JSON: {0}")]
    NotJson(String),
    /// A JSON answer without what newsgrep reads from it.
    #[error("unexpected answer: {0}")]
    UnexpectedAnswer(serde_json::Error),
    /// The server stayed busy or unreachable through every attempt.
    #[error("gave up after {attempts} attempts: {last}")]
    GaveUp {
        /// Attempts made.
        attempts: u32,
        /// What the last one met.
        last: Box<RequestFailure>,
    },
}

/// Reading the posts for a push fails with the library's own error.
impl From<crate::Error> for QuickwitError {
    fn from(error: crate::Error) -> QuickwitError {
        match error {
            crate::Error::Quickwit(error) => error,
            other => QuickwitError::ReadingPosts(Box::new(other)),
        }
    }
}

/// How a failed push names what stays live.
fn live_note(live: &Option<String>) -> String {
    match live {
        Some(live) => format!("{live} stays live"),
        None => "nothing was live".to_string(),
    }
}

/// The unreadable dump files a push met, as a note after "no posts".
fn unreadable_note(files: usize) -> String {
    if files == 0 {
        String::new()
    } else {
        format!(" ({files} files could not be read)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejected() -> QuickwitError {
        QuickwitError::Rejected {
            rejected: 2,
            sent: 5,
            failures: vec!["bad date".into(), "no id".into()],
        }
    }

    #[test]
    fn messages_say_what_failed_and_where() {
        let cases: Vec<(QuickwitError, &str)> = vec![
            (rejected(), "Quickwit rejected 2 of 5 records: bad date; no id"),
            (
                QuickwitError::NotAllTaken { taken: 3, sent: 4 },
                "Quickwit took 3 of 4 records",
            ),
            (
                QuickwitError::NoPostsOfSite {
                    site: "a.example".into(),
                    unreadable_files: 0,
                },
                "the dump holds no posts of a.example",
            ),
            (
                QuickwitError::NoPostsOfSite {
                    site: "a.example".into(),
                    unreadable_files: 2,
                },
                "the dump holds no posts of a.example (2 files could not be read)",
            ),
            (
                QuickwitError::Request {
                    method: "POST",
                    path: "/api/v1/indexes".into(),
                    failure: RequestFailure::GaveUp {
                        attempts: 6,
                        last: Box::new(RequestFailure::Status {
                            status: 429,
                            message: "too many requests".into(),
                        }),
                    },
                },
                "POST /api/v1/indexes: gave up after 6 attempts: 429 too many requests",
            ),
            (
                QuickwitError::PushFailed {
                    site: "a.example".into(),
                    url: "http://q:7280".into(),
                    live: None,
                    reason: Box::new(QuickwitError::NotAllTaken { taken: 1, sent: 2 }),
                },
                "push of a.example to http://q:7280 failed, nothing was live: Quickwit took 1 of 2 records",
            ),
            (
                QuickwitError::PushFailed {
                    site: "a.example".into(),
                    url: "http://q:7280".into(),
                    live: Some("ng-a-example-4".into()),
                    reason: Box::new(rejected()),
                },
                "push of a.example to http://q:7280 failed, ng-a-example-4 stays live: Quickwit rejected 2 of 5 records: bad date; no id",
            ),
            (
                QuickwitError::InvalidUrl("localhost:7280".into()),
                "'localhost:7280': give the cluster's http:// or https:// address",
            ),
        ];
        for (error, text) in cases {
            assert_eq!(error.to_string(), text);
        }
    }

    #[test]
    fn the_binary_prints_each_cause_once() {
        // main prints errors with `{:#}`, which adds every `source()`: the causes are
        // already in the messages, so the chain must end with the error itself.
        let error = crate::Error::from(QuickwitError::PushFailed {
            site: "a.example".into(),
            url: "http://q:7280".into(),
            live: None,
            reason: Box::new(rejected()),
        });
        let text = error.to_string();
        assert_eq!(format!("{:#}", anyhow::Error::from(error)), text);
    }

    #[test]
    fn library_errors_met_while_reading_posts_keep_their_text() {
        let quickwit = QuickwitError::from(crate::Error::from(rejected()));
        assert!(matches!(quickwit, QuickwitError::Rejected { .. }));
        let other = QuickwitError::from(crate::Error::IndexLocked("/i".into()));
        assert_eq!(
            other.to_string(),
            "index at /i is being written by another newsgrep process"
        );
    }
}
