//! The registry of diagnostic codes: one row per check, with its default severity and the
//! explanation that `oncall explain` prints and the README's check table lists.
//!
//! A code is never reused for another meaning; retired codes stay in the table as comments.

use super::Severity;

macro_rules! codes {
    ($( $(#[doc = $doc:literal])* $code:ident $variant:ident $name:literal $family:ident $severity:ident; )*) => {
        /// Every check the linter knows.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $variant, )*
        }

        impl Code {
            /// Every code, in table order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable identifier, e.g. `OC201`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => stringify!($code), )* }
            }

            /// A short kebab-case name, e.g. `missing-playbook`.
            pub fn name(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            /// The family of checks this code belongs to.
            pub fn family(self) -> Family {
                match self { $( Code::$variant => Family::$family, )* }
            }

            /// The severity a finding of this code has unless a flag changes it.
            pub fn default_severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }

            /// One paragraph: what the check does, why it matters and how to fix a finding.
            pub fn explanation(self) -> &'static str {
                match self { $( Code::$variant => concat!($($doc),*).trim_ascii(), )* }
            }
        }
    };
}

/// The families of checks, in the order the README lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Family {
    Syntax,
    Schema,
    References,
    Alarms,
    Roster,
    Playbooks,
}

impl Family {
    pub fn title(self) -> &'static str {
        match self {
            Family::Syntax => "files and syntax",
            Family::Schema => "schema",
            Family::References => "references",
            Family::Alarms => "CloudWatch alarms",
            Family::Roster => "roster and policy",
            Family::Playbooks => "playbooks",
        }
    }
}

impl Code {
    /// Looks a code up by its identifier (`OC201`, case-insensitive) or its name.
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str().eq_ignore_ascii_case(text) || c.name() == text)
    }

    /// The first sentence of the explanation, for tables and SARIF short descriptions.
    pub fn summary(self) -> &'static str {
        let text = self.explanation();
        match text.find(". ") {
            Some(end) => &text[..=end],
            None => text,
        }
    }
}

