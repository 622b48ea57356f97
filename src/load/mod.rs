//! Files to documents: walks the repository layout (SPEC §1), reads each file once, parses
//! YAML (and playbook front matter) into JSON values, and keeps the text so that
//! diagnostics can be resolved to line, column and snippet later. Reports unreadable,
//! non-UTF-8, empty and malformed files as diagnostics; only a missing root is an error.

pub mod positions;
pub mod yaml;

use crate::diag::{At, Code, Diagnostic, Location, Part, Sink};
use crate::model::Kind;
use positions::{CharSpan, PositionIndex};
use serde_json::Value;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Files larger than this are refused: no roster or alarm file comes near it.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// The roster files, their kinds and whether they must exist.
pub const ROSTER_FILES: [(&str, Kind, bool); 5] = [
    ("team.yaml", Kind::Team, true),
    ("policy.yaml", Kind::Policy, true),
    ("time-off.yaml", Kind::TimeOff, false),
    ("overrides.yaml", Kind::Overrides, false),
    ("pitch-cycles.yaml", Kind::PitchCycles, false),
];

/// Index of a file in [`Sources`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// One file the tool read (or tried to).
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the root, with `/` separators.
    pub path: String,
    /// The text (lossily decoded when the file is not UTF-8).
    pub text: String,
    line_starts: Vec<usize>,
    /// The YAML part of the text: all of it, or a playbook's front matter.
    yaml: Range<usize>,
    /// 1-based line of the first line of `yaml`.
    yaml_line: usize,
    index: OnceLock<PositionIndex>,
    /// The file was read (it exists and is not a directory the tool skips).
    pub read: bool,
}

/// YAML (and Markdown) take a lone `\r` (old Mac line endings) for a line break; so that
/// line numbers, snippets and the front matter agree with the parser, it becomes a `\n` (one
/// byte for one, so offsets are unchanged). `\r\n` stays as it is.
fn bare_carriage_returns_to_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    String::from_utf8(bytes).expect("replacing one ASCII byte with another keeps UTF-8")
}

/// A resolved position: 1-based line and column (in characters), and the byte range to underline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub line: usize,
    pub column: usize,
    pub range: Range<usize>,
}

impl SourceFile {
    fn new(path: String, text: String) -> SourceFile {
        let text = bare_carriage_returns_to_newlines(text);
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let yaml = 0..text.len();
        SourceFile { path, text, line_starts, yaml, yaml_line: 1, index: OnceLock::new(), read: false }
    }

    /// The YAML text this file's pointers refer to.
    pub fn yaml_text(&self) -> &str {
        &self.text[self.yaml.clone()]
    }

    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// The position index of the YAML part, built on first use.
    pub fn index(&self) -> &PositionIndex {
        self.index.get_or_init(|| PositionIndex::build(self.yaml_text()))
    }

    /// Byte offset of a 1-based line and 0-based character column (clamped to the text).
    fn offset(&self, line: usize, col: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        let line_len = rest.find('\n').unwrap_or(rest.len());
        rest[..line_len].char_indices().nth(col).map_or(start + line_len, |(i, _)| start + i)
    }

    /// Byte offset of the end of the line holding `offset`, without trailing blanks and comments.
    fn line_end(&self, offset: usize) -> usize {
        let rest = &self.text[offset..];
        let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
        let trimmed = match line.find(" #") {
            Some(comment) => &line[..comment],
            None => line,
        };
        offset + trimmed.trim_end().len()
    }

    fn resolve_span(&self, span: CharSpan, collection: bool) -> Resolved {
        let line = self.yaml_line + span.line - 1;
        let start = self.offset(line, span.col);
        let end = if collection || span.end == span.start {
            self.line_end(start)
        } else {
            let chars = span.end - span.start;
            self.text[start..].char_indices().nth(chars).map_or(self.text.len(), |(i, _)| start + i)
        };
        // A block scalar's span runs to the next key: keep the underline on its own lines.
        let end = self.text[start..end].trim_end().len() + start;
        Resolved { line, column: span.col + 1, range: start..end.max(start) }
    }

