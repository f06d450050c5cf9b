//! Finding a site's REST API and reading its answers. The root is where the home
//! page's `Link: rel="https://api.w.org/"` header points, else `/wp-json/`, else
//! `/?rest_route=/` (sites without pretty permalinks). An answer is a JSON array, a
//! page past the end, or one of the errors a user must hear about: the API closed, an
//! HTML page, JSON that does not parse.

use super::error::FetchError;
use super::http::{Answer, Http};
use serde::Deserialize;
use serde_json::value::RawValue;

/// WordPress error codes that mean the API (or this route) is closed to the public.
const CLOSED_CODES: &[&str] = &[
    "rest_no_route",
    "rest_disabled",
    "rest_forbidden",
    "rest_cannot_access",
    "rest_login_required",
    "rest_not_logged_in",
    "rest_authentication_required",
    "rest_user_cannot_view",
    "rest_api_disabled",
];

/// A site's REST API: its root, and how routes join it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Api {
    /// The root as found: `https://a.example/wp-json/` or
    /// `https://a.example/index.php?rest_route=/`.
    pub root: String,
}

impl Api {
    /// The address of `route` (`wp/v2/posts`) with query parameters.
    pub fn url(&self, route: &str, params: &[(&str, String)]) -> String {
        let query: Vec<String> = params
            .iter()
            .map(|(name, value)| format!("{name}={}", encode(value)))
            .collect();
        match self.root.split_once("rest_route=") {
            Some((before, root_route)) => {
                let route = format!("{}/{route}", root_route.trim_end_matches('/'));
                let mut url = format!("{before}rest_route={route}");
                for part in query {
                    url.push('&');
                    url.push_str(&part);
                }
                url
            }
            None => {
                let root = if self.root.ends_with('/') {
                    self.root.clone()
                } else {
                    format!("{}/", self.root)
                };
                let mut url = format!("{root}{route}");
                if !query.is_empty() {
                    url.push('?');
                    url.push_str(&query.join("&"));
                }
                url
            }
        }
    }
}

/// Percent-encodes what a query value cannot hold as it is.
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' | b':' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// One page of a collection.
#[derive(Debug)]
pub struct Page {
    /// Its objects, as the API wrote them.
    pub items: Vec<Box<RawValue>>,
    /// `X-WP-Total`.
    pub total: Option<u64>,
    /// `X-WP-TotalPages`.
    pub total_pages: Option<u64>,
    /// The server's clock when it answered.
    pub date: Option<time::OffsetDateTime>,
    /// Text before the JSON that was passed over (PHP notices), for a warning.
    pub skipped_prefix: Option<String>,
}

/// WordPress's error object.
#[derive(Deserialize)]
struct WpError {
    code: String,
    #[serde(default)]
    message: String,
}

/// The code of WordPress's error object (`{"code": …, "message": …}`), if the body
/// is one.
pub fn wp_error_code(body: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    wp_error_in(answer_text(&text)).map(|error| error.code)
}

/// An answer's text without a byte-order mark or surrounding space.
fn answer_text(text: &str) -> &str {
    text.trim_start_matches('\u{feff}').trim()
}

/// WordPress's error object, if the text is one.
fn wp_error_in(text: &str) -> Option<WpError> {
    serde_json::from_str::<WpError>(text).ok()
}

/// What an answer that is not a page is.
#[derive(Debug)]
pub enum NotAPage {
    /// Asked past the last page (`rest_post_invalid_page_number`).
    PastTheEnd,
    /// Anything else, as the error to report.
    Error(FetchError),
}

impl From<FetchError> for NotAPage {
    fn from(err: FetchError) -> NotAPage {
        NotAPage::Error(err)
    }
}

/// GETs one page of a collection and reads it.
pub fn get_page(http: &Http, url: &str, what: &str) -> Result<Page, NotAPage> {
    let answer = http.get(url, what)?;
    read_page(&answer, what)
}

