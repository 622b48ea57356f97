//! The planner against an exact integer program (good_lp with the pure-Rust microlp solver):
//! on each fixture roster, for each rotation and each group of people with the same
//! availability, the spread of shift counts and of weekend-and-holiday counts the planner
//! leaves is the smallest the hard rules allow. The program knows only the hard rules (who
//! may hold which slot, one shift a day, no two overlapping shifts, overrides), written here
//! again from README, "Schedules" rather than taken from the planner. And nobody's n working-day shifts
//! of a rotation crowd one weekday (more than ceil(n / 5)) where a schedule with the same
//! counts that keeps the hard rules does not.

mod common;

use chrono::{Datelike, NaiveDate};
use common::roster::{build, roster_over};
use good_lp::{Expression, ProblemVariables, Solution, SolverModel, Variable, constraint, microlp, variable};
use oncall_as_code::model::ValidRepo;
use oncall_as_code::schedule::calendar::{Slot, slots};
use oncall_as_code::schedule::{PlanOptions, Schedule, availability, plan};
use oncall_as_code::{LintOptions, lint};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

fn valid(name: &str) -> ValidRepo {
    // The copy of the example team, or a schedule fixture.
    let root = match name {
        "example" => common::example().to_path_buf(),
        _ => Path::new("tests/fixtures/schedule").join(name),
    };
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let report = lint(&root, &LintOptions { today, deny_warnings: false }).unwrap();
    assert!(!report.has_errors(), "{name}: {:?}", report.diagnostics);
    let from = report.repo.policy.as_ref().unwrap().value.schedule.from;
    oncall_as_code::model::validate(&report.repo, from).unwrap()
}

/// Whether person `p` may hold rotation `r` on `date` by the day-independent hard rules.
fn may(repo: &ValidRepo, p: usize, r: usize, date: NaiveDate) -> bool {
    let person = &repo.people[p];
    let rotation = &repo.policy.rotations[r];
    person.rotations.contains(&r)
        && person.left.is_none_or(|left| date <= left)
        && (date - person.started).num_days() >= i64::from(rotation.min_tenure_days)
        && person.prepared
        && !repo.time_off.iter().any(|t| t.person == p && t.from <= date && date <= t.until)
        && !(rotation.exclude_pitch_cycle
            && repo.pitch_cycles.iter().any(|c| c.participants.contains(&p) && c.from <= date && date <= c.until))
}

/// What is minimised: the spread of all shifts or of weekend-and-holiday ones.
#[derive(Clone, Copy, Debug)]
enum Count {
    Total,
    Weekend,
}

/// The program of the hard rules: a variable per (slot index, person) who may hold it, and
/// the constraints every schedule keeps.
struct Program {
    vars: ProblemVariables,
    x: BTreeMap<(usize, usize), Variable>,
    constraints: Vec<good_lp::Constraint>,
}

/// How many of the slots that `counted` picks person `p` holds.
fn held(program: &Program, slots: &[Slot], p: usize, counted: impl Fn(&Slot) -> bool) -> Expression {
    let mut held = Expression::from(0);
    for (i, slot) in slots.iter().enumerate() {
        if let (true, Some(v)) = (counted(slot), program.x.get(&(i, p))) {
            held += *v;
        }
    }
    held
}

fn hard_rules(repo: &ValidRepo, slots: &[Slot]) -> Program {
    let mut vars = ProblemVariables::new();
    // x[(slot, person)]: the person holds the slot.
    let mut x: BTreeMap<(usize, usize), Variable> = BTreeMap::new();
    let mut constraints = Vec::new();
    for (i, slot) in slots.iter().enumerate() {
        let forced = repo.overrides.iter().find(|o| o.date == slot.date && o.rotation == slot.rotation);
        let mut holders = Expression::from(0);
        for p in 0..repo.people.len() {
            let allowed = match forced {
                Some(o) => o.person == p,
                None => may(repo, p, slot.rotation, slot.date),
            };
            if allowed {
                let v = vars.add(variable().binary());
                x.insert((i, p), v);
                holders += v;
            }
        }
        constraints.push(constraint!(holders == 1));
    }
    // One shift a day, and never two that overlap in time.
    for p in 0..repo.people.len() {
        let mine: Vec<(usize, Variable)> = x.iter().filter(|((_, q), _)| *q == p).map(|((i, _), v)| (*i, *v)).collect();
        let mut by_day: BTreeMap<NaiveDate, Expression> = BTreeMap::new();
        for (i, v) in &mine {
            *by_day.entry(slots[*i].date).or_default() += *v;
        }
        for (_, day) in by_day {
            constraints.push(constraint!(day <= 1));
        }
        for (a, (i, v)) in mine.iter().enumerate() {
            for (j, w) in &mine[a + 1..] {
                let (s, t) = (&slots[*i], &slots[*j]);
                if s.date != t.date && s.start < t.end && t.start < s.end {
                    constraints.push(constraint!(*v + *w <= 1));
                }
            }
        }
    }
    Program { vars, x, constraints }
}

