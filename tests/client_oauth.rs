//! OAuth 2.0 client credentials against the demo tenant's own token endpoint: the token is
//! fetched, reused, refreshed before expiry, and refreshed once on a 401.

mod support;

use std::sync::Arc;
use std::time::Duration;

use qdc::api::{Client, ClientConfig, ErrorKind, OAuthClientCredentials};
use qdc::demo::{DemoOptions, DemoServer, FaultPlan};
use support::*;

fn oauth_client(server: &DemoServer, secret: &str) -> Client {
    let mut config = ClientConfig::new(server.base_url());
    config.retry = fast_retry();
    let auth = OAuthClientCredentials::new(&config, "qdc-demo-client", secret, None).unwrap();
    Client::new(&config, Arc::new(auth)).unwrap()
}

fn token_requests(server: &DemoServer) -> usize {
    server
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/oauth/token")
        .count()
}

#[tokio::test]
async fn a_token_is_fetched_once_and_reused() {
    let server = demo().await;
    let c = oauth_client(&server, "qdc-demo-secret");
    c.me().await.unwrap();
    c.data_sources(&Default::default()).await.unwrap();
    assert_eq!(token_requests(&server), 1);
    let sent = server
        .requests()
        .into_iter()
        .find(|r| r.path == "/oauth/token")
        .unwrap()
        .body
        .unwrap();
    assert_eq!(sent["grant_type"], "client_credentials");
    assert_eq!(sent["client_id"], "qdc-demo-client");
}

#[tokio::test]
async fn a_token_is_refreshed_before_it_expires() {
    let server = demo_with(DemoOptions {
        token_ttl_secs: 2,
        ..DemoOptions::default()
    })
    .await;
    let c = oauth_client(&server, "qdc-demo-secret");
    c.me().await.unwrap();
    tokio::time::sleep(Duration::from_millis(1200)).await;
    // past half of a 2 s lifetime: a new token is fetched before the old one is refused
    c.me().await.unwrap();
    assert_eq!(token_requests(&server), 2);
    assert!(server.requests().iter().all(|r| r.status != 401));
}

#[tokio::test]
async fn a_401_refreshes_the_token_once_then_succeeds() {
    let server = demo_with(DemoOptions {
        faults: FaultPlan::parse("GET /api/v1/users/me=401x1").unwrap(),
        ..DemoOptions::default()
    })
    .await;
    let c = oauth_client(&server, "qdc-demo-secret");
    c.me().await.unwrap();
    assert_eq!(token_requests(&server), 2);
    assert_eq!(count(&server, "GET", "/api/v1/users/me"), 2);
}

#[tokio::test]
async fn a_second_401_is_reported_not_looped() {
    let server = demo_with(DemoOptions {
        faults: FaultPlan::parse("GET /api/v1/users/me=401").unwrap(),
        ..DemoOptions::default()
    })
    .await;
    let c = oauth_client(&server, "qdc-demo-secret");
    let err = c.me().await.unwrap_err();
    assert_eq!(err.status, Some(401));
    assert_eq!(count(&server, "GET", "/api/v1/users/me"), 2);
}

#[tokio::test]
async fn a_wrong_client_secret_is_an_auth_error_with_the_tenant_message() {
    let server = demo().await;
    let err = oauth_client(&server, "wrong").me().await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Auth);
    assert_eq!(err.status, Some(401));
    assert!(err.first().and_then(|e| e.code.clone()).is_some(), "{err}");
    assert_eq!(count(&server, "GET", "/api/v1/users/me"), 0);
}
