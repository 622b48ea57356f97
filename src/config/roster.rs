//! The roster files as the user writes them: `team.yaml`, `policy.yaml`, `time-off.yaml`,
//! `overrides.yaml` and `pitch-cycles.yaml`. Doc comments become schema descriptions.

use chrono::NaiveDate;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `roster/team.yaml`: everyone who may take a shift.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Team {
    /// The engineers of the team.
    pub people: Vec<Person>,
}

/// One engineer.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// The key used everywhere else: lowercase letters, digits and dashes.
    #[schemars(pattern(r"^[a-z][a-z0-9-]*$"))]
    pub id: String,
    /// Full name, as shown in announcements and calendars.
    pub name: String,
    /// Work e-mail address.
    pub email: String,
    /// Phone number in E.164 form, e.g. "+48600100200" (quote it).
    pub phone: String,
    /// Slack member id, e.g. U01ABCDEF12.
    pub slack: String,
    /// xMatters user name, if the person uses xMatters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xmatters: Option<String>,
    /// First day in the team; tenure rules count from here.
    pub started: NaiveDate,
    /// Last day in the team: no shift after it; the shifts worked stay on record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<NaiveDate>,
    /// The rotations (keys of `rotations` in policy.yaml) the person takes part in.
    #[serde(default)]
    pub rotations: Vec<String>,
    /// The items of the policy's preparation checklist the person has completed.
    #[serde(default)]
    pub preparation: Vec<String>,
}

/// `roster/policy.yaml`: how the team runs its rotations.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// IANA time zone of every shift window, e.g. Europe/Warsaw.
    pub timezone: String,
    /// Slack workspace (team) id for the AWS Chatbot channel configurations, e.g. T0EDR0NE01.
    pub slack_workspace: String,
    /// Alarm descriptions link to this URL followed by the playbook's file name.
    pub playbook_base_url: String,
    /// The window `generate` covers, and how much history it keeps.
    pub schedule: ScheduleWindow,
    /// Days treated as weekend days.
    #[serde(default)]
    pub holidays: Vec<NaiveDate>,
    /// The checklist every rotation member must complete before taking shifts.
    #[serde(default)]
    pub preparation: Vec<String>,
    /// Slack channels by key; alarms and announcements name these keys.
    pub channels: IndexMap<String, Channel>,
    /// The rotations by name, e.g. on-call and incident-commander.
    pub rotations: IndexMap<String, Rotation>,
    /// The operational level agreement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ola: Option<Ola>,
    /// The emoji code of the alerts channel: Slack emoji name (without colons) -> its meaning,
    /// as text (the six emoji of the practice: eyes, repeat, heavy_check_mark, arrow_right,
    /// outbox_tray, no_entry_sign, say by themselves what they do to a notification) or
    /// `{text, means}`.
    #[serde(default)]
    pub triage: IndexMap<String, TriageEntry>,
    /// A playbook not reviewed for this many days is reported as stale.
    #[serde(default = "default_playbook_max_age_days")]
    pub playbook_max_age_days: u32,
    /// Where alarms page, per severity, beside Slack. Critical alarms page when `critical`
    /// is set; warnings page only when `warning` is.
    #[serde(default, skip_serializing_if = "Paging::is_empty")]
    pub paging: Paging,
}

/// Where alarms page, per severity.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Paging {
    /// Where critical alarms page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub critical: Option<Page>,
    /// Where warnings page (default: they do not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning: Option<Page>,
}

impl Paging {
    pub fn is_empty(&self) -> bool {
        self.critical.is_none() && self.warning.is_none()
    }

    /// Where alarms of `severity` page.
    pub fn of(&self, severity: crate::config::alarms::AlarmSeverity) -> Option<&Page> {
        match severity {
            crate::config::alarms::AlarmSeverity::Critical => self.critical.as_ref(),
            crate::config::alarms::AlarmSeverity::Warning => self.warning.as_ref(),
        }
    }
}

