//! The demo tenant over real HTTP on loopback, as a client (or a user with curl) sees it.

use std::collections::HashSet;

use qdc::demo::{DemoOptions, DemoServer, FaultPlan};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

const FINANCE: &str = "65cf6b6c51618b6abd5848d1";

async fn start(opts: DemoOptions) -> DemoServer {
    DemoServer::start("127.0.0.1:0".parse().unwrap(), opts)
        .await
        .unwrap()
}

/// The demo tenant with the faults `plan` describes (`qdc demo-server --faults` syntax).
async fn start_with_faults(plan: &str) -> DemoServer {
    start(DemoOptions {
        faults: FaultPlan::parse(plan).unwrap(),
        ..Default::default()
    })
    .await
}

struct Api {
    base: String,
    http: Client,
}

impl Api {
    fn new(server: &DemoServer) -> Api {
        Api {
            base: server.base_url(),
            http: Client::new(),
        }
    }
    async fn get(&self, path: &str) -> (StatusCode, Value) {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth("demo")
            .send()
            .await
            .unwrap();
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }
    async fn send(&self, method: &str, path: &str, body: Value) -> (StatusCode, Value) {
        let r = self
            .http
            .request(method.parse().unwrap(), format!("{}{path}", self.base))
            .bearer_auth("demo")
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }
}

fn s3v2_body(name: &str) -> Value {
    json!({
        "dataSourceId": "File_AmazonS3ConnectorV2",
        "qName": name,
        "space": FINANCE,
        "connectionProperties": {
            "accessKey": "AKIA-user", "secretKey": "pw",
            "region": "us-east-1", "bucketName": "bucket-name"
        }
    })
}

#[tokio::test]
async fn missing_wrong_or_unprefixed_key_is_401_with_qlik_error_body() {
    let server = start(DemoOptions::default()).await;
    let http = Client::new();
    let url = format!("{}/api/v1/data-connections", server.base_url());
    for auth in [None, Some("Bearer wrong"), Some("demo")] {
        let mut req = http.get(&url);
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), 401, "{auth:?}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["errors"][0]["status"], 401, "{body}");
        assert!(body["errors"][0]["code"]
            .as_str()
            .unwrap()
            .starts_with("DCERROR-"));
    }
    let ok = http.get(&url).bearer_auth("demo").send().await.unwrap();
    assert_eq!(ok.status(), 200);
    let log = server.requests();
    assert_eq!(log.len(), 4);
    assert_eq!(log[1].headers["authorization"], "Bearer ***");
    assert_eq!(log[0].status, 401);
    assert_eq!(log[3].status, 200);
    server.shutdown().await;
}

#[tokio::test]
async fn s3_v2_seed_create_returns_the_seed_shape_and_statement() {
    let server = start(DemoOptions::default()).await;
    let api = Api::new(&server);
    let (status, body) = api
        .send("POST", "/api/v1/data-connections", s3v2_body("landing"))
        .await;
    assert_eq!(status, 201, "{body}");
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "created",
            "datasourceID",
            "id",
            "links",
            "privileges",
            "qArchitecture",
            "qConnectStatement",
            "qCredentialsID",
            "qEngineObjectID",
            "qID",
            "qLogOn",
            "qName",
            "qSeparateCredentials",
            "qType",
            "qri",
            "space",
            "tags",
            "tenant",
            "updated",
            "user",
            "version"
        ]
    );
    assert_eq!(
        body["qConnectStatement"],
        "CUSTOM CONNECT TO \"provider=QvWebConnectorPackage.exe;sourceType=File_AmazonS3ConnectorV2;region=us-east-1;bucketName=bucket-name;\""
    );
    let id = body["id"].as_str().unwrap();
    assert_eq!(uuid::Uuid::parse_str(id).unwrap().get_version_num(), 4);
    assert_eq!(body["qID"], id);
    assert_eq!(body["qEngineObjectID"], id);
    assert_eq!(body["qType"], "QvWebStorageProviderConnectorPackage.exe");
    assert_eq!(body["qLogOn"], 1);
    assert_eq!(body["privileges"], json!(["read", "update", "delete"]));
    assert_eq!(
        body["tags"],
        json!(["DcaasAPI:QvWebStorageProviderConnectorPackage.exe:4.46.0"])
    );
    assert_eq!(
        body["links"]["self"]["href"],
        format!("{}/v1/data-connections/{id}", server.base_url())
    );
    assert_eq!(body["created"], body["updated"]);
    let qri = body["qri"].as_str().unwrap();
    assert_eq!(qri.strip_prefix("qri:file:s3://").unwrap().len(), 43);
    assert!(!body.to_string().contains("AKIA-user") && !body.to_string().contains("\"pw\""));

    // GET shows the /api link and the properties without secrets.
    let (status, got) = api
        .get(&format!(
            "/api/v1/data-connections/{id}?parseConnection=true"
        ))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        got["links"]["self"]["href"],
        format!("{}/api/v1/data-connections/{id}", server.base_url())
    );
    assert_eq!(
        got["connectionProperties"],
        json!({"bucketName": "bucket-name", "region": "us-east-1"})
    );
    server.shutdown().await;
}

