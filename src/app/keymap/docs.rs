//! The `[keys]` reference written into `config.example.toml`.

use super::map::Keymap;
use super::names::bindable;
use super::syntax::SYNTAX_HELP;
use super::table::BINDINGS;

/// The lines around the generated part of `config.example.toml`.
pub const DOC_BEGIN: &str =
    "# --- actions: generated from the keymap by `cargo test` (QDC_UPDATE_DOCS=1 rewrites it) ---";
pub const DOC_END: &str = "# --- end of actions ---";

/// The `[keys]` reference: every action name with its default keys and what it does, as TOML
/// comments. `config.example.toml` holds a copy that a test keeps current.
pub fn documentation() -> String {
    let map = Keymap::default();
    let rows: Vec<(String, String, String)> = bindable()
        .into_iter()
        .map(|intent| {
            let keys: Vec<String> = map.keys_of(intent).iter().map(|k| k.spec()).collect();
            let mut descs: Vec<&str> = Vec::new();
            for b in BINDINGS.iter().filter(|b| b.intent == intent) {
                if !descs.contains(&b.desc) {
                    descs.push(b.desc);
                }
            }
            let mut what = descs.join(" / ");
            if intent.mutates() {
                what.push_str(" [changes the tenant: hidden when read-only]");
            }
            (intent.name().to_string(), keys.join(", "), what)
        })
        .collect();
    let name_w = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    let keys_w = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
    let mut out = vec![
        DOC_BEGIN.to_string(),
        comment_wrapped(&format!("Keys are written as {SYNTAX_HELP}."), 95),
        "# A key replaces every default key of the action, in every view the action works in."
            .to_string(),
        "#".to_string(),
        format!(
            "# {:<name_w$}  {:<keys_w$}  what it does",
            "action", "default"
        ),
    ];
    for (name, keys, what) in rows {
        out.push(format!("# {name:<name_w$}  {keys:<keys_w$}  {what}"));
    }
    out.push(DOC_END.to_string());
    out.join("\n")
}

/// `text` as `# ` comment lines of at most about `width` characters.
fn comment_wrapped(text: &str, width: usize) -> String {
    let mut lines = vec![String::from("#")];
    for word in text.split(' ') {
        let line = lines.last_mut().expect("one line at least");
        if line.len() + 1 + word.len() > width && line.len() > 1 {
            lines.push(format!("# {word}"));
        } else {
            line.push(' ');
            line.push_str(word);
        }
    }
    lines.join("\n")
}
