//! The first-run screen's own small loop, on the same terminal the explorer then uses: the
//! choice between the demo tenant and adding one, and the add-a-tenant form's I/O (the
//! config file, the keyring, opening the new tenant).

use std::io;

use crossterm::event::Event;
use futures_util::{Stream, StreamExt};
use ratatui::backend::Backend;
use ratatui::Terminal;
use tokio::sync::mpsc::UnboundedReceiver;

use super::tenants::{Session, TenantSource, Tenants};
use crate::app::first_run::{AddTenantForm, Choice, FormOutcome, Welcome};
use crate::app::keymap::{Intent, Keymap};
use crate::app::Action;

/// How the first-run screen ended.
pub enum FirstRunEnd {
    Demo,
    /// A tenant added with the form, opened as `qdc --profile NAME` would open it.
    Added(Box<Session>),
    Quit,
}

/// Shows `welcome` until a choice is made. The end of input or a quit signal (SIGTERM, which
/// arrives on `signals` as a force-quit) counts as quitting.
pub async fn ask<B, I>(
    terminal: &mut Terminal<B>,
    welcome: &Welcome,
    input: &mut I,
    signals: &mut UnboundedReceiver<Action>,
    tenants: &mut Tenants,
) -> io::Result<FirstRunEnd>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    I: Stream<Item = io::Result<Event>> + Unpin,
{
    // `Some` while the form is open; kept when going back, so a second `a` finds it as it was
    let mut form: Option<AddTenantForm> = None;
    let mut form_open = false;
    // the import can fail (the keyring, the file): the reason replaces the screen's problem
    let mut welcome = welcome.clone();
    // no config to read `[keys]` from yet (or one that cannot be read): the table as shipped
    let keymap = Keymap::default();
    loop {
        let shown = form.as_ref().filter(|_| form_open);
        terminal
            .draw(|f| crate::ui::first_run::draw(f, &keymap, &welcome, shown))
            .map_err(io::Error::other)?;
        let event = tokio::select! {
            ev = input.next() => ev,
            Some(a) = signals.recv() => {
                if matches!(a, Action::Intent(Intent::ForceQuit)) {
                    return Ok(FirstRunEnd::Quit);
                }
                continue;
            }
        };
        let event = match event {
            Some(Ok(Event::Resize(width, height))) => {
                super::follow_resize(terminal, width, height)?;
                continue;
            }
            Some(Ok(event)) => event,
            Some(Err(e)) => return Err(e),
            None => return Ok(FirstRunEnd::Quit),
        };
        if !form_open {
            if let Event::Key(k) = event {
                if let Some(choice) = welcome.choice_for(&keymap, &k) {
                    if let Some(end) =
                        choose(choice, &mut welcome, tenants, &mut form, &mut form_open).await
                    {
                        return Ok(end);
                    }
                }
            }
            continue; // a resize: draw again
        }
        let f = form.as_mut().expect("open forms exist");
        let outcome = match event {
            Event::Key(k) => f.key(&keymap, &k),
            Event::Paste(text) => {
                f.paste(&text);
                FormOutcome::Stay
            }
            _ => FormOutcome::Stay,
        };
        match outcome {
            FormOutcome::Stay => {}
            FormOutcome::Back => form_open = false,
            FormOutcome::Quit => return Ok(FirstRunEnd::Quit),
            FormOutcome::Submit => {
                if let Some(session) = submit(f, tenants).await {
                    return Ok(FirstRunEnd::Added(Box::new(session)));
                }
            }
        }
    }
}

/// A choice made on the welcome screen; `Some` when it ends the first run. A failed import
/// leaves its reason on the screen.
async fn choose(
    choice: Choice,
    welcome: &mut Welcome,
    tenants: &mut Tenants,
    form: &mut Option<AddTenantForm>,
    form_open: &mut bool,
) -> Option<FirstRunEnd> {
    match choice {
        Choice::Demo => return Some(FirstRunEnd::Demo),
        Choice::Quit => return Some(FirstRunEnd::Quit),
        Choice::Import => {
            let opened = match tenants.import_qlik_cli() {
                Ok(name) => tenants.open(&name).await.map_err(|e| {
                    format!("profile {name:?} was imported, but cannot be opened: {e}")
                }),
                Err(e) => Err(e),
            };
            match opened {
                Ok(session) => return Some(FirstRunEnd::Added(Box::new(session))),
                Err(e) => {
                    welcome.problem = Some(e);
                    // what is left to import, now that some may be in the config
                    welcome.import = tenants.import_offer();
                }
            }
        }
        Choice::AddTenant => {
            form.get_or_insert_with(AddTenantForm::default);
            *form_open = true;
        }
    }
    None
}

/// Checks the form against the config file as it is, stores the profile and opens it. On any
/// failure the reason is left on the form (beside a field, or above them) and `None` returned.
async fn submit(form: &mut AddTenantForm, tenants: &mut Tenants) -> Option<Session> {
    let existing = match tenants.config_file() {
        Ok(file) => file.unwrap_or_default(),
        Err(e) => {
            // never overwrite a file qdc cannot read: the user's profiles are in it
            form.problem = Some(format!("{e}; fix or move the file first"));
            return None;
        }
    };
    let checked = form.check(&existing)?;
    if let Err(e) = tenants.add_profile(&checked) {
        form.problem = Some(e);
        return None;
    }
    match tenants.open(&checked.name).await {
        Ok(session) => Some(session),
        Err(e) => {
            form.problem = Some(format!(
                "profile {:?} was saved, but cannot be opened: {e}",
                checked.name
            ));
            None
        }
    }
}