/// Reads an answer as a page of a collection.
pub fn read_page(answer: &Answer, what: &str) -> Result<Page, NotAPage> {
    let text = String::from_utf8_lossy(&answer.body);
    let text = answer_text(&text);
    if let Some(error) = wp_error_in(text) {
        if error.code == "rest_post_invalid_page_number" {
            return Err(NotAPage::PastTheEnd);
        }
        return Err(NotAPage::Error(wp_error(answer, what, &error)));
    }
    if !(200..300).contains(&answer.status) {
        return Err(NotAPage::Error(status_error(answer, what, text)));
    }
    let (items, skipped_prefix) = match parse_array(text) {
        Ok(parsed) => parsed,
        Err(_) if looks_like_html(answer, text) => {
            return Err(NotAPage::Error(FetchError::HtmlInsteadOfJson {
                url: answer.url.clone(),
                title: html_title(text),
            }))
        }
        Err(ArrayError::NotJson(reason)) => {
            return Err(NotAPage::Error(FetchError::InvalidJson {
                url: answer.url.clone(),
                reason,
            }))
        }
        Err(ArrayError::NotAnArray(kind)) => {
            return Err(NotAPage::Error(FetchError::UnexpectedAnswer {
                url: answer.url.clone(),
                reason: format!("expected a JSON array of {what}, got {kind}"),
            }))
        }
    };
    Ok(Page {
        items,
        total: answer.total,
        total_pages: answer.total_pages,
        date: answer.date,
        skipped_prefix,
    })
}

