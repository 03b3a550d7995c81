//! What the user has entered, and how one entered value is written on the wire.

use std::collections::BTreeMap;

use serde_json::Value;

use super::form::{Field, FieldKind, Form, JsonType};

/// One field's value as the form holds it. Choices, numbers and JSON are held as the text the
/// user sees; they are typed only when the body is built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    Text(String),
    Bool(bool),
    /// Text the user chose to send as JSON (an untyped property switched to JSON mode).
    Json(String),
}

/// Values by property name. Fields without an entry count as untouched.
pub type FormValues = BTreeMap<String, FieldValue>;

/// How the credentials of a new connection are stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CredentialsMode {
    /// Stored with the connection and shared by its users; no credential property is sent.
    #[default]
    Embedded,
    /// A new named credential for the current user; other users bring their own.
    SeparateNew { credentials_name: String },
    /// Reuse an existing credential by id; the secrets and user name are not sent.
    SeparateExisting { credential_id: String },
}

impl Form {
    /// The values a fresh form starts with: what the form shows is what is sent. Each choice
    /// on its default (or first option), each boolean on its default, and each text, number
    /// and JSON field filled with its api-specs default (empty without one), so an untouched
    /// default goes into the body as the seeds send it (`"port": "1433"`) and a cleared field
    /// is left out. Only form inputs ([`Field::is_form_input`]) get a value.
    pub fn initial_values(&self) -> FormValues {
        let mut values = FormValues::new();
        for field in self.fields.iter().filter(|f| f.is_form_input()) {
            let value = match &field.kind {
                FieldKind::Boolean => FieldValue::Bool(field.default_bool()),
                FieldKind::Choice { .. } => {
                    FieldValue::Text(field.initial_choice().unwrap_or_default().to_string())
                }
                FieldKind::Json => FieldValue::Text(
                    field
                        .default
                        .as_ref()
                        .map(|d| serde_json::to_string_pretty(d).unwrap_or_default())
                        .unwrap_or_default(),
                ),
                FieldKind::Untyped => match &field.default {
                    Some(d @ (Value::Object(_) | Value::Array(_))) => {
                        FieldValue::Json(serde_json::to_string_pretty(d).unwrap_or_default())
                    }
                    _ => FieldValue::Text(field.placeholder().unwrap_or_default()),
                },
                _ => FieldValue::Text(field.placeholder().unwrap_or_default()),
            };
            values.insert(field.name.clone(), value);
        }
        values
    }
}

/// The value as text: a `Bool` given to a text field reads as `"true"`/`"false"`.
pub(crate) fn text_of(value: Option<&FieldValue>) -> Option<String> {
    match value {
        Some(FieldValue::Text(s) | FieldValue::Json(s)) => Some(s.clone()),
        Some(FieldValue::Bool(b)) => Some(b.to_string()),
        None => None,
    }
}

/// The JSON to send for one form input, or `None` when it is not sent:
///
/// * text, number and JSON fields only when non-empty (after trimming, for number and JSON);
/// * an untyped field as the string typed, or, switched to JSON, as the object or array it
///   parses to (anything else is refused rather than guessed);
/// * a choice always: its selected value, or its initial choice when untouched;
/// * a boolean only when it differs from its default.
///
/// Types follow the property's JSON type: strings stay strings (ports are `"1433"`), integer
/// and number fields become JSON numbers, JSON fields are parsed, and booleans are sent as the
/// strings `"true"`/`"false"` because every published create request sends them that way.
/// `Err` carries a short message for the user.
pub(crate) fn wire_value(
    field: &Field,
    value: Option<&FieldValue>,
) -> Result<Option<Value>, String> {
    let label = &field.label;
    match &field.kind {
        FieldKind::Boolean => {
            let chosen = match value {
                None => return Ok(None),
                Some(FieldValue::Bool(b)) => *b,
                Some(FieldValue::Text(s) | FieldValue::Json(s)) => {
                    match s.trim().to_ascii_lowercase().as_str() {
                        "true" => true,
                        "false" => false,
                        "" => return Ok(None),
                        _ => return Err(format!("{label} must be true or false")),
                    }
                }
            };
            Ok((chosen != field.default_bool()).then(|| Value::String(chosen.to_string())))
        }
        FieldKind::Choice { .. } => {
            let selected = text_of(value)
                .filter(|s| !s.is_empty())
                .or_else(|| field.initial_choice().map(str::to_string))
                .unwrap_or_default();
            let numeric = matches!(field.json_type, JsonType::Integer | JsonType::Number);
            if numeric {
                if let Ok(n @ Value::Number(_)) = serde_json::from_str::<Value>(selected.trim()) {
                    return Ok(Some(n));
                }
            }
            Ok(Some(Value::String(selected)))
        }
        FieldKind::Text => Ok(text_of(value).filter(|s| !s.is_empty()).map(Value::String)),
        FieldKind::Integer => {
            let Some(text) = text_of(value).filter(|s| !s.trim().is_empty()) else {
                return Ok(None);
            };
            match serde_json::from_str::<Value>(text.trim()) {
                Ok(n @ Value::Number(_)) if n.is_i64() || n.is_u64() => Ok(Some(n)),
                _ => Err(format!("{label} must be a whole number")),
            }
        }
        FieldKind::Number => {
            let Some(text) = text_of(value).filter(|s| !s.trim().is_empty()) else {
                return Ok(None);
            };
            match serde_json::from_str::<Value>(text.trim()) {
                Ok(n @ Value::Number(_)) => Ok(Some(n)),
                _ => Err(format!("{label} must be a number")),
            }
        }
        FieldKind::Json => {
            let Some(text) = text_of(value).filter(|s| !s.trim().is_empty()) else {
                return Ok(None);
            };
            serde_json::from_str::<Value>(&text)
                .map(Some)
                .map_err(|e| format!("{label} is not valid JSON ({e})"))
        }
        FieldKind::Untyped => match value {
            Some(FieldValue::Json(text)) if !text.trim().is_empty() => {
                match serde_json::from_str::<Value>(text) {
                    Ok(v @ (Value::Object(_) | Value::Array(_))) => Ok(Some(v)),
                    Ok(_) => Err(format!(
                        "{label} is set to JSON but is not an object or array (switch it back to text)"
                    )),
                    Err(e) => Err(format!("{label} is not valid JSON ({e})")),
                }
            }
            other => Ok(text_of(other).filter(|s| !s.is_empty()).map(Value::String)),
        },
    }
}
