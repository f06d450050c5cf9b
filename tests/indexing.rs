//! `newsgrep index`: every dump shape, term resolution, duplicates, HTML stripping
//! and broken input.

use crate::util::{fixtures_index, post_json, write_dump, TestIndex};
use newsgrep::schema::post_key;
use serde_json::{json, Value};

fn stats_json(index: &TestIndex) -> Value {
    let run = index.run(&["stats", "--json"]);
    assert_eq!(run.code, 0, "{run:?}");
    serde_json::from_str(&run.stdout).expect("stats JSON")
}

#[test]
fn indexes_every_fixture_shape_once() {
    let index = TestIndex::new();
    let run = index.index_ok(&["fixtures/dump"]);
    assert_eq!(run.stderr, "");
    assert!(
        run.stdout.starts_with("indexed 10 posts from 3 sites in "),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with(
            "): added 10, updated 0, unchanged 0, removed 0, skipped files 0; \
             1 duplicate copy, 2 non-JSON files ignored\n"
        ),
        "{}",
        run.stdout
    );
    let stats = stats_json(&index);
    assert_eq!(stats["posts"], 10);
    assert_eq!(
        stats["sites"],
        json!({"diario-sur.example": 4, "newsroom.example.com": 3, "www.harbor-times.example": 3})
    );
    assert_eq!(stats["first_date"], "2024-11-30T20:00:00Z");
    assert_eq!(stats["last_date"], "2025-03-06T10:00:00Z");
    assert_eq!(
        stats["categories"],
        json!({"10": 2, "11": 1, "12": 1, "24": 1, "Labour & Unions": 1, "Port News": 2,
               "Transport": 2, "city-hall": 1, "harbor": 1})
    );
    assert!(stats["index_bytes"].as_u64().unwrap() > 1000);
}

/// Two posts of site x.example: 1 "Tide report" (low tide), 2 "Ferry report".
fn tide_and_ferry_dump() -> tempfile::TempDir {
    write_dump(&[
        (
            "a.json",
            &post_json(
                1,
                "x.example",
                "2025-01-01T00:00:00",
                "Tide report",
                "<p>Low tide.</p>",
            ),
        ),
        (
            "b.json",
            &post_json(
                2,
                "x.example",
                "2025-01-02T00:00:00",
                "Ferry report",
                "<p>Late ferry.</p>",
            ),
        ),
    ])
}

/// The counts of an index run's summary line: added, updated, unchanged, removed.
fn counts(run: &crate::util::Run) -> String {
    let start = run.stdout.find("added ").expect("summary");
    let end = run.stdout.find(", skipped").expect("summary");
    run.stdout[start..end].to_string()
}

#[test]
fn indexing_again_replaces_posts_instead_of_adding_copies() {
    let index = TestIndex::new();
    index.index_ok(&["fixtures/dump"]);
    let run = index.index_ok(&["fixtures/dump/harbor-times", "fixtures/dump"]);
    assert_eq!(counts(&run), "added 0, updated 0, unchanged 10, removed 0");
    assert_eq!(stats_json(&index)["posts"], 10);
}

#[test]
fn indexing_again_skips_unchanged_posts_and_replaces_changed_ones() {
    let dump = tide_and_ferry_dump();
    let dir = dump.path().to_str().unwrap();
    let index = TestIndex::new();
    assert_eq!(
        counts(&index.index_ok(&[dir])),
        "added 2, updated 0, unchanged 0, removed 0"
    );
    assert_eq!(
        counts(&index.index_ok(&[dir])),
        "added 0, updated 0, unchanged 2, removed 0"
    );
    std::fs::write(
        dump.path().join("a.json"),
        post_json(
            1,
            "x.example",
            "2025-01-01T00:00:00",
            "Tide report",
            "<p>High tide.</p>",
        ),
    )
    .unwrap();
    std::fs::write(
        dump.path().join("c.json"),
        post_json(
            3,
            "x.example",
            "2025-01-03T00:00:00",
            "Storm report",
            "<p>Gale.</p>",
        ),
    )
    .unwrap();
    assert_eq!(
        counts(&index.index_ok(&[dir])),
        "added 1, updated 1, unchanged 1, removed 0"
    );
    assert_eq!(index.run(&["high", "--json"]).json_ids(), vec![1]);
    assert_eq!(index.run(&["low"]).code, 1);
    assert_eq!(stats_json(&index)["posts"], 3);
}

