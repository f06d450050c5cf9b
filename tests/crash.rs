//! Crash safety and concurrency: `index` killed with SIGKILL at random moments, and
//! two `index` runs on one index at once.

use crate::util::{project_dir, skip, TestIndex};
use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// A dump of `posts` posts in 40 collection pages, each post with a distinct word.
fn big_dump(posts: u64) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let per_file = posts.div_ceil(40);
    for file in 0..40 {
        let page: Vec<serde_json::Value> = (file * per_file + 1..=((file + 1) * per_file).min(posts))
            .map(|id| {
                let text = format!(
                    "<p>Report number {id} from the harbour, word{id}.</p>\
                     <p>“The tide will turn on day {id},” harbour master Ana Ruiz said.</p>{}",
                    "<p>The harbour board met again to discuss the breakwater and the ferry timetable.</p>"
                        .repeat(20)
                );
                serde_json::json!({
                    "id": id, "type": "post", "link": format!("https://harbour.example/?p={id}"),
                    "date_gmt": "2025-01-01T00:00:00", "modified_gmt": "2025-01-01T00:00:00",
                    "title": {"rendered": format!("Harbour report {id}")},
                    "content": {"rendered": text}
                })
            })
            .collect();
        let path = dir.path().join(format!("page-{file}.json"));
        std::fs::write(path, serde_json::to_string(&page).unwrap()).unwrap();
    }
    dir
}

fn spawn_index(index: &TestIndex, dump: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_newsgrep"))
        .args([
            "--index",
            index.path().to_str().unwrap(),
            "index",
            "--commit-every",
            "300",
        ])
        .arg(dump)
        .current_dir(project_dir())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn newsgrep index")
}

/// The ids of every post in the index, or `None` when no commit was completed yet.
fn indexed_ids(index: &TestIndex) -> Option<Vec<u64>> {
    let run = index.run(&["search", "-n", "100000", "--json", "-q"]);
    if run.code == 2 && run.stderr.contains("no index at") {
        return None;
    }
    assert!(
        run.code == 0 || run.code == 1,
        "search after a crash failed: {run:?}"
    );
    Some(run.json_ids())
}

/// A small pseudo-random generator, seeded from the clock and printed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below.max(1)
    }
}

#[test]
fn killing_the_indexer_at_any_moment_loses_nothing_committed_and_leaves_no_duplicates() {
    const POSTS: u64 = 2000;
    let dump = big_dump(POSTS);
    // How long a whole run takes here, to aim the kills inside it.
    let timing = TestIndex::new();
    let started = Instant::now();
    let run = timing.run(&[
        "index",
        "--commit-every",
        "300",
        dump.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let full = started.elapsed().as_millis() as u64;
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64);
    let _ = writeln!(
        std::io::stderr(),
        "crash test: full run {full} ms, seed {seed}"
    );
    let mut random = Lcg(seed);

    let index = TestIndex::new();
    let mut committed_before = 0;
    for round in 0..6 {
        let mut child = spawn_index(&index, dump.path());
        std::thread::sleep(Duration::from_millis(random.next(full + 1)));
        let _ = child.kill();
        let _ = child.wait();
        let Some(ids) = indexed_ids(&index) else {
            assert_eq!(
                committed_before, 0,
                "round {round}: a committed index vanished"
            );
            continue;
        };
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(
            unique.len(),
            ids.len(),
            "round {round}: duplicate posts after a crash"
        );
        assert!(
            ids.len() >= committed_before,
            "round {round}: {} posts after the crash, {committed_before} were committed before",
            ids.len()
        );
        committed_before = ids.len();
    }
    let run = index.run(&[
        "index",
        "--commit-every",
        "300",
        dump.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "the run after the crashes failed: {run:?}");
    let mut ids = indexed_ids(&index).expect("an index");
    ids.sort_unstable();
    assert_eq!(ids, (1..=POSTS).collect::<Vec<u64>>());
    assert_eq!(index.run(&["word1234", "--json"]).json_ids(), vec![1234]);
}

#[test]
fn a_second_indexer_stops_at_once_while_searches_see_the_last_commit() {
    let first = big_dump(40);
    let second = big_dump(4000);
    let index = TestIndex::new();
    index.index_ok(&[first.path().to_str().unwrap()]);
    let mut running = spawn_index(&index, second.path());
    // The running indexer takes the writer lock as it starts, then reads for a while.
    std::thread::sleep(Duration::from_millis(400));
    let run = index.run(&["index", first.path().to_str().unwrap()]);
    let still_running = running.try_wait().ok().flatten().is_none();
    if !still_running {
        skip(
            "a_second_indexer_stops_at_once_while_searches_see_the_last_commit",
            "the first indexer finished before the second started; machine too fast for this dump",
        );
        return;
    }
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "newsgrep: index at {} is being written by another newsgrep process\n",
            index.path().display()
        )
    );
    // Searching while the index is being written sees the last commit.
    assert_eq!(index.run(&["word7", "--json", "-q"]).json_ids(), vec![7]);
    let status = running.wait().expect("wait");
    assert!(status.success());
    assert_eq!(
        index.run(&["word3999", "--json", "-q"]).json_ids(),
        vec![3999]
    );
}
