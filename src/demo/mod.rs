//! The demo tenant: a faithful local fake of a Qlik Cloud tenant.

use std::process::ExitCode;

use crate::cli::DemoServerArgs;

/// `qdc demo-server`: serve until SIGINT/SIGTERM.
pub fn run_cli(_args: DemoServerArgs) -> ExitCode {
    eprintln!("demo server not built yet");
    ExitCode::from(2)
}
