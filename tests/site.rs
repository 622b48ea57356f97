//! The schedule page (`generated/site/`) and the fairness picture (`generated/fairness.svg`).
//!
//! Every directory of `tests/site/` is a case: `case.json` names a fixture repository, the
//! day it is generated on (after `generated_before`, days it was generated on earlier, each
//! over the last), the browser's time zone (another than the policy's), moments and a person
//! to filter by. For each, the page is generated and:
//! - the picture's bars carry the numbers of SCHEDULE.md's fairness table, drawn to one scale
//!   per column, with each group's average; the SVG parses as XML (`.ci/run` also runs xmllint
//!   over the pictures this test leaves under `target/tmp/site/`);
//! - the page's embedded schedule is `schedule.json`'s shifts;
//! - generating again gives byte-identical files, and `check` names a page edited by hand;
//! - in headless Chromium (`tests/browser/site.mjs`, playwright-core and axe-core), with the
//!   clock fixed at each moment, the "now" box names whom `oncall who --at` names for every
//!   rotation, and the grids, the filter, the keyboard, axe-core and printing on A4 hold.
//!   This needs `ONCALL_CHROMIUM` (Chromium's path) and `npm ci` in `tests/browser/`; `.ci/run`
//!   does both. Without them that part says so and passes, so `cargo test` runs with only Rust.

mod common;

use common::{copy_dir, oncall};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

struct Case {
    name: String,
    spec: Value,
    /// A copy of the fixture with `generated/` freshly written.
    root: PathBuf,
}

/// The cases, each generated afresh under `target/tmp/site/<test>/<case>` (tests run at once).
fn cases(test: &str) -> Vec<Case> {
    let mut dirs: Vec<PathBuf> =
        std::fs::read_dir("tests/site").unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    assert!(!dirs.is_empty());
    dirs.into_iter()
        .map(|dir| {
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            let spec: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("case.json")).unwrap()).unwrap();
            let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("site").join(test).join(&name);
            let _ = std::fs::remove_dir_all(&root);
            let fixture = Path::new(spec["fixture"].as_str().unwrap());
            for part in ["roster", "alarms", "playbooks"] {
                if fixture.join(part).is_dir() {
                    copy_dir(&fixture.join(part), &root.join(part));
                }
            }
            // A rolling plan generated on earlier days first keeps its record (history).
            let earlier = spec.get("generated_before").and_then(Value::as_array).cloned().unwrap_or_default();
            for day in earlier.iter().chain([&spec["today"]]) {
                let out = oncall(&root, &["generate", "--today", day.as_str().unwrap()], &[]);
                assert!(out.status.success(), "{name}: {}", common::text(&out));
            }
            Case { name, spec, root }
        })
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// SCHEDULE.md's fairness table: per person id, the cells after the name.
fn fairness_table(markdown: &str) -> (Vec<String>, BTreeMap<String, Vec<String>>) {
    let section = markdown.split("## Fairness").nth(1).expect("a fairness section");
    let mut rows = section.lines().filter(|l| l.starts_with('|'));
    let header: Vec<String> = rows.next().unwrap().split('|').map(|c| c.trim().to_string()).collect();
    let mut people = BTreeMap::new();
    for row in rows.skip(1) {
        let cells: Vec<String> = row.split('|').map(|c| c.trim().to_string()).collect();
        let id = cells[1].rsplit_once("(`").unwrap().1.trim_end_matches("`)").to_string();
        people.insert(id, cells[2..].to_vec());
    }
    (header[2..].to_vec(), people)
}

