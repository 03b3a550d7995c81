//! The plan screen of "copy to…" (`P`) on `TestBackend`: a plan made by the real plan code
//! against two demo tenants (dev → prod, where one connection exists already with another
//! region), shown by the app as the runtime would deliver it.

mod support;

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;

use qdc::api::models::{Connection, ConnectionsPage, PatchOp, Space, User};
use qdc::app::copy::{CopyEvent, OpenedTarget, TargetTenant};
use qdc::app::keymap::Intent;
use qdc::app::state::{Pane, Tenant};
use qdc::app::{update, Action, App, Effect, Fetch, Payload};
use qdc::demo::DemoOptions;
use qdc::promote::{apply, copy_plan, ItemOutcome, Plan, TargetSpace};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use serde_json::json;
use support::*;

const SQLSERVER_SALES: &str = "5bdc7893-866d-4374-98bf-0a0a5fa480b6";
const S3_LANDING: &str = "1f0c2d4e-6b7a-4c1e-9f2a-3b4c5d6e7f80";
const DEV_FINANCE: &str = "65cf6b6c51618b6abd5848d1";

fn dev_connection(id: &str, name: &str, source: &str) -> Connection {
    Connection {
        q_id: id.into(),
        id: Some(id.into()),
        q_name: name.into(),
        q_type: "QvOdbcConnectorPackage.exe".into(),
        datasource_id: Some(source.into()),
        space: Some(DEV_FINANCE.into()),
        created: Some("2024-03-01T10:21:12.659Z".into()),
        user: Some("u-me".into()),
        ..Default::default()
    }
}

/// The app's own fetches answered with dev's data (only what the connections list shows).
fn settle(app: &mut App, action: Action) {
    let mut queue = vec![action];
    while let Some(a) = queue.pop() {
        for e in update(app, a) {
            let Effect::Fetch(req) = e else { continue };
            let payloads = match &req.fetch {
                Fetch::Me => vec![Payload::Me(Ok(User {
                    id: "u-me".into(),
                    name: "Jane Analyst".into(),
                    ..Default::default()
                }))],
                Fetch::Spaces => vec![Payload::Spaces(Ok(vec![Space {
                    id: DEV_FINANCE.into(),
                    name: "Finance".into(),
                    ..Default::default()
                }]))],
                Fetch::Connections { .. } => vec![
                    Payload::ConnectionsPage(Ok(ConnectionsPage {
                        data: vec![
                            dev_connection(SQLSERVER_SALES, "sqlserver_sales", "DG_mssql"),
                            dev_connection(S3_LANDING, "S3_landing", "File_AmazonS3ConnectorV2"),
                        ],
                        ..Default::default()
                    })),
                    Payload::ConnectionsEnd,
                ],
                _ => vec![],
            };
            for p in payloads {
                queue.insert(0, Action::Loaded(req.ticket, p));
            }
        }
    }
}

fn screen(app: &mut App) -> String {
    let mut t = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    qdc::runtime::frame::draw(&mut t, app).unwrap();
    t.backend().to_string()
}

/// dev's two connections planned against prod's Finance, where S3_landing was copied before
/// and its region changed since.
async fn real_plan() -> (Plan, Vec<Space>) {
    let dev = demo().await;
    let prod = demo_with(DemoOptions {
        sibling: Some("prod".into()),
        ..DemoOptions::default()
    })
    .await;
    let (dev, prod) = (client(&dev), client(&prod));
    let (_, first) = copy_plan(
        &dev,
        &[qdc::api::ConnectionId::from(S3_LANDING)],
        &prod,
        &TargetSpace::Same,
        &Default::default(),
    )
    .await
    .unwrap();
    let texts: HashMap<String, String> = first
        .secrets()
        .into_iter()
        .map(|v| (v, "x".to_string()))
        .collect();
    let secrets = first.secret_values(&texts).unwrap();
    let results = apply(&prod, &first, &secrets, &AtomicBool::new(false), |_| {}).await;
    let ItemOutcome::Created { id } = &results[0].outcome else {
        panic!("created: {results:?}");
    };
    let op = PatchOp::replace("/connectionProperties/region", json!("eu-west-1"));
    prod.patch_connection(id, &[op], None).await.unwrap();
    let ids = [SQLSERVER_SALES, S3_LANDING].map(qdc::api::ConnectionId::from);
    let (_, plan) = copy_plan(
        &dev,
        &ids,
        &prod,
        &TargetSpace::Named("Finance".into()),
        &Default::default(),
    )
    .await
    .unwrap();
    assert_eq!(plan.counts(), (1, 1, 0), "{plan:?}");
    let spaces = prod
        .spaces(&Default::default())
        .collect_all()
        .await
        .unwrap();
    (plan, spaces)
}

