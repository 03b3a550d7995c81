//! The tenant at start: the fixture sources, api-specs, gateways, user, spaces and connections
//! (embedded at compile time), plus `--connections N` generated ones, deterministic given N.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::properties;
use super::store::{SourceEntry, Store, StoredConnection, StoredCredential, DEMO_USER_ID};
use crate::api::models::{
    ApiSpecs, Connection, ConnectionsPage, Credential, DataSourcesResponse, Gateway,
    GatewaysResponse, Space, User,
};

macro_rules! asset {
    ($path:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo/", $path))
    };
}

const DATA_SOURCES: &str = asset!("data-sources.json");
const USER: &str = asset!("user.json");
const CONNECTIONS: &str = asset!("data-connections/list.json");
const ORPHAN_CREDENTIAL: &str = asset!("data-credentials/get-byCredentialName.json");
const FINANCE_SPACE: &str = asset!("spaces/get.json");

const API_SPECS: &[(&str, &str)] = &[
    (
        "AmazonS3ConnectorV2",
        asset!("api-specs/AmazonS3ConnectorV2.json"),
    ),
    ("DG_databricks", asset!("api-specs/DG_databricks.json")),
    ("DG_gbq", asset!("api-specs/DG_gbq.json")),
    ("DG_mssql", asset!("api-specs/DG_mssql.json")),
    ("DG_postgres", asset!("api-specs/DG_postgres.json")),
    ("DG_snowflake", asset!("api-specs/DG_snowflake.json")),
    (
        "File_AmazonS3Connector",
        asset!("api-specs/File_AmazonS3Connector.json"),
    ),
    (
        "File_AmazonS3ConnectorV2",
        asset!("api-specs/File_AmazonS3ConnectorV2.json"),
    ),
    (
        "File_DropboxConnector",
        asset!("api-specs/File_DropboxConnector.json"),
    ),
    (
        "File_FileTransferConnector",
        asset!("api-specs/File_FileTransferConnector.json"),
    ),
    (
        "File_GoogleCloudStorageConnector",
        asset!("api-specs/File_GoogleCloudStorageConnector.json"),
    ),
    (
        "File_OneDriveConnector",
        asset!("api-specs/File_OneDriveConnector.json"),
    ),
    ("athena", asset!("api-specs/athena.json")),
    ("databricks", asset!("api-specs/databricks.json")),
    ("gbq", asset!("api-specs/gbq.json")),
    ("mssql", asset!("api-specs/mssql.json")),
    ("mysql", asset!("api-specs/mysql.json")),
    ("postgres", asset!("api-specs/postgres.json")),
    ("rest", asset!("api-specs/rest.json")),
    ("snowflake", asset!("api-specs/snowflake.json")),
];

/// Every `DG_` source shares the seed's gateway; the fixture files are identical.
const GATEWAYS: &str = asset!("gateways/DG_mssql.json");

pub(crate) const DATA_SOURCES_LAST_UPDATED: &str = "2024-03-01T14:54:51.071Z";

/// Spaces: the fixture's Finance plus four invented ones (id, name, type, description).
const EXTRA_SPACES: &[(&str, &str, &str, &str)] = &[
    (
        "65cf6b7a51618b6abd5848d2",
        "Sales",
        "shared",
        "Sales operations and pipeline",
    ),
    (
        "65cf6b8851618b6abd5848d3",
        "Marketing",
        "managed",
        "Published marketing analytics",
    ),
    (
        "65cf6b9651618b6abd5848d4",
        "Data Engineering",
        "data",
        "Landing and staging data",
    ),
    (
        "65cf6ba451618b6abd5848d5",
        "HR Analytics",
        "shared",
        "People analytics sandbox",
    ),
];

/// Fixed ids of each space's DataFiles connection (Finance's comes from the fixture list).
const DATAFILES_IDS: &[&str] = &[
    "2b7c4f0e-5a1d-4c3b-9e8f-6a7b8c9d0e11",
    "3c8d5a1f-6b2e-4d4c-8f9a-7b8c9d0e1f22",
    "4d9e6b2a-7c3f-4e5d-9a0b-8c9d0e1f2a33",
    "5eaf7c3b-8d4a-4f6e-8b1c-9d0e1f2a3b44",
];

/// Other people on the tenant, owners of some generated connections.
const OTHER_USERS: &[(&str, &str, &str)] = &[
    (
        "6373910a6541614d3a88d6c4",
        "Omar Engineer",
        "omar.engineer@corp.example",
    ),
    (
        "6373912b6541614d3a88d6c5",
        "Lena Controller",
        "lena.controller@corp.example",
    ),
    (
        "6373914c6541614d3a88d6c6",
        "Kai Marketer",
        "kai.marketer@corp.example",
    ),
];

