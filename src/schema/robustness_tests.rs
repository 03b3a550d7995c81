//! Odd schemas, validation messages, previews, and a property test that arbitrary JSON never
//! makes the schema code panic.

use proptest::prelude::*;
use serde_json::{json, Map, Value};

use super::*;

fn build(form: &Form, values: &FormValues) -> Result<CreateConnection, Vec<FieldError>> {
    Draft {
        form,
        values,
        qname: "n",
        space_id: None,
        data_source_id: "x",
        credentials: &CredentialsMode::Embedded,
        gateway: None,
    }
    .create_body()
}

use crate::api::models::CreateConnection;

#[test]
fn broken_documents_give_empty_forms_with_notes() {
    let cases = [
        Value::Null,
        json!("not json"),
        json!(42),
        json!([1, 2]),
        json!({}),
        json!({"connectionProperties": null}),
        json!({"connectionProperties": 7}),
        json!({"connectionProperties": "still not json"}),
        json!({"connectionProperties": {"type": "object"}}),
        json!({"connectionProperties": {"properties": null}}),
        json!({"connectionProperties": {"properties": "host"}}),
        json!({"connectionProperties": {"properties": [{"host": {}}]}}),
    ];
    for spec in cases {
        let form = Form::from_api_specs(&spec);
        assert!(form.fields.is_empty(), "{spec}");
        assert!(!form.notes.is_empty(), "{spec}: no note");
    }
}

#[test]
fn connection_properties_as_a_json_string_is_read() {
    let inner = json!({"properties": {"host": {"type": "string"}}}).to_string();
    let form = Form::from_api_specs(&json!({ "connectionProperties": inner }));
    assert_eq!(form.fields.len(), 1);
    assert_eq!(form.fields[0].kind, FieldKind::Text);
}

#[test]
fn odd_properties_degrade_to_untyped_fields_with_notes() {
    let spec = json!({"properties": {
        "nothing": null,
        "word": "string",
        "untyped": {"description": 5},
        "listed": {"type": ["string", "null"]},
        "weird": {"type": "date"},
        "typeNumber": {"type": 3},
        "": {"type": "string"},
        "nums": {"type": "string", "enum": [1, 2.5, true, null, "x", "x", {"a": 1}], "default": 2.5},
        "emptyEnum": {"type": "string", "enum": []},
        "enumNotList": {"type": "string", "enum": "a"},
        "boolEnum": {"type": "boolean", "enum": [true], "default": "TRUE"},
        "untypedEnum": {"enum": ["a", "b"], "default": "z"},
        "nombre_de_l'hôte": {"type": "string"},
        "pass": {"type": "string", "format": "password"},
        "hidden": {"type": "string", "writeOnly": true},
        "enc": {"type": "string", "encrypt": "true"}
    }});
    let form = Form::from_api_specs(&spec);
    let kind = |name: &str| form.field(name).unwrap().kind.clone();
    assert_eq!(form.fields.len(), 15, "the empty name is dropped");
    for name in [
        "nothing",
        "word",
        "untyped",
        "listed",
        "weird",
        "typeNumber",
    ] {
        assert_eq!(kind(name), FieldKind::Untyped, "{name}");
    }
    assert_eq!(
        kind("nums"),
        FieldKind::Choice {
            options: ["1", "2.5", "true", "null", "x", "{\"a\":1}"]
                .map(String::from)
                .to_vec()
        }
    );
    assert_eq!(form.field("nums").unwrap().initial_choice(), Some("2.5"));
    assert_eq!(kind("emptyEnum"), FieldKind::Text);
    assert_eq!(kind("enumNotList"), FieldKind::Text);
    assert_eq!(kind("boolEnum"), FieldKind::Boolean);
    assert!(form.field("boolEnum").unwrap().default_bool());
    assert_eq!(
        form.field("untypedEnum").unwrap().initial_choice(),
        Some("a")
    );
    assert_eq!(
        form.field("nombre_de_l'hôte").unwrap().label,
        "Nombre de l hôte"
    );
    for name in ["pass", "hidden", "enc"] {
        assert!(form.field(name).unwrap().secret, "{name}");
    }
    let notes = form.notes.join("\n");
    for needle in [
        "nothing:",
        "word:",
        "untyped: no type",
        "listed: a list of types",
        "weird: unknown type",
        "empty name",
        "nums: enum values that are not strings",
        "repeated enum",
        "emptyEnum",
        "enumNotList",
        "untypedEnum: the default",
    ] {
        assert!(
            notes.contains(needle),
            "missing note {needle:?} in\n{notes}"
        );
    }
    build(&form, &form.initial_values()).unwrap();
}

