//! CloudWatch rules the PutMetricAlarm API enforces and cfn-lint does not: periods,
//! evaluation ranges, statistics, metric-math structure, dimension and length limits.

use crate::diag::{Code, Diagnostic, Location, Pointer, Sink};
use crate::model::{Alarm, MetricStat, Repo};
use crate::source::FileId;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

const MAX_DIMENSIONS: usize = 30;
const MAX_METRICS: usize = 10;
const MAX_EXPRESSIONS: usize = 10;
const MAX_NAME: usize = 255;
const MAX_DESCRIPTION: usize = 1024;
const ONE_DAY: u64 = 86_400;
const SEVEN_DAYS: u64 = 604_800;

static METRIC_MATH_ID: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[a-z][a-zA-Z0-9_]*$").expect("valid regex"));

pub fn check(repo: &Repo, sink: &mut Sink) {
    let base_url = repo.policy.as_ref().map_or("", |p| p.value.playbook_base_url.as_str());
    for (file, i, alarm) in repo.alarms() {
        let at = AlarmAt { file, base: Pointer::root() / "alarms" / i };
        timing(alarm, &at, sink);
        source(alarm, &at, sink);
        limits(alarm, base_url, &at, sink);
        threshold(alarm, &at, sink);
        low_sample_count(alarm, &at, sink);
    }
    logical_ids(repo, sink);
}

/// CloudWatch's units (StandardUnit of the CloudWatch API).
pub const UNITS: [&str; 27] = [
    "Seconds",
    "Microseconds",
    "Milliseconds",
    "Bytes",
    "Kilobytes",
    "Megabytes",
    "Gigabytes",
    "Terabytes",
    "Bits",
    "Kilobits",
    "Megabits",
    "Gigabits",
    "Terabits",
    "Percent",
    "Count",
    "Bytes/Second",
    "Kilobytes/Second",
    "Megabytes/Second",
    "Gigabytes/Second",
    "Terabytes/Second",
    "Bits/Second",
    "Kilobits/Second",
    "Megabits/Second",
    "Gigabits/Second",
    "Terabits/Second",
    "Count/Second",
    "None",
];

fn unit(metric: &MetricStat, at: &AlarmAt, path: Pointer, sink: &mut Sink) {
    let Some(unit) = &metric.unit else { return };
    if UNITS.contains(&unit.as_str()) {
        return;
    }
    let help =
        match UNITS.iter().find(|u| u.eq_ignore_ascii_case(unit) || u.trim_end_matches('s').eq_ignore_ascii_case(unit))
        {
            Some(close) => format!("did you mean `{close}`? units are case-sensitive"),
            None => match crate::diag::closest(unit, &UNITS) {
                Some(close) => format!("did you mean `{close}`?"),
                None => "use one of CloudWatch's units, e.g. Milliseconds, Count, Percent, Bytes/Second".to_string(),
            },
        };
    sink.push(
        Diagnostic::new(Code::InvalidUnit, at.value(path / "unit"), format!("`{unit}` is not a CloudWatch unit"))
            .with_help(help),
    );
}

