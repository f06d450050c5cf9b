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

mod push {
    use crate::quickwit_mock::{Fault, Mock};
    use crate::util::{project_dir, run_newsgrep};
    use newsgrep::quickwit::{push, PushConfig, State};
    use std::path::{Path, PathBuf};
    use std::time::Duration;

    const SITE: &str = "www.harbor-times.example";

    /// A push of the fixtures' harbor-times posts (3: 1,072, 405 and 430 bytes) in
    /// chunks of at most 1,100 bytes (two), with no waiting.
    fn config(mock: &Mock, state: &Path) -> PushConfig {
        let mut config = PushConfig::new(
            vec![project_dir().join("fixtures/dump")],
            &mock.url,
            SITE,
            state.to_path_buf(),
        );
        config.first_pause = Duration::from_millis(1);
        config.grace = Duration::ZERO;
        config.max_chunk = 1100;
        config.publish_timeout = Duration::from_millis(50);
        config
    }

    fn state_file() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        (dir, path)
    }

    fn live(state: &Path, mock: &Mock) -> Option<String> {
        let state = State::load(state).unwrap();
        state.clusters[&mock.url].sites["harbor-times.example"]
            .live
            .clone()
    }

    #[test]
    fn a_push_creates_a_generation_ingests_whole_lines_and_switches() {
        let mock = Mock::start();
        let (_dir, state) = state_file();
        let report = push(&config(&mock, &state)).unwrap();
        assert_eq!(report.index, "ng-harbor-times-example-1");
        assert_eq!((report.posts, report.replaced.clone()), (3, None));
        assert!(report.chunks >= 2, "{report:?}");
        mock.with(|c| {
            assert_eq!(c.indexes["ng-harbor-times-example-1"], (0, 3));
            assert_eq!(c.ingested.len(), report.chunks);
            for body in &c.ingested {
                assert!(body.len() <= 1100 && body.ends_with('\n'));
                for line in body.lines() {
                    let record: serde_json::Value = serde_json::from_str(line).unwrap();
                    assert_eq!(record["site"], SITE);
                }
            }
            let ingests: Vec<&String> = c.log.iter().filter(|l| l.contains("/ingest")).collect();
            assert!(ingests.last().unwrap().contains("commit=force"));
            assert!(ingests[..ingests.len() - 1]
                .iter()
                .all(|l| l.contains("commit=auto")));
        });
        assert_eq!(
            live(&state, &mock).as_deref(),
            Some("ng-harbor-times-example-1")
        );

        // The next push is generation 2; the first goes at once with no grace.
        let report = push(&config(&mock, &state)).unwrap();
        assert_eq!(report.index, "ng-harbor-times-example-2");
        assert_eq!(
            report.replaced.as_deref(),
            Some("ng-harbor-times-example-1")
        );
        assert_eq!(report.deleted, vec!["ng-harbor-times-example-1"]);
        mock.with(|c| {
            let ids: Vec<&String> = c.indexes.keys().collect();
            assert_eq!(ids, vec!["ng-harbor-times-example-2"]);
        });

        // With a grace period the replaced generation waits in the state file.
        let mut waiting = config(&mock, &state);
        waiting.grace = Duration::from_secs(3600);
        let report = push(&waiting).unwrap();
        assert_eq!(report.index, "ng-harbor-times-example-3");
        assert!(report.deleted.is_empty());
        let saved = State::load(&state).unwrap();
        let site = &saved.clusters[&mock.url].sites["harbor-times.example"];
        assert_eq!(site.retired.len(), 1);
        assert_eq!(site.retired[0].index, "ng-harbor-times-example-2");
        assert_eq!(mock.with(|c| c.indexes.len()), 2);
    }

    #[test]
    fn busy_answers_are_retried() {
        let mock = Mock::start();
        let (_dir, state) = state_file();
        mock.with(|c| {
            c.faults
                .extend([Fault::Busy, Fault::Unavailable, Fault::Busy])
        });
        let report = push(&config(&mock, &state)).unwrap();
        assert_eq!(report.posts, 3);
        let attempts = mock.with(|c| c.log.iter().filter(|l| l.contains("/ingest")).count());
        assert_eq!(attempts, report.chunks + 3);
    }

    #[test]
    fn a_failure_mid_ingest_leaves_the_old_generation_live() {
        let mock = Mock::start();
        let (_dir, state) = state_file();
        push(&config(&mock, &state)).unwrap();
        let url = mock.url.clone();
        let cases: Vec<(Vec<Fault>, String)> = vec![
            (
                vec![Fault::Pass, Fault::Error],
                "POST /api/v1/ng-harbor-times-example-2/ingest?commit=force&detailed_response=true: 500 internal error: failed to persist records: WAL is full".to_string(),
            ),
            (
                vec![Fault::Pass, Fault::Reject("Ferry".to_string())],
                "Quickwit rejected 1 of 2 records: failed to parse document: field `extra` is not declared in the doc mapping".to_string(),
            ),
            (
                vec![Fault::Busy; 6],
                "gave up after 6 attempts: 429 too many requests".to_string(),
            ),
        ];
        for (faults, reason) in cases {
            mock.with(|c| {
                c.faults.clear();
                c.faults.extend(faults.clone());
            });
            let err = push(&config(&mock, &state)).unwrap_err().to_string();
            let head = format!(
                "push of harbor-times.example to {url} failed, ng-harbor-times-example-1 stays live: "
            );
            assert!(err.starts_with(&head), "{err}");
            assert!(err.contains(&reason), "{err}");
            assert_eq!(
                live(&state, &mock).as_deref(),
                Some("ng-harbor-times-example-1")
            );
            // The half-filled generation is gone.
            let ids: Vec<String> = mock.with(|c| c.indexes.keys().cloned().collect());
            assert_eq!(ids, vec!["ng-harbor-times-example-1"], "{faults:?}");
        }
        // Published short of what was sent: refused too.
        mock.with(|c| {
            c.faults.clear();
            c.publish_short = 1;
        });
        let err = push(&config(&mock, &state)).unwrap_err().to_string();
        assert!(err.ends_with("publishes 2 documents, 3 were sent"), "{err}");
        assert_eq!(
            live(&state, &mock).as_deref(),
            Some("ng-harbor-times-example-1")
        );
    }

    #[test]
    fn a_site_missing_from_the_dump_is_an_error_and_the_cli_pushes() {
        let mock = Mock::start();
        let (dir, state) = state_file();
        let mut nobody = config(&mock, &state);
        nobody.site = "absent.example".to_string();
        let err = push(&nobody).unwrap_err().to_string();
        assert!(
            err.ends_with("nothing was live: the dump holds no posts of absent.example"),
            "{err}"
        );
        assert!(mock.with(|c| c.indexes.is_empty()));

        let index = dir.path().join("index");
        let run = run_newsgrep(
            &[
                "--index",
                index.to_str().unwrap(),
                "push",
                "fixtures/dump",
                "--quickwit",
                &mock.url,
                "--site",
                SITE,
            ],
            &[],
        );
        assert_eq!(run.code, 0, "{run:?}");
        assert_eq!(
            run.stdout,
            "pushed 3 posts in 1 requests: ng-harbor-times-example-1 is live\n"
        );
        assert!(index.join("quickwit-state.json").is_file());
        let run = run_newsgrep(
            &[
                "push",
                "fixtures/dump",
                "--quickwit",
                "localhost:7280",
                "--site",
                SITE,
            ],
            &[],
        );
        assert_eq!(run.code, 2);
        assert_eq!(
            run.stderr,
            "newsgrep: --quickwit 'localhost:7280': give the cluster's http:// or https:// address\n"
        );
    }

    #[test]
    fn remote_search_asks_the_live_generations_and_prints_like_local_hits() {
        let mock = Mock::start();
        let (dir, state) = state_file();
        push(&config(&mock, &state)).unwrap();
        let index = dir.path().join("index");
        let index = index.to_str().unwrap();
        let state_path = state.to_str().unwrap();
        let remote = |extra: &[&str]| {
            let mut args = vec!["--index", index, "search", "--remote", &mock.url];
            args.extend(["--state", state_path]);
            args.extend_from_slice(extra);
            run_newsgrep(&args, &[])
        };
        let run = remote(&[
            "ferry -strike",
            "--category",
            "Transport",
            "--since",
            "2025-02-01",
            "--until",
            "2025-02-28",
            "--sort",
            "date",
            "-n",
            "2",
            "--json",
        ]);
        assert_eq!(run.code, 0, "{run:?}");
        let query = mock.with(|c| c.searches.last().cloned().unwrap());
        let params: Vec<(String, String)> = serde_urlencoded::from_str(&query).unwrap();
        let params: Vec<(&str, &str)> = params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            params,
            vec![
                (
                    "query",
                    "(ferry) AND -strike AND (categories:\"Transport\")"
                ),
                ("max_hits", "2"),
                ("start_offset", "0"),
                ("sort_by", "date"),
                ("snippet_fields", "body"),
                ("format", "json"),
                ("start_timestamp", "1738368000"),
                ("end_timestamp", "1740787200"),
            ]
        );
        assert!(mock.with(|c| c
            .log
            .contains(&"GET /api/v1/ng-harbor-times-example-1/search".to_string())));
        let hits = run.json_lines();
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0]["id"], 101);
        assert_eq!(hits[0]["rank"], 1);
        assert_eq!(hits[0]["snippet"], "The island ferry will run & more");
        assert_eq!(hits[0]["snippet_highlights"], serde_json::json!([[11, 16]]));
        assert_eq!(
            hits[1]["snippet"].as_str().unwrap().split(' ').next(),
            Some("The")
        );
        assert!(
            run.stderr.starts_with("2 of 3 matches shown in "),
            "{}",
            run.stderr
        );

        // A web address names the deepest site pushed, as locally.
        let searches = mock.with(|c| c.searches.len());
        let run = remote(&[
            "--site",
            "https://www.harbor-times.example/2025/02/ferry/",
            "ferry",
        ]);
        assert_eq!(run.code, 0, "{run:?}");
        assert_eq!(mock.with(|c| c.searches.len()), searches + 1);
        assert!(mock
            .with(|c| c.log.last()
                == Some(&"GET /api/v1/ng-harbor-times-example-1/search".to_string())));

        // An install whose push never finished has no live index to search.
        let mut pushed = State::load(&state).unwrap();
        pushed.site_mut(&mock.url, "harbor-times.example/fr");
        pushed.save(&state).unwrap();
        let run = remote(&["--site", "harbor-times.example/fr", "ferry"]);
        assert_eq!(run.code, 2);
        assert_eq!(
            run.stderr,
            format!(
                "newsgrep: harbor-times.example/fr has no live index on {}: no push of it from here finished\n",
                mock.url
            )
        );

        // A site never pushed, and a cluster nothing was pushed to, are errors.
        let run = remote(&["--site", "absent.example", "ferry"]);
        assert_eq!(run.code, 2);
        assert_eq!(
            run.stderr,
            format!(
                "newsgrep: absent.example was never pushed to {} from here\n",
                mock.url
            )
        );
        let run = run_newsgrep(
            &[
                "--index",
                index,
                "search",
                "--remote",
                "http://127.0.0.1:9",
                "ferry",
            ],
            &[],
        );
        assert_eq!(run.code, 2);
        assert!(
            run.stderr
                .starts_with("newsgrep: nothing was pushed to http://127.0.0.1:9 from here"),
            "{}",
            run.stderr
        );
    }
}

