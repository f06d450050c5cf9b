//! The second pass: the files with changed posts read again, in batches of about
//! `batch_posts` posts; each batch's posts converted on all cores, fed to tantivy's
//! writer and committed, so that a crash loses at most the batch being written.

use super::languages::Unsure;
use super::plan::{Change, Plan};
use super::{IndexConfig, IndexReport};
use crate::error::Result;
use crate::load::wp::read_object;
use crate::load::{convert_post, DumpFile, DumpReader, FileRead, Problem, TermTables};
use crate::post::Post;
use crate::progress::Progress;
use crate::schema::post_key;
use crate::store::{tantivy_error, Store};
use rayon::prelude::*;
use std::sync::Mutex;
use tantivy::{IndexWriter, TantivyDocument, Term};

/// Writes the plan: on a rebuild everything is deleted first, then each batch of
/// changed posts is indexed and committed, then the stale posts are deleted. Counts the
/// commits into the report and returns the problems met on the way.
pub(super) fn write_changes(
    config: &IndexConfig,
    store: &Store,
    writer: &mut IndexWriter<TantivyDocument>,
    files: &[DumpFile],
    tables: &TermTables,
    plan: &Plan,
    report: &mut IndexReport,
) -> Result<Vec<Problem>> {
    if config.rebuild {
        writer
            .delete_all_documents()
            .map_err(|source| tantivy_error(&store.path, source))?;
    }
    let late_problems = Mutex::new(Vec::new());
    let unsure = Unsure::default();
    config.progress(Progress::Indexing {
        files: plan
            .changed
            .iter()
            .filter(|items| !items.is_empty())
            .count(),
        posts: report.added + report.updated,
        bytes: plan
            .changed
            .iter()
            .zip(files)
            .filter(|(items, _)| !items.is_empty())
            .map(|(_, file)| file.size)
            .sum(),
    });
    for batch in batches(&plan.changed, config.batch_posts.max(1)) {
        let shared: &IndexWriter<TantivyDocument> = writer;
        batch
            .par_iter()
            .map(|&file| {
                index_file(
                    Writing {
                        store,
                        writer: shared,
                        tables,
                        problems: &late_problems,
                        unsure: &unsure,
                        held_posts: config.held_posts.max(1),
                    },
                    &files[file],
                    &plan.changed[file],
                )?;
                config.progress(Progress::Indexed {
                    posts: plan.changed[file].len(),
                    bytes: files[file].size,
                });
                Ok(())
            })
            .collect::<Result<Vec<()>>>()?;
        config.progress(Progress::Committing);
        commit(store, writer)?;
        report.commits += 1;
    }
    // Posts of no clear language, once their sites' other posts are committed.
    if unsure.len() > 0 {
        config.progress(Progress::Committing);
        write_settled(store, writer, &unsure)?;
        commit(store, writer)?;
        report.commits += 1;
    }
    // A rebuild of a dump with no posts still commits, to empty the index.
    if !plan.stale.is_empty() || (config.rebuild && report.commits == 0) {
        config.progress(Progress::Committing);
        for key in &plan.stale {
            writer.delete_term(Term::from_field_text(store.fields.key, key));
        }
        commit(store, writer)?;
        report.commits += 1;
    }
    Ok(late_problems.into_inner().unwrap_or_default())
}

fn commit(store: &Store, writer: &mut IndexWriter<TantivyDocument>) -> Result<()> {
    writer
        .commit()
        .map_err(|source| tantivy_error(&store.path, source))?;
    Ok(())
}

/// Groups the files with changed posts into batches of about `batch_posts` posts: a
/// batch closes at the first file that brings it to `batch_posts` or more, so a file
/// is never split and a big file makes a big batch.
fn batches(changed: &[Vec<Change>], batch_posts: usize) -> Vec<Vec<usize>> {
    let mut batches = Vec::new();
    let mut current = Vec::new();
    let mut posts = 0;
    for (file, items) in changed.iter().enumerate() {
        if items.is_empty() {
            continue;
        }
        current.push(file);
        posts += items.len();
        if posts >= batch_posts {
            batches.push(std::mem::take(&mut current));
            posts = 0;
        }
    }
    if !current.is_empty() {
        batches.push(current);
    }
    batches
}

/// Changed posts of a window below this many are converted on one core.
const POSTS_PER_TASK: usize = 16;

/// What indexing a file writes to and reports into.
#[derive(Clone, Copy)]
struct Writing<'a> {
    store: &'a Store,
    writer: &'a IndexWriter<TantivyDocument>,
    tables: &'a TermTables,
    problems: &'a Mutex<Vec<Problem>>,
    /// Posts held back for their site's language.
    unsure: &'a Unsure,
    /// How many may be held.
    held_posts: usize,
}

