//! Screens of the explorer on `TestBackend`, at 80×24 and 160×48, with hand-built tenant data
//! answering the app's own fetch effects.

use qdc::api::models::{
    ApiSpecs, Connection, ConnectionsPage, Credential, DataSource, Gateway, GatewaysResponse,
    ListMeta, QriDefinition, QriPart, Space, User,
};
use qdc::api::Error;
use qdc::app::keymap::Intent;
use qdc::app::state::{Pane, Tenant};
use qdc::app::{update, Action, App, Effect, Fetch, Payload};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

mod mono;

fn sources() -> Vec<DataSource> {
    let s3 = DataSource {
        data_source_id: "File_AmazonS3ConnectorV2".into(),
        data_source_name: Some("Amazon S3 V2".into()),
        provider: "QvWebStorageProviderConnectorPackage.exe".into(),
        capabilities: vec!["file".into()],
        qri_definition: Some(QriDefinition {
            qri_prefix: "qri:file:s3://".into(),
            connection_part: Some(QriPart {
                template: "{region}/{bucketName}".into(),
                ..Default::default()
            }),
            path_part: Some(QriPart {
                prefix: Some("#".into()),
                template: "{filePath}".into(),
                ..Default::default()
            }),
            item_part: None,
        }),
        ..Default::default()
    };
    let pg = DataSource {
        data_source_id: "postgres".into(),
        data_source_name: Some("PostgreSQL".into()),
        provider: "QvOdbcConnectorPackage.exe".into(),
        capabilities: vec!["sql".into(), "metadata".into()],
        ..Default::default()
    };
    let dg = DataSource {
        data_source_id: "DG_mssql".into(),
        data_source_name: Some("SQL Server (gateway)".into()),
        provider: "QvOdbcConnectorPackage.exe".into(),
        ..Default::default()
    };
    vec![s3, pg, dg]
}

fn conn(i: usize, name: &str, space: Option<&str>, cred: Option<&str>) -> Connection {
    Connection {
        q_id: format!("7f3a{i:04}-0000-4000-8000-00000000000{}", i % 10),
        q_name: name.into(),
        q_type: "QvOdbcConnectorPackage.exe".into(),
        datasource_id: Some("postgres".into()),
        space: space.map(str::to_string),
        q_credentials_id: cred.map(str::to_string),
        created: Some(format!("2024-03-{:02}T16:00:00.91Z", i % 28 + 1)),
        user: Some(if i.is_multiple_of(2) { "u-me" } else { "u-bob" }.into()),
        ..Default::default()
    }
}

fn connections() -> Vec<Connection> {
    let mut s3 = conn(4, "finance-s3", Some("sp-fin"), None);
    s3.datasource_id = Some("File_AmazonS3ConnectorV2".into());
    s3.q_type = "QvWebStorageProviderConnectorPackage.exe".into();
    vec![
        conn(1, "sales-postgres", Some("sp-fin"), Some("cred-1")),
        conn(2, "hr-warehouse", Some("sp-hr"), Some("cred-1")),
        conn(3, "my-scratch", None, Some("cred-2")),
        s3,
    ]
}

