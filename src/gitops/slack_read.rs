//! Reading a channel's messages through the Slack Web API: `conversations.history` between
//! two times with cursor pagination, and a thread through `conversations.replies`. A `429`
//! is waited out for as long as its `Retry-After` says (a few times, then it is an error);
//! `ok: false` replies, other HTTP statuses and timeouts are errors that name the method, the
//! channel and Slack's error code (with the scope Slack says is missing). The token goes in
//! the `Authorization` header only and is never part of a message.

use serde::Deserialize;
use serde_json::Value;
use std::time::Duration;

/// One message as `conversations.history` and `conversations.replies` give it, with the
/// fields triage reads.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Message {
    pub ts: String,
    #[serde(default)]
    pub subtype: Option<String>,
    #[serde(default)]
    pub user: Option<String>,
    #[serde(default)]
    pub bot_id: Option<String>,
    #[serde(default)]
    pub app_id: Option<String>,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub bot_profile: Option<BotProfile>,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub attachments: Vec<Value>,
    #[serde(default)]
    pub blocks: Vec<Value>,
    #[serde(default)]
    pub reactions: Vec<Reaction>,
    #[serde(default)]
    pub thread_ts: Option<String>,
    #[serde(default)]
    pub reply_count: u32,
}

impl Message {
    /// Whether a person wrote it (not an app, a bot or Slack itself).
    pub fn by_a_person(&self) -> bool {
        self.user.is_some()
            && self.bot_id.is_none()
            && self.bot_profile.is_none()
            && matches!(self.subtype.as_deref(), None | Some("thread_broadcast" | "file_share" | "me_message"))
    }

    /// The time of the message, in seconds since the epoch.
    pub fn seconds(&self) -> Option<f64> {
        self.ts.parse::<f64>().ok().filter(|s| s.is_finite())
    }
}

/// The app a bot message came from.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct BotProfile {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub app_id: Option<String>,
}

/// A reaction: the emoji name and who reacted with it.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Reaction {
    pub name: String,
    #[serde(default)]
    pub users: Vec<String>,
}

#[derive(Deserialize)]
struct Page {
    ok: bool,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    needed: Option<String>,
    #[serde(default)]
    messages: Vec<Message>,
    #[serde(default)]
    response_metadata: Option<Metadata>,
}

#[derive(Deserialize)]
struct Metadata {
    #[serde(default)]
    next_cursor: Option<String>,
}

