use super::*;
use crate::api::Error;
use crate::app::action::Payload;
use crate::app::effect::{Fetch, Slot, Ticket};
use crate::app::keymap::Context;
use crate::app::state::{CredentialsView, Pane, Remote, Status};
use crate::app::state::{Layer, Sort};
use std::time::Duration;
use std::time::Instant;

use crate::api::models::{Connection, DataSource};
use crate::api::models::{ConnectionsPage, ListMeta, Space};
use crate::app::effect::Request;
use crate::app::state::Tenant;

pub(crate) fn conn(i: usize, name: &str, space: Option<&str>, cred: Option<&str>) -> Connection {
    Connection {
        q_id: format!("c{i:04}"),
        id: Some(format!("c{i:04}")),
        q_name: name.into(),
        q_type: "QvOdbcConnectorPackage.exe".into(),
        datasource_id: Some("postgres".into()),
        space: space.map(str::to_string),
        q_credentials_id: cred.map(str::to_string),
        created: Some("2024-03-01T16:00:00.91Z".into()),
        user: Some("u1".into()),
        ..Default::default()
    }
}

/// The fetches among `fx` (shared by the form and manage tests too).
pub(crate) fn fetches(fx: &[Effect]) -> Vec<&Request> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Fetch(r) => Some(r),
            _ => None,
        })
        .collect()
}

/// The writes among `fx` (`app::write`).
pub(crate) fn writes(fx: &[Effect]) -> Vec<&crate::app::write::Write> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Write { write, .. } => Some(write),
            _ => None,
        })
        .collect()
}

/// The ticket of the one write among `fx`.
pub(crate) fn write_ticket(fx: &[Effect]) -> crate::app::write::WriteTicket {
    let tickets: Vec<_> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::Write { ticket, .. } => Some(*ticket),
            _ => None,
        })
        .collect();
    match tickets.as_slice() {
        [one] => *one,
        _ => panic!("not one write in {fx:?}"),
    }
}

pub(crate) fn ticket_of(fx: &[Effect], slot: Slot) -> Ticket {
    fetches(fx)
        .into_iter()
        .find(|r| r.ticket.slot == slot)
        .unwrap_or_else(|| panic!("no fetch for {slot:?} in {fx:?}"))
        .ticket
}

pub(crate) fn key(app: &mut App, intent: Intent) -> Vec<Effect> {
    update(app, Action::Intent(intent))
}

/// A frame drawn at the app's size, as the loop draws after each action: scrolling and paging
/// are bounded by what it laid out.
pub(crate) fn frame(app: &mut App) {
    let backend = ratatui::backend::TestBackend::new(app.width, app.height);
    let mut terminal = ratatui::Terminal::new(backend).unwrap();
    crate::runtime::frame::draw(&mut terminal, app).unwrap();
}

fn page(conns: Vec<Connection>, count: i64) -> Payload {
    Payload::ConnectionsPage(Ok(ConnectionsPage {
        data: conns,
        meta: Some(ListMeta {
            count: Some(count),
            ..Default::default()
        }),
        ..Default::default()
    }))
}

fn app_on_connections() -> (App, Ticket, Ticket) {
    let mut app = App::new(Tenant::default());
    update(
        &mut app,
        Action::Resize {
            width: 80,
            height: 24,
        },
    );
    let fx = key(&mut app, Intent::GoPane(Pane::Connections));
    let conns = ticket_of(&fx, Slot::Connections);
    let spaces = ticket_of(&fx, Slot::Spaces);
    (app, conns, spaces)
}

/// An app on Connections with `conns` listed (one page, the whole tenant).
fn app_listing(conns: Vec<Connection>) -> App {
    let (mut app, t, _) = app_on_connections();
    let count = conns.len() as i64;
    update(&mut app, Action::Loaded(t, page(conns, count)));
    app
}

#[test]
fn the_first_action_asks_for_me_and_the_sources() {
    let mut app = App::new(Tenant::default());
    let fx = update(
        &mut app,
        Action::Resize {
            width: 80,
            height: 24,
        },
    );
    let slots: Vec<Slot> = fetches(&fx).iter().map(|r| r.ticket.slot).collect();
    assert_eq!(slots, vec![Slot::Me, Slot::Sources]);
}

#[test]
fn pages_accumulate_and_the_total_is_known() {
    let (mut app, t, _) = app_on_connections();
    update(
        &mut app,
        Action::Loaded(t, page(vec![conn(1, "a", None, None)], 2)),
    );
    assert_eq!(app.data.connections.status, Status::Loading);
    update(
        &mut app,
        Action::Loaded(t, page(vec![conn(2, "b", None, None)], 2)),
    );
    update(&mut app, Action::Loaded(t, Payload::ConnectionsEnd));
    assert_eq!(app.data.connections.status, Status::Loaded);
    assert_eq!(app.data.connections_total, Some(2));
    assert_eq!(app.list(Pane::Connections).rows.len(), 2);
    assert!(!app.inflight.contains_key(&Slot::Connections));
}

#[test]
fn r_while_the_list_loads_asks_once_more_after_it_and_stale_results_are_dropped() {
    let (mut app, first, _) = app_on_connections();
    // at most one list request in flight: r asks for one more after it, however often
    for _ in 0..30 {
        let fx = key(&mut app, Intent::Refresh);
        assert!(
            fetches(&fx).is_empty(),
            "a second request while one is in flight"
        );
    }
    update(
        &mut app,
        Action::Loaded(first, page(vec![conn(1, "first", None, None)], 1)),
    );
    let fx = update(&mut app, Action::Loaded(first, Payload::ConnectionsEnd));
    let again = ticket_of(&fx, Slot::Connections);
    assert_ne!(first, again);
    // a late answer of the first walk is dropped, never drawn into the pane
    update(
        &mut app,
        Action::Loaded(first, page(vec![conn(9, "stale", None, None)], 1)),
    );
    assert!(app.list(Pane::Connections).rows.is_empty());
    update(
        &mut app,
        Action::Loaded(again, page(vec![conn(2, "fresh", None, None)], 1)),
    );
    let fx = update(&mut app, Action::Loaded(again, Payload::ConnectionsEnd));
    assert!(fetches(&fx).is_empty(), "exactly one more, not a loop");
    assert_eq!(&app.list(Pane::Connections).rows[0].cells[0], "fresh");
}

