//! Inputs the fuzz targets (`fuzz/`, see `fuzz/run.sh`) crashed on, replayed through the
//! library and the binary. Each `tests/fixtures/fuzz/<name>` is the exact input, minimised
//! with libFuzzer: a repository as files separated by a 0xFF byte, each its path up to the
//! first newline, then its bytes (the encoding of `fuzz/src/lib.rs`).

mod common;

use chrono::NaiveDate;
use common::plan;
use oncall_as_code::schedule::PlanOptions;
use oncall_as_code::{LintOptions, LintReport, lint_source};
use std::path::Path;

/// The fuzz targets' own in-memory repository and input decoding (`fuzz/src/lib.rs`), so an
/// input replays here exactly as the fuzzer ran it.
#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod harness;

use harness::Mem;

/// The crash input `tests/fixtures/fuzz/<name>`, decoded.
fn input(name: &str) -> Mem {
    Mem::decode(&std::fs::read(Path::new("tests/fixtures/fuzz").join(name)).unwrap())
}

/// Writes the repository's files under `root`.
fn write(mem: &Mem, root: &Path) {
    for (path, bytes) in &mem.files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

const TODAY: &str = "2026-11-25";

fn lint(mem: &Mem) -> LintReport {
    lint_source(mem, &LintOptions { today: TODAY.parse().unwrap(), deny_warnings: false }).unwrap()
}

/// Every finding as (code, file, line, column, message).
fn findings(report: &LintReport) -> Vec<(String, String, usize, usize, String)> {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let at = d.primary.resolve(&report.sources);
            (
                d.code.as_str().to_string(),
                report.sources.get(d.primary.file).path.clone(),
                at.line,
                at.column,
                d.message.clone(),
            )
        })
        .collect()
}

fn oncall(root: &Path, args: &[&str]) -> (i32, String, String) {
    let output = common::oncall(root, args, &[]);
    (
        output.status.code().unwrap(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Found by the `generate` target: `remind_days_before: 4000000000` (a valid u32) made
/// `notify` add four billion days to the date, and chrono panicked with "`NaiveDate +
/// TimeDelta` overflowed". The policy schema now bounds it to 365 days, and notify adds the
/// days with checked arithmetic.
const REMIND: &str = "remind-days-overflow";

#[test]
fn remind_days_overflow_is_a_schema_error() {
    let report = lint(&input(REMIND));
    assert_eq!(
        findings(&report),
        vec![(
            "OC101".to_string(),
            "roster/policy.yaml".to_string(),
            13,
            25,
            "`rotations.on-call.remind_days_before`: 4000000000 is greater than the maximum of 365".to_string(),
        )]
    );
}

#[test]
fn remind_days_overflow_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let input = input(REMIND);

    // The same repository with a sane reminder generates a schedule...
    let mut sane = Mem { files: input.files.clone() };
    let policy = String::from_utf8(sane.files["roster/policy.yaml"].clone()).unwrap();
    sane.files.insert(
        "roster/policy.yaml".into(),
        policy.replace("remind_days_before: 4000000000", "remind_days_before: 3").into_bytes(),
    );
    write(&sane, root);
    let (code, _, stderr) = oncall(root, &["generate", "--today", TODAY]);
    assert_eq!((code, stderr.as_str()), (0, ""));

    // ...and with the crash input's policy, lint and notify refuse it with the diagnostic.
    write(&input, root);
    let (code, stdout, stderr) = oncall(root, &["lint", "--format", "json", "--today", TODAY]);
    assert_eq!((code, stderr.as_str()), (1, ""));
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        report["diagnostics"],
        serde_json::json!([{
            "code": "OC101",
            "severity": "error",
            "message": "`rotations.on-call.remind_days_before`: 4000000000 is greater than the maximum of 365",
            "file": "roster/policy.yaml",
            "line": 13,
            "column": 25,
            "help": "write a number of at most 365",
        }])
    );
    let (code, _, stderr) = oncall(root, &["notify", "--dry-run", "--date", "2026-12-05"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("roster/policy.yaml:13:25"), "{stderr}");
    assert!(stderr.ends_with("error: notify needs a roster that lints clean; nothing was sent\n"), "{stderr}");
}

#[test]
fn remind_days_overflow_in_the_library() {
    // A caller of `notify::posts` that skips the lint gets no reminder, not a panic.
    let input = input(REMIND);
    let mut sane = Mem { files: input.files.clone() };
    let policy = String::from_utf8(sane.files["roster/policy.yaml"].clone()).unwrap();
    sane.files.insert(
        "roster/policy.yaml".into(),
        policy.replace("remind_days_before: 4000000000", "remind_days_before: 3").into_bytes(),
    );
    let mut report = lint(&sane);
    assert_eq!(findings(&report), vec![]);
    let schedule = plan(&report.repo, PlanOptions::default()).unwrap();
    let date = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
    let reminders = |report: &LintReport| {
        let repo = oncall_as_code::model::validate(&report.repo, date).unwrap();
        let posts = oncall_as_code::render::slack::posts(&repo, &schedule, date).unwrap();
        posts.iter().filter(|p| p.kind == "reminder").count()
    };
    assert!(reminders(&report) > 0);
    for days in [4_000_000_000, u32::MAX] {
        let policy = &mut report.repo.policy.as_mut().unwrap().value;
        policy.rotations.get_mut("on-call").unwrap().remind_days_before = Some(days);
        assert_eq!(reminders(&report), 0);
    }
}
