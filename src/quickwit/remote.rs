//! `newsgrep search --remote URL`: the query and filters in Quickwit's query language,
//! sent to the live generations of the pushed sites, the answer as local hits.

use super::client::Client;
use super::state::State;
use crate::error::{Error, Result};
use crate::post::{site_key, Category, Post, Quote};
use crate::search::query::{parse_query, Clause};
use crate::search::snippet::{opening, Snippet};
use crate::search::{Filters, Hit, SearchResults, SortOrder};
use crate::timefmt::parse_wp_datetime;
use serde_json::Value;
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
            let live = state
                .site(url, &site_key(site))
                .and_then(|s| s.live.clone());
            chosen.push(live.ok_or_else(|| {
                Error::Remote(format!("{site} was never pushed to {url} from here"))
            })?);
        }
        chosen
    };
    if indexes.is_empty() {
        return Err(Error::Remote(format!(
            "nothing was pushed to {url} from here ({} names no live index); run 'newsgrep push' first",
            search.state_file.display()
        )));
    }
    let mut warnings = parse_query(&search.query).warnings;
    let sort_by = match search.sort {
        SortOrder::Date => "date",
        SortOrder::Relevance => "_score",
        SortOrder::Recent => {
            warnings
                .push("--sort recent is not available with --remote; sorted by relevance".into());
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
    let answer = client
        .search(&indexes.join(","), &query)
        .map_err(|e| Error::Remote(e.0))?;
    let snippets = answer["snippets"].as_array();
    let hits = answer["hits"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, doc)| {
            let post = post_of(doc);
            let snippet = snippets
                .and_then(|s| s.get(i))
                .and_then(|s| s["body"].as_array())
                .and_then(|fragments| fragments.first())
                .and_then(Value::as_str)
                .map(snippet_of)
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
    warnings.extend(
        answer["errors"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(Value::as_str)
            .map(|e| format!("Quickwit: {e}")),
    );
    Ok(SearchResults {
        hits,
        total: answer["num_hits"].as_u64().unwrap_or(0) as usize,
        warnings,
        corrections: Vec::new(),
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

/// A stored record back as a post.
fn post_of(doc: &Value) -> Post {
    let text = |key: &str| doc[key].as_str().unwrap_or("").to_string();
    let texts = |key: &str| -> Vec<String> {
        doc[key]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect()
    };
    Post {
        id: doc["id"].as_u64().unwrap_or(0),
        site: text("site"),
        url: text("url"),
        title: text("title"),
        date: doc["date"].as_str().and_then(parse_wp_datetime),
        modified: None,
        categories: texts("categories")
            .into_iter()
            .map(|name| Category { name, slug: None })
            .collect(),
        tags: texts("tags"),
        author: text("author"),
        lang: text("lang"),
        excerpt: String::new(),
        body: text("body"),
        quotes: doc["quotes"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|q| Quote {
                text: q["text"].as_str().unwrap_or("").to_string(),
                speaker: q["speaker"].as_str().map(str::to_string),
                paragraph: 0,
            })
            .collect(),
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
    fn snippets_lose_their_tags_and_keep_the_matches() {
        let snippet = snippet_of("The <b>ferry</b> &amp; the <b>tram</b>");
        assert_eq!(snippet.text, "The ferry & the tram");
        assert_eq!(snippet_of("a.\n\n  b \n").text, "a. b");
        assert_eq!(snippet.highlights, vec![4..9, 16..20]);
    }
}
