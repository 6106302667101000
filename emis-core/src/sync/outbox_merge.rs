//! Merging a session's plan into the outbox (sans-IO): what is kept, replaced, re-queued or
//! dropped, and which remembered rejections hold a change back.

use super::outbox::{OutboxEntry, WriteState};
use super::plan::{GANDA_ELSEWHERE, HumanItem};

/// What a human must do about a refused or undecidable write.
pub fn human_for(e: &OutboxEntry) -> HumanItem {
    match e.code.as_deref() {
        Some(c) if c == GANDA_ELSEWHERE.code => GANDA_ELSEWHERE,
        Some("sync.ditolak_persetujuan") => HumanItem {
            local: None,
            remote: None,
            code: "sync.ditolak_persetujuan",
            message_id: "Ditolak saat persetujuan (Kepala atau kab/kota): baca catatannya, perbaiki, lalu sinkronkan lagi.",
            message_en: "Refused in approval (Kepala or district office): read the note, fix, then sync again.",
        },
        Some("sync.tidak_didukung") => HumanItem {
            local: None,
            remote: None,
            code: "sync.tidak_didukung",
            message_id: "EMIS tidak menyediakan layanan ini lewat API: lakukan di portal EMIS.",
            message_en: "EMIS offers no API for this: do it in the EMIS portal.",
        },
        _ => HumanItem {
            local: None,
            remote: None,
            code: "sync.ditolak_server",
            message_id: "Ditolak EMIS: perbaiki data sesuai alasan dari server, lalu sinkronkan lagi.",
            message_en: "Rejected by EMIS: fix the record as the server's reason says, then sync again.",
        },
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
            || (e.state == WriteState::Ditolak && e.code.as_deref() == Some(GANDA_ELSEWHERE.code))
            || matches!(
                e.state,
                WriteState::Sent | WriteState::Accepted | WriteState::MenungguKepala | WriteState::MenungguKabkota
            )
    });
    held
}
