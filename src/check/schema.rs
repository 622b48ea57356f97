//! Schema findings: every error the JSON Schema validator reports for a document, turned
//! into a diagnostic at the offending key or value (an unknown key is underlined alone, with
//! the closest allowed key as help), and control characters in values. Returns, per
//! document, the pointers of the failing nodes, which [`crate::model::build`] leaves out.

use crate::diag::{Code, Diagnostic, Location, Part, Pointer, Sink, closest, describe, list};
use crate::layout::Kind;
use crate::load::Loaded;
use crate::schema::Schemas;
use crate::source::{At, FileId, SourceFile, positions::push_token};
use jsonschema::error::ValidationErrorKind;
use serde_json::Value;
use std::collections::HashMap;

/// Validates every document of `loaded`; the failing pointers of each, in document order.
pub fn check(loaded: &Loaded, schemas: &Schemas, sink: &mut Sink) -> Vec<Vec<String>> {
    loaded
        .documents
        .iter()
        .map(|document| {
            let file = document.file;
            let mut errors = validate(schemas, document.kind, file, &document.value, loaded.sources.get(file), sink);
            control_characters(file, &document.value, &Pointer::root(), "", &mut errors, sink);
            errors
        })
        .collect()
}

/// Keys whose values may span several lines.
const MULTI_LINE: [&str; 4] = ["description", "purpose", "reason", "expression"];

/// Reports control characters, bidirectional overrides, and line breaks in one-line values;
/// the node counts as failing its schema (it is left out like a schema error).
fn control_characters(
    file: FileId,
    value: &Value,
    pointer: &Pointer,
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
                        Location::near(file, pointer.as_str(), Part::Value),
                        format!("`{}` contains {what}", describe(pointer.as_str())),
                    )
                    .with_help("remove it; write plain text on one line"),
                );
                errors.push(pointer.as_str().to_string());
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                control_characters(file, item, &(pointer.clone() / i), key, errors, sink);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                control_characters(file, v, &(pointer.clone() / k), k, errors, sink);
            }
        }
        _ => {}
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
    source: &SourceFile,
    sink: &mut Sink,
) -> Vec<String> {
    let validator = schemas.validator(kind);
    let mut errors = Vec::new();
    for error in validator.iter_errors(value) {
        one_error(schemas, kind, file, source, &error, &mut errors);
    }
    report(file, errors, sink)
}

