//! Files to documents: walks the repository layout (README, "Repository layout"), reads each file once, parses
//! YAML (and playbook front matter) into JSON values, and keeps the text so that
//! diagnostics can be resolved to line, column and snippet later. Reports unreadable,
//! non-UTF-8, empty and malformed files as diagnostics; only a missing root is an error.

pub mod yaml;

use crate::diag::{Code, Diagnostic, Location, Sink};
use crate::layout::{Format, Kind, Place, Row, TABLE};
use crate::source::{FileId, SourceFile, Sources};
use serde_json::Value;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Files larger than this are refused: no roster or alarm file comes near it.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

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

/// Reads a repository from any [`Source`], as the [`TABLE`] lays it out.
pub fn load_from(source: &dyn Source, sink: &mut Sink) -> Result<Loaded, LoadError> {
    let mut loader = Loader { source, loaded: Loaded::default(), sink, pending: Vec::new() };
    let mut dirs: Vec<&str> = Vec::new();
    for row in &TABLE {
        let dir = crate::layout::dir(row);
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    for dir in dirs {
        let rows: Vec<&Row> = TABLE.iter().filter(|r| crate::layout::dir(r) == dir).collect();
        let files: Vec<(&str, &Row)> = rows
            .iter()
            .filter_map(|r| match r.place {
                Place::File(path) => Some((path, *r)),
                Place::Dir { .. } => None,
            })
            .collect();
        if !files.is_empty() {
            // Named files: each read or reported missing, then anything else is unexpected.
            let extensions: Vec<&str> = files.iter().filter_map(|(p, _)| p.rsplit_once('.').map(|(_, e)| e)).collect();
            let (found, other) = list(source, dir, &extensions)?;
            for (path, row) in &files {
                if found.iter().any(|p| p == path) {
                    loader.file(path, row);
                } else if row.required {
                    loader.missing(path);
                }
            }
            let names: Vec<&str> = files.iter().map(|(p, _)| p.rsplit('/').next().unwrap_or(p)).collect();
            let (last, rest) = names.split_last().expect("files is not empty");
            let rule = format!("{dir} files are {} and {last}", rest.join(", "));
            for path in found.iter().chain(&other).filter(|p| !files.iter().any(|(f, _)| f == p)) {
                loader.unexpected(path, &names, &rule);
            }
        }
        for row in rows {
            let Place::Dir { extensions, other: rule, beside, .. } = row.place else { continue };
            let (found, other) = list(source, dir, extensions)?;
            let allowed = |path: &str| match path.strip_suffix('/') {
                Some(subdir) => beside.contains(&format!("{}/", subdir.rsplit('/').next().unwrap_or(subdir)).as_str()),
                None => path.rsplit_once('.').is_some_and(|(_, e)| beside.contains(&e.to_ascii_lowercase().as_str())),
            };
            for path in other.iter().filter(|p| !allowed(p)) {
                loader.unexpected(path, &[], rule);
            }
            for path in found {
                loader.file(&path, row);
            }
        }
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
        let file = self.loaded.sources.add(SourceFile::new(path.to_string(), String::new(), false));
        self.sink.push(
            Diagnostic::new(Code::MissingFile, Location::file(file), format!("`{path}` is missing"))
                .with_help(format!("create `{path}`; see `oncall explain OC007` and the README")),
        );
    }

    fn unexpected(&mut self, path: &str, names: &[&str], rule: &str) {
        let file =
            self.loaded.sources.add(SourceFile::new(path.trim_end_matches('/').to_string(), String::new(), false));
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
                Ok(text) => Some(self.loaded.sources.add(SourceFile::new(path.to_string(), text, true))),
                Err(error) => {
                    let valid = error.utf8_error().valid_up_to();
                    let bytes = error.into_bytes();
                    let before = String::from_utf8_lossy(&bytes[..valid]);
                    let line = before.matches('\n').count() + 1;
                    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    let file = self.loaded.sources.add(SourceFile::new(path.to_string(), text, true));
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
                let file = self.loaded.sources.add(SourceFile::new(path.to_string(), String::new(), false));
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

    fn file(&mut self, path: &str, row: &Row) {
        match row.format {
            Format::Yaml => self.yaml_file(path, row.kind),
            Format::FrontMatter => self.front_matter_file(path, row.kind),
        }
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
                // An optional file left with only comments (its last entry deleted) is empty:
                // a roster list holds nothing, an alarms file no alarm.
                Err(yaml::YamlError::Empty) if !kind.row().required && kind.row().format == Format::Yaml => {
                    let value = if kind.row().empty == crate::layout::LIST_EMPTY {
                        serde_json::Value::Array(Vec::new())
                    } else {
                        serde_json::Value::Object(serde_json::Map::new())
                    };
                    self.loaded.documents.push(Document { file, kind, value, body });
                }
                Err(error) => {
                    let diagnostic = yaml_diagnostic(self.loaded.sources.get(file), file, kind, error);
                    self.sink.push(diagnostic);
                    self.loaded.broken.push(Broken { file, kind });
                }
            }
        }
    }

    fn front_matter_file(&mut self, path: &str, kind: Kind) {
        let Some(file) = self.add_text(path) else {
            self.loaded.broken.push(Broken { file: FileId(self.loaded.sources.len() as u32 - 1), kind });
            return;
        };
        let source = self.loaded.sources.get_mut(file);
        match front_matter(&source.text) {
            Some((yaml, body)) => {
                source.set_front_matter(yaml);
                let body_line = source.text[..body.start].matches('\n').count() + 1;
                self.parse(file, kind, Some((body, body_line)));
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
                self.loaded.broken.push(Broken { file, kind });
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
    let shift = source.yaml_line() - 1;
    match error {
        yaml::YamlError::Empty => {
            let help = kind.row().empty;
            let what = if kind.row().format == Format::FrontMatter { "front matter of" } else { "file" };
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
    use crate::source::{At, Part};

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
        let mut file = SourceFile::new("p.md".into(), "---\nid: a\nowner: bob\n---\nbody\n".into(), true);
        let (yaml, _) = front_matter(&file.text).unwrap();
        file.set_front_matter(yaml);
        let at = file.resolve(&At::Pointer("/owner".into(), Part::Value));
        assert_eq!((at.line, at.column), (3, 8));
        assert_eq!(&file.text[at.range], "bob");
    }

    #[test]
    fn resolves_non_ascii_columns() {
        let file = SourceFile::new("t.yaml".into(), "name: Łukasz Żółw\nid: x\n".into(), true);
        let at = file.resolve(&At::Pointer("/id".into(), Part::Value));
        assert_eq!((at.line, at.column), (2, 5));
        assert_eq!(&file.text[at.range], "x");
        let at = file.resolve(&At::Pointer("/name".into(), Part::Value));
        assert_eq!(&file.text[at.range], "Łukasz Żółw");
    }
}
