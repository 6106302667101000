//! Reading and restoring the session token, for an app that keeps a session across restarts
//! (a page across reloads): the app opts in, and stores the token where it chooses. The token
//! is a [`Secret`]: masked in `Debug`, never logged.

use super::EmisClient;
use super::auth::Session;
use crate::api::Secret;

impl EmisClient {
    /// The current session token (`None` before the first login or after a logout).
    pub fn session_token(&self) -> Option<Secret> {
        let s = self.inner.session.lock().unwrap_or_else(|p| p.into_inner());
        s.as_ref().map(|s| s.token.clone())
    }

    /// Uses `token` as the current session (e.g. one kept from an earlier page load); an
    /// expired one is renewed or replaced by a new login on the next call, as usual.
    pub fn restore_session_token(&self, token: &Secret) {
        *self.inner.session.lock().unwrap_or_else(|p| p.into_inner()) = Some(Session::new(token.expose().to_string()));
    }
}
