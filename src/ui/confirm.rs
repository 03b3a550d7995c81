//! The one confirmation popup for every destructive action: the question, the names concerned
//! (scrollable), what the user should know, and the answer that is taken by default: keep.

use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;
use ratatui::Frame;

use super::theme;
use crate::app::keymap::{Context, Intent};
use crate::app::manage::Confirm;
use crate::app::App;

/// Greedy word wrap to `width` columns (long words are cut), so the popup knows its height.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_string();
        while word.chars().count() > width {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let head: String = word.chars().take(width).collect();
            word = word.chars().skip(width).collect();
            lines.push(head);
        }
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Draws the delete confirm; says the largest scroll of its names.
pub fn draw(frame: &mut Frame, body: Rect, app: &App, c: &Confirm) -> usize {
    let width = body.width.saturating_sub(4).clamp(20, 72);
    let text_width = width.saturating_sub(4) as usize;
    let mut head: Vec<Line> = vec![Line::from("")];
    head.extend(
        wrap(&c.question, text_width)
            .into_iter()
            .map(|l| Line::from(Span::styled(l, theme::title().add_modifier(Modifier::BOLD)))),
    );
    let tail = notes_and_answers(app, c, text_width);
    // the names take what room is left; the rest scrolls
    // (two more lines of margin keep the list's frame and title visible around the popup)
    let fixed = head.len() + tail.len() + 4 + usize::from(!c.items.is_empty());
    let room = (body.height as usize).saturating_sub(fixed).max(1);
    let (middle, last_page) = name_lines(app, c, room, text_width);
    let lines: Vec<Line> = head.into_iter().chain(middle).chain(tail).collect();
    let height = lines.len() as u16 + 2;
    let area = super::centered_box(body, width, height);
    let block = Block::bordered()
        .title(Span::styled(c.title.clone(), theme::error()))
        .title_bottom(keys_hint(app))
        .border_style(theme::error());
    super::draw_dialog(frame, area, block, lines);
    last_page
}

/// What the user should know (warnings marked), then the two answers, keep first.
fn notes_and_answers(app: &App, c: &Confirm, text_width: usize) -> Vec<Line<'static>> {
    let mut tail: Vec<Line> = Vec::new();
    for note in &c.notes {
        tail.push(Line::from(""));
        let style = if note.warning {
            theme::error()
        } else {
            theme::dim()
        };
        let prefix = if note.warning { "! " } else { "" };
        tail.extend(
            wrap(&format!("{prefix}{}", note.text), text_width)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, style))),
        );
    }
    tail.push(Line::from(""));
    let keys = &app.keymap;
    let (no, yes) = (Intent::ConfirmNo, Intent::ConfirmYes);
    tail.push(Line::from(vec![
        Span::styled(
            format!(" No, keep ({}) ", keys.key_label(Context::Confirm, no)),
            theme::selected(),
        ),
        Span::raw("   "),
        Span::styled(
            format!(" Yes, delete ({}) ", keys.key_label(Context::Confirm, yes)),
            theme::error(),
        ),
    ]));
    tail
}

/// The names concerned in `room` lines, scrolled, with a line saying how many more; the
/// largest scroll.
fn name_lines(
    app: &App,
    c: &Confirm,
    room: usize,
    text_width: usize,
) -> (Vec<Line<'static>>, usize) {
    let mut middle: Vec<Line> = Vec::new();
    if c.items.is_empty() {
        return (middle, 0);
    }
    middle.push(Line::from(""));
    let needs_more_line = c.items.len() > room;
    let shown = if needs_more_line {
        room.saturating_sub(1).max(1)
    } else {
        c.items.len()
    };
    let last_page = c.items.len().saturating_sub(shown);
    let start = c.scroll.min(last_page);
    for item in c.items.iter().skip(start).take(shown) {
        let name: String = item.chars().take(text_width.saturating_sub(2)).collect();
        middle.push(Line::from(format!("• {name}")));
    }
    let below = c.items.len().saturating_sub(start + shown);
    if needs_more_line {
        let text = format!(
            "  {} of {} shown, {below} more below · {}/{} scroll",
            shown,
            c.items.len(),
            app.keymap.key_label(Context::Confirm, Intent::Down),
            app.keymap.key_label(Context::Confirm, Intent::Up),
        );
        middle.push(Line::from(Span::styled(text, theme::dim())));
    }
    (middle, last_page)
}

/// The border's keys as bound: keep, delete.
fn keys_hint(app: &App) -> Line<'static> {
    let keys = &app.keymap;
    Line::from(Span::styled(
        format!(
            " {} keep · {} delete ",
            keys.label(Context::Confirm, Intent::ConfirmNo),
            keys.label(Context::Confirm, Intent::ConfirmYes)
        ),
        theme::dim(),
    ))
    .right_aligned()
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_breaks_at_words_and_cuts_long_ones() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 5), vec![""]);
    }
}
