//! Which language a post is written in, from its text (whatlang's trigram models,
//! which ship inside the crate: nothing is downloaded).
//!
//! whatlang compares every text with the trigram profiles of all 37 languages of its
//! script, some 75 µs a post whatever its length: more than the rest of indexing. Most
//! news is in a few languages whose commonest words give them away, so a first look
//! counts those words; when one language's words clearly dominate, and no related
//! language's words are frequent, that is the answer, and whatlang decides the rest.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// Characters looked at: enough for a reliable guess, cheap on long posts.
const SAMPLE_CHARS: usize = 3000;

/// The ISO 639-1 code (`en`, `es`, `id`, `ja`, …) of the text's language, the ISO
/// 639-3 code for languages without one, or `und` when there is too little text.
pub fn detect_language(text: &str) -> String {
    language_of_sample(sample(text), true)
}

/// whatlang's answer alone (for comparing with [`detect_language`]).
pub fn whatlang_language(text: &str) -> String {
    language_of_sample(sample(text), false)
}

/// Characters the common-words check looks at: some 150 words.
const COMMON_WORDS_CHARS: usize = 1000;

/// The first `chars` characters of a text.
fn prefix(text: &str, chars: usize) -> &str {
    let end = text
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i);
    &text[..end]
}

/// A post's language as told from its text, and whether the text told it clearly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    /// ISO 639-1 code, or ISO 639-3 where a language has none, or `und`.
    pub code: String,
    /// False where the text is short or the detector unsure: the site's usual
    /// language is then the better guess.
    pub sure: bool,
}

/// [`detect_language`] of a title and the text under it, without copying more of the
/// text than the sample, with whether it is sure.
pub fn detect_language_of(title: &str, text: &str) -> Detected {
    // The sample of `title + "\n" + text`, taken without walking the text twice.
    let title = sample(title);
    let title_chars = title.chars().count();
    let text = prefix(text, SAMPLE_CHARS.saturating_sub(title_chars + 1));
    let mut joined = String::with_capacity(title.len() + 1 + text.len());
    joined.push_str(title);
    if title_chars < SAMPLE_CHARS {
        joined.push('\n');
    }
    joined.push_str(text);
    detect_sample(&joined, true)
}

/// The start of a text that the language is told from.
fn sample(text: &str) -> &str {
    prefix(text, SAMPLE_CHARS)
}

/// The language of a sample: `und` for too little text, else the common-words answer
/// (when asked for and clear), else whatlang's.
fn language_of_sample(sample: &str, common_words_first: bool) -> String {
    detect_sample(sample, common_words_first).code
}

/// Fewest letters for whatlang's answer to count as sure (with whatlang's own
/// reliability): below, a title-only post or a caption is easily taken for a related
/// language.
const MIN_SURE_LETTERS: usize = 200;

/// Share of a text's words holding a digit above which it is a table of figures
/// (results, prices: `Shr profit 47 cts vs 1.78 dlrs`), whose few words whatlang
/// happily takes for French or Afrikaans.
const MAX_FIGURES_SHARE: f64 = 0.15;

/// Whether a text is more figures than prose.
fn mostly_figures(sample: &str) -> bool {
    let (mut words, mut figures) = (0usize, 0usize);
    for word in sample.split_whitespace() {
        words += 1;
        if word.chars().any(|c| c.is_ascii_digit()) {
            figures += 1;
        }
    }
    figures as f64 > MAX_FIGURES_SHARE * words as f64
}

/// Whether the text has more than `n` letters (counted no further than needed).
fn more_letters_than(text: &str, n: usize) -> bool {
    text.chars().filter(|c| c.is_alphabetic()).nth(n).is_some()
}

