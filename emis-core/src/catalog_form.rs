//! Forms filled as the operator types (the browser package): the constants of the form codes
//! (their rows are in the catalogue: `nik.belum_lengkap`, `isian.*`, `nama*.karakter_tidak_valid`)
//! and which other field an issue relating two fields concerns ([`related_paths`]), so a form
//! can mark both (`relatedPaths` in the JS package).

use crate::catalog::{Code, RuleDef, codes};
use crate::report::Issue;

/// The NIK typed so far is a correct beginning, only not finished.
pub const NIK_INCOMPLETE: Code = codes::NIK_BELUM_LENGKAP;
/// A record field that must be text holds a number, boolean, object or array.
pub const NOT_TEXT: Code = codes::ISIAN_BUKAN_TEKS;
/// An identifier given as a JavaScript number above 2^53: its digits are already rounded.
pub const UNSAFE_NUMBER: Code = codes::ISIAN_ANGKA_DIBULATKAN;
/// The name holds a character the name rule's hint does not allow (emoji, markup, control).
pub const NAME_CHARS: Code = codes::NAMA_KARAKTER_TIDAK_VALID;
/// The same for the mother's name.
pub const MOTHER_NAME_CHARS: Code = codes::NAMA_IBU_KARAKTER_TIDAK_VALID;

/// The catalogue row of a code.
pub fn rule(code: &str) -> Option<&'static RuleDef> {
    crate::catalog::rule(code)
}

/// An issue with one of these codes.
pub fn issue(code: Code, path: impl Into<String>) -> Issue {
    Issue::new(code, path)
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
    fn form_codes_render() {
        let i = issue(NIK_INCOMPLETE, "nik").with("got", "6");
        assert_eq!(i.severity, crate::catalog::Severity::Warning);
        let text = crate::catalog::render(rule(i.code).unwrap().message_id, &i.params);
        assert_eq!(text, "NIK belum lengkap: 6 dari 16 digit.");
    }

    #[test]
    fn related_paths_keep_the_record_prefix() {
        let i = Issue::new(codes::NIK_TANGGAL_LAHIR_BERBEDA, "[3].nik");
        assert_eq!(related_paths(&i), vec!["[3].birth_date".to_string()]);
        let i = Issue::new(codes::NIK_JENIS_KELAMIN_BERBEDA, "nik");
        assert_eq!(related_paths(&i), vec!["m_gender".to_string()]);
        assert!(related_paths(&Issue::new(codes::NIK_KOSONG, "nik")).is_empty());
    }
}
