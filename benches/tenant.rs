//! `cargo bench --bench tenant`: qdc's own CPU, in process, on data shaped like a real tenant.
//!
//! The connections are the demo tenant's (credential ids, spaces, owners, as `qdc demo-server
//! --connections N` serves them), fetched once through qdc's client from an in-process demo
//! tenant, then fed to `update` page by page as the event loop would. Measured (criterion):
//!
//! - `page_append/N`: one page of 100 appended to a list of N already loaded (1k, 10k, 100k);
//! - `filter/first_key` and `filter/narrowing_key` over 10k and 100k rows;
//! - `frame_200x60/N`: one whole frame of the Connections pane at 200×60;
//! - `api_specs_to_form/500`: a 500-property api-specs schema into a form.
//!
//! After criterion, the frame's median and p99 over 1,000 frames are printed (the goal is a
//! p99). The machine is shared and noisy: compare ratios within one run. Nothing here asserts a
//! time. `QDC_BENCH_SIZES=1000,10000` limits the sizes.

use std::collections::VecDeque;
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion};
use qdc::api::models::{ConnectionsPage, Space, User};
use qdc::app::keymap::Intent;
use qdc::app::state::{Pane, Tenant};
use qdc::app::{update, Action, App, Effect, Fetch, Payload, Ticket};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

const PAGE: usize = 100;

/// What the demo tenant serves, in pages of 100, as qdc's client receives it.
struct TenantData {
    me: User,
    spaces: Vec<Space>,
    pages: Vec<ConnectionsPage>,
}

fn fetch_tenant(connections: usize) -> TenantData {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let server = qdc::demo::DemoServer::start(
            "127.0.0.1:0".parse().unwrap(),
            qdc::demo::DemoOptions {
                connections,
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
        let me = client.me().await.unwrap();
        let spaces = client
            .spaces(&Default::default())
            .collect_all()
            .await
            .unwrap();
        let mut pager = client.connections(&qdc::api::ConnectionsQuery {
            limit: Some(PAGE as u32),
            ..Default::default()
        });
        let mut pages = Vec::new();
        while let Some(page) = pager.next_page().await {
            pages.push(page.unwrap());
        }
        TenantData { me, spaces, pages }
    })
}

/// An app on the Connections pane with the first `loaded` connections of `data`, its walk still
/// going (so more pages can be appended with the returned ticket).
fn loaded_app(data: &TenantData, loaded: usize) -> (App, Ticket) {
    let mut app = App::new(Tenant {
        profile: "bench".into(),
        host: "bench".into(),
    });
    update(
        &mut app,
        Action::Resize {
            width: 200,
            height: 60,
        },
    );
    let mut walk = None;
    let mut queue = VecDeque::from([Action::Intent(Intent::GoPane(Pane::Connections))]);
    while let Some(a) = queue.pop_front() {
        for e in update(&mut app, a) {
            let Effect::Fetch(req) = e else { continue };
            match &req.fetch {
                Fetch::Me => {
                    queue.push_back(Action::Loaded(req.ticket, Payload::Me(Ok(data.me.clone()))))
                }
                Fetch::Spaces => queue.push_back(Action::Loaded(
                    req.ticket,
                    Payload::Spaces(Ok(data.spaces.clone())),
                )),
                Fetch::Connections { .. } => walk = Some(req.ticket),
                _ => {}
            }
        }
    }
    let ticket = walk.expect("the Connections pane starts a walk");
    for page in &data.pages[..loaded / PAGE] {
        update(
            &mut app,
            Action::Loaded(ticket, Payload::ConnectionsPage(Ok(page.clone()))),
        );
    }
    (app, ticket)
}

fn sizes() -> Vec<usize> {
    std::env::var("QDC_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000])
}

/// One page appended at `n` loaded: the app is loaded once and pages are appended one after
/// another; it is loaded again from scratch (untimed) once it has grown by 10 %, so every
/// measured page lands on a list of n to 1.1 n.
fn bench_page_append(c: &mut Criterion, data: &TenantData, sizes: &[usize]) {
    let mut group = c.benchmark_group("page_append");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(3));
    for &n in sizes {
        let mut state = loaded_app(data, n);
        let mut next = n / PAGE;
        let limit = (n / PAGE) + (n / PAGE / 10).max(10);
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    if next >= limit.min(data.pages.len()) {
                        state = loaded_app(data, n);
                        next = n / PAGE;
                    }
                    let page = data.pages[next].clone();
                    next += 1;
                    let (app, ticket) = &mut state;
                    let started = Instant::now();
                    black_box(update(
                        app,
                        Action::Loaded(*ticket, Payload::ConnectionsPage(Ok(page))),
                    ));
                    total += started.elapsed();
                }
                total
            })
        });
    }
    group.finish();
}

