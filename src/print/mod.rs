//! Human and JSON output of hits, quotations, speakers, stats and index reports,
//! written to any `Write`. The binary passes stdout; tests pass a `Vec<u8>`.

mod facets;
mod post;
mod quotes;
mod report;
mod view;

pub use facets::{facets_json, print_facets, print_facets_json, JsonFacets};
pub use post::{post_json, print_post, print_post_json, JsonPost};
pub use quotes::{
    print_quotes, print_quotes_json, print_speakers, print_speakers_json, quote_json,
    quotes_summary, speaker_json, speakers_summary, JsonQuote, JsonSpeaker,
};
pub use report::{
    fetch_summary, human_bytes, index_summary, print_stats, print_stats_json, push_summary,
    stats_json, JsonStats,
};
pub use view::PostView;

use crate::post::Quote;
use crate::search::snippet::Snippet;
use crate::search::{Hit, SearchResults};
use crate::timefmt::format_day;
use serde::Serialize;
use std::io::{self, Write};

/// How human output looks.
#[derive(Debug, Clone, Copy)]
pub struct PrintOptions {
    /// Use ANSI colours and bold.
    pub color: bool,
    /// Make urls clickable with OSC 8 hyperlinks (for terminals that support them).
    pub hyperlinks: bool,
    /// Column to wrap snippets at.
    pub width: usize,
}

impl Default for PrintOptions {
    fn default() -> Self {
        PrintOptions {
            color: false,
            hyperlinks: false,
            width: 100,
        }
    }
}

/// `shown` as an OSC 8 hyperlink to `url` when the options ask for hyperlinks.
fn hyperlink(shown: &str, url: &str, options: PrintOptions) -> String {
    // Control characters would end the escape sequence early.
    if options.hyperlinks && !url.chars().any(char::is_control) {
        format!("\x1b]8;;{url}\x1b\\{shown}\x1b]8;;\x1b\\")
    } else {
        shown.to_string()
    }
}

/// Longest quotation shown under a search hit, in characters.
const HIT_QUOTE_CHARS: usize = 200;

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

impl PrintOptions {
    fn paint(&self) -> Paint {
        Paint { on: self.color }
    }

    /// Columns left for text after the indent.
    fn text_width(&self) -> usize {
        self.width.saturating_sub(INDENT.len()).max(20)
    }
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
    let paint = options.paint();
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
        let title = Snippet {
            text: title.to_string(),
            highlights: hit.title_highlights.clone(),
        };
        writeln!(
            out,
            "{}{}",
            paint.wrap(DIM, &format!("{}. ", hit.rank)),
            highlight_in(&title, &paint, BOLD)
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
            let url = hyperlink(&paint.wrap(BLUE, &post.url), &post.url, options);
            writeln!(out, "{INDENT}{url}")?;
        }
        for line in wrap_snippet(&hit.snippet, options.text_width()) {
            writeln!(out, "{INDENT}{}", highlight_in(&line, &paint, ""))?;
        }
        if let Some(quote) = &hit.quote {
            let line = format!(
                "{} — {}",
                quoted(&quote.text, HIT_QUOTE_CHARS),
                speaker_name(quote)
            );
            for part in wrap_snippet(&plain(line), options.text_width()) {
                writeln!(out, "{INDENT}{}", paint.wrap(DIM, &part.text))?;
            }
        }
    }
    Ok(())
}

/// A quotation in curly marks, cut at a word after `max_chars` characters.
fn quoted(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => {
            let head = &text[..cut];
            let head = &head[..head.rfind(' ').unwrap_or(cut)];
            format!("“{head}…”")
        }
        None => format!("“{text}”"),
    }
}

/// A quotation's speaker for people.
fn speaker_name(quote: &Quote) -> &str {
    quote.speaker.as_deref().unwrap_or("(unattributed)")
}

/// Text without highlights, to wrap like a snippet.
fn plain(text: String) -> Snippet {
    Snippet {
        text,
        highlights: Vec::new(),
    }
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

/// The text with its highlights painted as matches and the rest in `style` (none
/// when empty).
fn highlight_in(snippet: &Snippet, paint: &Paint, style: &str) -> String {
    let text = &snippet.text;
    if !paint.on {
        return text.clone();
    }
    let rest = |part: &str| {
        if style.is_empty() {
            part.to_string()
        } else {
            paint.wrap(style, part)
        }
    };
    let mut out = String::new();
    let mut at = 0;
    for range in &snippet.highlights {
        let inside = range.start >= at
            && range.end <= text.len()
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end);
        if !inside {
            continue;
        }
        out.push_str(&rest(&text[at..range.start]));
        out.push_str(&paint.wrap(MATCH, &text[range.clone()]));
        at = range.end;
    }
    out.push_str(&rest(&text[at..]));
    out
}

/// The JSON shape of a hit: its rank and score, the post's shared fields without the
/// language, then the snippet and the highlights.
#[derive(Serialize)]
pub struct JsonHit<'a> {
    rank: usize,
    score: f32,
    #[serde(flatten)]
    post: PostView<'a>,
    snippet: &'a str,
    title_highlights: Vec<[usize; 2]>,
    snippet_highlights: Vec<[usize; 2]>,
}

/// Byte ranges of a text as `[start, end)` pairs of character (Unicode scalar)
/// offsets, which JavaScript's `Array.from(text)` indexes.
fn char_ranges(text: &str, ranges: &[std::ops::Range<usize>]) -> Vec<[usize; 2]> {
    let chars_before = |byte: usize| text.get(..byte).map_or(0, |head| head.chars().count());
    ranges
        .iter()
        .filter(|r| text.is_char_boundary(r.start) && text.is_char_boundary(r.end))
        .map(|r| [chars_before(r.start), chars_before(r.end)])
        .collect()
}

/// The JSON shape of a hit (one line of `--json`, one element of the web API's hits).
pub fn hit_json(hit: &Hit) -> JsonHit<'_> {
    let post = &hit.post;
    JsonHit {
        rank: hit.rank,
        score: hit.score,
        post: PostView::of(post).without_lang(),
        snippet: &hit.snippet.text,
        title_highlights: char_ranges(&post.title, &hit.title_highlights),
        snippet_highlights: char_ranges(&hit.snippet.text, &hit.snippet.highlights),
    }
}

/// Prints one JSON object per hit per line (NDJSON).
pub fn print_hits_json(out: &mut impl Write, hits: &[Hit]) -> io::Result<()> {
    write_json_lines(out, hits, hit_json)
}

/// Writes a value as JSON on one line of its own.
pub(crate) fn write_json_line(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)
}

/// Writes each item, in the JSON shape `shape` gives it, on a line of its own (NDJSON).
fn write_json_lines<'a, T, S: Serialize>(
    out: &mut impl Write,
    items: &'a [T],
    shape: impl Fn(&'a T) -> S,
) -> io::Result<()> {
    for item in items {
        write_json_line(out, &shape(item))?;
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

#[cfg(test)]
mod tests {
    use super::*;

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
        let painted = highlight_in(&lines[1], &Paint { on: true }, "");
        assert_eq!(painted, "gamma \x1b[1;31mdelta\x1b[0m");
        let painted = highlight_in(&lines[0], &Paint { on: true }, BOLD);
        assert_eq!(
            painted, "\x1b[1malpha \x1b[0m\x1b[1;31mbeta\x1b[0m",
            "the title's other words stay bold"
        );
    }
}
