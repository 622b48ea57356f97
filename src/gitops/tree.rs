//! A git tree as a configuration [`Source`]: the roster, alarms and playbooks of any commit,
//! read straight from the object database (no checkout, no temporary clone).

use crate::load::{LoadError, MAX_FILE_BYTES, Source};
use git2::{ObjectType, Repository, Tree};
use std::path::{Path, PathBuf};

/// The tree of one commit.
pub struct GitTree<'r> {
    repo: &'r Repository,
    tree: Tree<'r>,
}

/// Why a revision cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum RevisionError {
    #[error("{0}: not a git repository ({1})")]
    NoRepository(PathBuf, String),
    #[error("`{0}` is not a commit in this repository ({1})")]
    UnknownRevision(String, String),
}

/// Opens the repository holding `root`.
pub fn open(root: &Path) -> Result<Repository, RevisionError> {
    Repository::discover(root).map_err(|e| RevisionError::NoRepository(root.to_path_buf(), e.message().to_string()))
}

impl<'r> GitTree<'r> {
    /// The tree of `revision` (a branch, tag, commit id or expression like `HEAD~1`), seen
    /// from `prefix` (the configuration root's path inside the repository).
    pub fn at(repo: &'r Repository, revision: &str, prefix: &Path) -> Result<GitTree<'r>, RevisionError> {
        let unknown = |e: git2::Error| RevisionError::UnknownRevision(revision.to_string(), e.message().to_string());
        let commit = repo.revparse_single(revision).and_then(|o| o.peel_to_commit()).map_err(unknown)?;
        let mut tree = commit.tree().map_err(unknown)?;
        if !prefix.as_os_str().is_empty() {
            let entry = tree.get_path(prefix).map_err(unknown)?;
            tree = entry.to_object(repo).and_then(|o| o.peel_to_tree()).map_err(unknown)?;
        }
        Ok(GitTree { repo, tree })
    }

    /// The bytes of a file, if the tree has it.
    pub fn file(&self, path: &str) -> Option<Vec<u8>> {
        self.read(path).ok()
    }
}

impl Source for GitTree<'_> {
    fn entries(&self, dir: &str) -> Result<Option<Vec<(String, bool)>>, LoadError> {
        let Ok(entry) = self.tree.get_path(Path::new(dir)) else { return Ok(None) };
        let Ok(subtree) = entry.to_object(self.repo).and_then(|o| o.peel_to_tree()) else { return Ok(None) };
        Ok(Some(
            subtree
                .iter()
                .map(|e| (e.name().unwrap_or_default().to_string(), e.kind() == Some(ObjectType::Tree)))
                .collect(),
        ))
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        let entry = self.tree.get_path(Path::new(path)).map_err(|e| e.message().to_string())?;
        if entry.filemode() == 0o120000 {
            return Err("it is a symbolic link".to_string());
        }
        let blob = entry.to_object(self.repo).and_then(|o| o.peel_to_blob()).map_err(|e| e.message().to_string())?;
        if blob.size() as u64 > MAX_FILE_BYTES {
            return Err(format!(
                "it is {} bytes; configuration files are limited to {MAX_FILE_BYTES} bytes",
                blob.size()
            ));
        }
        Ok(blob.content().to_vec())
    }
}

/// The configuration root's path relative to the repository's work tree.
pub fn prefix(repo: &Repository, root: &Path) -> PathBuf {
    let (Some(workdir), Ok(root)) = (repo.workdir(), root.canonicalize()) else { return PathBuf::new() };
    let workdir = workdir.canonicalize().unwrap_or_else(|_| workdir.to_path_buf());
    root.strip_prefix(&workdir).map(Path::to_path_buf).unwrap_or_default()
}
