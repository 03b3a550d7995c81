//! Checks run before a create request is sent, so the user fixes mistakes in the form rather
//! than reading a 400 from the tenant.

use super::form::{FieldKind, Form};
use super::values::{text_of, wire_value, CredentialsMode, FormValues};

/// A problem with one input. `field` is the wire name of the property, or of the head input it
/// concerns: `qName`, `credentialsName`, `selectedCredentials`, `gatewayInstance`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    fn new(field: &str, message: impl Into<String>) -> Self {
        FieldError {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

/// Everything wrong with the inputs, in form order; empty when the request may be sent.
///
/// Checks: a non-empty connection name (Qlik documents no stricter rule, so none is invented);
/// required properties filled (credential fields are exempt when existing credentials are
/// reused, because they are not sent); choices among their options; integers, numbers and JSON
/// that parse; booleans that read as true/false; a credentials name for new separated
/// credentials and a credential id for existing ones; a gateway for gateway sources.
pub fn validate(
    form: &Form,
    values: &FormValues,
    qname: &str,
    data_source_id: &str,
    credentials: &CredentialsMode,
    gateway: Option<&str>,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if qname.is_empty() {
        errors.push(FieldError::new("qName", "Connection name is required"));
    }
    let needs_gateway = form.needs_gateway() || data_source_id.starts_with("DG_");
    if needs_gateway && gateway.is_none_or(str::is_empty) {
        errors.push(FieldError::new("gatewayInstance", "Choose a gateway"));
    }
    let reusing = matches!(credentials, CredentialsMode::SeparateExisting { .. });
    for field in form.fields.iter().filter(|f| f.is_form_input()) {
        if reusing && field.credential {
            continue;
        }
        let value = values.get(&field.name);
        let blank = text_of(value).is_none_or(|t| t.trim().is_empty());
        let fillable = matches!(
            field.kind,
            FieldKind::Text
                | FieldKind::Integer
                | FieldKind::Number
                | FieldKind::Json
                | FieldKind::Untyped
        );
        if field.required && fillable && blank {
            errors.push(FieldError::new(
                &field.name,
                format!("{} is required", field.label),
            ));
            continue;
        }
        if let FieldKind::Choice { options } = &field.kind {
            if let Some(chosen) = text_of(value).filter(|t| !t.is_empty()) {
                if !options.contains(&chosen) {
                    errors.push(FieldError::new(
                        &field.name,
                        format!("{} must be one of the listed values", field.label),
                    ));
                }
            }
            continue;
        }
        if let Err(message) = wire_value(field, value) {
            errors.push(FieldError::new(&field.name, message));
        }
    }
    match credentials {
        CredentialsMode::Embedded => {}
        CredentialsMode::SeparateNew { credentials_name } => {
            if !form.supports_separate_credentials() {
                errors.push(unsupported_separation());
            } else if credentials_name.is_empty() {
                errors.push(FieldError::new(
                    "credentialsName",
                    "Credentials name is required",
                ));
            }
        }
        CredentialsMode::SeparateExisting { credential_id } => {
            if !form.supports_separate_credentials() {
                errors.push(unsupported_separation());
            } else if credential_id.is_empty() {
                errors.push(FieldError::new(
                    "selectedCredentials",
                    "Choose existing credentials",
                ));
            }
        }
    }
    errors
}

fn unsupported_separation() -> FieldError {
    FieldError::new(
        "separateCredentials",
        "This source does not offer separated credentials",
    )
}

/// The property a tenant's error text names, so the form can mark that field (seed bodies
/// carry the name in `detail`, e.g. "Invalid connection property 'port': ...", sometimes as a
/// JSON pointer in `meta`). A JSON pointer (`/connectionProperties/port`) beats a quoted name
/// (`'port'`, `"port"`, `` `port` ``), which beats the name as a whole word; among equals the
/// longest name wins. A name inside a longer word is no match: `host` is not named by
/// "hostName is invalid", nor `port` by "unsupported".
pub fn property_named_in<'a>(
    text: &str,
    names: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let rank = |name: &str| -> Option<u8> {
        if name.is_empty() {
            return None;
        }
        if text.contains(&format!("/connectionProperties/{name}")) {
            return Some(3);
        }
        if ["'", "\"", "`"]
            .iter()
            .any(|q| text.contains(&format!("{q}{name}{q}")))
        {
            return Some(2);
        }
        text.match_indices(name)
            .any(|(at, _)| {
                let before = text[..at].chars().next_back();
                let after = text[at + name.len()..].chars().next();
                !before.is_some_and(is_word) && !after.is_some_and(is_word)
            })
            .then_some(1)
    };
    names
        .into_iter()
        .filter_map(|n| rank(n).map(|r| (r, n.len(), n)))
        .max_by_key(|(r, len, _)| (*r, *len))
        .map(|(_, _, n)| n)
}

#[cfg(test)]
mod named_tests {
    use super::property_named_in;

    #[test]
    fn the_named_property_is_found_by_pointer_quote_or_whole_word() {
        let names = ["host", "hostName", "port", "database"];
        let named = |text: &str| property_named_in(text, names);
        assert_eq!(
            named("Invalid connection property 'port': expected a string"),
            Some("port")
        );
        assert_eq!(
            named("Field hostName is missing in the request"),
            Some("hostName")
        );
        assert_eq!(named("host is unreachable"), Some("host"));
        assert_eq!(named("unsupported option"), None, "port inside a word");
        assert_eq!(
            named("bad value at /connectionProperties/database"),
            Some("database")
        );
        assert_eq!(
            named("host 'port' clash"),
            Some("port"),
            "a quoted name beats a bare word"
        );
        assert_eq!(named("Bad or invalid request"), None);
    }
}
