//! Ranking a query of plain words fast on a big archive: posts are counted from bit
//! sets of their posting lists (no scoring), and only the best are scored, with
//! block-max WAND skipping the posts that cannot reach the top. Posts holding every
//! word group still rank ahead of the others.

use super::build::BuiltQuery;
use super::guard::lands_on;
use rayon::prelude::*;
use std::cmp::Ordering;
use std::collections::BinaryHeap;
use tantivy::query::{EnableScoring, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentReader, Term};

/// The best `limit` posts by relevance (those with every word group first) and how
/// many posts match in all. `built` must be made of plain terms only
/// ([`BuiltQuery::terms_only`]) and hold at least one word group.
pub(super) fn rank_plain_words(
    searcher: &Searcher,
    built: &BuiltQuery,
    limit: usize,
) -> tantivy::Result<(Vec<(Score, DocAddress)>, usize)> {
    let groups: Vec<Vec<Term>> = built
        .groups
        .iter()
        .map(|group| {
            let mut terms = Vec::new();
            group.query_terms(&mut |term, _| terms.push(term.clone()));
            terms
        })
        .collect();
    let narrowing = built
        .narrowing
        .as_ref()
        .map(|query| query.weight(EnableScoring::disabled_from_searcher(searcher)))
        .transpose()?;
    // Per segment, side by side: the posts with any word and those with every group
    // (none where the query has too many groups for that tier to apply).
    let tiered = groups.len() <= 1 || built.all_groups.is_some();
    let readers = searcher.segment_readers();
    let matches = readers
        .par_iter()
        .map(|reader| SegmentMatches::new(reader, &groups, tiered, narrowing.as_deref()))
        .collect::<tantivy::Result<Vec<_>>>()?;
    let total: usize = matches.iter().map(|m| m.any.count()).sum();
    let with_every_group: usize = matches.iter().map(|m| m.every.count()).sum();
    if total == 0 || limit == 0 {
        return Ok((Vec::new(), total));
    }
    let weight = built
        .positive
        .weight(EnableScoring::enabled_from_searcher(searcher))?;
    let terms: usize = groups.iter().map(Vec::len).sum();
    let prune = terms <= WAND_MAX_TERMS;
    let rest_wanted = limit.saturating_sub(with_every_group);
    // Each segment's best, side by side, then the best of those.
    let per_segment = readers
        .par_iter()
        .zip(&matches)
        .enumerate()
        .map(|(ord, (reader, segment))| {
            let ranker = Ranker {
                weight: weight.as_ref(),
                reader,
                ord: ord as u32,
                prune,
                unfiltered: segment.unfiltered,
            };
            let (any, every) = (&segment.any, &segment.every);
            let mut first = Best::new(limit);
            ranker.rank(&mut first, every.count(), &mut every.iter(), &|doc| {
                every.contains(doc)
            })?;
            let mut rest = Best::new(rest_wanted);
            let others = any.count() - every.count();
            let mut other_docs = any.iter().filter(|&doc| !every.contains(doc));
            ranker.rank(&mut rest, others, &mut other_docs, &|doc| {
                any.contains(doc) && !every.contains(doc)
            })?;
            Ok((first, rest))
        })
        .collect::<tantivy::Result<Vec<_>>>()?;
    let mut first = Best::new(limit);
    let mut rest = Best::new(rest_wanted);
    for (segment_first, segment_rest) in per_segment {
        first.extend(segment_first);
        rest.extend(segment_rest);
    }
    let mut hits = first.into_sorted();
    hits.extend(rest.into_sorted());
    Ok((hits, total))
}

/// Up to this many terms (a word is a term in each of up to 8 fields), the best posts
/// are found with block-max WAND, which skips the posts that cannot reach the top;
/// beyond, WAND's bookkeeping over many terms costs more than scoring every match
/// (measured at 4 GB: a query of 9 words, 130 ms with WAND against 40 ms).
const WAND_MAX_TERMS: usize = 24;

/// WAND pays off only where a segment has more than this many posts with a word.
const SMALL_SEGMENT_MATCHES: usize = 2_000;

/// Where the wanted posts are fewer than one in this many of a segment's posts with a
/// word, each is looked up on its own (in the filters, or to be scored) rather than
/// found by a pass over them all.
const SEEK_SHARE: usize = 16;

