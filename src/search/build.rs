//! From a parsed user query and filters to tantivy queries: words in their fields
//! with boosts, phrases, exclusions, and filters that narrow without scoring.

use super::guard::ForwardOnly;
use super::Filters;
use crate::error::{Error, Result};
use crate::post::site_key;
use crate::search::query::{Clause, UserQuery};
use crate::store::Store;
use crate::text::strip_possessive;
use crate::text::url_host;
use std::ops::Bound;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, Occur, PhraseQuery,
    Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DateTime, Score, Term};
use time::OffsetDateTime;

/// How much a query word counts in each field of a post, and how the fields combine.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldWeights {
    /// Boost of a match in the title.
    pub title: Score,
    /// Boost of a match in a quotation.
    pub quotes: Score,
    /// Boost of a match in a category name.
    pub category: Score,
    /// Boost of a match in the body.
    pub body: Score,
    /// Boost of two neighbouring query words found within a few words of each other.
    pub proximity: Score,
    /// `None`: a word's field scores add up. `Some(t)`: the best field counts, plus `t`
    /// times the others (a title repeated in the body is not counted twice).
    pub tie_breaker: Option<Score>,
}

/// Quotations are part of the body too, so a match in one counts 1.5 times a match in
/// the body alone: on the odd-numbered queries of the TIME collection
/// (`benches/relevance.rs`) a quotation boost of 0.5 measured best (MAP 0.58 against
/// 0.54 at 1.0 and 0.48 at 2.0), and summing the fields beat taking the best one. The
/// title, short and often not repeated in the body, counts 1.5 times the body.
impl Default for FieldWeights {
    fn default() -> Self {
        FieldWeights {
            title: 1.5,
            quotes: 0.5,
            category: 1.5,
            body: 1.0,
            proximity: 0.0,
            tie_breaker: None,
        }
    }
}

/// How many words may stand between two neighbouring query words for the proximity
/// boost.
const PROXIMITY_SLOP: u32 = 3;

impl FieldWeights {
    /// The fields searched by words that name none, with their boosts.
    pub fn fields(&self) -> Vec<(&'static str, Score)> {
        [
            ("title", self.title),
            ("quotes", self.quotes),
            ("category", self.category),
            ("body", self.body),
        ]
        .into_iter()
        .filter(|(_, boost)| *boost > 0.0)
        .collect()
    }

    /// `newsgrep quotes`: words search the quotations themselves.
    pub fn quotations() -> FieldWeights {
        FieldWeights {
            title: 0.0,
            quotes: 1.0,
            category: 0.0,
            body: 0.0,
            proximity: 0.0,
            tie_breaker: None,
        }
    }
}

/// The tantivy queries built from a user query and filters.
pub struct BuiltQuery {
    /// Everything: the words, the exclusions and the filters.
    pub query: Box<dyn Query>,
    /// The words alone, for snippets and for matching quotations.
    pub positive: Box<dyn Query>,
    /// Every word group required: posts matching it rank first.
    pub all_groups: Option<Box<dyn Query>>,
}

/// Builds queries against one index, searching the given default fields.
pub struct QueryBuilder<'a> {
    /// The index (its analyzers and field handles).
    pub store: &'a Store,
    /// Fields searched by words that name none, with boosts, and how they combine.
    pub weights: FieldWeights,
    /// Per word group: whether it is a typo's correction (weighs less than exact words).
    pub corrected: Vec<bool>,
}

/// Weight of a corrected word next to a word as typed.
const CORRECTED_BOOST: Score = 0.3;

