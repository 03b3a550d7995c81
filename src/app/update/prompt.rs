//! The `/` and `:` prompts: their text inputs, their histories, and the `:` commands.

use crate::app::action::Action;
use crate::app::effect::{Effect, Slot};
use crate::app::keymap::Intent;
use crate::app::resource;
use crate::app::state::{
    App, CredentialsView, Layer, Level, Pane, Prompt, Sort, SpaceScope, Status,
};
use crate::app::switch;
use crate::app::text_input::TextInput;

use super::explorer::{clear_connections, go_pane, resort, set_filter, set_space_scope};
use super::lists::rebuild;
use super::tasks::cancel;

/// [`Layer::Prompt`] on top: its keys, typed and pasted text (one line), editing keys.
pub(super) fn on_prompt(app: &mut App, action: Action, fx: &mut Vec<Effect>) {
    match action {
        Action::Intent(i) => prompt_intent(app, i, fx),
        Action::Type(c) => type_text(app, &c.to_string()),
        Action::Paste(text) => type_text(app, &text.replace(['\n', '\r'], " ")),
        _ => {}
    }
}

fn type_text(app: &mut App, text: &str) {
    if let Some(p) = app.layers.prompt_mut() {
        p.input_mut().insert_str(text);
        filter_follows_prompt(app);
    }
}

/// The prompt, taken off the stack.
fn close_prompt(app: &mut App) -> Option<Prompt> {
    match app.layers.close(|l| matches!(l, Layer::Prompt(_))) {
        Some(Layer::Prompt(p)) => Some(p),
        _ => None,
    }
}

fn prompt_intent(app: &mut App, intent: Intent, fx: &mut Vec<Effect>) {
    match intent {
        Intent::InputHistoryPrev | Intent::InputHistoryNext => {
            recall(app, intent == Intent::InputHistoryPrev)
        }
        Intent::Input(edit) => {
            if let Some(p) = app.layers.prompt_mut() {
                if p.input_mut().apply(edit) {
                    filter_follows_prompt(app);
                }
            }
        }
        Intent::PromptSubmit => match close_prompt(app) {
            Some(Prompt::Command(typed)) => {
                app.command_history.push(typed.text());
                run_command(app, typed.text(), fx);
            }
            Some(Prompt::Filter(typed)) => app.filter_history.push(typed.text()),
            None => {}
        },
        Intent::PromptCancel => {
            if let Some(Prompt::Filter(_)) = close_prompt(app) {
                set_filter(app, String::new());
            }
        }
        Intent::PromptComplete => {
            if let Some(Prompt::Command(typed)) = app.layers.prompt() {
                if let Some(done) = complete(app, typed.text()) {
                    if let Some(p) = app.layers.prompt_mut() {
                        *p = Prompt::Command(TextInput::new(&done));
                    }
                }
            }
        }
        _ => {}
    }
}

/// ↑/↓ in a prompt: the previous or next entry of its history.
pub(super) fn recall(app: &mut App, older: bool) {
    let (history, typed) = match app.layers.prompt_mut() {
        Some(Prompt::Command(t)) => (&mut app.command_history, t),
        Some(Prompt::Filter(t)) => (&mut app.filter_history, t),
        None => return,
    };
    let changed = if older {
        history.older(typed)
    } else {
        history.newer(typed)
    };
    if changed {
        filter_follows_prompt(app);
    }
}

/// The list's filter is what the `/` prompt holds.
pub(super) fn filter_follows_prompt(app: &mut App) {
    if let Some(Prompt::Filter(typed)) = app.layers.prompt() {
        if typed.text() != app.current().filter {
            let text = typed.text().to_string();
            set_filter(app, text);
        }
    }
}

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

pub(super) fn run_command(app: &mut App, text: &str, fx: &mut Vec<Effect>) {
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
        "messages" | "msgs" => app.layers.push(Layer::Messages { scroll: 0 }),
        "sort" => sort_by_name(app, arg),
        "profile" | "ctx" if arg.is_empty() => {
            let text = switch::profiles_text(app);
            app.say(Level::Info, text);
            app.layers.push(Layer::Messages { scroll: 0 });
        }
        "profile" | "ctx" => {
            app.say(Level::Info, format!("switching to {arg}…"));
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
                        app.say(Level::Error, format!("no space named {arg:?}"));
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
        other => app.say(
            Level::Error,
            format!("unknown command :{other} (try ? for help)"),
        ),
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

/// The spaces list arrived (or failed): a `:connections NAME` that waited for it resolves now.
pub(super) fn resolve_pending_space(app: &mut App) {
    let Some(arg) = app.pending_space.take() else {
        return;
    };
    match resolve_space(app, &arg) {
        Some(scope) => set_space_scope(app, Some(scope)),
        None if app.data.spaces.status == Status::Loaded => {
            app.say(Level::Error, format!("no space named {arg:?}"))
        }
        None => app.say(
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

/// `:sort COLUMN` sorts the list by the column whose title starts with COLUMN (any case:
/// `:sort created`, `:sort data`), ascending; `-COLUMN` or `COLUMN desc` descending; `:sort`
/// alone goes back to the tenant's order.
fn sort_by_name(app: &mut App, arg: &str) {
    let columns = resource::columns(app, app.pane);
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
            app.say(
                Level::Error,
                format!("no column {name:?} here: sort by {}", titles.join(", ")),
            );
        }
    }
}
