//! The thin async driver: pull → reconcile → plan → push (through the outbox) → SIMPEG →
//! save → journal. All decisions are made by the sans-IO reconcile and planner; this file
//! only moves data and persists state in the order that makes a crash at any point safe:
//! the outbox is written before a batch is sent, the checkpoint only after its results are
//! saved, and a pending batch is re-sent with its original idempotency key on the next run.

use super::normalize::{content_hash, digits};
use super::plan::{ConflictPolicy, GANDA_ELSEWHERE, HumanItem, Plan, plan_santri};
use super::reconcile::{Reconciliation, Status, reconcile_santri};
use super::store::{
    Checkpoint, JournalEntry, LocalStore, OutboxEntry, OutboxState, RememberedRejection, SessionResult, Stream,
};
use crate::api::{Change, ChangeOp, EmisClient, ItemResult, ItemStatus, QueueProgress, SimpegLookup};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::model::{Gtk, Santri};
use crate::rules::RuleContext;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Stages reported to the progress callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Sending batches left from an interrupted session.
    Resume,
    /// Logging in and pulling from EMIS.
    Pull,
    /// Reconciling and validating.
    Verify,
    /// Planning.
    Plan,
    /// Pushing batches.
    Push,
    /// Waiting in the server's sync queue.
    Queue,
    /// Looking GTK up in SIMPEG.
    Simpeg,
    /// Saving local data and the journal.
    Save,
}

/// Progress of a sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Stage.
    pub stage: Stage,
    /// Units done in this stage.
    pub done: u64,
    /// Units in this stage, when known.
    pub total: Option<u64>,
    /// Position in the server queue, while queued.
    pub queue_position: Option<u64>,
}

/// Cancels a sync at the next batch boundary; nothing is lost (the outbox keeps the rest).
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// A new token.
    pub fn new() -> CancelToken {
        CancelToken::default()
    }
    /// Requests cancellation.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    /// True once cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Where to stop with a simulated crash (tests of resumption).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailPoint {
    /// After pulling from EMIS.
    AfterFetch,
    /// After a batch was written to the outbox, before it is sent.
    AfterOutbox,
    /// After a batch was sent and answered, before its results are saved.
    AfterPush,
    /// After the results were saved (ack), before the checkpoint.
    AfterAck,
    /// After the checkpoint.
    AfterCheckpoint,
    /// After local records were saved.
    AfterApply,
}

/// Options of one sync.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// Statistic number of the lembaga.
    pub statistic_num: String,
    /// Who wins on differences.
    pub policy: ConflictPolicy,
    /// Plan only; push nothing, change nothing locally.
    pub dry_run: bool,
    /// Changes per batch.
    pub batch_size: usize,
    /// Records per page when pulling.
    pub per_page: u64,
    /// Look GTK up in SIMPEG.
    pub simpeg: bool,
    /// Queue a server sync job after pushing (if the server offers it).
    pub sync_job: bool,
    /// Today (rules, journal dates come from the client's clock).
    pub today: Date,
    /// Simulated crash point (tests).
    pub fail_at: Option<FailPoint>,
    /// Send again changes the server rejected for good in an earlier session (e.g. after the
    /// other lembaga recorded the mutasi keluar). Off by default: a rejected change is not
    /// re-sent until the record changes.
    pub retry_rejected: bool,
}

impl SyncOptions {
    /// Defaults for a lembaga.
    pub fn new(statistic_num: impl Into<String>, today: Date) -> SyncOptions {
        SyncOptions {
            statistic_num: statistic_num.into(),
            policy: ConflictPolicy::EmisWins,
            dry_run: false,
            // The page size public EMIS clients use for the student list (docs/api.md); batches of
            // 500 keep a 10,000-santri sync to a handful of round trips.
            batch_size: 500,
            per_page: 10_000,
            simpeg: true,
            sync_job: true,
            today,
            fail_at: None,
            retry_rejected: false,
        }
    }
}

/// What happened to one record, for reports (identifiers masked).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordOutcome {
    /// Masked key (NIK or name).
    pub key: String,
    /// Reconcile status (after the server's answer: a push rejected for data ganda is GANDA).
    pub status: Status,
    /// Rule, sync or field codes.
    pub codes: Vec<String>,
}

/// A rejected item with the server's reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rejection {
    /// Masked key.
    pub key: String,
    /// Operation.
    pub op: ChangeOp,
    /// Server code.
    pub code: String,
    /// Server message.
    pub message: String,
}

/// SIMPEG outcome of one GTK.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimpegOutcome {
    /// Masked name.
    pub key: String,
    /// Found in SIMPEG.
    pub found: bool,
    /// Status kepegawaian after the lookup.
    pub status_kepegawaian: String,
    /// Why not found / failed.
    pub reason: Option<String>,
}

