//! The dump folder a fetch writes: the API's own shapes, so that `newsgrep index` reads
//! it like any dump and a user can keep or share it.
//!
//! ```text
//! DIR/.newsgrep-fetch.json            the state (see `state.rs`)
//! DIR/posts/full-20261203T021931Z-00001.json     a page of posts, as the API sent it
//! DIR/posts/changes-20261204T080000Z-00001.json  posts changed since
//! DIR/categories/…  DIR/tags/…  DIR/users/…       term and user objects
//! ```
//!
//! Every post lives in exactly one file: writing a newer copy removes the older one
//! from its file (a file left empty is deleted). Each file is written whole to
//! `NAME.partial` and then renamed, so a killed fetch never leaves half a page; copies
//! a kill left twice are reduced to the newest when the folder is opened again.

use super::error::FetchError;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::load::site::PARTIAL;

/// The collections kept beside the posts, each in its own folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Names {
    /// `wp/v2/categories`
    Categories,
    /// `wp/v2/tags`
    Tags,
    /// `wp/v2/users`
    Users,
}

impl Names {
    /// All three, in the order they are fetched.
    pub const ALL: [Names; 3] = [Names::Categories, Names::Tags, Names::Users];

    /// The folder, which is also the route's last part.
    pub fn folder(self) -> &'static str {
        match self {
            Names::Categories => "categories",
            Names::Tags => "tags",
            Names::Users => "users",
        }
    }
}

/// The fields of a post the fetch reads; the rest is kept as it came.
#[derive(Debug, Clone, Deserialize)]
pub struct PostHead {
    /// `id`
    pub id: u64,
    /// `date_gmt`
    #[serde(default)]
    pub date_gmt: Option<String>,
    /// `modified_gmt`
    #[serde(default)]
    pub modified_gmt: Option<String>,
    /// `categories`
    #[serde(default)]
    pub categories: Option<Vec<u64>>,
    /// `tags`
    #[serde(default)]
    pub tags: Option<Vec<u64>>,
    /// `author`
    #[serde(default)]
    pub author: Option<u64>,
}

/// Any object's id.
#[derive(Deserialize)]
struct IdOnly {
    id: u64,
}

/// The id of an object as the API wrote it, if it has a numeric one.
pub fn id_of(raw: &RawValue) -> Option<u64> {
    serde_json::from_str::<IdOnly>(raw.get()).ok().map(|o| o.id)
}

/// What the folder holds of one post.
#[derive(Debug, Clone)]
struct Held {
    file: String,
    modified: String,
    categories: Vec<u64>,
    tags: Vec<u64>,
    author: Option<u64>,
}

/// Posts stored by one write, by what they were to the dump.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stored {
    /// Posts the dump did not hold.
    pub added: usize,
    /// Posts held in an older version.
    pub updated: usize,
    /// Posts held as they are.
    pub unchanged: usize,
}

impl std::ops::AddAssign for Stored {
    fn add_assign(&mut self, other: Stored) {
        self.added += other.added;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
    }
}

/// An open dump folder.
#[derive(Debug)]
pub struct Dump {
    dir: PathBuf,
    posts: HashMap<u64, Held>,
    names: HashMap<Names, HashSet<u64>>,
}

impl Dump {
    /// Opens (or creates) a dump folder: leftovers of a killed write are removed and
    /// posts held twice are reduced to their newest copy. Gives warnings about files
    /// that could not be read (they are left as they are).
    pub fn open(dir: &Path) -> Result<(Dump, Vec<String>), FetchError> {
        let mut dump = Dump {
            dir: dir.to_path_buf(),
            posts: HashMap::new(),
            names: HashMap::new(),
        };
        let mut warnings = Vec::new();
        std::fs::create_dir_all(dir).map_err(|e| dump.io(dir, e))?;
        let mut doubles: BTreeMap<String, Vec<u64>> = BTreeMap::new();
        for rel in dump.files("posts")? {
            let items = match dump.read_items(&rel) {
                Ok(items) => items,
                Err(reason) => {
                    warnings.push(format!(
                        "{}: {reason}; left as it is",
                        dump.path(&rel).display()
                    ));
                    continue;
                }
            };
            for raw in items {
                let Ok(head) = serde_json::from_str::<PostHead>(raw.get()) else {
                    continue;
                };
                let held = Held::of(&head, &rel);
                match dump.posts.get(&head.id) {
                    Some(kept) if kept.modified > held.modified => {
                        doubles.entry(rel.clone()).or_default().push(head.id);
                    }
                    Some(kept) => {
                        doubles.entry(kept.file.clone()).or_default().push(head.id);
                        dump.posts.insert(head.id, held);
                    }
                    None => {
                        dump.posts.insert(head.id, held);
                    }
                }
            }
        }
        for (rel, ids) in doubles {
            let ids: HashSet<u64> = ids.into_iter().collect();
            dump.rewrite_without(&rel, &ids)?;
        }
        for names in Names::ALL {
            let mut ids = HashSet::new();
            for rel in dump.files(names.folder())? {
                if let Ok(items) = dump.read_items(&rel) {
                    ids.extend(items.iter().filter_map(|raw| id_of(raw)));
                }
            }
            dump.names.insert(names, ids);
        }
        Ok((dump, warnings))
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Posts held.
    pub fn post_count(&self) -> usize {
        self.posts.len()
    }

    /// Whether the dump holds a post.
    pub fn holds(&self, id: u64) -> bool {
        self.posts.contains_key(&id)
    }

    /// The ids of the posts held.
    pub fn post_ids(&self) -> impl Iterator<Item = u64> + '_ {
        self.posts.keys().copied()
    }

