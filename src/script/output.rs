//! Writing results: one JSON or YAML document, or a table whose cells went through the
//! sanitiser (everything the tenant sends is hostile) and that fits the terminal's width, or
//! is written whole when stdout is not a terminal (so `| grep` and `| cut` see every
//! character).

use std::io::{IsTerminal, Write};

use serde::Serialize;

use super::args::Format;
use crate::app::rows::{fit, Ellipsis};
use crate::exit::Failure;

/// Tenant text on its way into a table cell or a message: the shared sanitiser (control
/// characters, escape sequences and invisible formatting characters made visible).
pub fn cell(text: &str) -> String {
    crate::text::sanitize(text).into_owned()
}

/// A column: its heading and where a cell too wide for the terminal is cut.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    pub title: &'static str,
    pub ellipsis: Ellipsis,
}

pub const fn col(title: &'static str, ellipsis: Ellipsis) -> Col {
    Col { title, ellipsis }
}

/// Rows of tenant text under headings.
#[derive(Debug, Clone)]
pub struct Table {
    pub cols: &'static [Col],
    pub rows: Vec<Vec<String>>,
}

const GAP: usize = 2;

impl Table {
    /// Aligned columns, two spaces apart. With `width`, the widest columns give way (cut with
    /// an ellipsis) until the line fits; a column keeps at least its heading's width where it
    /// can.
    pub fn render(&self, width: Option<usize>) -> String {
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| r.iter().map(|c| cell(c)).collect())
            .collect();
        let len = |s: &str| s.chars().count();
        let mut widths: Vec<usize> = self.cols.iter().map(|c| len(c.title)).collect();
        for row in &rows {
            for (i, c) in row.iter().enumerate().take(widths.len()) {
                widths[i] = widths[i].max(len(c));
            }
        }
        if let Some(limit) = width {
            shrink(&mut widths, limit, self.cols);
        }
        let mut out = String::new();
        let heading: Vec<String> = self.cols.iter().map(|c| c.title.to_string()).collect();
        for row in std::iter::once(&heading).chain(rows.iter()) {
            let mut line = String::new();
            for (i, col) in self.cols.iter().enumerate() {
                let text = row.get(i).map(String::as_str).unwrap_or("");
                let text = fit(text, widths[i], col.ellipsis);
                line.push_str(&text);
                if i + 1 < self.cols.len() {
                    let pad = widths[i] - len(&text) + GAP;
                    line.extend(std::iter::repeat_n(' ', pad));
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// Narrows the widest column by one until the row fits `limit` or every column is down to
/// its heading (or 3 characters): then the terminal wraps, nothing is lost.
fn shrink(widths: &mut [usize], limit: usize, cols: &[Col]) {
    let total = |w: &[usize]| w.iter().sum::<usize>() + GAP * w.len().saturating_sub(1);
    let floor = |i: usize| cols[i].title.chars().count().max(3);
    while total(widths) > limit {
        let widest = (0..widths.len())
            .filter(|&i| widths[i] > floor(i))
            .max_by_key(|&i| widths[i]);
        match widest {
            Some(i) => widths[i] -= 1,
            None => break,
        }
    }
}

/// The terminal's width when stdout is one; `None` when piped.
fn terminal_width() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    crossterm::terminal::size().ok().map(|(w, _)| w as usize)
}

/// One document in `format` (JSON or YAML) on stdout.
pub fn document(value: &impl Serialize, format: Format) -> Result<(), Failure> {
    let text = match format {
        Format::Yaml => serde_norway::to_string(value)
            .map_err(|e| Failure::failed(format!("cannot write YAML: {e}")))?,
        _ => {
            let mut s = serde_json::to_string_pretty(value)
                .map_err(|e| Failure::failed(format!("cannot write JSON: {e}")))?;
            s.push('\n');
            s
        }
    };
    write_stdout(&text)
}

pub fn table(table: &Table) -> Result<(), Failure> {
    write_stdout(&table.render(terminal_width()))
}

/// Stdout, where a closed pipe (`| head`) is not an error worth a message.
pub fn write_stdout(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::failed(format!("cannot write to stdout: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: &[Col] = &[col("NAME", Ellipsis::End), col("ID", Ellipsis::Middle)];

    fn table() -> Table {
        Table {
            cols: COLS,
            rows: vec![
                vec![
                    "sqlserver_sales".into(),
                    "5bdc7893-866d-4374-98bf-0a0a5fa480b6".into(),
                ],
                vec!["evil\u{1b}]2;pwned\u{7}".into(), "x".into()],
            ],
        }
    }

    #[test]
    fn piped_tables_are_whole_and_aligned() {
        let text = table().render(None);
        let lines: Vec<&str> = text.lines().collect();
        // the escaped hostile name (24 characters) sets the first column's width
        let id_at = "evil\\u{1b}]2;pwned\\u{7}".len() + 2;
        assert_eq!(lines[0].find("ID"), Some(id_at), "{text}");
        assert_eq!(lines[1].find("5bdc7893"), Some(id_at), "{text}");
        assert!(lines[1].ends_with("5bdc7893-866d-4374-98bf-0a0a5fa480b6"));
        assert!(!text.contains('…'));
    }

    #[test]
    fn escape_sequences_from_the_tenant_are_shown_not_sent() {
        let text = table().render(None);
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text:?}"
        );
        assert!(text.contains("evil\\u{1b}]2;pwned\\u{7}"), "{text}");
    }

    #[test]
    fn a_narrow_terminal_cuts_the_widest_column_with_an_ellipsis() {
        let text = table().render(Some(40));
        for line in text.lines() {
            assert!(line.chars().count() <= 40, "{line:?}");
        }
        assert!(text.contains("5bdc7893"), "ids keep their start: {text}");
        assert!(text.contains('…'), "{text}");
    }
}
