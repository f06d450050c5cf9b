//! The requests of a fetch: pages of posts (a full pass on several connections, or the
//! changes newest first), the names posts refer to, and the list of the site's ids.

use super::api::{get_page, Api, NotAPage, Page};
use super::dump::{id_of, Dump, Names, PostHead, Stored};
use super::error::FetchError;
use super::http::Http;
use super::state::{Pass, PassKind, State, Window};
use crate::progress::{Progress, ProgressFn};
use crate::timefmt::{format_rfc3339, parse_wp_datetime};
use serde_json::value::RawValue;
use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use time::macros::format_description;
use time::{Duration, OffsetDateTime};

/// Objects per request: the most WordPress gives.
const PER_PAGE: usize = 100;

/// Ids per request when names are asked for by id.
const IDS_PER_REQUEST: usize = 100;

/// What a fetch talks to and how.
pub(super) struct Run<'a> {
    pub(super) http: &'a Http,
    pub(super) api: &'a Api,
    pub(super) jobs: usize,
    pub(super) progress: Option<&'a ProgressFn>,
}

/// What the posts' pass did.
#[derive(Debug, Default)]
pub(super) struct PostsOutcome {
    pub(super) pages: usize,
    pub(super) stored: Stored,
    pub(super) warnings: Vec<String>,
    /// Every post id the pages showed, inside the window or not.
    pub(super) received: HashSet<u64>,
}

/// What fetching names did.
#[derive(Debug, Default)]
pub(super) struct NamesOutcome {
    pub(super) stored: usize,
    pub(super) warnings: Vec<String>,
}

/// The dump, the state and the pass, written to by one page at a time.
struct Books<'d> {
    dump: &'d mut Dump,
    state: &'d mut State,
    pass: &'d mut Pass,
    outcome: PostsOutcome,
    /// Posts this run has written, counted once however many pages show them.
    seen: HashSet<u64>,
}

impl Books<'_> {
    /// Writes one page of posts and records it as done.
    fn store(
        &mut self,
        number: u32,
        page: Page,
        progress: Option<&ProgressFn>,
    ) -> Result<usize, FetchError> {
        let started = page.date.unwrap_or_else(OffsetDateTime::now_utc);
        // The page's own length (before the window and doubles leave posts out) tells
        // whether it was the last.
        let count = page.items.len();
        self.pass
            .started
            .get_or_insert_with(|| format_rfc3339(started));
        if let Some(prefix) = &page.skipped_prefix {
            self.outcome.warnings.push(format!(
                "page {number} of posts: text before its JSON passed over: {prefix}"
            ));
        }
        let mut items: Vec<(PostHead, Box<RawValue>)> = Vec::with_capacity(page.items.len());
        for raw in page.items {
            let head = serde_json::from_str::<PostHead>(raw.get());
            if let Ok(head) = &head {
                self.outcome.received.insert(head.id);
            }
            match head {
                Ok(head) if in_window(&head, &self.pass.window) => {
                    if self.seen.insert(head.id) {
                        items.push((head, raw));
                    }
                }
                Ok(_) => {}
                Err(e) => self.outcome.warnings.push(format!(
                    "page {number} of posts: an object without a usable id ({e}); left out"
                )),
            }
        }
        let name = format!("{}-{number:05}", self.pass.id);
        let move_unchanged = self.pass.kind == PassKind::Full;
        self.outcome.stored += self.dump.store_posts(&name, items, move_unchanged)?;
        self.outcome.pages += 1;
        self.pass.pages_done.insert(number);
        if let Some(total) = page.total {
            match self.pass.first_total {
                None => self.pass.first_total = Some(total),
                Some(first) if first != total => self.pass.count_moved = true,
                Some(_) => {}
            }
        }
        if let Some(pages) = page.total_pages {
            // Never more pages than the posts the site counts can fill.
            let most = page
                .total
                .map_or(pages, |posts| posts.div_ceil(PER_PAGE as u64) + 1);
            self.pass.total_pages = Some(u32::try_from(pages.min(most)).unwrap_or(u32::MAX));
        }
        self.save()?;
        if let Some(progress) = progress {
            progress.report(Progress::Fetched { posts: count });
        }
        Ok(count)
    }

    /// A page past the end: the site has fewer pages than it said.
    fn past_the_end(&mut self, number: u32) -> Result<(), FetchError> {
        // Fewer pages than counted: posts went (and one may have moved onto a page
        // already read).
        if self.pass.total_pages.is_some_and(|total| number <= total) {
            self.pass.count_moved = true;
        }
        let last = number.saturating_sub(1);
        self.pass.total_pages = Some(self.pass.total_pages.map_or(last, |t| t.min(last)));
        self.save()
    }

    fn save(&mut self) -> Result<(), FetchError> {
        self.state.pass = Some(self.pass.clone());
        self.state.save(self.dump.dir())
    }
}

