//! The clean, source-independent shape of one news post, as it is indexed.

use time::OffsetDateTime;

/// A post ready for indexing: HTML stripped, terms resolved, quotes extracted.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    /// WordPress post id (unique within a site).
    pub id: u64,
    /// Host of the post's `link`, e.g. `iranreport.org`.
    pub site: String,
    /// The post's permalink.
    pub url: String,
    /// Title as plain text, entities decoded.
    pub title: String,
    /// Publication time in UTC (`date_gmt`, else `date`).
    pub date: Option<OffsetDateTime>,
    /// Last modification time in UTC (`modified_gmt`, else `modified`).
    pub modified: Option<OffsetDateTime>,
    /// Category names (or slugs, or numeric ids when nothing better is known).
    pub categories: Vec<Category>,
    /// Tag names, resolved like categories.
    pub tags: Vec<String>,
    /// Author name, or the numeric author id when no user object names it.
    pub author: String,
    /// Language of the text: ISO 639-1 code (`en`, `es`, `id`, `ja`…), or `und`.
    pub lang: String,
    /// Whether the text told its language clearly; where it did not (a short post),
    /// indexing gives the post its site's usual language. Not stored.
    pub lang_sure: bool,
    /// The excerpt as plain text.
    pub excerpt: String,
    /// The article text, paragraphs separated by a blank line.
    pub body: String,
    /// Direct quotations found in the article.
    pub quotes: Vec<Quote>,
    /// Short forms the article introduces for full names ("Setya Novanto (Setnov)"):
    /// (short form, full name), for joining a site's speakers into identities.
    pub speaker_aliases: Vec<(String, String)>,
}

/// A category as shown to people, with the slug used to match filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    /// Display name, e.g. `Asia Intl`.
    pub name: String,
    /// URL slug, e.g. `asia-intl`, when known.
    pub slug: Option<String>,
}

/// One direct quotation from an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The quoted words, without quote marks.
    pub text: String,
    /// Who said it, when known.
    pub speaker: Option<String>,
    /// Index of the paragraph (text block) the quotation starts in.
    pub paragraph: usize,
}

/// Normalises a host for matching: lower case, without a leading `www.`.
pub fn site_key(host: &str) -> String {
    let host = host.trim().trim_end_matches('.').to_lowercase();
    match host.strip_prefix("www.") {
        Some(rest) => rest.to_string(),
        None => host,
    }
}

/// The site a typed address names: its host as [`site_key`] gives it, followed by its
/// path when WordPress is installed under one (`https://www.news.example/fr/` →
/// `news.example/fr`), since each install under a path numbers its posts anew.
pub fn site_of_address(address: &str) -> Option<String> {
    let address = address.trim();
    let host = crate::text::url_host(address)?;
    let rest = address.split_once("://").map_or(address, |(_, rest)| rest);
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let path = rest.find('/').map_or("", |at| &rest[at..]);
    let path = path.trim_end_matches('/').to_lowercase();
    Some(format!("{}{path}", site_key(&host)))
}

/// A site and the sites it lies under, deepest first: `news.example/fr/2025` →
/// `news.example/fr/2025`, `news.example/fr`, `news.example`; for a web address cut
/// back to the deepest site held.
pub fn site_and_parents(site: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(site), |site| site.rsplit_once('/').map(|(up, _)| up))
}

/// The site a user names (`--site`): [`site_of_address`], else the text as a key.
pub fn site_named(text: &str) -> String {
    site_of_address(text).unwrap_or_else(|| site_key(text))
}

#[cfg(test)]
impl Post {
    /// A small undated post for unit tests: one category, one tag, no quotations.
    pub(crate) fn example() -> Post {
        Post {
            id: 7,
            site: "a.example".to_string(),
            url: "https://a.example/7".to_string(),
            title: "T".to_string(),
            date: None,
            modified: None,
            categories: vec![Category {
                name: "World".to_string(),
                slug: Some("world".to_string()),
            }],
            tags: vec!["x".to_string()],
            author: "Ann".to_string(),
            lang: "en".to_string(),
            lang_sure: true,
            excerpt: String::new(),
            body: "Body.".to_string(),
            quotes: Vec::new(),
            speaker_aliases: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_names_its_host_and_the_path_of_its_install() {
        assert_eq!(
            site_of_address("https://www.News.example/").as_deref(),
            Some("news.example")
        );
        assert_eq!(
            site_of_address("news.example").as_deref(),
            Some("news.example")
        );
        assert_eq!(
            site_of_address("http://news.example:8080/FR/?lang=x").as_deref(),
            Some("news.example/fr")
        );
        assert_eq!(
            site_of_address("news.example/blog/en/").as_deref(),
            Some("news.example/blog/en")
        );
        assert_eq!(site_of_address("https://"), None);
    }
}
