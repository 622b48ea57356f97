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
    #[serde(default)]
    pub alarms: Vec<Alarm>,
    /// CloudWatch Logs metric filters, e.g. slow SQL statements in the database log.
    #[serde(default)]
    pub log_metric_filters: Vec<LogMetricFilter>,
}

/// A CloudWatch alarm: `metric` for a single metric, or `metrics` for metric math.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Alarm {
    /// Unique across all files; the CloudWatch alarm name.
    #[schemars(pattern(r"^[a-z][a-z0-9-]*$"))]
    pub id: String,
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
    /// The value compared with the statistic.
    pub threshold: f64,
    /// How the statistic is compared with the threshold.
    pub comparison: Comparison,
    /// How missing data points are treated.
    #[serde(default)]
    pub treat_missing_data: TreatMissingData,
    /// critical or warning.
    pub severity: AlarmSeverity,
    /// A key of `channels` in policy.yaml: where the alarm is posted.
    pub channel: String,
    /// The id of the playbook whoever is on duty follows.
    pub playbook: String,
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
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"minLength": 1, "maxLength": 255}, "additionalProperties" = {"type": "string", "minLength": 1, "maxLength": 255}))]
    pub dimensions: IndexMap<String, String>,
    /// SampleCount, Average, Sum, Minimum, Maximum, or an extended statistic such as p99.
    pub statistic: String,
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
}

impl JsonSchema for Comparison {
    fn schema_name() -> Cow<'static, str> {
        "Comparison".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "How the statistic is compared with the threshold: a CloudWatch name or >, >=, <, <=.",
            "type": "string",
            "enum": [
                "GreaterThanThreshold", "GreaterThanOrEqualToThreshold",
                "LessThanThreshold", "LessThanOrEqualToThreshold",
                ">", ">=", "<", "<="
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

impl AlarmSeverity {
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

    /// The CloudWatch alarm name.
    pub fn cloudwatch_name(&self) -> &str {
        &self.id
    }

    /// The CloudWatch alarm description: the description, the severity and the playbook link.
    pub fn cloudwatch_description(&self, playbook_base_url: &str) -> String {
        format!(
            "{}\nSeverity: {}\nPlaybook: {}{}.md",
            self.description.trim_end(),
            self.severity.as_str(),
            playbook_base_url,
            self.playbook
        )
    }
}