/// The first key of a filter scans every row; a further key narrows what the first matched.
fn bench_filter(c: &mut Criterion, data: &TenantData, sizes: &[usize]) {
    let mut group = c.benchmark_group("filter");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    for &n in sizes.iter().filter(|&&n| n >= 10_000) {
        let (mut app, _) = loaded_app(data, n);
        for (name, timed) in [("first_key", 0), ("narrowing_key", 1)] {
            group.bench_function(BenchmarkId::new(name, n), |b| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        update(&mut app, Action::Intent(Intent::Filter));
                        for (i, ch) in "sql".chars().enumerate() {
                            let started = Instant::now();
                            black_box(update(&mut app, Action::Type(ch)));
                            if i == timed {
                                total += started.elapsed();
                            }
                        }
                        update(&mut app, Action::Intent(Intent::PromptCancel));
                    }
                    total
                })
            });
        }
    }
    group.finish();
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &mut App) {
    qdc::runtime::frame::draw(terminal, app).unwrap();
}

fn bench_frame(c: &mut Criterion, data: &TenantData, sizes: &[usize]) {
    let mut group = c.benchmark_group("frame_200x60");
    group.sample_size(20);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    let mut percentiles = Vec::new();
    for &n in sizes {
        let (mut app, _) = loaded_app(data, n);
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
        // a frame that differs from the last one: the selection moves each time
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| {
                update(&mut app, Action::Intent(Intent::Down));
                draw(&mut terminal, &mut app);
            })
        });
        let mut samples: Vec<Duration> = (0..1000)
            .map(|_| {
                update(&mut app, Action::Intent(Intent::Down));
                let started = Instant::now();
                draw(&mut terminal, &mut app);
                started.elapsed()
            })
            .collect();
        samples.sort();
        percentiles.push((n, samples[500], samples[990]));
    }
    group.finish();
    for (n, p50, p99) in percentiles {
        println!(
            "frame 200x60 at {n} rows: median {:.3} ms, p99 {:.3} ms (1,000 frames)",
            p50.as_secs_f64() * 1e3,
            p99.as_secs_f64() * 1e3
        );
    }
}

/// An api-specs document of 500 connection properties: the mssql connector's properties
/// repeated under new names (the same kinds of fields, types, enums and defaults).
fn specs_500() -> serde_json::Value {
    let text = include_str!("../assets/demo/api-specs/DG_mssql.json");
    let mut spec: serde_json::Value = serde_json::from_str(text).unwrap();
    let props = spec["connectionProperties"]["properties"]
        .as_object()
        .cloned()
        .unwrap();
    let mut grown = serde_json::Map::new();
    'fill: for round in 0.. {
        for (name, schema) in &props {
            if grown.len() == 500 {
                break 'fill;
            }
            let key = if round == 0 {
                name.clone()
            } else {
                format!("{name}{round}")
            };
            grown.insert(key, schema.clone());
        }
    }
    spec["connectionProperties"]["properties"] = serde_json::Value::Object(grown);
    spec
}

fn bench_form(c: &mut Criterion) {
    let spec = specs_500();
    let fields = qdc::schema::Form::from_api_specs(&spec).fields.len();
    assert!(fields >= 400, "the schema reads as {fields} fields");
    c.bench_function("api_specs_to_form/500", |b| {
        b.iter(|| qdc::schema::Form::from_api_specs(black_box(&spec)))
    });
}

fn main() {
    let sizes = sizes();
    let largest = sizes.iter().copied().max().unwrap_or(10_000);
    // enough pages beyond the largest size to append 10 % more
    let started = Instant::now();
    let data = fetch_tenant(largest + largest / 10 + 20 * PAGE);
    eprintln!(
        "fetched {} pages from the demo tenant in {:.1} s",
        data.pages.len(),
        started.elapsed().as_secs_f64()
    );
    let mut c = Criterion::default().configure_from_args();
    bench_page_append(&mut c, &data, &sizes);
    bench_filter(&mut c, &data, &sizes);
    bench_frame(&mut c, &data, &sizes);
    bench_form(&mut c);
    c.final_summary();
}
