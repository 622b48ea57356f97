//! Git and HTTP only: reading configurations from git trees (`diff`), committing and pushing
//! the generated artifacts and opening the pull request (`publish`), and sending the day's
//! Slack posts (`notify`) and reading the alerts channels (`triage`). Git through git2, HTTP through ureq; tokens come from the
//! environment and are never printed. What the texts say is [`crate::render`]'s.

pub mod api;
pub mod github;
pub mod history;
pub mod http;
pub mod publish;
pub mod slack;
pub mod slack_read;
pub mod tree;
