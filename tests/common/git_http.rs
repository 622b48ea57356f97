//! A git smart-HTTP server on 127.0.0.1 for tests: git's own `git http-backend` (CGI) behind a
//! small HTTP/1.1 server, serving the bare repositories under a directory. It records each
//! request (method, path, Authorization) and, when given a token, answers 401 to requests
//! without `Basic x-access-token:<token>`, as GitHub does.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

#[derive(Clone, Debug)]
pub struct GitRequest {
    pub method: String,
    pub path: String,
    pub authorization: Option<String>,
}

pub struct GitServer {
    /// `http://127.0.0.1:PORT`; a repository `x.git` under the root is at `{url}/x.git`.
    pub url: String,
    requests: Arc<Mutex<Vec<GitRequest>>>,
}

impl GitServer {
    pub fn requests(&self) -> Vec<GitRequest> {
        self.requests.lock().unwrap().clone()
    }
}

/// Serves the bare repositories under `root`; with `token`, only to that token.
pub fn serve(root: &Path, token: Option<&str>) -> GitServer {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(Mutex::new(Vec::new()));
    let (root, log) = (root.to_path_buf(), requests.clone());
    let expected = token.map(|t| {
        use base64::Engine as _;
        format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("x-access-token:{t}")))
    });
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let (root, log, expected) = (root.clone(), log.clone(), expected.clone());
            std::thread::spawn(move || {
                let _ = handle(stream, &root, &log, expected.as_deref());
            });
        }
    });
    GitServer { url, requests }
}

fn handle(
    stream: std::net::TcpStream,
    root: &PathBuf,
    log: &Mutex<Vec<GitRequest>>,
    expected: Option<&str>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let mut parts = line.split_whitespace();
        let (method, target) =
            (parts.next().unwrap_or_default().to_string(), parts.next().unwrap_or_default().to_string());
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            let mut header = String::new();
            reader.read_line(&mut header)?;
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
            }
        }
        let get = |name: &str| headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
        let mut body = vec![0; get("content-length").and_then(|n| n.parse().ok()).unwrap_or(0)];
        reader.read_exact(&mut body)?;
        let authorization = get("authorization");
        log.lock().unwrap().push(GitRequest {
            method: method.clone(),
            path: target.clone(),
            authorization: authorization.clone(),
        });
        if expected.is_some() && authorization.as_deref() != expected {
            let text = "authentication required\n";
            write!(
                writer,
                "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"git\"\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n{text}",
                text.len()
            )?;
            continue;
        }
        let (path, query) = target.split_once('?').unwrap_or((&target, ""));
        let mut cgi = Command::new("git")
            .arg("http-backend")
            .env("GIT_PROJECT_ROOT", root)
            .env("GIT_HTTP_EXPORT_ALL", "1")
            .env("REQUEST_METHOD", &method)
            .env("PATH_INFO", path)
            .env("QUERY_STRING", query)
            .env("CONTENT_TYPE", get("content-type").unwrap_or_default())
            .env("CONTENT_LENGTH", body.len().to_string())
            .env("REMOTE_USER", "x-access-token")
            .env("REMOTE_ADDR", "127.0.0.1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        cgi.stdin.take().unwrap().write_all(&body)?;
        let output = cgi.wait_with_output()?;
        let out = output.stdout;
        let split = out.windows(4).position(|w| w == b"\r\n\r\n").map(|i| (i, 4));
        let split = split.or_else(|| out.windows(2).position(|w| w == b"\n\n").map(|i| (i, 2)));
        let (end, skip) = split.unwrap_or((0, 0));
        let head = String::from_utf8_lossy(&out[..end]).to_string();
        let content = &out[end + skip..];
        let mut status = "200 OK".to_string();
        let mut reply = String::new();
        for header in head.lines() {
            match header.split_once(':') {
                Some((name, value)) if name.eq_ignore_ascii_case("status") => status = value.trim().to_string(),
                Some(_) => reply.push_str(&format!("{header}\r\n")),
                None => {}
            }
        }
        write!(writer, "HTTP/1.1 {status}\r\n{reply}Content-Length: {}\r\n\r\n", content.len())?;
        writer.write_all(content)?;
        writer.flush()?;
    }
}
