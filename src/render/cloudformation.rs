//! `generated/cloudformation/alarms*.yaml`: the CloudWatch alarms as CloudFormation, built as
//! typed JSON values and serialised to YAML (no string templates). One SNS topic per channel
//! that alarms use, an AWS Chatbot Slack channel configuration subscribed to each, the IAM
//! role Chatbot needs (CloudWatch read-only), metric filters, the weekly review queries, and
//! one alarm per alarm. A configuration beyond one stack's limits is split: `alarms.yaml`
//! holds everything shared and the first alarms and exports the topic ARNs; `alarms-2.yaml`,
//! ... hold only alarms and import them. Alarms stay in the template they were in before.
//! Which template holds which alarm is recorded in `cloudformation/placement.json`.

use super::yaml;
use crate::config::alarms::logical_id;
use crate::model::{Alarm, LogMetricFilter, MetricStat, ValidRepo};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// CloudFormation's limits per stack.
pub const MAX_RESOURCES: usize = 500;
pub const MAX_TEMPLATE_BYTES: usize = 1_000_000;
/// Room kept in each template for its header, parameters and outputs.
const HEADER_BYTES: usize = 20_000;

const READ_ONLY: &str = "arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess";
const STANDARD_STATISTICS: [&str; 5] = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"];

/// The file name of the `n`-th template (0-based).
pub fn file_name(n: usize) -> String {
    if n == 0 { "cloudformation/alarms.yaml".to_string() } else { format!("cloudformation/alarms-{}.yaml", n + 1) }
}

/// The record of which template holds which alarm (`cloudformation/placement.json`): the
/// splitter keeps every alarm where this says it was, so no alarm moves between stacks.
pub const PLACEMENT_FILE: &str = "cloudformation/placement.json";

/// Which template holds which alarms: `cloudformation/placement.json`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Placement {
    /// Per template, in order: its file and the ids of its alarms, sorted.
    pub templates: Vec<PlacedTemplate>,
}

/// One template of the [`Placement`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlacedTemplate {
    /// The template's path under the output directory.
    pub file: String,
    /// The alarm ids it holds.
    pub alarms: Vec<String>,
}

impl Placement {
    /// Per alarm logical id, the index of the template it was in.
    pub fn by_logical_id(&self) -> BTreeMap<String, usize> {
        let index = |file: &str| (0..).take(self.templates.len() + 1).find(|n| file_name(*n) == file);
        self.templates
            .iter()
            .filter_map(|t| index(&t.file).map(|n| (t, n)))
            .flat_map(|(t, n)| t.alarms.iter().map(move |id| (logical_id("Alarm", id), n)))
            .collect()
    }

    /// The placement of templates written before the record existed, read from their
    /// `Resources` (the alarms' logical ids; ids are read back from `AlarmName`).
    pub fn from_templates(templates: &[(usize, String)]) -> Result<Placement, String> {
        #[derive(Deserialize)]
        struct Template {
            #[serde(rename = "Resources", default)]
            resources: indexmap::IndexMap<String, Resource>,
        }
        #[derive(Deserialize)]
        struct Resource {
            #[serde(rename = "Type")]
            kind: String,
            #[serde(rename = "Properties", default)]
            properties: Option<Properties>,
        }
        #[derive(Deserialize)]
        struct Properties {
            #[serde(rename = "AlarmName", default)]
            alarm_name: Option<String>,
        }
        let mut out = Placement::default();
        for (n, text) in templates {
            let template: Template = serde_yaml::from_str(text)
                .map_err(|e| format!("{}: {e}; delete it to place alarms afresh", file_name(*n)))?;
            let mut alarms: Vec<String> = template
                .resources
                .into_values()
                .filter(|r| r.kind == "AWS::CloudWatch::Alarm")
                .filter_map(|r| r.properties.and_then(|p| p.alarm_name))
                .collect();
            alarms.sort();
            out.templates.push(PlacedTemplate { file: file_name(*n), alarms });
        }
        Ok(out)
    }
}

/// The record as written: pretty JSON with a final newline.
fn placement_json(placement: &Placement) -> String {
    let mut text = serde_json::to_string_pretty(placement).expect("placements serialise");
    text.push('\n');
    text
}

