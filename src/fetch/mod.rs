//! `newsgrep fetch URL`: a live WordPress site's posts, through its REST API, into a
//! dump folder `newsgrep index` reads.
//!
//! The first fetch is a full pass: every post (of the `--since`/`--until` window), a
//! page of 100 at a time in id order, on up to [`MAX_JOBS`] connections. A later fetch
//! is a changes pass: only posts modified since the last complete pass, newest change
//! first, until the changes are older. Then the categories, tags and users the posts
//! name and the dump does not hold yet are fetched by id, and with `prune` the site's
//! ids are listed and posts it no longer has leave the dump. Each page is written
//! whole and recorded in the state file before the next, so a fetch that stops for
//! any reason resumes where it stopped.

mod api;
mod dump;
mod error;
mod http;
mod passes;
mod state;

pub use dump::Stored;
pub use error::FetchError;
pub use http::{user_agent, HttpSettings};
pub use state::PassKind;

use crate::post::{site_key, site_of_address};
use crate::progress::ProgressFn;
use crate::text::url_host;
use dump::Dump;
use state::{Pass, State, Window};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use time::OffsetDateTime;

/// The most connections a fetch opens to one site.
pub const MAX_JOBS: usize = 4;

/// What `newsgrep fetch` is asked to do.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// The site's address as typed (`https://news.example`, `news.example/blog`).
    pub url: String,
    /// The dump folder.
    pub dump: DumpFolder,
    /// Connections at once, 1 to [`MAX_JOBS`].
    pub jobs: usize,
    /// Retries, pauses, timeouts.
    pub http: HttpSettings,
    /// Only posts published at or after this moment.
    pub since: Option<OffsetDateTime>,
    /// Only posts published at or before this moment.
    pub until: Option<OffsetDateTime>,
    /// Remove posts the site no longer has from the dump.
    pub prune: bool,
    /// Fetch every post again instead of the changes only.
    pub full: bool,
    /// Where to report progress, if anywhere.
    pub progress: Option<ProgressFn>,
}

/// Where a fetch writes its dump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DumpFolder {
    /// This folder.
    Given(PathBuf),
    /// The site's folder beside this index folder (see [`default_dump_dir`]), known
    /// once the site's install is found.
    BesideIndex(PathBuf),
}

impl FetchConfig {
    /// A fetch of `url` into `dump` with default settings.
    pub fn new(url: &str, dump: DumpFolder) -> FetchConfig {
        FetchConfig {
            url: url.to_string(),
            dump,
            jobs: 1,
            http: HttpSettings::default(),
            since: None,
            until: None,
            prune: false,
            full: false,
            progress: None,
        }
    }
}

/// What a fetch did.
#[derive(Debug, Clone)]
pub struct FetchReport {
    /// The site the dump holds.
    pub site: String,
    /// The site's address after redirects.
    pub url: String,
    /// The REST API root used.
    pub api: String,
    /// The dump folder.
    pub dump_dir: PathBuf,
    /// Full or changes pass.
    pub kind: PassKind,
    /// The pass went on from where an earlier fetch stopped.
    pub resumed: bool,
    /// Pages of posts written.
    pub pages: usize,
    /// Posts added, updated, unchanged.
    pub stored: Stored,
    /// Posts removed because the site no longer has them.
    pub removed: usize,
    /// Categories, tags and users fetched.
    pub names: usize,
    /// Posts the dump holds now.
    pub posts_held: usize,
    /// HTTP requests sent (retries included).
    pub requests: u64,
    /// What went wrong without stopping the fetch, one line each.
    pub warnings: Vec<String>,
    /// Wall time.
    pub elapsed: Duration,
}

/// The address to fetch and its host as a site key, from what the user typed:
/// `https://` is added when no scheme is given.
pub fn site_address(typed: &str) -> Result<(String, String), FetchError> {
    let typed = typed.trim();
    let url = if typed.contains("://") {
        typed.to_string()
    } else {
        format!("https://{typed}")
    };
    let scheme_ok = url.starts_with("http://") || url.starts_with("https://");
    let host = url_host(&url).filter(|h| !h.contains(char::is_whitespace));
    match (scheme_ok, host) {
        (true, Some(host)) => Ok((url.trim_end_matches('/').to_string(), site_key(&host))),
        _ => Err(FetchError::InvalidUrl(typed.to_string())),
    }
}

/// The site a fetch fills: the host typed, followed by the path WordPress is
/// installed under, if any (`news.example/fr`), as its API root shows it; an address
/// typed deeper into the site (`news.example/category/politics`) names the install.
fn site_of_install(host: &str, http: &http::Http, api: &api::Api, base: &str) -> String {
    let install = api::install(http, api, base);
    let path = site_of_address(&install)
        .and_then(|site| site.find('/').map(|at| site[at..].to_string()))
        .unwrap_or_default();
    format!("{host}{path}")
}

/// The dump folder used when none is given: beside the index folder, in
/// `INDEX-dumps/SITE` (`~/.local/share/newsgrep-dumps/news.example`); a site under a
/// path gets `_` for each `/` (`news.example_fr`), one folder per install.
pub fn default_dump_dir(index_dir: &Path, site: &str) -> PathBuf {
    let name = index_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "newsgrep".to_string());
    index_dir
        .with_file_name(format!("{name}-dumps"))
        .join(site.replace('/', "_"))
}

