//! Text written straight into the buffer, cell by cell, as ratatui's widgets would write it:
//! the list's rows and the detail's lines are most of every frame, and a `Table` or a wrapping
//! `Paragraph` segments every grapheme, measures every line twice and re-styles whole areas.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

/// A bordered box: its title at the top left, maybe one at the bottom (aligned as its line
/// says), its border's style. [`Boxed::draw`] draws what `Boxed::block` would, without the
/// block's styling of every cell inside it.
pub(crate) struct Boxed<'a> {
    pub title: Line<'a>,
    pub bottom: Option<Line<'a>>,
    pub border: Style,
}

impl<'a> Boxed<'a> {
    /// The same box as ratatui's `Block` (for what draws it as a widget's block).
    pub fn block(&self) -> Block<'a> {
        let block = Block::bordered()
            .title(self.title.clone())
            .border_style(self.border);
        match &self.bottom {
            Some(b) => block.title_bottom(b.clone()),
            None => block,
        }
    }

    /// Draws the box over `area` and says the area inside its border. The border first, then
    /// the titles over it, each in the top or bottom row less the corners, as `Block` does.
    pub fn draw(&self, buf: &mut Buffer, area: Rect) -> Rect {
        let block = || self.block();
        if area.intersection(buf.area) != area || area.width < 2 || area.height < 2 {
            block().render(area, buf);
            return block().inner(area);
        }
        let (right, bottom) = (area.right() - 1, area.bottom() - 1);
        let mut side = |x, y, symbol| {
            buf[(x, y)].set_symbol(symbol).set_style(self.border);
        };
        for x in area.x + 1..right {
            side(x, area.y, "─");
            side(x, bottom, "─");
        }
        for y in area.y + 1..bottom {
            side(area.x, y, "│");
            side(right, y, "│");
        }
        side(area.x, area.y, "┌");
        side(right, area.y, "┐");
        side(area.x, bottom, "└");
        side(right, bottom, "┘");
        let titles = Rect::new(area.x + 1, area.y, area.width - 2, 1);
        title(buf, titles, &self.title);
        if let Some(b) = &self.bottom {
            title(
                buf,
                Rect {
                    y: bottom,
                    ..titles
                },
                b,
            );
        }
        block().inner(area)
    }
}

/// A title in `row` (a border's row less its corners), where `Block` puts a lone title: from
/// the left, or ending at the right when its line is right-aligned.
fn title(buf: &mut Buffer, row: Rect, line: &Line) {
    if row.is_empty() {
        return;
    }
    let width = u16::try_from(line.width()).unwrap_or(u16::MAX);
    let x = match line.alignment {
        Some(ratatui::layout::Alignment::Right) => row.right().saturating_sub(width).max(row.x),
        Some(ratatui::layout::Alignment::Center) => row.x + row.width.saturating_sub(width) / 2,
        _ => row.x,
    };
    line.render(
        Rect {
            x,
            width: width.min(row.width),
            ..row
        },
        buf,
    );
}

/// Draws `line` as a one-line, left-aligned `Paragraph` over `area` draws it.
pub(crate) fn line(buf: &mut Buffer, area: Rect, line: Line) {
    if area.height > 0 && fits(&line, area.width) {
        put_spans(buf, Rect { height: 1, ..area }, &line.spans);
    } else {
        Paragraph::new(line).render(area, buf);
    }
}

/// A line of plain ASCII, unstyled and unaligned as a whole, no wider than `width`: one row,
/// one cell a byte, whoever draws it.
pub(crate) fn fits(line: &Line, width: u16) -> bool {
    line.style == Style::default()
        && line.alignment.is_none()
        && line.spans.iter().all(|s| is_plain(&s.content))
        && line.spans.iter().map(|s| s.content.len()).sum::<usize>() <= usize::from(width)
}

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
    let cells = buf.content[start..start + n].iter_mut().enumerate();
    // the default style patches nothing: most cells are written in it
    if style == Style::default() {
        cells.for_each(|(k, cell)| _ = cell.set_symbol(&text[k..=k]));
    } else {
        cells.for_each(|(k, cell)| _ = cell.set_symbol(&text[k..=k]).set_style(style));
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

    /// Cell for cell what `Block` draws: titles that fit or are cut, aligned left or right or
    /// centered at the bottom, boxes down to the smallest and partly off the buffer.
    #[test]
    fn a_box_draws_what_its_block_draws() {
        let whole = Rect::new(0, 0, 30, 8);
        let border = Style::new().fg(Color::Blue);
        let bottoms = [
            None,
            Some(Line::from(Span::styled(" ⠋ loaded 300 of 1,200 ", border)).right_aligned()),
            Some(Line::from(" stale ")),
            Some(Line::from("mid").centered()),
        ];
        for bottom in bottoms {
            for title in [
                " Connections 3/3 ",
                "",
                " a title far too long for the box ",
            ] {
                let b = Boxed {
                    title: Line::from(Span::styled(title, Style::new().bold())),
                    bottom: bottom.clone(),
                    border,
                };
                for area in [
                    Rect::new(0, 0, 30, 8),
                    Rect::new(2, 1, 12, 4),
                    Rect::new(1, 1, 2, 2),
                    Rect::new(1, 1, 1, 3),
                    Rect::new(5, 5, 4, 1),
                    Rect::new(20, 4, 20, 9),
                ] {
                    let (mut ours, mut theirs) = (Buffer::empty(whole), Buffer::empty(whole));
                    let inner = b.draw(&mut ours, area);
                    b.block().render(area, &mut theirs);
                    assert_eq!(ours, theirs, "{title:?} {bottom:?} in {area:?}");
                    assert_eq!(inner, b.block().inner(area));
                }
            }
        }
    }

    /// A one-line paragraph (the header's and footer's lines) drawn as the widget drew it.
    #[test]
    fn a_line_draws_what_its_paragraph_draws() {
        let whole = Rect::new(0, 0, 16, 3);
        let dim = Style::new().fg(Color::DarkGray);
        for l in [
            Line::from(vec![Span::styled(" <c>", dim), Span::raw(" create")]),
            Line::from(" a line longer than the area is"),
            Line::from("─ 数据 ─"),
            Line::from(""),
            Line::from("styled line").style(dim),
        ] {
            for area in [
                whole,
                Rect::new(2, 1, 6, 1),
                Rect::new(0, 0, 16, 0),
                Rect::new(12, 2, 9, 1),
            ] {
                let (mut ours, mut theirs) = (Buffer::empty(whole), Buffer::empty(whole));
                line(&mut ours, area, l.clone());
                Paragraph::new(l.clone()).render(area, &mut theirs);
                assert_eq!(ours, theirs, "{l:?} in {area:?}");
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