#[tokio::test]
async fn duplicate_names_conflict_and_bad_requests_are_400() {
    let server = start(DemoOptions::default()).await;
    let api = Api::new(&server);
    assert_eq!(
        api.send("POST", "/api/v1/data-connections", s3v2_body("dup"))
            .await
            .0,
        201
    );
    let (status, body) = api
        .send("POST", "/api/v1/data-connections", s3v2_body("dup"))
        .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["errors"][0]["status"], 409);
    // The same name in the personal space is fine.
    let mut personal = s3v2_body("dup");
    personal.as_object_mut().unwrap().remove("space");
    assert_eq!(
        api.send("POST", "/api/v1/data-connections", personal)
            .await
            .0,
        201
    );

    let mut cases = Vec::new();
    let mut b = s3v2_body("");
    cases.push(("empty qName", b.clone()));
    b["qName"] = json!("ok");
    b.as_object_mut().unwrap().remove("dataSourceId");
    cases.push(("no dataSourceId", b.clone()));
    b["dataSourceId"] = json!("nope");
    cases.push(("unknown dataSourceId", b.clone()));
    let mut b = s3v2_body("ok");
    b.as_object_mut().unwrap().remove("connectionProperties");
    cases.push(("no connectionProperties", b));
    let mut b = s3v2_body("ok");
    b["connectionProperties"]["region"] = json!("mars-north-1");
    cases.push(("region outside enum", b));
    for (what, body) in cases {
        let (status, err) = api.send("POST", "/api/v1/data-connections", body).await;
        assert_eq!(status, 400, "{what}: {err}");
        assert_eq!(err["errors"][0]["code"], "DCERROR-0010", "{what}");
    }
    // Unknown selected credentials: 404.
    let mut b = s3v2_body("sel");
    b["connectionProperties"]["separateCredentials"] = json!(true);
    b["connectionProperties"]["selectedCredentials"] =
        json!("00000000-0000-4000-8000-000000000000");
    assert_eq!(api.send("POST", "/api/v1/data-connections", b).await.0, 404);
    // A path that is not a UUID is a 400 unless type=connectionname.
    assert_eq!(api.get("/api/v1/data-connections/not-a-uuid").await.0, 400);
    let (status, byname) = api
        .get(&format!(
            "/api/v1/data-connections/dup?type=connectionname&spaceId={FINANCE}"
        ))
        .await;
    assert_eq!(status, 200);
    assert_eq!(byname["space"], FINANCE);
    server.shutdown().await;
}