/// The invented second gateway of every `DG_` source (not the default).
const SECOND_GATEWAY: (&str, &str) = (
    "On-premises Gateway (Stockholm DC)",
    "Tq7Vw-PXmcLE3s0bkNqyjYUAdzgTJp8k::fM2JzNg7EHTq4GW2OnsQK8fBFB1re-ZS",
);

fn parse<T: serde::de::DeserializeOwned>(what: &str, raw: &str) -> T {
    serde_json::from_str(raw).unwrap_or_else(|e| panic!("embedded fixture {what} is invalid: {e}"))
}

/// An id for `original` on the sibling tenant `tenant`: deterministic, of the same length and
/// alphabet (hex stays hex, separators stay), so it reads like what that tenant would send.
pub(crate) fn sibling_id(tenant: &str, original: &str) -> String {
    // FNV-1a of the tenant's name and the original id seeds the digits
    let seed = format!("{tenant}\u{0}{original}")
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
        });
    let mut rng = fastrand::Rng::with_seed(seed);
    const HEX: &[u8] = b"0123456789abcdef";
    const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    original
        .chars()
        .map(|c| match c {
            '0'..='9' | 'a'..='f'
                if original.chars().all(|c| c.is_ascii_hexdigit() || c == '-') =>
            {
                HEX[rng.usize(..HEX.len())] as char
            }
            c if c.is_ascii_alphanumeric() => ALNUM[rng.usize(..ALNUM.len())] as char,
            c => c,
        })
        .collect()
}

/// The published data sources with their api-specs, and for gateway sources their gateways
/// (the seed's and a second one), their ids passed through `remap`.
fn catalog_sources(remap: &dyn Fn(&str) -> String) -> Vec<SourceEntry> {
    let sources_doc: DataSourcesResponse = parse("data-sources.json", DATA_SOURCES);
    let specs: HashMap<&str, &str> = API_SPECS.iter().copied().collect();
    sources_doc
        .data_sources
        .into_iter()
        .map(|source| {
            let id = source.data_source_id.clone();
            let specs: ApiSpecs = specs
                .get(id.as_str())
                .map(|raw| parse(&id, raw))
                .unwrap_or_default();
            let gateways = source.is_gateway_source().then(|| {
                let mut g: GatewaysResponse = parse("gateways", GATEWAYS);
                g.gateways.push(Gateway {
                    name: SECOND_GATEWAY.0.into(),
                    id: SECOND_GATEWAY.1.into(),
                    default: false,
                    extra: Map::new(),
                });
                for gateway in &mut g.gateways {
                    gateway.id = remap(&gateway.id);
                }
                g
            });
            SourceEntry {
                source,
                specs,
                gateways,
                disabled: false,
            }
        })
        .collect()
}

/// The tenant as published (the seeds' ids and connections) when `sibling` is `None`; with a
/// name, another tenant of the same organisation: the same sources, space names and gateway
/// names, but its own tenant, space, gateway and DataFiles ids (see [`sibling_id`]), the seed's
/// separated credential `serviceAccount123`, and no connections besides DataFiles.
pub(crate) fn build(extra_connections: usize, sibling: Option<&str>) -> Store {
    let remap = |id: &str| match sibling {
        Some(name) => sibling_id(name, id),
        None => id.to_string(),
    };
    let tenant_id = remap(super::store::TENANT_ID);
    let sources = catalog_sources(&remap);

    let mut me: User = parse("user.json", USER);
    me.tenant_id = Some(tenant_id.clone());
    let mut users = vec![me];
    for (id, name, email) in OTHER_USERS {
        let mut u = users[0].clone();
        u.id = id.to_string();
        u.name = name.to_string();
        u.email = Some(email.to_string());
        u.subject = Some(format!("auth0|{}", &id[..18]));
        u.extra.insert("assignedRoles".into(), json!([]));
        users.push(u);
    }

    let mut finance: Space = parse("spaces/get.json", FINANCE_SPACE);
    finance.id = remap(&finance.id);
    finance.tenant_id = Some(tenant_id.clone());
    let mut spaces = vec![finance.clone()];
    for (id, name, kind, description) in EXTRA_SPACES {
        let mut s = finance.clone();
        s.id = remap(id);
        s.name = name.to_string();
        s.space_type = Some(kind.to_string());
        s.description = Some(description.to_string());
        spaces.push(s);
    }

    let mut store = Store {
        tenant_id,
        sources,
        connections: Default::default(),
        listings: Default::default(),
        credentials: Vec::new(),
        spaces,
        users,
        tokens: HashMap::new(),
        auth_states: HashMap::new(),
        auth_codes: HashMap::new(),
        rng: fastrand::Rng::new(),
    };
    add_fixture_connections(&mut store, sibling.is_none());
    if sibling.is_none() {
        generate_connections(&mut store, extra_connections);
    }
    add_datafiles(&mut store, remap);
    store
}

