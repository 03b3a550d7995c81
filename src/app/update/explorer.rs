//! The lists, the focused detail and the popups over them (help, raw JSON, messages): moving,
//! scrolling, sorting, filtering, switching panes, reloading.

use crate::app::action::Action;
use crate::app::effect::{Effect, Slot};
use crate::app::keymap::{Context, Intent, JumpTo};
use crate::app::resource;
use crate::app::rows;
use crate::app::selection;
use crate::app::state::{
    App, CredentialsView, Drill, Layer, Level, Pane, Place, Prompt, Remote, Sort, SpaceScope,
    Status,
};
use crate::app::text_input::TextInput;

use super::lists::{connections_changed, rebuild, rebuild_all};
use super::{create, manage};
use crate::app::listed::ListedConnection;

/// The lists and the focused detail (no layer, or [`Layer::Detail`] on top): their keys;
/// text and editing keys mean nothing here.
pub(super) fn on_lists(app: &mut App, action: Action, fx: &mut Vec<Effect>) {
    if let Action::Intent(intent) = action {
        explorer_intent(app, intent, fx);
    }
}

/// Help, raw JSON and messages on top: scrolling, closing, and copying the JSON shown.
pub(super) fn on_reading(app: &mut App, action: Action, fx: &mut Vec<Effect>) {
    match action {
        Action::Intent(Intent::CopyId) if app.context() == Context::Json => {
            match resource::selected_json_text(app) {
                Some(text) => {
                    let what = format!("the {} JSON", app.pane.noun());
                    app.say(Level::Info, crate::app::feedback::copy_sent(&what));
                    fx.push(Effect::Copy { text, what });
                }
                None if selection::json_loading(app) => {
                    app.say(Level::Warn, "the connection is still loading")
                }
                None => app.say(Level::Warn, "nothing selected to copy"),
            }
        }
        Action::Intent(Intent::Back) => {
            app.layers.pop();
        }
        Action::Intent(Intent::Up) => move_by(app, -1),
        Action::Intent(Intent::Down) => move_by(app, 1),
        Action::Intent(Intent::PageUp) => move_by(app, -(app.list_height() as isize)),
        Action::Intent(Intent::PageDown) => move_by(app, app.list_height() as isize),
        Action::Intent(Intent::Top) => move_by(app, isize::MIN / 2),
        Action::Intent(Intent::Bottom) => move_by(app, isize::MAX / 2),
        _ => {}
    }
}

fn explorer_intent(app: &mut App, intent: Intent, fx: &mut Vec<Effect>) {
    match intent {
        Intent::Quit => {
            app.quit = true;
            fx.push(Effect::Quit);
        }
        Intent::Back => back(app, fx),
        Intent::Drill => drill(app),
        Intent::Jump(to) => jump(app, to),
        Intent::GoPane(p) => go_pane(app, p),
        Intent::NextPane => go_pane(app, app.pane.next()),
        Intent::PrevPane => go_pane(app, app.pane.prev()),
        Intent::Up => move_by(app, -1),
        Intent::Down => move_by(app, 1),
        Intent::PageUp => move_by(app, -(app.list_height() as isize)),
        Intent::PageDown => move_by(app, app.list_height() as isize),
        Intent::Top => move_by(app, isize::MIN / 2),
        Intent::Bottom => move_by(app, isize::MAX / 2),
        Intent::OpenDetail if app.current().selected_row().is_some() => {
            app.layers.set_detail_focused(true);
            app.detail_scroll = 0;
        }
        Intent::RawJson => {
            if resource::selected_json(app).is_some() {
                app.layers.push(Layer::Json { scroll: 0 });
            } else {
                app.say(Level::Warn, "nothing selected");
            }
        }
        Intent::CopyId => copy_selected_id(app, fx),
        Intent::Filter => {
            app.filter_history.reset();
            let typed = TextInput::new(&app.current().filter);
            app.layers.push(Layer::Prompt(Prompt::Filter(typed)));
        }
        Intent::Command => {
            app.command_history.reset();
            app.layers
                .push(Layer::Prompt(Prompt::Command(TextInput::default())));
        }
        Intent::SortNext => sort_next(app),
        Intent::SortFlip => sort_flip(app),
        Intent::SortColumn(n) => sort_column(app, usize::from(n).saturating_sub(1)),
        Intent::Refresh => refresh(app),
        Intent::ToggleDetail => {
            app.detail_hidden = !app.detail_hidden;
            app.layers.set_detail_focused(false);
        }
        Intent::ToggleOrphans => toggle_orphans(app),
        // a list's own ways into the form and into managing what exists
        Intent::Create | Intent::Edit => create::list_intent(app, intent, fx),
        Intent::ToggleMark | Intent::Delete | Intent::Duplicate | Intent::Move | Intent::Rename => {
            manage::list_intent(app, intent)
        }
        Intent::CopyTo => super::copy::open(app),
        // the layers' own intents (prompts, the form, dialogs) do nothing on the lists
        _ => {}
    }
}

