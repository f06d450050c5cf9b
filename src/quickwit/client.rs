//! Quickwit's REST API, the calls `push` and remote search make: create, describe,
//! list and delete indexes, ingest NDJSON, search. Busy answers (429, 503) and dropped
//! connections are retried with growing pauses; anything else that is not a success
//! is an error quoting Quickwit's message. Answers are read into structs holding what
//! newsgrep uses, so one without it is an error rather than a silent zero.

use super::error::{QuickwitError, RequestFailure};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::Deserialize;
use std::time::Duration;

/// How many times a busy or unreachable server is tried in all.
const ATTEMPTS: u32 = 6;

/// How many of Quickwit's reasons for rejected records are kept.
const FAILURES_KEPT: usize = 5;

/// A Quickwit cluster's REST API.
pub struct Client {
    base: String,
    agent: ureq::Agent,
    /// Pause before the first retry; doubled for each later one.
    first_pause: Duration,
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

/// One index in Quickwit's list of indexes: only its id is read.
#[derive(Deserialize)]
struct IndexMetadata {
    index_config: IndexIdentity,
}

/// The part of an index config that names it.
#[derive(Deserialize)]
struct IndexIdentity {
    index_id: String,
}

/// Quickwit's answer to an ingest request. It leaves out the rejection count and
/// the failures when there are none, so they default to nothing.
#[derive(Deserialize)]
struct IngestAnswer {
    num_docs_for_processing: u64,
    #[serde(default)]
    num_rejected_docs: u64,
    #[serde(default)]
    parse_failures: Vec<ParseFailure>,
}

/// Why Quickwit rejected one record.
#[derive(Deserialize)]
struct ParseFailure {
    message: String,
}

/// The part of an index description a push reads.
#[derive(Deserialize)]
struct IndexDescription {
    num_published_docs: u64,
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
    pub fn index_ids(&self) -> Result<Vec<String>, QuickwitError> {
        let list: Vec<IndexMetadata> = self.call("GET", "/api/v1/indexes", None)?;
        Ok(list
            .into_iter()
            .map(|meta| meta.index_config.index_id)
            .collect())
    }

    /// `POST /api/v1/indexes` with a YAML config.
    pub fn create_index(&self, yaml: &str) -> Result<(), QuickwitError> {
        self.call::<IgnoredAny>(
            "POST",
            "/api/v1/indexes",
            Some(("application/yaml", yaml.as_bytes())),
        )
        .map(|_| ())
    }

    /// `POST /api/v1/<id>/ingest` of NDJSON lines; `force` commits before answering.
    pub fn ingest(
        &self,
        index: &str,
        ndjson: &[u8],
        force: bool,
    ) -> Result<Ingested, QuickwitError> {
        let commit = if force { "force" } else { "auto" };
        let path = format!("/api/v1/{index}/ingest?commit={commit}&detailed_response=true");
        let answer: IngestAnswer =
            self.call("POST", &path, Some(("application/x-ndjson", ndjson)))?;
        Ok(Ingested {
            for_processing: answer.num_docs_for_processing,
            rejected: answer.num_rejected_docs,
            failures: answer
                .parse_failures
                .into_iter()
                .take(FAILURES_KEPT)
                .map(|failure| failure.message)
                .collect(),
        })
    }

    /// `GET /api/v1/indexes/<id>/describe`: the number of published documents.
    pub fn published_docs(&self, index: &str) -> Result<u64, QuickwitError> {
        let path = format!("/api/v1/indexes/{index}/describe");
        let described: IndexDescription = self.call("GET", &path, None)?;
        Ok(described.num_published_docs)
    }

    /// `DELETE /api/v1/indexes/<id>`.
    pub fn delete_index(&self, index: &str) -> Result<(), QuickwitError> {
        self.call::<IgnoredAny>("DELETE", &format!("/api/v1/indexes/{index}"), None)
            .map(|_| ())
    }

    /// `GET /api/v1/<ids>/search?<query>`: the answer read as `T`.
    pub fn search<T: DeserializeOwned>(
        &self,
        indexes: &str,
        query: &str,
    ) -> Result<T, QuickwitError> {
        self.call("GET", &format!("/api/v1/{indexes}/search?{query}"), None)
    }

