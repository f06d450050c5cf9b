//! Output of `newsgrep quotes` (quotations with their posts) and `newsgrep speakers`.

use super::{
    plain, quoted, speaker_name, wrap_snippet, write_json_lines, PrintOptions, BLUE, BOLD, CYAN,
    GREEN, INDENT,
};
use crate::search::{QuoteHit, QuoteResults, SpeakerCount, SpeakerResults};
use crate::timefmt::{format_day, format_rfc3339};
use serde::Serialize;
use std::io::{self, Write};

/// Prints quotations for people: the quotation, its speaker, then the post's title,
/// date, site and url; a blank line between quotations.
pub fn print_quotes(
    out: &mut impl Write,
    hits: &[QuoteHit],
    options: PrintOptions,
) -> io::Result<()> {
    let paint = options.paint();
    for (i, hit) in hits.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let number = format!("{}. ", hit.rank);
        let text = quoted(&hit.quote.text, usize::MAX);
        let lines = wrap_snippet(&plain(text), options.text_width());
        for (j, line) in lines.iter().enumerate() {
            let lead = if j == 0 { number.as_str() } else { INDENT };
            writeln!(out, "{lead}{}", paint.wrap(BOLD, &line.text))?;
        }
        writeln!(
            out,
            "{INDENT}— {}",
            paint.wrap(CYAN, speaker_name(&hit.quote))
        )?;
        let post = &hit.post;
        let date = post.date.map_or("no date".to_string(), format_day);
        writeln!(
            out,
            "{INDENT}{} · {} · {}",
            post.title,
            paint.wrap(GREEN, &date),
            post.site
        )?;
        if !post.url.is_empty() {
            let url = super::hyperlink(&paint.wrap(BLUE, &post.url), &post.url, options);
            writeln!(out, "{INDENT}{url}")?;
        }
    }
    Ok(())
}

/// The JSON shape of a quotation found: the quotation, then its post.
#[derive(Serialize)]
pub struct JsonQuote<'a> {
    text: &'a str,
    speaker: Option<&'a str>,
    post_id: u64,
    site: &'a str,
    url: &'a str,
    title: &'a str,
    date: Option<String>,
}

/// A quotation found, in its JSON shape.
pub fn quote_json(hit: &QuoteHit) -> JsonQuote<'_> {
    JsonQuote {
        text: &hit.quote.text,
        speaker: hit.quote.speaker.as_deref(),
        post_id: hit.post.id,
        site: &hit.post.site,
        url: &hit.post.url,
        title: &hit.post.title,
        date: hit.post.date.map(format_rfc3339),
    }
}

/// Prints one JSON object per quotation per line.
pub fn print_quotes_json(out: &mut impl Write, hits: &[QuoteHit]) -> io::Result<()> {
    write_json_lines(out, hits, quote_json)
}

/// The line on stderr after `newsgrep quotes`.
pub fn quotes_summary(results: &QuoteResults) -> String {
    let at_least = if results.complete { "" } else { "at least " };
    format!(
        "{} of {at_least}{} quotations shown, from {} matching posts, in {:.1} ms",
        results.hits.len(),
        results.total,
        results.posts,
        results.elapsed.as_secs_f64() * 1000.0
    )
}

/// Prints speakers for people: quotations, posts and name, one speaker a line.
pub fn print_speakers(out: &mut impl Write, speakers: &[SpeakerCount]) -> io::Result<()> {
    if !speakers.is_empty() {
        writeln!(out, "{:>7} {:>7}  speaker", "quotes", "posts")?;
    }
    for speaker in speakers {
        writeln!(
            out,
            "{:>7} {:>7}  {}",
            speaker.quotes, speaker.posts, speaker.speaker
        )?;
    }
    Ok(())
}

/// The JSON shape of a speaker's counts.
#[derive(Serialize)]
pub struct JsonSpeaker<'a> {
    speaker: &'a str,
    quotes: u64,
    posts: u64,
}

/// A speaker's counts in their JSON shape.
pub fn speaker_json(speaker: &SpeakerCount) -> JsonSpeaker<'_> {
    JsonSpeaker {
        speaker: &speaker.speaker,
        quotes: speaker.quotes,
        posts: speaker.posts,
    }
}

/// Prints one JSON object per speaker per line.
pub fn print_speakers_json(out: &mut impl Write, speakers: &[SpeakerCount]) -> io::Result<()> {
    write_json_lines(out, speakers, speaker_json)
}

/// The line on stderr after `newsgrep speakers`.
pub fn speakers_summary(results: &SpeakerResults) -> String {
    format!(
        "{} of {} speakers shown in {:.1} ms",
        results.speakers.len(),
        results.total,
        results.elapsed.as_secs_f64() * 1000.0
    )
}
