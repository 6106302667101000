//! Header normalisation: ONE alias table from what operators write above a column to the
//! canonical column name that [`crate::model::Santri::from_flat`] and
//! [`crate::model::Gtk::from_flat`] read.
//!
//! A header is normalised before lookup: text in parentheses or brackets is dropped
//! (`Jenis Kelamin (L/P)` → `jenis kelamin`), letters are lower-cased, and every run of
//! spaces, punctuation and underscores becomes one `_` (`No. KK`, `no_kk`, `NO  KK` →
//! `no_kk`).

/// What the reader does with the cells of one canonical column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Plain text.
    Text,
    /// An identifier of this many digits (NIK, No. KK, NUPTK: 16; NIP, NISM: 18).
    Id(u8),
    /// NISN (10 digits, often starting with zeros).
    Nisn,
    /// A phone number (leading zero lost when stored as a number).
    Phone,
    /// A calendar date.
    Date,
}

/// Canonical columns: the `from_flat` names, with how their cells are read.
const CANONICAL: &[(&str, Kind)] = &[
    ("id", Kind::Text),
    ("full_name", Kind::Text),
    ("nik", Kind::Id(16)),
    ("kk_num", Kind::Id(16)),
    ("nisn", Kind::Nisn),
    ("local_nis", Kind::Id(18)),
    ("birth_place", Kind::Text),
    ("birth_date", Kind::Date),
    ("m_gender", Kind::Text),
    ("m_religion", Kind::Text),
    ("handphone", Kind::Phone),
    ("address", Kind::Text),
    ("rt", Kind::Text),
    ("rw", Kind::Text),
    ("postal_code_num", Kind::Text),
    ("kode_wilayah", Kind::Text),
    ("status_mukim", Kind::Text),
    ("father_full_name", Kind::Text),
    ("father_nik", Kind::Id(16)),
    ("mother_full_name", Kind::Text),
    ("mother_nik", Kind::Id(16)),
    ("wali_full_name", Kind::Text),
    ("wali_nik", Kind::Id(16)),
    ("academic_year_id", Kind::Text),
    ("m_level_id", Kind::Text),
    ("tingkat", Kind::Text),
    ("study_group", Kind::Text),
    ("student_status", Kind::Text),
    ("admission_date", Kind::Date),
    ("exit_date", Kind::Date),
    ("exit_reason", Kind::Text),
    ("exit_destination", Kind::Text),
    // GTK
    ("nip", Kind::Id(18)),
    ("nuptk", Kind::Id(16)),
    ("status_kepegawaian", Kind::Text),
    ("jabatan", Kind::Text),
    ("bidang_studi", Kind::Text),
    ("tmt_tugas", Kind::Date),
    ("pendidikan", Kind::Text),
];

