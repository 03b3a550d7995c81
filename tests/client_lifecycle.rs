//! Changing what exists, through the client against the demo tenant: moves between spaces and
//! owner changes in one `actions/update` (a result per item, 207), the full replacement by PUT,
//! the `qlik-auth-code` header an OAuth connection's PATCH needs, and owners by `users/{id}`.

mod support;

use serde_json::json;

use qdc::api::models::{
    BulkUpdateItem, BulkUpdateRequest, ConnectionUpdate, CreateConnection, DcaasCreateConnection,
    PatchOp,
};
use qdc::api::GetConnectionQuery;
use support::*;

const FINANCE: &str = "65cf6b6c51618b6abd5848d1";
const SALES: &str = "65cf6b7a51618b6abd5848d2";
const OMAR: &str = "6373910a6541614d3a88d6c4";

fn s3_body(name: &str) -> CreateConnection {
    CreateConnection {
        data_source_id: "File_AmazonS3ConnectorV2".into(),
        q_name: name.into(),
        space: Some(FINANCE.into()),
        connection_properties:
            json!({"accessKey": "a", "secretKey": "s", "region": "us-east-1", "bucketName": "b"})
                .as_object()
                .cloned()
                .unwrap(),
        ..Default::default()
    }
}

async fn get(c: &qdc::api::Client, id: &str) -> qdc::api::models::Connection {
    c.connection(id, &GetConnectionQuery::default())
        .await
        .unwrap()
}

#[tokio::test]
async fn one_bulk_update_moves_and_reassigns_with_a_result_per_item() {
    let server = demo().await;
    let c = client(&server);
    let a = c.create_connection(&s3_body("move-a")).await.unwrap();
    let b = c.create_connection(&s3_body("move-b")).await.unwrap();
    let d = c.create_connection(&s3_body("move-d")).await.unwrap();
    let e = c.create_connection(&s3_body("move-e")).await.unwrap();
    let answer = c
        .update_connections(&BulkUpdateRequest {
            connections: vec![
                BulkUpdateItem::move_to(a.id(), Some((SALES, "shared"))),
                // the wrong type for Sales: refused for this item only
                BulkUpdateItem::move_to(b.id(), Some((SALES, "managed"))),
                BulkUpdateItem::move_to(d.id(), None),
                BulkUpdateItem::owner(e.id(), OMAR),
                BulkUpdateItem::owner(a.id(), "no-such-user"),
            ],
        })
        .await
        .unwrap();
    let statuses: Vec<(String, i64)> = answer
        .data
        .iter()
        .map(|r| (r.id.clone(), r.status))
        .collect();
    assert_eq!(
        statuses,
        vec![
            (a.id().to_string(), 204),
            (b.id().to_string(), 400),
            (d.id().to_string(), 204),
            (e.id().to_string(), 204),
            (a.id().to_string(), 404),
        ]
    );
    let why = answer.data[1]
        .error
        .as_ref()
        .unwrap()
        .detail
        .clone()
        .unwrap();
    assert!(why.contains("spaceType"), "{why}");
    assert_eq!(
        last_body(&server, "POST", "/api/v1/data-connections/actions/update")["connections"][2],
        json!({"id": d.id(), "spaceId": "", "spaceType": "personal"})
    );
    assert_eq!(get(&c, a.id()).await.space.as_deref(), Some(SALES));
    assert_eq!(get(&c, b.id()).await.space.as_deref(), Some(FINANCE));
    assert_eq!(get(&c, d.id()).await.space_id(), None, "the personal space");
    let given = get(&c, e.id()).await;
    assert_eq!(given.user.as_deref(), Some(OMAR));
    assert_eq!(
        given.q_credentials_id, None,
        "credentials are not transferred to a new owner"
    );
    assert_contract(&server);
}