/// Reads one file again, window by window, and indexes its changed posts, those of a
/// window converted on all cores; stops reading after the last changed post.
fn index_file(to: Writing<'_>, file: &DumpFile, items: &[Change]) -> Result<()> {
    // The file's own problems were reported by the first pass.
    let mut reader = match DumpReader::open(&file.path) {
        FileRead::Json(reader) => reader,
        // The file changed or vanished since the first pass.
        FileRead::NotJson => return Ok(()),
        FileRead::Failed(reason) => {
            add_problems(to.problems, file, vec![reason]);
            return Ok(());
        }
    };
    let mut notes = Vec::new();
    let mut left = items;
    // No window is read past the one holding the last changed post.
    while !left.is_empty() {
        let Some(window) = reader.next_window() else {
            break;
        };
        let end = window.first_item + window.len();
        let (here, rest) =
            left.split_at(left.partition_point(|change| (change.item as usize) < end));
        left = rest;
        let converted: Vec<Vec<String>> = here
            .par_iter()
            .with_min_len(POSTS_PER_TASK)
            .map(|change| {
                let Some(raw_object) = window.get(change.item as usize) else {
                    return Ok(Vec::new());
                };
                index_post(to, file, raw_object, change)
            })
            .collect::<Result<_>>()?;
        notes.extend(converted.into_iter().flatten());
    }
    add_problems(to.problems, file, notes);
    Ok(())
}

/// Converts one changed post and hands it to the writer (after deleting the version
/// it replaces), or holds it back when its language is unclear; gives its problems,
/// one line each.
fn index_post(
    to: Writing<'_>,
    file: &DumpFile,
    raw_object: &str,
    change: &Change,
) -> Result<Vec<String>> {
    let (object, mut notes) = read_object(raw_object);
    let Some(post) = convert_post(&object, &file.site, to.tables, &mut notes) else {
        return Ok(Vec::new());
    };
    let notes = notes
        .into_iter()
        .map(|note| format!("post {}: {note}", post.id))
        .collect();
    if post.lang_sure {
        write_post(to.store, to.writer, &post, change)?;
    } else {
        to.unsure.hold(post, *change);
        // Memory stays bounded on a dump of short posts: those held are settled
        // against what is committed so far and written with the batch.
        if to.unsure.len() >= to.held_posts {
            write_settled(to.store, to.writer, to.unsure)?;
        }
    }
    Ok(notes)
}

/// Hands a post to the writer, after deleting the version it replaces.
fn write_post(
    store: &Store,
    writer: &IndexWriter<TantivyDocument>,
    post: &Post,
    change: &Change,
) -> Result<()> {
    if change.replaces {
        writer.delete_term(Term::from_field_text(
            store.fields.key,
            &post_key(&post.site, post.id),
        ));
    }
    writer
        .add_document(store.fields.document(post, change.fingerprint))
        .map_err(|source| tantivy_error(&store.path, source))?;
    Ok(())
}

/// Writes the posts held back for their site's language, settled.
fn write_settled(
    store: &Store,
    writer: &IndexWriter<TantivyDocument>,
    unsure: &Unsure,
) -> Result<()> {
    for (post, change) in unsure.settle(store)? {
        write_post(store, writer, &post, &change)?;
    }
    Ok(())
}

/// Adds a file's problems to those the parallel workers collect.
fn add_problems(problems: &Mutex<Vec<Problem>>, file: &DumpFile, reasons: Vec<String>) {
    if reasons.is_empty() {
        return;
    }
    if let Ok(mut problems) = problems.lock() {
        problems.extend(reasons.into_iter().map(|reason| Problem {
            path: file.path.clone(),
            reason,
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file's changed posts: `count` of them.
    fn posts(count: usize) -> Vec<Change> {
        (0..count as u32)
            .map(|item| Change {
                item,
                fingerprint: 0,
                replaces: false,
            })
            .collect()
    }

    #[test]
    fn batches_close_at_the_file_that_fills_them_and_skip_unchanged_files() {
        let changed = vec![
            posts(3),
            posts(0),
            posts(4),
            posts(25), // bigger than a batch: never split; it closes the batch it joins
            posts(5),
            posts(0),
            posts(2),
            posts(1),
        ];
        assert_eq!(batches(&changed, 10), vec![vec![0, 2, 3], vec![4, 6, 7]]);
        assert_eq!(
            batches(&changed, 3),
            vec![vec![0], vec![2], vec![3], vec![4], vec![6, 7]]
        );
        assert_eq!(batches(&changed, 100), vec![vec![0, 2, 3, 4, 6, 7]]);
        assert_eq!(batches(&[posts(0), posts(0)], 10), Vec::<Vec<usize>>::new());
    }

    #[test]
    fn a_file_bigger_than_a_batch_closes_the_batch_it_joins() {
        let changed = vec![posts(2), posts(50), posts(50), posts(1)];
        assert_eq!(batches(&changed, 10), vec![vec![0, 1], vec![2], vec![3]]);
    }
}
