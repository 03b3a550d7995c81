use serde_json::json;

use super::super::update;
use super::*;
use crate::api::models::Connection;
use crate::api::models::{ApiSpecs, DataSource};
use crate::api::Error;
use crate::app::action::Action;
use crate::app::action::Payload;
use crate::app::effect::{Body, Fetch};
use crate::app::form::{self, FormState, Input, Lookup, Purpose, CREDENTIALS, EXISTING, NAME};
use crate::app::reply::AuthAnswer;
use crate::app::reply::Reply;
use crate::app::state::Status;
use crate::app::state::Tenant;
use crate::app::update::tests::{fetches, key, ticket_of as ticket, write_ticket, writes};
use crate::app::write::{Write, Written};

pub(crate) fn s3_specs() -> ApiSpecs {
    ApiSpecs {
        connector_provider: "QvWebStorageProviderConnectorPackage.exe".into(),
        connector_version: "4.46.0".into(),
        connection_properties: json!({"type": "object", "properties": {
            "region": {"type": "string", "default": "us-east-1", "enum": ["eu-west-1", "us-east-1"]},
            "bucketName": {"type": "string"},
            "separateCredentials": {"type": "boolean", "default": false},
            "selectedCredentials": {"type": "string"},
            "credentialsName": {"type": "string"},
            "accessKey": {"type": "string"},
            "secretKey": {"type": "string"}
        }, "required": ["bucketName"]}),
        ..Default::default()
    }
}

fn gbq_specs() -> ApiSpecs {
    ApiSpecs {
        connection_properties: json!({"type": "object", "properties": {
            "OAuthMechanism": {"type": "string", "default": "1", "enum": ["0", "1"]},
            "Catalog": {"type": "string"},
            "authCode": {"type": "string"}
        }}),
        ..Default::default()
    }
}

/// The connection of the result popup.
pub(crate) fn created(app: &App) -> &crate::api::models::Connection {
    app.layers
        .find(|l| match l {
            Layer::Created { connection, .. } => Some(connection),
            _ => None,
        })
        .expect("the result popup is open")
}

pub(crate) fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, Action::Type(c));
    }
}

/// An app on Sources with the form of `source_id` open and its api-specs in.
pub(crate) fn form_app(source_id: &str, specs: ApiSpecs) -> App {
    let mut app = App::new(Tenant::default());
    let fx = update(
        &mut app,
        Action::Resize {
            width: 80,
            height: 24,
        },
    );
    let sources = ticket(&fx, Slot::Sources);
    update(
        &mut app,
        Action::Loaded(
            sources,
            Payload::Sources(Ok(vec![DataSource {
                data_source_id: source_id.into(),
                ..Default::default()
            }])),
        ),
    );
    let fx = key(&mut app, Intent::Create);
    assert_eq!(app.context(), Context::Form);
    let t = ticket(&fx, Slot::Form);
    update(
        &mut app,
        Action::Loaded(t, Payload::ApiSpecs(source_id.into(), Ok(specs))),
    );
    app
}

pub(crate) fn form(app: &App) -> &FormState {
    app.layers.form().expect("the form is open")
}

fn form_mut(app: &mut App) -> &mut FormState {
    app.layers.form_mut().expect("the form is open")
}

pub(crate) fn flash(app: &App) -> String {
    app.flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default()
}

/// Name, then (space, region) to the bucket, then (access key) the secret key.
pub(crate) fn fill_s3(app: &mut App) {
    typed(app, "my-s3");
    key(app, Intent::FormNext);
    key(app, Intent::FormNext);
    key(app, Intent::FormNext);
    typed(app, "bucket-1");
    key(app, Intent::FormNext);
    typed(app, "AKIA");
    key(app, Intent::FormNext);
    typed(app, "s3cret");
}

#[test]
fn validation_blocks_the_submit_and_says_what_is_missing() {
    let mut app = form_app("File_AmazonS3ConnectorV2", s3_specs());
    let fx = key(&mut app, Intent::FormSubmit);
    assert!(fetches(&fx).is_empty(), "{fx:?}");
    let f = form(&app);
    assert!(!f.submitting);
    assert_eq!(f.errors["qName"], "Connection name is required");
    assert_eq!(f.errors["bucketName"], "Bucket name is required");
    assert_eq!(f.focused().unwrap().key, "qName");
    let said = flash(&app);
    assert!(said.contains("Connection name is required"), "{said}");
    assert!(said.contains("Bucket name is required"), "{said}");
}

#[test]
fn a_failed_submit_keeps_every_value_and_puts_a_conflict_beside_the_name() {
    let mut app = form_app("File_AmazonS3ConnectorV2", s3_specs());
    fill_s3(&mut app);
    let before = form(&app).values();
    let fx = key(&mut app, Intent::FormSubmit);
    let t = write_ticket(&fx);
    let Write::Create(Body(body)) = writes(&fx)[0] else {
        panic!("{fx:?}")
    };
    assert_eq!(body.q_name, "my-s3");
    assert_eq!(body.connection_properties["secretKey"], "s3cret");
    let conflict = Error::from_response(
        "POST /api/v1/data-connections",
        409,
        br#"{"errors":[{"code":"DCERROR-0010","title":"Conflict","detail":"A connection named my-s3 already exists"}]}"#,
        None,
    );
    update(
        &mut app,
        Action::Written(t, Written::Created(Err(conflict))),
    );
    let f = form(&app);
    assert!(!f.submitting);
    assert_eq!(f.values(), before);
    assert_eq!(f.value(NAME), "my-s3");
    assert_eq!(f.errors[NAME], "A connection named my-s3 already exists");
    assert!(flash(&app).contains("409"), "{}", flash(&app));
    assert_eq!(app.context(), Context::Form);
}

