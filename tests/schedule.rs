//! Scheduling scenarios on fixture rosters (`tests/fixtures/schedule/`): the hard rules of
//! README, "Schedules" exactly, the fairness bounds, determinism and stability.

mod common;

use chrono::{Datelike, NaiveDate, Weekday};
use common::plan;
use oncall_as_code::model::{Located, Repo, TimeOff};
use oncall_as_code::schedule::{PlanError, PlanOptions, Schedule, Unavailable, violations};
use oncall_as_code::{LintOptions, lint};
use std::collections::BTreeMap;
use std::path::Path;

fn repo(name: &str) -> Repo {
    let root = if name == "example" {
        common::example().to_path_buf()
    } else {
        Path::new("tests/fixtures/schedule").join(name)
    };
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let report = lint(&root, &LintOptions { today, deny_warnings: false }).unwrap();
    // The unfillable fixture's day is what lint reports too (OC425); the planner's own
    // report of it is tested here.
    let errors = report.diagnostics.iter().filter(|d| d.severity == oncall_as_code::diag::Severity::Error);
    let unexpected: Vec<_> =
        errors.filter(|d| !(name == "unfillable" && d.code == oncall_as_code::diag::Code::UnfillableDay)).collect();
    assert!(unexpected.is_empty(), "{name} does not lint clean: {unexpected:?}");
    report.repo
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn planned(repo: &Repo) -> Schedule {
    let schedule = plan(repo, PlanOptions::default()).unwrap();
    assert_eq!(violations(repo, &schedule), Vec::<String>::new());
    schedule
}

/// One person's load in a rotation: shifts, weekend-or-holiday shifts, shifts per weekday, dates.
type Load = (usize, usize, BTreeMap<u32, usize>, Vec<NaiveDate>);

fn per_person(repo: &Repo, schedule: &Schedule, rotation: &str) -> BTreeMap<String, Load> {
    let policy = &repo.policy.as_ref().unwrap().value;
    let mut out: BTreeMap<String, Load> = BTreeMap::new();
    for shift in schedule.shifts.iter().filter(|s| s.rotation == rotation) {
        let entry = out.entry(shift.person.clone()).or_default();
        entry.0 += 1;
        if policy.is_weekend(shift.date) {
            entry.1 += 1;
        }
        *entry.2.entry(shift.date.weekday().num_days_from_monday()).or_default() += 1;
        entry.3.push(shift.date);
    }
    out
}

fn spread(values: impl Iterator<Item = usize>) -> usize {
    let values: Vec<usize> = values.collect();
    values.iter().max().unwrap() - values.iter().min().unwrap()
}

#[test]
fn team_of_seven_is_even_and_not_pinned() {
    let repo = repo("seven");
    let schedule = planned(&repo);
    let people = per_person(&repo, &schedule, "on-call");
    assert_eq!(people.len(), 7);
    assert_eq!(schedule.shifts.len(), 84);
    // 84 days among 7 divide evenly: 12 each.
    assert_eq!(spread(people.values().map(|p| p.0)), 0, "{people:?}");
    assert!(spread(people.values().map(|p| p.1)) <= 1, "{people:?}");
    for (person, (total, _, weekdays, dates)) in &people {
        // Plain round-robin would give each person the same weekday 12 times out of 12.
        assert!(*weekdays.values().max().unwrap() <= 3, "{person} pinned: {weekdays:?}");
        assert_eq!(weekdays.len(), 7, "{person} never has some weekday: {weekdays:?}");
        assert!(dates.windows(2).all(|w| (w[1] - w[0]).num_days() >= 2), "{person} has back-to-back shifts");
        assert!(*total >= 11);
    }
}

#[test]
fn team_of_five_on_working_days_is_not_pinned() {
    let repo = repo("five-weekdays");
    let schedule = planned(&repo);
    let people = per_person(&repo, &schedule, "incident-commander");
    assert_eq!(schedule.shifts.len(), 60);
    assert!(schedule.shifts.iter().all(|s| !matches!(s.date.weekday(), Weekday::Sat | Weekday::Sun)));
    for (person, (total, _, weekdays, _)) in &people {
        assert_eq!(*total, 12, "{person}");
        // Round-robin of 5 over Mon-Fri would give one weekday 12 times; no weekday holds
        // more than ceil(12 / 5) = 3.
        assert!(*weekdays.values().max().unwrap() <= 3, "{person} pinned: {weekdays:?}");
        assert_eq!(weekdays.len(), 5, "{person}: {weekdays:?}");
    }
}

#[test]
fn time_off_is_respected_and_caught_up() {
    let repo = repo("time-off");
    let schedule = planned(&repo);
    let cora: Vec<NaiveDate> = schedule.shifts.iter().filter(|s| s.person == "cora").map(|s| s.date).collect();
    assert!(cora.iter().all(|d| *d < date("2027-02-01") || *d > date("2027-02-07")), "{cora:?}");
    let people = per_person(&repo, &schedule, "on-call");
    // Counting the whole window, cora catches up after her week off.
    assert!(spread(people.values().map(|p| p.0)) <= 1, "{people:?}");
    assert!(spread(people.values().map(|p| p.1)) <= 1, "{people:?}");
}

#[test]
fn new_joiner_shadows_until_tenure() {
    let repo = repo("new-joiner");
    let schedule = planned(&repo);
    // jan started 2026-12-06; min_tenure_days 60 -> first IC shift possible on 2027-02-04.
    let first_ic = schedule
        .shifts
        .iter()
        .filter(|s| s.person == "jan" && s.rotation == "incident-commander")
        .map(|s| s.date)
        .min()
        .unwrap();
    assert!(first_ic >= date("2027-02-04"), "{first_ic}");
    let shadowed: Vec<NaiveDate> =
        schedule.shifts.iter().filter(|s| s.shadow.as_deref() == Some("jan")).map(|s| s.date).collect();
    assert!(!shadowed.is_empty());
    assert!(shadowed.iter().all(|d| *d < date("2027-02-04")));
    for shift in schedule.shifts.iter().filter(|s| s.rotation == "incident-commander" && s.date < date("2027-02-04")) {
        let on_call_that_day = schedule.shifts.iter().any(|s| s.date == shift.date && s.person == "jan");
        assert_eq!(shift.shadow.is_some(), !on_call_that_day, "{shift:?}");
    }
    // On-call has no tenure rule: jan takes on-call shifts from the start.
    assert!(
        schedule.shifts.iter().any(|s| s.person == "jan" && s.rotation == "on-call" && s.date < date("2027-01-15"))
    );
    assert!(schedule.shifts.iter().filter(|s| s.rotation == "on-call").all(|s| s.shadow.is_none()));
}

#[test]
fn pitch_cycle_members_skip_incident_commander() {
    let repo = repo("pitch-cycle");
    let schedule = planned(&repo);
    for shift in &schedule.shifts {
        if ["anna", "bruno"].contains(&shift.person.as_str()) {
            assert!(shift.date < date("2027-01-18") || shift.date > date("2027-02-28"), "{shift:?}");
        }
    }
    let people = per_person(&repo, &schedule, "incident-commander");
    assert!(spread(people.values().map(|p| p.0)) <= 1, "{people:?}");
}

#[test]
fn overrides_win_and_count() {
    let repo = repo("override");
    let schedule = planned(&repo);
    let at = |d: &str, r: &str| schedule.shifts.iter().find(|s| s.date == date(d) && s.rotation == r).unwrap();
    assert_eq!(
        (at("2027-01-09", "on-call").person.as_str(), at("2027-01-09", "on-call").source),
        ("dan", oncall_as_code::schedule::Source::Override)
    );
    assert_eq!(at("2027-01-12", "incident-commander").person, "eva");
    assert_eq!(schedule.shifts.iter().filter(|s| s.source == oncall_as_code::schedule::Source::Override).count(), 2);
    // 2027-01-06 is a holiday: weekend hours for on-call, no incident-commander shift.
    assert_eq!(at("2027-01-06", "on-call").start.to_rfc3339(), "2027-01-06T09:00:00+01:00");
    assert!(!schedule.shifts.iter().any(|s| s.date == date("2027-01-06") && s.rotation == "incident-commander"));
    let people = per_person(&repo, &schedule, "on-call");
    assert!(spread(people.values().map(|p| p.0)) <= 1, "{people:?}");
}

#[test]
fn an_unfillable_day_names_date_rotation_and_reasons() {
    let repo = repo("unfillable");
    let error = plan(&repo, PlanOptions::default()).unwrap_err();
    assert_eq!(
        error,
        PlanError::Unfillable {
            date: date("2027-01-13"),
            rotation: "incident-commander".into(),
            reasons: vec![("anna".into(), Unavailable::TimeOff), ("bruno".into(), Unavailable::TimeOff)],
        }
    );
    assert_eq!(
        error.to_string(),
        "cannot fill `incident-commander` on 2027-01-13: anna is on time off; bruno is on time off"
    );
}

#[test]
fn same_inputs_same_schedule() {
    for name in ["example", "seven", "override", "new-joiner"] {
        let repo = repo(name);
        let a = serde_json::to_string(&plan(&repo, PlanOptions::default()).unwrap()).unwrap();
        let b = serde_json::to_string(&plan(&repo, PlanOptions::default()).unwrap()).unwrap();
        assert_eq!(a, b, "{name}");
        let again = plan(
            &repo,
            PlanOptions { previous: Some(&serde_json::from_str(&a).unwrap()), rebalance_from: None, today: None },
        )
        .unwrap();
        assert_eq!(
            serde_json::to_string(&again).unwrap(),
            a,
            "{name}: regenerating from the committed schedule changed it"
        );
    }
}

#[test]
fn a_week_of_time_off_moves_only_that_week() {
    let mut repo = repo("example");
    let before = planned(&repo);
    let (from, until) = (date("2027-01-18"), date("2027-01-24"));
    let person = "greta";
    let had: Vec<_> =
        before.shifts.iter().filter(|s| s.person == person && s.date >= from && s.date <= until).collect();
    assert!(!had.is_empty(), "pick a week where {person} has shifts");
    let file = repo.time_off[0].file;
    repo.time_off.push(Located::new(file, vec![TimeOff { person: person.into(), from, until, reason: None }]));
    let after = plan(&repo, PlanOptions { previous: Some(&before), rebalance_from: None, today: None }).unwrap();
    assert_eq!(violations(&repo, &after), Vec::<String>::new());
    let moved: Vec<_> =
        before.shifts.iter().zip(&after.shifts).filter(|(a, b)| a.person != b.person || a.shadow != b.shadow).collect();
    assert_eq!(moved.len(), had.len(), "{moved:#?}");
    for (old, new) in moved {
        assert_eq!(old.person, person);
        assert!(old.date >= from && old.date <= until);
        assert_ne!(new.person, person);
    }
}

#[test]
fn rebalance_replans_from_a_date_only() {
    let mut repo = repo("example");
    let before = planned(&repo);
    let file = repo.time_off[0].file;
    repo.time_off.push(Located::new(
        file,
        vec![TimeOff { person: "alice".into(), from: date("2027-01-04"), until: date("2027-01-08"), reason: None }],
    ));
    let cut = date("2027-01-01");
    let after = plan(&repo, PlanOptions { previous: Some(&before), rebalance_from: Some(cut), today: None }).unwrap();
    assert_eq!(violations(&repo, &after), Vec::<String>::new());
    let early = |s: &Schedule| s.shifts.iter().filter(|x| x.date < cut).cloned().collect::<Vec<_>>();
    assert_eq!(early(&before), early(&after));
    assert_ne!(before.shifts, after.shifts);
}

#[test]
fn shifts_carry_local_offsets_and_are_sorted() {
    let repo = repo("example");
    let schedule = planned(&repo);
    let first = &schedule.shifts[0];
    assert_eq!(
        (first.rotation.as_str(), first.start.to_rfc3339().as_str()),
        ("incident-commander", "2026-12-01T09:00:00+01:00")
    );
    assert!(schedule.shifts.windows(2).all(|w| (w[0].start, &w[0].rotation) <= (w[1].start, &w[1].rotation)));
    // 90 days of on-call and 59 working days of incident commander (61 weekdays minus 2 holidays).
    assert_eq!(schedule.shifts.iter().filter(|s| s.rotation == "on-call").count(), 90);
    assert_eq!(schedule.shifts.iter().filter(|s| s.rotation == "incident-commander").count(), 60);
}

#[test]
fn a_kept_shift_yields_when_it_makes_the_day_impossible() {
    // Three people; carol is in a pitch cycle until 2026-12-27. With bob off too, alice is
    // the only possible Incident Commander, so a committed on-call shift of hers must move.
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let mut repo =
        lint(Path::new("tests/fixtures/lint/clean"), &LintOptions { today, deny_warnings: false }).unwrap().repo;
    let before = planned(&repo);
    let file = repo.time_off[0].file;
    repo.time_off.push(Located::new(
        file,
        vec![TimeOff { person: "bob".into(), from: date("2026-12-01"), until: date("2026-12-18"), reason: None }],
    ));
    let after = plan(&repo, PlanOptions { previous: Some(&before), rebalance_from: None, today: None }).unwrap();
    assert_eq!(violations(&repo, &after), Vec::<String>::new());
    let ic_on = |s: &Schedule, d: &str| {
        s.shifts.iter().find(|x| x.date == date(d) && x.rotation == "incident-commander").map(|x| x.person.clone())
    };
    assert_eq!(ic_on(&after, "2026-12-02").as_deref(), Some("alice"));
}

fn as_of(today: &str, previous: &Schedule) -> PlanOptions<'static> {
    // The previous schedule lives as long as the test: leaked once per call, test data only.
    let previous: &'static Schedule = Box::leak(Box::new(previous.clone()));
    PlanOptions { previous: Some(previous), rebalance_from: None, today: Some(date(today)) }
}

