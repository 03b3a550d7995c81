//! The lists as rows of text: one general mechanism for every pane. Rows are built when data
//! changes (not per frame); filter and sort work over the cells and keep a view of indices.

pub use super::list::{
    append_rows, clamp_selection, follow_selection, recompute_view, refilter, refresh_view,
    set_rows, sort_view, CellWriter, Cells, ListState, Row, Sort, DEEP,
};
use super::state::{App, Pane};

/// A column heading and its share of the width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub title: &'static str,
    pub weight: u16,
    /// Where a cell that does not fit is cut.
    pub ellipsis: Ellipsis,
}

/// Ids share long prefixes (`File_AmazonS3Connector` / `File_AmazonS3ConnectorV2`,
/// `5bdc7893-…`), so they are cut in the middle to keep what tells them apart; names and dates
/// read from the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ellipsis {
    End,
    Middle,
}

const fn col(title: &'static str, weight: u16, ellipsis: Ellipsis) -> Column {
    Column {
        title,
        weight,
        ellipsis,
    }
}

/// `text` in at most `width` characters, cut where `ellipsis` says, with `…` marking the cut.
pub fn fit(text: &str, width: usize, ellipsis: Ellipsis) -> String {
    // tenant text: escapes and invisible characters made visible before measuring
    let text = &*crate::text::sanitize(text);
    let len = text.chars().count();
    if len <= width {
        return text.to_string();
    }
    if width <= 1 {
        return "…".chars().take(width).collect();
    }
    match ellipsis {
        Ellipsis::End => text.chars().take(width - 1).chain(['…']).collect(),
        Ellipsis::Middle => {
            let tail = (width - 1) / 2;
            let head = width - 1 - tail;
            let chars: Vec<char> = text.chars().collect();
            chars[..head]
                .iter()
                .chain(['…'].iter())
                .chain(chars[len - tail..].iter())
                .collect()
        }
    }
}

/// Column widths from the content: each column asks for its widest cell among `rows` (the
/// visible ones: the cost is per screen, not per list) or its title, whichever is wider; when
/// that fits in `total` (less one space between columns) every column gets what it asks and the
/// rest goes by weight; when it does not, the columns that ask less than their share by weight
/// get it whole and the others share what is left by weight (so a short DATA SOURCE is never
/// cut to give NAME room it does not use, and a long NAME keeps the larger part).
pub fn column_widths<'a>(
    columns: &[Column],
    rows: impl Iterator<Item = &'a Row>,
    total: usize,
) -> Vec<usize> {
    let n = columns.len();
    if n == 0 {
        return Vec::new();
    }
    // a heading reads `1 NAME↑`: its Alt-digit sort key (the first nine), the title, the arrow
    let mut want: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| c.title.chars().count() + 1 + if i < 9 { 2 } else { 0 })
        .collect();
    for row in rows {
        for (w, cell) in want.iter_mut().zip(row.cells.iter()) {
            *w = (*w).max(crate::text::sanitize(cell).chars().count());
        }
    }
    let avail = total.saturating_sub(n - 1);
    let asked: usize = want.iter().sum();
    if asked <= avail {
        let weights: usize = columns
            .iter()
            .map(|c| c.weight as usize)
            .sum::<usize>()
            .max(1);
        let spare = avail - asked;
        let mut out: Vec<usize> = want
            .iter()
            .zip(columns)
            .map(|(w, c)| w + spare * c.weight as usize / weights)
            .collect();
        let given: usize = out.iter().sum();
        out[0] += avail - given;
        return out;
    }
    // weighted water-filling: a column that asks less than its share (by weight) of what is
    // left gets it whole; the others split the rest by weight
    let weight = |i: usize| columns[i].weight.max(1) as usize;
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| (want[a] * weight(b)).cmp(&(want[b] * weight(a))));
    let mut out = vec![0; n];
    let mut left = avail;
    let mut weights: usize = (0..n).map(weight).sum();
    for &i in &order {
        let share = left * weight(i) / weights.max(1);
        out[i] = want[i].min(share);
        left -= out[i];
        weights -= weight(i);
    }
    // what integer division left over goes to the first column (the name)
    out[0] += left;
    out
}

