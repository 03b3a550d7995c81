//! Connections promoted between two demo tenants (`qdc demo-server --tenants dev,prod`) through
//! the real binary without a terminal: export, apply with a plan, re-apply as a no-op, and the
//! exact writes the target tenant received (its request log).

mod common;

use common::DemoTenant;
use serde_json::Value;

fn names_and_ids(tenant: &DemoTenant, path: &str, key: &str) -> Vec<(String, String)> {
    tenant.json(path)[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["name"].as_str().unwrap().to_string(),
                v["id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn two_tenants_share_names_not_ids_and_keep_their_own_request_logs() {
    let tenants = DemoTenant::start_tenants(&["dev", "prod"], &[]);
    let (dev, prod) = (&tenants[0], &tenants[1]);
    assert_ne!(dev.url, prod.url);
    let spaces = |t: &DemoTenant| names_and_ids(t, "/api/v1/spaces?limit=100", "data");
    let (dev_spaces, prod_spaces) = (spaces(dev), spaces(prod));
    assert_eq!(
        dev_spaces.iter().map(|s| &s.0).collect::<Vec<_>>(),
        prod_spaces.iter().map(|s| &s.0).collect::<Vec<_>>()
    );
    for (d, p) in dev_spaces.iter().zip(&prod_spaces) {
        assert_ne!(d.1, p.1, "space {} has its own id on prod", d.0);
    }
    let gateways =
        |t: &DemoTenant| names_and_ids(t, "/api/v1/data-sources/DG_mssql/gateways", "gateways");
    let (dev_gw, prod_gw) = (gateways(dev), gateways(prod));
    assert_eq!(dev_gw[0].0, prod_gw[0].0);
    assert_ne!(dev_gw[0].1, prod_gw[0].1);
    // dev is the published tenant; prod has nothing but each space's DataFiles yet
    let listed = |t: &DemoTenant| t.json("/api/v1/data-connections?limit=100&noDatafiles=true");
    assert_eq!(listed(dev)["data"][0]["qName"], "sqlserver_sales");
    assert_eq!(listed(prod)["data"], Value::Array(vec![]));
    assert_ne!(
        dev.json("/api/v1/users/me")["tenantId"],
        prod.json("/api/v1/users/me")["tenantId"]
    );
    dev.clear_requests();
    prod.clear_requests();
    dev.json("/api/v1/spaces");
    assert_eq!(dev.requests_to("GET", "/api/v1/spaces").len(), 1);
    assert!(prod.requests_to("GET", "/api/v1/spaces").is_empty());
}