/// The result of a sync (also what `--format json` prints).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SyncReport {
    /// Session id.
    pub session_id: String,
    /// Dry run.
    pub dry_run: bool,
    /// Counts per status.
    pub counts: BTreeMap<String, u64>,
    /// Per record.
    pub records: Vec<RecordOutcome>,
    /// Changes applied by the server.
    pub pushed: u64,
    /// Items the server rejected in this session.
    pub rejected: Vec<Rejection>,
    /// Changes not sent because the server rejected the very same change in an earlier
    /// session (with its reason then); see [`SyncOptions::retry_rejected`].
    pub previously_rejected: Vec<Rejection>,
    /// Decisions left to a human.
    pub needs_human: Vec<super::plan::HumanItem>,
    /// Planned creates / updates / mutasi / deactivations.
    pub planned: BTreeMap<String, u64>,
    /// Batches re-sent from an interrupted session.
    pub resumed_batches: u64,
    /// SIMPEG results.
    pub simpeg: Vec<SimpegOutcome>,
    /// Endpoints the server does not offer (the rest went on).
    pub unsupported: Vec<String>,
    /// Local records updated from EMIS, and imported.
    pub local_updated: u64,
    /// EMIS records added locally.
    pub local_imported: u64,
    /// Requests made.
    pub requests: u64,
    /// Bytes received / sent.
    pub bytes: (u64, u64),
}

/// Runs syncs for one lembaga over a client and a local store.
pub struct SyncEngine<'a, S: LocalStore + ?Sized> {
    client: &'a EmisClient,
    store: &'a mut S,
    progress: Option<&'a (dyn Fn(&Progress) + 'a)>,
    cancel: Option<CancelToken>,
    /// Fingerprints of changes rejected during the current session.
    rejected_now: BTreeSet<String>,
}

fn masked_key(s: &Santri) -> String {
    match &s.nik {
        Some(n) if !n.is_blank() => crate::pii::mask_number(&digits(n.expose())),
        _ => crate::pii::mask_name(s.full_name.expose()),
    }
}

fn hex(h: u64) -> String {
    format!("{h:016x}")
}