impl Run<'_> {
    /// The posts' pass, full or changes, written page by page.
    pub(super) fn posts(
        &self,
        dump: &mut Dump,
        state: &mut State,
        pass: &mut Pass,
    ) -> Result<PostsOutcome, FetchError> {
        let kind = pass.kind;
        let books = Mutex::new(Books {
            dump,
            state,
            pass,
            outcome: PostsOutcome::default(),
            seen: HashSet::new(),
        });
        match kind {
            PassKind::Full => self.full_pass(&books)?,
            PassKind::Changes => self.changes_pass(&books)?,
        }
        Ok(books
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
            .outcome)
    }

    fn page_url(&self, window: &Window, number: u32, order: &[(&str, String)]) -> String {
        let mut params = vec![
            ("per_page", PER_PAGE.to_string()),
            ("page", number.to_string()),
        ];
        params.extend(order.iter().cloned());
        params.extend(window_params(window));
        self.api.url("wp/v2/posts", &params)
    }

    /// Every post of the window by id, page 1 first (it tells the number of pages),
    /// then the pages not done yet on up to `jobs` connections.
    fn full_pass(&self, books: &Mutex<Books<'_>>) -> Result<(), FetchError> {
        let order = [("orderby", "id".to_string()), ("order", "asc".to_string())];
        let window = lock(books).pass.window.clone();
        let fetch_one = |number: u32| -> Result<Option<usize>, FetchError> {
            // A page past the end another connection met: the site has fewer pages.
            if lock(books)
                .pass
                .total_pages
                .is_some_and(|total| number > total)
            {
                return Ok(None);
            }
            let url = self.page_url(&window, number, &order);
            match get_page(self.http, &url, &format!("page {number} of posts")) {
                Ok(page) => lock(books).store(number, page, self.progress).map(Some),
                Err(NotAPage::PastTheEnd) => lock(books).past_the_end(number).map(|()| None),
                Err(NotAPage::Error(err)) => Err(err),
            }
        };
        let known = {
            let b = lock(books);
            b.pass.total_pages.is_some() && b.pass.pages_done.contains(&1)
        };
        if !known {
            fetch_one(1)?;
        }
        loop {
            let (total, todo, done) = {
                let b = lock(books);
                let total = b.pass.total_pages;
                let todo: Vec<u32> = match total {
                    Some(total) => (1..=total)
                        .filter(|n| !b.pass.pages_done.contains(n))
                        .collect(),
                    None => Vec::new(),
                };
                (total, todo, b.pass.pages_done.len())
            };
            if total.is_none() {
                // No X-WP-TotalPages: one page after the other until a short one.
                let mut number = lock(books)
                    .pass
                    .pages_done
                    .iter()
                    .max()
                    .copied()
                    .unwrap_or(0);
                loop {
                    number += 1;
                    match fetch_one(number)? {
                        Some(count) if count >= PER_PAGE => continue,
                        _ => return Ok(()),
                    }
                }
            }
            if todo.is_empty() {
                return Ok(());
            }
            if let Some(progress) = self.progress {
                progress.report(Progress::Fetching {
                    pages: todo.len() + done,
                    done,
                });
            }
            self.on_connections(&todo, |number| fetch_one(number).map(|_| ()))?;
        }
    }

    /// What changed since the last complete pass: posts modified since (edits, most
    /// new posts), then posts published since (a scheduled post keeps the older
    /// modification time it was written at), each newest first until older than the
    /// last pass. Posts imported with an old date are found by id afterwards.
    fn changes_pass(&self, books: &Mutex<Books<'_>>) -> Result<(), FetchError> {
        let (window, after) = {
            let b = lock(books);
            (b.pass.window.clone(), b.pass.modified_after.clone())
        };
        let Some(after) = after.as_deref().and_then(parse_wp_datetime) else {
            return self.full_pass(books);
        };
        // WordPress compares `modified_after` and `after` with the site's local time:
        // a day of margin covers every time zone; what the dump holds as it is stays
        // unwritten.
        let margin = after.checked_sub(Duration::days(1)).unwrap_or(after);
        let threshold = wp_time(after.checked_sub(Duration::seconds(1)).unwrap_or(after));
        let mut number = 0;
        let edited = [
            ("orderby", "modified".to_string()),
            ("order", "desc".to_string()),
            ("modified_after", wp_time(margin)),
        ];
        self.newest_first(books, &window, &edited, &threshold, &mut number, |head| {
            head.modified_gmt.clone()
        })?;
        // Published since the last pass: `after` is the window's start or the last
        // pass (a day earlier, see `window_params`), whichever is later.
        let query_window = Window {
            since: Some(format_rfc3339(after)).max(window.since.clone()),
            until: window.until.clone(),
        };
        let published = [
            ("orderby", "date".to_string()),
            ("order", "desc".to_string()),
        ];
        self.newest_first(
            books,
            &query_window,
            &published,
            &threshold,
            &mut number,
            |head| head.date_gmt.clone(),
        )
    }

    /// Pages of posts in one order, newest first, until a page reaches what `key`
    /// says is older than `threshold`.
    fn newest_first(
        &self,
        books: &Mutex<Books<'_>>,
        window: &Window,
        order: &[(&str, String)],
        threshold: &str,
        number: &mut u32,
        key: impl Fn(&PostHead) -> Option<String>,
    ) -> Result<(), FetchError> {
        let mut page_number = 0;
        loop {
            page_number += 1;
            let url = self.page_url(window, page_number, order);
            let page = match get_page(
                self.http,
                &url,
                &format!("page {page_number} of changed posts"),
            ) {
                Ok(page) => page,
                Err(NotAPage::PastTheEnd) => return Ok(()),
                Err(NotAPage::Error(err)) => return Err(err),
            };
            let oldest = page
                .items
                .iter()
                .filter_map(|raw| serde_json::from_str::<PostHead>(raw.get()).ok())
                .filter_map(|head| key(&head))
                .min();
            let count = page.items.len();
            let last_page = page.total_pages.is_none_or(|t| u64::from(page_number) >= t);
            *number += 1;
            lock(books).store(*number, page, self.progress)?;
            let older_reached = oldest.is_some_and(|oldest| oldest.as_str() < threshold);
            if count < PER_PAGE || last_page || older_reached {
                return Ok(());
            }
        }
    }

    /// Posts fetched by id (100 a request), written as `PASS-LABEL-N.json`.
    pub(super) fn posts_by_id(
        &self,
        dump: &mut Dump,
        pass: &Pass,
        label: &str,
        ids: &[u64],
    ) -> Result<(Stored, usize), FetchError> {
        let mut stored = Stored::default();
        let mut pages = 0;
        for (i, chunk) in ids.chunks(IDS_PER_REQUEST).enumerate() {
            let list: Vec<String> = chunk.iter().map(u64::to_string).collect();
            let url = self.api.url(
                "wp/v2/posts",
                &[
                    ("include", list.join(",")),
                    ("per_page", IDS_PER_REQUEST.to_string()),
                ],
            );
            let page = match get_page(self.http, &url, "posts by id") {
                Ok(page) => page,
                Err(NotAPage::PastTheEnd) => continue,
                Err(NotAPage::Error(err)) => return Err(err),
            };
            let items: Vec<(PostHead, Box<RawValue>)> = page
                .items
                .into_iter()
                .filter_map(|raw| Some((serde_json::from_str::<PostHead>(raw.get()).ok()?, raw)))
                .filter(|(head, _)| in_window(head, &pass.window))
                .collect();
            stored +=
                dump.store_posts(&format!("{}-{label}-{:05}", pass.id, i + 1), items, false)?;
            pages += 1;
        }
        Ok((stored, pages))
    }

    /// The ids above `highest` the site lists, newest first (`_fields=id`), for posts a
    /// changes pass cannot see by date.
    pub(super) fn ids_above(&self, highest: u64) -> Result<Vec<u64>, FetchError> {
        let mut found = Vec::new();
        let mut number = 0;
        loop {
            number += 1;
            let url = self.api.url(
                "wp/v2/posts",
                &[
                    ("per_page", PER_PAGE.to_string()),
                    ("page", number.to_string()),
                    ("_fields", "id".to_string()),
                    ("orderby", "id".to_string()),
                    ("order", "desc".to_string()),
                ],
            );
            let page = match get_page(self.http, &url, &format!("page {number} of new post ids")) {
                Ok(page) => page,
                Err(NotAPage::PastTheEnd) => return Ok(found),
                Err(NotAPage::Error(err)) => return Err(err),
            };
            let ids: Vec<u64> = page.items.iter().filter_map(|raw| id_of(raw)).collect();
            let reached = ids.iter().any(|&id| id <= highest);
            found.extend(ids.iter().copied().filter(|&id| id > highest));
            if reached || ids.len() < PER_PAGE {
                return Ok(found);
            }
        }
    }

    /// Runs `work` for each page number on up to `jobs` connections; the first error
    /// stops the others after their current page.
    fn on_connections(
        &self,
        pages: &[u32],
        work: impl Fn(u32) -> Result<(), FetchError> + Sync,
    ) -> Result<(), FetchError> {
        let next = AtomicUsize::new(0);
        let failed = AtomicBool::new(false);
        let first_error: Mutex<Option<FetchError>> = Mutex::new(None);
        std::thread::scope(|scope| {
            for _ in 0..self.jobs.min(pages.len()).max(1) {
                scope.spawn(|| {
                    while !failed.load(Ordering::Relaxed) {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&number) = pages.get(i) else { break };
                        if let Err(err) = work(number) {
                            failed.store(true, Ordering::Relaxed);
                            lock(&first_error).get_or_insert(err);
                        }
                    }
                });
            }
        });
        match first_error
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
        {
            Some(err) => Err(err),
            None => Ok(()),
        }
    }

    /// Fetches, by id, the categories, tags and users the dump's posts name and it does
    /// not hold. A site that refuses one of these lists costs a warning, not the fetch.
    pub(super) fn names(&self, dump: &mut Dump, pass_id: &str) -> Result<NamesOutcome, FetchError> {
        let mut outcome = NamesOutcome::default();
        for names in Names::ALL {
            let missing = dump.missing_names(names);
            for (i, chunk) in missing.chunks(IDS_PER_REQUEST).enumerate() {
                let ids: Vec<String> = chunk.iter().map(u64::to_string).collect();
                let url = self.api.url(
                    &format!("wp/v2/{}", names.folder()),
                    &[
                        ("include", ids.join(",")),
                        ("per_page", IDS_PER_REQUEST.to_string()),
                    ],
                );
                match get_page(self.http, &url, names.folder()) {
                    Ok(page) => {
                        dump.store_names(names, &format!("{pass_id}-{:05}", i + 1), &page.items)?;
                        outcome.stored += page.items.len();
                    }
                    Err(NotAPage::PastTheEnd) => {}
                    Err(NotAPage::Error(
                        err @ (FetchError::RestDisabled { .. } | FetchError::Refused { .. }),
                    )) => {
                        let shown = match names {
                            Names::Users => "authors are shown by number",
                            Names::Categories => "categories are shown by number",
                            Names::Tags => "tags are shown by number",
                        };
                        outcome.warnings.push(format!("{shown}: {err}"));
                        break;
                    }
                    Err(NotAPage::Error(err)) => return Err(err),
                }
            }
        }
        Ok(outcome)
    }

    /// Every post id the site lists in the window (a day wider, as pages ask);
    /// `Err` with the reason when the list is not known to be complete.
    pub(super) fn list_ids(
        &self,
        window: &Window,
    ) -> Result<Result<HashSet<u64>, String>, FetchError> {
        let url = |number: u32| {
            let mut params = vec![
                ("per_page", PER_PAGE.to_string()),
                ("page", number.to_string()),
                ("_fields", "id".to_string()),
                ("orderby", "id".to_string()),
                ("order", "asc".to_string()),
            ];
            params.extend(window_params(window));
            self.api.url("wp/v2/posts", &params)
        };
        let ids = Mutex::new(HashSet::new());
        let take = |page: &Page| {
            lock(&ids).extend(page.items.iter().filter_map(|raw| id_of(raw)));
        };
        let first = match get_page(self.http, &url(1), "page 1 of post ids") {
            Ok(page) => page,
            Err(NotAPage::PastTheEnd) => return Ok(Err("the site lists no posts".to_string())),
            Err(NotAPage::Error(err)) => return Err(err),
        };
        take(&first);
        let (Some(total), Some(pages)) = (first.total, first.total_pages) else {
            return Ok(Err(
                "the site does not say how many posts it has (no X-WP-Total)".to_string(),
            ));
        };
        let rest: Vec<u32> = (2..=u32::try_from(pages).unwrap_or(u32::MAX)).collect();
        self.on_connections(&rest, |number| {
            match get_page(
                self.http,
                &url(number),
                &format!("page {number} of post ids"),
            ) {
                Ok(page) => {
                    take(&page);
                    Ok(())
                }
                Err(NotAPage::PastTheEnd) => Ok(()),
                Err(NotAPage::Error(err)) => Err(err),
            }
        })?;
        let ids = ids.into_inner().unwrap_or_else(PoisonError::into_inner);
        if ids.is_empty() {
            return Ok(Err("the site lists no posts".to_string()));
        }
        if ids.len() as u64 != total {
            return Ok(Err(format!(
                "the site listed {} ids of the {total} posts it counts (it changed while they were listed)",
                ids.len()
            )));
        }
        Ok(Ok(ids))
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// WordPress's date format (`2025-11-19T20:55:18`), in UTC.
fn wp_time(dt: OffsetDateTime) -> String {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    dt.to_offset(time::UtcOffset::UTC)
        .format(format)
        .unwrap_or_default()
}

/// `after` and `before` for a window, a day wider than it (WordPress reads them in
/// the site's time zone); posts outside it are left out by their `date_gmt`.
fn window_params(window: &Window) -> Vec<(&'static str, String)> {
    let mut params = Vec::new();
    let since = window.since.as_deref().and_then(parse_wp_datetime);
    if let Some(after) = since.and_then(|since| since.checked_sub(Duration::days(1))) {
        params.push(("after", wp_time(after)));
    }
    let until = window.until.as_deref().and_then(parse_wp_datetime);
    if let Some(before) = until.and_then(|until| until.checked_add(Duration::days(1))) {
        params.push(("before", wp_time(before)));
    }
    params
}

/// Whether a post was published inside the window (an undated one always is).
fn in_window(head: &PostHead, window: &Window) -> bool {
    let Some(date) = head.date_gmt.as_deref().and_then(parse_wp_datetime) else {
        return true;
    };
    let since = window.since.as_deref().and_then(parse_wp_datetime);
    let until = window.until.as_deref().and_then(parse_wp_datetime);
    since.is_none_or(|since| date >= since) && until.is_none_or(|until| date <= until)
}

/// A new pass's id, from the clock: `full-20261203T021931Z`; a suffix keeps it apart
/// from a pass of the same second.
pub(super) fn new_pass_id(dir: &Path, prefix: &str) -> String {
    let format = format_description!("[year][month][day]T[hour][minute][second]Z");
    let stamp = OffsetDateTime::now_utc().format(format).unwrap_or_default();
    let base = format!("{prefix}-{stamp}");
    let taken = |id: &str| {
        ["posts", "categories", "tags", "users"]
            .iter()
            .any(|folder| {
                std::fs::read_dir(dir.join(folder)).is_ok_and(|entries| {
                    entries.flatten().any(|e| {
                        e.file_name()
                            .to_string_lossy()
                            .starts_with(&format!("{id}-"))
                    })
                })
            })
    };
    let mut id = base.clone();
    let mut n = 1;
    while taken(&id) {
        n += 1;
        id = format!("{base}-{n}");
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_asks_a_day_wider_and_keeps_its_own_posts() {
        let window = Window {
            since: Some("2025-03-01T00:00:00Z".to_string()),
            until: Some("2025-03-31T23:59:59Z".to_string()),
        };
        assert_eq!(
            window_params(&window),
            vec![
                ("after", "2025-02-28T00:00:00".to_string()),
                ("before", "2025-04-01T23:59:59".to_string())
            ]
        );
        let head = |date: &str| PostHead {
            id: 1,
            date_gmt: Some(date.to_string()),
            modified_gmt: None,
            categories: None,
            tags: None,
            author: None,
        };
        assert!(in_window(&head("2025-03-01T00:00:00"), &window));
        assert!(!in_window(&head("2025-02-28T23:59:59"), &window));
        assert!(!in_window(&head("2025-04-01T00:00:00"), &window));
    }
}
