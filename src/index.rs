//! The indexing pipeline: list the dump, read every file once to learn its terms,
//! users and post copies (cheaply: only each object's head is parsed), skip the posts
//! whose fingerprint is already in the index, then convert the changed ones on all
//! cores (rayon) and feed them to tantivy's writer, committing in batches.

use crate::error::{Error, Result};
use crate::load::wp::{read_head, read_object};
use crate::load::{
    convert_post, list_files, post_host, read_dump_objects, DumpFile, FileRead, ObjectKind,
    PostTerms, Problem, TermTables,
};
use crate::post::site_key;
use crate::progress::{Progress, ProgressFn};
use crate::schema::post_key;
use crate::store::{self, tantivy_error, Store};
use crate::timefmt::parse_wp_datetime;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::hash::Hasher;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tantivy::{IndexWriter, TantivyDocument, Term};

/// Changes to this number re-index every post on the next run: raise it when the
/// conversion of posts (HTML stripping, quotation extraction) changes its output.
const PIPELINE_VERSION: u64 = 1;

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
    /// Memory for tantivy's writer, in bytes (split across its threads).
    pub writer_memory: usize,
    /// Posts per commit: a crash loses at most the batch being written.
    pub batch_posts: usize,
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
            writer_memory: 256 * 1024 * 1024,
            batch_posts: 100_000,
            progress: None,
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

/// One copy of a post in the dump, as the first pass saw it.
#[derive(Debug)]
struct PostCopy {
    modified: Option<i64>,
    file: usize,
    item: usize,
    /// Hash of the object's JSON text.
    source_hash: u64,
    /// The ids whose names go into the fingerprint (the rest of the head is dropped:
    /// a million posts' heads would not fit in the memory budget).
    terms: PostTerms,
}

/// A post to (re)index: where it is in its file, its fingerprint, and whether an older
/// version in the index must go (a post new to the index needs no delete).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Change {
    item: usize,
    fingerprint: u64,
    replaces: bool,
}

/// What the first pass learned from one file.
#[derive(Default)]
struct FileScan {
    copies: Vec<((String, u64), PostCopy)>,
    tables: TermTables,
    problems: Vec<String>,
    unusable: bool,
    ignored: bool,
    bytes: u64,
}

