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
