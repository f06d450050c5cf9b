//! Planning a run's changes: which posts of the dump differ from the index's last
//! commit (their fingerprint is not the stored one), which indexed posts the dump no
//! longer holds, and whether the run is a bulk one.

use super::fingerprint::fingerprint;
use super::merge::is_bulk_run;
use super::scan::DumpScan;
use super::IndexReport;
use crate::schema::post_key;
use std::collections::HashMap;

/// A post to (re)index: where it is in its file, its fingerprint, and whether an older
/// version in the index must go (a post new to the index needs no delete).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Change {
    /// Its place among the file's objects.
    pub(super) item: usize,
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

/// Compares the chosen copies with the fingerprints in the index (`indexed`, empty on a
/// rebuild), counts added, updated and unchanged posts and the dump's sites into the
/// report, and with `prune` marks the indexed posts of the dumped sites that the dump
/// no longer holds.
pub(super) fn plan_changes(
    scan: &DumpScan,
    mut indexed: HashMap<String, u64>,
    files: usize,
    prune: bool,
    report: &mut IndexReport,
) -> Plan {
    let mut changed: Vec<Vec<Change>> = vec![Vec::new(); files];
    let indexed_before = indexed.len();
    // What stays in `indexed` afterwards is in the index but not in the dump.
    for ((site, id), copy) in &scan.chosen {
        let key = post_key(site, *id);
        let fingerprint = fingerprint(copy, site, &scan.tables);
        let replaces = match indexed.remove(&key) {
            Some(old) if old == fingerprint => {
                report.unchanged += 1;
                continue;
            }
            Some(_) => {
                report.updated += 1;
                true
            }
            None => {
                report.added += 1;
                false
            }
        };
        changed[copy.file].push(Change {
            item: copy.item,
            fingerprint,
            replaces,
        });
    }
    for items in &mut changed {
        items.sort_unstable();
    }
    let dumped_sites = scan.sites();
    report.sites = dumped_sites.len();
    let stale: Vec<String> = if prune {
        indexed
            .into_keys()
            .filter(|key| {
                key.rsplit_once('/')
                    .is_some_and(|(site, _)| dumped_sites.contains(site))
            })
            .collect()
    } else {
        Vec::new()
    };
    report.removed = stale.len();
    // `indexed_before` is 0 on a rebuild: nothing was read from the index.
    let bulk = is_bulk_run(report.added + report.updated, indexed_before + report.added);
    Plan {
        changed,
        stale,
        bulk,
    }
}
