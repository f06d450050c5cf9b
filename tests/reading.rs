//! Reading dump text into objects takes time in proportion to the text: a reader that
//! counts lines from the start of the file for every object (as one did) needs hours
//! for a single NDJSON file of a site's posts.

use newsgrep::load::raw_objects;
use std::time::{Duration, Instant};

/// `lines` small post objects, one per line.
fn ndjson_posts(lines: usize) -> String {
    (0..lines)
        .map(|id| {
            format!(
                "{{\"id\":{id},\"type\":\"post\",\"link\":\"https://news.example/?p={id}\",\
                 \"title\":{{\"rendered\":\"Post {id}\"}},\"categories\":[3,4]}}\n"
            )
        })
        .collect()
}

/// The shortest of three readings of `text`, checking each finds `lines` objects.
fn fastest_reading(text: &str, lines: usize) -> Duration {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            let raw = raw_objects(text);
            let took = started.elapsed();
            assert!(raw.error.is_none(), "{:?}", raw.error);
            assert_eq!(raw.objects.len(), lines);
            took
        })
        .min()
        .unwrap_or_default()
}

#[test]
fn reading_ndjson_takes_time_in_proportion_to_its_lines() {
    let small = ndjson_posts(10_000);
    let large = ndjson_posts(40_000);
    let small_time = fastest_reading(&small, 10_000);
    let large_time = fastest_reading(&large, 40_000);
    // Four times the lines: about four times the time when linear, sixteen when
    // quadratic. Six leaves room for noise on a busy machine.
    assert!(
        large_time < small_time * 6,
        "10,000 lines took {small_time:?}, 40,000 took {large_time:?}"
    );
}

#[test]
fn a_file_bigger_than_a_window_is_read_window_by_window_with_every_object() {
    use newsgrep::load::{DumpReader, FileRead, WINDOW_BYTES};
    // An API page of posts as one huge array, then the same posts as NDJSON.
    let posts: Vec<String> = (0..60_000)
        .map(|id| {
            format!(
                "{{\"id\":{id},\"type\":\"post\",\"title\":{{\"rendered\":\"Post {id}\"}},\
                 \"content\":{{\"rendered\":\"<p>{}</p>\"}}}}",
                "word ".repeat(60)
            )
        })
        .collect();
    let text = format!("[{}]\n{}\n", posts.join(",\n"), posts.join("\n"));
    assert!(text.len() > 2 * WINDOW_BYTES, "{} bytes", text.len());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("posts.ndjson");
    std::fs::write(&path, &text).unwrap();
    let FileRead::Json(mut reader) = DumpReader::open(&path) else {
        panic!("not read as JSON");
    };
    let mut windows = 0;
    let mut ids = Vec::new();
    while let Some(window) = reader.next_window() {
        windows += 1;
        assert_eq!(window.first_item, ids.len());
        for object in window.objects() {
            let value: serde_json::Value = serde_json::from_str(object).unwrap();
            ids.push(value["id"].as_u64().unwrap());
        }
    }
    let expected: Vec<u64> = (0..60_000).chain(0..60_000).collect();
    assert_eq!(ids, expected);
    assert!(windows >= 3, "{windows} windows");
    let summary = reader.finish();
    assert_eq!(summary.problems, Vec::<String>::new());
    assert_eq!((summary.objects, summary.broken), (120_000, false));
}
