//! The connection form as state: one row per input (the fixed head, the generated fields of
//! `connectionProperties`, the credentials section), the focus, the errors beside each row, and
//! the state of its popups (a picker, the OAuth popup), which lie over it on the layer stack
//! (`app::layer`). How keys change it lives in `update/create.rs`; how it looks in `ui/form.rs`.
//! Text rows and the OAuth code are [`TextInput`]s, as every other input.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::api::ids::ConnectionId;
use crate::api::models::Credential;
use crate::schema::{CredentialsMode, Draft, FieldKind, FieldValue, Form, FormValues};

use super::data::{Data, Remote};
pub use super::picker::{Choice, Picker};
use super::reply::{AuthAnswer, Reply};
use super::text_input::TextInput;

/// Row keys of the fixed head and the credentials section. Form fields use their wire name;
/// the head uses the names `schema::validate` reports errors under.
pub const NAME: &str = "qName";
pub const SPACE: &str = "space";
pub const GATEWAY: &str = "gatewayInstance";
pub const CREDENTIALS: &str = "separateCredentials";
pub const CREDENTIALS_NAME: &str = "credentialsName";
pub const EXISTING: &str = "selectedCredentials";
/// The owner row of an edit (`actions/update`'s `ownerId`).
pub const OWNER: &str = "ownerId";

/// Values of the credentials-mode choice.
pub const EMBEDDED: &str = "embedded";
pub const SEPARATE_NEW: &str = "new";
pub const SEPARATE_EXISTING: &str = "existing";

/// Everything about creating and editing connections the app holds. One field of `App`.
#[derive(Debug, Default)]
pub struct CreateState {
    /// The last auth URL shown while its connection is not created yet: printed after the
    /// terminal is restored, so quitting does not lose it.
    pub last_auth_url: Option<String>,
    /// A created or edited connection to select in Connections once its row is listed.
    pub select_after: Option<String>,
}

/// What the form is for.
#[derive(Debug, Clone, PartialEq)]
pub enum Purpose {
    Create,
    /// Edit `connection_id`; `properties` and `before` are what the form was prefilled from.
    Edit {
        connection_id: ConnectionId,
        old_name: String,
        properties: Map<String, Value>,
        before: FormValues,
        /// Space, owner, gateway and credentials as they were (`app::edit`).
        original: Box<super::edit::Original>,
    },
}

/// Where a choice's options come from: fixed (an enum, the credentials modes), or the tenant's
/// lists, read when needed so options that arrive later show up.
#[derive(Debug, Clone, PartialEq)]
pub enum Options {
    Fixed(Vec<Choice>),
    Spaces,
    Gateways,
    /// The users qdc knows: the caller and the owners it has looked up (`users/{id}`).
    Users,
    /// The separated credentials qdc knows of for a source (by its connector `q_type`).
    Credentials {
        q_type: String,
    },
}

impl Options {
    /// The choices, from the fixed list or the tenant's spaces and gateways (of `source_id`).
    pub fn choices(&self, data: &Data, source_id: &str) -> Vec<Choice> {
        match self {
            Options::Fixed(v) => v.clone(),
            Options::Spaces => std::iter::once(Choice::new("Personal space", ""))
                .chain(
                    data.spaces
                        .items
                        .iter()
                        .map(|s| Choice::new(s.name.clone(), s.id.clone())),
                )
                .collect(),
            Options::Gateways => data
                .gateways
                .items
                .iter()
                .filter(|g| g.source_id == source_id)
                .map(|g| {
                    let default = if g.gateway.default { " (default)" } else { "" };
                    Choice::new(format!("{}{default}", g.gateway.name), g.gateway.id.clone())
                })
                .collect(),
            Options::Users => super::edit::user_choices(data),
            Options::Credentials { q_type } => {
                super::edit::credential_choices(data, source_id, q_type)
            }
        }
    }

