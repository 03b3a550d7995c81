//! The list of the current pane. Only the visible slice of rows is handed to the table, so a
//! 10k-row list costs what a screenful costs.

use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState, Wrap};
use ratatui::Frame;

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
        draw_empty(frame, area, app, block);
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
    let visible = list.view[offset..end]
        .iter()
        .map(|&i| table_row(list, &list.rows[i], columns, marks, &cell_widths));
    let table = Table::new(visible, widths)
        .header(header(list, columns, marks))
        .block(block)
        .column_spacing(1)
        .row_highlight_style(theme::selected())
        .highlight_symbol(HIGHLIGHT);
    let mut state = TableState::default().with_selected(Some(list.selected - offset));
    frame.render_stateful_widget(table, area, &mut state);
    Some(offset)
}

/// The list's border: its title, and at the bottom the loading progress or a failed refresh.
fn block(app: &App) -> Block<'static> {
    let mut block = Block::bordered()
        .title(Span::styled(title(app), theme::title()))
        .border_style(theme::border(!app.detail_focused()));
    if let Some(p) = progress(app) {
        block = block.title_bottom(Line::from(Span::styled(p, theme::key())).right_aligned());
    } else if let Some(stale) = stale(app) {
        // a failed refresh: the rows are the ones from before, and the border says so
        block = block.title_bottom(Line::from(Span::styled(
            format!(" {} ", super::clean(stale)),
            theme::error(),
        )));
    }
    block
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
fn header(list: &ListState, columns: &[Column], marks: bool) -> Row<'static> {
    let mark_heading = marks.then(|| Cell::from(" "));
    Row::new(
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
                Cell::from(Line::from(vec![
                    number,
                    Span::raw(format!("{}{arrow}", c.title)),
                ]))
            })),
    )
    .style(theme::heading())
}

/// One row: its mark, then each cell fitted to its column.
fn table_row(
    list: &ListState,
    row: &rows::Row,
    columns: &[Column],
    marks: bool,
    cell_widths: &[usize],
) -> Row<'static> {
    let mark = marks.then(|| {
        if list.marked.contains(&row.id) {
            Cell::from(Span::styled("✓", theme::key()))
        } else {
            Cell::from(" ")
        }
    });
    let cells = row
        .cells
        .iter()
        .zip(columns)
        .enumerate()
        .map(|(i, (text, col))| {
            let width = cell_widths.get(i).copied().unwrap_or(usize::MAX);
            Cell::from(rows::fit(text, width, col.ellipsis))
        });
    Row::new(mark.into_iter().chain(cells))
}
