//! The parallel indexing pipeline: list the dump, read every file once to learn its
//! terms, users and post copies, then convert the newest copy of each post (rayon)
//! and feed it to tantivy's multi-threaded writer, committing at the end.

use crate::error::{Error, Result};
use crate::load::{
    convert_post, list_files, post_host, read_objects, DumpFile, ObjectKind, Problem, TermTables,
};
use crate::post::site_key;
use crate::schema::post_key;
use crate::store::{self, tantivy_error};
use crate::timefmt::parse_wp_datetime;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tantivy::{IndexWriter, TantivyDocument, Term};

/// What `newsgrep index` is asked to do.
#[derive(Debug, Clone)]
pub struct IndexConfig {
    /// The index folder.
    pub index_dir: PathBuf,
    /// Dump folders (or files) to read.
    pub dumps: Vec<PathBuf>,
    /// Start from an empty index instead of updating the existing one.
    pub rebuild: bool,
    /// Memory for tantivy's writer, in bytes (split across its threads).
    pub writer_memory: usize,
}

impl IndexConfig {
    /// A configuration with default writer settings.
    pub fn new(index_dir: PathBuf, dumps: Vec<PathBuf>) -> IndexConfig {
        IndexConfig {
            index_dir,
            dumps,
            rebuild: false,
            writer_memory: 256 * 1024 * 1024,
        }
    }
}

/// What an indexing run did.
#[derive(Debug, Default)]
pub struct IndexReport {
    /// Posts written to the index (each post once, the newest copy).
    pub posts: usize,
    /// Copies of posts left out because a newer or equal copy was indexed.
    pub duplicates: usize,
    /// Distinct sites among the indexed posts.
    pub sites: usize,
    /// Files that held JSON and were read.
    pub files_read: usize,
    /// Files that are not JSON and were passed over quietly.
    pub files_ignored: usize,
    /// Files (or folders) that could not be read or parsed, with the reason.
    pub problems: Vec<Problem>,
    /// Bytes of JSON read.
    pub bytes_read: u64,
    /// Wall time of the whole run.
    pub elapsed: Duration,
}

impl IndexReport {
    /// Input speed in MB/s (10^6 bytes) of JSON.
    pub fn megabytes_per_second(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64().max(1e-9);
        self.bytes_read as f64 / 1e6 / seconds
    }
}

/// Where the chosen copy of a post is.
#[derive(Debug, Clone, Copy)]
struct Copy {
    modified: Option<i64>,
    file: usize,
    item: usize,
}

/// What the first pass learned from one file.
#[derive(Default)]
struct FileScan {
    copies: Vec<((String, u64), Copy)>,
    tables: TermTables,
    problem: Option<String>,
    ignored: bool,
    bytes: u64,
}

/// Indexes the dumps into the index folder, adding new posts and replacing changed
/// ones. Unreadable files are reported in the result; only a failure of the index
/// itself (or nothing to read at all) is an error.
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
    let existing: Vec<PathBuf> = config
        .dumps
        .iter()
        .filter(|d| d.exists())
        .cloned()
        .collect();
    let (files, mut problems) = list_files(&existing);
    problems.extend(missing);

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
    if config.rebuild {
        writer
            .delete_all_documents()
            .map_err(|source| tantivy_error(&store.path, source))?;
    }

    // Pass 1: terms, users and where every copy of every post is.
    let scans: Vec<FileScan> = files
        .par_iter()
        .enumerate()
        .map(|(i, f)| scan_file(i, f))
        .collect();
    let mut report = IndexReport::default();
    let mut tables = TermTables::default();
    let mut chosen: HashMap<(String, u64), Copy> = HashMap::new();
    let mut copies_seen = 0usize;
    for (scan, file) in scans.into_iter().zip(&files) {
        report.bytes_read += scan.bytes;
        if scan.ignored {
            report.files_ignored += 1;
        } else {
            report.files_read += 1;
        }
        if let Some(reason) = scan.problem {
            problems.push(Problem {
                path: file.path.clone(),
                reason,
            });
        }
        tables.merge(scan.tables);
        for (key, copy) in scan.copies {
            copies_seen += 1;
            chosen
                .entry(key)
                .and_modify(|kept| {
                    if copy.modified > kept.modified {
                        *kept = copy;
                    }
                })
                .or_insert(copy);
        }
    }
    report.duplicates = copies_seen - chosen.len();
    report.sites = chosen
        .keys()
        .map(|(site, _)| site)
        .collect::<HashSet<_>>()
        .len();

    // Pass 2: convert the chosen copies and index them.
    let mut items_by_file: Vec<Vec<usize>> = vec![Vec::new(); files.len()];
    for copy in chosen.values() {
        items_by_file[copy.file].push(copy.item);
    }
    let late_problems = Mutex::new(Vec::new());
    let indexed: usize = items_by_file
        .par_iter()
        .enumerate()
        .filter(|(_, items)| !items.is_empty())
        .map(|(file, items)| -> Result<usize> {
            let read = read_objects(&files[file].path);
            if let (Some(reason), true) = (read.problem, read.objects.is_empty()) {
                if let Ok(mut late) = late_problems.lock() {
                    late.push(Problem {
                        path: files[file].path.clone(),
                        reason,
                    });
                }
            }
            let mut count = 0;
            for &item in items {
                let Some(object) = read.objects.get(item) else {
                    continue;
                };
                let Some(post) = convert_post(object, &tables) else {
                    continue;
                };
                writer.delete_term(Term::from_field_text(
                    store.fields.key,
                    &post_key(&post.site, post.id),
                ));
                writer
                    .add_document(store.fields.document(&post))
                    .map_err(|source| tantivy_error(&store.path, source))?;
                count += 1;
            }
            Ok(count)
        })
        .try_reduce(|| 0, |a, b| Ok(a + b))?;
    report.posts = indexed;

    let mut writer = writer;
    writer
        .commit()
        .map_err(|source| tantivy_error(&store.path, source))?;
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

fn scan_file(file: usize, dump_file: &DumpFile) -> FileScan {
    let read = read_objects(&dump_file.path);
    let mut scan = FileScan {
        problem: read.problem,
        ignored: read.ignored,
        bytes: if read.ignored { 0 } else { dump_file.size },
        ..FileScan::default()
    };
    for (item, object) in read.objects.iter().enumerate() {
        if scan.tables.learn(object) {
            continue;
        }
        if ObjectKind::of(object) != ObjectKind::Post {
            continue;
        }
        let Some(id) = object.id else { continue };
        let site = post_host(object).map(|h| site_key(&h)).unwrap_or_default();
        let modified = object
            .modified_gmt
            .as_deref()
            .or(object.modified.as_deref())
            .and_then(parse_wp_datetime)
            .map(|dt| dt.unix_timestamp());
        scan.copies.push((
            (site, id),
            Copy {
                modified,
                file,
                item,
            },
        ));
    }
    scan
}
