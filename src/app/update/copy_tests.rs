//! "Copy to…" (`P`) through `update`: the requests it sends at each step, the errors it says
//! before anything is sent, and a plan applied once.

use serde_json::json;

use super::tests::{conn, key, ticket_of};
use super::*;
use crate::api::models::{CreateConnection, Space};
use crate::app::action::Payload;
use crate::app::copy::{CopyEvent, CopyRequest, OpenedTarget, Step, TargetTenant};
use crate::app::effect::Slot;
use crate::app::keymap::Context;
use crate::app::state::Pane;
use crate::app::state::Tenant;
use crate::promote::{
    Action as PlanAction, ItemOutcome, ItemResult, Plan, PlanItem, PlanProblem, TargetSpace,
};

fn space(id: &str, name: &str) -> Space {
    Space {
        id: id.into(),
        name: name.into(),
        ..Default::default()
    }
}

/// On the connections of "dev" (profiles dev and prod), two connections in Sales listed.
fn app_with_connections() -> App {
    app_listing(vec![
        conn(1, "pg_orders", Some("sp-sales"), None),
        conn(2, "pg_sales", Some("sp-sales"), None),
    ])
}

/// On the connections of "dev" (profiles dev and prod), `connections` listed.
fn app_listing(connections: Vec<crate::api::models::Connection>) -> App {
    let mut app = App::new(Tenant {
        profile: "dev".into(),
        host: "dev.example".into(),
    });
    app.profiles = vec!["dev".into(), "prod".into()];
    update(
        &mut app,
        Action::Resize {
            width: 100,
            height: 30,
        },
    );
    let fx = key(&mut app, Intent::GoPane(Pane::Connections));
    let (c, s) = (
        ticket_of(&fx, Slot::Connections),
        ticket_of(&fx, Slot::Spaces),
    );
    update(
        &mut app,
        Action::Loaded(s, Payload::Spaces(Ok(vec![space("sp-sales", "Sales")]))),
    );
    let page = crate::api::models::ConnectionsPage {
        data: connections,
        ..Default::default()
    };
    update(
        &mut app,
        Action::Loaded(c, Payload::ConnectionsPage(Ok(page))),
    );
    update(&mut app, Action::Loaded(c, Payload::ConnectionsEnd));
    app
}

fn copy_requests(fx: &[Effect]) -> Vec<&CopyRequest> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::CopyTo(r) => Some(r),
            _ => None,
        })
        .collect()
}

fn job(app: &App) -> u64 {
    app.layers.copy().expect("the copy is open").job
}

fn opened(app: &mut App, read_only: bool) {
    let job = job(app);
    update(
        app,
        Action::Copy(CopyEvent::Opened {
            job,
            result: Ok(OpenedTarget {
                tenant: TargetTenant {
                    profile: "prod".into(),
                    host: "prod.example".into(),
                },
                read_only,
                spaces: Ok(vec![space("p-fin", "Finance"), space("p-sales", "Sales")]),
            }),
        }),
    );
}

/// A plan with one create that needs `PG_ORDERS_PASSWORD`.
fn one_create() -> Plan {
    Plan {
        items: vec![PlanItem {
            name: "pg_orders".into(),
            space: Some("Sales".into()),
            data_source_id: "postgres".into(),
            action: PlanAction::Create {
                body: CreateConnection {
                    q_name: "pg_orders".into(),
                    connection_properties: json!({"password": "${env:PG_ORDERS_PASSWORD}"})
                        .as_object()
                        .cloned()
                        .unwrap(),
                    ..Default::default()
                },
            },
            notes: vec![],
            json_secrets: Default::default(),
        }],
        problems: vec![],
    }
}

fn planned(app: &mut App, plan: Plan) {
    let job = job(app);
    update(
        app,
        Action::Copy(CopyEvent::Planned {
            job,
            result: Ok(plan),
            from_env: Default::default(),
        }),
    );
}

/// From `P` to the plan on screen: profile prod, space Sales.
fn at_review(plan: Plan) -> App {
    let mut app = app_with_connections();
    key(&mut app, Intent::CopyTo);
    key(&mut app, Intent::Pick);
    opened(&mut app, false);
    key(&mut app, Intent::Pick);
    planned(&mut app, plan);
    app
}