    /// The label of the choice `value` (what a closed choice field shows), found without
    /// building the whole list of choices.
    pub fn label_of(&self, data: &Data, source_id: &str, value: &str) -> Option<String> {
        match self {
            Options::Fixed(v) => v.iter().find(|c| c.value == value).map(|c| c.label.clone()),
            Options::Spaces if value.is_empty() => Some("Personal space".into()),
            Options::Spaces => data
                .spaces
                .items
                .iter()
                .find(|s| s.id == value)
                .map(|s| s.name.clone()),
            Options::Gateways => data
                .gateways
                .items
                .iter()
                .find(|g| g.source_id == source_id && g.gateway.id == value)
                .map(|g| {
                    let default = if g.gateway.default { " (default)" } else { "" };
                    format!("{}{default}", g.gateway.name)
                }),
            Options::Users | Options::Credentials { .. } => self
                .choices(data, source_id)
                .into_iter()
                .find(|c| c.value == value)
                .map(|c| c.label),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Input {
    Text {
        /// Several lines for JSON fields: Enter is a newline, Up/Down move within the text.
        text: Box<TextInput>,
        secret: bool,
        revealed: bool,
        placeholder: Option<String>,
    },
    Toggle(bool),
    Choice {
        value: String,
        options: Options,
    },
}

impl Input {
    pub fn text(initial: &str, secret: bool, multiline: bool, placeholder: Option<String>) -> Self {
        // a one-line field's initial text keeps its lines too, as it was given
        let mut text = TextInput::multiline(initial);
        text.set_multiline(multiline);
        Input::Text {
            text: Box::new(text),
            secret,
            revealed: false,
            placeholder,
        }
    }

    /// The text of a text input ("" for others).
    pub fn text_value(&self) -> String {
        match self {
            Input::Text { text, .. } => text.value(),
            Input::Choice { value, .. } => value.clone(),
            Input::Toggle(b) => b.to_string(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Row {
    /// Wire name of a field, or one of the head/credentials keys above.
    pub key: String,
    pub label: String,
    pub help: Option<String>,
    pub required: bool,
    /// Part of a credential record (hidden while existing credentials are reused).
    pub credential: bool,
    pub input: Input,
    /// An untyped property: `Some(true)` sends its text as JSON (an object or array),
    /// `Some(false)` as a string; `None` for every other row.
    pub json: Option<bool>,
}

/// The existing-credentials lookup by name.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup {
    Idle,
    Searching(String),
    Found(Box<Credential>),
    /// The tenant's message (its 404 detail, or the failure).
    Missing(String),
}

#[derive(Debug, Clone)]
pub struct OAuthPopup {
    /// `None` while the URL is being asked for.
    pub url: Option<String>,
    pub code: TextInput,
    /// The tenant's message about the last code.
    pub error: Option<String>,
    /// Set while the OAuth task waits for an answer.
    pub reply: Option<Reply<AuthAnswer>>,
    /// A code is on its way to the tenant.
    pub sending: bool,
    /// What happened to the last `o` (opened, or why not).
    pub note: Option<String>,
}

impl OAuthPopup {
    pub fn new() -> Self {
        OAuthPopup {
            url: None,
            code: TextInput::default(),
            error: None,
            reply: None,
            sending: false,
            note: None,
        }
    }

    pub fn code_text(&self) -> String {
        self.code.lines().join("").trim().to_string()
    }
}

impl Default for OAuthPopup {
    fn default() -> Self {
        OAuthPopup::new()
    }
}

/// The api-specs behind the form.
pub type Spec = Remote<Form>;

#[derive(Debug, Clone)]
pub struct FormState {
    pub purpose: Purpose,
    pub source_id: String,
    pub source_name: String,
    pub spec: Spec,
    pub rows: Vec<Row>,
    /// Index into `rows`; always a visible row.
    pub focus: usize,
    /// First visible row of the scrolling body.
    pub scroll: usize,
    /// Messages beside rows, by row key.
    pub errors: BTreeMap<String, String>,
    /// A create (or patch) is in flight: the submit key does nothing until it answers.
    pub submitting: bool,
    /// The form's last write (`app::write`): its answers come to this form while it is open.
    pub sent: Option<super::write::WriteTicket>,
    pub dirty: bool,
    pub lookup: Lookup,
    /// Ctrl-S came while the existing credentials were being looked up: the submit runs when
    /// the answer arrives (a found credential), or the miss is shown beside the name.
    pub submit_after_lookup: bool,
    /// A create was sent whose answer never came (dropped connection, timeout): the tenant may
    /// have created it. The next submit looks the name up (again, over a window) before
    /// anything is sent again ([`super::lost::LostCreate`]).
    pub lost: super::lost::LostCreate,
    /// An edit of a connection with stored credentials: its secrets are set on the tenant,
    /// though the tenant never sends them back, so their empty fields mean "keep".
    pub secrets_stored: bool,
}

impl FormState {
    /// A form whose fixed head is ready; the fields follow when the api-specs arrive.
    pub fn new(purpose: Purpose, source_id: &str, source_name: &str, name: &str) -> Self {
        let mut rows = vec![Row {
            key: NAME.into(),
            label: "Connection name".into(),
            help: Some(
                "qName: the connection's name, unique within its space (the tenant says when it is not)."
                    .into(),
            ),
            required: true,
            credential: false,
            json: None,
            input: Input::text(name, false, false, None),
        }];
        if purpose == Purpose::Create {
            rows.push(Row {
                key: SPACE.into(),
                label: "Space".into(),
                help: Some("Where the connection lives; Personal space when none.".into()),
                required: false,
                credential: false,
                json: None,
                input: Input::Choice {
                    value: String::new(),
                    options: Options::Spaces,
                },
            });
            if source_id.starts_with("DG_") {
                rows.push(gateway_row());
            }
        }
        FormState {
            purpose,
            source_id: source_id.into(),
            source_name: source_name.into(),
            spec: Remote::Loading,
            rows,
            focus: 0,
            scroll: 0,
            errors: BTreeMap::new(),
            submitting: false,
            sent: None,
            dirty: false,
            lookup: Lookup::Idle,
            submit_after_lookup: false,
            lost: Default::default(),
            secrets_stored: false,
        }
    }

    pub fn is_edit(&self) -> bool {
        matches!(self.purpose, Purpose::Edit { .. })
    }

    /// The api-specs arrived: one row per form input, then the credentials section. `values`
    /// are the starting values (fresh, or prefilled for an edit).
    pub fn set_form(&mut self, form: Form, values: &FormValues) {
        let editing = self.is_edit();
        if !editing && form.needs_gateway() && self.row(GATEWAY).is_none() {
            self.rows.push(gateway_row());
        }
        for field in form.fields.iter().filter(|f| f.is_form_input()) {
            let value = values.get(&field.name);
            let text = match value {
                Some(FieldValue::Text(s) | FieldValue::Json(s)) => s.clone(),
                Some(FieldValue::Bool(b)) => b.to_string(),
                None => String::new(),
            };
            let as_json = matches!(value, Some(FieldValue::Json(_)));
            let input = match &field.kind {
                FieldKind::Boolean => Input::Toggle(match value {
                    Some(FieldValue::Bool(b)) => *b,
                    _ => field.default_bool(),
                }),
                FieldKind::Choice { options } => Input::Choice {
                    value: if text.is_empty() {
                        field.initial_choice().unwrap_or_default().to_string()
                    } else {
                        text
                    },
                    options: Options::Fixed(
                        options
                            .iter()
                            .map(|o| Choice::new(o.clone(), o.clone()))
                            .collect(),
                    ),
                },
                FieldKind::Json => Input::text(&text, field.secret, true, field.placeholder()),
                FieldKind::Untyped => {
                    Input::text(&text, field.secret, as_json, field.placeholder())
                }
                _ => Input::text(&text, field.secret, false, field.placeholder()),
            };
            let mut help = field.description.clone();
            if editing && field.secret {
                let keep = "Left empty, the stored secret is kept; type to replace it.";
                help = Some(match help {
                    Some(h) => format!("{keep} {h}"),
                    None => keep.to_string(),
                });
            }
            self.rows.push(Row {
                key: field.name.clone(),
                label: field.label.clone(),
                help,
                required: field.required,
                credential: field.credential,
                input,
                json: (field.kind == FieldKind::Untyped).then_some(as_json),
            });
        }
        if !editing && form.supports_separate_credentials() {
            self.rows.extend(credentials_rows());
        }
        self.spec = Remote::Loaded(form);
    }

    pub fn form(&self) -> Option<&Form> {
        match &self.spec {
            Remote::Loaded(f) => Some(f),
            _ => None,
        }
    }

    pub fn row(&self, key: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.key == key)
    }

    pub fn row_mut(&mut self, key: &str) -> Option<&mut Row> {
        self.rows.iter_mut().find(|r| r.key == key)
    }

    pub fn focused(&self) -> Option<&Row> {
        self.rows.get(self.focus)
    }

    pub fn focused_mut(&mut self) -> Option<&mut Row> {
        self.rows.get_mut(self.focus)
    }

    pub fn value(&self, key: &str) -> String {
        self.row(key)
            .map(|r| r.input.text_value())
            .unwrap_or_default()
    }

    pub fn credentials_mode_value(&self) -> String {
        self.row(CREDENTIALS)
            .map(|r| r.input.text_value())
            .unwrap_or_else(|| EMBEDDED.into())
    }

    /// Whether a row is shown, given the credentials mode.
    pub fn is_visible(&self, row: &Row) -> bool {
        let mode = self.credentials_mode_value();
        match row.key.as_str() {
            CREDENTIALS_NAME => mode == SEPARATE_NEW,
            EXISTING => mode == SEPARATE_EXISTING,
            _ => !(row.credential && mode == SEPARATE_EXISTING),
        }
    }

    /// Indices of the visible rows, in order.
    pub fn visible(&self) -> Vec<usize> {
        (0..self.rows.len())
            .filter(|&i| self.is_visible(&self.rows[i]))
            .collect()
    }

    /// Moves the focus by `delta` visible rows (clamped).
    pub fn move_focus(&mut self, delta: isize) {
        let vis = self.visible();
        let pos = vis.iter().position(|&i| i == self.focus).unwrap_or(0) as isize;
        let next = (pos + delta).clamp(0, vis.len() as isize - 1) as usize;
        self.focus = vis[next];
    }

    /// Tab and Shift-Tab: the next or previous field, round the form's ends as a browser form.
    pub fn cycle_focus(&mut self, delta: isize) {
        let vis = self.visible();
        if vis.is_empty() {
            return;
        }
        let pos = vis.iter().position(|&i| i == self.focus).unwrap_or(0) as isize;
        self.focus = vis[(pos + delta).rem_euclid(vis.len() as isize) as usize];
    }

    /// Focuses the row `key` when it is shown.
    pub fn focus_row(&mut self, key: &str) {
        if let Some(i) = self.rows.iter().position(|r| r.key == key) {
            if self.is_visible(&self.rows[i]) {
                self.focus = i;
            }
        }
    }

    /// The values of the generated fields, as `schema` reads them.
    pub fn values(&self) -> FormValues {
        let Some(form) = self.form() else {
            return FormValues::new();
        };
        let mut values = FormValues::new();
        for field in form.fields.iter().filter(|f| f.is_form_input()) {
            if let Some(row) = self.row(&field.name) {
                let v = match (&row.input, row.json) {
                    (Input::Toggle(b), _) => FieldValue::Bool(*b),
                    (other, Some(true)) => FieldValue::Json(other.text_value()),
                    (other, _) => FieldValue::Text(other.text_value()),
                };
                values.insert(field.name.clone(), v);
            }
        }
        values
    }

    pub fn credentials_mode(&self) -> CredentialsMode {
        match self.credentials_mode_value().as_str() {
            SEPARATE_NEW => CredentialsMode::SeparateNew {
                credentials_name: self.value(CREDENTIALS_NAME).trim().to_string(),
            },
            SEPARATE_EXISTING => CredentialsMode::SeparateExisting {
                credential_id: match &self.lookup {
                    Lookup::Found(c) => c.q_id.clone(),
                    _ => String::new(),
                },
            },
            _ => CredentialsMode::Embedded,
        }
    }

    pub fn gateway(&self) -> Option<String> {
        self.row(GATEWAY)
            .map(|r| r.input.text_value())
            .filter(|g| !g.is_empty())
    }

    /// Runs `f` on the draft of this form; `None` until the api-specs are in.
    pub fn with_draft<R>(&self, f: impl FnOnce(&Draft<'_>) -> R) -> Option<R> {
        let form = self.form()?;
        let values = self.values();
        let qname = self.value(NAME).trim().to_string();
        let space = self.value(SPACE);
        let credentials = self.credentials_mode();
        let gateway = self.gateway();
        let draft = Draft {
            form,
            values: &values,
            qname: &qname,
            space_id: Some(space.as_str()).filter(|s| !s.is_empty()),
            data_source_id: &self.source_id,
            credentials: &credentials,
            gateway: gateway.as_deref(),
        };
        Some(f(&draft))
    }

    /// The name typed into the "reuse existing credentials" row.
    pub fn existing_name(&self) -> String {
        self.value(EXISTING).trim().to_string()
    }
}

fn gateway_row() -> Row {
    Row {
        key: GATEWAY.into(),
        label: "Gateway".into(),
        help: Some(
            "gatewayInstance: the Direct Access gateway that reaches the source; the tenant's \
             default is preselected."
                .into(),
        ),
        required: true,
        credential: false,
        json: None,
        input: Input::Choice {
            value: String::new(),
            options: Options::Gateways,
        },
    }
}

fn credentials_rows() -> Vec<Row> {
    vec![
        Row {
            key: CREDENTIALS.into(),
            label: "Credentials".into(),
            help: Some(
                "Embedded: stored with the connection and shared by its users. Separated: \
                 each user brings their own; new ones get a name, existing ones are found by \
                 name."
                    .into(),
            ),
            required: false,
            credential: false,
            json: None,
            input: Input::Choice {
                value: EMBEDDED.into(),
                options: Options::Fixed(vec![
                    Choice::new("embedded in the connection", EMBEDDED),
                    Choice::new("separated, new credentials", SEPARATE_NEW),
                    Choice::new("separated, reuse existing credentials", SEPARATE_EXISTING),
                ]),
            },
        },
        credentials_name_row(),
        Row {
            key: EXISTING.into(),
            label: "Existing credentials".into(),
            help: Some(
                "Type the name of existing credentials; they are looked up by name \
                 (byCredentialName=true) and their id is sent as selectedCredentials."
                    .into(),
            ),
            required: true,
            credential: false,
            json: None,
            input: Input::text("", false, false, None),
        },
    ]
}

/// The name of new separated credentials (create and edit alike).
pub fn credentials_name_row() -> Row {
    Row {
        key: CREDENTIALS_NAME.into(),
        label: "Credentials name".into(),
        help: Some("credentialsName: the name of the new separated credentials.".into()),
        required: true,
        credential: false,
        json: None,
        input: Input::text("", false, false, None),
    }
}
