//! `newsgrep speakers`: who is quoted most in the posts that match the filters,
//! counted from the speaker fast field by a collector that can run beside a search.

use super::build::{FieldWeights, QueryBuilder};
use super::facets::name_ords;
use super::query::UserQuery;
use super::quotes::{has_quotes, speaker_matches};
use super::Filters;
use crate::error::Result;
use crate::identities::Identities;
use crate::store::{tantivy_error, Store};
use rustc_hash::FxHashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::query::{BooleanQuery, Occur};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// A `newsgrep speakers` request.
#[derive(Debug, Clone, Default)]
pub struct SpeakersConfig {
    /// The index folder.
    pub index_dir: PathBuf,
    /// Conditions on the posts; `speaker` keeps only the speakers it names.
    pub filters: Filters,
    /// Most speakers to return.
    pub limit: usize,
}

/// How often one speaker is quoted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerCount {
    /// The speaker's name as normalised in the posts.
    pub speaker: String,
    /// Quotations attributed to the speaker.
    pub quotes: u64,
    /// Posts quoting the speaker.
    pub posts: u64,
}

/// The answer to `newsgrep speakers`.
#[derive(Debug, Clone)]
pub struct SpeakerResults {
    /// Speakers, most quoted first.
    pub speakers: Vec<SpeakerCount>,
    /// Distinct speakers in all (before the limit).
    pub total: usize,
    /// Time taken.
    pub elapsed: Duration,
}

/// Counts the quotations and posts of every speaker in the posts that match the filters.
pub fn count_speakers(config: &SpeakersConfig) -> Result<SpeakerResults> {
    let (mut results, elapsed) =
        super::on_index(&config.index_dir, |store| count_speakers_in(store, config))?;
    results.elapsed = elapsed;
    Ok(results)
}

/// [`count_speakers`] on an opened index (`config.index_dir` is not used).
pub fn count_speakers_in(store: &Store, config: &SpeakersConfig) -> Result<SpeakerResults> {
    let started = Instant::now();
    let searcher = store.searcher()?;
    let builder = QueryBuilder {
        store,
        weights: FieldWeights::quotations(),
        corrected: Vec::new(),
    };
    let built = builder.build(&UserQuery::default(), &config.filters)?;
    let query = BooleanQuery::new(vec![
        (Occur::Must, built.query),
        (Occur::Must, has_quotes(&store.fields)),
    ]);
    let mut speakers = searcher
        .search(
            &query,
            &SpeakerCollector::new(Arc::clone(store.identities())),
        )
        .map_err(|source| tantivy_error(&store.path, source))?;
    let wanted = &config.filters.speakers;
    let identities = store.identities();
    let matches = |form: &str, wanted: &str| speaker_matches(Some(form), wanted);
    speakers.retain(|count| {
        wanted.is_empty()
            || wanted
                .iter()
                .any(|w| identities.answers_anywhere(&count.speaker, w, matches))
    });
    let total = speakers.len();
    speakers.truncate(config.limit);
    Ok(SpeakerResults {
        speakers,
        total,
        elapsed: started.elapsed(),
    })
}

/// A collector of every speaker of the matching posts with their quotations and
/// posts, most quoted first (then most posts, then by name). Names joined into one
/// identity on a post's site count as that identity (see [`crate::identities`]).
#[derive(Default)]
pub struct SpeakerCollector {
    identities: Arc<Identities>,
}

impl SpeakerCollector {
    /// Counts per identity.
    pub fn new(identities: Arc<Identities>) -> SpeakerCollector {
        SpeakerCollector { identities }
    }
}

/// Quotations and posts per speaker in one segment, by the speaker's ordinal.
pub struct SpeakerSegment {
    column: Option<StrColumn>,
    /// The posts' sites, where some name of a site is joined to another.
    host: Option<StrColumn>,
    /// (site ordinal, name ordinal) of a joined name → the slot it counts in: the
    /// ordinal of its identity's full name, or a slot past the segment's names.
    joined: FxHashMap<(u64, u64), usize>,
    /// Full names of identities that have no ordinal in this segment, by slot past
    /// the segment's names.
    extra: Vec<String>,
    /// (quotations, posts) per slot.
    counts: Vec<(u64, u64)>,
    /// The last document that counted each speaker as a post, so that a speaker
    /// quoted twice in a post counts one post.
    last_doc: Vec<DocId>,
}

impl Collector for SpeakerCollector {
    type Fruit = Vec<SpeakerCount>;
    type Child = SpeakerSegment;