/// The fixture's connections (when `with_connections`) and its orphan separated credential.
fn add_fixture_connections(store: &mut Store, with_connections: bool) {
    let page: ConnectionsPage = parse("data-connections/list.json", CONNECTIONS);
    let fixtures = page.data.into_iter().filter(|c| !c.is_datafiles());
    for c in fixtures.filter(|_| with_connections) {
        let stored = from_fixture(store, c);
        if let Some(cred) = &stored.credential_id {
            store.credentials.push(StoredCredential {
                id: cred.clone(),
                name: stored.id.clone(),
                q_type: stored.q_type.clone(),
                source_id: Some(stored.source_id.clone()),
                owner: stored.owner.clone(),
                connection_id: stored.id.clone(),
                separated: false,
                username: Some("svc_qlik".into()),
                secret: Some("fixture-secret".into()),
                created: stored.created.clone(),
                updated: stored.updated.clone(),
            });
        }
        store.connections.push(stored);
    }
    let orphan: Credential = parse("get-byCredentialName.json", ORPHAN_CREDENTIAL);
    store.credentials.push(StoredCredential {
        id: orphan.q_id,
        name: orphan.q_name,
        q_type: orphan.q_type,
        source_id: orphan.datasource_id,
        owner: DEMO_USER_ID.into(),
        connection_id: String::new(),
        separated: true,
        username: Some("AKIAEXAMPLESERVICE".into()),
        secret: Some("fixture-secret".into()),
        created: orphan.created.unwrap_or_default(),
        updated: orphan.updated.unwrap_or_default(),
    });
}

fn from_fixture(store: &Store, c: Connection) -> StoredConnection {
    let source_id = c.datasource_id.clone().unwrap_or_default();
    let property_name = store
        .source(&source_id)
        .and_then(|s| s.source.data_source_property_name.clone());
    let statement = c.q_connect_statement.clone().unwrap_or_default();
    StoredConnection {
        id: c.q_id.clone(),
        name: c.q_name,
        properties: properties::parse_statement(&statement, property_name.as_deref()),
        source_id,
        q_type: c.q_type,
        connect_statement: statement,
        space: c.space,
        owner: c.user.unwrap_or_else(|| DEMO_USER_ID.into()),
        credential_id: c.q_credentials_id,
        credential_is_origin: false,
        separate_credentials: c.q_separate_credentials.unwrap_or(false),
        qri: c.qri,
        tags: c.tags.unwrap_or_default(),
        log_on: 1,
        created: c.created.unwrap_or_default(),
        updated: c.updated.unwrap_or_default(),
        datafiles: false,
    }
}

fn add_datafiles(store: &mut Store, remap: impl Fn(&str) -> String) {
    let page: ConnectionsPage = parse("data-connections/list.json", CONNECTIONS);
    let finance_id = page
        .data
        .iter()
        .find(|c| c.is_datafiles())
        .map(|c| c.q_id.clone())
        .unwrap_or_default();
    let ids = std::iter::once(finance_id.as_str()).chain(DATAFILES_IDS.iter().copied());
    let spaces: Vec<(String, String)> = store
        .spaces
        .iter()
        .map(|s| (s.id.clone(), s.name.clone()))
        .collect();
    for ((space_id, space_name), id) in spaces.into_iter().zip(ids) {
        store.connections.push(StoredConnection {
            id: remap(id),
            name: "DataFiles".into(),
            source_id: String::new(),
            q_type: "qix-datafiles.exe".into(),
            connect_statement: format!(
                "CUSTOM CONNECT TO \"provider=qix-datafiles.exe;path={space_name}:datafiles;\""
            ),
            properties: Map::new(),
            space: Some(space_id),
            owner: String::new(),
            credential_id: None,
            credential_is_origin: false,
            separate_credentials: false,
            qri: None,
            tags: Vec::new(),
            log_on: 0,
            created: String::new(),
            updated: String::new(),
            datafiles: true,
        });
    }
}

