use super::lenient;
use crate::date::Date;
use serde::{Deserialize, Serialize};

/// Semester.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Semester {
    /// Odd semester (July–December).
    Ganjil,
    /// Even semester (January–June).
    Genap,
}

/// A data-collection period. `academic_year_id` is the server's id (13 = Ganjil 2023/2024 on
/// the real server): it is only ever read from EMIS, never computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Periode {
    /// Server id (a number or numeric text).
    #[serde(alias = "id", deserialize_with = "lenient::i64_required")]
    pub academic_year_id: i64,
    /// Label as the server gives it, e.g. `Ganjil 2025/2026`.
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    /// First day of the update window.
    #[serde(default)]
    pub open_date: Option<Date>,
    /// Last day of the update window.
    #[serde(default)]
    pub close_date: Option<Date>,
    /// BAP (berita acara pendataan) deadline.
    #[serde(default)]
    pub bap_deadline: Option<Date>,
    /// Whether the server says the period is open (`true`, `1`, `"1"`...).
    #[serde(default, deserialize_with = "lenient::bool_or_false")]
    pub is_active: bool,
}

impl Periode {
    /// Semester and first year read from the label (`Ganjil 2025/2026` → (Ganjil, 2025)).
    pub fn semester_and_year(&self) -> Option<(Semester, u16)> {
        let lower = self.name.to_ascii_lowercase();
        let sem = if lower.contains("ganjil") {
            Semester::Ganjil
        } else if lower.contains("genap") {
            Semester::Genap
        } else {
            return None;
        };
        let year = lower
            .split(|c: char| !c.is_ascii_digit())
            .find(|p| p.len() == 4)
            .and_then(|p| p.parse().ok())?;
        Some((sem, year))
    }
    /// True when `date` is inside the update window (unknown bounds are open).
    pub fn window_contains(&self, date: Date) -> bool {
        self.open_date.is_none_or(|o| date >= o) && self.close_date.is_none_or(|c| date <= c)
    }
}
