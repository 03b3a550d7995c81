//! The connection form: a fixed head, one row per generated field, the credentials section, the
//! focused field's help at the bottom; and the popups over it (a picker, the preview, confirms,
//! the create result).

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::theme;
use crate::app::form::{FormState, Input, Lookup, Options, Picker, Row, EXISTING};
use crate::app::keymap::{Context, Intent, Keymap};
use crate::app::state::{Layer, Remote};
use crate::app::App;

/// Width of the label column.
const LABEL_WIDTH: u16 = 24;
/// Lines the help of the focused field takes.
const HELP_LINES: u16 = 3;
/// Lines a JSON field shows at most.
const JSON_LINES: usize = 6;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, f: &FormState) {
    let block = Block::bordered()
        .title(Line::from(title(app, f)))
        .border_style(theme::border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [body, help] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(HELP_LINES + 1)]).areas(inner);
    let y = draw_rows(frame, body, app, f);
    if y < body.y + body.height {
        draw_spec_note(frame, Rect::new(body.x, y, body.width, 1), app, f);
    }
    draw_help(frame, help, f);
}

/// The form's title: what is edited, and what it is busy with (checking, saving, the OAuth code).
fn title<'a>(app: &App, f: &FormState) -> Vec<Span<'a>> {
    let verb = if f.is_edit() { "Edit" } else { "New" };
    let mut title = vec![Span::styled(
        format!(" {verb} connection · {} ", f.source_name),
        theme::title(),
    )];
    if !f.source_id.is_empty() {
        title.push(Span::styled(format!("({}) ", f.source_id), theme::dim()));
    }
    // the OAuth step waits on the user, not the tenant: say which
    let waiting_for_code = app
        .layers
        .oauth()
        .is_some_and(|p| p.url.is_some() && !p.sending);
    if let crate::app::lost::LostCreate::Looking { look, .. } = f.lost {
        let name = f.value(crate::app::form::NAME);
        title.push(Span::styled(
            format!(
                "{} {}… ({} stops) ",
                super::spinner(app),
                crate::app::lost::checking(name.trim(), look),
                app.keymap.key_label(Context::Form, Intent::Back)
            ),
            theme::key(),
        ));
    } else if f.submitting || waiting_for_code {
        let doing = match (f.is_edit(), waiting_for_code) {
            (_, true) => "waiting for the code…",
            (true, false) => "saving…",
            (false, false) => "creating…",
        };
        title.push(Span::styled(
            format!("{} {doing} ", super::spinner(app)),
            theme::key(),
        ));
    }
    title
}

/// Draws the visible rows that fit in `body`; returns the first line below them.
fn draw_rows(frame: &mut Frame, body: Rect, app: &App, f: &FormState) -> u16 {
    let vis = f.visible();
    let heights: Vec<u16> = vis.iter().map(|&i| row_height(f, i)).collect();
    // scroll so the focused row is on screen, with the rows before it filling the top
    let focus_pos = vis.iter().position(|&i| i == f.focus).unwrap_or(0);
    let mut first = 0;
    let mut used: u16 = heights[..=focus_pos.min(heights.len().saturating_sub(1))]
        .iter()
        .sum();
    while used > body.height && first < focus_pos {
        used -= heights[first];
        first += 1;
    }
    let mut y = body.y;
    for (pos, &i) in vis.iter().enumerate().skip(first) {
        let h = heights[pos];
        if y + h > body.y + body.height {
            break;
        }
        draw_row(frame, Rect::new(body.x, y, body.width, h), app, f, i);
        y += h;
    }
    y
}

/// Under the rows, while the form's spec is loading or failed to.
fn draw_spec_note(frame: &mut Frame, area: Rect, app: &App, f: &FormState) {
    let note = match &f.spec {
        Remote::Loading => Some(Line::from(Span::styled(
            format!(
                "{} loading the form of {}…",
                super::spinner(app),
                f.source_name
            ),
            theme::key(),
        ))),
        Remote::Failed(e) => Some(Line::from(Span::styled(
            format!("the form could not be loaded: {e}"),
            theme::error(),
        ))),
        Remote::Loaded(_) => None,
    };
    if let Some(note) = note {
        frame.render_widget(Paragraph::new(note), area);
    }
}

