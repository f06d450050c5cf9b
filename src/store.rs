//! Where the index lives on disk: locating, creating and opening it, with a format
//! version so that an incompatible index is refused with a clear message.

use crate::analysis::register_tokenizers;
use crate::error::{Error, Result};
use crate::identities::Identities;
use crate::post::Post;
use crate::schema::Fields;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::OnceLock;
use tantivy::directory::MmapDirectory;
use tantivy::schema::Field;
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher};

/// Version of the on-disk layout (schema and analyzers) this build reads and writes.
pub const FORMAT_VERSION: u32 = 10;
/// File in the index folder that records [`FORMAT_VERSION`].
const FORMAT_FILE: &str = "newsgrep-format";
/// File tantivy writes in every index folder.
const TANTIVY_META: &str = "meta.json";

/// An opened index with its field handles.
pub struct Store {
    /// The tantivy index, analyzers registered.
    pub index: Index,
    /// The schema's field handles.
    pub fields: Fields,
    /// The index folder.
    pub path: PathBuf,
    /// Opened on the first search and kept: opening maps every segment's files.
    reader: OnceLock<IndexReader>,
    /// Whether the reader follows new commits (for a long-lived server).
    live: bool,
    /// The speakers' identities, read on first use.
    identities: OnceLock<Arc<Identities>>,
    /// The title and body fields that hold text, found on first use (not kept for a
    /// live store: a new commit may bring a new language).
    text_fields: OnceLock<(Vec<Field>, Vec<Field>)>,
}

impl Store {
    /// The identities of the speakers of each site (see [`crate::identities`]).
    pub fn identities(&self) -> &Arc<Identities> {
        self.identities
            .get_or_init(|| Arc::new(Identities::load(&self.path)))
    }

    /// A post read back from its document, each quotation's speaker named by the full
    /// name of the identity it belongs to on the post's site.
    pub fn read_post(&self, doc: &tantivy::TantivyDocument) -> Post {
        let mut post = self.fields.read_post(doc);
        let identities = self.identities();
        if !identities.is_empty() {
            for quote in &mut post.quotes {
                if let Some(speaker) = &quote.speaker {
                    let full = identities.identity(&post.site, speaker);
                    if full != speaker {
                        quote.speaker = Some(full.to_string());
                    }
                }
            }
        }
        post
    }

    /// The fields `name` stands for (`title` and `body`: one per analysis) that hold
    /// text in this index: a language no post is written in is not searched, so a
    /// query word is one term per language present, not per language known.
    pub fn searched_fields(&self, name: &str) -> Vec<Field> {
        if !matches!(name, "title" | "body") {
            return self.fields.fields_named(name);
        }
        let pick = |(titles, bodies): &(Vec<Field>, Vec<Field>)| {
            if name == "title" {
                titles.clone()
            } else {
                bodies.clone()
            }
        };
        if self.live {
            return pick(&self.find_text_fields());
        }
        pick(self.text_fields.get_or_init(|| self.find_text_fields()))
    }

    /// The title and body fields with text in the index as now searched.
    fn find_text_fields(&self) -> (Vec<Field>, Vec<Field>) {
        let Ok(searcher) = self.searcher() else {
            return (self.fields.titles.clone(), self.fields.bodies.clone());
        };
        let with_text = |fields: &[Field]| -> Vec<Field> {
            fields
                .iter()
                .copied()
                .filter(|&field| {
                    searcher.segment_readers().iter().any(|segment| {
                        segment
                            .inverted_index(field)
                            .is_ok_and(|index| index.terms().num_terms() > 0)
                    })
                })
                .collect()
        };
        (
            with_text(&self.fields.titles),
            with_text(&self.fields.bodies),
        )
    }

    /// A searcher over the index as it was when first searched (later commits are not
    /// seen: each command opens the store anew), or, for a store opened with
    /// [`open_live`], as of its latest commit.
    pub fn searcher(&self) -> Result<Searcher> {
        if let Some(reader) = self.reader.get() {
            return Ok(reader.searcher());
        }
        let policy = if self.live {
            ReloadPolicy::OnCommitWithDelay
        } else {
            ReloadPolicy::Manual
        };
        let reader = self
            .index
            .reader_builder()
            .reload_policy(policy)
            .try_into()
            .map_err(|source| tantivy_error(&self.path, source))?;
        Ok(self.reader.get_or_init(|| reader).searcher())
    }
}