/// [`language_of_sample`] with whether the answer is sure.
fn detect_sample(sample: &str, common_words_first: bool) -> Detected {
    let unsure = |code: &str| Detected {
        code: code.to_string(),
        sure: false,
    };
    if !more_letters_than(sample, 2) {
        return unsure("und");
    }
    if common_words_first {
        if let Some(lang) = by_common_words(prefix(sample, COMMON_WORDS_CHARS)) {
            return Detected {
                code: lang.to_string(),
                sure: true,
            };
        }
    }
    static DETECTOR: OnceLock<whatlang::Detector> = OnceLock::new();
    // Javanese and Esperanto are what whatlang most often mistakes Indonesian and
    // Spanish for, and news dumps in them are rare.
    let detector = DETECTOR.get_or_init(|| {
        whatlang::Detector::with_denylist(vec![whatlang::Lang::Jav, whatlang::Lang::Epo])
    });
    match detector.detect(sample) {
        Some(info) => Detected {
            code: two_letter(info.lang().code()).to_string(),
            sure: info.is_reliable()
                && more_letters_than(sample, MIN_SURE_LETTERS)
                && !mostly_figures(sample),
        },
        None => unsure("und"),
    }
}

/// Languages told by their commonest words, and the related languages whose words
/// must be rare for the answer to stand (only the first three are ever answered).
/// Words in two lists count for neither.
const COMMON_WORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "the", "and", "of", "to", "that", "was", "for", "with", "said", "have", "has", "are",
            "this", "from", "which", "would", "were", "been", "they", "their", "will", "it", "on",
            "by", "at", "he", "his", "her", "be", "as", "but", "not", "who", "an",
        ],
    ),
    (
        "es",
        &[
            "el", "los", "las", "y", "del", "con", "una", "su", "sus", "al", "lo", "pero", "muy",
            "fue", "también", "cuando", "donde", "porque", "está", "están", "hay", "había", "ser",
            "sido", "según", "así", "él", "ella", "ellos", "nos", "les",
        ],
    ),
    (
        "id",
        &[
            "yang", "dan", "di", "itu", "dengan", "untuk", "dari", "ini", "dalam", "tidak", "akan",
            "pada", "juga", "ke", "adalah", "oleh", "karena", "sebagai", "bahwa", "atau", "telah",
            "kami", "mereka", "ada", "bisa", "saya", "kita", "sudah", "tersebut",
        ],
    ),
    (
        "pt",
        &[
            "o", "os", "do", "da", "dos", "das", "em", "no", "na", "um", "uma", "com", "não", "ao",
            "à", "é", "foi", "são", "mais", "seu", "sua", "pelo", "pela", "também", "já", "muito",
        ],
    ),
    (
        "ca",
        &[
            "i", "els", "les", "amb", "per", "és", "dels", "aquest", "aquesta", "però", "més",
            "seu", "seva", "va", "van", "hi", "quan", "també", "molt", "pel",
        ],
    ),
    (
        "it",
        &[
            "il", "di", "che", "e", "non", "sono", "della", "delle", "dei", "alla", "nel", "gli",
            "è", "anche", "più", "come", "questo", "questa", "stato", "loro", "degli",
        ],
    ),
    (
        "fr",
        &[
            "le", "les", "des", "et", "est", "du", "une", "pour", "dans", "pas", "qui", "sur",
            "au", "avec", "ce", "il", "sont", "plus", "par", "ne",
        ],
    ),
    (
        "nl",
        &[
            "het", "een", "van", "en", "op", "te", "zijn", "met", "voor", "niet", "dat", "die",
            "ook", "aan", "wordt", "worden", "naar", "bij",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "und", "das", "ist", "nicht", "mit", "sich", "des", "auf", "für", "dem",
            "ein", "eine", "auch", "wird", "von", "zu", "den",
        ],
    ),
    (
        "jv",
        &[
            "lan", "ing", "sing", "iku", "karo", "ora", "ana", "kanggo", "saka", "uga", "wis",
        ],
    ),
    (
        "tl",
        &[
            "ang", "ng", "sa", "na", "mga", "at", "ay", "si", "ni", "ito", "hindi",
        ],
    ),
];
/// How many of [`COMMON_WORDS`]' languages may be answered by the shortcut.
const ANSWERED: usize = 3;
/// Fewest words in the sample for the shortcut.
const MIN_WORDS: usize = 8;
/// Fewest common words of the answer's language.
const MIN_COMMON: usize = 3;
/// Share of the words that the answer's common words must make up.
const MIN_SHARE: f64 = 0.08;
/// How many times the next language's share the answer's share must be.
const MIN_LEAD: f64 = 3.0;

