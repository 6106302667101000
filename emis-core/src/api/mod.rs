//! The EMIS 4.0 client: one method per endpoint of [`endpoints`], over an injected
//! [`Transport`](crate::transport::Transport), clock and sleep.
//!
//! - `client.rs`: options, the client handle, traffic counters and events;
//! - `send.rs`: one request with auth, pacing and retries, classified in one place
//!   (`classify.rs`); `envelope.rs`: the tolerant reading of EMIS's answers;
//! - `auth.rs`: credentials, pasted tokens and their claims, login / refresh;
//! - one file per resource, like the simulator's routes: `lembaga.rs`, `santri.rs`
//!   (list, search, the single multipart create and the update), `gtk.rs`, `simpeg.rs`
//!   (EMIS GTK preview and PINTAR `cek_nip`), `extended.rs` (assumed endpoints: batches,
//!   sync jobs, registrations, periods), and `ppdb.rs` (the create form's field names).

pub mod auth;
mod classify;
mod client;
pub mod endpoints;
mod envelope;
mod extended;
mod gtk;
mod lembaga;
mod pacing;
pub mod ppdb;
mod santri;
mod send;
mod session_token;
mod simpeg;
mod types;

pub use auth::{Credentials, Secret, TokenInfo, token_info};
pub use client::{ClientEvent, EmisClient, EmisConfig, EventSink, IdEncryptor, PlainId, Traffic, UpdateRequest};
pub use endpoints::Endpoint;
pub use pacing::Pacing;
pub use santri::{CreateOutcome, RejectionTexts, WriteRefusal};
pub use simpeg::{PreviewMatch, SimpegPreview};
pub use types::*;
