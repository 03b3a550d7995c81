//! Folding each mutation's answer back into the lists in place: rows leave, arrive or change
//! without a reload; failures leave everything as it was and say why (footer and `:messages`).

use std::collections::{HashMap, HashSet};

use crate::api::ids::{ConnectionId, CredentialId, CredentialName};
use crate::api::models::{ApiErrorItem, BulkResponse, Connection, Credential};
use crate::api::Error;
use crate::app::keymap::{Context, Intent};
use crate::app::listed::ListedConnection;
use crate::app::lost::answer_lost;
use crate::app::manage::{NamePurpose, Outcome};
use crate::app::rows;
use crate::app::state::{App, Level, Message, Pane, Remote};

use crate::app::feedback::count;
use crate::app::update::lists::connections_changed;

pub(in crate::app::update) fn on_outcome(app: &mut App, outcome: Outcome) {
    match outcome {
        // a batch change's answer goes to its own module (`batch`), which builds on this one
        Outcome::ConnectionsUpdated { .. } => {}
        Outcome::ConnectionDeleted { id, result } => connection_deleted(app, id, result),
        Outcome::ConnectionsDeleted { ids, result } => connections_deleted(app, ids, result),
        Outcome::Duplicated(result) => duplicated(app, result),
        Outcome::DuplicatedEarlier(copy) => duplicated_earlier(app, copy),
        Outcome::CredentialRenamed { id, name, result } => {
            credential_renamed(app, id, name, result)
        }
        Outcome::CredentialRenameLost {
            id,
            wanted,
            lost,
            now,
        } => credential_rename_lost(app, id, wanted, lost, now),
        Outcome::CredentialsDeleted(results) => credentials_deleted(app, results),
    }
}

/// One connection deleted, or why not.
fn connection_deleted(app: &mut App, id: ConnectionId, result: Result<(), Error>) {
    app.manage.busy.remove(id.as_str());
    let name = connection_name(app, id.as_str());
    match result {
        Ok(()) => {
            forget_orphans_if_separated(app, [&id.0]);
            remove_connections(app, &HashSet::from([id.0]));
            app.say(Level::Info, format!("deleted connection {name}"));
        }
        Err(e) => app.say(
            Level::Error,
            format!("could not delete connection {name}: {}", e.summary()),
        ),
    }
}

/// A batch delete, each connection with its own answer.
fn connections_deleted(app: &mut App, ids: Vec<ConnectionId>, result: Result<BulkResponse, Error>) {
    for id in &ids {
        app.manage.busy.remove(id.as_str());
    }
    match result {
        Ok(bulk) => {
            let (deleted, failures) = bulk_results(app, &ids, &bulk);
            let n = deleted.len();
            forget_orphans_if_separated(app, &deleted);
            remove_connections(app, &deleted);
            report_batch(app, n, failures);
        }
        Err(e) => app.say(
            Level::Error,
            format!(
                "could not delete {}: {}",
                count(ids.len(), "connection"),
                e.summary()
            ),
        ),
    }
}

/// The copy of a duplicate, or why not (a lost answer: the copy may exist).
fn duplicated(app: &mut App, result: Result<Connection, Error>) {
    let send = dialog_send_key(app);
    let open = app
        .layers
        .name_dialog()
        .is_some_and(|d| matches!(&d.purpose, NamePurpose::Duplicate(_)));
    match result {
        Ok(conn) => {
            if open {
                app.layers.close_dialog();
            }
            add_connection(app, conn);
        }
        Err(e) if answer_lost(&e) => {
            // the plain words in the prompt and the footer; reqwest's text to :messages
            let mut plain = String::new();
            if open {
                if let Some(d) = app.layers.name_dialog_mut() {
                    plain = format!(
                        "the tenant may have made the copy {} before the connection \
                     dropped; {send} looks it up first and duplicates only if it is not there",
                        d.name.text().trim()
                    );
                    d.sending = false;
                    d.maybe_done = true;
                    d.error = Some(plain.clone());
                }
            }
            app.say(
                Level::Error,
                format!("duplicate: no answer: {}", e.summary()),
            );
            if !plain.is_empty() {
                app.say(Level::Warn, plain);
            }
        }
        Err(e) => name_dialog_failed(app, open, "duplicate", &e),
    }
}

