//! Which language a post is written in, from its text (whatlang's trigram models,
//! which ship inside the crate: nothing is downloaded).

/// Characters looked at: enough for a reliable guess, cheap on long posts.
const SAMPLE_CHARS: usize = 3000;

/// The ISO 639-1 code (`en`, `es`, `id`, `ja`, …) of the text's language, the ISO
/// 639-3 code for languages without one, or `und` when there is too little text.
pub fn detect_language(text: &str) -> String {
    let end = text
        .char_indices()
        .nth(SAMPLE_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let sample = &text[..end];
    if sample.chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return "und".to_string();
    }
    static DETECTOR: std::sync::OnceLock<whatlang::Detector> = std::sync::OnceLock::new();
    // Javanese and Esperanto are what whatlang most often mistakes Indonesian and
    // Spanish for, and news dumps in them are rare.
    let detector = DETECTOR.get_or_init(|| {
        whatlang::Detector::with_denylist(vec![whatlang::Lang::Jav, whatlang::Lang::Epo])
    });
    match detector.detect_lang(sample) {
        Some(lang) => two_letter(lang.code()).to_string(),
        None => "und".to_string(),
    }
}

/// ISO 639-3 → ISO 639-1 for the languages news is mostly written in.
fn two_letter(code: &'static str) -> &'static str {
    match code {
        "eng" => "en",
        "spa" => "es",
        "ind" => "id",
        "jpn" => "ja",
        "cmn" => "zh",
        "kor" => "ko",
        "fra" => "fr",
        "deu" => "de",
        "por" => "pt",
        "ita" => "it",
        "rus" => "ru",
        "ara" => "ar",
        "nld" => "nl",
        "tur" => "tr",
        "vie" => "vi",
        "tha" => "th",
        "hin" => "hi",
        "pol" => "pl",
        "ukr" => "uk",
        "pes" => "fa",
        "heb" => "he",
        "swe" => "sv",
        "cat" => "ca",
        "tgl" => "tl",
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
}