#[test]
fn a_failed_refresh_brings_the_rows_back_marked_stale_with_the_selection() {
    let (mut app, t, _) = app_on_connections();
    update(
        &mut app,
        Action::Loaded(
            t,
            page(
                vec![
                    conn(1, "a", None, None),
                    conn(2, "b", None, None),
                    conn(3, "c", None, None),
                ],
                3,
            ),
        ),
    );
    update(&mut app, Action::Loaded(t, Payload::ConnectionsEnd));
    key(&mut app, Intent::Down);
    key(&mut app, Intent::Down);
    let fx = key(&mut app, Intent::Refresh);
    let refresh = ticket_of(&fx, Slot::Connections);
    let err = crate::api::Error::from_response("GET /api/v1/data-connections", 503, b"", None);
    update(
        &mut app,
        Action::Loaded(refresh, Payload::ConnectionsPage(Err(err))),
    );
    let list = app.list(Pane::Connections);
    assert_eq!(list.rows.len(), 3, "the rows are kept");
    assert_eq!(
        &list.selected_row().unwrap().cells[0],
        "c",
        "and the selection"
    );
    let stale = app.data.connections.stale.clone().unwrap();
    assert!(stale.starts_with("showing the list from "), "{stale}");
    assert!(stale.contains("refresh failed: 503"), "{stale}");
    // a refresh that works clears the mark
    let fx = key(&mut app, Intent::Refresh);
    let ok = ticket_of(&fx, Slot::Connections);
    update(
        &mut app,
        Action::Loaded(ok, page(vec![conn(4, "d", None, None)], 1)),
    );
    update(&mut app, Action::Loaded(ok, Payload::ConnectionsEnd));
    assert!(app.data.connections.stale.is_none());
    assert_eq!(app.list(Pane::Connections).rows.len(), 1);
}

#[test]
fn leaving_a_view_cancels_its_load_and_coming_back_restarts_it() {
    let (mut app, t, _) = app_on_connections();
    update(
        &mut app,
        Action::Loaded(t, page(vec![conn(1, "a", None, None)], 9)),
    );
    let fx = key(&mut app, Intent::GoPane(Pane::Sources));
    assert!(fx.contains(&Effect::Cancel(Slot::Connections)));
    // a page in flight when the view was left is dropped
    update(
        &mut app,
        Action::Loaded(t, page(vec![conn(2, "late", None, None)], 9)),
    );
    assert!(app.data.connections.items.is_empty());
    let fx = key(&mut app, Intent::GoPane(Pane::Connections));
    assert!(fetches(&fx)
        .iter()
        .any(|r| r.ticket.slot == Slot::Connections));
}

#[test]
fn filter_narrows_as_typed_enter_keeps_esc_clears() {
    let (mut app, t, _) = app_on_connections();
    let conns = (0..50)
        .map(|i| conn(i, &format!("conn-{i}"), None, None))
        .collect();
    update(&mut app, Action::Loaded(t, page(conns, 50)));
    key(&mut app, Intent::Filter);
    for c in "CONN-4".chars() {
        update(&mut app, Action::Type(c));
    }
    assert_eq!(app.current().view.len(), 11); // conn-4, conn-40..49
    key(&mut app, Intent::PromptSubmit);
    assert!(app.layers.prompt().is_none());
    assert_eq!(app.current().view.len(), 11);
    key(&mut app, Intent::Filter);
    key(&mut app, Intent::PromptCancel);
    assert_eq!(app.current().view.len(), 50);
    assert_eq!(app.current().filter, "");
}

#[test]
fn space_names_replace_ids_and_personal_is_named() {
    let (mut app, t, s) = app_on_connections();
    let space = Space {
        id: "sp1".into(),
        name: "Finance".into(),
        ..Default::default()
    };
    update(
        &mut app,
        Action::Loaded(s, Payload::Spaces(Ok(vec![space]))),
    );
    update(
        &mut app,
        Action::Loaded(
            t,
            page(
                vec![conn(1, "a", Some("sp1"), None), conn(2, "b", None, None)],
                2,
            ),
        ),
    );
    let rows = &app.list(Pane::Connections).rows;
    assert_eq!(&rows[0].cells[2], "Finance");
    assert_eq!(&rows[1].cells[2], "personal");
}

#[test]
fn connections_command_scopes_by_space_name_and_completes() {
    let (mut app, _, s) = app_on_connections();
    let spaces = vec![
        Space {
            id: "sp1".into(),
            name: "Finance".into(),
            ..Default::default()
        },
        Space {
            id: "sp2".into(),
            name: "Field Ops".into(),
            ..Default::default()
        },
    ];
    update(&mut app, Action::Loaded(s, Payload::Spaces(Ok(spaces))));
    assert_eq!(complete(&app, "conn").as_deref(), Some("connections "));
    assert_eq!(
        complete(&app, "connections fi").as_deref(),
        Some("connections Fi")
    );
    assert_eq!(
        complete(&app, "connections fin").as_deref(),
        Some("connections Finance")
    );
    key(&mut app, Intent::Command);
    for c in "connections finance".chars() {
        update(&mut app, Action::Type(c));
    }
    let fx = key(&mut app, Intent::PromptSubmit);
    let r = fetches(&fx)
        .into_iter()
        .find(|r| r.ticket.slot == Slot::Connections)
        .unwrap();
    assert_eq!(
        r.fetch,
        Fetch::Connections {
            space_id: Some("sp1".into()),
            resume_from: None,
        }
    );
    key(&mut app, Intent::Command);
    for c in "connections nowhere".chars() {
        update(&mut app, Action::Type(c));
    }
    key(&mut app, Intent::PromptSubmit);
    assert_eq!(app.flash.as_ref().unwrap().level, Level::Error);
}

