//! One function per command: take the checked flags, call the library, print what it
//! returns, and say which exit code the outcome means.

use crate::args::{
    ExportArgs, FetchArgs, IndexArgs, PushArgs, QuickwitConfigArgs, QuotesArgs, SearchArgs,
    ServeArgs, ShowArgs, SpeakersArgs, When,
};
use crate::exit;
use crate::settings::{self, Output};
use crate::{pager, progress_bar};
use anyhow::{anyhow, Context};
use newsgrep::fetch::DumpFolder;
use newsgrep::print;
use newsgrep::progress::ProgressFn;
use newsgrep::search::{PostRef, QuotesConfig, SpeakersConfig};
use newsgrep::timefmt::DayEdge;
use newsgrep::IndexConfig;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

/// The tail every listing command shares: results to stdout as JSON or for people,
/// flushed, then the summary line on stderr (unless quiet), and the exit code.
struct Listing<'a> {
    json: bool,
    quiet: bool,
    found: bool,
    summary: Option<&'a str>,
}

impl Listing<'_> {
    fn print(
        self,
        as_json: impl FnOnce(&mut io::StdoutLock) -> io::Result<()>,
        for_people: impl FnOnce(&mut io::StdoutLock) -> io::Result<()>,
    ) -> anyhow::Result<u8> {
        let mut stdout = io::stdout().lock();
        if self.json {
            as_json(&mut stdout).context("writing results")?;
        } else {
            for_people(&mut stdout).context("writing results")?;
        }
        stdout.flush().context("writing results")?;
        if let (false, Some(summary)) = (self.quiet, self.summary) {
            eprintln!("{summary}");
        }
        Ok(exit::found_if(self.found))
    }
}

/// Writes bytes the library built to stdout, saying what they were if that fails.
fn write_stdout(bytes: &[u8], what: &'static str) -> anyhow::Result<u8> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(bytes).context(what)?;
    stdout.flush().context(what)?;
    Ok(exit::FOUND)
}

/// `newsgrep completions SHELL`.
pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<u8> {
    let mut command = <crate::args::Cli as clap::CommandFactory>::command();
    // Generated into memory first: clap_complete panics on a failed write.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "newsgrep", &mut script);
    write_stdout(&script, "writing completions")
}

/// `newsgrep man`.
pub fn man() -> anyhow::Result<u8> {
    let command = <crate::args::Cli as clap::CommandFactory>::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut page)
        .context("writing the manual page")?;
    write_stdout(&page, "writing the manual page")
}

/// `newsgrep index DIR...`.
pub fn index(index_dir: PathBuf, args: IndexArgs, output: Output) -> anyhow::Result<u8> {
    let mut config = IndexConfig::new(index_dir, args.dumps);
    config.rebuild = args.rebuild;
    config.prune = args.prune;
    config.site = args.site;
    config.batch_posts = args.commit_every;
    run_index(config, args.progress, output)
}

/// Whether to draw a bar: `Some(forced)`, or `None` for no bar.
fn bar_drawn(progress: When, output: Output) -> Option<bool> {
    match progress {
        When::Always => Some(true),
        When::Never => None,
        When::Auto => (!output.quiet && io::stderr().is_terminal()).then_some(false),
    }
}

/// Indexes as configured, with a bar and step lines as asked, and prints the
/// problems and the summary.
fn run_index(mut config: IndexConfig, progress: When, output: Output) -> anyhow::Result<u8> {
    let bar = bar_drawn(progress, output).map(progress_bar::IndexBar::new);
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
    Ok(exit::found_if(report.problems.is_empty()))
}

