//! Merging a session's plan into the outbox (sans-IO): what is kept, replaced, re-queued or
//! dropped, and which remembered rejections hold a change back.

use super::normalize::digits;
use super::outbox::{Lookup, OutboxEntry, WriteState, look_up};
use super::plan::{GANDA_ELSEWHERE, HumanItem};
use super::report::SyncReport;
use super::store::Stream;
use crate::api::{ChangeOp, EmisClient};
use crate::catalog::codes;
use crate::date::Date;
use crate::error::Result;
use crate::model::Santri;

/// Settles earlier sends with a fresh pull: an unknown create found there is accepted (never
/// sent again), one absent is queued again, an ambiguous one waits for the operator; an
/// unknown update is queued again (the same values twice change nothing more); approval
/// states are read from the rows. True when something changed.
pub fn settle(
    outbox: &mut [OutboxEntry],
    remote: &[Santri],
    now: i64,
    session_id: &str,
    report: &mut SyncReport,
) -> bool {
    let mut changed = false;
    for e in outbox.iter_mut().filter(|e| e.stream == Stream::Santri) {
        let before = (e.state, e.server_id.clone());
        match (e.state, e.change.op) {
            (WriteState::Sent, ChangeOp::Create) => match look_up(e, remote) {
                Lookup::Found(i) => {
                    e.code = Some(codes::SYNC_DITEMUKAN_SETELAH_TERPUTUS.into());
                    e.set_state(WriteState::Accepted, now, session_id);
                    e.apply_remote(&remote[i], now, session_id);
                    report.resolved_by_lookup += 1;
                }
                Lookup::Absent => e.set_state(WriteState::Queued, now, session_id),
                Lookup::Ambiguous => report
                    .needs_human
                    .push(HumanItem::new(codes::SYNC_HASIL_TIDAK_PASTI, None, None)),
            },
            (WriteState::Sent, _) => e.set_state(WriteState::Queued, now, session_id),
            (WriteState::Accepted | WriteState::MenungguKepala | WriteState::MenungguKabkota, _) => {
                if let Lookup::Found(i) = look_up(e, remote) {
                    e.apply_remote(&remote[i], now, session_id);
                    if e.state == WriteState::Ditolak {
                        report.needs_human.push(human_for(e));
                    }
                }
            }
            _ => {}
        }
        changed |= before != (e.state, e.server_id.clone());
    }
    changed
}

/// What a human must do about a refused or undecidable write.
pub fn human_for(e: &OutboxEntry) -> HumanItem {
    let known = [
        GANDA_ELSEWHERE,
        codes::SYNC_DITOLAK_PERSETUJUAN,
        codes::SYNC_TIDAK_DIDUKUNG,
    ];
    match e.code.as_deref().and_then(|c| known.into_iter().find(|k| *k == c)) {
        Some(code) => HumanItem::new(code, None, None),
        None => HumanItem::new(codes::SYNC_DITOLAK_SERVER, None, None),
    }
}

/// Merges `planned` (fresh `queued` entries) into `outbox`. Returns the entries held back
/// because the server refused the very same change before.
///
/// - same record and change: a queued or unresolved (`sent`) entry is kept as it is; an
///   applied one is not sent again; a refused one stays refused (unless `retry_rejected`,
///   or its data-ganda refusal `cleared`);
/// - same record, another change: replaces the old entry, except one whose outcome is still
///   unknown (it is looked up first; the new change waits for the next session);
/// - entries the plan no longer wants: queued ones and refusals are dropped (the record was
///   fixed or matched), unknown and waiting ones are kept to be settled, and data-ganda
///   refusals are kept until the NIK has left the other lembaga.
pub fn merge(
    outbox: &mut Vec<OutboxEntry>,
    planned: Vec<OutboxEntry>,
    cleared: &[String],
    retry_rejected: bool,
    session_id: &str,
    now_ms: i64,
) -> Vec<OutboxEntry> {
    let mut held = Vec::new();
    let mut wanted: Vec<String> = Vec::with_capacity(planned.len());
    for p in planned {
        wanted.push(p.entry_id.clone());
        match outbox.iter_mut().find(|e| e.entry_id == p.entry_id) {
            None => outbox.push(p),
            Some(e) if e.fingerprint == p.fingerprint => match e.state {
                WriteState::Ditolak | WriteState::TidakDidukung if retry_rejected || cleared.contains(&e.entry_id) => {
                    e.code = None;
                    e.message = None;
                    e.set_state(WriteState::Queued, now_ms, session_id);
                }
                WriteState::Ditolak => held.push(e.clone()),
                _ => {}
            },
            Some(e) if e.state == WriteState::Sent => {}
            Some(e) => *e = p,
        }
    }
    outbox.retain(|e| {
        wanted.contains(&e.entry_id)
            // Changed in this session: kept until the journal has it.
            || e.history.last().is_some_and(|h| h.session_id == session_id)
            // A data-ganda refusal is remembered until the PPDB search says it cleared.
            || (e.state == WriteState::Ditolak && e.code.as_deref() == Some(GANDA_ELSEWHERE.as_str()))
            || matches!(
                e.state,
                WriteState::Sent | WriteState::Accepted | WriteState::MenungguKepala | WriteState::MenungguKabkota
            )
    });
    held
}

