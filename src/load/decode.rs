//! A dump file's bytes as UTF-8 text: whether they look like JSON at all, UTF-16 read
//! as such, invalid UTF-8 replaced and NUL bytes removed, each repair noted once for
//! the whole file even when the file is decoded piece by piece.

use std::path::Path;

/// What the first bytes of a file say about it.
pub(super) enum Sniff {
    /// It starts like JSON (`{` or `[` after white space and a byte order mark).
    Json,
    /// It does not, for this reason.
    Other(&'static str),
}

/// Whether a file's first bytes look like JSON.
pub(super) fn sniff(prefix: &[u8]) -> Sniff {
    let body = prefix.strip_prefix(UTF8_BOM).unwrap_or(prefix);
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{' | b'[') => Sniff::Json,
        None => Sniff::Other("empty file"),
        Some(_) if body.contains(&0) => Sniff::Other("binary file, not JSON"),
        Some(_) => Sniff::Other("not JSON: expected '{' or '[' at the start"),
    }
}

/// The UTF-8 byte order mark, dropped from the text.
pub(super) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// `Some(big_endian)` when the bytes start like UTF-16 text: a byte order mark, or
/// `{`/`[` with a zero byte beside it.
pub(super) fn utf16_order(prefix: &[u8]) -> Option<bool> {
    match prefix {
        [0xFF, 0xFE, ..] => Some(false),
        [0xFE, 0xFF, ..] => Some(true),
        [b'{' | b'[', 0, ..] => Some(false),
        [0, b'{' | b'[', ..] => Some(true),
        _ => None,
    }
}

/// A whole UTF-16 file as text, with the note that says it was UTF-16.
pub(super) fn decode_utf16(bytes: &[u8], big_endian: bool) -> (String, String) {
    let mark: &[u8] = if big_endian {
        &[0xFE, 0xFF]
    } else {
        &[0xFF, 0xFE]
    };
    let units: Vec<u16> = bytes
        .strip_prefix(mark)
        .unwrap_or(bytes)
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
    (
        String::from_utf16_lossy(&units),
        format!("UTF-16 ({order}-endian) text, read as UTF-16; dumps should be UTF-8"),
    )
}

/// The repairs made to a UTF-8 file decoded piece by piece.
#[derive(Debug, Default)]
pub(super) struct Utf8Repairs {
    nul_bytes: usize,
    /// File offset of the first byte that was not UTF-8.
    first_invalid: Option<u64>,
}

impl Utf8Repairs {
    /// Appends `bytes`, which start at byte `offset` of the file and end where a UTF-8
    /// sequence ends, to `out` as text: invalid sequences become U+FFFD, NULs go.
    pub(super) fn decode_into(&mut self, bytes: &[u8], offset: u64, out: &mut String) {
        let start = out.len();
        match std::str::from_utf8(bytes) {
            Ok(text) => out.push_str(text),
            Err(err) => {
                self.first_invalid
                    .get_or_insert(offset + err.valid_up_to() as u64);
                out.push_str(&String::from_utf8_lossy(bytes));
            }
        }
        let nuls = out.as_bytes()[start..].iter().filter(|&&b| b == 0).count();
        if nuls > 0 {
            self.nul_bytes += nuls;
            let cleaned: String = out[start..].chars().filter(|&c| c != '\0').collect();
            out.truncate(start);
            out.push_str(&cleaned);
        }
    }

    /// Adds the repairs of a later piece of the same file.
    pub(super) fn absorb(&mut self, later: Utf8Repairs) {
        self.nul_bytes += later.nul_bytes;
        self.first_invalid = self.first_invalid.or(later.first_invalid);
    }

    /// One note for each kind of repair made, NULs first.
    pub(super) fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.nul_bytes > 0 {
            notes.push(format!("{} NUL bytes removed", self.nul_bytes));
        }
        if let Some(at) = self.first_invalid {
            notes.push(format!("invalid UTF-8 at byte {at} replaced with U+FFFD"));
        }
        notes
    }
}

/// Whether a file's name says it holds JSON (then not being JSON is a problem).
pub(super) fn named_as_json(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    ["json", "ndjson", "jsonl"]
        .iter()
        .any(|known| ext.starts_with(known))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_is_read_as_such() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("{\"id\":1}".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(utf16_order(&utf16), Some(false));
        let (text, note) = decode_utf16(&utf16, false);
        assert_eq!(text, "{\"id\":1}");
        assert_eq!(
            note,
            "UTF-16 (little-endian) text, read as UTF-16; dumps should be UTF-8"
        );
    }

    #[test]
    fn repairs_are_noted_once_for_all_the_pieces() {
        let mut repairs = Utf8Repairs::default();
        let mut text = String::new();
        // The file's first three bytes were a byte order mark, not decoded.
        repairs.decode_into(b"{\"t\":\"a\xFFb\"}\0", 3, &mut text);
        repairs.decode_into(b"\0{\"u\":\"\xFE\"}", 17, &mut text);
        assert_eq!(text, "{\"t\":\"a\u{FFFD}b\"}{\"u\":\"\u{FFFD}\"}");
        assert_eq!(
            repairs.notes(),
            vec![
                "2 NUL bytes removed",
                "invalid UTF-8 at byte 10 replaced with U+FFFD"
            ]
        );
        assert!(Utf8Repairs::default().notes().is_empty());
    }
}
