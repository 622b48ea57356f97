//! Playbooks: required sections, review age, and playbooks no alarm uses.

use crate::config::playbook::REQUIRED_SECTIONS;
use crate::diag::{Code, Diagnostic, Location, Pointer, Sink, list};
use crate::model::Repo;

pub fn check(repo: &Repo, options: &super::Options, sink: &mut Sink) {
    let max_age = repo.policy.as_ref().map(|p| p.value.playbook_max_age_days);
    let used: std::collections::HashSet<&str> = repo.notifying().map(|a| a.playbook).collect();
    for playbook in &repo.playbooks {
        let (file, p) = (playbook.file, &playbook.value);
        let missing: Vec<&str> = REQUIRED_SECTIONS
            .iter()
            .copied()
            .filter(|required| !p.sections.iter().any(|s| s.level == 2 && s.title.eq_ignore_ascii_case(required)))
            .collect();
        // A required section written at another level (`### Escalation`) is pointed at.
        let misleveled: Vec<(&str, &crate::config::playbook::Section)> = missing
            .iter()
            .filter_map(|m| p.sections.iter().find(|s| s.title.eq_ignore_ascii_case(m)).map(|s| (*m, s)))
            .collect();
        for (title, section) in &misleveled {
            let written = "#".repeat(usize::from(section.level));
            sink.push(
                Diagnostic::new(
                    Code::MissingSection,
                    Location::position(file, section.line, 1, written.len() + 1 + section.title.chars().count()),
                    format!(
                        "playbook `{}` has `{written} {}`, a level-{} heading, where the section `## {title}` is required",
                        p.front.id, section.title, section.level
                    ),
                )
                .with_help(format!("use `##`: write `## {title}`")),
            );
        }
        let missing: Vec<&str> = missing.into_iter().filter(|m| !misleveled.iter().any(|(t, _)| t == m)).collect();
        if !missing.is_empty() {
            let headings: Vec<String> = missing.iter().map(|m| format!("## {m}")).collect();
            let headings: Vec<&str> = headings.iter().map(String::as_str).collect();
            sink.push(
                Diagnostic::new(
                    Code::MissingSection,
                    Location::value(file, Pointer::root() / "id"),
                    format!(
                        "playbook `{}` lacks the section{} {}",
                        p.front.id,
                        if missing.len() == 1 { "" } else { "s" },
                        list(&headings)
                    ),
                )
                .with_help("every playbook has `## What it means`, `## Initial steps` and `## Escalation`"),
            );
        }
        if p.front.last_reviewed > options.today {
            sink.push(
                Diagnostic::new(
                    Code::ReviewInFuture,
                    Location::value(file, Pointer::root() / "last_reviewed"),
                    format!(
                        "playbook `{}` says it was last reviewed on {}, after today ({})",
                        p.front.id, p.front.last_reviewed, options.today
                    ),
                )
                .with_help(
                    "write the day it was reviewed; a date in the future keeps it from ever being reported stale",
                ),
            );
        }
        if let Some(max_age) = max_age {
            let age = (options.today - p.front.last_reviewed).num_days();
            if age > i64::from(max_age) {
                sink.push(
                    Diagnostic::new(
                        Code::StalePlaybook,
                        Location::value(file, Pointer::root() / "last_reviewed"),
                        format!(
                            "playbook `{}` was last reviewed {age} days ago (the policy allows {max_age})",
                            p.front.id
                        ),
                    )
                    .with_help("review it against the current system and update `last_reviewed`"),
                );
            }
        }
        stub(file, p, sink);
        let is_used = used.contains(p.front.id.as_str()) || used.contains(p.stem.as_str());
        if !is_used && !repo.broken_alarms {
            sink.push(
                Diagnostic::new(
                    Code::UnusedPlaybook,
                    Location::value(file, Pointer::root() / "id"),
                    format!("no alarm uses playbook `{}`", p.front.id),
                )
                .with_help("set `playbook: ` on the alarms it serves, or delete it"),
            );
        }
    }
}

/// A playbook whose sections still say TODO (the stubs `oncall import` writes).
fn stub(file: crate::source::FileId, p: &crate::model::Playbook, sink: &mut Sink) {
    let todo: Vec<usize> = p
        .text
        .lines()
        .enumerate()
        .filter(|(_, line)| line.trim_start().starts_with("TODO"))
        .map(|(n, _)| p.text_line + n)
        .collect();
    let Some(first) = todo.first() else { return };
    let mut sections: Vec<String> = todo
        .iter()
        .filter_map(|line| p.sections.iter().rev().find(|s| s.level == 2 && s.line < *line))
        .map(|s| format!("## {}", s.title))
        .collect();
    sections.dedup();
    let sections: Vec<&str> = sections.iter().map(String::as_str).collect();
    let what = if sections.is_empty() { String::new() } else { format!(" in {}", list(&sections)) };
    sink.push(
        Diagnostic::new(
            Code::PlaybookStub,
            Location::position(file, *first, 1, 4),
            format!("playbook `{}` is a stub: TODO{what}", p.front.id),
        )
        .with_help("write what the alarm means, the first steps and whom to escalate to, then remove the TODO lines"),
    );
}
