//! Reconcile local GTK with EMIS's GTK list (sans-IO), field by field: match by NIP, then
//! NUPTK, then NIK; name + birth date only gives a candidate for a human to confirm. Two
//! different valid NIKs are never merged, whatever else agrees. Updates are planned with the
//! same [`ConflictPolicy`] as santri; when a match is confirmed (a shared NIP, or the operator
//! confirmed the candidate) SIMPEG's values win for the civil-service fields.

use super::normalize::{digits, normalize_name, normalize_place};
use super::plan::ConflictPolicy;
use crate::api::{Change, ChangeOp};
use crate::model::Gtk;
use crate::pii::mask;
use serde::Serialize;
use std::collections::BTreeSet;

/// How a local GTK relates to EMIS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum GtkStatus {
    /// Same on both sides.
    Terdaftar,
    /// Same person, some fields differ.
    Diskrepansi,
    /// Only local.
    BelumTerdaftar,
    /// Only on EMIS.
    HanyaDiEmis,
    /// Same name and birth date, no shared identifier: a human decides.
    Kandidat,
    /// An identifier matches but the two valid NIKs differ: never merged.
    Konflik,
}

impl GtkStatus {
    /// Upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            GtkStatus::Terdaftar => "TERDAFTAR",
            GtkStatus::Diskrepansi => "DISKREPANSI",
            GtkStatus::BelumTerdaftar => "BELUM_TERDAFTAR",
            GtkStatus::HanyaDiEmis => "HANYA_DI_EMIS",
            GtkStatus::Kandidat => "KANDIDAT",
            GtkStatus::Konflik => "KONFLIK",
        }
    }
}

/// The key that matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GtkMatchKey {
    /// NIP / NI PPPK.
    Nip,
    /// NUPTK.
    Nuptk,
    /// NIK.
    Nik,
    /// Normalised name + birth date (a candidate only).
    NameBirthDate,
}

/// One differing field, values masked when personal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GtkFieldDiff {
    /// EMIS field name.
    pub field: &'static str,
    /// Local value (masked when personal).
    pub local: String,
    /// EMIS value (masked when personal).
    pub emis: String,
    /// SIMPEG's value, for civil-service fields when a snapshot is at hand.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simpeg: Option<String>,
}

/// One reconciled GTK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GtkEntry {
    /// Index in the local list.
    pub local: Option<usize>,
    /// Index in the EMIS list.
    pub remote: Option<usize>,
    /// Status.
    pub status: GtkStatus,
    /// What matched.
    pub key: Option<GtkMatchKey>,
    /// Differing fields.
    pub diffs: Vec<GtkFieldDiff>,
}

fn id_of(v: Option<&crate::pii::Sensitive>, len: usize) -> Option<String> {
    v.map(|s| digits(s.expose())).filter(|d| d.len() == len)
}

fn nik(g: &Gtk) -> Option<String> {
    id_of(g.nik.as_ref(), 16).filter(|n| crate::id::nik::is_valid(n))
}

fn nip(g: &Gtk) -> Option<String> {
    id_of(g.nip.as_ref(), 18)
}

fn nuptk(g: &Gtk) -> Option<String> {
    id_of(g.nuptk.as_ref(), 16)
}

fn name_birth(g: &Gtk) -> Option<(String, String)> {
    let n = normalize_name(g.full_name.expose());
    let b = g.birth_date.as_deref().map(str::trim).filter(|b| !b.is_empty())?;
    (!n.is_empty()).then(|| (n, b.to_string()))
}

/// Two valid NIKs that differ: different people.
fn niks_clash(a: &Gtk, b: &Gtk) -> bool {
    matches!((nik(a), nik(b)), (Some(x), Some(y)) if x != y)
}

/// The compared fields: (EMIS name, personal?, value).
fn fields(g: &Gtk) -> Vec<(&'static str, bool, String)> {
    let s = |v: &Option<String>| v.as_deref().map(str::trim).unwrap_or_default().to_string();
    let p = |v: &Option<crate::pii::Sensitive>| v.as_ref().map(|x| digits(x.expose())).unwrap_or_default();
    vec![
        ("full_name", true, normalize_name(g.full_name.expose())),
        ("nik", true, p(&g.nik)),
        ("nip", true, p(&g.nip)),
        ("nuptk", true, p(&g.nuptk)),
        ("birth_place", false, normalize_place(&s(&g.birth_place))),
        ("birth_date", false, s(&g.birth_date)),
        (
            "m_gender",
            false,
            g.m_gender
                .as_ref()
                .and_then(|m| m.code.clone().or(m.name.clone()))
                .unwrap_or_default()
                .to_ascii_uppercase(),
        ),
        (
            "status_kepegawaian",
            false,
            s(&g.status_kepegawaian).to_ascii_uppercase(),
        ),
        ("jabatan", false, s(&g.jabatan).to_ascii_uppercase()),
        ("bidang_studi", false, s(&g.bidang_studi).to_ascii_uppercase()),
        ("tmt_tugas", false, s(&g.tmt_tugas)),
    ]
}

