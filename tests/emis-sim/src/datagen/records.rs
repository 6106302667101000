//! Synthetic records and their EMIS-shaped JSON (field names of domain.md §4.1 / §4.3).

use emis_core::date::Date;
use emis_core::id::nik::JenisKelamin;
use emis_core::model::{LembagaKind, StatusMukim};
use emis_core::wilayah;
use serde::Serialize;
use serde_json::{Map, Value, json};

/// `{"id": .., "name": ..}` master reference.
pub fn master(id: i64, name: &str) -> Value {
    json!({"id": id, "name": name})
}

/// Province, kab/kota and kecamatan references for a kecamatan code.
pub fn region_refs(kecamatan: u32) -> (Value, Value, Value) {
    let kab = (kecamatan / 100) as u16;
    let prov = (kab / 100) as u8;
    (
        master(i64::from(prov), wilayah::provinsi_name(prov).unwrap_or("?")),
        master(i64::from(kab), wilayah::kab_kota_name(kab).unwrap_or("?")),
        master(i64::from(kecamatan), wilayah::kecamatan_name(kecamatan).unwrap_or("?")),
    )
}

/// Birth-place text for a kab/kota (`Kabupaten Jombang` → `JOMBANG`).
pub fn place_name(kab_kota: u16) -> String {
    let n = wilayah::kab_kota_name(kab_kota).unwrap_or("INDONESIA");
    n.trim_start_matches("Kabupaten ")
        .trim_start_matches("Kota ")
        .trim_start_matches("KAB. ")
        .to_uppercase()
}

/// Status of a santri or GTK in EMIS. Removal is a status, never a delete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum RecordStatus {
    /// Active.
    Aktif,
    /// Graduated.
    Lulus,
    /// Transferred out.
    MutasiKeluar,
    /// Inactive for another reason (putus sekolah, meninggal, ...).
    TidakAktif,
}

impl RecordStatus {
    /// EMIS `student_status_id`.
    pub fn id(self) -> i64 {
        match self {
            RecordStatus::Aktif => 1,
            RecordStatus::Lulus => 2,
            RecordStatus::MutasiKeluar => 3,
            RecordStatus::TidakAktif => 4,
        }
    }
    /// Display name.
    pub fn name(self) -> &'static str {
        match self {
            RecordStatus::Aktif => "Aktif",
            RecordStatus::Lulus => "Lulus",
            RecordStatus::MutasiKeluar => "Mutasi Keluar",
            RecordStatus::TidakAktif => "Tidak Aktif",
        }
    }
    /// Reads a status name back (as stored in a record).
    pub fn from_name(name: &str) -> RecordStatus {
        match name.trim().to_ascii_lowercase().as_str() {
            "lulus" => RecordStatus::Lulus,
            "mutasi keluar" => RecordStatus::MutasiKeluar,
            "tidak aktif" => RecordStatus::TidakAktif,
            _ => RecordStatus::Aktif,
        }
    }
}

/// A synthetic lembaga.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimLembaga {
    /// EMIS `institution_id` (server id).
    pub institution_id: i64,
    /// Kind (`institution_group_id`).
    pub kind: LembagaKind,
    /// Name.
    pub name: String,
    /// Nomor statistik: NSPP `5100PPKKNNNN`, MDT `3112PPKKNNNN`, LPQ `4112PPKKNNNN`,
    /// PDF Wustha `2212PPKKNNNN`. Serials are in the 9xxx range (synthetic).
    pub statistic_num: String,
    /// NPSN (8 digits).
    pub npsn: String,
    /// Kecamatan of the address (`PPKKCC`).
    pub kecamatan: u32,
    /// Street address.
    pub address: String,
    /// Head (pimpinan).
    pub pimpinan: String,
    /// Jenjang offered.
    pub jenjang: Vec<String>,
    /// Typology (pontren only).
    pub tipologi: Option<String>,
    /// Parent pesantren for units (PDF).
    pub parent_statistic_num: Option<String>,
    /// Operating permit number.
    pub izin_number: String,
    /// Operating permit date.
    pub izin_date: Date,
}

