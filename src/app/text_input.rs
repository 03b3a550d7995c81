//! One text input for every field, prompt and dialog: the form's rows (one line, or several
//! for JSON), the OAuth code, the `/` and `:` prompts, the name dialogs, the first-run form. It
//! wraps a `ratatui_textarea::TextArea`, the one place that implements editing (cursor, words),
//! and applies a [`TextEdit`]: which key asks for which edit is the keymap's business (its
//! text-input scope), never this module's, so `[keys]` can rebind every editing key. An optional
//! history serves the `:` and `/` prompts. It is a widget crate's type held in app state, on
//! purpose: copying the text out after every key would only duplicate it; the app feeds it
//! edits and reads its lines, `ui` draws a styled copy of them. A leaf: it knows no `App`.

use ratatui_textarea::{CursorMove, TextArea};

/// One editing command for the focused text input, as the keymap's text-input scope names it
/// (`input_line_start`, `input_delete_word_back`, …). Typed characters are not edits: they
/// are inserted ([`TextInput::insert_char`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEdit {
    Left,
    Right,
    /// To the start of the word before the cursor.
    WordLeft,
    /// To the end of the word after the cursor.
    WordRight,
    LineStart,
    LineEnd,
    /// The line above, in a multi-line input (the form binds ↑ to it in a JSON field).
    LineUp,
    /// The line below, in a multi-line input.
    LineDown,
    /// The character before the cursor.
    DeleteBack,
    /// The character under the cursor.
    DeleteForward,
    /// The word before the cursor and the spaces after it, as readline's Ctrl-W does.
    DeleteWordBack,
    /// The word after the cursor.
    DeleteWordForward,
    /// From the start of the line to the cursor (readline's Ctrl-U).
    DeleteToStart,
    /// From the cursor to the end of the line (readline's Ctrl-K).
    DeleteToEnd,
    /// The text the last word or line delete took out, at the cursor (readline's Ctrl-Y).
    Yank,
}

#[derive(Debug, Clone, Default)]
pub struct TextInput {
    area: TextArea<'static>,
    /// Enter is a newline and ↑/↓ move between lines (a JSON field); else one line only.
    multiline: bool,
    /// What the last word or line delete took out, for [`TextEdit::Yank`]; kept when the
    /// text is replaced (a history recall), as readline keeps its kill ring.
    kill: String,
}

impl PartialEq for TextInput {
    fn eq(&self, other: &Self) -> bool {
        self.text() == other.text() && self.cursor() == other.cursor()
    }
}
impl Eq for TextInput {}

impl PartialEq<&str> for TextInput {
    fn eq(&self, other: &&str) -> bool {
        self.text() == *other
    }
}

impl From<&str> for TextInput {
    fn from(text: &str) -> Self {
        TextInput::new(text)
    }
}

impl TextInput {
    /// An input holding `text` (line breaks become spaces), the cursor at its end.
    pub fn new(text: &str) -> Self {
        let mut area = TextArea::new(vec![one_line(text)]);
        area.move_cursor(CursorMove::End);
        TextInput {
            area,
            multiline: false,
            kill: String::new(),
        }
    }

    /// An input of several lines holding `text`, the cursor at its end.
    pub fn multiline(text: &str) -> Self {
        let lines: Vec<String> = if text.is_empty() {
            vec![String::new()]
        } else {
            text.lines().map(str::to_string).collect()
        };
        let mut area = TextArea::new(lines);
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        TextInput {
            area,
            multiline: true,
            kill: String::new(),
        }
    }

    /// The text of a one-line input (the first line of a multi-line one: see [`Self::value`]).
    pub fn text(&self) -> &str {
        self.area.lines().first().map_or("", String::as_str)
    }

    /// The whole text, its lines joined by `\n`.
    pub fn value(&self) -> String {
        self.area.lines().join("\n")
    }

    pub fn lines(&self) -> &[String] {
        self.area.lines()
    }

    pub fn is_empty(&self) -> bool {
        self.area.lines().iter().all(String::is_empty)
    }

    pub fn is_multiline(&self) -> bool {
        self.multiline
    }

    /// A field switched between text and JSON: lines already there stay.
    pub fn set_multiline(&mut self, multiline: bool) {
        self.multiline = multiline;
    }

    /// The cursor as (line, character index into it).
    pub fn position(&self) -> (usize, usize) {
        let c = self.area.cursor();
        (c.0, c.1)
    }

    /// Enter in a multi-line input; nothing in a one-line one. Whether the text changed.
    pub fn insert_newline(&mut self) -> bool {
        if self.multiline {
            self.area.insert_newline();
        }
        self.multiline
    }

    /// The cursor as a character index into the text (0 ..= its length).
    pub fn cursor(&self) -> usize {
        self.area.cursor().1
    }

    /// Replaces the text, the cursor at its end.
    pub fn set_text(&mut self, text: &str) {
        let kill = std::mem::take(&mut self.kill);
        *self = match self.multiline {
            true => TextInput::multiline(text),
            false => TextInput::new(text),
        };
        self.kill = kill;
    }

