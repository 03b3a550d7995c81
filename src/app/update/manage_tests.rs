//! Managing through `update`: nothing destructive leaves without a `y`, and answers fold back
//! into the lists in place.

use super::tests::{conn, key, ticket_of};
use super::*;
use crate::api::models::Connection;
use crate::api::models::{
    BulkItemResult, BulkResponse, ConnectionsPage, Credential, FilterOrphanResponse, ListMeta,
    OrphanCredential, Space,
};
use crate::api::Error;
use crate::app::action::Payload;
use crate::app::effect::Slot;
use crate::app::keymap::Context;
use crate::app::manage::{ItemResult, Mutation, NameField, Outcome};
use crate::app::state::Layer;
use crate::app::state::Tenant;
use crate::app::state::{Pane, Remote};
use crate::app::write::{Write, Written};

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, Action::Type(c));
    }
}

fn mutations(fx: &[Effect]) -> Vec<&Mutation> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Write {
                write: Write::Mutate(m),
                ..
            } => Some(m),
            _ => None,
        })
        .collect()
}

/// A mutation's outcome, as the tenant answers the write in flight.
struct Answer(Outcome);

/// The answer to the oldest write in flight, by its ticket, then the end of that write.
fn answer(app: &mut App, Answer(outcome): Answer) -> Vec<Effect> {
    let ticket = *app.writes.iter().next().expect("a write in flight").0;
    let fx = update(app, Action::Written(ticket, Written::Mutated(outcome)));
    update(app, Action::WriteEnded(ticket));
    fx
}

fn separated(mut c: Connection) -> Connection {
    c.q_separate_credentials = Some(true);
    c.q_credentials_id = None;
    c
}

fn datafiles(i: usize) -> Connection {
    Connection {
        q_type: "qix-datafiles.exe".into(),
        datasource_id: None,
        ..conn(i, "DataFiles", Some("sp-fin"), None)
    }
}

