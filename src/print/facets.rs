//! Facets after a search: counts per category, site and speaker, and a histogram of
//! publication dates drawn as text bars.

use super::{PrintOptions, BOLD, DIM, GREEN};
use crate::search::facets::{FacetCount, Facets};
use serde::Serialize;
use std::io::{self, Write};

/// Widest bar, in characters.
const BAR_WIDTH: usize = 30;
/// Most months drawn one by one; longer spans are drawn per year.
const MAX_MONTH_ROWS: usize = 36;

/// Prints the facets for people: one block per facet, each value with its count and
/// a bar, then the dates per month (or per year over long spans).
pub fn print_facets(
    out: &mut impl Write,
    facets: &Facets,
    options: PrintOptions,
) -> io::Result<()> {
    let paint = options.paint();
    let blocks = [
        ("Categories", &facets.category),
        ("Sites", &facets.site),
        ("Speakers", &facets.speaker),
    ];
    for (heading, counts) in blocks {
        writeln!(out, "{}", paint.wrap(BOLD, heading))?;
        if counts.is_empty() {
            writeln!(out, "  {}", paint.wrap(DIM, "(none)"))?;
        }
        print_bars(out, counts, &paint)?;
    }
    let (heading, rows) = date_rows(&facets.month);
    writeln!(out, "{}", paint.wrap(BOLD, heading))?;
    if rows.is_empty() {
        writeln!(out, "  {}", paint.wrap(DIM, "(no dates)"))?;
    }
    print_bars(out, &rows, &paint)?;
    if facets.undated > 0 {
        writeln!(
            out,
            "  {}",
            paint.wrap(DIM, &format!("undated: {}", facets.undated))
        )?;
    }
    Ok(())
}

/// One line per value: the value padded to the longest, its count, a bar.
fn print_bars(out: &mut impl Write, counts: &[FacetCount], paint: &super::Paint) -> io::Result<()> {
    let width = counts
        .iter()
        .map(|c| c.value.chars().count())
        .max()
        .unwrap_or(0);
    let count_width = counts
        .iter()
        .map(|c| c.count.to_string().len())
        .max()
        .unwrap_or(0);
    let most = counts.iter().map(|c| c.count).max().unwrap_or(0);
    for count in counts {
        let pad = width - count.value.chars().count();
        let bar = bar(count.count, most);
        let line = format!(
            "  {}{}  {:>count_width$} {}",
            count.value,
            " ".repeat(pad),
            count.count,
            paint.wrap(GREEN, &bar),
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// A bar of `count` against the largest count: whole blocks, at least one for any
/// count above zero.
fn bar(count: u64, most: u64) -> String {
    if count == 0 || most == 0 {
        return String::new();
    }
    let blocks = ((count as f64 / most as f64) * BAR_WIDTH as f64).round() as usize;
    "█".repeat(blocks.max(1))
}

/// The date histogram's heading and rows: every month from the first to the last
/// (empty months too), or every year when that would be more than
/// [`MAX_MONTH_ROWS`] rows.
fn date_rows(months: &[FacetCount]) -> (&'static str, Vec<FacetCount>) {
    let parsed: Vec<(i32, u64)> = months
        .iter()
        .filter_map(|m| Some((month_number(&m.value)?, m.count)))
        .collect();
    let (Some(&(first, _)), Some(&(last, _))) = (parsed.first(), parsed.last()) else {
        return ("Dates", Vec::new());
    };
    let per_year = (last - first + 1) as usize > MAX_MONTH_ROWS;
    let step = |month: i32| {
        if per_year {
            month.div_euclid(12)
        } else {
            month
        }
    };
    let mut rows: Vec<FacetCount> = Vec::new();
    let mut at = parsed.iter().peekable();
    for key in step(first)..=step(last) {
        let mut count = 0;
        while let Some(&&(month, n)) = at.peek() {
            if step(month) != key {
                break;
            }
            count += n;
            at.next();
        }
        let value = if per_year {
            format!("{key:04}")
        } else {
            format!("{:04}-{:02}", key.div_euclid(12), key.rem_euclid(12) + 1)
        };
        rows.push(FacetCount { value, count });
    }
    let heading = if per_year {
        "Dates (per year)"
    } else {
        "Dates (per month)"
    };
    (heading, rows)
}

/// `YYYY-MM` as months since year 0.
fn month_number(value: &str) -> Option<i32> {
    let (year, month) = value.split_once('-')?;
    let (year, month): (i32, i32) = (year.parse().ok()?, month.parse().ok()?);
    (1..=12).contains(&month).then_some(year * 12 + month - 1)
}

#[derive(Serialize)]
struct JsonCount<'a> {
    value: &'a str,
    count: u64,
}

/// The JSON shape of facets, counts largest first.
#[derive(Serialize)]
pub struct JsonFacets<'a> {
    category: Vec<JsonCount<'a>>,
    site: Vec<JsonCount<'a>>,
    speaker: Vec<JsonCount<'a>>,
    month: Vec<JsonCount<'a>>,
    undated: u64,
}

#[derive(Serialize)]
struct JsonFacetsLine<T> {
    facets: T,
}

/// The JSON shape of facets: `{"category": [{"value", "count"}…], "site", "speaker",
/// "month", "undated"}`.
pub fn facets_json(facets: &Facets) -> JsonFacets<'_> {
    JsonFacets {
        category: json_counts(&facets.category),
        site: json_counts(&facets.site),
        speaker: json_counts(&facets.speaker),
        month: json_counts(&facets.month),
        undated: facets.undated,
    }
}

fn json_counts(counts: &[FacetCount]) -> Vec<JsonCount<'_>> {
    counts
        .iter()
        .map(|c| JsonCount {
            value: &c.value,
            count: c.count,
        })
        .collect()
}

/// Prints the facets as one JSON line `{"facets": {…}}`.
pub fn print_facets_json(out: &mut impl Write, facets: &Facets) -> io::Result<()> {
    let line = JsonFacetsLine {
        facets: facets_json(facets),
    };
    super::write_json_line(out, &line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(value: &str, count: u64) -> FacetCount {
        FacetCount {
            value: value.to_string(),
            count,
        }
    }

    #[test]
    fn short_spans_are_drawn_per_month_with_the_empty_months() {
        let facets = Facets {
            category: vec![count("World", 4), count("Economy", 1)],
            site: vec![count("example.org", 5)],
            speaker: Vec::new(),
            month: vec![count("2025-11", 2), count("2026-01", 3)],
            undated: 0,
        };
        let mut out = Vec::new();
        print_facets(&mut out, &facets, PrintOptions::default()).unwrap();
        let bars30 = "█".repeat(30);
        let expected = format!(
            "Categories\n  World    4 {bars30}\n  Economy  1 {}\nSites\n  example.org  5 {bars30}\n\
             Speakers\n  (none)\nDates (per month)\n  2025-11  2 {}\n  2025-12  0\n  2026-01  3 {bars30}\n",
            "█".repeat(8),
            "█".repeat(20),
        );
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn long_spans_are_drawn_per_year() {
        let (heading, rows) = date_rows(&[count("1987-03", 5), count("1990-12", 1)]);
        assert_eq!(heading, "Dates (per year)");
        let years: Vec<(&str, u64)> = rows.iter().map(|r| (r.value.as_str(), r.count)).collect();
        assert_eq!(
            years,
            vec![("1987", 5), ("1988", 0), ("1989", 0), ("1990", 1)]
        );
    }
}
