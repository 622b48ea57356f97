//! `oncall diff --base REF`: what this branch changes against REF, read from git's object
//! database; markdown for a pull-request comment, JSON for machines.

use oncall_as_code::changes::{Changes, config_changes, shift_changes};
use oncall_as_code::gitops::tree::{GitTree, open, prefix};
use oncall_as_code::render::diff::markdown;
use oncall_as_code::schedule::{PlanOptions, Schedule, plan};
use oncall_as_code::{LintOptions, lint_source};
use std::path::Path;

/// Show what this branch changes against a base revision: shifts, alarms, playbooks.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The base revision: a branch, tag or commit (e.g. origin/main).
    #[arg(long, value_name = "REF")]
    base: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Markdown)]
    format: DiffFormat,
    /// The first day not yet history: shifts before it are kept as recorded (default: today
    /// in the policy's time zone).
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DiffFormat {
    /// A pull-request comment.
    Markdown,
    Json,
}

pub fn run(root: &Path, args: &Args) -> u8 {
    let repo = match open(root) {
        Ok(repo) => repo,
        Err(error) => return super::fail(error),
    };
    let base = match GitTree::at(&repo, &args.base, &prefix(&repo, root)) {
        Ok(tree) => tree,
        Err(error) => return super::fail(error),
    };
    let (head, today) = match super::lint_as_of(root, args.today) {
        Ok(linted) => linted,
        Err(code) => return code,
    };
    let options = LintOptions { today, deny_warnings: false };
    let head_repo = match super::require_valid(&head, "this branch does not lint clean; fix it to see what it changes")
    {
        Ok(repo) => repo,
        Err(code) => return code,
    };
    let base_report = match lint_source(&base, &options) {
        Ok(report) => report,
        Err(error) => return super::fail(format!("{}: {error}", args.base)),
    };
    let today = Some(today);
    let committed: Option<Schedule> =
        base.file("generated/schedule.json").and_then(|bytes| serde_json::from_slice(&bytes).ok());
    // What generate would write on the base (its committed schedule may be stale while a
    // publish pull request is open): only the branch's own changes then show.
    let base_schedule = match base_report.valid() {
        Some(Ok(base_repo)) => {
            plan(base_repo, PlanOptions { previous: committed.as_ref(), rebalance_from: None, today })
                .ok()
                .or(committed)
        }
        _ => committed,
    };
    let head_schedule =
        match plan(head_repo, PlanOptions { previous: base_schedule.as_ref(), rebalance_from: None, today }) {
            Ok(schedule) => schedule,
            Err(error) => {
                eprintln!("error: {error}");
                return super::FAILURE;
            }
        };
    let mut changes = Changes::default();
    if let Some(base_schedule) = &base_schedule {
        changes.shifts = shift_changes(base_schedule, &head_schedule);
    }
    config_changes(&base_report.repo, &head.repo, &mut changes);
    if base_report.has_errors() {
        eprintln!("warning: {} does not lint clean; alarms and playbooks it fails to define show as added", args.base);
    }
    match args.format {
        DiffFormat::Json => {
            let mut value = serde_json::to_value(&changes).expect("changes serialise");
            value["base"] = serde_json::json!(args.base);
            println!("{}", serde_json::to_string_pretty(&value).expect("JSON values serialise"));
        }
        DiffFormat::Markdown => match markdown(&changes, head_repo, &args.base) {
            Ok(text) => print!("{text}"),
            Err(error) => return super::fail(format!("cannot render the comment: {error}")),
        },
    }
    0
}
