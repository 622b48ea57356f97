//! `oncall generate`: lint, then write what the artifact registry produces.

use oncall_as_code::artifacts::{self, Artifacts, OWNED, Previous};
use oncall_as_code::output;
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
    /// The first day not yet history (shifts before it are kept as recorded) and the day
    /// playbook review ages are measured against (default: today in the policy's time zone).
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<chrono::NaiveDate>,
}

/// The artifacts of `root`, kept stable against those in `out`, or the exit code of why
/// there are none (the reason printed).
pub fn build(
    root: &Path,
    out: &Path,
    rebalance_from: Option<chrono::NaiveDate>,
    today: Option<chrono::NaiveDate>,
) -> Result<Artifacts, u8> {
    let (report, today) = super::lint_as_of(root, today)?;
    let repo = super::require_valid(&report, "generate needs a configuration that lints clean; nothing was written")?;
    let previous = Previous::read(out, |relative| output::read_text(&out.join(relative))).map_err(super::fail)?;
    let today = Some(today);
    artifacts::generate(repo, &previous, artifacts::Options { rebalance_from, today }).map_err(|error| match error {
        artifacts::GenerateError::Plan(error) => {
            eprintln!("error: {error}");
            eprintln!("nothing was written; add people to the rotation, or move time off, pitch cycles or overrides");
            super::FAILURE
        }
        error => super::fail(error),
    })
}

pub fn run(root: &Path, args: &Args) -> u8 {
    let out = args.out.clone().unwrap_or_else(|| root.join("generated"));
    let artifacts = match build(root, &out, args.rebalance_from, args.today) {
        Ok(built) => built,
        Err(code) => return code,
    };
    match output::write_tree(&out, &artifacts.files, &OWNED) {
        Ok(outcome) => {
            for path in &outcome.written {
                println!("wrote {}", path.display());
            }
            for path in &outcome.removed {
                println!("removed {}", path.display());
            }
            println!(
                "generate: {} shifts, {} files written, {} unchanged",
                artifacts.schedule.shifts.len(),
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
