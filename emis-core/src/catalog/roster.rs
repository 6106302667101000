//! Roster and server-checked codes: duplicates in a list, NIKs active elsewhere, SIMPEG.

use super::{Code, INV, Ros, RuleDef, Srv, WARN, r};

codes! {
    ROSTER_CODES:
    NIK_GANDA = "nik.ganda",
    NIK_AKTIF_DI_LEMBAGA_LAIN = "nik.aktif_di_lembaga_lain",
    NISN_GANDA = "nisn.ganda",
    GTK_SIMPEG_GAGAL = "gtk.simpeg_gagal",
    NUPTK_GANDA = "nuptk.ganda",
}

pub(super) const ROSTER_ROWS: &[RuleDef] = &[
    r(
        NIK_GANDA,
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
        NIK_AKTIF_DI_LEMBAGA_LAIN,
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
        NISN_GANDA,
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
    r(
        GTK_SIMPEG_GAGAL,
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
        NUPTK_GANDA,
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
];
