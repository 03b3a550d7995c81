//! Marks for batch actions and deleting behind one confirm: the confirm is built from what
//! is marked (else selected) with what the admin should know, and only `y` turns it into a
//! mutation, once.

use super::super::tasks::send_write;
use crate::app::effect::Effect;
use crate::app::feedback::count;
use crate::app::listed::ListedConnection;
use crate::app::manage::{Confirm, Destructive, Mutation, Note, Target};
use crate::app::resource::item_name;
use crate::app::rows;
use crate::app::state::{App, CredentialsView, Layer, Level, Pane, Remote};
use crate::app::write::{Waiter, Write};

pub(super) fn selected_connection(app: &App) -> Option<&ListedConnection> {
    let row = app.list(Pane::Connections).selected_row()?;
    app.data.connections.items.get(row.item)
}

pub(super) fn toggle_mark(app: &mut App) {
    if !app.markable() {
        app.say(
            Level::Info,
            "marks are for orphans here: press o for the orphans view",
        );
        return;
    }
    if app.pane == Pane::Connections && selected_connection(app).is_some_and(|c| c.is_datafiles()) {
        app.say(Level::Warn, DATAFILES_MARK_NOTE);
        return;
    }
    let h = app.list_height();
    let list = app.list_mut(app.pane);
    let Some(id) = list.selected_row().map(|r| r.id.clone()) else {
        return;
    };
    if !list.marked.remove(&id) {
        list.marked.insert(id);
    }
    // like a file manager: marking moves on, so a run of rows is marked by holding space
    if list.selected + 1 < list.view.len() {
        list.selected += 1;
        rows::follow_selection(list, h);
    }
}

// short enough for the footer of an 80-column terminal
/// Why the DataFiles connection of a space is not deleted.
const DATAFILES_NOTE: &str = "DataFiles connections belong to their space: cannot be deleted";
/// Why it is not marked: marks are for delete, move and owner change, and none applies to it.
const DATAFILES_MARK_NOTE: &str =
    "DataFiles connections belong to their space: not deleted, moved or given away";

/// The marked rows of the current pane as targets, in list order.
pub(super) fn marked_targets<Id: From<String>>(app: &App) -> Vec<Target<Id>> {
    let list = app.current();
    list.rows
        .iter()
        .filter(|r| list.marked.contains(&r.id))
        .map(|r| Target {
            id: r.id.clone().into(),
            name: item_name(app, app.pane, r.item).unwrap_or_default(),
        })
        .collect()
}

/// The name of the first of `targets` (id as text, name) with a mutation in flight.
pub(super) fn busy_with<'a>(
    app: &App,
    targets: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Option<String> {
    targets
        .into_iter()
        .find(|(id, _)| app.manage.busy.contains(*id))
        .map(|(_, name)| name.to_string())
}

pub(super) fn ask_delete(app: &mut App) {
    let confirm = match app.pane {
        Pane::Connections => confirm_connections(app),
        Pane::Credentials => confirm_credentials(app),
        _ => return,
    };
    let Some(confirm) = confirm else { return };
    if let Some(name) = busy_with(app, confirm.action.targets()) {
        app.say(
            Level::Warn,
            format!("already working on {name}: wait for the tenant's answer"),
        );
        return;
    }
    app.layers.push(Layer::Confirm(confirm));
}

