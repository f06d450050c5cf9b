//! Walking doc sets forwards only: a query wrapper for exclusions (`-word`,
//! `-"a phrase"`), and the test of whether a doc set holds a document.
//!
//! tantivy 0.27's phrase scorer asserts, inside an exclusion, that it is never asked
//! to seek backwards, and it is once it has run out of documents (a debug-build panic
//! on `harbor -"new cranes"`). The wrapped scorer answers such seeks itself and only
//! moves the inner scorer forwards.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader};

/// Runs the inner query with a scorer that never seeks backwards.
#[derive(Debug)]
pub struct ForwardOnly(pub Box<dyn Query>);

impl Clone for ForwardOnly {
    fn clone(&self) -> Self {
        ForwardOnly(self.0.box_clone())
    }
}

impl Query for ForwardOnly {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(ForwardOnlyWeight(self.0.weight(enable_scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        self.0.query_terms(visitor);
    }
}

struct ForwardOnlyWeight(Box<dyn Weight>);

impl Weight for ForwardOnlyWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(ForwardOnlyScorer(self.0.scorer(reader, boost)?)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}

/// Uses `DocSet`'s default `seek_danger`, which seeks only when the target is ahead.
struct ForwardOnlyScorer(Box<dyn Scorer>);

impl DocSet for ForwardOnlyScorer {
    fn advance(&mut self) -> DocId {
        self.0.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.0.doc() >= target {
            return self.0.doc();
        }
        self.0.seek(target)
    }

    fn doc(&self) -> DocId {
        self.0.doc()
    }

    fn size_hint(&self) -> u32 {
        self.0.size_hint()
    }
}

impl Scorer for ForwardOnlyScorer {
    fn score(&mut self) -> Score {
        self.0.score()
    }
}

/// Whether `docs` holds `doc`, walking it forward to `doc`. Documents are asked in
/// rising order; one behind the walk is answered no, as tantivy's `seek` may not go back.
pub(super) fn lands_on(docs: &mut dyn DocSet, doc: DocId) -> bool {
    docs.doc() <= doc && docs.seek(doc) == doc
}
