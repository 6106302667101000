//! # emis-sim
//!
//! A local EMIS 4.0 simulator (docs/api.md) with deterministic synthetic data and fault
//! injection, for testing EMIS clients without the real server. By default it plays the
//! **real** server as public clients show it ([`Profile::Real`]): single multipart creates at
//! `POST /v1/students/ppdb` paced 3 s apart, Laravel's 404/422 shapes, rotating JWT-shaped
//! tokens, shape variance in list rows, the EMIS GTK SIMPEG preview behind a cookie session.
//! The project's invented endpoints (batches with Idempotency-Key, sync jobs, registrations,
//! the period list) answer only in [`Profile::Extended`].
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use emis_sim::{Fault, FaultRule, Faults, Simulator};
//! let sim = Simulator::builder()
//!     .seed(42)
//!     .write_window_ms(0)
//!     .faults(Faults::single(
//!         FaultRule::new(Some("POST"), "/v1/students/ppdb", Fault::ResetMidBody { after_bytes: Some(0) })
//!             .nth(1)
//!             .after_apply(),
//!     ))
//!     .build()
//!     .start()
//!     .await?;
//! let stat = sim.demo_statistic_num();
//! let op = sim.operator_credentials(&stat).unwrap();
//! println!("{} {} {} {}", sim.base_url(), op.email, op.nik, sim.mint_token(3600));
//! sim.shutdown();
//! # Ok(()) }
//! ```
//!
//! Everything is synthetic: no real person's data, fake passwords, loopback only.

#![recursion_limit = "256"]

mod control;
mod cors;
pub mod datagen;
mod fault_bodies;
mod faults;
mod http;
mod idempotency;
pub mod rng;
mod routes;
mod server;
mod snapshot;
mod state;
mod tokens;

pub use control::{ApprovalAction, ApprovalChange, DEFAULT_REJECT_NOTE};
pub use datagen::{Dataset, Defects, GenConfig, Generator, Scenarios};
pub use faults::{Fault, FaultRule, Faults, RetryAfter, RuleCounter, SessionShape};
pub use server::{DEFAULT_TOKEN_TTL, DEFAULT_WRITE_WINDOW_MS, SimHandle, Simulator, SimulatorBuilder};
pub use snapshot::{IdemCounts, LembagaCounts, RegistrationView, SantriState, StateSnapshot};
pub use state::Profile;

/// Messages of the real profile's answers that clients match on.
pub mod messages {
    /// 422 on `POST /v1/students/ppdb`: the NIK is already registered at this lembaga.
    pub const NIK_SUDAH_TERDAFTAR: &str = "NIK sudah terdaftar pada lembaga ini";
    /// 422 on `POST /v1/students/ppdb`: the NIK is active at another lembaga (data ganda).
    pub const NIK_AKTIF_DI_LEMBAGA_LAIN: &str = "NIK masih aktif di lembaga lain";
    /// 422 on a write: the period is closed (or the write names another period).
    pub const PERIODE_TUTUP: &str = "Periode pendataan sudah ditutup";
    /// 429 (pacing, read limit, the `too_many_requests` fault).
    pub const TOO_MANY_ATTEMPTS: &str = "Too Many Attempts.";
    /// The not-found-as-200 answer (`results.data`).
    pub const DATA_TIDAK_DITEMUKAN: &str = "data tidak ditemukan";
}

/// Item codes the simulator puts into batch results (extended profile): the catalogue's
/// server codes (`emis_core::catalog::codes`), as text.
pub mod codes {
    use emis_core::catalog::codes as c;
    /// NIK active at another lembaga (data ganda): do mutasi keluar there first.
    pub const NIK_AKTIF_DI_LEMBAGA_LAIN: &str = c::SYNC_NIK_AKTIF_DI_LEMBAGA_LAIN.as_str();
    /// An identifier (NIK, NISN, KK, NIP, NUPTK) is invalid.
    pub const IDENTIFIER_TIDAK_VALID: &str = c::SYNC_IDENTIFIER_TIDAK_VALID.as_str();
    /// Unknown server id (or not in the caller's lembaga).
    pub const TIDAK_DITEMUKAN: &str = c::SYNC_TIDAK_DITEMUKAN.as_str();
    /// The period is closed.
    pub const PERIODE_TUTUP: &str = c::SYNC_PERIODE_TUTUP.as_str();
    /// Simulator addition: NIK (or NIP) already active in the caller's lembaga.
    pub const NIK_SUDAH_TERDAFTAR: &str = c::SYNC_NIK_SUDAH_TERDAFTAR.as_str();
    /// Simulator addition: a required field (NIK, full_name, reason) is missing.
    pub const DATA_TIDAK_LENGKAP: &str = c::SYNC_DATA_TIDAK_LENGKAP.as_str();
    /// Simulator addition: item rejected by the `PartialBatchRejection` fault (retry it).
    pub const DITOLAK_SEMENTARA: &str = c::SYNC_DITOLAK_SEMENTARA.as_str();
}
