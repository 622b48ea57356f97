//! The schedule: who holds each rotation on each day of the window. [`plan`] applies the
//! hard rules of README, "Schedules" exactly, then the soft ones greedily, day by day; when a previous
//! schedule is given, every shift of it that is still valid is kept, so a change of inputs
//! moves only the shifts it must. Pure: no I/O, no clock, no randomness.

pub mod calendar;
mod exchange;
pub mod hash;
pub mod rules;

use crate::model::ValidRepo;
use crate::model::valid::{Person, Rotation};
pub use rules::{violations, violations_from};

use calendar::Slot;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use hash::tiebreak;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// `generated/schedule.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    pub timezone: String,
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub shifts: Vec<Shift>,
    /// Per person and rotation, the days from the first day planned to `until` on which they
    /// could hold it when this plan was made (ranges, both ends included). A later plan
    /// compares with it to know who gained eligibility this plan did not foresee.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub eligible: Eligibility,
}

/// Person id -> rotation name -> ranges of days, both ends included.
pub type Eligibility = BTreeMap<String, BTreeMap<String, Vec<(NaiveDate, NaiveDate)>>>;

/// One shift.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shift {
    pub rotation: String,
    pub date: NaiveDate,
    pub person: String,
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    /// A new engineer following the person on duty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shadow: Option<String>,
    pub source: Source,
}

impl Schedule {
    /// Reads a `schedule.json`; the error names `file` and says how to recover.
    pub fn from_json(text: &str, file: &std::path::Path) -> Result<Schedule, String> {
        serde_json::from_str(text)
            .map_err(|e| format!("{}: {e}; fix or delete it to plan from scratch", file.display()))
    }
}

impl Schedule {
    /// Per week of the weekly rotation `rotation`, who holds it (see [`holders`]).
    pub fn holders(&self, rotation: &Rotation) -> BTreeMap<NaiveDate, &str> {
        let mine = self.shifts.iter().filter(|s| s.rotation == rotation.name);
        holders(rotation, mine.map(|s| (s.date, s.person.as_str())))
    }
}

impl Shift {
    pub fn hours(&self) -> f64 {
        (self.end - self.start).num_minutes() as f64 / 60.0
    }
}

/// Why a person holds a shift.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// Chosen by the rotation.
    Rotation,
    /// Given by `roster/overrides.yaml`.
    Override,
}

/// Why a person cannot take a shift on a day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unavailable {
    TimeOff,
    PitchCycle(String),
    /// Days until `min_tenure_days` is reached.
    Tenure(i64),
    NotStarted,
    /// Their last day in the team was before.
    Left(NaiveDate),
    Preparation,
    OnOtherShift(String),
    /// Holds a shift of the day before or after that overlaps it in time (a night shift).
    Overlaps(NaiveDate),
    NotMember,
}

impl std::fmt::Display for Unavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unavailable::TimeOff => f.write_str("is on time off"),
            Unavailable::PitchCycle(name) => write!(f, "is in pitch cycle `{name}`"),
            Unavailable::Tenure(days) => write!(f, "is too new ({days} more days of tenure needed)"),
            Unavailable::NotStarted => f.write_str("has not started yet"),
            Unavailable::Left(day) => write!(f, "left the team on {day}"),
            Unavailable::Preparation => f.write_str("has not completed the preparation checklist"),
            Unavailable::OnOtherShift(rotation) => write!(f, "already holds `{rotation}` that day"),
            Unavailable::Overlaps(day) => write!(f, "holds a shift on {day} that overlaps it"),
            Unavailable::NotMember => f.write_str("is not a member of the rotation"),
        }
    }
}

/// Why no schedule could be made.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PlanError {
    #[error("cannot fill `{rotation}` on {date}: {}", describe_reasons(.reasons))]
    Unfillable { date: NaiveDate, rotation: String, reasons: Vec<(String, Unavailable)> },
}

/// The days from `today` on (every day, without) that no plan can fill: per day, the first
/// rotation nobody can take once the overrides are placed, with why each member is out, as
/// [`plan`] would stop on it. Only the hard rules of each day count (time off, pitch cycles,
/// tenure and checklist, leaving, one shift a day), not the choices of other days, so this is
/// what `lint` can say without planning.
pub fn unfillable_days(repo: &ValidRepo, today: Option<NaiveDate>) -> Vec<PlanError> {
    let (planner, mut slots) = Planner::new(repo);
    if let Some(today) = today {
        slots.retain(|slot| slot.date >= today);
    }
    let overrides: HashMap<(NaiveDate, usize), usize> = repo
        .overrides
        .iter()
        .filter_map(|o| Some(((o.date, o.rotation), planner.index(&repo.people[o.person].id)?)))
        .collect();
    let mut out = Vec::new();
    for day in slots.chunk_by(|a, b| a.date == b.date) {
        let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
        let mut open = Vec::new();
        for (i, slot) in day.iter().enumerate() {
            match overrides.get(&(slot.date, slot.rotation)) {
                Some(&p) => {
                    taken.insert(p, slot.rotation);
                }
                None => open.push(i),
            }
        }
        // Most days someone is free for each slot in turn: no search needed.
        let mut greedy = taken.clone();
        let easy = open.iter().all(|&i| {
            let slot = &day[i];
            let free = planner.members(slot.rotation).find(|&p| planner.why_not(p, slot, &greedy).is_none());
            free.map(|p| greedy.insert(p, slot.rotation)).is_some()
        });
        if easy {
            continue;
        }
        let (mut budget, mut failure) = (10_000, None);
        if planner.assign(day, &open, &mut taken.clone(), &mut budget, &mut failure).is_some() {
            continue;
        }
        let (i, taken) = failure.unwrap_or((open.first().copied().unwrap_or(0), taken));
        let slot = &day[i];
        let reasons = planner
            .members(slot.rotation)
            .filter_map(|p| planner.why_not(p, slot, &taken).map(|why| (planner.people[p].id.clone(), why)))
            .collect();
        out.push(PlanError::Unfillable {
            date: slot.date,
            rotation: planner.rotations[slot.rotation].name.clone(),
            reasons,
        });
    }
    out
}

fn describe_reasons(reasons: &[(String, Unavailable)]) -> String {
    if reasons.is_empty() {
        return "the rotation has no members".to_string();
    }
    reasons.iter().map(|(p, why)| format!("{p} {why}")).collect::<Vec<_>>().join("; ")
}

/// Settings of one planning run.
#[derive(Clone, Copy, Debug, Default)]
pub struct PlanOptions<'a> {
    /// The schedule currently committed: its still-valid shifts are kept.
    pub previous: Option<&'a Schedule>,
    /// Ignore the previous schedule from this day on (a fresh, fair plan); never before
    /// `today`.
    pub rebalance_from: Option<NaiveDate>,
    /// The first day not yet history. The previous schedule's shifts before it are the record
    /// of who was on duty: kept as they are (overrides correct them), counted when shifts are
    /// shared out, and dropped once older than the policy's `lookback_days`. `None`: nothing
    /// is history (every day is planned).
    pub today: Option<NaiveDate>,
}

/// Running totals of one person.
#[derive(Clone, Debug, Default)]
struct Tally {
    /// Per rotation: shifts, weekend shifts, shifts per weekday.
    shifts: Vec<u32>,
    weekend: Vec<u32>,
    weekdays: Vec<[u32; 7]>,
    minutes: i64,
    /// What someone new to a rotation starts with (see [`Planner::credit_newcomers`]), so that
    /// they take their share from then on instead of catching up on a record they were not
    /// there for. Counts in comparisons only.
    credit: Vec<u32>,
    credit_weekend: Vec<u32>,
    credit_minutes: i64,
    /// Per weekly rotation, the weeks held (as the week's holder, see [`holders`]), what a
    /// newcomer starts with, and the first day of the last week held.
    weeks: Vec<u32>,
    credit_weeks: Vec<u32>,
    last_week: Vec<Option<NaiveDate>>,
    shadows: u32,
    /// Days with a shift, past or fixed by an override.
    busy: BTreeSet<NaiveDate>,
    /// Per day, the (start, end) instants of the shifts held, as Unix seconds.
    spans: BTreeMap<NaiveDate, Vec<(i64, i64)>>,
}

