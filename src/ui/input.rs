//! How a [`TextInput`] is drawn: its text in a window of the room there is, with the cursor.
//! At the end of the text the cursor is `mark` (as before there was a cursor to move); inside
//! the text the character under it is shown reversed.

use ratatui::style::{Modifier, Style};
use ratatui_textarea::{CursorMove, TextArea};

use crate::app::text_input::TextInput;
use ratatui::text::Span;

/// The spans of `shown` (the input's text, or its mask: one character per character) with the
/// cursor at character `cursor`, in at most `room` columns. A long text keeps the cursor in
/// view: its end while typing at the end, else from the cursor on.
pub fn with_cursor(
    shown: &str,
    cursor: usize,
    room: usize,
    mark: Span<'static>,
) -> Vec<Span<'static>> {
    let chars: Vec<char> = shown.chars().collect();
    let n = chars.len();
    let cursor = cursor.min(n);
    let start = n.saturating_sub(room).min(cursor);
    let end = (start + room).min(n);
    let before: String = chars[start..cursor].iter().collect();
    if cursor >= n {
        return vec![Span::raw(before), mark];
    }
    let at = chars[cursor].to_string();
    let after: String = chars[cursor + 1..end.max(cursor + 1)].iter().collect();
    vec![
        Span::raw(before),
        Span::styled(at, Style::default().reversed()),
        Span::raw(after),
    ]
}

/// A text input styled for drawing: its lines and cursor in a new textarea (the app's input
/// stays unstyled, and its undo history is not copied on every frame), underlined, the cursor
/// reversed, masked for a secret.
pub fn styled_area(input: &TextInput, masked: bool) -> TextArea<'static> {
    let mut area = TextArea::new(input.lines().to_vec());
    let (row, col) = input.position();
    area.move_cursor(CursorMove::Jump(
        u16::try_from(row).unwrap_or(u16::MAX),
        u16::try_from(col).unwrap_or(u16::MAX),
    ));
    area.set_cursor_line_style(Style::new());
    area.set_style(Style::new().add_modifier(Modifier::UNDERLINED));
    area.set_cursor_style(Style::new().add_modifier(Modifier::REVERSED));
    if masked {
        area.set_mask_char('•');
    }
    area
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(spans: &[Span]) -> Vec<String> {
        spans.iter().map(|s| s.content.to_string()).collect()
    }

    #[test]
    fn the_cursor_is_drawn_where_it_is() {
        let mark = || Span::raw("█");
        assert_eq!(text(&with_cursor("abc", 3, 80, mark())), ["abc", "█"]);
        assert_eq!(text(&with_cursor("abc", 0, 80, mark())), ["", "a", "bc"]);
        // a long text at the end shows its end; with the cursor inside, from the cursor on
        assert_eq!(text(&with_cursor("abcdef", 6, 3, mark())), ["def", "█"]);
        assert_eq!(text(&with_cursor("abcdef", 1, 3, mark())), ["", "b", "cd"]);
    }
}