/// The spec's error shapes of `actions/update`: a body without `connections` (or an item
/// without its `id`) is a 400 for the whole request in the DataConnectionErrors shape; a
/// `spaceType` outside its enum, or `spaceId` without one, a 400 for that item only.
#[tokio::test]
async fn a_bulk_update_answers_the_specs_error_shapes() {
    let server = demo().await;
    let c = client(&server);
    let a = c.create_connection(&s3_body("shape-a")).await.unwrap();
    for body in [r#"{}"#, r#"{"connections":[{"spaceId":""}]}"#] {
        let (status, answer) =
            raw_post(&server, "/api/v1/data-connections/actions/update", body).await;
        assert_eq!(status, 400, "{body}: {answer}");
        let e = &answer["errors"][0];
        assert_eq!(e["code"], "DCERROR-0010", "{answer}");
        assert_eq!(e["status"], 400, "an integer status: {answer}");
        assert!(
            e["detail"].as_str().unwrap().contains("connections"),
            "{answer}"
        );
    }
    let body = json!({"connections": [
        {"id": a.id(), "spaceId": SALES, "spaceType": "team"},
        {"id": a.id(), "spaceId": SALES},
    ]});
    let (status, answer) = raw_post(
        &server,
        "/api/v1/data-connections/actions/update",
        &body.to_string(),
    )
    .await;
    assert_eq!(status, 207, "{answer}");
    for (item, word) in answer["data"]
        .as_array()
        .unwrap()
        .iter()
        .zip(["one of", "required"])
    {
        assert_eq!(item["id"], a.id());
        assert_eq!(item["status"], 400, "{item}");
        assert_eq!(item["error"]["status"], 400, "{item}");
        assert!(
            item["error"]["detail"].as_str().unwrap().contains(word),
            "{item}"
        );
    }
    assert_eq!(
        get(&c, a.id()).await.space.as_deref(),
        Some(FINANCE),
        "nothing moved"
    );
    // the requests break the spec on purpose; the answers must not
    let contract = support::contract::Contract::load();
    for r in server.requests() {
        let broken =
            contract.check_exchange(&r.method, &r.path, None, r.status, r.response.as_ref());
        let words: Vec<String> = broken.iter().map(|v| v.to_string()).collect();
        assert!(words.is_empty(), "{} {}: {words:?}", r.method, r.path);
    }
}

/// One POST with a raw body (bearer `demo`): status and JSON answer.
async fn raw_post(
    server: &qdc::demo::DemoServer,
    path: &str,
    body: &str,
) -> (u16, serde_json::Value) {
    let answer = reqwest::Client::new()
        .post(format!("{}{path}", server.base_url()))
        .bearer_auth("demo")
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = answer.status().as_u16();
    (status, answer.json().await.unwrap())
}

#[tokio::test]
async fn put_replaces_the_connection_and_can_move_it() {
    let server = demo().await;
    let c = client(&server);
    let made = c.create_connection(&s3_body("put-me")).await.unwrap();
    let current = get(&c, made.id()).await;
    let mut body = ConnectionUpdate::from_connection(&current).expect("GET sends the statement");
    body.q_name = "put-renamed".into();
    body.space = Some(SALES.into());
    c.update_connection(made.id(), &body).await.unwrap();
    let after = get(&c, made.id()).await;
    assert_eq!(after.q_name, "put-renamed");
    assert_eq!(after.space.as_deref(), Some(SALES));
    assert_eq!(after.q_connect_statement, current.q_connect_statement);
    assert_eq!(after.q_credentials_id, current.q_credentials_id);
    let sent = last_body(
        &server,
        "PUT",
        &format!("/api/v1/data-connections/{}", made.id()),
    );
    for required in [
        "qID",
        "qName",
        "qType",
        "qEngineObjectID",
        "qConnectStatement",
    ] {
        assert!(sent.get(required).is_some(), "{required}: {sent}");
    }
    assert_contract(&server);
}

fn gbq_body(name: &str) -> DcaasCreateConnection {
    DcaasCreateConnection {
        data_source_id: "gbq".into(),
        connection_name: name.into(),
        space_id: Some(FINANCE.into()),
        connection_properties: json!({"OAuthMechanism": "1", "Catalog": "cat", "authCode": ""})
            .as_object()
            .cloned()
            .unwrap(),
        ..Default::default()
    }
}

#[tokio::test]
async fn an_oauth_connection_is_patched_only_with_a_fresh_qlik_auth_code() {
    let server = demo().await;
    let c = client(&server);
    let url = c.request_auth_url(&gbq_body("gbq-edit")).await.unwrap();
    let code = code_from_login_page(&url.auth_url).await;
    let made = c
        .create_with_auth_code(&gbq_body("gbq-edit"), &code)
        .await
        .unwrap();
    let rename = [PatchOp::replace("/qName", json!("gbq-renamed"))];

    let refused = c
        .patch_connection(made.id(), &rename, None)
        .await
        .unwrap_err();
    assert_eq!(refused.status, Some(400));
    let why = refused.first().and_then(|e| e.detail.clone()).unwrap();
    assert!(why.contains("qlik-auth-code"), "{why}");
    let used = c
        .patch_connection(made.id(), &rename, Some(&code))
        .await
        .unwrap_err();
    assert_eq!(used.status, Some(400), "a used code does not work twice");
    assert_eq!(get(&c, made.id()).await.q_name, "gbq-edit");

    // the handoff again (nothing is created by it), then the PATCH with the new code
    let again = c.request_auth_url(&gbq_body("gbq-edit")).await.unwrap();
    let fresh = code_from_login_page(&again.auth_url).await;
    c.patch_connection(made.id(), &rename, Some(&fresh))
        .await
        .unwrap();
    let patch = api_requests(&server)
        .into_iter()
        .rfind(|r| r.method == "PATCH")
        .unwrap();
    assert_eq!(patch.status, 204);
    assert_eq!(get(&c, made.id()).await.q_name, "gbq-renamed");

    // a connection that is not OAuth-based needs no header
    let s3 = c.create_connection(&s3_body("plain")).await.unwrap();
    c.patch_connection(
        s3.id(),
        &[PatchOp::replace("/qName", json!("plain2"))],
        None,
    )
    .await
    .unwrap();
    assert_contract(&server);
}

