//! The command line: exit codes, error lines, warnings, the default command.

use crate::util::{fixtures_index, run_newsgrep, TestIndex};

#[test]
fn exit_codes_follow_grep() {
    let index = fixtures_index();
    assert_eq!(index.run(&["dockworkers"]).code, 0);
    let run = index.run(&["zeppelin"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.starts_with("0 of 0 matches shown in "),
        "{}",
        run.stderr
    );
}

#[test]
fn searching_without_an_index_says_how_to_make_one() {
    let index = TestIndex::new();
    let run = index.run(&["anything"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "newsgrep: no index at {}; run 'newsgrep index DIR' first\n",
            index.path().display()
        )
    );
    assert_eq!(index.run(&["stats"]).code, 2);
}

#[test]
fn the_index_location_comes_from_the_environment_too() {
    let index = fixtures_index();
    let path = index.path().to_str().unwrap();
    let run = run_newsgrep(&["title:timetable", "--json"], &[("NEWSGREP_INDEX", path)]);
    assert_eq!(run.json_ids(), vec![102]);
    let run = run_newsgrep(
        &["search", "title:ferry", "--json"],
        &[("XDG_DATA_HOME", "/nonexistent-newsgrep-test")],
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "newsgrep: no index at /nonexistent-newsgrep-test/newsgrep; run 'newsgrep index DIR' first\n"
    );
}

#[test]
fn malformed_queries_are_searched_leniently_with_a_warning() {
    let index = fixtures_index();
    let run = index.run(&["\"storm warning", "--json"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.json_ids(), vec![303]);
    assert!(run.stderr.starts_with(
        "newsgrep: warning: unbalanced quote in query; searched as if it were closed\n1 of 1 match shown in "
    ), "{}", run.stderr);
    let run = index.run(&["timetable title:", "--json", "-q"]);
    assert_eq!(run.json_ids(), vec![102]);
    assert_eq!(
        run.stderr,
        "newsgrep: warning: 'title:' is not followed by anything to search; ignored\n"
    );
}

#[test]
fn bad_arguments_are_errors_with_exit_code_2() {
    let index = fixtures_index();
    let run = index.run(&["storm", "--since", "2025-13-45"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "newsgrep: --since: invalid date '2025-13-45': expected YYYY-MM-DD or an RFC 3339 timestamp\n"
    );
    let run = index.run(&["storm", "--since", "2025-03-02", "--until", "2025-03-01"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, "newsgrep: --since is later than --until\n");
    let run = index.run(&["storm", "--sort", "random"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("invalid value 'random' for '--sort <SORT>'"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_query_may_follow_global_options_and_name_a_command_word_with_search() {
    let index = fixtures_index();
    let path = index.path().to_str().unwrap();
    let run = run_newsgrep(
        &[
            "--index",
            path,
            "-q",
            "--color=never",
            "timetable",
            "--json",
        ],
        &[],
    );
    assert_eq!(run.json_ids(), vec![102]);
    let run = run_newsgrep(&["--index", path, "--since", "2025-03-06", "--json"], &[]);
    assert_eq!(run.json_ids(), vec![203]);
    assert_eq!(index.run(&["search", "index"]).code, 1);
}

#[test]
fn help_and_version() {
    let run = run_newsgrep(&[], &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("Usage: newsgrep [OPTIONS] <COMMAND>"),
        "{run:?}"
    );
    let run = run_newsgrep(&["--version"], &[]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        format!("newsgrep {}\n", env!("CARGO_PKG_VERSION"))
    );
    let run = run_newsgrep(&["search", "--help"], &[]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("newsgrep talks --since 2025-11-01"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let index = fixtures_index();
    let commands: [&[&str]; 5] = [
        &["search", "-n", "100"],
        &["show", "101"],
        &["quotes"],
        &["completions", "bash"],
        &["man"],
    ];
    for args in commands {
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsgrep"))
            .args(["--index", index.path().to_str().unwrap()])
            .args(args)
            .current_dir(crate::util::project_dir())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        drop(child.stdout.take());
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn an_index_folder_that_cannot_be_made_is_named_with_its_reason_once() {
    let scratch = tempfile::tempdir().unwrap();
    let file = scratch.path().join("file");
    std::fs::write(&file, "not a folder").unwrap();
    let index = file.join("idx");
    let run = run_newsgrep(
        &[
            "--index",
            index.to_str().unwrap(),
            "index",
            &crate::util::project_dir()
                .join("fixtures/dump")
                .to_string_lossy(),
        ],
        &[],
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "newsgrep: {}: Not a directory (os error 20)\n",
            index.display()
        )
    );
}
