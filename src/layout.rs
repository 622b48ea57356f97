//! The repository layout (README, "Repository layout"): one row per kind of file, saying where it lives, whether
//! it is required, its JSON Schema and what to write in it when it is empty. The loader,
//! `oncall schema`, the schema validators and OC007 (missing file) all read this table; a new
//! kind of roster file is a row here (which declares its [`Kind`] too) plus its types in
//! [`crate::config`].

use crate::config::{AlarmsFile, FrontMatter, Override, PitchCycle, Policy, Team, TimeOff};
use schemars::JsonSchema;

/// Where files of a kind live.
#[derive(Clone, Copy, Debug)]
pub enum Place {
    /// One file at this path.
    File(&'static str),
    /// Every file directly in `dir` whose extension is one of `extensions`; `other` says what
    /// belongs there, for any other entry.
    Dir {
        dir: &'static str,
        extensions: &'static [&'static str],
        other: &'static str,
        /// Other files that may sit beside them and are not read (a playbook's diagrams),
        /// by extension, and subdirectories by name.
        beside: &'static [&'static str],
    },
}

/// What is read from a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Yaml,
    /// Markdown with YAML front matter between `---` lines.
    FrontMatter,
}

/// One kind of file.
#[derive(Clone, Copy, Debug)]
pub struct Row {
    pub kind: Kind,
    pub place: Place,
    pub format: Format,
    pub required: bool,
    /// The schema's name: `schemas/<name>.schema.json`.
    pub name: &'static str,
    /// The schema's title.
    pub title: &'static str,
    /// The schema of the whole file (draft 7).
    pub schema: fn(schemars::generate::SchemaGenerator) -> schemars::Schema,
    /// What to write when the file holds no YAML value.
    pub empty: &'static str,
    /// JSON pointers of the lists whose items are independent: an item that fails its
    /// schema is left out and the rest of the file is still checked.
    pub items: &'static [&'static str],
}

fn root<T: JsonSchema>(generator: schemars::generate::SchemaGenerator) -> schemars::Schema {
    generator.into_root_schema_for::<T>()
}

pub(crate) const LIST_EMPTY: &str = "write `[]` for an empty list, or delete the file";
const REQUIRED_EMPTY: &str = "this file is required: see the README for its keys";

/// Declares [`Kind`] and [`TABLE`] together, so that no kind can lack its row.
macro_rules! layout {
    ($( $kind:ident { $($field:ident: $value:expr),* $(,)? } )*) => {
        /// The kinds of file in a configuration repository, in the order of [`TABLE`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Kind {
            $( $kind, )*
        }

        /// Every kind of file, in the order they are read.
        pub const TABLE: [Row; [$(Kind::$kind),*].len()] = [
            $( Row { kind: Kind::$kind, $($field: $value),* }, )*
        ];
    };
}

layout! {
    Team {
        place: Place::File("roster/team.yaml"),
        format: Format::Yaml,
        required: true,
        name: "team",
        title: "oncall-as-code roster/team.yaml",
        schema: root::<Team>,
        empty: REQUIRED_EMPTY,
        items: &["/people"],
    }
    Policy {
        place: Place::File("roster/policy.yaml"),
        format: Format::Yaml,
        required: true,
        name: "policy",
        title: "oncall-as-code roster/policy.yaml",
        schema: root::<Policy>,
        empty: REQUIRED_EMPTY,
        items: &[],
    }
    TimeOff {
        place: Place::File("roster/time-off.yaml"),
        format: Format::Yaml,
        required: false,
        name: "time-off",
        title: "oncall-as-code roster/time-off.yaml",
        schema: root::<Vec<TimeOff>>,
        empty: LIST_EMPTY,
        items: &[""],
    }
    Overrides {
        place: Place::File("roster/overrides.yaml"),
        format: Format::Yaml,
        required: false,
        name: "overrides",
        title: "oncall-as-code roster/overrides.yaml",
        schema: root::<Vec<Override>>,
        empty: LIST_EMPTY,
        items: &[""],
    }
    PitchCycles {
        place: Place::File("roster/pitch-cycles.yaml"),
        format: Format::Yaml,
        required: false,
        name: "pitch-cycles",
        title: "oncall-as-code roster/pitch-cycles.yaml",
        schema: root::<Vec<PitchCycle>>,
        empty: LIST_EMPTY,
        items: &[""],
    }
    Alarms {
        place: Place::Dir {
            dir: "alarms",
            extensions: &["yaml", "yml"],
            other: "alarm files end in `.yaml` or `.yml` and sit directly in `alarms/`",
            beside: &[],
        },
        format: Format::Yaml,
        required: false,
        name: "alarms",
        title: "oncall-as-code alarms/*.yaml",
        schema: root::<AlarmsFile>,
        empty: "write `alarms: []`, or delete the file",
        items: &["/alarms", "/composite_alarms", "/log_metric_filters"],
    }
    Playbook {
        place: Place::Dir {
            dir: "playbooks",
            extensions: &["md"],
            other: "playbooks are `playbooks/<id>.md` files (lowercase `.md`), directly in `playbooks/`",
            // What playbooks show and link to: pictures, diagrams, documents, and folders of them.
            beside: &[
                "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "pdf", "drawio", "excalidraw", "mmd", "puml",
                "images/", "img/", "assets/", "diagrams/", "media/",
            ],
        },
        format: Format::FrontMatter,
        required: false,
        name: "playbook",
        title: "oncall-as-code playbook front matter",
        schema: root::<FrontMatter>,
        empty: "write `id`, `title`, `owner` and `last_reviewed` between the `---` lines",
        items: &[],
    }
}

impl Kind {
    /// This kind's row of [`TABLE`].
    pub fn row(self) -> &'static Row {
        &TABLE[self as usize]
    }

    /// The schema's name: `schemas/<name>.schema.json`.
    pub fn name(self) -> &'static str {
        self.row().name
    }
}

/// The directory of a row's files.
pub fn dir(row: &Row) -> &'static str {
    match row.place {
        Place::File(path) => path.rsplit_once('/').map_or("", |(dir, _)| dir),
        Place::Dir { dir, .. } => dir,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_in_kind_order() {
        for (i, row) in TABLE.iter().enumerate() {
            assert_eq!(row.kind as usize, i, "row {i} is {:?}", row.kind);
        }
    }
}