/// Esc on a list or a detail: one step back, the nearest first: a detail (to the detail it was
/// jumped from, else to its list), the filter, a load in progress, the marks, the way here.
fn back(app: &mut App, fx: &mut Vec<Effect>) {
    match app.context() {
        // a detail reached by a jump from another detail goes back to that one
        Context::Detail(_) if app.back.last().is_some_and(|p| p.detail_focused) => go_back(app),
        Context::Detail(_) => app.layers.set_detail_focused(false),
        _ => {
            if !app.current().filter.is_empty() {
                set_filter(app, String::new());
            } else if app.pane == Pane::Connections
                && app.data.connections.status == Status::Loading
            {
                stop_connections_walk(app, fx);
            } else if !app.current().marked.is_empty() {
                manage::clear_marks(app);
            } else {
                go_back(app);
            }
        }
    }
}

/// `y` on a list or a detail: the selected id to the clipboard, named short in the footer.
fn copy_selected_id(app: &mut App, fx: &mut Vec<Effect>) {
    match selection::selected_id(app) {
        Some(id) => {
            let what = format!("{} id", app.pane.noun());
            let short: String = id.chars().take(8).collect();
            let ellipsis = if id.chars().count() > 8 { "…" } else { "" };
            app.say(
                Level::Info,
                crate::app::feedback::copy_sent(&format!("{what} {short}{ellipsis}")),
            );
            fx.push(Effect::Copy { text: id, what });
        }
        None => app.say(Level::Warn, "nothing selected to copy"),
    }
}

/// `o` on Credentials: the orphans, or back to the referenced credentials.
fn toggle_orphans(app: &mut App) {
    app.credentials_view = match app.credentials_view {
        CredentialsView::Orphans => CredentialsView::Referenced,
        _ => CredentialsView::Orphans,
    };
    let list = app.list_mut(Pane::Credentials);
    list.selected = 0;
    list.offset = 0;
    rebuild(app, Pane::Credentials);
}

/// `s`: sort by the next column, and after the last one not at all.
fn sort_next(app: &mut App) {
    let ncols = resource::columns(app, app.pane).len();
    let list = app.list_mut(app.pane);
    list.sort = match list.sort {
        None => Some(Sort {
            column: 0,
            descending: false,
        }),
        Some(s) if s.column + 1 < ncols => Some(Sort {
            column: s.column + 1,
            descending: s.descending,
        }),
        Some(_) => None,
    };
    resort(app);
}

/// Alt+N: sort by the N-th column (`column`, 0-based) ascending; on the column already sorted
/// by, flip the order. A column the pane does not have says so.
fn sort_column(app: &mut App, column: usize) {
    let columns = resource::columns(app, app.pane);
    let Some(title) = columns.get(column).map(|c| c.title.to_lowercase()) else {
        let n = columns.len();
        app.say(
            Level::Warn,
            format!("no column {} here: this list has {n}", column + 1),
        );
        return;
    };
    let list = app.list_mut(app.pane);
    let descending = list
        .sort
        .is_some_and(|s| s.column == column && !s.descending);
    list.sort = Some(Sort { column, descending });
    let order = if descending {
        "descending"
    } else {
        "ascending"
    };
    app.say(Level::Info, format!("sorted by {title}, {order}"));
    resort(app);
}

