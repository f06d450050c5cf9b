//! The one HTTP client of a fetch: a User-Agent naming newsgrep, timeouts, an optional
//! pause before every request, and retries. A request is tried again after a dropped
//! connection, a timeout, or a busy or failing server (429, 500, 502, 503, 504),
//! waiting what `Retry-After` asks, else 1 s, then twice as long each time; any other
//! answer is handed back as it is, for the caller to read.

use super::error::FetchError;
use std::time::Duration;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};
use ureq::ResponseExt;

/// The most one answer may weigh: a page of 100 long posts with plugin fields stays
/// far below it.
const MAX_ANSWER_BYTES: u64 = 512 * 1024 * 1024;

/// The longest `Retry-After` obeyed: a server asking for more is given up on.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(600);

/// The longest pause between two tries when the server does not say.
const MAX_PAUSE: Duration = Duration::from_secs(120);

/// How requests are made.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    /// Times a failed request is tried again.
    pub retries: u32,
    /// The first pause before a retry the server did not time; doubled each time.
    pub first_pause: Duration,
    /// Pause before each request (politeness), none for the first.
    pub delay: Duration,
    /// Longest wait for one whole answer.
    pub timeout: Duration,
}

impl Default for HttpSettings {
    fn default() -> HttpSettings {
        HttpSettings {
            retries: 5,
            first_pause: Duration::from_secs(1),
            delay: Duration::ZERO,
            timeout: Duration::from_secs(60),
        }
    }
}

/// The `User-Agent` of every request.
pub fn user_agent() -> String {
    format!(
        "newsgrep/{} (news archive search; reads the WordPress REST API)",
        env!("CARGO_PKG_VERSION")
    )
}

/// One answer, read whole.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The address that answered, after redirects.
    pub url: String,
    /// The `Content-Type`, lower case, if any.
    pub content_type: String,
    /// `X-WP-Total`.
    pub total: Option<u64>,
    /// `X-WP-TotalPages`.
    pub total_pages: Option<u64>,
    /// The server's clock (`Date`).
    pub date: Option<OffsetDateTime>,
    /// The REST API root a `Link: <…>; rel="https://api.w.org/"` header names.
    pub api_link: Option<String>,
    /// `Retry-After`, as sent.
    pub retry_after: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

/// A client with its settings.
pub struct Http {
    agent: ureq::Agent,
    settings: HttpSettings,
    sent: std::sync::atomic::AtomicU64,
}

impl Http {
    /// A client with these settings.
    pub fn new(settings: HttpSettings) -> Http {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .user_agent(user_agent())
            .timeout_global(Some(settings.timeout))
            .timeout_connect(Some(settings.timeout.min(Duration::from_secs(15))))
            .max_redirects(10)
            .build()
            .new_agent();
        Http {
            agent,
            settings,
            sent: Default::default(),
        }
    }

    /// Requests sent so far (tries included).
    pub fn requests(&self) -> u64 {
        self.sent.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// GETs `url`, trying again while the server is busy, failing or unreachable;
    /// `what` names the request in errors (`page 3 of posts`).
    pub fn get(&self, url: &str, what: &str) -> Result<Answer, FetchError> {
        self.get_tries(url, what, self.settings.retries)
    }

    /// [`Http::get`] without retries, for a request whose failure costs nothing.
    pub fn get_once(&self, url: &str, what: &str) -> Result<Answer, FetchError> {
        self.get_tries(url, what, 0)
    }

    fn get_tries(&self, url: &str, what: &str, retries: u32) -> Result<Answer, FetchError> {
        let mut pause = self.settings.first_pause;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let previous = self.sent.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if previous > 0 && !self.settings.delay.is_zero() {
                std::thread::sleep(self.settings.delay);
            }
            let (failure, asked_wait) = match self
                .agent
                .get(url)
                .header("Accept", "application/json")
                .call()
            {
                Ok(response) => match read_answer(response) {
                    Ok(answer) if !is_retried(&answer) => return Ok(answer),
                    Ok(answer) => (
                        format!("HTTP {}{}", answer.status, reason_note(answer.status)),
                        retry_after(&answer),
                    ),
                    Err(reason) => (reason, None),
                },
                Err(err) => (describe(&err), None),
            };
            if attempt > retries {
                return Err(FetchError::KeepsFailing {
                    what: format!("{what} ({url})"),
                    attempts: attempt,
                    last: failure,
                });
            }
            let wait = match asked_wait {
                Some(wait) if wait > MAX_RETRY_AFTER => {
                    return Err(FetchError::KeepsFailing {
                        what: format!("{what} ({url})"),
                        attempts: attempt,
                        last: format!(
                            "{failure}, and the server asks to wait {} s",
                            wait.as_secs()
                        ),
                    })
                }
                Some(wait) => wait,
                None => pause,
            };
            std::thread::sleep(wait);
            pause = (pause * 2).min(MAX_PAUSE);
        }
    }
}

