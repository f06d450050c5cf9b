//! `body:word`: the word in a post's text. The body field indexes the title as well
//! (after the text, for ranking), so a post counts only where its body field holds
//! the word more often than its title field does: the title field of the same analysis
//! is cut into the same words, so the difference is what the text holds. The post is
//! scored by the body field's BM25 (its word counts and lengths, titles included) for
//! that difference.

use super::guard::lands_on;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// A word of a body field, in the text only.
#[derive(Debug, Clone)]
pub struct TextOnly {
    /// The word in the body field.
    body: Term,
    /// The same word in the title field of the same analysis.
    title: Term,
}

impl TextOnly {
    /// `body` is a word of a body field, `title_field` the title field of its analysis.
    pub fn new(body: Term, title_field: Field) -> TextOnly {
        let text = body.value().as_str().unwrap_or_default().to_string();
        let title = Term::from_field_text(title_field, &text);
        TextOnly { body, title }
    }
}

impl Query for TextOnly {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let bm25 = match enable_scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => Some(Bm25Weight::for_terms(
                statistics_provider,
                std::slice::from_ref(&self.body),
            )?),
            EnableScoring::Disabled { .. } => None,
        };
        Ok(Box::new(TextOnlyWeight {
            body: self.body.clone(),
            title: self.title.clone(),
            bm25,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        visitor(&self.body, false);
    }
}

struct TextOnlyWeight {
    body: Term,
    title: Term,
    /// The body word's BM25 weight; `None` when scores are not wanted.
    bm25: Option<Bm25Weight>,
}

impl TextOnlyWeight {
    fn text_scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<TextScorer> {
        let postings = |term: &Term| -> tantivy::Result<Option<SegmentPostings>> {
            Ok(reader
                .inverted_index(term.field())?
                .read_postings(term, IndexRecordOption::WithFreqs)?)
        };
        let mut scorer = TextScorer {
            body: postings(&self.body)?,
            title: postings(&self.title)?,
            fieldnorms: reader.get_fieldnorms_reader(self.body.field())?,
            bm25: self.bm25.as_ref().map(|weight| weight.boost_by(boost)),
            in_text: 0,
        };
        scorer.settle();
        Ok(scorer)
    }
}

impl Weight for TextOnlyWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let scorer = self.text_scorer(reader, boost)?;
        if scorer.body.is_none() {
            return Ok(Box::new(EmptyScorer));
        }
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.text_scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "Document #({doc}) does not match"
            )));
        }
        Ok(Explanation::new("the word in the text", scorer.score()))
    }
}

/// The posts whose body field holds the word more often than their title does.
struct TextScorer {
    /// `None`: the word is in no body of the segment.
    body: Option<SegmentPostings>,
    title: Option<SegmentPostings>,
    fieldnorms: tantivy::fieldnorm::FieldNormReader,
    bm25: Option<Bm25Weight>,
    /// How often the text of the current post holds the word.
    in_text: u32,
}

impl TextScorer {
    /// From the body postings' current post on, the first whose text holds the word.
    fn settle(&mut self) -> DocId {
        let Some(body) = self.body.as_mut() else {
            return TERMINATED;
        };
        loop {
            let doc = body.doc();
            if doc == TERMINATED {
                return doc;
            }
            let in_title = self.title.as_mut().map_or(0, |title| {
                if lands_on(title, doc) {
                    title.term_freq()
                } else {
                    0
                }
            });
            self.in_text = body.term_freq().saturating_sub(in_title);
            if self.in_text > 0 {
                return doc;
            }
            body.advance();
        }
    }
}

impl DocSet for TextScorer {
    fn advance(&mut self) -> DocId {
        match self.body.as_mut() {
            Some(body) => {
                body.advance();
                self.settle()
            }
            None => TERMINATED,
        }
    }

    fn seek(&mut self, target: DocId) -> DocId {
        match self.body.as_mut() {
            Some(body) => {
                if body.doc() < target {
                    body.seek(target);
                }
                self.settle()
            }
            None => TERMINATED,
        }
    }

    fn doc(&self) -> DocId {
        self.body.as_ref().map_or(TERMINATED, DocSet::doc)
    }

    fn size_hint(&self) -> u32 {
        self.body.as_ref().map_or(0, DocSet::size_hint)
    }
}

impl Scorer for TextScorer {
    fn score(&mut self) -> Score {
        match &self.bm25 {
            Some(bm25) => bm25.score(self.fieldnorms.fieldnorm_id(self.doc()), self.in_text),
            None => 1.0,
        }
    }
}
