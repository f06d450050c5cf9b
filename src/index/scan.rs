//! The first pass: every file read once on all cores, each object classified from its
//! head alone, to learn the terms and users and where every copy of every post is; of
//! several copies of a post the newest is chosen.

use super::fingerprint::source_hash;
use super::{IndexConfig, IndexReport};
use crate::load::wp::read_head;
use crate::load::{
    post_host, DumpFile, DumpReader, FileRead, ObjectKind, PostTerms, Problem, TermTables,
};
use crate::post::site_key;
use crate::progress::Progress;
use crate::timefmt::parse_wp_datetime;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// One copy of a post in the dump, as the first pass saw it.
#[derive(Debug)]
pub(super) struct PostCopy {
    /// Modification time (Unix seconds), to choose the newest copy.
    pub(super) modified: Option<i64>,
    /// The file it is in, by its place in the file list.
    pub(super) file: usize,
    /// Its place among the file's objects.
    pub(super) item: usize,
    /// Hash of the object's JSON text.
    pub(super) source_hash: u64,
    /// The ids whose names go into the fingerprint (the rest of the head is dropped:
    /// a million posts' heads would not fit in the memory budget).
    pub(super) terms: PostTerms,
}

/// A post's identity across the dump: its site and its id there.
pub(super) type PostId = (String, u64);

/// What the first pass learned from all the files.
pub(super) struct DumpScan {
    /// Term and user names, by site.
    pub(super) tables: TermTables,
    /// The chosen (newest) copy of every post.
    pub(super) chosen: HashMap<PostId, PostCopy>,
}

impl DumpScan {
    /// The sites the dump holds posts of.
    pub(super) fn sites(&self) -> HashSet<&str> {
        self.chosen.keys().map(|(site, _)| site.as_str()).collect()
    }
}

/// What the first pass learned from one file.
#[derive(Default)]
struct FileScan {
    copies: Vec<(PostId, PostCopy)>,
    tables: TermTables,
    problems: Vec<String>,
    unusable: bool,
    ignored: bool,
    bytes: u64,
}

/// Scans every file, counts what was read into the report, adds the files' problems to
/// `problems` and chooses the newest copy of each post.
pub(super) fn scan_dumps(
    config: &IndexConfig,
    files: &[DumpFile],
    report: &mut IndexReport,
    problems: &mut Vec<Problem>,
) -> DumpScan {
    config.progress(Progress::Reading {
        files: files.len(),
        bytes: files.iter().map(|f| f.size).sum(),
    });
    let scans: Vec<FileScan> = files
        .par_iter()
        .enumerate()
        .map(|(i, f)| {
            let scan = scan_file(i, f);
            config.progress(Progress::Read { bytes: f.size });
            scan
        })
        .collect();
    let mut tables = TermTables::default();
    let mut chosen: HashMap<PostId, PostCopy> = HashMap::new();
    let mut copies_seen = 0usize;
    for (scan, file) in scans.into_iter().zip(files) {
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
    DumpScan { tables, chosen }
}

/// Objects of a window below this many are read on one core.
const OBJECTS_PER_TASK: usize = 64;

/// The first pass over one file: classify every object from its head alone, window
/// by window, the heads of a window read on all cores.
fn scan_file(file: usize, dump_file: &DumpFile) -> FileScan {
    let mut reader = match DumpReader::open(&dump_file.path) {
        FileRead::Json(reader) => reader,
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
        ..FileScan::default()
    };
    let mut object_problems = Vec::new();
    while let Some(window) = reader.next_window() {
        let heads: Vec<_> = window
            .objects()
            .collect::<Vec<&str>>()
            .into_par_iter()
            .with_min_len(OBJECTS_PER_TASK)
            .map(|raw_object| {
                let (head, notes) = read_head(raw_object);
                let hash =
                    (ObjectKind::of(&head) == ObjectKind::Post).then(|| source_hash(raw_object));
                (head, notes, hash)
            })
            .collect();
        for (i, (head, notes, hash)) in heads.into_iter().enumerate() {
            let item = window.first_item + i;
            if scan.tables.learn(&head) {
                continue;
            }
            let Some(source_hash) = hash else { continue };
            let Some(id) = head.id else {
                let why = notes.first().map_or("no `id`".to_string(), Clone::clone);
                object_problems.push(format!("object {}: {why}; skipped", item + 1));
                continue;
            };
            let site = post_host(&head).map(|h| site_key(&h)).unwrap_or_default();
            let modified = head
                .modified_gmt
                .as_deref()
                .or(head.modified.as_deref())
                .and_then(parse_wp_datetime)
                .map(|dt| dt.unix_timestamp());
            scan.copies.push((
                (site, id),
                PostCopy {
                    modified,
                    file,
                    item,
                    source_hash,
                    terms: PostTerms::of(&head),
                },
            ));
        }
    }
    let summary = reader.finish();
    scan.unusable = summary.unusable();
    scan.problems = summary.problems;
    scan.problems.extend(object_problems);
    scan
}
