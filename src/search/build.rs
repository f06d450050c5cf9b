//! From a parsed user query and filters to tantivy queries: words in their fields
//! with boosts, phrases, exclusions, and filters that narrow without scoring.

pub use super::feedback::Feedback;
use super::guard::ForwardOnly;
use super::text_only::TextOnly;
use super::unmatched::matches_a_post;
use super::Filters;
use crate::error::{Error, Result};
use crate::post::{site_and_parents, site_of_address};
use crate::search::common_words::MIN_POSTS_FOR_COMMON;
use crate::search::compounds::compound_parts;
use crate::search::query::{Clause, UserQuery};
use crate::store::Store;
use crate::text::strip_possessive;
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
    /// Weight of each character pair of a Chinese, Japanese or Korean word (`海淘经验`
    /// → 海淘 淘经 经验), searched beside the word as a phrase.
    pub compound: Score,
    /// Whether a word's weight is Robertson and Spärck Jones's idf (FTS5's) rather
    /// than tantivy's, which still counts words found in most posts.
    pub robertson_idf: bool,
    /// `None`: a word's field scores add up. `Some(t)`: the best field counts, plus `t`
    /// times the others (a title repeated in the body is not counted twice).
    pub tie_breaker: Option<Score>,
    /// Pseudo-relevance feedback for long queries, if any (see [`Feedback`]).
    pub feedback: Option<Feedback>,
    /// Posts holding every word group rank ahead of the others in queries of at most
    /// this many groups (`usize::MAX`: in every query).
    pub every_word_first: usize,
}

/// Quotations are part of the body and count there alone: a quotation field added on
/// top (0.5) gained 0.3% on TIME's odd queries and lost 7.5% on its even ones, as a
/// second BM25 over a short field weighs a word said once nearly as much as the
/// whole text (`benches/relevance.rs`, `RELEVANCE_ABLATION=1`). The
/// title is indexed in the body field as well ([`crate::schema::Fields::bodies`]), so
/// its own field is a bonus on top: 0.5 and 0.75 measured best on CRAN's odd queries
/// (MAP 0.3177 and 0.3174, against 0.3146 at 0.25 and 0.3043 at 1.5), and the higher
/// of the two keeps more weight on headlines, which news titles need.
impl Default for FieldWeights {
    fn default() -> Self {
        FieldWeights {
            title: 0.75,
            quotes: 0.0,
            category: 1.5,
            body: 1.0,
            proximity: 0.0,
            compound: COMPOUND_PART_BOOST,
            robertson_idf: true,
            tie_breaker: None,
            feedback: None,
            every_word_first: usize::MAX,
        }
    }
}

/// Least idf of a word with [`FieldWeights::robertson_idf`]: a word in more than half
/// of the posts would weigh less than nothing.
const MIN_IDF: f64 = 0.01;

/// See [`FieldWeights::compound`]. Measured with every word cut into parts (also
/// `wind-tunnel`) on the odd-numbered queries of TIME, CRAN and MED
/// (`benches/relevance.rs`): 0.25 was the weight at which no collection lost; 0.5
/// helped CRAN most but lowered MED, 1.0 and 2.0 lowered all three.
const COMPOUND_PART_BOOST: Score = 0.25;

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
            compound: COMPOUND_PART_BOOST,
            robertson_idf: true,
            tie_breaker: None,
            feedback: None,
            every_word_first: usize::MAX,
        }
    }
}

