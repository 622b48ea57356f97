//! `oncall import cloudwatch FILE...`: an account's alarms (describe-alarms output) into
//! `alarms/<group>.yaml` and playbook stubs. Writes nothing when any input is not
//! describe-alarms JSON, or when a file it would write exists (without `--force`).

use oncall_as_code::cloudwatch::import::{GroupBy, Options, import};
use oncall_as_code::cloudwatch::{Input, read};
use oncall_as_code::{LintOptions, lint};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Import alarms from an AWS account
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    source: Source,
}

#[derive(Debug, clap::Subcommand)]
enum Source {
    Cloudwatch(Cloudwatch),
}

/// Import CloudWatch alarms from `aws cloudwatch describe-alarms` output
///
/// Reads one or more pages of `aws cloudwatch describe-alarms --alarm-types MetricAlarm
/// CompositeAlarm --output json` (`-` reads
/// stdin) and writes `alarms/<group>.yaml`, keeping every alarm's name and every field the
/// model expresses, with `adopt: true` (see the README, "Adopting an account's alarms"), and a
/// playbook stub per alarm whose sections say TODO (OC505 until written). Actions on a
/// channel's `sns_topic` become the channel, those on a paging `sns_topic` the severity;
/// others stay as actions. A summary lists what was imported, what was left out and why.
#[derive(Debug, clap::Args)]
struct Cloudwatch {
    /// describe-alarms JSON files (pages of one listing), or `-` for stdin.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// `namespace` (alarms/aws-applicationelb.yaml, composite alarms in alarms/composite.yaml)
    /// or `tag:KEY` (by the value of that tag in a `Tags` list beside each alarm's fields).
    #[arg(long, default_value = "namespace", value_name = "namespace|tag:KEY")]
    group_by: String,
    /// The channel of alarms whose actions reach no channel's `sns_topic` (default: the first
    /// channel alarms here use, else the policy's first).
    #[arg(long, value_name = "KEY")]
    channel: Option<String>,
    /// The person id owning the playbook stubs (default: the first person of the team).
    #[arg(long, value_name = "ID")]
    owner: Option<String>,
    /// Replace files that exist.
    #[arg(long)]
    force: bool,
    /// The stubs' `last_reviewed` day (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<chrono::NaiveDate>,
}

pub fn read_inputs(files: &[PathBuf]) -> Result<Vec<Input>, String> {
    let mut out = Vec::new();
    for file in files {
        let name = file.display().to_string();
        let text = if name == "-" {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text).map_err(|e| format!("stdin: cannot read: {e}"))?;
            text
        } else {
            match oncall_as_code::output::read_text(file) {
                Ok(Some(text)) => text,
                Ok(None) => return Err(format!("{name}: no such file")),
                Err(error) => return Err(format!("{name}: {error}")),
            }
        };
        out.push(Input { name, text });
    }
    Ok(out)
}

pub fn run(root: &Path, args: &Args) -> u8 {
    let Source::Cloudwatch(args) = &args.source;
    let group_by = match args.group_by.as_str() {
        "namespace" => GroupBy::Namespace,
        other => match other.strip_prefix("tag:").filter(|k| !k.is_empty()) {
            Some(key) => GroupBy::Tag(key.to_string()),
            None => return super::fail(format!("--group-by `{other}`: use `namespace` or `tag:KEY`")),
        },
    };
    let inputs = match read_inputs(&args.files) {
        Ok(inputs) => inputs,
        Err(message) => return super::fail(format!("{message}; nothing was written")),
    };
    let account = match read(&inputs) {
        Ok(account) => account,
        Err(error) => return super::fail(format!("{error}; nothing was written")),
    };
    let today = args.today.unwrap_or_else(|| chrono::Local::now().date_naive());
    let report = match lint(root, &LintOptions { today, deny_warnings: false }) {
        Ok(report) => report,
        Err(error) => return super::fail(error.to_string()),
    };
    let options = Options { group_by, channel: args.channel.clone(), owner: args.owner.clone(), today };
    let imported = match import(&report.repo, &account, &options) {
        Ok(imported) => imported,
        Err(message) => return super::fail(format!("{message}; nothing was written")),
    };
    // `--force` replaces files, never alarms: a file that holds alarms managed here stays.
    let managed: Vec<&str> = report
        .repo
        .alarm_files
        .iter()
        .filter(|f| {
            !(f.value.alarms.is_empty() && f.value.composite_alarms.is_empty() && f.value.log_metric_filters.is_empty())
        })
        .map(|f| report.sources.get(f.file).path.as_str())
        .filter(|path| imported.files.iter().any(|(p, _)| p == path))
        .collect();
    if !managed.is_empty() {
        return super::fail(format!(
            "{} hold{} alarms managed here, which the import would replace: nothing was written; import with --group-by tag:KEY, or move those alarms to another file first",
            managed.join(", "),
            if managed.len() == 1 { "s" } else { "" }
        ));
    }
    let existing: Vec<&str> = imported
        .files
        .iter()
        .map(|(p, _)| p.as_str())
        .filter(|p| std::fs::symlink_metadata(root.join(p)).is_ok())
        .collect();
    if !existing.is_empty() && !args.force {
        return super::fail(format!(
            "{} exist{}: nothing was written; use --force to replace {}, or --group-by tag:KEY for other file names",
            existing.join(", "),
            if existing.len() == 1 { "s" } else { "" },
            if existing.len() == 1 { "it" } else { "them" }
        ));
    }
    if let Err(error) = oncall_as_code::output::write_tree(root, &imported.files, &[]) {
        return super::fail(error.to_string());
    }
    // Ten thousand lines: written through one buffer, not one write a line.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut lines = || -> std::io::Result<()> {
        use std::io::Write;
        for (path, _) in &imported.files {
            writeln!(out, "wrote {path}")?;
        }
        for (name, id, file) in &imported.alarms {
            writeln!(out, "imported `{name}` as {id} ({file})")?;
        }
        for (name, why) in &imported.left_out {
            writeln!(out, "left out `{name}`: {why}")?;
        }
        for note in &imported.notes {
            writeln!(out, "note: {note}")?;
        }
        out.flush()
    };
    // A closed pipe (`| head`) ends the listing, not the import, which is done.
    let _ = lines();
    drop(out);
    let next = if imported.alarms.is_empty() {
        ""
    } else {
        "; next: write the playbooks (OC505), `oncall lint`, `oncall generate`, then the resource import (README, \"Adopting an account's alarms\")"
    };
    println!(
        "import: {} alarm{} imported, {} left out{next}",
        imported.alarms.len(),
        if imported.alarms.len() == 1 { "" } else { "s" },
        imported.left_out.len()
    );
    0
}
