//! The outbox without server idempotency (sans-IO): one entry per record and change, written
//! before sending; the life of a write as EMIS has it (`queued → sent → accepted → waiting
//! for the Kepala → waiting for kab/kota → approved | rejected`); what an answer means; and
//! the lookup that decides an entry whose outcome is unknown before anything is sent again.
//!
//! The rule that makes it exactly-once: an entry in state [`WriteState::Sent`] (the request
//! left, its answer did not arrive, or the process died) is never sent blind. It is looked
//! up in a fresh pull — by NIK, then by name + birth date + birth place + mother's name —
//! and marked accepted when found. Only a lookup that finds nothing makes it `queued` again.

use super::normalize::{Comparable, digits, fnv1a};
use super::store::Stream;
use crate::api::{Change, ChangeOp, CreateOutcome, WriteRefusal};
use crate::catalog::codes;
use crate::model::{ApprovalState, Santri};
use serde::{Deserialize, Serialize};

/// Where a write stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WriteState {
    /// Written to the outbox, not sent yet.
    Queued,
    /// Sent; the answer is not known yet (or was lost). Looked up before any resend.
    Sent,
    /// The server accepted it.
    Accepted,
    /// Waiting for the Kepala's approval (read back from the list).
    MenungguKepala,
    /// Waiting for the kab/kota office.
    MenungguKabkota,
    /// Approved.
    Disetujui,
    /// Refused in approval (read back from the list), or refused by the server on sending.
    Ditolak,
    /// The server does not offer this write (do it in the portal).
    TidakDidukung,
}

impl WriteState {
    /// Stable lower-case name (journal, CSV, report).
    pub fn as_str(self) -> &'static str {
        match self {
            WriteState::Queued => "queued",
            WriteState::Sent => "sent",
            WriteState::Accepted => "accepted",
            WriteState::MenungguKepala => "menunggu_kepala",
            WriteState::MenungguKabkota => "menunggu_kabkota",
            WriteState::Disetujui => "disetujui",
            WriteState::Ditolak => "ditolak",
            WriteState::TidakDidukung => "tidak_didukung",
        }
    }
    /// The server has it (accepted, waiting, approved).
    pub fn is_applied(self) -> bool {
        matches!(
            self,
            WriteState::Accepted | WriteState::MenungguKepala | WriteState::MenungguKabkota | WriteState::Disetujui
        )
    }
    /// Nothing more will happen to it.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            WriteState::Disetujui | WriteState::Ditolak | WriteState::TidakDidukung
        )
    }
}

/// One state change, with its time (the receipt's line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateChange {
    /// New state.
    pub state: WriteState,
    /// When (Unix ms, the client's clock).
    pub at_ms: i64,
    /// Session.
    pub session_id: String,
}

/// One write, persisted before it is sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// Stable id: stream, operation and record key.
    pub entry_id: String,
    /// Stream.
    pub stream: Stream,
    /// What it means (op, server id, key, the changed fields).
    pub change: Change,
    /// The full record sent (the create/update form is built from it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<Santri>,
    /// Fingerprint of the change: the same change in a later session is recognised.
    pub fingerprint: String,
    /// State.
    pub state: WriteState,
    /// Times actually sent.
    #[serde(default)]
    pub sends: u32,
    /// Server id once known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_id: Option<String>,
    /// Result code (`sync.*`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The server's message (identifiers masked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Masked key for reports.
    pub key_masked: String,
    /// State history.
    #[serde(default)]
    pub history: Vec<StateChange>,
}

impl OutboxEntry {
    /// A queued entry for a planned change.
    pub fn new(stream: Stream, change: Change, record: Option<Santri>, session_id: &str, now_ms: i64) -> OutboxEntry {
        let fingerprint = fingerprint(&change);
        let key = record_key(&change, record.as_ref());
        let key_masked = change
            .key
            .get("nik")
            .and_then(|v| v.as_str())
            .map(crate::pii::mask_number)
            .or_else(|| record.as_ref().map(|r| crate::pii::mask_name(r.full_name.expose())))
            .unwrap_or_else(|| "-".into());
        OutboxEntry {
            entry_id: format!("{}-{}-{key}", stream_name(stream), op_name(change.op)),
            stream,
            change,
            record,
            fingerprint,
            state: WriteState::Queued,
            sends: 0,
            server_id: None,
            code: None,
            message: None,
            key_masked,
            history: vec![StateChange {
                state: WriteState::Queued,
                at_ms: now_ms,
                session_id: session_id.to_string(),
            }],
        }
    }

    /// Moves to `state` (recorded in the history when it changes).
    pub fn set_state(&mut self, state: WriteState, now_ms: i64, session_id: &str) {
        if self.state != state {
            self.state = state;
            self.history.push(StateChange {
                state,
                at_ms: now_ms,
                session_id: session_id.to_string(),
            });
        }
    }

