//! The tool's tests never read the team configuration at the repository root (`roster/`,
//! `alarms/`, `playbooks/`, `generated/`): a team that forks this repository replaces it with
//! its own, and the tests keep passing. They use copies under `tests/fixtures/` (the example
//! team is `tests/fixtures/example`). `.ci/run` proves it by running the suite in a copy whose
//! root holds `oncall init` output; this test names the line that would break it.

use std::path::{Path, PathBuf};

const ROOT_DIRS: [&str; 4] = ["roster", "alarms", "playbooks", "generated"];

/// Calls that take a path relative to the working directory (the repository root in tests).
const OPENERS: [&str; 9] = [
    "Path::new(",
    "PathBuf::from(",
    "read_to_string(",
    "fs::read(",
    "read_dir(",
    "File::open(",
    "copy_dir(",
    "current_dir(",
    "fs::write(",
];

/// Where a Rust test source names the root's configuration: `(line, text)`.
fn root_reads(source: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        let mut hit = code.contains("Path::new(\".\")") || code.contains("Path::new(dir)");
        for opener in OPENERS {
            for (i, _) in code.match_indices(opener) {
                // A path inside a git tree, not on disk.
                if code[..i].ends_with("get_path(") {
                    continue;
                }
                let rest = code[i + opener.len()..].trim_start_matches('&');
                let Some(literal) = rest.strip_prefix('"') else { continue };
                let literal = literal.trim_start_matches("./");
                hit |= ROOT_DIRS.iter().any(|dir| {
                    literal.strip_prefix(dir).is_some_and(|after| after.starts_with('"') || after.starts_with('/'))
                });
            }
        }
        if hit {
            out.push((n + 1, line.to_string()));
        }
    }
    out
}

/// Where a trycmd case runs at the repository root and reads the configuration there.
fn root_case(case: &str) -> bool {
    let at_root = case.lines().any(|l| {
        let l = l.replace(' ', "");
        l == "fs.cwd=\"../..\"" || l == "fs.cwd=\"../../\""
    });
    // Commands that read no team configuration may run anywhere.
    let harmless = ["\"schema\"", "\"explain\"", "\"--help\"", "\"--version\"", "\"init\""];
    at_root && !case.lines().any(|l| l.starts_with("args") && harmless.iter().any(|h| l.contains(h)))
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            // Fixtures are data; the cases' own repositories live in `<case>.in/`.
            if !path.ends_with("fixtures") && path.extension().is_none_or(|e| e != "in") {
                files(&path, ext, out);
            }
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

#[test]
fn no_test_reads_the_configuration_at_the_repository_root() {
    let mut found = Vec::new();
    let mut sources = Vec::new();
    files(Path::new("tests"), "rs", &mut sources);
    for path in sources.iter().filter(|p| !p.ends_with("independent.rs")) {
        for (line, text) in root_reads(&std::fs::read_to_string(path).unwrap()) {
            found.push(format!("{}:{line}: {}", path.display(), text.trim()));
        }
    }
    let mut cases = Vec::new();
    files(Path::new("tests/cmd"), "toml", &mut cases);
    for path in cases {
        if root_case(&std::fs::read_to_string(&path).unwrap()) {
            found
                .push(format!("{}: runs at the repository root; use fs.cwd = \"../fixtures/example\"", path.display()));
        }
    }
    assert_eq!(found, Vec::<String>::new(), "use a copy under tests/fixtures/ (common::example())");
}

/// The scanner itself: what it must catch and what it must let pass.
#[test]
fn the_scanner_tells_root_reads_from_fixture_reads() {
    for bad in [
        r#"let t = std::fs::read_to_string("roster/team.yaml").unwrap();"#,
        r#"common::copy_dir(Path::new("generated"), &out);"#,
        r#"let s = fs::read("./alarms/api.yaml");"#,
        r#"generate(Path::new("."), &a);"#,
        r#"for d in dirs { copy_dir(Path::new(dir), &w.join(dir)); }"#,
        r#"std::fs::read_dir("playbooks")"#,
    ] {
        assert_eq!(root_reads(bad).len(), 1, "missed: {bad}");
    }
    for good in [
        r#"let t = std::fs::read_to_string(root.join("roster/team.yaml")).unwrap();"#,
        r#"common::copy_dir(&common::example().join("generated"), &out);"#,
        r#"// Path::new("roster") in a comment"#,
        r#"assert!(out.contains("generated/schedule.json"));"#,
        r#"Path::new("tests/fixtures/schedule/roster")"#,
        r#"Path::new("rosters.txt")"#,
        r#"tip.tree().unwrap().get_path(Path::new("generated/schedule.json"))"#,
    ] {
        assert_eq!(root_reads(good), Vec::new(), "flagged: {good}");
    }
    assert!(root_case("bin.name = \"oncall\"\nargs = [\"lint\"]\nfs.cwd = \"../..\"\n"));
    assert!(!root_case("bin.name = \"oncall\"\nargs = [\"schema\", \"--check\"]\nfs.cwd = \"../..\"\n"));
    assert!(!root_case("bin.name = \"oncall\"\nargs = [\"lint\"]\nfs.cwd = \"../fixtures/example\"\n"));
}
