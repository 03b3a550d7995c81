//! How the connection form changes: opening it (create or edit), editing its rows, pickers,
//! validation, submitting once, the interactive OAuth handoff, and the results coming back.
//! `update` hands over every intent, key and result that belongs to the form's contexts or
//! slots; nothing here does I/O.

use std::time::Duration;

use ratatui_textarea::{Input as KeyInput, Key as TextKey};

use crate::api::models::{Connection, DataSource};
use crate::api::Error;
use crate::app::lost::answer_lost;
use crate::schema::{FieldError, Form};

use super::lists::connections_changed;
use super::tasks::{cancel, start};
use crate::app::action::{Action, Payload};
use crate::app::effect::{Body, Effect, Fetch, Slot, Ticket};
use crate::app::form::{
    self, Choice, FormState, Input, Lookup, Options, Picker, Purpose, Row, CREDENTIALS, EXISTING,
    GATEWAY, NAME, SPACE,
};
use crate::app::keymap::{Context, Intent};
use crate::app::reply::AuthAnswer;
use crate::app::rows;
use crate::app::state::{App, Layer, Level, Pane, Remote, Status};

/// How long typing in the existing-credentials name must rest before it is looked up.
const LOOKUP_DEBOUNCE: Duration = Duration::from_millis(300);

/// Rows a page key moves in a picker.
const PICKER_PAGE: isize = 10;

/// The slots whose results are the form's.
pub(super) fn owns(slot: Slot) -> bool {
    matches!(slot, Slot::Form | Slot::FormCredential | Slot::Submit)
}

/// The list slots the form and the source picker need (spaces, gateways, sources).
pub(super) fn needed(app: &App) -> Vec<Slot> {
    let mut v = Vec::new();
    if app.layers.any(|l| matches!(l, Layer::SourcePicker(_))) {
        v.push(Slot::Sources);
    }
    if let Some(f) = app.layers.form() {
        if f.row(SPACE).is_some() {
            v.push(Slot::Spaces);
        }
        if f.row(EXISTING)
            .is_some_and(|r| matches!(r.input, Input::Choice { .. }))
        {
            v.push(Slot::Orphans);
        }
        if f.row(GATEWAY).is_some() {
            v.extend([Slot::Sources, Slot::Gateways]);
        }
    }
    v
}

// ---------------------------------------------------------------------------------------------
// the ways in, from the lists

