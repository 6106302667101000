//! # emis-sim
//!
//! A local EMIS 4.0-shaped HTTP simulator (docs/api.md) with deterministic synthetic data and
//! fault injection, for testing EMIS clients without the real server.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use emis_sim::{Fault, FaultRule, Faults, Simulator};
//! let sim = Simulator::builder()
//!     .seed(42)
//!     .token_ttl(600)
//!     .faults(Faults::single(
//!         FaultRule::new(Some("POST"), "/v1/students/pontrens/batch", Fault::ResetMidBody { after_bytes: None })
//!             .nth(1)
//!             .after_apply(),
//!     ))
//!     .build()
//!     .start()
//!     .await?;
//! let stat = sim.demo_statistic_num();
//! let op = sim.operator_credentials(&stat).unwrap();
//! println!("{} {} {}", sim.base_url(), op.email, op.password);
//! sim.shutdown();
//! # Ok(()) }
//! ```
//!
//! Everything is synthetic: no real person's data, fake passwords, loopback only.

#![recursion_limit = "256"]

mod control;
pub mod datagen;
mod faults;
mod http;
mod idempotency;
pub mod rng;
mod routes;
mod server;
mod state;

pub use datagen::{Dataset, Defects, GenConfig, Generator};
pub use faults::{Fault, FaultRule, Faults, RetryAfter, RuleCounter};
pub use server::{SimHandle, Simulator, SimulatorBuilder};
pub use state::{IdemCounts, LembagaCounts, RegistrationView, StateSnapshot};

/// Item codes the simulator puts into batch results.
pub mod codes {
    /// NIK active at another lembaga (data ganda): do mutasi keluar there first.
    pub const NIK_AKTIF_DI_LEMBAGA_LAIN: &str = "sync.nik_aktif_di_lembaga_lain";
    /// An identifier (NIK, NISN, KK, NIP, NUPTK) is invalid.
    pub const IDENTIFIER_TIDAK_VALID: &str = "sync.identifier_tidak_valid";
    /// Unknown server id (or not in the caller's lembaga).
    pub const TIDAK_DITEMUKAN: &str = "sync.tidak_ditemukan";
    /// The period is closed.
    pub const PERIODE_TUTUP: &str = "sync.periode_tutup";
    /// Simulator addition: NIK (or NIP) already active in the caller's lembaga.
    pub const NIK_SUDAH_TERDAFTAR: &str = "sync.nik_sudah_terdaftar";
    /// Simulator addition: a required field (NIK, full_name, reason) is missing.
    pub const DATA_TIDAK_LENGKAP: &str = "sync.data_tidak_lengkap";
    /// Simulator addition: item rejected by the `PartialBatchRejection` fault (retry it).
    pub const DITOLAK_SEMENTARA: &str = "sync.ditolak_sementara";
}
