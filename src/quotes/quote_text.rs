//! The text of a quotation: whether an unattributed quoted span is a quotation at
//! all (not a scare quote, a term or a title), its text as stored, and the key that
//! stores a quotation repeated with other punctuation or case once.

use super::ends_sentence;
use super::names::words;
use crate::html::collapse_whitespace;
use crate::post::Quote;
use std::collections::hash_map::{Entry, HashMap};

/// Fewest words an unattributed quoted span needs to count as a quotation: shorter
/// ones are scare quotes, nicknames and titles.
const MIN_UNATTRIBUTED_WORDS: usize = 4;
/// Fewest words of an unattributed span that does not end like a sentence: shorter
/// ones are terms and phrases set off in quote marks («la libertad de los pueblos»).
const MIN_UNATTRIBUTED_SENTENCE_WORDS: usize = 6;

/// Words left in lower case inside titles.
const SMALL_WORDS: &[&str] = &[
    "of", "the", "and", "a", "an", "in", "on", "for", "to", "at", "by", "with", "or", "de", "del",
    "la", "el", "los", "las", "y", "en", "dan", "di", "yang", "ke", "dari",
];

/// Whether an unattributed quoted span is a quotation rather than a scare quote, a
/// term or a title: a sentence (capitalised and long enough, or ending like one), not
/// in Title Case.
pub(super) fn counts_unattributed(text: &str) -> bool {
    let all = words(text);
    if all.len() < MIN_UNATTRIBUTED_WORDS {
        return false;
    }
    let starts_upper = text
        .trim_start()
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(char::is_uppercase);
    let sentence_like =
        (starts_upper && all.len() >= MIN_UNATTRIBUTED_SENTENCE_WORDS) || ends_sentence(text);
    // Title Case: every word but the small ones capitalised ("The Art of the Deal").
    let significant: Vec<_> = all
        .iter()
        .filter(|w| !SMALL_WORDS.iter().any(|s| s.eq_ignore_ascii_case(w.text)))
        .collect();
    let capitalised = significant
        .iter()
        .filter(|w| w.text.chars().next().is_some_and(char::is_uppercase))
        .count();
    let title_case = all.len() <= 10 && capitalised * 10 >= significant.len() * 8;
    sentence_like && !title_case
}

/// Fewest words of any quotation: one or two words in quote marks are terms, names
/// and scare quotes, whoever is said to use them.
const MIN_WORDS: usize = 3;

/// Whether a quoted text is long enough to be a quotation (Chinese and Japanese,
/// written without spaces, by characters).
pub(super) fn long_enough(text: &str) -> bool {
    let cjk = text
        .chars()
        .filter(|c| crate::analysis::tokenizer::is_cjk(*c))
        .count();
    words(text).len() >= MIN_WORDS || cjk >= 2 * MIN_WORDS
}

/// Whitespace collapsed, and the comma or colon that led into the attribution trimmed.
pub(super) fn clean_quote_text(text: &str) -> String {
    let collapsed = collapse_whitespace(text);
    collapsed
        .trim_end_matches([',', ';', ':', ' '])
        .trim_start()
        .to_string()
}

/// The same quotation repeated with other punctuation or case is stored once.
fn dedup_key(text: &str) -> String {
    crate::text::fold(text)
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// An article's quotations, each stored once, in order of first appearance.
#[derive(Default)]
pub(super) struct DistinctQuotes {
    quotes: Vec<Quote>,
    /// Where each quotation's [`dedup_key`] is in `quotes`.
    seen: HashMap<String, usize>,
}

impl DistinctQuotes {
    /// Adds a quotation, or gives its speaker to the same quotation found earlier
    /// without one.
    pub(super) fn add(&mut self, quote: Quote) {
        match self.seen.entry(dedup_key(&quote.text)) {
            Entry::Occupied(at) => {
                let existing = &mut self.quotes[*at.get()];
                if existing.speaker.is_none() {
                    existing.speaker = quote.speaker;
                }
            }
            Entry::Vacant(slot) => {
                slot.insert(self.quotes.len());
                self.quotes.push(quote);
            }
        }
    }

    /// The quotations, in order.
    pub(super) fn into_quotes(self) -> Vec<Quote> {
        self.quotes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_count_and_terms_and_titles_do_not() {
        assert!(counts_unattributed("We will rebuild the harbour together."));
        assert!(counts_unattributed(
            "Nobody here expected the water to rise so fast"
        ));
        assert!(!counts_unattributed("so-called"));
        assert!(!counts_unattributed("la libertad de los pueblos"));
        assert!(!counts_unattributed(
            "the harbour will be rebuilt within a year"
        ));
        assert!(!counts_unattributed("The Art of the Deal"));
        assert!(!counts_unattributed(
            "Lasting Peace Through Shared Prosperity Now"
        ));
    }

    #[test]
    fn text_is_collapsed_and_the_lead_into_the_attribution_trimmed() {
        assert_eq!(
            clean_quote_text("  We will not\n give up, "),
            "We will not give up"
        );
        assert_eq!(clean_quote_text("Not now:"), "Not now");
        assert_eq!(clean_quote_text("Not ever."), "Not ever.");
    }

    fn quote(text: &str, speaker: Option<&str>, paragraph: usize) -> Quote {
        Quote {
            text: text.to_string(),
            speaker: speaker.map(str::to_string),
            paragraph,
        }
    }

    #[test]
    fn a_repeated_quotation_is_stored_once_and_keeps_a_speaker() {
        let mut quotes = DistinctQuotes::default();
        quotes.add(quote("We will win.", None, 0));
        quotes.add(quote("Not today", Some("Pedro Gil"), 1));
        quotes.add(quote("we will WIN", Some("Ana Ruiz"), 2));
        quotes.add(quote("We will win!", Some("Luis Mora"), 3));
        assert_eq!(
            quotes.into_quotes(),
            vec![
                quote("We will win.", Some("Ana Ruiz"), 0),
                quote("Not today", Some("Pedro Gil"), 1),
            ]
        );
    }
}
