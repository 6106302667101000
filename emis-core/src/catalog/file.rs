//! Reading an operator's file (rule 39) and what Excel does to numbers and dates (rule 40).

use super::{Code, INV, Id_, Rec, RuleDef, WARN, r};

codes! {
    FILE_CODES:
    BERKAS_KUTIP_TIDAK_DITUTUP = "berkas.kutip_tidak_ditutup",
    BERKAS_TEKS_SETELAH_KUTIP = "berkas.teks_setelah_kutip",
    BERKAS_KUTIP_DI_TENGAH = "berkas.kutip_di_tengah",
    BERKAS_JUMLAH_KOLOM = "berkas.jumlah_kolom",
    EXCEL_ANGKA_DIPULIHKAN = "excel.angka_dipulihkan",
    EXCEL_NOTASI_ILMIAH = "excel.notasi_ilmiah",
    EXCEL_DIGIT_HILANG = "excel.digit_hilang",
    EXCEL_DIGIT_TERPOTONG = "excel.digit_terpotong",
    EXCEL_NOL_DEPAN_HILANG = "excel.nol_depan_hilang",
    EXCEL_TANGGAL_SERIAL = "excel.tanggal_serial",
    EXCEL_GALAT_RUMUS = "excel.galat_rumus",
    KOLOM_TIPE_TIDAK_DIDUKUNG = "kolom.tipe_tidak_didukung",
    ISIAN_BUKAN_TEKS = "isian.bukan_teks",
    ISIAN_ANGKA_DIBULATKAN = "isian.angka_dibulatkan",
}

pub(super) const FILE_ROWS: &[RuleDef] = &[
    // --- reading an operator's file (`sheet`): one row, never the whole file ---
    r(
        BERKAS_KUTIP_TIDAK_DITUTUP,
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
        BERKAS_TEKS_SETELAH_KUTIP,
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
        BERKAS_KUTIP_DI_TENGAH,
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
        BERKAS_JUMLAH_KOLOM,
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
        EXCEL_ANGKA_DIPULIHKAN,
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
        EXCEL_NOTASI_ILMIAH,
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
        EXCEL_DIGIT_HILANG,
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
        EXCEL_DIGIT_TERPOTONG,
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
        EXCEL_NOL_DEPAN_HILANG,
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
        EXCEL_TANGGAL_SERIAL,
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
        EXCEL_GALAT_RUMUS,
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
    r(
        KOLOM_TIPE_TIDAK_DIDUKUNG,
        40,
        INV,
        Id_,
        "*",
        (
            "Nilai ini bukan teks, angka atau tanggal, sehingga tidak dapat dibaca.",
            "This value is not text, a number or a date, so it cannot be read.",
        ),
        (
            "Isi sel dengan teks (angka nomor ditulis sebagai teks), bukan daftar, bytes atau objek lain.",
            "Fill the cell with text (numbers written as text), not a list, bytes or another object.",
        ),
    ),
    r(
        ISIAN_BUKAN_TEKS,
        40,
        INV,
        Rec,
        "*",
        (
            "Isian {field} harus berupa teks, bukan {tipe}.",
            "The field {field} must be text, not {type}.",
        ),
        (
            "Kirim nilai sebagai string; nomor identitas selalu teks (angka nol di depan hilang bila berupa angka).",
            "Send the value as a string; identity numbers are always text (a number loses its leading zeros).",
        ),
    ),
    r(
        ISIAN_ANGKA_DIBULATKAN,
        40,
        INV,
        Rec,
        "*",
        (
            "Isian {field} dikirim sebagai angka di atas 2^53, sehingga digitnya sudah dibulatkan oleh JavaScript.",
            "The field {field} was sent as a number above 2^53, so JavaScript has already rounded its digits.",
        ),
        (
            "Baca kolom sebagai teks (string), bukan angka; periksa lagi digit terakhir di dokumen aslinya.",
            "Read the column as text (a string), not a number; check the last digits against the document.",
        ),
    ),
];
