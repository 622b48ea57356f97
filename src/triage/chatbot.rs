//! Recognising the alarm notifications AWS Chatbot (now Amazon Q Developer in chat
//! applications) posts: a bot message whose `text` is usually empty, the content in
//! `attachments` (legacy) or `blocks`. The alarm is named in the title
//! ("CloudWatch Alarm | <name> | <region> | Account: <id>") and in the console link
//! (`#alarmsV2:alarm/<name>`); the state is read from a state field, the title, or the
//! first line of the text ("... changed state to OK"), never from the word ALARM anywhere (an
//! OK notification quotes the reason the alarm fired). Other messages are not notifications.

use super::State;
use crate::gitops::slack_read::Message;
use serde_json::Value;

/// What a notification says.
#[derive(Clone, Debug, PartialEq)]
pub struct Seen {
    /// The texts that name the alarm (titles, headers, the console link's alarm name),
    /// searched in order for a configured name.
    pub texts: Vec<String>,
    /// The alarm name as the message structures it, for notifications of alarms not
    /// configured here.
    pub name: Option<String>,
    pub state: State,
}

/// The Slack app id of AWS Chatbot / Amazon Q Developer.
pub const CHATBOT_APP_ID: &str = "A6L22LZNH";

/// Whether the message comes from AWS Chatbot / Amazon Q Developer.
fn from_chatbot(message: &Message) -> bool {
    let app = message.app_id.as_deref().or(message.bot_profile.as_ref().and_then(|p| p.app_id.as_deref()));
    if app == Some(CHATBOT_APP_ID) {
        return true;
    }
    let name = message.bot_profile.as_ref().and_then(|p| p.name.as_deref()).or(message.username.as_deref());
    let is_bot = message.bot_id.is_some() || message.subtype.as_deref() == Some("bot_message");
    is_bot
        && name.is_some_and(|n| {
            let n = n.to_ascii_lowercase();
            n.contains("aws chatbot") || n.contains("amazon q") || n == "aws"
        })
}

fn str_of<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value.get(key).and_then(Value::as_str).filter(|s| !s.trim().is_empty())
}

/// The texts of the blocks: header and section texts, section fields, context elements.
fn block_texts(blocks: &[Value], out: &mut Vec<String>) {
    for block in blocks {
        let text = block.get("text").and_then(|t| str_of(t, "text"));
        match block.get("type").and_then(Value::as_str) {
            Some("header" | "section") => out.extend(text.map(str::to_string)),
            Some("context") => {
                for element in block.get("elements").and_then(Value::as_array).into_iter().flatten() {
                    out.extend(str_of(element, "text").map(str::to_string));
                }
            }
            Some("rich_text") => {
                let mut plain = String::new();
                rich_text(block, &mut plain);
                if !plain.trim().is_empty() {
                    out.push(plain);
                }
            }
            _ => {}
        }
        for field in block.get("fields").and_then(Value::as_array).into_iter().flatten() {
            out.extend(str_of(field, "text").map(str::to_string));
        }
    }
}

/// The plain text of a `rich_text` block.
fn rich_text(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(text)) = map.get("text") {
                out.push_str(text);
            }
            if let Some(Value::String(url)) = map.get("url") {
                out.push(' ');
                out.push_str(url);
                out.push(' ');
            }
            if let Some(elements) = map.get("elements") {
                rich_text(elements, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| rich_text(i, out)),
        _ => {}
    }
}

