//! The demo tenant: a faithful local fake of a Qlik Cloud tenant's data-connectivity REST API.
//!
//! Public surface: [`DemoServer`], [`DemoOptions`], [`FaultPlan`], [`RecordedRequest`] and
//! [`run_cli`]. Everything else is private to this module; it shares `api::models` (the serde
//! types) with the client and nothing else.

mod catalog;
mod connections;
mod credentials;
mod errors;
mod faults;
mod oauth;
mod properties;
mod scim;
mod server;
mod sources;
mod store;
mod tenant;

/// The demo's one way to take a lock: a handler that panicked does not take every later request
/// down with it (the data under the lock is plain and stays consistent per statement).
pub(crate) fn locked<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

use std::collections::BTreeMap;
use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use faults::FaultPlan;

use crate::cli::DemoServerArgs;

/// How a demo tenant behaves.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// The bearer key accepted on `/api` (besides OAuth tokens issued by `/oauth/token`).
    pub api_key: String,
    /// Extra generated connections, deterministic given the number.
    pub connections: usize,
    /// Added to every `/api` and `/oauth` response.
    pub latency: Duration,
    pub faults: FaultPlan,
    pub oauth_client_id: String,
    pub oauth_client_secret: String,
    pub token_ttl_secs: u64,
    /// `false`: `/users/me` answers 200; `true`: 301 to `/api/v1/users/{id}`.
    pub users_me_redirect: bool,
    /// `None`: the tenant of the published examples (the seeds' ids and connections).
    /// `Some(name)`: another tenant of the same organisation (`--tenants dev,prod` serves the
    /// second this way): the same sources and space and gateway names under its own ids,
    /// derived from the name, and no connections besides DataFiles; `connections` is ignored.
    pub sibling: Option<String>,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            api_key: "demo".into(),
            connections: 0,
            latency: Duration::ZERO,
            faults: FaultPlan::default(),
            oauth_client_id: "qdc-demo-client".into(),
            oauth_client_secret: "qdc-demo-secret".into(),
            token_ttl_secs: 21600,
            users_me_redirect: false,
            sibling: None,
        }
    }
}

/// One request as the tenant received it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    pub query: String,
    /// Parsed JSON, or a JSON string with the raw text if the body is not JSON.
    pub body: Option<serde_json::Value>,
    /// Lower-case names; the Authorization value is redacted to `Bearer ***`.
    pub headers: BTreeMap<String, String>,
    /// The status sent, 0 when the connection was dropped (`reset` fault).
    pub status: u16,
    /// The JSON body answered, when there was one that parses.
    #[serde(default)]
    pub response: Option<serde_json::Value>,
}

