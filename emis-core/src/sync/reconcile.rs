//! Reconcile local santri with the EMIS roster (sans-IO): match by NIK → NISN → name + birth
//! date → name + birth place, give every record a status, list field differences, and report
//! near-duplicates without merging them.

use super::normalize::{Comparable, digits, jaro_winkler, normalize_name, normalize_place};
use crate::catalog::codes;
use crate::model::Santri;
use crate::report::Report;
use crate::rules::{RuleContext, validate_santri_list};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Reconcile status of one record (the words operators and eSantri use).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    /// Same on both sides.
    Terdaftar,
    /// On both sides with field differences.
    Diskrepansi,
    /// Only local: to be registered.
    BelumTerdaftar,
    /// Only on EMIS.
    HanyaDiEmis,
    /// Duplicate in the local roster, or NIK active at another lembaga.
    Ganda,
    /// Blocked by validation.
    Invalid,
}

impl Status {
    /// All statuses in report order.
    pub const ALL: [Status; 6] = [
        Status::Terdaftar,
        Status::Diskrepansi,
        Status::BelumTerdaftar,
        Status::HanyaDiEmis,
        Status::Ganda,
        Status::Invalid,
    ];
    /// Upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Terdaftar => "TERDAFTAR",
            Status::Diskrepansi => "DISKREPANSI",
            Status::BelumTerdaftar => "BELUM_TERDAFTAR",
            Status::HanyaDiEmis => "HANYA_DI_EMIS",
            Status::Ganda => "GANDA",
            Status::Invalid => "INVALID",
        }
    }
}

/// Which key matched a local record to an EMIS record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKey {
    /// NIK.
    Nik,
    /// NISN.
    Nisn,
    /// Normalised name + birth date.
    NameBirthDate,
    /// Normalised name + birth place.
    NameBirthPlace,
}

/// A field that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldDiff {
    /// EMIS field path.
    pub field: &'static str,
}

/// One reconciled record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// Index in the local list.
    pub local: Option<usize>,
    /// Index in the EMIS list.
    pub remote: Option<usize>,
    /// Status.
    pub status: Status,
    /// Key that matched.
    pub matched_by: Option<MatchKey>,
    /// Fields that differ (both sides carry them).
    pub diffs: Vec<FieldDiff>,
    /// Rule or sync codes behind INVALID / GANDA.
    pub codes: Vec<&'static str>,
    /// Possible duplicates (indexes of EMIS records), reported, never merged.
    pub near_duplicates: Vec<usize>,
}

/// The reconciliation of a roster.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Reconciliation {
    /// One entry per local record, then one per EMIS-only record.
    pub entries: Vec<Entry>,
    /// Validation of the local roster (all issues).
    pub validation: Report,
}

impl Reconciliation {
    /// Number of entries with a status.
    pub fn count(&self, s: Status) -> usize {
        self.entries.iter().filter(|e| e.status == s).count()
    }
    /// Counts per status, in report order.
    pub fn counts(&self) -> Vec<(Status, usize)> {
        Status::ALL.iter().map(|s| (*s, self.count(*s))).collect()
    }
}

fn name_key(s: &Santri) -> Option<String> {
    let n = normalize_name(s.full_name.expose());
    (!n.is_empty()).then_some(n)
}

fn date_key(s: &Santri) -> Option<String> {
    let d = s.birth_date.as_deref()?;
    crate::date::Date::parse(d).ok().map(|d| d.to_string())
}

/// True when both sides carry a *valid* value of `field` and the values differ: then the two
/// records are two people, whatever their names say.
fn conflicts(a: &Comparable, b: &Comparable, field: &str) -> bool {
    let (Some(x), Some(y)) = (a.get(field), b.get(field)) else {
        return false;
    };
    if x == y {
        return false;
    }
    match field {
        "nik" => crate::id::nik::is_valid(x) && crate::id::nik::is_valid(y),
        "nisn" => x.len() == 10 && y.len() == 10,
        "birth_date" => crate::date::Date::parse(x).is_ok() && crate::date::Date::parse(y).is_ok(),
        _ => true,
    }
}

/// A name hit is the same person only when something else agrees: the mother's name, the
/// No. KK or the NISN.
fn corroborated(a: &Comparable, b: &Comparable) -> bool {
    let same = |f: &str| matches!((a.get(f), b.get(f)), (Some(x), Some(y)) if x == y);
    let mother = matches!((a.get("parents.mother_full_name"), b.get("parents.mother_full_name")),
        (Some(x), Some(y)) if jaro_winkler(x, y) >= 0.9);
    mother || same("kk_num") || same("nisn")
}

fn nik_key(s: &Santri) -> Option<String> {
    let d = digits(s.nik.as_ref()?.expose());
    (d.len() >= 10).then_some(d)
}

fn nisn_key(s: &Santri) -> Option<String> {
    let d = digits(s.nisn.as_ref()?.expose());
    (d.len() == 10).then_some(d)
}

