//! `oncall check`: fail when generated/ differs from what `generate` would write, like
//! `cargo fmt --check`. Changes nothing.

use oncall_as_code::output::{Change, compare_tree};
use std::path::Path;

/// Exit 1 and list the files when generated/ is stale or incomplete.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The generated directory to check (default <root>/generated).
    #[arg(long, value_name = "DIR")]
    out: Option<std::path::PathBuf>,
    /// The first day not yet history: shifts before it are kept as recorded (default: today
    /// in the policy's time zone).
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<chrono::NaiveDate>,
}

pub fn run(root: &Path, args: &Args) -> u8 {
    let out = args.out.clone().unwrap_or_else(|| root.join("generated"));
    let files = match super::generate::build(root, &out, None, args.today) {
        Ok(built) => built.files,
        Err(code) => return code,
    };
    let changes = compare_tree(&out, &files, &oncall_as_code::artifacts::OWNED);
    if changes.is_empty() {
        println!("check: {} is up to date ({} files)", out.display(), files.len());
        return 0;
    }
    for (file, change) in &changes {
        let what = match change {
            Change::Missing => "missing",
            Change::Differs => "stale",
            Change::Extra => "no longer generated",
        };
        println!("{what}: {}", out.join(file).display());
    }
    println!(
        "check: {} of {} generated files differ; run `oncall generate` and commit the result",
        changes.len(),
        files.len()
    );
    super::FAILURE
}