/// Indexes the dumps into the index folder: new posts are added, changed ones
/// replaced, unchanged ones skipped, and with `prune` vanished ones removed.
/// Unreadable files and odd posts are reported in the result; only a failure of the
/// index itself (or nothing to read at all) is an error.
pub fn index_dumps(config: &IndexConfig) -> Result<IndexReport> {
    let started = Instant::now();
    let missing: Vec<Problem> = config
        .dumps
        .iter()
        .filter(|dump| !dump.exists())
        .map(|dump| Problem {
            path: dump.clone(),
            reason: "no such file or directory".to_string(),
        })
        .collect();
    if missing.len() == config.dumps.len() {
        let reasons: Vec<String> = missing.iter().map(Problem::to_string).collect();
        return Err(Error::NothingToIndex(if reasons.is_empty() {
            "no dump folder given".to_string()
        } else {
            reasons.join("; ")
        }));
    }
    let store = match store::open_or_create(&config.index_dir) {
        Err(Error::IncompatibleIndex { .. }) if config.rebuild => {
            store::remove(&config.index_dir)?;
            store::open_or_create(&config.index_dir)?
        }
        other => other?,
    };
    // Take the writer lock before any work: a second run stops at once.
    let mut writer: IndexWriter<TantivyDocument> = store
        .index
        .writer(config.writer_memory)
        .map_err(|source| match source {
            tantivy::TantivyError::LockFailure(..) => Error::IndexLocked(store.path.clone()),
            source => tantivy_error(&store.path, source),
        })?;
    writer.set_merge_policy(Box::new(merge_policy()));
    let mut existing = if config.rebuild {
        HashMap::new()
    } else {
        indexed_fingerprints(&store)?
    };

    let existing_dumps: Vec<PathBuf> = config
        .dumps
        .iter()
        .filter(|d| d.exists())
        .cloned()
        .collect();
    let (files, mut problems) = list_files(&existing_dumps);
    problems.extend(missing);
    let mut report = IndexReport {
        files_skipped: problems.len(),
        ..IndexReport::default()
    };

    let progress = |event| {
        if let Some(progress) = &config.progress {
            progress.report(event);
        }
    };
    // Pass 1: terms, users and where every copy of every post is.
    progress(Progress::Reading {
        files: files.len(),
        bytes: files.iter().map(|f| f.size).sum(),
    });
    let scans: Vec<FileScan> = files
        .par_iter()
        .enumerate()
        .map(|(i, f)| {
            let scan = scan_file(i, f);
            progress(Progress::Read { bytes: f.size });
            scan
        })
        .collect();
    let mut tables = TermTables::default();
    let mut chosen: HashMap<(String, u64), PostCopy> = HashMap::new();
    let mut copies_seen = 0usize;
    for (scan, file) in scans.into_iter().zip(&files) {
        report.bytes_read += scan.bytes;
        if scan.ignored {
            report.files_ignored += 1;
        } else {
            report.files_read += 1;
        }
        if scan.unusable {
            report.files_skipped += 1;
        }
        problems.extend(scan.problems.into_iter().map(|reason| Problem {
            path: file.path.clone(),
            reason,
        }));
        tables.merge(scan.tables);
        for (key, copy) in scan.copies {
            copies_seen += 1;
            match chosen.get(&key) {
                Some(kept) if copy.modified <= kept.modified => {}
                _ => {
                    chosen.insert(key, copy);
                }
            }
        }
    }
    report.duplicates = copies_seen - chosen.len();
    let dumped_sites: HashSet<&String> = chosen.keys().map(|(site, _)| site).collect();
    report.sites = dumped_sites.len();

    // Which posts changed: their fingerprint is not the one in the index.
    let mut changed: Vec<Vec<Change>> = vec![Vec::new(); files.len()];
    let indexed_before = existing.len();
    // What stays in `existing` afterwards is in the index but not in the dump.
    for ((site, id), copy) in &chosen {
        let key = post_key(site, *id);
        let fingerprint = fingerprint(copy, site, &tables);
        let replaces = match existing.remove(&key) {
            Some(old) if old == fingerprint => {
                report.unchanged += 1;
                continue;
            }
            Some(_) => {
                report.updated += 1;
                true
            }
            None => {
                report.added += 1;
                false
            }
        };
        changed[copy.file].push(Change {
            item: copy.item,
            fingerprint,
            replaces,
        });
    }
    for items in &mut changed {
        items.sort_unstable();
    }
    let stale: Vec<&String> = if config.prune {
        existing
            .keys()
            .filter(|key| {
                key.rsplit_once('/')
                    .is_some_and(|(site, _)| dumped_sites.contains(&site.to_string()))
            })
            .collect()
    } else {
        Vec::new()
    };
    report.removed = stale.len();

    // A run that writes at least half of the index merges nothing while it writes and
    // everything at the end; smaller runs leave merging to the merge policy.
    // (`indexed_before` is 0 on a rebuild: nothing was read from the index.)
    let written = report.added + report.updated;
    let bulk = written > 0 && written * 2 >= indexed_before + report.added;
    if bulk {
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    }

    // Pass 2: convert the changed posts and index them, a batch per commit.
    if config.rebuild {
        writer
            .delete_all_documents()
            .map_err(|source| tantivy_error(&store.path, source))?;
    }
    let late_problems = Mutex::new(Vec::new());
    progress(Progress::Indexing {
        files: changed.iter().filter(|items| !items.is_empty()).count(),
        posts: written,
        bytes: changed
            .iter()
            .zip(&files)
            .filter(|(items, _)| !items.is_empty())
            .map(|(_, file)| file.size)
            .sum(),
    });
    for batch in batches(&changed, config.batch_posts.max(1)) {
        batch
            .par_iter()
            .map(|&file| {
                index_file(
                    &store,
                    &writer,
                    &files[file],
                    &changed[file],
                    &tables,
                    &late_problems,
                )?;
                progress(Progress::Indexed {
                    posts: changed[file].len(),
                    bytes: files[file].size,
                });
                Ok(())
            })
            .collect::<Result<Vec<()>>>()?;
        progress(Progress::Committing);
        writer
            .commit()
            .map_err(|source| tantivy_error(&store.path, source))?;
        report.commits += 1;
    }
    if !stale.is_empty() || (config.rebuild && report.commits == 0) {
        progress(Progress::Committing);
        for key in &stale {
            writer.delete_term(Term::from_field_text(store.fields.key, key));
        }
        writer
            .commit()
            .map_err(|source| tantivy_error(&store.path, source))?;
        report.commits += 1;
    }
    if bulk {
        progress(Progress::Merging);
        merge_segments(&store, &mut writer)?;
    }
    writer
        .wait_merging_threads()
        .map_err(|source| tantivy_error(&store.path, source))?;

    problems.extend(late_problems.into_inner().unwrap_or_default());
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    problems.dedup();
    report.problems = problems;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// After a run that wrote at least half of the index (no merges ran meanwhile): its
/// segments merged into one per core, merged side by side. A search opens every
/// segment's files, so on 85,000 posts a query from the command line takes 6 ms over
/// 2 segments and 11 ms over 12; the merge costs about a sixth of the build.
fn merge_segments(store: &Store, writer: &mut IndexWriter<TantivyDocument>) -> Result<()> {
    let tantivy_err = |source| tantivy_error(&store.path, source);
    let segments = store.index.searchable_segment_ids().map_err(tantivy_err)?;
    let groups = rayon::current_num_threads().max(1);
    if segments.len() <= groups {
        return Ok(());
    }
    let per_group = segments.len().div_ceil(groups);
    let merges: Vec<_> = segments
        .chunks(per_group)
        .filter(|group| group.len() > 1)
        .map(|group| writer.merge(group))
        .collect();
    for merge in merges {
        merge.wait().map_err(tantivy_err)?;
    }
    Ok(())
}

/// Segments are merged only when many of a size pile up: merging rewrites postings
/// and costs a fifth of a full build at tantivy's default of 8, while searching 16
/// segments instead of 8 costs microseconds.
fn merge_policy() -> tantivy::merge_policy::LogMergePolicy {
    let mut policy = tantivy::merge_policy::LogMergePolicy::default();
    policy.set_min_num_segments(16);
    policy
}

/// The fingerprints of the posts in the index's last commit, by key.
fn indexed_fingerprints(store: &Store) -> Result<HashMap<String, u64>> {
    let tantivy_err = |source| tantivy_error(&store.path, source);
    // A reader of its own, dropped on return (the store's kept reader would hold the
    // segments this run merges away); no reload watcher for a one-time read.
    let reader: tantivy::IndexReader = store
        .index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()
        .map_err(tantivy_err)?;
    let searcher = reader.searcher();
    let mut fingerprints = HashMap::with_capacity(searcher.num_docs() as usize);
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let Some(keys) = fast.str("key").map_err(tantivy_err)? else {
            continue;
        };
        // The keys in term order, read in one pass: looking each up by its ordinal
        // would decompress a dictionary block per post.
        let dictionary = keys.dictionary();
        let mut by_ord: Vec<String> = Vec::with_capacity(dictionary.num_terms());
        let mut terms = dictionary
            .stream()
            .map_err(|source| tantivy_err(source.into()))?;
        while terms.advance() {
            by_ord.push(String::from_utf8_lossy(terms.key()).into_owned());
        }
        let prints = fast.u64("fingerprint").map_err(tantivy_err)?;
        for doc in segment.doc_ids_alive() {
            let (Some(ord), Some(print)) = (keys.term_ords(doc).next(), prints.first(doc)) else {
                continue;
            };
            if let Some(key) = by_ord.get(ord as usize) {
                fingerprints.insert(key.clone(), print);
            }
        }
    }
    Ok(fingerprints)
}

