use serde_json::json;

use super::*;

fn form(name: &str) -> Form {
    crate::schema::demo_form(name)
}

fn map(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

#[test]
fn the_same_values_in_other_types_and_secrets_are_no_change() {
    let form = form("DG_mssql");
    let wanted = map(json!({"host": "sql01", "port": 1433,
        "password": "${env:P}", "separateCredentials": "false"}));
    let stored = map(json!({"host": "sql01", "port": "1433"}));
    let (changes, ops) = diff(&form, &wanted, &stored);
    assert!(ops.is_empty() && changes.is_empty(), "{changes:?}");
}

#[test]
fn one_changed_property_is_one_replace_and_a_new_one_an_add() {
    let form = form("DG_mssql");
    let wanted = map(json!({"host": "sql01", "database": "Sales2", "QueryTimeout": "30"}));
    let stored = map(json!({"host": "sql01", "database": "Sales"}));
    let (changes, ops) = diff(&form, &wanted, &stored);
    assert_eq!(
        serde_json::to_value(&ops).unwrap(),
        json!([
            {"op": "replace", "path": "/connectionProperties/database", "value": "Sales2"},
            {"op": "add", "path": "/connectionProperties/QueryTimeout", "value": "30"}
        ])
    );
    assert_eq!(changes[0].before.as_deref(), Some("Sales"));
    assert_eq!(changes[0].after, "Sales2");
}

#[test]
fn a_new_host_sends_the_credentials_in_the_same_patch() {
    let form = form("DG_mssql");
    let wanted = map(json!({"host": "sql02", "username": "${env:U}", "password": "${env:P}"}));
    let stored = map(json!({"host": "sql01"}));
    let (_, ops) = diff(&form, &wanted, &stored);
    let paths: Vec<&str> = ops.iter().map(|o| o.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/connectionProperties/host",
            "/connectionProperties/username",
            "/connectionProperties/password"
        ]
    );
}

#[test]
fn unknown_and_invalid_properties_are_problems() {
    let form = form("File_AmazonS3ConnectorV2");
    let entry = Entry {
        q_name: "s3".into(),
        data_source_id: "File_AmazonS3ConnectorV2".into(),
        connection_properties: map(json!({"bucket": "b", "region": "mars-1"})),
        ..Default::default()
    };
    let mut problems = Vec::new();
    check_against_specs(
        &form,
        "File_AmazonS3ConnectorV2",
        "4.46.0",
        &entry,
        &mut problems,
    );
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].contains("no property bucket"),
        "{}",
        problems[0]
    );
    assert!(
        problems[1].contains("\"mars-1\" is not one of"),
        "{}",
        problems[1]
    );
}