/// `c` and `e` on a list: the form (or, on Connections, the source picker first).
pub(super) fn list_intent(app: &mut App, intent: Intent, fx: &mut Vec<Effect>) {
    match (app.context(), intent) {
        (Context::List(Pane::Sources), Intent::Create) => {
            match app.current().selected_row().map(|r| r.id.clone()) {
                Some(id) => open_create(app, &id, fx),
                None => app.say(Level::Warn, "no data source selected"),
            }
        }
        (Context::List(Pane::Connections), Intent::Create) => open_source_picker(app),
        (Context::List(Pane::Connections), Intent::Edit) => {
            match app.current().selected_row().map(|r| r.id.clone()) {
                Some(id) => open_edit(app, &id, fx),
                None => app.say(Level::Warn, "no connection selected"),
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// the layers of the form: each takes what the admin does while it is on top

/// [`Layer::Form`]: the form's keys, its editing keys and pasted text.
pub(super) fn on_form(app: &mut App, action: Action, fx: &mut Vec<Effect>) {
    match action {
        Action::Intent(i) => form_intent(app, i, fx),
        Action::Edit(input) => edit_form(app, input, fx),
        Action::Paste(text) => paste_into_row(app, &text, fx),
        _ => {}
    }
}

/// [`Layer::Picker`] and [`Layer::SourcePicker`]: moving, filtering, picking.
pub(super) fn on_picker(app: &mut App, action: Action, fx: &mut Vec<Effect>) {
    match action {
        Action::Intent(i) => picker_intent(app, i, fx),
        Action::Type(c) => filter_picker(app, &c.to_string()),
        Action::Paste(text) => filter_picker(app, &one_line(&text)),
        _ => {}
    }
}

/// [`Layer::Preview`]: scrolling, copying the curl command; any other key goes back to the
/// form.
pub(super) fn on_preview(app: &mut App, action: Action, fx: &mut Vec<Effect>) {
    let Action::Intent(i) = action else { return };
    if i == Intent::CopyId {
        return copy_curl(app, fx);
    }
    // a scroll stops where the last page fills the popup
    let last = app.frame.preview_last_page();
    if let Some(Layer::Preview { scroll }) = app.layers.top_mut() {
        match i {
            Intent::Down => *scroll = (*scroll + 1).min(last),
            Intent::Up => *scroll = scroll.saturating_sub(1),
            Intent::PageDown => *scroll = (*scroll + 10).min(last),
            Intent::PageUp => *scroll = scroll.saturating_sub(10),
            _ => app.layers.close_form_popup(),
        }
    }
}

/// `y` in the request preview: the curl command as the preview shows it, secrets masked and
/// the key left to `$QLIK_API_KEY`, so what reaches the clipboard holds no secret either.
fn copy_curl(app: &mut App, fx: &mut Vec<Effect>) {
    let base = crate::app::form::base_url(&app.tenant.host);
    match app.layers.form().and_then(|f| f.preview_curl(&base)) {
        Some(text) => {
            let what = "the curl command".to_string();
            app.say(Level::Info, crate::app::feedback::copy_sent(&what));
            fx.push(Effect::Copy { text, what });
        }
        None => app.say(
            Level::Warn,
            "nothing to copy: the request cannot be built yet",
        ),
    }
}

/// [`Layer::ConfirmDiscard`]: only its yes goes ahead.
pub(super) fn on_confirm(app: &mut App, action: Action, fx: &mut Vec<Effect>) {
    let Action::Intent(i) = action else { return };
    match (app.context(), i) {
        (Context::ConfirmDiscard, Intent::Discard) => close_form(app, fx),
        _ => app.layers.close_form_popup(),
    }
}

/// [`Layer::OAuth`]: the URL's keys, the code's editing keys and a pasted code.
pub(super) fn on_oauth(app: &mut App, action: Action, fx: &mut Vec<Effect>) {
    match action {
        Action::Intent(i) => oauth_intent(app, i, fx),
        Action::Edit(input) => {
            if let Some(p) = app.layers.oauth_mut() {
                p.code.edit(input);
            }
        }
        Action::Paste(text) => {
            if let Some(p) = app.layers.oauth_mut() {
                p.code.insert_str(&one_line(&text));
                p.error = None;
            }
        }
        _ => {}
    }
}

/// [`Layer::Created`]: copy the id, or close.
pub(super) fn on_created(app: &mut App, action: Action, fx: &mut Vec<Effect>) {
    let Action::Intent(i) = action else { return };
    let Some(Layer::Created { connection, .. }) = app.layers.top() else {
        return;
    };
    if i == Intent::CopyId {
        let id = connection.id().to_string();
        app.say(
            Level::Info,
            crate::app::feedback::copy_sent(&format!("connection id {id}")),
        );
        fx.push(Effect::Copy {
            text: id,
            what: "connection id".into(),
        });
    } else {
        app.layers.pop();
    }
}

/// Pasted text for a one-line input: its line breaks dropped, trimmed.
fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], "").trim().to_string()
}

fn form_intent(app: &mut App, intent: Intent, fx: &mut Vec<Effect>) {
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    match intent {
        Intent::FormNext => f.cycle_focus(1),
        Intent::FormPrev => f.cycle_focus(-1),
        Intent::FormReveal => {
            if let Some(Input::Text {
                secret: true,
                revealed,
                ..
            }) = f.focused_mut().map(|r| &mut r.input)
            {
                *revealed = !*revealed;
            }
        }
        Intent::FormJsonMode => match f.focused_mut() {
            Some(Row {
                json: Some(on),
                input: Input::Text { text, .. },
                ..
            }) => {
                *on = !*on;
                text.set_multiline(*on);
                f.dirty = true;
            }
            _ => app.say(
                Level::Info,
                "Ctrl-T switches untyped fields between text and JSON",
            ),
        },
        Intent::FormEnter => enter(app),
        Intent::FormPreview => {
            if f.form().is_some() {
                app.layers.open_over_form(Layer::Preview { scroll: 0 });
            } else {
                app.say(Level::Warn, "the form is still loading");
            }
        }
        Intent::FormSubmit => submit(app, fx),
        Intent::Back => {
            if f.submitting {
                app.say(
                    Level::Warn,
                    "a request is in flight: wait for the tenant's answer",
                );
            } else if f.dirty {
                app.layers.open_over_form(Layer::ConfirmDiscard);
            } else {
                close_form(app, fx);
            }
        }
        _ => {}
    }
}

/// Enter on the focused row: toggle, choose, newline in JSON, or go on to the next field.
fn enter(app: &mut App) {
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    let Some(row) = f.rows.get_mut(f.focus) else {
        return;
    };
    match &mut row.input {
        Input::Toggle(b) => {
            *b = !*b;
            f.dirty = true;
        }
        Input::Choice { .. } => open_choice(app, None),
        Input::Text { text, .. } if text.is_multiline() => {
            text.insert_newline();
            f.dirty = true;
        }
        Input::Text { .. } => f.move_focus(1),
    }
}

/// Opens the picker of the focused choice row, optionally with a first filter character.
fn open_choice(app: &mut App, filter: Option<String>) {
    let Some(f) = app.layers.form() else {
        return;
    };
    let Some(row) = f.focused() else {
        return;
    };
    let Input::Choice {
        value,
        options: opts,
    } = &row.input
    else {
        return;
    };
    let items = opts.choices(&app.data, &f.source_id);
    if items.is_empty() {
        let what = match opts {
            Options::Spaces => "spaces are still loading",
            Options::Gateways => "no gateway is known for this source (yet)",
            Options::Fixed(_) => "nothing to choose",
            Options::Users => "no user is known yet",
            Options::Credentials { .. } => {
                "no separated credentials of this source are known (o on Credentials lists orphans)"
            }
        };
        app.say(Level::Warn, what);
        return;
    }
    let mut picker = Picker::new(row.label.clone(), items, value);
    if let Some(filter) = filter {
        picker.set_filter(filter);
    }
    let row = row.key.clone();
    app.layers.open_over_form(Layer::Picker { row, picker });
}

/// The picker on top: the form's choice list or the source picker.
fn top_picker(app: &mut App) -> Option<&mut Picker> {
    match app.layers.top_mut() {
        Some(Layer::Picker { picker, .. } | Layer::SourcePicker(picker)) => Some(picker),
        _ => None,
    }
}

fn picker_intent(app: &mut App, intent: Intent, fx: &mut Vec<Effect>) {
    let in_form = matches!(app.layers.top(), Some(Layer::Picker { .. }));
    let Some(picker) = top_picker(app) else {
        return;
    };
    match intent {
        Intent::Down => picker.move_by(1),
        Intent::Up => picker.move_by(-1),
        Intent::PageDown => picker.move_by(PICKER_PAGE),
        Intent::PageUp => picker.move_by(-PICKER_PAGE),
        Intent::PromptBackspace => picker.backspace(),
        // as in a browser form: Tab leaves an open list with the field's value as it was and
        // moves on (the source picker has no fields to move to: Tab does nothing there)
        Intent::FormNext | Intent::FormPrev => {
            if in_form {
                app.layers.pop();
                if let Some(f) = app.layers.form_mut() {
                    f.cycle_focus(if intent == Intent::FormNext { 1 } else { -1 });
                }
            }
        }
        Intent::Pick => {
            let chosen = picker.chosen().map(|c| c.value.clone());
            if in_form {
                if let Some(value) = chosen {
                    pick(app, value);
                }
            } else if let Some(id) = chosen {
                app.layers.pop();
                open_create(app, &id, fx);
            }
        }
        _ => {
            app.layers.pop();
        }
    }
}

/// Sets the value picked for the row the picker belongs to.
fn pick(app: &mut App, value: String) {
    let Some(Layer::Picker { row, .. }) = app.layers.pop() else {
        return;
    };
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    if let Some(Input::Choice { value: v, .. }) = f.row_mut(&row).map(|r| &mut r.input) {
        if *v != value {
            *v = value;
            f.dirty = true;
        }
    }
    f.errors.remove(&row);
    if row == CREDENTIALS {
        // the separated-credentials rows appear or go: keep the focus on the mode row
        f.errors.remove(EXISTING);
        f.errors.remove(form::CREDENTIALS_NAME);
    }
}

/// Typed characters: the picker's filter.
fn filter_picker(app: &mut App, text: &str) {
    if let Some(picker) = top_picker(app) {
        picker.type_text(text);
    }
}

// ---------------------------------------------------------------------------------------------
// editing text

fn edit_form(app: &mut App, input: KeyInput, fx: &mut Vec<Effect>) {
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    let Some(row) = f.rows.get_mut(f.focus) else {
        return;
    };
    let key = row.key.clone();
    let vertical = match input.key {
        TextKey::Down => Some(1),
        TextKey::Up => Some(-1),
        _ => None,
    };
    let changed = match &mut row.input {
        // ↑/↓ leave a one-line field for the one above or below
        Input::Text { text, .. } if !text.is_multiline() && vertical.is_some() => {
            f.move_focus(vertical.unwrap_or_default());
            return;
        }
        Input::Text { text, .. } => text.edit(input),
        Input::Toggle(b) => {
            if let Some(d) = vertical {
                f.move_focus(d);
                return;
            }
            if input.key == TextKey::Char(' ') {
                *b = !*b;
                true
            } else {
                false
            }
        }
        Input::Choice { .. } => {
            if let Some(d) = vertical {
                f.move_focus(d);
            } else if let TextKey::Char(c) = input.key {
                // typing on a choice opens its list, filtered by what was typed
                if c == ' ' {
                    open_choice(app, None);
                } else if !input.ctrl && !input.alt {
                    open_choice(app, Some(c.to_string()));
                }
            }
            return;
        }
    };
    if changed {
        text_changed(app, &key, fx);
    }
}

/// After the text of `key` changed: the form is edited, its error is stale, and the
/// existing-credentials name is looked up again.
fn text_changed(app: &mut App, key: &str, fx: &mut Vec<Effect>) {
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    f.dirty = true;
    f.errors.remove(key);
    // a submit waiting for a lookup was for the text as it was
    f.submit_after_lookup = false;
    if key == EXISTING {
        let name = f.existing_name();
        if name.is_empty() {
            f.lookup = Lookup::Idle;
            cancel(app, Slot::FormCredential, fx);
        } else {
            f.lookup = Lookup::Searching(name.clone());
            start(
                app,
                Slot::FormCredential,
                Fetch::CredentialByName(name.into()),
                Some(LOOKUP_DEBOUNCE),
                fx,
            );
        }
    }
}

/// Pasted text arrives whole into the focused text input: one line unless it is JSON.
fn paste_into_row(app: &mut App, text: &str, fx: &mut Vec<Effect>) {
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    let Some(row) = f.rows.get_mut(f.focus) else {
        return;
    };
    let key = row.key.clone();
    if let Input::Text { text: input, .. } = &mut row.input {
        // a one-line field takes a pasted line trimmed, without its line break
        if input.is_multiline() {
            input.insert_str(text);
        } else {
            input.insert_str(&one_line(text));
        }
        text_changed(app, &key, fx);
    }
}

// ---------------------------------------------------------------------------------------------
// opening and closing

fn source_label(s: &DataSource) -> String {
    format!("{} ({})", s.display_name(), s.data_source_id)
}

fn open_source_picker(app: &mut App) {
    let items = app.data.sources.items.iter().map(source_choice).collect();
    let picker = Picker::new("Create a connection to", items, "");
    app.layers.push(Layer::SourcePicker(picker));
}

fn source_choice(s: &DataSource) -> Choice {
    Choice::new(source_label(s), s.data_source_id.clone())
}

/// Opens the create form for `source_id`; its api-specs come from the cache or the tenant.
fn open_create(app: &mut App, source_id: &str, fx: &mut Vec<Effect>) {
    let source_name = app.source_name(source_id);
    let mut f = FormState::new(Purpose::Create, source_id, &source_name, "");
    match app.data.api_specs.get(source_id) {
        Some(Remote::Loaded(specs)) => {
            let form = Form::from_model(specs);
            let values = form.initial_values();
            f.set_form(form, &values);
        }
        _ => start(
            app,
            Slot::Form,
            Fetch::ApiSpecs(source_id.to_string()),
            None,
            fx,
        ),
    }
    app.layers.push(Layer::Form(Box::new(f)));
}

/// Opens the form for an existing connection; it is filled when the connection (with its
/// parsed properties) and its source's api-specs are in.
fn open_edit(app: &mut App, id: &str, fx: &mut Vec<Effect>) {
    let listed = app.data.connections.items.iter().find(|c| c.id() == id);
    if listed.is_some_and(|c| c.is_datafiles() || c.datasource_id.is_none()) {
        app.say(
            Level::Warn,
            "this connection has no data source api-specs (DataFiles): nothing to edit here",
        );
        return;
    }
    let name = listed.map(|c| c.q_name.clone()).unwrap_or_default();
    let purpose = Purpose::Edit {
        connection_id: id.to_string(),
        old_name: name.clone(),
        properties: Default::default(),
        before: Default::default(),
        original: Default::default(),
    };
    let form = FormState::new(purpose, "", "", &name);
    app.layers.push(Layer::Form(Box::new(form)));
    start(app, Slot::Form, Fetch::EditSource(id.to_string()), None, fx);
}

fn close_form(app: &mut App, fx: &mut Vec<Effect>) {
    app.layers.close_form(None);
    cancel(app, Slot::Form, fx);
    cancel(app, Slot::FormCredential, fx);
    cancel(app, Slot::Submit, fx);
}

// ---------------------------------------------------------------------------------------------
// submitting

/// "Connection name is required; Bucket name is required" and the errors beside their rows.
pub(super) fn show_errors(app: &mut App, errors: &[FieldError]) {
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    f.errors = errors
        .iter()
        .map(|e| (row_key_of(f, &e.field), e.message.clone()))
        .collect();
    if let Some(first) = errors.first() {
        let key = row_key_of(f, &first.field);
        f.focus_row(&key);
    }
    let all: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    app.say(Level::Error, format!("not sent: {}", all.join("; ")));
}

/// The row an error about `field` is shown beside.
fn row_key_of(f: &FormState, field: &str) -> String {
    match field {
        "separateCredentials" | "credentialsName" | "selectedCredentials" => {
            if f.row(field).is_some() {
                field.to_string()
            } else {
                CREDENTIALS.to_string()
            }
        }
        other if f.row(other).is_some() => other.to_string(),
        _ => NAME.to_string(),
    }
}

/// Whether the form can be sent now; says why not (in flight, failed to load, loading).
pub(super) fn ready_to_submit(app: &mut App) -> bool {
    let Some(f) = app.layers.form() else {
        return false;
    };
    if f.submitting {
        app.say(Level::Warn, "already sent: waiting for the tenant's answer");
        return false;
    }
    if let Remote::Failed(e) = &f.spec {
        // nothing to send without the api-specs; opening the form again asks for them again
        let said = format!(
            "nothing sent: the form could not be loaded ({e}); Esc closes it, opening it again \
             asks the tenant again"
        );
        app.say(Level::Warn, said);
        return false;
    }
    if f.form().is_none() {
        app.say(Level::Warn, "the form is still loading");
        return false;
    }
    true
}

/// A create's submit; an edit's Ctrl-S is `update::edit`'s (never a create).
fn submit(app: &mut App, fx: &mut Vec<Effect>) {
    if app.layers.form().is_none_or(|f| f.is_edit()) || !ready_to_submit(app) {
        return;
    }
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    if let Lookup::Searching(name) = &f.lookup {
        // the admin typed the name and pressed Ctrl-S at once: ask now (no debounce) and send
        // when the credential is found, instead of refusing
        let name = name.clone();
        f.submit_after_lookup = true;
        start(
            app,
            Slot::FormCredential,
            Fetch::CredentialByName(name.as_str().into()),
            None,
            fx,
        );
        app.say(
            Level::Info,
            format!("looking up the credentials {name}: the request goes out once they are found"),
        );
        return;
    }
    f.errors.clear();
    let interactive = f.with_draft(|d| d.is_interactive()).unwrap_or(false);
    let fetch = if interactive {
        f.with_draft(|d| d.auth_url_body())
            .map(|r| r.map(|b| Fetch::CreateInteractive(Body(Box::new(b)))))
    } else {
        // after a lost answer `lost::on_form` takes Ctrl-S: the name is looked up first
        f.with_draft(|d| d.create_body())
            .map(|r| r.map(|b| Fetch::Create(Body(Box::new(b)))))
    };
    match fetch {
        Some(Ok(fetch)) => {
            f.submitting = true;
            if interactive {
                app.layers.open_over_form(Layer::OAuth(Box::default()));
            }
            start(app, Slot::Submit, fetch, None, fx);
        }
        Some(Err(errors)) => show_errors(app, &errors),
        None => {}
    }
}

// ---------------------------------------------------------------------------------------------
// the OAuth popup

fn oauth_intent(app: &mut App, intent: Intent, fx: &mut Vec<Effect>) {
    let Some(p) = app.layers.oauth_mut() else {
        return;
    };
    match intent {
        Intent::AuthSend => {
            if p.sending || p.reply.is_none() {
                return;
            }
            let code = p.code_text();
            if code.is_empty() {
                p.error = Some("Paste the code from the browser first.".into());
                return;
            }
            if let Some(reply) = p.reply.take() {
                p.sending = true;
                p.error = None;
                fx.push(Effect::Answer {
                    reply,
                    answer: AuthAnswer::Code(code),
                });
            }
        }
        Intent::AuthCopyUrl => {
            if let Some(url) = p.url.clone() {
                app.say(
                    Level::Info,
                    crate::app::feedback::copy_sent("the authorization URL"),
                );
                fx.push(Effect::Copy {
                    text: url,
                    what: "authorization URL".into(),
                });
            }
        }
        Intent::AuthOpenUrl => {
            if let Some(url) = p.url.clone() {
                fx.push(Effect::OpenUrl(url));
            }
        }
        Intent::AuthPrintUrl => {
            if let Some(url) = p.url.clone() {
                fx.push(Effect::PrintUrl(url));
            }
        }
        Intent::AuthNewUrl => {
            if let Some(reply) = p.reply.take() {
                p.url = None;
                p.error = None;
                p.code = Default::default();
                fx.push(Effect::Answer {
                    reply,
                    answer: AuthAnswer::NewUrl,
                });
            }
        }
        Intent::Back => {
            if p.sending {
                app.say(
                    Level::Warn,
                    "the code is on its way: wait for the tenant's answer",
                );
                return;
            }
            // dropping the popup drops the reply: the task stops waiting and ends
            app.layers.close(|l| matches!(l, Layer::OAuth(_)));
            if let Some(f) = app.layers.form_mut() {
                f.submitting = false;
            }
            cancel(app, Slot::Submit, fx);
            let nothing = match app.layers.form().is_some_and(|f| f.is_edit()) {
                true => "nothing was sent",
                false => "nothing was created",
            };
            app.say(Level::Info, format!("authorization cancelled: {nothing}"));
        }
        _ => {}
    }
}

/// What the runtime said (a browser that did or did not open) also shows in the popup.
pub(super) fn on_report(app: &mut App, text: &str) {
    if let Some(p) = app.layers.oauth_mut() {
        p.note = Some(text.to_string());
    }
}

// ---------------------------------------------------------------------------------------------
// results

/// The tenant's own words: the detail of its first error, else the one-line summary.
fn tenant_message(e: &Error) -> String {
    e.first()
        .and_then(|i| i.detail.clone().or_else(|| i.title.clone()))
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| e.summary())
}

