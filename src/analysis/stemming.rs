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
}

impl CachedStemmer {
    /// English stemming.
    pub fn english() -> CachedStemmer {
        CachedStemmer {
            algorithm: Algorithm::English,
            slot: 0,
        }
    }

    /// Spanish stemming.
    pub fn spanish() -> CachedStemmer {
        CachedStemmer {
            algorithm: Algorithm::Spanish,
            slot: 1,
        }
    }
}

thread_local! {
    static STEMS: RefCell<[FxHashMap<String, String>; 2]> = RefCell::default();
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
        }
    }
}

/// The tokens of the inner stream, stemmed.
pub struct CachedStemmerStream<T> {
    tail: T,
    stemmer: frostem::Stemmer,
    slot: usize,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        // Snowball leaves ASCII words of one or two characters as they are (tested
        // below for every such word; the analyzers fold accents before stemming).
        if token.text.len() <= 2 && token.text.is_ascii() {
            return true;
        }
        STEMS.with(|stems| {
            let mut stems = stems.borrow_mut();
            let memory = &mut stems[self.slot];
            if let Some(stem) = memory.get(&token.text) {
                token.text.clear();
                token.text.push_str(stem);
                return;
            }
            let stem = self.stemmer.stem(&token.text).into_owned();
            if memory.len() >= MAX_REMEMBERED {
                memory.clear();
            }
            memory.insert(std::mem::replace(&mut token.text, stem.clone()), stem);
        });
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
    fn snowball_leaves_every_ascii_word_of_two_characters_alone() {
        let letters: Vec<char> = "abcdefghijklmnopqrstuvwxyz0123456789".chars().collect();
        for algorithm in [Algorithm::English, Algorithm::Spanish] {
            let stemmer = frostem::Stemmer::new(algorithm);
            for &a in &letters {
                assert_eq!(stemmer.stem(&a.to_string()), a.to_string());
                for &b in &letters {
                    let word: String = [a, b].iter().collect();
                    assert_eq!(stemmer.stem(&word), word, "{word}");
                }
            }
        }
    }

    #[test]
    fn stems_as_tantivys_stemmer_does_twice_over() {
        let text = "Negotiators negotiated the negotiations; las bibliotecas y los negociadores \
                    negotiated again";
        for (cached, plain) in [
            (CachedStemmer::english(), Language::English),
            (CachedStemmer::spanish(), Language::Spanish),
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
            .filter(CachedStemmer::english())
            .build();
        assert_eq!(tokens(&mut english, "negotiations"), vec!["negoti"]);
    }
}