/// The template of a topic reference: `Ref` in the first stack, an import elsewhere.
fn topic(channel: &str, first: bool) -> Value {
    let id = logical_id("Topic", channel);
    if first { json!({"Ref": id}) } else { json!({"Fn::ImportValue": {"Fn::Sub": format!("${{MainStackName}}-{id}")}}) }
}

fn dimensions(metric: &MetricStat) -> Value {
    Value::Array(metric.dimensions.iter().map(|(name, value)| json!({"Name": name, "Value": value})).collect())
}

fn alarm_resource(alarm: &Alarm, base_url: &str, first: bool) -> Value {
    let mut p = Map::new();
    p.insert("AlarmName".into(), json!(alarm.cloudwatch_name()));
    p.insert("AlarmDescription".into(), json!(alarm.cloudwatch_description(base_url)));
    p.insert("ActionsEnabled".into(), json!(true));
    p.insert("AlarmActions".into(), json!([topic(&alarm.channel, first)]));
    p.insert("OKActions".into(), json!([topic(&alarm.channel, first)]));
    if let Some(metric) = &alarm.metric {
        p.insert("Namespace".into(), json!(metric.namespace));
        p.insert("MetricName".into(), json!(metric.name));
        if !metric.dimensions.is_empty() {
            p.insert("Dimensions".into(), dimensions(metric));
        }
        let key =
            if STANDARD_STATISTICS.contains(&metric.statistic.as_str()) { "Statistic" } else { "ExtendedStatistic" };
        p.insert(key.into(), json!(metric.statistic));
        p.insert("Period".into(), json!(alarm.period));
    }
    if let Some(queries) = &alarm.metrics {
        let metrics: Vec<Value> = queries
            .iter()
            .map(|q| {
                let mut m = Map::new();
                m.insert("Id".into(), json!(q.id));
                if let Some(label) = &q.label {
                    m.insert("Label".into(), json!(label));
                }
                if let Some(metric) = &q.metric {
                    let mut inner = Map::new();
                    inner.insert("Namespace".into(), json!(metric.namespace));
                    inner.insert("MetricName".into(), json!(metric.name));
                    if !metric.dimensions.is_empty() {
                        inner.insert("Dimensions".into(), dimensions(metric));
                    }
                    m.insert(
                        "MetricStat".into(),
                        json!({"Metric": inner, "Period": alarm.period, "Stat": metric.statistic}),
                    );
                }
                if let Some(expression) = &q.expression {
                    m.insert("Expression".into(), json!(expression));
                }
                m.insert("ReturnData".into(), json!(q.return_data));
                Value::Object(m)
            })
            .collect();
        p.insert("Metrics".into(), Value::Array(metrics));
    }
    p.insert("EvaluationPeriods".into(), json!(alarm.evaluation_periods));
    if let Some(m) = alarm.datapoints_to_alarm {
        p.insert("DatapointsToAlarm".into(), json!(m));
    }
    p.insert("Threshold".into(), number(alarm.threshold));
    p.insert("ComparisonOperator".into(), serde_json::to_value(alarm.comparison).expect("enums serialise"));
    p.insert("TreatMissingData".into(), serde_json::to_value(alarm.treat_missing_data).expect("enums serialise"));
    p.insert(
        "Tags".into(),
        json!([
            {"Key": "oncall:severity", "Value": alarm.severity.as_str()},
            {"Key": "oncall:channel", "Value": alarm.channel},
            {"Key": "oncall:playbook", "Value": alarm.playbook},
        ]),
    );
    json!({"Type": "AWS::CloudWatch::Alarm", "Properties": p})
}