/// `newsgrep fetch URL`: the site into its dump folder, then (if asked) the dump
/// into the index.
pub fn fetch(index_dir: PathBuf, args: FetchArgs, output: Output) -> anyhow::Result<u8> {
    newsgrep::fetch::site_address(&args.url)?;
    let dump = match &args.dump {
        Some(dir) => DumpFolder::Given(dir.clone()),
        None => DumpFolder::BesideIndex(index_dir.clone()),
    };
    let mut config = newsgrep::fetch::FetchConfig::new(&args.url, dump);
    config.since = settings::date("--since", &args.since, DayEdge::Start)?;
    config.until = settings::date("--until", &args.until, DayEdge::End)?;
    if let (Some(since), Some(until)) = (config.since, config.until) {
        if since > until {
            return Err(anyhow!("--since is later than --until"));
        }
    }
    if !(args.delay.is_finite() && (0.0..=3600.0).contains(&args.delay)) {
        return Err(anyhow!(
            "--delay must be a number of seconds from 0 to 3600"
        ));
    }
    if args.timeout == 0 {
        return Err(anyhow!("--timeout must be at least 1 second"));
    }
    config.jobs = usize::from(args.jobs);
    config.prune = args.prune;
    config.full = args.full;
    config.http.delay = std::time::Duration::from_secs_f64(args.delay);
    config.http.retries = args.retries;
    config.http.timeout = std::time::Duration::from_secs(args.timeout);
    let bar = bar_drawn(args.progress, output).map(progress_bar::FetchBar::new);
    config.progress = bar.as_ref().map(progress_bar::FetchBar::receiver);
    let report = newsgrep::fetch::fetch(&config);
    if let Some(bar) = &bar {
        bar.finish();
    }
    let report = report?;
    for warning in &report.warnings {
        eprintln!("newsgrep: warning: {warning}");
    }
    if !output.quiet {
        println!("{}", print::fetch_summary(&report));
    }
    if !args.index_after {
        return Ok(exit::FOUND);
    }
    let mut index = IndexConfig::new(index_dir, vec![report.dump_dir.clone()]);
    index.prune = args.prune;
    run_index(index, args.progress, output)
}

/// `newsgrep stats`.
pub fn stats(index_dir: PathBuf, json: bool) -> anyhow::Result<u8> {
    let stats = newsgrep::stats(&index_dir)?;
    let listing = Listing {
        json,
        quiet: true,
        found: true,
        summary: None,
    };
    listing.print(
        |out| print::print_stats_json(out, &stats),
        |out| print::print_stats(out, &stats),
    )
}

