//! The last change of `generated/schedule.json` in git: the schedule a commit brought and the
//! one before it, read from the object database with git2 (the working tree is not looked
//! at). `notify --changes` tells the people whose shifts it moved.

use crate::schedule::Schedule;
use git2::{Oid, Repository};
use std::path::Path;

/// How far back along first parents a change is looked for.
const MAX_COMMITS: usize = 100_000;

/// The schedule a commit changed, and what it was before.
#[derive(Debug)]
pub struct Change {
    /// The commit that changed it (the last one, along first parents from HEAD).
    pub commit: Oid,
    /// Whether that commit is HEAD: the change is the one just pushed.
    pub at_head: bool,
    /// The schedule before it; `None` when that commit added the file.
    pub before: Option<Schedule>,
    pub after: Schedule,
}

fn blob_id(commit: &git2::Commit<'_>, path: &Path) -> Option<Oid> {
    commit.tree().ok()?.get_path(path).ok().map(|entry| entry.id())
}

fn schedule(repo: &Repository, id: Oid, path: &Path) -> Result<Schedule, String> {
    let blob = repo.find_blob(id).map_err(|e| format!("{}: {e}", path.display()))?;
    Schedule::from_json(&String::from_utf8_lossy(blob.content()), path)
}

/// The last change of `<root>/generated/schedule.json` reachable from HEAD of the repository
/// holding `root`; `None` when no commit holds the file.
pub fn last_schedule_change(root: &Path) -> Result<Option<Change>, String> {
    let repo = Repository::discover(root)
        .map_err(|e| format!("{} is not in a git repository ({})", root.display(), e.message()))?;
    let path = super::tree::prefix(&repo, root).join("generated").join("schedule.json");
    let head =
        repo.head().and_then(|h| h.peel_to_commit()).map_err(|e| format!("no commit at HEAD: {}", e.message()))?;
    let mut commit = head.clone();
    for _ in 0..MAX_COMMITS {
        let Some(here) = blob_id(&commit, &path) else { return Ok(None) };
        let parent = commit.parent(0).ok();
        let before = parent.as_ref().and_then(|p| blob_id(p, &path));
        if before != Some(here) {
            return Ok(Some(Change {
                commit: commit.id(),
                at_head: commit.id() == head.id(),
                before: before.map(|id| schedule(&repo, id, &path)).transpose()?,
                after: schedule(&repo, here, &path)?,
            }));
        }
        match parent {
            Some(parent) => commit = parent,
            None => return Ok(None),
        }
    }
    Err(format!("no change of {} in the last {MAX_COMMITS} commits", path.display()))
}
