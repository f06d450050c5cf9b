//! Relevance harness: the three judged test collections of the shared corpus (TIME,
//! 423 magazine articles; CRAN, 1,400 aeronautics abstracts; MED, 1,033 medical
//! abstracts) each turned into a site of posts and indexed with newsgrep, every judged
//! query run as a person would type it (lower case, whole sentence), and MAP, P@10 and
//! nDCG@10 printed next to SQLite FTS5's bm25() on the same documents and queries,
//! measured in the same run. Queries with odd ids are the half used for tuning; even
//! ids are held out, and a change ships only if no collection's even half gets worse.
//!
//! `NEWSGREP_CORPUS=../shared/corpus cargo bench --bench relevance`
//!
//! `RELEVANCE_PER_QUERY=1` also prints each odd query's average precision for both
//! engines; `RELEVANCE_GRID=1` prints MAP on the odd halves for a range of settings
//! instead. `RELEVANCE_ABLATION=1` prints both halves with the all-words tier taken
//! away and with the quotation bonus newsgrep had until 2026-12 (a field of
//! quotations at 0.5 on top of the body): what these additions to BM25 do on the
//! held-out halves, against `benches/bm25_grid.py --held-out`.

#[path = "common/ir_collections.rs"]
mod ir_collections;

use ir_collections::{Collection, Doc};
use newsgrep::search::{search_store, Feedback, FieldWeights, SearchConfig};
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

type Rankings = BTreeMap<u64, Vec<u64>>;

fn main() {
    let Some(corpus) = std::env::var_os("NEWSGREP_CORPUS") else {
        eprintln!("relevance: NEWSGREP_CORPUS is not set; nothing to measure");
        return;
    };
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let collections = ir_collections::read_all(&manifest.join(corpus));
    let built: Vec<_> = collections.iter().map(build_index).collect();
    if std::env::var_os("RELEVANCE_GRID").is_some() {
        grid(&collections, &built);
        return;
    }
    if std::env::var_os("RELEVANCE_ABLATION").is_some() {
        ablation(&collections, &built);
        return;
    }
    for (collection, (_, store)) in collections.iter().zip(&built) {
        print_languages(collection, store);
    }
    println!(
        "{:<7} {:<5} {:>4} | {:>7} {:>7} {:>8} | {:>7} {:>7} {:>8} | {:>6}",
        "coll.", "half", "qs", "MAP", "P@10", "nDCG@10", "fts5 MAP", "P@10", "nDCG@10", "ratio"
    );
    for (collection, (index, store)) in collections.iter().zip(&built) {
        let ours = newsgrep_rankings(store, index, collection, FieldWeights::default());
        let theirs = fts5_rankings(&manifest, &collection.docs, &collection.queries);
        if std::env::var_os("RELEVANCE_PER_QUERY").is_some() {
            for (id, text) in collection.queries.iter().filter(|(id, _)| id % 2 == 1) {
                let a = scores(&ours, &collection.judgments, &[*id]).0;
                let b = scores(&theirs, &collection.judgments, &[*id]).0;
                println!(
                    "{} q{id:<3} ours {a:.3} fts5 {b:.3} diff {:+.3}  {text}",
                    collection.name,
                    a - b
                );
            }
        }
        // Also as `search --feedback` ranks.
        let with_feedback = FieldWeights {
            feedback: Some(Feedback::LONG_QUERIES),
            ..FieldWeights::default()
        };
        let fed_back = newsgrep_rankings(store, index, collection, with_feedback);
        for (name, rankings) in [
            (collection.name.to_string(), &ours),
            (format!("{}+fb", collection.name), &fed_back),
        ] {
            for (half, odd) in [("odd", true), ("even", false)] {
                let chosen = collection.half(odd);
                let a = scores(rankings, &collection.judgments, &chosen);
                let b = scores(&theirs, &collection.judgments, &chosen);
                println!(
                    "{:<7} {:<5} {:>4} | {:>7.4} {:>7.4} {:>8.4} | {:>8.4} {:>7.4} {:>8.4} | {:>5.3}×",
                    name,
                    half,
                    chosen.len(),
                    a.0,
                    a.1,
                    a.2,
                    b.0,
                    b.1,
                    b.2,
                    a.0 / b.0
                );
            }
        }
    }
}

