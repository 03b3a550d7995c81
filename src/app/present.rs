//! Brings the view models of what is on screen ([`Views`](super::frame::Views)) up to date
//! before a frame: each is built once after what it shows changed, however many frames draw
//! it (the spinner's frames, the frames paced while pages stream in), and only while shown.

use super::preview::base_url;
use super::resource::{detail_lines, selected_json_text};
use super::selection::json_loading;
use super::state::{App, Layer};

/// Rebuilds the view models when an action marked them out of date.
pub fn prepare(app: &mut App) {
    if app.views.is_built() {
        return;
    }
    // the body shows the detail beside the list, or in its place while it has the focus
    let detail_shown = app.layers.form().is_none() && (app.detail_beside() || app.detail_focused());
    let detail = if detail_shown {
        detail_lines(app)
    } else {
        Vec::new()
    };
    let json = app
        .layers
        .any(|l| matches!(l, Layer::Json { .. }))
        .then(|| {
            selected_json_text(app).unwrap_or_else(|| match json_loading(app) {
                true => "loading the connection…".into(),
                false => String::new(),
            })
        });
    let preview = app
        .layers
        .form()
        .filter(|_| app.layers.any(|l| matches!(l, Layer::Preview { .. })))
        .map(|f| f.preview_text(&base_url(&app.tenant.host)));
    app.views.set(detail, json, preview);
}
