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
use crate::config::alarms::{AlarmSeverity, AlarmState, CompositeAlarm};
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

/// The template of a reference to a topic this template set creates: `Ref` in the first
/// stack, an import of the main stack's export elsewhere.
fn created_topic(id: &str, first: bool) -> Value {
    if first { json!({"Ref": id}) } else { json!({"Fn::ImportValue": {"Fn::Sub": format!("${{MainStackName}}-{id}")}}) }
}

/// What an alarm's actions are made of, shared by every alarm of a template set.
struct Actions<'a> {
    repo: &'a ValidRepo,
}

impl Actions<'_> {
    /// The channel's topic: its declared ARN, or the topic created for it.
    fn channel(&self, key: &str, first: bool) -> Value {
        match self.repo.policy.channels.iter().find(|c| c.key == key).and_then(|c| c.sns_topic.as_deref()) {
            Some(arn) => json!(arn),
            None => created_topic(&logical_id("Topic", key), first),
        }
    }

    /// Where alarms of `severity` page, if they do.
    fn page(&self, severity: AlarmSeverity, first: bool) -> Option<Value> {
        let page = self.repo.policy.paging.of(severity)?;
        Some(match &page.sns_topic {
            Some(arn) => json!(arn),
            None => created_topic(&severity.paging_topic_id(), first),
        })
    }

    /// The actions properties and ActionsEnabled of an alarm, into `p`.
    fn insert(&self, p: &mut Map<String, Value>, alarm: &Notifying, enabled: bool, first: bool) {
        p.insert("ActionsEnabled".into(), json!(enabled));
        for state in AlarmState::ALL {
            let actions = alarm.actions.resolved(
                state,
                self.channel(alarm.channel, first),
                self.page(alarm.severity, first),
                |arn| json!(arn),
            );
            if !actions.is_empty() {
                p.insert(state.property().into(), Value::Array(actions));
            }
        }
    }
}

fn dimensions(metric: &MetricStat) -> Value {
    Value::Array(metric.dimensions.iter().map(|(name, value)| json!({"Name": name, "Value": value})).collect())
}

fn tags(severity: AlarmSeverity, channel: &str, playbook: &str) -> Value {
    json!([
        {"Key": "oncall:severity", "Value": severity.as_str()},
        {"Key": "oncall:channel", "Value": channel},
        {"Key": "oncall:playbook", "Value": playbook},
    ])
}

/// The retention an alarm adopted from an account needs for CloudFormation's resource import.
fn retained(mut resource: Value, adopted: bool) -> Value {
    if adopted {
        resource["DeletionPolicy"] = json!("Retain");
        resource["UpdateReplacePolicy"] = json!("Retain");
    }
    resource
}

/// The metric of an anomaly detection band (`ANOMALY_DETECTION_BAND(m1, 2)`'s `m1`).
pub fn band_metric(alarm: &Alarm) -> Option<&MetricStat> {
    let band = alarm.threshold_metric_id.as_ref()?;
    let queries = alarm.metrics.as_ref()?;
    let expression = queries.iter().find(|q| &q.id == band)?.expression.as_deref()?;
    let (argument, _) = crate::config::rule::band_arguments(expression)?;
    queries.iter().find(|q| q.id == argument)?.metric.as_ref()
}

/// The `AWS::CloudWatch::AnomalyDetector` an alarm asks for, by logical id.
fn anomaly_detector(alarm: &Alarm) -> Option<(String, Value)> {
    let model = alarm.anomaly_detector.as_ref()?;
    let metric = band_metric(alarm)?;
    let mut single = Map::new();
    single.insert("Namespace".into(), json!(metric.namespace));
    single.insert("MetricName".into(), json!(metric.name));
    if !metric.dimensions.is_empty() {
        single.insert("Dimensions".into(), dimensions(metric));
    }
    single.insert("Stat".into(), json!(metric.statistic));
    let mut p = Map::new();
    p.insert("SingleMetricAnomalyDetector".into(), Value::Object(single));
    let mut configuration = Map::new();
    if let Some(zone) = &model.timezone {
        configuration.insert("MetricTimeZone".into(), json!(zone));
    }
    if !model.excluded_time_ranges.is_empty() {
        let ranges: Vec<Value> = model
            .excluded_time_ranges
            .iter()
            .map(|r| {
                json!({"StartTime": r.start.format("%Y-%m-%dT%H:%M:%S").to_string(), "EndTime": r.end.format("%Y-%m-%dT%H:%M:%S").to_string()})
            })
            .collect();
        configuration.insert("ExcludedTimeRanges".into(), Value::Array(ranges));
    }
    if !configuration.is_empty() {
        p.insert("Configuration".into(), Value::Object(configuration));
    }
    if let Some(spikes) = model.periodic_spikes {
        p.insert("MetricCharacteristics".into(), json!({"PeriodicSpikes": spikes}));
    }
    Some((alarm.detector_logical_id(), json!({"Type": "AWS::CloudWatch::AnomalyDetector", "Properties": p})))
}