struct Planner<'a> {
    repo: &'a ValidRepo,
    people: &'a [Person],
    rotations: &'a [Rotation],
    tally: Vec<Tally>,
    /// Indexes built once: each person's time off and pitch cycles, and the members of each
    /// rotation.
    time_off: Vec<Vec<(NaiveDate, NaiveDate)>>,
    cycles: Vec<Vec<(NaiveDate, NaiveDate, &'a str)>>,
    members: Vec<Vec<usize>>,
}

impl<'a> Planner<'a> {
    fn new(repo: &'a ValidRepo) -> (Planner<'a>, Vec<Slot>) {
        let slots = calendar::slots(&repo.policy);
        let rotations = repo.policy.rotations.as_slice();
        let people = repo.people.as_slice();
        let tally = vec![
            Tally {
                shifts: vec![0; rotations.len()],
                weekend: vec![0; rotations.len()],
                weekdays: vec![[0; 7]; rotations.len()],
                credit: vec![0; rotations.len()],
                credit_weekend: vec![0; rotations.len()],
                weeks: vec![0; rotations.len()],
                credit_weeks: vec![0; rotations.len()],
                last_week: vec![None; rotations.len()],
                ..Tally::default()
            };
            people.len()
        ];
        let mut time_off = vec![Vec::new(); people.len()];
        for t in &repo.time_off {
            time_off[t.person].push((t.from, t.until));
        }
        let mut cycles = vec![Vec::new(); people.len()];
        for c in &repo.pitch_cycles {
            for p in &c.participants {
                cycles[*p].push((c.from, c.until, c.name.as_str()));
            }
        }
        let members = (0..rotations.len())
            .map(|r| (0..people.len()).filter(|p| people[*p].rotations.contains(&r)).collect())
            .collect();
        (Planner { repo, people, rotations, tally, time_off, cycles, members }, slots)
    }
}

/// Per person id, a fingerprint of the slots they may hold: equal fingerprints mean the
/// same availability (same rotations, same days off, same tenure and pitch cycles).
pub fn availability(repo: &ValidRepo) -> BTreeMap<String, String> {
    let (planner, slots) = Planner::new(repo);
    (0..planner.people.len())
        .map(|p| {
            let mut hash = hash::Fnv1a::default();
            for (i, slot) in slots.iter().enumerate() {
                if planner.unavailable(p, slot.rotation, slot.date).is_none() {
                    hash.write(&(i as u64).to_le_bytes());
                }
            }
            (planner.people[p].id.clone(), format!("{:016x}", hash.finish()))
        })
        .collect()
}

/// Plans the schedule of a valid repository. With a previous schedule and a `today`, someone
/// who gained eligibility the previous plan did not foresee (a new member, a checklist
/// completed, a leave ended early) gets their share of the shifts from `today +
/// freeze_days` on: the shifts a fresh plan of those days gives them are moved to them, the
/// rest stays as committed.
pub fn plan(repo: &ValidRepo, options: PlanOptions<'_>) -> Result<Schedule, PlanError> {
    let mut rebalance = None;
    // Who gained eligibility but could not be given a share this time (no fresh plan of the
    // days after the frozen ones): their recorded eligibility stays as it was, so the next run
    // sees the gain again.
    let mut unresolved = Vec::new();
    if let (Some(previous), Some(today), None) = (options.previous, options.today, options.rebalance_from) {
        let zone = today + chrono::Days::new(u64::from(repo.policy.freeze_days));
        let gained = gained(repo, previous, zone);
        if !gained.is_empty() && zone <= repo.policy.schedule.until {
            match plan_once(repo, PlanOptions { rebalance_from: Some(zone), ..options }, None) {
                Ok(fresh) => rebalance = Some(Rebalance { fresh, gained, zone }),
                Err(_) => unresolved = gained,
            }
        }
    }
    let mut schedule = plan_once(repo, options, rebalance.as_ref())?;
    // From the first of today's month: the record changes with the roster, and otherwise once
    // a month (as what the lookback keeps does), not every day.
    let month = crate::config::roster::month_start;
    let first = options.today.map_or(repo.policy.schedule.from, |t| month(t).max(repo.policy.schedule.from));
    schedule.eligible = eligibility(repo, first);
    for (p, r) in unresolved {
        let (id, rotation) = (&repo.people[p].id, &repo.policy.rotations[r].name);
        let before = options.previous.and_then(|s| s.eligible.get(id)).and_then(|e| e.get(rotation)).cloned();
        let entry = schedule.eligible.entry(id.clone()).or_default();
        match before {
            Some(ranges) => entry.insert(rotation.clone(), ranges),
            None => entry.remove(rotation),
        };
        if entry.is_empty() {
            schedule.eligible.remove(id);
        }
    }
    Ok(schedule)
}

/// Per week of a weekly rotation (its first day), who holds it: of `days` (the day and the
/// person of each of its shifts), whoever has most of the week's days, the earliest of them on
/// a tie. Nothing for a daily rotation.
pub fn holders<'s>(
    rotation: &Rotation,
    days: impl IntoIterator<Item = (NaiveDate, &'s str)>,
) -> BTreeMap<NaiveDate, &'s str> {
    // Per week, per person: days held and the earliest.
    let mut count: BTreeMap<NaiveDate, BTreeMap<&str, (usize, std::cmp::Reverse<NaiveDate>)>> = BTreeMap::new();
    for (date, person) in days {
        let Some(week) = rotation.week_of(date) else { continue };
        let entry = count.entry(week).or_default().entry(person).or_insert((0, std::cmp::Reverse(date)));
        entry.0 += 1;
        entry.1 = entry.1.max(std::cmp::Reverse(date));
    }
    count.into_iter().filter_map(|(week, people)| Some((week, people.into_iter().max_by_key(|(_, k)| *k)?.0))).collect()
}

/// Whether `next` continues `last`'s stretch of the weekly rotation `rotation` without a
/// handover: the day after, in the same week, held by the same person with the same shadow.
/// Never for a daily rotation.
pub fn continues(rotation: &Rotation, last: &Shift, next: &Shift) -> bool {
    rotation.weekly.is_some()
        && Some(next.date) == last.date.succ_opt()
        && rotation.week_of(next.date) == rotation.week_of(last.date)
        && next.person == last.person
        && next.shadow == last.shadow
}

/// The last shift of the stretch a weekly rotation's `shift` begins or continues (see
/// [`continues`]); `shift` itself for a daily rotation. `shifts` in the order of
/// `schedule.json`.
pub fn run_end<'s>(policy: &crate::model::valid::Policy, shifts: &'s [Shift], shift: &'s Shift) -> &'s Shift {
    let Some(r) = policy.rotation(&shift.rotation).map(|r| &policy.rotations[r]) else { return shift };
    let mut last = shift;
    for next in shifts.iter().filter(|s| s.rotation == shift.rotation && s.date > shift.date) {
        if !continues(r, last, next) {
            break;
        }
        last = next;
    }
    last
}

/// Whether `shift` starts a stretch of its weekly rotation: it does not continue the shift
/// of the day before (see [`continues`]). Every shift of a daily rotation does.
pub fn starts_run(policy: &crate::model::valid::Policy, shifts: &[Shift], shift: &Shift) -> bool {
    let Some(r) = policy.rotation(&shift.rotation).map(|r| &policy.rotations[r]) else { return true };
    let before = shifts.iter().rev().find(|s| s.rotation == shift.rotation && s.date < shift.date);
    !before.is_some_and(|b| continues(r, b, shift))
}

/// How the shadow of a planned shift is chosen: its slot, the previous schedule's shadow, and
/// whether it lies in the frozen days (nobody is added then).
struct Shadowing<'s> {
    slot: &'s Slot,
    kept: Option<usize>,
    frozen: bool,
}

/// Per person, the days they hold or shadow a shift, and the indexes of the shifts they hold
/// (what the levelling pass keeps up to date as it moves shifts).
struct Holdings {
    busy: Vec<BTreeSet<NaiveDate>>,
    held: Vec<Vec<usize>>,
}

