//! Cross-file references: alarms to playbooks (the core rule), people, channels and
//! rotations named anywhere, override membership and dates, and unique ids across files.

use crate::diag::{Code, Diagnostic, Location, Part, Pointer, Sink, list};
use crate::model::Repo;
use std::collections::HashMap;

pub fn check(repo: &Repo, options: &super::Options, sink: &mut Sink) {
    duplicate_ids(repo, sink);
    playbooks_exist(repo, sink);
    people_exist(repo, options.today, sink);
    channels_and_rotations_exist(repo, sink);
    overrides(repo, options.today, sink);
}

/// Reports every id seen before: `what` names the kind of entry.
fn report_duplicates<'a>(what: &str, entries: impl Iterator<Item = (&'a str, Location)>, sink: &mut Sink) {
    let mut seen: HashMap<&str, Location> = HashMap::new();
    for (id, location) in entries {
        match seen.get(id) {
            Some(first) => sink.push(
                Diagnostic::new(Code::DuplicateId, location, format!("{what} id `{id}` is used twice"))
                    .with_label(first.clone(), "first used here")
                    .with_help("ids must be unique: rename one of them"),
            ),
            None => {
                seen.insert(id, location);
            }
        }
    }
}

fn duplicate_ids(repo: &Repo, sink: &mut Sink) {
    if let Some(team) = &repo.team {
        let people = team
            .people()
            .map(|(i, p)| (p.id.as_str(), Location::value(team.file, Pointer::root() / "people" / i / "id")));
        report_duplicates("person", people, sink);
    }
    let alarms = repo.notifying().map(|a| (a.id, a.value("id")));
    report_duplicates("alarm", alarms, sink);
    let filters = repo
        .log_metric_filters()
        .map(|(file, i, f)| (f.id.as_str(), Location::value(file, Pointer::root() / "log_metric_filters" / i / "id")));
    report_duplicates("log metric filter", filters, sink);
    let playbooks =
        repo.playbooks.iter().map(|p| (p.value.front.id.as_str(), Location::value(p.file, Pointer::root() / "id")));
    report_duplicates("playbook", playbooks, sink);
}

fn playbooks_exist(repo: &Repo, sink: &mut Sink) {
    for playbook in &repo.playbooks {
        if playbook.value.front.id != playbook.value.stem {
            sink.push(
                Diagnostic::new(
                    Code::PlaybookIdMismatch,
                    Location::value(playbook.file, Pointer::root() / "id"),
                    format!(
                        "playbook id `{}` does not match its file name `{}`",
                        playbook.value.front.id, playbook.value.file_name
                    ),
                )
                .with_help(format!(
                    "rename the file to `playbooks/{}.md` or set `id: {}`",
                    playbook.value.front.id, playbook.value.stem
                )),
            );
        }
    }
    // A playbook whose id and file name disagree is reported once, by OC208: both names count.
    let names: std::collections::HashSet<&str> =
        repo.playbooks.iter().flat_map(|p| [p.value.front.id.as_str(), p.value.stem.as_str()]).collect();
    for alarm in repo.notifying() {
        let known = names.contains(alarm.playbook) || repo.broken_playbooks.contains(alarm.playbook);
        if !known {
            sink.push(
                Diagnostic::new(
                    Code::MissingPlaybook,
                    alarm.value("playbook"),
                    format!("{} `{}` names playbook `{}`, which does not exist", alarm.kind, alarm.id, alarm.playbook),
                )
                .with_primary_label("no playbook with this id")
                .with_path_label(format!("playbooks/{}.md", alarm.playbook), "expected here")
                .with_help(format!(
                    "create `playbooks/{}.md` with `id: {}`, or name an existing playbook",
                    alarm.playbook, alarm.playbook
                )),
            );
        }
    }
}

/// A reference to someone not in the team; `past` when the entry ends before today (the
/// record of someone who was removed: a warning).
fn unknown_person(repo: &Repo, id: &str, at: Location, role: &str, past: bool) -> Option<Diagnostic> {
    let team = repo.team.as_ref()?;
    if repo.person(id).is_some() || repo.broken_people.contains(id) {
        return None;
    }
    if past {
        return Some(
            Diagnostic::new(
                Code::PastEntryUnknownPerson,
                at,
                format!("{role} `{id}` is no longer in the team; the entry stays as the record of the past"),
            )
            .with_label(Location::key(team.file, Pointer::root() / "people"), "people are defined here")
            .with_help("set `left: YYYY-MM-DD` on people who leave instead of removing them, or delete the entry"),
        );
    }
    let ids: Vec<&str> = team.value.people.iter().map(|p| p.id.as_str()).collect();
    let help = match crate::diag::closest(id, &ids) {
        Some(close) => format!("did you mean `{close}`?"),
        None => "use the `id` of a person in `roster/team.yaml`".to_string(),
    };
    Some(
        Diagnostic::new(Code::UnknownPerson, at, format!("{role} `{id}` is not in the team"))
            .with_label(Location::key(team.file, Pointer::root() / "people"), "people are defined here")
            .with_help(help),
    )
}

fn people_exist(repo: &Repo, today: chrono::NaiveDate, sink: &mut Sink) {
    let mut found = Vec::new();
    for playbook in &repo.playbooks {
        found.extend(unknown_person(
            repo,
            &playbook.value.front.owner,
            Location::value(playbook.file, Pointer::root() / "owner"),
            "playbook owner",
            false,
        ));
    }
    for file in &repo.time_off {
        for (i, entry) in file.items() {
            found.extend(unknown_person(
                repo,
                &entry.person,
                Location::value(file.file, Pointer::root() / i / "person"),
                "time-off person",
                entry.until < today,
            ));
        }
    }
    for file in &repo.overrides {
        for (i, entry) in file.items() {
            found.extend(unknown_person(
                repo,
                &entry.person,
                Location::value(file.file, Pointer::root() / i / "person"),
                "override person",
                entry.date < today,
            ));
        }
    }
    for file in &repo.pitch_cycles {
        for (i, cycle) in file.items() {
            for (j, person) in cycle.participants.iter().enumerate() {
                found.extend(unknown_person(
                    repo,
                    person,
                    Location::value(file.file, Pointer::root() / i / "participants" / j),
                    "pitch-cycle participant",
                    cycle.until < today,
                ));
            }
        }
    }
    for diagnostic in found {
        sink.push(diagnostic);
    }
}