#[tokio::test]
async fn separated_credentials_outlive_their_connections() {
    let server = start(DemoOptions::default()).await;
    let api = Api::new(&server);
    let mut first = json!({
        "dataSourceId": "File_AmazonS3Connector", "qName": "s3-a", "space": FINANCE,
        "connectionProperties": {"accessKey": "AK", "secretKey": "SK", "separateCredentials": "true",
            "credentialsName": "reportingAccount", "region": "eu-west-1", "bucketName": "b"}
    });
    let (status, a) = api
        .send("POST", "/api/v1/data-connections", first.clone())
        .await;
    assert_eq!(status, 201, "{a}");
    assert_eq!(a["qSeparateCredentials"], true);

    let (status, cred) = api
        .get("/api/v1/data-credentials/reportingAccount?byCredentialName=true")
        .await;
    assert_eq!(status, 200, "{cred}");
    let keys: Vec<&str> = cred
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "connectionId",
            "created",
            "datasourceID",
            "links",
            "qConnCount",
            "qID",
            "qName",
            "qSeparated",
            "qType",
            "updated"
        ]
    );
    assert_eq!(cred["qSeparated"], 1);
    assert_eq!(cred["connectionId"], "");
    assert_eq!(cred["qConnCount"], 0);
    let cred_id = cred["qID"].as_str().unwrap().to_string();
    assert_eq!(a["qCredentialsID"], cred_id.as_str());

    first["qName"] = json!("s3-b");
    first["connectionProperties"] = json!({"region": "eu-west-1", "bucketName": "b",
        "separateCredentials": "true", "selectedCredentials": cred_id});
    let (status, b) = api.send("POST", "/api/v1/data-connections", first).await;
    assert_eq!(status, 201, "{b}");
    let (_, cred) = api
        .get(&format!("/api/v1/data-credentials/{cred_id}"))
        .await;
    assert_eq!(cred["qConnCount"], 1);

    for c in [&a, &b] {
        let r = api
            .send(
                "DELETE",
                &format!("/api/v1/data-connections/{}", c["id"].as_str().unwrap()),
                Value::Null,
            )
            .await;
        assert_eq!(r.0, 204);
    }
    let (status, cred) = api
        .get(&format!("/api/v1/data-credentials/{cred_id}"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(cred["qConnCount"], 0);
    let (status, orphans) = api
        .send(
            "POST",
            "/api/v1/data-credentials/actions/filter-orphan",
            json!({"datasourceID": "File_AmazonS3Connector"}),
        )
        .await;
    assert_eq!(status, 200);
    let names: Vec<&str> = orphans["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["qName"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"reportingAccount") && names.contains(&"serviceAccount123"),
        "{orphans}"
    );
    assert_eq!(orphans["count"], names.len());
    // An embedded credential goes with its connection.
    let (_, c) = api
        .send("POST", "/api/v1/data-connections", s3v2_body("embedded"))
        .await;
    let embedded = c["qCredentialsID"].as_str().unwrap().to_string();
    api.send(
        "DELETE",
        &format!("/api/v1/data-connections/{}", c["id"].as_str().unwrap()),
        Value::Null,
    )
    .await;
    assert_eq!(
        api.get(&format!("/api/v1/data-credentials/{embedded}"))
            .await
            .0,
        404
    );
    server.shutdown().await;
}

/// Fetch the consent page an authUrl points at and read the code a user would copy.
async fn consent_code(auth_url: &str) -> String {
    let html = reqwest::get(auth_url).await.unwrap().text().await.unwrap();
    let start = html.find("<code id=\"auth-code\">").expect("code element")
        + "<code id=\"auth-code\">".len();
    let end = start + html[start..].find("</code>").unwrap();
    assert!(html.contains("paste it into qdc"));
    html[start..end].to_string()
}

#[tokio::test]
async fn interactive_oauth_two_step_on_both_paths() {
    let server = start(DemoOptions::default()).await;
    let api = Api::new(&server);
    // The seed's dcaas flow.
    let mut dcaas = json!({"dataSourceId": "gbq", "connectionName": "gbq-example", "spaceId": FINANCE,
        "authUrlOnly": "true",
        "connectionProperties": {"OAuthMechanism": "1", "Catalog": "gbq-example-catalog", "authCode": ""}});
    let (status, first) = api
        .send(
            "POST",
            "/api/v1/dcaas/actions/data-connections",
            dcaas.clone(),
        )
        .await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(first.as_object().unwrap().len(), 1);
    let url = first["authUrl"].as_str().unwrap();
    assert!(
        url.starts_with(&format!("{}/_demo/oauth/authorize?", server.base_url())),
        "{url}"
    );
    assert!(url.contains("code_challenge_method=S256") && url.contains("state="));
    let code = consent_code(url).await;
    dcaas.as_object_mut().unwrap().remove("authUrlOnly");
    dcaas["connectionProperties"]["authCode"] = json!(code);
    let (status, created) = api
        .send(
            "POST",
            "/api/v1/dcaas/actions/data-connections",
            dcaas.clone(),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let keys: Vec<&str> = created
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "connectionId",
            "connectionName",
            "createdAt",
            "credentialsId",
            "dataSourceId",
            "spaceId",
            "tenantId",
            "updateAt",
            "userId"
        ]
    );
    // Reusing the code fails clearly.
    dcaas["connectionName"] = json!("gbq-again");
    let (status, err) = api
        .send("POST", "/api/v1/dcaas/actions/data-connections", dcaas)
        .await;
    assert_eq!(status, 400);
    assert!(
        err["errors"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("already been used"),
        "{err}"
    );
    assert!(err["errors"][0]["code"]
        .as_str()
        .unwrap()
        .starts_with("DCAAS-"));

    // The v1 path with a Dropbox source.
    let mut v1 = json!({"dataSourceId": "File_DropboxConnector", "qName": "dropbox", "authUrlOnly": true,
        "connectionProperties": {"authCode": ""}});
    let (status, first) = api
        .send("POST", "/api/v1/data-connections", v1.clone())
        .await;
    assert_eq!(status, 201);
    let code = consent_code(first["authUrl"].as_str().unwrap()).await;
    v1.as_object_mut().unwrap().remove("authUrlOnly");
    v1["connectionProperties"]["authCode"] = json!(code.clone());
    let (status, created) = api
        .send("POST", "/api/v1/data-connections", v1.clone())
        .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["qType"], "QvWebStorageProviderConnectorPackage.exe");
    assert!(created.get("space").is_none());
    v1["qName"] = json!("dropbox-2");
    assert_eq!(
        api.send("POST", "/api/v1/data-connections", v1).await.0,
        400
    );
    server.shutdown().await;
}

