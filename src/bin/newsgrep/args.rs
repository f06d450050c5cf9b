//! The command line: clap structs only, turned into library configs in `settings.rs`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  newsgrep index ./dump                      build or update the index from a dump folder
  newsgrep fetch news.example --index-after  archive a live WordPress site, then index it
  newsgrep \"Baghaei negotiation\"             ranked hits (same as: newsgrep search …)
  newsgrep '\"nuclear talks\" -sanctions'      a phrase, and a word to exclude
  newsgrep 'title:iran trump OR biden'       a word in the title; either of two words
  newsgrep talks --since 2025-11-01 --category world --sort date
  newsgrep talks --json | jq .url            one JSON object per hit
  newsgrep deal --sort recent --half-life 7  relevance weighed by age
  newsgrep negociacion --lang es             Spanish posts only (accents optional)
  newsgrep quotes deal --speaker trump       who said what
  newsgrep speakers --site golkar.or.id      who is quoted most
  newsgrep stats                             what the index holds";

/// Ranked, instant search over WordPress REST API news dumps.
#[derive(Debug, Parser)]
#[command(
    name = "newsgrep",
    version,
    about,
    arg_required_else_help = true,
    after_help = EXAMPLES
)]
pub struct Cli {
    /// Index folder (default: $XDG_DATA_HOME/newsgrep or ~/.local/share/newsgrep).
    #[arg(long, global = true, env = "NEWSGREP_INDEX", value_name = "DIR")]
    pub index: Option<PathBuf>,

    /// When to colour output; NO_COLOR in the environment turns `auto` off.
    #[arg(long, global = true, value_enum, default_value_t = When::Auto, value_name = "WHEN")]
    pub color: When,

    /// Print no summaries or progress, only results and errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Say more on stderr: what each step of indexing took, which query words were
    /// dropped as too common, where the index is.
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// When to make urls clickable (OSC 8 hyperlinks); `auto` does where colour is on
    /// and the terminal is known to support them.
    #[arg(long, global = true, value_enum, default_value_t = When::Auto, value_name = "WHEN")]
    pub hyperlinks: When,

    /// What to do; without a command, the arguments are a search.
    #[command(subcommand)]
    pub command: Command,
}

/// Names of the commands, to tell a command from the first word of a query.
const COMMANDS: &[&str] = &[
    "index",
    "fetch",
    "search",
    "show",
    "quotes",
    "speakers",
    "stats",
    "serve",
    "export",
    "push",
    "quickwit",
    "completions",
    "man",
    "help",
];
/// Options of the top level that take a value.
const GLOBAL_VALUE_OPTIONS: &[&str] = &["--index", "--color", "--hyperlinks"];
/// Options of the top level that take none.
const GLOBAL_FLAGS: &[&str] = &["-q", "--quiet", "-v", "--verbose"];

