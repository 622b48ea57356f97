//! `alarms/*.yaml`: CloudWatch alarms (single metric or metric math) and log metric filters.

use indexmap::IndexMap;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// One file of alarms, usually one per service or area.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AlarmsFile {
    /// CloudWatch alarms.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alarms: Vec<Alarm>,
    /// Composite alarms: a rule over other alarms' states.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub composite_alarms: Vec<CompositeAlarm>,
    /// CloudWatch names of alarms managed elsewhere that composite rules and action
    /// suppressors here may name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(inner(length(min = 1, max = 255)), extend("uniqueItems" = true))]
    pub external_alarms: Vec<String>,
    /// CloudWatch Logs metric filters, e.g. slow SQL statements in the database log.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub log_metric_filters: Vec<LogMetricFilter>,
}

/// A CloudWatch alarm: `metric` for a single metric, or `metrics` for metric math.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Alarm {
    /// Unique across all files: the key the repository and CloudFormation know the alarm by.
    #[schemars(pattern(r"^[a-z][a-z0-9-]*$"))]
    pub id: String,
    /// The CloudWatch alarm name (1-255 characters, no control characters); default the id.
    /// An alarm adopted from an account keeps its name here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 255))]
    pub name: Option<String>,
    /// What is wrong when the alarm fires, in one sentence.
    pub description: String,
    /// The metric the alarm watches (single-metric alarm).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<MetricStat>,
    /// Metric math: metrics and expressions, exactly one with `return: true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Vec<MetricQuery>>,
    /// Seconds: 10, 20, 30 or a multiple of 60.
    pub period: u32,
    /// How many periods are evaluated.
    pub evaluation_periods: u32,
    /// How many of the evaluated periods must breach ("M out of N"); default all of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datapoints_to_alarm: Option<u32>,
    /// The value compared with the statistic (static thresholds; not with an anomaly band).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// Anomaly detection: the id of the `metrics` entry whose expression is
    /// `ANOMALY_DETECTION_BAND(m, width)`, used as the threshold with the comparisons
    /// GreaterThanUpperThreshold, LessThanLowerThreshold, LessThanLowerOrGreaterThanUpperThreshold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold_metric_id: Option<String>,
    /// Creates the anomaly detection model of the band's metric
    /// (`AWS::CloudWatch::AnomalyDetector`) with these settings; without it CloudWatch creates
    /// a default model when the alarm is created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anomaly_detector: Option<AnomalyModel>,
    /// How the statistic is compared with the threshold.
    pub comparison: Comparison,
    /// How missing data points are treated.
    #[serde(default)]
    pub treat_missing_data: TreatMissingData,
    /// Percentile alarms only: `ignore` keeps the state while too few data points are
    /// statistically significant; `evaluate` (CloudWatch's default) always evaluates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluate_low_sample_count_percentile: Option<LowSampleCount>,
    /// critical or warning.
    pub severity: AlarmSeverity,
    /// A key of `channels` in policy.yaml: where the alarm is posted.
    pub channel: String,
    /// The id of the playbook whoever is on duty follows.
    pub playbook: String,
    /// Actions beside the channel's topic (and the policy's paging), per state.
    #[serde(default, skip_serializing_if = "Actions::is_default")]
    pub actions: Actions,
    /// Whether CloudWatch runs the actions on a change of state; default true.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub actions_enabled: bool,
    /// The alarm already exists in the account (`oncall import` sets this): the template
    /// retains it (DeletionPolicy and UpdateReplacePolicy `Retain`) and lists it for
    /// CloudFormation's resource import. Remove once the stack holds it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub adopt: bool,
}

fn yes() -> bool {
    true
}

fn is_true(value: &bool) -> bool {
    *value
}

