//! The direct messages of a schedule change (`oncall notify --changes`): everyone whose shift
//! or shadowing in the coming days (today and the rotation's `remind_days_before` days after,
//! one when it sets none; a night shift still running counts) was added, removed, moved to
//! someone else or given other hours by the last change of `generated/schedule.json` hears it
//! once, with the reason: an override (with its reason), time off, leaving or leaving the
//! rotation, or a new plan of the roster. Reminders alone would miss a same-day change.

use super::slack::{Post, mrkdwn, time};
use crate::model::ValidRepo;
use crate::schedule::{Schedule, Shift, Source};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

const CHANGE: &str = include_str!("../../templates/slack/change.j2");

#[derive(Serialize)]
struct ChangeView {
    /// `gained`, `lost` or `hours` (the same person, other hours).
    kind: &'static str,
    shadowing: bool,
    /// The rotation's name, escaped for Slack.
    rotation: String,
    /// `Tue 2026-12-08 15:00-22:00`.
    when: String,
    /// The hours before, for `hours`.
    was: Option<String>,
    /// Who held it before (a gained shift) and who holds or shadows it now (a lost one).
    from: Option<String>,
    to: Option<String>,
    /// The person on duty, for shadowing gained.
    holder: String,
    why: String,
    #[serde(skip)]
    sort: (NaiveDate, String),
}

/// Why `whom` gained or lost `slot` (a shift, or its shadowing), in a few words.
fn why(
    repo: &ValidRepo,
    slot: &(NaiveDate, String),
    was: Option<&str>,
    is: Option<&str>,
    whom: &str,
    overridden: bool,
) -> String {
    let policy = &repo.policy;
    let date = slot.0;
    let name = |id: &str| repo.name_of(id).to_string();
    let you_or = |id: &str, you: &str, they: String| if id == whom { you.to_string() } else { they };
    let said = |o: &crate::model::valid::Override| match &o.reason {
        Some(reason) => format!(", \"{reason}\""),
        None => String::new(),
    };
    if overridden && let Some(o) = repo.override_on(date, &slot.1) {
        return format!("an override{}", said(o));
    }
    // Whoever moves away from the slot, and why.
    if let Some(id) = was {
        // An override gives them another rotation that day.
        let elsewhere = repo
            .overrides
            .iter()
            .find(|o| o.date == date && repo.people[o.person].id == id && policy.rotations[o.rotation].name != slot.1);
        if let Some(o) = elsewhere {
            let rotation = &policy.rotations[o.rotation].display;
            return you_or(
                id,
                &format!("an override gives you {rotation} that day{}", said(o)),
                format!("an override gives {} {rotation} that day{}", name(id), said(o)),
            );
        }
        if repo.index(id).is_some_and(|p| repo.away(p, date)) {
            return you_or(id, "your time off", format!("{} is away", name(id)));
        }
        match repo.person(id) {
            None => return format!("{} is no longer in the team", name(id)),
            Some(p) if p.left.is_some_and(|left| left < date) => {
                return you_or(id, "you have left the team", format!("{} has left the team", name(id)));
            }
            Some(p) if policy.rotation(&slot.1).is_some_and(|r| !p.rotations.contains(&r)) => {
                return you_or(
                    id,
                    "you are no longer in the rotation",
                    format!("{} is no longer in the rotation", name(id)),
                );
            }
            _ => {}
        }
    }
    if is.is_none() && was.is_some() {
        return "the rotation has no shift then any more".to_string();
    }
    "a new plan of the roster's changes".to_string()
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
    let name = |id: &str| mrkdwn(repo.name_of(id));
    let hours = |s: &Shift| {
        let (start, end) = time(s);
        format!("{start}-{end}")
    };
    let when = |s: &Shift| format!("{} {} {}", s.date.format("%a"), s.date, hours(s));
    // Today's first moment, where the policy's clock starts the day.
    let midnight = crate::schedule::calendar::local_instant(policy.timezone, today, 0);
    let mut per_person: BTreeMap<String, Vec<ChangeView>> = BTreeMap::new();
    let mut add = |person: &str, view: ChangeView| per_person.entry(person.to_string()).or_default().push(view);
    for rotation in &policy.rotations {
        let days = rotation.remind_days_before.unwrap_or(1);
        let last = today + chrono::Days::new(u64::from(days));
        let first = today.pred_opt().unwrap_or(today);
        let running = |s: &&Shift| s.date >= today || s.end > midnight;
        let slots: BTreeSet<&(NaiveDate, String)> = old
            .iter()
            .chain(new.iter())
            .filter(|((date, r), s)| *r == rotation.name && first <= *date && *date <= last && running(s))
            .map(|(slot, _)| slot)
            .collect();
        for slot in slots {
            let (was, is) = (old.get(slot).copied(), new.get(slot).copied());
            let shown = is.or(was).expect("the slot is in one of them");
            let overridden = is.is_some_and(|s| s.source == Source::Override);
            let view = |kind: &'static str, shadowing: bool, reason: String| ChangeView {
                kind,
                shadowing,
                rotation: mrkdwn(&rotation.display),
                when: when(shown),
                was: (kind == "hours").then(|| was.map(hours)).flatten(),
                from: if kind == "gained" && !shadowing { was.map(|s| name(&s.person)) } else { None },
                to: match (kind, shadowing) {
                    ("lost", true) => is.and_then(|s| s.shadow.as_deref()).map(name),
                    ("lost", false) => is.map(|s| name(&s.person)),
                    _ => None,
                },
                holder: is.map_or_else(String::new, |s| name(&s.person)),
                why: mrkdwn(&reason),
                sort: (slot.0, rotation.name.clone()),
            };
            let (held, holds) = (was.map(|s| s.person.as_str()), is.map(|s| s.person.as_str()));
            if held != holds {
                for (person, kind) in [(held, "lost"), (holds, "gained")] {
                    if let Some(p) = person {
                        add(p, view(kind, false, why(repo, slot, held, holds, p, overridden)));
                    }
                }
            } else if let (Some(p), Some(a), Some(b)) = (held, was, is)
                && (a.start, a.end) != (b.start, b.end)
            {
                add(p, view("hours", false, "the rotation's hours changed".to_string()));
            }
            let (shadowed, shadows) = (was.and_then(|s| s.shadow.as_deref()), is.and_then(|s| s.shadow.as_deref()));
            if shadowed != shadows {
                for (person, kind) in [(shadowed, "lost"), (shadows, "gained")] {
                    if let Some(p) = person {
                        add(p, view(kind, true, why(repo, slot, shadowed, shadows, p, false)));
                    }
                }
            }
        }
    }
    let mut env = minijinja::Environment::new();
    env.add_template("change", CHANGE)?;
    let mut out = Vec::new();
    for (person, mut changes) in per_person {
        // Someone no longer in the team, or gone before today, is not written to.
        let Some(p) = repo.person(&person) else { continue };
        if p.left.is_some_and(|left| left < today) {
            continue;
        }
        changes.sort_by(|a, b| (&a.sort, a.shadowing, a.kind).cmp(&(&b.sort, b.shadowing, b.kind)));
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
