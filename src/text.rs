//! The one sanitiser for tenant text on its way to a terminal: the TUI's screen and every plain
//! print (URLs, messages after quit, CLI tables, errors on stderr).
//!
//! Everything a tenant sends is hostile: a name or an `authUrl` may carry escape sequences (an
//! OSC 2 that sets the window title, an OSC 52 that fills the clipboard), C1 controls that some
//! terminals read as CSI, or invisible characters that reorder or hide what is shown (bidi
//! overrides, zero-width spaces). These are made visible as `\u{…}` escapes, so nothing the
//! tenant wrote can act on the terminal and nothing it hides stays hidden.
//!
//! - [`sanitize`]: one line (a name, a cell, a URL): newlines and tabs are escaped too.
//! - [`sanitize_lines`]: text of several lines (an error body, a message): `\n` is kept, `\t`
//!   becomes a space, everything else as in [`sanitize`].
//! - [`is_unsafe`]: whether a char would be escaped (the screen's last check uses it).

use std::borrow::Cow;
use std::fmt::Write;

/// `true` for a char that must not reach a terminal as itself: C0 and C1 controls, DEL, the
/// bidi controls (embeddings, overrides, isolates, marks) and the invisible or zero-width
/// formatting characters.
pub fn is_unsafe(c: char) -> bool {
    // nearly every char is ASCII: printable unless a C0 control (DEL falls to the match)
    if c < '\u{7f}' {
        return c < ' ';
    }
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        // soft hyphen, combining grapheme joiner, Arabic letter mark, Mongolian vowel separator
        | '\u{ad}' | '\u{34f}' | '\u{61c}' | '\u{180e}'
        // zero-width space/non-joiner/joiner, LRM, RLM
        | '\u{200b}'..='\u{200f}'
        // line/paragraph separators, bidi embeddings and overrides (LRE, RLE, PDF, LRO, RLO)
        | '\u{2028}'..='\u{202e}'
        // word joiner, invisible operators, bidi isolates (LRI, RLI, FSI, PDI), deprecated formats
        | '\u{2060}'..='\u{206f}'
        // byte order mark / zero-width no-break space; interlinear annotations
        | '\u{feff}' | '\u{fff9}'..='\u{fffb}'
        // tag characters (invisible "ASCII smuggling")
        | '\u{e0000}'..='\u{e007f}'
    )
}

/// `true` when no char of `text` [`is_unsafe`]. Printable ASCII (bytes 0x20..=0x7e) is safe
/// whatever follows, so only the text from the first other byte on is decoded and checked:
/// plain names cost a byte scan, not a char-by-char match, on every frame that draws them.
pub fn is_safe(text: &str) -> bool {
    match text.bytes().position(|b| !(0x20..0x7f).contains(&b)) {
        None => true,
        // every byte before it is ASCII, so `i` starts a char
        Some(i) => !text[i..].chars().any(is_unsafe),
    }
}

/// One line of tenant text, safe to print: every [`is_unsafe`] char (newline and tab included)
/// becomes `\u{…}`, and a backslash that starts such an escape in the input is left as is
/// (the escapes are for reading, not for decoding back).
pub fn sanitize(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// Several lines of tenant text: as [`sanitize`], but `\n` stays a line break (and `\r\n`
/// becomes `\n`); a tab becomes a space.
pub fn sanitize_lines(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

fn escape(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    if is_safe(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\r' if keep_newlines && chars.peek() == Some(&'\n') => {}
            '\t' if keep_newlines => out.push(' '),
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The payloads seen in the wild: a title and a clipboard set by OSC, a CSI, C1 CSI, bidi
    /// and zero-width characters.
    const HOSTILE: &str = "ok\u{1b}]2;pwned\u{7}\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J\u{9b}31m\u{202e}gpj.exe\u{200b}\u{2060}\u{feff}";

    #[test]
    fn escapes_and_invisible_characters_become_visible() {
        let s = sanitize(HOSTILE);
        assert!(!s.chars().any(is_unsafe), "{s}");
        assert_eq!(
            s,
            "ok\\u{1b}]2;pwned\\u{7}\\u{1b}]52;c;cHduZWQ=\\u{7}\\u{1b}[2J\\u{9b}31m\\u{202e}gpj.exe\\u{200b}\\u{2060}\\u{feff}"
        );
    }

    #[test]
    fn plain_text_is_borrowed_unchanged_unicode_included() {
        for t in [
            "",
            "Sales DB (eu) — Ünïcødé 数据 🚀",
            "https://x/y?a=b&c=%1b",
        ] {
            assert!(matches!(sanitize(t), Cow::Borrowed(s) if s == t));
        }
    }

    #[test]
    fn one_line_escapes_newlines_several_lines_keep_them() {
        assert_eq!(sanitize("a\nb\tc"), "a\\u{a}b\\u{9}c");
        assert_eq!(sanitize_lines("a\r\nb\tc\rd\u{1b}"), "a\nb c\\u{d}d\\u{1b}");
    }

    /// The byte scan and the char rule agree: around every boundary of printable ASCII (the
    /// controls below it, DEL, the C1 range, the first non-ASCII chars) and after a prefix.
    #[test]
    fn the_ascii_fast_path_agrees_with_the_rule() {
        for u in (0..0x300).chain([0x34f, 0x61c, 0x200b, 0x202e, 0x2066, 0xfeff, 0xe0041]) {
            let c = char::from_u32(u).unwrap();
            for t in [
                c.to_string(),
                format!("plain {c}"),
                format!("{c} tail"),
                format!("é{c}"),
            ] {
                assert_eq!(is_safe(&t), !t.chars().any(is_unsafe), "{u:#x} in {t:?}");
            }
        }
        assert!(is_safe("") && is_safe("Sales DB (eu) ~!") && is_safe("数据 🚀"));
        assert!(!is_safe("ok\u{7f}") && !is_safe("ok\u{9b}") && !is_safe("数据\u{202e}"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn nothing_unsafe_survives(s in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(is_safe(&s), !s.chars().any(is_unsafe));
            proptest::prop_assert!(!sanitize(&s).chars().any(is_unsafe));
            proptest::prop_assert!(!sanitize_lines(&s).chars().any(|c| c != '\n' && is_unsafe(c)));
        }
    }
}
