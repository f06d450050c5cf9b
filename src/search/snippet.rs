//! Snippets: the passage of a text that holds the most (and rarest) query words,
//! starting at a sentence where it can, on one line, with the matches highlighted.

use rustc_hash::FxHashMap;
use std::ops::Range;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

/// Query terms as an analyzer cuts them, each with what finding it is worth.
pub type TermWeights = FxHashMap<String, f32>;

/// A highlighted passage of a post.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snippet {
    /// The passage on one line.
    pub text: String,
    /// Byte ranges of `text` to highlight.
    pub highlights: Vec<Range<usize>>,
}

/// Marks a passage that starts or ends inside a sentence.
const ELLIPSIS: &str = "…";
/// How far before a match a passage may start when no sentence starts close enough.
const LEAD_IN_CHARS: usize = 60;
/// Most matches looked at: a passage is chosen among the first ones.
const MAX_MATCHES: usize = 256;

/// Where a short text (a title) holds one of `terms`, as `analyzer` cuts it: byte
/// ranges in order, overlapping ones (character pairs) joined.
pub fn matched_ranges(
    text: &str,
    analyzer: &mut TextAnalyzer,
    terms: &TermWeights,
) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    if terms.is_empty() {
        return ranges;
    }
    let mut stream = analyzer.token_stream(text);
    stream.process(&mut |token| {
        if !terms.contains_key(token.text.as_str()) {
            return;
        }
        let range = token.offset_from..token.offset_to;
        match ranges.last_mut() {
            Some(last) if last.end >= range.start => last.end = last.end.max(range.end),
            _ => ranges.push(range),
        }
    });
    ranges
}

/// The best passage of at most `max_chars` characters of `text`, or `None` when no
/// token of `text` (as `analyzer` cuts it) is one of `terms`. Each term's weight says
/// how much finding it is worth (rarer words weigh more).
pub fn best_passage(
    text: &str,
    analyzer: &mut TextAnalyzer,
    terms: &TermWeights,
    max_chars: usize,
) -> Option<Snippet> {
    let mut matches: Vec<(Range<usize>, f32, usize)> = Vec::new();
    let mut term_ids: FxHashMap<&str, usize> = FxHashMap::default();
    let mut stream = analyzer.token_stream(text);
    // A long post full of matches: the first ones are enough to choose from.
    while matches.len() < MAX_MATCHES && stream.advance() {
        let token = stream.token();
        if let Some((term, weight)) = terms.get_key_value(token.text.as_str()) {
            let next_id = term_ids.len();
            let id = *term_ids.entry(term.as_str()).or_insert(next_id);
            matches.push((token.offset_from..token.offset_to, *weight, id));
        }
    }
    let last_match_end = matches.last()?.0.end;
    let sentence_starts = sentence_starts(&text[..last_match_end]);
    // Candidate starts: the sentence each match is in (when close enough), and a
    // little before the match itself.
    let mut candidates: Vec<(usize, bool)> = Vec::with_capacity(matches.len() * 2);
    for (range, _, _) in &matches {
        let sentence = sentence_starts.partition_point(|&s| s <= range.start);
        if let Some(&start) = sentence.checked_sub(1).and_then(|i| sentence_starts.get(i)) {
            if text[start..range.start].chars().count() < max_chars {
                candidates.push((start, true));
            }
        }
        candidates.push((lead_in_start(text, range.start), false));
    }
    candidates.sort_unstable();
    candidates.dedup();
    let mut best: Option<(f32, usize, bool)> = None;
    let mut seen = vec![false; term_ids.len()];
    for &(start, at_sentence) in &candidates {
        let end = window_end(text, start, max_chars);
        seen.iter_mut().for_each(|s| *s = false);
        let mut score = if at_sentence { 0.01 } else { 0.0 };
        let first = matches.partition_point(|(r, _, _)| r.start < start);
        let mut first_match = None;
        for (range, weight, id) in matches[first..].iter().take_while(|(r, _, _)| r.end <= end) {
            first_match.get_or_insert(range.start);
            if !seen[*id] {
                seen[*id] = true;
                score += weight;
            }
            score += 0.05;
        }
        // Of passages holding the same matches, prefer the one that gets to them first.
        if let Some(first) = first_match {
            score -= 0.04 * (first - start) as f32 / (max_chars.max(1) * 4) as f32;
        }
        if best.is_none_or(|(best_score, _, _)| score > best_score) {
            best = Some((score, start, at_sentence));
        }
    }
    let (_, start, at_sentence) = best?;
    let end = window_end(text, start, max_chars);
    let highlights: Vec<Range<usize>> = matches
        .iter()
        .filter(|(r, _, _)| r.start >= start && r.end <= end)
        .map(|(r, _, _)| r.start - start..r.end - start)
        .collect();
    let highlights = join_neighbours(&text[start..end], highlights);
    let mut snippet = one_line(&text[start..end], &highlights);
    if !at_sentence {
        snippet = prefix(ELLIPSIS, snippet);
    }
    if end < text.trim_end().len() {
        snippet.text.push_str(ELLIPSIS);
    }
    Some(snippet)
}

