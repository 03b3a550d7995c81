//! Shared helpers of the client tests: a demo tenant per test, a client on it, and the contract
//! check over everything the tenant received and answered.
#![allow(dead_code)]

pub mod contract;

use std::sync::Arc;
use std::time::Duration;

use qdc::api::{ApiKey, Client, ClientConfig, RetryPolicy};
use qdc::demo::{DemoOptions, DemoServer, FaultPlan, RecordedRequest};

pub async fn demo_with(opts: DemoOptions) -> DemoServer {
    DemoServer::start("127.0.0.1:0".parse().unwrap(), opts)
        .await
        .expect("demo tenant starts")
}

pub async fn demo() -> DemoServer {
    demo_with(DemoOptions::default()).await
}

pub async fn demo_with_faults(spec: &str) -> DemoServer {
    demo_with(DemoOptions {
        faults: FaultPlan::parse(spec).expect("fault spec parses"),
        ..DemoOptions::default()
    })
    .await
}

/// Quick retries so tests stay fast; the rule (what is retried) is the production one.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_retries: 3,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(100),
        max_retry_after: Duration::from_secs(5),
    }
}

pub fn client_for(server: &DemoServer, key: &str) -> Client {
    let mut config = ClientConfig::new(server.base_url());
    config.retry = fast_retry();
    config.request_timeout = Duration::from_secs(10);
    Client::new(&config, Arc::new(ApiKey::new(key))).expect("client builds")
}

pub fn client(server: &DemoServer) -> Client {
    client_for(server, "demo")
}

/// The API requests the tenant received (the demo's own `/_demo` pages left out).
pub fn api_requests(server: &DemoServer) -> Vec<RecordedRequest> {
    server
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/api/"))
        .collect()
}

/// The body the tenant recorded for the last `method` request to `path`.
pub fn last_body(server: &DemoServer, method: &str, path: &str) -> serde_json::Value {
    api_requests(server)
        .into_iter()
        .rev()
        .find(|r| r.method == method && r.path == path)
        .and_then(|r| r.body)
        .expect("request recorded with a body")
}

/// Opens the auth URL as a browser would and reads the one-time code the demo login page shows.
pub async fn code_from_login_page(auth_url: &str) -> String {
    let html = reqwest::get(auth_url).await.unwrap().text().await.unwrap();
    let start = html
        .find("<code id=\"auth-code\">")
        .expect("code on the page")
        + "<code id=\"auth-code\">".len();
    let end = start + html[start..].find("</code>").unwrap();
    html[start..end].trim().to_string()
}

pub fn count(server: &DemoServer, method: &str, path: &str) -> usize {
    api_requests(server)
        .iter()
        .filter(|r| r.method == method && r.path == path)
        .count()
}

/// Every exchange the tenant saw must honour the official spec (with the seed exceptions).
pub fn assert_contract(server: &DemoServer) {
    let contract = contract::Contract::load();
    let mut violations = Vec::new();
    for r in server.requests() {
        violations.extend(contract.check_exchange(
            &r.method,
            &r.path,
            r.body.as_ref(),
            r.status,
            r.response.as_ref(),
        ));
    }
    assert!(
        violations.is_empty(),
        "contract violations:\n{}",
        violations
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
}
