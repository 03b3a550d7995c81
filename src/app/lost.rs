//! Lost answers: a request that changes the tenant may have been carried out although no answer
//! came back. Such a request is never sent again blindly: the tenant is asked first (a create
//! or duplicate looks its name up, a rename re-reads the credential).

use crate::api::Error;

/// No answer to a request that reached (or may have reached) the tenant: it may have been
/// carried out. A 2xx the client could not read counts too: the tenant did answer yes.
pub fn answer_lost(e: &Error) -> bool {
    e.may_have_landed()
}
