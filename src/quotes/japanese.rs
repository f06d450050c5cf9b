//! Who said a quotation written in Japanese: `田中氏は「…」と述べた`,
//! `「…」と田中氏は語った`, `田中氏によると、「…」`. Japanese has no spaces, so the
//! words around a quotation are read by characters: a quotative particle (`と`) and a
//! verb of saying after the closing mark, and a name with its honorific or title
//! (`氏`, `さん`, `首相`) as the subject. A name is only taken with such a suffix; a
//! verb of saying without one leaves the quotation attributed to nobody by name.

use super::attribution::Attribution;
use super::languages::japanese::JAPANESE;
use crate::analysis::tokenizer::is_cjk;

/// Most characters of a name before its suffix.
const MAX_NAME_CHARS: usize = 12;

/// Whether a quotation is to be read the Japanese way: the text around it is in
/// Japanese (it has kana), or there is no text around it and the quotation itself is.
/// A Japanese quotation in an English sentence (`“…,” said Mayor Tanaka`) is read the
/// English way.
pub(super) fn reads_japanese(before: &str, quoted: &str, after: &str) -> bool {
    let has_kana = |text: &str| text.chars().any(is_kana);
    let has_letters = |text: &str| text.chars().any(char::is_alphabetic);
    has_kana(before)
        || has_kana(after)
        || (!has_letters(before) && !has_letters(after) && has_kana(quoted))
}

/// Whether a speaker's name was read by [`attribution`]: written in kanji or katakana.
pub(super) fn is_japanese_name(name: &str) -> bool {
    name.chars().any(is_name_char) && !name.chars().any(|c| c.is_ascii_alphabetic())
}

fn is_kana(ch: char) -> bool {
    matches!(ch, '\u{3040}'..='\u{309F}')
}

/// A character that may be part of a name: a kanji, a katakana, the long-vowel mark
/// and the middle dot of foreign names.
fn is_name_char(ch: char) -> bool {
    is_cjk(ch) && !is_kana(ch) && !matches!(ch, '、' | '。' | '「' | '」' | '『' | '』')
        || matches!(ch, 'ー' | '・' | '々')
}

/// What the words around a Japanese quotation say about it: `None` when they do not
/// present it as speech.
pub(super) fn attribution(before: &str, after: &str) -> Option<Attribution> {
    let before = last_sentence(before);
    if let Some(name) = according_to(before) {
        return Some(Attribution::Named(name));
    }
    let clause = first_clause(after);
    let rest = JAPANESE
        .quotatives
        .iter()
        .find_map(|q| clause.strip_prefix(q))?;
    let rest = rest.trim_start_matches(['、', ' ', '　']);
    if JAPANESE.not_speech.iter().any(|s| rest.starts_with(s)) {
        return None;
    }
    let verb_at = speech_verb_at(rest)?;
    let speaker = subject(&rest[..verb_at]).or_else(|| subject(before));
    Some(speaker.map_or(Attribution::Unnamed, Attribution::Named))
}

/// Where the first verb of saying of a clause starts.
fn speech_verb_at(clause: &str) -> Option<usize> {
    let verbs = JAPANESE.speech_verbs.iter().filter_map(|v| clause.find(v));
    let nouns = JAPANESE.speech_nouns.iter().filter_map(|noun| {
        clause.match_indices(noun).find_map(|(at, _)| {
            let next = clause[at + noun.len()..].chars().next();
            next.is_some_and(|c| matches!(c, 'し' | 'す' | 'さ'))
                .then_some(at)
        })
    });
    verbs.chain(nouns).min()
}

/// Whether a Japanese quotation with no attribution is somebody's words rather than a
/// term, a name or a title: long enough, ending like a spoken sentence (a full stop, or
/// kana such as `です` or `だよ`, not a noun nor a dictionary form), and not presented
/// as a thought or a hearsay (`と思う`, `と言われる`).
pub(super) fn counts_unattributed(text: &str, after: &str) -> bool {
    const MIN_CHARS: usize = 8;
    let chars = text.chars().filter(|c| is_cjk(*c)).count();
    let last = text
        .chars()
        .rev()
        .find(|c| is_cjk(*c) || matches!(c, '。' | '？' | '！' | '?' | '!' | '…'));
    let ends_like_speech =
        last.is_some_and(|c| !is_cjk(c) || JAPANESE.sentence_endings.contains(&c));
    let thought_or_hearsay = JAPANESE.quotatives.iter().any(|q| {
        first_clause(after).strip_prefix(q).is_some_and(|rest| {
            JAPANESE.not_speech[..JAPANESE.thought_or_hearsay]
                .iter()
                .any(|s| rest.starts_with(s))
        })
    });
    chars >= MIN_CHARS && ends_like_speech && !thought_or_hearsay
}

/// The text after the last full stop (or closing mark) of `text`.
fn last_sentence(text: &str) -> &str {
    text.rfind(['。', '！', '？', '」', '』'])
        .map_or(text, |at| {
            &text[at + text[at..].chars().next().map_or(0, char::len_utf8)..]
        })
}

/// The text up to the first full stop or opening mark of `text`.
fn first_clause(text: &str) -> &str {
    let text = text.trim_start();
    text.find(['。', '「', '『', '\n'])
        .map_or(text, |at| &text[..at])
}

/// `田中氏によると、` at the end of the text before a quotation.
fn according_to(before: &str) -> Option<String> {
    let trimmed = before.trim_end_matches(['、', '，', ' ', '　', ':', '：']);
    let rest = JAPANESE
        .according_to
        .iter()
        .find_map(|p| trimmed.strip_suffix(p))?;
    name_before_suffix(rest)
}