    /// Resolves a place in this file.
    pub fn resolve(&self, at: &At) -> Resolved {
        match at {
            At::Pointer(pointer, part) => match self.index().lookup(pointer) {
                Some((node, exact)) => {
                    let span = match (part, node.key) {
                        (Part::Key, Some(key)) => key,
                        (Part::Value, Some(key)) if !exact => key,
                        _ => node.value,
                    };
                    let collection = node.collection && span == node.value;
                    self.resolve_span(span, collection)
                }
                None => self.resolve(&At::Position { line: self.yaml_line, column: 1, len: 0 }),
            },
            At::Position { line, column, len } => {
                let start = self.offset(*line, column.saturating_sub(1));
                let end = if *len == 0 {
                    self.line_end(start)
                } else {
                    self.text[start..].char_indices().nth(*len).map_or(self.text.len(), |(i, _)| start + i)
                };
                Resolved {
                    line: (*line).max(1),
                    column: (*column).max(1),
                    range: start..end.min(self.line_end(start)).max(start),
                }
            }
            At::File => Resolved { line: 1, column: 1, range: 0..self.line_end(0) },
        }
    }
}

/// Every file the tool read, by [`FileId`].
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(u32::try_from(self.files.len() - 1).expect("fewer than 4 billion files"))
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn resolve(&self, location: &Location) -> Resolved {
        self.get(location.file).resolve(&location.at)
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i as u32), f))
    }
}

/// A parsed file: its kind and its YAML value (a playbook's front matter).
#[derive(Debug)]
pub struct Document {
    pub file: FileId,
    pub kind: Kind,
    pub value: Value,
    /// For playbooks: the Markdown after the front matter, and its first line.
    pub body: Option<(Range<usize>, usize)>,
}

/// A file that exists but could not be parsed: checks must not report its contents missing.
#[derive(Debug)]
pub struct Broken {
    pub file: FileId,
    pub kind: Kind,
}

/// What loading found.
#[derive(Debug, Default)]
pub struct Loaded {
    pub sources: Sources,
    pub documents: Vec<Document>,
    pub broken: Vec<Broken>,
}

/// Failures that stop the tool from running at all (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{0}: no such directory (pass the configuration repository with --root)")]
    NoRoot(PathBuf),
    #[error("{0}: cannot list directory: {1}")]
    ListDir(PathBuf, std::io::Error),
}

/// Where a configuration repository's files come from: a directory on disk, or a git tree.
pub trait Source {
    /// The entries of a directory relative to the root, as (name, is a directory);
    /// `Ok(None)` when the directory does not exist.
    fn entries(&self, dir: &str) -> Result<Option<Vec<(String, bool)>>, LoadError>;
    /// The bytes of a file relative to the root; the error says why it cannot be read.
    fn read(&self, path: &str) -> Result<Vec<u8>, String>;
}

/// Why a file that was listed cannot be read: it went away in between.
const VANISHED: &str = "it was removed while the repository was being read; run again";

/// A repository on disk. Files must stay inside the root (a symlink out of the repository
/// is refused), be regular files (a named pipe or device is refused, never waited on), and
/// be no larger than [`MAX_FILE_BYTES`].
pub struct Disk {
    root: PathBuf,
    canonical_root: PathBuf,
    /// Directories already known to lie inside the root, by path as listed.
    inside: std::cell::RefCell<std::collections::HashSet<PathBuf>>,
}

impl Disk {
    pub fn new(root: &Path) -> Result<Disk, LoadError> {
        if !root.is_dir() {
            return Err(LoadError::NoRoot(root.to_path_buf()));
        }
        let canonical_root = root.canonicalize().map_err(|e| LoadError::ListDir(root.to_path_buf(), e))?;
        Ok(Disk { root: root.to_path_buf(), canonical_root, inside: Default::default() })
    }

