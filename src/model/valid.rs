//! The valid repository: what a clean lint leaves, validated once into types that cannot be
//! wrong. The time zone is a parsed [`Tz`], windows and announcement times are local times,
//! channels, rotations and people are resolved to indices, and every reference names
//! something that exists. The schedule, the renderers, `notify` and `diff` take a
//! [`ValidRepo`] and trust it: they never re-parse a field nor handle a missing policy.

use super::{Playbook, Repo};
use crate::config::roster::Paging;
use crate::config::roster::{DateRange, Ola, Topic, parse_time, parse_window};
use crate::config::{Alarm, CompositeAlarm, LogMetricFilter};
use chrono::{Datelike, NaiveDate, Weekday};
use chrono_tz::Tz;
use std::collections::{BTreeSet, HashMap};

/// A shift window as minutes since local midnight, start before end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Window {
    pub start: u32,
    pub end: u32,
    /// As written (`15:00-22:00`), for the people reading SCHEDULE.md.
    pub text: String,
}

/// A Slack channel of the policy.
#[derive(Clone, Debug, PartialEq)]
pub struct Channel {
    /// The key alarms and announcements name.
    pub key: String,
    /// The Slack channel id.
    pub id: String,
    pub topic: Option<Topic>,
    /// An existing SNS topic that posts to the channel (none is created for it).
    pub sns_topic: Option<String>,
}

/// Where and when a rotation's daily announcement is posted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Announce {
    /// Index into [`Policy::channels`].
    pub channel: usize,
    /// Minutes since local midnight.
    pub at: u32,
    /// As written (`07:00`).
    pub at_text: String,
}

/// A rotation of the policy.
#[derive(Clone, Debug, PartialEq)]
pub struct Rotation {
    pub name: String,
    /// How people read it (`name:` in policy.yaml, else the key humanised).
    pub display: String,
    /// Monday to Friday, except holidays.
    pub weekday: Option<Window>,
    /// Saturdays, Sundays and holidays.
    pub weekend: Option<Window>,
    pub announce: Option<Announce>,
    /// Remind people this many days ahead (never 0).
    pub remind_days_before: Option<u32>,
    pub exclude_pitch_cycle: bool,
    pub min_tenure_days: u32,
    /// A weekly rotation's handoff day; `None` for a daily one.
    pub weekly: Option<chrono::Weekday>,
}

impl Rotation {
    /// The window of a weekend day (or holiday) or of a working day.
    pub fn window(&self, weekend: bool) -> Option<&Window> {
        if weekend { self.weekend.as_ref() } else { self.weekday.as_ref() }
    }

    /// The first day of the week `date` lies in, for a weekly rotation.
    pub fn week_of(&self, date: NaiveDate) -> Option<NaiveDate> {
        let handoff = self.weekly?;
        let back = (date.weekday().num_days_from_monday() + 7 - handoff.num_days_from_monday()) % 7;
        date.checked_sub_days(chrono::Days::new(u64::from(back)))
    }

    /// Only on working days: the Incident Commander's kind of rotation.
    pub fn working_hours(&self) -> bool {
        self.weekend.is_none()
    }
}

/// The policy.
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    pub timezone: Tz,
    pub slack_workspace: String,
    pub playbook_base_url: String,
    /// The days planned.
    pub schedule: DateRange,
    /// Days of history kept and counted.
    pub lookback_days: u32,
    /// Days from today kept as committed when a rebalance is due.
    pub freeze_days: u32,
    pub holidays: BTreeSet<NaiveDate>,
    pub channels: Vec<Channel>,
    pub rotations: Vec<Rotation>,
    pub ola: Option<Ola>,
    /// The triage legend, in the policy's order.
    pub triage: Vec<Legend>,
    pub paging: Paging,
}

