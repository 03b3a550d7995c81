//! The batch change's popup: each connection with what changes for it (from → to) and, once
//! the tenant answered, its result underneath; the one request it takes; the keys.

use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;
use ratatui::Frame;

use super::confirm::wrap;
use super::theme;
use crate::app::keymap::{Context, Intent};
use crate::app::manage::{Batch, BatchItem, BatchStage, ItemResult};
use crate::app::App;

/// The lines of one connection: its name, its changes (or why it is left out), its answer.
fn item_lines(item: &BatchItem, width: usize, spin: &str) -> Vec<Line<'static>> {
    let cut = |s: &str, w: usize| -> String { super::clean(s).chars().take(w).collect() };
    let mut out = vec![Line::from(Span::styled(
        format!("• {}", cut(&item.target.name, width.saturating_sub(2))),
        theme::title(),
    ))];
    if let Some(why) = &item.skipped {
        out.push(Line::from(Span::styled(
            format!("    {}", cut(why, width.saturating_sub(4))),
            theme::dim(),
        )));
        return out;
    }
    for c in &item.changes {
        out.push(Line::from(format!(
            "    {}",
            cut(c, width.saturating_sub(4))
        )));
    }
    let (text, style) = match &item.result {
        None if spin.is_empty() => return out,
        None => (format!("{spin} sending…"), theme::key()),
        Some(ItemResult::Done(status)) => (format!("✓ {status} done"), theme::key()),
        Some(ItemResult::Failed { status, why }) => {
            let status = status.map(|s| format!("{s} ")).unwrap_or_default();
            (format!("✗ {status}{why} (still marked)"), theme::error())
        }
    };
    out.extend(
        wrap(&text, width.saturating_sub(4))
            .into_iter()
            .map(|l| Line::from(Span::styled(format!("    {}", super::clean(&l)), style))),
    );
    out
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App, b: &Batch) {
    let width = body.width.saturating_sub(4).clamp(24, 90);
    let text_width = width.saturating_sub(4) as usize;
    let key = |i| app.keymap.key_label(Context::ConfirmBatch, i);
    let spin = match b.stage {
        BatchStage::Sending => super::spinner(app).to_string(),
        _ => String::new(),
    };
    let tail = tail_lines(app, b, text_width, &spin);
    let items: Vec<Line> = b
        .items
        .iter()
        .flat_map(|i| item_lines(i, text_width, &spin))
        .collect();
    // the items take what room is left (a margin keeps the list's frame visible); they scroll
    let room = (body.height as usize).saturating_sub(tail.len() + 5).max(1);
    let last = items.len().saturating_sub(room);
    let start = b.scroll.min(last);
    let mut lines: Vec<Line> = vec![Line::from("")];
    let shown = items.len().min(room);
    lines.extend(items.into_iter().skip(start).take(shown));
    if last > 0 {
        lines.push(Line::from(Span::styled(
            format!(
                "  lines {}–{} of {} · {}/{} scroll",
                start + 1,
                start + shown,
                last + room,
                key(Intent::Down),
                key(Intent::Up)
            ),
            theme::dim(),
        )));
    }
    lines.extend(tail);
    let height = lines.len() as u16 + 2;
    let area = super::centered_box(body, width, height);
    super::draw_dialog(frame, area, block(app, b), lines);
}

/// Under the items: the one request it takes, the notes, then the buttons or where it stands.
fn tail_lines(app: &App, b: &Batch, text_width: usize, spin: &str) -> Vec<Line<'static>> {
    let n = b.request.connections.len();
    let mut tail: Vec<Line> = vec![Line::from("")];
    let request = format!(
        "One request: {} with {n} item{}",
        crate::app::manage::BATCH_PATH,
        if n == 1 { "" } else { "s" }
    );
    tail.extend(
        wrap(&request, text_width)
            .into_iter()
            .map(|l| Line::from(Span::styled(l, theme::title().add_modifier(Modifier::BOLD)))),
    );
    for note in &b.notes {
        tail.extend(
            wrap(&format!("! {note}"), text_width)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, theme::error()))),
        );
    }
    tail.push(Line::from(""));
    tail.push(stage_line(app, b, spin));
    tail
}

/// Asking: the two buttons; sending: the spinner; answered: how to close and retry.
fn stage_line(app: &App, b: &Batch, spin: &str) -> Line<'static> {
    let key = |i| app.keymap.key_label(Context::ConfirmBatch, i);
    match b.stage {
        BatchStage::Asking => Line::from(vec![
            Span::styled(
                format!(" No, send nothing ({}) ", key(Intent::ConfirmNo)),
                theme::selected(),
            ),
            Span::raw("   "),
            Span::styled(
                format!(" Yes, send ({}) ", key(Intent::ConfirmYes)),
                theme::key(),
            ),
        ]),
        BatchStage::Sending => Line::from(Span::styled(
            format!("{spin} sent once; waiting for the answer"),
            theme::key(),
        )),
        BatchStage::Answered => Line::from(Span::styled(
            format!(
                "answered · {} close · failed ones stay marked: m retries them",
                key(Intent::ConfirmNo)
            ),
            theme::dim(),
        )),
    }
}

/// The popup's frame: the batch's title, and the keys at the bottom.
fn block(app: &App, b: &Batch) -> Block<'static> {
    let keys = &app.keymap;
    Block::bordered()
        .title(Span::styled(super::clean(&b.title), theme::title()))
        .title_bottom(
            Line::from(Span::styled(
                format!(
                    " {} send · {} close ",
                    keys.label(Context::ConfirmBatch, Intent::ConfirmYes),
                    keys.label(Context::ConfirmBatch, Intent::ConfirmNo)
                ),
                theme::dim(),
            ))
            .right_aligned(),
        )
        .border_style(theme::border(true))
}
