//! `oncall generate` end to end: the artifacts on disk, byte-identical reruns, the committed
//! `generated/` being current, and failures that write nothing.

mod common;

use std::path::Path;

fn generate(root: &Path, out: &Path) -> std::process::Output {
    common::oncall_command(root).arg("generate").arg("--out").arg(out).output().unwrap()
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in common::walk(dir) {
        let relative = entry.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
        out.push((relative, std::fs::read(&entry).unwrap()));
    }
    out.sort();
    out
}

#[test]
fn example_artifacts_are_complete_and_reproducible() {
    let temp = tempfile::tempdir().unwrap();
    let (a, b) = (temp.path().join("a"), temp.path().join("b"));
    assert!(generate(common::example(), &a).status.success());
    assert!(generate(common::example(), &b).status.success());
    let (fa, fb) = (files(&a), files(&b));
    assert_eq!(fa, fb, "two runs differ");
    let names: Vec<&str> = fa.iter().map(|(n, _)| n.as_str()).collect();
    for expected in [
        "schedule.json",
        "SCHEDULE.md",
        "fairness.svg",
        "site/index.html",
        "site/site.css",
        "site/site.js",
        "calendars/team.ics",
        "calendars/alice.ics",
        "calendars/julia.ics",
    ] {
        assert!(names.contains(&expected), "{expected} missing from {names:?}");
    }
    assert_eq!(names.iter().filter(|n| n.starts_with("calendars/")).count(), 11);
    // A rerun over existing output rewrites nothing.
    let again = generate(common::example(), &a);
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("0 files written, 19 unchanged"),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
}

#[test]
fn committed_artifacts_are_current() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("generated");
    common::copy_dir(&common::example().join("generated"), &out);
    // The committed plan is as of 2026-12-01 (README, "CI").
    let output = common::oncall_command(common::example())
        .args(["generate", "--today", "2026-12-01", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::text(&output));
    assert_eq!(
        files(&out),
        files(&common::example().join("generated")),
        "tests/fixtures/example/generated/ is stale: run `cargo run -- --root tests/fixtures/example generate --today 2026-12-01`"
    );
}

#[test]
fn calendars_of_people_no_longer_in_a_rotation_are_removed() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("out");
    std::fs::create_dir_all(out.join("calendars")).unwrap();
    std::fs::write(out.join("calendars/ghost.ics"), "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n").unwrap();
    std::fs::write(out.join("calendars/notes.txt"), "kept").unwrap();
    std::fs::create_dir_all(out.join("cloudformation")).unwrap();
    std::fs::write(out.join("cloudformation/notes.json"), "{}").unwrap();
    assert!(generate(common::example(), &out).status.success());
    assert!(!out.join("calendars/ghost.ics").exists());
    assert!(out.join("calendars/notes.txt").exists());
    assert!(out.join("cloudformation/notes.json").exists(), "only placement.json is the tool's");
}

#[test]
fn a_corrupt_committed_schedule_stops_generate_and_is_left_alone() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("schedule.json"), "{ not json").unwrap();
    let output = generate(common::example(), &out);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("schedule.json"));
    assert_eq!(std::fs::read_to_string(out.join("schedule.json")).unwrap(), "{ not json");
    assert!(!out.join("SCHEDULE.md").exists());
}

#[test]
fn a_failed_plan_leaves_previous_artifacts_intact() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("SCHEDULE.md"), "previous").unwrap();
    let output = generate(Path::new("tests/fixtures/schedule/unfillable"), &out);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(out.join("SCHEDULE.md")).unwrap(), "previous");
    assert!(!out.join("schedule.json").exists());
}

