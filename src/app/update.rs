//! `update(&mut App, Action) -> Vec<Effect>`: every change of state happens here, without I/O.
//!
//! Loading is demand-driven: after every action, [`demand`] compares what the current view needs
//! with what is loaded or in flight, starts what is missing and cancels what is no longer needed.
//! Panes never ask for data themselves.

use std::time::{Duration, Instant};

use crate::api::models::{Connection, DataSource};
use crate::api::Error;

use super::action::{Action, Payload};
use super::effect::{Effect, Fetch, Request, Slot, Ticket};
use super::keymap::{Context, Intent, JumpTo};
use super::rows;
use super::selection;
use super::state::{
    App, CredentialUse, CredentialsView, DetailKey, Drill, Flash, GatewayEntry, Level, Message,
    Overlay, Pane, Place, Prompt, Remote, Sort, SpaceScope, Status, FLASH_TTL,
};
use super::switch;

/// How long the selection must rest before its detail is fetched.
const DETAIL_DEBOUNCE: Duration = Duration::from_millis(200);

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let mut fx = Vec::new();
    match action {
        Action::Intent(intent) => {
            clear_error_flash(app);
            on_intent(app, intent, &mut fx);
        }
        Action::Type(c) => {
            clear_error_flash(app);
            if !manage::type_text(app, &c.to_string()) {
                type_text(app, &c.to_string());
            }
        }
        Action::Paste(text) => {
            if !create::paste(app, &text, &mut fx) {
                let text = text.replace(['\n', '\r'], " ");
                if !manage::type_text(app, &text) {
                    type_text(app, &text);
                }
            }
        }
        Action::Edit(input) => {
            clear_error_flash(app);
            create::edit(app, input, &mut fx);
        }
        Action::Mutated(outcome) => manage::on_outcome(app, outcome),
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
            say(app, level, text)
        }
        Action::Switched(to) => switch::switch_tenant(app, to),
        Action::Loaded(ticket, payload) => {
            if app.inflight.get(&ticket.slot) != Some(&ticket.generation) {
                return fx; // stale: its view moved on or a newer request replaced it
            }
            if create::owns(ticket.slot) {
                create::on_loaded(app, ticket, payload, &mut fx);
            } else {
                on_loaded(app, ticket, payload);
            }
        }
    }
    create::after(app);
    if !app.quit {
        demand(app, &mut fx);
    }
    fx
}