/// The api-specs of each source, trimmed from the demo catalog: what a connection form of that
/// source asks for.
fn api_specs(source_id: &str) -> ApiSpecs {
    let text =
        |description: &str| serde_json::json!({"type": "string", "description": description});
    let separate = serde_json::json!({"type": "boolean", "default": false,
        "description": "When checked, credentials are not saved with the connection."});
    let (provider, version, properties) = match source_id {
        "File_AmazonS3ConnectorV2" => (
            "QvWebStorageProviderConnectorPackage.exe",
            "4.46.0",
            serde_json::json!({
                "region": {"type": "string", "description": "Amazon S3 region code.",
                    "default": "us-east-1", "enum": ["eu-west-1", "us-east-1", "us-west-2"]},
                "bucketName": text("The bucket name e.g. 'my-bucket'."),
                "accessKey": text("Amazon S3 access key."),
                "secretKey": text("Amazon S3 secret key."),
                "separateCredentials": separate,
            }),
        ),
        "DG_mssql" => (
            "QlikConnectorsCommonService.exe",
            "1.202.0",
            serde_json::json!({
                "gatewayInstance": text("ID of the Direct Access gateway."),
                "host": text("Host name or IP address of the database server."),
                "port": {"type": "string", "description": "Port of the database server.", "default": "1433"},
                "database": text("Database name."),
                "username": text("User name."),
                "password": text("Password."),
                "separateCredentials": separate,
            }),
        ),
        _ => (
            "QvOdbcConnectorPackage.exe",
            "8.0.0",
            serde_json::json!({
                "host": text("Host name or IP address of the database server."),
                "port": {"type": "string", "description": "Port of the database server.", "default": "5432"},
                "database": text("Database name."),
                "username": text("User name."),
                "password": text("Password."),
                "separateCredentials": separate,
            }),
        ),
    };
    ApiSpecs {
        connector_provider: provider.into(),
        connector_version: version.into(),
        connection_properties: serde_json::json!({"type": "object", "properties": properties}),
        ..Default::default()
    }
}

/// A connection as `GET /data-connections/{id}?parseConnection=true` shows it: its statement
/// and properties follow its source.
fn connection_detail(id: &str) -> Connection {
    let mut c = connections()
        .into_iter()
        .find(|c| c.id() == id)
        .unwrap_or_default();
    let mut props = serde_json::Map::new();
    if c.datasource_id.as_deref() == Some("File_AmazonS3ConnectorV2") {
        c.q_connect_statement = Some(
            "CUSTOM CONNECT TO \"provider=QvWebStorageProviderConnectorPackage.exe;sourceType=File_AmazonS3ConnectorV2;region=eu-west-1;bucketName=corp-finance;\"".into(),
        );
        props.insert("region".into(), "eu-west-1".into());
        props.insert("bucketName".into(), "corp-finance".into());
    } else {
        c.q_connect_statement = Some(
            "CUSTOM CONNECT TO \"provider=QvOdbcConnectorPackage.exe;driver=postgres;host=db.corp;port=5432;database=sales;\"".into(),
        );
        props.insert("host".into(), "db.corp".into());
        props.insert("port".into(), "5432".into());
        props.insert("database".into(), "sales".into());
    }
    c.connection_properties = Some(props);
    c
}

/// The fake tenant: what each fetch answers (`empty` and `fail` change the answers).
#[derive(Default, Clone, Copy)]
struct Tenantish {
    empty_connections: bool,
    fail_sources: bool,
}

