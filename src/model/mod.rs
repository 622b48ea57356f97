//! The typed repository. Raw documents from [`crate::load`] are validated once against the
//! JSON Schemas generated from these types and deserialised into a [`Repo`] that later
//! stages trust. A file that fails its schema is left out, and the [`Repo`] remembers it so
//! that cross-file checks do not report its contents as missing.

pub mod valid;

use crate::diag::{Code, Diagnostic, Location, Part, Pointer, Sink, describe};
use crate::layout::Kind;
use crate::load::Loaded;
use crate::source::{FileId, positions::push_token};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::BTreeSet;

pub use valid::{ValidRepo, validate};

pub use crate::config::{
    Alarm, AlarmsFile, CompositeAlarm, FrontMatter, LogMetricFilter, MetricQuery, MetricStat, Override, Person,
    PitchCycle, Policy, Rotation, Section, Team, TimeOff,
};

/// A value and the file it came from. Items that failed their schema are left out of
/// `value`; `kept` maps the remaining items back to their index in the file.
#[derive(Clone, Debug)]
pub struct Located<T> {
    pub file: FileId,
    pub value: T,
    kept: Vec<(&'static str, Vec<usize>)>,
}

impl<T> Located<T> {
    pub fn new(file: FileId, value: T) -> Located<T> {
        Located { file, value, kept: Vec::new() }
    }

    /// The index in the file of the `index`-th kept item of the list at `list` (a JSON pointer).
    pub fn original(&self, list: &str, index: usize) -> usize {
        self.kept.iter().find(|(l, _)| *l == list).map_or(index, |(_, kept)| kept[index])
    }
}

impl<T> Located<Vec<T>> {
    /// The items of a top-level list with their index in the file.
    pub fn items(&self) -> impl Iterator<Item = (usize, &T)> {
        self.value.iter().enumerate().map(|(i, item)| (self.original("", i), item))
    }
}

impl Located<Team> {
    /// The people with their index in the file.
    pub fn people(&self) -> impl Iterator<Item = (usize, &Person)> {
        self.value.people.iter().enumerate().map(|(i, p)| (self.original("/people", i), p))
    }
}

/// A playbook: front matter and the `##` sections of its body.
#[derive(Clone, Debug)]
pub struct Playbook {
    pub front: FrontMatter,
    /// The file name without `.md`.
    pub stem: String,
    /// The file name relative to `playbooks/`, as links use it.
    pub file_name: String,
    pub sections: Vec<Section>,
    /// The Markdown after the front matter.
    pub text: String,
    /// The 1-based line of the file where `text` starts.
    pub text_line: usize,
}

/// An alarm or composite alarm, as [`Repo::notifying`] lists them.
pub struct Notifying<'a> {
    pub file: FileId,
    /// The entry's place in its file (`/alarms/3`, `/composite_alarms/0`).
    pub at: Pointer,
    /// "alarm" or "composite alarm", for messages.
    pub kind: &'static str,
    pub id: &'a str,
    /// The CloudWatch name.
    pub name: &'a str,
    pub channel: &'a str,
    pub playbook: &'a str,
    pub severity: crate::config::alarms::AlarmSeverity,
    pub actions: &'a crate::config::Actions,
}

impl Notifying<'_> {
    /// The value of `field` of this entry.
    pub fn value(&self, field: &str) -> Location {
        Location::value(self.file, self.at.clone() / field)
    }
}

/// The validated repository. `None` or a name in `broken_*` means the file failed to load.
#[derive(Debug, Default)]
pub struct Repo {
    pub team: Option<Located<Team>>,
    pub policy: Option<Located<Policy>>,
    pub time_off: Vec<Located<Vec<TimeOff>>>,
    pub overrides: Vec<Located<Vec<Override>>>,
    pub pitch_cycles: Vec<Located<Vec<PitchCycle>>>,
    pub alarm_files: Vec<Located<AlarmsFile>>,
    pub playbooks: Vec<Located<Playbook>>,
    /// Stems of playbook files that exist but failed to load.
    pub broken_playbooks: BTreeSet<String>,
    /// Some alarm failed to load (so a playbook may be used by an alarm we cannot see).
    pub broken_alarms: bool,
    /// Ids of people whose entries failed their schema: not reported as unknown elsewhere.
    pub broken_people: BTreeSet<String>,
    /// Ids of people whose entry writes `rotations: []` (an empty list, not left out).
    pub no_rotations: BTreeSet<String>,
    /// How many files were read.
    pub files: usize,
}

impl Repo {
    /// Every alarm with its file and index in that file.
    pub fn alarms(&self) -> impl Iterator<Item = (FileId, usize, &Alarm)> {
        self.alarm_files
            .iter()
            .flat_map(|f| f.value.alarms.iter().enumerate().map(move |(i, a)| (f.file, f.original("/alarms", i), a)))
    }

