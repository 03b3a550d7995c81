//! The state of the program and how it changes. Knows no widgets and does no I/O: `update`
//! turns an [`Action`] into state changes plus [`Effect`]s that the runtime carries out.

pub mod action;
pub mod connection_index;
pub mod copy;
pub mod data;
pub mod edit;
pub mod effect;
pub mod feedback;
pub mod first_run;
pub mod form;
pub mod frame;
pub mod keymap;
pub mod layer;
pub mod list;
pub mod listed;
pub mod lost;
pub mod manage;
pub mod pane;
pub mod picker;
pub mod present;
pub mod preview;
pub mod reply;
pub mod resource;
pub mod rows;
pub mod selection;
pub mod state;
pub mod switch;
pub mod text_input;
pub mod update;
pub mod write;

pub use action::{Action, Payload};
pub use effect::{Effect, Fetch, Request, Slot, Ticket};
pub use keymap::{Context, Intent};
pub use state::{App, Pane};
pub use update::update;
