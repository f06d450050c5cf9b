//! In-process query latency, for `benches/speed.py`: opens the index at
//! `NEWSGREP_BENCH_INDEX` once, reads `[{"query": …, "flags": ["--since", "…"]}]` on
//! stdin, runs each query `NEWSGREP_BENCH_RUNS` times (default 200) through
//! `search_store` with 10 hits (snippets included), and prints one JSON line:
//! `[{"query", "p50_ms", "p99_ms", "total"}]`. `NEWSGREP_BENCH_FEEDBACK=1` searches
//! as `--feedback` does, to time what it costs.

use newsgrep::search::{search_store, Filters, SearchConfig};
use newsgrep::timefmt::{parse_user_date, DayEdge};
use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let Some(index) = std::env::var_os("NEWSGREP_BENCH_INDEX") else {
        eprintln!("query_latency: NEWSGREP_BENCH_INDEX is not set; run benches/speed.py");
        return;
    };
    let runs: usize = std::env::var("NEWSGREP_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(200);
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .expect("query list on stdin");
    let spec: Vec<serde_json::Value> = serde_json::from_str(&input).expect("JSON query list");
    let store = newsgrep::store::open(&PathBuf::from(index)).expect("open the index");
    let mut rows = Vec::new();
    for item in &spec {
        let query = item["query"].as_str().unwrap_or_default().to_string();
        let flags: Vec<&str> = item["flags"]
            .as_array()
            .map(|f| f.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        let mut config = SearchConfig {
            index_dir: PathBuf::new(),
            query: query.clone(),
            filters: filters(&flags),
            limit: 10,
            ..SearchConfig::default()
        };
        if std::env::var_os("NEWSGREP_BENCH_FEEDBACK").is_some() {
            config.weights.feedback = Some(newsgrep::search::Feedback::LONG_QUERIES);
        }
        let mut times = Vec::with_capacity(runs);
        let mut total = 0;
        for _ in 0..runs {
            let started = Instant::now();
            let results = search_store(&store, &config).expect("search");
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            total = results.total;
        }
        times.sort_by(f64::total_cmp);
        rows.push(serde_json::json!({
            "query": query,
            "p50_ms": times[times.len() / 2],
            "p99_ms": times[(times.len() * 99 / 100).min(times.len() - 1)],
            "total": total,
        }));
    }
    println!("{}", serde_json::Value::Array(rows));
}

fn filters(flags: &[&str]) -> Filters {
    let mut filters = Filters::default();
    for pair in flags.chunks(2) {
        match pair {
            ["--since", date] => {
                filters.since = Some(parse_user_date(date, DayEdge::Start).expect("date"))
            }
            ["--until", date] => {
                filters.until = Some(parse_user_date(date, DayEdge::End).expect("date"))
            }
            ["--category", name] => filters.categories.push(name.to_string()),
            other => panic!("query_latency: unknown flags {other:?}"),
        }
    }
    filters
}
