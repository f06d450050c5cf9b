//! When segments merge: a lazy merge policy for small updates, and for a bulk run no
//! merging while it writes and, at the end, merges of bounded size.

use crate::error::Result;
use crate::store::{tantivy_error, Store};
use std::collections::HashMap;
use std::path::Path;
use tantivy::index::SegmentId;
use tantivy::{IndexWriter, TantivyDocument};

/// Segments are merged only when many of a size pile up: merging rewrites postings
/// and costs a fifth of a full build at tantivy's default of 8, while searching 16
/// segments instead of 8 costs microseconds.
pub(super) fn merge_policy() -> tantivy::merge_policy::LogMergePolicy {
    let mut policy = tantivy::merge_policy::LogMergePolicy::default();
    policy.set_min_num_segments(16);
    policy
}

/// Whether a run that writes `written` posts into an index of `posts_after` posts (when
/// it is done, before pruning) is a bulk run: it writes at least half of the index. A
/// bulk run merges nothing while it writes and everything at the end
/// ([`merge_segments`]); smaller runs leave merging to [`merge_policy`].
pub(super) fn is_bulk_run(written: usize, posts_after: usize) -> bool {
    written > 0 && written * 2 >= posts_after
}

/// Most bytes of segment files one merge reads: a merge maps all of its input, which
/// counts in the process's memory until the merge ends, so this bounds the memory of
/// a bulk run on any size of archive (a few more segments on a large one).
const MERGE_BYTES: u64 = 256 << 20;

/// After a bulk run (no merges ran meanwhile): its segments merged into one per core,
/// or into as many more as keep each merge under [`MERGE_BYTES`], a merge per core at
/// a time. A search opens every segment's files, so on 85,000 posts a query from the
/// command line takes 6 ms over 2 segments and 11 ms over 12; the merge costs about a
/// sixth of the build.
pub(super) fn merge_segments(
    store: &Store,
    writer: &mut IndexWriter<TantivyDocument>,
) -> Result<()> {
    let tantivy_err = |source| tantivy_error(&store.path, source);
    let segments = store.index.searchable_segment_ids().map_err(tantivy_err)?;
    let sizes = segment_sizes(&store.path);
    let sized: Vec<(SegmentId, u64)> = segments
        .iter()
        .map(|id| (*id, sizes.get(&id.uuid_string()).copied().unwrap_or(0)))
        .collect();
    let cores = rayon::current_num_threads().max(1);
    for round in merge_groups(&sized, cores, MERGE_BYTES).chunks(cores) {
        let merges: Vec<_> = round.iter().map(|group| writer.merge(group)).collect();
        for merge in merges {
            merge.wait().map_err(tantivy_err)?;
        }
    }
    Ok(())
}

/// Bytes of each segment's files in the index folder, by the segment's id.
fn segment_sizes(index_dir: &Path) -> HashMap<String, u64> {
    let mut sizes = HashMap::new();
    for entry in std::fs::read_dir(index_dir).into_iter().flatten().flatten() {
        let name = entry.file_name();
        let Some((id, _)) = name.to_str().and_then(|name| name.split_once('.')) else {
            continue;
        };
        let bytes = entry.metadata().map_or(0, |meta| meta.len());
        *sizes.entry(id.to_string()).or_default() += bytes;
    }
    sizes
}

/// The segments cut, in order, into groups to merge: at least `cores` groups, more
/// where a group would read over `max_bytes`; a segment goes to the group its middle
/// byte falls in, so groups are as even as the sizes allow and number no more than
/// planned. Groups of one segment are left out: there is nothing to merge.
fn merge_groups<T: Copy>(segments: &[(T, u64)], cores: usize, max_bytes: u64) -> Vec<Vec<T>> {
    let total: u64 = segments.iter().map(|(_, bytes)| bytes).sum();
    let groups = (total.div_ceil(max_bytes.max(1)) as usize)
        .max(cores)
        .max(1);
    let share = total.div_ceil(groups as u64).max(1);
    let mut out: Vec<Vec<T>> = vec![Vec::new(); groups];
    let mut before = 0;
    for &(segment, size) in segments {
        let group = ((before + size / 2) / share) as usize;
        out[group.min(groups - 1)].push(segment);
        before += size;
    }
    out.retain(|group| group.len() > 1);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_that_writes_half_of_the_index_or_more_is_a_bulk_run() {
        // A first build or a rebuild writes everything.
        assert!(is_bulk_run(1, 1));
        assert!(is_bulk_run(85_000, 85_000));
        // Exactly half is bulk; one post less is not.
        assert!(is_bulk_run(500, 1_000));
        assert!(!is_bulk_run(499, 1_000));
        // A small update leaves merging to the policy.
        assert!(!is_bulk_run(10, 85_000));
        // Nothing written: nothing to merge, even into an empty index.
        assert!(!is_bulk_run(0, 0));
        assert!(!is_bulk_run(0, 1_000));
    }

    #[test]
    fn merges_read_about_their_share_and_number_as_planned() {
        let segments: Vec<(u32, u64)> = (0..12).map(|i| (i, 10)).collect();
        // 120 bytes, 2 cores, no limit in reach: two groups of 60.
        assert_eq!(
            merge_groups(&segments, 2, 1_000),
            vec![(0..6).collect::<Vec<_>>(), (6..12).collect()]
        );
        // A limit of 25 bytes: five groups of about 24 (120 / 5).
        let groups = merge_groups(&segments, 2, 25);
        let sizes: Vec<usize> = groups.iter().map(Vec::len).collect();
        assert_eq!(sizes, vec![2, 3, 2, 3, 2]);
        // Uneven sizes still make no more groups than planned.
        let uneven = [(0, 3), (1, 3), (2, 3)];
        assert_eq!(merge_groups(&uneven, 2, 1_000), vec![vec![0, 1]]);
        // A segment bigger than its share is a group of its own, which is not merged.
        let big_first = [(0, 100), (1, 5), (2, 5), (3, 5)];
        assert_eq!(merge_groups(&big_first, 2, 1_000), vec![vec![1, 2, 3]]);
        assert_eq!(merge_groups::<u32>(&[], 2, 1_000), Vec::<Vec<u32>>::new());
    }
}
