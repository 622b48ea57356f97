//! The parse floor of the lint benchmark: read every roster, alarm and playbook file of a
//! repository and parse its YAML (a playbook's front matter) with serde_yaml, nothing else.
//! `cargo run --release --example parse_floor -- DIR`

use std::path::Path;

fn main() {
    let root = std::env::args().nth(1).expect("usage: parse_floor DIR");
    let mut files = 0usize;
    for dir in ["roster", "alarms", "playbooks"] {
        let Ok(entries) = std::fs::read_dir(Path::new(&root).join(dir)) else { continue };
        for entry in entries.flatten() {
            let text = std::fs::read_to_string(entry.path()).expect("readable UTF-8 file");
            let yaml = if dir == "playbooks" {
                oncall_as_code::load::front_matter(&text).map_or(String::new(), |(yaml, _)| text[yaml].to_string())
            } else {
                text
            };
            let value: serde_yaml::Value = serde_yaml::from_str(&yaml).expect("valid YAML");
            std::hint::black_box(value);
            files += 1;
        }
    }
    println!("parsed {files} files");
}