#[test]
fn required_list_is_honoured_and_checked() {
    let spec = json!({"connectorProvider": "p", "connectionProperties": {
        "required": ["host", "ghost", 3],
        "properties": {"host": {"type": "string"}, "port": {"type": "integer"}}
    }});
    let form = Form::from_api_specs(&spec);
    assert!(form.field("host").unwrap().required);
    assert!(!form.field("port").unwrap().required);
    assert_eq!(form.notes.len(), 2, "{:?}", form.notes);
    let mut values = form.initial_values();
    values.insert("port".into(), FieldValue::Text("eighty".into()));
    let errors = validate(&form, &values, "", "x", &CredentialsMode::Embedded, None);
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "Connection name is required",
            "Host is required",
            "Port must be a whole number"
        ]
    );
}

#[test]
fn validation_of_choices_json_and_credentials_modes() {
    let spec = json!({"properties": {
        "mode": {"type": "string", "enum": ["a", "b"]},
        "files": {"type": "array"},
        "ratio": {"type": "number"},
        "on": {"type": "boolean"},
        "username": {"type": "string"},
        "password": {"type": "string"},
        "separateCredentials": {"type": "boolean"},
        "selectedCredentials": {"type": "string"},
        "credentialsName": {"type": "string"}
    }, "required": ["password"]});
    let form = Form::from_api_specs(&spec);
    let mut values = form.initial_values();
    values.insert("mode".into(), FieldValue::Text("c".into()));
    values.insert("files".into(), FieldValue::Text("[1,".into()));
    values.insert("ratio".into(), FieldValue::Text("NaN".into()));
    values.insert("on".into(), FieldValue::Text("yes".into()));
    let new = CredentialsMode::SeparateNew {
        credentials_name: String::new(),
    };
    let errors = validate(&form, &values, "n", "x", &new, None);
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "mode",
            "files",
            "ratio",
            "on",
            "password",
            "credentialsName"
        ]
    );
    assert_eq!(errors[0].message, "Mode must be one of the listed values");
    assert_eq!(errors[2].message, "Ratio must be a number");

    // Reusing a credential exempts the (required) secret and the user name.
    let existing = CredentialsMode::SeparateExisting {
        credential_id: String::new(),
    };
    let values = form.initial_values();
    let errors = validate(&form, &values, "n", "x", &existing, None);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, "selectedCredentials");

    // A source without separateCredentials cannot separate them.
    let plain = Form::from_api_specs(&json!({"properties": {"host": {"type": "string"}}}));
    let errors = validate(&plain, &plain.initial_values(), "n", "x", &new, None);
    assert_eq!(errors[0].field, "separateCredentials");
}

#[test]
fn connection_names_are_not_held_to_invented_rules() {
    let form = Form::default();
    for name in [
        " spaced ",
        "ünïcödé",
        "a/b\\c",
        "x".repeat(500).as_str(),
        "'quoted'",
    ] {
        assert!(validate(
            &form,
            &FormValues::new(),
            name,
            "x",
            &CredentialsMode::Embedded,
            None
        )
        .is_empty());
    }
}

#[test]
fn huge_enums_and_many_properties() {
    let options: Vec<Value> = (0..10_000).map(|i| json!(format!("v{i}"))).collect();
    let mut props = Map::new();
    for i in 0..500 {
        props.insert(format!("prop{i}"), json!({"type": "string"}));
    }
    props.insert("big".into(), json!({"type": "string", "enum": options}));
    let form = Form::from_api_specs(&json!({ "properties": props }));
    assert_eq!(form.fields.len(), 501);
    assert_eq!(form.fields[500].name, "big");
    let body = build(&form, &form.initial_values()).unwrap();
    assert_eq!(body.connection_properties["big"], "v0");
}

