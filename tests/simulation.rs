//! Two years of a team living with the schedule (`tests/fixtures/schedule/simulation/`): 24
//! monthly roll-forwards of a rolling plan, each after the roster changed as teams change it
//! (seeded random time off, overrides ahead, a correction of the past, a joiner, a leaver).
//! After every step: no hard rule broken, no shift before today changed (but the one the
//! correction names), and only the shifts that had to move moved; at the end, over the
//! lookback, people with the same availability are within one shift and one weekend shift.

mod common;

use chrono::{Datelike, Days, Months, NaiveDate};
use oncall_as_code::model::{Override, Repo, TimeOff};
use oncall_as_code::schedule::{PlanOptions, Schedule, Source, violations_from};
use oncall_as_code::{LintOptions, lint};
use proptest::prelude::RngCore;
use proptest::test_runner::{RngAlgorithm, TestRng};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Never away, never given an override, in both rotations since long before: the same
/// availability throughout.
const STEADY: [&str; 4] = ["anna", "bruno", "cora", "dario"];
/// Take time off at random.
const AWAY: [&str; 3] = ["edyta", "feliks", "gosia"];
const LEAVER: &str = "olek";
const JOINER: &str = "nina";
const JOIN_STEP: u32 = 6;
const LEAVE_STEP: u32 = 12;

fn load() -> Repo {
    let root = Path::new("tests/fixtures/schedule/simulation");
    let today = NaiveDate::from_ymd_opt(2027, 1, 3).unwrap();
    let report = lint(root, &LintOptions { today, deny_warnings: false }).unwrap();
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    report.repo
}

struct Rng(TestRng);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0.next_u64() % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

fn away(repo: &Repo, person: &str, date: NaiveDate) -> bool {
    let left = repo.team.as_ref().unwrap().value.people.iter().find(|p| p.id == person).and_then(|p| p.left);
    left.is_some_and(|left| date > left)
        || repo.time_off.iter().flat_map(|f| &f.value).any(|t| t.person == person && t.from <= date && date <= t.until)
}

/// An override giving `person` the on-call shift of `date`.
fn on_call(repo: &mut Repo, date: NaiveDate, person: &str, reason: String) {
    let swap = Override {
        date,
        rotation: "on-call".into(),
        person: person.into(),
        reason: Some(reason),
        despite_time_off: false,
    };
    repo.overrides[0].value.push(swap);
}

fn overridden(repo: &Repo, date: NaiveDate) -> bool {
    repo.overrides.iter().flat_map(|f| &f.value).any(|o| o.date == date)
}

fn slots(s: &Schedule) -> BTreeMap<(NaiveDate, String), String> {
    s.shifts.iter().map(|x| ((x.date, x.rotation.clone()), x.person.clone())).collect()
}

/// The days on which the previous plan breaks a hard rule under the changed roster: the
/// shifts of those days are the ones that had to move.
fn must_move(repo: &Repo, previous: &Schedule, today: NaiveDate) -> BTreeSet<NaiveDate> {
    violations_from(repo, previous, today).iter().filter_map(|v| v.get(..10)?.parse().ok()).collect()
}

fn counts(
    policy: &oncall_as_code::model::Policy,
    shifts: &[&oncall_as_code::schedule::Shift],
    rotation: &str,
    weekend: bool,
) -> Vec<usize> {
    STEADY
        .iter()
        .map(|p| {
            shifts
                .iter()
                .filter(|s| s.person == *p && s.rotation == rotation && (!weekend || policy.is_weekend(s.date)))
                .count()
        })
        .collect()
}

fn spread(counts: &[usize]) -> usize {
    counts.iter().max().unwrap() - counts.iter().min().unwrap()
}

/// The steady members' totals and weekend shifts over the whole schedule (the record the
/// lookback keeps and the plan ahead) are within one.
fn level(repo: &Repo, schedule: &Schedule, step: u32) {
    let policy = &repo.policy.as_ref().unwrap().value;
    let all: Vec<_> = schedule.shifts.iter().collect();
    for rotation in ["on-call", "incident-commander"] {
        for weekend in [false, true] {
            let counts = counts(policy, &all, rotation, weekend);
            assert!(spread(&counts) <= 1, "step {step}: {rotation} (weekend {weekend}): {counts:?}");
        }
    }
}