/// The language whose commonest words clearly dominate the text, if one does.
fn by_common_words(sample: &str) -> Option<&'static str> {
    // Words of one language only: a word that two lists share tells nothing.
    static WORDS: OnceLock<FxHashMap<&'static str, Option<usize>>> = OnceLock::new();
    let words = WORDS.get_or_init(|| {
        let mut words: FxHashMap<&'static str, Option<usize>> = FxHashMap::default();
        for (i, (_, list)) in COMMON_WORDS.iter().enumerate() {
            for word in *list {
                words
                    .entry(word)
                    .and_modify(|owner| *owner = None)
                    .or_insert(Some(i));
            }
        }
        words
    });
    let mut counts = [0usize; COMMON_WORDS.len()];
    let mut total = 0usize;
    let mut lowered = String::new();
    for word in sample.split(|c: char| !c.is_alphabetic()) {
        if word.is_empty() {
            continue;
        }
        if word.chars().any(|c| c.len_utf8() > 2) {
            // A script other than Latin: whatlang knows best.
            return None;
        }
        total += 1;
        if word.len() > 12 {
            // Longer than any common word.
            continue;
        }
        lowered.clear();
        if word.is_ascii() {
            lowered.push_str(word);
            lowered.make_ascii_lowercase();
        } else {
            lowered.extend(word.chars().flat_map(char::to_lowercase));
        }
        if let Some(Some(lang)) = words.get(lowered.as_str()) {
            counts[*lang] += 1;
        }
    }
    if total < MIN_WORDS {
        return None;
    }
    let (best, &best_count) = counts.iter().enumerate().max_by_key(|&(_, c)| *c)?;
    let runner_up = counts
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != best)
        .map(|(_, &c)| c)
        .max()
        .unwrap_or(0);
    let clear = best < ANSWERED
        && best_count >= MIN_COMMON
        && best_count as f64 >= MIN_SHARE * total as f64
        && best_count as f64 >= MIN_LEAD * runner_up as f64;
    clear.then_some(COMMON_WORDS[best].0)
}

/// A language code as stored: the ISO 639-1 code for an ISO 639-3 one that has it
/// (`spa` → `es`, `afr` → `af`), else the code as given.
pub fn iso_639_1(code: &str) -> String {
    whatlang::Lang::from_code(code).map_or_else(
        || code.to_string(),
        |lang| two_letter(lang.code()).to_string(),
    )
}

