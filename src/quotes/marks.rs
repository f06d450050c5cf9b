//! Quotation marks: where quoted spans open and close in one paragraph.

/// Opening marks and the marks that may close them.
const PAIRS: &[(char, &[char])] = &[
    ('“', &['”']),
    ('«', &['»']),
    ('„', &['“', '”']),
    ('‹', &['›']),
    ('「', &['」']),
    ('『', &['』']),
    ('"', &['"']),
];

/// Whether the text has any opening quotation mark at all.
pub fn has_opening_mark(text: &str) -> bool {
    text.contains(|c| PAIRS.iter().any(|(open, _)| *open == c))
}

/// A quoted span of a paragraph, by byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Offset of the opening mark.
    pub open: usize,
    /// Offset just after the opening mark: where the quoted text starts.
    pub text_start: usize,
    /// Offset where the quoted text ends (the closing mark, or the paragraph's end).
    pub text_end: usize,
    /// Offset just after the closing mark (the paragraph's end when unclosed).
    pub close_end: usize,
    /// Whether a closing mark was found.
    pub closed: bool,
}

/// The top-level quoted spans of a paragraph, in order. Marks nested inside a span
/// (‘…’, or «…» inside “…”) stay part of its text. A span left open runs to the end.
pub fn spans(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((open, ch)) = chars.next() {
        let Some((_, closers)) = PAIRS.iter().find(|(o, _)| *o == ch) else {
            continue;
        };
        // A straight quote right after a letter or digit is an inch mark or a typo.
        if ch == '"'
            && text[..open]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        let text_start = open + ch.len_utf8();
        let mut depth = 0usize;
        let mut end = None;
        for (i, next) in chars.by_ref() {
            if next == ch && ch != '"' && !closers.contains(&next) {
                depth += 1;
            } else if closers.contains(&next) {
                if depth == 0 {
                    end = Some((i, i + next.len_utf8()));
                    break;
                }
                depth -= 1;
            }
        }
        spans.push(match end {
            Some((text_end, close_end)) => Span {
                open,
                text_start,
                text_end,
                close_end,
                closed: true,
            },
            None => Span {
                open,
                text_start,
                text_end: text.len(),
                close_end: text.len(),
                closed: false,
            },
        });
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<(&str, bool)> {
        spans(text)
            .into_iter()
            .map(|s| (&text[s.text_start..s.text_end], s.closed))
            .collect()
    }

    #[test]
    fn every_style_of_mark() {
        assert_eq!(
            texts("“a ‘b’ c,” he said. «d “e” f» „g“ ‹h› 「i」 \"j\""),
            vec![
                ("a ‘b’ c,", true),
                ("d “e” f", true),
                ("g", true),
                ("h", true),
                ("i", true),
                ("j", true)
            ]
        );
    }

    #[test]
    fn unclosed_marks_run_to_the_end_and_inch_marks_are_not_quotes() {
        assert_eq!(texts("a 12\" screen"), vec![]);
        assert_eq!(
            texts("He said: “We will go on"),
            vec![("We will go on", false)]
        );
    }
}
