//! What the program says to the admin: the footer flash and the message log (`:messages`).
//! A leaf: the log is a ring, so a long session keeps the last [`MESSAGE_LOG_CAP`] messages
//! and its memory stays bounded.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Info,
    Warn,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub level: Level,
    pub text: String,
    pub at: chrono::DateTime<chrono::Local>,
}

/// The footer flash: info and warnings expire, errors stay until the next key.
#[derive(Debug, Clone, PartialEq)]
pub struct Flash {
    pub level: Level,
    pub text: String,
    pub expires: Option<Instant>,
}

pub const FLASH_TTL: Duration = Duration::from_secs(4);

/// How many messages the log keeps: older ones drop off the front.
pub const MESSAGE_LOG_CAP: usize = 500;

/// The message history, oldest first, at most [`MESSAGE_LOG_CAP`] long.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MessageLog {
    messages: VecDeque<Message>,
}

impl MessageLog {
    pub fn push(&mut self, message: Message) {
        if self.messages.len() == MESSAGE_LOG_CAP {
            self.messages.pop_front();
        }
        self.messages.push_back(message);
    }
    pub fn len(&self) -> usize {
        self.messages.len()
    }
    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }
    pub fn last(&self) -> Option<&Message> {
        self.messages.back()
    }
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Message> + ExactSizeIterator {
        self.messages.iter()
    }
}

/// Logs `text` and flashes it in the footer: info and warnings expire, errors stay until the
/// next key.
pub fn say(flash: &mut Option<Flash>, log: &mut MessageLog, level: Level, text: String) {
    log.push(Message {
        level,
        text: text.clone(),
        at: chrono::Local::now(),
    });
    *flash = Some(Flash {
        level,
        text,
        expires: (level != Level::Error).then(|| Instant::now() + FLASH_TTL),
    });
}

/// Logs `text` without a flash (a background failure that should not shout).
pub fn log_quietly(log: &mut MessageLog, level: Level, text: String) {
    log.push(Message {
        level,
        text,
        at: chrono::Local::now(),
    });
}

/// "1 connection", "3 connections".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// What the footer says after `y`: qdc hands the text to the terminal (OSC 52) and cannot know
/// whether the terminal took it, so it never claims the copy happened.
pub fn copy_sent(what: &str) -> String {
    format!("sent {what} to the terminal's clipboard (OSC 52)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_keeps_the_last_500_messages() {
        let mut log = MessageLog::default();
        let mut flash = None;
        for i in 0..MESSAGE_LOG_CAP + 20 {
            say(&mut flash, &mut log, Level::Info, format!("m{i}"));
        }
        assert_eq!(log.len(), MESSAGE_LOG_CAP);
        assert_eq!(log.iter().next().map(|m| m.text.as_str()), Some("m20"));
        assert_eq!(log.last().map(|m| m.text.as_str()), Some("m519"));
        assert_eq!(flash.map(|f| f.text), Some("m519".to_string()));
    }
}