#[test]
fn the_past_is_frozen_when_the_roster_changes_after_it() {
    let mut repo = repo("example");
    let before = planned(&repo);
    let today = "2027-01-15";
    // Time off entered afterwards for days already worked, and someone removed from the team.
    let gone = "greta";
    let file = repo.time_off[0].file;
    repo.time_off.push(Located::new(
        file,
        vec![TimeOff { person: "alice".into(), from: date("2026-12-01"), until: date("2027-01-20"), reason: None }],
    ));
    let team = &mut repo.team.as_mut().unwrap().value;
    team.people.retain(|p| p.id != gone);
    // Their entries of the past stay as the record (OC209); those still ahead are removed.
    for file in &mut repo.pitch_cycles {
        for cycle in &mut file.value {
            if cycle.until >= date(today) {
                cycle.participants.retain(|p| p != gone);
            }
        }
    }
    for file in &mut repo.overrides {
        file.value.retain(|o| o.person != gone || o.date < date(today));
    }
    for file in &mut repo.time_off {
        file.value.retain(|t| t.person != gone || t.until < date(today));
    }
    let after = plan(&repo, as_of(today, &before)).unwrap();
    let past = |s: &Schedule| s.shifts.iter().filter(|x| x.date < date(today)).cloned().collect::<Vec<_>>();
    assert_eq!(past(&after), past(&before), "a shift before today changed");
    assert!(past(&after).iter().any(|s| s.person == gone), "the record keeps who worked");
    assert_eq!(oncall_as_code::schedule::violations_from(&repo, &after, date(today)), Vec::<String>::new());
    assert!(
        after
            .shifts
            .iter()
            .filter(|s| s.date >= date(today))
            .all(|s| s.person != gone && s.shadow.as_deref() != Some(gone))
    );
}