#[test]
fn detail_is_debounced_and_replaced_when_the_selection_moves() {
    let (mut app, t, _) = app_on_connections();
    update(
        &mut app,
        Action::Resize {
            width: 160,
            height: 48,
        },
    );
    let fx = update(
        &mut app,
        Action::Loaded(
            t,
            page(vec![conn(1, "a", None, None), conn(2, "b", None, None)], 2),
        ),
    );
    let first = fetches(&fx)
        .into_iter()
        .find(|r| r.ticket.slot == Slot::Detail)
        .unwrap()
        .clone();
    assert_eq!(first.fetch, Fetch::Connection("c0001".into()));
    assert!(first.delay.is_some());
    let fx = key(&mut app, Intent::Down);
    assert!(fx.contains(&Effect::Cancel(Slot::Detail)));
    let second = ticket_of(&fx, Slot::Detail);
    // the first answer arrives late: dropped, and not cached as loaded
    update(
        &mut app,
        Action::Loaded(
            first.ticket,
            Payload::Connection("c0001".into(), Ok(conn(1, "a", None, None))),
        ),
    );
    assert!(!app.data.connection_details.contains_key("c0001"));
    update(
        &mut app,
        Action::Loaded(
            second,
            Payload::Connection("c0002".into(), Ok(conn(2, "b", None, None))),
        ),
    );
    assert!(matches!(
        app.data.connection_details.get("c0002"),
        Some(Remote::Loaded(_))
    ));
}

#[test]
fn credentials_are_the_distinct_ones_the_connections_reference() {
    let (mut app, t, _) = app_on_connections();
    update(
        &mut app,
        Action::Loaded(
            t,
            page(
                vec![
                    conn(1, "a", None, Some("cr1")),
                    conn(2, "b", None, Some("cr1")),
                    conn(3, "c", None, Some("cr2")),
                    conn(4, "d", None, None),
                ],
                4,
            ),
        ),
    );
    key(&mut app, Intent::GoPane(Pane::Credentials));
    let rows = &app.list(Pane::Credentials).rows;
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0].cells[3], "2");
    key(&mut app, Intent::ToggleOrphans);
    assert_eq!(app.credentials_view, CredentialsView::Orphans);
}

#[test]
fn errors_flash_until_the_next_key_and_info_expires() {
    let mut app = App::new(Tenant::default());
    let fx = update(
        &mut app,
        Action::Resize {
            width: 80,
            height: 24,
        },
    );
    let t = ticket_of(&fx, Slot::Sources);
    let err = Error::from_response(
        "GET /api/v1/data-sources",
        503,
        br#"{"errors":[{"code":"DCAAS-5003","title":"Unavailable","detail":"connector down"}]}"#,
        None,
    );
    update(&mut app, Action::Loaded(t, Payload::Sources(Err(err))));
    let flash = app.flash.clone().unwrap();
    assert_eq!(flash.level, Level::Error);
    assert!(flash.text.contains("DCAAS-5003"));
    assert!(matches!(app.data.sources.status, Status::Failed(_)));
    update(
        &mut app,
        Action::Tick(Instant::now() + Duration::from_secs(60)),
    );
    assert!(app.flash.is_some(), "errors do not expire by time");
    key(&mut app, Intent::Down);
    assert!(app.flash.is_none());
    assert_eq!(app.messages.len(), 1, "history keeps it");
    say(&mut app, Level::Info, "hello");
    update(
        &mut app,
        Action::Tick(Instant::now() + Duration::from_secs(60)),
    );
    assert!(app.flash.is_none());
}

#[test]
fn copy_says_what_was_copied_and_q_in_a_popup_only_closes_it() {
    let mut app = app_listing(vec![conn(7, "a", None, None)]);
    let fx = key(&mut app, Intent::CopyId);
    assert!(fx.contains(&Effect::Copy {
        text: "c0007".into(),
        what: "connection id".into()
    }));
    assert_eq!(
        app.flash.as_ref().unwrap().text,
        "sent connection id c0007 to the terminal's clipboard (OSC 52)"
    );
    key(&mut app, Intent::Help);
    let ev = crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char('q'),
        crossterm::event::KeyModifiers::NONE,
    );
    let action = app.keymap.action_for(app.context(), &ev).unwrap();
    let fx = update(&mut app, action);
    assert!(!fx.contains(&Effect::Quit));
    assert!(!app.layers.any(Layer::is_reading));
    let action = app.keymap.action_for(app.context(), &ev).unwrap();
    assert!(update(&mut app, action).contains(&Effect::Quit));
}

#[test]
fn y_in_the_json_view_copies_the_json_it_shows() {
    let mut app = app_listing(vec![conn(7, "a", None, None)]);
    let y = crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char('y'),
        crossterm::event::KeyModifiers::NONE,
    );
    let fx = key(&mut app, Intent::RawJson);
    assert_eq!(app.context(), Context::Json);
    // the list keeps part of a connection: the view waits for its GET, and `y` says so
    assert_eq!(crate::app::resource::selected_json_text(&app), None);
    let action = app.keymap.action_for(app.context(), &y).unwrap();
    assert!(update(&mut app, action.clone()).is_empty());
    assert_eq!(
        app.flash.as_ref().unwrap().text,
        "the connection is still loading"
    );
    let whole = Connection {
        tenant: Some("t-1".into()),
        ..conn(7, "a", None, None)
    };
    update(
        &mut app,
        Action::Loaded(
            ticket_of(&fx, Slot::Detail),
            Payload::Connection("c0007".into(), Ok(whole)),
        ),
    );
    let fx = update(&mut app, action);
    let shown = crate::app::resource::selected_json_text(&app).unwrap();
    assert_eq!(
        fx,
        vec![Effect::Copy {
            text: shown.clone(),
            what: "the connection JSON".into()
        }]
    );
    let copied: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(copied["qID"], "c0007");
    assert_eq!(copied["tenant"], "t-1", "the tenant's whole object");
    assert_eq!(
        app.flash.as_ref().unwrap().text,
        "sent the connection JSON to the terminal's clipboard (OSC 52)"
    );
    assert_eq!(app.context(), Context::Json, "y leaves the JSON open");
}

