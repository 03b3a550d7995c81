//! The first-run screen: shown instead of the explorer when there is no tenant to open (no
//! config yet) or the config file cannot be read. It offers the demo tenant, and a small form
//! that adds a real tenant the way `qdc profile add` does (same checks, from `config`).

use std::collections::BTreeMap;

use crossterm::event::KeyEvent;

use super::keymap::{Context, Intent, KeyMeaning, Keymap};
use super::text_input::{TextEdit, TextInput};
use crate::config::{self, AuthKind, ConfigFile, Profile};

/// What the screen explains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Welcome {
    /// Why the config could not be used (with line and column), `None` on a plain first run.
    pub problem: Option<String>,
    /// Where qdc looks for its config file.
    pub config_path: Option<String>,
    /// qlik-cli's contexts, when its contexts file holds any: offered as `i`.
    pub import: Option<ImportOffer>,
}

/// What importing qlik-cli's contexts would do, shown before the user says yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOffer {
    /// The contexts file.
    pub path: String,
    /// A line per profile it would add (`config::qlik_cli::Import::summary`).
    pub imports: Vec<String>,
    /// The contexts it would leave out (`--dry-run` says why).
    pub skipped: Vec<String>,
    /// The profile that would become the default.
    pub new_default: Option<String>,
}

/// What the user picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Demo,
    AddTenant,
    /// Import qlik-cli's contexts (only when offered) and open the default one.
    Import,
    Quit,
}

/// The command that adds a tenant; the secret is read hidden, never from the command line.
pub const ADD_PROFILE: &str = "qdc profile add NAME --server https://TENANT.REGION.qlikcloud.com";

/// The screen's choices, in the order its hint line shows them, and the intent of each: the
/// keys are the keymap's ([`Context::FirstRun`]), so the hints name what `[keys]` bound.
pub const CHOICES: &[(Intent, &str, Choice)] = &[
    (Intent::FirstRunDemo, "demo tenant", Choice::Demo),
    (Intent::FirstRunAddTenant, "add a tenant", Choice::AddTenant),
    (
        Intent::FirstRunImport,
        "import qlik-cli contexts",
        Choice::Import,
    ),
    (Intent::Quit, "quit", Choice::Quit),
];

impl Welcome {
    /// The choices this screen offers: importing only when there is something to import.
    pub fn choices(&self) -> impl Iterator<Item = &'static (Intent, &'static str, Choice)> + '_ {
        CHOICES
            .iter()
            .filter(|(_, _, choice)| *choice != Choice::Import || self.offers_import())
    }

    /// Whether `i` imports something.
    pub fn offers_import(&self) -> bool {
        self.import
            .as_ref()
            .is_some_and(|offer| !offer.imports.is_empty())
    }

    /// The choice a key press makes, if any. Ctrl-C quits as everywhere.
    pub fn choice_for(&self, keymap: &Keymap, ev: &KeyEvent) -> Option<Choice> {
        let Some(KeyMeaning::Intent(intent)) = keymap.meaning(Context::FirstRun, ev) else {
            return None;
        };
        if intent == Intent::ForceQuit {
            return Some(Choice::Quit);
        }
        self.choices()
            .find(|(i, _, _)| *i == intent)
            .map(|(_, _, choice)| *choice)
    }
}

/// One input of the add-a-tenant form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Name,
    Server,
    Auth,
    ClientId,
    Secret,
    Description,
    ReadOnly,
}

impl Field {
    /// Every field, top to bottom.
    pub const ALL: [Field; 7] = [
        Field::Name,
        Field::Server,
        Field::Auth,
        Field::ClientId,
        Field::Secret,
        Field::Description,
        Field::ReadOnly,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "Profile name",
            Field::Server => "Server URL",
            Field::Auth => "Auth",
            Field::ClientId => "Client ID",
            Field::Secret => "Secret",
            Field::Description => "Description",
            Field::ReadOnly => "Read-only",
        }
    }

    /// The field a problem from `config` is about. A missing client id is reported against
    /// `auth` there (the file's key that asks for it); here it belongs beside the client id.
    fn of_config(field: config::new_profile::Field) -> Field {
        match field {
            "name" => Field::Name,
            "auth" | "client_id" => Field::ClientId,
            "secret" => Field::Secret,
            "description" => Field::Description,
            _ => Field::Server,
        }
    }
}