impl<'a, S: LocalStore + ?Sized> SyncEngine<'a, S> {
    /// An engine.
    pub fn new(client: &'a EmisClient, store: &'a mut S) -> Self {
        SyncEngine {
            client,
            store,
            progress: None,
            cancel: None,
            rejected_now: BTreeSet::new(),
        }
    }
    /// Reports progress to `f` (stage, done, total, queue position).
    pub fn on_progress(mut self, f: &'a (dyn Fn(&Progress) + 'a)) -> Self {
        self.progress = Some(f);
        self
    }
    /// Cancels at batch boundaries when `token` is cancelled.
    pub fn cancel_token(mut self, token: CancelToken) -> Self {
        self.cancel = Some(token);
        self
    }

    fn report(&self, stage: Stage, done: u64, total: Option<u64>, queue_position: Option<u64>) {
        if let Some(f) = self.progress {
            f(&Progress {
                stage,
                done,
                total,
                queue_position,
            });
        }
    }

    fn check_cancel(&self) -> Result<()> {
        if self.cancel.as_ref().is_some_and(CancelToken::is_cancelled) {
            return Err(Error::Cancelled);
        }
        Ok(())
    }

    fn now_ms(&self) -> i64 {
        // The client's injected clock is the one clock of a session.
        self.client.now_ms()
    }

    /// Runs one sync session and journals it (success, failure or cancellation).
    pub async fn run(&mut self, opts: &SyncOptions) -> Result<SyncReport> {
        self.rejected_now.clear();
        // Session ids (and so idempotency keys) must be unique in this store even when the
        // clock stands still or goes back: a session starts after the last journalled one.
        let now = self.now_ms();
        let started = match self.store.journal_lines()?.iter().map(|e| e.started_at_ms).max() {
            Some(last) if last >= now => last + 1,
            _ => now,
        };
        let session_id = format!("{:x}-{:04x}", started, (content_hash_of(&opts.statistic_num) & 0xffff));
        let mut journal = JournalEntry {
            session_id: session_id.clone(),
            started_at_ms: started,
            finished_at_ms: None,
            result: SessionResult::Started,
            dry_run: opts.dry_run,
            statistic_num: opts.statistic_num.clone(),
            counts: BTreeMap::new(),
            pushed: 0,
            rejected: 0,
            conflicts: 0,
            error: None,
        };
        self.store.append_journal(&journal)?;
        let result = self.session(opts, &session_id).await;
        journal.finished_at_ms = Some(self.now_ms().max(started));
        match &result {
            Ok(r) => {
                journal.result = SessionResult::Success;
                journal.counts = r.counts.clone();
                journal.pushed = r.pushed;
                journal.rejected = r.rejected.len() as u64;
                journal.conflicts = r.needs_human.len() as u64;
            }
            Err(Error::Cancelled) => journal.result = SessionResult::Cancelled,
            Err(e) => {
                journal.result = SessionResult::Failed;
                journal.error = Some(format!("{}: {e}", e.code()));
            }
        }
        // A simulated crash leaves the session as "started", like a real one.
        if !matches!(&result, Err(Error::Storage(m)) if m.starts_with("simulated crash")) {
            self.store.append_journal(&journal)?;
        }
        result
    }

    fn crash(&self, opts: &SyncOptions, at: FailPoint) -> Result<()> {
        if opts.fail_at == Some(at) {
            return Err(Error::Storage(format!("simulated crash at {at:?}")));
        }
        Ok(())
    }

    async fn session(&mut self, opts: &SyncOptions, session_id: &str) -> Result<SyncReport> {
        let mut report = SyncReport {
            session_id: session_id.to_string(),
            dry_run: opts.dry_run,
            counts: BTreeMap::new(),
            records: Vec::new(),
            pushed: 0,
            rejected: Vec::new(),
            previously_rejected: Vec::new(),
            needs_human: Vec::new(),
            planned: BTreeMap::new(),
            resumed_batches: 0,
            simpeg: Vec::new(),
            unsupported: Vec::new(),
            local_updated: 0,
            local_imported: 0,
            requests: 0,
            bytes: (0, 0),
        };
        let before = self.client.traffic();

        // 1. Resume: batches an earlier session wrote but did not finish.
        if !opts.dry_run {
            let mut outbox = self.store.load_outbox()?;
            // Answers saved by a session that stopped before its checkpoint: remember their
            // rejections now (they are durable in the outbox).
            let mut cps = self.store.load_checkpoints()?;
            let mut changed = false;
            for e in outbox.iter().filter(|e| e.state == OutboxState::Acked) {
                changed |= remember(cps.entry(e.stream).or_default(), e, &e.session_id);
            }
            if changed {
                self.store.save_checkpoints(&cps)?;
            }
            let pending: Vec<usize> = (0..outbox.len())
                .filter(|&i| outbox[i].state == OutboxState::Pending)
                .collect();
            for (n, i) in pending.iter().enumerate() {
                self.report(Stage::Resume, n as u64, Some(pending.len() as u64), None);
                self.check_cancel()?;
                match self.push_entry(&mut outbox, *i, opts, &mut report).await {
                    Ok(()) => report.resumed_batches += 1,
                    // A server without the batch endpoint: keep the batch, report, and let the
                    // operator still get the reconcile report below.
                    Err(Error::Unsupported { endpoint }) => {
                        report.unsupported.push(endpoint.to_string());
                        break;
                    }
                    Err(e) => return Err(e),
                }
            }
        }

        // 2. Pull.
        self.report(Stage::Pull, 0, None, None);
        let lembaga = match self.client.lembaga_info(&opts.statistic_num).await {
            Ok(l) => Some(l),
            Err(Error::Unsupported { endpoint }) => {
                report.unsupported.push(endpoint.to_string());
                None
            }
            Err(e) => return Err(e),
        };
        // The first call logged in; the rest do not depend on each other: one round trip.
        let (periods, remote, remote_gtk) = futures_util::future::join3(
            self.client.periods(),
            self.client.santri_all(opts.per_page),
            self.client.gtk_all(&opts.statistic_num, opts.per_page),
        )
        .await;
        let periods = match periods {
            Ok(p) => Some(p),
            Err(Error::Unsupported { endpoint }) => {
                report.unsupported.push(endpoint.to_string());
                None
            }
            Err(e) => return Err(e),
        };
        let remote = remote?;
        self.report(Stage::Pull, remote.len() as u64, Some(remote.len() as u64), None);
        let remote_gtk = match remote_gtk {
            Ok(g) => g,
            Err(Error::Unsupported { endpoint }) => {
                report.unsupported.push(endpoint.to_string());
                Vec::new()
            }
            Err(e) => return Err(e),
        };
        self.crash(opts, FailPoint::AfterFetch)?;

        // 3. Verify (reconcile + rules).
        self.report(Stage::Verify, 0, None, None);
        let mut local = self.store.load_santri()?;
        let mut ctx = RuleContext::new(opts.today);
        ctx.lembaga_kind = lembaga.as_ref().and_then(|l| l.institution_group_id);
        ctx.lembaga_statistic_num = Some(opts.statistic_num.clone());
        ctx.periods = periods.clone();
        ctx.current_period = periods.as_ref().and_then(|p| p.iter().find(|p| p.is_active).cloned());
        let recon = reconcile_santri(&local, &remote, &ctx);

        // 4. Plan.
        self.report(Stage::Plan, 0, None, None);
        let mut plan = plan_santri(&recon, &local, &remote, opts.policy);
        let mut gtk_creates = plan_gtk(&self.store.load_gtk()?, &remote_gtk);
        let mut outcomes = outcomes_of(&recon, &local, &remote);

        // Changes the server already rejected for good are not sent again blindly.
        let memory = self.store.load_checkpoints()?;
        // A data-ganda rejection is sent again once EMIS no longer shows the NIK active at
        // another lembaga (its mutasi keluar was recorded there): checked with the PPDB
        // search, one request per such record.
        let mut cleared: BTreeSet<String> = BTreeSet::new();
        if !opts.retry_rejected {
            for p in &plan.pushes {
                let Some(li) = p.local else { continue };
                let fp = change_fingerprint(&p.change);
                let remembered = memory.get(&Stream::Santri).and_then(|cp| cp.rejected.get(&fp));
                if remembered.is_none_or(|r| r.code != "sync.nik_aktif_di_lembaga_lain") {
                    continue;
                }
                match self.active_elsewhere(&local[li], &opts.statistic_num).await {
                    Ok(false) => {
                        cleared.insert(fp);
                    }
                    Ok(true) => {}
                    Err(Error::Unsupported { endpoint }) => report.unsupported.push(endpoint.to_string()),
                    Err(e) if e.root().code() == "auth" => return Err(e),
                    // Unknown this time: the change waits for the next sync.
                    Err(_) => {}
                }
            }
        }
        let mut seen: BTreeMap<Stream, BTreeSet<String>> = BTreeMap::new();
        let mut skipped: Vec<(Option<usize>, String, RememberedRejection)> = Vec::new();
        {
            let mut sieve = |stream: Stream, local: Option<usize>, c: &Change| -> bool {
                let fp = change_fingerprint(c);
                seen.entry(stream).or_default().insert(fp.clone());
                match memory.get(&stream).and_then(|cp| cp.rejected.get(&fp)) {
                    Some(r) if !opts.retry_rejected && !cleared.contains(&fp) => {
                        skipped.push((local, fp, r.clone()));
                        false
                    }
                    _ => true,
                }
            };
            plan.pushes.retain(|p| sieve(Stream::Santri, p.local, &p.change));
            gtk_creates.retain(|c| sieve(Stream::Gtk, None, c));
        }
        report.needs_human = plan.needs_human.clone();
        for (li, fp, r) in skipped {
            if !self.rejected_now.contains(&fp) {
                report.previously_rejected.push(Rejection {
                    key: r.key.clone(),
                    op: r.op,
                    code: r.code.clone(),
                    message: r.message.clone(),
                });
            }
            note_rejection(&mut outcomes, &mut report.needs_human, li, &r.code);
        }
        for (op, name) in [
            (ChangeOp::Create, "create"),
            (ChangeOp::Update, "update"),
            (ChangeOp::MutasiKeluar, "mutasi_keluar"),
            (ChangeOp::Deactivate, "deactivate"),
        ] {
            report.planned.insert(name.into(), plan.count(op) as u64);
        }
        report.planned.insert("gtk_create".into(), gtk_creates.len() as u64);
        report
            .planned
            .insert("local_update".into(), plan.local_updates.len() as u64);
        report.planned.insert("local_import".into(), plan.imports.len() as u64);

        if opts.dry_run {
            finish_counts(&mut report, outcomes);
            self.traffic(&mut report, before);
            return Ok(report);
        }

        // 5. Push through the outbox: write batches first, then send them one by one.
        let mut outbox = self.store.load_outbox()?;
        outbox.retain(|e| e.state == OutboxState::Pending);
        let first_new = outbox.len();
        let santri_batches = batches(&plan, opts.batch_size);
        let gtk_batches: Vec<Vec<Change>> = gtk_creates
            .chunks(opts.batch_size.max(1))
            .map(<[Change]>::to_vec)
            .collect();
        for (stream, changes) in santri_batches
            .into_iter()
            .map(|b| (Stream::Santri, b))
            .chain(gtk_batches.into_iter().map(|b| (Stream::Gtk, b)))
        {
            let body_hash = content_hash_of(&serde_json::to_string(&changes).unwrap_or_default());
            let n = outbox.len();
            outbox.push(OutboxEntry {
                batch_id: format!("{session_id}-{n:04}"),
                stream,
                idempotency_key: format!("emis-{session_id}-{n:04}-{}", hex(body_hash)),
                changes,
                state: OutboxState::Pending,
                results: Vec::new(),
                attempts: 0,
                last_error: None,
                session_id: session_id.to_string(),
            });
        }
        self.store.save_outbox(&outbox)?;
        self.crash(opts, FailPoint::AfterOutbox)?;
        let total = (outbox.len() - first_new) as u64;
        for (n, i) in (first_new..outbox.len()).enumerate() {
            // Report first: a progress callback that cancels stops before the next batch.
            self.report(Stage::Push, n as u64, Some(total), None);
            self.check_cancel()?;
            match self.push_entry(&mut outbox, i, opts, &mut report).await {
                Ok(()) => {}
                // The server has no batch endpoint: the batches stay in the outbox, the rest
                // of the sync (SIMPEG, local updates, journal) goes on.
                Err(Error::Unsupported { endpoint }) => {
                    if !report.unsupported.iter().any(|u| u == endpoint) {
                        report.unsupported.push(endpoint.to_string());
                    }
                    break;
                }
                Err(e) => return Err(e),
            }
        }
        self.report(Stage::Push, total, Some(total), None);

        // Server ids of created records, and GANDA for data-ganda rejections.
        // NIK → local index, built once (results × records would be quadratic).
        let mut by_nik: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (i, s) in local.iter().enumerate() {
            if let Some(n) = &s.nik {
                by_nik.entry(digits(n.expose())).or_insert(i);
            }
        }
        for e in outbox.iter().filter(|e| e.state == OutboxState::Acked) {
            for r in &e.results {
                let Some(change) = e.changes.get(r.index) else { continue };
                if e.stream == Stream::Gtk {
                    if r.status == ItemStatus::Rejected {
                        let code = r.code.as_deref().unwrap_or("sync.ditolak");
                        if !is_transient_rejection(code) {
                            report.needs_human.push(human_for_rejection(None, code));
                        }
                    }
                    continue;
                }
                let nik = change.key.get("nik").and_then(|v| v.as_str()).unwrap_or("");
                let li = by_nik.get(nik).copied();
                match (r.status, li) {
                    (ItemStatus::Applied, Some(li)) if change.op == ChangeOp::Create => {
                        if r.id.is_some() {
                            local[li].id = r.id.clone();
                        }
                        if let Some(o) = outcomes.iter_mut().find(|o| o.0 == Some(li)) {
                            o.1.status = Status::Terdaftar;
                            o.1.codes.push("sync.didaftarkan".into());
                        }
                    }
                    (ItemStatus::Rejected, li) => {
                        let code = r.code.as_deref().unwrap_or("sync.ditolak");
                        if is_transient_rejection(code) {
                            // Sent again by the next sync; nothing for a human yet.
                            if let Some(o) = outcomes.iter_mut().find(|o| li.is_some() && o.0 == li) {
                                o.1.codes.push(code.to_string());
                            }
                        } else {
                            note_rejection(&mut outcomes, &mut report.needs_human, li, code);
                        }
                    }
                    _ => {}
                }
            }
        }

        // 6. Queued server job (optional on the server's side).
        if opts.sync_job && report.pushed > 0 {
            let key = format!("emis-job-{session_id}");
            match self.client.start_sync_job("all", &key).await {
                Ok(job) => {
                    self.report(Stage::Queue, 0, None, job.queue_position);
                    let cb = |q: &QueueProgress| self.report(Stage::Queue, 0, None, q.queue_position);
                    self.client.wait_sync_job(&job.job_id, &cb).await?;
                }
                Err(Error::Unsupported { endpoint }) => report.unsupported.push(endpoint.to_string()),
                Err(e) => return Err(e),
            }
        }

        // 7. SIMPEG for GTK with a NIP.
        let mut gtk = self.store.load_gtk()?;
        if opts.simpeg {
            let with_nip: Vec<usize> = (0..gtk.len())
                .filter(|&i| gtk[i].nip.as_ref().is_some_and(|n| !n.is_blank()))
                .collect();
            // Lookups are independent: send them together, apply the answers in order.
            let nips: Vec<Option<crate::id::Nip>> = with_nip
                .iter()
                .map(|&i| crate::id::Nip::parse(gtk[i].nip.as_ref().map(|n| n.expose()).unwrap_or("")).ok())
                .collect();
            let client = self.client;
            let mut answers: Vec<Option<Result<SimpegLookup>>> =
                futures_util::future::join_all(nips.iter().map(|nip| async move {
                    match nip {
                        Some(n) => Some(client.simpeg_lookup(n).await),
                        None => None,
                    }
                }))
                .await;
            for (n, &i) in with_nip.iter().enumerate() {
                self.report(Stage::Simpeg, n as u64, Some(with_nip.len() as u64), None);
                let answer = answers[n].take();
                let g = &mut gtk[i];
                let key = crate::pii::mask_name(g.full_name.expose());
                let outcome = match crate::id::Nip::parse(g.nip.as_ref().map(|n| n.expose()).unwrap_or("")) {
                    Err(_) => {
                        g.status_kepegawaian = Some("Non PNS".into());
                        SimpegOutcome {
                            key,
                            found: false,
                            status_kepegawaian: "Non PNS".into(),
                            reason: Some("NIP tidak valid".into()),
                        }
                    }
                    Ok(nip) => match answer.unwrap_or(Ok(SimpegLookup::NotFound)) {
                        Ok(SimpegLookup::Found(snap)) => {
                            let status = match nip.kind() {
                                crate::id::nip::NipKind::Pns => "PNS",
                                crate::id::nip::NipKind::Pppk => "PPPK",
                            };
                            g.status_kepegawaian = Some(status.into());
                            g.simpeg = Some(*snap);
                            SimpegOutcome {
                                key,
                                found: true,
                                status_kepegawaian: status.into(),
                                reason: None,
                            }
                        }
                        Ok(SimpegLookup::NotFound) => {
                            g.status_kepegawaian = Some("Non PNS".into());
                            SimpegOutcome {
                                key,
                                found: false,
                                status_kepegawaian: "Non PNS".into(),
                                reason: Some("NIP tidak ditemukan di SIMPEG".into()),
                            }
                        }
                        // A lookup that failed (SIMPEG down, an error answer) says nothing new
                        // about a GTK SIMPEG already confirmed: keep that status and snapshot.
                        Err(e)
                            if e.root().code() != "auth"
                                && g.simpeg.is_some()
                                && matches!(g.status_kepegawaian.as_deref(), Some("PNS" | "PPPK")) =>
                        {
                            SimpegOutcome {
                                key,
                                found: false,
                                status_kepegawaian: g.status_kepegawaian.clone().unwrap_or_default(),
                                reason: Some(format!(
                                    "{e}; status dari SIMPEG sebelumnya dipertahankan / previous SIMPEG status kept"
                                )),
                            }
                        }
                        Err(e) if e.root().code() != "auth" => {
                            g.status_kepegawaian = Some("Non PNS".into());
                            SimpegOutcome {
                                key,
                                found: false,
                                status_kepegawaian: "Non PNS".into(),
                                reason: Some(e.to_string()),
                            }
                        }
                        Err(e) => return Err(e),
                    },
                };
                report.simpeg.push(outcome);
            }
        }

        // 8. Apply locally: EMIS wins updates, imports, server ids; then prune acked batches.
        self.report(Stage::Save, 0, None, None);
        for &(li, ri) in &plan.local_updates {
            let keep_id = remote[ri].id.clone().or_else(|| local[li].id.clone());
            local[li] = merge_from_remote(&local[li], &remote[ri]);
            local[li].id = keep_id;
            report.local_updated += 1;
        }
        for &ri in &plan.imports {
            local.push(remote[ri].clone());
            report.local_imported += 1;
        }
        // Learn the server ids of matched records (e.g. created by a batch of an interrupted
        // session, whose answer this session did not read).
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
        self.store.save_santri(&local)?;
        self.store.save_gtk(&gtk)?;
        self.crash(opts, FailPoint::AfterApply)?;
        outbox.retain(|e| e.state == OutboxState::Pending);
        self.store.save_outbox(&outbox)?;
        let mut cps = self.store.load_checkpoints()?;
        let cp = cps.entry(Stream::Santri).or_insert_with(Checkpoint::default);
        cp.last_pull_ms = Some(self.now_ms());
        cp.pulled = remote.len() as u64;
        cp.session_id = Some(session_id.to_string());
        let cp = cps.entry(Stream::Gtk).or_insert_with(Checkpoint::default);
        cp.last_pull_ms = Some(self.now_ms());
        cp.pulled = remote_gtk.len() as u64;
        cp.session_id = Some(session_id.to_string());
        // Forget rejections of changes no longer planned (the record was fixed or is gone).
        for (stream, cp) in cps.iter_mut() {
            let planned = seen.get(stream);
            cp.rejected.retain(|fp, _| planned.is_some_and(|p| p.contains(fp)));
        }
        self.store.save_checkpoints(&cps)?;

        finish_counts(&mut report, std::mem::take(&mut outcomes));
        self.traffic(&mut report, before);
        Ok(report)
    }

    /// True when EMIS (PPDB search by name and birth date) still shows this santri's NIK
    /// active at another lembaga. The search masks identifiers: a hit is the same person when
    /// its masked NIK is the masked local NIK.
    async fn active_elsewhere(&self, s: &Santri, statistic_num: &str) -> Result<bool> {
        let Some(nik) = s.nik.as_ref().map(|n| digits(n.expose())) else {
            return Ok(true);
        };
        let dob = s.birth_date.as_deref().and_then(|d| Date::parse(d).ok());
        let hits = self.client.santri_search(s.full_name.expose(), dob, None).await?;
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

    fn traffic(&self, report: &mut SyncReport, before: crate::api::Traffic) {
        let t = self.client.traffic();
        report.requests = t.requests - before.requests;
        report.bytes = (t.bytes_in - before.bytes_in, t.bytes_out - before.bytes_out);
    }

    /// Sends one outbox entry with its stored key, saves its results, then the checkpoint.
    async fn push_entry(
        &mut self,
        outbox: &mut [OutboxEntry],
        i: usize,
        opts: &SyncOptions,
        report: &mut SyncReport,
    ) -> Result<()> {
        let entry = &mut outbox[i];
        entry.attempts += 1;
        let res = match entry.stream {
            Stream::Santri => {
                self.client
                    .submit_santri_batch(&entry.changes, &entry.idempotency_key)
                    .await
            }
            Stream::Gtk => {
                self.client
                    .submit_gtk_batch(&entry.changes, &entry.idempotency_key)
                    .await
            }
        };
        let results = match res {
            Ok(r) => r,
            // The server refused the whole batch for good (malformed, too large, key reused
            // with another body): every item is rejected with the server's reason, so that
            // the batch does not block every later sync and is not re-sent blindly.
            Err(e) if batch_refused(&e) => {
                let code = match e.root() {
                    Error::Conflict { code, .. } => format!("sync.batch_ditolak.{code}"),
                    other => format!("sync.batch_ditolak.http_{}", other.status().unwrap_or(0)),
                };
                let message = e.to_string();
                (0..entry.changes.len())
                    .map(|index| ItemResult {
                        index,
                        status: ItemStatus::Rejected,
                        id: None,
                        code: Some(code.clone()),
                        message: Some(message.clone()),
                    })
                    .collect()
            }
            Err(e) => {
                entry.last_error = Some(format!("{}: {e}", e.code()));
                let _ = self.store.save_outbox(outbox);
                return Err(e);
            }
        };
        self.crash(opts, FailPoint::AfterPush)?;
        let entry = &mut outbox[i];
        for r in &results {
            let Some(c) = entry.changes.get(r.index) else { continue };
            match r.status {
                ItemStatus::Applied => report.pushed += 1,
                ItemStatus::Rejected => {
                    self.rejected_now.insert(change_fingerprint(c));
                    report.rejected.push(Rejection {
                        key: c
                            .key
                            .get("nik")
                            .and_then(|v| v.as_str())
                            .map(crate::pii::mask_number)
                            .unwrap_or_else(|| "-".into()),
                        op: c.op,
                        code: r.code.clone().unwrap_or_else(|| "sync.ditolak".into()),
                        message: r.message.clone().unwrap_or_default(),
                    })
                }
            }
        }
        entry.results = results;
        entry.state = OutboxState::Acked;
        entry.last_error = None;
        let batch_id = entry.batch_id.clone();
        let stream = entry.stream;
        self.store.save_outbox(outbox)?;
        self.crash(opts, FailPoint::AfterAck)?;
        let mut cps = self.store.load_checkpoints()?;
        let cp = cps.entry(stream).or_default();
        cp.last_acked_batch = Some(batch_id);
        remember(cp, &outbox[i], &outbox[i].session_id);
        self.store.save_checkpoints(&cps)?;
        self.crash(opts, FailPoint::AfterCheckpoint)?;
        Ok(())
    }
}

