//! The thin async driver: pull → settle earlier writes → reconcile → plan → outbox → send
//! one write at a time → look up what is unknown → SIMPEG → save → journal.
//!
//! Decisions live in the sans-IO modules (`reconcile`, `plan`, `outbox`, `simpeg`); this
//! file moves data and persists in the order that makes a crash at any point safe: an entry
//! is saved as `sent` *before* its request leaves, and its answer is saved before the next
//! one is sent. An entry left `sent` (lost answer, crash, kill) is looked up in a fresh pull
//! before anything is sent again — the real EMIS has no idempotency key.

use super::outbox::{OutboxEntry, WriteState};
use super::plan::{GANDA_ELSEWHERE, plan_gtk, plan_santri};
use super::reconcile::reconcile_santri;
use super::report::{CancelToken, Progress, Rejection, Stage, SyncOptions, SyncReport};
use super::store::{Checkpoint, JournalEntry, JournalWrite, LocalStore, SessionResult, Stream};
use crate::api::{ChangeOp, CreateOutcome, EmisClient};
use crate::catalog::codes;
use crate::error::{Error, Result};
use crate::model::Santri;
use crate::rules::RuleContext;
use crate::transport::MaybeSendSync;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Receives [`Progress`].
pub trait ProgressSink: MaybeSendSync {
    /// One progress report.
    fn progress(&self, p: &Progress);
}

impl<F: Fn(&Progress) + MaybeSendSync> ProgressSink for F {
    fn progress(&self, p: &Progress) {
        self(p)
    }
}

/// Runs syncs for one lembaga. Owns cheap handles (a client clone, a boxed store, a shared
/// progress sink), so bindings can hold it.
pub struct SyncEngine {
    client: EmisClient,
    store: Box<dyn LocalStore>,
    progress: Option<Arc<dyn ProgressSink>>,
    cancel: Option<CancelToken>,
}

impl SyncEngine {
    /// An engine over a client and a store.
    pub fn new(client: EmisClient, store: Box<dyn LocalStore>) -> SyncEngine {
        SyncEngine {
            client,
            store,
            progress: None,
            cancel: None,
        }
    }
    /// Reports progress (stage, done, total, estimated end).
    pub fn on_progress(mut self, f: impl ProgressSink + 'static) -> Self {
        self.progress = Some(Arc::new(f));
        self
    }
    /// Stops between two writes once `token` is cancelled.
    pub fn cancel_token(mut self, token: CancelToken) -> Self {
        self.cancel = Some(token);
        self
    }
    /// The store.
    pub fn store(&self) -> &dyn LocalStore {
        self.store.as_ref()
    }
    /// The store, mutable.
    pub fn store_mut(&mut self) -> &mut dyn LocalStore {
        self.store.as_mut()
    }
    /// Gives the store back.
    pub fn into_store(self) -> Box<dyn LocalStore> {
        self.store
    }
    /// The client.
    pub fn client(&self) -> &EmisClient {
        &self.client
    }

    fn report(&self, stage: Stage, done: u64, total: Option<u64>, eta_ms: Option<i64>) {
        if let Some(f) = &self.progress {
            f.progress(&Progress {
                stage,
                done,
                total,
                eta_ms,
            });
        }
    }

    pub(crate) fn simpeg_progress(&self, stage: Stage, done: u64, total: u64) {
        self.report(stage, done, Some(total), None);
    }

    fn cancelled(&self) -> bool {
        self.cancel.as_ref().is_some_and(CancelToken::is_cancelled)
    }

    fn now_ms(&self) -> i64 {
        self.client.now_ms()
    }