/// `S`: flip the sort order (a list without a sort goes by its first column, descending).
fn sort_flip(app: &mut App) {
    let list = app.list_mut(app.pane);
    list.sort = Some(match list.sort {
        Some(s) => Sort {
            descending: !s.descending,
            ..s
        },
        None => Sort {
            column: 0,
            descending: true,
        },
    });
    resort(app);
}

pub(super) fn set_filter(app: &mut App, filter: String) {
    if filter.starts_with(rows::DEEP) {
        rows::ensure_deep(app, app.pane);
    }
    let list = app.list_mut(app.pane);
    let old = std::mem::replace(&mut list.filter, filter);
    rows::refilter(list, &old);
}

pub(super) fn resort(app: &mut App) {
    let h = app.list_height();
    let list = app.list_mut(app.pane);
    let keep = list.selected_row().map(|r| r.id.clone());
    rows::recompute_view(list);
    if let Some(pos) = keep.and_then(|id| list.view.iter().position(|&i| list.rows[i].id == id)) {
        list.selected = pos;
    }
    rows::follow_selection(list, h);
}

pub(super) fn go_pane(app: &mut App, pane: Pane) {
    if app.pane != pane {
        app.pane = pane;
        app.layers.set_detail_focused(false);
        app.detail_scroll = 0;
    }
}

/// Moves the selection, or scrolls whatever has the focus.
pub(super) fn move_by(app: &mut App, delta: isize) {
    let step =
        |v: usize, max: usize| (v as isize).saturating_add(delta).clamp(0, max as isize) as usize;
    // a scroll stops where the last page fills the view
    match app.context() {
        Context::Help | Context::Messages | Context::Json => {
            let last = app.frame.overlay_last_page();
            if let Some(
                Layer::Help { scroll, .. } | Layer::Messages { scroll } | Layer::Json { scroll },
            ) = app.layers.top_mut()
            {
                *scroll = step(*scroll, last);
            }
        }
        Context::Detail(_) => {
            let last = app.frame.detail_last_page();
            app.detail_scroll = step(app.detail_scroll, last);
        }
        Context::List(_) => {
            let h = app.list_height();
            let list = app.list_mut(app.pane);
            if list.view.is_empty() {
                return;
            }
            let before = list.selected;
            list.selected = step(list.selected, list.view.len() - 1);
            rows::follow_selection(list, h);
            if list.selected != before {
                app.detail_scroll = 0;
            }
        }
        // prompts do not scroll; the form's contexts scroll in `create`
        _ => {}
    }
}

pub(super) fn refresh(app: &mut App) {
    // at most one list request per view in flight: a later `r` asks for one more, once
    let slot = list_slot(app);
    if app.inflight.contains_key(&slot) {
        if app.refresh_again != Some(slot) {
            app.refresh_again = Some(slot);
            app.say(
                Level::Info,
                format!(
                    "{} is still loading: it reloads once more when this ends",
                    app.pane.title().to_lowercase()
                ),
            );
        }
        return;
    }
    // the rows stay put aside: a failed refresh shows them again, marked stale
    let selected = app.current().selected_row().map(|r| r.id.clone());
    let d = &mut app.data;
    match app.pane {
        Pane::Sources => {
            d.sources.refresh(selected);
            d.gateways.reset();
            d.api_specs.clear();
        }
        Pane::Gateways => {
            d.gateways.refresh(selected);
            app.force_gateway_refresh = true;
        }
        Pane::Connections => {
            d.connections.refresh(selected);
            d.connections_next = None;
            d.connection_details.clear();
            d.spaces.reset();
        }
        Pane::Credentials => match app.credentials_view {
            CredentialsView::Referenced => d.credentials.clear(),
            CredentialsView::Orphans => d.orphans.refresh(selected),
            CredentialsView::ByName(_) => d.lookup.refresh(selected),
        },
        Pane::Spaces => d.spaces.refresh(selected),
    }
    app.detail_key = None;
    app.inflight.remove(&Slot::Detail);
    let what = if app.pane == Pane::Gateways {
        "force-refreshing gateways"
    } else {
        "reloading"
    };
    app.say(
        Level::Info,
        format!("{what} {}", app.pane.title().to_lowercase()),
    );
    rebuild_all(app);
}