/// A call that failed.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Slack answered `ok: false`.
    #[error("{method} of {channel}: Slack answered `{error}`{}", hint(error, needed.as_deref()))]
    Slack { method: &'static str, channel: String, error: String, needed: Option<String> },
    /// Any other HTTP status.
    #[error("{method} of {channel}: HTTP {status}{}", if body.is_empty() { String::new() } else { format!(": {body}") })]
    Status { method: &'static str, channel: String, status: u16, body: String },
    /// No answer, or one that is not Slack's JSON.
    #[error("{method} of {channel}: {reason}")]
    Transport { method: &'static str, channel: String, reason: String },
}

/// What to do about a Slack error code.
pub fn hint(error: &str, needed: Option<&str>) -> String {
    match (error, needed) {
        ("missing_scope", Some(needed)) => {
            format!(" (the app needs the `{needed}` scope: add it under OAuth & Permissions and reinstall the app)")
        }
        ("missing_scope", None) => {
            " (the app needs `channels:history` (`groups:history` for private channels) and `reactions:read`; add them and reinstall the app)"
                .to_string()
        }
        ("not_in_channel", _) => " (invite the app to the channel: /invite @<the app>)".to_string(),
        ("channel_not_found", _) => " (check the channel id in roster/policy.yaml)".to_string(),
        ("invalid_auth" | "not_authed" | "token_revoked" | "account_inactive", _) => {
            " (SLACK_BOT_TOKEN is not a valid bot token of the workspace)".to_string()
        }
        ("ratelimited", _) => " (rate limited; try again later)".to_string(),
        ("not_allowed_token_type", _) => {
            " (Slack refuses this token type for the call: use the bot token of the team's own app installed in this workspace)"
                .to_string()
        }
        _ => String::new(),
    }
}

/// The most pages one walk reads: 10,000 pages of 200 is two million messages.
const MAX_PAGES: usize = 10_000;

/// The cursor of the next page, none at the end; a cursor Slack gave before (a walk that
/// would never end) or a walk past [`MAX_PAGES`] is an error.
fn next_cursor(
    metadata: Option<Metadata>,
    seen: &mut std::collections::HashSet<String>,
    method: &'static str,
    channel: &str,
) -> Result<Option<String>, ReadError> {
    let Some(next) = metadata.and_then(|m| m.next_cursor).filter(|c| !c.is_empty()) else { return Ok(None) };
    let reason = if seen.len() >= MAX_PAGES {
        format!("more than {MAX_PAGES} pages; narrow the window")
    } else if !seen.insert(next.clone()) {
        "Slack gave the same page cursor again; stopped reading".to_string()
    } else {
        return Ok(Some(next));
    };
    Err(ReadError::Transport { method, channel: channel.to_string(), reason })
}

/// A reader of one workspace's channels.
pub struct Reader {
    agent: ureq::Agent,
    base: String,
    token: String,
    /// How many `429`s in a row are waited out before giving up.
    retries: u32,
    /// The longest `Retry-After` waited for; longer is an error.
    max_wait: Duration,
    timeout: Duration,
}

impl Reader {
    /// A reader of `base` (`https://slack.com/api`, or `SLACK_API_URL`) with `token`; calls
    /// time out after `timeout`.
    pub fn new(base: &str, token: String, timeout: Duration) -> Reader {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(timeout))
            .user_agent(concat!("oncall-as-code/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Reader {
            agent,
            base: base.trim_end_matches('/').to_string(),
            token,
            retries: 5,
            max_wait: Duration::from_secs(120),
            timeout,
        }
    }

    /// Every message of `channel` from `oldest` to `latest` (Slack `ts` strings, both
    /// included), newest first as Slack gives them. On an error, the messages read before it.
    pub fn history(
        &self,
        channel: &str,
        oldest: &str,
        latest: &str,
    ) -> Result<Vec<Message>, (Vec<Message>, ReadError)> {
        let mut out = Vec::new();
        let mut cursor = String::new();
        let mut seen = std::collections::HashSet::new();
        loop {
            let mut query = vec![
                ("channel", channel),
                ("oldest", oldest),
                ("latest", latest),
                ("inclusive", "true"),
                ("limit", "200"),
            ];
            if !cursor.is_empty() {
                query.push(("cursor", &cursor));
            }
            let page = match self.call("conversations.history", channel, &query) {
                Ok(page) => page,
                Err(error) => return Err((out, error)),
            };
            out.extend(page.messages);
            match next_cursor(page.response_metadata, &mut seen, "conversations.history", channel) {
                Ok(Some(next)) => cursor = next,
                Ok(None) => return Ok(out),
                Err(error) => return Err((out, error)),
            }
        }
    }

    /// The replies of the thread `ts` in `channel`, without the message that started it.
    pub fn replies(&self, channel: &str, ts: &str) -> Result<Vec<Message>, ReadError> {
        let mut out = Vec::new();
        let mut cursor = String::new();
        let mut seen = std::collections::HashSet::new();
        loop {
            let mut query = vec![("channel", channel), ("ts", ts), ("limit", "200")];
            if !cursor.is_empty() {
                query.push(("cursor", &cursor));
            }
            let page = self.call("conversations.replies", channel, &query)?;
            out.extend(page.messages.into_iter().filter(|m| m.ts != ts));
            match next_cursor(page.response_metadata, &mut seen, "conversations.replies", channel)? {
                Some(next) => cursor = next,
                None => return Ok(out),
            }
        }
    }

    fn call(&self, method: &'static str, channel: &str, query: &[(&str, &str)]) -> Result<Page, ReadError> {
        let url = format!("{}/{method}", self.base);
        let transport = |reason: String| ReadError::Transport { method, channel: channel.to_string(), reason };
        let mut waited = 0;
        loop {
            let mut request = self.agent.get(&url).header("Authorization", &format!("Bearer {}", self.token));
            for (key, value) in query {
                request = request.query(*key, *value);
            }
            let response = request.call().map_err(|e| match e {
                ureq::Error::Timeout(_) => transport(format!(
                    "no answer within {} s (SLACK_TIMEOUT_SECONDS sets how long to wait)",
                    self.timeout.as_secs()
                )),
                e => transport(e.to_string().replace(&self.token, "***")),
            })?;
            let status = response.status().as_u16();
            if status == 429 {
                let wait = response
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map_or(Duration::from_secs(1), Duration::from_secs);
                if waited >= self.retries || wait > self.max_wait {
                    return Err(ReadError::Slack {
                        method,
                        channel: channel.to_string(),
                        error: "ratelimited".to_string(),
                        needed: None,
                    });
                }
                waited += 1;
                std::thread::sleep(wait);
                continue;
            }
            let text = response.into_body().read_to_string().map_err(|e| transport(e.to_string()))?;
            if !(200..300).contains(&status) {
                let body: String = text.replace(&self.token, "***").chars().take(200).collect();
                return Err(ReadError::Status { method, channel: channel.to_string(), status, body });
            }
            let page: Page =
                serde_json::from_str(&text).map_err(|e| transport(format!("the answer is not Slack's JSON ({e})")))?;
            if !page.ok {
                return Err(ReadError::Slack {
                    method,
                    channel: channel.to_string(),
                    error: page.error.unwrap_or_else(|| "no `ok: true` in the answer".to_string()),
                    needed: page.needed,
                });
            }
            return Ok(page);
        }
    }
}
