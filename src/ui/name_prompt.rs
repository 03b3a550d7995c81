//! The small prompt of duplicate and rename: a name (typed in place) and, for a duplicate, a
//! picker of space names. The tenant's answer to a failed attempt is shown inside it.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;
use ratatui::Frame;

use super::confirm::wrap;
use super::theme;
use crate::app::keymap::{Context, Intent};
use crate::app::manage::{NameDialog, NameField, NamePurpose};
use crate::app::picker::Picker;
use crate::app::text_input::TextEdit;
use crate::app::App;

/// Space names shown at once; the picker scrolls to keep the choice visible.
const PICKER_ROWS: usize = 5;

/// The dialog's keys as bound; the space keys only when there is a space to choose.
fn keys_hint(app: &App, with_space: bool, with_owner: bool) -> String {
    let key = |intent| app.keymap.key_label(Context::NameDialog, intent);
    if with_space {
        format!(
            " {} send · {} field · {}/{} {} · {} cancel ",
            key(Intent::DialogSubmit),
            key(Intent::DialogSwitchField),
            key(Intent::Up),
            key(Intent::Down),
            if with_owner { "choose" } else { "space" },
            key(Intent::DialogCancel)
        )
    } else {
        format!(
            " {} send · {} cancel ",
            key(Intent::DialogSubmit),
            key(Intent::DialogCancel)
        )
    }
}

fn label(text: &'static str, focused: bool) -> Span<'static> {
    Span::styled(
        format!("{text:<6} "),
        if focused { theme::key() } else { theme::dim() },
    )
}

/// A list of the dialog (spaces, owners): its filter, a window of its choices, how many.
fn picker_lines(
    lines: &mut Vec<Line<'static>>,
    app: &App,
    what: &'static str,
    p: &Picker,
    focused: bool,
) {
    let start = p.window_start(PICKER_ROWS);
    if !p.filter.is_empty() {
        lines.push(Line::from(vec![
            label(what, focused),
            Span::styled(format!("/{}", super::clean(&p.filter)), theme::key()),
        ]));
    }
    if p.view.is_empty() {
        let backspace = app
            .keymap
            .key_label(Context::NameDialog, Intent::Input(TextEdit::DeleteBack));
        lines.push(Line::from(Span::styled(
            format!("       no {what} matches ({backspace})"),
            theme::error(),
        )));
    }
    for (k, (choice, chosen)) in p.shown().enumerate().skip(start).take(PICKER_ROWS) {
        let head = if k == start && p.filter.is_empty() {
            label(what, focused)
        } else {
            Span::raw(" ".repeat(7))
        };
        let text = format!(
            "{} {}",
            if chosen { "▸" } else { " " },
            super::clean(&choice.label)
        );
        let style = match (chosen, focused) {
            (true, true) => theme::selected(),
            (true, false) => theme::key(),
            _ => theme::dim(),
        };
        lines.push(Line::from(vec![head, Span::styled(text, style)]));
    }
    if p.view.len() > PICKER_ROWS {
        lines.push(Line::from(Span::styled(
            format!(
                "       {} {what}s · {}/{} choose · type to filter",
                p.view.len(),
                app.keymap.key_label(Context::NameDialog, Intent::Up),
                app.keymap.key_label(Context::NameDialog, Intent::Down)
            ),
            theme::dim(),
        )));
    }
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App, d: &NameDialog) {
    let width = body.width.saturating_sub(4).clamp(24, 72);
    let text_width = width.saturating_sub(4) as usize;
    let mut lines = vec![Line::from("")];
    let from = match &d.purpose {
        NamePurpose::Duplicate(t) => ("from", t.name.clone()),
        NamePurpose::RenameCredential(t) => ("was", t.name.clone()),
        NamePurpose::Move(ts) => (
            "move",
            ts.iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        ),
    };
    let from_text: String = super::clean(&from.1)
        .chars()
        .take(text_width.saturating_sub(8))
        .collect();
    lines.push(Line::from(vec![label(from.0, false), Span::raw(from_text)]));
    let moving = matches!(d.purpose, NamePurpose::Move(_));
    let name_focused = d.focus == NameField::Name;
    // the end of a long name stays visible while typing
    let room = text_width.saturating_sub(8);
    let mut name_line = vec![label("name", name_focused)];
    if name_focused {
        let mark = Span::styled("█", theme::dim());
        name_line.extend(super::input::with_cursor(
            d.name.text(),
            d.name.cursor(),
            room,
            mark,
        ));
    } else {
        let n = d.name.text().chars().count();
        name_line.push(Span::raw(
            d.name
                .text()
                .chars()
                .skip(n.saturating_sub(room))
                .collect::<String>(),
        ));
    }
    if !moving {
        lines.push(Line::from(name_line));
    }
    if let Some(p) = &d.space {
        picker_lines(&mut lines, app, "space", p, d.focus == NameField::Space);
    }
    if let Some(p) = &d.owner {
        picker_lines(&mut lines, app, "owner", p, d.focus == NameField::Owner);
    }
    if let Some(e) = &d.error {
        lines.push(Line::from(""));
        lines.extend(
            wrap(e, text_width)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, theme::error()))),
        );
    }
    if d.sending {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            format!("{} sending…", super::spinner(app)),
            theme::key(),
        )));
    }
    lines.push(Line::from(""));
    let height = lines.len() as u16 + 2;
    let area = super::centered_box(body, width, height);
    let keys = keys_hint(app, d.space.is_some(), d.owner.is_some());
    let block = Block::bordered()
        .title(Span::styled(d.title.clone(), theme::title()))
        .title_bottom(Line::from(Span::styled(keys, theme::dim())).right_aligned())
        .border_style(theme::border(true));
    super::draw_dialog(frame, area, block, lines);
}