#[test]
fn gateways_404_means_none_and_r_forces_a_refresh() {
    let mut app = App::new(Tenant::default());
    let fx = key(&mut app, Intent::GoPane(Pane::Gateways));
    let t = ticket_of(&fx, Slot::Sources);
    let sources = vec![
        DataSource {
            data_source_id: "DG_mssql".into(),
            data_source_name: Some("SQL Server".into()),
            ..Default::default()
        },
        DataSource {
            data_source_id: "DG_gbq".into(),
            ..Default::default()
        },
        DataSource {
            data_source_id: "rest".into(),
            ..Default::default()
        },
    ];
    let fx = update(&mut app, Action::Loaded(t, Payload::Sources(Ok(sources))));
    let r = fetches(&fx)
        .into_iter()
        .find(|r| r.ticket.slot == Slot::Gateways)
        .unwrap()
        .clone();
    assert_eq!(
        r.fetch,
        Fetch::Gateways {
            source_ids: vec!["DG_mssql".into(), "DG_gbq".into()],
            force_refresh: false
        }
    );
    let gw = crate::api::models::GatewaysResponse {
        gateways: vec![crate::api::models::Gateway {
            name: "gw".into(),
            id: "a::b".into(),
            default: true,
            ..Default::default()
        }],
        refreshed_at: Some("2024-02-29T17:34:00.689Z".into()),
        ..Default::default()
    };
    let not_found = Error::from_response("GET x", 404, b"{}", None);
    update(
        &mut app,
        Action::Loaded(
            r.ticket,
            Payload::Gateways(vec![
                ("DG_mssql".into(), Ok(gw)),
                ("DG_gbq".into(), Err(not_found)),
            ]),
        ),
    );
    assert_eq!(app.data.gateways.status, Status::Loaded);
    assert_eq!(&app.current().rows[0].cells[0], "SQL Server");
    assert!(app.flash.is_none());
    let fx = key(&mut app, Intent::Refresh);
    let r = fetches(&fx)
        .into_iter()
        .find(|r| r.ticket.slot == Slot::Gateways)
        .unwrap();
    assert!(matches!(
        r.fetch,
        Fetch::Gateways {
            force_refresh: true,
            ..
        }
    ));
}

#[test]
fn sort_cycles_columns_and_flips() {
    let (mut app, t, _) = app_on_connections();
    update(
        &mut app,
        Action::Loaded(
            t,
            page(
                vec![
                    conn(1, "b", None, None),
                    conn(2, "a", None, None),
                    conn(3, "c", None, None),
                ],
                3,
            ),
        ),
    );
    key(&mut app, Intent::SortNext);
    let names = |app: &App| {
        app.current()
            .view
            .iter()
            .map(|&i| app.current().rows[i].cells[0].to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&app), ["a", "b", "c"]);
    key(&mut app, Intent::SortFlip);
    assert_eq!(names(&app), ["c", "b", "a"]);
}

#[test]
fn alt_and_a_column_number_sorts_by_that_column_and_again_flips_it() {
    let (mut app, t, _) = app_on_connections();
    update(
        &mut app,
        Action::Loaded(
            t,
            page(
                vec![
                    conn(1, "b", None, None),
                    conn(2, "a", None, None),
                    conn(3, "c", None, None),
                ],
                3,
            ),
        ),
    );
    let alt = |c: char| {
        crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::ALT,
        )
    };
    let press = |app: &mut App, c: char| {
        let action = app.keymap.action_for(app.context(), &alt(c)).unwrap();
        update(app, action);
    };
    let names = |app: &App| {
        app.current()
            .view
            .iter()
            .map(|&i| app.current().rows[i].cells[0].to_string())
            .collect::<Vec<_>>()
    };
    press(&mut app, '1');
    assert_eq!(names(&app), ["a", "b", "c"]);
    assert_eq!(
        app.current().sort.map(|s| (s.column, s.descending)),
        Some((0, false))
    );
    press(&mut app, '1');
    assert_eq!(names(&app), ["c", "b", "a"]);
    press(&mut app, '3');
    assert_eq!(
        app.current().sort.map(|s| (s.column, s.descending)),
        Some((2, false))
    );
    // a column the list does not have: said, the sort kept
    press(&mut app, '9');
    assert_eq!(app.current().sort.map(|s| s.column), Some(2));
    let flash = app.flash.clone().unwrap();
    assert!(flash.text.contains("no column 9 here"), "{}", flash.text);
}

#[test]
fn a_page_appends_rows_that_respect_the_filter_and_sort() {
    let (mut app, t, _) = app_on_connections();
    update(
        &mut app,
        Action::Loaded(
            t,
            page(
                vec![conn(1, "beta", None, None), conn(2, "zeta", None, None)],
                4,
            ),
        ),
    );
    key(&mut app, Intent::SortNext);
    key(&mut app, Intent::Filter);
    for c in "eta".chars() {
        update(&mut app, Action::Type(c));
    }
    key(&mut app, Intent::PromptSubmit);
    key(&mut app, Intent::Down); // select "zeta"
    update(
        &mut app,
        Action::Loaded(
            t,
            page(
                vec![conn(3, "alpha", None, None), conn(4, "theta", None, None)],
                4,
            ),
        ),
    );
    let list = app.current();
    let names: Vec<&str> = list.view.iter().map(|&i| &list.rows[i].cells[0]).collect();
    assert_eq!(names, ["beta", "theta", "zeta"]);
    assert_eq!(&list.selected_row().unwrap().cells[0], "zeta");
    assert_eq!(list.rows.len(), 4);
}

fn command(app: &mut App, text: &str) -> Vec<Effect> {
    key(app, Intent::Command);
    for c in text.chars() {
        update(app, Action::Type(c));
    }
    key(app, Intent::PromptSubmit)
}

