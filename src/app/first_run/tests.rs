use super::*;
use crossterm::event::{KeyCode, KeyModifiers};
use std::collections::BTreeMap;

fn press(code: KeyCode, mods: KeyModifiers) -> Option<Choice> {
    welcome(None).choice_for(&Keymap::default(), &KeyEvent::new(code, mods))
}

fn welcome(import: Option<ImportOffer>) -> Welcome {
    Welcome {
        problem: None,
        config_path: None,
        import,
    }
}

#[test]
fn i_imports_only_when_there_is_something_to_import() {
    let i = KeyEvent::new(KeyCode::Char('i'), KeyModifiers::NONE);
    let keys = Keymap::default();
    assert_eq!(welcome(None).choice_for(&keys, &i), None);
    let offer = |imports: &[&str]| ImportOffer {
        path: "/h/.qlik/contexts.yml".into(),
        imports: imports.iter().map(|s| s.to_string()).collect(),
        skipped: vec!["on-prem".into()],
        new_default: None,
    };
    assert_eq!(welcome(Some(offer(&[]))).choice_for(&keys, &i), None);
    let w = welcome(Some(offer(&["\"a\" https://a.eu.qlikcloud.com (api-key)"])));
    assert_eq!(w.choice_for(&keys, &i), Some(Choice::Import));
    let import = |w: &Welcome| w.choices().any(|(_, _, c)| *c == Choice::Import);
    assert!(import(&w));
    assert!(!import(&welcome(None)));
}

#[test]
fn enter_opens_the_demo_and_q_esc_ctrl_c_quit() {
    assert_eq!(
        press(KeyCode::Enter, KeyModifiers::NONE),
        Some(Choice::Demo)
    );
    for (code, mods) in [
        (KeyCode::Char('q'), KeyModifiers::NONE),
        (KeyCode::Esc, KeyModifiers::NONE),
        (KeyCode::Char('c'), KeyModifiers::CONTROL),
    ] {
        assert_eq!(press(code, mods), Some(Choice::Quit), "{code:?}");
    }
    assert_eq!(
        press(KeyCode::Char('a'), KeyModifiers::NONE),
        Some(Choice::AddTenant)
    );
    assert_eq!(press(KeyCode::Char('x'), KeyModifiers::NONE), None);
    assert_eq!(press(KeyCode::Char('q'), KeyModifiers::CONTROL), None);
    assert_eq!(
        press(KeyCode::Char('q'), KeyModifiers::ALT),
        None,
        "Alt-q is not q"
    );
}

fn type_text(form: &mut AddTenantForm, text: &str) {
    for c in text.chars() {
        key(form, KeyCode::Char(c), KeyModifiers::NONE);
    }
}

fn key(form: &mut AddTenantForm, code: KeyCode, mods: KeyModifiers) -> FormOutcome {
    form.key(&Keymap::default(), &KeyEvent::new(code, mods))
}

/// Fills the form as a user would: typing, Enter to the next field, a pasted secret.
fn filled(name: &str, server: &str, secret: &str) -> AddTenantForm {
    let mut form = AddTenantForm::default();
    type_text(&mut form, name);
    key(&mut form, KeyCode::Enter, KeyModifiers::NONE);
    type_text(&mut form, server);
    key(&mut form, KeyCode::Enter, KeyModifiers::NONE);
    key(&mut form, KeyCode::Enter, KeyModifiers::NONE); // auth stays api-key
    form.paste(secret);
    form
}

#[test]
fn a_good_form_submits_on_the_last_enter_and_hands_back_the_profile() {
    let mut form = filled("dev", "http://127.0.0.1:8080/", "k3y\n");
    assert_eq!(form.focused(), Field::Secret);
    for _ in ["description", "read-only"] {
        assert_eq!(
            key(&mut form, KeyCode::Enter, KeyModifiers::NONE),
            FormOutcome::Stay
        );
    }
    assert_eq!(
        key(&mut form, KeyCode::Enter, KeyModifiers::NONE),
        FormOutcome::Submit
    );
    let checked = form.check(&ConfigFile::default()).expect("valid");
    assert_eq!(checked.name, "dev");
    assert_eq!(checked.profile.server, "http://127.0.0.1:8080");
    assert_eq!(checked.profile.client_id, None);
    assert_eq!(checked.secret, "k3y");
}

