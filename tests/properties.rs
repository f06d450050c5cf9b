//! Property tests: arbitrary bytes into the loader, arbitrary HTML into the stripper
//! and the quote extractor, arbitrary text into the query parser. None may panic, and
//! each input must be handled in bounded time; what the loader cuts out of a text must
//! be that text's objects.

use newsgrep::html::{parse_article, strip_html};
use newsgrep::load::wp::read_object;
use newsgrep::load::{not_objects_note, raw_objects, DumpReader, ReadSummary};
use newsgrep::quotes::extract_quotes;
use newsgrep::search::query::parse_query;
use proptest::prelude::*;
use serde_json::Value;
use std::time::{Duration, Instant};

/// Most time one small input may take (debug build).
const BOUND: Duration = Duration::from_secs(2);

/// JSON's whitespace (not Unicode's, nor form feed).
fn json_space(c: char) -> bool {
    matches!(c, ' ' | '\n' | '\t' | '\r')
}

/// True when an error text ends "at line L column C" with a place inside the text (or
/// at its end): line L exists and is at least C bytes long.
fn names_a_place_in(error: &str, text: &str) -> bool {
    let Some((_, place)) = error.rsplit_once(" at line ") else {
        return false;
    };
    let Some((line, column)) = place.split_once(" column ") else {
        return false;
    };
    let (Ok(line), Ok(column)) = (line.parse::<usize>(), column.parse::<usize>()) else {
        return false;
    };
    line >= 1
        && text
            .split('\n')
            .nth(line - 1)
            .is_some_and(|l| column <= l.len())
}

