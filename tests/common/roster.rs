//! Random rosters for property tests: up to eight people in on-call and incident-commander
//! (either or both), with tenure, the checklist, holidays, time off, pitch cycles and
//! overrides drawn at random, built as a repository the way lint reads one.

use chrono::{Duration, NaiveDate};
use oncall_as_code::model::{Located, Override, PitchCycle, Policy, Repo, Team, TimeOff};
use oncall_as_code::source::FileId;
use proptest::prelude::*;
use serde_json::json;

#[derive(Debug, Clone)]
pub struct Roster {
    pub start: NaiveDate,
    pub days: i64,
    pub timezone: &'static str,
    pub people: Vec<(u8, i64, bool)>,
    pub holidays: Vec<i64>,
    pub time_off: Vec<(usize, i64, i64)>,
    pub cycles: Vec<(i64, i64, Vec<usize>)>,
    pub overrides: Vec<(i64, bool, usize)>,
}

pub fn roster() -> impl Strategy<Value = Roster> {
    roster_over(7..50)
}

/// A random roster whose window is `days` long.
pub fn roster_over(days: std::ops::Range<i64>) -> impl Strategy<Value = Roster> {
    let person = (1u8..=3, -400i64..40, proptest::bool::weighted(0.85));
    (
        0i64..700,
        days,
        prop::sample::select(vec!["Europe/Warsaw", "America/New_York", "Australia/Sydney", "UTC"]),
        prop::collection::vec(person, 2..9),
        prop::collection::vec(0i64..50, 0..4),
        prop::collection::vec((0usize..9, -5i64..50, 0i64..10), 0..5),
        prop::collection::vec((-10i64..50, 0i64..20, prop::collection::vec(0usize..9, 1..3)), 0..3),
        prop::collection::vec((0i64..50, any::<bool>(), 0usize..9), 0..4),
    )
        .prop_map(|(offset, days, timezone, people, holidays, time_off, cycles, overrides)| Roster {
            start: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Duration::days(offset),
            days,
            timezone,
            people,
            holidays,
            time_off,
            cycles,
            overrides,
        })
}

pub fn build(r: &Roster) -> Repo {
    let file = FileId(0);
    let until = r.start + Duration::days(r.days - 1);
    let policy: Policy = serde_json::from_value(json!({
        "timezone": r.timezone,
        "slack_workspace": "T0EDR0NE01",
        "playbook_base_url": "https://example.com/",
        "schedule": {"from": r.start, "until": until},
        "holidays": r.holidays.iter().map(|d| r.start + Duration::days(*d)).collect::<Vec<_>>(),
        "preparation": ["smartphone", "vpn"],
        "channels": {"engineering": {"id": "C0ENG00001"}},
        "rotations": {
            "on-call": {"windows": {"weekday": "15:00-22:00", "weekend": "09:00-22:00"}, "remind_days_before": 3},
            "incident-commander": {"windows": {"weekday": "09:00-17:00"}, "exclude_pitch_cycle": true, "min_tenure_days": 60},
        },
    }))
    .unwrap();
    let id = |i: usize| format!("p{i}");
    let team: Team = serde_json::from_value(json!({
        "people": r.people.iter().enumerate().map(|(i, (rotations, started, prepared))| {
            let mut names = Vec::new();
            if rotations & 1 != 0 { names.push("on-call"); }
            if rotations & 2 != 0 { names.push("incident-commander"); }
            json!({
                "id": id(i), "name": format!("Person {i}"), "email": format!("p{i}@example.com"),
                "phone": "+48600100200", "slack": "U01ABCDEF12",
                "started": r.start + Duration::days(*started),
                "rotations": names,
                "preparation": if *prepared { vec!["smartphone", "vpn"] } else { vec!["vpn"] },
            })
        }).collect::<Vec<_>>()
    }))
    .unwrap();
    let n = r.people.len();
    let time_off: Vec<TimeOff> = r
        .time_off
        .iter()
        .map(|(p, from, len)| TimeOff {
            person: id(p % n),
            from: r.start + Duration::days(*from),
            until: r.start + Duration::days(from + len),
            reason: None,
        })
        .collect();
    let cycles: Vec<PitchCycle> = r
        .cycles
        .iter()
        .enumerate()
        .map(|(i, (from, len, who))| PitchCycle {
            name: format!("Cycle {i}"),
            from: r.start + Duration::days(*from),
            until: r.start + Duration::days(from + len),
            participants: who.iter().map(|p| id(p % n)).collect(),
        })
        .collect();
    let mut overrides: Vec<Override> = Vec::new();
    for (day, ic, p) in &r.overrides {
        let date = r.start + Duration::days(day % r.days);
        let rotation = if *ic { "incident-commander" } else { "on-call" };
        let person = &team.people[p % n];
        let has_shift = !*ic || !(policy.is_weekend(date));
        let clash = overrides.iter().any(|o| o.date == date && (o.rotation == rotation || o.person == person.id));
        if person.rotations.iter().any(|x| x == rotation) && has_shift && !clash {
            overrides.push(Override {
                date,
                rotation: rotation.into(),
                person: person.id.clone(),
                reason: None,
                despite_time_off: false,
            });
        }
    }
    Repo {
        team: Some(Located::new(file, team)),
        policy: Some(Located::new(file, policy)),
        time_off: vec![Located::new(file, time_off)],
        overrides: vec![Located::new(file, overrides)],
        pitch_cycles: vec![Located::new(file, cycles)],
        ..Repo::default()
    }
}

/// Teams of one rotation with everyone available every day (no time off, pitch cycles,
/// overrides or holidays; tenure and the checklist long done): the roster always leaves the
/// choice of weekdays.
pub fn available_roster() -> impl Strategy<Value = Roster> {
    (0i64..700, 20i64..120, 1u8..=2, 3usize..10).prop_map(|(offset, days, rotation, people)| Roster {
        start: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Duration::days(offset),
        days,
        timezone: "Europe/Warsaw",
        people: vec![(rotation, -400, true); people],
        holidays: vec![],
        time_off: vec![],
        cycles: vec![],
        overrides: vec![],
    })
}
