//! The detail of the selected row, from the lines `app::present` built
//! (`app::resource::detail_lines`).

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

use super::{clean, theme};
use crate::app::selection::DetailLine;
use crate::app::App;

/// Draws the detail in `area`; says its largest scroll there.
pub fn draw(frame: &mut Frame, area: Rect, app: &App) -> usize {
    let all = &app.views.detail;
    let last_page = super::last_page_start(all.iter().map(width), area);
    // a scroll from a larger terminal still ends with the last page full
    let scroll = app.detail_scroll.min(last_page);
    // each line takes a row at least: no more than the box's rows are styled
    let rows = usize::from(area.height.saturating_sub(2));
    let lines: Vec<Line> = all
        .iter()
        .skip(scroll)
        .take(rows)
        .map(|l| match l {
            DetailLine::Heading(h) => Line::from(Span::styled(clean(h), theme::heading())),
            DetailLine::Field(k, v) => Line::from(vec![
                Span::styled(format!("{}: ", clean(k)), theme::dim()),
                Span::raw(clean(v)),
            ]),
            DetailLine::Text(t) => Line::from(clean(t)),
            DetailLine::Note(n) => Line::from(Span::styled(
                format!("{} {n}", super::spinner(app)),
                theme::key(),
            )),
            DetailLine::Error(e) => Line::from(Span::styled(clean(e), theme::error())),
        })
        .collect();
    let block = Block::bordered()
        .title(Span::styled(" Detail ", theme::title()))
        .border_style(theme::border(app.detail_focused()));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        area,
    );
    last_page
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