#[test]
fn prune_removes_vanished_posts_of_the_dumped_sites_only() {
    let dump = tide_and_ferry_dump();
    let other = write_dump(&[(
        "c.json",
        &post_json(
            7,
            "y.example",
            "2025-01-02T00:00:00",
            "Other site",
            "<p>Kept.</p>",
        ),
    )]);
    let index = TestIndex::new();
    index.index_ok(&[
        dump.path().to_str().unwrap(),
        other.path().to_str().unwrap(),
    ]);
    std::fs::remove_file(dump.path().join("b.json")).unwrap();
    let run = index.index_ok(&[dump.path().to_str().unwrap()]);
    assert_eq!(counts(&run), "added 0, updated 0, unchanged 1, removed 0");
    assert_eq!(
        stats_json(&index)["posts"],
        3,
        "without --prune nothing is deleted"
    );
    let run = index.index_ok(&["--prune", dump.path().to_str().unwrap()]);
    assert_eq!(counts(&run), "added 0, updated 0, unchanged 1, removed 1");
    assert_eq!(
        stats_json(&index)["sites"],
        json!({"x.example": 1, "y.example": 1})
    );
}

#[test]
fn a_renamed_category_updates_the_posts_that_use_it() {
    let post = json!({"id": 1, "type": "post", "link": "https://x.example/?p=1",
                      "date_gmt": "2025-01-01T00:00:00", "title": {"rendered": "Tide"},
                      "content": {"rendered": "<p>Low tide.</p>"}, "categories": [4]});
    let term = |name: &str| {
        json!({"id": 4, "name": name, "slug": "coast", "taxonomy": "category",
               "link": "https://x.example/category/coast/"})
        .to_string()
    };
    let dump = write_dump(&[
        ("post.json", &post.to_string()),
        ("terms.json", &term("Coast")),
    ]);
    let index = TestIndex::new();
    index.index_ok(&[dump.path().to_str().unwrap()]);
    std::fs::write(dump.path().join("terms.json"), term("Coastline")).unwrap();
    let run = index.index_ok(&[dump.path().to_str().unwrap()]);
    assert_eq!(counts(&run), "added 0, updated 1, unchanged 0, removed 0");
    assert_eq!(stats_json(&index)["categories"], json!({"Coastline": 1}));
}

#[test]
fn rebuild_drops_posts_that_are_no_longer_in_the_dump() {
    let index = TestIndex::new();
    index.index_ok(&["fixtures/dump"]);
    index.index_ok(&["--rebuild", "fixtures/dump/diario-sur"]);
    assert_eq!(
        stats_json(&index)["sites"],
        json!({"diario-sur.example": 4})
    );
}

#[test]
fn names_come_from_term_files_class_list_and_embedded_terms() {
    let run = fixtures_index().run(&["search", "--json", "-n", "20"]);
    assert_eq!(run.code, 0, "{run:?}");
    let by_id = |id: u64| {
        run.json_lines()
            .into_iter()
            .find(|hit| hit["id"] == id)
            .unwrap_or_else(|| panic!("post {id} missing"))
    };
    let post = by_id(101);
    assert_eq!(post["categories"], json!(["Labour & Unions", "Port News"]));
    assert_eq!(post["tags"], json!(["Strike"]));
    assert_eq!(post["author"], "Lena Fischer");
    let post = by_id(301);
    assert_eq!(post["categories"], json!(["city-hall", "harbor"]));
    assert_eq!(post["tags"], json!(["cranes"]));
    assert_eq!(post["author"], "5");
    let post = by_id(302);
    assert_eq!(post["categories"], json!(["Transport"]));
    assert_eq!(post["author"], "Tomás Iglesias");
    let post = by_id(201);
    assert_eq!(post["categories"], json!(["10"]));
}

#[test]
fn the_newest_copy_of_a_post_wins_and_entities_are_decoded() {
    let run = fixtures_index().run(&["title:port", "--json"]);
    assert_eq!(run.json_ids(), vec![101]);
    let hit = &run.json_lines()[0];
    assert_eq!(
        hit["title"],
        "Port Strike Talks Resume as Dockworkers’ Union Returns to the Table"
    );
    assert_eq!(
        hit["url"],
        "https://www.harbor-times.example/2025/port-strike-talks-resume/"
    );
    assert_eq!(hit["date"], "2025-03-04T09:30:00Z");
    assert_eq!(fixtures_index().run(&["title:expected"]).code, 1);
}

