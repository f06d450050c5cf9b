//! Direct quotations and who said them, from the paragraphs of an article.
//!
//! Quoted spans are found by their marks ([`marks`]), joined when one quotation is split
//! by its attribution or runs over several paragraphs, attributed by the words around
//! them ([`attribution`]), pronouns resolved to the last named subject ([`pronouns`]),
//! and names normalised to the fullest form the post uses ([`names`]). Blockquotes
//! (tweets, cited blocks) have their own rules ([`blockquotes`]); [`quote_text`]
//! decides which unattributed spans are quotations and stores each quotation once.

mod attribution;
mod blockquotes;
mod dialogue;
mod japanese;
mod languages;
mod marks;
pub mod names;
mod pronouns;
mod quote_text;
mod vocabulary;

use crate::html::Article;
use crate::post::Quote;
use attribution::{after_quote, before_quote, subjects, Attribution};
use names::{fullest_form, names_in_words, words};
use pronouns::{Antecedents, Subject};
use quote_text::{clean_quote_text, counts_unattributed, long_enough, DistinctQuotes};
use vocabulary::Vocabulary;

/// Where something is: (block index, byte offset in the block).
type Position = (usize, usize);

/// A quotation found, before pronouns are resolved and names normalised.
#[derive(Debug)]
struct Found {
    text: String,
    attribution: Option<Attribution>,
    paragraph: usize,
    position: Position,
}

/// Extracts the direct quotations of an article with their speakers, each stored once,
/// in order of appearance.
pub fn extract_quotes(article: &Article) -> Vec<Quote> {
    extract_quotations(article).quotes
}

/// Whether a word ends the name of an organisation ("Ministry", "Administration",
/// "Partai"), in any language the extractor knows.
pub fn is_organisation_head(word: &str) -> bool {
    languages::LEXICON
        .organisation_heads
        .contains(word.to_lowercase().as_str())
}

/// What an article says about who said what.
#[derive(Debug, Default)]
pub struct Quotations {
    /// The quotations, each once, in order of appearance.
    pub quotes: Vec<Quote>,
    /// Short forms it introduces for full names: (short form, full name).
    pub aliases: Vec<(String, String)>,
}

