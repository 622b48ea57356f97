//! The roster and the policy: time zone, windows, date ranges, contact details, the
//! preparation checklist, eligible members per rotation and overrides that cannot apply.

use super::references::person_location;
use crate::config::roster::{DateRange, ScheduleWindow, parse_time, parse_window};
use crate::diag::{Code, Diagnostic, Location, Part, Pointer, Sink, list};
use crate::model::{Person, Repo};
use crate::source::FileId;
use chrono::NaiveDate;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

static PHONE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\+[1-9][0-9]{6,14}$").expect("valid regex"));
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^@\s]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
        .expect("valid regex")
});
static SLACK_MEMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[UW][A-Z0-9]{8,}$").expect("valid regex"));
static SLACK_CHANNEL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[CG][A-Z0-9]{8,}$").expect("valid regex"));
static SLACK_WORKSPACE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^T[A-Z0-9]{8,}$").expect("valid regex"));

pub fn check(repo: &Repo, options: &super::Options, sink: &mut Sink) {
    policy(repo, sink);
    people(repo, sink);
    date_ranges(repo, options.today, sink);
    eligible_members(repo, options.today, sink);
    overrides(repo, options.today, sink);
    overlapping_time_off(repo, sink);
    leavers(repo, sink);
}

fn contact(value: &str, pattern: &Regex, at: Location, what: &str, example: &str, sink: &mut Sink) {
    if !pattern.is_match(value) {
        sink.push(
            Diagnostic::new(Code::InvalidContact, at, format!("`{value}` is not a valid {what}"))
                .with_help(format!("write it like `{example}`")),
        );
    }
}

fn policy(repo: &Repo, sink: &mut Sink) {
    let Some(policy) = &repo.policy else { return };
    let (file, p) = (policy.file, &policy.value);
    if !super::zones::accepted(&p.timezone) {
        let meant = super::zones::meant(&p.timezone);
        let names: Vec<&str> = meant.iter().map(String::as_str).collect();
        let what = if p.timezone.parse::<chrono_tz::Tz>().is_ok() {
            "a legacy name without a region, not an IANA time zone of a place"
        } else {
            "not an IANA time zone"
        };
        sink.push(
            Diagnostic::new(
                Code::InvalidTimezone,
                Location::value(file, Pointer::root() / "timezone"),
                format!("`{}` is {what}", p.timezone),
            )
            .with_help(match crate::diag::did_you_mean(&names) {
                Some(meant) => {
                    format!("{meant} Write the team's zone as Region/City: daylight saving time follows from it")
                }
                None => "use a name from the tz database, such as `Europe/Warsaw` or `America/New_York`".to_string(),
            }),
        );
    }
    // Rotation names people read: not blank, and no two alike.
    let mut read: HashMap<String, &str> = HashMap::new();
    for (key, rotation) in &p.rotations {
        let shown = rotation.display_name(key);
        let at = Location::near(file, (Pointer::root() / "rotations" / key / "name").as_str(), Part::Value);
        if shown.is_empty() {
            sink.push(
                Diagnostic::new(Code::RotationName, at, format!("rotation `{key}` has a blank `name`"))
                    .with_help("write the name people read, e.g. \"Incident Commander\", or leave `name` out"),
            );
        } else if let Some(first) = read.insert(shown.to_lowercase(), key) {
            sink.push(
                Diagnostic::new(
                    Code::RotationName,
                    at,
                    format!("rotations `{first}` and `{key}` both read \"{shown}\""),
                )
                .with_label(Location::key(file, Pointer::root() / "rotations" / first), "the other rotation")
                .with_help(
                    "give one of them another `name`: announcements, topics and SCHEDULE.md could not tell them apart",
                ),
            );
        }
    }
    let url = &p.playbook_base_url;
    let host = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).unwrap_or_default();
    if host.is_empty() || host.starts_with('/') || host.contains(char::is_whitespace) || !url.ends_with('/') {
        let help = if !host.is_empty() && !url.ends_with('/') && !host.contains(char::is_whitespace) {
            format!("end it with a slash: \"{url}/\"")
        } else {
            "write the URL of the playbooks folder, e.g. https://bitbucket.org/acme/oncall/src/main/playbooks/"
                .to_string()
        };
        sink.push(
            Diagnostic::new(
                Code::InvalidPlaybookBaseUrl,
                Location::value(file, Pointer::root() / "playbook_base_url"),
                format!("`{url}` is not a URL that playbook file names can follow"),
            )
            .with_help(help),
        );
    }
    contact(
        &p.slack_workspace,
        &SLACK_WORKSPACE,
        Location::value(file, Pointer::root() / "slack_workspace"),
        "Slack workspace id",
        "T0EDR0NE01",
        sink,
    );
    for (key, channel) in &p.channels {
        let at = Location::value(file, Pointer::root() / "channels" / key / "id");
        contact(&channel.id, &SLACK_CHANNEL, at, "Slack channel id", "C0ENG00001", sink);
    }
    triage_legend(file, p, sink);
    for (name, rotation) in &p.rotations {
        let base = Pointer::root() / "rotations" / name;
        if rotation.windows.weekday.is_none() && rotation.windows.weekend.is_none() {
            sink.push(
                Diagnostic::new(
                    Code::InvalidWindow,
                    Location::key(file, base.clone() / "windows"),
                    format!("rotation `{name}` has no shift window"),
                )
                .with_help("add `weekday: \"HH:MM-HH:MM\"`, `weekend: \"HH:MM-HH:MM\"` or both"),
            );
        }
        for (kind, window) in [("weekday", &rotation.windows.weekday), ("weekend", &rotation.windows.weekend)] {
            if let Some(Err(reason)) = window.as_deref().map(parse_window) {
                sink.push(
                    Diagnostic::new(
                        Code::InvalidWindow,
                        Location::value(file, base.clone() / "windows" / kind),
                        format!("invalid {kind} window: {reason}"),
                    )
                    .with_help(
                        "write the window as `HH:MM-HH:MM`, e.g. \"15:00-22:00\"; one whose end is not after its start \
                         crosses midnight (\"22:00-06:00\")",
                    ),
                );
            }
        }
        if rotation.handoff_day.is_some() && rotation.handoff.is_daily() {
            sink.push(
                Diagnostic::new(
                    Code::HandoffDayWithoutWeekly,
                    Location::key(file, base.clone() / "handoff_day"),
                    format!("rotation `{name}` hands off daily: `handoff_day` changes nothing"),
                )
                .with_help("add `handoff: weekly` for one person a week from that day, or delete `handoff_day`"),
            );
        }
        if let Some(announce) = &rotation.announce
            && parse_time(&announce.at, false).is_none()
        {
            sink.push(
                Diagnostic::new(
                    Code::InvalidTime,
                    Location::value(file, base.clone() / "announce" / "at"),
                    format!("`{}` is not a time of day", announce.at),
                )
                .with_help("write it as `HH:MM` on the 24-hour clock, e.g. \"07:00\""),
            );
        }
    }
}

