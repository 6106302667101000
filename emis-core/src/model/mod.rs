//! The EMIS PD-Pontren domain: lembaga, santri, GTK, rombel, mutasi, sarana prasarana and
//! periode. Serde names follow EMIS 4.0 JSON where it is known (domain.md §4.1). Records are
//! read leniently (numbers and strings interchange, `null` is absent, enum values in any
//! case, an address as one string); fields a santri, GTK or lembaga does not know are kept in
//! its `extra` ([`Extra`]) and written back, so nothing the server sent is lost. Reading a
//! server answer goes through [`tolerant::decode`], which turns a bad value outside the
//! fields the sync decides on into a [`tolerant::ShapeWarning`]. Identifiers inside
//! records are kept as the text received (a record with an invalid NIK must still load, so
//! the validator can report it); [`crate::id`] parses them. Personal values travel in
//! [`Sensitive`], so `Debug` masks them.

mod aktivitas;
mod approval;
mod extra;
mod gtk;
mod lembaga;
pub(crate) mod lenient;
mod master;
mod orang_tua;
mod periode;
mod rombel;
mod santri;
mod sarpras;
pub mod tolerant;
mod wire;

pub use aktivitas::{AktivitasBelajar, Mutasi, MutasiArah};
pub use approval::ApprovalState;
pub use extra::Extra;
pub use gtk::{Gtk, RiwayatPendidikan, SimpegSnapshot, StatusKepegawaian};
pub use lembaga::{Alamat, IzinOperasional, Lembaga, LembagaKind, StatusLembaga};
pub use master::Master;
pub use orang_tua::OrangTua;
pub use periode::{Periode, Semester};
pub use rombel::{Rombel, parse_kelas};
pub use santri::{Santri, StatusMukim};
pub use sarpras::{KategoriSarpras, SaranaPrasarana};

pub use crate::pii::Sensitive;

/// Text of a scalar JSON value (a flat cell).
fn scalar_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Error reading a record from JSON-like data. Names the field path; never the value.
#[derive(Debug, thiserror::Error)]
#[error("data tidak dapat dibaca di {path} / record cannot be read at {path}: {message}")]
pub struct RecordError {
    /// Field path (`parents.mother_nik`), `.` for the record itself.
    pub path: String,
    /// What was wrong, with input values removed.
    pub message: String,
}

impl RecordError {
    fn whole(message: &str) -> RecordError {
        RecordError {
            path: ".".into(),
            message: message.into(),
        }
    }
}

/// Removes quoted values from a serde message (`invalid type: string "Siti"` →
/// `invalid type: string …`), so personal data never reaches an error.
pub fn redact_serde_message(msg: &str) -> String {
    let out = crate::pii::redact_quoted(msg);
    // Bare numbers after "integer"/"floating point" are values too.
    let mut words: Vec<String> = out.split(' ').map(str::to_string).collect();
    for i in 1..words.len() {
        if matches!(words[i - 1].as_str(), "integer" | "point" | "number")
            && words[i]
                .trim_end_matches(',')
                .chars()
                .all(|c| c.is_ascii_digit() || c == '-' || c == '.')
        {
            words[i] = if words[i].ends_with(',') {
                "…,".into()
            } else {
                "…".into()
            };
        }
    }
    words.join(" ")
}

fn record_from<T: serde::de::DeserializeOwned>(v: &serde_json::Value) -> Result<T, RecordError> {
    serde_path_to_error::deserialize(v).map_err(|e| RecordError {
        path: e.path().to_string(),
        message: redact_serde_message(&e.inner().to_string()),
    })
}

impl Santri {
    /// Reads a santri from a JSON value that is either an EMIS record (nested `parents`,
    /// `learning_activity`) or a flat row with EMIS column names (`mother_full_name`,
    /// `study_group`...), or a mix: nested values win, flat columns fill what is missing.
    /// A flat column whose value was used leaves [`Santri::extra`]; one that differs from the
    /// nested value stays there. Strict: any value of a shape it cannot read is an error
    /// (use [`tolerant::decode`] to read past them).
    pub fn from_value(v: &serde_json::Value) -> Result<Santri, RecordError> {
        let serde_json::Value::Object(m) = v else {
            return Err(RecordError::whole("harus berupa objek / must be an object"));
        };
        let mut s: Santri = record_from(v)?;
        for (k, val) in m {
            if !s.extra.contains_key(k) || !Santri::is_flat_column(k) {
                continue;
            }
            let Some(text) = scalar_text(val) else { continue };
            let one = Santri::from_flat([(k.as_str(), text.as_str())]);
            if s.fill_from_flat(one) {
                s.extra.remove(k);
            }
        }
        Ok(s)
    }
}

impl Gtk {
    /// Reads a GTK from an EMIS-shaped JSON object or a flat row (see [`Gtk::from_flat`]),
    /// merged like [`Santri::from_value`].
    pub fn from_value(v: &serde_json::Value) -> Result<Gtk, RecordError> {
        let serde_json::Value::Object(m) = v else {
            return Err(RecordError::whole("harus berupa objek / must be an object"));
        };
        let mut g: Gtk = record_from(v)?;
        for (k, val) in m {
            if !g.extra.contains_key(k) || !Gtk::is_flat_column(k) {
                continue;
            }
            let Some(text) = scalar_text(val) else { continue };
            let one = Gtk::from_flat([(k.as_str(), text.as_str())]);
            if g.fill_from_flat(one) {
                g.extra.remove(k);
            }
        }
        Ok(g)
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_tolerant;
