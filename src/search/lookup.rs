//! Finding posts by what identifies them: a WordPress id, `SITE/ID`, or a url.

use crate::error::{Error, Result};
use crate::post::Post;
use crate::schema::post_key;
use crate::store::{self, tantivy_error, Store};
use std::path::Path;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};

/// Most posts one reference may name (an id shared by many sites).
const MAX_POSTS: usize = 50;

/// What names a post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostRef {
    /// A WordPress post id: unique within a site only.
    Id(u64),
    /// A site's host and a post id there.
    SiteId {
        /// Host, with or without `www.`.
        site: String,
        /// The post id.
        id: u64,
    },
    /// The post's permalink.
    Url(String),
}

impl PostRef {
    /// Reads `123`, `example.org/123`, `example.org/fr/123` (an install under a path)
    /// or `https://example.org/…`.
    pub fn parse(text: &str) -> Result<PostRef> {
        let text = text.trim();
        if let Ok(id) = text.parse::<u64>() {
            return Ok(PostRef::Id(id));
        }
        if text.starts_with("http://") || text.starts_with("https://") {
            return Ok(PostRef::Url(text.to_string()));
        }
        if let Some((site, id)) = text.rsplit_once('/') {
            let no_host = site.is_empty() || site.starts_with('/') || site.contains("//");
            if let (false, Ok(id)) = (no_host, id.parse::<u64>()) {
                return Ok(PostRef::SiteId {
                    site: site.to_string(),
                    id,
                });
            }
        }
        Err(Error::InvalidArgument(format!(
            "'{text}' is not a post id, SITE/ID or url (http:// or https://)"
        )))
    }
}

/// Opens the index and returns the posts a reference names (several when an id is
/// used by more than one site), ordered by site.
pub fn find_posts(index_dir: &Path, post: &PostRef) -> Result<Vec<Post>> {
    let store = store::open(index_dir)?;
    find_posts_in(&store, post)
}

/// [`find_posts`] on an opened index.
pub fn find_posts_in(store: &Store, post: &PostRef) -> Result<Vec<Post>> {
    let fields = &store.fields;
    let term_query =
        |term: Term| -> Box<dyn Query> { Box::new(TermQuery::new(term, IndexRecordOption::Basic)) };
    let query: Box<dyn Query> = match post {
        PostRef::Id(id) => term_query(Term::from_field_u64(fields.id, *id)),
        PostRef::SiteId { site, id } => {
            term_query(Term::from_field_text(fields.key, &post_key(site, *id)))
        }
        PostRef::Url(url) => Box::new(BooleanQuery::union(
            url_variants(url)
                .iter()
                .map(|url| term_query(Term::from_field_text(fields.url, url)))
                .collect(),
        )),
    };
    let searcher = store.searcher()?;
    let tantivy_err = |source| tantivy_error(&store.path, source);
    let found = searcher
        .search(&query, &TopDocs::with_limit(MAX_POSTS).order_by_score())
        .map_err(tantivy_err)?;
    let mut posts = Vec::with_capacity(found.len());
    for (_, address) in found {
        let doc: TantivyDocument = searcher.doc(address).map_err(tantivy_err)?;
        posts.push(store.read_post(&doc));
    }
    posts.sort_by(|a, b| a.site.cmp(&b.site).then(a.id.cmp(&b.id)));
    Ok(posts)
}

/// A url as given, and with the other scheme and with or without the closing slash:
/// links get copied in all four forms.
fn url_variants(url: &str) -> Vec<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    let path = rest.trim_end_matches('/');
    let mut variants = vec![url.to_string()];
    for scheme in ["https://", "http://"] {
        for slash in ["/", ""] {
            let variant = format!("{scheme}{path}{slash}");
            if !variants.contains(&variant) {
                variants.push(variant);
            }
        }
    }
    variants
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_ids_site_ids_or_urls() {
        assert_eq!(PostRef::parse(" 101 ").unwrap(), PostRef::Id(101));
        assert_eq!(
            PostRef::parse("www.harbor-times.example/101").unwrap(),
            PostRef::SiteId {
                site: "www.harbor-times.example".to_string(),
                id: 101
            }
        );
        assert_eq!(
            PostRef::parse("https://a.example/2025/x/").unwrap(),
            PostRef::Url("https://a.example/2025/x/".to_string())
        );
        assert_eq!(
            PostRef::parse("a.example/2025/x").unwrap_err().to_string(),
            "'a.example/2025/x' is not a post id, SITE/ID or url (http:// or https://)"
        );
        assert!(PostRef::parse("/101").is_err());
        assert!(PostRef::parse("-3").is_err());
    }

    #[test]
    fn urls_are_tried_with_either_scheme_and_slash() {
        assert_eq!(
            url_variants("http://a.example/x"),
            vec![
                "http://a.example/x",
                "https://a.example/x/",
                "https://a.example/x",
                "http://a.example/x/",
            ]
        );
    }
}
