//! Publishing `generated/` through a pull request: commit the regenerated files onto a
//! branch made from the base branch, push it, and let the caller open or update the pull
//! request. Only ever force-pushes over commits this tool wrote (they carry the
//! [`TRAILER`]); anything else on the branch stops it.

use crate::changes::{Changes, shift_changes};
use crate::schedule::Schedule;
use git2::{FetchOptions, Oid, PushOptions, RemoteCallbacks, Repository, Signature, Tree};
use std::path::Path;

/// The line every commit of this tool carries.
pub const TRAILER: &str = "Generated-by: oncall-as-code";
const WORK_REF: &str = "refs/oncall/publish";
const SEEN_REF: &str = "refs/oncall/remote-branch";

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("{0}")]
    Git(String),
    #[error("base `{0}` is not a branch or commit of this repository")]
    UnknownBase(String),
    #[error("{0} does not exist: run `oncall generate` first")]
    NothingGenerated(String),
    #[error(
        "branch `{branch}` on the remote has commit {commit} that oncall did not write (\"{summary}\"); refusing to overwrite it: merge or delete that branch, or publish to another with --branch"
    )]
    ForeignCommit { branch: String, commit: String, summary: String },
    #[error("the remote refused the push of `{0}`: {1}")]
    Rejected(String, String),
}

fn git(error: git2::Error) -> PublishError {
    PublishError::Git(error.message().to_string())
}

/// A commit ready to be made.
#[derive(Debug)]
pub struct Prepared {
    pub branch: String,
    pub base: String,
    pub base_commit: Oid,
    pub tree: Oid,
    /// Changed paths under the generated directory, relative to the repository.
    pub changed: Vec<String>,
    pub message: String,
    pub title: String,
    pub body: String,
}

/// Writes a directory into the object database as a tree.
fn tree_from_dir(repo: &Repository, dir: &Path) -> Result<Oid, PublishError> {
    let mut builder = repo.treebuilder(None).map_err(git)?;
    let mut entries: Vec<_> =
        std::fs::read_dir(dir).map_err(|e| PublishError::Git(format!("{}: {e}", dir.display())))?.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(".oncall-") {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            let oid = tree_from_dir(repo, &path)?;
            builder.insert(&name, oid, 0o040000).map_err(git)?;
        } else {
            let bytes = std::fs::read(&path).map_err(|e| PublishError::Git(format!("{}: {e}", path.display())))?;
            let oid = repo.blob(&bytes).map_err(git)?;
            builder.insert(&name, oid, 0o100644).map_err(git)?;
        }
    }
    builder.write().map_err(git)
}

/// `tree` with the subtree at `parts` replaced by `new`.
fn replace(repo: &Repository, tree: Option<&Tree>, parts: &[String], new: Oid) -> Result<Oid, PublishError> {
    let mut builder = repo.treebuilder(tree).map_err(git)?;
    let oid = if parts.len() == 1 {
        new
    } else {
        let child = tree
            .and_then(|t| t.get_name(&parts[0]))
            .and_then(|e| e.to_object(repo).ok())
            .and_then(|o| o.into_tree().ok());
        replace(repo, child.as_ref(), &parts[1..], new)?
    };
    builder.insert(&parts[0], oid, 0o040000).map_err(git)?;
    builder.write().map_err(git)
}

fn schedule_at(repo: &Repository, tree: &Tree, path: &str) -> Option<Schedule> {
    let blob = tree.get_path(Path::new(path)).ok()?.to_object(repo).ok()?.peel_to_blob().ok()?;
    serde_json::from_slice(blob.content()).ok()
}

