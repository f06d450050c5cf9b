//! Text analysis: how prose is cut into words ([`tokenizer`]), stemmed with a memory
//! ([`stemming`]), which language a post is in ([`lang`]), and the analyzers built from
//! them and registered on every index.

pub mod lang;
pub mod stemming;
pub mod tokenizer;

use stemming::CachedStemmer;
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, RemoveLongFilter, TextAnalyzer};
use tantivy::Index;
use tokenizer::WordsAndBigrams;

/// Analyzer of prose fields: lower-cased, accents folded, English-stemmed.
pub const NEWS_TOKENIZER: &str = "news";
/// Analyzer of Spanish prose: lower-cased, accents folded, Spanish-stemmed.
pub const NEWS_ES_TOKENIZER: &str = "news_es";
/// Analyzer of names, and of prose in languages without a stemmer here (Indonesian,
/// Japanese…): lower-cased and accents folded, not stemmed.
pub const NAME_TOKENIZER: &str = "name";

/// Which analyzer a post's title and body get, by its language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Analysis {
    /// English stemming (also for posts whose language is unknown).
    English,
    /// Spanish stemming.
    Spanish,
    /// No stemming: Indonesian, Japanese and every other language.
    Plain,
}

impl Analysis {
    /// The analysis for a language code.
    pub fn for_lang(lang: &str) -> Analysis {
        match lang {
            "en" | "und" | "" => Analysis::English,
            "es" => Analysis::Spanish,
            _ => Analysis::Plain,
        }
    }
}

/// Registers newsgrep's analyzers on an index (needed after every open).
pub fn register_tokenizers(index: &Index) {
    index
        .tokenizers()
        .register(NEWS_TOKENIZER, folded_words(Some(CachedStemmer::english())));
    index.tokenizers().register(
        NEWS_ES_TOKENIZER,
        folded_words(Some(CachedStemmer::spanish())),
    );
    index
        .tokenizers()
        .register(NAME_TOKENIZER, folded_words(None));
}

/// Words and CJK pairs, over-long ones dropped, lower-cased and accents folded, then
/// stemmed when a stemmer is given.
fn folded_words(stemmer: Option<CachedStemmer>) -> TextAnalyzer {
    let folded = TextAnalyzer::builder(WordsAndBigrams)
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter);
    match stemmer {
        Some(stemmer) => folded.filter(stemmer).build(),
        None => folded.build(),
    }
}