#[test]
fn two_years_of_monthly_roll_forwards() {
    let mut repo = load();
    let mut rng = Rng(TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]));
    let start = NaiveDate::from_ymd_opt(2027, 1, 3).unwrap();
    let plan = |repo: &Repo, previous: Option<&Schedule>, today: NaiveDate| {
        common::plan(repo, PlanOptions { previous, rebalance_from: None, today: Some(today) }).unwrap()
    };
    let mut schedule = plan(&repo, None, start);
    // The shifts the joiner was given after the frozen days, and the others that moved to
    // even out whom they came from.
    let (mut rebalanced, mut levelled) = (0, 0);
    for step in 1..=24u32 {
        let today = start.checked_add_months(Months::new(step)).unwrap();
        let until = today.with_day(1).unwrap().checked_add_months(Months::new(3)).unwrap().pred_opt().unwrap();
        // The roster changes as a team changes it between two runs.
        for _ in 0..2 {
            let person = rng.pick(&AWAY);
            let from = today + Days::new(1 + rng.below(60));
            let until = from + Days::new(rng.below(6));
            repo.time_off[0].value.push(TimeOff { person: person.into(), from, until, reason: Some("away".into()) });
        }
        let team = &mut repo.team.as_mut().unwrap().value;
        if step == JOIN_STEP {
            let mut joiner = team.people[0].clone();
            (joiner.id, joiner.name, joiner.email) = (JOINER.into(), "Nina Example".into(), "nina@example.com".into());
            joiner.slack = "U009EXAMPLE1".into();
            joiner.started = today;
            team.people.push(joiner);
        }
        if step == LEAVE_STEP {
            team.people.iter_mut().find(|p| p.id == LEAVER).unwrap().left = Some(today + Days::new(20));
        }
        // A swap ahead, after the frozen days, between people who are both there.
        let day = today + Days::new(15 + rng.below(40));
        let person = rng.pick(&AWAY);
        if !away(&repo, person, day) && !overridden(&repo, day) {
            on_call(&mut repo, day, person, format!("swap, step {step}"));
        }
        // Every fourth month, a correction of the past: someone else worked a shift.
        let mut corrected = None;
        if step % 4 == 0 {
            let day = today - Days::new(1 + rng.below(20));
            let worked = slots(&schedule)[&(day, "on-call".to_string())].clone();
            let cover = AWAY.into_iter().find(|p| *p != worked && !away(&repo, p, day)).unwrap();
            if !overridden(&repo, day) {
                on_call(&mut repo, day, cover, format!("{cover} covered {worked}"));
                corrected = Some(((day, "on-call".to_string()), cover.to_string()));
            }
        }

        let next = plan(&repo, Some(&schedule), today);
        assert_eq!(violations_from(&repo, &next, today), Vec::<String>::new(), "step {step}");
        assert_eq!(next.until, until, "step {step}: the plan ends with the month two months on");

        // The past: kept as recorded (within the lookback), but for the correction.
        let oldest = repo.policy.as_ref().unwrap().value.schedule.oldest_kept(today);
        let (before, after) = (slots(&schedule), slots(&next));
        for (slot, person) in before.iter().filter(|(slot, _)| slot.0 < today && slot.0 >= oldest) {
            let expected = match &corrected {
                Some((day, cover)) if day == slot => cover,
                _ => person,
            };
            assert_eq!(after.get(slot), Some(expected), "step {step}: the past shift {slot:?} changed");
        }
        assert!(after.keys().all(|slot| slot.0 >= oldest), "step {step}: history older than the lookback kept");
        for shift in next.shifts.iter().filter(|s| s.date < today) {
            let old = schedule.shifts.iter().find(|s| (s.date, &s.rotation) == (shift.date, &shift.rotation)).unwrap();
            if corrected.as_ref().is_none_or(|(slot, _)| (slot.0, &slot.1) != (shift.date, &shift.rotation)) {
                assert_eq!(shift, old, "step {step}: a recorded shift was rewritten");
            } else {
                assert_eq!(shift.source, Source::Override);
            }
        }

        // Ahead: only the shifts that had to move moved (a rule the old plan now breaks on
        // their day), or, when someone joined, the shifts given to them after the frozen days.
        let must = must_move(&repo, &schedule, today);
        let zone = today + Days::new(14);
        for (slot, person) in before.iter().filter(|(slot, _)| slot.0 >= today) {
            let now = &after[slot];
            if now == person || must.contains(&slot.0) {
                continue;
            }
            assert!(
                step == JOIN_STEP && slot.0 >= zone,
                "step {step}: {slot:?} moved from {person} to {now} without having to"
            );
            if now == JOINER {
                rebalanced += 1;
            } else {
                levelled += 1;
            }
        }
        assert!(levelled <= rebalanced / 2, "step {step}: {levelled} shifts moved to even out {rebalanced}");
        // What the planner shares out, the kept record and the plan ahead together: the steady
        // members within one shift and one weekend shift of each other, at every step.
        level(&repo, &next, step);
        schedule = next;
    }
    assert!(rebalanced >= 4, "the joiner got {rebalanced} shifts of the plan they joined");

    // Two years on, the record alone (the last year) drifts from level by what the lookback
    // drops each month, which the plan ahead makes up for: within three.
    let today = start.checked_add_months(Months::new(24)).unwrap();
    let policy = &repo.policy.as_ref().unwrap().value;
    let record: Vec<_> = schedule.shifts.iter().filter(|s| s.date < today).collect();
    assert!(record.first().unwrap().date >= policy.schedule.oldest_kept(today));
    for rotation in ["on-call", "incident-commander"] {
        for weekend in [false, true] {
            let counts = counts(policy, &record, rotation, weekend);
            assert!(spread(&counts) <= 3, "{rotation} (weekend {weekend}): {counts:?} in the record");
        }
    }
    // The joiner and the leaver: shares, not a catching up and not a shift after leaving.
    // The joiner, since they came: a share like everyone's, not a catching up.
    let came = start.checked_add_months(Months::new(JOIN_STEP)).unwrap();
    let since = |person: &str| {
        schedule.shifts.iter().filter(|s| s.person == person && s.rotation == "on-call" && s.date >= came).count()
    };
    let steady: Vec<usize> = STEADY.iter().map(|p| since(p)).collect();
    let joined = since(JOINER);
    assert!(
        *steady.iter().min().unwrap() <= joined + 2 && joined <= steady.iter().max().unwrap() + 2,
        "since {came}: the joiner {joined} on-call shifts, the steady members {steady:?}"
    );
}

