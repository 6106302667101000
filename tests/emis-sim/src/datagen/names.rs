//! Plausible Indonesian names for synthetic people. Every combination is random: the
//! generator never reproduces a real person on purpose.

use crate::rng::SplitMix64;

/// Common given names of boys and men.
pub const MALE_GIVEN: &[&str] = &[
    "Ahmad", "Muhammad", "Abdul", "Fauzan", "Rizki", "Ilham", "Fajar", "Hafiz", "Arif", "Bayu", "Dimas", "Farhan",
    "Hasan", "Husain", "Irfan", "Zaki", "Naufal", "Alif", "Yusuf", "Ibrahim", "Ismail", "Umar", "Ali", "Hamzah",
    "Akbar", "Rafi", "Daffa", "Galih", "Wahyu", "Dani", "Bagus", "Syahrul", "Lutfi", "Nabil", "Rizal", "Aditya",
    "Imam", "Fikri", "Khoirul", "Anwar",
];

/// Second names of boys and men (family-style).
pub const MALE_SECOND: &[&str] = &[
    "Hidayat",
    "Saputra",
    "Pratama",
    "Ramadhan",
    "Maulana",
    "Firmansyah",
    "Nugroho",
    "Santoso",
    "Setiawan",
    "Kurniawan",
    "Hakim",
    "Fadillah",
    "Syahputra",
    "Wibowo",
    "Rahman",
    "Hidayatullah",
    "Abdillah",
    "Mubarok",
    "Fauzi",
    "Anshori",
    "Habibi",
    "Ridwan",
    "Syafii",
    "Zulkarnain",
    "Prasetyo",
    "Alfarizi",
];

/// Common given names of girls and women.
pub const FEMALE_GIVEN: &[&str] = &[
    "Siti",
    "Nur",
    "Aisyah",
    "Fatimah",
    "Zahra",
    "Khadijah",
    "Aminah",
    "Annisa",
    "Dewi",
    "Putri",
    "Nabila",
    "Salsabila",
    "Azzahra",
    "Rahma",
    "Laila",
    "Nurul",
    "Zainab",
    "Maryam",
    "Alya",
    "Hana",
    "Aulia",
    "Intan",
    "Indah",
    "Syifa",
    "Ulfa",
    "Umi",
    "Lailatul",
    "Dina",
    "Rina",
    "Fitri",
];

/// Second names of girls and women.
pub const FEMALE_SECOND: &[&str] = &[
    "Rahmawati",
    "Handayani",
    "Lestari",
    "Wulandari",
    "Aminah",
    "Fitriani",
    "Maharani",
    "Safitri",
    "Nurhaliza",
    "Ramadhani",
    "Kurniasih",
    "Hidayati",
    "Khoirunnisa",
    "Azizah",
    "Nuraini",
    "Susanti",
    "Puspita",
    "Anggraini",
    "Hasanah",
    "Mukaromah",
    "Solikhah",
    "Rohmah",
    "Zulaikha",
    "Muthmainnah",
];

/// Given names typical of the parents' generation.
pub const OLDER_MALE: &[&str] = &[
    "Slamet", "Sugeng", "Abdul", "Ahmad", "Muhammad", "Suparman", "Mulyono", "Hadi", "Ruslan", "Sholeh", "Mahfud",
    "Syamsul", "Joko", "Bambang", "Agus", "Budi", "Hartono", "Zainal", "Kholil", "Mansur",
];

/// Given names typical of the mothers' generation.
pub const OLDER_FEMALE: &[&str] = &[
    "Siti",
    "Sri",
    "Nur",
    "Endang",
    "Sumiati",
    "Khotimah",
    "Umi",
    "Ninik",
    "Yuli",
    "Sulastri",
    "Musyarofah",
    "Dwi",
    "Tri",
    "Rukayah",
    "Halimah",
    "Masruroh",
    "Juwariyah",
    "Aminah",
];

/// Placeholder mother names EMIS operators put in when the real one is unknown (a defect).
pub const PLACEHOLDER_MOTHER: &[&str] = &["BUNDA", "IBU", "-"];

