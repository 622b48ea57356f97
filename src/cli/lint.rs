//! `oncall lint`: schema, semantic and cross-file checks of roster, alarms and playbooks.

use oncall_as_code::diag::emit::{Format, render};
use oncall_as_code::{LintOptions, lint};
use std::io::IsTerminal;
use std::path::Path;

/// Check the roster, alarms and playbooks; exit 1 when there are errors.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Treat warnings as errors.
    #[arg(long)]
    deny_warnings: bool,
    /// The day playbook review ages are measured against (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<chrono::NaiveDate>,
}

pub fn run(root: &Path, args: &Args) -> u8 {
    let options = LintOptions {
        today: args.today.unwrap_or_else(|| chrono::Local::now().date_naive()),
        deny_warnings: args.deny_warnings,
    };
    let report = match lint(root, &options) {
        Ok(report) => report,
        Err(error) => return super::fail(error),
    };
    let color = args.format == Format::Human
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::stdout().is_terminal();
    print!("{}", render(args.format, &report.sources, &report.diagnostics, report.summary(), color));
    if report.has_errors() { super::FAILURE } else { 0 }
}
