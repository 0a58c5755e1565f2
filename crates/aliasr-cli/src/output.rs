//! Where output goes: stdout, or a file written atomically (temp file in the same folder, then
//! rename), so that a failed run never leaves a partial file.
//!
//! An existing file is replaced only when asked (`--force`) or when the new content is identical
//! (re-running a command loses nothing), so nothing the user had is overwritten silently.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

/// Where to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Destination {
    Stdout,
    File(PathBuf),
    /// A file that may replace whatever is there (`--force`).
    FileForced(PathBuf),
}

impl Destination {
    /// A file destination, replacing an existing file only if `force`.
    pub(crate) fn file(path: PathBuf, force: bool) -> Self {
        if force {
            Self::FileForced(path)
        } else {
            Self::File(path)
        }
    }
}

/// Runs `write` against the destination; for a file, the file appears only if it succeeds.
pub(crate) fn write_to(
    destination: &Destination,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<()> {
    match destination {
        Destination::Stdout => {
            let stdout = io::stdout();
            let mut lock = io::BufWriter::with_capacity(64 * 1024, stdout.lock());
            write(&mut lock)?;
            lock.flush()?;
            Ok(())
        }
        Destination::File(path) => write_file_atomically(path, false, write),
        Destination::FileForced(path) => write_file_atomically(path, true, write),
    }
}

fn write_file_atomically(
    path: &Path,
    force: bool,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".aliasr-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
    {
        let mut buffered = io::BufWriter::with_capacity(64 * 1024, temp.as_file_mut());
        write(&mut buffered).with_context(|| format!("writing {}", path.display()))?;
        buffered
            .flush()
            .with_context(|| format!("writing {}", path.display()))?;
    }
    temp.as_file()
        .sync_all()
        .with_context(|| format!("writing {}", path.display()))?;
    let existed = path.exists();
    if existed && !force && !same_content(temp.path(), path) {
        // Dropping `temp` deletes it.
        anyhow::bail!(
            "{} already exists with other content; pass --force to replace it, or choose another path",
            path.display()
        );
    }
    keep_usual_permissions(temp.path(), path);
    // On any error above, dropping `temp` deletes it. A file that appeared meanwhile is not
    // replaced (`persist_noclobber`) unless replacing was allowed.
    let persisted = if existed || force {
        temp.persist(path).map(|_| ())
    } else {
        temp.persist_noclobber(path).map(|_| ())
    };
    persisted
        .map_err(|e| e.error)
        .with_context(|| format!("renaming the output to {}", path.display()))?;
    Ok(())
}

/// Temp files are created private (0600); give the output the permissions a new file would
/// have had, or those of the file it replaces.
#[cfg(unix)]
fn keep_usual_permissions(temp: &Path, target: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(target)
        .map(|m| m.permissions().mode())
        .unwrap_or(0o644);
    // Best effort: a failure leaves a private file, which is still correct output.
    let _ = std::fs::set_permissions(temp, std::fs::Permissions::from_mode(mode));
}

#[cfg(not(unix))]
fn keep_usual_permissions(_temp: &Path, _target: &Path) {}

fn same_content(a: &Path, b: &Path) -> bool {
    match (std::fs::read(a), std::fs::read(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Whether two paths name the same existing file (symlinks and `..` resolved).
pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