/// The tenant answers 400 naming a property: the message goes beside that field, focused, and
/// nothing typed is lost. A property inside a longer word ("bucketNames") marks no field.
#[test]
fn a_400_naming_a_property_marks_that_field() {
    let mut app = form_app("File_AmazonS3ConnectorV2", s3_specs());
    fill_s3(&mut app);
    let before = form(&app).values();
    let fx = key(&mut app, Intent::FormSubmit);
    let t = write_ticket(&fx);
    let bad = Error::from_response(
        "POST /api/v1/data-connections",
        400,
        br#"{"errors":[{"code":"DCERROR-0010","title":"Bad or invalid request","detail":"Invalid connection property 'bucketName': the bucket does not exist","status":400}]}"#,
        None,
    );
    update(&mut app, Action::Written(t, Written::Created(Err(bad))));
    let f = form(&app);
    assert_eq!(
        f.errors["bucketName"],
        "Invalid connection property 'bucketName': the bucket does not exist"
    );
    assert_eq!(f.focused().unwrap().key, "bucketName");
    assert!(!f.errors.contains_key(NAME));
    assert_eq!(f.values(), before);

    let fx = key(&mut app, Intent::FormSubmit);
    let t = write_ticket(&fx);
    let vague = Error::from_response(
        "POST /api/v1/data-connections",
        400,
        br#"{"errors":[{"code":"DCERROR-0010","title":"Bad or invalid request","detail":"bucketNames must be unique","status":400}]}"#,
        None,
    );
    update(&mut app, Action::Written(t, Written::Created(Err(vague))));
    assert_eq!(form(&app).focused().unwrap().key, NAME);
}

/// Ctrl-T switches an untyped property between text (the default) and JSON.
#[test]
fn ctrl_t_sends_an_untyped_property_as_json() {
    let specs = ApiSpecs {
        connection_properties: json!({"type": "object", "properties": {
            "customNote": {"description": "free text"}
        }}),
        ..Default::default()
    };
    let mut app = form_app("x", specs);
    typed(&mut app, "n");
    form_mut(&mut app).focus_row("customNote");
    typed(&mut app, "[1]");
    let sent = |app: &mut App| {
        let fx = key(app, Intent::FormSubmit);
        let Write::Create(Body(body)) = writes(&fx)[0] else {
            panic!("{fx:?}")
        };
        let v = body.connection_properties["customNote"].clone();
        let t = write_ticket(&fx);
        let e = Error::from_response("POST /api/v1/data-connections", 500, b"{}", None);
        update(app, Action::Written(t, Written::Created(Err(e))));
        v
    };
    assert_eq!(sent(&mut app), json!("[1]"));
    form_mut(&mut app).focus_row("customNote");
    key(&mut app, Intent::FormJsonMode);
    assert_eq!(sent(&mut app), json!([1]));
}

/// Reusing credentials: Ctrl-S right after typing their name waits for the look-up (asked at
/// once, not after the debounce) and sends when they are found; a miss sends nothing and says
/// so beside the name.
#[test]
fn ctrl_s_during_the_credentials_lookup_waits_and_then_sends_once() {
    for found in [true, false] {
        let mut app = form_app("File_AmazonS3ConnectorV2", s3_specs());
        typed(&mut app, "reuse");
        key(&mut app, Intent::FormNext);
        key(&mut app, Intent::FormNext);
        key(&mut app, Intent::FormNext);
        typed(&mut app, "bucket-1");
        let f = form_mut(&mut app);
        if let Some(row) = f.row_mut(CREDENTIALS) {
            if let Input::Choice { value, .. } = &mut row.input {
                *value = form::SEPARATE_EXISTING.to_string();
            }
        }
        f.focus_row(EXISTING);
        typed(&mut app, "svc-account");
        assert_eq!(form(&app).lookup, Lookup::Searching("svc-account".into()));
        let fx = key(&mut app, Intent::FormSubmit);
        let asked = fetches(&fx);
        assert_eq!(asked.len(), 1, "{fx:?}");
        assert_eq!(
            asked[0].fetch,
            Fetch::CredentialByName("svc-account".into())
        );
        assert_eq!(asked[0].delay, None, "asked at once");
        let t = asked[0].ticket;
        assert!(
            flash(&app).contains("once they are found"),
            "{}",
            flash(&app)
        );
        let answer = if found {
            Ok(crate::api::models::Credential {
                q_id: "cred-1".into(),
                q_name: "svc-account".into(),
                ..Default::default()
            })
        } else {
            Err(Error::from_response(
                "GET /api/v1/data-credentials/svc-account",
                404,
                br#"{"errors":[{"code":"DCERROR-0010","title":"Not found","detail":"Credential not found","status":404}]}"#,
                None,
            ))
        };
        let fx = update(
            &mut app,
            Action::Loaded(t, Payload::CredentialNamed("svc-account".into(), answer)),
        );
        let sent: Vec<_> = writes(&fx)
            .into_iter()
            .filter_map(|w| match w {
                Write::Create(Body(b)) => Some(b.clone()),
                _ => None,
            })
            .collect();
        if found {
            assert_eq!(sent.len(), 1, "{fx:?}");
            assert_eq!(
                sent[0].connection_properties["selectedCredentials"],
                "cred-1"
            );
            assert!(form(&app).submitting);
        } else {
            assert!(sent.is_empty(), "{fx:?}");
            let why = &form(&app).errors[EXISTING];
            assert!(why.contains("nothing sent"), "{why}");
            assert_eq!(form(&app).focused().unwrap().key, EXISTING);
        }
    }
}

