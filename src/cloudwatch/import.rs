//! `oncall import cloudwatch`: describe-alarms output into `alarms/<group>.yaml` and a
//! playbook stub per alarm. Every field the model expresses is kept, names included; what it
//! cannot express is left out with the reason. Actions on a channel's declared `sns_topic`
//! become the channel, those on a paging topic the severity, the others stay as actions.

use super::{Account, Described};
use crate::config::alarms::{
    Actions, Alarm, AlarmSeverity, AlarmState, AlarmsFile, Comparison, CompositeAlarm, LowSampleCount, MetricQuery,
    MetricStat, Suppressor, TreatMissingData, described, logical_id,
};
use crate::config::playbook::FrontMatter;
use crate::model::Repo;
use chrono::NaiveDate;
use indexmap::IndexMap;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// How imported alarms are put into files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupBy {
    /// `alarms/<namespace>.yaml` (`AWS/ApplicationELB` -> `aws-applicationelb.yaml`);
    /// composite alarms in `alarms/composite.yaml`.
    Namespace,
    /// By the value of a tag (from a `Tags` list beside the alarm's fields); `untagged` without.
    Tag(String),
}

/// Settings of an import.
#[derive(Clone, Debug)]
pub struct Options {
    pub group_by: GroupBy,
    /// The channel of alarms whose actions reach no channel's `sns_topic`.
    pub channel: Option<String>,
    /// The owner of the playbook stubs (default: the first person of the team).
    pub owner: Option<String>,
    /// The `last_reviewed` day of the stubs.
    pub today: NaiveDate,
}

/// What an import writes and what it says.
#[derive(Debug, Default)]
pub struct Imported {
    /// Files to write, relative to the repository root, in order.
    pub files: Vec<(String, String)>,
    /// `(CloudWatch name, id, file)` of each alarm imported.
    pub alarms: Vec<(String, String, String)>,
    /// `(CloudWatch name, why)` of each alarm left out.
    pub left_out: Vec<(String, String)>,
    /// What the team should look at.
    pub notes: Vec<String>,
}

/// An id for a CloudWatch name: lowercase letters, digits and dashes, starting with a letter
/// (`Prod-API-5XX` -> `prod-api-5xx`, `sync.lambda.errors` -> `sync-lambda-errors`, letters
/// of other scripts transliterated: `Zażółć błędy` -> `zazolc-bledy`).
pub fn id_for(name: &str) -> String {
    let mut out = String::new();
    for c in deunicode::deunicode(name).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-');
    let out: String = out.chars().take(120).collect();
    let out = out.trim_end_matches('-');
    match out.chars().next() {
        Some(c) if c.is_ascii_lowercase() => out.to_string(),
        Some(_) => format!("alarm-{out}"),
        None => "alarm".to_string(),
    }
}

/// A file name for a group (`AWS/ApplicationELB` -> `aws-applicationelb`).
fn group_file(group: &str) -> String {
    format!("alarms/{}.yaml", id_for(group))
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default()
}

fn text(fields: &Map<String, Value>, key: &str) -> Option<String> {
    fields.get(key).and_then(Value::as_str).map(str::to_string)
}

