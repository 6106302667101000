use super::lenient;
use serde::{Deserialize, Serialize};

/// Kinds of facility data EMIS asks for (mirrors Dapodik's split).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KategoriSarpras {
    /// Land.
    Tanah,
    /// Buildings.
    Bangunan,
    /// Rooms.
    Ruang,
    /// Sanitation.
    Sanitasi,
    /// Electricity.
    Listrik,
    /// Internet.
    Internet,
    /// Other equipment.
    Alat,
}

impl KategoriSarpras {
    /// Reads a category name in any case.
    pub fn parse(text: &str) -> Option<KategoriSarpras> {
        Some(match text.trim().to_ascii_lowercase().as_str() {
            "tanah" => KategoriSarpras::Tanah,
            "bangunan" => KategoriSarpras::Bangunan,
            "ruang" => KategoriSarpras::Ruang,
            "sanitasi" => KategoriSarpras::Sanitasi,
            "listrik" => KategoriSarpras::Listrik,
            "internet" => KategoriSarpras::Internet,
            "alat" => KategoriSarpras::Alat,
            _ => return None,
        })
    }
}

impl<'de> Deserialize<'de> for KategoriSarpras {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lenient::opt_enum(d, KategoriSarpras::parse)?.ok_or_else(|| {
            serde::de::Error::custom("expected tanah, bangunan, ruang, sanitasi, listrik, internet or alat")
        })
    }
}

/// One facility entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SaranaPrasarana {
    /// Category.
    pub kategori: KategoriSarpras,
    /// Name (e.g. `Asrama putra`, `Ruang kelas`).
    #[serde(default, deserialize_with = "lenient::string")]
    pub nama: String,
    /// Quantity.
    #[serde(default, deserialize_with = "lenient::opt_u32")]
    pub jumlah: Option<u32>,
    /// Area in m² (`12,5` is read too).
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub luas_m2: Option<f64>,
    /// Condition (baik, rusak ringan, rusak sedang, rusak berat).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub kondisi: Option<String>,
    /// Ownership (milik sendiri, wakaf, sewa, pinjam).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub kepemilikan: Option<String>,
}