/// The Logs Insights query of the weekly review: matching statements ranked by frequency.
fn review_query(filter: &LogMetricFilter) -> String {
    let threshold = filter
        .pattern
        .split('>')
        .nth(1)
        // The number as the pattern writes it (10000, 2.5, 1e4), as long as it is one.
        .map(|rest| {
            rest.chars().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-')).collect::<String>()
        })
        .filter(|number| number.starts_with(|c: char| c.is_ascii_digit() || c == '.'))
        .and_then(|number| number.parse::<f64>().ok().filter(|n| n.is_finite()))
        // Written out in full (Logs Insights has no exponents): 1e4 is 10000, 2.5 stays.
        .map(|n| n.to_string());
    let mut query = String::from(
        "fields @timestamp, @message\n| parse @message \"duration: * ms  statement: *\" as duration_ms, statement\n| filter ispresent(statement)",
    );
    if let Some(threshold) = threshold {
        query.push_str(&format!(" and duration_ms > {threshold}"));
    }
    query.push_str("\n| stats count(*) as occurrences, round(avg(duration_ms)) as avg_ms, max(duration_ms) as max_ms by statement\n| sort occurrences desc\n| limit 50\n");
    query
}

/// The shared resources of the first stack, by logical id.
fn shared(repo: &ValidRepo, channels: &BTreeSet<String>) -> Map<String, Value> {
    let policy = &repo.policy;
    let mut resources = Map::new();
    if !channels.is_empty() {
        resources.insert(
            "ChatbotRole".into(),
            json!({
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "Description": "AWS Chatbot posting CloudWatch alarms to Slack (read-only CloudWatch access)",
                    "AssumeRolePolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [{"Effect": "Allow", "Principal": {"Service": "chatbot.amazonaws.com"}, "Action": "sts:AssumeRole"}],
                    },
                    "ManagedPolicyArns": [READ_ONLY],
                },
            }),
        );
    }
    for (channel, slack_channel) in
        policy.channels.iter().filter(|c| channels.contains(&c.key)).map(|c| (&c.key, &c.id))
    {
        let topic_id = logical_id("Topic", channel);
        resources.insert(
            topic_id.clone(),
            json!({
                "Type": "AWS::SNS::Topic",
                "Properties": {
                    "DisplayName": format!("oncall #{channel}"),
                    "Tags": [{"Key": "oncall:channel", "Value": channel}],
                },
            }),
        );
        resources.insert(
            logical_id("Slack", channel),
            json!({
                "Type": "AWS::Chatbot::SlackChannelConfiguration",
                "Properties": {
                    "ConfigurationName": {"Fn::Sub": format!("${{AWS::StackName}}-{}", channel.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "-"))},
                    "IamRoleArn": {"Fn::GetAtt": ["ChatbotRole", "Arn"]},
                    "SlackWorkspaceId": policy.slack_workspace,
                    "SlackChannelId": slack_channel,
                    "SnsTopicArns": [{"Ref": topic_id}],
                    "GuardrailPolicies": [READ_ONLY],
                    "LoggingLevel": "ERROR",
                },
            }),
        );
    }
    for filter in &repo.log_metric_filters {
        let mut transformation = json!({"MetricNamespace": filter.metric.namespace, "MetricName": filter.metric.name, "MetricValue": filter.metric.value.as_deref().unwrap_or("1")});
        if filter.metric.value.is_none() {
            transformation["DefaultValue"] = json!(0);
        }
        resources.insert(
            logical_id("Filter", &filter.id),
            json!({
                "Type": "AWS::Logs::MetricFilter",
                "Properties": {
                    "FilterName": filter.id,
                    "LogGroupName": filter.log_group,
                    "FilterPattern": filter.pattern,
                    "MetricTransformations": [transformation],
                },
            }),
        );
        if filter.has_weekly_review() {
            resources.insert(
                logical_id("Review", &filter.id),
                json!({
                    "Type": "AWS::Logs::QueryDefinition",
                    "Properties": {
                        "Name": format!("oncall/weekly slow query review ({})", filter.id),
                        "LogGroupNames": [filter.log_group],
                        "QueryString": review_query(filter),
                    },
                }),
            );
        }
    }
    resources
}

/// The template as YAML that YAML 1.1 readers (the AWS CLI's PyYAML among them) read back
/// the same: serde_yaml writes YAML 1.2, where `2010-09-09`, `yes` or `12:30` are plain
/// strings, but YAML 1.1 reads them as a date, a boolean and a number; those get quoted.
/// A number as CloudFormation readers take it: integral values as integers.
fn number(value: f64) -> Value {
    if value.fract() == 0.0 && value.abs() < 9.0e15 { json!(value as i64) } else { json!(value) }
}

