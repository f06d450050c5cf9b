//! Quickwit's REST API, the calls `push` makes: create, describe, list and delete
//! indexes, ingest NDJSON. Busy answers (429, 503) and dropped connections are retried
//! with growing pauses; anything else that is not a success is an error quoting
//! Quickwit's message.

use serde_json::Value;
use std::time::Duration;

/// How many times a busy or unreachable server is tried in all.
const ATTEMPTS: u32 = 6;

/// A Quickwit cluster's REST API.
pub struct Client {
    base: String,
    agent: ureq::Agent,
    /// Pause before the first retry; doubled for each later one.
    first_pause: Duration,
}

/// What went wrong talking to Quickwit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientError(pub String);

impl std::fmt::Display for ClientError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What Quickwit said to one ingest request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ingested {
    /// Documents it took for processing.
    pub for_processing: u64,
    /// Documents it rejected (bad JSON, not the schema).
    pub rejected: u64,
    /// Its reasons for the first rejections.
    pub failures: Vec<String>,
}

impl Client {
    /// A client of the cluster at `base` (`http://host:7280`); `first_pause` is the
    /// wait before retrying a busy answer (doubled each time).
    pub fn new(base: &str, first_pause: Duration) -> Client {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(300)))
            .build()
            .new_agent();
        Client {
            base: base.trim_end_matches('/').to_string(),
            agent,
            first_pause,
        }
    }

    /// `GET /api/v1/indexes`: the ids of every index.
    pub fn index_ids(&self) -> Result<Vec<String>, ClientError> {
        let body = self.call("GET", "/api/v1/indexes", None)?;
        let list = body.as_array().cloned().unwrap_or_default();
        Ok(list
            .iter()
            .filter_map(|meta| meta["index_config"]["index_id"].as_str())
            .map(str::to_string)
            .collect())
    }

    /// `POST /api/v1/indexes` with a YAML config.
    pub fn create_index(&self, yaml: &str) -> Result<(), ClientError> {
        self.call(
            "POST",
            "/api/v1/indexes",
            Some(("application/yaml", yaml.as_bytes())),
        )
        .map(|_| ())
    }

    /// `POST /api/v1/<id>/ingest` of NDJSON lines; `force` commits before answering.
    pub fn ingest(&self, index: &str, ndjson: &[u8], force: bool) -> Result<Ingested, ClientError> {
        let commit = if force { "force" } else { "auto" };
        let path = format!("/api/v1/{index}/ingest?commit={commit}&detailed_response=true");
        let body = self.call("POST", &path, Some(("application/x-ndjson", ndjson)))?;
        let number = |key: &str| body[key].as_u64().unwrap_or(0);
        let failures = body["parse_failures"]
            .as_array()
            .map(|list| {
                list.iter()
                    .take(5)
                    .map(|f| f["message"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default();
        Ok(Ingested {
            for_processing: number("num_docs_for_processing"),
            rejected: number("num_rejected_docs"),
            failures,
        })
    }

    /// `GET /api/v1/indexes/<id>/describe`: the number of published documents.
    pub fn published_docs(&self, index: &str) -> Result<u64, ClientError> {
        let body = self.call("GET", &format!("/api/v1/indexes/{index}/describe"), None)?;
        body["num_published_docs"]
            .as_u64()
            .ok_or_else(|| ClientError(format!("{index}: describe has no num_published_docs")))
    }

    /// `DELETE /api/v1/indexes/<id>`.
    pub fn delete_index(&self, index: &str) -> Result<(), ClientError> {
        self.call("DELETE", &format!("/api/v1/indexes/{index}"), None)
            .map(|_| ())
    }

    /// `GET /api/v1/<ids>/search?<query>`: the answer as it is.
    pub fn search(&self, indexes: &str, query: &str) -> Result<Value, ClientError> {
        self.call("GET", &format!("/api/v1/{indexes}/search?{query}"), None)
    }

    /// One call, retried while the server is busy or unreachable; a JSON answer.
    fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<(&str, &[u8])>,
    ) -> Result<Value, ClientError> {
        let url = format!("{}{path}", self.base);
        let mut pause = self.first_pause;
        let mut attempt = 1;
        loop {
            let sent = match (method, body) {
                ("POST", Some((content_type, bytes))) => self
                    .agent
                    .post(&url)
                    .header("Content-Type", content_type)
                    .send(bytes),
                ("DELETE", _) => self.agent.delete(&url).call(),
                _ => self.agent.get(&url).call(),
            };
            let retry_reason = match sent {
                Ok(mut response) => {
                    let status = response.status().as_u16();
                    let text = response.body_mut().read_to_string().unwrap_or_default();
                    if (200..300).contains(&status) {
                        return serde_json::from_str(&text).or_else(|_| {
                            if text.trim().is_empty() {
                                Ok(Value::Null)
                            } else {
                                Err(ClientError(format!(
                                    "{method} {path}: the answer is not JSON: {}",
                                    cut(&text)
                                )))
                            }
                        });
                    }
                    let message = serde_json::from_str::<Value>(&text)
                        .ok()
                        .and_then(|v| v["message"].as_str().map(str::to_string))
                        .unwrap_or_else(|| cut(&text));
                    if status != 429 && status != 503 {
                        return Err(ClientError(format!("{method} {path}: {status} {message}")));
                    }
                    format!("{status} {message}")
                }
                Err(err) => err.to_string(),
            };
            if attempt >= ATTEMPTS {
                return Err(ClientError(format!(
                    "{method} {path}: gave up after {ATTEMPTS} attempts: {retry_reason}"
                )));
            }
            std::thread::sleep(pause);
            pause *= 2;
            attempt += 1;
        }
    }
}

/// The start of a long text, for error messages.
fn cut(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}