/// Who gained eligibility the previous plan did not foresee, and the fresh plan from `zone`
/// that says which shifts they get.
struct Rebalance {
    fresh: Schedule,
    gained: Vec<(usize, usize)>,
    zone: NaiveDate,
}

/// Per person and rotation they are in, the ranges of days from `first` to the end of the
/// window on which the day-independent hard rules let them hold it.
fn eligibility(repo: &ValidRepo, first: NaiveDate) -> Eligibility {
    let (planner, _) = Planner::new(repo);
    let until = repo.policy.schedule.until;
    let mut out = Eligibility::new();
    for (p, person) in planner.people.iter().enumerate() {
        for &r in &person.rotations {
            let mut ranges: Vec<(NaiveDate, NaiveDate)> = Vec::new();
            for date in first.iter_days().take_while(|d| *d <= until) {
                if planner.unavailable(p, r, date).is_some() {
                    continue;
                }
                match ranges.last_mut() {
                    Some((_, last)) if last.succ_opt() == Some(date) => *last = date,
                    _ => ranges.push((date, date)),
                }
            }
            if !ranges.is_empty() {
                out.entry(person.id.clone()).or_default().insert(planner.rotations[r].name.clone(), ranges);
            }
        }
    }
    out
}

/// The (person, rotation) pairs that may hold a shift on some day from `zone` to the end of
/// what `previous` planned that `previous` did not record them as able to hold. Nothing for
/// a record written before eligibility was recorded.
fn gained(repo: &ValidRepo, previous: &Schedule, zone: NaiveDate) -> Vec<(usize, usize)> {
    if previous.eligible.is_empty() {
        return Vec::new();
    }
    let (planner, slots) = Planner::new(repo);
    let slots: Vec<&Slot> = slots.iter().filter(|s| s.date >= zone && s.date <= previous.until).collect();
    let mut out = Vec::new();
    for (p, person) in planner.people.iter().enumerate() {
        let recorded = previous.eligible.get(&person.id);
        // A weekly rotation changes hands a week at a time: a joiner takes the weeks planned
        // after the committed ones (moving single days of committed weeks would split them).
        for &r in person.rotations.iter().filter(|r| planner.rotations[**r].weekly.is_none()) {
            let ranges = recorded.and_then(|rotations| rotations.get(&planner.rotations[r].name));
            let ranges = ranges.map_or(&[][..], Vec::as_slice);
            let foreseen = |date: NaiveDate| ranges.iter().any(|(from, until)| *from <= date && date <= *until);
            if slots
                .iter()
                .filter(|slot| slot.rotation == r)
                .any(|slot| !foreseen(slot.date) && planner.unavailable(p, r, slot.date).is_none())
            {
                out.push((p, r));
            }
        }
    }
    out
}

/// Gives each person who gained eligibility the committed shifts (from the zone to `until`,
/// the end of the committed plan) that the fresh plan gives them and `previous` does not,
/// weekend ones first, until they hold as many of the rotation's shifts there as the fresh plan
/// gives them (and as many weekend ones). Never a day with an override of the rotation, nor a
/// day they already hold a shift; where they would have shadowed that day, nobody does.
/// Returns the (day, rotation) of the shifts given.
fn rebalance<'a>(
    repo: &'a ValidRepo,
    previous: &mut HashMap<(NaiveDate, &'a str), (&'a str, Option<&'a str>)>,
    overrides: &HashMap<(NaiveDate, &str), &str>,
    due: &'a Rebalance,
    until: NaiveDate,
) -> BTreeSet<(NaiveDate, String)> {
    let (policy, zone) = (&repo.policy, due.zone);
    let mut given = BTreeSet::new();
    for &(p, r) in &due.gained {
        let id = repo.people[p].id.as_str();
        let rotation = policy.rotations[r].name.as_str();
        let span = |date: NaiveDate| zone <= date && date <= until;
        let weekend_only = |weekend: bool, date: NaiveDate| !weekend || policy.is_weekend(date);
        let planned = |weekend: bool| {
            due.fresh
                .shifts
                .iter()
                .filter(|x| span(x.date) && x.person == id && x.rotation == rotation && weekend_only(weekend, x.date))
                .count()
        };
        let held = |previous: &HashMap<(NaiveDate, &str), (&str, Option<&str>)>, weekend: bool| {
            previous
                .iter()
                .filter(|((date, name), (person, _))| {
                    span(*date) && *person == id && *name == rotation && weekend_only(weekend, *date)
                })
                .count()
        };
        let mut need = planned(false).saturating_sub(held(previous, false));
        let mut need_weekend = planned(true).saturating_sub(held(previous, true)).min(need);
        for weekend_pass in [true, false] {
            for shift in due.fresh.shifts.iter().filter(|x| span(x.date) && x.person == id && x.rotation == rotation) {
                let weekend = policy.is_weekend(shift.date);
                if need == 0 || weekend != weekend_pass || (weekend && need_weekend == 0) {
                    continue;
                }
                let date = shift.date;
                let busy = previous.iter().any(|((d, _), (person, _))| *d == date && *person == id);
                if busy || overrides.contains_key(&(date, rotation)) || !previous.contains_key(&(date, rotation)) {
                    continue;
                }
                // Holding a shift comes before following someone on one.
                for ((d, _), (_, shadow)) in previous.iter_mut() {
                    if *d == date && *shadow == Some(id) {
                        *shadow = None;
                    }
                }
                previous.insert((date, rotation), (id, None));
                given.insert((date, rotation.to_string()));
                need -= 1;
                if weekend {
                    need_weekend -= 1;
                }
            }
        }
    }
    given
}