/// The smallest spread of `count` of rotation `r` among `group` any schedule keeping the hard
/// rules has.
fn least_spread(repo: &ValidRepo, slots: &[Slot], r: usize, group: &[usize], count: Count) -> i64 {
    let mut program = hard_rules(repo, slots);
    let vars = &mut program.vars;
    let lo = vars.add(variable().integer().min(0));
    let hi = vars.add(variable().integer().min(0));
    for &p in group {
        let counted =
            |slot: &Slot| slot.rotation == r && matches!((count, slot.weekend), (Count::Total, _) | (_, true));
        let held = held(&program, slots, p, counted);
        program.constraints.push(constraint!(held.clone() >= lo));
        program.constraints.push(constraint!(held <= hi));
    }
    let mut model = program.vars.minimise(hi - lo).using(microlp);
    for c in program.constraints {
        model = model.with(c);
    }
    let solution = model.solve().expect("the roster can be planned");
    (solution.value(hi) - solution.value(lo)).round() as i64
}

/// The spread of `count` of rotation `r` among `group` in the planner's schedule.
fn planned_spread(repo: &ValidRepo, schedule: &Schedule, r: usize, group: &[usize], count: Count) -> i64 {
    let name = &repo.policy.rotations[r].name;
    let held: Vec<i64> = group
        .iter()
        .map(|p| {
            let id = &repo.people[*p].id;
            let mine = schedule.shifts.iter().filter(|s| &s.rotation == name && &s.person == id);
            mine.filter(|s| matches!(count, Count::Total) || repo.policy.is_weekend(s.date)).count() as i64
        })
        .collect();
    held.iter().max().unwrap() - held.iter().min().unwrap()
}

/// Per fixture, (rotation, group, count, planned spread, least spread) wherever they differ.
fn gaps(name: &str) -> Vec<String> {
    let repo = valid(name);
    let schedule = plan(&repo, PlanOptions::default()).unwrap();
    let slots = slots(&repo.policy);
    let keys = availability(&repo);
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (p, person) in repo.people.iter().enumerate() {
        groups.entry(keys[&person.id].as_str()).or_default().push(p);
    }
    let mut out = Vec::new();
    // A weekly rotation shares out weeks, not days (tests/schedule.rs checks those).
    for (r, rotation) in repo.policy.rotations.iter().enumerate().filter(|(_, r)| r.weekly.is_none()) {
        for group in groups.values() {
            let group: Vec<usize> = group.iter().copied().filter(|p| repo.people[*p].rotations.contains(&r)).collect();
            if group.len() < 2 {
                continue;
            }
            for count in [Count::Weekend, Count::Total] {
                let planned = planned_spread(&repo, &schedule, r, &group, count);
                let least = least_spread(&repo, &slots, r, &group, count);
                assert!(planned >= least, "the program is not exact");
                if planned != least {
                    let ids: Vec<&str> = group.iter().map(|p| repo.people[*p].id.as_str()).collect();
                    out.push(format!(
                        "{name} {} {ids:?} {count:?}: planned {planned}, possible {least}",
                        rotation.name
                    ));
                }
            }
        }
    }
    out
}

