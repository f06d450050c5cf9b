//! Which site a dump's posts belong to. Normally the host of each post's `link`; a
//! dump folder can name its site instead: `newsgrep index --site HOST`, or the state
//! file `newsgrep fetch` leaves in the folder. Links to this machine (`localhost`,
//! `127.0.0.1`, mirrored dumps often have them) name no site: such posts are filed
//! under the dump folder's name, so two mirrors do not merge into one site.

use crate::post::{site_key, site_of_address};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The state file `newsgrep fetch` keeps in a dump folder.
pub const STATE_FILE: &str = ".newsgrep-fetch.json";

/// The ending of a file `newsgrep fetch` is writing (renamed when whole).
pub use crate::files::PARTIAL;

/// How the posts of one dump folder get their site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiteRule {
    /// Every post and term of the folder belongs to this site.
    Named(Arc<str>),
    /// From each object's link; links to this machine give this name.
    FromLinks {
        /// The name for posts linking to this machine: the folder's name.
        loopback: Arc<str>,
    },
}

impl Default for SiteRule {
    fn default() -> SiteRule {
        SiteRule::FromLinks {
            loopback: Arc::from(""),
        }
    }
}

impl SiteRule {
    /// The rule of a dump folder (or file): the given name, else the one its fetch
    /// state names, else links.
    pub fn of_dump(root: &Path, given: Option<&str>) -> SiteRule {
        if let Some(site) = given.and_then(site_of_address) {
            return SiteRule::Named(Arc::from(site));
        }
        if let Some(site) = fetched_site(root) {
            return SiteRule::Named(Arc::from(site));
        }
        SiteRule::FromLinks {
            loopback: Arc::from(folder_name(root)),
        }
    }

    /// The site of an object whose link (or guid) has this host: the host itself
    /// (`site_key` makes it the key), or the name the folder gives.
    pub fn site(&self, host: Option<&str>) -> String {
        match self {
            SiteRule::Named(site) => site.to_string(),
            SiteRule::FromLinks { loopback } => match host {
                Some(host) if is_loopback(host) && !loopback.is_empty() => loopback.to_string(),
                Some(host) => host.to_string(),
                None => String::new(),
            },
        }
    }
}

/// The rules of the folders inside one dump folder: a folder `newsgrep fetch` wrote
/// names its site even when a folder above it was given (`INDEX-dumps/`, holding one
/// folder per fetched site).
#[derive(Debug, Default)]
pub struct FolderRules {
    known: HashMap<PathBuf, SiteRule>,
}

impl FolderRules {
    /// The rule of the files in `folder`, a folder inside `root` (whose rule is
    /// `root_rule`): that of the nearest folder up to the root holding a fetch state.
    pub fn of(&mut self, folder: &Path, root: &Path, root_rule: &SiteRule) -> SiteRule {
        if folder == root || !folder.starts_with(root) {
            return root_rule.clone();
        }
        if let Some(rule) = self.known.get(folder) {
            return rule.clone();
        }
        let rule = match fetched_site(folder) {
            Some(site) => SiteRule::Named(Arc::from(site)),
            None => match folder.parent() {
                Some(parent) => self.of(parent, root, root_rule),
                None => root_rule.clone(),
            },
        };
        self.known.insert(folder.to_path_buf(), rule.clone());
        rule
    }
}

/// The site a fetch state in the folder names.
fn fetched_site(root: &Path) -> Option<String> {
    #[derive(Deserialize)]
    struct Named {
        site: String,
    }
    let bytes = std::fs::read(root.join(STATE_FILE)).ok()?;
    let named: Named = serde_json::from_slice(&bytes).ok()?;
    Some(site_key(&named.site)).filter(|s| !s.is_empty())
}

/// The name of a dump folder (for a file, of the folder it is in).
fn folder_name(root: &Path) -> String {
    let full = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let folder = if full.is_file() {
        full.parent().map(Path::to_path_buf).unwrap_or(full)
    } else {
        full
    };
    folder
        .file_name()
        .map(|name| site_key(&name.to_string_lossy()))
        .unwrap_or_default()
}

/// Whether a host is this machine.
pub fn is_loopback(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "::1"
        || host == "0.0.0.0"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_this_machine_take_the_folders_name() {
        let dir = tempfile::tempdir().unwrap();
        let mirror = dir.path().join("Mirror-A");
        std::fs::create_dir(&mirror).unwrap();
        let rule = SiteRule::of_dump(&mirror, None);
        assert_eq!(rule.site(Some("localhost")), "mirror-a");
        assert_eq!(rule.site(Some("127.0.0.1")), "mirror-a");
        assert_eq!(rule.site(Some("www.news.example")), "www.news.example");
        assert_eq!(rule.site(None), "");
        let named = SiteRule::of_dump(&mirror, Some("WWW.Paper.example"));
        assert_eq!(named.site(Some("localhost")), "paper.example");
        std::fs::write(mirror.join(STATE_FILE), r#"{"site": "fetched.example"}"#).unwrap();
        assert_eq!(
            SiteRule::of_dump(&mirror, None).site(Some("localhost")),
            "fetched.example"
        );
    }
}