/// The index folder used when neither `--index` nor `NEWSGREP_INDEX` is given:
/// `$XDG_DATA_HOME/newsgrep`, else `~/.local/share/newsgrep`.
pub fn default_index_dir() -> Option<PathBuf> {
    let data_home = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|home| PathBuf::from(home).join(".local").join("share"))
        })?;
    Some(data_home.join("newsgrep"))
}

/// Opens an existing index for searching.
pub fn open(path: &Path) -> Result<Store> {
    if !path.join(TANTIVY_META).is_file() {
        return Err(Error::NoIndex(path.to_path_buf()));
    }
    check_format(path)?;
    let index = Index::open_in_dir(path).map_err(|source| tantivy_error(path, source))?;
    finish_open(index, path)
}

/// Opens an existing index for a long-lived reader that sees each new commit (a
/// `newsgrep index` running meanwhile) shortly after it is made.
pub fn open_live(path: &Path) -> Result<Store> {
    let mut store = open(path)?;
    store.live = true;
    Ok(store)
}

/// Opens the index for writing, creating it when absent.
pub fn open_or_create(path: &Path) -> Result<Store> {
    if path.join(TANTIVY_META).is_file() {
        return open(path);
    }
    std::fs::create_dir_all(path).map_err(|source| io_error(path, source))?;
    // The format file first: a crash before tantivy's meta.json leaves a folder that
    // the next run simply creates the index in.
    std::fs::write(path.join(FORMAT_FILE), format!("{FORMAT_VERSION}\n"))
        .map_err(|source| io_error(&path.join(FORMAT_FILE), source))?;
    let (schema, _) = Fields::build();
    let directory = MmapDirectory::open(path).map_err(|e| Error::Tantivy {
        path: path.to_path_buf(),
        reason: e.into(),
    })?;
    let index = Index::create(directory, schema, tantivy::IndexSettings::default())
        .map_err(|source| tantivy_error(path, source))?;
    finish_open(index, path)
}

/// Deletes a newsgrep index folder's contents so that it can be built anew. Refuses
/// to touch a folder that holds no newsgrep index.
pub fn remove(path: &Path) -> Result<()> {
    if !path.exists() {
        return Ok(());
    }
    if !path.join(FORMAT_FILE).is_file() && path.join(TANTIVY_META).exists() {
        return Err(Error::InvalidArgument(format!(
            "{} is not a newsgrep index; refusing to delete it",
            path.display()
        )));
    }
    let entries = std::fs::read_dir(path).map_err(|source| io_error(path, source))?;
    for entry in entries {
        let entry = entry.map_err(|source| io_error(path, source))?;
        let file = entry.path();
        let removed = if file.is_dir() {
            std::fs::remove_dir_all(&file)
        } else {
            std::fs::remove_file(&file)
        };
        removed.map_err(|source| io_error(&file, source))?;
    }
    Ok(())
}

fn check_format(path: &Path) -> Result<()> {
    let found = std::fs::read_to_string(path.join(FORMAT_FILE))
        .map(|text| text.trim().to_string())
        .unwrap_or_else(|_| "unknown".to_string());
    if found == FORMAT_VERSION.to_string() {
        Ok(())
    } else {
        Err(Error::IncompatibleIndex {
            path: path.to_path_buf(),
            found,
            expected: FORMAT_VERSION,
        })
    }
}

fn finish_open(index: Index, path: &Path) -> Result<Store> {
    register_tokenizers(&index);
    let fields = Fields::from_schema(&index.schema()).map_err(|_| Error::IncompatibleIndex {
        path: path.to_path_buf(),
        found: "unknown".to_string(),
        expected: FORMAT_VERSION,
    })?;
    Ok(Store {
        index,
        fields,
        path: path.to_path_buf(),
        reader: OnceLock::new(),
        live: false,
        identities: OnceLock::new(),
        text_fields: OnceLock::new(),
    })
}

/// Total size in bytes of the files in the index folder.
pub fn index_bytes(path: &Path) -> u64 {
    walkdir::WalkDir::new(path)
        .into_iter()
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| entry.metadata().ok())
        .filter(|meta| meta.is_file())
        .map(|meta| meta.len())
        .sum()
}

pub(crate) fn tantivy_error(path: &Path, source: tantivy::TantivyError) -> Error {
    Error::Tantivy {
        path: path.to_path_buf(),
        reason: source,
    }
}

fn io_error(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        reason: source,
    }
}
