//! Screens of the connection form on `TestBackend` at 80×24 and 160×48: filled, with
//! validation errors, the request preview, the credentials section and the OAuth popup with a
//! long URL. The app's own fetch effects are answered with hand-built tenant data.

use qdc::api::models::{ApiSpecs, Credential, DataSource, Gateway, GatewaysResponse, Space, User};
use qdc::app::keymap::Intent;
use qdc::app::reply::Reply;
use qdc::app::state::Tenant;
use qdc::app::{update, Action, App, Effect, Fetch, Payload};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use serde_json::json;

mod mono;

fn sources() -> Vec<DataSource> {
    [
        ("File_AmazonS3ConnectorV2", "Amazon S3 V2"),
        ("gbq", "Google BigQuery"),
    ]
    .into_iter()
    .map(|(id, name)| DataSource {
        data_source_id: id.into(),
        data_source_name: Some(name.into()),
        ..Default::default()
    })
    .collect()
}

fn specs(id: &str) -> ApiSpecs {
    let props = if id == "gbq" {
        json!({"type": "object", "properties": {
            "OAuthMechanism": {"type": "string", "default": "1", "enum": ["0", "1"],
                "description": "0 = service account, 1 = user authentication (OAuth)"},
            "Catalog": {"type": "string", "description": "The BigQuery project."},
            "authCode": {"type": "string"}
        }})
    } else {
        json!({"type": "object", "properties": {
            "region": {"type": "string", "default": "us-east-1", "enum": ["eu-west-1", "us-east-1"],
                "description": "Amazon S3 region code. (Default=us-east-1). (enum values are case sensitive)"},
            "bucketName": {"type": "string", "description": "The bucket name e.g. 'my-bucket'."},
            "storeSseHeader": {"type": "string", "description": "x-amz-server-side-encryption header."},
            "separateCredentials": {"type": "boolean", "default": false},
            "selectedCredentials": {"type": "string"},
            "credentialsName": {"type": "string"},
            "accessKey": {"type": "string", "description": "Amazon S3 access key."},
            "secretKey": {"type": "string", "description": "Amazon S3 secret key."}
        }, "required": ["bucketName"]})
    };
    ApiSpecs {
        connection_properties: props,
        ..Default::default()
    }
}

fn answer(fetch: &Fetch) -> Vec<Payload> {
    match fetch {
        Fetch::Me => vec![Payload::Me(Ok(User {
            name: "Jane".into(),
            email: Some("jane@corp.example".into()),
            ..Default::default()
        }))],
        Fetch::Sources => vec![Payload::Sources(Ok(sources()))],
        Fetch::Spaces => vec![Payload::Spaces(Ok(vec![Space {
            id: "sp-fin".into(),
            name: "Finance".into(),
            ..Default::default()
        }]))],
        Fetch::Gateways { source_ids, .. } => vec![Payload::Gateways(
            source_ids
                .iter()
                .map(|id| {
                    let gw = Gateway {
                        name: "gw".into(),
                        id: "gw-1".into(),
                        default: true,
                        ..Default::default()
                    };
                    (
                        id.clone(),
                        Ok(GatewaysResponse {
                            gateways: vec![gw],
                            ..Default::default()
                        }),
                    )
                })
                .collect(),
        )],
        Fetch::ApiSpecs(id) => vec![Payload::ApiSpecs(id.clone(), Ok(specs(id)))],
        Fetch::CredentialByName(name) => vec![Payload::CredentialNamed(
            name.clone(),
            Ok(Credential {
                q_id: "6b0a8a2e-9d0c-4e55-8f7e-1f2a3b4c5d6e".into(),
                q_name: name.to_string(),
                q_type: "QvWebStorageProviderConnectorPackage.exe".into(),
                q_conn_count: 2,
                ..Default::default()
            }),
        )],
        // the reuse row's list: no orphans here
        Fetch::Orphans => vec![Payload::Orphans(Ok(Default::default()))],
        _ => vec![],
    }
}

/// Applies an action and answers every fetch it causes (but no create), until quiet.
fn settle(app: &mut App, action: Action) -> Vec<Effect> {
    let mut queue = vec![action];
    let mut left = Vec::new();
    while let Some(a) = queue.pop() {
        for e in update(app, a) {
            match e {
                Effect::Fetch(req) => {
                    let answers = answer(&req.fetch);
                    for p in answers.iter().cloned() {
                        queue.insert(0, Action::Loaded(req.ticket, p));
                    }
                    if answers.is_empty() {
                        left.push(Effect::Fetch(req));
                    }
                }
                other => left.push(other),
            }
        }
    }
    left
}

fn key(app: &mut App, intent: Intent) -> Vec<Effect> {
    settle(app, Action::Intent(intent))
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        settle(app, Action::Type(c));
    }
}

/// The form of the `nth` source, opened from Sources.
fn form(width: u16, height: u16, nth: usize) -> App {
    let mut app = App::new(Tenant {
        profile: "demo".into(),
        host: "127.0.0.1:8787".into(),
    });
    settle(&mut app, Action::Resize { width, height });
    for _ in 0..nth {
        key(&mut app, Intent::Down);
    }
    key(&mut app, Intent::Create);
    app.flash = None;
    app
}

