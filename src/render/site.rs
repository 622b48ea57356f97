//! `site/`: the schedule page (`index.html`, `site.css`, `site.js`) that `generate` writes
//! beside `SCHEDULE.md`, and `fairness.svg`, the fairness table as a picture.
//!
//! The page is static: minijinja renders the month grids from `templates/site/index.html.j2`
//! (so it reads and prints without JavaScript), and the schedule is embedded as JSON for the
//! little plain script that works out who is on duty now and next in the browser, from its
//! clock, and filters the grids by person. It asks no other host for anything, so it works
//! from `file://` and from GitHub Pages alike. Who is away is shown, never why (the reasons of
//! time off stay in the repository).

use super::fairness::Fairness;
use crate::model::ValidRepo;
use crate::schedule::{Schedule, Shift};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

const INDEX_TEMPLATE: &str = include_str!("../../templates/site/index.html.j2");
const CSS: &str = include_str!("../../templates/site/site.css");
const SCRIPT: &str = include_str!("../../templates/site/site.js");

/// Where the fairness picture is, under the output directory (`SCHEDULE.md` links it there).
pub const FAIRNESS_SVG: &str = "fairness.svg";

#[derive(Serialize)]
struct SiteView<'a> {
    timezone: &'a str,
    from: NaiveDate,
    until: NaiveDate,
    days: i64,
    rotations: Vec<RotationPage>,
    people: Vec<PersonOption>,
    fairness_svg: String,
    fairness: FairnessTable,
    /// The schedule for the script, as JSON safe inside a `<script>` element.
    data: String,
}

/// The fairness table, as SCHEDULE.md writes its numbers.
#[derive(Serialize)]
struct FairnessTable {
    people: Vec<FairnessRow>,
    balance_all: String,
    balance_same_availability: String,
}

#[derive(Serialize)]
struct FairnessRow {
    person: String,
    name: String,
    shifts: Vec<u32>,
    weekend: u32,
    hours: String,
    vs_average: String,
    shadows: u32,
}

#[derive(Serialize)]
struct RotationPage {
    key: String,
    /// As people read it (the policy's `name`, else the key humanised).
    display: String,
    /// `weekdays 15:00-22:00, weekends and holidays 09:00-22:00`.
    hours: String,
    weekly: bool,
    months: Vec<MonthGrid>,
    /// `October 2026 to January 2027`: the months folded away as history, if any.
    history: String,
}

#[derive(Serialize)]
struct MonthGrid {
    title: String,
    /// Wholly before the first day shown as recent (as in SCHEDULE.md): folded away.
    history: bool,
    /// Monday-first weeks; `None` pads the days outside the month or the window.
    weeks: Vec<Vec<Option<DayCell>>>,
}

#[derive(Serialize)]
struct DayCell {
    date: NaiveDate,
    day: u32,
    weekday: String,
    weekend: bool,
    holiday: bool,
    shift: Option<ShiftCell>,
    /// Members of the rotation with time off that day, by name.
    away: Vec<String>,
}

#[derive(Serialize)]
struct ShiftCell {
    person: String,
    name: String,
    /// `override` (an entry of overrides.yaml) or `cover` (a day of a weekly holder's week
    /// someone else holds).
    mark: Option<&'static str>,
    shadow: Option<PersonOption>,
}

#[derive(Serialize)]
struct PersonOption {
    id: String,
    name: String,
    /// `calendars/<id>.ics`, when `generate` writes one for them.
    calendar: Option<String>,
}

#[derive(Serialize)]
struct Data<'a> {
    timezone: &'a str,
    from: NaiveDate,
    until: NaiveDate,
    rotations: Vec<&'a str>,
    names: BTreeMap<&'a str, &'a str>,
    shifts: Vec<DataShift<'a>>,
}

#[derive(Serialize)]
struct DataShift<'a> {
    rotation: &'a str,
    person: &'a str,
    start: String,
    end: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    shadow: Option<&'a str>,
}