/// A post's fingerprint: its JSON text, the names its ids resolve to, and the version
/// of the conversion.
fn fingerprint(copy: &PostCopy, site: &str, tables: &TermTables) -> u64 {
    let mut hasher = StableHasher::default();
    hasher.write_u64(PIPELINE_VERSION);
    hasher.write_u64(copy.source_hash);
    tables.hash_names(site, &copy.terms, &mut hasher);
    hasher.finish()
}

/// Groups the files with changed posts into batches of about `batch_posts` posts.
fn batches(changed: &[Vec<Change>], batch_posts: usize) -> Vec<Vec<usize>> {
    let mut batches = Vec::new();
    let mut current = Vec::new();
    let mut posts = 0;
    for (file, items) in changed.iter().enumerate() {
        if items.is_empty() {
            continue;
        }
        current.push(file);
        posts += items.len();
        if posts >= batch_posts {
            batches.push(std::mem::take(&mut current));
            posts = 0;
        }
    }
    if !current.is_empty() {
        batches.push(current);
    }
    batches
}

/// Reads one file again and indexes its changed posts.
fn index_file(
    store: &Store,
    writer: &IndexWriter<TantivyDocument>,
    file: &DumpFile,
    items: &[Change],
    tables: &TermTables,
    problems: &Mutex<Vec<Problem>>,
) -> Result<()> {
    let mut notes = Vec::new();
    // The file's own problems were reported by the first pass.
    let objects = match read_dump_objects(&file.path) {
        FileRead::Json(objects) => objects,
        // The file changed or vanished since the first pass.
        FileRead::NotJson => return Ok(()),
        FileRead::Failed(reason) => {
            report(problems, file, vec![reason]);
            return Ok(());
        }
    };
    for &Change {
        item,
        fingerprint,
        replaces,
    } in items
    {
        let Some(raw_object) = objects.get(item) else {
            continue;
        };
        let (object, mut post_notes) = read_object(raw_object);
        let Some(post) = convert_post(&object, tables, &mut post_notes) else {
            continue;
        };
        notes.extend(
            post_notes
                .into_iter()
                .map(|note| format!("post {}: {note}", post.id)),
        );
        if replaces {
            writer.delete_term(Term::from_field_text(
                store.fields.key,
                &post_key(&post.site, post.id),
            ));
        }
        writer
            .add_document(store.fields.document(&post, fingerprint))
            .map_err(|source| tantivy_error(&store.path, source))?;
    }
    report(problems, file, notes);
    Ok(())
}