enum ArrayError {
    NotJson(String),
    NotAnArray(&'static str),
}

/// A JSON array, or one after text a PHP notice put in front of it.
fn parse_array(text: &str) -> Result<(Vec<Box<RawValue>>, Option<String>), ArrayError> {
    match serde_json::from_str::<Vec<Box<RawValue>>>(text) {
        Ok(items) => Ok((items, None)),
        Err(err) if err.is_data() => {
            let kind = match text.as_bytes().first() {
                Some(b'{') => "an object",
                Some(b'"') => "a string",
                _ => "a single value",
            };
            Err(ArrayError::NotAnArray(kind))
        }
        Err(err) => {
            let reason = err.to_string();
            // `Notice: … on line 12\n[{…}]`: the array after the notice is the answer.
            for (start, _) in text.match_indices('[').filter(|(i, _)| *i > 0).take(8) {
                if let Ok(items) = serde_json::from_str::<Vec<Box<RawValue>>>(&text[start..]) {
                    let prefix = text[..start].trim();
                    let prefix: String = prefix.chars().take(120).collect();
                    return Ok((items, Some(prefix)));
                }
            }
            Err(ArrayError::NotJson(reason))
        }
    }
}

/// Whether a body is a web page rather than JSON.
fn looks_like_html(answer: &Answer, text: &str) -> bool {
    answer.content_type.contains("html") && !text.starts_with(['[', '{']) || text.starts_with('<')
}

/// A page's `<title>`, if it has one.
pub fn html_title(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let start = lower.find("<title")?;
    let open_end = start + lower[start..].find('>')? + 1;
    let end = open_end + lower[open_end..].find("</title")?;
    let title = crate::html::strip_inline_html(&text[open_end..end]);
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    (!title.is_empty()).then(|| title.chars().take(120).collect())
}

/// The error a WordPress error object stands for.
fn wp_error(answer: &Answer, what: &str, error: &WpError) -> FetchError {
    let reason = format!(
        "HTTP {}, {}{}",
        answer.status,
        error.code,
        if error.message.is_empty() {
            String::new()
        } else {
            format!(": {}", crate::html::strip_inline_html(&error.message))
        }
    );
    if CLOSED_CODES.contains(&error.code.as_str()) || matches!(answer.status, 401 | 403) {
        FetchError::RestDisabled {
            url: answer.url.clone(),
            reason,
        }
    } else {
        FetchError::Refused {
            what: format!("{what} ({})", answer.url),
            status: answer.status,
            message: Some(format!(
                "{}: {}",
                error.code,
                crate::html::strip_inline_html(&error.message)
            )),
        }
    }
}

/// The error a failure status without WordPress's error object stands for.
fn status_error(answer: &Answer, what: &str, text: &str) -> FetchError {
    if matches!(answer.status, 401 | 403) {
        return FetchError::RestDisabled {
            url: answer.url.clone(),
            reason: format!(
                "HTTP {}{}",
                answer.status,
                html_title(text)
                    .map(|t| format!(", \"{t}\""))
                    .unwrap_or_default()
            ),
        };
    }
    FetchError::Refused {
        what: format!("{what} ({})", answer.url),
        status: answer.status,
        message: html_title(text),
    }
}

/// Whether a page's HTML shows WordPress (its folders or its generator tag).
pub fn looks_like_wordpress(body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(body);
    [
        "/wp-content/",
        "/wp-includes/",
        "content=\"WordPress",
        "api.w.org",
    ]
    .iter()
    .any(|mark| text.contains(mark))
}

/// The site's API, found from its address; `base` is the home page's address after
/// redirects (`https://a.example/news`), without a closing slash.
pub fn discover(http: &Http, site_url: &str) -> Result<(Api, String), FetchError> {
    let home = http.get(
        &format!("{}/", site_url.trim_end_matches('/')),
        "the home page",
    )?;
    let base = site_base(&home.url);
    let mut roots: Vec<String> = Vec::new();
    if let Some(link) = &home.api_link {
        roots.push(link.clone());
    }
    for root in [format!("{base}/wp-json/"), format!("{base}/?rest_route=/")] {
        if !roots.contains(&root) {
            roots.push(root);
        }
    }
    let wordpress_home = home.api_link.is_some() || looks_like_wordpress(&home.body);
    let mut closed: Option<FetchError> = None;
    let mut failing: Option<FetchError> = None;
    let mut seen = Vec::new();
    for root in roots {
        let api = Api { root };
        let probe = api.url(
            "wp/v2/posts",
            &[("per_page", "1".into()), ("_fields", "id".into())],
        );
        let shown = api
            .root
            .strip_prefix(&base)
            .unwrap_or(&api.root)
            .to_string();
        // A root that keeps failing does not end the search: the next may answer.
        let answer = match http.get(&probe, "the posts route") {
            Ok(answer) => answer,
            Err(err) => {
                seen.push(format!("{shown}: {}", short_reason(&err)));
                failing.get_or_insert(err);
                continue;
            }
        };
        match read_page(&answer, "posts") {
            Ok(_) | Err(NotAPage::PastTheEnd) => {
                // A redirect (http to https, another host) is followed once and kept.
                let api = match rebase(&api, &probe, &answer.url) {
                    Some(root) => Api { root },
                    None => api,
                };
                return Ok((api, base));
            }
            // A refusal is the API's when WordPress wrote it or the site is
            // WordPress; a bare 401/403 in front of another site is not.
            Err(NotAPage::Error(err @ FetchError::RestDisabled { .. }))
                if wordpress_home || wp_error_code(&answer.body).is_some() =>
            {
                closed.get_or_insert(err);
            }
            Err(NotAPage::Error(err)) => seen.push(format!("{shown}: {}", short_reason(&err))),
        }
    }
    if let Some(err) = closed {
        return Err(err);
    }
    if let Some(err) = failing.filter(|_| wordpress_home) {
        return Err(err);
    }
    // A home page refused as well (a firewall's challenge): nothing tells what is
    // behind it.
    if matches!(home.status, 401 | 403) {
        return Err(FetchError::Refused {
            what: format!("the home page ({})", home.url),
            status: home.status,
            message: html_title(&String::from_utf8_lossy(&home.body)),
        });
    }
    let seen = seen.join("; ");
    if wordpress_home {
        return Err(FetchError::RestDisabled {
            url: base,
            reason: format!("the site is WordPress, but its API answers no JSON ({seen})"),
        });
    }
    Err(FetchError::NotWordPress {
        url: base,
        reason: format!("no sign of WordPress on its home page, and no REST API answers ({seen})"),
    })
}

/// The address WordPress is installed at: the `home` its API's index gives
/// (`/wp-json/?_fields=home`), else [`install_address`] from the root's shape. An
/// address typed deep into a site (`news.example/category/x/`) finds an API there
/// too (WordPress answers `?rest_route=` on every page), so the shape alone can
/// mislead.
pub fn install(http: &Http, api: &Api, base: &str) -> String {
    #[derive(Deserialize)]
    struct Index {
        home: String,
    }
    let url = api.url("", &[("_fields", "home".to_string())]);
    // One try: a site that refuses its index still has its routes.
    http.get_once(&url, "the API's index")
        .ok()
        .filter(|answer| (200..300).contains(&answer.status))
        .and_then(|answer| serde_json::from_slice::<Index>(&answer.body).ok())
        .map(|index| index.home.trim_end_matches('/').to_string())
        .filter(|home| home.starts_with("http://") || home.starts_with("https://"))
        .unwrap_or_else(|| install_address(api, base))
}

/// The address WordPress is installed at, from its API root: the root without
/// `/wp-json/` or `/index.php?rest_route=/`; `base` (the home page) when the root
/// has another shape (a renamed REST prefix).
pub fn install_address(api: &Api, base: &str) -> String {
    let root = api.root.as_str();
    let install = match root.split_once("?rest_route=") {
        Some((before, _)) => Some(before.trim_end_matches('/').trim_end_matches("/index.php")),
        None => root
            .trim_end_matches('/')
            .strip_suffix("/wp-json")
            .map(|before| before.trim_end_matches("/index.php")),
    };
    install.unwrap_or(base).trim_end_matches('/').to_string()
}

/// A failed probe in a few words.
fn short_reason(err: &FetchError) -> String {
    match err {
        FetchError::HtmlInsteadOfJson { .. } => "an HTML page".to_string(),
        FetchError::InvalidJson { .. } => "not JSON".to_string(),
        FetchError::UnexpectedAnswer { .. } => "JSON of another shape".to_string(),
        FetchError::Refused { status, .. } => format!("HTTP {status}"),
        FetchError::RestDisabled { reason, .. } => reason.clone(),
        FetchError::KeepsFailing { attempts, last, .. } => {
            format!("{last} ({attempts} tries)")
        }
        other => other.to_string(),
    }
}

/// The home page's address without query, fragment or closing slash.
fn site_base(url: &str) -> String {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    url.trim_end_matches('/').to_string()
}

/// The root as the server moved it: when asking `asked` ended at `landed`, the part
/// of the address before the route moved the same way.
fn rebase(api: &Api, asked: &str, landed: &str) -> Option<String> {
    if asked == landed {
        return None;
    }
    let route_at = asked.find("wp/v2/posts")?;
    let landed_at = landed.find("wp/v2/posts")?;
    let moved_prefix = &landed[..landed_at];
    let old_prefix = &asked[..route_at];
    Some(api.root.replacen(old_prefix, moved_prefix, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, content_type: &str, body: &str) -> Answer {
        Answer {
            status,
            url: "https://a.example/wp-json/wp/v2/posts?page=2".to_string(),
            content_type: content_type.to_string(),
            total: Some(120),
            total_pages: Some(2),
            date: None,
            api_link: None,
            retry_after: None,
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn routes_join_both_kinds_of_root() {
        let pretty = Api {
            root: "https://a.example/wp-json/".to_string(),
        };
        assert_eq!(
            pretty.url(
                "wp/v2/posts",
                &[("per_page", "100".into()), ("page", "3".into())]
            ),
            "https://a.example/wp-json/wp/v2/posts?per_page=100&page=3"
        );
        let plain = Api {
            root: "http://127.0.0.1:8080/index.php?rest_route=/".to_string(),
        };
        assert_eq!(
            plain.url(
                "wp/v2/posts",
                &[("modified_after", "2025-01-01T00:00:00".into())]
            ),
            "http://127.0.0.1:8080/index.php?rest_route=/wp/v2/posts&modified_after=2025-01-01T00:00:00"
        );
        assert_eq!(
            plain.url(
                "wp/v2/tags",
                &[("include", "1,2".into()), ("q", "a b&c".into())]
            ),
            "http://127.0.0.1:8080/index.php?rest_route=/wp/v2/tags&include=1,2&q=a%20b%26c"
        );
    }

    #[test]
    fn answers_are_pages_or_named_errors() {
        let page = read_page(
            &answer(200, "application/json", r#"[{"id":1},{"id":2}]"#),
            "posts",
        )
        .unwrap();
        assert_eq!(page.items.len(), 2);
        assert_eq!(page.total_pages, Some(2));
        let notice =
            "<br />\n<b>Notice</b>: Undefined index in x.php on line 3<br />\n[{\"id\":5}]";
        let page = read_page(&answer(200, "application/json", notice), "posts").unwrap();
        assert_eq!(page.items.len(), 1);
        assert!(page.skipped_prefix.unwrap().contains("Notice"));
        let past = r#"{"code":"rest_post_invalid_page_number","message":"The page number requested is larger than the number of pages available.","data":{"status":400}}"#;
        assert!(matches!(
            read_page(&answer(400, "application/json", past), "posts"),
            Err(NotAPage::PastTheEnd)
        ));
        let message = |a: Answer| match read_page(&a, "posts") {
            Err(NotAPage::Error(err)) => err.to_string(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            message(answer(401, "application/json", r#"{"code":"rest_login_required","message":"REST API restricted to authenticated users.","data":{"status":401}}"#)),
            "https://a.example/wp-json/wp/v2/posts?page=2: the site's REST API is disabled or closed to the public (HTTP 401, rest_login_required: REST API restricted to authenticated users.)"
        );
        assert_eq!(
            message(answer(200, "text/html; charset=utf-8", "<!DOCTYPE html><html><head><title>Site under maintenance</title></head></html>")),
            "https://a.example/wp-json/wp/v2/posts?page=2: an HTML page came where JSON was expected (\"Site under maintenance\")"
        );
        assert_eq!(
            message(answer(200, "application/json", r#"[{"id":1},{"id":"#)),
            "https://a.example/wp-json/wp/v2/posts?page=2: the answer is not valid JSON: EOF while parsing a value at line 1 column 16"
        );
        assert_eq!(
            message(answer(200, "application/json", r#"{"id":1}"#)),
            "https://a.example/wp-json/wp/v2/posts?page=2: expected a JSON array of posts, got an object"
        );
    }

    #[test]
    fn the_install_is_where_the_api_root_is() {
        let at = |root: &str| {
            install_address(
                &Api {
                    root: root.to_string(),
                },
                "https://a.example/category/politics",
            )
        };
        assert_eq!(at("https://a.example/wp-json/"), "https://a.example");
        assert_eq!(at("https://a.example/fr/wp-json/"), "https://a.example/fr");
        assert_eq!(
            at("https://a.example/fr/index.php?rest_route=/"),
            "https://a.example/fr"
        );
        assert_eq!(at("https://a.example/?rest_route=/"), "https://a.example");
        // Permalinks under /index.php/ put the API there too.
        assert_eq!(
            at("https://a.example/index.php/wp-json/"),
            "https://a.example"
        );
        assert_eq!(
            at("https://a.example/fr/index.php/wp-json"),
            "https://a.example/fr"
        );
        // A renamed REST prefix tells nothing: the home page's address stands.
        assert_eq!(
            at("https://a.example/api/"),
            "https://a.example/category/politics"
        );
    }

    #[test]
    fn a_redirected_root_moves_with_its_route() {
        let api = Api {
            root: "http://a.example/wp-json/".to_string(),
        };
        assert_eq!(
            rebase(
                &api,
                "http://a.example/wp-json/wp/v2/posts?per_page=1",
                "https://www.a.example/wp-json/wp/v2/posts?per_page=1"
            )
            .as_deref(),
            Some("https://www.a.example/wp-json/")
        );
    }
}
