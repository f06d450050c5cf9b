//! Searching: query syntax, filters, sorting, limits and the two output formats.

use crate::util::{fixtures_index, post_json, run_newsgrep, write_dump, TestIndex};

fn ids(args: &[&str]) -> Vec<u64> {
    let mut all = args.to_vec();
    all.push("--json");
    let run = fixtures_index().run(&all);
    assert!(run.code == 0 || run.code == 1, "{run:?}");
    run.json_ids()
}

#[test]
fn phrases_must_match_in_order() {
    assert_eq!(ids(&["\"storm warning\""]), vec![303]);
    assert_eq!(ids(&["\"warning storm\""]), Vec::<u64>::new());
}

#[test]
fn excluded_words_remove_posts() {
    assert_eq!(ids(&["harbor -cranes"]), vec![302, 303]);
    assert_eq!(ids(&["harbor -\"new cranes\" -tram"]), vec![301, 303]);
}

#[test]
fn or_accepts_either_word() {
    let mut found = ids(&["festival OR lluvias"]);
    found.sort_unstable();
    assert_eq!(found, vec![202, 204]);
}

#[test]
fn field_prefixes_search_one_field() {
    assert_eq!(ids(&["title:ferry"]), vec![102]);
    assert_eq!(
        ids(&["category:transport", "--sort", "date"]),
        vec![102, 302]
    );
    assert_eq!(ids(&["quotes:dockworkers"]), vec![301]);
    assert_eq!(ids(&["quotes:families"]), vec![101]);
    assert_eq!(
        ids(&["site:diario-sur", "--sort", "date"]),
        vec![203, 201, 202, 204]
    );
    assert_eq!(
        ids(&["body:cranes -title:cranes", "--sort", "date"]),
        vec![101]
    );
}

#[test]
fn date_filters_are_inclusive_whole_days_and_sort_by_date_is_newest_first() {
    assert_eq!(
        ids(&[
            "search",
            "--since",
            "2025-03-01",
            "--until",
            "2025-03-04",
            "--sort",
            "date"
        ]),
        vec![101, 201, 303, 104]
    );
    assert_eq!(
        ids(&[
            "search",
            "--since",
            "2025-03-04T09:30:01Z",
            "--sort",
            "date"
        ]),
        vec![203]
    );
    assert_eq!(ids(&["search", "--until", "2024-12-31"]), vec![204]);
}

#[test]
fn category_and_site_filters() {
    assert_eq!(
        ids(&["search", "--category", "port news", "--sort", "date"]),
        vec![101, 104]
    );
    assert_eq!(
        ids(&["search", "--category", "PORT-NEWS", "--sort", "date"]),
        vec![101, 104]
    );
    assert_eq!(ids(&["search", "--category", "harbor"]), vec![301]);
    assert_eq!(
        ids(&[
            "search",
            "--category",
            "harbor",
            "--category",
            "transport",
            "--sort",
            "date"
        ]),
        vec![301, 102, 302]
    );
    assert_eq!(
        ids(&["harbor", "--site", "harbor-times.example", "--sort", "date"]),
        vec![101]
    );
    assert_eq!(
        ids(&["harbor", "--site", "https://www.harbor-times.example/"]),
        vec![101]
    );
    assert_eq!(
        ids(&["cranes", "--site", "newsroom.example.com"]),
        vec![301]
    );
}

#[test]
fn limit_caps_the_hits_and_the_summary_counts_all_matches() {
    let run = fixtures_index().run(&["harbor", "-n", "2", "--json"]);
    assert_eq!(run.json_ids().len(), 2);
    assert!(
        run.stderr.starts_with("2 of 4 matches shown in "),
        "{}",
        run.stderr
    );
    assert!(run.stderr.ends_with(" ms\n"), "{}", run.stderr);
}

