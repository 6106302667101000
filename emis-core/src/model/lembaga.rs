use super::wire::LembagaWire;
use super::{Extra, Master, lenient};
use serde::{Deserialize, Serialize};

/// The seven institution groups of EMIS PD-Pontren, numbered as EMIS's
/// `institution_group_id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LembagaKind {
    /// Pondok Pesantren (1).
    Pontren,
    /// Pendidikan Kesetaraan pada Pondok Pesantren Salafiyah (2).
    Pkpps,
    /// Satuan Pendidikan Muadalah (3).
    Spm,
    /// Pendidikan Diniyah Formal (4).
    Pdf,
    /// Ma'had Aly (5).
    MahadAly,
    /// Lembaga Pendidikan Al-Qur'an (6).
    Lpq,
    /// Madrasah Diniyah Takmiliyah (7).
    Mdt,
}

impl LembagaKind {
    /// All kinds, in `institution_group_id` order.
    pub const ALL: [LembagaKind; 7] = [
        LembagaKind::Pontren,
        LembagaKind::Pkpps,
        LembagaKind::Spm,
        LembagaKind::Pdf,
        LembagaKind::MahadAly,
        LembagaKind::Lpq,
        LembagaKind::Mdt,
    ];
    /// EMIS `institution_group_id`.
    pub const fn group_id(self) -> u8 {
        match self {
            LembagaKind::Pontren => 1,
            LembagaKind::Pkpps => 2,
            LembagaKind::Spm => 3,
            LembagaKind::Pdf => 4,
            LembagaKind::MahadAly => 5,
            LembagaKind::Lpq => 6,
            LembagaKind::Mdt => 7,
        }
    }
    /// From `institution_group_id`.
    pub fn from_group_id(id: i64) -> Option<LembagaKind> {
        LembagaKind::ALL.into_iter().find(|k| i64::from(k.group_id()) == id)
    }
    /// Short name (`Pontren`, `PKPPS`, ...).
    pub const fn short_name(self) -> &'static str {
        match self {
            LembagaKind::Pontren => "Pontren",
            LembagaKind::Pkpps => "PKPPS",
            LembagaKind::Spm => "SPM",
            LembagaKind::Pdf => "PDF",
            LembagaKind::MahadAly => "Ma'had Aly",
            LembagaKind::Lpq => "LPQ",
            LembagaKind::Mdt => "MDT",
        }
    }
    /// Reads a short name or a group id.
    pub fn parse(text: &str) -> Option<LembagaKind> {
        let t = text.trim().to_ascii_lowercase().replace(['\'', ' ', '-', '_'], "");
        if let Ok(n) = t.parse::<i64>() {
            return LembagaKind::from_group_id(n);
        }
        Some(match t.as_str() {
            "pontren" | "pesantren" | "pondokpesantren" => LembagaKind::Pontren,
            "pkpps" => LembagaKind::Pkpps,
            "spm" => LembagaKind::Spm,
            "pdf" => LembagaKind::Pdf,
            "mahadaly" | "mahad" => LembagaKind::MahadAly,
            "lpq" | "tpq" | "tkq" | "tqa" | "rtq" => LembagaKind::Lpq,
            "mdt" | "madin" | "madrasahdiniyah" => LembagaKind::Mdt,
            _ => return None,
        })
    }
    /// Kinds that are never state-run (status always swasta).
    pub const fn always_swasta(self) -> bool {
        matches!(
            self,
            LembagaKind::Pdf | LembagaKind::Mdt | LembagaKind::Lpq | LembagaKind::MahadAly
        )
    }
    /// Kinds that are units under an NSPP-holding pesantren.
    pub const fn is_unit_of_pesantren(self) -> bool {
        matches!(
            self,
            LembagaKind::Pkpps | LembagaKind::Spm | LembagaKind::Pdf | LembagaKind::MahadAly
        )
    }
}

impl Serialize for LembagaKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.group_id())
    }
}
impl<'de> Deserialize<'de> for LembagaKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        let parsed = match &v {
            serde_json::Value::Number(n) => n.as_i64().and_then(LembagaKind::from_group_id),
            serde_json::Value::String(s) => LembagaKind::parse(s),
            _ => None,
        };
        parsed.ok_or_else(|| serde::de::Error::custom("institution_group_id harus 1-7 / must be 1-7"))
    }
}

/// Negeri or swasta.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StatusLembaga {
    /// State-run.
    Negeri,
    /// Private.
    Swasta,
}

