//! The list of the current pane. Only the visible slice of rows is handed to the table, so a
//! 10k-row list costs what a screenful costs.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};
use ratatui::Frame;

use super::paint::{self, Boxed};
use super::theme;
use crate::app::keymap::{Context, Intent};
use crate::app::list::ListState;
use crate::app::picker::window_start;
use crate::app::resource::{self, empty_text, pane_status};
use crate::app::rows::{self, Column};
use crate::app::state::{CredentialsView, Pane, Status};
use crate::app::App;

/// Marks the selected row.
const HIGHLIGHT: &str = "▸ ";

fn title(app: &App) -> String {
    let list = app.current();
    let mut t = format!(" {}", app.pane.title());
    match (app.pane, &app.credentials_view) {
        (Pane::Credentials, CredentialsView::Orphans) => t.push_str(" (orphans)"),
        (Pane::Credentials, CredentialsView::ByName(n)) => t.push_str(&format!(" (name {n})")),
        _ => {}
    }
    if app.pane == Pane::Connections {
        // a space named before the spaces list arrived is shown as asked until it resolves
        match (&app.pending_space, &app.space_scope) {
            (Some(name), _) => t.push_str(&format!(" in {name}…")),
            (None, Some(s)) => t.push_str(&format!(" in {}", s.name)),
            (None, None) => {}
        }
        if let Some(d) = &app.drill {
            t.push_str(&format!(" {}", d.describe()));
        }
    }
    // while connections still come: how many of how many, not a count that looks final
    let stopped = crate::app::selection::connections_walk_stopped(app);
    let partial = (app.pane == Pane::Connections
        && (app.data.connections.status == Status::Loading || stopped))
        .then_some(app.data.connections_total)
        .flatten();
    match partial {
        Some(total) => {
            let total = super::grouped(usize::try_from(total).unwrap_or(0));
            let loaded = super::grouped(list.rows.len());
            let tail = if stopped {
                "(stopped, r reloads)"
            } else {
                "…"
            };
            if list.filter.is_empty() {
                t.push_str(&format!(" {loaded} of {total} {tail} "));
            } else {
                t.push_str(&format!(" {}/{loaded} of {total} {tail} ", list.view.len()));
            }
        }
        None => t.push_str(&format!(" {}/{} ", list.view.len(), list.rows.len())),
    }
    let skipped = match app.pane {
        Pane::Connections => app.data.connections.skipped,
        _ => 0,
    };
    if skipped > 0 {
        t.push_str(&format!("· {skipped} skipped "));
    }
    if !list.marked.is_empty() {
        t.push_str(&format!("· {} marked ", list.marked.len()));
    }
    t
}

/// "loaded 300 of 1,200 … Esc stops" while a paged list is still coming.
fn progress(app: &App) -> Option<String> {
    let uses_connections = app.pane == Pane::Connections
        || (app.pane == Pane::Credentials && app.credentials_view == CredentialsView::Referenced);
    let d = &app.data;
    if uses_connections
        && d.connections.status == Status::Loading
        && !d.connections.items.is_empty()
    {
        let total = d
            .connections_total
            .map(|t| format!(" of {}", super::grouped(usize::try_from(t).unwrap_or(0))))
            .unwrap_or_default();
        return Some(format!(
            " {} loaded {}{total} … {} stops ",
            super::spinner(app),
            super::grouped(d.connections.items.len()),
            app.keymap.key_label(Context::List(app.pane), Intent::Back)
        ));
    }
    None
}

/// "showing the list from 14:02; refresh failed: …" when the list shown is the one from
/// before a failed refresh.
fn stale(app: &App) -> Option<&str> {
    resource::stale(app)
}

/// Rows of a list drawn in `area`: less its border and its heading.
pub fn rows(area: Rect) -> usize {
    usize::from(area.height.saturating_sub(3)).max(1)
}

/// Draws the current pane's list; says the first row shown, when there are rows.
pub fn draw(frame: &mut Frame, area: Rect, app: &App) -> Option<usize> {
    let block = block(app);
    let list = app.current();
    if list.view.is_empty() {
        draw_empty(frame, area, app, block.block());
        return None;
    }

    let columns = resource::columns(app, app.pane);
    // a one-character mark column where rows can be marked for a batch action
    let marks = app.markable();
    let height = rows(area);
    // the app keeps the offset; clamp it here in case the screen is smaller than it assumed
    // (the app takes the offset shown back: `App::drawn`)
    let offset = window_start(list.offset, list.selected, height);
    let end = (offset + height).min(list.view.len());
    // the row inside the borders, after the highlight symbol and the mark column
    let row_width = (area.width as usize)
        .saturating_sub(2 + HIGHLIGHT.chars().count())
        .saturating_sub(if marks { 2 } else { 0 });
    let cell_widths = rows::column_widths(
        columns,
        list.view[offset..end].iter().map(|&i| &list.rows[i]),
        row_width,
    );
    let widths: Vec<Constraint> = marks
        .then_some(Constraint::Length(1))
        .into_iter()
        .chain(cell_widths.iter().map(|&w| Constraint::Length(w as u16)))
        .collect();
    let grid = Grid {
        widths,
        header: header(list, columns, marks),
        rows: list.view[offset..end]
            .iter()
            .map(|&i| table_row(list, &list.rows[i], columns, marks, &cell_widths))
            .collect(),
        selected: list.selected - offset,
    };
    draw_grid(frame.buffer_mut(), area, &block, &grid);
    Some(offset)
}

