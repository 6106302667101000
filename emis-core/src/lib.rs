//! # emis-core
//!
//! Validate and sync Indonesian pesantren data (lembaga, santri, GTK) with EMIS 4.0
//! PD-Pontren, the Ministry of Religious Affairs' education data system.
//!
//! * [`id`]: identifier newtypes (NIK, No. KK, NISN, NIP/NI PPPK, NUPTK, nomor statistik,
//!   NPSN, NISM) with structured parts and every issue reported;
//! * [`wilayah`]: the Kemendagri region codes compiled in, current and retired;
//! * [`model`]: lembaga, santri, GTK, rombel, mutasi, sarpras, periode, with EMIS names;
//! * [`rules`]: the record and roster rules, returning a full [`Report`];
//! * [`catalog`]: every issue code with messages in Bahasa Indonesia and English.
//!
//! Personal data is masked in `Debug` by construction ([`pii::Sensitive`]).
//!
//! ```
//! use emis_core::id::{self, CheckOptions, IdKind};
//! use emis_core::date::Date;
//! let opts = CheckOptions::new(Date::new(2026, 11, 30).unwrap());
//! let r = id::check(IdKind::Nik, "3517011708080001", &opts);
//! assert!(r.is_valid());
//! assert!(!id::nik::is_valid("3517013002080001")); // 30 February
//! ```
#![warn(missing_docs)]

pub mod catalog;
pub mod columns;
pub mod date;
pub mod forms;
pub mod frames;
pub mod id;
pub mod matching;
pub mod model;
pub mod pii;
pub mod report;
pub mod rules;
pub mod wilayah;

pub use catalog::{Lang, Severity};
pub use report::{Issue, Report, Verdict};
pub mod api;
pub mod error;
pub mod export;
pub mod sheet;
pub mod transport;

pub use api::EmisClient;
pub use error::Error;
pub mod daftar;
pub mod receipt;
pub mod schedule;
pub mod sync;
