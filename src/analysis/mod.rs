//! Text analysis: how prose is cut into words ([`tokenizer`]), stemmed with a memory
//! ([`stemming`]), which language a post is in ([`lang`]), and the analyzers built from
//! them and registered on every index: one per language a stemmer exists for, and one
//! that does not stem, for every other language.

pub mod lang;
pub mod stemming;
pub mod tokenizer;

use frostem::Algorithm;
use stemming::CachedStemmer;
use tantivy::schema::{Field, FieldType};
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, RemoveLongFilter, TextAnalyzer};
use tantivy::Index;
use tokenizer::WordsAndBigrams;

/// Analyzer of English prose (and of quotations, categories and tags): lower-cased,
/// accents folded, English-stemmed.
pub const NEWS_TOKENIZER: &str = "news";
/// Analyzer of names, and of prose in languages without a stemmer here (Japanese,
/// Chinese, Korean, Vietnamese, Thai…): lower-cased and accents folded, not stemmed.
pub const NAME_TOKENIZER: &str = "name";

/// How prose in some languages is analysed: their stemmer, if any, and the fields and
/// analyzer named for it.
struct Prose {
    /// Language codes (ISO 639-1) analysed this way.
    codes: &'static [&'static str],
    /// The analyzer's name.
    tokenizer: &'static str,
    /// Appended to `title` and `body` to name the fields.
    suffix: &'static str,
    /// The Snowball stemmer (none: words are only lower-cased and folded).
    stemmer: Option<Algorithm>,
}

