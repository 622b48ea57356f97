//! Git's smart HTTP protocol for libgit2 over the HTTP client the tool already has (ureq, TLS
//! through rustls), so that no part of the build needs the system OpenSSL: libgit2 is built
//! without its own https transport, and this one is registered for `http://` and `https://`
//! remotes (as git2-curl does with curl). Each request is one round of the stateless RPC
//! protocol: `GET <url>/info/refs?service=git-upload-pack|git-receive-pack` for the
//! advertisement, `POST <url>/git-upload-pack|git-receive-pack` with what libgit2 wrote.
//!
//! Credentials: the token given to [`use_token`] (publish passes `GITHUB_TOKEN`) goes as HTTP
//! Basic `x-access-token:<token>`, as GitHub expects, over https, and over plain http only to
//! this machine (127.0.0.1, ::1, localhost: test servers); never printed.

use git2::transport::{Service, SmartSubtransport, SmartSubtransportStream, Transport};
use std::io::{Read, Write};
use std::sync::{Once, RwLock};
use std::time::Duration;

static REGISTER: Once = Once::new();
/// The token remotes of this process are reached with (see [`use_token`]).
static TOKEN: RwLock<Option<String>> = RwLock::new(None);

/// Registers the transport (once per process) and sets the token it sends from now on.
pub fn use_token(token: Option<&str>) {
    register();
    let mut held = TOKEN.write().unwrap_or_else(|poisoned| poisoned.into_inner());
    *held = token.filter(|t| !t.is_empty()).map(str::to_string);
}

/// Registers the transport for `http` and `https` remotes, once per process.
pub fn register() {
    REGISTER.call_once(|| {
        for scheme in ["http", "https"] {
            // SAFETY: `Once` makes this the only registration, done before this process uses a
            // remote of that scheme (every remote operation of the tool calls `register` first).
            let registered =
                unsafe { git2::transport::register(scheme, |remote| Transport::smart(remote, true, Http::new())) };
            // Registering fails only when the scheme is taken, which nothing else here does.
            debug_assert!(registered.is_ok(), "{registered:?}");
        }
    });
}

struct Http {
    agent: ureq::Agent,
}

impl Http {
    fn new() -> Http {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(30)))
            .user_agent(concat!("git/2.0 (oncall-as-code/", env!("CARGO_PKG_VERSION"), ")"))
            .build()
            .into();
        Http { agent }
    }
}

impl SmartSubtransport for Http {
    fn action(&self, url: &str, action: Service) -> Result<Box<dyn SmartSubtransportStream>, git2::Error> {
        let base = url.trim_end_matches('/');
        let (path, service, post) = match action {
            Service::UploadPackLs => ("/info/refs?service=git-upload-pack", "upload-pack", false),
            Service::UploadPack => ("/git-upload-pack", "upload-pack", true),
            Service::ReceivePackLs => ("/info/refs?service=git-receive-pack", "receive-pack", false),
            Service::ReceivePack => ("/git-receive-pack", "receive-pack", true),
        };
        Ok(Box::new(Stream {
            agent: self.agent.clone(),
            url: format!("{base}{path}"),
            service,
            post,
            token: token_for(base),
            body: Vec::new(),
            response: None,
        }))
    }

    fn close(&self) -> Result<(), git2::Error> {
        Ok(())
    }
}

/// A URL's scheme, host (with its port, without credentials written before an `@`) and path.
fn parts(url: &str) -> Option<(&str, &str, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    Some((scheme, host, path))
}

/// The token when it may go to this URL: https, or plain http to this machine.
fn token_for(url: &str) -> Option<String> {
    let token = TOKEN.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()?;
    let host = match parts(url)? {
        ("https", host, path) => return Some(token).filter(|_| !host.is_empty() || !path.is_empty()),
        ("http", host, _) => host,
        _ => return None,
    };
    let host = if host.starts_with('[') { host.split(']').next().map(|h| &h[1..]) } else { host.split(':').next() };
    matches!(host, Some("127.0.0.1" | "localhost" | "::1")).then_some(token)
}

