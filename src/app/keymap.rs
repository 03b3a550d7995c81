//! ONE table: key -> intent per context, with a description. [`Keymap`] is built from
//! [`BINDINGS`] plus the user's `[keys]` overrides once at start; dispatch, the footer hints and
//! the `?` help all read it, so a key cannot be documented without working or work without
//! being documented.
//!
//! The parent only re-exports: `intent` and `key` are the vocabulary, `table` the defaults
//! the others build on; `map` is the table in force, `overrides` applies `[keys]` to it;
//! `names`, `syntax` and `docs` are its words.

mod docs;
mod intent;
mod key;
mod map;
pub mod names;
mod overrides;
mod syntax;
mod table;

pub use docs::{documentation, DOC_BEGIN, DOC_END};
pub use intent::{Intent, JumpTo};
pub use key::Key;
pub use map::{Bound, KeyMeaning, Keymap};
pub use overrides::renamed_notices;
pub use syntax::SYNTAX_HELP;
pub use table::{Binding, Context, Scope, BINDINGS};