/// [`extract_quotes`] with the short forms of names the article introduces.
pub fn extract_quotations(article: &Article) -> Quotations {
    let has_candidates = article.blocks.iter().any(|b| {
        b.blockquote.is_some()
            || marks::has_opening_mark(&b.text)
            || b.text.trim_start().starts_with(['—', '–'])
    });
    if !has_candidates {
        return Quotations::default();
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
    state.finish(article)
}

/// What the walk over an article's blocks has found so far.
#[derive(Default)]
struct Extraction {
    found: Vec<Found>,
    subjects: Vec<Subject>,
    /// Names seen anywhere outside quotations, for normalising short forms.
    known_names: Vec<String>,
    /// Where full names (two words or more) are mentioned outside quotations.
    mentions: Vec<(Position, String)>,
    /// What the post says about its own words.
    vocabulary: Vocabulary,
    /// A quotation whose paragraph ended before its closing mark.
    pending: Option<Found>,
}

impl Extraction {
    /// A paragraph: its quoted spans, joined and attributed, and the names outside them.
    fn paragraph(&mut self, index: usize, text: &str) {
        if let Some((speech, attribution)) = dialogue::dialogue(text) {
            self.flush_pending();
            self.learn_names(index, text, &[]);
            self.found.push(Found {
                text: speech,
                attribution: Some(attribution),
                paragraph: index,
                position: (index, 0),
            });
            return;
        }
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
            let lead = &text[previous_end..span.open];
            // `None`: not a quotation at all (a Japanese 「…」 not read as speech);
            // `Some(None)`: a quotation nobody is said to have said.
            let attribution = if japanese::reads_japanese(lead, &quote_text, after) {
                japanese::attribution(lead, after)
                    .or_else(|| {
                        japanese::counts_unattributed(&quote_text, after)
                            .then_some(Attribution::Unnamed)
                    })
                    .map(Some)
            } else {
                Some(
                    attribution
                        .or_else(|| after_quote(after, ends_sentence(parts[parts.len() - 1])))
                        .or_else(|| before_quote(before))
                        .or_else(|| self.continued_attribution(index, lead)),
                )
            };
            if let Some(attribution) = attribution {
                self.found.push(Found {
                    text: quote_text,
                    attribution,
                    paragraph: index,
                    position: (index, span.open),
                });
            }
            previous_end = end_span.close_end;
            k = last + 1;
        }
    }

    /// `“A,” Muna said. “B.”`: a quotation right after an attributed one of the same
    /// paragraph, with only that attribution between them, is the same speaker's.
    fn continued_attribution(&self, paragraph: usize, between: &str) -> Option<Attribution> {
        let previous = self.found.last().filter(|f| f.paragraph == paragraph)?;
        let short = words(between).len() <= MAX_ATTRIBUTION_WORDS;
        let attribution = previous.attribution.clone()?;
        (short && (between.trim().is_empty() || after_quote(between, false).is_some()))
            .then_some(attribution)
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
        self.vocabulary.learn(&outside_words);
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

    /// A quotation left open at the end of its paragraph and not continued: kept only
    /// when something attributes it.
    fn flush_pending(&mut self) {
        if let Some(pending) = self.pending.take() {
            if pending.attribution.is_some() {
                self.found.push(pending);
            }
        }
    }

    /// The quotations with their speakers: pronouns resolved, names in their fullest
    /// form, each quotation stored once.
    fn finish(self, article: &Article) -> Quotations {
        let Extraction {
            found,
            subjects,
            mut known_names,
            mentions,
            vocabulary,
            ..
        } = self;
        let named: Vec<(Position, String)> = found
            .iter()
            .filter_map(|f| match &f.attribution {
                Some(Attribution::Named(name) | Attribution::Label(name)) => {
                    Some((f.position, name.clone()))
                }
                _ => None,
            })
            .collect();
        known_names.extend(
            named
                .iter()
                .map(|(_, n)| n.clone())
                .filter(|n| n.contains(' ')),
        );
        let antecedents = Antecedents {
            subjects: &subjects,
            named: &named,
            mentions: &mentions,
        };
        let mut quotes = DistinctQuotes::default();
        for quote in found {
            let speaker = match &quote.attribution {
                Some(Attribution::Named(name)) => Some(name.clone()),
                Some(Attribution::Label(name)) => {
                    let known = name.contains(' ')
                        || known_names.iter().any(|k| k.split(' ').any(|w| w == name));
                    known.then(|| name.clone())
                }
                Some(Attribution::Pronoun) => antecedents.resolve(quote.position),
                Some(Attribution::Unnamed) => None,
                None => {
                    if !counts_unattributed(&quote.text) {
                        continue;
                    }
                    None
                }
            };
            let text = clean_quote_text(&quote.text);
            if !long_enough(&text) {
                continue;
            }
            let speaker = speaker
                .map(|s| fullest_form(&s, &known_names))
                .and_then(|s| {
                    // A Japanese name was read with its suffix: nothing to clean.
                    if japanese::is_japanese_name(&s) {
                        Some(s)
                    } else {
                        vocabulary.clean_speaker(&s, article)
                    }
                });
            quotes.add(Quote {
                text,
                speaker,
                paragraph: quote.paragraph,
            });
        }
        Quotations {
            quotes: quotes.into_quotes(),
            aliases: vocabulary.into_aliases(),
        }
    }
}

/// Most words of an attribution clause between two quotations of one speaker.
const MAX_ATTRIBUTION_WORDS: usize = 12;

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
    fn japanese_quotations_with_and_without_a_speaker() {
        let html = "<p>岸田文雄首相は記者団に「経済対策を急ぎたい」と述べた。\
                    「来年も続けます」と林芳正官房長官が語った。</p>\
                    <p>「MSV LIFE」というサービスが始まった。「それでいいと思います」と話した。</p>\
                    <p>「なんでこうならないんだろうか」と思った。</p>";
        assert_eq!(
            quotes(html),
            vec![
                q("経済対策を急ぎたい", Some("岸田文雄")),
                q("来年も続けます", Some("林芳正")),
                q("それでいいと思います", None),
            ]
        );
        // In an English sentence, a Japanese quotation is attributed the English way.
        let html = "<p>“みなさん、ようこそ大阪へ,” said Mayor Hideo Tanaka on Monday.</p>";
        assert_eq!(
            quotes(html),
            vec![q("みなさん、ようこそ大阪へ", Some("Hideo Tanaka"))]
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

    /// Each sentence is its own post, so that no pronoun reaches an earlier one.
    fn speakers_of(posts: &[&str]) -> Vec<Option<String>> {
        posts
            .iter()
            .map(|html| {
                let found = quotes(html);
                assert_eq!(found.len(), 1, "{html}: {found:?}");
                found[0].1.clone()
            })
            .collect()
    }

    fn names(list: &[&str]) -> Vec<Option<String>> {
        list.iter().map(|n| Some(n.to_string())).collect()
    }

    #[test]
    fn french_guillemets_inversion_and_selon() {
        let posts = [
            "<p>« Nous ne céderons pas », a déclaré le ministre de l’Intérieur Gérald Martin lundi.</p>",
            "<p>Marie Dubois a déclaré : « La réforme est injuste pour les retraités. »</p>",
            "<p>« C’est une erreur historique », selon Jean-Luc Moreau, député de la Somme.</p>",
            "<p>« Nous allons continuer le combat », estime Sophie Lambert, présidente de l'association.</p>",
            "<p>Paul Girard l’a dit : « Il faut agir vite. »</p>",
        ];
        assert_eq!(
            speakers_of(&posts),
            names(&[
                "Gérald Martin",
                "Marie Dubois",
                "Jean-Luc Moreau",
                "Sophie Lambert",
                "Paul Girard"
            ])
        );
        let html = "<p>Léa Roux a parlé aux élus. « Il faut agir vite », a-t-elle ajouté.</p>";
        assert_eq!(quotes(html), vec![q("Il faut agir vite", Some("Léa Roux"))]);
        let html = "<p>Le maire Paul Morel a visité le chantier.</p>\
                    <p>Selon lui, « les travaux seront finis avant l'été ».</p>\
                    <p>Anies Rahman meninjau proyek itu. “Proyek ini selesai tahun depan,” menurutnya.</p>\
                    <p>“It will not happen again this year,” according to her lawyer, Tom Reed.</p>";
        assert_eq!(
            quotes(html),
            vec![
                q("les travaux seront finis avant l'été", Some("Paul Morel")),
                q("Proyek ini selesai tahun depan", Some("Anies Rahman")),
                q("It will not happen again this year", Some("Tom Reed")),
            ]
        );
    }

    #[test]
    fn portuguese_disse_segundo_conforme() {
        let posts = [
            "<p>“O governo não vai recuar”, disse o senador Paulo Ribeiro nesta terça-feira.</p>",
            "<p>Segundo Ana Costa, “a economia vai crescer dois por cento este ano”.</p>",
            "<p>“Vamos investir em saúde e educação”, afirmou a ministra Marina Lopes.</p>",
            "<p>Conforme Carlos Mendes, “o projeto precisa de mais debate no Congresso”.</p>",
            "<p>O presidente Luiz Almeida declarou: “Não haverá aumento de impostos.”</p>",
        ];
        assert_eq!(
            speakers_of(&posts),
            names(&[
                "Paulo Ribeiro",
                "Ana Costa",
                "Marina Lopes",
                "Carlos Mendes",
                "Luiz Almeida"
            ])
        );
    }

    #[test]
    fn german_italian_spanish_and_indonesian() {
        let posts = [
            "<p>„Wir werden die Steuern nicht erhöhen“, sagte Finanzminister Klaus Weber am Montag.</p>",
            "<p>«Non ci sono alternative a questo piano», ha detto il ministro Marco Bianchi.</p>",
            "<p>«No vamos a permitir más recortes», dijo el alcalde Pedro Ruiz en Sevilla.</p>",
            "<p>“Kami akan terus berjuang untuk rakyat,” ujar Letnan Kolonel Budi Santoso di Jakarta.</p>",
            "<p>Dijelaskan oleh Firman Hidayat, “partai siap menghadapi pemilu tahun depan.”</p>",
            "<p>Akhirnya Prasetyo berkata, “Kita harus bersatu demi bangsa ini.”</p>",
            "<p>“We will rebuild every home,” Reverend Diane Faires told the congregation.</p>",
            "<p>“Kita tetap solid sampai akhir,” kata Ketua DPD Golkar Sumbar, Hendra Irwan Rahim saat dihubungi.</p>",
            "<p>“It appears now that the worst is behind us,” said Amoco executive vice president Richard Leet.</p>",
        ];
        assert_eq!(
            speakers_of(&posts),
            names(&[
                "Klaus Weber",
                "Marco Bianchi",
                "Pedro Ruiz",
                "Budi Santoso",
                "Firman Hidayat",
                "Prasetyo",
                "Diane Faires",
                "Hendra Irwan Rahim",
                "Richard Leet",
            ])
        );
    }

    #[test]
    fn partial_quotations_continued_speakers_and_dropped_subjects() {
        let html = "<p>Treasury Secretary James Baker spoke. Baker told the committee such an approach could \
                    “worsen their difficulties unless the financing is absorbed.”</p>\
                    <p>“This will have its impact,” Muna stated. “But the banks will not do too badly.”</p>\
                    <p>Pablo Iglesias habló en Madrid. Y añade «¿Quién soy yo para decirle eso a nadie?».</p>";
        assert_eq!(
            quotes(html),
            vec![
                q(
                    "worsen their difficulties unless the financing is absorbed.",
                    Some("James Baker")
                ),
                q("This will have its impact", Some("Muna")),
                q("But the banks will not do too badly.", Some("Muna")),
                q(
                    "¿Quién soy yo para decirle eso a nadie?",
                    Some("Pablo Iglesias")
                ),
            ]
        );
    }
}
