//! `oncall publish`: commit generated/ on a branch made from the base branch, push it, and
//! open or update the pull request. `--dry-run` prints what it would do and touches nothing.

use oncall_as_code::gitops::github::{PullRequest, open_or_update};
use oncall_as_code::gitops::publish::{Pushed, prepare, push};
use oncall_as_code::gitops::tree::open;
use std::path::Path;

/// Commit generated/ on a branch, push it, and open or update one pull request.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the branch, files, commit message and pull-request body; change nothing.
    #[arg(long)]
    dry_run: bool,
    /// The branch to publish to.
    #[arg(long, default_value = "oncall/generated")]
    branch: String,
    /// The branch the pull request targets (and the new branch starts from).
    #[arg(long, default_value = "main")]
    base: String,
    /// The remote: a name (origin) or any URL or path git accepts.
    #[arg(long, default_value = "origin")]
    remote: String,
    /// The first day not yet history: shifts before it are kept as recorded (default: today
    /// in the policy's time zone).
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<chrono::NaiveDate>,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

pub fn run(root: &Path, args: &Args) -> u8 {
    let repo = match open(root) {
        Ok(repo) => repo,
        Err(error) => return super::fail(error),
    };
    // Publishing a generated/ that the roster no longer produces would ship a stale schedule.
    let out = root.join("generated");
    match super::generate::build(root, &out, None, args.today) {
        Ok(artifacts) => {
            let stale = oncall_as_code::output::compare_tree(&out, &artifacts.files, &oncall_as_code::artifacts::OWNED);
            if !stale.is_empty() {
                eprintln!(
                    "error: generated/ is out of date with the configuration ({} file(s) differ); run `oncall generate` first",
                    stale.len()
                );
                return super::FAILURE;
            }
        }
        Err(code) => return code,
    }
    let prepared = match prepare(&repo, root, &args.base, &args.branch) {
        Ok(Some(prepared)) => prepared,
        Ok(None) => {
            println!("publish: generated/ on `{}` is already current; nothing to publish", args.base);
            return 0;
        }
        Err(error) => return super::fail(error),
    };
    if args.dry_run {
        println!("branch: {} (from {} at {})", prepared.branch, prepared.base, prepared.base_commit);
        println!("remote: {}", args.remote);
        println!("files:");
        for path in &prepared.changed {
            println!("  {path}");
        }
        println!("commit message:\n{}", prepared.message);
        println!("pull request: {}\n{}", prepared.title, prepared.body);
        return 0;
    }
    let token = env("GITHUB_TOKEN");
    match push(&repo, &prepared, &args.remote, token.as_deref()) {
        Ok(Pushed::Commit(commit)) => {
            println!("publish: pushed {} to `{}`", &commit.to_string()[..10], prepared.branch)
        }
        Ok(Pushed::AlreadyPublished(commit)) => {
            println!("publish: `{}` already holds these files ({})", prepared.branch, &commit.to_string()[..10])
        }
        Err(error) => {
            eprintln!("error: {error}");
            return super::FAILURE;
        }
    }
    let Some(repository) = env("GITHUB_REPOSITORY") else {
        println!("publish: GITHUB_REPOSITORY is not set; no pull request opened");
        return 0;
    };
    let Some(token) = token else {
        eprintln!("error: GITHUB_TOKEN is not set; cannot open the pull request");
        return super::FAILURE;
    };
    let api = env("GITHUB_API_URL").unwrap_or_else(|| "https://api.github.com".to_string());
    // `--base origin/main` is `main` to GitHub.
    let base = match args.base.split_once('/') {
        Some((remote, branch)) if repo.find_remote(remote).is_ok() => branch,
        _ => args.base.as_str(),
    };
    match open_or_update(&api, token, &repository, &prepared.branch, base, &prepared.title, &prepared.body) {
        Ok(PullRequest::Opened(number, url)) => println!("publish: opened pull request #{number} {url}"),
        Ok(PullRequest::Updated(number, url)) => println!("publish: updated pull request #{number} {url}"),
        Err(error) => {
            eprintln!("error: {error}");
            return super::FAILURE;
        }
    }
    0
}