/// A static comparison has a threshold; a band comparison has a band and no threshold.
fn threshold(alarm: &Alarm, at: &AlarmAt, sink: &mut Sink) {
    let band = alarm.comparison.is_band();
    let comparison = serde_json::to_value(alarm.comparison).ok();
    let comparison = comparison.as_ref().and_then(|v| v.as_str()).unwrap_or("");
    match (band, alarm.threshold) {
        (false, None) => sink.push(
            Diagnostic::new(
                Code::Threshold,
                at.key(Pointer::root() / "comparison"),
                format!("alarm `{}` compares with {comparison} but has no `threshold`", alarm.id),
            )
            .with_help("add `threshold:` with the value the statistic is compared with"),
        ),
        (true, Some(_)) => sink.push(
            Diagnostic::new(
                Code::Threshold,
                at.value(Pointer::root() / "threshold"),
                format!("alarm `{}` compares with an anomaly band ({comparison}) and also has a `threshold`", alarm.id),
            )
            .with_help("remove `threshold`: the band given by `threshold_metric_id` is the threshold"),
        ),
        _ => {}
    }
    let queries = alarm.metrics.as_deref().unwrap_or_default();
    let Some(band_id) = &alarm.threshold_metric_id else {
        if band {
            sink.push(
                Diagnostic::new(
                    Code::AnomalyBand,
                    at.value(Pointer::root() / "comparison"),
                    format!("alarm `{}` compares with an anomaly band ({comparison}) but names none", alarm.id),
                )
                .with_help("add a `metrics` entry `expression: ANOMALY_DETECTION_BAND(m1, 2)` and set `threshold_metric_id` to its id"),
            );
        }
        if alarm.anomaly_detector.is_some() {
            sink.push(
                Diagnostic::new(
                    Code::AnomalyBand,
                    at.key(Pointer::root() / "anomaly_detector"),
                    format!("alarm `{}` has `anomaly_detector` but no anomaly band", alarm.id),
                )
                .with_help(
                    "set `threshold_metric_id` to an ANOMALY_DETECTION_BAND entry, or remove `anomaly_detector`",
                ),
            );
        }
        return;
    };
    let at_band = at.value(Pointer::root() / "threshold_metric_id");
    if !band {
        sink.push(
            Diagnostic::new(
                Code::AnomalyBand,
                at_band.clone(),
                format!("alarm `{}` has `threshold_metric_id` but compares with {comparison}, a static threshold", alarm.id),
            )
            .with_label(at.value(Pointer::root() / "comparison"), "static comparison")
            .with_help("use GreaterThanUpperThreshold, LessThanLowerThreshold or LessThanLowerOrGreaterThanUpperThreshold, or remove `threshold_metric_id`"),
        );
    }
    let Some((j, entry)) = queries.iter().enumerate().find(|(_, q)| &q.id == band_id) else {
        sink.push(
            Diagnostic::new(
                Code::AnomalyBand,
                at_band,
                format!("`threshold_metric_id` names `{band_id}`, which no entry of `metrics` has"),
            )
            .with_help("add `{ id: band, expression: \"ANOMALY_DETECTION_BAND(m1, 2)\", return: true }` to `metrics`"),
        );
        return;
    };
    let entry_at = Pointer::root() / "metrics" / j;
    let Some((argument, width)) = entry.expression.as_deref().and_then(crate::config::rule::band_arguments) else {
        sink.push(
            Diagnostic::new(
                Code::AnomalyBand,
                at.key(entry_at),
                format!("`{band_id}`, the alarm's threshold, is not an ANOMALY_DETECTION_BAND expression"),
            )
            .with_label(at_band, "named here")
            .with_help("write it as `expression: ANOMALY_DETECTION_BAND(m1, 2)`: the metric's id and the band width in standard deviations"),
        );
        return;
    };
    if let Some(width) = width
        && !width.parse::<f64>().is_ok_and(|w| w.is_finite() && w > 0.0)
    {
        sink.push(
            Diagnostic::new(
                Code::AnomalyBand,
                at.value(entry_at.clone() / "expression"),
                format!("band width `{width}` is not a positive number"),
            )
            .with_help("the width is in standard deviations, e.g. 2 (CloudWatch's default) or 3 for fewer alarms"),
        );
    }
    let series = queries.iter().find(|q| q.id == argument);
    if let Some(m) = series
        && (!m.return_data || !entry.return_data)
    {
        sink.push(
            Diagnostic::new(
                Code::AnomalyBand,
                at.key(entry_at.clone()),
                format!("the band `{band_id}` and its series `{argument}` must both have `return: true`"),
            )
            .with_help("CloudWatch evaluates the series against the band: mark both with `return: true`"),
        );
    }
    match series {
        Some(m) if m.metric.is_some() || alarm.anomaly_detector.is_none() => {}
        Some(_) => sink.push(
            Diagnostic::new(
                Code::AnomalyBand,
                at.key(Pointer::root() / "anomaly_detector"),
                format!("`anomaly_detector` models a metric, but the band's `{argument}` is an expression"),
            )
            .with_help("band a `metric` entry, or remove `anomaly_detector` (CloudWatch then creates the model)"),
        ),
        None => {} // OC307 reports the undefined reference.
    }
    if let Some(model) = &alarm.anomaly_detector {
        if let Some(zone) = &model.timezone
            && zone.parse::<chrono_tz::Tz>().is_err()
        {
            sink.push(
                Diagnostic::new(
                    Code::InvalidTimezone,
                    at.value(Pointer::root() / "anomaly_detector" / "timezone"),
                    format!("`{zone}` is not an IANA time zone"),
                )
                .with_help("use a tz database name such as Europe/Warsaw or America/New_York"),
            );
        }
        for (k, range) in model.excluded_time_ranges.iter().enumerate() {
            if range.end <= range.start {
                sink.push(
                    Diagnostic::new(
                        Code::DatesOutOfOrder,
                        at.value(Pointer::root() / "anomaly_detector" / "excluded_time_ranges" / k / "end"),
                        format!("excluded time range ends ({}) before it starts ({})", range.end, range.start),
                    )
                    .with_help("swap `start` and `end`"),
                );
            }
        }
    }
}

