//! The client's behaviour against the demo tenant: pagination, error mapping, the retry rule
//! under injected faults, and that a create is never sent twice.

mod support;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use serde_json::json;

use qdc::api::models::{CreateConnection, PatchOp};
use qdc::api::{ConnectionsQuery, ErrorKind, GetConnectionQuery};
use qdc::demo::DemoOptions;
use support::*;

fn s3_body(name: &str) -> CreateConnection {
    CreateConnection {
        data_source_id: "File_AmazonS3ConnectorV2".into(),
        q_name: name.into(),
        space: Some("65cf6b6c51618b6abd5848d1".into()),
        connection_properties:
            json!({"accessKey": "a", "secretKey": "s", "region": "us-east-1", "bucketName": "b"})
                .as_object()
                .cloned()
                .unwrap(),
        ..Default::default()
    }
}

#[tokio::test]
async fn pagination_returns_every_connection_exactly_once() {
    let server = demo_with(DemoOptions {
        connections: 1050,
        ..DemoOptions::default()
    })
    .await;
    let c = client(&server);
    let mut pager = c.connections(&ConnectionsQuery {
        limit: Some(100),
        ..Default::default()
    });
    let mut ids = Vec::new();
    let mut total = None;
    while let Some(page) = pager.next_page().await {
        let page = page.unwrap();
        assert!(page.data.len() <= 100, "page size respected");
        total = page.meta.as_ref().and_then(|m| m.count).or(total);
        ids.extend(page.data.into_iter().map(|c| c.q_id));
    }
    let unique: HashSet<_> = ids.iter().cloned().collect();
    assert_eq!(unique.len(), ids.len(), "no connection twice");
    assert!(ids.len() >= 1050, "all pages followed: {}", ids.len());
    assert_eq!(Some(ids.len() as i64), total, "meta.count is the total");
    let pages = count(&server, "GET", "/api/v1/data-connections");
    assert_eq!(pages, ids.len().div_ceil(100));
    assert!(api_requests(&server)
        .iter()
        .filter(|r| r.path == "/api/v1/data-connections")
        .all(|r| r.query.contains("limit=100")));
    assert_contract(&server);
}

#[tokio::test]
async fn a_smaller_page_size_gives_more_pages_and_the_same_set() {
    let server = demo_with(DemoOptions {
        connections: 120,
        ..DemoOptions::default()
    })
    .await;
    let c = client(&server);
    let big = c
        .connections(&ConnectionsQuery {
            limit: Some(100),
            ..Default::default()
        })
        .collect_all()
        .await
        .unwrap();
    server.clear_requests();
    let small = c
        .connections(&ConnectionsQuery {
            limit: Some(7),
            ..Default::default()
        })
        .collect_all()
        .await
        .unwrap();
    let a: HashSet<_> = big.iter().map(|c| &c.q_id).collect();
    let b: HashSet<_> = small.iter().map(|c| &c.q_id).collect();
    assert_eq!(a, b);
    assert_eq!(
        count(&server, "GET", "/api/v1/data-connections"),
        small.len().div_ceil(7)
    );
}

#[tokio::test]
async fn every_injected_status_maps_to_an_error_with_qlik_fields() {
    for status in [401u16, 403, 404, 409, 500] {
        let server = demo_with_faults(&format!("GET /api/v1/data-sources={status}")).await;
        let err = client(&server)
            .data_sources(&Default::default())
            .await
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Status);
        assert_eq!(err.status, Some(status));
        let first = err
            .first()
            .unwrap_or_else(|| panic!("{status}: no Qlik body"));
        assert!(first.code.is_some() && first.title.is_some(), "{status}");
        assert!(
            err.summary().starts_with(&status.to_string()),
            "{}",
            err.summary()
        );
        assert_eq!(
            count(&server, "GET", "/api/v1/data-sources"),
            1,
            "{status} is final"
        );
    }
}

