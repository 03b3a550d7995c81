//! Screens of managing (confirm, duplicate prompt, marks) on `TestBackend` at 80×24 and
//! 160×48, with hand-built tenant data answering the app's own fetch effects. Mutations are
//! never carried out here: the screens are what the user sees before answering.

use qdc::api::models::{
    Connection, ConnectionsPage, Credential, DataSource, ListMeta, Space, User,
};
use qdc::app::keymap::Intent;
use qdc::app::state::{Pane, Remote, Tenant};
use qdc::app::{update, Action, App, Effect, Fetch, Payload};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn conn(i: usize, name: &str, space: Option<&str>, cred: Option<&str>) -> Connection {
    Connection {
        q_id: format!("7f3a{i:04}-0000-4000-8000-00000000000{}", i % 10),
        q_name: name.into(),
        q_type: "QvOdbcConnectorPackage.exe".into(),
        datasource_id: Some("postgres".into()),
        space: space.map(str::to_string),
        q_credentials_id: cred.map(str::to_string),
        q_credentials_name: cred.map(|c| format!("{c}-name")),
        created: Some(format!("2024-03-{:02}T16:00:00.91Z", i % 28 + 1)),
        user: Some("u-me".into()),
        ..Default::default()
    }
}

/// A few named connections, or `many` generated ones.
fn connections(many: usize) -> Vec<Connection> {
    if many > 0 {
        return (1..=many)
            .map(|i| {
                let space = if i % 3 == 0 { "sp-hr" } else { "sp-fin" };
                conn(i, &format!("warehouse_{i:03}"), Some(space), None)
            })
            .collect();
    }
    let mut lake = conn(3, "s3-lake", Some("sp-fin"), None);
    lake.q_separate_credentials = Some(true);
    vec![
        conn(1, "sales-postgres", Some("sp-fin"), Some("cred-1")),
        conn(2, "hr-warehouse", Some("sp-hr"), Some("cred-1")),
        lake,
        conn(4, "my-scratch", None, Some("cred-1")),
    ]
}

fn answer(fetch: &Fetch, many: usize) -> Vec<Payload> {
    match fetch {
        Fetch::Me => vec![Payload::Me(Ok(User {
            id: "u-me".into(),
            name: "Jane Analyst".into(),
            email: Some("jane@corp.example".into()),
            ..Default::default()
        }))],
        Fetch::Sources => vec![Payload::Sources(Ok(vec![DataSource {
            data_source_id: "postgres".into(),
            data_source_name: Some("PostgreSQL".into()),
            provider: "QvOdbcConnectorPackage.exe".into(),
            ..Default::default()
        }]))],
        Fetch::Gateways { .. } => vec![Payload::Gateways(vec![])],
        Fetch::Connections { .. } => {
            let data = connections(many);
            let count = data.len() as i64;
            vec![
                Payload::ConnectionsPage(Ok(ConnectionsPage {
                    data,
                    meta: Some(ListMeta {
                        count: Some(count),
                        ..Default::default()
                    }),
                    ..Default::default()
                })),
                Payload::ConnectionsEnd,
            ]
        }
        Fetch::Spaces => vec![Payload::Spaces(Ok(vec![
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
            Space {
                id: "sp-mkt".into(),
                name: "Marketing".into(),
                ..Default::default()
            },
        ]))],
        Fetch::Orphans => vec![Payload::Orphans(Ok(Default::default()))],
        Fetch::Connection(id) => {
            let c = connections(many)
                .into_iter()
                .find(|c| c.id() == id.as_str())
                .unwrap_or_default();
            vec![Payload::Connection(id.clone(), Ok(c))]
        }
        Fetch::Credential(id) => vec![Payload::Credential(id.clone(), Ok(credential(id.as_str())))],
        Fetch::CredentialByName(name) => vec![Payload::CredentialNamed(
            name.clone(),
            Ok(credential(name.as_str())),
        )],
        // api-specs and the form's requests are not part of these screens
        _ => vec![],
    }
}

/// Applies an action and answers every fetch it causes, until the app is quiet.
/// The credential `key` (an id or a name) as the tenant answers it.
fn credential(key: &str) -> Credential {
    Credential {
        q_id: key.to_string(),
        q_name: format!("{key}-name"),
        q_conn_count: 3,
        q_type: "QvOdbcConnectorPackage.exe".into(),
        ..Default::default()
    }
}

fn settle(app: &mut App, many: usize, action: Action) {
    let mut queue = vec![action];
    while let Some(a) = queue.pop() {
        for e in update(app, a) {
            if let Effect::Fetch(req) = e {
                for p in answer(&req.fetch, many) {
                    queue.insert(0, Action::Loaded(req.ticket, p));
                }
            }
        }
    }
}

fn key(app: &mut App, many: usize, intent: Intent) {
    settle(app, many, Action::Intent(intent));
    app.flash = None;
}

/// On Connections at `width`×`height`, everything loaded.
fn on_connections(width: u16, height: u16, many: usize) -> App {
    let mut app = App::new(Tenant {
        profile: "demo".into(),
        host: "127.0.0.1:8787".into(),
    });
    settle(&mut app, many, Action::Resize { width, height });
    key(&mut app, many, Intent::GoPane(Pane::Connections));
    app
}

fn screen(app: &mut App) -> String {
    let mut t = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    qdc::runtime::frame::draw(&mut t, app).unwrap();
    t.backend().to_string()
}

#[test]
fn delete_confirm_of_one_connection() {
    for (w, h) in SIZES {
        let mut a = on_connections(w, h, 0);
        key(&mut a, 0, Intent::Delete);
        insta::assert_snapshot!(format!("delete_one_{w}x{h}"), screen(&mut a));
    }
}