#[test]
fn a_second_submit_while_in_flight_sends_nothing() {
    let mut app = form_app("File_AmazonS3ConnectorV2", s3_specs());
    fill_s3(&mut app);
    let first = key(&mut app, Intent::FormSubmit);
    assert_eq!(writes(&first).len(), 1);
    let second = key(&mut app, Intent::FormSubmit);
    assert!(writes(&second).is_empty(), "{second:?}");
    assert!(flash(&app).contains("waiting"), "{}", flash(&app));
}

/// Esc under a create in flight closes the form but never calls the create back: its answer,
/// when it comes, is reported and the new connection listed.
#[test]
fn esc_under_a_create_in_flight_stops_the_waiting_not_the_create() {
    let mut app = form_app("File_AmazonS3ConnectorV2", s3_specs());
    fill_s3(&mut app);
    let t = write_ticket(&key(&mut app, Intent::FormSubmit));
    let fx = key(&mut app, Intent::Back);
    assert!(app.layers.form().is_none());
    assert!(
        fx.iter()
            .all(|e| !matches!(e, Effect::Cancel(Slot::Submit) | Effect::Write { .. })),
        "{fx:?}"
    );
    assert!(
        flash(&app).contains("the create of my-s3 goes on"),
        "{}",
        flash(&app)
    );
    assert_eq!(app.writes.len(), 1, "still on its way");
    update(&mut app, Action::Written(t, Written::Created(Ok(my_s3()))));
    update(&mut app, Action::WriteEnded(t));
    assert!(
        flash(&app).contains("created connection my-s3 (c-new)"),
        "{}",
        flash(&app)
    );
    assert!(app.writes.is_empty());
    assert!(
        !app.layers.any(|l| matches!(l, Layer::Created { .. })),
        "no popup for a closed form"
    );
}

/// The tenant's answer to the create of `my-s3` that `fill_s3` fills in.
fn my_s3() -> Connection {
    Connection {
        q_id: "c-new".into(),
        id: Some("c-new".into()),
        q_name: "my-s3".into(),
        ..Default::default()
    }
}

#[test]
fn a_created_connection_closes_the_form_and_is_shown() {
    let mut app = form_app("File_AmazonS3ConnectorV2", s3_specs());
    fill_s3(&mut app);
    let t = write_ticket(&key(&mut app, Intent::FormSubmit));
    update(&mut app, Action::Written(t, Written::Created(Ok(my_s3()))));
    assert!(app.layers.form().is_none());
    assert_eq!(app.pane, Pane::Connections);
    assert_eq!(app.context(), Context::Created);
    assert_eq!(created(&app).q_name, "my-s3");
}

#[test]
fn the_oauth_task_gets_the_pasted_code_on_its_reply_channel() {
    let mut app = form_app("gbq", gbq_specs());
    typed(&mut app, "gbq-1");
    let fx = key(&mut app, Intent::FormSubmit);
    let t = write_ticket(&fx);
    let Write::CreateInteractive(Body(body)) = writes(&fx)[0] else {
        panic!("{fx:?}")
    };
    assert_eq!(body.auth_url_only, Some(json!("true")));
    assert_eq!(body.connection_properties["authCode"], "");
    assert_eq!(app.context(), Context::OAuth);

    // the task asks; the admin pastes the code (with the newline a copy often brings)
    let (reply, mut answer) = Reply::channel();
    let url = format!("https://accounts.example/auth?state={}", "x".repeat(200));
    update(
        &mut app,
        Action::Written(
            t,
            Written::AuthCodeWanted {
                url: url.clone(),
                error: None,
                reply,
            },
        ),
    );
    assert_eq!(app.create.last_auth_url.as_deref(), Some(url.as_str()));
    update(&mut app, Action::Paste("4/code-123\n".into()));
    let fx = key(&mut app, Intent::AuthSend);
    let Some(Effect::Answer { reply, answer: a }) = fx.first() else {
        panic!("{fx:?}")
    };
    assert!(reply.send(a.clone()));
    assert_eq!(
        answer.try_recv().unwrap(),
        AuthAnswer::Code("4/code-123".into())
    );
    // a second Enter while the code is on its way sends nothing
    assert!(key(&mut app, Intent::AuthSend).is_empty());
}

#[test]
fn a_rejected_code_is_shown_and_esc_ends_the_wait() {
    let mut app = form_app("gbq", gbq_specs());
    typed(&mut app, "gbq-1");
    let t = write_ticket(&key(&mut app, Intent::FormSubmit));
    let rejected = Error::from_response(
        "POST",
        400,
        br#"{"errors":[{"code":"DCERROR-0001","title":"Bad request","detail":"The auth code is invalid"}]}"#,
        None,
    );
    let (reply, mut answer) = Reply::channel();
    update(
        &mut app,
        Action::Written(
            t,
            Written::AuthCodeWanted {
                url: "https://x".into(),
                error: Some(rejected),
                reply,
            },
        ),
    );
    let p = app.layers.oauth().unwrap();
    assert_eq!(p.error.as_deref(), Some("The auth code is invalid"));
    let fx = key(&mut app, Intent::Back);
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::Cancel(_))),
        "a write is never cancelled: {fx:?}"
    );
    assert_eq!(app.context(), Context::Form);
    assert!(!form(&app).submitting);
    // the popup and its reply are gone: the task's wait ends
    assert!(answer.try_recv().is_err());
    assert_eq!(form(&app).value(NAME), "gbq-1");
}