/// Normalised header → canonical column. Every canonical name is also its own alias.
const ALIASES: &[(&str, &str)] = &[
    ("nama", "full_name"),
    ("nama_lengkap", "full_name"),
    ("nama_santri", "full_name"),
    ("nama_lengkap_santri", "full_name"),
    ("nama_siswa", "full_name"),
    ("nama_peserta_didik", "full_name"),
    ("nama_pd", "full_name"),
    ("nama_murid", "full_name"),
    ("nama_gtk", "full_name"),
    ("nama_ptk", "full_name"),
    ("nama_guru", "full_name"),
    ("nama_ustadz", "full_name"),
    ("nik_santri", "nik"),
    ("nik_siswa", "nik"),
    ("nik_peserta_didik", "nik"),
    ("no_nik", "nik"),
    ("nomor_nik", "nik"),
    ("nomor_induk_kependudukan", "nik"),
    ("kk", "kk_num"),
    ("nkk", "kk_num"),
    ("no_kk", "kk_num"),
    ("nomor_kk", "kk_num"),
    ("kartu_keluarga", "kk_num"),
    ("no_kartu_keluarga", "kk_num"),
    ("nomor_kartu_keluarga", "kk_num"),
    ("no_nisn", "nisn"),
    ("nomor_nisn", "nisn"),
    ("nomor_induk_siswa_nasional", "nisn"),
    ("nis", "local_nis"),
    ("nism", "local_nis"),
    ("nis_lokal", "local_nis"),
    ("no_induk", "local_nis"),
    ("nomor_induk", "local_nis"),
    ("nomor_induk_santri", "local_nis"),
    ("tempat_lahir", "birth_place"),
    ("tmp_lahir", "birth_place"),
    ("tempat_lhr", "birth_place"),
    ("kota_lahir", "birth_place"),
    ("tanggal_lahir", "birth_date"),
    ("tgl_lahir", "birth_date"),
    ("tgl_lhr", "birth_date"),
    ("tanggal_lhr", "birth_date"),
    ("gender", "m_gender"),
    ("jenis_kelamin", "m_gender"),
    ("kelamin", "m_gender"),
    ("jk", "m_gender"),
    ("l_p", "m_gender"),
    ("agama", "m_religion"),
    ("hp", "handphone"),
    ("no_hp", "handphone"),
    ("nomor_hp", "handphone"),
    ("no_telepon", "handphone"),
    ("no_telp", "handphone"),
    ("nomor_telepon", "handphone"),
    ("telepon", "handphone"),
    ("no_wa", "handphone"),
    ("nomor_wa", "handphone"),
    ("alamat", "address"),
    ("alamat_lengkap", "address"),
    ("alamat_tinggal", "address"),
    ("alamat_rumah", "address"),
    ("postal_code", "postal_code_num"),
    ("kode_pos", "postal_code_num"),
    ("kode_desa", "kode_wilayah"),
    ("mukim", "status_mukim"),
    ("nama_ayah", "father_full_name"),
    ("nama_ayah_kandung", "father_full_name"),
    ("nik_ayah", "father_nik"),
    ("nik_ayah_kandung", "father_nik"),
    ("nama_ibu", "mother_full_name"),
    ("nama_ibu_kandung", "mother_full_name"),
    ("ibu_kandung", "mother_full_name"),
    ("mother_name", "mother_full_name"),
    ("nik_ibu", "mother_nik"),
    ("nik_ibu_kandung", "mother_nik"),
    ("nama_wali", "wali_full_name"),
    ("nik_wali", "wali_nik"),
    ("jenjang", "m_level_id"),
    ("level", "m_level_id"),
    ("kelas", "tingkat"),
    ("rombel", "study_group"),
    ("nama_rombel", "study_group"),
    ("rombongan_belajar", "study_group"),
    ("tingkat_rombel", "study_group"),
    ("status", "student_status"),
    ("status_santri", "student_status"),
    ("status_siswa", "student_status"),
    ("tanggal_masuk", "admission_date"),
    ("tgl_masuk", "admission_date"),
    ("start_date", "admission_date"),
    ("tanggal_keluar", "exit_date"),
    ("tgl_keluar", "exit_date"),
    ("jenis_keluar", "exit_reason"),
    ("alasan_keluar", "exit_reason"),
    ("tujuan_keluar", "exit_destination"),
    ("ni_pppk", "nip"),
    ("nip_ni_pppk", "nip"),
    ("nip_baru", "nip"),
    ("status_pegawai", "status_kepegawaian"),
    ("mata_pelajaran", "bidang_studi"),
    ("mapel", "bidang_studi"),
    ("tmt", "tmt_tugas"),
    ("riwayat_pendidikan", "pendidikan"),
    ("education_history", "pendidikan"),
];

/// Headers emis knows and deliberately does not read (listed as "ignored", not "unknown").
const IGNORED: &[&str] = &[
    "no",
    "no_urut",
    "nomor_urut",
    "nomor",
    "aksi",
    "keterangan",
    "ket",
    "email",
    "foto",
    "nomor_kip_pip",
    "nomor_kip",
    "no_kip",
    "kip",
    "pip",
    "nama_lembaga",
    "lembaga",
    "tempat_tanggal_lahir",
    "ttl",
    "usia",
    "umur",
    "anak_ke",
    "jumlah_saudara",
    "provinsi",
    "kabupaten",
    "kabupaten_kota",
    "kota",
    "kecamatan",
    "desa",
    "kelurahan",
    "desa_kelurahan",
    "pekerjaan_ayah",
    "pekerjaan_ibu",
    "pendidikan_ayah",
    "pendidikan_ibu",
    "penghasilan_ayah",
    "penghasilan_ibu",
    "tahun_ajaran",
];

/// Columns that identify a person: a header row has at least one of them.
const IDENTITY: &[&str] = &["full_name", "nik", "nisn", "nip", "nuptk"];

/// Normalises a header: see the module documentation.
pub(crate) fn normalize(header: &str) -> String {
    let h = header.trim().trim_start_matches('\u{feff}');
    let mut out = String::with_capacity(h.len());
    let mut depth = 0u32;
    let mut pending = false;
    let push = |out: &mut String, c: char, pending: &mut bool| {
        if *pending && !out.is_empty() {
            out.push('_');
        }
        *pending = false;
        out.extend(c.to_lowercase());
    };
    for c in h.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_alphanumeric() => push(&mut out, c, &mut pending),
            _ => pending = true,
        }
    }
    if out.is_empty() && depth == 0 && h.contains(['(', '[']) {
        // Only a bracketed text: read what is inside.
        let inner: String = h.chars().filter(|c| !matches!(c, '(' | ')' | '[' | ']')).collect();
        return normalize(&inner);
    }
    out
}

/// What a header means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Meaning {
    /// A canonical column, with how its cells are read.
    Column(&'static str, Kind),
    /// Known and deliberately not read.
    Ignored,
    /// Not known.
    Unknown,
    /// An empty header cell.
    Blank,
}

/// Looks a header up in the alias table.
pub(crate) fn meaning(header: &str) -> Meaning {
    let key = normalize(header);
    if key.is_empty() {
        return Meaning::Blank;
    }
    let canonical = ALIASES
        .iter()
        .find(|(alias, _)| *alias == key)
        .map(|(_, c)| *c)
        .or_else(|| CANONICAL.iter().find(|(c, _)| *c == key).map(|(c, _)| *c));
    match canonical {
        Some(c) => Meaning::Column(c, kind_of(c)),
        None if IGNORED.contains(&key.as_str()) => Meaning::Ignored,
        None => Meaning::Unknown,
    }
}

