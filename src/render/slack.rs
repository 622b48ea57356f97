//! The day's Slack posts (`oncall notify`): each rotation's announcement at its `announce.at`
//! (with the triage legend for working-hours rotations, the Incident Commander), the topics
//! of `topic: duty` channels, and direct-message reminders `remind_days_before` ahead.
//! Texts come from minijinja templates; names are escaped for Slack mrkdwn so a name like
//! `<!channel>` pings nobody. Each post is the Slack Web API call to make; sending them is
//! [`crate::gitops::slack`].

use crate::config::roster::Topic;
use crate::model::ValidRepo;
use crate::model::valid::Person;
use crate::schedule::{Schedule, Shift, run_end, starts_run};
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

/// Where alarms page, as the on-call announcement says it ("Critical alarms page through
/// PagerDuty; warnings only post to Slack."), or None without alarms.
pub fn pages(repo: &ValidRepo) -> Option<String> {
    use crate::config::alarms::AlarmSeverity::{Critical, Warning};
    let has = |severity| {
        repo.alarms.iter().any(|a| a.severity == severity)
            || repo.composite_alarms.iter().any(|a| a.severity == severity)
    };
    if !has(Critical) && !has(Warning) {
        return None;
    }
    let paging = &repo.policy.paging;
    let via = |severity| paging.of(severity).map(|p| mrkdwn(&p.via));
    Some(match (via(Critical), via(Warning)) {
        (Some(c), Some(w)) if c == w => format!("Critical alarms and warnings page through {c}."),
        (Some(c), Some(w)) => format!("Critical alarms page through {c}, warnings through {w}."),
        (Some(c), None) => format!("Critical alarms page through {c}; warnings only post to Slack."),
        (None, Some(w)) => format!("Warnings page through {w}; critical alarms only post to Slack."),
        (None, None) => "No alarm pages anyone: alarms only post to Slack.".to_string(),
    })
}

/// A shift's start and end as posts say them: `15:00`, and `22:00` or `06:00 next day` for a
/// night shift, which ends the next day.
pub fn time(shift: &Shift) -> (String, String) {
    let end = shift.end.format("%H:%M").to_string();
    let next = if shift.end.date_naive() > shift.start.date_naive() { " next day" } else { "" };
    (shift.start.format("%H:%M").to_string(), format!("{end}{next}"))
}

