//! `schemas/*.schema.json`: the committed JSON Schemas, generated from the model's types.

use crate::model::Kind;
use std::path::{Path, PathBuf};

/// The file name of a kind's schema.
pub fn file_name(kind: Kind) -> String {
    format!("{}.schema.json", kind.name())
}

/// Every schema file and its contents, as `oncall schema` writes them.
pub fn render_all() -> Vec<(String, String)> {
    Kind::ALL
        .iter()
        .map(|kind| {
            let mut text = serde_json::to_string_pretty(&kind.schema()).expect("schemas serialise");
            text.push('\n');
            (file_name(*kind), text)
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
