//! What alarms are named and whom they reach: CloudWatch names (unique, external ones
//! declared), composite rules (syntax, length, names, cycles, suppressors), actions (ARNs
//! CloudWatch runs, five per state) and the policy's paging.

use crate::config::AlarmState;
use crate::config::alarms::AlarmSeverity;
use crate::config::roster::Page;
use crate::config::rule::{self, alarm_name};
use crate::diag::{Code, Diagnostic, Location, Pointer, Sink};
use crate::model::Repo;
use regex::Regex;
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

/// PutCompositeAlarm's limit on `AlarmRule`.
pub const MAX_RULE: usize = 10_240;
/// PutMetricAlarm's and PutCompositeAlarm's limit of actions per state.
pub const MAX_ACTIONS: usize = 5;

static ARN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^arn:aws(-cn|-us-gov|-iso|-iso-b)?:([a-z0-9-]+):([a-z0-9-]*):([^:]*):(.+)$").expect("valid regex")
});
static SNS_TOPIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^arn:aws(-cn|-us-gov|-iso|-iso-b)?:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$")
        .expect("valid regex")
});
static PARAMETER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[A-Za-z0-9]{1,255}$").expect("valid regex"));

pub fn check(repo: &Repo, sink: &mut Sink) {
    names(repo, sink);
    rules(repo, sink);
    actions(repo, sink);
    paging(repo, sink);
}

/// Whether `arn` is an SNS topic ARN.
pub fn is_sns_topic(arn: &str) -> bool {
    SNS_TOPIC.is_match(arn)
}

/// Why CloudWatch would not run `arn` as an action (None when it would).
fn action_problem(arn: &str, composite: bool) -> Option<String> {
    let Some(parts) = ARN.captures(arn) else {
        return Some("is not an ARN (`arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE`)".to_string());
    };
    let service = &parts[2];
    let resource = &parts[5];
    let fine = match service {
        "sns" => is_sns_topic(arn),
        "lambda" => resource.starts_with("function:"),
        "ssm" => resource.starts_with("opsitem:"),
        "ssm-incidents" => resource.starts_with("responseplan/"),
        "autoscaling" if !composite => resource.starts_with("scalingPolicy:"),
        // arn:aws:automate:REGION:ec2:stop (no account)
        "automate" if !composite => matches!(&parts[4], "ec2" | "ssm") && !resource.is_empty(),
        "swf" if !composite => resource.starts_with("action/actions/"),
        "autoscaling" | "automate" | "swf" => {
            return Some(format!("is an action of `{service}`, which composite alarms cannot run"));
        }
        _ => return Some(format!("names the service `{service}`, which CloudWatch alarms do not act on")),
    };
    (!fine).then(|| format!("is not a valid `{service}` action ARN"))
}

/// Every CloudWatch name once: alarms, composite alarms and declared external alarms.
fn names(repo: &Repo, sink: &mut Sink) {
    let mut seen: HashMap<&str, (Location, &str)> = HashMap::new();
    for alarm in repo.notifying() {
        let field = if alarm.name != alarm.id { "name" } else { "id" };
        let at = alarm.value(field);
        if alarm.kind == "composite alarm" {
            super::alarms::name(alarm.name, at.clone(), sink);
        }
        match seen.get(alarm.name) {
            // The same id twice is OC206's.
            Some((_, id)) if *id == alarm.id => {}
            Some((first, id)) => sink.push(
                Diagnostic::new(
                    Code::DuplicateAlarmName,
                    at,
                    format!("`{}` and `{id}` have the same CloudWatch name `{}`", alarm.id, alarm.name),
                )
                .with_label(first.clone(), "the other one")
                .with_help("alarm names are unique in a region: give one another `name`"),
            ),
            None => {
                seen.insert(alarm.name, (at, alarm.id));
            }
        }
    }
    for file in &repo.alarm_files {
        for (k, name) in file.value.external_alarms.iter().enumerate() {
            let at = Location::value(file.file, Pointer::root() / "external_alarms" / k);
            if let Some((managed, id)) = seen.get(name.as_str()) {
                sink.push(
                    Diagnostic::new(
                        Code::DuplicateAlarmName,
                        at,
                        format!("`{name}` is declared external, but `{id}` is managed here under that name"),
                    )
                    .with_label(managed.clone(), "managed here")
                    .with_help("remove it from `external_alarms`"),
                );
            }
        }
    }
}