fn alarm_resource(alarm: &Alarm, actions: &Actions, first: bool) -> Value {
    let base_url = actions.repo.policy.playbook_base_url.as_str();
    let mut p = Map::new();
    p.insert("AlarmName".into(), json!(alarm.cloudwatch_name()));
    p.insert("AlarmDescription".into(), json!(alarm.cloudwatch_description(base_url)));
    actions.insert(&mut p, &notifying(alarm), alarm.actions_enabled, first);
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
        if let Some(unit) = &metric.unit {
            p.insert("Unit".into(), json!(unit));
        }
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
                    let mut stat = json!({"Metric": inner, "Period": alarm.period, "Stat": metric.statistic});
                    if let Some(unit) = &metric.unit {
                        stat["Unit"] = json!(unit);
                    }
                    m.insert("MetricStat".into(), stat);
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
    if let Some(threshold) = alarm.threshold {
        p.insert("Threshold".into(), number(threshold));
    }
    if let Some(band) = &alarm.threshold_metric_id {
        p.insert("ThresholdMetricId".into(), json!(band));
    }
    p.insert("ComparisonOperator".into(), serde_json::to_value(alarm.comparison).expect("enums serialise"));
    p.insert("TreatMissingData".into(), serde_json::to_value(alarm.treat_missing_data).expect("enums serialise"));
    if let Some(low) = alarm.evaluate_low_sample_count_percentile {
        p.insert("EvaluateLowSampleCountPercentile".into(), serde_json::to_value(low).expect("enums serialise"));
    }
    p.insert("Tags".into(), tags(alarm.severity, &alarm.channel, &alarm.playbook));
    let mut resource = json!({"Type": "AWS::CloudWatch::Alarm", "Properties": p});
    if alarm.anomaly_detector.is_some() && band_metric(alarm).is_some() {
        resource["DependsOn"] = json!([alarm.detector_logical_id()]);
    }
    retained(resource, alarm.adopt)
}

/// The properties of an alarm's resource in the first template (topics it creates are
/// `Ref`s): what CloudWatch should hold for it, in PutMetricAlarm's field names.
pub fn alarm_properties(repo: &ValidRepo, alarm: &Alarm) -> Map<String, Value> {
    match alarm_resource(alarm, &Actions { repo }, true)["Properties"].take() {
        Value::Object(properties) => properties,
        _ => Map::new(),
    }
}

/// The properties of a composite alarm's resource (see [`alarm_properties`]).
pub fn composite_properties(repo: &ValidRepo, alarm: &CompositeAlarm) -> Map<String, Value> {
    match composite_resource(alarm, &Actions { repo }, Vec::new())["Properties"].take() {
        Value::Object(properties) => properties,
        _ => Map::new(),
    }
}

/// An alarm as what notifies (for its actions).
fn notifying(alarm: &Alarm) -> Notifying<'_> {
    Notifying { channel: &alarm.channel, severity: alarm.severity, actions: &alarm.actions }
}

