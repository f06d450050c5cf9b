//! Human and JSON output of hits, stats and index reports, written to any `Write`.
//! The binary passes stdout; tests pass a `Vec<u8>`.

use crate::index::IndexReport;
use crate::search::{Hit, SearchResults};
use crate::snippet::Snippet;
use crate::stats::Stats;
use crate::timefmt::{format_day, format_rfc3339};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// How human output looks.
#[derive(Debug, Clone, Copy)]
pub struct PrintOptions {
    /// Use ANSI colours and bold.
    pub color: bool,
    /// Column to wrap snippets at.
    pub width: usize,
}

impl Default for PrintOptions {
    fn default() -> Self {
        PrintOptions {
            color: false,
            width: 100,
        }
    }
}

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const MATCH: &str = "\x1b[1;31m";
const DIM: &str = "\x1b[2m";
const GREEN: &str = "\x1b[32m";
const CYAN: &str = "\x1b[36m";
const BLUE: &str = "\x1b[34m";
/// Indent of the lines under a hit's title.
const INDENT: &str = "   ";

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, style: &str, text: &str) -> String {
        if self.on && !text.is_empty() {
            format!("{style}{text}{RESET}")
        } else {
            text.to_string()
        }
    }
}

/// Prints hits for people: rank and title, then date, site and categories, the url
/// and the snippet with matched words highlighted; a blank line between hits.
pub fn print_hits(out: &mut impl Write, hits: &[Hit], options: PrintOptions) -> io::Result<()> {
    let paint = Paint { on: options.color };
    for (i, hit) in hits.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let post = &hit.post;
        let title = if post.title.is_empty() {
            "(untitled)"
        } else {
            &post.title
        };
        writeln!(
            out,
            "{}{}",
            paint.wrap(DIM, &format!("{}. ", hit.rank)),
            paint.wrap(BOLD, title)
        )?;
        let mut meta = vec![
            paint.wrap(GREEN, &post.date.map_or("no date".to_string(), format_day)),
            paint.wrap(CYAN, &post.site),
        ];
        if !post.categories.is_empty() {
            let names: Vec<&str> = post.categories.iter().map(|c| c.name.as_str()).collect();
            meta.push(names.join(", "));
        }
        writeln!(out, "{INDENT}{}", meta.join(" · "))?;
        if !post.url.is_empty() {
            writeln!(out, "{INDENT}{}", paint.wrap(BLUE, &post.url))?;
        }
        for line in wrap_snippet(
            &hit.snippet,
            options.width.saturating_sub(INDENT.len()).max(20),
        ) {
            writeln!(out, "{INDENT}{}", highlight(&line, &paint))?;
        }
    }
    Ok(())
}

/// Splits a snippet into lines of at most `width` characters at spaces, keeping the
/// highlights of each line.
fn wrap_snippet(snippet: &Snippet, width: usize) -> Vec<Snippet> {
    let text = &snippet.text;
    let mut lines = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let rest = &text[start..];
        let end = match rest.char_indices().nth(width) {
            None => text.len(),
            Some((limit, _)) => match rest[..limit].rfind(' ') {
                Some(space) if space > 0 => start + space,
                _ => start + limit,
            },
        };
        let highlights = snippet
            .highlights
            .iter()
            .filter(|r| r.start < end && r.end > start)
            .map(|r| r.start.max(start) - start..r.end.min(end) - start)
            .collect();
        lines.push(Snippet {
            text: text[start..end].to_string(),
            highlights,
        });
        start = end;
        while text[start..].starts_with(' ') {
            start += 1;
        }
    }
    lines
}

fn highlight(snippet: &Snippet, paint: &Paint) -> String {
    if !paint.on {
        return snippet.text.clone();
    }
    let mut out = String::new();
    let mut at = 0;
    for range in &snippet.highlights {
        if range.start < at || range.end > snippet.text.len() {
            continue;
        }
        out.push_str(&snippet.text[at..range.start]);
        out.push_str(&paint.wrap(MATCH, &snippet.text[range.clone()]));
        at = range.end;
    }
    out.push_str(&snippet.text[at..]);
    out
}

#[derive(Serialize)]
struct JsonHit<'a> {
    rank: usize,
    score: f32,
    id: u64,
    site: &'a str,
    url: &'a str,
    title: &'a str,
    date: Option<String>,
    categories: Vec<&'a str>,
    tags: &'a [String],
    author: &'a str,
    snippet: &'a str,
}