// Columns per pane (consts, so `col` is evaluated at compile time).
pub const SOURCES: &[Column] = &[
    col("NAME", 4, Ellipsis::End),
    col("ID", 4, Ellipsis::Middle),
    col("PROVIDER", 4, Ellipsis::End),
    col("CAPABILITIES", 3, Ellipsis::End),
];
pub const GATEWAYS: &[Column] = &[
    col("SOURCE", 3, Ellipsis::Middle),
    col("NAME", 4, Ellipsis::End),
    col("ID", 4, Ellipsis::Middle),
    col("DEFAULT", 1, Ellipsis::End),
    col("REFRESHED", 3, Ellipsis::End),
];
pub const CONNECTIONS: &[Column] = &[
    col("NAME", 5, Ellipsis::End),
    col("DATA SOURCE", 4, Ellipsis::Middle),
    col("SPACE", 3, Ellipsis::End),
    col("OWNER", 3, Ellipsis::End),
    col("CREATED", 3, Ellipsis::End),
];
pub const REFERENCED: &[Column] = &[
    col("NAME", 4, Ellipsis::End),
    col("ID", 4, Ellipsis::Middle),
    col("DATA SOURCE", 3, Ellipsis::Middle),
    col("USED BY", 1, Ellipsis::End),
];
pub const ORPHANS: &[Column] = &[
    col("NAME", 4, Ellipsis::End),
    col("ID", 4, Ellipsis::Middle),
    col("DATA SOURCE", 3, Ellipsis::Middle),
    col("TYPE", 3, Ellipsis::End),
    col("CREATED", 3, Ellipsis::End),
];
pub const BY_NAME: &[Column] = &[
    col("NAME", 4, Ellipsis::End),
    col("ID", 4, Ellipsis::Middle),
    col("TYPE", 3, Ellipsis::End),
    col("CONNECTIONS", 1, Ellipsis::End),
    col("CREATED", 3, Ellipsis::End),
];
pub const SPACES: &[Column] = &[
    col("NAME", 4, Ellipsis::End),
    col("ID", 4, Ellipsis::Middle),
    col("TYPE", 2, Ellipsis::End),
];

/// `2024-03-01T16:00:00.91Z` -> `2024-03-01 16:00`.
/// A text that is not a timestamp is shown whole (also one whose 16th byte is inside a
/// character: tenant text, which must not panic).
pub fn short_time(ts: Option<&str>) -> String {
    let t = ts.unwrap_or_default();
    t.get(..16)
        .map_or_else(|| t.to_string(), |head| head.replace('T', " "))
}

/// [`short_time`] written as the next cell of a row.
fn push_short_time(out: &mut CellWriter, ts: Option<&str>) {
    let t = ts.unwrap_or_default();
    let Some(head) = t.get(..16) else {
        out.cell(t);
        return;
    };
    // byte by byte: 'T' is ASCII, so every cut is at a character's boundary (16 bytes do not
    // pay for a searcher)
    out.cell("");
    let mut from = 0;
    for (at, _) in head.bytes().enumerate().filter(|&(_, b)| b == b'T') {
        out.push(&head[from..at]).push(" ");
        from = at + 1;
    }
    out.push(&head[from..]);
}

// The rows of each list, one function per list: `resource` says which serves which pane.

pub fn source_rows(app: &App) -> Vec<Row> {
    let sources = app.data.sources.items.iter().enumerate();
    sources
        .map(|(i, s)| {
            let cells = vec![
                s.display_name().to_string(),
                s.data_source_id.clone(),
                s.provider.clone(),
                s.capabilities.join(","),
            ];
            Row::new(i, &s.data_source_id, cells)
        })
        .collect()
}

pub fn gateway_rows(app: &App) -> Vec<Row> {
    let gateways = app.data.gateways.items.iter().enumerate();
    gateways
        .map(|(i, g)| {
            let cells = vec![
                g.source_name.clone(),
                g.gateway.name.clone(),
                g.gateway.id.clone(),
                if g.gateway.default { "yes" } else { "" }.into(),
                short_time(g.refreshed_at.as_deref()),
            ];
            Row::new(i, &g.gateway.id, cells)
        })
        .collect()
}

pub fn orphan_rows(app: &App) -> Vec<Row> {
    let orphans = app.data.orphans.items.iter().enumerate();
    orphans
        .map(|(i, o)| {
            let cells = vec![
                o.q_name.clone(),
                o.q_id.clone(),
                o.datasource_id.clone().unwrap_or_default(),
                o.q_type.clone(),
                short_time(o.created.as_deref()),
            ];
            Row::new(i, &o.q_id, cells)
        })
        .collect()
}

/// `:credentials NAME`: the credentials of that name.
pub fn credential_lookup_rows(app: &App) -> Vec<Row> {
    let found = app.data.lookup.items.iter().enumerate();
    found
        .map(|(i, c)| {
            let cells = vec![
                c.q_name.clone(),
                c.q_id.clone(),
                c.q_type.clone(),
                c.q_conn_count.to_string(),
                short_time(c.created.as_deref()),
            ];
            Row::new(i, &c.q_id, cells)
        })
        .collect()
}