/// Composite rules: they parse, stay within the limit, name known alarms, and form no cycle.
fn rules(repo: &Repo, sink: &mut Sink) {
    let known: HashMap<&str, ()> = repo
        .notifying()
        .map(|a| (a.name, ()))
        .chain(repo.alarm_files.iter().flat_map(|f| f.value.external_alarms.iter().map(|n| (n.as_str(), ()))))
        .collect();
    let known_names: Vec<&str> = known.keys().copied().collect();
    // Per composite name: the composites its rule names (for cycles).
    let composites: BTreeMap<&str, (crate::source::FileId, usize)> =
        repo.composite_alarms().map(|(file, i, a)| (a.cloudwatch_name(), (file, i))).collect();
    let mut edges: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (file, i, alarm) in repo.composite_alarms() {
        let at = |field: &str| Location::value(file, Pointer::root() / "composite_alarms" / i / field);
        let length = alarm.rule.chars().count();
        if length > MAX_RULE {
            sink.push(
                Diagnostic::new(
                    Code::InvalidCompositeRule,
                    at("rule"),
                    format!("the rule is {length} characters; PutCompositeAlarm allows {MAX_RULE}"),
                )
                .with_help("split it into composite alarms over composite alarms"),
            );
        }
        let found = match rule::parse(&alarm.rule) {
            Ok(found) => found,
            Err(error) => {
                sink.push(
                    Diagnostic::new(
                        Code::InvalidCompositeRule,
                        Location::within(
                            file,
                            Pointer::root() / "composite_alarms" / i / "rule",
                            &alarm.rule,
                            error.offset,
                            1,
                        ),
                        format!("rule of `{}` at character {}: {}", alarm.id, error.offset + 1, error.message),
                    )
                    .with_help("write ALARM(name), OK(name) or INSUFFICIENT_DATA(name), joined with AND, OR, NOT and parentheses"),
                );
                continue;
            }
        };
        let unknown = |name: &str, what: &str, at: Location| {
            Diagnostic::new(
                Code::UnknownRuleAlarm,
                at,
                format!(
                    "{what} of `{}` names `{name}`, which is neither an alarm here nor in `external_alarms`",
                    alarm.id
                ),
            )
            .with_help(match crate::diag::closest(name, &known_names) {
                Some(close) => format!("did you mean `{close}`? an alarm managed elsewhere goes in `external_alarms`"),
                None => "use an alarm's CloudWatch name, or list the alarm in `external_alarms`".to_string(),
            })
        };
        let mut names = Vec::new();
        for reference in &found {
            let name = alarm_name(&reference.name);
            // An alarm that failed its schema is not known, and not reported missing either.
            if !known.contains_key(name) && !repo.broken_alarms {
                // At the name itself (with its quotes), where the rule is written on one line.
                let quoted = alarm.rule.chars().nth(reference.offset) == Some('"');
                let len = reference.name.chars().count() + if quoted { 2 } else { 0 };
                let here = Location::within(
                    file,
                    Pointer::root() / "composite_alarms" / i / "rule",
                    &alarm.rule,
                    reference.offset,
                    len,
                );
                sink.push(unknown(name, "the rule", here));
            }
            names.push(name.to_string());
        }
        if let Some(suppressor) = &alarm.actions_suppressor {
            let name = alarm_name(&suppressor.alarm);
            let at = Location::value(file, Pointer::root() / "composite_alarms" / i / "actions_suppressor" / "alarm");
            if name == alarm.cloudwatch_name() {
                sink.push(
                    Diagnostic::new(
                        Code::CompositeCycle,
                        at.clone(),
                        format!("`{}` suppresses its own actions", alarm.id),
                    )
                    .with_help(
                        "name the alarm that means \"do not act now\" (a maintenance window, an upstream outage)",
                    ),
                );
            }
            if !known.contains_key(name) && !repo.broken_alarms {
                sink.push(unknown(name, "the actions suppressor", at));
            }
        }
        edges.insert(alarm.cloudwatch_name(), names);
    }
    // Cycles: a depth-first walk over composite names; each cycle reported at its first member.
    let mut state: HashMap<&str, u8> = HashMap::new();
    let mut reported = std::collections::HashSet::new();
    fn walk<'a>(
        node: &'a str,
        edges: &'a BTreeMap<&'a str, Vec<String>>,
        state: &mut HashMap<&'a str, u8>,
        path: &mut Vec<&'a str>,
        cycles: &mut Vec<Vec<&'a str>>,
    ) {
        state.insert(node, 1);
        path.push(node);
        for next in edges.get(node).into_iter().flatten() {
            let Some((next, _)) = edges.get_key_value(next.as_str()) else { continue };
            match state.get(next) {
                Some(1) => {
                    let start = path.iter().position(|p| p == next).unwrap_or(0);
                    cycles.push(path[start..].to_vec());
                }
                Some(_) => {}
                None => walk(next, edges, state, path, cycles),
            }
        }
        path.pop();
        state.insert(node, 2);
    }
    let mut cycles = Vec::new();
    for node in edges.keys() {
        if !state.contains_key(node) {
            walk(node, &edges, &mut state, &mut Vec::new(), &mut cycles);
        }
    }
    for cycle in cycles {
        let mut key = cycle.clone();
        key.sort();
        if !reported.insert(key) {
            continue;
        }
        let (file, i) = composites[cycle[0]];
        let mut shown: Vec<String> = cycle.iter().map(|n| format!("`{n}`")).collect();
        shown.push(format!("`{}`", cycle[0]));
        sink.push(
            Diagnostic::new(
                Code::CompositeCycle,
                Location::value(file, Pointer::root() / "composite_alarms" / i / "rule"),
                format!("composite alarms depend on themselves: {}", shown.join(" -> ")),
            )
            .with_help("a composite rule may name other composites, but never, through them, itself"),
        );
    }
}