impl Tenantish {
    fn answer(&self, fetch: &Fetch) -> Vec<Payload> {
        match fetch {
            Fetch::Me => vec![Payload::Me(Ok(User {
                id: "u-me".into(),
                name: "Jane Analyst".into(),
                email: Some("jane@corp.example".into()),
                ..Default::default()
            }))],
            Fetch::Sources if self.fail_sources => vec![Payload::Sources(Err(
                Error::from_response(
                    "GET /api/v1/data-sources",
                    503,
                    br#"{"errors":[{"code":"DCAAS-5003","title":"Service unavailable","detail":"the connector service did not answer"}]}"#,
                    None,
                ),
            ))],
            Fetch::Sources => vec![Payload::Sources(Ok(sources()))],
            Fetch::Gateways { source_ids, .. } => vec![Payload::Gateways(
                source_ids
                    .iter()
                    .map(|id| {
                        (
                            id.clone(),
                            Ok(GatewaysResponse {
                                gateways: vec![Gateway {
                                    name: "Direct Access Gateway (Azure)".into(),
                                    id: "Rm5Qk-KThk::dL1IyMf6".into(),
                                    default: true,
                                    ..Default::default()
                                }],
                                refreshed_at: Some("2024-02-29T17:34:00.689Z".into()),
                                ..Default::default()
                            }),
                        )
                    })
                    .collect(),
            )],
            Fetch::Connections { .. } => {
                let data = if self.empty_connections { vec![] } else { connections() };
                let count = data.len() as i64;
                vec![
                    Payload::ConnectionsPage(Ok(ConnectionsPage {
                        data,
                        meta: Some(ListMeta { count: Some(count), ..Default::default() }),
                        ..Default::default()
                    })),
                    Payload::ConnectionsEnd,
                ]
            }
            Fetch::Spaces => vec![Payload::Spaces(Ok(vec![
                Space { id: "sp-fin".into(), name: "Finance".into(), space_type: Some("shared".into()), ..Default::default() },
                Space { id: "sp-hr".into(), name: "HR".into(), space_type: Some("managed".into()), ..Default::default() },
            ]))],
            Fetch::Orphans => vec![Payload::Orphans(Ok(Default::default()))],
            Fetch::ApiSpecs(id) => vec![Payload::ApiSpecs(id.clone(), Ok(api_specs(id)))],
            Fetch::Connection(id) => vec![Payload::Connection(id.clone(), Ok(connection_detail(id.as_str())))],
            Fetch::Credential(id) => vec![Payload::Credential(id.clone(), credential(id.as_str()))],
            Fetch::CredentialByName(n) => vec![Payload::CredentialNamed(n.clone(), credential(n.as_str()))],
            Fetch::Credentials(ids) => ids
                .iter()
                .map(|id| Payload::Credential(id.clone(), credential(id.as_str())))
                .chain([Payload::CredentialsEnd])
                .collect(),
            Fetch::Users(ids) => ids
                .iter()
                .map(|id| {
                    Payload::User(
                        id.clone(),
                        Ok(User {
                            id: id.clone(),
                            name: "Bob Builder".into(),
                            email: Some("bob@corp.example".into()),
                            ..Default::default()
                        }),
                    )
                })
                .chain([Payload::UsersEnd])
                .collect(),
            Fetch::UserList => vec![Payload::UserList(Ok(vec![]))],
            // the form's requests are not part of these screens
            Fetch::FindConnection { .. } | Fetch::EditSource(_) => vec![],
        }
    }
}

/// A credential by id or name: `cred-1` is the shared database reader, `cred-2` a login of one
/// connection.
fn credential(key: &str) -> Result<Credential, qdc::api::Error> {
    let (id, name, connections) = match key {
        "cred-1" | "pg-sales-reader" => ("cred-1", "pg-sales-reader", 2),
        "cred-2" | "scratch-login" => ("cred-2", "scratch-login", 1),
        other => (other, other, 0),
    };
    Ok(Credential {
        q_id: id.to_string(),
        q_name: name.to_string(),
        q_conn_count: connections,
        q_type: "QvOdbcConnectorPackage.exe".into(),
        q_separated: Some(1),
        datasource_id: Some("postgres".into()),
        created: Some("2024-01-02T03:04:05Z".into()),
        updated: Some("2024-02-03T04:05:06Z".into()),
        ..Default::default()
    })
}

/// Applies an action and answers every fetch it causes, until the app is quiet.
fn settle(app: &mut App, tenant: Tenantish, action: Action) {
    let mut queue = vec![action];
    while let Some(a) = queue.pop() {
        for e in update(app, a) {
            if let Effect::Fetch(req) = e {
                for p in tenant.answer(&req.fetch) {
                    queue.insert(0, Action::Loaded(req.ticket, p));
                }
            }
        }
    }
}

fn app(width: u16, height: u16, tenant: Tenantish) -> App {
    let mut app = App::new(Tenant {
        profile: "demo".into(),
        host: "127.0.0.1:8787".into(),
    });
    settle(&mut app, tenant, Action::Resize { width, height });
    app.flash = None;
    app
}

