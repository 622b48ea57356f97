//! The typed repository. Raw documents from [`crate::load`] are validated once against the
//! JSON Schemas generated from these types and deserialised into a [`Repo`] that later
//! stages trust. A file that fails its schema is left out, and the [`Repo`] remembers it so
//! that cross-file checks do not report its contents as missing.

pub mod alarms;
pub mod playbook;
pub mod roster;

use crate::diag::{At, Code, Diagnostic, Location, Part, Sink};
use crate::load::{FileId, Loaded, positions::push_token};
use jsonschema::error::ValidationErrorKind;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::OnceLock;

pub use alarms::{Alarm, AlarmsFile, LogMetricFilter, MetricQuery, MetricStat};
pub use playbook::{FrontMatter, Section};
pub use roster::{Override, Person, PitchCycle, Policy, Rotation, Team, TimeOff};

/// The kinds of file in a configuration repository, one JSON Schema each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Team,
    Policy,
    TimeOff,
    Overrides,
    PitchCycles,
    Alarms,
    Playbook,
}

impl Kind {
    pub const ALL: [Kind; 7] =
        [Kind::Team, Kind::Policy, Kind::TimeOff, Kind::Overrides, Kind::PitchCycles, Kind::Alarms, Kind::Playbook];

    /// The schema's name: `schemas/<name>.schema.json`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Team => "team",
            Kind::Policy => "policy",
            Kind::TimeOff => "time-off",
            Kind::Overrides => "overrides",
            Kind::PitchCycles => "pitch-cycles",
            Kind::Alarms => "alarms",
            Kind::Playbook => "playbook",
        }
    }

    /// The JSON Schema (draft 7, which editors' YAML language servers support) of this kind.
    pub fn schema(self) -> Value {
        let generator = schemars::generate::SchemaSettings::draft07().into_generator();
        let mut schema = match self {
            Kind::Team => generator.into_root_schema_for::<Team>(),
            Kind::Policy => generator.into_root_schema_for::<Policy>(),
            Kind::TimeOff => generator.into_root_schema_for::<Vec<TimeOff>>(),
            Kind::Overrides => generator.into_root_schema_for::<Vec<Override>>(),
            Kind::PitchCycles => generator.into_root_schema_for::<Vec<PitchCycle>>(),
            Kind::Alarms => generator.into_root_schema_for::<AlarmsFile>(),
            Kind::Playbook => generator.into_root_schema_for::<FrontMatter>(),
        };
        let title = match self {
            Kind::Team => "oncall-as-code roster/team.yaml",
            Kind::Policy => "oncall-as-code roster/policy.yaml",
            Kind::TimeOff => "oncall-as-code roster/time-off.yaml",
            Kind::Overrides => "oncall-as-code roster/overrides.yaml",
            Kind::PitchCycles => "oncall-as-code roster/pitch-cycles.yaml",
            Kind::Alarms => "oncall-as-code alarms/*.yaml",
            Kind::Playbook => "oncall-as-code playbook front matter",
        };
        schema.insert("title".into(), title.into());
        let mut value = schema.to_value();
        without_null(&mut value);
        value
    }
}

/// An optional key is absent, never `null`: drops the `null` alternatives schemars adds for
/// `Option` fields, so that an error inside an optional object points at its key instead of
/// failing an `anyOf` as a whole.
fn without_null(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".into(), only);
                }
            }
            let single = match map.get("anyOf") {
                Some(Value::Array(options)) if options.len() == 2 => {
                    let is_null = |o: &Value| o.get("type").is_some_and(|t| t == "null");
                    options.iter().find(|o| !is_null(o)).cloned().filter(|_| options.iter().any(is_null))
                }
                _ => None,
            };
            if let Some(Value::Object(inner)) = single {
                map.remove("anyOf");
                for (k, v) in inner {
                    map.entry(k).or_insert(v);
                }
            }
            for child in map.values_mut() {
                without_null(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(without_null),
        _ => {}
    }
}

/// Compiled schema validators, built once per kind on first use.
#[derive(Default)]
pub struct Schemas {
    validators: [OnceLock<jsonschema::Validator>; 7],
}