fn low_sample_count(alarm: &Alarm, at: &AlarmAt, sink: &mut Sink) {
    if alarm.evaluate_low_sample_count_percentile.is_none() {
        return;
    }
    let percentile = alarm.metric.as_ref().is_some_and(|m| is_percentile(&m.statistic));
    if !percentile {
        let what = match &alarm.metric {
            Some(m) => format!("its statistic `{}` is not a percentile", m.statistic),
            None => "it uses metric math".to_string(),
        };
        sink.push(
            Diagnostic::new(
                Code::LowSampleCountWithoutPercentile,
                at.value(Pointer::root() / "evaluate_low_sample_count_percentile"),
                format!("alarm `{}` sets evaluate_low_sample_count_percentile, but {what}", alarm.id),
            )
            .with_help("remove it, or alarm on a percentile such as p99"),
        );
    }
}

/// Whether a statistic is a percentile (`p99`, `p99.9`).
pub fn is_percentile(statistic: &str) -> bool {
    statistic.strip_prefix('p').is_some_and(|n| percentage(n, 2))
}

/// Ids that differ but map to the same CloudFormation logical id.
fn logical_ids(repo: &Repo, sink: &mut Sink) {
    let alarms = repo.alarms().map(|(file, i, a)| {
        (a.id.as_str(), a.logical_id(), Location::value(file, Pointer::root() / "alarms" / i / "id"))
    });
    let filters = repo.log_metric_filters().map(|(file, i, f)| {
        (
            f.id.as_str(),
            crate::config::alarms::logical_id("Filter", &f.id),
            Location::value(file, Pointer::root() / "log_metric_filters" / i / "id"),
        )
    });
    let mut seen: HashMap<String, (&str, Location)> = HashMap::new();
    for (id, logical, at) in alarms.chain(filters) {
        match seen.get(&logical) {
            Some((other, first)) if *other != id => sink.push(
                Diagnostic::new(
                    Code::LogicalIdCollision,
                    at,
                    format!("`{id}` and `{other}` both become the CloudFormation logical id `{logical}`"),
                )
                .with_label(first.clone(), "the other one")
                .with_help("rename one so that the ids differ in more than punctuation"),
            ),
            Some(_) => {}
            None => {
                seen.insert(logical, (id, at));
            }
        }
    }
    if let Some(policy) = &repo.policy {
        let mut channels: HashMap<String, &str> = HashMap::new();
        for key in policy.value.channels.keys() {
            let logical = crate::config::alarms::logical_id("Topic", key);
            if let Some(other) = channels.insert(logical.clone(), key) {
                sink.push(
                    Diagnostic::new(
                        Code::LogicalIdCollision,
                        Location::key(policy.file, Pointer::root() / "channels" / key),
                        format!("channels `{key}` and `{other}` both become the CloudFormation logical id `{logical}`"),
                    )
                    .with_help("rename one of the channel keys"),
                );
            }
        }
    }
}

struct AlarmAt {
    file: FileId,
    base: Pointer,
}

impl AlarmAt {
    /// The value at `field`, a pointer relative to the alarm.
    fn value(&self, field: Pointer) -> Location {
        Location::value(self.file, self.base.join(&field))
    }
    fn key(&self, field: Pointer) -> Location {
        Location::key(self.file, self.base.join(&field))
    }
}