    /// Whether `dir`'s real path is inside the root (resolved once per directory).
    fn inside(&self, dir: &Path) -> bool {
        if self.inside.borrow().contains(dir) {
            return true;
        }
        let inside = dir.canonicalize().is_ok_and(|real| real.starts_with(&self.canonical_root));
        if inside {
            self.inside.borrow_mut().insert(dir.to_path_buf());
        }
        inside
    }
}

/// Opens a file for reading without blocking on a named pipe; `follow` false refuses a
/// symlink as the last component (ELOOP).
fn open(path: &Path, follow: bool) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NONBLOCK | if follow { 0 } else { libc::O_NOFOLLOW },
    );
    #[cfg(not(unix))]
    let _ = follow;
    options.open(path)
}

/// Why a listed file cannot be read; a file that is no longer there went away mid-run.
fn read_reason(e: std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::NotFound { VANISHED.to_string() } else { e.to_string() }
}

/// Reads an opened file: a regular file within the size limit.
fn read_file(mut file: std::fs::File) -> Result<Vec<u8>, String> {
    let reason = read_reason;
    let metadata = file.metadata().map_err(reason)?;
    if !metadata.is_file() {
        return Err("it is not a regular file (a named pipe, socket or device); remove it".to_string());
    }
    let size = metadata.len();
    if size > MAX_FILE_BYTES {
        return Err(format!("it is {size} bytes; configuration files are limited to {MAX_FILE_BYTES} bytes"));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    std::io::Read::read_to_end(&mut file, &mut bytes).map_err(reason)?;
    Ok(bytes)
}

impl Source for Disk {
    fn entries(&self, dir: &str) -> Result<Option<Vec<(String, bool)>>, LoadError> {
        let path = self.root.join(dir);
        let entries = match std::fs::read_dir(&path) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(LoadError::ListDir(path, e)),
        };
        let mut out = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| LoadError::ListDir(path.clone(), e))?;
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            out.push((entry.file_name().to_string_lossy().into_owned(), is_dir));
        }
        Ok(Some(out))
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        let full = self.root.join(path);
        // The common case, a file that is not a link in a directory inside the repository:
        // one open, no resolution of every component of the path.
        // (Unix only: elsewhere the open would follow a link.)
        #[cfg(unix)]
        if full.parent().is_some_and(|dir| self.inside(dir))
            && let Ok(file) = open(&full, false)
        {
            return read_file(file);
        }
        let real = full.canonicalize().map_err(|e| match std::fs::symlink_metadata(&full) {
            Ok(_) if e.kind() == std::io::ErrorKind::NotFound => {
                "it is a link to a file that does not exist".to_string()
            }
            Err(_) if e.kind() == std::io::ErrorKind::NotFound => VANISHED.to_string(),
            _ => e.to_string(),
        })?;
        if !real.starts_with(&self.canonical_root) {
            return Err(format!("it is a link to `{}`, outside the repository", real.display()));
        }
        read_file(open(&real, true).map_err(read_reason)?)
    }
}

/// Reads the repository at `root`.
pub fn load(root: &Path, sink: &mut Sink) -> Result<Loaded, LoadError> {
    load_from(&Disk::new(root)?, sink)
}

