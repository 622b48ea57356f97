//! The Incident Commander's day: the alarm notifications of the alerts channels, each with
//! its triage state from the team's emoji code (the policy's `triage` legend), who reacted,
//! the first response (the first reply a person wrote in its thread: reactions carry no
//! time in the Web API) and OLA breaches; the handover post at the end of the IC's shift
//! ([`handover`]); and, over weeks, which alarms are noise ([`report`]). Reading Slack is
//! [`crate::gitops::slack_read`]; recognising a notification is [`chatbot`].

pub mod chatbot;
pub mod handover;
pub mod report;

use crate::config::roster::Triage;
use crate::gitops::slack_read::Message;
use crate::model::ValidRepo;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::HashMap;

/// The alarm state a notification announces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum State {
    Alarm,
    Ok,
    InsufficientData,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Alarm => "ALARM",
            State::Ok => "OK",
            State::InsufficientData => "INSUFFICIENT_DATA",
        }
    }
}

/// Where a notification stands by its reactions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// No legend reaction.
    Untriaged,
    /// Only reactions that keep it open (eyes).
    Open,
    /// At least one reaction that closes it.
    Closed,
}

/// The time triage covers: notifications posted from `since` (included) to `until`
/// (excluded); ages and OLA breaches are reckoned at `end`, the earlier of `until` and now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub since: DateTime<Utc>,
    pub until: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Window {
    /// Slack `ts` bounds of the window for `conversations.history` (both included; the
    /// messages at `until` exactly are dropped afterwards).
    pub fn slack_bounds(&self) -> (String, String) {
        let ts = |t: DateTime<Utc>| format!("{}.{:06}", t.timestamp(), t.timestamp_subsec_micros());
        (ts(self.since), ts(self.until))
    }

    /// The window's last day in `tz` (that of its last moment): the day whose IC hands over.
    pub fn last_day(&self, tz: chrono_tz::Tz) -> chrono::NaiveDate {
        (self.until - chrono::Duration::seconds(1)).with_timezone(&tz).date_naive()
    }

    fn contains(&self, seconds: f64) -> bool {
        let (since, until) = (self.since.timestamp() as f64, self.until.timestamp() as f64);
        (since..until).contains(&seconds)
    }
}

/// What was read of one channel.
#[derive(Debug, Default)]
pub struct ChannelRead {
    /// The policy's key of the channel.
    pub key: String,
    /// The channel's messages in the window (any order).
    pub messages: Vec<Message>,
    /// The replies of the threads among them, by the `ts` of the message that started each.
    pub replies: HashMap<String, Vec<Message>>,
}

/// One alarm notification.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Notification {
    /// The id of the alarm (or composite alarm) in this repository.
    pub alarm: String,
    /// The policy's key of the channel.
    pub channel: String,
    /// The Slack `ts` of the message.
    pub ts: String,
    pub state: State,
    pub triage: Status,
    /// The legend's emoji on the message, in the order Slack lists the reactions.
    pub emoji: Vec<String>,
    /// Who reacted with them: person ids of team.yaml (the Slack id for anyone else).
    pub reacted_by: Vec<String>,
    /// Whole minutes from the notification to the first reply a person wrote in its thread.
    pub first_response_minutes: Option<u64>,
    /// The playbook's URL.
    pub playbook: String,
    /// What the legend's reactions mean, in the order of `emoji`.
    #[serde(skip)]
    pub means: Vec<Triage>,
    /// Who reacted with each of `emoji`.
    #[serde(skip)]
    pub by_emoji: Vec<Vec<String>>,
    /// An ALARM notification with no legend reaction and no reply, older than the OLA at
    /// the end of the window.
    #[serde(skip)]
    pub ola_breach: bool,
    /// The time of the message.
    #[serde(skip)]
    pub at: DateTime<Utc>,
}

impl Notification {
    /// Who reacted with an emoji that keeps it open: the people looking at it.
    pub fn looking(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for (_, who) in self.means.iter().zip(&self.by_emoji).filter(|(m, _)| !m.closes()) {
            for person in who {
                if !out.contains(&person.as_str()) {
                    out.push(person);
                }
            }
        }
        out
    }
}

/// A notification of an alarm this repository does not configure.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Unknown {
    /// The alarm name the message gives.
    pub name: String,
    pub channel: String,
    pub ts: String,
    #[serde(skip)]
    pub state: State,
    #[serde(skip)]
    pub at: DateTime<Utc>,
}