#[tokio::test]
async fn real_errors_keep_code_title_and_detail() {
    let server = demo().await;
    let c = client(&server);
    // 404 unknown connection
    let missing = c
        .connection(
            "00000000-0000-4000-8000-000000000000",
            &GetConnectionQuery::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(missing.status, Some(404));
    assert!(missing.first().unwrap().detail.is_some());
    // 400 not a UUID
    let bad = c
        .connection("not-a-uuid", &GetConnectionQuery::default())
        .await
        .unwrap_err();
    assert_eq!(bad.status, Some(400));
    // 400 empty name
    let empty = c.create_connection(&s3_body("")).await.unwrap_err();
    assert_eq!(empty.status, Some(400));
    // 409 duplicate name in a space
    c.create_connection(&s3_body("dup")).await.unwrap();
    let dup = c.create_connection(&s3_body("dup")).await.unwrap_err();
    assert_eq!(dup.status, Some(409));
    let first = dup.first().unwrap();
    assert!(first.code.as_deref().unwrap().starts_with("DCERROR"));
    assert!(matches!(
        first.status.as_ref().and_then(|s| s.as_i64()),
        Some(409)
    ));
    // 400 unknown data source
    let mut unknown = s3_body("x");
    unknown.data_source_id = "NoSuchSource".into();
    assert_eq!(
        c.create_connection(&unknown).await.unwrap_err().status,
        Some(400)
    );
    assert_contract(&server);
}

#[tokio::test]
async fn gets_wait_for_retry_after_then_recover_from_429() {
    let server = demo_with_faults("GET /api/v1/data-sources=429:1x1").await;
    let started = Instant::now();
    let list = client(&server)
        .data_sources(&Default::default())
        .await
        .expect("recovers after the 429");
    assert!(!list.data_sources.is_empty());
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "Retry-After: 1 was honoured"
    );
    assert_eq!(count(&server, "GET", "/api/v1/data-sources"), 2);
}

#[tokio::test]
async fn a_walk_resumes_from_a_next_href_and_never_leaves_the_tenant() {
    let server = demo_with(DemoOptions {
        connections: 250,
        ..DemoOptions::default()
    })
    .await;
    let c = client(&server);
    let mut first = c.connections(&ConnectionsQuery {
        limit: Some(100),
        ..Default::default()
    });
    let page1 = first.next_page().await.unwrap().unwrap();
    let next = page1
        .links
        .as_ref()
        .unwrap()
        .next
        .as_ref()
        .unwrap()
        .href
        .clone();
    // a new pager from the href the tenant gave goes on where the first one stopped
    let rest = c
        .connections_from(&next)
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    let page1_len = page1.data.len();
    let mut ids: Vec<String> = page1.data.into_iter().map(|c| c.q_id).collect();
    ids.extend(rest.into_iter().map(|c| c.q_id));
    let unique: HashSet<_> = ids.iter().cloned().collect();
    assert_eq!(unique.len(), ids.len(), "no connection twice");
    assert!(
        ids.len() >= 250,
        "every page after the first: {}",
        ids.len()
    );
    // another host in a next link (a tenant behind a proxy or an alias name answers with its
    // canonical host): its path and query are followed on the tenant, the host never contacted
    let other_host = next.replacen(
        c.base_url().as_str().trim_end_matches('/'),
        "https://elsewhere.example",
        1,
    );
    assert_ne!(other_host, next);
    let again = c
        .connections_from(&other_host)
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(again.len(), ids.len() - page1_len);
    assert!(c
        .connections_from("https://elsewhere.example/login?next=x")
        .is_err());
}

#[tokio::test]
async fn gets_recover_from_503_and_dropped_connections() {
    for fault in ["503x2", "resetx1", "502x1", "504x1"] {
        let server = demo_with_faults(&format!("GET /api/v1/spaces={fault}")).await;
        let spaces = client(&server)
            .spaces(&Default::default())
            .collect_all()
            .await
            .unwrap_or_else(|e| panic!("{fault}: {e}"));
        assert!(!spaces.is_empty());
        let expected = if fault == "503x2" { 3 } else { 2 };
        assert_eq!(count(&server, "GET", "/api/v1/spaces"), expected, "{fault}");
    }
}

#[tokio::test]
async fn retries_give_up_after_the_limit_and_report_the_last_error() {
    let server = demo_with_faults("GET /api/v1/users/me=503").await;
    let err = client(&server).me().await.unwrap_err();
    assert_eq!(err.status, Some(503));
    assert_eq!(
        count(&server, "GET", "/api/v1/users/me"),
        4,
        "1 try + 3 retries"
    );
}