fn sales_and_finance() -> Vec<Space> {
    vec![
        Space {
            id: "sp-sales".into(),
            name: "Sales".into(),
            ..Default::default()
        },
        Space {
            id: "sp-fin".into(),
            name: "Finance".into(),
            ..Default::default()
        },
    ]
}

#[test]
fn a_space_named_before_the_spaces_list_arrived_waits_for_it() {
    let mut app = App::new(Tenant::default());
    update(
        &mut app,
        Action::Resize {
            width: 80,
            height: 24,
        },
    );
    let fx = command(&mut app, "connections sales");
    // the spaces are asked for, the connections wait: "sales" is not an id
    let spaces = ticket_of(&fx, Slot::Spaces);
    assert!(!fetches(&fx)
        .iter()
        .any(|r| r.ticket.slot == Slot::Connections));
    let fx = update(
        &mut app,
        Action::Loaded(spaces, Payload::Spaces(Ok(sales_and_finance()))),
    );
    let r = fetches(&fx)
        .into_iter()
        .find(|r| r.ticket.slot == Slot::Connections)
        .expect("the connections of the resolved space");
    assert!(matches!(
        &r.fetch,
        Fetch::Connections { space_id: Some(id), .. } if id == "sp-sales"
    ));
    assert_eq!(app.space_scope.as_ref().unwrap().name, "Sales");
}

#[test]
fn an_unknown_space_name_says_so_once_the_spaces_arrived() {
    let mut app = App::new(Tenant::default());
    let fx = command(&mut app, "connections nowhere");
    let spaces = ticket_of(&fx, Slot::Spaces);
    let fx = update(
        &mut app,
        Action::Loaded(spaces, Payload::Spaces(Ok(sales_and_finance()))),
    );
    let flash = app.flash.as_ref().unwrap();
    assert_eq!(flash.level, Level::Error);
    assert_eq!(flash.text, "no space named \"nowhere\"");
    // never sent as a spaceId: the list stays unscoped
    assert_eq!(app.space_scope, None);
    assert!(fetches(&fx).iter().all(|r| !matches!(
        &r.fetch,
        Fetch::Connections { space_id: Some(id), .. } if id == "nowhere"
    )));
}

fn credential(id: &str, name: &str) -> crate::api::models::Credential {
    crate::api::models::Credential {
        q_id: id.into(),
        q_name: name.into(),
        ..Default::default()
    }
}

#[test]
fn the_names_of_the_visible_credentials_are_fetched_in_the_background() {
    let (mut app, t, _) = app_on_connections();
    // two rows of list fit: the third credential is off screen
    update(
        &mut app,
        Action::Resize {
            width: 80,
            height: 9,
        },
    );
    frame(&mut app);
    let conns = vec![
        conn(1, "a", None, Some("cr1")),
        conn(2, "b", None, Some("cr2")),
        conn(3, "c", None, Some("cr3")),
    ];
    update(&mut app, Action::Loaded(t, page(conns, 3)));
    update(&mut app, Action::Loaded(t, Payload::ConnectionsEnd));
    let fx = key(&mut app, Intent::GoPane(Pane::Credentials));
    let batch: Vec<&Request> = fetches(&fx)
        .into_iter()
        .filter(|r| r.ticket.slot == Slot::CredentialNames)
        .collect();
    assert_eq!(batch.len(), 1, "{fx:?}");
    assert_eq!(
        batch[0].fetch,
        Fetch::Credentials(vec!["cr1".into(), "cr2".into()])
    );
    let names = batch[0].ticket;
    update(
        &mut app,
        Action::Loaded(
            names,
            Payload::Credential("cr2".into(), Ok(credential("cr2", "pg-reader"))),
        ),
    );
    update(
        &mut app,
        Action::Loaded(
            names,
            Payload::Credential("cr1".into(), Ok(credential("cr1", "s3-keys"))),
        ),
    );
    let cells: Vec<&str> = app.list(Pane::Credentials).rows[..2]
        .iter()
        .map(|r| &r.cells[0])
        .collect();
    assert_eq!(cells, ["s3-keys", "pg-reader"]);
    update(&mut app, Action::Loaded(names, Payload::CredentialsEnd));
    assert!(!app.inflight.contains_key(&Slot::CredentialNames));
    // scrolling the third into view asks for it alone
    let fx = key(&mut app, Intent::Bottom);
    let r = ticket_of(&fx, Slot::CredentialNames);
    let asked = fetches(&fx).into_iter().find(|f| f.ticket == r).unwrap();
    assert_eq!(asked.fetch, Fetch::Credentials(vec!["cr3".into()]));
}

#[test]
fn leaving_the_credentials_cancels_the_names_and_asks_again_on_return() {
    let (mut app, t, _) = app_on_connections();
    let conns = vec![conn(1, "a", None, Some("cr1"))];
    update(&mut app, Action::Loaded(t, page(conns, 1)));
    update(&mut app, Action::Loaded(t, Payload::ConnectionsEnd));
    let fx = key(&mut app, Intent::GoPane(Pane::Credentials));
    ticket_of(&fx, Slot::CredentialNames);
    let fx = key(&mut app, Intent::GoPane(Pane::Sources));
    assert!(fx.contains(&Effect::Cancel(Slot::CredentialNames)));
    assert!(!app.data.credentials.contains_key("cr1"));
    let fx = key(&mut app, Intent::GoPane(Pane::Credentials));
    ticket_of(&fx, Slot::CredentialNames);
}

fn page_then(conns: Vec<Connection>, count: i64, next: &str) -> Payload {
    Payload::ConnectionsPage(Ok(ConnectionsPage {
        data: conns,
        meta: Some(ListMeta {
            count: Some(count),
            ..Default::default()
        }),
        links: Some(crate::api::models::PageLinks {
            next: Some(crate::api::models::Href { href: next.into() }),
            ..Default::default()
        }),
        ..Default::default()
    }))
}

