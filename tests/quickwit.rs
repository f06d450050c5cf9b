//! Scaling out to Quickwit: the exported records and the index config, against golden
//! files (regenerate with `NEWSGREP_UPDATE_GOLDEN=1 cargo test quickwit` and review
//! the diff).

use crate::util::{fixtures_index, project_dir, run_newsgrep};
use std::collections::BTreeSet;

/// Compares `actual` with the golden file, or rewrites the file when asked to.
fn assert_golden(name: &str, actual: &str) {
    let path = project_dir().join("tests/golden").join(name);
    if std::env::var_os("NEWSGREP_UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("write golden file");
    }
    let expected = std::fs::read_to_string(&path).expect("golden file");
    assert_eq!(
        actual,
        expected,
        "{} differs from the output",
        path.display()
    );
}

#[test]
fn the_config_and_the_fixture_records_match_their_golden_files() {
    let config = run_newsgrep(&["quickwit", "config"], &[]);
    assert_eq!(config.code, 0);
    assert_golden("quickwit-config.yaml", &config.stdout);
    let export = fixtures_index().run(&["export", "--ndjson"]);
    assert_eq!(export.code, 0, "{export:?}");
    assert_golden("export-fixtures.ndjson", &export.stdout);
}

#[test]
fn every_record_field_is_mapped_in_the_config() {
    // The config's mode is strict: a field it does not map would be rejected.
    let config = run_newsgrep(&["quickwit", "config"], &[]).stdout;
    let mapped: BTreeSet<&str> = config
        .lines()
        .filter_map(|line| line.trim().strip_prefix("- name: "))
        .collect();
    let export = fixtures_index().run(&["export", "--ndjson"]);
    let mut used = BTreeSet::new();
    for record in export.json_lines() {
        used.extend(record.as_object().unwrap().keys().cloned());
    }
    let used: BTreeSet<&str> = used.iter().map(String::as_str).collect();
    assert_eq!(used, mapped);
    assert!(config.contains("timestamp_field: date"));
}

#[test]
fn export_takes_a_query_and_filters_and_says_when_nothing_matched() {
    let index = fixtures_index();
    let run = index.run(&["export", "--ndjson", "--site", "newsroom.example.com"]);
    assert_eq!(run.json_ids(), vec![301, 302, 303]);
    let run = index.run(&["export", "--ndjson", "ferry"]);
    // By site (without `www.`), then id: harbor-times.example before newsroom.
    assert_eq!(run.json_ids(), vec![102, 303]);
    let records = run.json_lines();
    assert_eq!(records[1]["site"], "newsroom.example.com");
    assert_eq!(
        records[1]["speakers"],
        serde_json::json!(["Coast Weather Service"])
    );
    assert!(records[0].get("date").is_some());
    let run = index.run(&["export", "--ndjson", "zeppelin"]);
    assert_eq!((run.code, run.stdout.as_str()), (1, ""));
    let run = index.run(&["export"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--ndjson"), "{}", run.stderr);
    let run = run_newsgrep(&["quickwit", "config", "--index-id", "1x"], &[]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "newsgrep: --index-id '1x': Quickwit index ids are 3 to 255 letters, digits, - or _, starting with a letter\n"
    );
    let run = run_newsgrep(&["quickwit", "config", "--index-id", "news_2025"], &[]);
    assert!(run.stdout.contains("\nindex_id: news_2025\n"));
}

#[test]
fn the_fixture_records_cut_into_whole_line_chunks() {
    let export = fixtures_index().run(&["export", "--ndjson"]).stdout;
    let chunks = newsgrep::quickwit::chunk_lines(&export, 4096).unwrap();
    assert!(chunks.len() > 1);
    let joined: String = chunks.iter().map(|r| &export[r.clone()]).collect();
    assert_eq!(joined, export);
    for chunk in &chunks {
        assert!(chunk.len() <= 4096 && export[chunk.clone()].ends_with('\n'));
    }
    assert_eq!(newsgrep::quickwit::MAX_CHUNK_BYTES, 9 * 1024 * 1024);
}
