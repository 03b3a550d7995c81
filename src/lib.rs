//! qdc: a terminal UI for Qlik Cloud data connectivity.
//!
//! Rooms with one-way doors: `api` and `schema` know nothing of the terminal; `app` knows no
//! widgets; `ui` only draws state; `demo` (the fake tenant) shares `api::models` and nothing else.

// a panic in the UI loses the admin's screen and form: fallible code says why instead
#![warn(clippy::unwrap_used)]

pub mod api;
pub mod app;
pub mod cli;
pub mod config;
pub mod crash;
pub mod demo;
pub mod exit;
pub mod logging;
pub mod profile_cmd;
pub mod promote;
pub mod runtime;
pub mod schema;
pub mod script;
pub mod text;
pub mod ui;
