//! Text written straight into the buffer, cell by cell, as ratatui's widgets would write it:
//! the list's rows and the detail's lines are most of every frame, and a `Table` or a wrapping
//! `Paragraph` segments every grapheme, measures every line twice and re-styles whole areas.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// `true` for text of printable ASCII only: one char is one grapheme is one cell.
pub(crate) fn is_plain(text: &str) -> bool {
    text.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// Draws `text` in `style` on the first row of `area`, cut at its right edge: exactly what
/// `Line::from(Span::styled(text, style))` rendered there draws (a table cell, a line of a
/// paragraph that fits), without the grapheme walk for printable ASCII.
pub(crate) fn put(buf: &mut Buffer, area: Rect, text: &str, style: Style) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    if !is_plain(text) {
        Line::from(Span::styled(text, style)).render(area, buf);
        return;
    }
    let start = buf.index_of(area.x, area.y);
    let n = text.len().min(usize::from(area.width));
    for (k, cell) in buf.content[start..start + n].iter_mut().enumerate() {
        cell.set_symbol(&text[k..=k]).set_style(style);
    }
}

/// Draws `spans` one after another from the left of `area`'s first row, as `put` draws one.
pub(crate) fn put_spans(buf: &mut Buffer, area: Rect, spans: &[Span<'_>]) {
    if !spans.iter().all(|s| is_plain(&s.content)) {
        Line::from(spans.to_vec()).render(area, buf);
        return;
    }
    let mut area = area;
    for span in spans {
        put(buf, area, &span.content, span.style);
        let w = u16::try_from(span.content.len()).unwrap_or(u16::MAX);
        area = Rect {
            x: area.x.saturating_add(w),
            width: area.width.saturating_sub(w),
            ..area
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Modifier};

    fn both(text: &str, area: Rect, style: Style) -> (Buffer, Buffer) {
        let whole = Rect::new(0, 0, 12, 3);
        let (mut ours, mut theirs) = (Buffer::empty(whole), Buffer::empty(whole));
        put(&mut ours, area, text, style);
        Line::from(Span::styled(text, style)).render(area, &mut theirs);
        (ours, theirs)
    }

    /// Every cell (symbol and style) as ratatui's own `Line` draws it: plain, cut, empty,
    /// wide and combining text, areas partly or wholly off the buffer.
    #[test]
    fn put_draws_what_a_line_draws() {
        let style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
        for text in [
            "",
            " ",
            "abc",
            "a much longer text than fits",
            "数据 ok",
            "e\u{301}x",
            "…a",
        ] {
            for area in [
                Rect::new(0, 0, 12, 1),
                Rect::new(3, 1, 4, 1),
                Rect::new(10, 2, 8, 1),
                Rect::new(2, 0, 0, 1),
                Rect::new(20, 0, 5, 1),
            ] {
                for style in [Style::default(), style] {
                    let (ours, theirs) = both(text, area, style);
                    assert_eq!(ours, theirs, "{text:?} in {area:?}");
                }
            }
        }
    }

    #[test]
    fn put_spans_draws_what_a_line_of_spans_draws() {
        let whole = Rect::new(0, 0, 12, 1);
        for spans in [
            vec![
                Span::styled("key: ", Style::new().fg(Color::Gray)),
                Span::raw("value"),
            ],
            vec![Span::raw("a long first span"), Span::raw("x")],
            vec![
                Span::raw("ab"),
                Span::styled("数据", Style::new().bg(Color::Red)),
            ],
        ] {
            let (mut ours, mut theirs) = (Buffer::empty(whole), Buffer::empty(whole));
            put_spans(&mut ours, whole, &spans);
            Line::from(spans.clone()).render(whole, &mut theirs);
            assert_eq!(ours, theirs, "{spans:?}");
        }
    }
}
