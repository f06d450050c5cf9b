//! From checked flags to the library's configs: where the index is, how stdout is
//! printed to, and the filters and search settings the library takes.

use crate::args::{Cli, FilterArgs, SearchArgs, SortArg, When};
use anyhow::anyhow;
use newsgrep::print::PrintOptions;
use newsgrep::search::{Feedback, FieldWeights, Filters};
use newsgrep::timefmt::{parse_user_date, DayEdge};
use newsgrep::{SearchConfig, SortOrder};
use std::io::{self, IsTerminal};
use std::path::PathBuf;

/// What every command gets from the global flags.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    /// No summaries or progress.
    pub quiet: bool,
    /// More on stderr.
    pub verbose: bool,
    /// How stdout is printed to.
    pub print: PrintOptions,
}

/// The output settings of the global flags and the terminal.
pub fn output(cli: &Cli) -> Output {
    let color = use_color(cli.color, io::stdout().is_terminal());
    Output {
        quiet: cli.quiet,
        verbose: cli.verbose,
        print: PrintOptions {
            color,
            hyperlinks: match cli.hyperlinks {
                When::Always => true,
                When::Never => false,
                When::Auto => color && terminal_has_hyperlinks(),
            },
            ..PrintOptions::default()
        },
    }
}

/// The index folder: `--index` / `NEWSGREP_INDEX`, else the default data folder.
pub fn index_dir(given: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    match given.filter(|dir| !dir.as_os_str().is_empty()) {
        Some(dir) => Ok(dir),
        None => newsgrep::store::default_index_dir()
            .ok_or_else(|| anyhow!("no index folder: give --index DIR or set NEWSGREP_INDEX")),
    }
}

fn use_color(choice: When, is_terminal: bool) -> bool {
    match choice {
        When::Always => true,
        When::Never => false,
        When::Auto => is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// Whether the terminal is one known to show OSC 8 hyperlinks.
fn terminal_has_hyperlinks() -> bool {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let program = var("TERM_PROGRAM");
    let vte = var("VTE_VERSION").parse::<u32>().unwrap_or(0);
    matches!(
        program.as_str(),
        "iTerm.app" | "WezTerm" | "vscode" | "ghostty" | "Hyper" | "tabby"
    ) || vte >= 5000
        || !var("KITTY_WINDOW_ID").is_empty()
        || !var("WT_SESSION").is_empty()
        || !var("KONSOLE_VERSION").is_empty()
}

/// Whether a `--paging`-like choice is on, given what `auto` means here.
pub fn chosen(when: When, auto: impl FnOnce() -> bool) -> bool {
    match when {
        When::Always => true,
        When::Never => false,
        When::Auto => auto(),
    }
}

/// A date flag's value (`--since`, `--until`), read as `edge` of its day.
pub fn date(
    flag: &str,
    value: &Option<String>,
    edge: DayEdge,
) -> anyhow::Result<Option<time::OffsetDateTime>> {
    value
        .as_deref()
        .map(|d| parse_user_date(d, edge))
        .transpose()
        .map_err(|e| anyhow!("{flag}: {e}"))
}

/// Reads the filter flags into the library's filters.
pub fn filters(args: &FilterArgs) -> anyhow::Result<Filters> {
    Ok(Filters {
        since: date("--since", &args.since, DayEdge::Start)?,
        until: date("--until", &args.until, DayEdge::End)?,
        categories: args.category.clone(),
        sites: args.site.clone(),
        sites_exact: false,
        speakers: args.speaker.clone(),
        lang: args.lang.clone(),
    })
}

/// The library's search config of `newsgrep search`.
pub fn search_config(index_dir: PathBuf, args: &SearchArgs) -> anyhow::Result<SearchConfig> {
    // Checked first, as a flag's value, whatever else is wrong or wherever the search runs.
    let half_life = newsgrep::search::check_half_life(args.half_life)?;
    Ok(SearchConfig {
        index_dir,
        query: args.query.join(" "),
        filters: filters(&args.filters)?,
        sort: match args.sort {
            SortArg::Relevance => SortOrder::Relevance,
            SortArg::Date => SortOrder::Date,
            SortArg::Recent => SortOrder::Recent,
        },
        limit: args.limit,
        offset: args.offset,
        weights: FieldWeights {
            feedback: args.feedback.then_some(Feedback::LONG_QUERIES),
            ..FieldWeights::default()
        },
        half_life_days: Some(half_life),
        facets: args.facets.then_some(args.facet_limit),
    })
}