/// SIMPEG's value of a civil-service field, from either side's snapshot.
fn simpeg_value(local: &Gtk, remote: &Gtk, field: &str) -> Option<String> {
    let snap = local.simpeg.as_ref().or(remote.simpeg.as_ref())?;
    let v = match field {
        "status_kepegawaian" => snap.status_pegawai.clone(),
        "jabatan" => snap.jabatan.clone(),
        "bidang_studi" => snap.bidang_studi.clone(),
        "nip" => snap.nip_baru.clone(),
        _ => None,
    }?;
    let v = v.trim().to_string();
    (!v.is_empty()).then_some(v)
}

/// Fields SIMPEG is the source of for a civil servant.
pub const CIVIL_SERVICE_FIELDS: [&str; 4] = ["status_kepegawaian", "jabatan", "bidang_studi", "nip"];

fn diffs(local: &Gtk, remote: &Gtk) -> Vec<GtkFieldDiff> {
    let (a, b) = (fields(local), fields(remote));
    let mut out = Vec::new();
    for ((field, personal, lv), (_, _, rv)) in a.into_iter().zip(b) {
        // An empty side is not a difference to report (nothing to compare).
        if lv.is_empty() || rv.is_empty() || lv == rv {
            continue;
        }
        let show = |v: &str| if personal { mask(v) } else { v.to_string() };
        out.push(GtkFieldDiff {
            field,
            local: show(&lv),
            emis: show(&rv),
            simpeg: CIVIL_SERVICE_FIELDS
                .contains(&field)
                .then(|| simpeg_value(local, remote, field).map(|v| show(&v)))
                .flatten(),
        });
    }
    out
}

/// Reconciles `local` with `remote`.
pub fn reconcile_gtk(local: &[Gtk], remote: &[Gtk]) -> Vec<GtkEntry> {
    let mut used: BTreeSet<usize> = BTreeSet::new();
    let mut out = Vec::new();
    type KeyFn = fn(&Gtk) -> Option<String>;
    let keys: [(GtkMatchKey, KeyFn); 3] = [
        (GtkMatchKey::Nip, nip),
        (GtkMatchKey::Nuptk, nuptk),
        (GtkMatchKey::Nik, nik),
    ];
    for (i, g) in local.iter().enumerate() {
        let mut found = None;
        'keys: for (k, f) in &keys {
            let Some(v) = f(g) else { continue };
            for (j, r) in remote.iter().enumerate() {
                if !used.contains(&j) && f(r).as_deref() == Some(v.as_str()) {
                    found = Some((*k, j));
                    break 'keys;
                }
            }
        }
        let entry = match found {
            Some((k, j)) if niks_clash(g, &remote[j]) => {
                // The identifier matches but the people differ: both stay, flagged.
                GtkEntry {
                    local: Some(i),
                    remote: Some(j),
                    status: GtkStatus::Konflik,
                    key: Some(k),
                    diffs: diffs(g, &remote[j]),
                }
            }
            Some((k, j)) => {
                used.insert(j);
                let d = diffs(g, &remote[j]);
                GtkEntry {
                    local: Some(i),
                    remote: Some(j),
                    status: if d.is_empty() {
                        GtkStatus::Terdaftar
                    } else {
                        GtkStatus::Diskrepansi
                    },
                    key: Some(k),
                    diffs: d,
                }
            }
            None => {
                let nb = name_birth(g);
                let cand = remote
                    .iter()
                    .enumerate()
                    .find(|(j, r)| !used.contains(j) && nb.is_some() && name_birth(r) == nb && !niks_clash(g, r));
                match cand {
                    Some((j, r)) => GtkEntry {
                        local: Some(i),
                        remote: Some(j),
                        status: GtkStatus::Kandidat,
                        key: Some(GtkMatchKey::NameBirthDate),
                        diffs: diffs(g, r),
                    },
                    None => GtkEntry {
                        local: Some(i),
                        remote: None,
                        status: GtkStatus::BelumTerdaftar,
                        key: None,
                        diffs: Vec::new(),
                    },
                }
            }
        };
        out.push(entry);
    }
    // Candidates and conflicts do not consume the EMIS record: it is also listed on its own
    // unless a confirmed match took it.
    for j in 0..remote.len() {
        if !used.contains(&j) {
            out.push(GtkEntry {
                local: None,
                remote: Some(j),
                status: GtkStatus::HanyaDiEmis,
                key: None,
                diffs: Vec::new(),
            });
        }
    }
    out
}