impl SimLembaga {
    /// Kab/kota code `PPKK`.
    pub fn kab_kota(&self) -> u16 {
        (self.kecamatan / 100) as u16
    }
    /// The `institutions/info` record.
    pub fn to_json(&self) -> Value {
        let (prov, city, district) = region_refs(self.kecamatan);
        json!({
            "institution_id": self.institution_id,
            "name": self.name,
            "statistic_num": self.statistic_num,
            "npsn": self.npsn,
            "institution_group_id": self.kind.group_id(),
            "institution_group_name": self.kind.short_name(),
            "status": "swasta",
            "jenjang": self.jenjang,
            "tipologi": self.tipologi,
            "parent_statistic_num": self.parent_statistic_num,
            "pimpinan": self.pimpinan,
            "address": {
                "address": self.address,
                "rt": "001",
                "rw": "002",
                "postal_code_num": format!("{}", 60000 + self.kecamatan % 9000),
                "m_province": prov,
                "m_city": city,
                "m_district": district,
                "kode_wilayah": format!("{}", self.kecamatan),
            },
            "izin_operasional": {
                "number": self.izin_number,
                "date": self.izin_date.to_string(),
                "issuer": format!("Kantor Kementerian Agama {}", wilayah::kab_kota_name(self.kab_kota()).unwrap_or("")),
            },
        })
    }
}

/// A synthetic santri.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimSantri {
    /// Server id (`s-000123`).
    pub id: String,
    /// Statistic number of the lembaga.
    pub statistic_num: String,
    /// Full name (upper case).
    pub full_name: String,
    /// NIK.
    pub nik: String,
    /// No. KK.
    pub kk_num: String,
    /// NISN, when the santri has one.
    pub nisn: Option<String>,
    /// Nomor induk santri (statistic number + entry year + serial).
    pub local_nis: String,
    /// Sex.
    pub gender: JenisKelamin,
    /// Birth place.
    pub birth_place: String,
    /// Birth date.
    pub birth_date: Date,
    /// Kecamatan of the home address.
    pub kecamatan: u32,
    /// Street/dusun.
    pub address: String,
    /// RT.
    pub rt: String,
    /// RW.
    pub rw: String,
    /// Father's name.
    pub father_full_name: String,
    /// Father's NIK.
    pub father_nik: Option<String>,
    /// Mother's name (absent only when planted as a defect).
    pub mother_full_name: Option<String>,
    /// Mother's NIK.
    pub mother_nik: Option<String>,
    /// Mukim / non-mukim.
    pub status_mukim: StatusMukim,
    /// Jenjang (`Wustha`, `Ulya`, `Ula`, `TPQ`).
    pub level: String,
    /// Grade.
    pub tingkat: u8,
    /// Rombel `Kelas N - X` (absent: active without rombel).
    pub study_group: Option<String>,
    /// Status.
    pub status: RecordStatus,
    /// Admission date.
    pub admission_date: Date,
    /// Period (server id).
    pub academic_year_id: i64,
}

fn level_id(level: &str) -> i64 {
    match level {
        "Ula" => 1,
        "Wustha" => 2,
        "Ulya" => 3,
        "TPQ" => 6,
        _ => 9,
    }
}

/// The jenjang name of a simulator level id (`m_level_id`): 1 Ula, 2 Wustha, 3 Ulya, 6 TPQ.
pub fn level_name(id: i64) -> Option<&'static str> {
    match id {
        1 => Some("Ula"),
        2 => Some("Wustha"),
        3 => Some("Ulya"),
        6 => Some("TPQ"),
        _ => None,
    }
}

impl SimSantri {
    /// The EMIS record (`student-list` / detail shape).
    pub fn to_json(&self, academic_year_name: &str) -> Value {
        let (prov, city, district) = region_refs(self.kecamatan);
        let female = self.gender == JenisKelamin::P;
        let mukim = self.status_mukim == StatusMukim::Mukim;
        let full_address = format!(
            "{}, RT {}/RW {}, Kec. {}, {}",
            self.address,
            self.rt,
            self.rw,
            wilayah::kecamatan_name(self.kecamatan).unwrap_or("?"),
            wilayah::kab_kota_name((self.kecamatan / 100) as u16).unwrap_or("?")
        );
        json!({
            "id": self.id,
            "full_name": self.full_name,
            "nik": self.nik,
            "kk_num": self.kk_num,
            "nisn": self.nisn,
            "local_nis": self.local_nis,
            "birth_place": self.birth_place,
            "birth_date": self.birth_date.to_string(),
            "m_gender": if female { master(2, "Perempuan") } else { master(1, "Laki-laki") },
            "m_religion": master(1, "Islam"),
            "address": self.address,
            "full_address": full_address,
            "rt": self.rt,
            "rw": self.rw,
            "postal_code_num": format!("{}", 60000 + self.kecamatan % 9000),
            "m_province": prov,
            "m_city": city,
            "m_district": district,
            "kode_wilayah": format!("{}", self.kecamatan),
            "status_mukim": if mukim { "mukim" } else { "non-mukim" },
            "m_residence_status": if mukim { master(3, "Pesantren / Asrama") } else { master(1, "Bersama Orang Tua") },
            "m_status_dukcapil": {"status": "Belum Diverifikasi"},
            "parents": {
                "father_full_name": self.father_full_name,
                "father_nik": self.father_nik,
                "mother_full_name": self.mother_full_name,
                "mother_nik": self.mother_nik,
                "wali_full_name": null,
                "wali_nik": null,
                "is_kk_same_father": true,
            },
            "learning_activity": {
                "academic_year_id": self.academic_year_id,
                "academic_year": {"name": academic_year_name},
                "m_level_id": master(level_id(&self.level), &self.level),
                "tingkat": self.tingkat.to_string(),
                "study_group": self.study_group.as_ref().map(|g| json!({"name": g, "room_name": format!("Ruang {g}")})),
                "student_status_id": self.status.id(),
                "student_status": master(self.status.id(), self.status.name()),
                "start_date": self.admission_date.to_string(),
                "admission_date": self.admission_date.to_string(),
            },
        })
    }
}