    /// One call, retried while the server is busy or unreachable; the JSON answer
    /// read as `T`.
    fn call<T: DeserializeOwned>(
        &self,
        method: &'static str,
        path: &str,
        body: Option<(&str, &[u8])>,
    ) -> Result<T, QuickwitError> {
        self.answer_text(method, path, body)
            .and_then(|text| read_answer(&text))
            .map_err(|failure| QuickwitError::Request {
                method,
                path: path.to_string(),
                failure,
            })
    }

    /// The body of a success answer, after retrying busy and unreachable servers.
    fn answer_text(
        &self,
        method: &str,
        path: &str,
        body: Option<(&str, &[u8])>,
    ) -> Result<String, RequestFailure> {
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
                        return Ok(text);
                    }
                    let message = serde_json::from_str::<ErrorAnswer>(&text)
                        .map(|answer| answer.message)
                        .unwrap_or_else(|_| cut(&text));
                    let failure = RequestFailure::Status { status, message };
                    if status != 429 && status != 503 {
                        return Err(failure);
                    }
                    failure
                }
                Err(err) => RequestFailure::Unreachable(err),
            };
            if attempt >= ATTEMPTS {
                return Err(RequestFailure::GaveUp {
                    attempts: ATTEMPTS,
                    last: Box::new(retry_reason),
                });
            }
            std::thread::sleep(pause);
            pause *= 2;
            attempt += 1;
        }
    }
}

/// Quickwit's error answer: its message is what the user is shown.
#[derive(Deserialize)]
struct ErrorAnswer {
    message: String,
}

/// A success answer read as `T`. An empty body reads as JSON `null`, which the calls
/// that ignore the answer accept; text that is not JSON at all and JSON without what
/// `T` needs are told apart.
fn read_answer<T: DeserializeOwned>(text: &str) -> Result<T, RequestFailure> {
    let text = if text.trim().is_empty() { "null" } else { text };
    serde_json::from_str(text).map_err(|err| {
        if err.is_data() {
            RequestFailure::UnexpectedAnswer(err)
        } else {
            RequestFailure::NotJson(cut(text))
        }
    })
}

/// The start of a long text, for error messages.
fn cut(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_that_are_not_json_and_answers_without_a_field_are_told_apart() {
        let answer = read_answer::<IngestAnswer>("<html>busy</html>").err();
        assert_eq!(
            answer.map(|failure| failure.to_string()).as_deref(),
            Some("the answer is not JSON: <html>busy</html>")
        );
        let Err(RequestFailure::UnexpectedAnswer(reason)) =
            read_answer::<IngestAnswer>(r#"{"num_ingested_docs": 3}"#)
        else {
            panic!("an ingest answer without num_docs_for_processing was taken");
        };
        assert!(reason
            .to_string()
            .starts_with("missing field `num_docs_for_processing`"));
        let Err(RequestFailure::UnexpectedAnswer(_)) =
            read_answer::<IndexDescription>(r#"{"index_id": "x"}"#)
        else {
            panic!("a description without num_published_docs was taken");
        };
    }

    #[test]
    fn what_quickwit_leaves_out_of_an_ingest_answer_means_none() {
        let answer: IngestAnswer = read_answer(r#"{"num_docs_for_processing": 4}"#).unwrap();
        assert_eq!(answer.num_docs_for_processing, 4);
        assert_eq!(answer.num_rejected_docs, 0);
        assert!(answer.parse_failures.is_empty());
        // Calls whose answer is not read take an empty body as well as any JSON.
        assert!(read_answer::<IgnoredAny>("").is_ok());
        assert!(read_answer::<IgnoredAny>("[{\"split_id\": \"x\"}]").is_ok());
        let listed: Vec<IndexMetadata> =
            read_answer(r#"[{"version": "0.8", "index_config": {"index_id": "ng-a-1"}}]"#).unwrap();
        assert_eq!(listed[0].index_config.index_id, "ng-a-1");
    }
}
