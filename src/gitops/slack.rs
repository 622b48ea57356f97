//! Sending Slack Web API calls (`SLACK_API_URL`, `SLACK_BOT_TOKEN`): the posts rendered by
//! [`crate::render::slack`], one call each.

use super::api::{ApiError, Client};
use crate::render::slack::Post;
use serde_json::Value;

/// Sends every post, even after one fails (a topic that fails must not cost the
/// announcement); Slack answers 200 with `ok: false` on failure, which is an error too.
/// Returns the failures.
pub fn send(api: &str, token: String, posts: &[Post]) -> Vec<ApiError> {
    let client = Client::new(api, token, vec![]);
    let mut failures = Vec::new();
    for post in posts {
        match client.call("POST", &format!("/{}", post.method), Some(&post.payload)) {
            Ok(answer) if answer.get("ok") == Some(&Value::Bool(true)) => {}
            Ok(answer) => {
                let reason =
                    answer.get("error").and_then(Value::as_str).unwrap_or("no `ok: true` in the answer").to_string();
                let channel = post.payload.get("channel").and_then(Value::as_str).unwrap_or_default();
                failures.push(ApiError::Status {
                    method: "POST",
                    url: format!("{api}/{} ({channel})", post.method),
                    status: 200,
                    message: reason,
                });
            }
            Err(error) => failures.push(error),
        }
    }
    failures
}
