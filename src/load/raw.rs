//! Cutting a JSON text into the text of each object, in a single walk: the text may be
//! one object, an array of objects (an API page), or several of either one after
//! another (NDJSON, or objects concatenated without newlines). [`super::reader`] hands
//! it a dump file window by window.
//!
//! One `serde_json` deserializer walks the whole text, so its errors name lines and
//! columns; where each value ends is taken from the slices it hands back, never by
//! counting lines from the start (which made a file of N lines cost O(N²)).

use serde::de::{DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::fmt;

/// A syntax error in a dump's JSON text, at a line and column of the file; the
/// objects before it are still read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid JSON: {message} at line {line} column {column}")]
pub struct InvalidJson {
    /// What is wrong (serde_json's words).
    pub message: String,
    /// The line, from 1.
    pub line: usize,
    /// The column in bytes, from 1.
    pub column: usize,
    /// The text ended inside a value.
    pub eof: bool,
}

impl From<serde_json::Error> for InvalidJson {
    fn from(error: serde_json::Error) -> InvalidJson {
        let place = format!(" at line {} column {}", error.line(), error.column());
        let text = error.to_string();
        InvalidJson {
            message: text.strip_suffix(&place).unwrap_or(&text).to_string(),
            line: error.line(),
            column: error.column(),
            eof: error.is_eof(),
        }
    }
}

/// The raw text of the objects in a JSON text that is one object, an array of objects,
/// or several of either one after another (NDJSON).
#[derive(Debug, Default)]
pub struct RawObjects<'a> {
    /// Each object's JSON text, in file order.
    pub objects: Vec<&'a str>,
    /// Array elements (or top-level values) that were not objects.
    pub not_objects: usize,
    /// The syntax error that ended the reading, if any.
    pub error: Option<InvalidJson>,
}

/// Cuts a JSON text into the raw text of its objects. Objects read before a syntax
/// error are kept (also inside an array cut short); the error is kept beside them.
pub fn raw_objects(text: &str) -> RawObjects<'_> {
    let mut out = RawObjects::default();
    if let Err(error) = cut_into(text, &mut out) {
        out.error = Some(InvalidJson::from(error));
    }
    out
}

/// Walks the text once, value after value, pushing objects into `out`.
fn cut_into<'a>(text: &'a str, out: &mut RawObjects<'a>) -> Result<(), serde_json::Error> {
    let bytes = text.as_bytes();
    let mut de = serde_json::Deserializer::from_str(text);
    let mut start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    loop {
        let end = if bytes.get(start) == Some(&b'[') {
            // Arrays are read element by element, so that a cut-off page keeps its
            // first posts. Only whitespace lies between the last element and `]`.
            let last = ElementsOf { text, out }.deserialize(&mut de)?;
            skip_json_whitespace(bytes, last.unwrap_or(start + 1)) + 1
        } else {
            CollectRaw { text, out }.deserialize(&mut de)?
        };
        let next = skip_json_whitespace(bytes, end);
        match bytes.get(next) {
            None => return Ok(()),
            // Another object or array follows (NDJSON, concatenated objects).
            Some(b'{' | b'[') => start = next,
            // Garbage after the JSON: the deserializer names it and where it is.
            Some(_) => return de.end(),
        }
    }
}

/// The first byte at or after `at` that JSON does not count as whitespace.
fn skip_json_whitespace(bytes: &[u8], at: usize) -> usize {
    bytes
        .get(at..)
        .and_then(|rest| {
            rest.iter()
                .position(|b| !matches!(b, b' ' | b'\n' | b'\t' | b'\r'))
        })
        .map_or(bytes.len(), |skipped| at + skipped)
}

/// Where `part`, a slice of `text`, starts in it.
pub(super) fn offset_in(text: &str, part: &str) -> usize {
    let offset = (part.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    debug_assert!(offset + part.len() <= text.len(), "not a slice of the text");
    offset
}

/// Files one value away as an object or a value that is not one; gives where it ends.
fn collect<'a>(text: &'a str, out: &mut RawObjects<'a>, raw: &'a RawValue) -> usize {
    let value = raw.get();
    if value.starts_with('{') {
        out.objects.push(value);
    } else {
        out.not_objects += 1;
    }
    offset_in(text, value) + value.len()
}

