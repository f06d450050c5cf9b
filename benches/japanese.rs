//! Japanese word splitting: newsgrep's character bigrams against a dictionary
//! tokenizer (MeCab with UniDic-lite, through `benches/ja_segment.py`), on the
//! paragraphs of the Japanese posts of the real dumps. Each paragraph is a document.
//! Two query sets, judged by plain substring search (the paragraphs that contain the
//! query are the right answers):
//! - dictionary words: every noun of two or more characters the dictionary finds;
//! - strings from the text: 2 to 4 characters taken at fixed steps, cut anywhere, as a
//!   reader who remembers part of a compound or a name might type them.
//!
//! Prints, for each tokenizer, recall, precision, queries that find nothing, and the
//! index size.
//!
//! `pip install fugashi unidic-lite`, then
//! `NEWSGREP_CORPUS=../shared/corpus cargo bench --bench japanese`

use newsgrep::analysis::tokenizer::{is_cjk, WordsAndBigrams};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{AllQuery, PhraseQuery, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED,
};
use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, TextAnalyzer, WhitespaceTokenizer};
use tantivy::{doc, Index, TantivyDocument, Term};

/// An index of the paragraphs made with one way of splitting words.
struct Engine {
    name: &'static str,
    index: Index,
    field: Field,
    dir: tempfile::TempDir,
}

fn main() {
    let Some(corpus) = std::env::var_os("NEWSGREP_CORPUS") else {
        eprintln!("japanese: NEWSGREP_CORPUS is not set; nothing to measure");
        return;
    };
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (posts, paragraphs) =
        japanese_paragraphs(&manifest.join(corpus).join("wp-tuqulore-designlab"));
    let Some(segmented) = segment(&manifest, &paragraphs) else {
        return;
    };
    let nouns: BTreeSet<String> = segmented
        .iter()
        .flatten()
        .filter(|(surface, pos)| {
            pos == "名詞" && surface.chars().count() >= 2 && surface.chars().any(is_cjk)
        })
        .map(|(surface, _)| surface.clone())
        .collect();
    let dictionary_words: Vec<String> = nouns.into_iter().collect();
    let text_strings = strings_from_text(&paragraphs);

    let bigrams = build_engine("bigrams", bigram_analyzer(), &paragraphs);
    let joined: Vec<String> = segmented.iter().map(|words| join_words(words)).collect();
    let dictionary = build_engine("dictionary", dictionary_analyzer(), &joined);

    println!(
        "{} paragraphs of {} Japanese posts; {} dictionary words, {} strings from the text",
        paragraphs.len(),
        posts,
        dictionary_words.len(),
        text_strings.len()
    );
    println!(
        "{:<12} {:<20} {:>7} {:>9} {:>12} {:>11}",
        "tokenizer", "queries", "recall", "precision", "found none", "index"
    );
    for (set, queries) in [
        ("dictionary words", &dictionary_words),
        ("strings from text", &text_strings),
    ] {
        let Some(segmented_queries) = segment(&manifest, queries) else {
            return;
        };
        for engine in [&bigrams, &dictionary] {
            // Each query as the engine's analyzer cuts it (the dictionary's words for
            // the dictionary engine).
            let query_terms: Vec<Vec<Term>> = if engine.name == "bigrams" {
                let mut analyzer = bigram_analyzer();
                queries
                    .iter()
                    .map(|q| analyze(&mut analyzer, engine.field, q))
                    .collect()
            } else {
                let mut analyzer = dictionary_analyzer();
                segmented_queries
                    .iter()
                    .map(|words| analyze(&mut analyzer, engine.field, &join_words(words)))
                    .collect()
            };
            let (recall, precision, none) = evaluate(engine, &paragraphs, queries, &query_terms);
            println!(
                "{:<12} {:<20} {:>7.3} {:>9.3} {:>12} {:>8} KB",
                engine.name,
                set,
                recall,
                precision,
                none,
                dir_bytes(engine.dir.path()) / 1024
            );
        }
    }
}

/// newsgrep's analysis of text in languages without stemming.
fn bigram_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordsAndBigrams)
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .build()
}

/// Words already cut by the dictionary, separated by spaces.
fn dictionary_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WhitespaceTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .build()
}

