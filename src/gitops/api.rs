//! A small JSON-over-HTTPS client for the GitHub and Slack APIs: bearer token from the
//! environment (never printed), explicit timeouts, and errors that say which call failed
//! and why, without the token.

use serde_json::Value;
use std::time::Duration;

/// A failed API call.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{method} {url}: HTTP {status}: {message}")]
    Status { method: &'static str, url: String, status: u16, message: String },
    #[error("{method} {url}: {reason}")]
    Transport { method: &'static str, url: String, reason: String },
}

/// An authenticated client of one API.
pub struct Client {
    agent: ureq::Agent,
    base: String,
    token: String,
    extra: Vec<(&'static str, &'static str)>,
}

impl Client {
    pub fn new(base: &str, token: String, extra: Vec<(&'static str, &'static str)>) -> Client {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .user_agent(concat!("oncall-as-code/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Client { agent, base: base.trim_end_matches('/').to_string(), token, extra }
    }

    /// Calls `method path` with an optional JSON body; returns the JSON response of a 2xx.
    pub fn call(&self, method: &'static str, path: &str, body: Option<&Value>) -> Result<Value, ApiError> {
        let url = format!("{}{}", self.base, path);
        let transport = |e: ureq::Error| ApiError::Transport { method, url: url.clone(), reason: e.to_string() };
        let auth = format!("Bearer {}", self.token);
        let response = match (method, body) {
            ("GET", _) => {
                let mut request = self.agent.get(&url).header("Authorization", &auth);
                for (k, v) in &self.extra {
                    request = request.header(*k, *v);
                }
                request.call()
            }
            (_, body) => {
                let mut request = match method {
                    "PATCH" => self.agent.patch(&url),
                    "PUT" => self.agent.put(&url),
                    _ => self.agent.post(&url),
                }
                .header("Authorization", &auth);
                for (k, v) in &self.extra {
                    request = request.header(*k, *v);
                }
                request.send_json(body.cloned().unwrap_or(Value::Null))
            }
        }
        .map_err(transport)?;
        let status = response.status().as_u16();
        let text = response.into_body().read_to_string().map_err(transport)?;
        let json: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        if !(200..300).contains(&status) {
            let message = json
                .get("message")
                .or_else(|| json.get("error"))
                .and_then(Value::as_str)
                .map_or_else(|| text.chars().take(200).collect::<String>(), str::to_string);
            return Err(ApiError::Status { method, url, status, message: message.replace(&self.token, "***") });
        }
        Ok(json)
    }
}
