//! Serde models of the Qlik Cloud data-connectivity API.
//!
//! Field names follow the wire exactly, quirks included (`dataSourceId` in requests and the
//! data-sources API, `datasourceID` on connection and credential objects). Fields are declared
//! in the order Qlik's published responses show them so that a serialized model reads like the
//! tenant's own output. Every response model keeps the fields it does not know in `extra`, so the
//! raw JSON view shows what the tenant sent, and accepts `null` wherever a value may be missing.
//!
//! The demo tenant serializes these same types; nothing else is shared between `api` and `demo`.

mod common;
mod connections;
mod credentials;
mod data_sources;
mod listing;
mod oauth;
mod scan;
mod spaces;

pub use common::*;
pub use connections::*;
pub use credentials::*;
pub use data_sources::*;
pub use listing::*;
pub use oauth::*;
pub use spaces::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_keeps_unknown_fields_and_round_trips() {
        let raw = serde_json::json!({
            "qID": "a", "qName": "n", "qType": "t", "qLogOn": 1,
            "futureField": {"x": [1, 2]}, "space": null
        });
        let c: Connection = serde_json::from_value(raw).unwrap();
        assert_eq!(c.extra["futureField"]["x"][1], 2);
        assert_eq!(c.q_log_on.as_ref().and_then(IntOrString::as_i64), Some(1));
        assert!(c.space_id().is_none());
        let back = serde_json::to_value(&c).unwrap();
        assert_eq!(back["futureField"]["x"][0], 1);
    }

    #[test]
    fn data_source_null_fields_stay_null() {
        let raw = serde_json::json!({"dataSourceId": "rest", "dataLoadUrlOverride": null,
            "dataSourcePropertyName": null, "provider": "p", "providerName": "n", "name": "n"});
        let ds: DataSource = serde_json::from_value(raw).unwrap();
        let back = serde_json::to_value(&ds).unwrap();
        assert!(back["dataLoadUrlOverride"].is_null());
        assert!(back
            .as_object()
            .unwrap()
            .contains_key("dataSourcePropertyName"));
    }

    #[test]
    fn error_status_accepts_int_and_string() {
        let a: ErrorBody =
            serde_json::from_str(r#"{"errors":[{"code":"X","status":400}]}"#).unwrap();
        let b: ErrorBody =
            serde_json::from_str(r#"{"errors":[{"code":"X","status":"401"}],"traceId":"t"}"#)
                .unwrap();
        assert_eq!(a.errors[0].status.as_ref().unwrap().as_i64(), Some(400));
        assert_eq!(b.errors[0].status.as_ref().unwrap().as_i64(), Some(401));
        assert_eq!(b.trace_id.as_deref(), Some("t"));
    }
}

#[cfg(test)]
mod lenient_tests {
    use super::*;

    #[test]
    fn case8_one_bad_entry_is_skipped_and_counted_not_the_whole_list() {
        let page: ConnectionsPage = serde_json::from_value(serde_json::json!({
            "data": [
                {"id": "c1", "qID": "c1", "qName": "ok"},
                {"id": 4711, "qID": "c2", "qName": "integer id"},
                {"id": "c3", "qID": "c3", "qName": ["a wrong type"]},
                {"id": "c4", "qID": "c4", "qName": "ok too"}
            ],
            "links": {"next": {"href": "/api/v1/data-connections?next=x"}}
        }))
        .unwrap();
        assert_eq!(page.data.len(), 2);
        assert_eq!(page.skipped.count, 2);
        assert!(
            page.skipped
                .first
                .as_deref()
                .unwrap()
                .starts_with("entry 2:"),
            "{:?}",
            page.skipped
        );
        assert!(page.links.is_some());

        let sources: DataSourcesResponse = serde_json::from_value(serde_json::json!({
            "dataSources": [{"dataSourceId": 12}, {"dataSourceId": "ok"}]
        }))
        .unwrap();
        assert_eq!(sources.data_sources.len(), 1);
        assert_eq!(sources.skipped.count, 1);
    }

    #[test]
    fn case8_null_or_odd_api_specs_metadata_still_decodes() {
        let specs: ApiSpecs = serde_json::from_value(serde_json::json!({
            "connectorProvider": 7,
            "connectorVersion": null,
            "connectionProperties": {}
        }))
        .unwrap();
        assert_eq!(specs.connector_version, "");
        assert_eq!(specs.connector_provider, "7");
    }
}