impl Schemas {
    fn validator(&self, kind: Kind) -> &jsonschema::Validator {
        let slot = &self.validators[Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0)];
        slot.get_or_init(|| {
            jsonschema::options()
                .should_validate_formats(true)
                .build(&kind.schema())
                .expect("the generated schemas are valid JSON Schemas")
        })
    }
}

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

/// Validates every document against its schema and builds the [`Repo`].
pub fn build(loaded: &Loaded, schemas: &Schemas, sink: &mut Sink) -> Repo {
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
    for document in &loaded.documents {
        let file = document.file;
        let mut errors = validate(schemas, document.kind, file, &document.value, loaded.sources.get(file), sink);
        control_characters(file, &document.value, "", "", &mut errors, sink);
        let Some(pruned) = prune(document.kind, &document.value, &errors) else {
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
            Kind::Team => repo.team = typed(file, value, kept, sink),
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
                let (sections, text) = match &document.body {
                    Some((range, line)) => {
                        (playbook::sections(&source.text[range.clone()], *line), source.text[range.clone()].to_string())
                    }
                    None => (Vec::new(), String::new()),
                };
                let file_name = source.path.strip_prefix("playbooks/").unwrap_or(&source.path).to_string();
                repo.playbooks.push(Located::new(
                    file,
                    Playbook { front: front.value, stem: stem(&source.path), file_name, sections, text },
                ));
            }
        }
    }
    repo
}

/// Keys whose values may span several lines.
const MULTI_LINE: [&str; 4] = ["description", "purpose", "reason", "expression"];

/// Reports control characters, bidirectional overrides, and line breaks in one-line values;
/// the node counts as failing its schema (it is left out like a schema error).
fn control_characters(
    file: FileId,
    value: &Value,
    pointer: &str,
    key: &str,
    errors: &mut Vec<String>,
    sink: &mut Sink,
) {
    match value {
        Value::String(text) => {
            let bad = text.chars().find(|c| {
                (c.is_control() && *c != '\n' && *c != '\t')
                    || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
                    || (*c == '\n' && !MULTI_LINE.contains(&key))
            });
            if let Some(c) = bad {
                let what = if c == '\n' {
                    "a line break".to_string()
                } else {
                    format!("the character U+{:04X}", u32::from(c))
                };
                sink.push(
                    Diagnostic::new(
                        Code::ControlCharacter,
                        Location::value(file, pointer),
                        format!("`{}` contains {what}", describe(pointer)),
                    )
                    .with_help("remove it; write plain text on one line"),
                );
                errors.push(pointer.to_string());
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                control_characters(file, item, &format!("{pointer}/{i}"), key, errors, sink);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                control_characters(file, v, &push_token(pointer, k), k, errors, sink);
            }
        }
        _ => {}
    }
}

/// The lists of a kind whose items are independent: an item that fails its schema is
/// reported and left out, and the rest of the file is still checked.
fn item_lists(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Team => &["/people"],
        Kind::TimeOff | Kind::Overrides | Kind::PitchCycles => &[""],
        Kind::Alarms => &["/alarms", "/log_metric_filters"],
        Kind::Policy | Kind::Playbook => &[],
    }
}

/// Kept items per list: `(list, original indices)`.
type Kept = Vec<(&'static str, Vec<usize>)>;

/// The document without the items that failed their schema, and the indices kept; `None`
/// when an error lies outside every item (the whole file is then left out).
fn prune<'v>(kind: Kind, value: &'v Value, errors: &[String]) -> Option<(std::borrow::Cow<'v, Value>, Kept)> {
    if errors.is_empty() {
        return Some((std::borrow::Cow::Borrowed(value), Vec::new()));
    }
    let lists = item_lists(kind);
    let mut broken: Vec<(&'static str, usize)> = Vec::new();
    for pointer in errors {
        let item = lists.iter().find_map(|list| {
            let rest = pointer.strip_prefix(list)?.strip_prefix('/')?;
            let index = rest.split('/').next()?.parse::<usize>().ok()?;
            Some((*list, index))
        });
        broken.push(item?);
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
        .filter(|(i, _)| !kept.contains(i))
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
            sink.push(Diagnostic::new(
                Code::SchemaViolation,
                Location::value(file, pointer),
                format!("{what}: {}", error.inner()),
            ));
            None
        }
    }
}

