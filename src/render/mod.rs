//! Artifacts written by `generate`: `schedule.json` (serde), `SCHEDULE.md` (minijinja
//! template `templates/SCHEDULE.md.j2`) and RFC 5545 calendars (the icalendar crate).
//! Pure: values in, text out; writing files is the caller's job.

pub mod changes;
pub mod fairness;
pub mod site;

use crate::model::ValidRepo;
use crate::schedule::{Schedule, Shift};
use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use icalendar::{Alarm, Calendar, Component, Event, EventLike};
use serde::Serialize;
use std::collections::BTreeMap;

const SCHEDULE_TEMPLATE: &str = include_str!("../../templates/SCHEDULE.md.j2");

/// `schedule.json`, pretty-printed with a final newline.
pub fn schedule_json(schedule: &Schedule) -> String {
    let mut text = serde_json::to_string_pretty(schedule).expect("schedules serialise");
    text.push('\n');
    text
}

#[derive(Serialize)]
struct RotationView {
    name: String,
    display: String,
    weekday: Option<String>,
    weekend: Option<String>,
    /// A weekly rotation's handoff day, e.g. `Monday`.
    weekly: Option<String>,
}

#[derive(Serialize)]
struct DayView {
    date: NaiveDate,
    weekday: String,
    holiday: bool,
    cells: Vec<String>,
    /// Who has time off that day, and why: the reason shifts moved, next to them in a diff.
    away: String,
}

#[derive(Serialize)]
struct MonthView {
    title: String,
    days: Vec<DayView>,
}

#[derive(Serialize)]
struct PersonView {
    #[serde(flatten)]
    row: fairness::PersonFairness,
    hours_text: String,
    vs_average_text: String,
}

/// How many days of history `SCHEDULE.md` shows before today.
pub const RECENT_DAYS: u64 = 14;

