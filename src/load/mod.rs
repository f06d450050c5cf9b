//! Loading a dump: walking folders, recognising JSON files by content, reading the
//! WordPress objects in them and turning posts into [`crate::Post`]s.

mod convert;
pub mod raw;
mod terms;
pub mod wp;

pub use convert::{convert_post, post_host};
pub use raw::{not_objects_note, raw_objects, read_dump_objects, DumpObjects, RawObjects};
pub use terms::{ObjectKind, PostTerms, Taxonomy, TermName, TermTables};

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use wp::WpObject;

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

/// Reads a file and every WordPress object in it (see [`read_dump_objects`]), for
/// tools that want whole objects at once.
pub fn read_objects(path: &Path) -> FileObjects {
    match read_dump_objects(path) {
        FileRead::Json(file) => FileObjects {
            objects: file.iter().map(|raw| wp::read_object(raw).0).collect(),
            problems: file.problems,
            ignored: false,
        },
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

/// A dump file's text, decoded to UTF-8, with notes on what had to be repaired.
#[derive(Debug, Default)]
pub struct DumpText {
    /// The JSON text.
    pub text: String,
    /// What was repaired (UTF-16, invalid UTF-8, NUL bytes).
    pub notes: Vec<String>,
}

/// The outcome of reading one file of a dump: its text, or (from
/// [`read_dump_objects`]) its text cut into objects.
#[derive(Debug)]
pub enum FileRead<T = DumpText> {
    /// The file holds JSON (possibly repaired).
    Json(T),
    /// The file is not JSON and its name does not say it is: ignored quietly.
    NotJson,
    /// The file cannot be used, for this reason.
    Failed(String),
}

/// How many bytes are read first to decide whether a file is JSON at all.
const SNIFF_BYTES: usize = 512;

/// Reads a dump file if its content looks like JSON. An HTML page, an image or a
/// README is [`FileRead::NotJson`], unless its name claims JSON (then it fails).
pub fn read_dump_file(path: &Path) -> FileRead {
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(err) => return FileRead::Failed(io_reason(&err)),
    };
    let mut bytes = Vec::new();
    if let Err(err) = (&mut file).take(SNIFF_BYTES as u64).read_to_end(&mut bytes) {
        return FileRead::Failed(io_reason(&err));
    }
    let utf16 = utf16_order(&bytes);
    if utf16.is_none() {
        match sniff(&bytes) {
            Sniff::Json => {}
            Sniff::Other(reason) if named_as_json(path) => {
                return FileRead::Failed(reason.to_string())
            }
            Sniff::Other(_) => return FileRead::NotJson,
        }
    }
    if let Err(err) = file.read_to_end(&mut bytes) {
        return FileRead::Failed(io_reason(&err));
    }
    let decoded = match utf16 {
        Some(big_endian) => decode_utf16(&bytes, big_endian),
        None => decode_utf8(bytes),
    };
    match sniff(decoded.text.as_bytes()) {
        Sniff::Json => FileRead::Json(decoded),
        Sniff::Other(reason) if named_as_json(path) || utf16.is_some() => {
            FileRead::Failed(reason.to_string())
        }
        Sniff::Other(_) => FileRead::NotJson,
    }
}

enum Sniff {
    Json,
    Other(&'static str),
}

fn sniff(prefix: &[u8]) -> Sniff {
    let body = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{' | b'[') => Sniff::Json,
        None => Sniff::Other("empty file"),
        Some(_) if body.contains(&0) => Sniff::Other("binary file, not JSON"),
        Some(_) => Sniff::Other("not JSON: expected '{' or '[' at the start"),
    }
}

/// `Some(big_endian)` when the bytes start like UTF-16 text: a byte order mark, or
/// `{`/`[` with a zero byte beside it.
fn utf16_order(prefix: &[u8]) -> Option<bool> {
    match prefix {
        [0xFF, 0xFE, ..] => Some(false),
        [0xFE, 0xFF, ..] => Some(true),
        [b'{' | b'[', 0, ..] => Some(false),
        [0, b'{' | b'[', ..] => Some(true),
        _ => None,
    }
}

fn decode_utf16(bytes: &[u8], big_endian: bool) -> DumpText {
    let body = bytes
        .strip_prefix(if big_endian {
            &[0xFE, 0xFF]
        } else {
            &[0xFF, 0xFE]
        })
        .unwrap_or(bytes);
    let units: Vec<u16> = body
        .chunks_exact(2)
        .map(|pair| {
            if big_endian {
                u16::from_be_bytes([pair[0], pair[1]])
            } else {
                u16::from_le_bytes([pair[0], pair[1]])
            }
        })
        .collect();
    let order = if big_endian { "big" } else { "little" };
    DumpText {
        text: String::from_utf16_lossy(&units),
        notes: vec![format!(
            "UTF-16 ({order}-endian) text, read as UTF-16; dumps should be UTF-8"
        )],
    }
}

fn decode_utf8(bytes: Vec<u8>) -> DumpText {
    let mut notes = Vec::new();
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let mut text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            notes.push(format!("invalid UTF-8 at byte {at} replaced with U+FFFD"));
            String::from_utf8_lossy(err.as_bytes()).into_owned()
        }
    };
    text.drain(..bom);
    let nul_count = text.bytes().filter(|&b| b == 0).count();
    if nul_count > 0 {
        notes.insert(0, format!("{nul_count} NUL bytes removed"));
        text.retain(|c| c != '\0');
    }
    DumpText { text, notes }
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
        std::io::ErrorKind::IsADirectory => "is a directory".to_string(),
        _ => err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_repairs_utf16_invalid_utf8_and_nul_bytes() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("{\"id\":1}".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let decoded = decode_utf16(&utf16, false);
        assert_eq!(decoded.text, "{\"id\":1}");
        let decoded = decode_utf8(b"\xEF\xBB\xBF{\"t\":\"a\xFFb\"}\0\0".to_vec());
        assert_eq!(decoded.text, "{\"t\":\"a\u{FFFD}b\"}");
        assert_eq!(
            decoded.notes,
            vec![
                "2 NUL bytes removed",
                "invalid UTF-8 at byte 10 replaced with U+FFFD"
            ]
        );
    }
}
