//! Record codes: one santri, GTK or lembaga (names, dates, parents, fields, lengths).

use super::{Code, INV, Rec, RuleDef, WARN, r};

codes! {
    RECORD_CODES:
    NOMOR_STATISTIK_WILAYAH_BERBEDA = "nomor_statistik.wilayah_berbeda",
    NIK_JENIS_KELAMIN_BERBEDA = "nik.jenis_kelamin_berbeda",
    NIK_TANGGAL_LAHIR_BERBEDA = "nik.tanggal_lahir_berbeda",
    NIK_SAMA_DENGAN_ORANG_TUA = "nik.sama_dengan_orang_tua",
    NIK_AYAH_SAMA_DENGAN_IBU = "nik.ayah_sama_dengan_ibu",
    KK_SAMA_DENGAN_NIK = "kk.sama_dengan_nik",
    NISN_TAHUN_LAHIR_BERBEDA = "nisn.tahun_lahir_berbeda",
    NAMA_WAJIB = "nama.wajib",
    NAMA_MENGANDUNG_ANGKA = "nama.mengandung_angka",
    NAMA_IBU_WAJIB = "nama_ibu.wajib",
    NAMA_IBU_PLACEHOLDER = "nama_ibu.placeholder",
    NAMA_IBU_MENGANDUNG_ANGKA = "nama_ibu.mengandung_angka",
    TEMPAT_LAHIR_WAJIB = "tempat_lahir.wajib",
    TEMPAT_LAHIR_TIDAK_KANONIK = "tempat_lahir.tidak_kanonik",
    TANGGAL_LAHIR_WAJIB = "tanggal_lahir.wajib",
    TANGGAL_LAHIR_TIDAK_VALID = "tanggal_lahir.tidak_valid",
    TANGGAL_LAHIR_MASA_DEPAN = "tanggal_lahir.masa_depan",
    TANGGAL_LAHIR_USIA_TIDAK_WAJAR = "tanggal_lahir.usia_tidak_wajar",
    JENIS_KELAMIN_TIDAK_VALID = "jenis_kelamin.tidak_valid",
    STATUS_MUKIM_WAJIB = "status_mukim.wajib",
    AKTIVITAS_TANPA_ROMBEL = "aktivitas.tanpa_rombel",
    TANGGAL_MASUK_SEBELUM_LAHIR = "tanggal_masuk.sebelum_lahir",
    TANGGAL_KELUAR_SEBELUM_MASUK = "tanggal_keluar.sebelum_masuk",
    TANGGAL_KELUAR_JENIS_KELUAR_WAJIB = "tanggal_keluar.jenis_keluar_wajib",
    NISM_TIDAK_SESUAI_LEMBAGA = "nism.tidak_sesuai_lembaga",
    NIP_DATA_BERBEDA = "nip.data_berbeda",
    GTK_NIP_WAJIB = "gtk.nip_wajib",
    GTK_RIWAYAT_PENDIDIKAN_TIDAK_LENGKAP = "gtk.riwayat_pendidikan_tidak_lengkap",
    PERIODE_DI_LUAR_JENDELA = "periode.di_luar_jendela",
    PERIODE_ID_TIDAK_DIKENAL = "periode.id_tidak_dikenal",
    NAMA_TERLALU_PANJANG = "nama.terlalu_panjang",
    TEMPAT_LAHIR_TERLALU_PANJANG = "tempat_lahir.terlalu_panjang",
    ALAMAT_TERLALU_PANJANG = "alamat.terlalu_panjang",
    TEKS_TERLALU_PANJANG = "teks.terlalu_panjang",
    NAMA_KARAKTER_TIDAK_VALID = "nama.karakter_tidak_valid",
    NAMA_IBU_KARAKTER_TIDAK_VALID = "nama_ibu.karakter_tidak_valid",
}

pub(super) const RECORD_ROWS: &[RuleDef] = &[
    r(
        NOMOR_STATISTIK_WILAYAH_BERBEDA,
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
        NIK_JENIS_KELAMIN_BERBEDA,
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
        NIK_TANGGAL_LAHIR_BERBEDA,
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
        NIK_SAMA_DENGAN_ORANG_TUA,
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
        NIK_AYAH_SAMA_DENGAN_IBU,
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
    r(
        KK_SAMA_DENGAN_NIK,
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
        NISN_TAHUN_LAHIR_BERBEDA,
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
    // --- names, places, dates ---
    r(
        NAMA_WAJIB,
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
        NAMA_MENGANDUNG_ANGKA,
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
        NAMA_IBU_WAJIB,
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
        NAMA_IBU_PLACEHOLDER,
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
        NAMA_IBU_MENGANDUNG_ANGKA,
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
        TEMPAT_LAHIR_WAJIB,
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
        TEMPAT_LAHIR_TIDAK_KANONIK,
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
        TANGGAL_LAHIR_WAJIB,
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
        TANGGAL_LAHIR_TIDAK_VALID,
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
        TANGGAL_LAHIR_MASA_DEPAN,
        24,
        INV,
        Rec,
        "birth_date",
        ("Tanggal lahir ada di masa depan.", "The birth date is in the future."),
        ("Periksa tahun lahir.", "Check the birth year."),
    ),
    r(
        TANGGAL_LAHIR_USIA_TIDAK_WAJAR,
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
        JENIS_KELAMIN_TIDAK_VALID,
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
        STATUS_MUKIM_WAJIB,
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
        AKTIVITAS_TANPA_ROMBEL,
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
        TANGGAL_MASUK_SEBELUM_LAHIR,
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
        TANGGAL_KELUAR_SEBELUM_MASUK,
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
        TANGGAL_KELUAR_JENIS_KELUAR_WAJIB,
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
        NISM_TIDAK_SESUAI_LEMBAGA,
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
    r(
        NIP_DATA_BERBEDA,
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
    // --- GTK ---
    r(
        GTK_NIP_WAJIB,
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
        GTK_RIWAYAT_PENDIDIKAN_TIDAK_LENGKAP,
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
        PERIODE_DI_LUAR_JENDELA,
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
        PERIODE_ID_TIDAK_DIKENAL,
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
        NAMA_TERLALU_PANJANG,
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
        TEMPAT_LAHIR_TERLALU_PANJANG,
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
        ALAMAT_TERLALU_PANJANG,
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
        TEKS_TERLALU_PANJANG,
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
    r(
        NAMA_KARAKTER_TIDAK_VALID,
        22,
        INV,
        Rec,
        "full_name",
        (
            "Nama mengandung karakter yang tidak diizinkan ({what}).",
            "The name contains a character that is not allowed ({what_en}).",
        ),
        (
            "Tulis nama dengan huruf, spasi, titik, koma, apostrof dan tanda hubung; tanpa emoji, simbol, tanda markup (< > / =) atau karakter kontrol.",
            "Write the name with letters, spaces, dots, commas, apostrophes and hyphens; no emoji, symbols, markup (< > / =) or control characters.",
        ),
    ),
    r(
        NAMA_IBU_KARAKTER_TIDAK_VALID,
        22,
        INV,
        Rec,
        "parents.mother_full_name",
        (
            "Nama ibu kandung mengandung karakter yang tidak diizinkan ({what}).",
            "The mother's name contains a character that is not allowed ({what_en}).",
        ),
        (
            "Tulis nama dengan huruf, spasi, titik, koma, apostrof dan tanda hubung; tanpa emoji, simbol, tanda markup (< > / =) atau karakter kontrol.",
            "Write the name with letters, spaces, dots, commas, apostrophes and hyphens; no emoji, symbols, markup (< > / =) or control characters.",
        ),
    ),
];
