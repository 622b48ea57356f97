//! `oncall triage` and `oncall report alarms` against a Slack workspace stand-in on
//! 127.0.0.1 (tests/common/slack.rs). Each directory of tests/triage/ is a case:
//! `slack.json` (the workspace: channels' messages as conversations.history gives them,
//! thread replies, faults such as a 429 or `missing_scope`), `case.json` (`args`, the exit
//! `status`, extra `env`), and the golden files `stdout`, `stderr`, `requests` (every Web API
//! call the command made, in order) and `posts.json` (what it posted). `ONCALL_BLESS=1
//! cargo test --test triage` rewrites the golden files; adding a case is adding a directory.

mod common;

use serde_json::Value;
use std::path::Path;

const REPO: &str = "tests/fixtures/triage";

fn run_case(dir: &Path) {
    let case: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("case.json")).unwrap()).unwrap();
    let fixture: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("slack.json")).unwrap()).unwrap();
    let slack = common::slack::workspace(&fixture);
    let args: Vec<&str> = case["args"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    let mut env = vec![
        ("SLACK_BOT_TOKEN".to_string(), "xoxb-test-token".to_string()),
        ("SLACK_API_URL".to_string(), slack.url.clone()),
    ];
    for (k, v) in case["env"].as_object().into_iter().flatten() {
        env.push((k.clone(), v.as_str().unwrap().to_string()));
    }
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let output = common::oncall(Path::new(REPO), &args, &env);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).replace(&slack.url, "http://SLACK");
    assert!(!stdout.contains("xoxb-test-token") && !stderr.contains("xoxb-test-token"), "the token was printed");
    let requests: String = slack
        .requests()
        .iter()
        .map(|r| {
            let mut query: Vec<String> = r.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
            query.sort();
            assert_eq!(r.authorization.as_deref(), Some("Bearer xoxb-test-token"), "{}", r.api);
            format!("{} {} {}\n", r.method, r.api, query.join(" "))
        })
        .collect();
    let posts = serde_json::to_string_pretty(&slack.posts()).unwrap() + "\n";
    common::golden(&dir.join("stdout"), &stdout);
    common::golden(&dir.join("stderr"), &stderr);
    common::golden(&dir.join("requests"), &requests);
    common::golden(&dir.join("posts.json"), &posts);
    assert_eq!(
        output.status.code(),
        case["status"].as_i64().map(|s| s as i32),
        "{}: {}",
        dir.display(),
        common::text(&output)
    );
}

#[test]
fn every_case() {
    let mut dirs: Vec<_> =
        std::fs::read_dir("tests/triage").unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    assert!(!dirs.is_empty());
    for dir in dirs {
        run_case(&dir);
    }
}
