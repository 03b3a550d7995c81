//! A batch change of connections: the space and/or owner chosen in the `m` dialog become one
//! `actions/update` (all it can change besides the name), listed item by item in a confirm
//! (name, from → to, the one request) before anything goes out; its yes sends once, and each
//! item's answer (207) is shown under its line. Failed items keep their marks, so `m` again
//! retries just those.

use std::collections::{HashMap, HashSet};

use crate::api::models::{BulkResponse, BulkUpdateItem, BulkUpdateRequest};
use crate::api::Error;
use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::feedback::count;
use crate::app::keymap::Intent;
use crate::app::listed::ListedConnection;
use crate::app::manage::{
    Batch, BatchItem, BatchStage, ItemResult, Mutation, Target, KEEP, PERSONAL,
};
use crate::app::picker::Choice;
use crate::app::state::{App, Layer, Level, Pane, Remote};
use crate::app::update::lists::connections_changed;
use crate::app::update::tasks::send_write;
use crate::app::write::{Waiter, Write};

use super::answers::item_reason;

/// The space a picked choice stands for: `None` is the personal space.
pub(super) fn space_of(choice: &Choice) -> Option<String> {
    Some(choice.value.clone()).filter(|id| !id.is_empty())
}

/// A space or owner the user chose; `None`: each connection keeps its own.
fn chosen(choice: Option<&Choice>) -> Option<&Choice> {
    choice.filter(|c| c.value != KEEP)
}

fn allows(c: &ListedConnection, privilege: &str) -> bool {
    c.privileges
        .as_ref()
        .is_none_or(|p| p.iter().any(|x| x == privilege))
}

/// The space as the confirm names it.
fn space_label(app: &App, id: Option<&str>) -> String {
    match id {
        None => PERSONAL.to_string(),
        Some(id) => app.space_name(Some(id)),
    }
}

/// One connection's item of the request, with its lines: `None` when nothing of it changes
/// (already there, or the tenant does not let the caller change it: why, in `skipped`).
fn plan_item(
    app: &App,
    c: &ListedConnection,
    space: Option<(Option<&str>, &str)>,
    owner: Option<&Choice>,
) -> (Option<BulkUpdateItem>, BatchItem) {
    let mut item = BulkUpdateItem {
        id: c.id().to_string(),
        ..Default::default()
    };
    let mut changes = Vec::new();
    let mut refused = Vec::new();
    if let Some((to, kind)) = space.filter(|(to, _)| *to != c.space_id()) {
        if allows(c, "change_space") {
            item.space_id = Some(to.unwrap_or_default().to_string());
            item.space_type = Some(kind.to_string());
            changes.push(format!(
                "space {} → {}",
                space_label(app, c.space_id()),
                space_label(app, to)
            ));
        } else {
            refused.push("its space (no change_space privilege)");
        }
    }
    if let Some(o) = owner.filter(|o| c.user.as_deref() != Some(o.value.as_str())) {
        if allows(c, "change_owner") {
            item.owner_id = Some(o.value.clone());
            changes.push(format!(
                "owner {} → {}",
                app.owner_label(c.user.as_deref()),
                o.label
            ));
        } else {
            refused.push("its owner (no change_owner privilege)");
        }
    }
    let skipped = match (changes.is_empty(), refused.is_empty()) {
        (false, _) => None,
        (true, true) => Some("left out: nothing changes (already there)".to_string()),
        (true, false) => Some(format!("left out: cannot change {}", refused.join(" or "))),
    };
    let line = BatchItem {
        target: Target {
            id: c.id().into(),
            name: c.q_name.clone(),
        },
        changes,
        skipped,
        result: None,
    };
    (line.skipped.is_none().then_some(item), line)
}

