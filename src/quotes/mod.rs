//! Direct quotations and who said them, from the paragraphs of an article.
//!
//! Quoted spans are found by their marks ([`marks`]), joined when one quotation is split
//! by its attribution or runs over several paragraphs, attributed by the words around
//! them ([`attribution`]), pronouns resolved to the last named subject, and names
//! normalised to the fullest form the post uses ([`names`]).

mod attribution;
mod lexicon;
mod marks;
pub mod names;

use crate::html::{collapse_whitespace, Article};
use crate::post::Quote;
use attribution::{after_quote, before_quote, subjects, Attribution};
use names::{fullest_form, name_at_end, names_in_words, words};

/// Where something is: (block index, byte offset in the block).
type Position = (usize, usize);

/// Fewest words an unattributed quoted span needs to count as a quotation: shorter
/// ones are scare quotes, nicknames and titles.
const MIN_UNATTRIBUTED_WORDS: usize = 4;
/// Fewest words of an unattributed span that does not end like a sentence: shorter
/// ones are terms and phrases set off in quote marks («la libertad de los pueblos»).
const MIN_UNATTRIBUTED_SENTENCE_WORDS: usize = 6;
/// Blockquote classes of the editor's own quote blocks: quotations even unattributed.
const QUOTE_BLOCK_CLASSES: &[&str] = &["wp-block-quote", "wp-block-pullquote"];

/// Words left in lower case inside titles.
const SMALL_WORDS: &[&str] = &[
    "of", "the", "and", "a", "an", "in", "on", "for", "to", "at", "by", "with", "or", "de", "del",
    "la", "el", "los", "las", "y", "en", "dan", "di", "yang", "ke", "dari",
];

/// Blockquote classes of embeds that hold no quotation (the tweet embed does).
const EMBED_CLASSES: &[&str] = &[
    "instagram-media",
    "tiktok-embed",
    "wp-embedded-content",
    "fb-",
];

/// A quotation found, before pronouns are resolved and names normalised.
#[derive(Debug)]
struct Found {
    text: String,
    attribution: Option<Attribution>,
    paragraph: usize,
    position: Position,
}

/// A subject named in the text outside quotations.
struct Subject {
    position: Position,
    name: String,
    before_verb: bool,
}

/// Extracts the direct quotations of an article with their speakers, each stored once,
/// in order of appearance.
pub fn extract_quotes(article: &Article) -> Vec<Quote> {
    let has_candidates = article
        .blocks
        .iter()
        .any(|b| b.blockquote.is_some() || marks::has_opening_mark(&b.text));
    if !has_candidates {
        return Vec::new();
    }
    let mut state = Extraction::default();
    let blocks = &article.blocks;
    let mut i = 0;
    while i < blocks.len() {
        match blocks[i].blockquote {
            Some(id) => {
                let end = (i..blocks.len())
                    .find(|&j| blocks[j].blockquote != Some(id))
                    .unwrap_or(blocks.len());
                state.flush_pending();
                let classes = article
                    .blockquote_classes
                    .get(id)
                    .map_or("", String::as_str);
                let before = i.checked_sub(1).map(|p| blocks[p].text.as_str());
                state.blockquote(article, i..end, classes, before);
                i = end;
            }
            None => {
                state.paragraph(i, &blocks[i].text);
                i += 1;
            }
        }
    }
    state.flush_pending();
    state.finish()
}

#[derive(Default)]
struct Extraction {
    found: Vec<Found>,
    subjects: Vec<Subject>,
    /// Names seen anywhere outside quotations, for normalising short forms.
    known_names: Vec<String>,
    /// Where full names (two words or more) are mentioned outside quotations.
    mentions: Vec<(Position, String)>,
    /// A quotation whose paragraph ended before its closing mark.
    pending: Option<Found>,
}

