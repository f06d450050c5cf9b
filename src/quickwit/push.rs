//! `newsgrep push`: one site's dump becomes a new Quickwit index generation, which
//! goes live only once every post is in; the one it replaces is deleted after a grace
//! period. Any failure leaves the old generation live.

use super::chunks::{Chunker, MAX_CHUNK_BYTES};
use super::client::Client;
use super::config::{generation_of, index_config, index_id};
use super::error::QuickwitError;
use super::state::{Retired, State};
use crate::error::{Error, Result};
use crate::export::write_ndjson_line;
use crate::index::{index_dumps, IndexConfig};
use crate::load::Problem;
use crate::post::site_named;
use crate::search::{for_each_post, Filters};
use crate::store;
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// What to push where.
#[derive(Debug, Clone)]
pub struct PushConfig {
    /// Dump folders (or files) holding the site's posts.
    pub dumps: Vec<PathBuf>,
    /// The cluster's REST address, `http://host:7280`.
    pub url: String,
    /// The site (host) whose posts are pushed.
    pub site: String,
    /// The state file: live and retired generations per cluster and site.
    pub state_file: PathBuf,
    /// How long a replaced generation is kept before it is deleted (searches that
    /// started on it can finish).
    pub grace: Duration,
    /// Wait before retrying a busy server (doubled for each retry).
    pub first_pause: Duration,
    /// Largest ingest request (at most Quickwit's 10 MB).
    pub max_chunk: usize,
    /// How long to wait for the published count to reach the posts sent.
    pub publish_timeout: Duration,
}

impl PushConfig {
    /// A push with the default limits: 9 MB chunks, 5 minutes of grace.
    pub fn new(dumps: Vec<PathBuf>, url: &str, site: &str, state_file: PathBuf) -> PushConfig {
        PushConfig {
            dumps,
            url: url.trim_end_matches('/').to_string(),
            site: site.to_string(),
            state_file,
            grace: Duration::from_secs(300),
            first_pause: Duration::from_millis(500),
            max_chunk: MAX_CHUNK_BYTES,
            publish_timeout: Duration::from_secs(60),
        }
    }

    /// Checks what the config was given: the cluster address must be an http:// or
    /// https:// URL.
    pub fn validate(&self) -> std::result::Result<(), QuickwitError> {
        if self.url.starts_with("http://") || self.url.starts_with("https://") {
            Ok(())
        } else {
            Err(QuickwitError::InvalidUrl(self.url.clone()))
        }
    }
}

/// What a push did.
#[derive(Debug, Clone, Default)]
pub struct PushReport {
    /// The new live index.
    pub index: String,
    /// The generation it replaced, if any.
    pub replaced: Option<String>,
    /// Posts sent (and published).
    pub posts: usize,
    /// Ingest requests made.
    pub chunks: usize,
    /// Older generations deleted after their grace period.
    pub deleted: Vec<String>,
    /// Older generations whose deletion failed (tried again next time).
    pub not_deleted: Vec<String>,
    /// Dump files that could not be read, as indexing reports them.
    pub problems: Vec<Problem>,
}

