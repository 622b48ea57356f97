//! Days nobody can take: the planner's feasibility of each day from today on
//! ([`crate::schedule::unfillable_days`]), so that lint finds what `generate` would stop on,
//! at the rotation, with the days and why each member is out. Runs on a configuration that is
//! otherwise free of errors.

use crate::diag::{Code, Diagnostic, Location, Pointer, Sink};
use crate::model::{Repo, ValidRepo};
use crate::schedule::{PlanError, Unavailable, unfillable_days};
use chrono::NaiveDate;

/// One finding: a rotation nobody can take on `from`..=`until` (its shift days between), for
/// the same reasons.
struct Run {
    rotation: String,
    from: NaiveDate,
    until: NaiveDate,
    days: usize,
    /// Why each member is out, as the finding says it (the same on every day of the run).
    reasons: Vec<(String, String)>,
}

/// Why a member is out, in words that stay the same from day to day: a tenure count-down is
/// the day it ends.
fn reason(date: NaiveDate, why: &Unavailable) -> String {
    match why {
        Unavailable::Tenure(days) => {
            let until = date.checked_add_signed(chrono::Duration::days(*days)).unwrap_or(date);
            format!("is too new (takes shifts from {until})")
        }
        other => other.to_string(),
    }
}

pub fn check(repo: &Repo, valid: &ValidRepo, today: NaiveDate, sink: &mut Sink) {
    let Some(policy) = &repo.policy else { return };
    let mut runs: Vec<Run> = Vec::new();
    for PlanError::Unfillable { date, rotation, reasons } in unfillable_days(valid, Some(today)) {
        let reasons: Vec<(String, String)> = reasons.iter().map(|(p, why)| (p.clone(), reason(date, why))).collect();
        // Days in a row (with no shift of the rotation between) for the same reasons are one
        // finding.
        let r = valid.policy.rotation(&rotation).map(|r| &valid.policy.rotations[r]);
        let continues = runs.last().is_some_and(|run| {
            run.rotation == rotation
                && run.reasons == reasons
                && run
                    .until
                    .iter_days()
                    .skip(1)
                    .take_while(|d| *d < date)
                    .all(|d| r.is_none_or(|r| r.window(valid.policy.is_weekend(d)).is_none()))
        });
        match runs.last_mut() {
            Some(run) if continues => {
                run.until = date;
                run.days += 1;
            }
            _ => runs.push(Run { rotation, from: date, until: date, days: 1, reasons }),
        }
    }
    for run in runs {
        let when = if run.days == 1 {
            format!("on {}", run.from)
        } else {
            format!("on {} days from {} to {}", run.days, run.from, run.until)
        };
        let why = if run.reasons.is_empty() {
            "the rotation has no members".to_string()
        } else {
            run.reasons.iter().map(|(p, why)| format!("`{p}` {why}")).collect::<Vec<_>>().join("; ")
        };
        sink.push(
            Diagnostic::new(
                Code::UnfillableDay,
                Location::key(policy.file, Pointer::root() / "rotations" / &run.rotation),
                format!("nobody can take `{}` {when}: {why}", run.rotation),
            )
            .with_help(
                "give someone an override for the day (roster/overrides.yaml), move a time off, \
                 or add members to the rotation",
            ),
        );
    }
}
