//! Every api-specs fixture in `assets/demo/api-specs/` read into a form and checked against
//! rules stated independently here (kinds from the raw `type`/`enum`, roles from the names,
//! secrets from a hand-written list).

use std::collections::BTreeSet;

use serde_json::Value;

use super::*;

fn fixtures() -> Vec<(String, Value)> {
    let dir = format!("{}/assets/demo/api-specs", env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let id = path.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            (id, serde_json::from_str(&text).unwrap())
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Every secret property in the fixtures, decided by hand.
const SECRETS: &[&str] = &[
    "accessKey",
    "secretKey",
    "password",
    "P12CustomPwd",
    "KeyFilePath",
    "PRIV_KEY_FILE",
    "PRIV_KEY_FILE_PWD",
    "privateKey",
    "serviceAccountKeyFile",
    "mutualPfxCertificateKey",
    "mutualPfxCertificateFiles",
];

#[test]
fn there_are_twenty_fixtures() {
    assert_eq!(fixtures().len(), 20);
}

#[test]
fn every_fixture_reads_cleanly_with_expected_kinds_roles_and_secrets() {
    let secrets: BTreeSet<&str> = SECRETS.iter().copied().collect();
    let mut seen_secrets = BTreeSet::new();
    for (id, spec) in fixtures() {
        let form = Form::from_api_specs(&spec);
        assert!(form.notes.is_empty(), "{id}: {:?}", form.notes);
        let raw = spec["connectionProperties"]["properties"]
            .as_object()
            .unwrap();
        let names: Vec<&str> = form.fields.iter().map(|f| f.name.as_str()).collect();
        let raw_names: Vec<&str> = raw.keys().map(String::as_str).collect();
        assert_eq!(names, raw_names, "{id}: order");
        for field in &form.fields {
            let prop = &raw[&field.name];
            let at = format!("{id}.{}", field.name);
            let expected_kind = match (prop["type"].as_str(), prop.get("enum")) {
                (Some("boolean"), _) => "Boolean",
                (Some("array"), _) => "Json",
                (_, Some(_)) => "Choice",
                (Some("integer"), None) => "Integer",
                (Some("string"), None) => "Text",
                other => panic!("{at}: fixture type {other:?} not covered"),
            };
            let kind = format!("{:?}", field.kind);
            assert!(kind.starts_with(expected_kind), "{at}: {kind}");
            let expected_role = match field.name.as_str() {
                "separateCredentials" => FieldRole::SeparateCredentials,
                "selectedCredentials" => FieldRole::SelectedCredentials,
                "credentialsName" => FieldRole::CredentialsName,
                "gatewayInstance" => FieldRole::Gateway,
                "authCode" => FieldRole::AuthCode,
                "OAuthMechanism" => FieldRole::OAuthMechanism,
                _ => FieldRole::Property,
            };
            assert_eq!(field.role, expected_role, "{at}");
            assert_eq!(
                field.secret,
                secrets.contains(field.name.as_str()),
                "{at}: secret"
            );
            let identity = matches!(field.name.as_str(), "username" | "Email");
            assert_eq!(
                field.credential,
                field.secret || identity,
                "{at}: credential"
            );
            assert!(!field.label.is_empty(), "{at}: label");
            assert!(!field.required, "{at}: fixtures list nothing as required");
            if field.secret {
                seen_secrets.insert(field.name.clone());
            }
        }
        assert_eq!(form.needs_gateway(), id.starts_with("DG_"), "{id}: gateway");
        assert_eq!(
            form.supports_separate_credentials(),
            raw.contains_key("separateCredentials"),
            "{id}"
        );
    }
    let all: BTreeSet<String> = secrets.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        seen_secrets, all,
        "every listed secret occurs in some fixture"
    );
}

/// A fresh form sends what it shows: its choices, every text/number/JSON default (and the
/// gateway); booleans at their defaults are left out, as in every seed.
#[test]
fn initial_values_send_choices_and_shown_defaults() {
    for (id, spec) in fixtures() {
        let form = Form::from_api_specs(&spec);
        let values = form.initial_values();
        let gateway = id.starts_with("DG_").then_some("gw");
        let body = Draft {
            form: &form,
            values: &values,
            qname: "name",
            space_id: None,
            data_source_id: &id,
            credentials: &CredentialsMode::Embedded,
            gateway,
        }
        .create_body()
        .unwrap_or_else(|e| panic!("{id}: {e:?}"));
        let mut expected: BTreeSet<String> = form
            .fields
            .iter()
            .filter(|f| f.is_form_input())
            .filter(|f| {
                matches!(f.kind, FieldKind::Choice { .. })
                    || (f.kind != FieldKind::Boolean && f.default.is_some())
            })
            .map(|f| f.name.clone())
            .collect();
        if gateway.is_some() {
            expected.insert("gatewayInstance".into());
        }
        if is_interactive(&form, &values) {
            expected.insert("authCode".into());
        }
        let sent: BTreeSet<String> = body.connection_properties.keys().cloned().collect();
        assert_eq!(sent, expected, "{id}");
    }
}

#[test]
fn spot_checks() {
    let all = fixtures();
    let form_of = |id: &str| Form::from_api_specs(&all.iter().find(|f| f.0 == id).unwrap().1);

    let s3 = form_of("File_AmazonS3ConnectorV2");
    let region = s3.field("region").unwrap();
    assert_eq!(region.label, "Region");
    assert_eq!(region.initial_choice(), Some("us-east-1"));
    assert_eq!(
        s3.initial_values()["region"],
        FieldValue::Text("us-east-1".into())
    );
    assert_eq!(s3.field("bucketName").unwrap().label, "Bucket name");
    assert_eq!(
        s3.initial_values()["bucketName"],
        FieldValue::Text(String::new())
    );
    assert!(!s3.initial_values().contains_key("separateCredentials"));

    let mssql = form_of("DG_mssql");
    let max = mssql.field("maxStringLength").unwrap();
    assert_eq!(max.kind, FieldKind::Integer);
    assert_eq!(max.placeholder().as_deref(), Some("4096"));
    assert_eq!(mssql.field("port").unwrap().kind, FieldKind::Text);

    let databricks = form_of("databricks");
    assert_eq!(
        databricks.field("SSL").unwrap().kind,
        FieldKind::Choice {
            options: vec!["true".into(), "false".into()]
        }
    );
    assert_eq!(databricks.field("HTTPPath").unwrap().label, "HTTP path");

    let gbq = form_of("gbq");
    assert_eq!(
        gbq.field("OAuthMechanism").unwrap().label,
        "OAuth mechanism"
    );
    assert_eq!(
        gbq.initial_values()["OAuthMechanism"],
        FieldValue::Text("1".into())
    );

    let model: crate::api::models::ApiSpecs =
        serde_json::from_value(all.iter().find(|f| f.0 == "gbq").unwrap().1.clone()).unwrap();
    assert_eq!(Form::from_model(&model), gbq);

    let rest = form_of("rest");
    assert_eq!(rest.field("queryHeaders").unwrap().kind, FieldKind::Json);
    assert_eq!(rest.field("timeout").unwrap().kind, FieldKind::Integer);
}