/// The focused field's help, below a rule.
fn draw_help(frame: &mut Frame, area: Rect, f: &FormState) {
    let help_text = f.focused().and_then(|r| r.help.clone()).unwrap_or_default();
    let help_block = Block::new()
        .borders(Borders::TOP)
        .border_style(theme::dim());
    frame.render_widget(
        Paragraph::new(help_text)
            .style(theme::dim())
            .wrap(Wrap { trim: true })
            .block(help_block),
        area,
    );
}

/// Lines the input itself takes (a JSON field shows several).
fn input_height(row: &Row) -> u16 {
    match &row.input {
        Input::Text { text, .. } if text.is_multiline() => {
            text.lines().len().clamp(2, JSON_LINES) as u16
        }
        _ => 1,
    }
}

fn row_height(f: &FormState, i: usize) -> u16 {
    let row = &f.rows[i];
    let mut h = input_height(row);
    if f.errors.contains_key(&row.key) {
        h += 1;
    }
    if row.key == EXISTING && f.lookup != Lookup::Idle {
        h += 1;
    }
    h
}

fn draw_row(frame: &mut Frame, area: Rect, app: &App, f: &FormState, i: usize) {
    let row = &f.rows[i];
    let focused = i == f.focus;
    let [label_area, value_area] =
        Layout::horizontal([Constraint::Length(LABEL_WIDTH), Constraint::Min(1)]).areas(area);
    draw_label(
        frame,
        Rect::new(label_area.x, label_area.y, label_area.width, 1),
        row,
        focused,
    );
    let input_height = input_height(row);
    let input_area = Rect::new(value_area.x, value_area.y, value_area.width, input_height);
    match &row.input {
        Input::Text { .. } => draw_text(frame, input_area, f, row, focused),
        Input::Toggle(b) => {
            let text = if *b { "[x] yes" } else { "[ ] no" };
            frame.render_widget(
                Paragraph::new(Span::styled(text, choice_style(focused))),
                input_area,
            );
        }
        Input::Choice { value, options } => {
            let shown = options
                .label_of(&app.data, &f.source_id, value)
                .unwrap_or_else(|| match (options, value.is_empty()) {
                    (Options::Gateways, true) => {
                        format!("{} loading gateways…", super::spinner(app))
                    }
                    _ => value.clone(),
                });
            frame.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::styled(format!("{shown} "), choice_style(focused)),
                    Span::styled("▾", theme::dim()),
                ])),
                input_area,
            );
        }
    }
    let mut y = area.y + input_height;
    if row.key == EXISTING && f.lookup != Lookup::Idle {
        frame.render_widget(
            Paragraph::new(lookup_line(app, &f.lookup)),
            Rect::new(value_area.x, y, value_area.width, 1),
        );
        y += 1;
    }
    if let Some(e) = f.errors.get(&row.key) {
        frame.render_widget(
            Paragraph::new(Span::styled(format!("✗ {e}"), theme::error())),
            Rect::new(value_area.x, y, value_area.width, 1),
        );
    }
}

/// The focused toggle or choice is highlighted.
fn choice_style(focused: bool) -> Style {
    if focused {
        theme::selected()
    } else {
        Style::new()
    }
}

/// The label column: the focus marker, the label, `*` if required, `{}` for a JSON untyped field.
fn draw_label(frame: &mut Frame, area: Rect, row: &Row, focused: bool) {
    let marker = if focused { "▸ " } else { "  " };
    let required = if row.required { " *" } else { "" };
    // an untyped property says how its text is sent (Ctrl-T switches)
    let required = match row.json {
        Some(true) => format!("{required} {{}}"),
        _ => required.to_string(),
    };
    let label_style = if focused { theme::key() } else { Style::new() };
    let label: String = format!("{marker}{}{required}", row.label)
        .chars()
        .take(LABEL_WIDTH as usize - 1)
        .collect();
    frame.render_widget(Paragraph::new(Span::styled(label, label_style)), area);
}