#[test]
fn esc_on_an_edited_form_asks_and_keeps_editing_by_default() {
    let mut app = form_app("File_AmazonS3ConnectorV2", s3_specs());
    typed(&mut app, "x");
    key(&mut app, Intent::Back);
    assert_eq!(app.context(), Context::ConfirmDiscard);
    key(&mut app, Intent::Back);
    assert_eq!(app.context(), Context::Form);
    assert_eq!(form(&app).value(NAME), "x");
    key(&mut app, Intent::Back);
    key(&mut app, Intent::Discard);
    assert!(app.layers.form().is_none());
}

#[test]
fn a_huge_enum_opens_a_filterable_picker() {
    let mut app = form_app("File_AmazonS3ConnectorV2", s3_specs());
    key(&mut app, Intent::FormNext);
    key(&mut app, Intent::FormNext);
    assert_eq!(form(&app).focused().unwrap().key, "region");
    key(&mut app, Intent::FormEnter);
    assert_eq!(app.context(), Context::Picker);
    update(&mut app, Action::Type('e'));
    update(&mut app, Action::Type('u'));
    key(&mut app, Intent::Pick);
    assert_eq!(form(&app).value("region"), "eu-west-1");
}

#[test]
fn f1_opens_the_help_of_the_form_above_it_and_esc_returns_to_the_form() {
    let mut app = form_app("File_AmazonS3ConnectorV2", s3_specs());
    assert_eq!(app.context(), Context::Form);
    typed(&mut app, "s3-x");
    key(&mut app, Intent::Help);
    assert_eq!(app.context(), Context::Help);
    assert_eq!(app.help_context(), Context::Form);
    let described: Vec<Intent> = app
        .keymap
        .active(app.help_context())
        .iter()
        .map(|b| b.intent)
        .collect();
    assert!(described.contains(&Intent::FormSubmit), "{described:?}");
    assert!(described.contains(&Intent::FormPreview), "{described:?}");
    key(&mut app, Intent::Back);
    assert_eq!(
        app.context(),
        Context::Form,
        "Esc closes the help, not the form"
    );
    let form = app.layers.form().expect("the form is still open");
    assert_eq!(
        form.value(crate::app::form::NAME),
        "s3-x",
        "what was typed is kept"
    );
}

#[test]
fn a_lost_answer_says_the_create_may_have_happened_and_the_retry_looks_the_name_up_first() {
    let mut app = form_app("File_AmazonS3ConnectorV2", s3_specs());
    fill_s3(&mut app);
    let t = write_ticket(&key(&mut app, Intent::FormSubmit));
    let dropped = Error::new(
        crate::api::ErrorKind::Transport,
        "POST /api/v1/data-connections",
        "error sending request for url (http://127.0.0.1/api/v1/data-connections): connection closed before message completed",
    );
    update(&mut app, Action::Written(t, Written::Created(Err(dropped))));
    let f = form(&app);
    assert!(matches!(
        f.lost,
        crate::app::lost::LostCreate::Unsure { .. }
    ));
    let beside = &f.errors[NAME];
    assert!(
        beside.contains("the tenant may have created my-s3 before the connection dropped"),
        "{beside}"
    );
    assert!(!beside.contains("error sending request"), "{beside}");
    assert!(
        flash(&app).contains("may have created my-s3"),
        "{}",
        flash(&app)
    );
    // the technical cause is kept in :messages
    assert!(app.messages.iter().any(|m| m
        .text
        .contains("connection closed before message completed")));

    // Ctrl-S looks the name up before anything is sent again (the looks: lost_tests.rs)
    let fx = key(&mut app, Intent::FormSubmit);
    let Fetch::FindConnection { name, .. } = &fetches(&fx)[0].fetch else {
        panic!("the retry creates without looking first: {fx:?}")
    };
    assert_eq!(name, "my-s3");
}

/// The gbq form submitted and its OAuth popup open on `url`, waiting for a code.
fn oauth_popup(url: &str) -> App {
    let mut app = form_app("gbq", gbq_specs());
    typed(&mut app, "gbq-1");
    let t = write_ticket(&key(&mut app, Intent::FormSubmit));
    let (reply, _answer) = Reply::channel();
    update(
        &mut app,
        Action::Written(
            t,
            Written::AuthCodeWanted {
                url: url.to_string(),
                error: None,
                reply,
            },
        ),
    );
    app
}

fn press_of(c: char, modifiers: crossterm::event::KeyModifiers) -> crossterm::event::KeyEvent {
    crossterm::event::KeyEvent::new(crossterm::event::KeyCode::Char(c), modifiers)
}

#[test]
fn the_url_is_printed_copied_and_opened_by_ctrl_keys_whatever_the_code_holds() {
    let url = format!("https://accounts.example/auth?state={}", "x".repeat(200));
    let mut app = oauth_popup(&url);
    let ctrl = |c: char| press_of(c, crossterm::event::KeyModifiers::CONTROL);
    let plain = |c: char| press_of(c, crossterm::event::KeyModifiers::NONE);
    for code in ["", "4/yop"] {
        if !code.is_empty() {
            // letters are the code's, y, o and p included
            for c in code.chars() {
                let a = app.keymap.action_for(app.context(), &plain(c)).unwrap();
                update(&mut app, a);
            }
            assert_eq!(app.layers.oauth().unwrap().code_text(), code);
        }
        let press = |app: &mut App, c: char| {
            let a = app.keymap.action_for(app.context(), &ctrl(c)).unwrap();
            update(app, a)
        };
        let fx = press(&mut app, 'p');
        assert_eq!(fx, vec![Effect::PrintUrl(url.clone())], "code {code:?}");
        let fx = press(&mut app, 'o');
        assert_eq!(fx, vec![Effect::OpenUrl(url.clone())], "code {code:?}");
        let fx = press(&mut app, 'y');
        assert!(
            fx.iter()
                .any(|e| matches!(e, Effect::Copy { text, .. } if *text == url)),
            "code {code:?}: {fx:?}"
        );
        assert_eq!(app.layers.oauth().unwrap().code_text(), code);
        let expected = if code.is_empty() {
            Context::OAuth
        } else {
            Context::OAuthCode
        };
        assert_eq!(app.context(), expected);
    }
}