pub fn space_rows(app: &App) -> Vec<Row> {
    let spaces = app.data.spaces.items.iter().enumerate();
    spaces
        .map(|(i, s)| {
            let cells = vec![
                s.name.clone(),
                s.id.clone(),
                s.space_type.clone().unwrap_or_default(),
            ];
            Row::new(i, &s.id, cells)
        })
        .collect()
}

/// The row of the referenced credential at `i`.
pub fn referenced_row(app: &App, i: usize) -> Row {
    let d = &app.data;
    let r = &d.referenced[i];
    let name = super::selection::referenced_name(app, i).unwrap_or_default();
    let mut cells = CellWriter::with_capacity(name.len() + 2 * r.id.len() + 48);
    cells
        .cell(&name)
        .cell(&r.id)
        .cell(r.data_source.as_deref().unwrap_or_default())
        .cell(&r.connections.to_string());
    Row::with_cells(i, &r.id, cells.finish())
}

/// Rows of the referenced credentials from index `from` on.
pub fn referenced_rows(app: &App, from: usize) -> Vec<Row> {
    (from..app.data.referenced.len())
        .map(|i| referenced_row(app, i))
        .collect()
}

/// Rows of the connections from index `from` on (a new page appends only its own rows).
pub fn connection_rows(app: &App, from: usize) -> Vec<Row> {
    let d = &app.data;
    let deep_filtering = app.list(Pane::Connections).filter.starts_with(DEEP);
    let added = d.connections.items.get(from..).unwrap_or_default();
    let mut rows = Vec::with_capacity(added.len());
    for (i, c) in (from..).zip(added) {
        if app.drill.as_ref().is_none_or(|d| d.allows(c)) {
            rows.push(connection_row(app, i, deep_filtering));
        }
    }
    rows
}

/// The row of connection `i` (with its raw JSON when a deep filter is on).
pub fn connection_row(app: &App, i: usize, deep_filtering: bool) -> Row {
    let c = &app.data.connections.items[i];
    let source = c.datasource_id.as_deref().unwrap_or(&c.q_type);
    let space = app.space_label(c.space_id());
    let owner = app.owner_shown(c.user.as_deref());
    // the five cells, their separators and the time
    let bytes = c.q_name.len() + source.len() + space.len() + owner.len() + 21;
    let mut cells = CellWriter::with_capacity(bytes);
    cells.cell(&c.q_name).cell(source).cell(space).cell(owner);
    push_short_time(&mut cells, c.created.as_deref());
    let mut row = Row::with_cells(i, c.id(), cells.finish());
    if deep_filtering {
        row.set_deep(&connection_json(app, i));
    }
    row
}

/// Connection `i` as the tenant sent it, its fetched detail (with `connectionProperties`)
/// when there is one: what a deep filter searches.
pub fn connection_json(app: &App, i: usize) -> serde_json::Value {
    let Some(c) = app.data.connections.items.get(i) else {
        return serde_json::Value::Null;
    };
    match app.data.connection_details.get(c.id()) {
        Some(super::state::Remote::Loaded(full)) => serde_json::to_value(full),
        _ => serde_json::to_value(c),
    }
    .unwrap_or_default()
}