/// Adds a message to the history and flashes it in the footer.
pub fn say(app: &mut App, level: Level, text: impl Into<String>) {
    let text = text.into();
    app.messages.push(Message {
        level,
        text: text.clone(),
        at: chrono::Local::now(),
    });
    app.flash = Some(Flash {
        level,
        text,
        expires: (level != Level::Error).then(|| Instant::now() + FLASH_TTL),
    });
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
        say(
            app,
            Level::Warn,
            format!("read-only profile: {what} is disabled"),
        );
        return;
    }
    // quitting, help and messages mean the same in every view; everything else goes to the
    // view first
    let universal = matches!(intent, Intent::ForceQuit | Intent::Help | Intent::Messages);
    if !universal && (create::on_intent(app, intent, fx) || manage::on_intent(app, intent, fx)) {
        return;
    }
    let ctx = app.context();
    match intent {
        Intent::Quit | Intent::ForceQuit => {
            app.quit = true;
            fx.push(Effect::Quit);
        }
        Intent::Back => match ctx {
            Context::Help | Context::Json | Context::Messages => app.overlay = None,
            // a detail reached by a jump from another detail goes back to that one
            Context::Detail(_) if app.back.last().is_some_and(|p| p.detail_focused) => go_back(app),
            Context::Detail(_) => app.detail_focused = false,
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
        },
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
        Intent::OpenDetail => {
            if app.current().selected_row().is_some() {
                app.detail_focused = true;
                app.detail_scroll = 0;
            }
        }
        Intent::RawJson => {
            if selection::selected_json(app).is_some() {
                app.overlay = Some(Overlay::Json { scroll: 0 });
            } else {
                say(app, Level::Warn, "nothing selected");
            }
        }
        Intent::CopyId => match selection::selected_id(app) {
            Some(id) => {
                let what = format!("{} id", app.pane.noun());
                let short: String = id.chars().take(8).collect();
                let ellipsis = if id.chars().count() > 8 { "…" } else { "" };
                say(app, Level::Info, format!("copied {what} {short}{ellipsis}"));
                fx.push(Effect::Copy { text: id, what });
            }
            None => say(app, Level::Warn, "nothing selected to copy"),
        },
        Intent::Help => {
            let of = app.context();
            app.overlay = Some(Overlay::Help { scroll: 0, of });
        }
        Intent::Messages => app.overlay = Some(Overlay::Messages { scroll: 0 }),
        Intent::Filter => app.prompt = Some(Prompt::Filter),
        Intent::Command => app.prompt = Some(Prompt::Command(String::new())),
        Intent::SortNext => {
            let ncols = rows::columns(app, app.pane).len();
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
        Intent::SortFlip => {
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
        Intent::Refresh => refresh(app),
        Intent::ToggleDetail => {
            app.detail_hidden = !app.detail_hidden;
            app.detail_focused = false;
        }
        Intent::ToggleOrphans => {
            app.credentials_view = match app.credentials_view {
                CredentialsView::Orphans => CredentialsView::Referenced,
                _ => CredentialsView::Orphans,
            };
            let list = app.list_mut(Pane::Credentials);
            list.selected = 0;
            list.offset = 0;
            rebuild(app, Pane::Credentials);
        }
        Intent::PromptSubmit => {
            if let Some(Prompt::Command(text)) = app.prompt.take() {
                run_command(app, &text, fx);
            }
        }
        Intent::PromptCancel => {
            if app.prompt.take() == Some(Prompt::Filter) {
                set_filter(app, String::new());
            }
        }
        Intent::PromptComplete => {
            if let Some(Prompt::Command(text)) = &app.prompt {
                if let Some(done) = complete(app, text) {
                    app.prompt = Some(Prompt::Command(done));
                }
            }
        }
        Intent::PromptBackspace => match &mut app.prompt {
            Some(Prompt::Command(text)) => {
                text.pop();
            }
            Some(Prompt::Filter) => {
                let mut f = app.current().filter.clone();
                f.pop();
                set_filter(app, f);
            }
            None => {}
        },
        // the form's intents: `create::on_intent` takes them in the form's contexts
        Intent::Create
        | Intent::Edit
        | Intent::FormNext
        | Intent::FormPrev
        | Intent::FormEnter
        | Intent::FormSubmit
        | Intent::FormPreview
        | Intent::FormReveal
        | Intent::FormJsonMode
        | Intent::Pick
        | Intent::Discard
        | Intent::SendEdit
        | Intent::AuthSend
        | Intent::AuthCopyUrl
        | Intent::AuthOpenUrl
        | Intent::AuthPrintUrl
        | Intent::AuthNewUrl => {}
        // managing: handled by `manage::on_intent` above in the contexts it binds them
        Intent::ToggleMark
        | Intent::Delete
        | Intent::Duplicate
        | Intent::Rename
        | Intent::ConfirmYes
        | Intent::ConfirmNo
        | Intent::DialogSubmit
        | Intent::DialogCancel
        | Intent::DialogSwitchField
        | Intent::DialogBackspace
        | Intent::DialogClear
        | Intent::DialogDeleteWord => {}
    }
}

fn type_text(app: &mut App, text: &str) {
    if create::type_text(app, text) {
        return;
    }
    match &mut app.prompt {
        Some(Prompt::Command(cmd)) => cmd.push_str(text),
        Some(Prompt::Filter) => {
            let f = format!("{}{text}", app.current().filter);
            set_filter(app, f);
        }
        None => {}
    }
}

fn set_filter(app: &mut App, filter: String) {
    if filter.starts_with(rows::DEEP) {
        rows::ensure_deep(app, app.pane);
    }
    let list = app.list_mut(app.pane);
    let old = std::mem::replace(&mut list.filter, filter);
    rows::refilter(list, &old);
}

fn resort(app: &mut App) {
    let h = app.list_height();
    let list = app.list_mut(app.pane);
    let keep = list.selected_row().map(|r| r.id.clone());
    rows::recompute_view(list);
    if let Some(pos) = keep.and_then(|id| list.view.iter().position(|&i| list.rows[i].id == id)) {
        list.selected = pos;
    }
    rows::follow_selection(list, h);
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
        detail_focused: app.detail_focused,
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
fn drill(app: &mut App) {
    let Some(row) = app.current().selected_row().cloned() else {
        return say(app, Level::Warn, "nothing selected");
    };
    let name = row
        .cells
        .first()
        .cloned()
        .filter(|n| !n.is_empty())
        .unwrap_or(row.id.clone());
    match app.pane {
        Pane::Sources => {
            let name = app.source_name(&row.id);
            show_connections(app, None, Some(Drill::Source { id: row.id, name }))
        }
        Pane::Spaces => show_connections(app, Some(SpaceScope { id: row.id, name }), None),
        Pane::Credentials => {
            show_connections(app, None, Some(Drill::Credential { id: row.id, name }))
        }
        _ => {}
    }
}

/// Selects the row `id` of `pane`, when it is listed.
fn select_id(app: &mut App, pane: Pane, id: &str) -> bool {
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
fn jump(app: &mut App, to: JumpTo) {
    let Some(i) = app.current().selected_row().map(|r| r.item) else {
        return;
    };
    let Some(c) = app.data.connections.items.get(i).cloned() else {
        return;
    };
    let full = match app.data.connection_details.get(c.id()) {
        Some(Remote::Loaded(f)) => f.clone(),
        _ => c.clone(),
    };
    let (pane, id, what) = match to {
        JumpTo::Source => (Pane::Sources, full.datasource_id.clone(), "a data source"),
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
            full.connection_properties
                .as_ref()
                .and_then(|p| p.get("gatewayInstance"))
                .and_then(serde_json::Value::as_str)
                .map(str::to_string),
            "a gateway",
        ),
    };
    let Some(id) = id else {
        return say(
            app,
            Level::Warn,
            format!("{} has no {}", c.q_name, &what[2..]),
        );
    };
    push_here(app);
    app.detail_focused = false;
    if pane == Pane::Credentials && app.credentials_view != CredentialsView::Referenced {
        app.credentials_view = CredentialsView::Referenced;
        rebuild(app, Pane::Credentials);
    }
    set_filter_of(app, pane, String::new());
    go_pane(app, pane);
    if !select_id(app, pane, &id) {
        say(
            app,
            Level::Warn,
            format!("{id} is not listed here ({what} qdc has not loaded)"),
        );
    }
    // the detail of what we jumped to, as it was for the connection
    app.detail_focused = app.back.last().is_some_and(|p| p.detail_focused);
    app.detail_scroll = 0;
}

/// Esc where there is nothing to clear: back to where the last drill-down or jump came from,
/// with its selection and filter.
fn go_back(app: &mut App) {
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
    app.detail_focused = place.detail_focused;
    app.detail_scroll = 0;
}

fn set_filter_of(app: &mut App, pane: Pane, filter: String) {
    if app.list(pane).filter == filter {
        return;
    }
    let current = app.pane;
    app.pane = pane;
    set_filter(app, filter);
    app.pane = current;
}

fn go_pane(app: &mut App, pane: Pane) {
    if app.pane != pane {
        app.pane = pane;
        app.detail_focused = false;
        app.detail_scroll = 0;
    }
}

/// Moves the selection, or scrolls whatever has the focus.
fn move_by(app: &mut App, delta: isize) {
    let step =
        |v: usize, max: usize| (v as isize).saturating_add(delta).clamp(0, max as isize) as usize;
    // a scroll stops where the last page fills the view
    match app.context() {
        Context::Help | Context::Messages | Context::Json => {
            let last = super::viewport::overlay_last_page(app);
            if let Some(
                Overlay::Help { scroll, .. }
                | Overlay::Messages { scroll }
                | Overlay::Json { scroll },
            ) = &mut app.overlay
            {
                *scroll = step(*scroll, last);
            }
        }
        Context::Detail(_) => {
            let last = super::viewport::detail_last_page(app);
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

fn refresh(app: &mut App) {
    let d = &mut app.data;
    match app.pane {
        Pane::Sources => {
            d.sources.reset();
            d.gateways.reset();
            d.api_specs.clear();
        }
        Pane::Gateways => {
            d.gateways.reset();
            app.force_gateway_refresh = true;
        }
        Pane::Connections => {
            d.connections.reset();
            d.connections_next = None;
            d.connection_details.clear();
            d.spaces.reset();
        }
        Pane::Credentials => match app.credentials_view {
            CredentialsView::Referenced => d.credentials.clear(),
            CredentialsView::Orphans => d.orphans.reset(),
            CredentialsView::ByName(_) => d.lookup.reset(),
        },
        Pane::Spaces => d.spaces.reset(),
    }
    app.detail_key = None;
    app.inflight.remove(&Slot::Detail);
    let what = if app.pane == Pane::Gateways {
        "force-refreshing gateways"
    } else {
        "reloading"
    };
    say(
        app,
        Level::Info,
        format!("{what} {}", app.pane.title().to_lowercase()),
    );
    rebuild_all(app);
}

// ---------------------------------------------------------------------------------------------
// commands

const COMMANDS: &[(&str, bool)] = &[
    ("sources", false),
    ("gateways", false),
    ("connections", true),
    ("credentials", true),
    ("spaces", false),
    ("messages", false),
    ("sort", true),
    ("profile", true),
    ("q", false),
    ("quit", false),
];

fn run_command(app: &mut App, text: &str, fx: &mut Vec<Effect>) {
    let text = text.trim();
    let (cmd, arg) = match text.split_once(char::is_whitespace) {
        Some((c, a)) => (c, a.trim()),
        None => (text, ""),
    };
    match cmd {
        "" => {}
        "q" | "quit" | "q!" => {
            app.quit = true;
            fx.push(Effect::Quit);
        }
        "sources" | "src" => go_pane(app, Pane::Sources),
        "gateways" | "gw" => go_pane(app, Pane::Gateways),
        "spaces" => go_pane(app, Pane::Spaces),
        "messages" | "msgs" => app.overlay = Some(Overlay::Messages { scroll: 0 }),
        "sort" => sort_by_name(app, arg),
        "profile" | "ctx" if arg.is_empty() => {
            let text = switch::profiles_text(app);
            say(app, Level::Info, text);
            app.overlay = Some(Overlay::Messages { scroll: 0 });
        }
        "profile" | "ctx" => {
            say(app, Level::Info, format!("switching to {arg}…"));
            fx.push(Effect::SwitchTenant(arg.to_string()));
        }
        "connections" | "conn" | "dc" => {
            app.pending_space = None;
            if app.drill.take().is_some() {
                rebuild(app, Pane::Connections);
            }
            let scope = if arg.is_empty() {
                None
            } else if app.data.spaces.status != Status::Loaded {
                // the name can only be told from an id once the spaces are known: wait for them
                app.pending_space = Some(arg.to_string());
                cancel(app, Slot::Connections, fx);
                clear_connections(app);
                go_pane(app, Pane::Connections);
                return;
            } else {
                match resolve_space(app, arg) {
                    Some(s) => Some(s),
                    None => {
                        say(app, Level::Error, format!("no space named {arg:?}"));
                        return;
                    }
                }
            };
            set_space_scope(app, scope);
            go_pane(app, Pane::Connections);
        }
        "credentials" | "cred" | "creds" => {
            let view = if arg.is_empty() {
                CredentialsView::Referenced
            } else {
                CredentialsView::ByName(arg.to_string())
            };
            if view != app.credentials_view {
                app.credentials_view = view;
                app.data.lookup.reset();
                app.list_mut(Pane::Credentials).selected = 0;
                rebuild(app, Pane::Credentials);
            }
            go_pane(app, Pane::Credentials);
        }
        other => say(
            app,
            Level::Error,
            format!("unknown command :{other} (try ? for help)"),
        ),
    }
}

/// `:sort COLUMN` sorts the list by the column whose title starts with COLUMN (any case:
/// `:sort created`, `:sort data`), ascending; `-COLUMN` or `COLUMN desc` descending; `:sort`
/// alone goes back to the tenant's order.
fn sort_by_name(app: &mut App, arg: &str) {
    let columns = rows::columns(app, app.pane);
    if arg.is_empty() {
        app.list_mut(app.pane).sort = None;
        resort(app);
        return;
    }
    let (name, descending) = match arg.strip_prefix('-') {
        Some(rest) => (rest.trim(), true),
        None => match arg.rsplit_once(char::is_whitespace) {
            Some((n, "desc")) => (n.trim(), true),
            Some((n, "asc")) => (n.trim(), false),
            _ => (arg, false),
        },
    };
    let wanted = name.to_lowercase();
    match columns
        .iter()
        .position(|c| c.title.to_lowercase().starts_with(&wanted))
    {
        Some(column) => {
            app.list_mut(app.pane).sort = Some(Sort { column, descending });
            resort(app);
        }
        None => {
            let titles: Vec<String> = columns.iter().map(|c| c.title.to_lowercase()).collect();
            say(
                app,
                Level::Error,
                format!("no column {name:?} here: sort by {}", titles.join(", ")),
            );
        }
    }
}

/// A space of the loaded spaces list, by id or by name (case-insensitive).
fn resolve_space(app: &App, arg: &str) -> Option<SpaceScope> {
    let spaces = &app.data.spaces.items;
    let found = spaces
        .iter()
        .find(|s| s.id == arg)
        .or_else(|| spaces.iter().find(|s| s.name.eq_ignore_ascii_case(arg)))?;
    Some(SpaceScope {
        id: found.id.clone(),
        name: found.name.clone(),
    })
}

/// Scopes the connections list; a new scope starts the walk afresh.
fn set_space_scope(app: &mut App, scope: Option<SpaceScope>) {
    if scope != app.space_scope {
        app.space_scope = scope;
        clear_connections(app);
    }
}

fn clear_connections(app: &mut App) {
    app.data.connections.reset();
    app.data.connections_total = None;
    app.data.connections_next = None;
    app.list_mut(Pane::Connections).selected = 0;
    rebuild_all(app);
}

/// The spaces list arrived (or failed): a `:connections NAME` that waited for it resolves now.
fn resolve_pending_space(app: &mut App) {
    let Some(arg) = app.pending_space.take() else {
        return;
    };
    match resolve_space(app, &arg) {
        Some(scope) => set_space_scope(app, Some(scope)),
        None if app.data.spaces.status == Status::Loaded => {
            say(app, Level::Error, format!("no space named {arg:?}"))
        }
        None => say(
            app,
            Level::Error,
            format!("space {arg:?} not resolved: the spaces could not be listed"),
        ),
    }
}

fn common_prefix(words: &[String]) -> String {
    let Some(first) = words.first() else {
        return String::new();
    };
    let mut end = first.len();
    for w in &words[1..] {
        end = first
            .char_indices()
            .zip(w.chars())
            .take_while(|((_, a), b)| a.eq_ignore_ascii_case(b))
            .map(|((i, a), _)| i + a.len_utf8())
            .last()
            .unwrap_or(0)
            .min(end);
    }
    first[..end].to_string()
}

/// Tab completion of the command line: command names, then space names for `:connections` and
/// profile names for `:profile`.
pub fn complete(app: &App, text: &str) -> Option<String> {
    match text.split_once(' ') {
        None => {
            let matches: Vec<String> = COMMANDS
                .iter()
                .filter(|(c, _)| c.starts_with(text))
                .map(|(c, _)| c.to_string())
                .collect();
            match matches.as_slice() {
                [] => None,
                [one] => {
                    let takes_arg = COMMANDS.iter().any(|(c, a)| c == one && *a);
                    Some(if takes_arg {
                        format!("{one} ")
                    } else {
                        one.clone()
                    })
                }
                _ => Some(common_prefix(&matches)),
            }
        }
        Some((cmd, arg)) => {
            let candidates: Vec<&str> = match cmd {
                "connections" | "conn" | "dc" => app
                    .data
                    .spaces
                    .items
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect(),
                "profile" | "ctx" => app.profiles.iter().map(String::as_str).collect(),
                _ => return None,
            };
            let lower = arg.to_lowercase();
            let matches: Vec<String> = candidates
                .into_iter()
                .filter(|name| name.to_lowercase().starts_with(&lower))
                .map(str::to_string)
                .collect();
            match matches.as_slice() {
                [] => None,
                [one] => Some(format!("{cmd} {one}")),
                _ => Some(format!("{cmd} {}", common_prefix(&matches))),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// results

fn on_loaded(app: &mut App, ticket: Ticket, payload: Payload) {
    // a paged walk and a batch of credential names answer in several messages
    let more_to_come = match &payload {
        Payload::ConnectionsPage(Ok(_)) => true,
        Payload::Credential(..) => ticket.slot == Slot::CredentialNames,
        Payload::User(..) => true,
        _ => false,
    };
    let done = !more_to_come;
    if done {
        app.inflight.remove(&ticket.slot);
    }
    let d = &mut app.data;
    match payload {
        Payload::Me(r) => {
            d.me = Some(remote(r.map_err(|e| {
                let s = e.summary();
                say_later(&mut app.messages, &s);
                s
            })));
            rebuild(app, Pane::Connections);
        }
        Payload::Sources(r) => {
            match r {
                Ok(v) => {
                    d.sources.items = v;
                    d.sources.status = Status::Loaded;
                }
                Err(e) => fail(app, Slot::Sources, &e),
            }
            rebuild(app, Pane::Sources);
        }
        Payload::Gateways(results) => {
            let mut entries = Vec::new();
            let mut errors = Vec::new();
            for (source_id, r) in results {
                match r {
                    Ok(resp) => {
                        let source_name = app.source_name(&source_id);
                        entries.extend(resp.gateways.into_iter().map(|gateway| GatewayEntry {
                            source_id: source_id.clone(),
                            source_name: source_name.clone(),
                            gateway,
                            refreshed_at: resp.refreshed_at.clone(),
                        }));
                    }
                    // a tenant without gateways answers 404, not an empty list
                    Err(e) if e.is_status(404) => {}
                    Err(e) => errors.push(e),
                }
            }
            app.data.gateways.items = entries;
            app.data.gateways.status = Status::Loaded;
            if let Some(e) = errors.first() {
                say(app, Level::Error, e.summary());
                if app.data.gateways.items.is_empty() {
                    app.data.gateways.status = Status::Failed(e.summary());
                }
            }
            rebuild(app, Pane::Gateways);
        }
        Payload::ConnectionsPage(r) => {
            let before = d.connections.items.len();
            match r {
                Ok(page) => {
                    if let Some(count) = page.meta.as_ref().and_then(|m| m.count) {
                        d.connections_total = Some(count);
                    }
                    d.connections_next = page
                        .links
                        .as_ref()
                        .and_then(|l| l.next.as_ref())
                        .map(|next| next.href.clone());
                    // a connection created while the walk was paused is listed already; only
                    // this page's ids are hashed, so a page costs one scan, not a new set of all
                    let already: std::collections::HashSet<String> = {
                        let incoming: std::collections::HashSet<&str> =
                            page.data.iter().map(|c| c.id()).collect();
                        d.connections
                            .items
                            .iter()
                            .map(|c| c.id())
                            .filter(|id| incoming.contains(id))
                            .map(str::to_string)
                            .collect()
                    };
                    d.connections
                        .items
                        .extend(page.data.into_iter().filter(|c| !already.contains(c.id())));
                    if let Some(errs) = page.errors.filter(|e| !e.is_empty()) {
                        let first = &errs[0];
                        say(
                            app,
                            Level::Warn,
                            format!(
                                "{} connection(s) could not be listed: {} {}",
                                errs.len(),
                                first.code.clone().unwrap_or_default(),
                                first.title.clone().unwrap_or_default()
                            ),
                        );
                    }
                }
                Err(e) => fail(app, Slot::Connections, &e),
            }
            // a page only appends: build and filter its own rows, not the whole list again
            if app.list(Pane::Connections).rows.len() == before {
                let new_rows = rows::connection_rows(app, before);
                rows::append_rows(app.list_mut(Pane::Connections), new_rows);
                app.data.referenced =
                    referenced_credentials(&app.data.connections.items, &app.data.sources.items);
                rebuild(app, Pane::Credentials);
            } else {
                connections_changed(app);
            }
        }
        Payload::ConnectionsEnd => {
            app.data.connections.status = Status::Loaded;
            connections_changed(app);
        }
        Payload::Spaces(r) => {
            match r {
                Ok(v) => {
                    d.spaces.items = v;
                    d.spaces.status = Status::Loaded;
                }
                Err(e) => fail(app, Slot::Spaces, &e),
            }
            rebuild(app, Pane::Spaces);
            rebuild(app, Pane::Connections);
            resolve_pending_space(app);
        }
        Payload::Orphans(r) => {
            match r {
                Ok(v) => {
                    d.orphans.items = v.data;
                    d.orphans.status = Status::Loaded;
                }
                Err(e) => fail(app, Slot::Orphans, &e),
            }
            rebuild(app, Pane::Credentials);
        }
        Payload::ApiSpecs(id, r) => {
            app.detail_key = None;
            let r = report(app, r);
            app.data.api_specs.insert(id, r);
        }
        Payload::Connection(id, r) => {
            app.detail_key = None;
            let r = report(app, r);
            app.data.connection_details.insert(id, r);
        }
        Payload::Credential(key, r) if ticket.slot == Slot::CredentialLookup => {
            match r {
                Ok(c) => {
                    d.lookup.items = vec![c];
                    d.lookup.status = Status::Loaded;
                }
                // a name nobody uses is an empty result, not a failure
                Err(e) if e.is_status(404) => {
                    d.lookup.items.clear();
                    d.lookup.status = Status::Loaded;
                    say(app, Level::Warn, format!("no credential named {key:?}"));
                }
                Err(e) => fail(app, Slot::CredentialLookup, &e),
            }
            rebuild(app, Pane::Credentials);
        }
        Payload::Credential(id, r) if ticket.slot == Slot::CredentialNames => {
            // a background name: its failure shows in the detail, not as a flash per row
            let r = r.map_err(|e| e.summary());
            app.data.credentials.insert(id, remote(r));
            rebuild(app, Pane::Credentials);
        }
        Payload::CredentialsEnd => app.data.credential_names_asked.clear(),
        Payload::User(id, r) => {
            // a background name: a failure leaves the id on screen and goes to :messages only
            let r = r.map_err(|e| {
                let s = e.summary();
                app.messages.push(Message {
                    level: Level::Warn,
                    text: format!("owner {id}: {s}"),
                    at: chrono::Local::now(),
                });
                s
            });
            app.data.users.insert(id, remote(r));
            rebuild(app, Pane::Connections);
        }
        Payload::UsersEnd => app.data.users_asked.clear(),
        Payload::Credential(id, r) => {
            app.detail_key = None;
            let r = report(app, r);
            app.data.credentials.insert(id, r);
            rebuild(app, Pane::Credentials);
        }
        // results of the form's slots, which `create::on_loaded` takes
        Payload::Created(_)
        | Payload::CreatedEarlier(_)
        | Payload::AuthCodeWanted { .. }
        | Payload::EditSource(..)
        | Payload::Patched(..) => {}
    }
}

/// Failures of a background load are kept in history but the "me" lookup should not shout.
fn say_later(messages: &mut Vec<Message>, text: &str) {
    messages.push(Message {
        level: Level::Warn,
        text: format!("who am I: {text}"),
        at: chrono::Local::now(),
    });
}

fn remote<T>(r: Result<T, String>) -> Remote<T> {
    match r {
        Ok(v) => Remote::Loaded(v),
        Err(e) => Remote::Failed(e),
    }
}

fn report<T>(app: &mut App, r: Result<T, Error>) -> Remote<T> {
    match r {
        Ok(v) => Remote::Loaded(v),
        Err(e) => {
            say(app, Level::Error, e.summary());
            Remote::Failed(e.summary())
        }
    }
}

fn fail(app: &mut App, slot: Slot, e: &Error) {
    let text = e.summary();
    say(app, Level::Error, text.clone());
    set_status(app, slot, Status::Failed(text));
}

fn connections_changed(app: &mut App) {
    app.data.referenced =
        referenced_credentials(&app.data.connections.items, &app.data.sources.items);
    rebuild(app, Pane::Connections);
    rebuild(app, Pane::Credentials);
}

/// The distinct credentials the connections point at, in first-seen order.
pub fn referenced_credentials(conns: &[Connection], _sources: &[DataSource]) -> Vec<CredentialUse> {
    let mut out: Vec<CredentialUse> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for c in conns {
        let Some(id) = c.q_credentials_id.as_deref().filter(|s| !s.is_empty()) else {
            continue;
        };
        match index.get(id) {
            Some(&i) => {
                let u: &mut CredentialUse = &mut out[i];
                u.connections += 1;
            }
            None => {
                index.insert(id.to_string(), out.len());
                out.push(CredentialUse {
                    id: id.to_string(),
                    name: c.q_credentials_name.clone(),
                    data_source: c.datasource_id.clone(),
                    connections: 1,
                });
            }
        }
    }
    out
}

fn rebuild(app: &mut App, pane: Pane) {
    let built = rows::build(app, pane);
    let h = app.list_height();
    let list = app.list_mut(pane);
    rows::set_rows(list, built);
    rows::follow_selection(list, h);
}

fn rebuild_all(app: &mut App) {
    for p in Pane::ALL {
        rebuild(app, p);
    }
}

// ---------------------------------------------------------------------------------------------
// demand-driven loading

/// The list slots the current view needs.
fn needed(app: &App) -> Vec<Slot> {
    let mut slots = create::needed(app);
    slots.extend(match app.pane {
        Pane::Sources | Pane::Gateways => vec![Slot::Sources, Slot::Gateways],
        Pane::Connections => vec![Slot::Spaces, Slot::Connections],
        Pane::Credentials => match app.credentials_view {
            CredentialsView::Referenced => vec![Slot::Connections],
            CredentialsView::Orphans => vec![Slot::Orphans],
            CredentialsView::ByName(_) => vec![Slot::CredentialLookup],
        },
        Pane::Spaces => vec![Slot::Spaces],
    });
    slots
}

fn status(app: &App, slot: Slot) -> &Status {
    let d = &app.data;
    match slot {
        Slot::Sources => &d.sources.status,
        Slot::Gateways => &d.gateways.status,
        Slot::Connections => &d.connections.status,
        Slot::Spaces => &d.spaces.status,
        Slot::Orphans => &d.orphans.status,
        Slot::CredentialLookup => &d.lookup.status,
        Slot::Me
        | Slot::Detail
        | Slot::CredentialNames
        | Slot::Owners
        | Slot::Form
        | Slot::FormCredential
        | Slot::Submit => &Status::Loaded,
    }
}

fn set_status(app: &mut App, slot: Slot, s: Status) {
    let d = &mut app.data;
    match slot {
        Slot::Sources => d.sources.status = s,
        Slot::Gateways => d.gateways.status = s,
        Slot::Connections => d.connections.status = s,
        Slot::Spaces => d.spaces.status = s,
        Slot::Orphans => d.orphans.status = s,
        Slot::CredentialLookup => d.lookup.status = s,
        Slot::Me
        | Slot::Detail
        | Slot::CredentialNames
        | Slot::Owners
        | Slot::Form
        | Slot::FormCredential
        | Slot::Submit => {}
    }
}

/// The request that fills `slot`, or `None` while it waits for another one.
fn fetch_for(app: &mut App, slot: Slot) -> Option<Fetch> {
    Some(match slot {
        Slot::Sources => Fetch::Sources,
        Slot::Gateways => {
            if app.data.sources.status != Status::Loaded {
                return None;
            }
            let source_ids = app
                .data
                .sources
                .items
                .iter()
                .filter(|s| s.is_gateway_source())
                .map(|s| s.data_source_id.clone())
                .collect();
            Fetch::Gateways {
                source_ids,
                force_refresh: std::mem::take(&mut app.force_gateway_refresh),
            }
        }
        Slot::Connections if app.pending_space.is_some() => return None,
        Slot::Connections => Fetch::Connections {
            space_id: app.space_scope.as_ref().map(|s| s.id.clone()),
            // only a list that still holds the pages before it may resume
            resume_from: if app.data.connections.items.is_empty() {
                None
            } else {
                app.data.connections_next.clone()
            },
        },
        Slot::Spaces => Fetch::Spaces,
        Slot::Orphans => Fetch::Orphans,
        Slot::CredentialLookup => match &app.credentials_view {
            CredentialsView::ByName(n) => Fetch::CredentialByName(n.clone()),
            _ => return None,
        },
        Slot::Me
        | Slot::Detail
        | Slot::CredentialNames
        | Slot::Owners
        | Slot::Form
        | Slot::FormCredential
        | Slot::Submit => return None,
    })
}

fn start(app: &mut App, slot: Slot, fetch: Fetch, delay: Option<Duration>, fx: &mut Vec<Effect>) {
    let generation = app.next_generation;
    app.next_generation += 1;
    app.inflight.insert(slot, generation);
    fx.push(Effect::Fetch(Request {
        ticket: Ticket { slot, generation },
        fetch,
        delay,
    }));
}

/// Esc during a long connections load: the walk stops where it is and what loaded stays
/// listed. The slot counts as loaded (so nothing restarts it) with its next page kept, which is
/// how the title tells a stopped walk from a finished one; `r` loads everything again.
fn stop_connections_walk(app: &mut App, fx: &mut Vec<Effect>) {
    cancel(app, Slot::Connections, fx);
    app.data.connections.status = Status::Loaded;
    let loaded = app.data.connections.items.len();
    let of = app
        .data
        .connections_total
        .map(|t| format!(" of {t}"))
        .unwrap_or_default();
    say(
        app,
        Level::Info,
        format!("stopped loading connections at {loaded}{of}; r loads them all again"),
    );
    connections_changed(app);
}

/// Whether the connections walk was stopped with Esc before its last page.
pub fn connections_walk_stopped(app: &App) -> bool {
    app.data.connections.status == Status::Loaded && app.data.connections_next.is_some()
}

fn cancel(app: &mut App, slot: Slot, fx: &mut Vec<Effect>) {
    if app.inflight.remove(&slot).is_some() {
        fx.push(Effect::Cancel(slot));
    }
}

/// The detail the selection wants, when the detail is on screen.
fn wanted_detail(app: &App) -> Option<(DetailKey, Fetch)> {
    if !(app.detail_beside() || app.detail_focused) {
        return None;
    }
    let row = app.current().selected_row()?;
    match (app.pane, &app.credentials_view) {
        (Pane::Sources, _) => Some((
            DetailKey::ApiSpecs(row.id.clone()),
            Fetch::ApiSpecs(row.id.clone()),
        )),
        (Pane::Connections, _) => Some((
            DetailKey::Connection(row.id.clone()),
            Fetch::Connection(row.id.clone()),
        )),
        (Pane::Credentials, CredentialsView::Referenced) => Some((
            DetailKey::Credential(row.id.clone()),
            Fetch::Credential(row.id.clone()),
        )),
        _ => None,
    }
}

fn is_cached(app: &App, key: &DetailKey) -> bool {
    let d = &app.data;
    match key {
        DetailKey::ApiSpecs(id) => d.api_specs.contains_key(id),
        DetailKey::Connection(id) => d.connection_details.contains_key(id),
        DetailKey::Credential(id) => d.credentials.contains_key(id),
    }
}

fn forget(app: &mut App, key: &DetailKey) {
    let d = &mut app.data;
    match key {
        DetailKey::ApiSpecs(id) => d.api_specs.remove(id),
        DetailKey::Connection(id) => d.connection_details.remove(id).map(|_| Remote::Loading),
        DetailKey::Credential(id) => d.credentials.remove(id).map(|_| Remote::Loading),
    };
}

fn mark_loading(app: &mut App, key: &DetailKey) {
    let d = &mut app.data;
    match key {
        DetailKey::ApiSpecs(id) => {
            d.api_specs.insert(id.clone(), Remote::Loading);
        }
        DetailKey::Connection(id) => {
            d.connection_details.insert(id.clone(), Remote::Loading);
        }
        DetailKey::Credential(id) => {
            d.credentials.insert(id.clone(), Remote::Loading);
        }
    }
}

/// Starts what the view needs and is not there; cancels what it no longer needs.
pub fn demand(app: &mut App, fx: &mut Vec<Effect>) {
    if app.data.me.is_none() {
        app.data.me = Some(Remote::Loading);
        start(app, Slot::Me, Fetch::Me, None, fx);
    }
    let needs = needed(app);
    for slot in [
        Slot::Sources,
        Slot::Gateways,
        Slot::Spaces,
        Slot::Connections,
        Slot::Orphans,
        Slot::CredentialLookup,
    ] {
        let st = status(app, slot).clone();
        if needs.contains(&slot) {
            if st == Status::NotAsked {
                if let Some(fetch) = fetch_for(app, slot) {
                    set_status(app, slot, Status::Loading);
                    start(app, slot, fetch, None, fx);
                }
            }
        } else if st == Status::Loading {
            // the view that asked is gone: stop, and start afresh when it comes back
            cancel(app, slot, fx);
            match slot {
                // the pages loaded are kept; the walk resumes at the next one on return
                Slot::Connections if app.data.connections_next.is_some() => {
                    set_status(app, slot, Status::NotAsked)
                }
                Slot::Connections => {
                    app.data.connections.reset();
                    app.data.connections_total = None;
                    connections_changed(app);
                }
                _ => set_status(app, slot, Status::NotAsked),
            }
        }
    }
    credential_names::demand(app, fx);
    owners::demand(app, fx);
    let want = wanted_detail(app);
    let want_key = want.as_ref().map(|(k, _)| k.clone());
    if app.detail_key.is_some() && app.detail_key != want_key {
        if let Some(old) = app.detail_key.take() {
            cancel(app, Slot::Detail, fx);
            forget(app, &old);
        }
    }
    if let Some((key, fetch)) = want {
        if !is_cached(app, &key) {
            mark_loading(app, &key);
            app.detail_key = Some(key);
            start(app, Slot::Detail, fetch, Some(DETAIL_DEBOUNCE), fx);
        }
    }
}

mod create;
pub use create::options as choice_options;
mod credential_names;
mod manage;
mod owners;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod manage_tests;