/// Alarms new to the configuration are placed in the first template only while this many
/// resources remain free there, so that a new channel (a topic and a Slack configuration)
/// never pushes alarms that were already there into another template.
const FIRST_TEMPLATE_RESERVE: usize = 20;

/// One template being filled: its alarms (logical id, alarm, text), resource count and bytes.
type Bucket<'a> = (Vec<(String, &'a Alarm, &'a str)>, usize, usize);
/// An alarm ready to place: logical id, the alarm, and its text in a template.
type Sized<'a> = (String, &'a Alarm, &'a str);

/// Every template, then the [`Placement`] record, as (path under the output directory,
/// text). `previous` maps alarm logical ids to the template they were in
/// ([`Placement::by_logical_id`]).
pub fn templates(repo: &ValidRepo, previous: &BTreeMap<String, usize>) -> Vec<(String, String)> {
    let base_url = repo.policy.playbook_base_url.as_str();
    let alarms: Vec<&Alarm> = repo.alarms.iter().collect();
    let channels: BTreeSet<String> = alarms.iter().map(|a| a.channel.clone()).collect();
    let shared = shared(repo, &channels);
    if shared.is_empty() && alarms.is_empty() {
        return Vec::new();
    }
    // Per template: its alarms (logical id, resource) and its size so far.
    let shared_bytes = {
        let mut text = String::new();
        yaml::entries(&mut text, &shared, 2);
        text.len()
    };
    let mut buckets: Vec<Bucket> = vec![(Vec::new(), shared.len(), shared_bytes)];
    // Each alarm is serialised once, on every core, as it will stand in a template: indented
    // under `Resources`, in its larger form (importing the topic). Templates after the first
    // are assembled from these texts; the first refers to its topics, and is written anew.
    let serialise = |a: &&Alarm| {
        let mut text = String::new();
        yaml::entry(&mut text, &a.logical_id(), &alarm_resource(a, base_url, false), 2, true);
        text
    };
    let texts = crate::parallel::map(&alarms, serialise);
    let sized: Vec<Sized> = alarms.iter().zip(&texts).map(|(a, text)| (a.logical_id(), *a, text.as_str())).collect();
    let fits = |bucket: &Bucket, bytes: usize| {
        bucket.1 < MAX_RESOURCES && bucket.2 + bytes + HEADER_BYTES <= MAX_TEMPLATE_BYTES
    };
    fn place<'a>(buckets: &mut Vec<Bucket<'a>>, n: usize, item: &Sized<'a>) {
        while buckets.len() <= n {
            buckets.push((Vec::new(), 0, 0));
        }
        let bucket = &mut buckets[n];
        bucket.0.push((item.0.clone(), item.1, item.2));
        bucket.1 += 1;
        bucket.2 += item.2.len();
    }
    let mut pending = Vec::new();
    for item in &sized {
        match previous.get(&item.0) {
            Some(n) if buckets.get(*n).is_none_or(|b| fits(b, item.2.len())) => place(&mut buckets, *n, item),
            _ => pending.push(item),
        }
    }
    for item in pending {
        let n = (0..)
            .find(|n| {
                buckets
                    .get(*n)
                    .is_none_or(|b| fits(b, item.2.len()) && (*n > 0 || b.1 + FIRST_TEMPLATE_RESERVE < MAX_RESOURCES))
            })
            .expect("an empty template always fits one alarm");
        place(&mut buckets, n, item);
    }
    // Trailing templates left empty by deleted alarms are dropped (delete their stacks); an
    // empty one between others keeps its name, holding a placeholder, so no alarm moves.
    while buckets.len() > 1 && buckets.last().is_some_and(|b| b.0.is_empty()) {
        buckets.pop();
    }
    let split = buckets.len() > 1;
    let used: Vec<String> =
        repo.policy.channels.iter().filter(|c| channels.contains(&c.key)).map(|c| c.key.clone()).collect();
    let mut out = Vec::new();
    let mut placement = Placement::default();
    for (n, (alarms, _, bytes)) in buckets.iter_mut().enumerate() {
        alarms.sort_by(|a, b| a.0.cmp(&b.0));
        let mut head = Map::new();
        head.insert("AWSTemplateFormatVersion".into(), json!("2010-09-09"));
        let description = if n == 0 {
            "On-call alarms generated by oncall-as-code from alarms/*.yaml: do not edit, edit the YAML and run `oncall generate`.".to_string()
        } else {
            format!(
                "On-call alarms, part {} (imports the topics of the main stack), generated by oncall-as-code: do not edit.",
                n + 1
            )
        };
        head.insert("Description".into(), json!(description));
        if n > 0 {
            head.insert(
                "Parameters".into(),
                json!({"MainStackName": {"Type": "String", "Default": "oncall-alarms", "Description": "The stack deployed from alarms.yaml, which exports the topic ARNs."}}),
            );
        }
        let mut text = String::with_capacity(*bytes + HEADER_BYTES);
        yaml::entries(&mut text, &head, 0);
        text.push_str("Resources:\n");
        if n == 0 {
            yaml::entries(&mut text, &shared, 2);
        }
        for (id, alarm, serialised) in alarms.iter() {
            if n == 0 {
                yaml::entry(&mut text, id, &alarm_resource(alarm, base_url, true), 2, true);
            } else {
                text.push_str(serialised);
            }
        }
        let mut tail = Map::new();
        let placeholder = alarms.is_empty() && (n > 0 || shared.is_empty());
        if placeholder {
            let resource = json!({"Type": "AWS::CloudFormation::WaitConditionHandle", "Metadata": {"Purpose": "keeps this part's stack while it has no alarms"}});
            yaml::entry(&mut text, "Placeholder", &resource, 2, true);
            // The parameter stays (the pipeline passes it to every part), and is used here.
            tail.insert("Outputs".into(), json!({"MainStack": {"Description": "The stack this part belongs to", "Value": {"Ref": "MainStackName"}}}));
        }
        if n == 0 && !used.is_empty() {
            let outputs: Map<String, Value> = used
                .iter()
                .map(|channel| {
                    let id = logical_id("Topic", channel);
                    let mut output =
                        json!({"Description": format!("SNS topic of #{channel} alarms"), "Value": {"Ref": id}});
                    if split {
                        output["Export"] = json!({"Name": {"Fn::Sub": format!("${{AWS::StackName}}-{id}")}});
                    }
                    (format!("{id}Arn"), output)
                })
                .collect();
            tail.insert("Outputs".into(), Value::Object(outputs));
        }
        yaml::entries(&mut text, &tail, 0);
        let mut ids: Vec<String> = alarms.iter().map(|(_, alarm, _)| alarm.id.clone()).collect();
        ids.sort();
        placement.templates.push(PlacedTemplate { file: file_name(n), alarms: ids });
        out.push((file_name(n), text));
    }
    out.push((PLACEMENT_FILE.to_string(), placement_json(&placement)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_review_query_keeps_the_patterns_threshold() {
        let filter = |pattern: &str| -> LogMetricFilter {
            serde_json::from_value(json!({"id": "slow-sql", "log_group": "/db", "pattern": pattern, "metric": {"namespace": "Custom/Database", "name": "SlowQueries"}})).unwrap()
        };
        let threshold = |pattern: &str| review_query(&filter(pattern)).lines().nth(2).unwrap().to_string();
        assert_eq!(
            threshold("[..., duration_ms>10000, unit=\"ms\", ...]"),
            "| filter ispresent(statement) and duration_ms > 10000"
        );
        assert_eq!(threshold("[..., duration_ms>2.5, ...]"), "| filter ispresent(statement) and duration_ms > 2.5");
        assert_eq!(threshold("[..., duration_ms>1e4, ...]"), "| filter ispresent(statement) and duration_ms > 10000");
        assert_eq!(threshold("[..., duration_ms>10000.9]"), "| filter ispresent(statement) and duration_ms > 10000.9");
        assert_eq!(threshold("[..., duration_ms>x]"), "| filter ispresent(statement)");
    }

    #[test]
    fn logical_ids() {
        assert_eq!(logical_id("Alarm", "api-5xx-rate"), "AlarmApi5xxRate");
        assert_eq!(logical_id("Topic", "alerts-sql"), "TopicAlertsSql");
    }
}