/// The dictionary's words without punctuation and spaces, joined by spaces.
fn join_words(words: &[(String, String)]) -> String {
    words
        .iter()
        .filter(|(surface, pos)| pos != "補助記号" && pos != "空白" && !surface.trim().is_empty())
        .map(|(surface, _)| surface.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn build_engine(name: &'static str, analyzer: TextAnalyzer, texts: &[String]) -> Engine {
    let mut builder = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(name)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let field = builder.add_text_field(
        "text",
        TextOptions::default().set_indexing_options(indexing),
    );
    let number = builder.add_u64_field("paragraph", STORED);
    let dir = tempfile::tempdir().expect("temp dir");
    let index = Index::create_in_dir(dir.path(), builder.build()).expect("index");
    index.tokenizers().register(name, analyzer);
    let mut writer = index
        .writer_with_num_threads(1, 50_000_000)
        .expect("writer");
    for (i, text) in texts.iter().enumerate() {
        writer
            .add_document(doc!(field => text.as_str(), number => i as u64))
            .expect("add");
    }
    writer.commit().expect("commit");
    writer.wait_merging_threads().expect("merge");
    Engine {
        name,
        index,
        field,
        dir,
    }
}

fn analyze(analyzer: &mut TextAnalyzer, field: Field, text: &str) -> Vec<Term> {
    let mut terms = Vec::new();
    let mut stream = analyzer.token_stream(text);
    stream.process(&mut |token| terms.push(Term::from_field_text(field, &token.text)));
    terms
}

/// Mean recall and precision against substring search, and queries that found nothing.
fn evaluate(
    engine: &Engine,
    paragraphs: &[String],
    queries: &[String],
    query_terms: &[Vec<Term>],
) -> (f64, f64, usize) {
    let reader = engine.index.reader().expect("reader");
    let searcher = reader.searcher();
    let number = engine.index.schema().get_field("paragraph").expect("field");
    let lowered: Vec<String> = paragraphs.iter().map(|p| p.to_lowercase()).collect();
    let (mut recall, mut precision, mut none) = (0.0, 0.0, 0);
    for (query, terms) in queries.iter().zip(query_terms) {
        let wanted: BTreeSet<u64> = lowered
            .iter()
            .enumerate()
            .filter(|(_, p)| p.contains(&query.to_lowercase()))
            .map(|(i, _)| i as u64)
            .collect();
        let tantivy_query: Box<dyn Query> = match terms.len() {
            0 => {
                none += 1;
                continue;
            }
            1 => Box::new(TermQuery::new(terms[0].clone(), IndexRecordOption::Basic)),
            _ => Box::new(PhraseQuery::new(terms.clone())),
        };
        let found: BTreeSet<u64> = searcher
            .search(&*tantivy_query, &DocSetCollector)
            .expect("search")
            .into_iter()
            .map(|address| {
                let doc: TantivyDocument = searcher.doc(address).expect("doc");
                doc.get_first(number).and_then(|v| v.as_u64()).unwrap_or(0)
            })
            .collect();
        if found.is_empty() {
            none += 1;
        } else {
            precision += found.intersection(&wanted).count() as f64 / found.len() as f64;
        }
        recall += found.intersection(&wanted).count() as f64 / wanted.len().max(1) as f64;
    }
    let n = queries.len().max(1) as f64;
    let answered = (queries.len() - none).max(1) as f64;
    (recall / n, precision / answered, none)
}

/// How many Japanese posts the dump has, and their paragraphs with Japanese text, as
/// newsgrep indexes them.
fn japanese_paragraphs(dump: &Path) -> (usize, Vec<String>) {
    let index = tempfile::tempdir().expect("temp dir");
    let config = newsgrep::IndexConfig::new(index.path().to_path_buf(), vec![dump.to_path_buf()]);
    newsgrep::index_dumps(&config).expect("index the Japanese dump");
    let store = newsgrep::store::open(index.path()).expect("open");
    let reader = store.index.reader().expect("reader");
    let searcher = reader.searcher();
    let mut posts: Vec<newsgrep::Post> = searcher
        .search(&AllQuery, &TopDocs::with_limit(10_000).order_by_score())
        .expect("all posts")
        .into_iter()
        .map(|(_, address)| {
            let doc: TantivyDocument = searcher.doc(address).expect("doc");
            store.fields.read_post(&doc)
        })
        .filter(|post| post.lang == "ja")
        .collect();
    posts.sort_by_key(|post| post.id);
    let paragraphs = posts
        .iter()
        .flat_map(|post| post.body.split("\n\n"))
        .map(str::trim)
        .filter(|p| p.chars().any(is_cjk))
        .map(str::to_string)
        .collect();
    (posts.len(), paragraphs)
}

/// Strings of 2, 3 and 4 Japanese characters taken every 37 characters of the text.
fn strings_from_text(paragraphs: &[String]) -> Vec<String> {
    let mut strings = BTreeSet::new();
    let mut length = 2;
    for paragraph in paragraphs {
        let chars: Vec<char> = paragraph.chars().collect();
        let mut start = 5;
        while start + length <= chars.len() {
            let candidate = &chars[start..start + length];
            if candidate.iter().all(|&c| is_cjk(c)) {
                strings.insert(candidate.iter().collect::<String>());
                length = if length == 4 { 2 } else { length + 1 };
            }
            start += 37;
        }
    }
    strings.into_iter().collect()
}

/// Each text cut into [surface, part of speech] by the dictionary, or `None` with a
/// printed reason when the segmenter is not installed.
fn segment(manifest: &Path, texts: &[String]) -> Option<Vec<Vec<(String, String)>>> {
    let child = Command::new("python3")
        .arg(manifest.join("benches/ja_segment.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        eprintln!("japanese: python3 not found; skipped");
        return None;
    };
    let input = serde_json::to_string(texts).expect("json");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write to python");
    let output = child.wait_with_output().expect("python output");
    if !output.status.success() {
        eprintln!(
            "japanese: the dictionary segmenter is not installed \
             (pip install fugashi unidic-lite); skipped"
        );
        return None;
    }
    let words: Vec<Vec<(String, String)>> =
        serde_json::from_slice(&output.stdout).expect("segmenter output");
    Some(words)
}

/// Bytes of every file in a folder.
fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
