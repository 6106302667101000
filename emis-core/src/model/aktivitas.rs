//! Learning activity of a santri in one period, and transfers (mutasi).

use super::{Extra, Master, lenient};
use serde::{Deserialize, Serialize};

/// Learning activity in one period (`learning_activity`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AktivitasBelajar {
    /// Server id of the period — never computed.
    #[serde(
        default,
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub academic_year_id: Option<i64>,
    /// Level/jenjang (Ula, Wustha, Ulya, TPQ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub m_level_id: Option<Master>,
    /// Grade (tingkat/kelas).
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub tingkat: Option<String>,
    /// Study group (rombel) name, e.g. `Kelas 7 - 7-W2060`.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub study_group: Option<String>,
    /// Status (aktif, active_without_rombel, lulus, mutasi keluar, tidak aktif...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub student_status: Option<Master>,
    /// Admission date (text).
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub admission_date: Option<String>,
    /// Start of the activity in this period (text).
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub start_date: Option<String>,
    /// Exit date (text).
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub exit_date: Option<String>,
    /// Exit reason (jenis keluar).
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub exit_reason: Option<String>,
    /// Exit destination.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub exit_destination: Option<String>,
    /// Fields of `learning_activity` this struct does not model (`academic_year`,
    /// `student_status_id`...), kept as received.
    #[serde(flatten, serialize_with = "serialize_extra")]
    pub extra: Extra,
}

const KNOWN: &[&str] = &[
    "academic_year_id",
    "m_level_id",
    "tingkat",
    "study_group",
    "student_status",
    "admission_date",
    "start_date",
    "exit_date",
    "exit_reason",
    "exit_destination",
];

fn serialize_extra<S: serde::Serializer>(e: &Extra, s: S) -> Result<S::Ok, S::Error> {
    e.serialize_except(KNOWN, s)
}

impl AktivitasBelajar {
    /// The status as lower-case text.
    pub fn status_text(&self) -> Option<String> {
        self.student_status
            .as_ref()
            .and_then(Master::text)
            .map(|s| s.trim().to_lowercase())
    }
    /// True if the status says the santri is active (or unknown: active by default).
    pub fn is_active(&self) -> bool {
        match self.status_text() {
            None => true,
            Some(s) => s.is_empty() || s == "1" || s.starts_with("aktif") || s.starts_with("active"),
        }
    }
    /// True when the santri has left (exit date, or a leaving status).
    pub fn has_left(&self) -> bool {
        self.exit_date.is_some()
            || self.status_text().is_some_and(|s| {
                s.contains("keluar") || s.contains("lulus") || s.contains("tidak aktif") || s.contains("meninggal")
            })
    }
}

/// Direction of a transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MutasiArah {
    /// Transfer in.
    Masuk,
    /// Transfer out.
    #[default]
    Keluar,
}

impl MutasiArah {
    /// Reads `masuk`/`keluar` in any case (`in`/`out` too).
    pub fn parse(text: &str) -> Option<MutasiArah> {
        match text.trim().to_ascii_lowercase().as_str() {
            "masuk" | "mutasi masuk" | "in" => Some(MutasiArah::Masuk),
            "keluar" | "mutasi keluar" | "out" => Some(MutasiArah::Keluar),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for MutasiArah {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lenient::opt_enum(d, MutasiArah::parse)?.ok_or_else(|| serde::de::Error::custom("expected masuk or keluar"))
    }
}

/// A transfer (mutasi) of a santri between lembaga. EMIS never deletes: leaving is a status
/// change with a reason, confirmed by the head of the lembaga.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mutasi {
    /// In or out (keluar when absent).
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub arah: MutasiArah,
    /// Date of the transfer (text).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub tanggal: Option<String>,
    /// Reason (jenis keluar).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub alasan: Option<String>,
    /// Destination kind (madrasah, sekolah umum, pesantren).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub jenis_tujuan: Option<String>,
    /// Statistic number of the source lembaga.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub dari_statistic_num: Option<String>,
    /// Statistic number of the destination lembaga.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub ke_statistic_num: Option<String>,
    /// Whether the head (Kamad/pimpinan) confirmed.
    #[serde(default, deserialize_with = "lenient::bool_or_false")]
    pub disetujui: bool,
}
