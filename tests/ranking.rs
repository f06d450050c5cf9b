//! Ranking: every query word beats some, a title match beats a body match, words are
//! stemmed and accents folded, long queries still find the best post.

use crate::util::{fixtures_index, post_json, write_dump, TestIndex};

/// The ids of the hits of a search run through the library, with settings the
/// command line does not offer.
fn library_ids(config: &newsgrep::search::SearchConfig) -> Vec<u64> {
    let results = newsgrep::search::search(config).unwrap();
    results.hits.iter().map(|hit| hit.post.id).collect()
}

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
    // Without the tier (a setting the relevance bench measures), BM25's order, both
    // where words alone are ranked and where facets are counted beside.
    for facets in [None, Some(10)] {
        let untiered = newsgrep::search::SearchConfig {
            index_dir: index.path().to_path_buf(),
            query: "harbor strike".to_string(),
            limit: 10,
            facets,
            weights: newsgrep::search::FieldWeights {
                every_word_first: 1,
                ..Default::default()
            },
            ..Default::default()
        };
        assert_eq!(library_ids(&untiered), vec![1, 3, 2], "facets {facets:?}");
    }
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

/// The title is indexed with the text (one BM25 match for a word in both), but it is
/// never shown as text, `body:` is the text alone, and a phrase does not run from the
/// text into the title.
#[test]
fn the_title_is_searched_with_the_text_but_kept_apart() {
    let in_title = post_json(
        1,
        "x.example",
        "2025-01-01T00:00:00",
        "Cranes reach harbours",
        "<p>The port bought new equipment.</p>",
    );
    let in_both = post_json(
        2,
        "x.example",
        "2025-01-02T00:00:00",
        "Cranes arrive",
        "<p>New cranes were unloaded. The cranes are tall. An e-mail said so.</p>",
    );
    let hyphen_in_title = post_json(
        3,
        "x.example",
        "2025-01-03T00:00:00",
        "E-mail outage",
        "<p>The servers were down.</p>",
    );
    let dump = write_dump(&[
        ("a.json", &in_title),
        ("b.json", &in_both),
        ("c.json", &hyphen_in_title),
    ]);
    let index = TestIndex::new();
    index.index_ok(&[dump.path().to_str().unwrap()]);
    let mut found = index.run(&["cranes", "--json"]).json_ids();
    found.sort_unstable();
    assert_eq!(found, vec![1, 2]);
    assert_eq!(index.run(&["body:cranes", "--json"]).json_ids(), vec![2]);
    assert_eq!(
        index.run(&["cranes -body:cranes", "--json"]).json_ids(),
        vec![1]
    );
    assert_eq!(index.run(&["body:equipment", "--json"]).json_ids(), vec![1]);
    // A body: word only titles hold finds nothing, and says where it is.
    let in_titles = index.run(&["body:reach"]);
    assert_eq!(in_titles.code, 1, "{in_titles:?}");
    assert!(
        in_titles.stderr.contains(
            "newsgrep: warning: 'reach' is in no post's text, only in titles; \
             title:reach finds them"
        ),
        "{}",
        in_titles.stderr
    );
    // A word cut in several, and a phrase, in the text alone too.
    let mut found = index.run(&["e-mail", "--json"]).json_ids();
    found.sort_unstable();
    assert_eq!(found, vec![2, 3]);
    assert_eq!(index.run(&["body:e-mail", "--json"]).json_ids(), vec![2]);
    assert_eq!(
        index.run(&["body:\"e-mail outage\"", "--json"]).json_ids(),
        Vec::<u64>::new()
    );
    assert_eq!(
        index
            .run(&["body:\"cranes are tall\"", "--json"])
            .json_ids(),
        vec![2]
    );
    assert_eq!(
        index.run(&["title:equipment", "--json"]).json_ids(),
        Vec::<u64>::new()
    );
    assert_eq!(
        index.run(&["\"equipment cranes\"", "--json"]).json_ids(),
        Vec::<u64>::new()
    );
    let lit = index.run(&["harbours", "--json"]);
    assert_eq!(lit.json_ids(), vec![1]);
    assert_eq!(
        lit.json_lines()[0]["title_highlights"],
        serde_json::json!([[13, 21]])
    );
    // A typo's correction is shown as the word written in a title, not as its stem.
    let corrected = index.run(&["harbuors", "--json"]);
    assert_eq!(corrected.json_ids(), vec![1]);
    assert!(
        corrected
            .stderr
            .contains("'harbuors' matches nothing; searched 'harbours' instead"),
        "{}",
        corrected.stderr
    );
    let shown = index.run(&["show", "x.example/1", "--json"]);
    let post: serde_json::Value = serde_json::from_str(&shown.stdout).unwrap();
    assert_eq!(post["body"], "The port bought new equipment.");
    assert_eq!(post["title"], "Cranes reach harbours");
}

