//! Output of `newsgrep show`: one whole post, for reading or as one JSON object.

use super::view::PostView;
use super::{
    hyperlink, plain, quoted, speaker_name, wrap_snippet, write_json_line, PrintOptions, BLUE,
    BOLD, CYAN, DIM, GREEN, INDENT,
};
use crate::post::Post;
use crate::timefmt::format_rfc3339;
use serde::Serialize;
use std::io::{self, Write};

/// Prints a post for people: title, date, site and language, categories, tags,
/// author and url, the quotations with their speakers, then the text, wrapped, with
/// a blank line between paragraphs.
pub fn print_post(out: &mut impl Write, post: &Post, options: PrintOptions) -> io::Result<()> {
    let paint = options.paint();
    let title = if post.title.is_empty() {
        "(untitled)"
    } else {
        &post.title
    };
    for line in wrap_snippet(&plain(title.to_string()), options.width) {
        writeln!(out, "{}", paint.wrap(BOLD, &line.text))?;
    }
    let date = post.date.map_or("no date".to_string(), format_rfc3339);
    writeln!(
        out,
        "{} · {} · {}",
        paint.wrap(GREEN, &date),
        paint.wrap(CYAN, &post.site),
        post.lang
    )?;
    let labelled = [
        (
            "Categories",
            post.categories
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ("Tags", post.tags.join(", ")),
        ("Author", post.author.clone()),
    ];
    for (label, value) in labelled {
        if !value.is_empty() {
            writeln!(out, "{}: {value}", paint.wrap(DIM, label))?;
        }
    }
    if !post.url.is_empty() {
        writeln!(
            out,
            "{}",
            hyperlink(&paint.wrap(BLUE, &post.url), &post.url, options)
        )?;
    }
    if !post.quotes.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", paint.wrap(BOLD, "Quotes"))?;
        for quote in &post.quotes {
            let line = format!(
                "{} — {}",
                quoted(&quote.text, usize::MAX),
                speaker_name(quote)
            );
            for (i, part) in wrap_snippet(&plain(line), options.text_width())
                .iter()
                .enumerate()
            {
                let lead = if i == 0 { "  " } else { INDENT };
                writeln!(out, "{lead}{}", part.text)?;
            }
        }
    }
    writeln!(out)?;
    for line in post.body.lines() {
        if line.trim().is_empty() {
            writeln!(out)?;
            continue;
        }
        for part in wrap_snippet(&plain(line.to_string()), options.width) {
            writeln!(out, "{}", part.text)?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonPostQuote<'a> {
    text: &'a str,
    speaker: Option<&'a str>,
    paragraph: usize,
}

/// The JSON shape of a whole post: the shared fields with the modification time, then
/// the excerpt, the quotations and the text.
#[derive(Serialize)]
pub struct JsonPost<'a> {
    #[serde(flatten)]
    post: PostView<'a>,
    excerpt: &'a str,
    quotes: Vec<JsonPostQuote<'a>>,
    body: &'a str,
}

/// Prints a post as one JSON object on one line.
pub fn print_post_json(out: &mut impl Write, post: &Post) -> io::Result<()> {
    write_json_line(out, &post_json(post))
}

/// A whole post in its JSON shape.
pub fn post_json(post: &Post) -> JsonPost<'_> {
    JsonPost {
        post: PostView::of(post).with_modified(),
        excerpt: &post.excerpt,
        quotes: post
            .quotes
            .iter()
            .map(|q| JsonPostQuote {
                text: &q.text,
                speaker: q.speaker.as_deref(),
                paragraph: q.paragraph,
            })
            .collect(),
        body: &post.body,
    }
}