/// Pushes the site's posts of the dumps as a new generation and makes it live.
pub fn push(config: &PushConfig) -> Result<PushReport> {
    config.validate()?;
    let site = site_named(&config.site);
    // The same loading and extraction as local indexing, into a throwaway index.
    let scratch = tempfile::tempdir().map_err(|source| Error::Io {
        path: std::env::temp_dir(),
        reason: source,
    })?;
    let indexed = index_dumps(&IndexConfig::new(
        scratch.path().to_path_buf(),
        config.dumps.clone(),
    ))?;
    let store = store::open(scratch.path())?;
    let filters = Filters {
        sites: vec![site.clone()],
        sites_exact: true,
        ..Filters::default()
    };

    let client = Client::new(&config.url, config.first_pause);
    let mut state = State::load(&config.state_file)?;
    let existing = client.index_ids()?;
    let known = state.site(&config.url, &site).cloned().unwrap_or_default();
    let highest_on_cluster = existing
        .iter()
        .filter_map(|id| generation_of(&site, id))
        .max()
        .unwrap_or(0);
    let generation = known.generation.max(highest_on_cluster) + 1;
    let index = index_id(&site, generation);
    let live = known.live;
    let kept = |reason: QuickwitError| {
        Error::from(QuickwitError::PushFailed {
            site: site.clone(),
            url: config.url.clone(),
            live: live.clone(),
            reason: Box::new(reason),
        })
    };

    client.create_index(&index_config(&index)).map_err(kept)?;
    let sent = send_posts(&client, &store, &filters, &index, config);
    let (posts, chunks) = match sent {
        Ok(sent) => sent,
        Err(reason) => {
            let _ = client.delete_index(&index);
            return Err(kept(reason));
        }
    };
    if posts == 0 {
        let _ = client.delete_index(&index);
        return Err(kept(QuickwitError::NoPostsOfSite {
            site: site.clone(),
            unreadable_files: indexed.problems.len(),
        }));
    }
    if let Err(reason) = wait_published(&client, &index, posts, config.publish_timeout) {
        let _ = client.delete_index(&index);
        return Err(kept(reason));
    }

    // Switch: the new generation is live, the old one retired.
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let site_state = state.site_mut(&config.url, &site);
    let replaced = site_state.live.replace(index.clone());
    site_state.generation = generation;
    if let Some(old) = &replaced {
        site_state.retired.push(Retired {
            index: old.clone(),
            since: now,
        });
    }
    state.save(&config.state_file)?;

    // Retired generations past their grace period go.
    let mut report = PushReport {
        index,
        replaced,
        posts,
        chunks,
        problems: indexed.problems,
        ..PushReport::default()
    };
    let grace = config.grace.as_secs();
    let site_state = state.site_mut(&config.url, &site);
    let mut waiting = Vec::new();
    for retired in std::mem::take(&mut site_state.retired) {
        if now.saturating_sub(retired.since) < grace {
            waiting.push(retired);
        } else if client.delete_index(&retired.index).is_ok() {
            report.deleted.push(retired.index);
        } else {
            report.not_deleted.push(retired.index.clone());
            waiting.push(retired);
        }
    }
    site_state.retired = waiting;
    state.save(&config.state_file)?;
    Ok(report)
}

/// Streams the posts as NDJSON chunks into the index, the last one committed at once.
/// Returns the posts and chunks sent, or why it stopped.
fn send_posts(
    client: &Client,
    store: &store::Store,
    filters: &Filters,
    index: &str,
    config: &PushConfig,
) -> std::result::Result<(usize, usize), QuickwitError> {
    let mut chunker = Chunker::new(config.max_chunk);
    let mut chunks = 0;
    let mut line = Vec::new();
    let send = |chunk: &[u8], lines: usize, last: bool| -> std::result::Result<(), QuickwitError> {
        let answer = client.ingest(index, chunk, last)?;
        if answer.rejected > 0 {
            return Err(QuickwitError::Rejected {
                rejected: answer.rejected,
                sent: lines,
                failures: answer.failures,
            });
        }
        if answer.for_processing != lines as u64 {
            return Err(QuickwitError::NotAllTaken {
                taken: answer.for_processing,
                sent: lines,
            });
        }
        Ok(())
    };
    let posts = for_each_post(
        store,
        "",
        filters,
        |post| -> std::result::Result<(), QuickwitError> {
            line.clear();
            write_ndjson_line(&mut line, post).map_err(QuickwitError::WritingRecord)?;
            let full = chunker
                .add(&line)
                .map_err(|chunk| QuickwitError::RecordTooLarge {
                    site: post.site.clone(),
                    id: post.id,
                    chunk,
                })?;
            if let Some((chunk, lines)) = full {
                send(&chunk, lines, false)?;
                chunks += 1;
            }
            Ok(())
        },
    )?;
    if let Some((chunk, lines)) = chunker.take() {
        send(&chunk, lines, true)?;
        chunks += 1;
    }
    Ok((posts, chunks))
}

/// Waits until the index publishes `posts` documents.
fn wait_published(
    client: &Client,
    index: &str,
    posts: usize,
    timeout: Duration,
) -> std::result::Result<(), QuickwitError> {
    let started = std::time::Instant::now();
    loop {
        let published = client.published_docs(index)?;
        if published == posts as u64 {
            return Ok(());
        }
        if published > posts as u64 || started.elapsed() >= timeout {
            return Err(QuickwitError::PublishedMismatch {
                index: index.to_string(),
                published,
                sent: posts,
            });
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_push_needs_the_clusters_http_address() {
        let config = |url: &str| PushConfig::new(Vec::new(), url, "a.example", "s.json".into());
        assert!(config("http://127.0.0.1:7280/").validate().is_ok());
        assert!(config("https://quickwit.example").validate().is_ok());
        let refused = config("localhost:7280/").validate().unwrap_err();
        assert_eq!(
            refused.to_string(),
            "'localhost:7280': give the cluster's http:// or https:// address"
        );
        // push itself refuses it before reading anything.
        assert!(matches!(
            push(&config("localhost:7280")),
            Err(Error::Quickwit(QuickwitError::InvalidUrl(_)))
        ));
    }
}