fn channels_and_rotations_exist(repo: &Repo, sink: &mut Sink) {
    let Some(policy) = &repo.policy else { return };
    let channel_keys: Vec<&str> = policy.value.channels.keys().map(String::as_str).collect();
    let unknown_channel = |key: &str, at: Location, role: &str| {
        Diagnostic::new(Code::UnknownChannel, at, format!("{role} `{key}` is not a channel of the policy"))
            .with_label(Location::key(policy.file, Pointer::root() / "channels"), "channels are defined here")
            .with_help(one_of(key, &channel_keys))
    };
    for alarm in repo.notifying() {
        if !policy.value.channels.contains_key(alarm.channel) {
            sink.push(unknown_channel(alarm.channel, alarm.value("channel"), "alarm channel"));
        }
    }
    for (name, rotation) in &policy.value.rotations {
        if let Some(announce) = &rotation.announce
            && !policy.value.channels.contains_key(&announce.channel)
        {
            let at = Location::value(policy.file, Pointer::root() / "rotations" / name / "announce" / "channel");
            sink.push(unknown_channel(&announce.channel, at, "announcement channel"));
        }
    }

    let rotation_names: Vec<&str> = policy.value.rotations.keys().map(String::as_str).collect();
    let unknown_rotation = |name: &str, at: Location| {
        Diagnostic::new(Code::UnknownRotation, at, format!("rotation `{name}` is not defined in the policy"))
            .with_label(Location::key(policy.file, Pointer::root() / "rotations"), "rotations are defined here")
            .with_help(one_of(name, &rotation_names))
    };
    if let Some(team) = &repo.team {
        for (i, person) in team.people() {
            for (j, rotation) in person.rotations.iter().enumerate() {
                if !policy.value.rotations.contains_key(rotation) {
                    sink.push(unknown_rotation(
                        rotation,
                        Location::value(team.file, Pointer::root() / "people" / i / "rotations" / j),
                    ));
                }
            }
        }
    }
    for file in &repo.overrides {
        for (i, entry) in file.items() {
            if !policy.value.rotations.contains_key(&entry.rotation) {
                sink.push(unknown_rotation(
                    &entry.rotation,
                    Location::value(file.file, Pointer::root() / i / "rotation"),
                ));
            }
        }
    }
}

fn overrides(repo: &Repo, today: chrono::NaiveDate, sink: &mut Sink) {
    for file in &repo.overrides {
        for (i, entry) in file.items() {
            if let (Some(policy), Some(person)) = (&repo.policy, repo.person(&entry.person))
                && policy.value.rotations.contains_key(&entry.rotation)
                && !person.rotations.contains(&entry.rotation)
            {
                sink.push(
                    Diagnostic::new(
                        Code::OverrideNotMember,
                        Location::value(file.file, Pointer::root() / i / "person"),
                        format!("`{}` is not a member of rotation `{}`", entry.person, entry.rotation),
                    )
                    .with_label(person_location(repo, &entry.person, Some("rotations")), "their rotations")
                    .with_help(format!("add `{}` to their `rotations`, or give the shift to a member", entry.rotation)),
                );
            }
            if let Some(policy) = &repo.policy {
                // An inverted window is reported once, by OC403, a window without an end by
                // OC414. An override before today corrects the record, whatever the window.
                // A rolling plan reaches an override after its current end in time.
                let rolling = policy.value.schedule.horizon_months.is_some();
                if let Some(window) = policy.value.schedule.range(today)
                    && window.from <= window.until
                    && !window.contains(entry.date)
                    && entry.date >= today
                    && !(rolling && entry.date > window.until)
                {
                    sink.push(
                        Diagnostic::new(
                            Code::OverrideOutsideWindow,
                            Location::value(file.file, Pointer::root() / i / "date"),
                            format!(
                                "override date {} is outside the schedule window {} to {}",
                                entry.date, window.from, window.until
                            ),
                        )
                        .with_label(Location::key(policy.file, Pointer::root() / "schedule"), "the window")
                        .with_help(if entry.date > window.until {
                            "move `until` later (or plan on a rolling horizon, `horizon_months`), or fix the date"
                        } else {
                            "fix the date, or move the schedule window"
                        }),
                    );
                }
            }
        }
    }
}

/// "did you mean" when `word` is a near miss of one of `names`, else the list of names.
fn one_of(word: &str, names: &[&str]) -> String {
    crate::diag::did_you_mean(&crate::diag::closest_all(word, names))
        .unwrap_or_else(|| format!("use one of {}", list(names)))
}

/// Where a person (or an optional field of theirs, shown at the person when absent) is in
/// `team.yaml`.
pub(crate) fn person_location(repo: &Repo, id: &str, field: Option<&str>) -> Location {
    let team = repo.team.as_ref().expect("callers found the person in the team");
    let index = team.people().find(|(_, p)| p.id == id).map_or(0, |(i, _)| i);
    let person = Pointer::root() / "people" / index;
    match field {
        Some(field) => Location::near(team.file, (person / field).as_str(), Part::Key),
        None => Location::key(team.file, person),
    }
}
