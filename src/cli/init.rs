//! `oncall init [DIR]`: writes a new configuration repository. Refuses a non-empty DIR
//! without `--force`; never overwrites a file (with `--force`, files that exist are kept and
//! listed); a failed run removes what it wrote.

use chrono::NaiveDate;
use oncall_as_code::init::{Options, files};
use std::path::{Path, PathBuf};

/// Write a new configuration repository: team, policy, an alarm, its playbook, workflows
///
/// A small team and a policy with the six channels of the practice, one alarm and its
/// playbook (commented: change the people and the channel ids first), schemas/, GitHub
/// workflows (ci, publish, notify, deploy) that use the oncall-as-code action at this
/// version, a pre-commit configuration and a README. The result lints clean and generates at
/// once. Every field of every file: docs/formats.md of oncall-as-code.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write it (created when missing; must be empty unless --force).
    #[arg(default_value = ".", value_name = "DIR")]
    dir: PathBuf,
    /// Write into a directory that is not empty: only the missing files are written, files
    /// that exist are kept as they are (and listed).
    #[arg(long)]
    force: bool,
    /// The first day of the plan (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<NaiveDate>,
}

pub fn run(args: &Args) -> u8 {
    let dir = &args.dir;
    match std::fs::symlink_metadata(dir) {
        Ok(meta) if !meta.is_dir() => return super::fail(format!("{}: exists and is not a directory", dir.display())),
        Ok(_) if !args.force => match std::fs::read_dir(dir).map(|mut entries| entries.next().is_some()) {
            Ok(true) => {
                return super::fail(format!(
                    "{}: not empty; use `oncall init --force {}` to add the missing files (files that exist are kept)",
                    dir.display(),
                    dir.display()
                ));
            }
            Ok(false) => {}
            Err(error) => return super::fail(format!("{}: cannot read: {error}", dir.display())),
        },
        _ => {}
    }
    let today = args.today.unwrap_or_else(|| chrono::Local::now().date_naive());
    let options = Options { today, version: env!("CARGO_PKG_VERSION"), repository: env!("CARGO_PKG_REPOSITORY") };
    let mut created: Vec<PathBuf> = Vec::new();
    let mut kept = Vec::new();
    let mut written = Vec::new();
    for (path, text) in files(&options) {
        let target = dir.join(&path);
        if std::fs::symlink_metadata(&target).is_ok() {
            kept.push(path);
            continue;
        }
        if let Err(error) = write_new(&target, &text, &mut created) {
            undo(&created);
            return super::fail(format!("{}: cannot write: {error}; nothing was written", target.display()));
        }
        written.push(path);
    }
    for path in &written {
        println!("wrote {path}");
    }
    for path in &kept {
        println!("kept {path} (exists)");
    }
    println!(
        "init: {} files written, {} kept, in {}. Next: change the team and channel ids, then `oncall --root {} lint` and `oncall --root {} generate`.",
        written.len(),
        kept.len(),
        dir.display(),
        dir.display(),
        dir.display()
    );
    0
}

/// Writes a file that must not exist yet (through a temporary file, never replacing one that
/// appeared meanwhile), recording it and the directories made for it in `created`.
fn write_new(target: &Path, text: &str, created: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let parent = target.parent().unwrap_or(Path::new("."));
    let mut missing = Vec::new();
    let mut up = Some(parent);
    while let Some(dir) = up.filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
        missing.push(dir.to_path_buf());
        up = dir.parent();
    }
    for dir in missing.into_iter().rev() {
        std::fs::create_dir(&dir)?;
        created.push(dir);
    }
    let mut temp = tempfile::NamedTempFile::new_in(parent)?;
    std::io::Write::write_all(&mut temp, text.as_bytes())?;
    temp.persist_noclobber(target).map_err(|e| e.error)?;
    created.push(target.to_path_buf());
    Ok(())
}

/// Removes what a failed run wrote, newest first.
fn undo(created: &[PathBuf]) {
    for path in created.iter().rev() {
        if path.is_dir() {
            let _ = std::fs::remove_dir(path);
        } else {
            let _ = std::fs::remove_file(path);
        }
    }
}
