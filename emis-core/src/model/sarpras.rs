use super::lenient;
use serde::{Deserialize, Serialize};

/// Kinds of facility data EMIS asks for (mirrors Dapodik's split).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

/// One facility entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SaranaPrasarana {
    /// Category.
    pub kategori: KategoriSarpras,
    /// Name (e.g. `Asrama putra`, `Ruang kelas`).
    #[serde(default)]
    pub nama: String,
    /// Quantity.
    #[serde(default)]
    pub jumlah: Option<u32>,
    /// Area in m².
    #[serde(default)]
    pub luas_m2: Option<f64>,
    /// Condition (baik, rusak ringan, rusak sedang, rusak berat).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub kondisi: Option<String>,
    /// Ownership (milik sendiri, wakaf, sewa, pinjam).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub kepemilikan: Option<String>,
}