/// Inserts `search` where the arguments start a search without naming it, so that
/// `newsgrep [--index DIR] QUERY…` means `newsgrep [--index DIR] search QUERY…`.
pub fn with_default_command(mut args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let mut i = 1;
    while i < args.len() {
        let arg = args[i].to_string_lossy();
        if GLOBAL_VALUE_OPTIONS.contains(&arg.as_ref()) {
            i += 2;
            continue;
        }
        let global_with_value = GLOBAL_VALUE_OPTIONS
            .iter()
            .any(|option| arg.starts_with(&format!("{option}=")));
        if global_with_value || GLOBAL_FLAGS.contains(&arg.as_ref()) {
            i += 1;
            continue;
        }
        let asks_for_help = matches!(arg.as_ref(), "-h" | "--help" | "-V" | "--version");
        if !asks_for_help && !COMMANDS.contains(&arg.as_ref()) {
            args.insert(i, "search".into());
        }
        break;
    }
    args
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build or update the index from WordPress REST API dump folders.
    #[command(
        after_help = "Examples:\n  newsgrep index ./dump\n  newsgrep --index /data/ng index ./site-a ./site-b\n  newsgrep index --rebuild ./dump\n  newsgrep index --site mirror.example ./mirror   a mirror whose links say localhost"
    )]
    Index(IndexArgs),
    /// Archive a live WordPress site's posts through its REST API into a dump folder.
    #[command(
        after_help = "Examples:\n  newsgrep fetch https://news.example --index-after     fetch every post, then index\n  newsgrep fetch https://news.example --index-after     later: only what changed\n  newsgrep fetch news.example --prune --index-after     and drop what the site deleted\n  newsgrep fetch news.example --since 2025-01-01 --dump ./news-dump --jobs 2 --delay 0.5"
    )]
    Fetch(FetchArgs),
    /// Search the index (the default command).
    #[command(after_help = EXAMPLES)]
    Search(SearchArgs),
    /// Print one post: title, date, site, categories, url, quotations, clean text.
    #[command(
        after_help = "Examples:\n  newsgrep show 101                          a post id (unique within a site)\n  newsgrep show www.harbor-times.example/101 a site and an id\n  newsgrep show https://www.harbor-times.example/2025/port-strike-talks-resume/\n  newsgrep show 101 --json | jq -r .body"
    )]
    Show(ShowArgs),
    /// List quotations, ranked by the query words they contain (or newest first).
    #[command(
        after_help = "Examples:\n  newsgrep quotes negotiation\n  newsgrep quotes --speaker baghaei --json\n  newsgrep quotes 'deal -nuclear' --since 2025-01-01 -n 20"
    )]
    Quotes(QuotesArgs),
    /// List who is quoted most, with counts of quotations and of posts.
    #[command(
        after_help = "Examples:\n  newsgrep speakers\n  newsgrep speakers --site golkar.or.id -n 50 --json"
    )]
    Speakers(SpeakersArgs),
    /// Show what the index holds: posts, sites, dates, categories, size.
    #[command(after_help = "Examples:\n  newsgrep stats\n  newsgrep stats --json")]
    Stats(StatsArgs),
    /// Serve a search page and JSON API on this machine (http://127.0.0.1:7700).
    #[command(
        after_help = "Examples:\n  newsgrep serve                          then open http://127.0.0.1:7700/\n  newsgrep --index /data/ng serve --addr 127.0.0.1:8080\n  curl 'http://127.0.0.1:7700/api/search?q=strike&category=world&limit=5'"
    )]
    Serve(ServeArgs),
    /// Write the indexed posts as NDJSON records (for Quickwit or any other engine).
    #[command(
        after_help = "Examples:\n  newsgrep export --ndjson > posts.ndjson\n  newsgrep export --ndjson --site golkar.or.id --since 2025-01-01\n  newsgrep export --ndjson 'nuclear talks' | head -1 | jq .speakers"
    )]
    Export(ExportArgs),
    /// Push one site's dump to a Quickwit cluster as a new index generation.
    #[command(
        after_help = "Examples:\n  newsgrep push ./dump --quickwit http://127.0.0.1:7280 --site golkar.or.id\n  newsgrep push ./dump --quickwit http://qw:7280 --site example.org --grace 0"
    )]
    Push(PushArgs),
    /// Quickwit helpers: the index config for newsgrep's records.
    #[command(subcommand)]
    Quickwit(QuickwitCommand),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  newsgrep completions bash > ~/.local/share/bash-completion/completions/newsgrep\n  newsgrep completions zsh > ~/.zfunc/_newsgrep\n  newsgrep completions fish > ~/.config/fish/completions/newsgrep.fish\n  newsgrep completions powershell >> $PROFILE"
    )]
    Completions(CompletionsArgs),
    /// Print the manual page (roff).
    #[command(
        after_help = "Examples:\n  newsgrep man | man -l -\n  newsgrep man > ~/.local/share/man/man1/newsgrep.1"
    )]
    Man,
}

/// Arguments of `newsgrep show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The post: its id, SITE/ID, or its url.
    #[arg(value_name = "ID|URL")]
    pub post: String,

    /// Print one JSON object with every field instead of text.
    #[arg(long)]
    pub json: bool,

    /// When to page the text through $PAGER (default `less -FRX`): `auto` when stdout
    /// is a terminal and the post is longer than the screen.
    #[arg(long, value_enum, default_value_t = When::Auto, value_name = "WHEN")]
    pub paging: When,
}

/// Arguments of `newsgrep serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on. Anything but a loopback address opens the index to the
    /// network, with no authentication (a warning says so); port 0 takes a free port.
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:7700")]
    pub addr: std::net::SocketAddr,
}

