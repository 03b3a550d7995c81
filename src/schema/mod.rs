//! api-specs JSON → form model → request body. Pure functions: no terminal, no I/O, no async.
//!
//! * [`Form::from_api_specs`] reads a data source's api-specs into [`Field`]s, never panicking;
//!   what it could not use is listed in [`Form::notes`].
//! * [`Form::initial_values`] gives the [`FormValues`] a fresh form starts with.
//! * [`validate`] lists [`FieldError`]s before anything is sent.
//! * [`Draft`] holds a filled form and its fixed head; [`Draft::create_body`] and the
//!   interactive pair ([`Draft::auth_url_body`] / [`Draft::with_code_body`]) build the bodies
//!   Qlik's documents show; see [`body`] for which values are sent.
//! * [`preview_json`] and [`curl_command`] show a body with secrets masked.

pub mod body;
pub mod edit;
pub mod form;
pub mod names;
pub mod preview;
pub mod validate;
pub mod values;

pub use body::{is_interactive, Draft};
pub use edit::{edit_plan, Change, EditPlan};
pub use form::{Field, FieldKind, FieldRole, Form, JsonType};
pub use names::humanise;
pub use preview::{curl_command, mask_secrets, preview_json, MASK};
pub use validate::{property_named_in, validate, FieldError};
pub use values::{CredentialsMode, FieldValue, FormValues};

/// The form of one of the demo catalog's api-specs (`assets/demo/api-specs/NAME.json`), for the
/// unit tests of the modules that build on forms.
#[cfg(test)]
pub(crate) fn demo_form(name: &str) -> Form {
    let path = format!(
        "{}/assets/demo/api-specs/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    Form::from_api_specs(&serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap())
}

#[cfg(test)]
mod fixture_tests;
#[cfg(test)]
mod robustness_tests;
#[cfg(test)]
mod seed_tests;
