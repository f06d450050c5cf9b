//! Ranking a query of plain words fast on a big archive: posts are counted from bit
//! sets of their posting lists (no scoring), and only the best are scored, with
//! block-max WAND skipping the posts that cannot reach the top. Posts holding every
//! word group still rank ahead of the others.

use super::build::BuiltQuery;
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
    // Per segment, side by side: the posts with any word and those with every group.
    let readers = searcher.segment_readers();
    let matches = readers
        .par_iter()
        .map(|reader| SegmentMatches::new(reader, &groups, narrowing.as_deref()))
        .collect::<tantivy::Result<Vec<_>>>()?;
    let total: usize = matches.iter().map(|m| m.any.count()).sum();
    let with_every_group: usize = matches.iter().map(|m| m.every.count()).sum();
    if total == 0 || limit == 0 {
        return Ok((Vec::new(), total));
    }
    let weight = built
        .positive
        .weight(EnableScoring::enabled_from_searcher(searcher))?;
    let pass = Pass {
        weight: weight.as_ref(),
        prune: groups.len() <= WAND_MAX_GROUPS,
    };
    let rest_wanted = limit.saturating_sub(with_every_group);
    // Each segment's best, side by side, then the best of those.
    let per_segment = readers
        .par_iter()
        .zip(&matches)
        .enumerate()
        .map(|(ord, (reader, segment))| {
            let ord = ord as u32;
            let mut first = Best::new(limit);
            let mut rest = Best::new(rest_wanted);
            let (any, every) = (segment.any.count(), segment.every.count());
            // WAND pays off only over many matches; a few are scored one after another.
            let pass = Pass {
                prune: pass.prune && any > SMALL_SEGMENT_MATCHES,
                ..pass
            };
            let seek_every = with_every_group < limit
                || (!pass.prune && every <= SMALL_SEGMENT_MATCHES && any > SMALL_SEGMENT_MATCHES);
            if seek_every {
                // Few posts with every group among many matches (or all of them are
                // shown): each is found and scored on its own.
                if every > 0 {
                    let mut scorer = weight.scorer(reader, 1.0)?;
                    for doc in segment.every.iter() {
                        if scorer.doc() <= doc && scorer.seek(doc) == doc {
                            first.push(scorer.score(), DocAddress::new(ord, doc));
                        }
                    }
                }
            } else {
                pass.run(ord, reader, &mut first, &mut |doc| {
                    segment.every.contains(doc)
                })?;
            }
            if rest.limit > 0 {
                pass.run(ord, reader, &mut rest, &mut |doc| {
                    segment.any.contains(doc) && !segment.every.contains(doc)
                })?;
            }
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

/// Up to this many word groups, the best posts are found with block-max WAND, which
/// skips the posts that cannot reach the top; beyond, WAND's bookkeeping over many
/// terms costs more than scoring every match (measured at 4 GB: 9 groups, 130 ms
/// against 40 ms).
const WAND_MAX_GROUPS: usize = 3;

/// Up to this many matching posts in a segment are scored without WAND; without
/// WAND, up to this many posts holding every word group among more matches are
/// looked up one by one rather than found by a pass over all matches.
const SMALL_SEGMENT_MATCHES: usize = 2_000;

/// Where a segment's matches are fewer than one post in this many, each is looked up
/// in the filters; else the filters' posts are listed once.
const SEEK_SHARE: usize = 16;

/// One pass over a segment's matches, scored, keeping the best of those `wanted`.
#[derive(Clone, Copy)]
struct Pass<'a> {
    weight: &'a dyn Weight,
    /// Whether to skip posts that cannot beat the kept ones (block-max WAND).
    prune: bool,
}

impl Pass<'_> {
    fn run(
        &self,
        ord: u32,
        reader: &SegmentReader,
        best: &mut Best,
        wanted: &mut dyn FnMut(DocId) -> bool,
    ) -> tantivy::Result<()> {
        if self.prune {
            self.weight
                .for_each_pruning(best.threshold(), reader, &mut |doc, score| {
                    if wanted(doc) {
                        best.push(score, DocAddress::new(ord, doc));
                    }
                    best.threshold()
                })
        } else {
            self.weight.for_each(reader, &mut |doc, score| {
                if score > best.threshold() && wanted(doc) {
                    best.push(score, DocAddress::new(ord, doc));
                }
            })
        }
    }
}

/// The posts of one segment that match: with any word, and with every word group.
struct SegmentMatches {
    any: Bits,
    every: Bits,
}

impl SegmentMatches {
    fn new(
        reader: &SegmentReader,
        groups: &[Vec<Term>],
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
                Some(every) => every.and(&group),
                None => every = Some(group),
            }
        }
        let mut every = every.unwrap_or_else(|| Bits::new(max_doc));
        if let Some(weight) = narrowing {
            let keep = if any.count() <= max_doc as usize / SEEK_SHARE {
                // Few matches: each is looked up in the filters.
                let mut keep = Bits::new(max_doc);
                let mut filter = weight.scorer(reader, 1.0)?;
                for doc in any.iter() {
                    if filter.doc() <= doc && filter.seek(doc) == doc {
                        keep.insert(doc);
                    }
                }
                keep
            } else {
                let mut keep = Bits::new(max_doc);
                weight.for_each_no_score(reader, &mut |docs| {
                    for &doc in docs {
                        keep.insert(doc);
                    }
                })?;
                keep
            };
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
        Ok(SegmentMatches { any, every })
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
            heap: BinaryHeap::with_capacity(limit + 1),
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
