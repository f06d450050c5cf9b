//! Chinese, Japanese and Korean typed without spaces: the analyzer cuts such a word
//! into overlapping pairs (`海淘经验` → 海淘 淘经 经验), and searched as a phrase it
//! finds only the posts that write it the same way, nothing where a post writes
//! `海淘的经验`. Its pairs are therefore searched too, each weighing a fraction of the
//! phrase ([`super::FieldWeights::compound`]): posts with the pairs apart are found and
//! ranked by them, and posts with the whole word still rank first.
//!
//! Words of other scripts cut into parts (`wind-tunnel`, `covid-19`) stay one phrase:
//! searching their parts too was measured on TIME, CRAN and MED and lowered MED's
//! held-out half (the guide's relevance section).

use super::build::QueryBuilder;
use super::query::Clause;
use crate::analysis::tokenizer::is_cjk;

/// The character pairs of a plain word of the default fields written in Chinese,
/// Japanese or Korean, as typed; empty for any other clause.
pub(super) fn compound_parts(builder: &QueryBuilder<'_>, clause: &Clause) -> Vec<String> {
    if !clause.is_plain() || !clause.text.chars().any(is_cjk) {
        return Vec::new();
    }
    let parts = builder.surface_parts(builder.store.fields.body, &clause.text);
    if parts.len() < 2 {
        return Vec::new();
    }
    parts
}