#[tokio::test]
async fn paging_1050_connections_returns_every_id_once() {
    let server = start(DemoOptions {
        connections: 1050,
        ..Default::default()
    })
    .await;
    let http = Client::new();
    let mut next = Some(format!(
        "{}/api/v1/data-connections?limit=100",
        server.base_url()
    ));
    let mut seen = HashSet::new();
    let mut total = None;
    let mut pages = 0;
    while let Some(url) = next {
        let page: Value = http
            .get(&url)
            .bearer_auth("demo")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let data = page["data"].as_array().unwrap();
        assert!(data.len() <= 100);
        for c in data {
            assert!(
                seen.insert(c["qID"].as_str().unwrap().to_string()),
                "duplicate {}",
                c["qID"]
            );
        }
        total = page["meta"]["count"].as_u64();
        next = page["links"]["next"]["href"].as_str().map(str::to_string);
        pages += 1;
    }
    // 1050 generated + 2 fixture connections + 5 DataFiles, minus other users' personal ones (none).
    assert_eq!(seen.len() as u64, total.unwrap());
    assert!(seen.len() >= 1050, "{}", seen.len());
    assert_eq!(pages, seen.len().div_ceil(100));
    let (_, bad) = Api::new(&server)
        .get("/api/v1/data-connections?limit=101")
        .await;
    assert_eq!(bad["errors"][0]["status"], 400);
    server.shutdown().await;
}