/// Every analysis, in the order of the fields. English and Spanish, the first two,
/// fold accents before stemming, as they always have (their rankings stay as they
/// were); every other language stems the word as written, then folds, since its
/// stemmer knows the accented endings (`privatizações` → `privatiz`).
const PROSE: &[Prose] = &[
    Prose {
        codes: &["en", "und", ""],
        tokenizer: NEWS_TOKENIZER,
        suffix: "",
        stemmer: Some(Algorithm::English),
    },
    Prose {
        codes: &["es"],
        tokenizer: "news_es",
        suffix: "_es",
        stemmer: Some(Algorithm::Spanish),
    },
    Prose {
        codes: &[],
        tokenizer: NAME_TOKENIZER,
        suffix: "_plain",
        stemmer: None,
    },
    Prose {
        codes: &["pt"],
        tokenizer: "news_pt",
        suffix: "_pt",
        stemmer: Some(Algorithm::Portuguese),
    },
    Prose {
        codes: &["fr"],
        tokenizer: "news_fr",
        suffix: "_fr",
        stemmer: Some(Algorithm::French),
    },
    Prose {
        codes: &["de"],
        tokenizer: "news_de",
        suffix: "_de",
        stemmer: Some(Algorithm::German),
    },
    Prose {
        codes: &["it"],
        tokenizer: "news_it",
        suffix: "_it",
        stemmer: Some(Algorithm::Italian),
    },
    Prose {
        codes: &["id", "ms"],
        tokenizer: "news_id",
        suffix: "_id",
        stemmer: Some(Algorithm::Indonesian),
    },
    Prose {
        codes: &["nl"],
        tokenizer: "news_nl",
        suffix: "_nl",
        stemmer: Some(Algorithm::Dutch),
    },
    Prose {
        codes: &["ca"],
        tokenizer: "news_ca",
        suffix: "_ca",
        stemmer: Some(Algorithm::Catalan),
    },
    Prose {
        codes: &["tr"],
        tokenizer: "news_tr",
        suffix: "_tr",
        stemmer: Some(Algorithm::Turkish),
    },
    Prose {
        codes: &["ar"],
        tokenizer: "news_ar",
        suffix: "_ar",
        stemmer: Some(Algorithm::Arabic),
    },
    Prose {
        codes: &["ru"],
        tokenizer: "news_ru",
        suffix: "_ru",
        stemmer: Some(Algorithm::Russian),
    },
    Prose {
        codes: &["sv"],
        tokenizer: "news_sv",
        suffix: "_sv",
        stemmer: Some(Algorithm::Swedish),
    },
    Prose {
        codes: &["da"],
        tokenizer: "news_da",
        suffix: "_da",
        stemmer: Some(Algorithm::Danish),
    },
    Prose {
        codes: &["nb", "nn", "no"],
        tokenizer: "news_no",
        suffix: "_no",
        stemmer: Some(Algorithm::Norwegian),
    },
    Prose {
        codes: &["fi"],
        tokenizer: "news_fi",
        suffix: "_fi",
        stemmer: Some(Algorithm::Finnish),
    },
    Prose {
        codes: &["hu"],
        tokenizer: "news_hu",
        suffix: "_hu",
        stemmer: Some(Algorithm::Hungarian),
    },
    Prose {
        codes: &["ro"],
        tokenizer: "news_ro",
        suffix: "_ro",
        stemmer: Some(Algorithm::Romanian),
    },
    Prose {
        codes: &["el"],
        tokenizer: "news_el",
        suffix: "_el",
        stemmer: Some(Algorithm::Greek),
    },
    Prose {
        codes: &["pl"],
        tokenizer: "news_pl",
        suffix: "_pl",
        stemmer: Some(Algorithm::Polish),
    },
    Prose {
        codes: &["cs"],
        tokenizer: "news_cs",
        suffix: "_cs",
        stemmer: Some(Algorithm::Czech),
    },
    Prose {
        codes: &["lt"],
        tokenizer: "news_lt",
        suffix: "_lt",
        stemmer: Some(Algorithm::Lithuanian),
    },
    Prose {
        codes: &["et"],
        tokenizer: "news_et",
        suffix: "_et",
        stemmer: Some(Algorithm::Estonian),
    },
    Prose {
        codes: &["sr"],
        tokenizer: "news_sr",
        suffix: "_sr",
        stemmer: Some(Algorithm::Serbian),
    },
    Prose {
        codes: &["hy"],
        tokenizer: "news_hy",
        suffix: "_hy",
        stemmer: Some(Algorithm::Armenian),
    },
    Prose {
        codes: &["fa"],
        tokenizer: "news_fa",
        suffix: "_fa",
        stemmer: Some(Algorithm::Persian),
    },
    Prose {
        codes: &["hi"],
        tokenizer: "news_hi",
        suffix: "_hi",
        stemmer: Some(Algorithm::Hindi),
    },
    Prose {
        codes: &["ne"],
        tokenizer: "news_ne",
        suffix: "_ne",
        stemmer: Some(Algorithm::Nepali),
    },
    Prose {
        codes: &["ta"],
        tokenizer: "news_ta",
        suffix: "_ta",
        stemmer: Some(Algorithm::Tamil),
    },
    Prose {
        codes: &["yi"],
        tokenizer: "news_yi",
        suffix: "_yi",
        stemmer: Some(Algorithm::Yiddish),
    },
    Prose {
        codes: &["eu"],
        tokenizer: "news_eu",
        suffix: "_eu",
        stemmer: Some(Algorithm::Basque),
    },
    Prose {
        codes: &["ga"],
        tokenizer: "news_ga",
        suffix: "_ga",
        stemmer: Some(Algorithm::Irish),
    },
    Prose {
        codes: &["eo"],
        tokenizer: "news_eo",
        suffix: "_eo",
        stemmer: Some(Algorithm::Esperanto),
    },
];

/// Which analysis a post's title and body get, by its language: an index into the
/// analyses, which are also the order of the title and body fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Analysis(usize);

impl Analysis {
    /// English stemming (also for posts whose language is unknown).
    pub const ENGLISH: Analysis = Analysis(0);
    /// No stemming: Japanese and every language without a stemmer here.
    pub const PLAIN: Analysis = Analysis(2);

    /// The analysis for a language code.
    pub fn for_lang(lang: &str) -> Analysis {
        PROSE
            .iter()
            .position(|p| p.codes.contains(&lang))
            .map_or(Analysis::PLAIN, Analysis)
    }

    /// Every analysis, in the order of the fields.
    pub fn all() -> impl Iterator<Item = Analysis> {
        (0..PROSE.len()).map(Analysis)
    }

    /// Its place among the analyses (and the title and body fields).
    pub fn index(self) -> usize {
        self.0
    }

    /// The name of the analyzer.
    pub fn tokenizer(self) -> &'static str {
        PROSE[self.0].tokenizer
    }

    /// The name of the title field analysed this way (`title`, `title_es`…).
    pub fn title_field(self) -> String {
        format!("title{}", PROSE[self.0].suffix)
    }

    /// The name of the body field analysed this way (`body`, `body_es`…).
    pub fn body_field(self) -> String {
        format!("body{}", PROSE[self.0].suffix)
    }
}

