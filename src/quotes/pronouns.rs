//! Pronoun resolution: a quotation attributed to "he" or "she" goes to the last
//! person named before it, as the subject of a sentence or as the speaker of an
//! earlier quotation, else to the last person mentioned by full name.

use super::Position;

/// A subject named in the text outside quotations.
pub(super) struct Subject {
    /// Where the subject is named.
    pub(super) position: Position,
    /// The name.
    pub(super) name: String,
    /// Whether the name stands before a speech verb ("Baghaei told"), rather than
    /// only opening a sentence ("Baghaei reiterated").
    pub(super) before_verb: bool,
}

/// The people a pronoun can refer to in one article, each where it is named.
pub(super) struct Antecedents<'a> {
    /// Sentence subjects outside quotations.
    pub(super) subjects: &'a [Subject],
    /// Speakers named for quotations, where each quotation starts.
    pub(super) named: &'a [(Position, String)],
    /// Full names (two words or more) mentioned outside quotations.
    pub(super) mentions: &'a [(Position, String)],
}

impl Antecedents<'_> {
    /// The person a pronoun-attributed quotation starting at `position` refers to.
    pub(super) fn resolve(&self, position: Position) -> Option<String> {
        let from_text = self
            .subjects
            .iter()
            .filter(|s| s.position < position && (s.before_verb || self.is_known(&s.name)))
            .map(|s| (s.position, &s.name));
        let from_quotes = self
            .named
            .iter()
            .filter(|(p, _)| *p < position)
            .map(|(p, n)| (*p, n));
        // Without a subject, the last person mentioned by full name.
        let mentioned = || {
            self.mentions
                .iter()
                .filter(|(p, _)| *p < position)
                .max_by_key(|(p, _)| *p)
                .map(|(_, n)| n.clone())
        };
        from_text
            .chain(from_quotes)
            .max_by_key(|(p, _)| *p)
            .map(|(_, n)| n.clone())
            .or_else(mentioned)
    }

    /// Whether a name that only opens a sentence is taken for a person: a full name,
    /// or the name (or surname) of a quotation's speaker. One unknown capitalised
    /// word may be a place or an organisation.
    fn is_known(&self, name: &str) -> bool {
        name.contains(' ')
            || self
                .named
                .iter()
                .any(|(_, n)| n == name || n.ends_with(&format!(" {name}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject(position: Position, name: &str, before_verb: bool) -> Subject {
        Subject {
            position,
            name: name.to_string(),
            before_verb,
        }
    }

    fn at(position: Position, name: &str) -> (Position, String) {
        (position, name.to_string())
    }

    /// Who a pronoun at each of `positions` refers to.
    fn resolved(
        subjects: &[Subject],
        named: &[(Position, String)],
        mentions: &[(Position, String)],
        positions: &[Position],
    ) -> Vec<Option<String>> {
        let antecedents = Antecedents {
            subjects,
            named,
            mentions,
        };
        positions.iter().map(|&p| antecedents.resolve(p)).collect()
    }

    fn names(names: &[Option<&str>]) -> Vec<Option<String>> {
        names.iter().map(|n| n.map(str::to_string)).collect()
    }

    #[test]
    fn the_last_subject_or_speaker_before_the_quotation() {
        let subjects = [
            subject((0, 0), "Ana Ruiz", true),
            subject((1, 0), "Pedro Gil", true),
            subject((3, 0), "Luis Mora", true),
        ];
        let named = [at((2, 5), "Esmaeil Baghaei")];
        assert_eq!(
            resolved(&subjects, &named, &[], &[(1, 40), (2, 90), (0, 0)]),
            names(&[Some("Pedro Gil"), Some("Esmaeil Baghaei"), None])
        );
    }

    #[test]
    fn a_sentence_opener_counts_only_when_known_as_a_person() {
        let subjects = [
            subject((0, 0), "Ana Ruiz", true),
            subject((1, 0), "Baghaei", false),
            subject((2, 0), "Officials", false),
        ];
        let named = [at((0, 50), "Esmaeil Baghaei")];
        assert_eq!(
            resolved(&subjects, &named, &[], &[(1, 30), (2, 30)]),
            names(&[Some("Baghaei"), Some("Baghaei")])
        );
    }

    #[test]
    fn without_a_subject_the_last_full_name_mentioned() {
        let mentions = [at((0, 4), "Ana Ruiz"), at((1, 9), "Pedro Gil")];
        assert_eq!(
            resolved(&[], &[], &mentions, &[(1, 20), (1, 0), (0, 0)]),
            names(&[Some("Pedro Gil"), Some("Ana Ruiz"), None])
        );
    }
}
