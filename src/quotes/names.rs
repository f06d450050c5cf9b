//! People's and organisations' names in running text: cutting a name out of a noun
//! phrase ("Iran’s Foreign Ministry spokesman Esmaeil Baghaei" → "Esmaeil Baghaei")
//! and normalising short forms to the fullest form a post uses.

use super::languages::LEXICON;
use crate::text::{fold, strip_possessive};

/// A word of running text with its byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    /// The word, punctuation around it removed (inner dots and hyphens kept).
    pub text: &'a str,
    /// Byte offset of the word in the text it came from.
    pub start: usize,
    /// Whether a comma, colon, semicolon or a closing bracket follows the word.
    pub comma_after: bool,
    /// Whether a sentence-ending mark (`.`, `!`, `?`) follows the word.
    pub stop_after: bool,
    /// Whether the word opens a bracket: "(Setnov)" names a person already named.
    pub opens_bracket: bool,
}

/// Splits text into words at whitespace, trimming surrounding punctuation.
pub fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive(char::is_whitespace) {
        let start_of_raw = offset;
        offset += raw.len();
        let piece = raw.trim_end();
        let lead = piece.len() - piece.trim_start_matches(is_edge_punctuation).len();
        let core = piece.trim_start_matches(is_edge_punctuation);
        let trimmed = core.trim_end_matches(is_edge_punctuation);
        // Keep the dot of an abbreviation such as "U.S." or "Dr.".
        let (text, tail) = if core[trimmed.len()..].starts_with('.') && is_abbreviation(trimmed) {
            (&core[..trimmed.len() + 1], &core[trimmed.len() + 1..])
        } else {
            (trimmed, &core[trimmed.len()..])
        };
        if text.is_empty() {
            continue;
        }
        out.push(Word {
            text,
            start: start_of_raw + lead,
            comma_after: tail.contains([',', ':', ';', ')', '—', '–']),
            stop_after: tail.contains(['.', '!', '?', '…']),
            opens_bracket: piece[..lead].contains(['(', '[']),
        });
    }
    out
}

fn is_edge_punctuation(ch: char) -> bool {
    !ch.is_alphanumeric() && !matches!(ch, '@' | '#' | '&')
}