/// One planning run: the previous schedule's still-valid shifts kept.
fn plan_once(repo: &ValidRepo, options: PlanOptions<'_>, due: Option<&Rebalance>) -> Result<Schedule, PlanError> {
    let (mut planner, mut slots) = Planner::new(repo);
    let policy = &repo.policy;
    let history = history(repo, &options);
    if let Some(today) = options.today {
        // The past is only ever recorded, never planned (nor planned again).
        slots.retain(|slot| slot.date >= today);
        for shift in &history {
            let (Some(p), Some(r)) = (planner.index(&shift.person), policy.rotation(&shift.rotation)) else { continue };
            let slot = Slot {
                date: shift.date,
                rotation: r,
                start: shift.start.with_timezone(&policy.timezone),
                end: shift.end.with_timezone(&policy.timezone),
                weekend: policy.is_weekend(shift.date),
            };
            planner.count(p, &slot);
            if let Some(s) = shift.shadow.as_deref().and_then(|s| planner.index(s)) {
                planner.tally[s].shadows += 1;
            }
        }
        let ahead = options.previous.into_iter().flat_map(|s| &s.shifts).filter(|s| s.date >= today);
        let ahead = ahead.filter(|s| options.rebalance_from.is_none_or(|from| s.date < from));
        let record: Vec<&Shift> = history.iter().chain(ahead).collect();
        // The counted span starts with the oldest shift on record.
        let counted_from = history.iter().map(|s| s.date).min().unwrap_or(today);
        // Someone the committed plan leaves out can first be given a shift after the frozen
        // days when a rebalance is due, from the day a rebalance starts, or today.
        let first_open = due.map(|d| d.zone).or(options.rebalance_from).unwrap_or(today).max(today);
        planner.credit_newcomers(&record, first_open, counted_from);
    }
    let overrides: HashMap<(NaiveDate, &str), &str> = repo
        .overrides
        .iter()
        .filter(|o| policy.schedule.contains(o.date))
        .map(|o| ((o.date, policy.rotations[o.rotation].name.as_str()), repo.people[o.person].id.as_str()))
        .collect();
    // Overrides count for the whole window from the start, so the rotation evens them out.
    for slot in &slots {
        if let Some(person) = overrides.get(&(slot.date, planner.rotations[slot.rotation].name.as_str())) {
            if let Some(p) = planner.index(person) {
                planner.count(p, slot);
            }
        }
    }
    let mut previous: HashMap<(NaiveDate, &str), (&str, Option<&str>)> = options
        .previous
        .into_iter()
        .flat_map(|s| s.shifts.iter())
        .filter(|s| options.today.is_none_or(|today| s.date >= today))
        .filter(|s| options.rebalance_from.is_none_or(|from| s.date < from))
        .map(|s| ((s.date, s.rotation.as_str()), (s.person.as_str(), s.shadow.as_deref())))
        .collect();
    let frozen_until = options.today.map(|today| today + chrono::Days::new(u64::from(policy.freeze_days)));
    // Whoever gained eligibility the previous schedule did not foresee is given, before
    // anything is planned, the committed shifts after the frozen days that a fresh plan gives
    // them: they then count for them, and the days planned anew do not make them catch up.
    let given = match (due, options.previous) {
        (Some(due), Some(committed)) => rebalance(repo, &mut previous, &overrides, due, committed.until),
        _ => BTreeSet::new(),
    };

    // Weekly rotations are planned a week at a time, before the days.
    let record: Vec<(NaiveDate, &str, &str)> = history
        .iter()
        .map(|s| (s.date, s.rotation.as_str(), s.person.as_str()))
        .chain(previous.iter().map(|((date, rotation), (person, _))| (*date, *rotation, *person)))
        .collect();
    let weekly = planner.plan_weeks(&slots, &record, &previous, &overrides, options.today);

    // The committed shifts count from the start too, so that a shift that must move goes to
    // whoever is least loaded over the whole window; a shift that turns out invalid is
    // uncounted when its day comes.
    for slot in &slots {
        let name = planner.rotations[slot.rotation].name.as_str();
        if overrides.contains_key(&(slot.date, name)) || planner.rotations[slot.rotation].weekly.is_some() {
            continue;
        }
        if let Some(p) = previous.get(&(slot.date, name)).and_then(|(p, _)| planner.index(p)) {
            planner.count(p, slot);
        }
    }
    // Weekend and holiday days are planned first, over the whole window, so that when the
    // working days are planned every person's weekend load is known and totals even out.
    let mut days: Vec<&[Slot]> = slots.chunk_by(|a, b| a.date == b.date).collect();
    days.sort_by_key(|day| (!day[0].weekend, day[0].date));
    let mut shifts = Vec::with_capacity(slots.len());
    // Which of `shifts` this run chose (not kept from the previous schedule, not overrides),
    // and for each what its shadow is chosen from once every holder is final.
    let mut fresh = Vec::with_capacity(slots.len());
    let mut shadowing: Vec<Shadowing> = Vec::with_capacity(slots.len());
    for day in days {
        let date = day[0].date;
        let mut chosen: Vec<Option<(usize, Source)>> = vec![None; day.len()];
        let mut picked = vec![false; day.len()];
        let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
        for (i, slot) in day.iter().enumerate() {
            let name = planner.rotations[slot.rotation].name.as_str();
            if let Some(p) = overrides.get(&(date, name)).and_then(|p| planner.index(p)) {
                chosen[i] = Some((p, Source::Override));
                taken.insert(p, slot.rotation);
            }
        }
        // What the weekly rotations' weeks give is settled, as overrides are.
        let mut fixed = vec![false; day.len()];
        for (i, slot) in day.iter().enumerate() {
            if chosen[i].is_none()
                && let Some(&p) = weekly.get(&(date, slot.rotation))
            {
                chosen[i] = Some((p, Source::Rotation));
                fixed[i] = true;
                taken.insert(p, slot.rotation);
            }
        }
        for (i, slot) in day.iter().enumerate() {
            let name = planner.rotations[slot.rotation].name.as_str();
            if chosen[i].is_some() || planner.rotations[slot.rotation].weekly.is_some() {
                continue;
            }
            let Some(p) = previous.get(&(date, name)).and_then(|(p, _)| planner.index(p)) else { continue };
            if !taken.contains_key(&p)
                && planner.unavailable(p, slot.rotation, date).is_none()
                && planner.overlap(p, slot).is_none()
            {
                chosen[i] = Some((p, Source::Rotation));
                taken.insert(p, slot.rotation);
            } else {
                planner.uncount(p, slot, taken.contains_key(&p));
            }
        }
        let open: Vec<usize> = (0..day.len()).filter(|i| chosen[*i].is_none()).collect();
        let mut budget = 10_000;
        let mut failure = None;
        let mut picks = planner.assign(day, &open, &mut taken, &mut budget, &mut failure);
        if picks.is_none() && open.len() < day.len() {
            // A kept shift can make the rest of the day impossible (the only possible
            // Incident Commander kept on on-call): stability yields, the day is re-planned
            // around the overrides alone.
            for (i, slot) in day.iter().enumerate() {
                if let Some((p, Source::Rotation)) = chosen[i]
                    && !fixed[i]
                {
                    planner.uncount(p, slot, false);
                    taken.remove(&p);
                    chosen[i] = None;
                }
            }
            let open: Vec<usize> = (0..day.len()).filter(|i| chosen[*i].is_none()).collect();
            let (mut budget, mut retry_failure) = (10_000, None);
            picks = planner.assign(day, &open, &mut taken, &mut budget, &mut retry_failure);
            failure = retry_failure.or(failure);
        }
        match picks {
            Some(picks) => {
                for (i, p) in picks {
                    chosen[i] = Some((p, Source::Rotation));
                    picked[i] = true;
                    planner.count(p, &day[i]);
                }
            }
            None => {
                let first_open = (0..day.len()).find(|i| chosen[*i].is_none()).unwrap_or(0);
                let (i, taken) = failure.unwrap_or((first_open, taken.clone()));
                let slot = &day[i];
                let r = slot.rotation;
                let reasons = planner
                    .members(r)
                    .filter_map(|p| planner.why_not(p, slot, &taken).map(|why| (planner.people[p].id.clone(), why)))
                    .collect();
                return Err(PlanError::Unfillable {
                    date,
                    rotation: planner.rotations[r].name.as_str().to_string(),
                    reasons,
                });
            }
        }
        for (i, slot) in day.iter().enumerate() {
            let (p, source) = chosen[i].expect("every slot of the day was filled");
            let name = planner.rotations[slot.rotation].name.as_str();
            let committed = previous.get(&(date, name));
            let kept_shadow = committed.and_then(|(_, s)| *s).and_then(|s| planner.index(s));
            // A committed shift of the frozen days keeps its shadow (or its having none).
            let frozen = committed.is_some() && frozen_until.is_some_and(|until| date < until);
            shadowing.push(Shadowing { slot, kept: kept_shadow, frozen });
            shifts.push(Shift {
                rotation: name.to_string(),
                date,
                person: planner.people[p].id.clone(),
                start: slot.start.fixed_offset(),
                end: slot.end.fixed_offset(),
                shadow: None,
                source,
            });
            fresh.push(picked[i]);
        }
    }
    // A rebalance moves shifts after the frozen days to whoever gained eligibility; the other
    // shifts of those days may then move to even out what it took from whom.
    let mut movable = fresh.clone();
    if let Some(due) = due {
        let rotations: BTreeSet<&str> = due.gained.iter().map(|(_, r)| policy.rotations[*r].name.as_str()).collect();
        for (i, shift) in shifts.iter().enumerate() {
            movable[i] |= shift.date >= due.zone
                && shift.source == Source::Rotation
                && rotations.contains(shift.rotation.as_str())
                && !given.contains(&(shift.date, shift.rotation.clone()));
        }
    }
    let planned = shifts.len();
    movable.resize(shifts.len() + history.len(), false);
    fresh.resize(shifts.len() + history.len(), false);
    shifts.extend(history);
    planner.level(&slots, &mut shifts, &movable, &fresh);
    planner.assign_shadows(&mut shifts[..planned], &shadowing);
    shifts.sort_by(|a, b| (a.start, &a.rotation).cmp(&(b.start, &b.rotation)));
    // The schedule starts at its oldest kept shift, or at the window (no earlier than what the
    // lookback keeps).
    let start = options.today.map_or(policy.schedule.from, |t| policy.schedule.from.max(policy.oldest_kept(t)));
    let from = shifts.first().map_or(start, |s| s.date.min(start));
    Ok(Schedule {
        timezone: policy.timezone.name().to_string(),
        from,
        until: policy.schedule.until,
        shifts,
        eligible: Eligibility::new(),
    })
}

