//! Form values → the create request bodies Qlik's documents show.
//!
//! Which properties are sent (see [`super::values`] for how each value is written):
//!
//! * form inputs by the rules of `wire_value`: text/number/JSON when non-empty, a choice
//!   always, a boolean only when it differs from its default;
//! * the credentials section by its [`CredentialsMode`]: `Embedded` sends none of
//!   `separateCredentials`/`selectedCredentials`/`credentialsName`; `SeparateNew` sends
//!   `"separateCredentials": "true"` and `credentialsName` with the secrets; `SeparateExisting`
//!   sends `"separateCredentials": "true"` and `selectedCredentials`, and no secret or user
//!   field (seed 002's second request has none);
//! * `gatewayInstance` from the gateway picker, when one is chosen;
//! * `authCode` only in an interactive flow: `""` with `authUrlOnly`, then the code.
//!
//! Properties keep the api-specs order; a gateway the form does not list goes first.

use serde_json::{Map, Value};

use super::form::{FieldRole, Form};
use super::validate::{validate, FieldError};
use super::values::{text_of, wire_value, CredentialsMode, FormValues};
use crate::api::models::{CreateConnection, DcaasCreateConnection};

/// True when creating needs the browser step: the form has an `authCode` field, and either no
/// `OAuthMechanism` field or `OAuthMechanism` set to `"1"` (user OAuth; `"0"` is a service
/// account).
pub fn is_interactive(form: &Form, values: &FormValues) -> bool {
    if form.field_with_role(FieldRole::AuthCode).is_none() {
        return false;
    }
    match form.field_with_role(FieldRole::OAuthMechanism) {
        None => true,
        Some(mechanism) => {
            let chosen = text_of(values.get(&mechanism.name))
                .filter(|s| !s.is_empty())
                .or_else(|| mechanism.initial_choice().map(str::to_string));
            chosen.as_deref() == Some("1")
        }
    }
}

/// What to put in `authCode`.
#[derive(Debug, Clone, Copy)]
enum AuthStep<'a> {
    /// Not an explicit step of the handoff: send the form's `authCode` value only when the
    /// flow is interactive.
    FromForm,
    /// The `authUrlOnly` request: `""`.
    AskForUrl,
    /// The second request: the code from the browser.
    WithCode(&'a str),
}

