//! Time to archive a real site from a real WordPress: the 373 posts of the corpus's
//! izquierdahispanica.org dump are inserted into a local WordPress (Debian's packages,
//! `tests/wordpress/wp.sh`), then `newsgrep fetch URL --index-after` runs against it:
//! a full fetch on one connection, the same on four, and an incremental fetch after one
//! post is edited. The corpus text goes into the local database only.
//!
//! ```text
//! NEWSGREP_CORPUS=../shared/corpus cargo bench --bench fetch
//! ```

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn project() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn script() -> PathBuf {
    project().join("tests/wordpress/wp.sh")
}

/// The corpus site's posts in the shape `posts.php insert` takes.
fn seed(corpus: &Path, out: &Path) -> usize {
    let path = corpus.join("wp-izquierdahispanica/wp-json/wp/v2/posts.json");
    let posts: Vec<Value> = serde_json::from_slice(&std::fs::read(&path).expect("the corpus dump"))
        .expect("a JSON array");
    let seed: Vec<Value> = posts
        .iter()
        .map(|post| {
            let names = |field: &str, prefix: &str| -> Vec<String> {
                post[field]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_u64)
                    .map(|id| format!("{prefix} {id}"))
                    .collect()
            };
            json!({
                "title": post["title"]["rendered"],
                "content": post["content"]["rendered"],
                "date_gmt": post["date_gmt"].as_str().unwrap_or("2015-01-01T00:00:00").replace('T', " "),
                "categories": names("categories", "categoría"),
                "tags": names("tags", "etiqueta"),
                "author": format!("autor {}", post["author"].as_u64().unwrap_or(1)),
            })
        })
        .collect();
    std::fs::write(out, serde_json::to_vec(&seed).unwrap()).unwrap();
    seed.len()
}

/// Runs newsgrep; gives its wall time and its stdout.
fn newsgrep(args: &[&str]) -> (f64, String) {
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_newsgrep"))
        .args(args)
        .output()
        .expect("run newsgrep");
    let seconds = started.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "newsgrep {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (seconds, String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Runs `newsgrep --index INDEX fetch URL --dump DUMP EXTRA… --index-after` and prints
/// its time under `label`, then its summary lines.
fn timed_fetch(label: &str, index: &Path, url: &str, dump: &Path, extra: &[&str]) {
    let mut args = vec![
        "--index",
        index.to_str().unwrap(),
        "fetch",
        url,
        "--dump",
        dump.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    args.push("--index-after");
    let (seconds, stdout) = newsgrep(&args);
    println!("{label}: {seconds:.2} s");
    for line in stdout.lines() {
        println!("  {line}");
    }
}

fn main() {
    let Some(corpus) = std::env::var_os("NEWSGREP_CORPUS").map(|c| project().join(c)) else {
        eprintln!("SKIPPED fetch bench: NEWSGREP_CORPUS is not set");
        return;
    };
    let check = Command::new(script()).arg("check").output().expect("wp.sh");
    if !check.status.success() {
        eprintln!(
            "SKIPPED fetch bench: no real WordPress here: {}",
            String::from_utf8_lossy(&check.stdout).trim()
        );
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let seed_file = work.path().join("seed.json");
    let posts = seed(&corpus, &seed_file);
    let started = Instant::now();
    let out = Command::new(script())
        .args(["start", "bench", seed_file.to_str().unwrap()])
        .output()
        .expect("wp.sh start");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut parts = text.split_whitespace();
    let port = parts.next().unwrap().to_string();
    let pid = parts.next().unwrap().to_string();
    println!(
        "Debian's WordPress with {posts} posts of izquierdahispanica.org, installed and seeded in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let url = format!("http://127.0.0.1:{port}");
    for jobs in ["1", "4"] {
        let index = work.path().join(format!("index-{jobs}"));
        let dump = work.path().join(format!("dump-{jobs}"));
        let label = format!("full fetch + index, --jobs {jobs}");
        timed_fetch(&label, &index, &url, &dump, &["--jobs", jobs]);
    }
    // One post edited, then the incremental fetch of the first dump.
    let edit = work.path().join("edit.json");
    std::fs::write(&edit, r#"{"title": "Editado para la prueba"}"#).unwrap();
    let index = work.path().join("index-1");
    let (_, records) = newsgrep(&["--index", index.to_str().unwrap(), "export", "--ndjson"]);
    let first_id = records
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter_map(|record| record["id"].as_u64())
        .min()
        .expect("an indexed post");
    let edited = Command::new(script())
        .args([
            "php",
            "bench",
            &port,
            "update",
            &first_id.to_string(),
            edit.to_str().unwrap(),
        ])
        .output()
        .expect("wp.sh php");
    assert!(
        edited.status.success(),
        "{}",
        String::from_utf8_lossy(&edited.stderr)
    );
    let dump = work.path().join("dump-1");
    let label = "incremental fetch + --prune + index after one edit";
    timed_fetch(label, &index, &url, &dump, &["--prune"]);
    let _ = Command::new(script()).args(["stop", &pid]).output();
}
