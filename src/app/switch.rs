//! Switching tenant live (`:profile NAME`): the runtime resolves the profile and swaps the
//! client; here the state starts afresh for the new tenant.

pub use super::action::Switched;
use super::state::{App, Level};

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
    fresh.command_history = std::mem::take(&mut app.command_history);
    fresh.filter_history = std::mem::take(&mut app.filter_history);
    fresh.width = app.width;
    fresh.height = app.height;
    fresh.pane = app.pane;
    // Generations keep counting: a result of the old tenant still in the channel carries an
    // old generation, and must never match a new request of the same slot.
    fresh.next_generation = app.next_generation;
    // writes on their way go on (they are never cancelled): their answers are the old
    // tenant's, reported as such and never folded into the new one's lists
    app.writes.left_tenant(&app.tenant.profile);
    fresh.writes = std::mem::take(&mut app.writes);
    *app = fresh;
    let ro = if to.read_only { " (read-only)" } else { "" };
    let text = format!(
        "switched to {} ({}){ro}",
        app.tenant.profile, app.tenant.host
    );
    app.say(Level::Info, text);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::models::{Connection, ConnectionsPage, DataSource};
    use crate::app::effect::{Effect, Fetch, Slot};
    use crate::app::state::Tenant;
    use crate::app::state::{Layer, Pane, Status};
    use crate::app::update::{complete, update};
    use crate::app::{Action, Intent, Payload};

    fn tenant(profile: &str, host: &str) -> Tenant {
        Tenant {
            profile: profile.into(),
            host: host.into(),
        }
    }

    fn command(app: &mut App, text: &str) -> Vec<Effect> {
        update(app, Action::Intent(Intent::Command));
        for c in text.chars() {
            update(app, Action::Type(c));
        }
        update(app, Action::Intent(Intent::PromptSubmit))
    }

    fn fetched_slots(fx: &[Effect]) -> Vec<Slot> {
        fx.iter()
            .filter_map(|e| match e {
                Effect::Fetch(r) => Some(r.ticket.slot),
                _ => None,
            })
            .collect()
    }

    fn app_with_profiles() -> App {
        let mut app = App::new(tenant("one", "one.example:1"));
        app.profiles = vec!["one".into(), "two".into(), "demo".into()];
        app
    }

    #[test]
    fn profile_name_asks_the_runtime_and_changes_nothing_yet() {
        let mut app = app_with_profiles();
        update(&mut app, Action::Intent(Intent::Down));
        let fx = command(&mut app, "profile two");
        assert!(fx.contains(&Effect::SwitchTenant("two".into())), "{fx:?}");
        assert_eq!(app.tenant.profile, "one");
        // a failure is reported by the runtime and leaves everything as it was
        update(
            &mut app,
            Action::Report(Level::Error, "cannot switch to \"two\": no API key".into()),
        );
        assert_eq!(app.tenant.profile, "one");
        assert!(app.flash.as_ref().unwrap().text.contains("no API key"));
    }

    #[test]
    fn names_with_spaces_are_one_argument() {
        let mut app = app_with_profiles();
        let fx = command(&mut app, "profile  prod EU ");
        assert!(
            fx.contains(&Effect::SwitchTenant("prod EU".into())),
            "{fx:?}"
        );
    }

    #[test]
    fn tab_completes_profile_names() {
        let app = app_with_profiles();
        assert_eq!(complete(&app, "pro").as_deref(), Some("profile "));
        assert_eq!(complete(&app, "profile t").as_deref(), Some("profile two"));
        assert_eq!(complete(&app, "profile D").as_deref(), Some("profile demo"));
        assert_eq!(complete(&app, "profile x"), None);
    }

    #[test]
    fn profile_alone_lists_the_profiles_with_the_current_one_marked() {
        let mut app = app_with_profiles();
        let fx = command(&mut app, "profile");
        assert!(!fx.iter().any(|e| matches!(e, Effect::SwitchTenant(_))));
        assert!(matches!(
            app.layers.top(),
            Some(Layer::Messages { scroll: 0 })
        ));
        let last = &app.messages.last().unwrap().text;
        assert!(last.contains("one (current) · two · demo"), "{last}");
    }

    #[test]
    fn a_switch_starts_afresh_reloads_and_drops_late_results_of_the_old_tenant() {
        let mut app = app_with_profiles();
        let first = update(
            &mut app,
            Action::Resize {
                width: 80,
                height: 24,
            },
        );
        let old_sources = first
            .iter()
            .find_map(|e| match e {
                Effect::Fetch(r) if r.fetch == Fetch::Sources => Some(r.ticket),
                _ => None,
            })
            .expect("sources requested");
        update(
            &mut app,
            Action::Loaded(
                old_sources,
                Payload::Sources(Ok(vec![DataSource {
                    data_source_id: "old".into(),
                    ..Default::default()
                }])),
            ),
        );
        update(&mut app, Action::Intent(Intent::GoPane(Pane::Connections)));
        let old_connections = app.inflight[&Slot::Connections];
        update(&mut app, Action::Intent(Intent::Filter));
        update(&mut app, Action::Type('x'));
        update(&mut app, Action::Intent(Intent::PromptSubmit));
        update(&mut app, Action::Intent(Intent::Help));

        let fx = update(
            &mut app,
            Action::Switched(Switched {
                tenant: tenant("two", "two.example:2"),
                read_only: true,
                profiles: vec!["one".into(), "two".into()],
            }),
        );
        assert_eq!(app.tenant.host, "two.example:2");
        assert!(app.keymap.read_only());
        assert_eq!(app.profiles, vec!["one".to_string(), "two".to_string()]);
        assert_eq!(app.pane, Pane::Connections, "the user stays on their pane");
        assert!(!app.layers.any(Layer::is_reading));
        assert!(app.current().filter.is_empty());
        assert!(app.data.sources.items.is_empty());
        assert!(app
            .messages
            .iter()
            .any(|m| m.text.contains("switched to two")));
        // the new tenant is asked for who we are and for the pane's lists
        let slots = fetched_slots(&fx);
        assert!(slots.contains(&Slot::Me), "{slots:?}");
        assert!(slots.contains(&Slot::Connections), "{slots:?}");
        assert_eq!(app.data.connections.status, Status::Loading);

        // a page of the old tenant arriving late is dropped
        let stale = crate::app::effect::Ticket {
            slot: Slot::Connections,
            generation: old_connections,
        };
        update(
            &mut app,
            Action::Loaded(
                stale,
                Payload::ConnectionsPage(Ok(ConnectionsPage {
                    data: vec![Connection {
                        q_id: "c1".into(),
                        q_name: "old_conn".into(),
                        ..Default::default()
                    }],
                    ..Default::default()
                })),
            ),
        );
        assert!(app.data.connections.items.is_empty());
        assert!(app.list(Pane::Connections).rows.is_empty());
    }
}