/// Counts of the ALARM notifications.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub notifications: usize,
    pub untriaged: usize,
    pub open: usize,
    pub closed: usize,
    pub ola_breaches: usize,
}

/// The triage of a window: every notification in time order.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Day {
    pub notifications: Vec<Notification>,
    pub unknown: Vec<Unknown>,
    pub summary: Summary,
}

/// What triage reads of an alarm or a composite alarm.
#[derive(Clone, Copy, Debug)]
pub struct Configured<'r> {
    /// The CloudWatch name.
    pub name: &'r str,
    pub id: &'r str,
    pub playbook: &'r str,
    pub channel: &'r str,
    pub severity: crate::config::alarms::AlarmSeverity,
}

/// Every alarm, then every composite alarm, in file order.
pub fn configured(repo: &ValidRepo) -> impl Iterator<Item = Configured<'_>> {
    let alarms = repo.alarms.iter().map(|a| Configured {
        name: a.cloudwatch_name(),
        id: &a.id,
        playbook: &a.playbook,
        channel: &a.channel,
        severity: a.severity,
    });
    alarms.chain(repo.composite_alarms.iter().map(|a| Configured {
        name: a.cloudwatch_name(),
        id: &a.id,
        playbook: &a.playbook,
        channel: &a.channel,
        severity: a.severity,
    }))
}

/// What a notification can name: every alarm and composite alarm by its CloudWatch name,
/// with its id and playbook.
pub struct Names<'r> {
    /// Longest name first, so that the longest name a text holds wins.
    by_length: Vec<(&'r str, &'r str, &'r str)>,
}

impl<'r> Names<'r> {
    pub fn of(repo: &'r ValidRepo) -> Names<'r> {
        let mut by_length: Vec<(&str, &str, &str)> = configured(repo).map(|a| (a.name, a.id, a.playbook)).collect();
        by_length.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(b.0)));
        Names { by_length }
    }

    /// The alarm (id, playbook) whose name `text` holds as a whole name: not as part of a
    /// longer one (`api-5xx` is not in `api-5xx-canary`); the longest such name.
    pub fn find(&self, text: &str) -> Option<(&'r str, &'r str)> {
        self.by_length.iter().find(|(name, _, _)| whole(text, name)).map(|(_, id, playbook)| (*id, *playbook))
    }

    /// The alarm whose name is exactly `name`.
    pub fn exact(&self, name: &str) -> Option<(&'r str, &'r str)> {
        let name = name.trim();
        self.by_length.iter().find(|(n, _, _)| *n == name).map(|(_, id, playbook)| (*id, *playbook))
    }
}

/// Characters an alarm name continues with: a name next to one of these is part of a
/// longer name. A `.` ends a name only before a space or the end (`sync.lambda.errors.`).
fn continues(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '#' | ':' | '+' | '=' | '@')
}

/// Whether `text` holds `name` as a whole name.
pub fn whole(text: &str, name: &str) -> bool {
    if name.is_empty() {
        return false;
    }
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let rest = &text[at + name.len()..];
        let mut after = rest.chars();
        let next = after.next();
        let joined_before = before.is_some_and(|c| continues(c) || c == '.');
        let joined_after = match next {
            Some('.') => after.next().is_some_and(|c| !c.is_whitespace()),
            Some(c) => continues(c),
            None => false,
        };
        !joined_before && !joined_after
    })
}