/// Scores one segment's wanted posts into the best kept.
struct Ranker<'a> {
    weight: &'a dyn Weight,
    reader: &'a SegmentReader,
    ord: u32,
    /// Whether WAND may be used (few enough terms).
    prune: bool,
    /// The segment's posts with any query word, before filters.
    unfiltered: usize,
}

impl Ranker<'_> {
    /// Keeps the best of the `count` wanted posts (listed by `docs`, tested by
    /// `wanted`): nothing to do without any; few among many are looked up one by one;
    /// else one pass over all posts with a word, with WAND where it pays off.
    fn rank(
        &self,
        best: &mut Best,
        count: usize,
        docs: &mut dyn Iterator<Item = DocId>,
        wanted: &dyn Fn(DocId) -> bool,
    ) -> tantivy::Result<()> {
        if count == 0 || best.limit == 0 {
            return Ok(());
        }
        let ord = self.ord;
        if count.saturating_mul(SEEK_SHARE) <= self.unfiltered {
            let mut scorer = self.weight.scorer(self.reader, 1.0)?;
            for doc in docs {
                if lands_on(scorer.as_mut(), doc) {
                    best.push(scorer.score(), DocAddress::new(ord, doc));
                }
            }
        } else if self.prune && self.unfiltered > SMALL_SEGMENT_MATCHES {
            self.weight
                .for_each_pruning(best.threshold(), self.reader, &mut |doc, score| {
                    if wanted(doc) {
                        best.push(score, DocAddress::new(ord, doc));
                    }
                    best.threshold()
                })?;
        } else {
            self.weight.for_each(self.reader, &mut |doc, score| {
                if score > best.threshold() && wanted(doc) {
                    best.push(score, DocAddress::new(ord, doc));
                }
            })?;
        }
        Ok(())
    }
}

/// The posts of one segment that match: with any word, and with every word group.
struct SegmentMatches {
    any: Bits,
    every: Bits,
    /// Posts with any word before filters and deletions.
    unfiltered: usize,
}

impl SegmentMatches {
    fn new(
        reader: &SegmentReader,
        groups: &[Vec<Term>],
        tiered: bool,
        narrowing: Option<&dyn Weight>,
    ) -> tantivy::Result<SegmentMatches> {
        let max_doc = reader.max_doc();
        let mut any = Bits::new(max_doc);
        let mut every: Option<Bits> = None;
        for terms in groups {
            let mut group = Bits::new(max_doc);
            for term in terms {
                let index = reader.inverted_index(term.field())?;
                if let Some(mut postings) =
                    index.read_block_postings(term, IndexRecordOption::Basic)?
                {
                    // The first block is loaded already.
                    loop {
                        let docs = postings.docs();
                        if docs.is_empty() {
                            break;
                        }
                        for &doc in docs {
                            group.insert(doc);
                        }
                        postings.advance();
                    }
                }
            }
            any.or(&group);
            match &mut every {
                _ if !tiered => {}
                Some(every) => every.and(&group),
                None => every = Some(group),
            }
        }
        let mut every = every.unwrap_or_else(|| Bits::new(max_doc));
        let unfiltered = any.count();
        if let Some(weight) = narrowing {
            let mut keep = Bits::new(max_doc);
            if unfiltered <= max_doc as usize / SEEK_SHARE {
                // Few matches: each is looked up in the filters.
                let mut filter = weight.scorer(reader, 1.0)?;
                for doc in any.iter() {
                    if lands_on(filter.as_mut(), doc) {
                        keep.insert(doc);
                    }
                }
            } else {
                weight.for_each_no_score(reader, &mut |docs| {
                    for &doc in docs {
                        keep.insert(doc);
                    }
                })?;
            }
            any.and(&keep);
            every.and(&keep);
        }
        if let Some(alive) = reader.alive_bitset() {
            for doc in any.iter().collect::<Vec<_>>() {
                if !alive.is_alive(doc) {
                    any.remove(doc);
                    every.remove(doc);
                }
            }
        }
        Ok(SegmentMatches {
            any,
            every,
            unfiltered,
        })
    }
}

/// A set of a segment's documents, one bit each.
struct Bits {
    words: Vec<u64>,
}

impl Bits {
    fn new(max_doc: DocId) -> Bits {
        Bits {
            words: vec![0; (max_doc as usize).div_ceil(64)],
        }
    }

    fn insert(&mut self, doc: DocId) {
        if let Some(word) = self.words.get_mut(doc as usize / 64) {
            *word |= 1 << (doc % 64);
        }
    }