#[tokio::test]
async fn an_owner_is_read_by_id_with_name_and_email() {
    let server = demo().await;
    let omar = client(&server).user(OMAR).await.unwrap();
    assert_eq!(omar.name, "Omar Engineer");
    assert_eq!(omar.email.as_deref(), Some("omar.engineer@corp.example"));
    let missing = client(&server).user("nobody").await.unwrap_err();
    assert_eq!(missing.status, Some(404));
}

#[tokio::test]
async fn a_patch_switches_the_credentials_mode_with_the_creates_properties() {
    let server = demo().await;
    let c = client(&server);
    let made = c.create_connection(&s3_body("creds")).await.unwrap();
    let set =
        |name: &str, v: serde_json::Value| PatchOp::add(format!("/connectionProperties/{name}"), v);

    // unknown credentials: 404, nothing changes
    let missing = c
        .patch_connection(
            made.id(),
            &[
                set("separateCredentials", json!("true")),
                set("selectedCredentials", json!("no-such-credential")),
            ],
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(missing.status, Some(404));
    assert_eq!(get(&c, made.id()).await.q_separate_credentials, Some(false));

    // new named separated credentials, with the secrets sent
    c.patch_connection(
        made.id(),
        &[
            set("separateCredentials", json!("true")),
            set("credentialsName", json!("creds-own")),
            set("accessKey", json!("AK2")),
            set("secretKey", json!("SK2")),
        ],
        None,
    )
    .await
    .unwrap();
    let now = get(&c, made.id()).await;
    assert_eq!(now.q_separate_credentials, Some(true));
    let named = c
        .credential(qdc::api::CredentialRef::Name("creds-own"))
        .await
        .unwrap();
    assert_eq!(now.q_credentials_id.as_deref(), Some(named.q_id.as_str()));

    // back to embedded: only with the credentials in the same request
    let bare = c
        .patch_connection(
            made.id(),
            &[set("separateCredentials", json!("false"))],
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(bare.status, Some(400));
    c.patch_connection(
        made.id(),
        &[
            set("separateCredentials", json!("false")),
            set("accessKey", json!("AK3")),
            set("secretKey", json!("SK3")),
        ],
        None,
    )
    .await
    .unwrap();
    let embedded = get(&c, made.id()).await;
    assert_eq!(embedded.q_separate_credentials, Some(false));
    assert_ne!(
        embedded.q_credentials_id.as_deref(),
        Some(named.q_id.as_str())
    );
    // the separated credentials survive, as on delete
    assert!(c
        .credential(qdc::api::CredentialRef::Id(&named.q_id))
        .await
        .is_ok());
    // the control properties are not stored as properties
    let parsed = c
        .connection(
            made.id(),
            &GetConnectionQuery {
                parse_connection: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let props = parsed.connection_properties.unwrap();
    assert!(!props.contains_key("separateCredentials"), "{props:?}");
    assert_contract(&server);
}

/// `GET /users` in cursor pages: every user once, in the shape `users/{id}` answers (name,
/// email, its own link), `links.next` until the last page; the client follows it.
#[tokio::test]
async fn the_tenants_users_are_listed_in_pages_and_the_client_follows_them() {
    let server = demo().await;
    let c = client(&server);
    let page = reqwest::Client::new()
        .get(format!("{}/api/v1/users?limit=2", server.base_url()))
        .bearer_auth("demo")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let page: serde_json::Value = page.json().await.unwrap();
    assert_eq!(page["data"].as_array().unwrap().len(), 2, "{page}");
    let next = page["links"]["next"]["href"].as_str().unwrap();
    assert!(
        next.contains("/api/v1/users?") && next.contains("next="),
        "{next}"
    );
    let all = c.users().collect_all().await.unwrap();
    let mut ids: Vec<&str> = all.iter().map(|u| u.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "each user once");
    let omar = all.iter().find(|u| u.id == OMAR).expect("Omar is listed");
    assert_eq!(omar.name, "Omar Engineer");
    assert_eq!(omar.email.as_deref(), Some("omar.engineer@corp.example"));
    assert_eq!(
        omar,
        &c.user(OMAR).await.unwrap(),
        "the same user as users/{{id}}"
    );
    assert!(
        all.iter().any(|u| u.name == "Jane Analyst"),
        "the caller too"
    );
    let (status, _) = (
        reqwest::Client::new()
            .get(format!("{}/api/v1/users?limit=500", server.base_url()))
            .bearer_auth("demo")
            .send()
            .await
            .unwrap()
            .status(),
        (),
    );
    assert_eq!(status, 400, "limit is 1 to 100");
}