fn people(repo: &Repo, sink: &mut Sink) {
    let Some(team) = &repo.team else { return };
    let checklist = repo.policy.as_ref().map(|p| &p.value.preparation);
    for (i, person) in team.people() {
        let at = |field: &str| Location::value(team.file, Pointer::root() / "people" / i / field);
        contact(&person.phone, &PHONE, at("phone"), "E.164 phone number", "+48600100200", sink);
        contact(&person.email, &EMAIL, at("email"), "e-mail address", "alice@example.com", sink);
        contact(&person.slack, &SLACK_MEMBER, at("slack"), "Slack member id", "U01ABCDEF12", sink);
        if person.id == "team" {
            sink.push(
                Diagnostic::new(
                    Code::ReservedId,
                    at("id"),
                    "`team` is not a person id: `calendars/team.ics` is the team's calendar".to_string(),
                )
                .with_help("give the person another id, e.g. their first name"),
            );
        }
        let Some(checklist) = checklist else { continue };
        for (j, item) in person.preparation.iter().enumerate() {
            if !checklist.contains(item) {
                let items: Vec<&str> = checklist.iter().map(String::as_str).collect();
                sink.push(
                    Diagnostic::new(
                        Code::UnknownPreparationItem,
                        Location::value(team.file, Pointer::root() / "people" / i / "preparation" / j),
                        format!("`{item}` is not on the preparation checklist"),
                    )
                    .with_help(match crate::diag::closest(item, &items) {
                        Some(close) => format!("did you mean `{close}`?"),
                        None => format!("the checklist is {}", list(&items)),
                    }),
                );
            }
        }
        if repo.no_rotations.contains(&person.id) && person.left.is_none() {
            sink.push(
                Diagnostic::new(
                    Code::NoRotations,
                    Location::value(team.file, Pointer::root() / "people" / i / "rotations"),
                    format!("`{}` takes part in no rotation (`rotations: []`), so is never scheduled", person.id),
                )
                .with_help(
                    "list the rotations they take part in, e.g. `[on-call]`; for someone in the team only to own \
                     playbooks, leave `rotations` out",
                ),
            );
        }
        let missing = missing_preparation(person, checklist);
        if !person.rotations.is_empty() && !missing.is_empty() {
            // Falls back to the person's entry when `preparation` is absent.
            let location =
                Location::near(team.file, (Pointer::root() / "people" / i / "preparation").as_str(), Part::Key);
            sink.push(
                Diagnostic::new(
                    Code::IncompletePreparation,
                    location,
                    format!("`{}` has not completed the preparation checklist and will not be scheduled", person.id),
                )
                .with_help(format!("missing: {}", list(&missing))),
            );
        }
    }
}

