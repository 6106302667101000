use super::wire::SantriWire;
use super::{AktivitasBelajar, Alamat, Extra, Master, OrangTua, lenient};
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
    /// Reads `mukim`, `non-mukim`, `non mukim`, `tidak mukim`, `1`/`0`, in any case.
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
        lenient::opt_status_mukim(d)?.ok_or_else(|| serde::de::Error::custom("expected mukim or non-mukim"))
    }
}

/// A santri (student). Identifiers are kept as received; see [`crate::id`] to parse them.
///
/// Read leniently (see [`crate::model::tolerant`]): numbers and strings interchange for
/// non-identifier fields, `null` is absent, `status_mukim` in any case (unknown → `None`),
/// `m_gender` as `L`, `1`, `Laki-laki` or `{id, name}`, an `address` object gives its text.
/// Fields the struct does not know are kept in [`Santri::extra`] and written back flat.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(from = "SantriWire")]
pub struct Santri {
    /// EMIS server id (kept apart from identifiers; encrypted for detail URLs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Full name (also read from `nama`).
    pub full_name: Sensitive,
    /// NIK (text as received).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nik: Option<Sensitive>,
    /// No. KK (also read from `no_kk`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kk_num: Option<Sensitive>,
    /// NISN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nisn: Option<Sensitive>,
    /// Local student number (NISM / nomor induk santri; also read from `nism`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_nis: Option<String>,
    /// Birth place (also read from `tempat_lahir`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_place: Option<String>,
    /// Birth date (text; parsed by the rules so a bad date is reported, not a load error).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    /// Sex (`m_gender`: `L`/`P`, an id or `{id, name}`; also read from `gender`,
    /// `jenis_kelamin`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub m_gender: Option<Master>,
    /// Religion.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub m_religion: Option<Master>,
    /// Phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handphone: Option<Sensitive>,
    /// Address (flattened: EMIS sends `address`, `rt`, `m_city`... at the top level).
    #[serde(flatten)]
    pub alamat: Alamat,
    /// Mukim / non-mukim.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_mukim: Option<StatusMukim>,
    /// Residence status (`m_residence_status`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub m_residence_status: Option<Master>,
    /// Parents and guardian.
    pub parents: OrangTua,
    /// Learning activity in the current period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub learning_activity: Option<AktivitasBelajar>,
    /// Every field the struct does not know (`approval_status`, `status_description`,
    /// `full_address`...), as received; written back flat beside the known fields. Not part
    /// of the sync's comparison.
    #[serde(flatten, serialize_with = "serialize_extra")]
    pub extra: Extra,
}

/// Top-level keys a santri serialises, which `extra` never repeats. (A different value
/// under an alternative name, `nama` or `no_kk`, is kept in `extra` and written back.)
pub(crate) const KNOWN: &[&str] = &[
    "id",
    "full_name",
    "nik",
    "kk_num",
    "nisn",
    "local_nis",
    "birth_place",
    "birth_date",
    "m_gender",
    "m_religion",
    "handphone",
    "address",
    "rt",
    "rw",
    "postal_code_num",
    "m_province",
    "m_city",
    "m_district",
    "m_sub_district",
    "kode_wilayah",
    "status_mukim",
    "m_residence_status",
    "parents",
    "learning_activity",
];

fn serialize_extra<S: serde::Serializer>(e: &Extra, s: S) -> Result<S::Ok, S::Error> {
    e.serialize_except(KNOWN, s)
}

/// Sex parsed from an `m_gender` reference (code, name or SIMPEG-style id 1/2).
pub(crate) fn gender_of(m: Option<&Master>) -> Option<JenisKelamin> {
    let m = m?;
    m.code
        .as_deref()
        .and_then(JenisKelamin::parse)
        .or_else(|| m.name.as_deref().and_then(JenisKelamin::parse))
        .or_else(|| m.id.and_then(|i| JenisKelamin::parse(&i.to_string())))
}

impl Santri {
    /// Sex parsed from `m_gender` (code, name or SIMPEG-style id 1/2).
    pub fn jenis_kelamin(&self) -> Option<JenisKelamin> {
        gender_of(self.m_gender.as_ref())
    }

    /// Builds a santri from flat `column → value` pairs with EMIS column names, as in a CSV
    /// export: `full_name, nik, kk_num, nisn, local_nis, birth_place, birth_date, m_gender
    /// (or gender), status_mukim, address, rt, rw, postal_code_num, kode_wilayah,
    /// father_full_name, father_nik, mother_full_name, mother_nik, wali_full_name, wali_nik,
    /// academic_year_id, m_level_id (or jenjang), tingkat, study_group (or rombel),
    /// student_status, admission_date, exit_date, exit_reason, exit_destination, id`.
    /// Empty cells are absent values; unknown columns are ignored. Values of any length are
    /// kept (the length rule reports them).
    pub fn from_flat<'a>(cells: impl IntoIterator<Item = (&'a str, &'a str)>) -> Santri {
        let mut s = Santri::default();
        let mut la = AktivitasBelajar::default();
        let mut has_la = false;
        for (k, v) in cells {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            if flat_cell(&mut s, &mut la, k, v) == Some(true) {
                has_la = true;
            }
        }
        if has_la {
            s.learning_activity = Some(la);
        }
        s
    }

    /// True when [`Santri::from_flat`] reads a column of this name.
    pub(crate) fn is_flat_column(key: &str) -> bool {
        flat_cell(&mut Santri::default(), &mut AktivitasBelajar::default(), key, "x").is_some()
    }
}

