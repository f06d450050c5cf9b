//! Quotations in blockquotes: tweet embeds signed by their author, blocks with a
//! cite, blocks introduced by "… said:", and any other block that reads as a quoted
//! passage (a sentence, not a title: the rules of unattributed quotations). Other
//! embeds are not quotations.

use super::attribution::{before_quote, Attribution};
use super::names::{name_at_end, words};
use super::{marks, sentence_before, Extraction, Found};
use crate::html::Article;

/// Blockquote classes of embeds that hold no quotation (the tweet embed does).
const EMBED_CLASSES: &[&str] = &[
    "instagram-media",
    "tiktok-embed",
    "wp-embedded-content",
    "fb-",
];

impl Extraction {
    /// A blockquote: a quotation by whoever is said to have said it (a tweet's
    /// signature, a cite, an introducing sentence), else an unattributed one when it
    /// reads as a quoted passage.
    pub(super) fn blockquote(
        &mut self,
        article: &Article,
        range: std::ops::Range<usize>,
        classes: &str,
        before: Option<&str>,
    ) {
        if EMBED_CLASSES.iter().any(|c| classes.contains(c)) {
            return;
        }
        let blocks = &article.blocks[range.clone()];
        let mut texts: Vec<&str> = Vec::new();
        let mut speaker: Option<String> = None;
        for block in blocks {
            if let Some(name) = signature_name(&block.text) {
                speaker = Some(name);
            } else if block.cite {
                speaker = name_at_end(&words(&block.text)).or(speaker);
            } else {
                texts.push(&block.text);
            }
        }
        let mut text = texts.join(" ");
        if classes.contains("twitter-tweet") {
            text = without_media_links(&text);
        }
        let text = strip_enclosing_marks(&text);
        let attribution = match speaker {
            Some(name) => {
                self.known_names.push(name.clone());
                Some(Attribution::Named(name))
            }
            // "… the minister said:" introduces the blockquote.
            None => before
                .filter(|b| b.trim_end().ends_with(':'))
                .and_then(|b| before_quote(sentence_before(b))),
        };
        // Nobody named: the rules of unattributed quotations decide (a sentence, not a
        // title or a call-out of a few words).
        self.found.push(Found {
            text,
            attribution,
            paragraph: range.start,
            position: (range.start, 0),
        });
    }
}

/// The name on a tweet's signature line: "— Rafael Mariano Grossi (@rafaelmgrossi) …".
fn signature_name(text: &str) -> Option<String> {
    let rest = text.trim_start().strip_prefix(['—', '–', '-'])?;
    let (name, _) = rest.split_once("(@")?;
    let name = name
        .trim()
        .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '.');
    (!name.is_empty()).then(|| name.to_string())
}

/// A tweet's text without the trailing links to its media.
fn without_media_links(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| {
            !(w.starts_with("pic.twitter.com/")
                || w.starts_with("https://t.co/")
                || w.starts_with("http://t.co/"))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text without the quote marks around the whole of it.
fn strip_enclosing_marks(text: &str) -> String {
    let trimmed = text.trim();
    let spans = marks::spans(trimmed);
    match spans.as_slice() {
        [only] if only.open == 0 && only.close_end == trimmed.len() => {
            trimmed[only.text_start..only.text_end].to_string()
        }
        _ => trimmed.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tweet_signature_names_its_author() {
        assert_eq!(
            signature_name("— Rafael Mariano Grossi (@rafaelmgrossi) November 19, 2025").as_deref(),
            Some("Rafael Mariano Grossi")
        );
        assert_eq!(
            signature_name("- Harbor Council (@harborcouncil) May 2").as_deref(),
            Some("Harbor Council")
        );
        assert_eq!(signature_name("Rafael Grossi (@rafaelmgrossi)"), None);
        assert_eq!(signature_name("— no handle here"), None);
    }

    #[test]
    fn media_links_and_enclosing_marks_are_left_out() {
        assert_eq!(
            without_media_links("Inspectors are back. pic.twitter.com/abc https://t.co/xyz"),
            "Inspectors are back."
        );
        assert_eq!(
            strip_enclosing_marks(" “We owe them a hearing.” "),
            "We owe them a hearing."
        );
        assert_eq!(strip_enclosing_marks("“Yes” and “no”"), "“Yes” and “no”");
    }
}
