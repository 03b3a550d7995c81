//! The OAuth popup of an interactive create: the URL's keys, sending the pasted code, a new
//! URL, cancelling; and the words after a code whose answer was lost.

use crate::app::effect::Effect;
use crate::app::keymap::Intent;
use crate::app::reply::AuthAnswer;
use crate::app::state::{App, Layer, Level};

// the OAuth popup

pub(super) fn oauth_intent(app: &mut App, intent: Intent, fx: &mut Vec<Effect>) {
    let Some(p) = app.layers.oauth_mut() else {
        return;
    };
    match intent {
        Intent::AuthSend => {
            if p.sending || p.reply.is_none() {
                return;
            }
            let code = p.code_text();
            if code.is_empty() {
                p.error = Some("Paste the code from the browser first.".into());
                return;
            }
            if let Some(reply) = p.reply.take() {
                p.sending = true;
                p.error = None;
                fx.push(Effect::Answer {
                    reply,
                    answer: AuthAnswer::Code(code),
                });
            }
        }
        Intent::AuthCopyUrl => {
            if let Some(url) = p.url.clone() {
                app.say(
                    Level::Info,
                    crate::app::feedback::copy_sent("the authorization URL"),
                );
                fx.push(Effect::Copy {
                    text: url,
                    what: "authorization URL".into(),
                });
            }
        }
        Intent::AuthOpenUrl => {
            if let Some(url) = p.url.clone() {
                fx.push(Effect::OpenUrl(url));
            }
        }
        Intent::AuthPrintUrl => {
            if let Some(url) = p.url.clone() {
                fx.push(Effect::PrintUrl(url));
            }
        }
        Intent::AuthNewUrl => {
            if let Some(reply) = p.reply.take() {
                p.url = None;
                p.error = None;
                p.code = Default::default();
                fx.push(Effect::Answer {
                    reply,
                    answer: AuthAnswer::NewUrl,
                });
            }
        }
        Intent::Back => {
            if p.sending {
                app.say(
                    Level::Warn,
                    "the code is on its way: wait for the tenant's answer",
                );
                return;
            }
            // dropping the popup drops the reply: the task stops waiting and ends
            app.layers.close(|l| matches!(l, Layer::OAuth(_)));
            // the write ends by itself: its task stops waiting once the reply is gone
            if let Some(f) = app.layers.form_mut() {
                f.submitting = false;
                f.sent = None;
            }
            let nothing = match app.layers.form().is_some_and(|f| f.is_edit()) {
                true => "nothing was sent",
                false => "nothing was created",
            };
            app.say(Level::Info, format!("authorization cancelled: {nothing}"));
        }
        _ => {}
    }
}

/// What the runtime said (a browser that did or did not open) also shows in the popup.
pub(in crate::app::update) fn on_report(app: &mut App, text: &str) {
    if let Some(p) = app.layers.oauth_mut() {
        p.note = Some(text.to_string());
    }
}

/// The popup's words after a code whose answer was lost. The OAuth task has already looked the
/// name up (found, the result would have shown instead) and looks again before the next code
/// goes out whenever that lookup could not tell.
pub(super) fn lost_code_words(name: &str) -> String {
    format!(
        "the connection dropped before the tenant answered: it may have created {name}. \
         {name} is looked up before another code is sent, so it is never created twice; \
         paste a new code (a used code does not work twice)"
    )
}