fn missing_preparation<'a>(person: &Person, checklist: &'a [String]) -> Vec<&'a str> {
    checklist.iter().filter(|item| !person.preparation.contains(item)).map(String::as_str).collect()
}

/// The schedule window: one end (`until` or `horizon_months`), in order, not longer than
/// five years, and a fixed `until` not passed (an error) nor near (a warning).
fn schedule_window(file: FileId, window: &ScheduleWindow, today: NaiveDate, sink: &mut Sink) {
    let at = |key: &str| Location::value(file, Pointer::root() / "schedule" / key);
    let extend = "plan on a rolling horizon instead: `horizon_months: 3` in place of `until` (the plan then moves on \
                  every month), or move `until` later";
    let Some(range) = window.range(today) else {
        let (message, help) = if window.until.is_some() {
            ("the schedule window gives both `until` and `horizon_months`", "keep one of them")
        } else {
            ("the schedule window has no end", "add `until: YYYY-MM-DD`, or `horizon_months: 3` for a rolling plan")
        };
        sink.push(
            Diagnostic::new(Code::ScheduleEnd, Location::key(file, Pointer::root() / "schedule"), message)
                .with_help(help),
        );
        return;
    };
    let end = if window.until.is_some() { "until" } else { "horizon_months" };
    date_range(&range, at(end), "the schedule window", sink);
    // What is planned and kept: a rolling window's old days are history, then dropped.
    let kept_from = if window.until.is_some() { range.from } else { range.from.max(window.oldest_kept(today)) };
    let days = (range.until - kept_from).num_days() + 1;
    if days > MAX_WINDOW_DAYS {
        let last = range.from.checked_add_signed(chrono::Duration::days(MAX_WINDOW_DAYS - 1));
        sink.push(
            Diagnostic::new(
                Code::ScheduleWindowTooLong,
                at(end),
                format!(
                    "the schedule window is {days} days long; at most {MAX_WINDOW_DAYS} (five years) can be planned"
                ),
            )
            .with_help(match last {
                Some(last) if window.until.is_some() => {
                    format!("plan months ahead and extend the window as time passes: `until` on or before {last}")
                }
                _ => "plan months ahead and extend the window as time passes".to_string(),
            }),
        );
    }
    let Some(until) = window.until else { return };
    if range.from > until {
        return;
    }
    if today > until {
        sink.push(
            Diagnostic::new(
                Code::ScheduleEnded,
                at("until"),
                format!(
                    "the schedule ended on {until}: nobody is on duty from {} on",
                    until.succ_opt().unwrap_or(until)
                ),
            )
            .with_help(extend),
        );
    } else if (until - today).num_days() <= i64::from(window.warn_days) {
        let left = (until - today).num_days();
        sink.push(
            Diagnostic::new(
                Code::ScheduleEndsSoon,
                at("until"),
                format!("the schedule ends on {until}, in {left} day{}", if left == 1 { "" } else { "s" }),
            )
            .with_help(extend),
        );
    }
}

/// The longest schedule window `generate` plans: five years.
pub const MAX_WINDOW_DAYS: i64 = 1827;

fn date_range(range: &DateRange, at: Location, what: &str, sink: &mut Sink) {
    if range.from > range.until {
        sink.push(
            Diagnostic::new(
                Code::DatesOutOfOrder,
                at,
                format!("{what} ends ({}) before it starts ({})", range.until, range.from),
            )
            .with_help("`from` must be on or before `until`"),
        );
    }
}

