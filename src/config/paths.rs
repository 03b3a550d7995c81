//! Where the config file lives.

use std::path::{Path, PathBuf};

use super::env::Env;

/// File name inside the config directory.
pub const CONFIG_FILE_NAME: &str = "config.toml";

/// The config file to use, in order: `--config PATH`, `$QDC_CONFIG_DIR/config.toml`, on macOS
/// `~/.config/qdc/config.toml` when it exists (where many terminal users expect it), then the
/// platform config dir (`~/.config/qdc` on Linux, `~/Library/Application Support/qdc` on
/// macOS, `%APPDATA%\qdc\config` on Windows).
pub fn config_path(cli_config: Option<&Path>, env: &Env) -> Option<PathBuf> {
    if let Some(path) = cli_config {
        return Some(path.to_path_buf());
    }
    if let Some(dir) = &env.config_dir {
        return Some(PathBuf::from(dir).join(CONFIG_FILE_NAME));
    }
    if cfg!(target_os = "macos") {
        if let Some(home) = &env.home {
            let xdg_style = PathBuf::from(home)
                .join(".config/qdc")
                .join(CONFIG_FILE_NAME);
            if xdg_style.is_file() {
                return Some(xdg_style);
            }
        }
    }
    directories::ProjectDirs::from("", "", "qdc")
        .map(|dirs| dirs.config_dir().join(CONFIG_FILE_NAME))
}

/// File name of the log inside the state directory.
pub const LOG_FILE_NAME: &str = "qdc.log";

/// Where qdc's log file lives: the platform's state dir (`$XDG_STATE_HOME/qdc`, by default
/// `~/.local/state/qdc`, on Linux), else its local data dir (`~/Library/Application
/// Support/qdc` on macOS, `%LOCALAPPDATA%\qdc\data` on Windows); `QDC_STATE_DIR` overrides it.
/// `--help`, the README, the logger and the crash reports all take the place from here.
pub fn log_path() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("QDC_STATE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir).join(LOG_FILE_NAME));
    }
    let dirs = directories::ProjectDirs::from("", "", "qdc")?;
    let dir = dirs
        .state_dir()
        .unwrap_or_else(|| dirs.data_local_dir())
        .to_path_buf();
    Some(dir.join(LOG_FILE_NAME))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_path_beats_env_dir() {
        let env = Env {
            config_dir: Some("/tmp/qdc-env".into()),
            ..Env::default()
        };
        assert_eq!(
            config_path(Some(Path::new("/x/c.toml")), &env),
            Some(PathBuf::from("/x/c.toml"))
        );
        assert_eq!(
            config_path(None, &env),
            Some(PathBuf::from("/tmp/qdc-env/config.toml"))
        );
    }
}
