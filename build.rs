//! Records the git revision the binary is built from, for `oncall --version`: the checkout's
//! HEAD (a clone, or the checkout `cargo install --git` makes), else the revision cargo
//! recorded when the crate was packaged (`.cargo_vcs_info.json`), else "unknown".

use std::path::Path;
use std::process::Command;

fn main() {
    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let dir = Path::new(&dir);
    let from_git = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(dir)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|rev| !rev.is_empty() && rev.chars().all(|c| c.is_ascii_hexdigit()));
    let from_package = || {
        let info = std::fs::read_to_string(dir.join(".cargo_vcs_info.json")).ok()?;
        let at = info.find("\"sha1\"")?;
        let rest = &info[at + 6..];
        let start = rest.find('"')? + 1;
        let sha: String = rest[start..].chars().take_while(|c| c.is_ascii_hexdigit()).collect();
        (sha.len() >= 12).then(|| sha[..12].to_string())
    };
    let revision = from_git.or_else(from_package).unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=ONCALL_GIT_REVISION={revision}");
    // Rebuilt when HEAD moves (a commit, a checkout), not on every build.
    let git = dir.join(".git");
    if git.is_dir() {
        println!("cargo:rerun-if-changed={}", git.join("HEAD").display());
        if let Ok(head) = std::fs::read_to_string(git.join("HEAD"))
            && let Some(reference) = head.trim().strip_prefix("ref: ")
        {
            println!("cargo:rerun-if-changed={}", git.join(reference).display());
        }
        println!("cargo:rerun-if-changed={}", git.join("packed-refs").display());
    }
    println!("cargo:rerun-if-changed=build.rs");
}
