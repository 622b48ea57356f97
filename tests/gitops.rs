//! The GitOps loop end to end against real counterparts on this machine: git2 repositories
//! in temporary directories with a bare repository as the remote, and stub GitHub and Slack
//! APIs on 127.0.0.1 that record what they receive.

mod common;

use common::{oncall, text};

use common::{Route, commit_all, push, repositories, stub};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Output;

const TOKEN: &str = "ghp_test_token_never_printed";

fn github_env(url: &str) -> Vec<(&'static str, String)> {
    vec![
        ("GITHUB_TOKEN", TOKEN.to_string()),
        ("GITHUB_API_URL", url.to_string()),
        ("GITHUB_REPOSITORY", "acme/oncall".to_string()),
    ]
}

fn publish(work: &Path, env: &[(&'static str, String)]) -> Output {
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    oncall(work, &["publish"], &env)
}

fn generate(work: &Path) {
    common::generate(work, &work.join("generated"));
}

fn remote_branch(remote: &Path) -> Option<git2::Oid> {
    let repo = git2::Repository::open_bare(remote).unwrap();
    repo.find_reference("refs/heads/oncall/generated").ok().and_then(|r| r.target())
}

fn add_time_off(work: &Path, line: &str) {
    let path = work.join("roster/time-off.yaml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(line);
    std::fs::write(path, text).unwrap();
}

#[test]
fn publish_pushes_a_branch_and_opens_then_updates_one_pull_request() {
    let temp = tempfile::tempdir().unwrap();
    let (work, remote) = repositories(temp.path(), false);
    generate(&work);
    let api = stub(vec![
        ("GET", "/repos/acme/oncall/pulls", 200, json!([])),
        (
            "POST",
            "/repos/acme/oncall/pulls",
            201,
            json!({"number": 7, "html_url": "https://github.test/acme/oncall/pull/7"}),
        ),
    ]);
    let output = publish(&work, &github_env(&api.url));
    assert!(output.status.success(), "{}", text(&output));
    assert!(!text(&output).contains(TOKEN));
    assert!(text(&output).contains("opened pull request #7"));
    let requests = api.requests();
    assert_eq!(requests.len(), 2, "{requests:#?}");
    assert_eq!(requests[0].path, "/repos/acme/oncall/pulls?state=open&head=acme:oncall/generated&base=main");
    assert_eq!(
        (requests[1].method.as_str(), &requests[1].body["head"], &requests[1].body["base"]),
        ("POST", &json!("oncall/generated"), &json!("main"))
    );
    assert!(requests.iter().all(|r| r.authorization.as_deref() == Some(&format!("Bearer {TOKEN}")[..])));

    let bare = git2::Repository::open_bare(&remote).unwrap();
    let tip = bare.find_commit(remote_branch(&remote).unwrap()).unwrap();
    assert!(tip.message().unwrap().contains("Generated-by: oncall-as-code"));
    assert!(tip.tree().unwrap().get_path(Path::new("generated/schedule.json")).is_ok());
    let main = bare.find_reference("refs/heads/main").unwrap().target().unwrap();
    assert_eq!(tip.parent_id(0).unwrap(), main);

    // The roster changes on main; publish again: the same branch, the open PR updated.
    let repo = git2::Repository::open(&work).unwrap();
    add_time_off(&work, "- { person: greta, from: 2027-01-18, until: 2027-01-24, reason: week off }\n");
    commit_all(&repo, "greta takes a week off");
    push(&repo, "refs/heads/main");
    generate(&work);
    let api = stub(vec![
        (
            "GET",
            "/repos/acme/oncall/pulls",
            200,
            json!([{"number": 7, "html_url": "https://github.test/acme/oncall/pull/7"}]),
        ),
        ("PATCH", "/repos/acme/oncall/pulls/7", 200, json!({"number": 7})),
    ]);
    let output = publish(&work, &github_env(&api.url));
    assert!(output.status.success(), "{}", text(&output));
    assert!(text(&output).contains("updated pull request #7"));
    let methods: Vec<String> = api.requests().iter().map(|r| r.method.clone()).collect();
    assert_eq!(methods, ["GET", "PATCH"]);
    let tip = bare.find_commit(remote_branch(&remote).unwrap()).unwrap();
    assert_eq!(tip.parent_id(0).unwrap(), bare.find_reference("refs/heads/main").unwrap().target().unwrap());
    assert!(tip.message().unwrap().contains("shift(s) change hands"), "{}", tip.message().unwrap());
}

#[test]
fn nothing_to_publish_makes_no_branch_and_no_pull_request() {
    let temp = tempfile::tempdir().unwrap();
    let (work, remote) = repositories(temp.path(), true);
    let api = stub(vec![]);
    let output = publish(&work, &github_env(&api.url));
    assert!(output.status.success(), "{}", text(&output));
    assert!(text(&output).contains("nothing to publish"));
    assert_eq!(remote_branch(&remote), None);
    assert!(api.requests().is_empty());
}

#[test]
fn a_commit_the_tool_did_not_write_is_never_overwritten() {
    let temp = tempfile::tempdir().unwrap();
    let (work, remote) = repositories(temp.path(), false);
    generate(&work);
    let api = stub(vec![("GET", "/", 200, json!([])), ("POST", "/", 201, json!({"number": 1, "html_url": "u"}))]);
    assert!(publish(&work, &github_env(&api.url)).status.success());
    // Someone pushes their own commit onto the generated branch.
    let other = temp.path().join("other");
    let clone = git2::Repository::clone(remote.to_str().unwrap(), &other).unwrap();
    let tip = clone.find_reference("refs/remotes/origin/oncall/generated").unwrap().peel_to_commit().unwrap();
    clone.branch("oncall/generated", &tip, true).unwrap();
    clone.set_head("refs/heads/oncall/generated").unwrap();
    clone.checkout_head(Some(git2::build::CheckoutBuilder::new().force())).unwrap();
    std::fs::write(other.join("notes.txt"), "hand-written").unwrap();
    commit_all(&clone, "a hand-written fix");
    push(&clone, "refs/heads/oncall/generated");
    let before = remote_branch(&remote);
    // A new roster change to publish.
    let repo = git2::Repository::open(&work).unwrap();
    add_time_off(&work, "- { person: alice, from: 2027-02-01, until: 2027-02-05 }\n");
    commit_all(&repo, "alice off");
    push(&repo, "refs/heads/main");
    generate(&work);
    let output = publish(&work, &github_env(&api.url));
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(text(&output).contains("did not write"), "{}", text(&output));
    assert_eq!(remote_branch(&remote), before, "the branch moved");
}

#[test]
fn api_failures_are_clear_and_exit_1_without_the_token() {
    for (status, body, expected) in [
        (401, json!({"message": "Bad credentials"}), "HTTP 401: Bad credentials"),
        (500, json!({"message": "Server Error"}), "HTTP 500: Server Error"),
    ] {
        let temp = tempfile::tempdir().unwrap();
        let (work, _) = repositories(temp.path(), false);
        generate(&work);
        let routes: Vec<Route> = vec![("GET", "/", status, body)];
        let api = stub(routes);
        let output = publish(&work, &github_env(&api.url));
        assert_eq!(output.status.code(), Some(1), "{}", text(&output));
        assert!(text(&output).contains(expected), "{}", text(&output));
        assert!(!text(&output).contains(TOKEN));
    }
}

#[test]
fn dry_run_touches_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let (work, remote) = repositories(temp.path(), false);
    generate(&work);
    let output = oncall(&work, &["publish", "--dry-run"], &[]);
    assert!(output.status.success(), "{}", text(&output));
    let out = text(&output);
    assert!(
        out.contains("branch: oncall/generated")
            && out.contains("generated/schedule.json")
            && out.contains("Generated-by: oncall-as-code"),
        "{out}"
    );
    assert_eq!(remote_branch(&remote), None);
}

#[test]
fn diff_names_the_shifts_a_commit_moves() {
    let temp = tempfile::tempdir().unwrap();
    let (work, _) = repositories(temp.path(), true);
    let repo = git2::Repository::open(&work).unwrap();
    let schedule: Value =
        serde_json::from_str(&std::fs::read_to_string(work.join("generated/schedule.json")).unwrap()).unwrap();
    let greta: Vec<String> = schedule["shifts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| {
            s["person"] == "greta"
                && s["date"].as_str().unwrap() >= "2027-01-18"
                && s["date"].as_str().unwrap() <= "2027-01-24"
        })
        .map(|s| s["date"].as_str().unwrap().to_string())
        .collect();
    assert!(!greta.is_empty());
    add_time_off(&work, "- { person: greta, from: 2027-01-18, until: 2027-01-24, reason: week off }\n");
    std::fs::write(
        work.join("alarms/api.yaml"),
        std::fs::read_to_string(work.join("alarms/api.yaml")).unwrap().replacen("threshold: 50", "threshold: 40", 1),
    )
    .unwrap();
    commit_all(&repo, "greta off; lower the 5xx threshold");
    let output = oncall(&work, &["diff", "--base", "HEAD~1"], &[]);
    assert!(output.status.success(), "{}", text(&output));
    let markdown = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(markdown.contains("| Greta Hoffmann (`greta`) | - |"), "{markdown}");
    for date in &greta {
        assert!(markdown.contains(date.as_str()), "{date} missing from {markdown}");
    }
    assert!(markdown.contains("changed `api-5xx-rate`: threshold `50` -> `40`"), "{markdown}");
    let json: Value =
        serde_json::from_slice(&oncall(&work, &["diff", "--base", "HEAD~1", "--format", "json"], &[]).stdout).unwrap();
    let lost: Vec<&str> = json["shifts"].as_array().unwrap().iter().find(|p| p["person"] == "greta").unwrap()["lost"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["date"].as_str().unwrap())
        .collect();
    assert_eq!(lost, greta);
    let missing = oncall(&work, &["diff", "--base", "no-such-branch"], &[]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing).contains("`no-such-branch` is not a commit"));
}

