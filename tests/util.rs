//! The harness: run the real `newsgrep` binary against a temporary index.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use tempfile::TempDir;

/// What one run of the binary gave.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The `id` of every JSON hit line, in order.
    pub fn json_ids(&self) -> Vec<u64> {
        self.json_lines()
            .iter()
            .map(|hit| hit["id"].as_u64().expect("id is a number"))
            .collect()
    }

    /// Every stdout line parsed as JSON.
    pub fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
            .collect()
    }
}

/// A temporary index folder, removed when dropped.
pub struct TestIndex {
    dir: TempDir,
}

impl TestIndex {
    pub fn new() -> TestIndex {
        TestIndex {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `newsgrep --index <this> ARGS…` from the project folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut full = vec!["--index", self.path().to_str().expect("utf-8 temp path")];
        full.extend_from_slice(args);
        run_newsgrep(&full, &[])
    }

    /// Like [`TestIndex::run`], with extra environment variables.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut full = vec!["--index", self.path().to_str().expect("utf-8 temp path")];
        full.extend_from_slice(args);
        run_newsgrep(&full, env)
    }

    /// Indexes the given paths and checks the run succeeded.
    pub fn index_ok(&self, paths: &[&str]) -> Run {
        let mut args = vec!["index"];
        args.extend_from_slice(paths);
        let run = self.run(&args);
        assert_eq!(run.code, 0, "index failed: {run:?}");
        run
    }
}

/// Runs the binary from the project folder with a clean environment for newsgrep.
pub fn run_newsgrep(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsgrep"));
    command
        .args(args)
        .current_dir(project_dir())
        .env_remove("NEWSGREP_INDEX")
        .env_remove("NO_COLOR");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("run newsgrep");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

pub fn project_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One index of `fixtures/dump`, shared by the tests that only read it.
pub fn fixtures_index() -> &'static TestIndex {
    static INDEX: OnceLock<TestIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let index = TestIndex::new();
        index.index_ok(&["fixtures/dump"]);
        index
    })
}

/// Writes a small dump of posts (given as file names and JSON texts, borrowed or
/// owned) into a temporary folder.
pub fn write_dump<N: AsRef<str>, T: AsRef<str>>(files: &[(N, T)]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        let (name, text) = (name.as_ref(), text.as_ref());
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, text).expect("write fixture");
    }
    dir
}

/// A minimal post object as JSON text.
pub fn post_json(id: u64, site: &str, date: &str, title: &str, content: &str) -> String {
    serde_json::json!({
        "id": id, "type": "post", "date_gmt": date, "modified_gmt": date,
        "link": format!("https://{site}/?p={id}"),
        "title": {"rendered": title}, "content": {"rendered": content},
        "excerpt": {"rendered": ""}, "author": 1, "categories": [], "tags": []
    })
    .to_string()
}

/// Prints why a test is skipped, past the test harness's output capture, so that a
/// skip is never silent.
pub fn skip(test: &str, reason: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {reason}");
}

/// The corpus folder from `NEWSGREP_CORPUS`, or `None` after printing why the calling
/// test is skipped.
pub fn corpus_dir(test: &str) -> Option<PathBuf> {
    match std::env::var_os("NEWSGREP_CORPUS") {
        Some(dir) if !dir.is_empty() => {
            let dir = project_dir().join(dir);
            if dir.is_dir() {
                Some(dir)
            } else {
                skip(
                    test,
                    &format!("NEWSGREP_CORPUS={} is not a folder", dir.display()),
                );
                None
            }
        }
        _ => {
            skip(
                test,
                "NEWSGREP_CORPUS is not set (CI sets it to ../shared/corpus)",
            );
            None
        }
    }
}