fn connections_fetch(fx: &[Effect]) -> Fetch {
    fetches(fx)
        .into_iter()
        .find(|r| r.ticket.slot == Slot::Connections)
        .unwrap_or_else(|| panic!("no connections fetch in {fx:?}"))
        .fetch
        .clone()
}

#[test]
fn leaving_connections_mid_walk_keeps_the_pages_and_resumes_at_the_next() {
    let (mut app, t, s) = app_on_connections();
    update(
        &mut app,
        Action::Loaded(s, Payload::Spaces(Ok(sales_and_finance()))),
    );
    let page3 = "http://tenant.example/api/v1/data-connections?next=p3";
    update(
        &mut app,
        Action::Loaded(
            t,
            page_then(
                vec![conn(1, "a", None, None)],
                5,
                "http://tenant.example/p2",
            ),
        ),
    );
    update(
        &mut app,
        Action::Loaded(t, page_then(vec![conn(2, "b", None, None)], 5, page3)),
    );
    let fx = key(&mut app, Intent::GoPane(Pane::Sources));
    assert!(fx.contains(&Effect::Cancel(Slot::Connections)));
    assert_eq!(app.data.connections.items.len(), 2);
    let fx = key(&mut app, Intent::GoPane(Pane::Connections));
    assert_eq!(
        connections_fetch(&fx),
        Fetch::Connections {
            space_id: None,
            resume_from: Some(page3.into()),
        }
    );
    let rows: Vec<&str> = app
        .list(Pane::Connections)
        .rows
        .iter()
        .map(|r| &r.cells[0])
        .collect();
    assert_eq!(rows, ["a", "b"]);
    let t = ticket_of(&fx, Slot::Connections);
    update(
        &mut app,
        Action::Loaded(t, page(vec![conn(3, "c", None, None)], 5)),
    );
    update(&mut app, Action::Loaded(t, Payload::ConnectionsEnd));
    assert_eq!(app.list(Pane::Connections).rows.len(), 3);

    // another scope is another walk: from its first page
    let fx = command(&mut app, "connections finance");
    assert_eq!(
        connections_fetch(&fx),
        Fetch::Connections {
            space_id: Some("sp-fin".into()),
            resume_from: None,
        }
    );
    assert!(app.data.connections.items.is_empty());
}

#[test]
fn a_scope_change_mid_walk_starts_afresh() {
    let (mut app, t, s) = app_on_connections();
    update(
        &mut app,
        Action::Loaded(s, Payload::Spaces(Ok(sales_and_finance()))),
    );
    update(
        &mut app,
        Action::Loaded(
            t,
            page_then(
                vec![conn(1, "a", None, None)],
                5,
                "http://tenant.example/p2",
            ),
        ),
    );
    let fx = command(&mut app, "connections sales");
    assert_eq!(
        connections_fetch(&fx),
        Fetch::Connections {
            space_id: Some("sp-sales".into()),
            resume_from: None,
        }
    );
}

#[test]
fn bottom_in_help_stops_where_the_last_page_fills_the_popup() {
    let (mut app, _, _) = app_on_connections();
    key(&mut app, Intent::Help);
    frame(&mut app);
    key(&mut app, Intent::Bottom);
    frame(&mut app);
    let lines = app
        .keymap
        .help_lines(Context::List(Pane::Connections))
        .len();
    // 80x24: a body of 20 rows, the popup 90 % of it (18) less its borders
    let rows = 16;
    assert!(lines > rows, "the help must be longer than a page here");
    let Some(Layer::Help { scroll, .. }) = app.layers.top().cloned() else {
        panic!("help is open");
    };
    assert_eq!(scroll, lines - rows);
    key(&mut app, Intent::Up);
    let Some(Layer::Help { scroll, .. }) = app.layers.top().cloned() else {
        panic!("help is open");
    };
    assert_eq!(scroll, lines - rows - 1, "one step up shows one line more");
}

#[test]
fn bottom_in_the_detail_and_json_keeps_a_full_last_page() {
    let (mut app, t, _) = app_on_connections();
    update(
        &mut app,
        Action::Resize {
            width: 80,
            height: 12,
        },
    );
    update(
        &mut app,
        Action::Loaded(t, page(vec![conn(1, "a", Some("sp1"), Some("cr1"))], 1)),
    );
    let fx = key(&mut app, Intent::OpenDetail);
    update(
        &mut app,
        Action::Loaded(
            ticket_of(&fx, Slot::Detail),
            Payload::Connection("c0001".into(), Ok(conn(1, "a", Some("sp1"), Some("cr1")))),
        ),
    );
    frame(&mut app);
    key(&mut app, Intent::Bottom);
    let lines = crate::app::resource::detail_lines(&app).len();
    // 80x12: a body of 8 rows less the detail's borders; no detail line is wider than 78
    assert!(lines > 6, "{lines}");
    assert_eq!(app.detail_scroll, lines - 6);

    key(&mut app, Intent::RawJson);
    frame(&mut app);
    key(&mut app, Intent::Bottom);
    let json = crate::app::resource::selected_json_text(&app).unwrap();
    let widest = json.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(widest <= 70, "no JSON line wraps in a 72-column popup");
    // the popup: 90 % of 8 rows, which the layout rounds to all 8 here, less its borders
    let Some(Layer::Json { scroll }) = app.layers.top().cloned() else {
        panic!("json is open");
    };
    assert_eq!(scroll, json.lines().count() - 6);
}

