//! `oncall drift FILE...`: the account's alarms (describe-alarms output) against the
//! configuration, field by field. Exit 1 on drift. Changes nothing.

use oncall_as_code::cloudwatch::drift::{drift, markdown};
use oncall_as_code::cloudwatch::read;
use std::path::{Path, PathBuf};

/// Compare the account's alarms with the configuration
///
/// Reads `aws cloudwatch describe-alarms --alarm-types MetricAlarm CompositeAlarm --output
/// json` (one or more pages, `-` for stdin)
/// and reports alarms changed outside git (field by field), configured but missing from the
/// account, and in the account but not managed here (nor in `external_alarms`). Exit 1 when
/// there is drift, 0 when there is none, 2 when it cannot compare.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// describe-alarms JSON files, or `-` for stdin.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// `markdown` or `json`.
    #[arg(long, default_value = "markdown", value_parser = ["markdown", "json"])]
    format: String,
    /// On drift, also post the summary to this channel (a key of the policy's `channels`)
    /// through the Slack Web API (`SLACK_BOT_TOKEN`, `SLACK_API_URL`).
    #[arg(long, value_name = "CHANNEL")]
    post: Option<String>,
    /// The day the configuration is read as of (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<chrono::NaiveDate>,
}

pub fn run(root: &Path, args: &Args) -> u8 {
    let inputs = match super::import::read_inputs(&args.files) {
        Ok(inputs) => inputs,
        Err(message) => return super::fail_with(super::CANNOT_RUN, message),
    };
    let account = match read(&inputs) {
        Ok(account) => account,
        Err(error) => return super::fail_with(super::CANNOT_RUN, error),
    };
    let (lint, _) = match super::lint_as_of(root, args.today) {
        Ok(report) => report,
        Err(_) => return super::CANNOT_RUN,
    };
    let repo = match super::require_valid(&lint, "drift needs a configuration that lints clean") {
        Ok(repo) => repo,
        Err(_) => return super::CANNOT_RUN,
    };
    let report = drift(repo, &account);
    if args.format == "json" {
        println!("{}", serde_json::to_string_pretty(&report).expect("reports serialise"));
    } else {
        print!("{}", markdown(&report));
    }
    if report.drift
        && let Some(key) = &args.post
    {
        let Some(channel) = repo.policy.channels.iter().find(|c| &c.key == key) else {
            return super::fail_with(super::CANNOT_RUN, format!("--post `{key}` is not a channel of the policy"));
        };
        let Some(token) = std::env::var("SLACK_BOT_TOKEN").ok().filter(|t| !t.is_empty()) else {
            return super::fail_with(super::CANNOT_RUN, "SLACK_BOT_TOKEN is not set; the drift was not posted");
        };
        let api = super::slack_api_url();
        let post = oncall_as_code::render::slack::Post {
            at: String::new(),
            kind: "drift",
            method: "chat.postMessage",
            payload: serde_json::json!({"channel": channel.id, "text": slack_text(&report), "unfurl_links": false}),
        };
        if let Some(failure) = oncall_as_code::gitops::slack::send(&api, token, &[post]).into_iter().next() {
            return super::fail_with(super::CANNOT_RUN, format!("the drift was not posted: {failure}"));
        }
    }
    if report.drift { super::FAILURE } else { 0 }
}

/// The Slack message of a drift: the counts, then one line per changed field (at most 20).
fn slack_text(report: &oncall_as_code::cloudwatch::drift::Drift) -> String {
    use oncall_as_code::render::slack::mrkdwn;
    let mut lines = vec![format!(
        ":warning: *Alarm drift:* {} changed outside git, {} missing from the account, {} not managed here.",
        report.changed.len(),
        report.missing.len(),
        report.unmanaged.len()
    )];
    let fields: Vec<String> = report
        .changed
        .iter()
        .flat_map(|c| {
            c.fields.iter().map(move |f| {
                format!("• {}: `{}` is {} (configured: {})", mrkdwn(&c.alarm), f.field, f.actual, f.expected)
            })
        })
        .chain(report.missing.iter().map(|m| format!("• {}: missing from the account", mrkdwn(&m.alarm))))
        .chain(report.unmanaged.iter().map(|m| format!("• {}: not managed here", mrkdwn(&m.alarm))))
        .collect();
    let shown = fields.len().min(20);
    lines.extend(fields[..shown].iter().cloned());
    if fields.len() > shown {
        lines.push(format!("… and {} more: see the drift job's summary.", fields.len() - shown));
    }
    lines.join("\n")
}