/// Highlights separated only by spaces become one: a phrase ("storm warning") is
/// highlighted whole, not word by word.
fn join_neighbours(text: &str, highlights: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut joined: Vec<Range<usize>> = Vec::with_capacity(highlights.len());
    for range in highlights {
        match joined.last_mut() {
            // The same word matched twice (two terms at one position) or overlapping.
            Some(last) if range.start < last.end => last.end = last.end.max(range.end),
            Some(last) if text[last.end..range.start].trim().is_empty() => {
                last.end = range.end;
            }
            _ => joined.push(range),
        }
    }
    joined
}

/// The first `max_chars` characters of `text`, cut at a word, on one line.
pub fn opening(text: &str, max_chars: usize) -> Snippet {
    let end = window_end(text, 0, max_chars);
    let mut snippet = one_line(&text[..end], &[]);
    if end < text.trim_end().len() {
        snippet.text.push_str(ELLIPSIS);
    }
    snippet
}

fn prefix(mark: &str, snippet: Snippet) -> Snippet {
    let shift = mark.len();
    Snippet {
        text: format!("{mark}{}", snippet.text),
        highlights: snippet
            .highlights
            .into_iter()
            .map(|r| r.start + shift..r.end + shift)
            .collect(),
    }
}

/// Byte offsets where sentences start: the text's start, after a line break, and
/// after `.`, `!`, `?` or `…` (and any closing quote) followed by whitespace.
fn sentence_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let mut after_stop = false;
    let mut after_break = false;
    for (i, ch) in text.char_indices() {
        if ch.is_whitespace() {
            if ch == '\n' {
                after_break = true;
            }
            if after_stop {
                after_break = true;
            }
            continue;
        }
        if after_break {
            starts.push(i);
            after_break = false;
        }
        after_stop = matches!(ch, '.' | '!' | '?' | '…')
            || (after_stop && matches!(ch, '"' | '”' | '’' | '»' | ')'));
    }
    starts
}

/// Where a passage starting shortly before a match begins: at a word start at most
/// [`LEAD_IN_CHARS`] before it.
fn lead_in_start(text: &str, match_start: usize) -> usize {
    let earliest = text[..match_start]
        .char_indices()
        .rev()
        .nth(LEAD_IN_CHARS - 1)
        .map_or(0, |(i, _)| i);
    if earliest == 0 {
        return 0;
    }
    match text[earliest..match_start].find(char::is_whitespace) {
        Some(space) => {
            let after = earliest + space;
            after
                + text[after..]
                    .chars()
                    .take_while(|c| c.is_whitespace())
                    .map(char::len_utf8)
                    .sum::<usize>()
        }
        None => match_start,
    }
}

