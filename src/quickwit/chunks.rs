//! Cutting NDJSON into ingest requests: Quickwit refuses bodies over 10 MB, so each
//! chunk stays at most 9 MB, and a line (one post) is never split.

/// Largest chunk sent in one ingest request (Quickwit's default limit is 10 MB).
pub const MAX_CHUNK_BYTES: usize = 9 * 1024 * 1024;

/// A line that alone is over the limit: it cannot be sent whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "record {} is {bytes} bytes, more than the {limit} bytes one ingest request may carry",
    .line + 1
)]
pub struct ChunkError {
    /// 0-based index of the line.
    pub line: usize,
    /// Its size in bytes (with its newline).
    pub bytes: usize,
    /// The limit.
    pub limit: usize,
}

/// Cuts `lines` (each ending with `\n`) into chunks of at most `limit` bytes, in
/// order, each holding whole lines: the byte ranges of `text`.
pub fn chunk_lines(text: &str, limit: usize) -> Result<Vec<std::ops::Range<usize>>, ChunkError> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut end = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if line.len() > limit {
            return Err(ChunkError {
                line: i,
                bytes: line.len(),
                limit,
            });
        }
        if end + line.len() - start > limit {
            chunks.push(start..end);
            start = end;
        }
        end += line.len();
    }
    if end > start {
        chunks.push(start..end);
    }
    Ok(chunks)
}

/// Gathers NDJSON lines into chunks as they come, for streaming: `add` hands back a
/// full chunk when the next line would not fit.
pub struct Chunker {
    limit: usize,
    chunk: Vec<u8>,
    lines: usize,
    added: usize,
}

impl Chunker {
    /// Chunks of at most `limit` bytes.
    pub fn new(limit: usize) -> Chunker {
        Chunker {
            limit,
            chunk: Vec::new(),
            lines: 0,
            added: 0,
        }
    }

    /// Adds one line (ending with `\n`); returns the chunk it closed, with its number
    /// of lines, when it did not fit in it.
    pub fn add(&mut self, line: &[u8]) -> Result<Option<(Vec<u8>, usize)>, ChunkError> {
        if line.len() > self.limit {
            return Err(ChunkError {
                line: self.added,
                bytes: line.len(),
                limit: self.limit,
            });
        }
        self.added += 1;
        let full = if self.chunk.len() + line.len() > self.limit {
            self.take()
        } else {
            None
        };
        self.chunk.extend_from_slice(line);
        self.lines += 1;
        Ok(full)
    }

    /// The last chunk, if any line is left.
    pub fn take(&mut self) -> Option<(Vec<u8>, usize)> {
        if self.lines == 0 {
            return None;
        }
        let lines = std::mem::take(&mut self.lines);
        Some((std::mem::take(&mut self.chunk), lines))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_hold_whole_lines_up_to_the_limit() {
        let text = "aaa\nbb\ncccc\nd\n";
        let parts = |limit| -> Vec<&str> {
            chunk_lines(text, limit)
                .unwrap()
                .into_iter()
                .map(|r| &text[r])
                .collect()
        };
        assert_eq!(parts(7), vec!["aaa\nbb\n", "cccc\nd\n"]);
        assert_eq!(parts(5), vec!["aaa\n", "bb\n", "cccc\n", "d\n"]);
        assert_eq!(parts(100), vec![text]);
        assert_eq!(parts(8), vec!["aaa\nbb\n", "cccc\nd\n"]);
        assert_eq!(
            chunk_lines("", 5).unwrap(),
            Vec::<std::ops::Range<usize>>::new()
        );
        let err = chunk_lines(text, 4).unwrap_err();
        assert_eq!(
            err,
            ChunkError {
                line: 2,
                bytes: 5,
                limit: 4
            }
        );
        assert_eq!(
            err.to_string(),
            "record 3 is 5 bytes, more than the 4 bytes one ingest request may carry"
        );
    }

    #[test]
    fn the_streaming_chunker_cuts_where_chunk_lines_does() {
        let text: String = (0..300)
            .map(|i| format!("{}\n", "y".repeat(i * 11 % 50)))
            .collect();
        for limit in [51, 64, 200, 5000] {
            let mut chunker = Chunker::new(limit);
            let mut chunks = Vec::new();
            for line in text.split_inclusive('\n') {
                if let Some((chunk, lines)) = chunker.add(line.as_bytes()).unwrap() {
                    assert_eq!(chunk.iter().filter(|&&b| b == b'\n').count(), lines);
                    chunks.push(String::from_utf8(chunk).unwrap());
                }
            }
            if let Some((chunk, _)) = chunker.take() {
                chunks.push(String::from_utf8(chunk).unwrap());
            }
            let expected: Vec<String> = chunk_lines(&text, limit)
                .unwrap()
                .into_iter()
                .map(|r| text[r].to_string())
                .collect();
            assert_eq!(chunks, expected, "limit {limit}");
        }
        let mut chunker = Chunker::new(3);
        assert_eq!(chunker.add(b"ab\n").unwrap(), None);
        assert_eq!(
            chunker.add(b"abcd\n").unwrap_err(),
            ChunkError {
                line: 1,
                bytes: 5,
                limit: 3
            }
        );
    }

    #[test]
    fn every_chunk_is_within_the_limit_and_together_they_are_the_text() {
        // Lines of 1 to 40 bytes; limits from the longest line up.
        let text: String = (0..500)
            .map(|i| format!("{}\n", "x".repeat(i * 7 % 40)))
            .collect();
        for limit in [41, 50, 97, 128, 1000, 100_000] {
            let chunks = chunk_lines(&text, limit).unwrap();
            let joined: String = chunks.iter().map(|r| &text[r.clone()]).collect();
            assert_eq!(joined, text);
            for (i, r) in chunks.iter().enumerate() {
                assert!(r.len() <= limit);
                assert!(text[r.clone()].ends_with('\n'));
                // Greedy: the next line would not have fitted.
                if let Some(next) = chunks.get(i + 1) {
                    let first = text[next.clone()].split_inclusive('\n').next().unwrap();
                    assert!(r.len() + first.len() > limit);
                }
            }
        }
    }
}
