//! A key as the keymap knows it: its code, Ctrl and Alt; and how the screen names it.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// A key: its code and whether Ctrl or Alt is held (Shift is part of the character). Alt is
/// part of the key, so Alt-q is not q (it does not quit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

pub(super) const fn ch(c: char) -> Key {
    Key::plain(KeyCode::Char(c))
}
/// The terminal's event for `key`, Ctrl held as it says (for the keymap's tests).
#[cfg(test)]
pub(super) fn press(key: Key) -> KeyEvent {
    let mods = if key.ctrl {
        KeyModifiers::CONTROL
    } else {
        KeyModifiers::NONE
    };
    KeyEvent::new(key.code, mods)
}
pub(super) const fn code(code: KeyCode) -> Key {
    Key::plain(code)
}
pub(super) const fn alt(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
        alt: true,
    }
}
/// A named key with Ctrl (Ctrl-←).
pub(super) const fn ctrl_code(code: KeyCode) -> Key {
    Key {
        code,
        ctrl: true,
        alt: false,
    }
}
/// A named key with Alt (Alt-Backspace).
pub(super) const fn alt_code(code: KeyCode) -> Key {
    Key {
        code,
        ctrl: false,
        alt: true,
    }
}
pub(super) const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
        alt: false,
    }
}

impl Key {
    /// The key without Ctrl or Alt.
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    pub fn from_event(ev: &KeyEvent) -> Option<Key> {
        if ev.kind == KeyEventKind::Release {
            return None;
        }
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let alt = ev.modifiers.contains(KeyModifiers::ALT);
        let code = match ev.code {
            KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            other => other,
        };
        Some(Key { code, ctrl, alt })
    }

    /// The key with Ctrl written `^Y` (an uppercase letter), as a tight popup title names it.
    pub fn short_label(&self) -> String {
        match self.code {
            KeyCode::Char(c) if self.ctrl => format!("^{}", c.to_ascii_uppercase()),
            _ => self.label(),
        }
    }

    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Backspace => "Bksp".into(),
            KeyCode::Delete => "Del".into(),
            other => format!("{other:?}"),
        };
        match (self.ctrl, self.alt) {
            (true, _) => format!("Ctrl-{base}"),
            (false, true) => format!("Alt-{base}"),
            (false, false) => base,
        }
    }
}
