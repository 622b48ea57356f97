//! `oncall who`: who holds each rotation at a moment, from the generated schedule.

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use oncall_as_code::schedule::Shift;
use oncall_as_code::{LintOptions, lint};
use serde_json::json;
use std::path::Path;

/// Show who is on duty now (or at --at), with their Slack id and phone.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The moment: RFC 3339 (2026-12-07T16:00:00+01:00) or local time in the policy's zone
    /// (2026-12-07T16:00 or "2026-12-07 16:00"). Default: now (this time of day on --today's
    /// day, when given).
    #[arg(long, value_name = "DATETIME")]
    at: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = WhoFormat::Human)]
    format: WhoFormat,
    /// The first day not yet history, when the roster changed since the schedule was generated
    /// (default: today in the policy's time zone): shifts before it are shown as recorded.
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum WhoFormat {
    Human,
    Json,
}

pub fn parse_at(text: &str, tz: chrono_tz::Tz) -> Result<DateTime<Utc>, String> {
    if let Ok(at) = DateTime::<FixedOffset>::parse_from_rfc3339(text) {
        return Ok(at.with_timezone(&Utc));
    }
    if let Ok(at) = DateTime::<FixedOffset>::parse_from_str(text, "%Y-%m-%dT%H:%M%:z") {
        return Ok(at.with_timezone(&Utc));
    }
    // UTC written with `Z` and no seconds: 2026-12-07T15:00Z.
    if let Some(naive) =
        text.strip_suffix(['Z', 'z']).and_then(|t| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M").ok())
    {
        return Ok(Utc.from_utc_datetime(&naive));
    }
    let naive = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .ok_or_else(|| {
            format!("`{text}` is not a date and time; write 2026-12-07T16:00 (local) or 2026-12-07T16:00:00+01:00")
        })?;
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
        .ok_or_else(|| format!("{text} does not exist in {tz}: the clocks skip that hour for daylight saving time"))
}

pub fn run(root: &Path, args: &Args) -> u8 {
    let (path, committed, tz) = match super::committed_schedule(root) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let at = match &args.at {
        // Now, or this time of day on --today's day.
        None => match args.today {
            None => Utc::now(),
            Some(day) => {
                let time = Utc::now().with_timezone(&tz).time();
                match tz.from_local_datetime(&day.and_time(time)).earliest() {
                    Some(at) => at.with_timezone(&Utc),
                    None => return super::fail(format!("{day} {time} does not exist in {tz}; give --at")),
                }
            }
        },
        Some(text) => match parse_at(text, tz) {
            Ok(at) => at,
            Err(message) => return super::fail(message),
        },
    };
    let today = at.with_timezone(&tz).date_naive();
    // The roster as of today (not of the moment asked about): a rolling plan ends where it
    // does now.
    let now = super::today_in(tz, args.today);
    let report = lint(root, &LintOptions { today: now, deny_warnings: false }).ok();
    let schedule = super::current_schedule(&path, committed, report.as_ref(), now);
    let repo = report.map(|r| r.repo);
    let mut rotations: Vec<String> = repo
        .as_ref()
        .and_then(|r| r.policy.as_ref())
        .map(|p| p.value.rotations.keys().cloned().collect())
        .unwrap_or_default();
    for shift in &schedule.shifts {
        if !rotations.contains(&shift.rotation) {
            rotations.push(shift.rotation.clone());
        }
    }
    let on_duty = |rotation: &str| -> Option<&Shift> {
        schedule
            .shifts
            .iter()
            .find(|s| s.rotation == rotation && s.start.with_timezone(&Utc) <= at && at < s.end.with_timezone(&Utc))
    };
    // Until when the person on duty stays: the end of their shift, or of the shifts of theirs
    // that follow it without a break (a weekly rotation's 24-hour days).
    let until = |shift: &Shift| -> DateTime<FixedOffset> {
        let mut end = shift.end;
        for next in schedule.shifts.iter().filter(|s| s.rotation == shift.rotation && s.start >= shift.end) {
            if next.start != end || next.person != shift.person {
                break;
            }
            end = next.end;
        }
        end
    };
    // The first shift of the rotation that starts after the moment (after the stretch of duty
    // of whoever is on duty then): whom to expect next.
    let next = |rotation: &str| -> Option<&Shift> {
        let after =
            on_duty(rotation).map_or(at, |shift| until(shift).with_timezone(&Utc) - chrono::Duration::seconds(1));
        schedule
            .shifts
            .iter()
            .filter(|s| s.rotation == rotation && s.start.with_timezone(&Utc) > after)
            .min_by_key(|s| s.start.with_timezone(&Utc))
    };
    let person = |id: &str| repo.as_ref().and_then(|r| r.person(id)).cloned();
    let local = at.with_timezone(&tz);
    let outside = !(schedule.from..=schedule.until).contains(&today);
    match args.format {
        WhoFormat::Json => {
            let entries: Vec<_> = rotations
                .iter()
                .map(|rotation| {
                    let mut entry = match on_duty(rotation) {
                    Some(shift) => {
                        let p = person(&shift.person);
                        json!({
                            "rotation": rotation,
                            "person": shift.person,
                            "name": p.as_ref().map(|p| &p.name),
                            "slack": p.as_ref().map(|p| &p.slack),
                            "phone": p.as_ref().map(|p| &p.phone),
                            "start": shift.start,
                            "end": shift.end,
                            "until": until(shift),
                            "shadow": shift.shadow,
                            "shadow_name": shift.shadow.as_deref().and_then(person).map(|p| p.name),
                        })
                    }
                    None => json!({"rotation": rotation, "person": null, "reason": if outside { "outside_schedule" } else { "outside_shift_hours" }}),
                    };
                    entry["next"] = next(rotation).map_or(serde_json::Value::Null, |shift| {
                        json!({"person": shift.person, "name": person(&shift.person).map(|p| p.name), "start": shift.start, "end": shift.end})
                    });
                    entry
                })
                .collect();
            let out = json!({"at": local.to_rfc3339(), "timezone": schedule.timezone, "outside_schedule": outside, "rotations": entries});
            println!("{}", serde_json::to_string_pretty(&out).expect("JSON values serialise"));
        }
        WhoFormat::Human => {
            println!("{} ({})", local.format("%Y-%m-%d %H:%M %a"), schedule.timezone);
            if outside {
                println!("note: {today} is outside the generated schedule ({} to {})", schedule.from, schedule.until);
            }
            let width = rotations.iter().map(String::len).max().unwrap_or(0) + 1;
            // A local time: the hour on the day asked about, with the day on another.
            let clock = |at: &DateTime<FixedOffset>| {
                let at = at.with_timezone(&tz);
                if at.date_naive() == local.date_naive() {
                    at.format("%H:%M").to_string()
                } else {
                    at.format("%a %Y-%m-%d %H:%M").to_string()
                }
            };
            for rotation in &rotations {
                let label = format!("{rotation}:");
                let then = next(rotation).map(|shift| {
                    let name = person(&shift.person)
                        .map_or_else(|| shift.person.clone(), |p| format!("{} ({})", p.name, p.id));
                    format!("; next: {name} from {}", clock(&shift.start))
                });
                match on_duty(rotation) {
                    Some(shift) => {
                        let who = match person(&shift.person) {
                            Some(p) => format!("{} ({}), Slack {}, phone {}", p.name, p.id, p.slack, p.phone),
                            None => shift.person.clone(),
                        };
                        let shadow = shift
                            .shadow
                            .as_ref()
                            .map(|s| match person(s) {
                                Some(p) => format!(", shadowed by {} ({})", p.name, p.id),
                                None => format!(", shadowed by {s}"),
                            })
                            .unwrap_or_default();
                        // A night shift ends on another day than the moment asked about.
                        println!(
                            "{label:<width$} {who}, until {}{shadow}{}",
                            clock(&until(shift)),
                            then.unwrap_or_default()
                        );
                    }
                    None if outside => {
                        println!("{label:<width$} unknown (no schedule covers this day){}", then.unwrap_or_default())
                    }
                    None => println!(
                        "{label:<width$} nobody on duty (outside the rotation's shift hours){}",
                        then.unwrap_or_default()
                    ),
                }
            }
        }
    }
    if outside {
        let horizon = repo.as_ref().and_then(|r| r.policy.as_ref()).and_then(|p| p.value.schedule.horizon_months);
        return super::fail_with(super::FAILURE, uncovered(today, &schedule, horizon));
    }
    0
}

/// Why nobody can be named for `day`: the plan does not cover it, and what would (`horizon`:
/// the policy's `horizon_months`, for a rolling plan).
pub fn uncovered(
    day: chrono::NaiveDate,
    schedule: &oncall_as_code::schedule::Schedule,
    horizon: Option<u32>,
) -> String {
    let (from, until) = (schedule.from, schedule.until);
    if day < from {
        return format!(
            "no plan covers {day}: the schedule starts on {from} (days before it are not planned, and history older \
             than `schedule.lookback_days` is no longer kept)"
        );
    }
    match horizon {
        Some(months) => {
            let reached = oncall_as_code::config::roster::month_start(day)
                .checked_sub_months(chrono::Months::new(months))
                .map_or_else(|| "later".to_string(), |first| format!("from {first} on"));
            format!(
                "no plan covers {day}: the rolling plan (`horizon_months: {months}`) runs to {until}; it reaches {day} \
                 {reached} (`oncall generate` then), or raise `horizon_months` in roster/policy.yaml"
            )
        }
        None => format!(
            "no plan covers {day} (the schedule runs from {from} to {until}): extend `schedule.until` in \
             roster/policy.yaml, or plan on a rolling horizon with `horizon_months`, then run `oncall generate`"
        ),
    }
}