#[test]
fn json_hits_have_exactly_the_documented_keys() {
    let run = fixtures_index().run(&["dockworkers union", "--json", "-n", "1"]);
    assert_eq!(run.code, 0);
    let line = run.stdout.lines().next().unwrap();
    let hit: serde_json::Map<String, serde_json::Value> = serde_json::from_str(line).unwrap();
    let keys: Vec<&str> = hit.keys().map(String::as_str).collect();
    let mut expected = vec![
        "rank",
        "score",
        "id",
        "site",
        "url",
        "title",
        "date",
        "categories",
        "tags",
        "author",
        "snippet",
        "title_highlights",
        "snippet_highlights",
    ];
    expected.sort();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(sorted, expected);
    assert!(line.starts_with("{\"rank\":1,\"score\":"), "{line}");
    assert_eq!(hit["id"], 101);
    assert_eq!(hit["site"], "www.harbor-times.example");
    assert_eq!(hit["date"], "2025-03-04T09:30:00Z");
    assert_eq!(
        hit["snippet"],
        "Negotiators for the dockworkers’ union and the Harbor Authority met again on Tuesday, \
         ending a week-long pause in talks over pay and automation. “We came back because the…"
    );
    // Character offsets: `’` (three bytes) counts one before `Union`.
    assert_eq!(
        hit["title_highlights"],
        serde_json::json!([[28, 39], [41, 46]])
    );
    assert_eq!(
        hit["snippet_highlights"],
        serde_json::json!([[20, 31], [33, 38]])
    );
}

#[test]
fn offset_pages_and_sites_and_speakers_repeat() {
    let index = fixtures_index();
    let all = index.run(&["harbor", "--json", "-q"]).json_ids();
    assert_eq!(all.len(), 4);
    let page = index.run(&["harbor", "--json", "-q", "-n", "2", "--offset", "2"]);
    assert_eq!(page.json_ids(), all[2..].to_vec());
    assert_eq!(page.json_lines()[0]["rank"], 3);
    let run = index.run(&[
        "--json",
        "-q",
        "--site",
        "diario-sur.example",
        "--site",
        "harbor-times.example",
        "--speaker",
        "okafor",
        "--speaker",
        "beltrán",
    ]);
    let mut ids = run.json_ids();
    ids.sort();
    assert_eq!(ids.len(), 2, "{}", run.stdout);
}