#[test]
fn history_outlives_the_window_for_the_lookback() {
    let mut repo = repo("example");
    let before = planned(&repo);
    // A quarter later the window moves on; December and January stay on record.
    let policy = &mut repo.policy.as_mut().unwrap().value;
    policy.schedule.from = date("2027-02-01");
    policy.schedule.until = Some(date("2027-04-30"));
    // 20 days back is 2027-01-12; what is kept starts with that month.
    policy.schedule.lookback_days = 20;
    let after = plan(&repo, as_of("2027-02-01", &before)).unwrap();
    let kept: Vec<_> =
        before.shifts.iter().filter(|s| s.date >= date("2027-01-01") && s.date < date("2027-02-01")).collect();
    let history: Vec<_> = after.shifts.iter().filter(|s| s.date < date("2027-02-01")).collect();
    assert_eq!(history, kept, "the lookback's month of history, no more");
    assert_eq!(after.from, date("2027-01-01"));
    assert_eq!(after.until, date("2027-04-30"));
    assert_eq!(oncall_as_code::schedule::violations_from(&repo, &after, date("2027-02-01")), Vec::<String>::new());
}

#[test]
fn a_past_override_corrects_the_record() {
    let mut repo = repo("example");
    let before = planned(&repo);
    let day = date("2026-12-10");
    let worked = before.shifts.iter().find(|s| s.date == day && s.rotation == "on-call").unwrap().clone();
    let cover = ["alice", "bartek", "celina"].into_iter().find(|p| *p != worked.person).unwrap();
    let file = repo.overrides[0].file;
    repo.overrides.push(Located::new(
        file,
        vec![oncall_as_code::model::Override {
            date: day,
            rotation: "on-call".into(),
            person: cover.into(),
            reason: Some(format!("{cover} covered {}, sick", worked.person)),
            despite_time_off: false,
        }],
    ));
    let after = plan(&repo, as_of("2027-01-04", &before)).unwrap();
    let corrected = after.shifts.iter().find(|s| s.date == day && s.rotation == "on-call").unwrap();
    assert_eq!((corrected.person.as_str(), corrected.source), (cover, oncall_as_code::schedule::Source::Override));
    assert_eq!((corrected.start, corrected.end), (worked.start, worked.end));
    let others = |s: &Schedule| {
        s.shifts
            .iter()
            .filter(|x| x.date < date("2027-01-04") && (x.date, x.rotation.as_str()) != (day, "on-call"))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(others(&after), others(&before));
}

#[test]
fn a_rolling_horizon_plans_to_the_end_of_a_month() {
    let mut repo = repo("example");
    rolling(&mut repo, 2);
    let january =
        plan(&repo, PlanOptions { previous: None, rebalance_from: None, today: Some(date("2027-01-10")) }).unwrap();
    assert_eq!(january.until, date("2027-03-31"));
    // The past is never planned: before today only the overrides of the record.
    assert!(
        january
            .shifts
            .iter()
            .filter(|s| s.date < date("2027-01-10"))
            .all(|s| s.source == oncall_as_code::schedule::Source::Override),
        "the past is never planned"
    );
    assert_eq!(oncall_as_code::schedule::violations_from(&repo, &january, date("2027-01-10")), Vec::<String>::new());
    // A month later the plan rolls on by a month; what was planned stays where it can.
    let february = plan(&repo, as_of("2027-02-03", &january)).unwrap();
    assert_eq!(february.until, date("2027-04-30"));
    let kept = |s: &Schedule| s.shifts.iter().filter(|x| x.date < date("2027-04-01")).cloned().collect::<Vec<_>>();
    assert_eq!(kept(&february), kept(&january), "extending the plan moved planned shifts");
    assert_eq!(oncall_as_code::schedule::violations_from(&repo, &february, date("2027-02-03")), Vec::<String>::new());
}

#[test]
fn a_leaver_gets_no_shift_after_their_last_day_and_keeps_the_record() {
    let mut repo = repo("example");
    let before = planned(&repo);
    let (person, last) = ("greta", date("2027-01-10"));
    let team = &mut repo.team.as_mut().unwrap().value;
    team.people.iter_mut().find(|p| p.id == person).unwrap().left = Some(last);
    for file in &mut repo.overrides {
        file.value.retain(|o| o.person != person || o.date <= last);
    }
    let after = plan(&repo, as_of("2027-01-04", &before)).unwrap();
    assert_eq!(oncall_as_code::schedule::violations_from(&repo, &after, date("2027-01-04")), Vec::<String>::new());
    let theirs = |s: &Schedule, keep: &dyn Fn(NaiveDate) -> bool| {
        s.shifts.iter().filter(|x| (x.person == person || x.shadow.as_deref() == Some(person)) && keep(x.date)).count()
    };
    assert_eq!(theirs(&after, &|d| d > last), 0, "a shift after their last day");
    assert!(theirs(&after, &|d| d < date("2027-01-04")) > 0, "the record of their shifts is kept");
    assert_eq!(theirs(&after, &|d| d < date("2027-01-04")), theirs(&before, &|d| d < date("2027-01-04")));
}

/// The slots whose holder changed, as (date, rotation, before, after).
fn moves(before: &Schedule, after: &Schedule) -> Vec<(NaiveDate, String, String, String)> {
    let held = |s: &Schedule| -> BTreeMap<(NaiveDate, String), String> {
        s.shifts.iter().map(|x| ((x.date, x.rotation.clone()), x.person.clone())).collect()
    };
    let (old, new) = (held(before), held(after));
    old.iter()
        .filter_map(|(slot, p)| {
            let q = new.get(slot)?;
            (q != p).then(|| (slot.0, slot.1.clone(), p.clone(), q.clone()))
        })
        .collect()
}

/// Plans `repo` on a rolling horizon of `months` instead of its fixed `until`.
fn rolling(repo: &mut Repo, months: u32) {
    let policy = &mut repo.policy.as_mut().unwrap().value;
    policy.schedule.until = None;
    policy.schedule.horizon_months = Some(months);
}

/// Adds `kasia` to the team: a copy of `like` (the same rotations and checklist), starting on
/// `started` when given.
fn join(repo: &mut Repo, like: &str, started: Option<&str>) {
    let team = &mut repo.team.as_mut().unwrap().value;
    let mut joiner = team.people.iter().find(|p| p.id == like).unwrap().clone();
    (joiner.id, joiner.name, joiner.email) = ("kasia".into(), "Kasia Nowak".into(), "kasia@example.com".into());
    joiner.slack = "U08KNOWA5K1".into();
    if let Some(started) = started {
        joiner.started = date(started);
    }
    team.people.push(joiner);
}

fn count(s: &Schedule, person: &str, rotation: &str, from: NaiveDate) -> usize {
    s.shifts.iter().filter(|x| x.person == person && x.rotation == rotation && x.date >= from).count()
}

/// `person`'s shifts of `rotation` from `from` on are within one of the mean of everyone
/// else's who holds it then.
fn assert_share(s: &Schedule, person: &str, rotation: &str, from: NaiveDate) {
    let mut others: BTreeMap<&str, usize> = BTreeMap::new();
    for x in s.shifts.iter().filter(|x| x.rotation == rotation && x.date >= from && x.person != person) {
        *others.entry(x.person.as_str()).or_default() += 1;
    }
    let mean = others.values().sum::<usize>() as f64 / others.len() as f64;
    let theirs = count(s, person, rotation, from) as f64;
    assert!((theirs - mean).abs() <= 1.0, "{person}: {theirs} {rotation} shifts from {from}, the others {others:?}");
}

#[test]
fn completing_the_checklist_brings_a_share_after_the_frozen_days() {
    let mut repo = repo("example");
    let person = "julia";
    let team = &mut repo.team.as_mut().unwrap().value;
    let julia = team.people.iter_mut().find(|p| p.id == person).unwrap();
    let complete = julia.preparation.clone();
    julia.preparation.pop();
    let before = planned(&repo);
    assert_eq!(before.shifts.iter().filter(|s| s.person == person).count(), 0);
    // Two weeks into December she completes the checklist.
    let team = &mut repo.team.as_mut().unwrap().value;
    team.people.iter_mut().find(|p| p.id == person).unwrap().preparation = complete;
    let today = date("2026-12-14");
    let after = plan(&repo, as_of(today.to_string().as_str(), &before)).unwrap();
    assert_eq!(oncall_as_code::schedule::violations_from(&repo, &after, today), Vec::<String>::new());
    let zone = date("2026-12-28");
    let fresh =
        plan(&repo, PlanOptions { rebalance_from: Some(zone), ..as_of(today.to_string().as_str(), &before) }).unwrap();
    for rotation in ["on-call", "incident-commander"] {
        assert!(count(&after, person, rotation, zone) > 0, "no {rotation} shift after the frozen days");
        assert_eq!(count(&after, person, rotation, zone), count(&fresh, person, rotation, zone), "{rotation}");
    }
    // Only shifts after the frozen days move: hers, and fewer others that even out whom hers
    // were taken from.
    let moved = moves(&before, &after);
    for (date, rotation, _, _) in &moved {
        assert!(*date >= zone, "{date} {rotation} moved within the frozen days");
    }
    let hers = moved.iter().filter(|m| m.3 == person).count();
    assert!(moved.len() - hers < hers, "{moved:#?}");
    assert_share(&after, person, "on-call", zone);
}

#[test]
fn a_new_member_takes_a_share_from_now_on_without_catching_up_the_record() {
    let mut repo = repo("example");
    let before = planned(&repo);
    let today = date("2027-01-11");
    join(&mut repo, "igor", None);
    let after = plan(&repo, as_of("2027-01-11", &before)).unwrap();
    assert_eq!(oncall_as_code::schedule::violations_from(&repo, &after, today), Vec::<String>::new());
    let zone = date("2027-01-25");
    assert_eq!(count(&after, "kasia", "on-call", today), count(&after, "kasia", "on-call", zone));
    // A share like the others' after the frozen days, not a catching up of six weeks of record.
    assert_share(&after, "kasia", "on-call", zone);
    let moved = moves(&before, &after);
    let theirs = moved.iter().filter(|m| m.3 == "kasia").count();
    assert!(moved.iter().all(|m| m.0 >= zone) && moved.len() - theirs < theirs, "{moved:#?}");
}

#[test]
fn what_the_plan_foresaw_moves_nothing() {
    let repo = repo("example");
    let before = planned(&repo);
    // julia's tenure for incident-commander comes on 2027-01-01: the plan knew.
    for today in ["2026-12-15", "2026-12-31", "2027-01-20"] {
        let after = plan(&repo, as_of(today, &before)).unwrap();
        assert_eq!(moves(&before, &after), vec![], "as of {today}");
    }
}

#[test]
fn time_off_after_the_frozen_days_moves_only_that_persons_shifts() {
    let mut repo = repo("example");
    let before = planned(&repo);
    let (from, until) = (date("2027-01-18"), date("2027-01-24"));
    let file = repo.time_off[0].file;
    repo.time_off.push(Located::new(file, vec![TimeOff { person: "greta".into(), from, until, reason: None }]));
    let after = plan(&repo, as_of("2027-01-04", &before)).unwrap();
    let moved = moves(&before, &after);
    assert!(!moved.is_empty());
    for (date, _, from_person, _) in moved {
        assert!(from_person == "greta" && (from..=until).contains(&date));
    }
}

#[test]
fn a_joiner_on_a_rolling_plan_takes_a_share_not_a_catching_up() {
    let mut repo = repo("example");
    rolling(&mut repo, 2);
    let january = plan(&repo, PlanOptions { today: Some(date("2027-01-10")), ..PlanOptions::default() }).unwrap();
    let february = plan(&repo, as_of("2027-02-10", &january)).unwrap();
    join(&mut repo, "igor", Some("2027-02-01"));
    let after = plan(&repo, as_of("2027-02-10", &february)).unwrap();
    assert_eq!(oncall_as_code::schedule::violations_from(&repo, &after, date("2027-02-10")), Vec::<String>::new());
    assert_eq!(
        count(&after, "kasia", "on-call", date("2027-02-10")),
        count(&after, "kasia", "on-call", date("2027-02-24"))
    );
    assert_share(&after, "kasia", "on-call", date("2027-02-24"));
}

#[test]
fn the_frozen_days_keep_their_shadows() {
    let mut repo = repo("example");
    let before = planned(&repo);
    join(&mut repo, "julia", Some("2027-01-18"));
    let today = date("2027-01-20");
    let after = plan(&repo, as_of("2027-01-20", &before)).unwrap();
    let zone = date("2027-02-03");
    let frozen =
        |s: &Schedule| s.shifts.iter().filter(|x| x.date >= today && x.date < zone).cloned().collect::<Vec<_>>();
    assert_eq!(frozen(&after), frozen(&before), "the frozen days changed");
    assert!(after.shifts.iter().any(|s| s.date >= zone && s.shadow.as_deref() == Some("kasia")), "kasia never shadows");
}

#[test]
fn a_night_shift_ends_the_next_morning_and_never_overlaps_an_early_one() {
    let repo = repo("night");
    let schedule = planned(&repo);
    let night = |day: &str| schedule.shifts.iter().find(|s| s.rotation == "night" && s.date == date(day)).unwrap();
    assert_eq!(night("2027-03-01").start.to_rfc3339(), "2027-03-01T22:00:00+01:00");
    assert_eq!(night("2027-03-01").end.to_rfc3339(), "2027-03-02T06:00:00+01:00");
    // The night that loses an hour to summer time.
    assert_eq!(night("2027-03-27").hours(), 7.0);
    assert_eq!(night("2027-03-27").end.to_rfc3339(), "2027-03-28T06:00:00+02:00");
    // Whoever has the night does not start the early shift at 05:00 the next morning.
    for shift in schedule.shifts.iter().filter(|s| s.rotation == "night") {
        let next = shift.date.succ_opt().unwrap();
        let early = schedule.shifts.iter().find(|s| s.rotation == "early" && s.date == next);
        assert!(
            early.is_none_or(|e| e.person != shift.person),
            "{} has the night of {} and the early shift after",
            shift.person,
            shift.date
        );
    }
    let people = per_person(&repo, &schedule, "night");
    assert!(spread(people.values().map(|p| p.0)) <= 1, "{people:?}");
}

#[test]
fn a_rebalance_moves_nothing_in_other_rotations() {
    let mut repo = repo("example");
    let before = planned(&repo);
    // Two swaps give alice incident-commander shifts that others held: she is two above the
    // people with her availability there, which the plan ahead would even out if it could.
    let file = repo.overrides[0].file;
    let swaps: Vec<NaiveDate> = before
        .shifts
        .iter()
        .filter(|s| s.rotation == "incident-commander" && s.person != "alice" && s.date >= date("2027-02-08"))
        .filter(|s| !before.shifts.iter().any(|x| x.date == s.date && x.person == "alice"))
        .map(|s| s.date)
        .take(2)
        .collect();
    let overrides = swaps
        .iter()
        .map(|d| oncall_as_code::model::Override {
            date: *d,
            rotation: "incident-commander".into(),
            person: "alice".into(),
            reason: Some("swap".into()),
            despite_time_off: false,
        })
        .collect();
    repo.overrides.push(Located::new(file, overrides));
    join(&mut repo, "igor", None);
    // kasia joins on-call only: the rebalance touches on-call and nothing else.
    let after = plan(&repo, as_of("2027-01-11", &before)).unwrap();
    assert_eq!(oncall_as_code::schedule::violations_from(&repo, &after, date("2027-01-11")), Vec::<String>::new());
    let moved: Vec<_> = moves(&before, &after).into_iter().filter(|m| !swaps.contains(&m.0)).collect();
    assert!(moved.iter().any(|m| m.3 == "kasia"), "{moved:#?}");
    assert!(moved.iter().all(|m| m.1 == "on-call"), "{moved:#?}");
}

#[test]
fn fourteen_people_over_six_months_are_within_one() {
    let repo = repo("fourteen");
    let schedule = planned(&repo);
    let people = per_person(&repo, &schedule, "on-call");
    assert_eq!(people.len(), 14);
    // 181 days among 14: 12 or 13 each; 56 weekend and holiday days: exactly 4 each.
    assert_eq!(schedule.shifts.iter().filter(|s| repo.policy.as_ref().unwrap().value.is_weekend(s.date)).count(), 56);
    assert!(spread(people.values().map(|p| p.0)) <= 1, "{people:?}");
    assert_eq!(spread(people.values().map(|p| p.1)), 0, "{people:?}");
    for (person, (_, _, weekdays, _)) in &people {
        let working: usize = (0..5).map(|d| weekdays.get(&d).copied().unwrap_or(0)).sum();
        assert!(
            (0..5).all(|d| weekdays.get(&d).copied().unwrap_or(0) <= working.div_ceil(5)),
            "{person}: {weekdays:?}"
        );
    }
}

/// Per week (its Monday) of the weekly on-call, the (day, person) of each of its shifts.
fn weeks_of(schedule: &Schedule) -> BTreeMap<NaiveDate, Vec<(NaiveDate, String)>> {
    let mut out: BTreeMap<NaiveDate, Vec<(NaiveDate, String)>> = BTreeMap::new();
    for s in schedule.shifts.iter().filter(|s| s.rotation == "on-call") {
        let monday = s.date - chrono::Days::new(u64::from(s.date.weekday().num_days_from_monday()));
        out.entry(monday).or_default().push((s.date, s.person.clone()));
    }
    out
}

#[test]
fn a_weekly_rotation_gives_each_week_to_one_person_and_days_off_to_one_cover() {
    let repo = repo("weekly");
    let schedule = planned(&repo);
    let weeks = weeks_of(&schedule);
    assert_eq!(weeks.len(), 8);
    let holder = |week: &str| weeks[&date(week)][0].1.clone();
    for (monday, days) in &weeks {
        assert_eq!(days.len(), 7, "{monday}");
        let first = &days[0].1;
        let others: Vec<&(NaiveDate, String)> = days.iter().filter(|(_, p)| p != first).collect();
        match monday.to_string().as_str() {
            // Bruno's week: his two days at the dentist go to one cover, the rest is his.
            "2027-03-15" => {
                assert_eq!(first, "bruno");
                assert_eq!(others.iter().map(|(d, _)| d.to_string()).collect::<Vec<_>>(), ["2027-03-17", "2027-03-18"]);
                assert_eq!(others[0].1, others[1].1, "one cover for both days");
            }
            // The override inside a week takes its day only.
            "2027-04-05" => {
                assert_eq!(others.len(), 1, "{days:?}");
                assert_eq!(others[0], &(date("2027-04-07"), "cora".to_string()));
            }
            _ => assert!(others.is_empty(), "{monday}: {days:?}"),
        }
    }
    // Eight weeks among five people: weeks, not days, are what is shared out.
    let mut held: BTreeMap<String, usize> = BTreeMap::new();
    for monday in weeks.keys() {
        *held.entry(holder(&monday.to_string())).or_default() += 1;
    }
    assert_eq!(held.len(), 5, "{held:?}");
    assert!(spread(held.values().copied()) <= 1, "{held:?}");
    // Nobody holds two weeks in a row, and the on-call holder is never Incident Commander.
    assert!(weeks.values().collect::<Vec<_>>().windows(2).all(|w| w[0][0].1 != w[1][0].1));
    for s in schedule.shifts.iter().filter(|s| s.rotation == "incident-commander") {
        let on_call = schedule.shifts.iter().find(|o| o.rotation == "on-call" && o.date == s.date).unwrap();
        assert_ne!(on_call.person, s.person, "{}", s.date);
    }
    // A 24-hour day that loses an hour to summer time (New York, 14 March) is 23 hours long.
    let day = |d: &str| schedule.shifts.iter().find(|s| s.rotation == "on-call" && s.date == date(d)).unwrap();
    assert_eq!(day("2027-03-13").hours(), 23.0);
    assert_eq!(day("2027-03-13").end.to_rfc3339(), "2027-03-14T09:00:00-04:00");
    assert_eq!(day("2027-03-14").hours(), 24.0);
}

#[test]
fn time_off_in_a_committed_week_moves_only_the_days_off_to_one_person() {
    let mut repo = repo("weekly");
    let before = planned(&repo);
    let weeks = weeks_of(&before);
    let holder = weeks[&date("2027-04-12")][0].1.clone();
    let file = repo.time_off[0].file;
    let (from, until) = (date("2027-04-14"), date("2027-04-16"));
    repo.time_off.push(Located::new(file, vec![TimeOff { person: holder.clone(), from, until, reason: None }]));
    let after = plan(&repo, PlanOptions { previous: Some(&before), rebalance_from: None, today: None }).unwrap();
    assert_eq!(violations(&repo, &after), Vec::<String>::new());
    let moved: Vec<_> = before.shifts.iter().zip(&after.shifts).filter(|(a, b)| a.person != b.person).collect();
    let days: Vec<String> = moved.iter().map(|(a, _)| format!("{} {}", a.date, a.rotation)).collect();
    assert_eq!(days, ["2027-04-14 on-call", "2027-04-15 on-call", "2027-04-16 on-call"], "{moved:#?}");
    let covers: std::collections::BTreeSet<&str> = moved.iter().map(|(_, b)| b.person.as_str()).collect();
    assert_eq!(covers.len(), 1, "one cover: {covers:?}");
    assert!(!covers.contains(holder.as_str()));
}

#[test]
fn a_weekly_rotation_keeps_its_weeks_when_planned_again_from_a_later_day() {
    let repo = repo("weekly");
    let before = planned(&repo);
    // Planned again with the first weeks as history: nothing changes.
    let options = PlanOptions { previous: Some(&before), rebalance_from: None, today: Some(date("2027-03-24")) };
    let again = plan(&repo, options).unwrap();
    assert_eq!(again.shifts, before.shifts);
    // A fresh plan from a Wednesday leaves the week already begun to its holder.
    let options = PlanOptions { previous: Some(&before), rebalance_from: Some(date("2027-03-24")), today: None };
    let fresh = plan(&repo, options).unwrap();
    assert_eq!(violations(&repo, &fresh), Vec::<String>::new());
    let weeks = weeks_of(&fresh);
    assert!(
        weeks.values().all(|days| days.iter().all(|(d, p)| *p == days[0].1
            || d.to_string() == "2027-04-07"
            || ["2027-03-17", "2027-03-18"].contains(&d.to_string().as_str()))),
        "{weeks:#?}"
    );
}
