//! The binary's view of `newsgrep index` and `newsgrep fetch` progress, on stderr: a
//! bar (indicatif) with files (or pages) and posts done and the time left, and for
//! `-v` a line per step of indexing.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newsgrep::print::human_bytes;
use newsgrep::progress::{Progress, ProgressFn};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A bar that follows one indexing run.
pub struct IndexBar {
    bar: ProgressBar,
    state: Arc<State>,
}

#[derive(Default)]
struct State {
    files: AtomicUsize,
    files_done: AtomicUsize,
    posts: AtomicUsize,
    posts_done: AtomicUsize,
}

/// `indexing files 3/8 · posts 6/10  3.2 MiB/s  ETA 2s [=====>     ]`: the bar takes
/// what the terminal's width leaves.
const TEMPLATE: &str = "{prefix:>8} {msg}  {binary_bytes_per_sec}  ETA {eta} [{wide_bar}]";

impl IndexBar {
    /// A bar on stderr; `forced` draws it even when stderr is not a terminal.
    pub fn new(forced: bool) -> IndexBar {
        IndexBar {
            bar: stderr_bar(forced, TEMPLATE),
            state: Arc::default(),
        }
    }

    /// The library-side receiver that moves this bar.
    pub fn receiver(&self) -> ProgressFn {
        let bar = self.bar.clone();
        let state = Arc::clone(&self.state);
        ProgressFn::new(move |event| state.apply(&bar, event))
    }

    /// Leaves the bar's last state on screen, and the cursor on the next line.
    pub fn finish(&self) {
        self.bar.finish();
        eprintln!();
    }
}

impl State {
    fn apply(&self, bar: &ProgressBar, event: Progress) {
        match event {
            Progress::Reading { files, bytes } => {
                self.start(bar, "reading", files, 0, bytes);
            }
            Progress::Indexing {
                files,
                posts,
                bytes,
            } => {
                self.start(bar, "indexing", files, posts, bytes);
            }
            Progress::Read { bytes } => self.step(bar, 0, bytes),
            Progress::Indexed { posts, bytes } => self.step(bar, posts, bytes),
            Progress::Committing => self.set_phase(bar, "commit"),
            Progress::Merging => self.set_phase(bar, "merging"),
            Progress::Fetching { .. } | Progress::Fetched { .. } => {}
        }
    }

    fn start(
        &self,
        bar: &ProgressBar,
        phase: &'static str,
        files: usize,
        posts: usize,
        bytes: u64,
    ) {
        self.files.store(files, Ordering::Relaxed);
        self.files_done.store(0, Ordering::Relaxed);
        self.posts.store(posts, Ordering::Relaxed);
        self.posts_done.store(0, Ordering::Relaxed);
        bar.reset();
        bar.set_length(bytes);
        bar.set_position(0);
        self.set_phase(bar, phase);
    }

    fn step(&self, bar: &ProgressBar, posts: usize, bytes: u64) {
        self.files_done.fetch_add(1, Ordering::Relaxed);
        self.posts_done.fetch_add(posts, Ordering::Relaxed);
        bar.inc(bytes);
        bar.set_message(self.message(bar));
    }

    fn set_phase(&self, bar: &ProgressBar, phase: &'static str) {
        bar.set_prefix(phase);
        bar.set_message(self.message(bar));
    }

    /// `files 12/40 · posts 1,200/3,000` (posts only while indexing).
    fn message(&self, bar: &ProgressBar) -> String {
        let phase = bar.prefix();
        let files = format!(
            "files {}/{}",
            self.files_done.load(Ordering::Relaxed),
            self.files.load(Ordering::Relaxed)
        );
        if phase == "reading" {
            return files;
        }
        format!(
            "{files} · posts {}/{}",
            self.posts_done.load(Ordering::Relaxed),
            self.posts.load(Ordering::Relaxed)
        )
    }
}

