//! One post as one self-contained JSON record, for other engines (Quickwit's NDJSON
//! ingest): the fields of the local schema, with the quotations and their speakers.

use crate::post::Post;
use crate::print::{write_json_line, PostView};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct RecordQuote<'a> {
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    speaker: Option<&'a str>,
}

/// The exported shape of a post.
#[derive(Serialize)]
pub struct Record<'a> {
    /// The shared post fields, the date left out for an undated post (Quickwit's
    /// datetime fields take no null).
    #[serde(flatten)]
    post: PostView<'a>,
    quotes: Vec<RecordQuote<'a>>,
    /// The distinct speakers of the quotations, in order of first quotation.
    speakers: Vec<&'a str>,
    body: &'a str,
}

/// The record of a post.
pub fn record(post: &Post) -> Record<'_> {
    let mut speakers: Vec<&str> = Vec::new();
    for speaker in post.quotes.iter().filter_map(|q| q.speaker.as_deref()) {
        if !speakers.contains(&speaker) {
            speakers.push(speaker);
        }
    }
    Record {
        post: PostView::of(post).without_null_date(),
        quotes: post
            .quotes
            .iter()
            .map(|q| RecordQuote {
                text: &q.text,
                speaker: q.speaker.as_deref(),
            })
            .collect(),
        speakers,
        body: &post.body,
    }
}

/// Writes a post's record as one NDJSON line.
pub fn write_ndjson_line(out: &mut impl Write, post: &Post) -> io::Result<()> {
    write_json_line(out, &record(post))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::post::Quote;

    #[test]
    fn a_record_has_the_schema_fields_and_distinct_speakers() {
        let quote = |text: &str, speaker: Option<&str>| Quote {
            text: text.to_string(),
            speaker: speaker.map(str::to_string),
            paragraph: 0,
        };
        let post = Post {
            quotes: vec![
                quote("One.", Some("Bo")),
                quote("Two.", None),
                quote("Three.", Some("Bo")),
            ],
            ..Post::example()
        };
        let mut line = Vec::new();
        write_ndjson_line(&mut line, &post).unwrap();
        assert_eq!(
            String::from_utf8(line).unwrap(),
            "{\"id\":7,\"site\":\"a.example\",\"url\":\"https://a.example/7\",\"title\":\"T\",\
             \"categories\":[\"World\"],\"tags\":[\"x\"],\"author\":\"Ann\",\"lang\":\"en\",\
             \"quotes\":[{\"text\":\"One.\",\"speaker\":\"Bo\"},{\"text\":\"Two.\"},\
             {\"text\":\"Three.\",\"speaker\":\"Bo\"}],\"speakers\":[\"Bo\"],\"body\":\"Body.\"}\n"
        );
    }
}