/// `SCHEDULE.md`: a table per month from `shown_from`, then the fairness table (which counts
/// the whole schedule, history included, and with a record before `split` shows it apart).
pub fn schedule_md(
    repo: &ValidRepo,
    schedule: &Schedule,
    fair: &fairness::Fairness,
    shown_from: NaiveDate,
    split: NaiveDate,
) -> Result<String, minijinja::Error> {
    let policy = &repo.policy;
    let rotations: Vec<RotationView> = policy
        .rotations
        .iter()
        .map(|r| RotationView {
            name: r.name.clone(),
            display: cell_text(&r.display),
            weekday: r.weekday.as_ref().map(|w| w.text.clone()),
            weekend: r.weekend.as_ref().map(|w| w.text.clone()),
            weekly: r.weekly.map(|d| day_name(d).to_string()),
        })
        .collect();
    // Who holds each week of the weekly rotations: another holder on one of its days covers.
    let weeks: Vec<BTreeMap<NaiveDate, &str>> = policy.rotations.iter().map(|r| schedule.holders(r)).collect();
    let mut by_day: BTreeMap<NaiveDate, Vec<&Shift>> = BTreeMap::new();
    for shift in &schedule.shifts {
        by_day.entry(shift.date).or_default().push(shift);
    }
    let mut months: Vec<MonthView> = Vec::new();
    let mut date = shown_from;
    while date <= schedule.until {
        let cells = policy
            .rotations
            .iter()
            .zip(&weeks)
            .map(|(r, weeks)| match by_day.get(&date).and_then(|shifts| shifts.iter().find(|s| s.rotation == r.name)) {
                None => "-".to_string(),
                Some(shift) => {
                    let mut cell = cell_text(&shift.person);
                    if let Some(mark) = shift_mark(repo, r, weeks, shift) {
                        cell.push_str(&format!(" ({mark})"));
                    }
                    if let Some(shadow) = &shift.shadow {
                        cell.push_str(&format!(" + {} shadowing", cell_text(shadow)));
                    }
                    cell
                }
            })
            .collect();
        let title = month_title(date);
        if months.last().is_none_or(|m| m.title != title) {
            months.push(MonthView { title, days: Vec::new() });
        }
        // Each person once, with every reason given for the day.
        let mut reasons: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for t in repo.time_off.iter().filter(|t| t.from <= date && date <= t.until) {
            let given = reasons.entry(repo.people[t.person].id.as_str()).or_default();
            if let Some(reason) = t.reason.as_deref().map(str::trim).filter(|r| !r.is_empty())
                && !given.contains(&reason)
            {
                given.push(reason);
            }
        }
        let away: Vec<String> = reasons
            .iter()
            .map(|(person, given)| {
                if given.is_empty() {
                    cell_text(person)
                } else {
                    format!("{} ({})", cell_text(person), cell_text(&given.join("; ")))
                }
            })
            .collect();
        let away = if away.is_empty() { "-".to_string() } else { away.join(", ") };
        let day = DayView {
            date,
            weekday: date.format("%a").to_string(),
            holiday: policy.holidays.contains(&date),
            cells,
            away,
        };
        months.last_mut().expect("a month was pushed").days.push(day);
        let Some(next) = date.succ_opt() else { break };
        date = next;
    }
    let people: Vec<PersonView> = fair
        .people
        .iter()
        .map(|row| PersonView {
            hours_text: format!("{:.1}", row.hours + 0.0),
            vs_average_text: row.vs_average_text(),
            row: fairness::PersonFairness { name: cell_text(&row.name), ..row.clone() },
        })
        .collect();
    let view = ScheduleView {
        shown_from: (shown_from > schedule.from).then_some(shown_from),
        recent_days: RECENT_DAYS,
        // Days shown before the first one: when there are none, nothing is on record.
        recorded: schedule.shifts.first().is_some_and(|s| s.date < shown_from),
        from: schedule.from,
        until: schedule.until,
        timezone: &schedule.timezone,
        rotations,
        months,
        fairness: FairnessView {
            split: (split > schedule.from).then_some(split),
            last_recorded: split.pred_opt().unwrap_or(split),
            people,
            balance_all: format!("{:.1}", fair.balance_all),
            balance_same_availability: format!("{:.1}", fair.balance_same_availability),
            groups: fair
                .groups
                .iter()
                .map(|g| g.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", "))
                .collect(),
        },
    };
    let mut env = minijinja::Environment::new();
    env.add_template("SCHEDULE.md", SCHEDULE_TEMPLATE)?;
    let mut text = env.get_template("SCHEDULE.md")?.render(minijinja::value::Serde(&view))?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

#[derive(Serialize)]
struct FairnessView {
    /// The first day of the plan's part, when the table also shows the record before it.
    split: Option<NaiveDate>,
    last_recorded: NaiveDate,
    people: Vec<PersonView>,
    groups: Vec<String>,
    balance_all: String,
    balance_same_availability: String,
}

#[derive(Serialize)]
struct ScheduleView<'a> {
    /// The first day shown, when history before it is left out.
    shown_from: Option<NaiveDate>,
    recent_days: u64,
    recorded: bool,
    from: NaiveDate,
    until: NaiveDate,
    timezone: &'a str,
    rotations: Vec<RotationView>,
    months: Vec<MonthView>,
    fairness: FairnessView,
}

/// What a shift is beside the rotation's own plan: `override` (an entry of overrides.yaml,
/// `override, despite time off` when it says so), or `cover` (a day of a weekly holder's week
/// someone else holds); `weeks` are the rotation's holders ([`Schedule::holders`]).
pub fn shift_mark(
    repo: &ValidRepo,
    rotation: &crate::model::valid::Rotation,
    weeks: &BTreeMap<NaiveDate, &str>,
    shift: &Shift,
) -> Option<&'static str> {
    if shift.source == crate::schedule::Source::Override {
        let despite = repo
            .override_on(shift.date, &shift.rotation)
            .is_some_and(|o| o.despite_time_off && repo.people[o.person].id == shift.person);
        return Some(if despite { "override, despite time off" } else { "override" });
    }
    let holder = rotation.week_of(shift.date).and_then(|w| weeks.get(&w));
    holder.is_some_and(|h| *h != shift.person).then_some("cover")
}