/// A paging destination: an existing SNS topic, or an HTTPS endpoint (an xMatters,
/// PagerDuty or Opsgenie integration URL) given when the stack is deployed.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// What pages are sent to, as the on-call announcement names it, e.g. PagerDuty.
    #[schemars(length(min = 1))]
    pub via: String,
    /// An existing SNS topic ARN that pages (give this or `endpoint_parameter`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sns_topic: Option<String>,
    /// The name of the template parameter (NoEcho, never committed) that holds the HTTPS
    /// endpoint, subscribed to a topic the template creates, e.g. PagerDutyCriticalUrl.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint_parameter: Option<String>,
}

fn default_playbook_max_age_days() -> u32 {
    180
}

/// The window `generate` plans: from `from` to a fixed `until`, or rolling `horizon_months`
/// ahead of today. Shifts before today are history: never planned again, kept in
/// `schedule.json` for `lookback_days`, and counted when shifts are shared out.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ScheduleWindow {
    /// First day.
    pub from: NaiveDate,
    /// Last day (included). Give `until` or `horizon_months`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
    /// Plan to the last day of the month this many months after today's month (today
    /// 2027-03-10 and 2: until 2027-05-31), so the plan rolls forward once a month. At most 60.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 60))]
    pub horizon_months: Option<u32>,
    /// Days of history `schedule.json` keeps and fairness counts (default 365, at most 3,650).
    #[serde(default = "default_lookback_days")]
    #[schemars(range(max = 3650))]
    pub lookback_days: u32,
    /// With a fixed `until`, lint warns this many days before it (default 14).
    #[serde(default = "default_warn_days")]
    #[schemars(range(max = 365))]
    pub warn_days: u32,
    /// Days from today that stay as committed when someone gains eligibility the committed
    /// plan did not foresee (default 14: today to today + 13); the shifts after them are
    /// rebalanced so that person gets their share. At most 365.
    #[serde(default = "default_freeze_days")]
    #[schemars(range(max = 365))]
    pub freeze_days: u32,
}

fn default_freeze_days() -> u32 {
    14
}

fn default_lookback_days() -> u32 {
    365
}

/// See [`ScheduleWindow::oldest_kept`].
pub fn oldest_kept(today: NaiveDate, lookback_days: u32) -> NaiveDate {
    month_start(
        month_start(today).checked_sub_days(chrono::Days::new(u64::from(lookback_days))).unwrap_or(NaiveDate::MIN),
    )
}

/// The first day of `day`'s month.
pub fn month_start(day: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    day.with_day(1).unwrap_or(day)
}

fn default_warn_days() -> u32 {
    14
}

impl ScheduleWindow {
    /// The last day planned as of `today`: `until`, or the end of the horizon (`None` when the
    /// window gives neither, or its end cannot be a date).
    pub fn end(&self, today: NaiveDate) -> Option<NaiveDate> {
        match (self.until, self.horizon_months) {
            (Some(until), None) => Some(until),
            (None, Some(months)) => {
                use chrono::Datelike;
                let first = today.with_day(1)?.checked_add_months(chrono::Months::new(months + 1))?;
                first.pred_opt()
            }
            _ => None,
        }
    }

    /// The first day of history kept as of `today`: `lookback_days` back from the first of
    /// today's month, then to the first of that month, so that what is dropped changes on the
    /// first of a month (not every day), and at least `lookback_days` are kept.
    pub fn oldest_kept(&self, today: NaiveDate) -> NaiveDate {
        oldest_kept(today, self.lookback_days)
    }

    /// The days planned as of `today`, both ends included.
    pub fn range(&self, today: NaiveDate) -> Option<DateRange> {
        Some(DateRange { from: self.from, until: self.end(today)? })
    }
}

/// A range of days, both ends included.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DateRange {
    /// First day.
    pub from: NaiveDate,
    /// Last day (included).
    pub until: NaiveDate,
}

