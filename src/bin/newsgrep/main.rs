//! The `newsgrep` binary: parse flags, build a config, call the library, print,
//! and map the outcome to grep-like exit codes (0 found, 1 nothing found, 2 error).

mod args;
mod pager;
mod progress_bar;

/// Indexing allocates a string per token and per parsed node: mimalloc does that
/// faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::{anyhow, Context};
use args::{
    Cli, Command, FilterArgs, IndexArgs, QuickwitCommand, QuotesArgs, SearchArgs, ServeArgs,
    ShowArgs, SortArg, SpeakersArgs, When,
};
use clap::Parser;
use newsgrep::print::{self, PrintOptions};
use newsgrep::progress::ProgressFn;
use newsgrep::search::PostRef;
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
    let cli = match Cli::try_parse_from(args::with_default_command(std::env::args_os().collect())) {
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

/// What every command gets from the global flags.
#[derive(Debug, Clone, Copy)]
struct Output {
    quiet: bool,
    verbose: bool,
    /// How stdout is printed to.
    print: PrintOptions,
}

fn run(cli: Cli) -> anyhow::Result<u8> {
    let stdout_is_terminal = io::stdout().is_terminal();
    let color = use_color(cli.color, stdout_is_terminal);
    let output = Output {
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
    };
    match &cli.command {
        Command::Completions(args) => return print_completions(args.shell),
        Command::Man => return print_man(),
        Command::Quickwit(QuickwitCommand::Config(args)) => return print_quickwit_config(args),
        _ => {}
    }
    let index_dir = match cli.index.clone().filter(|dir| !dir.as_os_str().is_empty()) {
        Some(dir) => dir,
        None => newsgrep::store::default_index_dir()
            .ok_or_else(|| anyhow!("no index folder: give --index DIR or set NEWSGREP_INDEX"))?,
    };
    if output.verbose {
        eprintln!("newsgrep: index at {}", index_dir.display());
    }
    match cli.command {
        Command::Index(args) => run_index(index_dir, args, output),
        Command::Stats(args) => run_stats(index_dir, args.json),
        Command::Search(args) => run_search(index_dir, args, output),
        Command::Show(args) => run_show(index_dir, args, output),
        Command::Quotes(args) => run_quotes(index_dir, args, output),
        Command::Speakers(args) => run_speakers(index_dir, args, output.quiet),
        Command::Serve(args) => run_serve(index_dir, args),
        Command::Export(args) => run_export(index_dir, args),
        Command::Push(args) => run_push(index_dir, args, output.quiet),
        Command::Completions(_) | Command::Man | Command::Quickwit(_) => Ok(exit::FOUND),
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

fn print_completions(shell: clap_complete::Shell) -> anyhow::Result<u8> {
    let mut command = <Cli as clap::CommandFactory>::command();
    // Generated into memory first: clap_complete panics on a failed write.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "newsgrep", &mut script);
    let mut stdout = io::stdout().lock();
    stdout.write_all(&script).context("writing completions")?;
    stdout.flush().context("writing completions")?;
    Ok(exit::FOUND)
}

fn print_man() -> anyhow::Result<u8> {
    let command = <Cli as clap::CommandFactory>::command();
    let mut stdout = io::stdout().lock();
    clap_mangen::Man::new(command)
        .render(&mut stdout)
        .context("writing the manual page")?;
    stdout.flush().context("writing the manual page")?;
    Ok(exit::FOUND)
}

fn run_index(index_dir: PathBuf, args: IndexArgs, output: Output) -> anyhow::Result<u8> {
    let mut config = IndexConfig::new(index_dir, args.dumps);
    config.rebuild = args.rebuild;
    config.prune = args.prune;
    config.batch_posts = args.commit_every;
    let draw = match args.progress {
        When::Always => Some(true),
        When::Never => None,
        When::Auto => (!output.quiet && io::stderr().is_terminal()).then_some(false),
    };
    let bar = draw.map(progress_bar::IndexBar::new);
    let steps = output
        .verbose
        .then(|| progress_bar::StepLog::new(bar.as_ref()));
    config.progress = match (&bar, &steps) {
        (Some(bar), Some(steps)) => Some(ProgressFn::both(bar.receiver(), steps.receiver())),
        (Some(bar), None) => Some(bar.receiver()),
        (None, Some(steps)) => Some(steps.receiver()),
        (None, None) => None,
    };
    let report = newsgrep::index_dumps(&config);
    if let Some(bar) = &bar {
        bar.finish();
    }
    let report = report?;
    if let Some(steps) = &steps {
        steps.finish();
    }
    for problem in &report.problems {
        eprintln!("newsgrep: {problem}");
    }
    if !output.quiet {
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

fn run_search(index_dir: PathBuf, args: SearchArgs, output: Output) -> anyhow::Result<u8> {
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
        offset: args.offset,
        weights: Default::default(),
        half_life_days: args.half_life,
        facets: args.facets.then_some(args.facet_limit),
    };
    let results = match &args.remote {
        None => newsgrep::search(&config)?,
        Some(url) => {
            if args.facets {
                return Err(anyhow!("--facets is not available with --remote yet"));
            }
            let state = args
                .state
                .clone()
                .unwrap_or_else(|| config.index_dir.join("quickwit-state.json"));
            newsgrep::quickwit::search_remote(&newsgrep::quickwit::RemoteSearch {
                url: url.clone(),
                state_file: state,
                query: config.query.clone(),
                filters: config.filters.clone(),
                sort: config.sort,
                limit: config.limit,
                offset: config.offset,
            })?
        }
    };
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
    if output.verbose && !results.dropped.is_empty() {
        eprintln!(
            "newsgrep: not searched, in over half of the posts: {}",
            results.dropped.join(", ")
        );
    }
    let mut stdout = io::stdout().lock();
    if args.json {
        print::print_hits_json(&mut stdout, &results.hits).context("writing results")?;
        if let Some(facets) = &results.facets {
            print::print_facets_json(&mut stdout, facets).context("writing results")?;
        }
    } else {
        print::print_hits(&mut stdout, &results.hits, output.print).context("writing results")?;
        if let Some(facets) = &results.facets {
            if !results.hits.is_empty() {
                writeln!(stdout).context("writing results")?;
            }
            print::print_facets(&mut stdout, facets, output.print).context("writing results")?;
        }
    }
    stdout.flush().context("writing results")?;
    if !output.quiet {
        eprintln!("{}", print::search_summary(&results));
    }
    Ok(if results.total > 0 {
        exit::FOUND
    } else {
        exit::NOT_FOUND_OR_PARTIAL
    })
}

fn run_quotes(index_dir: PathBuf, args: QuotesArgs, output: Output) -> anyhow::Result<u8> {
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
        print::print_quotes(&mut stdout, &results.hits, output.print).context("writing results")?;
    }
    stdout.flush().context("writing results")?;
    if !output.quiet {
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

fn print_quickwit_config(args: &args::QuickwitConfigArgs) -> anyhow::Result<u8> {
    let id = &args.index_id;
    let valid = id.len() >= 3
        && id.len() <= 255
        && id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        return Err(anyhow!(
            "--index-id '{id}': Quickwit index ids are 3 to 255 letters, digits, - or _, starting with a letter"
        ));
    }
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(newsgrep::quickwit::index_config(id).as_bytes())
        .context("writing the config")?;
    stdout.flush().context("writing the config")?;
    Ok(exit::FOUND)
}

fn run_export(index_dir: PathBuf, args: args::ExportArgs) -> anyhow::Result<u8> {
    let store = newsgrep::store::open(&index_dir)?;
    let filters = filters(&args.filters)?;
    let mut stdout = io::BufWriter::new(io::stdout().lock());
    let written = newsgrep::search::for_each_post(
        &store,
        &args.query.join(" "),
        &filters,
        |post| -> anyhow::Result<()> {
            newsgrep::export::write_ndjson_line(&mut stdout, post).context("writing records")
        },
    )?;
    stdout.flush().context("writing records")?;
    Ok(if written > 0 {
        exit::FOUND
    } else {
        exit::NOT_FOUND_OR_PARTIAL
    })
}

fn run_push(index_dir: PathBuf, args: args::PushArgs, quiet: bool) -> anyhow::Result<u8> {
    let url = args.quickwit.trim_end_matches('/');
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(anyhow!(
            "--quickwit '{url}': give the cluster's http:// or https:// address"
        ));
    }
    let state = args
        .state
        .unwrap_or_else(|| index_dir.join("quickwit-state.json"));
    let mut config = newsgrep::quickwit::PushConfig::new(args.dumps, url, &args.site, state);
    config.grace = std::time::Duration::from_secs(args.grace);
    let report = newsgrep::quickwit::push(&config)?;
    for problem in &report.problems {
        eprintln!("newsgrep: {problem}");
    }
    for index in &report.not_deleted {
        eprintln!("newsgrep: warning: could not delete the retired generation {index}; will try again at the next push");
    }
    if !quiet {
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
        println!("{line}");
    }
    Ok(if report.problems.is_empty() {
        exit::FOUND
    } else {
        exit::NOT_FOUND_OR_PARTIAL
    })
}

fn run_serve(index_dir: PathBuf, args: ServeArgs) -> anyhow::Result<u8> {
    let config = newsgrep::serve::ServeConfig {
        index_dir: index_dir.clone(),
        addr: args.addr,
    };
    let server = newsgrep::serve::bind(&config)?;
    let addr = server.local_addr().unwrap_or(args.addr);
    if !addr.ip().is_loopback() {
        eprintln!(
            "newsgrep: warning: listening on {addr}, reachable from other machines; \
             there is no authentication: anyone who can connect can search this index"
        );
    }
    eprintln!(
        "newsgrep: serving {} at http://{addr}/ (Ctrl-C stops)",
        index_dir.display()
    );
    server.run()?;
    Ok(exit::FOUND)
}

fn run_show(index_dir: PathBuf, args: ShowArgs, output: Output) -> anyhow::Result<u8> {
    let reference = PostRef::parse(&args.post)?;
    let posts = newsgrep::search::find_posts(&index_dir, &reference)?;
    let post = match posts.as_slice() {
        [] => {
            eprintln!("newsgrep: no post {} in the index", args.post.trim());
            return Ok(exit::NOT_FOUND_OR_PARTIAL);
        }
        [post] => post,
        several => {
            let names: Vec<String> = several
                .iter()
                .map(|p| format!("{}/{}", p.site, p.id))
                .collect();
            return Err(anyhow!(
                "{} posts have id {}; name one as SITE/ID: {}",
                several.len(),
                args.post.trim(),
                names.join(", ")
            ));
        }
    };
    let mut text = Vec::new();
    if args.json {
        print::print_post_json(&mut text, post)?;
    } else {
        print::print_post(&mut text, post, output.print)?;
    }
    let page = match args.paging {
        When::Always => true,
        When::Never => false,
        When::Auto => {
            io::stdout().is_terminal() && !args.json && {
                let rows = console::Term::stdout().size().0 as usize;
                text.iter().filter(|&&b| b == b'\n').count() >= rows
            }
        }
    };
    if page && pager::page(&text)? {
        return Ok(exit::FOUND);
    }
    let mut stdout = io::stdout().lock();
    stdout.write_all(&text).context("writing the post")?;
    stdout.flush().context("writing the post")?;
    Ok(exit::FOUND)
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
        sites: args.site.clone(),
        speakers: args.speaker.clone(),
        lang: args.lang.clone(),
    })
}

fn use_color(choice: When, is_terminal: bool) -> bool {
    match choice {
        When::Always => true,
        When::Never => false,
        When::Auto => is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}