/// A text input: editable when focused, else its value (masked, or what an empty one means).
fn draw_text(frame: &mut Frame, area: Rect, f: &FormState, row: &Row, focused: bool) {
    let Input::Text {
        text,
        secret,
        revealed,
        placeholder,
        ..
    } = &row.input
    else {
        return;
    };
    let masked = *secret && !*revealed;
    // an edit's secrets are never sent back: say whether one is stored, so an empty
    // field does not look unset
    let stored = match (*secret, f.is_edit()) {
        (true, true) if f.secrets_stored => Some("•••• set, kept unless you type"),
        (true, true) => Some("not set"),
        _ => None,
    };
    if focused {
        let mut input = super::input::styled_area(text, masked);
        if let Some(s) = stored {
            input.set_placeholder_text(s);
        }
        frame.render_widget(&input, area);
        return;
    }
    let value = text.lines().join(" ⏎ ");
    let line = if let (Some(s), true) = (stored, value.is_empty()) {
        Line::from(Span::styled(s, theme::dim()))
    } else if value.is_empty() {
        Line::from(Span::styled(
            placeholder
                .as_ref()
                .map(|p| format!("not sent (default {p})"))
                .unwrap_or_else(|| "·".into()),
            theme::dim(),
        ))
    } else if masked {
        Line::from("•".repeat(value.chars().count().min(24)))
    } else {
        Line::from(value)
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// The existing-credentials look-up's state, under its row.
fn lookup_line<'a>(app: &App, lookup: &Lookup) -> Line<'a> {
    match lookup {
        Lookup::Searching(name) => Line::from(Span::styled(
            format!("{} looking up {name:?}…", super::spinner(app)),
            theme::key(),
        )),
        Lookup::Found(c) => Line::from(Span::styled(
            format!(
                "found: id {} · qConnCount {} (the tenant's counter, may lag) · {}",
                c.q_id, c.q_conn_count, c.q_type
            ),
            theme::level(crate::app::state::Level::Info),
        )),
        Lookup::Missing(m) => Line::from(Span::styled(m.clone(), theme::error())),
        Lookup::Idle => Line::default(),
    }
}

pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    h
}

/// The request the form would send, as JSON and curl; says its largest scroll.
pub fn draw_preview(frame: &mut Frame, body: Rect, app: &App, scroll: usize) -> usize {
    let key = |ctx, intent| app.keymap.key_label(ctx, intent);
    let text = app.views.preview.as_deref().unwrap_or_default();
    draw_text_popup(
        frame,
        body,
        " Request preview ",
        text,
        scroll,
        &format!(
            " {} copy curl · {} back · {}/{} scroll ",
            key(Context::Preview, Intent::CopyId),
            key(Context::Preview, Intent::Back),
            key(Context::Preview, Intent::Down),
            key(Context::Preview, Intent::Up)
        ),
    )
}

/// "Throw away your edits?"
pub fn draw_confirm_discard(frame: &mut Frame, body: Rect, app: &App) {
    let key = |ctx, intent| app.keymap.key_label(ctx, intent);
    let area = centered(body, 52, 5);
    draw_text_popup(
        frame,
        area,
        " Discard? ",
        &format!(
            "Throw away what you typed in this form?\n[{}] keep editing (default) · [{}] discard",
            key(Context::ConfirmDiscard, Intent::Back),
            key(Context::ConfirmDiscard, Intent::Discard)
        ),
        0,
        "",
    );
}

/// The changes of an edit, before they are sent.
pub fn draw_confirm_edit(frame: &mut Frame, body: Rect, app: &App, layer: &Layer) {
    let Layer::ConfirmEdit { plan } = layer else {
        return;
    };
    let key = |ctx, intent| app.keymap.key_label(ctx, intent);
    let mut text = format!("These changes will be sent ({}):\n", plan.requests());
    for c in &plan.changes {
        text.push_str(&format!("  • {c}\n"));
    }
    for n in &plan.notes {
        text.push_str(&format!("  ! {n}\n"));
    }
    text.push_str(&format!(
        "\n[{}] send · [{}] back to the form",
        key(Context::ConfirmEdit, Intent::SendEdit),
        key(Context::ConfirmEdit, Intent::Back)
    ));
    let h = ((plan.changes.len() + plan.notes.len()) as u16 + 5).min(body.height);
    let area = centered(body, body.width.saturating_sub(4), h);
    draw_text_popup(frame, area, " Save changes? ", &text, 0, "");
}

/// "Send the create again?" once every look for a lost create's name said absent: the risk
/// in plain words, and the keys from the keymap.
pub fn draw_confirm_resend(
    frame: &mut Frame,
    body: Rect,
    app: &App,
    name: &str,
    window: std::time::Duration,
) {
    let key = |intent| app.keymap.key_label(Context::ConfirmResend, intent);
    let text = format!(
        "{name} was not found in {} looks over {} s after the first request's answer was lost.\n\
         The first request may still be running on the tenant; send again? \
         [{}] send again · [{}] send nothing (default)",
        crate::app::lost::LOOKS,
        crate::app::lost::secs(window),
        key(Intent::SendAgain),
        key(Intent::Back)
    );
    let area = centered(body, body.width.saturating_sub(4), 7.min(body.height));
    draw_text_popup(frame, area, " Send the create again? ", &text, 0, "");
}

/// The result of a create or an edit.
pub fn draw_created(frame: &mut Frame, body: Rect, app: &App, layer: &Layer) {
    let Layer::Created {
        connection: c,
        edit,
    } = layer
    else {
        return;
    };
    let key = |ctx, intent| app.keymap.key_label(ctx, intent);
    let title = if *edit {
        " Connection saved "
    } else {
        " Connection created "
    };
    let text = format!(
        "name: {}\nid: {}\nsource: {}\nspace: {}\ncredentials id: {}\nQRI: {}\nqConnectStatement:\n{}",
        c.q_name,
        c.id(),
        c.datasource_id.clone().unwrap_or_default(),
        app.space_name(c.space_id()),
        c.q_credentials_id.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| "(none)".into()),
        c.qri.clone().unwrap_or_else(|| "(none)".into()),
        c.q_connect_statement.clone().unwrap_or_default(),
    );
    let area = centered(body, body.width.saturating_sub(4), 13);
    let keys = format!(
        " {} copy id · {} close ",
        key(Context::Created, Intent::CopyId),
        key(Context::Created, Intent::Back)
    );
    draw_text_popup(frame, area, title, &text, 0, &keys);
}