impl StatusLembaga {
    /// Reads `negeri`/`swasta` in any case, `N`/`S`, and the statistic-number digit 1/2.
    pub fn parse(text: &str) -> Option<StatusLembaga> {
        match text.trim().to_ascii_lowercase().as_str() {
            "negeri" | "n" | "1" | "public" | "state" => Some(StatusLembaga::Negeri),
            "swasta" | "s" | "2" | "private" => Some(StatusLembaga::Swasta),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for StatusLembaga {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lenient::opt_status_lembaga(d)?.ok_or_else(|| serde::de::Error::custom("expected negeri or swasta"))
    }
}

/// An address with Kemendagri region codes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Alamat {
    /// Street address (an object sent here gives its `address`/`name` text).
    #[serde(
        default,
        deserialize_with = "lenient::opt_address",
        skip_serializing_if = "Option::is_none"
    )]
    pub address: Option<String>,
    /// RT.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub rt: Option<String>,
    /// RW.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub rw: Option<String>,
    /// Postal code.
    #[serde(
        default,
        alias = "postal_code",
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub postal_code_num: Option<String>,
    /// Province (master reference).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub m_province: Option<Master>,
    /// Kab/kota (master reference).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub m_city: Option<Master>,
    /// Kecamatan (master reference).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub m_district: Option<Master>,
    /// Desa/kelurahan (master reference).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub m_sub_district: Option<Master>,
    /// Kemendagri code of the desa/kelurahan or kecamatan (`32.73.01.1001` or digits).
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub kode_wilayah: Option<String>,
}

/// An address as an object (`{address, rt, m_city...}`), or as one string: the street text.
/// `null` is an empty address.
pub(crate) fn alamat_or_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Alamat, D::Error> {
    struct V;
    impl<'de> serde::de::Visitor<'de> for V {
        type Value = Alamat;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an address object or an address text")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Alamat, E> {
            Ok(Alamat {
                address: Some(v.trim().to_string()).filter(|t| !t.is_empty()),
                ..Alamat::default()
            })
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Alamat, E> {
            self.visit_str(&v.to_string())
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Alamat, E> {
            self.visit_str(&v.to_string())
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Alamat, E> {
            Ok(Alamat::default())
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Alamat, E> {
            Ok(Alamat::default())
        }
        fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Alamat, D::Error> {
            d.deserialize_any(self)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Alamat, A::Error> {
            // Read through the same map access, so a bad field keeps its path (`address.rt`).
            Alamat::deserialize(serde::de::value::MapAccessDeserializer::new(map))
        }
    }
    d.deserialize_any(V)
}

impl Alamat {
    /// The kab/kota code `PPKK` from `kode_wilayah`, if it has at least four digits.
    pub fn kab_kota_code(&self) -> Option<u16> {
        let digits: String = self
            .kode_wilayah
            .as_deref()?
            .chars()
            .filter(|c| c.is_ascii_digit())
            .collect();
        if digits.len() >= 4 {
            digits[0..4].parse().ok()
        } else {
            None
        }
    }
}

/// Operating permit.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IzinOperasional {
    /// Permit number.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub number: Option<String>,
    /// Permit date.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub date: Option<String>,
    /// Issuer.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub issuer: Option<String>,
}

/// A lembaga (institution).
///
/// Read leniently: `address` as an object or one string, `status` in any case (unknown →
/// `None`), `institution_group_id` as a number or a short name, ids as numbers or text.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(from = "LembagaWire")]
pub struct Lembaga {
    /// EMIS server id (`institution_id`), never an identifier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Kind (`institution_group_id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub institution_group_id: Option<LembagaKind>,
    /// Name (also read from `institution_name`).
    pub name: String,
    /// Nomor statistik (NSPP/NSM/NSMDT), as text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statistic_num: Option<String>,
    /// NPSN, as text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub npsn: Option<String>,
    /// Jenjang offered (Ula, Wustha, Ulya, TPQ...).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub jenjang: Vec<String>,
    /// Negeri/swasta.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusLembaga>,
    /// Address (an object, or one string that becomes [`Alamat::address`]).
    pub address: Alamat,
    /// Operating permit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub izin_operasional: Option<IzinOperasional>,
    /// Head (pimpinan / kyai / mudir).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pimpinan: Option<String>,
    /// Accreditation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub akreditasi: Option<String>,
    /// Typology (salafiyah / khalafiyah / ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tipologi: Option<String>,
    /// Statistic number of the parent pesantren, for PKPPS/SPM/PDF/Ma'had Aly units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_statistic_num: Option<String>,
    /// Every field the struct does not know, as received; written back flat.
    #[serde(flatten, serialize_with = "serialize_extra")]
    pub extra: Extra,
}

const KNOWN: &[&str] = &[
    "id",
    "institution_group_id",
    "name",
    "statistic_num",
    "npsn",
    "jenjang",
    "status",
    "address",
    "izin_operasional",
    "pimpinan",
    "akreditasi",
    "tipologi",
    "parent_statistic_num",
];

fn serialize_extra<S: serde::Serializer>(e: &Extra, s: S) -> Result<S::Ok, S::Error> {
    e.serialize_except(KNOWN, s)
}
