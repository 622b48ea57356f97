//! The record against the roster: shifts of `generated/schedule.json` before today (and no
//! older than the lookback) that the roster now says could not have been worked. The record
//! is never re-planned, so each finding says which override corrects it. A shift with an
//! override of its day is already corrected; an override of a past day the record does not
//! hold corrects nothing.

use crate::diag::{Code, Diagnostic, Location, Pointer, Sink};
use crate::model::Repo;
use crate::schedule::{Schedule, Shift};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// The override, as written in `roster/overrides.yaml`, that says someone else worked `shift`.
fn override_for(shift: &Shift, why: &str) -> String {
    format!(
        "`- {{ date: {}, rotation: {}, person: <who worked it>, reason: \"covered {}, {why}\" }}`",
        shift.date, shift.rotation, shift.person
    )
}

/// Checks the record as of `today`.
pub fn check(repo: &Repo, record: &Schedule, today: NaiveDate, sink: &mut Sink) {
    let (Some(team), Some(policy)) = (&repo.team, &repo.policy) else { return };
    let oldest = policy.value.schedule.oldest_kept(today);
    let corrected: BTreeSet<(NaiveDate, &str)> =
        repo.overrides.iter().flat_map(|f| f.value.iter()).map(|o| (o.date, o.rotation.as_str())).collect();
    let past: Vec<&Shift> = record
        .shifts
        .iter()
        .filter(|s| oldest <= s.date && s.date < today && !corrected.contains(&(s.date, s.rotation.as_str())))
        .collect();
    let first = record.shifts.first().map_or(today, |s| s.date);
    for file in &repo.overrides {
        for (i, o) in file.items().filter(|(_, o)| o.date < today) {
            let why = if o.date < oldest {
                format!("older than the record keeps (it starts on {oldest}, `schedule.lookback_days` back)")
            } else if o.date < first {
                format!("before the record's first shift, on {first}")
            } else {
                continue;
            };
            sink.push(
                Diagnostic::new(
                    Code::OverrideOutsideRecord,
                    Location::value(file.file, Pointer::root() / i / "date"),
                    format!("this override of {} is {why}: there is no recorded shift for it to correct", o.date),
                )
                .with_help("delete it; it changes nothing"),
            );
        }
    }
    if past.is_empty() {
        return;
    }
    for file in &repo.time_off {
        for (i, t) in file.items() {
            for shift in past.iter().filter(|s| s.person == t.person && t.from <= s.date && s.date <= t.until) {
                sink.push(
                    Diagnostic::new(
                        Code::RecordContradictsRoster,
                        Location::value(file.file, Pointer::root() / i),
                        format!(
                            "the record has `{}` on duty ({}) on {}, a day this time off covers",
                            shift.person, shift.rotation, shift.date
                        ),
                    )
                    .with_help(format!(
                        "if someone else worked it, add to roster/overrides.yaml {}; if they did work it, end or start \
                         the time off around that day",
                        override_for(shift, t.reason.as_deref().unwrap_or("time off"))
                    )),
                );
            }
        }
    }
    let mut known = BTreeSet::new();
    for (i, person) in team.people() {
        known.insert(person.id.as_str());
        let Some(left) = person.left else { continue };
        let after: Vec<&&Shift> = past.iter().filter(|s| s.person == person.id && s.date > left).collect();
        let Some(first) = after.first() else { continue };
        sink.push(
            Diagnostic::new(
                Code::RecordContradictsRoster,
                Location::value(team.file, Pointer::root() / "people" / i / "left"),
                format!(
                    "the record has `{}` on duty for {} shift(s) after their last day {left}, the first on {} ({})",
                    person.id,
                    after.len(),
                    first.date,
                    first.rotation
                ),
            )
            .with_help(format!(
                "if they worked them, move `left` to their real last day; otherwise add an override per shift, e.g. {}",
                override_for(first, "left")
            )),
        );
    }
    if !repo.broken_people.is_empty() {
        return;
    }
    let mut removed: BTreeMap<&str, Vec<&Shift>> = BTreeMap::new();
    for shift in past.iter().filter(|s| !known.contains(s.person.as_str())) {
        removed.entry(shift.person.as_str()).or_default().push(shift);
    }
    for (id, shifts) in removed {
        let last = shifts.iter().map(|s| s.date).max().unwrap_or(today);
        sink.push(
            Diagnostic::new(
                Code::RecordContradictsRoster,
                Location::key(team.file, Pointer::root() / "people"),
                format!(
                    "the record has `{id}` on duty for {} shift(s) up to {last}, but `{id}` is no longer in the team",
                    shifts.len()
                ),
            )
            .with_help(format!(
                "put them back with `left: {last}` (their last day) so that the record and the roster agree; the shifts \
                 stay on record for the lookback either way"
            )),
        );
    }
}
