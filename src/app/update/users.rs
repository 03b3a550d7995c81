//! The tenant's users, for the owner pickers (an edit's Owner row, a batch's owner): listed
//! once per tenant (`GET /users`, every page) when a picker that offers owners is open, and
//! cached with the owners named by `users/{id}`; an open picker takes them in as they arrive.

use super::tasks::start;
use crate::api::models::User;
use crate::api::Error;
use crate::app::effect::{Effect, Fetch, Slot};
use crate::app::form::OWNER;
use crate::app::manage::KEEP;
use crate::app::picker::{Choice, Picker};
use crate::app::state::{App, Layer, Level, Remote};

/// Whether something on screen offers owners: an edit form with an Owner row (its picker
/// opens from there) or a batch dialog with an owner list.
fn wanted(app: &App) -> bool {
    app.layers.iter().any(|l| match l {
        Layer::Form(f) => f.row(OWNER).is_some(),
        Layer::Name(d) => d.owner.is_some(),
        _ => false,
    })
}

/// Lists the tenant's users once per tenant, when an owner picker wants them.
pub(super) fn demand(app: &mut App, fx: &mut Vec<Effect>) {
    // asked once: a failure said so, and the owners qdc knows are offered
    let asked = app.data.user_list.is_some();
    if asked || !wanted(app) {
        return;
    }
    app.data.user_list = Some(Remote::Loading);
    start(app, Slot::UserList, Fetch::UserList, None, fx);
}

/// The users arrived: each is known by id from now on (the owner column names them too), and
/// an open owner picker lists them.
pub(super) fn listed(app: &mut App, result: Result<Vec<User>, Error>) {
    match result {
        Ok(users) => {
            app.data.user_list = Some(Remote::Loaded(users.len()));
            for u in users {
                app.data.users.insert(u.id.clone(), Remote::Loaded(u));
            }
            refresh_pickers(app);
        }
        Err(e) => {
            let why = e.summary();
            app.say(
                Level::Warn,
                format!(
                    "could not list the tenant's users ({why}): the owners qdc knows are offered"
                ),
            );
            app.data.user_list = Some(Remote::Failed(why));
        }
    }
}

/// The same list with the new choices, on the same value and filter.
fn refreshed(p: &Picker, choices: Vec<Choice>) -> Picker {
    let current = p.chosen().map(|c| c.value.clone()).unwrap_or_default();
    let mut out = Picker::new(p.title.clone(), choices, &current);
    if !p.filter.is_empty() {
        out.set_filter(p.filter.clone());
    }
    out
}

fn refresh_pickers(app: &mut App) {
    let users = crate::app::edit::user_choices(&app.data);
    for layer in app.layers.iter_mut() {
        match layer {
            Layer::Picker { row, picker } if row == OWNER => {
                // the form's `Options::Users` are these same choices
                *picker = refreshed(picker, users.clone());
            }
            Layer::Name(d) => {
                if let Some(p) = &d.owner {
                    let mut choices = vec![Choice::new("(keep each one's owner)", KEEP)];
                    choices.extend(users.iter().cloned());
                    d.owner = Some(refreshed(p, choices));
                }
            }
            _ => {}
        }
    }
}