/// ISO 639-3 → ISO 639-1 for every language whatlang knows.
fn two_letter(code: &'static str) -> &'static str {
    match code {
        "afr" => "af",
        "aka" => "ak",
        "amh" => "am",
        "ara" => "ar",
        "aze" => "az",
        "bel" => "be",
        "ben" => "bn",
        "bul" => "bg",
        "cat" => "ca",
        "ces" => "cs",
        "cmn" => "zh",
        "cym" => "cy",
        "dan" => "da",
        "deu" => "de",
        "ell" => "el",
        "eng" => "en",
        "epo" => "eo",
        "est" => "et",
        "fin" => "fi",
        "fra" => "fr",
        "guj" => "gu",
        "heb" => "he",
        "hin" => "hi",
        "hrv" => "hr",
        "hun" => "hu",
        "hye" => "hy",
        "ind" => "id",
        "ita" => "it",
        "jav" => "jv",
        "jpn" => "ja",
        "kan" => "kn",
        "kat" => "ka",
        "khm" => "km",
        "kor" => "ko",
        "lat" => "la",
        "lav" => "lv",
        "lit" => "lt",
        "mal" => "ml",
        "mar" => "mr",
        "mkd" => "mk",
        "mya" => "my",
        "nep" => "ne",
        "nld" => "nl",
        "nob" => "nb",
        "ori" => "or",
        "pan" => "pa",
        "pes" => "fa",
        "pol" => "pl",
        "por" => "pt",
        "ron" => "ro",
        "rus" => "ru",
        "sin" => "si",
        "slk" => "sk",
        "slv" => "sl",
        "sna" => "sn",
        "spa" => "es",
        "srp" => "sr",
        "swe" => "sv",
        "tam" => "ta",
        "tel" => "te",
        "tgl" => "tl",
        "tha" => "th",
        "tuk" => "tk",
        "tur" => "tr",
        "ukr" => "uk",
        "urd" => "ur",
        "uzb" => "uz",
        "vie" => "vi",
        "yid" => "yi",
        "zul" => "zu",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_the_corpus_languages() {
        assert_eq!(
            detect_language(
                "The harbour board met again on Tuesday to discuss the plan for new cranes."
            ),
            "en"
        );
        assert_eq!(
            detect_language(
                "La negociación del presupuesto regional entró en su fase final esta semana."
            ),
            "es"
        );
        assert_eq!(
            detect_language(
                "Partai Golkar akan menggelar rapat pimpinan nasional di Jakarta pada bulan depan."
            ),
            "id"
        );
        assert_eq!(
            detect_language("東京都でウェブデザインの勉強会を開催しました。"),
            "ja"
        );
        assert_eq!(detect_language("—"), "und");
    }

    #[test]
    fn every_language_whatlang_knows_has_its_iso_639_1_code() {
        for lang in whatlang::Lang::all() {
            let code = two_letter(lang.code());
            assert_eq!(code.len(), 2, "{lang:?}: {code}");
        }
        assert_eq!(two_letter("afr"), "af");
        assert_eq!(two_letter("lat"), "la");
        assert_eq!(iso_639_1("afr"), "af");
        assert_eq!(iso_639_1("es"), "es");
        assert_eq!(iso_639_1("und"), "und");
    }

    #[test]
    fn short_text_and_unclear_text_are_unsure() {
        let long = "La negociación del presupuesto regional entró en su fase final esta semana, \
                    con los grupos de la oposición pidiendo más fondos para la sanidad y la \
                    educación pública, mientras el gobierno insiste en reducir el déficit.";
        assert_eq!(
            detect_language_of("Presupuesto", long),
            Detected {
                code: "es".to_string(),
                sure: true
            }
        );
        assert!(!detect_language_of("Wind tunnel corrections", "").sure);
        // A table of figures, which whatlang alone takes for French.
        let table = "Shr profit 47 cts vs profit 1.78 dlrs Net profit 16 mln vs profit 53 mln \
                     Avg shrs 27.7 mln vs 27.4 mln Nine mths Shr loss 22.51 dlrs vs profit \
                     5.78 dlrs Net loss 610 mln vs profit 120 mln Revs 1.2 billion vs 1.1 \
                     billion Assets 10.2 billion vs 11.3 billion Deposits 7.1 billion vs 7.6 \
                     billion Loans 6.5 billion vs 7.5 billion";
        assert_eq!(whatlang_language(table), "fr");
        assert!(!detect_language_of("MELLON BANK CORP 3RD QTR NET", table).sure);
        assert!(!detect_language_of("", "—").sure);
        assert_eq!(detect_language_of("", "—").code, "und");
    }

    #[test]
    fn common_words_answer_only_when_one_language_clearly_leads() {
        let english = "The minister said on Tuesday that the talks with the unions would go on \
                       for another week, and that he was hopeful of an agreement by the end of it.";
        assert_eq!(by_common_words(english), Some("en"));
        let spanish = "El ministro dijo el martes que las conversaciones con los sindicatos \
                       seguirán otra semana y que espera un acuerdo antes del final del mes.";
        assert_eq!(by_common_words(spanish), Some("es"));
        let indonesian = "Menteri mengatakan pada hari Selasa bahwa pembicaraan dengan serikat \
                          pekerja akan berlanjut selama satu minggu lagi dan dia berharap ada \
                          kesepakatan yang dicapai.";
        assert_eq!(by_common_words(indonesian), Some("id"));
        // Portuguese is left to whatlang, which knows it.
        let portuguese = "O ministro disse na terça-feira que as conversas com os sindicatos vão \
                          continuar por mais uma semana e que espera um acordo até ao fim do mês.";
        assert_eq!(by_common_words(portuguese), None);
        assert_eq!(detect_language(portuguese), "pt");
        // Too few words, or another script: whatlang.
        assert_eq!(by_common_words("the talks go on"), None);
        assert_eq!(by_common_words(&format!("{english} 東京都")), None);
    }
}
