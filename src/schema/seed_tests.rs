//! Every create request body in the published Qlik documents (`/work/shared/seeds`), rebuilt
//! from the fixture api-specs and compared by JSON equality. Placeholders (`<SPACE_ID>`) are
//! kept verbatim wherever the form accepts them; enum fields get a real option instead
//! (seed 002 writes `<BUCKET_REGION>`, which no region enum contains).

use serde_json::{json, Value};

use super::*;

fn form_of(id: &str) -> Form {
    let path = format!(
        "{}/assets/demo/api-specs/{id}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let spec: Value = serde_json::from_str(&text).unwrap();
    Form::from_api_specs(&spec)
}

fn with(form: &Form, entries: &[(&str, &str)]) -> FormValues {
    let mut values = form.initial_values();
    for (name, value) in entries {
        assert!(form.field(name).is_some(), "no field {name}");
        values.insert(name.to_string(), FieldValue::Text(value.to_string()));
    }
    values
}

fn to_json(body: &impl serde::Serialize) -> Value {
    serde_json::to_value(body).unwrap()
}

/// create-data-connections: S3 V2 with embedded key pair.
#[test]
fn s3_v2_create() {
    let form = form_of("File_AmazonS3ConnectorV2");
    let values = with(
        &form,
        &[
            ("accessKey", "<CRED_USERNAME>"),
            ("secretKey", "<CRED_PASSWORD>"),
            ("bucketName", "bucket-name"),
        ],
    );
    let body = Draft {
        form: &form,
        values: &values,
        qname: "<CONNECTION_NAME>",
        space_id: Some("<SPACE_ID>"),
        data_source_id: "File_AmazonS3ConnectorV2",
        credentials: &CredentialsMode::Embedded,
        gateway: None,
    }
    .create_body()
    .unwrap();
    assert_eq!(
        to_json(&body),
        json!({
            "dataSourceId": "File_AmazonS3ConnectorV2",
            "qName": "<CONNECTION_NAME>",
            "space": "<SPACE_ID>",
            "connectionProperties": {
                "accessKey": "<CRED_USERNAME>",
                "secretKey": "<CRED_PASSWORD>",
                "region": "us-east-1",
                "bucketName": "bucket-name"
            }
        })
    );
}

/// The JSON of the first `curl ... -d "{...}"` in a seed document, unescaped as the shell would.
fn seed_curl_body(file: &str) -> Value {
    let text = std::fs::read_to_string(format!(
        "{}/../shared/seeds/{file}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .or_else(|_| std::fs::read_to_string(format!("/work/shared/seeds/{file}")))
    .unwrap_or_else(|e| panic!("{file}: {e}"));
    let start = text.find("-d \"{").expect("a -d body") + 4;
    let end = start + text[start..].find("}\"").expect("its end") + 1;
    serde_json::from_str(&text[start..end].replace("\\\"", "\"")).unwrap()
}

/// gateway-data-connections (seed 000): DG_mssql through a Direct Access gateway, replayed
/// byte for byte from a fresh form. The port is not typed: the form shows its api-specs
/// default `1433` and sends it, as the seed does. The seed leaves out the two integer
/// properties whose defaults the form also shows, so the user clears them.
#[test]
fn dg_mssql_via_gateway() {
    let form = form_of("DG_mssql");
    let fresh = form.initial_values();
    assert_eq!(fresh["port"], FieldValue::Text("1433".into()));
    let values = with(
        &form,
        &[
            ("host", "<HOST>"),
            ("database", "<DATABASE_NAME>"),
            ("username", "<USERNAME>"),
            ("password", "<PASSWORD>"),
            ("maxStringLength", ""),
            ("QueryTimeout", ""),
        ],
    );
    let body = Draft {
        form: &form,
        values: &values,
        qname: "<CONNECTION_NAME>",
        space_id: Some("<SPACE_ID>"),
        data_source_id: "DG_mssql",
        credentials: &CredentialsMode::Embedded,
        gateway: Some("<GATEWAY_ID>"),
    }
    .create_body()
    .unwrap();
    let seed = seed_curl_body("gateway-data-connections.md");
    assert_eq!(
        serde_json::to_string(&body).unwrap(),
        serde_json::to_string(&seed).unwrap(),
        "the body, key order and value types included"
    );
}

/// What a fresh DG_mssql form shows is what it sends: every default, typed as declared.
#[test]
fn shown_defaults_are_sent_and_a_cleared_one_is_not() {
    let form = form_of("DG_mssql");
    let mut values = with(&form, &[("host", "h")]);
    let draft = |values: &FormValues| {
        Draft {
            form: &form,
            values,
            qname: "c",
            space_id: None,
            data_source_id: "DG_mssql",
            credentials: &CredentialsMode::Embedded,
            gateway: Some("gw"),
        }
        .create_body()
        .unwrap()
    };
    assert_eq!(
        Value::Object(draft(&values).connection_properties),
        json!({"gatewayInstance": "gw", "host": "h", "port": "1433",
               "maxStringLength": 4096, "QueryTimeout": 30})
    );
    values.insert("port".into(), FieldValue::Text(String::new()));
    let preview = preview_json(&draft(&values), &form);
    assert!(!preview.contains("\"port\""), "{preview}");
    assert!(preview.contains("\"maxStringLength\": 4096"), "{preview}");
}

#[test]
fn dg_source_without_gateway_is_refused() {
    let form = form_of("DG_mssql");
    let errors = Draft {
        form: &form,
        values: &form.initial_values(),
        qname: "n",
        space_id: None,
        data_source_id: "DG_mssql",
        credentials: &CredentialsMode::Embedded,
        gateway: None,
    }
    .create_body()
    .unwrap_err();
    assert_eq!(errors[0].field, "gatewayInstance");
}

/// interactive-auth-and-separated-credentials, first S3 request: new named credentials.
#[test]
fn s3_separated_new_credentials() {
    let form = form_of("File_AmazonS3Connector");
    let values = with(
        &form,
        &[
            ("accessKey", "<CRED_USERNAME>"),
            ("secretKey", "<CRED_PASSWORD>"),
            ("region", "eu-west-1"),
            ("bucketName", "<BUCKET_NAME>"),
        ],
    );
    let body = Draft {
        form: &form,
        values: &values,
        qname: "<CONNECTION_NAME>",
        space_id: Some("<SPACE_ID>"),
        data_source_id: "File_AmazonS3Connector",
        credentials: &CredentialsMode::SeparateNew {
            credentials_name: "serviceAccount123".into(),
        },
        gateway: None,
    }
    .create_body()
    .unwrap();
    assert_eq!(
        to_json(&body),
        json!({
            "dataSourceId": "File_AmazonS3Connector",
            "qName": "<CONNECTION_NAME>",
            "space": "<SPACE_ID>",
            "connectionProperties": {
                "accessKey": "<CRED_USERNAME>",
                "secretKey": "<CRED_PASSWORD>",
                "separateCredentials": "true",
                "credentialsName": "serviceAccount123",
                "region": "eu-west-1",
                "bucketName": "<BUCKET_NAME>"
            }
        })
    );
}

/// Second S3 request of seed 002: an existing credential by id. The key pair is still in the
/// form (the user typed it before switching mode) and must not be sent.
#[test]
fn s3_separated_existing_credentials() {
    let form = form_of("File_AmazonS3Connector");
    let values = with(
        &form,
        &[
            ("accessKey", "typed-before"),
            ("secretKey", "typed-before"),
            ("region", "eu-west-1"),
            ("bucketName", "<BUCKET_NAME>"),
        ],
    );
    let body = Draft {
        form: &form,
        values: &values,
        qname: "<CONNECTION_NAME>",
        space_id: Some("<SPACE_ID>"),
        data_source_id: "File_AmazonS3Connector",
        credentials: &CredentialsMode::SeparateExisting {
            credential_id: "<CREDENTIAL_ID>".into(),
        },
        gateway: None,
    }
    .create_body()
    .unwrap();
    assert_eq!(
        to_json(&body),
        json!({
            "dataSourceId": "File_AmazonS3Connector",
            "qName": "<CONNECTION_NAME>",
            "space": "<SPACE_ID>",
            "connectionProperties": {
                "region": "eu-west-1",
                "bucketName": "<BUCKET_NAME>",
                "separateCredentials": "true",
                "selectedCredentials": "<CREDENTIAL_ID>"
            }
        })
    );
}

fn gbq_values(form: &Form) -> FormValues {
    with(form, &[("Catalog", "gbq-example-catalog")])
}

/// Seed 002's interactive gbq flow, first request (dcaas endpoint).
#[test]
fn gbq_interactive_auth_url_request() {
    let form = form_of("gbq");
    let values = gbq_values(&form);
    assert!(is_interactive(&form, &values));
    let body = Draft {
        form: &form,
        values: &values,
        qname: "<CONNECTION_NAME>",
        space_id: Some("<SPACE_ID>"),
        data_source_id: "gbq",
        credentials: &CredentialsMode::Embedded,
        gateway: None,
    }
    .auth_url_body()
    .unwrap();
    assert_eq!(
        to_json(&body),
        json!({
            "dataSourceId": "gbq",
            "connectionName": "<CONNECTION_NAME>",
            "spaceId": "<SPACE_ID>",
            "authUrlOnly": "true",
            "connectionProperties": {
                "OAuthMechanism": "1",
                "Catalog": "gbq-example-catalog",
                "authCode": ""
            }
        })
    );
}

/// Seed 002's interactive gbq flow, second request with the code.
#[test]
fn gbq_interactive_with_code_request() {
    let form = form_of("gbq");
    let values = gbq_values(&form);
    let body = Draft {
        form: &form,
        values: &values,
        qname: "<CONNECTION_NAME>",
        space_id: Some("<SPACE_ID>"),
        data_source_id: "gbq",
        credentials: &CredentialsMode::Embedded,
        gateway: None,
    }
    .with_code_body("<CRED_OAUTH>")
    .unwrap();
    assert_eq!(
        to_json(&body),
        json!({
            "dataSourceId": "gbq",
            "connectionName": "<CONNECTION_NAME>",
            "spaceId": "<SPACE_ID>",
            "connectionProperties": {
                "OAuthMechanism": "1",
                "Catalog": "gbq-example-catalog",
                "authCode": "<CRED_OAUTH>"
            }
        })
    );
}

/// The same handoff on the endpoint the client uses (API brief §4.3): same properties,
/// `qName`/`space` instead of `connectionName`/`spaceId`.
#[test]
fn gbq_interactive_on_v1_endpoint() {
    let form = form_of("gbq");
    let values = gbq_values(&form);
    let args = (&form, &values, "c", Some("s"), "gbq");
    let first = Draft {
        form: args.0,
        values: args.1,
        qname: args.2,
        space_id: args.3,
        data_source_id: args.4,
        credentials: &CredentialsMode::Embedded,
        gateway: None,
    }
    .v1_auth_url_body()
    .unwrap();
    assert_eq!(
        to_json(&first),
        json!({"dataSourceId": "gbq", "qName": "c", "space": "s", "authUrlOnly": "true",
            "connectionProperties": {"OAuthMechanism": "1", "Catalog": "gbq-example-catalog",
            "authCode": ""}})
    );
    let second = Draft {
        form: args.0,
        values: args.1,
        qname: args.2,
        space_id: args.3,
        data_source_id: args.4,
        credentials: &CredentialsMode::Embedded,
        gateway: None,
    }
    .v1_with_code_body("code")
    .unwrap();
    assert_eq!(second.auth_url_only, None);
    assert_eq!(second.connection_properties["authCode"], "code");
}

/// gbq with a service account is not interactive, and `authCode` is never sent.
#[test]
fn gbq_service_account_sends_no_auth_code() {
    let form = form_of("gbq");
    let values = with(
        &form,
        &[
            ("OAuthMechanism", "0"),
            ("Catalog", "cat"),
            ("Email", "sa@example.iam"),
            ("KeyFilePath", r#"[{"name":"k.p12","value":"QUJD"}]"#),
            ("P12CustomPwd", "notasecret"),
        ],
    );
    assert!(!is_interactive(&form, &values));
    let body = Draft {
        form: &form,
        values: &values,
        qname: "c",
        space_id: None,
        data_source_id: "gbq",
        credentials: &CredentialsMode::Embedded,
        gateway: None,
    }
    .create_body()
    .unwrap();
    assert_eq!(
        to_json(&body),
        json!({"dataSourceId": "gbq", "qName": "c", "connectionProperties": {
            "OAuthMechanism": "0", "Catalog": "cat", "Email": "sa@example.iam",
            "KeyFilePath": [{"name": "k.p12", "value": "QUJD"}], "P12CustomPwd": "notasecret"}})
    );
}

#[test]
fn oauth_sources_without_mechanism_are_interactive() {
    for id in ["File_OneDriveConnector", "File_DropboxConnector"] {
        let form = form_of(id);
        assert!(is_interactive(&form, &form.initial_values()), "{id}");
    }
    let dg_gbq = form_of("DG_gbq");
    assert!(!is_interactive(&dg_gbq, &dg_gbq.initial_values()));
}

/// Types on the wire: integers as numbers, booleans as strings and only when changed.
#[test]
fn typed_values_and_boolean_strings() {
    let form = form_of("mssql");
    let mut values = with(
        &form,
        &[
            ("host", "h"),
            ("maxStringLength", " 8192 "),
            ("QueryTimeout", ""),
        ],
    );
    let body = Draft {
        form: &form,
        values: &values,
        qname: "c",
        space_id: None,
        data_source_id: "mssql",
        credentials: &CredentialsMode::Embedded,
        gateway: None,
    }
    .create_body()
    .unwrap();
    assert_eq!(
        Value::Object(body.connection_properties.clone()),
        json!({"host": "h", "port": "1433", "maxStringLength": 8192})
    );
    values.insert("QueryTimeout".into(), FieldValue::Text("3.5".into()));
    let errors = Draft {
        form: &form,
        values: &values,
        qname: "c",
        space_id: None,
        data_source_id: "mssql",
        credentials: &CredentialsMode::Embedded,
        gateway: None,
    }
    .create_body()
    .unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, "QueryTimeout");
    assert_eq!(errors[0].message, "Query timeout must be a whole number");

    let spec = json!({"properties": {"flag": {"type": "boolean", "default": true},
        "off": {"type": "boolean"}}});
    let form = Form::from_api_specs(&spec);
    let mut values = form.initial_values();
    let body = Draft {
        form: &form,
        values: &values,
        qname: "c",
        space_id: None,
        data_source_id: "x",
        credentials: &CredentialsMode::Embedded,
        gateway: None,
    }
    .create_body()
    .unwrap();
    assert!(body.connection_properties.is_empty());
    values.insert("flag".into(), FieldValue::Bool(false));
    values.insert("off".into(), FieldValue::Bool(true));
    let body = Draft {
        form: &form,
        values: &values,
        qname: "c",
        space_id: None,
        data_source_id: "x",
        credentials: &CredentialsMode::Embedded,
        gateway: None,
    }
    .create_body()
    .unwrap();
    assert_eq!(
        Value::Object(body.connection_properties),
        json!({"flag": "false", "off": "true"})
    );
}