    /// Every composite alarm with its file and index in that file.
    pub fn composite_alarms(&self) -> impl Iterator<Item = (FileId, usize, &CompositeAlarm)> {
        self.alarm_files.iter().flat_map(|f| {
            f.value
                .composite_alarms
                .iter()
                .enumerate()
                .map(move |(i, a)| (f.file, f.original("/composite_alarms", i), a))
        })
    }

    /// Every alarm and composite alarm as what notifies someone: its id, name, channel,
    /// severity and playbook, and where it is written.
    pub fn notifying(&self) -> impl Iterator<Item = Notifying<'_>> {
        let alarms = self.alarms().map(|(file, i, a)| Notifying {
            file,
            at: Pointer::root() / "alarms" / i,
            kind: "alarm",
            id: &a.id,
            name: a.cloudwatch_name(),
            channel: &a.channel,
            playbook: &a.playbook,
            severity: a.severity,
            actions: &a.actions,
        });
        let composites = self.composite_alarms().map(|(file, i, a)| Notifying {
            file,
            at: Pointer::root() / "composite_alarms" / i,
            kind: "composite alarm",
            id: &a.id,
            name: a.cloudwatch_name(),
            channel: &a.channel,
            playbook: &a.playbook,
            severity: a.severity,
            actions: &a.actions,
        });
        alarms.chain(composites)
    }

    /// Every log metric filter with its file and index.
    pub fn log_metric_filters(&self) -> impl Iterator<Item = (FileId, usize, &LogMetricFilter)> {
        self.alarm_files.iter().flat_map(|f| {
            f.value
                .log_metric_filters
                .iter()
                .enumerate()
                .map(move |(i, a)| (f.file, f.original("/log_metric_filters", i), a))
        })
    }

    pub fn people(&self) -> &[Person] {
        self.team.as_ref().map_or(&[], |t| &t.value.people)
    }

    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people().iter().find(|p| p.id == id)
    }
}

/// Builds the [`Repo`] from the loaded documents, leaving out the nodes that failed their
/// schema (`failed`, per document, from [`crate::check::schema::check`]).
pub fn build(loaded: &Loaded, failed: &[Vec<String>], sink: &mut Sink) -> Repo {
    let mut repo = Repo { files: loaded.sources.len(), ..Repo::default() };
    for broken in &loaded.broken {
        match broken.kind {
            Kind::Playbook => {
                repo.broken_playbooks.insert(stem(&loaded.sources.get(broken.file).path));
            }
            Kind::Alarms => repo.broken_alarms = true,
            _ => {}
        }
    }
    for (document, errors) in loaded.documents.iter().zip(failed) {
        let file = document.file;
        let Some(pruned) = prune(document.kind, &document.value, errors) else {
            match document.kind {
                Kind::Playbook => {
                    repo.broken_playbooks.insert(stem(&loaded.sources.get(file).path));
                }
                Kind::Alarms => repo.broken_alarms = true,
                Kind::Team => repo.broken_people.extend(all_ids(&document.value, "/people")),
                _ => {}
            }
            continue;
        };
        let (value, kept) = pruned;
        if !errors.is_empty() {
            match document.kind {
                Kind::Alarms => repo.broken_alarms = true,
                Kind::Team => repo.broken_people.extend(broken_ids(&document.value, &kept)),
                _ => {}
            }
        }
        let value: &Value = &value;
        match document.kind {
            Kind::Team => {
                let people = value.get("people").and_then(Value::as_array).into_iter().flatten();
                let written_empty =
                    people.filter(|p| p.get("rotations").and_then(Value::as_array).is_some_and(Vec::is_empty));
                repo.no_rotations.extend(written_empty.filter_map(|p| Some(p.get("id")?.as_str()?.to_string())));
                repo.team = typed(file, value, kept, sink);
            }
            Kind::Policy => repo.policy = typed(file, value, kept, sink),
            Kind::TimeOff => repo.time_off.extend(typed(file, value, kept, sink)),
            Kind::Overrides => repo.overrides.extend(typed(file, value, kept, sink)),
            Kind::PitchCycles => repo.pitch_cycles.extend(typed(file, value, kept, sink)),
            Kind::Alarms => match typed(file, value, kept, sink) {
                Some(alarms) => repo.alarm_files.push(alarms),
                None => repo.broken_alarms = true,
            },
            Kind::Playbook => {
                let source = loaded.sources.get(file);
                let Some(front) = typed::<FrontMatter>(file, value, kept, sink) else {
                    repo.broken_playbooks.insert(stem(&source.path));
                    continue;
                };
                let (sections, text, text_line) = match &document.body {
                    Some((range, line)) => (
                        crate::config::playbook::sections(&source.text[range.clone()], *line),
                        source.text[range.clone()].to_string(),
                        *line,
                    ),
                    None => (Vec::new(), String::new(), 1),
                };
                let file_name = source.path.strip_prefix("playbooks/").unwrap_or(&source.path).to_string();
                repo.playbooks.push(Located::new(
                    file,
                    Playbook { front: front.value, stem: stem(&source.path), file_name, sections, text, text_line },
                ));
            }
        }
    }
    repo
}

