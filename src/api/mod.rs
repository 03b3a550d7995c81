//! The Qlik Cloud data-connectivity client. Knows nothing of terminals.

pub mod error;
pub mod models;

pub use error::{Error, ErrorKind};
