//! Screens under `NO_COLOR`: the mono theme, and a text rendering of a buffer that shows each
//! cell's attributes, so a snapshot shows where focus and selection are without colour.
#![allow(dead_code)]

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

/// Switches this test process to the theme `NO_COLOR` selects. Every test of a binary that
/// calls it draws in mono; the text of a screen does not depend on the theme, so the other
/// snapshots of the binary stay as they are.
pub fn use_no_color() {
    let palette = qdc::ui::theme::pick(None, true, None);
    assert_eq!(palette.name, "mono");
    qdc::ui::theme::set(palette);
}

/// Each row of `buffer`, then a row of markers under it: `R` reverse video, `B` bold, `U`
/// underlined, `D` dim (the first that applies), blank for plain text. Panics on any colour.
pub fn attributes(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut text = String::new();
        let mut marks = String::new();
        for x in area.left()..area.right() {
            let cell = &buffer[(x, y)];
            assert!(
                cell.fg == Color::Reset && cell.bg == Color::Reset,
                "a colour under NO_COLOR at {x},{y}: {:?} on {:?}",
                cell.fg,
                cell.bg
            );
            text.push_str(cell.symbol());
            let m = cell.modifier;
            marks.push(if m.contains(Modifier::REVERSED) {
                'R'
            } else if m.contains(Modifier::BOLD) {
                'B'
            } else if m.contains(Modifier::UNDERLINED) {
                'U'
            } else if m.contains(Modifier::DIM) {
                'D'
            } else {
                ' '
            });
        }
        out.push_str(&format!("{text}|\n{}|\n", marks.trim_end()));
    }
    out
}
