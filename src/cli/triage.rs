//! `oncall triage`: the day's alarm notifications in the alerts channels with their triage
//! state, read through the Slack Web API (`SLACK_BOT_TOKEN`, `SLACK_API_URL`); `--post`
//! sends the Incident Commander's handover. Changes nothing in the repository.

use chrono::{DateTime, Duration, NaiveDate, Timelike, Utc};
use oncall_as_code::gitops::slack_read::{ReadError, Reader};
use oncall_as_code::model::ValidRepo;
use oncall_as_code::triage::{ChannelRead, Day, Notification, State, Status, Window, alert_channels, chatbot, triage};
use std::collections::HashMap;
use std::path::Path;

/// Triage state of the day's alarm notifications, from the team's emoji reactions
///
/// Reads every channel alarms post to (conversations.history, threads through
/// conversations.replies) and lists each AWS Chatbot / Amazon Q alarm notification with its
/// triage: `closed` (a closing emoji of the policy's legend), `open` (only eyes) or
/// `untriaged`, who reacted, the first reply in its thread and OLA breaches. Exit 1 when a
/// channel could not be read (after reporting the rest), 2 when it cannot run.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The calendar day in the policy's time zone (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", conflicts_with_all = ["since", "until"])]
    date: Option<NaiveDate>,
    /// Start of the window: RFC 3339, or local time (2026-12-01T09:00), or a day (its start).
    #[arg(long, value_name = "TIME")]
    since: Option<String>,
    /// End of the window, excluded (a day is its first moment: `--until 2026-12-02` ends the
    /// window at the end of 2026-12-01), written as --since; default now.
    #[arg(long, value_name = "TIME", requires = "since")]
    until: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Send the Incident Commander's handover to the IC rotation's announce channel.
    #[arg(long)]
    post: bool,
    /// With --post: only when the IC's shift ends in this local hour (`17:00`, or `now` for
    /// an hourly cron); otherwise nothing is read or sent.
    #[arg(long, value_name = "HH:MM|now", requires = "post")]
    due: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Markdown,
    Json,
}

/// A window bound: a day (its local midnight) or a moment.
pub fn parse_bound(text: &str, tz: chrono_tz::Tz) -> Result<DateTime<Utc>, String> {
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(day) => Ok(midnight(day, tz)),
        Err(_) => super::who::parse_at(text, tz),
    }
}

/// The first moment of `day` in `tz` (a day that starts with a daylight-saving gap starts
/// when the clocks resume).
pub fn midnight(day: NaiveDate, tz: chrono_tz::Tz) -> DateTime<Utc> {
    oncall_as_code::schedule::calendar::local_instant(tz, day, 0).with_timezone(&Utc)
}

/// The Slack API reader from the environment, or why there is none.
pub fn reader() -> Result<Reader, String> {
    let Some(token) = std::env::var("SLACK_BOT_TOKEN").ok().filter(|t| !t.is_empty()) else {
        return Err("SLACK_BOT_TOKEN is not set: give the bot token of the team's Slack app (scopes channels:history, groups:history for private channels, reactions:read)".to_string());
    };
    let timeout = std::env::var("SLACK_TIMEOUT_SECONDS").ok().and_then(|s| s.parse::<u64>().ok()).unwrap_or(30);
    Ok(Reader::new(&super::slack_api_url(), token, std::time::Duration::from_secs(timeout.max(1))))
}

/// Reads every alert channel over `window`: the messages, and the threads of the alarm
/// notifications among them. What could be read, and the errors of what could not.
pub fn read(repo: &ValidRepo, reader: &Reader, window: &Window) -> (Vec<ChannelRead>, Vec<String>) {
    let (oldest, latest) = window.slack_bounds();
    let mut read = Vec::new();
    let mut errors = Vec::new();
    for channel in alert_channels(repo) {
        let messages = match reader.history(&channel.id, &oldest, &latest) {
            Ok(messages) => messages,
            Err((partial, error)) => {
                errors.push(failed(&channel.key, &error));
                partial
            }
        };
        let mut replies = HashMap::new();
        for message in messages.iter().filter(|m| m.reply_count > 0 && chatbot::recognise(m).is_some()) {
            match reader.replies(&channel.id, &message.ts) {
                Ok(thread) => {
                    replies.insert(message.ts.clone(), thread);
                }
                Err(error) => {
                    errors.push(failed(&channel.key, &error));
                    break;
                }
            }
        }
        read.push(ChannelRead { key: channel.key.clone(), messages, replies });
    }
    (read, errors)
}

