//! The words quote attribution relies on, one table a language: verbs of saying,
//! "according to" phrases, pronouns, the titles, ranks and honorifics that lead up to
//! names, and words that are never names. Adding a language is one more table in
//! [`LANGUAGES`]; the extractor reads the union of all tables (a post's language is
//! not needed, and quotations often cross languages).
//!
//! Every word is written in lower case.

mod english;
mod french;
mod german;
mod indonesian;
mod italian;
pub mod japanese;
mod portuguese;
mod spanish;

use rustc_hash::FxHashSet;
use std::sync::LazyLock;

/// What one language contributes.
pub struct Language {
    /// ISO 639-1 code (named in the tables' tests).
    #[cfg_attr(not(test), allow(dead_code))]
    pub code: &'static str,
    /// Verbs that report speech, in every form a news text uses them (`said`, `dijo`,
    /// `disse`, `déclaré`, `sagte`, `dijelaskan`).
    pub speech_verbs: &'static [&'static str],
    /// Phrases after which the source of the words is named: `according to`, `según`,
    /// `segundo`, `selon`, `menurut`. Words separated by one space.
    pub according_to: &'static [&'static str],
    /// Words that may stand between a subject and its verb of saying, or start an
    /// inverted attribution before the verb: `has`, `a` (`a déclaré`), `ha`, `hat`.
    pub auxiliaries: &'static [&'static str],
    /// Words that name the agent after a passive verb: `by`, `oleh`, `par`, `por`.
    pub agent_words: &'static [&'static str],
    /// Pronouns that stand for a speaker named earlier.
    pub pronouns: &'static [&'static str],
    /// Pronouns after a preposition that stand for a speaker named earlier:
    /// `according to him`, `selon lui`.
    pub object_pronouns: &'static [&'static str],
    /// Endings that carry the pronoun on the verb itself: `katanya`, `dit-il`.
    pub pronoun_endings: &'static [&'static str],
    /// Job titles, ranks, honorifics and descriptions that lead up to a name without
    /// being part of it.
    pub titles: &'static [&'static str],
    /// Endings that make a compound word a title (`Finanzminister`, `Regierungssprecher`).
    pub title_endings: &'static [&'static str],
    /// Titles after which the next capitalised word names an organisation, not a
    /// person (`Partai Golkar Airlangga Hartarto`).
    pub organisation_titles: &'static [&'static str],
    /// Last words that make a run of capitalised words an organisation's name.
    pub organisation_heads: &'static [&'static str],
    /// Lower-case words that may stand inside a name (`bin`, `de`, `van`).
    pub particles: &'static [&'static str],
    /// Words that start sentences and phrases capitalised but are never names:
    /// articles, conjunctions, adverbs, prepositions, pronouns, days and months.
    pub not_names: &'static [&'static str],
    /// Prepositions before a place's name (`in`, `di`, `en`, `em`): what follows them
    /// capitalised is a place, not a person.
    pub place_prepositions: &'static [&'static str],
    /// Words after which an attribution's noun phrase has ended (`said Ana Ruiz in
    /// Madrid`).
    pub phrase_ends: &'static [&'static str],
}

/// Every language the extractor knows.
pub const LANGUAGES: &[&Language] = &[
    &english::ENGLISH,
    &spanish::SPANISH,
    &indonesian::INDONESIAN,
    &portuguese::PORTUGUESE,
    &french::FRENCH,
    &german::GERMAN,
    &italian::ITALIAN,
];

/// The union of every language's table, as sets.
pub struct Lexicon {
    pub speech_verbs: FxHashSet<&'static str>,
    /// Each phrase as its words.
    pub according_to: Vec<Vec<&'static str>>,
    pub auxiliaries: FxHashSet<&'static str>,
    pub agent_words: FxHashSet<&'static str>,
    pub pronouns: FxHashSet<&'static str>,
    pub object_pronouns: FxHashSet<&'static str>,
    pub pronoun_endings: Vec<&'static str>,
    pub titles: FxHashSet<&'static str>,
    pub title_endings: Vec<&'static str>,
    pub organisation_titles: FxHashSet<&'static str>,
    pub organisation_heads: FxHashSet<&'static str>,
    pub particles: FxHashSet<&'static str>,
    pub not_names: FxHashSet<&'static str>,
    pub phrase_ends: FxHashSet<&'static str>,
    pub place_prepositions: FxHashSet<&'static str>,
}