impl Extraction {
    fn paragraph(&mut self, index: usize, text: &str) {
        let spans = marks::spans(text);
        self.learn_names(index, text, &spans);
        let mut k: usize = 0;
        if let Some(mut pending) = self.pending.take() {
            let opens_with_mark = spans
                .first()
                .is_some_and(|s| text[..s.open].trim().is_empty());
            if opens_with_mark {
                let span = spans[0];
                pending.text.push(' ');
                pending.text.push_str(&text[span.text_start..span.text_end]);
                if !span.closed {
                    self.pending = Some(pending);
                    return;
                }
                if pending.attribution.is_none() {
                    let next = spans.get(1).map_or(text.len(), |s| s.open);
                    let inner = &text[span.text_start..span.text_end];
                    pending.attribution =
                        after_quote(&text[span.close_end..next], ends_sentence(inner));
                }
                self.found.push(pending);
                k = 1;
            } else {
                self.pending = Some(pending);
                self.flush_pending();
            }
        }
        let mut previous_end = spans.get(k.wrapping_sub(1)).map_or(0, |s| s.close_end);
        while k < spans.len() {
            let span = spans[k];
            let before = sentence_before(&text[previous_end..span.open]);
            let mut parts = vec![&text[span.text_start..span.text_end]];
            let mut attribution = None;
            let mut last = k;
            // “A,” she said, “B.” is one quotation.
            while spans[last].closed && last + 1 < spans.len() {
                let between = &text[spans[last].close_end..spans[last + 1].open];
                if !is_split_attribution(between, parts[parts.len() - 1]) {
                    break;
                }
                attribution = after_quote(between, false);
                last += 1;
                parts.push(&text[spans[last].text_start..spans[last].text_end]);
            }
            let end_span = spans[last];
            let quote_text = parts.join(" ");
            if !end_span.closed {
                self.pending = Some(Found {
                    text: quote_text,
                    attribution: attribution.or_else(|| before_quote(before)),
                    paragraph: index,
                    position: (index, span.open),
                });
                return;
            }
            let next = spans.get(last + 1).map_or(text.len(), |s| s.open);
            let after = &text[end_span.close_end..next];
            let attribution = attribution
                .or_else(|| after_quote(after, ends_sentence(parts[parts.len() - 1])))
                .or_else(|| before_quote(before));
            self.found.push(Found {
                text: quote_text,
                attribution,
                paragraph: index,
                position: (index, span.open),
            });
            previous_end = end_span.close_end;
            k = last + 1;
        }
    }

    /// Records the names and sentence subjects of the text outside quotations.
    fn learn_names(&mut self, index: usize, text: &str, spans: &[marks::Span]) {
        let mut outside = String::with_capacity(text.len());
        let mut at = 0;
        for span in spans {
            outside.push_str(&text[at..span.open]);
            // Keep offsets: blank the quotation out, ending a sentence where it did.
            let quoted = &text[span.open..span.close_end];
            let blank = " ".repeat(quoted.len().saturating_sub(1));
            outside.push_str(&blank);
            let inner = &text[span.text_start..span.text_end];
            outside.push(if ends_sentence(inner) { '.' } else { ' ' });
            at = span.close_end;
        }
        outside.push_str(&text[at..]);
        let outside_words = words(&outside);
        for (offset, name) in names_in_words(&outside_words) {
            self.known_names.push(name.clone());
            self.mentions.push(((index, offset), name));
        }
        for (offset, name, before_verb) in subjects(&outside_words) {
            self.subjects.push(Subject {
                position: (index, offset),
                name,
                before_verb,
            });
        }
    }

    fn blockquote(
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
        // A plain blockquote that nobody is said to have said is a call-out, not a
        // quotation, unless the editor's quote block was used for it.
        if attribution.is_none() && !QUOTE_BLOCK_CLASSES.iter().any(|c| classes.contains(c)) {
            return;
        }
        self.found.push(Found {
            text,
            attribution,
            paragraph: range.start,
            position: (range.start, 0),
        });
    }

    /// A quotation left open at the end of its paragraph and not continued: kept only
    /// when something attributes it.
    fn flush_pending(&mut self) {
        if let Some(pending) = self.pending.take() {
            if pending.attribution.is_some() {
                self.found.push(pending);
            }
        }
    }

    fn finish(self) -> Vec<Quote> {
        let Extraction {
            found,
            subjects,
            mut known_names,
            mentions,
            ..
        } = self;
        let named: Vec<(Position, String)> = found
            .iter()
            .filter_map(|f| match &f.attribution {
                Some(Attribution::Named(name)) => Some((f.position, name.clone())),
                _ => None,
            })
            .collect();
        known_names.extend(
            named
                .iter()
                .map(|(_, n)| n.clone())
                .filter(|n| n.contains(' ')),
        );
        let is_known = |name: &str| {
            name.contains(' ')
                || named
                    .iter()
                    .any(|(_, n)| n == name || n.ends_with(&format!(" {name}")))
        };
        let mut quotes: Vec<Quote> = Vec::new();
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for quote in found {
            let speaker = match &quote.attribution {
                Some(Attribution::Named(name)) => Some(name.clone()),
                Some(Attribution::Pronoun) => {
                    let from_text = subjects
                        .iter()
                        .filter(|s| {
                            s.position < quote.position && (s.before_verb || is_known(&s.name))
                        })
                        .map(|s| (s.position, &s.name));
                    let from_quotes = named
                        .iter()
                        .filter(|(p, _)| *p < quote.position)
                        .map(|(p, n)| (*p, n));
                    // Without a subject, the last person mentioned by full name.
                    let mentioned = || {
                        mentions
                            .iter()
                            .filter(|(p, _)| *p < quote.position)
                            .max_by_key(|(p, _)| *p)
                            .map(|(_, n)| n.clone())
                    };
                    from_text
                        .chain(from_quotes)
                        .max_by_key(|(p, _)| *p)
                        .map(|(_, n)| n.clone())
                        .or_else(mentioned)
                }
                Some(Attribution::Unnamed) => None,
                None => {
                    if !counts_unattributed(&quote.text) {
                        continue;
                    }
                    None
                }
            };
            let text = clean_quote_text(&quote.text);
            if text.is_empty() {
                continue;
            }
            let speaker = speaker.map(|s| fullest_form(&s, &known_names));
            match seen.entry(dedup_key(&text)) {
                std::collections::hash_map::Entry::Occupied(at) => {
                    let existing = &mut quotes[*at.get()];
                    if existing.speaker.is_none() {
                        existing.speaker = speaker;
                    }
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(quotes.len());
                    quotes.push(Quote {
                        text,
                        speaker,
                        paragraph: quote.paragraph,
                    });
                }
            }
        }
        quotes
    }
}

