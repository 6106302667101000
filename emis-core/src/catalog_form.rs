//! Issue codes of forms filled as the operator types (the browser package, issue 10): a NIK
//! still being typed, a value of the wrong JavaScript type, a name with characters its hint
//! forbids. Kept apart from `catalog.rs` so they merge without conflict; the catalogue takes
//! [`EXTRA_RULES`] in at merge. Until then [`issue`] builds these issues without the
//! catalogue's debug check, and [`rule`] finds their text.
//!
//! Also here: which other field an issue relating two fields concerns ([`related_fields`]),
//! so a form can mark both (`relatedPaths` in the JS package).

use crate::catalog::{RuleDef, Scope, Severity};

/// A row: code, rule number, severity, scope, field, (message id, en), (hint id, en). Written
/// out as a struct literal (the catalogue's own row helper is private to it).
macro_rules! row {
    ($code:expr, $rule:expr, $sev:expr, $scope:expr, $field:expr, ($mid:expr, $men:expr $(,)?), ($hid:expr, $hen:expr $(,)?) $(,)?) => {
        RuleDef {
            code: $code,
            rule: $rule,
            severity: $sev,
            scope: $scope,
            field: $field,
            message_id: $mid,
            message_en: $men,
            hint_id: $hid,
            hint_en: $hen,
        }
    };
}
use crate::report::Issue;

/// The NIK typed so far is a correct beginning, only not finished.
pub const NIK_INCOMPLETE: &str = "nik.belum_lengkap";
/// A record field that must be text holds a number, boolean, object or array.
pub const NOT_TEXT: &str = "isian.bukan_teks";
/// An identifier given as a JavaScript number above 2^53: its digits are already rounded.
pub const UNSAFE_NUMBER: &str = "isian.angka_dibulatkan";
/// The name holds a character the name rule's hint does not allow (emoji, markup, control).
pub const NAME_CHARS: &str = "nama.karakter_tidak_valid";
/// The same for the mother's name.
pub const MOTHER_NAME_CHARS: &str = "nama_ibu.karakter_tidak_valid";

/// New rows of the rule catalogue (see the module documentation).
pub const EXTRA_RULES: &[RuleDef] = &[
    row!(
        NIK_INCOMPLETE,
        10,
        Severity::Warning,
        Scope::Identifier,
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
    row!(
        NOT_TEXT,
        0,
        Severity::Invalid,
        Scope::Record,
        "",
        (
            "Isian {field} harus berupa teks, bukan {tipe}.",
            "The field {field} must be text, not {type}.",
        ),
        (
            "Kirim nilai sebagai string; nomor identitas selalu teks (angka nol di depan hilang bila berupa angka).",
            "Send the value as a string; identity numbers are always text (a number loses its leading zeros).",
        ),
    ),
    row!(
        UNSAFE_NUMBER,
        0,
        Severity::Invalid,
        Scope::Record,
        "",
        (
            "Isian {field} dikirim sebagai angka di atas 2^53, sehingga digitnya sudah dibulatkan oleh JavaScript.",
            "The field {field} was sent as a number above 2^53, so JavaScript has already rounded its digits.",
        ),
        (
            "Baca kolom sebagai teks (string), bukan angka; periksa lagi digit terakhir di dokumen aslinya.",
            "Read the column as text (a string), not a number; check the last digits against the document.",
        ),
    ),
    row!(
        NAME_CHARS,
        22,
        Severity::Invalid,
        Scope::Record,
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
    row!(
        MOTHER_NAME_CHARS,
        22,
        Severity::Invalid,
        Scope::Record,
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

/// The row of a code: the catalogue's, else one of [`EXTRA_RULES`].
pub fn rule(code: &str) -> Option<&'static RuleDef> {
    crate::catalog::rule(code).or_else(|| EXTRA_RULES.iter().find(|r| r.code == code))
}

/// An issue with one of the [`EXTRA_RULES`] codes (its severity from the row).
pub fn issue(code: &'static str, path: impl Into<String>) -> Issue {
    Issue {
        code,
        severity: rule(code).map_or(Severity::Invalid, |r| r.severity),
        path: path.into(),
        params: Vec::new(),
        input: None,
    }
}

/// Codes that relate the field of their path to other fields of the same record.
const RELATED: &[(&str, &[&str])] = &[
    ("nik.jenis_kelamin_berbeda", &["m_gender"]),
    ("nik.tanggal_lahir_berbeda", &["birth_date"]),
    ("nisn.tahun_lahir_berbeda", &["birth_date"]),
    ("kk.sama_dengan_nik", &["nik"]),
    ("tanggal_masuk.sebelum_lahir", &["birth_date"]),
    ("tanggal_keluar.sebelum_masuk", &["learning_activity.admission_date"]),
];

/// The other fields an issue concerns, as paths beside its own (`[3].nik` with
/// `nik.tanggal_lahir_berbeda` → `[3].birth_date`). Empty for issues about one field.
pub fn related_paths(issue: &Issue) -> Vec<String> {
    let Some((_, fields)) = RELATED.iter().find(|(c, _)| *c == issue.code) else {
        return Vec::new();
    };
    // The record prefix of the path: `[3].` of `[3].nik`, `` of `nik`.
    let prefix = match issue.path.find("].") {
        Some(end) if issue.path.starts_with('[') => &issue.path[..end + 2],
        _ => "",
    };
    fields.iter().map(|f| format!("{prefix}{f}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_codes_are_new_unique_and_render() {
        for (i, r) in EXTRA_RULES.iter().enumerate() {
            assert!(
                crate::catalog::rule(r.code).is_none(),
                "{} already in the catalogue",
                r.code
            );
            assert!(EXTRA_RULES[i + 1..].iter().all(|o| o.code != r.code));
        }
        let i = issue(NIK_INCOMPLETE, "nik").with("got", "6");
        assert_eq!(i.severity, Severity::Warning);
        let text = crate::catalog::render(rule(i.code).unwrap().message_id, &i.params);
        assert_eq!(text, "NIK belum lengkap: 6 dari 16 digit.");
    }

    #[test]
    fn related_paths_keep_the_record_prefix() {
        let i = Issue::new("nik.tanggal_lahir_berbeda", "[3].nik");
        assert_eq!(related_paths(&i), vec!["[3].birth_date".to_string()]);
        let i = Issue::new("nik.jenis_kelamin_berbeda", "nik");
        assert_eq!(related_paths(&i), vec!["m_gender".to_string()]);
        assert!(related_paths(&Issue::new("nik.kosong", "nik")).is_empty());
    }
}
