//! An account's alarms, round trip through real AWS API shapes: created through the API in
//! AWS emulators on 127.0.0.1 (moto for metric alarms, ministack for composite alarms; see
//! tests/aws/emulator.py for why two), exported with `aws cloudwatch describe-alarms` (two
//! pages and a third from the other emulator), imported, linted, generated, deployed to fresh
//! emulators, and compared field by field with the originals; then one alarm is changed with
//! PutMetricAlarm and `drift` must name exactly that field.
//!
//! Needs `ONCALL_EMULATOR_PYTHON` (a Python with moto[server], ministack and boto3) and
//! `ONCALL_AWS_CLI` (the aws command); `.ci/run` installs both, pinned, and sets them. Without
//! them the test says so and passes, so `cargo test` runs on a machine with only Rust.

mod common;

use oncall_as_code::cloudwatch::normal;
use serde_json::{Map, Value};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const HELPER: &str = "tests/aws/emulator.py";
const REGION: &str = "eu-central-1";

struct Tools {
    python: PathBuf,
    aws: PathBuf,
}

fn tools() -> Option<Tools> {
    match (std::env::var_os("ONCALL_EMULATOR_PYTHON"), std::env::var_os("ONCALL_AWS_CLI")) {
        (Some(python), Some(aws)) => Some(Tools { python: python.into(), aws: aws.into() }),
        _ => {
            eprintln!("skipped: set ONCALL_EMULATOR_PYTHON and ONCALL_AWS_CLI (.ci/run does)");
            None
        }
    }
}

/// An emulator process on a free port of 127.0.0.1, killed when dropped.
struct Emulator {
    child: Child,
    url: String,
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn start(mut command: Command, port: u16) -> Emulator {
    let child = command.stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let emulator = Emulator { child, url: format!("http://127.0.0.1:{port}") };
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the emulator on port {port} did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    emulator
}

fn moto(tools: &Tools) -> Emulator {
    let port = free_port();
    let mut command = Command::new(&tools.python);
    command.args(["-m", "moto.server", "-H", "127.0.0.1", "-p", &port.to_string()]);
    start(command, port)
}

fn ministack(tools: &Tools) -> Emulator {
    let port = free_port();
    let mut command = Command::new(&tools.python);
    command
        .args(["-m", "ministack"])
        .env("GATEWAY_PORT", port.to_string())
        .env("BIND_HOST", "127.0.0.1")
        .env("MINISTACK_ACCOUNT_ID", "123456789012");
    start(command, port)
}

fn run(command: &mut Command) -> String {
    let output = command.output().unwrap();
    assert!(output.status.success(), "{command:?}: {}", common::text(&output));
    String::from_utf8(output.stdout).unwrap()
}

fn helper(tools: &Tools, args: &[&str]) -> String {
    run(Command::new(&tools.python).arg(HELPER).args(args))
}

/// `aws cloudwatch describe-alarms` against `url`, with extra arguments.
fn describe(tools: &Tools, url: &str, args: &[&str]) -> String {
    run(Command::new(&tools.aws)
        .args(["--endpoint-url", url, "--region", REGION, "--output", "json", "cloudwatch", "describe-alarms"])
        .args(args)
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env_remove("AWS_PROFILE"))
}

/// Every alarm of describe-alarms pages, by name.
fn alarms(pages: &[&str]) -> std::collections::BTreeMap<String, Map<String, Value>> {
    let mut out = std::collections::BTreeMap::new();
    for page in pages {
        let page: Value = serde_json::from_str(page).unwrap();
        for key in ["MetricAlarms", "CompositeAlarms"] {
            for alarm in page[key].as_array().into_iter().flatten() {
                out.insert(alarm["AlarmName"].as_str().unwrap().to_string(), alarm.as_object().unwrap().clone());
            }
        }
    }
    out
}

/// The account: metric alarms from moto in two pages (`--max-items 3`, then the rest from
/// the token), composite alarms from ministack.
fn export(tools: &Tools, moto: &Emulator, ministack: &Emulator) -> Vec<String> {
    let first = describe(tools, &moto.url, &["--max-items", "3"]);
    let token = serde_json::from_str::<Value>(&first).unwrap()["NextToken"].as_str().unwrap().to_string();
    let second = describe(tools, &moto.url, &["--starting-token", &token]);
    let third = describe(tools, &ministack.url, &["--alarm-types", "CompositeAlarm"]);
    vec![first, second, third]
}

fn write_pages(dir: &Path, pages: &[String]) -> Vec<String> {
    pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let path = dir.join(format!("page-{}.json", i + 1));
            std::fs::write(&path, page).unwrap();
            path.display().to_string()
        })
        .collect()
}

/// Writes each stub's TODO sections as a team would.
fn write_playbooks(root: &Path) {
    for entry in std::fs::read_dir(root.join("playbooks")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let written: String = text
            .lines()
            .map(|line| if line.starts_with("TODO") { "Written by the team.".to_string() } else { line.to_string() })
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(&path, written + "\n").unwrap();
    }
}