/// The row a tenant error belongs beside: the name on a conflict or when it names the name,
/// the property it names, else the name (the head of the form).
fn row_for_error(f: &FormState, e: &Error) -> String {
    if e.is_status(409) {
        return NAME.into();
    }
    let text = format!(
        "{} {}",
        tenant_message(e),
        e.first()
            .and_then(|i| i.meta.as_ref())
            .map(|m| m.to_string())
            .unwrap_or_default()
    );
    let visible: Vec<&str> = f
        .visible()
        .into_iter()
        .map(|i| f.rows[i].key.as_str())
        .filter(|k| *k != NAME && *k != SPACE)
        .collect();
    crate::schema::property_named_in(&text, visible)
        .unwrap_or(NAME)
        .to_string()
}

/// The popup's words after a code whose answer was lost. The OAuth task has already looked the
/// name up (found, the result would have shown instead) and looks again before the next code
/// goes out whenever that lookup could not tell.
fn lost_code_words(name: &str) -> String {
    format!(
        "the connection dropped before the tenant answered: it may have created {name}. \
         {name} is looked up before another code is sent, so it is never created twice; \
         paste a new code (a used code does not work twice)"
    )
}

pub(super) fn fail_submit(app: &mut App, e: &Error) {
    // an interactive create's popup goes with its task
    let interactive = app.layers.close(|l| matches!(l, Layer::OAuth(_))).is_some();
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    f.submitting = false;
    if !interactive && !f.is_edit() && answer_lost(e) {
        // the plain words go beside the name and in the footer; the technical cause (reqwest's
        // text) only to :messages
        f.lost = crate::app::lost::LostCreate::after(e);
        let name = f.value(NAME).trim().to_string();
        let plain = format!(
            "the tenant may have created {name} {}; \
             Ctrl-S looks it up first (more than once, over {} s) and creates it only if it is \
             not there and you say so",
            crate::app::lost::how_lost(e),
            crate::app::lost::secs(f.lost.window().unwrap_or_default())
        );
        f.errors.insert(NAME.into(), plain.clone());
        f.focus_row(NAME);
        app.say(Level::Error, e.summary());
        app.say(Level::Warn, plain);
        return;
    }
    let key = row_for_error(f, e);
    f.errors.insert(key.clone(), tenant_message(e));
    f.focus_row(&key);
    app.say(Level::Error, e.summary());
}