#[test]
fn preview_masks_secrets_and_encrypted_headers() {
    let spec = json!({"properties": {
        "user": {"type": "string"},
        "password": {"type": "string"},
        "apiToken": {"type": "string"},
        "queryHeaders": {"type": "array"}
    }});
    let form = Form::from_api_specs(&spec);
    let mut values = form.initial_values();
    values.insert("user".into(), FieldValue::Text("me".into()));
    values.insert("password".into(), FieldValue::Text("hunter2".into()));
    values.insert(
        "queryHeaders".into(),
        FieldValue::Text(
            r#"[{"name":"X-Key","value":"s3cr3t","encrypt":true},{"name":"A","value":"plain"}]"#
                .into(),
        ),
    );
    let body = build(&form, &values).unwrap();
    let preview = preview_json(&body, &form);
    assert!(
        !preview.contains("hunter2") && !preview.contains("s3cr3t"),
        "{preview}"
    );
    assert!(preview.contains("\"me\"") && preview.contains("plain"));
    assert_eq!(
        preview.matches(MASK).count(),
        2,
        "apiToken is empty and not sent"
    );
    let unmasked = curl_command(
        "https://t.example",
        "/api/v1/data-connections",
        &body,
        &form,
        false,
    );
    assert!(unmasked.contains("hunter2"));
}

