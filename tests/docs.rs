//! `docs/formats.md`, the reference of every file format, is rendered from the JSON Schemas
//! the tool generates from its types (the descriptions editors show on hover): every field
//! with its type, whether it is required, its default and its description, then an example
//! file (what `oncall init` writes). So the reference, the schemas and the types cannot
//! drift apart. `ONCALL_BLESS=1 cargo test --test docs` rewrites it.

mod common;

use serde_json::Value;

/// Follows `$ref` (also inside a one-element `allOf`) into `definitions`.
fn resolve<'v>(root: &'v Value, node: &'v Value) -> &'v Value {
    let target = node.get("$ref").or_else(|| node.get("allOf").and_then(|a| a.get(0)).and_then(|r| r.get("$ref")));
    match target.and_then(Value::as_str).and_then(|r| r.strip_prefix("#/definitions/")) {
        Some(name) => resolve(root, &root["definitions"][name]),
        None => node,
    }
}

/// The type column: `string (date)`, `integer, 1-60`, one of the enum values, `list of ...`.
fn kind(root: &Value, node: &Value) -> String {
    let node = resolve(root, node);
    if let Some(options) = node.get("oneOf").or_else(|| node.get("anyOf")).and_then(Value::as_array) {
        let consts: Vec<String> = options
            .iter()
            .filter_map(|o| o.get("const").or_else(|| o.get("enum").and_then(|e| e.get(0))))
            .map(|c| format!("`{}`", c.as_str().map_or(c.to_string(), str::to_string)))
            .collect();
        if consts.len() == options.len() {
            return format!("one of {}", consts.join(", "));
        }
        let kinds: Vec<String> = options.iter().filter(|o| o["type"] != "null").map(|o| kind(root, o)).collect();
        return kinds.join(" or ");
    }
    if let Some(values) = node.get("enum").and_then(Value::as_array) {
        let values: Vec<String> = values.iter().map(|v| format!("`{}`", v.as_str().unwrap_or_default())).collect();
        return format!("one of {}", values.join(", "));
    }
    let types: Vec<&str> = match &node["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).filter(|t| *t != "null").collect(),
        _ => vec![],
    };
    let mut out = match types.as_slice() {
        ["array"] => format!("list of {}", kind(root, &node["items"])),
        ["object"] if node.get("additionalProperties").is_some_and(Value::is_object) => {
            format!("map of key to {}", kind(root, &node["additionalProperties"]))
        }
        [] => "value".to_string(),
        types => types.join(" or "),
    };
    if let Some(format) =
        node.get("format").and_then(Value::as_str).filter(|f| !f.starts_with("uint") && !f.starts_with("int"))
    {
        out.push_str(&format!(" ({format})"));
    }
    let bound = |key: &str| node.get(key).and_then(Value::as_f64);
    match (bound("minimum").or(bound("minLength")), bound("maximum").or(bound("maxLength"))) {
        (Some(lo), Some(hi)) => out.push_str(&format!(", {lo}-{hi}")),
        (Some(lo), None) if lo != 0.0 => out.push_str(&format!(", at least {lo}")),
        (None, Some(hi)) => out.push_str(&format!(", at most {hi}")),
        _ => {}
    }
    if let Some(pattern) = node.get("pattern").and_then(Value::as_str) {
        out.push_str(&format!(", matching `{pattern}`"));
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").replace('|', "\\|")
}

/// One row per field, nested fields under their parent's path.
fn rows(root: &Value, node: &Value, prefix: &str, out: &mut Vec<String>) {
    let node = resolve(root, node);
    // A text or a mapping (a triage entry): the mapping's fields.
    if let Some(options) = node.get("anyOf").or_else(|| node.get("oneOf")).and_then(Value::as_array) {
        for option in options {
            rows(root, option, prefix, out);
        }
        return;
    }
    let Some(properties) = node.get("properties").and_then(Value::as_object) else {
        if node["type"] == "array" {
            rows(root, &node["items"], &format!("{prefix}[]"), out);
        } else if let Some(values) = node.get("additionalProperties").filter(|v| v.is_object()) {
            rows(root, values, &format!("{prefix}.<key>"), out);
        }
        return;
    };
    let required: Vec<&str> =
        node.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    for (name, field) in properties {
        let path = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
        let default = match field.get("default") {
            Some(value) => format!("`{value}`"),
            None if required.contains(&name.as_str()) => "required".to_string(),
            None => "optional".to_string(),
        };
        let description = field.get("description").and_then(Value::as_str).unwrap_or_default();
        out.push(format!("| `{path}` | {} | {default} | {} |", kind(root, field), one_line(description)));
        rows(root, field, &path, out);
    }
}

fn render() -> String {
    let examples = oncall_as_code::init::files(&oncall_as_code::init::Options {
        today: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        version: env!("CARGO_PKG_VERSION"),
        repository: env!("CARGO_PKG_REPOSITORY"),
    });
    let mut out = String::from(
        "# File formats\n\n<!-- Rendered from the JSON Schemas by tests/docs.rs; ONCALL_BLESS=1 cargo test --test docs rewrites it. -->\n\n\
         Every file of a configuration repository, field by field: its type, whether it is required\n\
         (or its default), and what it means. The same descriptions are in `schemas/*.schema.json`,\n\
         which editors show on hover (README, \"Editor support\"). Unknown keys are errors. Each\n\
         section ends with an example: the file `oncall init` writes.\n",
    );
    let placed = [
        ("team", "roster/team.yaml"),
        ("policy", "roster/policy.yaml"),
        ("time-off", "roster/time-off.yaml"),
        ("overrides", "roster/overrides.yaml"),
        ("pitch-cycles", "roster/pitch-cycles.yaml"),
        ("alarms", "alarms/api.yaml"),
        ("playbook", "playbooks/api-5xx.md"),
    ];
    let schemas = oncall_as_code::schema::render_all();
    assert_eq!(schemas.len(), placed.len(), "a file kind without a section here");
    for (name, example) in placed {
        let text = &schemas.iter().find(|(file, _)| file == &format!("{name}.schema.json")).expect("a schema").1;
        let schema: Value = serde_json::from_str(text).unwrap();
        let title = schema.get("title").and_then(Value::as_str).unwrap_or(name);
        out.push_str(&format!("\n## {}\n\n", title.trim_start_matches("oncall-as-code ")));
        if let Some(description) = schema.get("description").and_then(Value::as_str) {
            out.push_str(&format!("{}\n\n", one_line(description)));
        }
        let mut table = Vec::new();
        rows(&schema, &schema, "", &mut table);
        if name == "playbook" {
            out.push_str("The front matter, between `---` lines at the top of the Markdown file:\n\n");
        }
        out.push_str("| field | type | default | meaning |\n|---|---|---|---|\n");
        for row in table {
            out.push_str(&row);
            out.push('\n');
        }
        let body = &examples.iter().find(|(path, _)| path == example).expect("init writes it").1;
        let fence = if example.ends_with(".md") { "markdown" } else { "yaml" };
        out.push_str(&format!("\nExample:\n\n```{fence}\n{body}```\n"));
    }
    out
}

#[test]
fn the_format_reference_is_rendered_from_the_schemas() {
    common::golden(std::path::Path::new("docs/formats.md"), &render());
}