pub(super) fn on_loaded(app: &mut App, ticket: Ticket, payload: Payload, fx: &mut Vec<Effect>) {
    // the OAuth task asks more than once on one ticket; everything else is its last word
    if !matches!(payload, Payload::AuthCodeWanted { .. }) {
        app.inflight.remove(&ticket.slot);
    }
    match payload {
        Payload::ApiSpecs(id, r) => {
            let form = r.as_ref().map(Form::from_model);
            app.data.api_specs.insert(
                id.clone(),
                match &r {
                    Ok(specs) => Remote::Loaded(specs.clone()),
                    Err(e) => Remote::Failed(e.summary()),
                },
            );
            if let Some(f) = app.layers.form_mut().filter(|f| f.source_id == id) {
                match form {
                    Ok(form) => {
                        let values = form.initial_values();
                        f.set_form(form, &values);
                    }
                    Err(e) => {
                        f.spec = Remote::Failed(e.summary());
                        app.say(Level::Error, e.summary());
                    }
                }
            }
        }
        Payload::CredentialNamed(name, r) => {
            let Some(f) = app.layers.form_mut() else {
                return;
            };
            if f.existing_name() != name.as_str() {
                return;
            }
            f.lookup = match r {
                Ok(c) => Lookup::Found(Box::new(c)),
                Err(e) => Lookup::Missing(tenant_message(&e)),
            };
            f.errors.remove(EXISTING);
            if std::mem::take(&mut f.submit_after_lookup) {
                match &f.lookup {
                    Lookup::Found(_) => submit(app, fx),
                    Lookup::Missing(why) => {
                        let why = format!("nothing sent: no credentials named {name} ({why})");
                        f.errors.insert(EXISTING.into(), why.clone());
                        f.focus_row(EXISTING);
                        app.say(Level::Error, why);
                    }
                    _ => {}
                }
            }
        }
        Payload::AuthCodeWanted { url, error, reply } => {
            app.create.last_auth_url = Some(url.clone());
            let Some(f) = app.layers.form_mut() else {
                return;
            };
            let name = f.value(NAME).trim().to_string();
            if app.layers.oauth().is_none() {
                app.layers.open_over_form(Layer::OAuth(Box::default()));
            }
            if let Some(p) = app.layers.oauth_mut() {
                p.url = Some(url);
                p.reply = Some(reply);
                p.sending = false;
                if let Some(e) = &error {
                    // a used or wrong code is worthless: clear it for the next paste
                    p.code = Default::default();
                    p.error = Some(match answer_lost(e) {
                        true => lost_code_words(&name),
                        false => tenant_message(e),
                    });
                }
            }
            if let Some(e) = error {
                app.say(Level::Error, e.summary());
                if answer_lost(&e) {
                    app.say(Level::Warn, lost_code_words(&name));
                }
            }
        }
        Payload::Created(Ok(conn)) => {
            app.create.last_auth_url = None;
            app.say(
                Level::Info,
                format!("created connection {} ({})", conn.q_name, conn.id()),
            );
            show_connection(app, conn, true);
        }
        Payload::Created(Err(e)) => fail_submit(app, &e),
        Payload::CreatedEarlier(conn) => {
            app.create.last_auth_url = None;
            app.say(
                Level::Info,
                format!(
                    "found {} ({}): the earlier create had gone through; nothing was sent again",
                    conn.q_name,
                    conn.id()
                ),
            );
            show_connection(app, conn, true);
        }
        _ => {}
    }
}