#[test]
fn curl_command_layout_and_quoting() {
    let form = Form::from_api_specs(&json!({"properties": {"bucketName": {"type": "string"}}}));
    let mut values = form.initial_values();
    values.insert("bucketName".into(), FieldValue::Text("it's".into()));
    let body = Draft {
        form: &form,
        values: &values,
        qname: "O'Brien",
        space_id: None,
        data_source_id: "x",
        credentials: &CredentialsMode::Embedded,
        gateway: None,
    }
    .create_body()
    .unwrap();
    let cmd = curl_command(
        "https://tenant.eu.qlikcloud.com/",
        "/api/v1/data-connections",
        &body,
        &form,
        true,
    );
    let lines: Vec<&str> = cmd.lines().collect();
    assert_eq!(
        lines[..4],
        [
            r#"curl --location "https://tenant.eu.qlikcloud.com/api/v1/data-connections" \"#,
            r#"--header "Content-Type: application/json" \"#,
            r#"--header "Authorization: Bearer $QLIK_API_KEY" \"#,
            "--data '{",
        ]
    );
    assert!(cmd.contains(r#""qName": "O'\''Brien""#), "{cmd}");
    assert!(cmd.contains(r#""bucketName": "it'\''s""#), "{cmd}");
}

/// The shell must hand curl exactly the JSON: run the command with `curl` replaced by a
/// function that prints its last argument.
#[test]
fn curl_data_survives_a_real_shell() {
    let form = Form::default();
    let mut body = CreateConnection {
        q_name: "it's $HOME `x` \"q\" \\ \n ünï".into(),
        ..Default::default()
    };
    body.connection_properties.insert("k".into(), json!("'''"));
    let cmd = curl_command("https://t$x", "p", &body, &form, true);
    let script =
        format!("curl() {{ for a in \"$@\"; do last=$a; done; printf %s \"$last\"; }}\n{cmd}");
    let Ok(out) = std::process::Command::new("sh")
        .arg("-c")
        .arg(&script)
        .output()
    else {
        eprintln!("no sh here; skipped");
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed, serde_json::to_value(&body).unwrap());
    let url_script = format!("curl() {{ printf %s \"$2\"; }}\n{cmd}");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(&url_script)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "https://t$x/p");
}

/// Arbitrary JSON, biased towards the keys a schema uses.
fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        prop_oneof![
            Just("string"),
            Just("integer"),
            Just("number"),
            Just("boolean"),
            Just("array"),
            Just("object"),
            Just("password"),
            Just("true"),
            Just("1"),
        ]
        .prop_map(|s| Value::String(s.into())),
        "\\PC{0,8}".prop_map(Value::String),
    ];
    let key = prop_oneof![
        Just("type".to_string()),
        Just("properties".to_string()),
        Just("enum".to_string()),
        Just("default".to_string()),
        Just("required".to_string()),
        Just("connectionProperties".to_string()),
        Just("format".to_string()),
        Just("authCode".to_string()),
        Just("OAuthMechanism".to_string()),
        Just("gatewayInstance".to_string()),
        Just("separateCredentials".to_string()),
        "\\PC{0,6}",
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

fn exercise(spec: &Value) {
    let form = Form::from_api_specs(spec);
    let values = form.initial_values();
    for mode in [
        CredentialsMode::Embedded,
        CredentialsMode::SeparateNew {
            credentials_name: "c".into(),
        },
        CredentialsMode::SeparateExisting {
            credential_id: "id".into(),
        },
    ] {
        let _ = is_interactive(&form, &values);
        let _ = validate(&form, &values, "n", "DG_x", &mode, Some("g"));
        if let Ok(body) = (Draft {
            form: &form,
            values: &values,
            qname: "n",
            space_id: Some("s"),
            data_source_id: "x",
            credentials: &mode,
            gateway: Some("g"),
        })
        .create_body()
        {
            let _ = preview_json(&body, &form);
            let _ = curl_command("https://t", "/p", &body, &form, true);
        }
        let _ = Draft {
            form: &form,
            values: &values,
            qname: "n",
            space_id: None,
            data_source_id: "x",
            credentials: &mode,
            gateway: None,
        }
        .auth_url_body();
        let _ = Draft {
            form: &form,
            values: &values,
            qname: "n",
            space_id: None,
            data_source_id: "x",
            credentials: &mode,
            gateway: None,
        }
        .with_code_body("code");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_documents_never_panic(spec in arb_json()) {
        exercise(&spec);
    }

    /// Arbitrary property schemas inside a well-formed envelope reach the field reader.
    #[test]
    fn arbitrary_properties_never_panic(
        props in prop::collection::vec(("\\PC{0,6}", arb_json()), 0..12),
        required in arb_json(),
    ) {
        let props: Map<String, Value> = props.into_iter().collect();
        let spec = json!({"connectionProperties": {"type": "object", "properties": props, "required": required}});
        let form = Form::from_api_specs(&spec);
        prop_assert!(form.fields.len() <= props.len());
        exercise(&spec);
    }
}

/// A property without a `type` takes plain text as a string (the "Custom note" that was
/// refused as invalid JSON); JSON is sent only when the user switched the field to JSON and
/// the text is an object or an array.
#[test]
fn an_untyped_property_takes_text_and_json_only_when_chosen() {
    let form = Form::from_api_specs(&json!({"properties": {"customNote": {"description": "x"}}}));
    assert_eq!(form.field("customNote").unwrap().kind, FieldKind::Untyped);
    let sent = |value: FieldValue| {
        let mut values = form.initial_values();
        values.insert("customNote".into(), value);
        build(&form, &values).map(|b| Value::Object(b.connection_properties))
    };
    assert_eq!(
        sent(FieldValue::Text("call Ann before a reload".into())).unwrap(),
        json!({"customNote": "call Ann before a reload"})
    );
    assert_eq!(
        sent(FieldValue::Text("{\"a\": 1}".into())).unwrap(),
        json!({"customNote": "{\"a\": 1}"}),
        "text that looks like JSON stays text until the user chooses JSON"
    );
    assert_eq!(
        sent(FieldValue::Json("{\"a\": [1, 2]}".into())).unwrap(),
        json!({"customNote": {"a": [1, 2]}})
    );
    assert_eq!(
        sent(FieldValue::Json("[\"x\"]".into())).unwrap(),
        json!({"customNote": ["x"]})
    );
    let errors = sent(FieldValue::Json("42".into())).unwrap_err();
    assert_eq!(errors[0].field, "customNote");
    assert!(
        errors[0].message.contains("not an object or array"),
        "{errors:?}"
    );
    let errors = sent(FieldValue::Json("{oops".into())).unwrap_err();
    assert!(errors[0].message.contains("not valid JSON"), "{errors:?}");
    // an edit prefills a stored object in JSON mode, a stored string as text
    let stored = json!({"customNote": {"a": 1}})
        .as_object()
        .cloned()
        .unwrap();
    assert!(matches!(
        form.values_from_properties(&stored)["customNote"],
        FieldValue::Json(_)
    ));
    let stored = json!({"customNote": "n"}).as_object().cloned().unwrap();
    assert_eq!(
        form.values_from_properties(&stored)["customNote"],
        FieldValue::Text("n".into())
    );
}