/// Fetches a site into its dump folder (see the module's description).
pub fn fetch(config: &FetchConfig) -> Result<FetchReport, FetchError> {
    let started = Instant::now();
    let (url, host) = site_address(&config.url)?;
    let http = http::Http::new(config.http.clone());
    let (api, base) = api::discover(&http, &url)?;
    let site = site_of_install(&host, &http, &api, &base);
    let dir = match &config.dump {
        DumpFolder::Given(dir) => dir.clone(),
        DumpFolder::BesideIndex(index_dir) => default_dump_dir(index_dir, &site),
    };
    let dir = dir.as_path();
    let mut state = State::load(dir)?;
    if !state.site.is_empty() && state.site != site {
        return Err(FetchError::OtherSite {
            path: dir.to_path_buf(),
            held: state.site,
            asked: site,
        });
    }
    let (mut dump, mut warnings) = Dump::open(dir)?;
    if state.site.is_empty() && dump.post_count() > 0 {
        return Err(FetchError::Dump {
            path: dir.to_path_buf(),
            reason:
                "holds posts that newsgrep fetch did not write; give an empty or new --dump folder"
                    .to_string(),
        });
    }
    state.site = site.clone();
    state.url = base.clone();
    state.api = Some(api.root.clone());

    let wanted = Window {
        since: config.since.map(crate::timefmt::format_rfc3339),
        until: config.until.map(crate::timefmt::format_rfc3339),
    };
    let (mut pass, resumed) = choose_pass(&state, &wanted, config.full, &dump);
    state.pass = Some(pass.clone());
    state.save(dir)?;

    let run = passes::Run {
        http: &http,
        api: &api,
        jobs: config.jobs.clamp(1, MAX_JOBS),
        progress: config.progress.as_ref(),
    };
    let highest_held = dump.post_ids().max().unwrap_or(0);
    let outcome = run.posts(&mut dump, &mut state, &mut pass)?;
    warnings.extend(outcome.warnings);
    let received = outcome.received;
    let mut stored = outcome.stored;
    let mut pages = outcome.pages;
    // Fetches by id, smallest first, the posts of `ids` the dump does not hold.
    let mut by_id = |dump: &mut Dump,
                     label: &str,
                     ids: &mut dyn Iterator<Item = u64>|
     -> Result<(), FetchError> {
        let mut lacking: Vec<u64> = ids.filter(|id| !dump.holds(*id)).collect();
        lacking.sort_unstable();
        let (more, more_pages) = run.posts_by_id(dump, &pass, label, &lacking)?;
        stored += more;
        pages += more_pages;
        Ok(())
    };
    if pass.kind == PassKind::Changes && highest_held > 0 {
        // Posts imported with an old date: newer ids than any held, older dates.
        let fresh = run.ids_above(highest_held)?;
        by_id(&mut dump, "new", &mut fresh.into_iter())?;
    }
    if pass.kind == PassKind::Full && pass.count_moved {
        // Posts came or went while pages were read by position: a deleted post moves
        // the ones after it onto a page already read. The ids show what was missed.
        match run.list_ids(&pass.window)? {
            Ok(listed) => {
                let mut unseen = listed.into_iter().filter(|id| !received.contains(id));
                by_id(&mut dump, "missed", &mut unseen)?;
            }
            Err(why) => warnings.push(format!(
                "the site changed during the fetch, and posts it moved between pages may be missing: {why}; `newsgrep fetch --prune` without --since/--until fetches them"
            )),
        }
    }
    let mut removed = 0;
    if config.prune {
        match run.list_ids(&Window::default())? {
            Ok(listed) => {
                let gone: HashSet<u64> =
                    dump.post_ids().filter(|id| !listed.contains(id)).collect();
                removed = dump.remove_posts(&gone)?;
                // The full list also shows what no pass saw: fetched now, unless a
                // window leaves most of the site out by choice.
                if pass.window == Window::default() {
                    by_id(&mut dump, "listed", &mut listed.into_iter())?;
                }
            }
            Err(why) => warnings.push(format!("nothing pruned: {why}")),
        }
    }
    state.pass = None;
    // A changes pass over part of the window holds the rest no more current.
    if pass.kind == PassKind::Full || state.window.as_ref() == Some(&pass.window) {
        state.synced = pass.started.clone();
    }
    if pass.kind == PassKind::Full {
        state.window = Some(pass.window.clone());
    }
    state.save(dir)?;
    let names = run.names(&mut dump, &pass.id)?;
    warnings.extend(names.warnings);
    Ok(FetchReport {
        site,
        url: base,
        api: api.root,
        dump_dir: dir.to_path_buf(),
        kind: pass.kind,
        resumed,
        pages,
        stored,
        removed,
        names: names.stored,
        posts_held: dump.post_count(),
        requests: http.requests(),
        warnings,
        elapsed: started.elapsed(),
    })
}

/// The pass to run: the one a stopped fetch left (same window), else the changes
/// since the last complete pass when its window covers the wanted one, else a full
/// pass. Gives whether it resumes.
fn choose_pass(state: &State, wanted: &Window, full: bool, dump: &Dump) -> (Pass, bool) {
    if let Some(pass) = &state.pass {
        if !full && pass.window == *wanted {
            return (pass.clone(), true);
        }
    }
    let covered = state
        .window
        .as_ref()
        .is_some_and(|held| held.covers(wanted));
    let kind = match (&state.synced, full || !covered) {
        (Some(_), false) => PassKind::Changes,
        _ => PassKind::Full,
    };
    let prefix = match kind {
        PassKind::Full => "full",
        PassKind::Changes => "changes",
    };
    (
        Pass {
            id: passes::new_pass_id(dump.dir(), prefix),
            kind,
            started: None,
            window: wanted.clone(),
            modified_after: match kind {
                PassKind::Changes => state.synced.clone(),
                PassKind::Full => None,
            },
            pages_done: Default::default(),
            total_pages: None,
            first_total: None,
            count_moved: false,
        },
        false,
    )
}
