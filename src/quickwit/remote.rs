//! `newsgrep search --remote URL`: the query and filters in Quickwit's query language,
//! sent to the live generations of the pushed sites, the answer as local hits.

use super::client::Client;
use super::error::QuickwitError;
use super::state::State;
use crate::error::Result;
use crate::post::{site_named, Category, Post, Quote};
use crate::search::query::{parse_query, Clause};
use crate::search::snippet::{opening, Snippet};
use crate::search::{Filters, Hit, SearchResults, SortOrder};
use crate::timefmt::parse_wp_datetime;
use serde::Deserialize;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Longest snippet when Quickwit sends none, in characters.
const SNIPPET_CHARS: usize = 180;

/// A search on a Quickwit cluster.
#[derive(Debug, Clone)]
pub struct RemoteSearch {
    /// The cluster's REST address.
    pub url: String,
    /// The push state file naming each site's live generation.
    pub state_file: PathBuf,
    /// The query in newsgrep's language.
    pub query: String,
    /// Conditions on the posts (`sites` picks the sites' indexes).
    pub filters: Filters,
    /// Relevance or date (`recent` is local only).
    pub sort: SortOrder,
    /// Most hits.
    pub limit: usize,
    /// Hits skipped first.
    pub offset: usize,
}

/// Runs the search on the cluster's live generations.
pub fn search_remote(search: &RemoteSearch) -> Result<SearchResults> {
    let started = Instant::now();
    let url = search.url.trim_end_matches('/');
    let state = State::load(&search.state_file)?;
    let indexes: Vec<String> = if search.filters.sites.is_empty() {
        state.live_indexes(url)
    } else {
        let mut chosen = Vec::new();
        for site in &search.filters.sites {
            let (site, url) = (site.clone(), url.to_string());
            match state.live_under(&url, &site_named(&site), site.contains("://")) {
                None => return Err(QuickwitError::NeverPushed { site, url }.into()),
                Some(live) if live.is_empty() => {
                    return Err(QuickwitError::NoLiveIndex { site, url }.into())
                }
                Some(live) => chosen.extend(live),
            }
        }
        chosen.sort();
        chosen.dedup();
        chosen
    };
    if indexes.is_empty() {
        return Err(QuickwitError::NothingPushed {
            url: url.to_string(),
            state_file: search.state_file.clone(),
        }
        .into());
    }
    let mut warnings = parse_query(&search.query).warnings;
    let sort_by = match search.sort {
        SortOrder::Date => "date",
        SortOrder::Relevance => "_score",
        SortOrder::Recent => {
            warnings.push(
                "the recent order is not available on a Quickwit cluster; sorted by relevance"
                    .into(),
            );
            "_score"
        }
    };
    let mut params: Vec<(&str, String)> = vec![
        ("query", quickwit_query(&search.query, &search.filters)),
        ("max_hits", search.limit.to_string()),
        ("start_offset", search.offset.to_string()),
        ("sort_by", sort_by.to_string()),
        ("snippet_fields", "body".to_string()),
        ("format", "json".to_string()),
    ];
    if let Some(since) = search.filters.since {
        params.push(("start_timestamp", since.unix_timestamp().to_string()));
    }
    if let Some(until) = search.filters.until {
        // Quickwit's end is exclusive.
        params.push(("end_timestamp", (until.unix_timestamp() + 1).to_string()));
    }
    let query = serde_urlencoded::to_string(&params).unwrap_or_default();
    let client = Client::new(url, Duration::from_millis(500));
    let answer: SearchAnswer = client.search(&indexes.join(","), &query)?;
    let mut snippets = answer.snippets.into_iter();
    let hits = answer
        .hits
        .into_iter()
        .enumerate()
        .map(|(i, record)| {
            let post = record.into_post();
            let snippet = snippets
                .next()
                .and_then(|fragments| fragments.body.into_iter().next())
                .map(|html| snippet_of(&html))
                .filter(|s| !s.text.is_empty())
                .unwrap_or_else(|| opening(&post.body, SNIPPET_CHARS));
            Hit {
                rank: search.offset + i + 1,
                score: 0.0,
                title_highlights: Vec::new(),
                post,
                snippet,
                quote: None,
            }
        })
        .collect();
    warnings.extend(answer.errors.iter().map(|e| format!("Quickwit: {e}")));
    Ok(SearchResults {
        hits,
        total: answer.num_hits as usize,
        warnings,
        corrections: Vec::new(),
        unmatched: Vec::new(),
        dropped: Vec::new(),
        suggestion: None,
        facets: None,
        elapsed: started.elapsed(),
    })
}