    /// Applies the answer to a send: the new state, code and message.
    pub fn apply_answer(&mut self, answer: &CreateOutcome, now_ms: i64, session_id: &str) {
        match answer {
            CreateOutcome::Applied { id } => {
                if id.is_some() {
                    self.server_id = id.clone();
                }
                self.code = Some(if self.change.op == ChangeOp::Create {
                    codes::SYNC_DIDAFTARKAN.into()
                } else {
                    codes::SYNC_DIPERBARUI.into()
                });
                self.message = None;
                self.set_state(WriteState::Accepted, now_ms, session_id);
            }
            CreateOutcome::Refused { kind, message, .. } => {
                self.message = Some(message.clone());
                match kind {
                    // The NIK is registered here: our own earlier create (its answer was
                    // lost), or the same person created by hand. Either way: done.
                    WriteRefusal::AlreadyHere if self.change.op == ChangeOp::Create => {
                        self.code = Some(codes::SYNC_SUDAH_TERDAFTAR.into());
                        self.set_state(WriteState::Accepted, now_ms, session_id);
                    }
                    WriteRefusal::ActiveElsewhere => {
                        self.code = Some(codes::SYNC_NIK_AKTIF_DI_LEMBAGA_LAIN.into());
                        self.set_state(WriteState::Ditolak, now_ms, session_id);
                    }
                    _ => {
                        self.code = Some(codes::SYNC_DITOLAK_SERVER.into());
                        self.set_state(WriteState::Ditolak, now_ms, session_id);
                    }
                }
            }
        }
    }

    /// Reads the approval state from the record's row in a fresh pull.
    pub fn apply_remote(&mut self, row: &Santri, now_ms: i64, session_id: &str) {
        if self.server_id.is_none() {
            self.server_id = row.id.clone();
        }
        let state = match row.approval_state() {
            Some(ApprovalState::MenungguKepala) => WriteState::MenungguKepala,
            Some(ApprovalState::MenungguKabkota) => WriteState::MenungguKabkota,
            Some(ApprovalState::Disetujui) | None => WriteState::Disetujui,
            Some(ApprovalState::Ditolak) => {
                self.code = Some(codes::SYNC_DITOLAK_PERSETUJUAN.into());
                self.message = row.approval_note();
                WriteState::Ditolak
            }
        };
        self.set_state(state, now_ms, session_id);
    }
}

fn stream_name(s: Stream) -> &'static str {
    match s {
        Stream::Santri => "santri",
        Stream::Gtk => "gtk",
    }
}

fn op_name(op: ChangeOp) -> &'static str {
    match op {
        ChangeOp::Create => "create",
        ChangeOp::Update => "update",
        ChangeOp::MutasiKeluar => "mutasi_keluar",
        ChangeOp::MutasiMasuk => "mutasi_masuk",
        ChangeOp::Deactivate => "deactivate",
    }
}

/// The record a change is about: its NIK, or a hash of name and birth date.
fn record_key(change: &Change, record: Option<&Santri>) -> String {
    if let Some(n) = change.key.get("nik").and_then(|v| v.as_str()).filter(|n| !n.is_empty()) {
        return format!("{:016x}", fnv1a(n.bytes()));
    }
    let basis = record
        .map(|r| Comparable::of(r).get("full_name").unwrap_or("").to_string() + r.birth_date.as_deref().unwrap_or(""))
        .unwrap_or_else(|| serde_json::to_string(&change.fields).unwrap_or_default());
    format!("{:016x}", fnv1a(basis.bytes()))
}

/// Fingerprint of a change (what it asks for), to recognise the same change later.
pub fn fingerprint(c: &Change) -> String {
    format!("{:016x}", fnv1a(serde_json::to_string(c).unwrap_or_default().bytes()))
}

/// What a lookup of an entry with unknown outcome found in a fresh pull.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// The record is there (index into the pull): the write was applied.
    Found(usize),
    /// Not there: safe to send again.
    Absent,
    /// More than one candidate and no NIK to tell them apart: the operator decides.
    Ambiguous,
}

