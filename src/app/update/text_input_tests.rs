//! Every prompt edits like the connection form: readline keys, arrows, Home/End, and ↑ for the
//! last `:` command; keys arrive as a terminal sends them, through the keymap.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::tests::conn;
use super::*;
use crate::api::models::{ConnectionsPage, ListMeta};
use crate::app::action::Payload;
use crate::app::effect::Slot;
use crate::app::state::Tenant;

fn press(app: &mut App, code: KeyCode, mods: KeyModifiers) -> Vec<Effect> {
    let ev = KeyEvent::new(code, mods);
    match app.keymap.action_for(app.context(), &ev) {
        Some(action) => update(app, action),
        None => Vec::new(),
    }
}

fn plain(app: &mut App, code: KeyCode) -> Vec<Effect> {
    press(app, code, KeyModifiers::NONE)
}

fn ctrl(app: &mut App, c: char) -> Vec<Effect> {
    press(app, KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        plain(app, KeyCode::Char(c));
    }
}

fn prompt_text(app: &App) -> (String, usize) {
    let p = app.layers.prompt().expect("a prompt is open");
    (p.input().text().to_string(), p.input().cursor())
}

fn connections(names: &[&str]) -> App {
    let mut app = App::new(Tenant::default());
    let fx = update(
        &mut app,
        Action::Intent(Intent::GoPane(crate::app::state::Pane::Connections)),
    );
    let t = super::tests::ticket_of(&fx, Slot::Connections);
    let data = names
        .iter()
        .enumerate()
        .map(|(i, n)| conn(i, n, None, None))
        .collect();
    update(
        &mut app,
        Action::Loaded(
            t,
            Payload::ConnectionsPage(Ok(ConnectionsPage {
                data,
                meta: Some(ListMeta {
                    count: Some(names.len() as i64),
                    ..Default::default()
                }),
                ..Default::default()
            })),
        ),
    );
    app
}

#[test]
fn the_command_prompt_has_readline_keys_left_and_home() {
    let mut app = App::new(Tenant::default());
    plain(&mut app, KeyCode::Char(':'));
    typed(&mut app, "connections Fin");
    ctrl(&mut app, 'w');
    assert_eq!(prompt_text(&app), ("connections ".into(), 12));
    ctrl(&mut app, 'u');
    assert_eq!(prompt_text(&app), (String::new(), 0));
    typed(&mut app, "paces");
    plain(&mut app, KeyCode::Home);
    typed(&mut app, "s");
    assert_eq!(prompt_text(&app), ("spaces".into(), 1));
    plain(&mut app, KeyCode::End);
    plain(&mut app, KeyCode::Left);
    plain(&mut app, KeyCode::Backspace);
    assert_eq!(prompt_text(&app), ("spacs".into(), 4));
    ctrl(&mut app, 'a');
    assert_eq!(prompt_text(&app).1, 0);
    ctrl(&mut app, 'e');
    assert_eq!(prompt_text(&app).1, 5);
}

#[test]
fn the_filter_prompt_edits_in_place_and_the_list_follows() {
    let mut app = connections(&["sales", "finance", "hr"]);
    plain(&mut app, KeyCode::Char('/'));
    typed(&mut app, "xan");
    assert_eq!(app.current().filter, "xan");
    assert!(app.current().view.is_empty());
    plain(&mut app, KeyCode::Home);
    plain(&mut app, KeyCode::Right);
    plain(&mut app, KeyCode::Backspace);
    assert_eq!(prompt_text(&app), ("an".into(), 0));
    assert_eq!(app.current().view.len(), 1, "finance");
    plain(&mut app, KeyCode::Right);
    ctrl(&mut app, 'u');
    assert_eq!(app.current().filter, "n");
    ctrl(&mut app, 'w');
    assert_eq!(
        prompt_text(&app),
        ("n".into(), 0),
        "nothing before the cursor"
    );
    ctrl(&mut app, 'e');
    ctrl(&mut app, 'w');
    assert_eq!(app.current().filter, "");
    assert_eq!(app.current().view.len(), 3);
}

