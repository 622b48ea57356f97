//! The pull-request comment of `oncall diff` and the commit message and pull-request body of
//! `oncall publish`, from [`Changes`]: a reader knows in ten seconds what a branch does.
//! Names are escaped so that a comment cannot ping anyone or inject markup.

use crate::changes::{Changes, ShiftRef};
use crate::model::ValidRepo;
use serde::Serialize;
use serde_json::Value;

const TEMPLATE: &str = include_str!("../../templates/diff.md.j2");

#[derive(Serialize)]
struct PersonView {
    person: String,
    name: String,
    gained: String,
    lost: String,
}

fn shifts_text(shifts: &[ShiftRef]) -> String {
    if shifts.is_empty() {
        return "-".to_string();
    }
    shifts
        .iter()
        .map(|s| {
            let what = if s.shadowing { format!("{}, shadowing", s.rotation) } else { s.rotation.clone() };
            match &s.reason {
                Some(reason) => {
                    format!("{} {} ({what}; override: {})", s.date.format("%a"), s.date, comment_text(reason))
                }
                None => format!("{} {} ({what})", s.date.format("%a"), s.date),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Text that cannot ping anyone or inject markup in a pull-request comment.
fn comment_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('@', "&#64;")
        .replace('|', "\\|")
        .replace('*', "\\*")
        .replace('_', "\\_")
}

fn value_text(value: &Option<Value>) -> String {
    match value {
        None => "(unset)".to_string(),
        Some(Value::Number(n)) if n.as_f64().is_some_and(|f| f.fract() == 0.0 && f.abs() < 1e15) => {
            format!("`{}`", n.as_f64().unwrap_or_default() as i64)
        }
        Some(Value::String(s)) => format!("`{}`", s.replace('`', "'")),
        Some(other) => format!("`{other}`"),
    }
}

/// The pull-request comment: a reader knows in ten seconds what the branch does.
pub fn markdown(changes: &Changes, head: &ValidRepo, base_ref: &str) -> Result<String, minijinja::Error> {
    let name = |id: &str| comment_text(&head.person(id).map_or_else(|| id.to_string(), |p| p.name.clone()));
    let people: Vec<PersonView> = changes
        .shifts
        .iter()
        .map(|p| PersonView {
            person: p.person.clone(),
            name: name(&p.person),
            gained: shifts_text(&p.gained),
            lost: shifts_text(&p.lost),
        })
        .collect();
    let changed: Vec<(String, Vec<String>)> = changes
        .alarms_changed
        .iter()
        .map(|c| {
            (
                c.id.clone(),
                c.fields
                    .iter()
                    .map(|f| format!("{} {} -> {}", f.field, value_text(&f.before), value_text(&f.after)))
                    .collect(),
            )
        })
        .collect();
    let mut env = minijinja::Environment::new();
    env.add_template("diff.md", TEMPLATE)?;
    #[derive(Serialize)]
    struct View<'a> {
        base: &'a str,
        empty: bool,
        moved: usize,
        unplanned: usize,
        planned: usize,
        people: Vec<PersonView>,
        extended: &'a Option<crate::changes::Extent>,
        shortened: &'a Option<crate::changes::Extent>,
        history_dropped: usize,
        added: &'a [String],
        removed: &'a [String],
        changed: Vec<(String, Vec<String>)>,
        playbooks_added: &'a [String],
        playbooks_removed: &'a [String],
        playbooks_changed: &'a [String],
        people_added: Vec<String>,
        people_removed: &'a [String],
    }
    let view = View {
        base: base_ref,
        empty: changes.is_empty(),
        moved: changes.moved,
        unplanned: changes.unplanned,
        planned: changes.planned,
        people,
        extended: &changes.extended,
        shortened: &changes.shortened,
        history_dropped: changes.history_dropped,
        added: &changes.alarms_added,
        removed: &changes.alarms_removed,
        changed,
        playbooks_added: &changes.playbooks_added,
        playbooks_removed: &changes.playbooks_removed,
        playbooks_changed: &changes.playbooks_changed,
        people_added: changes
            .people_added
            .iter()
            .map(|p| {
                let gained = changes
                    .shifts
                    .iter()
                    .find(|s| &s.person == p)
                    .map_or(0, |s| s.gained.iter().filter(|g| !g.shadowing).count());
                let shifts = changes.ahead.get(p).copied().unwrap_or(gained);
                format!("{} (`{p}`), {shifts} shift(s) from today on", name(p))
            })
            .collect(),
        people_removed: &changes.people_removed,
    };
    let mut text = env.get_template("diff.md")?.render(minijinja::value::Serde(&view))?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

/// The texts of a publication: pull-request title, commit message, pull-request body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Publication {
    pub title: String,
    pub message: String,
    pub body: String,
}

/// The texts of the commit that publishes regenerated artifacts from `base` at commit
/// `short`, changing the files `changed`; the commit message ends with `trailer`.
pub fn publication(changes: &Changes, base: &str, short: &str, changed: &[String], trailer: &str) -> Publication {
    let title = format!("oncall: regenerate schedule, calendars and alarms ({short})");
    let mut message = format!("{title}\n\n");
    for line in changes.summary() {
        message.push_str(&format!("- {line}\n"));
    }
    message.push_str(&format!("- {} generated file(s) changed\n\n{trailer}\n", changed.len()));
    let mut body = format!("Regenerated by `oncall publish` from `{base}` at {short}.\n\n");
    for line in changes.summary() {
        body.push_str(&format!("- {line}\n"));
    }
    body.push_str("\nChanged files:\n\n");
    for path in changed {
        body.push_str(&format!("- `{path}`\n"));
    }
    Publication { title, message, body }
}
