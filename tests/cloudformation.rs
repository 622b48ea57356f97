//! The CloudFormation templates: a golden file for a fixture with every alarm feature, each
//! alarm's properties checked against its YAML, and the split of a large configuration
//! (1,200 alarms) into stacks within CloudFormation's limits. `.ci/run` runs cfn-lint over
//! every template these tests leave under `target/tmp/cloudformation/`.

mod common;

use oncall_as_code::model::{Alarm, Repo};
use oncall_as_code::{LintOptions, lint};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const FEATURES: &str = "tests/fixtures/cloudformation/features";
const GOLDEN: &str = "tests/fixtures/cloudformation/features.expected.yaml";

fn keep(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cloudformation").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn generate(root: &Path, out: &Path) {
    common::generate(root, out);
}

fn templates(out: &Path) -> Vec<(String, Value)> {
    let mut names: Vec<String> = std::fs::read_dir(out.join("cloudformation"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort_by_key(|n| {
        n.trim_start_matches("alarms").trim_start_matches('-').trim_end_matches(".yaml").parse::<usize>().unwrap_or(1)
    });
    names
        .into_iter()
        .map(|n| {
            (
                n.clone(),
                serde_yaml::from_str(&std::fs::read_to_string(out.join("cloudformation").join(&n)).unwrap()).unwrap(),
            )
        })
        .collect()
}

fn repo(root: &Path) -> Repo {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let report = lint(root, &LintOptions { today, deny_warnings: false }).unwrap();
    assert!(!report.has_errors());
    report.repo
}

#[test]
fn features_template_matches_the_golden_file() {
    let out = keep("features");
    generate(Path::new(FEATURES), &out);
    let actual = std::fs::read_to_string(out.join("cloudformation/alarms.yaml")).unwrap();
    common::golden(Path::new(GOLDEN), &actual);
}

/// The actions of one state as the README states the rule: the channel's topic (its declared
/// ARN, or the topic created for it) when the channel hears that state, the page on ALARM and
/// OK, then the alarm's own.
fn expected_actions(alarm: &Alarm, policy: &oncall_as_code::model::Policy, state: &str) -> Value {
    let channel = &policy.channels[&alarm.channel];
    let mut out = Vec::new();
    let hears = alarm.actions.channel_states.as_ref().map_or(state != "insufficient_data", |states| {
        states.iter().any(|s| serde_json::to_value(s).unwrap() == state)
    });
    if hears {
        out.push(match &channel.sns_topic {
            Some(arn) => serde_json::json!(arn),
            None => serde_json::json!({"Ref": oncall_as_code::config::alarms::logical_id("Topic", &alarm.channel)}),
        });
    }
    if state != "insufficient_data"
        && let Some(page) = policy.paging.of(alarm.severity)
    {
        out.push(match &page.sns_topic {
            Some(arn) => serde_json::json!(arn),
            None => serde_json::json!({"Ref": format!("Page{}", if alarm.severity.as_str() == "critical" { "Critical" } else { "Warning" })}),
        });
    }
    let own = match state {
        "alarm" => &alarm.actions.alarm,
        "ok" => &alarm.actions.ok,
        _ => &alarm.actions.insufficient_data,
    };
    for arn in own {
        let arn = serde_json::json!(arn);
        if !out.contains(&arn) {
            out.push(arn);
        }
    }
    if out.is_empty() { Value::Null } else { Value::Array(out) }
}

/// Checks one generated alarm resource against the alarm it came from.
fn check_alarm(alarm: &Alarm, resource: &Value, policy: &oncall_as_code::model::Policy) {
    let base_url = policy.playbook_base_url.as_str();
    let p = &resource["Properties"];
    for (state, property) in
        [("alarm", "AlarmActions"), ("ok", "OKActions"), ("insufficient_data", "InsufficientDataActions")]
    {
        assert_eq!(p[property], expected_actions(alarm, policy, state), "{property} of {}", alarm.id);
    }
    assert_eq!(p["ActionsEnabled"], alarm.actions_enabled);
    assert_eq!(p["Threshold"].as_f64(), alarm.threshold);
    assert_eq!(p["ThresholdMetricId"].as_str(), alarm.threshold_metric_id.as_deref());
    assert_eq!(resource["DeletionPolicy"].as_str(), alarm.adopt.then_some("Retain"));
    assert_eq!(
        p["EvaluateLowSampleCountPercentile"],
        serde_json::to_value(alarm.evaluate_low_sample_count_percentile).unwrap()
    );
    assert_eq!(resource["Type"], "AWS::CloudWatch::Alarm");
    assert_eq!(p["AlarmName"], alarm.cloudwatch_name());
    assert_eq!(p["AlarmDescription"], alarm.cloudwatch_description(base_url).as_str());
    assert!(p["AlarmDescription"].as_str().unwrap().contains(&format!("{base_url}{}.md", alarm.playbook)));
    assert_eq!(p["EvaluationPeriods"].as_u64(), Some(u64::from(alarm.evaluation_periods)));
    assert_eq!(p["DatapointsToAlarm"].as_u64(), alarm.datapoints_to_alarm.map(u64::from));
    assert_eq!(p["Threshold"].as_f64(), alarm.threshold);
    let comparison = serde_json::to_value(alarm.comparison).unwrap();
    assert_eq!(p["ComparisonOperator"], comparison);
    assert_eq!(p["TreatMissingData"], serde_json::to_value(alarm.treat_missing_data).unwrap());
    let tags: BTreeMap<&str, &str> = p["Tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["Key"].as_str().unwrap(), t["Value"].as_str().unwrap()))
        .collect();
    assert_eq!(tags["oncall:severity"], alarm.severity.as_str());
    assert_eq!(tags["oncall:channel"], alarm.channel);
    assert_eq!(tags["oncall:playbook"], alarm.playbook);
    match (&alarm.metric, &alarm.metrics) {
        (Some(metric), None) => {
            assert_eq!(p["Namespace"], metric.namespace.as_str());
            assert_eq!(p["MetricName"], metric.name.as_str());
            assert_eq!(p["Period"].as_u64(), Some(u64::from(alarm.period)));
            let standard = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"].contains(&metric.statistic.as_str());
            let (set, unset) =
                if standard { ("Statistic", "ExtendedStatistic") } else { ("ExtendedStatistic", "Statistic") };
            assert_eq!(p[set], metric.statistic.as_str());
            assert!(p.get(unset).is_none());
            assert_eq!(p["Unit"].as_str(), metric.unit.as_deref());
            let dims: Vec<(String, String)> = p["Dimensions"].as_array().map_or(vec![], |d| {
                d.iter()
                    .map(|x| (x["Name"].as_str().unwrap().to_string(), x["Value"].as_str().unwrap().to_string()))
                    .collect()
            });
            assert_eq!(dims, metric.dimensions.iter().map(|(k, v)| (k.clone(), v.clone())).collect::<Vec<_>>());
            assert!(p.get("Metrics").is_none());
        }
        (None, Some(queries)) => {
            for key in ["Namespace", "MetricName", "Statistic", "ExtendedStatistic", "Period", "Dimensions"] {
                assert!(p.get(key).is_none(), "{key} beside Metrics in {}", alarm.id);
            }
            let metrics = p["Metrics"].as_array().unwrap();
            assert_eq!(metrics.len(), queries.len());
            let returns = if alarm.threshold_metric_id.is_some() { 2 } else { 1 };
            assert_eq!(metrics.iter().filter(|m| m["ReturnData"] == true).count(), returns);
            for (m, q) in metrics.iter().zip(queries) {
                assert_eq!(m["Id"], q.id.as_str());
                assert_eq!(m["ReturnData"], q.return_data);
                if let Some(stat) = &q.metric {
                    assert_eq!(m["MetricStat"]["Stat"], stat.statistic.as_str());
                    assert_eq!(m["MetricStat"]["Period"].as_u64(), Some(u64::from(alarm.period)));
                    assert_eq!(m["MetricStat"]["Metric"]["MetricName"], stat.name.as_str());
                    assert_eq!(m["MetricStat"]["Unit"].as_str(), stat.unit.as_deref());
                }
                if let Some(expression) = &q.expression {
                    assert_eq!(m["Expression"], expression.as_str());
                }
            }
        }
        _ => unreachable!("lint guarantees one source"),
    }
}

#[test]
fn every_alarm_matches_its_yaml() {
    for (name, root) in [("example", common::example()), ("features", Path::new(FEATURES))] {
        let out = keep(&format!("match-{name}"));
        generate(root, &out);
        let repo = repo(root);
        let policy = repo.policy.as_ref().unwrap().value.clone();
        let templates = templates(&out);
        assert_eq!(templates.len(), 1, "{name}");
        let resources = templates[0].1["Resources"].as_object().unwrap();
        for (_, _, alarm) in repo.alarms() {
            check_alarm(alarm, &resources[&alarm.logical_id()], &policy);
        }
        for (_, _, composite) in repo.composite_alarms() {
            let p = &resources[&composite.logical_id()]["Properties"];
            assert_eq!(p["AlarmName"], composite.cloudwatch_name());
            assert_eq!(p["AlarmRule"], composite.rule.as_str());
            assert_eq!(
                p["ActionsSuppressor"].as_str(),
                composite.actions_suppressor.as_ref().map(|s| s.alarm.as_str())
            );
        }
        let types: BTreeMap<&str, usize> = resources.values().fold(BTreeMap::new(), |mut acc, r| {
            *acc.entry(r["Type"].as_str().unwrap()).or_default() += 1;
            acc
        });
        // A topic and a Slack configuration per channel alarms use that declares no topic of
        // its own; a topic and an https subscription per severity paging an endpoint.
        let channels: BTreeSet<&str> =
            repo.notifying().map(|a| a.channel).filter(|c| policy.channels[*c].sns_topic.is_none()).collect();
        let endpoints = [policy.paging.critical.as_ref(), policy.paging.warning.as_ref()]
            .into_iter()
            .flatten()
            .filter(|p| p.endpoint_parameter.is_some())
            .count();
        assert_eq!(types["AWS::CloudWatch::Alarm"], repo.alarms().count());
        assert_eq!(types.get("AWS::CloudWatch::CompositeAlarm").copied().unwrap_or(0), repo.composite_alarms().count());
        assert_eq!(
            types.get("AWS::CloudWatch::AnomalyDetector").copied().unwrap_or(0),
            repo.alarms().filter(|(_, _, a)| a.anomaly_detector.is_some()).count()
        );
        assert_eq!(types["AWS::SNS::Topic"], channels.len() + endpoints);
        assert_eq!(types.get("AWS::SNS::Subscription").copied().unwrap_or(0), endpoints);
        assert_eq!(types["AWS::Chatbot::SlackChannelConfiguration"], channels.len());
        assert_eq!(types["AWS::IAM::Role"], 1);
        assert_eq!(types["AWS::Logs::MetricFilter"], repo.log_metric_filters().count());
        assert_eq!(types["AWS::Logs::QueryDefinition"], 1, "one weekly review, for the slow-SQL filter");
    }
}

/// A repository with `count` alarms in files of 100, on three channels.
fn large_repo(dir: &Path, count: usize, extra: Option<usize>) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("alarms")).unwrap();
    std::fs::create_dir_all(dir.join("playbooks")).unwrap();
    std::fs::create_dir_all(dir.join("roster")).unwrap();
    for f in ["roster/team.yaml", "roster/policy.yaml", "playbooks/queues.md"] {
        std::fs::copy(Path::new(FEATURES).join(f), dir.join(f)).unwrap();
    }
    let channels = ["alerts", "alerts-sql", "pingdom"];
    for file in 0..count.div_ceil(100) {
        let mut text = String::from("alarms:\n");
        for i in file * 100..((file + 1) * 100).min(count) {
            text.push_str(&alarm_yaml(i, channels[i % 3]));
            if extra == Some(i) {
                // On a channel no alarm used before: the first stack gains a topic and a
                // Slack configuration, and must still keep its alarms.
                text.push_str(&alarm_yaml(100_000, "on"));
            }
        }
        std::fs::write(dir.join(format!("alarms/area-{file:02}.yaml")), text).unwrap();
    }
}

fn alarm_yaml(i: usize, channel: &str) -> String {
    format!(
        "  - id: queue-{i:05}-age\n    description: Queue {i} holds messages older than ten minutes, which delays order processing for customers.\n    metric: {{ namespace: AWS/SQS, name: ApproximateAgeOfOldestMessage, dimensions: {{ QueueName: queue-{i:05} }}, statistic: Maximum }}\n    period: 60\n    evaluation_periods: 5\n    threshold: 600\n    comparison: \">\"\n    severity: warning\n    channel: {channel}\n    playbook: queues\n"
    )
}

fn alarm_ids(template: &Value) -> BTreeSet<String> {
    template["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::CloudWatch::Alarm")
        .map(|(id, _)| id.clone())
        .collect()
}

#[test]
fn twelve_hundred_alarms_split_into_deployable_stacks() {
    let work = keep("split");
    let root = work.join("repo");
    let out = work.join("generated");
    large_repo(&root, 1200, None);
    generate(&root, &out);
    let before = templates(&out);
    assert_eq!(
        before.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        ["alarms.yaml", "alarms-2.yaml", "alarms-3.yaml"]
    );
    let mut seen = BTreeMap::new();
    let exports: BTreeSet<String> = before[0].1["Outputs"]
        .as_object()
        .unwrap()
        .values()
        .map(|o| o["Export"]["Name"]["Fn::Sub"].as_str().unwrap().replace("${AWS::StackName}", "STACK"))
        .collect();
    // The three channels' topics (the alarms are warnings, which page through an ARN).
    assert_eq!(exports.len(), 3);
    for (n, (name, template)) in before.iter().enumerate() {
        let text = std::fs::read_to_string(out.join("cloudformation").join(name)).unwrap();
        assert!(text.len() < 1_000_000, "{name} is {} bytes", text.len());
        let resources = template["Resources"].as_object().unwrap();
        assert!(resources.len() <= 500, "{name} has {} resources", resources.len());
        for id in alarm_ids(template) {
            assert!(seen.insert(id.clone(), n).is_none(), "{id} is in two templates");
        }
        if n > 0 {
            assert_eq!(template["Parameters"]["MainStackName"]["Type"], "String");
            for resource in resources.values() {
                // Topics of the main stack are imported; the paging topic the policy names is an ARN.
                for action in
                    resource["Properties"]["AlarmActions"].as_array().unwrap().iter().filter(|a| !a.is_string())
                {
                    let import =
                        action["Fn::ImportValue"]["Fn::Sub"].as_str().unwrap().replace("${MainStackName}", "STACK");
                    assert!(exports.contains(&import), "{import} is not exported");
                }
            }
        }
    }
    assert_eq!(seen.len(), 1200);

    // One alarm added in the middle of the first file: nothing else changes template.
    large_repo(&root, 1200, Some(50));
    generate(&root, &out);
    let after = templates(&out);
    let mut moved = Vec::new();
    for (n, (_, template)) in after.iter().enumerate() {
        for id in alarm_ids(template) {
            if let Some(before) = seen.get(&id)
                && *before != n
            {
                moved.push(id);
            }
        }
    }
    assert_eq!(moved, Vec::<String>::new());
    assert_eq!(after.iter().map(|(_, t)| alarm_ids(t).len()).sum::<usize>(), 1201);
    // The record says where each alarm is.
    let record = out.join("cloudformation/placement.json");
    let placement: Value = serde_json::from_str(&std::fs::read_to_string(&record).unwrap()).unwrap();
    let listed: Vec<usize> =
        placement["templates"].as_array().unwrap().iter().map(|t| t["alarms"].as_array().unwrap().len()).collect();
    assert_eq!(listed, after.iter().map(|(_, t)| alarm_ids(t).len()).collect::<Vec<_>>());

    // Templates written before the record existed: their alarms are read from them, so an
    // upgrade moves no alarm either (and writes the same record again).
    let written = std::fs::read_to_string(&record).unwrap();
    std::fs::remove_file(&record).unwrap();
    generate(&root, &out);
    assert_eq!(templates(&out), after);
    assert_eq!(std::fs::read_to_string(&record).unwrap(), written);

    // Every alarm of the second template deleted: the third keeps its name and its alarms.
    let second = alarm_ids(&after[1].1);
    for entry in std::fs::read_dir(root.join("alarms")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let kept: Vec<&str> = text
            .split("\n  - ")
            .filter(|chunk| {
                !second.iter().any(|id| {
                    chunk.contains(&format!(
                        "id: {}\n",
                        id.trim_start_matches("Alarm")
                            .to_ascii_lowercase()
                            .replacen("queue", "queue-", 1)
                            .replacen("age", "-age", 1)
                    ))
                })
            })
            .collect();
        let text = kept.join("\n  - ");
        std::fs::write(&path, if text.trim_end() == "alarms:" { "alarms: []\n".to_string() } else { text }).unwrap();
    }
    generate(&root, &out);
    let last = templates(&out);
    assert_eq!(last.len(), 3, "the third template was renumbered");
    assert!(alarm_ids(&last[1].1).is_empty());
    assert_eq!(last[1].1["Resources"]["Placeholder"]["Type"], "AWS::CloudFormation::WaitConditionHandle");
    assert_eq!(alarm_ids(&last[2].1), alarm_ids(&after[2].1));
}

/// Strings that YAML readers disagree about, and strings made of the characters that decide
/// quoting, written by the templates' YAML writer to `target/tmp/yaml-readback/`: `.ci/run`
/// reads them back with PyYAML, a YAML 1.1 reader like CloudFormation's, and compares them
/// with the JSON. Here, serde_yaml (YAML 1.2) reads them back.
#[test]
fn written_yaml_reads_back_in_yaml_1_1_and_1_2() {
    let mut strings: Vec<String> = [
        "yes",
        "Yes",
        "YES",
        "no",
        "y",
        "n",
        "on",
        "Off",
        "true",
        "False",
        "null",
        "Null",
        "~",
        "",
        " ",
        "<<",
        "=",
        "-",
        "?",
        ":",
        "- x",
        "? x",
        "a: b",
        "a #b",
        "#a",
        "a:",
        "12:30",
        "190:20:30",
        "1_000",
        "0x1F",
        "0o17",
        "017",
        "0b101",
        "+1",
        "-1",
        ".5",
        "1.",
        "1e3",
        "1E-6",
        ".inf",
        "-.Inf",
        ".NaN",
        "2026-11-25",
        "2026-11-25T10:00:00Z",
        "2026-11-25 10:00:00 +1",
        "10:00-22:00",
        "100 * errors / requests",
        "'quoted'",
        "\"double\"",
        "it's",
        "back\\slash",
        "tab\there",
        "line\nbreak",
        "trailing\n",
        "two\n\n",
        "\nleading",
        " lead",
        "trail ",
        "nel\u{85}x",
        "ls\u{2028}x",
        "bom\u{feff}",
        "non\u{fffe}\u{ffff}",
        "nbsp\u{a0}",
        "bell\u{7}",
        "del\u{7f}",
        "zero\u{0}",
        "é",
        "日本",
        "🙂",
        "%x",
        "@x",
        "`x",
        "!tag",
        "&anchor",
        "*alias",
        "|",
        ">",
        "[a]",
        "{a}",
        "a,b",
        "${AWS::StackName}-x",
        "arn:aws:sns:eu-west-1:123:x",
        "Fn::Sub",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Every pair and triple of the characters that matter, at the start, middle and end.
    let alphabet = [" ", ":", "#", "-", "'", "\"", "\n", "\t", "0", "1", ".", "a", "e", "_", "+", "y", "!", "%", "\\"];
    for a in alphabet {
        for b in alphabet {
            strings.push(format!("{a}{b}"));
            for c in ["x", " ", "\n", ":", "0"] {
                strings.push(format!("{a}{b}{c}"));
                strings.push(format!("x{a}{b}{c}"));
            }
        }
    }
    let entries: serde_json::Map<String, Value> =
        strings.iter().enumerate().map(|(n, s)| (format!("k{n:05}"), Value::String(s.clone()))).collect();
    let as_keys: serde_json::Map<String, Value> =
        strings.iter().enumerate().map(|(n, s)| (s.clone(), Value::from(n))).collect();
    let numbers: Vec<Value> =
        [0.000001, 5e16, 1.2345678901234567e19, 0.05, -2.5, 1e-300, 123456.789].into_iter().map(Value::from).collect();
    let value = serde_json::json!({"Values": entries, "Keys": as_keys, "List": strings, "Numbers": numbers, "Nested": [[{"a": []}, {}], {"b": {"c": null}}]});
    let text = oncall_as_code::render::yaml::to_string(&value);
    let back: Value = serde_yaml::from_str(&text).unwrap();
    assert_eq!(back["Values"], value["Values"]);
    assert_eq!(back["Keys"], value["Keys"]);
    assert_eq!(back["List"], value["List"]);
    assert_eq!(back["Nested"], value["Nested"]);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("yaml-readback");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("cases.yaml"), &text).unwrap();
    std::fs::write(dir.join("cases.json"), serde_json::to_string(&value).unwrap()).unwrap();
}

/// A composite alarm stays in the first template, so the alarms its rule names go there too
/// (CloudWatch refuses a rule over an alarm that does not exist yet), and it depends on them.
#[test]
fn alarms_a_composite_names_stay_with_it_in_the_first_template() {
    let work = keep("composite-split");
    let root = work.join("repo");
    large_repo(&root, 1200, None);
    std::fs::write(
        root.join("alarms/composite.yaml"),
        "composite_alarms:\n  - id: queues-stuck\n    description: Two queues at once\n    rule: ALARM(queue-01150-age) AND ALARM(queue-00003-age)\n    severity: warning\n    channel: alerts\n    playbook: queues\n",
    )
    .unwrap();
    let out = work.join("generated");
    generate(&root, &out);
    let templates = templates(&out);
    assert!(templates.len() > 1, "the configuration is split");
    let first = &templates[0].1["Resources"];
    for named in ["AlarmQueue01150Age", "AlarmQueue00003Age"] {
        assert_eq!(first[named]["Type"], "AWS::CloudWatch::Alarm", "{named} is in the first template");
    }
    assert_eq!(
        first["CompositeQueuesStuck"]["DependsOn"],
        serde_json::json!(["AlarmQueue00003Age", "AlarmQueue01150Age"])
    );
    for (_, template) in &templates[1..] {
        assert!(template["Resources"].get("AlarmQueue01150Age").is_none());
    }
}