/// A Slack channel.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    /// Slack channel id, e.g. C0ENG00001.
    pub id: String,
    /// What the channel is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// `duty`: the channel topic shows who is on duty, updated daily.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<Topic>,
    /// An existing SNS topic ARN that already posts to this channel: its alarms use it, and
    /// the template creates neither a topic nor a Chatbot configuration for the channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sns_topic: Option<String>,
}

/// What a channel's topic shows.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Topic {
    /// "On-call: @x | IC: @y".
    Duty,
}

/// One rotation.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Rotation {
    /// How people read the rotation's name in announcements, channel topics, reminders,
    /// SCHEDULE.md, calendars and the schedule page, e.g. "Incident Commander" (1-60
    /// characters). Default: the key, humanised the same way everywhere (`on-call` ->
    /// "On-call", `incident-commander` -> "Incident Commander", `ic` -> "IC").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 60))]
    pub name: Option<String>,
    /// Shift hours: `weekday` applies Monday to Friday, `weekend` to Saturdays, Sundays and holidays.
    pub windows: Windows,
    /// Where and when the daily announcement is posted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub announce: Option<Announce>,
    /// Remind people this many days before their shift (at most 365).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(max = 365))]
    pub remind_days_before: Option<u32>,
    /// Members of a running pitch cycle take no shifts in this rotation.
    #[serde(default)]
    pub exclude_pitch_cycle: bool,
    /// Members newer than this many days shadow instead of taking shifts.
    #[serde(default)]
    pub min_tenure_days: u32,
    /// `daily` (the default): each day's shift goes to whoever is due that day. `weekly`: one
    /// person holds every shift of the rotation from one `handoff_day` to the next.
    #[serde(default, skip_serializing_if = "Handoff::is_daily")]
    pub handoff: Handoff,
    /// The day a weekly rotation changes hands, lowercase (default `monday`): its first shift
    /// is the new holder's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handoff_day: Option<DayName>,
}

impl Rotation {
    /// How people read the rotation of key `key`: its `name`, trimmed, else the key humanised.
    pub fn display_name(&self, key: &str) -> String {
        self.name.as_deref().map_or_else(|| humanise(key), |name| name.trim().to_string())
    }
}

/// A rotation's key as people read it: `on-call` -> "On-call", `incident-commander` ->
/// "Incident Commander", `secondary-on-call` -> "Secondary On-call", `ic` -> "IC" (words of
/// two letters, and the usual three-letter ones such as `sre`, are abbreviations).
pub fn humanise(key: &str) -> String {
    const ABBREVIATIONS: [&str; 6] = ["sre", "dba", "api", "noc", "soc", "sec"];
    // `on-call` is one word, written with its hyphen.
    let marked = key.replace("on-call", "on\u{1}call").replace("on_call", "on\u{1}call");
    marked
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|word| {
            let word = word.replace('\u{1}', "-");
            if word.chars().count() <= 2 || ABBREVIATIONS.contains(&word.as_str()) {
                word.to_uppercase()
            } else {
                let mut chars = word.chars();
                chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// How often a rotation changes hands.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Handoff {
    /// A shift at a time: each day's goes to whoever is due that day.
    #[default]
    Daily,
    /// A week at a time, from one `handoff_day` to the next.
    Weekly,
}

impl Handoff {
    pub fn is_daily(&self) -> bool {
        *self == Handoff::Daily
    }
}

/// A day of the week, lowercase.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum DayName {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl DayName {
    pub fn weekday(self) -> chrono::Weekday {
        use chrono::Weekday::*;
        match self {
            DayName::Monday => Mon,
            DayName::Tuesday => Tue,
            DayName::Wednesday => Wed,
            DayName::Thursday => Thu,
            DayName::Friday => Fri,
            DayName::Saturday => Sat,
            DayName::Sunday => Sun,
        }
    }
}

/// Shift windows, `HH:MM-HH:MM` in the policy's time zone. A missing window means no shift.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Windows {
    /// Monday to Friday, except holidays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekday: Option<String>,
    /// Saturday, Sunday and holidays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekend: Option<String>,
}