/// Looks an unknown-outcome create up in `remote`: by NIK; else by name + birth date + birth
/// place + mother's name, all equal after normalisation, and never a record that carries a
/// different valid NIK (two valid NIKs are two people).
pub fn look_up(entry: &OutboxEntry, remote: &[Santri]) -> Lookup {
    let nik = entry
        .change
        .key
        .get("nik")
        .and_then(|v| v.as_str())
        .map(digits)
        .unwrap_or_default();
    if nik.len() == 16 {
        if let Some(i) = remote
            .iter()
            .position(|r| r.nik.as_ref().is_some_and(|n| digits(n.expose()) == nik))
        {
            return Lookup::Found(i);
        }
        if crate::id::nik::is_valid(&nik) {
            // A valid NIK that is not in the pull: the create did not happen (EMIS keys
            // santri by NIK, and a record created without it would carry it).
            return Lookup::Absent;
        }
    }
    let Some(rec) = entry.record.as_ref() else {
        return Lookup::Absent;
    };
    let mine = Comparable::of(rec);
    let keys = ["full_name", "birth_date", "birth_place", "parents.mother_full_name"];
    if keys.iter().any(|k| mine.get(k).is_none()) {
        return Lookup::Absent;
    }
    let hits: Vec<usize> = remote
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            let other = Comparable::of(r);
            let other_nik = other.get("nik").unwrap_or("");
            let conflict = !other_nik.is_empty() && other_nik != nik && crate::id::nik::is_valid(other_nik);
            !conflict && keys.iter().all(|k| other.get(k) == mine.get(k))
        })
        .map(|(i, _)| i)
        .collect();
    match hits.as_slice() {
        [] => Lookup::Absent,
        [i] => Lookup::Found(*i),
        _ => Lookup::Ambiguous,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn s(name: &str, nik: &str, mother: &str) -> Santri {
        Santri::from_flat([
            ("full_name", name),
            ("nik", nik),
            ("birth_date", "2010-04-05"),
            ("birth_place", "Jombang"),
            ("mother_full_name", mother),
        ])
    }

    fn create(rec: &Santri) -> OutboxEntry {
        let mut key = serde_json::Map::new();
        if let Some(n) = &rec.nik {
            key.insert("nik".into(), serde_json::Value::String(digits(n.expose())));
        }
        let change = Change {
            op: ChangeOp::Create,
            id: None,
            key,
            fields: Default::default(),
            mutasi: None,
            reason: None,
        };
        OutboxEntry::new(Stream::Santri, change, Some(rec.clone()), "s1", 0)
    }

    #[test]
    fn lookup_never_takes_another_person() {
        let a = s("Nur Aisyah", "3517014504100003", "Siti Aminah");
        let b = s("Nur Aisyah", "3517014504100011", "Fatimah");
        // B's create: A (same name, date, place) is in EMIS, B is not.
        assert_eq!(look_up(&create(&b), std::slice::from_ref(&a)), Lookup::Absent);
        assert_eq!(look_up(&create(&b), &[a.clone(), b.clone()]), Lookup::Found(1));
        // Without a NIK: name + date + place + mother, never a record with another valid NIK.
        let mut no_nik = b.clone();
        no_nik.nik = None;
        assert_eq!(look_up(&create(&no_nik), std::slice::from_ref(&a)), Lookup::Absent);
        let mut a_same_mother = a.clone();
        a_same_mother.parents.mother_full_name = Some("Fatimah".into());
        assert_eq!(look_up(&create(&no_nik), &[a_same_mother.clone()]), Lookup::Absent);
        let mut remote_no_nik = b.clone();
        remote_no_nik.nik = None;
        assert_eq!(look_up(&create(&no_nik), &[remote_no_nik.clone()]), Lookup::Found(0));
        assert_eq!(
            look_up(&create(&no_nik), &[remote_no_nik.clone(), remote_no_nik]),
            Lookup::Ambiguous
        );
    }

    #[test]
    fn a_refusal_of_another_kind_is_a_server_rejection_for_the_operator() {
        let mut e = create(&s("Nur Aisyah", "3517014504100003", "Siti Aminah"));
        e.set_state(WriteState::Sent, 1, "s1");
        e.apply_answer(
            &CreateOutcome::Refused {
                kind: WriteRefusal::Rejected,
                status: 422,
                message: "tanggal lahir wajib diisi".into(),
            },
            2,
            "s1",
        );
        assert_eq!(e.state, WriteState::Ditolak);
        assert_eq!(e.code.as_deref(), Some("sync.ditolak_server"));
        let h = super::super::outbox_merge::human_for(&e);
        assert_eq!(h.code, "sync.ditolak_server");
        assert!(h.message_id.starts_with("Ditolak EMIS"), "{}", h.message_id);
    }

    #[test]
    fn answers_move_the_state() {
        let a = s("Nur Aisyah", "3517014504100003", "Siti Aminah");
        let mut e = create(&a);
        assert_eq!(e.entry_id, create(&a).entry_id, "stable id");
        e.set_state(WriteState::Sent, 1, "s1");
        e.apply_answer(
            &CreateOutcome::Refused {
                kind: WriteRefusal::AlreadyHere,
                status: 422,
                message: "NIK sudah terdaftar".into(),
            },
            2,
            "s1",
        );
        assert_eq!(e.state, WriteState::Accepted);
        assert_eq!(e.code.as_deref(), Some("sync.sudah_terdaftar"));
        let mut g = create(&a);
        g.apply_answer(
            &CreateOutcome::Refused {
                kind: WriteRefusal::ActiveElsewhere,
                status: 422,
                message: "aktif di lembaga lain".into(),
            },
            2,
            "s1",
        );
        assert_eq!(g.state, WriteState::Ditolak);
        assert_eq!(
            e.history.iter().map(|h| h.state).collect::<Vec<_>>(),
            [WriteState::Queued, WriteState::Sent, WriteState::Accepted]
        );
    }
}
