//! The hot parts of indexing and searching, one criterion group each, so that a
//! change's effect shows: JSON loading (split a dump file into objects and read each),
//! HTML stripping, quotation extraction (on parsed articles), language detection, and
//! queries on the fixtures' index. Uses the real posts too when `NEWSGREP_CORPUS` is
//! set.
//! `cargo bench --bench hot_paths`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsgrep::analysis::lang::detect_language;
use newsgrep::html::{parse_article, strip_html};
use newsgrep::load::wp::read_object;
use newsgrep::load::{list_files, raw_objects, read_objects, ObjectKind};
use newsgrep::quotes::extract_quotes;
use newsgrep::search::{search_store, SearchConfig};
use std::hint::black_box;
use std::path::PathBuf;

/// The fixtures, and the real dumps when the corpus is there.
fn roots() -> Vec<(&'static str, PathBuf)> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut roots = vec![("fixtures", manifest.join("fixtures/dump"))];
    match std::env::var_os("NEWSGREP_CORPUS") {
        Some(corpus) => roots.push((
            "corpus",
            manifest.join(corpus).join("wp-izquierdahispanica"),
        )),
        None => eprintln!("hot_paths: NEWSGREP_CORPUS not set, benchmarking the fixtures only"),
    }
    roots
}

fn dump_texts(root: &PathBuf) -> Vec<String> {
    let (files, _) = list_files(std::slice::from_ref(root), None);
    files
        .iter()
        .filter_map(|file| std::fs::read_to_string(&file.path).ok())
        .filter(|text| text.trim_start().starts_with(['{', '[']))
        .collect()
}

fn post_contents(root: &PathBuf) -> Vec<String> {
    let (files, _) = list_files(std::slice::from_ref(root), None);
    files
        .iter()
        .flat_map(|file| read_objects(&file.path).objects)
        .filter(|object| ObjectKind::of(object) == ObjectKind::Post)
        .filter_map(|object| object.body.content)
        .collect()
}

fn bench_json(c: &mut Criterion) {
    let mut group = c.benchmark_group("json_load");
    for (name, root) in roots() {
        let texts = dump_texts(&root);
        group.throughput(Throughput::Bytes(
            texts.iter().map(|t| t.len() as u64).sum(),
        ));
        group.bench_function(name, |b| {
            b.iter(|| {
                for text in &texts {
                    let raw = raw_objects(text);
                    for object in &raw.objects {
                        black_box(read_object(object));
                    }
                }
            })
        });
    }
    group.finish();
}

fn bench_strip_html(c: &mut Criterion) {
    let mut group = c.benchmark_group("strip_html");
    for (name, root) in roots() {
        let contents = post_contents(&root);
        group.throughput(Throughput::Bytes(
            contents.iter().map(|html| html.len() as u64).sum(),
        ));
        group.bench_function(name, |b| {
            b.iter(|| {
                for html in &contents {
                    black_box(strip_html(black_box(html)));
                }
            })
        });
    }
    group.finish();
}

fn bench_quotes_and_language(c: &mut Criterion) {
    let mut quotes = c.benchmark_group("extract_quotes");
    let sets: Vec<(&str, Vec<newsgrep::html::Article>)> = roots()
        .into_iter()
        .map(|(name, root)| {
            let articles = post_contents(&root)
                .iter()
                .map(|html| parse_article(html))
                .collect();
            (name, articles)
        })
        .collect();
    for (name, articles) in &sets {
        quotes.bench_function(*name, |b| {
            b.iter(|| {
                for article in articles {
                    black_box(extract_quotes(black_box(article)));
                }
            })
        });
    }
    quotes.finish();
    let mut language = c.benchmark_group("detect_language");
    for (name, articles) in &sets {
        let texts: Vec<String> = articles.iter().map(|a| a.text()).collect();
        language.bench_function(*name, |b| {
            b.iter(|| {
                for text in &texts {
                    black_box(detect_language(black_box(text)));
                }
            })
        });
    }
    language.finish();
}

fn bench_query(c: &mut Criterion) {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let index = tempfile::tempdir().expect("temp dir");
    let config = newsgrep::IndexConfig::new(
        index.path().to_path_buf(),
        vec![manifest.join("fixtures/dump")],
    );
    newsgrep::index_dumps(&config).expect("index the fixtures");
    let store = newsgrep::store::open(index.path()).expect("open");
    let mut group = c.benchmark_group("query");
    for query in [
        "ferry",
        "harbour board",
        "\"port authority\"",
        "what did the mayor say about the new ferry",
    ] {
        let config = SearchConfig {
            index_dir: index.path().to_path_buf(),
            query: query.to_string(),
            limit: 10,
            ..SearchConfig::default()
        };
        group.bench_function(query, |b| {
            b.iter(|| black_box(search_store(&store, &config).expect("search")))
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    bench_json,
    bench_strip_html,
    bench_quotes_and_language,
    bench_query
);
criterion_main!(benches);