codes! {
    /// The file is not valid YAML (or its front matter is not). The message gives the parser's
    /// reason and the position points at the first character it could not read. Fix the syntax;
    /// a common cause is a tab used for indentation or an unquoted value containing `: `.
    OC001 YamlSyntax "yaml-syntax" Syntax Error;
    /// The file is not UTF-8 text. Every configuration file must be UTF-8; re-save it with
    /// UTF-8 encoding (the position points at the first byte that is not UTF-8).
    OC002 NotUtf8 "not-utf8" Syntax Error;
    /// A required file (`team.yaml`, `policy.yaml`) or a playbook's front matter holds no YAML
    /// value at all (only whitespace or comments). Write its keys. (An optional file with only
    /// comments, such as `time-off.yaml` after its last entry is deleted, means empty.)
    OC003 EmptyFile "empty-file" Syntax Error;
    /// The YAML is too complex to load safely: it nests deeper than 128 levels or expands
    /// aliases beyond a fixed budget (an "alias bomb"). Configuration never needs either;
    /// write the values out instead of nesting aliases.
    OC004 YamlTooComplex "yaml-too-complex" Syntax Error;
    /// A mapping has the same key twice. YAML parsers disagree on which value wins, so the
    /// linter refuses to guess: remove one of the two keys.
    OC005 DuplicateKey "duplicate-key" Syntax Error;
    /// A playbook does not start with YAML front matter between two `---` lines. Every
    /// playbook starts with `---`, then `id`, `title`, `owner` and `last_reviewed`, then `---`.
    OC006 MissingFrontMatter "missing-front-matter" Syntax Error;
    /// A file the repository must have is missing: `roster/team.yaml` and `roster/policy.yaml`
    /// are required (time off, overrides and pitch cycles are optional). Create the file.
    OC007 MissingFile "missing-file" Syntax Error;
    /// A file in `roster/` that the tool does not read, a file in `alarms/` or `playbooks/`
    /// with an extension it does not read, or a subdirectory there. A misspelt name
    /// (`timeoff.yaml`, `api.yml.bak`, `slow-sql.MD`) would otherwise be silently ignored:
    /// rename it as the help says, or move it out (hidden files and READMEs are left alone, and
    /// so are pictures, diagrams and PDFs beside playbooks, and `images/`, `img/`, `assets/`,
    /// `diagrams/` or `media/` folders there).
    OC008 UnexpectedFile "unexpected-file" Syntax Error;
    /// A file could not be read (permissions, a broken symlink, a symlink that leaves the
    /// repository, or a file that vanished). Fix the file system entry.
    OC009 UnreadableFile "unreadable-file" Syntax Error;
    /// A value holds a control character (an escape, a bell, a NUL), a bidirectional
    /// override that makes text display differently from what it says, or a line break
    /// where one line is expected (names, titles, ids). Such characters break calendars,
    /// tables and terminals, and can hide what a value really is: remove them.
    OC010 ControlCharacter "control-character" Syntax Error;

    /// A value does not match the file's JSON Schema (`schemas/<kind>.schema.json`): wrong
    /// type, a missing required key, a value outside the allowed set or pattern. The
    /// message says what was expected; editors with the YAML language server show the same
    /// error as you type.
    OC101 SchemaViolation "schema-violation" Schema Error;
    /// A key the format does not define. Unknown keys are errors so that a typo
    /// (`evaluation_period:`) is never silently ignored. The help lists the keys allowed there.
    OC102 UnknownKey "unknown-key" Schema Error;

    /// An alarm names a playbook that does not exist. Every alarm must link to a playbook so
    /// that whoever holds the pager has initial steps at hand: create
    /// `playbooks/<id>.md` (the second label shows the expected path) or fix the id.
    OC201 MissingPlaybook "missing-playbook" References Error;
    /// A person id (a playbook owner, a time-off, override or pitch-cycle entry) that is not in
    /// `roster/team.yaml`. Fix the id or add the person to the team.
    OC202 UnknownPerson "unknown-person" References Error;
    /// A channel key (an alarm's `channel`, a rotation's `announce.channel`) that is not a key
    /// of `channels` in `roster/policy.yaml`. Add the channel to the policy or fix the key.
    OC203 UnknownChannel "unknown-channel" References Error;
    /// An override gives a shift to someone who is not a member of that rotation. Add the
    /// rotation to the person's `rotations` in `team.yaml`, or pick a member.
    OC204 OverrideNotMember "override-not-member" References Error;
    /// An override for today or later falls outside the schedule window
    /// (`schedule.from`..`schedule.until`), so it would never take effect. Move the window or
    /// fix the date. Overrides before today are the record of who covered whom and stay valid
    /// whatever the window is.
    OC205 OverrideOutsideWindow "override-outside-window" References Error;
    /// Two entries share an id (people, alarms, playbooks, log metric filters). Ids are the
    /// keys everything else refers to, and alarm ids become CloudWatch alarm names: rename one.
    OC206 DuplicateId "duplicate-id" References Error;
    /// A rotation name (in a person's `rotations` or an override's `rotation`) that is not a
    /// key of `rotations` in `roster/policy.yaml`. Fix the name or define the rotation.
    OC207 UnknownRotation "unknown-rotation" References Error;
    /// A playbook's `id` differs from its file name. Alarm descriptions link to
    /// `playbook_base_url` + `<id>.md`, so the two must agree: rename the file or fix the id.
    OC208 PlaybookIdMismatch "playbook-id-mismatch" References Error;
    /// An override, time off or pitch cycle that lies wholly before today names someone who
    /// is no longer in `team.yaml`. It is part of the record and is kept (it no longer changes
    /// any plan); to keep a person's references valid, set `left:` on them instead of removing
    /// them, or delete the entry once it no longer matters.
    OC209 PastEntryUnknownPerson "past-entry-unknown-person" References Warning;

    /// CloudWatch accepts a period of 10, 20 or 30 seconds (high resolution) or a multiple
    /// of 60 seconds. Any other value is rejected by the API at deploy time; cfn-lint does not
    /// catch it. Round the period to an accepted value.
    OC301 InvalidPeriod "invalid-period" Alarms Error;
    /// `evaluation_periods` must be at least 1: CloudWatch rejects 0 at deploy time.
    OC302 InvalidEvaluationPeriods "invalid-evaluation-periods" Alarms Error;
    /// `datapoints_to_alarm` must be between 1 and `evaluation_periods` ("M out of N"):
    /// CloudWatch rejects an M larger than N. Lower it or raise `evaluation_periods`.
    OC303 InvalidDatapointsToAlarm "invalid-datapoints-to-alarm" Alarms Error;
    /// CloudWatch limits how far back an alarm looks: `period` x `evaluation_periods` must be
    /// at most one day (86,400 s) when the period is under an hour, and at most seven days
    /// (604,800 s) otherwise. Shorten the evaluation range.
    OC304 EvaluationRangeTooLong "evaluation-range-too-long" Alarms Error;
    /// The statistic is not one CloudWatch knows: use `SampleCount`, `Average`, `Sum`,
    /// `Minimum`, `Maximum`, or an extended statistic such as `p99`, `p99.9`, `tm90`, `wm99`,
    /// `tc90`, `ts90`, `IQM`, `TM(10%:90%)` or `PR(:300)` (percentiles between 0 and 100).
    OC305 InvalidStatistic "invalid-statistic" Alarms Error;
    /// A metric-math id must start with a lowercase letter and contain only letters, digits
    /// and underscores (`^[a-z][a-zA-Z0-9_]*$`), or CloudWatch rejects the alarm.
    OC306 InvalidMetricMathId "invalid-metric-math-id" Alarms Error;
    /// A metric-math expression refers to an id that no entry of `metrics` defines (or to its
    /// own id). Define the metric or fix the name in the expression.
    OC307 UndefinedMetricMathReference "undefined-metric-math-reference" Alarms Error;
    /// A metric-math alarm must mark exactly one entry of `metrics` with `return: true`: the
    /// time series the alarm evaluates. Mark one, and only one. Each entry is either a
    /// `metric` or an `expression`, never both.
    OC308 MetricMathResult "metric-math-result" Alarms Error;
    /// A metric-math alarm may use at most 10 metrics and 10 expressions. Split the alarm or
    /// aggregate with a SEARCH expression.
    OC309 TooManyMetricQueries "too-many-metric-queries" Alarms Error;
    /// A metric has more than 30 dimensions, the CloudWatch maximum.
    OC310 TooManyDimensions "too-many-dimensions" Alarms Error;
    /// The CloudWatch alarm name (`name`, or the id when there is none) is longer than 255
    /// characters, the PutMetricAlarm limit. Shorten it.
    OC311 AlarmNameTooLong "alarm-name-too-long" Alarms Error;
    /// The alarm description, once the severity and the playbook link are appended, exceeds
    /// the 1,024 characters CloudWatch allows. Shorten the description; the playbook holds
    /// the detail.
    OC312 DescriptionTooLong "description-too-long" Alarms Error;
    /// An alarm needs exactly one source: `metric` (a single metric) or `metrics` (metric
    /// math). Remove one of them, or add the missing one.
    OC313 MetricSource "metric-source" Alarms Error;
    /// Two entries of one alarm's `metrics` share an id. Ids name the time series inside
    /// the alarm: rename one.
    OC314 DuplicateMetricMathId "duplicate-metric-math-id" Alarms Error;
    /// Two alarm ids (or two log metric filter ids, or two channel keys) differ only in
    /// punctuation or in the case of a first letter (`api-5xx` and `api5xx`), so they would
    /// get the same CloudFormation logical id and one resource would replace the other.
    /// Rename one.
    OC315 LogicalIdCollision "logical-id-collision" Alarms Error;
    /// A CloudWatch alarm name may hold any UTF-8 text of 1 to 255 characters but no ASCII
    /// control characters (tabs, newlines). Remove them from `name`.
    OC316 InvalidAlarmName "invalid-alarm-name" Alarms Error;
    /// Two alarms (metric or composite) have the same CloudWatch name, or an alarm managed
    /// here is also listed in `external_alarms`. Names are unique in a region: one alarm would
    /// overwrite the other. Rename one, or remove the external entry.
    OC317 DuplicateAlarmName "duplicate-alarm-name" Alarms Error;
    /// `unit` is not one of CloudWatch's units (Seconds, Microseconds, Milliseconds, Bytes,
    /// Kilobytes, Megabytes, Gigabytes, Terabytes, Bits, Kilobits, Megabits, Gigabits,
    /// Terabits, Percent, Count, the same per second as `Bytes/Second`, `Count/Second`, or
    /// None); PutMetricAlarm rejects it. Units are case-sensitive.
    OC318 InvalidUnit "invalid-unit" Alarms Error;
    /// `evaluate_low_sample_count_percentile` is used only by single-metric alarms on a
    /// percentile statistic (`p99`, `p99.9`); anywhere else it does nothing. Remove it, or
    /// use a percentile.
    OC319 LowSampleCountWithoutPercentile "low-sample-count-without-percentile" Alarms Warning;
    /// An action is not an ARN CloudWatch can run: an SNS topic
    /// (`arn:aws:sns:REGION:ACCOUNT:NAME`), a Lambda function, an Auto Scaling policy, an EC2
    /// action (`arn:aws:automate:REGION:ec2:stop`), a Systems Manager OpsItem or incident
    /// response plan; composite alarms take SNS, Lambda and Systems Manager ones. The same
    /// holds for a channel's and the paging `sns_topic`, which must be SNS topic ARNs. Each
    /// action is listed once per state.
    OC320 InvalidAction "invalid-action" Alarms Error;
    /// CloudWatch runs at most five actions per state. The channel's topic and the page count
    /// too: drop an action, or fan out through one SNS topic.
    OC321 TooManyActions "too-many-actions" Alarms Error;
    /// An anomaly detection alarm compares with a band: `threshold_metric_id` names the
    /// `metrics` entry `ANOMALY_DETECTION_BAND(m, width)` over a metric entry `m`, with a
    /// positive width, and the comparison is GreaterThanUpperThreshold, LessThanLowerThreshold
    /// or LessThanLowerOrGreaterThanUpperThreshold; both the band and `m` return data. A
    /// static comparison takes no band, and `anomaly_detector` needs one.
    OC322 AnomalyBand "anomaly-band" Alarms Error;
    /// A static comparison needs a `threshold`; a band comparison takes its threshold from the
    /// band and must not have one.
    OC323 Threshold "threshold" Alarms Error;
    /// A composite alarm's rule does not parse, or is longer than the 10,240 characters
    /// PutCompositeAlarm allows. A rule is ALARM(name), OK(name), INSUFFICIENT_DATA(name), TRUE
    /// or FALSE, joined with AND and OR, negated with NOT, grouped with parentheses; quote
    /// names with spaces or parentheses: ALARM("Prod API (5xx)").
    OC324 InvalidCompositeRule "invalid-composite-rule" Alarms Error;
    /// A composite rule or an actions suppressor names an alarm that is neither an alarm here
    /// (by its CloudWatch name) nor in `external_alarms`. CloudWatch refuses a rule over an
    /// alarm that does not exist: fix the name, or declare the alarm external.
    OC325 UnknownRuleAlarm "unknown-rule-alarm" Alarms Error;
    /// Composite alarms name each other in a cycle (a rule that, through other composites,
    /// depends on itself), or a composite alarm is its own actions suppressor. CloudWatch
    /// refuses it: break the cycle.
    OC326 CompositeCycle "composite-cycle" Alarms Error;
    /// A paging destination of the policy needs exactly one of `sns_topic` (an existing SNS
    /// topic ARN) and `endpoint_parameter` (the name of the template parameter that holds the
    /// HTTPS endpoint: letters and digits, as CloudFormation parameter names are).
    OC327 InvalidPaging "invalid-paging" Alarms Error;
    /// Critical alarms exist but `paging.critical` is not set in the policy, so they reach
    /// Slack like every other alarm and page nobody. Set where critical alarms page.
    OC328 CriticalPagesNobody "critical-pages-nobody" Alarms Warning;

    /// `timezone` is not an IANA time zone name (such as `Europe/Warsaw`). Shift times are
    /// computed in this zone, daylight-saving changes included.
    OC401 InvalidTimezone "invalid-timezone" Roster Error;
    /// A shift window must read `HH:MM-HH:MM` (24-hour clock, `24:00` allowed as an end), and a
    /// rotation needs at least one window. A window whose end is not after its start crosses
    /// midnight: `22:00-06:00` ends at 06:00 the next day, `09:00-09:00` is 24 hours.
    OC402 InvalidWindow "invalid-window" Roster Error;
    /// A date range ends before it starts (`from` is after `until`), in the schedule window,
    /// a time-off entry or a pitch cycle. Swap or fix the dates.
    OC403 DatesOutOfOrder "dates-out-of-order" Roster Error;
    /// A contact detail is malformed: phone numbers are E.164 (`+48600100200`), e-mail
    /// addresses have one `@` and a domain, Slack member ids look like `U01ABCDEF12`, channel
    /// ids like `C0ENG00001` and the workspace id like `T0EDR0NE01`. On-call people must be
    /// reachable: fix the value.
    OC404 InvalidContact "invalid-contact" Roster Error;
    /// A person lists a preparation item that is not on the policy's `preparation`
    /// checklist, usually a typo. Use one of the checklist's items.
    OC405 UnknownPreparationItem "unknown-preparation-item" Roster Error;
    /// A rotation member has not completed the preparation checklist, so the scheduler will
    /// not give them shifts (they shadow the Incident Commander instead). Complete the
    /// checklist and list the items under `preparation`.
    OC406 IncompletePreparation "incomplete-preparation" Roster Warning;
    /// A rotation has fewer than two eligible members (members who completed the
    /// preparation checklist), so nobody can cover for anyone. Add members.
    OC407 TooFewEligibleMembers "too-few-eligible-members" Roster Error;
    /// Two overrides give the same rotation on the same day to different people, or one
    /// person two shifts on the same day. Keep one.
    OC408 ConflictingOverrides "conflicting-overrides" Roster Error;
    /// An override falls on a day the rotation has no shift (for example the Incident
    /// Commander rotation on a weekend or a holiday), so it would never take effect.
    OC409 OverrideWithoutShift "override-without-shift" Roster Error;
    /// A time of day must read `HH:MM` on the 24-hour clock.
    OC410 InvalidTime "invalid-time" Roster Error;
    /// An override gives a shift to someone who, for a rotation that excludes pitch cycles, is
    /// in a pitch cycle that day, or (on a day before today, the record) was on time off.
    /// Overrides win, so they are scheduled: make sure that is intended. From today on, time
    /// off is OC423, an error.
    OC411 OverridePersonUnavailable "override-person-unavailable" Roster Warning;
    /// `playbook_base_url` must be an `https://` (or `http://`) URL ending in `/`: alarm
    /// descriptions append the playbook's file name to it, and a missing slash or scheme
    /// makes every link in every alarm broken.
    OC412 InvalidPlaybookBaseUrl "invalid-playbook-base-url" Roster Error;
    /// The schedule window is longer than five years (1,827 days). A schedule is planned
    /// for months ahead and regenerated as the roster changes; a window of centuries would
    /// take `generate` minutes and gigabytes. Move `until` closer.
    OC413 ScheduleWindowTooLong "schedule-window-too-long" Roster Error;
    /// The schedule window needs exactly one end: a fixed `until`, or `horizon_months` to plan
    /// that many months ahead of today's month, rolling forward once a month.
    OC414 ScheduleEnd "schedule-end" Roster Error;
    /// The schedule's fixed `until` is within `schedule.warn_days` (default 14) of today: soon
    /// nobody will be scheduled, announced or paged. Move `until` later, or plan on a rolling
    /// horizon (`horizon_months`), which never runs out.
    OC415 ScheduleEndsSoon "schedule-ends-soon" Roster Warning;
    /// Today is after the schedule's fixed `until`: no shift is planned, `notify` announces
    /// nobody and `who` cannot say who is on duty. Move `until` later, or plan on a rolling
    /// horizon (`horizon_months`).
    OC416 ScheduleEnded "schedule-ended" Roster Error;
    /// Someone who has left the team (`left:` in `team.yaml`) is still counted on after their
    /// last day: an override, time off or a pitch cycle after it, or a playbook they own. The
    /// shifts they worked stay on record; give what is still to come to someone in the team.
    OC417 ReferenceAfterLeaving "reference-after-leaving" Roster Warning;
    /// `generated/schedule.json` records a shift before today that the roster now says could
    /// not have been worked: time off covering it, a `left` day before it, or a person no
    /// longer in `team.yaml`. The record is never re-planned: if someone else worked the shift,
    /// add an override for it (with the reason); if the record is right, correct the roster.
    OC418 RecordContradictsRoster "record-contradicts-roster" Roster Warning;
    /// An override of a day before today that the record (`generated/schedule.json`) does not
    /// hold: before its first shift, or older than `schedule.lookback_days` keeps. There is no
    /// recorded shift for it to correct, so it changes nothing: delete it.
    OC419 OverrideOutsideRecord "override-outside-record" Roster Warning;
    /// `handoff_day` is set on a rotation that hands off daily, where it changes nothing.
    /// Add `handoff: weekly` for one person a week from that day on, or delete `handoff_day`.
    OC420 HandoffDayWithoutWeekly "handoff-day-without-weekly" Roster Warning;
    /// A key of the policy's `triage` legend is not a Slack emoji name: lowercase letters,
    /// digits, `_`, `-`, `+` and `'`, written without the colons Slack shows around it
    /// (`eyes`, not `:eyes:`). `oncall triage` matches reactions by this name, so a legend
    /// entry Slack cannot send never counts.
    OC421 InvalidEmojiName "invalid-emoji-name" Roster Error;
    /// A triage emoji other than the six of the practice (eyes, repeat, heavy_check_mark,
    /// arrow_right, outbox_tray, no_entry_sign) is written as plain text, so nothing says
    /// whether it closes a notification: it is read as `looking` (keeps it open). Write
    /// `{text: ..., means: fixed}` (or ticket, delegated, ignore, duplicate, looking).
    OC422 TriageMeaningUnknown "triage-meaning-unknown" Roster Warning;
    /// An override puts someone on a shift on a day of their own time off (a swap agreed
    /// before they fell sick, say): overrides win, so they would be on duty while away and
    /// nobody else would be asked. Remove the override (the planner then gives the shift to
    /// someone available) or the time off. If they take the shift anyway, say so on the
    /// override with `despite_time_off: true`; SCHEDULE.md then shows it. Days before today are
    /// the record and get OC411 instead.
    OC423 OverrideOnTimeOff "override-on-time-off" Roster Error;
    /// `despite_time_off: true` on an override whose person has no time off that day: it says
    /// nothing, and may mean the override or the time off has the wrong date.
    OC424 DespiteTimeOffWithoutTimeOff "despite-time-off-without-time-off" Roster Warning;
    /// A day of the plan (today or later) on which nobody can take a rotation: every member
    /// is on time off, in a pitch cycle the rotation excludes, too new or unprepared, gone, or
    /// on the day's other shift. `generate` would stop on it; lint says so before. Give
    /// someone an override for that day, move a time off, or add members to the rotation.
    OC425 UnfillableDay "unfillable-day" Roster Error;
    /// Two time-off entries of one person overlap. The days off are the same either way, but
    /// one of them usually has a wrong date or was entered twice: merge them into one entry,
    /// or correct the dates.
    OC426 OverlappingTimeOff "overlapping-time-off" Roster Warning;
    /// A person writes `rotations: []`: they are in the team but never scheduled, which is
    /// usually a list left empty by mistake. List their rotations; someone in the team only
    /// to own playbooks leaves `rotations` out.
    OC427 NoRotations "no-rotations" Roster Warning;
    /// A rotation's `name` (or its key humanised, without one) is blank, or reads the same as
    /// another rotation's: announcements, channel topics, SCHEDULE.md and calendars would not
    /// tell them apart. Give it a name of its own.
    OC428 RotationName "rotation-name" Roster Error;
    /// The person id `team` is taken: `generated/calendars/team.ics` is the team's calendar
    /// (every shift), which a person's own calendar would replace. Choose another id.
    OC429 ReservedId "reserved-id" Roster Error;

    /// A playbook lacks one of the required sections `## What it means`, `## Initial steps`
    /// and `## Escalation`. Whoever is paged at 9 pm needs all three: add the section.
    OC501 MissingSection "missing-section" Playbooks Error;
    /// The playbook's `last_reviewed` date is older than the policy's
    /// `playbook_max_age_days`. Read it against the current system, update what changed and
    /// move the date.
    OC502 StalePlaybook "stale-playbook" Playbooks Warning;
    /// No alarm links to this playbook. Link an alarm to it or delete it.
    OC503 UnusedPlaybook "unused-playbook" Playbooks Warning;
    /// The playbook's `last_reviewed` date is after today: most likely a typo (a wrong year
    /// or month), and the playbook would never be reported stale. Write the day it was
    /// reviewed.
    OC504 ReviewInFuture "review-in-future" Playbooks Warning;
    /// A playbook still has TODO where its sections should be (`oncall import` writes such a
    /// stub for every alarm it brings in). Write what the alarm means, the first steps and
    /// whom to escalate to, and remove the TODO lines.
    OC505 PlaybookStub "playbook-stub" Playbooks Warning;
}

