//! What the command line prints for people: facets, `show`, colour and hyperlinks,
//! progress, verbose steps, completions and the manual page.

use crate::util::{fixtures_index, post_json, run_newsgrep, write_dump, TestIndex};

#[test]
fn facets_count_every_matching_post_after_the_hits() {
    let index = fixtures_index();
    let run = index.run(&["ferry", "--facets", "-n", "0", "-q"]);
    assert_eq!(run.code, 0, "{run:?}");
    let bar = "█".repeat(30);
    assert_eq!(
        run.stdout,
        format!(
            "Categories\n  24         1 {bar}\n  Transport  1 {bar}\n\
             Sites\n  newsroom.example.com      1 {bar}\n  www.harbor-times.example  1 {bar}\n\
             Speakers\n  Coast Weather Service  1 {bar}\n\
             Dates (per month)\n  2025-02  1 {bar}\n  2025-03  1 {bar}\n"
        )
    );
    // JSON: the hits, then one last line with the facets; --facet-limit cuts lists.
    let run = index.run(&["ferry", "--facets", "--facet-limit", "1", "--json", "-q"]);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[2],
        serde_json::json!({"facets": {
            "category": [{"value": "24", "count": 1}],
            "site": [{"value": "newsroom.example.com", "count": 1}],
            "speaker": [{"value": "Coast Weather Service", "count": 1}],
            "month": [{"value": "2025-02", "count": 1}, {"value": "2025-03", "count": 1}],
            "undated": 0
        }})
    );
    // Not asked for: no facets line.
    let run = index.run(&["ferry", "--json", "-q"]);
    assert_eq!(run.json_ids(), vec![102, 303]);
}

#[test]
fn show_prints_one_post_by_id_site_id_or_url() {
    let index = fixtures_index();
    let run = index.run(&["show", "101"]);
    assert_eq!(run.code, 0, "{run:?}");
    let head: Vec<&str> = run.stdout.lines().take(11).collect();
    assert_eq!(
        head,
        vec![
            "Port Strike Talks Resume as Dockworkers’ Union Returns to the Table",
            "2025-03-04T09:30:00Z · www.harbor-times.example · en",
            "Categories: Labour & Unions, Port News",
            "Tags: Strike",
            "Author: Lena Fischer",
            "https://www.harbor-times.example/2025/port-strike-talks-resume/",
            "",
            "Quotes",
            "  “We came back because the families on the waterfront cannot wait any longer” — Maria Okafor",
            "  “ready to discuss a phased plan for the new cranes.” — Daniel Reyes",
            "",
        ]
    );
    assert!(run.stdout.contains(
        "\n\nHarbor Authority chair Daniel Reyes said the authority was “ready to discuss a phased plan for the\nnew cranes.”\n"
    ), "{}", run.stdout);
    // The same post by site and id, and by its url with the other scheme and no slash.
    assert_eq!(
        index.run(&["show", "harbor-times.example/101"]).stdout,
        run.stdout
    );
    let url = "http://www.harbor-times.example/2025/port-strike-talks-resume";
    assert_eq!(index.run(&["show", url]).stdout, run.stdout);
    let json = index.run(&["show", "101", "--json"]).json_lines();
    assert_eq!(json.len(), 1);
    assert_eq!(json[0]["id"], 101);
    assert_eq!(json[0]["modified"], "2025-03-05T08:00:00Z");
    assert_eq!(json[0]["quotes"][1]["speaker"], "Daniel Reyes");
    assert_eq!(json[0]["quotes"][1]["paragraph"], 2);
    assert!(json[0]["body"]
        .as_str()
        .unwrap()
        .starts_with("Negotiators for the dockworkers’ union"));
}

