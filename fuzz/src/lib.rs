//! Helpers shared by the fuzz targets: an in-memory repository built from the fuzz input,
//! and a pass of every diagnostic emitter over a lint report.

use chrono::NaiveDate;
use oncall_as_code::diag::emit::{Format, render};
use oncall_as_code::load::{LoadError, Source};
use oncall_as_code::{LintOptions, LintReport};
use std::collections::BTreeMap;

/// Separates the files of a fuzz input. 0xFF never occurs in UTF-8, so a seed made of real
/// files has no other 0xFF bytes; a file the fuzzer makes may still hold other invalid bytes.
pub const SEPARATOR: u8 = 0xFF;

/// At most this many files per input.
pub const MAX_FILES: usize = 64;

/// The day review ages are measured against: fixed, so that runs are reproducible.
pub fn options() -> LintOptions {
    LintOptions { today: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(), deny_warnings: false }
}

/// A repository tree held in memory: path relative to the root -> bytes.
#[derive(Debug, Default, Clone)]
pub struct Mem {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Mem {
    /// Decodes a fuzz input: files separated by [`SEPARATOR`], each its path (up to the first
    /// newline) then its bytes. `roster/team.yaml\n<yaml>\xFFalarms/api.yaml\n<yaml>...`
    pub fn decode(data: &[u8]) -> Mem {
        let mut files = BTreeMap::new();
        for chunk in data.split(|b| *b == SEPARATOR).take(MAX_FILES) {
            let (path, body) = match chunk.iter().position(|b| *b == b'\n') {
                Some(nl) => (&chunk[..nl], &chunk[nl + 1..]),
                None => (chunk, &[][..]),
            };
            let path = String::from_utf8_lossy(path).into_owned();
            // A file system or a git tree holds no empty names and no NUL in names.
            if path.contains('\0') || path.split('/').any(str::is_empty) {
                continue;
            }
            files.insert(path, body.to_vec());
        }
        Mem { files }
    }

    /// The inverse of [`Mem::decode`] (for building seeds).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for (i, (path, bytes)) in self.files.iter().enumerate() {
            if i > 0 {
                out.push(SEPARATOR);
            }
            out.extend_from_slice(path.as_bytes());
            out.push(b'\n');
            out.extend_from_slice(bytes);
        }
        out
    }
}

impl Source for Mem {
    fn entries(&self, dir: &str) -> Result<Option<Vec<(String, bool)>>, LoadError> {
        let prefix = format!("{dir}/");
        let mut out: Vec<(String, bool)> = Vec::new();
        let mut found = false;
        for path in self.files.keys() {
            let Some(rest) = path.strip_prefix(&prefix) else { continue };
            found = true;
            let entry = match rest.split_once('/') {
                Some((name, _)) => (name.to_string(), true),
                None => (rest.to_string(), false),
            };
            if !out.contains(&entry) {
                out.push(entry);
            }
        }
        Ok(found.then_some(out))
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        self.files.get(path).cloned().ok_or_else(|| "No such file or directory (os error 2)".to_string())
    }
}

/// Renders the report through every emitter; the JSON and SARIF ones must be valid JSON.
pub fn render_all(report: &LintReport) {
    let summary = report.summary();
    for (format, color) in [
        (Format::Human, false),
        (Format::Human, true),
        (Format::Json, false),
        (Format::Github, false),
        (Format::Sarif, false),
    ] {
        let text = render(format, &report.sources, &report.diagnostics, summary, color);
        if matches!(format, Format::Json | Format::Sarif) {
            if let Err(e) = serde_json::from_str::<serde_json::Value>(&text) {
                panic!("{format:?} output is not JSON: {e}\n{text}");
            }
        }
    }
}

/// Lints `mem` and renders the report through every emitter.
pub fn lint(mem: &Mem) -> LintReport {
    // The schemas are compiled once per process, as in one `oncall` run.
    static SCHEMAS: std::sync::OnceLock<oncall_as_code::schema::Schemas> = std::sync::OnceLock::new();
    let report = oncall_as_code::lint_with(mem, &options(), SCHEMAS.get_or_init(Default::default))
        .expect("an in-memory repository always loads");
    render_all(&report);
    report
}
