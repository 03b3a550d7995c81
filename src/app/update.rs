//! `update(&mut App, Action) -> Vec<Effect>`: every change of state happens here, without I/O.
//!
//! An action goes by its kind, then to the layer on top of [`App::layers`](super::state::App)
//! ([`route`]); results go to their slot's owner (`loaded`, `create`, `manage`), a write's
//! answers to whoever waits for its ticket (`writes`); after every
//! action [`demand`] starts what the view needs (`demand`).

use super::action::{Action, Payload};
use super::effect::Effect;
use super::keymap::Intent;
use super::rows;
use super::state::{App, Layer, Level, Pane};
use super::switch;
use demand::demand;
pub use lists::referenced_credentials;
use loaded::on_loaded;
pub use prompt::complete;

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let mut fx = Vec::new();
    // the spinner's tick changes no view model (the ui draws the spinner itself)
    if !matches!(action, Action::Tick(_)) {
        app.views.invalidate();
    }
    match action {
        Action::Intent(intent) => {
            clear_error_flash(app);
            on_intent(app, intent, &mut fx);
        }
        Action::Type(_) => {
            clear_error_flash(app);
            route(app, action, &mut fx);
        }
        Action::Paste(_) => route(app, action, &mut fx),
        Action::Written(ticket, written) => writes::on_written(app, ticket, written),
        Action::WriteEnded(ticket) => writes::on_ended(app, ticket),
        Action::Copy(event) => {
            if copy::on_event(app, event) && app.pane == Pane::Connections {
                // the copy's summary stays in the footer ("reloading" is in the messages)
                let summary = app.flash.take();
                explorer::refresh(app);
                app.flash = summary.or(app.flash.take());
            }
        }
        Action::Resize { width, height } => {
            app.width = width;
            app.height = height;
            let h = app.list_height();
            rows::follow_selection(app.list_mut(app.pane), h);
        }
        Action::Tick(now) => {
            if app.running_tasks() > 0 {
                app.spinner = app.spinner.wrapping_add(1);
            }
            if app
                .flash
                .as_ref()
                .and_then(|f| f.expires)
                .is_some_and(|t| t <= now)
            {
                app.flash = None;
            }
        }
        Action::Report(level, text) => {
            create::on_report(app, &text);
            app.say(level, text)
        }
        Action::Switched(to) => switch::switch_tenant(app, to),
        Action::Loaded(ticket, payload) => {
            if app.inflight.get(&ticket.slot) != Some(&ticket.generation) {
                return fx; // stale: its view moved on or a newer request replaced it
            }
            if let Payload::Found(name, r) = payload {
                // a look after a create whose answer was lost
                app.inflight.remove(&ticket.slot);
                lost::on_found(app, &name, r, &mut fx);
            } else if edit::takes(&payload) {
                edit::on_loaded(app, ticket, payload);
            } else if create::owns(ticket.slot) {
                create::on_loaded(app, ticket, payload, &mut fx);
            } else {
                on_loaded(app, ticket, payload);
            }
        }
    }
    create::after(app);
    lists::build_shown(app);
    if !app.quit {
        demand(app, &mut fx);
    }
    fx
}

/// Logs `text` and flashes it in the footer (the same as `app.say`).
pub fn say(app: &mut App, level: Level, text: impl Into<String>) {
    app.say(level, text);
}

fn clear_error_flash(app: &mut App) {
    if app.flash.as_ref().is_some_and(|f| f.level == Level::Error) {
        app.flash = None;
    }
}

// ---------------------------------------------------------------------------------------------
// keys

fn on_intent(app: &mut App, intent: Intent, fx: &mut Vec<Effect>) {
    // the keymap hides these keys already; this also stops any other way in (a command)
    if app.keymap.hides(intent) {
        let what = intent.name().replace('_', " ");
        app.say(
            Level::Warn,
            format!("read-only profile: {what} is disabled"),
        );
        return;
    }
    // by kind first: quitting, help and messages mean the same in every view
    match intent {
        Intent::ForceQuit => {
            app.quit = true;
            fx.push(Effect::Quit);
        }
        Intent::Help => {
            let of = app.context();
            app.layers.push(Layer::Help { scroll: 0, of });
        }
        Intent::Messages => app.layers.push(Layer::Messages { scroll: 0 }),
        _ => route(app, Action::Intent(intent), fx),
    }
}

/// What the admin did (a key's intent, typed or pasted text, an editing key) goes to the layer
/// on top, or to the lists under none: the one place that knows who owns the keyboard.
fn route(app: &mut App, action: Action, fx: &mut Vec<Effect>) {
    let Some(top) = app.layers.top() else {
        return explorer::on_lists(app, action, fx);
    };
    match top {
        Layer::Detail => explorer::on_lists(app, action, fx),
        Layer::Json { .. } | Layer::Messages { .. } | Layer::Help { .. } => {
            explorer::on_reading(app, action, fx)
        }
        Layer::Prompt(_) => prompt::on_prompt(app, action, fx),
        Layer::SourcePicker(_) | Layer::Picker { .. } => create::on_picker(app, action, fx),
        Layer::Form(f) if f.is_edit() => edit::on_form(app, action, fx),
        Layer::Form(_) => {
            // while a lost create's name is looked up, Ctrl-S and Esc are the looks'
            if !lost::on_form(app, &action, fx) {
                create::on_form(app, action, fx)
            }
        }
        Layer::Preview { .. } => create::on_preview(app, action, fx),
        Layer::ConfirmDiscard => create::on_confirm(app, action, fx),
        Layer::ConfirmEdit { .. } => edit::on_confirm(app, action, fx),
        Layer::ConfirmResend { .. } => lost::on_confirm_resend(app, action, fx),
        Layer::OAuth(_) => create::on_oauth(app, action, fx),
        Layer::Created { .. } => create::on_created(app, action, fx),
        Layer::Confirm(_) => manage::on_confirm(app, action, fx),
        Layer::Name(_) => manage::on_name_dialog(app, action, fx),
        Layer::Batch(_) => manage::on_batch(app, action, fx),
        Layer::Copy(_) => copy::on_copy(app, action, fx),
    }
}

mod copy;
mod create;
mod credential_names;
mod demand;
mod edit;
mod explorer;
mod lists;
mod loaded;
mod lost;
mod manage;
mod owners;
mod prompt;
mod tasks;
mod users;
mod writes;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod copy_tests;
#[cfg(test)]
mod manage_tests;
#[cfg(test)]
mod text_input_tests;
