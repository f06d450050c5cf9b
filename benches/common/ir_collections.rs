//! The three judged test collections of `../shared/corpus` read as documents, queries
//! and relevance judgments: TIME (`time-collection/`), CRAN and MED (`ir/`, whose
//! SOURCES.md gives the formats).

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// A document of a collection.
pub struct Doc {
    /// The id the judgments use.
    pub id: u64,
    pub date: String,
    /// Empty where the collection has none.
    pub title: String,
    pub text: String,
}

/// A judged test collection.
pub struct Collection {
    pub name: &'static str,
    /// The host its posts are published on.
    pub host: &'static str,
    pub docs: Vec<Doc>,
    /// (query id, text in lower case), judged queries only.
    pub queries: Vec<(u64, String)>,
    /// The relevant documents of each query.
    pub judgments: BTreeMap<u64, HashSet<u64>>,
}

impl Collection {
    /// The ids of the queries of one half: odd ids tune, even ids are held out.
    pub fn half(&self, odd: bool) -> Vec<u64> {
        self.queries
            .iter()
            .map(|(id, _)| *id)
            .filter(|id| (id % 2 == 1) == odd)
            .collect()
    }
}

/// TIME, CRAN and MED, each skipped with a message when its files are missing.
pub fn read_all(corpus: &Path) -> Vec<Collection> {
    let mut all = Vec::new();
    for (name, read) in [
        ("TIME", time as fn(&Path) -> std::io::Result<Collection>),
        ("CRAN", cran),
        ("MED", med),
    ] {
        match read(corpus) {
            Ok(collection) => all.push(collection),
            Err(e) => eprintln!("relevance: {name} skipped: {e}"),
        }
    }
    all
}