/// Reads one top-level value that is not an array and gives the offset of its end.
struct CollectRaw<'a, 'b> {
    text: &'a str,
    out: &'b mut RawObjects<'a>,
}

impl<'de> DeserializeSeed<'de> for CollectRaw<'de, '_> {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        let raw: &'de RawValue = Deserialize::deserialize(d)?;
        Ok(collect(self.text, self.out, raw))
    }
}

/// Reads a top-level array element by element; gives where its last element ends.
struct ElementsOf<'a, 'b> {
    text: &'a str,
    out: &'b mut RawObjects<'a>,
}

impl<'de> DeserializeSeed<'de> for ElementsOf<'de, '_> {
    type Value = Option<usize>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<usize>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ElementsOf<'de, '_> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<usize>, A::Error> {
        let mut last = None;
        while let Some(raw) = seq.next_element::<&'de RawValue>()? {
            last = Some(collect(self.text, self.out, raw));
        }
        Ok(last)
    }
}

/// The note for array elements that were not objects, if there were any.
pub fn not_objects_note(count: usize) -> Option<String> {
    match count {
        0 => None,
        1 => Some("1 array element is not a JSON object; skipped".to_string()),
        n => Some(format!("{n} array elements are not JSON objects; skipped")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn objects(json: &str) -> Vec<&str> {
        let raw = raw_objects(json);
        assert!(raw.error.is_none(), "{:?}", raw.error);
        raw.objects
    }

    fn error_text(raw: &RawObjects) -> String {
        raw.error
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default()
    }

    #[test]
    fn arrays_count_elements_that_are_not_objects() {
        let out =
            raw_objects(r#"[{"id":1,"type":"post"}, 5, "x", [ {"id":9} ], {"id":2,"meta":{}}]"#);
        assert!(out.error.is_none());
        assert_eq!(
            out.objects,
            vec![r#"{"id":1,"type":"post"}"#, r#"{"id":2,"meta":{}}"#]
        );
        assert_eq!(out.not_objects, 3);
    }

    #[test]
    fn ndjson_compact_and_pretty() {
        let got = objects("{\"id\":1}\n{\"id\":2}\n\n[{\"id\":3},\n {\"id\":4}]\n  {\"id\":5}");
        assert_eq!(
            got,
            vec![
                "{\"id\":1}",
                "{\"id\":2}",
                "{\"id\":3}",
                "{\"id\":4}",
                "{\"id\":5}"
            ]
        );
    }

    #[test]
    fn objects_and_arrays_concatenated_without_separators() {
        let got = objects("{\"id\":1}{\"id\":2}[]{\"id\":3}[ ]\r\n[{\"id\":4}]\t");
        assert_eq!(
            got,
            vec!["{\"id\":1}", "{\"id\":2}", "{\"id\":3}", "{\"id\":4}"]
        );
    }

    #[test]
    fn objects_before_an_error_are_kept() {
        let cases = [
            (
                "[{\"id\":1},{\"id\":2},{\"id\":",
                2,
                "invalid JSON: EOF while parsing a value at line 1 column 25",
            ),
            (
                "{\"id\":1}\n{\"id\":2}\n{\"id\":",
                2,
                "invalid JSON: EOF while parsing a value at line 3 column 6",
            ),
            (
                "{\"id\":1} trailing",
                1,
                "invalid JSON: trailing characters at line 1 column 10",
            ),
            (
                "[{\"id\":1}]\n{\"id\":2}\n5",
                2,
                "invalid JSON: trailing characters at line 3 column 1",
            ),
        ];
        for (text, objects, error) in cases {
            let out = raw_objects(text);
            assert_eq!(out.objects.len(), objects, "{text}");
            assert_eq!(error_text(&out), error);
        }
    }
}