fn http_error(status: u16, detail: &str) -> Error {
    let body =
        format!(r#"{{"errors":[{{"code":"DCERROR-0001","title":"Failed","detail":"{detail}"}}]}}"#);
    Error::from_response("test", status, body.as_bytes(), None)
}

/// On Connections, spaces and these connections loaded.
fn loaded(conns: Vec<Connection>) -> App {
    let mut app = App::new(Tenant::default());
    update(
        &mut app,
        Action::Resize {
            width: 80,
            height: 24,
        },
    );
    let fx = key(&mut app, Intent::GoPane(Pane::Connections));
    let (c, s) = (
        ticket_of(&fx, Slot::Connections),
        ticket_of(&fx, Slot::Spaces),
    );
    let spaces = vec![
        Space {
            id: "sp-fin".into(),
            name: "Finance".into(),
            ..Default::default()
        },
        Space {
            id: "sp-hr".into(),
            name: "HR".into(),
            ..Default::default()
        },
    ];
    update(&mut app, Action::Loaded(s, Payload::Spaces(Ok(spaces))));
    let n = conns.len() as i64;
    update(
        &mut app,
        Action::Loaded(
            c,
            Payload::ConnectionsPage(Ok(ConnectionsPage {
                data: conns,
                meta: Some(ListMeta {
                    count: Some(n),
                    ..Default::default()
                }),
                ..Default::default()
            })),
        ),
    );
    update(&mut app, Action::Loaded(c, Payload::ConnectionsEnd));
    app
}

pub(super) fn four() -> App {
    loaded(vec![
        conn(1, "sales", Some("sp-fin"), Some("cr1")),
        conn(2, "hr", Some("sp-hr"), Some("cr1")),
        separated(conn(3, "lake", Some("sp-fin"), None)),
        conn(4, "scratch", None, None),
        datafiles(5),
    ])
}

fn names(app: &App) -> Vec<String> {
    let l = app.list(Pane::Connections);
    l.view
        .iter()
        .map(|&i| l.rows[i].cells[0].to_string())
        .collect()
}

fn flash(app: &App) -> String {
    app.flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default()
}

#[test]
fn d_then_n_esc_or_enter_sends_nothing_and_keeps_the_row() {
    let mut app = four();
    // n, Esc and Enter are all "keep" in the confirm context
    let fx = key(&mut app, Intent::Delete);
    assert!(mutations(&fx).is_empty());
    assert_eq!(app.context(), Context::Confirm);
    for code in [
        crossterm::event::KeyCode::Char('n'),
        crossterm::event::KeyCode::Esc,
        crossterm::event::KeyCode::Enter,
    ] {
        key(&mut app, Intent::Delete);
        let ev = crossterm::event::KeyEvent::new(code, crossterm::event::KeyModifiers::NONE);
        let action = app.keymap.action_for(app.context(), &ev).expect("bound");
        let fx = update(&mut app, action);
        assert!(mutations(&fx).is_empty(), "{code:?} must keep");
        assert!(
            !app.layers.any(Layer::is_dialog),
            "{code:?} closes the dialog"
        );
    }
    assert_eq!(names(&app).len(), 5);
    assert_eq!(app.writes.len(), 0);
}

#[test]
fn d_then_y_sends_exactly_one_delete_and_not_twice_while_in_flight() {
    let mut app = four();
    key(&mut app, Intent::Down); // "hr"
    key(&mut app, Intent::Delete);
    let Some(c) = app.layers.confirm() else {
        panic!("a confirm")
    };
    assert_eq!(c.question, "Delete connection \"hr\" in space HR?");
    let fx = key(&mut app, Intent::ConfirmYes);
    assert_eq!(
        mutations(&fx),
        vec![&Mutation::DeleteConnection { id: "c0002".into() }]
    );
    assert_eq!(app.writes.len(), 1);
    // the same key again while the first request is on its way: no dialog, no request
    let fx = key(&mut app, Intent::Delete);
    assert!(!app.layers.any(Layer::is_dialog));
    assert!(mutations(&fx).is_empty());
    assert!(
        flash(&app).contains("already working on hr"),
        "{}",
        flash(&app)
    );

    answer(
        &mut app,
        Answer(Outcome::ConnectionDeleted {
            id: "c0002".into(),
            result: Ok(()),
        }),
    );
    assert_eq!(names(&app), ["sales", "lake", "scratch", "DataFiles"]);
    assert_eq!(app.data.connections_total, Some(4));
    assert_eq!(app.writes.len(), 0);
    // the selection moved to the next row; the credentials follow the connections
    assert_eq!(
        &app.list(Pane::Connections).selected_row().unwrap().cells[0],
        "lake"
    );
    assert_eq!(app.data.referenced[0].connections, 1);
}

#[test]
fn a_failed_delete_leaves_the_list_as_it_was_and_says_why() {
    let mut app = four();
    key(&mut app, Intent::Delete);
    key(&mut app, Intent::ConfirmYes);
    let before = names(&app);
    answer(
        &mut app,
        Answer(Outcome::ConnectionDeleted {
            id: "c0001".into(),
            result: Err(http_error(403, "no delete privilege")),
        }),
    );
    assert_eq!(names(&app), before);
    assert!(flash(&app).contains("could not delete connection sales: 403"));
    assert!(flash(&app).contains("no delete privilege"));
    assert!(app.manage.busy.is_empty());
}

#[test]
fn separated_credentials_are_mentioned_and_datafiles_cannot_be_deleted() {
    let mut app = four();
    key(&mut app, Intent::Down);
    key(&mut app, Intent::Down); // lake
    key(&mut app, Intent::Delete);
    let Some(Layer::Confirm(c)) = app.layers.close_dialog() else {
        panic!("a confirm")
    };
    assert!(c.notes[0].text.contains("separated credentials: they stay"));
    assert!(c.notes[0].text.contains("orphans"));
    key(&mut app, Intent::Bottom); // DataFiles
    let fx = key(&mut app, Intent::Delete);
    assert!(!app.layers.any(Layer::is_dialog));
    assert!(mutations(&fx).is_empty());
    assert!(flash(&app).contains("cannot be deleted"));
    // nor marked, and the message says why for every action a mark is for
    key(&mut app, Intent::ToggleMark);
    assert!(app.list(Pane::Connections).marked.is_empty());
    assert!(
        flash(&app).contains("not deleted, moved or given away"),
        "{}",
        flash(&app)
    );
}

#[test]
fn marks_survive_filter_and_sort_and_esc_clears_them() {
    let mut app = four();
    key(&mut app, Intent::ToggleMark); // sales, moves on to hr
    key(&mut app, Intent::Down); // lake
    key(&mut app, Intent::ToggleMark);
    assert_eq!(app.list(Pane::Connections).marked.len(), 2);
    key(&mut app, Intent::Filter);
    typed(&mut app, "sal");
    key(&mut app, Intent::PromptSubmit);
    assert_eq!(names(&app), ["sales"]);
    key(&mut app, Intent::SortFlip);
    key(&mut app, Intent::Back); // clears the filter, not the marks
    assert_eq!(names(&app).len(), 5);
    let marked = &app.list(Pane::Connections).marked;
    assert!(marked.contains("c0001") && marked.contains("c0003"));
    // the batch names both, though one was hidden by the filter a moment ago
    key(&mut app, Intent::Delete);
    let Some(Layer::Confirm(c)) = app.layers.close_dialog() else {
        panic!("a confirm")
    };
    assert_eq!(c.question, "Delete 2 connections?");
    key(&mut app, Intent::Back); // no filter left: Esc unmarks
    assert!(app.list(Pane::Connections).marked.is_empty());
}

#[test]
fn a_207_with_one_failure_keeps_that_row_marked_and_removes_the_others() {
    let mut app = four();
    for _ in 0..3 {
        key(&mut app, Intent::ToggleMark);
    }
    key(&mut app, Intent::Delete);
    let fx = key(&mut app, Intent::ConfirmYes);
    let ids: Vec<crate::api::ids::ConnectionId> =
        vec!["c0001".into(), "c0002".into(), "c0003".into()];
    assert_eq!(
        mutations(&fx),
        vec![&Mutation::DeleteConnections { ids: ids.clone() }]
    );
    let item = |id: &str, status: i64| BulkItemResult {
        id: id.into(),
        status,
        error: (status >= 400).then(|| crate::api::models::ApiErrorItem {
            title: Some("Connection not found".into()),
            ..Default::default()
        }),
    };
    answer(
        &mut app,
        Answer(Outcome::ConnectionsDeleted {
            ids,
            result: Ok(BulkResponse {
                data: vec![item("c0001", 204), item("c0002", 404), item("c0003", 204)],
            }),
        }),
    );
    assert_eq!(names(&app), ["hr", "scratch", "DataFiles"]);
    let marked: Vec<_> = app.list(Pane::Connections).marked.iter().cloned().collect();
    assert_eq!(marked, ["c0002"]);
    assert_eq!(
        flash(&app),
        "2 deleted, 1 failed: hr: 404 Connection not found"
    );
    assert!(app
        .messages
        .iter()
        .any(|m| m.text == "delete failed: hr: 404 Connection not found"));
    assert_eq!(app.data.connections_total, Some(3));
}

#[test]
fn a_failed_batch_request_changes_nothing() {
    let mut app = four();
    key(&mut app, Intent::ToggleMark);
    key(&mut app, Intent::ToggleMark);
    key(&mut app, Intent::Delete);
    key(&mut app, Intent::ConfirmYes);
    answer(
        &mut app,
        Answer(Outcome::ConnectionsDeleted {
            ids: vec!["c0001".into(), "c0002".into()],
            result: Err(http_error(403, "admins only")),
        }),
    );
    assert_eq!(names(&app).len(), 5);
    assert_eq!(app.list(Pane::Connections).marked.len(), 2);
    assert!(flash(&app).starts_with("could not delete 2 connections: 403"));
}

#[test]
fn duplicate_prefills_sends_the_chosen_space_and_keeps_the_prompt_on_409() {
    let mut app = four();
    let fx = key(&mut app, Intent::Duplicate);
    assert!(mutations(&fx).is_empty());
    let Some(d) = app.layers.name_dialog() else {
        panic!("a prompt")
    };
    assert_eq!(d.name, "sales (copy)");
    let picker = d.space.as_ref().unwrap();
    assert_eq!(picker.chosen().unwrap().label, "Finance");
    // edit the name, then pick HR
    key(
        &mut app,
        Intent::Input(crate::app::text_input::TextEdit::DeleteBack),
    );
    typed(&mut app, "2)");
    key(&mut app, Intent::DialogSwitchField);
    key(&mut app, Intent::Down);
    let fx = key(&mut app, Intent::DialogSubmit);
    let sent = Mutation::DuplicateConnection {
        source_id: "c0001".into(),
        name: "sales (copy2)".into(),
        space_id: Some("sp-hr".into()),
        look_up_first: false,
        target_space: Some("sp-hr".into()),
    };
    assert_eq!(mutations(&fx), vec![&sent]);
    // Enter again while it is on its way sends nothing
    assert!(mutations(&key(&mut app, Intent::DialogSubmit)).is_empty());

    answer(
        &mut app,
        Answer(Outcome::Duplicated(Err(http_error(
            409,
            "A connection named 'sales (copy2)' already exists in this space.",
        )))),
    );
    let Some(d) = app.layers.name_dialog() else {
        panic!("the prompt stays open")
    };
    assert_eq!(d.name, "sales (copy2)");
    assert_eq!(d.focus, NameField::Space);
    assert_eq!(d.space.as_ref().unwrap().chosen().unwrap().label, "HR");
    assert!(d.error.as_deref().unwrap().contains("already exists"));
    assert!(!d.sending);

    let fx = key(&mut app, Intent::DialogSubmit);
    assert_eq!(mutations(&fx), vec![&sent]);
    let mut copy = conn(9, "sales (copy2)", Some("sp-hr"), None);
    copy.id = Some("c-new".into());
    answer(&mut app, Answer(Outcome::Duplicated(Ok(copy))));
    assert!(!app.layers.any(Layer::is_dialog));
    assert_eq!(
        names(&app),
        [
            "sales",
            "hr",
            "lake",
            "scratch",
            "sales (copy2)",
            "DataFiles"
        ]
    );
    let l = app.list(Pane::Connections);
    assert_eq!(l.selected_row().unwrap().id, "c-new");
    assert_eq!(app.data.connections_total, Some(6));
}

#[test]
fn a_duplicate_hidden_by_the_filter_clears_it_so_it_can_be_selected() {
    let mut app = four();
    key(&mut app, Intent::Filter);
    typed(&mut app, "sales");
    key(&mut app, Intent::PromptSubmit);
    key(&mut app, Intent::Duplicate);
    key(
        &mut app,
        Intent::Input(crate::app::text_input::TextEdit::DeleteToStart),
    );
    typed(&mut app, "other");
    key(&mut app, Intent::DialogSubmit);
    let mut copy = conn(9, "other", Some("sp-fin"), None);
    copy.id = Some("c-new".into());
    answer(&mut app, Answer(Outcome::Duplicated(Ok(copy))));
    let l = app.list(Pane::Connections);
    assert!(l.filter.is_empty());
    assert_eq!(&l.selected_row().unwrap().cells[0], "other");
}

fn on_credentials(app: &mut App) {
    key(app, Intent::GoPane(Pane::Credentials));
}

#[test]
fn rename_patches_the_name_and_every_view_follows() {
    let named = |mut c: Connection| {
        c.q_credentials_name = Some("svc".into());
        c
    };
    let mut app = loaded(vec![
        named(conn(1, "sales", Some("sp-fin"), Some("cr1"))),
        named(conn(2, "hr", Some("sp-hr"), Some("cr1"))),
    ]);
    on_credentials(&mut app);
    key(&mut app, Intent::Rename);
    let Some(d) = app.layers.name_dialog() else {
        panic!("a prompt")
    };
    assert_eq!(d.name, "svc");
    assert!(d.space.is_none());
    key(
        &mut app,
        Intent::Input(crate::app::text_input::TextEdit::DeleteToStart),
    );
    typed(&mut app, "svc-sales");
    let fx = key(&mut app, Intent::DialogSubmit);
    assert_eq!(
        mutations(&fx),
        vec![&Mutation::RenameCredential {
            id: "cr1".into(),
            name: "svc-sales".into()
        }]
    );
    answer(
        &mut app,
        Answer(Outcome::CredentialRenamed {
            id: "cr1".into(),
            name: "svc-sales".into(),
            result: Ok(()),
        }),
    );
    assert!(!app.layers.any(Layer::is_dialog));
    assert_eq!(&app.list(Pane::Credentials).rows[0].cells[0], "svc-sales");
}

#[test]
fn a_credential_in_use_is_deleted_only_after_a_clear_warning() {
    let mut app = four();
    on_credentials(&mut app);
    app.data.credentials.insert(
        "cr1".into(),
        Remote::Loaded(Credential {
            q_id: "cr1".into(),
            q_name: "svc".into(),
            q_conn_count: 3,
            ..Default::default()
        }),
    );
    key(&mut app, Intent::Delete);
    let Some(c) = app.layers.confirm() else {
        panic!("a confirm")
    };
    assert!(c.notes[0].warning);
    assert!(c.notes[0]
        .text
        .starts_with("3 connections use it: without it"));
    assert_eq!(c.items.len(), 2); // the two listed here
    let fx = key(&mut app, Intent::ConfirmYes);
    assert_eq!(
        mutations(&fx),
        vec![&Mutation::DeleteCredentials {
            ids: vec!["cr1".into()]
        }]
    );
    answer(
        &mut app,
        Answer(Outcome::CredentialsDeleted(vec![("cr1".into(), Ok(()))])),
    );
    assert!(app.list(Pane::Credentials).rows.is_empty());
    assert!(app
        .data
        .connections
        .items
        .iter()
        .all(|c| c.q_credentials_id.is_none()));
}

#[test]
fn orphans_are_marked_and_deleted_one_request_each_failures_stay_marked() {
    let mut app = four();
    on_credentials(&mut app);
    let fx = key(&mut app, Intent::ToggleOrphans);
    let t = ticket_of(&fx, Slot::Orphans);
    let orphan = |id: &str, name: &str| OrphanCredential {
        q_id: id.into(),
        q_name: name.into(),
        ..Default::default()
    };
    update(
        &mut app,
        Action::Loaded(
            t,
            Payload::Orphans(Ok(FilterOrphanResponse {
                data: vec![orphan("o1", "a"), orphan("o2", "b"), orphan("o3", "c")],
                count: 3,
            })),
        ),
    );
    key(&mut app, Intent::ToggleMark);
    key(&mut app, Intent::ToggleMark);
    key(&mut app, Intent::Delete);
    let Some(c) = app.layers.confirm() else {
        panic!("a confirm")
    };
    assert_eq!(c.question, "Delete 2 orphan credentials?");
    let fx = key(&mut app, Intent::ConfirmYes);
    assert_eq!(
        mutations(&fx),
        vec![&Mutation::DeleteCredentials {
            ids: vec!["o1".into(), "o2".into()]
        }]
    );
    answer(
        &mut app,
        Answer(Outcome::CredentialsDeleted(vec![
            ("o1".into(), Ok(())),
            ("o2".into(), Err(http_error(404, "gone"))),
        ])),
    );
    let l = app.list(Pane::Credentials);
    let left: Vec<_> = l.rows.iter().map(|r| r.cells[0].to_string()).collect();
    assert_eq!(left, ["b", "c"]);
    assert_eq!(l.marked.iter().collect::<Vec<_>>(), ["o2"]);
    assert!(flash(&app).starts_with("1 deleted, 1 failed: b: 404"));
    // marks are for orphans: the referenced view does not take them
    key(&mut app, Intent::ToggleOrphans);
    key(&mut app, Intent::ToggleMark);
    assert!(app.list(Pane::Credentials).marked.is_empty());
}

#[test]
fn deleting_a_separated_connection_makes_the_orphans_list_load_again() {
    let mut app = four();
    on_credentials(&mut app);
    let fx = key(&mut app, Intent::ToggleOrphans);
    let t = ticket_of(&fx, Slot::Orphans);
    update(
        &mut app,
        Action::Loaded(t, Payload::Orphans(Ok(FilterOrphanResponse::default()))),
    );
    key(&mut app, Intent::GoPane(Pane::Connections));
    key(&mut app, Intent::Down);
    key(&mut app, Intent::Down); // lake, separated
    key(&mut app, Intent::Delete);
    key(&mut app, Intent::ConfirmYes);
    answer(
        &mut app,
        Answer(Outcome::ConnectionDeleted {
            id: "c0003".into(),
            result: Ok(()),
        }),
    );
    let fx = key(&mut app, Intent::GoPane(Pane::Credentials));
    ticket_of(&fx, Slot::Orphans);
}

#[test]
fn rename_of_a_credential_known_only_by_id_starts_empty_and_names_the_id() {
    let mut app = four();
    on_credentials(&mut app);
    key(&mut app, Intent::Rename);
    let Some(d) = app.layers.name_dialog() else {
        panic!("a prompt")
    };
    assert_eq!(d.name, "");
    assert_eq!(
        d.purpose,
        crate::app::manage::NamePurpose::RenameCredential(crate::app::manage::Target {
            id: "cr1".into(),
            name: "cr1".into()
        })
    );
    // an empty name is refused before anything is sent
    let fx = key(&mut app, Intent::DialogSubmit);
    assert!(mutations(&fx).is_empty());
    let Some(d) = app.layers.name_dialog() else {
        panic!("still open")
    };
    assert_eq!(d.error.as_deref(), Some("a name is required"));
}

#[test]
fn a_rename_409_keeps_the_prompt_with_the_tenants_message() {
    let mut app = four();
    on_credentials(&mut app);
    key(&mut app, Intent::Rename);
    typed(&mut app, "taken");
    key(&mut app, Intent::DialogSubmit);
    assert!(app.manage.busy.contains("cr1"));
    answer(
        &mut app,
        Answer(Outcome::CredentialRenamed {
            id: "cr1".into(),
            name: "taken".into(),
            result: Err(http_error(
                409,
                "A credential named 'taken' already exists.",
            )),
        }),
    );
    let Some(d) = app.layers.name_dialog() else {
        panic!("the prompt stays open")
    };
    assert_eq!(d.name, "taken");
    assert!(d.error.as_deref().unwrap().contains("409 conflict"));
    assert!(flash(&app).contains("already exists"));
    assert!(app.manage.busy.is_empty());
    assert_eq!(&app.list(Pane::Credentials).rows[0].cells[0], "");
}

#[test]
fn one_marked_row_is_asked_about_in_the_singular() {
    let mut app = four();
    key(&mut app, Intent::ToggleMark);
    key(&mut app, Intent::Delete);
    let Some(c) = app.layers.confirm() else {
        panic!("a confirm")
    };
    assert_eq!(c.question, "Delete 1 connection?");
}

#[test]
fn managing_keys_are_bound_where_they_apply_and_flagged_as_mutating() {
    use crate::app::keymap::{Key, Keymap};
    use crossterm::event::KeyCode;
    let map = Keymap::default();
    let intent_for = |ctx, key| map.intent_for(ctx, key);
    let ch = |c| Key {
        code: KeyCode::Char(c),
        ctrl: false,
        alt: false,
    };
    let code = |code| Key::plain(code);
    assert_eq!(intent_for(Context::List(Pane::Sources), ch('d')), None);
    assert_eq!(intent_for(Context::List(Pane::Gateways), ch(' ')), None);
    assert_eq!(
        intent_for(Context::List(Pane::Connections), ch('d')),
        Some(Intent::Delete)
    );
    assert_eq!(
        intent_for(Context::List(Pane::Credentials), ch('e')),
        Some(Intent::Rename)
    );
    // `y` copies in a list and deletes only inside the confirm; every other answer keeps
    assert_eq!(
        intent_for(Context::List(Pane::Connections), ch('y')),
        Some(Intent::CopyId)
    );
    assert_eq!(
        intent_for(Context::Confirm, ch('y')),
        Some(Intent::ConfirmYes)
    );
    for k in [ch('n'), code(KeyCode::Esc), code(KeyCode::Enter)] {
        assert_eq!(intent_for(Context::Confirm, k), Some(Intent::ConfirmNo));
    }
    assert_eq!(intent_for(Context::Confirm, ch('q')), None);
    for i in [
        Intent::Delete,
        Intent::Duplicate,
        Intent::Rename,
        Intent::ConfirmYes,
    ] {
        assert!(i.mutates(), "{i:?}");
    }
    assert!(!Intent::ToggleMark.mutates());
}

#[test]
fn a_connection_without_the_delete_privilege_is_flagged_before_asking() {
    let mut read_only = conn(1, "shared", Some("sp-fin"), None);
    read_only.privileges = Some(vec!["list".into(), "read".into()]);
    let mut app = loaded(vec![read_only, conn(2, "mine", Some("sp-fin"), None)]);
    key(&mut app, Intent::Delete);
    let Some(Layer::Confirm(c)) = app.layers.close_dialog() else {
        panic!("a confirm")
    };
    assert!(c
        .notes
        .iter()
        .any(|n| n.warning && n.text.contains("do not include delete")));
    key(&mut app, Intent::ToggleMark);
    key(&mut app, Intent::ToggleMark);
    key(&mut app, Intent::Delete);
    let Some(c) = app.layers.confirm() else {
        panic!("a confirm")
    };
    assert!(c
        .notes
        .iter()
        .any(|n| n.warning && n.text.starts_with("1 of them does not grant you")));
}

#[test]
fn the_name_prompt_deletes_a_word_with_ctrl_w_and_to_the_start_with_ctrl_u() {
    let mut app = four();
    key(&mut app, Intent::Duplicate);
    key(
        &mut app,
        Intent::Input(crate::app::text_input::TextEdit::DeleteToStart),
    );
    typed(&mut app, "sales copy  ");
    key(
        &mut app,
        Intent::Input(crate::app::text_input::TextEdit::DeleteWordBack),
    );
    let name = |app: &App| match app.layers.top() {
        Some(Layer::Name(d)) => d.name.clone(),
        _ => panic!("a prompt"),
    };
    assert_eq!(name(&app), "sales ");
    key(
        &mut app,
        Intent::Input(crate::app::text_input::TextEdit::DeleteToStart),
    );
    assert_eq!(name(&app), "");
}

#[test]
fn arrows_choose_the_space_of_a_duplicate_while_the_name_has_the_focus() {
    let mut app = four();
    key(&mut app, Intent::Duplicate);
    let chosen = |app: &App| match app.layers.top() {
        Some(Layer::Name(d)) => (
            d.space.as_ref().unwrap().chosen().unwrap().label.clone(),
            d.focus,
            d.name.clone(),
        ),
        _ => panic!("a prompt"),
    };
    assert_eq!(chosen(&app).0, "Finance");
    key(&mut app, Intent::Down);
    let (space, focus, _) = chosen(&app);
    assert_eq!(space, "HR");
    assert_eq!(focus, NameField::Name, "the name keeps the focus");
    typed(&mut app, "2");
    assert_eq!(chosen(&app).2, "sales (copy)2");
    key(&mut app, Intent::Up);
    assert_eq!(chosen(&app).0, "Finance");
}

#[test]
fn a_rename_whose_answer_was_lost_reads_the_credential_back_and_shows_its_name() {
    let named = |mut c: Connection| {
        c.q_credentials_name = Some("svc".into());
        c
    };
    let mut app = loaded(vec![named(conn(1, "sales", Some("sp-fin"), Some("cr1")))]);
    on_credentials(&mut app);
    let dropped = || {
        Error::new(
            crate::api::ErrorKind::Transport,
            "PATCH /api/v1/data-credentials/cr1",
            "error sending request: connection closed before message completed",
        )
    };
    let read_back = |name: &str| Credential {
        q_id: "cr1".into(),
        q_name: name.into(),
        ..Default::default()
    };

    // the PATCH did not land: the prompt stays, says so, and Enter sends it again
    key(&mut app, Intent::Rename);
    key(
        &mut app,
        Intent::Input(crate::app::text_input::TextEdit::DeleteToStart),
    );
    typed(&mut app, "svc-sales");
    key(&mut app, Intent::DialogSubmit);
    answer(
        &mut app,
        Answer(Outcome::CredentialRenameLost {
            id: "cr1".into(),
            wanted: "svc-sales".into(),
            lost: dropped(),
            now: Ok(read_back("svc")),
        }),
    );
    let Some(d) = app.layers.name_dialog() else {
        panic!("the prompt stays open")
    };
    let said = d.error.clone().unwrap();
    assert!(said.contains("still named svc"), "{said}");
    assert!(!said.contains("error sending request"), "{said}");
    assert!(!d.sending);
    assert!(!app.manage.busy.contains("cr1"));
    assert_eq!(d.name, "svc-sales", "what was typed is kept");
    assert_eq!(
        mutations(&key(&mut app, Intent::DialogSubmit)),
        vec![&Mutation::RenameCredential {
            id: "cr1".into(),
            name: "svc-sales".into()
        }]
    );

    // this time it landed: the name read back is shown everywhere
    answer(
        &mut app,
        Answer(Outcome::CredentialRenameLost {
            id: "cr1".into(),
            wanted: "svc-sales".into(),
            lost: dropped(),
            now: Ok(read_back("svc-sales")),
        }),
    );
    assert!(!app.layers.any(Layer::is_dialog));
    assert_eq!(&app.list(Pane::Credentials).rows[0].cells[0], "svc-sales");
    assert!(
        flash(&app).contains("now named svc-sales"),
        "{}",
        flash(&app)
    );
    assert!(app.messages.iter().any(|m| m
        .text
        .contains("connection closed before message completed")));
}

#[test]
fn the_name_dialog_edits_like_the_form_left_home_ctrl_w_ctrl_u() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let press = |app: &mut App, code: KeyCode, mods: KeyModifiers| {
        let ev = KeyEvent::new(code, mods);
        if let Some(a) = app.keymap.action_for(app.context(), &ev) {
            update(app, a);
        }
    };
    let name = |app: &App| match app.layers.top() {
        Some(Layer::Name(d)) => (d.name.text().to_string(), d.name.cursor()),
        _ => panic!("a name dialog"),
    };
    let mut app = four();
    key(&mut app, Intent::Duplicate);
    assert_eq!(name(&app), ("sales (copy)".into(), 12));
    press(&mut app, KeyCode::Char('w'), KeyModifiers::CONTROL);
    assert_eq!(
        name(&app),
        ("sales ".into(), 6),
        "Ctrl-W: back to the space"
    );
    press(&mut app, KeyCode::Left, KeyModifiers::NONE);
    typed(&mut app, "-2");
    assert_eq!(name(&app), ("sales-2 ".into(), 7));
    press(&mut app, KeyCode::Home, KeyModifiers::NONE);
    typed(&mut app, "old ");
    assert_eq!(name(&app), ("old sales-2 ".into(), 4));
    press(&mut app, KeyCode::End, KeyModifiers::NONE);
    press(&mut app, KeyCode::Backspace, KeyModifiers::NONE);
    assert_eq!(name(&app).0, "old sales-2");
    press(&mut app, KeyCode::Left, KeyModifiers::NONE);
    press(&mut app, KeyCode::Left, KeyModifiers::NONE);
    press(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(
        name(&app),
        ("-2".into(), 0),
        "Ctrl-U deletes to the start of the name"
    );
}

/// The duplicate dialog starts on the connection's own space (HR for "hr"), lists the personal
/// space first by its name, and filters the spaces as you type on the space field; a filter
/// that matches nothing sends nothing (it is never read as "personal").
#[test]
fn the_duplicate_dialog_starts_at_the_own_space_lists_personal_first_and_filters() {
    let mut app = four();
    key(&mut app, Intent::Down); // "hr", in HR
    key(&mut app, Intent::Duplicate);
    let picker = |app: &App| match app.layers.top() {
        Some(Layer::Name(d)) => d.space.clone().unwrap(),
        _ => panic!("a prompt"),
    };
    let p = picker(&app);
    assert_eq!(p.chosen().unwrap().label, "HR");
    assert_eq!(p.items[0].label, "Personal");
    assert_eq!(p.items[0].value, "", "the personal space has no id");
    key(&mut app, Intent::DialogSwitchField);
    typed(&mut app, "fin");
    let p = picker(&app);
    let shown: Vec<&str> = p.shown().map(|(c, _)| c.label.as_str()).collect();
    assert_eq!(shown, ["Finance"]);
    assert_eq!(p.chosen().unwrap().label, "Finance");
    typed(&mut app, "zz");
    assert!(picker(&app).chosen().is_none());
    let fx = key(&mut app, Intent::DialogSubmit);
    assert!(mutations(&fx).is_empty(), "{fx:?}");
    key(
        &mut app,
        Intent::Input(crate::app::text_input::TextEdit::DeleteBack),
    );
    key(
        &mut app,
        Intent::Input(crate::app::text_input::TextEdit::DeleteBack),
    );
    let fx = key(&mut app, Intent::DialogSubmit);
    assert_eq!(
        mutations(&fx),
        vec![&Mutation::DuplicateConnection {
            source_id: "c0002".into(),
            name: "hr (copy)".into(),
            space_id: Some("sp-fin".into()),
            look_up_first: false,
            target_space: Some("sp-fin".into()),
        }]
    );
}

/// `m` with marks: a confirm lists each connection (from → to) and the one request; only its
/// yes sends one `actions/update` for every marked connection that changes (its type sent as
/// `spaceType`; the one already there is left out); a result per item under its line: the moved
/// ones show their new space and are unmarked, the refused one stays marked; yes twice sends once.
#[test]
fn marked_connections_move_in_one_bulk_update_after_a_confirm_with_a_result_per_item() {
    let mut app = four();
    key(&mut app, Intent::ToggleMark); // sales (Finance)
    key(&mut app, Intent::ToggleMark); // hr (HR)
    key(&mut app, Intent::ToggleMark); // lake (Finance)
    key(&mut app, Intent::Move);
    let Some(d) = app.layers.name_dialog() else {
        panic!("a move dialog")
    };
    assert_eq!(d.title, " Move 3 connections ");
    assert_eq!(d.focus, NameField::Space);
    typed(&mut app, "hr");
    let fx = key(&mut app, Intent::DialogSubmit);
    assert!(mutations(&fx).is_empty(), "the confirm first: {fx:?}");
    let Some(Layer::Batch(b)) = app.layers.top() else {
        panic!("a batch confirm")
    };
    let lines: Vec<(String, Vec<String>, Option<String>)> = b
        .items
        .iter()
        .map(|i| (i.target.name.clone(), i.changes.clone(), i.skipped.clone()))
        .collect();
    assert_eq!(
        lines,
        [
            ("sales".into(), vec!["space Finance → HR".to_string()], None),
            (
                "hr".into(),
                vec![],
                Some("left out: nothing changes (already there)".into())
            ),
            ("lake".into(), vec!["space Finance → HR".to_string()], None),
        ]
    );
    let to_hr =
        |id: &str| crate::api::models::BulkUpdateItem::move_to(id, Some(("sp-hr", "shared")));
    let sent = Mutation::UpdateConnections {
        items: vec![to_hr("c0001"), to_hr("c0003")],
    };
    let fx = key(&mut app, Intent::ConfirmYes);
    assert_eq!(mutations(&fx), vec![&sent]);
    assert!(
        mutations(&key(&mut app, Intent::ConfirmYes)).is_empty(),
        "sent once"
    );
    let item = |id: &str, status: i64, detail: Option<&str>| BulkItemResult {
        id: id.into(),
        status,
        error: detail.map(|d| crate::api::models::ApiErrorItem {
            detail: Some(d.into()),
            ..Default::default()
        }),
    };
    answer(
        &mut app,
        Answer(Outcome::ConnectionsUpdated {
            items: vec![to_hr("c0001"), to_hr("c0003")],
            result: Ok(BulkResponse {
                data: vec![
                    item("c0001", 204, None),
                    item(
                        "c0003",
                        409,
                        Some("A connection named 'lake' already exists there."),
                    ),
                ],
            }),
        }),
    );
    let said = flash(&app);
    assert!(said.contains("updated 1, 1 failed"), "{said}");
    let Some(Layer::Batch(b)) = app.layers.top() else {
        panic!("the answers stay on screen")
    };
    assert_eq!(b.items[0].result, Some(ItemResult::Done(204)));
    assert!(
        matches!(&b.items[2].result, Some(ItemResult::Failed { status: Some(409), why }) if why.contains("already exists")),
        "{:?}",
        b.items[2].result
    );
    assert!(
        mutations(&key(&mut app, Intent::ConfirmYes)).is_empty(),
        "an answered batch is not sent again"
    );
    key(&mut app, Intent::ConfirmNo);
    assert!(!app.layers.any(Layer::is_dialog));
    let l = app.list(Pane::Connections);
    let spaces: Vec<(String, String)> = l.view[..3]
        .iter()
        .map(|&i| {
            (
                l.rows[i].cells[0].to_string(),
                l.rows[i].cells[2].to_string(),
            )
        })
        .collect();
    assert_eq!(
        spaces,
        [
            ("sales".to_string(), "HR".to_string()),
            ("hr".to_string(), "HR".to_string()),
            ("lake".to_string(), "Finance".to_string())
        ]
    );
    let mut marked: Vec<String> = l.marked.iter().cloned().collect();
    marked.sort();
    assert_eq!(
        marked,
        ["c0002", "c0003"],
        "the refused one (and the one left out) stay marked"
    );
}