/// newsgrep's query and filters in Quickwit's query language: each group's
/// alternatives in parentheses, the groups joined by `OR` (ranked by BM25, as locally
/// posts with more of the words come first), exclusions with `-`, filters with `AND`.
pub fn quickwit_query(query: &str, filters: &Filters) -> String {
    let parsed = parse_query(query);
    let groups: Vec<String> = parsed
        .groups
        .iter()
        .map(|group| {
            let clauses: Vec<String> = group.iter().map(clause).collect();
            format!("({})", clauses.join(" OR "))
        })
        .collect();
    let mut parts = Vec::new();
    if groups.is_empty() {
        parts.push("*".to_string());
    } else if groups.len() == 1 {
        parts.push(groups[0].clone());
    } else {
        parts.push(format!("({})", groups.join(" OR ")));
    }
    for excluded in &parsed.excluded {
        parts.push(format!("-{}", clause(excluded)));
    }
    let any_of = |field: &str, values: &[String]| {
        let terms: Vec<String> = values
            .iter()
            .map(|v| format!("{field}:{}", quoted(v)))
            .collect();
        format!("({})", terms.join(" OR "))
    };
    if !filters.categories.is_empty() {
        parts.push(any_of("categories", &filters.categories));
    }
    if !filters.speakers.is_empty() {
        parts.push(any_of("speakers", &filters.speakers));
    }
    if let Some(lang) = &filters.lang {
        parts.push(format!("lang:{}", quoted(&lang.trim().to_lowercase())));
    }
    parts.join(" AND ")
}

/// One clause: a word or a phrase, in its field (the default fields: title, body).
fn clause(clause: &Clause) -> String {
    let field = match clause.field.as_deref() {
        Some("title") => Some("title"),
        Some("body") => Some("body"),
        Some("quotes" | "quote") => Some("quotes.text"),
        Some("category" | "categories") => Some("categories"),
        Some("tag" | "tags") => Some("tags"),
        Some("site") => Some("site"),
        Some("author") => Some("author"),
        Some("speaker" | "speakers") => Some("speakers"),
        _ => None,
    };
    let text = if clause.phrase {
        quoted(&clause.text)
    } else {
        escaped(&clause.text)
    };
    match field {
        Some(field) => format!("{field}:{text}"),
        None => text,
    }
}