#[tokio::test]
async fn a_create_answered_500_is_not_sent_again() {
    let server = demo_with_faults("POST /api/v1/data-connections=500x1").await;
    let err = client(&server)
        .create_connection(&s3_body("once"))
        .await
        .unwrap_err();
    assert_eq!(err.status, Some(500));
    assert_eq!(count(&server, "POST", "/api/v1/data-connections"), 1);
}

#[tokio::test]
async fn a_create_whose_connection_drops_is_not_sent_again() {
    for fault in ["reset", "503", "429:1", "truncate"] {
        let server = demo_with_faults(&format!("POST /api/v1/data-connections={fault}x1")).await;
        let err = client(&server)
            .create_connection(&s3_body("once"))
            .await
            .unwrap_err();
        assert_eq!(
            count(&server, "POST", "/api/v1/data-connections"),
            1,
            "{fault}: {err}"
        );
        if fault == "reset" {
            assert_eq!(err.kind, ErrorKind::Transport, "{err}");
        }
        assert!(!err.summary().is_empty());
    }
}

#[tokio::test]
async fn a_patch_is_never_retried_but_a_delete_is() {
    let server = demo_with_faults(
        "PATCH /api/v1/data-connections/*=503x1;DELETE /api/v1/data-connections/*=503x1",
    )
    .await;
    let c = client(&server);
    let created = c.create_connection(&s3_body("p")).await.unwrap();
    let path = format!("/api/v1/data-connections/{}", created.id());
    let err = c
        .patch_connection(
            created.id(),
            &[PatchOp::replace("/qName", json!("p2"))],
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(err.status, Some(503));
    assert_eq!(count(&server, "PATCH", &path), 1);
    c.delete_connection(created.id()).await.unwrap();
    assert_eq!(count(&server, "DELETE", &path), 2);
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_not_a_panic() {
    let server = demo_with_faults("GET /api/v1/data-sources=malformed").await;
    let err = client(&server)
        .data_sources(&Default::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Decode);
    assert!(
        err.summary().contains("unexpected response"),
        "{}",
        err.summary()
    );
}

#[tokio::test]
async fn a_request_timeout_is_reported_as_such() {
    let server = demo_with_faults("GET /api/v1/users/me=slow:3000").await;
    let mut config = qdc::api::ClientConfig::new(server.base_url());
    config.request_timeout = Duration::from_millis(300);
    config.retry.max_retries = 0;
    let c =
        qdc::api::Client::new(&config, std::sync::Arc::new(qdc::api::ApiKey::new("demo"))).unwrap();
    let err = c.me().await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Timeout, "{err}");
}

#[tokio::test]
async fn patch_sends_a_bare_json_patch_array_and_renames() {
    let server = demo().await;
    let c = client(&server);
    let created = c.create_connection(&s3_body("before")).await.unwrap();
    c.patch_connection(
        created.id(),
        &[PatchOp::replace("/qName", json!("after"))],
        None,
    )
    .await
    .unwrap();
    let sent = api_requests(&server)
        .into_iter()
        .find(|r| r.method == "PATCH")
        .unwrap();
    assert_eq!(
        sent.body.unwrap(),
        json!([{"op": "replace", "path": "/qName", "value": "after"}])
    );
    let after = c
        .connection(created.id(), &GetConnectionQuery::default())
        .await
        .unwrap();
    assert_eq!(after.q_name, "after");
    assert_contract(&server);
}

#[tokio::test]
async fn a_create_whose_answer_is_lost_is_not_resent_and_the_connection_exists() {
    let server = demo_with_faults("POST /api/v1/data-connections=reset-afterx1").await;
    let c = client(&server);
    let err = c
        .create_connection(&s3_body("lost-answer"))
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Transport, "{err}");
    assert_eq!(count(&server, "POST", "/api/v1/data-connections"), 1);
    // the tenant did create it: a client must look before it creates again
    let found = c
        .connection(
            "lost-answer",
            &GetConnectionQuery {
                by_name: true,
                space_id: Some("65cf6b6c51618b6abd5848d1".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(found.q_name, "lost-answer");
}
