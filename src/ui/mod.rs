//! Draws `App` state, nothing else: no I/O, no state changes.

mod batch;
mod confirm;
mod copy;
mod detail;
pub mod first_run;
mod footer;
mod form;
mod header;
mod input;
pub mod json;
mod list;
mod name_prompt;
mod oauth;
mod overlay;
mod paint;
mod picker;
pub mod theme;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::Frame;

use crate::app::frame::FrameInfo;
use crate::app::state::Layer;
use crate::app::App;

/// Spinner frames (braille).
pub const SPINNER: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];

pub fn spinner(app: &App) -> &'static str {
    SPINNER[app.spinner % SPINNER.len()]
}

/// Draws the whole screen from `app` (whose view models `app::present::prepare` brought up to
/// date) and says what it laid out: the app bounds the next scroll with it.
pub fn draw(frame: &mut Frame, app: &App) -> FrameInfo {
    debug_assert!(
        app.views.is_built(),
        "draw through runtime::frame::draw, which builds the view models first"
    );
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(3),
        Constraint::Length(2),
    ])
    .areas(frame.area());
    let mut info = FrameInfo {
        list_rows: Some(list::rows(body)),
        ..FrameInfo::default()
    };
    header::draw(frame, head, app);
    // the form takes the lists' place: it is drawn as its layer
    if app.layers.form().is_none() {
        draw_body(frame, body, app, &mut info);
    }
    footer::draw(frame, foot, app);
    // then what lies over the body, bottom to top, from the one stack
    for layer in app.layers.iter() {
        match layer {
            // drawn with the body (the detail) or in the footer (the prompt)
            Layer::Detail | Layer::Prompt(_) => {}
            Layer::Form(f) => form::draw(frame, body, app, f),
            Layer::SourcePicker(p) | Layer::Picker { picker: p, .. } => {
                form::draw_picker(frame, body, p, &app.keymap)
            }
            Layer::Preview { scroll } => {
                info.preview_last_page = Some(form::draw_preview(frame, body, app, *scroll))
            }
            Layer::ConfirmDiscard => form::draw_confirm_discard(frame, body, app),
            Layer::ConfirmEdit { .. } => form::draw_confirm_edit(frame, body, app, layer),
            Layer::ConfirmResend { name, window } => {
                form::draw_confirm_resend(frame, body, app, name, *window)
            }
            Layer::OAuth(p) => {
                if let Some(f) = app.layers.form() {
                    oauth::draw(frame, body, app, f, p)
                }
            }
            Layer::Created { .. } => form::draw_created(frame, body, app, layer),
            Layer::Confirm(c) => info.confirm_last_page = Some(confirm::draw(frame, body, app, c)),
            Layer::Name(d) => name_prompt::draw(frame, body, app, d),
            Layer::Batch(b) => batch::draw(frame, body, app, b),
            Layer::Copy(c) => info.copy_last_page = copy::draw(frame, body, app, c),
            Layer::Json { .. } | Layer::Messages { .. } | Layer::Help { .. } => {
                info.overlay_last_page = Some(overlay::draw(frame, body, app, layer))
            }
        }
    }
    scrub(frame.buffer_mut());
    info
}

/// The largest scroll of a bordered, wrapping box of `area` showing lines of these widths: the
/// first line shown when the last line sits on the bottom row. Wrapping is counted per
/// character, as the long unbroken values (statements, ids) wrap.
pub(crate) fn last_page_start(
    line_widths: impl DoubleEndedIterator<Item = usize> + ExactSizeIterator,
    area: Rect,
) -> usize {
    let lines = line_widths.len();
    let width = usize::from(area.width.saturating_sub(2)).max(1);
    let mut room = usize::from(area.height.saturating_sub(2)).max(1);
    let mut first = lines;
    for w in line_widths.rev() {
        let rows = w.div_ceil(width).max(1);
        if rows > room {
            break;
        }
        room -= rows;
        first -= 1;
    }
    // a single line taller than the view still gets to be the first one shown
    first.min(lines.saturating_sub(1))
}

/// Tenant text for a span: escapes and invisible characters shown as `\u{…}`
/// ([`crate::text::sanitize`]).
/// A count with thousands separators, as the README and the titles write it: `2,007`.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub(crate) fn clean(text: &str) -> String {
    crate::text::sanitize(text).into_owned()
}

/// The screen's last line of defence: a cell that still holds a control, bidi or zero-width
/// character (tenant text drawn by a path that did not [`clean`] it) shows `�` instead, so
/// nothing from the tenant can act on the terminal.
pub fn scrub(buffer: &mut ratatui::buffer::Buffer) {
    for cell in buffer.content.iter_mut() {
        let symbol = cell.symbol();
        // nearly every cell holds one printable ASCII byte: no scan for it
        if matches!(symbol.as_bytes(), [0x20..=0x7e]) {
            continue;
        }
        if !crate::text::is_safe(symbol) {
            cell.set_symbol("\u{fffd}");
        }
    }
}

/// Draws `block` over `area` (cleared first) with `lines` inside, one column in from each side.
pub(crate) fn draw_dialog(
    frame: &mut Frame,
    area: Rect,
    block: ratatui::widgets::Block<'_>,
    lines: Vec<ratatui::text::Line<'_>>,
) {
    let padded = open_dialog(frame, area, block);
    frame.render_widget(ratatui::widgets::Paragraph::new(lines), padded);
}

/// Clears `area` and draws `block` over it; the area inside, one column in from each side,
/// for the dialog's contents.
pub(crate) fn open_dialog(
    frame: &mut Frame,
    area: Rect,
    block: ratatui::widgets::Block<'_>,
) -> Rect {
    frame.render_widget(ratatui::widgets::Clear, area);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    }
}

/// A box of `width`×`height` (at most the area) in the middle of `area`.
pub(crate) fn centered_box(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

fn draw_body(frame: &mut Frame, area: Rect, app: &App, info: &mut FrameInfo) {
    if app.detail_beside() {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
                .areas(area);
        info.list_offset = list::draw(frame, left, app);
        info.detail_last_page = Some(detail::draw(frame, right, app));
    } else if app.detail_focused() {
        // narrow terminals: the detail takes the list's place while it has the focus
        info.detail_last_page = Some(detail::draw(frame, area, app));
    } else {
        info.list_offset = list::draw(frame, area, app);
    }
}