/// A term with Quickwit's reserved characters escaped (and, at its start, those
/// that would make it a negation or a comparison).
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        let reserved = "+^`:{}\"[]()~!\\*? ".contains(c) || (i == 0 && "-<>=".contains(c));
        if reserved {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text as a quoted phrase.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// What Quickwit answers a search: the parts shown as results.
#[derive(Deserialize)]
struct SearchAnswer {
    num_hits: u64,
    hits: Vec<StoredRecord>,
    /// One per hit, in order; only there when snippets were asked for.
    #[serde(default)]
    snippets: Vec<HitSnippets>,
    /// What failed on some splits (the hits are those of the others).
    #[serde(default)]
    errors: Vec<String>,
}

/// The snippets of one hit, by field.
#[derive(Deserialize)]
struct HitSnippets {
    /// Fragments of the body, best first; none when the body did not match.
    #[serde(default)]
    body: Vec<String>,
}

/// A record as `newsgrep export` wrote it and Quickwit stored it. Id and site are
/// always there; the export leaves out a missing date and Quickwit may leave empty
/// values out of a stored document, so the rest may be absent.
#[derive(Deserialize)]
struct StoredRecord {
    id: u64,
    site: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    title: String,
    date: Option<String>,
    #[serde(default)]
    categories: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    author: String,
    #[serde(default)]
    lang: String,
    #[serde(default)]
    quotes: Vec<StoredQuote>,
    #[serde(default)]
    body: String,
}

/// A quotation of a stored record.
#[derive(Deserialize)]
struct StoredQuote {
    text: String,
    speaker: Option<String>,
}

impl StoredRecord {
    /// The record back as a post.
    fn into_post(self) -> Post {
        Post {
            id: self.id,
            site: self.site,
            url: self.url,
            title: self.title,
            date: self.date.as_deref().and_then(parse_wp_datetime),
            modified: None,
            categories: self
                .categories
                .into_iter()
                .map(|name| Category { name, slug: None })
                .collect(),
            tags: self.tags,
            author: self.author,
            lang: self.lang,
            lang_sure: true,
            excerpt: String::new(),
            body: self.body,
            quotes: self
                .quotes
                .into_iter()
                .map(|q| Quote {
                    text: q.text,
                    speaker: q.speaker,
                    paragraph: 0,
                })
                .collect(),
            speaker_aliases: Vec::new(),
        }
    }
}

/// Quickwit's snippet (HTML with the matches in `<b>`) as text with highlights.
fn snippet_of(html: &str) -> Snippet {
    let mut text = String::new();
    let mut highlights = Vec::new();
    let mut open = None;
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<b>") {
            open = Some(text.len());
            rest = after;
        } else if let Some(after) = rest.strip_prefix("</b>") {
            if let Some(start) = open.take() {
                highlights.push(start..text.len());
            }
            rest = after;
        } else if let Some((entity, decoded)) = [
            ("&amp;", '&'),
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&quot;", '"'),
            ("&#x27;", '\''),
            ("&#39;", '\''),
        ]
        .iter()
        .find(|(entity, _)| rest.starts_with(entity))
        {
            text.push(*decoded);
            rest = &rest[entity.len()..];
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            // Paragraph breaks and runs of spaces become one space, as locally.
            if !c.is_whitespace() {
                text.push(c);
            } else if !text.is_empty() && !text.ends_with(' ') {
                text.push(' ');
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    if text.ends_with(' ') {
        text.pop();
    }
    Snippet { text, highlights }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_become_quickwit_queries() {
        let none = Filters::default();
        assert_eq!(quickwit_query("", &none), "*");
        assert_eq!(quickwit_query("ferry", &none), "(ferry)");
        assert_eq!(
            quickwit_query("port strike -cranes", &none),
            "((port) OR (strike)) AND -cranes"
        );
        assert_eq!(
            quickwit_query("\"storm warning\" title:ferry OR quotes:wait", &none),
            "((\"storm warning\") OR (title:ferry OR quotes.text:wait))"
        );
        assert_eq!(quickwit_query("c++ a:b", &none), "((c\\+\\+) OR (a\\:b))");
        let filters = Filters {
            categories: vec!["Port News".into(), "Transport".into()],
            speakers: vec!["okafor".into()],
            lang: Some("EN".into()),
            ..Filters::default()
        };
        assert_eq!(
            quickwit_query("talks", &filters),
            "(talks) AND (categories:\"Port News\" OR categories:\"Transport\") AND (speakers:\"okafor\") AND lang:\"en\""
        );
    }

    #[test]
    fn search_answers_read_into_posts_and_need_their_counts() {
        let text = r#"{"num_hits": 7, "elapsed_time_micros": 12, "errors": [],
            "hits": [{"id": 3, "site": "a.example", "url": "https://a.example/3",
                      "title": "Ferry", "date": "2025-02-03T10:00:00Z",
                      "quotes": [{"text": "We sail", "speaker": "Okafor"}],
                      "body": "The ferry sails."},
                     {"id": 4, "site": "a.example"}],
            "snippets": [{"body": ["The <b>ferry</b>"]}]}"#;
        let answer: SearchAnswer = serde_json::from_str(text).unwrap();
        assert_eq!((answer.num_hits, answer.hits.len()), (7, 2));
        assert_eq!(answer.snippets[0].body, vec!["The <b>ferry</b>"]);
        let mut hits = answer.hits.into_iter().map(StoredRecord::into_post);
        let post = hits.next().unwrap();
        assert_eq!((post.id, post.title.as_str()), (3, "Ferry"));
        assert!(post.date.is_some());
        assert_eq!(post.quotes[0].speaker.as_deref(), Some("Okafor"));
        // A stored document without its empty values is still a post.
        let bare = hits.next().unwrap();
        assert_eq!((bare.id, bare.date, bare.tags.len()), (4, None, 0));

        for broken in [
            r#"{"hits": []}"#,
            r#"{"num_hits": 1}"#,
            r#"{"num_hits": 1, "hits": [{"site": "a.example"}]}"#,
        ] {
            assert!(
                serde_json::from_str::<SearchAnswer>(broken).is_err(),
                "{broken}"
            );
        }
    }

    #[test]
    fn snippets_lose_their_tags_and_keep_the_matches() {
        let snippet = snippet_of("The <b>ferry</b> &amp; the <b>tram</b>");
        assert_eq!(snippet.text, "The ferry & the tram");
        assert_eq!(snippet_of("a.\n\n  b \n").text, "a. b");
        assert_eq!(snippet.highlights, vec![4..9, 16..20]);
    }
}
