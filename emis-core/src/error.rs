//! The one error type of the EMIS client and sync engine, with stable codes and messages an
//! operator understands (Bahasa Indonesia first). No variant carries a password, a token or a
//! full NIK.

use crate::catalog::codes;
use std::time::Duration;

/// Everything that can go wrong talking to EMIS or SIMPEG.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The connection failed or broke (refused, reset, cut mid-response).
    #[error("koneksi ke server gagal: {message} / connection failed")]
    Transport {
        /// What happened (no secrets).
        message: String,
    },
    /// No answer within the timeout.
    #[error("server tidak menjawab dalam {0:?} / request timed out")]
    Timeout(Duration),
    /// The server answered with an error status.
    #[error("server menjawab HTTP {status}{}: {message}", request_id.as_ref().map(|r| format!(" (request id {r})")).unwrap_or_default())]
    Http {
        /// HTTP status.
        status: u16,
        /// The server's request id, if it sent one.
        request_id: Option<String>,
        /// The server's message (trimmed).
        message: String,
    },
    /// Login failed or the session cannot be renewed.
    #[error("login gagal: {0} / authentication failed")]
    Auth(String),
    /// The account lacks the right for this action (HTTP 403).
    #[error("akun tidak memiliki hak untuk tindakan ini (HTTP 403): {0} / permission denied")]
    Permission(String),
    /// The server asks us to slow down (HTTP 429) and the retry budget is spent.
    #[error("server membatasi jumlah permintaan; coba lagi setelah {retry_after:?} / rate limited")]
    RateLimited {
        /// How long the server asked to wait.
        retry_after: Option<Duration>,
    },
    /// The server refused because of a conflict: data ganda, idempotency mismatch (HTTP 409).
    #[error("konflik data ({code}): {message}")]
    Conflict {
        /// Stable code from the server or ours.
        code: String,
        /// Message.
        message: String,
    },
    /// The resource does not exist (HTTP 404 on a detail endpoint).
    #[error("data tidak ditemukan / not found: {0}")]
    NotFound(String),
    /// The server does not offer this endpoint (404/405 on an assumed endpoint).
    #[error("server tidak mendukung layanan {endpoint} / endpoint not supported")]
    Unsupported {
        /// Endpoint name from the endpoint table.
        endpoint: &'static str,
    },
    /// The response could not be read: malformed or unexpected JSON.
    #[error("jawaban server tidak dapat dibaca di {path}: {message} / cannot decode response")]
    Decode {
        /// JSON path of the problem (`results[3].nik`), `.` for the whole body.
        path: String,
        /// What was wrong.
        message: String,
    },
    /// The caller cancelled.
    #[error("dibatalkan / cancelled")]
    Cancelled,
    /// Every retry failed; `last` is the final cause.
    #[error("gagal setelah {attempts} percobaan: {last}")]
    RetriesExhausted {
        /// Attempts made.
        attempts: u32,
        /// The last error.
        last: Box<Error>,
    },
    /// The client is misconfigured (bad base URL, missing credentials...).
    #[error("konfigurasi tidak valid: {0} / invalid configuration")]
    Config(String),
    /// A local storage problem (sync engine files).
    #[error("penyimpanan lokal gagal: {0} / local storage failed")]
    Storage(String),
    /// The pasted token (or cookie session) has expired or was revoked and cannot be renewed
    /// here. Nothing is lost: what was not sent stays in the outbox.
    #[error(
        "sesi {what} sudah berakhir. Salin token baru: buka EMIS di peramban, tekan F12 → tab Network → pilih permintaan ke api-emis → salin nilai header Authorization setelah \"Bearer \", lalu jalankan lagi dengan EMIS_TOKEN=…; data yang belum terkirim tetap tersimpan / the {what} session has expired: copy a fresh token and run again"
    )]
    SessionExpired {
        /// Which session (`EMIS`, `EMIS GTK`, `PINTAR`).
        what: &'static str,
    },
    /// A write was sent but its answer was lost (reset, timeout, server error): the server
    /// may or may not have applied it. Never sent blind again: it is looked up first.
    #[error("hasil pengiriman tidak diketahui ({last}); data dicek dulu sebelum dikirim ulang / outcome unknown")]
    OutcomeUnknown {
        /// What happened.
        last: Box<Error>,
    },
    /// The server's answer was larger than the configured limit (or never ended).
    #[error("jawaban server lebih dari {limit} byte dan dihentikan / response larger than {limit} bytes")]
    ResponseTooLarge {
        /// The limit in bytes.
        limit: u64,
    },
}