#[test]
fn the_picture_draws_the_fairness_table() {
    for case in cases("picture") {
        let generated = case.root.join("generated");
        let markdown = read(&generated.join("SCHEDULE.md"));
        assert!(markdown.contains("](fairness.svg)"), "{}: SCHEDULE.md embeds the picture", case.name);
        let (header, mut table) = fairness_table(&markdown);
        // Who only shadows holds no shift and is not drawn.
        table.retain(|_, cells| !cells.iter().any(|c| c == "shadowing"));
        let svg = read(&generated.join("fairness.svg"));
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{}: fairness.svg: {e}", case.name));
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        for child in ["title", "desc"] {
            let text = root.children().find(|n| n.has_tag_name(child)).and_then(|n| n.text()).unwrap_or("");
            assert!(!text.trim().is_empty(), "{}: the picture has a <{child}>", case.name);
        }
        // Columns: the rotations (as the table heads them), then weekend/holiday.
        let rotations = header.iter().take_while(|h| !h.starts_with("Weekend")).count();
        let bars: Vec<_> = doc.descendants().filter(|n| n.attribute("class") == Some("bar")).collect();
        assert_eq!(bars.len(), table.len() * (rotations + 1), "{}: a bar per person and column", case.name);
        let mut scale: BTreeMap<String, f64> = BTreeMap::new();
        let mut values: BTreeMap<(String, String), f64> = BTreeMap::new();
        for bar in &bars {
            let person = bar.attribute("data-person").unwrap().to_string();
            let column = bar.attribute("data-column").unwrap().to_string();
            let value: f64 = bar.attribute("data-value").unwrap().parse().unwrap();
            let width: f64 = bar.attribute("width").unwrap().parse().unwrap();
            let index = if column == "weekend/holiday" {
                rotations
            } else {
                header
                    .iter()
                    .position(|h| h.trim_end_matches(" (weeks)") == column.trim_end_matches(" (weeks)"))
                    .unwrap()
            };
            let cell: f64 = table[&person][index].parse().unwrap();
            assert_eq!(value, cell, "{}: {person}'s {column} bar says {value}, the table {cell}", case.name);
            if value > 0.0 {
                let ratio = width / value;
                let expected = *scale.entry(column.clone()).or_insert(ratio);
                assert!((ratio - expected).abs() < 0.06, "{}: {person}'s {column} bar is not to scale", case.name);
            } else {
                assert_eq!(width, 0.0);
            }
            values.insert((person, column), value);
        }
        // Each group's average line sits at the mean of its members' bars.
        let averages: Vec<_> = doc.descendants().filter(|n| n.attribute("class") == Some("average")).collect();
        assert!(!averages.is_empty(), "{}: averages are marked", case.name);
        for line in averages {
            let value: f64 = line.attribute("data-value").unwrap().parse().unwrap();
            let column = line.attribute("data-column").unwrap();
            let (y1, y2): (f64, f64) =
                (line.attribute("y1").unwrap().parse().unwrap(), line.attribute("y2").unwrap().parse().unwrap());
            // The members are the bars between the line's ends.
            let members: Vec<f64> = bars
                .iter()
                .filter(|b| b.attribute("data-column") == Some(column) && b.attribute("data-member") == Some("true"))
                .filter(|b| {
                    let y: f64 = b.attribute("y").unwrap().parse().unwrap();
                    y1 <= y && y <= y2
                })
                .map(|b| b.attribute("data-value").unwrap().parse::<f64>().unwrap())
                .collect();
            let mean = members.iter().sum::<f64>() / members.len() as f64;
            assert!((mean - value).abs() < 0.051, "{}: {column} average {value}, the bars' mean {mean}", case.name);
        }
    }
}

