//! The GitHub Action (`action.yml` and its scripts in `action/`), run here as the runner runs
//! them: the version it installs, installing once (never building when the binary is there),
//! and the command's annotations, exit code and outputs.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs an action script with the runner's variables pointing into `temp`.
fn script(name: &str, temp: &Path, env: &[(&str, &str)]) -> (Output, String) {
    let output_file = temp.join("github-output");
    std::fs::write(&output_file, "").unwrap();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_oncall")).parent().unwrap().to_path_buf();
    let mut command = Command::new("bash");
    command
        .arg(Path::new("action").join(name))
        .env_clear()
        .env("PATH", format!("{}:/usr/bin:/bin", bin_dir.display()))
        .env("GITHUB_ACTION_PATH", std::env::current_dir().unwrap())
        .env("GITHUB_OUTPUT", &output_file)
        .env("GITHUB_PATH", temp.join("github-path"))
        .env("RUNNER_TEMP", temp)
        .envs(env.iter().copied());
    let output = command.output().unwrap();
    (output, std::fs::read_to_string(&output_file).unwrap())
}

#[test]
fn the_version_is_the_input_or_the_actions_own() {
    let temp = tempfile::tempdir().unwrap();
    let (output, outputs) = script("version.sh", temp.path(), &[("INPUT_VERSION", "")]);
    assert!(output.status.success(), "{}", common::text(&output));
    assert_eq!(outputs, format!("version={}\n", env!("CARGO_PKG_VERSION")));
    let (_, outputs) = script("version.sh", temp.path(), &[("INPUT_VERSION", "v0.2.0")]);
    assert_eq!(outputs, "version=0.2.0\n");
    let (output, outputs) = script("version.sh", temp.path(), &[("INPUT_VERSION", "latest")]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(outputs, "");
    assert!(common::text(&output).contains("::error title=oncall-as-code::version 'latest' is not a version"));
}

#[test]
fn an_installed_binary_is_used_as_it_is() {
    let temp = tempfile::tempdir().unwrap();
    let home = temp.path().join("tool");
    std::fs::create_dir_all(home.join("bin")).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_oncall"), home.join("bin/oncall")).unwrap();
    let home_text = home.to_str().unwrap();
    let version = env!("CARGO_PKG_VERSION");
    // No cargo on PATH: a build would fail, so this passes only without one.
    let (output, _) = script("install.sh", temp.path(), &[("ONCALL_HOME", home_text), ("ONCALL_VERSION", version)]);
    assert!(output.status.success(), "{}", common::text(&output));
    assert_eq!(common::text(&output).trim(), format!("oncall {version} is installed ({home_text}/bin)"));
    let path = std::fs::read_to_string(temp.path().join("github-path")).unwrap();
    assert_eq!(path, format!("{home_text}/bin\n"));
    // Another version is built, which needs cargo.
    let (output, _) = script("install.sh", temp.path(), &[("ONCALL_HOME", home_text), ("ONCALL_VERSION", "9.9.9")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(common::text(&output).contains("::error title=oncall-as-code::cargo is needed to install oncall"));
}

fn fixture(case: &str) -> PathBuf {
    Path::new("tests/cmd").join(format!("{case}.in"))
}

#[test]
fn lint_reports_annotations_and_fails_with_the_commands_code() {
    let temp = tempfile::tempdir().unwrap();
    let root = fixture("lint-schema-github");
    let env = [("INPUT_COMMAND", "lint"), ("INPUT_ARGS", "--today 2026-11-25"), ("INPUT_ROOT", root.to_str().unwrap())];
    let (output, outputs) = script("run.sh", temp.path(), &env);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout, std::fs::read_to_string("tests/cmd/lint-schema-github.stdout").unwrap());
    let file = outputs.lines().find_map(|l| l.strip_prefix("output-file=")).unwrap();
    assert_eq!(std::fs::read_to_string(file).unwrap(), stdout);
    assert!(outputs.starts_with("exit-code=1\n"), "{outputs}");
}

#[test]
fn other_commands_get_their_arguments_as_given() {
    let temp = tempfile::tempdir().unwrap();
    let root = common::example();
    let env =
        [("INPUT_COMMAND", "check"), ("INPUT_ARGS", "--today 2026-12-01"), ("INPUT_ROOT", root.to_str().unwrap())];
    let (output, outputs) = script("run.sh", temp.path(), &env);
    assert!(output.status.success(), "{}", common::text(&output));
    assert!(
        String::from_utf8_lossy(&output.stdout).starts_with("check: tests/fixtures/example/generated is up to date")
    );
    assert!(outputs.starts_with("exit-code=0\n"), "{outputs}");
}

#[test]
fn an_unknown_command_is_refused() {
    let temp = tempfile::tempdir().unwrap();
    let (output, outputs) = script("run.sh", temp.path(), &[("INPUT_COMMAND", "rm -rf")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(common::text(&output).contains("::error title=oncall-as-code::command 'rm -rf' is not one of lint"));
    assert_eq!(outputs, "exit-code=2\n");
}