/// The pages of a walk share one listing; a change between two pages is seen by the next one
/// (the listing is not reused after the tenant changed).
#[tokio::test]
async fn a_connection_created_or_deleted_during_a_walk_shows_in_the_next_page() {
    let server = start(DemoOptions {
        connections: 250,
        ..Default::default()
    })
    .await;
    let api = Api::new(&server);
    let (_, first) = api.get("/api/v1/data-connections?limit=100").await;
    let total = first["meta"]["count"].as_u64().unwrap();
    let next = first["links"]["next"]["href"].as_str().unwrap().to_string();
    let path = &next[next.find("/api/").unwrap()..];
    let (_, again) = api.get(path).await;
    assert_eq!(again["meta"]["count"].as_u64(), Some(total));
    let (status, created) = api
        .send(
            "POST",
            "/api/v1/data-connections",
            s3v2_body("made_mid_walk"),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let (_, second) = api.get(path).await;
    assert_eq!(second["meta"]["count"].as_u64(), Some(total + 1));
    let id = created["qID"].as_str().or(created["id"].as_str()).unwrap();
    let (status, _) = api
        .send(
            "DELETE",
            &format!("/api/v1/data-connections/{id}"),
            Value::Null,
        )
        .await;
    assert!(status.is_success(), "{status}");
    let (_, third) = api.get(path).await;
    assert_eq!(third["meta"]["count"].as_u64(), Some(total));
    assert_eq!(
        third["data"], again["data"],
        "the same page as before the change"
    );
    server.shutdown().await;
}

/// The request log keeps the latest requests only, in order, with their answers.
#[tokio::test]
async fn the_request_log_keeps_the_latest_requests() {
    let server = start(DemoOptions::default()).await;
    let api = Api::new(&server);
    for i in 0..2_010 {
        api.get(&format!("/api/v1/spaces?limit=1&n={i}")).await;
    }
    let log = server.requests();
    assert_eq!(log.len(), 2_000);
    assert_eq!(log[0].query, "limit=1&n=10");
    assert_eq!(log.last().unwrap().query, "limit=1&n=2009");
    assert_eq!(log.last().unwrap().status, 200);
    assert!(log.last().unwrap().response.as_ref().unwrap()["data"].is_array());
    server.shutdown().await;
}

#[tokio::test]
async fn counted_fault_fires_exactly_count_times_and_is_recorded() {
    let server = start_with_faults(
        "GET /api/v1/data-connections=429:3x2;POST /api/v1/data-connections=500x1",
    )
    .await;
    let api = Api::new(&server);
    let http = Client::new();
    let url = format!("{}/api/v1/data-connections", server.base_url());
    for _ in 0..2 {
        let r = http.get(&url).bearer_auth("demo").send().await.unwrap();
        assert_eq!(r.status(), 429);
        assert_eq!(r.headers()["retry-after"], "3");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["errors"][0]["code"], "HTTP-429");
    }
    assert_eq!(api.get("/api/v1/data-connections").await.0, 200);
    assert_eq!(
        api.send("POST", "/api/v1/data-connections", s3v2_body("f"))
            .await
            .0,
        500
    );
    assert_eq!(
        api.send("POST", "/api/v1/data-connections", s3v2_body("f"))
            .await
            .0,
        201
    );
    let statuses: Vec<u16> = server.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [429, 429, 200, 500, 201]);
    assert_eq!(server.requests()[4].body.as_ref().unwrap()["qName"], "f");
    server.shutdown().await;
}

