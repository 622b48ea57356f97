//! Opening or updating the pull request that publishes the generated artifacts, through the
//! GitHub REST API (`GITHUB_API_URL`, `GITHUB_REPOSITORY`, `GITHUB_TOKEN`).

use super::api::{ApiError, Client};
use serde_json::{Value, json};

/// What happened to the pull request.
#[derive(Debug, PartialEq, Eq)]
pub enum PullRequest {
    Opened(u64, String),
    Updated(u64, String),
}

fn github(api: &str, token: String) -> Client {
    Client::new(api, token, vec![("Accept", "application/vnd.github+json"), ("X-GitHub-Api-Version", "2022-11-28")])
}

/// Opens a pull request from `branch` into `base`, or updates the one already open.
pub fn open_or_update(
    api: &str,
    token: String,
    repository: &str,
    branch: &str,
    base: &str,
    title: &str,
    body: &str,
) -> Result<PullRequest, ApiError> {
    let client = github(api, token);
    let owner = repository.split('/').next().unwrap_or(repository);
    let open =
        client.call("GET", &format!("/repos/{repository}/pulls?state=open&head={owner}:{branch}&base={base}"), None)?;
    let existing = open
        .as_array()
        .and_then(|prs| prs.first())
        .and_then(|pr| Some((pr.get("number")?.as_u64()?, pr.get("html_url")?.as_str()?.to_string())));
    match existing {
        Some((number, url)) => {
            client.call(
                "PATCH",
                &format!("/repos/{repository}/pulls/{number}"),
                Some(&json!({"title": title, "body": body})),
            )?;
            Ok(PullRequest::Updated(number, url))
        }
        None => {
            let created = client.call(
                "POST",
                &format!("/repos/{repository}/pulls"),
                Some(&json!({"title": title, "head": branch, "base": base, "body": body})),
            )?;
            let number = created.get("number").and_then(Value::as_u64).unwrap_or(0);
            let url = created.get("html_url").and_then(Value::as_str).unwrap_or_default().to_string();
            Ok(PullRequest::Opened(number, url))
        }
    }
}
