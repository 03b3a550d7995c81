//! Syntax colours for pretty-printed JSON: keys, strings, numbers, literals.

use ratatui::text::{Line, Span};

use super::theme::{
    json_key as key, json_literal as literal, json_number as number, json_string as string,
};

/// Colours one line of `serde_json::to_string_pretty` output.
pub fn highlight(line: &str) -> Line<'static> {
    // serde_json escapes controls in strings, not bidi or zero-width characters
    let line = &*crate::text::sanitize(line);
    let mut spans = Vec::new();
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let mut plain = String::new();
    let flush = |plain: &mut String, spans: &mut Vec<Span<'static>>| {
        if !plain.is_empty() {
            spans.push(Span::raw(std::mem::take(plain)));
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            flush(&mut plain, &mut spans);
            let start = i;
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i = (i + 1).min(chars.len());
            let text: String = chars[start..i].iter().collect();
            let is_key = chars[i..].iter().find(|c| !c.is_whitespace()) == Some(&':');
            spans.push(Span::styled(text, if is_key { key() } else { string() }));
        } else if c == '-' || c.is_ascii_digit() {
            flush(&mut plain, &mut spans);
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || "+-.".contains(chars[i]))
            {
                i += 1;
            }
            spans.push(Span::styled(
                chars[start..i].iter().collect::<String>(),
                number(),
            ));
        } else if c.is_ascii_alphabetic() {
            flush(&mut plain, &mut spans);
            let start = i;
            while i < chars.len() && chars[i].is_ascii_alphabetic() {
                i += 1;
            }
            spans.push(Span::styled(
                chars[start..i].iter().collect::<String>(),
                literal(),
            ));
        } else {
            plain.push(c);
            i += 1;
        }
    }
    flush(&mut plain, &mut spans);
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Style;

    #[test]
    fn keys_strings_numbers_and_literals_get_their_colours() {
        let l = highlight(r#"  "qName": "a \"b\" c", "n": -1.5e3, "ok": true"#);
        let styled: Vec<(&str, Style)> = l
            .spans
            .iter()
            .map(|s| (s.content.as_ref(), s.style))
            .collect();
        assert!(styled.contains(&("\"qName\"", key())));
        assert!(styled.contains(&(r#""a \"b\" c""#, string())));
        assert!(styled.contains(&("-1.5e3", number())));
        assert!(styled.contains(&("true", literal())));
    }
}