/// Prints one JSON object per hit per line (NDJSON).
pub fn print_hits_json(out: &mut impl Write, hits: &[Hit]) -> io::Result<()> {
    for hit in hits {
        let post = &hit.post;
        let json = JsonHit {
            rank: hit.rank,
            score: hit.score,
            id: post.id,
            site: &post.site,
            url: &post.url,
            title: &post.title,
            date: post.date.map(format_rfc3339),
            categories: post.categories.iter().map(|c| c.name.as_str()).collect(),
            tags: &post.tags,
            author: &post.author,
            snippet: &hit.snippet.text,
        };
        serde_json::to_writer(&mut *out, &json)?;
        writeln!(out)?;
    }
    Ok(())
}

/// The line on stderr after a search: how many hits shown of how many, and the time.
pub fn search_summary(results: &SearchResults) -> String {
    let noun = if results.total == 1 {
        "match"
    } else {
        "matches"
    };
    format!(
        "{} of {} {} shown in {:.1} ms",
        results.hits.len(),
        results.total,
        noun,
        results.elapsed.as_secs_f64() * 1000.0
    )
}

/// The one-line summary of an indexing run.
pub fn index_summary(report: &IndexReport) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "indexed {} from {} in {:.2} s ({:.1} MB/s of JSON, {}); {}, {} skipped, {} ignored",
        plural(report.posts, "post", "posts"),
        plural(report.sites, "site", "sites"),
        report.elapsed.as_secs_f64(),
        report.megabytes_per_second(),
        human_bytes(report.bytes_read),
        plural(report.duplicates, "duplicate copy", "duplicate copies"),
        plural(report.problems.len(), "file", "files"),
        plural(report.files_ignored, "non-JSON file", "non-JSON files"),
    )
}

#[derive(Serialize)]
struct JsonStats<'a> {
    posts: u64,
    sites: &'a BTreeMap<String, u64>,
    first_date: Option<String>,
    last_date: Option<String>,
    categories: &'a BTreeMap<String, u64>,
    index_bytes: u64,
}

/// Prints index statistics as one JSON object.
pub fn print_stats_json(out: &mut impl Write, stats: &Stats) -> io::Result<()> {
    let json = JsonStats {
        posts: stats.posts,
        sites: &stats.sites,
        first_date: stats.first_date.map(format_rfc3339),
        last_date: stats.last_date.map(format_rfc3339),
        categories: &stats.categories,
        index_bytes: stats.index_bytes,
    };
    serde_json::to_writer_pretty(&mut *out, &json)?;
    writeln!(out)
}

/// Prints index statistics for people; sites and categories by count, largest first.
pub fn print_stats(out: &mut impl Write, stats: &Stats) -> io::Result<()> {
    writeln!(out, "posts:       {}", stats.posts)?;
    let dates = match (stats.first_date, stats.last_date) {
        (Some(first), Some(last)) => format!("{} to {}", format_day(first), format_day(last)),
        _ => "none".to_string(),
    };
    writeln!(out, "dates:       {dates}")?;
    writeln!(out, "index size:  {}", human_bytes(stats.index_bytes))?;
    writeln!(out, "sites:       {}", stats.sites.len())?;
    for (site, count) in by_count(&stats.sites) {
        writeln!(out, "  {count:>7}  {site}")?;
    }
    writeln!(out, "categories:  {}", stats.categories.len())?;
    for (name, count) in by_count(&stats.categories) {
        writeln!(out, "  {count:>7}  {name}")?;
    }
    Ok(())
}

/// A byte count for people, in decimal units: `812 B`, `19.6 kB`, `8.6 MB`, `1.2 GB`.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: &[&str] = &["kB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64;
    let mut unit = "B";
    for next in UNITS {
        if value < 1000.0 {
            break;
        }
        value /= 1000.0;
        unit = next;
    }
    format!("{value:.1} {unit}")
}

fn by_count(map: &BTreeMap<String, u64>) -> Vec<(&String, &u64)> {
    let mut rows: Vec<(&String, &u64)> = map.iter().collect();
    rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_counts_for_people() {
        assert_eq!(human_bytes(812), "812 B");
        assert_eq!(human_bytes(19_648), "19.6 kB");
        assert_eq!(human_bytes(8_600_000), "8.6 MB");
        assert_eq!(human_bytes(1_234_000_000), "1.2 GB");
    }

    #[test]
    fn wraps_snippets_and_keeps_highlights_per_line() {
        let snippet = Snippet {
            text: "alpha beta gamma delta".to_string(),
            highlights: vec![6..10, 17..22],
        };
        let lines = wrap_snippet(&snippet, 11);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, vec!["alpha beta", "gamma delta"]);
        assert_eq!(lines[0].highlights, vec![6..10]);
        assert_eq!(lines[1].highlights, vec![6..11]);
        let painted = highlight(&lines[1], &Paint { on: true });
        assert_eq!(painted, "gamma \x1b[1;31mdelta\x1b[0m");
    }
}