/// What a key press in the form asks of the runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormOutcome {
    /// Nothing beyond the form itself changed.
    Stay,
    /// Check the values and, when they pass, store the profile and open it.
    Submit,
    /// Back to the choice screen.
    Back,
    Quit,
}

/// The add-a-tenant form. Nothing typed is ever cleared by a failed attempt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddTenantForm {
    pub name: TextInput,
    pub server: TextInput,
    pub auth: AuthKind,
    pub client_id: TextInput,
    pub secret: TextInput,
    pub description: TextInput,
    /// Store the profile with `read_only = true`: no key that changes the tenant works.
    pub read_only: bool,
    pub focus: usize,
    /// Shown in clear only while this is set (Ctrl-R).
    pub reveal_secret: bool,
    /// Problems beside their fields, from the last attempt.
    pub errors: BTreeMap<Field, String>,
    /// A problem of the whole attempt (the keyring, the file, opening the tenant).
    pub problem: Option<String>,
}

/// A profile that passed every check, ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedProfile {
    pub name: String,
    pub profile: Profile,
    pub secret: String,
}

impl AddTenantForm {
    /// The fields on screen: the client id only for OAuth.
    pub fn visible(&self) -> Vec<Field> {
        Field::ALL
            .into_iter()
            .filter(|f| *f != Field::ClientId || self.auth == AuthKind::OauthClientCredentials)
            .collect()
    }

