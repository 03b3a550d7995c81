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

/// Everything a create needs besides the tenant: the form, what was typed, and the fixed head
/// (name, space, source, credentials mode, gateway). One draft builds every body the seeds show.
#[derive(Debug, Clone, Copy)]
pub struct Draft<'a> {
    pub form: &'a Form,
    pub values: &'a FormValues,
    pub qname: &'a str,
    /// `None` (or empty) for the personal space.
    pub space_id: Option<&'a str>,
    pub data_source_id: &'a str,
    pub credentials: &'a CredentialsMode,
    pub gateway: Option<&'a str>,
}

impl Draft<'_> {
    /// What is wrong before anything is sent.
    pub fn validate(&self) -> Vec<FieldError> {
        validate(
            self.form,
            self.values,
            self.qname,
            self.data_source_id,
            self.credentials,
            self.gateway,
        )
    }

    pub fn is_interactive(&self) -> bool {
        is_interactive(self.form, self.values)
    }

    /// Validates, then builds the properties. Shared by every builder.
    fn properties(&self, auth: AuthStep<'_>) -> Result<Map<String, Value>, Vec<FieldError>> {
        let errors = self.validate();
        if !errors.is_empty() {
            return Err(errors);
        }
        connection_properties(self.form, self.values, self.credentials, self.gateway, auth)
    }

    fn space(&self) -> Option<String> {
        self.space_id.filter(|s| !s.is_empty()).map(str::to_string)
    }

    /// `POST /api/v1/data-connections`. For an interactive form the `authCode` value of the
    /// form is sent as is; use [`Draft::auth_url_body`] / [`Draft::with_code_body`] for the
    /// handoff.
    pub fn create_body(&self) -> Result<CreateConnection, Vec<FieldError>> {
        Ok(CreateConnection {
            data_source_id: self.data_source_id.to_string(),
            q_name: self.qname.to_string(),
            space: self.space(),
            auth_url_only: None,
            connection_properties: self.properties(AuthStep::FromForm)?,
            tags: None,
        })
    }

    fn dcaas(
        &self,
        auth: AuthStep<'_>,
        auth_url_only: Option<Value>,
    ) -> Result<DcaasCreateConnection, Vec<FieldError>> {
        Ok(DcaasCreateConnection {
            data_source_id: self.data_source_id.to_string(),
            connection_name: self.qname.to_string(),
            space_id: self.space(),
            auth_url_only,
            connection_properties: self.properties(auth)?,
            tags: None,
        })
    }

    /// First request of seed 002's interactive flow on the deprecated
    /// `POST /api/v1/dcaas/actions/data-connections`: `authUrlOnly: "true"` (the string, as the
    /// seed) and `authCode: ""`.
    pub fn auth_url_body(&self) -> Result<DcaasCreateConnection, Vec<FieldError>> {
        self.dcaas(AuthStep::AskForUrl, Some(Value::String("true".into())))
    }

    /// Second request of the interactive flow: no `authUrlOnly`, `authCode` set to the code.
    pub fn with_code_body(&self, code: &str) -> Result<DcaasCreateConnection, Vec<FieldError>> {
        self.dcaas(AuthStep::WithCode(code), None)
    }

    /// The same handoff on `POST /api/v1/data-connections` (v1's field names).
    pub fn v1_auth_url_body(&self) -> Result<CreateConnection, Vec<FieldError>> {
        self.auth_url_body().map(|b| CreateConnection::from(&b))
    }

    pub fn v1_with_code_body(&self, code: &str) -> Result<CreateConnection, Vec<FieldError>> {
        self.with_code_body(code)
            .map(|b| CreateConnection::from(&b))
    }
}
