//! `cargo bench --bench explorer`: how qdc behaves with a large tenant (10,000 connections).
//!
//! Medians of repeated runs in one process (machines here are noisy; compare ratios, not
//! absolute numbers across machines). Figures are quoted in README.md. Nothing here asserts a
//! time: these are measurements, not tests.

use std::time::{Duration, Instant};

use qdc::api::models::{Connection, ConnectionsPage, ListMeta, Space, User};
use qdc::app::keymap::Intent;
use qdc::app::state::{Pane, Tenant};
use qdc::app::{update, Action, App, Effect, Fetch, Payload};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

const CONNECTIONS: usize = 10_000;
const PAGE: usize = 100;

fn connection(i: usize) -> Connection {
    Connection {
        q_id: format!("{i:08x}-0000-4000-8000-000000000000"),
        id: Some(format!("{i:08x}-0000-4000-8000-000000000000")),
        q_name: format!(
            "{}_{:05}",
            ["Sales_mssql", "Finance_s3", "HR_rest", "Ops_pg"][i % 4],
            i
        ),
        q_type: "QvOdbcConnectorPackage.exe".into(),
        datasource_id: Some(
            ["mssql", "File_AmazonS3ConnectorV2", "rest", "postgres"][i % 4].into(),
        ),
        space: (!i.is_multiple_of(5)).then(|| format!("space-{}", i % 7)),
        user: Some(format!("user-{}", i % 13)),
        created: Some(format!(
            "2024-{:02}-{:02}T10:00:00.000Z",
            i % 12 + 1,
            i % 28 + 1
        )),
        ..Default::default()
    }
}

fn pages() -> Vec<ConnectionsPage> {
    (0..CONNECTIONS)
        .step_by(PAGE)
        .map(|start| ConnectionsPage {
            data: (start..start + PAGE).map(connection).collect(),
            meta: Some(ListMeta {
                count: Some(CONNECTIONS as i64),
                ..Default::default()
            }),
            ..Default::default()
        })
        .collect()
}

/// Applies an action and answers the fetches it causes (connections in pages), until quiet.
fn settle(app: &mut App, action: Action, pages: &[ConnectionsPage]) {
    let mut queue = std::collections::VecDeque::from([action]);
    while let Some(a) = queue.pop_front() {
        for e in update(app, a) {
            let Effect::Fetch(req) = e else { continue };
            let payloads: Vec<Payload> = match &req.fetch {
                Fetch::Me => vec![Payload::Me(Ok(User {
                    id: "user-0".into(),
                    ..Default::default()
                }))],
                Fetch::Spaces => vec![Payload::Spaces(Ok((0..7)
                    .map(|i| Space {
                        id: format!("space-{i}"),
                        name: format!("Space {i}"),
                        ..Default::default()
                    })
                    .collect()))],
                Fetch::Connections { .. } => pages
                    .iter()
                    .cloned()
                    .map(|p| Payload::ConnectionsPage(Ok(p)))
                    .chain([Payload::ConnectionsEnd])
                    .collect(),
                _ => Vec::new(),
            };
            queue.extend(payloads.into_iter().map(|p| Action::Loaded(req.ticket, p)));
        }
    }
}

fn fresh_app() -> App {
    let mut app = App::new(Tenant {
        profile: "bench".into(),
        host: "bench".into(),
    });
    update(
        &mut app,
        Action::Resize {
            width: 160,
            height: 48,
        },
    );
    app
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn report(name: &str, samples: Vec<Duration>) {
    let runs = samples.len();
    let m = median(samples);
    println!(
        "{name:<58} median {:>10.3} ms  ({runs} runs)",
        m.as_secs_f64() * 1e3
    );
}

fn main() {
    let pages = pages();

    // 1. Loading: 100 pages of 100 connections through `update` (rows built per page).
    let samples = (0..7)
        .map(|_| {
            let mut app = fresh_app();
            let started = Instant::now();
            settle(
                &mut app,
                Action::Intent(Intent::GoPane(Pane::Connections)),
                &pages,
            );
            let took = started.elapsed();
            assert_eq!(app.list(Pane::Connections).rows.len(), CONNECTIONS);
            took
        })
        .collect();
    report(
        "load 10,000 connections (100 pages) through update",
        samples,
    );

    let mut app = fresh_app();
    settle(
        &mut app,
        Action::Intent(Intent::GoPane(Pane::Connections)),
        &pages,
    );

    // 2. Drawing one full frame of the Connections pane at 160x48.
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
    let samples = (0..50)
        .map(|_| {
            let started = Instant::now();
            terminal.draw(|f| qdc::ui::draw(f, &app)).unwrap();
            started.elapsed()
        })
        .collect();
    report("draw the Connections pane, 10,000 rows, 160x48", samples);

    // 3. Incremental filter: the first keystroke scans all 10,000 rows, later ones narrow the
    //    previous view.
    let mut first = Vec::new();
    let mut later = Vec::new();
    let mut matched = 0;
    for _ in 0..7 {
        let mut app = fresh_app();
        settle(
            &mut app,
            Action::Intent(Intent::GoPane(Pane::Connections)),
            &pages,
        );
        update(&mut app, Action::Intent(Intent::Filter));
        for (i, c) in "mssql_01".chars().enumerate() {
            let started = Instant::now();
            update(&mut app, Action::Type(c));
            let took = started.elapsed();
            if i == 0 {
                first.push(took)
            } else {
                later.push(took)
            }
        }
        matched = app.list(Pane::Connections).view.len();
    }
    report("filter: first keystroke over 10,000 rows", first);
    report(
        &format!("filter: each further keystroke (\"mssql_01\" -> {matched} rows)"),
        later,
    );

    // 4. Moving the selection one row (and redrawing) in the full list.
    let samples = (0..200)
        .map(|_| {
            let started = Instant::now();
            update(&mut app, Action::Intent(Intent::Down));
            terminal.draw(|f| qdc::ui::draw(f, &app)).unwrap();
            started.elapsed()
        })
        .collect();
    report("move down + redraw, 10,000 rows", samples);

    // 5. The client paging through 10,000 connections of an in-process demo tenant.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let server = qdc::demo::DemoServer::start(
            "127.0.0.1:0".parse().unwrap(),
            qdc::demo::DemoOptions {
                connections: CONNECTIONS,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let client = qdc::api::Client::new(
            &qdc::api::ClientConfig::new(server.base_url()),
            std::sync::Arc::new(qdc::api::ApiKey::new("demo")),
        )
        .unwrap();
        let mut samples = Vec::new();
        for _ in 0..3 {
            let started = Instant::now();
            let all = client
                .connections(&qdc::api::ConnectionsQuery {
                    limit: Some(100),
                    ..Default::default()
                })
                .collect_all()
                .await
                .unwrap();
            samples.push(started.elapsed());
            assert!(all.len() >= CONNECTIONS);
        }
        report(
            "client: page through 10,000 demo connections (limit 100)",
            samples,
        );
    });
}