    /// A field's label; the secret is named for what it is under the chosen auth.
    pub fn label(&self, field: Field) -> &'static str {
        match (field, self.auth) {
            (Field::Secret, AuthKind::ApiKey) => "API key",
            (Field::Secret, AuthKind::OauthClientCredentials) => "Client secret",
            _ => field.label(),
        }
    }

    pub fn focused(&self) -> Field {
        let visible = self.visible();
        visible[self.focus.min(visible.len() - 1)]
    }

    /// The text of a text field (the auth choice has none).
    pub fn text(&self, field: Field) -> &str {
        match (self.input(field), field) {
            (Some(input), _) => input.text(),
            (None, Field::ReadOnly) if self.read_only => "yes",
            (None, Field::ReadOnly) => "no",
            (None, _) => self.auth.as_str(),
        }
    }

    /// The input of a text field (the auth choice has none).
    pub fn input(&self, field: Field) -> Option<&TextInput> {
        match field {
            Field::Name => Some(&self.name),
            Field::Server => Some(&self.server),
            Field::Auth | Field::ReadOnly => None,
            Field::ClientId => Some(&self.client_id),
            Field::Secret => Some(&self.secret),
            Field::Description => Some(&self.description),
        }
    }

    fn text_mut(&mut self, field: Field) -> Option<&mut TextInput> {
        match field {
            Field::Name => Some(&mut self.name),
            Field::Server => Some(&mut self.server),
            Field::Auth | Field::ReadOnly => None,
            Field::ClientId => Some(&mut self.client_id),
            Field::Secret => Some(&mut self.secret),
            Field::Description => Some(&mut self.description),
        }
    }

    fn move_focus(&mut self, delta: isize) {
        let len = self.visible().len() as isize;
        self.focus = (self.focus as isize + delta).rem_euclid(len) as usize;
    }

    fn toggle_auth(&mut self) {
        let focused = self.focused();
        self.auth = match self.auth {
            AuthKind::ApiKey => AuthKind::OauthClientCredentials,
            AuthKind::OauthClientCredentials => AuthKind::ApiKey,
        };
        // keep the focus on the same field when the client id row appears or goes
        self.focus = self
            .visible()
            .iter()
            .position(|f| *f == focused)
            .unwrap_or(0);
    }

    /// Applies one key press, as the keymap means it in [`Context::FirstRunForm`]: the form's
    /// keys, then the text-input keys of the focused field, then typed characters. On the
    /// auth and read-only choices Space, ← and → switch the value.
    pub fn key(&mut self, keymap: &Keymap, ev: &KeyEvent) -> FormOutcome {
        let on_choice = matches!(self.focused(), Field::Auth | Field::ReadOnly);
        match keymap.meaning(Context::FirstRunForm, ev) {
            Some(KeyMeaning::Intent(intent)) => match intent {
                Intent::ForceQuit => return FormOutcome::Quit,
                Intent::FormSubmit => return FormOutcome::Submit,
                Intent::FormReveal => self.reveal_secret = !self.reveal_secret,
                Intent::Back => return FormOutcome::Back,
                Intent::FormEnter if self.focus + 1 >= self.visible().len() => {
                    return FormOutcome::Submit
                }
                Intent::FormEnter | Intent::FormNext => self.move_focus(1),
                Intent::FormPrev => self.move_focus(-1),
                Intent::Input(TextEdit::Left | TextEdit::Right) if on_choice => self.switch(),
                Intent::Input(edit) => {
                    if let Some(text) = self.text_mut(self.focused()) {
                        text.apply(edit);
                    }
                }
                _ => {}
            },
            Some(KeyMeaning::Type(' ')) if on_choice => self.switch(),
            Some(KeyMeaning::Type(c)) => {
                if let Some(text) = self.text_mut(self.focused()) {
                    text.insert_char(c);
                }
            }
            None => {}
        }
        FormOutcome::Stay
    }

    /// Space, ← or → on a choice: the other auth kind, or read-only flipped.
    fn switch(&mut self) {
        match self.focused() {
            Field::Auth => self.toggle_auth(),
            Field::ReadOnly => self.read_only = !self.read_only,
            _ => {}
        }
    }

    /// A bracketed paste, whole, into the focused field. Line breaks are dropped: every field
    /// is one line, and a copied key often ends in one.
    pub fn paste(&mut self, pasted: &str) {
        let clean: String = pasted
            .chars()
            .filter(|c| !matches!(c, '\r' | '\n'))
            .collect();
        if let Some(text) = self.text_mut(self.focused()) {
            text.insert_str(&clean);
        }
    }

    /// Checks the values with the rules of `qdc profile add` against the config as it is.
    /// On success hands back what to store; otherwise every problem is beside its field, and
    /// the focus goes to the first of them.
    pub fn check(&mut self, existing: &ConfigFile) -> Option<CheckedProfile> {
        let client_id = self.client_id.text().trim();
        let profile = Profile {
            description: self.description.text().trim().to_string(),
            server: config::normalize_server(self.server.text()),
            auth: self.auth,
            client_id: (self.auth == AuthKind::OauthClientCredentials && !client_id.is_empty())
                .then(|| client_id.to_string()),
            read_only: self.read_only,
            ..Profile::default()
        };
        let name = self.name.text().trim().to_string();
        let mut problems = config::check_new_profile(existing, &name, &profile);
        if let Err(m) = config::check_secret(self.auth, self.secret.text()) {
            problems.push(("secret", m));
        }
        self.problem = None;
        self.errors.clear();
        for (field, message) in problems {
            self.errors
                .entry(Field::of_config(field))
                .or_insert(message);
        }
        if let Some(first) = self.errors.keys().next() {
            self.focus = self.visible().iter().position(|f| f == first).unwrap_or(0);
            return None;
        }
        Some(CheckedProfile {
            name,
            profile,
            secret: self.secret.text().trim().to_string(),
        })
    }
}

#[cfg(test)]
mod tests;