    fn remove(&mut self, doc: DocId) {
        if let Some(word) = self.words.get_mut(doc as usize / 64) {
            *word &= !(1 << (doc % 64));
        }
    }

    fn contains(&self, doc: DocId) -> bool {
        self.words
            .get(doc as usize / 64)
            .is_some_and(|word| word & (1 << (doc % 64)) != 0)
    }

    fn or(&mut self, other: &Bits) {
        for (word, other) in self.words.iter_mut().zip(&other.words) {
            *word |= other;
        }
    }

    fn and(&mut self, other: &Bits) {
        for (word, other) in self.words.iter_mut().zip(&other.words) {
            *word &= other;
        }
    }

    fn count(&self) -> usize {
        self.words
            .iter()
            .map(|word| word.count_ones() as usize)
            .sum()
    }

    fn iter(&self) -> impl Iterator<Item = DocId> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &word)| {
            let mut word = word;
            std::iter::from_fn(move || {
                (word != 0).then(|| {
                    let bit = word.trailing_zeros();
                    word &= word - 1;
                    i as DocId * 64 + bit
                })
            })
        })
    }
}

/// The `limit` best-scored posts seen, ties going to the earlier post.
struct Best {
    limit: usize,
    /// The worst kept post on top.
    heap: BinaryHeap<Ranked>,
}

/// A post and its score, ordered worst first: lower score, then later address.
#[derive(PartialEq)]
struct Ranked(Score, DocAddress);

impl Eq for Ranked {}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .0
            .total_cmp(&self.0)
            .then_with(|| self.1.cmp(&other.1))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Best {
    fn new(limit: usize) -> Best {
        Best {
            limit,
            // A huge limit is allowed; memory grows only with the posts kept.
            heap: BinaryHeap::with_capacity(limit.min(1024) + 1),
        }
    }

    fn push(&mut self, score: Score, address: DocAddress) {
        if self.limit == 0 {
            return;
        }
        self.heap.push(Ranked(score, address));
        if self.heap.len() > self.limit {
            self.heap.pop();
        }
    }

    /// Adds the posts kept by another.
    fn extend(&mut self, other: Best) {
        for Ranked(score, address) in other.heap {
            self.push(score, address);
        }
    }

    /// The score a post must beat to be kept (posts come in address order, so an
    /// equal score loses to the one kept).
    fn threshold(&self) -> Score {
        match self.heap.peek() {
            Some(Ranked(score, _)) if self.heap.len() >= self.limit => *score,
            _ => Score::MIN,
        }
    }

    /// Best first.
    fn into_sorted(self) -> Vec<(Score, DocAddress)> {
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|Ranked(score, address)| (score, address))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_hold_count_and_list_documents() {
        let mut bits = Bits::new(130);
        for doc in [0, 63, 64, 129, 500] {
            bits.insert(doc);
        }
        assert_eq!(bits.iter().collect::<Vec<_>>(), vec![0, 63, 64, 129]);
        assert!(bits.contains(129) && !bits.contains(128) && !bits.contains(500));
        assert_eq!(bits.count(), 4);
        let mut some = Bits::new(130);
        for doc in [0, 63, 64, 100, 129] {
            some.insert(doc);
        }
        some.remove(64);
        bits.and(&some);
        assert_eq!(bits.iter().collect::<Vec<_>>(), vec![0, 63, 129]);
        let mut none = Bits::new(130);
        assert_eq!(none.count(), 0);
        none.or(&some);
        assert_eq!(none.iter().collect::<Vec<_>>(), vec![0, 63, 100, 129]);
    }

    #[test]
    fn the_best_keep_the_highest_scores_and_the_earlier_of_equals() {
        let mut best = Best::new(2);
        assert_eq!(best.threshold(), Score::MIN);
        best.push(1.0, DocAddress::new(0, 5));
        best.push(3.0, DocAddress::new(0, 7));
        best.push(1.0, DocAddress::new(0, 2));
        assert_eq!(best.threshold(), 1.0);
        best.push(2.0, DocAddress::new(1, 0));
        assert_eq!(
            best.into_sorted(),
            vec![(3.0, DocAddress::new(0, 7)), (2.0, DocAddress::new(1, 0))]
        );
        let mut tie = Best::new(1);
        tie.push(1.0, DocAddress::new(0, 5));
        tie.push(1.0, DocAddress::new(0, 2));
        assert_eq!(tie.into_sorted(), vec![(1.0, DocAddress::new(0, 2))]);
    }
}