/// The union of [`LANGUAGES`], built on first use.
pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    fn union(part: impl Fn(&Language) -> &'static [&'static str]) -> FxHashSet<&'static str> {
        LANGUAGES
            .iter()
            .flat_map(|l| part(l).iter().copied())
            .collect()
    }
    let mut according_to: Vec<Vec<&'static str>> = LANGUAGES
        .iter()
        .flat_map(|l| l.according_to.iter())
        .map(|p| p.split(' ').collect())
        .collect();
    // Longest first: "de acuerdo con" before "de".
    according_to.sort_by_key(|p| std::cmp::Reverse(p.len()));
    according_to.dedup();
    let mut pronoun_endings: Vec<&'static str> = LANGUAGES
        .iter()
        .flat_map(|l| l.pronoun_endings.iter().copied())
        .collect();
    pronoun_endings.sort_by_key(|e| std::cmp::Reverse(e.len()));
    pronoun_endings.dedup();
    Lexicon {
        speech_verbs: union(|l| l.speech_verbs),
        according_to,
        auxiliaries: union(|l| l.auxiliaries),
        agent_words: union(|l| l.agent_words),
        pronouns: union(|l| l.pronouns),
        object_pronouns: union(|l| l.object_pronouns),
        pronoun_endings,
        titles: union(|l| l.titles),
        title_endings: LANGUAGES
            .iter()
            .flat_map(|l| l.title_endings.iter().copied())
            .collect(),
        organisation_titles: union(|l| l.organisation_titles),
        organisation_heads: union(|l| l.organisation_heads),
        particles: union(|l| l.particles),
        not_names: union(|l| l.not_names),
        phrase_ends: union(|l| l.phrase_ends),
        place_prepositions: union(|l| l.place_prepositions),
    }
});

impl Lexicon {
    /// Whether `word`, lowered, is in `set` (short ASCII words are lowered without
    /// allocating).
    pub fn has(set: &FxHashSet<&'static str>, word: &str) -> bool {
        let mut buffer = [0u8; 24];
        if word.is_ascii() && word.len() <= buffer.len() {
            let lowered = &mut buffer[..word.len()];
            lowered.copy_from_slice(word.as_bytes());
            lowered.make_ascii_lowercase();
            return std::str::from_utf8(lowered).is_ok_and(|w| set.contains(w));
        }
        set.contains(word.to_lowercase().as_str())
    }

    /// The word without an ending that carries a pronoun (`katanya` → `kata`,
    /// `dit-il` → `dit`, `menurutnya` → `menurut`), once for each such ending it has,
    /// where two letters or more are left.
    pub fn pronoun_stems<'w>(&'w self, word: &'w str) -> impl Iterator<Item = &'w str> + 'w {
        self.pronoun_endings.iter().filter_map(move |ending| {
            // The endings are ASCII: compared without lowering the whole word.
            let stem_len = word.len().checked_sub(ending.len())?;
            let tail = word.get(stem_len..)?;
            let stem = word.get(..stem_len)?;
            (tail.eq_ignore_ascii_case(ending) && stem.chars().count() >= 2).then_some(stem)
        })
    }

    /// The verb inside a word that carries its pronoun (`katanya` → `kata`, `dit-il`
    /// → `dit`), when it is one.
    pub fn verb_with_pronoun<'w>(&'w self, word: &'w str) -> Option<&'w str> {
        self.pronoun_stems(word)
            .find(|stem| Lexicon::has(&self.speech_verbs, stem))
    }

    /// Whether a word ends with one of the endings that carry a pronoun.
    pub fn has_pronoun_ending(&self, word: &str) -> bool {
        self.pronoun_stems(word).next().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_is_lower_case_and_phrases_are_single_spaced() {
        for language in LANGUAGES {
            let lists = [
                language.speech_verbs,
                language.according_to,
                language.auxiliaries,
                language.agent_words,
                language.pronouns,
                language.object_pronouns,
                language.pronoun_endings,
                language.titles,
                language.title_endings,
                language.organisation_titles,
                language.organisation_heads,
                language.particles,
                language.not_names,
                language.phrase_ends,
                language.place_prepositions,
            ];
            for (n, word) in lists
                .iter()
                .enumerate()
                .flat_map(|(n, l)| l.iter().map(move |w| (n, w)))
            {
                assert_eq!(*word, word.to_lowercase(), "{}: {word}", language.code);
                assert_eq!(word.trim(), *word, "{}: {word:?}", language.code);
                // Only phrases (the second list) have more than one word.
                assert!(n == 1 || !word.contains(' '), "{}: {word:?}", language.code);
                assert!(!word.contains("  "), "{}: {word:?}", language.code);
            }
        }
    }

    #[test]
    fn verbs_carry_their_pronoun() {
        assert_eq!(LEXICON.verb_with_pronoun("katanya"), Some("kata"));
        assert_eq!(LEXICON.verb_with_pronoun("dit-il"), Some("dit"));
        assert_eq!(LEXICON.verb_with_pronoun("a-t-elle"), None);
        assert_eq!(LEXICON.verb_with_pronoun("explique-t-il"), Some("explique"));
        assert_eq!(LEXICON.verb_with_pronoun("Tanya"), None);
    }
}
