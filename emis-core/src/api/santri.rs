//! Santri endpoints: the list (paged, tolerant), detail, PPDB search, and the writes as the
//! real EMIS has them — one multipart `POST /v1/students/ppdb` per santri, an update whose
//! shape is configurable (assumed), and no idempotency key.

use super::client::EmisClient;
use super::endpoints::{self, Endpoint};
use super::send::{Body, Call};
use super::types::Page;
use crate::error::{Error, Result};
use crate::model::Santri;
use crate::model::tolerant::{self, ShapeWarning};
use serde::Serialize;

/// How a 422 on a create is read: case-insensitive substrings of the server's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectionTexts {
    /// "The NIK is already registered at this lembaga."
    pub already_here: Vec<String>,
    /// "The NIK is still active at another lembaga" (data ganda).
    pub elsewhere: Vec<String>,
}

impl Default for RejectionTexts {
    fn default() -> Self {
        RejectionTexts {
            already_here: [
                "sudah terdaftar",
                "already registered",
                "sudah ada",
                "has already been taken",
            ]
            .map(String::from)
            .to_vec(),
            elsewhere: ["lembaga lain", "masih aktif", "active at another", "aktif di"]
                .map(String::from)
                .to_vec(),
        }
    }
}

/// Why the server refused a write (it was not applied).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WriteRefusal {
    /// The NIK is already registered at this lembaga: for our own earlier create, done.
    AlreadyHere,
    /// The NIK is active at another lembaga (data ganda): mutasi keluar there first.
    ActiveElsewhere,
    /// Refused for another reason (validation, closed period...).
    Rejected,
}

/// The answer to a write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum CreateOutcome {
    /// Applied; the server id when the answer carried one.
    Applied {
        /// Server id.
        id: Option<String>,
    },
    /// Not applied, with the server's status and message (identifiers masked).
    Refused {
        /// Why.
        kind: WriteRefusal,
        /// HTTP status.
        status: u16,
        /// The server's message.
        message: String,
    },
}

/// The rows of a list answer: an array, or `{data: [...]}` (some Laravel paginators).
pub(crate) fn rows_of(v: serde_json::Value) -> Result<Vec<serde_json::Value>> {
    match v {
        serde_json::Value::Array(a) => Ok(a),
        serde_json::Value::Null => Ok(Vec::new()),
        serde_json::Value::Object(mut m) if m.get("data").is_some_and(|d| d.is_array()) => match m.remove("data") {
            Some(serde_json::Value::Array(a)) => Ok(a),
            _ => Ok(Vec::new()),
        },
        _ => Err(Error::Decode {
            path: "results".into(),
            message: "harus daftar / expected a list".into(),
        }),
    }
}

/// A multipart/form-data body: text fields, then files `(field, file name, type, bytes)`.
pub(crate) fn multipart(boundary: &str, fields: &[(String, String)], files: &[(&str, &str, &str, &[u8])]) -> Vec<u8> {
    let clean = |s: &str| -> String { s.chars().filter(|c| !matches!(c, '"' | '\r' | '\n')).collect() };
    let mut b = Vec::new();
    for (k, v) in fields {
        b.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"\r\n\r\n{v}\r\n",
                clean(k)
            )
            .as_bytes(),
        );
    }
    for (name, fname, ctype, bytes) in files {
        b.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
                clean(name),
                clean(fname),
                clean(ctype)
            )
            .as_bytes(),
        );
        b.extend_from_slice(bytes);
        b.extend_from_slice(b"\r\n");
    }
    b.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    b
}

impl EmisClient {
    /// One page of the santri list (1-based `page`), read tolerantly: strict only on the
    /// fields the sync decides on.
    pub async fn santri_page(&self, page: u64, per_page: u64) -> Result<Page<Santri>> {
        let q = vec![("page", page.to_string()), ("per_page", per_page.to_string())];
        let (v, meta) = self
            .get::<serde_json::Value>(Call::new(&endpoints::SANTRI_LIST).query(q))
            .await?;
        let rows = rows_of(v)?;
        let (items, warnings) =
            tolerant::decode_rows_audited::<Santri>(rows, tolerant::SANTRI_STRICT, tolerant::SANTRI_SHAPES, "results")
                .map_err(|e| Error::Decode {
                    path: e.path,
                    message: e.message,
                })?;
        Ok(Page { items, meta, warnings })
    }

    /// Every santri with the shape warnings of every page.
    pub async fn santri_all_tolerant(&self, per_page: u64) -> Result<(Vec<Santri>, Vec<ShapeWarning>)> {
        self.collect_pages(per_page, move |c, p, n| Box::pin(c.santri_page(p, n)))
            .await
    }

    /// Every santri.
    pub async fn santri_all(&self, per_page: u64) -> Result<Vec<Santri>> {
        Ok(self.santri_all_tolerant(per_page).await?.0)
    }

    /// Santri detail by server id (encrypted with the configured [`super::IdEncryptor`]).
    pub async fn santri_detail(&self, id: &str) -> Result<Santri> {
        let enc = self.inner.ids.encrypt(id)?;
        let (v, _) = self
            .get::<serde_json::Value>(Call::new(&endpoints::SANTRI_DETAIL).id(&enc))
            .await?;
        tolerant::decode::<Santri>(v, tolerant::SANTRI_STRICT)
            .map(|(s, _)| s)
            .map_err(|e| Error::Decode {
                path: format!("results.{}", e.path),
                message: e.message,
            })
    }

