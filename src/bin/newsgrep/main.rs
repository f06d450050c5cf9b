//! The `newsgrep` binary: parse flags, build a config, call the library, print,
//! and map the outcome to grep-like exit codes (0 found, 1 nothing found, 2 error).
//!
//! [`args`] holds the clap structs, [`settings`] turns them into the library's
//! configs, [`commands`] runs one command each; the library does the work.

mod args;
mod commands;
mod pager;
mod progress_bar;
mod settings;

/// Indexing allocates a string per token and per parsed node: mimalloc does that
/// faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use args::{Cli, Command, QuickwitCommand};
use clap::Parser;
use std::io;
use std::process::ExitCode;

/// Exit codes, as grep has them.
mod exit {
    pub const FOUND: u8 = 0;
    pub const NOT_FOUND_OR_PARTIAL: u8 = 1;
    pub const ERROR: u8 = 2;

    /// Found when there is something, else not found.
    pub fn found_if(found: bool) -> u8 {
        if found {
            FOUND
        } else {
            NOT_FOUND_OR_PARTIAL
        }
    }
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
            match in_flag_terms(&err) {
                Some(message) => eprintln!("newsgrep: {message}"),
                None => eprintln!("newsgrep: {err:#}"),
            }
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

/// The binary's wording of a library error that concerns a flag: the library speaks
/// of dates and half-lives, the user typed `--since` and `--half-life`.
fn in_flag_terms(err: &anyhow::Error) -> Option<String> {
    match err.downcast_ref::<newsgrep::Error>()? {
        newsgrep::Error::ReversedDates => Some("--since is later than --until".to_string()),
        newsgrep::Error::InvalidHalfLife => {
            Some("--half-life must be a number of days above 0".to_string())
        }
        newsgrep::Error::SpeakerNamesNobody(speaker) => {
            Some(format!("--speaker '{speaker}' names nobody"))
        }
        _ => None,
    }
}

fn run(cli: Cli) -> anyhow::Result<u8> {
    let output = settings::output(&cli);
    match &cli.command {
        Command::Completions(args) => return commands::completions(args.shell),
        Command::Man => return commands::man(),
        Command::Quickwit(QuickwitCommand::Config(args)) => return commands::quickwit_config(args),
        _ => {}
    }
    let index_dir = settings::index_dir(cli.index)?;
    if output.verbose {
        eprintln!("newsgrep: index at {}", index_dir.display());
    }
    match cli.command {
        Command::Index(args) => commands::index(index_dir, args, output),
        Command::Fetch(args) => commands::fetch(index_dir, args, output),
        Command::Stats(args) => commands::stats(index_dir, args.json),
        Command::Search(args) => commands::search(index_dir, args, output),
        Command::Show(args) => commands::show(index_dir, args, output),
        Command::Quotes(args) => commands::quotes(index_dir, args, output),
        Command::Speakers(args) => commands::speakers(index_dir, args, output),
        Command::Serve(args) => commands::serve(index_dir, args),
        Command::Export(args) => commands::export(index_dir, args),
        Command::Push(args) => commands::push(index_dir, args, output.quiet),
        Command::Completions(_) | Command::Man | Command::Quickwit(_) => Ok(exit::FOUND),
    }
}
