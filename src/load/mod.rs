//! Loading a dump: walking folders, recognising JSON files by content, reading the
//! WordPress objects in them and turning posts into [`crate::Post`]s.

mod convert;
mod terms;
pub mod wp;

pub use convert::{convert_post, post_host};
pub use terms::{ObjectKind, Taxonomy, TermName, TermTables};

use serde::de::DeserializeSeed;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use wp::{CollectObjects, WpObject};

/// A file found under one of the dump folders.
#[derive(Debug, Clone)]
pub struct DumpFile {
    /// Where the file is.
    pub path: PathBuf,
    /// Size in bytes when it was listed.
    pub size: u64,
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
/// stable order. Folders that cannot be read are reported and skipped.
pub fn list_files(roots: &[PathBuf]) -> (Vec<DumpFile>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for root in roots {
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name();
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_file() => {
                    let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                    files.push(DumpFile {
                        path: entry.into_path(),
                        size,
                    });
                }
                Ok(_) => {}
                Err(err) => {
                    let path = err.path().unwrap_or(root).to_path_buf();
                    let reason = match err.io_error() {
                        Some(io) if io.kind() == std::io::ErrorKind::NotFound => {
                            "no such file or directory".to_string()
                        }
                        Some(io) => io.to_string(),
                        None => err.to_string(),
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
    /// Why the file, or its tail, could not be read.
    pub problem: Option<String>,
    /// True when the file is not JSON and not named as JSON: it is ignored quietly.
    pub ignored: bool,
}

/// Reads a file and the WordPress objects in it: a single object, an array of
/// objects, or a stream of them (NDJSON). A file is taken as JSON by its content;
/// one that is not JSON is ignored unless its name says it should be JSON.
pub fn read_objects(path: &Path) -> FileObjects {
    let bytes = match read_file(path) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            return FileObjects {
                ignored: true,
                ..FileObjects::default()
            }
        }
        Err(reason) => {
            return FileObjects {
                problem: Some(reason),
                ..FileObjects::default()
            }
        }
    };
    let mut objects = Vec::new();
    let problem = parse_objects(&bytes, &mut objects).err();
    FileObjects {
        objects,
        problem,
        ignored: false,
    }
}

/// How many bytes are read first to decide whether a file is JSON at all.
const SNIFF_BYTES: usize = 512;

/// Reads the whole file if its content looks like JSON; `Ok(None)` when it does not
/// and its name does not claim JSON either (an HTML page, an image, a README).
fn read_file(path: &Path) -> Result<Option<Vec<u8>>, String> {
    let mut file = std::fs::File::open(path).map_err(|e| io_reason(&e))?;
    let mut bytes = Vec::new();
    (&mut file)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut bytes)
        .map_err(|e| io_reason(&e))?;
    match sniff(&bytes) {
        Sniff::Json => {}
        Sniff::Other(reason) if named_as_json(path) => return Err(reason.to_string()),
        Sniff::Other(_) => return Ok(None),
    }
    file.read_to_end(&mut bytes).map_err(|e| io_reason(&e))?;
    Ok(Some(bytes))
}

enum Sniff {
    Json,
    Other(&'static str),
}

fn sniff(prefix: &[u8]) -> Sniff {
    if prefix.starts_with(&[0xFF, 0xFE]) || prefix.starts_with(&[0xFE, 0xFF]) {
        return Sniff::Other("UTF-16 text; newsgrep reads UTF-8 JSON");
    }
    let body = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{' | b'[') => Sniff::Json,
        None => Sniff::Other("empty file"),
        Some(_) if body.contains(&0) => Sniff::Other("binary file, not JSON"),
        Some(_) => Sniff::Other("not JSON: expected '{' or '[' at the start"),
    }
}

fn named_as_json(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    ["json", "ndjson", "jsonl"]
        .iter()
        .any(|known| ext.starts_with(known))
}

fn io_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => err.to_string(),
    }
}

/// Parses every JSON value in `bytes` (one, or several separated by whitespace as in
/// NDJSON), pushing objects as they are read. Returns the reason of the first error.
pub fn parse_objects(bytes: &[u8], out: &mut Vec<WpObject>) -> Result<(), String> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut de = serde_json::Deserializer::from_slice(body);
    loop {
        CollectObjects(out)
            .deserialize(&mut de)
            .map_err(|e| format!("invalid JSON: {e}"))?;
        match de.end() {
            Ok(()) => return Ok(()),
            // More values follow: read the next one if it is an object or array
            // (NDJSON); anything else is garbage after the JSON.
            Err(err) => match byte_at(body, err.line(), err.column()) {
                Some(b'{' | b'[') => continue,
                _ => return Err(format!("invalid JSON: {err}")),
            },
        }
    }
}

/// The byte at a serde_json (1-based line, 1-based byte column) position.
fn byte_at(bytes: &[u8], line: usize, column: usize) -> Option<u8> {
    let line_start = if line <= 1 {
        0
    } else {
        bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(line - 2)
            .map(|(i, _)| i + 1)?
    };
    bytes.get(line_start + column.checked_sub(1)?).copied()
}

/// The lower-cased host of a URL (`https://www.Example.org:8080/x` → `www.example.org`).
pub fn url_host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(v6),
        None => host_port.split(':').next().unwrap_or(host_port),
    };
    let host = host.trim().to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_urls() {
        assert_eq!(
            url_host("https://iranreport.org/?p=8662").as_deref(),
            Some("iranreport.org")
        );
        assert_eq!(
            url_host("http://user@WWW.Golkar.or.id:80/x").as_deref(),
            Some("www.golkar.or.id")
        );
        assert_eq!(url_host(""), None);
    }

    #[test]
    fn ndjson_compact_pretty_and_bom() {
        let mut out = Vec::new();
        parse_objects(
            b"\xEF\xBB\xBF{\"id\":1}\n{\"id\":2}\n\n[{\"id\":3},\n {\"id\":4}]\n  {\"id\":5}",
            &mut out,
        )
        .unwrap();
        let ids: Vec<_> = out.iter().map(|o| o.id).collect();
        assert_eq!(ids, vec![Some(1), Some(2), Some(3), Some(4), Some(5)]);
    }

    #[test]
    fn objects_before_an_error_are_kept() {
        let mut out = Vec::new();
        let err = parse_objects(b"[{\"id\":1},{\"id\":2},{\"id\":", &mut out).unwrap_err();
        assert_eq!(out.len(), 2);
        assert_eq!(
            err,
            "invalid JSON: EOF while parsing a value at line 1 column 25"
        );
        let mut out = Vec::new();
        let err = parse_objects(b"{\"id\":1} trailing", &mut out).unwrap_err();
        assert_eq!(out.len(), 1);
        assert_eq!(err, "invalid JSON: trailing characters at line 1 column 10");
    }
}