/// A schema error, owned and ready to report.
enum SchemaError {
    Unknown { pointer: String, key: String, allowed: Vec<String> },
    Required { pointer: String, key: String },
    Other(Diagnostic),
}

/// The JSON type of a value, as people say it.
fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing (null)",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a decimal number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// Reports every schema error of a document; returns the pointers of the failing nodes.
fn validate(
    schemas: &Schemas,
    kind: Kind,
    file: FileId,
    value: &Value,
    source: &crate::load::SourceFile,
    sink: &mut Sink,
) -> Vec<String> {
    let validator = schemas.validator(kind);
    let mut errors = Vec::new();
    for error in validator.iter_errors(value) {
        let pointer = error.instance_path().as_str().to_string();
        let what = if pointer.is_empty() { "the file".to_string() } else { format!("`{}`", describe(&pointer)) };
        let at = Location::value(file, pointer.clone());
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let allowed = allowed_keys(&kind.schema(), error.schema_path().as_str());
                for key in unexpected {
                    errors.push(SchemaError::Unknown {
                        pointer: pointer.clone(),
                        key: key.clone(),
                        allowed: allowed.clone(),
                    });
                }
            }
            ValidationErrorKind::Required { property } => {
                let key = property.as_str().unwrap_or_default().to_string();
                errors.push(SchemaError::Required { pointer, key });
            }
            ValidationErrorKind::Enum { options } => {
                let allowed: Vec<String> = options
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|o| o.as_str().map_or_else(|| o.to_string(), str::to_string))
                    .collect();
                let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
                let found = error.instance();
                let mut diagnostic =
                    Diagnostic::new(Code::SchemaViolation, at, format!("{what}: {found} is not an allowed value"));
                diagnostic = match found.as_str().and_then(|f| crate::diag::closest(f, &allowed)) {
                    Some(close) => diagnostic.with_help(format!("did you mean `{close}`?")),
                    None => diagnostic.with_help(format!("use one of {}", crate::check::list(&allowed))),
                };
                errors.push(SchemaError::Other(diagnostic));
            }
            ValidationErrorKind::Format { format } if format == "date" => {
                errors.push(SchemaError::Other(
                    Diagnostic::new(Code::SchemaViolation, at, format!("{what}: {} is not a date", error.instance()))
                        .with_help("write dates as YYYY-MM-DD, e.g. 2026-12-01"),
                ));
            }
            ValidationErrorKind::Type { .. } => {
                let found = error.instance();
                let expected = error.to_string();
                let expected = expected
                    .rsplit_once(" is not of type")
                    .map_or("", |(_, t)| t)
                    .trim()
                    .trim_start_matches('s')
                    .trim();
                let expected: Vec<&str> = expected
                    .split(|c: char| !c.is_ascii_alphabetic())
                    .filter_map(|t| match t {
                        "string" => Some("a string"),
                        "number" => Some("a number"),
                        "integer" => Some("an integer"),
                        "boolean" => Some("true or false"),
                        "array" => Some("a list"),
                        "object" => Some("a mapping"),
                        _ => None,
                    })
                    .collect();
                let non_finite =
                    matches!(found.as_ref(), Value::String(s) if [".nan", ".inf", "-.inf"].contains(&s.as_str()));
                let mut diagnostic = if non_finite {
                    Diagnostic::new(
                        Code::SchemaViolation,
                        at,
                        format!("{what}: {} is not a finite number", found.as_str().unwrap_or_default()),
                    )
                    .with_help("write a finite number")
                } else {
                    Diagnostic::new(
                        Code::SchemaViolation,
                        at,
                        format!("{what}: expected {}, found {}", expected.join(" or "), type_name(found.as_ref())),
                    )
                };
                if expected.contains(&"a list") && found.is_null() {
                    diagnostic = diagnostic.with_help("write `[]` for an empty list");
                }
                if expected.contains(&"a string") && matches!(found.as_ref(), Value::Number(_) | Value::Bool(_)) {
                    // As written (0x1F, 1.50, 1e3), not as YAML reads it (31, 1.5, 1000.0).
                    let range = source.resolve(&At::Pointer(pointer.clone(), Part::Value)).range;
                    let written = source
                        .text
                        .get(range)
                        .map(str::trim)
                        .filter(|w| !w.is_empty() && !w.contains(['"', '\n', '#']));
                    diagnostic = diagnostic.with_help(format!(
                        "quote the value: \"{}\"",
                        written.map_or_else(|| found.to_string(), str::to_string)
                    ));
                }
                errors.push(SchemaError::Other(diagnostic));
            }
            _ => {
                let mut message = error.to_string();
                if message.chars().count() > 160 {
                    message = format!(
                        "{} does not match the schema (`{}`)",
                        type_name(error.instance().as_ref()),
                        error.kind().keyword()
                    );
                }
                errors.push(SchemaError::Other(Diagnostic::new(
                    Code::SchemaViolation,
                    at,
                    format!("{what}: {message}"),
                )));
            }
        }
    }
    let mut failed = Vec::new();
    for error in &errors {
        match error {
            SchemaError::Unknown { pointer, key, allowed } => {
                failed.push(pointer.clone());
                let at = Location::key(file, push_token(pointer, key));
                let diagnostic = if key == "<<" {
                    Diagnostic::new(Code::UnknownKey, at, "YAML merge keys (`<<`) are not supported")
                        .with_help("write the keys out")
                } else {
                    let diagnostic = Diagnostic::new(Code::UnknownKey, at, format!("unknown key `{key}`"));
                    match crate::diag::closest(key, allowed) {
                        Some(name) => diagnostic.with_help(format!("did you mean `{name}`?")),
                        None if !allowed.is_empty() => {
                            diagnostic.with_help(format!("allowed keys here: {}", allowed.join(", ")))
                        }
                        None => diagnostic,
                    }
                };
                sink.push(diagnostic);
            }
            SchemaError::Required { pointer, key } => {
                failed.push(pointer.clone());
                // A misspelt required key is reported once, as the unknown key; the missing
                // keys of one mapping are reported together, where the first one is.
                let misspelt = |key: &str| {
                    errors.iter().any(|e| {
                        matches!(e, SchemaError::Unknown { pointer: p, key: unknown, allowed }
                            if p == pointer && crate::diag::closest(unknown, allowed) == Some(key))
                    })
                };
                let missing: Vec<&str> = errors
                    .iter()
                    .filter_map(|e| match e {
                        SchemaError::Required { pointer: p, key } if p == pointer && !misspelt(key) => {
                            Some(key.as_str())
                        }
                        _ => None,
                    })
                    .collect();
                if missing.first() == Some(&key.as_str()) {
                    let what =
                        if pointer.is_empty() { "the file".to_string() } else { format!("`{}`", describe(pointer)) };
                    let (noun, help) = match missing.as_slice() {
                        [one] => (format!("the required key `{one}`"), format!("add `{one}:`")),
                        many => (
                            format!("the required keys {}", crate::check::list(many)),
                            format!("add {}", crate::check::list(many)),
                        ),
                    };
                    sink.push(
                        Diagnostic::new(
                            Code::SchemaViolation,
                            Location::key(file, pointer.clone()),
                            format!("{what} is missing {noun}"),
                        )
                        .with_help(help),
                    );
                }
            }
            SchemaError::Other(diagnostic) => {
                if let crate::diag::At::Pointer(p, _) = &diagnostic.primary.at {
                    failed.push(p.clone());
                }
                sink.push(diagnostic.clone());
            }
        }
    }
    failed
}

/// `/alarms/3/period` -> `alarms[3].period`, the way people read it.
pub fn describe(pointer: &str) -> String {
    let mut out = String::new();
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        if token.chars().all(|c| c.is_ascii_digit()) && !token.is_empty() {
            out.push_str(&format!("[{token}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&token);
        }
    }
    out
}

/// The property names the schema allows at the object whose `additionalProperties` failed.
fn allowed_keys(schema: &Value, schema_path: &str) -> Vec<String> {
    let object_path = schema_path.strip_suffix("/additionalProperties").unwrap_or(schema_path);
    schema
        .pointer(object_path)
        .and_then(|o| o.get("properties"))
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_read_as_paths() {
        assert_eq!(describe("/alarms/3/metric/dimensions/a~1b"), "alarms[3].metric.dimensions.a/b");
        assert_eq!(describe("/0/person"), "[0].person");
    }
}