/// The last name with its suffix and a subject particle in a stretch of text:
/// `田中太郎首相は` → `田中太郎`.
fn subject(text: &str) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for particle in JAPANESE.subject_particles {
        for (at, _) in text.match_indices(particle) {
            if let Some(name) = name_before_suffix(&text[..at]) {
                if best.as_ref().is_none_or(|(b, _)| at > *b) {
                    best = Some((at, name));
                }
            }
        }
    }
    best.map(|(_, name)| name)
}

/// The name written right before a suffix at the end of `text`: `田中氏` → `田中`,
/// `林芳正外務大臣` → `林芳正`, `山崎 亮さん` → `山崎 亮`.
fn name_before_suffix(text: &str) -> Option<String> {
    let suffix = JAPANESE
        .name_suffixes
        .iter()
        .filter(|s| text.ends_with(*s))
        .max_by_key(|s| s.len())?;
    let mut name = name_run(&text[..text.len() - suffix.len()]);
    loop {
        let title = JAPANESE.title_prefixes.iter().find_map(|p| {
            name.strip_suffix(p)
                .filter(|rest| name_chars(rest) >= 2 || *p == "同")
        });
        let after_katakana = |rest: &&str| rest.chars().next_back().is_some_and(is_katakana);
        let country = || {
            JAPANESE
                .country_prefixes
                .iter()
                .find_map(|p| name.strip_suffix(p).filter(after_katakana))
        };
        match title.or_else(country) {
            Some(shorter) => name = shorter,
            None => break,
        }
    }
    (name_chars(name) >= 2).then(|| name.trim().to_string())
}

/// The run of name characters at the end of `text`, with at most one space inside
/// between a family name and a given name (`山崎 亮`).
fn name_run(text: &str) -> &str {
    let mut start = text.len();
    let mut count = 0;
    let mut chars = text.char_indices().rev().peekable();
    while let Some((at, ch)) = chars.next() {
        let inner_space = matches!(ch, ' ' | '　')
            && count > 0
            && chars.peek().is_some_and(|(_, c)| is_name_char(*c));
        if !(is_name_char(ch) || inner_space) || count == MAX_NAME_CHARS {
            break;
        }
        start = at;
        count += 1;
    }
    &text[start..]
}

fn name_chars(text: &str) -> usize {
    text.chars().filter(|c| is_name_char(*c)).count()
}

fn is_katakana(ch: char) -> bool {
    matches!(ch, '\u{30A0}'..='\u{30FF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str) -> Option<Attribution> {
        Some(Attribution::Named(name.to_string()))
    }

    #[test]
    fn a_verb_of_saying_after_the_quotative_attributes() {
        assert_eq!(
            attribution("田中太郎氏は記者団に", "と述べた。"),
            named("田中太郎")
        );
        assert_eq!(
            attribution("", "と岸田文雄首相は語った。"),
            named("岸田文雄")
        );
        assert_eq!(
            attribution("", "と林芳正外務大臣が説明した。"),
            named("林芳正")
        );
        assert_eq!(
            attribution("会見で、トランプ米大統領は", "と話した。"),
            named("トランプ")
        );
        assert_eq!(attribution("", "と話した。"), Some(Attribution::Unnamed));
        assert_eq!(
            attribution("同社の広報担当者は", "と答えた。"),
            Some(Attribution::Unnamed)
        );
    }

    #[test]
    fn according_to_names_the_source_before_the_quotation() {
        assert_eq!(attribution("鈴木一郎教授によると、", ""), named("鈴木一郎"));
        assert_eq!(attribution("山崎 亮さんによれば", "。"), named("山崎 亮"));
        assert_eq!(attribution("田中氏によると、", ""), named("田中"));
        assert_eq!(attribution("安倍元首相によると", ""), named("安倍"));
        assert_eq!(attribution("同氏によると、", ""), None);
    }

    #[test]
    fn thoughts_hearsay_and_terms_are_not_speech() {
        assert_eq!(attribution("田中氏は", "と思った。"), None);
        assert_eq!(attribution("田中氏は", "と言われている。"), None);
        assert_eq!(attribution("", "というサービスが始まった。"), None);
        assert_eq!(attribution("", "を購入した。"), None);
        // A noun that starts like a verb of saying is no verb (記念品, 話題).
        assert_eq!(attribution("", "と記念品を配った。"), None);
        assert_eq!(attribution("", "と話題になった。"), None);
    }

    #[test]
    fn an_earlier_sentence_does_not_name_the_speaker() {
        assert_eq!(
            attribution("田中氏は来なかった。会場の男性は", "と語った。"),
            Some(Attribution::Unnamed)
        );
    }

    #[test]
    fn unattributed_speech_and_terms() {
        assert!(counts_unattributed(
            "これでクライアントのOKが出たんです",
            "ということで"
        ));
        assert!(counts_unattributed("オッケー、でもあなたはどう思う？", ""));
        assert!(!counts_unattributed(
            "デザイナーのこれからのスキルを考える1日",
            "ということで"
        ));
        assert!(!counts_unattributed("ストリーム", "というデータ"));
        assert!(!counts_unattributed(
            "なんでこうならないんだろうか",
            "と思ってしまう"
        ));
        assert!(!counts_unattributed(
            "それは無理だと決めつけるのだよ",
            "と言われるかもしれない"
        ));
        assert!(!counts_unattributed(
            "会議の前に資料を読んでおく",
            "というルール"
        ));
    }
}