/// Arguments of `newsgrep export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Only posts matching this query (same syntax as search); all posts without.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,

    /// Conditions on the posts.
    #[command(flatten)]
    pub filters: FilterArgs,

    /// One JSON object per post per line: id, site, url, title, date, categories,
    /// tags, author, lang, quotes, speakers, body (the only format so far).
    #[arg(long, required = true)]
    pub ndjson: bool,
}

/// Arguments of `newsgrep push`.
#[derive(Debug, Args)]
pub struct PushArgs {
    /// Dump folders (or files) holding the site's posts.
    #[arg(required = true, value_name = "DIR")]
    pub dumps: Vec<PathBuf>,

    /// The Quickwit cluster's REST address.
    #[arg(long, value_name = "URL")]
    pub quickwit: String,

    /// The site whose posts are pushed (its host, with or without www.).
    #[arg(long, value_name = "HOST")]
    pub site: String,

    /// Seconds a replaced generation is kept before it is deleted (at a later push
    /// once the time has passed; 0 deletes it at once).
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    pub grace: u64,

    /// The state file recording each site's live generation (default:
    /// quickwit-state.json in the index folder).
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
}

/// `newsgrep quickwit …` commands.
#[derive(Debug, Subcommand)]
pub enum QuickwitCommand {
    /// Print the Quickwit index config (YAML) that maps the exported records.
    #[command(
        after_help = "Examples:\n  newsgrep quickwit config > newsgrep.yaml\n  quickwit index create --index-config newsgrep.yaml\n  newsgrep quickwit config --index-id news-2025 | curl -XPOST -H 'Content-Type: application/yaml' --data-binary @- http://127.0.0.1:7280/api/v1/indexes"
    )]
    Config(QuickwitConfigArgs),
}

/// Arguments of `newsgrep quickwit config`.
#[derive(Debug, Args)]
pub struct QuickwitConfigArgs {
    /// The index id (letters, digits, - and _; starting with a letter).
    #[arg(long, value_name = "ID", default_value = "newsgrep")]
    pub index_id: String,
}

/// Arguments of `newsgrep completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Arguments of `newsgrep index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Dump folders (or files) to read, recursively.
    #[arg(required = true, value_name = "DIR")]
    pub dumps: Vec<PathBuf>,

    /// Start from an empty index instead of updating the existing one.
    #[arg(long)]
    pub rebuild: bool,

    /// Remove posts of the dumped sites that are no longer in the dump.
    #[arg(long)]
    pub prune: bool,

    /// The site the dumps' posts belong to, whatever their links say (a mirror whose
    /// links point at localhost, say). Without it, posts linking to this machine are
    /// filed under their dump folder's name, and a folder `newsgrep fetch` wrote
    /// under the site it fetched.
    #[arg(long, value_name = "HOST")]
    pub site: Option<String>,

    /// Commit after this many changed posts: a crash loses at most one batch.
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub commit_every: usize,

    /// When to draw a progress bar on stderr: `auto` when stderr is a terminal.
    #[arg(long, value_enum, default_value_t = When::Auto, value_name = "WHEN")]
    pub progress: When,
}

/// Arguments of `newsgrep fetch`.
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// The site's address (https:// is assumed when none is given).
    #[arg(value_name = "URL")]
    pub url: String,

    /// The dump folder (default: beside the index folder, in INDEX-dumps/HOST, or
    /// INDEX-dumps/HOST_PATH for a WordPress installed under a path).
    #[arg(long, value_name = "DIR")]
    pub dump: Option<PathBuf>,

    /// Index the dump into the index when the fetch is done.
    #[arg(long)]
    pub index_after: bool,

    /// List the site's post ids and remove the posts it no longer has from the dump
    /// (and, with --index-after, from the index).
    #[arg(long)]
    pub prune: bool,

    /// Only posts published on or after this day (YYYY-MM-DD) or time (RFC 3339).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Only posts published on or before this day (YYYY-MM-DD) or time (RFC 3339).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,

    /// Fetch every post again, not only those changed since the last fetch.
    #[arg(long)]
    pub full: bool,

    /// Connections to the site at once, 1 to 4.
    #[arg(short = 'j', long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u8).range(1..=4))]
    pub jobs: u8,

    /// Seconds to wait before each request, on each connection (e.g. 0.5).
    #[arg(long, value_name = "SECONDS", default_value_t = 0.0)]
    pub delay: f64,

    /// Times a failed request is tried again: after what Retry-After asks, else
    /// after 1 s, 2 s, 4 s…
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub retries: u32,

    /// Seconds to wait for one answer.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub timeout: u64,

    /// When to draw a progress bar on stderr: `auto` when stderr is a terminal.
    #[arg(long, value_enum, default_value_t = When::Auto, value_name = "WHEN")]
    pub progress: When,
}