    /// Writes posts into `posts/NAME.json`. A post newer than the dump's copy (or new
    /// to it) is written and its older copy removed; one the dump holds as it is moves
    /// here only if `move_unchanged`; an older copy than the dump's is left out.
    pub fn store_posts(
        &mut self,
        name: &str,
        items: Vec<(PostHead, Box<RawValue>)>,
        move_unchanged: bool,
    ) -> Result<Stored, FetchError> {
        let rel = format!("posts/{name}.json");
        let mut stored = Stored::default();
        let mut kept: Vec<(PostHead, Box<RawValue>)> = Vec::new();
        let mut moved: BTreeMap<String, HashSet<u64>> = BTreeMap::new();
        let mut written_here = HashSet::new();
        for (head, raw) in items {
            if !written_here.insert(head.id) {
                continue;
            }
            let modified = head.modified_gmt.clone().unwrap_or_default();
            match self.posts.get(&head.id) {
                None => stored.added += 1,
                Some(held) if held.file == rel => {
                    if modified > held.modified {
                        stored.updated += 1;
                    } else {
                        stored.unchanged += 1;
                    }
                }
                Some(held) if modified > held.modified => {
                    stored.updated += 1;
                    moved.entry(held.file.clone()).or_default().insert(head.id);
                }
                Some(held) if modified == held.modified && move_unchanged => {
                    stored.unchanged += 1;
                    moved.entry(held.file.clone()).or_default().insert(head.id);
                }
                Some(_) => {
                    stored.unchanged += 1;
                    continue;
                }
            }
            kept.push((head, raw));
        }
        // A file written before under this name (a resumed pass) keeps its other posts.
        let earlier: Vec<Box<RawValue>> = self
            .read_items(&rel)
            .unwrap_or_default()
            .into_iter()
            .filter(|raw| {
                id_of(raw).is_some_and(|id| {
                    !written_here.contains(&id)
                        && self.posts.get(&id).is_some_and(|held| held.file == rel)
                })
            })
            .collect();
        let raws: Vec<&RawValue> = earlier
            .iter()
            .map(AsRef::as_ref)
            .chain(kept.iter().map(|(_, raw)| raw.as_ref()))
            .collect();
        if raws.is_empty() {
            self.remove_file(&rel)?;
        } else {
            self.write_array(&rel, &raws)?;
        }
        for (head, _) in &kept {
            self.posts.insert(head.id, Held::of(head, &rel));
        }
        for (file, ids) in moved {
            self.rewrite_without(&file, &ids)?;
        }
        Ok(stored)
    }

    /// Removes posts from the dump; gives how many it held.
    pub fn remove_posts(&mut self, ids: &HashSet<u64>) -> Result<usize, FetchError> {
        let mut by_file: BTreeMap<String, HashSet<u64>> = BTreeMap::new();
        for id in ids {
            if let Some(held) = self.posts.get(id) {
                by_file.entry(held.file.clone()).or_default().insert(*id);
            }
        }
        let mut removed = 0;
        for (file, ids) in by_file {
            self.rewrite_without(&file, &ids)?;
            for id in &ids {
                self.posts.remove(id);
            }
            removed += ids.len();
        }
        Ok(removed)
    }

