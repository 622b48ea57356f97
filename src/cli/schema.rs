//! `oncall schema`: write the JSON Schemas of every file kind; `--check` fails when stale.

use oncall_as_code::schema;
use std::path::Path;

/// Write schemas/*.schema.json from the Rust types (`--check`: fail if they are stale).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Do not write; exit 1 when a committed schema differs from the generated one.
    #[arg(long)]
    check: bool,
}

pub fn run(root: &Path, args: &Args) -> u8 {
    if !root.is_dir() {
        return super::fail(format!("{}: no such directory", root.display()));
    }
    let dir = root.join("schemas");
    if args.check {
        let stale = schema::stale(&dir);
        for path in &stale {
            println!("stale: {}", path.display());
        }
        if stale.is_empty() {
            println!("schemas are up to date");
            return 0;
        }
        println!("run `oncall schema` and commit the result");
        return super::FAILURE;
    }
    match schema::write_all(&dir) {
        Ok(written) => {
            for path in &written {
                println!("wrote {}", path.display());
            }
            if written.is_empty() {
                println!("schemas are up to date");
            }
            0
        }
        Err(error) => super::fail(format!("cannot write {}: {error}", dir.display())),
    }
}
