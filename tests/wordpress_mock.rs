//! A scripted web server for what a real WordPress will not do on demand: answer 429
//! with `Retry-After`, send an HTML error page or broken JSON where the API's JSON
//! belongs, close its API, or not be WordPress at all. Plain HTTP/1.1 over a std
//! listener, one connection per request, each answer chosen by a test's function.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

/// One answer.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    /// A JSON answer with WordPress's paging headers.
    pub fn page(body: &str, total: usize, pages: usize) -> Reply {
        Reply {
            status: 200,
            headers: vec![
                (
                    "Content-Type".into(),
                    "application/json; charset=UTF-8".into(),
                ),
                ("X-WP-Total".into(), total.to_string()),
                ("X-WP-TotalPages".into(), pages.to_string()),
            ],
            body: body.to_string(),
        }
    }

    /// A JSON answer without paging headers.
    pub fn json(status: u16, body: &str) -> Reply {
        Reply {
            status,
            headers: vec![(
                "Content-Type".into(),
                "application/json; charset=UTF-8".into(),
            )],
            body: body.to_string(),
        }
    }

    /// A web page.
    pub fn html(status: u16, body: &str) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), "text/html; charset=UTF-8".into())],
            body: body.to_string(),
        }
    }

    /// Adds a header.
    pub fn with(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

/// A running server and the requests it saw (`/path?query`, in order).
pub struct Mock {
    pub url: String,
    pub seen: Arc<Mutex<Vec<String>>>,
}

impl Mock {
    /// Serves `answer(path_and_query, times_this_path_was_asked_before)`.
    pub fn start(answer: impl Fn(&str, usize) -> Reply + Send + Sync + 'static) -> Mock {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let seen = Arc::new(Mutex::new(Vec::<String>::new()));
        let log = Arc::clone(&seen);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                let mut request_line = String::new();
                if reader.read_line(&mut request_line).is_err() {
                    continue;
                }
                loop {
                    let mut line = String::new();
                    match reader.read_line(&mut line) {
                        Ok(0) | Err(_) => break,
                        Ok(_) if line == "\r\n" || line == "\n" => break,
                        Ok(_) => {}
                    }
                }
                let target = request_line
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or("/")
                    .to_string();
                let before = {
                    let mut log = log.lock().unwrap();
                    let before = log.iter().filter(|t| **t == target).count();
                    log.push(target.clone());
                    before
                };
                let reply = answer(&target, before);
                let mut head = format!("HTTP/1.1 {} Answer\r\n", reply.status);
                for (name, value) in &reply.headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str(&format!(
                    "Content-Length: {}\r\nConnection: close\r\n\r\n",
                    reply.body.len()
                ));
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(reply.body.as_bytes());
            }
        });
        Mock { url, seen }
    }

    /// The requests seen so far.
    pub fn requests(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

/// A post object as the API sends it.
pub fn api_post(base: &str, id: u64, title: &str, modified: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id, "date": modified, "date_gmt": modified, "modified": modified,
        "modified_gmt": modified, "slug": format!("post-{id}"), "status": "publish",
        "type": "post", "link": format!("{base}/?p={id}"),
        "title": {"rendered": title},
        "content": {"rendered": format!("<p>{title} body text.</p>"), "protected": false},
        "excerpt": {"rendered": "", "protected": false},
        "author": 1, "categories": [2], "tags": []
    })
}