/// Puts the connection into the Connections list (new, or replacing its row), selects it
/// there, and shows it in the result popup. No reload: a list not loaded yet will load it.
pub(super) fn show_connection(app: &mut App, conn: Connection, new: bool) {
    let id = conn.id().to_string();
    // a list scoped to one space (`:connections Sales`) shows only that space's connections
    let elsewhere = match &app.space_scope {
        Some(scope) if new && conn.space.as_deref().unwrap_or("") != scope.id => {
            Some(scope.name.clone())
        }
        _ => None,
    };
    let d = &mut app.data;
    d.connection_details
        .insert(id.clone(), Remote::Loaded(conn.clone()));
    if let Some(listed) = elsewhere {
        let place = space_label(app, conn.space.as_deref());
        app.say(
            Level::Info,
            format!("created in {place}; the list shows {listed} (:connections shows all)"),
        );
        app.pane = Pane::Connections;
        app.layers.set_detail_focused(false);
        app.layers.close_form(Some(Layer::Created {
            connection: conn,
            edit: false,
        }));
        return;
    }
    // a walk paused mid-way (the pane was left) resumes from its next page and would show the
    // new row only if it is on a page not loaded yet: add it now (pages drop ids already listed)
    let walk_paused = d.connections_next.is_some() && !d.connections.items.is_empty();
    if d.connections.status == Status::Loaded || walk_paused || !new {
        match d.connections.items.iter_mut().find(|c| c.id() == id) {
            Some(existing) => *existing = conn.clone().into(),
            None if new => d.connections.items.push(conn.clone().into()),
            None => {}
        }
        connections_changed(app);
    }
    app.pane = Pane::Connections;
    app.layers.set_detail_focused(false);
    app.create.select_after = Some(id);
    // the result takes the form's place
    app.layers.close_form(Some(Layer::Created {
        connection: conn,
        edit: !new,
    }));
    select_pending(app);
}