/// The real check: the five real dumps pushed to a running Quickwit and searched
/// there. Run with `NEWSGREP_QUICKWIT_URL=http://127.0.0.1:7280
/// NEWSGREP_CORPUS=../shared/corpus cargo test real_quickwit -- --ignored`.
#[test]
#[ignore = "needs a running Quickwit: set NEWSGREP_QUICKWIT_URL"]
fn real_quickwit_takes_the_real_posts_and_finds_them() {
    let test = "real_quickwit_takes_the_real_posts_and_finds_them";
    let Some(url) = std::env::var("NEWSGREP_QUICKWIT_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        return crate::util::skip(test, "NEWSGREP_QUICKWIT_URL is not set");
    };
    let Some(corpus) = crate::util::corpus_dir(test) else {
        return;
    };
    use crate::dumps;
    let work = tempfile::tempdir().unwrap();
    let state = work.path().join("state.json");
    let state = state.to_str().unwrap();
    for dump in dumps::DUMPS {
        let dump = corpus.join(dump);
        let dump = dump.to_str().unwrap();
        // The site of the dump, and its posts, from a local index of it.
        let local = work.path().join("local");
        let local = local.to_str().unwrap();
        let run = run_newsgrep(&["--index", local, "index", "--rebuild", "-q", dump], &[]);
        assert!(run.code <= 1, "{run:?}");
        let stats: serde_json::Value =
            serde_json::from_str(&run_newsgrep(&["--index", local, "stats", "--json"], &[]).stdout)
                .unwrap();
        for (site, posts) in stats["sites"].as_object().unwrap() {
            let run = run_newsgrep(
                &[
                    "--index",
                    local,
                    "push",
                    dump,
                    "--quickwit",
                    &url,
                    "--site",
                    site,
                    "--grace",
                    "0",
                    "--state",
                    state,
                ],
                &[],
            );
            assert_eq!(run.code, 0, "{run:?}");
            assert!(
                run.stdout.starts_with(&format!("pushed {posts} posts in ")),
                "{}",
                run.stdout
            );
            // Every post is found there, by the site alone.
            let run = run_newsgrep(
                &[
                    "--index", local, "search", "--remote", &url, "--state", state, "--site", site,
                    "-n", "1", "--json",
                ],
                &[],
            );
            assert_eq!(run.code, 0, "{run:?}");
            assert!(
                run.stderr.starts_with(&format!("1 of {posts} matches")),
                "{site}: {}",
                run.stderr
            );
        }
    }
}
