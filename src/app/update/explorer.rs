//! The lists, the focused detail and the popups over them (help, raw JSON, messages): moving,
//! scrolling, sorting, filtering, switching panes, reloading.

use crate::app::effect::{Effect, Slot};
use crate::app::keymap::{Context, Intent};
use crate::app::rows;
use crate::app::selection;
use crate::app::state::{App, CredentialsView, Level, Overlay, Pane, Prompt, Sort};
use crate::app::text_input::TextInput;

use super::lists::{rebuild, rebuild_all};
use super::manage;

/// The lists, the focused detail and the popups over them.
pub(super) fn explorer_intent(app: &mut App, intent: Intent, fx: &mut Vec<Effect>) {
    let ctx = app.context();
    match intent {
        Intent::Quit | Intent::ForceQuit => {
            app.quit = true;
            fx.push(Effect::Quit);
        }
        Intent::Back => match ctx {
            Context::Help | Context::Json | Context::Messages => app.overlay = None,
            Context::Detail(_) => app.detail_focused = false,
            _ => {
                if !app.current().filter.is_empty() {
                    set_filter(app, String::new());
                } else {
                    manage::clear_marks(app);
                }
            }
        },
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
            app.detail_focused = true;
            app.detail_scroll = 0;
        }
        Intent::RawJson => {
            if selection::selected_json(app).is_some() {
                app.overlay = Some(Overlay::Json { scroll: 0 });
            } else {
                app.say(Level::Warn, "nothing selected");
            }
        }
        Intent::CopyId => match selection::selected_id(app) {
            Some(id) => {
                let what = format!("{} id", app.pane.noun());
                let short: String = id.chars().take(8).collect();
                let ellipsis = if id.chars().count() > 8 { "…" } else { "" };
                app.say(Level::Info, format!("copied {what} {short}{ellipsis}"));
                fx.push(Effect::Copy { text: id, what });
            }
            None => app.say(Level::Warn, "nothing selected to copy"),
        },
        Intent::Help => {
            let of = app.context();
            app.overlay = Some(Overlay::Help { scroll: 0, of });
        }
        Intent::Messages => app.overlay = Some(Overlay::Messages { scroll: 0 }),
        Intent::Filter => {
            app.filter_history.reset();
            let typed = TextInput::new(&app.current().filter);
            app.prompt = Some(Prompt::Filter(typed));
        }
        Intent::Command => {
            app.command_history.reset();
            app.prompt = Some(Prompt::Command(TextInput::default()));
        }
        Intent::SortNext => sort_next(app),
        Intent::SortFlip => sort_flip(app),
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
        // the prompts', the form's and managing's intents: their layers take them (see
        // `on_intent`); under another layer they do nothing
        _ => {}
    }
}

/// `s`: sort by the next column, and after the last one not at all.
fn sort_next(app: &mut App) {
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
        app.detail_focused = false;
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
            let last = crate::app::viewport::overlay_last_page(app);
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
            let last = crate::app::viewport::detail_last_page(app);
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
    app.say(
        Level::Info,
        format!("{what} {}", app.pane.title().to_lowercase()),
    );
    rebuild_all(app);
}
