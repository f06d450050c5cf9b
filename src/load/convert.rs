//! A WordPress post object → a clean [`Post`]: text stripped, names resolved.

use super::site::SiteRule;
use super::terms::{Taxonomy, TermName, TermTables};
use super::wp::{value_as_u64, WpHead, WpObject};
use crate::html::{parse_article, strip_html, strip_inline_html};
use crate::post::{site_key, Category, Post};
use crate::quotes::extract_quotations;
use crate::text::url_host;
use crate::timefmt::parse_wp_datetime;
use serde_json::Value;

/// Most bytes of a post's HTML content that are indexed; a longer post is cut here.
pub const MAX_CONTENT_BYTES: usize = 8 * 1024 * 1024;

/// Builds the indexable post from a `type: post` object, its site given by its dump's
/// rule; `None` without an id. What is missing or had to be cut is added to `notes`.
pub fn convert_post(
    object: &WpObject,
    rule: &SiteRule,
    tables: &TermTables,
    notes: &mut Vec<String>,
) -> Option<Post> {
    let id = object.id?;
    let body = &object.body;
    for (field, missing) in [
        ("title", body.title.is_none()),
        ("content", body.content.is_none()),
        ("link", object.link.is_none()),
    ] {
        if missing {
            notes.push(format!("no `{field}`"));
        }
    }
    let mut content = body.content.as_deref().unwrap_or("");
    if content.len() > MAX_CONTENT_BYTES {
        let mut cut = MAX_CONTENT_BYTES;
        while !content.is_char_boundary(cut) {
            cut -= 1;
        }
        notes.push(format!(
            "content is {:.1} MB; only the first {} MB is indexed",
            content.len() as f64 / 1e6,
            MAX_CONTENT_BYTES / (1024 * 1024)
        ));
        content = &content[..cut];
    }
    let site = rule.site(post_host(object).as_deref());
    let key = site_key(&site);
    let embedded = EmbeddedTerms::of(body.embedded.as_ref());
    let article = parse_article(content);
    let date = body
        .date_gmt
        .as_deref()
        .and_then(parse_wp_datetime)
        .or_else(|| body.date.as_deref().and_then(parse_wp_datetime));
    if date.is_none() {
        match body.date_gmt.as_deref().or(body.date.as_deref()) {
            Some(text) => notes.push(format!(
                "date '{text}' is not a date; indexed without a date"
            )),
            None => notes.push("no `date`; indexed without a date".to_string()),
        }
    }
    let modified = object
        .modified_gmt
        .as_deref()
        .and_then(parse_wp_datetime)
        .or_else(|| object.modified.as_deref().and_then(parse_wp_datetime));
    let categories = resolve_terms(object, Taxonomy::Category, &key, tables, &embedded);
    let tags = resolve_terms(object, Taxonomy::Tag, &key, tables, &embedded)
        .into_iter()
        .map(|c| c.name)
        .collect();
    let author = object
        .author
        .and_then(|author| {
            tables
                .user(&key, author)
                .map(str::to_string)
                .or_else(|| embedded.author.clone())
                .or_else(|| (author != 0).then(|| author.to_string()))
        })
        .or_else(|| embedded.author.clone())
        .unwrap_or_default();
    let title = strip_inline_html(body.title.as_deref().unwrap_or(""));
    let text = article.text();
    let detected = crate::analysis::lang::detect_language_of(&title, &text);
    let quotations = extract_quotations(&article);
    Some(Post {
        id,
        lang: detected.code,
        lang_sure: detected.sure,
        url: object.link.clone().unwrap_or_default(),
        site,
        title,
        date,
        modified,
        categories,
        tags,
        author,
        excerpt: strip_html(body.excerpt.as_deref().unwrap_or("")),
        body: text,
        quotes: quotations.quotes,
        speaker_aliases: quotations.aliases,
    })
}

/// The host that names a post's site: from `link`, else from `guid`.
pub fn post_host(object: &WpHead) -> Option<String> {
    object
        .link
        .as_deref()
        .and_then(url_host)
        .or_else(|| object.guid.as_deref().and_then(url_host))
}

/// Terms and author carried in a post's own `_embedded` object.
#[derive(Default)]
struct EmbeddedTerms {
    terms: Vec<(Taxonomy, u64, TermName)>,
    author: Option<String>,
}

impl EmbeddedTerms {
    fn of(embedded: Option<&Value>) -> EmbeddedTerms {
        let mut found = EmbeddedTerms::default();
        let Some(embedded) = embedded else {
            return found;
        };
        let groups = embedded.get("wp:term").and_then(Value::as_array);
        for term in groups
            .into_iter()
            .flatten()
            .filter_map(Value::as_array)
            .flatten()
        {
            let taxonomy = term
                .get("taxonomy")
                .and_then(Value::as_str)
                .and_then(Taxonomy::from_wp);
            let id = term.get("id").and_then(value_as_u64);
            let name = term.get("name").and_then(Value::as_str);
            if let (Some(taxonomy), Some(id), Some(name)) = (taxonomy, id, name) {
                let slug = term.get("slug").and_then(Value::as_str).map(str::to_string);
                let name = strip_inline_html(name);
                found.terms.push((taxonomy, id, TermName { name, slug }));
            }
        }
        found.author = embedded
            .get("author")
            .and_then(Value::as_array)
            .and_then(|authors| authors.first())
            .and_then(|author| author.get("name"))
            .and_then(Value::as_str)
            .map(strip_inline_html);
        found
    }
}