/// Every post due on `date`, in time order.
pub fn posts(repo: &ValidRepo, schedule: &Schedule, date: NaiveDate) -> Result<Vec<Post>, minijinja::Error> {
    let policy = &repo.policy;
    let mut env = minijinja::Environment::new();
    env.add_filter("mrkdwn", |s: String| mrkdwn(&s));
    env.add_template("announcement", ANNOUNCEMENT)?;
    env.add_template("reminder", REMINDER)?;
    let shift_on =
        |d: NaiveDate, rotation: &str| schedule.shifts.iter().find(|s| s.date == d && s.rotation == rotation);
    // The channels alarms post to, as Slack channel links, in the policy's order.
    let alert_channels: Vec<String> = policy
        .channels
        .iter()
        .filter(|c| {
            repo.alarms.iter().any(|a| a.channel == c.key) || repo.composite_alarms.iter().any(|a| a.channel == c.key)
        })
        .map(|c| c.id.clone())
        .collect();
    let pages = pages(repo);
    // A weekly rotation's stretch of duty (see [`run_end`]): from its first shift's start to
    // its last one's end, e.g. "Mon 2027-03-01 09:00 to Mon 2027-03-08 09:00".
    let stretch = |shift: &Shift| {
        let last = run_end(policy, &schedule.shifts, shift);
        let at = |t: &chrono::DateTime<chrono::FixedOffset>| t.format("%a %Y-%m-%d %H:%M").to_string();
        format!("{} to {}", at(&shift.start), at(&last.end))
    };
    let view = |id: &str| minijinja::value::Value::from(minijinja::value::Serde(person_view(repo.person(id), id)));
    let mut out = Vec::new();
    for rotation in &policy.rotations {
        let name = &rotation.name;
        let Some(announce) = &rotation.announce else { continue };
        let channel = &policy.channels[announce.channel];
        // A weekly rotation is announced when it changes hands: on the handoff day, and on the
        // days a cover starts or the holder comes back.
        let weekly = rotation.weekly.is_some();
        if let Some(shift) = shift_on(date, name).filter(|s| starts_run(policy, &schedule.shifts, s)) {
            let (start, end) = time(shift);
            // The week's holder, when this stretch is someone else's cover, and the covers the
            // week has after this stretch.
            let (mut covering_for, mut covers) = (None, Vec::new());
            if let Some(week) = rotation.week_of(date) {
                let days =
                    schedule.shifts.iter().filter(|s| s.rotation == *name && rotation.week_of(s.date) == Some(week));
                let holder = schedule.holders(rotation).get(&week).map(|h| h.to_string());
                if holder.as_ref().is_some_and(|h| *h != shift.person) {
                    covering_for = holder.as_deref().map(view);
                }
                let last = run_end(policy, &schedule.shifts, shift);
                for other in days.filter(|s| s.date > last.date && starts_run(policy, &schedule.shifts, s)) {
                    if holder.as_ref().is_some_and(|h| *h != other.person) {
                        covers.push(minijinja::context! { when => stretch(other), person => view(&other.person) });
                    }
                }
            }
            let working_hours = rotation.working_hours();
            let text = env.get_template("announcement")?.render(minijinja::context! {
                rotation_label => mrkdwn(&rotation.display),
                weekly => weekly.then(|| minijinja::context! { when => stretch(shift), covering_for, covers }),
                date => date.to_string(),
                weekday => date.format("%A").to_string(),
                start, end,
                person => minijinja::value::Value::from(minijinja::value::Serde(person_view(repo.person(&shift.person), &shift.person))),
                shadow => shift.shadow.as_ref().map(|s| minijinja::value::Value::from(minijinja::value::Serde(person_view(repo.person(s), s)))),
                shift => minijinja::context! { working_hours },
                ola => policy.ola.as_ref().map(|o| o.investigate_within_minutes),
                triage => policy.triage.iter().map(|l| (l.emoji.clone(), l.text.clone())).collect::<Vec<_>>(),
                alert_channels => &alert_channels,
                pages => &pages,
            })?;
            out.push(Post {
                at: announce.at_text.clone(),
                kind: "announcement",
                method: "chat.postMessage",
                payload: json!({"channel": channel.id, "text": text, "unfurl_links": false}),
            });
        }
        if let Some(days) = rotation.remind_days_before
            && let Some(shift) = date
                .checked_add_signed(Duration::days(i64::from(days)))
                .and_then(|day| shift_on(day, name))
                .filter(|s| starts_run(policy, &schedule.shifts, s))
        {
            let (start, end) = time(shift);
            let rotation_label = mrkdwn(&rotation.display);
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
                    weekly => weekly.then(|| stretch(shift)),
                    timezone => &schedule.timezone,
                    shadow => shift.shadow.as_ref().filter(|_| !shadowing).map(|s| minijinja::value::Value::from(minijinja::value::Serde(person_view(repo.person(s), s)))),
                })?;
                out.push(Post {
                    at: announce.at_text.clone(),
                    kind: "reminder",
                    method: "chat.postMessage",
                    payload: json!({"channel": person.slack, "text": text}),
                });
            }
        }
    }
    let earliest = policy
        .rotations
        .iter()
        .filter_map(|r| r.announce.as_ref().map(|a| a.at_text.clone()))
        .min()
        .unwrap_or_else(|| "07:00".to_string());
    let parts: Vec<String> = policy
        .rotations
        .iter()
        .filter_map(|r| {
            shift_on(date, &r.name).map(|s| format!("{}: {}", mrkdwn(&r.display), mrkdwn(repo.name_of(&s.person))))
        })
        .collect();
    if !parts.is_empty() {
        for channel in policy.channels.iter().filter(|c| c.topic == Some(Topic::Duty)) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_escaping() {
        assert_eq!(mrkdwn("<!channel> & <@U1>"), "&lt;!channel&gt; &amp; &lt;@U1&gt;");
    }
}