/// The triage of `read` (the channels' messages) over `window`.
pub fn triage(repo: &ValidRepo, read: &[ChannelRead], window: &Window) -> Day {
    let names = Names::of(repo);
    let ola_seconds = repo.policy.ola.as_ref().map(|o| i64::from(o.investigate_within_minutes) * 60);
    let person_of =
        |slack: &str| repo.people.iter().find(|p| p.slack == slack).map_or_else(|| slack.to_string(), |p| p.id.clone());
    let mut day = Day::default();
    for channel in read {
        for message in &channel.messages {
            let Some(seconds) = message.seconds().filter(|s| window.contains(*s)) else { continue };
            // A reply in a thread is not a notification of its own.
            if message.thread_ts.as_ref().is_some_and(|t| *t != message.ts) {
                continue;
            }
            let Some(seen) = chatbot::recognise(message) else { continue };
            let at = DateTime::<Utc>::from_timestamp(seconds.trunc() as i64, (seconds.fract() * 1e9) as u32)
                .unwrap_or(window.since);
            // A name the message structures is matched exactly ("api-5xx staging" is not
            // api-5xx); without one, the heads are searched for a whole name.
            let found = match &seen.name {
                Some(name) => names.exact(name),
                None => seen.texts.iter().find_map(|t| names.find(t)),
            };
            let Some((alarm, playbook)) = found else {
                day.unknown.push(Unknown {
                    name: seen.name.clone().unwrap_or_else(|| seen.texts.first().cloned().unwrap_or_default()),
                    channel: channel.key.clone(),
                    ts: message.ts.clone(),
                    state: seen.state,
                    at,
                });
                continue;
            };
            let (mut emoji, mut means, mut reacted_by) = (Vec::new(), Vec::new(), Vec::new());
            let mut by_emoji: Vec<Vec<String>> = Vec::new();
            for reaction in &message.reactions {
                let Some(legend) = repo.policy.legend(&reaction.name) else { continue };
                let index = match emoji.iter().position(|e| *e == legend.emoji) {
                    Some(index) => index,
                    None => {
                        emoji.push(legend.emoji.clone());
                        means.push(legend.means);
                        by_emoji.push(Vec::new());
                        emoji.len() - 1
                    }
                };
                for user in &reaction.users {
                    let person = person_of(user);
                    if !by_emoji[index].contains(&person) {
                        by_emoji[index].push(person.clone());
                    }
                    if !reacted_by.contains(&person) {
                        reacted_by.push(person);
                    }
                }
            }
            let status = if means.iter().any(|m| m.closes()) {
                Status::Closed
            } else if means.is_empty() {
                Status::Untriaged
            } else {
                Status::Open
            };
            let replies = channel.replies.get(&message.ts).map(Vec::as_slice).unwrap_or_default();
            let first_reply = replies
                .iter()
                .filter(|r| r.by_a_person())
                .filter_map(Message::seconds)
                .filter(|s| *s >= seconds)
                .min_by(f64::total_cmp);
            let first_response_minutes = first_reply.map(|r| ((r - seconds) / 60.0).floor() as u64);
            // As it stood at the end of the window: a reply after it does not undo a breach.
            let replied_by_end = first_reply.is_some_and(|r| r < window.end.timestamp() as f64);
            let age = window.end.timestamp() - at.timestamp();
            let ola_breach = seen.state == State::Alarm
                && status == Status::Untriaged
                && !replied_by_end
                && ola_seconds.is_some_and(|ola| age > ola);
            day.notifications.push(Notification {
                alarm: alarm.to_string(),
                channel: channel.key.clone(),
                ts: message.ts.clone(),
                state: seen.state,
                triage: status,
                emoji,
                reacted_by,
                first_response_minutes,
                playbook: repo.policy.playbook_url(playbook),
                means,
                by_emoji,
                ola_breach,
                at,
            });
        }
    }
    day.notifications.sort_by(|a, b| (a.at, &a.channel).cmp(&(b.at, &b.channel)));
    day.unknown.sort_by(|a, b| (a.at, &a.channel).cmp(&(b.at, &b.channel)));
    for n in day.notifications.iter().filter(|n| n.state == State::Alarm) {
        day.summary.notifications += 1;
        match n.triage {
            Status::Untriaged => day.summary.untriaged += 1,
            Status::Open => day.summary.open += 1,
            Status::Closed => day.summary.closed += 1,
        }
        day.summary.ola_breaches += usize::from(n.ola_breach);
    }
    day
}

/// The keys of the channels alarms post to, in the policy's order.
pub fn alert_channels(repo: &ValidRepo) -> Vec<&crate::model::valid::Channel> {
    repo.policy.channels.iter().filter(|c| configured(repo).any(|a| a.channel == c.key)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_names() {
        assert!(whole("CloudWatch Alarm | api-5xx | eu-west-1", "api-5xx"));
        assert!(!whole("CloudWatch Alarm | api-5xx-canary | eu-west-1", "api-5xx"));
        assert!(!whole("prod-api-5xx", "api-5xx"));
        assert!(whole("\"sync.lambda.errors\" in EU (Ireland)", "sync.lambda.errors"));
        assert!(whole("alarm sync.lambda.errors.", "sync.lambda.errors"));
        assert!(!whole("sync.lambda.errors.v2", "sync.lambda.errors"));
        assert!(!whole("api-5xx2", "api-5xx"));
        assert!(whole("api-5xx-canary and api-5xx", "api-5xx"));
    }
}
