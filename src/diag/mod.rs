//! Diagnostics as values: a code, a severity, a message, where it points and what helps.
//!
//! Checks build [`Diagnostic`]s with [`Location`]s that name a file and a JSON pointer into
//! it; positions (line, column, byte span) are only resolved when an emitter renders them
//! (see [`crate::load::Sources`]). This module knows nothing of individual checks.

pub mod codes;
pub mod emit;

pub use codes::{Code, Family};

use crate::load::FileId;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Which part of a YAML node a location points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The key of a mapping entry (falls back to the value when the node has no key).
    Key,
    /// The value.
    Value,
}

/// Where in a file a finding points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum At {
    /// A node of the file's YAML, by JSON pointer (`/alarms/3/period`).
    Pointer(String, Part),
    /// A known 1-based line and column, with a length in characters.
    Position { line: usize, column: usize, len: usize },
    /// The whole file (rendered as line 1, column 1).
    File,
}

/// A file and a place in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: FileId,
    pub at: At,
}

impl Location {
    pub fn key(file: FileId, pointer: impl Into<String>) -> Location {
        Location { file, at: At::Pointer(pointer.into(), Part::Key) }
    }

    pub fn value(file: FileId, pointer: impl Into<String>) -> Location {
        Location { file, at: At::Pointer(pointer.into(), Part::Value) }
    }

    pub fn file(file: FileId) -> Location {
        Location { file, at: At::File }
    }

    pub fn position(file: FileId, line: usize, column: usize, len: usize) -> Location {
        Location { file, at: At::Position { line, column, len } }
    }
}

/// A secondary place that explains the finding, possibly in another file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Label {
    /// A place in a file the tool read.
    At(Location, String),
    /// A path that does not exist (e.g. the playbook an alarm expects), relative to the root.
    Path(String, String),
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub primary: Location,
    /// What the primary underline says, if more than the message.
    pub primary_label: Option<String>,
    pub labels: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(code: Code, primary: Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.default_severity(),
            message: message.into(),
            primary,
            primary_label: None,
            labels: Vec::new(),
            help: None,
        }
    }

    pub fn with_label(mut self, at: Location, text: impl Into<String>) -> Diagnostic {
        self.labels.push(Label::At(at, text.into()));
        self
    }

    pub fn with_path_label(mut self, path: impl Into<String>, text: impl Into<String>) -> Diagnostic {
        self.labels.push(Label::Path(path.into(), text.into()));
        self
    }

    pub fn with_primary_label(mut self, text: impl Into<String>) -> Diagnostic {
        self.primary_label = Some(text.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

/// Collects findings from every check.
#[derive(Debug, Default)]
pub struct Sink {
    diagnostics: Vec<Diagnostic>,
}

impl Sink {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    pub fn len(&self) -> usize {
        self.diagnostics.len()
    }

    pub fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
    }
}

/// Counts for the summary line and the JSON summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub files: usize,
}

/// The candidate closest to a misspelt `word`, if any is close enough to be a typo of it.
pub fn closest<'a, S: AsRef<str>>(word: &str, candidates: &'a [S]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::osa_distance(word, c.as_ref()), c.as_ref()))
        .filter(|(d, c)| *d <= if c.len() < 4 { 1 } else { 2.max(c.len() / 3) })
        .min_by_key(|(d, c)| (*d, c.len().abs_diff(word.len())))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_candidates() {
        let allowed = ["evaluation_periods", "period"];
        assert_eq!(closest("evaluation_period", &allowed), Some("evaluation_periods"));
        assert_eq!(closest("zzz", &allowed), None);
        assert_eq!(closest("timeoff.yaml", &["team.yaml", "time-off.yaml"]), Some("time-off.yaml"));
        assert_eq!(closest("=>", &[">", ">=", "<"]), Some(">="));
        assert_eq!(closest("alicia", &["alice", "bob"]), Some("alice"));
    }
}