#[test]
fn up_recalls_the_last_command_and_down_comes_back() {
    let mut app = App::new(Tenant::default());
    plain(&mut app, KeyCode::Char(':'));
    typed(&mut app, "spaces");
    plain(&mut app, KeyCode::Enter);
    assert_eq!(app.pane, crate::app::state::Pane::Spaces);
    app.pane = crate::app::state::Pane::Sources;
    plain(&mut app, KeyCode::Char(':'));
    typed(&mut app, "con");
    plain(&mut app, KeyCode::Up);
    assert_eq!(prompt_text(&app), ("spaces".into(), 6));
    plain(&mut app, KeyCode::Down);
    assert_eq!(prompt_text(&app).0, "con", "what was typed comes back");
    plain(&mut app, KeyCode::Up);
    plain(&mut app, KeyCode::Enter);
    assert_eq!(app.pane, crate::app::state::Pane::Spaces, "run again");
}

#[test]
fn ctrl_p_and_ctrl_n_walk_the_history_as_up_and_down_do() {
    let mut app = App::new(Tenant::default());
    plain(&mut app, KeyCode::Char(':'));
    typed(&mut app, "spaces");
    plain(&mut app, KeyCode::Enter);
    plain(&mut app, KeyCode::Char(':'));
    typed(&mut app, "con");
    ctrl(&mut app, 'p');
    assert_eq!(prompt_text(&app), ("spaces".into(), 6));
    ctrl(&mut app, 'n');
    assert_eq!(prompt_text(&app).0, "con", "what was typed comes back");
}

#[test]
fn up_in_the_filter_prompt_recalls_the_last_filter() {
    let mut app = connections(&["sales", "finance"]);
    plain(&mut app, KeyCode::Char('/'));
    typed(&mut app, "fin");
    plain(&mut app, KeyCode::Enter);
    plain(&mut app, KeyCode::Esc);
    assert_eq!(app.current().filter, "");
    plain(&mut app, KeyCode::Char('/'));
    plain(&mut app, KeyCode::Up);
    assert_eq!(app.current().filter, "fin");
    assert_eq!(app.current().view.len(), 1);
}

#[test]
fn alt_q_does_not_quit_and_alt_letters_are_not_typed() {
    let mut app = App::new(Tenant::default());
    let fx = press(&mut app, KeyCode::Char('q'), KeyModifiers::ALT);
    assert!(!app.quit);
    assert!(!fx.contains(&Effect::Quit));
    plain(&mut app, KeyCode::Char(':'));
    typed(&mut app, "profile x");
    // Alt-b is a word move, not a "b"
    press(&mut app, KeyCode::Char('b'), KeyModifiers::ALT);
    assert_eq!(prompt_text(&app), ("profile x".into(), 8));
    plain(&mut app, KeyCode::Esc);
    let fx = plain(&mut app, KeyCode::Char('q'));
    assert!(
        app.quit && fx.contains(&Effect::Quit),
        "plain q still quits"
    );
}

/// `[keys] input_line_start = "alt-a"` moves the line start in every text input at once: the
/// `/` prompt, a field of the connection form, the duplicate's name dialog; Ctrl-A no longer does.
#[test]
fn a_rebound_text_input_key_works_in_the_filter_prompt_the_form_and_the_name_dialog() {
    use std::collections::BTreeMap;
    let rebound = |app: &mut App| {
        let overrides = BTreeMap::from([("input_line_start".to_string(), "Alt-a".to_string())]);
        let (keymap, problems) = crate::app::keymap::Keymap::with_overrides(&overrides);
        assert!(problems.is_empty(), "{problems:?}");
        app.keymap = keymap;
    };

    let mut app = connections(&["sales", "finance"]);
    rebound(&mut app);
    plain(&mut app, KeyCode::Char('/'));
    typed(&mut app, "ales");
    ctrl(&mut app, 'a');
    assert_eq!(prompt_text(&app), ("ales".into(), 4), "Ctrl-A is free now");
    press(&mut app, KeyCode::Char('a'), KeyModifiers::ALT);
    typed(&mut app, "s");
    assert_eq!(prompt_text(&app), ("sales".into(), 1));
    assert_eq!(app.current().filter, "sales");

    use super::create::tests::{form, form_app, s3_specs};
    let mut app = form_app("File_AmazonS3ConnectorV2", s3_specs());
    rebound(&mut app);
    typed(&mut app, "s3");
    press(&mut app, KeyCode::Char('a'), KeyModifiers::ALT);
    typed(&mut app, "eu-");
    assert_eq!(form(&app).value(crate::app::form::NAME), "eu-s3");

    let mut app = super::manage_tests::four();
    rebound(&mut app);
    update(&mut app, Action::Intent(Intent::Duplicate));
    press(&mut app, KeyCode::Char('a'), KeyModifiers::ALT);
    typed(&mut app, "old ");
    let Some(crate::app::state::Layer::Name(d)) = app.layers.top() else {
        panic!("a name dialog")
    };
    assert_eq!((d.name.text(), d.name.cursor()), ("old sales (copy)", 4));
}