/// A bar on stderr in this template, redrawn five times a second; `forced` draws it
/// even when stderr is not a terminal.
fn stderr_bar(forced: bool, template: &str) -> ProgressBar {
    let target = if forced {
        ProgressDrawTarget::term_like(Box::new(console::Term::stderr()))
    } else {
        ProgressDrawTarget::stderr()
    };
    let bar = ProgressBar::with_draw_target(None, target);
    let style = ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// A bar that follows one fetch: `fetching pages 3/12 · posts 300  ETA 20s [===> ]`.
pub struct FetchBar {
    bar: ProgressBar,
    posts: Arc<AtomicUsize>,
}

impl FetchBar {
    /// A bar on stderr; `forced` draws it even when stderr is not a terminal.
    pub fn new(forced: bool) -> FetchBar {
        let bar = stderr_bar(
            forced,
            "fetching pages {pos}/{len} · posts {msg}  ETA {eta} [{wide_bar}]",
        );
        bar.set_message("0");
        FetchBar {
            bar,
            posts: Arc::default(),
        }
    }

    /// The library-side receiver that moves this bar.
    pub fn receiver(&self) -> ProgressFn {
        let bar = self.bar.clone();
        let posts = Arc::clone(&self.posts);
        ProgressFn::new(move |event| match event {
            Progress::Fetching { pages, done } => {
                bar.set_length(pages as u64);
                bar.set_position(done as u64);
                bar.reset_eta();
            }
            Progress::Fetched { posts: count } => {
                let total = posts.fetch_add(count, Ordering::Relaxed) + count;
                bar.inc(1);
                bar.set_message(total.to_string());
            }
            _ => {}
        })
    }

    /// Leaves the bar's last state on screen, and the cursor on the next line.
    pub fn finish(&self) {
        self.bar.finish();
        eprintln!();
    }
}

/// For `--verbose`: one line on stderr as each step of indexing ends, with its time.
pub struct StepLog {
    step: Arc<Mutex<Option<Step>>>,
    /// The bar the lines are printed above, if one is drawn.
    bar: Option<ProgressBar>,
}

/// The step under way: what it is and when it began.
struct Step {
    what: String,
    started: Instant,
}

impl StepLog {
    /// A log printing above `bar` when there is one.
    pub fn new(bar: Option<&IndexBar>) -> StepLog {
        StepLog {
            step: Arc::default(),
            bar: bar.map(|b| b.bar.clone()),
        }
    }

    /// The library-side receiver.
    pub fn receiver(&self) -> ProgressFn {
        let step = Arc::clone(&self.step);
        let bar = self.bar.clone();
        ProgressFn::new(move |event| {
            let what = match event {
                Progress::Reading { files, bytes } => {
                    format!("read {files} files ({})", human_bytes(bytes))
                }
                Progress::Indexing {
                    files,
                    posts,
                    bytes,
                } => format!(
                    "indexed {posts} changed posts from {files} files ({})",
                    human_bytes(bytes)
                ),
                Progress::Committing => "committed".to_string(),
                Progress::Merging => "merged the new segments".to_string(),
                Progress::Read { .. }
                | Progress::Indexed { .. }
                | Progress::Fetching { .. }
                | Progress::Fetched { .. } => return,
            };
            if let Ok(mut step) = step.lock() {
                end(step.take(), bar.as_ref());
                *step = Some(Step {
                    what,
                    started: Instant::now(),
                });
            }
        })
    }

    /// Ends the last step.
    pub fn finish(&self) {
        if let Ok(mut step) = self.step.lock() {
            end(step.take(), self.bar.as_ref());
        }
    }
}

/// Prints the line of a step that ended (above the bar, if there is one).
fn end(step: Option<Step>, bar: Option<&ProgressBar>) {
    let Some(step) = step else { return };
    let line = format!(
        "newsgrep: {} in {:.2} s",
        step.what,
        step.started.elapsed().as_secs_f64()
    );
    match bar {
        Some(bar) => bar.println(line),
        None => eprintln!("{line}"),
    }
}
