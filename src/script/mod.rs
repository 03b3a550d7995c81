//! The commands for scripts: `qdc get`, `qdc describe` (read-only) and, over the plan module,
//! `qdc export` / `qdc apply`. No TTY needed; output goes to stdout as a table, JSON or YAML,
//! messages to stderr, and the status follows [`crate::exit`].

pub mod apply;
pub mod args;
pub mod describe;
pub mod export;
pub mod get;
pub mod output;
pub mod tenant;

pub use args::{ApplyArgs, DescribeArgs, ExportArgs, GetArgs};

use std::future::Future;
use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::exit::{finish, Failure};

/// Runs one scripting subcommand to its exit status.
pub fn run(cli: &Cli) -> ExitCode {
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            return finish(Err(Failure::failed(format!(
                "cannot start the async runtime: {e}"
            ))))
        }
    };
    let result = runtime.block_on(async {
        match &cli.command {
            Some(Command::Get(args)) => interruptible(get::run(cli, args)).await,
            Some(Command::Describe(args)) => interruptible(describe::run(cli, args)).await,
            Some(Command::Export(args)) => interruptible(export::run(cli, args)).await,
            // apply stops between writes, never in the middle of one
            Some(Command::Apply(args)) => apply::run(cli, args).await,
            _ => Err(Failure::usage("not a scripting command")),
        }
    });
    finish(result)
}

/// A read-only command stops at once on Ctrl-C (nothing it sends changes the tenant).
async fn interruptible(work: impl Future<Output = Result<(), Failure>>) -> Result<(), Failure> {
    tokio::select! {
        r = work => r,
        _ = tokio::signal::ctrl_c() => Err(Failure::interrupted()),
    }
}
