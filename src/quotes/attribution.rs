//! Who said it: attribution patterns around a quotation (`“…,” X said`, `X said, “…”`,
//! `X: “…”`, `according to X`) and the subjects of sentences, for resolving pronouns.

use super::languages::{Lexicon, LEXICON};
use super::names::{name_at_end, name_at_start, starts_upper, words, Word};

/// Most words of a signature after a quotation ("— Rumi", "— Martin Luther King Jr").
const MAX_SIGNATURE_WORDS: usize = 5;

/// What the text around a quotation says about its speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attribution {
    /// A named person or organisation.
    Named(String),
    /// A pronoun (or a verb without a subject): the last subject spoke.
    Pronoun,
    /// Attributed, but to nobody by name ("the ministry said").
    Unnamed,
    /// A label before the quotation ("Trump: “…”"): a name, or a heading of a list
    /// ("Empleo: “…”") when it is one word the post names nobody by.
    Label(String),
}

fn lower(word: &Word<'_>) -> String {
    word.text.to_lowercase()
}

/// A speech verb as written in running text: in lower case ("States" in "the United
/// States" is no verb).
fn is_verb(word: &Word<'_>) -> bool {
    word.text.chars().next().is_some_and(char::is_lowercase) && is_verb_word(word.text)
}

fn is_verb_word(text: &str) -> bool {
    Lexicon::has(&LEXICON.speech_verbs, text) || carries_pronoun_text(text)
}

fn is_auxiliary(word: &Word<'_>) -> bool {
    word.text.chars().next().is_some_and(char::is_lowercase)
        && LEXICON.auxiliaries.contains(lower(word).as_str())
}

/// An auxiliary that carries its pronoun before the verb: "a-t-il ajouté".
fn auxiliary_with_pronoun(word: &Word<'_>) -> bool {
    let text = lower(word);
    LEXICON.pronoun_endings.iter().any(|e| {
        text.strip_suffix(e)
            .is_some_and(|stem| LEXICON.auxiliaries.contains(stem))
    })
}

fn is_pronoun(word: &Word<'_>) -> bool {
    LEXICON.pronouns.contains(lower(word).as_str())
}

/// Verbs that carry their own pronoun: "katanya" (he said), "dit-il".
fn carries_pronoun(word: &Word<'_>) -> bool {
    carries_pronoun_text(word.text)
}

fn carries_pronoun_text(text: &str) -> bool {
    LEXICON.has_pronoun_ending(text)
        && (LEXICON.verb_with_pronoun(text).is_some() || Lexicon::has(&LEXICON.speech_verbs, text))
}

/// Words up to and including the first that ends a sentence.
fn first_sentence<'a, 'b>(words: &'b [Word<'a>]) -> &'b [Word<'a>] {
    let end = words
        .iter()
        .position(|w| w.stop_after)
        .map_or(words.len(), |i| i + 1);
    &words[..end]
}

/// Drops an appositive closed by a comma before the verb ("Mohammed bin Salman, widely
/// known as MBS, told") so that the phrase ends with the subject's name.
fn without_appositives<'a, 'b>(phrase: &'b [Word<'a>]) -> &'b [Word<'a>] {
    let mut phrase = phrase;
    while phrase.last().is_some_and(|w| w.comma_after) {
        let segment_start = phrase[..phrase.len() - 1]
            .iter()
            .rposition(|w| w.comma_after)
            .map_or(0, |i| i + 1);
        let starts_lower = phrase[segment_start]
            .text
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
        if segment_start == 0 || !starts_lower {
            break;
        }
        phrase = &phrase[..segment_start];
    }
    phrase
}

