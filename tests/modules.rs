//! The top-level modules of the library form no import circle: each names (`crate::x`,
//! outside comments) only modules below it, so the data flows one way (README, "Design").

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Top-level module -> the other top-level modules it names.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    sources(Path::new("src"), &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let relative = file.strip_prefix("src").unwrap();
        let top =
            relative.components().next().unwrap().as_os_str().to_string_lossy().trim_end_matches(".rs").to_string();
        if top == "lib" || top == "main" || top == "cli" {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let deps = graph.entry(top.clone()).or_default();
        let top_level_file =
            relative.components().count() == 1 || relative.ends_with("mod.rs") && relative.components().count() == 2;
        for raw in text.lines() {
            // At a top-level module's own level (not in an inline `mod tests`), `super` is the
            // crate root: that names a sibling.
            assert!(
                !(top_level_file && (raw.starts_with("use super::") || raw.starts_with("pub use super::"))),
                "{}: a top-level module names its siblings as `crate::x`",
                file.display()
            );
        }
        for line in text.lines().map(str::trim_start).filter(|l| !l.starts_with("//")) {
            assert!(!line.contains("crate::{"), "{}: name one module per `use` so this test sees it", file.display());
            assert!(!line.contains("super::super"), "{}: name other modules as `crate::x`", file.display());
            for (i, _) in line.match_indices("crate::") {
                let name: String =
                    line[i + 7..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if name != top && !name.is_empty() {
                    deps.insert(name);
                }
            }
        }
    }
    graph
}

#[test]
fn no_import_circle_between_top_level_modules() {
    let graph = graph();
    // Kahn's algorithm: whatever cannot be ordered sits on a circle.
    let mut remaining = graph.clone();
    let mut order = Vec::new();
    while !remaining.is_empty() {
        let ready: Vec<String> = remaining
            .iter()
            .filter(|(_, deps)| deps.iter().all(|d| !remaining.contains_key(d)))
            .map(|(m, _)| m.clone())
            .collect();
        assert!(!ready.is_empty(), "import circle among {:?}", remaining);
        for m in ready {
            remaining.remove(&m);
            order.push(m);
        }
    }
    // The stages the README names keep their places.
    let position = |m: &str| order.iter().position(|x| x == m).unwrap_or_else(|| panic!("no module {m}"));
    for (lower, upper) in
        [("source", "diag"), ("diag", "load"), ("load", "model"), ("model", "check"), ("model", "schedule")]
    {
        assert!(position(lower) < position(upper), "{upper} must come after {lower}: {order:?}");
    }
}