/// Employment status of a synthetic GTK.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Kepegawaian {
    /// Civil servant (NIP, in SIMPEG).
    Pns,
    /// PPPK (NI PPPK, in SIMPEG).
    Pppk,
    /// Non PNS (no NIP).
    NonPns,
}

impl Kepegawaian {
    /// Label used by EMIS.
    pub fn label(self) -> &'static str {
        match self {
            Kepegawaian::Pns => "PNS",
            Kepegawaian::Pppk => "PPPK",
            Kepegawaian::NonPns => "Non PNS",
        }
    }
}

/// A synthetic GTK (ustadz/ustadzah or staff).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimGtk {
    /// Server id (`g-000012`).
    pub id: String,
    /// Statistic number of the lembaga.
    pub statistic_num: String,
    /// Name with academic title.
    pub full_name: String,
    /// NIK.
    pub nik: String,
    /// NIP / NI PPPK (PNS and PPPK only).
    pub nip: Option<String>,
    /// NUPTK.
    pub nuptk: Option<String>,
    /// Sex.
    pub gender: JenisKelamin,
    /// Birth place.
    pub birth_place: String,
    /// Birth date.
    pub birth_date: Date,
    /// Mother's name.
    pub mother_name: String,
    /// Employment status.
    pub kepegawaian: Kepegawaian,
    /// Position.
    pub jabatan: String,
    /// Subject.
    pub bidang_studi: String,
    /// Start of assignment.
    pub tmt_tugas: Date,
    /// Education: (jenjang, institution, graduation year).
    pub education: Vec<(String, String, u16)>,
    /// Status.
    pub status: RecordStatus,
}

impl SimGtk {
    /// The `personnels` record.
    pub fn to_json(&self) -> Value {
        let female = self.gender == JenisKelamin::P;
        let edu: Vec<Value> = self
            .education
            .iter()
            .map(|(j, i, y)| json!({"jenjang": j, "institution": i, "graduation_year": y}))
            .collect();
        json!({
            "id": self.id,
            "full_name": self.full_name,
            "nik": self.nik,
            "nip": self.nip,
            "nuptk": self.nuptk,
            "birth_place": self.birth_place,
            "birth_date": self.birth_date.to_string(),
            "m_gender": if female { master(2, "Perempuan") } else { master(1, "Laki-laki") },
            "mother_name": self.mother_name,
            "status_kepegawaian": self.kepegawaian.label(),
            "jabatan": self.jabatan,
            "bidang_studi": self.bidang_studi,
            "tmt_tugas": self.tmt_tugas.to_string(),
            "education_history": edu,
            "status": self.status.name(),
            "is_active": self.status == RecordStatus::Aktif,
        })
    }
}

/// A SIMPEG `cek_nip` `data` object (upper-case keys, no NIK), as a JSON map.
pub type SimpegRecord = Map<String, Value>;

/// An academic period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SimPeriod {
    /// Server id.
    pub academic_year_id: i64,
    /// `Ganjil 2026/2027`.
    pub name: String,
    /// Window start.
    pub open_date: Date,
    /// Window end.
    pub close_date: Date,
    /// BAP deadline.
    pub bap_deadline: Date,
}

/// An operator account (email/password per lembaga). Passwords are fake and printed by the
/// simulator on purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OperatorAccount {
    /// Login email.
    pub email: String,
    /// Password (synthetic).
    pub password: String,
    /// The operator's (synthetic) NIK, accepted as the login name instead of the email.
    pub nik: String,
    /// Lembaga.
    pub statistic_num: String,
    /// Operator's display name.
    pub name: String,
}

/// Partner API credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartnerAccount {
    /// Public key.
    pub public_key: String,
    /// Private key (synthetic).
    pub private_key: String,
    /// Partner name.
    pub name: String,
}
