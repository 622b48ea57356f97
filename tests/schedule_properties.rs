//! Property tests: random rosters never make the scheduler break a hard rule of README, "Schedules",
//! an unfillable day is only reported when every member really is out, planning is
//! deterministic, and replanning from a previous schedule keeps the hard rules too.

mod common;

use chrono::Duration;
use common::plan;
use common::roster::{available_roster, build, roster};
use oncall_as_code::model::TimeOff;
use oncall_as_code::schedule::{PlanError, PlanOptions, violations};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn hard_rules_always_hold(r in roster()) {
        let repo = build(&r);
        match plan(&repo, PlanOptions::default()) {
            Ok(schedule) => {
                prop_assert_eq!(violations(&repo, &schedule), Vec::<String>::new());
                let again = plan(&repo, PlanOptions::default()).unwrap();
                prop_assert_eq!(&again, &schedule);
                // Replanning with one more time off, from the first schedule, keeps the rules.
                let mut changed = build(&r);
                let who = changed.team.as_ref().unwrap().value.people[0].id.clone();
                let from = r.start + Duration::days(r.days / 2);
                changed.time_off[0].value.push(TimeOff { person: who, from, until: from + Duration::days(3), reason: None });
                if let Ok(next) = plan(&changed, PlanOptions { previous: Some(&schedule), rebalance_from: None, today: None }) {
                    prop_assert_eq!(violations(&changed, &next), Vec::<String>::new());
                    for (a, b) in schedule.shifts.iter().zip(&next.shifts) {
                        if a.date < from || a.date > from + Duration::days(3) {
                            prop_assert_eq!(&a.person, &b.person, "{:?} moved to {:?}", a, b);
                        }
                    }
                }
            }
            Err(PlanError::Unfillable { date, rotation, reasons }) => {
                let members = repo.people().iter().filter(|p| p.rotations.contains(&rotation)).count();
                prop_assert_eq!(reasons.len(), members, "{} {}: {:?}", date, rotation, reasons);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Nobody's n working-day shifts of a rotation crowd one weekday: at most ceil(n / 5) on
    /// any, when the roster leaves the choice (everyone available every day).
    #[test]
    fn no_weekday_holds_more_than_its_share(r in available_roster()) {
        let repo = build(&r);
        let Ok(schedule) = plan(&repo, PlanOptions::default()) else { return Ok(()) };
        let policy = &repo.policy.as_ref().unwrap().value;
        let mut per: std::collections::BTreeMap<(&str, &str), [usize; 7]> = Default::default();
        for s in schedule.shifts.iter().filter(|s| !policy.is_weekend(s.date)) {
            per.entry((s.person.as_str(), s.rotation.as_str())).or_default()[chrono::Datelike::weekday(&s.date).num_days_from_monday() as usize] += 1;
        }
        for ((person, rotation), days) in per {
            let n: usize = days.iter().sum();
            prop_assert!(days.iter().all(|d| *d <= n.div_ceil(5)), "{} {}: {:?} of {}", person, rotation, days, n);
        }
    }
}