/// The `connectionProperties` object for the inputs, after [`validate`] has passed.
fn connection_properties(
    form: &Form,
    values: &FormValues,
    credentials: &CredentialsMode,
    gateway: Option<&str>,
    auth: AuthStep<'_>,
) -> Result<Map<String, Value>, Vec<FieldError>> {
    let mut props = Map::new();
    let mut errors = Vec::new();
    let gateway = gateway.filter(|g| !g.is_empty());
    if let (Some(gateway), false) = (gateway, form.needs_gateway()) {
        props.insert("gatewayInstance".into(), Value::String(gateway.into()));
    }
    let reusing = matches!(credentials, CredentialsMode::SeparateExisting { .. });
    for field in &form.fields {
        let name = field.name.clone();
        match field.role {
            FieldRole::Property | FieldRole::OAuthMechanism => {
                if reusing && field.credential {
                    continue;
                }
                match wire_value(field, values.get(&field.name)) {
                    Ok(Some(value)) => {
                        props.insert(name, value);
                    }
                    Ok(None) => {}
                    Err(message) => errors.push(FieldError {
                        field: name,
                        message,
                    }),
                }
            }
            FieldRole::Gateway => {
                if let Some(gateway) = gateway {
                    props.insert(name, Value::String(gateway.into()));
                }
            }
            FieldRole::AuthCode => {
                let code = match auth {
                    AuthStep::AskForUrl => Some(String::new()),
                    AuthStep::WithCode(code) => Some(code.to_string()),
                    AuthStep::FromForm => is_interactive(form, values)
                        .then(|| text_of(values.get(&field.name)).unwrap_or_default()),
                };
                if let Some(code) = code {
                    props.insert(name, Value::String(code));
                }
            }
            FieldRole::SeparateCredentials => {
                if !matches!(credentials, CredentialsMode::Embedded) {
                    props.insert(name, Value::String("true".into()));
                }
            }
            FieldRole::CredentialsName => {
                if let CredentialsMode::SeparateNew { credentials_name } = credentials {
                    props.insert(name, Value::String(credentials_name.clone()));
                }
            }
            FieldRole::SelectedCredentials => {
                if let CredentialsMode::SeparateExisting { credential_id } = credentials {
                    props.insert(name, Value::String(credential_id.clone()));
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(props)
    } else {
        Err(errors)
    }
}

/// Validates, then builds the properties. Shared by every builder.
fn checked_properties(
    form: &Form,
    values: &FormValues,
    qname: &str,
    data_source_id: &str,
    credentials: &CredentialsMode,
    gateway: Option<&str>,
    auth: AuthStep<'_>,
) -> Result<Map<String, Value>, Vec<FieldError>> {
    let errors = validate(form, values, qname, data_source_id, credentials, gateway);
    if !errors.is_empty() {
        return Err(errors);
    }
    connection_properties(form, values, credentials, gateway, auth)
}

/// `POST /api/v1/data-connections`. For an interactive form the `authCode` value of the form
/// is sent as is; use [`create_auth_url_body`] / [`create_with_code_body`] for the handoff.
pub fn create_body(
    form: &Form,
    values: &FormValues,
    qname: &str,
    space_id: Option<&str>,
    data_source_id: &str,
    credentials: &CredentialsMode,
    gateway: Option<&str>,
) -> Result<CreateConnection, Vec<FieldError>> {
    let props = checked_properties(
        form,
        values,
        qname,
        data_source_id,
        credentials,
        gateway,
        AuthStep::FromForm,
    )?;
    Ok(v1_body(qname, space_id, data_source_id, props, None))
}

/// First request of the interactive flow on `POST /api/v1/data-connections`:
/// `authUrlOnly: "true"` and `authCode: ""`.
pub fn create_auth_url_body(
    form: &Form,
    values: &FormValues,
    qname: &str,
    space_id: Option<&str>,
    data_source_id: &str,
    credentials: &CredentialsMode,
    gateway: Option<&str>,
) -> Result<CreateConnection, Vec<FieldError>> {
    let props = checked_properties(
        form,
        values,
        qname,
        data_source_id,
        credentials,
        gateway,
        AuthStep::AskForUrl,
    )?;
    Ok(v1_body(
        qname,
        space_id,
        data_source_id,
        props,
        Some(auth_url_only()),
    ))
}

/// Second request of the interactive flow on `POST /api/v1/data-connections`: no
/// `authUrlOnly`, `authCode` set to the code from the browser.
#[allow(clippy::too_many_arguments)]
pub fn create_with_code_body(
    form: &Form,
    values: &FormValues,
    qname: &str,
    space_id: Option<&str>,
    data_source_id: &str,
    credentials: &CredentialsMode,
    gateway: Option<&str>,
    code: &str,
) -> Result<CreateConnection, Vec<FieldError>> {
    let props = checked_properties(
        form,
        values,
        qname,
        data_source_id,
        credentials,
        gateway,
        AuthStep::WithCode(code),
    )?;
    Ok(v1_body(qname, space_id, data_source_id, props, None))
}

/// First request of seed 002's interactive flow on the deprecated
/// `POST /api/v1/dcaas/actions/data-connections`: `authUrlOnly: "true"` (the string, as the
/// seed) and `authCode: ""`.
pub fn dcaas_auth_url_body(
    form: &Form,
    values: &FormValues,
    qname: &str,
    space_id: Option<&str>,
    data_source_id: &str,
    credentials: &CredentialsMode,
    gateway: Option<&str>,
) -> Result<DcaasCreateConnection, Vec<FieldError>> {
    let props = checked_properties(
        form,
        values,
        qname,
        data_source_id,
        credentials,
        gateway,
        AuthStep::AskForUrl,
    )?;
    Ok(dcaas_body(
        qname,
        space_id,
        data_source_id,
        props,
        Some(auth_url_only()),
    ))
}

/// Second request of seed 002's interactive flow on the dcaas endpoint: no `authUrlOnly`,
/// `authCode` set to the code.
#[allow(clippy::too_many_arguments)]
pub fn dcaas_with_code_body(
    form: &Form,
    values: &FormValues,
    qname: &str,
    space_id: Option<&str>,
    data_source_id: &str,
    credentials: &CredentialsMode,
    gateway: Option<&str>,
    code: &str,
) -> Result<DcaasCreateConnection, Vec<FieldError>> {
    let props = checked_properties(
        form,
        values,
        qname,
        data_source_id,
        credentials,
        gateway,
        AuthStep::WithCode(code),
    )?;
    Ok(dcaas_body(qname, space_id, data_source_id, props, None))
}

/// The string `"true"`, as every published request sends it.
fn auth_url_only() -> Value {
    Value::String("true".into())
}

fn v1_body(
    qname: &str,
    space_id: Option<&str>,
    data_source_id: &str,
    connection_properties: Map<String, Value>,
    auth_url_only: Option<Value>,
) -> CreateConnection {
    CreateConnection {
        data_source_id: data_source_id.to_string(),
        q_name: qname.to_string(),
        space: space_id.filter(|s| !s.is_empty()).map(str::to_string),
        auth_url_only,
        connection_properties,
        tags: None,
    }
}

fn dcaas_body(
    qname: &str,
    space_id: Option<&str>,
    data_source_id: &str,
    connection_properties: Map<String, Value>,
    auth_url_only: Option<Value>,
) -> DcaasCreateConnection {
    DcaasCreateConnection {
        data_source_id: data_source_id.to_string(),
        connection_name: qname.to_string(),
        space_id: space_id.filter(|s| !s.is_empty()).map(str::to_string),
        auth_url_only,
        connection_properties,
        tags: None,
    }
}
