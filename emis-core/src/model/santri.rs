use super::{Alamat, Master, lenient};
use crate::id::nik::JenisKelamin;
use crate::pii::Sensitive;
use serde::{Deserialize, Serialize};

/// Whether a santri lives in the pondok (UU 18/2019). The EMIS field that stores this is not
/// confirmed; emis keeps it as `status_mukim` and maps it when the server's name is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatusMukim {
    /// Lives in the pondok/asrama.
    Mukim,
    /// Does not live there.
    NonMukim,
}

impl StatusMukim {
    /// Reads `mukim`, `non-mukim`, `non mukim`, `tidak mukim`, `1`/`0`.
    pub fn parse(text: &str) -> Option<StatusMukim> {
        let t = text.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        match t.as_str() {
            "mukim" | "1" | "ya" | "y" => Some(StatusMukim::Mukim),
            "non-mukim" | "nonmukim" | "tidak-mukim" | "0" | "tidak" | "n" => Some(StatusMukim::NonMukim),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for StatusMukim {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = lenient::opt_string(d)?.unwrap_or_default();
        StatusMukim::parse(&s).ok_or_else(|| serde::de::Error::custom("status_mukim harus mukim/non-mukim"))
    }
}

/// Parents and guardian (`parents` in EMIS).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OrangTua {
    /// Father's name.
    #[serde(
        default,
        deserialize_with = "lenient::opt_sensitive",
        skip_serializing_if = "Option::is_none"
    )]
    pub father_full_name: Option<Sensitive>,
    /// Father's NIK.
    #[serde(
        default,
        deserialize_with = "lenient::opt_sensitive",
        skip_serializing_if = "Option::is_none"
    )]
    pub father_nik: Option<Sensitive>,
    /// Father's birth date (text).
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub father_birth_date: Option<String>,
    /// Father's education.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub father_latest_education: Option<String>,
    /// Father's phone.
    #[serde(
        default,
        deserialize_with = "lenient::opt_sensitive",
        skip_serializing_if = "Option::is_none"
    )]
    pub father_phone_number: Option<Sensitive>,
    /// Mother's (birth mother's) name — a bank-security secret, always masked.
    #[serde(
        default,
        deserialize_with = "lenient::opt_sensitive",
        skip_serializing_if = "Option::is_none"
    )]
    pub mother_full_name: Option<Sensitive>,
    /// Mother's NIK.
    #[serde(
        default,
        deserialize_with = "lenient::opt_sensitive",
        skip_serializing_if = "Option::is_none"
    )]
    pub mother_nik: Option<Sensitive>,
    /// Mother's birth date (text).
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub mother_birth_date: Option<String>,
    /// Mother's education.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub mother_latest_education: Option<String>,
    /// Mother's phone.
    #[serde(
        default,
        deserialize_with = "lenient::opt_sensitive",
        skip_serializing_if = "Option::is_none"
    )]
    pub mother_phone_number: Option<Sensitive>,
    /// Guardian's name.
    #[serde(
        default,
        deserialize_with = "lenient::opt_sensitive",
        skip_serializing_if = "Option::is_none"
    )]
    pub wali_full_name: Option<Sensitive>,
    /// Guardian's NIK.
    #[serde(
        default,
        deserialize_with = "lenient::opt_sensitive",
        skip_serializing_if = "Option::is_none"
    )]
    pub wali_nik: Option<Sensitive>,
    /// Whether the santri's KK is the father's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_kk_same_father: Option<bool>,
}

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
        deserialize_with = "lenient::opt_name",
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

/// A santri (student). Identifiers are kept as received; see [`crate::id`] to parse them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Santri {
    /// EMIS server id (kept apart from identifiers; encrypted for detail URLs).
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    /// Full name.
    #[serde(default, alias = "nama", deserialize_with = "lenient::sensitive")]
    pub full_name: Sensitive,
    /// NIK (text as received).
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
    /// NISN.
    #[serde(
        default,
        deserialize_with = "lenient::opt_sensitive",
        skip_serializing_if = "Option::is_none"
    )]
    pub nisn: Option<Sensitive>,
    /// Local student number (NISM / nomor induk santri).
    #[serde(
        default,
        alias = "nism",
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub local_nis: Option<String>,
    /// Birth place.
    #[serde(
        default,
        alias = "tempat_lahir",
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub birth_place: Option<String>,
    /// Birth date (text; parsed by the rules so a bad date is reported, not a load error).
    #[serde(
        default,
        alias = "tanggal_lahir",
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub birth_date: Option<String>,
    /// Sex (`m_gender`: `L`/`P`, an id or `{id, name}`).
    #[serde(
        default,
        alias = "gender",
        alias = "jenis_kelamin",
        skip_serializing_if = "Option::is_none"
    )]
    pub m_gender: Option<Master>,
    /// Religion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub m_religion: Option<Master>,
    /// Phone.
    #[serde(
        default,
        deserialize_with = "lenient::opt_sensitive",
        skip_serializing_if = "Option::is_none"
    )]
    pub handphone: Option<Sensitive>,
    /// Address (flattened: EMIS sends `address`, `rt`, `m_city`... at the top level).
    #[serde(flatten)]
    pub alamat: Alamat,
    /// Mukim / non-mukim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_mukim: Option<StatusMukim>,
    /// Residence status (`m_residence_status`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub m_residence_status: Option<Master>,
    /// Parents and guardian.
    #[serde(default)]
    pub parents: OrangTua,
    /// Learning activity in the current period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learning_activity: Option<AktivitasBelajar>,
}