/// A read error as printed: the channel's key, then the call and Slack's answer.
fn failed(key: &str, error: &ReadError) -> String {
    format!("#{key}: {error}")
}

pub fn run(root: &Path, args: &Args) -> u8 {
    let (lint, _) = match super::lint_as_of(root, args.date) {
        Ok(report) => report,
        Err(_) => return super::CANNOT_RUN,
    };
    let repo = match super::require_valid(&lint, "triage needs a configuration that lints clean") {
        Ok(repo) => repo,
        Err(_) => return super::CANNOT_RUN,
    };
    let tz = repo.policy.timezone;
    let now = Utc::now();
    let (since, until) = match (&args.since, &args.until, args.date) {
        (Some(since), until, _) => {
            let since = match parse_bound(since, tz) {
                Ok(t) => t,
                Err(message) => return super::fail(format!("--since: {message}")),
            };
            let until = match until.as_deref().map(|u| parse_bound(u, tz)).transpose() {
                Ok(t) => t.unwrap_or(now),
                Err(message) => return super::fail(format!("--until: {message}")),
            };
            (since, until)
        }
        (None, _, date) => {
            let day = date.unwrap_or_else(|| now.with_timezone(&tz).date_naive());
            (midnight(day, tz), midnight(day + Duration::days(1), tz))
        }
    };
    if until <= since {
        return super::fail(
            "--until must be after --since (--until is excluded: for the whole day D give --date D, or --until the next day)",
        );
    }
    let window = Window { since, until, end: until.min(now) };
    // The schedule, for the handover: who was IC and who takes over.
    let schedule = if args.post {
        let (path, committed, _) = match super::committed_schedule(root) {
            Ok(loaded) => loaded,
            Err(code) => return code,
        };
        let today = window.end.with_timezone(&tz).date_naive();
        Some(super::current_schedule(&path, committed, Some(&lint), today))
    } else {
        None
    };
    let ic_rotation = repo.policy.ic_rotation();
    if args.post {
        let Some(rotation) = ic_rotation else {
            return super::fail("--post: no rotation of the policy is a working-hours (Incident Commander) rotation");
        };
        if rotation.announce.is_none() {
            return super::fail(format!("--post: rotation `{}` has no `announce` channel", rotation.name));
        }
    }
    let (ic, next) = match &schedule {
        Some(schedule) => oncall_as_code::triage::handover::shifts(repo, schedule, &window),
        None => (None, None),
    };
    if let Some(text) = &args.due {
        let hour = match super::due_hour(text, tz) {
            Ok(hour) => hour,
            Err(code) => return code,
        };
        // The IC's shift of the window's last day, started or not.
        let day = window.last_day(tz);
        let shift = schedule.as_ref().and_then(|s| oncall_as_code::triage::handover::ic_shift(repo, s, day));
        let due = shift.is_some_and(|s| s.end.with_timezone(&tz).hour() == hour);
        if !due {
            match shift {
                Some(s) => eprintln!(
                    "triage: the handover is not due at {} (the IC's shift on {day} ends at {})",
                    if text == "now" { format!("{hour:02}:00") } else { text.clone() },
                    s.end.format("%H:%M")
                ),
                None => eprintln!("triage: the handover is not due (no IC shift on {day})"),
            }
            return 0;
        }
    }
    let reader = match reader() {
        Ok(reader) => reader,
        Err(message) => return super::fail(message),
    };
    let (read, errors) = read(repo, &reader, &window);
    let day = triage(repo, &read, &window);
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&day).expect("triage serialises")),
        Format::Markdown => print!("{}", markdown(repo, &day, &window, errors.len())),
        Format::Human => print!("{}", human(repo, &day, &window, errors.len())),
    }
    for error in &errors {
        eprintln!("error: {error}");
    }
    if args.post {
        let rotation = ic_rotation.expect("checked above");
        let announce = rotation.announce.as_ref().expect("checked above");
        let channel = &repo.policy.channels[announce.channel];
        let text = oncall_as_code::triage::handover::text(repo, &day, &window, ic, next);
        if let Err(code) = post(channel, "handover", text, errors.len()) {
            return code;
        }
        eprintln!("triage: the handover was posted to {}", channel.key);
    }
    if errors.is_empty() { 0 } else { super::FAILURE }
}