/// Rejections worth sending again as they are (the server said so, or the period is closed).
fn is_transient_rejection(code: &str) -> bool {
    matches!(code, "sync.ditolak_sementara" | "sync.periode_tutup")
}

/// A whole-batch answer that will not change if the same request is sent again.
fn batch_refused(e: &Error) -> bool {
    matches!(
        e.root(),
        Error::Http {
            status: 400 | 413 | 422,
            ..
        } | Error::Conflict { .. }
    )
}

/// Fingerprint of a change (what was sent), to recognise the same change in a later session.
fn change_fingerprint(c: &Change) -> String {
    hex(content_hash_of(&serde_json::to_string(c).unwrap_or_default()))
}

/// Remembers the permanent rejections of an answered batch (and forgets changes it applied).
/// True when the memory changed.
fn remember(cp: &mut Checkpoint, entry: &OutboxEntry, session_id: &str) -> bool {
    let mut changed = false;
    for r in &entry.results {
        let Some(c) = entry.changes.get(r.index) else { continue };
        let fp = change_fingerprint(c);
        match r.status {
            ItemStatus::Applied => changed |= cp.rejected.remove(&fp).is_some(),
            ItemStatus::Rejected => {
                let code = r.code.clone().unwrap_or_else(|| "sync.ditolak".into());
                if is_transient_rejection(&code) || cp.rejected.contains_key(&fp) {
                    continue;
                }
                cp.rejected.insert(
                    fp,
                    RememberedRejection {
                        op: c.op,
                        key: c
                            .key
                            .get("nik")
                            .and_then(|v| v.as_str())
                            .map(crate::pii::mask_number)
                            .unwrap_or_else(|| "-".into()),
                        code,
                        message: r.message.clone().unwrap_or_default(),
                        session_id: session_id.to_string(),
                    },
                );
                changed = true;
            }
        }
    }
    changed
}

