//! One list of the explorer: rows of text (built when the data changes, not per frame), the
//! filtered and sorted view of indices over them, the selection and the marks. A leaf.

use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Index into the pane's items.
    pub item: usize,
    /// What `y` copies and what keeps the selection across rebuilds.
    pub id: String,
    pub cells: Vec<String>,
    /// The cells, lowercased and joined: what the filter searches.
    haystack: String,
    /// The item's raw JSON, lowercased: what a deep filter (`~sql01`) searches. Built only
    /// once a deep filter is typed, so plain lists pay nothing for it.
    deep: Option<String>,
}

/// A filter that starts with this searches the raw JSON of each item instead of its cells.
pub const DEEP: char = '~';

impl Row {
    pub fn new(item: usize, id: impl Into<String>, cells: Vec<String>) -> Self {
        let haystack = cells.join("\u{1f}").to_lowercase();
        Row {
            item,
            id: id.into(),
            cells,
            haystack,
            deep: None,
        }
    }
    /// `needle` must be lowercase. `~text` matches inside the item's raw JSON (a host in a
    /// connection's connect statement or properties), the cells when there is none.
    pub fn matches(&self, needle: &str) -> bool {
        match needle.strip_prefix(DEEP) {
            Some(deep) => self
                .deep
                .as_deref()
                .unwrap_or(&self.haystack)
                .contains(deep),
            None => needle.is_empty() || self.haystack.contains(needle),
        }
    }
    pub fn has_deep(&self) -> bool {
        self.deep.is_some()
    }
    pub fn set_deep(&mut self, json: &serde_json::Value) {
        self.deep = Some(json.to_string().to_lowercase());
    }
}

/// Sorting of a list: a column and a direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: usize,
    pub descending: bool,
}

/// One list: its rows (cells as text, built when the data changes), the filtered and sorted
/// view over them, and the selection within the view.
#[derive(Debug, Clone, Default)]
pub struct ListState {
    pub rows: Vec<Row>,
    /// Indices into `rows`, filtered and sorted.
    pub view: Vec<usize>,
    pub selected: usize,
    /// First visible row of `view`.
    pub offset: usize,
    pub filter: String,
    pub sort: Option<Sort>,
    /// Ids of the rows marked for a batch action; kept by id, so filter and sort keep them.
    pub marked: BTreeSet<String>,
}

impl ListState {
    pub fn selected_row(&self) -> Option<&Row> {
        self.view.get(self.selected).map(|&i| &self.rows[i])
    }
}

/// Appends rows (a new page): the filter runs over the new rows only; a sorted view is sorted
/// again, keeping the selected row.
pub fn append_rows(list: &mut ListState, new_rows: Vec<Row>) {
    let keep = list.selected_row().map(|r| r.id.clone());
    let needle = list.filter.to_lowercase();
    for row in new_rows {
        if row.matches(&needle) {
            list.view.push(list.rows.len());
        }
        list.rows.push(row);
    }
    if list.sort.is_some() {
        sort_view(list);
        if let Some(pos) = keep.and_then(|id| list.view.iter().position(|&i| list.rows[i].id == id))
        {
            list.selected = pos;
        }
    }
    clamp_selection(list);
}

/// Replaces the rows of a list, keeping the selected row (by id) when it is still there.
pub fn set_rows(list: &mut ListState, rows: Vec<Row>) {
    let keep = list.selected_row().map(|r| r.id.clone());
    list.rows = rows;
    if !list.marked.is_empty() {
        // a mark on a row that is gone would act on something the user cannot see
        let present: std::collections::HashSet<&str> =
            list.rows.iter().map(|r| r.id.as_str()).collect();
        list.marked.retain(|id| present.contains(id.as_str()));
    }
    recompute_view(list);
    if let Some(id) = keep {
        if let Some(pos) = list.view.iter().position(|&i| list.rows[i].id == id) {
            list.selected = pos;
        }
    }
    clamp_selection(list);
}

/// Filters and sorts from scratch.
pub fn recompute_view(list: &mut ListState) {
    let needle = list.filter.to_lowercase();
    list.view = (0..list.rows.len())
        .filter(|&i| list.rows[i].matches(&needle))
        .collect();
    sort_view(list);
}

/// The filter changed from `old` to the current one: when it only grew, narrow the current view
/// instead of scanning every row again (typing into the filter of a 10k list stays cheap).
pub fn refilter(list: &mut ListState, old: &str) {
    let needle = list.filter.to_lowercase();
    if !old.is_empty() && needle.starts_with(&old.to_lowercase()) {
        let rows = &list.rows;
        list.view.retain(|&i| rows[i].matches(&needle));
    } else {
        recompute_view(list);
    }
    list.selected = 0;
    list.offset = 0;
}

pub fn sort_view(list: &mut ListState) {
    if let Some(Sort { column, descending }) = list.sort {
        let rows = &list.rows;
        list.view.sort_by(|&a, &b| {
            let x = rows[a].cells.get(column).map(|s| s.to_lowercase());
            let y = rows[b].cells.get(column).map(|s| s.to_lowercase());
            let ord = x.cmp(&y);
            if descending {
                ord.reverse()
            } else {
                ord
            }
        });
    }
}

pub fn clamp_selection(list: &mut ListState) {
    if list.view.is_empty() {
        list.selected = 0;
        list.offset = 0;
    } else if list.selected >= list.view.len() {
        list.selected = list.view.len() - 1;
    }
}

/// Scrolls so that the selection is within `height` visible rows.
pub fn follow_selection(list: &mut ListState, height: usize) {
    let height = height.max(1);
    if list.selected < list.offset {
        list.offset = list.selected;
    } else if list.selected >= list.offset + height {
        list.offset = list.selected + 1 - height;
    }
}
