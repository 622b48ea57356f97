//! What `oncall generate` does after a clean lint, on an in-memory repository decoded from
//! the input, with the schedule window clamped to three weeks so each run stays fast:
//! plan, check the hard rules, render every artifact, re-plan from the result, and build
//! the Slack posts `oncall notify` would send on a few days around the window.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oncall_as_code::gitops::notify::posts;
use oncall_as_code::render::{cloudformation, schedule_artifacts};
use oncall_as_code::schedule::{PlanOptions, Schedule, plan, violations};
use oncall_as_code_fuzz::{Mem, lint};
use std::collections::BTreeMap;

fuzz_target!(|data: &[u8]| {
    let mut report = lint(&Mem::decode(data));
    if report.has_errors() {
        return;
    }
    if let Some(policy) = report.repo.policy.as_mut() {
        let window = &mut policy.value.schedule;
        window.until = window.until.min(window.from + chrono::Days::new(20));
    }
    let repo = &report.repo;
    let Ok(schedule) = plan(repo, PlanOptions::default()) else { return };
    assert_eq!(violations(repo, &schedule), Vec::<String>::new());
    let mut files = schedule_artifacts(repo, &schedule).expect("the templates render");
    files.extend(cloudformation::templates(repo, &BTreeMap::new()));
    let json = &files.iter().find(|(p, _)| p == "schedule.json").expect("schedule.json").1;
    let read: Schedule = serde_json::from_str(json).expect("schedule.json reads back");
    assert_eq!(read, schedule);
    let again =
        plan(repo, PlanOptions { previous: Some(&read), rebalance_from: None }).expect("a valid schedule re-plans");
    assert_eq!(again, schedule, "re-planning from a valid schedule moved shifts");
    // The alarms stay in their templates when generated again.
    let templates: Vec<(usize, String)> = (0..)
        .map_while(|n| files.iter().find(|(p, _)| *p == cloudformation::file_name(n)).map(|(_, t)| (n, t.clone())))
        .collect();
    let previous = cloudformation::previous_assignment(&templates);
    assert_eq!(cloudformation::templates(repo, &previous), cloudformation::templates(repo, &BTreeMap::new()));
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
