//! A Slack workspace stand-in on 127.0.0.1: `conversations.history` (oldest/latest with
//! `inclusive`, newest first, `limit`, opaque `next_cursor` in `response_metadata`,
//! `has_more`), `conversations.replies` (the parent first, then the replies, paginated the
//! same way) and `chat.postMessage`, as the Web API answers them; faults from the fixture (a
//! `429` with `Retry-After`, `ok: false` errors with `needed`/`provided`, HTTP 500, a reply
//! that never comes). Every request is recorded with its query and body.
//!
//! The workspace file: `{"channels": {"C…": [message, …]}, "replies": {"C…/ts": [reply, …]},
//! "faults": [{"method", "channel"?, "call"?, "status"?, "retry_after"?, "error"?, "needed"?,
//! "hang"?}]}`; a fault applies to the `call`-th request (1-based, default every) of its
//! method (and channel).

use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::Write;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

#[derive(Clone, Debug)]
pub struct SlackRequest {
    pub method: String,
    pub api: String,
    pub query: HashMap<String, String>,
    pub authorization: Option<String>,
    pub body: Value,
}

pub struct Workspace {
    pub url: String,
    requests: Arc<Mutex<Vec<SlackRequest>>>,
}

impl Workspace {
    pub fn requests(&self) -> Vec<SlackRequest> {
        self.requests.lock().unwrap().clone()
    }

    /// The texts posted with chat.postMessage.
    pub fn posts(&self) -> Vec<Value> {
        self.requests().into_iter().filter(|r| r.api == "chat.postMessage").map(|r| r.body).collect()
    }
}

/// A query string's key or value: `+` is a space, then percent-decoding.
fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(&text.replace('+', " ")).decode_utf8_lossy().into_owned()
}

/// Whether the fixture's faults make `api` of `channel` repeat its cursor.
fn fault_repeats_cursor(fixture: &Value, api: &str, channel: Option<&str>) -> bool {
    fixture["faults"].as_array().into_iter().flatten().any(|f| {
        f["method"] == api && f["repeat_cursor"] == true && f["channel"].as_str().is_none_or(|c| Some(c) == channel)
    })
}

fn ts_of(message: &Value) -> f64 {
    message["ts"].as_str().and_then(|t| t.parse().ok()).unwrap_or(0.0)
}

/// A page of `items` from the cursor on: the page and the next cursor (empty at the end).
fn page(items: &[Value], cursor: &str, limit: usize) -> (Vec<Value>, String) {
    let start: usize = cursor.strip_prefix("bmV4dF90czo").and_then(|n| n.parse().ok()).unwrap_or(0);
    let end = (start + limit).min(items.len());
    let next = if end < items.len() { format!("bmV4dF90czo{end}") } else { String::new() };
    (items.get(start..end).unwrap_or_default().to_vec(), next)
}

/// Starts the workspace of `fixture` (see the module's documentation).
pub fn workspace(fixture: &Value) -> Workspace {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(Mutex::new(Vec::new()));
    let recorded = Arc::clone(&requests);
    let fixture = Arc::new(fixture.clone());
    let calls: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let (fixture, calls, recorded) = (Arc::clone(&fixture), Arc::clone(&calls), Arc::clone(&recorded));
            // One thread per connection: a request that hangs holds up no other.
            std::thread::spawn(move || answer(stream, &fixture, &calls, &recorded));
        }
    });
    Workspace { url, requests }
}

