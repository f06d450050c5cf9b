//! The push state file: per cluster and site, which index generation is live and
//! which older ones wait for deletion.

use super::error::QuickwitError;
use crate::error::{Error, Result};
use crate::post::site_and_parents;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The state file's name in the index folder, where push and `search --remote` look
/// when no other is given.
const DEFAULT_STATE_FILE: &str = "quickwit-state.json";

/// The state file used with the index at `index_dir` when no other is given.
pub fn default_state_file(index_dir: &Path) -> PathBuf {
    index_dir.join(DEFAULT_STATE_FILE)
}

/// Everything pushed from this machine, by cluster url.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// Per cluster url (without a closing slash).
    pub clusters: BTreeMap<String, ClusterState>,
}

/// One cluster's sites.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ClusterState {
    /// Per site host (as given to `push --site`, `www.` removed, lower case).
    pub sites: BTreeMap<String, SiteState>,
}

/// One site on one cluster.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SiteState {
    /// The generation searches go to.
    pub live: Option<String>,
    /// The highest generation number used.
    pub generation: u64,
    /// Generations replaced, with the Unix time they stopped being live.
    pub retired: Vec<Retired>,
}

/// A generation that is no longer live.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retired {
    /// Its index id.
    pub index: String,
    /// When it stopped being live (Unix seconds).
    pub since: u64,
}

impl State {
    /// Reads the state file; a missing file is an empty state.
    pub fn load(path: &Path) -> Result<State> {
        match std::fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text).map_err(|reason| {
                Error::from(QuickwitError::NotAState {
                    path: path.to_path_buf(),
                    reason,
                })
            }),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(State::default()),
            Err(source) => Err(Error::Io {
                path: path.to_path_buf(),
                reason: source,
            }),
        }
    }

    /// Writes the state file whole (a new file renamed over the old one).
    pub fn save(&self, path: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self).unwrap_or_default();
        crate::files::write_whole(path, (text + "\n").as_bytes())
    }

    /// A site's state on a cluster, if anything was pushed.
    pub fn site(&self, cluster: &str, site: &str) -> Option<&SiteState> {
        self.clusters.get(cluster)?.sites.get(site)
    }

    /// A site's state on a cluster, made empty if absent.
    pub fn site_mut(&mut self, cluster: &str, site: &str) -> &mut SiteState {
        self.clusters
            .entry(cluster.to_string())
            .or_default()
            .sites
            .entry(site.to_string())
            .or_default()
    }

    /// The live indexes a `--site` value names on a cluster: its own, and those of the
    /// WordPress installs under its paths (`news.example` → `news.example/fr`), as a
    /// local `--site` selects them. A web address is cut back to the deepest site
    /// pushed (`news.example/fr/2025/story` → `news.example/fr`), live or not.
    /// `None` when no such site was pushed (its live indexes may be none when no push
    /// of it finished).
    pub fn live_under(&self, cluster: &str, site: &str, address: bool) -> Option<Vec<String>> {
        let cluster = self.clusters.get(cluster)?;
        let pushed_under = |wanted: &str| -> Vec<&SiteState> {
            (cluster.sites.iter())
                .filter(|(name, _)| {
                    name.strip_prefix(wanted)
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
                })
                .map(|(_, state)| state)
                .collect()
        };
        let deepest = if address {
            site_and_parents(site)
                .map(pushed_under)
                .find(|pushed| !pushed.is_empty())?
        } else {
            Some(pushed_under(site)).filter(|pushed| !pushed.is_empty())?
        };
        Some(
            deepest
                .into_iter()
                .filter_map(|state| state.live.clone())
                .collect(),
        )
    }

    /// The live index of every site pushed to a cluster.
    pub fn live_indexes(&self, cluster: &str) -> Vec<String> {
        self.clusters
            .get(cluster)
            .map(|c| c.sites.values().filter_map(|s| s.live.clone()).collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_file_lives_in_the_index_folder_and_must_be_a_state() {
        assert_eq!(
            default_state_file(Path::new("/data/index")),
            Path::new("/data/index/quickwit-state.json")
        );
        let dir = tempfile::tempdir().unwrap();
        let path = default_state_file(dir.path());
        assert_eq!(State::load(&path).unwrap(), State::default());
        std::fs::write(&path, "[]").unwrap();
        let err = State::load(&path).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!("{}: not a newsgrep push state: ", path.display())),
            "{err}"
        );
    }

    #[test]
    fn a_site_names_its_own_live_index_and_those_of_the_installs_under_it() {
        let mut state = State::default();
        for (site, live) in [
            ("news.example", Some("ng-news-example-2")),
            ("news.example/fr", Some("ng-news-example-fr-1")),
            ("news.example/de", None),
            ("news.example.org", Some("ng-news-example-org-1")),
        ] {
            state.site_mut("http://qw", site).live = live.map(str::to_string);
        }
        let under = |site, address| state.live_under("http://qw", site, address);
        let some = |indexes: &[&str]| Some(indexes.iter().map(|s| s.to_string()).collect());
        assert_eq!(
            under("news.example", false),
            some(&["ng-news-example-2", "ng-news-example-fr-1"])
        );
        assert_eq!(
            under("news.example/fr", false),
            some(&["ng-news-example-fr-1"])
        );
        assert_eq!(under("news.example/fr/2025", false), None);
        assert_eq!(
            under("news.example/fr/2025/story", true),
            some(&["ng-news-example-fr-1"])
        );
        // Pushed but not live: no index, rather than the host's.
        assert_eq!(under("news.example/de", false), some(&[]));
        assert_eq!(under("news.example/de/2025/story", true), some(&[]));
        assert_eq!(under("absent.example", true), None);
        assert_eq!(
            state.live_under("http://other", "news.example", false),
            None
        );
    }
}