/// A composite alarm; `depends` are the logical ids of the alarms its rule and suppressor
/// name that this template holds.
fn composite_resource(alarm: &CompositeAlarm, actions: &Actions, depends: Vec<String>) -> Value {
    let base_url = actions.repo.policy.playbook_base_url.as_str();
    let mut p = Map::new();
    p.insert("AlarmName".into(), json!(alarm.cloudwatch_name()));
    p.insert("AlarmDescription".into(), json!(alarm.cloudwatch_description(base_url)));
    p.insert("AlarmRule".into(), json!(alarm.rule));
    let who = Notifying { channel: &alarm.channel, severity: alarm.severity, actions: &alarm.actions };
    actions.insert(&mut p, &who, alarm.actions_enabled, true);
    if let Some(suppressor) = &alarm.actions_suppressor {
        p.insert("ActionsSuppressor".into(), json!(suppressor.alarm));
        p.insert("ActionsSuppressorWaitPeriod".into(), json!(suppressor.wait_period));
        p.insert("ActionsSuppressorExtensionPeriod".into(), json!(suppressor.extension_period));
    }
    p.insert("Tags".into(), tags(alarm.severity, &alarm.channel, &alarm.playbook));
    let mut resource = json!({"Type": "AWS::CloudWatch::CompositeAlarm", "Properties": p});
    if !depends.is_empty() {
        resource["DependsOn"] = json!(depends);
    }
    retained(resource, alarm.adopt)
}

/// What an alarm's actions depend on.
struct Notifying<'a> {
    channel: &'a str,
    severity: AlarmSeverity,
    actions: &'a crate::config::Actions,
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

/// The channels that get a topic created (used by an alarm, no `sns_topic` declared), in
/// policy order.
fn created_channels(repo: &ValidRepo) -> Vec<String> {
    let used: BTreeSet<&str> = repo
        .alarms
        .iter()
        .map(|a| a.channel.as_str())
        .chain(repo.composite_alarms.iter().map(|a| a.channel.as_str()))
        .collect();
    repo.policy
        .channels
        .iter()
        .filter(|c| used.contains(c.key.as_str()) && c.sns_topic.is_none())
        .map(|c| c.key.clone())
        .collect()
}

/// The severities that page through an HTTPS endpoint (a topic and a subscription created,
/// the endpoint a template parameter), with the parameter's name.
pub fn endpoint_pages(repo: &ValidRepo) -> Vec<(AlarmSeverity, String)> {
    [AlarmSeverity::Critical, AlarmSeverity::Warning]
        .into_iter()
        .filter(|s| {
            repo.alarms.iter().any(|a| a.severity == *s) || repo.composite_alarms.iter().any(|a| a.severity == *s)
        })
        .filter_map(|s| Some((s, repo.policy.paging.of(s)?.endpoint_parameter.clone()?)))
        .collect()
}