#[test]
fn a_bad_name_and_a_plain_http_server_are_shown_beside_their_fields_and_kept() {
    let mut form = filled("a/b", "http://acme.eu.qlikcloud.com", "k3y");
    assert_eq!(form.check(&ConfigFile::default()), None);
    assert!(
        form.errors[&Field::Name].contains("'/'"),
        "{:?}",
        form.errors
    );
    assert!(
        form.errors[&Field::Server].contains("server"),
        "{:?}",
        form.errors
    );
    assert_eq!(form.focused(), Field::Name);
    assert_eq!(form.name, "a/b");
    assert_eq!(form.server, "http://acme.eu.qlikcloud.com");
    assert_eq!(form.secret, "k3y");
}

#[test]
fn a_missing_secret_is_an_error_beside_the_secret() {
    let mut form = filled("dev", "https://acme.eu.qlikcloud.com", "");
    form.description = "kept".into();
    assert_eq!(form.check(&ConfigFile::default()), None);
    assert!(form.errors[&Field::Secret].contains("no API key given"));
    assert_eq!(form.errors.len(), 1, "{:?}", form.errors);
    assert_eq!(form.focused(), Field::Secret);
    assert_eq!((form.name.text(), form.description.text()), ("dev", "kept"));
}

#[test]
fn oauth_shows_the_client_id_and_needs_it() {
    let mut form = filled("dev", "https://acme.eu.qlikcloud.com", "s3cret");
    assert_eq!(form.visible().len(), 6, "no client id row for an API key");
    form.focus = 2;
    key(&mut form, KeyCode::Char(' '), KeyModifiers::NONE);
    assert_eq!(form.auth, AuthKind::OauthClientCredentials);
    assert_eq!(form.focused(), Field::Auth, "the focus stays on auth");
    assert!(form.visible().contains(&Field::ClientId));
    assert_eq!(form.check(&ConfigFile::default()), None);
    assert!(form.errors[&Field::ClientId].contains("client_id"));
    assert_eq!(form.focused(), Field::ClientId);
    assert_eq!(form.secret, "s3cret");
    type_text(&mut form, "my-client");
    let checked = form.check(&ConfigFile::default()).expect("valid now");
    assert_eq!(checked.profile.client_id.as_deref(), Some("my-client"));
}

#[test]
fn a_bare_host_is_accepted_and_read_only_is_offered() {
    let mut form = filled("dev", "acme.eu.qlikcloud.com", "k3y");
    form.focus = form.visible().len() - 1;
    assert_eq!(form.focused(), Field::ReadOnly);
    key(&mut form, KeyCode::Char(' '), KeyModifiers::NONE);
    assert!(form.read_only);
    let checked = form.check(&ConfigFile::default()).expect("valid");
    assert_eq!(checked.profile.server, "https://acme.eu.qlikcloud.com");
    assert!(checked.profile.read_only);
}

#[test]
fn esc_goes_back_ctrl_s_submits_ctrl_r_reveals() {
    let mut form = AddTenantForm::default();
    assert_eq!(
        key(&mut form, KeyCode::Esc, KeyModifiers::NONE),
        FormOutcome::Back
    );
    assert_eq!(
        key(&mut form, KeyCode::Char('s'), KeyModifiers::CONTROL),
        FormOutcome::Submit
    );
    assert!(!form.reveal_secret);
    key(&mut form, KeyCode::Char('r'), KeyModifiers::CONTROL);
    assert!(form.reveal_secret);
    assert!(form.name.is_empty(), "Ctrl keys type nothing");
}

