//! Serde shapes of the WordPress REST objects a dump holds, read leniently.
//!
//! A dump file is first cut into the raw text of each object
//! ([`super::raw::raw_objects`]); the small [`WpHead`] of every object is read to
//! classify it and to choose between copies of a post, and the large [`WpBody`] only
//! for the posts that get indexed. Every field is optional and accepts the variants
//! real sites emit (`title` as a string or as `{"rendered": …}`, ids as numbers or
//! strings, `class_list` as an array or an object); what had to be repaired is
//! reported as a note.

use serde::de::Deserializer;
use serde::Deserialize;
use serde_json::Value;
use std::cell::RefCell;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
