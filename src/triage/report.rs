//! `oncall report alarms`: which alarms are noise. Per alarm over whole days: its ALARM
//! notifications and how they were closed (ignored as false positives, duplicates, fixed,
//! ticket, delegated), how many stayed untriaged or breached the OLA, the median first
//! response, and a suggestion grounded in the alarm's own settings; the noisiest first.
//! Then the alarms that never fired.

use super::{Day, State, Status};
use crate::config::alarms::{Comparison, TreatMissingData};
use crate::config::roster::Triage;
use crate::model::ValidRepo;
use serde::{Serialize, Serializer};

/// One alarm's notifications over the window.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AlarmNoise {
    pub alarm: String,
    /// ALARM notifications.
    pub notifications: usize,
    /// Closed as a test or false positive (the legend's `ignore`).
    pub ignored: usize,
    /// Marked as a duplicate of an earlier notification.
    pub duplicates: usize,
    /// Closed by any emoji (ignored and duplicates included).
    pub closed: usize,
    pub untriaged: usize,
    pub ola_breaches: usize,
    #[serde(serialize_with = "minutes")]
    pub median_first_response_minutes: Option<f64>,
    pub suggestion: Option<String>,
    #[serde(skip)]
    pub fixed: usize,
    #[serde(skip)]
    pub ticket: usize,
    #[serde(skip)]
    pub delegated: usize,
    #[serde(skip)]
    pub open: usize,
    /// OK notifications: with them, duplicates mean the alarm flaps.
    #[serde(skip)]
    pub oks: usize,
    #[serde(skip)]
    pub playbook: String,
    /// The playbook owner's name.
    #[serde(skip)]
    pub owner: String,
}

/// A median in whole minutes as an integer, a half as a decimal.
fn minutes<S: Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) if v.fract() == 0.0 => serializer.serialize_u64(*v as u64),
        Some(v) => serializer.serialize_f64(*v),
        None => serializer.serialize_none(),
    }
}

/// The review of a window.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    pub alarms: Vec<AlarmNoise>,
    /// Alarms (and composite alarms) configured here with no ALARM notification, by id.
    pub never_fired: Vec<String>,
}

/// What triage found, alarm by alarm.
pub fn report(repo: &ValidRepo, day: &Day) -> Report {
    let mut alarms = Vec::new();
    let mut never_fired = Vec::new();
    for super::Configured { id, playbook, .. } in super::configured(repo) {
        let fired: Vec<_> = day.notifications.iter().filter(|n| n.alarm == id && n.state == State::Alarm).collect();
        if fired.is_empty() {
            never_fired.push(id.to_string());
            continue;
        }
        let with = |m: Triage| fired.iter().filter(|n| n.means.contains(&m)).count();
        let status = |s: Status| fired.iter().filter(|n| n.triage == s).count();
        let mut responses: Vec<u64> = fired.iter().filter_map(|n| n.first_response_minutes).collect();
        responses.sort_unstable();
        let median = match responses.len() {
            0 => None,
            n if n % 2 == 1 => Some(responses[n / 2] as f64),
            n => Some((responses[n / 2 - 1] + responses[n / 2]) as f64 / 2.0),
        };
        let owner = repo
            .playbooks
            .iter()
            .find(|p| p.stem == playbook)
            .map(|p| repo.name_of(&p.front.owner).to_string())
            .unwrap_or_default();
        let mut noise = AlarmNoise {
            alarm: id.to_string(),
            notifications: fired.len(),
            ignored: with(Triage::Ignore),
            duplicates: with(Triage::Duplicate),
            closed: status(Status::Closed),
            untriaged: status(Status::Untriaged),
            ola_breaches: fired.iter().filter(|n| n.ola_breach).count(),
            median_first_response_minutes: median,
            suggestion: None,
            fixed: with(Triage::Fixed),
            ticket: with(Triage::Ticket),
            delegated: with(Triage::Delegated),
            open: status(Status::Open),
            oks: day.notifications.iter().filter(|n| n.alarm == id && n.state == State::Ok).count(),
            playbook: repo.policy.playbook_url(playbook),
            owner,
        };
        noise.suggestion = suggestion(repo, &noise);
        alarms.push(noise);
    }
    alarms.sort_by(|a, b| b.notifications.cmp(&a.notifications).then_with(|| a.alarm.cmp(&b.alarm)));
    never_fired.sort();
    Report { alarms, never_fired }
}