/// Reads a repository from any [`Source`].
pub fn load_from(source: &dyn Source, sink: &mut Sink) -> Result<Loaded, LoadError> {
    let root = source;
    let mut loader = Loader { source, loaded: Loaded::default(), sink, pending: Vec::new() };

    let (roster, other) = list(root, "roster", &["yaml"])?;
    for (name, kind, required) in ROSTER_FILES {
        if roster.iter().any(|p| p == &format!("roster/{name}")) {
            loader.yaml_file(&format!("roster/{name}"), kind);
        } else if required {
            loader.missing(&format!("roster/{name}"));
        }
    }
    for path in roster.iter().chain(&other).filter(|p| !ROSTER_FILES.iter().any(|(n, ..)| **p == format!("roster/{n}")))
    {
        let names: Vec<&str> = ROSTER_FILES.iter().map(|(n, ..)| *n).collect();
        loader.unexpected(
            path,
            &names,
            "roster files are team.yaml, policy.yaml, time-off.yaml, overrides.yaml and pitch-cycles.yaml",
        );
    }
    let (alarms, other) = list(root, "alarms", &["yaml", "yml"])?;
    for path in &other {
        loader.unexpected(path, &[], "alarm files end in `.yaml` or `.yml` and sit directly in `alarms/`");
    }
    for path in alarms {
        loader.yaml_file(&path, Kind::Alarms);
    }
    let (playbooks, other) = list(root, "playbooks", &["md"])?;
    for path in &other {
        loader.unexpected(
            path,
            &[],
            "playbooks are `playbooks/<id>.md` files (lowercase `.md`), directly in `playbooks/`",
        );
    }
    for path in playbooks {
        loader.playbook(&path);
    }
    loader.parse_pending();
    Ok(loader.loaded)
}

/// The files of one directory with the given extensions, and the other entries (files with
/// other extensions, subdirectories), both sorted and relative to the root. Hidden entries
/// and READMEs are neither.
fn list(source: &dyn Source, dir: &str, extensions: &[&str]) -> Result<(Vec<String>, Vec<String>), LoadError> {
    let Some(entries) = source.entries(dir)? else { return Ok((Vec::new(), Vec::new())) };
    let (mut wanted, mut other) = (Vec::new(), Vec::new());
    for (name, is_dir) in entries {
        if name.starts_with('.') || name.to_ascii_uppercase().starts_with("README") {
            continue;
        }
        let extension = name.rsplit_once('.').map(|(_, e)| e);
        if !is_dir && extension.is_some_and(|e| extensions.contains(&e)) {
            wanted.push(format!("{dir}/{name}"));
        } else {
            other.push(format!("{dir}/{name}{}", if is_dir { "/" } else { "" }));
        }
    }
    wanted.sort();
    other.sort();
    Ok((wanted, other))
}

/// A file read and waiting to be parsed: its id, kind, and a playbook's body and first line.
type Pending = (FileId, Kind, Option<(Range<usize>, usize)>);

struct Loader<'a> {
    source: &'a dyn Source,
    /// Files read and waiting to be parsed, in order (parsed together, on every core).
    pending: Vec<Pending>,
    loaded: Loaded,
    sink: &'a mut Sink,
}

