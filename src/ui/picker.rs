//! A picker inside a popup, as lines: the filter typed so far, "no … matches", a window of
//! the choices around the chosen one and, when they do not all show, how many there are. The
//! copy popup's profile/space/gateway steps and the duplicate's space list draw it alike.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::app::picker::Picker;

/// How one popup draws its picker.
pub struct PickerLook<'a> {
    /// The label in front of the first line ("space  "), styled.
    pub label: Span<'static>,
    /// What a choice is, for "no space matches" and "12 spaces".
    pub what: &'a str,
    /// The key that deletes a filter character, named in "no … matches".
    pub backspace: &'a str,
    /// After the count of choices (" · ↑/↓ choose"), before " · type to filter".
    pub count_keys: String,
    /// Choices shown at once; the window scrolls to keep the chosen one visible.
    pub rows: usize,
    /// The style of a choice, by whether it is the chosen one.
    pub style: &'a dyn Fn(bool) -> Style,
}

/// Appends the picker's lines to `lines`.
pub fn picker_lines(lines: &mut Vec<Line<'static>>, p: &Picker, look: &PickerLook) {
    let indent = || Span::raw(" ".repeat(7));
    if !p.filter.is_empty() {
        lines.push(Line::from(vec![
            look.label.clone(),
            Span::styled(format!("/{}", super::clean(&p.filter)), super::theme::key()),
        ]));
    }
    if p.view.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("       no {} matches ({})", look.what, look.backspace),
            super::theme::error(),
        )));
    }
    let start = p.window_start(look.rows);
    for (k, (choice, chosen)) in p.shown().enumerate().skip(start).take(look.rows) {
        let head = match k == start && p.filter.is_empty() {
            true => look.label.clone(),
            false => indent(),
        };
        let text = format!(
            "{} {}",
            if chosen { "▸" } else { " " },
            super::clean(&choice.label)
        );
        lines.push(Line::from(vec![
            head,
            Span::styled(text, (look.style)(chosen)),
        ]));
    }
    if p.view.len() > look.rows {
        lines.push(Line::from(Span::styled(
            format!(
                "       {} {}s{} · type to filter",
                p.view.len(),
                look.what,
                look.count_keys
            ),
            super::theme::dim(),
        )));
    }
}
