//! The hard rules of README, "Schedules", checked on a finished schedule: [`violations`] re-derives who may
//! hold which shift straight from the files as written ([`crate::model::Repo`]), sharing no code
//! with the planner, so that the property tests and the fuzzers catch a planner that breaks a
//! rule instead of trusting its own availability code.

use super::Schedule;
use crate::model::Repo;
use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::HashMap;

/// Every hard rule the schedule breaks, as sentences, sorted (empty when it keeps them all).
pub fn violations(repo: &Repo, schedule: &Schedule) -> Vec<String> {
    violations_from(repo, schedule, NaiveDate::MIN)
}

/// [`violations`] of the days from `today` on: the shifts before it are the record of who was
/// on duty, which the roster may contradict (someone who left, time off entered afterwards).
pub fn violations_from(repo: &Repo, schedule: &Schedule, today: NaiveDate) -> Vec<String> {
    let (Some(policy), Some(team)) = (&repo.policy, &repo.team) else {
        return vec!["no valid policy or team".to_string()];
    };
    let (policy, team) = (&policy.value, &team.value);
    // A rolling window ends where the schedule says it was planned to.
    let window = crate::config::roster::DateRange {
        from: policy.schedule.from,
        until: policy.schedule.until.unwrap_or(schedule.until),
    };
    let weekend = |date: NaiveDate| {
        date.weekday() == Weekday::Sat || date.weekday() == Weekday::Sun || policy.holidays.contains(&date)
    };
    let has_shift = |rotation: &str, date: NaiveDate| {
        policy
            .rotations
            .get(rotation)
            .is_some_and(|r| if weekend(date) { r.windows.weekend.is_some() } else { r.windows.weekday.is_some() })
    };
    let overrides: HashMap<(NaiveDate, &str), &str> = repo
        .overrides
        .iter()
        .flat_map(|f| &f.value)
        .map(|o| ((o.date, o.rotation.as_str()), o.person.as_str()))
        .collect();
    // Why `id` may not be on `rotation` on `date` at all, holding the shift or shadowing it.
    let away = |id: &str, rotation: &str, date: NaiveDate| -> Option<String> {
        let person = team.people.iter().find(|p| p.id == id)?;
        let rules = policy.rotations.get(rotation)?;
        if !person.rotations.iter().any(|r| r == rotation) {
            return Some("is not a member".to_string());
        }
        if person.left.is_some_and(|left| date > left) {
            return Some("has left the team".to_string());
        }
        if repo.time_off.iter().flat_map(|f| &f.value).any(|t| t.person == id && t.from <= date && date <= t.until) {
            return Some("is on time off".to_string());
        }
        if rules.exclude_pitch_cycle
            && repo
                .pitch_cycles
                .iter()
                .flat_map(|f| &f.value)
                .any(|c| c.from <= date && date <= c.until && c.participants.iter().any(|p| p == id))
        {
            return Some("is in a pitch cycle".to_string());
        }
        None
    };
    // Why `id` may not hold `rotation` on `date` by the rotation's choice.
    let ineligible = |id: &str, rotation: &str, date: NaiveDate| -> Option<String> {
        if let Some(why) = away(id, rotation, date) {
            return Some(why);
        }
        let person = team.people.iter().find(|p| p.id == id)?;
        let rules = policy.rotations.get(rotation)?;
        if (date - person.started).num_days() < i64::from(rules.min_tenure_days) {
            return Some("has too little tenure".to_string());
        }
        if !policy.preparation.iter().all(|item| person.preparation.contains(item)) {
            return Some("has not completed the preparation checklist".to_string());
        }
        None
    };
    let mut out = Vec::new();
    let mut per_day: HashMap<(NaiveDate, &str), usize> = HashMap::new();
    let mut filled: HashMap<(NaiveDate, &str), usize> = HashMap::new();
    for shift in schedule.shifts.iter().filter(|s| s.date >= today) {
        let (date, rotation) = (shift.date, shift.rotation.as_str());
        if !policy.rotations.contains_key(rotation) {
            out.push(format!("{date}: unknown rotation {rotation}"));
            continue;
        }
        if !team.people.iter().any(|p| p.id == shift.person) {
            out.push(format!("{date}: unknown person {}", shift.person));
            continue;
        }
        *filled.entry((date, rotation)).or_default() += 1;
        *per_day.entry((date, shift.person.as_str())).or_default() += 1;
        if let Some(shadow) = &shift.shadow {
            *per_day.entry((date, shadow.as_str())).or_default() += 1;
            if !team.people.iter().any(|p| p.id == *shadow) {
                out.push(format!("{date} {rotation}: unknown shadow {shadow}"));
            } else if let Some(why) = away(shadow, rotation, date) {
                out.push(format!("{date} {rotation}: shadow {shadow} {why}"));
            }
        }
        if !window.contains(date) {
            out.push(format!("{date} {rotation}: a shift outside the schedule window"));
        }
        if !has_shift(rotation, date) {
            out.push(format!("{date} {rotation}: a shift on a day the rotation has no window"));
        }
        match overrides.get(&(date, rotation)) {
            Some(person) if *person != shift.person => {
                out.push(format!("{date} {rotation}: override for {person} not applied"))
            }
            Some(_) => {}
            None => {
                if let Some(why) = ineligible(&shift.person, rotation, date) {
                    out.push(format!("{date} {rotation}: {} {why}", shift.person));
                }
            }
        }
    }
    for ((date, person), n) in per_day {
        if n > 1 {
            out.push(format!("{date}: {person} holds {n} shifts"));
        }
    }
    // Nobody holds two shifts at once (a night shift and an early one the next day).
    let mut held: HashMap<&str, Vec<&super::Shift>> = HashMap::new();
    for shift in schedule.shifts.iter().filter(|s| s.date >= today) {
        held.entry(shift.person.as_str()).or_default().push(shift);
    }
    for (person, mut shifts) in held {
        shifts.sort_by_key(|s| s.start);
        for pair in shifts.windows(2) {
            if pair[1].start < pair[0].end {
                out.push(format!(
                    "{} {}: {person} also holds {} {}, which overlaps it",
                    pair[1].date, pair[1].rotation, pair[0].date, pair[0].rotation
                ));
            }
        }
    }
    let mut date = window.from.max(today);
    while date <= window.until {
        for rotation in policy.rotations.keys().filter(|r| has_shift(r, date)) {
            match filled.get(&(date, rotation.as_str())) {
                Some(1) => {}
                n => out.push(format!("{date} {rotation}: {} shifts", n.copied().unwrap_or(0))),
            }
        }
        let Some(next) = date.succ_opt() else { break };
        date = next;
    }
    out.sort();
    out
}