impl Loader<'_> {
    fn missing(&mut self, path: &str) {
        let file = self.loaded.sources.add(SourceFile::new(path.to_string(), String::new()));
        self.sink.push(
            Diagnostic::new(Code::MissingFile, Location::file(file), format!("`{path}` is missing"))
                .with_help(format!("create `{path}`; see `oncall explain OC007` and the README")),
        );
    }

    fn unexpected(&mut self, path: &str, names: &[&str], rule: &str) {
        let file = self.loaded.sources.add(SourceFile::new(path.trim_end_matches('/').to_string(), String::new()));
        let name = path.trim_end_matches('/').rsplit('/').next().unwrap_or(path);
        let dir = path.split('/').next().unwrap_or_default();
        let help = match crate::diag::closest(name, names) {
            Some(close) => format!("did you mean `{dir}/{close}`?"),
            None => rule.to_string(),
        };
        let what =
            if path.ends_with('/') { "a directory the tool does not read" } else { "a file the tool does not read" };
        self.sink.push(
            Diagnostic::new(
                Code::UnexpectedFile,
                Location::file(file),
                format!("`{}` is {what}", path.trim_end_matches('/')),
            )
            .with_help(help),
        );
    }

    /// Reads a file's text; reports unreadable and non-UTF-8 files and returns `None` for them.
    fn add_text(&mut self, path: &str) -> Option<FileId> {
        match self.read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => {
                    Some(self.loaded.sources.add(SourceFile { read: true, ..SourceFile::new(path.to_string(), text) }))
                }
                Err(error) => {
                    let valid = error.utf8_error().valid_up_to();
                    let bytes = error.into_bytes();
                    let before = String::from_utf8_lossy(&bytes[..valid]);
                    let line = before.matches('\n').count() + 1;
                    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    let file =
                        self.loaded.sources.add(SourceFile { read: true, ..SourceFile::new(path.to_string(), text) });
                    self.sink.push(
                        Diagnostic::new(
                            Code::NotUtf8,
                            Location::position(file, line, column, 1),
                            format!("`{path}` is not UTF-8 text (byte {valid} is invalid)"),
                        )
                        .with_help("save the file as UTF-8"),
                    );
                    None
                }
            },
            Err(reason) => {
                let file = self.loaded.sources.add(SourceFile::new(path.to_string(), String::new()));
                self.sink.push(Diagnostic::new(
                    Code::UnreadableFile,
                    Location::file(file),
                    format!("cannot read `{path}`: {reason}"),
                ));
                None
            }
        }
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        self.source.read(path)
    }

    fn yaml_file(&mut self, path: &str, kind: Kind) {
        let Some(file) = self.add_text(path) else {
            self.loaded.broken.push(Broken { file: FileId(self.loaded.sources.len() as u32 - 1), kind });
            return;
        };
        self.parse(file, kind, None);
    }

    fn parse(&mut self, file: FileId, kind: Kind, body: Option<(Range<usize>, usize)>) {
        self.pending.push((file, kind, body));
    }

    fn parse_pending(&mut self) {
        let sources = &self.loaded.sources;
        let parsed = crate::parallel::map(&self.pending, |(file, ..)| yaml::parse(sources.get(*file).yaml_text()));
        for ((file, kind, body), result) in std::mem::take(&mut self.pending).into_iter().zip(parsed) {
            match result {
                Ok(value) => self.loaded.documents.push(Document { file, kind, value, body }),
                Err(error) => {
                    let diagnostic = yaml_diagnostic(self.loaded.sources.get(file), file, kind, error);
                    self.sink.push(diagnostic);
                    self.loaded.broken.push(Broken { file, kind });
                }
            }
        }
    }

    fn playbook(&mut self, path: &str) {
        let Some(file) = self.add_text(path) else {
            self.loaded
                .broken
                .push(Broken { file: FileId(self.loaded.sources.len() as u32 - 1), kind: Kind::Playbook });
            return;
        };
        let source = &mut self.loaded.sources.files[file.0 as usize];
        match front_matter(&source.text) {
            Some((yaml, body)) => {
                source.yaml = yaml;
                source.yaml_line = 2;
                let body_line = source.text[..body.start].matches('\n').count() + 1;
                self.parse(file, Kind::Playbook, Some((body, body_line)));
            }
            _ => {
                let opened =
                    source.text.trim_start_matches('\u{feff}').lines().next().is_some_and(|l| l.trim_end() == "---");
                let message = if opened {
                    format!("the front matter of `{path}` is never closed with a `---` line")
                } else {
                    format!("`{path}` has no front matter")
                };
                self.sink.push(
                    Diagnostic::new(Code::MissingFrontMatter, Location::file(file), message).with_help(
                        "start the file with `---`, then `id`, `title`, `owner`, `last_reviewed`, then `---`",
                    ),
                );
                self.loaded.broken.push(Broken { file, kind: Kind::Playbook });
            }
        }
    }
}

