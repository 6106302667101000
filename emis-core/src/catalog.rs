//! The rule catalogue: every issue code emis can report, with its rule number in the
//! project's rule table (domain.md §7.2), severity, field, messages in Bahasa Indonesia and
//! English, and a hint for the operator. Messages are data beside the code: templates with
//! `{name}` parameters filled from the (non-personal) parameters.
//!
//! `docs/rules.md` is generated from this table (`cargo run -p emis-cli -- rules --markdown`).

use serde::Serialize;

/// How bad an issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Reported, does not block sync.
    Warning,
    /// Blocks sync: EMIS would reject the record or the data is certainly wrong.
    Invalid,
}

impl Severity {
    /// `"warning"` or `"invalid"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Invalid => "invalid",
        }
    }
}

/// Where a rule looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// One identifier on its own.
    Identifier,
    /// One record (santri, GTK, lembaga).
    Record,
    /// A whole list of records (duplicates, cross-record relations).
    Roster,
    /// Needs an answer from EMIS or SIMPEG.
    Server,
}

/// Language of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Bahasa Indonesia (the default: messages are for operators).
    #[default]
    Id,
    /// English.
    En,
}

/// One entry of the catalogue.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RuleDef {
    /// Stable, lower-case, dotted code.
    pub code: &'static str,
    /// Number of the rule in the project's rule table (1..=40; 39 and 40: reading files).
    pub rule: u8,
    /// Severity of every issue with this code.
    pub severity: Severity,
    /// Where the rule looks.
    pub scope: Scope,
    /// The field (EMIS name) the rule concerns.
    pub field: &'static str,
    /// Message template, Bahasa Indonesia.
    pub message_id: &'static str,
    /// Message template, English.
    pub message_en: &'static str,
    /// What the operator can do, Bahasa Indonesia.
    pub hint_id: &'static str,
    /// What the operator can do, English.
    pub hint_en: &'static str,
}

impl RuleDef {
    /// Message template in a language.
    pub fn message(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Id => self.message_id,
            Lang::En => self.message_en,
        }
    }
    /// Hint in a language.
    pub fn hint(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Id => self.hint_id,
            Lang::En => self.hint_en,
        }
    }
}

/// Looks a code up.
pub fn rule(code: &str) -> Option<&'static RuleDef> {
    RULES.iter().find(|r| r.code == code)
}

