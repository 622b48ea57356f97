//! The artifact registry: everything `generate` writes, from the valid repository and the
//! previous artifacts. [`generate`] returns each artifact's path and text and [`OWNED`] says
//! which generated files are the tool's (removed when no longer produced). The `generate`,
//! `check` and `publish` commands all go through here; reading and writing the files is
//! [`crate::output`]'s, so nothing here does I/O.
//!
//! | artifact | from |
//! |---|---|
//! | `schedule.json`, `SCHEDULE.md`, `calendars/*.ics` | [`crate::schedule::plan`], [`crate::render`] |
//! | `cloudformation/alarms*.yaml`, `cloudformation/placement.json` | [`crate::render::cloudformation`] |
//! | `site/index.html`, `site/site.css`, `site/site.js`, `fairness.svg` | [`crate::render::site`] |

use crate::model::ValidRepo;
use crate::render::cloudformation::{self, PLACEMENT_FILE, Placement};
use crate::schedule::{PlanError, PlanOptions, Schedule, plan};
use chrono::NaiveDate;
use std::path::Path;

/// Where the schedule is, under the output directory.
pub const SCHEDULE_FILE: &str = "schedule.json";

/// The generated files the tool owns, as a subdirectory and how their names end: such a
/// file that a run does not produce is removed (a calendar of someone who left, a template
/// part no longer needed); anything else there is left alone.
pub const OWNED: [(&str, &str); 6] = [
    ("calendars", ".ics"),
    // The schedule page is published as it is: nothing else may be in its directory.
    ("site", ""),
    ("cloudformation", ".yaml"),
    ("cloudformation", "/placement.json"),
    ("cloudformation/import", ".yaml"),
    ("cloudformation/import", ".json"),
];

/// What the previous run left that the next one keeps stable.
#[derive(Clone, Debug, Default)]
pub struct Previous {
    /// The committed schedule: its still-valid shifts are kept.
    pub schedule: Option<Schedule>,
    /// Which template held which alarm.
    pub placement: Placement,
}

impl Previous {
    /// Reads the previous artifacts of the output directory `dir` through `read`, which gives
    /// the text of a path under it (`None` when there is no such file); `dir` only names the
    /// files in errors. Templates written before `placement.json` existed are read for their
    /// alarms instead.
    pub fn read(dir: &Path, read: impl Fn(&str) -> Result<Option<String>, String>) -> Result<Previous, String> {
        let schedule = match read(SCHEDULE_FILE)? {
            Some(text) => Some(Schedule::from_json(&text, &dir.join(SCHEDULE_FILE))?),
            None => None,
        };
        let placement = match read(PLACEMENT_FILE)? {
            Some(text) => serde_json::from_str(&text).map_err(|e| {
                format!("{}: {e}; fix or delete it to place alarms afresh", dir.join(PLACEMENT_FILE).display())
            })?,
            None => {
                let mut templates = Vec::new();
                for n in 0.. {
                    match read(&cloudformation::file_name(n))? {
                        Some(text) => templates.push((n, text)),
                        None if n > 0 => break,
                        None => {}
                    }
                }
                // The reason starts with the template's path under the directory.
                Placement::from_templates(&templates).map_err(|e| format!("{}/{e}", dir.display()))?
            }
        };
        Ok(Previous { schedule, placement })
    }
}

/// Settings of one generation.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Re-plan from this day on instead of keeping the previous schedule's shifts.
    pub rebalance_from: Option<NaiveDate>,
    /// The first day not yet history (see [`PlanOptions::today`]).
    pub today: Option<NaiveDate>,
}

/// Everything a generation produces.
#[derive(Clone, Debug)]
pub struct Artifacts {
    /// (path under the output directory, text), in a fixed order.
    pub files: Vec<(String, String)>,
    pub schedule: Schedule,
}

/// Why nothing could be generated.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// A day nobody can take.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// A template of the repository's `templates/` failed to render.
    #[error("cannot render the artifacts: {0}")]
    Render(#[from] minijinja::Error),
}

/// Every artifact of `repo`, kept as stable as `previous` allows.
pub fn generate(repo: &ValidRepo, previous: &Previous, options: Options) -> Result<Artifacts, GenerateError> {
    let placed = previous.placement.by_logical_id();
    // The templates do not depend on the schedule: they are written while it is planned.
    let (planned, templates) = std::thread::scope(|scope| {
        let templates = scope.spawn(|| cloudformation::templates(repo, &placed));
        let planned = plan(
            repo,
            PlanOptions {
                previous: previous.schedule.as_ref(),
                rebalance_from: options.rebalance_from,
                today: options.today,
            },
        )
        .map_err(GenerateError::from)
        .and_then(|schedule| Ok((crate::render::schedule_artifacts(repo, &schedule, options.today)?, schedule)));
        (planned, templates.join().expect("rendering templates does not panic"))
    });
    let (mut files, schedule) = planned?;
    files.extend(templates);
    Ok(Artifacts { files, schedule })
}