/// Two entries of one person's time off that share a day (over every time-off file).
fn overlapping_time_off(repo: &Repo, sink: &mut Sink) {
    let mut entries: Vec<(&str, NaiveDate, NaiveDate, Location)> = repo
        .time_off
        .iter()
        .flat_map(|f| f.items().map(move |(i, t)| (t, Location::key(f.file, Pointer::root() / i))))
        .filter(|(t, _)| t.from <= t.until)
        .map(|(t, at)| (t.person.as_str(), t.from, t.until, at))
        .collect();
    entries.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
    // Per person, the entry reaching furthest so far: a later one starting on or before its
    // end overlaps it.
    let mut reach: Option<(&str, NaiveDate, NaiveDate, &Location)> = None;
    for (person, from, until, at) in &entries {
        if let Some((p, first_from, first_until, first_at)) = reach
            && p == *person
            && *from <= first_until
        {
            sink.push(
                Diagnostic::new(
                    Code::OverlappingTimeOff,
                    at.clone(),
                    format!(
                        "time off of `{person}` from {from} to {until} overlaps their time off from {first_from} to {first_until}"
                    ),
                )
                .with_label(first_at.clone(), "the other entry")
                .with_help("merge the two entries into one, or correct the dates"),
            );
            if *until <= first_until {
                continue;
            }
        }
        reach = Some((person, *from, *until, at));
    }
}

fn date_ranges(repo: &Repo, today: NaiveDate, sink: &mut Sink) {
    if let Some(policy) = &repo.policy {
        schedule_window(policy.file, &policy.value.schedule, today, sink);
    }
    for file in &repo.time_off {
        for (i, entry) in file.items() {
            let range = DateRange { from: entry.from, until: entry.until };
            date_range(
                &range,
                Location::value(file.file, Pointer::root() / i / "until"),
                &format!("time off of `{}`", entry.person),
                sink,
            );
        }
    }
    for file in &repo.pitch_cycles {
        for (i, cycle) in file.items() {
            let range = DateRange { from: cycle.from, until: cycle.until };
            date_range(
                &range,
                Location::value(file.file, Pointer::root() / i / "until"),
                &format!("pitch cycle `{}`", cycle.name),
                sink,
            );
        }
    }
}

fn eligible_members(repo: &Repo, today: NaiveDate, sink: &mut Sink) {
    let (Some(policy), Some(_)) = (&repo.policy, &repo.team) else { return };
    if !repo.broken_people.is_empty() {
        // Members left out for schema errors would make the count wrong.
        return;
    }
    for name in policy.value.rotations.keys() {
        // Who has left is no member any more.
        let members: Vec<&Person> = repo
            .people()
            .iter()
            .filter(|p| p.rotations.contains(name) && p.left.is_none_or(|left| left >= today))
            .collect();
        let eligible = members.iter().filter(|p| missing_preparation(p, &policy.value.preparation).is_empty()).count();
        if eligible < 2 {
            sink.push(
                Diagnostic::new(
                    Code::TooFewEligibleMembers,
                    Location::key(policy.file, Pointer::root() / "rotations" / name),
                    format!(
                        "rotation `{name}` has {eligible} eligible member{} ({} in the rotation)",
                        if eligible == 1 { "" } else { "s" },
                        members.len()
                    ),
                )
                .with_help("a rotation needs at least two people who completed the preparation checklist"),
            );
        }
    }
}

fn on_time_off(repo: &Repo, person: &str, date: NaiveDate) -> bool {
    time_off_location(repo, person, date).is_some()
}

/// Where the time off of `person` on `date` is written.
fn time_off_location(repo: &Repo, person: &str, date: NaiveDate) -> Option<Location> {
    repo.time_off.iter().find_map(|f| {
        f.items()
            .find(|(_, t)| t.person == person && t.from <= date && date <= t.until)
            .map(|(i, _)| Location::key(f.file, Pointer::root() / i))
    })
}

fn in_pitch_cycle<'a>(repo: &'a Repo, person: &str, date: NaiveDate) -> Option<&'a str> {
    repo.pitch_cycles
        .iter()
        .flat_map(|f| &f.value)
        .find(|c| c.from <= date && date <= c.until && c.participants.iter().any(|p| p == person))
        .map(|c| c.name.as_str())
}

