//! The sans-IO planner: from a reconciliation to the changes to push, the local updates, and
//! what needs a human. Invalid records are never pushed.

use super::normalize::digits;
use super::reconcile::{Reconciliation, Status, pushable};
use crate::api::{Change, ChangeOp};
use crate::catalog::{Code, codes};
use crate::model::{Gtk, Mutasi, MutasiArah, Santri};
use serde::Serialize;

/// Who wins when both sides carry a field with different values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictPolicy {
    /// EMIS is authoritative: local records take EMIS's values (default).
    #[default]
    EmisWins,
    /// Local values are pushed to EMIS.
    LocalWins,
    /// Differences are listed for a human.
    Manual,
}

/// A change to push, with the local record it comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedChange {
    /// Local index (None for EMIS-side-only actions).
    pub local: Option<usize>,
    /// The change.
    pub change: Change,
    /// The whole record to send (creates: the local record; updates: EMIS's record with the
    /// local values on top, since the real form takes every field).
    #[serde(skip)]
    pub record: Option<Santri>,
}

/// Something the engine will not decide alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HumanItem {
    /// Local index.
    pub local: Option<usize>,
    /// EMIS index.
    pub remote: Option<usize>,
    /// Stable code.
    pub code: &'static str,
    /// What to do, Bahasa Indonesia.
    pub message_id: &'static str,
    /// What to do, English.
    pub message_en: &'static str,
}

/// The plan of one sync.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Plan {
    /// Changes to push to EMIS.
    pub pushes: Vec<PlannedChange>,
    /// Local records to overwrite with EMIS values: (local index, EMIS index).
    pub local_updates: Vec<(usize, usize)>,
    /// EMIS records to add to the local store.
    pub imports: Vec<usize>,
    /// Decisions left to a human.
    pub needs_human: Vec<HumanItem>,
    /// Local records blocked by validation, with their codes.
    pub blocked: Vec<(usize, Vec<&'static str>)>,
}

impl Plan {
    /// Number of pushes of one kind.
    pub fn count(&self, op: ChangeOp) -> usize {
        self.pushes.iter().filter(|p| p.change.op == op).count()
    }
}

/// The record's own fields: without the server id and without what the server sent that
/// emis does not model (`extra`: never pushed back).
fn fields_of(s: &Santri) -> serde_json::Map<String, serde_json::Value> {
    match serde_json::to_value(s) {
        Ok(serde_json::Value::Object(mut m)) => {
            m.remove("id");
            for k in s.extra.keys() {
                m.remove(k);
            }
            m
        }
        _ => serde_json::Map::new(),
    }
}

fn field_value(s: &serde_json::Map<String, serde_json::Value>, path: &str) -> Option<serde_json::Value> {
    let mut cur: &serde_json::Value = s.get(path.split('.').next()?)?;
    for part in path.split('.').skip(1) {
        cur = cur.get(part)?;
    }
    Some(cur.clone())
}

fn set_path(m: &mut serde_json::Map<String, serde_json::Value>, path: &str, v: serde_json::Value) {
    let mut parts = path.split('.').peekable();
    let mut cur = m;
    while let Some(p) = parts.next() {
        if parts.peek().is_none() {
            cur.insert(p.to_string(), v);
            return;
        }
        let next = cur
            .entry(p.to_string())
            .or_insert_with(|| serde_json::Value::Object(Default::default()));
        if !next.is_object() {
            *next = serde_json::Value::Object(Default::default());
        }
        match next {
            serde_json::Value::Object(o) => cur = o,
            _ => return,
        }
    }
}

fn key_of(s: &Santri) -> serde_json::Map<String, serde_json::Value> {
    let mut k = serde_json::Map::new();
    if let Some(n) = &s.nik {
        k.insert(
            "nik".into(),
            serde_json::Value::String(super::normalize::digits(n.expose())),
        );
    }
    k
}

/// The code of a NIK active at another lembaga (data ganda across lembaga).
pub(crate) const GANDA_ELSEWHERE: Code = codes::SYNC_NIK_AKTIF_DI_LEMBAGA_LAIN;

impl HumanItem {
    /// The item of a catalogue code; its texts are the catalogue's message.
    pub fn new(code: Code, local: Option<usize>, remote: Option<usize>) -> HumanItem {
        let def = code.def();
        HumanItem {
            local,
            remote,
            code: code.emit(),
            message_id: def.message_id,
            message_en: def.message_en,
        }
    }
}