impl Santri {
    /// Sex parsed from `m_gender` (code, name or SIMPEG-style id 1/2).
    pub fn jenis_kelamin(&self) -> Option<JenisKelamin> {
        let m = self.m_gender.as_ref()?;
        m.code
            .as_deref()
            .and_then(JenisKelamin::parse)
            .or_else(|| m.name.as_deref().and_then(JenisKelamin::parse))
            .or_else(|| m.id.and_then(|i| JenisKelamin::parse(&i.to_string())))
    }

    /// Builds a santri from flat `column → value` pairs with EMIS column names, as in a CSV
    /// export: `full_name, nik, kk_num, nisn, local_nis, birth_place, birth_date, m_gender
    /// (or gender), status_mukim, address, rt, rw, postal_code_num, kode_wilayah,
    /// father_full_name, father_nik, mother_full_name, mother_nik, wali_full_name, wali_nik,
    /// academic_year_id, m_level_id (or jenjang), tingkat, study_group (or rombel),
    /// student_status, admission_date, exit_date, exit_reason, exit_destination, id`.
    /// Empty cells are absent values; unknown columns are ignored.
    pub fn from_flat<'a>(cells: impl IntoIterator<Item = (&'a str, &'a str)>) -> Santri {
        let mut s = Santri::default();
        let mut la = AktivitasBelajar::default();
        let mut has_la = false;
        for (k, v) in cells {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            let key = k.trim().trim_start_matches('\u{feff}').to_ascii_lowercase();
            let txt = || Some(v.to_string());
            let sen = || Some(Sensitive::new(v));
            match key.as_str() {
                "id" => s.id = txt(),
                "full_name" | "nama" | "nama_lengkap" => s.full_name = Sensitive::new(v),
                "nik" => s.nik = sen(),
                "kk_num" | "no_kk" | "kk" => s.kk_num = sen(),
                "nisn" => s.nisn = sen(),
                "local_nis" | "nism" | "nis" => s.local_nis = txt(),
                "birth_place" | "tempat_lahir" => s.birth_place = txt(),
                "birth_date" | "tanggal_lahir" => s.birth_date = txt(),
                "m_gender" | "gender" | "jenis_kelamin" => s.m_gender = Some(Master::code(v)),
                "m_religion" | "agama" => s.m_religion = Some(Master::code(v)),
                "handphone" => s.handphone = sen(),
                "address" | "alamat" => s.alamat.address = txt(),
                "rt" => s.alamat.rt = txt(),
                "rw" => s.alamat.rw = txt(),
                "postal_code_num" | "postal_code" | "kode_pos" => s.alamat.postal_code_num = txt(),
                "kode_wilayah" => s.alamat.kode_wilayah = txt(),
                // A value that is not mukim/non-mukim is kept as absent here and reported by
                // the rule for status_mukim.
                "status_mukim" => s.status_mukim = StatusMukim::parse(v),
                "father_full_name" | "nama_ayah" => s.parents.father_full_name = sen(),
                "father_nik" | "nik_ayah" => s.parents.father_nik = sen(),
                "mother_full_name" | "nama_ibu" | "nama_ibu_kandung" => s.parents.mother_full_name = sen(),
                "mother_nik" | "nik_ibu" => s.parents.mother_nik = sen(),
                "wali_full_name" | "nama_wali" => s.parents.wali_full_name = sen(),
                "wali_nik" | "nik_wali" => s.parents.wali_nik = sen(),
                "academic_year_id" => {
                    la.academic_year_id = v.parse().ok();
                    has_la = true;
                }
                "m_level_id" | "jenjang" | "level" => {
                    la.m_level_id = Some(Master::code(v));
                    has_la = true;
                }
                "tingkat" | "kelas" => {
                    la.tingkat = txt();
                    has_la = true;
                }
                "study_group" | "rombel" => {
                    la.study_group = txt();
                    has_la = true;
                }
                "student_status" | "status" => {
                    la.student_status = Some(Master::code(v));
                    has_la = true;
                }
                "admission_date" | "tanggal_masuk" | "start_date" => {
                    la.admission_date = txt();
                    has_la = true;
                }
                "exit_date" | "tanggal_keluar" => {
                    la.exit_date = txt();
                    has_la = true;
                }
                "exit_reason" | "jenis_keluar" => {
                    la.exit_reason = txt();
                    has_la = true;
                }
                "exit_destination" | "tujuan_keluar" => {
                    la.exit_destination = txt();
                    has_la = true;
                }
                _ => {}
            }
        }
        if has_la {
            s.learning_activity = Some(la);
        }
        s
    }
}

/// Direction of a transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MutasiArah {
    /// Transfer in.
    Masuk,
    /// Transfer out.
    #[default]
    Keluar,
}

/// A transfer (mutasi) of a santri between lembaga. EMIS never deletes: leaving is a status
/// change with a reason, confirmed by the head of the lembaga.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mutasi {
    /// In or out (keluar when absent).
    #[serde(default)]
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
    #[serde(default)]
    pub disetujui: bool,
}