/// A daily announcement.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Announce {
    /// A key of `channels`.
    pub channel: String,
    /// Local time of day, `HH:MM`.
    pub at: String,
}

/// One emoji of the triage legend: the text the legend shows, and, for an emoji other than
/// the six of the practice, what it means for the notification it marks.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(untagged)]
pub enum TriageEntry {
    /// The legend's text; what the emoji does follows from its name (see [`Triage::of_emoji`]).
    Text(String),
    /// The legend's text and what the emoji means.
    Full(TriageMeaning),
}

/// An emoji's text and meaning.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TriageMeaning {
    /// What the legend shows, e.g. "looking at it".
    pub text: String,
    /// What a reaction with this emoji says about the notification: `looking` keeps it open;
    /// `fixed`, `ticket`, `delegated`, `ignore` and `duplicate` close it.
    pub means: Triage,
}

impl TriageEntry {
    pub fn text(&self) -> &str {
        match self {
            TriageEntry::Text(text) => text,
            TriageEntry::Full(full) => &full.text,
        }
    }

    /// What the emoji `name` means: as written, or by the practice's default for its name.
    pub fn means(&self, name: &str) -> Option<Triage> {
        match self {
            TriageEntry::Text(_) => Triage::of_emoji(name),
            TriageEntry::Full(full) => Some(full.means),
        }
    }
}

/// What a triage emoji says about a notification.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Triage {
    /// Someone is looking at it: the notification stays open.
    Looking,
    /// Fixed, no more action needed.
    Fixed,
    /// Triaged, details gathered, a ticket created for later.
    Ticket,
    /// Someone else (not the Incident Commander) investigates.
    Delegated,
    /// To be ignored: a test, a false positive.
    Ignore,
    /// A duplicate of an earlier notification.
    Duplicate,
}

impl Triage {
    /// The meaning of the six emoji of the practice, by name.
    pub fn of_emoji(name: &str) -> Option<Triage> {
        Some(match name {
            "eyes" => Triage::Looking,
            "repeat" => Triage::Duplicate,
            "heavy_check_mark" => Triage::Fixed,
            "arrow_right" => Triage::Delegated,
            "outbox_tray" => Triage::Ticket,
            "no_entry_sign" => Triage::Ignore,
            _ => return None,
        })
    }

    /// Whether a reaction with this meaning closes the notification.
    pub fn closes(self) -> bool {
        self != Triage::Looking
    }
}

/// The operational level agreement.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Ola {
    /// Investigation starts at most this many minutes after a notification.
    pub investigate_within_minutes: u32,
}

/// One entry of `roster/time-off.yaml`.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TimeOff {
    /// A person id.
    pub person: String,
    /// First day off.
    pub from: NaiveDate,
    /// Last day off (included).
    pub until: NaiveDate,
    /// Why, for the humans reading the roster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// One entry of `roster/overrides.yaml`: a shift given to a person whatever the rotation says.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// The day of the shift.
    pub date: NaiveDate,
    /// A rotation name.
    pub rotation: String,
    /// A person id, a member of that rotation.
    pub person: String,
    /// Why, e.g. "swap with alice".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The person is on time off that day and takes the shift all the same, by their own
    /// choice. Without it, an override on a day of the person's time off is an error (OC423):
    /// someone who fell sick after agreeing a swap must not stay on duty unnoticed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub despite_time_off: bool,
}

/// One entry of `roster/pitch-cycles.yaml`.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PitchCycle {
    /// The cycle's name, e.g. "Cycle 12".
    pub name: String,
    /// First day.
    pub from: NaiveDate,
    /// Last day (included).
    pub until: NaiveDate,
    /// Person ids working in the cycle.
    pub participants: Vec<String>,
}

