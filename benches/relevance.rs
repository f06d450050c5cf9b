//! Relevance harness: the TIME test collection (423 articles, 83 queries, relevance
//! judgments) turned into posts and indexed with newsgrep, every query run, and MAP,
//! P@10 and nDCG@10 printed next to SQLite FTS5's bm25() on the same documents and
//! queries, measured in the same run. Queries with odd ids are the half used for
//! tuning; even ids are held out.
//!
//! `NEWSGREP_CORPUS=../shared/corpus cargo bench --bench relevance`
//!
//! `TIME_PER_QUERY=1` also prints each query's average precision for both engines;
//! `TIME_GRID=1` prints MAP on the tuning half for a range of settings instead.

use newsgrep::search::{search_store, FieldWeights, SearchConfig};
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

struct Doc {
    id: u64,
    date: String,
    text: String,
}

fn main() {
    let Some(corpus) = std::env::var_os("NEWSGREP_CORPUS") else {
        eprintln!("relevance: NEWSGREP_CORPUS is not set; nothing to measure");
        return;
    };
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let time = manifest.join(corpus).join("time-collection/data/time");
    let docs = read_docs(&time.join("TIME.ALL"));
    let queries = read_queries(&time.join("TIME.QUE"));
    let judgments = read_judgments(&time.join("TIME.REL"));
    let queries: Vec<(u64, String)> = queries
        .into_iter()
        .filter(|(id, _)| judgments.contains_key(id))
        .collect();

    let (index_dir, store) = build_index(&docs);
    if std::env::var_os("TIME_GRID").is_some() {
        grid(&store, &index_dir, &queries, &judgments);
        return;
    }
    let ours = newsgrep_rankings(&store, &index_dir, &queries, FieldWeights::default());
    let theirs = fts5_rankings(&manifest, &docs, &queries);
    if std::env::var_os("TIME_PER_QUERY").is_some() {
        for (id, text) in &queries {
            let a = scores(&ours, &judgments, &[*id]).0;
            let b = scores(&theirs, &judgments, &[*id]).0;
            println!(
                "q{id:<3} ours {a:.3} fts5 {b:.3} diff {:+.3}  {text}",
                a - b
            );
        }
    }
    println!(
        "TIME collection: {} documents, {} judged queries (odd ids tune, even ids held out)",
        docs.len(),
        queries.len()
    );
    println!(
        "{:<10} {:<8} {:>7} {:>7} {:>8}",
        "engine", "queries", "MAP", "P@10", "nDCG@10"
    );
    for (split, keep) in [("odd", 1u64), ("even", 0), ("all", 2)] {
        let chosen: Vec<u64> = queries
            .iter()
            .map(|(id, _)| *id)
            .filter(|id| keep == 2 || id % 2 == keep)
            .collect();
        let a = scores(&ours, &judgments, &chosen);
        let b = scores(&theirs, &judgments, &chosen);
        println!(
            "{:<10} {:<8} {:>7.4} {:>7.4} {:>8.4}",
            "newsgrep", split, a.0, a.1, a.2
        );
        println!(
            "{:<10} {:<8} {:>7.4} {:>7.4} {:>8.4}",
            "fts5", split, b.0, b.1, b.2
        );
        println!(
            "{:<10} {:<8} {:>+6.1}%",
            "",
            "MAP gain",
            100.0 * (a.0 / b.0 - 1.0)
        );
    }
}

/// `*TEXT 017 01/04/63 PAGE 020` starts a document; the text follows.
fn read_docs(path: &Path) -> Vec<Doc> {
    let text = std::fs::read_to_string(path).expect("TIME.ALL");
    let mut docs = Vec::new();
    // The judgments number documents by their position in the file (1, 2, …), not by
    // the `*TEXT` number.
    for (position, chunk) in text.split("*TEXT ").skip(1).enumerate() {
        let (header, body) = chunk.split_once('\n').unwrap_or((chunk, ""));
        let mut fields = header.split_whitespace();
        let _text_number = fields.next();
        let id = position as u64 + 1;
        let date = fields.next().unwrap_or("01/01/63");
        let (month, rest) = date.split_once('/').unwrap_or(("01", "01/63"));
        let (day, year) = rest.split_once('/').unwrap_or(("01", "63"));
        let body = body.split("*STOP").next().unwrap_or("");
        let body = body.split_whitespace().collect::<Vec<_>>().join(" ");
        docs.push(Doc {
            id,
            date: format!("19{year}-{month}-{day}T00:00:00"),
            text: body.to_lowercase(),
        });
    }
    docs
}

