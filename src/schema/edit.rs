//! Editing an existing connection: prefill the generated form from the connection's parsed
//! properties, then turn what the admin changed into the smallest JSON-Patch Qlik documents.
//!
//! Rules:
//! * only fields whose value differs from the prefilled one are sent (`replace` when the tenant
//!   had the property, `add` when it did not, `remove` when the admin cleared it);
//! * secrets never come back from the tenant (`parseConnection` leaves them out), so a secret
//!   field starts empty and means "keep the stored one"; typing into it replaces it;
//! * changing the host (`host`, `server` or `url`) needs the credentials in the same request
//!   (Qlik answers 400 otherwise), so that is caught before sending;
//! * a renamed connection gets `replace /qName`.

use serde_json::{Map, Value};

use super::form::{Field, FieldKind, Form};
use super::validate::FieldError;
use super::values::{text_of, wire_value, FieldValue, FormValues};
use crate::api::models::PatchOp;

/// Properties whose change moves the connection to another host.
const HOST_PROPERTIES: &[&str] = &["host", "server", "url"];

/// One line of the "what will change" summary shown before sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub path: String,
    pub label: String,
    /// `None`: not set before. Secrets read `(hidden)`.
    pub before: Option<String>,
    /// `None`: removed. Secrets read as the mask.
    pub after: Option<String>,
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "(not set)".into());
        write!(
            f,
            "{}: {} → {}",
            self.label,
            show(&self.before),
            show(&self.after)
        )
    }
}

/// A patch ready to send, with its human summary. Empty when nothing changed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EditPlan {
    pub ops: Vec<PatchOp>,
    pub changes: Vec<Change>,
}

impl EditPlan {
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }
}

/// A property value as the form shows it.
fn form_value(field: &Field, value: &Value) -> FieldValue {
    match (&field.kind, value) {
        (FieldKind::Boolean, Value::Bool(b)) => FieldValue::Bool(*b),
        (FieldKind::Boolean, Value::String(s)) => FieldValue::Bool(s.eq_ignore_ascii_case("true")),
        (FieldKind::Json, v) => {
            FieldValue::Text(serde_json::to_string_pretty(v).unwrap_or_default())
        }
        (FieldKind::Untyped, v @ (Value::Object(_) | Value::Array(_))) => {
            FieldValue::Json(serde_json::to_string_pretty(v).unwrap_or_default())
        }
        (_, Value::String(s)) => FieldValue::Text(s.clone()),
        (_, Value::Null) => FieldValue::Text(String::new()),
        (_, v) => FieldValue::Text(v.to_string()),
    }
}

impl Form {
    /// The values an edit form starts with: what the tenant has, secrets empty ("keep").
    /// A text, number or JSON property the connection does not set starts empty rather than
    /// on its api-specs default, so the form shows what is stored; choices and booleans start
    /// on their fresh-form values.
    pub fn values_from_properties(&self, properties: &Map<String, Value>) -> FormValues {
        let mut values = self.initial_values();
        for field in self.fields.iter().filter(|f| f.is_form_input()) {
            if field.secret {
                values.insert(field.name.clone(), FieldValue::Text(String::new()));
            } else if let Some(v) = properties.get(&field.name) {
                values.insert(field.name.clone(), form_value(field, v));
            } else if !matches!(field.kind, FieldKind::Boolean | FieldKind::Choice { .. }) {
                values.insert(field.name.clone(), FieldValue::Text(String::new()));
            }
        }
        values
    }
}