/// Plans one sync of santri.
pub fn plan_santri(r: &Reconciliation, local: &[Santri], remote: &[Santri], policy: ConflictPolicy) -> Plan {
    let mut plan = Plan::default();
    for e in &r.entries {
        match (e.status, e.local, e.remote) {
            (Status::Invalid, Some(li), _) => plan.blocked.push((li, e.codes.clone())),
            (Status::Ganda, li, ri) => {
                let item = if e.codes.contains(&codes::NIK_AKTIF_DI_LEMBAGA_LAIN.as_str()) {
                    HumanItem::new(GANDA_ELSEWHERE, li, ri)
                } else {
                    HumanItem::new(codes::SYNC_GANDA_DALAM_DAFTAR, li, ri)
                };
                plan.needs_human.push(item);
            }
            (Status::BelumTerdaftar, Some(li), _) => {
                let s = &local[li];
                if s.learning_activity.as_ref().is_some_and(|la| la.has_left()) {
                    continue; // left before ever being registered: nothing to do
                }
                if !pushable(r, li) {
                    plan.blocked.push((li, e.codes.clone()));
                    continue;
                }
                if !e.near_duplicates.is_empty() {
                    plan.needs_human.push(HumanItem::new(
                        codes::SYNC_MUNGKIN_GANDA,
                        Some(li),
                        e.near_duplicates.first().copied(),
                    ));
                    continue;
                }
                plan.pushes.push(PlannedChange {
                    local: Some(li),
                    change: Change {
                        op: ChangeOp::Create,
                        id: None,
                        key: key_of(s),
                        fields: fields_of(s),
                        mutasi: None,
                        reason: None,
                    },
                    record: Some(s.clone()),
                });
            }
            (Status::Terdaftar | Status::Diskrepansi, Some(li), Some(ri)) => {
                let l = &local[li];
                let rem = &remote[ri];
                let remote_active = rem.learning_activity.as_ref().is_none_or(|la| !la.has_left());
                if let Some(la) = l.learning_activity.as_ref().filter(|la| la.has_left())
                    && remote_active
                {
                    if policy == ConflictPolicy::Manual {
                        plan.needs_human
                            .push(HumanItem::new(codes::SYNC_KELUAR_PERLU_KONFIRMASI, Some(li), Some(ri)));
                        continue;
                    }
                    let is_mutasi = la.exit_destination.is_some()
                        || la.exit_reason.as_deref().is_some_and(|r| {
                            r.to_lowercase().contains("mutasi") || r.to_lowercase().contains("pindah")
                        });
                    let change = if is_mutasi {
                        Change {
                            op: ChangeOp::MutasiKeluar,
                            id: rem.id.clone(),
                            key: key_of(l),
                            fields: Default::default(),
                            mutasi: Some(Mutasi {
                                arah: MutasiArah::Keluar,
                                tanggal: la.exit_date.clone(),
                                alasan: la.exit_reason.clone(),
                                jenis_tujuan: la.exit_destination.clone(),
                                dari_statistic_num: None,
                                ke_statistic_num: None,
                                disetujui: true,
                            }),
                            reason: la.exit_reason.clone(),
                        }
                    } else {
                        Change {
                            op: ChangeOp::Deactivate,
                            id: rem.id.clone(),
                            key: key_of(l),
                            fields: Default::default(),
                            mutasi: None,
                            reason: la.exit_reason.clone().or_else(|| Some("tidak aktif".into())),
                        }
                    };
                    plan.pushes.push(PlannedChange {
                        local: Some(li),
                        change,
                        record: None,
                    });
                    continue;
                }
                if e.status == Status::Terdaftar {
                    continue;
                }
                match policy {
                    ConflictPolicy::EmisWins => plan.local_updates.push((li, ri)),
                    ConflictPolicy::Manual => {
                        plan.needs_human
                            .push(HumanItem::new(codes::SYNC_DISKREPANSI, Some(li), Some(ri)))
                    }
                    ConflictPolicy::LocalWins => {
                        if !pushable(r, li) {
                            plan.blocked.push((li, e.codes.clone()));
                            continue;
                        }
                        let all = fields_of(l);
                        let mut fields = serde_json::Map::new();
                        for d in &e.diffs {
                            if let Some(v) = field_value(&all, d.field) {
                                set_path(&mut fields, d.field, v);
                            }
                        }
                        plan.pushes.push(PlannedChange {
                            local: Some(li),
                            change: Change {
                                op: ChangeOp::Update,
                                id: rem.id.clone(),
                                key: key_of(l),
                                fields,
                                mutasi: None,
                                reason: None,
                            },
                            record: Some(super::reconcile::overlay(rem, l)),
                        });
                    }
                }
            }
            (Status::HanyaDiEmis, None, Some(ri)) => {
                if remote[ri].learning_activity.as_ref().is_some_and(|la| la.has_left()) {
                    continue;
                }
                match policy {
                    ConflictPolicy::EmisWins => plan.imports.push(ri),
                    _ => plan
                        .needs_human
                        .push(HumanItem::new(codes::SYNC_HANYA_DI_EMIS, None, Some(ri))),
                }
            }
            _ => {}
        }
    }
    plan
}

/// GTK present locally (valid NIK) but not on EMIS (by NIK or NIP) become creates. The real
/// EMIS has no public GTK write: the sync reports the endpoint unsupported and lists them.
pub fn plan_gtk(local: &[Gtk], remote: &[Gtk]) -> Vec<Change> {
    let key = |g: &Gtk| -> (Option<String>, Option<String>) {
        (
            g.nik.as_ref().map(|n| digits(n.expose())).filter(|d| d.len() == 16),
            g.nip.as_ref().map(|n| digits(n.expose())).filter(|d| d.len() == 18),
        )
    };
    let remote_keys: Vec<_> = remote.iter().map(key).collect();
    let mut out = Vec::new();
    for g in local {
        let (nik, nip) = key(g);
        let Some(nik) = nik else { continue };
        if !crate::id::nik::is_valid(&nik) {
            continue;
        }
        let known = remote_keys
            .iter()
            .any(|(rn, rp)| rn.as_deref() == Some(nik.as_str()) || (nip.is_some() && rp == &nip));
        if known {
            continue;
        }
        let mut fields = match serde_json::to_value(g) {
            Ok(serde_json::Value::Object(m)) => m,
            _ => continue,
        };
        fields.remove("id");
        fields.remove("simpeg");
        for k in g.extra.keys() {
            fields.remove(k);
        }
        let mut k = serde_json::Map::new();
        k.insert("nik".into(), serde_json::Value::String(nik));
        out.push(Change {
            op: ChangeOp::Create,
            id: None,
            key: k,
            fields,
            mutasi: None,
            reason: None,
        });
    }
    out
}