fn key(app: &mut App, tenant: Tenantish, intent: Intent) {
    settle(app, tenant, Action::Intent(intent));
    app.flash = None;
}

fn screen(app: &mut App) -> String {
    let mut t = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    qdc::runtime::frame::draw(&mut t, app).unwrap();
    t.backend().to_string()
}

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

#[test]
fn each_pane_at_both_sizes() {
    let t = Tenantish::default();
    for (w, h) in SIZES {
        for pane in [
            Pane::Sources,
            Pane::Gateways,
            Pane::Connections,
            Pane::Credentials,
            Pane::Spaces,
        ] {
            let mut a = app(w, h, t);
            key(&mut a, t, Intent::GoPane(pane));
            insta::assert_snapshot!(
                format!("{}_{w}x{h}", pane.title().to_lowercase()),
                screen(&mut a)
            );
        }
    }
}

#[test]
fn detail_opened_on_a_narrow_terminal() {
    let t = Tenantish::default();
    let mut a = app(80, 24, t);
    key(&mut a, t, Intent::GoPane(Pane::Sources));
    key(&mut a, t, Intent::OpenDetail);
    insta::assert_snapshot!("sources_detail_80x24", screen(&mut a));
}

#[test]
fn loading_empty_and_error_states() {
    let t = Tenantish::default();
    // loading: nothing answered yet
    let mut a = App::new(Tenant {
        profile: "demo".into(),
        host: "127.0.0.1:8787".into(),
    });
    update(
        &mut a,
        Action::Resize {
            width: 80,
            height: 24,
        },
    );
    update(&mut a, Action::Intent(Intent::GoPane(Pane::Connections)));
    insta::assert_snapshot!("connections_loading_80x24", screen(&mut a));

    let empty = Tenantish {
        empty_connections: true,
        ..t
    };
    let mut a = app(80, 24, empty);
    key(&mut a, empty, Intent::GoPane(Pane::Connections));
    insta::assert_snapshot!("connections_empty_80x24", screen(&mut a));

    let failing = Tenantish {
        fail_sources: true,
        ..t
    };
    let a = app(80, 24, failing);
    let mut a = a;
    // the error flash is kept for this one: the footer shows Qlik's code and detail
    settle(&mut a, failing, Action::Intent(Intent::Refresh));
    insta::assert_snapshot!("sources_error_80x24", screen(&mut a));
}

#[test]
fn help_json_and_filter_overlays() {
    let t = Tenantish::default();
    for (w, h) in SIZES {
        let mut a = app(w, h, t);
        key(&mut a, t, Intent::GoPane(Pane::Connections));
        key(&mut a, t, Intent::Help);
        insta::assert_snapshot!(format!("help_connections_{w}x{h}"), screen(&mut a));
    }
    let mut a = app(80, 24, t);
    key(&mut a, t, Intent::GoPane(Pane::Connections));
    key(&mut a, t, Intent::RawJson);
    insta::assert_snapshot!("json_connection_80x24", screen(&mut a));

    let mut a = app(80, 24, t);
    key(&mut a, t, Intent::GoPane(Pane::Connections));
    key(&mut a, t, Intent::Filter);
    for c in "fin".chars() {
        settle(&mut a, t, Action::Type(c));
    }
    insta::assert_snapshot!("connections_filter_80x24", screen(&mut a));
}