#[test]
fn before_a_code_is_typed_plain_y_o_p_act_on_the_url_as_ux_md_says() {
    let url = "https://accounts.example/auth?state=abc".to_string();
    let mut app = oauth_popup(&url);
    let press = |app: &mut App, c: char| {
        let ev = press_of(c, crossterm::event::KeyModifiers::NONE);
        let a = app.keymap.action_for(app.context(), &ev).unwrap();
        update(app, a)
    };
    assert_eq!(press(&mut app, 'o'), vec![Effect::OpenUrl(url.clone())]);
    assert_eq!(press(&mut app, 'p'), vec![Effect::PrintUrl(url.clone())]);
    assert!(press(&mut app, 'y')
        .iter()
        .any(|e| matches!(e, Effect::Copy { text, .. } if *text == url)));
    assert_eq!(app.layers.oauth().unwrap().code_text(), "", "nothing typed");
    // the help of the popup lists them
    let help: Vec<String> = app
        .keymap
        .active(Context::OAuth)
        .iter()
        .map(|b| b.keys_label())
        .collect();
    assert!(help.iter().any(|k| k == "y"), "{help:?}");
}

#[test]
fn a_connection_created_outside_the_scoped_space_is_not_listed_there_and_says_where_it_went() {
    use crate::app::state::SpaceScope;
    let created_in = |space: Option<&str>, id: &str| {
        let mut app = form_app("File_AmazonS3ConnectorV2", s3_specs());
        app.space_scope = Some(SpaceScope {
            id: "sales-id".into(),
            name: "Sales".into(),
        });
        app.data.connections.status = Status::Loaded;
        fill_s3(&mut app);
        let t = write_ticket(&key(&mut app, Intent::FormSubmit));
        let conn = Connection {
            q_id: id.into(),
            id: Some(id.into()),
            q_name: "my-s3".into(),
            space: space.map(str::to_string),
            ..Default::default()
        };
        update(&mut app, Action::Written(t, Written::Created(Ok(conn))));
        app
    };
    let personal = created_in(None, "c-personal");
    assert!(personal.data.connections.items.is_empty());
    assert_eq!(personal.context(), Context::Created, "the result is shown");
    let said = flash(&personal);
    assert!(
        said.contains("created in Personal space; the list shows Sales"),
        "{said}"
    );

    let sales = created_in(Some("sales-id"), "c-sales");
    assert_eq!(sales.data.connections.items.len(), 1);
    assert_eq!(sales.data.connections.items[0].id(), "c-sales");
}

/// The screen as text, drawn by the real UI.
fn drawn(app: &mut App) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    crate::runtime::frame::draw(&mut terminal, app).unwrap();
    let buf = terminal.backend().buffer().clone();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn an_edit_shows_stored_secrets_as_set_and_never_set_ones_as_not_set() {
    let edit_of = |credentials: Option<&str>| {
        let mut app = App::new(Tenant::default());
        update(
            &mut app,
            Action::Resize {
                width: 100,
                height: 30,
            },
        );
        let purpose = Purpose::Edit {
            connection_id: "c-1".into(),
            old_name: "s3".into(),
            properties: Default::default(),
            before: Default::default(),
            original: Default::default(),
        };
        app.layers
            .push(Layer::Form(Box::new(FormState::new(purpose, "", "", "s3"))));
        let conn = Connection {
            q_id: "c-1".into(),
            id: Some("c-1".into()),
            q_name: "s3".into(),
            datasource_id: Some("File_AmazonS3ConnectorV2".into()),
            q_credentials_id: credentials.map(str::to_string),
            connection_properties: Some(
                json!({"bucketName": "b", "region": "us-east-1"})
                    .as_object()
                    .unwrap()
                    .clone(),
            ),
            ..Default::default()
        };
        super::super::edit::edit_source_loaded(&mut app, "c-1", Ok((conn, s3_specs())));
        drawn(&mut app)
    };
    let stored = edit_of(Some("cred-1"));
    let secret_row = stored
        .lines()
        .find(|l| l.contains("Secret key"))
        .unwrap_or_else(|| panic!("{stored}"));
    assert!(
        secret_row.contains("•••• set, kept unless you type"),
        "{stored}"
    );
    let never = edit_of(None);
    let secret_row = never.lines().find(|l| l.contains("Secret key")).unwrap();
    assert!(secret_row.contains("not set"), "{never}");
    assert!(!secret_row.contains("kept unless"), "{never}");
}

