//! Direct quotations in an article: the words inside quote marks and `<blockquote>`s.
//!
//! Works on the blocks of [`crate::html::Article`] so that later stages (speaker
//! attribution, quotes running over several paragraphs) can see paragraph structure.

use crate::html::Article;
use crate::post::Quote;

/// Opening and closing marks of the quotation styles recognised.
const QUOTE_PAIRS: &[(char, char)] = &[('“', '”'), ('«', '»'), ('„', '“'), ('"', '"')];

/// Fewest words a marked span needs to count as a quotation: a single quoted word is
/// a scare quote or a name, not something somebody said.
const MIN_WORDS: usize = 2;

/// Extracts the direct quotations of an article, each stored once, in order of appearance.
pub fn extract_quotes(article: &Article) -> Vec<Quote> {
    let mut quotes: Vec<Quote> = Vec::new();
    let mut current_blockquote: Option<(usize, Quote)> = None;
    for (paragraph, block) in article.blocks.iter().enumerate() {
        if let Some(id) = block.blockquote {
            match &mut current_blockquote {
                Some((open_id, quote)) if *open_id == id => {
                    quote.text.push('\n');
                    quote.text.push_str(&block.text);
                }
                _ => {
                    if let Some((_, quote)) = current_blockquote.take() {
                        push_unique(&mut quotes, quote);
                    }
                    let quote = Quote {
                        text: block.text.clone(),
                        speaker: None,
                        paragraph,
                    };
                    current_blockquote = Some((id, quote));
                }
            }
            continue;
        }
        if let Some((_, quote)) = current_blockquote.take() {
            push_unique(&mut quotes, quote);
        }
        for text in marked_spans(&block.text) {
            push_unique(
                &mut quotes,
                Quote {
                    text,
                    speaker: None,
                    paragraph,
                },
            );
        }
    }
    if let Some((_, quote)) = current_blockquote.take() {
        push_unique(&mut quotes, quote);
    }
    quotes
}

/// The texts between matching quote marks in one block, marks and edge punctuation removed.
fn marked_spans(text: &str) -> Vec<String> {
    let mut spans = Vec::new();
    let mut rest = text;
    while let Some((start, open, close)) = next_opening_mark(rest) {
        let after_open = &rest[start + open.len_utf8()..];
        let Some(end) = after_open.find(close) else {
            break;
        };
        let inner = clean_quote_text(&after_open[..end]);
        if inner.split_whitespace().count() >= MIN_WORDS {
            spans.push(inner);
        }
        rest = &after_open[end + close.len_utf8()..];
    }
    spans
}

fn next_opening_mark(text: &str) -> Option<(usize, char, char)> {
    text.char_indices().find_map(|(i, ch)| {
        QUOTE_PAIRS
            .iter()
            .find(|(open, _)| *open == ch)
            .map(|&(open, close)| (i, open, close))
    })
}

/// Trims whitespace and the comma that ends a quote before its attribution.
fn clean_quote_text(text: &str) -> String {
    let trimmed = text.trim().trim_end_matches([',', ';', ':']).trim_end();
    crate::html::collapse_whitespace(trimmed)
}

fn push_unique(quotes: &mut Vec<Quote>, quote: Quote) {
    if quote.text.is_empty() || quotes.iter().any(|q| q.text == quote.text) {
        return;
    }
    quotes.push(quote);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::parse_article;

    fn texts(html: &str) -> Vec<String> {
        extract_quotes(&parse_article(html))
            .into_iter()
            .map(|q| q.text)
            .collect()
    }

    #[test]
    fn curly_straight_and_guillemet_quotes() {
        let html =
            "<p>“There is no process of negotiation,” he said. She said \"we will see it\".</p>\
                    <p>Dijo: «la lucha sigue siempre».</p>";
        assert_eq!(
            texts(html),
            vec![
                "There is no process of negotiation",
                "we will see it",
                "la lucha sigue siempre"
            ]
        );
    }

    #[test]
    fn entity_encoded_marks_count() {
        assert_eq!(
            texts("<p>&#8220;We are open to talks,&#8221; he said.</p>"),
            vec!["We are open to talks"]
        );
    }

    #[test]
    fn single_words_and_unclosed_marks_are_not_quotes() {
        assert_eq!(
            texts("<p>The “so-called” deal. “Open but never closed</p>"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn blockquote_is_one_quote_and_repeats_are_stored_once() {
        let html = "<blockquote><p>First line.</p><p>Second line.</p></blockquote>\
                    <p>“A repeated quote here,” he said.</p><p>“A repeated quote here,” he said again.</p>";
        assert_eq!(
            texts(html),
            vec!["First line.\nSecond line.", "A repeated quote here"]
        );
    }
}
