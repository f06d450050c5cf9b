//! Loading a dump: walking folders, recognising JSON files by content, reading the
//! WordPress objects in them and turning posts into [`crate::Post`]s.

mod convert;
mod cuts;
mod decode;
pub mod raw;
pub mod reader;
pub mod site;
mod terms;
pub mod wp;

pub use convert::{convert_post, post_host};
pub use raw::{not_objects_note, raw_objects, InvalidJson, RawObjects};
pub use reader::{DumpReader, ReadSummary, Window, WINDOW_BYTES};
pub use site::SiteRule;
pub use terms::{ObjectKind, PostTerms, Taxonomy, TermName, TermTables};

use std::fmt;
use std::path::{Path, PathBuf};
use wp::WpObject;

/// A file found under one of the dump folders.
#[derive(Debug, Clone)]
pub struct DumpFile {
    /// Where the file is.
    pub path: PathBuf,
    /// Size in bytes when it was listed.
    pub size: u64,
    /// How its posts get their site (from the dump folder it was found in).
    pub site: SiteRule,
}

/// A file or folder that could not be used, with the reason, for one line on stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file or folder concerned.
    pub path: PathBuf,
    /// What was wrong with it.
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

/// Lists every regular file below the given folders (or the files themselves), in a
/// stable order, with the site rule of its folder (`site` names the site of all of
/// them). Folders that cannot be read are reported and skipped, and so are the state
/// and unfinished files `newsgrep fetch` keeps in a dump.
pub fn list_files(roots: &[PathBuf], site: Option<&str>) -> (Vec<DumpFile>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for root in roots {
        let rule = SiteRule::of_dump(root, site);
        let mut rules = site::FolderRules::default();
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name();
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_file() => {
                    let name = entry.file_name().to_string_lossy();
                    if name == site::STATE_FILE || name.ends_with(site::PARTIAL) {
                        continue;
                    }
                    let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                    let path = entry.into_path();
                    let site = match (site, path.parent()) {
                        (None, Some(folder)) => rules.of(folder, root, &rule),
                        _ => rule.clone(),
                    };
                    files.push(DumpFile { path, size, site });
                }
                Ok(_) => {}
                Err(err) => {
                    let path = err.path().unwrap_or(root).to_path_buf();
                    let reason = match (err.loop_ancestor(), err.io_error()) {
                        (Some(_), _) => "symbolic link loop; skipped".to_string(),
                        (None, Some(io)) => io_reason(io),
                        (None, None) => err.to_string(),
                    };
                    problems.push(Problem { path, reason });
                }
            }
        }
    }
    (files, problems)
}

/// What reading one file gave.
#[derive(Debug, Default)]
pub struct FileObjects {
    /// The objects read, in file order (those before a syntax error included).
    pub objects: Vec<WpObject>,
    /// What was wrong with the file or repaired in it, one reason per line.
    pub problems: Vec<String>,
    /// True when the file is not JSON and not named as JSON: it is ignored quietly.
    pub ignored: bool,
}

/// Reads a file and every WordPress object in it (see [`DumpReader`]), for tools that
/// want whole objects at once.
pub fn read_objects(path: &Path) -> FileObjects {
    match DumpReader::open(path) {
        FileRead::Json(mut reader) => {
            let mut objects = Vec::new();
            while let Some(window) = reader.next_window() {
                objects.extend(window.objects().map(|raw| wp::read_object(raw).0));
            }
            FileObjects {
                objects,
                problems: reader.finish().problems,
                ignored: false,
            }
        }
        FileRead::NotJson => FileObjects {
            ignored: true,
            ..FileObjects::default()
        },
        FileRead::Failed(reason) => FileObjects {
            problems: vec![reason],
            ..FileObjects::default()
        },
    }
}

/// The outcome of opening one file of a dump.
#[derive(Debug)]
pub enum FileRead<T> {
    /// The file holds JSON (possibly repaired).
    Json(T),
    /// The file is not JSON and its name does not say it is: ignored quietly.
    NotJson,
    /// The file cannot be used, for this reason.
    Failed(String),
}

pub(super) fn io_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::IsADirectory => "is a directory".to_string(),
        _ => err.to_string(),
    }
}