#[tokio::test]
async fn reset_malformed_and_truncate_faults_break_the_response() {
    let server = start_with_faults(
        "/api/v1/spaces=resetx1;/api/v1/users/me=malformed;/api/v1/data-sources=truncate",
    )
    .await;
    let http = Client::new();
    let get = |p: &str| {
        http.get(format!("{}{p}", server.base_url()))
            .bearer_auth("demo")
            .send()
    };
    let reset = match get("/api/v1/spaces").await {
        Err(_) => true,
        Ok(r) => r.bytes().await.is_err(),
    };
    assert!(reset, "a reset must not yield a complete response");
    assert_eq!(get("/api/v1/spaces").await.unwrap().status(), 200);
    let me = get("/api/v1/users/me").await.unwrap();
    assert_eq!(me.status(), 200);
    assert!(serde_json::from_str::<Value>(&me.text().await.unwrap()).is_err());
    let full_len = {
        let r = http
            .get(format!(
                "{}/api/v1/data-sources/rest/api-specs",
                server.base_url()
            ))
            .bearer_auth("demo")
            .send()
            .await
            .unwrap();
        r.text().await.unwrap().len()
    };
    assert!(full_len > 0);
    let cut = get("/api/v1/data-sources")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(serde_json::from_str::<Value>(&cut).is_err());
    assert_eq!(server.requests()[0].status, 0);
    server.shutdown().await;
}

#[tokio::test]
async fn oauth_client_credentials_token_is_a_bearer() {
    let server = start(DemoOptions::default()).await;
    let http = Client::new();
    let token_url = format!("{}/oauth/token", server.base_url());
    let bad = http.post(&token_url).json(&json!({"client_id": "qdc-demo-client", "client_secret": "nope", "grant_type": "client_credentials"})).send().await.unwrap();
    assert_eq!(bad.status(), 401);
    assert_eq!(
        bad.json::<Value>().await.unwrap()["errors"][0]["code"],
        "OAUTH-1"
    );
    let ok: Value = http
        .post(&token_url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(
            "client_id=qdc-demo-client&client_secret=qdc-demo-secret&grant_type=client_credentials",
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ok["token_type"], "bearer");
    assert_eq!(ok["expires_in"], 21600);
    let token = ok["access_token"].as_str().unwrap();
    let me = http
        .get(format!("{}/api/v1/users/me", server.base_url()))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    assert_eq!(
        me.json::<Value>().await.unwrap()["id"],
        "637390ef6541614d3a88d6c3"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn gateways_settings_and_spaces() {
    let server = start(DemoOptions::default()).await;
    let api = Api::new(&server);
    let (status, gw) = api.get("/api/v1/data-sources/DG_mssql/gateways").await;
    assert_eq!(status, 200);
    assert_eq!(gw["gateways"].as_array().unwrap().len(), 2);
    assert_eq!(
        gw["gateways"][0]["id"],
        "Rm5Qk-KThkESl5ajnVxuiXZAczfSHo7h::dL1IyMf6DGSp3FV1NmrPJ7eAEA0qd-YR"
    );
    assert_eq!(gw["gateways"][0]["default"], true);
    let (_, refreshed) = api
        .get("/api/v1/data-sources/DG_mssql/gateways?forceRefresh=true")
        .await;
    assert_ne!(refreshed["refreshedAt"], gw["refreshedAt"]);
    assert_eq!(api.get("/api/v1/data-sources/mssql/gateways").await.0, 404);
    let (status, _) = api
        .send(
            "PUT",
            "/api/v1/data-sources/rest/settings",
            json!({"disabled": true}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(api.get("/api/v1/data-sources/rest/api-specs").await.0, 404);
    let (_, list) = api.get("/api/v1/data-sources").await;
    assert!(!list.to_string().contains("\"dataSourceId\":\"rest\""));
    let (_, list) = api.get("/api/v1/data-sources?includeDisabled=true").await;
    assert!(list.to_string().contains("\"dataSourceId\":\"rest\""));
    let (status, spaces) = api.get("/api/v1/spaces?limit=2").await;
    assert_eq!(status, 200);
    assert_eq!(spaces["data"].as_array().unwrap().len(), 2);
    let next = spaces["links"]["next"]["href"].as_str().unwrap();
    assert!(next.starts_with(&server.base_url()));
    let (status, space) = api.get("/api/v1/spaces/000000000000000000000000").await;
    assert_eq!(status, 404);
    assert_eq!(space["errors"][0]["status"], "404");
    server.shutdown().await;
}
