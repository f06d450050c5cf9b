//! Serde shapes of the WordPress REST objects a dump holds, read leniently.
//!
//! A dump file is first cut into the raw text of each object ([`raw_objects`]); the
//! small [`WpHead`] of every object is read to classify it and to choose between copies
//! of a post, and the large [`WpBody`] only for the posts that get indexed. Every field
//! is optional and accepts the variants real sites emit (`title` as a string or as
//! `{"rendered": …}`, ids as numbers or strings, `class_list` as an array or an
//! object); what had to be repaired is reported as a note.

use serde::de::{DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;
use std::cell::RefCell;
use std::fmt;

/// The fields that classify an object and choose between copies of a post.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WpHead {
    /// Object id.
    #[serde(deserialize_with = "lenient_id")]
    pub id: Option<u64>,
    /// `post`, `page`, `attachment`…; absent on terms and users.
    #[serde(rename = "type", deserialize_with = "lenient_string")]
    pub kind: Option<String>,
    /// `category`, `post_tag`… on term objects.
    #[serde(deserialize_with = "lenient_string")]
    pub taxonomy: Option<String>,
    /// Term or user name.
    #[serde(deserialize_with = "lenient_string")]
    pub name: Option<String>,
    /// Term or user slug.
    #[serde(deserialize_with = "lenient_string")]
    pub slug: Option<String>,
    /// Permalink; its host names the site.
    #[serde(deserialize_with = "lenient_string")]
    pub link: Option<String>,
    /// `guid.rendered`, used for the site when `link` is missing.
    #[serde(deserialize_with = "lenient_guid")]
    pub guid: Option<String>,
    /// Site-local modification time.
    #[serde(deserialize_with = "lenient_string")]
    pub modified: Option<String>,
    /// Modification time in UTC.
    #[serde(deserialize_with = "lenient_string")]
    pub modified_gmt: Option<String>,
    /// Author user id.
    #[serde(deserialize_with = "lenient_author")]
    pub author: Option<u64>,
    /// Category term ids.
    #[serde(deserialize_with = "lenient_categories")]
    pub categories: Vec<u64>,
    /// Tag term ids.
    #[serde(deserialize_with = "lenient_tags")]
    pub tags: Vec<u64>,
}

/// The text fields of a post, read only for posts that get indexed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WpBody {
    /// Site-local publication time.
    #[serde(deserialize_with = "lenient_string")]
    pub date: Option<String>,
    /// Publication time in UTC.
    #[serde(deserialize_with = "lenient_string")]
    pub date_gmt: Option<String>,
    /// `title.rendered` (HTML).
    #[serde(deserialize_with = "lenient_title")]
    pub title: Option<String>,
    /// `content.rendered` (HTML).
    #[serde(deserialize_with = "lenient_content")]
    pub content: Option<String>,
    /// `excerpt.rendered` (HTML).
    #[serde(deserialize_with = "lenient_excerpt")]
    pub excerpt: Option<String>,
    /// CSS classes WordPress ≥ 6.5 adds, including `category-<slug>` and `tag-<slug>`.
    #[serde(deserialize_with = "lenient_strings")]
    pub class_list: Vec<String>,
    /// `_embedded` (with `?_embed`): terms and author objects.
    #[serde(rename = "_embedded")]
    pub embedded: Option<Value>,
}

/// A whole object: its head and body.
#[derive(Debug, Default)]
pub struct WpObject {
    /// Identity and classification fields.
    pub head: WpHead,
    /// Text fields.
    pub body: WpBody,
}

impl std::ops::Deref for WpObject {
    type Target = WpHead;
    fn deref(&self) -> &WpHead {
        &self.head
    }
}

thread_local! {
    /// What the lenient readers repaired in the object being read.
    static NOTES: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn note(text: String) {
    NOTES.with(|notes| notes.borrow_mut().push(text));
}

/// Reads `T` from an object's raw text, returning what had to be repaired.
fn read_noting<'a, T: Deserialize<'a> + Default>(raw: &'a str) -> (T, Vec<String>) {
    NOTES.with(|notes| notes.borrow_mut().clear());
    let value = serde_json::from_str(raw).unwrap_or_default();
    let notes = NOTES.with(|notes| std::mem::take(&mut *notes.borrow_mut()));
    (value, notes)
}

/// Reads the head of one object from its raw JSON text, with notes on repairs.
pub fn read_head(raw: &str) -> (WpHead, Vec<String>) {
    read_noting(raw)
}

/// Reads a whole object from its raw JSON text, with notes on repairs.
pub fn read_object(raw: &str) -> (WpObject, Vec<String>) {
    let (head, mut notes) = read_noting::<WpHead>(raw);
    let (body, body_notes) = read_noting::<WpBody>(raw);
    notes.extend(body_notes);
    (WpObject { head, body }, notes)
}

fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

fn lenient_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let value = Value::deserialize(d)?;
    let id = value_as_u64(&value);
    match (&value, id) {
        (Value::Number(_), Some(_)) => {}
        (Value::String(_), Some(_)) => note("`id` is a string; read as a number".to_string()),
        _ => note("`id` is not a whole number from 0 to 2^64-1".to_string()),
    }
    Ok(id)
}

