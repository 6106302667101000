//! Endpoints the project assumed before it read public clients: batch writes with an
//! idempotency key, queued sync jobs, account registration, the period list. Only the
//! simulator's extended profile serves them; the real EMIS answers 404 (reported as
//! unsupported).

use super::client::EmisClient;
use super::endpoints::{self, Endpoint};
use super::envelope::decode_results;
use super::santri::multipart;
use super::send::{Body, Call};
use super::types::*;
use crate::error::{Error, Result};
use crate::model::Periode;
use std::time::Duration;

impl EmisClient {
    /// The server's periods (ids come from here, never computed). Extended profile only.
    pub async fn periods(&self) -> Result<Vec<Periode>> {
        Ok(self.get(Call::new(&endpoints::PERIODS)).await?.0)
    }

    /// Submits santri changes with an idempotency key (extended profile only).
    pub async fn submit_santri_batch(&self, changes: &[Change], idempotency_key: &str) -> Result<Vec<ItemResult>> {
        self.submit(&endpoints::SANTRI_BATCH, changes, idempotency_key).await
    }

    /// Queues a sync job (202 + job id + queue position).
    pub async fn start_sync_job(&self, scope: &str, idempotency_key: &str) -> Result<SyncJob> {
        let body = serde_json::json!({ "scope": scope });
        let mut call = Call::new(&endpoints::SYNC_JOB_START).body(Body::Json(body));
        call.idempotency_key = Some(idempotency_key);
        Ok(self.get(call).await?.0)
    }

    /// A job's state.
    pub async fn sync_job(&self, job_id: &str) -> Result<SyncJob> {
        Ok(self.get(Call::new(&endpoints::SYNC_JOB_STATUS).id(job_id)).await?.0)
    }

    /// Polls a job until done or failed, reporting queue position; bounded by `max_queue_wait`.
    pub async fn wait_sync_job(&self, job_id: &str, progress: &(dyn Fn(&QueueProgress) + '_)) -> Result<SyncJob> {
        let start = self.inner.clock.now_unix_ms();
        loop {
            let job = self.sync_job(job_id).await?;
            progress(&QueueProgress {
                what: "sync_job",
                id: job.job_id.clone(),
                queue_position: job.queue_position,
                estimated_wait_seconds: job.estimated_wait_seconds,
            });
            if matches!(job.status, JobStatus::Done | JobStatus::Failed) {
                return Ok(job);
            }
            self.wait_step(start, job.estimated_wait_seconds).await?;
        }
    }

    async fn wait_step(&self, start_ms: i64, estimate_s: Option<u64>) -> Result<()> {
        let waited = Duration::from_millis((self.inner.clock.now_unix_ms() - start_ms).max(0) as u64);
        if waited >= self.inner.cfg.max_queue_wait {
            return Err(Error::Timeout(self.inner.cfg.max_queue_wait));
        }
        let step = estimate_s
            .map(|s| Duration::from_secs(s).min(self.inner.cfg.max_poll_interval))
            .unwrap_or(self.inner.cfg.poll_interval)
            .max(self.inner.cfg.poll_interval.min(Duration::from_millis(200)));
        self.inner.sleep.sleep(step).await;
        Ok(())
    }

    /// Registers a pengelola account (multipart with the surat tugas upload).
    pub async fn register(&self, reg: &Registration) -> Result<RegistrationStatus> {
        let boundary = format!("emis-{:x}", self.inner.clock.now_unix_ms());
        let kind = reg.kind.group_id().to_string();
        let mut fields: Vec<(String, String)> = vec![
            ("full_name".into(), reg.full_name.clone()),
            ("email".into(), reg.email.clone()),
            ("phone".into(), reg.phone.clone()),
            ("nik".into(), reg.nik.expose().to_string()),
            ("institution_group_id".into(), kind),
            ("sk_number".into(), reg.sk_number.clone()),
        ];
        if let Some(s) = &reg.statistic_num {
            fields.push(("statistic_num".into(), s.clone()));
        }
        if let Some(n) = &reg.npsn {
            fields.push(("npsn".into(), n.clone()));
        }
        let (fname, ctype, bytes) = &reg.surat_tugas;
        let body = multipart(&boundary, &fields, &[("surat_tugas", fname, ctype, bytes)]);
        let ct = format!("multipart/form-data; boundary={boundary}");
        let call = Call::new(&endpoints::REGISTER).body(Body::Multipart(ct, body));
        Ok(self.call(call, false, decode_results).await?.0)
    }

    /// A registration's state.
    pub async fn registration_status(&self, id: &str) -> Result<RegistrationStatus> {
        Ok(self
            .call(Call::new(&endpoints::REGISTRATION_STATUS).id(id), false, decode_results)
            .await?
            .0)
    }

    /// Polls until approved or rejected, reporting the queue position.
    pub async fn wait_registration(
        &self,
        id: &str,
        progress: &(dyn Fn(&QueueProgress) + '_),
    ) -> Result<RegistrationStatus> {
        let start = self.inner.clock.now_unix_ms();
        loop {
            let st = self.registration_status(id).await?;
            progress(&QueueProgress {
                what: "registration",
                id: st.registration_id.clone(),
                queue_position: st.queue_position,
                estimated_wait_seconds: None,
            });
            if st.status != RegistrationState::Pending {
                return Ok(st);
            }
            self.wait_step(start, None).await?;
        }
    }

    pub(crate) async fn submit(&self, ep: &Endpoint, changes: &[Change], key: &str) -> Result<Vec<ItemResult>> {
        if key.trim().is_empty() {
            return Err(Error::Config("idempotency key kosong".into()));
        }
        let body = serde_json::json!({ "items": changes });
        let mut call = Call::new(ep).body(Body::Json(body));
        call.idempotency_key = Some(key);
        #[derive(serde::Deserialize)]
        struct Items {
            items: Vec<ItemResult>,
        }
        let (items, _): (Items, _) = self.get(call).await?;
        if items.items.len() != changes.len() || items.items.iter().any(|i| i.index >= changes.len()) {
            return Err(Error::Decode {
                path: "results.items".into(),
                message: format!(
                    "server mengembalikan {} hasil untuk {} item / item count mismatch",
                    items.items.len(),
                    changes.len()
                ),
            });
        }
        Ok(items.items)
    }
}
