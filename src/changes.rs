//! What a branch changes against a base: per person the shifts gained and lost, alarms
//! added, removed and changed field by field, playbooks and people added and removed. Pure:
//! schedules come in planned, configurations as loaded (the base may not lint clean: what
//! it fails to define shows as added). The text people read is [`crate::render::diff`].

use crate::model::Repo;
use crate::schedule::Schedule;
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// A shift, as a diff names it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ShiftRef {
    pub date: NaiveDate,
    pub rotation: String,
    /// The reason of the override that gives the shift: on the shift gained, and on the one
    /// it takes from someone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Shadowing the person on duty (a new engineer following them), not holding the shift.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shadowing: bool,
}

/// A new end of the plan and how many shifts lie between it and the old one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Extent {
    pub until: NaiveDate,
    pub shifts: usize,
}

/// How two schedules differ: shifts that change hands in the days both cover, and what
/// the plan's ends add and drop.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ScheduleChanges {
    pub people: Vec<PersonShifts>,
    /// Shifts of the days both cover held by someone else now.
    pub moved: usize,
    /// Shifts of those days gone (a rotation or its weekend window removed), and new ones.
    pub unplanned: usize,
    pub planned: usize,
    /// The plan runs further than before: new shifts after the old last day.
    pub extended: Option<Extent>,
    /// The plan stops earlier than before: shifts after the new last day are gone.
    pub shortened: Option<Extent>,
    /// Shifts of the record older than what the lookback keeps, dropped from it.
    pub history_dropped: usize,
}

/// One person's moved shifts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PersonShifts {
    pub person: String,
    pub gained: Vec<ShiftRef>,
    pub lost: Vec<ShiftRef>,
}

/// One field of an alarm that changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AlarmChange {
    pub id: String,
    pub fields: Vec<FieldChange>,
}

/// Everything a branch changes.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Changes {
    pub shifts: Vec<PersonShifts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extended: Option<Extent>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shortened: Option<Extent>,
    #[serde(skip_serializing_if = "is_zero")]
    pub history_dropped: usize,
    /// Shifts that change hands, that are no longer planned, and that are newly planned, in
    /// the days both schedules cover.
    pub moved: usize,
    #[serde(skip_serializing_if = "is_zero")]
    pub unplanned: usize,
    #[serde(skip_serializing_if = "is_zero")]
    pub planned: usize,
    /// Per person, their shifts from today on in the branch's schedule (for people added).
    #[serde(skip)]
    pub ahead: BTreeMap<String, usize>,
    pub alarms_added: Vec<String>,
    pub alarms_removed: Vec<String>,
    pub alarms_changed: Vec<AlarmChange>,
    pub playbooks_added: Vec<String>,
    pub playbooks_removed: Vec<String>,
    /// Playbooks whose front matter or text changed.
    pub playbooks_changed: Vec<String>,
    pub people_added: Vec<String>,
    pub people_removed: Vec<String>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Changes {
    /// Takes in what [`shift_changes`] found.
    pub fn set_schedule(&mut self, schedule: ScheduleChanges) {
        self.shifts = schedule.people;
        self.extended = schedule.extended;
        self.shortened = schedule.shortened;
        self.history_dropped = schedule.history_dropped;
        self.moved = schedule.moved;
        self.unplanned = schedule.unplanned;
        self.planned = schedule.planned;
    }

    pub fn is_empty(&self) -> bool {
        self.shifts.is_empty()
            && self.extended.is_none()
            && self.shortened.is_none()
            && self.history_dropped == 0
            && self.alarms_added.is_empty()
            && self.alarms_removed.is_empty()
            && self.alarms_changed.is_empty()
            && self.playbooks_added.is_empty()
            && self.playbooks_removed.is_empty()
            && self.playbooks_changed.is_empty()
            && self.people_added.is_empty()
            && self.people_removed.is_empty()
    }

    /// One line per kind of change, for commit messages.
    pub fn summary(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if self.moved > 0 {
            lines.push(format!("{} shift(s) change hands, {} people affected", self.moved, self.shifts.len()));
        }
        if self.unplanned > 0 {
            lines.push(format!("{} shift(s) no longer planned", self.unplanned));
        }
        if self.planned > 0 {
            lines.push(format!("{} shift(s) newly planned", self.planned));
        }
        if let Some(e) = &self.extended {
            lines.push(format!("plan extended to {}: {} new shift(s)", e.until, e.shifts));
        }
        if let Some(e) = &self.shortened {
            lines.push(format!("plan shortened to {}: {} shift(s) no longer planned", e.until, e.shifts));
        }
        if self.history_dropped > 0 {
            lines.push(format!(
                "{} past shift(s) older than the lookback dropped from the record",
                self.history_dropped
            ));
        }
        let counts = [
            (self.alarms_added.len(), "alarm(s) added"),
            (self.alarms_removed.len(), "alarm(s) removed"),
            (self.alarms_changed.len(), "alarm(s) changed"),
            (self.playbooks_added.len(), "playbook(s) added"),
            (self.playbooks_removed.len(), "playbook(s) removed"),
            (self.playbooks_changed.len(), "playbook(s) changed"),
            (self.people_added.len(), "person(s) added"),
            (self.people_removed.len(), "person(s) removed"),
        ];
        lines.extend(counts.iter().filter(|(n, _)| *n > 0).map(|(n, what)| format!("{n} {what}")));
        lines
    }
}

