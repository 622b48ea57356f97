//! The JSON Schemas of the file kinds: generated from the [`crate::config`] types through
//! the [`crate::layout`] table, compiled once per process ([`Schemas`]), and written to the
//! committed `schemas/*.schema.json` (`oncall schema`).

use crate::layout::{Kind, TABLE};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The JSON Schema (draft 7, which editors' YAML language servers support) of a kind.
pub fn of(kind: Kind) -> Value {
    let row = kind.row();
    let mut schema = (row.schema)(schemars::generate::SchemaSettings::draft07().into_generator());
    schema.insert("title".into(), row.title.into());
    let mut value = schema.to_value();
    without_null(&mut value);
    value
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

/// Each kind's schema and its compiled validator, built once on first use and kept (an
/// unknown-key finding looks up the allowed keys in the kept schema).
#[derive(Default)]
pub struct Schemas {
    compiled: [OnceLock<(Value, jsonschema::Validator)>; TABLE.len()],
}

impl Schemas {
    fn compiled(&self, kind: Kind) -> &(Value, jsonschema::Validator) {
        self.compiled[kind as usize].get_or_init(|| {
            let schema = of(kind);
            let validator = jsonschema::options()
                .should_validate_formats(true)
                .build(&schema)
                .expect("the generated schemas are valid JSON Schemas");
            (schema, validator)
        })
    }

    /// The schema of a kind, as a JSON value.
    pub fn schema(&self, kind: Kind) -> &Value {
        &self.compiled(kind).0
    }

    /// The compiled validator of a kind.
    pub fn validator(&self, kind: Kind) -> &jsonschema::Validator {
        &self.compiled(kind).1
    }
}

/// The file name of a kind's schema.
pub fn file_name(kind: Kind) -> String {
    format!("{}.schema.json", kind.name())
}

/// Every schema file and its contents, as `oncall schema` writes them.
pub fn render_all() -> Vec<(String, String)> {
    TABLE
        .iter()
        .map(|row| {
            let mut text = serde_json::to_string_pretty(&of(row.kind)).expect("schemas serialise");
            text.push('\n');
            (file_name(row.kind), text)
        })
        .collect()
}
/// The schema files under `dir` that are missing or differ from the generated ones.
pub fn stale(dir: &Path) -> Vec<PathBuf> {
    render_all()
        .into_iter()
        .filter(|(name, text)| std::fs::read_to_string(dir.join(name)).ok().as_deref() != Some(text.as_str()))
        .map(|(name, _)| dir.join(name))
        .collect()
}

/// Writes every schema under `dir`, each through a temporary file and a rename.
pub fn write_all(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for (name, text) in render_all() {
        let path = dir.join(&name);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
            continue;
        }
        let mut temp = tempfile::NamedTempFile::new_in(dir)?;
        std::io::Write::write_all(&mut temp, text.as_bytes())?;
        temp.persist(&path).map_err(|e| e.error)?;
        written.push(path);
    }
    Ok(written)
}