#[test]
fn readline_keys_edit_the_focused_text_field() {
    let mut app = form_app("File_AmazonS3ConnectorV2", s3_specs());
    // as a terminal sends them, through the keymap's text-input scope
    let ctrl = |app: &mut App, c: char| {
        let ev = crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::CONTROL,
        );
        let action = app.keymap.action_for(app.context(), &ev).expect("bound");
        update(app, action);
    };
    typed(&mut app, "sales s3");
    ctrl(&mut app, 'w');
    assert_eq!(form(&app).value(NAME), "sales ");
    ctrl(&mut app, 'a');
    typed(&mut app, "eu-");
    assert_eq!(form(&app).value(NAME), "eu-sales ");
    // Ctrl-K deletes to the end, Ctrl-E goes there, Ctrl-U deletes to the start (not undo)
    ctrl(&mut app, 'k');
    assert_eq!(form(&app).value(NAME), "eu-");
    typed(&mut app, "x");
    ctrl(&mut app, 'a');
    ctrl(&mut app, 'e');
    typed(&mut app, "y");
    assert_eq!(form(&app).value(NAME), "eu-xy");
    ctrl(&mut app, 'u');
    assert_eq!(form(&app).value(NAME), "");
    assert!(form(&app).dirty);
}

#[test]
fn f2_opens_the_messages_over_the_form_and_esc_returns_to_it() {
    let mut app = form_app("File_AmazonS3ConnectorV2", s3_specs());
    typed(&mut app, "my-s3");
    let f2 = crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::F(2),
        crossterm::event::KeyModifiers::NONE,
    );
    let action = app.keymap.action_for(app.context(), &f2).unwrap();
    assert!(matches!(action, Action::Intent(Intent::Messages)));
    update(&mut app, action);
    assert_eq!(app.context(), Context::Messages);
    // typed keys do not reach the form under the messages
    let q = crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char('x'),
        crossterm::event::KeyModifiers::NONE,
    );
    if let Some(a) = app.keymap.action_for(app.context(), &q) {
        update(&mut app, a);
    }
    key(&mut app, Intent::Back);
    assert_eq!(app.context(), Context::Form);
    assert_eq!(form(&app).value(NAME), "my-s3");
    // and everywhere else: the OAuth popup, the name prompt, the prompts
    for ctx in [
        Context::OAuth,
        Context::OAuthCode,
        Context::NameDialog,
        Context::Filter,
        Context::Picker,
    ] {
        assert!(
            matches!(
                app.keymap.action_for(ctx, &f2),
                Some(Action::Intent(Intent::Messages))
            ),
            "{ctx:?}"
        );
    }
}

#[test]
fn a_code_whose_answer_was_lost_says_the_connection_may_exist_and_a_found_name_is_the_result() {
    let mut app = form_app("gbq", gbq_specs());
    typed(&mut app, "gbq-lost");
    let t = write_ticket(&key(&mut app, Intent::FormSubmit));
    let dropped = Error::new(
        crate::api::ErrorKind::Transport,
        "POST /api/v1/dcaas/actions/data-connections",
        "error sending request: connection closed before message completed",
    );
    // the task looked the name up, the tenant did not know it: it asks for a new code
    let (reply, _answer) = Reply::channel();
    update(
        &mut app,
        Action::Written(
            t,
            Written::AuthCodeWanted {
                url: "https://x".into(),
                error: Some(dropped),
                reply,
            },
        ),
    );
    let p = app.layers.oauth().unwrap();
    let said = p.error.clone().unwrap();
    assert!(said.contains("may have created gbq-lost"), "{said}");
    assert!(
        said.contains("looked up before another code is sent"),
        "{said}"
    );
    assert!(!said.contains("error sending request"), "{said}");
    assert!(
        flash(&app).contains("may have created gbq-lost"),
        "{}",
        flash(&app)
    );
    assert!(app.messages.iter().any(|m| m
        .text
        .contains("connection closed before message completed")));

    // the task's lookup before the next code found it: shown as created, nothing resent
    let earlier = Connection {
        q_id: "c-gbq".into(),
        id: Some("c-gbq".into()),
        q_name: "gbq-lost".into(),
        ..Default::default()
    };
    update(
        &mut app,
        Action::Written(t, Written::CreatedEarlier(earlier)),
    );
    assert!(app.layers.form().is_none());
    assert_eq!(app.context(), Context::Created);
    assert_eq!(created(&app).id(), "c-gbq");
}

#[test]
fn tab_in_an_open_list_keeps_the_value_and_moves_on_and_tab_wraps_round_the_form() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let press = |app: &mut App, code: KeyCode| {
        let ev = KeyEvent::new(code, KeyModifiers::NONE);
        if let Some(a) = app.keymap.action_for(app.context(), &ev) {
            update(app, a);
        }
    };
    let mut app = form_app("File_AmazonS3ConnectorV2", s3_specs());
    let first = form(&app).focused().unwrap().key.clone();
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    assert_eq!(form(&app).focused().unwrap().key, "region");
    let before = form(&app).value("region").to_string();
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Picker);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.context(), Context::Form, "the list is closed");
    assert_eq!(form(&app).value("region"), before, "the value stays");
    assert_ne!(
        form(&app).focused().unwrap().key,
        "region",
        "and the focus moved on"
    );
    press(&mut app, KeyCode::BackTab);
    assert_eq!(form(&app).focused().unwrap().key, "region");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::BackTab);
    assert_eq!(app.context(), Context::Form);
    // Shift-Tab from the first field goes round to the last, Tab from the last to the first
    while form(&app).focused().unwrap().key != first {
        press(&mut app, KeyCode::BackTab);
    }
    press(&mut app, KeyCode::BackTab);
    let last = form(&app).focused().unwrap().key.clone();
    assert_ne!(last, first);
    press(&mut app, KeyCode::Tab);
    assert_eq!(form(&app).focused().unwrap().key, first);
}