/// A long leave that ends up at the start of the record (the lookback slides over it) is
/// caught up like any time off, never mistaken for joining late (which would credit her for
/// the months she was away).
#[test]
fn a_long_leave_at_the_start_of_the_record_is_caught_up_not_credited() {
    let mut repo = load();
    let start = NaiveDate::from_ymd_opt(2027, 1, 3).unwrap();
    let leave = (NaiveDate::from_ymd_opt(2027, 2, 1).unwrap(), NaiveDate::from_ymd_opt(2027, 4, 15).unwrap());
    repo.time_off[0].value.push(TimeOff { person: "edyta".into(), from: leave.0, until: leave.1, reason: None });
    let plan = |previous: Option<&Schedule>, today: NaiveDate| {
        common::plan(&repo, PlanOptions { previous, rebalance_from: None, today: Some(today) }).unwrap()
    };
    let mut schedule = plan(None, start);
    for step in 1..=20u32 {
        let today = start.checked_add_months(Months::new(step)).unwrap();
        schedule = plan(Some(&schedule), today);
        if today <= leave.1 {
            continue;
        }
        // Counting the record and the plan (what the planner shares out), she is level with
        // everyone there all along: not credited for the leave once it starts the record.
        let all =
            |person: &str| schedule.shifts.iter().filter(|s| s.person == person && s.rotation == "on-call").count();
        let others: Vec<usize> = STEADY.iter().map(|p| all(p)).collect();
        let (least, most) = (others.iter().min().unwrap(), others.iter().max().unwrap());
        assert!(
            (least - 1..=most + 1).contains(&all("edyta")),
            "as of {today}: edyta {} shifts of record and plan, the others {others:?}",
            all("edyta")
        );
    }
}