/// A composite alarm: its state follows a rule over other alarms' states.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CompositeAlarm {
    /// Unique across all alarms of all files: the repository's key.
    #[schemars(pattern(r"^[a-z][a-z0-9-]*$"))]
    pub id: String,
    /// The CloudWatch alarm name (1-255 characters); default the id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 255))]
    pub name: Option<String>,
    /// What is wrong when the alarm fires, in one sentence.
    pub description: String,
    /// The rule: `ALARM(name)`, `OK(name)`, `INSUFFICIENT_DATA(name)`, `TRUE`, `FALSE`,
    /// combined with AND, OR, NOT and parentheses; names are CloudWatch alarm names (quote
    /// those with spaces or parentheses), of alarms here or in `external_alarms`.
    #[schemars(length(min = 1))]
    pub rule: String,
    /// critical or warning.
    pub severity: AlarmSeverity,
    /// A key of `channels` in policy.yaml: where the alarm is posted.
    pub channel: String,
    /// The id of the playbook whoever is on duty follows.
    pub playbook: String,
    /// Actions beside the channel's topic (and the policy's paging), per state.
    #[serde(default, skip_serializing_if = "Actions::is_default")]
    pub actions: Actions,
    /// Whether CloudWatch runs the actions on a change of state; default true.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub actions_enabled: bool,
    /// The alarm already exists in the account (`oncall import` sets this): the template
    /// retains it (DeletionPolicy and UpdateReplacePolicy `Retain`) and lists it for
    /// CloudFormation's resource import. Remove once the stack holds it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub adopt: bool,
    /// No actions while this alarm (a name here or external) is in ALARM, e.g. a
    /// maintenance window or an upstream outage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions_suppressor: Option<Suppressor>,
}

/// An actions suppressor of a composite alarm.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Suppressor {
    /// The suppressing alarm's CloudWatch name (or ARN).
    #[schemars(length(min = 1, max = 1600))]
    pub alarm: String,
    /// Seconds to wait for the suppressor to go into ALARM before acting; default 60.
    #[serde(default = "sixty")]
    pub wait_period: u32,
    /// Seconds actions stay suppressed after the suppressor leaves ALARM; default 60.
    #[serde(default = "sixty")]
    pub extension_period: u32,
}

fn sixty() -> u32 {
    60
}

/// An alarm's actions per state, beside the channel's topic.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Actions {
    /// ARNs run on entering ALARM: an SNS topic (PagerDuty, xMatters), a Lambda function,
    /// an Auto Scaling policy, an EC2 action, a Systems Manager OpsItem or incident plan.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alarm: Vec<String>,
    /// ARNs run on entering OK.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ok: Vec<String>,
    /// ARNs run on entering INSUFFICIENT_DATA.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub insufficient_data: Vec<String>,
    /// The states whose changes are posted to the channel, each once and at least one;
    /// default `[alarm, ok]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1), extend("uniqueItems" = true))]
    pub channel_states: Option<Vec<AlarmState>>,
}

impl Actions {
    pub fn is_default(&self) -> bool {
        *self == Actions::default()
    }

    /// The states posted to the channel.
    pub fn channel_states(&self) -> &[AlarmState] {
        self.channel_states.as_deref().unwrap_or(&[AlarmState::Alarm, AlarmState::Ok])
    }

    /// The actions of `state` as CloudWatch receives them: the channel's topic when the
    /// channel hears that state, the page on ALARM and OK, then the alarm's own ARNs, each
    /// once. Templates build them as values, lint counts them as strings.
    pub fn resolved<T: PartialEq>(
        &self,
        state: AlarmState,
        channel: T,
        page: Option<T>,
        arn: impl Fn(&str) -> T,
    ) -> Vec<T> {
        let mut out = Vec::new();
        let mut push = |item: T| {
            if !out.contains(&item) {
                out.push(item);
            }
        };
        if self.channel_states().contains(&state) {
            push(channel);
        }
        if let Some(page) = page.filter(|_| matches!(state, AlarmState::Alarm | AlarmState::Ok)) {
            push(page);
        }
        for own in self.of(state) {
            push(arn(own));
        }
        out
    }

    /// The external actions of one state.
    pub fn of(&self, state: AlarmState) -> &[String] {
        match state {
            AlarmState::Alarm => &self.alarm,
            AlarmState::Ok => &self.ok,
            AlarmState::InsufficientData => &self.insufficient_data,
        }
    }
}

/// An alarm state.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum AlarmState {
    Alarm,
    Ok,
    InsufficientData,
}

impl AlarmState {
    pub const ALL: [AlarmState; 3] = [AlarmState::Alarm, AlarmState::Ok, AlarmState::InsufficientData];

    /// The CloudFormation property of this state's actions.
    pub fn property(self) -> &'static str {
        match self {
            AlarmState::Alarm => "AlarmActions",
            AlarmState::Ok => "OKActions",
            AlarmState::InsufficientData => "InsufficientDataActions",
        }
    }

    /// The key in `actions`.
    pub fn key(self) -> &'static str {
        match self {
            AlarmState::Alarm => "alarm",
            AlarmState::Ok => "ok",
            AlarmState::InsufficientData => "insufficient_data",
        }
    }
}

