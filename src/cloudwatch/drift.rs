//! `oncall drift`: the account's alarms against the configuration. An alarm changed outside
//! git is reported field by field (a threshold edited in the console), one configured here
//! but absent from the account as missing, and one in the account that is neither
//! configured nor declared external as not managed here.

use super::{Account, normal};
use crate::model::ValidRepo;
use crate::render::cloudformation::{alarm_properties, composite_properties};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// One field that differs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Field {
    pub field: String,
    /// What the configuration says (null: absent).
    pub expected: Value,
    /// What the account holds (null: absent).
    pub actual: Value,
}

/// An alarm whose fields differ.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Changed {
    /// The CloudWatch name.
    pub alarm: String,
    /// The id in the configuration.
    pub id: String,
    pub fields: Vec<Field>,
}

/// An alarm named on one side only.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Named {
    pub alarm: String,
    /// The id in the configuration (missing alarms), or the input it was read from.
    pub at: String,
}

/// What `drift` found.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Drift {
    pub drift: bool,
    pub changed: Vec<Changed>,
    pub missing: Vec<Named>,
    pub unmanaged: Vec<Named>,
}

/// The logical id a generated topic reference names (`{"Ref": "TopicAlerts"}`, or the
/// import of the main stack's export in later parts).
fn created(reference: &Value) -> Option<String> {
    if let Some(id) = reference.get("Ref").and_then(Value::as_str) {
        return Some(id.to_string());
    }
    let sub = reference.get("Fn::ImportValue")?.get("Fn::Sub")?.as_str()?;
    sub.rsplit('-').next().map(str::to_string)
}

/// Whether an action the account holds is the one expected: the same ARN, or for a topic
/// the stack creates, a topic CloudFormation named after it (`STACK-TopicAlerts-RANDOM`).
fn same_action(expected: &Value, actual: &Value) -> bool {
    match (expected, actual.as_str()) {
        (Value::String(e), Some(a)) => e == a,
        (reference, Some(a)) => created(reference).is_some_and(|id| {
            let topic = a.rsplit(':').next().unwrap_or("");
            topic == id || topic.contains(&format!("-{id}-")) || topic.ends_with(&format!("-{id}"))
        }),
        _ => false,
    }
}

/// Actions compare as sets (CloudWatch keeps no order that matters).
fn same_actions(expected: &Value, actual: &Value) -> bool {
    fn list(v: &Value) -> &[Value] {
        v.as_array().map_or(&[], Vec::as_slice)
    }
    let (e, a) = (list(expected), list(actual));
    e.len() == a.len()
        && e.iter().all(|x| a.iter().any(|y| same_action(x, y)))
        && a.iter().all(|y| e.iter().any(|x| same_action(x, y)))
}

/// How an expected value reads in a report: created topics as `topic TopicAlerts of the stack`.
fn shown(value: &Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.iter().map(shown).collect()),
        other => match created(other) {
            Some(id) if other.is_object() => Value::String(format!("(the stack's topic {id})")),
            _ => other.clone(),
        },
    }
}

