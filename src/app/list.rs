//! One list of the explorer: rows of text (built when the data changes, not per frame), the
//! filtered and sorted view of indices over them, the selection and the marks. A leaf.

use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Index into the pane's items.
    pub item: usize,
    /// What `y` copies and what keeps the selection across rebuilds.
    pub id: String,
    pub cells: Cells,
    /// The item's raw JSON, lowercased: what a deep filter (`~sql01`) searches. Built only
    /// once a deep filter is typed, so plain lists pay nothing for it.
    deep: Option<Box<str>>,
}

/// A filter that starts with this searches the raw JSON of each item instead of its cells.
pub const DEEP: char = '~';

/// Where one cell ends and the next begins, in [`Cells`] and in the haystacks.
const SEPARATOR: char = '\u{1f}';

/// A row's cells in one allocation, each after a [`SEPARATOR`]: 100k rows of five cells are
/// 100k allocations, not 600k (a `Vec<String>` cost a row ~0.3 KB more at 100k).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cells(Box<str>);

impl Cells {
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.split(SEPARATOR).skip(1)
    }
    pub fn get(&self, i: usize) -> Option<&str> {
        self.iter().nth(i)
    }
    pub fn first(&self) -> Option<&str> {
        self.get(0)
    }
    pub fn len(&self) -> usize {
        self.iter().count()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<S: AsRef<str>> From<Vec<S>> for Cells {
    fn from(cells: Vec<S>) -> Cells {
        let mut out = CellWriter::with_capacity(cells.iter().map(|c| c.as_ref().len() + 1).sum());
        for cell in &cells {
            out.cell(cell.as_ref());
        }
        out.finish()
    }
}

/// A row's cells written one after another into their one buffer, a cell in one piece or in
/// several: no String per cell on the way (a page of 100 rows of five cells was 500 of them).
/// Tenant text is checked for the separator once per row, over the whole buffer, not per piece:
/// where each of the first cells starts is kept to escape them afterwards (rare).
#[derive(Debug, Default)]
pub struct CellWriter {
    text: String,
    /// Where each of the first [`KEPT`] cells starts (after its separator).
    starts: [usize; KEPT],
    cells: usize,
}

/// Cells whose start a [`CellWriter`] keeps; the pieces of a cell beyond are checked one by one.
const KEPT: usize = 8;

impl CellWriter {
    pub fn with_capacity(bytes: usize) -> CellWriter {
        CellWriter {
            text: String::with_capacity(bytes),
            ..CellWriter::default()
        }
    }

    /// The next cell, starting with `text`.
    pub fn cell(&mut self, text: &str) -> &mut CellWriter {
        if self.cells == KEPT {
            self.escape_kept();
        }
        self.text.push(SEPARATOR);
        if let Some(start) = self.starts.get_mut(self.cells) {
            *start = self.text.len();
        }
        self.cells += 1;
        self.push(text)
    }

    /// More of the current cell.
    pub fn push(&mut self, text: &str) -> &mut CellWriter {
        if self.cells > KEPT && text.as_bytes().contains(&(SEPARATOR as u8)) {
            self.text.push_str(&escaped(text));
        } else {
            self.text.push_str(text);
        }
        self
    }

    pub fn finish(mut self) -> Cells {
        if self.cells <= KEPT {
            self.escape_kept();
        }
        Cells(self.text.into_boxed_str())
    }

    /// Tenant text with the separator in it, in the cells written so far (the first [`KEPT`]):
    /// written again, escaped. A count over the row tells whether there is any.
    fn escape_kept(&mut self) {
        if separators(self.text.as_bytes()) == self.cells {
            return;
        }
        let old = std::mem::take(&mut self.text);
        let n = self.cells;
        for k in 0..n {
            let end = self.starts.get(k + 1).filter(|_| k + 1 < n);
            let cell = &old[self.starts[k]..end.map_or(old.len(), |e| e - 1)];
            self.text.push(SEPARATOR);
            self.starts[k] = self.text.len();
            self.text.push_str(&escaped(cell));
        }
    }
}

/// How many separators `text` holds: 32 bytes at a time, without an early exit, so that the
/// compiler makes it a few vector instructions per block (a byte by byte count cost a row ~400).
fn separators(text: &[u8]) -> usize {
    let is_separator = |b: &u8| u8::from(*b == SEPARATOR as u8);
    let mut blocks = text.chunks_exact(32);
    let mut n: usize = (&mut blocks)
        .map(|block| usize::from(block.iter().map(is_separator).sum::<u8>()))
        .sum();
    n += blocks.remainder().iter().map(is_separator).sum::<u8>() as usize;
    n
}

/// `text` as the screen would escape its separators (`text::sanitize`), so it shows the same and
/// cannot split a cell in two.
fn escaped(text: &str) -> String {
    text.replace(SEPARATOR, "\\u{1f}")
}

impl std::ops::Index<usize> for Cells {
    type Output = str;
    fn index(&self, i: usize) -> &str {
        self.get(i).expect("a cell of the row")
    }
}

impl Row {
    pub fn new(item: usize, id: impl Into<String>, cells: Vec<String>) -> Self {
        Row::with_cells(item, id, Cells::from(cells))
    }
    pub fn with_cells(item: usize, id: impl Into<String>, cells: Cells) -> Self {
        Row {
            item,
            id: id.into(),
            cells,
            deep: None,
        }
    }
    pub fn has_deep(&self) -> bool {
        self.deep.is_some()
    }
    pub fn set_deep(&mut self, json: &serde_json::Value) {
        self.deep = Some(json.to_string().to_lowercase().into_boxed_str());
    }
}

/// A filter made ready to run over many rows: lowercased once, and its substring searcher
/// built once (not per row, as `str::contains` would).
pub struct Matcher {
    /// `None` for an empty filter: every row matches.
    finder: Option<memchr::memmem::Finder<'static>>,
    deep: bool,
}

impl Matcher {
    pub fn new(filter: &str) -> Matcher {
        // lowercased char by char, as the haystacks are
        let lower: String = filter.chars().flat_map(char::to_lowercase).collect();
        let (deep, text) = match lower.strip_prefix(DEEP) {
            Some(rest) => (true, rest),
            None => (false, lower.as_str()),
        };
        let finder = (deep || !text.is_empty())
            .then(|| memchr::memmem::Finder::new(text.as_bytes()).into_owned());
        Matcher { finder, deep }
    }
}

/// Every row's cells, lowercased and joined (what the filter searches), one after another in
/// one string: a filter over 100k rows scans memory in order instead of visiting 100k heap
/// allocations (which missed the cache on each), and a row costs no allocation of its own.
#[derive(Debug, Clone, Default)]
struct Haystacks {
    text: String,
    /// Row n's haystack is `text[spans[n].0..spans[n].1]`.
    spans: Vec<(usize, usize)>,
    /// Bytes of `text` no span points at any more (rows replaced in place).
    unused: usize,
}

/// `text` lowercased char by char (as the filter is) onto `out`; ASCII, as most cells are, a
/// byte at a time (lowercasing char by char cost ~45 instructions a byte).
fn push_lowercase(out: &mut String, text: &str) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
    } else {
        out.extend(text.chars().flat_map(char::to_lowercase));
    }
}

