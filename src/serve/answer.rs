//! The JSON API's answers, one struct per endpoint, serialized by axum's `Json`.
//!
//! Each answer's fields are declared in alphabetical order: that is the order the API
//! has always sent them in, and clients may compare the text. A post's and the index
//! statistics' answers are the command line's `show --json` and `stats --json` shapes
//! ([`JsonPost`](crate::print::JsonPost), [`JsonStats`](crate::print::JsonStats)).
//! Answers go straight to text, never through a `serde_json::Value`, in which an f32
//! score would print as 4.206150054931641.

use crate::print::{facets_json, hit_json, quote_json, speaker_json};
use crate::print::{JsonFacets, JsonHit, JsonQuote, JsonSpeaker};
use crate::search::{Correction, QuoteResults, SearchResults, SpeakerResults};
use serde::Serialize;
use std::time::Instant;

/// `GET /api/search`: a page of hits, the facets, and what the query turned into.
#[derive(Serialize)]
pub struct SearchAnswer<'a> {
    corrections: Vec<CorrectionAnswer<'a>>,
    facets: Option<JsonFacets<'a>>,
    hits: Vec<JsonHit<'a>>,
    suggestion: Option<&'a str>,
    took_ms: f64,
    total: usize,
    warnings: &'a [String],
}

/// A query word that matched nothing and the indexed word it was searched as.
#[derive(Serialize)]
struct CorrectionAnswer<'a> {
    corrected: &'a str,
    typed: &'a str,
}

impl<'a> SearchAnswer<'a> {
    /// The answer for a search started at `started`.
    pub fn new(results: &'a SearchResults, started: Instant) -> SearchAnswer<'a> {
        SearchAnswer {
            corrections: results.corrections.iter().map(correction).collect(),
            facets: results.facets.as_ref().map(facets_json),
            hits: results.hits.iter().map(hit_json).collect(),
            suggestion: results.suggestion.as_deref(),
            took_ms: elapsed_ms(started),
            total: results.total,
            warnings: &results.warnings,
        }
    }
}

fn correction(correction: &Correction) -> CorrectionAnswer<'_> {
    CorrectionAnswer {
        corrected: &correction.corrected,
        typed: &correction.typed,
    }
}

/// `GET /api/quotes`: a page of quotations and how many there are.
#[derive(Serialize)]
pub struct QuotesAnswer<'a> {
    complete: bool,
    posts: usize,
    quotes: Vec<JsonQuote<'a>>,
    took_ms: f64,
    total: usize,
    warnings: &'a [String],
}

impl<'a> QuotesAnswer<'a> {
    /// The answer for a quotation search started at `started`.
    pub fn new(results: &'a QuoteResults, started: Instant) -> QuotesAnswer<'a> {
        QuotesAnswer {
            complete: results.complete,
            posts: results.posts,
            quotes: results.hits.iter().map(quote_json).collect(),
            took_ms: elapsed_ms(started),
            total: results.total,
            warnings: &results.warnings,
        }
    }
}

/// `GET /api/speakers`: the speakers quoted most, and how many there are.
#[derive(Serialize)]
pub struct SpeakersAnswer<'a> {
    speakers: Vec<JsonSpeaker<'a>>,
    took_ms: f64,
    total: usize,
}

impl<'a> SpeakersAnswer<'a> {
    /// The answer for a speaker count started at `started`.
    pub fn new(results: &'a SpeakerResults, started: Instant) -> SpeakersAnswer<'a> {
        SpeakersAnswer {
            speakers: results.speakers.iter().map(speaker_json).collect(),
            took_ms: elapsed_ms(started),
            total: results.total,
        }
    }
}

/// Any request that failed: `{"error": "…"}`, sent with the failure's status.
#[derive(Serialize)]
pub struct ErrorAnswer<'a> {
    /// What went wrong, for people.
    pub error: &'a str,
}

/// Milliseconds since `started`, to two decimals.
fn elapsed_ms(started: Instant) -> f64 {
    (started.elapsed().as_secs_f64() * 1e5).round() / 100.0
}