    /// Ids of terms or users the posts name that the dump does not hold.
    pub fn missing_names(&self, names: Names) -> Vec<u64> {
        let held = self.names.get(&names);
        let mut wanted: Vec<u64> = self
            .posts
            .values()
            .flat_map(|post| match names {
                Names::Categories => post.categories.clone(),
                Names::Tags => post.tags.clone(),
                Names::Users => post.author.into_iter().collect(),
            })
            .filter(|id| *id != 0 && !held.is_some_and(|held| held.contains(id)))
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        wanted
    }

    /// Writes term or user objects into `FOLDER/NAME.json`.
    pub fn store_names(
        &mut self,
        names: Names,
        name: &str,
        items: &[Box<RawValue>],
    ) -> Result<(), FetchError> {
        if items.is_empty() {
            return Ok(());
        }
        let rel = format!("{}/{name}.json", names.folder());
        let raws: Vec<&RawValue> = items.iter().map(AsRef::as_ref).collect();
        self.write_array(&rel, &raws)?;
        let held = self.names.entry(names).or_default();
        held.extend(items.iter().filter_map(|raw| id_of(raw)));
        Ok(())
    }

    /// The JSON files of a folder of the dump, as paths relative to the dump, sorted.
    fn files(&self, folder: &str) -> Result<Vec<String>, FetchError> {
        let dir = self.dir.join(folder);
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(self.io(&dir, e)),
        };
        let mut files = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| self.io(&dir, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(PARTIAL) {
                // A write a kill interrupted: the file it was to replace is intact.
                let _ = std::fs::remove_file(entry.path());
            } else if name.ends_with(".json") {
                files.push(format!("{folder}/{name}"));
            }
        }
        files.sort();
        Ok(files)
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    fn io(&self, path: &Path, err: std::io::Error) -> FetchError {
        FetchError::Dump {
            path: path.to_path_buf(),
            reason: err.to_string(),
        }
    }

    fn read_items(&self, rel: &str) -> Result<Vec<Box<RawValue>>, String> {
        let bytes = std::fs::read(self.path(rel)).map_err(|e| e.to_string())?;
        serde_json::from_slice(&bytes).map_err(|e| format!("not a JSON array: {e}"))
    }

    /// Rewrites a file without the objects of these ids (deletes it if none is left).
    fn rewrite_without(&self, rel: &str, ids: &HashSet<u64>) -> Result<(), FetchError> {
        let Ok(items) = self.read_items(rel) else {
            return Ok(());
        };
        let kept: Vec<&RawValue> = items
            .iter()
            .filter(|raw| id_of(raw).is_none_or(|id| !ids.contains(&id)))
            .map(AsRef::as_ref)
            .collect();
        if kept.len() == items.len() {
            return Ok(());
        }
        if kept.is_empty() {
            self.remove_file(rel)
        } else {
            self.write_array(rel, &kept)
        }
    }

    fn remove_file(&self, rel: &str) -> Result<(), FetchError> {
        let path = self.path(rel);
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(self.io(&path, e)),
        }
    }

    /// Writes a JSON array of objects as one whole file.
    fn write_array(&self, rel: &str, items: &[&RawValue]) -> Result<(), FetchError> {
        let mut bytes = Vec::with_capacity(items.iter().map(|r| r.get().len() + 2).sum());
        bytes.push(b'[');
        for (i, raw) in items.iter().enumerate() {
            if i > 0 {
                bytes.extend_from_slice(b",\n");
            }
            bytes.extend_from_slice(raw.get().as_bytes());
        }
        bytes.extend_from_slice(b"]\n");
        write_whole(&self.path(rel), &bytes)
    }
}

impl Held {
    fn of(head: &PostHead, rel: &str) -> Held {
        Held {
            file: rel.to_string(),
            modified: head.modified_gmt.clone().unwrap_or_default(),
            categories: head.categories.clone().unwrap_or_default(),
            tags: head.tags.clone().unwrap_or_default(),
            author: head.author,
        }
    }
}