/// What to change, from what the notifications say and the alarm's settings.
fn suggestion(repo: &ValidRepo, noise: &AlarmNoise) -> Option<String> {
    let n = noise.notifications;
    let mostly = |count: usize| count >= 2 && count * 2 >= n;
    let metric = repo.alarms.iter().find(|a| a.id == noise.alarm);
    let composite = repo.composite_alarms.iter().find(|a| a.id == noise.alarm);
    if mostly(noise.ignored) {
        let head = format!("{} of {n} ignored", noise.ignored);
        if let Some(alarm) = metric {
            let total = alarm.evaluation_periods;
            let breaching = alarm.datapoints_to_alarm.unwrap_or(total);
            if alarm.treat_missing_data == TreatMissingData::Breaching {
                return Some(format!("{head}: treat_missing_data breaching makes missing data fire; try notBreaching"));
            }
            if breaching < 3 {
                let of = total.max(5);
                return Some(format!("{head}: datapoints_to_alarm {breaching} of {total}; try 3 of {of}"));
            }
            if let Some(threshold) = alarm.threshold {
                let side = match alarm.comparison {
                    Comparison::GreaterThanThreshold | Comparison::GreaterThanOrEqualToThreshold => "raise",
                    Comparison::LessThanThreshold | Comparison::LessThanOrEqualToThreshold => "lower",
                    _ => "move",
                };
                return Some(format!(
                    "{head}: {breaching} of {total} periods of {}s already; {side} the threshold ({threshold}) to what is worth a look",
                    alarm.period
                ));
            }
            return Some(format!("{head}: the anomaly band is too narrow for this metric; widen its band width"));
        }
        if let Some(alarm) = composite {
            let suppressor = if alarm.actions_suppressor.is_some() { "" } else { " or an actions suppressor" };
            return Some(format!("{head}: the rule fires on its own; require more of its alarms (AND){suppressor}"));
        }
    }
    if mostly(noise.duplicates) {
        // With OK notifications between them the alarm flaps; without, it fires again while
        // the problem lasts (its OK notifications do not reach the channel).
        let how = if noise.oks > 0 {
            format!("it flaps between OK and ALARM ({} OK notifications)", noise.oks)
        } else {
            "it fires again while the problem lasts".to_string()
        };
        let head = format!("{} of {n} duplicates", noise.duplicates);
        if let Some(alarm) = metric {
            return Some(format!(
                "{head}: {how}; evaluate more periods (evaluation_periods {}; try {})",
                alarm.evaluation_periods,
                alarm.evaluation_periods * 2
            ));
        }
        return Some(format!("{head}: {how}; add an actions suppressor to the rule"));
    }
    if mostly(noise.untriaged) {
        let alarm = super::configured(repo).find(|a| a.id == noise.alarm)?;
        let (channel, severity) = (alarm.channel, alarm.severity);
        let then = match severity {
            crate::config::alarms::AlarmSeverity::Critical => {
                format!("a critical alarm nobody marks: make #{channel} part of the IC's round")
            }
            crate::config::alarms::AlarmSeverity::Warning => "if nobody acts on this warning, delete it".to_string(),
        };
        return Some(format!("{} of {n} untriaged: nobody marked them in #{channel}; {then}", noise.untriaged));
    }
    if noise.ola_breaches > 0 {
        return Some(format!(
            "{} of {n} past the OLA: the playbook's initial steps may need to be quicker to start",
            noise.ola_breaches
        ));
    }
    if noise.fixed >= 3 && noise.fixed * 2 >= n {
        return Some(format!(
            "fixed {} times: the cause keeps coming back; open a ticket for the root cause",
            noise.fixed
        ));
    }
    None
}

