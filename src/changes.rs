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

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.shifts.is_empty()
            && self.alarms_added.is_empty()
            && self.alarms_removed.is_empty()
            && self.alarms_changed.is_empty()
            && self.playbooks_added.is_empty()
            && self.playbooks_removed.is_empty()
            && self.playbooks_changed.is_empty()
            && self.people_added.is_empty()
            && self.people_removed.is_empty()
    }

    /// How many shifts change hands.
    pub fn moved_shifts(&self) -> usize {
        self.shifts.iter().map(|p| p.gained.len()).sum()
    }

    /// One line per kind of change, for commit messages.
    pub fn summary(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if !self.shifts.is_empty() {
            lines.push(format!("{} shift(s) change hands, {} people affected", self.moved_shifts(), self.shifts.len()));
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

/// Compares two schedules slot by slot (a slot is a date and a rotation).
pub fn shift_changes(base: &Schedule, head: &Schedule) -> Vec<PersonShifts> {
    let slots = |s: &Schedule| -> BTreeMap<ShiftRef, String> {
        s.shifts.iter().map(|x| (ShiftRef { date: x.date, rotation: x.rotation.clone() }, x.person.clone())).collect()
    };
    let (before, after) = (slots(base), slots(head));
    fn person<'m>(people: &'m mut BTreeMap<String, PersonShifts>, id: &str) -> &'m mut PersonShifts {
        people.entry(id.to_string()).or_insert_with(|| PersonShifts {
            person: id.to_string(),
            gained: vec![],
            lost: vec![],
        })
    }
    let mut people: BTreeMap<String, PersonShifts> = BTreeMap::new();
    for (slot, old) in &before {
        if after.get(slot) != Some(old) {
            person(&mut people, old).lost.push(slot.clone());
        }
    }
    for (slot, new) in &after {
        if before.get(slot) != Some(new) {
            person(&mut people, new).gained.push(slot.clone());
        }
    }
    people.into_values().collect()
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