/// Text safe inside a Markdown table cell: no pipes, no HTML, no line breaks.
fn cell_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            // Markdown would read these as formatting, links or code; shown as written.
            '\\' | '*' | '_' | '`' | '[' | ']' | '~' | '#' => format!("\\{c}"),
            '|' => "\\|".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            c if c.is_control() => " ".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// `December 2026` for a day of December 2026.
pub fn month_title(date: NaiveDate) -> String {
    format!("{} {}", MONTHS[date.month0() as usize], date.year())
}

/// `Monday` for Monday.
pub fn day_name(day: chrono::Weekday) -> &'static str {
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][day.num_days_from_monday() as usize]
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The calendars: `calendars/team.ics` and `calendars/<person>.ics`, as (path, text).
pub fn calendars(repo: &ValidRepo, schedule: &Schedule, today: Option<NaiveDate>) -> Vec<(String, String)> {
    let policy = &repo.policy;
    let stamp = Utc.from_utc_datetime(&schedule.from.and_hms_opt(0, 0, 0).expect("midnight exists"));
    let name_of = |id: &str| repo.name_of(id).to_string();
    // UIDs are unique per team (its Slack workspace) and stable across regenerations.
    let domain = format!("{}.oncall-as-code", policy.slack_workspace.to_ascii_lowercase());
    let event = |shift: &Shift, shadowing: Option<&str>, remind: bool| {
        let rotation = &shift.rotation;
        let display = policy.rotation(rotation).map_or(rotation.as_str(), |r| policy.rotations[r].display.as_str());
        let mut event = Event::new();
        let uid = match shadowing {
            Some(who) => format!("{}-{}-shadow-{}@{domain}", shift.date, rotation, who),
            None => format!("{}-{}@{domain}", shift.date, rotation),
        };
        let summary = match shadowing {
            Some(who) => format!("{display}: {} shadows {}", name_of(who), name_of(&shift.person)),
            None => format!("{display}: {}", name_of(&shift.person)),
        };
        let mut description = format!("{display} shift of {} ({}).", name_of(&shift.person), shift.person);
        if let Some(shadow) = &shift.shadow {
            description.push_str(&format!(" Shadow: {}.", name_of(shadow)));
        }
        event
            .uid(&uid)
            .summary(&summary)
            .description(&description)
            .timestamp(stamp)
            .starts(shift.start.with_timezone(&Utc))
            .ends(shift.end.with_timezone(&Utc));
        if let Some(days) =
            policy.rotation(rotation).and_then(|r| policy.rotations[r].remind_days_before).filter(|_| remind)
        {
            let alarm = Alarm::display(&format!("{summary} in {days} days"), -chrono::Duration::days(i64::from(days)));
            event.alarm(alarm);
        }
        event.done()
    };
    let calendar = |name: &str, events: Vec<Event>| {
        let mut calendar = Calendar::new();
        calendar.name(name).append_property(icalendar::Property::new("X-WR-TIMEZONE", &schedule.timezone));
        for e in events {
            calendar.push(e);
        }
        without_alarm_stamps(&calendar.done().to_string())
    };
    // A weekly rotation's days that follow each other without a break (24-hour windows) are
    // one event from the first start to the last end, named by its first day.
    let mut shifts: Vec<Shift> = Vec::with_capacity(schedule.shifts.len());
    // Per rotation, the event being extended and the last shift it took in.
    let mut open: BTreeMap<&str, (usize, &Shift)> = BTreeMap::new();
    for shift in &schedule.shifts {
        let rotation = policy.rotation(&shift.rotation).map(|r| &policy.rotations[r]);
        if let (Some(r), Some(&(i, prev))) = (rotation, open.get(shift.rotation.as_str()))
            && crate::schedule::continues(r, prev, shift)
            && prev.end == shift.start
            && prev.source == shift.source
        {
            shifts[i].end = shift.end;
            open.insert(shift.rotation.as_str(), (i, shift));
            continue;
        }
        open.insert(shift.rotation.as_str(), (shifts.len(), shift));
        shifts.push(shift.clone());
    }
    // The team calendar carries no reminders: subscribers are reminded of their own shifts only.
    let mut out = vec![(
        "calendars/team.ics".to_string(),
        calendar("On-call and Incident Commander", shifts.iter().map(|s| event(s, None, false)).collect()),
    )];
    // Someone who has left gets no calendar any more (their shifts stay in the team's).
    let current = |p: &&crate::model::valid::Person| p.left.is_none_or(|left| today.is_none_or(|t| left >= t));
    for person in repo.people.iter().filter(|p| !p.rotations.is_empty()).filter(current) {
        let mut events: Vec<Event> = Vec::new();
        for shift in &shifts {
            if shift.person == person.id {
                events.push(event(shift, None, true));
            }
            if shift.shadow.as_deref() == Some(&person.id) {
                events.push(event(shift, Some(&person.id), true));
            }
        }
        out.push((format!("calendars/{}.ics", person.id), calendar(&format!("Shifts of {}", person.name), events)));
    }
    out
}

