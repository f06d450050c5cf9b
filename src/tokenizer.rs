//! The word splitter of every text field: words of letters and digits, as tantivy's
//! simple tokenizer cuts them, and overlapping character pairs (bigrams) for Chinese,
//! Japanese and Korean, which write no spaces, so that a word in the middle of a
//! Japanese sentence can be found.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Splits text into words, and CJK runs into bigrams.
#[derive(Debug, Clone, Default)]
pub struct WordsAndBigrams;

impl Tokenizer for WordsAndBigrams {
    type TokenStream<'a> = TokenList;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TokenList {
        TokenList {
            tokens: tokenize(text),
            next: 0,
            current: Token::default(),
        }
    }
}

/// Tokens computed up front, handed out one by one.
pub struct TokenList {
    tokens: Vec<Token>,
    next: usize,
    current: Token,
}

impl TokenStream for TokenList {
    fn advance(&mut self) -> bool {
        match self.tokens.get_mut(self.next) {
            Some(token) => {
                self.current = std::mem::take(token);
                self.next += 1;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
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

fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, ch)) = chars.peek() {
        if is_cjk(ch) {
            let mut run: Vec<(usize, char)> = Vec::new();
            while let Some(&(i, c)) = chars.peek() {
                if !is_cjk(c) {
                    break;
                }
                run.push((i, c));
                chars.next();
            }
            let end = chars.peek().map_or(text.len(), |&(i, _)| i);
            push_bigrams(text, &run, end, &mut tokens);
        } else if ch.is_alphanumeric() {
            let mut end = start;
            while let Some(&(i, c)) = chars.peek() {
                if !c.is_alphanumeric() || is_cjk(c) {
                    break;
                }
                end = i + c.len_utf8();
                chars.next();
            }
            push(&mut tokens, text, start, end);
        } else {
            chars.next();
        }
    }
    tokens
}

/// A run of CJK characters: each pair of neighbours is a token; a lone character is one.
fn push_bigrams(text: &str, run: &[(usize, char)], run_end: usize, tokens: &mut Vec<Token>) {
    if run.len() == 1 {
        push(tokens, text, run[0].0, run_end);
        return;
    }
    for pair in run.windows(2) {
        let end = pair[1].0 + pair[1].1.len_utf8();
        push(tokens, text, pair[0].0, end);
    }
}

fn push(tokens: &mut Vec<Token>, text: &str, from: usize, to: usize) {
    tokens.push(Token {
        offset_from: from,
        offset_to: to,
        position: tokens.len(),
        text: text[from..to].to_string(),
        position_length: 1,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        let mut stream = WordsAndBigrams.token_stream(text);
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
    }
}