/// The `m` dialog's choices for `targets` as a [`Batch`] confirm in the dialog's place; `Err`:
/// why there is nothing to send (the dialog stays).
pub(super) fn open(
    app: &mut App,
    targets: &[Target],
    space: Option<&Choice>,
    owner: Option<&Choice>,
) -> Result<(), String> {
    let space_id = chosen(space).map(space_of);
    let space_type = space_id.as_ref().map(|id| match id {
        None => "personal".to_string(),
        Some(id) => app
            .data
            .spaces
            .items
            .iter()
            .find(|s| &s.id == id)
            .and_then(|s| s.space_type.clone())
            .unwrap_or_else(|| "shared".into()),
    });
    let space = space_id
        .as_ref()
        .zip(space_type.as_deref())
        .map(|(id, kind)| (id.as_deref(), kind));
    let owner = chosen(owner);
    let by_id = crate::app::listed::by_id(&app.data.connections.items);
    let mut request = BulkUpdateRequest::default();
    let mut items = Vec::new();
    for t in targets {
        let Some(c) = by_id.get(t.id.as_str()) else {
            continue;
        };
        let (item, line) = plan_item(app, c, space, owner);
        request.connections.extend(item);
        items.push(line);
    }
    if request.connections.is_empty() {
        return Err(match items.first().and_then(|i| i.skipped.clone()) {
            Some(why) if items.len() == 1 => why,
            _ => "nothing to change: choose another space or owner".into(),
        });
    }
    let mut notes = Vec::new();
    if request.connections.iter().any(|i| i.owner_id.is_some()) {
        notes.push(
            "A new owner does not get the credentials: the tenant does not transfer them, \
             the new owner brings their own."
                .to_string(),
        );
    }
    let n = request.connections.len();
    let title = match (space.is_some(), owner.is_some()) {
        (true, false) => format!(" Move {} ", count(n, "connection")),
        (false, true) => format!(" Change the owner of {} ", count(n, "connection")),
        _ => format!(" Change {} ", count(n, "connection")),
    };
    app.layers.close_dialog();
    app.layers.push(Layer::Batch(Box::new(Batch {
        title,
        items,
        request,
        notes,
        stage: BatchStage::Asking,
        scroll: 0,
    })));
    Ok(())
}

/// [`Layer::Batch`] on top: its yes sends the one request once; no closes (before sending,
/// nothing was sent); the arrows scroll the items.
pub(in crate::app::update) fn on_batch(app: &mut App, action: Action, fx: &mut Vec<Effect>) {
    let Action::Intent(intent) = action else {
        return;
    };
    let Some(b) = app.layers.batch_mut() else {
        return;
    };
    match intent {
        Intent::ConfirmYes => match b.stage {
            BatchStage::Asking => {
                b.stage = BatchStage::Sending;
                let items = b.request.connections.clone();
                let what = b.title.trim().to_lowercase();
                for i in &items {
                    app.manage.busy.insert(i.id.clone());
                }
                let write = Write::Mutate(Mutation::UpdateConnections { items });
                send_write(app, what, Waiter::Manage, write, fx);
            }
            BatchStage::Sending => app.say(Level::Warn, "already sent: waiting for the answer"),
            BatchStage::Answered => app.say(
                Level::Warn,
                "this batch was sent once; the failed connections are still marked: m retries them",
            ),
        },
        Intent::ConfirmNo => {
            let asking = b.stage == BatchStage::Asking;
            app.layers.close_dialog();
            if asking {
                app.say(Level::Info, "nothing was sent");
            }
        }
        Intent::Down => b.scroll = b.scroll.saturating_add(1),
        Intent::Up => b.scroll = b.scroll.saturating_sub(1),
        Intent::PageDown => b.scroll = b.scroll.saturating_add(10),
        Intent::PageUp => b.scroll = b.scroll.saturating_sub(10),
        _ => {}
    }
}