/// The subject before a speech verb: a pronoun, a name, or nobody by name.
fn subject_before(phrase: &[Word<'_>]) -> Attribution {
    // "Smith also said", "X a déclaré", "Y ha dicho": the words between subject and verb.
    let mut phrase = phrase;
    while phrase.len() > 1 && phrase.last().is_some_and(is_auxiliary) {
        phrase = &phrase[..phrase.len() - 1];
    }
    if phrase.last().is_some_and(is_pronoun) {
        return Attribution::Pronoun;
    }
    match name_at_end(without_appositives(phrase)) {
        Some(name) => Attribution::Named(name),
        // "Y añade", "Luego dijo", "Lalu katanya": the subject left out, as Spanish,
        // Portuguese and Indonesian do.
        None if phrase.iter().all(is_function_word) => Attribution::Pronoun,
        None => Attribution::Unnamed,
    }
}

fn is_title_word(word: &Word<'_>) -> bool {
    super::names::is_title(word.text)
}

fn is_function_word(word: &Word<'_>) -> bool {
    LEXICON.not_names.contains(lower(word).as_str()) || is_auxiliary(word)
}

/// The speaker after a speech verb ("said Trump", "dijo la consejera Ana Beltrán").
fn speaker_after_verb(rest: &[Word<'_>]) -> Attribution {
    let rest = match rest.first() {
        Some(w) if LEXICON.agent_words.contains(lower(w).as_str()) => &rest[1..],
        _ => rest,
    };
    // "said he", but not the Italian article in "ha detto il ministro Marco Bianchi".
    if rest.first().is_some_and(is_pronoun)
        && rest
            .get(1)
            .is_none_or(|next| !starts_upper(next.text) && !is_title_word(next))
    {
        return Attribution::Pronoun;
    }
    match name_at_start(rest) {
        Some(name) => Attribution::Named(name),
        // "“…”, dijo." — Spanish and Indonesian drop the pronoun.
        None if rest.is_empty() || rest[0].text.chars().next().is_some_and(char::is_lowercase) => {
            if rest.is_empty() {
                Attribution::Pronoun
            } else {
                Attribution::Unnamed
            }
        }
        None => Attribution::Unnamed,
    }
}

fn according_to(words: &[Word<'_>]) -> Option<Attribution> {
    // "Menurutnya, …": the phrase with its pronoun ending.
    let carries = words.iter().any(|w| {
        LEXICON.pronoun_stems(w.text).any(|stem| {
            let stem = stem.to_lowercase();
            LEXICON
                .according_to
                .iter()
                .any(|p| matches!(p.as_slice(), [one] if *one == stem))
        })
    });
    if carries {
        return Some(Attribution::Pronoun);
    }
    for pattern in &LEXICON.according_to {
        let found = words.windows(pattern.len()).position(|window| {
            window
                .iter()
                .zip(pattern.iter())
                .all(|(w, p)| lower(w) == *p)
        });
        let Some(at) = found else { continue };
        let rest = &words[at + pattern.len()..];
        // "selon lui", "segundo ele", "according to her": the last person named.
        let pronoun_alone = rest.first().is_some_and(|w| {
            (is_pronoun(w) || LEXICON.object_pronouns.contains(lower(w).as_str()))
                && (rest.len() == 1 || w.comma_after || w.stop_after)
        });
        if pronoun_alone {
            return Some(Attribution::Pronoun);
        }
        return Some(match name_at_start(rest) {
            Some(name) => Attribution::Named(name),
            None => Attribution::Unnamed,
        });
    }
    None
}

/// Attribution in the text right after a closing mark: `, X said`, `, said X`,
/// `, he said`, `katanya`, `according to X`. `ends_sentence` tells whether the quote
/// ended with `.`, `!` or `?`: then a capitalised word starts a new sentence.
pub fn after_quote(after: &str, ends_sentence: bool) -> Option<Attribution> {
    // A signature: "“I was you and never knew it.” — Rumi".
    if let Some(signed) = after.trim_start().strip_prefix(['—', '–']) {
        let all = words(signed);
        if (1..=MAX_SIGNATURE_WORDS).contains(&all.len()) {
            if let Some(name) = name_at_start(&all) {
                if name.split(' ').count() == all.len() {
                    return Some(Attribution::Named(name));
                }
            }
        }
    }
    let all = words(after);
    let sentence = first_sentence(&all);
    let first = sentence.first()?;
    let starts_lower = first.text.chars().next().is_some_and(char::is_lowercase);
    if ends_sentence && !starts_lower && !after.trim_start().starts_with(',') {
        return None;
    }
    if is_pronoun(first) && sentence.get(1).is_some_and(is_verb) {
        return Some(Attribution::Pronoun);
    }
    // "« … », a déclaré X", "« … », a-t-il ajouté", "“…”, ha dicho X".
    let auxiliaries = sentence
        .iter()
        .take_while(|w| is_auxiliary(w) || auxiliary_with_pronoun(w))
        .count();
    if auxiliaries > 0 && sentence.get(auxiliaries).is_some_and(is_verb) {
        if sentence[..auxiliaries].iter().any(auxiliary_with_pronoun) {
            return Some(Attribution::Pronoun);
        }
        return Some(speaker_after_verb(&sentence[auxiliaries + 1..]));
    }
    if is_verb(first) {
        if carries_pronoun(first) {
            return Some(Attribution::Pronoun);
        }
        return Some(speaker_after_verb(&sentence[1..]));
    }
    if let Some(found) = according_to(sentence) {
        return Some(found);
    }
    // "X told reporters": a subject of a few words, then the verb.
    let verb = sentence.iter().take(12).position(is_verb)?;
    if sentence[..verb].iter().any(|w| w.stop_after) {
        return None;
    }
    Some(subject_before(&sentence[..verb]))
}

/// Attribution in the sentence right before an opening mark: `X said, “…”`,
/// `He added: “…”`, `X told Reuters: “…”`, or a label `Name: “…”`.
pub fn before_quote(before: &str) -> Option<Attribution> {
    let trimmed = before.trim_end();
    let all = words(trimmed);
    let last = all.last()?;
    // A verb opening the sentence is capitalised: "Dijelaskan Firman, …", "Kata ARB: …".
    let verb = all.iter().rposition(is_verb).or_else(|| {
        all.first()
            .filter(|w| is_verb_word(w.text) && all.len() > 1)
            .map(|_| 0)
    });
    if let Some(verb) = verb.filter(|&v| all.len() - v <= 5) {
        // A verb close before the quote, its object ("reporters", "on X") between.
        let tail = &all[verb + 1..];
        if tail.iter().all(|w| !w.stop_after) {
            if carries_pronoun(&all[verb]) {
                return Some(Attribution::Pronoun);
            }
            if verb == 0 {
                // "Dijo el presidente Pedro Sánchez: «…»"
                return Some(speaker_after_verb(tail));
            }
            return Some(subject_before(&all[..verb]));
        }
    }
    // "Segundo Ana Costa, “…”", "Selon lui, « … »" (a name or a pronoun only).
    match according_to(&all) {
        Some(Attribution::Unnamed) | None => {}
        found => return found,
    }
    // A partial quotation inside the sentence of its speaker: "Baker told the
    // committee such an approach could “worsen their difficulties …”".
    if !trimmed.ends_with(':') {
        let speaker = all.iter().enumerate().skip(1).find_map(|(i, w)| {
            if !is_verb(w) || all[i..].iter().any(|w| w.stop_after) {
                return None;
            }
            match subject_before(&all[..i]) {
                Attribution::Unnamed => None,
                found => Some(found),
            }
        });
        if speaker.is_some() {
            return speaker;
        }
    }
    // A speaker label: "Iran’s Foreign Ministry spokesman Esmaeil Baghaei:".
    if trimmed.ends_with(':') && all.len() <= 14 && !last.stop_after {
        return name_at_end(&all).map(Attribution::Label);
    }
    None
}

/// Names that are the subject of a sentence in text outside quotations, with their
/// byte offsets: the name before a speech verb ("Baghaei told"), and a name that opens
/// a sentence ("Baghaei reiterated"). The flag says which.
pub fn subjects(all: &[Word<'_>]) -> Vec<(usize, String, bool)> {
    let mut found = Vec::new();
    let mut sentence_start = 0;
    for i in 0..all.len() {
        // "continued to press", "vowed to": not speech.
        let to_follows = all.get(i + 1).is_some_and(|w| w.text == "to");
        if is_verb(&all[i]) && i > sentence_start && !to_follows {
            if let Attribution::Named(name) = subject_before(&all[sentence_start..i]) {
                // "Baghaei reiterated": already found as the sentence's first name.
                let sentence_offset = all[sentence_start].start;
                match found.last_mut() {
                    Some((at, n, before_verb)) if *n == name && *at >= sentence_offset => {
                        *before_verb = true;
                    }
                    _ => found.push((all[i].start, name, true)),
                }
            }
        }
        if i == sentence_start && all[i].text.chars().next().is_some_and(char::is_uppercase) {
            let run_end = all[i..]
                .iter()
                .position(|w| {
                    !w.text.chars().next().is_some_and(char::is_uppercase) || w.comma_after
                })
                .map_or(all.len(), |p| i + p);
            let next_is_lower = all
                .get(run_end)
                .is_some_and(|w| w.text.chars().next().is_some_and(char::is_lowercase));
            if next_is_lower && !all[run_end.saturating_sub(1)].comma_after {
                if let Some(name) = name_at_end(&all[i..run_end]) {
                    found.push((all[i].start, name, false));
                }
            }
        }
        if all[i].stop_after && !super::names::is_abbreviation(all[i].text) {
            sentence_start = i + 1;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use Attribution::*;

    fn named(name: &str) -> Option<Attribution> {
        Some(Named(name.to_string()))
    }

    #[test]
    fn after_the_quote() {
        assert_eq!(
            after_quote(
                " Foreign Ministry spokesman Esmaeil Baghaei told reporters in Tehran.",
                false
            ),
            named("Esmaeil Baghaei")
        );
        assert_eq!(after_quote(" — Rumi", true), named("Rumi"));
        assert_eq!(after_quote(" — the end of it all", true), None);
        assert_eq!(after_quote(" he said.", false), Some(Pronoun));
        assert_eq!(after_quote(" said Trump.", false), named("Trump"));
        assert_eq!(
            after_quote(" Grossi wrote on X following the meeting.", false),
            named("Grossi")
        );
        assert_eq!(
            after_quote(", afirmó la consejera Ana Beltrán.", false),
            named("Ana Beltrán")
        );
        assert_eq!(
            after_quote(" kata Airlangga di Jakarta.", false),
            named("Airlangga")
        );
        assert_eq!(after_quote(" ujarnya.", false), Some(Pronoun));
        assert_eq!(after_quote(", dijo.", false), Some(Pronoun));
        assert_eq!(after_quote(" the ministry said.", false), Some(Unnamed));
        assert_eq!(
            after_quote(", according to Reuters.", false),
            named("Reuters")
        );
        assert_eq!(after_quote(" He added, ", true), None);
        assert_eq!(
            after_quote(
                " Mohammed bin Salman, widely known as MBS, told the president.",
                false
            ),
            named("Mohammed bin Salman")
        );
        assert_eq!(
            after_quote(" suggesting that support could help.", false),
            None
        );
    }

    #[test]
    fn before_the_quote() {
        assert_eq!(
            before_quote("Speaking alongside Saudi Crown Prince Mohammed bin Salman, Trump said, "),
            named("Trump")
        );
        assert_eq!(before_quote("He added, "), Some(Pronoun));
        assert_eq!(before_quote("The minister told Reuters: "), Some(Unnamed));
        assert_eq!(before_quote("Ana Ruiz told Reuters: "), named("Ana Ruiz"));
        assert_eq!(
            before_quote("Iran’s Foreign Ministry spokesman Esmaeil Baghaei: "),
            Some(Label("Esmaeil Baghaei".to_string()))
        );
        assert_eq!(before_quote("The report was clear: "), None);
        assert_eq!(before_quote("It was called "), None);
    }

    #[test]
    fn subjects_of_sentences() {
        let text = "In response to Trump’s claim that the U.S. was in talks with Iran, Mohammed bin Salman, \
                    widely known as MBS, told the president that Riyadh was ready. Baghaei smiled. \
                    Kertosastro predicted a fall.";
        let found: Vec<(String, bool)> = subjects(&words(text))
            .into_iter()
            .map(|(_, n, v)| (n, v))
            .collect();
        assert_eq!(
            found,
            vec![
                ("Mohammed bin Salman".to_string(), true),
                ("Baghaei".to_string(), false),
                // Opening the sentence and before its verb of saying: one subject.
                ("Kertosastro".to_string(), true)
            ]
        );
    }
}