#[test]
fn a_connection_created_while_the_walk_is_paused_is_listed_at_once_and_only_once() {
    let (mut app, t, _) = app_on_connections();
    let page2 = "http://tenant.example/api/v1/data-connections?next=p2";
    update(
        &mut app,
        Action::Loaded(t, page_then(vec![conn(1, "a", None, None)], 3, page2)),
    );
    key(&mut app, Intent::GoPane(Pane::Sources));
    assert_eq!(app.data.connections_next.as_deref(), Some(page2));

    // created from elsewhere (the form) while the walk waits for the pane to return
    super::create::show_connection(&mut app, conn(7, "new", None, None), true);
    let names = |app: &App| -> Vec<String> {
        app.list(Pane::Connections)
            .rows
            .iter()
            .map(|r| r.cells[0].to_string())
            .collect()
    };
    assert_eq!(names(&app), ["a", "new"], "listed without waiting for r");

    // the resumed walk brings a page that holds the new connection too
    let fx = key(&mut app, Intent::GoPane(Pane::Connections));
    let t = ticket_of(&fx, Slot::Connections);
    update(
        &mut app,
        Action::Loaded(
            t,
            page(
                vec![conn(2, "b", None, None), conn(7, "new", None, None)],
                3,
            ),
        ),
    );
    update(&mut app, Action::Loaded(t, Payload::ConnectionsEnd));
    assert_eq!(names(&app), ["a", "new", "b"]);
    assert_eq!(app.data.connections.items.len(), 3);
}

/// Owners show by name: the owners of the listed connections are asked once each
/// (`users/{id}`), the caller is "me" without a request, and the names replace the ids.
#[test]
fn owners_are_named_from_users_once_each_and_me_is_me() {
    let (mut app, t, _) = app_on_connections();
    let me = Ticket {
        slot: Slot::Me,
        generation: app.inflight[&Slot::Me],
    };
    let fx = update(
        &mut app,
        Action::Loaded(
            me,
            Payload::Me(Ok(crate::api::models::User {
                id: "u-me".into(),
                ..Default::default()
            })),
        ),
    );
    assert!(fetches(&fx).is_empty(), "nothing listed yet: {fx:?}");
    let mut conns = vec![conn(1, "a", None, None), conn(2, "b", None, None)];
    conns.push(Connection {
        user: Some("u-me".into()),
        ..conn(3, "c", None, None)
    });
    let fx = update(&mut app, Action::Loaded(t, page(conns, 3)));
    let owners = ticket_of(&fx, Slot::Owners);
    let asked = fetches(&fx)
        .into_iter()
        .find(|r| r.ticket == owners)
        .unwrap();
    assert_eq!(
        asked.fetch,
        Fetch::Users(vec!["u1".into()]),
        "one request for u1"
    );
    let cells = |app: &App| -> Vec<String> {
        app.list(Pane::Connections)
            .rows
            .iter()
            .map(|r| r.cells[3].to_string())
            .collect()
    };
    assert_eq!(cells(&app), ["u1", "u1", "me"]);
    // a filter typed before the names came: the rows of the named owner join it (only those
    // rows are built again)
    let list = app.list_mut(Pane::Connections);
    list.filter = "omar".into();
    crate::app::rows::recompute_view(list);
    assert!(app.list(Pane::Connections).view.is_empty());
    update(
        &mut app,
        Action::Loaded(
            owners,
            Payload::User(
                "u1".into(),
                Ok(crate::api::models::User {
                    id: "u1".into(),
                    name: "Omar Engineer".into(),
                    email: Some("omar@corp.example".into()),
                    ..Default::default()
                }),
            ),
        ),
    );
    let fx = update(&mut app, Action::Loaded(owners, Payload::UsersEnd));
    assert!(!fx
        .iter()
        .any(|e| matches!(e, Effect::Fetch(r) if r.ticket.slot == Slot::Owners)));
    assert_eq!(cells(&app), ["Omar Engineer", "Omar Engineer", "me"]);
    assert_eq!(app.list(Pane::Connections).view, [0, 1]);
    let list = app.list_mut(Pane::Connections);
    list.filter.clear();
    crate::app::rows::recompute_view(list);
    assert_eq!(
        app.owner_detail(Some("u1")),
        "Omar Engineer <omar@corp.example> (u1)"
    );
    // cached: coming back to the pane asks nobody again
    key(&mut app, Intent::GoPane(Pane::Sources));
    let fx = key(&mut app, Intent::GoPane(Pane::Connections));
    assert!(!fx
        .iter()
        .any(|e| matches!(e, Effect::Fetch(r) if r.ticket.slot == Slot::Owners)));
}

/// Page by page, the Credentials pane (sorted by its count here) shows what building it from
/// every listed connection would: credentials used again count up, new ones are added. Not
/// shown during the walk, it builds nothing until it is shown, and then shows the same.
#[test]
fn credentials_follow_each_page_as_a_full_rebuild_would() {
    for shown_during_walk in [true, false] {
        let (mut app, walk, _) = app_on_connections();
        app.list_mut(Pane::Credentials).sort = Some(crate::app::state::Sort {
            column: 3,
            descending: true,
        });
        if shown_during_walk {
            key(&mut app, Intent::GoPane(Pane::Credentials));
        }
        let pages = [
            vec![
                conn(0, "a", None, Some("k1")),
                conn(1, "b", None, Some("k2")),
            ],
            vec![conn(2, "c", None, Some("k2")), conn(3, "d", None, None)],
            vec![
                conn(4, "e", None, Some("k3")),
                conn(5, "f", None, Some("k2")),
            ],
        ];
        for p in pages {
            update(&mut app, Action::Loaded(walk, page(p, 6)));
            let shown = app.list(Pane::Credentials).clone();
            if !shown_during_walk {
                assert!(shown.rows.is_empty(), "built while nobody looks");
                continue;
            }
            let mut rebuilt = shown.clone();
            rows::set_rows(
                &mut rebuilt,
                crate::app::resource::build(&app, Pane::Credentials),
            );
            assert_eq!(shown.rows, rebuilt.rows);
            assert_eq!(shown.view, rebuilt.view);
        }
        key(&mut app, Intent::GoPane(Pane::Credentials));
        let shown = app.list(Pane::Credentials);
        let counts: Vec<(&str, &str)> = shown
            .view
            .iter()
            .map(|&i| (shown.rows[i].id.as_str(), &shown.rows[i].cells[3]))
            .collect();
        assert_eq!(counts, [("k2", "3"), ("k1", "1"), ("k3", "1")]);
    }
}