/// SCHEDULE.md shows who is away each day and why, next to the shifts, so a pull request
/// that adds time off shows the reason beside the shifts it moves.
#[test]
fn schedule_md_shows_who_is_away_and_why() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("out");
    assert!(generate(Path::new("tests/fixtures/lint/clean"), &out).status.success());
    let markdown = std::fs::read_to_string(out.join("SCHEDULE.md")).unwrap();
    let row = |date: &str| markdown.lines().find(|l| l.starts_with(&format!("| {date} |"))).unwrap().to_string();
    assert!(markdown.contains("| Date | Day | On-call | Incident Commander | Away |"), "{markdown}");
    assert!(row("2026-12-19").ends_with("| - |"), "{}", row("2026-12-19"));
    assert!(row("2026-12-20").ends_with("| alice (vacation) |"), "{}", row("2026-12-20"));
    let cells: Vec<String> = row("2026-12-20").split('|').map(|c| c.trim().to_string()).collect();
    assert!(!cells[3..cells.len() - 2].iter().any(|c| c.contains("alice")), "alice is off: {cells:?}");
    // Overlapping entries name the person once with both reasons; a blank reason is none;
    // Markdown in a reason is shown as written.
    let root = temp.path().join("repo");
    common::copy_dir(Path::new("tests/fixtures/lint/clean"), &root);
    let extra = "- { person: alice, from: 2026-12-26, until: 2026-12-26, reason: \"**sick** [x](y) | a_b\" }\n- { person: bob, from: 2026-12-26, until: 2026-12-26, reason: \"  \" }\n";
    let time_off = std::fs::read_to_string(root.join("roster/time-off.yaml")).unwrap() + extra;
    std::fs::write(root.join("roster/time-off.yaml"), time_off).unwrap();
    let out = temp.path().join("out2");
    let status = generate(&root, &out);
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let markdown = std::fs::read_to_string(out.join("SCHEDULE.md")).unwrap();
    let row = markdown.lines().find(|l| l.starts_with("| 2026-12-26 |")).unwrap();
    assert!(row.ends_with(r"| alice (vacation; \*\*sick\*\* \[x\](y) \| a\_b), bob |"), "{row}");
    assert!(!cells[3..cells.len() - 2].iter().any(|c| c.contains("alice")), "alice is off: {cells:?}");
}

#[test]
fn a_later_day_keeps_the_record_and_shows_at_least_the_last_two_weeks() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("out");
    common::copy_dir(&common::example().join("generated"), &out);
    let run = |today: &str| {
        common::oncall_command(common::example())
            .args(["generate", "--today", today, "--out"])
            .arg(&out)
            .output()
            .unwrap()
    };
    assert!(run("2026-12-01").status.success());
    let before: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("schedule.json")).unwrap()).unwrap();
    let output = run("2027-02-02");
    assert!(output.status.success(), "{}", common::text(&output));
    let after: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("schedule.json")).unwrap()).unwrap();
    let past = |s: &serde_json::Value| -> Vec<serde_json::Value> {
        s["shifts"].as_array().unwrap().iter().filter(|x| x["date"].as_str().unwrap() < "2027-02-02").cloned().collect()
    };
    assert_eq!(past(&after), past(&before));
    assert_eq!(after["from"], "2026-12-01");
    let markdown = std::fs::read_to_string(out.join("SCHEDULE.md")).unwrap();
    // The page starts with the previous month: at least 14 days back, whatever the day.
    assert!(markdown.contains("Shown from 2027-01-01: at least the last 14 days, and the plan ahead."), "{markdown}");
    let first_row = markdown.lines().find(|l| l.starts_with("| 20")).unwrap();
    assert!(first_row.starts_with("| 2027-01-01 |"), "{first_row}");
    // The fairness table counts the record and the plan, and shows each part.
    let header = "| Person | On-call | Incident Commander | Weekend/holiday | Hours | vs avg | Shadowing | Record to 2027-01-31 | Plan from 2027-02-01 |";
    assert!(markdown.contains(header), "{markdown}");
    let rows: Vec<&str> =
        markdown.lines().skip_while(|l| *l != header).skip(2).take_while(|l| l.starts_with("| ")).collect();
    assert_eq!(rows.len(), 10);
    let count = |cell: &str| -> u32 { cell.split(' ').next().unwrap().parse().unwrap() };
    for row in rows {
        let cells: Vec<&str> = row.split(" | ").collect();
        let (on_call, ic, weekend) = (count(cells[1]), count(cells[2]), count(cells[3]));
        let (record, plan) = (cells[7], cells[8].trim_end_matches(" |"));
        assert_eq!(count(record) + count(plan), on_call + ic, "{row}");
        let weekends =
            |cell: &str| -> u32 { cell.split('(').nth(1).unwrap().split(' ').next().unwrap().parse().unwrap() };
        assert_eq!(weekends(record) + weekends(plan), weekend, "{row}");
        assert!(count(record) > 0, "{row}");
    }
    // Nothing generated changes within the month: no daily pull request.
    let late = run("2027-02-27");
    assert!(late.status.success());
    assert!(String::from_utf8_lossy(&late.stdout).contains(" 0 files written"), "{}", common::text(&late));
    assert_eq!(
        std::fs::read_to_string(out.join("SCHEDULE.md")).unwrap(),
        markdown,
        "SCHEDULE.md moved within the month"
    );
}