/// Tries settings on the odd (tuning) queries only and prints their MAP per collection.
fn grid(collections: &[Collection], built: &[(tempfile::TempDir, newsgrep::store::Store)]) {
    let base = FieldWeights::default();
    let mut settings = vec![("as shipped".to_string(), base)];
    if std::env::var_os("RELEVANCE_FEEDBACK_PER_QUERY").is_some() {
        // Each odd query's average precision without and with feedback.
        let without = FieldWeights {
            feedback: None,
            ..base
        };
        for (collection, (index, store)) in collections.iter().zip(built) {
            let a = newsgrep_rankings(store, index, collection, without);
            let with = FieldWeights {
                feedback: Some(Feedback::LONG_QUERIES),
                ..base
            };
            let b = newsgrep_rankings(store, index, collection, with);
            for (id, text) in collection.queries.iter().filter(|(id, _)| id % 2 == 1) {
                let before = scores(&a, &collection.judgments, &[*id]).0;
                let after = scores(&b, &collection.judgments, &[*id]).0;
                let config = SearchConfig {
                    index_dir: index.path().to_path_buf(),
                    query: text.clone(),
                    limit: 3,
                    weights: without,
                    ..SearchConfig::default()
                };
                let first = search_store(store, &config).expect("search");
                let s: Vec<f32> = first.hits.iter().map(|h| h.score).collect();
                let gap = s.first().zip(s.get(1)).map_or(0.0, |(a, b)| a / b);
                let gap3 = s.first().zip(s.get(2)).map_or(0.0, |(a, b)| a / b);
                println!(
                    "{} q{id:<3} without {before:.3} with {after:.3} diff {:+.3} gap {gap:.3} gap3 {gap3:.3} {text}",
                    collection.name,
                    after - before
                );
            }
        }
        return;
    }
    if std::env::var_os("RELEVANCE_FEEDBACK").is_some() {
        for min_words in [5, 7] {
            settings.push((
                format!("feedback, {min_words} words or more"),
                FieldWeights {
                    feedback: Some(Feedback {
                        min_words,
                        ..Feedback::LONG_QUERIES
                    }),
                    ..base
                },
            ));
        }
        run_grid(collections, built, settings);
        return;
    }
    // Posts with every word first: never (1), up to 2-5 words, always (as shipped).
    // Each setting differs from the next only on the queries of that many words.
    for every_word_first in [1, 2, 3, 4, 5] {
        settings.push((
            format!("every word first <= {every_word_first}"),
            FieldWeights {
                every_word_first,
                ..base
            },
        ));
    }
    settings.push((
        "tantivy's idf".to_string(),
        FieldWeights {
            robertson_idf: false,
            ..base
        },
    ));
    for title in [0.25, 0.5, 1.0, 1.5] {
        settings.push((format!("title {title}"), FieldWeights { title, ..base }));
    }
    for quotes in [0.25, 0.5, 1.0] {
        settings.push((format!("quotes {quotes}"), FieldWeights { quotes, ..base }));
    }
    for tie in [0.0, 0.3, 0.7] {
        settings.push((
            format!("best field, tie {tie}"),
            FieldWeights {
                tie_breaker: Some(tie),
                ..base
            },
        ));
    }
    for compound in [0.0, 0.5, 1.0] {
        settings.push((
            format!("compound {compound}"),
            FieldWeights { compound, ..base },
        ));
    }
    for proximity in [0.25, 1.0] {
        settings.push((
            format!("proximity {proximity}"),
            FieldWeights { proximity, ..base },
        ));
    }
    run_grid(collections, built, settings);
}

/// Prints the odd halves' MAP for each setting.
fn run_grid(
    collections: &[Collection],
    built: &[(tempfile::TempDir, newsgrep::store::Store)],
    settings: Vec<(String, FieldWeights)>,
) {
    for (name, weights) in settings {
        let maps: Vec<String> = collections
            .iter()
            .zip(built)
            .map(|(collection, (index, store))| {
                let rankings = newsgrep_rankings(store, index, collection, weights);
                let map = scores(&rankings, &collection.judgments, &collection.half(true)).0;
                format!("{} {map:.4}", collection.name)
            })
            .collect();
        println!("{name:<24} odd-half MAP {}", maps.join(", "));
    }
}

/// MAP on both halves as shipped, without the all-words tier, and with the former
/// quotation bonus (with and without the tier).
fn ablation(collections: &[Collection], built: &[(tempfile::TempDir, newsgrep::store::Store)]) {
    let base = FieldWeights::default();
    let no_tier = FieldWeights {
        every_word_first: 1,
        ..base
    };
    let quotes = FieldWeights {
        quotes: 0.5,
        ..base
    };
    for (name, weights) in [
        ("as shipped", base),
        ("without the tier", no_tier),
        ("quotations 0.5", quotes),
        (
            "quotations 0.5, no tier",
            FieldWeights {
                quotes: 0.5,
                ..no_tier
            },
        ),
    ] {
        let maps: Vec<String> = collections
            .iter()
            .zip(built)
            .map(|(collection, (index, store))| {
                let rankings = newsgrep_rankings(store, index, collection, weights);
                let [odd, even] = [true, false]
                    .map(|odd| scores(&rankings, &collection.judgments, &collection.half(odd)).0);
                format!("{} {odd:.4} / {even:.4}", collection.name)
            })
            .collect();
        println!("{name:<24} MAP odd / even: {}", maps.join(", "));
    }
}

