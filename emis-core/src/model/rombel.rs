use super::lenient;
use serde::{Deserialize, Serialize};

/// A rombel (rombongan belajar, study group) in one period.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Rombel {
    /// EMIS server id.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    /// Name (without the `Kelas N -` prefix).
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    /// Grade (tingkat).
    #[serde(
        default,
        deserialize_with = "lenient::opt_u8",
        skip_serializing_if = "Option::is_none"
    )]
    pub tingkat: Option<u8>,
    /// Room.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub room_name: Option<String>,
    /// Level (Ula, Wustha, Ulya...).
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub jenjang: Option<String>,
    /// Homeroom ustadz (name).
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub wali: Option<String>,
    /// Period (server id).
    #[serde(
        default,
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub academic_year_id: Option<i64>,
}

/// Splits EMIS's combined `"Kelas N - <name>"` (e.g. `Kelas 7 - 7-W2060`) into grade and name.
/// Returns `None` when the text does not follow that pattern.
pub fn parse_kelas(text: &str) -> Option<(u8, String)> {
    let t = text.trim();
    let rest = t
        .get(..5)
        .filter(|p| p.eq_ignore_ascii_case("kelas"))
        .map(|_| &t[5..])?;
    let rest = rest.trim_start();
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let n: u8 = digits.parse().ok()?;
    let after = rest[digits.len()..].trim_start();
    let name = after.strip_prefix('-')?.trim();
    if name.is_empty() {
        return None;
    }
    Some((n, name.to_string()))
}

impl Rombel {
    /// A rombel from EMIS's combined name; text without the pattern becomes the name as is.
    pub fn from_combined(text: &str) -> Rombel {
        match parse_kelas(text) {
            Some((n, name)) => Rombel {
                name,
                tingkat: Some(n),
                ..Rombel::default()
            },
            None => Rombel {
                name: text.trim().to_string(),
                ..Rombel::default()
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn parses_kelas() {
        assert_eq!(parse_kelas("Kelas 7 - 7-W2060"), Some((7, "7-W2060".to_string())));
        assert_eq!(parse_kelas("Kelas 12 - U2352"), Some((12, "U2352".to_string())));
        assert_eq!(parse_kelas("kelas  3-A"), Some((3, "A".to_string())));
        assert_eq!(parse_kelas("Kelas - A"), None);
        assert_eq!(parse_kelas("Kelas 7"), None);
        assert_eq!(parse_kelas("Kelas 123 - A"), None);
        assert_eq!(parse_kelas("Kelasé"), None);
        assert_eq!(parse_kelas(""), None);
        assert_eq!(Rombel::from_combined("Tahfidz A").name, "Tahfidz A");
    }
}
