use super::{Master, lenient};
use crate::date::Date;
use crate::id::nik::JenisKelamin;
use crate::pii::Sensitive;
use serde::{Deserialize, Serialize};

/// Employment status of a GTK.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusKepegawaian {
    /// Civil servant.
    Pns,
    /// Government employee with a work agreement.
    Pppk,
    /// Not a civil servant (GTY, honorer...). What EMIS falls back to when SIMPEG fails.
    NonPns,
    /// Anything else, as given.
    Lainnya(String),
}

impl StatusKepegawaian {
    /// Reads `PNS`, `PPPK`/`P3K`, `Non PNS`/`GTY`/`honorer`; anything else is `Lainnya`.
    pub fn parse(text: &str) -> StatusKepegawaian {
        let t = text.trim().to_ascii_lowercase().replace(['_', '-'], " ");
        match t.as_str() {
            "pns" | "cpns" => StatusKepegawaian::Pns,
            "pppk" | "p3k" => StatusKepegawaian::Pppk,
            "non pns" | "nonpns" | "gty" | "gtt" | "honorer" | "non asn" => StatusKepegawaian::NonPns,
            _ => StatusKepegawaian::Lainnya(text.trim().to_string()),
        }
    }
    /// True for PNS and PPPK (a NIP/NI PPPK is required).
    pub fn needs_nip(&self) -> bool {
        matches!(self, StatusKepegawaian::Pns | StatusKepegawaian::Pppk)
    }
    /// Label for operators.
    pub fn label(&self) -> &str {
        match self {
            StatusKepegawaian::Pns => "PNS",
            StatusKepegawaian::Pppk => "PPPK",
            StatusKepegawaian::NonPns => "Non PNS",
            StatusKepegawaian::Lainnya(s) => s,
        }
    }
}

/// One step of formal education.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RiwayatPendidikan {
    /// Level: SD, SMP, SMA, D3, S1, S2, S3 (or MI/MTs/MA, Ula/Wustha/Ulya equivalents).
    #[serde(default)]
    pub jenjang: String,
    /// School / university.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub institution: Option<String>,
    /// Graduation year.
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub graduation_year: Option<i64>,
}

/// The civil-service record pulled from SIMPEG by NIP (`cek_nip`), typed subset plus the raw
/// upper-case map. SIMPEG returns no NIK.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SimpegSnapshot {
    /// `NIP_BARU` (18 digits).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub nip_baru: Option<String>,
    /// `NAMA_LENGKAP`.
    #[serde(default, deserialize_with = "lenient::opt_sensitive")]
    pub nama_lengkap: Option<Sensitive>,
    /// `TANGGAL_LAHIR` as a date.
    #[serde(default)]
    pub tanggal_lahir: Option<Date>,
    /// `JENIS_KELAMIN` 1/2 mapped to L/P.
    #[serde(default)]
    pub jenis_kelamin: Option<JenisKelamin>,
    /// `STATUS_PEGAWAI`.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub status_pegawai: Option<String>,
    /// `PANGKAT`.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub pangkat: Option<String>,
    /// `GOL_RUANG`.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub gol_ruang: Option<String>,
    /// `TMT_CPNS`.
    #[serde(default)]
    pub tmt_cpns: Option<Date>,
    /// `TAMPIL_JABATAN`.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub jabatan: Option<String>,
    /// `BIDANG_STUDI`.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub bidang_studi: Option<String>,
    /// `KODE_SATUAN_KERJA`.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub kode_satuan_kerja: Option<String>,
    /// `SATKER_1`.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub satker: Option<String>,
    /// Every field as received (upper-case keys). Not shown in `Debug`.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub raw: serde_json::Map<String, serde_json::Value>,
}

impl SimpegSnapshot {
    /// Builds the typed subset from a `cek_nip` `data` object (upper-case keys).
    pub fn from_cek_nip(data: &serde_json::Map<String, serde_json::Value>) -> SimpegSnapshot {
        let s = |k: &str| -> Option<String> {
            match data.get(k) {
                Some(serde_json::Value::String(v)) if !v.trim().is_empty() => Some(v.trim().to_string()),
                Some(serde_json::Value::Number(n)) => Some(n.to_string()),
                _ => None,
            }
        };
        SimpegSnapshot {
            nip_baru: s("NIP_BARU"),
            nama_lengkap: s("NAMA_LENGKAP").or_else(|| s("NAMA")).map(Sensitive::new),
            tanggal_lahir: s("TANGGAL_LAHIR").and_then(|t| Date::parse(&t).ok()),
            jenis_kelamin: s("JENIS_KELAMIN").and_then(|t| JenisKelamin::parse(&t)),
            status_pegawai: s("STATUS_PEGAWAI"),
            pangkat: s("PANGKAT"),
            gol_ruang: s("GOL_RUANG"),
            tmt_cpns: s("TMT_CPNS").and_then(|t| Date::parse(&t).ok()),
            jabatan: s("TAMPIL_JABATAN"),
            bidang_studi: s("BIDANG_STUDI"),
            kode_satuan_kerja: s("KODE_SATUAN_KERJA"),
            satker: s("SATKER_1"),
            raw: data.clone(),
        }
    }
}

