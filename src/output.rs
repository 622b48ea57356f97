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
#[error("cannot {verb} {}: {error}", path.display())]
pub struct WriteError {
    pub path: PathBuf,
    pub error: std::io::Error,
    /// Whether some files had already been replaced or removed (a failure while renaming,
    /// not while staging).
    pub partial: bool,
    /// `write` or `remove`.
    pub verb: &'static str,
}

/// The prefix of the temporary files a write stages its contents in; tempfile adds six
/// random letters and digits.
const TEMP_PREFIX: &str = ".oncall-";

/// Writes `files` (paths relative to `dir`) and removes files under `owned` subdirectories
/// of `dir` (with extension `ext`) that are not among them. All contents are staged in
/// temporary files first; only when every one is written are they renamed into place. SIGINT,
/// SIGTERM, SIGHUP and SIGQUIT wait while files are staged and renamed, so an interrupted run
/// leaves every new file and no temporary one (or, interrupted before, every previous file).
/// Two runs on one directory take turns (a lock on the directory); temporary files a run
/// killed outright (SIGKILL) left behind are removed.
pub fn write_tree(dir: &Path, files: &[(String, String)], owned: &[(&str, &str)]) -> Result<Written, WriteError> {
    let at = |path: &Path| {
        let path = path.to_path_buf();
        move |error: std::io::Error| WriteError { path, error: os_reason(error), partial: false, verb: "write" }
    };
    std::fs::create_dir_all(dir).map_err(at(dir))?;
    let _lock = DirLock::take(dir).map_err(at(dir))?;
    let mut parents = std::collections::BTreeSet::new();
    for (relative, _) in files {
        let path = dir.join(relative);
        parents.insert(path.parent().unwrap_or(dir).to_path_buf());
    }
    for parent in &parents {
        remove_stale_temporaries(parent).map_err(at(parent))?;
    }
    // What changed, read before signals are held (a read can block, on a stalled mount).
    let changed: Vec<&(String, String)> = crate::parallel::map_each(files, |(relative, text)| {
        current(&dir.join(relative)).as_deref() != Some(text.as_bytes())
    })
    .into_iter()
    .zip(files)
    .filter_map(|(changed, file)| changed.then_some(file))
    .collect();
    let mut outcome = Written { unchanged: files.len() - changed.len(), ..Written::default() };
    let removals: Vec<PathBuf> = extras(dir, files, owned).iter().map(|relative| dir.join(relative)).collect();
    if changed.is_empty() && removals.is_empty() {
        return Ok(outcome);
    }
    // From here an interrupted run would leave its temporary files behind (a signal's
    // default action runs no destructor): signals wait until the files are in place.
    let _held = HeldSignals::hold();
    // Each directory once, not once a file (an import writes ten thousand into one).
    for parent in &parents {
        std::fs::create_dir_all(parent).map_err(at(parent))?;
    }
    // Staged on every core: writing and syncing large templates is most of the time.
    let stage = |(relative, text): &&(String, String)| -> Result<(tempfile::TempPath, PathBuf), WriteError> {
        let path = dir.join(relative);
        let parent = path.parent().unwrap_or(dir);
        let mut builder = tempfile::Builder::new();
        builder.prefix(TEMP_PREFIX);
        // Temporary files are private by default; artifacts are ordinary readable files
        // (made so at creation, as the umask allows).
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
        let mut temp = builder.tempfile_in(parent).map_err(at(&path))?;
        std::io::Write::write_all(&mut temp, text.as_bytes()).map_err(at(&path))?;
        #[cfg(not(target_os = "linux"))]
        temp.as_file().sync_all().map_err(at(&path))?;
        // Closed now, renamed later: a process holding ten thousand open files creates each
        // new one many times slower.
        Ok((temp.into_temp_path(), path))
    };
    let staged = crate::parallel::map_each(&changed, stage).into_iter().collect::<Result<Vec<_>, _>>()?;
    // On Linux one syncfs per directory written (in practice one filesystem) puts every staged
    // file on disk before any is renamed into place, instead of one fsync per file (10,000
    // playbook stubs from an import took seconds).
    #[cfg(target_os = "linux")]
    for parent in &parents {
        sync_filesystem(parent).map_err(at(parent))?;
    }
    for (temp, path) in staged {
        let partial = !outcome.written.is_empty();
        temp.persist(&path).map_err(|e| WriteError { path: path.clone(), error: e.error, partial, verb: "write" })?;
        outcome.written.push(path);
    }
    for path in removals {
        let partial = !outcome.written.is_empty() || !outcome.removed.is_empty();
        std::fs::remove_file(&path).map_err(|error| WriteError {
            path: path.clone(),
            error,
            partial,
            verb: "remove",
        })?;
        outcome.removed.push(path);
    }
    Ok(outcome)
}