/// Kept items per list: `(list, original indices)`.
type Kept = Vec<(&'static str, Vec<usize>)>;

/// The document without the items that failed their schema, and the indices kept; `None`
/// when an error lies outside every item (the whole file is then left out).
fn prune<'v>(kind: Kind, value: &'v Value, errors: &[String]) -> Option<(std::borrow::Cow<'v, Value>, Kept)> {
    if errors.is_empty() {
        return Some((std::borrow::Cow::Borrowed(value), Vec::new()));
    }
    let lists = kind.row().items;
    let mut broken: std::collections::HashSet<(&'static str, usize)> = std::collections::HashSet::new();
    for pointer in errors {
        let item = lists.iter().find_map(|list| {
            let rest = pointer.strip_prefix(list)?.strip_prefix('/')?;
            let index = rest.split('/').next()?.parse::<usize>().ok()?;
            Some((*list, index))
        });
        broken.insert(item?);
    }
    let mut pruned = value.clone();
    let mut kept = Vec::new();
    for list in lists {
        let items = if list.is_empty() { Some(&mut pruned) } else { pruned.pointer_mut(list) };
        let Some(Value::Array(items)) = items else { continue };
        let original: Vec<usize> = (0..items.len()).filter(|i| !broken.contains(&(*list, *i))).collect();
        let mut index = 0;
        items.retain(|_| {
            index += 1;
            !broken.contains(&(*list, index - 1))
        });
        kept.push((*list, original));
    }
    Some((std::borrow::Cow::Owned(pruned), kept))
}

/// The `id`s of every entry of the list at `list`.
fn all_ids(value: &Value, list: &str) -> Vec<String> {
    let items = value.pointer(list).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    items.iter().filter_map(|item| item.get("id").and_then(Value::as_str).map(str::to_string)).collect()
}

/// The `id`s of the people left out of `team.yaml` for schema errors.
fn broken_ids(value: &Value, kept: &Kept) -> Vec<String> {
    let Some((_, kept)) = kept.iter().find(|(l, _)| *l == "/people") else { return Vec::new() };
    let items = value.pointer("/people").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    items
        .iter()
        .enumerate()
        .filter(|(i, _)| kept.binary_search(i).is_err())
        .filter_map(|(_, item)| item.get("id").and_then(Value::as_str).map(str::to_string))
        .collect()
}

fn stem(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').map_or(name, |(s, _)| s).to_string()
}

fn typed<T: DeserializeOwned>(file: FileId, value: &Value, kept: Kept, sink: &mut Sink) -> Option<Located<T>> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(value) => Some(Located { file, value, kept }),
        Err(error) => {
            let pointer: String = error
                .path()
                .iter()
                .map(|segment| match segment {
                    serde_path_to_error::Segment::Seq { index } => format!("/{index}"),
                    serde_path_to_error::Segment::Map { key } => push_token("", key),
                    _ => String::new(),
                })
                .collect();
            let what = if pointer.is_empty() { "the file".to_string() } else { format!("`{}`", describe(&pointer)) };
            let inner = error.inner().to_string();
            // chrono's words for a date and time it cannot read say nothing of the format.
            let chrono = [
                "premature end of input",
                "input contains invalid characters",
                "trailing input",
                "input is out of range",
                "input is not enough for unique date and time",
            ];
            let diagnostic = if chrono.contains(&inner.as_str()) {
                let found = value.pointer(&pointer).map(|v| v.to_string()).unwrap_or_default();
                Diagnostic::new(
                    Code::SchemaViolation,
                    Location::near(file, pointer.clone(), Part::Value),
                    format!("{what}: {found} is not a date and time ({inner})"),
                )
                .with_help("write it as YYYY-MM-DDTHH:MM:SS, e.g. 2026-11-27T00:00:00 (UTC)")
            } else {
                Diagnostic::new(
                    Code::SchemaViolation,
                    Location::near(file, pointer.clone(), Part::Value),
                    format!("{what}: {inner}"),
                )
            };
            sink.push(diagnostic);
            None
        }
    }
}
