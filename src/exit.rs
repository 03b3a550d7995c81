//! qdc's exit statuses, and the one place that maps a failure to one. `--help` prints
//! [`EXIT_STATUS_HELP`], the README copies it.

use std::process::ExitCode;

use crate::config::ConfigError;

/// How a run of qdc ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: done (also quitting the TUI with `q` or Ctrl-C, which are its quit keys).
    Ok,
    /// 1: the tenant, the network, the keyring or a file failed.
    Failed,
    /// 2: the command line or the config is wrong (clap's own usage errors are 2 as well).
    Usage,
    /// 130: interrupted (SIGINT, SIGTERM, SIGHUP; Ctrl-C at a prompt), as shells report it.
    Interrupted,
}

/// The exit statuses, as `--help` prints them.
pub const EXIT_STATUS_HELP: &str = "Exit status: 0 done; 1 the tenant, the network, the keyring \
or a file failed; 2 usage or config error; 130 interrupted (SIGINT/SIGTERM/SIGHUP, Ctrl-C at a \
prompt).";

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::Failed => 1,
            Exit::Usage => 2,
            Exit::Interrupted => 130,
        }
    }

    /// The status of a failure to resolve the tenant from the command line and the config.
    pub fn of_config(e: &ConfigError) -> Exit {
        match e {
            // the store or the disk failed, not the request
            ConfigError::Io { .. } | ConfigError::SecretStore(_) => Exit::Failed,
            ConfigError::NoConfig { .. }
            | ConfigError::Invalid { .. }
            | ConfigError::SecretInFile { .. }
            | ConfigError::UnknownProfile { .. }
            | ConfigError::NoDefaultProfile { .. }
            | ConfigError::MissingSecret { .. }
            | ConfigError::BadServer { .. }
            | ConfigError::ServerWithoutSecret
            | ConfigError::Client(_) => Exit::Usage,
        }
    }

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
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit.code())
    }
}

/// A failed command: what to say, and how to exit.
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

    /// Prints `qdc: MESSAGE` to stderr and gives the status to exit with.
    pub fn report(self) -> ExitCode {
        eprintln!("qdc: {}", self.message);
        self.exit.into()
    }
}

impl From<ConfigError> for Failure {
    fn from(e: ConfigError) -> Failure {
        Failure {
            exit: Exit::of_config(&e),
            message: e.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_problems_are_usage_errors_and_a_broken_store_is_a_failure() {
        let unknown = ConfigError::UnknownProfile {
            name: "x".into(),
            known: vec![],
        };
        assert_eq!(Failure::from(unknown).exit.code(), 2);
        let store = ConfigError::SecretStore(crate::config::SecretError::Unavailable {
            store: "kernel keyutils".into(),
            message: "no session keyring".into(),
        });
        assert_eq!(Failure::from(store).exit.code(), 1);
        let cancelled = std::io::Error::new(std::io::ErrorKind::Interrupted, "cancelled");
        assert_eq!(Exit::of_io(&cancelled).code(), 130);
        assert_eq!(Exit::of_io(&std::io::Error::other("eof")).code(), 1);
    }
}
