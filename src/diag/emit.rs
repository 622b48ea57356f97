//! Renderers of diagnostics: human (rustc-style snippets), JSON, GitHub workflow commands
//! and SARIF 2.1.0. They know nothing of checks; they turn values into text.

use super::{Code, Diagnostic, Label, Severity, Summary};
use crate::source::{FileId, Sources};
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term;
use serde_json::{Value, json};
use std::ops::Range;

/// Output formats of `lint`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style snippets with the offending text underlined.
    Human,
    /// One JSON document (README, "Output formats").
    Json,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
}

/// Renders findings in `format`; `color` only affects `human`.
pub fn render(format: Format, sources: &Sources, diagnostics: &[Diagnostic], summary: Summary, color: bool) -> String {
    match format {
        Format::Human => human(sources, diagnostics, summary, color),
        Format::Json => json_report(sources, diagnostics, summary),
        Format::Github => github(sources, diagnostics),
        Format::Sarif => sarif(sources, diagnostics),
    }
}

impl<'a> Files<'a> for Sources {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        Ok(&self.get(id).path)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        Ok(&self.get(id).text)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, FilesError> {
        let starts = self.get(id).line_starts();
        Ok(starts.partition_point(|s| *s <= byte_index).saturating_sub(1))
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, FilesError> {
        let file = self.get(id);
        let starts = file.line_starts();
        let start =
            *starts.get(line_index).ok_or(FilesError::LineTooLarge { given: line_index, max: starts.len() - 1 })?;
        let end = starts.get(line_index + 1).copied().unwrap_or(file.text.len());
        Ok(start..end)
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The closing line of human output.
pub fn summary_line(summary: Summary) -> String {
    let files = plural(summary.files, "file");
    match (summary.errors, summary.warnings) {
        (0, 0) => format!("lint: {files} checked, no problems"),
        (0, w) => format!("lint: {files} checked, {}", plural(w, "warning")),
        (e, 0) => format!("lint: {files} checked, {}", plural(e, "error")),
        (e, w) => format!("lint: {files} checked, {} and {}", plural(e, "error"), plural(w, "warning")),
    }
}

fn human(sources: &Sources, diagnostics: &[Diagnostic], summary: Summary, color: bool) -> String {
    use term::termcolor::{Buffer, WriteColor};
    let mut buffer = if color { Buffer::ansi() } else { Buffer::no_color() };
    let config = term::Config::default();
    for d in diagnostics {
        let severity = match d.severity {
            Severity::Error => cs::Severity::Error,
            Severity::Warning => cs::Severity::Warning,
        };
        let primary = d.primary.resolve(sources);
        let mut labels = Vec::new();
        let mut notes = Vec::new();
        let file = sources.get(d.primary.file);
        if file.text.is_empty() {
            // A missing or unreadable file: nothing to quote.
            notes.push(format!("in {}", file.path));
        } else {
            labels.push(
                cs::Label::primary(d.primary.file, primary.range)
                    .with_message(d.primary_label.clone().unwrap_or_default()),
            );
        }
        for label in &d.labels {
            match label {
                Label::At(location, text) => {
                    let resolved = location.resolve(sources);
                    labels.push(cs::Label::secondary(location.file, resolved.range).with_message(text));
                }
                Label::Path(path, text) => notes.push(format!("{text}: {path}")),
            }
        }
        if let Some(help) = &d.help {
            notes.push(format!("help: {help}"));
        }
        notes.push(format!("run `oncall explain {}` for more", d.code.as_str()));
        let diagnostic = cs::Diagnostic::new(severity)
            .with_code(d.code.as_str())
            .with_message(&d.message)
            .with_labels(labels)
            .with_notes(notes);
        // Rendering into a memory buffer only fails on an out-of-range position, which
        // `Sources::resolve` never produces; fall back to a plain line all the same.
        if term::emit_to_write_style(&mut buffer, &config, sources, &diagnostic).is_err() {
            let at = d.primary.resolve(sources);
            let line = format!(
                "{}[{}]: {} at {}:{}:{}\n",
                d.severity.as_str(),
                d.code.as_str(),
                d.message,
                sources.get(d.primary.file).path,
                at.line,
                at.column
            );
            let _ = std::io::Write::write_all(&mut buffer, line.as_bytes());
        }
    }
    let _ = buffer.reset();
    let mut out = String::from_utf8_lossy(buffer.as_slice()).into_owned();
    out.push_str(&summary_line(summary));
    out.push('\n');
    out
}

fn location_json(sources: &Sources, location: &super::Location) -> (String, usize, usize) {
    let resolved = location.resolve(sources);
    (sources.get(location.file).path.clone(), resolved.line, resolved.column)
}

fn json_report(sources: &Sources, diagnostics: &[Diagnostic], summary: Summary) -> String {
    let items: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let (file, line, column) = location_json(sources, &d.primary);
            let related: Vec<Value> = d
                .labels
                .iter()
                .map(|label| match label {
                    Label::At(location, message) => {
                        let (file, line, column) = location_json(sources, location);
                        json!({"file": file, "line": line, "column": column, "message": message})
                    }
                    Label::Path(path, message) => json!({"file": path, "message": message}),
                })
                .collect();
            let mut item = json!({
                "code": d.code.as_str(),
                "severity": d.severity,
                "message": d.message,
                "file": file,
                "line": line,
                "column": column,
            });
            if let Some(help) = &d.help {
                item["help"] = json!(help);
            }
            if !related.is_empty() {
                item["related"] = json!(related);
            }
            item
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&json!({"diagnostics": items, "summary": summary}))
        .expect("JSON values serialise");
    out.push('\n');
    out
}

/// Escapes data of a workflow command (`%`, CR, LF) and, for properties, `:` and `,`.
fn escape_github(text: &str, property: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

fn github(sources: &Sources, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let (file, line, column) = location_json(sources, &d.primary);
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{} file={},line={line},col={column},title={}::{}\n",
            d.severity.as_str(),
            escape_github(&file, true),
            escape_github(d.code.as_str(), true),
            escape_github(&message, false)
        ));
    }
    out
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn sarif(sources: &Sources, diagnostics: &[Diagnostic]) -> String {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|code| {
            json!({
                "id": code.as_str(),
                "name": code.name(),
                "shortDescription": {"text": code.summary()},
                "fullDescription": {"text": code.explanation()},
                "defaultConfiguration": {"level": sarif_level(code.default_severity())},
                "help": {"text": format!("{} (`oncall explain {}`)", code.explanation(), code.as_str())},
            })
        })
        .collect();
    let region = |location: &super::Location| {
        let resolved = location.resolve(sources);
        let file = sources.get(location.file);
        let end_line = file.text[..resolved.range.end].matches('\n').count() + 1;
        let end_column = file.text[..resolved.range.end].rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        json!({
            "artifactLocation": {"uri": file.path, "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": resolved.line, "startColumn": resolved.column, "endLine": end_line.max(resolved.line), "endColumn": if end_line > resolved.line { end_column } else { end_column.max(resolved.column + 1) }},
        })
    };
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let related: Vec<Value> = d
                .labels
                .iter()
                .enumerate()
                .map(|(i, label)| match label {
                    Label::At(location, message) => {
                        json!({"id": i, "physicalLocation": region(location), "message": {"text": message}})
                    }
                    Label::Path(path, message) => json!({
                        "id": i,
                        "physicalLocation": {"artifactLocation": {"uri": path, "uriBaseId": "%SRCROOT%"}},
                        "message": {"text": message}
                    }),
                })
                .collect();
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            let mut result = json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0),
                "level": sarif_level(d.severity),
                "message": {"text": text},
                "locations": [{"physicalLocation": region(&d.primary)}],
            });
            if !related.is_empty() {
                result["relatedLocations"] = json!(related);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "oncall",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "the configuration repository (--root)"}}},
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).expect("JSON values serialise");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escaping() {
        assert_eq!(escape_github("a,b:c%\nd", true), "a%2Cb%3Ac%25%0Ad");
        assert_eq!(escape_github("a,b:c", false), "a,b:c");
    }
}