/// Compares two schedules slot by slot (a slot is a date and a rotation) over the days both
/// cover; what lies after the end of one of them is an extension or a shortening, what lies
/// before the start of `head` is history the lookback dropped. `reasons` gives the override
/// reason of a (date, rotation), shown on gained shifts.
pub fn shift_changes(
    base: &Schedule,
    head: &Schedule,
    reasons: &BTreeMap<(NaiveDate, String), String>,
) -> ScheduleChanges {
    let slots = |s: &Schedule| -> BTreeMap<(NaiveDate, String), String> {
        s.shifts.iter().map(|x| ((x.date, x.rotation.clone()), x.person.clone())).collect()
    };
    let (before, after) = (slots(base), slots(head));
    let shadows = |s: &Schedule| -> BTreeMap<(NaiveDate, String), String> {
        s.shifts.iter().filter_map(|x| Some(((x.date, x.rotation.clone()), x.shadow.clone()?))).collect()
    };
    let (shadows_before, shadows_after) = (shadows(base), shadows(head));
    fn person<'m>(people: &'m mut BTreeMap<String, PersonShifts>, id: &str) -> &'m mut PersonShifts {
        people.entry(id.to_string()).or_insert_with(|| PersonShifts {
            person: id.to_string(),
            gained: vec![],
            lost: vec![],
        })
    }
    let shift = |slot: &(NaiveDate, String), reason: Option<String>| ShiftRef {
        date: slot.0,
        rotation: slot.1.clone(),
        reason,
        shadowing: false,
    };
    let mut out = ScheduleChanges::default();
    let mut people: BTreeMap<String, PersonShifts> = BTreeMap::new();
    let (mut extended, mut shortened) = (0, 0);
    for (slot, old) in &before {
        if slot.0 < head.from {
            out.history_dropped += 1;
        } else if slot.0 > head.until {
            shortened += 1;
        } else if after.get(slot) != Some(old) {
            person(&mut people, old).lost.push(shift(slot, reasons.get(slot).cloned()));
            match after.get(slot) {
                Some(_) => out.moved += 1,
                None => out.unplanned += 1,
            }
        }
    }
    for (slot, new) in &after {
        if slot.0 > base.until {
            extended += 1;
        } else if before.get(slot) != Some(new) {
            person(&mut people, new).gained.push(shift(slot, reasons.get(slot).cloned()));
            if !before.contains_key(slot) {
                out.planned += 1;
            }
        }
    }
    // Who shadows a shift both plans hold: a new engineer's days of following change too.
    let both = |slot: &(NaiveDate, String)| head.from <= slot.0 && slot.0 <= head.until.min(base.until);
    for (slot, old) in shadows_before.iter().filter(|(slot, _)| both(slot)) {
        if shadows_after.get(slot) != Some(old) {
            person(&mut people, old).lost.push(ShiftRef { shadowing: true, ..shift(slot, None) });
        }
    }
    for (slot, new) in shadows_after.iter().filter(|(slot, _)| both(slot)) {
        if shadows_before.get(slot) != Some(new) {
            person(&mut people, new).gained.push(ShiftRef { shadowing: true, ..shift(slot, None) });
        }
    }
    for p in people.values_mut() {
        p.gained.sort();
        p.lost.sort();
    }
    out.people = people.into_values().collect();
    out.extended = (head.until > base.until).then_some(Extent { until: head.until, shifts: extended });
    out.shortened = (head.until < base.until).then_some(Extent { until: head.until, shifts: shortened });
    out
}

