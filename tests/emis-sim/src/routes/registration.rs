//! Operator account registration: multipart with a `surat_tugas` file, `pending` with a queue
//! position, then `approved` (the operator account is created) or `rejected` with a reason
//! (statistic number / NPSN unknown or invalid, kind mismatch, invalid NIK, email taken).

use super::jobs::Queue;
use crate::datagen::OperatorAccount;
use crate::faults::QueueLen;
use crate::http::{ApiError, json_response, ok};
use crate::snapshot::RegistrationView;
use crate::state::{App, SimState};
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::{Extensions, StatusCode};
use axum::response::{IntoResponse, Response};
use emis_core::id;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Largest accepted `surat_tugas`.
pub(crate) const MAX_FILE: usize = 2 * 1024 * 1024;

#[derive(Debug, Clone)]
pub(crate) struct Registration {
    pub id: String,
    pub fields: BTreeMap<String, String>,
    pub file_name: String,
    pub file_size: usize,
    pub queue: Queue,
    /// (approved, reason, password)
    pub decision: Option<(bool, Option<String>, Option<String>)>,
}

impl Registration {
    fn field(&self, k: &str) -> Option<&str> {
        self.fields.get(k).map(|s| s.trim()).filter(|s| !s.is_empty())
    }

    pub fn view_for_state(&self) -> RegistrationView {
        let (status, reason, password) = match &self.decision {
            None => ("pending", None, None),
            Some((true, _, p)) => ("approved", None, p.clone()),
            Some((false, r, _)) => ("rejected", r.clone(), None),
        };
        RegistrationView {
            registration_id: self.id.clone(),
            email: self.field("email").unwrap_or_default().to_string(),
            status: status.to_string(),
            reason,
            password,
            file_name: self.file_name.clone(),
            file_size: self.file_size as u64,
        }
    }

    fn decide(&self, st: &SimState) -> Result<OperatorAccount, String> {
        let stat = self.field("statistic_num");
        let npsn = self.field("npsn");
        let lembaga = match (stat, npsn) {
            (Some(s), _) if !id::nomor_statistik::is_valid(s) => return Err("Nomor statistik tidak valid".into()),
            (Some(s), _) => st.lembaga(s).ok_or("Nomor statistik tidak terdaftar di EMIS")?,
            (None, Some(n)) if !id::npsn::is_valid(n) => return Err("NPSN tidak valid".into()),
            (None, Some(n)) => st
                .data
                .lembaga
                .iter()
                .find(|l| l.npsn == n)
                .ok_or("NPSN tidak terdaftar di EMIS")?,
            (None, None) => return Err("Nomor statistik atau NPSN wajib diisi".into()),
        };
        let group = self.field("institution_group_id").and_then(|g| g.parse::<i64>().ok());
        if group != Some(i64::from(lembaga.kind.group_id())) {
            return Err("Jenis lembaga (institution_group_id) tidak sesuai dengan nomor statistik".into());
        }
        if !self.field("nik").is_some_and(id::nik::is_valid) {
            return Err("NIK pemohon tidak valid".into());
        }
        let email = self.field("email").unwrap_or_default().to_string();
        if st.operators.contains_key(&email) {
            return Err("Email sudah terdaftar".into());
        }
        Ok(OperatorAccount {
            email,
            password: String::new(),
            nik: self.field("nik").unwrap_or_default().to_string(),
            statistic_num: lembaga.statistic_num.clone(),
            name: self.field("full_name").unwrap_or_default().to_string(),
        })
    }

    fn view(&self, now: i64, spp: u64) -> Value {
        let u = self.queue.progress(now, spp);
        let pos = self.queue.initial.saturating_sub(u);
        let (status, reason, account) = match &self.decision {
            None => ("pending", None, None),
            Some((true, _, _)) => ("approved", None, self.field("email").map(|e| json!({"email": e}))),
            Some((false, r, _)) => ("rejected", r.clone(), None),
        };
        json!({
            "registration_id": self.id,
            "status": status,
            "queue_position": if self.decision.is_some() { 0 } else { pos },
            "estimated_wait_seconds": if self.decision.is_some() { 0 } else { pos * spp },
            "reason": reason,
            "account": account,
        })
    }
}