/// The policy's page of `severity`, if it pages and is well formed.
fn page(repo: &Repo, severity: AlarmSeverity) -> Option<&Page> {
    repo.policy.as_ref()?.value.paging.of(severity)
}

/// Each action an ARN CloudWatch runs; at most five per state with the channel and the page.
fn actions(repo: &Repo, sink: &mut Sink) {
    let channel_topic =
        |key: &str| repo.policy.as_ref().and_then(|p| p.value.channels.get(key)).and_then(|c| c.sns_topic.clone());
    for alarm in repo.notifying() {
        let composite = alarm.kind == "composite alarm";
        for state in AlarmState::ALL {
            let own = alarm.actions.of(state);
            for (k, arn) in own.iter().enumerate() {
                if let Some(first) = own[..k].iter().position(|a| a == arn) {
                    sink.push(
                        Diagnostic::new(
                            Code::InvalidAction,
                            Location::value(alarm.file, alarm.at.clone() / "actions" / state.key() / k),
                            format!("action `{arn}` is listed twice"),
                        )
                        .with_label(
                            Location::value(alarm.file, alarm.at.clone() / "actions" / state.key() / first),
                            "first here",
                        )
                        .with_help("CloudWatch runs each action once: remove one"),
                    );
                    continue;
                }
                if let Some(problem) = action_problem(arn, composite) {
                    sink.push(
                        Diagnostic::new(
                            Code::InvalidAction,
                            Location::value(alarm.file, alarm.at.clone() / "actions" / state.key() / k),
                            format!("action `{arn}` {problem}"),
                        )
                        .with_help("use an SNS topic ARN such as arn:aws:sns:eu-west-1:123456789012:pagerduty, or another action CloudWatch runs"),
                    );
                }
            }
            // What the template will hold for this state (topics it creates stand as names).
            let all = alarm.actions.resolved(
                state,
                channel_topic(alarm.channel).unwrap_or_else(|| format!("#{}", alarm.channel)),
                page(repo, alarm.severity).map(|p| {
                    p.sns_topic.clone().unwrap_or_else(|| format!("the {} paging endpoint", alarm.severity.as_str()))
                }),
                str::to_string,
            );
            if all.len() > MAX_ACTIONS {
                sink.push(
                    Diagnostic::new(
                        Code::TooManyActions,
                        Location::key(alarm.file, alarm.at.clone() / "actions" / state.key()),
                        format!(
                            "{} `{}` has {} actions on {}; CloudWatch runs at most {MAX_ACTIONS}",
                            alarm.kind,
                            alarm.id,
                            all.len(),
                            state.key().to_uppercase()
                        ),
                    )
                    .with_help(
                        "the channel's topic and the page count too: drop one, or fan out through one SNS topic",
                    ),
                );
            }
        }
    }
}