#[test]
fn after_a_long_pause_the_page_starts_with_today() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("repo");
    for dir in ["roster", "alarms", "playbooks", "generated"] {
        common::copy_dir(&common::example().join(dir), &root.join(dir));
    }
    let policy = std::fs::read_to_string(root.join("roster/policy.yaml")).unwrap();
    let rolling = policy.replace("until: 2027-02-28", "horizon_months: 2");
    std::fs::write(root.join("roster/policy.yaml"), rolling).unwrap();
    let output = common::oncall(&root, &["generate", "--today", "2032-06-10"], &[]);
    assert!(output.status.success(), "{}", common::text(&output));
    let markdown = std::fs::read_to_string(root.join("generated/SCHEDULE.md")).unwrap();
    assert!(
        markdown.contains("Shown from 2032-06-10: nothing is on record before it, and the plan ahead."),
        "{markdown}"
    );
    let first_row = markdown.lines().find(|l| l.starts_with("| 20")).unwrap();
    assert!(first_row.starts_with("| 2032-06-10 |"), "{first_row}");
}

#[test]
fn who_with_a_today_and_no_moment_asks_about_that_day() {
    let root = Path::new("tests/cmd/who-rolling-beyond.in");
    let output = common::oncall(root, &["who", "--today", "2027-01-05", "--format", "json"], &[]);
    assert!(output.status.success(), "{}", common::text(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(json["at"].as_str().unwrap().starts_with("2027-01-05T"), "{json:#}");
}

#[test]
fn a_weekly_rotations_24_hour_days_are_one_calendar_event_per_stretch() {
    let out = tempfile::tempdir().unwrap();
    let root = Path::new("tests/fixtures/schedule/weekly");
    let output =
        common::oncall(root, &["generate", "--today", "2027-03-01", "--out", out.path().to_str().unwrap()], &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = std::fs::read_to_string(out.path().join("calendars/bruno.ics")).unwrap();
    // Bruno's on-call events: the week of 15 March split where Anna covers his two days off,
    // and the week of 5 April split by Cora's override on the 7th.
    let mut events = Vec::new();
    for event in text.split("BEGIN:VEVENT").skip(1) {
        let field = |name: &str| {
            event.lines().find_map(|l| l.strip_prefix(name)).map(str::trim).unwrap_or_default().to_string()
        };
        if field("SUMMARY:").starts_with("On-call") {
            events.push(format!("{} {} {}", field("UID:"), field("DTSTART:"), field("DTEND:")));
        }
    }
    assert_eq!(
        events,
        [
            "2027-03-15-on-call@t0edr0ne01.oncall-as-code 20270315T130000Z 20270317T130000Z",
            "2027-03-19-on-call@t0edr0ne01.oncall-as-code 20270319T130000Z 20270322T130000Z",
            "2027-04-05-on-call@t0edr0ne01.oncall-as-code 20270405T130000Z 20270407T130000Z",
            "2027-04-08-on-call@t0edr0ne01.oncall-as-code 20270408T130000Z 20270412T130000Z",
        ]
    );
}

/// An override a person takes on a day of their time off, as it says (`despite_time_off`):
/// planned, and marked in SCHEDULE.md and on the page; without the word, lint stops it.
#[test]
fn a_shift_taken_despite_time_off_is_shown() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("repo");
    common::copy_dir(std::path::Path::new("tests/cmd/lint-override-time-off.in"), &root);
    let overrides = root.join("roster/overrides.yaml");
    let text = std::fs::read_to_string(&overrides).unwrap();
    // bob's override (an error) goes; carol's, said, stays.
    std::fs::write(&overrides, text.lines().filter(|l| !l.contains("person: bob")).collect::<Vec<_>>().join("\n"))
        .unwrap();
    let out = common::oncall(&root, &["generate", "--today", "2026-11-25"], &[]);
    assert!(out.status.success(), "{}", common::text(&out));
    let schedule = std::fs::read_to_string(root.join("generated/SCHEDULE.md")).unwrap();
    let day = schedule.lines().find(|l| l.starts_with("| 2026-12-15 |")).unwrap();
    assert!(day.contains("| carol (override, despite time off) |"), "{day}");
    let page = std::fs::read_to_string(root.join("generated/site/index.html")).unwrap();
    assert!(page.contains(r#"<span class="mark">override, despite time off</span>"#));
    // Without `despite_time_off`, the same override is refused and nothing is written.
    std::fs::write(&overrides, "- { date: 2026-12-15, rotation: on-call, person: carol }\n").unwrap();
    let out = common::oncall(&root, &["generate", "--today", "2026-11-25", "--out", "elsewhere"], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", common::text(&out));
    assert!(common::text(&out).contains("OC423"), "{}", common::text(&out));
    assert!(!root.join("elsewhere").exists());
}

/// A new engineer who only shadows (an incomplete checklist) is not counted in the averages:
/// the people on duty read "avg", not "+33% avg", and the new engineer "shadowing".
#[test]
fn someone_who_only_shadows_is_left_out_of_the_averages() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("repo");
    common::copy_dir(std::path::Path::new("tests/cmd/lint-clean.in"), &root);
    let team = root.join("roster/team.yaml");
    let mut text = std::fs::read_to_string(&team).unwrap();
    text.push_str(concat!(
        "  - id: nina\n    name: Nina New\n    email: nina@example.com\n    phone: \"+48600100209\"\n",
        "    slack: U01ABCDEF19\n    started: 2026-11-02\n    rotations: [on-call, incident-commander]\n",
        "    preparation: [smartphone]\n",
    ));
    std::fs::write(&team, text).unwrap();
    let out = common::oncall(&root, &["generate", "--today", "2026-11-25"], &[]);
    assert!(out.status.success(), "{}", common::text(&out));
    let schedule = std::fs::read_to_string(root.join("generated/SCHEDULE.md")).unwrap();
    let row = |id: &str| schedule.lines().find(|l| l.contains(&format!("(`{id}`)"))).unwrap().to_string();
    assert!(row("nina").contains("| shadowing |"), "{}", row("nina"));
    // Counted in, her 0 hours would put everyone a third above the average.
    for id in ["alice", "bob", "carol"] {
        let cells: Vec<String> = row(id).split('|').map(|c| c.trim().to_string()).collect();
        let vs = cells[6].trim_end_matches("% avg").trim_start_matches('+');
        assert!(vs == "avg" || vs.parse::<i64>().unwrap().abs() < 5, "{}", row(id));
    }
}

/// A rotation's `name` is how it reads everywhere people see it; its key stays in files.
#[test]
fn a_rotations_name_reads_everywhere() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("repo");
    common::copy_dir(std::path::Path::new("tests/cmd/lint-clean.in"), &root);
    let policy = root.join("roster/policy.yaml");
    let text = std::fs::read_to_string(&policy).unwrap();
    assert!(text.contains("  on-call:\n"));
    std::fs::write(&policy, text.replacen("  on-call:\n", "  on-call:\n    name: Primary on-call\n", 1)).unwrap();
    let out = common::oncall(&root, &["generate", "--today", "2026-11-25"], &[]);
    assert!(out.status.success(), "{}", common::text(&out));
    let generated = root.join("generated");
    let read = |f: &str| std::fs::read_to_string(generated.join(f)).unwrap();
    assert!(read("SCHEDULE.md").contains("| Date | Day | Primary on-call | Incident Commander | Away |"));
    assert!(read("SCHEDULE.md").contains("- **Primary on-call** (`on-call`): "));
    assert!(read("calendars/team.ics").contains("SUMMARY:Primary on-call: "));
    assert!(read("calendars/team.ics").contains("UID:2026-12-01-on-call@"), "UIDs keep the key");
    assert!(read("site/index.html").contains(r#"<h2 id="rotation-1">Primary on-call</h2>"#));
    assert!(read("fairness.svg").contains(r#"data-column="Primary on-call""#));
    let out = common::oncall(&root, &["notify", "--date", "2026-12-07", "--dry-run"], &[]);
    let posts = String::from_utf8_lossy(&out.stdout);
    assert!(posts.contains("Primary on-call: "), "the duty topics: {posts}");
    assert!(posts.contains("Primary on-call"), "{posts}");
}