/// The emacs keys ratatui-textarea gave the form before the text-input scope, now in every
/// input: Ctrl-B/Ctrl-F move a character, Ctrl-Y puts back what the last Ctrl-W, Ctrl-U or
/// Ctrl-K took out; in the `:` prompt, a form field and the duplicate's name dialog alike.
#[test]
fn ctrl_b_ctrl_f_and_ctrl_y_work_in_the_prompt_the_form_and_the_name_dialog() {
    let mut app = App::new(Tenant::default());
    plain(&mut app, KeyCode::Char(':'));
    typed(&mut app, "connections Fin");
    ctrl(&mut app, 'b');
    ctrl(&mut app, 'b');
    assert_eq!(prompt_text(&app).1, 13);
    ctrl(&mut app, 'f');
    assert_eq!(prompt_text(&app).1, 14);
    ctrl(&mut app, 'e');
    ctrl(&mut app, 'w');
    assert_eq!(prompt_text(&app).0, "connections ");
    ctrl(&mut app, 'a');
    ctrl(&mut app, 'y');
    assert_eq!(prompt_text(&app), ("Finconnections ".into(), 3));
    ctrl(&mut app, 'k');
    assert_eq!(prompt_text(&app).0, "Fin");
    ctrl(&mut app, 'y');
    assert_eq!(prompt_text(&app), ("Finconnections ".into(), 15));

    use super::create::tests::{form, form_app, s3_specs};
    let mut app = form_app("File_AmazonS3ConnectorV2", s3_specs());
    typed(&mut app, "sales bucket");
    ctrl(&mut app, 'w');
    ctrl(&mut app, 'u');
    assert_eq!(form(&app).value(crate::app::form::NAME), "");
    ctrl(&mut app, 'y');
    ctrl(&mut app, 'b');
    ctrl(&mut app, 'b');
    typed(&mut app, "x");
    ctrl(&mut app, 'f');
    typed(&mut app, "-");
    assert_eq!(form(&app).value(crate::app::form::NAME), "salexs- ");
    assert!(form(&app).dirty, "a yank is an edit");

    let mut app = super::manage_tests::four();
    update(&mut app, Action::Intent(Intent::Duplicate));
    ctrl(&mut app, 'w');
    ctrl(&mut app, 'a');
    ctrl(&mut app, 'y');
    ctrl(&mut app, 'f');
    let Some(crate::app::state::Layer::Name(d)) = app.layers.top() else {
        panic!("a name dialog")
    };
    assert_eq!((d.name.text(), d.name.cursor()), ("(copy)sales ", 7));
}

/// Where a layer binds one of those keys itself, the layer's meaning stays: Ctrl-Y copies the
/// OAuth URL (also while a code is typed), Ctrl-P previews the form; Ctrl-N is a line down.
#[test]
fn a_layer_s_own_ctrl_y_and_ctrl_p_win_over_the_text_input_s() {
    use crate::app::keymap::Context;
    use crate::app::text_input::TextEdit;
    let keymap = crate::app::keymap::Keymap::default();
    let meaning = |ctx: Context, c: char| {
        let ev = KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        match keymap.action_for(ctx, &ev) {
            Some(Action::Intent(i)) => Some(i),
            _ => None,
        }
    };
    assert_eq!(meaning(Context::OAuthCode, 'y'), Some(Intent::AuthCopyUrl));
    assert_eq!(meaning(Context::OAuth, 'y'), Some(Intent::AuthCopyUrl));
    assert_eq!(meaning(Context::Form, 'p'), Some(Intent::FormPreview));
    assert_eq!(
        meaning(Context::Form, 'n'),
        Some(Intent::Input(TextEdit::LineDown))
    );
    assert_eq!(
        meaning(Context::NameDialog, 'y'),
        Some(Intent::Input(TextEdit::Yank))
    );
    assert_eq!(
        meaning(Context::CopyPlan, 'p'),
        Some(Intent::Input(TextEdit::LineUp))
    );
}
