//! `oncall init`: a new configuration repository that lints clean and generates at once,
//! whose workflows pass actionlint (when `ONCALL_ACTIONLINT` names it: `.ci/run` does), that
//! refuses a non-empty directory without `--force`, never overwrites a file, and leaves
//! nothing behind when it fails.

mod common;

use std::path::Path;
use std::process::Command;

fn init(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_oncall")).arg("init").args(args).output().unwrap()
}

fn listing(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> =
        common::walk(dir).iter().map(|p| p.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/")).collect();
    files.sort();
    files
}

#[test]
fn a_new_repository_lints_clean_and_generates() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("my-team");
    let output = init(&[dir.to_str().unwrap(), "--today", "2026-12-01"]);
    assert!(output.status.success(), "{}", common::text(&output));
    let mut expected: Vec<String> = [
        ".github/workflows/ci.yml",
        ".github/workflows/deploy.yml",
        ".github/workflows/drift.yml",
        ".github/workflows/review.yml",
        ".github/workflows/pages.yml",
        ".github/workflows/notify.yml",
        ".github/workflows/publish.yml",
        ".pre-commit-config.yaml",
        "README.md",
        "alarms/api.yaml",
        "playbooks/api-5xx.md",
        "roster/overrides.yaml",
        "roster/pitch-cycles.yaml",
        "roster/policy.yaml",
        "roster/team.yaml",
        "roster/time-off.yaml",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    expected.extend(oncall_as_code::schema::render_all().into_iter().map(|(name, _)| format!("schemas/{name}")));
    expected.sort();
    assert_eq!(listing(&dir), expected);
    assert!(common::text(&output).contains("init: 23 files written, 0 kept"), "{}", common::text(&output));

    // Clean, warnings included, on the day it was made and months later.
    for today in ["2026-12-01", "2027-05-20"] {
        let lint = common::oncall(&dir, &["lint", "--deny-warnings", "--today", today], &[]);
        assert_eq!(lint.status.code(), Some(0), "{}", common::text(&lint));
    }
    let generate = common::oncall(&dir, &["generate", "--today", "2026-12-01"], &[]);
    assert!(generate.status.success(), "{}", common::text(&generate));
    for file in
        ["schedule.json", "SCHEDULE.md", "calendars/team.ics", "calendars/alex.ics", "cloudformation/alarms.yaml"]
    {
        assert!(dir.join("generated").join(file).is_file(), "generated/{file} missing");
    }
    let check = common::oncall(&dir, &["check", "--today", "2026-12-01"], &[]);
    assert!(check.status.success(), "{}", common::text(&check));
    // The schemas are the tool's own.
    let schema = common::oncall(&dir, &["schema", "--check"], &[]);
    assert!(schema.status.success(), "{}", common::text(&schema));

    // The workflows use this repository's action at this version, and pass actionlint.
    let version = env!("CARGO_PKG_VERSION");
    let ci = std::fs::read_to_string(dir.join(".github/workflows/ci.yml")).unwrap();
    assert!(ci.contains(&format!("uses: oncall-as-code/oncall-as-code@v{version}")), "{ci}");
    assert!(ci.contains(&format!("version: \"{version}\"")), "{ci}");
    assert!(!ci.contains("cargo"), "the workflows install the tool, they do not build a Rust project");
    if let Some(actionlint) = std::env::var_os("ONCALL_ACTIONLINT") {
        let workflows =
            ["ci", "publish", "notify", "deploy", "drift", "review"].map(|w| format!(".github/workflows/{w}.yml"));
        let run = Command::new(actionlint).arg("-no-color").args(workflows).current_dir(&dir).output().unwrap();
        assert!(run.status.success(), "actionlint: {}", common::text(&run));
    }
}

#[test]
fn a_directory_that_is_not_empty_is_refused_without_force() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    std::fs::write(dir.join("notes.txt"), "ours").unwrap();
    let output = init(&[dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not empty; use `oncall init --force"), "{stderr}");
    assert_eq!(listing(dir), ["notes.txt"]);
}

#[test]
fn force_writes_only_the_missing_files() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    std::fs::create_dir_all(dir.join("roster")).unwrap();
    std::fs::write(dir.join("roster/team.yaml"), "people: []\n").unwrap();
    std::fs::write(dir.join("README.md"), "# Ours\n").unwrap();
    let output = init(&[dir.to_str().unwrap(), "--force", "--today", "2026-12-01"]);
    assert!(output.status.success(), "{}", common::text(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("kept README.md (exists)\nkept roster/team.yaml (exists)\n"), "{stdout}");
    assert!(stdout.contains("init: 21 files written, 2 kept"), "{stdout}");
    assert_eq!(std::fs::read_to_string(dir.join("roster/team.yaml")).unwrap(), "people: []\n");
    assert_eq!(std::fs::read_to_string(dir.join("README.md")).unwrap(), "# Ours\n");
    assert!(dir.join("roster/policy.yaml").is_file());
}

#[test]
fn a_failed_init_leaves_nothing_behind() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    // `roster` is a file: roster/team.yaml cannot be written, after README.md was.
    std::fs::write(dir.join("roster"), "in the way").unwrap();
    let output = init(&[dir.to_str().unwrap(), "--force"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("roster/team.yaml: cannot write") && stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(listing(dir), ["roster"]);
}

#[test]
fn a_file_in_place_of_the_directory_is_refused() {
    let temp = tempfile::tempdir().unwrap();
    let path = temp.path().join("team");
    std::fs::write(&path, "x").unwrap();
    let output = init(&[path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("exists and is not a directory"));
}

#[test]
fn version_names_the_revision() {
    let output = Command::new(env!("CARGO_BIN_EXE_oncall")).arg("--version").output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let revision = Command::new("git").args(["rev-parse", "--short=12", "HEAD"]).output().unwrap();
    let revision = String::from_utf8(revision.stdout).unwrap();
    let revision = if revision.trim().is_empty() { "unknown" } else { revision.trim() };
    assert_eq!(text, format!("oncall {} ({revision})\n", env!("CARGO_PKG_VERSION")));
}