/// The slot whose request fills the current view's list.
fn list_slot(app: &App) -> Slot {
    match (app.pane, &app.credentials_view) {
        (Pane::Sources, _) => Slot::Sources,
        (Pane::Gateways, _) => Slot::Gateways,
        (Pane::Connections, _) | (Pane::Credentials, CredentialsView::Referenced) => {
            Slot::Connections
        }
        (Pane::Credentials, CredentialsView::Orphans) => Slot::Orphans,
        (Pane::Credentials, CredentialsView::ByName(_)) => Slot::CredentialLookup,
        (Pane::Spaces, _) => Slot::Spaces,
    }
}

/// The refresh asked for while `slot` was in flight, now that it ended (if the view still
/// shows that list).
pub(super) fn refresh_after(app: &mut App, slot: Slot) {
    if app.refresh_again == Some(slot) {
        app.refresh_again = None;
        if list_slot(app) == slot {
            refresh(app);
        }
    }
}

/// Scopes the connections list; a new scope starts the walk afresh.
pub(super) fn set_space_scope(app: &mut App, scope: Option<SpaceScope>) {
    if scope != app.space_scope {
        app.space_scope = scope;
        clear_connections(app);
    }
}

pub(super) fn clear_connections(app: &mut App) {
    app.data.connections.reset();
    app.data.connections_total = None;
    app.data.connections_next = None;
    app.list_mut(Pane::Connections).selected = 0;
    rebuild_all(app);
}

// ---------------------------------------------------------------------------------------------
// walking the tenant: drill-down, jumps and the back stack

fn here(app: &App) -> Place {
    Place {
        pane: app.pane,
        credentials_view: app.credentials_view.clone(),
        space_scope: app.space_scope.clone(),
        drill: app.drill.clone(),
        selected_id: selection::selected_id(app),
        filter: app.current().filter.clone(),
        detail_focused: app.detail_focused(),
    }
}

/// How deep the back stack goes; the oldest place is dropped beyond it.
const BACK_DEPTH: usize = 32;

fn push_here(app: &mut App) {
    let place = here(app);
    app.back.push(place);
    if app.back.len() > BACK_DEPTH {
        app.back.remove(0);
    }
}

/// Shows the connections of `drill` (or of the space `scope`), remembering where we were.
fn show_connections(app: &mut App, scope: Option<SpaceScope>, drill: Option<Drill>) {
    push_here(app);
    app.pending_space = None;
    set_space_scope(app, scope);
    app.drill = drill;
    set_filter_of(app, Pane::Connections, String::new());
    app.list_mut(Pane::Connections).selected = 0;
    rebuild(app, Pane::Connections);
    go_pane(app, Pane::Connections);
}

/// Enter on a source, a space or a credential: its connections.
pub(super) fn drill(app: &mut App) {
    let Some(row) = app.current().selected_row().cloned() else {
        return app.say(Level::Warn, "nothing selected");
    };
    // the model's name (cleaned as the cell showed it), never the display cell
    let name = resource::item_name(app, app.pane, row.item).map_or_else(
        || row.id.clone(),
        |n| crate::text::sanitize(&n).into_owned(),
    );
    match app.pane {
        Pane::Sources => {
            let name = app.source_name(&row.id);
            show_connections(app, None, Some(Drill::Source { id: row.id, name }))
        }
        Pane::Spaces => show_connections(app, Some(SpaceScope { id: row.id, name }), None),
        Pane::Credentials => show_connections(
            app,
            None,
            Some(Drill::Credential {
                id: row.id.into(),
                name,
            }),
        ),
        _ => {}
    }
}

/// Selects the row `id` of `pane`, when it is listed.
pub(super) fn select_id(app: &mut App, pane: Pane, id: &str) -> bool {
    let h = app.list_height();
    let list = app.list_mut(pane);
    match list.view.iter().position(|&i| list.rows[i].id == id) {
        Some(pos) => {
            list.selected = pos;
            rows::follow_selection(list, h);
            true
        }
        None => false,
    }
}