/// The tantivy queries built from a user query and filters.
pub struct BuiltQuery {
    /// Everything: the words, the exclusions and the filters.
    pub query: Box<dyn Query>,
    /// The words alone, for snippets and for matching quotations.
    pub positive: Box<dyn Query>,
    /// The whole query restricted to posts holding every word group, when there are
    /// several groups (and no more than [`FieldWeights::every_word_first`]): these
    /// posts rank first. Scored as `query` unless `query` adds proximity boosts.
    pub all_groups: Option<Box<dyn Query>>,
    /// Whether the words are plain terms only (no phrase): such a query is cheap to
    /// count and rank in separate passes; phrases are better matched once.
    pub terms_only: bool,
    /// Each word group as one query (a union of its leaves).
    pub groups: Vec<Box<dyn Query>>,
    /// The exclusions and filters alone (none when there are neither).
    pub narrowing: Option<Box<dyn Query>>,
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
    ///
    /// A word group's fields are leaves of one flat union, not unions nested in
    /// unions: scores add up the same, and tantivy can then rank a union of plain terms
    /// with block-max WAND and count it without scoring.
    pub fn build(&self, user_query: &UserQuery, filters: &Filters) -> Result<BuiltQuery> {
        let groups: Vec<Vec<Box<dyn Query>>> = user_query
            .groups
            .iter()
            .enumerate()
            .map(|(i, group)| {
                let leaves = self.group_leaves(group);
                if self.corrected.get(i).copied().unwrap_or(false) {
                    leaves
                        .into_iter()
                        .map(|q| Box::new(BoostQuery::new(q, CORRECTED_BOOST)) as Box<dyn Query>)
                        .collect()
                } else {
                    leaves
                }
            })
            .filter(|leaves: &Vec<Box<dyn Query>>| !leaves.is_empty())
            .collect();
        let positive: Box<dyn Query> = if user_query.is_empty() {
            Box::new(AllQuery)
        } else {
            let mut should: Vec<(Occur, Box<dyn Query>)> = groups
                .iter()
                .flatten()
                .map(|q| (Occur::Should, q.box_clone()))
                .collect();
            should.extend(
                self.proximity_queries(user_query)
                    .into_iter()
                    .map(|q| (Occur::Should, q)),
            );
            Box::new(BooleanQuery::new(should))
        };
        let narrowing = self.narrowing_clauses(user_query, filters)?;
        let with_narrowing = |first: Vec<(Occur, Box<dyn Query>)>| -> Box<dyn Query> {
            let mut clauses = first;
            clauses.extend(narrowing.iter().map(|(o, q)| (*o, q.box_clone())));
            Box::new(BooleanQuery::new(clauses))
        };
        // With nothing to narrow, the words are the whole query (and stay a flat union).
        let query = if narrowing.is_empty() {
            positive.box_clone()
        } else {
            with_narrowing(vec![(Occur::Must, positive.box_clone())])
        };
        // Every group required, scored as the sum of its groups: the same score as
        // `positive` wherever no proximity boost is added.
        let all_groups =
            (groups.len() > 1 && groups.len() <= self.weights.every_word_first).then(|| {
                with_narrowing(
                    groups
                        .iter()
                        .map(|leaves| (Occur::Must, union_of(leaves)))
                        .collect(),
                )
            });
        let terms_only = self.weights.proximity <= 0.0
            && user_query
                .groups
                .iter()
                .flatten()
                .all(|clause| self.is_plain_term(clause));
        let narrowing = narrowing_of(narrowing);
        Ok(BuiltQuery {
            query,
            positive,
            all_groups,
            terms_only,
            groups: groups.iter().map(|leaves| union_of(leaves)).collect(),
            narrowing,
        })
    }

    /// The exclusions and filters alone, as [`BuiltQuery::narrowing`], before the
    /// words are settled (`None` when there are neither).
    pub(super) fn narrowing(
        &self,
        user_query: &UserQuery,
        filters: &Filters,
    ) -> Result<Option<Box<dyn Query>>> {
        Ok(narrowing_of(self.narrowing_clauses(user_query, filters)?))
    }

    /// The query's exclusions and the filters, as clauses to add to a query.
    fn narrowing_clauses(
        &self,
        user_query: &UserQuery,
        filters: &Filters,
    ) -> Result<Vec<(Occur, Box<dyn Query>)>> {
        let mut narrowing: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for excluded in &user_query.excluded {
            if let Some(query) = self.clause_query(excluded) {
                narrowing.push((Occur::MustNot, Box::new(ForwardOnly(query))));
            }
        }
        for filter in self.filters(filters)? {
            narrowing.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
        }
        Ok(narrowing)
    }