/// Registers newsgrep's analyzers on an index (needed after every open).
pub fn register_tokenizers(index: &Index) {
    for (slot, prose) in PROSE.iter().enumerate() {
        let stemmer = prose.stemmer.map(|a| CachedStemmer::new(a, slot));
        let fold_first = slot < STEMMED_AFTER_FOLDING;
        match stemmer {
            Some(stemmer) if !fold_first => {
                // Indexing gives accented words both stems; a query word, typed with
                // or without accents, needs one.
                index.tokenizers().register(
                    prose.tokenizer,
                    folded_words(Some(stemmer.also_unaccented()), false),
                );
                index.tokenizers().register(
                    &format!("{}{QUERY_SUFFIX}", prose.tokenizer),
                    folded_words(Some(stemmer), false),
                );
            }
            _ => index
                .tokenizers()
                .register(prose.tokenizer, folded_words(stemmer, fold_first)),
        }
    }
}

/// How many of the first analyses fold accents before stemming (English and Spanish).
const STEMMED_AFTER_FOLDING: usize = 2;

/// Appended to an analyzer's name for the one that analyses query words, where they
/// differ.
const QUERY_SUFFIX: &str = "_query";

/// The analyzer of query words searched in `field`: the field's own, or, where the
/// field's gives accented words two terms, the one that gives one.
pub fn query_analyzer(index: &Index, field: Field) -> tantivy::Result<TextAnalyzer> {
    let schema = index.schema();
    if let FieldType::Str(options) = schema.get_field_entry(field).field_type() {
        if let Some(indexing) = options.get_indexing_options() {
            let name = format!("{}{QUERY_SUFFIX}", indexing.tokenizer());
            if let Some(analyzer) = index.tokenizers().get(&name) {
                return Ok(analyzer);
            }
        }
    }
    index.tokenizer_for_field(field)
}

/// Words and CJK pairs, over-long ones dropped, lower-cased and accents folded, and
/// stemmed when a stemmer is given: after folding, or before it.
fn folded_words(stemmer: Option<CachedStemmer>, fold_first: bool) -> TextAnalyzer {
    let lowered = TextAnalyzer::builder(WordsAndBigrams)
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser);
    match (stemmer, fold_first) {
        (None, _) => lowered.filter(AsciiFoldingFilter).build(),
        (Some(stemmer), true) => lowered.filter(AsciiFoldingFilter).filter(stemmer).build(),
        (Some(stemmer), false) => lowered.filter(stemmer).filter(AsciiFoldingFilter).build(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(lang: &str, text: &str) -> Vec<String> {
        let index = Index::create_in_ram(crate::schema::Fields::build().0);
        register_tokenizers(&index);
        let field = index
            .schema()
            .get_field(&Analysis::for_lang(lang).body_field())
            .unwrap();
        let mut analyzer = query_analyzer(&index, field).unwrap();
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn inflected_forms_meet_in_every_stemmed_language() {
        let same = |lang: &str, words: &[&str]| {
            let first = terms(lang, words[0]);
            for word in &words[1..] {
                assert_eq!(terms(lang, word), first, "{lang}: {} and {word}", words[0]);
            }
        };
        same("pt", &["privatização", "privatizações"]);
        same("fr", &["élection", "élections", "election"]);
        same("tr", &["bilgisayar", "bilgisayarlar", "bilgisayarı"]);
        same("id", &["dukung", "mendukung", "didukung", "dukungan"]);
        same("de", &["Wahlen", "Wahl"]);
        same("it", &["elezioni", "elezione"]);
        same("ar", &["كتاب", "الكتاب", "وكتاب", "بالكتاب"]);
        same("ar", &["مدرسة", "مدرسه"]);
        same("ar", &["أحمد", "احمد"]);
    }

    #[test]
    fn every_language_gets_its_analysis_and_field_names() {
        assert_eq!(Analysis::for_lang("en"), Analysis::ENGLISH);
        assert_eq!(Analysis::for_lang("und"), Analysis::ENGLISH);
        assert_eq!(Analysis::for_lang("ja"), Analysis::PLAIN);
        assert_eq!(Analysis::for_lang("es").body_field(), "body_es");
        assert_eq!(Analysis::for_lang("pt").title_field(), "title_pt");
        assert_eq!(Analysis::for_lang("nb").tokenizer(), "news_no");
        assert_eq!(Analysis::PLAIN.body_field(), "body_plain");
        let mut names: Vec<&str> = PROSE.iter().map(|p| p.tokenizer).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), PROSE.len(), "one analyzer name each");
    }
}