/// JSON that can stand inside `<script type="application/json">`: no `<`, `>` or `&` that
/// could end the element or open a comment (they are written as `\u003c` and so on, which
/// JSON reads back the same).
fn script_json(value: &impl Serialize) -> String {
    let text = serde_json::to_string(value).expect("the page's data serialises");
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The site's files, as (path under the output directory, text): `site/index.html`,
/// `site/site.css`, `site/site.js`. `calendars` are the people ids with a calendar of their
/// own; `svg` is [`fairness_svg`]'s picture, shown inline.
pub fn site(
    repo: &ValidRepo,
    schedule: &Schedule,
    fair: &Fairness,
    calendars: &BTreeSet<String>,
    svg: &str,
    shown_from: NaiveDate,
) -> Result<Vec<(String, String)>, minijinja::Error> {
    let policy = &repo.policy;
    let mut by_day: BTreeMap<(NaiveDate, &str), &Shift> = BTreeMap::new();
    for shift in &schedule.shifts {
        by_day.entry((shift.date, shift.rotation.as_str())).or_insert(shift);
    }
    let option = |id: &str| PersonOption {
        id: id.to_string(),
        name: repo.name_of(id).to_string(),
        calendar: calendars.contains(id).then(|| format!("calendars/{id}.ics")),
    };
    let rotations = policy
        .rotations
        .iter()
        .enumerate()
        .map(|(index, r)| {
            let holders = schedule.holders(r);
            let members: BTreeSet<usize> =
                (0..repo.people.len()).filter(|p| repo.people[*p].rotations.contains(&index)).collect();
            let cell = |date: NaiveDate| {
                let shift = by_day.get(&(date, r.name.as_str())).map(|shift| ShiftCell {
                    person: shift.person.clone(),
                    name: repo.name_of(&shift.person).to_string(),
                    mark: super::shift_mark(repo, r, &holders, shift),
                    shadow: shift.shadow.as_deref().map(option),
                });
                let away: Vec<usize> = members.iter().copied().filter(|p| repo.away(*p, date)).collect();
                DayCell {
                    date,
                    day: date.day(),
                    weekday: date.format("%A").to_string(),
                    weekend: policy.is_weekend(date),
                    holiday: policy.holidays.contains(&date),
                    shift,
                    away: away.iter().map(|p| repo.people[*p].name.clone()).collect(),
                }
            };
            let mut hours = Vec::new();
            if let Some(w) = &r.weekday {
                hours.push(format!("weekdays {}", window_words(w)));
            }
            match &r.weekend {
                Some(w) => hours.push(format!("weekends and holidays {}", window_words(w))),
                None => hours.push("no shift on weekends and holidays".to_string()),
            }
            let months = months(schedule.from, schedule.until, shown_from, cell);
            let folded: Vec<&MonthGrid> = months.iter().filter(|m| m.history).collect();
            let history = match (folded.first(), folded.last()) {
                (Some(first), Some(last)) if folded.len() > 1 => format!("{} to {}", first.title, last.title),
                (Some(only), _) => only.title.clone(),
                _ => String::new(),
            };
            RotationPage {
                key: r.name.clone(),
                display: r.display.clone(),
                hours: hours.join(", "),
                weekly: r.weekly.is_some(),
                months,
                history,
            }
        })
        .collect();
    // Everyone who takes part or holds a shift on record, in team order, then ids of people
    // no longer in the team.
    let mut ids: Vec<&str> = repo.people.iter().filter(|p| !p.rotations.is_empty()).map(|p| p.id.as_str()).collect();
    let on_record: BTreeSet<&str> =
        schedule.shifts.iter().flat_map(|s| std::iter::once(s.person.as_str()).chain(s.shadow.as_deref())).collect();
    for person in &repo.people {
        if on_record.contains(person.id.as_str()) && !ids.contains(&person.id.as_str()) {
            ids.push(&person.id);
        }
    }
    for id in &on_record {
        if !ids.contains(id) {
            ids.push(id);
        }
    }
    let names: BTreeMap<&str, &str> = ids.iter().map(|id| (*id, repo.name_of(id))).collect();
    let data = Data {
        timezone: &schedule.timezone,
        from: schedule.from,
        until: schedule.until,
        rotations: policy.rotations.iter().map(|r| r.name.as_str()).collect(),
        names,
        shifts: schedule
            .shifts
            .iter()
            .map(|s| DataShift {
                rotation: &s.rotation,
                person: &s.person,
                start: s.start.to_rfc3339(),
                end: s.end.to_rfc3339(),
                shadow: s.shadow.as_deref(),
            })
            .collect(),
    };
    let view = SiteView {
        timezone: &schedule.timezone,
        from: schedule.from,
        until: schedule.until,
        days: (schedule.until - schedule.from).num_days() + 1,
        rotations,
        people: ids.iter().map(|id| option(id)).collect(),
        fairness_svg: svg.to_string(),
        fairness: FairnessTable {
            people: fair
                .people
                .iter()
                .map(|p| FairnessRow {
                    person: p.person.clone(),
                    name: p.name.clone(),
                    shifts: p.shifts.clone(),
                    weekend: p.weekend,
                    hours: format!("{:.1}", p.hours + 0.0),
                    vs_average: p.vs_average_text(),
                    shadows: p.shadows,
                })
                .collect(),
            balance_all: format!("{:.1}", fair.balance_all),
            balance_same_availability: format!("{:.1}", fair.balance_same_availability),
        },
        data: script_json(&data),
    };
    let mut env = minijinja::Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    env.add_template("index.html", INDEX_TEMPLATE)?;
    let mut html = env.get_template("index.html")?.render(minijinja::value::Serde(&view))?;
    if !html.ends_with('\n') {
        html.push('\n');
    }
    Ok(vec![
        ("site/index.html".to_string(), html),
        ("site/site.css".to_string(), CSS.to_string()),
        ("site/site.js".to_string(), SCRIPT.to_string()),
    ])
}

/// The month grids from `from` to `until`, Monday-first, each day through `cell`.
/// A month wholly before `shown_from` is history.
fn months(
    from: NaiveDate,
    until: NaiveDate,
    shown_from: NaiveDate,
    cell: impl Fn(NaiveDate) -> DayCell,
) -> Vec<MonthGrid> {
    let mut out = Vec::new();
    let mut first = crate::config::roster::month_start(from);
    while first <= until {
        let next = first.checked_add_months(chrono::Months::new(1)).unwrap_or(until.succ_opt().unwrap_or(until));
        let mut weeks: Vec<Vec<Option<DayCell>>> = Vec::new();
        let mut week: Vec<Option<DayCell>> = (0..first.weekday().num_days_from_monday()).map(|_| None).collect();
        let mut date = first;
        while date < next {
            week.push((from <= date && date <= until).then(|| cell(date)));
            if week.len() == 7 {
                weeks.push(std::mem::take(&mut week));
            }
            let Some(succ) = date.succ_opt() else { break };
            date = succ;
        }
        if !week.is_empty() {
            week.resize_with(7, || None);
            weeks.push(week);
        }
        out.push(MonthGrid { title: super::month_title(first), history: next <= shown_from, weeks });
        if next <= first {
            break;
        }
        first = next;
    }
    out
}

/// A window in words: `15:00-22:00`, `22:00-06:00 (into the next morning)`, `24 hours from
/// 09:00`.
fn window_words(w: &crate::model::valid::Window) -> String {
    match w.text.split_once('-') {
        Some((start, end)) if start == end => format!("24 hours from {start}"),
        _ if w.end > 24 * 60 => format!("{} (into the next morning)", w.text),
        _ => w.text.clone(),
    }
}

/// XML text: `&`, `<`, `>` and quotes escaped, control characters dropped.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Bar colours, one per rotation in policy order (then around again), and the weekend bars':
/// each at least 3:1 against white (WCAG's contrast for graphics).
const COLOURS: [&str; 4] = ["#1f5fa8", "#2e7d32", "#6a3d9a", "#00695c"];
const WEEKEND_COLOUR: &str = "#b34700";

/// A number as the table writes it: `12`, or `10.5` for an average.
fn number(value: f64) -> String {
    let text = format!("{value:.1}");
    text.strip_suffix(".0").map_or(text.clone(), str::to_string)
}

/// How wide `text` is drawn at 13 px, at most: wide (East Asian) characters count double.
fn text_width(text: &str) -> f64 {
    text.chars().map(|c| 8.5 * unicode_width::UnicodeWidthChar::width(c).unwrap_or(1) as f64).sum()
}

/// As much of `text` as fits in `width` px, with an ellipsis when cut.
fn fit(text: &str, width: f64) -> String {
    if text_width(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if text_width(&out) + text_width(&c.to_string()) + 8.5 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// One column of the picture.
struct Column {
    label: String,
    colour: &'static str,
    values: Vec<u32>,
    /// Per person: takes part (a rotation's members, and anyone who held its shifts).
    member: Vec<bool>,
}

/// `fairness.svg`: per person, a bar for the shifts of each rotation (weeks, for a weekly
/// one) and one for weekend and holiday shifts, the same numbers as SCHEDULE.md's fairness
/// table; people of the same availability are grouped, each group's average marked by a
/// dashed line in every column its members take part in. `<title>` and `<desc>` say it all in
/// words, and every bar has a `<title>` of its own.
pub fn fairness_svg(repo: &ValidRepo, fair: &Fairness) -> String {
    let mut columns: Vec<Column> = fair
        .rotations
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let rotation = repo.policy.rotations.get(i);
            let weekly = rotation.is_some_and(|r| r.weekly.is_some());
            let r = rotation.map_or(r, |r| &r.display);
            let values: Vec<u32> = fair.people.iter().map(|p| p.shifts[i]).collect();
            let member = fair
                .people
                .iter()
                .zip(&values)
                .map(|(p, v)| *v > 0 || repo.person(&p.person).is_some_and(|person| person.rotations.contains(&i)))
                .collect();
            let label = if weekly { format!("{r} (weeks)") } else { r.clone() };
            Column { label, colour: COLOURS[i % COLOURS.len()], values, member }
        })
        .collect();
    columns.push(Column {
        label: "weekend/holiday".to_string(),
        colour: WEEKEND_COLOUR,
        values: fair.people.iter().map(|p| p.weekend).collect(),
        member: vec![true; fair.people.len()],
    });
    // People by group, in table order within a group; who only shadows holds nothing to draw.
    let mut order: Vec<usize> = (0..fair.people.len()).filter(|i| !fair.people[*i].shadowing_only).collect();
    order.sort_by_key(|i| fair.people[*i].group);
    let mut groups: Vec<usize> = order.iter().map(|i| fair.people[*i].group).collect();
    groups.dedup();
    let members_of =
        |group: usize| -> Vec<usize> { order.iter().copied().filter(|i| fair.people[*i].group == group).collect() };
    const LABEL: f64 = 200.0;
    const COLUMN: f64 = 160.0;
    const BAR_MAX: f64 = 105.0;
    const ROW: f64 = 22.0;
    const LEGEND_ROW: f64 = 17.0;
    const GROUP_HEAD: f64 = 24.0;
    // The legend, one line a column (names of any length), then the column heads.
    let legend_top = 40.0;
    let heads = legend_top + LEGEND_ROW * columns.len() as f64 + 12.0;
    let top = heads + 14.0;
    let width = LABEL + COLUMN * columns.len() as f64 + 10.0;
    let height = top + GROUP_HEAD * groups.len() as f64 + ROW * order.len() as f64 + 12.0;
    let max: Vec<u32> = columns.iter().map(|c| c.values.iter().copied().max().unwrap_or(0).max(1)).collect();
    let scale = |column: usize, value: f64| value / f64::from(max[column]) * BAR_MAX;

    let labels: Vec<&str> = columns.iter().map(|c| c.label.as_str()).collect();
    let mut desc = format!("Per person, the shifts of each column: {}. ", labels.join(", "));
    let shadowing: Vec<&str> = fair.people.iter().filter(|p| p.shadowing_only).map(|p| p.name.as_str()).collect();
    if !shadowing.is_empty() {
        let _ = write!(desc, "Only shadowing, not drawn: {}. ", shadowing.join(", "));
    }
    for (n, group) in groups.iter().enumerate() {
        let members = members_of(*group);
        let _ = write!(desc, "Group {} ({}): ", n + 1, group_caption(members.len()));
        for (k, i) in members.iter().enumerate() {
            let p = &fair.people[*i];
            let values: Vec<String> =
                columns.iter().filter(|c| c.member[*i]).map(|c| format!("{} {}", c.label, c.values[*i])).collect();
            let _ = write!(desc, "{}{} ({}): {}", if k > 0 { "; " } else { "" }, p.name, p.person, values.join(", "));
        }
        let averages: Vec<String> = columns
            .iter()
            .filter(|c| members.iter().any(|i| c.member[*i]))
            .map(|c| {
                let taking_part = members.iter().filter(|i| c.member[**i]).map(|i| c.values[*i]);
                format!("{} {}", c.label, number(average(taking_part)))
            })
            .collect();
        let _ = write!(desc, ". Average: {}. ", averages.join(", "));
    }

    // Numbers stay readable where a dashed line crosses them: a white outline under the text.
    const HALO: &str = r##"stroke="#ffffff" stroke-width="3" paint-order="stroke""##;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="fairness-title fairness-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="13">"#
    );
    let _ = writeln!(
        svg,
        r#"<title id="fairness-title">Fairness: shifts per person and rotation, and weekend and holiday shifts</title>"#
    );
    let _ = writeln!(svg, r#"<desc id="fairness-desc">{}</desc>"#, xml(desc.trim_end()));
    let _ = writeln!(svg, r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
    let _ = writeln!(
        svg,
        r##"<text x="0" y="18" font-weight="bold" fill="#1a1a1a">Shifts per person (the dashed line: the group's average)</text>"##
    );
    for (c, column) in columns.iter().enumerate() {
        let y = legend_top + LEGEND_ROW * c as f64;
        let _ = writeln!(svg, r##"<rect x="0" y="{}" width="10" height="10" fill="{}"/>"##, y - 9.0, column.colour);
        let _ = writeln!(svg, r##"<text x="16" y="{y}" fill="#1a1a1a">{}</text>"##, xml(&column.label));
        let x = LABEL + COLUMN * c as f64;
        let _ = writeln!(
            svg,
            r##"<rect x="{x}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{heads}" fill="#1a1a1a">{}<title>{}</title></text>"##,
            heads - 9.0,
            column.colour,
            x + 14.0,
            xml(&fit(&column.label, COLUMN - 24.0)),
            xml(&column.label)
        );
    }
    let mut y = top;
    for (n, group) in groups.iter().enumerate() {
        let members = members_of(*group);
        let _ = writeln!(
            svg,
            r##"<text x="0" y="{}" font-weight="bold" fill="#404040">Group {}: {}</text>"##,
            y + 16.0,
            n + 1,
            group_caption(members.len())
        );
        let _ = writeln!(
            svg,
            r##"<line x1="0" x2="{}" y1="{}" y2="{}" stroke="#8a8a8a" stroke-width="1"/>"##,
            width - 10.0,
            y + 21.0,
            y + 21.0
        );
        y += GROUP_HEAD;
        let first_row = y;
        for i in &members {
            let p = &fair.people[*i];
            let _ = writeln!(
                svg,
                r##"<text x="0" y="{}" fill="#1a1a1a">{}<title>{}</title></text>"##,
                y + 15.0,
                xml(&fit(&p.name, LABEL - 12.0)),
                xml(&p.name)
            );
            for (c, column) in columns.iter().enumerate() {
                let x = LABEL + COLUMN * c as f64;
                let value = column.values[*i];
                let w = scale(c, f64::from(value));
                let (title, shown) = if column.member[*i] {
                    (format!("{}: {} {value}", p.name, column.label), value.to_string())
                } else {
                    (format!("{}: not in {}", p.name, column.label), "–".to_string())
                };
                let _ = writeln!(
                    svg,
                    r##"<rect class="bar" x="{x}" y="{}" width="{}" height="14" fill="{}" data-person="{}" data-column="{}" data-value="{value}" data-member="{}"><title>{}</title></rect>"##,
                    y + 4.0,
                    number(w),
                    column.colour,
                    xml(&p.person),
                    xml(&column.label),
                    column.member[*i],
                    xml(&title)
                );
                let _ = writeln!(
                    svg,
                    r##"<text x="{}" y="{}" fill="#1a1a1a" {HALO}>{shown}</text>"##,
                    x + w + 4.0,
                    y + 15.0
                );
            }
            y += ROW;
        }
        for (c, column) in columns.iter().enumerate() {
            if !members.iter().any(|i| column.member[*i]) {
                continue;
            }
            // Over the group's members who take part in the column.
            let avg = average(members.iter().filter(|i| column.member[**i]).map(|i| column.values[*i]));
            let x = LABEL + COLUMN * c as f64 + scale(c, avg);
            let _ = writeln!(
                svg,
                r##"<line class="average" x1="{x:.1}" x2="{x:.1}" y1="{}" y2="{}" stroke="#1a1a1a" stroke-width="1.5" stroke-dasharray="4 3" data-group="{}" data-column="{}" data-value="{}"><title>Group {} average, {}: {}</title></line>"##,
                first_row + 1.0,
                y - 1.0,
                n + 1,
                xml(&column.label),
                number(avg),
                n + 1,
                xml(&column.label),
                number(avg)
            );
        }
    }
    svg.push_str("</svg>\n");
    svg
}

fn group_caption(members: usize) -> String {
    if members == 1 {
        "availability of their own".to_string()
    } else {
        format!("{members} people with the same availability")
    }
}

fn average(values: impl Iterator<Item = u32>) -> f64 {
    let (sum, n) = values.fold((0u64, 0u64), |(s, n), v| (s + u64::from(v), n + 1));
    if n == 0 { 0.0 } else { (sum as f64 / n as f64 * 10.0).round() / 10.0 }
}