/// Minutes since midnight of `HH:MM` (24-hour clock); `24:00` only when `allow_24` is set.
pub fn parse_time(text: &str, allow_24: bool) -> Option<u32> {
    let (h, m) = text.split_once(':')?;
    if h.len() != 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    match (h, m) {
        (0..=23, 0..=59) => Some(h * 60 + m),
        (24, 0) if allow_24 => Some(24 * 60),
        _ => None,
    }
}

/// A shift window `HH:MM-HH:MM` as minutes since midnight of the day it starts. A window
/// whose end is not after its start crosses midnight: `22:00-06:00` ends at 06:00 the next
/// day (1,800 minutes), `09:00-09:00` is 24 hours.
pub fn parse_window(text: &str) -> Result<(u32, u32), String> {
    let Some((start, end)) = text.split_once('-') else {
        return Err(format!("`{text}` is not of the form HH:MM-HH:MM"));
    };
    let start_minutes =
        parse_time(start.trim(), false).ok_or_else(|| format!("`{}` is not a time of day HH:MM", start.trim()))?;
    let end_minutes =
        parse_time(end.trim(), true).ok_or_else(|| format!("`{}` is not a time of day HH:MM", end.trim()))?;
    if end_minutes <= start_minutes {
        return Ok((start_minutes, end_minutes + 24 * 60));
    }
    Ok((start_minutes, end_minutes))
}

impl Policy {
    /// Whether `date` is a weekend day or a holiday.
    pub fn is_weekend(&self, date: NaiveDate) -> bool {
        use chrono::Datelike;
        matches!(date.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun) || self.holidays.contains(&date)
    }
}

impl Rotation {
    /// The window text that applies on `date` (weekend windows on weekends and holidays).
    pub fn window_on(&self, weekend: bool) -> Option<&str> {
        if weekend { self.windows.weekend.as_deref() } else { self.windows.weekday.as_deref() }
    }
}

impl DateRange {
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.until
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn rotation_names_read_as_words() {
        for (key, read) in [
            ("on-call", "On-call"),
            ("incident-commander", "Incident Commander"),
            ("ic", "IC"),
            ("secondary-on-call", "Secondary On-call"),
            ("sre_on_call", "SRE On-call"),
            ("support", "Support"),
            ("db-primary", "DB Primary"),
        ] {
            assert_eq!(humanise(key), read, "{key}");
        }
    }

    use super::*;

    #[test]
    fn rolling_horizon_ends_with_a_month() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let window = |horizon| ScheduleWindow {
            from: day("2027-01-01"),
            until: None,
            horizon_months: Some(horizon),
            lookback_days: 365,
            warn_days: 14,
            freeze_days: 14,
        };
        assert_eq!(window(2).end(day("2027-03-10")), Some(day("2027-05-31")));
        assert_eq!(window(2).end(day("2027-03-31")), Some(day("2027-05-31")));
        assert_eq!(window(1).end(day("2027-12-15")), Some(day("2028-01-31")));
        assert_eq!(window(1).end(day("2028-01-01")), Some(day("2028-02-29")));
        let fixed = ScheduleWindow { until: Some(day("2027-02-28")), horizon_months: None, ..window(1) };
        assert_eq!(fixed.end(day("2030-01-01")), Some(day("2027-02-28")));
        assert_eq!(ScheduleWindow { until: Some(day("2027-02-28")), ..window(1) }.end(day("2027-01-01")), None);
    }

    #[test]
    fn windows() {
        assert_eq!(parse_window("15:00-22:00"), Ok((900, 1320)));
        assert_eq!(parse_window("09:00-24:00"), Ok((540, 1440)));
        assert_eq!(parse_window("22:00-06:00"), Ok((1320, 1800)));
        assert_eq!(parse_window("09:00-09:00"), Ok((540, 1980)));
        assert_eq!(parse_window("00:00-00:00"), Ok((0, 1440)));
        assert!(parse_window("9:00-17:00").is_err());
        assert!(parse_window("09:00-17:60").is_err());
        assert!(parse_window("09:00").is_err());
        assert_eq!(parse_time("24:00", false), None);
    }
}
