//! What `oncall generate` does after a clean lint, on an in-memory repository decoded from
//! the input, with the schedule window clamped to three weeks so each run stays fast:
//! plan, check the hard rules, render every artifact, re-plan from the result, and build
//! the Slack posts `oncall notify` would send on a few days around the window.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oncall_as_code::artifacts::{self, Previous};
use oncall_as_code::model::validate;
use oncall_as_code::render::slack::posts;
use oncall_as_code::schedule::{PlanOptions, Schedule, plan, violations};
use oncall_as_code_fuzz::{Mem, lint};

fuzz_target!(|data: &[u8]| {
    let mut report = lint(&Mem::decode(data));
    if report.has_errors() {
        return;
    }
    if let Some(policy) = report.repo.policy.as_mut() {
        // Three weeks at most, a fixed window (a rolling one ends where today says).
        let window = &mut policy.value.schedule;
        let end = window.end(window.from).unwrap_or(window.from);
        window.until = Some(end.min(window.from + chrono::Days::new(20)));
        window.horizon_months = None;
    }
    let from = report.repo.policy.as_ref().map(|p| p.value.schedule.from).expect("a clean lint has a policy");
    let repo = &validate(&report.repo, from).expect("a repository that lints clean validates");
    let Ok(generated) = artifacts::generate(repo, &Previous::default(), artifacts::Options::default()) else { return };
    let (files, schedule) = (generated.files, generated.schedule);
    assert_eq!(violations(&report.repo, &schedule), Vec::<String>::new());
    let json = &files.iter().find(|(p, _)| p == "schedule.json").expect("schedule.json").1;
    let read: Schedule = serde_json::from_str(json).expect("schedule.json reads back");
    assert_eq!(read, schedule);
    let again = plan(repo, PlanOptions { previous: Some(&read), rebalance_from: None, today: None })
        .expect("a valid schedule re-plans");
    assert_eq!(again, schedule, "re-planning from a valid schedule moved shifts");
    // Generated again over its own output, nothing changes (the alarms stay in their templates).
    let text = |path: &str| Ok(files.iter().find(|(p, _)| p == path).map(|(_, t)| t.clone()));
    let previous = Previous::read(std::path::Path::new("generated"), text).expect("the artifacts read back");
    let again = artifacts::generate(repo, &previous, artifacts::Options::default()).expect("generates again");
    assert_eq!(again.files, files, "generating over its own output changed it");
    let days = [
        schedule.from.pred_opt(),
        Some(schedule.from),
        schedule.from.checked_add_days(chrono::Days::new(7)),
        Some(schedule.until),
    ];
    for date in days.into_iter().flatten() {
        posts(repo, &schedule, date).expect("the Slack messages render");
    }
});