/// The end of a passage of at most `max_chars` characters from `start`, cut after a
/// whole word.
fn window_end(text: &str, start: usize, max_chars: usize) -> usize {
    let rest = &text[start..];
    match rest.char_indices().nth(max_chars) {
        None => text.len(),
        Some((limit, _)) => {
            let cut = rest[..limit].rfind(char::is_whitespace).unwrap_or(limit);
            start + cut
        }
    }
}

/// Collapses whitespace runs (paragraph breaks included) to single spaces, moving the
/// highlight ranges along.
pub fn one_line(text: &str, highlights: &[Range<usize>]) -> Snippet {
    let mut out = String::with_capacity(text.len());
    let mut map = vec![0usize; text.len() + 1];
    let mut pending_space = false;
    for (i, ch) in text.char_indices() {
        if ch.is_whitespace() {
            pending_space = !out.is_empty();
            map[i] = out.len();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        map[i] = out.len();
        out.push(ch);
    }
    map[text.len()] = out.len();
    let highlights = highlights
        .iter()
        .filter(|r| r.start < r.end && r.end <= text.len())
        .map(|r| map[r.start]..map[r.end].max(map[r.start]))
        .map(|r| r.start..r.start + out[r.clone()].trim_end().len())
        .filter(|r| r.start < r.end)
        .collect();
    Snippet {
        text: out,
        highlights,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer};

    fn analyzer() -> TextAnalyzer {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .build()
    }

    fn terms(words: &[(&str, f32)]) -> TermWeights {
        words.iter().map(|(w, s)| (w.to_string(), *s)).collect()
    }

    #[test]
    fn one_line_moves_highlights() {
        let snippet = one_line("Iran  said\n\nno talks", &[0..4, 12..14]);
        assert_eq!(snippet.text, "Iran said no talks");
        assert_eq!(snippet.highlights, vec![0..4, 10..12]);
    }

    #[test]
    fn picks_the_sentence_with_most_distinct_words() {
        let text = "Talks went on. Nothing else happened here at all.\n\nIran said talks with Iran are over. The end.";
        let snippet = best_passage(
            text,
            &mut analyzer(),
            &terms(&[("iran", 1.0), ("talks", 1.0)]),
            40,
        )
        .unwrap();
        assert_eq!(snippet.text, "Iran said talks with Iran are over. The…");
        let marked: Vec<&str> = snippet
            .highlights
            .iter()
            .map(|r| &snippet.text[r.clone()])
            .collect();
        assert_eq!(marked, vec!["Iran", "talks", "Iran"]);
    }

    #[test]
    fn long_sentences_start_shortly_before_the_match() {
        let text = format!("{} negotiation was rejected", "word ".repeat(40));
        let snippet =
            best_passage(&text, &mut analyzer(), &terms(&[("negotiation", 1.0)]), 100).unwrap();
        assert!(snippet.text.starts_with("…word"), "{}", snippet.text);
        assert!(
            snippet.text.ends_with("negotiation was rejected"),
            "{}",
            snippet.text
        );
        assert_eq!(snippet.highlights.len(), 1);
        assert_eq!(&snippet.text[snippet.highlights[0].clone()], "negotiation");
    }

    #[test]
    fn no_match_gives_none_and_opening_cuts_at_a_word() {
        assert_eq!(
            best_passage("abc def", &mut analyzer(), &terms(&[("x", 1.0)]), 10),
            None
        );
        assert_eq!(opening("alpha beta gamma", 12).text, "alpha beta…");
    }

    #[test]
    fn one_word_matched_twice_is_highlighted_once() {
        let text = "novas privatizações de empresas";
        assert_eq!(join_neighbours(text, vec![6..20, 6..20]), vec![6..20]);
        assert_eq!(join_neighbours(text, vec![0..5, 6..20]), vec![0..20]);
    }
}