impl QueryBuilder<'_> {
    /// The queries for a user query and filters.
    pub fn build(&self, user_query: &UserQuery, filters: &Filters) -> Result<BuiltQuery> {
        let groups: Vec<Box<dyn Query>> = user_query
            .groups
            .iter()
            .enumerate()
            .filter_map(|(i, group)| {
                let query = self.group_query(group)?;
                Some(if self.corrected.get(i).copied().unwrap_or(false) {
                    Box::new(BoostQuery::new(query, CORRECTED_BOOST)) as Box<dyn Query>
                } else {
                    query
                })
            })
            .collect();
        let positive: Box<dyn Query> = if user_query.is_empty() {
            Box::new(AllQuery)
        } else {
            let mut should: Vec<(Occur, Box<dyn Query>)> = groups
                .iter()
                .map(|q| (Occur::Should, q.box_clone()))
                .collect();
            should.extend(
                self.proximity_queries(user_query)
                    .into_iter()
                    .map(|q| (Occur::Should, q)),
            );
            Box::new(BooleanQuery::new(should))
        };
        let all_groups: Option<Box<dyn Query>> = (groups.len() > 1).then(|| {
            Box::new(BooleanQuery::new(
                groups
                    .iter()
                    .map(|q| (Occur::Must, q.box_clone()))
                    .collect(),
            )) as Box<dyn Query>
        });
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, positive.box_clone())];
        for excluded in &user_query.excluded {
            if let Some(query) = self.clause_query(excluded) {
                clauses.push((Occur::MustNot, Box::new(ForwardOnly(query))));
            }
        }
        for filter in self.filters(filters)? {
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
        }
        Ok(BuiltQuery {
            query: Box::new(BooleanQuery::new(clauses)),
            positive,
            all_groups,
        })
    }

    fn group_query(&self, group: &[Clause]) -> Option<Box<dyn Query>> {
        let mut alternatives: Vec<Box<dyn Query>> =
            group.iter().filter_map(|c| self.clause_query(c)).collect();
        match alternatives.len() {
            0 => None,
            1 => alternatives.pop(),
            _ => Some(Box::new(BooleanQuery::new(
                alternatives
                    .into_iter()
                    .map(|q| (Occur::Should, q))
                    .collect(),
            ))),
        }
    }

    /// Neighbouring query words found close together in the body score extra: posts
    /// about "test ban treaty" over posts that mention a test, a ban and a treaty apart.
    fn proximity_queries(&self, user_query: &UserQuery) -> Vec<Box<dyn Query>> {
        if self.weights.proximity <= 0.0 {
            return Vec::new();
        }
        let body = self.store.fields.body;
        let single_words: Vec<Option<Term>> = user_query
            .groups
            .iter()
            .map(|group| match group.as_slice() {
                [clause] if clause.field.is_none() && !clause.phrase => {
                    match self
                        .analyze(body, strip_possessive(&clause.text))
                        .as_slice()
                    {
                        [term] => Some(term.clone()),
                        _ => None,
                    }
                }
                _ => None,
            })
            .collect();
        single_words
            .windows(2)
            .filter_map(|pair| match pair {
                [Some(a), Some(b)] if a != b => {
                    let mut phrase = PhraseQuery::new(vec![a.clone(), b.clone()]);
                    phrase.set_slop(PROXIMITY_SLOP);
                    Some(
                        Box::new(BoostQuery::new(Box::new(phrase), self.weights.proximity))
                            as Box<dyn Query>,
                    )
                }
                _ => None,
            })
            .collect()
    }

    /// A word or phrase in its field, or in every default field with its boost.
    fn clause_query(&self, clause: &Clause) -> Option<Box<dyn Query>> {
        let fields = &self.store.fields;
        let targets: Vec<(Field, Score)> = match &clause.field {
            Some(name) => fields
                .fields_named(name)
                .into_iter()
                .map(|f| (f, 1.0))
                .collect(),
            None => self
                .weights
                .fields()
                .into_iter()
                .flat_map(|(name, boost)| {
                    fields
                        .fields_named(name)
                        .into_iter()
                        .map(move |f| (f, boost))
                })
                .collect(),
        };
        if targets.is_empty() {
            return None;
        }
        // "Feisal's" means Feisal: a possessive would otherwise become the phrase
        // "feisal s" and miss every post that names him without it.
        let text = if clause.phrase {
            clause.text.as_str()
        } else {
            strip_possessive(&clause.text)
        };
        let mut per_field: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, boost) in targets {
            let terms = self.analyze(field, text);
            let query: Box<dyn Query> = match terms.len() {
                0 => continue,
                1 => Box::new(TermQuery::new(
                    terms.into_iter().next()?,
                    IndexRecordOption::WithFreqs,
                )),
                _ => Box::new(PhraseQuery::new(terms)),
            };
            let query: Box<dyn Query> = if boost == 1.0 {
                query
            } else {
                Box::new(BoostQuery::new(query, boost))
            };
            per_field.push((Occur::Should, query));
        }
        match (per_field.len(), self.weights.tie_breaker) {
            (0, _) => None,
            (1, _) => per_field.pop().map(|(_, q)| q),
            (_, Some(tie)) if clause.field.is_none() => {
                Some(Box::new(DisjunctionMaxQuery::with_tie_breaker(
                    per_field.into_iter().map(|(_, q)| q).collect(),
                    tie,
                )))
            }
            _ => Some(Box::new(BooleanQuery::new(per_field))),
        }
    }

    /// The field's analyzer applied to query text.
    pub fn analyze(&self, field: Field, text: &str) -> Vec<Term> {
        let Ok(mut analyzer) = self.store.index.tokenizer_for_field(field) else {
            return Vec::new();
        };
        let mut terms = Vec::new();
        let mut stream = analyzer.token_stream(text);
        stream.process(&mut |token| terms.push(Term::from_field_text(field, &token.text)));
        terms
    }

    fn filters(&self, config: &Filters) -> Result<Vec<Box<dyn Query>>> {
        let mut filters: Vec<Box<dyn Query>> = Vec::new();
        if config.since.is_some() || config.until.is_some() {
            if let (Some(since), Some(until)) = (config.since, config.until) {
                if since > until {
                    return Err(Error::ReversedDates);
                }
            }
            let bound = |date: Option<OffsetDateTime>| match date {
                Some(date) => Bound::Included(Term::from_field_date(
                    self.store.fields.date,
                    DateTime::from_utc(date),
                )),
                None => Bound::Unbounded,
            };
            filters.push(Box::new(RangeQuery::new(
                bound(config.since),
                bound(config.until),
            )));
        }
        if !config.categories.is_empty() {
            let any_category = config
                .categories
                .iter()
                .map(|name| {
                    let term = Term::from_field_text(
                        self.store.fields.category_key,
                        &name.trim().to_lowercase(),
                    );
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
                    )
                })
                .collect();
            filters.push(Box::new(BooleanQuery::new(any_category)));
        }
        if !config.sites.is_empty() {
            let mut hosts = Vec::new();
            for site in &config.sites {
                let host = url_host(site).unwrap_or_else(|| site.trim().to_lowercase());
                let bare = site_key(&host);
                hosts.push(format!("www.{bare}"));
                hosts.push(bare);
            }
            let any_host = hosts
                .iter()
                .map(|host| {
                    let term = Term::from_field_text(self.store.fields.host, host);
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
                    )
                })
                .collect();
            filters.push(Box::new(BooleanQuery::new(any_host)));
        }
        if !config.speakers.is_empty() {
            let speaker_field = self.store.fields.speaker;
            let mut any_speaker: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for speaker in &config.speakers {
                let terms = self.analyze(speaker_field, speaker);
                let query: Box<dyn Query> = match terms.len() {
                    0 => return Err(Error::SpeakerNamesNobody(speaker.clone())),
                    1 => Box::new(TermQuery::new(terms[0].clone(), IndexRecordOption::Basic)),
                    _ => Box::new(PhraseQuery::new(terms)),
                };
                any_speaker.push((Occur::Should, query));
            }
            filters.push(Box::new(BooleanQuery::new(any_speaker)));
        }
        if let Some(lang) = &config.lang {
            let term = Term::from_field_text(self.store.fields.lang, &lang.trim().to_lowercase());
            filters.push(Box::new(TermQuery::new(term, IndexRecordOption::Basic)));
        }
        Ok(filters)
    }
}
