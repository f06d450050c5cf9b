//! The real WordPress dumps in `NEWSGREP_CORPUS` (skipped, with the reason printed,
//! when it is not set).

use crate::util::{corpus_dir, project_dir, TestIndex};

use crate::dumps::DUMPS;

/// Indexes the five real WordPress dumps into a new index.
fn index_real_dumps(corpus: &std::path::Path) -> (TestIndex, crate::util::Run) {
    let index = TestIndex::new();
    let paths: Vec<String> = DUMPS
        .iter()
        .map(|d| corpus.join(d).to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["index"];
    args.extend(paths.iter().map(String::as_str));
    let run = index.run(&args);
    (index, run)
}

#[test]
fn the_five_real_dumps_index_to_652_posts_with_names_resolved() {
    let Some(corpus) = corpus_dir("the_five_real_dumps_index_to_652_posts_with_names_resolved")
    else {
        return;
    };
    let (index, run) = index_real_dumps(&corpus);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.starts_with("indexed 652 posts from 5 sites"),
        "{}",
        run.stdout
    );
    let stats: serde_json::Value =
        serde_json::from_str(&index.run(&["stats", "--json"]).stdout).unwrap();
    assert_eq!(stats["posts"], 652);
    assert_eq!(
        stats["sites"],
        serde_json::json!({
            "izquierdahispanica.org": 373, "www.unitingnc.org": 129, "www.golkar.or.id": 96,
            "jannah.tielabs.com": 44, "design-lab.tuqulore.com": 10
        })
    );
    // golkar.or.id and the Jannah demo ship category term files: names, not ids.
    let golkar = index.run(&["search", "--site", "golkar.or.id", "--json", "-n", "1000"]);
    let lines = golkar.json_lines();
    assert_eq!(lines.len(), 96);
    for hit in &lines {
        for category in hit["categories"].as_array().unwrap() {
            let name = category.as_str().unwrap();
            assert!(
                name.parse::<u64>().is_err(),
                "unresolved category {name} in {hit}"
            );
        }
    }
    assert!(stats["categories"]["Berita"].as_u64().unwrap() > 0);
    let jannah = index.run(&[
        "search",
        "--site",
        "jannah.tielabs.com",
        "--category",
        "phones",
        "--json",
    ]);
    assert!(!jannah.json_ids().is_empty(), "{jannah:?}");
}

#[test]
fn the_seed_post_answers_baghaei_negotiation() {
    if corpus_dir("the_seed_post_answers_baghaei_negotiation").is_none() {
        return;
    }
    let seed = project_dir().join("../shared/seed-post.json");
    let index = TestIndex::new();
    index.index_ok(&[seed.to_str().unwrap()]);
    let run = index.run(&["Baghaei negotiation", "--json"]);
    assert_eq!(run.code, 0);
    let hits = run.json_lines();
    assert_eq!(hits[0]["id"], 8662);
    assert_eq!(
        hits[0]["title"],
        "Iran Responds to Trump’s Claim of Nuclear Talks"
    );
    assert_eq!(hits[0]["date"], "2025-11-19T20:55:18Z");
    assert!(hits[0]["date"].as_str().unwrap().starts_with("2025-11-19"));
    let run = index.run(&["speakers", "--json"]);
    assert_eq!(
        run.stdout,
        "{\"speaker\":\"Donald Trump\",\"quotes\":3,\"posts\":1}\n\
         {\"speaker\":\"Esmaeil Baghaei\",\"quotes\":2,\"posts\":1}\n\
         {\"speaker\":\"Mohammed bin Salman\",\"quotes\":2,\"posts\":1}\n\
         {\"speaker\":\"Rafael Mariano Grossi\",\"quotes\":2,\"posts\":1}\n"
    );
}

