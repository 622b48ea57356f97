//! The day's Slack posts (`oncall notify`): each rotation's announcement at its `announce.at`
//! (with the triage legend for working-hours rotations, the Incident Commander), the topics
//! of `topic: duty` channels, and direct-message reminders `remind_days_before` ahead.
//! Texts come from minijinja templates; names are escaped for Slack mrkdwn so a name like
//! `<!channel>` pings nobody.

use super::api::{ApiError, Client};
use crate::config::roster::Topic;
use crate::model::{Person, Repo};
use crate::schedule::{Schedule, Shift};
use chrono::{Duration, NaiveDate};
use serde::Serialize;
use serde_json::{Value, json};

const ANNOUNCEMENT: &str = include_str!("../../templates/slack/announcement.j2");
const REMINDER: &str = include_str!("../../templates/slack/reminder.j2");

/// One Slack Web API call, due at a local time.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Post {
    /// `HH:MM`, local time in the policy's zone.
    pub at: String,
    pub kind: &'static str,
    pub method: &'static str,
    pub payload: Value,
}

/// Escapes text for Slack mrkdwn: `&`, `<` and `>`.
pub fn mrkdwn(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// How a rotation is called in topics: `on-call` -> `On-call`, `incident-commander` -> `IC`.
pub fn label(rotation: &str) -> String {
    let words: Vec<&str> = rotation.split(['-', '_', ' ']).filter(|w| !w.is_empty()).collect();
    if rotation == "on-call" || words.len() < 2 {
        let mut chars = rotation.chars();
        return chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default();
    }
    words.iter().filter_map(|w| w.chars().next()).flat_map(char::to_uppercase).collect()
}

#[derive(Serialize)]
struct PersonView {
    name: String,
    slack: String,
}

fn person_view(person: Option<&Person>, id: &str) -> PersonView {
    match person {
        Some(p) => PersonView { name: p.name.clone(), slack: p.slack.clone() },
        None => PersonView { name: id.to_string(), slack: String::new() },
    }
}

/// Every post due on `date`, in time order.
pub fn posts(repo: &Repo, schedule: &Schedule, date: NaiveDate) -> Result<Vec<Post>, minijinja::Error> {
    let policy = &repo.policy.as_ref().expect("notify runs on a valid repository").value;
    let mut env = minijinja::Environment::new();
    env.add_filter("mrkdwn", |s: String| mrkdwn(&s));
    env.add_template("announcement", ANNOUNCEMENT)?;
    env.add_template("reminder", REMINDER)?;
    let shift_on =
        |d: NaiveDate, rotation: &str| schedule.shifts.iter().find(|s| s.date == d && s.rotation == rotation);
    let time = |shift: &Shift| (shift.start.format("%H:%M").to_string(), shift.end.format("%H:%M").to_string());
    // The channels alarms post to, as Slack channel links, in the policy's order.
    let alert_channels: Vec<String> = policy
        .channels
        .iter()
        .filter(|(key, _)| repo.alarms().any(|(_, _, a)| &a.channel == *key))
        .map(|(_, c)| c.id.clone())
        .collect();
    let mut out = Vec::new();
    for (name, rotation) in &policy.rotations {
        let Some(announce) = &rotation.announce else { continue };
        let Some(channel) = policy.channels.get(&announce.channel) else { continue };
        if let Some(shift) = shift_on(date, name) {
            let (start, end) = time(shift);
            let working_hours = rotation.windows.weekend.is_none();
            let text = env.get_template("announcement")?.render(minijinja::context! {
                rotation_label => if working_hours && label(name).len() <= 3 { "Incident Commander".to_string() } else { label(name) },
                date => date.to_string(),
                weekday => date.format("%A").to_string(),
                start, end,
                person => minijinja::value::Value::from(minijinja::value::Serde(person_view(repo.person(&shift.person), &shift.person))),
                shadow => shift.shadow.as_ref().map(|s| minijinja::value::Value::from(minijinja::value::Serde(person_view(repo.person(s), s)))),
                shift => minijinja::context! { working_hours },
                ola => policy.ola.as_ref().map(|o| o.investigate_within_minutes),
                triage => policy.triage.iter().map(|(k, v)| (k.clone(), v.clone())).collect::<Vec<_>>(),
                alert_channels => &alert_channels,
            })?;
            out.push(Post {
                at: announce.at.clone(),
                kind: "announcement",
                method: "chat.postMessage",
                payload: json!({"channel": channel.id, "text": text, "unfurl_links": false}),
            });
        }
        if let Some(days) = rotation.remind_days_before.filter(|d| *d > 0)
            && let Some(shift) =
                date.checked_add_signed(Duration::days(i64::from(days))).and_then(|day| shift_on(day, name))
        {
            let (start, end) = time(shift);
            let working_hours = rotation.windows.weekend.is_none();
            let rotation_label =
                if working_hours && label(name).len() <= 3 { "Incident Commander".to_string() } else { label(name) };
            // The person on duty, and the new engineer who shadows them.
            for (who, shadowing) in [(Some(&shift.person), false), (shift.shadow.as_ref(), true)] {
                let Some(person) = who.and_then(|id| repo.person(id)) else { continue };
                let text = env.get_template("reminder")?.render(minijinja::context! {
                    rotation => &rotation_label,
                    shadowing,
                    on_duty => minijinja::value::Value::from(minijinja::value::Serde(person_view(repo.person(&shift.person), &shift.person))),
                    date => shift.date.to_string(),
                    weekday => shift.date.format("%A").to_string(),
                    start => &start, end => &end,
                    timezone => &schedule.timezone,
                    shadow => shift.shadow.as_ref().filter(|_| !shadowing).map(|s| minijinja::value::Value::from(minijinja::value::Serde(person_view(repo.person(s), s)))),
                })?;
                out.push(Post {
                    at: announce.at.clone(),
                    kind: "reminder",
                    method: "chat.postMessage",
                    payload: json!({"channel": person.slack, "text": text}),
                });
            }
        }
    }
    let earliest = policy
        .rotations
        .values()
        .filter_map(|r| r.announce.as_ref().map(|a| a.at.clone()))
        .min()
        .unwrap_or_else(|| "07:00".to_string());
    let parts: Vec<String> = policy
        .rotations
        .keys()
        .filter_map(|name| {
            shift_on(date, name).map(|s| {
                format!(
                    "{}: {}",
                    label(name),
                    mrkdwn(repo.person(&s.person).map_or(s.person.as_str(), |p| p.name.as_str()))
                )
            })
        })
        .collect();
    if !parts.is_empty() {
        for channel in policy.channels.values().filter(|c| c.topic == Some(Topic::Duty)) {
            out.push(Post {
                at: earliest.clone(),
                kind: "topic",
                method: "conversations.setTopic",
                payload: json!({"channel": channel.id, "topic": parts.join(" | ")}),
            });
        }
    }
    out.sort_by(|a, b| (&a.at, a.kind).cmp(&(&b.at, b.kind)));
    Ok(out)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_escaping() {
        assert_eq!(label("on-call"), "On-call");
        assert_eq!(label("incident-commander"), "IC");
        assert_eq!(label("support"), "Support");
        assert_eq!(mrkdwn("<!channel> & <@U1>"), "&lt;!channel&gt; &amp; &lt;@U1&gt;");
    }
}
