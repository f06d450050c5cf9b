//! Stemming with a memory: news repeats its words, so each thread keeps the stems it
//! has computed and most words are looked up instead of stemmed again. The stems are
//! the Snowball stemmer's (the `frostem` crate tantivy's own `Stemmer` uses), so the
//! index does not change.

use frostem::Algorithm;
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Words remembered per thread and language before the memory is emptied.
const MAX_REMEMBERED: usize = 100_000;

/// A token filter that replaces each word by its stem.
#[derive(Clone, Copy, Debug)]
pub struct CachedStemmer {
    algorithm: Algorithm,
    /// Index of the language's memory.
    slot: usize,
    /// Whether a word with accents also gives the stem of the word without them, at
    /// the same position, so that a query typed without accents finds it.
    also_unaccented: bool,
}

impl CachedStemmer {
    /// Stemming with `algorithm`, remembering stems in the memory numbered `slot`
    /// (one per language).
    pub fn new(algorithm: Algorithm, slot: usize) -> CachedStemmer {
        CachedStemmer {
            algorithm,
            slot,
            also_unaccented: false,
        }
    }

    /// For indexing text whose words are stemmed as written (accents and all): a word
    /// with accents is given two terms at its position, its stem and the stem of the
    /// word without accents (`privatizações` → `privatiz`, `privatizaco`), so that
    /// both `privatização` and `privatizacoes` find it.
    pub fn also_unaccented(self) -> CachedStemmer {
        CachedStemmer {
            also_unaccented: true,
            ..self
        }
    }
}

/// Whether a Snowball stemmer leaves every ASCII word of one or two characters as it
/// is, so that such words need not be stemmed (most do; these change some: Dutch `ft`,
/// French `bs`, Finnish `bb`…).
fn keeps_short_words(algorithm: Algorithm) -> bool {
    !matches!(
        algorithm,
        Algorithm::Dutch
            | Algorithm::Esperanto
            | Algorithm::Finnish
            | Algorithm::French
            | Algorithm::German
            | Algorithm::Irish
            | Algorithm::Lithuanian
            | Algorithm::Lovins
            | Algorithm::Porter
            | Algorithm::Serbian
    )
}

thread_local! {
    static STEMS: RefCell<Vec<FxHashMap<String, String>>> = RefCell::default();
}

/// The stem of `word`, from the memory numbered `slot` where it is there.
fn stem_remembered(stemmer: &frostem::Stemmer, slot: usize, word: &str) -> String {
    STEMS.with(|stems| {
        let mut stems = stems.borrow_mut();
        if stems.len() <= slot {
            stems.resize_with(slot + 1, FxHashMap::default);
        }
        let memory = &mut stems[slot];
        if let Some(stem) = memory.get(word) {
            return stem.clone();
        }
        let stem = stemmer.stem(word).into_owned();
        if memory.len() >= MAX_REMEMBERED {
            memory.clear();
        }
        memory.insert(word.to_string(), stem.clone());
        stem
    })
}

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            stemmer: self,
            inner: tokenizer,
        }
    }
}

/// [`CachedStemmer`] applied to a tokenizer.
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    stemmer: CachedStemmer,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: frostem::Stemmer::new(self.stemmer.algorithm),
            slot: self.stemmer.slot,
            short_words_kept: keeps_short_words(self.stemmer.algorithm),
            also_unaccented: self.stemmer.also_unaccented,
            pending: None,
        }
    }
}

/// The tokens of the inner stream, stemmed.
pub struct CachedStemmerStream<T> {
    tail: T,
    stemmer: frostem::Stemmer,
    slot: usize,
    /// Whether the stemmer leaves every ASCII word of two characters as it is.
    short_words_kept: bool,
    /// See [`CachedStemmer::also_unaccented`].
    also_unaccented: bool,
    /// The unaccented word's stem, given out next at the same position.
    pending: Option<String>,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if let Some(other) = self.pending.take() {
            // Same token, same position: only the text changes.
            self.tail.token_mut().text = other;
            return true;
        }
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        // Most Snowball stemmers leave ASCII words of one or two characters as they
        // are (tested below for every such word and every stemmer).
        if self.short_words_kept && token.text.len() <= 2 && token.text.is_ascii() {
            return true;
        }
        let word = std::mem::take(&mut token.text);
        let stem = stem_remembered(&self.stemmer, self.slot, &word);
        if self.also_unaccented && !word.is_ascii() {
            let unaccented = crate::text::fold(&word);
            if unaccented != word {
                let other = stem_remembered(&self.stemmer, self.slot, &unaccented);
                if other != crate::text::fold(&stem) {
                    self.pending = Some(other);
                }
            }
        }
        self.tail.token_mut().text = stem;
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer};

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        stream.process(&mut |token| out.push(token.text.clone()));
        out
    }

    #[test]
    fn the_stemmers_said_to_keep_ascii_words_of_two_characters_do() {
        let letters: Vec<char> = "abcdefghijklmnopqrstuvwxyz0123456789".chars().collect();
        for &algorithm in Algorithm::all() {
            let stemmer = frostem::Stemmer::new(algorithm);
            let kept = letters.iter().all(|&a| {
                stemmer.stem(&a.to_string()) == a.to_string()
                    && letters.iter().all(|&b| {
                        let word: String = [a, b].iter().collect();
                        stemmer.stem(&word) == word
                    })
            });
            assert_eq!(
                keeps_short_words(algorithm),
                kept,
                "{algorithm:?}: the list of stemmers that keep short words is wrong"
            );
        }
    }

    #[test]
    fn stems_as_tantivys_stemmer_does_twice_over() {
        let text = "Negotiators negotiated the negotiations; las bibliotecas y los negociadores \
                    negotiated again";
        for (cached, plain) in [
            (CachedStemmer::new(Algorithm::English, 0), Language::English),
            (CachedStemmer::new(Algorithm::Spanish, 1), Language::Spanish),
        ] {
            let mut ours = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(cached)
                .build();
            let mut theirs = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(Stemmer::new(plain))
                .build();
            let expected = tokens(&mut theirs, text);
            assert_eq!(tokens(&mut ours, text), expected);
            // The second time the stems come from memory.
            assert_eq!(tokens(&mut ours, text), expected);
        }
        let mut english = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(CachedStemmer::new(Algorithm::English, 0))
            .build();
        assert_eq!(tokens(&mut english, "negotiations"), vec!["negoti"]);
    }
}