/// Each item's answer, by id; the whole request's failure stands for every item.
fn answers(items: &[BulkUpdateItem], result: &Result<BulkResponse, Error>) -> Vec<ItemResult> {
    let bulk = match result {
        Ok(bulk) => bulk,
        Err(e) => {
            let why = e.summary();
            return items
                .iter()
                .map(|_| ItemResult::Failed {
                    status: None,
                    why: why.clone(),
                })
                .collect();
        }
    };
    let by_id: HashMap<&str, _> = bulk.data.iter().map(|r| (r.id.as_str(), r)).collect();
    items
        .iter()
        .map(|i| match by_id.get(i.id.as_str()) {
            Some(r) if (200..300).contains(&r.status) => ItemResult::Done(r.status),
            Some(r) => ItemResult::Failed {
                status: Some(r.status),
                why: item_reason(r.error.as_ref()),
            },
            None => ItemResult::Failed {
                status: None,
                why: "the tenant did not answer for it".into(),
            },
        })
        .collect()
}

/// The answer of a batch: what went through changes in the lists in place and is unmarked;
/// what failed keeps its mark; each item's answer goes under its line in the confirm.
pub(super) fn connections_updated(
    app: &mut App,
    items: Vec<BulkUpdateItem>,
    result: Result<BulkResponse, Error>,
) {
    for i in &items {
        app.manage.busy.remove(&i.id);
    }
    let results = answers(&items, &result);
    let done: HashSet<String> = items
        .iter()
        .zip(&results)
        .filter(|(_, r)| matches!(r, ItemResult::Done(_)))
        .map(|(i, _)| i.id.clone())
        .collect();
    apply(app, items.iter().filter(|i| done.contains(&i.id)));
    app.list_mut(Pane::Connections)
        .marked
        .retain(|id| !done.contains(id));
    connections_changed(app);
    let failed = items.len() - done.len();
    if let Some(b) = app.layers.batch_mut() {
        for (item, r) in items.iter().zip(results) {
            if let Some(line) = b.items.iter_mut().find(|l| l.target.id.as_str() == item.id) {
                line.result = Some(r);
            }
        }
        b.stage = BatchStage::Answered;
    }
    match (&result, failed) {
        (Err(e), _) => app.say(
            Level::Error,
            format!(
                "nothing changed: {} (still marked: m to try again)",
                e.summary()
            ),
        ),
        (Ok(_), 0) => app.say(
            Level::Info,
            format!("updated {}", count(done.len(), "connection")),
        ),
        (Ok(_), n) => app.say(
            Level::Error,
            format!(
                "updated {}, {n} failed (still marked: m to retry them)",
                done.len()
            ),
        ),
    }
}

/// What went through, into the lists: the space and owner; a list scoped to another space no
/// longer shows what left it.
fn apply<'a>(app: &mut App, items: impl Iterator<Item = &'a BulkUpdateItem>) {
    let mut left = HashSet::new();
    let scope = app.space_scope.as_ref().map(|s| s.id.clone());
    for i in items {
        let space = i
            .space_id
            .as_ref()
            .map(|s| Some(s.clone()).filter(|s| !s.is_empty()));
        let d = &mut app.data;
        if let Some(c) = d.connections.items.iter_mut().find(|c| c.id() == i.id) {
            if let Some(space) = &space {
                c.space = space.as_deref().map(Into::into);
            }
            if let Some(owner) = &i.owner_id {
                c.user = Some(owner.as_str().into());
                // the tenant keeps the credentials with the old owner
                c.q_credentials_id = None;
                c.q_credentials_name = None;
            }
        }
        match d.connection_details.get_mut(&i.id) {
            Some(Remote::Loaded(full)) if i.owner_id.is_none() => {
                if let Some(space) = &space {
                    full.space = space.clone();
                }
            }
            // read again when next shown: the owner change dropped its credentials
            Some(_) => {
                d.connection_details.remove(&i.id);
            }
            None => {}
        }
        if let (Some(scope), Some(space)) = (&scope, &space) {
            if space.as_ref() != Some(scope) {
                left.insert(i.id.clone());
            }
        }
    }
    super::answers::remove_connections(app, &left);
}
