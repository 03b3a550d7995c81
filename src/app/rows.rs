//! The lists as rows of text: one general mechanism for every pane. Rows are built when data
//! changes (not per frame); filter and sort work over the cells and keep a view of indices.

pub use super::list::{
    append_rows, clamp_selection, follow_selection, recompute_view, refilter, set_rows, sort_view,
    ListState, Row, Sort,
};
use super::state::{App, CredentialsView, Pane};

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

// Columns per pane (consts, so `col` is evaluated at compile time).
const SOURCES: &[Column] = &[
    col("NAME", 4, Ellipsis::End),
    col("ID", 4, Ellipsis::Middle),
    col("PROVIDER", 4, Ellipsis::End),
    col("CAPABILITIES", 3, Ellipsis::End),
];
const GATEWAYS: &[Column] = &[
    col("SOURCE", 3, Ellipsis::Middle),
    col("NAME", 4, Ellipsis::End),
    col("ID", 4, Ellipsis::Middle),
    col("DEFAULT", 1, Ellipsis::End),
    col("REFRESHED", 3, Ellipsis::End),
];
const CONNECTIONS: &[Column] = &[
    col("NAME", 5, Ellipsis::End),
    col("DATA SOURCE", 3, Ellipsis::Middle),
    col("SPACE", 3, Ellipsis::End),
    col("OWNER", 3, Ellipsis::End),
    col("CREATED", 3, Ellipsis::End),
];
const REFERENCED: &[Column] = &[
    col("NAME", 4, Ellipsis::End),
    col("ID", 4, Ellipsis::Middle),
    col("DATA SOURCE", 3, Ellipsis::Middle),
    col("USED BY", 1, Ellipsis::End),
];
const ORPHANS: &[Column] = &[
    col("NAME", 4, Ellipsis::End),
    col("ID", 4, Ellipsis::Middle),
    col("DATA SOURCE", 3, Ellipsis::Middle),
    col("TYPE", 3, Ellipsis::End),
    col("CREATED", 3, Ellipsis::End),
];
const BY_NAME: &[Column] = &[
    col("NAME", 4, Ellipsis::End),
    col("ID", 4, Ellipsis::Middle),
    col("TYPE", 3, Ellipsis::End),
    col("CONNECTIONS", 1, Ellipsis::End),
    col("CREATED", 3, Ellipsis::End),
];
const SPACES: &[Column] = &[
    col("NAME", 4, Ellipsis::End),
    col("ID", 4, Ellipsis::Middle),
    col("TYPE", 2, Ellipsis::End),
];

pub fn columns(app: &App, pane: Pane) -> &'static [Column] {
    match pane {
        Pane::Sources => SOURCES,
        Pane::Gateways => GATEWAYS,
        Pane::Connections => CONNECTIONS,
        Pane::Credentials => match app.credentials_view {
            CredentialsView::Referenced => REFERENCED,
            CredentialsView::Orphans => ORPHANS,
            CredentialsView::ByName(_) => BY_NAME,
        },
        Pane::Spaces => SPACES,
    }
}

/// `2024-03-01T16:00:00.91Z` -> `2024-03-01 16:00`.
pub fn short_time(ts: Option<&str>) -> String {
    match ts {
        Some(t) if t.len() >= 16 => t[..16].replace('T', " "),
        Some(t) => t.to_string(),
        None => String::new(),
    }
}

/// The rows of `pane` from the current data.
pub fn build(app: &App, pane: Pane) -> Vec<Row> {
    let d = &app.data;
    match pane {
        Pane::Sources => d
            .sources
            .items
            .iter()
            .enumerate()
            .map(|(i, s)| {
                Row::new(
                    i,
                    &s.data_source_id,
                    vec![
                        s.display_name().to_string(),
                        s.data_source_id.clone(),
                        s.provider.clone(),
                        s.capabilities.join(","),
                    ],
                )
            })
            .collect(),
        Pane::Gateways => d
            .gateways
            .items
            .iter()
            .enumerate()
            .map(|(i, g)| {
                Row::new(
                    i,
                    &g.gateway.id,
                    vec![
                        g.source_name.clone(),
                        g.gateway.name.clone(),
                        g.gateway.id.clone(),
                        if g.gateway.default { "yes" } else { "" }.into(),
                        short_time(g.refreshed_at.as_deref()),
                    ],
                )
            })
            .collect(),
        Pane::Connections => connection_rows(app, 0),
        Pane::Credentials => match &app.credentials_view {
            CredentialsView::Referenced => d
                .referenced
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let name = r.name.clone().or_else(|| match d.credentials.get(&r.id) {
                        Some(super::state::Remote::Loaded(c)) => Some(c.q_name.clone()),
                        _ => None,
                    });
                    Row::new(
                        i,
                        &r.id,
                        vec![
                            name.unwrap_or_default(),
                            r.id.clone(),
                            r.data_source.clone().unwrap_or_default(),
                            r.connections.to_string(),
                        ],
                    )
                })
                .collect(),
            CredentialsView::Orphans => d
                .orphans
                .items
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    Row::new(
                        i,
                        &o.q_id,
                        vec![
                            o.q_name.clone(),
                            o.q_id.clone(),
                            o.datasource_id.clone().unwrap_or_default(),
                            o.q_type.clone(),
                            short_time(o.created.as_deref()),
                        ],
                    )
                })
                .collect(),
            CredentialsView::ByName(_) => d
                .lookup
                .items
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    Row::new(
                        i,
                        &c.q_id,
                        vec![
                            c.q_name.clone(),
                            c.q_id.clone(),
                            c.q_type.clone(),
                            c.q_conn_count.to_string(),
                            short_time(c.created.as_deref()),
                        ],
                    )
                })
                .collect(),
        },
        Pane::Spaces => d
            .spaces
            .items
            .iter()
            .enumerate()
            .map(|(i, s)| {
                Row::new(
                    i,
                    &s.id,
                    vec![
                        s.name.clone(),
                        s.id.clone(),
                        s.space_type.clone().unwrap_or_default(),
                    ],
                )
            })
            .collect(),
    }
}

/// Rows of the connections from index `from` on (a new page appends only its own rows).
pub fn connection_rows(app: &App, from: usize) -> Vec<Row> {
    let d = &app.data;
    d.connections
        .items
        .iter()
        .enumerate()
        .skip(from)
        .map(|(i, c)| {
            let owner = app.owner_label(c.user.as_deref());
            let source = c.datasource_id.clone().unwrap_or_else(|| c.q_type.clone());
            Row::new(
                i,
                c.id(),
                vec![
                    c.q_name.clone(),
                    source,
                    app.space_name(c.space_id()),
                    owner,
                    short_time(c.created.as_deref()),
                ],
            )
        })
        .collect()
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
        assert_eq!(l.selected_row().unwrap().cells[0], "c");
        assert_eq!(l.selected, 0);
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