fn read_queries(path: &Path) -> Vec<(u64, String)> {
    let text = std::fs::read_to_string(path).expect("TIME.QUE");
    text.split("*FIND")
        .skip(1)
        .filter_map(|chunk| {
            let chunk = chunk.split("*STOP").next()?;
            let (id, words) = chunk.trim().split_once(char::is_whitespace)?;
            let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
            Some((id.trim().parse().ok()?, words.to_lowercase()))
        })
        .collect()
}

fn read_judgments(path: &Path) -> BTreeMap<u64, HashSet<u64>> {
    let text = std::fs::read_to_string(path).expect("TIME.REL");
    text.lines()
        .filter_map(|line| {
            let mut numbers = line
                .split_whitespace()
                .filter_map(|n| n.parse::<u64>().ok());
            let query = numbers.next()?;
            Some((query, numbers.collect()))
        })
        .collect()
}

/// Tries field weights on the odd (tuning) queries only and prints their MAP.
fn grid(
    store: &newsgrep::store::Store,
    index_dir: &tempfile::TempDir,
    queries: &[(u64, String)],
    judgments: &BTreeMap<u64, HashSet<u64>>,
) {
    let odd: Vec<u64> = queries
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| id % 2 == 1)
        .collect();
    for proximity in [0.0, 0.25, 0.5, 1.0, 2.0] {
        let weights = FieldWeights {
            proximity,
            ..FieldWeights::default()
        };
        let rankings = newsgrep_rankings(store, index_dir, queries, weights);
        let (map, p10, ndcg) = scores(&rankings, judgments, &odd);
        println!("proximity {proximity}: MAP {map:.4} P@10 {p10:.4} nDCG@10 {ndcg:.4}");
    }
}

/// Each document becomes a post: no title, the text in paragraphs as its body.
fn build_index(docs: &[Doc]) -> (tempfile::TempDir, newsgrep::store::Store) {
    let dump = tempfile::tempdir().expect("temp dir");
    let mut ndjson = String::new();
    for doc in docs {
        // TIME articles have no headlines: the post gets none, as FTS5 gets none.
        let title = "";
        let paragraphs: String = doc
            .text
            .split(" . ")
            .map(|s| format!("<p>{s} .</p>"))
            .collect();
        let post = serde_json::json!({
            "id": doc.id, "type": "post", "link": format!("https://time.example/?p={}", doc.id),
            "date_gmt": doc.date, "title": {"rendered": title}, "content": {"rendered": paragraphs},
        });
        ndjson.push_str(&post.to_string());
        ndjson.push('\n');
    }
    std::fs::write(dump.path().join("time.ndjson"), ndjson).expect("write dump");
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
    queries: &[(u64, String)],
    weights: FieldWeights,
) -> BTreeMap<u64, Vec<u64>> {
    queries
        .iter()
        .map(|(id, text)| {
            let query = text.clone();
            let config = SearchConfig {
                index_dir: index.path().to_path_buf(),
                query,
                limit: 1000,
                weights,
                ..SearchConfig::default()
            };
            let results = search_store(store, &config).expect("search");
            (*id, results.hits.iter().map(|h| h.post.id).collect())
        })
        .collect()
}

fn fts5_rankings(
    manifest: &Path,
    docs: &[Doc],
    queries: &[(u64, String)],
) -> BTreeMap<u64, Vec<u64>> {
    let input = serde_json::json!({
        "docs": docs.iter().map(|d| serde_json::json!({"id": d.id, "text": d.text})).collect::<Vec<_>>(),
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
    rankings: &BTreeMap<u64, Vec<u64>>,
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
