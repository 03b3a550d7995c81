use std::collections::HashMap;

use serde_json::json;

use super::*;

#[test]
fn a_key_file_variable_must_be_json_and_a_password_is_text() {
    let item = PlanItem {
        name: "sf".into(),
        space: None,
        data_source_id: "snowflake".into(),
        action: Action::Create {
            body: CreateConnection {
                connection_properties: json!({
                    "password": "${env:SF_PASSWORD}",
                    "PRIV_KEY_FILE": "${env:SF_PRIV_KEY_FILE}"
                })
                .as_object()
                .cloned()
                .unwrap(),
                ..Default::default()
            },
        },
        notes: vec![],
        json_secrets: ["SF_PRIV_KEY_FILE".to_string()].into(),
    };
    let plan = Plan {
        items: vec![item],
        problems: vec![],
    };
    let mut texts = HashMap::from([
        (
            "SF_PASSWORD".to_string(),
            "[not json] is fine here".to_string(),
        ),
        ("SF_PRIV_KEY_FILE".to_string(), "x".to_string()),
    ]);
    let errors = plan.secret_values(&texts).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with("SF_PRIV_KEY_FILE must be JSON"),
        "{errors:?}"
    );
    texts.insert(
        "SF_PRIV_KEY_FILE".into(),
        r#"[{"name": "k.p8", "value": "AAAA"}]"#.into(),
    );
    let values = plan.secret_values(&texts).unwrap();
    assert_eq!(values["SF_PRIV_KEY_FILE"][0]["name"], "k.p8");
    assert_eq!(values["SF_PASSWORD"], "[not json] is fine here");
    texts.remove("SF_PASSWORD");
    assert_eq!(
        plan.secret_values(&texts).unwrap_err(),
        ["SF_PASSWORD is not set"]
    );
}