fn answer(
    mut stream: std::net::TcpStream,
    fixture: &Value,
    calls: &Mutex<HashMap<String, usize>>,
    recorded: &Mutex<Vec<SlackRequest>>,
) {
    let Some((method, target, authorization, body)) = super::read_request(&stream) else { return };
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let api = path.trim_start_matches('/').to_string();
    let query: HashMap<String, String> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    recorded.lock().unwrap().push(SlackRequest {
        method,
        api: api.clone(),
        query: query.clone(),
        authorization: authorization.clone(),
        body: body.clone(),
    });
    let channel = query.get("channel").cloned().or_else(|| body["channel"].as_str().map(str::to_string));
    let count = {
        let key = format!("{api} {}", channel.clone().unwrap_or_default());
        let mut calls = calls.lock().unwrap();
        let n = calls.entry(key).or_default();
        *n += 1;
        *n
    };
    let fault = fixture["faults"].as_array().into_iter().flatten().find(|f| {
        f["method"] == api.as_str()
            && f["channel"].as_str().is_none_or(|c| Some(c) == channel.as_deref())
            && f["call"].as_u64().is_none_or(|c| c as usize == count)
            && f["repeat_cursor"] != true
    });
    let (status, extra, answer) = if authorization.as_deref() != Some("Bearer xoxb-test-token") {
        (200, String::new(), json!({"ok": false, "error": "invalid_auth"}))
    } else if let Some(fault) = fault {
        if fault["hang"].as_bool() == Some(true) {
            std::thread::sleep(std::time::Duration::from_secs(5));
            return;
        }
        let status = fault["status"].as_u64().unwrap_or(200) as u16;
        let extra = fault["retry_after"].as_u64().map(|s| format!("Retry-After: {s}\r\n")).unwrap_or_default();
        let answer = match (status, fault["error"].as_str()) {
            (429, _) => json!({"ok": false, "error": "ratelimited"}),
            (200, Some(error)) => {
                let mut a = json!({"ok": false, "error": error});
                if let Some(needed) = fault["needed"].as_str() {
                    a["needed"] = json!(needed);
                    a["provided"] = json!("chat:write,channels:read");
                }
                a
            }
            _ => json!({"ok": false, "error": "internal_error"}),
        };
        (status, extra, answer)
    } else {
        let page_size = fixture["page_size"].as_u64().map_or(999, |p| p as usize);
        let limit = query.get("limit").and_then(|l| l.parse().ok()).unwrap_or(100usize).clamp(1, 999).min(page_size);
        let cursor = query.get("cursor").cloned().unwrap_or_default();
        match api.as_str() {
            "conversations.history" => {
                let id = channel.clone().unwrap_or_default();
                match fixture["channels"].get(&id).and_then(Value::as_array) {
                    None => (200, String::new(), json!({"ok": false, "error": "channel_not_found"})),
                    Some(messages) => {
                        let inclusive = query.get("inclusive").is_some_and(|v| v == "true" || v == "1");
                        let bound = |k: &str| query.get(k).and_then(|v| v.parse::<f64>().ok());
                        let (oldest, latest) = (bound("oldest").unwrap_or(0.0), bound("latest"));
                        let mut inside: Vec<Value> = messages
                            .iter()
                            .filter(|m| {
                                let t = ts_of(m);
                                let after = if inclusive { t >= oldest } else { t > oldest };
                                let before = latest.is_none_or(|l| if inclusive { t <= l } else { t < l });
                                after && before
                            })
                            .cloned()
                            .collect();
                        inside.sort_by(|a, b| ts_of(b).total_cmp(&ts_of(a)));
                        let (messages, mut next) = page(&inside, &cursor, limit);
                        if fault_repeats_cursor(fixture, &api, channel.as_deref()) {
                            // A server that hands out the first page's cursor forever.
                            next = page(&inside, "", limit).1;
                        }
                        (
                            200,
                            String::new(),
                            json!({"ok": true, "messages": messages, "has_more": !next.is_empty(),
                                "pin_count": 0, "response_metadata": {"next_cursor": next}}),
                        )
                    }
                }
            }
            "conversations.replies" => {
                let id = channel.clone().unwrap_or_default();
                let ts = query.get("ts").cloned().unwrap_or_default();
                let parent =
                    fixture["channels"][&id].as_array().into_iter().flatten().find(|m| m["ts"] == ts.as_str()).cloned();
                match parent {
                    None => (200, String::new(), json!({"ok": false, "error": "thread_not_found"})),
                    Some(parent) => {
                        let mut thread = vec![parent];
                        let mut replies: Vec<Value> =
                            fixture["replies"][format!("{id}/{ts}")].as_array().cloned().unwrap_or_default();
                        replies.sort_by(|a, b| ts_of(a).total_cmp(&ts_of(b)));
                        thread.extend(replies);
                        let (messages, next) = page(&thread, &cursor, limit);
                        (
                            200,
                            String::new(),
                            json!({"ok": true, "messages": messages, "has_more": !next.is_empty(),
                                "response_metadata": {"next_cursor": next}}),
                        )
                    }
                }
            }
            "chat.postMessage" => (
                200,
                String::new(),
                json!({"ok": true, "channel": channel, "ts": "1764608400.000100", "message": {"text": body["text"]}}),
            ),
            _ => (200, String::new(), json!({"ok": false, "error": "unknown_method"})),
        }
    };
    let text = answer.to_string();
    let _ = write!(
        stream,
        "HTTP/1.1 {status} Slack\r\nContent-Type: application/json; charset=utf-8\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{text}",
        text.len()
    );
}
