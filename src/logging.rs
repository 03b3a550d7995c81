//! The log: `tracing` events to `qdc.log` in the platform's state dir (never the terminal while
//! the TUI runs), rotated at [`MAX_BYTES`] (`qdc.log.1` … `qdc.log.3`), filtered by
//! `--log-level` or `QDC_LOG` (`error`, `warn`, `info` (default), `debug`, `trace`, or
//! tracing's `target=level,...`). The last events are also kept in memory for a crash report
//! ([`recent`]).
//!
//! Redacted by construction: qdc logs HTTP calls by method, path, status, duration, retries and
//! bytes, actions by their name, and errors by their summary; never a header, a request body, a
//! query string or a typed value. A test greps the log of a whole session for the secrets.

use std::collections::VecDeque;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::Layer;

/// A log file is rotated when it reaches this size.
pub const MAX_BYTES: u64 = 5 * 1024 * 1024;
/// Rotated files kept besides `qdc.log`.
pub const KEEP: usize = 3;
/// Events kept in memory for a crash report.
const RECENT: usize = 100;

static RECENT_EVENTS: Mutex<VecDeque<String>> = Mutex::new(VecDeque::new());

/// The log file's path ([`crate::config::log_path`]; the temp dir on a platform without a
/// state dir).
pub fn log_path() -> PathBuf {
    crate::config::log_path().unwrap_or_else(|| {
        std::env::temp_dir()
            .join("qdc")
            .join(crate::config::paths::LOG_FILE_NAME)
    })
}

/// The dir of the log and the crash reports: `$QDC_STATE_DIR`, else the platform's state dir
/// (`~/.local/state/qdc` on Linux), else its local data dir.
pub fn state_dir() -> PathBuf {
    let log = log_path();
    log.parent().map(Path::to_path_buf).unwrap_or(log)
}

/// Starts logging to [`log_path`] at `level` (`--log-level`), else `QDC_LOG`, else `info`.
/// Returns the path, or why there is no log (qdc runs on without one).
pub fn init(level: Option<&str>) -> Result<PathBuf, String> {
    let spec = level
        .map(str::to_string)
        .or_else(|| {
            std::env::var("QDC_LOG")
                .ok()
                .filter(|s| !s.trim().is_empty())
        })
        .unwrap_or_else(|| "info".into());
    let filter: tracing_subscriber::filter::Targets = spec
        .trim()
        .parse()
        .map_err(|e| format!("log level {spec:?}: {e}"))?;
    let path = log_path();
    let file = RotatingFile::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let to_file = tracing_subscriber::fmt::layer()
        .with_writer(Mutex::new(file))
        .with_target(false)
        .with_filter(filter.clone());
    let subscriber = tracing_subscriber::registry()
        .with(to_file)
        .with(Recent.with_filter(filter));
    tracing::subscriber::set_global_default(subscriber).map_err(|e| e.to_string())?;
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        os = std::env::consts::OS,
        "qdc started"
    );
    Ok(path)
}

/// The last events, oldest first, as one line each.
pub fn recent() -> Vec<String> {
    RECENT_EVENTS
        .lock()
        .map(|r| r.iter().cloned().collect())
        .unwrap_or_default()
}

/// Keeps the last [`RECENT`] events in memory.
struct Recent;

impl<S: tracing::Subscriber> Layer<S> for Recent {
    fn on_event(
        &self,
        event: &tracing::Event<'_>,
        _ctx: tracing_subscriber::layer::Context<'_, S>,
    ) {
        let mut line = format!(
            "{} {}",
            chrono::Utc::now().format("%H:%M:%S%.3f"),
            event.metadata().level()
        );
        event.record(&mut Fields(&mut line));
        if let Ok(mut recent) = RECENT_EVENTS.lock() {
            if recent.len() == RECENT {
                recent.pop_front();
            }
            recent.push_back(line);
        }
    }
}

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        use std::fmt::Write as _;
        if field.name() == "message" {
            let _ = write!(self.0, " {value:?}");
        } else {
            let _ = write!(self.0, " {}={value:?}", field.name());
        }
    }
}

/// `qdc.log`, moved to `qdc.log.1` (and on) when it reaches [`MAX_BYTES`].
struct RotatingFile {
    path: PathBuf,
    file: File,
    written: u64,
}

impl RotatingFile {
    fn open(path: &Path) -> io::Result<Self> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        let written = file.metadata()?.len();
        Ok(RotatingFile {
            path: path.to_path_buf(),
            file,
            written,
        })
    }

    fn rotate(&mut self) -> io::Result<()> {
        let numbered = |n: usize| PathBuf::from(format!("{}.{n}", self.path.display()));
        for n in (1..KEEP).rev() {
            let _ = std::fs::rename(numbered(n), numbered(n + 1));
        }
        std::fs::rename(&self.path, numbered(1))?;
        *self = RotatingFile::open(&self.path.clone())?;
        Ok(())
    }
}

impl Write for RotatingFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.written >= MAX_BYTES {
            self.rotate()?;
        }
        let n = self.file.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_rotates_at_its_size_and_keeps_three() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("qdc.log");
        let mut f = RotatingFile::open(&path).unwrap();
        let chunk = vec![b'x'; 1024 * 1024];
        for _ in 0..(6 * 5 + 2) {
            f.write_all(&chunk).unwrap();
        }
        assert!(std::fs::metadata(&path).unwrap().len() <= MAX_BYTES);
        for n in 1..=KEEP {
            assert!(dir.path().join(format!("qdc.log.{n}")).exists(), "{n}");
        }
        assert!(!dir.path().join(format!("qdc.log.{}", KEEP + 1)).exists());
    }
}