fn lenient_author<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let value = Value::deserialize(d)?;
    let id = value_as_u64(&value);
    if id.is_none() && !value.is_null() {
        note(format!("`author` {value} is not a user id; ignored"));
    }
    Ok(id)
}

/// A non-negative integer from a JSON number or numeric string.
pub fn value_as_u64(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn rendered(field: &str, value: Value) -> Option<String> {
    match value {
        Value::Object(mut map) => match map.remove("rendered") {
            Some(Value::String(s)) => Some(s),
            _ => {
                note(format!("`{field}` has no text in `rendered`"));
                None
            }
        },
        Value::String(s) => {
            note(format!(
                "`{field}` is a plain string, not {{\"rendered\": …}}; read as HTML"
            ));
            Some(s)
        }
        Value::Null => None,
        other => {
            note(format!(
                "`{field}` is {}, not text; ignored",
                json_kind(&other)
            ));
            None
        }
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn lenient_title<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(rendered("title", Value::deserialize(d)?))
}

fn lenient_content<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(rendered("content", Value::deserialize(d)?))
}

fn lenient_excerpt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(rendered("excerpt", Value::deserialize(d)?))
}

fn lenient_guid<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Object(mut map) => match map.remove("rendered") {
            Some(Value::String(s)) => Some(s),
            _ => None,
        },
        Value::String(s) => Some(s),
        _ => None,
    })
}

fn ids(field: &str, value: Value) -> Vec<u64> {
    match value {
        Value::Array(items) => {
            let ids: Vec<u64> = items.iter().filter_map(value_as_u64).collect();
            if ids.len() != items.len() || items.iter().any(|v| !v.is_number()) {
                note(format!("`{field}` holds items that are not term ids"));
            }
            ids
        }
        Value::Null => Vec::new(),
        other => {
            let ids: Vec<u64> = match &other {
                Value::String(s) => s.split(',').filter_map(|p| p.trim().parse().ok()).collect(),
                _ => value_as_u64(&other).into_iter().collect(),
            };
            note(format!(
                "`{field}` is {}, not an array of ids",
                json_kind(&other)
            ));
            ids
        }
    }
}

fn lenient_categories<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u64>, D::Error> {
    Ok(ids("categories", Value::deserialize(d)?))
}

fn lenient_tags<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u64>, D::Error> {
    Ok(ids("tags", Value::deserialize(d)?))
}

fn lenient_strings<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let strings = |items: Vec<Value>| {
        items
            .into_iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s),
                _ => None,
            })
            .collect()
    };
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => strings(items),
        Value::Object(map) => strings(map.into_iter().map(|(_, v)| v).collect()),
        _ => Vec::new(),
    })
}

/// The raw text of the objects in a JSON text that is one object, an array of objects,
/// or several of either one after another (NDJSON).
#[derive(Debug, Default)]
pub struct RawObjects<'a> {
    /// Each object's JSON text, in file order.
    pub objects: Vec<&'a str>,
    /// Array elements that were not objects (strings, numbers, nested arrays).
    pub not_objects: usize,
}

/// Cuts a JSON text into the raw text of its objects. Objects read before a syntax
/// error are kept (also inside an array cut short); the error is returned as its reason.
pub fn raw_objects<'a>(text: &'a str, out: &mut RawObjects<'a>) -> Result<(), String> {
    let bytes = text.as_bytes();
    let mut de = serde_json::Deserializer::from_str(text);
    let mut next = bytes.iter().position(|b| !b.is_ascii_whitespace());
    loop {
        let read = match next.map(|at| bytes[at]) {
            // Arrays are read element by element, so that a cut-off page keeps its
            // first posts.
            Some(b'[') => ElementsOf(out).deserialize(&mut de),
            _ => CollectRaw(out).deserialize(&mut de),
        };
        read.map_err(|e| format!("invalid JSON: {e}"))?;
        match de.end() {
            Ok(()) => return Ok(()),
            // More values follow: read the next one if it is an object or array
            // (NDJSON); anything else is garbage after the JSON.
            Err(err) => {
                next = offset_at(bytes, err.line(), err.column());
                match next.map(|at| bytes[at]) {
                    Some(b'{' | b'[') => continue,
                    _ => return Err(format!("invalid JSON: {err}")),
                }
            }
        }
    }
}