/// The shared resources of the first stack, by logical id.
fn shared(repo: &ValidRepo, channels: &BTreeSet<String>) -> Map<String, Value> {
    let policy = &repo.policy;
    let mut resources = Map::new();
    for (severity, parameter) in endpoint_pages(repo) {
        let topic_id = severity.paging_topic_id();
        let via = policy.paging.of(severity).map_or("", |p| p.via.as_str());
        resources.insert(
            topic_id.clone(),
            json!({
                "Type": "AWS::SNS::Topic",
                "Properties": {
                    "DisplayName": format!("oncall {} pages", severity.as_str()),
                    "Tags": [{"Key": "oncall:paging", "Value": severity.as_str()}],
                },
            }),
        );
        resources.insert(
            format!("{topic_id}Subscription"),
            json!({
                "Type": "AWS::SNS::Subscription",
                "Metadata": {"Purpose": format!("pages {} alarms through {via}", severity.as_str())},
                "Properties": {"TopicArn": {"Ref": topic_id}, "Protocol": "https", "Endpoint": {"Ref": parameter}},
            }),
        );
    }
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

/// The files of a resource import into the `n`-th template's stack
/// (`cloudformation/import/alarms[-N].yaml` and `.json`): a template holding only the adopted
/// alarms, as they stand, and the `--resources-to-import` list. An import may create nothing
/// else, so actions on topics the stack is yet to create, DependsOn on resources outside the
/// import and anomaly models are left out; the deploy after the import adds them.
fn import_files(n: usize, adopted: Vec<(String, Value)>) -> Vec<(String, String)> {
    let ids: BTreeSet<String> = adopted.iter().map(|(id, _)| id.clone()).collect();
    let mut resources = Map::new();
    let mut list = Vec::new();
    for (id, mut resource) in adopted {
        let kind = resource["Type"].clone();
        let properties = resource["Properties"].as_object_mut().expect("resources have properties");
        for state in AlarmState::ALL {
            let key = state.property();
            if let Some(Value::Array(actions)) = properties.get_mut(key) {
                actions.retain(Value::is_string);
                if actions.is_empty() {
                    properties.shift_remove(key);
                }
            }
        }
        let name = properties["AlarmName"].clone();
        if let Some(Value::Array(depends)) = resource.get_mut("DependsOn") {
            depends.retain(|d| d.as_str().is_some_and(|d| ids.contains(d)));
            if depends.is_empty() {
                resource.as_object_mut().expect("resources are maps").shift_remove("DependsOn");
            }
        }
        list.push(json!({"ResourceType": kind, "LogicalResourceId": id, "ResourceIdentifier": {"AlarmName": name}}));
        resources.insert(id, resource);
    }
    let mut head = Map::new();
    head.insert("AWSTemplateFormatVersion".into(), json!("2010-09-09"));
    head.insert(
        "Description".into(),
        json!(format!(
            "Resource import of the alarms adopted into {}: only they, as they stand (see the README, \"Adopting an account's alarms\").",
            file_name(n)
        )),
    );
    // No parameters: what would use them (the main stack's topics) is left for the deploy.
    let mut text = String::new();
    yaml::entries(&mut text, &head, 0);
    text.push_str("Resources:\n");
    yaml::entries(&mut text, &resources, 2);
    let stem = file_name(n).trim_start_matches("cloudformation/").trim_end_matches(".yaml").to_string();
    let mut json_text = serde_json::to_string_pretty(&list).expect("lists serialise");
    json_text.push('\n');
    vec![
        (format!("cloudformation/import/{stem}.yaml"), text),
        (format!("cloudformation/import/{stem}.json"), json_text),
    ]
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
    let alarms: Vec<&Alarm> = repo.alarms.iter().collect();
    let used = created_channels(repo);
    let channels: BTreeSet<String> = used.iter().cloned().collect();
    let shared = shared(repo, &channels);
    let actions = Actions { repo };
    if shared.is_empty() && alarms.is_empty() && repo.composite_alarms.is_empty() {
        return Vec::new();
    }
    // Composite alarms stay in the first template, after every alarm (DependsOn).
    let composites_bytes: usize = repo
        .composite_alarms
        .iter()
        .map(|a| {
            let mut text = String::new();
            yaml::entry(&mut text, &a.logical_id(), &composite_resource(a, &actions, Vec::new()), 2, true);
            text.len() + 40 * a.rule.matches('(').count()
        })
        .sum();
    // Per template: its alarms (logical id, resource) and its size so far.
    let shared_bytes = {
        let mut text = String::new();
        yaml::entries(&mut text, &shared, 2);
        text.len()
    };
    let mut buckets: Vec<Bucket> =
        vec![(Vec::new(), shared.len() + repo.composite_alarms.len(), shared_bytes + composites_bytes)];
    // Each alarm is serialised once, on every core, as it will stand in a template: indented
    // under `Resources`, in its larger form (importing the topic). Templates after the first
    // are assembled from these texts; the first refers to its topics, and is written anew.
    let serialise = |a: &&Alarm| {
        let mut text = String::new();
        if let Some((id, detector)) = anomaly_detector(a) {
            yaml::entry(&mut text, &id, &detector, 2, true);
        }
        yaml::entry(&mut text, &a.logical_id(), &alarm_resource(a, &actions, false), 2, true);
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
        bucket.1 += 1 + usize::from(item.1.anomaly_detector.is_some());
        bucket.2 += item.2.len();
    }
    let mut pending = Vec::new();
    for item in &sized {
        match previous.get(&item.0) {
            Some(n) if buckets.get(*n).is_none_or(|b| fits(b, item.2.len())) => place(&mut buckets, *n, item),
            _ => pending.push(item),
        }
    }
    // Composite alarms live in the first template and CloudWatch refuses a rule over an alarm
    // that does not exist yet: a new alarm a composite names goes to the first template while
    // it has room (the reserve for new channels included).
    let named: BTreeSet<String> = repo.composite_alarms.iter().flat_map(|c| c.named_alarms()).collect();
    for item in pending {
        if named.contains(item.1.cloudwatch_name()) && fits(&buckets[0], item.2.len()) {
            place(&mut buckets, 0, item);
            continue;
        }
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
    let first_alarms: BTreeMap<&str, String> = buckets[0]
        .0
        .iter()
        .map(|(id, a, _)| (a.cloudwatch_name(), id.clone()))
        .chain(repo.composite_alarms.iter().map(|a| (a.cloudwatch_name(), a.logical_id())))
        .collect();
    let pages = endpoint_pages(repo);
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
        } else if !pages.is_empty() {
            let parameters: Map<String, Value> = pages
                .iter()
                .map(|(severity, parameter)| {
                    let via = repo.policy.paging.of(*severity).map_or("", |p| p.via.as_str());
                    (
                        parameter.clone(),
                        json!({
                            "Type": "String",
                            "NoEcho": true,
                            "AllowedPattern": "^https://.+",
                            "ConstraintDescription": "an https:// URL",
                            "Description": format!("The HTTPS endpoint {} alarms page ({via}); given at deploy, never committed.", severity.as_str()),
                        }),
                    )
                })
                .collect();
            head.insert("Parameters".into(), Value::Object(parameters));
        }
        // What CloudFormation's resource import needs for the alarms adopted from the account.
        let mut adopted: Vec<(String, Value)> = Vec::new();
        let mut text = String::with_capacity(*bytes + HEADER_BYTES);
        yaml::entries(&mut text, &head, 0);
        text.push_str("Resources:\n");
        if n == 0 {
            yaml::entries(&mut text, &shared, 2);
        }
        for (id, alarm, serialised) in alarms.iter() {
            if n == 0 {
                if let Some((detector_id, detector)) = anomaly_detector(alarm) {
                    yaml::entry(&mut text, &detector_id, &detector, 2, true);
                }
                yaml::entry(&mut text, id, &alarm_resource(alarm, &actions, true), 2, true);
            } else {
                text.push_str(serialised);
            }
            if alarm.adopt {
                adopted.push((id.clone(), alarm_resource(alarm, &actions, n == 0)));
            }
        }
        if n == 0 {
            for composite in &repo.composite_alarms {
                let mut depends: Vec<String> = composite
                    .named_alarms()
                    .into_iter()
                    .filter_map(|name| first_alarms.get(name.as_str()).cloned())
                    .filter(|id| *id != composite.logical_id())
                    .collect();
                depends.sort();
                depends.dedup();
                let resource = composite_resource(composite, &actions, depends);
                yaml::entry(&mut text, &composite.logical_id(), &resource, 2, true);
                if composite.adopt {
                    adopted.push((composite.logical_id(), resource));
                }
            }
        }
        if !adopted.is_empty() {
            out.extend(import_files(n, adopted));
        }
        let mut tail = Map::new();
        let placeholder = alarms.is_empty() && (n > 0 || (shared.is_empty() && repo.composite_alarms.is_empty()));
        if placeholder {
            let resource = json!({"Type": "AWS::CloudFormation::WaitConditionHandle", "Metadata": {"Purpose": "keeps this part's stack while it has no alarms"}});
            yaml::entry(&mut text, "Placeholder", &resource, 2, true);
            // The parameter stays (the pipeline passes it to every part), and is used here.
            tail.insert("Outputs".into(), json!({"MainStack": {"Description": "The stack this part belongs to", "Value": {"Ref": "MainStackName"}}}));
        }
        if n == 0 && !(used.is_empty() && pages.is_empty()) {
            let topics = used
                .iter()
                .map(|channel| (logical_id("Topic", channel), format!("SNS topic of #{channel} alarms")))
                .chain(pages.iter().map(|(severity, _)| {
                    (severity.paging_topic_id(), format!("SNS topic paging {} alarms", severity.as_str()))
                }));
            let outputs: Map<String, Value> = topics
                .map(|(id, description)| {
                    let mut output = json!({"Description": description, "Value": {"Ref": id}});
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
