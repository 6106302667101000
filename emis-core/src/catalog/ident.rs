//! Identifier codes: three generic ones per kind (empty, not digits, wrong length) and each
//! kind's own (dates, regions, sequence numbers).

use super::{Code, INV, Id_, RuleDef, Scope, Severity, WARN, r};
use crate::id::IdKind;

macro_rules! ident_rules {
    ($base:ident = [$kosong:ident, $karakter:ident, $panjang:ident],
     $k:literal, $field:literal, $rule:literal, $name:literal, $len:literal) => {
        #[doc = concat!("`", $k, ".kosong`")]
        pub const $kosong: Code = Code::new(concat!($k, ".kosong"));
        #[doc = concat!("`", $k, ".karakter_tidak_valid`")]
        pub const $karakter: Code = Code::new(concat!($k, ".karakter_tidak_valid"));
        #[doc = concat!("`", $k, ".panjang_salah`")]
        pub const $panjang: Code = Code::new(concat!($k, ".panjang_salah"));
        const $base: [RuleDef; 3] = [
            RuleDef {
                code: $kosong.as_str(),
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
                code: $karakter.as_str(),
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
                code: $panjang.as_str(),
                rule: $rule,
                severity: Severity::Invalid,
                scope: Scope::Identifier,
                field: $field,
                message_id: concat!($name, " harus ", $len, " digit, tertulis {got} digit."),
                message_en: concat!($name, " must have ", $len, " digits, found {got}."),
                hint_id: concat!("Periksa kembali ", $name, " pada dokumen aslinya; kemungkinan ada digit yang hilang atau berlebih."),
                hint_en: concat!("Check the ", $name, " against the original document; a digit is probably missing or doubled."),
            },
        ];
    };
}

ident_rules!(
    NIK_BASE = [NIK_KOSONG, NIK_KARAKTER_TIDAK_VALID, NIK_PANJANG_SALAH],
    "nik",
    "nik",
    10,
    "NIK",
    "16"
);

ident_rules!(
    KK_BASE = [KK_KOSONG, KK_KARAKTER_TIDAK_VALID, KK_PANJANG_SALAH],
    "kk",
    "kk_num",
    18,
    "Nomor KK",
    "16"
);

ident_rules!(
    NISN_BASE = [NISN_KOSONG, NISN_KARAKTER_TIDAK_VALID, NISN_PANJANG_SALAH],
    "nisn",
    "nisn",
    20,
    "NISN",
    "10"
);

ident_rules!(
    NIP_BASE = [NIP_KOSONG, NIP_KARAKTER_TIDAK_VALID, NIP_PANJANG_SALAH],
    "nip",
    "nip",
    30,
    "NIP",
    "18"
);

ident_rules!(
    NUPTK_BASE = [NUPTK_KOSONG, NUPTK_KARAKTER_TIDAK_VALID, NUPTK_PANJANG_SALAH],
    "nuptk",
    "nuptk",
    34,
    "NUPTK",
    "16"
);

ident_rules!(
    NOMOR_STATISTIK_BASE = [
        NOMOR_STATISTIK_KOSONG,
        NOMOR_STATISTIK_KARAKTER_TIDAK_VALID,
        NOMOR_STATISTIK_PANJANG_SALAH
    ],
    "nomor_statistik",
    "statistic_num",
    1,
    "Nomor statistik",
    "12"
);

ident_rules!(
    NPSN_BASE = [NPSN_KOSONG, NPSN_KARAKTER_TIDAK_VALID, NPSN_PANJANG_SALAH],
    "npsn",
    "npsn",
    9,
    "NPSN",
    "8"
);

ident_rules!(
    NISM_BASE = [NISM_KOSONG, NISM_KARAKTER_TIDAK_VALID, NISM_PANJANG_SALAH],
    "nism",
    "local_nis",
    29,
    "NISM / nomor induk santri",
    "18"
);

/// The generic rows, one triple per kind in [`IdKind::ALL`] order.
pub(super) const BASE_ROWS: [[RuleDef; 3]; 8] = [
    NIK_BASE,
    KK_BASE,
    NISN_BASE,
    NIP_BASE,
    NUPTK_BASE,
    NOMOR_STATISTIK_BASE,
    NPSN_BASE,
    NISM_BASE,
];

/// The generic codes, in the rows' order.
pub(super) const IDENT_BASE_CODES: &[Code] = &[
    NIK_KOSONG,
    NIK_KARAKTER_TIDAK_VALID,
    NIK_PANJANG_SALAH,
    KK_KOSONG,
    KK_KARAKTER_TIDAK_VALID,
    KK_PANJANG_SALAH,
    NISN_KOSONG,
    NISN_KARAKTER_TIDAK_VALID,
    NISN_PANJANG_SALAH,
    NIP_KOSONG,
    NIP_KARAKTER_TIDAK_VALID,
    NIP_PANJANG_SALAH,
    NUPTK_KOSONG,
    NUPTK_KARAKTER_TIDAK_VALID,
    NUPTK_PANJANG_SALAH,
    NOMOR_STATISTIK_KOSONG,
    NOMOR_STATISTIK_KARAKTER_TIDAK_VALID,
    NOMOR_STATISTIK_PANJANG_SALAH,
    NPSN_KOSONG,
    NPSN_KARAKTER_TIDAK_VALID,
    NPSN_PANJANG_SALAH,
    NISM_KOSONG,
    NISM_KARAKTER_TIDAK_VALID,
    NISM_PANJANG_SALAH,
];