#[test]
fn the_fields_edit_like_the_connection_form_home_left_ctrl_w_ctrl_u() {
    let mut form = AddTenantForm::default();
    key(&mut form, KeyCode::Tab, KeyModifiers::NONE);
    assert_eq!(form.focused(), Field::Server);
    type_text(&mut form, "acme.eu.qlikcloud.com");
    key(&mut form, KeyCode::Home, KeyModifiers::NONE);
    type_text(&mut form, "https://");
    assert_eq!(form.server.text(), "https://acme.eu.qlikcloud.com");
    key(&mut form, KeyCode::Char('e'), KeyModifiers::CONTROL);
    key(&mut form, KeyCode::Left, KeyModifiers::NONE);
    key(&mut form, KeyCode::Left, KeyModifiers::NONE);
    key(&mut form, KeyCode::Left, KeyModifiers::NONE);
    key(&mut form, KeyCode::Backspace, KeyModifiers::NONE);
    assert_eq!(form.server.text(), "https://acme.eu.qlikcloudcom");
    key(&mut form, KeyCode::Char('a'), KeyModifiers::CONTROL);
    assert_eq!(form.server.cursor(), 0);
    key(&mut form, KeyCode::BackTab, KeyModifiers::NONE);
    type_text(&mut form, "my dev");
    key(&mut form, KeyCode::Char('w'), KeyModifiers::CONTROL);
    assert_eq!(form.name.text(), "my ");
    key(&mut form, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(form.name.text(), "");
    assert_eq!(
        form.server.text(),
        "https://acme.eu.qlikcloudcom",
        "untouched"
    );
}

/// The first-run screen's keys are the keymap's: `[keys]` rebinds them like any other,
/// and its fields take the text-input keys (`input_line_start = "alt-a"`).
#[test]
fn the_screens_keys_and_its_fields_follow_the_keymap() {
    let overrides = BTreeMap::from([
        ("first_run_add_tenant".to_string(), "n".to_string()),
        ("input_line_start".to_string(), "alt-a".to_string()),
    ]);
    let (keymap, problems) = Keymap::with_overrides(&overrides);
    assert!(problems.is_empty(), "{problems:?}");
    let n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE);
    let a = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE);
    assert_eq!(
        welcome(None).choice_for(&keymap, &n),
        Some(Choice::AddTenant)
    );
    assert_eq!(welcome(None).choice_for(&keymap, &a), None);
    assert_eq!(
        keymap.key_label(Context::FirstRun, Intent::FirstRunAddTenant),
        "n"
    );
    let mut form = AddTenantForm::default();
    for c in "dev".chars() {
        form.key(
            &keymap,
            &KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
        );
    }
    form.key(
        &keymap,
        &KeyEvent::new(KeyCode::Char('a'), KeyModifiers::ALT),
    );
    for c in "my-".chars() {
        form.key(
            &keymap,
            &KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
        );
    }
    assert_eq!(form.name.text(), "my-dev");
    let ctrl_a = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::CONTROL);
    form.key(&keymap, &ctrl_a);
    assert_eq!(form.name.cursor(), 3, "Ctrl-A is no longer the line start");
}

/// The emacs keys of the connection form work here too: Ctrl-B/Ctrl-F move a character,
/// Ctrl-Y puts back what Ctrl-U took out.
#[test]
fn the_fields_take_ctrl_b_ctrl_f_and_ctrl_y() {
    let mut form = AddTenantForm::default();
    key(&mut form, KeyCode::Tab, KeyModifiers::NONE);
    type_text(&mut form, "acme.qlikcloud.com");
    key(&mut form, KeyCode::Char('a'), KeyModifiers::CONTROL);
    for _ in 0..5 {
        key(&mut form, KeyCode::Char('f'), KeyModifiers::CONTROL);
    }
    key(&mut form, KeyCode::Char('b'), KeyModifiers::CONTROL);
    type_text(&mut form, ".eu");
    assert_eq!(form.server.text(), "acme.eu.qlikcloud.com");
    key(&mut form, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(form.server.text(), ".qlikcloud.com");
    key(&mut form, KeyCode::Char('y'), KeyModifiers::CONTROL);
    assert_eq!(
        (form.server.text(), form.server.cursor()),
        ("acme.eu.qlikcloud.com", 7)
    );
}
