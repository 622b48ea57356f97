//! The Incident Commander's handover at the end of the shift: the day's counts, what is still
//! untriaged or open (and who is looking), and who holds on-call next, as Slack mrkdwn with
//! every name escaped.

use super::{Day, Notification, State, Status, Window};
use crate::model::ValidRepo;
use crate::render::slack::mrkdwn;
use crate::schedule::{Schedule, Shift};
use chrono::Utc;

/// The Incident Commander's shift of the window's last day (the working-hours rotation's,
/// if it started before the window ends), and the shift of another rotation that holds duty
/// when it ends (or starts first after that): the on-call who takes over. Without an IC
/// shift, the on-call at the end of the window.
pub fn shifts<'s>(repo: &ValidRepo, schedule: &'s Schedule, window: &Window) -> (Option<&'s Shift>, Option<&'s Shift>) {
    let tz = repo.policy.timezone;
    let date = window.last_day(tz);
    let ic = ic_shift(repo, schedule, date).filter(|s| s.start.with_timezone(&Utc) < window.end);
    let handover = ic.map_or(window.end, |s| s.end.with_timezone(&Utc));
    let next = schedule
        .shifts
        .iter()
        .filter(|s| {
            repo.policy.rotations.iter().any(|r| r.name == s.rotation && !r.working_hours())
                && s.end.with_timezone(&Utc) > handover
        })
        .min_by_key(|s| (s.start.with_timezone(&Utc).max(handover), s.start));
    (ic, next)
}

/// The IC's shift on `date`, if the IC rotation has one.
pub fn ic_shift<'s>(repo: &ValidRepo, schedule: &'s Schedule, date: chrono::NaiveDate) -> Option<&'s Shift> {
    let rotation = repo.policy.ic_rotation()?;
    schedule.shifts.iter().filter(|s| s.rotation == rotation.name && s.date == date).max_by_key(|s| s.start)
}

/// The handover text.
pub fn text(repo: &ValidRepo, day: &Day, window: &Window, ic: Option<&Shift>, next: Option<&Shift>) -> String {
    let tz = repo.policy.timezone;
    let last_day = window.last_day(tz);
    let who = |id: &str| match repo.person(id) {
        Some(p) => format!("<@{}> ({})", p.slack, mrkdwn(&p.name)),
        None => mrkdwn(id),
    };
    let mut lines = vec![match ic {
        Some(shift) => {
            format!(":handshake: *IC handover, {}* from {}", last_day.format("%A %Y-%m-%d"), who(&shift.person))
        }
        None => format!(":handshake: *IC handover, {}*", last_day.format("%A %Y-%m-%d")),
    }];
    let s = &day.summary;
    let ola = match repo.policy.ola.as_ref() {
        Some(o) if s.ola_breaches > 0 => {
            format!("; {} past the {}-minute OLA", s.ola_breaches, o.investigate_within_minutes)
        }
        _ => String::new(),
    };
    lines.push(format!(
        "Alarm notifications: *{}*: {} closed, {} open, {} untriaged{ola}.",
        s.notifications, s.closed, s.open, s.untriaged
    ));
    let channel_id = |key: &str| {
        repo.policy.channels.iter().find(|c| c.key == key).map_or_else(|| key.to_string(), |c| c.id.clone())
    };
    let line = |n: &Notification| {
        let time = n.at.with_timezone(&tz).format("%H:%M");
        let mut out =
            format!("• {time} <{}|{}> in <#{}>", mrkdwn(&n.playbook), mrkdwn(&n.alarm), channel_id(&n.channel));
        if n.ola_breach {
            out.push_str(" :warning: past the OLA");
        }
        let looking = n.looking();
        if !looking.is_empty() {
            let names: Vec<String> = looking.iter().map(|id| mrkdwn(repo.name_of(id))).collect();
            out.push_str(&format!(": looking: {}", names.join(", ")));
        }
        out
    };
    let alarms = || day.notifications.iter().filter(|n| n.state == State::Alarm);
    let untriaged: Vec<String> = alarms().filter(|n| n.triage == Status::Untriaged).map(line).collect();
    let open: Vec<String> = alarms().filter(|n| n.triage == Status::Open).map(line).collect();
    if !untriaged.is_empty() {
        lines.push("*Still untriaged:*".to_string());
        lines.extend(untriaged);
    }
    if !open.is_empty() {
        lines.push("*Still open:*".to_string());
        lines.extend(open);
    }
    if s.untriaged == 0 && s.open == 0 {
        lines.push("Nothing is left open.".to_string());
    }
    let unknown = day.unknown.iter().filter(|u| u.state == State::Alarm).count();
    if unknown > 0 {
        lines.push(format!("{unknown} ALARM notification(s) of alarms not configured here: see `oncall triage`."));
    }
    if let Some(shift) = next {
        let (start, end) = crate::render::slack::time(shift);
        let day = if shift.start.date_naive() != last_day {
            format!("{} ", shift.start.format("%a %Y-%m-%d"))
        } else {
            String::new()
        };
        lines.push(format!("*On-call next:* {}, {day}{start}-{end}.", who(&shift.person)));
    }
    lines.join("\n")
}
