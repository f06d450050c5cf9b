//! What can stop a fetch: each variant names the address or file concerned and says
//! what to do. Causes are written into the messages (see `quickwit::error`).

use std::path::PathBuf;

/// Everything that stops `newsgrep fetch`.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The address typed is not a web address.
    #[error("'{0}' is not a site address; give one like https://news.example")]
    InvalidUrl(String),
    /// Nothing at the address answers like WordPress.
    #[error("{url} is not a WordPress site: {reason}")]
    NotWordPress {
        /// The site's address.
        url: String,
        /// What its answers were instead.
        reason: String,
    },
    /// A WordPress site that refuses its REST API to the public.
    #[error("{url}: the site's REST API is disabled or closed to the public ({reason})")]
    RestDisabled {
        /// The address that refused.
        url: String,
        /// The status and WordPress's own code and message.
        reason: String,
    },
    /// A web page came where the API's JSON was expected.
    #[error("{url}: an HTML page came where JSON was expected{}", title_note(.title))]
    HtmlInsteadOfJson {
        /// The address.
        url: String,
        /// The page's title, if it has one.
        title: Option<String>,
    },
    /// An answer that claims to be JSON and is not.
    #[error("{url}: the answer is not valid JSON: {reason}")]
    InvalidJson {
        /// The address.
        url: String,
        /// What the JSON reader found.
        reason: String,
    },
    /// JSON of another shape than the API's.
    #[error("{url}: {reason}")]
    UnexpectedAnswer {
        /// The address.
        url: String,
        /// What was expected and what came.
        reason: String,
    },
    /// A request that failed on every try.
    #[error("{what} failed {}, last: {last}; run the same fetch again to resume", times(*.attempts))]
    KeepsFailing {
        /// What was asked, e.g. `page 7 of posts (URL)`.
        what: String,
        /// Tries made.
        attempts: u32,
        /// The last failure.
        last: String,
    },
    /// A failure answer that retrying will not change (404, 400, 500 with a message).
    #[error("{what}: HTTP {status}{}", message_note(.message))]
    Refused {
        /// What was asked.
        what: String,
        /// The HTTP status.
        status: u16,
        /// WordPress's message, if it gave one.
        message: Option<String>,
    },
    /// The dump folder or its state file cannot be written or read.
    #[error("{path}: {reason}")]
    Dump {
        /// The file or folder.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// The dump folder holds another site's fetch.
    #[error("{path} holds a fetch of {held}, not {asked}; give another --dump folder")]
    OtherSite {
        /// The dump folder.
        path: PathBuf,
        /// The site it holds.
        held: String,
        /// The site asked for.
        asked: String,
    },
}

fn times(attempts: u32) -> String {
    match attempts {
        1 => "once".to_string(),
        n => format!("{n} times"),
    }
}

fn title_note(title: &Option<String>) -> String {
    title
        .as_ref()
        .map(|title| format!(" (\"{title}\")"))
        .unwrap_or_default()
}

fn message_note(message: &Option<String>) -> String {
    message
        .as_ref()
        .map(|message| format!(": {message}"))
        .unwrap_or_default()
}
