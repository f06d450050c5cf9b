//! Full build against no-op and 1%-changed re-index, on the 652 real posts and on a
//! dump scaled to ten times their size (copies with new ids), printed as ratios.
//! Run with `NEWSGREP_CORPUS=../shared/corpus cargo bench --bench reindex`.

use newsgrep::load::list_files;
use newsgrep::load::raw_objects;
use newsgrep::{index_dumps, IndexConfig};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[path = "common/dumps.rs"]
mod dumps;
use dumps::DUMPS;
const RUNS: usize = 5;

fn main() {
    let Some(corpus) = std::env::var_os("NEWSGREP_CORPUS") else {
        eprintln!("reindex: NEWSGREP_CORPUS is not set; nothing to measure");
        return;
    };
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = manifest.join(corpus);
    let real: Vec<PathBuf> = DUMPS.iter().map(|d| corpus.join(d)).collect();
    let scaled = manifest.join("target/bench-dumps/scaled-10x");
    if !scaled.exists() {
        write_scaled(&real, &scaled, 10);
    }
    println!(
        "{:<22} {:>10} {:>10} {:>10} {:>9} {:>9}",
        "dump", "full", "no-op", "1% changed", "no-op/full", "1%/full"
    );
    measure("652 real posts", &real);
    measure("scaled 10x", std::slice::from_ref(&scaled));
}

/// Median of a few runs of `f`.
fn median(mut f: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS).map(|_| f()).collect();
    times.sort();
    times[RUNS / 2]
}

fn measure(name: &str, dumps: &[PathBuf]) {
    let index = tempfile::tempdir().expect("temp dir");
    let config = IndexConfig::new(index.path().to_path_buf(), dumps.to_vec());
    let mut rebuild = config.clone();
    rebuild.rebuild = true;
    let full = median(|| time(&rebuild));
    let noop = median(|| time(&config));
    // 1% of the posts changed: rebuild the changed copy each round.
    let changed_dir = tempfile::tempdir().expect("temp dir");
    let one_percent = median(|| {
        let mut changed = config.clone();
        changed.dumps = vec![changed_dir.path().to_path_buf()];
        changed.dumps.extend(dumps.iter().cloned());
        write_changed_copy(dumps, changed_dir.path());
        time(&changed)
    });
    println!(
        "{name:<22} {:>8.0}ms {:>8.0}ms {:>8.0}ms {:>9.1}% {:>8.1}%",
        full.as_secs_f64() * 1000.0,
        noop.as_secs_f64() * 1000.0,
        one_percent.as_secs_f64() * 1000.0,
        100.0 * noop.as_secs_f64() / full.as_secs_f64(),
        100.0 * one_percent.as_secs_f64() / full.as_secs_f64()
    );
}

fn time(config: &IndexConfig) -> Duration {
    let started = Instant::now();
    index_dumps(config).expect("index");
    started.elapsed()
}

/// Every post object of the dumps, as JSON values.
fn posts(dumps: &[PathBuf]) -> Vec<serde_json::Value> {
    let (files, _) = list_files(dumps, None);
    let mut out = Vec::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file.path) else {
            continue;
        };
        let raw = raw_objects(&text);
        for object in raw.objects {
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(object) {
                if value.get("type").and_then(|t| t.as_str()) == Some("post") {
                    out.push(value);
                }
            }
        }
    }
    out
}

/// Writes `copies` copies of every post with new ids, 100 posts to a page.
fn write_scaled(dumps: &[PathBuf], target: &Path, copies: u64) {
    std::fs::create_dir_all(target).expect("mkdir");
    let posts = posts(dumps);
    let mut page = Vec::new();
    let mut pages = 0;
    for copy in 0..copies {
        for post in &posts {
            let mut post = post.clone();
            let id = post["id"].as_u64().unwrap_or(0);
            post["id"] = serde_json::json!(copy * 1_000_000 + id);
            page.push(post);
            if page.len() == 100 {
                std::fs::write(
                    target.join(format!("page-{pages}.json")),
                    serde_json::to_string(&page).unwrap(),
                )
                .expect("write");
                page.clear();
                pages += 1;
            }
        }
    }
    if !page.is_empty() {
        std::fs::write(
            target.join(format!("page-{pages}.json")),
            serde_json::to_string(&page).unwrap(),
        )
        .expect("write");
    }
}

/// Writes a newer copy of 1% of the posts (a later `modified` and a changed title).
fn write_changed_copy(dumps: &[PathBuf], target: &Path) {
    let posts = posts(dumps);
    static ROUND: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let stamp = ROUND.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let changed: Vec<serde_json::Value> = posts
        .iter()
        .step_by(100)
        .map(|post| {
            let mut post = post.clone();
            post["modified_gmt"] = serde_json::json!("2030-01-01T00:00:00");
            post["title"] =
                serde_json::json!({"rendered": format!("Changed {stamp} {}", post["id"])});
            post
        })
        .collect();
    std::fs::write(
        target.join("changed.json"),
        serde_json::to_string(&changed).unwrap(),
    )
    .expect("write");
}