/// A GTK (guru dan tenaga kependidikan: ustadz/ustadzah and staff).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Gtk {
    /// EMIS server id.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    /// Full name.
    #[serde(default, alias = "nama", deserialize_with = "lenient::sensitive")]
    pub full_name: Sensitive,
    /// NIK.
    #[serde(
        default,
        deserialize_with = "lenient::opt_sensitive",
        skip_serializing_if = "Option::is_none"
    )]
    pub nik: Option<Sensitive>,
    /// No. KK.
    #[serde(
        default,
        alias = "no_kk",
        deserialize_with = "lenient::opt_sensitive",
        skip_serializing_if = "Option::is_none"
    )]
    pub kk_num: Option<Sensitive>,
    /// NIP (PNS) or NI PPPK.
    #[serde(
        default,
        alias = "ni_pppk",
        deserialize_with = "lenient::opt_sensitive",
        skip_serializing_if = "Option::is_none"
    )]
    pub nip: Option<Sensitive>,
    /// NUPTK.
    #[serde(
        default,
        deserialize_with = "lenient::opt_sensitive",
        skip_serializing_if = "Option::is_none"
    )]
    pub nuptk: Option<Sensitive>,
    /// Birth place.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub birth_place: Option<String>,
    /// Birth date (text).
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub birth_date: Option<String>,
    /// Sex.
    #[serde(
        default,
        alias = "gender",
        alias = "jenis_kelamin",
        skip_serializing_if = "Option::is_none"
    )]
    pub m_gender: Option<Master>,
    /// Mother's name.
    #[serde(
        default,
        alias = "nama_ibu_kandung",
        deserialize_with = "lenient::opt_sensitive",
        skip_serializing_if = "Option::is_none"
    )]
    pub mother_name: Option<Sensitive>,
    /// Employment status (text as given; see [`Gtk::status`]).
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub status_kepegawaian: Option<String>,
    /// Position (ustadz, pimpinan, tendik...).
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub jabatan: Option<String>,
    /// Subject taught.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub bidang_studi: Option<String>,
    /// Start of assignment (TMT tugas, text).
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub tmt_tugas: Option<String>,
    /// Formal education, SD to the highest degree.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub education_history: Vec<RiwayatPendidikan>,
    /// SIMPEG record, after "ambil data dari SIMPEG".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub simpeg: Option<SimpegSnapshot>,
    /// Opaque SIMPEG id, if a source ever provides one (unconfirmed).
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub peg_id: Option<String>,
}

impl Gtk {
    /// Parsed employment status.
    pub fn status(&self) -> Option<StatusKepegawaian> {
        self.status_kepegawaian
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(StatusKepegawaian::parse)
    }
    /// Sex parsed from `m_gender`.
    pub fn jenis_kelamin(&self) -> Option<JenisKelamin> {
        let m = self.m_gender.as_ref()?;
        m.code
            .as_deref()
            .and_then(JenisKelamin::parse)
            .or_else(|| m.name.as_deref().and_then(JenisKelamin::parse))
            .or_else(|| m.id.and_then(|i| JenisKelamin::parse(&i.to_string())))
    }
    /// Builds a GTK from flat CSV-style cells (`full_name, nik, kk_num, nip, nuptk,
    /// birth_place, birth_date, m_gender, mother_name, status_kepegawaian, jabatan,
    /// bidang_studi, tmt_tugas, pendidikan` where `pendidikan` lists levels separated by `;`
    /// or `,`, e.g. `SD;SMP;SMA;S1`).
    pub fn from_flat<'a>(cells: impl IntoIterator<Item = (&'a str, &'a str)>) -> Gtk {
        let mut g = Gtk::default();
        for (k, v) in cells {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            let key = k.trim().trim_start_matches('\u{feff}').to_ascii_lowercase();
            let txt = || Some(v.to_string());
            let sen = || Some(Sensitive::new(v));
            match key.as_str() {
                "id" => g.id = txt(),
                "full_name" | "nama" | "nama_lengkap" => g.full_name = Sensitive::new(v),
                "nik" => g.nik = sen(),
                "kk_num" | "no_kk" => g.kk_num = sen(),
                "nip" | "ni_pppk" => g.nip = sen(),
                "nuptk" => g.nuptk = sen(),
                "birth_place" | "tempat_lahir" => g.birth_place = txt(),
                "birth_date" | "tanggal_lahir" => g.birth_date = txt(),
                "m_gender" | "gender" | "jenis_kelamin" => g.m_gender = Some(Master::code(v)),
                "mother_name" | "nama_ibu" | "nama_ibu_kandung" | "mother_full_name" => g.mother_name = sen(),
                "status_kepegawaian" | "status" => g.status_kepegawaian = txt(),
                "jabatan" => g.jabatan = txt(),
                "bidang_studi" => g.bidang_studi = txt(),
                "tmt_tugas" => g.tmt_tugas = txt(),
                "pendidikan" | "education_history" | "riwayat_pendidikan" => {
                    g.education_history = v
                        .split([';', ',', '|'])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(|j| RiwayatPendidikan {
                            jenjang: j.to_string(),
                            ..RiwayatPendidikan::default()
                        })
                        .collect()
                }
                _ => {}
            }
        }
        g
    }
}