/// From a connection's detail to the source, space, credential or gateway it refers to.
pub(super) fn jump(app: &mut App, to: JumpTo) {
    let Some(i) = app.current().selected_row().map(|r| r.item) else {
        return;
    };
    let Some(c) = app.data.connections.items.get(i).cloned() else {
        return;
    };
    // the connection's own GET when it answered (only it carries the gateway), else the list's
    let detail = match app.data.connection_details.get(c.id()) {
        Some(Remote::Loaded(f)) => Some(f.clone()),
        _ => None,
    };
    let full = detail
        .as_ref()
        .map_or_else(|| c.clone(), ListedConnection::from);
    let (pane, id, what) = match to {
        JumpTo::Source => (
            Pane::Sources,
            full.datasource_id.as_deref().map(str::to_string),
            "a data source",
        ),
        JumpTo::Space => (
            Pane::Spaces,
            full.space_id().map(str::to_string),
            "a shared space",
        ),
        JumpTo::Credential => (
            Pane::Credentials,
            full.q_credentials_id.clone().filter(|c| !c.is_empty()),
            "a credential",
        ),
        JumpTo::Gateway => (
            Pane::Gateways,
            detail
                .as_ref()
                .and_then(|f| f.connection_properties.as_ref())
                .and_then(|p| p.get("gatewayInstance"))
                .and_then(serde_json::Value::as_str)
                .map(str::to_string),
            "a gateway",
        ),
    };
    let Some(id) = id else {
        return app.say(Level::Warn, format!("{} has no {}", c.q_name, &what[2..]));
    };
    push_here(app);
    app.layers.set_detail_focused(false);
    if pane == Pane::Credentials && app.credentials_view != CredentialsView::Referenced {
        app.credentials_view = CredentialsView::Referenced;
        rebuild(app, Pane::Credentials);
    }
    set_filter_of(app, pane, String::new());
    go_pane(app, pane);
    if !select_id(app, pane, &id) {
        app.say(
            Level::Warn,
            format!("{id} is not listed here ({what} qdc has not loaded)"),
        );
    }
    // the detail of what we jumped to, as it was for the connection
    let focus = app.back.last().is_some_and(|p| p.detail_focused);
    app.layers.set_detail_focused(focus);
    app.detail_scroll = 0;
}

/// Esc where there is nothing to clear: back to where the last drill-down or jump came from,
/// with its selection and filter.
pub(super) fn go_back(app: &mut App) {
    let Some(place) = app.back.pop() else {
        return;
    };
    if app.drill != place.drill {
        app.drill = place.drill.clone();
        rebuild(app, Pane::Connections);
    }
    set_space_scope(app, place.space_scope.clone());
    if app.credentials_view != place.credentials_view {
        app.credentials_view = place.credentials_view.clone();
        rebuild(app, Pane::Credentials);
    }
    app.pane = place.pane;
    set_filter_of(app, place.pane, place.filter.clone());
    if let Some(id) = &place.selected_id {
        select_id(app, place.pane, id);
    }
    app.layers.set_detail_focused(place.detail_focused);
    app.detail_scroll = 0;
}

pub(super) fn set_filter_of(app: &mut App, pane: Pane, filter: String) {
    if app.list(pane).filter == filter {
        return;
    }
    let current = app.pane;
    app.pane = pane;
    set_filter(app, filter);
    app.pane = current;
}

/// Esc during a long connections load: the walk stops where it is and what loaded stays
/// listed. The slot counts as loaded (so nothing restarts it) with its next page kept, which is
/// how the title tells a stopped walk from a finished one; `r` loads everything again.
fn stop_connections_walk(app: &mut App, fx: &mut Vec<Effect>) {
    super::tasks::cancel(app, Slot::Connections, fx);
    app.data.connections.status = Status::Loaded;
    let loaded = app.data.connections.items.len();
    let of = app
        .data
        .connections_total
        .map(|t| format!(" of {t}"))
        .unwrap_or_default();
    app.say(
        Level::Info,
        format!("stopped loading connections at {loaded}{of}; r loads them all again"),
    );
    connections_changed(app);
}
