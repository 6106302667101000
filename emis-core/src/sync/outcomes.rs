//! Per-record outcomes for the report, and what a sync changes locally (sans-IO).

use super::normalize::digits;
use super::outbox::OutboxEntry;
use super::plan::Plan;
use super::reconcile::{Reconciliation, Status};
use super::report::{RecordOutcome, SyncReport, WriteOutcome};
use super::store::Stream;
use crate::catalog::codes;
use crate::model::Santri;
use std::collections::HashMap;

/// A record's outcome, with its local index.
pub(crate) type Outcome = (Option<usize>, RecordOutcome);

fn masked_key(s: &Santri) -> String {
    match &s.nik {
        Some(n) if !n.is_blank() => crate::pii::mask_number(&digits(n.expose())),
        _ => crate::pii::mask_name(s.full_name.expose()),
    }
}

/// Outcomes as reconciled.
pub(crate) fn of(recon: &Reconciliation, local: &[Santri], remote: &[Santri]) -> Vec<Outcome> {
    recon
        .entries
        .iter()
        .map(|e| {
            let rec = e.local.map(|i| &local[i]).or_else(|| e.remote.map(|i| &remote[i]));
            let mut codes: Vec<String> = e.codes.iter().map(|c| c.to_string()).collect();
            codes.extend(e.diffs.iter().map(|d| format!("field.{}", d.field)));
            if !e.near_duplicates.is_empty() {
                codes.push(codes::SYNC_MUNGKIN_GANDA.into());
            }
            (
                e.local,
                RecordOutcome {
                    key: rec.map(masked_key).unwrap_or_default(),
                    status: e.status,
                    codes,
                    write: None,
                },
            )
        })
        .collect()
}

/// Marks each record with its write's state: an applied create is TERDAFTAR now, a
/// data-ganda refusal GANDA.
pub(crate) fn mark_writes(outcomes: &mut [Outcome], local: &[Santri], outbox: &[OutboxEntry]) {
    let mut by_nik: HashMap<String, usize> = HashMap::new();
    for (i, s) in local.iter().enumerate() {
        if let Some(n) = &s.nik {
            by_nik.entry(digits(n.expose())).or_insert(i);
        }
    }
    let mut pos: HashMap<usize, usize> = HashMap::new();
    for (k, o) in outcomes.iter().enumerate() {
        if let Some(li) = o.0 {
            pos.insert(li, k);
        }
    }
    for e in outbox.iter().filter(|e| e.stream == Stream::Santri) {
        let nik = e.change.key.get("nik").and_then(|v| v.as_str()).unwrap_or("");
        let Some(&k) = by_nik.get(nik).and_then(|li| pos.get(li)) else {
            continue;
        };
        let o = &mut outcomes[k].1;
        o.write = Some(e.state);
        if let Some(c) = &e.code
            && !o.codes.contains(c)
        {
            o.codes.push(c.clone());
        }
        if e.change.op == crate::api::ChangeOp::Create && e.state.is_applied() {
            o.status = Status::Terdaftar;
        }
        if e.code.as_deref() == Some(super::plan::GANDA_ELSEWHERE.as_str()) {
            o.status = Status::Ganda;
        }
    }
}

/// Counts, records and writes into the report.
pub(crate) fn finish(report: &mut SyncReport, outcomes: Vec<Outcome>, outbox: &[OutboxEntry]) {
    for s in Status::ALL {
        report.counts.insert(s.as_str().into(), 0);
    }
    for (_, o) in outcomes {
        *report.counts.entry(o.status.as_str().into()).or_default() += 1;
        report.records.push(o);
    }
    for e in outbox {
        *report.write_states.entry(e.state.as_str().into()).or_default() += 1;
        report.writes.push(WriteOutcome {
            key: e.key_masked.clone(),
            op: e.change.op,
            state: e.state,
            code: e.code.clone(),
            message: e.message.clone(),
            sends: e.sends,
        });
    }
}

/// Applies the plan's local side: EMIS wins updates, imports, and the server ids of matched
/// and created records.
pub(crate) fn apply_local(
    local: &mut Vec<Santri>,
    remote: &[Santri],
    plan: &Plan,
    recon: &Reconciliation,
    outbox: &[OutboxEntry],
    report: &mut SyncReport,
) {
    for &(li, ri) in &plan.local_updates {
        let keep_id = remote[ri].id.clone().or_else(|| local[li].id.clone());
        local[li] = super::normalize::overlay_fields(&local[li], &remote[ri]).unwrap_or_else(|| local[li].clone());
        local[li].id = keep_id;
        report.local_updated += 1;
    }
    for &ri in &plan.imports {
        local.push(remote[ri].clone());
        report.local_imported += 1;
    }
    for e in recon
        .entries
        .iter()
        .filter(|e| matches!(e.status, Status::Terdaftar | Status::Diskrepansi))
    {
        if let (Some(li), Some(ri)) = (e.local, e.remote)
            && remote[ri].id.is_some()
            && local[li].id != remote[ri].id
        {
            local[li].id = remote[ri].id.clone();
        }
    }
    // Server ids of records this or an earlier session created.
    let mut by_nik: HashMap<String, usize> = HashMap::new();
    for (i, s) in local.iter().enumerate() {
        if let Some(n) = &s.nik {
            by_nik.entry(digits(n.expose())).or_insert(i);
        }
    }
    for e in outbox.iter().filter(|e| e.state.is_applied() && e.server_id.is_some()) {
        let nik = e.change.key.get("nik").and_then(|v| v.as_str()).unwrap_or("");
        if let Some(&li) = by_nik.get(nik)
            && local[li].id.is_none()
        {
            local[li].id = e.server_id.clone();
        }
    }
}

/// The period id most active rows carry.
pub(crate) fn most_common_year(remote: &[Santri]) -> Option<i64> {
    let mut n: HashMap<i64, usize> = HashMap::new();
    for r in remote {
        if let Some(y) = r.academic_year_id() {
            *n.entry(y).or_default() += 1;
        }
    }
    n.into_iter().max_by_key(|(y, c)| (*c, *y)).map(|(y, _)| y)
}
