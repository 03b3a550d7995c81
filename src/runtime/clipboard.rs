//! Copying text: OSC 52 first (the terminal puts the text on the clipboard, which works over
//! SSH; inside tmux the plain sequence is what tmux's `set-clipboard` (on by default for
//! `external`/`on`) forwards to the outer terminal, whereas a DCS passthrough wrapper is dropped
//! by tmux 3.3+ unless `allow-passthrough` is on), and the system clipboard too where a
//! graphical session is evident (terminals that ignore OSC 52 are common on desktops).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use base64::Engine;

/// Terminals drop larger OSC 52 payloads (xterm's default is about 100 kB of base64).
pub const MAX_BYTES: usize = 74_994;

/// The OSC 52 sequence, the same everywhere (plain, also inside tmux and screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Osc52;

impl Osc52 {
    pub fn from_env() -> Self {
        Osc52
    }

    /// The escape sequence that copies `text`, or why it cannot.
    pub fn sequence(&self, text: &str) -> Result<String, String> {
        if text.len() > MAX_BYTES {
            return Err(format!(
                "too large to copy through the terminal ({} bytes, at most {MAX_BYTES})",
                text.len()
            ));
        }
        let b64 = base64::engine::general_purpose::STANDARD.encode(text);
        Ok(format!("\x1b]52;c;{b64}\x07"))
    }
}

/// The system clipboard through its command-line tool (`pbcopy`, `clip`, `wl-copy`, `xclip`,
/// `xsel`): no library and no display connection of our own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NativeClipboard {
    pub program: PathBuf,
    pub args: Vec<String>,
}

impl NativeClipboard {
    pub fn from_env() -> Option<Self> {
        Self::detect(
            std::env::consts::OS,
            &|name| std::env::var_os(name).filter(|v| !v.is_empty()).is_some(),
            &|tool| find_on_path(tool, std::env::var_os("PATH")),
        )
    }

    /// The tool to use on `os`, given which environment variables are set and which tools are
    /// installed; `None` without a graphical session (e.g. over SSH, where OSC 52 does the job).
    pub fn detect(
        os: &str,
        has_var: &dyn Fn(&str) -> bool,
        find: &dyn Fn(&str) -> Option<PathBuf>,
    ) -> Option<Self> {
        let candidates: &[(&str, &[&'static str], Option<&str>)] = match os {
            "macos" => &[("pbcopy", &[], None)],
            "windows" => &[("clip", &[], None)],
            _ => &[
                ("wl-copy", &[], Some("WAYLAND_DISPLAY")),
                ("xclip", &["-selection", "clipboard"], Some("DISPLAY")),
                ("xsel", &["--clipboard", "--input"], Some("DISPLAY")),
            ],
        };
        candidates.iter().find_map(|(tool, args, needs)| {
            if needs.is_some_and(|var| !has_var(var)) {
                return None;
            }
            find(tool).map(|program| NativeClipboard {
                program,
                args: args.iter().map(|a| a.to_string()).collect(),
            })
        })
    }

    /// Blocks until the tool has taken the text: run it off the event loop.
    pub fn copy(&self, text: &str) -> std::io::Result<()> {
        let mut child = Command::new(&self.program)
            .args(&self.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        child
            .stdin
            .take()
            .expect("stdin is piped")
            .write_all(text.as_bytes())?;
        let status = child.wait()?;
        if status.success() {
            Ok(())
        } else {
            Err(std::io::Error::other(format!(
                "{} exited with {status}",
                self.program.display()
            )))
        }
    }
}

fn find_on_path(tool: &str, path: Option<std::ffi::OsString>) -> Option<PathBuf> {
    std::env::split_paths(&path?)
        .map(|dir| dir.join(tool))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata()
            .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
            .unwrap_or(false)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_tool_only_with_a_graphical_session() {
        let installed = |tool: &str| Some(PathBuf::from(format!("/usr/bin/{tool}")));
        let none = |_: &str| false;
        assert_eq!(NativeClipboard::detect("linux", &none, &installed), None);
        let x11 = |var: &str| var == "DISPLAY";
        let found = NativeClipboard::detect("linux", &x11, &installed).unwrap();
        assert_eq!(found.program, PathBuf::from("/usr/bin/xclip"));
        assert_eq!(found.args, ["-selection", "clipboard"]);
        let wayland = |var: &str| var == "WAYLAND_DISPLAY";
        let found = NativeClipboard::detect("linux", &wayland, &installed).unwrap();
        assert_eq!(found.program, PathBuf::from("/usr/bin/wl-copy"));
        let only_xsel = |tool: &str| (tool == "xsel").then(|| PathBuf::from("/bin/xsel"));
        let found = NativeClipboard::detect("linux", &x11, &only_xsel).unwrap();
        assert_eq!(found.args, ["--clipboard", "--input"]);
        assert_eq!(
            NativeClipboard::detect("macos", &none, &installed)
                .unwrap()
                .program,
            PathBuf::from("/usr/bin/pbcopy")
        );
    }

    #[test]
    fn native_copy_hands_the_text_to_the_tool() {
        let dir = std::env::temp_dir().join(format!("qdc-clip-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join("clipboard");
        let tool = NativeClipboard {
            program: PathBuf::from("sh"),
            args: vec![
                "-c".into(),
                "cat > \"$0\"".into(),
                out.to_str().unwrap().into(),
            ],
        };
        tool.copy("7f3a-id").unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "7f3a-id");
        let failing = NativeClipboard {
            program: PathBuf::from("sh"),
            args: vec!["-c".into(), "exit 3".into()],
        };
        assert!(failing.copy("x").is_err());
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn path_lookup_finds_executables_only() {
        let found = find_on_path("sh", std::env::var_os("PATH"));
        assert!(found.is_some());
        assert_eq!(find_on_path("sh", None), None);
    }

    #[test]
    fn case12_plain_osc52_everywhere_tmux_included() {
        // inside tmux too: tmux forwards a plain OSC 52 (set-clipboard), drops a DCS wrapper
        std::env::set_var("TMUX", "/tmp/tmux-0/default,1,0");
        assert_eq!(
            Osc52::from_env().sequence("hi").unwrap(),
            "\x1b]52;c;aGk=\x07"
        );
        assert!(Osc52.sequence(&"x".repeat(MAX_BYTES + 1)).is_err());
    }
}
