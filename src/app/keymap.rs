//! ONE table: key -> intent per context, with a description. [`Keymap`] is built from
//! [`BINDINGS`] plus the user's `[keys]` overrides once at start; dispatch, the footer hints and
//! the `?` help all read it, so a key cannot be documented without working or work without
//! being documented.
//!
//! The parent only re-exports: `table` (the vocabulary and the defaults) is the leaf the
//! others build on; `map` is the table in force; `names`, `syntax` and `docs` are its words.

mod docs;
mod map;
pub mod names;
mod syntax;
mod table;

pub use docs::{documentation, DOC_BEGIN, DOC_END};
pub use map::{Bound, KeyMeaning, Keymap};
pub use syntax::SYNTAX_HELP;
pub use table::{Binding, Context, Intent, JumpTo, Key, Scope, BINDINGS};