impl Error {
    /// A stable machine code (scope `client` of the catalogue).
    pub fn code(&self) -> &'static str {
        let code = match self {
            Error::Transport { .. } => codes::CLIENT_TRANSPORT,
            Error::Timeout(_) => codes::CLIENT_TIMEOUT,
            Error::Http { .. } => codes::CLIENT_HTTP,
            Error::Auth(_) => codes::CLIENT_AUTH,
            Error::Permission(_) => codes::CLIENT_PERMISSION,
            Error::RateLimited { .. } => codes::CLIENT_RATE_LIMITED,
            Error::Conflict { .. } => codes::CLIENT_CONFLICT,
            Error::NotFound(_) => codes::CLIENT_NOT_FOUND,
            Error::Unsupported { .. } => codes::CLIENT_UNSUPPORTED,
            Error::Decode { .. } => codes::CLIENT_DECODE,
            Error::Cancelled => codes::CLIENT_CANCELLED,
            Error::RetriesExhausted { .. } => codes::CLIENT_RETRIES_EXHAUSTED,
            Error::Config(_) => codes::CLIENT_CONFIG,
            Error::Storage(_) => codes::CLIENT_STORAGE,
            Error::SessionExpired { .. } => codes::CLIENT_SESSION_EXPIRED,
            Error::OutcomeUnknown { .. } => codes::CLIENT_OUTCOME_UNKNOWN,
            Error::ResponseTooLarge { .. } => codes::CLIENT_RESPONS_TERLALU_BESAR,
        };
        code.emit()
    }
    /// HTTP status, if the error came from one (also inside `RetriesExhausted`).
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Http { status, .. } => Some(*status),
            Error::RateLimited { .. } => Some(429),
            Error::Permission(_) => Some(403),
            Error::RetriesExhausted { last, .. } | Error::OutcomeUnknown { last } => last.status(),
            _ => None,
        }
    }
    /// True when the session ended and needs a login or a fresh token.
    pub fn is_auth(&self) -> bool {
        matches!(self.root(), Error::Auth(_) | Error::SessionExpired { .. })
    }
    /// The innermost cause (unwraps `RetriesExhausted`).
    pub fn root(&self) -> &Error {
        match self {
            Error::RetriesExhausted { last, .. } => last.root(),
            e => e,
        }
    }
}

/// Result with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Scope, rule};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn every_error_code_is_a_client_code_of_the_catalogue() {
        let all = [
            Error::Transport {
                message: "reset".into(),
            },
            Error::Timeout(Duration::from_secs(1)),
            Error::Http {
                status: 500,
                request_id: None,
                message: "x".into(),
            },
            Error::Auth("x".into()),
            Error::Permission("x".into()),
            Error::RateLimited { retry_after: None },
            Error::Conflict {
                code: "x".into(),
                message: "x".into(),
            },
            Error::NotFound("x".into()),
            Error::Unsupported { endpoint: "x" },
            Error::Decode {
                path: ".".into(),
                message: "x".into(),
            },
            Error::Cancelled,
            Error::RetriesExhausted {
                attempts: 2,
                last: Box::new(Error::Cancelled),
            },
            Error::Config("x".into()),
            Error::Storage("x".into()),
            Error::SessionExpired { what: "EMIS" },
            Error::OutcomeUnknown {
                last: Box::new(Error::Cancelled),
            },
            Error::ResponseTooLarge { limit: 1 },
        ];
        let mut seen = Vec::new();
        for e in &all {
            let def = rule(e.code()).unwrap_or_else(|| panic!("{} not in the catalogue", e.code()));
            assert_eq!(def.scope, Scope::Client, "{}", e.code());
            assert!(!seen.contains(&e.code()), "{} twice", e.code());
            seen.push(e.code());
        }
        let client = crate::catalog::RULES
            .iter()
            .filter(|r| r.scope == Scope::Client)
            .count();
        assert_eq!(seen.len(), client, "a client code no error produces");
    }
}
