//! Panics: the terminal is restored, a crash report is written to the platform's state dir, and
//! the process ends with a short message naming the report. A panic inside [`contain`] (the
//! in-process demo tenant's request handlers) is that piece's failure only: it is logged and
//! the piece turns it into an answer, qdc goes on.
//!
//! The report holds the version, the OS, the panic message and location, and the last log
//! events ([`crate::logging::recent`]): actions by name and HTTP calls by method, path and
//! status. Those never hold a key, token, secret value or Authorization header (the log is
//! redacted by construction), and the report is scrubbed once more for bearer tokens.

use std::cell::Cell;
use std::future::Future;
use std::io::Write;
use std::panic::{AssertUnwindSafe, PanicHookInfo};
use std::path::{Path, PathBuf};
use std::pin::pin;
use std::task::Poll;

thread_local! {
    /// Set while a [`contain`]ed future is polled on this thread.
    static CONTAINED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `fut`; a panic while it is polled ends it with `Err` instead of ending qdc.
pub async fn contain<F: Future>(fut: F) -> std::thread::Result<F::Output> {
    let mut fut = pin!(fut);
    std::future::poll_fn(move |cx| {
        let before = CONTAINED.with(|c| c.replace(true));
        let polled = std::panic::catch_unwind(AssertUnwindSafe(|| fut.as_mut().poll(cx)));
        CONTAINED.with(|c| c.set(before));
        match polled {
            Ok(Poll::Ready(v)) => Poll::Ready(Ok(v)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(panic) => Poll::Ready(Err(panic)),
        }
    })
    .await
}

/// Installs the hook: `restore` puts the terminal back first (it must be safe to call twice).
pub fn install(restore: fn()) {
    std::panic::set_hook(Box::new(move |info| {
        if CONTAINED.with(|c| c.get()) {
            tracing::error!(panic = %message(info), at = %location(info), "contained panic");
            return;
        }
        restore();
        let report = write_report(&report_text(info), &crate::logging::state_dir());
        let mut err = std::io::stderr().lock();
        let _ = writeln!(
            err,
            "\nqdc crashed: {} ({})",
            crate::text::sanitize(&message(info)),
            location(info)
        );
        let _ = match &report {
            Ok(path) => writeln!(
                err,
                "A crash report (no secrets in it) is at {}\nPlease attach it to a bug report.",
                path.display()
            ),
            Err(e) => writeln!(err, "(no crash report could be written: {e})"),
        };
        let _ = err.flush();
        std::process::exit(101);
    }));
}

fn message(info: &PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into())
}

fn location(info: &PanicHookInfo<'_>) -> String {
    info.location()
        .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
        .unwrap_or_else(|| "unknown location".into())
}

/// The report's text.
pub fn report_text(info: &PanicHookInfo<'_>) -> String {
    compose(
        &message(info),
        &location(info),
        std::thread::current().name().unwrap_or("unnamed"),
        &crate::logging::recent(),
    )
}

fn compose(message: &str, location: &str, thread: &str, recent: &[String]) -> String {
    let mut out = format!(
        "qdc {} crash report\nwhen: {}\nos: {} {}\nthread: {thread}\npanic: {message}\nat: {location}\n\nlast events (oldest first):\n",
        env!("CARGO_PKG_VERSION"),
        chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        std::env::consts::OS,
        std::env::consts::ARCH,
    );
    for line in recent {
        out.push_str(line);
        out.push('\n');
    }
    redact(&out)
}

/// A last scrub: whatever follows `Bearer ` or `Basic ` is replaced.
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let found = ["Bearer ", "bearer ", "Basic ", "basic "]
            .iter()
            .filter_map(|m| rest.find(m).map(|i| (i, m.len())))
            .min();
        let Some((i, len)) = found else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..i + len]);
        out.push_str("***");
        let tail = &rest[i + len..];
        let end = tail
            .find(|c: char| c.is_whitespace() || c == '"' || c == ',')
            .unwrap_or(tail.len());
        rest = &tail[end..];
    }
}

/// Writes `text` to `crash-<time>-<pid>.txt` in `dir`; the file's path.
pub fn write_report(text: &str, dir: &Path) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let name = format!(
        "crash-{}-{}.txt",
        chrono::Utc::now().format("%Y%m%dT%H%M%SZ"),
        std::process::id()
    );
    let path = dir.join(name);
    std::fs::write(&path, text)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_names_version_os_panic_and_events_and_scrubs_tokens() {
        let text = compose(
            "boom",
            "src/x.rs:1:2",
            "main",
            &[
                "GET /api/v1/data-connections 200".into(),
                "Authorization: Bearer abc.def".into(),
            ],
        );
        assert!(text.contains(env!("CARGO_PKG_VERSION")), "{text}");
        assert!(text.contains(std::env::consts::OS), "{text}");
        assert!(text.contains("panic: boom\nat: src/x.rs:1:2"), "{text}");
        assert!(text.contains("GET /api/v1/data-connections 200"), "{text}");
        assert!(!text.contains("abc.def"), "{text}");
        assert!(text.contains("Bearer ***"), "{text}");
    }

    #[test]
    fn a_contained_panic_is_an_err_of_that_future_only() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let got = rt.block_on(contain(async {
            panic!("handler bug (expected in this test)")
        }));
        assert!(got.is_err());
        assert_eq!(rt.block_on(contain(async { 7 })).unwrap(), 7);
        assert!(!CONTAINED.with(|c| c.get()));
    }

    #[test]
    fn reports_are_written_where_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_report("x", &dir.path().join("state")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "x");
        assert!(path
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("crash-"));
    }
}