/// "Personal space" or the space's name (its id while the spaces are not loaded).
fn space_label(app: &App, space_id: Option<&str>) -> String {
    match space_id.filter(|s| !s.is_empty()) {
        None => "Personal space".into(),
        Some(id) => app
            .data
            .spaces
            .items
            .iter()
            .find(|s| s.id == id)
            .map(|s| format!("space {}", s.name))
            .unwrap_or_else(|| format!("space {id}")),
    }
}

/// Selects the connection a create or edit asked for, once its row is in the list.
fn select_pending(app: &mut App) {
    let Some(id) = app.create.select_after.clone() else {
        return;
    };
    let h = app.list_height();
    let list = app.list_mut(Pane::Connections);
    let mut pos = list.view.iter().position(|&i| list.rows[i].id == id);
    if pos.is_none() && list.rows.iter().any(|r| r.id == id) && !list.filter.is_empty() {
        // the filter hides it: clear the filter rather than select something else
        let old = std::mem::take(&mut list.filter);
        rows::refilter(list, &old);
        pos = list.view.iter().position(|&i| list.rows[i].id == id);
    }
    if let Some(pos) = pos {
        list.selected = pos;
        rows::follow_selection(list, h);
        app.create.select_after = None;
    }
}

/// After every action: the gateway default is preselected once gateways arrive, the source
/// picker fills once sources arrive, and a created connection is selected once listed.
pub(super) fn after(app: &mut App) {
    if let Some(p) = app.layers.find_mut(|l| match l {
        Layer::SourcePicker(p) => Some(p),
        _ => None,
    }) {
        if p.items.is_empty() && !app.data.sources.items.is_empty() {
            let items = app.data.sources.items.iter().map(source_choice).collect();
            *p = Picker::new(p.title.clone(), items, "");
        }
    }
    if let Some(f) = app.layers.form_mut() {
        let source_id = f.source_id.clone();
        if let Some(Input::Choice { value, .. }) = f.row_mut(GATEWAY).map(|r| &mut r.input) {
            if value.is_empty() {
                let mine = app
                    .data
                    .gateways
                    .items
                    .iter()
                    .filter(|g| g.source_id == source_id);
                let default = mine
                    .clone()
                    .find(|g| g.gateway.default)
                    .or_else(|| mine.clone().next());
                if let Some(g) = default {
                    *value = g.gateway.id.clone();
                }
            }
        }
    }
    if app.create.select_after.is_some() {
        select_pending(app);
    }
}

#[cfg(test)]
#[path = "create_tests.rs"]
pub(super) mod tests;