/// Names for a post's term ids: from its `_embedded` terms, then from term objects of
/// the dump, then from `class_list` slugs; an id nothing names stays as its number.
fn resolve_terms(
    object: &WpObject,
    taxonomy: Taxonomy,
    site: &str,
    tables: &TermTables,
    embedded: &EmbeddedTerms,
) -> Vec<Category> {
    let ids: &[u64] = match taxonomy {
        Taxonomy::Category => &object.categories,
        Taxonomy::Tag => &object.tags,
    };
    let mut resolved: Vec<Category> = Vec::new();
    let mut unresolved: Vec<u64> = Vec::new();
    for &id in ids {
        let embedded_name = embedded
            .terms
            .iter()
            .find(|(tax, term_id, _)| *tax == taxonomy && *term_id == id)
            .map(|(_, _, name)| name);
        match embedded_name.or_else(|| tables.term(site, taxonomy, id)) {
            Some(term) => resolved.push(Category {
                name: term.name.clone(),
                slug: term.slug.clone(),
            }),
            None => unresolved.push(id),
        }
    }
    if ids.is_empty() {
        resolved.extend(
            embedded
                .terms
                .iter()
                .filter(|(tax, _, _)| *tax == taxonomy)
                .map(|(_, _, term)| Category {
                    name: term.name.clone(),
                    slug: term.slug.clone(),
                }),
        );
    }
    if !unresolved.is_empty() || ids.is_empty() {
        let class_slugs: Vec<String> = object
            .body
            .class_list
            .iter()
            .filter_map(|class| class.strip_prefix(taxonomy.class_prefix()))
            .map(percent_decode)
            .filter(|slug| !resolved.iter().any(|c| c.slug.as_deref() == Some(slug)))
            .collect();
        if !class_slugs.is_empty() {
            unresolved.clear();
            resolved.extend(class_slugs.into_iter().map(|slug| Category {
                name: slug.clone(),
                slug: Some(slug),
            }));
        }
    }
    resolved.extend(unresolved.into_iter().map(|id| Category {
        name: id.to_string(),
        slug: None,
    }));
    let mut seen = std::collections::HashSet::new();
    resolved.retain(|c| seen.insert(c.name.clone()));
    resolved
}

/// Decodes `%XX` escapes (WordPress percent-encodes non-ASCII slugs).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(json: &str) -> WpObject {
        crate::load::wp::read_object(json).0
    }

    fn convert(object: &WpObject, tables: &TermTables) -> Option<Post> {
        convert_post(object, &SiteRule::default(), tables, &mut Vec::new())
    }

    fn names(post: &Post) -> Vec<&str> {
        post.categories.iter().map(|c| c.name.as_str()).collect()
    }

    #[test]
    fn class_list_names_unresolved_categories() {
        let post = object(
            r#"{"id":5,"type":"post","link":"https://ex.org/a","categories":[30,31],
                "class_list":["post-5","category-asia-intl","category-caf%c3%a9","tag-x"]}"#,
        );
        let post = convert(&post, &TermTables::default()).unwrap();
        assert_eq!(names(&post), vec!["asia-intl", "café"]);
        assert_eq!(post.tags, vec!["x"]);
    }

    #[test]
    fn term_objects_of_the_same_site_win_and_ids_stay_otherwise() {
        let mut tables = TermTables::default();
        let rule = SiteRule::default();
        tables.learn(&object(
            r#"{"id":3,"name":"Politics &amp; Law","slug":"politics","taxonomy":"category","link":"http://www.ex.org/category/politics"}"#,
        ), &rule);
        tables.learn(&object(
            r#"{"id":4,"name":"Elsewhere","slug":"e","taxonomy":"category","link":"http://other.org/category/e"}"#,
        ), &rule);
        tables.learn(
            &object(r#"{"id":2,"name":"Ana Ruiz","slug":"ana","link":"http://ex.org/author/ana"}"#),
            &rule,
        );
        let post = object(
            r#"{"id":1,"type":"post","link":"https://ex.org/p","categories":[3,4],"author":2}"#,
        );
        let post = convert(&post, &tables).unwrap();
        assert_eq!(names(&post), vec!["Politics & Law", "4"]);
        assert_eq!(post.author, "Ana Ruiz");
    }

    #[test]
    fn embedded_terms_and_author() {
        let post = object(
            r#"{"id":1,"type":"post","link":"https://ex.org/p","categories":[9],"tags":[],"author":7,
                "_embedded":{"author":[{"id":7,"name":"Li Wei"}],
                "wp:term":[[{"id":9,"name":"World","slug":"world","taxonomy":"category"}],
                           [{"id":11,"name":"Iran","slug":"iran","taxonomy":"post_tag"}]]}}"#,
        );
        let post = convert(&post, &TermTables::default()).unwrap();
        assert_eq!(names(&post), vec!["World"]);
        assert_eq!(post.tags, vec!["Iran"]);
        assert_eq!(post.author, "Li Wei");
    }
}