/// Turns one validator error into the [`SchemaError`]s to report. A value that fails every
/// alternative of an `anyOf` (a text or a mapping) is reported by the alternative of its own
/// type, as that alternative's errors (an unknown key, a wrong value), not as a whole.
fn one_error(
    schemas: &Schemas,
    kind: Kind,
    file: FileId,
    source: &SourceFile,
    error: &jsonschema::ValidationError<'_>,
    errors: &mut Vec<SchemaError>,
) {
    {
        if let ValidationErrorKind::AnyOf { context } = error.kind() {
            let here = |e: &jsonschema::ValidationError<'_>| e.instance_path() == error.instance_path();
            let fits: Vec<_> = context
                .iter()
                .filter(|branch| {
                    !branch.iter().any(|e| here(e) && matches!(e.kind(), ValidationErrorKind::Type { .. }))
                })
                .collect();
            // A branch of constants has no type to fail: prefer one that checks the value's type.
            let only_constants = |branch: &[jsonschema::ValidationError<'_>]| {
                branch.iter().all(|e| {
                    here(e)
                        && matches!(e.kind(), ValidationErrorKind::Constant { .. } | ValidationErrorKind::Enum { .. })
                })
            };
            let own_type = fits.iter().find(|b| !only_constants(b)).or(fits.first());
            if let Some(branch) = own_type {
                for inner in branch.iter() {
                    one_error(schemas, kind, file, source, inner, errors);
                }
                return;
            }
            // Of no alternative's type: say which types are allowed.
            let expected: Vec<&str> = context
                .iter()
                .flat_map(|branch| branch.iter().filter(|e| e.instance_path() == error.instance_path()))
                .filter(|e| matches!(e.kind(), ValidationErrorKind::Type { .. }))
                .flat_map(expected_types)
                .collect();
            if !expected.is_empty() {
                let pointer = error.instance_path().as_str().to_string();
                let what =
                    if pointer.is_empty() { "the file".to_string() } else { format!("`{}`", describe(&pointer)) };
                errors.push(SchemaError::Other(Diagnostic::new(
                    Code::SchemaViolation,
                    Location::near(file, pointer, Part::Value),
                    format!(
                        "{what}: expected {}, found {}",
                        expected.join(" or "),
                        type_name(error.instance().as_ref())
                    ),
                )));
                return;
            }
        }
        let pointer = error.instance_path().as_str().to_string();
        let what = if pointer.is_empty() { "the file".to_string() } else { format!("`{}`", describe(&pointer)) };
        let at = Location::near(file, pointer.clone(), Part::Value);
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let allowed = allowed_keys(schemas.schema(kind), error.schema_path().as_str());
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
                let allowed: Vec<Value> = options.as_array().into_iter().flatten().cloned().collect();
                errors.push(SchemaError::Other(not_allowed(at, &what, error.instance(), &allowed)));
            }
            // An enum whose values are documented one by one: a `oneOf` of constants.
            ValidationErrorKind::OneOfNotValid { context }
                if !context.is_empty()
                    && context.iter().all(|branch| {
                        branch.iter().any(|e| matches!(e.kind(), ValidationErrorKind::Constant { .. }))
                            && branch.iter().all(|e| {
                                matches!(
                                    e.kind(),
                                    ValidationErrorKind::Constant { .. } | ValidationErrorKind::Type { .. }
                                )
                            })
                    }) =>
            {
                // Each branch: the constant it wants (and, for a value of another type, a
                // type error beside it).
                let allowed: Vec<Value> = context
                    .iter()
                    .filter_map(|branch| {
                        branch.iter().find_map(|e| match e.kind() {
                            ValidationErrorKind::Constant { expected_value } => Some(expected_value.as_ref().clone()),
                            _ => None,
                        })
                    })
                    .collect();
                errors.push(SchemaError::Other(not_allowed(at, &what, error.instance(), &allowed)));
            }
            ValidationErrorKind::Format { format } if format == "date" => {
                errors.push(SchemaError::Other(
                    Diagnostic::new(Code::SchemaViolation, at, format!("{what}: {} is not a date", error.instance()))
                        .with_help("write dates as YYYY-MM-DD, e.g. 2026-12-01"),
                ));
            }
            ValidationErrorKind::Type { .. } => {
                let found = error.instance();
                let expected = expected_types(error);
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
                    let range = source.resolve(&At::Near(pointer.clone(), Part::Value)).range;
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
            ValidationErrorKind::Pattern { pattern } => {
                let found = error.instance();
                let text = found.as_str().unwrap_or_default();
                let (rule, help) = match pattern.as_str() {
                    r"^[a-z][a-z0-9-]*$" => {
                        let fixed = id_like(text);
                        (
                            "an id is lowercase letters, digits and hyphens, starting with a letter".to_string(),
                            match fixed {
                                // An alarm's CloudWatch name goes in `name`, beside the id.
                                Some(fixed)
                                    if (pointer.starts_with("/alarms/")
                                        || pointer.starts_with("/composite_alarms/"))
                                        && pointer.ends_with("/id") =>
                                {
                                    format!("write `{fixed}`, and keep the CloudWatch name as `name: {text}`")
                                }
                                Some(fixed) => format!("write `{fixed}`"),
                                None => "write an id such as `api-5xx` or `alice`".to_string(),
                            },
                        )
                    }
                    r"^[^:]" => (
                        "a CloudWatch namespace cannot start with `:`".to_string(),
                        "write the namespace without the leading colon, e.g. `Custom/Database`".to_string(),
                    ),
                    r"^(([0-9]*)|(\$.*))$" => (
                        "the value is a whole number or a `$.field` of JSON log events".to_string(),
                        "write e.g. \"1\" or \"$.duration\"".to_string(),
                    ),
                    other => (format!("it must match the pattern `{other}`"), String::new()),
                };
                let mut diagnostic =
                    Diagnostic::new(Code::SchemaViolation, at, format!("{what}: {found} is not valid: {rule}"));
                if !help.is_empty() {
                    diagnostic = diagnostic.with_help(help);
                }
                errors.push(SchemaError::Other(diagnostic));
            }
            ValidationErrorKind::UniqueItems => {
                errors.push(SchemaError::Other(
                    Diagnostic::new(Code::SchemaViolation, at, format!("{what}: an entry is listed twice"))
                        .with_help("keep each entry once"),
                ));
            }
            ValidationErrorKind::MinItems { limit } => {
                errors.push(SchemaError::Other(
                    Diagnostic::new(
                        Code::SchemaViolation,
                        at,
                        format!(
                            "{what}: an empty list, where at least {limit} entr{} needed",
                            if *limit == 1 { "y is" } else { "ies are" }
                        ),
                    )
                    .with_help("list the entries, or leave the key out for its default"),
                ));
            }
            ValidationErrorKind::MaxLength { limit } | ValidationErrorKind::MinLength { limit } => {
                let found = error.instance();
                let length = found.as_str().map_or(0, |s| s.chars().count());
                let (bound, fix) = if matches!(error.kind(), ValidationErrorKind::MaxLength { .. }) {
                    ("at most", "shorten it")
                } else {
                    ("at least", "write a longer value")
                };
                errors.push(SchemaError::Other(
                    Diagnostic::new(
                        Code::SchemaViolation,
                        at,
                        format!(
                            "{what}: {length} character{}, where {bound} {limit} are allowed",
                            if length == 1 { "" } else { "s" }
                        ),
                    )
                    .with_help(fix),
                ));
            }
            ValidationErrorKind::Minimum { limit } | ValidationErrorKind::Maximum { limit } => {
                let bound =
                    if matches!(error.kind(), ValidationErrorKind::Minimum { .. }) { "at least" } else { "at most" };
                errors.push(SchemaError::Other(
                    Diagnostic::new(Code::SchemaViolation, at, format!("{what}: {error}"))
                        .with_help(format!("write a number of {bound} {limit}")),
                ));
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
}

/// The types a type error expected, as people say them ("a string", "a mapping").
fn expected_types(error: &jsonschema::ValidationError<'_>) -> Vec<&'static str> {
    let message = error.to_string();
    let expected = message.rsplit_once(" is not of type").map_or("", |(_, t)| t).trim().trim_start_matches('s').trim();
    expected
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
        .collect()
}

/// "`x`: "fixd" is not an allowed value", with the closest allowed value or the list of them.
fn not_allowed(at: Location, what: &str, found: &Value, allowed: &[Value]) -> Diagnostic {
    let allowed: Vec<String> =
        allowed.iter().map(|o| o.as_str().map_or_else(|| o.to_string(), str::to_string)).collect();
    let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
    let diagnostic = Diagnostic::new(Code::SchemaViolation, at, format!("{what}: {found} is not an allowed value"));
    match found.as_str().and_then(|f| closest(f, &allowed)) {
        Some(close) => diagnostic.with_help(format!("did you mean `{close}`?")),
        None => diagnostic.with_help(format!("use one of {}", list(&allowed))),
    }
}

/// Reports the errors of a document; returns the pointers of the failing nodes.
fn report(file: FileId, errors: Vec<SchemaError>, sink: &mut Sink) -> Vec<String> {
    // Per failing mapping: the keys its unknown keys are typos of, and its missing keys (a
    // misspelt required key is reported once, as the unknown key; the missing keys of one
    // mapping together, where the first one is).
    let mut typos: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut missing: HashMap<&str, Vec<&str>> = HashMap::new();
    let suggestions: Vec<Option<&str>> = errors
        .iter()
        .map(|error| match error {
            SchemaError::Unknown { pointer, key, allowed } => {
                let close = closest(key, allowed);
                if let Some(close) = close {
                    typos.entry(pointer.as_str()).or_default().push(close);
                }
                close
            }
            SchemaError::Required { pointer, key } => {
                missing.entry(pointer.as_str()).or_default().push(key.as_str());
                None
            }
            SchemaError::Other(_) => None,
        })
        .collect();
    let mut failed = Vec::new();
    for (error, suggestion) in errors.iter().zip(&suggestions) {
        match error {
            SchemaError::Unknown { pointer, key, allowed } => {
                failed.push(pointer.clone());
                let at = Location::near(file, push_token(pointer, key), Part::Key);
                let diagnostic = if key == "<<" {
                    Diagnostic::new(Code::UnknownKey, at, "YAML merge keys (`<<`) are not supported")
                        .with_help("write the keys out")
                } else {
                    let diagnostic = Diagnostic::new(Code::UnknownKey, at, format!("unknown key `{key}`"));
                    match suggestion {
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
                let Some(keys) = missing.remove(pointer.as_str()) else { continue };
                debug_assert_eq!(keys.first(), Some(&key.as_str()));
                let misspelt = typos.get(pointer.as_str());
                let keys: Vec<&str> =
                    keys.into_iter().filter(|k| !misspelt.is_some_and(|typos| typos.contains(k))).collect();
                if keys.is_empty() {
                    continue;
                }
                let what = if pointer.is_empty() { "the file".to_string() } else { format!("`{}`", describe(pointer)) };
                let (noun, help) = match keys.as_slice() {
                    [one] => (format!("the required key `{one}`"), format!("add `{one}:`")),
                    many => (format!("the required keys {}", list(many)), format!("add {}", list(many))),
                };
                sink.push(
                    Diagnostic::new(
                        Code::SchemaViolation,
                        Location::near(file, pointer.clone(), Part::Key),
                        format!("{what} is missing {noun}"),
                    )
                    .with_help(help),
                );
            }
            SchemaError::Other(diagnostic) => {
                if let At::Near(p, _) = &diagnostic.primary.at {
                    failed.push(p.clone());
                }
                sink.push(diagnostic.clone());
            }
        }
    }
    failed
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

/// `Prod API.5xx` as an id: `prod-api-5xx`; `None` when nothing of it is left.
fn id_like(text: &str) -> Option<String> {
    let mut out = String::new();
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').trim_start_matches(|c: char| c.is_ascii_digit() || c == '-').to_string();
    (!out.is_empty()).then_some(out)
}
