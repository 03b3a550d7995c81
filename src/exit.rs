//! Exit statuses of the `qdc` binary, and the one place that maps an error to one.
//!
//! | status | meaning |
//! | --- | --- |
//! | 0 | done |
//! | 1 | the tenant or the network failed (an error answer, no answer, an unreadable body) |
//! | 2 | usage or config error: bad flags, an unknown profile, a missing secret, a bad file |
//! | 130 | interrupted (Ctrl-C, SIGINT) |
//!
//! `--help` prints [`EXIT_STATUS_HELP`]; the README copies it.

use std::fmt;
use std::io::Write;
use std::process::ExitCode;

use crate::api;
use crate::config::ConfigError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    /// The tenant or the network failed.
    Failed = 1,
    /// Usage or config error.
    Usage = 2,
    Interrupted = 130,
}

/// The exit statuses, as `--help` prints them.
pub const EXIT_STATUS_HELP: &str = "Exit status: 0 done; 1 the tenant, the network, the keyring \
or a file failed; 2 usage or config error; 130 interrupted (SIGINT/SIGTERM/SIGHUP/SIGQUIT, Ctrl-C at a \
prompt).";

impl Exit {
    /// The status of an I/O failure: an interrupted one (a cancelled prompt) is 130.
    pub fn of_io(e: &std::io::Error) -> Exit {
        if e.kind() == std::io::ErrorKind::Interrupted {
            Exit::Interrupted
        } else {
            Exit::Failed
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

/// Why a command stopped: its status and one message for stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub exit: Exit,
    pub message: String,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            exit: Exit::Usage,
            message: message.into(),
        }
    }

    pub fn failed(message: impl Into<String>) -> Failure {
        Failure {
            exit: Exit::Failed,
            message: message.into(),
        }
    }

    pub fn interrupted() -> Failure {
        Failure {
            exit: Exit::Interrupted,
            message: "interrupted".into(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Every failed call to a tenant is a 1: it answered with an error, did not answer, or sent
/// something qdc cannot read. A base URL the client refuses is a usage error.
impl From<api::Error> for Failure {
    fn from(e: api::Error) -> Failure {
        let exit = match e.kind {
            api::ErrorKind::InvalidUrl if e.status.is_none() => Exit::Usage,
            _ => Exit::Failed,
        };
        Failure {
            exit,
            message: e.summary(),
        }
    }
}

/// Config problems are usage errors, except a keyring that cannot be reached or a file that
/// cannot be read or written (the machine failed, not the command line).
impl From<ConfigError> for Failure {
    fn from(e: ConfigError) -> Failure {
        let exit = match e {
            ConfigError::SecretStore(_) | ConfigError::Io { .. } => Exit::Failed,
            _ => Exit::Usage,
        };
        Failure {
            exit,
            message: e.to_string(),
        }
    }
}

/// Prints the failure (if any) as `qdc: MESSAGE` and gives the status. The message may quote
/// the tenant, so it goes through the sanitiser.
pub fn finish(result: Result<(), Failure>) -> ExitCode {
    match result {
        Ok(()) => Exit::Ok.into(),
        Err(f) => {
            // written, not eprintln!: a stderr that is gone (a closed terminal) must not turn
            // the failure into a panic
            let message = crate::text::sanitize_lines(&f.message);
            let _ = writeln!(std::io::stderr(), "qdc: {message}");
            f.exit.into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenant_answers_and_lost_answers_are_1_config_is_2() {
        let status = api::Error::from_response("GET /x", 404, b"{}", None);
        assert_eq!(Failure::from(status).exit, Exit::Failed);
        let lost = api::Error::new(api::ErrorKind::Transport, "GET /x", "reset");
        assert_eq!(Failure::from(lost).exit, Exit::Failed);
        let unknown = ConfigError::UnknownProfile {
            name: "p".into(),
            known: vec![],
        };
        assert_eq!(Failure::from(unknown).exit, Exit::Usage);
        assert_eq!(Exit::Interrupted as u8, 130);
        let cancelled = std::io::Error::new(std::io::ErrorKind::Interrupted, "cancelled");
        assert_eq!(Exit::of_io(&cancelled), Exit::Interrupted);
        assert_eq!(Exit::of_io(&std::io::Error::other("eof")), Exit::Failed);
    }
}