fn s3_filled(width: u16, height: u16) -> App {
    let mut app = form(width, height, 0);
    typed(&mut app, "sales-s3");
    key(&mut app, Intent::FormNext);
    key(&mut app, Intent::FormEnter);
    key(&mut app, Intent::Down); // Personal space → Finance
    key(&mut app, Intent::Pick);
    key(&mut app, Intent::FormNext);
    key(&mut app, Intent::FormNext);
    typed(&mut app, "bucket-name");
    key(&mut app, Intent::FormNext);
    key(&mut app, Intent::FormNext);
    typed(&mut app, "AKIAEXAMPLE");
    key(&mut app, Intent::FormNext);
    typed(&mut app, "wJalrXUtnFEMI");
    app.flash = None;
    app
}

fn screen(app: &mut App) -> String {
    let mut t = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    qdc::runtime::frame::draw(&mut t, app).unwrap();
    t.backend().to_string()
}

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

#[test]
fn the_filled_form_with_secrets_masked() {
    for (w, h) in SIZES {
        let mut app = s3_filled(w, h);
        let s = screen(&mut app);
        assert!(
            !s.contains("wJalrXUtnFEMI") && !s.contains("AKIAEXAMPLE"),
            "{s}"
        );
        insta::assert_snapshot!(format!("form_filled_{w}x{h}"), s);
    }
}

#[test]
fn validation_errors_beside_their_fields() {
    for (w, h) in SIZES {
        let mut app = form(w, h, 0);
        let left = key(&mut app, Intent::FormSubmit);
        assert!(left.is_empty(), "nothing sent: {left:?}");
        insta::assert_snapshot!(format!("form_errors_{w}x{h}"), screen(&mut app));
    }
}

#[test]
fn the_preview_shows_json_and_curl_with_secrets_masked() {
    for (w, h) in SIZES {
        let mut app = s3_filled(w, h);
        key(&mut app, Intent::FormPreview);
        let s = screen(&mut app);
        assert!(s.contains("\"secretKey\": \"********\""), "{s}");
        insta::assert_snapshot!(format!("form_preview_{w}x{h}"), s);
    }
}

#[test]
fn the_credentials_section_reusing_existing_credentials() {
    for (w, h) in SIZES {
        let mut app = s3_filled(w, h);
        key(&mut app, Intent::FormNext);
        key(&mut app, Intent::FormEnter);
        settle(&mut app, Action::Type('r'));
        settle(&mut app, Action::Type('e'));
        settle(&mut app, Action::Type('u'));
        key(&mut app, Intent::Pick);
        key(&mut app, Intent::FormNext);
        typed(&mut app, "serviceAccount123");
        app.flash = None;
        let s = screen(&mut app);
        assert!(s.contains("found: id 6b0a8a2e"), "{s}");
        insta::assert_snapshot!(format!("form_credentials_existing_{w}x{h}"), s);
    }
}

#[test]
fn the_oauth_popup_shows_a_long_url_unwrapped() {
    for (w, h) in SIZES {
        let mut app = form(w, h, 1);
        typed(&mut app, "gbq-sales");
        key(&mut app, Intent::FormNext);
        key(&mut app, Intent::FormNext);
        key(&mut app, Intent::FormNext);
        typed(&mut app, "gbq-example-catalog");
        let left = key(&mut app, Intent::FormSubmit);
        let Some(Effect::Write { ticket, .. }) = left.first() else {
            panic!("{left:?}")
        };
        let url = "https://accounts.google.com/o/oauth2/v2/auth?client_id=apps.googleusercontent.com&response_type=code&scope=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fbigquery&redirect_uri=https%3A%2F%2Fconnector.qlik.com&prompt=consent&access_type=offline&state=fb9&code_challenge=0b1&code_challenge_method=S256";
        let (reply, _answer) = Reply::channel();
        settle(
            &mut app,
            Action::Written(
                *ticket,
                qdc::app::write::Written::AuthCodeWanted {
                    url: url.into(),
                    error: None,
                    reply,
                },
            ),
        );
        app.flash = None;
        let s = screen(&mut app);
        let start: String = url.chars().take(w as usize).collect();
        assert!(s.contains(&start), "one line from the left edge:\n{s}");
        insta::assert_snapshot!(format!("form_oauth_{w}x{h}"), s);
    }
}

/// NO_COLOR: the open choice list's highlighted entry (what Enter picks) and the focused field
/// are visible by attributes alone.
#[test]
fn no_color_choice_list_shows_what_enter_picks() {
    mono::use_no_color();
    let mut app = s3_filled(80, 24);
    key(&mut app, Intent::FormNext);
    key(&mut app, Intent::FormEnter);
    app.flash = None;
    let mut term = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    qdc::runtime::frame::draw(&mut term, &mut app).unwrap();
    let shown = mono::attributes(term.backend().buffer());
    assert!(shown.contains("RRRR"), "a reversed entry: {shown}");
    insta::assert_snapshot!("no_color_choice_list_80x24", shown);
}