/// The weekly review as Markdown: the table, the suggestions, the alarms that never fired.
pub fn markdown(repo: &ValidRepo, report: &Report, since: &str, until: &str, failed_reads: usize) -> String {
    let mut out = format!("# Alarm review, {since} to {until}\n\n");
    if failed_reads > 0 {
        out.push_str(&format!(
            "Incomplete: {failed_reads} channel read(s) failed (see the errors); the counts miss what could not be read.\n\n"
        ));
    }
    let total: usize = report.alarms.iter().map(|a| a.notifications).sum();
    out.push_str(&format!(
        "{total} ALARM notification(s) from {} alarm(s); {} alarm(s) never fired.\n\n",
        report.alarms.len(),
        report.never_fired.len()
    ));
    if !report.alarms.is_empty() {
        out.push_str("| Alarm | Notifications | Ignored | Duplicate | Fixed | Ticket | Delegated | Open | Untriaged | OLA breaches | Median first response | Owner |\n");
        out.push_str("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for a in &report.alarms {
            let median = a.median_first_response_minutes.map_or_else(|| "-".to_string(), |m| format!("{m} min"));
            out.push_str(&format!(
                "| [{}]({}) | {} | {} | {} | {} | {} | {} | {} | {} | {} | {median} | {} |\n",
                cell(&a.alarm),
                a.playbook,
                a.notifications,
                a.ignored,
                a.duplicates,
                a.fixed,
                a.ticket,
                a.delegated,
                a.open,
                a.untriaged,
                a.ola_breaches,
                cell(&a.owner)
            ));
        }
        let suggestions: Vec<_> = report.alarms.iter().filter_map(|a| a.suggestion.as_ref().map(|s| (a, s))).collect();
        if !suggestions.is_empty() {
            out.push_str("\n## Suggestions\n\n");
            for (a, s) in suggestions {
                out.push_str(&format!("- **{}**: {s}\n", cell(&a.alarm)));
            }
        }
    }
    if !report.never_fired.is_empty() {
        out.push_str("\n## Never fired\n\n");
        let mut links = Vec::new();
        for id in &report.never_fired {
            let playbook = super::configured(repo).find(|a| a.id == *id).map_or("", |a| a.playbook);
            links.push(format!("[{id}]({})", repo.policy.playbook_url(playbook)));
        }
        out.push_str(&links.join(", "));
        out.push('\n');
    }
    out
}

/// Text for a Markdown table cell.
pub fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// The review as a Slack message: the counts, the five noisiest alarms with their suggestions.
pub fn slack_text(report: &Report, since: &str, until: &str) -> String {
    use crate::render::slack::mrkdwn;
    let total: usize = report.alarms.iter().map(|a| a.notifications).sum();
    let mut lines = vec![format!(
        ":bar_chart: *Alarm review, {since} to {until}:* {total} ALARM notification(s) from {} alarm(s); {} never fired.",
        report.alarms.len(),
        report.never_fired.len()
    )];
    for a in report.alarms.iter().take(5) {
        let mut line = format!(
            "• <{}|{}>: {} ({} ignored, {} duplicate, {} untriaged)",
            mrkdwn(&a.playbook),
            mrkdwn(&a.alarm),
            a.notifications,
            a.ignored,
            a.duplicates,
            a.untriaged
        );
        if let Some(s) = &a.suggestion {
            line.push_str(&format!(": {}", mrkdwn(s)));
        }
        lines.push(line);
    }
    if report.alarms.len() > 5 {
        lines.push(format!("… and {} more alarm(s): see the report.", report.alarms.len() - 5));
    }
    lines.join("\n")
}
