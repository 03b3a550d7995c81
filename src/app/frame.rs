//! What the screen is made of on the app's side, without knowing a widget: [`FrameInfo`], what
//! the last frame laid out (`ui::draw` returns it; the app keeps it and bounds the next action's
//! scrolling and paging with it, so the layout lives in `ui` alone), and [`Views`], the view
//! models that cost something to build (the detail's lines, the raw JSON text, the request
//! preview), built when what they show changed rather than on every frame. A leaf.

/// What the last frame laid out. `None`: not drawn (yet, or not in that frame).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FrameInfo {
    /// Rows of the lists (the body less the table's border and heading): one page. The lists
    /// all get the body's height, so this holds while a form or the focused detail covers them.
    pub list_rows: Option<usize>,
    /// The first row the list showed (it keeps the selection in view on a smaller screen).
    pub list_offset: Option<usize>,
    /// The largest scroll of the detail: its first line shown when its last line sits on the
    /// bottom row, as its lines wrapped in the room they had.
    pub detail_last_page: Option<usize>,
    /// The same for the open overlay (help, raw JSON, messages).
    pub overlay_last_page: Option<usize>,
    /// The same for the form's request preview.
    pub preview_last_page: Option<usize>,
    /// The largest scroll of a delete confirm's list of names.
    pub confirm_last_page: Option<usize>,
    /// The largest scroll of the copy's plan.
    pub copy_last_page: Option<usize>,
}

/// A scroll bound that was not laid out: nothing to stop at (the ui still draws a full last
/// page). Large, but far from overflowing when a delta is added.
pub const UNBOUNDED: usize = isize::MAX as usize / 2;

impl FrameInfo {
    pub fn detail_last_page(&self) -> usize {
        self.detail_last_page.unwrap_or(UNBOUNDED)
    }
    pub fn overlay_last_page(&self) -> usize {
        self.overlay_last_page.unwrap_or(UNBOUNDED)
    }
    pub fn preview_last_page(&self) -> usize {
        self.preview_last_page.unwrap_or(UNBOUNDED)
    }
}

/// A line of the detail view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DetailLine {
    Heading(String),
    Field(String, String),
    Text(String),
    /// Loading, empty or failed: said in place of the data.
    Note(String),
    Error(String),
}

/// The view models of what is on screen. `update` marks them out of date after every action
/// that can change what they show (all but the spinner's tick); `app::present::prepare`
/// rebuilds the ones on screen before the next frame, once however many actions came between.
#[derive(Debug, Clone, Default)]
pub struct Views {
    built: bool,
    /// The selection's detail, when the detail is on screen.
    pub detail: Vec<DetailLine>,
    /// The selection's raw JSON, pretty-printed, while `J` shows it.
    pub json: Option<String>,
    /// The request preview of the open form, while it is shown.
    pub preview: Option<String>,
}

impl Views {
    /// What they show may have changed: rebuild before the next frame.
    pub fn invalidate(&mut self) {
        self.built = false;
    }
    pub fn is_built(&self) -> bool {
        self.built
    }
    pub fn set(&mut self, detail: Vec<DetailLine>, json: Option<String>, preview: Option<String>) {
        *self = Views {
            built: true,
            detail,
            json,
            preview,
        };
    }
}
