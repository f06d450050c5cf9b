//! Output of `newsgrep index`, `newsgrep fetch` and `newsgrep stats`.

use crate::fetch::{FetchReport, PassKind};
use crate::index::IndexReport;
use crate::stats::Stats;
use crate::timefmt::{format_day, format_rfc3339};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// The one-line summary of an indexing run.
pub fn index_summary(report: &IndexReport) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "indexed {} from {} in {:.2} s ({:.1} MB/s of JSON, {}): added {}, updated {}, unchanged {}, \
         removed {}, skipped files {}; {}, {} ignored",
        plural(report.posts(), "post", "posts"),
        plural(report.sites, "site", "sites"),
        report.elapsed.as_secs_f64(),
        report.megabytes_per_second(),
        human_bytes(report.bytes_read),
        report.added,
        report.updated,
        report.unchanged,
        report.removed,
        report.files_skipped,
        plural(report.duplicates, "duplicate copy", "duplicate copies"),
        plural(report.files_ignored, "non-JSON file", "non-JSON files"),
    )
}

/// The line `newsgrep fetch` ends with.
pub fn fetch_summary(report: &FetchReport) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let pass = match (report.kind, report.resumed) {
        (PassKind::Full, false) => "every post",
        (PassKind::Full, true) => "every post, resumed",
        (PassKind::Changes, false) => "changes since the last fetch",
        (PassKind::Changes, true) => "changes since the last fetch, resumed",
    };
    format!(
        "fetched {} ({pass}) in {:.2} s, {}: added {}, updated {}, unchanged {}, removed {}; \
         {} fetched; the dump {} holds {}",
        report.site,
        report.elapsed.as_secs_f64(),
        plural(
            usize::try_from(report.requests).unwrap_or(usize::MAX),
            "request",
            "requests"
        ),
        report.stored.added,
        report.stored.updated,
        report.stored.unchanged,
        report.removed,
        plural(
            report.names,
            "category, tag or user",
            "categories, tags and users"
        ),
        report.dump_dir.display(),
        plural(report.posts_held, "post", "posts"),
    )
}

/// The JSON shape of index statistics.
#[derive(Serialize)]
pub struct JsonStats<'a> {
    posts: u64,
    sites: &'a BTreeMap<String, u64>,
    first_date: Option<String>,
    last_date: Option<String>,
    categories: &'a BTreeMap<String, u64>,
    languages: &'a BTreeMap<String, u64>,
    index_bytes: u64,
}

/// Prints index statistics as one JSON object.
pub fn print_stats_json(out: &mut impl Write, stats: &Stats) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &stats_json(stats))?;
    writeln!(out)
}

/// Index statistics in their JSON shape.
pub fn stats_json(stats: &Stats) -> JsonStats<'_> {
    JsonStats {
        posts: stats.posts,
        sites: &stats.sites,
        first_date: stats.first_date.map(format_rfc3339),
        last_date: stats.last_date.map(format_rfc3339),
        categories: &stats.categories,
        languages: &stats.languages,
        index_bytes: stats.index_bytes,
    }
}

/// Prints index statistics for people; sites and categories by count, largest first.
pub fn print_stats(out: &mut impl Write, stats: &Stats) -> io::Result<()> {
    writeln!(out, "posts:       {}", stats.posts)?;
    let dates = match (stats.first_date, stats.last_date) {
        (Some(first), Some(last)) => format!("{} to {}", format_day(first), format_day(last)),
        _ => "none".to_string(),
    };
    writeln!(out, "dates:       {dates}")?;
    writeln!(out, "index size:  {}", human_bytes(stats.index_bytes))?;
    writeln!(out, "sites:       {}", stats.sites.len())?;
    for (site, count) in by_count(&stats.sites) {
        writeln!(out, "  {count:>7}  {site}")?;
    }
    writeln!(out, "languages:   {}", stats.languages.len())?;
    for (lang, count) in by_count(&stats.languages) {
        writeln!(out, "  {count:>7}  {lang}")?;
    }
    writeln!(out, "categories:  {}", stats.categories.len())?;
    for (name, count) in by_count(&stats.categories) {
        writeln!(out, "  {count:>7}  {name}")?;
    }
    Ok(())
}

/// A byte count for people, in decimal units: `812 B`, `19.6 kB`, `8.6 MB`, `1.2 GB`.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: &[&str] = &["kB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64;
    let mut unit = "B";
    for next in UNITS {
        if value < 1000.0 {
            break;
        }
        value /= 1000.0;
        unit = next;
    }
    format!("{value:.1} {unit}")
}

fn by_count(map: &BTreeMap<String, u64>) -> Vec<(&String, &u64)> {
    let mut rows: Vec<(&String, &u64)> = map.iter().collect();
    rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    rows
}

/// The line `newsgrep push` prints when a generation went live.
pub fn push_summary(report: &crate::quickwit::PushReport) -> String {
    let mut line = format!(
        "pushed {} posts in {} requests: {} is live",
        report.posts, report.chunks, report.index
    );
    if let Some(old) = &report.replaced {
        line.push_str(&format!(", replacing {old}"));
    }
    if !report.deleted.is_empty() {
        line.push_str(&format!("; deleted {}", report.deleted.join(", ")));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_counts_for_people() {
        assert_eq!(human_bytes(812), "812 B");
        assert_eq!(human_bytes(19_648), "19.6 kB");
        assert_eq!(human_bytes(8_600_000), "8.6 MB");
        assert_eq!(human_bytes(1_234_000_000), "1.2 GB");
    }
}
