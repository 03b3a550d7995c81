//! The detail of the selected row, from the lines `app::present` built
//! (`app::resource::detail_lines`).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use ratatui::Frame;

use super::{paint, theme};
use crate::app::selection::DetailLine;
use crate::app::App;
use crate::text::sanitize;

/// Draws the detail in `area`; says its largest scroll there.
pub fn draw(frame: &mut Frame, area: Rect, app: &App) -> usize {
    let all = &app.views.detail;
    let last_page = super::last_page_start(all.iter().map(width), area);
    // a scroll from a larger terminal still ends with the last page full
    let scroll = app.detail_scroll.min(last_page);
    // each line takes a row at least: no more than the box's rows are styled
    let rows = usize::from(area.height.saturating_sub(2));
    let lines = all.iter().skip(scroll).take(rows).map(|l| match l {
        DetailLine::Heading(h) => Line::from(Span::styled(sanitize(h), theme::heading())),
        DetailLine::Field(k, v) => Line::from(vec![
            Span::styled(format!("{}: ", sanitize(k)), theme::dim()),
            Span::raw(sanitize(v)),
        ]),
        DetailLine::Text(t) => Line::from(sanitize(t)),
        DetailLine::Note(n) => Line::from(Span::styled(
            format!("{} {n}", super::spinner(app)),
            theme::key(),
        )),
        DetailLine::Error(e) => Line::from(Span::styled(sanitize(e), theme::error())),
    });
    let boxed = paint::Boxed {
        title: Line::from(Span::styled(" Detail ", theme::title())),
        bottom: None,
        border: theme::border(app.detail_focused()),
    };
    draw_lines(frame.buffer_mut(), area, &boxed, lines);
    last_page
}

/// Draws `lines` in `boxed` over `area` as a wrapping `Paragraph` would: a line of plain ASCII
/// that fits in a row is written straight into it; any other (one that wraps, or holds text
/// whose graphemes the paragraph measures its own way) is a paragraph of its own, in the rows
/// it takes (the paragraph wraps each line apart from the others). The test below holds it to
/// the `Paragraph` of all the lines.
fn draw_lines<'a>(
    buf: &mut Buffer,
    area: Rect,
    boxed: &paint::Boxed,
    lines: impl Iterator<Item = Line<'a>>,
) {
    let inner = boxed.draw(buf, area);
    let mut y = inner.y;
    for line in lines {
        if y >= inner.bottom() {
            break;
        }
        if paint::fits(&line, inner.width) {
            paint::put_spans(
                buf,
                Rect {
                    y,
                    height: 1,
                    ..inner
                },
                &line.spans,
            );
            y += 1;
            continue;
        }
        let wrapped = Paragraph::new(line).wrap(Wrap { trim: false });
        let rows = u16::try_from(wrapped.line_count(inner.width)).unwrap_or(u16::MAX);
        let height = rows.min(inner.bottom() - y);
        wrapped.render(Rect { y, height, ..inner }, buf);
        y = y.saturating_add(rows);
    }
}

/// The width of a detail line as drawn above (before wrapping).
fn width(line: &DetailLine) -> usize {
    match line {
        DetailLine::Heading(t) | DetailLine::Text(t) | DetailLine::Error(t) => t.chars().count(),
        DetailLine::Field(k, v) => k.chars().count() + 2 + v.chars().count(),
        // the spinner and a space come first
        DetailLine::Note(n) => 2 + n.chars().count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cell for cell, symbols and styles, what the wrapping `Paragraph` drew: lines that fit,
    /// fill a row exactly, wrap, carry spaces at either end, are empty, wide or combining, and
    /// more lines than rows.
    #[test]
    fn the_lines_draw_what_the_paragraph_drew() {
        let texts = [
            "name: sales-postgres",
            "",
            "  indented  ",
            "exactly twenty chars",
            "a line long enough to wrap over two rows of the box",
            "averyveryverylongwordthatcannotbreakanywhere",
            "数据 wide",
            "e\u{301} combining",
            "trailing ",
        ];
        let line = |i: usize| match i % 3 {
            0 => Line::from(vec![
                Span::styled("key: ", theme::dim()),
                Span::raw(texts[i % texts.len()]),
            ]),
            1 => Line::from(Span::styled(texts[i % texts.len()], theme::heading())),
            _ => Line::from(texts[i % texts.len()]),
        };
        for (w, h) in [(22, 12), (22, 5), (40, 30), (8, 6), (3, 3), (2, 2)] {
            for n in [0, 1, 3, 9, 27] {
                for first in 0..texts.len() {
                    let lines = || (first..first + n).map(line);
                    let boxed = paint::Boxed {
                        title: Line::from(" Detail "),
                        bottom: None,
                        border: theme::border(true),
                    };
                    let area = Rect::new(1, 1, w, h);
                    let whole = Rect::new(0, 0, w + 2, h + 2);
                    let (mut ours, mut theirs) = (Buffer::empty(whole), Buffer::empty(whole));
                    draw_lines(&mut ours, area, &boxed, lines());
                    Paragraph::new(lines().collect::<Vec<_>>())
                        .wrap(Wrap { trim: false })
                        .block(boxed.block())
                        .render(area, &mut theirs);
                    assert_eq!(ours, theirs, "{w}x{h}, {n} lines from {first}");
                }
            }
        }
    }
}
