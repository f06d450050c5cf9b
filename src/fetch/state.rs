//! The fetch state kept in the dump folder (`.newsgrep-fetch.json`): which site the
//! dump holds, where its API is, up to when it is known complete, and the pass under
//! way, so that a killed fetch resumes where it stopped.

use super::dump::write_whole;
use super::error::FetchError;
use crate::load::site::STATE_FILE;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The state file's format.
const VERSION: u32 = 1;

/// The part of the site's history a pass asks for: posts published in
/// `[since, until]` (RFC 3339, UTC), each end open when absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// First moment, if any.
    pub since: Option<String>,
    /// Last moment, if any.
    pub until: Option<String>,
}

impl Window {
    /// Whether every post of `other` is inside this window.
    pub fn covers(&self, other: &Window) -> bool {
        let since_ok = match (&self.since, &other.since) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(mine), Some(theirs)) => mine <= theirs,
        };
        let until_ok = match (&self.until, &other.until) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(mine), Some(theirs)) => mine >= theirs,
        };
        since_ok && until_ok
    }
}

/// The two kinds of pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PassKind {
    /// Every post of the window, by id.
    Full,
    /// The posts modified since the last complete pass, newest change first.
    Changes,
}

/// A pass under way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pass {
    /// Names its files: `full-20261203T021931Z`.
    pub id: String,
    /// Full or changes.
    pub kind: PassKind,
    /// The server's clock at its first answer (RFC 3339).
    pub started: Option<String>,
    /// The posts asked for.
    pub window: Window,
    /// For a changes pass: posts modified after this (WordPress's format, UTC).
    pub modified_after: Option<String>,
    /// Pages written (a full pass resumes after them).
    pub pages_done: BTreeSet<u32>,
    /// Pages the site had at the last answer.
    pub total_pages: Option<u32>,
    /// Posts the site counted at the pass's first answer (`X-WP-Total`).
    #[serde(default)]
    pub first_total: Option<u64>,
    /// A later answer counted otherwise: posts came or went during the pass, and
    /// pages by position may have skipped some.
    #[serde(default)]
    pub count_moved: bool,
}

/// What `.newsgrep-fetch.json` holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// The file's format.
    pub version: u32,
    /// The site the dump holds (the host typed, `www.` removed, and the path of an
    /// install under one): `newsgrep index` files the dump's posts under it.
    pub site: String,
    /// The site's address as last reached.
    pub url: String,
    /// The REST API root found.
    pub api: Option<String>,
    /// Every post modified before this moment (server clock, RFC 3339) is in the dump.
    pub synced: Option<String>,
    /// The window of the last complete full pass.
    pub window: Option<Window>,
    /// The pass under way, if a fetch stopped in the middle of one.
    pub pass: Option<Pass>,
}

impl State {
    /// The state file of a dump folder.
    pub fn path(dump: &Path) -> PathBuf {
        dump.join(STATE_FILE)
    }

    /// Reads a dump's state; a folder without one has an empty state.
    pub fn load(dump: &Path) -> Result<State, FetchError> {
        let path = State::path(dump);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| FetchError::Dump {
                path,
                reason: format!("not a newsgrep fetch state: {e}; remove it to start over"),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(State {
                version: VERSION,
                ..State::default()
            }),
            Err(e) => Err(FetchError::Dump {
                path,
                reason: e.to_string(),
            }),
        }
    }

    /// Writes the state whole.
    pub fn save(&self, dump: &Path) -> Result<(), FetchError> {
        let bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        write_whole(&State::path(dump), &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_covers_the_windows_inside_it() {
        let all = Window::default();
        let since = |s: &str| Window {
            since: Some(s.to_string()),
            until: None,
        };
        assert!(all.covers(&since("2025-01-01T00:00:00Z")));
        assert!(!since("2025-01-01T00:00:00Z").covers(&all));
        assert!(since("2025-01-01T00:00:00Z").covers(&since("2025-06-01T00:00:00Z")));
        assert!(!since("2025-06-01T00:00:00Z").covers(&since("2025-01-01T00:00:00Z")));
    }
}