impl Haystacks {
    fn of(rows: &[Row]) -> Haystacks {
        let mut h = Haystacks::default();
        for row in rows {
            h.push(row);
        }
        h
    }

    fn append(&mut self, row: &Row) -> (usize, usize) {
        let start = self.text.len();
        // the cells lowercased with their separators (which lowercase to themselves) in one
        // go, not cell by cell: what follows the first separator
        let cells = row.cells.0.strip_prefix(SEPARATOR).unwrap_or_default();
        push_lowercase(&mut self.text, cells);
        (start, self.text.len())
    }

    fn push(&mut self, row: &Row) {
        let span = self.append(row);
        self.spans.push(span);
    }

    /// Row `n` changed: its new haystack goes at the end; the text is compacted once more than
    /// half of it is unused.
    fn replace(&mut self, n: usize, row: &Row, rows: &[Row]) {
        let (a, b) = self.spans[n];
        self.unused += b - a;
        self.spans[n] = self.append(row);
        if self.unused > self.text.len() / 2 {
            *self = Haystacks::of(rows);
        }
    }

    fn get(&self, n: usize) -> &str {
        self.spans
            .get(n)
            .and_then(|&(a, b)| self.text.get(a..b))
            .unwrap_or_default()
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
    /// What the filter searches, row by row (kept in step by the functions of this module).
    haystacks: Haystacks,
    /// The rows lag behind the data: built again when the pane is shown (a pane nobody looks
    /// at does not build 100k rows page by page).
    pub stale: bool,
}

impl ListState {
    /// Row `n` built again (a count, an owner's name): its cells and what the filter finds.
    pub fn replace_row(&mut self, n: usize, row: Row) {
        self.sync();
        self.rows[n] = row;
        self.haystacks.replace(n, &self.rows[n], &self.rows);
    }

