//! The files the tool read and places in them: the source table ([`Sources`], by
//! [`FileId`]), each file's text and line starts, and the position index of its YAML
//! ([`positions`]). A [`Location`] names a file and a place in it (a JSON pointer, or a line
//! and column); it is resolved to line, column and byte range only when a diagnostic is
//! rendered. Used by loading and by diagnostics; knows nothing of file kinds or checks.

pub mod positions;

use positions::{CharSpan, PositionIndex};
use std::ops::Range;
use std::sync::OnceLock;

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
    /// A node of the file's YAML, by JSON pointer (`/alarms/3/period`). The node must exist:
    /// a pointer that resolves to no node is a bug of the check that built it (a debug
    /// assertion), never silently its parent.
    Pointer(String, Part),
    /// A node that may be absent, shown at its nearest ancestor then: an optional key a
    /// finding says is missing, or a path read off the parsed value (whose keys the YAML text
    /// may spell differently, `~` for `null`).
    Near(String, Part),
    /// A known 1-based line and column, with a length in characters.
    Position { line: usize, column: usize, len: usize },
    /// Characters `offset..offset + len` of the string value at the pointer, whose text is
    /// `text`: shown there when the value is written on one line as it reads (plain, or
    /// quoted without escapes), else the whole value.
    Within { pointer: String, text: String, offset: usize, len: usize },
    /// The whole file (rendered as line 1, column 1).
    File,
}

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
    /// A file and its text; `read` says whether the file exists and was read.
    pub fn new(path: String, text: String, read: bool) -> SourceFile {
        let text = bare_carriage_returns_to_newlines(text);
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let yaml = 0..text.len();
        SourceFile { path, text, line_starts, yaml, yaml_line: 1, index: OnceLock::new(), read }
    }

    /// Marks `yaml` (a byte range starting on line 2) as the file's YAML: a playbook's front
    /// matter, to which its pointers refer.
    pub fn set_front_matter(&mut self, yaml: Range<usize>) {
        self.yaml = yaml;
        self.yaml_line = 2;
    }

    /// 1-based line of the first line of the YAML part.
    pub fn yaml_line(&self) -> usize {
        self.yaml_line
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
            At::Pointer(pointer, part) | At::Near(pointer, part) => match self.index().lookup(pointer) {
                Some((node, exact)) => {
                    debug_assert!(
                        exact || matches!(at, At::Near(..)) || !self.index().complete(),
                        "{}: the pointer `{pointer}` resolves to no node",
                        self.path
                    );
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
            At::Within { pointer, text, offset, len } => {
                let whole = self.resolve(&At::Pointer(pointer.clone(), Part::Value));
                let written = self.text.get(whole.range.clone()).unwrap_or_default();
                let quoted = written.len() >= 2
                    && (written.starts_with('"') && written.ends_with('"')
                        || written.starts_with('\'') && written.ends_with('\''));
                let skip = if written == text {
                    0
                } else if quoted && &written[1..written.len() - 1] == text {
                    1
                } else {
                    return whole;
                };
                let byte = |chars: usize| written.char_indices().nth(chars).map_or(written.len(), |(i, _)| i);
                let start = whole.range.start + byte(skip + offset);
                let end = whole.range.start + byte(skip + offset + len);
                Resolved { line: whole.line, column: whole.column + skip + offset, range: start..end }
            }
        }
    }
}

/// Every file the tool read, by [`FileId`].
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, file: SourceFile) -> FileId {
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

    pub fn get_mut(&mut self, id: FileId) -> &mut SourceFile {
        &mut self.files[id.0 as usize]
    }

    /// Resolves a place in one of the files.
    pub fn resolve(&self, file: FileId, at: &At) -> Resolved {
        self.get(file).resolve(at)
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i as u32), f))
    }
}