/// Plausible values for the properties the api-specs declare, by name.
fn sample_value(name: &str, schema: &Value, i: usize, space: &str) -> Option<Value> {
    let slug = space.to_ascii_lowercase().replace(' ', "-");
    let v = match name {
        "host" => format!("{slug}-db{:02}.corp.local", i % 17),
        "server" => format!("acme{:02}.eu-west-1.snowflakecomputing.com", i % 7),
        "database" => ["SALES", "FINANCE", "HR", "MARKETING", "OPS"][i % 5].to_string(),
        "bucketName" => format!("acme-{slug}-{:02}", i % 11),
        "url" => format!("https://api.corp.example/v{}/{slug}/items", 1 + i % 3),
        "Catalog" => format!("acme-{slug}-{}", i % 9),
        "schema" | "Schema" => "PUBLIC".to_string(),
        "warehouse" => "ANALYTICS_WH".to_string(),
        "role" => "ANALYST".to_string(),
        "HTTPPath" => format!("/sql/1.0/warehouses/{:08x}", i * 2654435761 % 0xffff_ffff),
        "Workgroup" => "primary".to_string(),
        "S3OutputLocation" => format!("s3://acme-athena-results/{slug}/"),
        "publicKeyFingerprint" | "publicKey" | "storeSseHeader" | "requestBody" => return None,
        _ => {
            if let Some(default) = schema.get("default") {
                return Some(default.clone());
            }
            if let Some(first) = schema.get("enum").and_then(|e| e.get(0)) {
                return Some(first.clone());
            }
            return None;
        }
    };
    Some(Value::String(v))
}

/// Sources that make sense for a generated connection (no interactive consent needed).
const GENERATED_SOURCES: &[&str] = &[
    "mssql",
    "DG_mssql",
    "postgres",
    "DG_postgres",
    "snowflake",
    "DG_snowflake",
    "mysql",
    "databricks",
    "athena",
    "rest",
    "File_AmazonS3ConnectorV2",
    "File_GoogleCloudStorageConnector",
    "File_FileTransferConnector",
];

/// A generated connection's properties: a sample value for each plain property of the
/// source's schema, its first gateway, and a service username where the source has one.
fn generated_properties(source: &SourceEntry, i: usize, space_name: &str) -> Map<String, Value> {
    let mut props = Map::new();
    if let Some(Value::Object(schema)) = source.specs.connection_properties.get("properties") {
        for (name, schema) in schema {
            if name == "gatewayInstance" {
                if let Some(g) = source.gateways.as_ref().and_then(|g| g.gateways.first()) {
                    props.insert(name.clone(), Value::String(g.id.clone()));
                }
                continue;
            }
            if properties::is_control(name) || properties::is_credential(name) {
                continue;
            }
            if schema.get("type").and_then(Value::as_str) == Some("array") {
                continue;
            }
            if let Some(v) = sample_value(name, schema, i, space_name) {
                props.insert(name.clone(), v);
            }
        }
    }
    if source.property_schema("username").is_some() {
        let source_id = &source.source.data_source_id;
        props.insert(
            "username".into(),
            json!(format!("svc_{}", source_id.to_lowercase())),
        );
    }
    props
}

/// `Finance_mssql_007`: the space's first word, the source's short name, the index.
fn generated_name(source_id: &str, space_name: &str, i: usize) -> String {
    let short = source_id
        .trim_start_matches("DG_")
        .trim_start_matches("File_")
        .trim_end_matches("Connector")
        .trim_end_matches("ConnectorV2")
        .to_lowercase();
    let prefix = space_name.split_whitespace().next().unwrap_or("Personal");
    format!("{prefix}_{short}_{i:03}")
}