fn overrides(repo: &Repo, today: NaiveDate, sink: &mut Sink) {
    let Some(policy) = &repo.policy else { return };
    let mut by_slot: HashMap<(NaiveDate, &str), Location> = HashMap::new();
    let mut by_person: HashMap<(NaiveDate, &str), Location> = HashMap::new();
    for file in &repo.overrides {
        for (i, entry) in file.items() {
            let here = Location::key(file.file, Pointer::root() / i);
            if let Some(first) = by_slot.insert((entry.date, &entry.rotation), here.clone()) {
                sink.push(
                    Diagnostic::new(
                        Code::ConflictingOverrides,
                        Location::value(file.file, Pointer::root() / i / "date"),
                        format!("a second override for `{}` on {}", entry.rotation, entry.date),
                    )
                    .with_label(first, "first override")
                    .with_help("keep one override per rotation and day"),
                );
            } else if let Some(first) = by_person.insert((entry.date, &entry.person), here) {
                sink.push(
                    Diagnostic::new(
                        Code::ConflictingOverrides,
                        Location::value(file.file, Pointer::root() / i / "person"),
                        format!("`{}` would take two shifts on {}", entry.person, entry.date),
                    )
                    .with_label(first, "the other override")
                    .with_help("nobody takes two shifts on the same day"),
                );
            }
            let Some(rotation) = policy.value.rotations.get(&entry.rotation) else { continue };
            let weekend = policy.value.is_weekend(entry.date);
            if rotation.window_on(weekend).is_none() {
                let kind = if policy.value.holidays.contains(&entry.date) {
                    "a holiday"
                } else if weekend {
                    "a weekend day"
                } else {
                    "a weekday"
                };
                sink.push(
                    Diagnostic::new(
                        Code::OverrideWithoutShift,
                        Location::value(file.file, Pointer::root() / i / "date"),
                        format!("{} is {kind} and rotation `{}` has no shift then", entry.date, entry.rotation),
                    )
                    .with_label(
                        Location::key(policy.file, Pointer::root() / "rotations" / &entry.rotation / "windows"),
                        "the rotation's windows",
                    )
                    .with_help("move the override to a day with a shift, or delete it"),
                );
                continue;
            }
            if repo.person(&entry.person).is_none() {
                continue;
            }
            let away = on_time_off(repo, &entry.person, entry.date);
            if away && !entry.despite_time_off && entry.date >= today {
                let time_off = time_off_location(repo, &entry.person, entry.date);
                let mut diagnostic = Diagnostic::new(
                    Code::OverrideOnTimeOff,
                    Location::value(file.file, Pointer::root() / i / "person"),
                    format!(
                        "`{}` is on time off on {} but this override puts them on the `{}` shift",
                        entry.person, entry.date, entry.rotation
                    ),
                )
                .with_help(
                    "remove the override (the shift then goes to someone available) or the time off; \
                     if they take the shift anyway, add `despite_time_off: true` to the override",
                );
                if let Some(time_off) = time_off {
                    diagnostic = diagnostic.with_label(time_off, "the time off");
                }
                sink.push(diagnostic);
                continue;
            }
            if entry.despite_time_off && !away {
                sink.push(
                    Diagnostic::new(
                        Code::DespiteTimeOffWithoutTimeOff,
                        Location::key(file.file, Pointer::root() / i / "despite_time_off"),
                        format!(
                            "`{}` has no time off on {}, so `despite_time_off` says nothing",
                            entry.person, entry.date
                        ),
                    )
                    .with_help("remove `despite_time_off`, or check the date of the override and of the time off"),
                );
            }
            let why = if away && !entry.despite_time_off {
                // A day of the record (before today): what happened, not a plan to change.
                Some(("on time off".to_string(), "this day is on record: check the date, or fix the time off"))
            } else if rotation.exclude_pitch_cycle {
                in_pitch_cycle(repo, &entry.person, entry.date).map(|c| {
                    (
                        format!("in pitch cycle `{c}`"),
                        "overrides win: check the date, or give the shift to someone outside the cycle",
                    )
                })
            } else {
                None
            };
            if let Some((why, help)) = why {
                sink.push(
                    Diagnostic::new(
                        Code::OverridePersonUnavailable,
                        Location::value(file.file, Pointer::root() / i / "person"),
                        format!(
                            "`{}` is {why} on {} but the override gives them the `{}` shift",
                            entry.person, entry.date, entry.rotation
                        ),
                    )
                    .with_label(person_location(repo, &entry.person, None), "the person")
                    .with_help(help),
                );
            }
        }
    }
}

