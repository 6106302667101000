//! The SIMPEG decision (sans-IO), as the real "Ambil data dari SIMPEG" makes it: the
//! civil-service data is taken only when the name is similar enough and the birth date
//! matches; otherwise the operator decides, shown both values side by side (masked).

use super::normalize::{jaro_winkler, normalize_name};
use crate::api::SimpegPreview;
use crate::date::Date;
use crate::model::{Gtk, SimpegSnapshot};
use serde::Serialize;

/// Least name similarity (Jaro-Winkler over normalised names, titles dropped) to confirm.
pub const NAME_THRESHOLD: f64 = 0.92;

/// The decision for one GTK.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum SimpegDecision {
    /// Same person: the data is taken.
    Confirmed {
        /// Similarity used.
        similarity: f64,
    },
    /// Something differs: the operator decides. Values are masked.
    NeedsOperator {
        /// Similarity of the names.
        similarity: f64,
        /// Birth dates equal.
        birth_date_match: bool,
        /// Local name, masked.
        local_name: String,
        /// SIMPEG name, masked.
        simpeg_name: String,
        /// Local birth date (`YYYY-MM-**`: the day is masked).
        local_birth_date: String,
        /// SIMPEG birth date, masked likewise.
        simpeg_birth_date: String,
    },
    /// SIMPEG does not know the NIP.
    NotFound,
}

/// Drops academic and religious titles and honorifics, then normalises.
pub fn name_without_titles(name: &str) -> String {
    // Everything after the first comma is a title list (`AHMAD FAUZI, S.Pd., M.Pd`).
    let head = name.split(',').next().unwrap_or(name);
    let titles = [
        "drs", "dra", "dr", "ir", "h", "hj", "kh", "ust", "ustadz", "ustadzah", "prof", "s.pd", "s.pd.i", "s.ag",
        "m.pd", "m.ag", "s.h.i", "lc", "m.a", "s.e", "s.kom",
    ];
    let kept: Vec<&str> = head
        .split_whitespace()
        .filter(|w| !titles.contains(&w.trim_end_matches('.').to_lowercase().as_str()))
        .collect();
    normalize_name(&kept.join(" "))
}

fn mask_date(d: Option<&str>) -> String {
    match d.and_then(|d| Date::parse(d).ok()) {
        Some(d) => format!("{:04}-{:02}-**", d.year(), d.month()),
        None => "-".into(),
    }
}

/// Decides from the two names and birth dates (the server's own verdicts are not trusted
/// over the values: they are recomputed here, so the threshold is ours and documented).
pub fn decide(
    local_name: &str,
    local_birth: Option<&str>,
    simpeg_name: Option<&str>,
    simpeg_birth: Option<&str>,
) -> SimpegDecision {
    let Some(sn) = simpeg_name else {
        return SimpegDecision::NotFound;
    };
    let similarity = jaro_winkler(&name_without_titles(local_name), &name_without_titles(sn));
    let parse = |d: Option<&str>| d.and_then(|d| Date::parse(d.split_whitespace().next().unwrap_or(d)).ok());
    let birth_date_match = matches!((parse(local_birth), parse(simpeg_birth)), (Some(a), Some(b)) if a == b);
    if similarity >= NAME_THRESHOLD && birth_date_match {
        return SimpegDecision::Confirmed { similarity };
    }
    SimpegDecision::NeedsOperator {
        similarity,
        birth_date_match,
        local_name: crate::pii::mask_name(local_name),
        simpeg_name: crate::pii::mask_name(sn),
        local_birth_date: mask_date(local_birth),
        simpeg_birth_date: mask_date(simpeg_birth.map(|d| d.split_whitespace().next().unwrap_or(d))),
    }
}

/// Decides for a GTK from the EMIS GTK preview.
pub fn decide_preview(g: &Gtk, p: &SimpegPreview) -> SimpegDecision {
    if !p.found {
        return SimpegDecision::NotFound;
    }
    let simpeg_name = p
        .nama_simpeg
        .as_ref()
        .map(|n| n.expose().to_string())
        .or_else(|| p.data.as_ref()?.nama_lengkap.as_ref().map(|n| n.expose().to_string()));
    let simpeg_birth = p
        .tgl_lahir_simpeg
        .clone()
        .or_else(|| p.data.as_ref()?.tanggal_lahir.map(|d| d.to_string()));
    decide(
        g.full_name.expose(),
        g.birth_date.as_deref(),
        simpeg_name.as_deref(),
        simpeg_birth.as_deref(),
    )
}

/// Decides for a GTK from a PINTAR `cek_nip` record.
pub fn decide_snapshot(g: &Gtk, s: &SimpegSnapshot) -> SimpegDecision {
    let birth = s.tanggal_lahir.map(|d| d.to_string());
    decide(
        g.full_name.expose(),
        g.birth_date.as_deref(),
        s.nama_lengkap.as_ref().map(|n| n.expose()),
        birth.as_deref(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn confirms_only_similar_names_with_the_same_birth_date() {
        let d = "1980-01-01";
        assert!(matches!(
            decide(
                "Ahmad Fauzi",
                Some(d),
                Some("AHMAD FAUZI, S.Pd., M.Pd"),
                Some("1980-01-01 00:00:00")
            ),
            SimpegDecision::Confirmed { .. }
        ));
        assert!(matches!(
            decide("H. Ahmad Fauzi", Some(d), Some("Ahmad Fauzy"), Some(d)),
            SimpegDecision::Confirmed { .. }
        ));
        let other = decide("Ahmad Fauzi", Some(d), Some("Siti Maryam"), Some(d));
        let SimpegDecision::NeedsOperator {
            birth_date_match,
            local_name,
            simpeg_name,
            ..
        } = &other
        else {
            panic!("{other:?}")
        };
        assert!(*birth_date_match);
        assert!(!local_name.contains("Fauzi") && !simpeg_name.contains("Maryam"));
        assert!(matches!(
            decide("Ahmad Fauzi", Some(d), Some("Ahmad Fauzi"), Some("1980-01-02")),
            SimpegDecision::NeedsOperator {
                birth_date_match: false,
                ..
            }
        ));
        assert_eq!(decide("Ahmad Fauzi", Some(d), None, None), SimpegDecision::NotFound);
    }
}
