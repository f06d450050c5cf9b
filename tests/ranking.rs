//! Ranking: every query word beats some, title and quotes beat body, words are
//! stemmed and accents folded, long queries still find the best post.

use crate::util::{fixtures_index, post_json, write_dump, TestIndex};

#[test]
fn posts_with_every_word_rank_above_posts_with_some_even_when_bm25_disagrees() {
    let strike_only = post_json(
        1,
        "x.example",
        "2025-01-01T00:00:00",
        "Strike strike strike",
        "<p>Strike. Strike again. The strike goes on, strike after strike.</p>",
    );
    let both = post_json(
        2,
        "x.example",
        "2025-01-02T00:00:00",
        "Council report",
        "<p>A long council report that mentions the harbor once and, further on, a strike once, \
         among many other words about budgets, schools, roads, parks and libraries.</p>",
    );
    let harbor_only = post_json(
        3,
        "x.example",
        "2025-01-03T00:00:00",
        "Harbor harbor",
        "<p>Harbor news.</p>",
    );
    let dump = write_dump(&[
        ("a.json", &strike_only),
        ("b.json", &both),
        ("c.json", &harbor_only),
    ]);
    let index = TestIndex::new();
    index.index_ok(&[dump.path().to_str().unwrap()]);
    let run = index.run(&["harbor strike", "--json"]);
    let hits = run.json_lines();
    let ids: Vec<u64> = hits.iter().map(|h| h["id"].as_u64().unwrap()).collect();
    assert_eq!(ids[0], 2, "{}", run.stdout);
    assert_eq!(ids.len(), 3);
    // Plain BM25 would have put a one-word post first: the order is not BM25's.
    let score = |i: usize| hits[i]["score"].as_f64().unwrap();
    assert!(score(0) < score(1).max(score(2)), "{}", run.stdout);
}

#[test]
fn a_title_match_outranks_a_body_match() {
    let in_body = post_json(
        1,
        "x.example",
        "2025-01-01T00:00:00",
        "Weekly roundup",
        "<p>The lighthouse was repainted.</p>",
    );
    let in_title = post_json(
        2,
        "x.example",
        "2025-01-01T00:00:00",
        "Lighthouse repainted",
        "<p>The tower got a new coat.</p>",
    );
    let dump = write_dump(&[("a.json", &in_body), ("b.json", &in_title)]);
    let index = TestIndex::new();
    index.index_ok(&[dump.path().to_str().unwrap()]);
    assert_eq!(index.run(&["lighthouse", "--json"]).json_ids(), vec![2, 1]);
}

#[test]
fn words_are_stemmed_and_accents_folded() {
    let index = fixtures_index();
    assert_eq!(index.run(&["automating", "--json"]).json_ids()[0], 104);
    assert_eq!(index.run(&["negotiating", "--json"]).json_ids(), vec![101]);
    // Spanish posts are Spanish-stemmed: negociación and negocian share a stem.
    assert_eq!(
        index.run(&["negociacion", "--json"]).json_ids(),
        vec![201, 203]
    );
    assert_eq!(index.run(&["RÉCORD", "--json"]).json_ids(), vec![204]);
}

#[test]
fn a_long_natural_language_query_returns_the_post_that_matches_most() {
    let run = fixtures_index().run(&[
        "what did the union president say about the waterfront families",
        "--json",
    ]);
    assert_eq!(run.code, 0);
    let ids = run.json_ids();
    assert_eq!(ids[0], 101);
    assert!(ids.len() > 1);
}

#[test]
fn a_possessive_finds_the_name_alone() {
    let index = fixtures_index();
    assert_eq!(index.run(&["okafor's", "--json"]).json_ids(), vec![101]);
    assert_eq!(
        index.run(&["\"dockworkers’ union\"", "--json"]).json_ids(),
        vec![101]
    );
}

#[test]
fn a_word_that_matches_nothing_is_searched_as_the_closest_indexed_word() {
    let index = fixtures_index();
    let run = index.run(&["dokworkers", "--json"]);
    assert_eq!(run.json_ids(), vec![101, 301]);
    assert!(
        run.stderr.starts_with(
            "newsgrep: 'dokworkers' matches nothing; searched 'dockworkers' instead\n"
        ),
        "{}",
        run.stderr
    );
    // Corrected words weigh less than words as typed.
    let exact = index.run(&["dockworkers", "--json"]).json_lines();
    let corrected = run.json_lines();
    assert!(corrected[0]["score"].as_f64().unwrap() < exact[0]["score"].as_f64().unwrap());
    // Four-letter words get one edit ("fery" finds "ferry"); words of three letters
    // or fewer are never corrected ("trm" finds nothing).
    assert_eq!(
        index.run(&["fery"]).code,
        0,
        "fery is one edit from ferry and 4 letters"
    );
    assert_eq!(index.run(&["trm"]).code, 1);
}

#[test]
fn when_nothing_matches_did_you_mean_comes_from_the_index_words() {
    let run = fixtures_index().run(&["hxrbxr"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with("newsgrep: did you mean: harbor\n"),
        "{}",
        run.stderr
    );
    let run = fixtures_index().run(&["zqxwvy"]);
    assert!(!run.stderr.contains("did you mean"), "{}", run.stderr);
}