#[test]
fn p_marked_connections_asks_for_another_profile_and_opens_it_beside_this_one() {
    let mut app = app_with_connections();
    key(&mut app, Intent::ToggleMark);
    key(&mut app, Intent::Down);
    key(&mut app, Intent::ToggleMark);
    key(&mut app, Intent::CopyTo);
    assert_eq!(app.context(), Context::Picker);
    let copy = app.layers.copy().unwrap();
    let names: Vec<&str> = copy.connections.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["pg_orders", "pg_sales"]);
    let chosen = copy.profiles.chosen().unwrap();
    assert_eq!(chosen.value, "prod", "another tenant first");
    let fx = key(&mut app, Intent::Pick);
    assert_eq!(
        copy_requests(&fx),
        [&CopyRequest::Open {
            job: job(&app),
            profile: "prod".into(),
            current: false,
        }]
    );
    // the TUI's own tenant is untouched: no switch, no fetch of another tenant
    assert!(!fx.iter().any(|e| matches!(e, Effect::SwitchTenant(_))));
    assert_eq!(app.tenant.profile, "dev");
    opened(&mut app, false);
    let copy = app.layers.copy().unwrap();
    assert_eq!(copy.step, Step::Space);
    // both connections are in Sales, which prod has too
    let (space, name) = copy.spaces.as_ref().unwrap().chosen().unwrap();
    assert_eq!(
        (space, name),
        (&TargetSpace::Named("Sales".into()), "Sales")
    );
    let fx = key(&mut app, Intent::Pick);
    assert_eq!(
        copy_requests(&fx),
        [&CopyRequest::Plan {
            job: job(&app),
            ids: vec!["c0001".into(), "c0002".into()],
            space: TargetSpace::Named("Sales".into()),
            gateways: Default::default(),
        }]
    );
}

#[test]
fn a_read_only_target_is_refused_before_anything_is_planned() {
    let mut app = app_with_connections();
    key(&mut app, Intent::CopyTo);
    key(&mut app, Intent::Pick);
    opened(&mut app, true);
    let copy = app.layers.copy().unwrap();
    assert_eq!(copy.step, Step::Profile);
    assert!(
        copy.error.as_deref().unwrap().contains("prod is read-only"),
        "{:?}",
        copy.error
    );
    // this tenant, read-only here, is refused without even opening it
    app.keymap.set_read_only(true);
    key(&mut app, Intent::Up);
    let fx = key(&mut app, Intent::Pick);
    assert!(copy_requests(&fx).is_empty(), "{fx:?}");
    assert!(app
        .layers
        .copy()
        .unwrap()
        .error
        .as_deref()
        .unwrap()
        .contains("dev is read-only"));
}

#[test]
fn a_plan_with_problems_sends_nothing_and_says_why() {
    let mut plan = one_create();
    plan.items.clear();
    plan.problems.push(PlanProblem {
        connection: "pg_orders (Sales)".into(),
        message: "no gateway named \"gw\" for postgres on the target".into(),
    });
    let mut app = at_review(plan);
    assert_eq!(app.context(), Context::CopyPlan);
    let fx = key(&mut app, Intent::CopyApply);
    assert!(copy_requests(&fx).is_empty());
    let error = app.layers.copy().unwrap().error.clone().unwrap();
    assert!(
        error.starts_with("nothing was sent: the plan has 1 problem"),
        "{error}"
    );
}

#[test]
fn secrets_are_asked_for_then_the_plan_is_applied_once() {
    let mut app = at_review(one_create());
    // the secret is missing: nothing is sent
    let fx = key(&mut app, Intent::CopyApply);
    assert!(copy_requests(&fx).is_empty());
    assert_eq!(
        app.layers.copy().unwrap().error.as_deref(),
        Some("nothing was sent: PG_ORDERS_PASSWORD is not set")
    );
    for c in "s3cret".chars() {
        update(&mut app, Action::Type(c));
    }
    let fx = key(&mut app, Intent::CopyApply);
    let [CopyRequest::Apply { plan, secrets, .. }] = copy_requests(&fx)[..] else {
        panic!("one apply: {fx:?}");
    };
    assert_eq!(plan.items.len(), 1);
    assert_eq!(secrets.0["PG_ORDERS_PASSWORD"], "s3cret");
    // while it is applying and after, Ctrl-S sends nothing again
    assert_eq!(app.context(), Context::CopyResult);
    assert!(copy_requests(&key(&mut app, Intent::CopyApply)).is_empty());
    assert!(
        copy_requests(&key(&mut app, Intent::Back)).is_empty(),
        "Esc waits for the results"
    );
    let job = job(&app);
    update(
        &mut app,
        Action::Copy(CopyEvent::Applied {
            job,
            result: ItemResult {
                label: "pg_orders (Sales)".into(),
                outcome: ItemOutcome::Created { id: "new-1".into() },
            },
        }),
    );
    update(&mut app, Action::Copy(CopyEvent::ApplyEnded { job }));
    assert_eq!(app.layers.copy().unwrap().step, Step::Applied);
    assert!(copy_requests(&key(&mut app, Intent::CopyApply)).is_empty());
    let said = &app.flash.as_ref().unwrap().text;
    assert!(said.contains("1 created"), "{said}");
    // r plans again (the new plan finds what was created); the typed secret is kept
    let fx = key(&mut app, Intent::CopyReplan);
    assert!(matches!(copy_requests(&fx)[..], [CopyRequest::Plan { .. }]));
    planned(&mut app, one_create());
    let copy = app.layers.copy().unwrap();
    assert_eq!(
        copy.plan.as_ref().unwrap().secrets.texts()["PG_ORDERS_PASSWORD"],
        "s3cret"
    );
    assert!(copy.plan.as_ref().unwrap().results.is_empty());
}

