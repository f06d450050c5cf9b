//! Writing a file whole: the index folder's identities, the fetch's pages and state, and
//! the push state are either there complete or as they were, never half written.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The ending of a file being written (renamed when whole).
pub const PARTIAL: &str = ".partial";

/// Writes `bytes` to `PATH.partial`, puts them on disk, then renames that over `PATH`
/// (and syncs the folder, so the rename reaches the disk too). The folder is made if
/// missing.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |reason| Error::Io { path, reason }
    };
    let folder = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(io(folder))?;
    let mut partial = path.as_os_str().to_owned();
    partial.push(PARTIAL);
    let partial = PathBuf::from(partial);
    let mut file = std::fs::File::create(&partial).map_err(io(&partial))?;
    file.write_all(bytes).map_err(io(&partial))?;
    file.sync_all().map_err(io(&partial))?;
    std::fs::rename(&partial, path).map_err(io(path))?;
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}
