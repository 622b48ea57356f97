//! Malformed and hostile input: every case gives a diagnostic at the right file, exit 1,
//! nothing on stderr (no panic, no stack trace) and finishes in bounded time.

mod common;

use common::copy_dir;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CLEAN: &str = "tests/fixtures/lint/clean";

/// A scratch copy of the clean fixture repository.
fn scratch() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    copy_dir(Path::new(CLEAN), &root);
    (dir, root)
}

/// Runs `oncall lint --format json` with a deadline; returns exit code and parsed report.
fn lint(root: &Path) -> (i32, Value) {
    let mut child = common::oncall_command(root)
        .args(["lint", "--format", "json", "--today", "2026-11-25"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("lint did not finish within 30 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.is_empty(), "stderr: {stderr}");
    (status.code().unwrap(), serde_json::from_slice(&output.stdout).unwrap())
}

/// Asserts one diagnostic with `code` in `file`, at `line` if given.
fn assert_found(report: &Value, code: &str, file: &str, line: Option<u64>) {
    let found = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == code && d["file"] == file && line.is_none_or(|l| d["line"] == l));
    assert!(found, "no {code} in {file} at {line:?}: {report:#}");
}

fn write(root: &Path, path: &str, bytes: impl AsRef<[u8]>) {
    std::fs::write(root.join(path), bytes).unwrap();
}

#[test]
fn alias_bomb() {
    let (_dir, root) = scratch();
    let mut bomb = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for i in 0..9 {
        let prev = if i == 0 { "a".to_string() } else { format!("b{}", i - 1) };
        let refs = vec![format!("*{prev}"); 9].join(",");
        bomb.push_str(&format!("b{i}: &b{i} [{refs}]\n"));
    }
    write(&root, "alarms/bomb.yaml", bomb);
    let (code, report) = lint(&root);
    assert_eq!(code, 1);
    assert_found(&report, "OC004", "alarms/bomb.yaml", None);
}

#[test]
fn deep_nesting() {
    let (_dir, root) = scratch();
    write(&root, "alarms/deep.yaml", format!("alarms: {}{}\n", "[".repeat(20_000), "]".repeat(20_000)));
    write(&root, "roster/time-off.yaml", format!("{}\n", "- ".repeat(5_000) + "x"));
    let (code, report) = lint(&root);
    assert_eq!(code, 1);
    assert_found(&report, "OC004", "alarms/deep.yaml", Some(1));
    assert_found(&report, "OC004", "roster/time-off.yaml", Some(1));
}

#[test]
fn non_utf8_and_binary() {
    let (_dir, root) = scratch();
    write(&root, "alarms/latin1.yaml", b"alarms: []\n# caf\xe9\n");
    write(&root, "alarms/binary.yaml", [0u8, 159, 146, 150, 255, 0, 1, 2]);
    write(&root, "playbooks/utf16.md", b"\xff\xfe-\x00-\x00-\x00");
    let (code, report) = lint(&root);
    assert_eq!(code, 1);
    assert_found(&report, "OC002", "alarms/latin1.yaml", Some(2));
    assert_found(&report, "OC002", "alarms/binary.yaml", Some(1));
    assert_found(&report, "OC002", "playbooks/utf16.md", Some(1));
}

#[test]
fn odd_but_valid_yaml_gives_schema_errors() {
    let (_dir, root) = scratch();
    write(&root, "alarms/tags.yaml", "alarms:\n  - !Ref x\n");
    write(&root, "alarms/docs.yaml", "alarms: []\n---\nalarms: []\n");
    write(&root, "alarms/anchor.yaml", "alarms: *nowhere\n");
    write(&root, "alarms/control.yaml", "alarms: [\u{7}]\n");
    write(&root, "alarms/scalar.yaml", "just a string\n");
    write(&root, "alarms/complex-key.yaml", "? [a, b]\n: c\n");
    write(&root, "alarms/inf.yaml", "alarms:\n  - { id: a, threshold: .inf }\n");
    let (code, report) = lint(&root);
    assert_eq!(code, 1);
    assert_found(&report, "OC101", "alarms/tags.yaml", Some(2));
    assert_found(&report, "OC001", "alarms/docs.yaml", None);
    assert_found(&report, "OC001", "alarms/anchor.yaml", Some(1));
    assert_found(&report, "OC001", "alarms/control.yaml", Some(1));
    assert_found(&report, "OC101", "alarms/scalar.yaml", Some(1));
    assert_found(&report, "OC001", "alarms/complex-key.yaml", None);
    assert_found(&report, "OC101", "alarms/inf.yaml", Some(2));
}

#[cfg(unix)]
#[test]
fn symlink_leaving_the_repository() {
    let (dir, root) = scratch();
    let outside = dir.path().join("secret.yaml");
    std::fs::write(&outside, "alarms: []\n").unwrap();
    std::os::unix::fs::symlink(&outside, root.join("alarms/link.yaml")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("missing.yaml"), root.join("alarms/dangling.yaml")).unwrap();
    let (code, report) = lint(&root);
    assert_eq!(code, 1);
    assert_found(&report, "OC009", "alarms/link.yaml", Some(1));
    assert_found(&report, "OC009", "alarms/dangling.yaml", Some(1));
}

/// Every prefix of a real alarm file and a real playbook (truncated writes, editors
/// mid-save) is linted without a panic, and every failure is a diagnostic.
#[test]
fn every_truncation_of_real_files() {
    let (_dir, root) = scratch();
    for path in ["alarms/api.yaml", "playbooks/api-5xx.md", "roster/policy.yaml"] {
        let full = std::fs::read_to_string(root.join(path)).unwrap();
        let cuts: Vec<usize> = full.char_indices().map(|(i, _)| i).step_by(7).collect();
        for cut in cuts {
            write(&root, path, &full[..cut]);
            let (code, report) = lint(&root);
            assert!(code == 0 || code == 1, "exit {code} for {path} cut at {cut}");
            if code == 1 {
                assert!(!report["diagnostics"].as_array().unwrap().is_empty());
            }
        }
        write(&root, path, &full);
    }
}

#[test]
fn a_huge_file_is_refused_without_reading_it() {
    let (_dir, root) = scratch();
    let file = std::fs::File::create(root.join("alarms/huge.yaml")).unwrap();
    file.set_len(100 * 1024 * 1024).unwrap();
    let (code, report) = lint(&root);
    assert_eq!(code, 1);
    assert_found(&report, "OC009", "alarms/huge.yaml", Some(1));
    let message =
        report["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "OC009").unwrap()["message"].clone();
    assert!(message.as_str().unwrap().contains("limited to 33554432 bytes"), "{message}");
}

#[test]
fn paths_in_ids_never_leave_the_repository() {
    let (_dir, root) = scratch();
    let api = std::fs::read_to_string(root.join("alarms/api.yaml")).unwrap();
    write(&root, "alarms/api.yaml", api.replacen("playbook: api-5xx", "playbook: ../../etc/passwd", 1));
    let playbook = std::fs::read_to_string(root.join("playbooks/api-5xx.md")).unwrap();
    write(&root, "playbooks/api-5xx.md", playbook.replacen("id: api-5xx", "id: ../secrets", 1));
    let (code, report) = lint(&root);
    assert_eq!(code, 1);
    assert_found(&report, "OC201", "alarms/api.yaml", Some(17));
    assert_found(&report, "OC101", "playbooks/api-5xx.md", Some(2));
}

/// A write that fails part-way (here a directory that cannot be created) leaves every
/// previous artifact as it was: files are staged first and renamed only when all are.
#[test]
fn a_failed_write_leaves_the_previous_artifacts_intact() {
    let (_dir, root) = scratch();
    let out = root.join("generated");
    let status = common::oncall(&root, &["generate"], &[]);
    assert!(status.status.success());
    let before = std::fs::read(out.join("schedule.json")).unwrap();
    let markdown = std::fs::read(out.join("SCHEDULE.md")).unwrap();
    // Change the roster so every artifact would change, and block the calendars directory.
    let off = "- { person: bob, from: 2026-12-06, until: 2026-12-20 }\n";
    write(&root, "roster/time-off.yaml", std::fs::read_to_string(root.join("roster/time-off.yaml")).unwrap() + off);
    std::fs::remove_dir_all(out.join("calendars")).unwrap();
    std::fs::write(out.join("calendars"), "not a directory").unwrap();
    let output = common::oncall(&root, &["generate"], &[]);
    assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot write"));
    assert_eq!(std::fs::read(out.join("schedule.json")).unwrap(), before);
    assert_eq!(std::fs::read(out.join("SCHEDULE.md")).unwrap(), markdown);
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".oncall-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

/// A repository that loses one file between the listing of its directory and the reading
/// of the file, as when a checkout or an editor replaces files while lint runs.
struct Vanishing {
    disk: oncall_as_code::load::Disk,
    root: PathBuf,
    path: &'static str,
}

impl oncall_as_code::load::Source for Vanishing {
    fn entries(&self, dir: &str) -> Result<Option<Vec<(String, bool)>>, oncall_as_code::load::LoadError> {
        self.disk.entries(dir)
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        if path == self.path {
            std::fs::remove_file(self.root.join(path)).unwrap();
        }
        self.disk.read(path)
    }
}

#[test]
fn a_file_that_vanishes_mid_run() {
    let (_dir, root) = scratch();
    let source = Vanishing {
        disk: oncall_as_code::load::Disk::new(&root).unwrap(),
        root: root.clone(),
        path: "alarms/api.yaml",
    };
    let options = oncall_as_code::LintOptions {
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
        deny_warnings: false,
    };
    let report = oncall_as_code::lint_source(&source, &options).unwrap();
    let found: Vec<(String, String, String)> = report
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str().to_string(), report.sources.get(d.primary.file).path.clone(), d.message.clone()))
        .collect();
    // The alarms are not there to check, so nothing else is reported about them (their
    // playbooks are not unused, no alarm is missing a playbook).
    assert_eq!(
        found,
        [(
            "OC009".to_string(),
            "alarms/api.yaml".to_string(),
            "cannot read `alarms/api.yaml`: it was removed while the repository was being read; run again".to_string()
        )]
    );
    assert!(report.has_errors(), "generate refuses to write from a repository read this way");
}

#[test]
fn a_dangling_symlink_is_named_as_such() {
    let (_dir, root) = scratch();
    std::os::unix::fs::symlink(root.join("alarms/missing.yaml"), root.join("alarms/gone.yaml")).unwrap();
    let (code, report) = lint(&root);
    assert_eq!(code, 1);
    let d = report["diagnostics"].as_array().unwrap().iter().find(|d| d["file"] == "alarms/gone.yaml").unwrap();
    assert_eq!(d["code"], "OC009");
    assert_eq!(d["message"], "cannot read `alarms/gone.yaml`: it is a link to a file that does not exist");
}

/// File contents by relative path.
type Files = std::collections::BTreeMap<String, Vec<u8>>;

/// The contents of every file under `dir`, by relative path; temporary files apart.
fn snapshot(dir: &Path) -> Files {
    let ours = |path: &PathBuf| path.file_name().is_some_and(|n| n.to_string_lossy().starts_with(".oncall-"));
    common::walk(dir)
        .into_iter()
        .filter(|p| !ours(p))
        .map(|p| (p.strip_prefix(dir).unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect()
}

fn temporaries(dir: &Path) -> Vec<PathBuf> {
    common::walk(dir)
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(".oncall-")))
        .collect()
}

fn generate(root: &Path) -> Command {
    let mut command = common::oncall_command(root);
    command.args(["generate", "--today", "2026-11-25"]).stdout(Stdio::null()).stderr(Stdio::piped());
    command
}

/// A repository large enough that `generate` takes a while (4,000 alarms, 9 templates), its
/// artifacts generated, and the same repository changed so that every artifact changes.
/// Also returns how long that changing run took, to spread the kills over a run.
fn before_and_after() -> (tempfile::TempDir, PathBuf, Files, Files, Duration) {
    let (dir, root) = scratch();
    let alarms = |threshold: u32| {
        let mut text = String::from("alarms:\n");
        for i in 0..4000 {
            text += &format!(
                "  - id: extra-{i}\n    description: Extra alarm\n    metric: {{ namespace: AWS/ApplicationELB, name: RequestCount, statistic: Sum }}\n    period: 60\n    evaluation_periods: 1\n    threshold: {threshold}\n    comparison: '>'\n    severity: warning\n    channel: alerts\n    playbook: api-5xx\n"
            );
        }
        text
    };
    write(&root, "alarms/extra.yaml", alarms(5));
    assert!(generate(&root).status().unwrap().success());
    let before = snapshot(&root.join("generated"));
    let changed = dir.path().join("changed");
    copy_dir(&root, &changed);
    write(&changed, "alarms/extra.yaml", alarms(6));
    let off = "- { person: bob, from: 2026-12-06, until: 2026-12-20 }\n";
    write(&changed, "roster/time-off.yaml", std::fs::read_to_string(root.join("roster/time-off.yaml")).unwrap() + off);
    let started = Instant::now();
    assert!(generate(&changed).status().unwrap().success());
    let took = started.elapsed();
    let after = snapshot(&changed.join("generated"));
    let differ = before.iter().filter(|(path, bytes)| after.get(*path) != Some(*bytes)).count();
    assert!(differ >= 10, "only {differ} files change");
    copy_dir(&changed.join("roster"), &root.join("roster"));
    copy_dir(&changed.join("alarms"), &root.join("alarms"));
    (dir, root, before, after, took)
}

fn reset(root: &Path, files: &Files) {
    let out = root.join("generated");
    std::fs::remove_dir_all(&out).unwrap();
    for (path, bytes) in files {
        std::fs::create_dir_all(out.join(path).parent().unwrap()).unwrap();
        std::fs::write(out.join(path), bytes).unwrap();
    }
}

/// `generate` killed at any moment (SIGKILL: nothing runs after it) leaves every artifact
/// whole, the previous version or the new one; the next run finishes the job and removes
/// the temporary files the killed one left.
#[test]
fn a_killed_generate_leaves_whole_files() {
    let (_dir, root, before, after, took) = before_and_after();
    for tenth in 0..=12 {
        let delay = took * tenth / 10;
        reset(&root, &before);
        let mut child = generate(&root).spawn().unwrap();
        std::thread::sleep(delay);
        child.kill().unwrap();
        child.wait().unwrap();
        for (path, bytes) in snapshot(&root.join("generated")) {
            assert!(
                before.get(&path) == Some(&bytes) || after.get(&path) == Some(&bytes),
                "{path} is neither old nor new after a kill at {delay:?}"
            );
        }
        let output = generate(&root).output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        assert!(snapshot(&root.join("generated")) == after, "the run after a kill at {delay:?} did not finish the job");
        assert_eq!(temporaries(&root.join("generated")), Vec::<PathBuf>::new());
    }
}

/// Interrupted by SIGTERM or Ctrl-C (SIGINT), `generate` leaves all the previous artifacts
/// or all the new ones, and no temporary file: the signals wait while files are written.
#[test]
fn an_interrupted_generate_changes_all_or_nothing() {
    let (_dir, root, before, after, took) = before_and_after();
    let mut outcomes = std::collections::BTreeSet::new();
    for n in 0..=12 {
        let delay = took * n / 10;
        reset(&root, &before);
        let child = generate(&root).spawn().unwrap();
        std::thread::sleep(delay);
        let signal = if n % 2 == 0 { libc::SIGTERM } else { libc::SIGINT };
        // SAFETY: signals a child this test started and has not yet reaped.
        unsafe { libc::kill(child.id() as libc::pid_t, signal) };
        let output = child.wait_with_output().unwrap();
        let now = snapshot(&root.join("generated"));
        let outcome = if now == before {
            "previous"
        } else if now == after {
            "new"
        } else {
            panic!(
                "a mix of previous and new artifacts after a signal at {delay:?}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        };
        assert_eq!(
            temporaries(&root.join("generated")),
            Vec::<PathBuf>::new(),
            "temporary files left by a signal at {delay:?}"
        );
        outcomes.insert(outcome);
    }
    assert!(outcomes.contains("previous"), "no signal arrived before the end: {outcomes:?}");
}

/// A `generated/` the user cannot write to: a clear error naming the file, exit 2, nothing
/// changed and nothing left behind. Run as `nobody` when the tests run as root, for whom
/// permissions do not apply.
#[test]
fn a_read_only_generated_directory() {
    let (dir, root) = scratch();
    let out = root.join("generated");
    assert!(generate(&root).status().unwrap().success());
    let before = snapshot(&out);
    let off = "- { person: bob, from: 2026-12-06, until: 2026-12-20 }\n";
    write(&root, "roster/time-off.yaml", std::fs::read_to_string(root.join("roster/time-off.yaml")).unwrap() + off);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    for sub in ["", "calendars", "cloudformation"] {
        std::fs::set_permissions(out.join(sub), std::fs::Permissions::from_mode(0o555)).unwrap();
    }
    // SAFETY: geteuid has no preconditions.
    let root_user = unsafe { libc::geteuid() } == 0;
    let mut command = if root_user {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]).arg(env!("CARGO_BIN_EXE_oncall"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_oncall"))
    };
    let output = command.arg("--root").arg(&root).args(["generate", "--today", "2026-11-25"]).output().unwrap();
    for sub in ["", "calendars", "cloudformation"] {
        std::fs::set_permissions(out.join(sub), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!(
            "error: cannot write {0}/schedule.json: Permission denied (os error 13); nothing in {0} was changed\n",
            out.display()
        )
    );
    assert!(snapshot(&out) == before);
    assert_eq!(temporaries(&out), Vec::<PathBuf>::new());
}

/// A named pipe where a configuration file is expected is refused at once: reading it would
/// wait forever for a writer.
#[test]
fn a_named_pipe_is_refused_without_waiting() {
    let (_dir, root) = scratch();
    let pipe = std::ffi::CString::new(root.join("alarms/pipe.yaml").to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
    assert_eq!(unsafe { libc::mkfifo(pipe.as_ptr(), 0o644) }, 0);
    let (code, report) = lint(&root);
    assert_eq!(code, 1);
    let d = report["diagnostics"].as_array().unwrap().iter().find(|d| d["file"] == "alarms/pipe.yaml").unwrap();
    assert_eq!(d["code"], "OC009");
    assert_eq!(
        d["message"],
        "cannot read `alarms/pipe.yaml`: it is not a regular file (a named pipe, socket or device); remove it"
    );
}

/// A schedule window of millennia would take generate minutes and gigabytes: lint refuses
/// it, naming the limit and the last `until` it allows.
#[test]
fn a_schedule_window_of_millennia_is_refused() {
    let (_dir, root) = scratch();
    let policy = std::fs::read_to_string(root.join("roster/policy.yaml")).unwrap();
    write(&root, "roster/policy.yaml", policy.replace("until: 2027-01-31", "until: 9999-12-31"));
    let (code, report) = lint(&root);
    assert_eq!(code, 1);
    let found: Vec<&Value> = report["diagnostics"].as_array().unwrap().iter().collect();
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["code"], "OC413");
    assert_eq!(found[0]["file"], "roster/policy.yaml");
    assert_eq!((found[0]["line"].as_u64(), found[0]["column"].as_u64()), (Some(4), Some(38)));
    assert_eq!(
        found[0]["message"],
        "the schedule window is 2912109 days long; at most 1827 (five years) can be planned"
    );
    assert_eq!(
        found[0]["help"],
        "plan months ahead and extend the window as time passes: `until` on or before 2031-12-01"
    );
    let started = Instant::now();
    let output = generate(&root).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(!root.join("generated").exists());
}

/// Old Mac (`\r`) and Windows (`\r\n`) line endings: the positions are those of the lines
/// an editor shows, as for `\n`.
#[test]
fn carriage_return_line_endings_keep_positions() {
    for ending in ["\r", "\r\n"] {
        let (_dir, root) = scratch();
        let alarms = std::fs::read_to_string(root.join("alarms/api.yaml"))
            .unwrap()
            .replace("period: 60", "period: 61")
            .replace('\n', ending);
        write(&root, "alarms/api.yaml", alarms);
        let playbook = std::fs::read_to_string(root.join("playbooks/api-5xx.md")).unwrap().replace('\n', ending);
        write(&root, "playbooks/api-5xx.md", playbook);
        let (code, report) = lint(&root);
        assert_eq!(code, 1);
        let found: Vec<(String, String, u64, u64)> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_string(),
                    d["file"].as_str().unwrap().to_string(),
                    d["line"].as_u64().unwrap(),
                    d["column"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(found, [("OC301".to_string(), "alarms/api.yaml".to_string(), 9, 13)], "{ending:?}");
    }
}

/// A number where a string belongs: the help quotes the value as written, not as YAML read
/// it (`0x1F`, not `31`), so following it keeps the value.
#[test]
fn quoting_help_keeps_the_value_as_written() {
    let (_dir, root) = scratch();
    let alarms = std::fs::read_to_string(root.join("alarms/api.yaml"))
        .unwrap()
        .replace("    description: API returns 5xx to customers", "    description: 0x1F")
        .replace("dimensions: { LoadBalancer: app/prod-api/50dc6c495c0c9188 }", "dimensions: { LoadBalancer: 1.50 }");
    write(&root, "alarms/api.yaml", alarms);
    let (code, report) = lint(&root);
    assert_eq!(code, 1);
    let helps: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "OC101")
        .map(|d| d["help"].as_str().unwrap())
        .collect();
    assert_eq!(helps, ["quote the value: \"0x1F\"", "quote the value: \"1.50\""]);
}

/// YAML whose parsed keys are not the text's: a finding under an alias (the duplicate id of
/// a person written `*alice`, a wrong statistic in a shared `metric: *m`) or under a quoted key
/// holding a tab is shown at the nearest indexed node, never a panic (debug builds assert that
/// a check's pointer names a node, unless the file's index is marked incomplete).
#[test]
fn findings_under_aliases_and_tabbed_keys() {
    type Edit<'a> = &'a dyn Fn(String) -> String;
    let cases: [(&str, Edit, &str); 3] = [
        (
            "roster/team.yaml",
            &|t: String| t.replacen("  - id: alice", "  - &alice\n    id: alice", 1) + "  - *alice\n",
            "OC206",
        ),
        (
            "alarms/api.yaml",
            &|t: String| {
                let t =
                    t.replacen("    metric:\n", "    metric: &m\n", 1).replacen("statistic: Sum", "statistic: Summ", 1);
                t + "  - id: api-5xx-copy\n    description: Copy\n    metric: *m\n    period: 60\n    evaluation_periods: 5\n    threshold: 50\n    comparison: \">\"\n    severity: critical\n    channel: alerts\n    playbook: api-5xx\n"
            },
            "OC305",
        ),
        (
            "roster/policy.yaml",
            &|t: String| t.replacen("channels:\n", "channels:\n  \"tab\there\": { id: bad }\n", 1),
            "OC404",
        ),
    ];
    for (path, edit, code) in cases {
        let (_dir, root) = scratch();
        let text = std::fs::read_to_string(root.join(path)).unwrap();
        write(&root, path, edit(text));
        let (status, report) = lint(&root);
        assert_eq!(status, 1, "{path}: {report}");
        let codes: Vec<&str> =
            report["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["code"].as_str()).collect();
        assert!(codes.contains(&code), "{path}: expected {code} in {codes:?}");
    }
}
