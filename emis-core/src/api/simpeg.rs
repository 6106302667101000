//! SIMPEG, two ways: the EMIS GTK "preview SIMPEG" page (cookie session pasted by the
//! operator; it compares the PTK's name and birth date with SIMPEG's), and PINTAR's
//! `cek_nip` (a Bearer copied from a PINTAR session) as the second source.

use super::client::EmisClient;
use super::endpoints;
use super::envelope::decode_json;
use super::send::{Body, Call};
use super::types::SimpegLookup;
use crate::error::{Error, Result};
use crate::model::SimpegSnapshot;
use crate::pii::Sensitive;
use serde::Serialize;

/// What the preview page says about one NIP (names masked in `Debug` and serde output is
/// the caller's choice: they are [`Sensitive`]).
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct SimpegPreview {
    /// SIMPEG knows the NIP.
    pub found: bool,
    /// The server's own verdicts, when sent.
    pub name_match: Option<bool>,
    /// The server's name similarity (0–1 or 0–100 as sent, normalised to 0–1).
    pub name_similarity: Option<f64>,
    /// Birth dates equal, per the server.
    pub birth_date_match: Option<bool>,
    /// Name in EMIS GTK (PTK).
    pub nama_ptk: Option<Sensitive>,
    /// Name in SIMPEG.
    pub nama_simpeg: Option<Sensitive>,
    /// Birth date in EMIS GTK.
    pub tgl_lahir_ptk: Option<String>,
    /// Birth date in SIMPEG.
    pub tgl_lahir_simpeg: Option<String>,
    /// Civil-service data (`simpeg_data`): status, golongan, TMT, unit, jabatan...
    pub data: Option<SimpegSnapshot>,
}

/// How a preview compares (decided by `sync::simpeg`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PreviewMatch {
    /// Name similar enough and the same birth date: confirmed automatically.
    Confirmed,
    /// Something differs: the operator decides, with both values side by side.
    NeedsOperator,
    /// SIMPEG does not know the NIP.
    NotFound,
}