#[tokio::test]
async fn the_plan_of_a_copy_to_another_tenant() {
    let (plan, prod_spaces) = real_plan().await;
    for (w, h) in [(100, 30), (80, 24)] {
        let mut app = App::new(Tenant {
            profile: "dev".into(),
            host: "dev.example".into(),
        });
        app.profiles = vec!["dev".into(), "prod".into()];
        settle(
            &mut app,
            Action::Resize {
                width: w,
                height: h,
            },
        );
        settle(&mut app, Action::Intent(Intent::GoPane(Pane::Connections)));
        settle(&mut app, Action::Intent(Intent::ToggleMark));
        settle(&mut app, Action::Intent(Intent::ToggleMark));
        settle(&mut app, Action::Intent(Intent::CopyTo));
        insta::assert_snapshot!(format!("copy_profile_{w}x{h}"), screen(&mut app));
        settle(&mut app, Action::Intent(Intent::Pick));
        let job = app.layers.copy().unwrap().job;
        let opened = OpenedTarget {
            tenant: TargetTenant {
                profile: "prod".into(),
                host: "prod.example".into(),
            },
            read_only: false,
            spaces: Ok(prod_spaces.clone()),
        };
        settle(
            &mut app,
            Action::Copy(CopyEvent::Opened {
                job,
                result: Ok(opened),
            }),
        );
        insta::assert_snapshot!(format!("copy_space_{w}x{h}"), screen(&mut app));
        settle(&mut app, Action::Intent(Intent::Pick));
        settle(
            &mut app,
            Action::Copy(CopyEvent::Planned {
                job,
                result: Ok(plan.clone()),
                from_env: Default::default(),
            }),
        );
        for c in "hunter2".chars() {
            settle(&mut app, Action::Type(c));
        }
        let shown = screen(&mut app);
        assert!(!shown.contains("hunter2"), "a secret is never drawn");
        insta::assert_snapshot!(format!("copy_plan_{w}x{h}"), shown);
    }
}

/// The copy popup names its keys once, from the keymap: its border and the footer say the same
/// words, and a rebound key is named as bound in both.
#[test]
fn the_copy_popups_border_and_footer_name_the_same_rebound_keys() {
    let mut app = App::new(Tenant {
        profile: "dev".into(),
        host: "dev.example".into(),
    });
    let overrides = std::collections::BTreeMap::from([("pick".to_string(), "ctrl-o".to_string())]);
    let (keymap, problems) = qdc::app::keymap::Keymap::with_overrides(&overrides);
    assert!(problems.is_empty(), "{problems:?}");
    app.keymap = keymap;
    app.profiles = vec!["dev".into(), "prod".into()];
    settle(
        &mut app,
        Action::Resize {
            width: 100,
            height: 30,
        },
    );
    settle(&mut app, Action::Intent(Intent::GoPane(Pane::Connections)));
    settle(&mut app, Action::Intent(Intent::CopyTo));
    let shown = screen(&mut app);
    assert!(
        shown.contains("Ctrl-o pick · ↑/↓ choose · type to filter · Esc cancel"),
        "{shown}"
    );
    let footer = shown.lines().last().unwrap();
    assert!(
        footer.contains("<Ctrl-o> pick <↑/↓> choose <Esc> cancel"),
        "{footer}"
    );
    assert!(
        !shown.contains("Enter pick") && !shown.contains("close"),
        "{shown}"
    );
}