#[test]
fn an_accounts_alarms_round_trip_through_import_generate_and_deploy() {
    let Some(tools) = tools() else { return };
    let scratch = tempfile::tempdir().unwrap();
    let root = scratch.path().join("repo");
    common::copy_dir(Path::new("tests/fixtures/cloudwatch/account"), &root);

    // The account as it stands.
    let (moto_a, ministack_a) = (moto(&tools), ministack(&tools));
    helper(&tools, &["seed", &moto_a.url, &ministack_a.url]);
    let pages = export(&tools, &moto_a, &ministack_a);
    let files = write_pages(scratch.path(), &pages);
    let originals = alarms(&pages.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(originals.len(), 6, "{:?}", originals.keys());

    // Import: every alarm, its name kept, a stub each.
    let mut args = vec!["import", "cloudwatch"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["--today", "2026-12-01"]);
    let output = common::oncall(&root, &args, &[]);
    assert!(output.status.success(), "{}", common::text(&output));
    let summary = String::from_utf8_lossy(&output.stdout);
    for line in [
        "imported `Prod-API-5XX` as prod-api-5xx (alarms/aws-applicationelb.yaml)",
        "imported `Checkout error rate` as checkout-error-rate (alarms/aws-applicationelb.yaml)",
        "imported `sync.lambda.duration.p99` as sync-lambda-duration-p99 (alarms/aws-lambda.yaml)",
        "imported `orders.per-minute.anomaly` as orders-per-minute-anomaly (alarms/custom-shop.yaml)",
        "imported `DB free storage` as db-free-storage (alarms/aws-rds.yaml)",
        "imported `API degraded` as api-degraded (alarms/composite.yaml)",
        "note: `API degraded` names `Legacy-Maintenance-Window`, which is not in the input: declared external",
        "import: 6 alarms imported, 0 left out; next: write the playbooks (OC505), `oncall lint`, `oncall generate`, then the resource import (README, \"Adopting an account's alarms\")",
    ] {
        assert!(summary.lines().any(|l| l == line), "missing {line:?} in:\n{summary}");
    }
    // Lint: clean but for the stubs; clean with warnings denied once they are written.
    let lint = common::oncall(&root, &["lint", "--today", "2026-12-01"], &[]);
    assert!(lint.status.success(), "{}", common::text(&lint));
    assert_eq!(common::text(&lint).matches("warning[OC505]").count(), 6, "{}", common::text(&lint));
    write_playbooks(&root);
    let lint = common::oncall(&root, &["lint", "--deny-warnings", "--today", "2026-12-01"], &[]);
    assert!(lint.status.success(), "{}", common::text(&lint));
    let generate = common::oncall(&root, &["generate", "--today", "2026-12-01"], &[]);
    assert!(generate.status.success(), "{}", common::text(&generate));
    let cloudformation = root.join("generated/cloudformation");
    // Kept for cfn-lint in .ci/run.
    let keep = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cloudformation/account");
    let _ = std::fs::remove_dir_all(&keep);
    common::copy_dir(&cloudformation, &keep);

    // The resource import: the list names every alarm, and validates against the
    // CloudFormation API's CreateChangeSet shape.
    let list: Value =
        serde_json::from_str(&std::fs::read_to_string(cloudformation.join("import/alarms.json")).unwrap()).unwrap();
    let mut named: Vec<&str> =
        list.as_array().unwrap().iter().map(|r| r["ResourceIdentifier"]["AlarmName"].as_str().unwrap()).collect();
    named.sort();
    assert_eq!(named, originals.keys().map(String::as_str).collect::<Vec<_>>());
    helper(
        &tools,
        &[
            "validate-import",
            &moto_a.url,
            &ministack_a.url,
            &cloudformation.join("import/alarms.yaml").display().to_string(),
            &cloudformation.join("import/alarms.json").display().to_string(),
        ],
    );

    // Deploy to a fresh account and compare, field by field.
    let (moto_b, ministack_b) = (moto(&tools), ministack(&tools));
    let template = cloudformation.join("alarms.yaml").display().to_string();
    helper(
        &tools,
        &["deploy", &moto_b.url, &ministack_b.url, &template, "oncall-alarms", "external:Legacy-Maintenance-Window"],
    );
    let deployed_pages = export(&tools, &moto_b, &ministack_b);
    let deployed = alarms(&deployed_pages.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(deployed.keys().collect::<Vec<_>>(), originals.keys().collect::<Vec<_>>());
    for (name, original) in &originals {
        let (mut before, mut after) = (normal(original), normal(&deployed[name]));
        // The description gains the severity and the playbook link, nothing else changes.
        let (was, now) = (before.remove("AlarmDescription").unwrap(), after.remove("AlarmDescription").unwrap());
        let (was, now) = (was.as_str().unwrap(), now.as_str().unwrap());
        assert!(
            now.starts_with(&format!("{was}\nSeverity: ")) && now.contains("\nPlaybook: https://"),
            "{name}: {now:?}"
        );
        assert_eq!(after, before, "{name}");
    }

    // No drift, then a threshold edited in the console: drift names exactly that field.
    let files = write_pages(scratch.path(), &deployed_pages);
    let mut args = vec!["drift"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["--today", "2026-12-01"]);
    let clean = common::oncall(&root, &args, &[]);
    assert_eq!(clean.status.code(), Some(0), "{}", common::text(&clean));
    helper(&tools, &["set-threshold", &moto_b.url, &ministack_b.url, "Prod-API-5XX", "75"]);
    let files = write_pages(scratch.path(), &export(&tools, &moto_b, &ministack_b));
    let mut args = vec!["drift", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["--today", "2026-12-01"]);
    let drift = common::oncall(&root, &args, &[]);
    assert_eq!(drift.status.code(), Some(1), "{}", common::text(&drift));
    let report: Value = serde_json::from_slice(&drift.stdout).unwrap();
    assert_eq!(
        report,
        serde_json::json!({
            "drift": true,
            "changed": [{"alarm": "Prod-API-5XX", "id": "prod-api-5xx", "fields": [{"field": "Threshold", "expected": 50.0, "actual": 75.0}]}],
            "missing": [],
            "unmanaged": [],
        })
    );
}