/// Whether CloudWatch accepts this period in seconds.
pub fn valid_period(period: u32) -> bool {
    matches!(period, 10 | 20 | 30) || (period > 0 && period % 60 == 0)
}

fn timing(alarm: &Alarm, at: &AlarmAt, sink: &mut Sink) {
    if !valid_period(alarm.period) {
        let lower = [10, 20, 30].into_iter().chain((1..).map(|m| m * 60)).take_while(|p| *p <= alarm.period).last();
        let suggestion = match lower {
            Some(p) if p != alarm.period => {
                format!("use {p} or {}", if p < 30 { p + 10 } else { (alarm.period / 60 + 1) * 60 })
            }
            _ => "use 10, 20, 30 or a multiple of 60".to_string(),
        };
        sink.push(
            Diagnostic::new(
                Code::InvalidPeriod,
                at.value(Pointer::root() / "period"),
                format!("period {} s is not accepted by CloudWatch", alarm.period),
            )
            .with_primary_label("must be 10, 20, 30 or a multiple of 60")
            .with_help(suggestion),
        );
    }
    if alarm.evaluation_periods < 1 {
        sink.push(
            Diagnostic::new(
                Code::InvalidEvaluationPeriods,
                at.value(Pointer::root() / "evaluation_periods"),
                "evaluation_periods must be at least 1",
            )
            .with_help("set `evaluation_periods: 1` or more"),
        );
    }
    if let Some(m) = alarm.datapoints_to_alarm
        && (m < 1 || (alarm.evaluation_periods >= 1 && m > alarm.evaluation_periods))
    {
        let diagnostic = Diagnostic::new(
            Code::InvalidDatapointsToAlarm,
            at.value(Pointer::root() / "datapoints_to_alarm"),
            format!("datapoints_to_alarm {m} is not between 1 and evaluation_periods ({})", alarm.evaluation_periods),
        );
        sink.push(if m < 1 {
            diagnostic.with_help("set it to at least 1, or remove it to alarm when every period breaches")
        } else {
            diagnostic
                .with_label(at.value(Pointer::root() / "evaluation_periods"), "N is set here")
                .with_help(format!("lower it to {} or less, or raise evaluation_periods", alarm.evaluation_periods))
        });
    }
    let range = u64::from(alarm.period) * u64::from(alarm.evaluation_periods);
    let limit = if alarm.period < 3600 { ONE_DAY } else { SEVEN_DAYS };
    if valid_period(alarm.period) && range > limit {
        let (limit_text, rule) = if limit == ONE_DAY {
            ("one day (86,400 s)", "periods under an hour")
        } else {
            ("seven days (604,800 s)", "periods of an hour or more")
        };
        sink.push(
            Diagnostic::new(
                Code::EvaluationRangeTooLong,
                at.value(Pointer::root() / "evaluation_periods"),
                format!(
                    "period x evaluation_periods = {range} s exceeds {limit_text}, the CloudWatch limit for {rule}"
                ),
            )
            .with_label(at.value(Pointer::root() / "period"), "period")
            .with_help(format!(
                "use at most {} evaluation periods of {} s",
                limit / u64::from(alarm.period),
                alarm.period
            )),
        );
    }
}

/// Checks one metric; `path` is its place in the alarm (`/metric` or `/metrics/N/metric`).
fn metric_stat(metric: &MetricStat, at: &AlarmAt, path: Pointer, sink: &mut Sink) {
    unit(metric, at, path.clone(), sink);
    if !valid_statistic(&metric.statistic) {
        let lower = metric.statistic.to_ascii_lowercase();
        let help = match ["SampleCount", "Average", "Sum", "Minimum", "Maximum"]
            .iter()
            .find(|s| s.to_ascii_lowercase() == lower || lower == s[..3].to_ascii_lowercase())
        {
            Some(standard) => format!("did you mean `{standard}`?"),
            None if valid_statistic(&lower) => format!("did you mean `{lower}`?"),
            None => "use SampleCount, Average, Sum, Minimum, Maximum, or a percentile such as p99 or p99.9".to_string(),
        };
        sink.push(
            Diagnostic::new(
                Code::InvalidStatistic,
                at.value(path.clone() / "statistic"),
                format!("`{}` is not a CloudWatch statistic", metric.statistic),
            )
            .with_help(help),
        );
    }
    if metric.dimensions.len() > MAX_DIMENSIONS {
        sink.push(Diagnostic::new(
            Code::TooManyDimensions,
            at.key(path / "dimensions"),
            format!("metric has {} dimensions; CloudWatch allows at most {MAX_DIMENSIONS}", metric.dimensions.len()),
        ));
    }
}

