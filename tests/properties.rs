//! Property tests: arbitrary bytes into the loader, arbitrary HTML into the stripper
//! and the quote extractor, arbitrary text into the query parser. None may panic, and
//! each input must be handled in bounded time.

use newsgrep::html::{parse_article, strip_html};
use newsgrep::load::raw_objects;
use newsgrep::load::wp::read_object;
use newsgrep::quotes::extract_quotes;
use newsgrep::search::query::parse_query;
use proptest::prelude::*;
use std::time::{Duration, Instant};

/// Most time one small input may take (debug build).
const BOUND: Duration = Duration::from_secs(2);

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
    fn the_loader_survives_json_like_text(text in "[\\[\\]{}\":,0-9a-z \\n\\\\]{0,400}") {
        let raw = raw_objects(&text);
        for object in &raw.objects {
            let (head, _) = read_object(object);
            let _ = head.id;
        }
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