#[test]
fn a_closed_copy_ignores_what_its_tasks_still_report() {
    let mut app = app_with_connections();
    key(&mut app, Intent::CopyTo);
    key(&mut app, Intent::Pick);
    let old = job(&app);
    let fx = key(&mut app, Intent::Back);
    assert_eq!(copy_requests(&fx), [&CopyRequest::Close { job: old }]);
    assert!(app.layers.copy().is_none());
    key(&mut app, Intent::CopyTo);
    assert_ne!(job(&app), old);
    update(
        &mut app,
        Action::Copy(CopyEvent::Planned {
            job: old,
            result: Ok(one_create()),
            from_env: Default::default(),
        }),
    );
    let copy = app.layers.copy().unwrap();
    assert_eq!(copy.step, Step::Profile);
    assert!(copy.plan.is_none());
}

#[test]
fn a_secret_set_in_the_environment_fills_its_field_and_the_rest_is_asked() {
    let mut plan = one_create();
    if let PlanAction::Create { body } = &mut plan.items[0].action {
        body.connection_properties
            .insert("username".into(), json!("${env:PG_ORDERS_USERNAME}"));
    }
    let mut app = app_with_connections();
    key(&mut app, Intent::CopyTo);
    key(&mut app, Intent::Pick);
    opened(&mut app, false);
    key(&mut app, Intent::Pick);
    let job = job(&app);
    let from_env = crate::app::copy::EnvSecrets(
        [("PG_ORDERS_PASSWORD".to_string(), "from-env".to_string())].into(),
    );
    update(
        &mut app,
        Action::Copy(CopyEvent::Planned {
            job,
            result: Ok(plan),
            from_env,
        }),
    );
    let form = &app.layers.copy().unwrap().plan.as_ref().unwrap().secrets;
    assert!(form.fields[0].from_env && form.fields[0].var == "PG_ORDERS_PASSWORD");
    assert_eq!(form.focus, 1, "the focus goes to the one still missing");
    for c in "svc".chars() {
        update(&mut app, Action::Type(c));
    }
    let fx = key(&mut app, Intent::CopyApply);
    let [CopyRequest::Apply { secrets, .. }] = copy_requests(&fx)[..] else {
        panic!("one apply: {fx:?}");
    };
    assert_eq!(secrets.0["PG_ORDERS_PASSWORD"], "from-env");
    assert_eq!(secrets.0["PG_ORDERS_USERNAME"], "svc");
}

#[test]
fn a_copy_into_this_tenant_reloads_the_list_under_it() {
    let mut app = app_with_connections();
    key(&mut app, Intent::CopyTo);
    key(&mut app, Intent::Up);
    let fx = key(&mut app, Intent::Pick);
    assert!(matches!(
        copy_requests(&fx)[..],
        [CopyRequest::Open { current: true, .. }]
    ));
    let job = job(&app);
    let dev = TargetTenant {
        profile: "dev".into(),
        host: "dev.example".into(),
    };
    update(
        &mut app,
        Action::Copy(CopyEvent::Opened {
            job,
            result: Ok(OpenedTarget {
                tenant: dev,
                read_only: false,
                spaces: Ok(vec![space("sp-sales", "Sales")]),
            }),
        }),
    );
    key(&mut app, Intent::Pick);
    planned(&mut app, one_create());
    for c in "pw".chars() {
        update(&mut app, Action::Type(c));
    }
    key(&mut app, Intent::CopyApply);
    update(
        &mut app,
        Action::Copy(CopyEvent::Applied {
            job,
            result: ItemResult {
                label: "pg_orders (Sales)".into(),
                outcome: ItemOutcome::Created { id: "new-1".into() },
            },
        }),
    );
    let fx = update(&mut app, Action::Copy(CopyEvent::ApplyEnded { job }));
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::Fetch(r) if r.ticket.slot == Slot::Connections)),
        "the list is asked for again: {fx:?}"
    );
    let said = &app.flash.as_ref().unwrap().text;
    assert!(
        said.starts_with("copied to dev (this tenant): 1 created"),
        "{said}"
    );
}

