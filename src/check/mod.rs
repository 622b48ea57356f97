//! The checks: each family is a module with one entry point that reads the validated
//! [`Repo`] and pushes [`Diagnostic`]s. Checks do no I/O and never print.

mod actions;
mod alarms;
pub mod feasibility;
pub use alarms::is_percentile;
mod playbooks;
pub mod record;
mod references;
mod roster;
pub mod schema;
pub mod zones;

use crate::diag::Sink;
use crate::model::Repo;
use chrono::NaiveDate;

/// What the checks need besides the repository.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// The day stale playbooks are measured against, and before which overrides correct the
    /// record of who was on duty.
    pub today: NaiveDate,
}

/// Runs every check family.
pub fn run(repo: &Repo, options: &Options, sink: &mut Sink) {
    references::check(repo, options, sink);
    alarms::check(repo, sink);
    actions::check(repo, sink);
    roster::check(repo, options, sink);
    playbooks::check(repo, options, sink);
}
