//! Reconcile and duplicate reports for analysts: the sync engine's reconcile
//! ([`crate::sync::reconcile_santri`]) turned into rows one can act on (status, the matched
//! row on both sides, old and new value per differing field, masked unless asked), and data
//! ganda across many operators' files offline.
//!
//! Nothing here merges records: two different valid NIKs are two people (twins, namesakes),
//! and a name hit that nothing corroborates is only reported as a possible duplicate.

use crate::model::Santri;
use crate::pii;
use crate::rules::RuleContext;
use crate::sync::normalize::Comparable;
use crate::sync::{MatchKey, Status, reconcile_santri};

/// One reconciled record.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordRow {
    /// Status (`TERDAFTAR` … `INVALID`).
    pub status: Status,
    /// Row position on the local side.
    pub local: Option<usize>,
    /// Row position on the EMIS side.
    pub remote: Option<usize>,
    /// The key that matched.
    pub matched_by: Option<MatchKey>,
    /// Codes behind `GANDA` / `INVALID`.
    pub codes: Vec<&'static str>,
    /// EMIS rows that may be the same person (reported, never merged).
    pub near_duplicates: Vec<usize>,
}

/// One differing field of a matched pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Row position on the local side.
    pub local: usize,
    /// Row position on the EMIS side.
    pub remote: usize,
    /// EMIS field.
    pub field: &'static str,
    /// The EMIS value (normalised as compared; masked unless revealed).
    pub old: String,
    /// The local value.
    pub new: String,
}

/// What [`reconcile`] found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reconciled {
    /// One row per local record, then one per EMIS-only record.
    pub records: Vec<RecordRow>,
    /// Per differing field of matched records.
    pub changes: Vec<Change>,
}

/// A value as shown: in full when `reveal`, otherwise masked ([`pii::mask`]).
pub fn shown(value: &str, reveal: bool) -> String {
    if reveal { value.to_string() } else { pii::mask(value) }
}

/// Reconciles local rows against EMIS rows.
pub fn reconcile(local: &[Santri], remote: &[Santri], ctx: &RuleContext, reveal: bool) -> Reconciled {
    let r = reconcile_santri(local, remote, ctx);
    let mut out = Reconciled::default();
    for e in &r.entries {
        if let (Some(li), Some(ri)) = (e.local, e.remote)
            && !e.diffs.is_empty()
        {
            let (lc, rc) = (Comparable::of(&local[li]), Comparable::of(&remote[ri]));
            for d in &e.diffs {
                out.changes.push(Change {
                    local: li,
                    remote: ri,
                    field: d.field,
                    old: shown(rc.get(d.field).unwrap_or(""), reveal),
                    new: shown(lc.get(d.field).unwrap_or(""), reveal),
                });
            }
        }
        out.records.push(RecordRow {
            status: e.status,
            local: e.local,
            remote: e.remote,
            matched_by: e.matched_by,
            codes: e.codes.clone(),
            near_duplicates: e.near_duplicates.clone(),
        });
    }
    out
}

/// How two rows of different files are related.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Likeness {
    /// The same person (matched by NIK, NISN, or a name corroborated by the mother's name,
    /// the No. KK or the NISN): data ganda.
    Same(MatchKey),
    /// Same name and birth date or place, nothing else agreeing or disagreeing: a human decides.
    Possible,
}

/// A pair of rows in two sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// (source, row) of the first.
    pub a: (usize, usize),
    /// (source, row) of the second (a later source).
    pub b: (usize, usize),
    /// How they are related.
    pub likeness: Likeness,
    /// The first row's NIK, masked unless revealed (empty when it has none).
    pub nik: String,
}

/// Data ganda across sources (many operators' files): every source is reconciled against
/// the rows of the sources after it. Pairs within one file are left to the file's own
/// validation (`nik.ganda`).
pub fn find_duplicates(sources: &[Vec<Santri>], ctx: &RuleContext, reveal: bool) -> Vec<Duplicate> {
    let mut out = Vec::new();
    for (s, local) in sources.iter().enumerate() {
        // The later sources as one roster, with the way back to (source, row).
        let mut origin = Vec::new();
        let mut rest: Vec<Santri> = Vec::new();
        for (t, other) in sources.iter().enumerate().skip(s + 1) {
            origin.extend((0..other.len()).map(|r| (t, r)));
            rest.extend(other.iter().cloned());
        }
        if rest.is_empty() {
            break;
        }
        let r = reconcile_santri(local, &rest, ctx);
        for e in &r.entries {
            let Some(li) = e.local else { continue };
            let nik = local[li]
                .nik
                .as_ref()
                .map(|n| shown(n.expose(), reveal))
                .unwrap_or_default();
            if let (Some(ri), Some(key)) = (e.remote, e.matched_by) {
                out.push(Duplicate {
                    a: (s, li),
                    b: origin[ri],
                    likeness: Likeness::Same(key),
                    nik: nik.clone(),
                });
            }
            for &ri in &e.near_duplicates {
                out.push(Duplicate {
                    a: (s, li),
                    b: origin[ri],
                    likeness: Likeness::Possible,
                    nik: nik.clone(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn santri(name: &str, nik: &str, date: &str, mother: &str) -> Santri {
        Santri::from_flat([
            ("full_name", name),
            ("nik", nik),
            ("birth_date", date),
            ("birth_place", "Malang"),
            ("mother_full_name", mother),
            ("m_gender", "L"),
        ])
    }

    fn ctx() -> RuleContext {
        RuleContext::new(Date::new(2026, 11, 30).unwrap())
    }

    #[test]
    fn same_nik_is_ganda_namesakes_and_twins_are_not_merged() {
        let a = vec![
            santri("Ahmad Fauzi", "3517011708080001", "2008-08-17", "Siti Aminah"),
            santri("Muhammad Rizki", "3517011708080002", "2008-08-17", "Nur Hasanah"),
        ];
        let b = vec![
            // The same person in another lembaga's file.
            santri("AHMAD FAUZI", "3517011708080001", "2008-08-17", "Siti Aminah"),
            // A namesake with another valid NIK: two people.
            santri("Muhammad Rizki", "3517011708080003", "2008-08-17", "Dewi Lestari"),
            // The twin of Ahmad: same birth date and mother, another name and NIK.
            santri("Ahmad Fauzan", "3517011708080004", "2008-08-17", "Siti Aminah"),
        ];
        let d = find_duplicates(&[a, b], &ctx(), false);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            (d[0].a, d[0].b, d[0].likeness),
            ((0, 0), (1, 0), Likeness::Same(MatchKey::Nik))
        );
        assert_eq!(d[0].nik, "3517**********01");
    }

    #[test]
    fn reconcile_lists_old_and_new_masked_unless_revealed() {
        let local = vec![santri("Ahmad Fauzi", "3517011708080001", "2008-08-17", "Siti Aminah")];
        let remote = vec![santri("Ahmad Fauzi", "3517011708080001", "2008-08-17", "Siti Aminah Z")];
        let r = reconcile(&local, &remote, &ctx(), false);
        assert_eq!(r.records[0].status, Status::Diskrepansi);
        assert_eq!(r.records[0].remote, Some(0));
        let c = &r.changes[0];
        assert_eq!(c.field, "parents.mother_full_name");
        assert!(!c.old.contains("aminah") && c.old.contains('*'));
        let r = reconcile(&local, &remote, &ctx(), true);
        assert_eq!(r.changes[0].old, "siti aminah z"); // as compared: normalised
    }
}