#[test]
fn show_says_what_is_missing_ambiguous_or_malformed() {
    let index = fixtures_index();
    let run = index.run(&["show", "999"]);
    assert_eq!((run.code, run.stdout.as_str()), (1, ""));
    assert_eq!(run.stderr, "newsgrep: no post 999 in the index\n");
    let run = index.run(&["show", "example.org/2025/x"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "newsgrep: 'example.org/2025/x' is not a post id, SITE/ID or url (http:// or https://)\n"
    );
    let dump = write_dump(&[
        (
            "a.json",
            &post_json(7, "a.example", "2025-01-01T00:00:00", "A", "<p>One.</p>"),
        ),
        (
            "b.json",
            &post_json(7, "b.example", "2025-01-02T00:00:00", "B", "<p>Two.</p>"),
        ),
    ]);
    let shared = TestIndex::new();
    shared.index_ok(&[dump.path().to_str().unwrap()]);
    let run = shared.run(&["show", "7"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "newsgrep: 2 posts have id 7; name one as SITE/ID: a.example/7, b.example/7\n"
    );
    assert!(shared
        .run(&["show", "b.example/7"])
        .stdout
        .starts_with("B\n"));
}

#[test]
fn show_pages_through_the_pager_when_asked() {
    let index = fixtures_index();
    let run = index.run_with_env(
        &["show", "101", "--paging", "always"],
        &[("PAGER", "sed s/^/paged:/")],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.lines().all(|line| line.starts_with("paged:")));
    assert!(run.stdout.starts_with("paged:Port Strike Talks Resume"));
    // Into a pipe, `auto` does not page.
    let run = index.run_with_env(&["show", "101"], &[("PAGER", "sed s/^/paged:/")]);
    assert!(run.stdout.starts_with("Port Strike Talks Resume"));
}

#[test]
fn forced_colour_highlights_matches_in_titles_and_snippets_and_links_urls() {
    let index = fixtures_index();
    let run = index.run(&["--color", "always", "ferry", "-n", "1", "-q"]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "\x1b[2m1. \x1b[0m\x1b[1;31mFerry\x1b[0m\x1b[1m Timetable Changes for Spring\x1b[0m"
    );
    assert!(
        lines[3].starts_with("   The island \x1b[1;31mferry\x1b[0m will run"),
        "{}",
        lines[3]
    );
    assert_eq!(
        lines[2],
        "   \x1b[34mhttps://www.harbor-times.example/2025/ferry-timetable-changes/\x1b[0m"
    );
    let run = index.run(&["--hyperlinks", "always", "ferry", "-n", "1", "-q"]);
    let url = "https://www.harbor-times.example/2025/ferry-timetable-changes/";
    assert_eq!(
        run.stdout.lines().nth(2).unwrap(),
        format!("   \x1b]8;;{url}\x1b\\{url}\x1b]8;;\x1b\\")
    );
    // NO_COLOR turns `auto` off, not `always`; a pipe is never coloured by `auto`.
    let run = index.run_with_env(&["ferry", "-q"], &[("NO_COLOR", "1")]);
    assert!(!run.stdout.contains('\x1b'));
    let run = index.run_with_env(&["--color=always", "ferry", "-q"], &[("NO_COLOR", "1")]);
    assert!(run.stdout.contains("\x1b[1;31m"));
}

#[test]
fn index_draws_progress_only_when_forced_or_on_a_terminal() {
    let index = TestIndex::new();
    let run = index.run(&["index", "fixtures/dump", "--progress", "always"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains("indexing files 8/8 · posts 10/10"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(" reading files 16/16"),
        "{}",
        run.stderr
    );
    // Into a pipe (as here), nothing but the problems.
    let quiet = TestIndex::new();
    let run = quiet.run(&["index", "fixtures/dump"]);
    assert_eq!(run.stderr, "");
    assert!(run.stdout.starts_with("indexed 10 posts from 3 sites in "));
    let run = quiet.run(&["index", "fixtures/dump", "-q"]);
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
}

#[test]
fn verbose_says_each_step_and_the_words_left_out() {
    let index = TestIndex::new();
    let run = index.run(&["-v", "index", "fixtures/dump"]);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 5, "{}", run.stderr);
    assert_eq!(
        lines[0],
        format!("newsgrep: index at {}", index.path().display())
    );
    assert!(
        lines[1].starts_with("newsgrep: read 16 files (15.4 kB) in "),
        "{}",
        lines[1]
    );
    assert!(lines[2].starts_with("newsgrep: indexed 10 changed posts from 8 files (13.8 kB) in "));
    assert!(lines[3].starts_with("newsgrep: committed in "));
    assert!(lines[4].starts_with("newsgrep: merged the new segments in "));
    // `the` is in all 60 posts of this dump: left out, and -v says so.
    let posts: Vec<(String, String)> = (1..=60)
        .map(|id| {
            let body = if id == 5 {
                "<p>The ferry sails.</p>"
            } else {
                "<p>The tide turns.</p>"
            };
            (
                format!("p{id}.json"),
                post_json(id, "c.example", "2025-01-01T00:00:00", "Note", body),
            )
        })
        .collect();
    let dump = write_dump(&posts);
    let index = TestIndex::new();
    index.index_ok(&[dump.path().to_str().unwrap()]);
    let run = index.run(&["-v", "the", "ferry", "-q", "--json"]);
    assert_eq!(run.json_ids(), vec![5]);
    assert_eq!(
        run.stderr,
        format!(
            "newsgrep: index at {}\nnewsgrep: not searched, in over half of the posts: the\n",
            index.path().display()
        )
    );
    assert_eq!(run_newsgrep(&["-q", "-v", "stats"], &[]).code, 2);
}

#[test]
fn completions_and_the_manual_page() {
    let expected = [
        ("bash", "_newsgrep() {"),
        ("zsh", "#compdef newsgrep"),
        ("fish", "complete -c newsgrep"),
        (
            "powershell",
            "Register-ArgumentCompleter -Native -CommandName 'newsgrep'",
        ),
    ];
    for (shell, marker) in expected {
        let run = run_newsgrep(&["completions", shell], &[]);
        assert_eq!(run.code, 0, "{shell}: {run:?}");
        assert!(run.stdout.contains(marker), "{shell}: {}", run.stdout);
        assert!(run.stdout.contains("show"), "{shell}: no `show` command");
    }
    let run = run_newsgrep(&["completions", "tcsh"], &[]);
    assert_eq!(run.code, 2);
    let run = run_newsgrep(&["man"], &[]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains(".TH newsgrep 1"), "{}", run.stdout);
    assert!(run
        .stdout
        .contains("newsgrep talks \\-\\-since 2025\\-11\\-01"));
    // Every command's --help has examples.
    for command in [
        "index",
        "search",
        "show",
        "quotes",
        "speakers",
        "stats",
        "completions",
        "man",
    ] {
        let run = run_newsgrep(&[command, "--help"], &[]);
        assert!(
            run.stdout.contains("Examples:\n  newsgrep "),
            "{command}: {}",
            run.stdout
        );
    }
}