#[test]
fn the_seed_post_quotations_have_their_speakers() {
    if corpus_dir("the_seed_post_quotations_have_their_speakers").is_none() {
        return;
    }
    let seed = project_dir().join("../shared/seed-post.json");
    let read = newsgrep::load::read_objects(&seed);
    let post = newsgrep::load::convert_post(
        &read.objects[0],
        &Default::default(),
        &Default::default(),
        &mut Vec::new(),
    )
    .unwrap();
    let got: Vec<(&str, String)> = post
        .quotes
        .iter()
        .map(|q| {
            (
                q.speaker.as_deref().unwrap_or("-"),
                q.text.chars().take(40).collect(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "Esmaeil Baghaei",
                "There is no process of negotiation betwe".to_string()
            ),
            (
                "Esmaeil Baghaei",
                "As the foreign minister has said many ti".to_string()
            ),
            (
                "Donald Trump",
                "I am totally open to it, and we’re talki".to_string()
            ),
            (
                "Donald Trump",
                "It would be a nice thing to have a deal ".to_string()
            ),
            (
                "Mohammed bin Salman",
                "I will be working closely on the issue, ".to_string()
            ),
            (
                "Rafael Mariano Grossi",
                "Our inspectors are back in Iran and have".to_string()
            ),
            (
                "Rafael Mariano Grossi",
                "Today at the @IAEAorg Board of Governors".to_string()
            ),
            (
                "Donald Trump",
                "Iran does want to make a deal. I think t".to_string()
            ),
            (
                "Mohammed bin Salman",
                "We believe it’s good for Iran’s future t".to_string()
            ),
        ]
    );
}

/// Known items: a post of the real dumps and what a person who remembers it might type
/// (a few words, sometimes without accents, sometimes with a typo).
const KNOWN_ITEMS: &[(u64, &str)] = &[
    // izquierdahispanica.org (Spanish)
    (1269, "politica linguistica valencia"),
    (585, "golpe de estado venezuela 2002"),
    (5134, "gibraltar contensioso"),
    (5479, "justicia universal apuntes"),
    (1079, "izquierdas guerra civil"),
    (2557, "cadiz nacion ida y vuelta"),
    // unitingnc.org (English)
    (729, "peace prize means"),
    (2296, "welcoming week kicks off"),
    (5169, "app for the ministry"),
    (2601, "cruz nunez north state journal"),
    (2368, "code the dream january class raleigh"),
    (1435, "new view of diversity"),
    // golkar.or.id (Indonesian)
    (833, "dana pembangunan daerah"),
    (830, "dukung ahok sumbangan anggota"),
    (960, "91 kursi dpr"),
    (297, "gempa sulbar"),
    (1189, "hacker retas situs setya novanto"),
    (852, "lembaga pemantapan pancasila"),
    // jannah.tielabs.com (English)
    (32, "sony noise cancelling headphones"),
    (202, "feces fuel of the future"),
    (107, "real madrid mobile game"),
    (155, "moto z play battery"),
    (113, "mispronouncing porshe"),
    (200, "mars one delayed mission"),
    // design-lab.tuqulore.com (Japanese)
    (1649, "Webカメラ 合成"),
    (1595, "WPJ Conference"),
    (1339, "受動的なコンペ"),
    (1412, "大原社長 パートナー"),
    (1501, "DESIGN LAB 2016 総括"),
    (1379, "オフショア デザイナー"),
];

#[test]
fn known_items_of_the_real_dumps_are_in_the_top_three() {
    let Some(corpus) = corpus_dir("known_items_of_the_real_dumps_are_in_the_top_three") else {
        return;
    };
    let (index, run) = index_real_dumps(&corpus);
    assert_eq!(run.code, 0, "{run:?}");
    let mut misses = Vec::new();
    for (id, query) in KNOWN_ITEMS {
        let ids = index.run(&[query, "--json", "-n", "3", "-q"]).json_ids();
        if !ids.contains(id) {
            misses.push(format!("{query:?}: wanted {id}, got {ids:?}"));
        }
    }
    assert!(
        misses.is_empty(),
        "known items missed:\n{}",
        misses.join("\n")
    );
}

#[test]
fn languages_of_the_real_posts_are_their_sites_and_counted() {
    let Some(corpus) = corpus_dir("languages_of_the_real_posts_are_their_sites_and_counted") else {
        return;
    };
    let (index, run) = index_real_dumps(&corpus);
    assert_eq!(run.code, 0, "{run:?}");
    let stats: serde_json::Value =
        serde_json::from_str(&index.run(&["stats", "--json"]).stdout).unwrap();
    // Each site writes in one language; before short posts took their site's language,
    // one Spanish post was taken for Portuguese and one English post for Indonesian.
    assert_eq!(
        stats["languages"],
        serde_json::json!({"es": 373, "en": 173, "id": 96, "ja": 10})
    );
    let store = newsgrep::store::open(index.path()).unwrap();
    let searcher = store.index.reader().unwrap().searcher();
    let all = searcher
        .search(
            &tantivy::query::AllQuery,
            &tantivy::collector::DocSetCollector,
        )
        .unwrap();
    assert_eq!(all.len(), 652);
    let mut by_site: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
        Default::default();
    for address in all {
        let doc: tantivy::TantivyDocument = searcher.doc(address).unwrap();
        let post = store.fields.read_post(&doc);
        by_site
            .entry(post.site.clone())
            .or_default()
            .insert(post.lang.clone());
        // Where the text is clear, the common-words shortcut answers as whatlang alone.
        let detected = newsgrep::analysis::lang::detect_language_of(&post.title, &post.body);
        if detected.sure {
            let text = format!("{}\n{}", post.title, post.body);
            assert_eq!(
                detected.code,
                newsgrep::analysis::lang::whatlang_language(&text),
                "{}",
                post.url
            );
        }
    }
    for (site, langs) in &by_site {
        assert_eq!(langs.len(), 1, "{site}: {langs:?}");
    }
}