/// JSON Pointer escaping of one path segment (RFC 6901).
fn pointer_segment(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

fn display(field: &Field, value: Option<&FieldValue>) -> Option<String> {
    if field.secret {
        return Some(super::preview::MASK.to_string());
    }
    text_of(value).filter(|s| !s.is_empty())
}

/// What the admin changed, as the smallest JSON-Patch. `properties` is what the tenant returned
/// with `parseConnection=true`; `before` the values the form was prefilled with.
pub fn edit_plan(
    form: &Form,
    properties: &Map<String, Value>,
    before: &FormValues,
    after: &FormValues,
    original_name: &str,
    new_name: &str,
) -> Result<EditPlan, Vec<FieldError>> {
    let mut plan = EditPlan::default();
    let mut errors = Vec::new();
    let new_name = new_name.trim();
    if new_name.is_empty() {
        errors.push(FieldError {
            field: "qName".into(),
            message: "Connection name is required".into(),
        });
    } else if new_name != original_name {
        plan.ops
            .push(PatchOp::replace("/qName", Value::String(new_name.into())));
        plan.changes.push(Change {
            path: "/qName".into(),
            label: "Connection name".into(),
            before: Some(original_name.into()),
            after: Some(new_name.into()),
        });
    }

    let mut host_changed: Option<&Field> = None;
    let mut secret_sent = false;
    for field in form.fields.iter().filter(|f| f.is_form_input()) {
        let old = before.get(&field.name);
        let new = after.get(&field.name);
        let untouched_secret = field.secret && text_of(new).is_none_or(|s| s.is_empty());
        if old == new || untouched_secret {
            continue;
        }
        let path = format!("/connectionProperties/{}", pointer_segment(&field.name));
        let op = match field_op(field, new, &path, properties) {
            Err(message) => {
                errors.push(FieldError {
                    field: field.name.clone(),
                    message,
                });
                continue;
            }
            Ok(None) => continue,
            Ok(Some(op)) => op,
        };
        if HOST_PROPERTIES.contains(&field.name.to_ascii_lowercase().as_str()) {
            host_changed = Some(field);
        }
        secret_sent |= field.secret;
        plan.changes.push(Change {
            path,
            label: field.label.clone(),
            before: if field.secret {
                Some("(hidden)".into())
            } else {
                text_of(old).filter(|s| !s.is_empty())
            },
            after: display(field, new).filter(|_| op.value.is_some()),
        });
        plan.ops.push(op);
    }

    if let Some(host) = host_changed {
        let has_secrets = form.fields.iter().any(|f| f.secret && f.is_form_input());
        if has_secrets && !secret_sent {
            errors.push(FieldError {
                field: host.name.clone(),
                message: format!(
                    "Changing {} needs the credentials too: type the password again",
                    host.label
                ),
            });
        }
    }
    if errors.is_empty() {
        Ok(plan)
    } else {
        Err(errors)
    }
}

/// The operation that takes a changed field to `new`: replace or add a value, remove one the
/// tenant has when the field was cleared; `None` when there is nothing to send.
fn field_op(
    field: &Field,
    new: Option<&FieldValue>,
    path: &str,
    properties: &Map<String, Value>,
) -> Result<Option<PatchOp>, String> {
    // Booleans are patched explicitly, even back to their default.
    let wire = match (&field.kind, new) {
        (FieldKind::Boolean, Some(FieldValue::Bool(b))) => Some(Value::String(b.to_string())),
        _ => wire_value(field, new)?,
    };
    let known = properties.contains_key(&field.name);
    Ok(match wire {
        None if known => Some(PatchOp::remove(path.to_string())),
        None => None,
        Some(v) if known => Some(PatchOp::replace(path, v)),
        Some(v) => Some(PatchOp::add(path, v)),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::api::models::PatchOpKind;

    fn form(name: &str) -> Form {
        crate::schema::demo_form(name)
    }

    fn props(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn prefill_shows_what_the_tenant_has_and_keeps_secrets_empty() {
        let form = form("File_AmazonS3ConnectorV2");
        let stored = props(json!({"bucketName": "bucket-name", "region": "eu-west-1"}));
        let values = form.values_from_properties(&stored);
        assert_eq!(values["bucketName"], FieldValue::Text("bucket-name".into()));
        assert_eq!(values["region"], FieldValue::Text("eu-west-1".into()));
        assert_eq!(values["secretKey"], FieldValue::Text(String::new()));
    }

    #[test]
    fn untouched_form_is_an_empty_plan() {
        let form = form("DG_mssql");
        let stored = props(json!({"host": "sql01", "port": 1433, "database": "Sales"}));
        let before = form.values_from_properties(&stored);
        let plan = edit_plan(&form, &stored, &before, &before, "n", "n").unwrap();
        assert!(plan.is_empty(), "{plan:?}");
    }

    #[test]
    fn only_changed_paths_are_patched() {
        let form = form("File_AmazonS3ConnectorV2");
        let stored = props(json!({"bucketName": "old", "region": "us-east-1"}));
        let before = form.values_from_properties(&stored);
        let mut after = before.clone();
        after.insert("bucketName".into(), FieldValue::Text("new".into()));
        after.insert("storeSseHeader".into(), FieldValue::Text("AES256".into()));
        let plan = edit_plan(&form, &stored, &before, &after, "s3", "s3-renamed").unwrap();
        let ops = serde_json::to_value(&plan.ops).unwrap();
        assert_eq!(
            ops,
            json!([
                {"op": "replace", "path": "/qName", "value": "s3-renamed"},
                {"op": "replace", "path": "/connectionProperties/bucketName", "value": "new"},
                {"op": "add", "path": "/connectionProperties/storeSseHeader", "value": "AES256"}
            ])
        );
        assert_eq!(plan.changes[1].to_string(), "Bucket name: old → new");
    }

    #[test]
    fn a_cleared_property_is_removed_and_a_typed_secret_replaced() {
        let form = form("File_AmazonS3ConnectorV2");
        let stored = props(json!({"bucketName": "b", "storeSseHeader": "AES256"}));
        let before = form.values_from_properties(&stored);
        let mut after = before.clone();
        after.insert("storeSseHeader".into(), FieldValue::Text(String::new()));
        after.insert("secretKey".into(), FieldValue::Text("rotated".into()));
        let plan = edit_plan(&form, &stored, &before, &after, "n", "n").unwrap();
        assert_eq!(plan.ops.len(), 2);
        let remove = plan
            .ops
            .iter()
            .find(|o| o.path.ends_with("storeSseHeader"))
            .unwrap();
        assert_eq!(remove.op, PatchOpKind::Remove);
        let secret = plan
            .ops
            .iter()
            .find(|o| o.path.ends_with("secretKey"))
            .unwrap();
        assert_eq!(secret.op, PatchOpKind::Add);
        assert_eq!(secret.value, Some(json!("rotated")));
        let line = plan
            .changes
            .iter()
            .find(|c| c.path.ends_with("secretKey"))
            .unwrap()
            .to_string();
        assert!(!line.contains("rotated"), "{line}");
    }

    #[test]
    fn changing_the_host_needs_the_password_in_the_same_patch() {
        let form = form("DG_mssql");
        let stored = props(json!({"host": "sql01", "port": "1433"}));
        let before = form.values_from_properties(&stored);
        let mut after = before.clone();
        after.insert("host".into(), FieldValue::Text("sql02".into()));
        let errors = edit_plan(&form, &stored, &before, &after, "n", "n").unwrap_err();
        assert_eq!(errors[0].field, "host");
        after.insert("password".into(), FieldValue::Text("pw".into()));
        let plan = edit_plan(&form, &stored, &before, &after, "n", "n").unwrap();
        assert_eq!(plan.ops.len(), 2);
    }

    #[test]
    fn an_empty_name_and_a_bad_number_are_reported() {
        let form = form("DG_mssql");
        let stored = Map::new();
        let before = form.values_from_properties(&stored);
        let mut after = before.clone();
        after.insert("QueryTimeout".into(), FieldValue::Text("soon".into()));
        let errors = edit_plan(&form, &stored, &before, &after, "n", " ").unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["qName", "QueryTimeout"]);
    }

    #[test]
    fn names_with_slashes_are_escaped_in_the_pointer() {
        assert_eq!(pointer_segment("a/b~c"), "a~1b~0c");
    }
}
