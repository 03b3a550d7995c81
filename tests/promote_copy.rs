//! The plan code the TUI's "copy to…" uses, in process: marked connections of one demo tenant
//! planned against another (a space of the target chosen by name), applied with the secrets a
//! form would collect, and planned again as all unchanged; no terminal anywhere.

mod support;

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;

use qdc::api::ConnectionId;
use qdc::demo::{DemoOptions, DemoServer};
use qdc::promote::{apply, copy_plan, Action, ItemOutcome, TargetSpace};
use support::*;

/// Two demo tenants as `demo-server --tenants dev,prod` serves them: the same names, other ids.
async fn dev_and_prod() -> (DemoServer, DemoServer) {
    let dev = demo().await;
    let prod = demo_with(DemoOptions {
        sibling: Some("prod".into()),
        ..DemoOptions::default()
    })
    .await;
    (dev, prod)
}

#[tokio::test]
async fn marked_connections_copied_into_another_space_of_another_tenant() {
    let (dev, prod) = dev_and_prod().await;
    let (dev_client, prod_client) = (client(&dev), client(&prod));
    let marked = vec![ConnectionId::from("5bdc7893-866d-4374-98bf-0a0a5fa480b6")]; // sqlserver_sales
    let (file, plan) = copy_plan(
        &dev_client,
        &marked,
        &prod_client,
        &TargetSpace::Named("Sales".into()),
        &Default::default(),
    )
    .await
    .expect("planned");
    assert_eq!(file.connections.len(), 1);
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    assert_eq!(plan.counts(), (1, 0, 0));
    assert_eq!(plan.items[0].space.as_deref(), Some("Sales"));
    // what the secrets form asks for
    let wanted: Vec<String> = plan.secrets().into_iter().collect();
    assert_eq!(
        wanted,
        ["SQLSERVER_SALES_PASSWORD", "SQLSERVER_SALES_USERNAME"]
    );
    let Action::Create { body } = &plan.items[0].action else {
        panic!("a create")
    };
    let sales = prod_client
        .spaces(&Default::default())
        .collect_all()
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.name == "Sales")
        .unwrap();
    assert_eq!(body.space.as_deref(), Some(sales.id.as_str()));

    let texts: HashMap<String, String> = wanted
        .iter()
        .map(|v| (v.clone(), format!("value-of-{v}")))
        .collect();
    let secrets = plan.secret_values(&texts).expect("all text properties");
    let mut heard = Vec::new();
    let results = apply(
        &prod_client,
        &plan,
        &secrets,
        &AtomicBool::new(false),
        |r| heard.push(r.clone()),
    )
    .await;
    assert_eq!(heard, results);
    assert!(matches!(results[0].outcome, ItemOutcome::Created { .. }));
    let sent = api_requests(&prod)
        .into_iter()
        .find(|r| r.method == "POST")
        .unwrap();
    let props = &sent.body.unwrap()["connectionProperties"];
    assert_eq!(props["password"], "value-of-SQLSERVER_SALES_PASSWORD");

    let (_, again) = copy_plan(
        &dev_client,
        &marked,
        &prod_client,
        &TargetSpace::Named("Sales".into()),
        &Default::default(),
    )
    .await
    .unwrap();
    assert_eq!(again.counts(), (0, 0, 1));
    assert!(
        again.secrets().is_empty(),
        "an unchanged connection needs no secret"
    );
}

/// The TUI's gateway picked from the target's list: the plan takes that gateway (its id in
/// the create, its name in the note) instead of the one of the same name.
#[tokio::test]
async fn a_gateway_picked_on_the_target_is_the_one_the_create_sends() {
    let (dev, prod) = dev_and_prod().await;
    let (dev_client, prod_client) = (client(&dev), client(&prod));
    let listed = prod_client.gateways("DG_mssql", false).await.unwrap();
    let picked = listed.gateways.last().expect("prod has gateways");
    let marked = vec![ConnectionId::from("5bdc7893-866d-4374-98bf-0a0a5fa480b6")]; // sqlserver_sales
    let choices = [("sqlserver_sales".to_string(), picked.id.clone())].into();
    let (_, plan) = copy_plan(
        &dev_client,
        &marked,
        &prod_client,
        &TargetSpace::Named("Sales".into()),
        &choices,
    )
    .await
    .expect("planned");
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    let Action::Create { body } = &plan.items[0].action else {
        panic!("a create")
    };
    assert_eq!(body.connection_properties["gatewayInstance"], picked.id);
    assert!(
        plan.items[0]
            .notes
            .iter()
            .any(|n| n.contains(&format!("{:?}", picked.name))),
        "{:?}",
        plan.items[0].notes
    );
}