/// Splits `---\n<yaml>---\n<body>`: the byte ranges of the YAML and of the body.
pub fn front_matter(text: &str) -> Option<(Range<usize>, Range<usize>)> {
    let first_end = text.find('\n')?;
    if text[..first_end].trim_start_matches('\u{feff}').trim_end() != "---" {
        return None;
    }
    let yaml_start = first_end + 1;
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Some((yaml_start..offset, offset + line.len()..text.len()));
        }
        offset += line.len();
    }
    None
}

fn yaml_diagnostic(source: &SourceFile, file: FileId, kind: Kind, error: yaml::YamlError) -> Diagnostic {
    let shift = source.yaml_line - 1;
    match error {
        yaml::YamlError::Empty => {
            let help = match kind {
                Kind::TimeOff | Kind::Overrides | Kind::PitchCycles => {
                    "write `[]` for an empty list, or delete the file"
                }
                Kind::Alarms => "write `alarms: []`, or delete the file",
                Kind::Playbook => "write `id`, `title`, `owner` and `last_reviewed` between the `---` lines",
                Kind::Team | Kind::Policy => "this file is required: see the README for its keys",
            };
            let what = if kind == Kind::Playbook { "front matter of" } else { "file" };
            Diagnostic::new(
                Code::EmptyFile,
                Location::file(file),
                format!("the {what} `{}` holds no YAML value", source.path),
            )
            .with_help(help)
        }
        yaml::YamlError::DuplicateKey(key) => {
            let found = source.index().duplicates.first().cloned();
            let mut diagnostic = match &found {
                Some(d) => Diagnostic::new(
                    Code::DuplicateKey,
                    Location::position(file, d.second.line + shift, d.second.col + 1, key.chars().count()),
                    format!("duplicate key `{key}`"),
                ),
                None => Diagnostic::new(Code::DuplicateKey, Location::file(file), format!("duplicate key `{key}`")),
            };
            if let Some(d) = found {
                diagnostic = diagnostic.with_label(
                    Location::position(file, d.first.line + shift, d.first.col + 1, key.chars().count()),
                    "first defined here",
                );
            }
            diagnostic.with_help("remove one of the two entries")
        }
        yaml::YamlError::TooComplex { message, line, column } => Diagnostic::new(
            Code::YamlTooComplex,
            Location::position(file, line + shift, column, 1),
            format!("YAML too complex to load: {message}"),
        )
        .with_help("configuration never needs deep nesting or chains of aliases; write the values out"),
        yaml::YamlError::Syntax { message, line, column } => Diagnostic::new(
            Code::YamlSyntax,
            Location::position(file, line + shift, column, 1),
            format!("invalid YAML: {message}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_ranges() {
        let text = "---\nid: a\n---\n# A\n";
        let (yaml, body) = front_matter(text).unwrap();
        assert_eq!(&text[yaml], "id: a\n");
        assert_eq!(&text[body], "# A\n");
        assert_eq!(front_matter("# no\n---\n"), None);
        assert_eq!(front_matter("---\nid: a\n"), None);
    }

    #[test]
    fn resolves_pointers_in_front_matter() {
        let mut file = SourceFile::new("p.md".into(), "---\nid: a\nowner: bob\n---\nbody\n".into());
        let (yaml, _) = front_matter(&file.text).unwrap();
        file.yaml = yaml;
        file.yaml_line = 2;
        let at = file.resolve(&At::Pointer("/owner".into(), Part::Value));
        assert_eq!((at.line, at.column), (3, 8));
        assert_eq!(&file.text[at.range], "bob");
    }

    #[test]
    fn resolves_non_ascii_columns() {
        let file = SourceFile::new("t.yaml".into(), "name: Łukasz Żółw\nid: x\n".into());
        let at = file.resolve(&At::Pointer("/id".into(), Part::Value));
        assert_eq!((at.line, at.column), (2, 5));
        assert_eq!(&file.text[at.range], "x");
        let at = file.resolve(&At::Pointer("/name".into(), Part::Value));
        assert_eq!(&file.text[at.range], "Łukasz Żółw");
    }
}