    /// PPDB search by name and birth date / place, across lembaga (NIKs come masked).
    /// "Not found" (EMIS answers it as HTTP 200) is an empty list.
    pub async fn santri_search(
        &self,
        name: &str,
        birth_date: Option<crate::date::Date>,
        birth_place: Option<&str>,
    ) -> Result<Vec<serde_json::Value>> {
        let mut q = vec![("q", name.to_string())];
        if let Some(d) = birth_date {
            q.push(("fdob", d.to_string()));
        }
        if let Some(p) = birth_place {
            q.push(("fbirthplace", p.to_string()));
        }
        match self
            .get::<serde_json::Value>(Call::new(&endpoints::SANTRI_SEARCH).query(q))
            .await
        {
            Ok((v, _)) => rows_of(v).or(Ok(Vec::new())),
            Err(Error::NotFound(_)) => Ok(Vec::new()),
            Err(e) => Err(e),
        }
    }

    /// Creates one santri: a multipart `POST /v1/students/ppdb` with `is_pontren=1`.
    ///
    /// `Ok(Refused)` when the server refused it (not applied). An answer that was lost after
    /// sending is [`Error::OutcomeUnknown`]: the caller must look the santri up before sending
    /// it again (EMIS has no idempotency key).
    pub async fn create_santri(
        &self,
        s: &Santri,
        academic_year_id: Option<i64>,
        admission_date: Option<&str>,
    ) -> Result<CreateOutcome> {
        let fields = super::ppdb::form_fields(s, academic_year_id, admission_date);
        self.write_form(&endpoints::SANTRI_CREATE, None, fields).await
    }

    /// Updates one santri by server id (the request shape is [`super::UpdateRequest`]).
    pub async fn update_santri(
        &self,
        id: &str,
        s: &Santri,
        academic_year_id: Option<i64>,
        admission_date: Option<&str>,
    ) -> Result<CreateOutcome> {
        let mut fields = super::ppdb::form_fields(s, academic_year_id, admission_date);
        if let Some(m) = &self.inner.cfg.update.method_field {
            fields.insert(0, ("_method".into(), m.clone()));
        }
        self.write_form(&endpoints::SANTRI_UPDATE, Some(id), fields).await
    }

    async fn write_form(
        &self,
        ep: &Endpoint,
        id: Option<&str>,
        fields: Vec<(String, String)>,
    ) -> Result<CreateOutcome> {
        let boundary = format!(
            "emis{:x}{:x}",
            self.now_ms(),
            self.inner.requests.load(std::sync::atomic::Ordering::Relaxed)
        );
        let body = multipart(&boundary, &fields, &[]);
        let mut call = Call::new(ep).body(Body::Multipart(
            format!("multipart/form-data; boundary={boundary}"),
            body,
        ));
        let update = &self.inner.cfg.update;
        if ep.name == endpoints::SANTRI_UPDATE.name {
            call.path = Some(update.path.as_str());
            call.method = Some(update.method);
        }
        if let Some(id) = id {
            call = call.id(id);
        }
        let res = self
            .call(call, true, |resp| {
                // Success: the id when the answer carries one; a body we cannot read after a
                // 2xx still means "applied".
                let id = super::envelope::envelope(resp).ok().and_then(|(r, _)| {
                    let id = r.get("id").or_else(|| r.get("student_id")).or_else(|| r.get("uuid"))?;
                    match id {
                        serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
                        serde_json::Value::Number(n) => Some(n.to_string()),
                        _ => None,
                    }
                });
                Ok(CreateOutcome::Applied { id })
            })
            .await;
        match res {
            Ok(o) => Ok(o),
            Err(e) => match e.root() {
                Error::Http {
                    status: status @ (400 | 409 | 413 | 422),
                    message,
                    ..
                } => Ok(self.refusal(*status, message)),
                Error::Conflict { message, .. } => Ok(self.refusal(409, message)),
                Error::NotFound(message) => Ok(CreateOutcome::Refused {
                    kind: WriteRefusal::Rejected,
                    status: 404,
                    message: message.clone(),
                }),
                _ => Err(e),
            },
        }
    }

    fn refusal(&self, status: u16, message: &str) -> CreateOutcome {
        let lower = message.to_lowercase();
        let has = |list: &[String]| list.iter().any(|t| lower.contains(&t.to_lowercase()));
        let texts = &self.inner.cfg.rejections;
        let kind = if has(&texts.elsewhere) {
            WriteRefusal::ActiveElsewhere
        } else if has(&texts.already_here) {
            WriteRefusal::AlreadyHere
        } else {
            WriteRefusal::Rejected
        };
        CreateOutcome::Refused {
            kind,
            status,
            message: message.to_string(),
        }
    }

    /// Reads every page: stops on an empty page, at `last_page`, or on a short page when the
    /// server says which page size it used.
    pub(crate) async fn collect_pages<'a, T: 'a>(
        &'a self,
        per_page: u64,
        fetch: impl Fn(&'a EmisClient, u64, u64) -> PageFuture<'a, T> + 'a,
    ) -> Result<(Vec<T>, Vec<ShapeWarning>)> {
        let per_page = per_page.max(1);
        let mut out = Vec::new();
        let mut warnings = Vec::new();
        let mut page = 1u64;
        loop {
            let p = fetch(self, page, per_page).await?;
            let n = p.items.len() as u64;
            let last = n == 0
                || p.meta.total_pages.is_some_and(|t| page >= t)
                || (p.meta.total_pages.is_none() && p.meta.per_page.is_some_and(|pp| n < pp));
            out.extend(p.items);
            warnings.extend(p.warnings.into_iter().map(|mut w| {
                if page > 1 {
                    w.path = format!("page{page}.{}", w.path);
                }
                w
            }));
            // A server that ignores `page` would send the same rows forever.
            if last || page >= 1_000 {
                break;
            }
            page += 1;
        }
        Ok((out, warnings))
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub(crate) type PageFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Page<T>>> + Send + 'a>>;
#[cfg(target_arch = "wasm32")]
pub(crate) type PageFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Page<T>>> + 'a>>;
