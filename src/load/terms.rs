//! Category, tag and user objects found anywhere in a dump, used to turn a post's
//! numeric `categories`, `tags` and `author` into names.

use super::site::SiteRule;
use super::wp::WpHead;
use crate::html::strip_inline_html;
use crate::post::site_key;
use std::collections::HashMap;

/// The two taxonomies newsgrep shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Taxonomy {
    /// `category`
    Category,
    /// `post_tag`
    Tag,
}

impl Taxonomy {
    /// The taxonomy named by a term object's `taxonomy` field.
    pub fn from_wp(name: &str) -> Option<Taxonomy> {
        match name {
            "category" => Some(Taxonomy::Category),
            "post_tag" => Some(Taxonomy::Tag),
            _ => None,
        }
    }

    /// The `class_list` prefix WordPress uses for this taxonomy's slugs.
    pub fn class_prefix(self) -> &'static str {
        match self {
            Taxonomy::Category => "category-",
            Taxonomy::Tag => "tag-",
        }
    }
}

/// A term's display name and slug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermName {
    /// Display name, entities decoded.
    pub name: String,
    /// URL slug.
    pub slug: Option<String>,
}

/// What kind of WordPress object a dump object is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectKind {
    /// `type: post`: indexed.
    Post,
    /// A category or tag term object.
    Term(Taxonomy),
    /// A user object (`/wp/v2/users`).
    User,
    /// Anything else (pages, attachments, other taxonomies, site info): skipped.
    Other,
}

impl ObjectKind {
    /// Classifies an object by its fields.
    pub fn of(object: &WpHead) -> ObjectKind {
        if let Some(kind) = &object.kind {
            return if kind == "post" {
                ObjectKind::Post
            } else {
                ObjectKind::Other
            };
        }
        if let Some(taxonomy) = &object.taxonomy {
            return Taxonomy::from_wp(taxonomy).map_or(ObjectKind::Other, ObjectKind::Term);
        }
        if object.id.is_some() && object.name.is_some() && object.slug.is_some() {
            return ObjectKind::User;
        }
        ObjectKind::Other
    }
}

/// Term and user names of every site in a dump, keyed by the site they came from.
/// Objects without a `link` are filed under no site and serve every site.
#[derive(Debug, Default)]
pub struct TermTables {
    terms: HashMap<(String, Taxonomy, u64), TermName>,
    users: HashMap<(String, u64), String>,
}

impl TermTables {
    /// Records the object if it is a term or a user; returns whether it was.
    pub fn learn(&mut self, object: &WpHead, rule: &SiteRule) -> bool {
        let (Some(id), Some(name)) = (object.id, object.name.as_deref()) else {
            return false;
        };
        let host = object.link.as_deref().and_then(crate::text::url_host);
        let site = site_key(&rule.site(host.as_deref()));
        match ObjectKind::of(object) {
            ObjectKind::Term(taxonomy) => {
                let term = TermName {
                    name: strip_inline_html(name),
                    slug: object.slug.clone(),
                };
                self.terms.insert((site, taxonomy, id), term);
                true
            }
            ObjectKind::User => {
                self.users.insert((site, id), strip_inline_html(name));
                true
            }
            _ => false,
        }
    }

    /// Adds everything another table knows (used to combine per-thread tables).
    pub fn merge(&mut self, other: TermTables) {
        self.terms.extend(other.terms);
        self.users.extend(other.users);
    }

    /// The term `id` of `taxonomy` on the site with key `site`.
    pub fn term(&self, site: &str, taxonomy: Taxonomy, id: u64) -> Option<&TermName> {
        self.terms
            .get(&(site.to_string(), taxonomy, id))
            .or_else(|| self.terms.get(&(String::new(), taxonomy, id)))
    }

    /// The name of user `id` on the site with key `site`.
    pub fn user(&self, site: &str, id: u64) -> Option<&str> {
        self.users
            .get(&(site.to_string(), id))
            .or_else(|| self.users.get(&(String::new(), id)))
            .map(String::as_str)
    }

    /// Feeds the names a post's term and author ids resolve to into a hasher, so that a
    /// renamed category or author changes the post's fingerprint.
    pub fn hash_names(&self, site: &str, post: PostTerms<'_>, hasher: &mut impl std::hash::Hasher) {
        for (taxonomy, ids) in [
            (Taxonomy::Category, post.categories),
            (Taxonomy::Tag, post.tags),
        ] {
            for &id in ids.iter() {
                if let Some(term) = self.term(site, taxonomy, id) {
                    hasher.write(term.name.as_bytes());
                    hasher.write(term.slug.as_deref().unwrap_or("").as_bytes());
                }
                hasher.write_u64(id);
            }
        }
        if let Some(name) = post.author.and_then(|author| self.user(site, author)) {
            hasher.write(name.as_bytes());
        }
    }
}

/// A post's term and author ids, all that its fingerprint needs of its head (borrowed
/// from the head, or from wherever the indexer keeps them).
#[derive(Debug, Clone, Copy, Default)]
pub struct PostTerms<'a> {
    /// Author user id.
    pub author: Option<u64>,
    /// Category term ids.
    pub categories: &'a [u64],
    /// Tag term ids.
    pub tags: &'a [u64],
}

impl<'a> PostTerms<'a> {
    /// The ids of a post's head.
    pub fn of(head: &'a WpHead) -> PostTerms<'a> {
        PostTerms {
            author: head.author,
            categories: &head.categories,
            tags: &head.tags,
        }
    }
}
