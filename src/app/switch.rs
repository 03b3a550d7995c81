//! Switching tenant live (`:profile NAME`): the runtime resolves the profile and swaps the
//! client; here the state starts afresh for the new tenant.

use super::state::{App, Level, Tenant};
use super::update::say;

/// What the runtime hands over once the new tenant's client is in place.
#[derive(Debug, Clone)]
pub struct Switched {
    pub tenant: Tenant,
    pub read_only: bool,
    /// The profiles as the config file lists them now (it may have changed since start).
    pub profiles: Vec<String>,
}

/// Replaces everything that belongs to the old tenant (lists, caches, details, selections,
/// popups, and whatever state later features add) by a fresh `App`, keeping only what belongs
/// to the session: keys, messages, the screen size and the pane the user is on. `update`'s
/// demand-driven loading then asks the new tenant for `users/me` and the pane's lists.
pub fn switch_tenant(app: &mut App, to: Switched) {
    let mut fresh = App::new(to.tenant);
    fresh.keymap = app.keymap.clone();
    fresh.keymap.set_read_only(to.read_only);
    fresh.profiles = to.profiles;
    fresh.messages = std::mem::take(&mut app.messages);
    fresh.width = app.width;
    fresh.height = app.height;
    fresh.pane = app.pane;
    // Generations keep counting: a result of the old tenant still in the channel carries an
    // old generation, and must never match a new request of the same slot.
    fresh.next_generation = app.next_generation;
    *app = fresh;
    let ro = if to.read_only { " (read-only)" } else { "" };
    let text = format!(
        "switched to {} ({}){ro}",
        app.tenant.profile, app.tenant.host
    );
    say(app, Level::Info, text);
}

/// The `:profile` answer without a name: every profile, the current one marked.
pub fn profiles_text(app: &App) -> String {
    if app.profiles.is_empty() {
        return "no profiles: add one with `qdc profile add NAME --server URL`".into();
    }
    let names: Vec<String> = app
        .profiles
        .iter()
        .map(|p| {
            if *p == app.tenant.profile {
                format!("{p} (current)")
            } else {
                p.clone()
            }
        })
        .collect();
    format!("profiles: {} · :profile NAME switches", names.join(" · "))
}
