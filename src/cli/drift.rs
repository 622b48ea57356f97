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
    if report.drift { super::FAILURE } else { 0 }
}