#[test]
fn y_in_the_preview_copies_the_curl_as_shown_without_a_secret_or_the_key() {
    let mut app = form_app("File_AmazonS3ConnectorV2", s3_specs());
    let y = press_of('y', crossterm::event::KeyModifiers::NONE);
    key(&mut app, Intent::FormPreview);
    assert_eq!(app.context(), Context::Preview);
    // nothing typed yet: the request cannot be built, so there is nothing to copy
    let a = app.keymap.action_for(app.context(), &y).unwrap();
    let fx = update(&mut app, a);
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::Copy { .. })),
        "{fx:?}"
    );
    assert_eq!(
        flash(&app),
        "nothing to copy: the request cannot be built yet"
    );
    assert_eq!(app.context(), Context::Preview, "y leaves the preview open");

    key(&mut app, Intent::Back);
    fill_s3(&mut app);
    key(&mut app, Intent::FormPreview);
    let a = app.keymap.action_for(app.context(), &y).unwrap();
    let fx = update(&mut app, a);
    let copied: Vec<&String> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::Copy { text, what } if what == "the curl command" => Some(text),
            _ => None,
        })
        .collect();
    assert_eq!(copied.len(), 1, "{fx:?}");
    let curl = copied[0];
    assert!(curl.starts_with("curl --location "), "{curl}");
    assert!(curl.contains("\"bucketName\": \"bucket-1\""), "{curl}");
    assert!(
        curl.contains("--header \"Authorization: Bearer $QLIK_API_KEY\""),
        "{curl}"
    );
    assert!(!curl.contains("s3cret") && !curl.contains("AKIA"), "{curl}");
    assert!(curl.contains(crate::schema::MASK), "{curl}");
    let shown = form(&app).preview_text(&crate::app::preview::base_url(&app.tenant.host));
    assert!(
        shown.ends_with(curl.as_str()),
        "the copy is what is shown:\n{shown}"
    );
    assert_eq!(
        flash(&app),
        "sent the curl command to the terminal's clipboard (OSC 52)"
    );
    assert_eq!(app.context(), Context::Preview);
}

/// The form's text rows are the same text input as the prompts: the readline keys, Left and
/// Home work there, through the keymap as a user presses them; a JSON field keeps its lines.
#[test]
fn ctrl_w_ctrl_u_left_and_home_edit_the_form_s_text_rows() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let press = |app: &mut App, code: KeyCode, mods: KeyModifiers| {
        let ev = KeyEvent::new(code, mods);
        if let Some(a) = app.keymap.action_for(app.context(), &ev) {
            update(app, a);
        }
    };
    let plain = KeyModifiers::NONE;
    let mut app = form_app("File_AmazonS3ConnectorV2", s3_specs());
    assert_eq!(form(&app).focused().unwrap().key, NAME);
    for c in "sales bucket".chars() {
        press(&mut app, KeyCode::Char(c), plain);
    }
    press(&mut app, KeyCode::Char('w'), KeyModifiers::CONTROL);
    assert_eq!(form(&app).value(NAME), "sales ");
    press(&mut app, KeyCode::Home, plain);
    press(&mut app, KeyCode::Char('x'), plain);
    assert_eq!(form(&app).value(NAME), "xsales ");
    press(&mut app, KeyCode::End, plain);
    press(&mut app, KeyCode::Left, plain);
    press(&mut app, KeyCode::Left, plain);
    press(&mut app, KeyCode::Char('-'), plain);
    assert_eq!(form(&app).value(NAME), "xsale-s ");
    press(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(form(&app).value(NAME), "s ", "Ctrl-U: up to the cursor");
    assert_eq!(
        form(&app).focused().unwrap().key,
        NAME,
        "no key left the row"
    );
}

/// A closed choice field shows its value's label without building the list of choices
/// (`Options::label_of`): the same label the open list shows, for spaces, gateways of the
/// form's source only, and fixed choices; nothing for a value no choice has.
#[test]
fn a_closed_choice_shows_the_label_its_open_list_shows() {
    use crate::api::models::{Gateway, Space};
    use crate::app::form::{Choice, Options};
    use crate::app::state::{Data, GatewayEntry};
    let mut data = Data::default();
    data.spaces.items = vec![Space {
        id: "sp1".into(),
        name: "Sales".into(),
        ..Default::default()
    }];
    let gateway = |source: &str, id: &str, default| GatewayEntry {
        source_id: source.into(),
        source_name: source.into(),
        gateway: Gateway {
            name: format!("gw {id}"),
            id: id.into(),
            default,
            ..Default::default()
        },
        refreshed_at: None,
    };
    data.gateways.items = vec![
        gateway("DG_mssql", "g1", true),
        gateway("DG_other", "g2", false),
    ];
    let fixed = Options::Fixed(vec![Choice::new("Embedded", "embedded")]);
    for (options, values) in [
        (Options::Spaces, ["", "sp1", "nope"]),
        (Options::Gateways, ["g1", "g2", ""]),
        (fixed, ["embedded", "x", ""]),
    ] {
        for value in values {
            let listed = options
                .choices(&data, "DG_mssql")
                .into_iter()
                .find(|c| c.value == value)
                .map(|c| c.label);
            assert_eq!(
                options.label_of(&data, "DG_mssql", value),
                listed,
                "{value:?}"
            );
        }
    }
    assert_eq!(
        Options::Gateways
            .label_of(&data, "DG_mssql", "g1")
            .as_deref(),
        Some("gw g1 (default)")
    );
}