/// True when EMIS (PPDB search) still shows this santri's NIK active at another lembaga.
/// The search masks identifiers: a hit is the same person when its masked NIK is the
/// masked local NIK.
pub(crate) async fn active_elsewhere(client: &EmisClient, s: &Santri, statistic_num: &str) -> Result<bool> {
    let Some(nik) = s.nik.as_ref().map(|n| digits(n.expose())) else {
        return Ok(true);
    };
    let dob = s.birth_date.as_deref().and_then(|d| Date::parse(d).ok());
    let hits = client.santri_search(s.full_name.expose(), dob, None).await?;
    let masked = crate::pii::mask_number(&nik);
    Ok(hits.iter().any(|h| {
        let text = |k: &str| h.get(k).and_then(|v| v.as_str()).map(str::trim);
        let same_person = text("nik").is_none_or(|n| n == masked || n == nik);
        let elsewhere = text("statistic_num").is_none_or(|sn| sn != statistic_num);
        let active = text("status").is_none_or(|st| {
            let st = st.to_lowercase();
            st.is_empty() || st.starts_with("aktif") || st.starts_with("active")
        });
        same_person && elsewhere && active
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Change;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn entry(nik: &str, name: &str) -> OutboxEntry {
        let mut key = serde_json::Map::new();
        key.insert("nik".into(), serde_json::Value::String(nik.into()));
        let mut fields = serde_json::Map::new();
        fields.insert("full_name".into(), serde_json::Value::String(name.into()));
        let change = Change {
            op: ChangeOp::Create,
            id: None,
            key,
            fields,
            mutasi: None,
            reason: None,
        };
        OutboxEntry::new(Stream::Santri, change, None, "s0", 0)
    }

    #[test]
    fn a_cut_off_create_with_two_candidates_waits_for_the_operator() {
        // No NIK: two EMIS rows with the same name, birth date, place and mother (twins
        // registered by hand, say). Neither is taken; nothing is sent again.
        let rec = Santri::from_flat([
            ("full_name", "Nur Aisyah"),
            ("birth_date", "2010-04-05"),
            ("birth_place", "Jombang"),
            ("mother_full_name", "Siti Aminah"),
        ]);
        let change = Change {
            op: ChangeOp::Create,
            id: None,
            key: Default::default(),
            fields: Default::default(),
            mutasi: None,
            reason: None,
        };
        let mut outbox = vec![OutboxEntry::new(Stream::Santri, change, Some(rec.clone()), "s0", 0)];
        outbox[0].set_state(WriteState::Sent, 1, "s0");
        let mut report = SyncReport::new("s1", false);
        settle(&mut outbox, &[rec.clone(), rec], 2, "s1", &mut report);
        assert_eq!(outbox[0].state, WriteState::Sent, "neither resent nor taken");
        assert_eq!(report.needs_human.len(), 1);
        assert_eq!(report.needs_human[0].code, "sync.hasil_tidak_pasti");
    }

    #[test]
    fn the_plan_meets_the_outbox() {
        let (a, b, c, d) = (
            "3517014504100003",
            "3517014504100011",
            "3517014504100029",
            "3517014504100037",
        );
        let mut outbox = vec![entry(a, "A"), entry(b, "B"), entry(c, "C"), entry(d, "D")];
        outbox[0].set_state(WriteState::Ditolak, 1, "s0");
        outbox[1].set_state(WriteState::Sent, 1, "s0");
        outbox[2].set_state(WriteState::Accepted, 1, "s0");
        // D is queued and no longer planned (fixed or matched): dropped.
        let planned = vec![entry(a, "A"), entry(b, "B changed"), entry(c, "C")];
        let held = merge(&mut outbox, planned.clone(), &[], false, "s1", 2);
        assert_eq!(held.len(), 1, "the same refused change is held back");
        assert_eq!(outbox.len(), 3);
        assert_eq!(
            outbox[1].state,
            WriteState::Sent,
            "an unknown outcome is settled before a new change"
        );
        assert_eq!(
            outbox[2].state,
            WriteState::Accepted,
            "an applied change is not sent again"
        );
        // Once cleared (or retried on request), the refused change goes back to the queue.
        let cleared = [outbox[0].entry_id.clone()];
        let held = merge(&mut outbox, planned.clone(), &cleared, false, "s2", 3);
        assert!(held.is_empty());
        assert_eq!(outbox[0].state, WriteState::Queued);
        // A changed record replaces its queued entry.
        let replanned = vec![entry(a, "A fixed")];
        let fp = replanned[0].fingerprint.clone();
        merge(&mut outbox, replanned, &[], false, "s3", 4);
        assert_eq!(
            outbox
                .iter()
                .find(|e| e.entry_id == entry(a, "").entry_id)
                .unwrap()
                .fingerprint,
            fp
        );
    }
}