/// The list's border: its title, and at the bottom the loading progress or a failed refresh.
fn block(app: &App) -> Boxed<'static> {
    let bottom = match (progress(app), stale(app)) {
        (Some(p), _) => Some(Line::from(Span::styled(p, theme::key())).right_aligned()),
        // a failed refresh: the rows are the ones from before, and the border says so
        (None, Some(stale)) => Some(Line::from(Span::styled(
            format!(" {} ", super::clean(stale)),
            theme::error(),
        ))),
        (None, None) => None,
    };
    Boxed {
        title: Line::from(Span::styled(title(app), theme::title())),
        bottom,
        border: theme::border(!app.detail_focused()),
    }
}

/// No row to show: why (failed, loading, filtered out, or nothing there).
fn draw_empty(frame: &mut Frame, area: Rect, app: &App, block: Block) {
    let list = app.current();
    let (text, style) = match pane_status(app, app.pane) {
        Status::Failed(e) => (
            format!("{e}\n\nr to retry · ! for every message"),
            theme::error(),
        ),
        Status::Loading | Status::NotAsked => (
            format!(
                "{} loading {}…",
                super::spinner(app),
                app.pane.title().to_lowercase()
            ),
            theme::key(),
        ),
        Status::Loaded if !list.rows.is_empty() => {
            (format!("nothing matches /{}", list.filter), theme::dim())
        }
        Status::Loaded => (empty_text(app, app.pane), theme::dim()),
    };
    frame.render_widget(
        Paragraph::new(text)
            .style(style)
            .wrap(Wrap { trim: false })
            .block(block),
        area,
    );
}

/// The heading: each column's Alt-digit sort key, its title, and the sort arrow.
fn header(list: &ListState, columns: &[Column], marks: bool) -> Vec<Line<'static>> {
    let mark_heading = marks.then(|| Line::from(" "));
    mark_heading
        .into_iter()
        .chain(columns.iter().enumerate().map(|(i, c)| {
            let arrow = match list.sort {
                Some(s) if s.column == i => {
                    if s.descending {
                        "↓"
                    } else {
                        "↑"
                    }
                }
                _ => "",
            };
            // the column's number is its Alt-digit sort key (Alt-1 … Alt-9)
            let number = if i < 9 {
                Span::styled(format!("{} ", i + 1), theme::dim())
            } else {
                Span::raw("")
            };
            Line::from(vec![number, Span::raw(format!("{}{arrow}", c.title))])
        }))
        .collect()
}

/// What the list's table shows: the columns' widths, the heading's cells, the visible rows'
/// cells (one span each) and which of them is selected.
struct Grid<'a> {
    widths: Vec<Constraint>,
    header: Vec<Line<'a>>,
    rows: Vec<Vec<Span<'a>>>,
    selected: usize,
}

/// Draws `grid` in `block` over `area` cell by cell, as ratatui's `Table` (column spacing 1,
/// the highlight symbol before the selected row, the selected row in `theme::selected()`)
/// would draw it, without its per-cell `Text` and its re-styling of every row's area; the
/// test below holds it to the `Table`.
fn draw_grid(buf: &mut Buffer, area: Rect, block: &Boxed, grid: &Grid) {
    let inner = block.draw(buf, area);
    if inner.is_empty() {
        return;
    }
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    // the columns as the table lays them out: after the highlight symbol, one space apart
    let mark = Line::from(HIGHLIGHT);
    let marked = u16::try_from(mark.width()).unwrap_or(u16::MAX);
    let [_, columns] = Layout::horizontal([Constraint::Length(marked), Constraint::Fill(0)])
        .areas(Rect::new(0, 0, inner.width, 1));
    let columns = Layout::horizontal(grid.widths.iter().copied())
        .flex(Flex::Start)
        .spacing(1)
        .split(columns);
    let cell = |c: &Rect, y| Rect::new(inner.x + c.x, y, c.width, 1);
    buf.set_style(head, theme::heading());
    for (c, line) in columns.iter().zip(&grid.header) {
        line.render(cell(c, head.y), buf);
    }
    let shown = usize::from(body.height);
    if grid.rows.is_empty() || shown == 0 {
        return;
    }
    let selected = grid.selected.min(grid.rows.len() - 1);
    // the table scrolls so that the selected row shows (the app already did: it stays 0)
    let first = (selected + 1).saturating_sub(shown);
    for (k, row) in grid.rows.iter().enumerate().skip(first).take(shown) {
        let y = body.y + (k - first) as u16;
        if k == selected {
            (&mark).render(Rect::new(body.x, y, marked, 1), buf);
        }
        for (c, span) in columns.iter().zip(row) {
            paint::put(buf, cell(c, y), &span.content, span.style);
        }
    }
    let y = body.y + (selected - first) as u16;
    buf.set_style(Rect::new(body.x, y, body.width, 1), theme::selected());
}

