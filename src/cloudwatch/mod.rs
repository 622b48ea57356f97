//! The account's side of the alarms: what `aws cloudwatch describe-alarms` prints, read into
//! alarm records ([`read`]), turned into configuration ([`import`]), and compared with the
//! configuration field by field ([`drift`]). Both directions speak the PutMetricAlarm field
//! names, which the CloudFormation properties share, and compare through one normal form
//! ([`normal`]).

pub mod drift;
pub mod import;

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// One input file of describe-alarms output: its name (`-` for stdin) and text.
pub struct Input {
    pub name: String,
    pub text: String,
}

/// An alarm as describe-alarms printed it, with the input it came from.
#[derive(Clone, Debug)]
pub struct Described {
    pub fields: Map<String, Value>,
    /// The input's name and the alarm's index in its list.
    pub from: String,
}

impl Described {
    pub fn name(&self) -> &str {
        self.fields.get("AlarmName").and_then(Value::as_str).unwrap_or("")
    }
}

/// Every alarm of the inputs, metric and composite apart, in input order.
#[derive(Clone, Debug, Default)]
pub struct Account {
    pub metric: Vec<Described>,
    pub composite: Vec<Described>,
}

/// Why the inputs are not describe-alarms output; the message names the file and place.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ReadError(pub String);

/// Reads describe-alarms JSON: one or more pages (`{"MetricAlarms": [...],
/// "CompositeAlarms": [...], "NextToken": ...}`). Refuses input that is not JSON or is cut
/// short (with the line and column), is not describe-alarms output, holds an alarm without
/// a name, or names the same alarm twice.
pub fn read(inputs: &[Input]) -> Result<Account, ReadError> {
    let mut account = Account::default();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for input in inputs {
        // A byte-order mark (PowerShell's redirection writes one) is not part of the JSON.
        let text = input.text.strip_prefix('\u{feff}').unwrap_or(&input.text);
        let value: Value = serde_json::from_str(text).map_err(|e| {
            let what = if e.is_eof() { "the JSON ends early (truncated?)" } else { "not JSON" };
            ReadError(format!(
                "{}:{}:{}: {what}: {e}; give the output of `aws cloudwatch describe-alarms --alarm-types MetricAlarm CompositeAlarm --output json`",
                input.name,
                e.line(),
                e.column()
            ))
        })?;
        let Value::Object(mut page) = value else {
            return Err(ReadError(format!(
                "{}: not describe-alarms output (a JSON object with MetricAlarms and CompositeAlarms)",
                input.name
            )));
        };
        if !page.contains_key("MetricAlarms") && !page.contains_key("CompositeAlarms") {
            let keys: Vec<&str> = page.keys().map(String::as_str).take(5).collect();
            return Err(ReadError(format!(
                "{}: not describe-alarms output: no `MetricAlarms` or `CompositeAlarms` (found {})",
                input.name,
                if keys.is_empty() { "an empty object".to_string() } else { keys.join(", ") }
            )));
        }
        for (key, out) in [("MetricAlarms", &mut account.metric), ("CompositeAlarms", &mut account.composite)] {
            let Some(list) = page.remove(key) else { continue };
            let Value::Array(list) = list else {
                return Err(ReadError(format!("{}: `{key}` is not a list", input.name)));
            };
            for (i, alarm) in list.into_iter().enumerate() {
                let from = format!("{}: {key}[{i}]", input.name);
                let Value::Object(fields) = alarm else {
                    return Err(ReadError(format!("{from} is not an alarm object")));
                };
                let Some(name) = fields.get("AlarmName").and_then(Value::as_str).filter(|n| !n.is_empty()) else {
                    return Err(ReadError(format!("{from} has no AlarmName")));
                };
                if let Some(first) = seen.insert(name.to_string(), from.clone()) {
                    return Err(ReadError(format!(
                        "{from} names the alarm `{name}` again (first at {first}); give each page once"
                    )));
                }
                out.push(Described { fields, from });
            }
        }
    }
    Ok(account)
}

