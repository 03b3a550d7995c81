//! A question from a background task to the UI, answered on a oneshot channel (slumber's
//! pattern): the task sends the question inside an action and awaits the receiver; the UI keeps
//! the [`Reply`] until the user answers, then `update` asks the runtime to send the answer.
//! Dropping every clone of the `Reply` unanswered ends the task's wait cleanly.

use std::sync::{Arc, Mutex};

use tokio::sync::oneshot;

/// The answering end. Cloneable because actions are; only the first `send` is delivered.
pub struct Reply<T> {
    sender: Arc<Mutex<Option<oneshot::Sender<T>>>>,
}

impl<T> Reply<T> {
    /// A new question: the reply end for the UI and the receiver the task awaits.
    pub fn channel() -> (Reply<T>, oneshot::Receiver<T>) {
        let (tx, rx) = oneshot::channel();
        (
            Reply {
                sender: Arc::new(Mutex::new(Some(tx))),
            },
            rx,
        )
    }

    /// Delivers the answer; false when it was already answered or the task stopped waiting.
    pub fn send(&self, answer: T) -> bool {
        let taken = self.sender.lock().ok().and_then(|mut s| s.take());
        taken.is_some_and(|tx| tx.send(answer).is_ok())
    }
}

impl<T> Clone for Reply<T> {
    fn clone(&self) -> Self {
        Reply {
            sender: self.sender.clone(),
        }
    }
}

impl<T> std::fmt::Debug for Reply<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Reply")
    }
}

/// Two replies are equal when they answer the same question.
impl<T> PartialEq for Reply<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.sender, &other.sender)
    }
}
impl<T> Eq for Reply<T> {}

/// What the admin answers when the OAuth task asks for the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthAnswer {
    /// The code from the consent page.
    Code(String),
    /// Start over with a new auth URL (the old one expired or was used).
    NewUrl,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_answer_arrives() {
        let (reply, mut rx) = Reply::channel();
        let other = reply.clone();
        assert!(reply.send(AuthAnswer::Code("abc".into())));
        assert!(!other.send(AuthAnswer::NewUrl));
        assert_eq!(rx.try_recv().unwrap(), AuthAnswer::Code("abc".into()));
    }
}