    /// `~text` matches inside the item's raw JSON (a host in a connection's connect statement
    /// or properties), the cells when there is none.
    fn matches(&self, n: usize, filter: &Matcher) -> bool {
        let Some(finder) = &filter.finder else {
            return true;
        };
        let text = match (filter.deep, &self.rows[n].deep) {
            (true, Some(deep)) => &**deep,
            _ => self.haystacks.get(n),
        };
        finder.find(text.as_bytes()).is_some()
    }

    /// Rows pushed or set other than through this module: what the filter searches is built
    /// again.
    fn sync(&mut self) {
        if self.haystacks.spans.len() != self.rows.len() {
            self.haystacks = Haystacks::of(&self.rows);
        }
    }

    pub fn selected_row(&self) -> Option<&Row> {
        self.view.get(self.selected).map(|&i| &self.rows[i])
    }
}

/// Appends rows (a new page) at the cost of the new rows: the filter runs over them only, and
/// a sorted view takes them in by a merge (the page sorted, then merged into the sorted view),
/// keeping the selected row.
pub fn append_rows(list: &mut ListState, new_rows: Vec<Row>) {
    let keep = list.view.get(list.selected).copied();
    let needle = Matcher::new(&list.filter);
    let start = list.view.len();
    list.sync();
    for row in new_rows {
        list.haystacks.push(&row);
        list.rows.push(row);
        let n = list.rows.len() - 1;
        if list.matches(n, &needle) {
            list.view.push(n);
        }
    }
    if let Some(sort) = list.sort {
        let rows = &list.rows;
        let mut added = list.view.split_off(start);
        added.sort_by(|&a, &b| cell_order(rows, sort, a, b));
        let old = std::mem::take(&mut list.view);
        list.view = merge(old, added, |&a, &b| cell_order(rows, sort, a, b));
        if let Some(pos) = keep.and_then(|k| list.view.iter().position(|&i| i == k)) {
            list.selected = pos;
        }
    }
    clamp_selection(list);
}

/// Two sorted runs as one; on a tie the element of `a` comes first (as a stable sort of `a`
/// followed by `b` would have it).
fn merge<T: Copy>(a: Vec<T>, b: Vec<T>, order: impl Fn(&T, &T) -> std::cmp::Ordering) -> Vec<T> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if order(&b[j], &a[i]) == std::cmp::Ordering::Less {
            out.push(b[j]);
            j += 1;
        } else {
            out.push(a[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// The order of two rows by the sorted column, case-insensitive, without allocating.
fn cell_order(rows: &[Row], sort: Sort, a: usize, b: usize) -> std::cmp::Ordering {
    let key = |i: usize| {
        rows[i]
            .cells
            .get(sort.column)
            .map(|s| s.chars().flat_map(char::to_lowercase))
    };
    let ord = match (key(a), key(b)) {
        (Some(x), Some(y)) => x.cmp(y),
        (x, y) => x.is_some().cmp(&y.is_some()),
    };
    if sort.descending {
        ord.reverse()
    } else {
        ord
    }
}

/// Replaces the rows of a list, keeping the selected row (by id) when it is still there.
pub fn set_rows(list: &mut ListState, rows: Vec<Row>) {
    let keep = list.selected_row().map(|r| r.id.clone());
    list.stale = false;
    list.haystacks = Haystacks::of(&rows);
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

/// Filters and sorts again after rows changed in place, keeping the selected row.
pub fn refresh_view(list: &mut ListState) {
    let keep = list.view.get(list.selected).copied();
    recompute_view(list);
    if let Some(pos) = keep.and_then(|k| list.view.iter().position(|&i| i == k)) {
        list.selected = pos;
    }
    clamp_selection(list);
}

/// Filters and sorts from scratch.
pub fn recompute_view(list: &mut ListState) {
    let needle = Matcher::new(&list.filter);
    list.sync();
    list.view = (0..list.rows.len())
        .filter(|&i| list.matches(i, &needle))
        .collect();
    sort_view(list);
}

/// The filter changed from `old` to the current one: when it only grew, narrow the current view
/// instead of scanning every row again (typing into the filter of a 10k list stays cheap).
pub fn refilter(list: &mut ListState, old: &str) {
    let lower = list.filter.to_lowercase();
    if !old.is_empty() && lower.starts_with(&old.to_lowercase()) {
        let needle = Matcher::new(&lower);
        list.sync();
        let mut view = std::mem::take(&mut list.view);
        view.retain(|&i| list.matches(i, &needle));
        list.view = view;
    } else {
        recompute_view(list);
    }
    list.selected = 0;
    list.offset = 0;
}

pub fn sort_view(list: &mut ListState) {
    if let Some(sort) = list.sort {
        let rows = &list.rows;
        list.view.sort_by(|&a, &b| cell_order(rows, sort, a, b));
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
    list.offset = super::picker::window_start(list.offset, list.selected, height);
}
