//! One test per example of Qlik's four seed documents: the client sends the request the seed
//! shows, the demo tenant answers with the shape the seed shows, and both sides honour the
//! official spec (see `support/contract.rs` for the listed exceptions).

mod support;

use serde_json::{json, Map, Value};

use qdc::api::models::{CreateConnection, DcaasCreateConnection, FilterOrphanRequest};
use qdc::api::{Created, CredentialRef, DataSourcesQuery, GetConnectionQuery};
use support::*;

const FINANCE: &str = "65cf6b6c51618b6abd5848d1";

fn props(v: Value) -> Map<String, Value> {
    v.as_object().cloned().expect("an object")
}

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

// ------------------------------------------------------------------------------------------
// Seed: create-data-connections

#[tokio::test]
async fn seed_list_data_sources_shows_s3_v2_and_rest_as_published() {
    let server = demo().await;
    let list = client(&server)
        .data_sources(&DataSourcesQuery::default())
        .await
        .unwrap();
    let raw = serde_json::to_value(&list).unwrap();
    assert!(raw["lastUpdated"].is_string());
    let s3 = raw["dataSources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["dataSourceId"] == "File_AmazonS3ConnectorV2")
        .expect("S3 V2 listed");
    // exactly the published entry
    assert_eq!(
        *s3,
        json!({
            "capabilities": ["streaming", "STREAMING", "SupportFileStreaming"],
            "dataLoadUrlOverride": null,
            "dataSourceId": "File_AmazonS3ConnectorV2",
            "dataSourceName": "Amazon S3 V2",
            "dataSourcePropertyName": "sourceType",
            "provider": "QvWebStorageProviderConnectorPackage.exe",
            "providerName": "Qlik Web Connectors",
            "settings": [],
            "qriDefinition": {
                "qriPrefix": "qri:file:s3://",
                "connectionPart": {"template": "{region}/{bucketName}", "properties": ["region", "bucketName"]},
                "pathPart": {"prefix": "#", "template": "{filePath}", "properties": ["filePath"]},
                "itemPart": {"prefix": "#", "template": "{item}", "properties": ["item"]}
            },
            "name": "Qlik Web Connectors"
        })
    );
    let rest = list
        .data_sources
        .iter()
        .find(|d| d.data_source_id == "rest")
        .expect("REST listed");
    assert_eq!(rest.data_source_property_name, None);
    assert_eq!(rest.provider, "QvRestConnector.exe");
    assert_eq!(
        rest.qri_definition.as_ref().unwrap().template(),
        "qri:rest://{url}#{xpath}"
    );
    assert_contract(&server);
}

#[tokio::test]
async fn seed_api_specs_of_s3_v2_lists_the_published_properties() {
    let server = demo().await;
    let specs = client(&server)
        .api_specs("File_AmazonS3ConnectorV2")
        .await
        .unwrap();
    assert_eq!(
        specs.connector_provider,
        "QvWebStorageProviderConnectorPackage.exe"
    );
    assert_eq!(specs.connector_version, "4.46.0");
    let properties = &specs.connection_properties["properties"];
    for name in [
        "region",
        "bucketName",
        "storeSseHeader",
        "separateCredentials",
        "selectedCredentials",
        "credentialsName",
        "accessKey",
        "secretKey",
    ] {
        assert!(properties.get(name).is_some(), "{name} missing");
    }
    assert_eq!(properties["region"]["default"], "us-east-1");
    assert_eq!(properties["separateCredentials"]["type"], "boolean");
    assert_contract(&server);
}

#[tokio::test]
async fn seed_create_s3_v2_connection_answers_201_with_the_published_object() {
    let server = demo().await;
    let body = CreateConnection {
        data_source_id: "File_AmazonS3ConnectorV2".into(),
        q_name: "s3-landing".into(),
        space: Some(FINANCE.into()),
        connection_properties: props(json!({
            "accessKey": "AKIAEXAMPLE",
            "secretKey": "wJalrXUtnFEMI",
            "region": "us-east-1",
            "bucketName": "bucket-name"
        })),
        ..Default::default()
    };
    let created = client(&server).create_connection(&body).await.unwrap();

    // the wire body is the seed's, key for key
    assert_eq!(
        last_body(&server, "POST", "/api/v1/data-connections"),
        json!({
            "dataSourceId": "File_AmazonS3ConnectorV2",
            "qName": "s3-landing",
            "space": FINANCE,
            "connectionProperties": {
                "accessKey": "AKIAEXAMPLE",
                "secretKey": "wJalrXUtnFEMI",
                "region": "us-east-1",
                "bucketName": "bucket-name"
            }
        })
    );
    let raw = serde_json::to_value(&created).unwrap();
    assert_eq!(
        keys(&raw),
        keys(
            &json!({"created":0,"datasourceID":0,"id":0,"links":0,"privileges":0,"qArchitecture":0,
            "qConnectStatement":0,"qCredentialsID":0,"qEngineObjectID":0,"qID":0,"qLogOn":0,"qName":0,
            "qSeparateCredentials":0,"qType":0,"qri":0,"space":0,"tags":0,"tenant":0,"updated":0,
            "user":0,"version":0})
        )
    );
    assert_eq!(
        created.q_connect_statement.as_deref(),
        Some("CUSTOM CONNECT TO \"provider=QvWebConnectorPackage.exe;sourceType=File_AmazonS3ConnectorV2;region=us-east-1;bucketName=bucket-name;\"")
    );
    assert_eq!(created.id(), created.q_id);
    assert_eq!(created.q_engine_object_id.as_deref(), Some(created.id()));
    assert_eq!(raw["qLogOn"], 1);
    assert_eq!(raw["qArchitecture"], 0);
    assert_eq!(raw["qSeparateCredentials"], false);
    assert_eq!(created.q_type, "QvWebStorageProviderConnectorPackage.exe");
    assert_eq!(
        created.tags.as_deref(),
        Some(&["DcaasAPI:QvWebStorageProviderConnectorPackage.exe:4.46.0".to_string()][..])
    );
    assert!(created
        .qri
        .as_deref()
        .unwrap()
        .starts_with("qri:file:s3://"));
    assert!(created.q_credentials_id.is_some());
    assert_eq!(raw["privileges"], json!(["read", "update", "delete"]));
    assert_eq!(raw["version"], "V1");
    assert!(raw["links"]["self"]["href"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/v1/data-connections/{}", created.id())));
    // and it is there afterwards, with its properties but no secret
    let fetched = client(&server)
        .connection(
            created.id(),
            &GetConnectionQuery {
                parse_connection: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(fetched.q_name, "s3-landing");
    let properties = fetched.connection_properties.unwrap();
    assert_eq!(properties["bucketName"], "bucket-name");
    assert!(properties.get("secretKey").is_none());
    assert_contract(&server);
}

// ------------------------------------------------------------------------------------------
// Seed: gateway-data-connections

#[tokio::test]
async fn seed_gateways_of_dg_mssql_include_the_published_default_gateway() {
    let server = demo().await;
    let gateways = client(&server).gateways("DG_mssql", false).await.unwrap();
    let published = gateways
        .gateways
        .iter()
        .find(|g| g.id == "Rm5Qk-KThkESl5ajnVxuiXZAczfSHo7h::dL1IyMf6DGSp3FV1NmrPJ7eAEA0qd-YR")
        .expect("the seed's gateway");
    assert_eq!(published.name, "My Direct Access Gateway (in Azure)");
    assert!(published.default);
    assert_eq!(gateways.gateways.iter().filter(|g| g.default).count(), 1);
    let before = gateways.refreshed_at.clone().unwrap();
    let refreshed = client(&server).gateways("DG_mssql", true).await.unwrap();
    assert_ne!(
        refreshed.refreshed_at.unwrap(),
        before,
        "forceRefresh re-queries"
    );
    assert!(api_requests(&server)
        .iter()
        .any(|r| r.query.contains("forceRefresh=true")));
    // a source without gateways is a 404, not an empty list
    let err = client(&server).gateways("mssql", false).await.unwrap_err();
    assert_eq!(err.status, Some(404));
    assert_contract(&server);
}

#[tokio::test]
async fn seed_create_dg_mssql_connection_through_a_gateway() {
    let server = demo().await;
    let gateway = "Rm5Qk-KThkESl5ajnVxuiXZAczfSHo7h::dL1IyMf6DGSp3FV1NmrPJ7eAEA0qd-YR";
    let body = CreateConnection {
        data_source_id: "DG_mssql".into(),
        q_name: "sqlserver_finance".into(),
        space: Some(FINANCE.into()),
        connection_properties: props(json!({
            "gatewayInstance": gateway,
            "host": "sql01.corp.local",
            "port": "1433",
            "database": "Sales",
            "username": "svc_qlik",
            "password": "p@ss"
        })),
        ..Default::default()
    };
    let created = client(&server).create_connection(&body).await.unwrap();
    assert_eq!(
        last_body(&server, "POST", "/api/v1/data-connections"),
        json!({
            "dataSourceId": "DG_mssql",
            "qName": "sqlserver_finance",
            "space": FINANCE,
            "connectionProperties": {
                "gatewayInstance": gateway,
                "host": "sql01.corp.local",
                "port": "1433",
                "database": "Sales",
                "username": "svc_qlik",
                "password": "p@ss"
            }
        })
    );
    assert_eq!(created.datasource_id.as_deref(), Some("DG_mssql"));
    assert_eq!(created.q_type, "QlikConnectorsCommonService.exe");
    assert_eq!(
        created.tags.unwrap(),
        vec!["DcaasAPI:QlikConnectorsCommonService.exe:1.202.0".to_string()]
    );
    assert!(created.qri.unwrap().starts_with("qri:db:sqlserver://"));
    let statement = created.q_connect_statement.unwrap();
    assert!(statement.contains(gateway), "{statement}");
    assert!(!statement.contains("p@ss"), "no secret in {statement}");
    assert_contract(&server);
}

// ------------------------------------------------------------------------------------------
// Seed: interactive-auth-and-separated-credentials

#[tokio::test]
async fn seed_separated_credentials_are_created_found_by_name_reused_and_outlive_connections() {
    let server = demo().await;
    let c = client(&server);
    // 1. a connection with new separated credentials named serviceAccount123... (the demo
    //    tenant already holds an orphan of that name, so this test uses its own name)
    let first = CreateConnection {
        data_source_id: "File_AmazonS3Connector".into(),
        q_name: "s3-separated-1".into(),
        space: Some(FINANCE.into()),
        connection_properties: props(json!({
            "accessKey": "AKIA1",
            "secretKey": "secret1",
            "separateCredentials": "true",
            "credentialsName": "serviceAccount456",
            "region": "eu-west-1",
            "bucketName": "landing"
        })),
        ..Default::default()
    };
    let one = c.create_connection(&first).await.unwrap();
    assert_eq!(one.q_separate_credentials, Some(true));
    assert_eq!(
        last_body(&server, "POST", "/api/v1/data-connections")["connectionProperties"]
            ["separateCredentials"],
        "true",
        "sent as the string the seed shows"
    );

    // 2. find them by name
    let credential = c
        .credential(CredentialRef::Name("serviceAccount456"))
        .await
        .unwrap();
    assert!(api_requests(&server)
        .iter()
        .any(|r| r.path == "/api/v1/data-credentials/serviceAccount456"
            && r.query == "byCredentialName=true"));
    let raw = serde_json::to_value(&credential).unwrap();
    assert_eq!(
        keys(&raw),
        keys(
            &json!({"connectionId":0,"created":0,"datasourceID":0,"links":0,"qConnCount":0,
            "qID":0,"qName":0,"qSeparated":0,"qType":0,"updated":0})
        )
    );
    assert_eq!(credential.q_separated, Some(1));
    assert_eq!(
        credential.q_type,
        "QvWebStorageProviderConnectorPackage.exe"
    );
    assert_eq!(
        credential.datasource_id.as_deref(),
        Some("File_AmazonS3Connector")
    );

    // qConnCount is 0 as the seed shows, yet the credential is in use: not an orphan
    assert_eq!(credential.q_conn_count, 0);
    let in_use = c
        .orphan_credentials(&FilterOrphanRequest::default())
        .await
        .unwrap();
    assert!(!in_use.data.iter().any(|o| o.q_id == credential.q_id));

    // 3. reuse them
    let second = CreateConnection {
        data_source_id: "File_AmazonS3Connector".into(),
        q_name: "s3-separated-2".into(),
        space: Some(FINANCE.into()),
        connection_properties: props(json!({
            "region": "eu-west-1",
            "bucketName": "landing",
            "separateCredentials": "true",
            "selectedCredentials": credential.q_id
        })),
        ..Default::default()
    };
    let two = c.create_connection(&second).await.unwrap();
    assert_eq!(
        two.q_credentials_id.as_deref(),
        Some(credential.q_id.as_str())
    );
    let linked = c
        .credential(CredentialRef::Id(&credential.q_id))
        .await
        .unwrap();
    assert_eq!(linked.q_conn_count, credential.q_conn_count + 1);

    // 4. delete both connections: the credentials stay, as an orphan
    c.delete_connection(one.id()).await.unwrap();
    c.delete_connection(two.id()).await.unwrap();
    let left = c
        .credential(CredentialRef::Id(&credential.q_id))
        .await
        .unwrap();
    assert_eq!(left.q_conn_count, 0);
    let orphans = c
        .orphan_credentials(&FilterOrphanRequest {
            datasource_id: Some("File_AmazonS3Connector".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(orphans.data.iter().any(|o| o.q_id == credential.q_id));
    assert_eq!(orphans.count, orphans.data.len() as i64);
    assert_contract(&server);
}

#[tokio::test]
async fn seed_the_published_orphan_credential_is_found_by_name() {
    let server = demo().await;
    let credential = client(&server)
        .credential(CredentialRef::Name("serviceAccount123"))
        .await
        .unwrap();
    assert_eq!(credential.q_name, "serviceAccount123");
    assert_eq!(credential.q_conn_count, 0);
    assert_eq!(credential.connection_id.as_deref(), Some(""));
    assert_contract(&server);
}

fn gbq_body() -> DcaasCreateConnection {
    DcaasCreateConnection {
        data_source_id: "gbq".into(),
        connection_name: "gbq-example".into(),
        space_id: Some(FINANCE.into()),
        connection_properties: props(json!({
            "OAuthMechanism": "1",
            "Catalog": "gbq-example-catalog",
            "authCode": ""
        })),
        ..Default::default()
    }
}

#[tokio::test]
async fn seed_interactive_oauth_two_step_flow_on_the_dcaas_path() {
    let server = demo().await;
    let c = client(&server);
    let auth = c.request_auth_url(&gbq_body()).await.unwrap();
    assert_eq!(
        last_body(&server, "POST", "/api/v1/dcaas/actions/data-connections"),
        json!({
            "dataSourceId": "gbq",
            "connectionName": "gbq-example",
            "spaceId": FINANCE,
            "authUrlOnly": "true",
            "connectionProperties": {"OAuthMechanism": "1", "Catalog": "gbq-example-catalog", "authCode": ""}
        })
    );
    assert!(
        auth.auth_url.starts_with(&server.base_url()),
        "{}",
        auth.auth_url
    );
    assert!(auth.auth_url.contains("state="));
    assert!(auth.auth_url.contains("code_challenge_method=S256"));
    let code = code_from_login_page(&auth.auth_url).await;

    let created = c.create_with_auth_code(&gbq_body(), &code).await.unwrap();
    assert_eq!(
        last_body(&server, "POST", "/api/v1/dcaas/actions/data-connections"),
        json!({
            "dataSourceId": "gbq",
            "connectionName": "gbq-example",
            "spaceId": FINANCE,
            "connectionProperties": {"OAuthMechanism": "1", "Catalog": "gbq-example-catalog", "authCode": code}
        })
    );
    let Created::Summary(summary) = &created else {
        panic!("the dcaas action answers with its own summary: {created:?}")
    };
    assert_eq!(summary.connection_name, "gbq-example");
    assert_eq!(summary.data_source_id, "gbq");
    let full = c
        .connection(created.id(), &GetConnectionQuery::default())
        .await
        .unwrap();
    assert_eq!(full.q_name, "gbq-example");

    // a used code is refused with a clear message and nothing is created
    let again = c
        .create_with_auth_code(
            &DcaasCreateConnection {
                connection_name: "gbq-again".into(),
                ..gbq_body()
            },
            &code,
        )
        .await
        .unwrap_err();
    assert_eq!(again.status, Some(400));
    assert!(
        again.first().and_then(|e| e.detail.clone()).is_some(),
        "{again}"
    );
    assert_contract(&server);
}

#[tokio::test]
async fn seed_interactive_oauth_falls_back_to_v1_when_dcaas_is_gone() {
    let server = demo_with_faults("POST /api/v1/dcaas/actions/data-connections=410").await;
    let c = client(&server);
    let auth = c.request_auth_url(&gbq_body()).await.unwrap();
    // the v1 body carries the same content under v1's names
    assert_eq!(
        last_body(&server, "POST", "/api/v1/data-connections"),
        json!({
            "dataSourceId": "gbq",
            "qName": "gbq-example",
            "space": FINANCE,
            "authUrlOnly": "true",
            "connectionProperties": {"OAuthMechanism": "1", "Catalog": "gbq-example-catalog", "authCode": ""}
        })
    );
    let code = code_from_login_page(&auth.auth_url).await;
    let created = c.create_with_auth_code(&gbq_body(), &code).await.unwrap();
    let Created::Connection(connection) = created else {
        panic!("v1 answers with the full connection")
    };
    assert_eq!(connection.q_name, "gbq-example");
    // dcaas was tried once, then remembered as gone
    assert_eq!(
        count(&server, "POST", "/api/v1/dcaas/actions/data-connections"),
        1
    );
    assert_eq!(count(&server, "POST", "/api/v1/data-connections"), 2);
    assert_contract(&server);
}

#[tokio::test]
async fn seed_interactive_oauth_wrong_code_is_a_400_with_qlik_error() {
    let server = demo().await;
    let c = client(&server);
    c.request_auth_url(&gbq_body()).await.unwrap();
    let err = c
        .create_with_auth_code(&gbq_body(), "not-the-code")
        .await
        .unwrap_err();
    assert_eq!(err.status, Some(400));
    let first = err.first().expect("Qlik's error body");
    assert!(first.code.is_some() && first.title.is_some());
    assert!(
        err.summary().starts_with("400 bad request:"),
        "{}",
        err.summary()
    );
    assert_contract(&server);
}

// ------------------------------------------------------------------------------------------
// Seed: qlik-cloud-connection-properties (how a tool authenticates to a tenant)

#[tokio::test]
async fn seed_api_key_is_sent_as_bearer_and_a_wrong_key_is_refused() {
    let server = demo().await;
    let me = client(&server).me().await.unwrap();
    assert_eq!(me.id, "637390ef6541614d3a88d6c3");
    let recorded = api_requests(&server);
    assert_eq!(
        recorded[0].headers.get("authorization").map(String::as_str),
        Some("Bearer ***")
    );
    assert!(recorded[0]
        .headers
        .get("user-agent")
        .unwrap()
        .starts_with("qdc/"));

    let err = client_for(&server, "wrong-key").me().await.unwrap_err();
    assert_eq!(err.status, Some(401));
    assert!(!err.errors.is_empty(), "Qlik's error body is kept");
    assert_contract(&server);
}

#[tokio::test]
async fn users_me_follows_the_documented_301_with_the_key() {
    let server = demo_with(qdc::demo::DemoOptions {
        users_me_redirect: true,
        ..Default::default()
    })
    .await;
    let me = client(&server).me().await.unwrap();
    assert_eq!(me.id, "637390ef6541614d3a88d6c3");
    let recorded = api_requests(&server);
    assert_eq!(recorded[0].status, 301);
    assert_eq!(recorded[1].path, "/api/v1/users/637390ef6541614d3a88d6c3");
    assert_eq!(
        recorded[1].status, 200,
        "the key travelled with the redirect"
    );
    assert_contract(&server);
}
