//! Integration tests: they run the real `newsgrep` binary on `fixtures/` (and, when
//! `NEWSGREP_CORPUS` is set, on the real dumps) and assert exact output.

mod util;

/// The corpus folders of the real dumps, shared with the benches.
#[path = "../benches/common/dumps.rs"]
mod dumps;

#[path = "../benches/common/quote_gold.rs"]
#[allow(dead_code)]
mod quote_gold;
/// Real posts of the corpus and the hand-labelled gold set of their quotations,
/// shared with the speakers bench.
#[path = "../benches/common/real_posts.rs"]
#[allow(dead_code)]
mod real_posts;

mod bad_input;
mod cli;
mod corpus;
mod crash;
mod fetching;
mod indexing;
mod languages;
mod output;
mod properties;
mod quickwit;
mod quickwit_mock;
mod quotes_gold;
mod quoting;
mod ranking;
mod reading;
mod searching;
mod serve;
mod speakers_real;
mod wordpress_mock;
mod wordpress_real;
