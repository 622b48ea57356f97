//! `oncall drift --post CHANNEL`: on drift, the summary goes to the channel through the Slack
//! Web API (a stub on 127.0.0.1 records the request); without drift nothing is posted; a
//! Slack error is reported and exits 2.

mod common;

use serde_json::json;
use std::path::Path;

const CASE: &str = "tests/cmd/drift-not-deployed.in";

fn drift(slack: &str, file: &str) -> std::process::Output {
    let env = [("SLACK_BOT_TOKEN", "xoxb-test-token"), ("SLACK_API_URL", slack)];
    common::oncall(Path::new(CASE), &["drift", file, "--post", "engineering", "--today", "2026-12-01"], &env)
}

#[test]
fn drift_is_posted_to_the_channel() {
    let slack = common::stub(vec![("POST", "/chat.postMessage", 200, json!({"ok": true, "ts": "1.2"}))]);
    let output = drift(&slack.url, &format!("{CASE}/account/alarms.json"));
    assert_eq!(output.status.code(), Some(1), "{}", common::text(&output));
    let requests = slack.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].path, "/chat.postMessage");
    assert_eq!(requests[0].authorization.as_deref(), Some("Bearer xoxb-test-token"));
    let text = requests[0].body["text"].as_str().unwrap();
    assert_eq!(requests[0].body["channel"], "C0ENG00001");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        ":warning: *Alarm drift:* 4 changed outside git, 0 missing from the account, 2 not managed here."
    );
    assert_eq!(
        lines[1],
        "• Prod-API-5XX: `AlarmDescription` is \"The API answers with 5xx\" (configured: \"The API answers with 5xx\\nSeverity: critical\\nPlaybook: https://bitbucket.org/acme/oncall/src/main/playbooks/prod-api-5xx.md\")"
    );
    assert_eq!(lines.last(), Some(&"• cross.account.errors: not managed here"));
    assert_eq!(lines.len(), 12);
}

#[test]
fn no_drift_posts_nothing_and_a_slack_error_is_reported() {
    let slack =
        common::stub(vec![("POST", "/chat.postMessage", 200, json!({"ok": false, "error": "channel_not_found"}))]);
    let empty = tempfile::NamedTempFile::new().unwrap();
    // An account holding none of the alarms: drift (missing), and Slack refuses.
    std::fs::write(empty.path(), r#"{"MetricAlarms": [], "CompositeAlarms": []}"#).unwrap();
    let output = drift(&slack.url, &empty.path().display().to_string());
    assert_eq!(output.status.code(), Some(2), "{}", common::text(&output));
    assert!(common::text(&output).contains("the drift was not posted: "), "{}", common::text(&output));
    assert!(common::text(&output).contains("channel_not_found"), "{}", common::text(&output));
    assert!(!common::text(&output).contains("xoxb-test-token"));
    // An account holding exactly the configuration: nothing to post.
    let slack = common::stub(vec![]);
    let root = tempfile::tempdir().unwrap();
    common::copy_dir(Path::new("tests/fixtures/cloudwatch/account"), root.path());
    let env = [("SLACK_BOT_TOKEN", "xoxb-test-token"), ("SLACK_API_URL", slack.url.as_str())];
    let output =
        common::oncall(root.path(), &["drift", &empty.path().display().to_string(), "--post", "engineering"], &env);
    assert_eq!(output.status.code(), Some(0), "{}", common::text(&output));
    assert!(slack.requests().is_empty());
}