/// Writes a file whole (see [`crate::files::write_whole`]), as the fetch's error.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), FetchError> {
    crate::files::write_whole(path, bytes).map_err(|err| match err {
        crate::Error::Io { path, reason } => FetchError::Dump {
            path,
            reason: reason.to_string(),
        },
        other => FetchError::Dump {
            path: path.to_path_buf(),
            reason: other.to_string(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(id: u64, modified: &str) -> (PostHead, Box<RawValue>) {
        let json = format!(
            r#"{{"id":{id},"modified_gmt":"{modified}","categories":[3],"tags":[7,8],"author":2,"type":"post"}}"#
        );
        let head = serde_json::from_str(&json).unwrap();
        (head, RawValue::from_string(json).unwrap())
    }

    fn ids_in(dir: &Path, rel: &str) -> Vec<u64> {
        let items: Vec<IdOnly> =
            serde_json::from_slice(&std::fs::read(dir.join(rel)).unwrap()).unwrap();
        items.into_iter().map(|o| o.id).collect()
    }

    #[test]
    fn each_post_lives_in_one_file_in_its_newest_version() {
        let dir = tempfile::tempdir().unwrap();
        let (mut dump, _) = Dump::open(dir.path()).unwrap();
        let first = dump
            .store_posts(
                "full-1-00001",
                vec![
                    post(1, "2025-01-01T00:00:00"),
                    post(2, "2025-01-01T00:00:00"),
                ],
                true,
            )
            .unwrap();
        assert_eq!(
            first,
            Stored {
                added: 2,
                updated: 0,
                unchanged: 0
            }
        );
        let changes = dump
            .store_posts(
                "changes-2-00001",
                vec![
                    post(2, "2025-02-01T00:00:00"),
                    post(1, "2025-01-01T00:00:00"),
                ],
                false,
            )
            .unwrap();
        assert_eq!(
            changes,
            Stored {
                added: 0,
                updated: 1,
                unchanged: 1
            }
        );
        assert_eq!(ids_in(dir.path(), "posts/full-1-00001.json"), vec![1]);
        assert_eq!(ids_in(dir.path(), "posts/changes-2-00001.json"), vec![2]);
        // An older copy than the dump's is not written.
        let stale = dump
            .store_posts(
                "changes-3-00001",
                vec![post(2, "2025-01-15T00:00:00")],
                false,
            )
            .unwrap();
        assert_eq!(stale.unchanged, 1);
        assert!(!dir.path().join("posts/changes-3-00001.json").exists());
        assert_eq!(dump.missing_names(Names::Tags), vec![7, 8]);
        assert_eq!(dump.missing_names(Names::Users), vec![2]);
        let removed = dump.remove_posts(&[1].into_iter().collect()).unwrap();
        assert_eq!(removed, 1);
        assert!(!dir.path().join("posts/full-1-00001.json").exists());
        assert_eq!(dump.post_count(), 1);
    }

    #[test]
    fn a_page_written_again_under_its_name_keeps_its_other_posts() {
        let dir = tempfile::tempdir().unwrap();
        let (mut dump, _) = Dump::open(dir.path()).unwrap();
        dump.store_posts(
            "changes-1-00001",
            vec![
                post(1, "2025-01-01T00:00:00"),
                post(2, "2025-01-01T00:00:00"),
            ],
            false,
        )
        .unwrap();
        // A resumed pass numbers its pages from 1 again.
        dump.store_posts(
            "changes-1-00001",
            vec![post(3, "2025-01-01T00:00:00")],
            false,
        )
        .unwrap();
        assert_eq!(
            ids_in(dir.path(), "posts/changes-1-00001.json"),
            vec![1, 2, 3]
        );
        let (reopened, _) = Dump::open(dir.path()).unwrap();
        assert_eq!(reopened.post_count(), 3);
    }

    #[test]
    fn copies_a_kill_left_twice_are_reduced_when_the_folder_opens() {
        let dir = tempfile::tempdir().unwrap();
        let posts = dir.path().join("posts");
        std::fs::create_dir_all(&posts).unwrap();
        std::fs::write(posts.join("a.json"), r#"[{"id":1,"modified_gmt":"2025-01-01T00:00:00"},{"id":2,"modified_gmt":"2025-01-01T00:00:00"}]"#).unwrap();
        std::fs::write(
            posts.join("b.json"),
            r#"[{"id":1,"modified_gmt":"2025-03-01T00:00:00"}]"#,
        )
        .unwrap();
        std::fs::write(posts.join("c.json.partial"), r#"[{"id":9"#).unwrap();
        let (dump, warnings) = Dump::open(dir.path()).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(dump.post_count(), 2);
        assert_eq!(ids_in(dir.path(), "posts/a.json"), vec![2]);
        assert_eq!(ids_in(dir.path(), "posts/b.json"), vec![1]);
        assert!(!posts.join("c.json.partial").exists());
    }
}