/// F1 in the `/` prompt (where `?` is text): the help lists the prompt's own keys, then every
/// editing key of the text-input scope with the key bound, a rebound one as rebound.
#[test]
fn help_in_the_filter_prompt_lists_the_text_input_keys() {
    let t = Tenantish::default();
    let mut a = app(160, 48, t);
    key(&mut a, t, Intent::GoPane(Pane::Connections));
    key(&mut a, t, Intent::Filter);
    key(&mut a, t, Intent::Help);
    let shown = screen(&mut a);
    for line in [
        "Ctrl-a/Home",
        "to the start of the line",
        "Ctrl-w/Alt-Bksp",
        "delete the word before the cursor",
        "Ctrl-u",
        "delete to the start of the line",
        "the previous command or filter (history)",
    ] {
        assert!(shown.contains(line), "{line}:\n{shown}");
    }
    insta::assert_snapshot!("help_filter_prompt_160x48", shown);

    let overrides =
        std::collections::BTreeMap::from([("input_line_start".to_string(), "alt-a".to_string())]);
    let (keymap, problems) = qdc::app::keymap::Keymap::with_overrides(&overrides);
    assert!(problems.is_empty(), "{problems:?}");
    let mut a = app(160, 48, t);
    a.keymap = keymap;
    key(&mut a, t, Intent::GoPane(Pane::Connections));
    key(&mut a, t, Intent::Filter);
    key(&mut a, t, Intent::Help);
    let shown = screen(&mut a);
    assert!(shown.contains("Alt-a"), "{shown}");
    assert!(!shown.contains("Ctrl-a/Home"), "{shown}");
}

/// NO_COLOR: the active tab, the selected row (and its `▸` cursor) and the focused pane's
/// border are told apart by attributes alone.
#[test]
fn no_color_connections_show_tab_selection_and_focus_without_colour() {
    mono::use_no_color();
    let t = Tenantish::default();
    let mut a = app(80, 24, t);
    key(&mut a, t, Intent::GoPane(Pane::Connections));
    key(&mut a, t, Intent::Down);
    let mut term = Terminal::new(TestBackend::new(a.width, a.height)).unwrap();
    qdc::runtime::frame::draw(&mut term, &mut a).unwrap();
    let shown = mono::attributes(term.backend().buffer());
    let lines: Vec<&str> = shown.lines().collect();
    // row 1: the tabs; the active one in reverse video
    let (tabs, marks) = (lines[2], lines[3]);
    let at = tabs.find("[3] Connections").unwrap();
    let at = tabs[..at].chars().count();
    assert_eq!(&marks[at..at + 15], "RRRRRRRRRRRRRRR", "{shown}");
    // the second connection is selected: its whole row reversed, with the cursor marker
    let row = lines.iter().position(|l| l.contains("▸")).unwrap();
    assert!(lines[row].contains("hr-warehouse"), "{shown}");
    assert!(lines[row + 1].contains("RRRRRRRRRRRRRRRRRRRR"), "{shown}");
    insta::assert_snapshot!("no_color_connections_80x24", shown);
}

/// A long load says how far it is in the title ("700 of 2,007 …") and how to stop it; Esc
/// stops it and the title says it stopped, with what loaded still listed.
#[test]
fn a_long_load_shows_loaded_of_total_and_esc_stops_it() {
    let mut a = App::new(Tenant {
        profile: "demo".into(),
        host: "127.0.0.1:8787".into(),
    });
    update(
        &mut a,
        Action::Resize {
            width: 80,
            height: 24,
        },
    );
    let fx = update(&mut a, Action::Intent(Intent::GoPane(Pane::Connections)));
    let ticket = fx
        .iter()
        .find_map(|e| match e {
            Effect::Fetch(r) if matches!(r.fetch, Fetch::Connections { .. }) => Some(r.ticket),
            _ => None,
        })
        .expect("the connections are asked for");
    let data = (0..700)
        .map(|i| conn(i, &format!("conn-{i:04}"), Some("sp-fin"), None))
        .collect();
    update(
        &mut a,
        Action::Loaded(
            ticket,
            Payload::ConnectionsPage(Ok(ConnectionsPage {
                data,
                meta: Some(ListMeta {
                    count: Some(2007),
                    ..Default::default()
                }),
                links: Some(qdc::api::models::PageLinks {
                    next: Some(qdc::api::models::Href {
                        href: "http://127.0.0.1:8787/api/v1/data-connections?next=p8".into(),
                    }),
                    ..Default::default()
                }),
                ..Default::default()
            })),
        ),
    );
    a.flash = None;
    let s = screen(&mut a);
    assert!(s.contains("Connections 700 of 2,007 …"), "{s}");
    assert!(s.contains("loaded 700 of 2,007 … Esc stops"), "{s}");
    insta::assert_snapshot!("connections_loading_700_of_2007_80x24", s);
    update(&mut a, Action::Intent(Intent::Back));
    let s = screen(&mut a);
    assert!(
        s.contains("Connections 700 of 2,007 (stopped, r reloads)"),
        "{s}"
    );
    assert!(s.contains("conn-0000"), "{s}");
    assert!(
        s.contains("stopped loading connections at 700 of 2007"),
        "{s}"
    );
}

