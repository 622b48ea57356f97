//! `oncall generate`: lint, plan the schedule, and write the artifacts.

use oncall_as_code::schedule::{PlanOptions, Schedule, plan};
use oncall_as_code::{LintOptions, lint, output};
use std::path::{Path, PathBuf};

/// Write the schedule, SCHEDULE.md, calendars and CloudFormation alarms to generated/.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write here instead of <root>/generated.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Re-plan from this day on instead of keeping the committed schedule's shifts.
    #[arg(long, value_name = "YYYY-MM-DD")]
    rebalance_from: Option<chrono::NaiveDate>,
    /// The day playbook review ages are measured against (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<chrono::NaiveDate>,
}

/// Reads the committed schedule, if any.
pub fn previous(path: &Path) -> Result<Option<Schedule>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| format!("{}: {e}; fix or delete it to plan from scratch", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// The generated directories `generate` owns: files there it did not produce are removed.
pub const OWNED: [(&str, &str); 2] = [("calendars", ".ics"), ("cloudformation", ".yaml")];

/// Everything `generate` would write to `out`, or the exit code of why it cannot.
pub fn build(
    root: &Path,
    out: &Path,
    rebalance_from: Option<chrono::NaiveDate>,
    today: Option<chrono::NaiveDate>,
) -> Result<(usize, Vec<(String, String)>), u8> {
    let options =
        LintOptions { today: today.unwrap_or_else(|| chrono::Local::now().date_naive()), deny_warnings: false };
    let report = lint(root, &options).map_err(super::fail)?;
    super::require_clean(&report, "generate needs a configuration that lints clean; nothing was written")?;
    let previous = previous(&out.join("schedule.json")).map_err(super::fail)?;
    let mut templates = Vec::new();
    for n in 0.. {
        let path = out.join(oncall_as_code::render::cloudformation::file_name(n));
        match std::fs::read_to_string(&path) {
            Ok(text) => templates.push((n, text)),
            Err(_) if n > 0 => break,
            Err(_) => {}
        }
    }
    let previous_alarms = oncall_as_code::render::cloudformation::previous_assignment(&templates);
    // The templates do not depend on the schedule: they are written while it is planned.
    let (planned, templates) = std::thread::scope(|scope| {
        let templates =
            scope.spawn(|| oncall_as_code::render::cloudformation::templates(&report.repo, &previous_alarms));
        let planned = plan(&report.repo, PlanOptions { previous: previous.as_ref(), rebalance_from }).map(|schedule| {
            (oncall_as_code::render::schedule_artifacts(&report.repo, &schedule).map_err(|e| e.to_string()), schedule)
        });
        (planned, templates.join().expect("rendering templates does not panic"))
    });
    let (files, schedule) = planned.map_err(|error| {
        eprintln!("error: {error}");
        eprintln!("nothing was written; add people to the rotation, or move time off, pitch cycles or overrides");
        super::FAILURE
    })?;
    let mut files = files.map_err(|error| super::fail(format!("cannot render the artifacts: {error}")))?;
    files.extend(templates);
    Ok((schedule.shifts.len(), files))
}

pub fn run(root: &Path, args: &Args) -> u8 {
    let out = args.out.clone().unwrap_or_else(|| root.join("generated"));
    let (shifts, files) = match build(root, &out, args.rebalance_from, args.today) {
        Ok(built) => built,
        Err(code) => return code,
    };
    match output::write_tree(&out, &files, &OWNED) {
        Ok(outcome) => {
            for path in &outcome.written {
                println!("wrote {}", path.display());
            }
            for path in &outcome.removed {
                println!("removed {}", path.display());
            }
            println!(
                "generate: {shifts} shifts, {} files written, {} unchanged",
                outcome.written.len(),
                outcome.unchanged
            );
            0
        }
        Err(error) if error.partial => {
            super::fail(format!("{error}; some files in {} were replaced: run generate again", out.display()))
        }
        Err(error) => super::fail(format!("{error}; nothing in {} was changed", out.display())),
    }
}
