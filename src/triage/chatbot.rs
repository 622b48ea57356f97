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

/// The texts of blocks: the header and the first section's first line are heads (where the
/// alarm is named), other sections, fields and context elements are bodies.
fn block_texts(blocks: &[Value], heads: &mut Vec<String>, bodies: &mut Vec<String>) {
    let mut first_section = true;
    for block in blocks {
        let text = block.get("text").and_then(|t| str_of(t, "text"));
        match block.get("type").and_then(Value::as_str) {
            Some("header") => heads.extend(text.map(str::to_string)),
            Some("section") => {
                if let Some(text) = text {
                    if first_section {
                        heads.push(text.lines().next().unwrap_or_default().to_string());
                    }
                    bodies.push(text.to_string());
                }
                first_section = false;
            }
            Some("context") => {
                for element in block.get("elements").and_then(Value::as_array).into_iter().flatten() {
                    bodies.extend(str_of(element, "text").map(str::to_string));
                }
            }
            Some("rich_text") => {
                let mut plain = String::new();
                rich_text(block, &mut plain);
                if !plain.trim().is_empty() {
                    if first_section {
                        heads.push(plain.lines().next().unwrap_or_default().to_string());
                    }
                    bodies.push(plain);
                }
                first_section = false;
            }
            _ => {}
        }
        for field in block.get("fields").and_then(Value::as_array).into_iter().flatten() {
            bodies.extend(str_of(field, "text").map(str::to_string));
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
    let decoded = percent_encoding::percent_decode_str(encoded).decode_utf8_lossy().into_owned();
    (!decoded.is_empty()).then_some(decoded)
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
    for marker in ["changed state to ", "State changed to ", "state: ", "State: "] {
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

fn state_word(value: &str) -> Option<State> {
    match value.trim().trim_matches(|c: char| c == '*' || c == '_' || c == '`' || c.is_whitespace()) {
        "ALARM" => Some(State::Alarm),
        "OK" => Some(State::Ok),
        "INSUFFICIENT_DATA" | "INSUFFICIENT DATA" => Some(State::InsufficientData),
        _ => None,
    }
}

/// Whether a field's label names the state.
fn state_label(label: &str) -> bool {
    let label = label.trim().trim_matches(|c: char| c == '*' || c == '_' || c == ':' || c.is_whitespace());
    matches!(
        label.to_ascii_lowercase().as_str(),
        "state" | "new state" | "current state" | "alarm state" | "status" | "newstatevalue"
    )
}

/// An attachment field's state (`{"title": "State", "value": "ALARM"}`).
fn field_state(attachment: &Value) -> Option<State> {
    attachment
        .get("fields")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|f| state_label(str_of(f, "title").unwrap_or_default()))
        .and_then(|f| state_word(str_of(f, "value").unwrap_or_default()))
}

/// A block field's state: `*State*\nALARM` or `*State:* ALARM`.
fn labelled_state(text: &str) -> Option<State> {
    // `State: ALARM` on the first line, or `*State*` with the value on the next.
    let first = text.lines().next().unwrap_or_default();
    let (label, value) = match first.split_once(':') {
        Some((label, value)) if !value.trim_matches(['*', ' ']).is_empty() => (label, value),
        _ => (first, text.lines().nth(1).unwrap_or_default()),
    };
    let value = value.trim_start_matches(['*', ':', ' ']);
    state_label(label).then(|| state_word(value)).flatten()
}

/// The state an attachment's colour stands for, as Chatbot colours them.
fn color_state(attachment: &Value) -> Option<State> {
    let color = str_of(attachment, "color")?.trim_start_matches('#').to_ascii_lowercase();
    match color.as_str() {
        "danger" | "e01e5a" | "d13212" | "a30200" | "ff0000" | "d00000" => Some(State::Alarm),
        "good" | "2eb886" | "1d8102" | "36a64f" | "00ff00" => Some(State::Ok),
        "warning" | "ecb22e" | "daa038" | "ff9900" => Some(State::InsufficientData),
        _ => None,
    }
}

/// The notification a message is, if it is one.
pub fn recognise(message: &Message) -> Option<Seen> {
    if !from_chatbot(message) {
        return None;
    }
    let (mut heads, mut bodies, mut links) = (Vec::new(), Vec::new(), Vec::new());
    let mut state = None;
    let mut color = None;
    for attachment in &message.attachments {
        for key in ["title", "pretext", "fallback"] {
            heads.extend(str_of(attachment, key).map(|t| t.lines().next().unwrap_or_default().to_string()));
        }
        links.extend(str_of(attachment, "title_link").map(str::to_string));
        bodies.extend(str_of(attachment, "text").map(str::to_string));
        state = state.or_else(|| field_state(attachment));
        color = color.or_else(|| color_state(attachment));
        if let Some(blocks) = attachment.get("blocks").and_then(Value::as_array) {
            block_texts(blocks, &mut heads, &mut bodies);
        }
    }
    block_texts(&message.blocks, &mut heads, &mut bodies);
    if let Some(first) = message.text.lines().find(|l| !l.trim().is_empty()) {
        heads.push(first.to_string());
        bodies.push(message.text.clone());
    }
    let name = heads
        .iter()
        .find_map(|h| title_name(h))
        .or_else(|| links.iter().chain(&heads).chain(&bodies).find_map(|t| console_name(t)));
    let state = state
        .or_else(|| bodies.iter().find_map(|b| labelled_state(b)))
        .or_else(|| heads.iter().find_map(|h| state_in(h)))
        .or(color)?;
    // A name the message structures is the alarm's whole name: matched alone, so that a
    // reason quoting another alarm never names this notification's alarm.
    let texts = match &name {
        Some(name) => vec![name.clone()],
        None => heads,
    };
    Some(Seen { texts, name, state })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn message(value: Value) -> Message {
        serde_json::from_value(value).unwrap()
    }

    fn chatbot(extra: Value) -> Message {
        let mut base = json!({"type": "message", "subtype": "bot_message", "ts": "1796087640.000100", "text": "",
            "bot_id": "B0AWSCHAT1", "app_id": CHATBOT_APP_ID});
        base.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        message(base)
    }

    #[test]
    fn names_come_from_the_title_or_the_console_link() {
        assert_eq!(
            title_name("CloudWatch Alarm | api-5xx | eu-west-1 | Account: 123456789012").as_deref(),
            Some("api-5xx")
        );
        assert_eq!(
            title_name(":rotating_light: CloudWatch Alarm | a | b | eu-west-1 | Account: 1").as_deref(),
            Some("a | b")
        );
        assert_eq!(title_name("*CloudWatch Alarm | Prod-API-5XX | us-east-1*").as_deref(), Some("Prod-API-5XX"));
        assert_eq!(
            console_name("<https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/sync.lambda%20errors|x>")
                .as_deref(),
            Some("sync.lambda errors")
        );
        assert_eq!(title_name("Deploy finished"), None);
    }

    #[test]
    fn the_state_is_a_field_a_title_or_a_first_line_never_a_word_in_the_reason() {
        let ok = chatbot(json!({"attachments": [{"title": "CloudWatch Alarm | api-5xx | eu-west-1 | Account: 1",
            "text": "The alarm was in ALARM since 02:14", "fields": [{"title": "State", "value": "OK"}]}]}));
        assert_eq!(recognise(&ok).unwrap().state, State::Ok);
        let subject =
            chatbot(json!({"attachments": [{"title": "ALARM: \"api-5xx\" in EU (Ireland)", "text": "OK then ALARM"}]}));
        assert_eq!(recognise(&subject).unwrap().state, State::Alarm);
        let sentence =
            chatbot(json!({"text": "The alarm api-5xx changed state to INSUFFICIENT_DATA: no data. ALARM soon?"}));
        assert_eq!(recognise(&sentence).unwrap().state, State::InsufficientData);
        let blocks = chatbot(json!({"blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": "*CloudWatch Alarm | api-5xx | eu-west-1 | Account: 1*"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": "Threshold Crossed: the alarm went to ALARM earlier"}},
            {"type": "section", "fields": [{"type": "mrkdwn", "text": "*State*\nOK"}]}]}));
        let seen = recognise(&blocks).unwrap();
        assert_eq!((seen.state, seen.name.as_deref()), (State::Ok, Some("api-5xx")));
        assert_eq!(labelled_state("State: ALARM\nReason: went OK before"), Some(State::Alarm));
        assert_eq!(labelled_state("*State:* OK"), Some(State::Ok));
        assert_eq!(labelled_state("Threshold Crossed: OK"), None);
        assert_eq!(console_name("#alarmsV2:alarm/a%+5b%41").as_deref(), Some("a%+5bA"));
        // Nothing says the state: not a notification.
        let stateless =
            chatbot(json!({"attachments": [{"title": "CloudWatch Alarm | api-5xx | eu-west-1", "text": "ALARM"}]}));
        assert_eq!(recognise(&stateless), None);
    }

    #[test]
    fn only_chatbot_messages_are_notifications() {
        let person = message(
            json!({"type": "message", "ts": "1.0", "user": "U01", "text": "ALARM: \"api-5xx\" in EU (Ireland)"}),
        );
        assert_eq!(recognise(&person), None);
        let other_bot = message(json!({"type": "message", "subtype": "bot_message", "ts": "1.0", "bot_id": "B0X",
            "username": "statuspage", "text": "ALARM: \"api-5xx\" in EU (Ireland)"}));
        assert_eq!(recognise(&other_bot), None);
        let amazon_q =
            message(json!({"type": "message", "ts": "1.0", "bot_id": "B0Q", "bot_profile": {"name": "Amazon Q"},
            "attachments": [{"title": "CloudWatch Alarm | api-5xx | eu-west-1 | Account: 1", "color": "danger"}]}));
        assert_eq!(recognise(&amazon_q).unwrap().state, State::Alarm);
    }
}