fn draw_text_popup(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    text: &str,
    scroll: usize,
    keys: &str,
) -> usize {
    frame.render_widget(Clear, area);
    let mut block = Block::bordered()
        .title(Span::styled(title.to_string(), theme::title()))
        .border_style(theme::border(true));
    if !keys.is_empty() {
        block = block
            .title_bottom(Line::from(Span::styled(keys.to_string(), theme::dim())).right_aligned());
    }
    let widths: Vec<usize> = text.lines().map(|l| l.chars().count()).collect();
    let last_page = super::last_page_start(widths.into_iter(), area);
    let lines: Vec<Line> = text
        .lines()
        .skip(scroll.min(last_page))
        .take(usize::from(area.height.saturating_sub(2)))
        .map(|l| Line::from(l.to_string()))
        .collect();
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        area,
    );
    last_page
}

/// One picker for every list: spaces, gateways, choices, sources.
pub fn draw_picker(frame: &mut Frame, body: Rect, p: &Picker, keymap: &Keymap) {
    let width = (body.width * 3 / 4).max(30);
    let area = centered(body, width, body.height.saturating_sub(2).max(6));
    frame.render_widget(Clear, area);
    let block = Block::bordered()
        .title(Span::styled(format!(" {} ", p.title), theme::title()))
        .title_bottom(
            Line::from(Span::styled(
                format!(
                    " {}/{} · type to filter · {} pick · {} close ",
                    p.view.len(),
                    p.items.len(),
                    keymap.key_label(Context::Picker, Intent::Pick),
                    keymap.key_label(Context::Picker, Intent::Back)
                ),
                theme::dim(),
            ))
            .right_aligned(),
        )
        .border_style(theme::border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [filter, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("/", theme::key()),
            Span::raw(p.filter.clone()),
            Span::styled("█", theme::dim()),
        ])),
        filter,
    );
    let h = list.height as usize;
    let lines: Vec<Line> = p
        .shown()
        .skip(p.window_start(h))
        .take(h)
        .map(|(c, selected)| {
            let text = c.label.clone();
            if selected {
                Line::from(Span::styled(format!(" {text}"), theme::selected()))
            } else {
                Line::from(format!(" {text}"))
            }
        })
        .collect();
    let lines = if lines.is_empty() {
        vec![Line::from(Span::styled(
            " nothing matches (or still loading)",
            theme::dim(),
        ))]
    } else {
        lines
    };
    frame.render_widget(Paragraph::new(lines), list);
}