/// Slack emoji names: what reactions are called in the Web API.
static EMOJI_NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[a-z0-9_+'-]{1,100}$").expect("valid regex"));

/// The triage legend: Slack emoji names, and a meaning for every emoji beyond the practice's.
fn triage_legend(file: FileId, p: &crate::config::roster::Policy, sink: &mut Sink) {
    use crate::config::roster::{Triage, TriageEntry};
    for (emoji, entry) in &p.triage {
        let at = Pointer::root() / "triage" / emoji;
        if !EMOJI_NAME.is_match(emoji) {
            let bare = emoji.trim_matches(':').to_lowercase().replace(' ', "_");
            let help = if bare != *emoji && EMOJI_NAME.is_match(&bare) {
                format!("write `{bare}`: the name Slack gives the reaction, without colons")
            } else {
                "use the emoji's Slack name, e.g. `eyes` or `heavy_check_mark` (hover over the reaction in Slack)"
                    .to_string()
            };
            sink.push(
                Diagnostic::new(
                    Code::InvalidEmojiName,
                    Location::key(file, at),
                    format!("`{emoji}` is not a Slack emoji name"),
                )
                .with_help(help),
            );
            continue;
        }
        if let TriageEntry::Text(text) = entry
            && Triage::of_emoji(emoji).is_none()
        {
            sink.push(
                Diagnostic::new(
                    Code::TriageMeaningUnknown,
                    Location::value(file, at),
                    format!("nothing says whether `{emoji}` closes a notification; it is read as `looking`"),
                )
                .with_help(format!(
                    "write `{emoji}: {{ text: {}, means: fixed }}` (or ticket, delegated, ignore, duplicate, looking)",
                    serde_json::Value::String(text.clone())
                )),
            );
        }
    }
}

/// People who left: their last day after their first, and no override, time off, pitch cycle
/// or playbook that still counts on them after it.
fn leavers(repo: &Repo, sink: &mut Sink) {
    let Some(team) = &repo.team else { return };
    let mut gone: HashMap<&str, (NaiveDate, Location)> = HashMap::new();
    for (i, person) in team.people() {
        let Some(left) = person.left else { continue };
        let at = Location::value(team.file, Pointer::root() / "people" / i / "left");
        if left < person.started {
            sink.push(
                Diagnostic::new(
                    Code::DatesOutOfOrder,
                    at.clone(),
                    format!("`{}` left ({left}) before starting ({})", person.id, person.started),
                )
                .with_help("`left` is the last day in the team, on or after `started`"),
            );
        }
        gone.insert(person.id.as_str(), (left, at));
    }
    let mut after = |id: &str, day: NaiveDate, at: Location, what: &str, help: &str| {
        let Some((left, label)) = gone.get(id).filter(|(left, _)| day > *left) else { return };
        sink.push(
            Diagnostic::new(Code::ReferenceAfterLeaving, at, format!("`{id}` left the team on {left}, {what}"))
                .with_label(label.clone(), "their last day")
                .with_help(help.to_string()),
        );
    };
    for file in &repo.overrides {
        for (i, o) in file.items() {
            let at = Location::value(file.file, Pointer::root() / i / "person");
            after(
                &o.person,
                o.date,
                at,
                &format!("but this override gives them a shift on {}", o.date),
                "give the shift to someone in the team",
            );
        }
    }
    for file in &repo.time_off {
        for (i, t) in file.items() {
            let at = Location::value(file.file, Pointer::root() / i / "person");
            after(
                &t.person,
                t.until,
                at,
                &format!("but has time off until {}", t.until),
                "end it on their last day, or delete it",
            );
        }
    }
    for file in &repo.pitch_cycles {
        for (i, c) in file.items() {
            for (j, p) in c.participants.iter().enumerate() {
                let at = Location::value(file.file, Pointer::root() / i / "participants" / j);
                after(
                    p,
                    c.until,
                    at,
                    &format!("but takes part in pitch cycle `{}` until {}", c.name, c.until),
                    "remove them from the cycle",
                );
            }
        }
    }
    for playbook in &repo.playbooks {
        let at = Location::value(playbook.file, Pointer::root() / "owner");
        let owner = &playbook.value.front.owner;
        after(
            owner,
            NaiveDate::MAX,
            at,
            "but still owns this playbook",
            "give the playbook an owner who is in the team",
        );
    }
}