/// The record kept from the previous schedule: its shifts before `today` and no older than
/// the lookback, each corrected by an override of its day, and the past overrides of days it
/// has no shift for (where the rotation has a window that day).
fn history(repo: &ValidRepo, options: &PlanOptions<'_>) -> Vec<Shift> {
    let Some(today) = options.today else { return Vec::new() };
    let policy = &repo.policy;
    let oldest = policy.oldest_kept(today);
    let past = |date: NaiveDate| oldest <= date && date < today;
    let overrides: HashMap<(NaiveDate, &str), &crate::model::valid::Override> = repo
        .overrides
        .iter()
        .filter(|o| past(o.date))
        .map(|o| ((o.date, policy.rotations[o.rotation].name.as_str()), o))
        .collect();
    let mut kept: Vec<Shift> = Vec::new();
    let mut seen: BTreeSet<(NaiveDate, String)> = BTreeSet::new();
    for shift in options.previous.into_iter().flat_map(|s| &s.shifts).filter(|s| past(s.date)) {
        if !seen.insert((shift.date, shift.rotation.clone())) {
            continue;
        }
        let mut shift = shift.clone();
        if let Some(o) = overrides.get(&(shift.date, shift.rotation.as_str())) {
            shift.person = repo.people[o.person].id.clone();
            shift.source = Source::Override;
            shift.shadow = shift.shadow.filter(|s| *s != shift.person);
        }
        kept.push(shift);
    }
    // An override of a past day the record has no shift for (the rotation had no shift then,
    // or it was planned under another rotation) is a shift of its own, but only within what
    // the record covers: outside it there is no record to correct, and inventing one would be
    // a partial history.
    let span = options.previous.and_then(|p| Some((p.shifts.first()?.date, p.until)));
    for ((date, rotation), o) in &overrides {
        if seen.contains(&(*date, rotation.to_string()))
            || !span.is_some_and(|(first, last)| first <= *date && *date <= last)
        {
            continue;
        }
        let Some(slot) = calendar::slot(policy, *date, o.rotation) else { continue };
        kept.push(Shift {
            rotation: rotation.to_string(),
            date: *date,
            person: repo.people[o.person].id.clone(),
            start: slot.start.fixed_offset(),
            end: slot.end.fixed_offset(),
            shadow: None,
            source: Source::Override,
        });
    }
    kept
}

