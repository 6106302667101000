//! The EMIS PD-Pontren domain: lembaga, santri, GTK, rombel, mutasi, sarana prasarana and
//! periode. Serde names follow EMIS 4.0 JSON where it is known (domain.md §4.1); unknown
//! fields are ignored so real servers that send more do not break us. Identifiers inside
//! records are kept as the text received (a record with an invalid NIK must still load, so
//! the validator can report it); [`crate::id`] parses them. Personal values travel in
//! [`Sensitive`], so `Debug` masks them.

mod gtk;
mod lembaga;
mod master;
mod periode;
mod rombel;
mod santri;
mod sarpras;

pub use gtk::{Gtk, RiwayatPendidikan, SimpegSnapshot, StatusKepegawaian};
pub use lembaga::{Alamat, IzinOperasional, Lembaga, LembagaKind, StatusLembaga};
pub use master::Master;
pub use periode::{Periode, Semester};
pub use rombel::{Rombel, parse_kelas};
pub use santri::{AktivitasBelajar, Mutasi, MutasiArah, OrangTua, Santri, StatusMukim};
pub use sarpras::{KategoriSarpras, SaranaPrasarana};

pub use crate::pii::Sensitive;

/// Reads an optional string field that may arrive as a string, a number or null, keeping
/// leading zeros of strings. A number is converted to its decimal text.
pub(crate) mod lenient {
    use serde::{Deserialize, Deserializer};

    pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        let v = Option::<serde_json::Value>::deserialize(d)?;
        Ok(match v {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(s)) => {
                let t = s.trim();
                if t.is_empty() { None } else { Some(t.to_string()) }
            }
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            Some(serde_json::Value::Bool(b)) => Some(b.to_string()),
            Some(other) => Some(other.to_string()),
        })
    }

    /// A string, or an object whose `name` is taken (`{"name": "Kelas 7 - A", "room_name": ...}`).
    pub fn opt_name<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        let v = Option::<serde_json::Value>::deserialize(d)?;
        Ok(match v {
            Some(serde_json::Value::Object(m)) => m
                .get("name")
                .and_then(|n| n.as_str())
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty()),
            Some(serde_json::Value::String(s)) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            _ => None,
        })
    }

    pub fn opt_sensitive<'de, D: Deserializer<'de>>(d: D) -> Result<Option<crate::pii::Sensitive>, D::Error> {
        Ok(opt_string(d)?.map(crate::pii::Sensitive::new))
    }

    pub fn sensitive<'de, D: Deserializer<'de>>(d: D) -> Result<crate::pii::Sensitive, D::Error> {
        Ok(crate::pii::Sensitive::new(opt_string(d)?.unwrap_or_default()))
    }

    pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        let v = Option::<serde_json::Value>::deserialize(d)?;
        Ok(match v {
            Some(serde_json::Value::Number(n)) => n.as_i64(),
            Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        })
    }
}

fn scalar_cells(v: &serde_json::Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let serde_json::Value::Object(m) = v {
        for (k, val) in m {
            match val {
                serde_json::Value::String(s) => out.push((k.clone(), s.clone())),
                serde_json::Value::Number(n) => out.push((k.clone(), n.to_string())),
                serde_json::Value::Bool(b) => out.push((k.clone(), b.to_string())),
                _ => {}
            }
        }
    }
    out
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
    serde_path_to_error::deserialize(v.clone()).map_err(|e| RecordError {
        path: e.path().to_string(),
        message: redact_serde_message(&e.inner().to_string()),
    })
}

impl Santri {
    /// Reads a santri from a JSON value that is either an EMIS record (nested `parents`,
    /// `learning_activity`) or a flat row with EMIS column names (`mother_full_name`,
    /// `study_group`...), or a mix: nested values win, flat columns fill what is missing.
    pub fn from_value(v: &serde_json::Value) -> Result<Santri, RecordError> {
        if !v.is_object() {
            return Err(RecordError::whole("harus berupa objek / must be an object"));
        }
        let mut s: Santri = record_from(v)?;
        let cells = scalar_cells(v);
        let flat = Santri::from_flat(cells.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let p = &mut s.parents;
        let fp = flat.parents;
        p.father_full_name = p.father_full_name.take().or(fp.father_full_name);
        p.father_nik = p.father_nik.take().or(fp.father_nik);
        p.mother_full_name = p.mother_full_name.take().or(fp.mother_full_name);
        p.mother_nik = p.mother_nik.take().or(fp.mother_nik);
        p.wali_full_name = p.wali_full_name.take().or(fp.wali_full_name);
        p.wali_nik = p.wali_nik.take().or(fp.wali_nik);
        if s.learning_activity.is_none() {
            s.learning_activity = flat.learning_activity;
        }
        if s.status_mukim.is_none() {
            s.status_mukim = flat.status_mukim;
        }
        if s.m_gender.is_none() {
            s.m_gender = flat.m_gender;
        }
        Ok(s)
    }
}

impl Gtk {
    /// Reads a GTK from an EMIS-shaped JSON object or a flat row (see [`Gtk::from_flat`]).
    pub fn from_value(v: &serde_json::Value) -> Result<Gtk, RecordError> {
        if !v.is_object() {
            return Err(RecordError::whole("harus berupa objek / must be an object"));
        }
        let mut g: Gtk = record_from(v)?;
        let cells = scalar_cells(v);
        let flat = Gtk::from_flat(cells.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        if g.education_history.is_empty() {
            g.education_history = flat.education_history;
        }
        if g.m_gender.is_none() {
            g.m_gender = flat.m_gender;
        }
        Ok(g)
    }
}