/// The copy a lost duplicate had made, found by name: nothing was sent again.
fn duplicated_earlier(app: &mut App, copy: Connection) {
    if app
        .layers
        .name_dialog()
        .is_some_and(|d| matches!(&d.purpose, NamePurpose::Duplicate(_)))
    {
        app.layers.close_dialog();
    }
    let name = copy.q_name.clone();
    add_connection(app, copy);
    app.say(
        Level::Info,
        format!("found {name}: the earlier duplicate had gone through; nothing was sent again"),
    );
}

/// A rename of a credential, or why not.
fn credential_renamed(
    app: &mut App,
    id: CredentialId,
    name: CredentialName,
    result: Result<(), Error>,
) {
    app.manage.busy.remove(id.as_str());
    let open = app
        .layers
        .name_dialog()
        .is_some_and(|d| matches!(&d.purpose, NamePurpose::RenameCredential(t) if t.id == id));
    match result {
        Ok(()) => {
            if open {
                app.layers.close_dialog();
            }
            rename_credential(app, id.as_str(), name.as_str());
            app.say(Level::Info, format!("renamed credential to {name}"));
        }
        Err(e) => name_dialog_failed(app, open, "rename credential", &e),
    }
}

/// A rename whose answer was lost, and the credential as read back.
fn credential_rename_lost(
    app: &mut App,
    id: CredentialId,
    wanted: CredentialName,
    lost: Error,
    now: Result<Credential, Error>,
) {
    app.manage.busy.remove(id.as_str());
    let send = dialog_send_key(app);
    let open = app
        .layers
        .name_dialog()
        .is_some_and(|d| matches!(&d.purpose, NamePurpose::RenameCredential(t) if t.id == id));
    app.say(
        Level::Error,
        format!("rename: no answer: {}", lost.summary()),
    );
    let (landed, plain) = match now {
        Ok(c) => {
            rename_credential(app, id.as_str(), &c.q_name);
            let landed = c.q_name == wanted.as_str();
            let plain = match landed {
                true => format!(
                    "the connection dropped before the tenant answered; read back: \
                     the credential is now named {}",
                    c.q_name
                ),
                false => format!(
                    "the connection dropped before the tenant answered; read back: \
                     the credential is still named {}: {send} sends the rename again",
                    c.q_name
                ),
            };
            (landed, plain)
        }
        Err(e) => (
            false,
            format!(
                "the connection dropped before the tenant answered and the credential \
                 could not be read back ({}): it may already be named {wanted}; \
                 {send} sends the rename again (the same rename twice is harmless)",
                e.summary()
            ),
        ),
    };
    if open {
        if landed {
            app.layers.close_dialog();
        } else {
            if let Some(d) = app.layers.name_dialog_mut() {
                d.sending = false;
                d.error = Some(plain.clone());
            }
        }
    }
    let level = if landed { Level::Info } else { Level::Warn };
    app.say(level, plain);
}

/// Deleted credentials (one request each), each with its own answer.
fn credentials_deleted(app: &mut App, results: Vec<(CredentialId, Result<(), Error>)>) {
    let mut deleted = HashSet::new();
    let mut failures = Vec::new();
    for (CredentialId(id), r) in results {
        app.manage.busy.remove(&id);
        match r {
            Ok(()) => {
                deleted.insert(id);
            }
            Err(e) => failures.push(format!("{}: {}", credential_name(app, &id), e.summary())),
        }
    }
    let n = deleted.len();
    let single = n + failures.len() == 1;
    let name = deleted.iter().next().map(|id| credential_name(app, id));
    remove_credentials(app, &deleted);
    match (single, name) {
        (true, Some(name)) => app.say(Level::Info, format!("deleted credential {name}")),
        (true, None) => app.say(
            Level::Error,
            format!("could not delete credential {}", failures[0]),
        ),
        _ => report_batch(app, n, failures),
    }
}

