//! The direct messages of a schedule change (`oncall notify --changes`): everyone whose shift
//! or shadowing in the coming days (today and the rotation's `remind_days_before` days after,
//! one when it sets none) was added, removed or moved by the last change of
//! `generated/schedule.json` hears it once, with the reason: an override (with its reason),
//! time off, someone leaving, or a rebalance of the plan. Reminders alone would miss a
//! same-day change.

use super::slack::{Post, mrkdwn, time};
use crate::model::ValidRepo;
use crate::schedule::{Schedule, Shift, Source};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;

const CHANGE: &str = include_str!("../../templates/slack/change.j2");

#[derive(Serialize)]
struct ChangeView {
    gained: bool,
    shadowing: bool,
    rotation: String,
    /// `Tue 2026-12-08 15:00-22:00`.
    when: String,
    /// Who held it before (a gained shift) and who holds it now (a lost one).
    from: Option<String>,
    to: Option<String>,
    /// The person on duty, for a shadowing gained.
    holder: String,
    why: String,
    #[serde(skip)]
    sort: (NaiveDate, String),
}

/// The posts telling people what `after` changed against `before` from `today` on.
pub fn change_posts(
    repo: &ValidRepo,
    before: &Schedule,
    after: &Schedule,
    today: NaiveDate,
    commit: &str,
) -> Result<Vec<Post>, minijinja::Error> {
    let policy = &repo.policy;
    let key = |s: &Shift| (s.date, s.rotation.clone());
    let old: BTreeMap<(NaiveDate, String), &Shift> = before.shifts.iter().map(|s| (key(s), s)).collect();
    let new: BTreeMap<(NaiveDate, String), &Shift> = after.shifts.iter().map(|s| (key(s), s)).collect();
    let name = |id: &str| repo.name_of(id).to_string();
    let when = |s: &Shift| {
        let (start, end) = time(s);
        format!("{} {} {start}-{end}", s.date.format("%a"), s.date)
    };
    // Why the slot changed hands, told to `whom`.
    let why = |slot: &(NaiveDate, String), before: Option<&Shift>, after: Option<&Shift>, whom: &str| -> String {
        let date = slot.0;
        if after.is_some_and(|s| s.source == Source::Override) {
            let reason = repo
                .overrides
                .iter()
                .find(|o| o.date == date && policy.rotations[o.rotation].name == slot.1)
                .and_then(|o| o.reason.clone());
            return match reason {
                Some(reason) => format!("an override, \"{reason}\""),
                None => "an override".to_string(),
            };
        }
        if let Some(previous) = before {
            let person = repo.index(&previous.person);
            let away = person
                .is_some_and(|p| repo.time_off.iter().any(|t| t.person == p && t.from <= date && date <= t.until));
            if away {
                return if previous.person == whom {
                    "your time off".to_string()
                } else {
                    format!("{} is away", name(&previous.person))
                };
            }
            let left = person.and_then(|p| repo.people[p].left).is_some_and(|left| left < date) || person.is_none();
            if left {
                return format!("{} has left the team", name(&previous.person));
            }
        }
        if after.is_none() {
            return "the rotation has no shift that day any more".to_string();
        }
        "the plan was rebalanced (someone joined, became eligible or came back)".to_string()
    };
    let mut per_person: BTreeMap<String, Vec<ChangeView>> = BTreeMap::new();
    let mut add = |person: &str, view: ChangeView| per_person.entry(person.to_string()).or_default().push(view);
    for rotation in &policy.rotations {
        let days = rotation.remind_days_before.unwrap_or(1);
        let last = today + chrono::Days::new(u64::from(days));
        let slots: std::collections::BTreeSet<&(NaiveDate, String)> = old
            .keys()
            .chain(new.keys())
            .filter(|(date, r)| *r == rotation.name && today <= *date && *date <= last)
            .collect();
        for slot in slots {
            let (was, is) = (old.get(slot).copied(), new.get(slot).copied());
            let shown = is.or(was).expect("the slot is in one of them");
            let view = |gained: bool, shadowing: bool, whom: &str| ChangeView {
                gained,
                shadowing,
                rotation: rotation.display.clone(),
                when: when(shown),
                from: if gained && !shadowing { was.map(|s| name(&s.person)) } else { None },
                to: if gained {
                    None
                } else if shadowing {
                    is.and_then(|s| s.shadow.as_deref()).map(name)
                } else {
                    is.map(|s| name(&s.person))
                },
                holder: is.map_or_else(String::new, |s| name(&s.person)),
                why: why(slot, was, is, whom),
                sort: (slot.0, rotation.name.clone()),
            };
            let (held, holds) = (was.map(|s| s.person.as_str()), is.map(|s| s.person.as_str()));
            if held != holds {
                if let Some(p) = held {
                    add(p, view(false, false, p));
                }
                if let Some(p) = holds {
                    add(p, view(true, false, p));
                }
            }
            let (shadowed, shadows) = (was.and_then(|s| s.shadow.as_deref()), is.and_then(|s| s.shadow.as_deref()));
            if shadowed != shadows {
                if let Some(p) = shadowed {
                    add(p, view(false, true, p));
                }
                if let Some(p) = shadows {
                    add(p, view(true, true, p));
                }
            }
        }
    }
    let mut env = minijinja::Environment::new();
    env.add_filter("mrkdwn", |s: String| mrkdwn(&s));
    env.add_template("change", CHANGE)?;
    let mut out = Vec::new();
    for (person, mut changes) in per_person {
        // Someone no longer in the team has no one to tell.
        let Some(p) = repo.person(&person) else { continue };
        changes.sort_by(|a, b| (&a.sort, a.shadowing, a.gained).cmp(&(&b.sort, b.shadowing, b.gained)));
        let text = env.get_template("change")?.render(minijinja::context! {
            commit => commit,
            timezone => &after.timezone,
            changes => minijinja::value::Value::from(minijinja::value::Serde(&changes)),
        })?;
        out.push(Post {
            at: "now".to_string(),
            kind: "change",
            method: "chat.postMessage",
            payload: json!({"channel": p.slack, "text": text.trim_end()}),
        });
    }
    Ok(out)
}