    pub fn clear(&mut self) {
        self.set_text("");
    }

    /// Inserts text at the cursor (a paste): a multi-line input keeps its line breaks, a
    /// one-line input turns them into spaces. Whether it changed.
    pub fn insert_str(&mut self, text: &str) -> bool {
        if self.multiline {
            self.area
                .insert_str(text.replace("\r\n", "\n").replace('\r', "\n"))
        } else {
            self.area.insert_str(one_line(text))
        }
    }

    pub fn backspace(&mut self) -> bool {
        self.apply(TextEdit::DeleteBack)
    }

    /// Types one character at the cursor (a line break in a one-line input is a space).
    pub fn insert_char(&mut self, c: char) {
        match c {
            '\n' | '\r' if self.multiline => self.area.insert_newline(),
            '\n' | '\r' => self.area.insert_char(' '),
            c => self.area.insert_char(c),
        }
    }

    /// Applies one editing command; whether the text changed (a move changes none).
    pub fn apply(&mut self, edit: TextEdit) -> bool {
        match edit {
            TextEdit::Yank => {
                let kill = self.kill.clone();
                self.insert_str(&kill)
            }
            TextEdit::DeleteWordBack
            | TextEdit::DeleteWordForward
            | TextEdit::DeleteToStart
            | TextEdit::DeleteToEnd => self.kill_with(edit),
            _ => self.edit_area(edit),
        }
    }

    /// A delete whose text [`TextEdit::Yank`] brings back. Each delete, backward or forward,
    /// leaves the cursor where the removed text began, so it is the text there that is gone.
    fn kill_with(&mut self, edit: TextEdit) -> bool {
        let before: Vec<char> = self.value().chars().collect();
        if !self.edit_area(edit) {
            return false;
        }
        let (row, col) = self.position();
        let start: usize = self.lines()[..row]
            .iter()
            .map(|l| l.chars().count() + 1)
            .sum::<usize>()
            + col;
        let removed = before.len() - self.value().chars().count();
        self.kill = before[start..(start + removed).min(before.len())]
            .iter()
            .collect();
        true
    }

    fn edit_area(&mut self, edit: TextEdit) -> bool {
        let area = &mut self.area;
        let to = match edit {
            TextEdit::Left => CursorMove::Back,
            TextEdit::Right => CursorMove::Forward,
            TextEdit::WordLeft => CursorMove::WordBack,
            TextEdit::WordRight => CursorMove::WordForward,
            TextEdit::LineStart => CursorMove::Head,
            TextEdit::LineEnd => CursorMove::End,
            TextEdit::LineUp => CursorMove::Up,
            TextEdit::LineDown => CursorMove::Down,
            TextEdit::DeleteBack => return area.delete_char(),
            TextEdit::DeleteForward => return area.delete_next_char(),
            TextEdit::DeleteWordBack => return rub_out_word(area),
            TextEdit::DeleteWordForward => return area.delete_next_word(),
            TextEdit::DeleteToStart => return area.delete_line_by_head(),
            TextEdit::DeleteToEnd => return area.delete_line_by_end(),
            TextEdit::Yank => return false,
        };
        area.move_cursor(to);
        false
    }

    /// The text around the cursor: before it, the character under it (none at the end), after.
    pub fn split_at_cursor(&self) -> (String, Option<char>, String) {
        let cursor = self.cursor();
        let mut chars = self.text().chars();
        let before: String = chars.by_ref().take(cursor).collect();
        let at = chars.next();
        (before, at, chars.collect())
    }
}

fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}

/// Ctrl-W as readline does it (unix-word-rubout): the spaces before the cursor, then the word
/// before them, up to the previous space ("sales (copy)" → "sales ").
fn rub_out_word(area: &mut TextArea<'static>) -> bool {
    let cursor = area.cursor();
    let (row, col) = (cursor.0, cursor.1);
    let Some(line) = area.lines().get(row) else {
        return false;
    };
    let before: Vec<char> = line.chars().take(col).collect();
    let spaces = before
        .iter()
        .rev()
        .take_while(|c| c.is_whitespace())
        .count();
    let word = before[..before.len() - spaces]
        .iter()
        .rev()
        .take_while(|c| !c.is_whitespace())
        .count();
    let mut changed = false;
    for _ in 0..spaces + word {
        changed |= area.delete_char();
    }
    changed
}

/// Earlier entries of a prompt, oldest first, and where ↑/↓ browsing stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    entries: Vec<String>,
    /// The entry shown while browsing, and what was typed before browsing began.
    browsing: Option<(usize, String)>,
}

/// How many entries a history keeps.
pub const HISTORY_CAP: usize = 100;

impl History {
    /// Remembers an entry (not an empty one, nor the last one again) and ends browsing.
    pub fn push(&mut self, entry: &str) {
        self.browsing = None;
        let entry = entry.trim();
        if entry.is_empty() || self.entries.last().is_some_and(|e| e == entry) {
            return;
        }
        if self.entries.len() == HISTORY_CAP {
            self.entries.remove(0);
        }
        self.entries.push(entry.to_string());
    }