    /// Runs one sync session and journals it (success, failure or cancellation).
    pub async fn run(&mut self, opts: &SyncOptions) -> Result<SyncReport> {
        self.store.lock_for_sync()?;
        // Session ids must be unique in this store even when the clock stands still or goes
        // back: a session starts after the last journalled one.
        let now = self.now_ms();
        let started = match self.store.journal_lines()?.iter().map(|e| e.started_at_ms).max() {
            Some(last) if last >= now => last + 1,
            _ => now,
        };
        let tag = super::normalize::fnv1a(opts.statistic_num.bytes()) & 0xffff;
        let session_id = format!("{started:x}-{tag:04x}");
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
            writes: Vec::new(),
            write_states: BTreeMap::new(),
        };
        self.store.append_journal(&journal)?;
        let result = self.session(opts, &session_id).await;
        journal.finished_at_ms = Some(self.now_ms().max(started));
        // Every write this session touched, with where it stands (also on failure).
        if let Ok(outbox) = self.store.load_outbox() {
            for e in &outbox {
                if let Some(h) = e.history.iter().rev().find(|h| h.session_id == session_id) {
                    journal.writes.push(JournalWrite {
                        key: e.key_masked.clone(),
                        op: e.change.op,
                        state: e.state,
                        code: e.code.clone(),
                        message: e.message.clone(),
                        at_ms: h.at_ms,
                    });
                }
                *journal.write_states.entry(e.state.as_str().into()).or_default() += 1;
            }
        }
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
        self.store.append_journal(&journal)?;
        // Approved writes are in the journal now; the outbox keeps what may still change.
        if !opts.dry_run && result.is_ok() {
            let mut outbox = self.store.load_outbox()?;
            let before = outbox.len();
            outbox.retain(|e| e.state != WriteState::Disetujui);
            if outbox.len() != before {
                self.store.save_outbox(&outbox)?;
            }
        }
        result
    }

    async fn pull(&self, opts: &SyncOptions, report: &mut SyncReport) -> Result<Vec<Santri>> {
        let (remote, warnings) = self.client.santri_all_tolerant(opts.per_page).await?;
        report.shape_warnings(warnings);
        Ok(remote)
    }

    /// Settles earlier sends with a fresh pull (sans-IO rules in `outbox_merge::settle`).
    fn settle(&self, outbox: &mut [OutboxEntry], remote: &[Santri], session_id: &str, report: &mut SyncReport) -> bool {
        super::outbox_merge::settle(outbox, remote, self.now_ms(), session_id, report)
    }

    async fn session(&mut self, opts: &SyncOptions, session_id: &str) -> Result<SyncReport> {
        let mut report = SyncReport::new(session_id, opts.dry_run);
        let before = self.client.traffic();

        // 1. Pull (the first call logs in; the rest go together, paced by the client).
        self.report(Stage::Pull, 0, None, None);
        let lembaga = match self.client.lembaga_info_tolerant(&opts.statistic_num).await {
            Ok((l, w)) => {
                report.shape_warnings(w.into_iter().map(|mut w| {
                    w.path = format!("lembaga.{}", w.path);
                    w
                }));
                Some(l)
            }
            Err(Error::Unsupported { endpoint }) => {
                report.unsupported(endpoint);
                None
            }
            Err(e) => return Err(e),
        };
        let (remote, remote_gtk) = futures_util::future::join(
            self.client.santri_all_tolerant(opts.per_page),
            self.client.gtk_all_tolerant(&opts.statistic_num, opts.per_page),
        )
        .await;
        let (mut remote, warnings) = remote?;
        report.shape_warnings(warnings);
        let remote_gtk = match remote_gtk {
            Ok((g, _)) => g,
            Err(Error::Unsupported { endpoint }) => {
                report.unsupported(endpoint);
                Vec::new()
            }
            Err(e) => return Err(e),
        };
        self.report(Stage::Pull, remote.len() as u64, Some(remote.len() as u64), None);
        self.check_cancel()?;

        // 2. Settle what earlier sessions sent.
        self.report(Stage::Resume, 0, None, None);
        let mut outbox = self.store.load_outbox()?;
        if !opts.dry_run && self.settle(&mut outbox, &remote, session_id, &mut report) {
            self.store.save_outbox(&outbox)?;
        }

        // 3. Verify and plan.
        self.report(Stage::Verify, 0, None, None);
        let mut local = self.store.load_santri()?;
        let mut ctx = RuleContext::new(opts.today);
        ctx.lembaga_kind = lembaga.as_ref().and_then(|l| l.institution_group_id);
        ctx.lembaga_statistic_num = Some(opts.statistic_num.clone());
        // A NIK EMIS refused as active elsewhere is GANDA until the search says it cleared.
        let mut cleared: Vec<String> = Vec::new();
        for e in outbox
            .iter()
            .filter(|e| e.code.as_deref() == Some(GANDA_ELSEWHERE.as_str()))
        {
            let nik = e
                .change
                .key
                .get("nik")
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string();
            let still = if opts.dry_run || opts.retry_rejected {
                true
            } else {
                match e.record.as_ref() {
                    Some(r) => {
                        match super::outbox_merge::active_elsewhere(&self.client, r, &opts.statistic_num).await {
                            Ok(v) => v,
                            Err(Error::Unsupported { endpoint }) => {
                                report.unsupported(endpoint);
                                true
                            }
                            Err(e) if e.is_auth() => return Err(e),
                            Err(_) => true,
                        }
                    }
                    None => true,
                }
            };
            if still && !opts.retry_rejected {
                ctx.active_elsewhere.insert(nik);
            } else {
                cleared.push(e.entry_id.clone());
            }
        }
        let recon = reconcile_santri(&local, &remote, &ctx);
        self.report(Stage::Plan, 0, None, None);
        let plan = plan_santri(&recon, &local, &remote, opts.policy);
        let gtk_local = self.store.load_gtk()?;
        let gtk_creates = plan_gtk(&gtk_local, &remote_gtk);
        report.needs_human.extend(plan.needs_human.iter().cloned());
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

        // The period for creates: configured, else learnt from list rows, else remembered.
        let mut cps = self.store.load_checkpoints()?;
        let learnt = super::outcomes::most_common_year(&remote);
        report.academic_year_id = opts
            .academic_year_id
            .map(|y| (y, "konfigurasi".to_string()))
            .or_else(|| learnt.map(|y| (y, "learning_activity".to_string())))
            .or_else(|| {
                cps.get(&Stream::Santri)
                    .and_then(|c| c.academic_year_id)
                    .map(|y| (y, "checkpoint".into()))
            });
        let year = report.academic_year_id.as_ref().map(|(y, _)| *y);
        let admission = opts.admission_date.clone().unwrap_or_else(|| opts.today.to_string());

        // 4. Merge the plan into the outbox (sans-IO rules in `outbox_merge`).
        let now = self.now_ms();
        let mut planned: Vec<OutboxEntry> = plan
            .pushes
            .iter()
            .map(|p| OutboxEntry::new(Stream::Santri, p.change.clone(), p.record.clone(), session_id, now))
            .collect();
        planned.extend(
            gtk_creates
                .into_iter()
                .map(|c| OutboxEntry::new(Stream::Gtk, c, None, session_id, now)),
        );
        let skipped = super::outbox_merge::merge(&mut outbox, planned, &cleared, opts.retry_rejected, session_id, now);
        for e in skipped {
            report.previously_rejected.push(Rejection {
                key: e.key_masked.clone(),
                op: e.change.op,
                code: e.code.clone().unwrap_or_else(|| codes::SYNC_DITOLAK_SERVER.into()),
                message: e.message.clone().unwrap_or_default(),
            });
            if e.code.as_deref() != Some(GANDA_ELSEWHERE.as_str()) {
                report.needs_human.push(super::outbox_merge::human_for(&e));
            }
        }

        let mut outcomes = super::outcomes::of(&recon, &local, &remote);
        if opts.dry_run {
            super::outcomes::finish(&mut report, outcomes, &outbox);
            self.traffic(&mut report, before);
            return Ok(report);
        }
        self.store.save_outbox(&outbox)?;

        // 5. Send, one write at a time; look up what is unknown; again, bounded.
        let mut sent_now = 0usize;
        for round in 0..=opts.max_lookup_rounds {
            let unknown = self
                .push(
                    &mut outbox,
                    opts,
                    year,
                    &admission,
                    session_id,
                    &mut report,
                    &mut sent_now,
                )
                .await?;
            if unknown == 0 {
                break;
            }
            // The answer of a write was lost: a fresh pull says whether it happened, before
            // anything is sent again (and before the session ends).
            self.report(Stage::Resume, 0, Some(unknown as u64), None);
            remote = self.pull(opts, &mut report).await?;
            if self.settle(&mut outbox, &remote, session_id, &mut report) {
                self.store.save_outbox(&outbox)?;
            }
            if round == opts.max_lookup_rounds {
                break;
            }
        }

        // 6. SIMPEG.
        let mut gtk = gtk_local;
        if opts.simpeg {
            super::simpeg_step::run(self, &mut gtk, &mut report).await?;
        }

        // 7. Apply locally (EMIS wins updates, imports, server ids), checkpoint.
        self.report(Stage::Save, 0, None, None);
        super::outcomes::apply_local(&mut local, &remote, &plan, &recon, &outbox, &mut report);
        self.store.save_santri(&local)?;
        self.store.save_gtk(&gtk)?;
        for (stream, n) in [(Stream::Santri, remote.len()), (Stream::Gtk, remote_gtk.len())] {
            let cp = cps.entry(stream).or_insert_with(Checkpoint::default);
            cp.last_pull_ms = Some(self.now_ms());
            cp.pulled = n as u64;
            cp.session_id = Some(session_id.to_string());
            if stream == Stream::Santri && learnt.is_some() {
                cp.academic_year_id = learnt;
            }
        }
        self.store.save_checkpoints(&cps)?;
        super::outcomes::mark_writes(&mut outcomes, &local, &outbox);
        super::outcomes::finish(&mut report, outcomes, &outbox);
        self.traffic(&mut report, before);
        Ok(report)
    }

    fn check_cancel(&self) -> Result<()> {
        if self.cancelled() {
            Err(Error::Cancelled)
        } else {
            Ok(())
        }
    }

    /// Sends every queued entry (santri first). Returns how many ended with an unknown
    /// outcome (left `sent`, looked up next).
    #[allow(clippy::too_many_arguments)]
    async fn push(
        &mut self,
        outbox: &mut [OutboxEntry],
        opts: &SyncOptions,
        year: Option<i64>,
        admission: &str,
        session_id: &str,
        report: &mut SyncReport,
        sent_now: &mut usize,
    ) -> Result<usize> {
        let queue: Vec<usize> = (0..outbox.len())
            .filter(|&i| outbox[i].state == WriteState::Queued)
            .collect();
        let total = queue.len() as u64;
        let interval = self.client.config().pacing.write_interval.as_millis() as i64;
        let mut unknown = 0usize;
        let mut unsupported: Vec<(Stream, ChangeOp)> = Vec::new();
        for (n, &i) in queue.iter().enumerate() {
            let left = total - n as u64;
            self.report(
                Stage::Push,
                n as u64,
                Some(total),
                Some(self.now_ms() + left as i64 * interval),
            );
            // Ctrl-C lands here: the write in flight has finished and is saved.
            self.check_cancel()?;
            if opts.max_writes.is_some_and(|m| *sent_now >= m) {
                break;
            }
            let kind = (outbox[i].stream, outbox[i].change.op);
            if unsupported.contains(&kind) {
                outbox[i].set_state(WriteState::TidakDidukung, self.now_ms(), session_id);
                continue;
            }
            if kind == (Stream::Santri, ChangeOp::Create) && year.is_none() {
                return Err(Error::Config(
                    "academic_year_id tidak diketahui: isi --academic-year-id (lihat di portal EMIS) / unknown period id".into(),
                ));
            }
            // Saved as `sent` before the request leaves: a crash now means "look it up".
            outbox[i].set_state(WriteState::Sent, self.now_ms(), session_id);
            outbox[i].sends += 1;
            self.store.save_outbox(outbox)?;
            *sent_now += 1;
            let e = &outbox[i];
            let answer: Result<CreateOutcome> = match kind {
                (Stream::Santri, ChangeOp::Create) => match &e.record {
                    Some(r) => self.client.create_santri(r, year, Some(admission)).await,
                    None => Err(Error::Config("outbox tanpa data santri".into())),
                },
                (Stream::Santri, ChangeOp::Update) => match (&e.record, e.change.id.as_deref()) {
                    (Some(r), Some(id)) => self.client.update_santri(id, r, year, Some(admission)).await,
                    _ => Err(Error::Unsupported {
                        endpoint: "santri_update",
                    }),
                },
                // Nothing public shows how EMIS records mutasi or deactivation, nor GTK writes.
                (Stream::Santri, _) => Err(Error::Unsupported {
                    endpoint: "santri_mutasi",
                }),
                (Stream::Gtk, _) => Err(Error::Unsupported { endpoint: "gtk_create" }),
            };
            let now = self.now_ms();
            let e = &mut outbox[i];
            match answer {
                Ok(a) => {
                    e.apply_answer(&a, now, session_id);
                    if e.state.is_applied() {
                        report.pushed += 1;
                    }
                    if e.state == WriteState::Ditolak {
                        report.rejected.push(Rejection {
                            key: e.key_masked.clone(),
                            op: e.change.op,
                            code: e.code.clone().unwrap_or_default(),
                            message: e.message.clone().unwrap_or_default(),
                        });
                        report.needs_human.push(super::outbox_merge::human_for(e));
                    }
                }
                Err(Error::Unsupported { endpoint }) => {
                    e.set_state(WriteState::TidakDidukung, now, session_id);
                    e.code = Some(codes::SYNC_TIDAK_DIDUKUNG.into());
                    report.unsupported(endpoint);
                    unsupported.push(kind);
                }
                Err(Error::OutcomeUnknown { last }) => {
                    // Stays `sent`: looked up in a fresh pull, never sent blind.
                    tracing::info!(target: "emis::sync", error = %last, "write outcome unknown; will look it up");
                    unknown += 1;
                    self.store.save_outbox(outbox)?;
                    // Keep going only while the server answers: look up first.
                    return Ok(unknown);
                }
                Err(err) => {
                    // Refused before it was applied (session, 429s, refused connection...).
                    e.set_state(WriteState::Queued, now, session_id);
                    self.store.save_outbox(outbox)?;
                    return Err(err);
                }
            }
            self.store.save_outbox(outbox)?;
        }
        self.report(Stage::Push, total, Some(total), None);
        Ok(unknown)
    }

    fn traffic(&self, report: &mut SyncReport, before: crate::api::Traffic) {
        let t = self.client.traffic();
        report.requests = t.requests - before.requests;
        report.bytes = (t.bytes_in - before.bytes_in, t.bytes_out - before.bytes_out);
    }
}
