//! Serde shapes of the WordPress REST objects a dump holds, read leniently.
//!
//! Every field is optional and accepts the variants real sites emit (`title` as a
//! string or as `{"rendered": …}`, ids as numbers or strings, `class_list` as an
//! array or an object), so that one odd field never costs a whole file.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::fmt;

/// One object of a dump: a post, page, term or user, with the fields newsgrep uses.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WpObject {
    /// Object id.
    #[serde(deserialize_with = "lenient_u64")]
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
    #[serde(deserialize_with = "lenient_rendered")]
    pub guid: Option<String>,
    /// Site-local publication time.
    #[serde(deserialize_with = "lenient_string")]
    pub date: Option<String>,
    /// Publication time in UTC.
    #[serde(deserialize_with = "lenient_string")]
    pub date_gmt: Option<String>,
    /// Site-local modification time.
    #[serde(deserialize_with = "lenient_string")]
    pub modified: Option<String>,
    /// Modification time in UTC.
    #[serde(deserialize_with = "lenient_string")]
    pub modified_gmt: Option<String>,
    /// `title.rendered` (HTML).
    #[serde(deserialize_with = "lenient_rendered")]
    pub title: Option<String>,
    /// `content.rendered` (HTML).
    #[serde(deserialize_with = "lenient_rendered")]
    pub content: Option<String>,
    /// `excerpt.rendered` (HTML).
    #[serde(deserialize_with = "lenient_rendered")]
    pub excerpt: Option<String>,
    /// Author user id.
    #[serde(deserialize_with = "lenient_u64")]
    pub author: Option<u64>,
    /// Category term ids.
    #[serde(deserialize_with = "lenient_ids")]
    pub categories: Vec<u64>,
    /// Tag term ids.
    #[serde(deserialize_with = "lenient_ids")]
    pub tags: Vec<u64>,
    /// CSS classes WordPress ≥ 6.5 adds, including `category-<slug>` and `tag-<slug>`.
    #[serde(deserialize_with = "lenient_strings")]
    pub class_list: Vec<String>,
    /// `_embedded` (with `?_embed`): terms and author objects.
    #[serde(rename = "_embedded")]
    pub embedded: Option<Value>,
}

fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

fn lenient_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(value_as_u64(&Value::deserialize(d)?))
}

/// A non-negative integer from a JSON number or numeric string.
pub fn value_as_u64(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn lenient_rendered<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        Value::Object(mut map) => match map.remove("rendered") {
            Some(Value::String(s)) => Some(s),
            _ => None,
        },
        _ => None,
    })
}

fn lenient_ids<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => items.iter().filter_map(value_as_u64).collect(),
        other => value_as_u64(&other).into_iter().collect(),
    })
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

/// Deserializes one JSON value that is an object or an array of objects, pushing each
/// object into the vector as soon as it is read, so that objects read before a syntax
/// error are kept. Array elements that are not objects are skipped.
pub struct CollectObjects<'a, T>(pub &'a mut Vec<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for CollectObjects<'_, T> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(CollectVisitor {
            out: self.0,
            nested: false,
        })
    }
}

struct CollectVisitor<'a, T> {
    out: &'a mut Vec<T>,
    /// Inside an array: arrays nested deeper are not post lists and are skipped.
    nested: bool,
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for CollectVisitor<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object or an array of objects")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let object = T::deserialize(de::value::MapAccessDeserializer::new(map))?;
        self.out.push(object);
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if self.nested {
            while seq.next_element::<de::IgnoredAny>()?.is_some() {}
            return Ok(());
        }
        while seq
            .next_element_seed(NestedObjects(&mut *self.out))?
            .is_some()
        {}
        Ok(())
    }

    // Scalars at the top level or inside an array are not posts: skip them.
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

struct NestedObjects<'a, T>(&'a mut Vec<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for NestedObjects<'_, T> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(CollectVisitor {
            out: self.0,
            nested: true,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(json: &str) -> Vec<WpObject> {
        let mut out = Vec::new();
        let mut de = serde_json::Deserializer::from_str(json);
        CollectObjects(&mut out).deserialize(&mut de).unwrap();
        out
    }

    #[test]
    fn reads_rendered_fields_in_both_shapes() {
        let posts = collect(
            r#"{"id":"7","type":"post","title":"Plain","content":{"rendered":"<p>x</p>","protected":false},
                "categories":[3,"4"],"class_list":{"0":"post-7","1":"category-news"},"meta":[]}"#,
        );
        assert_eq!(posts.len(), 1);
        assert_eq!(posts[0].id, Some(7));
        assert_eq!(posts[0].title.as_deref(), Some("Plain"));
        assert_eq!(posts[0].content.as_deref(), Some("<p>x</p>"));
        assert_eq!(posts[0].categories, vec![3, 4]);
        assert_eq!(posts[0].class_list, vec!["post-7", "category-news"]);
    }

    #[test]
    fn arrays_skip_elements_that_are_not_objects() {
        let posts =
            collect(r#"[{"id":1,"type":"post"}, 5, "x", [ {"id":9} ], {"id":2,"meta":{}}]"#);
        let ids: Vec<_> = posts.iter().map(|p| p.id).collect();
        assert_eq!(ids, vec![Some(1), Some(2)]);
    }

    #[test]
    fn wrong_types_become_absent_fields() {
        let posts = collect(r#"{"id":{"x":1},"author":"12","date":null,"tags":"5"}"#);
        assert_eq!(posts[0].id, None);
        assert_eq!(posts[0].author, Some(12));
        assert_eq!(posts[0].date, None);
        assert_eq!(posts[0].tags, vec![5]);
    }
}