/// The URL as messages show it: without its query, and without credentials written into it
/// (`https://user:token@host/...`).
fn shown(url: &str) -> String {
    let url = url.split('?').next().unwrap_or_default();
    match parts(url) {
        Some((scheme, host, "")) => format!("{scheme}://{host}"),
        Some((scheme, host, path)) => format!("{scheme}://{host}/{path}"),
        None => url.to_string(),
    }
}

struct Stream {
    agent: ureq::Agent,
    url: String,
    service: &'static str,
    post: bool,
    token: Option<String>,
    /// What libgit2 wrote: the body of a POST, sent at the first read.
    body: Vec<u8>,
    response: Option<Box<dyn Read + Send>>,
}

fn io_error(message: String) -> std::io::Error {
    std::io::Error::other(message)
}

impl Stream {
    fn send(&mut self) -> std::io::Result<Box<dyn Read + Send>> {
        let authorization = self.token.as_ref().map(|token| {
            use base64::Engine as _;
            let pair = format!("x-access-token:{token}");
            format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(pair))
        });
        let service = self.service;
        let result = if self.post {
            let mut request = self
                .agent
                .post(&self.url)
                .header("Content-Type", format!("application/x-git-{service}-request"))
                .header("Accept", format!("application/x-git-{service}-result"));
            if let Some(value) = &authorization {
                request = request.header("Authorization", value);
            }
            request.send(&self.body[..])
        } else {
            let mut request = self.agent.get(&self.url);
            if let Some(value) = &authorization {
                request = request.header("Authorization", value);
            }
            request.call()
        };
        let shown = shown(&self.url);
        let response = result.map_err(|e| io_error(format!("{shown}: {e}")))?;
        let status = response.status().as_u16();
        if status != 200 {
            let hint = match status {
                401 | 403 => " (is GITHUB_TOKEN set, with write access to the repository?)",
                404 => " (no such repository)",
                _ => "",
            };
            return Err(io_error(format!("{shown}: HTTP {status}{hint}")));
        }
        let content_type =
            response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        let expected = if self.post {
            format!("application/x-git-{service}-result")
        } else {
            format!("application/x-git-{service}-advertisement")
        };
        if !content_type.starts_with(&expected) {
            return Err(io_error(format!(
                "{shown}: the server answered {content_type:?}, not git's smart HTTP protocol ({expected})"
            )));
        }
        Ok(Box::new(response.into_body().into_reader()))
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.response.is_none() {
            self.response = Some(self.send()?);
        }
        self.response.as_mut().expect("sent").read(buf)
    }
}

impl Write for Stream {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.response.is_some() {
            return Err(io_error("git wrote to a request already sent".to_string()));
        }
        self.body.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_goes_over_https_or_to_this_machine_only() {
        use_token(Some("t0ken"));
        for url in
            ["https://github.com/a/b.git", "http://127.0.0.1:8080/r.git", "http://localhost/r", "http://[::1]:9/r"]
        {
            assert_eq!(token_for(url).as_deref(), Some("t0ken"), "{url}");
        }
        for url in [
            "http://github.com/a/b.git",
            "http://127.0.0.1.example.com/r",
            "ftp://127.0.0.1/r",
            "http://evil@github.com/",
        ] {
            assert_eq!(token_for(url), None, "{url}");
        }
        use_token(None);
        assert_eq!(
            shown("https://x-access-token:s3cret@github.com/a/b.git/info/refs?service=x"),
            "https://github.com/a/b.git/info/refs"
        );
        assert_eq!(shown("http://127.0.0.1:9/r.git"), "http://127.0.0.1:9/r.git");
        assert_eq!(token_for("https://github.com/a/b.git"), None);
    }
}