/// `evaluate_low_sample_count_percentile`.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LowSampleCount {
    Evaluate,
    Ignore,
}

/// Settings of an anomaly detection model.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AnomalyModel {
    /// IANA time zone the model follows across daylight-saving changes, e.g. Europe/Warsaw.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// True when regular spikes (a nightly batch) are not anomalies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub periodic_spikes: Option<bool>,
    /// Time ranges left out of training (deployments, incidents), UTC.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded_time_ranges: Vec<TimeRange>,
}

/// A time range in UTC, `YYYY-MM-DDTHH:MM:SS`.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TimeRange {
    pub start: chrono::NaiveDateTime,
    pub end: chrono::NaiveDateTime,
}

/// A metric and the statistic taken of it.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MetricStat {
    /// CloudWatch namespace, e.g. AWS/ApplicationELB (1-255 characters, not starting with `:`).
    #[schemars(length(min = 1, max = 255), pattern(r"^[^:]"))]
    pub namespace: String,
    /// Metric name, e.g. HTTPCode_Target_5XX_Count (1-255 characters).
    #[schemars(length(min = 1, max = 255))]
    pub name: String,
    /// Dimension name -> value (at most 30; names and values 1-255 characters).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    #[schemars(extend("propertyNames" = {"minLength": 1, "maxLength": 255}, "additionalProperties" = {"type": "string", "minLength": 1, "maxLength": 255}))]
    pub dimensions: IndexMap<String, String>,
    /// SampleCount, Average, Sum, Minimum, Maximum, or an extended statistic such as p99.
    pub statistic: String,
    /// The unit the metric is published in (one of CloudWatch's units, e.g. Milliseconds,
    /// Count, Bytes/Second); data in other units is ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// One entry of a metric-math alarm's `metrics`: a metric or an expression.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MetricQuery {
    /// Name used in expressions: `^[a-z][a-zA-Z0-9_]*$`.
    pub id: String,
    /// A metric (give either `metric` or `expression`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<MetricStat>,
    /// A metric-math expression over the other ids, e.g. `100 * errors / requests`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub expression: Option<String>,
    /// Human-readable label of the time series.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// True on exactly one entry: the series the alarm evaluates.
    #[serde(default, rename = "return")]
    pub return_data: bool,
}

/// Comparison operators: CloudWatch names or the shorthands `>`, `>=`, `<`, `<=`.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub enum Comparison {
    #[serde(alias = ">")]
    GreaterThanThreshold,
    #[serde(alias = ">=")]
    GreaterThanOrEqualToThreshold,
    #[serde(alias = "<")]
    LessThanThreshold,
    #[serde(alias = "<=")]
    LessThanOrEqualToThreshold,
    /// Anomaly detection: above the band.
    GreaterThanUpperThreshold,
    /// Anomaly detection: below the band.
    LessThanLowerThreshold,
    /// Anomaly detection: outside the band.
    LessThanLowerOrGreaterThanUpperThreshold,
}

impl Comparison {
    /// Whether this compares with an anomaly detection band.
    pub fn is_band(self) -> bool {
        matches!(
            self,
            Comparison::GreaterThanUpperThreshold
                | Comparison::LessThanLowerThreshold
                | Comparison::LessThanLowerOrGreaterThanUpperThreshold
        )
    }
}

impl JsonSchema for Comparison {
    fn schema_name() -> Cow<'static, str> {
        "Comparison".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "How the statistic is compared with the threshold: a CloudWatch name or >, >=, <, <=; with an anomaly band GreaterThanUpperThreshold, LessThanLowerThreshold or LessThanLowerOrGreaterThanUpperThreshold.",
            "type": "string",
            "enum": [
                "GreaterThanThreshold", "GreaterThanOrEqualToThreshold",
                "LessThanThreshold", "LessThanOrEqualToThreshold",
                ">", ">=", "<", "<=",
                "GreaterThanUpperThreshold", "LessThanLowerThreshold",
                "LessThanLowerOrGreaterThanUpperThreshold"
            ]
        })
    }
}

/// How CloudWatch treats missing data points.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum TreatMissingData {
    Breaching,
    NotBreaching,
    Ignore,
    #[default]
    Missing,
}

/// How urgent an alarm is.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum AlarmSeverity {
    Critical,
    Warning,
}