    fn for_segment(
        &self,
        _segment_ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SpeakerSegment> {
        let column = segment.fast_fields().str("speaker_name")?;
        let speakers = column.as_ref().map_or(0, |c| c.num_terms());
        let mut joined = FxHashMap::default();
        let mut extra: Vec<String> = Vec::new();
        let mut extra_slots: FxHashMap<&str, usize> = FxHashMap::default();
        let host = if self.identities.is_empty() {
            None
        } else {
            segment.fast_fields().str("host")?
        };
        if let (Some(host), Some(names)) = (&host, &column) {
            for site in self.identities.sites() {
                let Some(site_ord) = host.dictionary().term_ord(site)? else {
                    continue;
                };
                for (name, full) in self.identities.of_site(site) {
                    let Some(name_ord) = names.dictionary().term_ord(name)? else {
                        continue;
                    };
                    let slot = match names.dictionary().term_ord(full)? {
                        Some(ord) => ord as usize,
                        None => {
                            let next = extra_slots.len();
                            let at = *extra_slots.entry(full).or_insert(next);
                            if at == next {
                                extra.push(full.to_string());
                            }
                            speakers + at
                        }
                    };
                    joined.insert((site_ord, name_ord), slot);
                }
            }
        }
        let slots = speakers + extra.len();
        Ok(SpeakerSegment {
            column,
            host: host.filter(|_| !joined.is_empty()),
            joined,
            extra,
            counts: vec![(0, 0); slots],
            last_doc: vec![DocId::MAX; slots],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<Vec<SpeakerCount>>) -> tantivy::Result<Vec<SpeakerCount>> {
        let mut by_name: FxHashMap<String, (u64, u64)> = FxHashMap::default();
        for count in segments.into_iter().flatten() {
            let entry = by_name.entry(count.speaker).or_default();
            entry.0 += count.quotes;
            entry.1 += count.posts;
        }
        let mut speakers: Vec<SpeakerCount> = by_name
            .into_iter()
            .map(|(speaker, (quotes, posts))| SpeakerCount {
                speaker,
                quotes,
                posts,
            })
            .collect();
        speakers.sort_by(|a, b| {
            b.quotes
                .cmp(&a.quotes)
                .then(b.posts.cmp(&a.posts))
                .then(a.speaker.cmp(&b.speaker))
        });
        Ok(speakers)
    }
}

impl SegmentCollector for SpeakerSegment {
    type Fruit = Vec<SpeakerCount>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let Some(column) = &self.column else { return };
        let site = self
            .host
            .as_ref()
            .and_then(|host| host.term_ords(doc).next());
        // A post holds its speaker's name once per quotation.
        for ord in column.term_ords(doc) {
            let slot = site
                .and_then(|site| self.joined.get(&(site, ord)).copied())
                .unwrap_or(ord as usize);
            if let (Some((quotes, posts)), Some(last)) =
                (self.counts.get_mut(slot), self.last_doc.get_mut(slot))
            {
                *quotes += 1;
                if *last != doc {
                    *last = doc;
                    *posts += 1;
                }
            }
        }
    }

    fn harvest(self) -> Vec<SpeakerCount> {
        let Some(column) = &self.column else {
            return Vec::new();
        };
        let names = column.num_terms();
        let ords: Vec<u64> = (0..names as u64)
            .filter(|&ord| self.counts[ord as usize].0 > 0)
            .collect();
        let mut speakers = Vec::with_capacity(ords.len());
        name_ords(column, &ords, |i, name| {
            let (quotes, posts) = self.counts[ords[i] as usize];
            speakers.push(SpeakerCount {
                speaker: name.to_string(),
                quotes,
                posts,
            });
        });
        for (at, full) in self.extra.iter().enumerate() {
            let (quotes, posts) = self.counts[names + at];
            if quotes > 0 {
                speakers.push(SpeakerCount {
                    speaker: full.clone(),
                    quotes,
                    posts,
                });
            }
        }
        speakers
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::query::AllQuery;
    use tantivy::schema::{Schema, FAST, STRING};
    use tantivy::{doc, Index};

    /// Each inner list is one commit (one segment); each post lists the speaker of
    /// each of its quotations.
    fn count(segments: &[&[&[&str]]]) -> Vec<(String, u64, u64)> {
        let mut schema = Schema::builder();
        let speaker = schema.add_text_field("speaker_name", STRING | FAST);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for posts in segments {
            for names in *posts {
                let mut post = doc!();
                for name in *names {
                    post.add_text(speaker, name);
                }
                writer.add_document(post).unwrap();
            }
            writer.commit().unwrap();
        }
        let searcher = index.reader().unwrap().searcher();
        searcher
            .search(&AllQuery, &SpeakerCollector::default())
            .unwrap()
            .into_iter()
            .map(|c| (c.speaker, c.quotes, c.posts))
            .collect()
    }

    fn counted(speaker: &str, quotes: u64, posts: u64) -> (String, u64, u64) {
        (speaker.to_string(), quotes, posts)
    }

    #[test]
    fn quotations_and_posts_add_up_across_segments() {
        let found = count(&[
            &[&["Ana Ruiz", "Pedro Gil", "Ana Ruiz"], &["Pedro Gil"]],
            &[&["Ana Ruiz"], &[]],
        ]);
        assert_eq!(
            found,
            vec![counted("Ana Ruiz", 3, 2), counted("Pedro Gil", 2, 2)]
        );
    }

    #[test]
    fn ties_go_to_more_posts_then_by_name() {
        let found = count(&[
            &[&["Zoe Park", "Zoe Park"], &["Bea Ortiz"], &["Bea Ortiz"]],
            &[&["Carl Ng"], &["Adam Li"]],
        ]);
        assert_eq!(
            found,
            vec![
                counted("Bea Ortiz", 2, 2),
                counted("Zoe Park", 2, 1),
                counted("Adam Li", 1, 1),
                counted("Carl Ng", 1, 1),
            ]
        );
    }
}
