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

/// Writes `files` (paths relative to `dir`) and removes files under `owned` subdirectories
/// of `dir` (with extension `ext`) that are not among them. All contents are staged in
/// temporary files first; only when every one is written are they renamed into place.
pub fn write_tree(dir: &Path, files: &[(String, String)], owned: &[(&str, &str)]) -> std::io::Result<Written> {
    let mut outcome = Written::default();
    let mut staged = Vec::new();
    for (relative, text) in files {
        let path = dir.join(relative);
        if std::fs::read(&path).ok().as_deref() == Some(text.as_bytes()) {
            outcome.unchanged += 1;
            continue;
        }
        let parent = path.parent().unwrap_or(dir);
        std::fs::create_dir_all(parent)?;
        let mut temp = tempfile::Builder::new().prefix(".oncall-").tempfile_in(parent)?;
        std::io::Write::write_all(&mut temp, text.as_bytes())?;
        // Temporary files are created private; artifacts are ordinary readable files.
        #[cfg(unix)]
        {
            let mut mode = temp.as_file().metadata()?.permissions();
            std::os::unix::fs::PermissionsExt::set_mode(&mut mode, 0o644);
            temp.as_file().set_permissions(mode)?;
        }
        temp.as_file().sync_all()?;
        staged.push((temp, path));
    }
    for (temp, path) in staged {
        temp.persist(&path).map_err(|e| e.error)?;
        outcome.written.push(path);
    }
    for (subdir, ext) in owned {
        let Ok(entries) = std::fs::read_dir(dir.join(subdir)) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let relative = format!("{subdir}/{name}");
            if name.ends_with(ext) && !files.iter().any(|(f, _)| *f == relative) {
                std::fs::remove_file(entry.path())?;
                outcome.removed.push(entry.path());
            }
        }
    }
    Ok(outcome)
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