/// Reconciles `local` against `remote` (the EMIS roster of the lembaga).
/// `ctx.active_elsewhere` holds NIKs EMIS reports active at another lembaga.
pub fn reconcile_santri(local: &[Santri], remote: &[Santri], ctx: &RuleContext) -> Reconciliation {
    let mut validation = validate_santri_list(local, ctx);
    // Per-record codes from validation, split into GANDA and INVALID causes.
    let mut invalid_codes: HashMap<usize, Vec<&'static str>> = HashMap::new();
    let mut ganda_codes: HashMap<usize, Vec<&'static str>> = HashMap::new();
    for issue in &validation.issues {
        let Some(idx) = issue
            .path
            .strip_prefix('[')
            .and_then(|p| p.split(']').next())
            .and_then(|n| n.parse::<usize>().ok())
        else {
            continue;
        };
        let ganda = [codes::NIK_GANDA, codes::NISN_GANDA, codes::NIK_AKTIF_DI_LEMBAGA_LAIN];
        if ganda.iter().any(|c| *c == issue.code) {
            ganda_codes.entry(idx).or_default().push(issue.code);
        } else if issue.severity == crate::catalog::Severity::Invalid {
            invalid_codes.entry(idx).or_default().push(issue.code);
        }
    }

    // Indexes of remote records by each key (names and dates can be shared: lists).
    let mut by_nik: HashMap<String, usize> = HashMap::new();
    let mut by_nisn: HashMap<String, usize> = HashMap::new();
    let mut by_name_date: HashMap<(String, String), Vec<usize>> = HashMap::new();
    let mut by_name_place: HashMap<(String, String), Vec<usize>> = HashMap::new();
    let remote_cmp: Vec<Comparable> = remote.iter().map(Comparable::of).collect();
    for (i, r) in remote.iter().enumerate() {
        if let Some(k) = nik_key(r) {
            by_nik.entry(k).or_insert(i);
        }
        if let Some(k) = nisn_key(r) {
            by_nisn.entry(k).or_insert(i);
        }
        if let Some(n) = name_key(r) {
            if let Some(d) = date_key(r) {
                by_name_date.entry((n.clone(), d)).or_default().push(i);
            }
            if let Some(p) = r.birth_place.as_deref().map(normalize_place).filter(|p| !p.is_empty()) {
                by_name_place.entry((n, p)).or_default().push(i);
            }
        }
    }

    let mut used: HashSet<usize> = HashSet::new();
    let mut entries = Vec::with_capacity(local.len() + remote.len() / 8);
    // Name-only hits that nothing corroborates: candidates for a human, never a match.
    let mut candidates_of: HashMap<usize, Vec<usize>> = HashMap::new();
    for (li, l) in local.iter().enumerate() {
        let lc_full = Comparable::of(l);
        let mut found: Option<(MatchKey, usize)> = nik_key(l)
            .and_then(|k| by_nik.get(&k).copied())
            .filter(|i| !used.contains(i))
            .map(|i| (MatchKey::Nik, i));
        if found.is_none() {
            found = nisn_key(l)
                .and_then(|k| by_nisn.get(&k).copied())
                .filter(|i| !used.contains(i) && !conflicts(&lc_full, &remote_cmp[*i], "nik"))
                .map(|i| (MatchKey::Nisn, i));
        }
        if found.is_none()
            && let Some(n) = name_key(l)
        {
            let by_date = date_key(l)
                .and_then(|d| by_name_date.get(&(n.clone(), d)))
                .map(|v| (MatchKey::NameBirthDate, v.as_slice()));
            let by_place = l
                .birth_place
                .as_deref()
                .map(normalize_place)
                .and_then(|p| by_name_place.get(&(n, p)))
                .map(|v| (MatchKey::NameBirthPlace, v.as_slice()));
            'keys: for (key, list) in [by_date, by_place].into_iter().flatten() {
                for &ri in list {
                    let rc = &remote_cmp[ri];
                    // Two valid NIKs (or NISNs, or birth dates) that differ are two people.
                    if used.contains(&ri) || ["nik", "nisn", "birth_date"].iter().any(|f| conflicts(&lc_full, rc, f)) {
                        continue;
                    }
                    if corroborated(&lc_full, rc) {
                        found = Some((key, ri));
                        break 'keys;
                    }
                    let c = candidates_of.entry(li).or_default();
                    if !c.contains(&ri) {
                        c.push(ri);
                    }
                }
            }
        }
        let mut entry = Entry {
            local: Some(li),
            remote: None,
            status: Status::BelumTerdaftar,
            matched_by: None,
            diffs: Vec::new(),
            codes: Vec::new(),
            near_duplicates: Vec::new(),
        };
        if let Some((key, ri)) = found {
            candidates_of.remove(&li);
            used.insert(ri);
            entry.remote = Some(ri);
            entry.matched_by = Some(key);
            let lc = Comparable::of(l);
            let rc = &remote_cmp[ri];
            if lc.hash() != rc.hash() {
                for (field, lv) in &lc.fields {
                    if let Some(rv) = rc.get(field)
                        && rv != lv
                    {
                        entry.diffs.push(FieldDiff { field });
                    }
                }
            }
            entry.status = if entry.diffs.is_empty() {
                Status::Terdaftar
            } else {
                Status::Diskrepansi
            };
        }
        if let Some(codes) = ganda_codes.remove(&li) {
            entry.status = Status::Ganda;
            entry.codes = codes;
        } else if let Some(codes) = invalid_codes.remove(&li) {
            // A local export may lack columns EMIS already has (status_mukim, the mother's
            // name...): judge a matched record by EMIS's record with the local values on top,
            // so a missing column is not a defect of the record.
            let still_invalid = match entry.remote {
                Some(ri) => {
                    let merged = overlay(&remote[ri], l);
                    let one = crate::rules::validate_santri(&merged, ctx);
                    let exact = format!("[{li}]");
                    let prefix = format!("[{li}].");
                    validation.issues.retain(|i| {
                        !(i.path == exact || i.path.starts_with(&prefix))
                            || codes::NIK_GANDA == i.code
                            || codes::NISN_GANDA == i.code
                    });
                    let invalid: Vec<&'static str> = one
                        .issues
                        .iter()
                        .filter(|i| i.severity == crate::catalog::Severity::Invalid)
                        .map(|i| i.code)
                        .collect();
                    validation
                        .issues
                        .extend(one.issues.into_iter().map(|i| i.prefixed(&exact)));
                    (!invalid.is_empty()).then_some(invalid)
                }
                None => Some(codes),
            };
            if let Some(codes) = still_invalid {
                entry.status = Status::Invalid;
                entry.codes = codes;
            }
        }
        entries.push(entry);
    }

    // Name hits nothing corroborated (and nothing contradicted): the operator decides.
    for (li, cands) in candidates_of {
        if let Some(e) = entries.get_mut(li).filter(|e| e.status == Status::BelumTerdaftar) {
            for ri in cands {
                if !used.contains(&ri) && !e.near_duplicates.contains(&ri) {
                    e.near_duplicates.push(ri);
                }
            }
        }
    }

    // Near-duplicates of unregistered local records among unmatched EMIS records: same birth
    // date, similar name, corroborated by the mother's name or the birth place — and never a
    // record whose valid NIK differs (that is another person).
    let unmatched: Vec<usize> = (0..remote.len()).filter(|i| !used.contains(i)).collect();
    let mut remote_by_date: HashMap<String, Vec<usize>> = HashMap::new();
    for &ri in &unmatched {
        if let Some(d) = date_key(&remote[ri]) {
            remote_by_date.entry(d).or_default().push(ri);
        }
    }
    for e in entries.iter_mut().filter(|e| e.status == Status::BelumTerdaftar) {
        let l = &local[e.local.unwrap_or_default()];
        let (Some(d), Some(ln)) = (date_key(l), name_key(l)) else {
            continue;
        };
        let lc = Comparable::of(l);
        for &ri in remote_by_date.get(&d).map(Vec::as_slice).unwrap_or(&[]) {
            let rc = &remote_cmp[ri];
            if conflicts(&lc, rc, "nik") || e.near_duplicates.contains(&ri) {
                continue;
            }
            let rn = rc.get("full_name").unwrap_or("");
            if jaro_winkler(&ln, rn) < 0.88 {
                continue;
            }
            let mother = matches!((lc.get("parents.mother_full_name"), rc.get("parents.mother_full_name")),
                (Some(a), Some(b)) if jaro_winkler(a, b) >= 0.88);
            let place = matches!((lc.get("birth_place"), rc.get("birth_place")), (Some(a), Some(b)) if a == b);
            if mother || place {
                e.near_duplicates.push(ri);
            }
        }
    }

    for ri in unmatched {
        entries.push(Entry {
            local: None,
            remote: Some(ri),
            status: Status::HanyaDiEmis,
            matched_by: None,
            diffs: Vec::new(),
            codes: Vec::new(),
            near_duplicates: Vec::new(),
        });
    }
    Reconciliation { entries, validation }
}

/// EMIS's record with every field the local record carries on top (nested objects merged).
pub fn overlay(remote: &Santri, local: &Santri) -> Santri {
    super::normalize::overlay_fields(remote, local).unwrap_or_else(|| local.clone())
}

/// True when no invalid issue concerns local record `local_index`.
pub fn pushable(r: &Reconciliation, local_index: usize) -> bool {
    let exact = format!("[{local_index}]");
    let prefix = format!("[{local_index}].");
    !r.validation
        .issues
        .iter()
        .any(|i| (i.path == exact || i.path.starts_with(&prefix)) && i.severity == crate::catalog::Severity::Invalid)
}