impl Policy {
    /// Whether `date` is a Saturday, a Sunday or a holiday.
    pub fn is_weekend(&self, date: NaiveDate) -> bool {
        matches!(date.weekday(), Weekday::Sat | Weekday::Sun) || self.holidays.contains(&date)
    }

    /// The first day of history kept as of `today` (see
    /// [`crate::config::roster::ScheduleWindow::oldest_kept`]).
    pub fn oldest_kept(&self, today: NaiveDate) -> NaiveDate {
        crate::config::roster::oldest_kept(today, self.lookback_days)
    }

    /// The URL of the playbook `id` (as alarm descriptions link it).
    pub fn playbook_url(&self, id: &str) -> String {
        format!("{}{id}.md", self.playbook_base_url)
    }

    /// The Incident Commander's rotation: the first working-hours rotation (no weekend window).
    pub fn ic_rotation(&self) -> Option<&Rotation> {
        self.rotations.iter().find(|r| r.working_hours())
    }

    /// The index of the rotation called `name`.
    pub fn rotation(&self, name: &str) -> Option<usize> {
        self.rotations.iter().position(|r| r.name == name)
    }
}

/// One emoji of the triage legend.
#[derive(Clone, Debug, PartialEq)]
pub struct Legend {
    /// The Slack emoji name, without colons.
    pub emoji: String,
    pub text: String,
    pub means: crate::config::roster::Triage,
}

impl Policy {
    /// The legend entry of a reaction (`heavy_check_mark`, or with a skin tone,
    /// `+1::skin-tone-2`), if the legend has it.
    pub fn legend(&self, reaction: &str) -> Option<&Legend> {
        let name = reaction.split("::").next().unwrap_or(reaction);
        self.triage.iter().find(|l| l.emoji == name)
    }
}

/// A member of the team.
#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub slack: String,
    pub started: NaiveDate,
    /// Last day in the team, if they left.
    pub left: Option<NaiveDate>,
    /// Indices into [`Policy::rotations`], in the order the person lists them.
    pub rotations: Vec<usize>,
    /// Completed every item of the policy's preparation checklist.
    pub prepared: bool,
}

/// Days off of one person.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeOff {
    /// Index into [`ValidRepo::people`].
    pub person: usize,
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub reason: Option<String>,
}

/// A shift given whatever the rotation says.
#[derive(Clone, Debug, PartialEq)]
pub struct Override {
    pub date: NaiveDate,
    /// Index into [`Policy::rotations`].
    pub rotation: usize,
    /// Index into [`ValidRepo::people`].
    pub person: usize,
    pub reason: Option<String>,
    /// Taken on a day of the person's time off, as the override says.
    pub despite_time_off: bool,
}

/// A pitch cycle.
#[derive(Clone, Debug, PartialEq)]
pub struct PitchCycle {
    pub name: String,
    pub from: NaiveDate,
    pub until: NaiveDate,
    /// Indices into [`ValidRepo::people`].
    pub participants: Vec<usize>,
}

/// A repository that lints clean, validated.
#[derive(Clone, Debug)]
pub struct ValidRepo {
    pub policy: Policy,
    /// In `team.yaml` order.
    pub people: Vec<Person>,
    pub time_off: Vec<TimeOff>,
    pub overrides: Vec<Override>,
    pub pitch_cycles: Vec<PitchCycle>,
    /// Alarms in file order; each names an existing channel and playbook.
    pub alarms: Vec<Alarm>,
    /// Composite alarms in file order.
    pub composite_alarms: Vec<CompositeAlarm>,
    /// CloudWatch names of alarms managed elsewhere.
    pub external_alarms: BTreeSet<String>,
    pub log_metric_filters: Vec<LogMetricFilter>,
    pub playbooks: Vec<Playbook>,
    ids: HashMap<String, usize>,
}

impl ValidRepo {
    /// The index of the person with id `id`.
    pub fn index(&self, id: &str) -> Option<usize> {
        self.ids.get(id).copied()
    }