fn random_uuid(rng: &mut fastrand::Rng) -> String {
    let mut bytes = [0u8; 16];
    rng.fill(&mut bytes);
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

fn generate_connections(store: &mut Store, n: usize) {
    let mut rng = fastrand::Rng::with_seed(0x9d_c0_de + n as u64);
    let start = chrono::DateTime::parse_from_rfc3339("2024-03-04T08:00:00Z")
        .expect("valid start date")
        .with_timezone(&chrono::Utc);
    for i in 0..n {
        let source_id = GENERATED_SOURCES[rng.usize(..GENERATED_SOURCES.len())];
        // One in six is personal (the demo user's own); the rest spread over the spaces.
        let space_index = rng.usize(..store.spaces.len() + 1);
        let personal = space_index == store.spaces.len() || i % 6 == 5;
        let (space, space_name) = if personal {
            (None, "Personal".to_string())
        } else {
            let s = &store.spaces[space_index];
            (Some(s.id.clone()), s.name.clone())
        };
        let owner = if personal || rng.bool() {
            DEMO_USER_ID.to_string()
        } else {
            OTHER_USERS[rng.usize(..OTHER_USERS.len())].0.to_string()
        };
        let Some(source) = store.source(source_id) else {
            continue;
        };
        let props = generated_properties(source, i, &space_name);
        let statement = properties::connect_statement(source, &props);
        let qri = properties::qri(source, &props);
        let tags = vec![format!(
            "DcaasAPI:{}:{}",
            source.specs.connector_provider, source.specs.connector_version
        )];
        let q_type = source.specs.connector_provider.clone();
        let name = generated_name(source_id, &space_name, i);
        let created = (start + chrono::Duration::minutes(97 * i as i64))
            .format("%Y-%m-%dT%H:%M:%S%.3fZ")
            .to_string();
        let id = random_uuid(&mut rng);
        // Every seventh connection asks each user for their own credentials.
        let separate = i % 7 == 3;
        let credential_id = (!separate).then(|| random_uuid(&mut rng));
        if let Some(cred) = &credential_id {
            store.credentials.push(StoredCredential {
                id: cred.clone(),
                name: id.clone(),
                q_type: q_type.clone(),
                source_id: Some(source_id.to_string()),
                owner: owner.clone(),
                connection_id: id.clone(),
                separated: false,
                username: Some(format!("svc_{}", source_id.to_lowercase())),
                secret: Some("generated-secret".into()),
                created: created.clone(),
                updated: created.clone(),
            });
        }
        store.connections.push(StoredConnection {
            id,
            name,
            source_id: source_id.to_string(),
            q_type,
            connect_statement: statement,
            properties: props,
            space,
            owner,
            credential_id,
            credential_is_origin: false,
            separate_credentials: separate,
            qri,
            tags,
            log_on: 1,
            created: created.clone(),
            updated: created,
            datafiles: false,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_catalog_is_deterministic_and_names_are_unique_per_space() {
        let a = build(300, None);
        let b = build(300, None);
        let names = |s: &Store| {
            s.connections
                .iter()
                .map(|c| (c.id.clone(), c.name.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&a), names(&b));
        // 2 fixture connections, 300 generated, one DataFiles per space.
        assert_eq!(a.connections.len(), 2 + 300 + a.spaces.len());
        assert_eq!(a.spaces.len(), 5);
        let mut seen = std::collections::HashSet::new();
        for c in a.connections.iter().filter(|c| !c.datafiles) {
            assert!(seen.insert((c.space.clone(), c.name.clone())), "{}", c.name);
        }
        assert!(
            a.connections.iter().any(|c| c.space.is_none()),
            "some personal connections"
        );
        assert!(a.connections.iter().any(|c| c.name.starts_with("Sales_")));
        assert!(a
            .credential_by_name("serviceAccount123", DEMO_USER_ID)
            .is_some());
    }

    #[test]
    fn a_sibling_tenant_has_the_same_names_under_its_own_ids_and_no_connections() {
        let dev = build(30, None);
        let prod = build(30, Some("prod"));
        assert_ne!(dev.tenant_id, prod.tenant_id);
        assert_eq!(prod.tenant_id.len(), dev.tenant_id.len());
        let names = |s: &Store| s.spaces.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&dev), names(&prod));
        for (d, p) in dev.spaces.iter().zip(&prod.spaces) {
            assert_ne!(d.id, p.id);
            assert_eq!(d.id.len(), p.id.len());
            assert!(p.id.chars().all(|c| c.is_ascii_hexdigit()), "{}", p.id);
            assert_eq!(p.tenant_id.as_deref(), Some(prod.tenant_id.as_str()));
        }
        let gateways = |s: &Store| {
            s.source("DG_mssql")
                .unwrap()
                .gateways
                .clone()
                .unwrap()
                .gateways
        };
        for (d, p) in gateways(&dev).iter().zip(&gateways(&prod)) {
            assert_eq!(d.name, p.name);
            assert_ne!(d.id, p.id);
            assert!(p.id.contains("::"), "{}", p.id);
        }
        assert!(prod.connections.iter().all(|c| c.datafiles));
        assert_eq!(prod.connections.len(), prod.spaces.len());
        assert!(prod
            .credential_by_name("serviceAccount123", DEMO_USER_ID)
            .is_some());
        // the same name twice gives the same tenant
        assert_eq!(build(0, Some("prod")).spaces[1].id, prod.spaces[1].id);
    }
}