impl CompositeAlarm {
    /// The CloudWatch names its rule and its actions suppressor name (ARNs as the name they
    /// end in); none when the rule does not parse.
    pub fn named_alarms(&self) -> Vec<String> {
        crate::config::rule::names(&self.rule)
            .into_iter()
            .chain(self.actions_suppressor.as_ref().map(|s| crate::config::rule::alarm_name(&s.alarm).to_string()))
            .collect()
    }

    /// The composite alarm's CloudFormation logical id.
    pub fn logical_id(&self) -> String {
        logical_id("Composite", &self.id)
    }

    /// The CloudWatch alarm name.
    pub fn cloudwatch_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }

    /// The CloudWatch alarm description: the description, the severity and the playbook link.
    pub fn cloudwatch_description(&self, playbook_base_url: &str) -> String {
        describe(&self.description, self.severity, playbook_base_url, &self.playbook)
    }
}

/// An alarm description as CloudWatch holds it: the text, the severity and the playbook link.
pub fn describe(description: &str, severity: AlarmSeverity, playbook_base_url: &str, playbook: &str) -> String {
    format!(
        "{}\nSeverity: {}\nPlaybook: {}{}.md",
        description.trim_end(),
        severity.as_str(),
        playbook_base_url,
        playbook
    )
}

/// The text an alarm description holds before the lines [`describe`] appends (an alarm read
/// back from CloudWatch that this tool wrote).
pub fn described(text: &str) -> &str {
    match text.rfind("\nSeverity: ") {
        Some(at) if text[at..].contains("\nPlaybook: ") => &text[..at],
        _ => text,
    }
}

impl AlarmSeverity {
    /// The logical id of the topic the template creates to page alarms of this severity
    /// through an HTTPS endpoint (`PageCritical`).
    pub fn paging_topic_id(self) -> String {
        logical_id("Page", self.as_str())
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AlarmSeverity::Critical => "critical",
            AlarmSeverity::Warning => "warning",
        }
    }
}

/// A CloudWatch Logs metric filter.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LogMetricFilter {
    /// Unique across all files.
    #[schemars(pattern(r"^[a-z][a-z0-9-]*$"))]
    pub id: String,
    /// The log group the filter reads.
    #[schemars(length(min = 1))]
    pub log_group: String,
    /// CloudWatch Logs filter pattern.
    #[schemars(length(min = 1))]
    pub pattern: String,
    /// The metric the filter publishes.
    pub metric: FilterMetric,
    /// Also generate a CloudWatch Logs Insights query for the weekly review of the matching
    /// statements, ranked by frequency. Default: on when the id mentions `slow`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekly_review: Option<bool>,
}

impl LogMetricFilter {
    /// Whether a weekly review query is generated for this filter.
    pub fn has_weekly_review(&self) -> bool {
        self.weekly_review.unwrap_or_else(|| self.id.contains("slow"))
    }
}

/// The metric a log metric filter publishes.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FilterMetric {
    /// CloudWatch namespace, e.g. Custom/Database (1-255 characters, not starting with `:`).
    #[schemars(length(min = 1, max = 255), pattern(r"^[^:]"))]
    pub namespace: String,
    /// Metric name, e.g. SlowQueries (1-255 characters).
    #[schemars(length(min = 1, max = 255))]
    pub name: String,
    /// The value published per matching event: a whole number or a `$.field` of JSON logs;
    /// default "1".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(pattern(r"^(([0-9]*)|(\$.*))$"))]
    pub value: Option<String>,
}

/// A CloudFormation logical id: `prefix` then each `-`/`_`-separated part of `id` capitalised
/// (`api-5xx-rate` -> `AlarmApi5xxRate`); only ASCII letters and digits survive.
pub fn logical_id(prefix: &str, id: &str) -> String {
    let mut out = String::from(prefix);
    for part in id.split(|c: char| !c.is_ascii_alphanumeric()).filter(|p| !p.is_empty()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    out
}

impl Alarm {
    /// The alarm's CloudFormation logical id.
    pub fn logical_id(&self) -> String {
        logical_id("Alarm", &self.id)
    }

    /// The logical id of the anomaly detection model its `anomaly_detector` creates.
    pub fn detector_logical_id(&self) -> String {
        logical_id("Detector", &self.id)
    }

    /// The CloudWatch alarm name.
    pub fn cloudwatch_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }

    /// The CloudWatch alarm description: the description, the severity and the playbook link.
    pub fn cloudwatch_description(&self, playbook_base_url: &str) -> String {
        describe(&self.description, self.severity, playbook_base_url, &self.playbook)
    }
}