/// Where the planner's schedule has someone's n working-day shifts of a rotation more than
/// ceil(n / 5) on one weekday though a schedule with the same counts (each person's shifts and
/// weekend shifts of each rotation) and no such crowding exists.
fn crowded(name: &str) -> Vec<String> {
    let repo = valid(name);
    let schedule = plan(&repo, PlanOptions::default()).unwrap();
    crowded_in(&repo, &schedule).into_iter().map(|o| format!("{name}: {o}")).collect()
}

/// [`crowded`] for a repository and the planner's schedule of it.
fn crowded_in(repo: &ValidRepo, schedule: &Schedule) -> Vec<String> {
    let slots = slots(&repo.policy);
    let policy = &repo.policy;
    // Per (person, rotation): shifts, weekend shifts, working-day shifts per weekday.
    let mut counts: BTreeMap<(usize, usize), (i32, i32, [i32; 5])> = BTreeMap::new();
    for shift in &schedule.shifts {
        let (p, r) = (repo.index(&shift.person).unwrap(), policy.rotation(&shift.rotation).unwrap());
        let entry = counts.entry((p, r)).or_default();
        entry.0 += 1;
        if policy.is_weekend(shift.date) {
            entry.1 += 1;
        } else {
            entry.2[shift.date.weekday().num_days_from_monday() as usize] += 1;
        }
    }
    let bound = |(total, weekend, _): &(i32, i32, [i32; 5])| (total - weekend + 4) / 5;
    let over: Vec<String> = counts
        .iter()
        .filter(|(_, c)| c.2.iter().any(|n| *n > bound(c)))
        .map(|((p, r), c)| format!("{} {}: {:?} of {}", repo.people[*p].id, policy.rotations[*r].name, c.2, c.0 - c.1))
        .collect();
    if over.is_empty() {
        return over;
    }
    let mut program = hard_rules(repo, &slots);
    let day = |slot: &Slot| slot.date.weekday().num_days_from_monday() as usize;
    for (&(p, r), c) in &counts {
        let total = held(&program, &slots, p, |s| s.rotation == r);
        let weekend = held(&program, &slots, p, |s| s.rotation == r && s.weekend);
        program.constraints.push(constraint!(total == c.0));
        program.constraints.push(constraint!(weekend == c.1));
        for w in 0..5 {
            let on = held(&program, &slots, p, |s| s.rotation == r && !s.weekend && day(s) == w);
            program.constraints.push(constraint!(on <= bound(c)));
        }
    }
    let mut model = program.vars.minimise(Expression::from(0)).using(microlp);
    for c in program.constraints {
        model = model.with(c);
    }
    match model.solve() {
        // The roster leaves no choice.
        Err(_) => Vec::new(),
        Ok(_) => over.into_iter().map(|o| format!("{o}, though the roster allows the bound")).collect(),
    }
}

macro_rules! at_the_optimum {
    ($($test:ident $fixture:literal;)*) => {$(
        #[test]
        fn $test() {
            assert_eq!(gaps($fixture), Vec::<String>::new());
            assert_eq!(crowded($fixture), Vec::<String>::new());
        }
    )*};
}

at_the_optimum! {
    fourteen_people_over_six_months "fourteen";
    seven_people "seven";
    five_on_working_days "five-weekdays";
    time_off "time-off";
    pitch_cycle "pitch-cycle";
    overrides "override";
    new_joiner "new-joiner";
    simulation_team "simulation";
    example_team "example";
    beside_a_weekly_rotation "weekly";
    // Overnight cover with an early shift that the night's holder cannot take the next
    // morning, among three people: the weekday spread needs exchanges of more than two days.
    night_and_early "night";
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// On random teams of on-call and incident-commander (either or both, tenure, the
    /// checklist, holidays, time off, pitch cycles and overrides), nobody's working-day shifts
    /// of a rotation crowd a weekday where a schedule with the same counts does not.
    #[test]
    fn no_weekday_crowded_where_the_roster_allows(r in roster_over(20..90)) {
        let repo = build(&r);
        let valid = oncall_as_code::model::validate(&repo, r.start).expect("the repository validates");
        let Ok(schedule) = plan(&valid, PlanOptions::default()) else { return Ok(()) };
        prop_assert_eq!(crowded_in(&valid, &schedule), Vec::<String>::new());
    }
}
