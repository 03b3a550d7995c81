//! The contract checker itself: it must flag a wrong shape, and every listed exception must name
//! a real operation of the spec (so a stale exception cannot hide anything).

mod support;

use serde_json::json;
use support::contract::{Contract, EXCEPTIONS, RESPONSE_ALIASES};

#[test]
fn a_wrong_response_shape_is_flagged() {
    let contract = Contract::load();
    let violations = contract.check_exchange(
        "GET",
        "/api/v1/data-credentials/abc",
        None,
        200,
        Some(&json!({"qName": 5})),
    );
    let text: Vec<String> = violations.iter().map(|v| v.to_string()).collect();
    assert!(text.iter().any(|t| t.contains("qID")), "{text:?}");
    assert!(text.iter().any(|t| t.contains("qName")), "{text:?}");
}

#[test]
fn a_wrong_request_shape_is_flagged() {
    let contract = Contract::load();
    let violations = contract.check_exchange(
        "POST",
        "/api/v1/data-connections/actions/duplicate",
        Some(&json!({"name": "copy"})),
        201,
        None,
    );
    assert!(!violations.is_empty(), "`id` is required");
}

#[test]
fn an_undocumented_status_is_flagged() {
    let contract = Contract::load();
    let violations =
        contract.check_exchange("GET", "/api/v1/data-sources", None, 409, Some(&json!({})));
    assert_eq!(violations.len(), 1);
}

#[test]
fn concrete_paths_map_to_the_spec_templates() {
    let contract = Contract::load();
    let t = |p: &str| contract.template_for(p);
    assert_eq!(
        t("/api/v1/data-connections/actions/delete").as_deref(),
        Some("/v1/data-connections/actions/delete")
    );
    assert_eq!(
        t("/api/v1/data-connections/5bdc7893-866d-4374-98bf-0a0a5fa480b6").as_deref(),
        Some("/v1/data-connections/{qID}")
    );
    assert_eq!(t("/api/v1/dcaas/actions/data-connections"), None);
    assert_eq!(t("/oauth/token"), None);
}

#[test]
fn every_exception_names_a_real_operation() {
    let contract = Contract::load();
    let spec: serde_json::Value = serde_json::from_str(include_str!(
        "contract/qlik-connectivity.openapi3.schema-only.json"
    ))
    .unwrap();
    let endpoints = EXCEPTIONS
        .iter()
        .map(|x| x.endpoint)
        .chain(RESPONSE_ALIASES.iter().flat_map(|(a, _, b, _)| [*a, *b]));
    for endpoint in endpoints.filter(|e| *e != "*") {
        let (method, template) = endpoint.split_once(' ').unwrap();
        assert!(
            spec["paths"][template]
                .get(method.to_ascii_lowercase())
                .is_some(),
            "stale exception: {endpoint}"
        );
    }
    assert!(EXCEPTIONS.iter().all(|x| !x.reason.is_empty()));
    let _ = contract;
}