/// What a human must do about a permanent rejection.
fn human_for_rejection(local: Option<usize>, code: &str) -> HumanItem {
    if code == "sync.nik_aktif_di_lembaga_lain" {
        return HumanItem {
            local,
            remote: None,
            ..GANDA_ELSEWHERE
        };
    }
    HumanItem {
        local,
        remote: None,
        code: "sync.ditolak_server",
        message_id: "Ditolak EMIS: perbaiki data sesuai alasan dari server, lalu sinkronkan lagi.",
        message_en: "Rejected by EMIS: fix the record as the server's reason says, then sync again.",
    }
}

/// Marks a record rejected for good: its code, GANDA for data ganda, and a human decision.
fn note_rejection(outcomes: &mut [Outcome], needs_human: &mut Vec<HumanItem>, local: Option<usize>, code: &str) {
    if let Some(o) = outcomes.iter_mut().find(|o| local.is_some() && o.0 == local) {
        if code == "sync.nik_aktif_di_lembaga_lain" {
            o.1.status = Status::Ganda;
        }
        if !o.1.codes.iter().any(|c| c == code) {
            o.1.codes.push(code.to_string());
        }
    }
    needs_human.push(human_for_rejection(local, code));
}

fn content_hash_of(s: &str) -> u64 {
    super::normalize::fnv1a(s.bytes())
}