/// Paging destinations are well formed; critical alarms page someone.
fn paging(repo: &Repo, sink: &mut Sink) {
    let Some(policy) = &repo.policy else { return };
    for (key, channel) in &policy.value.channels {
        if let Some(arn) = &channel.sns_topic
            && !is_sns_topic(arn)
        {
            sink.push(
                Diagnostic::new(
                    Code::InvalidAction,
                    Location::value(policy.file, Pointer::root() / "channels" / key / "sns_topic"),
                    format!("`{arn}` is not an SNS topic ARN"),
                )
                .with_help("write the topic's ARN, arn:aws:sns:REGION:ACCOUNT:NAME, as `aws sns list-topics` shows it"),
            );
        }
    }
    let mut parameters: HashMap<&str, &str> = HashMap::new();
    // The logical ids of the template's resources, which a parameter may not share.
    let taken: std::collections::HashSet<String> = repo
        .alarms()
        .flat_map(|(_, _, a)| [a.logical_id(), a.detector_logical_id()])
        .chain(repo.composite_alarms().map(|(_, _, a)| a.logical_id()))
        .chain(policy.value.channels.keys().flat_map(|k| {
            [crate::config::alarms::logical_id("Topic", k), crate::config::alarms::logical_id("Slack", k)]
        }))
        .chain(repo.log_metric_filters().flat_map(|(_, _, f)| {
            [crate::config::alarms::logical_id("Filter", &f.id), crate::config::alarms::logical_id("Review", &f.id)]
        }))
        .chain([AlarmSeverity::Critical, AlarmSeverity::Warning].into_iter().flat_map(|s| {
            let id = s.paging_topic_id();
            [format!("{id}Subscription"), id]
        }))
        .chain(["ChatbotRole".to_string(), "Placeholder".to_string()])
        .collect();
    for severity in [AlarmSeverity::Critical, AlarmSeverity::Warning] {
        let Some(page) = policy.value.paging.of(severity) else { continue };
        let at = Pointer::root() / "paging" / severity.as_str();
        match (&page.sns_topic, &page.endpoint_parameter) {
            (Some(_), Some(_)) | (None, None) => sink.push(
                Diagnostic::new(
                    Code::InvalidPaging,
                    Location::key(policy.file, at),
                    format!("`paging.{}` needs exactly one of `sns_topic` and `endpoint_parameter`", severity.as_str()),
                )
                .with_help("`sns_topic` for a topic that already pages, `endpoint_parameter` for an HTTPS integration URL given at deploy"),
            ),
            (Some(arn), None) if !is_sns_topic(arn) => sink.push(
                Diagnostic::new(
                    Code::InvalidPaging,
                    Location::value(policy.file, at / "sns_topic"),
                    format!("`{arn}` is not an SNS topic ARN"),
                )
                .with_help("write the topic's ARN, arn:aws:sns:REGION:ACCOUNT:NAME"),
            ),
            (None, Some(name)) => {
                let at = Location::value(policy.file, at / "endpoint_parameter");
                if !PARAMETER.is_match(name) || name == "MainStackName" || taken.contains(name.as_str()) {
                    sink.push(
                        Diagnostic::new(
                            Code::InvalidPaging,
                            at,
                            format!("`{name}` cannot be a CloudFormation parameter name"),
                        )
                        .with_help(if taken.contains(name.as_str()) {
                            "it is the logical id of a resource of the template: choose another, e.g. PagerDutyCriticalUrl".to_string()
                        } else {
                            "use 1 to 255 letters and digits, e.g. PagerDutyCriticalUrl (MainStackName is taken)".to_string()
                        }),
                    );
                } else if let Some(other) = parameters.insert(name, severity.as_str()) {
                    sink.push(
                        Diagnostic::new(
                            Code::InvalidPaging,
                            at,
                            format!("`{name}` is also the endpoint parameter of `paging.{other}`"),
                        )
                        .with_help("give each severity its own parameter, or page both through one `sns_topic`"),
                    );
                }
            }
            _ => {}
        }
    }
    let critical = repo.notifying().find(|a| a.severity == AlarmSeverity::Critical);
    if let Some(alarm) = critical
        && policy.value.paging.critical.is_none()
    {
        let count = repo.notifying().filter(|a| a.severity == AlarmSeverity::Critical).count();
        sink.push(
            Diagnostic::new(
                Code::CriticalPagesNobody,
                Location::key(policy.file, Pointer::root() / "channels"),
                format!(
                    "{count} critical alarm{} page{} nobody: the policy has no `paging.critical`",
                    if count == 1 { "" } else { "s" },
                    if count == 1 { "s" } else { "" }
                ),
            )
            .with_label(alarm.value("severity"), "critical, reaching Slack only")
            .with_help("add `paging: { critical: { via: PagerDuty, endpoint_parameter: PagerDutyCriticalUrl } }` (or `sns_topic:`)"),
        );
    }
}