    /// Ends browsing without remembering anything (a prompt closed or reopened).
    pub fn reset(&mut self) {
        self.browsing = None;
    }

    /// ↑: the previous entry into `input` (the first ↑ keeps what was typed for ↓ to bring
    /// back). Whether the input changed.
    pub fn older(&mut self, input: &mut TextInput) -> bool {
        let at = match &self.browsing {
            None if self.entries.is_empty() => return false,
            None => {
                self.browsing = Some((self.entries.len(), input.text().to_string()));
                self.entries.len()
            }
            Some((at, _)) => *at,
        };
        if at == 0 {
            return false;
        }
        if let Some((shown, _)) = &mut self.browsing {
            *shown = at - 1;
        }
        input.set_text(&self.entries[at - 1]);
        true
    }

    /// ↓: the next entry, and after the newest what was typed before browsing.
    pub fn newer(&mut self, input: &mut TextInput) -> bool {
        let Some((at, typed)) = self.browsing.clone() else {
            return false;
        };
        if at + 1 < self.entries.len() {
            self.browsing = Some((at + 1, typed));
            input.set_text(&self.entries[at + 1]);
        } else {
            self.browsing = None;
            input.set_text(&typed);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(t: &mut TextInput, text: &str) {
        text.chars().for_each(|c| t.insert_char(c));
    }

    #[test]
    fn edits_apply_at_the_cursor() {
        let mut t = TextInput::new("acme tenant");
        assert!(t.apply(TextEdit::DeleteWordBack));
        assert_eq!(t.text(), "acme ");
        t.apply(TextEdit::LineStart);
        typed(&mut t, "https://");
        assert_eq!(t.text(), "https://acme ");
        assert_eq!(t.cursor(), 8);
        assert!(!t.apply(TextEdit::LineEnd), "a move changes no text");
        t.apply(TextEdit::Left);
        t.apply(TextEdit::DeleteToStart);
        assert_eq!(t.text(), " ");
        t.apply(TextEdit::LineStart);
        assert_eq!(
            t.split_at_cursor(),
            (String::new(), Some(' '), String::new())
        );
        typed(&mut t, "\n");
        assert_eq!(t.text(), "  ", "one line only: a line break is a space");
    }

    #[test]
    fn word_moves_and_deletes_forward() {
        let mut t = TextInput::new("sales eu west");
        t.apply(TextEdit::WordLeft);
        assert_eq!(t.cursor(), 9);
        t.apply(TextEdit::WordLeft);
        t.apply(TextEdit::DeleteWordForward);
        assert_eq!(t.text(), "sales  west");
        t.apply(TextEdit::DeleteToEnd);
        assert_eq!(t.text(), "sales ");
        t.apply(TextEdit::LineStart);
        t.apply(TextEdit::DeleteForward);
        t.apply(TextEdit::WordRight);
        assert_eq!(
            (t.text(), t.cursor()),
            ("ales ", 5),
            "no next word: the end"
        );
        t.apply(TextEdit::Left);
        assert_eq!(t.cursor(), 4);
    }

    #[test]
    fn yank_puts_back_the_last_kill_and_ctrl_n_ctrl_p_move_between_lines() {
        let mut t = TextInput::multiline("ab\ncd");
        t.apply(TextEdit::LineUp);
        assert_eq!(t.position(), (0, 2));
        assert!(t.apply(TextEdit::DeleteToStart));
        t.apply(TextEdit::LineDown);
        t.apply(TextEdit::LineStart);
        assert!(t.apply(TextEdit::Yank));
        assert_eq!((t.value().as_str(), t.position()), ("\nabcd", (1, 2)));
        t.apply(TextEdit::DeleteBack);
        t.apply(TextEdit::Yank);
        assert_eq!(
            t.value(),
            "\naabcd",
            "Backspace is no kill: Ctrl-Y still has \"ab\""
        );
        t.set_text("x");
        t.apply(TextEdit::Yank);
        assert_eq!(t.value(), "xab", "a recalled text keeps the kill");
        assert!(
            !TextInput::new("").apply(TextEdit::Yank),
            "nothing killed yet"
        );
    }

    #[test]
    fn history_walks_back_and_returns_to_what_was_typed() {
        let mut h = History::default();
        h.push("connections Finance");
        h.push("profile");
        h.push("profile");
        let mut t = TextInput::new("con");
        assert!(h.older(&mut t));
        assert_eq!(t.text(), "profile");
        assert!(h.older(&mut t));
        assert_eq!(t.text(), "connections Finance");
        assert!(!h.older(&mut t), "no older entry");
        assert!(h.newer(&mut t));
        assert_eq!(t.text(), "profile");
        assert!(h.newer(&mut t));
        assert_eq!(t.text(), "con");
        assert!(!h.newer(&mut t));
    }
}