/// Walking the tenant: Sources → Enter on PostgreSQL lists its connections → Enter opens one →
/// `c` goes to its credential → Esc comes back to the connection → Esc, Esc back to Sources
/// with PostgreSQL still selected.
#[test]
fn drill_down_from_a_source_to_a_credential_and_back() {
    let t = Tenantish::default();
    for (w, h) in SIZES {
        let mut a = app(w, h, t);
        key(&mut a, t, Intent::GoPane(Pane::Sources));
        key(&mut a, t, Intent::Down); // PostgreSQL
        insta::assert_snapshot!(format!("drill_1_sources_{w}x{h}"), screen(&mut a));
        key(&mut a, t, Intent::Drill);
        insta::assert_snapshot!(
            format!("drill_2_source_connections_{w}x{h}"),
            screen(&mut a)
        );
        key(&mut a, t, Intent::OpenDetail);
        insta::assert_snapshot!(format!("drill_3_connection_{w}x{h}"), screen(&mut a));
        key(
            &mut a,
            t,
            Intent::Jump(qdc::app::keymap::JumpTo::Credential),
        );
        insta::assert_snapshot!(format!("drill_4_credential_{w}x{h}"), screen(&mut a));
        key(&mut a, t, Intent::Back);
        assert_eq!(a.pane, Pane::Connections, "back at the connection");
        assert!(a.detail_focused());
        key(&mut a, t, Intent::Back); // the detail
        key(&mut a, t, Intent::Back); // the drill-down
        assert_eq!(a.pane, Pane::Sources);
        insta::assert_snapshot!(format!("drill_5_back_{w}x{h}"), screen(&mut a));
    }
}

/// The first-run screen and its add-a-tenant form name the keys of the keymap's table: a
/// rebound `first_run_add_tenant` is the key the body and the hint line show.
#[test]
fn the_first_run_screen_names_its_keys_from_the_keymap() {
    use qdc::app::first_run::{AddTenantForm, Welcome};
    let welcome = Welcome {
        problem: None,
        config_path: None,
        import: None,
    };
    let draw = |keymap: &qdc::app::keymap::Keymap, form: Option<&AddTenantForm>| {
        let mut t = Terminal::new(TestBackend::new(80, 16)).unwrap();
        t.draw(|f| qdc::ui::first_run::draw(f, keymap, &welcome, form))
            .unwrap();
        t.backend().to_string()
    };
    let shipped = qdc::app::keymap::Keymap::default();
    insta::assert_snapshot!("first_run_80x16", draw(&shipped, None));
    insta::assert_snapshot!(
        "first_run_form_80x16",
        draw(&shipped, Some(&AddTenantForm::default()))
    );
    let overrides =
        std::collections::BTreeMap::from([("first_run_add_tenant".to_string(), "n".to_string())]);
    let (rebound, problems) = qdc::app::keymap::Keymap::with_overrides(&overrides);
    assert!(problems.is_empty(), "{problems:?}");
    let shown = draw(&rebound, None);
    assert!(shown.contains("<n> add a tenant"), "{shown}");
    assert!(shown.contains("   n    add your own tenant"), "{shown}");
    assert!(!shown.contains("<a>"), "{shown}");
}