/// Updates to push for GTK, like santri: under [`ConflictPolicy::LocalWins`] the local values
/// of differing fields; under any policy SIMPEG's values for the civil-service fields when the
/// match is confirmed (matched by NIP, or a candidate whose local index is in `confirmed`).
/// [`ConflictPolicy::Manual`] and [`ConflictPolicy::EmisWins`] push no local value.
pub fn plan_gtk_updates(
    entries: &[GtkEntry],
    local: &[Gtk],
    remote: &[Gtk],
    policy: ConflictPolicy,
    confirmed: &BTreeSet<usize>,
) -> Vec<Change> {
    let mut out = Vec::new();
    for e in entries {
        let (Some(i), Some(j)) = (e.local, e.remote) else {
            continue;
        };
        let sure = match e.status {
            GtkStatus::Diskrepansi => true,
            GtkStatus::Kandidat => confirmed.contains(&i),
            _ => false,
        };
        if !sure {
            continue;
        }
        let simpeg_confirmed = e.key == Some(GtkMatchKey::Nip) || confirmed.contains(&i);
        let (l, r) = (&local[i], &remote[j]);
        let mut set = serde_json::Map::new();
        let local_json = serde_json::to_value(l).unwrap_or_default();
        for d in &e.diffs {
            if simpeg_confirmed
                && CIVIL_SERVICE_FIELDS.contains(&d.field)
                && let Some(v) = simpeg_value(l, r, d.field)
            {
                set.insert(d.field.into(), serde_json::Value::String(v));
                continue;
            }
            if policy == ConflictPolicy::LocalWins
                && let Some(v) = local_json.get(d.field)
            {
                set.insert(d.field.into(), v.clone());
            }
        }
        // SIMPEG may differ from EMIS in a field the local file leaves empty.
        if simpeg_confirmed {
            for f in CIVIL_SERVICE_FIELDS {
                if set.contains_key(f) {
                    continue;
                }
                let emis = fields(r)
                    .into_iter()
                    .find(|x| x.0 == f)
                    .map(|x| x.2)
                    .unwrap_or_default();
                if let Some(v) = simpeg_value(l, r, f)
                    && !emis.is_empty()
                    && v.to_ascii_uppercase() != emis
                    && f != "nip"
                {
                    set.insert(f.into(), serde_json::Value::String(v));
                }
            }
        }
        if set.is_empty() {
            continue;
        }
        let mut key = serde_json::Map::new();
        if let Some(n) = nik(l).or_else(|| nik(r)) {
            key.insert("nik".into(), serde_json::Value::String(n));
        }
        out.push(Change {
            op: ChangeOp::Update,
            id: r.id.clone(),
            key,
            fields: set,
            mutasi: None,
            reason: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SimpegSnapshot;
    use crate::pii::Sensitive;

    fn gtk(name: &str, nik: Option<&str>, nip: Option<&str>, nuptk: Option<&str>, birth: &str) -> Gtk {
        Gtk {
            id: Some(format!("g-{name}")),
            full_name: Sensitive::new(name),
            nik: nik.map(Sensitive::new),
            nip: nip.map(Sensitive::new),
            nuptk: nuptk.map(Sensitive::new),
            birth_date: Some(birth.into()),
            ..Gtk::default()
        }
    }

    // Synthetic identifiers (valid shapes, no real person).
    const NIK_A: &str = "3517011708080001";
    const NIK_B: &str = "3517015505900002";
    const NIP_A: &str = "198001012005011001";
    const NUPTK_A: &str = "1234567890123456";

    #[test]
    fn keys_in_order_and_field_differences() {
        let mut l = gtk("Ahmad Fauzi", Some(NIK_A), Some(NIP_A), None, "1980-01-01");
        l.jabatan = Some("Ustadz".into());
        let mut r = gtk("AHMAD FAUZI", Some(NIK_A), Some(NIP_A), None, "1980-01-01");
        r.jabatan = Some("Kepala".into());
        let e = reconcile_gtk(&[l], &[r]);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].status, GtkStatus::Diskrepansi);
        assert_eq!(e[0].key, Some(GtkMatchKey::Nip));
        assert_eq!(e[0].diffs.len(), 1, "{:?}", e[0].diffs);
        assert_eq!(e[0].diffs[0].field, "jabatan");
        // NUPTK when there is no NIP; NIK last.
        let l = gtk("Siti", None, None, Some(NUPTK_A), "1990-05-15");
        let r = gtk("Siti", None, None, Some(NUPTK_A), "1990-05-15");
        assert_eq!(reconcile_gtk(&[l], &[r])[0].key, Some(GtkMatchKey::Nuptk));
        let l = gtk("Siti", Some(NIK_B), None, None, "1990-05-15");
        let r = gtk("Siti A", Some(NIK_B), None, None, "1990-05-15");
        let e = reconcile_gtk(&[l], &[r]);
        assert_eq!(
            (e[0].key, e[0].status),
            (Some(GtkMatchKey::Nik), GtkStatus::Diskrepansi)
        );
        // Personal values are masked in differences.
        assert!(e[0].diffs.iter().all(|d| d.local.contains('*')), "{:?}", e[0].diffs);
    }

    #[test]
    fn different_valid_niks_are_never_merged() {
        // Same NIP typed on two different people (a typo): flagged, not merged.
        let l = gtk("Ahmad", Some(NIK_A), Some(NIP_A), None, "1980-01-01");
        let r = gtk("Budi", Some(NIK_B), Some(NIP_A), None, "1985-02-02");
        let e = reconcile_gtk(std::slice::from_ref(&l), std::slice::from_ref(&r));
        assert_eq!(e[0].status, GtkStatus::Konflik);
        assert!(
            e.iter().any(|x| x.status == GtkStatus::HanyaDiEmis),
            "EMIS record kept apart"
        );
        // Same name and birth date but different valid NIKs: not even a candidate.
        let l = gtk("Ahmad", Some(NIK_A), None, None, "1980-01-01");
        let r = gtk("Ahmad", Some(NIK_B), None, None, "1980-01-01");
        let e = reconcile_gtk(&[l], &[r]);
        assert_eq!(e[0].status, GtkStatus::BelumTerdaftar);
        assert_eq!(e[1].status, GtkStatus::HanyaDiEmis);
        // Name + birth date with no identifier on one side: a candidate only.
        let l = gtk("Ahmad", None, None, None, "1980-01-01");
        let r = gtk("AHMAD", Some(NIK_B), None, None, "1980-01-01");
        let e = reconcile_gtk(&[l], &[r]);
        assert_eq!(e[0].status, GtkStatus::Kandidat);
        assert_eq!(e[1].status, GtkStatus::HanyaDiEmis);
    }

    #[test]
    fn updates_follow_the_policy_and_simpeg_when_confirmed() {
        let snap = SimpegSnapshot {
            status_pegawai: Some("PNS".into()),
            jabatan: Some("Guru Ahli Muda".into()),
            ..SimpegSnapshot::default()
        };
        let mut l = gtk("Ahmad", Some(NIK_A), Some(NIP_A), None, "1980-01-01");
        l.jabatan = Some("Guru".into());
        l.bidang_studi = Some("Fiqih".into());
        l.simpeg = Some(snap.clone());
        let mut r = gtk("Ahmad", Some(NIK_A), Some(NIP_A), None, "1980-01-01");
        r.jabatan = Some("Ustadz".into());
        r.bidang_studi = Some("Hadits".into());
        r.status_kepegawaian = Some("Non PNS".into());
        let (ls, rs) = (vec![l], vec![r]);
        let e = reconcile_gtk(&ls, &rs);
        let none = BTreeSet::new();
        // EMIS wins: only SIMPEG's civil-service values (the match is by NIP: confirmed).
        let c = plan_gtk_updates(&e, &ls, &rs, ConflictPolicy::EmisWins, &none);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].fields["jabatan"], "Guru Ahli Muda");
        assert_eq!(c[0].fields["status_kepegawaian"], "PNS");
        assert!(
            !c[0].fields.contains_key("bidang_studi"),
            "local value not pushed under EmisWins"
        );
        assert_eq!(c[0].id.as_deref(), Some("g-Ahmad"));
        // Local wins: the local value for the rest.
        let c = plan_gtk_updates(&e, &ls, &rs, ConflictPolicy::LocalWins, &none);
        assert_eq!(c[0].fields["bidang_studi"], "Fiqih");
        assert_eq!(c[0].fields["jabatan"], "Guru Ahli Muda", "SIMPEG still wins");
        // A candidate is updated only once confirmed.
        let mut l2 = gtk("Ahmad", None, None, None, "1980-01-01");
        l2.jabatan = Some("Guru".into());
        let mut r2 = gtk("Ahmad", Some(NIK_B), None, None, "1980-01-01");
        r2.jabatan = Some("Ustadz".into());
        let (ls, rs) = (vec![l2], vec![r2]);
        let e = reconcile_gtk(&ls, &rs);
        assert!(plan_gtk_updates(&e, &ls, &rs, ConflictPolicy::LocalWins, &none).is_empty());
        let yes: BTreeSet<usize> = [0].into();
        let c = plan_gtk_updates(&e, &ls, &rs, ConflictPolicy::LocalWins, &yes);
        assert_eq!(c[0].fields["jabatan"], "Guru");
    }
}