/// Builds the commit that would publish `<root>/generated` onto `base`, or `None` when the
/// base already holds exactly these files.
pub fn prepare(repo: &Repository, root: &Path, base: &str, branch: &str) -> Result<Option<Prepared>, PublishError> {
    let generated = root.join("generated");
    if !generated.is_dir() {
        return Err(PublishError::NothingGenerated(generated.display().to_string()));
    }
    let base_commit = repo
        .revparse_single(base)
        .and_then(|o| o.peel_to_commit())
        .map_err(|_| PublishError::UnknownBase(base.to_string()))?;
    let base_tree = base_commit.tree().map_err(git)?;
    let prefix = super::tree::prefix(repo, root);
    let mut parts: Vec<String> = prefix.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    parts.push("generated".to_string());
    let subtree = tree_from_dir(repo, &generated)?;
    let tree = replace(repo, Some(&base_tree), &parts, subtree)?;
    if tree == base_tree.id() {
        return Ok(None);
    }
    let new_tree = repo.find_tree(tree).map_err(git)?;
    let diff = repo.diff_tree_to_tree(Some(&base_tree), Some(&new_tree), None).map_err(git)?;
    let changed: Vec<String> = diff
        .deltas()
        .filter_map(|d| d.new_file().path().or_else(|| d.old_file().path()).map(|p| p.to_string_lossy().into_owned()))
        .collect();
    let schedule_path = parts.join("/") + "/schedule.json";
    let mut changes = Changes::default();
    if let (Some(before), Some(after)) =
        (schedule_at(repo, &base_tree, &schedule_path), schedule_at(repo, &new_tree, &schedule_path))
    {
        changes.set_schedule(shift_changes(&before, &after, &Default::default()));
    }
    let short = base_commit.id().to_string()[..10].to_string();
    let texts = crate::render::diff::publication(&changes, base, &short, &changed, TRAILER);
    let (title, message, body) = (texts.title, texts.message, texts.body);
    Ok(Some(Prepared {
        branch: branch.to_string(),
        base: base.to_string(),
        base_commit: base_commit.id(),
        tree,
        changed,
        message,
        title,
        body,
    }))
}

/// What `push` did.
#[derive(Debug, PartialEq, Eq)]
pub enum Pushed {
    /// A new commit was pushed.
    Commit(Oid),
    /// The branch already holds exactly this commit's content on this base.
    AlreadyPublished(Oid),
}

/// Fetches the branch, refuses foreign commits on it, commits and pushes.
pub fn push(repo: &Repository, prepared: &Prepared, remote: &str, token: Option<&str>) -> Result<Pushed, PublishError> {
    // http(s) remotes go through src/gitops/http.rs, which sends the token.
    super::http::use_token(token);
    let mut remote = repo.find_remote(remote).or_else(|_| repo.remote_anonymous(remote)).map_err(git)?;
    if let Ok(mut stale) = repo.find_reference(SEEN_REF) {
        stale.delete().map_err(git)?;
    }
    let mut fetch = FetchOptions::new();
    let refspec = format!("+refs/heads/{}:{SEEN_REF}", prepared.branch);
    // A branch the remote does not have yet is not an error: there is nothing to protect.
    let _ = remote.fetch(&[&refspec], Some(&mut fetch), None);
    if let Ok(seen) = repo.find_reference(SEEN_REF).and_then(|r| r.peel_to_commit()) {
        let mut walk = repo.revwalk().map_err(git)?;
        walk.push(seen.id()).map_err(git)?;
        walk.hide(prepared.base_commit).map_err(git)?;
        for oid in walk {
            let commit = repo.find_commit(oid.map_err(git)?).map_err(git)?;
            if !commit.message().unwrap_or_default().lines().any(|l| l.trim() == TRAILER) {
                return Err(PublishError::ForeignCommit {
                    branch: prepared.branch.clone(),
                    commit: commit.id().to_string()[..10].to_string(),
                    summary: commit.summary().ok().flatten().unwrap_or_default().to_string(),
                });
            }
        }
        if seen.tree_id() == prepared.tree && seen.parent_ids().eq([prepared.base_commit]) {
            return Ok(Pushed::AlreadyPublished(seen.id()));
        }
    }
    let name = std::env::var("GIT_AUTHOR_NAME").unwrap_or_else(|_| "oncall-as-code".to_string());
    let email =
        std::env::var("GIT_AUTHOR_EMAIL").unwrap_or_else(|_| "oncall-as-code@users.noreply.github.com".to_string());
    let signature = Signature::now(&name, &email).map_err(git)?;
    let tree = repo.find_tree(prepared.tree).map_err(git)?;
    let parent = repo.find_commit(prepared.base_commit).map_err(git)?;
    let commit = repo.commit(None, &signature, &signature, &prepared.message, &tree, &[&parent]).map_err(git)?;
    repo.reference(WORK_REF, commit, true, "oncall publish").map_err(git)?;
    let mut rejected: Option<String> = None;
    {
        let mut callbacks = RemoteCallbacks::new();
        callbacks.push_update_reference(|_, status| {
            if let Some(status) = status {
                rejected = Some(status.to_string());
            }
            Ok(())
        });
        let mut options = PushOptions::new();
        options.remote_callbacks(callbacks);
        remote.push(&[&format!("+{WORK_REF}:refs/heads/{}", prepared.branch)], Some(&mut options)).map_err(git)?;
    }
    match rejected {
        Some(reason) => Err(PublishError::Rejected(prepared.branch.clone(), reason)),
        None => Ok(Pushed::Commit(commit)),
    }
}
