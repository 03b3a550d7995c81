//! One filterable list of choices for every place that picks one thing: a form's choice
//! fields (enum values, spaces, gateways, the credentials mode), the source picker of a
//! create, the space list of duplicate and move, and what comes next (existing credentials to
//! reuse). Typing filters it, the arrows move in what the filter shows, [`window_start`] says
//! which rows a window of a given height shows. A leaf: it knows no other module.

/// One entry: what the list shows, and what picking it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub label: String,
    pub value: String,
}

impl Choice {
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Self {
        Choice {
            label: label.into(),
            value: value.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub title: String,
    pub items: Vec<Choice>,
    /// What was typed: only the entries whose label contains it (any case) show. Not the
    /// value: ids (a space's hex id) would match almost any letter typed.
    pub filter: String,
    /// Indices into `items` that match the filter, in order.
    pub view: Vec<usize>,
    /// Position in `view` of the highlighted entry.
    pub selected: usize,
}

impl Picker {
    /// A picker on the entry whose value is `current` (the first entry when none is).
    pub fn new(title: impl Into<String>, items: Vec<Choice>, current: &str) -> Self {
        let mut p = Picker {
            title: title.into(),
            items,
            filter: String::new(),
            view: Vec::new(),
            selected: 0,
        };
        p.refilter(None);
        if let Some(pos) = p.view.iter().position(|&i| p.items[i].value == current) {
            p.selected = pos;
        }
        p
    }

    /// A new filter: the highlighted entry stays while the filter still shows it, else the
    /// first shown one is highlighted.
    pub fn set_filter(&mut self, filter: String) {
        let keep = self.view.get(self.selected).copied();
        self.filter = filter;
        self.refilter(keep);
    }

    /// Typed text, added to the filter.
    pub fn type_text(&mut self, text: &str) {
        let filter = format!("{}{text}", self.filter);
        self.set_filter(filter);
    }

    /// Backspace: the filter's last character goes.
    pub fn backspace(&mut self) {
        let mut filter = self.filter.clone();
        filter.pop();
        self.set_filter(filter);
    }

    fn refilter(&mut self, keep: Option<usize>) {
        let needle = self.filter.to_lowercase();
        self.view = (0..self.items.len())
            .filter(|&i| needle.is_empty() || self.items[i].label.to_lowercase().contains(&needle))
            .collect();
        self.selected = keep
            .and_then(|item| self.view.iter().position(|&i| i == item))
            .unwrap_or(0);
    }

    /// Moves the highlight by `delta` among the shown entries (stops at the ends).
    pub fn move_by(&mut self, delta: isize) {
        if self.view.is_empty() {
            return;
        }
        let max = self.view.len() as isize - 1;
        self.selected = (self.selected as isize).saturating_add(delta).clamp(0, max) as usize;
    }

    /// The highlighted entry; `None` when the filter shows nothing.
    pub fn chosen(&self) -> Option<&Choice> {
        self.view.get(self.selected).map(|&i| &self.items[i])
    }

    /// The shown entries, in order, with whether each is the highlighted one.
    pub fn shown(&self) -> impl Iterator<Item = (&Choice, bool)> {
        self.view
            .iter()
            .enumerate()
            .map(|(pos, &i)| (&self.items[i], pos == self.selected))
    }

    /// The first shown entry of a window of `rows`: the highlight is always in it.
    pub fn window_start(&self, rows: usize) -> usize {
        window_start(0, self.selected, rows)
    }
}

/// The first row of a window of `rows` that shows `selected`, moving the window that started
/// at `first` as little as possible: the one scroll rule of lists and pickers.
pub fn window_start(first: usize, selected: usize, rows: usize) -> usize {
    let rows = rows.max(1);
    if selected < first {
        selected
    } else if selected >= first + rows {
        selected + 1 - rows
    } else {
        first
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spaces() -> Picker {
        let items = ["Personal", "Finance", "Sales", "HR"]
            .iter()
            .enumerate()
            .map(|(i, n)| Choice::new(*n, format!("sp-{i}")))
            .collect();
        Picker::new(" Space ", items, "sp-2")
    }

    fn labels(p: &Picker) -> Vec<&str> {
        p.shown().map(|(c, _)| c.label.as_str()).collect()
    }

    #[test]
    fn it_opens_on_the_current_value_and_keeps_it_while_the_filter_shows_it() {
        let mut p = spaces();
        assert_eq!(p.chosen().unwrap().label, "Sales");
        p.type_text("s");
        assert_eq!(
            labels(&p),
            ["Personal", "Sales"],
            "by label, not by id (sp-…)"
        );
        assert_eq!(p.chosen().unwrap().label, "Sales", "still shown: kept");
        p.type_text("al");
        assert_eq!(labels(&p), ["Sales"]);
        p.set_filter("fin".into());
        assert_eq!(
            p.chosen().unwrap().label,
            "Finance",
            "gone: the first shown"
        );
        p.type_text("zz");
        assert!(p.chosen().is_none(), "nothing shown, nothing chosen");
        p.backspace();
        p.backspace();
        assert_eq!(p.chosen().unwrap().label, "Finance");
    }

    #[test]
    fn arrows_stop_at_the_ends_of_what_is_shown() {
        let mut p = spaces();
        p.move_by(10);
        assert_eq!(p.chosen().unwrap().label, "HR");
        p.move_by(-10);
        assert_eq!(p.chosen().unwrap().label, "Personal");
    }

    #[test]
    fn the_window_moves_only_as_far_as_the_highlight_needs() {
        assert_eq!(window_start(0, 3, 5), 0);
        assert_eq!(window_start(0, 7, 5), 3);
        assert_eq!(window_start(10, 12, 5), 10, "inside: stays");
        assert_eq!(window_start(10, 4, 5), 4, "above: moves up to it");
        assert_eq!(
            window_start(0, 0, 0),
            0,
            "no room still shows the highlight"
        );
    }
}