/// The fields of an alarm that configuration decides, in a normal form both sides compare
/// equal in: CloudWatch's defaults filled in (TreatMissingData `missing`, DatapointsToAlarm
/// = EvaluationPeriods, ReturnData true), empty lists dropped, dimensions sorted, numbers as
/// numbers. Actions stay as given (the caller resolves topics it created).
pub fn normal(fields: &Map<String, Value>) -> BTreeMap<&'static str, Value> {
    const KEPT: [&str; 25] = [
        "AlarmName",
        "AlarmDescription",
        "ActionsEnabled",
        "AlarmActions",
        "OKActions",
        "InsufficientDataActions",
        "Namespace",
        "MetricName",
        "Dimensions",
        "Statistic",
        "ExtendedStatistic",
        "Period",
        "Unit",
        "EvaluationPeriods",
        "DatapointsToAlarm",
        "Threshold",
        "ComparisonOperator",
        "TreatMissingData",
        "EvaluateLowSampleCountPercentile",
        "Metrics",
        "ThresholdMetricId",
        "AlarmRule",
        "ActionsSuppressor",
        "ActionsSuppressorWaitPeriod",
        "ActionsSuppressorExtensionPeriod",
    ];
    let mut out = BTreeMap::new();
    for key in KEPT {
        let Some(value) = fields.get(key) else { continue };
        let value = match key {
            "Dimensions" => dimensions(value),
            "Metrics" => Value::Array(value.as_array().map(|m| m.iter().map(query).collect()).unwrap_or_default()),
            "Threshold" => value.as_f64().map_or(value.clone(), Value::from),
            // Given as a name or an ARN; CloudWatch may answer with either.
            "ActionsSuppressor" => {
                value.as_str().map_or(value.clone(), |s| Value::from(crate::config::rule::alarm_name(s)))
            }
            _ => value.clone(),
        };
        if value.is_null() || value.as_array().is_some_and(Vec::is_empty) || value.as_str() == Some("") {
            continue;
        }
        out.insert(key, value);
    }
    let composite = out.contains_key("AlarmRule");
    if !composite {
        out.entry("TreatMissingData").or_insert_with(|| Value::from("missing"));
        if let Some(n) = out.get("EvaluationPeriods").cloned() {
            out.entry("DatapointsToAlarm").or_insert(n);
        }
    }
    out.entry("ActionsEnabled").or_insert(Value::Bool(true));
    out
}

fn dimensions(value: &Value) -> Value {
    let mut list: Vec<Value> = value.as_array().cloned().unwrap_or_default();
    list.sort_by_key(|d| d.get("Name").and_then(Value::as_str).unwrap_or("").to_string());
    Value::Array(list)
}

/// A metric-math entry in normal form.
fn query(entry: &Value) -> Value {
    let mut out = Map::new();
    for key in ["Id", "Expression", "Label"] {
        if let Some(v) = entry.get(key).filter(|v| !v.is_null()) {
            out.insert(key.into(), v.clone());
        }
    }
    out.insert("ReturnData".into(), entry.get("ReturnData").cloned().unwrap_or(Value::Bool(true)));
    if let Some(stat) = entry.get("MetricStat") {
        let mut s = Map::new();
        let metric = stat.get("Metric").cloned().unwrap_or(Value::Null);
        let mut m = Map::new();
        for key in ["Namespace", "MetricName"] {
            if let Some(v) = metric.get(key) {
                m.insert(key.into(), v.clone());
            }
        }
        if let Some(d) = metric.get("Dimensions").filter(|d| d.as_array().is_some_and(|a| !a.is_empty())) {
            m.insert("Dimensions".into(), dimensions(d));
        }
        s.insert("Metric".into(), Value::Object(m));
        for key in ["Period", "Stat", "Unit"] {
            if let Some(v) = stat.get(key).filter(|v| !v.is_null()) {
                s.insert(key.into(), v.clone());
            }
        }
        out.insert("MetricStat".into(), Value::Object(s));
    }
    if let Some(v) = entry.get("Period").filter(|v| !v.is_null()) {
        out.insert("Period".into(), v.clone());
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, text: &str) -> Input {
        Input { name: name.into(), text: text.into() }
    }

    #[test]
    fn refuses_what_is_not_describe_alarms_output() {
        let error = |inputs: &[Input]| read(inputs).unwrap_err().0;
        assert_eq!(
            error(&[input("a.json", "{\"MetricAlarms\": [{\"AlarmName\": \"x\"")]),
            "a.json:1:35: the JSON ends early (truncated?): EOF while parsing an object at line 1 column 35; give the output of `aws cloudwatch describe-alarms --alarm-types MetricAlarm CompositeAlarm --output json`"
        );
        assert_eq!(
            error(&[input("a.json", "{\"Topics\": []}")]),
            "a.json: not describe-alarms output: no `MetricAlarms` or `CompositeAlarms` (found Topics)"
        );
        assert_eq!(
            error(&[
                input("p1.json", "{\"MetricAlarms\": [{\"AlarmName\": \"x\"}], \"NextToken\": \"t\"}"),
                input("p2.json", "{\"MetricAlarms\": [], \"CompositeAlarms\": [{\"AlarmName\": \"x\"}]}"),
            ]),
            "p2.json: CompositeAlarms[0] names the alarm `x` again (first at p1.json: MetricAlarms[0]); give each page once"
        );
        assert_eq!(error(&[input("-", "{\"MetricAlarms\": [{}]}")]), "-: MetricAlarms[0] has no AlarmName");
    }
}