/// Applies one flat cell. `None`: unknown column; `Some(true)`: a learning-activity column.
fn flat_cell(s: &mut Santri, la: &mut AktivitasBelajar, k: &str, v: &str) -> Option<bool> {
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
        _ => return flat_la_cell(la, &key, v).then_some(true),
    }
    Some(false)
}

fn flat_la_cell(la: &mut AktivitasBelajar, key: &str, v: &str) -> bool {
    let txt = || Some(v.to_string());
    match key {
        "academic_year_id" => la.academic_year_id = v.parse().ok(),
        "m_level_id" | "jenjang" | "level" => la.m_level_id = Some(Master::code(v)),
        "tingkat" | "kelas" => la.tingkat = txt(),
        "study_group" | "rombel" => la.study_group = txt(),
        "student_status" | "status" => la.student_status = Some(Master::code(v)),
        "admission_date" | "tanggal_masuk" | "start_date" => la.admission_date = txt(),
        "exit_date" | "tanggal_keluar" => la.exit_date = txt(),
        "exit_reason" | "jenis_keluar" => la.exit_reason = txt(),
        "exit_destination" | "tujuan_keluar" => la.exit_destination = txt(),
        _ => return false,
    }
    true
}

/// Fills `dst` from `src` when empty. Returns false when both hold different values.
pub(crate) fn fill<T: PartialEq>(dst: &mut Option<T>, src: Option<T>) -> bool {
    match (dst.as_ref(), src) {
        (_, None) => true,
        (None, Some(v)) => {
            *dst = Some(v);
            true
        }
        (Some(a), Some(b)) => *a == b,
    }
}

impl Santri {
    /// Merges a flat reading into a nested one: every empty field is filled from `flat`.
    /// Returns false when a field held a different value in each (the nested one is kept).
    pub(crate) fn fill_from_flat(&mut self, flat: Santri) -> bool {
        let mut same = true;
        if self.full_name.is_blank() {
            self.full_name = flat.full_name;
        } else if !flat.full_name.is_blank() {
            same &= self.full_name == flat.full_name;
        }
        same &= fill(&mut self.id, flat.id);
        same &= fill(&mut self.nik, flat.nik);
        same &= fill(&mut self.kk_num, flat.kk_num);
        same &= fill(&mut self.nisn, flat.nisn);
        same &= fill(&mut self.local_nis, flat.local_nis);
        same &= fill(&mut self.birth_place, flat.birth_place);
        same &= fill(&mut self.birth_date, flat.birth_date);
        same &= fill(&mut self.m_gender, flat.m_gender);
        same &= fill(&mut self.m_religion, flat.m_religion);
        same &= fill(&mut self.handphone, flat.handphone);
        let (a, b) = (&mut self.alamat, flat.alamat);
        same &= fill(&mut a.address, b.address);
        same &= fill(&mut a.rt, b.rt);
        same &= fill(&mut a.rw, b.rw);
        same &= fill(&mut a.postal_code_num, b.postal_code_num);
        same &= fill(&mut a.kode_wilayah, b.kode_wilayah);
        same &= fill(&mut self.status_mukim, flat.status_mukim);
        let (p, f) = (&mut self.parents, flat.parents);
        same &= fill(&mut p.father_full_name, f.father_full_name);
        same &= fill(&mut p.father_nik, f.father_nik);
        same &= fill(&mut p.mother_full_name, f.mother_full_name);
        same &= fill(&mut p.mother_nik, f.mother_nik);
        same &= fill(&mut p.wali_full_name, f.wali_full_name);
        same &= fill(&mut p.wali_nik, f.wali_nik);
        match (self.learning_activity.as_mut(), flat.learning_activity) {
            (_, None) => {}
            (None, Some(l)) => self.learning_activity = Some(l),
            (Some(a), Some(b)) => {
                same &= fill(&mut a.academic_year_id, b.academic_year_id);
                same &= fill(&mut a.m_level_id, b.m_level_id);
                same &= fill(&mut a.student_status, b.student_status);
                same &= fill(&mut a.tingkat, b.tingkat);
                same &= fill(&mut a.study_group, b.study_group);
                same &= fill(&mut a.admission_date, b.admission_date);
                same &= fill(&mut a.exit_date, b.exit_date);
                same &= fill(&mut a.exit_reason, b.exit_reason);
                same &= fill(&mut a.exit_destination, b.exit_destination);
            }
        }
        same
    }
}
