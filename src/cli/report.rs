//! `oncall report alarms`: the weekly review of alarm noise, from the alerts channels'
//! notifications and their triage (see `oncall triage`). Changes nothing.

use chrono::{Duration, NaiveDate, Utc};
use oncall_as_code::triage::report::{markdown, report, slack_text};
use oncall_as_code::triage::{Window, triage};
use std::path::Path;

/// Reports built from the team's Slack channels
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(Debug, clap::Subcommand)]
enum What {
    Alarms(AlarmsArgs),
}

/// Which alarms are noise: per alarm, its notifications and how they were triaged
///
/// For whole days in the policy's time zone (both included): per alarm, its ALARM
/// notifications, how many were ignored (false positives), duplicates, closed, left
/// untriaged or past the OLA, the median first response, and a suggestion from the alarm's
/// own settings; the noisiest first, then the alarms that never fired.
#[derive(Debug, clap::Args)]
struct AlarmsArgs {
    /// First day.
    #[arg(long, value_name = "YYYY-MM-DD")]
    since: NaiveDate,
    /// Last day (included).
    #[arg(long, value_name = "YYYY-MM-DD")]
    until: NaiveDate,
    /// `markdown` or `json`.
    #[arg(long, default_value = "markdown", value_parser = ["markdown", "json"])]
    format: String,
    /// Also post the review to Slack: to --channel, or the Incident Commander rotation's
    /// announce channel.
    #[arg(long)]
    post: bool,
    /// With --post: the channel (a key of the policy's `channels`).
    #[arg(long, value_name = "CHANNEL", requires = "post")]
    channel: Option<String>,
}

pub fn run(root: &Path, args: &Args) -> u8 {
    let What::Alarms(args) = &args.what;
    if args.until < args.since {
        return super::fail("--until must not be before --since");
    }
    let (lint, _) = match super::lint_as_of(root, Some(args.until)) {
        Ok(report) => report,
        Err(_) => return super::CANNOT_RUN,
    };
    let repo = match super::require_valid(&lint, "report needs a configuration that lints clean") {
        Ok(repo) => repo,
        Err(_) => return super::CANNOT_RUN,
    };
    let tz = repo.policy.timezone;
    let channel = if args.post {
        let key = match &args.channel {
            Some(key) => Some(key.as_str()),
            None => repo
                .policy
                .ic_rotation()
                .and_then(|r| r.announce.as_ref())
                .map(|a| repo.policy.channels[a.channel].key.as_str()),
        };
        match key.and_then(|k| repo.policy.channels.iter().find(|c| c.key == k)) {
            Some(channel) => Some(channel),
            None => {
                return super::fail(match key {
                    Some(key) => format!("--channel `{key}` is not a channel of the policy"),
                    None => "--post: no Incident Commander rotation announces anywhere; give --channel".to_string(),
                });
            }
        }
    } else {
        None
    };
    let since = super::triage::midnight(args.since, tz);
    let until = super::triage::midnight(args.until + Duration::days(1), tz);
    let window = Window { since, until, end: until.min(Utc::now()) };
    let reader = match super::triage::reader() {
        Ok(reader) => reader,
        Err(message) => return super::fail(message),
    };
    let (read, errors) = super::triage::read(repo, &reader, &window);
    let day = triage(repo, &read, &window);
    let review = report(repo, &day);
    let (from, to) = (args.since.to_string(), args.until.to_string());
    if args.format == "json" {
        println!("{}", serde_json::to_string_pretty(&review).expect("reports serialise"));
    } else {
        print!("{}", markdown(repo, &review, &from, &to, errors.len()));
    }
    for error in &errors {
        eprintln!("error: {error}");
    }
    if let Some(channel) = channel {
        if let Err(code) = super::triage::post(channel, "review", slack_text(&review, &from, &to), errors.len()) {
            return code;
        }
        eprintln!("report: the review was posted to {}", channel.key);
    }
    if errors.is_empty() { 0 } else { super::FAILURE }
}
