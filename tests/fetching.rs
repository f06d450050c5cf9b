//! `newsgrep fetch` against a scripted server (`wordpress_mock.rs`) for what a real
//! WordPress will not do on demand: busy answers, HTML error pages, broken JSON, a
//! closed API, a site that is not WordPress, a redirect; and `index --site`. The
//! real WordPress tests are in `wordpress_real.rs`.

use crate::util::{run_newsgrep, write_dump, Run, TestIndex};
use crate::wordpress_mock::{api_post, Mock, Reply};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// The query parameters of a request target.
fn params(target: &str) -> BTreeMap<String, String> {
    let query = target.split_once('?').map_or("", |(_, q)| q);
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A WordPress REST API over a list of posts, with `fault` answering first when it
/// has something to say: paging, `orderby` id or modified, `modified_after`,
/// `after`/`before`, `_fields=id`, and categories and users by `include`.
fn wordpress(
    posts: Arc<Mutex<Vec<Value>>>,
    fault: impl Fn(&str, usize) -> Option<Reply> + Send + Sync + 'static,
) -> Mock {
    wordpress_at("", posts, fault)
}

/// [`wordpress`] installed under a path (`/fr`): other paths are not found.
fn wordpress_at(
    prefix: &'static str,
    posts: Arc<Mutex<Vec<Value>>>,
    fault: impl Fn(&str, usize) -> Option<Reply> + Send + Sync + 'static,
) -> Mock {
    Mock::start(move |target, before| {
        if let Some(reply) = fault(target, before) {
            return reply;
        }
        let path = target.split('?').next().unwrap_or("/");
        let Some(path) = path.strip_prefix(prefix) else {
            return Reply::html(
                404,
                "<html><head><title>Page not found</title></head></html>",
            );
        };
        let p = params(target);
        // Plain permalinks: `/?rest_route=/wp/v2/posts&page=2`, on any page.
        let routed = p.get("rest_route").map(|route| format!("/wp-json{route}"));
        let path = match &routed {
            Some(route) => route.as_str(),
            None if path.is_empty() => "/",
            None => path,
        };
        match path {
            "/wp-json/" => Reply::json(200, &format!(r#"{{"home":"http://site.example{prefix}"}}"#)),
            "/" => Reply::html(200, "<html><head><link rel='stylesheet' href='/wp-content/themes/x.css'></head><body>News</body></html>"),
            "/wp-json/wp/v2/posts" => {
                let mut list: Vec<Value> = posts.lock().unwrap().clone();
                if let Some(include) = p.get("include") {
                    let ids: Vec<u64> = include.split(',').filter_map(|id| id.parse().ok()).collect();
                    list.retain(|post| ids.contains(&post["id"].as_u64().unwrap()));
                }
                if let Some(after) = p.get("modified_after") {
                    list.retain(|post| post["modified_gmt"].as_str().unwrap() > after.as_str());
                }
                if let Some(after) = p.get("after") {
                    list.retain(|post| post["date"].as_str().unwrap() > after.as_str());
                }
                if let Some(before) = p.get("before") {
                    list.retain(|post| post["date"].as_str().unwrap() < before.as_str());
                }
                match p.get("orderby").map(String::as_str) {
                    Some("modified") => list.sort_by(|a, b| b["modified_gmt"].as_str().cmp(&a["modified_gmt"].as_str())),
                    _ => list.sort_by_key(|post| post["id"].as_u64()),
                }
                let per_page: usize = p.get("per_page").and_then(|v| v.parse().ok()).unwrap_or(10);
                let page: usize = p.get("page").and_then(|v| v.parse().ok()).unwrap_or(1);
                let total = list.len();
                let pages = total.div_ceil(per_page);
                if page > pages.max(1) {
                    return Reply::json(400, r#"{"code":"rest_post_invalid_page_number","message":"The page number requested is larger than the number of pages available.","data":{"status":400}}"#);
                }
                let mut slice: Vec<Value> = list.into_iter().skip((page - 1) * per_page).take(per_page).collect();
                if p.get("_fields").map(String::as_str) == Some("id") {
                    slice = slice.iter().map(|post| serde_json::json!({"id": post["id"]})).collect();
                }
                Reply::page(&Value::Array(slice).to_string(), total, pages)
            }
            "/wp-json/wp/v2/categories" => Reply::page(
                r#"[{"id":2,"count":1,"name":"Harbour &amp; Port","slug":"harbour","taxonomy":"category","link":"https://harbor.example/category/harbour/"}]"#,
                1,
                1,
            ),
            "/wp-json/wp/v2/users" => Reply::page(
                r#"[{"id":1,"name":"Ana Reyes","slug":"ana","link":"https://harbor.example/author/ana/"}]"#,
                1,
                1,
            ),
            _ => Reply::html(404, "<html><head><title>Page not found</title></head></html>"),
        }
    })
}

/// `count` posts with ids from 1, all modified at the same moment.
fn posts(count: u64) -> Arc<Mutex<Vec<Value>>> {
    let list = (1..=count)
        .map(|id| {
            api_post(
                "https://harbor.example",
                id,
                &format!("Harbor report {id}"),
                "2025-03-01T10:00:00",
            )
        })
        .collect();
    Arc::new(Mutex::new(list))
}

/// The ids the dump's post files hold, in file order.
fn dump_ids(dump: &Path) -> Vec<u64> {
    let mut files: Vec<_> = std::fs::read_dir(dump.join("posts"))
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
        .iter()
        .flat_map(|file| {
            let items: Vec<Value> = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
            items.into_iter().map(|post| post["id"].as_u64().unwrap())
        })
        .collect()
}

fn fetch(index: &TestIndex, url: &str, dump: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["fetch", url, "--dump", dump.to_str().unwrap()];
    args.extend_from_slice(extra);
    index.run(&args)
}

/// Fetches `url` into a new dump with a new index; checks the fetch succeeded and
/// gives the run, the index and the dump.
fn fetched(url: &str, extra: &[&str]) -> (Run, TestIndex, tempfile::TempDir) {
    let index = TestIndex::new();
    let dump = tempfile::tempdir().unwrap();
    let run = fetch(&index, url, dump.path(), extra);
    assert_eq!(run.code, 0, "{run:?}");
    (run, index, dump)
}

/// The ids the dump's post files hold, smallest first.
fn sorted_ids(dump: &Path) -> Vec<u64> {
    let mut ids = dump_ids(dump);
    ids.sort_unstable();
    ids
}

/// Fetches `url` into a new dump with a new index; checks the fetch failed with exit
/// code 2 and gives its stderr.
fn failed_fetch(url: &str, extra: &[&str]) -> (String, tempfile::TempDir) {
    let index = TestIndex::new();
    let dump = tempfile::tempdir().unwrap();
    let run = fetch(&index, url, dump.path(), extra);
    assert_eq!(run.code, 2, "{run:?}");
    (run.stderr, dump)
}

#[test]
fn busy_answers_are_retried_after_the_wait_retry_after_asks() {
    let mock = wordpress(posts(150), |target, before| {
        let p = params(target);
        let page = p.get("page").map(String::as_str);
        match (page, before) {
            (Some("1"), 0) if p.contains_key("orderby") => Some(
                Reply::html(429, "<html><title>Slow down</title></html>").with("Retry-After", "1"),
            ),
            (Some("2"), 0) => Some(Reply::html(503, "<html><title>Busy</title></html>")),
            _ => None,
        }
    });
    let index = TestIndex::new();
    let dump = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let run = fetch(&index, &mock.url, dump.path(), &["--jobs", "2"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(started.elapsed() >= std::time::Duration::from_secs(1));
    assert_eq!(sorted_ids(dump.path()), (1..=150).collect::<Vec<u64>>());
    let asked = mock.requests();
    let page = |n: &str| {
        asked
            .iter()
            .filter(|t| {
                params(t).get("page").map(String::as_str) == Some(n) && t.contains("orderby=id")
            })
            .count()
    };
    assert_eq!((page("1"), page("2")), (2, 2), "{asked:?}");
    assert!(
        run.stdout.starts_with("fetched 127.0.0.1 (every post) in "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(": added 150, updated 0, unchanged 0, removed 0; 2 categories, tags and users fetched; the dump "), "{}", run.stdout);
    // The posts' names resolve: the category and the author by name, not number.
    index.run(&["index", dump.path().to_str().unwrap()]);
    let shown = index.run(&["show", "127.0.0.1/7", "--json"]);
    let post: Value = serde_json::from_str(&shown.stdout).unwrap();
    assert_eq!(post["categories"], serde_json::json!(["Harbour & Port"]));
    assert_eq!(post["author"], "Ana Reyes");
    assert_eq!(post["site"], "127.0.0.1");
}

#[test]
fn an_html_page_where_json_belongs_stops_the_fetch_and_the_rerun_resumes() {
    let mock = wordpress(posts(250), |target, before| {
        let p = params(target);
        (p.get("page").map(String::as_str) == Some("2") && before == 0).then(|| {
            Reply::html(200, "<!DOCTYPE html><html><head><title>Site under maintenance</title></head><body>Back soon</body></html>")
        })
    });
    let (stderr, dump) = failed_fetch(&mock.url, &[]);
    let index = TestIndex::new();
    assert_eq!(
        stderr,
        format!(
            "newsgrep: {}/wp-json/wp/v2/posts?per_page=100&page=2&orderby=id&order=asc: an HTML page came where JSON was expected (\"Site under maintenance\")\n",
            mock.url
        )
    );
    // Page 1 is in the dump whole, and the state knows it.
    assert_eq!(dump_ids(dump.path()), (1..=100).collect::<Vec<u64>>());
    let state: Value =
        serde_json::from_slice(&std::fs::read(dump.path().join(".newsgrep-fetch.json")).unwrap())
            .unwrap();
    assert_eq!(state["pass"]["pages_done"], serde_json::json!([1]));
    assert_eq!(state["pass"]["total_pages"], 3);
    // Nothing half-written for the index to trip on.
    let indexed = index.run(&["index", dump.path().to_str().unwrap()]);
    assert_eq!(indexed.code, 0, "{indexed:?}");
    assert!(
        indexed.stdout.starts_with("indexed 100 posts from 1 site"),
        "{}",
        indexed.stdout
    );

    let rerun = fetch(&index, &mock.url, dump.path(), &["--index-after"]);
    assert_eq!(rerun.code, 0, "{rerun:?}");
    assert!(
        rerun
            .stdout
            .starts_with("fetched 127.0.0.1 (every post, resumed) in "),
        "{}",
        rerun.stdout
    );
    assert!(
        rerun
            .stdout
            .contains(": added 150, updated 0, unchanged 0, removed 0;"),
        "{}",
        rerun.stdout
    );
    assert_eq!(sorted_ids(dump.path()), (1..=250).collect::<Vec<u64>>());
    assert!(
        rerun.stdout.contains("\nindexed 250 posts from 1 site"),
        "{}",
        rerun.stdout
    );
    let pages_asked: Vec<String> = mock
        .requests()
        .into_iter()
        .filter(|t| t.contains("orderby=id") && !t.contains("_fields"))
        .map(|t| params(&t)["page"].clone())
        .collect();
    assert_eq!(pages_asked, vec!["1", "2", "2", "3"]);
}

/// A shop's site (no WordPress) whose every other page answers `status`, `title`.
fn shop(status: u16, title: &'static str) -> Mock {
    Mock::start(move |target, _| match target {
        "/" => Reply::html(
            200,
            "<html><head><title>Ferry tickets</title></head><body>Shop</body></html>",
        ),
        _ => Reply::html(
            status,
            &format!("<html><head><title>{title}</title></head></html>"),
        ),
    })
}

#[test]
fn a_site_that_is_not_wordpress_is_named_as_such() {
    let mock = shop(404, "Not found");
    let (stderr, dump) = failed_fetch(&mock.url, &[]);
    assert_eq!(
        stderr,
        format!(
            "newsgrep: {} is not a WordPress site: no sign of WordPress on its home page, and no REST API answers (/wp-json/: HTTP 404; /?rest_route=/: HTTP 404)\n",
            mock.url
        )
    );
    assert!(!dump.path().join("posts").exists());
}

#[test]
fn a_closed_rest_api_is_named_as_such() {
    let mock = Mock::start(|target, _| {
        if target == "/" {
            return Reply::html(
                200,
                "<html><head><meta name=\"generator\" content=\"WordPress 6.4\"></head></html>",
            );
        }
        Reply::json(
            401,
            r#"{"code":"rest_login_required","message":"REST API restricted to authenticated users.","data":{"status":401}}"#,
        )
    });
    let (stderr, _dump) = failed_fetch(&mock.url, &[]);
    assert_eq!(
        stderr,
        format!(
            "newsgrep: {}/wp-json/wp/v2/posts?per_page=1&_fields=id: the site's REST API is disabled or closed to the public (HTTP 401, rest_login_required: REST API restricted to authenticated users.)\n",
            mock.url
        )
    );
}

#[test]
fn a_bare_refusal_in_front_of_another_site_is_not_a_closed_api() {
    let mock = shop(403, "Forbidden");
    let (stderr, _dump) = failed_fetch(&mock.url, &[]);
    assert_eq!(
        stderr,
        format!(
            "newsgrep: {} is not a WordPress site: no sign of WordPress on its home page, and no REST API answers (/wp-json/: HTTP 403, \"Forbidden\"; /?rest_route=/: HTTP 403, \"Forbidden\")\n",
            mock.url
        )
    );
    // A home page refused too says only that.
    let walled = Mock::start(|_, _| {
        Reply::html(
            403,
            "<html><head><title>Just a moment...</title></head></html>",
        )
    });
    let (stderr, _dump) = failed_fetch(&walled.url, &[]);
    assert_eq!(
        stderr,
        format!(
            "newsgrep: the home page ({}/): HTTP 403: Just a moment...\n",
            walled.url
        )
    );
}

#[test]
fn a_pretty_api_root_that_keeps_failing_gives_way_to_rest_route() {
    let mock = wordpress(posts(3), |target, _| {
        target
            .starts_with("/wp-json/")
            .then(|| Reply::html(503, "<html><title>Down</title></html>"))
    });
    let (_run, _index, dump) = fetched(&mock.url, &["--retries", "1"]);
    assert_eq!(dump_ids(dump.path()), vec![1, 2, 3]);
    let state: Value =
        serde_json::from_slice(&std::fs::read(dump.path().join(".newsgrep-fetch.json")).unwrap())
            .unwrap();
    assert_eq!(state["api"], format!("{}/?rest_route=/", mock.url));
    // When no root answers, the one that kept failing is named.
    let down = wordpress(posts(3), |target, _| {
        (target != "/").then(|| Reply::html(503, "<html><title>Down</title></html>"))
    });
    let (stderr, _dump) = failed_fetch(&down.url, &["--retries", "0"]);
    assert_eq!(
        stderr,
        format!(
            "newsgrep: the posts route ({}/wp-json/wp/v2/posts?per_page=1&_fields=id) failed once, last: HTTP 503 Service Unavailable; run the same fetch again to resume\n",
            down.url
        )
    );
}

#[test]
fn a_failing_api_index_is_asked_once_and_the_root_names_the_install() {
    let mock = wordpress(posts(3), |target, _| {
        target
            .starts_with("/wp-json/?_fields=home")
            .then(|| Reply::html(503, "<html><title>Busy</title></html>"))
    });
    let (run, _index, _dump) = fetched(&mock.url, &[]);
    assert!(
        run.stdout.starts_with("fetched 127.0.0.1 (every post)"),
        "{}",
        run.stdout
    );
    let asked = mock.requests();
    let index_asked = asked.iter().filter(|t| t.contains("_fields=home")).count();
    assert_eq!(index_asked, 1, "{asked:?}");
}

#[test]
fn a_server_error_wordpress_explains_is_named_without_retrying() {
    let mock = wordpress(posts(150), |target, _| {
        (params(target).get("page").map(String::as_str) == Some("2")).then(|| {
            Reply::json(
                500,
                r#"{"code":"internal_server_error","message":"<p>There has been a critical error on this website.</p>","data":{"status":500}}"#,
            )
        })
    });
    let (stderr, dump) = failed_fetch(&mock.url, &[]);
    assert_eq!(
        stderr,
        format!(
            "newsgrep: page 2 of posts ({}/wp-json/wp/v2/posts?per_page=100&page=2&orderby=id&order=asc): HTTP 500: internal_server_error: There has been a critical error on this website.\n",
            mock.url
        )
    );
    assert_eq!(
        mock.requests()
            .iter()
            .filter(|t| t.contains("&page=2&"))
            .count(),
        1
    );
    assert_eq!(dump_ids(dump.path()), (1..=100).collect::<Vec<u64>>());
    // Its other 500s, such as a lost database connection, pass and are tried again.
    let blip = wordpress(posts(150), |target, before| {
        (params(target).get("page").map(String::as_str) == Some("2") && before == 0).then(|| {
            Reply::json(
                500,
                r#"{"code":"wp_die","message":"Error establishing a database connection","data":{"status":500}}"#,
            )
        })
    });
    let (_run, _index, dump) = fetched(&blip.url, &[]);
    assert_eq!(dump_ids(dump.path()).len(), 150);
    assert_eq!(
        blip.requests()
            .iter()
            .filter(|t| t.contains("&page=2&"))
            .count(),
        2
    );
}

#[test]
fn invalid_json_is_named_with_its_address() {
    let mock = wordpress(posts(3), |target, _| {
        (params(target).get("page").map(String::as_str) == Some("1"))
            .then(|| Reply::page(r#"[{"id":1,"title":{"rendered":"Cut"#, 3, 1))
    });
    let (stderr, _dump) = failed_fetch(&mock.url, &[]);
    assert_eq!(
        stderr,
        format!(
            "newsgrep: {}/wp-json/wp/v2/posts?per_page=100&page=1&orderby=id&order=asc: the answer is not valid JSON: EOF while parsing a string at line 1 column 33\n",
            mock.url
        )
    );
}

#[test]
fn a_page_that_keeps_failing_is_named() {
    let mock = wordpress(posts(3), |target, _| {
        (params(target).get("page").map(String::as_str) == Some("1"))
            .then(|| Reply::html(503, "<html><title>Down</title></html>"))
    });
    let (stderr, _dump) = failed_fetch(&mock.url, &["--retries", "1"]);
    assert_eq!(
        stderr,
        format!(
            "newsgrep: page 1 of posts ({}/wp-json/wp/v2/posts?per_page=100&page=1&orderby=id&order=asc) failed 2 times, last: HTTP 503 Service Unavailable; run the same fetch again to resume\n",
            mock.url
        )
    );
}

#[test]
fn a_redirect_is_followed_and_its_address_kept() {
    let target_site = wordpress(posts(2), |_, _| None);
    let moved_to = target_site.url.clone();
    let old = Mock::start(move |target, _| Reply {
        status: 301,
        headers: vec![("Location".into(), format!("{moved_to}{target}"))],
        body: String::new(),
    });
    let (_run, _index, dump) = fetched(&old.url, &[]);
    let state: Value =
        serde_json::from_slice(&std::fs::read(dump.path().join(".newsgrep-fetch.json")).unwrap())
            .unwrap();
    assert_eq!(state["api"], format!("{}/wp-json/", target_site.url));
    assert_eq!(state["url"], target_site.url);
    // Only the home page went to the old address: the rest asked the new one.
    assert_eq!(old.requests(), vec!["/"]);
}

#[test]
fn a_second_fetch_asks_only_for_changes_and_prune_drops_deleted_posts() {
    let site = posts(5);
    let mock = wordpress(Arc::clone(&site), |_, _| None);
    let index = TestIndex::new();
    let dump = tempfile::tempdir().unwrap();
    assert_eq!(
        fetch(&index, &mock.url, dump.path(), &["--index-after"]).code,
        0
    );
    {
        let mut list = site.lock().unwrap();
        list[1]["title"]["rendered"] = "Harbor report 2, corrected".into();
        list[1]["modified_gmt"] = "2099-01-05T08:00:00".into();
        list.retain(|post| post["id"] != 4);
        list.push(api_post(
            "https://harbor.example",
            9,
            "Harbor report 9",
            "2099-01-06T09:00:00",
        ));
    }
    let run = fetch(
        &index,
        &mock.url,
        dump.path(),
        &["--prune", "--index-after"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains("(changes since the last fetch)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(": added 1, updated 1, unchanged 0, removed 1;"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\nindexed 5 posts from 1 site"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(": added 1, updated 1, unchanged 3, removed 1,"),
        "{}",
        run.stdout
    );
    let changes = mock
        .requests()
        .into_iter()
        .find(|t| t.contains("orderby=modified"))
        .expect("a changes request");
    assert!(
        changes.contains("&orderby=modified&order=desc&modified_after="),
        "{changes}"
    );
    assert_eq!(sorted_ids(dump.path()), vec![1, 2, 3, 5, 9]);
    let found = index.run(&["corrected", "--json"]);
    assert_eq!(found.json_ids(), vec![2]);
}

/// A site of `count` posts that deletes post `deleted` just before page 2 of posts is
/// first read.
fn deleting_before_page_2(count: u64, deleted: u64) -> Mock {
    let site = posts(count);
    let shared = Arc::clone(&site);
    wordpress(site, move |target, before| {
        let p = params(target);
        let page_2 = p.get("page").map(String::as_str) == Some("2");
        if page_2 && !p.contains_key("_fields") && before == 0 {
            shared.lock().unwrap().retain(|post| post["id"] != deleted);
        }
        None
    })
}

#[test]
fn a_post_deleted_during_a_full_pass_does_not_hide_the_one_after_it() {
    // Post 5 (page 1) is deleted just before page 2 is read: every later post moves
    // one place up, and post 101 moves from page 2 onto page 1, already read.
    let mock = deleting_before_page_2(250, 5);
    let (run, index, dump) = fetched(&mock.url, &[]);
    assert_eq!(run.stderr, "");
    assert!(
        run.stdout
            .contains(": added 250, updated 0, unchanged 0, removed 0;"),
        "{}",
        run.stdout
    );
    assert_eq!(sorted_ids(dump.path()), (1..=250).collect::<Vec<u64>>());
    let asked = mock.requests();
    let by_id: Vec<&String> = asked
        .iter()
        .filter(|t| t.contains("posts?include="))
        .collect();
    assert_eq!(by_id.len(), 1, "{asked:?}");
    assert!(by_id[0].contains("include=101&"), "{asked:?}");
    // A pass the site did not change under lists no ids.
    let quiet = wordpress(posts(250), |_, _| None);
    let dump = tempfile::tempdir().unwrap();
    assert_eq!(fetch(&index, &quiet.url, dump.path(), &[]).code, 0);
    assert!(!quiet
        .requests()
        .iter()
        .any(|t| t.contains("&page=1&_fields=id")));
}

#[test]
fn a_post_deleted_during_a_full_pass_is_noticed_when_the_last_page_goes() {
    // 101 posts: post 7 is deleted before page 2 is read, so page 2 no longer exists
    // and post 101 moved onto page 1, already read.
    let mock = deleting_before_page_2(101, 7);
    let (run, _index, dump) = fetched(&mock.url, &[]);
    assert_eq!(run.stderr, "");
    assert_eq!(sorted_ids(dump.path()), (1..=101).collect::<Vec<u64>>());
}

#[test]
fn pages_beyond_the_last_one_are_not_asked_for() {
    // Page 1 claims 5 pages; page 2 says there are 2: pages 3 to 5 are never asked.
    let site = posts(150);
    let first: Vec<Value> = site.lock().unwrap()[..100].to_vec();
    let mock = wordpress(Arc::clone(&site), move |target, _| {
        let p = params(target);
        let posts_page_1 = p.get("page").map(String::as_str) == Some("1")
            && p.contains_key("orderby")
            && !p.contains_key("_fields");
        posts_page_1.then(|| Reply::page(&Value::Array(first.clone()).to_string(), 500, 5))
    });
    let (run, _index, dump) = fetched(&mock.url, &[]);
    let pages: Vec<String> = mock
        .requests()
        .iter()
        .filter(|t| t.contains("orderby=id") && !t.contains("_fields"))
        .map(|t| params(t)["page"].clone())
        .collect();
    assert_eq!(pages, vec!["1", "2"], "{:?}", mock.requests());
    assert_eq!(dump_ids(dump.path()).len(), 150);
    assert_eq!(run.stderr, "");
}

#[test]
fn an_incomplete_id_list_prunes_nothing() {
    let mock = wordpress(posts(3), |target, _| {
        let p = params(target);
        (p.get("_fields").map(String::as_str) == Some("id") && p.contains_key("page"))
            .then(|| Reply::page(r#"[{"id":1}]"#, 3, 1))
    });
    let (run, _index, dump) = fetched(&mock.url, &["--prune"]);
    assert_eq!(
        run.stderr,
        "newsgrep: warning: nothing pruned: the site listed 1 ids of the 3 posts it counts (it changed while they were listed)\n"
    );
    assert_eq!(dump_ids(dump.path()), vec![1, 2, 3]);
}

#[test]
fn since_and_until_limit_what_is_fetched() {
    let list: Vec<Value> = [
        "2025-01-31T23:00:00",
        "2025-02-01T00:00:00",
        "2025-02-28T23:59:00",
        "2025-03-01T00:00:00",
    ]
    .iter()
    .enumerate()
    .map(|(i, date)| api_post("https://harbor.example", i as u64 + 1, "Harbor", date))
    .collect();
    let mock = wordpress(Arc::new(Mutex::new(list)), |_, _| None);
    let index = TestIndex::new();
    let dump = tempfile::tempdir().unwrap();
    let run = fetch(
        &index,
        &mock.url,
        dump.path(),
        &["--since", "2025-02-01", "--until", "2025-02-28"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(dump_ids(dump.path()), vec![2, 3]);
    let asked = mock.requests();
    assert!(
        asked
            .iter()
            .any(|t| t.ends_with("&after=2025-01-31T00:00:00&before=2025-03-01T23:59:59")),
        "{asked:?}"
    );
}

#[test]
fn a_dump_folder_of_another_site_is_refused() {
    let mock = wordpress(posts(1), |_, _| None);
    let index = TestIndex::new();
    let dump = tempfile::tempdir().unwrap();
    std::fs::write(
        dump.path().join(".newsgrep-fetch.json"),
        r#"{"version":1,"site":"other.example","url":"https://other.example"}"#,
    )
    .unwrap();
    let run = fetch(&index, &mock.url, dump.path(), &[]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "newsgrep: {} holds a fetch of other.example, not 127.0.0.1; give another --dump folder\n",
            dump.path().display()
        )
    );
}

#[test]
fn bad_fetch_flags_are_named() {
    let index = TestIndex::new();
    let run = index.run(&["fetch", "not a url"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "newsgrep: 'not a url' is not a site address; give one like https://news.example\n"
        )
    );
    let run = index.run(&["fetch", "https://a.example", "--delay", "-1"]);
    assert_eq!(run.code, 2);
    let run = index.run(&["fetch", "https://a.example", "--jobs", "5"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("5 is not in 1..=4"), "{}", run.stderr);
}

/// Posts of two mirrors whose links both point at this machine.
fn mirror(id: u64, title: &str) -> String {
    serde_json::json!({
        "id": id, "type": "post", "date_gmt": "2025-01-01T00:00:00", "modified_gmt": "2025-01-01T00:00:00",
        "link": format!("http://localhost:8080/?p={id}"),
        "title": {"rendered": title}, "content": {"rendered": "<p>Tide tables.</p>"},
        "excerpt": {"rendered": ""}, "author": 1, "categories": [5], "tags": []
    })
    .to_string()
}

#[test]
fn two_mirrors_linking_to_localhost_stay_two_sites() {
    let a = write_dump(&[("bay-news/posts/1.json", mirror(1, "Bay tide tables"))]);
    let b = write_dump(&[("gulf-times/posts/1.json", mirror(1, "Gulf tide tables"))]);
    let index = TestIndex::new();
    let run = index.run(&[
        "index",
        a.path().join("bay-news").to_str().unwrap(),
        b.path().join("gulf-times").to_str().unwrap(),
    ]);
    assert!(
        run.stdout.starts_with("indexed 2 posts from 2 sites"),
        "{run:?}"
    );
    let stats = index.run(&["stats", "--json"]);
    let stats: Value = serde_json::from_str(&stats.stdout).unwrap();
    assert_eq!(
        stats["sites"],
        serde_json::json!({"bay-news": 1, "gulf-times": 1})
    );

    let named = TestIndex::new();
    let run = named.run(&[
        "index",
        "--site",
        "www.Bay.example",
        a.path().to_str().unwrap(),
    ]);
    assert!(
        run.stdout.starts_with("indexed 1 post from 1 site"),
        "{run:?}"
    );
    let hits = named.run(&["tide", "--json"]);
    assert_eq!(hits.json_lines()[0]["site"], "bay.example");
}

#[test]
fn installs_under_paths_of_one_host_are_sites_of_their_own() {
    // Two installs on one host number their posts from 1 each.
    let fr = wordpress_at("/fr", posts(3), |_, _| None);
    let en = wordpress_at("/en", posts(2), |_, _| None);
    let home = tempfile::tempdir().unwrap();
    let index = home.path().join("idx");
    let index = index.to_str().unwrap();
    for (mock, path) in [(&fr, "/fr/"), (&en, "/en")] {
        let url = format!("{}{path}", mock.url);
        let run = run_newsgrep(&["--index", index, "fetch", &url, "--index-after"], &[]);
        assert_eq!(run.code, 0, "{run:?}");
    }
    assert_eq!(
        dump_ids(&home.path().join("idx-dumps/127.0.0.1_fr")),
        vec![1, 2, 3]
    );
    assert_eq!(
        dump_ids(&home.path().join("idx-dumps/127.0.0.1_en")),
        vec![1, 2]
    );
    let stats = run_newsgrep(&["--index", index, "stats", "--json"], &[]);
    let stats: Value = serde_json::from_str(&stats.stdout).unwrap();
    assert_eq!(
        stats["sites"],
        serde_json::json!({"127.0.0.1/fr": 3, "127.0.0.1/en": 2})
    );
    let sites_of = |filter: &str| -> Vec<String> {
        let run = run_newsgrep(
            &["--index", index, "harbor", "--site", filter, "--json"],
            &[],
        );
        let mut sites: Vec<String> = run
            .json_lines()
            .iter()
            .map(|hit| hit["site"].as_str().unwrap().to_string())
            .collect();
        sites.sort();
        sites
    };
    assert_eq!(sites_of("127.0.0.1/en"), vec!["127.0.0.1/en"; 2]);
    assert_eq!(sites_of("http://127.0.0.1/fr/"), vec!["127.0.0.1/fr"; 3]);
    assert_eq!(sites_of("127.0.0.1").len(), 5);
    // A web address deeper than any install is cut back to the install that holds it.
    assert_eq!(
        sites_of("http://127.0.0.1/fr/2025/03/harbor-report-2/"),
        vec!["127.0.0.1/fr"; 3]
    );
    assert!(sites_of("127.0.0.1/f").is_empty());
    assert!(sites_of("127.0.0.2").is_empty());
    // A post is named by its install's site and its id.
    let shown = run_newsgrep(&["--index", index, "show", "127.0.0.1/fr/2", "--json"], &[]);
    let post: Value = serde_json::from_str(&shown.stdout).unwrap();
    assert_eq!(
        (post["site"].as_str(), post["id"].as_u64()),
        (Some("127.0.0.1/fr"), Some(2))
    );
    let both = run_newsgrep(&["--index", index, "show", "2"], &[]);
    assert_eq!(
        both.stderr,
        "newsgrep: 2 posts have id 2; name one as SITE/ID: 127.0.0.1/en/2, 127.0.0.1/fr/2\n"
    );
    // An address typed deep into an install names the install, as its API says.
    let deep = format!("{}/fr/category/harbour/", fr.url);
    let dump_fr = home.path().join("idx-dumps/127.0.0.1_fr");
    let run = run_newsgrep(
        &[
            "--index",
            index,
            "fetch",
            &deep,
            "--dump",
            dump_fr.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .starts_with("fetched 127.0.0.1/fr (changes since the last fetch)"),
        "{}",
        run.stdout
    );
    // One install's folder does not take the other's posts.
    let dump = home.path().join("idx-dumps/127.0.0.1_fr");
    let url = format!("{}/en", en.url);
    let run = run_newsgrep(
        &[
            "--index",
            index,
            "fetch",
            &url,
            "--dump",
            dump.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr,
        format!(
            "newsgrep: {} holds a fetch of 127.0.0.1/fr, not 127.0.0.1/en; give another --dump folder\n",
            dump.display()
        )
    );
}

#[test]
fn fetch_draws_progress_only_when_forced_or_on_a_terminal() {
    let mock = wordpress(posts(250), |_, _| None);
    let (run, index, _dump) = fetched(&mock.url, &["--progress", "always"]);
    assert!(
        run.stderr.contains("fetching pages 3/3 · posts 250"),
        "{}",
        run.stderr
    );
    // Into a pipe (as here), nothing.
    let quiet = tempfile::tempdir().unwrap();
    let run = fetch(&index, &mock.url, quiet.path(), &[]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
}

#[test]
fn dates_at_the_ends_of_the_calendar_are_no_panic() {
    let mock = wordpress(posts(2), |_, _| None);
    let index = TestIndex::new();
    let dump = tempfile::tempdir().unwrap();
    let run = fetch(
        &index,
        &mock.url,
        dump.path(),
        &["--since=0000-01-01", "--until", "9999-12-31"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(dump_ids(dump.path()), vec![1, 2]);
}

#[test]
fn fetched_dumps_keep_their_site_when_their_parent_folder_is_indexed() {
    let mock = wordpress(posts(2), |_, _| None);
    let index = TestIndex::new();
    let dumps = tempfile::tempdir().unwrap();
    let run = fetch(&index, &mock.url, &dumps.path().join("harbor"), &[]);
    assert_eq!(run.code, 0, "{run:?}");
    let run = index.run(&["index", dumps.path().to_str().unwrap()]);
    assert!(
        run.stdout.starts_with("indexed 2 posts from 1 site"),
        "{run:?}"
    );
    let hits = index.run(&["harbor", "--json"]);
    assert_eq!(hits.json_lines()[0]["site"], "127.0.0.1");
}
