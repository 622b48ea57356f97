//! The `oncall` binary: parses flags, calls the library, prints, and maps outcomes to exit
//! codes (0 success, 1 findings or a failed check, 2 could not run).

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