/// One row: its mark, then each cell fitted to its column.
fn table_row<'a>(
    list: &ListState,
    row: &'a rows::Row,
    columns: &[Column],
    marks: bool,
    cell_widths: &[usize],
) -> Vec<Span<'a>> {
    let mark = marks.then(|| {
        if list.marked.contains(&row.id) {
            Span::styled("✓", theme::key())
        } else {
            Span::raw(" ")
        }
    });
    let cells = row
        .cells
        .iter()
        .zip(columns)
        .enumerate()
        .map(|(i, (text, col))| {
            let width = cell_widths.get(i).copied().unwrap_or(usize::MAX);
            // plain text that fits is what `fit` would return: borrowed, not copied
            match paint::is_plain(text) && text.len() <= width {
                true => Span::raw(text),
                false => Span::raw(rows::fit(text, width, col.ellipsis)),
            }
        });
    mark.into_iter().chain(cells).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::widgets::{Cell, Row, Table, TableState};

    /// The list as ratatui's `Table` drew it before `draw_grid` (the reference).
    fn table(buf: &mut Buffer, area: Rect, block: Block, grid: &Grid) {
        let rows = grid.rows.iter().map(|r| {
            Row::new(r.iter().map(|s| match s.style == Default::default() {
                true => Cell::from(s.content.to_string()),
                false => Cell::from(s.clone()),
            }))
        });
        let table = Table::new(rows, grid.widths.clone())
            .header(Row::new(grid.header.iter().cloned().map(Cell::from)).style(theme::heading()))
            .block(block)
            .column_spacing(1)
            .row_highlight_style(theme::selected())
            .highlight_symbol(HIGHLIGHT);
        let mut state = TableState::default().with_selected(Some(grid.selected));
        ratatui::widgets::StatefulWidget::render(table, area, buf, &mut state);
    }

    fn grid(rows: usize, selected: usize, widths: &[u16], marks: bool) -> Grid<'static> {
        let texts = [
            "sales-postgres",
            "数据 wide",
            "e\u{301}combining",
            "",
            "a very long name that is cut",
        ];
        let widths = marks.then_some(1).into_iter().chain(widths.iter().copied());
        let columns = widths.clone().count() - usize::from(marks);
        let mark = |r: usize| match r % 3 {
            0 => Span::styled("✓", theme::key()),
            _ => Span::raw(" "),
        };
        Grid {
            widths: widths.map(Constraint::Length).collect(),
            header: marks
                .then(|| Line::from(" "))
                .into_iter()
                .chain((0..columns).map(|i| {
                    Line::from(vec![
                        Span::styled(format!("{} ", i + 1), theme::dim()),
                        Span::raw("NAME↑"),
                    ])
                }))
                .collect(),
            rows: (0..rows)
                .map(|r| {
                    let cells = (0..columns).map(|c| Span::raw(texts[(r + c) % texts.len()]));
                    marks.then(|| mark(r)).into_iter().chain(cells).collect()
                })
                .collect(),
            selected,
        }
    }

    /// Cell for cell, symbols and styles, what the `Table` drew: widths that fit and widths the
    /// layout squeezes, marks or none, the selection anywhere, boxes too small for a row.
    #[test]
    fn the_grid_draws_what_the_table_drew() {
        let block = Boxed {
            title: Line::from(Span::styled(" Connections 3/3 ", theme::title())),
            bottom: Some(Line::from(" ⠋ loaded 3 of 30 ").right_aligned()),
            border: theme::border(true),
        };
        for (w, h) in [(60, 12), (60, 5), (30, 4), (30, 3), (12, 2), (4, 6), (1, 1)] {
            for widths in [&[14, 10, 8][..], &[30, 30, 30], &[0, 5, 2]] {
                for (rows, selected) in [(1, 0), (8, 0), (8, 7), (20, 3), (20, 19)] {
                    for marks in [false, true] {
                        let area = Rect::new(1, 1, w, h);
                        let whole = Rect::new(0, 0, w + 2, h + 2);
                        let (mut ours, mut theirs) = (Buffer::empty(whole), Buffer::empty(whole));
                        let g = grid(rows, selected, widths, marks);
                        draw_grid(&mut ours, area, &block, &g);
                        table(&mut theirs, area, block.block(), &g);
                        assert_eq!(
                            ours, theirs,
                            "{w}x{h} {widths:?} {rows} rows, {selected}, {marks}"
                        );
                    }
                }
            }
        }
    }
}