/// Every collection is in English: the documents the detector alone takes for another
/// language (before short posts took their site's language), and those the index holds
/// in another language.
fn print_languages(collection: &Collection, store: &newsgrep::store::Store) {
    let detected_other = collection
        .docs
        .iter()
        .filter(|d| newsgrep::analysis::lang::detect_language_of(&d.title, &d.text).code != "en")
        .count();
    let indexed = newsgrep::stats::stats_in(store).expect("stats").languages;
    let indexed_other: u64 = indexed
        .iter()
        .filter(|(code, _)| code.as_str() != "en")
        .map(|(_, n)| n)
        .sum();
    println!(
        "{}: {} documents; not English by the detector alone {} ({:.1}%), in the index {} ({:.1}%) {:?}",
        collection.name,
        collection.docs.len(),
        detected_other,
        100.0 * detected_other as f64 / collection.docs.len() as f64,
        indexed_other,
        100.0 * indexed_other as f64 / collection.docs.len() as f64,
        indexed
    );
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Each document becomes a post of the collection's site: its title (where it has
/// one) and its text in paragraphs as the body.
fn build_index(collection: &Collection) -> (tempfile::TempDir, newsgrep::store::Store) {
    let dump = tempfile::tempdir().expect("temp dir");
    let mut ndjson = String::new();
    for doc in &collection.docs {
        let paragraphs: String = doc
            .text
            .split(" . ")
            .map(|s| format!("<p>{}</p>", escape(s)))
            .collect();
        let post = serde_json::json!({
            "id": doc.id, "type": "post",
            "link": format!("https://{}/?p={}", collection.host, doc.id),
            "date_gmt": doc.date, "title": {"rendered": escape(&doc.title)},
            "content": {"rendered": paragraphs},
        });
        ndjson.push_str(&post.to_string());
        ndjson.push('\n');
    }
    std::fs::write(dump.path().join("posts.ndjson"), ndjson).expect("write dump");
    let index = tempfile::tempdir().expect("temp dir");
    let config =
        newsgrep::IndexConfig::new(index.path().to_path_buf(), vec![dump.path().to_path_buf()]);
    newsgrep::index_dumps(&config).expect("index");
    let store = newsgrep::store::open(index.path()).expect("open");
    (index, store)
}

fn newsgrep_rankings(
    store: &newsgrep::store::Store,
    index: &tempfile::TempDir,
    collection: &Collection,
    weights: FieldWeights,
) -> Rankings {
    collection
        .queries
        .iter()
        .map(|(id, text)| {
            let config = SearchConfig {
                index_dir: index.path().to_path_buf(),
                query: text.clone(),
                limit: 1000,
                weights,
                ..SearchConfig::default()
            };
            let results = search_store(store, &config).expect("search");
            if std::env::var_os("RELEVANCE_TYPOS").is_some() && id % 2 == 1 {
                for c in &results.corrections {
                    println!("{} q{id}: {} -> {}", collection.name, c.typed, c.corrected);
                }
                for w in &results.unmatched {
                    println!("{} q{id}: {w} left out", collection.name);
                }
            }
            (*id, results.hits.iter().map(|h| h.post.id).collect())
        })
        .collect()
}

/// FTS5 sees each document's title and text as one column.
fn fts5_rankings(manifest: &Path, docs: &[Doc], queries: &[(u64, String)]) -> Rankings {
    let input = serde_json::json!({
        "docs": docs.iter().map(|d| serde_json::json!({
            "id": d.id, "text": format!("{} {}", d.title, d.text).trim(),
        })).collect::<Vec<_>>(),
        "queries": queries.iter().map(|(id, t)| serde_json::json!({"id": id, "text": t})).collect::<Vec<_>>(),
    });
    let mut child = Command::new("python3")
        .arg(manifest.join("benches/fts5_baseline.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 for the FTS5 baseline");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.to_string().as_bytes())
        .expect("write to python");
    let output = child.wait_with_output().expect("python output");
    let rankings: BTreeMap<String, Vec<u64>> =
        serde_json::from_slice(&output.stdout).expect("FTS5 rankings");
    rankings
        .into_iter()
        .map(|(id, docs)| (id.parse().unwrap_or(0), docs))
        .collect()
}

/// Mean average precision, precision at 10 and nDCG at 10 over the chosen queries.
fn scores(
    rankings: &Rankings,
    judgments: &BTreeMap<u64, HashSet<u64>>,
    chosen: &[u64],
) -> (f64, f64, f64) {
    let (mut map, mut p10, mut ndcg) = (0.0, 0.0, 0.0);
    for id in chosen {
        let relevant = &judgments[id];
        let ranking = rankings.get(id).map(Vec::as_slice).unwrap_or(&[]);
        let mut found = 0.0;
        let mut precision_sum = 0.0;
        let mut dcg = 0.0;
        for (rank, doc) in ranking.iter().enumerate() {
            if relevant.contains(doc) {
                found += 1.0;
                precision_sum += found / (rank + 1) as f64;
                if rank < 10 {
                    dcg += 1.0 / ((rank + 2) as f64).log2();
                }
            }
            if rank == 9 {
                p10 += found / 10.0;
            }
        }
        if ranking.len() < 10 {
            p10 += found / 10.0;
        }
        let ideal: f64 = (0..relevant.len().min(10))
            .map(|r| 1.0 / ((r + 2) as f64).log2())
            .sum();
        map += precision_sum / relevant.len().max(1) as f64;
        ndcg += if ideal > 0.0 { dcg / ideal } else { 0.0 };
    }
    let n = chosen.len().max(1) as f64;
    (map / n, p10 / n, ndcg / n)
}
