//! What one post says about its own words, for telling names from other capitalised
//! words: the words it writes in lower case (so "Estado" opening a sentence is the
//! word "estado"), the places it names after a preposition ("di Mamuju Utara", "in
//! Iowa"), the organisations it names after a title ("Partai Golkar"), and the short
//! forms it introduces in brackets ("Setya Novanto (Setnov)").

use super::languages::{Lexicon, LEXICON};
use super::names::{bracketed_aliases, starts_upper, Word};
use crate::html::Article;
use crate::text::fold;
use rustc_hash::FxHashSet;

/// Most words of a place or organisation's name taken after its preposition or title.
const MAX_PLACE_WORDS: usize = 2;

#[derive(Default)]
pub(super) struct Vocabulary {
    /// Folded words of places and organisations.
    places: FxHashSet<String>,
    organisations: FxHashSet<String>,
    /// (short form, full name) introduced in brackets.
    aliases: Vec<(String, String)>,
}

impl Vocabulary {
    /// Learns from the words of a paragraph (quotations included).
    pub(super) fn learn(&mut self, words: &[Word<'_>]) {
        for (i, word) in words.iter().enumerate() {
            if word.comma_after || word.stop_after {
                continue;
            }
            // A place may take several words ("di Mamuju Utara"); an organisation's
            // name after its title one ("Partai Golkar"): what follows may be a person.
            let (into, most) = if Lexicon::has(&LEXICON.place_prepositions, word.text) {
                (&mut self.places, MAX_PLACE_WORDS)
            } else if Lexicon::has(&LEXICON.organisation_titles, word.text) {
                (&mut self.organisations, 1)
            } else {
                continue;
            };
            for next in words[i + 1..].iter().take(most) {
                if !starts_upper(next.text) || next.opens_bracket {
                    break;
                }
                into.insert(fold(next.text));
                if next.comma_after || next.stop_after {
                    break;
                }
            }
        }
        self.aliases.extend(bracketed_aliases(words));
    }

    /// The short forms the post introduced: (short form, full name).
    pub(super) fn into_aliases(self) -> Vec<(String, String)> {
        let mut aliases = self.aliases;
        aliases.sort();
        aliases.dedup();
        aliases
    }

    /// A speaker's name as the post allows it: a short form it introduced becomes the
    /// full name; places and organisations glued in front and function words at the
    /// end are cut; a lone word the post also writes in lower case, a lone place, and
    /// a title of a work made of common words are no speaker.
    pub(super) fn clean_speaker(&self, name: &str, article: &Article) -> Option<String> {
        let lower = |folded: &str| written_in_lower_case(article, folded);
        if let Some((_, full)) = self.aliases.iter().find(|(short, _)| short == name) {
            return Some(full.clone());
        }
        let mut parts: Vec<&str> = name.split(' ').collect();
        while parts.len() > 1 && {
            let first = fold(parts[0]);
            self.places.contains(&first) || self.organisations.contains(&first)
        } {
            parts.remove(0);
        }
        while parts.len() > 1
            && parts
                .last()
                .is_some_and(|w| LEXICON.not_names.contains(w.to_lowercase().as_str()))
        {
            parts.pop();
        }
        let capitalised: Vec<String> = parts
            .iter()
            .filter(|w| starts_upper(w))
            .map(|w| fold(w))
            .collect();
        if let [only] = capitalised.as_slice() {
            if parts.len() == 1 && (self.places.contains(only) || lower(only)) {
                return None;
            }
        }
        // Initials alone ("P." for "pregunta", "G. B.") name nobody for a reader.
        if parts
            .iter()
            .all(|w| w.trim_end_matches('.').chars().count() <= 1)
        {
            return None;
        }
        // "Mito de la Derecha", "Guerra de las Galaxias": a title, not a person;
        // "Palabras Clave", "Materialismo Filosófico": common words capitalised.
        let common = || capitalised.iter().filter(|w| lower(w)).count();
        if parts.len() > capitalised.len() && common() * 2 >= capitalised.len()
            || capitalised.len() >= 2 && common() == capitalised.len()
        {
            return None;
        }
        Some(parts.join(" "))
    }
}

/// Whether the article writes a word (folded) in lower case somewhere: looked up
/// only for the few speakers of a post, not kept for every word.
fn written_in_lower_case(article: &Article, folded: &str) -> bool {
    article.blocks.iter().any(|block| {
        block.text.split(|c: char| !c.is_alphanumeric()).any(|w| {
            w.chars().next().is_some_and(char::is_lowercase)
                && if w.is_ascii() {
                    w.eq_ignore_ascii_case(folded)
                } else {
                    fold(w) == folded
                }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quotes::names::words;

    fn vocabulary(text: &str) -> (Vocabulary, Article) {
        let mut v = Vocabulary::default();
        v.learn(&words(text));
        (v, crate::html::parse_article(&format!("<p>{text}</p>")))
    }

    #[test]
    fn places_organisations_common_words_and_titles_are_no_speakers() {
        let (v, a) = vocabulary(
            "Rapat di Mamuju Utara dibuka. Ketua Partai Golkar hadir. El estado y el empleo \
             crecen. Ver la guerra de los mitos. Setya Novanto (Setnov) datang.",
        );
        assert_eq!(
            v.clean_speaker("Mamuju Utara Saidiman Marto", &a)
                .as_deref(),
            Some("Saidiman Marto")
        );
        assert_eq!(
            v.clean_speaker("Golkar Setya Novanto", &a).as_deref(),
            Some("Setya Novanto")
        );
        assert_eq!(
            v.clean_speaker("Setnov", &a).as_deref(),
            Some("Setya Novanto")
        );
        assert_eq!(v.clean_speaker("Estado", &a), None);
        assert_eq!(v.clean_speaker("Mamuju", &a), None);
        assert_eq!(v.clean_speaker("Guerra de las Galaxias", &a), None);
        assert_eq!(
            v.clean_speaker("Felipe González Ahora", &a).as_deref(),
            Some("Felipe González")
        );
        assert_eq!(v.clean_speaker("G. B.", &a), None);
        assert_eq!(v.clean_speaker("Estado Empleo", &a), None);
        assert_eq!(v.clean_speaker("Golkar", &a).as_deref(), Some("Golkar"));
    }
}