/// Flushes the filesystem holding `dir` (syncfs(2)).
#[cfg(target_os = "linux")]
fn sync_filesystem(dir: &Path) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    let handle = std::fs::File::open(dir)?;
    // SAFETY: syncfs takes an open file descriptor, which `handle` owns for the call.
    if unsafe { libc::syncfs(handle.as_raw_fd()) } == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
}

/// The operating system's reason, without the name of the temporary file that tempfile
/// adds to its errors (the user needs the artifact's name, which the caller gives).
fn os_reason(error: std::io::Error) -> std::io::Error {
    if error.raw_os_error().is_some() || error.get_ref().is_none() {
        return error;
    }
    // tempfile's errors read "<reason> (os error N) at path ...": keep the code.
    let text = error.to_string();
    let code = text
        .split_once("(os error ")
        .and_then(|(_, rest)| rest.split_once(')'))
        .and_then(|(n, _)| n.parse::<i32>().ok());
    code.map_or_else(|| std::io::Error::from(error.kind()), std::io::Error::from_raw_os_error)
}

/// Whether `name` is a temporary file of ours: the prefix and tempfile's six random
/// letters and digits, nothing else (a user's `.oncall-notes` is left alone).
fn is_temporary(name: &str) -> bool {
    name.strip_prefix(TEMP_PREFIX)
        .is_some_and(|rest| rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Removes the temporary files a run killed while staging left in `dir`.
fn remove_stale_temporaries(dir: &Path) -> std::io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries.flatten() {
        if is_temporary(&entry.file_name().to_string_lossy()) && entry.file_type().is_ok_and(|t| t.is_file()) {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// An exclusive lock on the output directory while it is written (flock on the directory
/// itself, so no lock file is left in it): a second run waits for the first.
struct DirLock {
    #[cfg(unix)]
    _dir: std::fs::File,
}

impl DirLock {
    fn take(dir: &Path) -> std::io::Result<DirLock> {
        #[cfg(unix)]
        {
            let file = std::fs::File::open(dir)?;
            // SAFETY: flock on a file descriptor this function owns; released when it closes.
            if unsafe { libc::flock(std::os::unix::io::AsRawFd::as_raw_fd(&file), libc::LOCK_EX) } != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(DirLock { _dir: file })
        }
        #[cfg(not(unix))]
        {
            let _ = dir;
            Ok(DirLock {})
        }
    }
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
        match current(&dir.join(relative)) {
            Some(bytes) if bytes == text.as_bytes() => {}
            Some(_) => out.push((relative.clone(), Change::Differs)),
            None => out.push((relative.clone(), Change::Missing)),
        }
    }
    out.extend(extras(dir, files, owned).into_iter().map(|f| (f, Change::Extra)));
    out
}

/// The text of a previous artifact: `None` when there is none; an error names the file and
/// the reason (unreadable, not UTF-8).
pub fn read_text(path: &Path) -> Result<Option<String>, String> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Ok(metadata) if !metadata.is_file() => {
            return Err(format!("{} is not a regular file; remove it", path.display()));
        }
        _ => {}
    }
    std::fs::read_to_string(path).map(Some).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// The contents of an artifact on disk: `None` when it is missing or not a regular file
/// (never read, so a named pipe in its place cannot block).
fn current(path: &Path) -> Option<Vec<u8>> {
    std::fs::symlink_metadata(path).ok().filter(std::fs::Metadata::is_file)?;
    std::fs::read(path).ok()
}

/// Generated files under the `owned` subdirectories (with how their names end) that are not among
/// `files`: those a write removes. Relative paths, sorted.
fn extras(dir: &Path, files: &[(String, String)], owned: &[(&str, &str)]) -> Vec<String> {
    let mut out = Vec::new();
    for (subdir, ext) in owned {
        let Ok(entries) = std::fs::read_dir(dir.join(subdir)) else { continue };
        out.extend(
            entries
                .flatten()
                .filter(|e| e.file_type().is_ok_and(|t| !t.is_dir()))
                .map(|e| format!("{subdir}/{}", e.file_name().to_string_lossy()))
                .filter(|relative| relative.ends_with(ext) && !files.iter().any(|(f, _)| f == relative)),
        );
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_temporary_files_are_cleaned_up() {
        assert!(is_temporary(".oncall-a1B2c3"));
        for name in
            [".oncall-notes", ".oncall-env", ".oncall-a1B2c3.yaml", ".oncall-", "oncall-a1B2c3", ".oncall-a1B2c!"]
        {
            assert!(!is_temporary(name), "{name}");
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".oncall-notes"), "mine").unwrap();
        std::fs::write(dir.path().join(".oncall-Xy12zW"), "left by a killed run").unwrap();
        let written = write_tree(dir.path(), &[("a.txt".to_string(), "a".to_string())], &[]).unwrap();
        assert_eq!(written.written, [dir.path().join("a.txt")]);
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [".oncall-notes", "a.txt"]);
    }
}
