//! The small prompt of duplicate and rename: a name (typed in place) and, for a duplicate, a
//! picker of space names. The tenant's answer to a failed attempt is shown inside it.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;
use ratatui::Frame;

use super::confirm::wrap;
use super::picker::PickerLook;
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

/// A field's label, bright while it has the focus.
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
    let key = |intent| app.keymap.key_label(Context::NameDialog, intent);
    let backspace = key(Intent::Input(TextEdit::DeleteBack));
    let style = |chosen| match (chosen, focused) {
        (true, true) => theme::selected(),
        (true, false) => theme::key(),
        _ => theme::dim(),
    };
    let look = PickerLook {
        label: label(what, focused),
        what,
        backspace: &backspace,
        count_keys: format!(" · {}/{} choose", key(Intent::Up), key(Intent::Down)),
        rows: PICKER_ROWS,
        style: &style,
    };
    super::picker::picker_lines(lines, p, &look);
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App, d: &NameDialog) {
    let width = body.width.saturating_sub(4).clamp(24, 72);
    let text_width = width.saturating_sub(4) as usize;
    let mut lines = vec![Line::from(""), from_line(d, text_width)];
    if !matches!(d.purpose, NamePurpose::Move(_)) {
        lines.push(name_line(d, text_width));
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

/// What the dialog acts on: the connection copied, the credential renamed, the ones moved.
fn from_line(d: &NameDialog, text_width: usize) -> Line<'static> {
    let (what, names) = match &d.purpose {
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
    let names: String = super::clean(&names)
        .chars()
        .take(text_width.saturating_sub(8))
        .collect();
    Line::from(vec![label(what, false), Span::raw(names)])
}

/// The name typed, with its cursor while focused; the end of a long name stays visible.
fn name_line(d: &NameDialog, text_width: usize) -> Line<'static> {
    let focused = d.focus == NameField::Name;
    let room = text_width.saturating_sub(8);
    let mut line = vec![label("name", focused)];
    if focused {
        let mark = Span::styled("█", theme::dim());
        line.extend(super::input::with_cursor(
            d.name.text(),
            d.name.cursor(),
            room,
            mark,
        ));
    } else {
        let n = d.name.text().chars().count();
        line.push(Span::raw(
            d.name
                .text()
                .chars()
                .skip(n.saturating_sub(room))
                .collect::<String>(),
        ));
    }
    Line::from(line)
}
