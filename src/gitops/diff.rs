//! What a branch changes against a base: per person the shifts gained and lost, alarms
//! added, removed and changed field by field, playbooks added and removed. Pure: both sides
//! come in as validated repositories and planned schedules.

use crate::model::Repo;
use crate::schedule::Schedule;
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

const TEMPLATE: &str = include_str!("../../templates/diff.md.j2");

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

#[derive(Serialize)]
struct PersonView {
    person: String,
    name: String,
    gained: String,
    lost: String,
}

fn shifts_text(shifts: &[ShiftRef]) -> String {
    if shifts.is_empty() {
        return "-".to_string();
    }
    shifts.iter().map(|s| format!("{} {} ({})", s.date.format("%a"), s.date, s.rotation)).collect::<Vec<_>>().join(", ")
}

/// Text that cannot ping anyone or inject markup in a pull-request comment.
fn comment_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('@', "&#64;")
        .replace('|', "\\|")
        .replace('*', "\\*")
        .replace('_', "\\_")
}

fn value_text(value: &Option<Value>) -> String {
    match value {
        None => "(unset)".to_string(),
        Some(Value::Number(n)) if n.as_f64().is_some_and(|f| f.fract() == 0.0 && f.abs() < 1e15) => {
            format!("`{}`", n.as_f64().unwrap_or_default() as i64)
        }
        Some(Value::String(s)) => format!("`{}`", s.replace('`', "'")),
        Some(other) => format!("`{other}`"),
    }
}

/// The pull-request comment: a reader knows in ten seconds what the branch does.
pub fn markdown(changes: &Changes, head: &Repo, base_ref: &str) -> Result<String, minijinja::Error> {
    let name = |id: &str| comment_text(&head.person(id).map_or_else(|| id.to_string(), |p| p.name.clone()));
    let people: Vec<PersonView> = changes
        .shifts
        .iter()
        .map(|p| PersonView {
            person: p.person.clone(),
            name: name(&p.person),
            gained: shifts_text(&p.gained),
            lost: shifts_text(&p.lost),
        })
        .collect();
    let changed: Vec<(String, Vec<String>)> = changes
        .alarms_changed
        .iter()
        .map(|c| {
            (
                c.id.clone(),
                c.fields
                    .iter()
                    .map(|f| format!("{} {} -> {}", f.field, value_text(&f.before), value_text(&f.after)))
                    .collect(),
            )
        })
        .collect();
    let mut env = minijinja::Environment::new();
    env.add_template("diff.md", TEMPLATE)?;
    #[derive(Serialize)]
    struct View<'a> {
        base: &'a str,
        empty: bool,
        moved: usize,
        people: Vec<PersonView>,
        added: &'a [String],
        removed: &'a [String],
        changed: Vec<(String, Vec<String>)>,
        playbooks_added: &'a [String],
        playbooks_removed: &'a [String],
        playbooks_changed: &'a [String],
        people_added: Vec<String>,
        people_removed: &'a [String],
    }
    let view = View {
        base: base_ref,
        empty: changes.is_empty(),
        moved: changes.moved_shifts(),
        people,
        added: &changes.alarms_added,
        removed: &changes.alarms_removed,
        changed,
        playbooks_added: &changes.playbooks_added,
        playbooks_removed: &changes.playbooks_removed,
        playbooks_changed: &changes.playbooks_changed,
        people_added: changes
            .people_added
            .iter()
            .map(|p| {
                let shifts = changes.shifts.iter().find(|s| &s.person == p).map_or(0, |s| s.gained.len());
                format!("{} (`{p}`), {shifts} shift(s) in this schedule", name(p))
            })
            .collect(),
        people_removed: &changes.people_removed,
    };
    let mut text = env.get_template("diff.md")?.render(minijinja::value::Serde(&view))?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}
