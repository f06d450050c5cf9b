//! HTML → text speed on the fixtures' posts and, when `NEWSGREP_CORPUS` is set, on
//! the real posts of the corpus.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsgrep::html::strip_html;
use newsgrep::load::{list_files, read_objects, ObjectKind};
use std::hint::black_box;
use std::path::PathBuf;

fn post_contents(root: PathBuf) -> Vec<String> {
    let (files, _) = list_files(&[root]);
    files
        .iter()
        .flat_map(|file| read_objects(&file.path).objects)
        .filter(|object| ObjectKind::of(object) == ObjectKind::Post)
        .filter_map(|object| object.body.content)
        .collect()
}

fn bench_strip(c: &mut Criterion) {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut sets = vec![("fixtures", post_contents(manifest.join("fixtures/dump")))];
    match std::env::var_os("NEWSGREP_CORPUS") {
        Some(corpus) => sets.push(("corpus", post_contents(manifest.join(corpus)))),
        None => eprintln!("strip_html: NEWSGREP_CORPUS not set, benchmarking the fixtures only"),
    }
    let mut group = c.benchmark_group("strip_html");
    for (name, contents) in &sets {
        let bytes: usize = contents.iter().map(String::len).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(*name, |b| {
            b.iter(|| {
                for html in contents {
                    black_box(strip_html(black_box(html)));
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_strip);
criterion_main!(benches);