fn report(problems: &Mutex<Vec<Problem>>, file: &DumpFile, reasons: Vec<String>) {
    if reasons.is_empty() {
        return;
    }
    if let Ok(mut problems) = problems.lock() {
        problems.extend(reasons.into_iter().map(|reason| Problem {
            path: file.path.clone(),
            reason,
        }));
    }
}

/// The first pass over one file: classify every object from its head alone.
fn scan_file(file: usize, dump_file: &DumpFile) -> FileScan {
    let objects = match read_dump_objects(&dump_file.path) {
        FileRead::Json(objects) => objects,
        FileRead::NotJson => {
            return FileScan {
                ignored: true,
                ..FileScan::default()
            }
        }
        FileRead::Failed(reason) => {
            return FileScan {
                problems: vec![reason],
                unusable: true,
                ..FileScan::default()
            }
        }
    };
    let mut scan = FileScan {
        bytes: dump_file.size,
        problems: objects.problems.clone(),
        unusable: objects.unusable(),
        ..FileScan::default()
    };
    for (item, raw_object) in objects.iter().enumerate() {
        let (head, notes) = read_head(raw_object);
        if scan.tables.learn(&head) || ObjectKind::of(&head) != ObjectKind::Post {
            continue;
        }
        let Some(id) = head.id else {
            let why = notes.first().map_or("no `id`".to_string(), Clone::clone);
            scan.problems
                .push(format!("object {}: {why}; skipped", item + 1));
            continue;
        };
        let site = post_host(&head).map(|h| site_key(&h)).unwrap_or_default();
        let modified = head
            .modified_gmt
            .as_deref()
            .or(head.modified.as_deref())
            .and_then(parse_wp_datetime)
            .map(|dt| dt.unix_timestamp());
        let mut hasher = StableHasher::default();
        hasher.write(raw_object.as_bytes());
        scan.copies.push((
            (site, id),
            PostCopy {
                modified,
                file,
                item,
                source_hash: hasher.finish(),
                terms: PostTerms::of(&head),
            },
        ));
    }
    scan
}

/// A fast hash over 8-byte words (FxHash's mixing, with a final avalanche) that
/// stays the same across Rust versions, so that stored fingerprints keep their meaning.
#[derive(Default)]
struct StableHasher(u64);

const MIX: u64 = 0x517c_c1b7_2722_0a95;

impl StableHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(MIX);
    }
}

impl Hasher for StableHasher {
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let mut tail = [0u8; 8];
        let rest = chunks.remainder();
        tail[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(tail) ^ ((rest.len() as u64) << 56));
        self.add(bytes.len() as u64);
    }
}