#[test]
fn delete_confirm_says_separated_credentials_stay() {
    for (w, h) in SIZES {
        let mut a = on_connections(w, h, 0);
        key(&mut a, 0, Intent::Down);
        key(&mut a, 0, Intent::Down);
        key(&mut a, 0, Intent::Delete);
        insta::assert_snapshot!(format!("delete_separated_{w}x{h}"), screen(&mut a));
    }
}

#[test]
fn marked_rows_and_a_batch_confirm_with_many_names() {
    for (w, h) in SIZES {
        let mut a = on_connections(w, h, 40);
        for _ in 0..25 {
            key(&mut a, 40, Intent::ToggleMark);
        }
        insta::assert_snapshot!(format!("marked_{w}x{h}"), screen(&mut a));
        key(&mut a, 40, Intent::Delete);
        insta::assert_snapshot!(format!("delete_batch_{w}x{h}"), screen(&mut a));
        for _ in 0..12 {
            key(&mut a, 40, Intent::Down);
        }
        insta::assert_snapshot!(format!("delete_batch_scrolled_{w}x{h}"), screen(&mut a));
    }
}

#[test]
fn duplicate_prompt() {
    for (w, h) in SIZES {
        let mut a = on_connections(w, h, 0);
        key(&mut a, 0, Intent::Duplicate);
        insta::assert_snapshot!(format!("duplicate_{w}x{h}"), screen(&mut a));
        key(&mut a, 0, Intent::DialogSwitchField);
        key(&mut a, 0, Intent::Down);
        insta::assert_snapshot!(format!("duplicate_space_picked_{w}x{h}"), screen(&mut a));
    }
}

#[test]
fn credential_delete_warns_when_connections_use_it() {
    for (w, h) in SIZES {
        let mut a = on_connections(w, h, 0);
        key(&mut a, 0, Intent::GoPane(Pane::Credentials));
        // the tenant's count, as the detail fetch brings it on a narrow screen too
        a.data.credentials.insert(
            "cred-1".into(),
            Remote::Loaded(Credential {
                q_id: "cred-1".into(),
                q_name: "cred-1-name".into(),
                q_conn_count: 3,
                ..Default::default()
            }),
        );
        key(&mut a, 0, Intent::Delete);
        insta::assert_snapshot!(format!("credential_in_use_{w}x{h}"), screen(&mut a));
    }
}

#[test]
fn rename_prompt() {
    let mut a = on_connections(80, 24, 0);
    key(&mut a, 0, Intent::GoPane(Pane::Credentials));
    key(&mut a, 0, Intent::Rename);
    insta::assert_snapshot!("rename_80x24", screen(&mut a));
}

#[test]
fn a_rebound_confirm_yes_is_the_key_the_delete_dialog_names() {
    let mut a = on_connections(80, 24, 0);
    let overrides =
        std::collections::BTreeMap::from([("confirm_yes".to_string(), "Y".to_string())]);
    let (keymap, problems) = qdc::app::keymap::Keymap::with_overrides(&overrides);
    assert!(problems.is_empty(), "{problems:?}");
    a.keymap = keymap;
    key(&mut a, 0, Intent::Delete);
    let shown = screen(&mut a);
    assert!(shown.contains("Yes, delete (Y)"), "{shown}");
    assert!(shown.contains("n/Esc/Enter keep · Y delete"), "{shown}");
    assert!(
        !shown.contains("(y)") && !shown.contains("y delete"),
        "{shown}"
    );
}

/// Scrolling stops where the last frame's layout says the last page is: Down well past the
/// end of the names, and one Up shows one more name at once (not after as many Ups).
#[test]
fn the_batch_confirm_stops_scrolling_at_its_last_page() {
    let mut a = on_connections(80, 24, 40);
    for _ in 0..25 {
        key(&mut a, 40, Intent::ToggleMark);
    }
    key(&mut a, 40, Intent::Delete);
    screen(&mut a);
    for _ in 0..60 {
        key(&mut a, 40, Intent::Down);
        screen(&mut a);
    }
    let bottom = screen(&mut a);
    assert!(bottom.contains(" 0 more below"), "{bottom}");
    key(&mut a, 40, Intent::Up);
    let up = screen(&mut a);
    assert!(up.contains(" 1 more below"), "{up}");
}

/// A terminal made smaller keeps the selected row in view with the rows the ui showed, and
/// the app takes that scroll over: Up then moves the cursor, not the rows.
#[test]
fn a_smaller_terminal_keeps_the_rows_it_showed_and_up_moves_only_the_cursor() {
    let mut a = on_connections(80, 24, 40);
    for _ in 0..15 {
        key(&mut a, 40, Intent::Down);
    }
    screen(&mut a);
    settle(
        &mut a,
        40,
        Action::Resize {
            width: 80,
            height: 12,
        },
    );
    // 5 rows of list: the 12th to the 16th, the 16th selected
    let small = screen(&mut a);
    let selected = |s: &str| {
        s.lines()
            .find(|l| l.contains('▸'))
            .unwrap_or_default()
            .to_string()
    };
    assert!(selected(&small).contains("warehouse_016"), "{small}");
    assert!(small.contains("warehouse_012") && !small.contains("warehouse_011"));
    key(&mut a, 40, Intent::Up);
    let up = screen(&mut a);
    assert!(selected(&up).contains("warehouse_015"), "{up}");
    assert!(
        up.contains("warehouse_012") && !up.contains("warehouse_011"),
        "{up}"
    );
}