fn numbers_equal(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// The fields of `expected` and `actual` that differ, in a stable order.
pub fn compare(expected: &Map<String, Value>, actual: &Map<String, Value>) -> Vec<Field> {
    let (e, a) = (normal(expected), normal(actual));
    let keys: BTreeSet<&&str> = e.keys().chain(a.keys()).collect();
    let mut out = Vec::new();
    for key in keys {
        let (x, y) = (e.get(*key).unwrap_or(&Value::Null), a.get(*key).unwrap_or(&Value::Null));
        let same = if key.ends_with("Actions") { same_actions(x, y) } else { numbers_equal(x, y) };
        if !same {
            out.push(Field { field: key.to_string(), expected: shown(x), actual: y.clone() });
        }
    }
    out
}

/// Compares the account with the configuration.
pub fn drift(repo: &ValidRepo, account: &Account) -> Drift {
    let by_name: BTreeMap<&str, &super::Described> =
        account.metric.iter().chain(&account.composite).map(|d| (d.name(), d)).collect();
    // Each alarm compared on every core: its properties as the template has them against the
    // account's fields.
    enum Outcome {
        Same,
        Changed(Changed),
        Missing(Named),
    }
    let check = |name: &str, id: &str, expected: Map<String, Value>| match by_name.get(name) {
        Some(actual) => {
            let fields = compare(&expected, &actual.fields);
            if fields.is_empty() {
                Outcome::Same
            } else {
                Outcome::Changed(Changed { alarm: name.to_string(), id: id.to_string(), fields })
            }
        }
        None => Outcome::Missing(Named { alarm: name.to_string(), at: id.to_string() }),
    };
    let metric = crate::parallel::map(&repo.alarms, |a| check(a.cloudwatch_name(), &a.id, alarm_properties(repo, a)));
    let composite = crate::parallel::map(&repo.composite_alarms, |a| {
        check(a.cloudwatch_name(), &a.id, composite_properties(repo, a))
    });
    let managed: BTreeSet<&str> = repo
        .alarms
        .iter()
        .map(|a| a.cloudwatch_name())
        .chain(repo.composite_alarms.iter().map(|a| a.cloudwatch_name()))
        .collect();
    let mut out = Drift::default();
    for outcome in metric.into_iter().chain(composite) {
        match outcome {
            Outcome::Same => {}
            Outcome::Changed(changed) => out.changed.push(changed),
            Outcome::Missing(missing) => out.missing.push(missing),
        }
    }
    for (name, d) in by_name {
        if !managed.contains(name) && !repo.external_alarms.contains(name) {
            out.unmanaged.push(Named { alarm: name.to_string(), at: d.from.clone() });
        }
    }
    out.drift = !(out.changed.is_empty() && out.missing.is_empty() && out.unmanaged.is_empty());
    out
}

fn cell(value: &Value) -> String {
    let text = match value {
        Value::Null => "(absent)".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let text = text.replace('\n', " ⏎ ").replace('|', "\\|");
    format!("`{}`", text.replace('`', "'"))
}

/// The report as Markdown (for the engineering channel and the job summary).
pub fn markdown(drift: &Drift) -> String {
    if !drift.drift {
        return "# Alarm drift\n\nNo drift: every alarm in the account matches the configuration.\n".to_string();
    }
    let mut out = format!(
        "# Alarm drift\n\n{} changed outside git, {} missing from the account, {} not managed here.\n",
        drift.changed.len(),
        drift.missing.len(),
        drift.unmanaged.len()
    );
    if !drift.changed.is_empty() {
        out.push_str("\n## Changed outside git\n\n| alarm | field | configuration | account |\n|---|---|---|---|\n");
        for c in &drift.changed {
            for f in &c.fields {
                out.push_str(&format!(
                    "| {} (`{}`) | {} | {} | {} |\n",
                    c.alarm.replace('|', "\\|"),
                    c.id,
                    f.field,
                    cell(&f.expected),
                    cell(&f.actual)
                ));
            }
        }
        out.push_str("\nRun `oncall generate` and deploy to put the configuration back, or change the YAML to what the account holds.\n");
    }
    if !drift.missing.is_empty() {
        out.push_str("\n## Missing from the account\n\n");
        for m in &drift.missing {
            out.push_str(&format!(
                "- {} (`{}`): configured here, not in the account (not deployed yet, or deleted by hand)\n",
                m.alarm, m.at
            ));
        }
    }
    if !drift.unmanaged.is_empty() {
        out.push_str("\n## Not managed here\n\n");
        for m in &drift.unmanaged {
            out.push_str(&format!("- {} ({})\n", m.alarm, m.at));
        }
        out.push_str("\nBring them in with `oncall import cloudwatch`, or list them in `external_alarms`.\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn topics_the_stack_created_match_by_their_cloudformation_name() {
        let arn = json!("arn:aws:sns:eu-central-1:123456789012:oncall-alarms-TopicAlerts-1X2Y3Z4W5V6U");
        assert!(same_action(&json!({"Ref": "TopicAlerts"}), &arn));
        assert!(same_action(&json!({"Fn::ImportValue": {"Fn::Sub": "${MainStackName}-TopicAlerts"}}), &arn));
        assert!(!same_action(&json!({"Ref": "TopicAlertsSql"}), &arn));
        assert!(!same_action(&json!({"Ref": "TopicAlerts"}), &json!("arn:aws:sns:eu-central-1:123456789012:alerts")));
        assert!(same_action(
            &json!("arn:aws:sns:eu-central-1:123456789012:x"),
            &json!("arn:aws:sns:eu-central-1:123456789012:x")
        ));
    }

    #[test]
    fn defaults_and_order_do_not_drift() {
        let expected = json!({"AlarmName": "a", "Threshold": 5, "EvaluationPeriods": 3, "Dimensions": [{"Name": "B", "Value": "2"}, {"Name": "A", "Value": "1"}], "AlarmActions": ["x", "y"], "Tags": [{"Key": "k", "Value": "v"}]});
        let actual = json!({"AlarmName": "a", "Threshold": 5.0, "EvaluationPeriods": 3, "DatapointsToAlarm": 3, "TreatMissingData": "missing", "ActionsEnabled": true, "Dimensions": [{"Name": "A", "Value": "1"}, {"Name": "B", "Value": "2"}], "AlarmActions": ["y", "x"], "OKActions": [], "StateValue": "ALARM"});
        assert_eq!(compare(expected.as_object().unwrap(), actual.as_object().unwrap()), vec![]);
        let edited = json!({"AlarmName": "a", "Threshold": 6.0, "EvaluationPeriods": 3, "Dimensions": [{"Name": "A", "Value": "1"}, {"Name": "B", "Value": "2"}], "AlarmActions": ["x"]});
        assert_eq!(
            compare(expected.as_object().unwrap(), edited.as_object().unwrap()),
            vec![
                Field { field: "AlarmActions".into(), expected: json!(["x", "y"]), actual: json!(["x"]) },
                Field { field: "Threshold".into(), expected: json!(5.0), actual: json!(6.0) },
            ]
        );
    }
}
