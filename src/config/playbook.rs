//! `playbooks/<id>.md`: YAML front matter, then Markdown sections.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The front matter of a playbook.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The id alarms refer to; equal to the file name without `.md`.
    #[schemars(pattern(r"^[a-z][a-z0-9-]*$"))]
    pub id: String,
    /// Title shown in links and announcements.
    pub title: String,
    /// The person id responsible for keeping the playbook current.
    pub owner: String,
    /// The day the playbook was last read against the system.
    pub last_reviewed: NaiveDate,
}

/// A `##` section heading of a playbook body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    /// 1-based line in the file.
    pub line: usize,
    /// 2 for `##`; headings of the other levels are kept to point at a `### Escalation`
    /// written for `## Escalation`.
    pub level: u8,
}

/// The sections every playbook must have.
pub const REQUIRED_SECTIONS: [&str; 3] = ["What it means", "Initial steps", "Escalation"];

/// The second-level headings of a Markdown body, in order; `first_line` is the body's line in the file.
pub fn sections(body: &str, first_line: usize) -> Vec<Section> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = Vec::new();
    let mut current: Option<(String, usize, u8)> = None;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let line = first_line + body[..range.start].matches('\n').count();
                current = Some((String::new(), line, level as u8));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((title, ..)) = current.as_mut() {
                    title.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((title, line, level)) = current.take() {
                    out.push(Section { title: title.trim().to_string(), line, level });
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_outside_code_only() {
        let body =
            "# Title\n\n## What it means\n\ntext\n\n```\n## Escalation\n```\n\nSetext\n------\n## Initial `steps`\n";
        let found = sections(body, 6);
        assert_eq!(
            found,
            vec![
                Section { title: "Title".into(), line: 6, level: 1 },
                Section { title: "What it means".into(), line: 8, level: 2 },
                Section { title: "Setext".into(), line: 16, level: 2 },
                Section { title: "Initial steps".into(), line: 18, level: 2 },
            ]
        );
    }
}