/// The byte offset of a serde_json (1-based line, 1-based byte column) position.
fn offset_at(bytes: &[u8], line: usize, column: usize) -> Option<usize> {
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
    let at = line_start + column.checked_sub(1)?;
    (at < bytes.len()).then_some(at)
}

/// Reads one top-level value that is not an array: an object, or something else.
struct CollectRaw<'a, 'b>(&'b mut RawObjects<'a>);

impl<'de, 'b> DeserializeSeed<'de> for CollectRaw<'de, 'b> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let raw: &'de RawValue = Deserialize::deserialize(d)?;
        let text = raw.get();
        if text.starts_with('{') {
            self.0.objects.push(text);
        } else {
            self.0.not_objects += 1;
        }
        Ok(())
    }
}

struct ElementsOf<'a, 'b>(&'b mut RawObjects<'a>);

impl<'de, 'b> DeserializeSeed<'de> for ElementsOf<'de, 'b> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, 'b> Visitor<'de> for ElementsOf<'de, 'b> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(raw) = seq.next_element::<&'de RawValue>()? {
            let text = raw.get();
            if text.starts_with('{') {
                self.0.objects.push(text);
            } else {
                self.0.not_objects += 1;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn objects(json: &str) -> Vec<&str> {
        let mut out = RawObjects::default();
        raw_objects(json, &mut out).unwrap();
        out.objects
    }

    #[test]
    fn reads_rendered_fields_in_both_shapes_and_notes_repairs() {
        let (post, notes) = read_object(
            r#"{"id":"7","type":"post","title":"Plain","content":{"rendered":"<p>x</p>","protected":false},
                "categories":[3,"4"],"class_list":{"0":"post-7","1":"category-news"},"meta":[]}"#,
        );
        assert_eq!(post.id, Some(7));
        assert_eq!(post.body.title.as_deref(), Some("Plain"));
        assert_eq!(post.body.content.as_deref(), Some("<p>x</p>"));
        assert_eq!(post.categories, vec![3, 4]);
        assert_eq!(post.body.class_list, vec!["post-7", "category-news"]);
        assert_eq!(
            notes,
            vec![
                "`id` is a string; read as a number",
                "`categories` holds items that are not term ids",
                "`title` is a plain string, not {\"rendered\": …}; read as HTML",
            ]
        );
    }

    #[test]
    fn arrays_count_elements_that_are_not_objects() {
        let mut out = RawObjects::default();
        raw_objects(
            r#"[{"id":1,"type":"post"}, 5, "x", [ {"id":9} ], {"id":2,"meta":{}}]"#,
            &mut out,
        )
        .unwrap();
        assert_eq!(
            out.objects,
            vec![r#"{"id":1,"type":"post"}"#, r#"{"id":2,"meta":{}}"#]
        );
        assert_eq!(out.not_objects, 3);
    }

    #[test]
    fn wrong_types_and_bad_ids_become_absent_fields_with_notes() {
        let (head, notes) = read_head(r#"{"id":-5,"author":"12","tags":"5, 6"}"#);
        assert_eq!(head.id, None);
        assert_eq!(head.author, Some(12));
        assert_eq!(head.tags, vec![5, 6]);
        assert_eq!(
            notes,
            vec![
                "`id` is not a whole number from 0 to 2^64-1",
                "`tags` is a string, not an array of ids"
            ]
        );
        let (head, _) = read_head(r#"{"id":18446744073709551616}"#);
        assert_eq!(head.id, None);
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
    fn objects_before_an_error_are_kept() {
        let mut out = RawObjects::default();
        let err = raw_objects("[{\"id\":1},{\"id\":2},{\"id\":", &mut out).unwrap_err();
        assert_eq!(out.objects.len(), 2);
        assert_eq!(
            err,
            "invalid JSON: EOF while parsing a value at line 1 column 25"
        );
        let mut out = RawObjects::default();
        let err = raw_objects("{\"id\":1}\n{\"id\":2}\n{\"id\":", &mut out).unwrap_err();
        assert_eq!(out.objects.len(), 2);
        assert_eq!(
            err,
            "invalid JSON: EOF while parsing a value at line 3 column 6"
        );
        let mut out = RawObjects::default();
        let err = raw_objects("{\"id\":1} trailing", &mut out).unwrap_err();
        assert_eq!(out.objects.len(), 1);
        assert_eq!(err, "invalid JSON: trailing characters at line 1 column 10");
    }
}
