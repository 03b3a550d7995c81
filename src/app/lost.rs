//! Lost answers: a request that changes the tenant may have been carried out although no answer
//! came back. Such a request is never sent again blindly: the tenant is asked first (a create
//! or duplicate looks its name up, a rename re-reads the credential).

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
