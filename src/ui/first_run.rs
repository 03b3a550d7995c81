//! Draws the first-run screen ([`Welcome`]) and its add-a-tenant form ([`AddTenantForm`]).

use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

use super::theme;
use crate::app::first_run::{AddTenantForm, Field, ImportOffer, Welcome, ADD_PROFILE};
use crate::app::keymap::{Context, Intent, Key, Keymap};
use crate::config::AuthKind;

/// The choice screen, or the form over it when it is open; every key it names is `keymap`'s.
pub fn draw(frame: &mut Frame, keymap: &Keymap, welcome: &Welcome, form: Option<&AddTenantForm>) {
    match form {
        Some(form) => draw_form(frame, keymap, form),
        None => draw_choice(frame, keymap, welcome),
    }
}

/// The key of a choice as the body's key column shows it (7 wide, centred).
fn choice_key(keymap: &Keymap, intent: Intent) -> String {
    format!("{:^7}", keymap.key_label(Context::FirstRun, intent))
}

/// A hint line: ` <key> word` per entry.
fn hint_line(entries: impl IntoIterator<Item = (String, &'static str)>) -> Line<'static> {
    let mut spans = Vec::new();
    for (key, word) in entries {
        spans.push(Span::styled(format!(" <{key}>"), theme::key()));
        spans.push(Span::raw(format!(" {word}")));
    }
    Line::from(spans)
}

fn draw_choice(frame: &mut Frame, keymap: &Keymap, welcome: &Welcome) {
    let [body, hints] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(frame.area());
    let mut lines = vec![Line::from("")];
    match &welcome.problem {
        None => lines.push(Line::from(" No tenant is configured yet.")),
        Some(problem) => {
            lines.push(Line::from(Span::styled(
                " The config file cannot be used:",
                theme::error(),
            )));
            // wrapped here so every line keeps its indent (the border and 3 spaces)
            let width = usize::from(frame.area().width.saturating_sub(6)).max(20);
            lines.extend(
                problem
                    .lines()
                    .flat_map(|l| wrap(l, width))
                    .map(|l| Line::from(Span::styled(format!("   {l}"), theme::error()))),
            );
        }
    }
    lines.extend([
        Line::from(""),
        Line::from(vec![
            Span::styled(choice_key(keymap, Intent::FirstRunDemo), theme::key()),
            Span::raw(" open the demo tenant: runs inside qdc, no account, no network"),
        ]),
        Line::from(vec![
            Span::styled(choice_key(keymap, Intent::FirstRunAddTenant), theme::key()),
            Span::raw(" add your own tenant: server URL and API key (or OAuth client)"),
        ]),
    ]);
    if let Some(offer) = welcome.import.as_ref() {
        import_lines(&mut lines, frame, keymap, welcome, offer);
    }
    lines.extend([
        Line::from(""),
        Line::from(" Or from a shell:"),
        Line::from(Span::styled(format!("   {ADD_PROFILE}"), theme::key())),
        Line::from(" Either way the secret is kept in the OS keyring, never in the config file."),
    ]);
    if let Some(path) = &welcome.config_path {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            format!(" config file: {path}"),
            theme::dim(),
        )));
    }
    let block = Block::bordered()
        .title(Span::styled(" qdc: first run ", theme::title()))
        .border_style(theme::border(true));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        body,
    );
    let line = hint_line(
        welcome
            .choices()
            .map(|(intent, word, _)| (keymap.key_label(Context::FirstRun, *intent), *word)),
    );
    frame.render_widget(Paragraph::new(line), hints);
}

/// What importing qlik-cli's contexts would do: the `i` line, then a line per profile (a few),
/// what is left out and the new default.
fn import_lines(
    lines: &mut Vec<Line<'static>>,
    frame: &Frame,
    keymap: &Keymap,
    welcome: &Welcome,
    offer: &ImportOffer,
) {
    // one line each, cut to the screen: the whole plan is `--dry-run`'s job
    let width = usize::from(frame.area().width.saturating_sub(12)).max(20);
    let indent = |text: String| format!("         {}", head(&super::clean(&text), width));
    lines.push(Line::from(if welcome.offers_import() {
        vec![
            Span::styled(choice_key(keymap, Intent::FirstRunImport), theme::key()),
            Span::raw(head(
                &format!(" import from qlik-cli ({})", super::clean(&offer.path)),
                width + 8,
            )),
        ]
    } else {
        vec![Span::raw(head(
            &format!(
                "         qlik-cli's contexts ({}): nothing to import",
                super::clean(&offer.path)
            ),
            width + 9,
        ))]
    }));
    const SHOWN: usize = 5;
    for line in offer.imports.iter().take(SHOWN) {
        lines.push(Line::from(Span::styled(indent(line.clone()), theme::dim())));
    }
    if offer.imports.len() > SHOWN {
        lines.push(Line::from(Span::styled(
            indent(format!("… and {} more", offer.imports.len() - SHOWN)),
            theme::dim(),
        )));
    }
    if !offer.skipped.is_empty() {
        lines.push(Line::from(Span::styled(
            indent(format!(
                "left out: {} (qdc profile import-qlik-cli --dry-run says why)",
                offer.skipped.join(", ")
            )),
            theme::dim(),
        )));
    }
    if let Some(name) = &offer.new_default {
        lines.push(Line::from(Span::styled(
            indent(format!("{name:?} becomes the default profile")),
            theme::dim(),
        )));
    }
}