fn text(v: Option<&serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn flag(v: Option<&serde_json::Value>) -> Option<bool> {
    match v? {
        serde_json::Value::Bool(b) => Some(*b),
        serde_json::Value::Number(n) => Some(n.as_f64()? != 0.0),
        serde_json::Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "ya" | "yes" => Some(true),
            "false" | "0" | "tidak" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// Reads the preview answer tolerantly (every field optional).
pub(crate) fn read_preview(v: &serde_json::Value) -> SimpegPreview {
    let val = v.get("validation").unwrap_or(&serde_json::Value::Null);
    let data = v.get("simpeg_data").and_then(|d| d.as_object());
    let similarity = val.get("name_similarity").and_then(|s| match s {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => s.trim().trim_end_matches('%').parse().ok(),
        _ => None,
    });
    let snapshot = data.map(|d| {
        // The preview's keys are lower case; `from_cek_nip` reads PINTAR's upper case ones.
        let upper: serde_json::Map<String, serde_json::Value> =
            d.iter().map(|(k, v)| (k.to_ascii_uppercase(), v.clone())).collect();
        let mut s = SimpegSnapshot::from_cek_nip(&upper);
        if s.nama_lengkap.is_none() {
            s.nama_lengkap = text(val.get("nama_simpeg")).map(Sensitive::new);
        }
        if s.gol_ruang.is_none() {
            s.gol_ruang = text(d.get("golongan"));
        }
        if s.tanggal_lahir.is_none() {
            s.tanggal_lahir = text(val.get("tgl_lahir_simpeg")).and_then(|t| crate::date::Date::parse(&t).ok());
        }
        s
    });
    SimpegPreview {
        found: data.is_some() || flag(val.get("is_valid")) == Some(true),
        name_match: flag(val.get("name_match")),
        name_similarity: similarity.map(|s| if s > 1.0 { s / 100.0 } else { s }),
        birth_date_match: flag(val.get("birth_date_match")),
        nama_ptk: text(val.get("nama_ptk")).map(Sensitive::new),
        nama_simpeg: text(val.get("nama_simpeg")).map(Sensitive::new),
        tgl_lahir_ptk: text(val.get("tgl_lahir_ptk")),
        tgl_lahir_simpeg: text(val.get("tgl_lahir_simpeg")),
        data: snapshot,
    }
}

impl EmisClient {
    /// True when an EMIS GTK cookie session was given (the preview can be used).
    pub fn has_gtk_session(&self) -> bool {
        self.inner.gtk_cookie.is_some()
    }

    /// EMIS GTK "preview SIMPEG" for a NIP. An ended cookie session (redirect, 401/403/419,
    /// HTML) is [`Error::SessionExpired`] with `what = "EMIS GTK"`.
    pub async fn simpeg_preview(&self, nip: &crate::id::Nip) -> Result<SimpegPreview> {
        if self.inner.gtk_cookie.is_none() {
            return Err(Error::Config(
                "sesi EMIS GTK belum diisi (EMIS_GTK_COOKIE) / no EMIS GTK cookie session".into(),
            ));
        }
        let call = Call::new(&endpoints::SIMPEG_PREVIEW).query(vec![("nip", nip.as_str().to_string())]);
        self.call(call, false, |resp| {
            let v: serde_json::Value = decode_json(&resp.body)?;
            // Some answers wrap it in the EMIS envelope.
            let v = v.get("results").filter(|r| r.is_object()).cloned().unwrap_or(v);
            Ok(read_preview(&v))
        })
        .await
    }

    /// "Ambil data dari SIMPEG" through PINTAR `cek_nip`: the civil-service record for a
    /// NIP, or `NotFound` (the GTK then stays Non PNS).
    pub async fn simpeg_lookup(&self, nip: &crate::id::Nip) -> Result<SimpegLookup> {
        let body = serde_json::json!({ "nip": nip.as_str() });
        let call = Call::new(&endpoints::SIMPEG_CEK_NIP).body(Body::Json(body));
        let res = self
            .call(call, true, |resp| {
                let v: serde_json::Value = decode_json(&resp.body)?;
                let code = v.get("code").and_then(|c| c.as_i64()).unwrap_or(200);
                if code == 404 {
                    return Ok(SimpegLookup::NotFound);
                }
                match v.get("data") {
                    Some(serde_json::Value::Object(m)) => {
                        Ok(SimpegLookup::Found(Box::new(SimpegSnapshot::from_cek_nip(m))))
                    }
                    Some(serde_json::Value::Null) | None => Ok(SimpegLookup::NotFound),
                    Some(_) => Err(Error::Decode {
                        path: "data".into(),
                        message: "harus objek / expected an object".into(),
                    }),
                }
            })
            .await;
        match res {
            // Only an answer that says "no such NIP" is "not found"; a refusal (403, a missing
            // route) says nothing about the GTK and must not make anyone Non PNS.
            Err(Error::NotFound(_)) => Ok(SimpegLookup::NotFound),
            Err(Error::Http { status: 404, .. }) => Ok(SimpegLookup::NotFound),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn preview_is_read_tolerantly() {
        let v = serde_json::json!({
            "nip": "198001012005011002",
            "validation": {"is_valid": true, "name_match": "1", "name_similarity": 93.5,
                "birth_date_match": false, "nama_ptk": "Ahmad Fauzi", "nama_simpeg": "AHMAD FAUZI, S.Pd",
                "tgl_lahir_ptk": "1980-01-01", "tgl_lahir_simpeg": "1980-01-02"},
            "simpeg_data": {"status_pegawai": "PNS", "golongan": "III/a", "unit_kerja": {"x": 1}}
        });
        let p = read_preview(&v);
        assert!(p.found);
        assert_eq!(p.name_match, Some(true));
        assert_eq!(p.birth_date_match, Some(false));
        assert!((p.name_similarity.unwrap() - 0.935).abs() < 1e-9);
        assert_eq!(p.data.as_ref().and_then(|d| d.gol_ruang.as_deref()), Some("III/a"));
        let shown = format!("{p:?}");
        assert!(!shown.contains("Fauzi") && !shown.contains("FAUZI"), "{shown}");
        let empty = read_preview(&serde_json::json!({"validation": {"is_valid": false}, "simpeg_data": null}));
        assert!(!empty.found);
    }
}
