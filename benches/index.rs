//! Whole indexing runs: the fixtures dump and, when `NEWSGREP_CORPUS` is set, the
//! five real WordPress dumps (652 posts), each into a fresh index folder.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsgrep::{index_dumps, IndexConfig};
use std::path::PathBuf;

fn dump_bytes(paths: &[PathBuf]) -> u64 {
    let (files, _) = newsgrep::load::list_files(paths, None);
    files.iter().map(|f| f.size).sum()
}

fn bench_index(c: &mut Criterion) {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut sets = vec![("fixtures", vec![manifest.join("fixtures/dump")])];
    match std::env::var_os("NEWSGREP_CORPUS") {
        Some(corpus) => {
            let corpus = manifest.join(corpus);
            let dumps = [
                "wp-golkar",
                "wp-izquierdahispanica",
                "wp-jannah-tech-demo",
                "wp-tuqulore-designlab",
                "wp-unitingnc",
            ];
            sets.push((
                "corpus-652-posts",
                dumps.iter().map(|d| corpus.join(d)).collect(),
            ));
        }
        None => eprintln!("index: NEWSGREP_CORPUS not set, benchmarking the fixtures only"),
    }
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    for (name, dumps) in &sets {
        group.throughput(Throughput::Bytes(dump_bytes(dumps)));
        group.bench_function(*name, |b| {
            b.iter_with_setup(
                || tempfile::tempdir().expect("temp dir"),
                |dir| {
                    let config = IndexConfig::new(dir.path().to_path_buf(), dumps.clone());
                    index_dumps(&config).expect("index");
                    dir
                },
            )
        });
    }
    group.finish();
}

criterion_group!(benches, bench_index);
criterion_main!(benches);