/// Lembaga name stems.
pub const LEMBAGA_STEMS: &[&str] = &[
    "Al-Hidayah",
    "Darul Ulum",
    "Nurul Huda",
    "Miftahul Huda",
    "Al-Falah",
    "Darussalam",
    "Raudlatul Ulum",
    "Al-Amin",
    "Bustanul Ulum",
    "Mambaul Ulum",
    "Nurul Iman",
    "Al-Ikhlas",
    "Darul Falah",
    "Hidayatul Mubtadiin",
    "Sabilul Muttaqin",
    "Roudlotul Jannah",
];

/// Village/street parts for addresses.
pub const DUSUN: &[&str] = &[
    "Krajan",
    "Sumberejo",
    "Karangrejo",
    "Sidomulyo",
    "Kedungsari",
    "Tegalsari",
    "Sukamaju",
    "Margamulya",
    "Cibeureum",
    "Pandanwangi",
];

/// Street names.
pub const JALAN: &[&str] = &[
    "KH. Hasyim Asyari",
    "Masjid",
    "Pesantren",
    "Raya",
    "Melati",
    "Mawar",
    "Pahlawan",
    "Diponegoro",
    "Sunan Ampel",
    "Kyai Mojo",
];

/// Subjects taught by ustadz/ustadzah.
pub const BIDANG_STUDI: &[&str] = &[
    "Fiqih",
    "Al-Qur'an Hadits",
    "Bahasa Arab",
    "Akidah Akhlak",
    "Nahwu Sharaf",
    "Tarikh Islam",
    "Tahfidz",
    "Tajwid",
    "Tafsir",
];

/// Universities for GTK education history (generic names).
pub const KAMPUS: &[&str] = &[
    "UIN Sunan Ampel",
    "UIN Walisongo",
    "UIN Sunan Gunung Djati",
    "IAIN Kediri",
    "STAI Darul Ulum",
    "UIN Alauddin",
    "UIN Syarif Hidayatullah",
    "Universitas Islam Malang",
];

/// A santri's full name, upper case as in Dukcapil data (`MUHAMMAD FAUZAN HIDAYAT`).
pub fn child_name(rng: &mut SplitMix64, female: bool) -> String {
    let (given, second) = if female {
        (FEMALE_GIVEN, FEMALE_SECOND)
    } else {
        (MALE_GIVEN, MALE_SECOND)
    };
    let mut words: Vec<&str> = Vec::with_capacity(3);
    let first = *rng.pick(given);
    words.push(first);
    if rng.chance(0.55) {
        let mut mid = *rng.pick(given);
        if mid == first {
            mid = given[(given.iter().position(|g| *g == first).unwrap_or(0) + 1) % given.len()];
        }
        words.push(mid);
    }
    if rng.chance(0.85) {
        words.push(*rng.pick(second));
    }
    words.join(" ").to_uppercase()
}

/// A parent's full name, upper case (`SITI AMINAH`, `SLAMET RIYADI`).
pub fn parent_name(rng: &mut SplitMix64, female: bool) -> String {
    let (given, second) = if female {
        (OLDER_FEMALE, FEMALE_SECOND)
    } else {
        (OLDER_MALE, MALE_SECOND)
    };
    format!("{} {}", rng.pick(given), rng.pick(second)).to_uppercase()
}

/// A GTK name with an academic title, title case (`Ahmad Fauzi, S.Pd.I`). Returns
/// (name with title, bare upper-case name).
pub fn gtk_name(rng: &mut SplitMix64, female: bool, degree: &str) -> (String, String) {
    let (given, second) = if female {
        (FEMALE_GIVEN, FEMALE_SECOND)
    } else {
        (MALE_GIVEN, MALE_SECOND)
    };
    let bare = format!("{} {}", rng.pick(given), rng.pick(second));
    let title = match (degree, female) {
        ("S2", _) => "M.Pd.I",
        (_, true) => "S.Pd",
        _ => "S.Pd.I",
    };
    let haji = if rng.chance(0.15) {
        if female { "Hj. " } else { "H. " }
    } else {
        ""
    };
    (format!("{haji}{bare}, {title}"), bare.to_uppercase())
}
