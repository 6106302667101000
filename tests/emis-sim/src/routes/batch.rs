//! Batch writes of santri and GTK with per-item results (docs/api.md "Writes").
//!
//! Rules, per item, in order: period closed → `sync.periode_tutup`; a fault-rejected item →
//! `sync.ditolak_sementara`; unknown id → `sync.tidak_ditemukan`; missing NIK / name →
//! `sync.data_tidak_lengkap`; an invalid identifier → `sync.identifier_tidak_valid`; a santri
//! NIK active at another lembaga → `sync.nik_aktif_di_lembaga_lain`; a NIK (or NIP) already
//! active in this lembaga → `sync.nik_sudah_terdaftar`. EMIS never deletes: `deactivate` and
//! `mutasi_keluar` set a status.

use super::fields::{Exit, merge, obj, set_status};
use crate::datagen::{RecordStatus, SimLembaga};
use crate::faults::BatchFault;
use crate::http::ApiError;
use crate::state::{Row, SimState};
use emis_core::catalog::{Code, codes as C};
use emis_core::id::IdKind;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Largest number of items in one batch.
pub(crate) const MAX_ITEMS: usize = 5000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entity {
    Santri,
    Gtk,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Op {
    Create,
    Update,
    MutasiKeluar,
    MutasiMasuk,
    Deactivate,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Change {
    op: Op,
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    key: Option<Map<String, Value>>,
    #[serde(default)]
    fields: Option<Map<String, Value>>,
    #[serde(default)]
    mutasi: Option<Map<String, Value>>,
    #[serde(default)]
    reason: Option<String>,
}

#[derive(Deserialize)]
struct Body {
    items: Vec<Value>,
}

/// Reads `{"items": [...]}`; a malformed body or item is a 422 for the whole request.
pub(crate) fn parse(body: &[u8]) -> Result<Vec<Change>, ApiError> {
    let b: Body = serde_json::from_slice(body).map_err(|e| ApiError::invalid(format!("body tidak valid: {e}")))?;
    if b.items.len() > MAX_ITEMS {
        return Err(ApiError::invalid(format!("maksimal {MAX_ITEMS} item per batch")));
    }
    b.items
        .into_iter()
        .enumerate()
        .map(|(i, v)| serde_json::from_value(v).map_err(|e| ApiError::invalid(format!("items[{i}] tidak valid: {e}"))))
        .collect()
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

impl Change {
    fn id(&self) -> Option<String> {
        self.id.as_ref().and_then(scalar)
    }
    fn get(&self, k: &str) -> Option<String> {
        let from = |m: &Option<Map<String, Value>>| m.as_ref().and_then(|m| m.get(k)).and_then(scalar);
        from(&self.key).or_else(|| from(&self.fields))
    }
    fn fields(&self) -> Map<String, Value> {
        self.fields.clone().unwrap_or_default()
    }
    fn mutasi(&self, k: &str) -> Option<String> {
        self.mutasi.as_ref().and_then(|m| m.get(k)).and_then(scalar)
    }
}

fn item(index: usize, applied: bool, id: Option<&str>, code: Option<&str>, message: Option<String>) -> Value {
    let mut m = Map::new();
    m.insert("index".into(), json!(index));
    m.insert("status".into(), json!(if applied { "applied" } else { "rejected" }));
    if let Some(id) = id {
        m.insert("id".into(), json!(id));
    }
    if let Some(c) = code {
        m.insert("code".into(), json!(c));
    }
    if let Some(msg) = message {
        m.insert("message".into(), json!(msg));
    }
    Value::Object(m)
}

fn reject(code: Code, message: impl Into<String>) -> Outcome {
    Err((code.into(), message.into(), None))
}

type Outcome = Result<(String, Option<String>), (String, String, Option<String>)>;

/// Applies every item; returns the whole response body.
pub(crate) fn apply(
    st: &mut SimState,
    entity: Entity,
    l: &SimLembaga,
    items: Vec<Change>,
    fault: Option<&BatchFault>,
) -> Value {
    let mut out = Vec::with_capacity(items.len());
    let (mut applied, mut rejected) = (0u64, 0u64);
    for (i, c) in items.iter().enumerate() {
        let r = if !st.period_open {
            reject(C::SYNC_PERIODE_TUTUP, "Periode pendataan sedang ditutup")
        } else if let Some(f) = fault.filter(|f| f.every_nth_item > 0 && (i + 1) % f.every_nth_item == 0) {
            Err((
                f.code.clone(),
                "Item ditolak sementara oleh server, kirim ulang".into(),
                None,
            ))
        } else {
            apply_one(st, entity, l, c)
        };
        out.push(match r {
            Ok((id, msg)) => {
                applied += 1;
                item(i, true, Some(&id), None, msg)
            }
            Err((code, msg, id)) => {
                rejected += 1;
                item(i, false, id.as_deref(), Some(&code), Some(msg))
            }
        });
    }
    json!({
        "success": true,
        "results": {"items": out},
        "metadata": {"total": items.len(), "applied": applied, "rejected": rejected},
    })
}

fn table(st: &mut SimState, e: Entity) -> &mut BTreeMap<String, Row> {
    match e {
        Entity::Santri => &mut st.santri,
        Entity::Gtk => &mut st.gtk,
    }
}

fn table_ref(st: &SimState, e: Entity) -> &BTreeMap<String, Row> {
    match e {
        Entity::Santri => &st.santri,
        Entity::Gtk => &st.gtk,
    }
}

fn status(e: Entity, r: &Row) -> RecordStatus {
    match e {
        Entity::Santri => r.santri_status(),
        Entity::Gtk => r.gtk_status(),
    }
}

/// Identifier fields checked per entity: (field, kind, label).
fn identifier_fields(e: Entity) -> &'static [(&'static str, IdKind, &'static str)] {
    match e {
        Entity::Santri => &[
            ("nik", IdKind::Nik, "NIK"),
            ("nisn", IdKind::Nisn, "NISN"),
            ("kk_num", IdKind::Kk, "No. KK"),
            ("father_nik", IdKind::Nik, "NIK ayah"),
            ("mother_nik", IdKind::Nik, "NIK ibu"),
            ("wali_nik", IdKind::Nik, "NIK wali"),
        ],
        Entity::Gtk => &[
            ("nik", IdKind::Nik, "NIK"),
            ("nip", IdKind::Nip, "NIP"),
            ("ni_pppk", IdKind::Nip, "NI PPPK"),
            ("nuptk", IdKind::Nuptk, "NUPTK"),
            ("kk_num", IdKind::Kk, "No. KK"),
        ],
    }
}

fn invalid_identifiers(e: Entity, c: &Change) -> Option<String> {
    let parents = c
        .fields
        .as_ref()
        .and_then(|f| f.get("parents"))
        .and_then(Value::as_object);
    let mut bad = Vec::new();
    for (field, kind, label) in identifier_fields(e) {
        let v = c
            .get(field)
            .or_else(|| parents.and_then(|p| p.get(*field)).and_then(scalar));
        if let Some(v) = v
            && !emis_core::id::is_valid(*kind, &v)
        {
            bad.push(*label);
        }
    }
    (!bad.is_empty()).then(|| format!("{} tidak valid", bad.join(", ")))
}

/// Natural keys of an item (`nik`, and `nip` for GTK).
fn natural_keys(e: Entity, c: &Change) -> Vec<(&'static str, String)> {
    let mut keys = Vec::new();
    if let Some(n) = c.get("nik") {
        keys.push(("nik", n));
    }
    if e == Entity::Gtk
        && let Some(n) = c.get("nip").or_else(|| c.get("ni_pppk"))
    {
        keys.push(("nip", n));
    }
    keys
}

fn find_in(st: &mut SimState, e: Entity, l: &SimLembaga, c: &Change) -> Option<String> {
    if let Some(id) = c.id() {
        return table(st, e)
            .get(&id)
            .filter(|r| r.statistic_num == l.statistic_num)
            .map(|_| id);
    }
    let keys = natural_keys(e, c);
    let t = table(st, e);
    let mut found: Option<(String, bool)> = None;
    for (id, r) in t.iter().filter(|(_, r)| r.statistic_num == l.statistic_num) {
        if keys.iter().any(|(k, v)| r.str_field(k) == Some(v.as_str())) {
            let active = status(e, r) == RecordStatus::Aktif;
            if found.as_ref().is_none_or(|(_, a)| !a && active) {
                found = Some((id.clone(), active));
            }
        }
    }
    found.map(|(id, _)| id)
}

/// An active record with one of the keys: in this lembaga (`here`) or elsewhere.
fn active_with(
    st: &SimState,
    e: Entity,
    keys: &[(&str, String)],
    l: &SimLembaga,
    here: bool,
    skip: Option<&str>,
) -> Option<(String, String)> {
    table_ref(st, e)
        .iter()
        .filter(|(id, r)| {
            // Cheapest tests first: the key rarely matches, the status needs parsing.
            (r.statistic_num == l.statistic_num) == here
                && keys.iter().any(|(k, v)| r.str_field(k) == Some(v.as_str()))
                && Some(id.as_str()) != skip
                && status(e, r) == RecordStatus::Aktif
        })
        .map(|(id, r)| (id.clone(), r.statistic_num.clone()))
        .next()
}

fn conflicts(
    st: &SimState,
    e: Entity,
    c: &Change,
    l: &SimLembaga,
    skip: Option<&str>,
) -> Option<(String, String, Option<String>)> {
    let keys = natural_keys(e, c);
    if keys.is_empty() {
        return None;
    }
    if e == Entity::Santri
        && let Some((_, other)) = active_with(st, e, &keys, l, false, skip)
    {
        let name = st.lembaga(&other).map(|x| x.name.clone()).unwrap_or(other);
        return Some((
            C::SYNC_NIK_AKTIF_DI_LEMBAGA_LAIN.into(),
            format!("NIK masih aktif di lembaga lain ({name}); lakukan mutasi keluar di sana terlebih dahulu"),
            None,
        ));
    }
    active_with(st, e, &keys, l, true, skip).map(|(id, _)| {
        (
            C::SYNC_NIK_SUDAH_TERDAFTAR.into(),
            "Sudah terdaftar aktif di lembaga ini; gunakan update".into(),
            Some(id),
        )
    })
}

fn apply_one(st: &mut SimState, e: Entity, l: &SimLembaga, c: &Change) -> Outcome {
    let today = st.today().to_string();
    match c.op {
        Op::Create | Op::MutasiMasuk => {
            let source = match (c.op, c.id()) {
                (Op::MutasiMasuk, Some(id)) => match table(st, e).get(&id) {
                    Some(r) => Some(r.clone()),
                    None => return reject(C::SYNC_TIDAK_DITEMUKAN, "Data asal mutasi tidak ditemukan"),
                },
                _ => None,
            };
            let mut c = c.clone();
            if let Some(src) = &source {
                // Identity comes from the source record unless the item gives it.
                let key = c.key.get_or_insert_with(Map::new);
                for k in ["nik", "nip"] {
                    if let Some(v) = src.str_field(k)
                        && !key.contains_key(k)
                    {
                        key.insert(k.into(), json!(v));
                    }
                }
            }
            if natural_keys(e, &c).is_empty() {
                return reject(C::SYNC_DATA_TIDAK_LENGKAP, "NIK wajib diisi");
            }
            if let Some(msg) = invalid_identifiers(e, &c) {
                return reject(C::SYNC_IDENTIFIER_TIDAK_VALID, msg);
            }
            let name = c.get("full_name").or_else(|| {
                source
                    .as_ref()
                    .and_then(|s| s.str_field("full_name").map(str::to_string))
            });
            if name.is_none() {
                return reject(C::SYNC_DATA_TIDAK_LENGKAP, "full_name wajib diisi");
            }
            if let Some(conflict) = conflicts(st, e, &c, l, None) {
                return Err(conflict);
            }
            let id = match e {
                Entity::Santri => st.next_santri_id(),
                Entity::Gtk => st.next_gtk_id(),
            };
            let mut rec = source.map(|s| s.record).unwrap_or_default();
            rec.remove("learning_activity");
            merge(e, &mut rec, &c.fields());
            for (k, v) in natural_keys(e, &c) {
                rec.insert(k.into(), json!(v));
            }
            rec.insert("id".into(), json!(id));
            let period = st.active_period().clone();
            let date = c.mutasi("tanggal").unwrap_or_else(|| today.clone());
            match e {
                Entity::Santri => {
                    let la = obj(&mut rec, "learning_activity");
                    la.insert("academic_year_id".into(), json!(period.academic_year_id));
                    la.insert("academic_year".into(), json!({"name": period.name}));
                    la.entry("start_date").or_insert(json!(date));
                    la.entry("admission_date").or_insert(json!(date));
                    if c.op == Op::MutasiMasuk {
                        la.insert("entry_type".into(), json!("Mutasi Masuk"));
                        if let Some(from) = c.mutasi("dari_statistic_num") {
                            la.insert("from_statistic_num".into(), json!(from));
                        }
                    }
                    obj(&mut rec, "parents");
                }
                Entity::Gtk => {
                    rec.entry("tmt_tugas").or_insert(json!(date));
                }
            }
            set_status(e, &mut rec, RecordStatus::Aktif, None);
            if e == Entity::Santri
                && let Some(nik) = rec.get("nik").and_then(Value::as_str).map(str::to_string)
            {
                st.note_create(&l.statistic_num, &nik);
            }
            table(st, e).insert(id.clone(), Row::from_value(&l.statistic_num, Value::Object(rec)));
            Ok((id, None))
        }
        Op::Update => {
            let Some(id) = find_in(st, e, l, c) else {
                return reject(C::SYNC_TIDAK_DITEMUKAN, "Data tidak ditemukan di lembaga ini");
            };
            if let Some(msg) = invalid_identifiers(e, c) {
                return Err((C::SYNC_IDENTIFIER_TIDAK_VALID.into(), msg, Some(id)));
            }
            let fields = c.fields();
            let changes_key = ["nik", "nip"].iter().any(|k| {
                fields
                    .get(*k)
                    .and_then(scalar)
                    .is_some_and(|v| table_ref(st, e).get(&id).and_then(|r| r.str_field(k)) != Some(v.as_str()))
            });
            if changes_key {
                let probe = Change { key: None, ..c.clone() };
                if let Some((code, msg, _)) = conflicts(st, e, &probe, l, Some(&id)) {
                    return Err((code, msg, Some(id)));
                }
            }
            if let Some(r) = table(st, e).get_mut(&id) {
                merge(e, &mut r.record, &fields);
            }
            Ok((id, None))
        }
        Op::MutasiKeluar | Op::Deactivate => {
            let Some(id) = find_in(st, e, l, c) else {
                return reject(C::SYNC_TIDAK_DITEMUKAN, "Data tidak ditemukan di lembaga ini");
            };
            let fields = c.fields();
            let reason = c
                .reason
                .clone()
                .filter(|r| !r.trim().is_empty())
                .or_else(|| c.mutasi("alasan"))
                .or_else(|| fields.get("reason").and_then(scalar))
                .or_else(|| fields.get("exit_reason").and_then(scalar));
            let new_status = if c.op == Op::MutasiKeluar {
                RecordStatus::MutasiKeluar
            } else {
                match reason.as_deref().map(str::to_lowercase) {
                    None => return Err((C::SYNC_DATA_TIDAK_LENGKAP.into(), "Alasan wajib diisi".into(), Some(id))),
                    Some(r) if r.contains("lulus") => RecordStatus::Lulus,
                    Some(_) => RecordStatus::TidakAktif,
                }
            };
            let row = table(st, e).get_mut(&id).expect("found above");
            if status(e, row) != RecordStatus::Aktif {
                return Ok((id, Some("Sudah tidak aktif; tidak ada perubahan".into())));
            }
            let date = c
                .mutasi("tanggal")
                .or_else(|| fields.get("exit_date").and_then(scalar))
                .unwrap_or(today);
            let exit = Exit {
                date,
                reason: reason.unwrap_or_else(|| "pindah".into()),
                destination: c.mutasi("jenis_tujuan"),
                to: c.mutasi("ke_statistic_num"),
            };
            set_status(e, &mut row.record, new_status, Some(exit));
            Ok((id, None))
        }
    }
}
