//! oncall-as-code: a team's incident-response practice (roster, rotation policy, CloudWatch
//! alarms and playbooks) kept as configuration in git, linted on every change.
//!
//! The data flows one way: [`load`] (files to documents with positions) -> [`model`]
//! (validated, typed [`model::Repo`]) -> [`check`] (diagnostics) -> [`diag::emit`] (text).
//! The library does no printing; the `oncall` binary is a thin layer over it.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod artifacts;
pub mod changes;
pub mod check;
pub mod cloudwatch;
pub mod config;
pub mod diag;
pub mod gitops;
pub mod init;
pub mod layout;
pub mod load;
pub mod model;
pub mod output;
pub mod parallel;
pub mod render;
pub mod schedule;
pub mod schema;
pub mod source;
pub mod triage;

use chrono::NaiveDate;
use diag::{Diagnostic, Severity, Sink, Summary};
use source::Sources;
use std::path::Path;

/// Settings of one lint run.
#[derive(Clone, Copy, Debug)]
pub struct LintOptions {
    /// The day playbook review ages are measured against.
    pub today: NaiveDate,
    /// Report warnings as errors.
    pub deny_warnings: bool,
}

/// The outcome of a lint run: the files read and the findings, sorted by place.
#[derive(Debug)]
pub struct LintReport {
    pub sources: Sources,
    pub repo: model::Repo,
    pub diagnostics: Vec<Diagnostic>,
    /// The day the lint was as of (a rolling schedule window ends as seen from it).
    today: NaiveDate,
    /// The validated repository, built when first asked for (`lint` itself never needs it).
    valid: std::sync::OnceLock<Result<model::ValidRepo, model::valid::Invalid>>,
}

impl LintReport {
    pub fn summary(&self) -> Summary {
        Summary {
            errors: self.diagnostics.iter().filter(|d| d.severity == Severity::Error).count(),
            warnings: self.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count(),
            files: self.sources.iter().filter(|(_, f)| f.read).count(),
        }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }

    /// The validated repository; `None` when the lint found errors.
    pub fn valid(&self) -> Option<Result<&model::ValidRepo, &model::valid::Invalid>> {
        if self.has_errors() {
            return None;
        }
        Some(self.valid.get_or_init(|| model::validate(&self.repo, self.today)).as_ref())
    }
}

/// Loads, validates and checks the repository at `root`.
pub fn lint(root: &Path, options: &LintOptions) -> Result<LintReport, load::LoadError> {
    lint_source(&load::Disk::new(root)?, options)
}

/// Loads, validates and checks a repository from any source (a directory, a git tree).
pub fn lint_source(source: &dyn load::Source, options: &LintOptions) -> Result<LintReport, load::LoadError> {
    lint_with(source, options, &schema::Schemas::default())
}

/// The committed `generated/schedule.json`, when there is one that reads (`generate` and
/// `check` report one that does not).
fn record(source: &dyn load::Source) -> Option<schedule::Schedule> {
    let entries = source.entries("generated").ok()??;
    if !entries.iter().any(|(name, dir)| name == "schedule.json" && !dir) {
        return None;
    }
    let bytes = source.read("generated/schedule.json").ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// [`lint_source`] with validators compiled before, for callers that lint many repositories
/// in one process (the fuzz targets).
pub fn lint_with(
    source: &dyn load::Source,
    options: &LintOptions,
    schemas: &schema::Schemas,
) -> Result<LintReport, load::LoadError> {
    let mut sink = Sink::default();
    let loaded = load::load_from(source, &mut sink)?;
    let failed = check::schema::check(&loaded, schemas, &mut sink);
    let repo = model::build(&loaded, &failed, &mut sink);
    check::run(&repo, &check::Options { today: options.today }, &mut sink);
    if let Some(record) = record(source) {
        check::record::check(&repo, &record, options.today, &mut sink);
    }
    // A configuration that is otherwise valid: are there days nobody can take?
    let valid = std::sync::OnceLock::new();
    if !sink.has_errors()
        && let Ok(built) = model::validate(&repo, options.today)
    {
        check::feasibility::check(&repo, &built, options.today, &mut sink);
        if !sink.has_errors() {
            let _ = valid.set(Ok(built));
        }
    }
    let sources = loaded.sources;
    let mut diagnostics = sink.into_vec();
    if options.deny_warnings {
        for d in &mut diagnostics {
            d.severity = Severity::Error;
        }
    }
    // The position index of every file a finding points into, built on every core before
    // the findings are sorted by place.
    let mut pointed: Vec<source::FileId> = diagnostics.iter().map(|d| d.primary.file).collect();
    pointed.sort();
    pointed.dedup();
    parallel::map_each(&pointed, |file| {
        sources.get(*file).index();
    });
    let mut keyed: Vec<((String, usize, usize, diag::Code), Diagnostic)> = diagnostics
        .into_iter()
        .map(|d| {
            let at = d.primary.resolve(&sources);
            ((sources.get(d.primary.file).path.clone(), at.line, at.column, d.code), d)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.dedup_by(|a, b| a.0 == b.0 && a.1.message == b.1.message);
    let diagnostics: Vec<Diagnostic> = keyed.into_iter().map(|(_, d)| d).collect();
    Ok(LintReport { sources, repo, diagnostics, today: options.today, valid })
}