    /// The person with id `id`.
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.index(id).map(|p| &self.people[p])
    }

    /// The override of `date` on `rotation` (a policy name), if any.
    pub fn override_on(&self, date: NaiveDate, rotation: &str) -> Option<&Override> {
        self.overrides.iter().find(|o| o.date == date && self.policy.rotations[o.rotation].name == rotation)
    }

    /// Whether the person (an index into [`ValidRepo::people`]) has time off on `date`.
    pub fn away(&self, person: usize, date: NaiveDate) -> bool {
        self.time_off.iter().any(|t| t.person == person && t.from <= date && date <= t.until)
    }

    /// A person's name, or the id when no such person is in the team (a schedule committed
    /// before they left).
    pub fn name_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.person(id).map_or(id, |p| p.name.as_str())
    }
}

/// What the validation found wrong: a repository that lints clean never has it.
#[derive(Debug, thiserror::Error)]
#[error("the configuration is not valid: {0} (lint should have reported it)")]
pub struct Invalid(String);

fn window(text: &Option<String>) -> Result<Option<Window>, Invalid> {
    text.as_deref()
        .map(|text| {
            let (start, end) = parse_window(text).map_err(Invalid)?;
            Ok(Window { start, end, text: text.to_string() })
        })
        .transpose()
}