/// The README's check table: one row per code, grouped by family.
pub fn markdown_table() -> String {
    let mut out = String::from("| code | name | family | default | what it checks |\n|---|---|---|---|---|\n");
    for code in Code::ALL {
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | {} |\n",
            code.as_str(),
            code.name(),
            code.family().title(),
            code.default_severity().as_str(),
            code.summary().replace('|', "\\|")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique() {
        let codes: HashSet<_> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let names: HashSet<_> = Code::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(codes.len(), Code::ALL.len());
        assert_eq!(names.len(), Code::ALL.len());
    }

    #[test]
    fn every_code_is_explained_in_its_family_range() {
        for code in Code::ALL {
            assert!(code.explanation().len() > 40, "{code:?}");
            let hundreds = match code.family() {
                Family::Syntax => '0',
                Family::Schema => '1',
                Family::References => '2',
                Family::Alarms => '3',
                Family::Roster => '4',
                Family::Playbooks => '5',
            };
            assert_eq!(code.as_str().chars().nth(2), Some(hundreds), "{code:?}");
        }
    }

    #[test]
    fn parse_by_code_or_name() {
        assert_eq!(Code::parse("oc201"), Some(Code::MissingPlaybook));
        assert_eq!(Code::parse("missing-playbook"), Some(Code::MissingPlaybook));
        assert_eq!(Code::parse("OC999"), None);
    }
}
