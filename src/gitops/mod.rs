//! The GitOps loop: what a branch changes (`diff`), committing and pushing the generated
//! artifacts and opening the pull request (`publish`), and the day's Slack posts
//! (`notify`). Git through git2, HTTP through ureq; tokens come from the environment and
//! are never printed.

pub mod api;
pub mod diff;
pub mod github;
pub mod notify;
pub mod publish;
pub mod tree;
