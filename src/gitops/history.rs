//! The last change of `generated/schedule.json` in git: the schedule a commit brought and the
//! one before it, read from the object database with git2 (the working tree is not looked
//! at). `notify --changes` tells the people whose shifts it moved.

use crate::schedule::Schedule;
use git2::{Commit, Oid, Repository};
use std::path::{Path, PathBuf};

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

fn blob_id(commit: &Commit<'_>, path: &Path) -> Option<Oid> {
    commit.tree().ok()?.get_path(path).ok().map(|entry| entry.id())
}

fn schedule(repo: &Repository, id: Oid, path: &Path, commit: Oid) -> Result<Schedule, String> {
    let short = &commit.to_string()[..10];
    let blob = repo.find_blob(id).map_err(|e| format!("{} at {short}: {}", path.display(), e.message()))?;
    serde_json::from_slice(blob.content())
        .map_err(|e| format!("{} at {short} does not read as a schedule: {e}", path.display()))
}

/// The repository holding `root`, and the path of its schedule in it.
fn open(root: &Path) -> Result<(Repository, PathBuf), String> {
    if !root.is_dir() {
        return Err(format!("{} is not a directory", root.display()));
    }
    let repo = Repository::discover(root)
        .map_err(|e| format!("{} is not in a git repository ({})", root.display(), e.message()))?;
    let path = super::tree::prefix(&repo, root).join("generated").join("schedule.json");
    Ok((repo, path))
}

/// HEAD's schedule (blob `here`) against `base`'s: the change HEAD holds, read both ways.
fn read_change(
    repo: &Repository,
    path: &Path,
    base: Option<&Commit<'_>>,
    head: &Commit<'_>,
    here: Oid,
) -> Result<Change, String> {
    let earlier = match base.and_then(|b| Some((b, blob_id(b, path)?))) {
        Some((base, id)) => Some(schedule(repo, id, path, base.id())?),
        None => None,
    };
    Ok(Change { commit: head.id(), at_head: Some((earlier, schedule(repo, here, path, head.id())?)) })
}

/// What the commits after `since` (a revision: the commit before a push) did to
/// `<root>/generated/schedule.json` at HEAD: `None` when HEAD has no such file; `at_head` is
/// `None` when the file is the same at both.
pub fn schedule_change_since(root: &Path, since: &str) -> Result<Option<Change>, String> {
    let (repo, path) = open(root)?;
    let Ok(head) = repo.head().and_then(|h| h.peel_to_commit()) else { return Ok(None) };
    let base = repo.revparse_single(since).and_then(|o| o.peel_to_commit()).map_err(|_| {
        format!("--since {since}: no such commit here (a shallow clone? fetch the history: actions/checkout with fetch-depth: 0)")
    })?;
    let Some(here) = blob_id(&head, &path) else { return Ok(None) };
    if blob_id(&base, &path) == Some(here) {
        return Ok(Some(Change { commit: head.id(), at_head: None }));
    }
    read_change(&repo, &path, Some(&base), &head, here).map(Some)
}

/// The last change of `<root>/generated/schedule.json` reachable from HEAD of the repository
/// holding `root`; `None` when no commit holds the file (or there is no commit yet).
pub fn last_schedule_change(root: &Path) -> Result<Option<Change>, String> {
    let (repo, path) = open(root)?;
    let Ok(head) = repo.head().and_then(|h| h.peel_to_commit()) else { return Ok(None) };
    let Some(here) = blob_id(&head, &path) else { return Ok(None) };
    let parent = match head.parent(0) {
        Ok(parent) => Some(parent),
        Err(_) if head.parent_count() > 0 || repo.is_shallow() => {
            return Err(format!(
                "the commit before {} is not in this clone (a shallow clone): fetch the history \
                 (actions/checkout with fetch-depth: 0) to know what changed",
                &head.id().to_string()[..10]
            ));
        }
        Err(_) => None,
    };
    // HEAD against its parent: a shallow clone holding both knows whether HEAD changed it.
    let mut commit = match parent {
        Some(parent) if blob_id(&parent, &path) == Some(here) => parent,
        other => return read_change(&repo, &path, other.as_ref(), &head, here).map(Some),
    };
    // HEAD did not change it: how far back the last change was, for the message (a shallow
    // clone may not know).
    for _ in 0..MAX_COMMITS {
        let Ok(earlier) = commit.parent(0) else { break };
        if blob_id(&earlier, &path) != Some(here) {
            break;
        }
        commit = earlier;
    }
    Ok(Some(Change { commit: commit.id(), at_head: None }))
}
