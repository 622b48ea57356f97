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
    // The schedule committed on the base against what generate would write here: this
    // branch's committed schedule (or the base's) as the previous one, as of the same day.
    let base_committed: Option<Schedule> = match base.file("generated/schedule.json") {
        Some(bytes) => {
            match Schedule::from_json(&String::from_utf8_lossy(&bytes), Path::new("generated/schedule.json")) {
                Ok(schedule) => Some(schedule),
                Err(error) => return super::fail(format!("{}: {error}", args.base)),
            }
        }
        None => None,
    };
    let path = root.join("generated/schedule.json");
    // Read as generate reads its previous artifacts (a non-file in its place is refused).
    let head_committed = match oncall_as_code::output::read_text(&path) {
        Ok(None) => None,
        Ok(Some(text)) => match Schedule::from_json(&text, &path) {
            Ok(schedule) => Some(schedule),
            Err(error) => return super::fail(error),
        },
        Err(error) => return super::fail(error),
    };
    let previous = head_committed.as_ref().or(base_committed.as_ref());
    let head_schedule = match plan(head_repo, PlanOptions { previous, rebalance_from: None, today: Some(today) }) {
        Ok(schedule) => schedule,
        Err(error) => {
            eprintln!("error: {error}");
            return super::FAILURE;
        }
    };
    let mut changes = Changes::default();
    match &base_committed {
        Some(base_schedule) => {
            let reasons = head_repo
                .overrides
                .iter()
                .filter_map(|o| {
                    let rotation = head_repo.policy.rotations[o.rotation].name.clone();
                    Some(((o.date, rotation), o.reason.clone()?))
                })
                .collect();
            changes.set_schedule(shift_changes(base_schedule, &head_schedule, &reasons));
        }
        None => eprintln!(
            "note: {} has no generated/schedule.json; generate would write {} shift(s)",
            args.base,
            head_schedule.shifts.len()
        ),
    }
    for shift in head_schedule.shifts.iter().filter(|s| s.date >= today) {
        *changes.ahead.entry(shift.person.clone()).or_default() += 1;
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
