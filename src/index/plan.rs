//! Planning a run's changes: which posts of the dump differ from the index's last
//! commit (their fingerprint is not the stored one), which indexed posts the dump no
//! longer holds, and whether the run is a bulk one. The index's keys are streamed past
//! the dump's posts: no second table of every post is built.

use super::fingerprint::{fingerprint, for_each_indexed};
use super::merge::is_bulk_run;
use super::scan::{DumpScan, Status};
use super::IndexReport;
use crate::error::Result;
use crate::load::TermTables;
use crate::store::Store;

/// A post to (re)index: where it is in its file, its fingerprint, and whether an older
/// version in the index must go (a post new to the index needs no delete).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Change {
    /// Its place among the file's objects.
    pub(super) item: u32,
    /// The fingerprint stored with it.
    pub(super) fingerprint: u64,
    /// An older version is in the index and must be deleted first.
    pub(super) replaces: bool,
}

/// What a run writes.
pub(super) struct Plan {
    /// For each file of the list, its changed posts in file order.
    pub(super) changed: Vec<Vec<Change>>,
    /// Keys of indexed posts to remove (with `--prune`).
    pub(super) stale: Vec<String>,
    /// The run writes at least half of the index: see [`is_bulk_run`].
    pub(super) bulk: bool,
}

/// Compares the chosen copies with the fingerprints in the index (none on a
/// rebuild), counts added, updated and unchanged posts and the dump's sites into the
/// report, and with `prune` marks the indexed posts of the dumped sites that the dump
/// no longer holds. Gives the plan and the term tables; the copies are dropped.
pub(super) fn plan_changes(
    mut scan: DumpScan,
    store: &Store,
    rebuild: bool,
    files: usize,
    prune: bool,
    report: &mut IndexReport,
) -> Result<(Plan, TermTables)> {
    let mut stale = Vec::new();
    let indexed_before = if rebuild {
        // Nothing is read from the index: it is emptied.
        0
    } else {
        for_each_indexed(store, |key, print| {
            let Some((site, id)) = key.rsplit_once('/') else {
                return;
            };
            let (Some(place), Ok(id)) = (scan.sites.find(site), id.parse::<u64>()) else {
                // A site the dump does not hold: left as it is, even with `prune`.
                return;
            };
            let Some(copy) = scan.chosen.get_mut(&(place, id)) else {
                if prune {
                    stale.push(key.to_string());
                }
                return;
            };
            if copy.status == Status::New {
                let now = fingerprint(copy.source_hash, copy.terms(&scan.ids), site, &scan.tables);
                copy.status = if now == print {
                    Status::Unchanged
                } else {
                    Status::Replaced
                };
            }
        })?
    };
    let mut changed: Vec<Vec<Change>> = vec![Vec::new(); files];
    for (&(place, _), copy) in &scan.chosen {
        match copy.status {
            Status::Unchanged => {
                report.unchanged += 1;
                continue;
            }
            Status::Replaced => report.updated += 1,
            Status::New => report.added += 1,
        }
        let site = scan.sites.name(place);
        if let Some(items) = changed.get_mut(copy.file as usize) {
            items.push(Change {
                item: copy.item,
                fingerprint: fingerprint(
                    copy.source_hash,
                    copy.terms(&scan.ids),
                    site,
                    &scan.tables,
                ),
                replaces: copy.status == Status::Replaced,
            });
        }
    }
    scan.chosen = Default::default();
    for items in &mut changed {
        items.sort_unstable();
    }
    report.sites = scan.sites.len();
    report.removed = stale.len();
    let bulk = is_bulk_run(report.added + report.updated, indexed_before + report.added);
    let plan = Plan {
        changed,
        stale,
        bulk,
    };
    Ok((plan, scan.tables))
}