fn is_pdf_or_jpeg(content_type: Option<&str>, bytes: &[u8]) -> bool {
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    ct == "application/pdf"
        || ct == "image/jpeg"
        || ct == "image/jpg"
        || bytes.starts_with(b"%PDF")
        || bytes.starts_with(&[0xFF, 0xD8, 0xFF])
}

const REQUIRED: [&str; 6] = [
    "full_name",
    "email",
    "phone",
    "nik",
    "institution_group_id",
    "sk_number",
];

/// `POST /v1/accounts/registrations` (multipart; no token needed). An optional `password`
/// field sets the password of the account created on approval (simulator extension; without
/// it a fake one is generated and shown in `/__sim/state`).
pub(crate) async fn create(
    State(app): State<App>,
    ext: Extensions,
    mp: Result<Multipart, MultipartRejection>,
) -> Response {
    let mut mp = match mp {
        Ok(m) => m,
        Err(e) => return ApiError::invalid(format!("multipart tidak valid: {e}")).into_response(),
    };
    let mut fields = BTreeMap::new();
    let mut file: Option<(String, usize)> = None;
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return ApiError::invalid(format!("multipart tidak valid: {e}")).into_response(),
        };
        let name = field.name().unwrap_or("").to_string();
        if name == "surat_tugas" {
            let file_name = field.file_name().unwrap_or("surat_tugas").to_string();
            let ct = field.content_type().map(str::to_string);
            let bytes = match field.bytes().await {
                Ok(b) => b,
                Err(e) => return ApiError::invalid(format!("file tidak terbaca: {e}")).into_response(),
            };
            if bytes.len() > MAX_FILE {
                return ApiError::invalid("surat_tugas maksimal 2 MB").into_response();
            }
            if !is_pdf_or_jpeg(ct.as_deref(), &bytes) {
                return ApiError::invalid("surat_tugas harus PDF atau JPEG").into_response();
            }
            file = Some((file_name, bytes.len()));
        } else if let Ok(text) = field.text().await {
            fields.insert(name, text);
        }
    }
    let Some((file_name, file_size)) = file else {
        return ApiError::invalid("file surat_tugas wajib diunggah").into_response();
    };
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|k| fields.get(*k).is_none_or(|v| v.trim().is_empty()))
        .collect();
    if !missing.is_empty() {
        return ApiError::invalid(format!("wajib diisi: {}", missing.join(", "))).into_response();
    }
    let mut st = app.lock();
    let id = format!("r-{:06}", st.next_registration);
    st.next_registration += 1;
    let initial = ext.get::<QueueLen>().map_or(st.cfg.queue_length, |q| q.0);
    let reg = Registration {
        id: id.clone(),
        fields,
        file_name,
        file_size,
        queue: Queue::new(st.now(), initial),
        decision: None,
    };
    let v = reg.view(st.now(), st.cfg.seconds_per_position);
    st.registrations.insert(id, reg);
    json_response(StatusCode::ACCEPTED, &json!({"success": true, "results": v}))
}

/// `GET /v1/accounts/registrations/{id}` (no token needed).
pub(crate) async fn status(State(app): State<App>, Path(id): Path<String>) -> Response {
    let mut st = app.lock();
    let (now, spp) = (st.now(), st.cfg.seconds_per_position);
    let Some(mut reg) = st.registrations.get(&id).cloned() else {
        return ApiError::not_found("Registrasi tidak ditemukan").into_response();
    };
    reg.queue.polls += 1;
    if reg.decision.is_none() && reg.queue.progress(now, spp) >= reg.queue.initial {
        reg.decision = Some(match reg.decide(&st) {
            Ok(mut acc) => {
                acc.password = reg
                    .field("password")
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("sim-FAKE-{}", st.rng.token_chars(8)));
                let pw = acc.password.clone();
                st.operators.insert(acc.email.clone(), acc);
                (true, None, Some(pw))
            }
            Err(reason) => (false, Some(reason), None),
        });
    }
    let v = reg.view(now, spp);
    st.registrations.insert(id, reg);
    ok(v)
}