/// The alarm name of a CloudWatch console link (`...#alarmsV2:alarm/<name>`, URL-encoded).
fn console_name(text: &str) -> Option<String> {
    let at = text.find("#alarmsV2:alarm/")? + "#alarmsV2:alarm/".len();
    let rest = &text[at..];
    let end = rest.find(['|', '>', ' ', '\n', '?', '"', ')']).unwrap_or(rest.len());
    let encoded = &rest[..end];
    let decoded = percent_decode(encoded);
    (!decoded.is_empty()).then_some(decoded)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = text.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The alarm name of a title "CloudWatch Alarm | <name> | <region> | Account: <id>" (the
/// name may hold `|`: everything between the first and the region).
fn title_name(title: &str) -> Option<String> {
    let title = title.trim_matches(|c: char| c == '*' || c.is_whitespace());
    let at = title.find("CloudWatch Alarm |")? + "CloudWatch Alarm |".len();
    let parts: Vec<&str> = title[at..].split(" | ").collect();
    let name = match parts.as_slice() {
        [name] => *name,
        [name @ .., _region, account] if account.trim_start().starts_with("Account") => &name.join(" | "),
        [name @ .., _region] => &name.join(" | "),
        [] => return None,
    };
    let name = name.trim().trim_matches('*').trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// The state a text announces in a recognised form.
fn state_in(text: &str) -> Option<State> {
    let word = |w: &str| match w.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '_') {
        "ALARM" => Some(State::Alarm),
        "OK" => Some(State::Ok),
        "INSUFFICIENT_DATA" => Some(State::InsufficientData),
        _ => None,
    };
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
    for marker in ["changed state to ", "State changed to ", "state: ", "State: ", "New state: "] {
        if let Some(at) = first_line.find(marker)
            && let Some(state) = first_line[at + marker.len()..].split_whitespace().next().and_then(word)
        {
            return Some(state);
        }
    }
    // `ALARM: "name" in EU (Ireland)` (the SNS subject), or a title led by its state
    // after an emoji: `:rotating_light: ALARM | ...`.
    let lead = first_line.trim_start().trim_start_matches('*');
    let lead = match lead.strip_prefix(':') {
        Some(rest) => rest.split_once(": ").or_else(|| rest.split_once(':')).map_or(lead, |(_, after)| after),
        None => lead,
    };
    let first = lead.split([' ', '|', ':']).find(|w| !w.is_empty())?;
    word(first)
}

/// A field's state (`State`, `New State`, `Current State`: `ALARM`).
fn field_state(attachment: &Value) -> Option<State> {
    for field in attachment.get("fields").and_then(Value::as_array).into_iter().flatten() {
        let title = str_of(field, "title").unwrap_or_default().to_ascii_lowercase();
        if matches!(title.as_str(), "state" | "new state" | "current state" | "alarm state" | "status") {
            let value = str_of(field, "value").unwrap_or_default().trim().trim_matches('*');
            return match value {
                "ALARM" => Some(State::Alarm),
                "OK" => Some(State::Ok),
                "INSUFFICIENT_DATA" | "INSUFFICIENT DATA" => Some(State::InsufficientData),
                _ => None,
            };
        }
    }
    None
}

/// The notification a message is, if it is one.
pub fn recognise(message: &Message) -> Option<Seen> {
    if !from_chatbot(message) {
        return None;
    }
    let mut titles = Vec::new();
    let mut bodies = Vec::new();
    let mut state = None;
    let mut name = None;
    let mut links = Vec::new();
    for attachment in &message.attachments {
        for key in ["title", "fallback", "pretext"] {
            titles.extend(str_of(attachment, key).map(str::to_string));
        }
        links.extend(str_of(attachment, "title_link").map(str::to_string));
        bodies.extend(str_of(attachment, "text").map(str::to_string));
        state = state.or_else(|| field_state(attachment));
        if let Some(blocks) = attachment.get("blocks").and_then(Value::as_array) {
            block_texts(blocks, &mut titles);
        }
    }
    block_texts(&message.blocks, &mut titles);
    if !message.text.trim().is_empty() {
        titles.push(message.text.clone());
    }
    for text in titles.iter().chain(&links).chain(&bodies) {
        name = name.or_else(|| title_name(text)).or_else(|| console_name(text));
    }
    for title in &titles {
        state = state.or_else(|| state_in(title));
    }
    let state = state.or_else(|| bodies.iter().find_map(|b| state_in(b)))?;
    let mut texts: Vec<String> = Vec::new();
    texts.extend(name.clone());
    texts.extend(links.iter().filter_map(|l| console_name(l)));
    texts.extend(titles.iter().map(|t| t.lines().next().unwrap_or_default().to_string()));
    Some(Seen { texts, name, state })
}