/// `/sql01` matches the cells only; `/~sql01` matches inside each connection's raw JSON (here
/// the host in its connect statement), also on pages that arrive after the filter was typed.
#[test]
fn a_deep_filter_matches_inside_the_raw_json() {
    let (mut app, t, _) = app_on_connections();
    let with_host = |i, name: &str, host: &str| Connection {
        q_connect_statement: Some(format!(
            "CUSTOM CONNECT TO \"provider=QvOdbcConnectorPackage.exe;host={host};\""
        )),
        ..conn(i, name, None, None)
    };
    update(
        &mut app,
        Action::Loaded(
            t,
            page_then(
                vec![
                    with_host(1, "sales", "SQL01.corp"),
                    with_host(2, "hr", "pg02"),
                ],
                3,
                "http://x/next",
            ),
        ),
    );
    let typed = |app: &mut App, text: &str| {
        key(app, Intent::Filter);
        for c in text.chars() {
            update(app, Action::Type(c));
        }
        key(app, Intent::PromptSubmit);
    };
    let shown = |app: &App| -> Vec<String> {
        let list = app.current();
        list.view
            .iter()
            .map(|&i| list.rows[i].cells[0].to_string())
            .collect()
    };
    typed(&mut app, "sql01");
    assert!(shown(&app).is_empty(), "a plain filter sees the cells only");
    key(&mut app, Intent::Filter);
    key(&mut app, Intent::PromptCancel);
    typed(&mut app, "~sql01");
    assert_eq!(shown(&app), ["sales"]);
    update(
        &mut app,
        Action::Loaded(t, page(vec![with_host(3, "ops", "sql01-dr")], 3)),
    );
    assert_eq!(shown(&app), ["sales", "ops"]);
}

/// `:sort created` sorts by that column at once (no cycling with `s`), `-created` or
/// `created desc` the other way; an unknown column says which there are.
#[test]
fn sort_by_a_column_named_in_a_command() {
    let (mut app, t, _) = app_on_connections();
    let at = |i, name: &str, created: &str| Connection {
        created: Some(created.into()),
        ..conn(i, name, None, None)
    };
    update(
        &mut app,
        Action::Loaded(
            t,
            page(
                vec![
                    at(1, "a", "2024-03-02T10:00:00Z"),
                    at(2, "b", "2024-01-05T10:00:00Z"),
                    at(3, "c", "2024-07-01T10:00:00Z"),
                ],
                3,
            ),
        ),
    );
    let names = |app: &App| -> Vec<String> {
        let list = app.current();
        list.view
            .iter()
            .map(|&i| list.rows[i].cells[0].to_string())
            .collect()
    };
    command(&mut app, "sort created");
    assert_eq!(names(&app), ["b", "a", "c"]);
    assert_eq!(
        app.current().sort,
        Some(Sort {
            column: 4,
            descending: false
        })
    );
    command(&mut app, "sort -CREATED");
    assert_eq!(names(&app), ["c", "a", "b"]);
    command(&mut app, "sort name desc");
    assert_eq!(names(&app), ["c", "b", "a"]);
    command(&mut app, "sort colour");
    let said = app.flash.as_ref().unwrap().text.clone();
    assert!(
        said.contains("name, data source, space, owner, created"),
        "{said}"
    );
    command(&mut app, "sort");
    assert_eq!(app.current().sort, None);
}

/// `v` hides the detail beside the list on a wide terminal (no detail is fetched for it) and
/// shows it again; Enter still opens the detail, in the list's place.
#[test]
fn v_hides_and_shows_the_detail_pane() {
    let (mut app, t, _) = app_on_connections();
    update(
        &mut app,
        Action::Resize {
            width: 160,
            height: 48,
        },
    );
    assert!(app.detail_beside());
    key(&mut app, Intent::ToggleDetail);
    assert!(!app.detail_beside());
    let fx = update(
        &mut app,
        Action::Loaded(t, page(vec![conn(1, "a", None, None)], 1)),
    );
    assert!(
        !fx.iter()
            .any(|e| matches!(e, Effect::Fetch(r) if r.ticket.slot == Slot::Detail)),
        "a hidden detail is not fetched: {fx:?}"
    );
    let fx = key(&mut app, Intent::OpenDetail);
    assert!(app.detail_focused());
    ticket_of(&fx, Slot::Detail);
    key(&mut app, Intent::Back);
    key(&mut app, Intent::ToggleDetail);
    assert!(app.detail_beside());
}

/// Esc during a long load stops the walk: what loaded stays, nothing restarts it, the title
/// says so; `r` loads everything again.
#[test]
fn esc_stops_a_long_connections_load_and_keeps_what_loaded() {
    let (mut app, t, _) = app_on_connections();
    let page2 = "http://tenant.example/api/v1/data-connections?next=p2";
    update(
        &mut app,
        Action::Loaded(
            t,
            page_then(
                vec![conn(1, "a", None, None), conn(2, "b", None, None)],
                2007,
                page2,
            ),
        ),
    );
    assert_eq!(app.data.connections.status, Status::Loading);
    let fx = key(&mut app, Intent::Back);
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::Cancel(Slot::Connections))),
        "{fx:?}"
    );
    assert!(crate::app::selection::connections_walk_stopped(&app));
    assert_eq!(
        app.list(Pane::Connections).rows.len(),
        2,
        "what loaded stays"
    );
    assert!(
        fetches(&fx)
            .iter()
            .all(|r| r.ticket.slot != Slot::Connections),
        "nothing restarts the walk"
    );
    let said = &app.flash.as_ref().unwrap().text;
    assert!(
        said.contains("stopped loading connections at 2 of 2007"),
        "{said}"
    );
    // the answer of the cancelled page, arriving late, is dropped
    update(
        &mut app,
        Action::Loaded(t, page(vec![conn(3, "c", None, None)], 2007)),
    );
    assert_eq!(app.list(Pane::Connections).rows.len(), 2);
    // r starts over
    let fx = key(&mut app, Intent::Refresh);
    assert!(fetches(&fx)
        .iter()
        .any(|r| r.ticket.slot == Slot::Connections));
}
