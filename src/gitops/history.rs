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
    /// The schedules before and after, read only when that commit is HEAD (the change just
    /// pushed); `None` otherwise. The one before is `None` when the commit added the file.
    pub at_head: Option<(Option<Schedule>, Schedule)>,
}

fn blob_id(commit: &git2::Commit<'_>, path: &Path) -> Option<Oid> {
    commit.tree().ok()?.get_path(path).ok().map(|entry| entry.id())
}

fn schedule(repo: &Repository, id: Oid, path: &Path, commit: Oid) -> Result<Schedule, String> {
    let short = &commit.to_string()[..10];
    let blob = repo.find_blob(id).map_err(|e| format!("{} at {short}: {}", path.display(), e.message()))?;
    serde_json::from_slice(blob.content())
        .map_err(|e| format!("{} at {short} does not read as a schedule: {e}", path.display()))
}

/// What the commits after `since` (a revision: the commit before a push) did to
/// `<root>/generated/schedule.json` at HEAD: `None` when HEAD has no such file; `at_head` is
/// `None` when the file is the same at both.
pub fn schedule_change_since(root: &Path, since: &str) -> Result<Option<Change>, String> {
    let repo = Repository::discover(root)
        .map_err(|e| format!("{} is not in a git repository ({})", root.display(), e.message()))?;
    let path = super::tree::prefix(&repo, root).join("generated").join("schedule.json");
    let Ok(head) = repo.head().and_then(|h| h.peel_to_commit()) else { return Ok(None) };
    let base = repo.revparse_single(since).and_then(|o| o.peel_to_commit()).map_err(|_| {
        format!("--since {since}: no such commit here (a shallow clone? fetch the history: actions/checkout with fetch-depth: 0)")
    })?;
    let Some(here) = blob_id(&head, &path) else { return Ok(None) };
    let before = blob_id(&base, &path);
    if before == Some(here) {
        return Ok(Some(Change { commit: head.id(), at_head: None }));
    }
    let earlier = before.map(|id| schedule(&repo, id, &path, base.id())).transpose()?;
    Ok(Some(Change { commit: head.id(), at_head: Some((earlier, schedule(&repo, here, &path, head.id())?)) }))
}

/// The last change of `<root>/generated/schedule.json` reachable from HEAD of the repository
/// holding `root`; `None` when no commit holds the file (or there is no commit yet).
pub fn last_schedule_change(root: &Path) -> Result<Option<Change>, String> {
    if !root.is_dir() {
        return Err(format!("{} is not a directory", root.display()));
    }
    let repo = Repository::discover(root)
        .map_err(|e| format!("{} is not in a git repository ({})", root.display(), e.message()))?;
    let path = super::tree::prefix(&repo, root).join("generated").join("schedule.json");
    let Ok(head) = repo.head().and_then(|h| h.peel_to_commit()) else { return Ok(None) };
    // HEAD against its parent first: a shallow clone holding both knows whether HEAD changed it.
    if let (Some(here), Ok(parent)) = (blob_id(&head, &path), head.parent(0))
        && blob_id(&parent, &path) == Some(here)
    {
        let mut commit = parent;
        // How far back the last change was, for the message; a shallow clone may not know.
        for _ in 0..MAX_COMMITS {
            let Ok(earlier) = commit.parent(0) else { break };
            if blob_id(&earlier, &path) != Some(here) {
                break;
            }
            commit = earlier;
        }
        return Ok(Some(Change { commit: commit.id(), at_head: None }));
    }
    let mut commit = head.clone();
    for _ in 0..MAX_COMMITS {
        let Some(here) = blob_id(&commit, &path) else { return Ok(None) };
        let parent = match commit.parent(0) {
            Ok(parent) => Some(parent),
            Err(_) if commit.parent_count() > 0 || repo.is_shallow() => {
                return Err(format!(
                    "the commit before {} is not in this clone (a shallow clone): fetch the history \
                     (actions/checkout with fetch-depth: 0) to know what changed",
                    &commit.id().to_string()[..10]
                ));
            }
            Err(_) => None,
        };
        let before = parent.as_ref().and_then(|p| blob_id(p, &path));
        if before != Some(here) {
            let at_head = if commit.id() == head.id() {
                let earlier = match (&parent, before) {
                    (Some(parent), Some(id)) => Some(schedule(&repo, id, &path, parent.id())?),
                    _ => None,
                };
                Some((earlier, schedule(&repo, here, &path, commit.id())?))
            } else {
                None
            };
            return Ok(Some(Change { commit: commit.id(), at_head }));
        }
        match parent {
            Some(parent) => commit = parent,
            None => return Ok(None),
        }
    }
    Err(format!("no change of {} in the last {MAX_COMMITS} commits", path.display()))
}
