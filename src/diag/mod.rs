//! Diagnostics as values: a code, a severity, a message, where it points and what helps.
//!
//! Checks build [`Diagnostic`]s with [`Location`]s that name a file and a JSON pointer into
//! it, built with [`Pointer`] (never by hand); positions (line, column, byte span) are only
//! resolved when an emitter renders them (see [`crate::source::Sources`]). This module
//! knows nothing of individual checks.

pub mod codes;
pub mod emit;

pub use codes::{Code, Family};

pub use crate::source::{At, Part};
use crate::source::{FileId, Resolved, Sources, positions::push_token};

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

/// A JSON pointer (RFC 6901) into a file's YAML, built a token at a time so that keys are
/// escaped (`a/b` is `a~1b`): `Pointer::root() / "alarms" / 3 / "period"` is
/// `/alarms/3/period`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Pointer(String);

impl Pointer {
    /// The whole document.
    pub fn root() -> Pointer {
        Pointer(String::new())
    }

    /// The pointer as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// This pointer followed by every token of `other`.
    pub fn join(&self, other: &Pointer) -> Pointer {
        Pointer(format!("{}{}", self.0, other.0))
    }
}

impl std::ops::Div<&str> for Pointer {
    type Output = Pointer;
    /// The member `key` of a mapping.
    fn div(self, key: &str) -> Pointer {
        Pointer(push_token(&self.0, key))
    }
}

impl std::ops::Div<&String> for Pointer {
    type Output = Pointer;
    fn div(self, key: &String) -> Pointer {
        self / key.as_str()
    }
}

impl std::ops::Div<usize> for Pointer {
    type Output = Pointer;
    /// The item `index` of a sequence.
    fn div(self, index: usize) -> Pointer {
        Pointer(format!("{}/{index}", self.0))
    }
}

impl std::fmt::Display for Pointer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A file and a place in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: FileId,
    pub at: At,
}

impl Location {
    /// The key of the node at `pointer`, which must exist.
    pub fn key(file: FileId, pointer: Pointer) -> Location {
        Location { file, at: At::Pointer(pointer.0, Part::Key) }
    }

    /// The value of the node at `pointer`, which must exist.
    pub fn value(file: FileId, pointer: Pointer) -> Location {
        Location { file, at: At::Pointer(pointer.0, Part::Value) }
    }

    /// The node at `pointer` (a path read off a parsed value, or an optional key that may be
    /// absent), or its nearest ancestor when the YAML has no such node.
    pub fn near(file: FileId, pointer: impl Into<String>, part: Part) -> Location {
        Location { file, at: At::Near(pointer.into(), part) }
    }

    /// Characters `offset..offset + len` of the string `text` written at `pointer`.
    pub fn within(file: FileId, pointer: Pointer, text: &str, offset: usize, len: usize) -> Location {
        Location { file, at: At::Within { pointer: pointer.0, text: text.to_string(), offset, len } }
    }

    pub fn file(file: FileId) -> Location {
        Location { file, at: At::File }
    }

    pub fn position(file: FileId, line: usize, column: usize, len: usize) -> Location {
        Location { file, at: At::Position { line, column, len } }
    }

    /// Line, column and byte range in the file.
    pub fn resolve(&self, sources: &Sources) -> Resolved {
        sources.resolve(self.file, &self.at)
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

    /// Whether an error has been found.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
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
    near(word, candidates).min_by_key(|(d, c)| (*d, c.len().abs_diff(word.len()))).map(|(_, c)| c)
}

/// The candidates close enough to be a typo of `word`, with their edit distance.
fn near<'a, 'w, S: AsRef<str>>(word: &'w str, candidates: &'a [S]) -> impl Iterator<Item = (usize, &'a str)> + 'w
where
    'a: 'w,
{
    let limit = |c: &str| if c.len() < 4 { 1 } else { 2.max(c.len() / 3) };
    candidates
        .iter()
        .map(AsRef::as_ref)
        // The distance is at least the difference in length: most candidates need no table.
        .filter(move |c| c.chars().count().abs_diff(word.chars().count()) <= limit(c))
        .map(move |c| (strsim::osa_distance(word, c), c))
        .filter(move |(d, c)| *d <= limit(c))
}

/// Every candidate `word` may have meant: those it begins or ends as a whole part of
/// (`alerts` -> `alerts-db`, `alerts-prod`), else the nearest misspellings, all of those
/// equally near. Sorted; empty when nothing is close.
pub fn closest_all<'a, S: AsRef<str>>(word: &str, candidates: &'a [S]) -> Vec<&'a str> {
    let part = |c: &str| {
        [format!("{word}-"), format!("{word}_"), format!("{word}.")].iter().any(|p| c.starts_with(p.as_str()))
            || [format!("-{word}"), format!("_{word}")].iter().any(|s| c.ends_with(s.as_str()))
    };
    let mut out: Vec<&str> = candidates.iter().map(AsRef::as_ref).filter(|c| !word.is_empty() && part(c)).collect();
    if out.is_empty() {
        let near: Vec<(usize, &str)> = near(word, candidates).collect();
        let best = near.iter().map(|(d, _)| *d).min();
        out = near.into_iter().filter(|(d, _)| Some(*d) == best).map(|(_, c)| c).collect();
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// "did you mean `a`?", "did you mean `a` or `b`?", "did you mean `a`, `b` or `c`?"; `None`
/// for no names.
pub fn did_you_mean(names: &[&str]) -> Option<String> {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        [rest @ .., last] => Some(format!("did you mean {} or {last}?", rest.join(", "))),
    }
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

/// `a, b and c`, each in backticks.
pub fn list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_read_as_paths() {
        assert_eq!(describe("/alarms/3/metric/dimensions/a~1b"), "alarms[3].metric.dimensions.a/b");
        assert_eq!(describe("/0/person"), "[0].person");
    }

    #[test]
    fn pointers_escape_their_keys() {
        assert_eq!((Pointer::root() / "alarms" / 3 / "period").as_str(), "/alarms/3/period");
        assert_eq!((Pointer::root() / "rotations" / "a/b~c" / "windows").as_str(), "/rotations/a~1b~0c/windows");
        assert_eq!(Pointer::root().as_str(), "");
    }

    #[test]
    fn closest_candidates() {
        let allowed = ["evaluation_periods", "period"];
        assert_eq!(closest("evaluation_period", &allowed), Some("evaluation_periods"));
        assert_eq!(closest("zzz", &allowed), None);
        assert_eq!(closest("timeoff.yaml", &["team.yaml", "time-off.yaml"]), Some("time-off.yaml"));
        assert_eq!(closest("=>", &[">", ">=", "<"]), Some(">="));
        assert_eq!(closest("alicia", &["alice", "bob"]), Some("alice"));
    }

    #[test]
    fn every_close_candidate() {
        let channels = ["alerts-db", "alerts-prod", "bugs", "engineering"];
        assert_eq!(closest_all("alerts", &channels), ["alerts-db", "alerts-prod"]);
        assert_eq!(
            did_you_mean(&closest_all("alerts", &channels)).unwrap(),
            "did you mean `alerts-db` or `alerts-prod`?"
        );
        assert_eq!(closest_all("bug", &channels), ["bugs"]);
        assert_eq!(closest_all("prod", &["alerts-prod", "war"]), ["alerts-prod"]);
        assert_eq!(closest_all("alarts-db", &channels), ["alerts-db"]);
        assert_eq!(closest_all("zzz", &channels), Vec::<&str>::new());
        assert_eq!(did_you_mean(&["a", "b", "c"]).unwrap(), "did you mean `a`, `b` or `c`?");
    }
}
