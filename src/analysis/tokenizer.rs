//! The word splitter of every text field: words of letters and digits, as tantivy's
//! simple tokenizer cuts them, and overlapping character pairs (bigrams) for Chinese,
//! Japanese and Korean, which write no spaces, so that a word in the middle of a
//! Japanese sentence can be found.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Splits text into words, and CJK runs into bigrams.
#[derive(Debug, Clone, Default)]
pub struct WordsAndBigrams;

impl Tokenizer for WordsAndBigrams {
    type TokenStream<'a> = WordsAndBigramsStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordsAndBigramsStream<'a> {
        WordsAndBigramsStream {
            text,
            next: 0,
            run: None,
            token: Token::default(),
            position: 0,
        }
    }
}

/// Tokens cut one at a time, the token's text buffer reused.
pub struct WordsAndBigramsStream<'a> {
    text: &'a str,
    /// Byte offset of the first character not read yet.
    next: usize,
    /// Inside a CJK run: where its last character read starts, and whether a pair has
    /// been given out (a lone character is a token of its own).
    run: Option<(usize, bool)>,
    token: Token,
    position: usize,
}

impl WordsAndBigramsStream<'_> {
    fn emit(&mut self, from: usize, to: usize) -> bool {
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = self.position;
        self.token.position_length = 1;
        self.token.text.clear();
        self.token.text.push_str(&self.text[from..to]);
        self.position += 1;
        true
    }
}

impl TokenStream for WordsAndBigramsStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let next_char = self.text[self.next..].chars().next();
            if let Some((last, paired)) = self.run {
                match next_char {
                    Some(ch) if is_cjk(ch) => {
                        let end = self.next + ch.len_utf8();
                        self.run = Some((self.next, true));
                        self.next = end;
                        return self.emit(last, end);
                    }
                    _ => {
                        self.run = None;
                        if !paired {
                            return self.emit(last, self.next);
                        }
                    }
                }
            }
            let Some(ch) = next_char else {
                return false;
            };
            let start = self.next;
            self.next += ch.len_utf8();
            if is_cjk(ch) {
                self.run = Some((start, false));
            } else if ch.is_alphanumeric() {
                let rest = &self.text[self.next..];
                let word_len = rest
                    .char_indices()
                    .find(|&(_, c)| !c.is_alphanumeric() || is_cjk(c))
                    .map_or(rest.len(), |(i, _)| i);
                self.next += word_len;
                return self.emit(start, self.next);
            }
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Han, kana, Hangul and the marks between them: written without spaces.
pub fn is_cjk(ch: char) -> bool {
    matches!(ch,
        '\u{3005}'..='\u{3007}'   // 々 〆 〇: iteration mark, closing mark, zero
        | '\u{303B}'             // 〻: vertical iteration mark
        | '\u{3040}'..='\u{30FF}' // hiragana, katakana
        | '\u{31F0}'..='\u{31FF}' // katakana extensions
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // compatibility ideographs
        | '\u{AC00}'..='\u{D7AF}' // Hangul syllables
        | '\u{FF66}'..='\u{FF9F}' // half-width katakana
        | '\u{20000}'..='\u{2FA1F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        let mut tokenizer = WordsAndBigrams;
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn words_and_bigrams() {
        assert_eq!(
            texts("Trump’s U.S. deal, 2025!"),
            vec!["Trump", "s", "U", "S", "deal", "2025"]
        );
        assert_eq!(texts("日々の"), vec!["日々", "々の"]);
        assert_eq!(
            texts("東京都でデザイン"),
            vec!["東京", "京都", "都で", "でデ", "デザ", "ザイ", "イン"]
        );
        assert_eq!(texts("Web制作 a 字"), vec!["Web", "制作", "a", "字"]);
        assert_eq!(texts("字"), vec!["字"]);
        assert_eq!(texts("字x字字"), vec!["字", "x", "字字"]);
        assert_eq!(texts(""), Vec::<String>::new());
    }
}
