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
use std::collections::HashMap;

/// One copy of a post in the dump, as the first pass saw it: 48 bytes, with its term
/// and author ids kept end to end in [`DumpScan::ids`] (a million posts' heads would
/// not fit in the memory budget).
#[derive(Debug, Clone, Copy)]
pub(super) struct PostCopy {
    /// Modification time (Unix seconds) to choose the newest copy; [`UNDATED`] when
    /// unknown, which sorts before every date.
    pub(super) modified: i64,
    /// Hash of the object's JSON text.
    pub(super) source_hash: u64,
    /// Where its ids start in the ids vector: author (if any), categories, tags.
    ids_start: u64,
    /// The file it is in, by its place in the file list.
    pub(super) file: u32,
    /// Its place among the file's objects.
    pub(super) item: u32,
    categories: u32,
    tags: u32,
    has_author: bool,
    /// What the index holds of it, found when planning.
    pub(super) status: Status,
}

/// A modification time for copies without one.
pub(super) const UNDATED: i64 = i64::MIN;

/// What the index holds of a post of the dump.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Status {
    /// Nothing: the post is new.
    New,
    /// An older version, to be replaced.
    Replaced,
    /// This very version: nothing to do.
    Unchanged,
}

/// Keeps a post's term and author ids at the end of an ids vector, in the order
/// [`PostCopy::terms`] reads them (author, categories, tags); gives where they start.
fn keep_terms(ids: &mut Vec<u64>, terms: PostTerms<'_>) -> u64 {
    let start = ids.len() as u64;
    ids.extend(terms.author);
    ids.extend_from_slice(terms.categories);
    ids.extend_from_slice(terms.tags);
    start
}

impl PostCopy {
    /// Its term and author ids, from the ids vector they were kept in.
    pub(super) fn terms<'a>(&self, ids: &'a [u64]) -> PostTerms<'a> {
        let start = usize::try_from(self.ids_start).unwrap_or(usize::MAX);
        let author = usize::from(self.has_author);
        let categories = self.categories as usize;
        let at = |from: usize, len: usize| {
            ids.get(start.saturating_add(from)..start.saturating_add(from + len))
                .unwrap_or_default()
        };
        PostTerms {
            author: if self.has_author {
                at(0, 1).first().copied()
            } else {
                None
            },
            categories: at(author, categories),
            tags: at(author + categories, self.tags as usize),
        }
    }
}

/// A post's identity across the dump: its site (by its place in [`Sites`]) and its id.
pub(super) type PostId = (u32, u64);

/// The site keys of a dump's posts, each stored once.
#[derive(Debug, Default)]
pub(super) struct Sites {
    names: Vec<String>,
    places: HashMap<String, u32>,
}

impl Sites {
    /// The place of a site key, added if new.
    fn place_of(&mut self, site: &str) -> u32 {
        if let Some(&place) = self.places.get(site) {
            return place;
        }
        let place = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(site.to_string());
        self.places.insert(site.to_string(), place);
        place
    }

    /// The place of a site key, if the dump has posts of it.
    pub(super) fn find(&self, site: &str) -> Option<u32> {
        self.places.get(site).copied()
    }

    /// The site key at a place.
    pub(super) fn name(&self, place: u32) -> &str {
        self.names.get(place as usize).map_or("", String::as_str)
    }

    /// Sites the dump holds posts of.
    pub(super) fn len(&self) -> usize {
        self.names.len()
    }
}

/// What the first pass learned from all the files.
pub(super) struct DumpScan {
    /// Term and user names, by site.
    pub(super) tables: TermTables,
    /// The sites of the posts.
    pub(super) sites: Sites,
    /// The chosen (newest) copy of every post.
    pub(super) chosen: HashMap<PostId, PostCopy>,
    /// The term and author ids of the copies, end to end.
    pub(super) ids: Vec<u64>,
}

/// What the first pass learned from one file (its sites and ids its own, until the
/// file's scan joins the dump's).
#[derive(Default)]
struct FileScan {
    copies: Vec<((String, u64), PostCopy)>,
    ids: Vec<u64>,
    tables: TermTables,
    problems: Vec<String>,
    unusable: bool,
    ignored: bool,
    bytes: u64,
}

/// Files scanned side by side before their copies join the dump's: what is held at
/// once, whatever the number of files.
const FILES_AT_ONCE: usize = 256;

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
    let mut dump = DumpScan {
        tables: TermTables::default(),
        sites: Sites::default(),
        chosen: HashMap::new(),
        ids: Vec::new(),
    };
    let mut copies_seen = 0usize;
    for (chunk, chunk_files) in files.chunks(FILES_AT_ONCE).enumerate() {
        let scans: Vec<FileScan> = chunk_files
            .par_iter()
            .enumerate()
            .map(|(i, f)| {
                let scan = scan_file(chunk * FILES_AT_ONCE + i, f);
                config.progress(Progress::Read { bytes: f.size });
                scan
            })
            .collect();
        for (scan, file) in scans.into_iter().zip(chunk_files) {
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
            dump.tables.merge(scan.tables);
            copies_seen += scan.copies.len();
            for ((site, id), copy) in scan.copies {
                dump.choose((site, id), copy, &scan.ids);
            }
        }
    }
    report.duplicates = copies_seen - dump.chosen.len();
    dump
}

impl DumpScan {
    /// Keeps a copy unless a copy as new or newer was chosen before (the first of equal
    /// copies wins); its ids move from the file's ids vector to the dump's.
    fn choose(&mut self, (site, id): (String, u64), mut copy: PostCopy, file_ids: &[u64]) {
        let key = (self.sites.place_of(&site), id);
        if self
            .chosen
            .get(&key)
            .is_some_and(|kept| copy.modified <= kept.modified)
        {
            return;
        }
        let terms = copy.terms(file_ids);
        copy.ids_start = keep_terms(&mut self.ids, terms);
        self.chosen.insert(key, copy);
    }
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
            if scan.tables.learn(&head, &dump_file.site) {
                continue;
            }
            let Some(source_hash) = hash else { continue };
            let Some(id) = head.id else {
                let why = notes.first().map_or("no `id`".to_string(), Clone::clone);
                object_problems.push(format!("object {}: {why}; skipped", item + 1));
                continue;
            };
            let site = site_key(&dump_file.site.site(post_host(&head).as_deref()));
            let modified = head
                .modified_gmt
                .as_deref()
                .or(head.modified.as_deref())
                .and_then(parse_wp_datetime)
                .map(|dt| dt.unix_timestamp());
            let terms = PostTerms::of(&head);
            let ids_start = keep_terms(&mut scan.ids, terms);
            scan.copies.push((
                (site, id),
                PostCopy {
                    modified: modified.unwrap_or(UNDATED),
                    source_hash,
                    ids_start,
                    file: u32::try_from(file).unwrap_or(u32::MAX),
                    item: u32::try_from(item).unwrap_or(u32::MAX),
                    categories: u32::try_from(terms.categories.len()).unwrap_or(u32::MAX),
                    tags: u32::try_from(terms.tags.len()).unwrap_or(u32::MAX),
                    has_author: terms.author.is_some(),
                    status: Status::New,
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
