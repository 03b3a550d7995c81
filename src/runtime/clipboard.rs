//! OSC 52: the terminal puts text on the clipboard, which works over SSH. Inside tmux the
//! sequence is wrapped in a DCS passthrough so tmux hands it to the outer terminal.

use base64::Engine;

/// Terminals drop larger OSC 52 payloads (xterm's default is about 100 kB of base64).
pub const MAX_BYTES: usize = 74_994;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Osc52 {
    pub tmux: bool,
}

impl Osc52 {
    pub fn from_env() -> Self {
        Osc52 {
            tmux: std::env::var_os("TMUX").is_some(),
        }
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
        let osc = format!("\x1b]52;c;{b64}\x07");
        Ok(if self.tmux {
            // DCS tmux; <ESC doubled> ST
            format!("\x1bPtmux;{}\x1b\\", osc.replace('\x1b', "\x1b\x1b"))
        } else {
            osc
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_tmux_sequences() {
        assert_eq!(
            Osc52 { tmux: false }.sequence("hi").unwrap(),
            "\x1b]52;c;aGk=\x07"
        );
        assert_eq!(
            Osc52 { tmux: true }.sequence("hi").unwrap(),
            "\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\"
        );
        assert!(Osc52 { tmux: false }
            .sequence(&"x".repeat(MAX_BYTES + 1))
            .is_err());
    }
}
