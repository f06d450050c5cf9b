//! The `newsgrep` binary: parse flags, build a config, call the library, print,
//! and map the outcome to grep-like exit codes (0 found, 1 nothing found, 2 error).

mod cli;

/// Indexing allocates a string per token and per parsed node: mimalloc does that
/// faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::{anyhow, Context};
use clap::Parser;
use cli::{
    Cli, ColorChoice, Command, FilterArgs, IndexArgs, QuotesArgs, SearchArgs, SortArg, SpeakersArgs,
};
use newsgrep::print::{self, PrintOptions};
use newsgrep::search::{Filters, QuotesConfig, SpeakersConfig};
use newsgrep::timefmt::{parse_user_date, DayEdge};
use newsgrep::{IndexConfig, SearchConfig, SortOrder};
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit codes, as grep has them.
mod exit {
    pub const FOUND: u8 = 0;
    pub const NOT_FOUND_OR_PARTIAL: u8 = 1;
    pub const ERROR: u8 = 2;
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse_from(cli::with_default_command(std::env::args_os().collect())) {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() {
                exit::ERROR
            } else {
                exit::FOUND
            };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) if is_broken_pipe(&err) => ExitCode::from(exit::FOUND),
        Err(err) => {
            eprintln!("newsgrep: {err:#}");
            ExitCode::from(exit::ERROR)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> anyhow::Result<u8> {
    let index_dir = match cli.index.clone().filter(|dir| !dir.as_os_str().is_empty()) {
        Some(dir) => dir,
        None => newsgrep::store::default_index_dir()
            .ok_or_else(|| anyhow!("no index folder: give --index DIR or set NEWSGREP_INDEX"))?,
    };
    match cli.command {
        Command::Index(args) => run_index(index_dir, args, cli.quiet),
        Command::Stats(args) => run_stats(index_dir, args.json),
        Command::Search(args) => run_search(index_dir, args, cli.color, cli.quiet),
        Command::Quotes(args) => run_quotes(index_dir, args, cli.color, cli.quiet),
        Command::Speakers(args) => run_speakers(index_dir, args, cli.quiet),
    }
}

fn run_index(index_dir: PathBuf, args: IndexArgs, quiet: bool) -> anyhow::Result<u8> {
    let mut config = IndexConfig::new(index_dir, args.dumps);
    config.rebuild = args.rebuild;
    config.prune = args.prune;
    config.batch_posts = args.commit_every;
    let report = newsgrep::index_dumps(&config)?;
    for problem in &report.problems {
        eprintln!("newsgrep: {problem}");
    }
    if !quiet {
        let mut stdout = io::stdout().lock();
        writeln!(stdout, "{}", print::index_summary(&report))?;
    }
    Ok(if report.problems.is_empty() {
        exit::FOUND
    } else {
        exit::NOT_FOUND_OR_PARTIAL
    })
}

fn run_stats(index_dir: PathBuf, json: bool) -> anyhow::Result<u8> {
    let stats = newsgrep::stats(&index_dir)?;
    let mut stdout = io::stdout().lock();
    if json {
        print::print_stats_json(&mut stdout, &stats)?;
    } else {
        print::print_stats(&mut stdout, &stats)?;
    }
    stdout.flush()?;
    Ok(exit::FOUND)
}

fn run_search_checked(args: &SearchArgs) -> anyhow::Result<()> {
    if !(args.half_life > 0.0 && args.half_life.is_finite()) {
        return Err(anyhow!("--half-life must be a number of days above 0"));
    }
    Ok(())
}

fn run_search(
    index_dir: PathBuf,
    args: SearchArgs,
    color: ColorChoice,
    quiet: bool,
) -> anyhow::Result<u8> {
    run_search_checked(&args)?;
    let config = SearchConfig {
        index_dir,
        query: args.query.join(" "),
        filters: filters(&args.filters)?,
        sort: match args.sort {
            SortArg::Relevance => SortOrder::Relevance,
            SortArg::Date => SortOrder::Date,
            SortArg::Recent => SortOrder::Recent,
        },
        limit: args.limit,
        weights: Default::default(),
        half_life_days: args.half_life,
    };
    let results = newsgrep::search(&config)?;
    for warning in &results.warnings {
        eprintln!("newsgrep: warning: {warning}");
    }
    for correction in &results.corrections {
        eprintln!(
            "newsgrep: '{}' matches nothing; searched '{}' instead",
            correction.typed, correction.corrected
        );
    }
    if let Some(suggestion) = &results.suggestion {
        eprintln!("newsgrep: did you mean: {suggestion}");
    }
    let mut stdout = io::stdout().lock();
    if args.json {
        print::print_hits_json(&mut stdout, &results.hits).context("writing results")?;
    } else {
        let options = PrintOptions {
            color: use_color(color, io::stdout().is_terminal()),
            ..PrintOptions::default()
        };
        print::print_hits(&mut stdout, &results.hits, options).context("writing results")?;
    }
    stdout.flush().context("writing results")?;
    if !quiet {
        eprintln!("{}", print::search_summary(&results));
    }
    Ok(if results.total > 0 {
        exit::FOUND
    } else {
        exit::NOT_FOUND_OR_PARTIAL
    })
}

fn run_quotes(
    index_dir: PathBuf,
    args: QuotesArgs,
    color: ColorChoice,
    quiet: bool,
) -> anyhow::Result<u8> {
    let config = QuotesConfig {
        index_dir,
        query: args.query.join(" "),
        filters: filters(&args.filters)?,
        limit: args.limit,
    };
    let results = newsgrep::search::list_quotes(&config)?;
    for warning in &results.warnings {
        eprintln!("newsgrep: warning: {warning}");
    }
    let mut stdout = io::stdout().lock();
    if args.json {
        print::print_quotes_json(&mut stdout, &results.hits).context("writing results")?;
    } else {
        let options = PrintOptions {
            color: use_color(color, io::stdout().is_terminal()),
            ..PrintOptions::default()
        };
        print::print_quotes(&mut stdout, &results.hits, options).context("writing results")?;
    }
    stdout.flush().context("writing results")?;
    if !quiet {
        eprintln!("{}", print::quotes_summary(&results));
    }
    Ok(if results.hits.is_empty() {
        exit::NOT_FOUND_OR_PARTIAL
    } else {
        exit::FOUND
    })
}

fn run_speakers(index_dir: PathBuf, args: SpeakersArgs, quiet: bool) -> anyhow::Result<u8> {
    let config = SpeakersConfig {
        index_dir,
        filters: filters(&args.filters)?,
        limit: args.limit,
    };
    let results = newsgrep::search::count_speakers(&config)?;
    let mut stdout = io::stdout().lock();
    if args.json {
        print::print_speakers_json(&mut stdout, &results.speakers).context("writing results")?;
    } else {
        print::print_speakers(&mut stdout, &results.speakers).context("writing results")?;
    }
    stdout.flush().context("writing results")?;
    if !quiet {
        eprintln!("{}", print::speakers_summary(&results));
    }
    Ok(if results.speakers.is_empty() {
        exit::NOT_FOUND_OR_PARTIAL
    } else {
        exit::FOUND
    })
}

/// Validates the filter flags into the library's filters.
fn filters(args: &FilterArgs) -> anyhow::Result<Filters> {
    Ok(Filters {
        since: args
            .since
            .as_deref()
            .map(|d| parse_user_date(d, DayEdge::Start))
            .transpose()
            .map_err(|e| anyhow!("--since: {e}"))?,
        until: args
            .until
            .as_deref()
            .map(|d| parse_user_date(d, DayEdge::End))
            .transpose()
            .map_err(|e| anyhow!("--until: {e}"))?,
        categories: args.category.clone(),
        site: args.site.clone(),
        speaker: args.speaker.clone(),
        lang: args.lang.clone(),
    })
}

fn use_color(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}