/// The ids of a bulk request that the tenant says succeeded, and a line per one that failed or
/// was not answered ("name: 404 reason").
fn bulk_results(
    app: &App,
    ids: &[ConnectionId],
    bulk: &BulkResponse,
) -> (HashSet<String>, Vec<String>) {
    let answers: HashMap<&str, (i64, Option<&ApiErrorItem>)> = bulk
        .data
        .iter()
        .map(|r| (r.id.as_str(), (r.status, r.error.as_ref())))
        .collect();
    let mut done = HashSet::new();
    let mut failures = Vec::new();
    for id in ids {
        match answers.get(id.as_str()) {
            Some((status, _)) if (200..300).contains(status) => {
                done.insert(id.to_string());
            }
            Some((status, error)) => failures.push(format!(
                "{}: {status} {}",
                connection_name(app, id.as_str()),
                item_reason(*error)
            )),
            None => failures.push(format!(
                "{}: the tenant did not answer for it",
                connection_name(app, id.as_str())
            )),
        }
    }
    (done, failures)
}

/// "2 deleted, 1 failed: name: 404 …" in the footer; every failure in `:messages`.
fn report_batch(app: &mut App, deleted: usize, failures: Vec<String>) {
    if failures.is_empty() {
        app.say(Level::Info, format!("{deleted} deleted"));
        return;
    }
    for f in &failures {
        app.messages.push(Message {
            level: Level::Error,
            text: format!("delete failed: {f}"),
            at: chrono::Local::now(),
        });
    }
    let more = if failures.len() > 1 {
        format!(" (+{} more, see :messages)", failures.len() - 1)
    } else {
        String::new()
    };
    app.say(
        Level::Error,
        format!(
            "{deleted} deleted, {} failed: {}{more}",
            failures.len(),
            failures[0]
        ),
    );
}

/// The name dialog's send key as bound now, for advice that names it.
fn dialog_send_key(app: &App) -> String {
    app.keymap
        .key_label(Context::NameDialog, Intent::DialogSubmit)
}

pub(super) fn item_reason(error: Option<&ApiErrorItem>) -> String {
    let Some(e) = error else {
        return String::new();
    };
    let mut parts = Vec::new();
    if let Some(c) = &e.code {
        parts.push(c.clone());
    }
    if let Some(t) = &e.title {
        parts.push(t.clone());
    }
    let mut out = parts.join(" ");
    if let Some(d) = e.detail.as_deref().filter(|d| !d.is_empty()) {
        out.push_str(" — ");
        out.push_str(d);
    }
    out
}

fn connection_name(app: &App, id: &str) -> String {
    app.data
        .connections
        .items
        .iter()
        .find(|c| c.id() == id)
        .map(|c| c.q_name.clone())
        .unwrap_or_else(|| id.to_string())
}

fn credential_name(app: &App, id: &str) -> String {
    let d = &app.data;
    d.orphans
        .items
        .iter()
        .find(|o| o.q_id == id)
        .map(|o| o.q_name.clone())
        .or_else(|| {
            d.lookup
                .items
                .iter()
                .find(|c| c.q_id == id)
                .map(|c| c.q_name.clone())
        })
        .or_else(|| {
            d.referenced
                .iter()
                .find(|r| r.id == id)
                .and_then(|r| r.name.clone())
        })
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| id.to_string())
}

/// Drops deleted connections from the data and the rows; counts, filter and marks follow.
pub(super) fn remove_connections(app: &mut App, ids: &HashSet<String>) {
    if ids.is_empty() {
        return;
    }
    let d = &mut app.data;
    let before = d.connections.items.len();
    d.connections.items.retain(|c| !ids.contains(c.id()));
    let removed = before - d.connections.items.len();
    for id in ids {
        d.connection_details.remove(id);
    }
    if let Some(total) = &mut d.connections_total {
        *total = (*total - removed as i64).max(0);
    }
    connections_changed(app);
}