/// `:profile` while a create is on its way: the create goes on against the tenant it was sent
/// to, and its answer is reported as that tenant's, never listed in the new one.
#[test]
fn a_create_answered_after_a_tenant_switch_is_reported_as_the_old_tenants() {
    let mut app = form_app("File_AmazonS3ConnectorV2", s3_specs());
    app.tenant.profile = "dev".into();
    fill_s3(&mut app);
    let t = write_ticket(&key(&mut app, Intent::FormSubmit));
    key(&mut app, Intent::Back);
    update(
        &mut app,
        Action::Switched(crate::app::switch::Switched {
            tenant: Tenant {
                profile: "prod".into(),
                host: "prod.example".into(),
            },
            read_only: false,
            profiles: vec!["dev".into(), "prod".into()],
        }),
    );
    assert_eq!(app.writes.len(), 1, "the write survives the switch");
    update(&mut app, Action::Written(t, Written::Created(Ok(my_s3()))));
    update(&mut app, Action::WriteEnded(t));
    assert!(
        flash(&app).contains("profile dev: created connection my-s3 (c-new)"),
        "{}",
        flash(&app)
    );
    assert!(app.data.connections.items.is_empty());
    assert!(!app.data.connection_details.contains_key("c-new"));
    assert!(app.writes.is_empty());
}

/// The create's "existing credentials" row opens the picker edit uses: the source's separated
/// credentials qdc knows of, each saying where it is known from ("(used by N)", "(orphan…)").
/// A known one is found at once and Ctrl-S sends it; an orphan is looked up by name and a
/// Ctrl-S right after choosing waits for the look-up, then sends; a name typed as the list's
/// filter that matches none is looked up all the same.
#[test]
fn the_existing_credentials_row_picks_from_the_known_ones_and_ctrl_s_waits_for_a_look_up() {
    let open = |app: &mut App| {
        typed(app, "reuse");
        key(app, Intent::FormNext);
        key(app, Intent::FormNext);
        key(app, Intent::FormNext);
        typed(app, "bucket-1");
        let f = form_mut(app);
        if let Some(row) = f.row_mut(CREDENTIALS) {
            if let Input::Choice { value, .. } = &mut row.input {
                *value = form::SEPARATE_EXISTING.to_string();
            }
        }
        f.focus_row(EXISTING);
        app.data.credentials.insert(
            "cred-1".into(),
            crate::app::state::Remote::Loaded(crate::api::models::Credential {
                q_id: "cred-1".into(),
                q_name: "svc-used".into(),
                q_separated: Some(1),
                q_conn_count: 2,
                datasource_id: Some("File_AmazonS3ConnectorV2".into()),
                ..Default::default()
            }),
        );
        app.data.orphans.items = vec![crate::api::models::OrphanCredential {
            q_id: "cred-9".into(),
            q_name: "svc-orphan".into(),
            datasource_id: Some("File_AmazonS3ConnectorV2".into()),
            ..Default::default()
        }];
        key(app, Intent::FormEnter);
    };
    let created = |fx: &[Effect]| -> Vec<String> {
        writes(fx)
            .into_iter()
            .filter_map(|w| match w {
                Write::Create(Body(b)) => b.connection_properties["selectedCredentials"]
                    .as_str()
                    .map(str::to_string),
                _ => None,
            })
            .collect()
    };

    // a credential known in full: found at once, Ctrl-S sends it
    let mut app = form_app("File_AmazonS3ConnectorV2", s3_specs());
    open(&mut app);
    let Some(Layer::Picker { picker, .. }) = app.layers.top() else {
        panic!("the credentials picker")
    };
    let labels: Vec<&str> = picker.items.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "svc-used (used by 2)",
            "svc-orphan (orphan: no connection uses it)"
        ]
    );
    key(&mut app, Intent::Pick);
    assert_eq!(form(&app).existing_name(), "svc-used");
    assert!(matches!(&form(&app).lookup, Lookup::Found(c) if c.q_id == "cred-1"));
    let fx = key(&mut app, Intent::FormSubmit);
    assert_eq!(created(&fx), ["cred-1"]);

    // an orphan: looked up by name; Ctrl-S right after choosing waits, then sends
    let mut app = form_app("File_AmazonS3ConnectorV2", s3_specs());
    open(&mut app);
    key(&mut app, Intent::Down);
    key(&mut app, Intent::Pick);
    assert_eq!(form(&app).lookup, Lookup::Searching("svc-orphan".into()));
    let fx = key(&mut app, Intent::FormSubmit);
    assert!(created(&fx).is_empty(), "not before the look-up: {fx:?}");
    assert!(
        flash(&app).contains("once they are found"),
        "{}",
        flash(&app)
    );
    let t = fetches(&fx)
        .into_iter()
        .find(|r| r.fetch == Fetch::CredentialByName("svc-orphan".into()))
        .expect("asked at once")
        .ticket;
    let found = crate::api::models::Credential {
        q_id: "cred-9".into(),
        q_name: "svc-orphan".into(),
        ..Default::default()
    };
    let fx = update(
        &mut app,
        Action::Loaded(t, Payload::CredentialNamed("svc-orphan".into(), Ok(found))),
    );
    assert_eq!(created(&fx), ["cred-9"]);

    // a name not in the list, typed as its filter: looked up by that name
    let mut app = form_app("File_AmazonS3ConnectorV2", s3_specs());
    open(&mut app);
    typed(&mut app, "elsewhere");
    key(&mut app, Intent::Pick);
    assert_eq!(form(&app).existing_name(), "elsewhere");
    assert_eq!(form(&app).lookup, Lookup::Searching("elsewhere".into()));
}