/// Answers worth another try: busy, overloaded or failing servers and gateways; not
/// a 500 WordPress reports as a PHP fatal error (`internal_server_error`: a plugin
/// that fails on this request fails the same way again). Its other 500s, such as a
/// lost database connection, pass.
fn is_retried(answer: &Answer) -> bool {
    match answer.status {
        429 | 502 | 503 | 504 => true,
        500 => super::api::wp_error_code(&answer.body).as_deref() != Some("internal_server_error"),
        _ => false,
    }
}

fn reason_note(status: u16) -> &'static str {
    match status {
        429 => " Too Many Requests",
        500 => " Internal Server Error",
        502 => " Bad Gateway",
        503 => " Service Unavailable",
        504 => " Gateway Timeout",
        _ => "",
    }
}

/// Reads a response whole; a body cut off or too large is a failure worth a retry.
fn read_answer(mut response: ureq::http::Response<ureq::Body>) -> Result<Answer, String> {
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_string)
    };
    let number = |name: &str| header(name).and_then(|v| v.trim().parse::<u64>().ok());
    let links: Vec<String> = response
        .headers()
        .get_all("link")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .map(str::to_string)
        .collect();
    let mut answer = Answer {
        status: response.status().as_u16(),
        url: response.get_uri().to_string(),
        content_type: header("content-type")
            .unwrap_or_default()
            .to_ascii_lowercase(),
        total: number("x-wp-total"),
        total_pages: number("x-wp-totalpages"),
        date: header("date").as_deref().and_then(parse_http_date),
        api_link: links.iter().find_map(|value| api_link(value)),
        retry_after: header("retry-after"),
        body: Vec::new(),
    };
    answer.body = response
        .body_mut()
        .with_config()
        .limit(MAX_ANSWER_BYTES)
        .read_to_vec()
        .map_err(|err| format!("the answer broke off: {}", describe(&err)))?;
    Ok(answer)
}

/// The wait a busy answer asks for: `Retry-After` in seconds or as an HTTP date.
fn retry_after(answer: &Answer) -> Option<Duration> {
    let value = answer.retry_after.as_deref()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = parse_http_date(value)?;
    let now = answer.date.unwrap_or_else(OffsetDateTime::now_utc);
    let wait = (when - now).whole_seconds().max(0);
    Some(Duration::from_secs(u64::try_from(wait).unwrap_or(0)))
}

/// An HTTP date (`Thu, 03 Dec 2026 02:19:31 GMT`).
pub fn parse_http_date(text: &str) -> Option<OffsetDateTime> {
    let format = format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    PrimitiveDateTime::parse(text.trim(), format)
        .ok()
        .map(PrimitiveDateTime::assume_utc)
}

/// The target of a `Link` header value with `rel="https://api.w.org/"`.
fn api_link(value: &str) -> Option<String> {
    value.split(',').find_map(|link| {
        let (target, params) = link.split_once(';')?;
        let rel = params
            .split(';')
            .filter_map(|param| param.trim().strip_prefix("rel="))
            .any(|rel| rel.trim_matches('"') == "https://api.w.org/");
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        rel.then(|| target.to_string())
    })
}

/// A transport failure in words.
fn describe(err: &ureq::Error) -> String {
    match err {
        ureq::Error::Timeout(_) => "no answer in time".to_string(),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            "connection refused".to_string()
        }
        ureq::Error::HostNotFound => "host not found".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_root_is_read_from_a_link_header() {
        assert_eq!(
            api_link(r#"<http://127.0.0.1:8080/index.php?rest_route=/>; rel="https://api.w.org/""#)
                .as_deref(),
            Some("http://127.0.0.1:8080/index.php?rest_route=/")
        );
        assert_eq!(
            api_link(r#"<https://a.example/wp-json/wp/v2/posts/3>; rel="alternate"; type="application/json", <https://a.example/wp-json/>; rel="https://api.w.org/""#)
                .as_deref(),
            Some("https://a.example/wp-json/")
        );
        assert_eq!(api_link(r#"<https://a.example/?p=3>; rel=shortlink"#), None);
    }

    #[test]
    fn retry_after_is_seconds_or_a_date() {
        let mut answer = Answer {
            status: 429,
            url: String::new(),
            content_type: "text/html".to_string(),
            total: None,
            total_pages: None,
            date: parse_http_date("Thu, 03 Dec 2026 02:19:31 GMT"),
            api_link: None,
            retry_after: Some("7".to_string()),
            body: Vec::new(),
        };
        assert_eq!(retry_after(&answer), Some(Duration::from_secs(7)));
        answer.retry_after = Some("Thu, 03 Dec 2026 02:20:01 GMT".to_string());
        assert_eq!(retry_after(&answer), Some(Duration::from_secs(30)));
        answer.retry_after = None;
        assert_eq!(retry_after(&answer), None);
    }
}