    /// The leaves of a word group: each alternative's query in each of its fields.
    /// A Chinese, Japanese or Korean word is a phrase of its character pairs, with the
    /// pairs beside it at [`FieldWeights::compound`].
    fn group_leaves(&self, group: &[Clause]) -> Vec<Box<dyn Query>> {
        let mut leaves = Vec::new();
        for clause in group {
            leaves.extend(self.clause_leaves(clause));
            if self.weights.compound <= 0.0 {
                continue;
            }
            for text in compound_parts(self, clause) {
                let part = Clause {
                    field: None,
                    text,
                    phrase: false,
                };
                leaves.extend(self.clause_leaves(&part).into_iter().map(|q| {
                    Box::new(BoostQuery::new(q, self.weights.compound)) as Box<dyn Query>
                }));
            }
        }
        leaves
    }

    /// A word group as the search matches it (its alternatives, a Chinese word's
    /// pairs too); `None` when it has nothing to search (punctuation).
    pub(super) fn group_query(&self, group: &[Clause]) -> Option<Box<dyn Query>> {
        let leaves = self.group_leaves(group);
        (!leaves.is_empty()).then(|| union_of(&leaves))
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
                [clause] if clause.is_plain() => {
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

    /// A word or phrase in its field, or in every default field with its boost, as one
    /// query.
    pub(super) fn clause_query(&self, clause: &Clause) -> Option<Box<dyn Query>> {
        let leaves = self.clause_leaves(clause);
        (!leaves.is_empty()).then(|| union_of(&leaves))
    }

    /// The fields a clause searches, with their boosts.
    fn targets(&self, clause: &Clause) -> Vec<(Field, Score)> {
        match &clause.field {
            Some(name) => self
                .store
                .searched_fields(name)
                .into_iter()
                .map(|f| (f, 1.0))
                .collect(),
            None => self
                .weights
                .fields()
                .into_iter()
                .flat_map(|(name, boost)| {
                    self.store
                        .searched_fields(name)
                        .into_iter()
                        .map(move |f| (f, boost))
                })
                .collect(),
        }
    }

    /// Whether a clause is one plain term in each of its fields (no phrase, no
    /// best-field choice, not `body:`, which leaves titles out): a query of such
    /// clauses is a union of terms.
    fn is_plain_term(&self, clause: &Clause) -> bool {
        !clause.phrase
            && self.weights.tie_breaker.is_none()
            && clause.field.as_deref() != Some("body")
            && self
                .targets(clause)
                .into_iter()
                .all(|(field, _)| self.analyze(field, clause_text(clause)).len() <= 1)
    }

    /// A word or phrase in each of its fields with the field's boost (or, with a tie
    /// breaker, one query taking the best field).
    fn clause_leaves(&self, clause: &Clause) -> Vec<Box<dyn Query>> {
        let text = clause_text(clause);
        let mut per_field: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, boost) in self.targets(clause) {
            let query = if field == self.store.fields.speaker {
                self.speaker_query(text)
            } else if clause.field.as_deref() == Some("body") {
                self.word_in_text(field, text)
            } else {
                self.word_or_phrase(field, text)
            };
            let Some(query) = query else { continue };
            let query: Box<dyn Query> = if boost == 1.0 {
                query
            } else {
                Box::new(BoostQuery::new(query, boost))
            };
            per_field.push((Occur::Should, query));
        }
        match self.weights.tie_breaker {
            Some(tie) if clause.field.is_none() && per_field.len() > 1 => {
                vec![Box::new(DisjunctionMaxQuery::with_tie_breaker(
                    per_field.into_iter().map(|(_, q)| q).collect(),
                    tie,
                ))]
            }
            _ => per_field.into_iter().map(|(_, q)| q).collect(),
        }
    }

    /// Posts quoting a wanted speaker: the name's words in the speaker field, or, on
    /// each site where the name matches one form of an identity, any exact form of it
    /// ("Setnov" also finds "Setya Novanto" on the site that joined them, and nowhere
    /// else). `None` when the name has no word.
    fn speaker_query(&self, wanted: &str) -> Option<Box<dyn Query>> {
        let fields = &self.store.fields;
        let mut leaves = vec![self.word_or_phrase(fields.speaker, wanted)?];
        let forms = self
            .store
            .identities()
            .forms_wanted(wanted, |form, wanted| {
                super::quotes::speaker_matches(Some(form), wanted)
            });
        let exact = |field, text: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, text),
                IndexRecordOption::Basic,
            ))
        };
        for (site, form) in forms {
            leaves.push(Box::new(BooleanQuery::new(vec![
                (Occur::Must, exact(fields.host, &site)),
                (Occur::Must, exact(fields.speaker_name, &form)),
            ])));
        }
        Some(union_of(&leaves))
    }

    /// A word, or a phrase of several, in one field; `None` when the text has no word.
    fn word_or_phrase(&self, field: Field, text: &str) -> Option<Box<dyn Query>> {
        let terms = self.analyze(field, text);
        match terms.len() {
            0 => None,
            1 => {
                let query = Box::new(TermQuery::new(
                    terms[0].clone(),
                    IndexRecordOption::WithFreqs,
                ));
                match self.idf_correction(&terms[0]) {
                    Some(boost) => Some(Box::new(BoostQuery::new(query, boost))),
                    None => Some(query),
                }
            }
            _ => Some(Box::new(PhraseQuery::new(terms))),
        }
    }

    /// `body:word`: a word in a body field's text, not in the title the field also
    /// indexes (see [`TextOnly`]). A phrase (also a word the analyzer cuts in several,
    /// `covid-19`, `工人罢工`) is the phrase in the body field with each of its words in
    /// the text: a phrase written in the title alone, its words apart in the text,
    /// still counts.
    fn word_in_text(&self, field: Field, text: &str) -> Option<Box<dyn Query>> {
        let terms = self.analyze(field, text);
        match (terms.as_slice(), self.title_twin(field)) {
            ([term], Some(title)) => {
                let query = Box::new(TextOnly::new(term.clone(), title));
                match self.idf_correction(term) {
                    Some(boost) => Some(Box::new(BoostQuery::new(query, boost))),
                    None => Some(query),
                }
            }
            ([_, _, ..], Some(title)) => {
                let mut clauses = vec![(Occur::Must, self.word_or_phrase(field, text)?)];
                for term in &terms {
                    let in_text = Box::new(TextOnly::new(term.clone(), title));
                    clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(in_text, 0.0))));
                }
                Some(Box::new(BooleanQuery::new(clauses)))
            }
            _ => self.word_or_phrase(field, text),
        }
    }

    /// The title field of a body field's analysis (cut into the same words).
    fn title_twin(&self, body: Field) -> Option<Field> {
        let fields = &self.store.fields;
        let position = fields.bodies.iter().position(|&field| field == body)?;
        fields.titles.get(position).copied()
    }

    /// A warning for each `body:` word or phrase of a query that no post's text holds
    /// though some title does (the body field indexes titles too), among the posts
    /// `narrowing` (the filters and exclusions) lets through: a search that found
    /// nothing says so, and what finds them.
    pub(super) fn only_in_titles(
        &self,
        user_query: &UserQuery,
        narrowing: Option<&dyn Query>,
        searcher: &tantivy::Searcher,
    ) -> tantivy::Result<Vec<String>> {
        let mut found = Vec::new();
        for clause in user_query.groups.iter().flatten() {
            if clause.field.as_deref() != Some("body") {
                continue;
            }
            let text = clause_text(clause);
            let (mut in_text, mut in_title) = (false, false);
            for field in self.store.searched_fields("body") {
                let Some(title) = self.title_twin(field) else {
                    continue;
                };
                if let Some(query) = self.word_in_text(field, text) {
                    in_text |= matches_a_post(&*query, searcher, narrowing)?;
                }
                if let Some(query) = self.word_or_phrase(title, text) {
                    in_title |= matches_a_post(&*query, searcher, narrowing)?;
                }
            }
            if in_title && !in_text {
                let in_title = Clause {
                    field: Some("title".to_string()),
                    text: text.to_string(),
                    phrase: clause.phrase,
                };
                let typed = Clause {
                    field: None,
                    ..in_title.clone()
                };
                found.push(format!(
                    "{} is in no post's text, only in titles; {} finds them",
                    typed.shown(),
                    in_title.written()
                ));
            }
        }
        Ok(found)
    }

    /// With [`FieldWeights::robertson_idf`], the boost that turns tantivy's idf,
    /// ln(1 + (N − n + ½)/(n + ½)), into Robertson and Spärck Jones's, ln((N − n +
    /// ½)/(n + ½)) (FTS5's): a word in a third of the posts then weighs 0.69 where it
    /// weighed 1.10, a word in one post of a thousand the same 6.5. Not in an index of
    /// fewer posts than word frequencies say anything about.
    fn idf_correction(&self, term: &Term) -> Option<Score> {
        if !self.weights.robertson_idf {
            return None;
        }
        let searcher = self.store.searcher().ok()?;
        if searcher.num_docs() < MIN_POSTS_FOR_COMMON {
            return None;
        }
        // As tantivy counts for BM25: posts deleted but not yet merged away included,
        // as they are in the word's count.
        let posts: f64 = searcher
            .segment_readers()
            .iter()
            .map(|segment| f64::from(segment.max_doc()))
            .sum();
        let with_word = searcher.doc_freq(term).ok()? as f64;
        let odds = (posts - with_word + 0.5) / (with_word + 0.5);
        let tantivy_idf = (1.0 + odds).ln();
        (tantivy_idf > 0.0).then(|| (odds.ln().max(MIN_IDF) / tantivy_idf) as Score)
    }

    /// The stretches of query text that the field's analyzer makes terms of, as typed
    /// (`wind-tunnel` → `wind`, `tunnel`; `海淘经验` → `海淘`, `淘经`, `经验`).
    pub fn surface_parts(&self, field: Field, text: &str) -> Vec<String> {
        let Ok(mut analyzer) = self.store.index.tokenizer_for_field(field) else {
            return Vec::new();
        };
        let mut parts = Vec::new();
        let mut stream = analyzer.token_stream(text);
        stream.process(&mut |token| {
            if let Some(part) = text.get(token.offset_from..token.offset_to) {
                parts.push(part.to_string());
            }
        });
        parts
    }

    /// The query's words and phrases (plain or `quotes:`) as the quotes field cuts
    /// them: what a hit's quotation is chosen by, whether or not the ranking searches
    /// that field.
    pub(super) fn quotation_terms(&self, user_query: &UserQuery) -> Vec<Term> {
        let quotes = self.store.fields.quotes;
        let in_quotes = |clause: &&Clause| {
            (clause.field.as_deref())
                .is_none_or(|name| self.store.fields.fields_named(name) == [quotes])
        };
        (user_query.groups.iter().flatten())
            .filter(in_quotes)
            .flat_map(|clause| self.analyze(quotes, clause_text(clause)))
            .collect()
    }

    /// The field's analyzer applied to query text.
    pub fn analyze(&self, field: Field, text: &str) -> Vec<Term> {
        let Ok(mut analyzer) = crate::analysis::query_analyzer(&self.store.index, field) else {
            return Vec::new();
        };
        let mut terms = Vec::new();
        let mut stream = analyzer.token_stream(text);
        stream.process(&mut |token| terms.push(Term::from_field_text(field, &token.text)));
        terms
    }

    /// The site a `--site` value names: the host and path as given; a web address
    /// (`https://news.example/fr/2024/story/`) is cut back to the longest part the
    /// index holds as a site (`news.example/fr`, or `news.example`), else to its host.
    fn held_site(&self, given: &str) -> String {
        let full = site_of_address(given).unwrap_or_else(|| given.trim().to_lowercase());
        if !given.contains("://") {
            return full;
        }
        let searcher = self.store.searcher().ok();
        let held = |name: &str| {
            let term = Term::from_field_text(self.store.fields.host, name);
            (searcher.as_ref())
                .and_then(|searcher| searcher.doc_freq(&term).ok())
                .is_some_and(|posts| posts > 0)
        };
        // The deepest part held; none held: the host, the last part (no '/'). (Bound
        // first: the parts borrow `full`.)
        let site = (site_and_parents(&full).find(|part| held(part) || !part.contains('/')))
            .unwrap_or(&full)
            .to_string();
        site
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
            let host_field = self.store.fields.host;
            let mut any_host: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for site in &config.sites {
                let site = self.held_site(site);
                for name in [format!("www.{site}"), site.clone()] {
                    let term = Term::from_field_text(host_field, &name);
                    any_host.push((
                        Occur::Should,
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                    ));
                }
                if config.sites_exact {
                    continue;
                }
                // A host also names the installs under its paths (`news.example/fr`):
                // the names from `news.example/` up to, not including, `news.example0`.
                let under = Term::from_field_text(host_field, &format!("{site}/"));
                let past = Term::from_field_text(host_field, &format!("{site}0"));
                any_host.push((
                    Occur::Should,
                    Box::new(RangeQuery::new(
                        Bound::Included(under),
                        Bound::Excluded(past),
                    )),
                ));
            }
            filters.push(Box::new(BooleanQuery::new(any_host)));
        }
        if !config.speakers.is_empty() {
            let mut any_speaker: Vec<Box<dyn Query>> = Vec::new();
            for speaker in &config.speakers {
                let query = self
                    .speaker_query(speaker)
                    .ok_or_else(|| Error::SpeakerNamesNobody(speaker.clone()))?;
                any_speaker.push(query);
            }
            filters.push(union_of(&any_speaker));
        }
        if let Some(lang) = &config.lang {
            let code = crate::analysis::lang::iso_639_1(&lang.trim().to_lowercase());
            let term = Term::from_field_text(self.store.fields.lang, &code);
            filters.push(Box::new(TermQuery::new(term, IndexRecordOption::Basic)));
        }
        Ok(filters)
    }
}

/// Every post the narrowing clauses let through; `None` when there are none.
fn narrowing_of(clauses: Vec<(Occur, Box<dyn Query>)>) -> Option<Box<dyn Query>> {
    (!clauses.is_empty()).then(|| {
        let mut all = vec![(Occur::Must, Box::new(AllQuery) as Box<dyn Query>)];
        all.extend(clauses);
        Box::new(BooleanQuery::new(all)) as Box<dyn Query>
    })
}

/// One query matching any of `leaves`, their scores added up.
fn union_of(leaves: &[Box<dyn Query>]) -> Box<dyn Query> {
    match leaves {
        [one] => one.box_clone(),
        _ => Box::new(BooleanQuery::new(
            leaves
                .iter()
                .map(|q| (Occur::Should, q.box_clone()))
                .collect(),
        )),
    }
}

/// The text a clause searches: "Feisal's" means Feisal (a possessive would otherwise
/// become the phrase "feisal s" and miss every post that names him without it); a
/// phrase is kept as typed.
fn clause_text(clause: &Clause) -> &str {
    if clause.phrase {
        clause.text.as_str()
    } else {
        strip_possessive(&clause.text)
    }
}
