//! `newsgrep fetch` against a real WordPress: Debian's `wordpress` package on MariaDB,
//! served by `php -S` (see `tests/wordpress/wp.sh`). `.ci/run` installs the packages
//! and sets `NEWSGREP_REQUIRE_WORDPRESS=1`, so there a missing WordPress fails these
//! tests instead of skipping them; elsewhere they skip with the reason printed.

use crate::util::{project_dir, skip, Run, TestIndex};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// One WordPress site of a test: its own database, served on its own port.
struct WordPress {
    name: String,
    port: u16,
    pid: Option<u32>,
    pretty: bool,
}

fn script() -> PathBuf {
    project_dir().join("tests/wordpress/wp.sh")
}

impl WordPress {
    /// A fresh site holding the seed's posts, or `None` (after saying why) where
    /// WordPress cannot run.
    fn start(test: &str, name: &str, pretty: bool, seed: &Path) -> Option<WordPress> {
        let check = Command::new(script())
            .arg("check")
            .output()
            .expect("run wp.sh");
        if !check.status.success() {
            let reason = String::from_utf8_lossy(&check.stdout).trim().to_string();
            if std::env::var_os("NEWSGREP_REQUIRE_WORDPRESS").is_some_and(|v| v == "1") {
                panic!("NEWSGREP_REQUIRE_WORDPRESS=1 but no WordPress can run: {reason}");
            }
            skip(test, &format!("no real WordPress here: {reason}"));
            return None;
        }
        let mut args = vec!["start".to_string(), name.to_string()];
        if pretty {
            args.push("pretty".to_string());
        }
        args.push(seed.to_str().unwrap().to_string());
        let started = Command::new(script())
            .args(&args)
            .output()
            .expect("run wp.sh");
        assert!(
            started.status.success(),
            "wp.sh start failed: {}",
            String::from_utf8_lossy(&started.stderr)
        );
        let (port, pid) = port_and_pid(&started.stdout);
        Some(WordPress {
            name: name.to_string(),
            port,
            pid: Some(pid),
            pretty,
        })
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Stops the server (the database stays).
    fn stop(&mut self) {
        if let Some(pid) = self.pid.take() {
            let _ = Command::new(script())
                .args(["stop", &pid.to_string()])
                .output();
        }
    }

    /// Serves the site again on the same port.
    fn serve_again(&mut self) {
        let mut args = vec![
            "serve".to_string(),
            self.name.clone(),
            self.port.to_string(),
        ];
        if self.pretty {
            args.push("pretty".to_string());
        }
        let served = Command::new(script())
            .args(&args)
            .output()
            .expect("run wp.sh");
        assert!(
            served.status.success(),
            "{}",
            String::from_utf8_lossy(&served.stderr)
        );
        self.pid = Some(port_and_pid(&served.stdout).1);
    }

    /// Runs `posts.php` against the site; gives its JSON answer.
    fn php(&self, args: &[&str]) -> Value {
        let port = self.port.to_string();
        let mut full = vec!["php", self.name.as_str(), port.as_str()];
        full.extend_from_slice(args);
        let out = Command::new(script())
            .args(&full)
            .output()
            .expect("run wp.sh");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("posts.php prints JSON")
    }
}

impl Drop for WordPress {
    fn drop(&mut self) {
        self.stop();
    }
}

fn port_and_pid(stdout: &[u8]) -> (u16, u32) {
    let text = String::from_utf8_lossy(stdout);
    let mut parts = text.split_whitespace();
    let port = parts.next().and_then(|p| p.parse().ok()).expect("a port");
    let pid = parts.next().and_then(|p| p.parse().ok()).expect("a pid");
    (port, pid)
}

/// The hand-made posts of `fixtures/wordpress/posts.json`, and `generated` more.
fn seed(dir: &Path, generated: usize) -> (PathBuf, Vec<Value>) {
    let fixture = project_dir().join("fixtures/wordpress/posts.json");
    let mut posts: Vec<Value> = serde_json::from_slice(&std::fs::read(fixture).unwrap()).unwrap();
    for n in 1..=generated {
        posts.push(json!({
            "title": format!("Tide report {n}"),
            "content": format!("<p>High water at {}:{:02}.</p>", n % 24, n % 60),
            "date_gmt": format!("2024-{:02}-{:02} 06:00:00", n % 12 + 1, n % 28 + 1),
            "categories": ["Tides"],
            "tags": [format!("coast-{}", n % 5)],
            "author": "Lena Schmidt"
        }));
    }
    let path = dir.join("seed.json");
    std::fs::write(&path, serde_json::to_vec(&posts).unwrap()).unwrap();
    (path, posts)
}

/// The index's posts by id, as `export --ndjson` gives them.
fn exported(index: &TestIndex) -> BTreeMap<u64, Value> {
    let run = index.run(&["export", "--ndjson"]);
    run.json_lines()
        .into_iter()
        .map(|post| (post["id"].as_u64().unwrap(), post))
        .collect()
}

/// Checks that the index holds exactly the inserted posts: titles, dates, category
/// and tag names, authors.
fn assert_holds(index: &TestIndex, inserted: &[Value], ids: &[u64]) {
    let posts = exported(index);
    assert_eq!(posts.keys().copied().collect::<Vec<_>>(), ids.to_vec());
    for (post, id) in inserted.iter().zip(ids) {
        let got = &posts[id];
        assert_eq!(got["title"], post["title"], "post {id}");
        let date = post["date_gmt"].as_str().unwrap().replace(' ', "T") + "Z";
        assert_eq!(got["date"], date, "post {id}");
        let mut categories: Vec<&str> = post["categories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        categories.sort_unstable();
        let mut got_categories: Vec<&str> = got["categories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        got_categories.sort_unstable();
        assert_eq!(got_categories, categories, "post {id}");
        let tags: BTreeSet<&str> = post["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        let got_tags: BTreeSet<&str> = got["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert_eq!(got_tags, tags, "post {id}");
        assert_eq!(got["author"], post["author"], "post {id}");
    }
}

fn inserted_ids(answer: &Value) -> Vec<u64> {
    answer
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_u64().unwrap())
        .collect()
}

fn fetch(index: &TestIndex, site: &WordPress, dump: &Path, extra: &[&str]) -> Run {
    let url = site.url();
    let mut args = vec!["fetch", url.as_str(), "--dump", dump.to_str().unwrap()];
    args.extend_from_slice(extra);
    index.run(&args)
}

#[test]
fn a_full_fetch_of_a_real_wordpress_equals_what_was_inserted() {
    let test = "a_full_fetch_of_a_real_wordpress_equals_what_was_inserted";
    let work = tempfile::tempdir().unwrap();
    let (seed_file, posts) = seed(work.path(), 240);
    let Some(site) = WordPress::start(test, "full", false, &seed_file) else {
        return;
    };
    let dump = work.path().join("dump");
    let index = TestIndex::new();
    let run = fetch(&index, &site, &dump, &["--jobs", "2", "--index-after"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .contains(": added 246, updated 0, unchanged 0, removed 0; "),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\nindexed 246 posts from 1 site"),
        "{}",
        run.stdout
    );
    // Plain permalinks: the API answers at ?rest_route= only.
    let state: Value =
        serde_json::from_slice(&std::fs::read(dump.join(".newsgrep-fetch.json")).unwrap()).unwrap();
    assert_eq!(
        state["api"],
        format!("{}/index.php?rest_route=/", site.url())
    );
    // WordPress numbers posts in insertion order: the seed's posts are the lowest ids.
    let posts_by_id = exported(&index);
    let ids: Vec<u64> = posts_by_id.keys().copied().collect();
    assert_eq!(ids.len(), 246);
    assert_holds(&index, &posts, &ids);
    // The HTML was cleaned like any dump's: entities decoded, script gone, speakers.
    let first = &posts_by_id[&ids[0]];
    assert_eq!(
        first["body"],
        "Dockworkers returned to the table on Monday. “We will not back down on pensions,” said union leader Ana Reyes.\n\nThe port authority called the talks \"constructive\"."
    );
    assert_eq!(first["speakers"], json!(["Ana Reyes"]));
}

#[test]
fn an_incremental_fetch_with_prune_gives_exactly_the_new_state() {
    let test = "an_incremental_fetch_with_prune_gives_exactly_the_new_state";
    let work = tempfile::tempdir().unwrap();
    let (seed_file, mut posts) = seed(work.path(), 0);
    let Some(site) = WordPress::start(test, "incremental", true, &seed_file) else {
        return;
    };
    let dump = work.path().join("dump");
    let index = TestIndex::new();
    let first = fetch(&index, &site, &dump, &["--index-after"]);
    assert_eq!(first.code, 0, "{first:?}");
    let state: Value =
        serde_json::from_slice(&std::fs::read(dump.join(".newsgrep-fetch.json")).unwrap()).unwrap();
    assert_eq!(state["api"], format!("{}/wp-json/", site.url()));
    let mut ids: Vec<u64> = exported(&index).keys().copied().collect();
    assert_eq!(ids.len(), 6);

    // One post edited, one added, one deleted.
    let edit = work.path().join("edit.json");
    std::fs::write(&edit, r#"{"title": "Harbor strike ends", "content": "<p>The zeppelinfest on the quay marks the deal.</p>"}"#).unwrap();
    site.php(&["update", &ids[0].to_string(), edit.to_str().unwrap()]);
    posts[0]["title"] = "Harbor strike ends".into();
    let added = work.path().join("added.json");
    let new_post = json!([{"title": "Ferry to the islands doubles", "content": "<p>Two boats a day.</p>",
        "date_gmt": "2025-06-01 08:00:00", "categories": ["Política", "Islands"], "tags": ["ferries"], "author": "Noor Haddad"}]);
    std::fs::write(&added, new_post.to_string()).unwrap();
    let new_id = inserted_ids(&site.php(&["insert", added.to_str().unwrap()]))[0];
    site.php(&["delete", &ids[3].to_string()]);
    posts.remove(3);
    ids.remove(3);
    posts.push(new_post[0].clone());
    ids.push(new_id);

    let second = fetch(&index, &site, &dump, &["--prune", "--index-after"]);
    assert_eq!(second.code, 0, "{second:?}");
    assert!(
        second.stdout.contains("(changes since the last fetch)"),
        "{}",
        second.stdout
    );
    // The new post is dated in the past and so was last modified then: it is found
    // by its id, newer than any the dump held.
    assert!(
        second
            .stdout
            .contains(": added 1, updated 1, unchanged 0, removed 1; "),
        "{}",
        second.stdout
    );
    assert!(
        second.stdout.contains("\nindexed 6 posts from 1 site"),
        "{}",
        second.stdout
    );
    assert!(
        second
            .stdout
            .contains(": added 1, updated 1, unchanged 4, removed 1,"),
        "{}",
        second.stdout
    );
    assert_holds(&index, &posts, &ids);
    let found = index.run(&["zeppelinfest", "--json"]);
    assert_eq!(found.json_ids(), vec![ids[0]]);
    assert_eq!(
        index.run(&["lighthouse", "--json"]).json_ids(),
        Vec::<u64>::new()
    );
}

#[test]
fn a_fetch_cut_off_by_the_server_stopping_resumes_without_duplicates() {
    let test = "a_fetch_cut_off_by_the_server_stopping_resumes_without_duplicates";
    let work = tempfile::tempdir().unwrap();
    let (seed_file, posts) = seed(work.path(), 244);
    let Some(mut site) = WordPress::start(test, "stopped", false, &seed_file) else {
        return;
    };
    let dump = work.path().join("dump");
    let index = TestIndex::new();
    let url = site.url();
    let child = Command::new(env!("CARGO_BIN_EXE_newsgrep"))
        .args([
            "--index",
            index.path().to_str().unwrap(),
            "fetch",
            &url,
            "--dump",
        ])
        .arg(&dump)
        .args(["--delay", "0.5", "--retries", "1"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The server stops as soon as the first page is on disk.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::fs::read_dir(dump.join("posts")).map_or(true, |mut d| d.next().is_none()) {
        assert!(std::time::Instant::now() < deadline, "no page was written");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    site.stop();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "newsgrep: page 2 of posts ({url}/index.php?rest_route=/wp/v2/posts&per_page=100&page=2&orderby=id&order=asc) failed 2 times, last: connection refused; run the same fetch again to resume\n"
        )
    );
    site.serve_again();
    let rerun = fetch(&index, &site, &dump, &["--index-after"]);
    assert_eq!(rerun.code, 0, "{rerun:?}");
    assert!(
        rerun.stdout.contains("(every post, resumed)"),
        "{}",
        rerun.stdout
    );
    assert!(
        rerun
            .stdout
            .contains(": added 150, updated 0, unchanged 0, removed 0; "),
        "{}",
        rerun.stdout
    );
    assert!(
        rerun.stdout.contains("\nindexed 250 posts from 1 site"),
        "{}",
        rerun.stdout
    );
    assert!(
        rerun.stdout.contains("; 0 duplicate copies,"),
        "{}",
        rerun.stdout
    );
    let ids: Vec<u64> = exported(&index).keys().copied().collect();
    assert_holds(&index, &posts, &ids);
}