/// A running demo tenant on the current tokio runtime.
pub struct DemoServer {
    addr: SocketAddr,
    shared: server::AppState,
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl DemoServer {
    /// Bind, spawn the server, and return once it accepts connections.
    pub async fn start(addr: SocketAddr, opts: DemoOptions) -> std::io::Result<DemoServer> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(server::Shared {
            store: Mutex::new(catalog::build(opts.connections, opts.sibling.as_deref())),
            faults: faults::ActiveFaults::new(opts.faults.clone()),
            log: Mutex::new(server::RequestLog::default()),
            opts,
            addr,
        });
        let app = server::router(shared.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(DemoServer {
            addr,
            shared,
            stop,
            task,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        crate::demo::locked(&self.shared.log).snapshot()
    }

    pub fn clear_requests(&self) {
        crate::demo::locked(&self.shared.log).clear();
    }

    /// Stop accepting, finish the requests in flight, and return.
    pub async fn shutdown(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}

/// `qdc demo-server`: serve until SIGINT/SIGTERM.
pub fn run_cli(args: DemoServerArgs) -> ExitCode {
    let faults = match args.faults.as_deref().map(FaultPlan::parse).transpose() {
        Ok(f) => f.unwrap_or_default(),
        Err(msg) => {
            eprintln!("qdc demo-server: --faults: {msg}");
            return ExitCode::from(2);
        }
    };
    let opts = DemoOptions {
        api_key: args.api_key,
        connections: args.connections,
        latency: Duration::from_millis(args.latency_ms),
        faults,
        ..DemoOptions::default()
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("qdc demo-server: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let names = match tenant_names(&args.tenants) {
        Ok(names) => names,
        Err(msg) => {
            eprintln!("qdc demo-server: --tenants: {msg}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(async move {
        let mut servers = Vec::new();
        for (i, name) in names.iter().enumerate() {
            // the first at --addr, the next ones on the ports after it (or any free one)
            let mut addr = args.addr;
            if addr.port() != 0 {
                addr.set_port(addr.port().saturating_add(i as u16));
            }
            let opts = DemoOptions {
                sibling: (i > 0).then(|| name.clone()),
                ..opts.clone()
            };
            match DemoServer::start(addr, opts).await {
                Ok(s) => servers.push(s),
                Err(e) => {
                    eprintln!("qdc demo-server: cannot listen on {addr}: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
        // Listen for signals before announcing readiness, so a supervisor that signals right
        // after reading the line still gets a graceful exit.
        let signals = Signals::install();
        let mut stdout = std::io::stdout().lock();
        for (server, name) in servers.iter().zip(&names) {
            let _ = match args.tenants.is_empty() {
                true => writeln!(stdout, "qdc demo tenant listening on {}", server.base_url()),
                false => writeln!(
                    stdout,
                    "qdc demo tenant {name} listening on {}",
                    server.base_url()
                ),
            };
        }
        let _ = stdout.flush();
        drop(stdout);
        signals.wait().await;
        for server in servers {
            server.shutdown().await;
        }
        ExitCode::SUCCESS
    })
}

/// `--tenants dev,prod`: distinct names of letters, digits, `-` and `_`; none given is one
/// tenant.
fn tenant_names(given: &[String]) -> Result<Vec<String>, String> {
    if given.is_empty() {
        return Ok(vec!["demo".into()]);
    }
    let mut names: Vec<String> = Vec::new();
    for name in given.iter().map(|n| n.trim()) {
        let ok = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !ok {
            return Err(format!(
                "bad tenant name {name:?} (letters, digits, - and _ only)"
            ));
        }
        if names.iter().any(|n| n == name) {
            return Err(format!("tenant {name:?} is named twice"));
        }
        names.push(name.to_string());
    }
    Ok(names)
}

/// SIGINT or SIGTERM.
struct Signals {
    #[cfg(unix)]
    streams: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl Signals {
    fn install() -> Signals {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let streams = signal(SignalKind::interrupt())
                .and_then(|int| Ok((int, signal(SignalKind::terminate())?)))
                .ok();
            Signals { streams }
        }
        #[cfg(not(unix))]
        Signals {}
    }

    async fn wait(self) {
        #[cfg(unix)]
        if let Some((mut int, mut term)) = self.streams {
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
            }
            return;
        }
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod poison_tests {
    use super::*;

    /// Case 13 of issue 9: in `--demo` the tenant runs in qdc's process; one handler that
    /// panicked while holding the store must not make every later request panic.
    #[tokio::test]
    async fn a_handler_that_panicked_holding_the_store_does_not_break_later_requests() {
        let server = DemoServer::start("127.0.0.1:0".parse().unwrap(), DemoOptions::default())
            .await
            .unwrap();
        let shared = server.shared.clone();
        let poisoned = std::thread::spawn(move || {
            let _held = shared.store.lock().unwrap();
            panic!("a handler bug (expected in this test)");
        })
        .join();
        assert!(poisoned.is_err() && server.shared.store.is_poisoned());
        let resp = reqwest::Client::new()
            .get(format!("{}/api/v1/data-connections", server.base_url()))
            .bearer_auth("demo")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200);
        let body: serde_json::Value = resp.json().await.unwrap();
        assert_eq!(body["data"].as_array().map(Vec::len), Some(7));
    }

    #[tokio::test]
    async fn a_panicking_handler_answers_500_and_the_next_request_is_served() {
        let app = axum::Router::new()
            .route(
                "/api/v1/boom",
                axum::routing::get(|| async {
                    if true {
                        panic!("a handler bug (expected in this test)");
                    }
                    "never"
                }),
            )
            .route("/api/v1/ok", axum::routing::get(|| async { "ok" }))
            .layer(axum::middleware::from_fn(server::contain_panics));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        let http = reqwest::Client::new();
        let boom = http
            .get(format!("http://{addr}/api/v1/boom"))
            .send()
            .await
            .unwrap();
        assert_eq!(boom.status(), 500);
        let ok = http
            .get(format!("http://{addr}/api/v1/ok"))
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), 200);
    }
}
