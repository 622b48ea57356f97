//! Command-line interface: one file per subcommand, each thin.

mod check;
mod diff;
mod drift;
mod explain;
mod generate;
mod import;
mod init;
mod lint;
mod notify;
mod publish;
mod report;
mod schema;
mod triage;
pub mod who;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// The version and the git revision built from (build.rs).
const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("ONCALL_GIT_REVISION"), ")");

/// Incident-response practice as code: lint the roster, alarms and playbooks of a
/// configuration repository and generate schedules and alarm templates from them.
#[derive(Debug, Parser)]
#[command(name = "oncall", version = VERSION, about, max_term_width = 100)]
struct Cli {
    /// The configuration repository (holds roster/, alarms/, playbooks/).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    root: PathBuf,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Init(init::Args),
    Lint(lint::Args),
    Generate(generate::Args),
    Check(check::Args),
    Diff(diff::Args),
    Import(import::Args),
    Drift(drift::Args),
    Publish(publish::Args),
    Notify(notify::Args),
    Triage(triage::Args),
    Report(report::Args),
    Schema(schema::Args),
    Explain(explain::Args),
    Who(who::Args),
}

/// Exit code for findings or a failed check.
pub const FAILURE: u8 = 1;
/// Exit code when the command could not run.
pub const CANNOT_RUN: u8 = 2;

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Init(args) => init::run(&args),
        Command::Lint(args) => lint::run(&cli.root, &args),
        Command::Generate(args) => generate::run(&cli.root, &args),
        Command::Check(args) => check::run(&cli.root, &args),
        Command::Diff(args) => diff::run(&cli.root, &args),
        Command::Import(args) => import::run(&cli.root, &args),
        Command::Drift(args) => drift::run(&cli.root, &args),
        Command::Publish(args) => publish::run(&cli.root, &args),
        Command::Notify(args) => notify::run(&cli.root, &args),
        Command::Triage(args) => triage::run(&cli.root, &args),
        Command::Report(args) => report::run(&cli.root, &args),
        Command::Schema(args) => schema::run(&cli.root, &args),
        Command::Explain(args) => explain::run(&args),
        Command::Who(args) => who::run(&cli.root, &args),
    };
    ExitCode::from(code)
}

/// The valid repository of a clean lint; otherwise prints the findings and why the command
/// stops, on stderr, and gives the exit code.
pub fn require_valid<'r>(
    report: &'r oncall_as_code::LintReport,
    consequence: &str,
) -> Result<&'r oncall_as_code::model::ValidRepo, u8> {
    match report.valid() {
        Some(Ok(valid)) => return Ok(valid),
        Some(Err(invalid)) => return Err(fail(invalid)),
        None => {}
    }
    let findings = oncall_as_code::diag::emit::render(
        oncall_as_code::diag::emit::Format::Human,
        &report.sources,
        &report.diagnostics,
        report.summary(),
        false,
    );
    eprint!("{findings}");
    eprintln!("error: {consequence}");
    Err(FAILURE)
}

/// The committed `generated/schedule.json` of `root`, its path and its time zone, or the
/// exit code of why it cannot be used.
pub fn committed_schedule(
    root: &std::path::Path,
) -> Result<(std::path::PathBuf, oncall_as_code::schedule::Schedule, chrono_tz::Tz), u8> {
    let path = root.join("generated/schedule.json");
    let text = match oncall_as_code::output::read_text(&path) {
        Ok(Some(text)) => text,
        Ok(None) => return Err(fail(format!("{} does not exist: run `oncall generate` first", path.display()))),
        Err(message) => return Err(fail(message)),
    };
    let schedule = oncall_as_code::schedule::Schedule::from_json(&text, &path).map_err(fail)?;
    let Ok(tz) = schedule.timezone.parse::<chrono_tz::Tz>() else {
        return Err(fail(format!("{}: `{}` is not an IANA time zone", path.display(), schedule.timezone)));
    };
    Ok((path, schedule, tz))
}

/// The schedule to act on: the committed one, or, when the roster changed since it was
/// generated (an override, time off), the roster's plan kept as stable as `generate` would
/// keep it, with a warning. Overrides always win, even before anyone regenerates.
pub fn current_schedule(
    path: &std::path::Path,
    committed: oncall_as_code::schedule::Schedule,
    report: Option<&oncall_as_code::LintReport>,
    today: chrono::NaiveDate,
) -> oncall_as_code::schedule::Schedule {
    use oncall_as_code::schedule::{PlanOptions, plan};
    let Some(Some(Ok(repo))) = report.map(|r| r.valid()) else {
        eprintln!("warning: roster/ does not lint clean; using {} as generated", path.display());
        return committed;
    };
    match plan(repo, PlanOptions { previous: Some(&committed), rebalance_from: None, today: Some(today) }) {
        Ok(fresh) if fresh.shifts != committed.shifts => {
            eprintln!(
                "warning: {} is out of date with roster/; using the roster's current plan (run `oncall generate`)",
                path.display()
            );
            fresh
        }
        Ok(_) => committed,
        Err(error) => {
            eprintln!("warning: the roster cannot be planned ({error}); using {}", path.display());
            committed
        }
    }
}

/// Lints `root` as of `given`, or as of today in the policy's time zone (linted again when
/// that day is not the system's: near midnight, a rolling horizon may end in another month);
/// the report and the day.
pub fn lint_as_of(
    root: &std::path::Path,
    given: Option<chrono::NaiveDate>,
) -> Result<(oncall_as_code::LintReport, chrono::NaiveDate), u8> {
    let lint =
        |today| oncall_as_code::lint(root, &oncall_as_code::LintOptions { today, deny_warnings: false }).map_err(fail);
    let system = given.unwrap_or_else(|| chrono::Local::now().date_naive());
    let report = lint(system)?;
    let policy_today = report
        .repo
        .policy
        .as_ref()
        .and_then(|p| p.value.timezone.parse::<chrono_tz::Tz>().ok())
        .map(|tz| today_in(tz, given));
    match policy_today {
        Some(today) if today != system => Ok((lint(today)?, today)),
        _ => Ok((report, system)),
    }
}

/// `given`, or today in the time zone `tz`.
pub fn today_in(tz: chrono_tz::Tz, given: Option<chrono::NaiveDate>) -> chrono::NaiveDate {
    given.unwrap_or_else(|| chrono::Utc::now().with_timezone(&tz).date_naive())
}

/// The Slack Web API to call: `SLACK_API_URL` when set (a test's server), else Slack's.
pub fn slack_api_url() -> String {
    std::env::var("SLACK_API_URL").ok().filter(|u| !u.is_empty()).unwrap_or_else(|| "https://slack.com/api".to_string())
}

/// The local hour a `--due HH:MM|now` names (`now`: the current hour in `tz`), or the exit
/// code of why it names none.
pub fn due_hour(text: &str, tz: chrono_tz::Tz) -> Result<u32, u8> {
    use chrono::Timelike;
    if text == "now" {
        return Ok(chrono::Utc::now().with_timezone(&tz).hour());
    }
    match oncall_as_code::config::roster::parse_time(text, false) {
        Some(minutes) => Ok(minutes / 60),
        None => Err(fail(format!("`{text}` is not a time of day HH:MM (or `now`)"))),
    }
}

/// Prints an error that stops the command, and gives `code`.
pub fn fail_with(code: u8, message: impl std::fmt::Display) -> u8 {
    eprintln!("error: {message}");
    code
}

/// Prints an error that stops the command (it could not run).
pub fn fail(message: impl std::fmt::Display) -> u8 {
    fail_with(CANNOT_RUN, message)
}