#[test]
fn html_is_stripped_to_the_text_a_reader_sees() {
    let store = newsgrep::store::open(fixtures_index().path()).expect("open index");
    let reader = store.index.reader().expect("reader");
    let searcher = reader.searcher();
    let key =
        tantivy::Term::from_field_text(store.fields.key, &post_key("newsroom.example.com", 303));
    let query = tantivy::query::TermQuery::new(key, tantivy::schema::IndexRecordOption::Basic);
    let top = searcher
        .search(
            &query,
            &tantivy::collector::TopDocs::with_limit(2).order_by_score(),
        )
        .expect("search");
    assert_eq!(top.len(), 1);
    let doc: tantivy::TantivyDocument = searcher.doc(top[0].1).expect("doc");
    let post = store.fields.read_post(&doc);
    assert_eq!(post.title, "Storm Warning for the Coast Tonight");
    assert_eq!(
        post.body,
        "Forecasters issued a storm warning for the coast.\n\n\
         Radar images of the storm front at 5 a.m.\n\n\
         Gusts of 110 km/h expected along the harbor tonight. Secure loose objects.\n\n\
         — Coast Weather Service (@coastweather) March 2, 2025\n\n\
         Ferries are cancelled & schools close at noon."
    );
    for junk in [
        "svgtext",
        "window.ads",
        "JavaScript",
        "\"hidden template\"",
        "widgets",
    ] {
        let run = fixtures_index().run(&[junk]);
        assert_eq!(run.code, 1, "{junk} should not be found: {run:?}");
    }
}

#[test]
fn a_missing_dump_is_an_error_and_other_dumps_still_index() {
    let index = TestIndex::new();
    let run = index.run(&["index", "no-such-dump"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "newsgrep: nothing to index: no-such-dump: no such file or directory\n"
    );
    let run = index.run(&["index", "no-such-dump", "fixtures/dump/newsroom"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "newsgrep: no-such-dump: no such file or directory\n"
    );
    assert_eq!(stats_json(&index)["posts"], 3);
}

#[test]
fn ndjson_pages_of_posts_and_other_objects_side_by_side() {
    let ndjson = format!(
        "{}\n{}\n",
        post_json(
            1,
            "a.example",
            "2025-01-01T00:00:00",
            "First tide report",
            "<p>Low tide at six.</p>"
        ),
        post_json(
            2,
            "a.example",
            "2025-01-02T00:00:00",
            "Second tide report",
            "<p>High tide at noon.</p>"
        )
    );
    let page = json!([
        {"id": 3, "type": "page", "link": "https://a.example/tides/", "title": {"rendered": "Tide tables"}},
        {"id": 4, "type": "attachment", "link": "https://a.example/tide.png"},
        {"id": 9, "name": "Tides", "slug": "tides", "taxonomy": "category", "link": "https://a.example/category/tides/"}
    ]);
    let dump = write_dump(&[("export.ndjson", &ndjson), ("pages", &page.to_string())]);
    let index = TestIndex::new();
    let run = index.index_ok(&[dump.path().to_str().unwrap()]);
    assert!(
        run.stdout.starts_with("indexed 2 posts from 1 site"),
        "{}",
        run.stdout
    );
    assert_eq!(
        index.run(&["tide", "--json", "--sort", "date"]).json_ids(),
        vec![2, 1]
    );
    assert_eq!(index.run(&["tables"]).code, 1);
}

#[test]
fn an_index_of_another_format_is_refused_until_rebuilt() {
    let index = TestIndex::new();
    index.index_ok(&["fixtures/dump/newsroom"]);
    std::fs::write(index.path().join("newsgrep-format"), "2\n").unwrap();
    let run = index.run(&["storm"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "newsgrep: index at {} has format 2, this newsgrep reads format {}; \
             run 'newsgrep index --rebuild DIR'\n",
            index.path().display(),
            newsgrep::store::FORMAT_VERSION
        )
    );
    assert_eq!(index.run(&["index", "fixtures/dump/newsroom"]).code, 2);
    index.index_ok(&["--rebuild", "fixtures/dump/newsroom"]);
    assert_eq!(index.run(&["storm", "--json"]).json_ids(), vec![303]);
}

#[test]
fn a_bulk_build_merges_its_segments_and_a_small_update_does_not() {
    let segments = |index: &TestIndex| {
        newsgrep::store::open(index.path())
            .unwrap()
            .index
            .searchable_segment_ids()
            .unwrap()
            .len()
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let index = TestIndex::new();
    // One commit per post: ten segments before the merge.
    let run = index.run(&["index", "--commit-every", "1", "fixtures/dump"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(segments(&index) <= cores.max(2), "{}", segments(&index));
    assert_eq!(stats_json(&index)["posts"], 10);
    // One post added to ten: a new segment, no merge.
    let before = segments(&index);
    let extra = write_dump(&[(
        "extra.json",
        &post_json(
            9001,
            "extra.example",
            "2024-05-01T10:00:00",
            "Extra",
            "<p>One more post.</p>",
        ),
    )]);
    let run = index.run(&["index", "fixtures/dump", extra.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(segments(&index), before + 1);
    assert_eq!(stats_json(&index)["posts"], 11);
}
