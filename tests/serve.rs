//! `newsgrep serve`: the JSON API through real HTTP on an ephemeral port, the page in
//! a real headless Chromium, and new commits seen without a restart.

use crate::util::{fixtures_index, post_json, project_dir, skip, write_dump, TestIndex};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `newsgrep serve`, stopped when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
    /// What the server printed on stderr before it served.
    banner: String,
}

impl Server {
    fn start(index: &Path, addr: &str) -> Server {
        let child = Command::new(env!("CARGO_BIN_EXE_newsgrep"))
            .args(["--index", index.to_str().unwrap(), "serve", "--addr", addr])
            .current_dir(project_dir())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn newsgrep serve");
        // Owned by the guard at once: a failed check below still stops the process.
        let mut server = Server {
            child,
            addr: SocketAddr::from(([0, 0, 0, 0], 0)),
            banner: String::new(),
        };
        let mut stderr = BufReader::new(server.child.stderr.take().unwrap());
        loop {
            let mut line = String::new();
            if stderr.read_line(&mut line).unwrap() == 0 {
                panic!("serve ended before serving: {}", server.banner);
            }
            server.banner.push_str(&line);
            if let Some(rest) = line.split("at http://").nth(1) {
                server.addr = rest.split('/').next().unwrap().parse().unwrap();
                return server;
            }
        }
    }

    /// `GET path`: the status and the body.
    fn get(&self, path: &str) -> (u16, String) {
        raw_request(
            self.addr,
            &format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
        )
    }

