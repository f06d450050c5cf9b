//! Quotations through the CLI: `quotes`, `speakers`, `--speaker`, `speaker:` and the
//! best quotation under a search hit.

use crate::util::fixtures_index;
use serde_json::json;

#[test]
fn quotes_lists_every_quotation_newest_first_with_exact_fields() {
    let run = fixtures_index().run(&["quotes", "--json", "-n", "50"]);
    assert_eq!(run.code, 0, "{run:?}");
    let quotes = run.json_lines();
    let got: Vec<(&str, Option<&str>, u64)> = quotes
        .iter()
        .map(|q| {
            (
                q["text"].as_str().unwrap(),
                q["speaker"].as_str(),
                q["post_id"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "We came back because the families on the waterfront cannot wait any longer",
                Some("Maria Okafor"),
                101
            ),
            (
                "ready to discuss a phased plan for the new cranes.",
                Some("Daniel Reyes"),
                101
            ),
            (
                "No firmaremos un acuerdo que recorte la sanidad pública",
                Some("Ana Beltrán"),
                201
            ),
            (
                "Gusts of 110 km/h expected along the harbor tonight. Secure loose objects.",
                Some("Coast Weather Service"),
                303
            ),
            (
                "We owe the dockworkers a full hearing before any contract is signed.",
                Some("Priya Nair"),
                301
            ),
        ]
    );
    assert_eq!(
        quotes[0],
        json!({
            "text": "We came back because the families on the waterfront cannot wait any longer",
            "speaker": "Maria Okafor", "post_id": 101, "site": "www.harbor-times.example",
            "url": "https://www.harbor-times.example/2025/port-strike-talks-resume/",
            "title": "Port Strike Talks Resume as Dockworkers’ Union Returns to the Table",
            "date": "2025-03-04T09:30:00Z"
        })
    );
    assert!(
        run.stderr
            .starts_with("5 of 5 quotations shown, from 4 matching posts, in "),
        "{}",
        run.stderr
    );
}

#[test]
fn quotes_are_ranked_by_query_words_and_filtered_by_speaker() {
    let index = fixtures_index();
    let texts = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["quotes", "--json"];
        all.extend_from_slice(args);
        index
            .run(&all)
            .json_lines()
            .iter()
            .map(|q| q["text"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        texts(&["dockworkers hearing"]),
        vec!["We owe the dockworkers a full hearing before any contract is signed."]
    );
    assert_eq!(
        texts(&["--speaker", "okafor"]),
        vec!["We came back because the families on the waterfront cannot wait any longer"]
    );
    assert_eq!(
        texts(&["--speaker", "ANA BELTRAN"]),
        vec!["No firmaremos un acuerdo que recorte la sanidad pública"]
    );
    assert_eq!(
        texts(&["speaker:nair"]),
        vec!["We owe the dockworkers a full hearing before any contract is signed."]
    );
    assert_eq!(
        texts(&["cranes", "--since", "2025-03-04"]),
        vec!["ready to discuss a phased plan for the new cranes."]
    );
    let run = index.run(&["quotes", "zeppelin"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
}

#[test]
fn search_filters_and_fields_know_speakers() {
    let index = fixtures_index();
    assert_eq!(
        index
            .run(&["search", "--speaker", "reyes", "--json"])
            .json_ids(),
        vec![101]
    );
    assert_eq!(
        index
            .run(&["speaker:\"coast weather\"", "--json"])
            .json_ids(),
        vec![303]
    );
    assert_eq!(
        index
            .run(&["harbor", "--speaker", "Priya Nair", "--json"])
            .json_ids(),
        vec![301]
    );
    assert_eq!(
        index.run(&["harbor", "--speaker", "nobody", "--json"]).code,
        1
    );
}

#[test]
fn speakers_counts_quotations_and_posts() {
    let index = fixtures_index();
    let run = index.run(&["speakers", "--json"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        "{\"speaker\":\"Ana Beltrán\",\"quotes\":1,\"posts\":1}\n\
         {\"speaker\":\"Coast Weather Service\",\"quotes\":1,\"posts\":1}\n\
         {\"speaker\":\"Daniel Reyes\",\"quotes\":1,\"posts\":1}\n\
         {\"speaker\":\"Maria Okafor\",\"quotes\":1,\"posts\":1}\n\
         {\"speaker\":\"Priya Nair\",\"quotes\":1,\"posts\":1}\n"
    );
    let run = index.run(&["speakers", "--site", "harbor-times.example", "-n", "1"]);
    assert_eq!(
        run.stdout,
        " quotes   posts  speaker\n      1       1  Daniel Reyes\n"
    );
    assert!(
        run.stderr.starts_with("1 of 2 speakers shown in "),
        "{}",
        run.stderr
    );
}

#[test]
fn a_search_hit_shows_the_quotation_that_matched() {
    let run = fixtures_index().run(&["families waterfront", "--color", "never"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains(
            "\n   “We came back because the families on the waterfront cannot wait any longer” — Maria Okafor\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn one_identity_per_person_within_a_site() {
    use crate::util::{post_json, write_dump, TestIndex};
    let one = "party.example";
    let other = "other.example";
    let dump = write_dump(&[
        (
            "a.json",
            post_json(
                1,
                one,
                "2024-01-01T10:00:00",
                "Congress opens",
                "<p>Party chair Setya Novanto (Setnov) opened the congress. “We will win every province next year,” Setnov said.</p>",
            ),
        ),
        (
            "b.json",
            post_json(
                2,
                one,
                "2024-01-02T10:00:00",
                "Novanto speaks",
                "<p>“The budget must serve the villages first,” said Novanto.</p>",
            ),
        ),
        (
            "c.json",
            post_json(
                3,
                one,
                "2024-01-03T10:00:00",
                "A second interview",
                "<p>“Nobody will be left behind in this campaign,” Setnov told reporters.</p>",
            ),
        ),
        (
            "d.json",
            post_json(
                4,
                other,
                "2024-01-04T10:00:00",
                "Elsewhere",
                "<p>“Our harbour reopens on Monday morning,” Setnov said.</p>",
            ),
        ),
    ]);
    let index = TestIndex::new();
    index.index_ok(&[dump.path().to_str().unwrap()]);
    // Posts 1-3 name one person three ways; the other site's Setnov is not him.
    let run = index.run(&["speakers", "--json"]);
    assert_eq!(
        run.stdout,
        "{\"speaker\":\"Setya Novanto\",\"quotes\":3,\"posts\":3}\n\
         {\"speaker\":\"Setnov\",\"quotes\":1,\"posts\":1}\n"
    );
    for wanted in ["Setnov", "Novanto", "Setya Novanto"] {
        let run = index.run(&["quotes", "--site", one, "--speaker", wanted, "--json"]);
        let speakers: Vec<String> = run
            .stdout
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["speaker"].to_string())
            .collect();
        assert_eq!(speakers, vec!["\"Setya Novanto\""; 3], "--speaker {wanted}");
    }
    let run = index.run(&["quotes", "speaker:setnov", "--site", one, "--json"]);
    assert_eq!(run.stdout.lines().count(), 3, "{}", run.stdout);
    let run = index.run(&["quotes", "--site", other, "--json"]);
    assert!(
        run.stdout.contains("\"speaker\":\"Setnov\""),
        "{}",
        run.stdout
    );
    // Without --site, the full name finds this site's forms and not the other site's
    // Setnov; the short form finds both people, each under their own name.
    let speakers_of = |args: &[&str]| -> Vec<String> {
        index
            .run(args)
            .stdout
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["speaker"].to_string())
            .collect()
    };
    assert_eq!(
        speakers_of(&["quotes", "--speaker", "Setya Novanto", "--json"]),
        vec!["\"Setya Novanto\""; 3]
    );
    let mut both = speakers_of(&["quotes", "--speaker", "Setnov", "--json"]);
    both.sort();
    assert_eq!(
        both,
        vec![
            "\"Setnov\"",
            "\"Setya Novanto\"",
            "\"Setya Novanto\"",
            "\"Setya Novanto\""
        ]
    );
    assert_eq!(
        index
            .run(&["speakers", "--speaker", "Setya Novanto", "--json"])
            .stdout,
        "{\"speaker\":\"Setya Novanto\",\"quotes\":3,\"posts\":3}\n"
    );
    let run = index.run(&["search", "--speaker", "Setya Novanto", "--json"]);
    assert_eq!(run.stdout.lines().count(), 3, "{}", run.stdout);
}