/// Before a deep filter runs: the rows that lack their raw JSON get it (once).
pub fn ensure_deep(app: &mut App, pane: Pane) {
    if pane != Pane::Connections {
        return;
    }
    let missing: Vec<(usize, usize)> = app
        .list(pane)
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.has_deep())
        .map(|(n, r)| (n, r.item))
        .collect();
    let json: Vec<(usize, serde_json::Value)> = missing
        .into_iter()
        .map(|(n, item)| (n, connection_json(app, item)))
        .collect();
    let list = app.list_mut(pane);
    for (n, v) in json {
        list.rows[n].set_deep(&v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_cut_in_the_middle_names_at_the_end() {
        let a = fit("File_AmazonS3Connector", 15, Ellipsis::Middle);
        let b = fit("File_AmazonS3ConnectorV2", 15, Ellipsis::Middle);
        assert_eq!(a.chars().count(), 15);
        assert_ne!(a, b, "the cut keeps what tells them apart");
        assert!(b.ends_with("ctorV2"), "{b}");
        assert_eq!(fit("sqlserver_sales", 8, Ellipsis::End), "sqlserv…");
        assert_eq!(fit("short", 8, Ellipsis::Middle), "short");
        assert_eq!(fit("abc", 1, Ellipsis::End), "…");
        assert_eq!(fit("abc", 0, Ellipsis::End), "");
        assert_eq!(fit("äöüßéèêë", 5, Ellipsis::Middle), "äö…êë");
    }

    /// Times read as the list shows them; tenant text that is no time is shown whole, never a
    /// panic (a character across the 16th byte).
    #[test]
    fn times_are_cut_to_the_minute_and_other_text_is_kept() {
        let mut cells = CellWriter::default();
        for t in [
            "2024-03-01T16:00:00.91Z",
            "soon",
            "2024-03-01T16:0é:00Z",
            "",
        ] {
            push_short_time(&mut cells, Some(t));
        }
        push_short_time(&mut cells, None);
        let cells = cells.finish();
        let shown: Vec<&str> = cells.iter().collect();
        assert_eq!(
            shown,
            ["2024-03-01 16:00", "soon", "2024-03-01T16:0é:00Z", "", ""]
        );
        assert_eq!(
            short_time(Some("2024-03-01T16:00:00.91Z")),
            "2024-03-01 16:00"
        );
        assert_eq!(
            short_time(Some("2024-03-01T16:0é:00Z")),
            "2024-03-01T16:0é:00Z"
        );
        assert_eq!(short_time(None), "");
    }

    /// A cell's text with the cells' separator in it stays one cell, shown as the screen
    /// escapes it.
    #[test]
    fn a_cell_cannot_be_split_by_what_it_says() {
        let row = Row::new(0, "x", vec!["a\u{1f}b".into(), String::new(), "c".into()]);
        assert_eq!(row.cells.len(), 3);
        assert_eq!(&row.cells[0], "a\\u{1f}b");
        assert_eq!(&*crate::text::sanitize("a\u{1f}b"), &row.cells[0]);
        assert_eq!(row.cells.iter().collect::<Vec<_>>(), ["a\\u{1f}b", "", "c"]);
        assert!(Row::new(0, "x", Vec::new()).cells.is_empty());
        // more cells than a writer keeps the start of, the separator in early and late ones,
        // and in a cell written in pieces
        let texts: Vec<String> = (0..12)
            .map(|i| match i {
                1 | 8 | 11 => format!("c{i}\u{1f}x"),
                _ => format!("c{i}"),
            })
            .collect();
        let row = Row::new(0, "x", texts.clone());
        let want: Vec<String> = texts
            .iter()
            .map(|t| t.replace('\u{1f}', "\\u{1f}"))
            .collect();
        assert_eq!(row.cells.iter().collect::<Vec<_>>(), want);
        let mut pieces = CellWriter::default();
        pieces.cell("a").push("\u{1f}").push("b").cell("").cell("c");
        let cells = pieces.finish();
        assert_eq!(cells.iter().collect::<Vec<_>>(), ["a\\u{1f}b", "", "c"]);
    }

    fn list(names: &[&str]) -> ListState {
        let mut l = ListState::default();
        let rows = names
            .iter()
            .enumerate()
            .map(|(i, n)| Row::new(i, format!("id{i}"), vec![n.to_string(), format!("id{i}")]))
            .collect();
        set_rows(&mut l, rows);
        l
    }

    #[test]
    fn filter_is_case_insensitive_and_narrows_incrementally() {
        let mut l = list(&["Sales S3", "sales-pg", "HR", "Marketing", "Assets"]);
        l.filter = "s".into();
        refilter(&mut l, "");
        assert_eq!(l.view, vec![0, 1, 4]);
        l.filter = "SAL".into();
        refilter(&mut l, "s");
        assert_eq!(l.view, vec![0, 1]);
        l.filter = "".into();
        refilter(&mut l, "sal");
        assert_eq!(l.view.len(), 5);
    }

    /// Cells in ASCII and beyond are found whatever the case of either side.
    #[test]
    fn the_filter_ignores_case_in_and_beyond_ascii() {
        let mut l = list(&["ÄRGER Über", "Sales DB", "straße"]);
        for (filter, found) in [("ärger ü", vec![0]), ("SAL", vec![1]), ("STRASSE", vec![])] {
            l.filter = filter.into();
            recompute_view(&mut l);
            assert_eq!(l.view, found, "{filter}");
        }
        l.filter = "STRAßE".into();
        recompute_view(&mut l);
        assert_eq!(l.view, vec![2]);
    }

    /// The filter searches what a row says now: after it was built again (often enough for the
    /// haystacks to be compacted), and for rows pushed without the module's functions.
    #[test]
    fn a_row_built_again_is_found_by_what_it_says_now() {
        let mut l = list(&["alpha", "beta", "gamma"]);
        for round in 0..10 {
            let cells = vec![format!("Delta{round}"), "id1".into()];
            l.replace_row(1, Row::new(1, "id1", cells));
        }
        let shown = |l: &mut ListState, filter: &str| {
            l.filter = filter.into();
            recompute_view(l);
            l.view.clone()
        };
        assert_eq!(shown(&mut l, "delta9"), vec![1]);
        assert!(shown(&mut l, "beta").is_empty());
        assert_eq!(shown(&mut l, "GAMMA"), vec![2]);
        assert_eq!(shown(&mut l, "ALPHA"), vec![0]);
        l.rows.push(Row::new(3, "id3", vec!["Epsilon".into()]));
        assert_eq!(shown(&mut l, "eps"), vec![3]);
    }

    #[test]
    fn sort_flips_and_selection_survives_a_rebuild() {
        let mut l = list(&["b", "c", "a"]);
        l.sort = Some(Sort {
            column: 0,
            descending: false,
        });
        recompute_view(&mut l);
        assert_eq!(l.view, vec![2, 0, 1]);
        l.selected = 2; // "c"
        let rows = l.rows.clone();
        l.sort = Some(Sort {
            column: 0,
            descending: true,
        });
        set_rows(&mut l, rows);
        assert_eq!(&l.selected_row().unwrap().cells[0], "c");
        assert_eq!(l.selected, 0);
    }

    /// A page appended to a sorted, filtered list shows the rows as sorting and filtering the
    /// whole list again would, and the selection stays on its row.
    #[test]
    fn appended_rows_are_merged_into_a_sorted_filtered_view() {
        let names = [
            "delta", "Alpha", "charlie", "bravo", "alpha2", "Echo", "beta",
        ];
        let mut l = list(&names[..4]);
        l.filter = "a".into();
        l.sort = Some(Sort {
            column: 0,
            descending: false,
        });
        recompute_view(&mut l);
        l.selected = 1; // "bravo"
        let page: Vec<Row> = names[4..]
            .iter()
            .enumerate()
            .map(|(i, n)| Row::new(4 + i, format!("id{}", 4 + i), vec![n.to_string()]))
            .collect();
        append_rows(&mut l, page);
        let shown: Vec<&str> = l.view.iter().map(|&i| &l.rows[i].cells[0]).collect();
        assert_eq!(
            shown,
            ["Alpha", "alpha2", "beta", "bravo", "charlie", "delta"]
        );
        assert_eq!(&l.selected_row().unwrap().cells[0], "bravo");
        let mut again = l.clone();
        recompute_view(&mut again);
        assert_eq!(again.view, l.view);
    }

    /// At 160 columns "File_AmazonS3ConnectorV2" is shown whole (it was "File_Am…ectorV2"):
    /// short columns get what they need, long ones share the rest, spare width goes by weight.
    #[test]
    fn column_widths_come_from_the_content() {
        let cols = CONNECTIONS;
        let row = Row::new(
            0,
            "x",
            vec![
                "a rather long connection name for the sales team".into(),
                "File_AmazonS3ConnectorV2".into(),
                "Finance".into(),
                "me".into(),
                "2024-03-02 16:00".into(),
            ],
        );
        let w = column_widths(cols, [&row].into_iter(), 90);
        assert_eq!(w.iter().sum::<usize>() + cols.len() - 1, 90);
        assert!(w[1] >= 24, "the source id whole: {w:?}");
        assert!(w[4] >= 16, "the date whole: {w:?}");
        assert!(w[0] < 49, "the long name is the one cut: {w:?}");
        // room to spare: everything whole, the rest by weight
        let w = column_widths(cols, [&row].into_iter(), 200);
        assert!(w[0] >= 49 && w[1] >= 24, "{w:?}");
        assert_eq!(w.iter().sum::<usize>() + cols.len() - 1, 200);
        // no rows: the titles, and never a panic on a tiny width
        assert_eq!(column_widths(cols, std::iter::empty(), 3).len(), 5);
    }

    #[test]
    fn follow_selection_scrolls_both_ways() {
        let mut l = list(&["a"; 50]);
        l.selected = 30;
        follow_selection(&mut l, 10);
        assert_eq!(l.offset, 21);
        l.selected = 5;
        follow_selection(&mut l, 10);
        assert_eq!(l.offset, 5);
    }
}