/// Posts `text` (the `what`: handover, review) to `channel` with `SLACK_BOT_TOKEN`, saying
/// when `failed_reads` channels could not be read; the exit code when it could not.
pub fn post(
    channel: &oncall_as_code::model::valid::Channel,
    what: &'static str,
    mut text: String,
    failed_reads: usize,
) -> Result<(), u8> {
    if failed_reads > 0 {
        text.push_str(&format!("\n:warning: {failed_reads} channel read(s) failed; the counts are incomplete."));
    }
    let post = oncall_as_code::render::slack::Post {
        at: String::new(),
        kind: what,
        method: "chat.postMessage",
        payload: serde_json::json!({"channel": channel.id, "text": text, "unfurl_links": false}),
    };
    let token = std::env::var("SLACK_BOT_TOKEN").unwrap_or_default();
    let failure = match oncall_as_code::gitops::slack::send(&super::slack_api_url(), token, &[post]).into_iter().next()
    {
        None => return Ok(()),
        Some(oncall_as_code::gitops::api::ApiError::Status { status: 200, message, .. }) => {
            format!("Slack answered `{message}`{}", oncall_as_code::gitops::slack_read::hint(&message, None))
        }
        Some(failure) => failure.to_string(),
    };
    Err(super::fail_with(super::FAILURE, format!("the {what} was not posted to #{}: {failure}", channel.key)))
}

/// The window as people say it: "Tue 2026-12-01" for a calendar day, else both ends.
pub fn window_label(window: &Window, tz: chrono_tz::Tz) -> String {
    let (since, until) = (window.since.with_timezone(&tz), window.until.with_timezone(&tz));
    let day = since.date_naive();
    if since == midnight(day, tz).with_timezone(&tz) && window.until == midnight(day + Duration::days(1), tz) {
        return since.format("%a %Y-%m-%d").to_string();
    }
    format!("{} to {}", since.format("%Y-%m-%d %H:%M"), until.format("%Y-%m-%d %H:%M"))
}

/// The order people read a day in: untriaged, then open, then closed, then OK and
/// INSUFFICIENT_DATA; by time within each.
fn reading_order(day: &Day) -> Vec<(&'static str, Vec<&Notification>)> {
    let alarm = |status: Status| {
        day.notifications.iter().filter(|n| n.state == State::Alarm && n.triage == status).collect::<Vec<_>>()
    };
    vec![
        ("Untriaged", alarm(Status::Untriaged)),
        ("Open", alarm(Status::Open)),
        ("Closed", alarm(Status::Closed)),
        ("OK and INSUFFICIENT_DATA", day.notifications.iter().filter(|n| n.state != State::Alarm).collect()),
    ]
}

fn headline(repo: &ValidRepo, day: &Day, window: &Window) -> String {
    let s = &day.summary;
    let tz = repo.policy.timezone;
    let ola = match &repo.policy.ola {
        Some(o) => format!("; {} past the {}-minute OLA", s.ola_breaches, o.investigate_within_minutes),
        None => String::new(),
    };
    format!(
        "Triage of {} ({tz}): {} ALARM notification(s): {} untriaged, {} open, {} closed{ola}.",
        window_label(window, tz),
        s.notifications,
        s.untriaged,
        s.open,
        s.closed
    )
}

