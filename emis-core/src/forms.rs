//! Forms filled as the operator types (the browser package): which issue a value of the wrong
//! type in a text field is ([`type_issue`]; the binding only says what type it saw), and which
//! other field an issue relating two fields concerns ([`related_paths`]), so a form can mark
//! both (`relatedPaths` in the JS package).

use crate::catalog::codes;
use crate::report::Issue;

/// The type of a value a binding received where a record field belongs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ValueType {
    /// Text (fine).
    Text,
    /// A number (JavaScript: always a float).
    Number(f64),
    /// true / false.
    Boolean,
    /// A list.
    Array,
    /// A JavaScript BigInt.
    BigInt,
    /// Any other object.
    Object,
}

/// 2^53: above it, not every integer is a JavaScript number.
const SAFE: f64 = 9_007_199_254_740_992.0;

/// The issue of a value of the wrong type in a text field: an identifier (`number_field`) sent
/// as a number of 2^53 or more has lost digits already (`isian.angka_dibulatkan`); any other
/// non-text value is `isian.bukan_teks`. `None` for text.
pub fn type_issue(field: &str, value: ValueType, number_field: bool, path: String) -> Option<Issue> {
    let (id, en) = match value {
        ValueType::Text => return None,
        ValueType::Number(n) if number_field && n.abs() >= SAFE => {
            return Some(Issue::new(codes::ISIAN_ANGKA_DIBULATKAN, path).with("field", field));
        }
        ValueType::Number(_) => ("angka", "a number"),
        ValueType::Boolean => ("boolean", "a boolean"),
        ValueType::Array => ("array", "an array"),
        ValueType::BigInt => ("BigInt", "a BigInt"),
        ValueType::Object => ("objek", "an object"),
    };
    Some(
        Issue::new(codes::ISIAN_BUKAN_TEKS, path)
            .with("field", field)
            .with("tipe", id)
            .with("type", en),
    )
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
    fn values_of_the_wrong_type_in_text_fields() {
        assert!(type_issue("nik", ValueType::Text, true, "nik".into()).is_none());
        let i = type_issue(
            "nik",
            ValueType::Number(9_171_011_708_080_001.0),
            true,
            "[2].nik".into(),
        )
        .unwrap();
        assert_eq!((i.code, i.path.as_str()), ("isian.angka_dibulatkan", "[2].nik"));
        let i = type_issue("nik", ValueType::Number(12.0), true, "nik".into()).unwrap();
        assert_eq!(i.code, "isian.bukan_teks", "a small number is still not text");
        let i = type_issue("full_name", ValueType::Number(9e18), false, "full_name".into()).unwrap();
        assert_eq!(i.code, "isian.bukan_teks", "only identifiers are said to be rounded");
        for (v, tipe) in [
            (ValueType::Boolean, "boolean"),
            (ValueType::Array, "array"),
            (ValueType::BigInt, "BigInt"),
            (ValueType::Object, "objek"),
        ] {
            let i = type_issue("full_name", v, false, "full_name".into()).unwrap();
            assert!(i.params.iter().any(|(k, x)| *k == "tipe" && x == tipe), "{i:?}");
        }
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