/// `newsgrep [search] QUERY...`, here or on a Quickwit cluster.
pub fn search(index_dir: PathBuf, args: SearchArgs, output: Output) -> anyhow::Result<u8> {
    let config = settings::search_config(index_dir, &args)?;
    let results = match &args.remote {
        None => {
            // The command ends right after printing: the process exit closes the index.
            let (results, store) = newsgrep::search::search_keeping_index(&config)?;
            std::mem::forget(store);
            results
        }
        Some(url) => {
            if args.facets {
                return Err(anyhow!("--facets is not available with --remote yet"));
            }
            let state = args
                .state
                .clone()
                .unwrap_or_else(|| newsgrep::quickwit::default_state_file(&config.index_dir));
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
    for word in &results.unmatched {
        eprintln!("newsgrep: '{word}' is in no post; searched without it");
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
    let summary = print::search_summary(&results);
    let listing = Listing {
        json: args.json,
        quiet: output.quiet,
        found: results.total > 0,
        summary: Some(&summary),
    };
    listing.print(
        |out| {
            print::print_hits_json(out, &results.hits)?;
            match &results.facets {
                Some(facets) => print::print_facets_json(out, facets),
                None => Ok(()),
            }
        },
        |out| {
            print::print_hits(out, &results.hits, output.print)?;
            if let Some(facets) = &results.facets {
                if !results.hits.is_empty() {
                    writeln!(out)?;
                }
                print::print_facets(out, facets, output.print)?;
            }
            Ok(())
        },
    )
}

/// `newsgrep quotes [QUERY]`.
pub fn quotes(index_dir: PathBuf, args: QuotesArgs, output: Output) -> anyhow::Result<u8> {
    let config = QuotesConfig {
        index_dir,
        query: args.query.join(" "),
        filters: settings::filters(&args.filters)?,
        limit: args.limit,
    };
    let results = newsgrep::search::list_quotes(&config)?;
    for warning in &results.warnings {
        eprintln!("newsgrep: warning: {warning}");
    }
    let summary = print::quotes_summary(&results);
    let listing = Listing {
        json: args.json,
        quiet: output.quiet,
        found: !results.hits.is_empty(),
        summary: Some(&summary),
    };
    listing.print(
        |out| print::print_quotes_json(out, &results.hits),
        |out| print::print_quotes(out, &results.hits, output.print),
    )
}

/// `newsgrep speakers`.
pub fn speakers(index_dir: PathBuf, args: SpeakersArgs, output: Output) -> anyhow::Result<u8> {
    let config = SpeakersConfig {
        index_dir,
        filters: settings::filters(&args.filters)?,
        limit: args.limit,
    };
    let results = newsgrep::search::count_speakers(&config)?;
    let summary = print::speakers_summary(&results);
    let listing = Listing {
        json: args.json,
        quiet: output.quiet,
        found: !results.speakers.is_empty(),
        summary: Some(&summary),
    };
    listing.print(
        |out| print::print_speakers_json(out, &results.speakers),
        |out| print::print_speakers(out, &results.speakers),
    )
}

/// `newsgrep quickwit config`.
pub fn quickwit_config(args: &QuickwitConfigArgs) -> anyhow::Result<u8> {
    let id = &args.index_id;
    newsgrep::quickwit::check_index_id(id).map_err(|err| anyhow!("--index-id {err}"))?;
    write_stdout(
        newsgrep::quickwit::index_config(id).as_bytes(),
        "writing the config",
    )
}

/// `newsgrep export --ndjson [QUERY]`.
pub fn export(index_dir: PathBuf, args: ExportArgs) -> anyhow::Result<u8> {
    let store = newsgrep::store::open(&index_dir)?;
    let filters = settings::filters(&args.filters)?;
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
    Ok(exit::found_if(written > 0))
}

/// `newsgrep push DIR --quickwit URL --site HOST`.
pub fn push(index_dir: PathBuf, args: PushArgs, quiet: bool) -> anyhow::Result<u8> {
    let state = args
        .state
        .unwrap_or_else(|| newsgrep::quickwit::default_state_file(&index_dir));
    let mut config =
        newsgrep::quickwit::PushConfig::new(args.dumps, &args.quickwit, &args.site, state);
    config.grace = std::time::Duration::from_secs(args.grace);
    config
        .validate()
        .map_err(|err| anyhow!("--quickwit {err}"))?;
    let report = newsgrep::quickwit::push(&config)?;
    for problem in &report.problems {
        eprintln!("newsgrep: {problem}");
    }
    for index in &report.not_deleted {
        eprintln!("newsgrep: warning: could not delete the retired generation {index}; will try again at the next push");
    }
    if !quiet {
        println!("{}", print::push_summary(&report));
    }
    Ok(exit::found_if(report.problems.is_empty()))
}

/// `newsgrep serve`: runs until Ctrl-C.
pub fn serve(index_dir: PathBuf, args: ServeArgs) -> anyhow::Result<u8> {
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

/// `newsgrep show ID|SITE/ID|URL`, paged when longer than the terminal.
pub fn show(index_dir: PathBuf, args: ShowArgs, output: Output) -> anyhow::Result<u8> {
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
    let page = settings::chosen(args.paging, || {
        io::stdout().is_terminal() && !args.json && {
            let rows = console::Term::stdout().size().0 as usize;
            text.iter().filter(|&&b| b == b'\n').count() >= rows
        }
    });
    if page && pager::page(&text)? {
        return Ok(exit::FOUND);
    }
    write_stdout(&text, "writing the post")
}