/// Arguments of a search.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: words, "phrases", -excluded, a OR b, field:word
    /// (fields: title, body, quotes, category, tag, site, author).
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,

    /// Conditions on the posts.
    #[command(flatten)]
    pub filters: FilterArgs,

    /// Order of the hits.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,

    /// With --sort recent: a post this many days older than the newest needs twice
    /// the relevance to rank level with it.
    #[arg(long, value_name = "DAYS", default_value_t = 30.0)]
    pub half_life: f64,

    /// For a query of 5 words or more: add the 30 words that stand out in its best 3
    /// posts and rank again (pseudo-relevance feedback; helps descriptive queries on
    /// technical archives, not news).
    #[arg(long, conflicts_with = "remote")]
    pub feedback: bool,

    /// Most hits to show.
    #[arg(short = 'n', long, default_value_t = 10, value_name = "N")]
    pub limit: usize,

    /// Skip this many hits first (the next page: --offset 10).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,

    /// One JSON object per hit per line instead of text.
    #[arg(long)]
    pub json: bool,

    /// After the hits, count all matching posts per category, site, speaker and
    /// month (with --json: one last line {"facets": …}).
    #[arg(long)]
    pub facets: bool,

    /// With --facets: how many categories, sites and speakers to list.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub facet_limit: usize,

    /// Search a Quickwit cluster instead: the live generations `newsgrep push` made
    /// there (all pushed sites, or those of --site).
    #[arg(long, value_name = "URL")]
    pub remote: Option<String>,

    /// With --remote: the push state file (default: quickwit-state.json in the index
    /// folder).
    #[arg(long, value_name = "FILE", requires = "remote")]
    pub state: Option<PathBuf>,
}

/// Conditions on posts, shared by `search`, `quotes` and `speakers`.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only posts published on or after this day (YYYY-MM-DD) or time (RFC 3339).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Only posts published on or before this day (YYYY-MM-DD) or time (RFC 3339).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,

    /// Only posts in this category (name or slug, any case); repeat for any of several.
    #[arg(long, value_name = "NAME")]
    pub category: Vec<String>,

    /// Only posts of this site (host, with or without www.; a host also takes the
    /// WordPress installs under its paths, `news.example/fr`); repeat for any of several.
    #[arg(long, value_name = "HOST")]
    pub site: Vec<String>,

    /// Only posts quoting this person (any case or accents; a surname alone matches);
    /// repeat for any of several.
    #[arg(long, value_name = "NAME")]
    pub speaker: Vec<String>,

    /// Only posts in this language (ISO 639-1 code: en, es, id, ja, …).
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,
}

/// Arguments of `newsgrep quotes`.
#[derive(Debug, Args)]
pub struct QuotesArgs {
    /// Words the quotations should contain; same syntax as search.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,

    /// Conditions on the posts; --speaker also picks the quotations.
    #[command(flatten)]
    pub filters: FilterArgs,

    /// Most quotations to show.
    #[arg(short = 'n', long, default_value_t = 10, value_name = "N")]
    pub limit: usize,

    /// One JSON object per quotation per line instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `newsgrep speakers`.
#[derive(Debug, Args)]
pub struct SpeakersArgs {
    /// Conditions on the posts; --speaker keeps the speakers it names.
    #[command(flatten)]
    pub filters: FilterArgs,

    /// Most speakers to show.
    #[arg(short = 'n', long, default_value_t = 20, value_name = "N")]
    pub limit: usize,

    /// One JSON object per speaker per line instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `newsgrep stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `auto|always|never` choices (`--color`, `--hyperlinks`, `--progress`, `--paging`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum When {
    /// Only where the output is a terminal (and, for colour, NO_COLOR is unset).
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// `--sort` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Best match first.
    Relevance,
    /// Newest first.
    Date,
    /// Relevance weighed by age (see --half-life).
    Recent,
}
