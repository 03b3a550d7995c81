//! The detail of the selected row, from `app::selection::detail_lines`.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

use super::{clean, theme};
use crate::app::selection::{detail_lines, DetailLine};
use crate::app::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    // a scroll from a larger terminal still ends with the last page full
    let scroll = app
        .detail_scroll
        .min(crate::app::viewport::detail_last_page(app));
    let lines: Vec<Line> = detail_lines(app)
        .into_iter()
        .skip(scroll)
        .map(|l| match l {
            DetailLine::Heading(h) => Line::from(Span::styled(clean(&h), theme::heading())),
            DetailLine::Field(k, v) => Line::from(vec![
                Span::styled(format!("{}: ", clean(&k)), theme::dim()),
                Span::raw(clean(&v)),
            ]),
            DetailLine::Text(t) => Line::from(clean(&t)),
            DetailLine::Note(n) => Line::from(Span::styled(
                format!("{} {n}", super::spinner(app)),
                theme::key(),
            )),
            DetailLine::Error(e) => Line::from(Span::styled(clean(&e), theme::error())),
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
}