/// Validates a repository whose lint found no errors; a rolling window ends where it does as
/// of `today`.
pub fn validate(repo: &Repo, today: NaiveDate) -> Result<ValidRepo, Invalid> {
    let missing = |what: &str| Invalid(format!("{what} did not load"));
    let policy = &repo.policy.as_ref().ok_or_else(|| missing("roster/policy.yaml"))?.value;
    let team = &repo.team.as_ref().ok_or_else(|| missing("roster/team.yaml"))?.value;
    if !repo.broken_people.is_empty() || repo.broken_alarms || !repo.broken_playbooks.is_empty() {
        return Err(Invalid("some entries failed their schema".to_string()));
    }
    let timezone: Tz =
        policy.timezone.parse().map_err(|_| Invalid(format!("`{}` is not an IANA time zone", policy.timezone)))?;
    let channels: Vec<Channel> = policy
        .channels
        .iter()
        .map(|(key, c)| Channel { key: key.clone(), id: c.id.clone(), topic: c.topic, sns_topic: c.sns_topic.clone() })
        .collect();
    let channel =
        |key: &str| channels.iter().position(|c| c.key == key).ok_or_else(|| Invalid(format!("no channel `{key}`")));
    let mut rotations = Vec::new();
    for (name, r) in &policy.rotations {
        let announce = match &r.announce {
            Some(a) => Some(Announce {
                channel: channel(&a.channel)?,
                at: parse_time(&a.at, false).ok_or_else(|| Invalid(format!("`{}` is not a time of day", a.at)))?,
                at_text: a.at.clone(),
            }),
            None => None,
        };
        rotations.push(Rotation {
            name: name.clone(),
            display: r.display_name(name),
            weekday: window(&r.windows.weekday)?,
            weekend: window(&r.windows.weekend)?,
            announce,
            remind_days_before: r.remind_days_before.filter(|d| *d > 0),
            exclude_pitch_cycle: r.exclude_pitch_cycle,
            min_tenure_days: r.min_tenure_days,
            weekly: (r.handoff == crate::config::roster::Handoff::Weekly)
                .then(|| r.handoff_day.map_or(chrono::Weekday::Mon, |d| d.weekday())),
        });
    }
    let rotation = |name: &str| {
        rotations.iter().position(|r| r.name == name).ok_or_else(|| Invalid(format!("no rotation `{name}`")))
    };
    let mut people = Vec::new();
    for p in &team.people {
        people.push(Person {
            id: p.id.clone(),
            name: p.name.clone(),
            email: p.email.clone(),
            phone: p.phone.clone(),
            slack: p.slack.clone(),
            started: p.started,
            left: p.left,
            rotations: p.rotations.iter().map(|r| rotation(r)).collect::<Result<_, _>>()?,
            prepared: policy.preparation.iter().all(|item| p.preparation.contains(item)),
        });
    }
    let ids: HashMap<String, usize> = people.iter().enumerate().map(|(i, p)| (p.id.clone(), i)).collect();
    let person = |id: &str| ids.get(id).copied().ok_or_else(|| Invalid(format!("no person `{id}`")));
    // Entries of the past that name someone removed from the team are the record (OC209):
    // they change no plan, and are left out here.
    let gone = |id: &str, last: NaiveDate| last < today && !ids.contains_key(id);
    let time_off = repo
        .time_off
        .iter()
        .flat_map(|f| &f.value)
        .filter(|t| !gone(&t.person, t.until))
        .map(|t| Ok(TimeOff { person: person(&t.person)?, from: t.from, until: t.until, reason: t.reason.clone() }))
        .collect::<Result<_, Invalid>>()?;
    let overrides = repo
        .overrides
        .iter()
        .flat_map(|f| &f.value)
        .filter(|o| !gone(&o.person, o.date))
        .map(|o| {
            Ok(Override {
                date: o.date,
                rotation: rotation(&o.rotation)?,
                person: person(&o.person)?,
                reason: o.reason.clone(),
                despite_time_off: o.despite_time_off,
            })
        })
        .collect::<Result<_, Invalid>>()?;
    let pitch_cycles = repo
        .pitch_cycles
        .iter()
        .flat_map(|f| &f.value)
        .map(|c| {
            Ok(PitchCycle {
                name: c.name.clone(),
                from: c.from,
                until: c.until,
                participants: c
                    .participants
                    .iter()
                    .filter(|p| !gone(p, c.until))
                    .map(|p| person(p))
                    .collect::<Result<_, _>>()?,
            })
        })
        .collect::<Result<_, Invalid>>()?;
    let alarms: Vec<Alarm> = repo.alarm_files.iter().flat_map(|f| f.value.alarms.iter().cloned()).collect();
    let composite_alarms: Vec<CompositeAlarm> =
        repo.alarm_files.iter().flat_map(|f| f.value.composite_alarms.iter().cloned()).collect();
    for key in alarms.iter().map(|a| &a.channel).chain(composite_alarms.iter().map(|a| &a.channel)) {
        channel(key)?;
    }
    Ok(ValidRepo {
        policy: Policy {
            timezone,
            slack_workspace: policy.slack_workspace.clone(),
            playbook_base_url: policy.playbook_base_url.clone(),
            schedule: policy.schedule.range(today).ok_or_else(|| Invalid("the schedule window has no end".into()))?,
            lookback_days: policy.schedule.lookback_days,
            freeze_days: policy.schedule.freeze_days,
            holidays: policy.holidays.iter().copied().collect(),
            channels,
            rotations,
            ola: policy.ola.clone(),
            triage: policy
                .triage
                .iter()
                .map(|(emoji, entry)| Legend {
                    emoji: emoji.clone(),
                    text: entry.text().to_string(),
                    // An emoji that does not say what it means keeps a notification open (lint
                    // warns): nothing is reported closed that nobody said was.
                    means: entry.means(emoji).unwrap_or(crate::config::roster::Triage::Looking),
                })
                .collect(),
            paging: policy.paging.clone(),
        },
        people,
        time_off,
        overrides,
        pitch_cycles,
        alarms,
        composite_alarms,
        external_alarms: repo.alarm_files.iter().flat_map(|f| f.value.external_alarms.iter().cloned()).collect(),
        log_metric_filters: repo.alarm_files.iter().flat_map(|f| f.value.log_metric_filters.iter().cloned()).collect(),
        playbooks: repo.playbooks.iter().map(|p| p.value.clone()).collect(),
        ids,
    })
}