/// An alarm as dotted field paths and values (`metric.statistic` -> "Sum").
fn flatten(value: &Value, prefix: &str, out: &mut BTreeMap<String, Value>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                flatten(v, &if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") }, out);
            }
        }
        Value::Array(items) if items.iter().any(Value::is_object) => {
            for (i, v) in items.iter().enumerate() {
                flatten(v, &format!("{prefix}[{i}]"), out);
            }
        }
        other => {
            out.insert(prefix.to_string(), other.clone());
        }
    }
}

/// Alarms and playbooks added, removed and changed.
pub fn config_changes(base: &Repo, head: &Repo, changes: &mut Changes) {
    let alarms = |r: &Repo| -> BTreeMap<String, Value> {
        r.alarms().map(|(_, _, a)| (a.id.clone(), serde_json::to_value(a).expect("alarms serialise"))).collect()
    };
    let (before, after) = (alarms(base), alarms(head));
    changes.alarms_added = after.keys().filter(|id| !before.contains_key(*id)).cloned().collect();
    changes.alarms_removed = before.keys().filter(|id| !after.contains_key(*id)).cloned().collect();
    for (id, new) in &after {
        let Some(old) = before.get(id) else { continue };
        if old == new {
            continue;
        }
        let (mut a, mut b) = (BTreeMap::new(), BTreeMap::new());
        flatten(old, "", &mut a);
        flatten(new, "", &mut b);
        let mut fields: Vec<String> = a.keys().chain(b.keys()).cloned().collect();
        fields.sort();
        fields.dedup();
        let fields = fields
            .into_iter()
            .filter(|f| a.get(f) != b.get(f))
            .map(|f| FieldChange { before: a.get(&f).cloned(), after: b.get(&f).cloned(), field: f })
            .collect();
        changes.alarms_changed.push(AlarmChange { id: id.clone(), fields });
    }
    let playbooks = |r: &Repo| -> BTreeMap<String, String> {
        r.playbooks.iter().map(|p| (p.value.front.id.clone(), format!("{:?}{}", p.value.front, p.value.text))).collect()
    };
    let (before, after) = (playbooks(base), playbooks(head));
    changes.playbooks_added = after.keys().filter(|p| !before.contains_key(*p)).cloned().collect();
    changes.playbooks_removed = before.keys().filter(|p| !after.contains_key(*p)).cloned().collect();
    changes.playbooks_changed = after
        .iter()
        .filter(|(id, text)| before.get(*id).is_some_and(|old| old != *text))
        .map(|(id, _)| id.clone())
        .collect();
    let people = |r: &Repo| -> Vec<String> { r.people().iter().map(|p| p.id.clone()).collect() };
    let (before, after) = (people(base), people(head));
    changes.people_added = after.iter().filter(|p| !before.contains(p)).cloned().collect();
    changes.people_removed = before.iter().filter(|p| !after.contains(p)).cloned().collect();
}
