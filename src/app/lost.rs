//! Lost answers: a request that changes the tenant may have been carried out although no answer
//! came back. Such a request is never sent again blindly: the tenant is asked first (a create
//! or duplicate looks its name up, a rename re-reads the credential).

use std::time::Duration;

use crate::api::{Error, ErrorKind};

/// No answer to a request that reached (or may have reached) the tenant: it may have been
/// carried out. A 2xx the client could not read counts too: the tenant did answer yes.
pub fn answer_lost(e: &Error) -> bool {
    e.may_have_landed()
}

/// How the answer of a request that may have been carried out was lost, for "the tenant may
/// have created NAME …": the words follow the cause (a dropped connection, a timeout, or an
/// answer that came but could not be read).
pub fn how_lost(e: &Error) -> &'static str {
    match e.kind {
        ErrorKind::Timeout => "before the request timed out",
        ErrorKind::Decode => "but its answer could not be read",
        _ => "before the connection dropped",
    }
}

/// How many times a create's name is looked up after its answer was lost before qdc offers to
/// send it again.
pub const LOOKS: u32 = 4;
/// The shortest look-again window, for answers lost at once (a dropped connection).
pub const MIN_WINDOW: Duration = Duration::from_secs(2);
/// The longest look-again window: a tenant's own timeouts end a request long before this.
pub const MAX_WINDOW: Duration = Duration::from_secs(300);

/// Where a create whose answer was lost stands. The tenant may still be at work on it (a
/// request slower than the client's timeout), so one look that does not find the name proves
/// nothing: the name is looked up [`LOOKS`] times over a window as long as the lost request
/// was out, and only when every look says absent may the create go out again, after a yes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LostCreate {
    /// No answer was lost: Ctrl-S sends the create.
    #[default]
    No,
    /// The answer was lost: Ctrl-S starts looking, over `window`.
    Unsure { window: Duration },
    /// Look `look` (1-based) of [`LOOKS`] is waiting or in flight.
    Looking { look: u32, window: Duration },
    /// Every look said absent: the "send again?" confirm is open.
    Absent { window: Duration },
}

impl LostCreate {
    /// After the answer `e` of a create was lost.
    pub fn after(e: &Error) -> LostCreate {
        let out = e.lost_after().unwrap_or_default();
        LostCreate::Unsure {
            window: out.clamp(MIN_WINDOW, MAX_WINDOW),
        }
    }

    pub fn window(&self) -> Option<Duration> {
        match *self {
            LostCreate::No => None,
            LostCreate::Unsure { window }
            | LostCreate::Looking { window, .. }
            | LostCreate::Absent { window } => Some(window),
        }
    }
}

/// The wait before look `look` (1-based): none before the first, then gaps that double and add
/// up to `window` by the last (1, 2 and 4 sevenths for four looks), so the last look goes out
/// once the lost request's own time has passed again and the early ones catch a quick tenant.
pub fn wait_before(look: u32, window: Duration) -> Duration {
    if look <= 1 || look > LOOKS {
        return Duration::ZERO;
    }
    // from the first look's start to look n's: (2^(n-1) - 1) parts of 2^(LOOKS-1) - 1, so the
    // last one starts at exactly `window`
    let parts = (1u32 << (LOOKS - 1)) - 1;
    let start = |n: u32| window * ((1u32 << (n - 1)) - 1) / parts;
    start(look) - start(look - 1)
}

/// "checking whether NAME was created (look 2 of 4)", for the footer and the form's title.
pub fn checking(name: &str, look: u32) -> String {
    format!("checking whether {name} was created (look {look} of {LOOKS})")
}

/// Whole seconds, rounded up, for "over 8 s".
pub fn secs(d: Duration) -> u64 {
    d.as_millis().div_ceil(1000) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_look_goes_out_once_the_window_has_passed_again() {
        let window = Duration::from_secs(7);
        let waits: Vec<_> = (1..=LOOKS).map(|l| wait_before(l, window)).collect();
        assert_eq!(
            waits,
            [0, 1, 2, 4].map(Duration::from_secs).to_vec(),
            "doubling gaps"
        );
        assert_eq!(waits.iter().sum::<Duration>(), window);
    }

    #[test]
    fn the_window_is_as_long_as_the_lost_request_was_out_within_bounds() {
        let mut e = Error::new(ErrorKind::Timeout, "POST", "timed out");
        e.lost_after_secs = 60;
        assert_eq!(
            LostCreate::after(&e).window(),
            Some(Duration::from_secs(60))
        );
        e.lost_after_secs = 1;
        assert_eq!(LostCreate::after(&e).window(), Some(MIN_WINDOW));
        e.lost_after_secs = u16::MAX;
        assert_eq!(LostCreate::after(&e).window(), Some(MAX_WINDOW));
    }
}
