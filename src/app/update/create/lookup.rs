//! The create's existing credentials, looked up by the name in their row: after typing (once
//! it rests) or right after a choice from the list. Its answer is `results`'; a Ctrl-S
//! meanwhile waits for it (`submit`).

use std::time::Duration;

use super::super::tasks::{cancel, start};
use crate::app::effect::{Effect, Fetch, Slot};
use crate::app::form::Lookup;
use crate::app::state::App;

/// How long typing in the existing-credentials name must rest before it is looked up.
const LOOKUP_DEBOUNCE: Duration = Duration::from_millis(300);

/// Looks the row's name up again (nothing to look up: idle).
pub(super) fn look_up_existing(app: &mut App, fx: &mut Vec<Effect>) {
    let Some(f) = app.layers.form_mut() else {
        return;
    };
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