/// Fills `{name}` placeholders from `params`; unknown placeholders stay as they are.
pub fn render(template: &str, params: &[(&'static str, String)]) -> String {
    if !template.contains('{') {
        return template.to_string();
    }
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let key = &after[..end];
                match params.iter().find(|(k, _)| *k == key) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

macro_rules! ident_rules {
    ($k:literal, $field:literal, $rule:literal, $name:literal, $len:literal) => {
        [
            RuleDef {
                code: concat!($k, ".kosong"),
                rule: $rule,
                severity: Severity::Invalid,
                scope: Scope::Identifier,
                field: $field,
                message_id: concat!($name, " kosong."),
                message_en: concat!($name, " is empty."),
                hint_id: concat!("Isi ", $name, " (", $len, " digit)."),
                hint_en: concat!("Fill in the ", $name, " (", $len, " digits)."),
            },
            RuleDef {
                code: concat!($k, ".karakter_tidak_valid"),
                rule: $rule,
                severity: Severity::Invalid,
                scope: Scope::Identifier,
                field: $field,
                message_id: concat!($name, " berisi karakter selain angka 0-9 ({what})."),
                message_en: concat!($name, " contains characters other than the digits 0-9 ({what})."),
                hint_id: "Ketik ulang dengan angka biasa; huruf O/l, angka pangkat (²) dan angka Arab-India tidak diterima.",
                hint_en: "Retype it with plain digits; the letters O/l, superscripts (²) and Arabic-Indic digits are not accepted.",
            },
            RuleDef {
                code: concat!($k, ".panjang_salah"),
                rule: $rule,
                severity: Severity::Invalid,
                scope: Scope::Identifier,
                field: $field,
                message_id: concat!($name, " harus ", $len, " digit, tertulis {got} digit."),
                message_en: concat!($name, " must have ", $len, " digits, found {got}."),
                hint_id: concat!("Periksa kembali ", $name, " pada dokumen aslinya; kemungkinan ada digit yang hilang atau berlebih."),
                hint_en: concat!("Check the ", $name, " against the original document; a digit is probably missing or doubled."),
            },
        ]
    };
}

const NIK_BASE: [RuleDef; 3] = ident_rules!("nik", "nik", 10, "NIK", "16");
const KK_BASE: [RuleDef; 3] = ident_rules!("kk", "kk_num", 18, "Nomor KK", "16");
const NISN_BASE: [RuleDef; 3] = ident_rules!("nisn", "nisn", 20, "NISN", "10");
const NIP_BASE: [RuleDef; 3] = ident_rules!("nip", "nip", 30, "NIP", "18");
const NUPTK_BASE: [RuleDef; 3] = ident_rules!("nuptk", "nuptk", 34, "NUPTK", "16");
const NS_BASE: [RuleDef; 3] = ident_rules!("nomor_statistik", "statistic_num", 1, "Nomor statistik", "12");
const NPSN_BASE: [RuleDef; 3] = ident_rules!("npsn", "npsn", 9, "NPSN", "8");
const NISM_BASE: [RuleDef; 3] = ident_rules!("nism", "local_nis", 29, "NISM / nomor induk santri", "18");

const fn r(
    code: &'static str,
    rule: u8,
    severity: Severity,
    scope: Scope,
    field: &'static str,
    msg: (&'static str, &'static str),
    hint: (&'static str, &'static str),
) -> RuleDef {
    RuleDef {
        code,
        rule,
        severity,
        scope,
        field,
        message_id: msg.0,
        message_en: msg.1,
        hint_id: hint.0,
        hint_en: hint.1,
    }
}

use Scope::{Identifier as Id_, Record as Rec, Roster as Ros, Server as Srv};
use Severity::{Invalid as INV, Warning as WARN};

const SPECIFIC: &[RuleDef] = &[
    // --- nomor statistik ---
    r(
        "nomor_statistik.status_tidak_valid",
        2,
        INV,
        Id_,
        "statistic_num",
        (
            "Digit ke-4 nomor statistik (kode status) harus 1 (Negeri) atau 2 (Swasta), tertulis {status}.",
            "Digit 4 of the statistic number (status code) must be 1 (Negeri) or 2 (Swasta), found {status}.",
        ),
        (
            "Periksa piagam/SK nomor statistik lembaga.",
            "Check the institution's statistic number certificate.",
        ),
    ),
    r(
        "nomor_statistik.jenis_tidak_dikenal",
        3,
        WARN,
        Id_,
        "statistic_num",
        (
            "Kode jenis lembaga {jenis} tidak ada dalam tabel SK Dirjen Pendis DJ.I/456A/2008.",
            "Institution kind code {jenis} is not in the DJ.I/456A/2008 table.",
        ),
        (
            "Jenis lembaga yang lebih baru (PKPPS, SPM, RTQ) memang belum ada di tabel; selain itu periksa tiga digit pertama.",
            "Newer kinds (PKPPS, SPM, RTQ) are not in the table; otherwise check the first three digits.",
        ),
    ),
    r(
        "nomor_statistik.status_harus_swasta",
        4,
        WARN,
        Id_,
        "statistic_num",
        (
            "Lembaga jenis {jenis_nama} selalu berstatus Swasta (2), tetapi digit status bernilai 1.",
            "A {jenis_nama} is always private (status 2), but the status digit is 1.",
        ),
        (
            "PDF, MDT, LPQ dan Ma'had Aly tidak ada yang negeri; periksa digit ke-4.",
            "PDF, MDT, LPQ and Ma'had Aly are never state-run; check digit 4.",
        ),
    ),
    r(
        "nspp.format_lama",
        5,
        WARN,
        Id_,
        "statistic_num",
        (
            "NSPP memakai format lama (sebelum 2008, tidak diawali 5100).",
            "The NSPP uses the old (pre-2008) layout, not starting with 5100.",
        ),
        (
            "Nomor lama masih bisa dipakai; ajukan pemutihan NSPP ke Kemenag kab/kota bila diminta.",
            "Old numbers still work; ask the district office for a re-issued NSPP if required.",
        ),
    ),
    r(
        "nomor_statistik.wilayah_tidak_valid",
        6,
        INV,
        Id_,
        "statistic_num",
        (
            "Kode wilayah dalam nomor statistik tidak mungkin: provinsi {provinsi}, kab/kota {kab_kota}.",
            "The region code in the statistic number is impossible: province {provinsi}, regency/city {kab_kota}.",
        ),
        (
            "Provinsi tidak boleh 00; kab/kota harus 01-69 (kabupaten) atau 71-99 (kota).",
            "The province cannot be 00; the regency/city must be 01-69 (kabupaten) or 71-99 (kota).",
        ),
    ),
    r(
        "nomor_statistik.wilayah_tidak_dikenal",
        6,
        WARN,
        Id_,
        "statistic_num",
        (
            "Kode wilayah {kode} dalam nomor statistik tidak ada dalam tabel Kemendagri.",
            "Region code {kode} in the statistic number is not in the Kemendagri table.",
        ),
        (
            "Bisa karena pemekaran atau salah ketik; cocokkan dengan piagam nomor statistik.",
            "This can follow a region split or a typo; compare it with the certificate.",
        ),
    ),
    r(
        "nomor_statistik.wilayah_lama",
        6,
        WARN,
        Id_,
        "statistic_num",
        (
            "Kode wilayah {kode} dalam nomor statistik adalah kode lama (sebelum pemekaran).",
            "Region code {kode} in the statistic number is a retired code (before a region split).",
        ),
        (
            "Nomor tetap berlaku; tidak perlu diubah kecuali diminta Kemenag.",
            "The number stays valid; no change is needed unless the ministry asks.",
        ),
    ),
    r(
        "nomor_statistik.wilayah_berbeda",
        7,
        WARN,
        Rec,
        "statistic_num",
        (
            "Wilayah dalam nomor statistik ({kode}) berbeda dengan wilayah alamat lembaga ({alamat}).",
            "The region in the statistic number ({kode}) differs from the institution's address region ({alamat}).",
        ),
        (
            "Wajar setelah pemekaran atau pemutihan; pastikan alamat lembaga benar.",
            "Normal after a region split or re-issue; make sure the address is right.",
        ),
    ),
    r(
        "nomor_statistik.nomor_urut_nol",
        8,
        INV,
        Id_,
        "statistic_num",
        (
            "Nomor urut dalam nomor statistik tidak boleh 0000.",
            "The serial of the statistic number cannot be 0000.",
        ),
        ("Periksa empat digit terakhir.", "Check the last four digits."),
    ),
    // --- NIK ---
    r(
        "nik.provinsi_tidak_valid",
        11,
        INV,
        Id_,
        "nik",
        (
            "Kode provinsi NIK tidak boleh 00.",
            "The NIK province code cannot be 00.",
        ),
        (
            "Periksa dua digit pertama NIK pada KK/KTP.",
            "Check the first two digits against the family card.",
        ),
    ),
    r(
        "nik.kabkota_tidak_valid",
        11,
        INV,
        Id_,
        "nik",
        (
            "Kode kab/kota NIK ({kab_kota}) harus 01-69 atau 71-99.",
            "The NIK regency/city code ({kab_kota}) must be 01-69 or 71-99.",
        ),
        ("Periksa digit ke-3 dan ke-4 NIK.", "Check digits 3 and 4 of the NIK."),
    ),
    r(
        "nik.tanggal_tidak_valid",
        11,
        INV,
        Id_,
        "nik",
        (
            "Tanggal lahir dalam NIK (digit 7-12) tidak ada di kalender ({alasan}).",
            "The birth date inside the NIK (digits 7-12) is not a calendar date ({reason}).",
        ),
        (
            "Tanggal ditulis DDMMYY, untuk perempuan tanggal ditambah 40; periksa NIK pada KK.",
            "The date is written DDMMYY, with 40 added to the day for women; check the NIK on the family card.",
        ),
    ),
    r(
        "nik.nomor_urut_nol",
        11,
        INV,
        Id_,
        "nik",
        (
            "Nomor urut NIK (4 digit terakhir) tidak boleh 0000.",
            "The NIK serial (last 4 digits) cannot be 0000.",
        ),
        (
            "Nomor urut dimulai dari 0001; periksa empat digit terakhir.",
            "Serials start at 0001; check the last four digits.",
        ),
    ),
    r(
        "nik.wilayah_lama",
        12,
        WARN,
        Id_,
        "nik",
        (
            "NIK memakai kode wilayah lama {kode} ({nama}), sebelum pemekaran.",
            "The NIK uses the retired region code {kode} ({nama}), from before a region split.",
        ),
        (
            "NIK tidak berubah setelah pemekaran; ini sah, tidak perlu diperbaiki.",
            "A NIK does not change after a region split; this is valid, nothing to fix.",
        ),
    ),
    r(
        "nik.wilayah_tidak_dikenal",
        12,
        INV,
        Id_,
        "nik",
        (
            "Kode wilayah NIK {kode} tidak pernah diterbitkan Kemendagri.",
            "NIK region code {kode} was never issued by Kemendagri.",
        ),
        (
            "Hampir selalu salah ketik pada 6 digit pertama; cocokkan dengan KK.",
            "Almost always a typo in the first 6 digits; compare with the family card.",
        ),
    ),
    r(
        "nik.jenis_kelamin_berbeda",
        13,
        WARN,
        Rec,
        "nik",
        (
            "NIK menunjukkan jenis kelamin {nik_jk}, data tercatat {jk}.",
            "The NIK indicates sex {nik_jk}, the record says {jk}.",
        ),
        (
            "Tanggal dalam NIK perempuan ditambah 40; periksa jenis kelamin atau NIK.",
            "Women's NIK days have 40 added; check the sex or the NIK.",
        ),
    ),
    r(
        "nik.tanggal_lahir_berbeda",
        14,
        WARN,
        Rec,
        "nik",
        (
            "Tanggal lahir dalam NIK berbeda dengan tanggal lahir tercatat.",
            "The birth date inside the NIK differs from the recorded birth date.",
        ),
        (
            "NIK tidak diubah bila tanggal lahir dikoreksi, jadi ini bisa sah; pastikan tanggal lahir sesuai akta.",
            "A NIK is not changed when a birth date is corrected, so this can be valid; check the birth certificate.",
        ),
    ),
    r(
        "nik.ganda",
        15,
        INV,
        Ros,
        "nik",
        (
            "NIK yang sama dipakai oleh {jumlah} data dalam daftar ini (indeks {baris}).",
            "The same NIK is used by {jumlah} records in this list (indexes {baris}).",
        ),
        (
            "Satu orang hanya boleh tercatat sekali; gabungkan atau perbaiki NIK yang salah.",
            "A person may appear only once; merge the records or fix the wrong NIK.",
        ),
    ),
    r(
        "nik.aktif_di_lembaga_lain",
        16,
        INV,
        Srv,
        "nik",
        (
            "NIK ini masih aktif di lembaga lain (data ganda).",
            "This NIK is still active at another institution (duplicate record).",
        ),
        (
            "Minta lembaga asal melakukan mutasi keluar terlebih dahulu, lalu lakukan mutasi masuk.",
            "Ask the previous institution to record a transfer out first, then record the transfer in.",
        ),
    ),
    r(
        "nik.sama_dengan_orang_tua",
        17,
        INV,
        Rec,
        "nik",
        (
            "NIK santri sama dengan NIK {orang_tua}.",
            "The santri's NIK equals the {parent}'s NIK.",
        ),
        (
            "Isikan NIK santri sendiri, bukan NIK orang tua/wali.",
            "Enter the santri's own NIK, not a parent's.",
        ),
    ),
    r(
        "nik.ayah_sama_dengan_ibu",
        17,
        INV,
        Rec,
        "parents.father_nik",
        (
            "NIK ayah sama dengan NIK ibu.",
            "The father's NIK equals the mother's NIK.",
        ),
        (
            "Periksa NIK ayah dan ibu pada KK.",
            "Check both parents' NIKs on the family card.",
        ),
    ),
    // --- KK ---
    r(
        "kk.wilayah_tidak_valid",
        18,
        INV,
        Id_,
        "kk_num",
        (
            "Kode wilayah No. KK tidak mungkin: provinsi {provinsi}, kab/kota {kab_kota}.",
            "The family card region code is impossible: province {provinsi}, regency/city {kab_kota}.",
        ),
        (
            "Periksa enam digit pertama No. KK.",
            "Check the first six digits of the family card number.",
        ),
    ),
    r(
        "kk.wilayah_tidak_dikenal",
        18,
        WARN,
        Id_,
        "kk_num",
        (
            "Kode wilayah No. KK {kode} tidak ada dalam tabel Kemendagri.",
            "Family card region code {kode} is not in the Kemendagri table.",
        ),
        (
            "Cocokkan enam digit pertama dengan KK.",
            "Compare the first six digits with the family card.",
        ),
    ),
    r(
        "kk.wilayah_lama",
        18,
        WARN,
        Id_,
        "kk_num",
        (
            "No. KK memakai kode wilayah lama {kode}.",
            "The family card number uses the retired region code {kode}.",
        ),
        (
            "Sah bila KK terbit sebelum pemekaran.",
            "Valid if the card was issued before the region split.",
        ),
    ),
    r(
        "kk.sama_dengan_nik",
        19,
        WARN,
        Rec,
        "kk_num",
        ("No. KK sama dengan NIK.", "The family card number equals the NIK."),
        (
            "No. KK dan NIK adalah nomor berbeda; lihat bagian atas kartu keluarga.",
            "The family card number and the NIK differ; see the top of the family card.",
        ),
    ),
    // --- NISN ---
    r(
        "nisn.tahun_lahir_berbeda",
        21,
        WARN,
        Rec,
        "nisn",
        (
            "Tiga digit awal NISN ({awal}) tidak sesuai tahun lahir ({tahun}).",
            "The first three NISN digits ({awal}) do not match the birth year ({tahun}).",
        ),
        (
            "Banyak NISN sah tidak mengikuti pola ini; cek di laman NISN bila ragu.",
            "Many valid NISNs do not follow this pattern; check the NISN service if in doubt.",
        ),
    ),
    r(
        "nisn.ganda",
        15,
        INV,
        Ros,
        "nisn",
        (
            "NISN yang sama dipakai oleh {jumlah} data (indeks {baris}).",
            "The same NISN is used by {jumlah} records (indexes {baris}).",
        ),
        (
            "Satu NISN untuk satu santri; perbaiki yang salah.",
            "One NISN per student; fix the wrong one.",
        ),
    ),
    // --- names, places, dates ---
    r(
        "nama.wajib",
        22,
        INV,
        Rec,
        "full_name",
        ("Nama lengkap wajib diisi.", "The full name is required."),
        (
            "Isi nama sesuai akta kelahiran/KK.",
            "Enter the name as on the birth certificate or family card.",
        ),
    ),
    r(
        "nama.mengandung_angka",
        22,
        INV,
        Rec,
        "full_name",
        ("Nama mengandung angka.", "The name contains digits."),
        (
            "Nama hanya berisi huruf, spasi, titik, koma, apostrof dan tanda hubung.",
            "A name holds letters, spaces, dots, commas, apostrophes and hyphens only.",
        ),
    ),
    r(
        "nama_ibu.wajib",
        22,
        INV,
        Rec,
        "parents.mother_full_name",
        ("Nama ibu kandung wajib diisi.", "The mother's name is required."),
        (
            "Isi nama ibu kandung sesuai KK.",
            "Enter the birth mother's name as on the family card.",
        ),
    ),
    r(
        "nama_ibu.placeholder",
        22,
        INV,
        Rec,
        "parents.mother_full_name",
        (
            "Nama ibu kandung berisi isian sementara ({isian}).",
            "The mother's name is a placeholder ({isian}).",
        ),
        (
            "Ganti dengan nama ibu kandung sebenarnya; Dukcapil menolak isian seperti BUNDA atau IBU.",
            "Replace it with the real name; Dukcapil rejects placeholders such as BUNDA or IBU.",
        ),
    ),
    r(
        "nama_ibu.mengandung_angka",
        22,
        INV,
        Rec,
        "parents.mother_full_name",
        (
            "Nama ibu kandung mengandung angka.",
            "The mother's name contains digits.",
        ),
        ("Periksa nama ibu kandung.", "Check the mother's name."),
    ),
    r(
        "tempat_lahir.wajib",
        23,
        WARN,
        Rec,
        "birth_place",
        ("Tempat lahir belum diisi.", "The birth place is empty."),
        (
            "Isi tempat lahir sesuai akta.",
            "Enter the birth place as on the birth certificate.",
        ),
    ),
    r(
        "tempat_lahir.tidak_kanonik",
        23,
        WARN,
        Rec,
        "birth_place",
        (
            "Tempat lahir ditulis tidak baku; bentuk baku: {baku}.",
            "The birth place is not in canonical form; canonical: {baku}.",
        ),
        (
            "Verifikasi Dukcapil membandingkan teks; tulis nama kota/kabupaten tanpa awalan (mis. SEMARANG).",
            "Dukcapil compares the text; write the city/regency name without a prefix (e.g. SEMARANG).",
        ),
    ),
    r(
        "tanggal_lahir.wajib",
        24,
        INV,
        Rec,
        "birth_date",
        ("Tanggal lahir wajib diisi.", "The birth date is required."),
        (
            "Isi tanggal lahir sesuai akta.",
            "Enter the birth date as on the birth certificate.",
        ),
    ),
    r(
        "tanggal_lahir.tidak_valid",
        24,
        INV,
        Rec,
        "birth_date",
        (
            "Tanggal lahir tidak dapat dibaca atau tidak ada di kalender.",
            "The birth date cannot be read or is not a calendar date.",
        ),
        (
            "Gunakan format TTTT-BB-HH atau HH-BB-TTTT.",
            "Use YYYY-MM-DD or DD-MM-YYYY.",
        ),
    ),
    r(
        "tanggal_lahir.masa_depan",
        24,
        INV,
        Rec,
        "birth_date",
        ("Tanggal lahir ada di masa depan.", "The birth date is in the future."),
        ("Periksa tahun lahir.", "Check the birth year."),
    ),
    r(
        "tanggal_lahir.usia_tidak_wajar",
        24,
        WARN,
        Rec,
        "birth_date",
        (
            "Usia {usia} tahun tidak wajar untuk jenjang {jenjang} (biasanya {min}-{max}).",
            "Age {usia} is unusual for level {jenjang} (usually {min}-{max}).",
        ),
        (
            "Periksa tanggal lahir dan jenjang.",
            "Check the birth date and the level.",
        ),
    ),
    r(
        "jenis_kelamin.tidak_valid",
        25,
        INV,
        Rec,
        "m_gender",
        ("Jenis kelamin harus L atau P.", "Sex must be L or P."),
        (
            "Gunakan L (laki-laki) atau P (perempuan).",
            "Use L (male) or P (female).",
        ),
    ),
    r(
        "status_mukim.wajib",
        26,
        INV,
        Rec,
        "status_mukim",
        (
            "Status mukim santri pesantren wajib diisi (mukim/non-mukim).",
            "A pesantren santri's residence status (mukim/non-mukim) is required.",
        ),
        (
            "Pilih mukim bila santri tinggal di pondok, non-mukim bila tidak.",
            "Choose mukim if the santri lives in the pondok, non-mukim otherwise.",
        ),
    ),
    r(
        "aktivitas.tanpa_rombel",
        27,
        WARN,
        Rec,
        "learning_activity.study_group",
        (
            "Santri aktif belum masuk rombel pada periode berjalan (active_without_rombel).",
            "An active santri has no study group in the current period (active_without_rombel).",
        ),
        (
            "Tempatkan santri di rombel agar terhitung dalam BAP.",
            "Place the santri in a study group so they count in the BAP.",
        ),
    ),
    r(
        "tanggal_masuk.sebelum_lahir",
        28,
        INV,
        Rec,
        "learning_activity.admission_date",
        (
            "Tanggal masuk sebelum tanggal lahir.",
            "The admission date is before the birth date.",
        ),
        ("Periksa tanggal masuk.", "Check the admission date."),
    ),
    r(
        "tanggal_keluar.sebelum_masuk",
        28,
        INV,
        Rec,
        "learning_activity.exit_date",
        (
            "Tanggal keluar sebelum tanggal masuk.",
            "The exit date is before the admission date.",
        ),
        ("Periksa tanggal keluar.", "Check the exit date."),
    ),
    r(
        "tanggal_keluar.jenis_keluar_wajib",
        28,
        INV,
        Rec,
        "learning_activity.exit_reason",
        (
            "Santri keluar tanpa jenis keluar atau tujuan.",
            "A santri who left has no exit reason or destination.",
        ),
        (
            "Isi jenis keluar (mutasi, lulus, putus sekolah, meninggal) dan tujuan.",
            "Fill in the exit reason (transfer, graduated, dropped out, deceased) and the destination.",
        ),
    ),
    r(
        "nism.nomor_urut_nol",
        29,
        WARN,
        Id_,
        "local_nis",
        ("Nomor urut NISM tidak boleh 0000.", "The NISM serial cannot be 0000."),
        (
            "Nomor urut dimulai 0001 setiap tahun masuk.",
            "Serials restart at 0001 each entry year.",
        ),
    ),
    r(
        "nism.tidak_sesuai_lembaga",
        29,
        WARN,
        Rec,
        "local_nis",
        (
            "Nomor induk santri tidak mengikuti pola nomor statistik lembaga + tahun masuk ({alasan}).",
            "The student number does not follow institution number + entry year ({reason}).",
        ),
        (
            "Pola: 12 digit nomor statistik + 2 digit tahun masuk + 4 digit urut.",
            "Pattern: 12-digit statistic number + 2-digit entry year + 4-digit serial.",
        ),
    ),
    // --- NIP ---
    r(
        "nip.tanggal_lahir_tidak_valid",
        30,
        INV,
        Id_,
        "nip",
        (
            "Tanggal lahir dalam NIP (digit 1-8) tidak valid.",
            "The birth date in the NIP (digits 1-8) is not valid.",
        ),
        (
            "NIP diawali TTTTBBHH tanggal lahir; periksa SK.",
            "A NIP starts with YYYYMMDD of the birth date; check the decree.",
        ),
    ),
    r(
        "nip.tmt_tidak_valid",
        30,
        INV,
        Id_,
        "nip",
        (
            "Tahun TMT dalam NIP (digit 9-12) tidak mungkin.",
            "The appointment year in the NIP (digits 9-12) is impossible.",
        ),
        (
            "Digit 9-14 adalah tahun dan bulan TMT CPNS.",
            "Digits 9-14 are the appointment year and month.",
        ),
    ),
    r(
        "nip.jenis_kelamin_tidak_valid",
        30,
        INV,
        Id_,
        "nip",
        (
            "Digit ke-15 NIP (jenis kelamin) harus 1 atau 2, tertulis {digit}.",
            "NIP digit 15 (sex) must be 1 or 2, found {digit}.",
        ),
        ("1 = pria, 2 = wanita.", "1 = male, 2 = female."),
    ),
    r(
        "nip.nomor_urut_nol",
        30,
        INV,
        Id_,
        "nip",
        (
            "Nomor urut NIP (3 digit terakhir) tidak boleh 000.",
            "The NIP serial (last 3 digits) cannot be 000.",
        ),
        ("Periksa tiga digit terakhir.", "Check the last three digits."),
    ),
    r(
        "nip.pppk",
        31,
        WARN,
        Id_,
        "nip",
        (
            "Digit 13-14 NIP ({kode}) bukan bulan: nomor ini NI PPPK, bukan NIP PNS.",
            "NIP digits 13-14 ({kode}) are not a month: this is an NI PPPK, not a PNS NIP.",
        ),
        (
            "Pastikan status kepegawaian PPPK.",
            "Make sure the employment status is PPPK.",
        ),
    ),
    r(
        "nip.data_berbeda",
        32,
        WARN,
        Rec,
        "nip",
        (
            "{bagian} dalam NIP berbeda dengan data GTK.",
            "The {part} inside the NIP differs from the GTK record.",
        ),
        (
            "Periksa tanggal lahir/jenis kelamin GTK atau NIP-nya.",
            "Check the GTK's birth date/sex or the NIP.",
        ),
    ),
    r(
        "nip.tmt_terlalu_dini",
        32,
        WARN,
        Id_,
        "nip",
        (
            "TMT dalam NIP kurang dari 18 tahun setelah tahun lahir.",
            "The appointment in the NIP is less than 18 years after the birth year.",
        ),
        ("Periksa digit 1-4 dan 9-12 NIP.", "Check NIP digits 1-4 and 9-12."),
    ),
    // --- GTK ---
    r(
        "gtk.nip_wajib",
        33,
        INV,
        Rec,
        "nip",
        (
            "GTK berstatus {status} wajib memiliki NIP/NI PPPK.",
            "A GTK with status {status} must have a NIP/NI PPPK.",
        ),
        (
            "Isi NIP, atau ubah status kepegawaian menjadi Non PNS.",
            "Fill in the NIP, or change the status to Non PNS.",
        ),
    ),
    r(
        "gtk.simpeg_gagal",
        33,
        WARN,
        Srv,
        "nip",
        (
            "Data GTK tidak dapat diambil dari SIMPEG ({alasan}); GTK tercatat Non PNS.",
            "The GTK could not be pulled from SIMPEG ({reason}); the GTK stays Non PNS.",
        ),
        (
            "Periksa NIP; bila benar, hubungi pengelola SIMPEG satker.",
            "Check the NIP; if it is right, contact the unit's SIMPEG administrator.",
        ),
    ),
    r(
        "nuptk.ganda",
        34,
        INV,
        Ros,
        "nuptk",
        (
            "NUPTK yang sama dipakai oleh {jumlah} GTK (indeks {baris}).",
            "The same NUPTK is used by {jumlah} GTK (indexes {baris}).",
        ),
        ("Satu NUPTK untuk satu GTK.", "One NUPTK per teacher."),
    ),
    r(
        "gtk.riwayat_pendidikan_tidak_lengkap",
        35,
        WARN,
        Rec,
        "education_history",
        (
            "Riwayat pendidikan tidak lengkap: {kurang} belum diisi.",
            "Education history incomplete: {missing} missing.",
        ),
        (
            "Isi jenjang SD sampai pendidikan tertinggi.",
            "Fill in every level from SD to the highest degree.",
        ),
    ),
    // --- periods ---
    r(
        "periode.di_luar_jendela",
        36,
        WARN,
        Rec,
        "academic_year_id",
        (
            "Tanggal {tanggal} di luar masa pemutakhiran periode {periode}.",
            "Date {tanggal} is outside the update window of period {periode}.",
        ),
        (
            "Perubahan di luar masa pemutakhiran bisa ditolak; tunggu periode berikutnya atau hubungi Kemenag kab/kota.",
            "Changes outside the window may be rejected; wait for the next period or contact the district office.",
        ),
    ),
    r(
        "periode.id_tidak_dikenal",
        37,
        INV,
        Rec,
        "academic_year_id",
        (
            "academic_year_id {id} tidak ada dalam daftar periode dari server EMIS.",
            "academic_year_id {id} is not in the EMIS server's period list.",
        ),
        (
            "ID periode selalu diambil dari server, tidak dihitung dari tahun.",
            "Period ids come from the server; never compute them from a year.",
        ),
    ),
    // --- field lengths (EMIS's own forms bound them; a huge value is never pushed) ---
    r(
        "nama.terlalu_panjang",
        38,
        INV,
        Rec,
        "full_name",
        (
            "Nama terlalu panjang: {panjang} karakter, paling banyak {maks}.",
            "The name is too long: {panjang} characters, at most {maks}.",
        ),
        (
            "Periksa isian nama; kemungkinan ada teks lain yang ikut tertempel.",
            "Check the name; other text was probably pasted into it.",
        ),
    ),
    r(
        "tempat_lahir.terlalu_panjang",
        38,
        INV,
        Rec,
        "birth_place",
        (
            "Tempat lahir terlalu panjang: {panjang} karakter, paling banyak {maks}.",
            "The birth place is too long: {panjang} characters, at most {maks}.",
        ),
        (
            "Isi nama kota/kabupaten tempat lahir saja.",
            "Fill in only the town or regency of birth.",
        ),
    ),
    r(
        "alamat.terlalu_panjang",
        38,
        INV,
        Rec,
        "address",
        (
            "Alamat terlalu panjang: {panjang} karakter, paling banyak {maks}.",
            "The address is too long: {panjang} characters, at most {maks}.",
        ),
        (
            "Singkat alamat jalan/dusun; RT, RW, desa dan kecamatan punya isian sendiri.",
            "Shorten the street address; RT, RW, village and district have fields of their own.",
        ),
    ),
    r(
        "teks.terlalu_panjang",
        38,
        INV,
        Rec,
        "*",
        (
            "Isian terlalu panjang: {panjang} karakter, paling banyak {maks}.",
            "The value is too long: {panjang} characters, at most {maks}.",
        ),
        (
            "Periksa isian ini; kemungkinan ada teks lain yang ikut tertempel.",
            "Check this field; other text was probably pasted into it.",
        ),
    ),
    // --- reading an operator's file (`sheet`): one row, never the whole file ---
    r(
        "berkas.kutip_tidak_ditutup",
        39,
        INV,
        Rec,
        "*",
        (
            "Tanda kutip (\") dibuka pada karakter ke-{posisi} tetapi tidak pernah ditutup; baris ini tidak dibaca.",
            "A quote (\") opens at character {posisi} and is never closed; this row was not read.",
        ),
        (
            "Hapus tanda kutip itu atau tutup isiannya dengan tanda kutip; lalu simpan ulang sebagai CSV.",
            "Remove that quote or close the field with a quote, then save the CSV again.",
        ),
    ),
    r(
        "berkas.teks_setelah_kutip",
        39,
        INV,
        Rec,
        "*",
        (
            "Ada teks setelah tanda kutip penutup (karakter ke-{posisi}); baris ini tidak dibaca.",
            "Text follows a closing quote (character {posisi}); this row was not read.",
        ),
        (
            "Tanda kutip di dalam isian ditulis dua kali (\"\"); atau simpan ulang berkas dari Excel.",
            "Write a quote inside a field twice (\"\"), or save the file again from Excel.",
        ),
    ),
    r(
        "berkas.kutip_di_tengah",
        39,
        WARN,
        Rec,
        "*",
        (
            "Tanda kutip di tengah isian (karakter ke-{posisi}); dibaca apa adanya.",
            "A quote inside an unquoted field (character {posisi}); read as written.",
        ),
        (
            "Periksa isian ini: kemungkinan tanda kutip salah ketik.",
            "Check this field: the quote is probably a typo.",
        ),
    ),
    r(
        "berkas.jumlah_kolom",
        39,
        INV,
        Rec,
        "*",
        (
            "Baris ini berisi {jumlah} kolom, padahal judul kolom hanya {header}; isian bergeser, baris ini tidak dibaca.",
            "This row has {jumlah} fields but the header has {header}; the values are shifted, this row was not read.",
        ),
        (
            "Biasanya ada koma/titik koma di dalam isian (alamat, nama) tanpa tanda kutip; simpan ulang dari Excel.",
            "Usually a comma or semicolon inside a value (address, name) without quotes; save the file again from Excel.",
        ),
    ),
    // --- what Excel does to identifiers and dates ---
    r(
        "excel.angka_dipulihkan",
        40,
        WARN,
        Rec,
        "*",
        (
            "{kolom} tersimpan sebagai angka; {digit} digitnya utuh dan dipulihkan.",
            "{kolom} is stored as a number; its {digit} digits are intact and were recovered.",
        ),
        (
            "Format kolom ini sebagai Teks agar Excel tidak mengubahnya.",
            "Format this column as Text so Excel does not change it.",
        ),
    ),
    r(
        "excel.notasi_ilmiah",
        40,
        INV,
        Rec,
        "*",
        (
            "{kolom} rusak oleh Excel (notasi ilmiah, mis. 3,51701E+15): digit terakhir hilang.",
            "{kolom} was damaged by Excel (scientific notation, e.g. 3.51701E+15): the last digits are lost.",
        ),
        (
            "NIK rusak oleh Excel: format kolom sebagai Teks lalu ketik ulang.",
            "Excel damaged the number: format the column as Text and type it again.",
        ),
    ),
    r(
        "excel.digit_hilang",
        40,
        INV,
        Rec,
        "*",
        (
            "{kolom} tersimpan sebagai angka yang tidak tepat: nomor {digit} digit tidak dapat disimpan utuh sebagai angka.",
            "{kolom} is stored as an inexact number: a {digit}-digit number cannot be kept exactly as a number.",
        ),
        (
            "Format kolom sebagai Teks lalu ketik ulang dari dokumen aslinya.",
            "Format the column as Text and type it again from the original document.",
        ),
    ),
    r(
        "excel.digit_terpotong",
        40,
        INV,
        Rec,
        "*",
        (
            "{kolom} tersimpan sebagai angka 16 digit berakhiran 0: Excel hanya menyimpan 15 digit, digit terakhir kemungkinan terpotong.",
            "{kolom} is stored as a 16-digit number ending in 0: Excel keeps only 15 digits, the last one was probably cut off.",
        ),
        (
            "Format kolom sebagai Teks lalu ketik ulang dari KK/KTP.",
            "Format the column as Text and type it again from the family card.",
        ),
    ),
    r(
        "excel.nol_depan_hilang",
        40,
        WARN,
        Rec,
        "*",
        (
            "{kolom} kehilangan {hilang} angka 0 di depan (tersimpan sebagai angka); dipulihkan.",
            "{kolom} lost {hilang} leading zero(s) (stored as a number); they were put back.",
        ),
        (
            "Periksa nomornya, lalu format kolom ini sebagai Teks.",
            "Check the number, then format this column as Text.",
        ),
    ),
    r(
        "excel.tanggal_serial",
        40,
        WARN,
        Rec,
        "*",
        (
            "{kolom} berupa nomor seri tanggal Excel; dibaca sebagai tanggal (tttt-bb-hh).",
            "{kolom} is an Excel date serial number; read as a date (yyyy-mm-dd).",
        ),
        (
            "Periksa tanggalnya; format kolom sebagai Tanggal atau Teks.",
            "Check the date; format the column as Date or Text.",
        ),
    ),
    r(
        "excel.galat_rumus",
        40,
        INV,
        Rec,
        "*",
        (
            "{kolom} berisi galat rumus Excel ({galat}), bukan nilai.",
            "{kolom} holds an Excel formula error ({galat}), not a value.",
        ),
        (
            "Perbaiki rumusnya, atau salin lalu tempel sebagai nilai (Paste Values).",
            "Fix the formula, or copy and paste as values (Paste Values).",
        ),
    ),
];

const ALL_LEN: usize = 24 + SPECIFIC.len();

const fn build() -> [RuleDef; ALL_LEN] {
    let bases = [
        NIK_BASE, KK_BASE, NISN_BASE, NIP_BASE, NUPTK_BASE, NS_BASE, NPSN_BASE, NISM_BASE,
    ];
    let mut out = [NIK_BASE[0]; ALL_LEN];
    let mut i = 0;
    let mut b = 0;
    while b < bases.len() {
        let mut j = 0;
        while j < 3 {
            out[i] = bases[b][j];
            i += 1;
            j += 1;
        }
        b += 1;
    }
    let mut s = 0;
    while s < SPECIFIC.len() {
        out[i] = SPECIFIC[s];
        i += 1;
        s += 1;
    }
    out
}

static ALL: [RuleDef; ALL_LEN] = build();

/// Every rule of the catalogue, identifier codes first.
pub static RULES: &[RuleDef] = &ALL;

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn codes_are_unique_and_cover_all_40_rules() {
        let mut codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        codes.sort();
        let n = codes.len();
        codes.dedup();
        assert_eq!(n, codes.len(), "duplicate codes");
        for number in 1..=40u8 {
            assert!(RULES.iter().any(|r| r.rule == number), "rule {number} has no code");
        }
        for r in RULES {
            assert!(
                r.code.chars().all(|c| c.is_ascii_lowercase() || c == '.' || c == '_'),
                "{}",
                r.code
            );
            assert!(!r.message_id.is_empty() && !r.message_en.is_empty() && !r.hint_id.is_empty());
            assert!((1..=40).contains(&r.rule), "{}", r.code);
        }
    }

    #[test]
    fn renders_templates() {
        let p = [("got", "15".to_string())];
        assert_eq!(
            render("harus 16 digit, tertulis {got} digit.", &p),
            "harus 16 digit, tertulis 15 digit."
        );
        assert_eq!(render("{x} {got", &p), "{x} {got");
        assert_eq!(rule("nik.panjang_salah").unwrap().rule, 10);
    }
}