/// The form's hint line, in this order. Space is no binding: on a choice it is what typing
/// means there (on a text field it is a space), so it is named as the typed key.
fn form_hints(keymap: &Keymap) -> Line<'static> {
    let key = |intent| keymap.short_label(Context::FirstRunForm, intent);
    hint_line([
        (key(Intent::FormNext), "next"),
        (key(Intent::FormEnter), "next/add"),
        (
            Key::plain(crossterm::event::KeyCode::Char(' ')).label(),
            "choose",
        ),
        (key(Intent::FormReveal), "reveal"),
        (key(Intent::FormSubmit), "add"),
        (key(Intent::Back), "back"),
    ])
}

fn draw_form(frame: &mut Frame, keymap: &Keymap, form: &AddTenantForm) {
    let [body, hints] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(frame.area());
    const LABEL_WIDTH: usize = 14;
    // what fits of a value after the border, the marker and the label
    let value_width = usize::from(body.width.saturating_sub(4)).saturating_sub(LABEL_WIDTH + 3);
    let mut lines = vec![Line::from("")];
    if let Some(problem) = &form.problem {
        let width = usize::from(body.width.saturating_sub(4)).max(20);
        lines.extend(
            wrap(problem, width)
                .into_iter()
                .map(|l| Line::from(Span::styled(format!(" {l}"), theme::error()))),
        );
        lines.push(Line::from(""));
    }
    let focused = form.focused();
    for field in form.visible() {
        let is_focused = field == focused;
        let value = match field {
            Field::Auth => match form.auth {
                AuthKind::ApiKey => "(•) api-key  ( ) oauth-client-credentials".to_string(),
                AuthKind::OauthClientCredentials => {
                    "( ) api-key  (•) oauth-client-credentials".to_string()
                }
            },
            Field::ReadOnly if form.read_only => {
                "( ) no  (•) yes: keys that change the tenant are off".to_string()
            }
            Field::ReadOnly => "(•) no  ( ) yes".to_string(),
            // masked unless revealed: the secret never reaches the screen by accident
            Field::Secret if !form.reveal_secret => "•".repeat(form.secret.text().chars().count()),
            _ => form.text(field).to_string(),
        };
        let room = value_width.saturating_sub(1);
        let cursor = form.input(field).filter(|_| is_focused).map(|i| i.cursor());
        let value_spans = match cursor {
            // typing at the end: the end of a long value shows, then the cursor
            Some(at) if at < value.chars().count() => {
                super::input::with_cursor(&value, at, room, Span::raw(""))
            }
            Some(_) => vec![
                Span::raw(tail(&value, room)),
                Span::styled("▏", theme::key()),
            ],
            None => vec![Span::raw(tail(&value, room))],
        };
        let marker = if is_focused { "›" } else { " " };
        let mut spans = vec![
            Span::styled(format!(" {marker} "), theme::key()),
            Span::styled(
                format!("{:<LABEL_WIDTH$}", form.label(field)),
                if is_focused {
                    theme::title()
                } else {
                    theme::heading()
                },
            ),
        ];
        spans.extend(value_spans);
        if field == Field::Description && form.description.is_empty() && !is_focused {
            spans.push(Span::styled("(optional)", theme::dim()));
        }
        lines.push(Line::from(spans));
        if let Some(error) = form.errors.get(&field) {
            for l in wrap(error, value_width.max(20)) {
                lines.push(Line::from(Span::styled(
                    format!("{:width$}{l}", "", width = LABEL_WIDTH + 3),
                    theme::error(),
                )));
            }
        }
    }
    let block = Block::bordered()
        .title(Span::styled(" qdc: add a tenant ", theme::title()))
        .border_style(theme::border(true));
    frame.render_widget(Paragraph::new(lines).block(block), body);
    frame.render_widget(Paragraph::new(form_hints(keymap)), hints);
}

/// The first `width` characters of `text`, with an ellipsis when it was longer.
fn head(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// The last `width` characters of `text`: the end of a long URL is where the typing is.
fn tail(text: &str, width: usize) -> String {
    let count = text.chars().count();
    if count <= width {
        return text.to_string();
    }
    let mut cut: String = text.chars().skip(count - width + 1).collect();
    cut.insert(0, '…');
    cut
}

/// `text` in lines of at most `width` characters, broken at spaces where it can be.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for word in text.split(' ') {
        let line = lines.last_mut().expect("one line at least");
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(word.to_string());
        } else {
            if len > 0 {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}
