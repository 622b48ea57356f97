//! Test helpers shared by every test binary: running `oncall` on a repository, comparing with
//! (and, with `ONCALL_BLESS=1`, rewriting) golden files, copying fixtures, a stub HTTP server
//! on 127.0.0.1 that plays an API and records requests, and scratch git repositories built
//! with git2.

#![allow(dead_code)]

pub mod git_http;
pub mod roster;
pub mod slack;

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

/// Variables that would reach a real API: never inherited from the test's environment.
const API_VARIABLES: [&str; 6] = [
    "GITHUB_TOKEN",
    "GITHUB_API_URL",
    "GITHUB_REPOSITORY",
    "SLACK_BOT_TOKEN",
    "SLACK_API_URL",
    "SLACK_TIMEOUT_SECONDS",
];

/// `oncall --root <root>`, ready for its arguments, with no API variable set.
pub fn oncall_command(root: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_oncall"));
    command.arg("--root").arg(root);
    for var in API_VARIABLES {
        command.env_remove(var);
    }
    command
}

/// Runs `oncall --root <root> <args>` with the given variables set.
pub fn oncall(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    oncall_command(root).args(args).envs(env.iter().copied()).output().unwrap()
}

/// Runs `oncall generate --out <out>` on `root` and asserts that it succeeds.
pub fn generate(root: &Path, out: &Path) -> Output {
    let output = oncall_command(root).arg("generate").arg("--out").arg(out).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    output
}

/// stdout then stderr, as text.
pub fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// Whether golden files are being rewritten (`ONCALL_BLESS=1 cargo test`).
pub fn blessing() -> bool {
    std::env::var_os("ONCALL_BLESS").is_some_and(|v| !v.is_empty())
}

/// Asserts that the golden file `path` holds `actual`; with `ONCALL_BLESS=1`, writes it.
pub fn golden(path: &Path, actual: &str) {
    if blessing() {
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        expected == actual,
        "{} differs from the output (first difference at byte {}); review, then `ONCALL_BLESS=1 cargo test` rewrites it",
        path.display(),
        expected.bytes().zip(actual.bytes()).take_while(|(a, b)| a == b).count()
    );
}

/// A request the stub received.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub authorization: Option<String>,
    pub body: Value,
}

/// A canned answer: method, path prefix, status, JSON body.
pub type Route = (&'static str, &'static str, u16, Value);

pub struct Stub {
    pub url: String,
    pub requests: Arc<Mutex<Vec<Recorded>>>,
}

impl Stub {
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}

/// Reads one HTTP/1.1 request: its method, target (path and query), `Authorization` header
/// and JSON body (null when there is none).
pub fn read_request(stream: &std::net::TcpStream) -> Option<(String, String, Option<String>, Value)> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or_default().to_string(), parts.next().unwrap_or_default().to_string());
    let (mut length, mut authorization) = (0usize, None);
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
            break;
        }
        let (name, value) = header.split_once(':').unwrap_or((&header, ""));
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse().unwrap_or(0),
            "authorization" => authorization = Some(value.trim().to_string()),
            _ => {}
        }
    }
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    Some((method, target, authorization, serde_json::from_slice(&body).unwrap_or(Value::Null)))
}

/// Starts a server answering each request with the first matching route (404 otherwise).
pub fn stub(routes: Vec<Route>) -> Stub {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(Mutex::new(Vec::new()));
    let recorded = Arc::clone(&requests);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let Some((method, path, authorization, body)) = read_request(&stream) else { continue };
            recorded.lock().unwrap().push(Recorded { method: method.clone(), path: path.clone(), authorization, body });
            let (status, answer) = routes
                .iter()
                .find(|(m, p, ..)| *m == method && path.starts_with(p))
                .map_or((404, serde_json::json!({"message": "Not Found"})), |(_, _, s, b)| (*s, b.clone()));
            let text = answer.to_string();
            let _ = write!(
                stream,
                "HTTP/1.1 {status} Stub\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                text.len()
            );
        }
    });
    Stub { url, requests }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The copy of the example team the tests use (never the repository root's, which a team
/// replaces with its own: `tests/independent.rs`).
pub const EXAMPLE: &str = "tests/fixtures/example";

/// [`EXAMPLE`], as a path.
pub fn example() -> &'static Path {
    Path::new(EXAMPLE)
}

/// A work repository on branch `main` holding the example configuration (and `generated/`
/// when asked), pushed to a bare remote `origin`. Returns (work dir, remote dir).
pub fn repositories(temp: &Path, with_generated: bool) -> (PathBuf, PathBuf) {
    let remote = temp.join("remote.git");
    git2::Repository::init_bare(&remote).unwrap();
    let work = temp.join("work");
    let mut options = git2::RepositoryInitOptions::new();
    options.initial_head("main");
    let repo = git2::Repository::init_opts(&work, &options).unwrap();
    let mut dirs = vec!["roster", "alarms", "playbooks"];
    if with_generated {
        dirs.push("generated");
    }
    for dir in dirs {
        copy_dir(&example().join(dir), &work.join(dir));
    }
    commit_all(&repo, "example team");
    repo.remote("origin", remote.to_str().unwrap()).unwrap();
    push(&repo, "refs/heads/main");
    (work, remote)
}

pub fn commit_all(repo: &git2::Repository, message: &str) -> git2::Oid {
    let mut index = repo.index().unwrap();
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let signature = git2::Signature::now("Test", "test@example.com").unwrap();
    let parents: Vec<git2::Commit> = repo.head().ok().and_then(|h| h.peel_to_commit().ok()).into_iter().collect();
    let parents: Vec<&git2::Commit> = parents.iter().collect();
    repo.commit(Some("HEAD"), &signature, &signature, message, &tree, &parents).unwrap()
}

pub fn push(repo: &git2::Repository, reference: &str) {
    repo.find_remote("origin").unwrap().push(&[&format!("+{reference}:{reference}")], None).unwrap();
}

/// Every file under `dir` (recursively), in no particular order.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() { out.extend(walk(&path)) } else { out.push(path) }
    }
    out
}

/// Plans a repository as written (tests change one and plan again): validated first, as a
/// clean lint would.
pub fn plan(
    repo: &oncall_as_code::model::Repo,
    options: oncall_as_code::schedule::PlanOptions,
) -> Result<oncall_as_code::schedule::Schedule, oncall_as_code::schedule::PlanError> {
    // A rolling window ends as seen from today, or from the window's first day.
    let today = options.today.or(repo.policy.as_ref().map(|p| p.value.schedule.from)).expect("a policy");
    let valid = oncall_as_code::model::validate(repo, today).expect("the repository validates");
    oncall_as_code::schedule::plan(&valid, options)
}