fn metric(value: &Map<String, Value>, statistic: Option<String>, unit: Option<String>) -> Option<MetricStat> {
    let dimensions: IndexMap<String, String> = value
        .get("Dimensions")
        .and_then(Value::as_array)
        .map(|d| {
            d.iter()
                .filter_map(|d| Some((d.get("Name")?.as_str()?.to_string(), d.get("Value")?.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default();
    Some(MetricStat {
        namespace: value.get("Namespace")?.as_str()?.to_string(),
        name: value.get("MetricName")?.as_str()?.to_string(),
        dimensions,
        statistic: statistic?,
        unit,
    })
}

/// What the repository and the policy already say, for matching.
struct Known<'a> {
    names: HashMap<String, String>,
    ids: HashSet<String>,
    logical: HashSet<String>,
    playbooks: HashSet<String>,
    channel_topics: HashMap<&'a str, &'a str>,
    page_topics: Vec<(&'a str, AlarmSeverity)>,
    default_channel: String,
    base_url: &'a str,
}

impl Known<'_> {
    /// A new id for `name`, unique among ids and logical ids.
    fn claim(&mut self, name: &str) -> String {
        let base = id_for(name);
        let mut id = base.clone();
        let mut n = 2;
        while self.ids.contains(&id) || self.logical.contains(&logical_id("Alarm", &id)) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.ids.insert(id.clone());
        self.logical.insert(logical_id("Alarm", &id));
        id
    }
}

/// The parts an alarm's actions split into.
struct Split {
    channel: String,
    channel_states: Option<Vec<AlarmState>>,
    actions: Actions,
    severity: Option<AlarmSeverity>,
    note: Option<String>,
    /// The page topic is an action on OK only: imported with the page's severity, the alarm
    /// then pages on ALARM too.
    pages_on_ok_only: bool,
}

fn split_actions(fields: &Map<String, Value>, known: &Known) -> Split {
    let lists: Vec<(AlarmState, Vec<String>)> =
        AlarmState::ALL.iter().map(|s| (*s, strings(fields.get(s.property())))).collect();
    let channel = lists
        .iter()
        .flat_map(|(_, l)| l)
        .find_map(|arn| known.channel_topics.get(arn.as_str()).map(|c| (arn.clone(), c.to_string())));
    let page = lists
        .iter()
        .flat_map(|(_, l)| l)
        .find_map(|arn| known.page_topics.iter().find(|(t, _)| *t == arn).map(|(t, s)| (t.to_string(), *s)));
    let mut actions = Actions::default();
    let mut states = Vec::new();
    let paged: Vec<AlarmState> = lists
        .iter()
        .filter(|(state, list)| {
            *state != AlarmState::InsufficientData && page.as_ref().is_some_and(|(p, _)| list.contains(p))
        })
        .map(|(state, _)| *state)
        .collect();
    for (state, list) in &lists {
        let own: Vec<String> = list
            .iter()
            .filter(|arn| {
                let is_channel = channel.as_ref().is_some_and(|(c, _)| c == *arn);
                if is_channel {
                    states.push(*state);
                }
                let is_page = page.as_ref().is_some_and(|(p, _)| p == *arn) && *state != AlarmState::InsufficientData;
                !is_channel && !is_page
            })
            .cloned()
            .collect();
        match state {
            AlarmState::Alarm => actions.alarm = own,
            AlarmState::Ok => actions.ok = own,
            AlarmState::InsufficientData => actions.insufficient_data = own,
        }
    }
    let (channel, note) = match channel {
        Some((_, key)) => (key, None),
        None => {
            states = vec![AlarmState::Alarm, AlarmState::Ok];
            (known.default_channel.clone(), Some(known.default_channel.clone()))
        }
    };
    states.dedup();
    let channel_states = (states != [AlarmState::Alarm, AlarmState::Ok]).then_some(states);
    Split {
        channel,
        channel_states,
        actions,
        severity: page.map(|(_, s)| s),
        note,
        pages_on_ok_only: paged == [AlarmState::Ok],
    }
}

/// The severity and playbook an alarm description written by this tool holds.
fn written_here(description: &str, base_url: &str) -> (Option<AlarmSeverity>, Option<String>) {
    let severity = description.lines().find_map(|l| match l.strip_prefix("Severity: ") {
        Some("critical") => Some(AlarmSeverity::Critical),
        Some("warning") => Some(AlarmSeverity::Warning),
        _ => None,
    });
    let playbook = description.lines().find_map(|l| {
        let link = l.strip_prefix("Playbook: ")?;
        let rest = if base_url.is_empty() { link.rsplit('/').next()? } else { link.strip_prefix(base_url)? };
        rest.strip_suffix(".md").map(str::to_string)
    });
    (severity, playbook)
}

/// What metric and composite alarms take alike from the account, once the alarm is known to
/// import and has its id: the CloudWatch name (kept when the id differs), the description
/// without the lines this tool appends, the severity and playbook, the channel and actions.
struct Common {
    name: Option<String>,
    description: String,
    severity: AlarmSeverity,
    playbook: String,
    channel: String,
    actions: Actions,
    actions_enabled: bool,
    /// Set when no action reached a channel's topic.
    note: Option<String>,
}

fn common(d: &Described, known: &Known, id: &str) -> Common {
    let f = &d.fields;
    let name = d.name();
    let raw_description = text(f, "AlarmDescription").unwrap_or_default();
    let (written_severity, written_playbook) = written_here(&raw_description, known.base_url);
    let description = described(&raw_description).trim();
    let split = split_actions(f, known);
    Common {
        name: (name != id).then(|| name.to_string()),
        description: if description.is_empty() { name.to_string() } else { description.to_string() },
        severity: split.severity.or(written_severity).unwrap_or(AlarmSeverity::Warning),
        playbook: written_playbook.filter(|p| known.playbooks.contains(p)).unwrap_or_else(|| id.to_string()),
        channel: split.channel,
        actions: Actions { channel_states: split.channel_states, ..split.actions },
        actions_enabled: f.get("ActionsEnabled").and_then(Value::as_bool).unwrap_or(true),
        note: {
            let mut notes: Vec<String> = split
                .note
                .map(|channel| format!("`{name}`: no action reaches a channel's sns_topic; it will post to #{channel}"))
                .into_iter()
                .collect();
            if split.pages_on_ok_only {
                notes.push(format!(
                    "`{name}`: pages only when it returns to OK in the account; imported with that page's severity, \
                     it will page on ALARM too (set `severity` and `actions` by hand to keep it as it was)"
                ));
            }
            (!notes.is_empty()).then(|| notes.join("; "))
        },
    }
}

/// Why a metric alarm cannot be expressed, if it cannot.
fn inexpressible(fields: &Map<String, Value>) -> Option<String> {
    if fields.contains_key("EvaluationCriteria") {
        return Some("a PromQL alarm (EvaluationCriteria), which the alarm model does not express".into());
    }
    let metrics = fields.get("Metrics").and_then(Value::as_array);
    match metrics {
        Some(metrics) if !metrics.is_empty() => {
            let mut periods = BTreeSet::new();
            for m in metrics {
                if m.get("AccountId").is_some_and(|a| !a.is_null()) {
                    return Some(
                        "a metric of another account (AccountId), which the alarm model does not express".into(),
                    );
                }
                let insights = m
                    .get("Expression")
                    .and_then(Value::as_str)
                    .is_some_and(|e| e.trim_start().get(..6).is_some_and(|w| w.eq_ignore_ascii_case("select")));
                if insights {
                    return Some(
                        "a Metrics Insights query (SELECT ...), which the alarm model does not express".into(),
                    );
                }
                // An expression's own Period counts like its metrics' (the model has one period).
                for period in [m.get("Period"), m.get("MetricStat").and_then(|s| s.get("Period"))] {
                    if let Some(p) = period.and_then(Value::as_u64) {
                        periods.insert(p);
                    }
                }
            }
            if periods.len() > 1 {
                return Some(format!(
                    "metrics or expressions with different periods ({}), where the alarm model has one period",
                    periods.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")
                ));
            }
            if periods.is_empty() {
                return Some("metric math without a metric (no period)".into());
            }
            None
        }
        _ if fields.get("MetricName").is_none() => Some("neither a metric nor metric math".into()),
        _ if fields.get("Period").and_then(Value::as_u64).is_none() => Some("no Period".into()),
        _ if fields.get("Statistic").is_none() && fields.get("ExtendedStatistic").is_none() => {
            Some("no Statistic or ExtendedStatistic".into())
        }
        _ => None,
    }
}

fn enum_value<T: serde::de::DeserializeOwned>(fields: &Map<String, Value>, key: &str) -> Result<Option<T>, String> {
    match fields.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => serde_json::from_value(v.clone()).map(Some).map_err(|_| format!("an unknown {key} `{v}`")),
    }
}

fn metric_alarm(d: &Described, known: &mut Known) -> Result<(Alarm, String, Vec<String>), String> {
    let f = &d.fields;
    if let Some(why) = inexpressible(f) {
        return Err(why);
    }
    let comparison: Comparison = enum_value(f, "ComparisonOperator")?.ok_or("no ComparisonOperator")?;
    if !comparison.is_band() && f.get("Threshold").and_then(Value::as_f64).is_none() {
        return Err("a static comparison without a Threshold".into());
    }
    let (single, queries, period) = match f.get("Metrics").and_then(Value::as_array).filter(|m| !m.is_empty()) {
        Some(entries) => {
            let mut period = 0;
            let queries = entries
                .iter()
                .map(|m| {
                    let stat = m.get("MetricStat");
                    if let Some(p) = stat.and_then(|s| s.get("Period")).and_then(Value::as_u64) {
                        period = p;
                    }
                    Ok(MetricQuery {
                        id: m.get("Id").and_then(Value::as_str).ok_or("a metric-math entry without Id")?.to_string(),
                        metric: match stat {
                            Some(s) => Some(
                                s.get("Metric")
                                    .and_then(Value::as_object)
                                    .and_then(|m| {
                                        metric(
                                            m,
                                            s.get("Stat").and_then(Value::as_str).map(str::to_string),
                                            s.get("Unit").and_then(Value::as_str).map(str::to_string),
                                        )
                                    })
                                    .ok_or("a metric-math entry whose metric lacks Namespace, MetricName or Stat")?,
                            ),
                            None => None,
                        },
                        expression: m.get("Expression").and_then(Value::as_str).map(str::to_string),
                        label: m.get("Label").and_then(Value::as_str).map(str::to_string),
                        return_data: m.get("ReturnData").and_then(Value::as_bool).unwrap_or(true),
                    })
                })
                .collect::<Result<Vec<_>, String>>()?;
            (None, Some(queries), period)
        }
        None => {
            let statistic = text(f, "Statistic").or_else(|| text(f, "ExtendedStatistic"));
            let m = metric(f, statistic, text(f, "Unit")).ok_or("no metric")?;
            (Some(m), None, f.get("Period").and_then(Value::as_u64).unwrap_or(0))
        }
    };
    let period = u32::try_from(period).map_err(|_| "a Period beyond 32 bits")?;
    let count = |key: &str| f.get(key).and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok());
    let evaluation_periods = count("EvaluationPeriods").ok_or("no EvaluationPeriods")?;
    let treat_missing_data = enum_value::<TreatMissingData>(f, "TreatMissingData")?.unwrap_or_default();
    let low_sample = enum_value::<LowSampleCount>(f, "EvaluateLowSampleCountPercentile")?;
    // Nothing fails from here: an alarm left out takes no id.
    let id = known.claim(d.name());
    let common = common(d, known, &id);
    let mut notes = Vec::new();
    let percentile = single.as_ref().is_some_and(|m| crate::check::is_percentile(&m.statistic));
    if low_sample.is_some() && !percentile {
        notes
            .push(format!("`{}`: EvaluateLowSampleCountPercentile dropped (it applies to percentiles only)", d.name()));
    }
    notes.extend(common.note);
    let alarm = Alarm {
        name: common.name,
        description: common.description,
        metric: single,
        metrics: queries,
        period,
        evaluation_periods,
        datapoints_to_alarm: count("DatapointsToAlarm").filter(|m| *m != evaluation_periods),
        threshold: f.get("Threshold").and_then(Value::as_f64),
        threshold_metric_id: text(f, "ThresholdMetricId"),
        anomaly_detector: None,
        comparison,
        treat_missing_data,
        evaluate_low_sample_count_percentile: low_sample.filter(|_| percentile),
        severity: common.severity,
        channel: common.channel,
        playbook: common.playbook,
        actions: common.actions,
        actions_enabled: common.actions_enabled,
        adopt: true,
        id,
    };
    let group = alarm
        .metric
        .as_ref()
        .or_else(|| alarm.metrics.as_ref().and_then(|q| q.iter().find_map(|q| q.metric.as_ref())))
        .map_or_else(|| "metric-math".to_string(), |m| m.namespace.clone());
    Ok((alarm, group, notes))
}

fn composite_alarm(d: &Described, known: &mut Known) -> Result<(CompositeAlarm, Option<String>), String> {
    let f = &d.fields;
    let rule = text(f, "AlarmRule").filter(|r| !r.is_empty()).ok_or("no AlarmRule")?;
    let id = known.claim(d.name());
    let common = common(d, known, &id);
    let suppressor = text(f, "ActionsSuppressor").map(|alarm| Suppressor {
        alarm,
        wait_period: f
            .get("ActionsSuppressorWaitPeriod")
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(60),
        extension_period: f
            .get("ActionsSuppressorExtensionPeriod")
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(60),
    });
    let alarm = CompositeAlarm {
        name: common.name,
        description: common.description,
        rule,
        severity: common.severity,
        channel: common.channel,
        playbook: common.playbook,
        actions: common.actions,
        actions_enabled: common.actions_enabled,
        actions_suppressor: suppressor,
        adopt: true,
        id,
    };
    Ok((alarm, common.note))
}

/// A playbook stub for an imported alarm: the three sections, each marked TODO.
pub fn stub(id: &str, name: &str, description: &str, owner: &str, today: NaiveDate) -> String {
    let front =
        FrontMatter { id: id.to_string(), title: name.to_string(), owner: owner.to_string(), last_reviewed: today };
    let yaml = serde_yaml::to_string(&front).expect("front matter serialises");
    format!(
        "---\n{yaml}---\n# {name}\n\nImported from CloudWatch by `oncall import` on {today}. Write the three sections, then remove the TODO lines.\n\n## What it means\n\nTODO: what is wrong when this alarm fires, and who notices. CloudWatch says: {description}\n\n## Initial steps\n\nTODO: the first things to check, with links to the dashboards and logs.\n\n## Escalation\n\nTODO: whom to call when the first steps do not help.\n"
    )
}

fn tag_group(d: &Described, key: &str) -> Option<String> {
    d.fields
        .get("Tags")?
        .as_array()?
        .iter()
        .find_map(|t| (t.get("Key")?.as_str()? == key).then(|| t.get("Value")?.as_str().map(str::to_string)).flatten())
}

/// Turns the account's alarms into files. Errors when the policy did not load or an owner
/// for the stubs cannot be found.
pub fn import(repo: &Repo, account: &Account, options: &Options) -> Result<Imported, String> {
    let policy =
        &repo.policy.as_ref().ok_or("roster/policy.yaml did not load: import needs the policy's channels")?.value;
    let default_channel = match &options.channel {
        Some(key) if policy.channels.contains_key(key) => key.clone(),
        Some(key) => {
            let keys: Vec<&str> = policy.channels.keys().map(String::as_str).collect();
            return Err(format!("--channel `{key}` is not a channel of the policy ({})", keys.join(", ")));
        }
        None => repo
            .notifying()
            .map(|a| a.channel.to_string())
            .find(|c| policy.channels.contains_key(c))
            .or_else(|| policy.channels.keys().next().cloned())
            .ok_or("the policy has no channels")?,
    };
    let owner = match &options.owner {
        Some(owner) if repo.person(owner).is_some() => owner.clone(),
        Some(owner) => return Err(format!("--owner `{owner}` is not a person of roster/team.yaml")),
        None => repo
            .people()
            .iter()
            .find(|p| p.left.is_none())
            .map(|p| p.id.clone())
            .ok_or("roster/team.yaml has no one to own the playbook stubs: give --owner")?,
    };
    let mut known = Known {
        names: repo.notifying().map(|a| (a.name.to_string(), a.id.to_string())).collect(),
        ids: repo
            .notifying()
            .map(|a| a.id.to_string())
            .chain(repo.log_metric_filters().map(|(_, _, f)| f.id.clone()))
            .collect(),
        logical: repo.notifying().map(|a| logical_id("Alarm", a.id)).collect(),
        playbooks: repo
            .playbooks
            .iter()
            .map(|p| p.value.stem.clone())
            .chain(repo.broken_playbooks.iter().cloned())
            .collect(),
        channel_topics: policy
            .channels
            .iter()
            .filter_map(|(key, c)| Some((c.sns_topic.as_deref()?, key.as_str())))
            .collect(),
        page_topics: [AlarmSeverity::Critical, AlarmSeverity::Warning]
            .into_iter()
            .filter_map(|s| Some((policy.paging.of(s)?.sns_topic.as_deref()?, s)))
            .collect(),
        default_channel,
        base_url: &policy.playbook_base_url,
    };
    let mut out = Imported::default();
    let mut groups: BTreeMap<String, AlarmsFile> = BTreeMap::new();
    let mut stubs: Vec<(String, String)> = Vec::new();
    let group_of = |d: &Described, fallback: &str| match &options.group_by {
        GroupBy::Namespace => fallback.to_string(),
        GroupBy::Tag(key) => tag_group(d, key).unwrap_or_else(|| "untagged".to_string()),
    };
    // An alarm naming no playbook here has its id as playbook, and gets a stub of that name
    // (ids are unique: one each).
    let stub_for = |known: &Known, id: &str, playbook: &str, name: &str, description: &str| {
        (!known.playbooks.contains(playbook))
            .then(|| (format!("playbooks/{id}.md"), stub(id, name, description, &owner, options.today)))
    };
    for d in &account.metric {
        if let Some(id) = known.names.get(d.name()) {
            out.left_out.push((d.name().to_string(), format!("already managed here as `{id}`")));
            continue;
        }
        match metric_alarm(d, &mut known) {
            Ok((alarm, namespace, notes)) => {
                let group = group_of(d, &namespace);
                stubs.extend(stub_for(&known, &alarm.id, &alarm.playbook, d.name(), &alarm.description));
                out.alarms.push((d.name().to_string(), alarm.id.clone(), group_file(&group)));
                out.notes.extend(notes);
                // Groups are files: `Shop/API` and `Shop.API` share `alarms/shop-api.yaml`.
                groups.entry(group_file(&group)).or_default().alarms.push(alarm);
            }
            Err(why) => out.left_out.push((d.name().to_string(), why)),
        }
    }
    // What composite rules may name without declaring it external: alarms imported now or
    // managed here already (left-out alarms stay in the account, unmanaged: external).
    let left_out: HashSet<String> = out.left_out.iter().map(|(name, _)| name.clone()).collect();
    let imported: HashSet<String> = account
        .metric
        .iter()
        .chain(&account.composite)
        .map(|d| d.name().to_string())
        .filter(|n| !left_out.contains(n))
        .collect();
    for d in &account.composite {
        if let Some(id) = known.names.get(d.name()) {
            out.left_out.push((d.name().to_string(), format!("already managed here as `{id}`")));
            continue;
        }
        match composite_alarm(d, &mut known) {
            Ok((alarm, note)) => {
                let group = group_of(d, "composite");
                stubs.extend(stub_for(&known, &alarm.id, &alarm.playbook, d.name(), &alarm.description));
                out.notes.extend(note);
                let file = groups.entry(group_file(&group)).or_default();
                let mut external: Vec<String> = alarm
                    .named_alarms()
                    .into_iter()
                    .filter(|n| !imported.contains(n) && !known.names.contains_key(n))
                    .collect();
                external.sort();
                external.dedup();
                for name in external {
                    if !file.external_alarms.contains(&name) {
                        let why = if left_out.contains(&name) { "left out" } else { "not in the input" };
                        out.notes.push(format!("`{}` names `{name}`, which is {why}: declared external", d.name()));
                        file.external_alarms.push(name);
                    }
                }
                out.alarms.push((d.name().to_string(), alarm.id.clone(), group_file(&group)));
                file.composite_alarms.push(alarm);
            }
            Err(why) => out.left_out.push((d.name().to_string(), why)),
        }
    }
    for (path, file) in &groups {
        let yaml = serde_yaml::to_string(file).map_err(|e| format!("cannot write {path}: {e}"))?;
        out.files.push((
            path.clone(),
            format!("# Imported from CloudWatch by `oncall import` on {}: names, fields and actions as the account has them.\n# `adopt: true` marks alarms CloudFormation must import, not create (README, \"Adopting an account's alarms\").\n{yaml}", options.today),
        ));
    }
    out.files.extend(stubs);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::id_for;

    #[test]
    fn ids_for_names() {
        assert_eq!(id_for("Prod-API-5XX"), "prod-api-5xx");
        assert_eq!(id_for("sync.lambda.errors"), "sync-lambda-errors");
        assert_eq!(id_for("Zażółć gęślą jaźń / błędy"), "zazolc-gesla-jazn-bledy");
        assert_eq!(id_for("Straße"), "strasse");
        assert_eq!(id_for("7 day queue age"), "alarm-7-day-queue-age");
        assert_eq!(id_for("--"), "alarm");
    }
}