/// "U.S", "Dr", "Mr", "Jr", "St": a dot after these does not end a sentence.
pub fn is_abbreviation(word: &str) -> bool {
    let lower = word.to_lowercase();
    word.contains('.')
        || (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
        || matches!(
            lower.as_str(),
            "mr" | "mrs"
                | "ms"
                | "dr"
                | "jr"
                | "sr"
                | "st"
                | "prof"
                | "gen"
                | "sen"
                | "rep"
                | "gov"
                | "lt"
                | "col"
                | "capt"
                | "sgt"
                | "adm"
                | "no"
                | "vs"
                | "sra"
                | "inc"
                | "corp"
                | "co"
        )
}

/// Whether a word starts with a capital letter.
pub(super) fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn is_possessive(word: &str) -> bool {
    strip_possessive(word).len() < word.len()
}

fn is_acronym(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

fn lower(word: &str) -> String {
    word.trim_end_matches('.').to_lowercase()
}

/// A title, rank or honorific ("minister", "Sersan"), or a compound that ends like one
/// ("Finanzminister").
pub fn is_title(word: &str) -> bool {
    let lower = lower(word);
    LEXICON.titles.contains(lower.as_str())
        || LEXICON
            .title_endings
            .iter()
            .any(|e| lower.len() > e.len() + 2 && lower.ends_with(e))
}

/// The name at the end of a noun phrase: the last run of capitalised words (with
/// particles such as "bin" inside), without the titles, ranks, organisations and
/// possessives that lead up to it. `None` when the phrase ends in no name.
pub fn name_at_end(phrase: &[Word<'_>]) -> Option<String> {
    let mut run_start = phrase.len();
    while run_start > 0 {
        let word = phrase[run_start - 1].text;
        let in_name = starts_upper(word)
            || (LEXICON.particles.contains(word) && run_start < phrase.len() && run_start > 1);
        // A comma ends the phrase before it: "…Salman, Trump said"; a bracket starts
        // another name: "Jusuf Kalla (JK)".
        let bracket_follows = run_start < phrase.len() && phrase[run_start].opens_bracket;
        if !in_name
            || (run_start < phrase.len() && phrase[run_start - 1].comma_after)
            || bracket_follows
        {
            break;
        }
        run_start -= 1;
    }
    name_in_run(&phrase[run_start..])
}

/// Most lower-case words (descriptors, articles) that may lead up to a name after a
/// verb: "warned economist Priya Raman", "dijo el consejero de Fomento, Pablo Ortega".
const MAX_LEADING_WORDS: usize = 5;

/// The name at the start of a phrase ("said Airlangga Hartarto di Jakarta").
pub fn name_at_start(phrase: &[Word<'_>]) -> Option<String> {
    let mut skip = 0;
    while skip < phrase.len() && !starts_upper(phrase[skip].text) {
        let word = lower(phrase[skip].text);
        if skip >= MAX_LEADING_WORDS
            || LEXICON.phrase_ends.contains(word.as_str())
            || phrase[skip].stop_after
        {
            return None;
        }
        skip += 1;
    }
    let mut end = capitalised_run_end(phrase, skip);
    // "said Amoco executive vice president Richard Leet": an organisation, then
    // lower-case titles, then the name.
    let titles = phrase[end..]
        .iter()
        .take_while(|w| !starts_upper(w.text) && is_title(w.text))
        .count();
    let skip = if titles > 0 && !phrase[end - 1].comma_after {
        let later = capitalised_run_end(phrase, end + titles);
        if later > end + titles {
            let start = end + titles;
            end = later;
            start
        } else {
            skip
        }
    } else {
        skip
    };
    let first = name_in_run(&phrase[skip..end]);
    // "el consejero de Fomento, Pablo Ortega": a full name in apposition wins over a
    // capitalised word of the descriptor.
    if end > skip && phrase[end - 1].comma_after && end < phrase.len() {
        let second_end = capitalised_run_end(phrase, end);
        let described = phrase[skip..end].iter().any(|w| is_title(w.text));
        if second_end >= end + 2
            && (skip > 0 || described || first.as_ref().is_none_or(|f| !f.contains(' ')))
        {
            if let Some(second) = name_in_run(&phrase[end..second_end]) {
                return Some(second);
            }
        }
    }
    first
}

/// Where a run of capitalised words (with particles inside) starting at `start` ends:
/// at a lower-case word, or after a word followed by a comma or a full stop.
fn capitalised_run_end(phrase: &[Word<'_>], start: usize) -> usize {
    let mut end = start;
    while end < phrase.len() {
        let word = phrase[end].text;
        let in_name = starts_upper(word) || (LEXICON.particles.contains(word) && end > start);
        if !in_name || (end > start && phrase[end].opens_bracket) {
            break;
        }
        end += 1;
        if phrase[end - 1].comma_after || phrase[end - 1].stop_after && !is_abbreviation(word) {
            break;
        }
    }
    end
}

/// Cuts titles and organisation words from the front of a run of capitalised words.
fn name_in_run(run: &[Word<'_>]) -> Option<String> {
    let mut start = 0;
    let is_organisation = run
        .last()
        .is_some_and(|w| LEXICON.organisation_heads.contains(lower(w.text).as_str()));
    if is_organisation {
        // "Iran’s Foreign Ministry" → "Foreign Ministry"; "U.S. State Department" → "State Department".
        for (i, word) in run.iter().enumerate() {
            if (is_possessive(word.text) || is_acronym(word.text)) && i + 1 < run.len() {
                start = i + 1;
            }
        }
        return clean_name(&run[start..]);
    }
    for (i, word) in run.iter().enumerate() {
        let text = word.text;
        let leading = is_title(text) || is_acronym(text) || is_possessive(text);
        if leading && i + 1 < run.len() {
            start = i + 1;
            if LEXICON.organisation_titles.contains(lower(text).as_str()) && i + 3 < run.len() {
                start = i + 2;
            }
        }
    }
    clean_name(&run[start..])
}

/// Joins the words of a name, without possessive endings and leading function words.
fn clean_name(run: &[Word<'_>]) -> Option<String> {
    let mut tokens: Vec<&str> = run.iter().map(|w| strip_possessive(w.text)).collect();
    while tokens.first().is_some_and(|t| {
        LEXICON.not_names.contains(lower(t).as_str())
            || LEXICON.particles.contains(t)
            || is_speech_verb(t)
            || is_contraction(t)
    }) {
        tokens.remove(0);
    }
    while tokens
        .last()
        .is_some_and(|t| LEXICON.particles.contains(t) || is_speech_verb(t))
    {
        tokens.pop();
    }
    if tokens.is_empty()
        || tokens.iter().all(|t| is_title(t))
        || tokens.iter().any(|t| is_glued_sentence(t))
    {
        return None;
    }
    Some(tokens.join(" "))
}

/// A verb of saying, in any case: "Menegaskan" glued to a name is no part of it.
fn is_speech_verb(word: &str) -> bool {
    LEXICON.speech_verbs.contains(lower(word).as_str())
}

/// Two sentences glued by a missing space ("Demokrat.Ibarat") are no name.
fn is_glued_sentence(word: &str) -> bool {
    word.split_once('.').is_some_and(|(a, b)| {
        a.chars().count() >= 3 && b.chars().count() >= 3 && b.starts_with(char::is_uppercase)
    })
}

/// "I'm", "we're", "it's": contractions are never names.
fn is_contraction(word: &str) -> bool {
    let lower = lower(word).replace('’', "'");
    ["'m", "'re", "'ve", "'ll", "'d", "n't"]
        .iter()
        .any(|ending| lower.ends_with(ending))
        || lower == "it's"
}

/// Every name mentioned in a text (two words or more) with its byte offset, for
/// normalising short forms and resolving pronouns.
pub fn names_in(text: &str) -> Vec<(usize, String)> {
    names_in_words(&words(text))
}

/// [`names_in`] for text already cut into words.
pub fn names_in_words(words: &[Word<'_>]) -> Vec<(usize, String)> {
    let mut names = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !starts_upper(words[i].text) {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < words.len()
            && (starts_upper(words[end].text)
                || (LEXICON.particles.contains(words[end].text) && end > i))
            && !(end > i && words[end].opens_bracket)
        {
            end += 1;
            if words[end - 1].comma_after
                || words[end - 1].stop_after && !is_abbreviation(words[end - 1].text)
            {
                break;
            }
            if is_possessive(words[end - 1].text) {
                break;
            }
        }
        if let Some(name) = name_in_run(&words[i..end]) {
            if name.contains(' ') {
                names.push((words[i].start, name));
            }
        }
        i = end.max(i + 1);
    }
    names
}

/// Short forms a text introduces in brackets right after a full name: "Setya Novanto
/// (Setnov)", "Jusuf Kalla (JK)" → (short form, full name).
pub fn bracketed_aliases(words: &[Word<'_>]) -> Vec<(String, String)> {
    let mut aliases = Vec::new();
    for (i, word) in words.iter().enumerate() {
        if !word.opens_bracket || i == 0 || !starts_upper(word.text) {
            continue;
        }
        // The short form: one word, or two, closed by the bracket.
        let closes = |w: &Word<'_>| w.comma_after;
        let len = if closes(word) {
            1
        } else if words
            .get(i + 1)
            .is_some_and(|w| starts_upper(w.text) && closes(w))
        {
            2
        } else {
            continue;
        };
        let Some(full) = name_at_end(&words[..i]) else {
            continue;
        };
        let short: Vec<&str> = words[i..i + len].iter().map(|w| w.text).collect();
        let short = short.join(" ");
        if full.contains(' ') && short != full && !is_title(&short) && abbreviates(&short, &full) {
            aliases.push((short, full));
        }
    }
    aliases
}

/// Whether a short form is made of the full name's letters, in order, starting with
/// the first letter of one of its words: "Setnov", "JK", "ARB" (Aburizal Bakrie), and
/// not a place or party in brackets ("Héctor Ortega (Lugo)").
fn abbreviates(short: &str, full: &str) -> bool {
    let short: Vec<char> = fold(short)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    let full_folded = fold(full);
    let Some(first) = short.first() else {
        return false;
    };
    if !full_folded.split(' ').any(|w| w.starts_with(*first)) {
        return false;
    }
    let mut letters = full_folded.chars().filter(|c| c.is_alphanumeric());
    short.iter().all(|s| letters.any(|c| c == *s))
}

/// The fullest form of `name` among `known` names: one whose words contain the
/// name's words in order and end with the same word ("Trump" → "Donald Trump"); for a
/// first name alone, as Indonesian and Spanish posts often quote people ("ujar
/// Hetifah"), the one full name that starts with it.
pub fn fullest_form(name: &str, known: &[String]) -> String {
    let parts: Vec<String> = name.split(' ').map(fold).collect();
    let mut best: Option<&String> = None;
    for candidate in known {
        let candidate_parts: Vec<String> = candidate.split(' ').map(fold).collect();
        if candidate_parts.last() != parts.last() || candidate_parts.len() <= parts.len() {
            continue;
        }
        let mut rest = candidate_parts.iter();
        let in_order = parts.iter().all(|p| rest.any(|c| c == p));
        if in_order && best.is_none_or(|b| candidate.split(' ').count() > b.split(' ').count()) {
            best = Some(candidate);
        }
    }
    if best.is_none() && parts.len() == 1 {
        let mut starting: Vec<&String> = known
            .iter()
            .filter(|k| k.contains(' ') && k.split(' ').next().map(fold) == parts.first().cloned())
            .collect();
        starting.sort();
        starting.dedup();
        if let [only] = starting.as_slice() {
            best = Some(only);
        }
    }
    best.cloned().unwrap_or_else(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn end(text: &str) -> Option<String> {
        name_at_end(&words(text))
    }

    #[test]
    fn titles_organisations_and_possessives_are_cut() {
        assert_eq!(
            end("Iran’s Foreign Ministry spokesman Esmaeil Baghaei").as_deref(),
            Some("Esmaeil Baghaei")
        );
        assert_eq!(
            end("U.S. President Donald Trump").as_deref(),
            Some("Donald Trump")
        );
        assert_eq!(
            end("Saudi Arabia’s Crown Prince Mohammed bin Salman").as_deref(),
            Some("Mohammed bin Salman")
        );
        assert_eq!(
            end("Ketua Umum Partai Golkar Airlangga Hartarto").as_deref(),
            Some("Airlangga Hartarto")
        );
        assert_eq!(
            end("Speaking alongside Saudi Crown Prince Mohammed bin Salman, Trump").as_deref(),
            Some("Trump")
        );
        assert_eq!(end("the minister"), None);
        assert_eq!(
            end("the State Department").as_deref(),
            Some("State Department")
        );
    }

    #[test]
    fn names_after_a_verb() {
        assert_eq!(
            name_at_start(&words("la consejera Ana Beltrán.")).as_deref(),
            Some("Ana Beltrán")
        );
        assert_eq!(
            name_at_start(&words("Airlangga di Jakarta")).as_deref(),
            Some("Airlangga")
        );
        assert_eq!(name_at_start(&words("reporters in Tehran")), None);
    }

    #[test]
    fn short_forms_become_the_fullest_form() {
        let known: Vec<String> = names_in(
            "U.S. President Donald Trump met Rafael Grossi. Rafael Mariano Grossi (@rafaelmgrossi) wrote.",
        )
        .into_iter()
        .map(|(_, name)| name)
        .collect();
        assert_eq!(
            known,
            vec!["Donald Trump", "Rafael Grossi", "Rafael Mariano Grossi"]
        );
        assert_eq!(fullest_form("Trump", &known), "Donald Trump");
        assert_eq!(fullest_form("Grossi", &known), "Rafael Mariano Grossi");
        assert_eq!(fullest_form("Ana", &known), "Ana");
        assert_eq!(fullest_form("Rafael", &known), "Rafael");
        assert_eq!(fullest_form("Donald", &known), "Donald Trump");
    }

    #[test]
    fn words_keep_abbreviations_and_note_punctuation() {
        let w = words("“Yes,” said U.S. Sen. Ana Ruiz. Next");
        let texts: Vec<&str> = w.iter().map(|w| w.text).collect();
        assert_eq!(
            texts,
            vec!["Yes", "said", "U.S.", "Sen.", "Ana", "Ruiz", "Next"]
        );
        assert!(w[0].comma_after);
        assert!(w[5].stop_after);
        assert!(!w[2].stop_after);
    }
}
