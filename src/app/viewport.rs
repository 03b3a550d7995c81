//! Where the scrollable views sit on screen, computed from the terminal size with the same
//! layout the ui draws with, so `update` can stop a scroll where the last page fills the view
//! instead of scrolling until only the last line is left.

use ratatui::layout::{Constraint, Flex, Layout, Rect};

use super::selection::DetailLine;
use super::state::App;

/// The area between the header and the footer.
pub fn body(width: u16, height: u16) -> Rect {
    let [_, body, _] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(3),
        Constraint::Length(2),
    ])
    .areas(Rect::new(0, 0, width, height));
    body
}

/// The popup of help, raw JSON and messages: 90 % of the body, centred.
pub fn overlay(body: Rect) -> Rect {
    let [v] = Layout::vertical([Constraint::Percentage(90)])
        .flex(Flex::Center)
        .areas(body);
    let [h] = Layout::horizontal([Constraint::Percentage(90)])
        .flex(Flex::Center)
        .areas(v);
    h
}

/// The detail pane: beside the list on wide terminals, in its place otherwise.
pub fn detail(app: &App) -> Rect {
    let body = body(app.width, app.height);
    if app.detail_beside() {
        let [_, right] =
            Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
                .areas(body);
        right
    } else {
        body
    }
}

/// The width of a detail line as the ui writes it.
pub fn detail_line_width(line: &DetailLine) -> usize {
    match line {
        DetailLine::Heading(t) | DetailLine::Text(t) | DetailLine::Error(t) => t.chars().count(),
        DetailLine::Field(k, v) => k.chars().count() + 2 + v.chars().count(),
        // the spinner and a space come first
        DetailLine::Note(n) => 2 + n.chars().count(),
    }
}

/// The largest scroll of a bordered, wrapping box of `area` showing lines of these widths: the
/// first line shown when the last line sits on the bottom row. Wrapping is counted per
/// character, as the long unbroken values (statements, ids) wrap.
pub fn last_page_start(line_widths: &[usize], area: Rect) -> usize {
    let width = usize::from(area.width.saturating_sub(2)).max(1);
    let mut room = usize::from(area.height.saturating_sub(2)).max(1);
    let mut first = line_widths.len();
    for w in line_widths.iter().rev() {
        let rows = w.div_ceil(width).max(1);
        if rows > room {
            break;
        }
        room -= rows;
        first -= 1;
    }
    // a single line taller than the view still gets to be the first one shown
    first.min(line_widths.len().saturating_sub(1))
}

/// The widths of the lines of the open overlay (help, raw JSON, messages), as the ui writes them.
pub fn overlay_line_widths(app: &App) -> Vec<usize> {
    use super::state::Layer;
    match app.layers.find(|l| l.is_reading().then_some(l)) {
        Some(Layer::Help { .. }) => {
            let bindings = app.keymap.active(app.help_context());
            let label = bindings
                .iter()
                .map(|b| b.keys_label().chars().count())
                .max()
                .unwrap_or(0);
            // " {keys:<label}  {desc}"
            bindings
                .iter()
                .map(|b| 1 + label + 2 + b.desc.chars().count())
                .collect()
        }
        Some(Layer::Json { .. }) => super::selection::selected_json_text(app)
            .map(|t| t.lines().map(|l| l.chars().count()).collect())
            .unwrap_or_default(),
        Some(Layer::Messages { .. }) if app.messages.is_empty() => vec![15],
        // "HH:MM:SS level text"
        Some(Layer::Messages { .. }) => app
            .messages
            .iter()
            .map(|m| 9 + 6 + m.text.chars().count())
            .collect(),
        _ => Vec::new(),
    }
}

/// The largest scroll of the open overlay.
pub fn overlay_last_page(app: &App) -> usize {
    last_page_start(
        &overlay_line_widths(app),
        overlay(body(app.width, app.height)),
    )
}

/// The largest scroll of the detail.
pub fn detail_last_page(app: &App) -> usize {
    let widths: Vec<usize> = super::selection::detail_lines(app)
        .iter()
        .map(detail_line_width)
        .collect();
    last_page_start(&widths, detail(app))
}