#[test]
fn human_output_shows_title_date_site_categories_url_and_snippet() {
    let run = fixtures_index().run(&["storm warning", "--color", "never"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        "1. Storm Warning for the Coast Tonight\n   \
         2025-03-02 · newsroom.example.com · 24\n   \
         https://newsroom.example.com/2025/storm-warning/\n   \
         Forecasters issued a storm warning for the coast. Radar images of the storm front at 5 a.m.\n   \
         Gusts of 110 km/h expected along the harbor tonight. Secure loose objects. — Coast…\n"
    );
}

#[test]
fn a_hit_shows_the_quotation_that_holds_the_query_words() {
    // Quotations rank as part of the body; the one with the query's words is shown
    // under the snippet, whether the words were typed plain or as quotes:.
    let okafor = "   “We came back because the families on the waterfront cannot wait any \
                  longer” — Maria Okafor\n";
    for typed in ["waterfront families", "quotes:families", "quote:families"] {
        let run = fixtures_index().run(&[typed, "--color", "never"]);
        assert_eq!(run.code, 0, "{typed}");
        assert!(
            run.stdout.starts_with("1. Port Strike Talks"),
            "{}",
            run.stdout
        );
        assert!(run.stdout.ends_with(okafor), "{typed}: {}", run.stdout);
    }
    // Words in no quotation show none.
    let run = fixtures_index().run(&["daily friday", "--color", "never"]);
    assert!(
        run.stdout.starts_with("1. Port Strike Talks"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("” — "), "{}", run.stdout);
}

#[test]
fn colour_highlights_matches_only_when_asked() {
    let index = fixtures_index();
    let run = index.run(&["gusts", "--color", "always"]);
    assert!(
        run.stdout.contains("\x1b[1;31mGusts\x1b[0m"),
        "{:?}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("\x1b[1mStorm Warning for the Coast Tonight\x1b[0m"));
    // Not a terminal: `auto` stays plain, and so does NO_COLOR.
    let run = index.run(&["gusts"]);
    assert!(!run.stdout.contains('\x1b'), "{:?}", run.stdout);
    let run = index.run_with_env(&["gusts", "--color", "auto"], &[("NO_COLOR", "1")]);
    assert!(!run.stdout.contains('\x1b'));
}

#[test]
fn recent_weighs_relevance_by_age() {
    assert_eq!(ids(&["harbor"]), vec![301, 302, 101, 303]);
    assert_eq!(
        ids(&["harbor", "--sort", "recent", "--half-life", "1"]),
        vec![101, 301, 303, 302]
    );
    assert_eq!(
        ids(&["harbor", "--sort", "recent", "--half-life", "100000"]),
        vec![301, 302, 101, 303]
    );
    // The newest post of the index (203, 2025-03-06 10:00) sets the clock: 101
    // (2025-03-04 09:30) is 2 days and 30 minutes, that many half-lives, older.
    let run = fixtures_index().run(&["harbor", "--json", "--sort", "recent", "--half-life", "1"]);
    let hits = run.json_lines();
    let relevance = fixtures_index().run(&["harbor", "--json"]).json_lines();
    let plain = relevance.iter().find(|h| h["id"] == 101).unwrap()["score"]
        .as_f64()
        .unwrap();
    let decayed = hits[0]["score"].as_f64().unwrap();
    let half_lives = 2.0 + 0.5 / 24.0;
    assert!(
        (decayed - plain * 0.5f64.powf(half_lives)).abs() < 1e-4,
        "{decayed} vs {plain}"
    );
    let run = fixtures_index().run(&["harbor", "--sort", "recent", "--half-life", "0"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "newsgrep: --half-life must be a number of days above 0\n"
    );
}

#[test]
fn a_bad_half_life_is_said_before_anything_else_is_checked() {
    let run = run_newsgrep(
        &[
            "--index",
            "/nonexistent-newsgrep-test",
            "search",
            "x",
            "--half-life",
            "0",
            "--since",
            "garbage",
        ],
        &[],
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "newsgrep: --half-life must be a number of days above 0\n"
    );
}

#[test]
fn words_found_in_many_posts_weigh_almost_nothing_next_to_a_rare_one() {
    // 60 posts; "market", "prices", "rose" and "week" are each in 27 of them. Post 1
    // repeats all four; post 2 has the one rare word the query holds. With tantivy's
    // idf the four common words together outweigh the rare one; with Robertson and
    // Spärck Jones's (FTS5's) they weigh almost nothing.
    let mut files = Vec::new();
    for id in 3..=60u64 {
        let text = if id <= 27 {
            "<p>The market prices rose this week, traders said.</p>"
        } else {
            "<p>Rain fell over the hills and the rivers ran high.</p>"
        };
        files.push((
            format!("{id}.json"),
            post_json(id, "a.example", "2024-01-01T00:00:00", "News", text),
        ));
    }
    files.push((
        "1.json".to_string(),
        post_json(1, "a.example", "2024-01-01T00:00:00", "Trading", "<p>Market prices rose, market prices rose all week, and market prices rose again this week.</p>"),
    ));
    files.push((
        "2.json".to_string(),
        post_json(
            2,
            "a.example",
            "2024-01-01T00:00:00",
            "Airships",
            "<p>A zeppelin flew over the town on a clear and quiet day.</p>",
        ),
    ));
    let dump = write_dump(&files);
    let index = TestIndex::new();
    index.index_ok(&[dump.path().to_str().unwrap()]);
    let run = index.run(&["market prices rose week zeppelin", "--json", "-n", "2"]);
    assert_eq!(run.json_ids(), vec![2, 1]);
}
