use super::wire::GtkWire;
use super::{Extra, Master, lenient};
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
    #[serde(default, deserialize_with = "lenient::string")]
    pub jenjang: String,
    /// School / university.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub institution: Option<String>,
    /// Graduation year.
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub graduation_year: Option<i64>,
}

/// The civil-service record pulled from SIMPEG by NIP (`cek_nip`), typed subset plus the raw
/// upper-case map. SIMPEG returns no NIK. `Debug` shows the raw map's keys only (it holds
/// the name and birth date in clear).
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SimpegSnapshot {
    /// `NIP_BARU` (18 digits).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub nip_baru: Option<String>,
    /// `NAMA_LENGKAP`.
    #[serde(default, deserialize_with = "lenient::opt_sensitive")]
    pub nama_lengkap: Option<Sensitive>,
    /// `TANGGAL_LAHIR` as a date.
    #[serde(default, deserialize_with = "opt_date")]
    pub tanggal_lahir: Option<Date>,
    /// `JENIS_KELAMIN` 1/2 mapped to L/P.
    #[serde(default, deserialize_with = "opt_jenis_kelamin")]
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
    #[serde(default, deserialize_with = "opt_date")]
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
    /// Every field as received (upper-case keys).
    #[serde(
        default,
        deserialize_with = "lenient::or_default",
        skip_serializing_if = "serde_json::Map::is_empty"
    )]
    pub raw: serde_json::Map<String, serde_json::Value>,
}

impl std::fmt::Debug for SimpegSnapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimpegSnapshot")
            .field("nip_baru", &self.nip_baru.as_deref().map(crate::pii::mask_number))
            .field("nama_lengkap", &self.nama_lengkap)
            .field("tanggal_lahir", &self.tanggal_lahir.as_ref().map(|_| "…"))
            .field("jenis_kelamin", &self.jenis_kelamin)
            .field("status_pegawai", &self.status_pegawai)
            .field("pangkat", &self.pangkat)
            .field("gol_ruang", &self.gol_ruang)
            .field("jabatan", &self.jabatan)
            .field("satker", &self.satker)
            .field("raw", &Extra(self.raw.clone().into_iter().collect()))
            .finish_non_exhaustive()
    }
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
///
/// Read leniently like [`super::Santri`]; fields it does not know are kept in
/// [`Gtk::extra`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(from = "GtkWire")]
pub struct Gtk {
    /// EMIS server id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Full name.
    pub full_name: Sensitive,
    /// NIK.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nik: Option<Sensitive>,
    /// No. KK.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kk_num: Option<Sensitive>,
    /// NIP (PNS) or NI PPPK.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nip: Option<Sensitive>,
    /// NUPTK.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nuptk: Option<Sensitive>,
    /// Birth place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_place: Option<String>,
    /// Birth date (text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    /// Sex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub m_gender: Option<Master>,
    /// Mother's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mother_name: Option<Sensitive>,
    /// Employment status (text as given; see [`Gtk::status`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_kepegawaian: Option<String>,
    /// Position (ustadz, pimpinan, tendik...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jabatan: Option<String>,
    /// Subject taught.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bidang_studi: Option<String>,
    /// Start of assignment (TMT tugas, text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tmt_tugas: Option<String>,
    /// Formal education, SD to the highest degree.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub education_history: Vec<RiwayatPendidikan>,
    /// SIMPEG record, after "ambil data dari SIMPEG".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simpeg: Option<SimpegSnapshot>,
    /// Opaque SIMPEG id, if a source ever provides one (unconfirmed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peg_id: Option<String>,
    /// Every field the struct does not know, as received; written back flat.
    #[serde(flatten, serialize_with = "serialize_extra")]
    pub extra: Extra,
}

/// Top-level keys a GTK serialises.
const KNOWN: &[&str] = &[
    "id",
    "full_name",
    "nik",
    "kk_num",
    "nip",
    "nuptk",
    "birth_place",
    "birth_date",
    "m_gender",
    "mother_name",
    "status_kepegawaian",
    "jabatan",
    "bidang_studi",
    "tmt_tugas",
    "education_history",
    "simpeg",
    "peg_id",
];

fn serialize_extra<S: serde::Serializer>(e: &Extra, s: S) -> Result<S::Ok, S::Error> {
    e.serialize_except(KNOWN, s)
}

fn opt_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    match lenient::strict_opt_string(d)? {
        None => Ok(None),
        Some(t) => Date::parse(&t)
            .map(Some)
            .map_err(|_| serde::de::Error::custom("expected a date")),
    }
}

fn opt_jenis_kelamin<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<JenisKelamin>, D::Error> {
    lenient::opt_enum(d, JenisKelamin::parse)
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
        super::santri::gender_of(self.m_gender.as_ref())
    }
    /// Builds a GTK from flat CSV-style cells (`full_name, nik, kk_num, nip, nuptk,
    /// birth_place, birth_date, m_gender, mother_name, status_kepegawaian, jabatan,
    /// bidang_studi, tmt_tugas, pendidikan` where `pendidikan` lists levels separated by `;`
    /// or `,`, e.g. `SD;SMP;SMA;S1`).
    pub fn from_flat<'a>(cells: impl IntoIterator<Item = (&'a str, &'a str)>) -> Gtk {
        let mut g = Gtk::default();
        for (k, v) in cells {
            let v = v.trim();
            if !v.is_empty() {
                flat_cell(&mut g, k, v);
            }
        }
        g
    }

    /// True when [`Gtk::from_flat`] reads a column of this name.
    pub(crate) fn is_flat_column(key: &str) -> bool {
        flat_cell(&mut Gtk::default(), key, "x")
    }

    /// Fills every empty field from a flat reading; false when a field held a different
    /// value in each (the nested one is kept).
    pub(crate) fn fill_from_flat(&mut self, flat: Gtk) -> bool {
        use super::santri::fill;
        let mut same = true;
        if self.full_name.is_blank() {
            self.full_name = flat.full_name;
        } else if !flat.full_name.is_blank() {
            same &= self.full_name == flat.full_name;
        }
        same &= fill(&mut self.id, flat.id);
        same &= fill(&mut self.nik, flat.nik);
        same &= fill(&mut self.kk_num, flat.kk_num);
        same &= fill(&mut self.nip, flat.nip);
        same &= fill(&mut self.nuptk, flat.nuptk);
        same &= fill(&mut self.birth_place, flat.birth_place);
        same &= fill(&mut self.birth_date, flat.birth_date);
        same &= fill(&mut self.m_gender, flat.m_gender);
        same &= fill(&mut self.mother_name, flat.mother_name);
        same &= fill(&mut self.status_kepegawaian, flat.status_kepegawaian);
        same &= fill(&mut self.jabatan, flat.jabatan);
        same &= fill(&mut self.bidang_studi, flat.bidang_studi);
        same &= fill(&mut self.tmt_tugas, flat.tmt_tugas);
        if self.education_history.is_empty() {
            self.education_history = flat.education_history;
        } else if !flat.education_history.is_empty() {
            same &= self.education_history == flat.education_history;
        }
        same
    }
}

/// Applies one flat cell; false for an unknown column.
fn flat_cell(g: &mut Gtk, k: &str, v: &str) -> bool {
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
        _ => return false,
    }
    true
}