fn source(alarm: &Alarm, at: &AlarmAt, sink: &mut Sink) {
    match (&alarm.metric, &alarm.metrics) {
        (Some(_), Some(_)) => sink.push(
            Diagnostic::new(
                Code::MetricSource,
                at.key(Pointer::root() / "metrics"),
                format!("alarm `{}` has both `metric` and `metrics`", alarm.id),
            )
            .with_label(at.key(Pointer::root() / "metric"), "`metric` is here")
            .with_help("keep `metric` for a single-metric alarm, or `metrics` for metric math"),
        ),
        (None, None) => sink.push(
            Diagnostic::new(
                Code::MetricSource,
                at.key(Pointer::root()),
                format!("alarm `{}` has neither `metric` nor `metrics`", alarm.id),
            )
            .with_help("add `metric:` (namespace, name, dimensions, statistic) or `metrics:` for metric math"),
        ),
        (Some(metric), None) => metric_stat(metric, at, Pointer::root() / "metric", sink),
        (None, Some(queries)) => metric_math(alarm, queries, at, sink),
    }
}

fn metric_math(alarm: &Alarm, queries: &[crate::model::MetricQuery], at: &AlarmAt, sink: &mut Sink) {
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for (j, query) in queries.iter().enumerate() {
        let q = Pointer::root() / "metrics" / j;
        if !METRIC_MATH_ID.is_match(&query.id) {
            sink.push(
                Diagnostic::new(
                    Code::InvalidMetricMathId,
                    at.value(q.clone() / "id"),
                    format!("metric-math id `{}` is not valid", query.id),
                )
                .with_help("start with a lowercase letter; use only letters, digits and `_`"),
            );
        }
        if let Some(first) = ids.insert(&query.id, j) {
            sink.push(
                Diagnostic::new(
                    Code::DuplicateMetricMathId,
                    at.value(q.clone() / "id"),
                    format!("metric-math id `{}` is used twice", query.id),
                )
                .with_label(at.value(Pointer::root() / "metrics" / first / "id"), "first used here"),
            );
        }
        match (&query.metric, &query.expression) {
            (Some(metric), None) => metric_stat(metric, at, q.clone() / "metric", sink),
            (None, Some(_)) => {}
            (Some(_), Some(_)) => sink.push(
                Diagnostic::new(
                    Code::MetricMathResult,
                    at.key(q.clone()),
                    format!("metric-math entry `{}` has both `metric` and `expression`", query.id),
                )
                .with_help("split it into two entries, each with its own id"),
            ),
            (None, None) => sink.push(
                Diagnostic::new(
                    Code::MetricMathResult,
                    at.key(q.clone()),
                    format!("metric-math entry `{}` has neither `metric` nor `expression`", query.id),
                )
                .with_help("add `metric:` (namespace, name, statistic) or `expression:`"),
            ),
        }
    }
    for (j, query) in queries.iter().enumerate() {
        let Some(expression) = &query.expression else { continue };
        for name in expression_references(expression) {
            if !ids.contains_key(name) || name == query.id {
                let (why, help) = if name == query.id {
                    (
                        "refers to itself",
                        "an expression cannot use its own id: use the ids of other entries".to_string(),
                    )
                } else {
                    ("is not defined", format!("define a metric with `id: {name}` in `metrics`, or fix the expression"))
                };
                sink.push(
                    Diagnostic::new(
                        Code::UndefinedMetricMathReference,
                        at.value(Pointer::root() / "metrics" / j / "expression"),
                        format!("expression of `{}` uses `{name}`, which {why}", query.id),
                    )
                    .with_help(help),
                );
            }
        }
    }
    if queries.is_empty() {
        sink.push(
            Diagnostic::new(
                Code::MetricMathResult,
                at.key(Pointer::root() / "metrics"),
                format!("alarm `{}`: `metrics` is empty", alarm.id),
            )
            .with_help("list the metrics and expressions, one with `return: true`, or use `metric:`"),
        );
        return;
    }
    // An anomaly detection alarm returns the band and its series too (OC322 checks both).
    let returns: Vec<usize> = queries
        .iter()
        .enumerate()
        .filter(|(_, q)| q.return_data && Some(&q.id) != alarm.threshold_metric_id.as_ref())
        .map(|(j, _)| j)
        .collect();
    match returns.as_slice() {
        [_] => {}
        [] => sink.push(
            Diagnostic::new(
                Code::MetricMathResult,
                at.key(Pointer::root() / "metrics"),
                format!("alarm `{}`: no entry of `metrics` has `return: true`", alarm.id),
            )
            .with_help("mark the series the alarm evaluates with `return: true`"),
        ),
        [first, rest @ ..] => {
            for j in rest {
                sink.push(
                    Diagnostic::new(
                        Code::MetricMathResult,
                        at.key(Pointer::root() / "metrics" / *j / "return"),
                        format!("alarm `{}`: more than one entry of `metrics` has `return: true`", alarm.id),
                    )
                    .with_label(at.key(Pointer::root() / "metrics" / *first / "return"), "first result here")
                    .with_help("an alarm evaluates exactly one series: keep one `return: true`"),
                );
            }
        }
    }
    let metrics = queries.iter().filter(|q| q.metric.is_some()).count();
    let expressions = queries.iter().filter(|q| q.expression.is_some()).count();
    if metrics > MAX_METRICS || expressions > MAX_EXPRESSIONS {
        sink.push(
            Diagnostic::new(
                Code::TooManyMetricQueries,
                at.key(Pointer::root() / "metrics"),
                format!(
                    "alarm `{}` uses {metrics} metric{} and {expressions} expression{}; CloudWatch allows at most {MAX_METRICS} of each",
                    alarm.id,
                    if metrics == 1 { "" } else { "s" },
                    if expressions == 1 { "" } else { "s" },
                ),
            )
            .with_help("split the alarm, or aggregate with a SEARCH expression"),
        );
    }
}