fn judged_only(
    name: &'static str,
    host: &'static str,
    docs: Vec<Doc>,
    queries: Vec<(u64, String)>,
    judgments: BTreeMap<u64, HashSet<u64>>,
) -> Collection {
    let queries = queries
        .into_iter()
        .filter(|(id, _)| judgments.get(id).is_some_and(|r| !r.is_empty()))
        .collect();
    Collection {
        name,
        host,
        docs,
        queries,
        judgments,
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// TIME: `*TEXT 017 01/04/63 PAGE 020` starts a document, numbered by its position in
/// the file; `*FIND n` a query; `TIME.REL` lines are a query and its documents.
fn time(corpus: &Path) -> std::io::Result<Collection> {
    let dir = corpus.join("time-collection/data/time");
    let text = std::fs::read_to_string(dir.join("TIME.ALL"))?;
    let mut docs = Vec::new();
    for (position, chunk) in text.split("*TEXT ").skip(1).enumerate() {
        let (header, body) = chunk.split_once('\n').unwrap_or((chunk, ""));
        let date = header.split_whitespace().nth(1).unwrap_or("01/01/63");
        let (month, rest) = date.split_once('/').unwrap_or(("01", "01/63"));
        let (day, year) = rest.split_once('/').unwrap_or(("01", "63"));
        docs.push(Doc {
            id: position as u64 + 1,
            date: format!("19{year}-{month}-{day}T00:00:00"),
            title: String::new(),
            text: one_line(body.split("*STOP").next().unwrap_or("")).to_lowercase(),
        });
    }
    let queries = std::fs::read_to_string(dir.join("TIME.QUE"))?
        .split("*FIND")
        .skip(1)
        .filter_map(|chunk| {
            let chunk = chunk.split("*STOP").next()?;
            let (id, words) = chunk.trim().split_once(char::is_whitespace)?;
            Some((id.trim().parse().ok()?, one_line(words).to_lowercase()))
        })
        .collect();
    let judgments = std::fs::read_to_string(dir.join("TIME.REL"))?
        .lines()
        .filter_map(|line| {
            let mut numbers = line.split_whitespace().filter_map(|n| n.parse().ok());
            Some((numbers.next()?, numbers.collect()))
        })
        .collect();
    Ok(judged_only(
        "TIME",
        "time.example",
        docs,
        queries,
        judgments,
    ))
}

/// SMART records: `.I n` then fields opened by `.X` lines; (number, field → text).
fn smart_records(text: &str) -> Vec<(u64, BTreeMap<char, String>)> {
    let mut records = Vec::new();
    for chunk in text.split("\n.I ").map(|c| c.trim_start_matches(".I ")) {
        let mut lines = chunk.lines();
        let Some(number) = lines.next().and_then(|l| l.trim().parse().ok()) else {
            continue;
        };
        let mut fields: BTreeMap<char, String> = BTreeMap::new();
        let mut current = None;
        for line in lines {
            let marker = line.strip_prefix('.').filter(|rest| rest.trim().len() == 1);
            if let Some(marker) = marker.and_then(|m| m.trim().chars().next()) {
                current = Some(marker);
                continue;
            }
            if let Some(field) = current {
                let text = fields.entry(field).or_default();
                text.push(' ');
                text.push_str(line);
            }
        }
        let fields = fields.into_iter().map(|(k, v)| (k, one_line(&v))).collect();
        records.push((number, fields));
    }
    records
}

/// CRAN: `.T` title and `.W` abstract; queries are numbered in the judgments by their
/// position in `cran.qry`, not by their `.I`; codes 1–4 are relevant, −1 is not.
fn cran(corpus: &Path) -> std::io::Result<Collection> {
    let dir = corpus.join("ir/CRAN");
    let docs = smart_records(&std::fs::read_to_string(dir.join("cran.all.1400"))?)
        .into_iter()
        .map(|(id, fields)| Doc {
            id,
            date: "1960-01-01T00:00:00".to_string(),
            title: fields.get(&'T').cloned().unwrap_or_default(),
            text: fields.get(&'W').cloned().unwrap_or_default(),
        })
        .collect();
    let queries = smart_records(&std::fs::read_to_string(dir.join("cran.qry"))?)
        .into_iter()
        .enumerate()
        .map(|(position, (_, fields))| {
            let text = fields.get(&'W').cloned().unwrap_or_default();
            (position as u64 + 1, text.to_lowercase())
        })
        .collect();
    let mut judgments: BTreeMap<u64, HashSet<u64>> = BTreeMap::new();
    for line in std::fs::read_to_string(dir.join("cranqrel"))?.lines() {
        let numbers: Vec<i64> = line
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        if let [query, doc, code] = numbers[..] {
            if (1..=4).contains(&code) {
                judgments
                    .entry(query as u64)
                    .or_default()
                    .insert(doc as u64);
            }
        }
    }
    Ok(judged_only(
        "CRAN",
        "cran.example",
        docs,
        queries,
        judgments,
    ))
}

/// MED: `.W` only; `MED.REL` lines are `query 0 doc 1`.
fn med(corpus: &Path) -> std::io::Result<Collection> {
    let dir = corpus.join("ir/MED");
    let docs = smart_records(&std::fs::read_to_string(dir.join("MED.ALL"))?)
        .into_iter()
        .map(|(id, fields)| Doc {
            id,
            date: "1970-01-01T00:00:00".to_string(),
            title: String::new(),
            text: fields.get(&'W').cloned().unwrap_or_default(),
        })
        .collect();
    let queries = smart_records(&std::fs::read_to_string(dir.join("MED.QRY"))?)
        .into_iter()
        .map(|(id, fields)| {
            (
                id,
                fields.get(&'W').cloned().unwrap_or_default().to_lowercase(),
            )
        })
        .collect();
    let mut judgments: BTreeMap<u64, HashSet<u64>> = BTreeMap::new();
    for line in std::fs::read_to_string(dir.join("MED.REL"))?.lines() {
        let numbers: Vec<u64> = line
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        if let [query, _, doc, _] = numbers[..] {
            judgments.entry(query).or_default().insert(doc);
        }
    }
    Ok(judged_only("MED", "med.example", docs, queries, judgments))
}