/// The generic codes of a kind: `kosong`, `karakter_tidak_valid`, `panjang_salah`.
pub(crate) const fn base_codes(kind: IdKind) -> [Code; 3] {
    let i = match kind {
        IdKind::Nik => 0,
        IdKind::Kk => 1,
        IdKind::Nisn => 2,
        IdKind::Nip => 3,
        IdKind::Nuptk => 4,
        IdKind::NomorStatistik => 5,
        IdKind::Npsn => 6,
        IdKind::Nism => 7,
    };
    [
        IDENT_BASE_CODES[i * 3],
        IDENT_BASE_CODES[i * 3 + 1],
        IDENT_BASE_CODES[i * 3 + 2],
    ]
}

codes! {
    IDENT_CODES:
    NOMOR_STATISTIK_STATUS_TIDAK_VALID = "nomor_statistik.status_tidak_valid",
    NOMOR_STATISTIK_JENIS_TIDAK_DIKENAL = "nomor_statistik.jenis_tidak_dikenal",
    NOMOR_STATISTIK_STATUS_HARUS_SWASTA = "nomor_statistik.status_harus_swasta",
    NSPP_FORMAT_LAMA = "nspp.format_lama",
    NOMOR_STATISTIK_WILAYAH_TIDAK_VALID = "nomor_statistik.wilayah_tidak_valid",
    NOMOR_STATISTIK_WILAYAH_TIDAK_DIKENAL = "nomor_statistik.wilayah_tidak_dikenal",
    NOMOR_STATISTIK_WILAYAH_LAMA = "nomor_statistik.wilayah_lama",
    NOMOR_STATISTIK_NOMOR_URUT_NOL = "nomor_statistik.nomor_urut_nol",
    NIK_PROVINSI_TIDAK_VALID = "nik.provinsi_tidak_valid",
    NIK_KABKOTA_TIDAK_VALID = "nik.kabkota_tidak_valid",
    NIK_TANGGAL_TIDAK_VALID = "nik.tanggal_tidak_valid",
    NIK_NOMOR_URUT_NOL = "nik.nomor_urut_nol",
    NIK_WILAYAH_LAMA = "nik.wilayah_lama",
    NIK_WILAYAH_TIDAK_DIKENAL = "nik.wilayah_tidak_dikenal",
    KK_WILAYAH_TIDAK_VALID = "kk.wilayah_tidak_valid",
    KK_WILAYAH_TIDAK_DIKENAL = "kk.wilayah_tidak_dikenal",
    KK_WILAYAH_LAMA = "kk.wilayah_lama",
    NISM_NOMOR_URUT_NOL = "nism.nomor_urut_nol",
    NIP_TANGGAL_LAHIR_TIDAK_VALID = "nip.tanggal_lahir_tidak_valid",
    NIP_TMT_TIDAK_VALID = "nip.tmt_tidak_valid",
    NIP_JENIS_KELAMIN_TIDAK_VALID = "nip.jenis_kelamin_tidak_valid",
    NIP_NOMOR_URUT_NOL = "nip.nomor_urut_nol",
    NIP_PPPK = "nip.pppk",
    NIP_TMT_TERLALU_DINI = "nip.tmt_terlalu_dini",
    NIK_BELUM_LENGKAP = "nik.belum_lengkap",
}

pub(super) const IDENT_ROWS: &[RuleDef] = &[
    // --- nomor statistik ---
    r(
        NOMOR_STATISTIK_STATUS_TIDAK_VALID,
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
        NOMOR_STATISTIK_JENIS_TIDAK_DIKENAL,
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
        NOMOR_STATISTIK_STATUS_HARUS_SWASTA,
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
        NSPP_FORMAT_LAMA,
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
        NOMOR_STATISTIK_WILAYAH_TIDAK_VALID,
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
        NOMOR_STATISTIK_WILAYAH_TIDAK_DIKENAL,
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
        NOMOR_STATISTIK_WILAYAH_LAMA,
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
        NOMOR_STATISTIK_NOMOR_URUT_NOL,
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
        NIK_PROVINSI_TIDAK_VALID,
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
        NIK_KABKOTA_TIDAK_VALID,
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
        NIK_TANGGAL_TIDAK_VALID,
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
        NIK_NOMOR_URUT_NOL,
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
        NIK_WILAYAH_LAMA,
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
        NIK_WILAYAH_TIDAK_DIKENAL,
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
    // --- KK ---
    r(
        KK_WILAYAH_TIDAK_VALID,
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
        KK_WILAYAH_TIDAK_DIKENAL,
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
        KK_WILAYAH_LAMA,
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
        NISM_NOMOR_URUT_NOL,
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
    // --- NIP ---
    r(
        NIP_TANGGAL_LAHIR_TIDAK_VALID,
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
        NIP_TMT_TIDAK_VALID,
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
        NIP_JENIS_KELAMIN_TIDAK_VALID,
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
        NIP_NOMOR_URUT_NOL,
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
        NIP_PPPK,
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
        NIP_TMT_TERLALU_DINI,
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
    r(
        NIK_BELUM_LENGKAP,
        10,
        WARN,
        Id_,
        "nik",
        (
            "NIK belum lengkap: {got} dari 16 digit.",
            "The NIK is not complete yet: {got} of 16 digits.",
        ),
        (
            "Lanjutkan mengetik; bagian yang sudah diketik benar.",
            "Keep typing; what is typed so far is correct.",
        ),
    ),
];