fn limits(alarm: &Alarm, base_url: &str, at: &AlarmAt, sink: &mut Sink) {
    let field = if alarm.name.is_some() { "name" } else { "id" };
    name(alarm.cloudwatch_name(), at.value(Pointer::root() / field), sink);
    let length = alarm.cloudwatch_description(base_url).chars().count();
    if length > MAX_DESCRIPTION {
        sink.push(
            Diagnostic::new(
                Code::DescriptionTooLong,
                at.value(Pointer::root() / "description"),
                format!("alarm description is {length} characters with the severity and playbook link; CloudWatch allows {MAX_DESCRIPTION}"),
            )
            .with_help(format!("shorten the description by {} characters; put the detail in the playbook", length - MAX_DESCRIPTION)),
        );
    }
}

/// An alarm name CloudWatch accepts: 1-255 characters, no ASCII control characters.
pub(super) fn name(name: &str, at: Location, sink: &mut Sink) {
    let length = name.chars().count();
    if length > MAX_NAME {
        sink.push(
            Diagnostic::new(
                Code::AlarmNameTooLong,
                at.clone(),
                format!("alarm name is {length} characters; CloudWatch allows {MAX_NAME}"),
            )
            .with_help(match length - MAX_NAME {
                1 => "shorten it by 1 character".to_string(),
                n => format!("shorten it by {n} characters"),
            }),
        );
    }
    if let Some(c) = name.chars().find(char::is_ascii_control) {
        sink.push(
            Diagnostic::new(
                Code::InvalidAlarmName,
                at,
                format!("alarm name `{}` holds the control character U+{:04X}", name.escape_debug(), u32::from(c)),
            )
            .with_help("remove tabs, newlines and other control characters from the name"),
        );
    }
}