/// What a line says about a notification's reactions and thread.
fn details(repo: &ValidRepo, n: &Notification) -> String {
    let mut parts = Vec::new();
    if n.state != State::Alarm {
        parts.push(n.state.as_str().to_string());
    }
    for (emoji, who) in n.emoji.iter().zip(&n.by_emoji) {
        let who: Vec<&str> = who.iter().map(|id| repo.name_of(id)).collect();
        parts.push(format!(":{emoji}: by {}", who.join(", ")));
    }
    match n.first_response_minutes {
        Some(m) => parts.push(format!("first reply after {m} min")),
        None if n.state == State::Alarm => parts.push("no reply".to_string()),
        None => {}
    }
    if n.ola_breach {
        parts.push("OLA breach".to_string());
    }
    parts.join("; ")
}

/// A notification's local time: with the day when the window spans days, with the UTC
/// offset when the clocks change within it (02:30 happens twice in October).
fn time(n_at: DateTime<Utc>, window: &Window, tz: chrono_tz::Tz) -> String {
    use chrono::Offset;
    let local = n_at.with_timezone(&tz);
    let offset = |t: DateTime<Utc>| t.with_timezone(&tz).offset().fix();
    let day = if window.since.with_timezone(&tz).date_naive() != window.last_day(tz) { "%a %m-%d " } else { "" };
    let zone = if offset(window.since) != offset(window.until) { " %:z" } else { "" };
    local.format(&format!("{day}%H:%M{zone}")).to_string()
}

/// Says that the counts miss what could not be read.
fn incomplete(failed_reads: usize) -> String {
    match failed_reads {
        0 => String::new(),
        n => format!(
            "Incomplete: {n} channel read(s) failed (see the errors); the counts miss what could not be read.\n"
        ),
    }
}

pub fn human(repo: &ValidRepo, day: &Day, window: &Window, failed_reads: usize) -> String {
    let tz = repo.policy.timezone;
    let mut out = headline(repo, day, window) + "\n" + &incomplete(failed_reads);
    for (title, notifications) in reading_order(day) {
        if notifications.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{title}:\n"));
        for n in notifications {
            out.push_str(&format!(
                "  {}  {}  #{}  {}\n    {}\n",
                time(n.at, window, tz),
                n.alarm,
                n.channel,
                details(repo, n),
                n.playbook
            ));
        }
    }
    if !day.unknown.is_empty() {
        out.push_str("\nNot configured here:\n");
        for u in &day.unknown {
            out.push_str(&format!("  {}  {}  #{}  {}\n", time(u.at, window, tz), u.name, u.channel, u.state.as_str()));
        }
    }
    out
}

pub fn markdown(repo: &ValidRepo, day: &Day, window: &Window, failed_reads: usize) -> String {
    let tz = repo.policy.timezone;
    use oncall_as_code::triage::report::cell;
    let mut out = format!("# {}\n", headline(repo, day, window));
    if failed_reads > 0 {
        out.push('\n');
        out.push_str(&incomplete(failed_reads));
    }
    for (title, notifications) in reading_order(day) {
        if notifications.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {title}\n\n| Time | Alarm | Channel | Triage |\n|---|---|---|---|\n"));
        for n in notifications {
            out.push_str(&format!(
                "| {} | [{}]({}) | #{} | {} |\n",
                time(n.at, window, tz),
                cell(&n.alarm),
                n.playbook,
                cell(&n.channel),
                cell(&details(repo, n))
            ));
        }
    }
    if !day.unknown.is_empty() {
        out.push_str("\n## Not configured here\n\n| Time | Alarm | Channel | State |\n|---|---|---|---|\n");
        for u in &day.unknown {
            out.push_str(&format!(
                "| {} | {} | #{} | {} |\n",
                time(u.at, window, tz),
                cell(&u.name),
                cell(&u.channel),
                u.state.as_str()
            ));
        }
    }
    out
}