#[test]
fn the_page_embeds_the_schedule_and_is_deterministic() {
    for case in cases("page") {
        let generated = case.root.join("generated");
        let html = read(&generated.join("site/index.html"));
        let data = html.split(r#"<script type="application/json" id="schedule-data">"#).nth(1).unwrap();
        let data: Value = serde_json::from_str(data.split("</script>").next().unwrap()).unwrap();
        let schedule: Value = serde_json::from_str(&read(&generated.join("schedule.json"))).unwrap();
        let shifts = schedule["shifts"].as_array().unwrap();
        assert_eq!(data["shifts"].as_array().unwrap().len(), shifts.len(), "{}", case.name);
        for (embedded, shift) in data["shifts"].as_array().unwrap().iter().zip(shifts) {
            for key in ["rotation", "person", "start", "end", "shadow"] {
                assert_eq!(embedded.get(key), shift.get(key), "{}: {key} of {shift}", case.name);
            }
        }
        assert_eq!(data["timezone"], schedule["timezone"]);
        // Nothing from another host: no http(s) URL in the page, its style or its script.
        for file in ["site/index.html", "site/site.css", "site/site.js"] {
            // (The SVG namespace is a name, not an address anything is fetched from.)
            let text = read(&generated.join(file)).replace(r#"xmlns="http://www.w3.org/2000/svg""#, "");
            assert!(
                !text.contains("http://") && !text.contains("https://"),
                "{}: {file} names another host",
                case.name
            );
        }
        // The same inputs (the record included), byte for byte.
        let again = case.root.join("again");
        copy_dir(&generated, &again);
        for file in ["site/index.html", "fairness.svg"] {
            std::fs::remove_file(again.join(file)).unwrap();
        }
        let out = oncall(
            &case.root,
            &["generate", "--today", case.spec["today"].as_str().unwrap(), "--out", again.to_str().unwrap()],
            &[],
        );
        assert!(out.status.success());
        for file in ["site/index.html", "site/site.css", "site/site.js", "fairness.svg"] {
            assert!(
                read(&generated.join(file)) == read(&again.join(file)),
                "{}: {file} differs between runs",
                case.name
            );
        }
        std::fs::remove_dir_all(&again).unwrap();
    }
}

#[test]
fn check_names_a_page_edited_by_hand() {
    let case = cases("check").into_iter().next().unwrap();
    let today = case.spec["today"].as_str().unwrap();
    let page = case.root.join("generated/site/index.html");
    let svg = case.root.join("generated/fairness.svg");
    let out = oncall(&case.root, &["check", "--today", today], &[]);
    assert!(out.status.success(), "{}", common::text(&out));
    std::fs::write(&page, read(&page).replace("On duty now", "On duty")).unwrap();
    std::fs::remove_file(&svg).unwrap();
    let out = oncall(&case.root, &["check", "--today", today], &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = common::text(&out);
    assert!(text.contains("site/index.html"), "{text}");
    assert!(text.contains("fairness.svg"), "{text}");
}

#[test]
fn the_page_in_a_browser() {
    let Some(chromium) = std::env::var_os("ONCALL_CHROMIUM") else {
        eprintln!("skipped: set ONCALL_CHROMIUM to Chromium's path and run `npm ci` in tests/browser (.ci/run does)");
        return;
    };
    assert!(
        Path::new("tests/browser/node_modules/playwright-core").is_dir(),
        "ONCALL_CHROMIUM is set but tests/browser has no node_modules: run `npm ci --prefix tests/browser`"
    );
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/site");
    std::fs::create_dir_all(&shots).unwrap();
    for case in cases("browser") {
        let generated = case.root.join("generated");
        let today = case.spec["today"].as_str().unwrap();
        let moments: Vec<Value> = case.spec["moments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|at| {
                let at = at.as_str().unwrap();
                let out = oncall(&case.root, &["who", "--at", at, "--today", today, "--format", "json"], &[]);
                assert!(out.status.success(), "{}", common::text(&out));
                json!({"at": at, "who": serde_json::from_slice::<Value>(&out.stdout).unwrap()})
            })
            .collect();
        let schedule: Value = serde_json::from_str(&read(&generated.join("schedule.json"))).unwrap();
        let person = case.spec["person"].as_str().unwrap();
        let mut entries: BTreeMap<String, usize> = schedule["shifts"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| s["rotation"].as_str())
            .map(|r| (r.to_string(), 0))
            .collect();
        for shift in schedule["shifts"].as_array().unwrap() {
            if shift["person"] == person || shift["shadow"] == person {
                *entries.get_mut(shift["rotation"].as_str().unwrap()).unwrap() += 1;
            }
        }
        let from = chrono::NaiveDate::parse_from_str(schedule["from"].as_str().unwrap(), "%Y-%m-%d").unwrap();
        let until = chrono::NaiveDate::parse_from_str(schedule["until"].as_str().unwrap(), "%Y-%m-%d").unwrap();
        let page = generated.join("site/index.html").canonicalize().unwrap();
        let spec = json!({
            "chromium": chromium.to_string_lossy(),
            "page": format!("file://{}", page.display()),
            "browser_timezone": case.spec["browser_timezone"],
            "from": schedule["from"],
            "days": (until - from).num_days() + 1,
            "moments": moments,
            "filter": {"person": person, "entries": entries, "calendar": generated.join(format!("calendars/{person}.ics")).is_file()},
            "screenshot": shots.join(format!("{}.png", case.name)),
            "pdf": shots.join(format!("{}.pdf", case.name)),
        });
        let spec_file = case.root.join("browser.json");
        std::fs::write(&spec_file, serde_json::to_string_pretty(&spec).unwrap()).unwrap();
        let out = std::process::Command::new("node").arg("tests/browser/site.mjs").arg(&spec_file).output().unwrap();
        let text = common::text(&out);
        assert!(out.status.success(), "{}: the page in Chromium:\n{text}", case.name);
        eprintln!("{}:\n{text}", case.name);
    }
}

#[test]
fn names_stay_text_in_the_page_and_the_picture() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("site/names");
    let _ = std::fs::remove_dir_all(&root);
    for part in ["roster", "alarms", "playbooks"] {
        copy_dir(&common::example().join(part), &root.join(part));
    }
    let name = r#"Alice </script><b>&"' <!-- x"#;
    let team = read(&root.join("roster/team.yaml"));
    std::fs::write(
        root.join("roster/team.yaml"),
        team.replace("name: Alice Nowak", "name: 'Alice </script><b>&\"'' <!-- x'"),
    )
    .unwrap();
    let out = oncall(&root, &["generate", "--today", "2026-12-01"], &[]);
    assert!(out.status.success(), "{}", common::text(&out));
    let html = read(&root.join("generated/site/index.html"));
    assert!(!html.contains("<b>") && !html.contains("<!-- x"), "a name was written as markup");
    assert_eq!(html.matches("</script>").count(), 2, "only the page's own two scripts end");
    assert!(html.contains("Alice &lt;&#x2f;script&gt;&lt;b&gt;&amp;&quot;&#x27; &lt;!-- x"), "the name as text");
    let data = html.split(r#"id="schedule-data">"#).nth(1).unwrap().split("</script>").next().unwrap();
    let data: Value = serde_json::from_str(data).unwrap();
    assert_eq!(data["names"]["alice"], name);
    let svg = read(&root.join("generated/fairness.svg"));
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert!(
        doc.descendants().any(|n| n.text().is_some_and(|t| t.starts_with(&format!("{name}: ")))),
        "the picture names her as written"
    );
}