impl Planner<'_> {
    /// What someone who came to a rotation within the counted span starts with: what members
    /// there all along had done before they came (the mean, rounded), so that a joiner (or
    /// someone just through the checklist) takes a share from then on instead of catching up
    /// on a record they were not there for. They came on their first shift of the rotation on
    /// record (without one, `first_open`: the first day this run may give them one), or when
    /// tenure allowed, whichever is later; whoever has a shift on record within a month of the
    /// oldest day counted (`oldest`) is no newcomer. `record` is the history and the committed
    /// shifts ahead.
    fn credit_newcomers(&mut self, record: &[&Shift], first_open: NaiveDate, oldest: NaiveDate) {
        let policy = &self.repo.policy;
        let settled = oldest + chrono::Days::new(31);
        // Per person, the (day, minutes) of every shift on record, sorted: the same for every
        // rotation.
        let mut minutes: Vec<Vec<(NaiveDate, i64)>> = vec![Vec::new(); self.people.len()];
        for shift in record {
            if let Some(p) = self.index(&shift.person) {
                minutes[p].push((shift.date, (shift.end - shift.start).num_minutes()));
            }
        }
        for m in &mut minutes {
            m.sort();
        }
        for r in 0..self.rotations.len() {
            let name = self.rotations[r].name.as_str();
            // Per member, the sorted days of their shifts of this rotation, and of weekend ones.
            let mut days: Vec<(Vec<NaiveDate>, Vec<NaiveDate>)> = vec![Default::default(); self.people.len()];
            for shift in record.iter().filter(|s| s.rotation == name) {
                let Some(p) = self.index(&shift.person) else { continue };
                days[p].0.push(shift.date);
                if policy.is_weekend(shift.date) {
                    days[p].1.push(shift.date);
                }
            }
            for d in &mut days {
                d.0.sort();
                d.1.sort();
            }
            let ready =
                |p: usize| self.people[p].started + chrono::Days::new(u64::from(self.rotations[r].min_tenure_days));
            let before = |dates: &[NaiveDate], day: NaiveDate| dates.partition_point(|d| *d < day) as u32;
            let veterans: Vec<usize> = self.members[r]
                .iter()
                .copied()
                .filter(|v| ready(*v) <= oldest && days[*v].0.first().is_some_and(|first| *first < settled))
                .collect();
            for p in self.members[r].clone() {
                // Someone with shifts on record from its first month is no newcomer (their first
                // came when the turns fell); without any, they come when this run lets them.
                // Nor is someone whose first shift on record comes late because they were away
                // (a long leave at the start of the record): they catch up like anyone back.
                let away_most_of = |from: NaiveDate, to: NaiveDate| {
                    let days = from.iter_days().take_while(|d| *d < to);
                    let (mut away, mut all) = (0, 0);
                    for day in days {
                        all += 1;
                        away += usize::from(self.away(p, r, day).is_some());
                    }
                    away * 2 >= all
                };
                let came = match days[p].0.first() {
                    Some(first) if ready(p).max(*first) < settled => continue,
                    Some(first) if ready(p) <= oldest && away_most_of(oldest, *first) => continue,
                    Some(first) => ready(p).max(*first),
                    None => ready(p).max(first_open),
                };
                if came <= oldest {
                    continue;
                }
                let others: Vec<usize> = veterans
                    .iter()
                    .copied()
                    .filter(|v| *v != p && self.people[*v].left.is_none_or(|left| left >= came))
                    .collect();
                if others.is_empty() {
                    continue;
                }
                // The mean, rounded: a share like theirs from then on.
                let n = others.len() as i64;
                let mean = |f: &dyn Fn(usize) -> i64| (others.iter().map(|v| f(*v)).sum::<i64>() + n / 2) / n;
                let shifts = mean(&|v| i64::from(before(&days[v].0, came))) as u32;
                let weekend = mean(&|v| i64::from(before(&days[v].1, came))) as u32;
                let worked = |v: usize| minutes[v].iter().take_while(|(d, _)| *d < came).map(|(_, m)| m).sum::<i64>();
                let least_minutes = mean(&|v| worked(v));
                let tally = &mut self.tally[p];
                tally.credit[r] = shifts.saturating_sub(before(&days[p].0, came));
                tally.credit_weekend[r] = weekend.saturating_sub(before(&days[p].1, came));
                tally.credit_minutes = tally.credit_minutes.max(least_minutes - worked(p));
            }
        }
    }

    fn index(&self, id: &str) -> Option<usize> {
        self.repo.index(id)
    }

    /// Plans the weekly rotations a week at a time, in policy order, before any day. A week
    /// the record or the committed plan gives someone (see [`holders`]) stays theirs while
    /// they may hold one of its days still open (or the week has begun); otherwise it goes to
    /// a member who may hold at least half of it, the one with the fewest weeks (counting what
    /// a newcomer starts with), then fewest days to cover, fewest hours, and the last week
    /// longest ago. The holder
    /// takes each day of the week that no override claims and they may hold; the days they
    /// cannot (time off, an override of another rotation, a shift that overlaps) go to a
    /// committed cover who still may, else to the one member who may hold most of them.
    /// `record` is (day, rotation, person) of the history and the committed shifts ahead.
    /// Returns, per (day, rotation), the person; every assignment is counted.
    fn plan_weeks(
        &mut self,
        slots: &[Slot],
        record: &[(NaiveDate, &str, &str)],
        previous: &HashMap<(NaiveDate, &str), (&str, Option<&str>)>,
        overrides: &HashMap<(NaiveDate, &str), &str>,
        today: Option<NaiveDate>,
    ) -> HashMap<(NaiveDate, usize), usize> {
        let mut out: HashMap<(NaiveDate, usize), usize> = HashMap::new();
        // Per day, who holds something that day already (overrides, then weeks planned).
        let mut claimed: HashMap<NaiveDate, BTreeSet<usize>> = HashMap::new();
        for ((date, _), person) in overrides {
            if let Some(p) = self.index(person) {
                claimed.entry(*date).or_default().insert(p);
            }
        }
        for r in 0..self.rotations.len() {
            let rotation = &self.rotations[r];
            if rotation.weekly.is_none() {
                continue;
            }
            let name = rotation.name.as_str();
            let held = holders(rotation, record.iter().filter(|(_, n, _)| *n == name).map(|(d, _, p)| (*d, *p)));
            let held: BTreeMap<NaiveDate, usize> =
                held.into_iter().filter_map(|(week, id)| Some((week, self.index(id)?))).collect();
            // What newcomers start with, in weeks: their credit in shifts over the shifts a
            // week has.
            let per_week = u32::from(rotation.weekday.is_some()) * 5 + u32::from(rotation.weekend.is_some()) * 2;
            for p in self.members[r].clone() {
                let t = &mut self.tally[p];
                t.credit_weeks[r] = (t.credit[r] + per_week / 2) / per_week.max(1);
            }
            for (week, p) in &held {
                self.tally[*p].weeks[r] += 1;
                let last = &mut self.tally[*p].last_week[r];
                *last = (*last).max(Some(*week));
            }
            let mine: Vec<&Slot> = slots.iter().filter(|s| s.rotation == r).collect();
            let weeks: Vec<&[&Slot]> =
                mine.chunk_by(|a, b| rotation.week_of(a.date) == rotation.week_of(b.date)).collect();
            for days in weeks {
                let week = rotation.week_of(days[0].date).expect("a weekly rotation");
                let open: Vec<&Slot> =
                    days.iter().copied().filter(|s| !overrides.contains_key(&(s.date, name))).collect();
                let can = |planner: &Planner, claimed: &HashMap<NaiveDate, BTreeSet<usize>>, p: usize, slot: &Slot| {
                    planner.unavailable(p, r, slot.date).is_none()
                        && !claimed.get(&slot.date).is_some_and(|c| c.contains(&p))
                        && planner.overlap(p, slot).is_none()
                };
                let begun = today.is_some_and(|t| week < t);
                let committed = held.get(&week).copied();
                let holder = match committed {
                    Some(p) if begun || open.iter().any(|s| can(self, &claimed, p, s)) => Some(p),
                    _ => {
                        let key = |p: usize| {
                            let t = &self.tally[p];
                            let missing = open.iter().filter(|s| !can(self, &claimed, p, s)).count();
                            (
                                missing * 2 > open.len(),
                                t.weeks[r] + t.credit_weeks[r],
                                t.minutes + t.credit_minutes,
                                t.last_week[r],
                                tiebreak(&self.people[p].id, week),
                            )
                        };
                        let chosen = self.members[r]
                            .iter()
                            .copied()
                            .filter(|p| open.iter().any(|s| can(self, &claimed, *p, s)))
                            .min_by_key(|p| key(*p));
                        if let Some(old) = committed {
                            self.tally[old].weeks[r] -= 1;
                        }
                        if let Some(p) = chosen {
                            self.tally[p].weeks[r] += 1;
                            let last = &mut self.tally[p].last_week[r];
                            *last = (*last).max(Some(week));
                        }
                        chosen
                    }
                };
                let mut rest: Vec<&Slot> = Vec::new();
                for slot in &open {
                    let committed_cover = previous
                        .get(&(slot.date, name))
                        .and_then(|(p, _)| self.index(p))
                        .filter(|p| Some(*p) != holder);
                    let who = holder
                        .filter(|p| can(self, &claimed, *p, slot))
                        .or_else(|| committed_cover.filter(|p| can(self, &claimed, *p, slot)));
                    match who {
                        Some(p) => {
                            self.count(p, slot);
                            claimed.entry(slot.date).or_default().insert(p);
                            out.insert((slot.date, r), p);
                        }
                        None => rest.push(slot),
                    }
                }
                // The days the holder cannot: one cover for as many as they may hold.
                while !rest.is_empty() {
                    // Whoever may cover most of the days, then whoever that moves fewest committed
                    // shifts of other rotations from.
                    let key = |p: usize| {
                        let t = &self.tally[p];
                        let mine = rest.iter().filter(|s| can(self, &claimed, p, s));
                        let id = self.people[p].id.as_str();
                        let elsewhere = mine
                            .clone()
                            .filter(|s| {
                                let mut other = self.rotations.iter().filter(|o| o.name != name);
                                other.any(|o| previous.get(&(s.date, o.name.as_str())).is_some_and(|(q, _)| *q == id))
                            })
                            .count();
                        (
                            std::cmp::Reverse(mine.count()),
                            elsewhere,
                            t.minutes + t.credit_minutes,
                            tiebreak(&self.people[p].id, week),
                        )
                    };
                    let cover = self.members[r]
                        .iter()
                        .copied()
                        .filter(|p| Some(*p) != holder && rest.iter().any(|s| can(self, &claimed, *p, s)))
                        .min_by_key(|p| key(*p));
                    // Nobody: the day-by-day pass fills (or reports) what is left.
                    let Some(p) = cover else { break };
                    let mut left = Vec::new();
                    for slot in rest {
                        if can(self, &claimed, p, slot) {
                            self.count(p, slot);
                            claimed.entry(slot.date).or_default().insert(p);
                            out.insert((slot.date, r), p);
                        } else {
                            left.push(slot);
                        }
                    }
                    rest = left;
                }
            }
        }
        out
    }

    /// Evens out what the day-by-day pass left uneven. Among members of a rotation who may
    /// hold exactly the same slots from today on, while one has two weekend shifts (then two
    /// shifts) of it more than another, counting the record and the plan (and what a newcomer
    /// starts with), one of the `movable` shifts of the first goes to the second, on a day they
    /// hold nothing, preferably not next to a day they work, the latest such day first.
    fn level(&self, slots: &[Slot], shifts: &mut [Shift], movable: &[bool], fresh: &[bool]) {
        let mut holdings =
            Holdings { busy: vec![BTreeSet::new(); self.people.len()], held: vec![Vec::new(); self.people.len()] };
        for (i, shift) in shifts.iter().enumerate() {
            for id in std::iter::once(shift.person.as_str()).chain(shift.shadow.as_deref()) {
                if let Some(p) = self.index(id) {
                    holdings.busy[p].insert(shift.date);
                }
            }
            if let Some(p) = self.index(&shift.person) {
                holdings.held[p].push(i);
            }
        }
        for r in 0..self.rotations.len() {
            let mut groups: BTreeMap<Vec<usize>, Vec<usize>> = BTreeMap::new();
            for p in self.members(r) {
                let open: Vec<usize> = (0..slots.len())
                    .filter(|i| slots[*i].rotation == r && self.unavailable(p, r, slots[*i].date).is_none())
                    .collect();
                if !open.is_empty() {
                    groups.entry(open).or_default().push(p);
                }
            }
            for group in groups.into_values().filter(|g| g.len() >= 2) {
                for weekend in [true, false] {
                    self.level_group(&group, r, weekend, shifts, movable, &mut holdings);
                }
            }
            // Only what this run chose moves for the weekdays' sake (never committed shifts).
            self.spread_weekdays(r, shifts, fresh, &mut holdings);
        }
        self.exchange_days(shifts, fresh);
    }

    /// Keeps anyone's working-day shifts of a rotation from crowding one weekday: while a
    /// member holds more than ceil(n / 5) of their n working-day shifts of it in the window on
    /// one weekday, one of those (a `movable` one) is swapped with another member's movable
    /// working-day shift on another weekday, when each may take the other's day and neither
    /// goes over the bound. Counts do not change.
    fn spread_weekdays(&self, r: usize, shifts: &mut [Shift], movable: &[bool], holdings: &mut Holdings) {
        let policy = &self.repo.policy;
        let name = self.rotations[r].name.as_str();
        let window = &policy.schedule;
        let members: Vec<usize> = self.members(r).collect();
        let working = |s: &Shift| s.rotation == name && window.contains(s.date) && !policy.is_weekend(s.date);
        let weekday = |s: &Shift| s.date.weekday().num_days_from_monday() as usize;
        let mut stuck: BTreeSet<(usize, usize)> = BTreeSet::new();
        for _ in 0..shifts.len() {
            let counts: Vec<[usize; 7]> = members
                .iter()
                .map(|p| {
                    let mut c = [0; 7];
                    for i in &holdings.held[*p] {
                        if working(&shifts[*i]) {
                            c[weekday(&shifts[*i])] += 1;
                        }
                    }
                    c
                })
                .collect();
            let limit = |k: usize| counts[k].iter().sum::<usize>().div_ceil(5);
            let crowded = (0..members.len())
                .flat_map(|k| (0..7).map(move |w| (k, w)))
                .find(|(k, w)| counts[*k][*w] > limit(*k) && !stuck.contains(&(members[*k], *w)));
            let Some((k, w)) = crowded else { return };
            let p = members[k];
            // Whether `who`, giving shift `give`, may take shift `take`.
            let free = |who: usize, give: usize, take: usize| {
                let taken = &shifts[take];
                !holdings.busy[who].contains(&taken.date)
                    && self.unavailable(who, r, taken.date).is_none()
                    && holdings.held[who].iter().filter(|x| **x != give).all(|x| {
                        let other = &shifts[*x];
                        !(other.start < taken.end && taken.start < other.end)
                    })
            };
            let mut swap = None;
            let crowding = holdings.held[p].iter().filter(|i| movable[**i] && working(&shifts[**i]));
            'search: for &i in crowding.filter(|i| weekday(&shifts[**i]) == w) {
                for (l, &q) in members.iter().enumerate().filter(|(l, _)| *l != k) {
                    if counts[l][w] + 1 > limit(l) {
                        continue;
                    }
                    for &j in &holdings.held[q] {
                        let other = &shifts[j];
                        let w2 = weekday(other);
                        if !movable[j] || !working(other) || w2 == w || counts[k][w2] + 1 > limit(k) {
                            continue;
                        }
                        if free(p, i, j) && free(q, j, i) {
                            swap = Some((i, j, q));
                            break 'search;
                        }
                    }
                }
            }
            let Some((i, j, q)) = swap else {
                stuck.insert((p, w));
                continue;
            };
            let (di, dj) = (shifts[i].date, shifts[j].date);
            shifts[i].person = self.people[q].id.clone();
            shifts[j].person = self.people[p].id.clone();
            holdings.busy[p].remove(&di);
            holdings.busy[q].remove(&dj);
            holdings.busy[p].insert(dj);
            holdings.busy[q].insert(di);
            holdings.held[p].retain(|x| *x != i);
            holdings.held[q].retain(|x| *x != j);
            holdings.held[p].push(j);
            holdings.held[q].push(i);
        }
    }

    /// One group and one count of [`Planner::level`]: weekend shifts (`weekend`) or all.
    fn level_group(
        &self,
        group: &[usize],
        r: usize,
        weekend: bool,
        shifts: &mut [Shift],
        movable: &[bool],
        holdings: &mut Holdings,
    ) {
        let Holdings { busy, held } = holdings;
        let policy = &self.repo.policy;
        let name = self.rotations[r].name.as_str();
        let member = |id: &str| group.iter().position(|p| self.people[*p].id == id);
        let credit = |p: usize| {
            let t = &self.tally[p];
            (if weekend { t.credit_weekend[r] } else { t.credit[r] }) as usize
        };
        let mut counts: Vec<usize> = group.iter().map(|p| credit(*p)).collect();
        let mut weekends = vec![0usize; group.len()];
        // Per member, the shifts of the rotation they hold that may move.
        let mut own: Vec<Vec<usize>> = vec![Vec::new(); group.len()];
        for (i, shift) in shifts.iter().enumerate().filter(|(_, s)| s.rotation == name) {
            let Some(k) = member(&shift.person) else { continue };
            let on_weekend = policy.is_weekend(shift.date);
            if !weekend || on_weekend {
                counts[k] += 1;
            }
            if on_weekend {
                weekends[k] += 1;
            }
            if movable[i] {
                own[k].push(i);
            }
        }
        for _ in 0..shifts.len() {
            let (Some(&max), Some(&min)) = (counts.iter().max(), counts.iter().min()) else { return };
            if max < min + 2 {
                return;
            }
            let takers: Vec<usize> = (0..group.len()).filter(|k| counts[*k] == min).collect();
            // Evening out the totals moves a working-day shift, or a weekend one from someone
            // with more weekend shifts than the taker.
            // (preference, shift, giver, taker), the least preference best.
            type Move = ((bool, bool, std::cmp::Reverse<NaiveDate>, u64), usize, usize, usize);
            let mut best: Option<Move> = None;
            for g in (0..group.len()).filter(|k| counts[*k] == max) {
                for &i in &own[g] {
                    let date = shifts[i].date;
                    let on_weekend = policy.is_weekend(date);
                    for &t in &takers {
                        let allowed = on_weekend == weekend || (on_weekend && weekends[g] > weekends[t]);
                        let taker = group[t];
                        let overlaps = || {
                            held[taker].iter().any(|j| {
                                let other = &shifts[*j];
                                other.start < shifts[i].end && shifts[i].start < other.end
                            })
                        };
                        if !allowed || busy[taker].contains(&date) || overlaps() {
                            continue;
                        }
                        let near = date.pred_opt().is_some_and(|d| busy[taker].contains(&d))
                            || date.succ_opt().is_some_and(|d| busy[taker].contains(&d));
                        let key = (
                            on_weekend != weekend,
                            near,
                            std::cmp::Reverse(date),
                            tiebreak(&self.people[taker].id, date),
                        );
                        if best.as_ref().is_none_or(|(k, ..)| key < *k) {
                            best = Some((key, i, g, t));
                        }
                    }
                }
            }
            let Some((_, i, g, t)) = best else { return };
            let (giver, taker) = (group[g], group[t]);
            let date = shifts[i].date;
            shifts[i].person = self.people[taker].id.clone();
            busy[giver].remove(&date);
            busy[taker].insert(date);
            counts[g] -= 1;
            counts[t] += 1;
            if policy.is_weekend(date) {
                weekends[g] -= 1;
                weekends[t] += 1;
            }
            own[g].retain(|x| *x != i);
            own[t].push(i);
            held[giver].retain(|x| *x != i);
            held[taker].push(i);
        }
    }

    fn count(&mut self, p: usize, slot: &Slot) {
        let tally = &mut self.tally[p];
        tally.shifts[slot.rotation] += 1;
        if slot.weekend {
            tally.weekend[slot.rotation] += 1;
        }
        tally.weekdays[slot.rotation][slot.weekday().num_days_from_monday() as usize] += 1;
        tally.minutes += (slot.end - slot.start).num_minutes();
        tally.busy.insert(slot.date);
        tally.spans.entry(slot.date).or_default().push((slot.start.timestamp(), slot.end.timestamp()));
    }

    /// Why person `p` cannot take rotation `r` on `date` (the day-independent hard rules).
    fn unavailable(&self, p: usize, r: usize, date: NaiveDate) -> Option<Unavailable> {
        let person = &self.people[p];
        if !person.rotations.contains(&r) {
            return Some(Unavailable::NotMember);
        }
        self.away(p, r, date).or_else(|| self.not_ready(p, r, date))
    }

    /// Gone, time off and pitch cycles.
    fn away(&self, p: usize, r: usize, date: NaiveDate) -> Option<Unavailable> {
        if let Some(left) = self.people[p].left.filter(|left| date > *left) {
            return Some(Unavailable::Left(left));
        }
        if self.time_off[p].iter().any(|(from, until)| *from <= date && date <= *until) {
            return Some(Unavailable::TimeOff);
        }
        if self.rotations[r].exclude_pitch_cycle
            && let Some((_, _, name)) = self.cycles[p].iter().find(|(from, until, _)| *from <= date && date <= *until)
        {
            return Some(Unavailable::PitchCycle(name.to_string()));
        }
        None
    }

    /// Tenure and preparation: what makes a member a shadow instead.
    fn not_ready(&self, p: usize, r: usize, date: NaiveDate) -> Option<Unavailable> {
        let person = &self.people[p];
        if date < person.started {
            return Some(Unavailable::NotStarted);
        }
        let tenure = (date - person.started).num_days();
        let min = i64::from(self.rotations[r].min_tenure_days);
        if tenure < min {
            return Some(Unavailable::Tenure(min - tenure));
        }
        if !self.people[p].prepared {
            return Some(Unavailable::Preparation);
        }
        None
    }

    fn members(&self, r: usize) -> impl Iterator<Item = usize> + '_ {
        self.members[r].iter().copied()
    }

    /// Why the member `p` cannot take the slot, given who already holds a shift that day.
    fn why_not(&self, p: usize, slot: &Slot, taken: &BTreeMap<usize, usize>) -> Option<Unavailable> {
        self.away(p, slot.rotation, slot.date)
            .or_else(|| self.not_ready(p, slot.rotation, slot.date))
            .or_else(|| taken.get(&p).map(|other| Unavailable::OnOtherShift(self.rotations[*other].name.clone())))
            .or_else(|| self.overlap(p, slot).map(Unavailable::Overlaps))
    }

    /// The day before or after whose shift held by `p` overlaps `slot` in time.
    fn overlap(&self, p: usize, slot: &Slot) -> Option<NaiveDate> {
        let (start, end) = (slot.start.timestamp(), slot.end.timestamp());
        [slot.date.pred_opt(), slot.date.succ_opt()].into_iter().flatten().find(|day| {
            self.tally[p].spans.get(day).is_some_and(|spans| spans.iter().any(|(s, e)| *s < end && start < *e))
        })
    }

    /// Takes back a committed shift that no longer holds.
    fn uncount(&mut self, p: usize, slot: &Slot, busy_anyway: bool) {
        let tally = &mut self.tally[p];
        tally.shifts[slot.rotation] -= 1;
        if slot.weekend {
            tally.weekend[slot.rotation] -= 1;
        }
        tally.weekdays[slot.rotation][slot.weekday().num_days_from_monday() as usize] -= 1;
        tally.minutes -= (slot.end - slot.start).num_minutes();
        if let Some(spans) = tally.spans.get_mut(&slot.date) {
            let span = (slot.start.timestamp(), slot.end.timestamp());
            if let Some(i) = spans.iter().position(|s| *s == span) {
                spans.swap_remove(i);
            }
        }
        if !busy_anyway {
            tally.busy.remove(&slot.date);
        }
    }

    /// Fills the open slots of one day: the slot with the fewest candidates first, each
    /// candidate in order of preference, backtracking when a later slot would be left empty
    /// (so the only possible Incident Commander is not spent on on-call). Returns
    /// (slot index, person) pairs; on failure records the slot that could not be filled.
    fn assign(
        &self,
        day: &[Slot],
        open: &[usize],
        taken: &mut BTreeMap<usize, usize>,
        budget: &mut u32,
        failure: &mut Option<(usize, BTreeMap<usize, usize>)>,
    ) -> Option<Vec<(usize, usize)>> {
        if open.is_empty() {
            return Some(Vec::new());
        }
        let (position, ranked) = open
            .iter()
            .enumerate()
            .map(|(position, i)| (position, self.ranked(&day[*i], taken)))
            .min_by_key(|(_, ranked)| ranked.len())
            .expect("open is not empty");
        let i = open[position];
        if ranked.is_empty() {
            *failure = Some((i, taken.clone()));
            return None;
        }
        let rest: Vec<usize> = open.iter().copied().filter(|x| *x != i).collect();
        for p in ranked {
            if *budget == 0 {
                return None;
            }
            *budget -= 1;
            taken.insert(p, day[i].rotation);
            if let Some(mut picks) = self.assign(day, &rest, taken, budget, failure) {
                picks.push((i, p));
                return Some(picks);
            }
            taken.remove(&p);
        }
        None
    }

    /// The eligible members for a slot, best first by the soft rules in order.
    fn ranked(&self, slot: &Slot, taken: &BTreeMap<usize, usize>) -> Vec<usize> {
        let r = slot.rotation;
        let eligible: Vec<usize> = self.members(r).filter(|p| self.why_not(*p, slot, taken).is_none()).collect();
        let gap = (eligible.len() as i64 / 3).clamp(2, 7);
        let weekday = slot.weekday().num_days_from_monday() as usize;
        // How far a candidate is above the least-loaded eligible member: the rotation's counts
        // (weekend counts on weekends) stay within one of each other before anything else.
        let load = |p: usize| {
            let t = &self.tally[p];
            if slot.weekend { t.weekend[r] + t.credit_weekend[r] } else { t.shifts[r] + t.credit[r] }
        };
        let least = eligible.iter().map(|p| load(*p)).min().unwrap_or(0);
        let working_days = if self.rotations[r].weekday.is_some() { 5 } else { 1 };
        let key = |p: usize| {
            let t = &self.tally[p];
            let near = t
                .busy
                .range(slot.date - chrono::Duration::days(gap - 1)..=slot.date + chrono::Duration::days(gap - 1))
                .next()
                .is_some();
            let since = t.busy.range(..slot.date).next_back().map_or(i64::MAX, |d| (slot.date - *d).num_days());
            let above = load(p) - least;
            // This weekday already holds more than its share of the person's shifts: pinning.
            let on_this_day = t.weekdays[r][weekday];
            let pinned = if slot.weekend {
                on_this_day > t.weekend[r] / 2 + 1
            } else {
                on_this_day > (t.shifts[r] - t.weekend[r]) / working_days + 1
            };
            // Among people level on this rotation, the one with fewer hours over all rotations.
            (
                above >= 2,
                near,
                above,
                pinned,
                t.minutes + t.credit_minutes,
                t.shifts[r],
                on_this_day,
                std::cmp::Reverse(since),
                tiebreak(&self.people[p].id, slot.date),
            )
        };
        let mut ranked = eligible;
        ranked.sort_by_cached_key(|p| key(*p));
        ranked
    }

    /// Chooses the shadows of the planned shifts (in the order the days were planned, one day
    /// after another), once the repair passes have settled who holds what.
    fn assign_shadows(&mut self, shifts: &mut [Shift], shadowing: &[Shadowing]) {
        let mut weekly: HashMap<(usize, NaiveDate, String), usize> = HashMap::new();
        let mut start = 0;
        while start < shifts.len() {
            let date = shifts[start].date;
            let end = start + shifts[start..].iter().take_while(|s| s.date == date).count();
            let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
            for (shift, how) in shifts[start..end].iter().zip(&shadowing[start..end]) {
                if let Some(p) = self.index(&shift.person) {
                    taken.insert(p, how.slot.rotation);
                }
            }
            for i in start..end {
                let how = &shadowing[i];
                let r = how.slot.rotation;
                // A weekly rotation's shadow follows the holder for the week.
                let week = self.rotations[r].week_of(how.slot.date).map(|w| (r, w, shifts[i].person.clone()));
                let kept = how.kept.or_else(|| week.as_ref().and_then(|w| weekly.get(w).copied()));
                if let Some(s) = self.shadow(how.slot, &taken, kept, how.frozen) {
                    if let Some(w) = week {
                        weekly.entry(w).or_insert(s);
                    }
                    taken.insert(s, how.slot.rotation);
                    self.tally[s].shadows += 1;
                    shifts[i].shadow = Some(self.people[s].id.clone());
                }
            }
            start = end;
        }
    }

    /// A member who may not hold this rotation yet (tenure or preparation) follows the
    /// person on duty; only for rotations with a tenure rule. The previous shadow stays when
    /// they still may; on a `frozen` committed shift nobody else is added.
    fn shadow(
        &self,
        slot: &Slot,
        taken: &BTreeMap<usize, usize>,
        previous: Option<usize>,
        frozen: bool,
    ) -> Option<usize> {
        let r = slot.rotation;
        if self.rotations[r].min_tenure_days == 0 {
            return None;
        }
        let can = |p: usize| {
            !taken.contains_key(&p)
                && self.away(p, r, slot.date).is_none()
                && matches!(self.not_ready(p, r, slot.date), Some(Unavailable::Tenure(_) | Unavailable::Preparation))
        };
        if let Some(p) = previous.filter(|p| can(*p)) {
            return Some(p);
        }
        if frozen {
            return None;
        }
        self.members(r)
            .filter(|p| can(*p))
            .min_by_key(|p| (self.tally[*p].shadows, tiebreak(&self.people[*p].id, slot.date)))
    }
}
