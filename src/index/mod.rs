//! The indexing pipeline: list the dump, read every file once to learn its terms,
//! users and post copies (cheaply: only each object's head is parsed), skip the posts
//! whose fingerprint is already in the index, then convert the changed ones on all
//! cores (rayon) and feed them to tantivy's writer, committing in batches.
//!
//! [`index_dumps`] runs the steps in order, each in a file of its own: open the
//! writer (here), scan the dumps (`scan`), plan the changes (`plan`, with the
//! fingerprints of `fingerprint`), write them (`write`) and merge after a bulk run
//! (`merge`).

mod fingerprint;
mod languages;
mod merge;
mod plan;
mod scan;
mod speakers;
mod write;

use crate::error::{Error, Result};
use crate::load::{list_files, Problem};
use crate::progress::{Progress, ProgressFn};
use crate::store::{self, tantivy_error, Store};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tantivy::{IndexWriter, TantivyDocument};

/// What `newsgrep index` is asked to do.
#[derive(Debug, Clone)]
pub struct IndexConfig {
    /// The index folder.
    pub index_dir: PathBuf,
    /// Dump folders (or files) to read.
    pub dumps: Vec<PathBuf>,
    /// Start from an empty index instead of updating the existing one.
    pub rebuild: bool,
    /// Remove posts of the dumped sites that are no longer in the dump.
    pub prune: bool,
    /// The site of every post of the dumps, instead of the hosts of their links.
    pub site: Option<String>,
    /// Memory for tantivy's writer, in bytes (split across its threads).
    pub writer_memory: usize,
    /// Posts per commit: a crash loses at most the batch being written.
    pub batch_posts: usize,
    /// Most posts of unclear language held back for their site's language before
    /// they are settled and written.
    pub held_posts: usize,
    /// Where to report progress, if anywhere.
    pub progress: Option<ProgressFn>,
}

impl IndexConfig {
    /// A configuration with default writer settings.
    pub fn new(index_dir: PathBuf, dumps: Vec<PathBuf>) -> IndexConfig {
        IndexConfig {
            index_dir,
            dumps,
            rebuild: false,
            prune: false,
            site: None,
            writer_memory: 256 * 1024 * 1024,
            batch_posts: 100_000,
            held_posts: languages::MAX_HELD,
            progress: None,
        }
    }

    /// Hands a progress event to the receiver, if there is one.
    fn progress(&self, event: Progress) {
        if let Some(progress) = &self.progress {
            progress.report(event);
        }
    }
}

/// What an indexing run did.
#[derive(Debug, Default)]
pub struct IndexReport {
    /// Posts new to the index.
    pub added: usize,
    /// Posts whose source or names changed, replaced.
    pub updated: usize,
    /// Posts already in the index as they are: no work done.
    pub unchanged: usize,
    /// Posts removed by `--prune`.
    pub removed: usize,
    /// Copies of posts left out because a newer or equal copy was chosen.
    pub duplicates: usize,
    /// Distinct sites among the posts of the dump.
    pub sites: usize,
    /// Files that held JSON and were read.
    pub files_read: usize,
    /// Files that are not JSON and were passed over quietly.
    pub files_ignored: usize,
    /// Files (or folders) that could not be used at all.
    pub files_skipped: usize,
    /// Everything wrong or repaired, one line each: unusable files, broken tails,
    /// posts with missing or odd fields.
    pub problems: Vec<Problem>,
    /// Commits made (one per batch of changed posts).
    pub commits: usize,
    /// Bytes of JSON read.
    pub bytes_read: u64,
    /// Wall time of the whole run.
    pub elapsed: Duration,
}

impl IndexReport {
    /// Posts of the dump now in the index.
    pub fn posts(&self) -> usize {
        self.added + self.updated + self.unchanged
    }

    /// Input speed in MB/s (10^6 bytes) of JSON.
    pub fn megabytes_per_second(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64().max(1e-9);
        self.bytes_read as f64 / 1e6 / seconds
    }
}

/// Indexes the dumps into the index folder: new posts are added, changed ones
/// replaced, unchanged ones skipped, and with `prune` vanished ones removed.
/// Unreadable files and odd posts are reported in the result; only a failure of the
/// index itself (or nothing to read at all) is an error.
pub fn index_dumps(config: &IndexConfig) -> Result<IndexReport> {
    let started = Instant::now();
    let missing = missing_dumps(&config.dumps)?;
    let (store, mut writer) = open_writer(config)?;
    let present: Vec<PathBuf> = config
        .dumps
        .iter()
        .filter(|d| d.exists())
        .cloned()
        .collect();
    let (files, mut problems) = list_files(&present, config.site.as_deref());
    problems.extend(missing);
    let mut report = IndexReport {
        files_skipped: problems.len(),
        ..IndexReport::default()
    };

    let scan = scan::scan_dumps(config, &files, &mut report, &mut problems);
    let (plan, tables) = plan::plan_changes(
        scan,
        &store,
        config.rebuild,
        files.len(),
        config.prune,
        &mut report,
    )?;
    if plan.bulk {
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    }
    let late_problems = write::write_changes(
        config,
        &store,
        &mut writer,
        &files,
        &tables,
        &plan,
        &mut report,
    )?;
    if plan.bulk {
        config.progress(Progress::Merging);
        merge::merge_segments(&store, &mut writer)?;
    }
    writer
        .wait_merging_threads()
        .map_err(|source| tantivy_error(&store.path, source))?;
    // Joined again after any commit since the last joins (a run that failed after its
    // commit leaves them stale for the next one to mend).
    let opstamp = store
        .index
        .load_metas()
        .map_err(|source| tantivy_error(&store.path, source))?
        .opstamp;
    if crate::identities::Identities::stale(&store.path, opstamp) {
        speakers::refresh_identities(&store, opstamp)?;
    }

    problems.extend(late_problems);
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    problems.dedup();
    report.problems = problems;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// The dumps that do not exist, as problems; an error when none of them exists (or
/// none was given).
fn missing_dumps(dumps: &[PathBuf]) -> Result<Vec<Problem>> {
    let missing: Vec<Problem> = dumps
        .iter()
        .filter(|dump| !dump.exists())
        .map(|dump| Problem {
            path: dump.clone(),
            reason: "no such file or directory".to_string(),
        })
        .collect();
    if missing.len() == dumps.len() {
        let reasons: Vec<String> = missing.iter().map(Problem::to_string).collect();
        return Err(Error::NothingToIndex(if reasons.is_empty() {
            "no dump folder given".to_string()
        } else {
            reasons.join("; ")
        }));
    }
    Ok(missing)
}

/// Opens the index (created if new; with `rebuild`, recreated if incompatible) and
/// takes its writer lock before any work, so that a second run stops at once.
fn open_writer(config: &IndexConfig) -> Result<(Store, IndexWriter<TantivyDocument>)> {
    let store = match store::open_or_create(&config.index_dir) {
        Err(Error::IncompatibleIndex { .. }) if config.rebuild => {
            store::remove(&config.index_dir)?;
            store::open_or_create(&config.index_dir)?
        }
        other => other?,
    };
    let writer: IndexWriter<TantivyDocument> =
        store
            .index
            .writer(config.writer_memory)
            .map_err(|source| match source {
                tantivy::TantivyError::LockFailure(..) => Error::IndexLocked(store.path.clone()),
                source => tantivy_error(&store.path, source),
            })?;
    writer.set_merge_policy(Box::new(merge::merge_policy()));
    Ok((store, writer))
}