/// `d` on Connections: the confirm of the marked connections (one bulk request), else of the
/// selected one; `None` (and why in the footer) when there is nothing to delete.
pub(super) fn confirm_connections(app: &mut App) -> Option<Confirm> {
    let marked: Vec<Target> = marked_targets(app);
    if !marked.is_empty() {
        return Some(confirm_marked(app, marked));
    }
    let Some(c) = selected_connection(app) else {
        app.say(Level::Warn, "nothing selected to delete");
        return None;
    };
    if c.is_datafiles() {
        app.say(Level::Warn, DATAFILES_NOTE);
        return None;
    }
    let mut notes = Vec::new();
    if c.q_separate_credentials == Some(true) {
        notes.push(Note {
            warning: false,
            text: "It uses separated credentials: they stay after the connection is gone and \
                   can be cleaned up in Credentials → orphans (4, then o)."
                .into(),
        });
    }
    if !may_delete(c) {
        notes.push(Note {
            warning: true,
            text: "Its privileges do not include delete for you: expect the tenant to refuse."
                .into(),
        });
    }
    Some(Confirm {
        title: " Delete connection ".into(),
        question: format!(
            "Delete connection \"{}\" in space {}?",
            c.q_name,
            app.space_name(c.space_id())
        ),
        items: Vec::new(),
        notes,
        scroll: 0,
        action: Destructive::DeleteConnection(Target {
            id: c.id().into(),
            name: c.q_name.clone(),
        }),
    })
}

/// The confirm of a batch delete: each name with its space, what stays behind, what the tenant
/// will likely refuse.
fn confirm_marked(app: &App, marked: Vec<Target>) -> Confirm {
    let by_id = crate::app::listed::by_id(&app.data.connections.items);
    let (mut separated, mut forbidden) = (0, 0);
    let items = marked
        .iter()
        .map(|t| {
            let c = by_id.get(t.id.as_str());
            if c.is_some_and(|c| c.q_separate_credentials == Some(true)) {
                separated += 1;
            }
            if c.is_some_and(|c| !may_delete(c)) {
                forbidden += 1;
            }
            let space = app.space_name(c.and_then(|c| c.space_id()));
            format!("{}  ({space})", t.name)
        })
        .collect();
    let mut notes = Vec::new();
    if separated > 0 {
        notes.push(Note {
            warning: false,
            text: format!(
                "{separated} of them use separated credentials: those stay and can be \
                 cleaned up in Credentials → orphans (4, then o)."
            ),
        });
    }
    if forbidden > 0 {
        notes.push(Note {
            warning: true,
            text: format!(
                "{} not grant you the delete privilege: expect the tenant to refuse.",
                if forbidden == 1 {
                    "1 of them does".to_string()
                } else {
                    format!("{forbidden} of them do")
                }
            ),
        });
    }
    notes.push(Note {
        warning: false,
        text: "One request deletes them all; each reports its own result.".into(),
    });
    Confirm {
        title: " Delete connections ".into(),
        question: format!("Delete {}?", count(marked.len(), "connection")),
        items,
        notes,
        scroll: 0,
        action: Destructive::DeleteConnections(marked),
    }
}

/// Whether the tenant's `privileges` (when it sent them) allow the caller to delete `c`.
pub(super) fn may_delete(c: &ListedConnection) -> bool {
    c.privileges
        .as_ref()
        .is_none_or(|p| p.iter().any(|p| p == "delete"))
}

/// The connections (listed here) that use credential `id`.
pub(super) fn users_of(app: &App, id: &str) -> Vec<String> {
    app.data
        .connections
        .items
        .iter()
        .filter(|c| c.q_credentials_id.as_deref() == Some(id))
        .map(|c| match space_label(app, c) {
            Some(space) => format!("{}  ({space})", c.q_name),
            None => c.q_name.clone(),
        })
        .collect()
}

/// The space of a connection by name, when the spaces are known (an id says nothing here).
pub(super) fn space_label(app: &App, c: &ListedConnection) -> Option<String> {
    let known = app.data.spaces.status == crate::app::state::Status::Loaded;
    (known || c.space_id().is_none()).then(|| app.space_name(c.space_id()))
}

