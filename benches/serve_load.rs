//! Load on `newsgrep serve`: concurrent clients firing searches over keep-alive
//! connections, as a page full of people typing would. Prints requests per second and
//! the latency percentiles.
//!
//! ```text
//! cargo bench --bench serve_load                         # the 652 real posts (NEWSGREP_CORPUS) or the fixtures
//! NEWSGREP_BENCH_INDEX=target/bench-work/index cargo bench --bench serve_load   # speed.py's 181 MB index
//! SERVE_CLIENTS=32 SERVE_SECONDS=10 …                    # the defaults
//! ```

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// What people type: single words, two words, a phrase, filters, a page of facets.
const QUERIES: &[&str] = &[
    "q=market",
    "q=oil+prices",
    "q=said&category=crude",
    "q=%22the+company+said%22",
    "q=interest+rates&since=1987-06-01",
    "q=harbor",
    "q=negociaci%C3%B3n",
    "q=trump&sort=date",
    "q=strike&limit=20&offset=20",
    "q=government+minister+talks",
];

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // `cargo bench` passes `--bench`; a test run (`cargo test --benches`) does not.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let clients = env_number("SERVE_CLIENTS", 32) as usize;
    let seconds = env_number("SERVE_SECONDS", 10);
    let project = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let temp = tempfile::tempdir().expect("temp dir");
    let (index, what) = match std::env::var_os("NEWSGREP_BENCH_INDEX") {
        Some(dir) => (project.join(dir), "the given index".to_string()),
        None => build_index(&project, temp.path()),
    };
    let mut server = start(&index);
    let addr = server.1;
    println!("serve_load: {clients} clients for {seconds} s on {what}");
    let until = Instant::now() + Duration::from_secs(seconds);
    let workers: Vec<_> = (0..clients)
        .map(|client| std::thread::spawn(move || fire(addr, client, until)))
        .collect();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for worker in workers {
        let (times, failed) = worker.join().expect("client thread");
        latencies.extend(times);
        errors += failed;
    }
    let _ = server.0.kill();
    let _ = server.0.wait();
    latencies.sort_unstable();
    let pick = |share: f64| -> f64 {
        let i = ((latencies.len() as f64 * share).ceil() as usize).clamp(1, latencies.len());
        latencies[i - 1].as_secs_f64() * 1000.0
    };
    if latencies.is_empty() {
        println!("no request succeeded ({errors} errors)");
        std::process::exit(1);
    }
    println!(
        "{} requests, {:.0} requests/s, p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms, {errors} errors",
        latencies.len(),
        latencies.len() as f64 / seconds as f64,
        pick(0.50),
        pick(0.90),
        pick(0.99),
        pick(1.0),
    );
}

#[path = "common/dumps.rs"]
mod dumps;
use dumps::DUMPS;

/// Indexes the real posts when `NEWSGREP_CORPUS` names them, else the fixtures.
fn build_index(project: &Path, into: &Path) -> (PathBuf, String) {
    let corpus = std::env::var_os("NEWSGREP_CORPUS")
        .map(|dir| project.join(dir))
        .filter(|dir| dir.join(DUMPS[0]).is_dir());
    let (dumps, what): (Vec<PathBuf>, &str) = match corpus {
        Some(dir) => (
            DUMPS.iter().map(|d| dir.join(d)).collect(),
            "the 652 real posts",
        ),
        None => (
            vec![project.join("fixtures/dump")],
            "the fixtures (10 posts)",
        ),
    };
    let index = into.join("index");
    let status = Command::new(env!("CARGO_BIN_EXE_newsgrep"))
        .arg("--index")
        .arg(&index)
        .args(["-q", "index"])
        .args(&dumps)
        .status()
        .expect("run newsgrep index");
    assert!(
        status.success() || status.code() == Some(1),
        "indexing failed"
    );
    (index, what.to_string())
}

/// Starts `newsgrep serve` on a free port.
fn start(index: &Path) -> (Child, SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsgrep"))
        .arg("--index")
        .arg(index)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn newsgrep serve");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut line = String::new();
    stderr.read_line(&mut line).expect("banner");
    let addr = line
        .split("at http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|addr| addr.parse().ok())
        .unwrap_or_else(|| panic!("no address in: {line}"));
    (child, addr)
}

/// One client: requests one after the other on one keep-alive connection until
/// `until`; the time of each answered request, and how many failed.
fn fire(addr: SocketAddr, client: usize, until: Instant) -> (Vec<Duration>, usize) {
    let mut times = Vec::new();
    let mut errors = 0;
    let mut connection: Option<BufReader<TcpStream>> = None;
    let mut n = client;
    while Instant::now() < until {
        let query = QUERIES[n % QUERIES.len()];
        n += 1;
        let started = Instant::now();
        let reader = match connection.as_mut() {
            Some(reader) => reader,
            None => match TcpStream::connect(addr) {
                Ok(stream) => connection.insert(BufReader::new(stream)),
                Err(_) => {
                    errors += 1;
                    continue;
                }
            },
        };
        match request(reader, query) {
            Ok(200) => times.push(started.elapsed()),
            _ => {
                errors += 1;
                connection = None;
            }
        }
    }
    (times, errors)
}

/// One `GET /api/search?…` on an open connection; the status, the body read whole.
fn request(reader: &mut BufReader<TcpStream>, query: &str) -> std::io::Result<u16> {
    let request = format!("GET /api/search?{query} HTTP/1.1\r\nHost: localhost\r\n\r\n");
    reader.get_mut().write_all(request.as_bytes())?;
    let mut status = 0;
    let mut length = 0usize;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some(code) = header.strip_prefix("HTTP/1.1 ") {
            status = code.get(..3).and_then(|c| c.parse().ok()).unwrap_or(0);
        } else if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(status)
}