/// A small post object whose title holds a brace and an escaped quote.
fn post_object(id: u64) -> String {
    format!(r#"{{"id":{id},"title":{{"rendered":"a\"}} b"}},"tags":[{id}]}}"#)
}

/// HTML-ish text: tags, entities, quote marks and words mixed at random.
fn html_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<div class=\"x\">".to_string()),
        Just("</div>".to_string()),
        Just("<blockquote class=\"twitter-tweet\">".to_string()),
        Just("</blockquote>".to_string()),
        Just("<script>".to_string()),
        Just("<br>".to_string()),
        Just("<cite>".to_string()),
        Just("&mdash; Ana (@ana)".to_string()),
        Just("&#8220;".to_string()),
        Just("&#8221;".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("«".to_string()),
        Just("\"".to_string()),
        Just(", he said. ".to_string()),
        Just(" said Ana Ruiz, ".to_string()),
        Just("Minister Pedro Gil: ".to_string()),
        Just(" kata Budi. ".to_string()),
        "[a-zA-Z ]{0,12}",
        any::<String>(),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

/// The objects and problems of a text read window by window, windows of at least
/// `window` bytes; checks that the windows number the objects in order.
fn read_in_windows(text: &str, window: usize) -> (Vec<String>, ReadSummary) {
    let mut reader = DumpReader::of_bytes(text.as_bytes().to_vec()).with_window_bytes(window);
    let mut objects = Vec::new();
    while let Some(window) = reader.next_window() {
        assert_eq!(window.first_item, objects.len());
        objects.extend(window.objects().map(str::to_string));
    }
    (objects, reader.finish())
}

/// What reading a whole text in one walk gives, in the reader's terms.
fn read_whole(text: &str) -> (Vec<String>, ReadSummary) {
    let raw = raw_objects(text);
    let mut problems: Vec<String> = raw.error.iter().map(ToString::to_string).collect();
    problems.extend(not_objects_note(raw.not_objects));
    let summary = ReadSummary {
        problems,
        objects: raw.objects.len(),
        broken: raw.error.is_some(),
    };
    (raw.objects.iter().map(|o| o.to_string()).collect(), summary)
}

/// Posts, arrays of posts and a little of everything JSON has, one after another,
/// sometimes cut short or followed by garbage.
fn dump_text() -> impl Strategy<Value = String> {
    let post = (0u64..1000, r#"[a-z ,\\\[\]{}"]{0,12}"#).prop_map(|(id, text)| {
        format!(
            "{{\"id\":{id},\"title\":{{\"rendered\":{}}},\"tags\":[1,2]}}",
            serde_json::to_string(&text).unwrap()
        )
    });
    let value = prop_oneof![
        4 => post.clone(),
        2 => proptest::collection::vec(post.clone(), 0..5).prop_map(|posts| format!("[{}]", posts.join(",\n "))),
        1 => proptest::collection::vec(prop_oneof![post, Just("5".to_string()), Just("[]".to_string()), Just("\"s\"".to_string())], 0..4)
            .prop_map(|items| format!("[ {} ]", items.join(" , "))),
    ];
    (
        proptest::collection::vec(
            (value, prop_oneof![Just(""), Just("\n"), Just(" \r\n ")]),
            1..8,
        ),
        prop_oneof![4 => Just(""), 1 => Just(" x"), 1 => Just("\n5"), 1 => Just(",")],
        any::<proptest::sample::Index>(),
        any::<bool>(),
    )
        .prop_map(|(values, tail, cut, cut_short)| {
            let mut text: String = values.into_iter().map(|(v, gap)| v + gap).collect();
            text.push_str(tail);
            if cut_short {
                let mut at = cut.index(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                text.truncate(at);
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_loader_survives_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let text = String::from_utf8_lossy(&bytes);
        let started = Instant::now();
        let raw = raw_objects(&text);
        for object in &raw.objects {
            let _ = read_object(object);
        }
        prop_assert!(started.elapsed() < BOUND);
    }

    #[test]
    fn the_loader_cuts_json_like_text_into_objects_of_that_text(text in "[\\[\\]{}\":,0-9a-z \\n\\\\]{0,400}") {
        let raw = raw_objects(&text);
        let mut read_up_to = 0;
        for object in &raw.objects {
            // A slice of the input, after the previous object: in order, no overlap.
            let start = (object.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
            prop_assert!(start <= text.len() && start + object.len() <= text.len());
            prop_assert_eq!(&text[start..start + object.len()], *object);
            prop_assert!(start >= read_up_to, "{:?} overlaps what came before", object);
            read_up_to = start + object.len();
            let parsed = serde_json::from_str::<Value>(object);
            prop_assert!(matches!(parsed, Ok(Value::Object(_))), "{:?} is no JSON object", object);
        }
        if let Some(error) = &raw.error {
            prop_assert!(error.to_string().starts_with("invalid JSON: "));
            prop_assert!(names_a_place_in(&error.to_string(), &text), "{} in {:?}", error, text);
        }
        // Whole JSON values are read as a whole.
        match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(_)) => {
                prop_assert!(raw.error.is_none());
                prop_assert_eq!(raw.objects, vec![text.trim_matches(json_space)]);
            }
            Ok(Value::Array(items)) => {
                prop_assert!(raw.error.is_none());
                let objects = items.iter().filter(|item| item.is_object()).count();
                prop_assert_eq!(raw.objects.len(), objects);
                prop_assert_eq!(raw.not_objects, items.len() - objects);
            }
            Ok(_) => prop_assert!(raw.objects.is_empty()),
            // Not one value: broken, or several values one after another.
            Err(_) => {}
        }
    }

    #[test]
    fn the_loader_finds_every_object_of_ndjson_arrays_and_concatenations(
        ids in proptest::collection::vec(0u64..1_000_000, 0..20),
        shape in 0..4usize,
        cut in any::<proptest::sample::Index>(),
    ) {
        let objects: Vec<String> = ids.iter().map(|&id| post_object(id)).collect();
        let text = match shape {
            0 => objects.join("\n"),
            1 => objects.concat(),
            2 => format!("[{}]", objects.join(",\n ")),
            _ => objects.iter().map(|o| format!("[{o}]")).collect::<Vec<_>>().join(" \r\n"),
        };
        let raw = raw_objects(&text);
        if objects.is_empty() && shape != 2 {
            // An empty text is not JSON.
            prop_assert!(raw.error.is_some());
        } else {
            prop_assert!(raw.error.is_none(), "{:?}", raw.error);
        }
        prop_assert_eq!(&raw.objects, &objects);
        prop_assert_eq!(raw.not_objects, 0);
        // Cut short anywhere: the objects read are the whole ones before the cut.
        let at = cut.index(text.len() + 1);
        let raw = raw_objects(&text[..at]);
        let whole_before_cut = objects
            .iter()
            .scan(0, |end, object| {
                *end += text[*end..].find(object.as_str())? + object.len();
                Some(*end)
            })
            .take_while(|&end| end <= at)
            .count();
        prop_assert_eq!(&raw.objects, &objects[..whole_before_cut]);
    }

    #[test]
    fn windows_read_what_one_walk_over_the_whole_text_reads(text in dump_text(), window in 1usize..120) {
        let whole = read_whole(&text);
        prop_assert_eq!(&read_in_windows(&text, usize::MAX), &whole, "one window: {:?}", text);
        prop_assert_eq!(&read_in_windows(&text, window), &whole, "windows of {}: {:?}", window, text);
    }

    #[test]
    fn windows_of_json_like_text_read_what_one_walk_reads(
        open in prop_oneof![Just('['), Just('{')],
        rest in r#"[\[\]{}":,0-9a-z \n\\]{0,300}"#,
        window in 1usize..60,
    ) {
        let text = format!("{open}{rest}");
        let whole = read_whole(&text);
        prop_assert_eq!(&read_in_windows(&text, window), &whole, "windows of {}: {:?}", window, text);
    }

    #[test]
    fn stripping_and_quote_extraction_survive_any_html(html in html_soup()) {
        let started = Instant::now();
        let text = strip_html(&html);
        prop_assert!(!text.contains("<script"));
        let quotes = extract_quotes(&parse_article(&html));
        for quote in quotes {
            prop_assert!(!quote.text.is_empty());
        }
        prop_assert!(started.elapsed() < BOUND);
    }

    #[test]
    fn the_query_parser_survives_any_text(query in any::<String>()) {
        let started = Instant::now();
        let parsed = parse_query(&query);
        prop_assert!(parsed.groups.len() + parsed.excluded.len() <= newsgrep::search::query::MAX_CLAUSES);
        prop_assert!(started.elapsed() < BOUND);
    }
}