fn batches(plan: &Plan, size: usize) -> Vec<Vec<Change>> {
    plan.pushes
        .chunks(size.max(1))
        .map(|c| c.iter().map(|p| p.change.clone()).collect())
        .collect()
}

/// GTK present locally (valid NIK) but not on EMIS (by NIK or NIP) become creates.
fn plan_gtk(local: &[Gtk], remote: &[Gtk]) -> Vec<Change> {
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

/// EMIS wins: fields EMIS carries replace local ones; fields only local stay.
fn merge_from_remote(local: &Santri, remote: &Santri) -> Santri {
    super::normalize::overlay_fields(local, remote).unwrap_or_else(|| local.clone())
}

type Outcome = (Option<usize>, RecordOutcome);

fn outcomes_of(recon: &Reconciliation, local: &[Santri], remote: &[Santri]) -> Vec<Outcome> {
    recon
        .entries
        .iter()
        .map(|e| {
            let rec = e.local.map(|i| &local[i]).or_else(|| e.remote.map(|i| &remote[i]));
            let mut codes: Vec<String> = e.codes.iter().map(|c| c.to_string()).collect();
            codes.extend(e.diffs.iter().map(|d| format!("field.{}", d.field)));
            if !e.near_duplicates.is_empty() {
                codes.push("sync.mungkin_ganda".into());
            }
            (
                e.local,
                RecordOutcome {
                    key: rec.map(masked_key).unwrap_or_default(),
                    status: e.status,
                    codes,
                },
            )
        })
        .collect()
}

fn finish_counts(report: &mut SyncReport, outcomes: Vec<Outcome>) {
    for s in Status::ALL {
        report.counts.insert(s.as_str().into(), 0);
    }
    for (_, o) in outcomes {
        *report.counts.entry(o.status.as_str().into()).or_default() += 1;
        report.records.push(o);
    }
}

/// Canonical content hash of a local record (hex), as stored next to records by apps.
pub fn record_hash(s: &Santri) -> String {
    hex(content_hash(s))
}
