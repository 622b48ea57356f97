//! `oncall notify`: the day's Slack posts through the Slack Web API (`SLACK_BOT_TOKEN`,
//! `SLACK_API_URL`); `--dry-run` prints the payloads as JSON; `--due HH:MM` sends only what
//! is due in that local hour, so an hourly cron is right across daylight-saving changes.

use oncall_as_code::config::roster::parse_time;
use oncall_as_code::gitops::slack::send;
use oncall_as_code::render::slack::posts;
use oncall_as_code::{LintOptions, lint};
use std::path::Path;

/// Post the day's announcements, channel topics and reminders to Slack.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The day (default: today in the policy's time zone); shifts before it are kept as
    /// recorded. `--today` is the same flag.
    #[arg(long, alias = "today", value_name = "YYYY-MM-DD")]
    date: Option<chrono::NaiveDate>,
    /// Print the API calls as JSON instead of sending them.
    #[arg(long)]
    dry_run: bool,
    /// Only what is due in this local hour (`07:00` sends what is due from 07:00 to 07:59);
    /// `now` is the current hour in the policy's time zone (for an hourly cron).
    #[arg(long, value_name = "HH:MM|now", conflicts_with = "changes")]
    due: Option<String>,
    /// Instead of the day's posts: a direct message to everyone whose shift or shadowing from
    /// --date (today) to the rotation's `remind_days_before` days ahead was added, removed or
    /// moved by the commit at HEAD, when it changed `generated/schedule.json` (against the
    /// schedule before it, read from git). Run it once per push to main.
    #[arg(long)]
    changes: bool,
    /// With --changes: compare with the schedule at this commit (the one before a push,
    /// `${{ github.event.before }}`) instead of HEAD's parent, so that a push of several
    /// commits is told once whichever of them changed the schedule.
    #[arg(long, value_name = "REV", requires = "changes")]
    since: Option<String>,
}

pub fn run(root: &Path, args: &Args) -> u8 {
    if args.changes {
        return changes(root, args);
    }
    let (path, schedule, tz) = match super::committed_schedule(root) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let date = args.date.unwrap_or_else(|| chrono::Utc::now().with_timezone(&tz).date_naive());
    let report = match lint(root, &LintOptions { today: date, deny_warnings: false }) {
        Ok(report) => report,
        Err(error) => return super::fail(error),
    };
    let repo = match super::require_valid(&report, "notify needs a roster that lints clean; nothing was sent") {
        Ok(repo) => repo,
        Err(code) => return code,
    };
    let schedule = super::current_schedule(&path, schedule, Some(&report), date);
    if !(schedule.from..=schedule.until).contains(&date) {
        // An hourly job that posts nothing must not stay green while nobody is announced.
        let horizon = report.repo.policy.as_ref().and_then(|p| p.value.schedule.horizon_months);
        return super::fail_with(super::FAILURE, super::who::uncovered(date, &schedule, horizon));
    }
    let mut due = match posts(repo, &schedule, date) {
        Ok(posts) => posts,
        Err(error) => return super::fail(format!("cannot render the messages: {error}")),
    };
    if let Some(text) = &args.due {
        let hour = match super::due_hour(text, tz) {
            Ok(hour) => hour,
            Err(code) => return code,
        };
        due.retain(|p| parse_time(&p.at, false).is_some_and(|at| at / 60 == hour));
    }
    deliver(&due, args.dry_run, "nothing due")
}

/// Prints the posts (`--dry-run`) or sends them.
fn deliver(due: &[oncall_as_code::render::slack::Post], dry_run: bool, nothing: &str) -> u8 {
    if dry_run {
        println!("{}", serde_json::to_string_pretty(&due).expect("posts serialise"));
        return 0;
    }
    if due.is_empty() {
        println!("notify: {nothing}");
        return 0;
    }
    let Some(token) = std::env::var("SLACK_BOT_TOKEN").ok().filter(|t| !t.is_empty()) else {
        return super::fail("SLACK_BOT_TOKEN is not set; nothing was sent (use --dry-run to see the messages)");
    };
    let api = super::slack_api_url();
    let failures = send(&api, token, due);
    for error in &failures {
        eprintln!("error: {error}");
    }
    println!("notify: {} of {} Slack call(s) succeeded", due.len() - failures.len(), due.len());
    if failures.is_empty() { 0 } else { super::FAILURE }
}

/// `--changes`: the direct messages of the schedule change HEAD made.
fn changes(root: &Path, args: &Args) -> u8 {
    // A new branch's push has no commit before it (`0000...`): HEAD against its parent then.
    let since = args.since.as_deref().filter(|rev| !rev.is_empty() && !rev.chars().all(|c| c == '0'));
    let found = match since {
        Some(rev) => oncall_as_code::gitops::history::schedule_change_since(root, rev),
        None => oncall_as_code::gitops::history::last_schedule_change(root),
    };
    let change = match found {
        Ok(Some(change)) => change,
        Ok(None) => {
            println!("notify: no commit holds generated/schedule.json; nothing to tell");
            return 0;
        }
        Err(message) => return super::fail(message),
    };
    let short = change.commit.to_string()[..10].to_string();
    let Some((before, after)) = &change.at_head else {
        match since {
            Some(rev) => println!("notify: generated/schedule.json is the same at {rev} and HEAD; nothing sent"),
            None => println!(
                "notify: HEAD does not change generated/schedule.json (its last change, {short}, was told when it landed); nothing sent"
            ),
        }
        return 0;
    };
    let Some(before) = before else {
        println!("notify: {short} adds generated/schedule.json (the first plan, not a change); nothing to tell");
        return 0;
    };
    let tz: chrono_tz::Tz = match after.timezone.parse() {
        Ok(tz) => tz,
        Err(_) => {
            return super::fail(format!("generated/schedule.json names an unknown time zone `{}`", after.timezone));
        }
    };
    let today = args.date.unwrap_or_else(|| chrono::Utc::now().with_timezone(&tz).date_naive());
    let report = match lint(root, &LintOptions { today, deny_warnings: false }) {
        Ok(report) => report,
        Err(error) => return super::fail(error),
    };
    let repo = match super::require_valid(&report, "notify needs a roster that lints clean; nothing was sent") {
        Ok(repo) => repo,
        Err(code) => return code,
    };
    let posts = match oncall_as_code::render::changes::change_posts(repo, before, after, today, &short) {
        Ok(posts) => posts,
        Err(error) => return super::fail(format!("cannot render the messages: {error}")),
    };
    deliver(
        &posts,
        args.dry_run,
        &format!("{short} moves no shift from {today} to the reminder horizon; nothing to tell"),
    )
}