    /// `GET path` answered with JSON: the status and the value.
    fn json(&self, path: &str) -> (u16, Value) {
        let (status, body) = self.get(path);
        let value = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"));
        (status, value)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends raw bytes and reads the whole answer: the status (0 if none) and the body.
fn raw_request(addr: SocketAddr, request: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let body = answer
        .split_once("\r\n\r\n")
        .map_or(String::new(), |(_, body)| body.to_string());
    (status, body)
}

#[test]
fn search_answers_with_the_hits_total_and_facets() {
    let server = Server::start(fixtures_index().path(), "127.0.0.1:0");
    let (status, body) = server.json("/api/search?q=ferry&limit=1&facet_limit=1");
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["total"], 2);
    assert!(body["took_ms"].as_f64().unwrap() >= 0.0);
    let mut hit = body["hits"][0].clone();
    assert!(hit["score"].as_f64().unwrap() > 0.0);
    hit["score"] = json!(0);
    assert_eq!(
        hit,
        json!({
            "rank": 1, "score": 0, "id": 102, "site": "www.harbor-times.example",
            "url": "https://www.harbor-times.example/2025/ferry-timetable-changes/",
            "title": "Ferry Timetable Changes for Spring", "date": "2025-02-20T16:05:00Z",
            "categories": ["Transport"], "tags": [], "author": "Lena Fischer",
            "snippet": body["hits"][0]["snippet"],
            "title_highlights": [[0, 5]], "snippet_highlights": [[11, 16]]
        })
    );
    assert!(hit["snippet"]
        .as_str()
        .unwrap()
        .starts_with("The island ferry will run"));
    assert_eq!(
        body["facets"],
        json!({
            "category": [{"value": "24", "count": 1}],
            "site": [{"value": "newsroom.example.com", "count": 1}],
            "speaker": [{"value": "Coast Weather Service", "count": 1}],
            "month": [{"value": "2025-02", "count": 1}, {"value": "2025-03", "count": 1}],
            "undated": 0
        })
    );
    // Filters, repeated, and paging.
    let (_, body) = server
        .json("/api/search?q=harbor&site=newsroom.example.com&category=Transport&category=24");
    let ids: Vec<u64> = body["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, vec![302, 303]);
    let (_, body) = server.json("/api/search?q=harbor&limit=1&offset=1");
    assert_eq!(body["hits"][0]["rank"], 2);
    assert_eq!(body["total"], 4);
}

#[test]
fn quotes_posts_speakers_and_stats() {
    let server = Server::start(fixtures_index().path(), "127.0.0.1:0");
    let (status, body) = server.json("/api/quotes?q=dockworkers");
    assert_eq!(status, 200);
    assert_eq!(
        body["quotes"],
        json!([{
            "text": "We owe the dockworkers a full hearing before any contract is signed.",
            "speaker": "Priya Nair", "post_id": 301, "site": "newsroom.example.com",
            "url": "https://newsroom.example.com/2025/council-vote/",
            "title": "City Council Delays Vote on Harbor Cranes", "date": "2025-02-28T14:00:00Z"
        }])
    );
    assert_eq!(
        (body["total"].clone(), body["posts"].clone()),
        (json!(1), json!(1))
    );
    let (status, post) = server.json("/api/posts/www.harbor-times.example/101");
    assert_eq!(status, 200);
    assert_eq!(
        post["title"],
        "Port Strike Talks Resume as Dockworkers’ Union Returns to the Table"
    );
    assert_eq!(post["quotes"][0]["speaker"], "Maria Okafor");
    let (_, speakers) = server.json("/api/speakers?limit=2");
    assert_eq!(speakers["total"], 5);
    assert_eq!(
        speakers["speakers"],
        json!([
            {"speaker": "Ana Beltrán", "quotes": 1, "posts": 1},
            {"speaker": "Coast Weather Service", "quotes": 1, "posts": 1}
        ])
    );
    let (_, stats) = server.json("/api/stats");
    assert_eq!(stats["posts"], 10);
    assert_eq!(stats["languages"], json!({"en": 6, "es": 4}));
}

#[test]
fn bad_requests_get_a_json_error_and_never_reach_outside_the_index() {
    let server = Server::start(fixtures_index().path(), "127.0.0.1:0");
    let cases = [
        ("/api/search?q=a&limt=3", 400, "unknown parameter 'limt' (known: category, facet_limit, half_life, lang, limit, offset, q, since, site, sort, speaker, until)"),
        ("/api/search?q=a&q=b", 400, "parameter 'q' is given more than once"),
        ("/api/search?limit=5000", 400, "limit must be a whole number from 0 to 1000, not '5000'"),
        ("/api/search?sort=random", 400, "sort must be relevance, date or recent, not 'random'"),
        ("/api/search?since=2025-13-01", 400, "since: invalid date '2025-13-01': expected YYYY-MM-DD or an RFC 3339 timestamp"),
        ("/api/search?since=2025-03-02&until=2025-03-01", 400, "since is later than until"),
        ("/api/search?speaker=%E2%80%94", 400, "speaker '—' names nobody"),
        ("/api/quotes?since=2025-03-02&until=2025-03-01", 400, "since is later than until"),
        ("/api/speakers?since=2025-03-02&until=2025-03-01", 400, "since is later than until"),
        ("/api/quotes?sort=date", 400, "unknown parameter 'sort' (known: category, lang, limit, q, since, site, speaker, until)"),
        ("/api/stats?x=1", 400, "unknown parameter 'x' (known: )"),
        ("/api/posts/www.harbor-times.example/abc", 400, "post id must be a whole number, not 'abc'"),
        ("/api/posts/www.harbor-times.example/999", 404, "no post www.harbor-times.example/999 in the index"),
        ("/api/posts/..%2F..%2Fetc/passwd", 400, "post id must be a whole number, not 'passwd'"),
        ("/../../etc/passwd", 404, "no such page: /../../etc/passwd"),
        ("/api/nothing", 404, "no such page: /api/nothing"),
    ];
    for (path, status, error) in cases {
        let (got, body) = server.json(path);
        assert_eq!((got, body), (status, json!({ "error": error })), "{path}");
    }
    // Whatever the query holds, the answer is a result or a 400, never a failure.
    let long = "harbor%20".repeat(2000);
    let odd = [
        "q=%22unbalanced".to_string(),
        "q=title%3A".to_string(),
        "q=%00%01%02".to_string(),
        "q=-".to_string(),
        "q=OR%20OR%20AND".to_string(),
        "q=*%3F~%5E%5B%5D%7B%7D".to_string(),
        format!("q={long}"),
        "q=a&since=9999-12-31".to_string(),
        "q=a&since=0000-01-01".to_string(),
        "limit=0".to_string(),
        "q=harbor&offset=100000".to_string(),
        "lang=..%2F..%2Fetc".to_string(),
        "category=&site=&speaker=".to_string(),
        "sort=recent&half_life=0.000001".to_string(),
        "half_life=1e308&sort=recent".to_string(),
        "q=%E6%9D%B1%E4%BA%AC%E9%83%BD".to_string(),
        "q=a%26b%3Dc".to_string(),
        "%3D%3D%3D".to_string(),
    ];
    for query in &odd {
        for endpoint in ["search", "quotes"] {
            let path = format!("/api/{endpoint}?{query}");
            let (status, body) = server.get(&path);
            assert!(status == 200 || status == 400, "{path}: {status} {body}");
            let _: Value =
                serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"));
        }
    }
    // Garbage on the wire is refused, and the server goes on answering.
    let (status, _) = raw_request(server.addr, "NONSENSE\r\n\r\n");
    assert_eq!(status, 400);
    let (status, _) = raw_request(
        server.addr,
        "GET /api/search?q=%FF%FE HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(status == 200 || status == 400, "{status}");
    let (status, body) = server.get("/");
    assert_eq!(status, 200);
    assert!(body.contains("<title>newsgrep</title>"));
    assert_eq!(server.json("/api/search?q=ferry").0, 200);
}

#[test]
fn only_loopback_is_the_default_and_other_addresses_get_a_warning() {
    let server = Server::start(fixtures_index().path(), "0.0.0.0:0");
    assert!(
        server
            .banner
            .starts_with("newsgrep: warning: listening on 0.0.0.0:"),
        "{}",
        server.banner
    );
    assert!(server.banner.contains("there is no authentication"));
    let help = crate::util::run_newsgrep(&["serve", "--help"], &[]);
    assert!(
        help.stdout.contains("[default: 127.0.0.1:7700]"),
        "{}",
        help.stdout
    );
    let local = Server::start(fixtures_index().path(), "127.0.0.1:0");
    assert!(
        local.banner.starts_with("newsgrep: serving "),
        "{}",
        local.banner
    );
}

#[test]
fn new_commits_are_searched_without_a_restart_while_requests_go_on() {
    let first = write_dump(&[(
        "a.json",
        &post_json(
            1,
            "live.example",
            "2025-01-01T00:00:00",
            "Tide report",
            "<p>Low tide at noon.</p>",
        ),
    )]);
    let index = TestIndex::new();
    index.index_ok(&[first.path().to_str().unwrap()]);
    let server = Server::start(index.path(), "127.0.0.1:0");
    assert_eq!(server.json("/api/search?q=lighthouse").1["total"], 0);
    let second = write_dump(&[(
        "b.json",
        &post_json(
            2,
            "live.example",
            "2025-01-02T00:00:00",
            "Lighthouse relit",
            "<p>The lighthouse shines again.</p>",
        ),
    )]);
    // Requests keep coming while the index is written.
    let addr = server.addr;
    let load = std::thread::spawn(move || {
        let mut answered = 0;
        let until = Instant::now() + Duration::from_millis(1500);
        while Instant::now() < until {
            let (status, _) = raw_request(
                addr,
                "GET /api/search?q=tide HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            );
            assert_eq!(status, 200);
            answered += 1;
        }
        answered
    });
    index.index_ok(&[second.path().to_str().unwrap()]);
    assert!(load.join().unwrap() > 0);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, body) = server.json("/api/search?q=lighthouse");
        if body["total"] == 1 {
            assert_eq!(body["hits"][0]["title"], "Lighthouse relit");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the new post never showed up: {body}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The Python that has Selenium: the one `.ci/run` installs it into, else `python3`.
fn python() -> String {
    let venv = project_dir().join("target/browser-venv/bin/python");
    if venv.is_file() {
        venv.to_string_lossy().into_owned()
    } else {
        "python3".to_string()
    }
}

#[test]
fn the_page_works_in_a_real_headless_chromium() {
    let server = Server::start(fixtures_index().path(), "127.0.0.1:0");
    let screenshot = project_dir().join("target/serve-screenshot.png");
    let _ = std::fs::remove_file(&screenshot);
    let output = Command::new(python())
        .arg("tests/browser/serve_page.py")
        .arg(format!("http://{}/", server.addr))
        .arg(&screenshot)
        .current_dir(project_dir())
        .output();
    let output = match output {
        Ok(output) => output,
        Err(err) => {
            return skip(
                "the_page_works_in_a_real_headless_chromium",
                &format!("no python3: {err}"),
            )
        }
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.code() == Some(3) {
        return skip(
            "the_page_works_in_a_real_headless_chromium",
            &format!(
                "browser tools not installed ({}); .ci/run installs them",
                stdout.trim()
            ),
        );
    }
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert_eq!(stdout.trim(), "ok");
    assert!(screenshot.is_file(), "no screenshot");
}