#[test]
fn words_are_stemmed_and_accents_folded() {
    let index = fixtures_index();
    assert_eq!(index.run(&["automating", "--json"]).json_ids()[0], 104);
    assert_eq!(index.run(&["negotiating", "--json"]).json_ids(), vec![101]);
    // Spanish posts are Spanish-stemmed: negociación and negocian share a stem. Each
    // post has the stem once in its title and once in its text; their order is length's.
    let mut found = index.run(&["negociacion", "--json"]).json_ids();
    found.sort_unstable();
    assert_eq!(found, vec![201, 203]);
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
fn a_word_in_no_post_is_fixed_only_where_the_fix_fits_the_other_words() {
    let dump = write_dump(&[
        (
            "1.json",
            post_json(
                1,
                "a.example",
                "2024-01-01T00:00:00",
                "Port",
                "<p>The harbor cranes were repaired on Monday.</p>",
            ),
        ),
        (
            "2.json",
            post_json(
                2,
                "b.example",
                "2024-01-02T00:00:00",
                "Hafen",
                "<p>Die neuen Kräne sind seit Montag in Betrieb.</p>",
            ),
        ),
        ("3.json", {
            let mut post: serde_json::Value = serde_json::from_str(&post_json(
                3,
                "a.example",
                "2024-01-03T00:00:00",
                "Cranes",
                "<p>Two more cranes arrived by ship.</p>",
            ))
            .unwrap();
            post["categories"] = serde_json::json!([7]);
            post["_embedded"] = serde_json::json!({"wp:term": [[
                {"id": 7, "name": "Logistics", "slug": "logistics", "taxonomy": "category"}
            ]]});
            post.to_string()
        }),
    ]);
    let index = TestIndex::new();
    index.index_ok(&[dump.path().to_str().unwrap()]);
    // "simd" is one edit from "sind", which never stands beside "cranes": left out.
    let run = index.run(&["simd cranes", "--json"]);
    assert_eq!(run.json_ids(), vec![3, 1]);
    assert!(
        run.stderr.starts_with(
            "newsgrep: 'simd' is in no post; searched without it\n\
             newsgrep: did you mean: sind cranes\n2 of 2 matches shown in "
        ),
        "{}",
        run.stderr
    );
    // "harbr" is one edit from "harbor", which stands beside "cranes": fixed.
    let run = index.run(&["harbr cranes", "--json"]);
    assert_eq!(run.json_ids(), vec![1, 3]);
    assert!(
        run.stderr.starts_with(
            "newsgrep: 'harbr' matches nothing; searched 'harbor' instead\n2 of 2 matches"
        ),
        "{}",
        run.stderr
    );
    // A possessive is fixed as the word it is searched as.
    let run = index.run(&["harbr's cranes", "--json"]);
    assert_eq!(run.json_ids(), vec![1, 3]);
    assert!(
        run.stderr.starts_with(
            "newsgrep: 'harbr's' matches nothing; searched 'harbor' instead\n2 of 2 matches"
        ),
        "{}",
        run.stderr
    );
    // Alone, a word takes its nearest neighbour.
    let run = index.run(&["simd", "--json"]);
    assert_eq!(run.json_ids(), vec![2]);
    // A word found only in a category's name is a word of the archive.
    let run = index.run(&["logistics cranes", "--json"]);
    assert_eq!(run.json_ids(), vec![3, 1]);
    assert!(!run.stderr.contains("in no post"), "{}", run.stderr);
    // A word of three letters has no fix: left out beside a word that matches.
    let run = index.run(&["xqz cranes", "--json"]);
    assert_eq!(run.json_ids(), vec![3, 1]);
    assert!(
        run.stderr
            .starts_with("newsgrep: 'xqz' is in no post; searched without it\n"),
        "{}",
        run.stderr
    );
    // Fixes and suggestions count only in the posts searched: 'sind' and 'harbor'
    // are each in one site only.
    let run = index.run(&["simd", "--site", "b.example", "--json"]);
    assert_eq!(run.json_ids(), vec![2]);
    let run = index.run(&["simd cranes", "--site", "a.example", "--json"]);
    assert_eq!(run.json_ids(), vec![3, 1]);
    assert!(
        run.stderr.starts_with(
            "newsgrep: 'simd' is in no post; searched without it\n2 of 2 matches shown in "
        ),
        "{}",
        run.stderr
    );
    // Beside other words, the fix must stand with them in a post searched: the one
    // post with 'harbor' and 'cranes' is excluded.
    let run = index.run(&["harbr cranes -repaired", "--json"]);
    assert_eq!(run.json_ids(), vec![3]);
    assert!(
        run.stderr.starts_with(
            "newsgrep: 'harbr' is in no post; searched without it\n1 of 1 match shown in "
        ),
        "{}",
        run.stderr
    );
    for (typed, site) in [("simd", "a.example"), ("harbr", "b.example")] {
        let run = index.run(&[typed, "--site", site]);
        assert_eq!(run.code, 1, "{typed} --site {site}");
        assert!(
            run.stderr.starts_with("0 of 0 matches shown in "),
            "{typed} --site {site}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("instead"), "{}", run.stderr);
        assert!(!run.stderr.contains("did you mean"), "{}", run.stderr);
    }
}

#[test]
fn under_a_filter_a_typo_takes_the_nearest_word_of_the_posts_searched() {
    let post = |id: u64, site: &str, text: &str| {
        let body = format!("<p>{text}</p>");
        (
            format!("{id}.json"),
            post_json(id, site, "2024-01-01T00:00:00", "News", &body),
        )
    };
    let posts = [
        post(1, "a.example", "The crank turned slowly."),
        post(2, "b.example", "The crane lifted a box."),
        post(3, "b.example", "Another crane stood idle."),
    ];
    let dump = write_dump(&posts);
    let index = TestIndex::new();
    index.index_ok(&[dump.path().to_str().unwrap()]);
    // 'crane' and 'crank' are as near; 'crane' is in more posts, 'crank' in site a's.
    let mut found = index.run(&["cranx", "--json"]).json_ids();
    found.sort_unstable();
    assert_eq!(found, vec![2, 3]);
    let run = index.run(&["cranx", "--site", "a.example", "--json"]);
    assert_eq!(run.json_ids(), vec![1]);
    assert!(
        run.stderr
            .starts_with("newsgrep: 'cranx' matches nothing; searched 'crank' instead\n"),
        "{}",
        run.stderr
    );
    let run = index.run(&["\"cranx turned\"", "--site", "a.example"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("newsgrep: did you mean: \"crank turned\"\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_field_word_or_phrase_in_no_post_is_left_out_and_said_so() {
    let dump = write_dump(&[
        (
            "1.json",
            post_json(
                1,
                "a.example",
                "2024-01-01T00:00:00",
                "Cranes",
                "<p>Cranes, cranes and more cranes: cranes everywhere.</p>",
            ),
        ),
        (
            "2.json",
            post_json(
                2,
                "a.example",
                "2024-01-02T00:00:00",
                "Port news",
                "<p>The harbor cranes were repaired on Monday after a long wait for parts \
                 that came by sea from a supplier abroad.</p>",
            ),
        ),
        (
            "3.json",
            post_json(
                3,
                "a.example",
                "2024-01-03T00:00:00",
                "Ships",
                "<p>Cranes, cranes, cranes lift the containers off the ships.</p>",
            ),
        ),
        (
            "4.json",
            post_json(
                4,
                "a.example",
                "2024-01-04T00:00:00",
                "海淘",
                "<p>很多人分享了海淘的经验。</p>",
            ),
        ),
        (
            "5.json",
            post_json(
                5,
                "a.example",
                "2024-01-01T00:00:00",
                "经验",
                "<p>海淘经验。</p>",
            ),
        ),
    ]);
    let index = TestIndex::new();
    index.index_ok(&[dump.path().to_str().unwrap()]);
    let since = ["--since", "2024-01-02", "--json"];
    // Posts with both words first: post 2, though the others say 'cranes' more often.
    assert_eq!(
        index.run(&["harbor cranes", "--json"]).json_ids(),
        vec![2, 1, 3]
    );
    assert_eq!(
        index
            .run(&["harbor cranes", since[0], since[1], since[2]])
            .json_ids(),
        vec![2, 3]
    );
    // A group that none of the posts searched holds does not undo that, and stderr
    // says so: a phrase or field-bound word in no post, a word or phrase that only
    // posts a filter or an exclusion leaves out hold, an OR group none of whose words
    // matches (a Chinese word judged by its pairs, as the search matches it).
    let left_out = |what: &str| {
        format!(
            "newsgrep: warning: {what} matches none of the posts searched; searched without it\n"
        )
    };
    let titles_hint =
        "newsgrep: warning: 'port' is in no post's text, only in titles; title:port finds them\n";
    let all = vec![2, 1, 3];
    let later = vec![2, 3];
    for (typed, filter, ids, said) in [
        (
            "harbor cranes \"cranes harbor\"",
            &[][..],
            &all,
            left_out("\"cranes harbor\""),
        ),
        (
            "harbor cranes title:harbr",
            &[][..],
            &all,
            left_out("title:harbr"),
        ),
        (
            "harbor cranes body:port",
            &[][..],
            &all,
            left_out("body:port") + titles_hint,
        ),
        (
            "harbor cranes \"cranes everywhere\"",
            &since[..2],
            &later,
            left_out("\"cranes everywhere\""),
        ),
        (
            "harbor cranes \"cranes everywhere\" -more",
            &[][..],
            &later,
            left_out("\"cranes everywhere\""),
        ),
        (
            "harbor cranes everywhere",
            &since[..2],
            &later,
            left_out("'everywhere'"),
        ),
        (
            "harbor cranes everywhere OR zqxwv",
            &since[..2],
            &later,
            left_out("'everywhere' OR 'zqxwv'"),
        ),
        (
            "harbor cranes zqxwv OR qqqqz",
            &[][..],
            &all,
            left_out("'zqxwv' OR 'qqqqz'"),
        ),
        (
            "经验海淘 harbor cranes -经验",
            &[][..],
            &all,
            left_out("'经验海淘'"),
        ),
        (
            "harbor cranes title:zqxw \"zz yy\" everywhere",
            &since[..2],
            &later,
            "newsgrep: warning: title:zqxw, \"zz yy\", 'everywhere' match none of the posts \
             searched; searched without them\n"
                .to_string(),
        ),
        // No word a typo's fix must stand beside: 'harbr' is fixed beside 'cranes'.
        (
            "cranes harbr title:zqxw",
            &[][..],
            &all,
            left_out("title:zqxw")
                + "newsgrep: 'harbr' matches nothing; searched 'harbor' instead\n",
        ),
    ] {
        let mut args = vec![typed, "--json"];
        args.extend_from_slice(filter);
        let run = index.run(&args);
        assert_eq!(&run.json_ids(), ids, "{typed}");
        assert!(run.stderr.starts_with(&said), "{typed}: {}", run.stderr);
    }
    // Nor does such a group leave a typo the only word that matches nothing: no
    // guess, no hit, and did you mean.
    let run = index.run(&["harbr title:zqxw"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("newsgrep: did you mean: harbor title:zqxw\n"),
        "{}",
        run.stderr
    );
    // A Chinese word's pairs match where the word is not written whole: not left out.
    let run = index.run(&["海淘经验 cranes", since[0], since[1], since[2]]);
    assert!(run.json_ids().contains(&4), "{}", run.stderr);
    assert!(!run.stderr.contains("searched without"), "{}", run.stderr);
    // Filters that let no post through leave nothing out.
    let run = index.run(&["cranes \"zz yy\"", "--since", "2030-01-01"]);
    assert_eq!(run.code, 1);
    assert!(!run.stderr.contains("searched without"), "{}", run.stderr);
    // The titles' hint counts the posts searched: title:port finds nothing since
    // 2024-01-03.
    let run = index.run(&["body:port", "--since", "2024-01-02"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.starts_with(titles_hint), "{}", run.stderr);
    let run = index.run(&["body:port", "--since", "2024-01-03"]);
    assert_eq!(run.code, 1);
    assert!(!run.stderr.contains("only in titles"), "{}", run.stderr);
    // The titles' hint once, however often the word is typed.
    let run = index.run(&["body:port body:port cranes"]);
    assert_eq!(
        run.stderr.matches("only in titles").count(),
        1,
        "{}",
        run.stderr
    );
    // Few posts left: did you mean fixes what was left out.
    let run = index.run(&["harbor title:crnaes"]);
    assert!(
        run.stderr.starts_with(
            &(left_out("title:crnaes") + "newsgrep: did you mean: harbor title:cranes\n")
        ),
        "{}",
        run.stderr
    );
    // Nothing else to search (punctuation is no word): nothing is left out, nothing found.
    for typed in ["title:harbr .", "zqxwv ."] {
        let run = index.run(&[typed]);
        assert_eq!(run.code, 1, "{typed}");
        assert!(
            !run.stderr.contains("searched without"),
            "{typed}: {}",
            run.stderr
        );
    }
    // Alone, it finds nothing, and did you mean says what would: 'harbor' is in no
    // title, 'cranes' is.
    let run = index.run(&["title:harbr"]);
    assert_eq!(run.code, 1);
    assert!(!run.stderr.contains("did you mean"), "{}", run.stderr);
    let run = index.run(&["title:crnaes"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("newsgrep: did you mean: title:cranes\n"),
        "{}",
        run.stderr
    );
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
    // The suggestion is a query: fields, phrases, OR and exclusions stay as typed.
    for (typed, suggested) in [
        ("title:hxrbxr", "title:harbor"),
        ("title:hxrbxr's", "title:harbor's"),
        ("\"harbr cranes\"", "\"harbor cranes\""),
        ("title:\"harbr cranes\"", "title:\"harbor cranes\""),
        ("hxrbxr OR zqxwvy -strike", "harbor OR zqxwvy -strike"),
        // 'strike' is in titles only: title: takes it.
        ("title:strke", "title:strike"),
    ] {
        let run = fixtures_index().run(&[typed]);
        assert_eq!(run.code, 1, "{typed}");
        let expected = format!("newsgrep: did you mean: {suggested}\n");
        assert!(run.stderr.starts_with(&expected), "{typed}: {}", run.stderr);
    }
    // body: is the text alone, where no post writes 'strike'; category names have
    // words of their own: no suggestion rather than one that finds nothing.
    for typed in ["body:strke", "category:hxrbxr"] {
        let run = fixtures_index().run(&[typed]);
        assert_eq!(run.code, 1, "{typed}");
        assert!(
            !run.stderr.contains("did you mean"),
            "{typed}: {}",
            run.stderr
        );
    }
}

/// Plain-word queries are counted from posting lists and ranked with pruning; asking
/// for facets scores every match in one pass instead. Both must give the same posts,
/// scores and totals, on an index of several segments with deleted posts (updated
/// ones), with filters and exclusions, whichever way each segment is ranked.
#[test]
fn pruned_ranking_gives_what_scoring_every_match_gives() {
    use newsgrep::search::{Filters, SearchConfig};
    // Word i is in about (90 - 3 i)% of the posts: "w0 w1" is in most, "w29" in 3%.
    let mut seed: u64 = 7;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % 100
    };
    let mut page = |first: u64, count: u64, edited: bool| -> String {
        let posts: Vec<String> = (first..first + count)
            .map(|id| {
                let words: Vec<String> = (0..30u64)
                    .filter(|i| next() < 90 - 3 * i)
                    .map(|i| format!("w{i}"))
                    .collect();
                let extra = if edited && id % 7 == 0 {
                    " w1 w1 w1"
                } else {
                    ""
                };
                let day = 1 + id % 28;
                post_json(
                    id,
                    if id % 3 == 0 {
                        "a.example"
                    } else {
                        "b.example"
                    },
                    &format!("2024-02-{day:02}T00:00:00"),
                    &format!("Post {id}"),
                    &format!("<p>{}{extra}</p>", words.join(" ")),
                )
            })
            .collect();
        format!("[{}]", posts.join(","))
    };
    let pages: Vec<(String, String)> = (0..16u64)
        .map(|p| (format!("p{p}.json"), page(p * 500, 500, false)))
        .collect();
    let dump = write_dump(&pages);
    let index = tempfile::tempdir().unwrap();
    let mut config = newsgrep::IndexConfig::new(index.path().into(), vec![dump.path().into()]);
    config.batch_posts = 3000;
    newsgrep::index_dumps(&config).unwrap();
    // Every seventh post of two pages edited: their old copies are deleted.
    for p in [2u64, 9] {
        let text = page(p * 500, 500, true);
        std::fs::write(dump.path().join(format!("p{p}.json")), text).unwrap();
    }
    let report = newsgrep::index_dumps(&config).unwrap();
    assert!(report.updated > 100, "{report:?}");

    let since = newsgrep::timefmt::parse_user_date("2024-02-20", newsgrep::timefmt::DayEdge::Start)
        .unwrap();
    let cases: Vec<(&str, Filters)> = vec![
        ("w20", Filters::default()),
        ("w1", Filters::default()),
        ("w0 w1", Filters::default()),
        ("w5 w18", Filters::default()),
        ("w19 w21 w22", Filters::default()),
        ("w2 w9 w15 w17 w20 w22", Filters::default()),
        ("w0 w1 -w2", Filters::default()),
        (
            "w3 w12",
            Filters {
                since: Some(since),
                ..Filters::default()
            },
        ),
        (
            "w0 w1",
            Filters {
                since: Some(since),
                ..Filters::default()
            },
        ),
        (
            "w29",
            Filters {
                since: Some(since),
                ..Filters::default()
            },
        ),
        (
            "w28 w29",
            Filters {
                sites: vec!["b.example".into()],
                ..Filters::default()
            },
        ),
        (
            "w4 w16",
            Filters {
                sites: vec!["a.example".into()],
                ..Filters::default()
            },
        ),
    ];
    // Limits around the number of posts holding every word, where the posts lacking
    // one start to be shown.
    let base = SearchConfig {
        index_dir: index.path().into(),
        query: "w27 w28".into(),
        limit: 10_000,
        facets: Some(1),
        ..SearchConfig::default()
    };
    let with_both = newsgrep::search(&base)
        .unwrap()
        .hits
        .iter()
        .filter(|hit| {
            let words: Vec<&str> = hit.post.body.split_whitespace().collect();
            words.contains(&"w27") && words.contains(&"w28")
        })
        .count();
    assert!((5..400).contains(&with_both), "{with_both}");
    let mut cases: Vec<(&str, Filters, Vec<usize>)> = cases
        .into_iter()
        .map(|(query, filters)| (query, filters, vec![1, 10, 40]))
        .collect();
    cases.push((
        "w27 w28",
        Filters::default(),
        vec![with_both - 1, with_both, with_both + 1, with_both + 2],
    ));
    for (query, filters, limits) in cases {
        for limit in limits {
            let config = SearchConfig {
                index_dir: index.path().into(),
                query: query.into(),
                filters: filters.clone(),
                limit,
                ..SearchConfig::default()
            };
            let pruned = newsgrep::search(&config).unwrap();
            let every = newsgrep::search(&SearchConfig {
                facets: Some(3),
                ..config.clone()
            })
            .unwrap();
            assert!(pruned.total > 0, "{query}");
            assert_eq!(pruned.total, every.total, "{query} {filters:?}");
            let ranked = |r: &newsgrep::SearchResults| -> Vec<(u64, f32)> {
                r.hits.iter().map(|h| (h.post.id, h.score)).collect()
            };
            let (a, b) = (ranked(&pruned), ranked(&every));
            assert_eq!(a.len(), b.len(), "{query} {filters:?} limit {limit}");
            let close = |x: f32, y: f32| (x - y).abs() <= 1e-4 * y.abs().max(1.0);
            for ((_, score_a), (_, score_b)) in a.iter().zip(&b) {
                assert!(
                    close(*score_a, *score_b),
                    "{query} {filters:?} limit {limit}:\n{a:?}\n{b:?}"
                );
            }
            // The same posts, in the same order of scores; posts tied (to rounding)
            // with the last one shown may be cut either way.
            let last = b.last().map_or(0.0, |(_, score)| *score);
            let above = |r: &[(u64, f32)]| -> Vec<u64> {
                let mut ids: Vec<u64> = r
                    .iter()
                    .filter(|(_, score)| !close(*score, last))
                    .map(|(id, _)| *id)
                    .collect();
                ids.sort_unstable();
                ids
            };
            assert_eq!(
                above(&a),
                above(&b),
                "{query} {filters:?} limit {limit}:\n{a:?}\n{b:?}"
            );
        }
    }
}

#[test]
fn feedback_ranks_a_long_query_again_with_the_words_of_its_best_posts() {
    // 60 posts on other things, so that words say something (feedback needs 50).
    let topics = [
        "weather", "football", "cinema", "gardens", "schools", "railways",
    ];
    let mut files: Vec<(String, String)> = (0..60)
        .map(|i| {
            let topic = topics[i % topics.len()];
            let text = format!(
                "<p>Notes on {topic} number {i}: a {topic} column about {topic} and the town.</p>"
            );
            let title = format!("{topic} {i}");
            let post = post_json(
                100 + i as u64,
                "x.example",
                "2025-01-01T00:00:00",
                &title,
                &text,
            );
            (format!("other/{i}.json"), post)
        })
        .collect();
    let post = |id: u64, title: &str, text: &str| {
        (
            format!("port/{id}.json"),
            post_json(
                id,
                "x.example",
                "2025-02-01T00:00:00",
                title,
                &format!("<p>{text}</p>"),
            ),
        )
    };
    // The query's best post, and two that share fewer of its words: one about the
    // same dispute in other words, one with two of the words and nothing more.
    files.push(post(
        1,
        "Harbor crane strike",
        "Harbor crane operators strike over wages; talks resume. Stevedores and \
         dockworkers of the union picket the terminal; stevedores say the dockworkers' \
         union will hold the picket at the terminal through the lockout.",
    ));
    files.push(post(
        2,
        "Picket at the terminal",
        "Stevedores and dockworkers of the union picket the terminal again; the union \
         says stevedores and dockworkers hold the picket through the lockout. The harbor \
         is quiet.",
    ));
    files.push(post(
        3,
        "Pay",
        "Notes on wages and talks: a column about the town, its weather, its schools, its \
         railways, its gardens and its cinema.",
    ));
    let dump = write_dump(&files);
    let index = TestIndex::new();
    index.index_ok(&[dump.path().to_str().unwrap()]);
    let query = "harbor crane operators strike wages talks";
    assert_eq!(index.run(&[query, "--json"]).json_ids(), vec![1, 3, 2]);
    assert_eq!(
        index.run(&[query, "--json", "--feedback"]).json_ids(),
        vec![1, 2, 3]
    );
    // A query of fewer than 5 words is ranked as without it, though feedback would
    // lift post 2 above post 3 here too.
    let short = "harbor crane strike wages";
    assert_eq!(index.run(&[short, "--json"]).json_ids(), vec![1, 3, 2]);
    assert_eq!(
        index.run(&[short, "--json", "--feedback"]).json_ids(),
        vec![1, 3, 2]
    );
    let any_length = newsgrep::search::SearchConfig {
        index_dir: index.path().to_path_buf(),
        query: short.to_string(),
        limit: 10,
        weights: newsgrep::search::FieldWeights {
            feedback: Some(newsgrep::search::Feedback {
                min_words: 1,
                ..newsgrep::search::Feedback::LONG_QUERIES
            }),
            ..Default::default()
        },
        ..Default::default()
    };
    assert_eq!(library_ids(&any_length), vec![1, 2, 3]);
    let remote = index.run(&[query, "--feedback", "--remote", "http://127.0.0.1:9"]);
    assert_eq!(remote.code, 2, "{remote:?}");
    assert!(
        remote
            .stderr
            .contains("the argument '--feedback' cannot be used with '--remote <URL>'"),
        "{}",
        remote.stderr
    );
}