/// How many connections use credential `id`: the tenant's `qConnCount` when known, else the
/// listed connections that point at it.
pub(super) fn connection_count(app: &App, id: &str, row_item: usize) -> usize {
    let d = &app.data;
    let counted = match &app.credentials_view {
        CredentialsView::Referenced => d.referenced.get(row_item).map_or(0, |r| r.connections),
        CredentialsView::ByName(_) => d
            .lookup
            .items
            .get(row_item)
            .map_or(0, |c| c.q_conn_count.max(0) as usize),
        CredentialsView::Orphans => 0,
    };
    let tenant = match d.credentials.get(id) {
        Some(Remote::Loaded(c)) => c.q_conn_count.max(0) as usize,
        _ => 0,
    };
    counted.max(tenant)
}

pub(super) fn confirm_credentials(app: &mut App) -> Option<Confirm> {
    let marked = if app.credentials_view == CredentialsView::Orphans {
        marked_targets(app)
    } else {
        Vec::new()
    };
    if !marked.is_empty() {
        return Some(Confirm {
            title: " Delete credentials ".into(),
            question: format!("Delete {}?", count(marked.len(), "orphan credential")),
            items: marked.iter().map(|t| t.name.clone()).collect(),
            notes: vec![Note {
                warning: false,
                text: "No connection uses them. One request per credential; each reports its \
                       own result."
                    .into(),
            }],
            scroll: 0,
            action: Destructive::DeleteCredentials(marked),
        });
    }
    let Some(row) = app.current().selected_row().cloned() else {
        app.say(Level::Warn, "nothing selected to delete");
        return None;
    };
    let name = item_name(app, app.pane, row.item).unwrap_or_default();
    let label = if name.is_empty() {
        row.id.clone()
    } else {
        name.clone()
    };
    let count = connection_count(app, &row.id, row.item);
    let items = users_of(app, &row.id);
    let notes = if count > 0 || !items.is_empty() {
        let n = count.max(items.len());
        vec![Note {
            warning: true,
            text: if n == 1 {
                "1 connection uses it: without it, that connection cannot load data until it \
                 is given new credentials."
                    .to_string()
            } else {
                format!(
                    "{n} connections use it: without it, they cannot load data until they are \
                     given new credentials."
                )
            },
        }]
    } else {
        vec![Note {
            warning: false,
            text: "No connection uses it.".into(),
        }]
    };
    Some(Confirm {
        title: " Delete credential ".into(),
        question: format!("Delete credential \"{label}\"?"),
        items,
        notes,
        scroll: 0,
        action: Destructive::DeleteCredentials(vec![Target {
            id: row.id.clone().into(),
            name: label,
        }]),
    })
}

/// `y`: the queued action becomes a request, once.
pub(super) fn confirmed(app: &mut App, fx: &mut Vec<Effect>) {
    let Some(Layer::Confirm(confirm)) = app.layers.close(|l| matches!(l, Layer::Confirm(_))) else {
        return;
    };
    if let Some(name) = busy_with(app, confirm.action.targets()) {
        app.say(Level::Warn, format!("already working on {name}"));
        return;
    }
    let ids: Vec<String> = confirm
        .action
        .targets()
        .iter()
        .map(|(id, _)| id.to_string())
        .collect();
    let (mutation, what) = match &confirm.action {
        Destructive::DeleteConnection(t) => (
            Mutation::DeleteConnection { id: t.id.clone() },
            format!("connection {}", t.name),
        ),
        Destructive::DeleteConnections(ts) => (
            Mutation::DeleteConnections {
                ids: ts.iter().map(|t| t.id.clone()).collect(),
            },
            count(ts.len(), "connection"),
        ),
        Destructive::DeleteCredentials(ts) => (
            Mutation::DeleteCredentials {
                ids: ts.iter().map(|t| t.id.clone()).collect(),
            },
            match ts.as_slice() {
                [one] => format!("credential {}", one.name),
                many => format!("{} credentials", many.len()),
            },
        ),
    };
    app.manage.busy.extend(ids);
    app.say(Level::Info, format!("deleting {what}…"));
    let what = format!("delete {what}");
    send_write(app, what, Waiter::Manage, Write::Mutate(mutation), fx);
}