/// Separated credentials outlive their connection: the orphans list is out of date once such a
/// connection is gone, so it is fetched again when next shown.
fn forget_orphans_if_separated<'a>(app: &mut App, ids: impl IntoIterator<Item = &'a String>) {
    let ids: HashSet<&str> = ids.into_iter().map(String::as_str).collect();
    let separated = app
        .data
        .connections
        .items
        .iter()
        .any(|c| c.q_separate_credentials == Some(true) && ids.contains(c.id()));
    if separated && app.data.orphans.status == crate::app::state::Status::Loaded {
        app.data.orphans.reset();
    }
}

/// A new connection joins the list (before the DataFiles, which come last) and is selected.
fn add_connection(app: &mut App, conn: Connection) {
    let id = conn.id().to_string();
    let name = conn.q_name.clone();
    let space = app.space_name(conn.space_id());
    if let Some(scope) = &app.space_scope {
        if conn.space_id() != Some(scope.id.as_str()) {
            app.say(
                Level::Info,
                format!(
                    "duplicated as {name} in space {space} (not listed in {})",
                    scope.name
                ),
            );
            return;
        }
    }
    let d = &mut app.data;
    // a copy found after a lost answer may already be listed (a page loaded meanwhile)
    if !d.connections.items.iter().any(|c| c.id() == id) {
        let at = d
            .connections
            .items
            .iter()
            .position(ListedConnection::is_datafiles)
            .unwrap_or(d.connections.items.len());
        d.connections.items.insert(at, conn.into());
        if let Some(total) = &mut d.connections_total {
            *total += 1;
        }
    }
    connections_changed(app);
    let h = app.list_height();
    let list = app.list_mut(Pane::Connections);
    let mut pos = list.view.iter().position(|&i| list.rows[i].id == id);
    if pos.is_none() && !list.filter.is_empty() {
        // the filter would hide what was just made: show everything instead
        list.filter.clear();
        rows::recompute_view(list);
        pos = list.view.iter().position(|&i| list.rows[i].id == id);
    }
    if let Some(pos) = pos {
        list.selected = pos;
        rows::follow_selection(list, h);
    }
    app.say(
        Level::Info,
        format!("duplicated as {name} in space {space}"),
    );
}

fn rename_credential(app: &mut App, id: &str, name: &str) {
    let d = &mut app.data;
    for c in d.connections.items.iter_mut() {
        if c.q_credentials_id.as_deref() == Some(id) {
            c.q_credentials_name = Some(name.to_string());
        }
    }
    if let Some(Remote::Loaded(c)) = d.credentials.get_mut(id) {
        c.q_name = name.to_string();
    }
    for o in d.orphans.items.iter_mut().filter(|o| o.q_id == id) {
        o.q_name = name.to_string();
    }
    for c in d.lookup.items.iter_mut().filter(|c| c.q_id == id) {
        c.q_name = name.to_string();
    }
    connections_changed(app);
}

/// Deleted credentials leave every view; connections that used them no longer point at them
/// (the tenant detaches them).
fn remove_credentials(app: &mut App, ids: &HashSet<String>) {
    if ids.is_empty() {
        return;
    }
    let d = &mut app.data;
    d.orphans.items.retain(|o| !ids.contains(&o.q_id));
    d.lookup.items.retain(|c| !ids.contains(&c.q_id));
    for id in ids {
        d.credentials.remove(id);
    }
    let mut detached = Vec::new();
    for c in d.connections.items.iter_mut() {
        if c.q_credentials_id
            .as_ref()
            .is_some_and(|id| ids.contains(id))
        {
            c.q_credentials_id = None;
            c.q_credentials_name = None;
            detached.push(c.id().to_string());
        }
    }
    for id in detached {
        d.connection_details.remove(&id);
    }
    connections_changed(app);
}

/// A duplicate or rename the tenant refused: the prompt (if still open) keeps what was typed
/// and shows why, and the messages keep it too.
fn name_dialog_failed(app: &mut App, open: bool, what: &str, e: &crate::api::Error) {
    if open {
        if let Some(d) = app.layers.name_dialog_mut() {
            d.sending = false;
            d.error = Some(e.summary());
        }
    }
    app.say(Level::Error, format!("could not {what}: {}", e.summary()));
}
