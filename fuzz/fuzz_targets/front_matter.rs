//! `load::front_matter` on any text: ranges in bounds and on character boundaries; then the
//! whole lint of a repository (the clean fixture's roster) whose one playbook is that text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oncall_as_code::load::front_matter;
use oncall_as_code_fuzz::{Mem, lint};

const ROSTER: [(&str, &[u8]); 5] = [
    ("roster/team.yaml", include_bytes!("../../tests/fixtures/lint/clean/roster/team.yaml")),
    ("roster/policy.yaml", include_bytes!("../../tests/fixtures/lint/clean/roster/policy.yaml")),
    ("roster/time-off.yaml", include_bytes!("../../tests/fixtures/lint/clean/roster/time-off.yaml")),
    ("roster/overrides.yaml", include_bytes!("../../tests/fixtures/lint/clean/roster/overrides.yaml")),
    ("roster/pitch-cycles.yaml", include_bytes!("../../tests/fixtures/lint/clean/roster/pitch-cycles.yaml")),
];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Some((yaml, body)) = front_matter(&text) {
        assert!(
            yaml.start <= yaml.end && yaml.end <= body.start && body.start <= body.end && body.end <= text.len(),
            "{yaml:?} {body:?} of {}",
            text.len()
        );
        for at in [yaml.start, yaml.end, body.start, body.end] {
            assert!(text.is_char_boundary(at), "{at} is not a char boundary");
        }
    }
    let mut mem = Mem::default();
    for (path, bytes) in ROSTER {
        mem.files.insert(path.to_string(), bytes.to_vec());
    }
    mem.files.insert("playbooks/x.md".to_string(), data.to_vec());
    lint(&mem);
});