/// What the runtime's plan says of `pg_gw` (a `DG_` source): with no gateway picked, the
/// target lacks its gateway's name (a problem); with one picked, a create that carries the
/// picked id, as `promote::copy_plan` puts it in the file's `gatewayInstance`.
fn planned_with_gateway(request: &CopyRequest) -> Plan {
    let CopyRequest::Plan { gateways, .. } = request else {
        panic!("a plan request: {request:?}");
    };
    match gateways.get("pg_gw") {
        None => Plan {
            items: vec![],
            problems: vec![PlanProblem {
                connection: "pg_gw (Sales)".into(),
                message: "no gateway named \"dev gateway\" for DG_mssql on the target".into(),
            }],
        },
        Some(id) => Plan {
            items: vec![PlanItem {
                name: "pg_gw".into(),
                space: Some("Sales".into()),
                data_source_id: "DG_mssql".into(),
                action: PlanAction::Create {
                    body: CreateConnection {
                        q_name: "pg_gw".into(),
                        connection_properties: json!({"gatewayInstance": id})
                            .as_object()
                            .cloned()
                            .unwrap(),
                        ..Default::default()
                    },
                },
                notes: vec![format!("gateway \"prod gateway 2\" is {id} on the target")],
                json_secrets: Default::default(),
            }],
            problems: vec![],
        },
    }
}

#[test]
fn a_gateway_picked_from_the_targets_list_replaces_the_missing_one_and_is_sent() {
    let mut gw = conn(3, "pg_gw", Some("sp-sales"), None);
    gw.datasource_id = Some("DG_mssql".into());
    let mut app = app_listing(vec![gw]);
    key(&mut app, Intent::CopyTo);
    key(&mut app, Intent::Pick);
    opened(&mut app, false);
    let fx = key(&mut app, Intent::Pick);
    let plan = planned_with_gateway(copy_requests(&fx)[0]);
    planned(&mut app, plan);
    // the problem blocks Ctrl-S
    assert!(copy_requests(&key(&mut app, Intent::CopyApply)).is_empty());
    // Ctrl-G lists the target's gateways of the connection's source
    let fx = key(&mut app, Intent::CopyGateway);
    let job = job(&app);
    assert_eq!(
        copy_requests(&fx),
        [&CopyRequest::Gateways {
            job,
            data_source_id: "DG_mssql".into()
        }]
    );
    assert_eq!(app.context(), Context::Picker);
    let gateway = |id: &str, name: &str| crate::api::models::Gateway {
        id: id.into(),
        name: name.into(),
        ..Default::default()
    };
    update(
        &mut app,
        Action::Copy(CopyEvent::Gateways {
            job,
            data_source_id: "DG_mssql".into(),
            result: Ok(vec![
                gateway("prod-gw-1", "prod gateway 1"),
                gateway("prod-gw-2", "prod gateway 2"),
            ]),
        }),
    );
    // typed text filters the target's gateways; Enter picks and plans again with it
    for c in "2".chars() {
        update(&mut app, Action::Type(c));
    }
    let fx = key(&mut app, Intent::Pick);
    let [request @ CopyRequest::Plan { gateways, .. }] = copy_requests(&fx)[..] else {
        panic!("a new plan: {fx:?}");
    };
    assert_eq!(gateways.get("pg_gw").map(String::as_str), Some("prod-gw-2"));
    let plan = planned_with_gateway(request);
    planned(&mut app, plan);
    let copy = app.layers.copy().unwrap();
    assert_eq!(copy.step, Step::Review);
    let lines = crate::app::copy::plan_lines(copy.plan.as_ref().unwrap());
    assert!(
        lines.iter().any(|l| l.text.contains("prod gateway 2")),
        "{lines:?}"
    );
    // no problem left: Ctrl-S applies, and the create carries the picked gateway's id
    let fx = key(&mut app, Intent::CopyApply);
    let [CopyRequest::Apply { plan, .. }] = copy_requests(&fx)[..] else {
        panic!("one apply: {fx:?}");
    };
    let PlanAction::Create { body } = &plan.items[0].action else {
        panic!("a create");
    };
    assert_eq!(body.connection_properties["gatewayInstance"], "prod-gw-2");
}