/// The icalendar crate stamps every component, VALARM included, with DTSTAMP (the current
/// time) and UID unless given; RFC 5545 defines neither in a VALARM, so they are dropped.
fn without_alarm_stamps(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_alarm = false;
    for line in text.split_inclusive("\r\n") {
        match line.trim_end() {
            "BEGIN:VALARM" => in_alarm = true,
            "END:VALARM" => in_alarm = false,
            l if in_alarm && (l.starts_with("DTSTAMP:") || l.starts_with("UID:")) => continue,
            _ => {}
        }
        out.push_str(line);
    }
    out
}

/// The artifacts of a schedule (`schedule.json`, `SCHEDULE.md`, the calendars), as (path
/// under the output directory, text). The CloudFormation templates, which do not depend on
/// the schedule, come from [`cloudformation::templates`].
/// With `today`, `SCHEDULE.md` shows the plan ahead and at least the last [`RECENT_DAYS`] days,
/// from the first of their month (the whole record stays in `schedule.json` and the calendars).
pub fn schedule_artifacts(
    repo: &ValidRepo,
    schedule: &Schedule,
    today: Option<NaiveDate>,
) -> Result<Vec<(String, String)>, minijinja::Error> {
    // The record against the plan, split at the first of today's month (so the table, like
    // the page, changes once a month).
    use crate::config::roster::month_start;
    let split = today.map(month_start).map_or(schedule.from, |first| first.max(schedule.from));
    let fair = fairness::fairness(repo, schedule, &crate::schedule::availability(repo), split);
    // From the first of the month 14 days before the first of today's month (the previous
    // month): at least the last 14 days, and the page changes on the first of a month only.
    let shown_from = today
        .and_then(|t| month_start(t).checked_sub_days(chrono::Days::new(RECENT_DAYS)))
        .map(month_start)
        .map_or(schedule.from, |recent| recent.max(schedule.from));
    // Not from before the first shift on record (after a long pause, the record is empty).
    let first = schedule.shifts.first().map(|s| s.date);
    let shown_from = first.map_or(shown_from, |first| shown_from.max(first.min(today.unwrap_or(first))));
    let mut out = vec![
        ("schedule.json".to_string(), schedule_json(schedule)),
        ("SCHEDULE.md".to_string(), schedule_md(repo, schedule, &fair, shown_from, split)?),
    ];
    let calendars = calendars(repo, schedule, today);
    // The first calendar is the team's; the others are people's own.
    let own: std::collections::BTreeSet<String> = calendars
        .iter()
        .skip(1)
        .filter_map(|(path, _)| path.strip_prefix("calendars/")?.strip_suffix(".ics"))
        .map(str::to_string)
        .collect();
    out.extend(calendars);
    let svg = site::fairness_svg(repo, &fair);
    out.extend(site::site(repo, schedule, &fair, &own, &svg, shown_from)?);
    out.push((site::FAIRNESS_SVG.to_string(), svg));
    Ok(out)
}
pub mod cloudformation;
pub mod diff;
pub mod slack;
pub mod yaml;
