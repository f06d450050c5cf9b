//! The catalogue of bad input: each case gets one line on stderr naming the file and
//! the reason, every other post is indexed, the exit code is 1, nothing panics.
//! Small cases are files in `fixtures/broken/`; large and filesystem cases are made
//! by the tests in a temporary folder.

use crate::util::{skip, write_dump, TestIndex};
use serde_json::json;
use std::time::{Duration, Instant};

/// Most time one pathological input may take to index (a debug build of newsgrep).
const BOUND: Duration = Duration::from_secs(60);

#[test]
fn every_broken_fixture_gets_one_line_and_all_other_posts_are_indexed() {
    let index = TestIndex::new();
    let run = index.run(&["index", "fixtures/broken"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "newsgrep: fixtures/broken/array-with-non-posts.json: 2 array elements are not JSON objects; skipped\n\
         newsgrep: fixtures/broken/bad-dates.json: post 517: date '0000-00-00T00:00:00' is not a date; indexed without a date\n\
         newsgrep: fixtures/broken/bad-dates.json: post 518: date '2025-13-45T99:00:00' is not a date; indexed without a date\n\
         newsgrep: fixtures/broken/bad-ids.json: object 1: `id` is not a whole number from 0 to 2^64-1; skipped\n\
         newsgrep: fixtures/broken/bad-ids.json: object 2: `id` is not a whole number from 0 to 2^64-1; skipped\n\
         newsgrep: fixtures/broken/empty.json: empty file\n\
         newsgrep: fixtures/broken/image.json: binary file, not JSON\n\
         newsgrep: fixtures/broken/invalid-utf8.json: invalid UTF-8 at byte 220 replaced with U+FFFD\n\
         newsgrep: fixtures/broken/missing-fields.json: post 510: no `title`\n\
         newsgrep: fixtures/broken/missing-fields.json: post 511: no `content`\n\
         newsgrep: fixtures/broken/missing-fields.json: post 512: no `date`; indexed without a date\n\
         newsgrep: fixtures/broken/missing-fields.json: post 513: no `link`\n\
         newsgrep: fixtures/broken/nul-bytes.json: 16 NUL bytes removed\n\
         newsgrep: fixtures/broken/trailing-garbage.json: invalid JSON: trailing characters at line 2 column 1\n\
         newsgrep: fixtures/broken/truncated.json: invalid JSON: EOF while parsing a string at line 24 column 9\n\
         newsgrep: fixtures/broken/utf16.json: UTF-16 (little-endian) text, read as UTF-16; dumps should be UTF-8\n\
         newsgrep: fixtures/broken/wrong-types.json: post 514: `id` is a string; read as a number\n\
         newsgrep: fixtures/broken/wrong-types.json: post 515: `title` is a plain string, not {\"rendered\": …}; read as HTML\n\
         newsgrep: fixtures/broken/wrong-types.json: post 516: `categories` is a string, not an array of ids\n"
    );
    assert!(
        run.stdout.starts_with("indexed 20 posts from 1 site"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("skipped files 2;"), "{}", run.stdout);
    let mut ids = index.run(&["search", "-n", "100", "--json"]).json_ids();
    ids.sort_unstable();
    assert_eq!(
        ids,
        vec![
            501,
            502,
            504,
            505,
            506,
            507,
            508,
            509,
            510,
            511,
            512,
            513,
            514,
            515,
            516,
            517,
            518,
            519,
            520,
            18_446_744_073_709_551_615
        ]
    );
    // Repaired text is searchable: UTF-16, NUL bytes, a plain-string title.
    assert_eq!(
        index.run(&["foghorn festival", "--json"]).json_ids(),
        vec![508]
    );
    assert_eq!(index.run(&["cottage", "--json"]).json_ids(), vec![509]);
    assert_eq!(
        index.run(&["title:tonight", "--json"]).json_ids(),
        vec![515]
    );
    // A post of only a <script> has a title and no text.
    assert_eq!(
        index
            .run(&["title:\"interactive tide map\"", "--json"])
            .json_ids(),
        vec![519]
    );
    assert_eq!(index.run(&["drawTideMap"]).code, 1);
    // A folder named like a JSON file is walked into.
    assert_eq!(
        index.run(&["title:extends", "--json"]).json_ids(),
        vec![520]
    );
}

#[test]
fn nothing_already_indexed_is_lost_when_a_file_breaks() {
    let good = json!({"id": 1, "type": "post", "link": "https://x.example/?p=1",
                      "date_gmt": "2025-01-01T00:00:00", "title": {"rendered": "Tide table"},
                      "content": {"rendered": "<p>Low tide at six.</p>"}});
    let dump = write_dump(&[("a.json", &good.to_string())]);
    let index = TestIndex::new();
    index.index_ok(&[dump.path().to_str().unwrap()]);
    std::fs::write(
        dump.path().join("a.json"),
        "{\"id\": 1, \"type\": \"post\", \"tit",
    )
    .unwrap();
    let run = index.run(&["index", dump.path().to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("a.json: invalid JSON: EOF while parsing"),
        "{}",
        run.stderr
    );
    assert_eq!(index.run(&["tide", "--json"]).json_ids(), vec![1]);
}

fn big_post(id: u64, content: &str) -> String {
    json!({"id": id, "type": "post", "link": format!("https://big.example/?p={id}"),
           "date_gmt": "2025-01-01T00:00:00", "title": {"rendered": format!("Big post {id}")},
           "content": {"rendered": content}})
    .to_string()
}

#[test]
fn huge_deep_and_one_word_posts_index_in_bounded_time() {
    let sentence = "The harbour board met again today to discuss the breakwater plan. ";
    let huge = format!(
        "<p>{}</p>",
        sentence.repeat(100 * 1024 * 1024 / sentence.len())
    );
    let deep = format!(
        "{}deep text{}",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let word = format!("<p>{}</p>", "a".repeat(10 * 1024 * 1024));
    let dump = write_dump(&[
        ("huge.json", &big_post(1, &huge)),
        ("deep.json", &big_post(2, &deep)),
        ("word.json", &big_post(3, &word)),
    ]);
    drop((huge, deep, word));
    let index = TestIndex::new();
    let started = Instant::now();
    let run = index.run(&["index", dump.path().to_str().unwrap()]);
    assert!(started.elapsed() < BOUND, "took {:?}", started.elapsed());
    assert_eq!(run.code, 1, "{run:?}");
    let dir = dump.path().display();
    assert_eq!(
        run.stderr,
        format!(
            "newsgrep: {dir}/huge.json: post 1: content is 104.9 MB; only the first 8 MB is indexed\n\
             newsgrep: {dir}/word.json: post 3: content is 10.5 MB; only the first 8 MB is indexed\n"
        )
    );
    assert_eq!(index.run(&["breakwater", "--json"]).json_ids(), vec![1]);
    assert_eq!(index.run(&["deep text", "--json"]).json_ids(), vec![2]);
    assert_eq!(
        index
            .run(&["title:big", "--json", "--sort", "date"])
            .json_ids()
            .len(),
        3
    );
}

#[cfg(unix)]
#[test]
fn unreadable_looping_and_vanished_files_are_reported() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let dump = write_dump(&[("ok.json", &big_post(1, "<p>Calm sea.</p>"))]);
    symlink(dump.path(), dump.path().join("loop")).unwrap();
    symlink(
        dump.path().join("gone.json"),
        dump.path().join("vanished.json"),
    )
    .unwrap();
    let locked = dump.path().join("locked.json");
    std::fs::write(&locked, big_post(2, "<p>Secret.</p>")).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let index = TestIndex::new();
    let run = index.run(&["index", dump.path().to_str().unwrap()]);
    assert_eq!(run.code, 1);
    let dir = dump.path().display();
    let mut expected = vec![
        format!("newsgrep: {dir}/loop: symbolic link loop; skipped"),
        format!("newsgrep: {dir}/vanished.json: no such file or directory"),
    ];
    let is_root = std::fs::read(&locked).is_ok();
    if is_root {
        skip(
            "unreadable_looping_and_vanished_files_are_reported (permissions part)",
            "running as root, which reads files whatever their permissions",
        );
    } else {
        expected.insert(0, format!("newsgrep: {dir}/locked.json: permission denied"));
    }
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines, expected);
    assert_eq!(index.run(&["calm", "--json"]).json_ids(), vec![1]);
}

#[test]
fn odd_queries_get_a_clear_answer() {
    let index = crate::util::fixtures_index();
    let run = index.run(&["search", "", "--json"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.json_ids().len(), 10);
    assert_eq!(index.run(&["the of and", "--json"]).code, 0);
    let long = "harbor ".repeat(10_000);
    let started = Instant::now();
    let run = index.run(&[&long, "-q"]);
    assert!(started.elapsed() < BOUND);
    assert_eq!(
        run.stderr,
        "newsgrep: warning: the query has 10000 words and phrases; only the first 1000 are searched\n"
    );
    let run = index.run(&["\"storm (warning", "--json", "-q"]);
    assert_eq!(run.json_ids(), vec![303]);
    assert_eq!(
        run.stderr,
        "newsgrep: warning: unbalanced quote in query; searched as if it were closed\n"
    );
    let run = index.run(&["title:", "-q", "--json"]);
    assert_eq!(
        run.stderr,
        "newsgrep: warning: 'title:' is not followed by anything to search; ignored\n"
    );
    let run = index.run(&["storm\u{1}\u{7f}warning", "--json", "-q"]);
    assert!(run.code == 0 || run.code == 1, "{run:?}");
    let big = "x".repeat(100_000);
    let run = index.run(&[&big, "-q"]);
    assert_eq!(run.code, 1);
    assert!(!run.stderr.contains("panicked"));
}