/// True when a quoted text ends a sentence inside its marks.
fn ends_sentence(inner: &str) -> bool {
    inner.trim_end().ends_with(['.', '!', '?', '…'])
}

/// The last sentence of a stretch of text (from the previous quotation or the
/// paragraph's start up to an opening mark).
fn sentence_before(text: &str) -> &str {
    let all = words(text);
    let cut = all
        .iter()
        .rposition(|w| w.stop_after && !names::is_abbreviation(w.text))
        .and_then(|i| all.get(i + 1))
        .map_or(0, |w| w.start);
    // A stop right at the end (". “") leaves an empty sentence.
    if all
        .last()
        .is_some_and(|w| w.stop_after && !names::is_abbreviation(w.text))
    {
        return "";
    }
    &text[cut..]
}

/// Whether the text between two quoted spans is an attribution that splits one
/// quotation: `“A,” she said, “B.”`.
fn is_split_attribution(between: &str, first_part: &str) -> bool {
    let trimmed = between.trim();
    let all = words(trimmed);
    !ends_sentence(first_part)
        && (trimmed.ends_with(',') || trimmed.ends_with(':'))
        && !all.is_empty()
        && all.len() <= 10
        && after_quote(between, false).is_some()
        && all
            .iter()
            .all(|w| !w.stop_after || names::is_abbreviation(w.text))
}

/// Whether an unattributed quoted span is a quotation rather than a scare quote, a
/// term or a title: a sentence (capitalised and long enough, or ending like one), not
/// in Title Case.
fn counts_unattributed(text: &str) -> bool {
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

/// Whitespace collapsed, and the comma or colon that led into the attribution trimmed.
fn clean_quote_text(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::parse_article;

    fn quotes(html: &str) -> Vec<(String, Option<String>)> {
        extract_quotes(&parse_article(html))
            .into_iter()
            .map(|q| (q.text, q.speaker))
            .collect()
    }

    fn q(text: &str, speaker: Option<&str>) -> (String, Option<String>) {
        (text.to_string(), speaker.map(str::to_string))
    }

    #[test]
    fn attribution_after_and_pronouns() {
        let html = "<p>“There is no process of negotiation,” Foreign Ministry spokesman Esmaeil Baghaei told \
                    reporters. Baghaei reiterated the position. “Talking has no logical justification,” he said.</p>";
        assert_eq!(
            quotes(html),
            vec![
                q(
                    "There is no process of negotiation",
                    Some("Esmaeil Baghaei")
                ),
                q(
                    "Talking has no logical justification",
                    Some("Esmaeil Baghaei")
                ),
            ]
        );
    }

    #[test]
    fn split_and_multi_paragraph_quotes_are_one_quotation() {
        let html = "<p>Ana Ruiz spoke at the rally. “We will not give up,” she said, “not now and not ever.”</p>\
                    <p>Pedro Gil said: “The first part goes here.</p><p>“And the second part ends here.”</p>";
        assert_eq!(
            quotes(html),
            vec![
                q(
                    "We will not give up, not now and not ever.",
                    Some("Ana Ruiz")
                ),
                q(
                    "The first part goes here. And the second part ends here.",
                    Some("Pedro Gil")
                ),
            ]
        );
    }

    #[test]
    fn tweets_cites_and_labels() {
        let html = "<p>The agency chief Rafael Grossi spoke.</p>\
                    <blockquote class=\"twitter-tweet\"><p>Inspectors are back. <a href=x>pic.twitter.com/abc</a></p>\
                    &mdash; Rafael Mariano Grossi (@rafaelmgrossi) <a href=y>November 19, 2025</a></blockquote>\
                    <blockquote><p>We owe them a hearing.</p><cite>Councillor Priya Nair</cite></blockquote>\
                    <p><strong>U.S. President Donald Trump:</strong> “Iran does want to make a deal.”</p>";
        assert_eq!(
            quotes(html),
            vec![
                q("Inspectors are back.", Some("Rafael Mariano Grossi")),
                q("We owe them a hearing.", Some("Priya Nair")),
                q("Iran does want to make a deal.", Some("Donald Trump")),
            ]
        );
    }

    #[test]
    fn scare_quotes_and_titles_are_not_quotations() {
        let html = "<p>The “so-called” deal was described in “The Art of the Deal” and in “War and Peace”.</p>\
                    <p>Officials said it was “a very bad idea for everyone involved” on Monday.</p>";
        assert_eq!(
            quotes(html),
            vec![q("a very bad idea for everyone involved", None)]
        );
    }
}
