//! Writing artifacts: every file goes to a temporary file in its directory and is renamed
//! into place, so a reader never sees half a file; files are only rewritten when their
//! contents change, and generated files that are no longer produced are removed.

use std::path::{Path, PathBuf};

/// What a write changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub written: Vec<PathBuf>,
    pub removed: Vec<PathBuf>,
    pub unchanged: usize,
}

/// Why a write failed: the file (or directory) and the operating system's reason.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {}: {error}", path.display())]
pub struct WriteError {
    pub path: PathBuf,
    pub error: std::io::Error,
    /// Whether some files had already been replaced (a failure while renaming, not staging).
    pub partial: bool,
}

/// The prefix of the temporary files a write stages its contents in.
const TEMP_PREFIX: &str = ".oncall-";

/// Writes `files` (paths relative to `dir`) and removes files under `owned` subdirectories
/// of `dir` (with extension `ext`) that are not among them. All contents are staged in
/// temporary files first; only when every one is written are they renamed into place. SIGINT,
/// SIGTERM, SIGHUP and SIGQUIT wait until the write is done, so an interrupted run leaves
/// every new file and no temporary one (or, interrupted before, every previous file).
/// Temporary files a run killed outright (SIGKILL) left behind are removed.
pub fn write_tree(dir: &Path, files: &[(String, String)], owned: &[(&str, &str)]) -> Result<Written, WriteError> {
    let at = |path: &Path| {
        let path = path.to_path_buf();
        move |error: std::io::Error| WriteError { path, error: os_reason(error), partial: false }
    };
    // Held for the whole write: an interrupted run would otherwise leave its temporary files
    // behind (a signal's default action runs no destructor).
    let _held = HeldSignals::hold();
    let mut outcome = Written::default();
    let mut parents = std::collections::BTreeSet::new();
    for (relative, _) in files {
        let path = dir.join(relative);
        parents.insert(path.parent().unwrap_or(dir).to_path_buf());
    }
    for parent in &parents {
        remove_stale_temporaries(parent).map_err(at(parent))?;
    }
    // Staged on every core: writing and syncing large templates is most of the time.
    let stage = |(relative, text): &(String, String)| -> Result<Option<(tempfile::NamedTempFile, PathBuf)>, WriteError> {
        let path = dir.join(relative);
        if std::fs::read(&path).ok().as_deref() == Some(text.as_bytes()) {
            return Ok(None);
        }
        let parent = path.parent().unwrap_or(dir);
        std::fs::create_dir_all(parent).map_err(at(parent))?;
        let mut temp = tempfile::Builder::new().prefix(TEMP_PREFIX).tempfile_in(parent).map_err(at(&path))?;
        std::io::Write::write_all(&mut temp, text.as_bytes()).map_err(at(&path))?;
        // Temporary files are created private; artifacts are ordinary readable files.
        #[cfg(unix)]
        {
            let mut mode = temp.as_file().metadata().map_err(at(&path))?.permissions();
            std::os::unix::fs::PermissionsExt::set_mode(&mut mode, 0o644);
            temp.as_file().set_permissions(mode).map_err(at(&path))?;
        }
        temp.as_file().sync_all().map_err(at(&path))?;
        Ok(Some((temp, path)))
    };
    let mut staged = Vec::new();
    for result in crate::parallel::map_each(files, stage) {
        match result? {
            Some(file) => staged.push(file),
            None => outcome.unchanged += 1,
        }
    }
    let mut removals = Vec::new();
    for (subdir, ext) in owned {
        let Ok(entries) = std::fs::read_dir(dir.join(subdir)) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let relative = format!("{subdir}/{name}");
            if name.ends_with(ext) && !files.iter().any(|(f, _)| *f == relative) {
                removals.push(entry.path());
            }
        }
    }
    removals.sort();
    for (temp, path) in staged {
        let partial = !outcome.written.is_empty();
        temp.persist(&path).map_err(|e| WriteError { path: path.clone(), error: e.error, partial })?;
        outcome.written.push(path);
    }
    for path in removals {
        std::fs::remove_file(&path).map_err(|error| WriteError { path: path.clone(), error, partial: true })?;
        outcome.removed.push(path);
    }
    Ok(outcome)
}

/// The operating system's reason, without the name of the temporary file that tempfile
/// adds to its errors (the user needs the artifact's name, which the caller gives).
fn os_reason(error: std::io::Error) -> std::io::Error {
    match error.get_ref() {
        Some(_) if error.kind() != std::io::ErrorKind::Other => std::io::Error::from(error.kind()),
        _ => error,
    }
}

/// Removes the temporary files a run killed while staging left in `dir`.
fn remove_stale_temporaries(dir: &Path) -> std::io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) && entry.file_type().is_ok_and(|t| t.is_file()) {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// While alive, the signals that end a process on a key press or a `kill` wait: they are
/// delivered (and end the process) when it is dropped, after the renames.
struct HeldSignals {
    #[cfg(unix)]
    previous: libc::sigset_t,
}

impl HeldSignals {
    fn hold() -> HeldSignals {
        #[cfg(unix)]
        // SAFETY: sigset_t is plain data initialised by sigemptyset before use, and
        // pthread_sigmask only reads `set` and writes `previous`.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            let mut previous: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT] {
                libc::sigaddset(&mut set, signal);
            }
            libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut previous);
            HeldSignals { previous }
        }
        #[cfg(not(unix))]
        HeldSignals {}
    }
}

impl Drop for HeldSignals {
    fn drop(&mut self) {
        #[cfg(unix)]
        // SAFETY: restores the mask saved by `hold` on this thread.
        unsafe {
            libc::pthread_sigmask(libc::SIG_SETMASK, &self.previous, std::ptr::null_mut());
        }
    }
}

/// How a file on disk differs from what would be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Missing,
    Differs,
    /// A generated file that would be removed.
    Extra,
}

/// What `write_tree` would change, without changing anything (for `oncall check`).
pub fn compare_tree(dir: &Path, files: &[(String, String)], owned: &[(&str, &str)]) -> Vec<(String, Change)> {
    let mut out = Vec::new();
    for (relative, text) in files {
        match std::fs::read(dir.join(relative)) {
            Ok(bytes) if bytes == text.as_bytes() => {}
            Ok(_) => out.push((relative.clone(), Change::Differs)),
            Err(_) => out.push((relative.clone(), Change::Missing)),
        }
    }
    for (subdir, ext) in owned {
        let Ok(entries) = std::fs::read_dir(dir.join(subdir)) else { continue };
        let mut extra: Vec<String> = entries
            .flatten()
            .map(|e| format!("{subdir}/{}", e.file_name().to_string_lossy()))
            .filter(|relative| relative.ends_with(ext) && !files.iter().any(|(f, _)| f == relative))
            .collect();
        extra.sort();
        out.extend(extra.into_iter().map(|f| (f, Change::Extra)));
    }
    out
}