fn kind_of(canonical: &str) -> Kind {
    CANONICAL
        .iter()
        .find(|(c, _)| *c == canonical)
        .map_or(Kind::Text, |(_, k)| *k)
}

/// True when a row of header cells looks like the header of a santri or GTK list: it names
/// an identity column (name, NIK, NISN, NIP, NUPTK) and at least one more known column, or
/// every filled cell is a known column.
pub(crate) fn is_header(cells: &[Meaning]) -> bool {
    let mut known = 0usize;
    let mut filled = 0usize;
    let mut identity = false;
    for m in cells {
        match m {
            Meaning::Column(c, _) => {
                known += 1;
                filled += 1;
                identity |= IDENTITY.contains(c);
            }
            Meaning::Ignored => {
                known += 1;
                filled += 1;
            }
            Meaning::Unknown => filled += 1,
            Meaning::Blank => {}
        }
    }
    identity && (known >= 2 || known == filled)
}

/// Spreadsheet column letters of a 0-based index: 0 → `A`, 26 → `AA`.
pub(crate) fn letters(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn canon(h: &str) -> Option<&'static str> {
        match meaning(h) {
            Meaning::Column(c, _) => Some(c),
            _ => None,
        }
    }

    #[test]
    fn normalises_case_spaces_punctuation_and_brackets() {
        assert_eq!(normalize("  No.  KK "), "no_kk");
        assert_eq!(normalize("nama_lengkap"), "nama_lengkap");
        assert_eq!(normalize("Jenis Kelamin (L/P)"), "jenis_kelamin");
        assert_eq!(normalize("L/P"), "l_p");
        assert_eq!(normalize("\u{feff}NIK*"), "nik");
        assert_eq!(normalize("Tingkat - Rombel"), "tingkat_rombel");
        assert_eq!(normalize("(NISN)"), "nisn");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn one_table_maps_indonesian_labels() {
        for (h, c) in [
            ("NIK", "nik"),
            ("Nama Lengkap", "full_name"),
            ("nama_lengkap", "full_name"),
            ("Nama", "full_name"),
            ("full_name", "full_name"),
            ("No KK", "kk_num"),
            ("Nomor KK", "kk_num"),
            ("kk", "kk_num"),
            ("Tempat Lahir", "birth_place"),
            ("Tanggal Lahir", "birth_date"),
            ("Tgl. Lahir", "birth_date"),
            ("Jenis Kelamin", "m_gender"),
            ("L/P", "m_gender"),
            ("NISN", "nisn"),
            ("Nama Ibu Kandung", "mother_full_name"),
            ("Nama Ayah Kandung", "father_full_name"),
            ("Tingkat - Rombel", "study_group"),
            ("Rombel", "study_group"),
            ("Status", "student_status"),
            ("NIP", "nip"),
            ("NUPTK", "nuptk"),
        ] {
            assert_eq!(canon(h), Some(c), "{h}");
        }
        assert_eq!(meaning("Nomor KIP/PIP"), Meaning::Ignored);
        assert_eq!(meaning("No"), Meaning::Ignored);
        assert_eq!(meaning("Golongan Darah"), Meaning::Unknown);
        assert_eq!(meaning("  "), Meaning::Blank);
        assert_eq!(meaning("NIK"), Meaning::Column("nik", Kind::Id(16)));
        assert_eq!(meaning("NISN"), Meaning::Column("nisn", Kind::Nisn));
    }

    #[test]
    fn every_alias_points_at_a_canonical_column_that_from_flat_reads() {
        use crate::model::{Gtk, Santri};
        for (alias, c) in ALIASES {
            assert!(CANONICAL.iter().any(|(k, _)| k == c), "{alias} -> {c}");
            assert_eq!(normalize(alias), *alias);
        }
        for (c, _) in CANONICAL {
            assert!(Santri::is_flat_column(c) || Gtk::is_flat_column(c), "{c}");
            assert!(!IGNORED.contains(c));
        }
    }

    #[test]
    fn finds_header_rows() {
        let m = |hs: &[&str]| hs.iter().map(|h| meaning(h)).collect::<Vec<_>>();
        assert!(is_header(&m(&["No", "NISN", "Nama Lengkap"])));
        assert!(is_header(&m(&["nik"])));
        assert!(!is_header(&m(&["DAFTAR PESERTA DIDIK", ""])));
        assert!(!is_header(&m(&["Nama Lembaga", "PP Contoh"])));
        assert!(!is_header(&m(&["1", "3517011708080001", "Nama Contoh"])));
        assert_eq!(letters(0), "A");
        assert_eq!(letters(25), "Z");
        assert_eq!(letters(26), "AA");
        assert_eq!(letters(27), "AB");
        assert_eq!(letters(701), "ZZ");
        assert_eq!(letters(702), "AAA");
    }
}