fn dry_run(root: &Path, date: &str) -> Vec<Value> {
    let output = oncall(root, &["notify", "--date", date, "--dry-run"], &[]);
    assert!(output.status.success(), "{}", text(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn notify_for_a_monday_announces_sets_topics_and_reminds() {
    let schedule: Value =
        serde_json::from_str(&std::fs::read_to_string(common::example().join("generated/schedule.json")).unwrap())
            .unwrap();
    let who = |date: &str, rotation: &str| {
        schedule["shifts"].as_array().unwrap().iter().find(|s| s["date"] == date && s["rotation"] == rotation).unwrap()
            ["person"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let team = std::fs::read_to_string(common::example().join("roster/team.yaml")).unwrap();
    let slack = |id: &str| {
        let block = team.split("- id: ").find(|b| b.starts_with(&format!("{id}\n"))).unwrap();
        block.lines().find_map(|l| l.trim().strip_prefix("slack: ")).unwrap().trim().to_string()
    };
    let posts = dry_run(common::example(), "2026-12-07");
    let find = |kind: &str, channel: &str| {
        posts.iter().filter(|p| p["kind"] == kind && p["payload"]["channel"] == channel).collect::<Vec<_>>()
    };
    let ic = find("announcement", "C0ENG00001");
    assert_eq!(ic.len(), 2, "{posts:#?}");
    assert_eq!(ic[0]["at"], "07:00");
    let ic_text = ic[0]["payload"]["text"].as_str().unwrap();
    assert!(ic_text.contains(&format!("<@{}>", slack(&who("2026-12-07", "incident-commander")))), "{ic_text}");
    assert!(
        ic_text.contains(":eyes: looking at it") && ic_text.contains(":no_entry_sign:"),
        "the triage legend: {ic_text}"
    );
    assert_eq!(ic[1]["at"], "09:00");
    assert!(
        ic[1]["payload"]["text"].as_str().unwrap().contains(&format!("<@{}>", slack(&who("2026-12-07", "on-call"))))
    );
    for channel in ["C0BUG00001", "C0WAR00001"] {
        let topics = find("topic", channel);
        assert_eq!(topics.len(), 1, "{channel}");
        assert_eq!(topics[0]["method"], "conversations.setTopic");
        assert!(topics[0]["payload"]["topic"].as_str().unwrap().starts_with("On-call: "));
    }
    let reminded: Vec<&str> =
        posts.iter().filter(|p| p["kind"] == "reminder").map(|p| p["payload"]["channel"].as_str().unwrap()).collect();
    // The people on duty in three days, and whoever shadows them.
    let mut expected: Vec<String> = schedule["shifts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["date"] == "2026-12-10")
        .flat_map(|s| [s["person"].as_str(), s["shadow"].as_str()])
        .flatten()
        .map(slack)
        .collect();
    expected.sort();
    let mut reminded: Vec<String> = reminded.iter().map(|s| s.to_string()).collect();
    reminded.sort();
    assert_eq!(reminded, expected);
    // --due keeps only what is due in that hour.
    let output = oncall(common::example(), &["notify", "--date", "2026-12-07", "--dry-run", "--due", "09:00"], &[]);
    let due: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert!(!due.is_empty() && due.iter().all(|p| p["at"] == "09:00"));
}

#[test]
fn names_cannot_ping_the_channel() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    for dir in ["roster", "alarms", "playbooks"] {
        common::copy_dir(&common::example().join(dir), &root.join(dir));
    }
    let team = std::fs::read_to_string(root.join("roster/team.yaml"))
        .unwrap()
        .replace("name: Igor Dvořák", "name: \"<!channel> Igor\"");
    std::fs::write(root.join("roster/team.yaml"), team).unwrap();
    generate(root);
    // A day Igor is announced.
    let schedule: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("generated/schedule.json")).unwrap()).unwrap();
    let day = schedule["shifts"].as_array().unwrap().iter().find(|s| s["person"] == "igor").unwrap()["date"]
        .as_str()
        .unwrap()
        .to_string();
    let posts = dry_run(root, &day);
    let all = serde_json::to_string(&posts).unwrap();
    assert!(!all.contains("<!channel>"), "{all}");
    assert!(all.contains("&lt;!channel&gt; Igor"), "{all}");
}

#[test]
fn notify_sends_through_the_slack_api_and_reports_failures() {
    let ok: Vec<Route> = vec![
        ("POST", "/chat.postMessage", 200, json!({"ok": true})),
        ("POST", "/conversations.setTopic", 200, json!({"ok": true})),
    ];
    let slack = stub(ok);
    let env = [("SLACK_BOT_TOKEN", "xoxb-test-token"), ("SLACK_API_URL", slack.url.as_str())];
    let output = oncall(common::example(), &["notify", "--date", "2026-12-07"], &env);
    assert!(output.status.success(), "{}", text(&output));
    let requests = slack.requests();
    assert_eq!(requests.len(), dry_run(common::example(), "2026-12-07").len());
    assert!(requests.iter().all(|r| r.authorization.as_deref() == Some("Bearer xoxb-test-token")));
    assert_eq!(requests.iter().filter(|r| r.path == "/conversations.setTopic").count(), 2);
    assert!(!text(&output).contains("xoxb-test-token"));

    for (routes, expected) in [
        (vec![("POST", "/", 200, json!({"ok": false, "error": "not_in_channel"}))], "not_in_channel"),
        (vec![("POST", "/", 401, json!({"ok": false, "error": "invalid_auth"}))], "HTTP 401"),
        (vec![("POST", "/", 500, json!({"message": "boom"}))], "HTTP 500"),
    ] {
        let slack = stub(routes);
        let env = [("SLACK_BOT_TOKEN", "xoxb-test-token"), ("SLACK_API_URL", slack.url.as_str())];
        let output = oncall(common::example(), &["notify", "--date", "2026-12-07"], &env);
        assert_eq!(output.status.code(), Some(1), "{}", text(&output));
        assert!(text(&output).contains(expected), "{}", text(&output));
        assert!(!text(&output).contains("xoxb-test-token"));
    }
}

fn edit(work: &Path, file: &str, from: &str, to: &str) {
    let path = work.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn diff_json(work: &Path, args: &[&str]) -> Value {
    let mut all = vec!["diff", "--format", "json"];
    all.extend_from_slice(args);
    let output = oncall(work, &all, &[]);
    assert!(output.status.success(), "{}", text(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn diff_reads_a_rolling_plan_moving_on_as_an_extension_not_as_shifts_lost() {
    let temp = tempfile::tempdir().unwrap();
    let (work, _) = repositories(temp.path(), false);
    let repo = git2::Repository::open(&work).unwrap();
    edit(&work, "roster/policy.yaml", "until: 2027-02-28", "horizon_months: 2");
    let generated = oncall(&work, &["generate", "--today", "2026-12-01"], &[]);
    assert!(generated.status.success(), "{}", text(&generated));
    commit_all(&repo, "a rolling plan");
    // A month later nothing changed but the day: the plan runs a month further.
    let json = diff_json(&work, &["--base", "HEAD", "--today", "2027-01-04"]);
    let march = 31 + 23; // on-call every day, incident-commander on working days
    assert_eq!(json["extended"], json!({"until": "2027-03-31", "shifts": march}), "{json:#}");
    assert_eq!(json["shifts"], json!([]), "no shift changes hands: {json:#}");
    assert!(json.get("history_dropped").is_none() && json.get("shortened").is_none(), "{json:#}");
    let output = oncall(&work, &["diff", "--base", "HEAD", "--today", "2027-01-04"], &[]);
    let markdown = String::from_utf8_lossy(&output.stdout);
    assert!(markdown.contains(&format!("**Plan extended to 2027-03-31**: {march} new shifts.")), "{markdown}");
    assert!(!markdown.contains("change hands"), "{markdown}");
}

#[test]
fn diff_shows_the_shifts_a_rebalance_moves_and_the_reasons_of_overrides() {
    let temp = tempfile::tempdir().unwrap();
    let (work, _) = repositories(temp.path(), false);
    let repo = git2::Repository::open(&work).unwrap();
    let team = std::fs::read_to_string(work.join("roster/team.yaml")).unwrap();
    let julia = team.find("id: julia").unwrap();
    let unprepared = format!("{}{}", &team[..julia], team[julia..].replacen(", test-env]", "]", 1));
    std::fs::write(work.join("roster/team.yaml"), &unprepared).unwrap();
    let generated = oncall(&work, &["generate", "--today", "2026-12-01"], &[]);
    assert!(generated.status.success(), "{}", text(&generated));
    commit_all(&repo, "julia has not set up the test environment yet");
    // She completes the checklist; a swap is agreed.
    std::fs::write(work.join("roster/team.yaml"), &team).unwrap();
    let mut overrides = std::fs::read_to_string(work.join("roster/overrides.yaml")).unwrap();
    overrides.push_str("- { date: 2027-02-10, rotation: on-call, person: igor, reason: \"swap with <@alice>\" }\n");
    std::fs::write(work.join("roster/overrides.yaml"), overrides).unwrap();
    commit_all(&repo, "julia is ready; igor takes 2027-02-10");
    let json = diff_json(&work, &["--base", "HEAD~1", "--today", "2026-12-01"]);
    let people = json["shifts"].as_array().unwrap();
    let gains = |id: &str| -> Vec<Value> {
        people.iter().find(|p| p["person"] == id).map_or(vec![], |p| p["gained"].as_array().unwrap().clone())
    };
    let theirs = gains("julia");
    assert!(theirs.len() >= 4, "{json:#}");
    assert!(theirs.iter().all(|s| s["date"].as_str().unwrap() >= "2026-12-15"), "within the frozen days: {json:#}");
    let swap = json!({"date": "2027-02-10", "rotation": "on-call", "reason": "swap with <@alice>"});
    assert!(gains("igor").contains(&swap), "{json:#}");
    // Besides her share and the swap, fewer shifts than she gained even out whom hers came
    // from, all after the frozen days.
    let moved: Vec<&Value> = people.iter().flat_map(|p| p["gained"].as_array().unwrap()).collect();
    assert!(moved.len() - theirs.len() - 1 < theirs.len(), "{json:#}");
    assert!(moved.iter().all(|s| s["date"].as_str().unwrap() >= "2026-12-15"), "{json:#}");
    let output = oncall(&work, &["diff", "--base", "HEAD~1", "--today", "2026-12-01"], &[]);
    let markdown = String::from_utf8_lossy(&output.stdout);
    assert!(markdown.contains("| Julia Mazur (`julia`) | "), "{markdown}");
    assert!(
        markdown.contains("Wed 2027-02-10 (on-call; override: swap with &lt;&#64;alice&gt;)"),
        "the reason, escaped: {markdown}"
    );
    // Whoever the swap takes the shift from reads the reason too.
    let losses = |id: &str| -> Vec<Value> {
        people.iter().find(|p| p["person"] == id).map_or(vec![], |p| p["lost"].as_array().unwrap().clone())
    };
    let loser = people
        .iter()
        .find(|p| p["lost"].as_array().unwrap().iter().any(|s| s["date"] == "2027-02-10" && s["rotation"] == "on-call"))
        .expect("someone loses the swapped shift");
    assert!(losses(loser["person"].as_str().unwrap()).contains(&swap), "{json:#}");
    // Ready, she no longer shadows: those days are among her changes, marked as shadowing.
    let shadowed: Vec<Value> = losses("julia").into_iter().filter(|s| s["shadowing"] == true).collect();
    assert!(!shadowed.is_empty(), "{json:#}");
    assert!(shadowed.iter().all(|s| s["rotation"] == "incident-commander"), "{json:#}");
    assert!(markdown.contains("(incident-commander, shadowing)"), "{markdown}");
}

#[test]
fn diff_counts_shifts_no_longer_planned_and_a_new_persons_shifts_ahead() {
    let temp = tempfile::tempdir().unwrap();
    let (work, _) = repositories(temp.path(), true);
    let repo = git2::Repository::open(&work).unwrap();
    // On-call stops covering weekends, and someone joins.
    edit(
        &work,
        "roster/policy.yaml",
        r#"windows: { weekday: "15:00-22:00", weekend: "09:00-22:00" }"#,
        r#"windows: { weekday: "15:00-22:00" }"#,
    );
    edit(
        &work,
        "roster/overrides.yaml",
        "- { date: 2026-12-05, rotation: on-call, person: bartek, reason: \"swap with igor (moving flat)\" }\n",
        "",
    );
    let team = std::fs::read_to_string(work.join("roster/team.yaml")).unwrap();
    let igor = team.find("  - id: igor").unwrap();
    let julia = team.find("  # New joiner").unwrap();
    let kasia = team[igor..julia]
        .replace("id: igor", "id: kasia")
        .replace("Igor Dvořák", "Kasia Nowak")
        .replace("igor@example.com", "kasia@example.com")
        .replace("U06IDVOR5X8", "U08KNOWA5K1");
    std::fs::write(work.join("roster/team.yaml"), format!("{team}{kasia}")).unwrap();
    commit_all(&repo, "no weekend on-call; kasia joins");
    let json = diff_json(&work, &["--base", "HEAD~1", "--today", "2026-12-01"]);
    // 2026-12-01 to 2027-02-28: 26 weekend days, and 4 of the 5 holidays on working days.
    let weekends = 26 + 4;
    assert_eq!(json["unplanned"], weekends, "{json:#}");
    // What generate writes gives her as many.
    let out = temp.path().join("out");
    common::copy_dir(&work.join("generated"), &out);
    let generated =
        common::oncall_command(&work).args(["generate", "--today", "2026-12-01", "--out"]).arg(&out).output().unwrap();
    assert!(generated.status.success(), "{}", text(&generated));
    let schedule: Value = serde_json::from_str(&std::fs::read_to_string(out.join("schedule.json")).unwrap()).unwrap();
    let theirs = schedule["shifts"].as_array().unwrap().iter().filter(|s| s["person"] == "kasia").count();
    assert!(theirs > 0);
    let output = oncall(&work, &["diff", "--base", "HEAD~1", "--today", "2026-12-01"], &[]);
    let markdown = String::from_utf8_lossy(&output.stdout);
    assert!(markdown.contains(&format!("; {weekends} no longer planned.")), "{markdown}");
    assert!(markdown.contains(&format!("added Kasia Nowak (`kasia`), {theirs} shift(s) from today on")), "{markdown}");
}

/// publish over git's smart HTTP protocol (src/gitops/http.rs: ureq and rustls, no OpenSSL)
/// to `git http-backend` on 127.0.0.1: the fetch and the push carry the token as GitHub's
/// `x-access-token`, the branch arrives; with a wrong token the push fails with a clear
/// message that never shows the token.
#[test]
fn publish_pushes_over_smart_http_with_the_token() {
    let temp = tempfile::tempdir().unwrap();
    let (work, remote) = repositories(temp.path(), false);
    generate(&work);
    let server = common::git_http::serve(temp.path(), Some(TOKEN));
    let api = stub(vec![
        ("GET", "/repos/acme/oncall/pulls", 200, json!([])),
        (
            "POST",
            "/repos/acme/oncall/pulls",
            201,
            json!({"number": 8, "html_url": "https://github.test/acme/oncall/pull/8"}),
        ),
    ]);
    let url = format!("{}/remote.git", server.url);
    let env = github_env(&api.url);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let output = oncall(&work, &["publish", "--remote", &url], &env);
    assert!(output.status.success(), "{}", text(&output));
    assert!(!text(&output).contains(TOKEN));
    let tip = remote_branch(&remote).expect("the branch was pushed over http");
    let bare = git2::Repository::open_bare(&remote).unwrap();
    assert!(bare.find_commit(tip).unwrap().message().unwrap().contains("Generated-by: oncall-as-code"));
    let requests = server.requests();
    let seen: Vec<(&str, &str)> = requests.iter().map(|r| (r.method.as_str(), r.path.as_str())).collect();
    for expected in [
        ("GET", "/remote.git/info/refs?service=git-upload-pack"),
        ("GET", "/remote.git/info/refs?service=git-receive-pack"),
        ("POST", "/remote.git/git-receive-pack"),
    ] {
        assert!(seen.contains(&expected), "{expected:?} not in {seen:?}");
    }
    let basic = {
        use base64::Engine as _;
        format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("x-access-token:{TOKEN}")))
    };
    assert!(requests.iter().all(|r| r.authorization.as_deref() == Some(basic.as_str())), "{requests:?}");

    // A change to publish, and a token the server refuses.
    add_time_off(&work, "- { person: bartek, from: 2026-12-14, until: 2026-12-16, reason: \"flu\" }\n");
    let repo = git2::Repository::open(&work).unwrap();
    commit_all(&repo, "bartek is ill");
    generate(&work);
    let wrong = "ghp_wrong_token_never_printed";
    let env = [("GITHUB_TOKEN", wrong), ("GITHUB_API_URL", api.url.as_str()), ("GITHUB_REPOSITORY", "acme/oncall")];
    let output = oncall(&work, &["publish", "--remote", &url], &env);
    assert_ne!(output.status.code(), Some(0));
    let all = text(&output);
    assert!(all.contains("HTTP 401 (is GITHUB_TOKEN set, with write access to the repository?)"), "{all}");
    assert!(!all.contains(wrong) && !all.contains(TOKEN), "{all}");
    assert_eq!(remote_branch(&remote), Some(tip), "nothing was pushed");
}

/// A merged change that moves tonight's shift (its holder falls sick) tells exactly the two
/// people, once: the commit at HEAD changed generated/schedule.json, compared with the
/// schedule before it in git.
#[test]
fn a_merged_change_that_moves_tonights_shift_tells_both_people() {
    let temp = tempfile::tempdir().unwrap();
    let (work, _) = repositories(temp.path(), true);
    let repo = git2::Repository::open(&work).unwrap();
    let schedule = |work: &Path| -> Value {
        serde_json::from_str(&std::fs::read_to_string(work.join("generated/schedule.json")).unwrap()).unwrap()
    };
    let holder = |s: &Value, date: &str, rotation: &str| -> String {
        s["shifts"].as_array().unwrap().iter().find(|x| x["date"] == date && x["rotation"] == rotation).unwrap()["person"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let before = schedule(&work);
    let sick = holder(&before, "2026-12-02", "on-call");
    let mut time_off = std::fs::read_to_string(work.join("roster/time-off.yaml")).unwrap();
    time_off.push_str(&format!("- {{ person: {sick}, from: 2026-12-02, until: 2026-12-02, reason: flu }}\n"));
    std::fs::write(work.join("roster/time-off.yaml"), time_off).unwrap();
    commit_all(&repo, "sick today");
    // Nothing yet: HEAD changes the roster, not the schedule.
    let output = oncall(&work, &["notify", "--changes", "--date", "2026-12-02", "--dry-run"], &[]);
    assert!(output.status.success(), "{}", text(&output));
    assert!(text(&output).contains("HEAD does not change generated/schedule.json"), "{}", text(&output));
    // The generated pull request merges.
    let generated = oncall(&work, &["generate", "--today", "2026-12-02"], &[]);
    assert!(generated.status.success(), "{}", text(&generated));
    commit_all(&repo, "oncall: regenerate");
    let after = schedule(&work);
    let cover = holder(&after, "2026-12-02", "on-call");
    assert_ne!(cover, sick);
    let team: Value = serde_yaml::from_str(&std::fs::read_to_string(work.join("roster/team.yaml")).unwrap()).unwrap();
    let person = |id: &str| team["people"].as_array().unwrap().iter().find(|p| p["id"] == id).unwrap().clone();
    let slack = stub(vec![("POST", "/chat.postMessage", 200, json!({"ok": true}))]);
    let env = [("SLACK_BOT_TOKEN", "xoxb-test-token"), ("SLACK_API_URL", slack.url.as_str())];
    let output = oncall(&work, &["notify", "--changes", "--date", "2026-12-02"], &env);
    assert!(output.status.success(), "{}", text(&output));
    let requests = slack.requests();
    let mut told: Vec<String> = requests.iter().map(|r| r.body["channel"].as_str().unwrap().to_string()).collect();
    told.sort();
    let slack_of = |id: &str| person(id)["slack"].as_str().unwrap().to_string();
    let mut expected = vec![slack_of(&sick), slack_of(&cover)];
    expected.sort();
    assert_eq!(told, expected, "exactly the two people: {requests:#?}");
    let to = |id: &str| {
        let slack_id = person(id)["slack"].as_str().unwrap().to_string();
        requests.iter().find(|r| r.body["channel"] == slack_id.as_str()).unwrap().body["text"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let commit = repo.head().unwrap().peel_to_commit().unwrap().id().to_string()[..10].to_string();
    let name = |id: &str| person(id)["name"].as_str().unwrap().to_string();
    assert_eq!(
        to(&sick),
        format!(
            "Your shifts changed ({commit}: the schedule merged just now), times Europe/Warsaw:\n\n- You no longer hold *On-call* on Wed 2026-12-02 15:00-22:00: {} holds it. Why: your time off.",
            name(&cover)
        )
    );
    assert_eq!(
        to(&cover),
        format!(
            "Your shifts changed ({commit}: the schedule merged just now), times Europe/Warsaw:\n\n- You now hold *On-call* on Wed 2026-12-02 15:00-22:00, in place of {}. Why: {} is away.",
            name(&sick),
            name(&sick)
        )
    );
    // Run again on the same HEAD (a retried job), the change is told again only if asked:
    // a later commit that does not touch the schedule tells nobody.
    std::fs::write(work.join("README.md"), "notes\n").unwrap();
    commit_all(&repo, "notes");
    let output = oncall(&work, &["notify", "--changes", "--date", "2026-12-02"], &env);
    assert!(text(&output).contains("nothing sent"), "{}", text(&output));
    assert_eq!(slack.requests().len(), 2);
    // Pushed together with the change (the workflow's --since is the commit before the push),
    // the two are told whichever commit of the push changed the schedule.
    let pushed_from = repo.revparse_single("HEAD~2").unwrap().id().to_string();
    let output =
        oncall(&work, &["notify", "--changes", "--date", "2026-12-02", "--since", &pushed_from, "--dry-run"], &[]);
    assert!(output.status.success(), "{}", text(&output));
    let posts: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    let mut channels: Vec<String> =
        posts.iter().map(|p| p["payload"]["channel"].as_str().unwrap().to_string()).collect();
    channels.sort();
    assert_eq!(channels, expected);
    // A push whose commits leave the schedule as it was tells nobody.
    let head = repo.head().unwrap().peel_to_commit().unwrap().id().to_string();
    let output = oncall(&work, &["notify", "--changes", "--since", &head, "--dry-run"], &[]);
    assert!(text(&output).contains("is the same at"), "{}", text(&output));
}

/// An override that moves someone to the other rotation for a day: each person hears the
/// reason that concerns them, not "a new plan".
#[test]
fn a_change_tells_each_person_its_own_reason() {
    let temp = tempfile::tempdir().unwrap();
    let (work, _) = repositories(temp.path(), true);
    let repo = git2::Repository::open(&work).unwrap();
    let before: Value =
        serde_json::from_str(&std::fs::read_to_string(work.join("generated/schedule.json")).unwrap()).unwrap();
    let holder = |date: &str, rotation: &str| -> String {
        before["shifts"].as_array().unwrap().iter().find(|x| x["date"] == date && x["rotation"] == rotation).unwrap()
            ["person"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let moved = holder("2026-12-03", "on-call");
    let mut overrides = std::fs::read_to_string(work.join("roster/overrides.yaml")).unwrap();
    overrides.push_str(&format!(
        "- {{ date: 2026-12-03, rotation: incident-commander, person: {moved}, reason: \"covers the IC\" }}\n"
    ));
    std::fs::write(work.join("roster/overrides.yaml"), overrides).unwrap();
    let generated = oncall(&work, &["generate", "--today", "2026-12-02"], &[]);
    assert!(generated.status.success(), "{}", text(&generated));
    commit_all(&repo, "moved to IC for a day, regenerated");
    let output = oncall(&work, &["notify", "--changes", "--date", "2026-12-02", "--dry-run"], &[]);
    assert!(output.status.success(), "{}", text(&output));
    let posts: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    let team: Value = serde_yaml::from_str(&std::fs::read_to_string(work.join("roster/team.yaml")).unwrap()).unwrap();
    let slack = |id: &str| -> String {
        team["people"].as_array().unwrap().iter().find(|p| p["id"] == id).unwrap()["slack"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let to = |id: &str| -> String {
        posts.iter().find(|p| p["payload"]["channel"] == slack(id).as_str()).unwrap()["payload"]["text"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let theirs = to(&moved);
    assert!(
        theirs.contains("- You now hold *Incident Commander* on Thu 2026-12-03 09:00-17:00, in place of ")
            && theirs.contains(". Why: an override, \"covers the IC\"."),
        "{theirs}"
    );
    assert!(
        theirs.contains("- You no longer hold *On-call* on Thu 2026-12-03 15:00-22:00: ")
            && theirs.contains("Why: an override gives you Incident Commander that day, \"covers the IC\"."),
        "{theirs}"
    );
    assert!(!posts.iter().any(|p| p["payload"]["text"].as_str().unwrap().contains("a new plan")), "{posts:#?}");
}