/// Whether CloudWatch accepts `statistic` (a standard statistic or an extended one).
pub fn valid_statistic(statistic: &str) -> bool {
    if matches!(statistic, "SampleCount" | "Average" | "Sum" | "Minimum" | "Maximum" | "IQM") {
        return true;
    }
    for prefix in ["p", "tm", "wm", "tc", "ts"] {
        if let Some(number) = statistic.strip_prefix(prefix) {
            return percentage(number, 2);
        }
    }
    for prefix in ["TM(", "WM(", "TC(", "TS(", "PR("] {
        if let Some(inner) = statistic.strip_prefix(prefix).and_then(|s| s.strip_suffix(')')) {
            let Some((low, high)) = inner.split_once(':') else { return false };
            let bound = |b: &str| match b.strip_suffix('%') {
                Some(p) => percentage(p, 10),
                None => !b.is_empty() && b.parse::<f64>().is_ok_and(f64::is_finite),
            };
            let value = |b: &str| b.trim_end_matches('%').parse::<f64>().ok();
            let ordered = match (value(low), value(high)) {
                (Some(l), Some(h)) if low.ends_with('%') == high.ends_with('%') => l <= h,
                _ => true,
            };
            return (low.is_empty() || bound(low))
                && (high.is_empty() || bound(high))
                && !(low.is_empty() && high.is_empty())
                && ordered;
        }
    }
    false
}

/// A number between 0 and 100 with at most `places` decimals.
fn percentage(text: &str, places: usize) -> bool {
    let (whole, decimals) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    !whole.is_empty()
        && digits(whole)
        && digits(decimals)
        && decimals.len() <= places
        && !(text.contains('.') && decimals.is_empty())
        && text.parse::<f64>().is_ok_and(|v| (0.0..=100.0).contains(&v))
}

/// The ids a metric-math expression refers to: lowercase-initial names that are not
/// function calls, outside string literals.
pub fn expression_references(expression: &str) -> Vec<&str> {
    let bytes = expression.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'"' || c == b'\'' {
            i += 1;
            while i < bytes.len() && bytes[i] != c {
                i += 1;
            }
            i += 1;
        } else if c.is_ascii_alphanumeric() || c == b'_' {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || (c.is_ascii_digit() && bytes[i] == b'.'))
            {
                i += 1;
            }
            let word = &expression[start..i];
            let called = expression[i..].trim_start().starts_with('(');
            if c.is_ascii_lowercase() && !called && !out.contains(&word) {
                out.push(word);
            }
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        for ok in [10, 20, 30, 60, 120, 300, 3600, 86_400] {
            assert!(valid_period(ok), "{ok}");
        }
        for bad in [0, 1, 15, 45, 90, 61] {
            assert!(!valid_period(bad), "{bad}");
        }
    }

    #[test]
    fn statistics() {
        for ok in [
            "Sum",
            "SampleCount",
            "p99",
            "p99.9",
            "p0",
            "p100",
            "p95.55",
            "tm90",
            "wm99",
            "tc90",
            "ts90",
            "IQM",
            "TM(10%:90%)",
            "TM(:0.5)",
            "PR(:300)",
            "PR(100:2000)",
            "TC(0.005:0.030)",
            "TM(10.1234567890%:90%)",
        ] {
            assert!(valid_statistic(ok), "{ok}");
        }
        for bad in [
            "sum",
            "avg",
            "p",
            "p101",
            "p99.999",
            "p-1",
            "p99.",
            "TM(:)",
            "TM(10%)",
            "TM(10%:200%)",
            "Median",
            "P99",
            "TM(90%:10%)",
            "PR(300:100)",
        ] {
            assert!(!valid_statistic(bad), "{bad}");
        }
    }

    #[test]
    fn references() {
        assert_eq!(expression_references("100 * errors / requests"), vec!["errors", "requests"]);
        assert_eq!(expression_references("IF(m1 > 0.5e3, m1, 0) + FILL(m_2, 0)"), vec!["m1", "m_2"]);
        assert_eq!(expression_references("SEARCH('{AWS/EC2} metric=\"x\"', 'Average', 300)"), Vec::<&str>::new());
        assert_eq!(expression_references("METRICS()"), Vec::<&str>::new());
    }
}
