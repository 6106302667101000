//! EMIS GTK "Ambil data dari SIMPEG": `GET /kepegawaian/verval-kepegawaian/ptk/asn/preview-simpeg/
//! ?nip=<18 digits>` on the same listener (`EMIS_SIM_GTK_URL` = the simulator's URL). Needs the
//! cookie session (`emisSSO` + `sessionid`, minted by `/__sim/gtk-session`); without it the
//! answer is `302 Location: /login` with no body, as the Django app does.
//!
//! The PTK side is the EMIS GTK record with that NIP, the SIMPEG side the registry record.
//! `name_similarity` is Jaro-Winkler × 100 (two decimals) of the names without titles;
//! `name_match` means equal names without titles; `can_confirm_name` a similarity of at
//! least 85 that is not a match; `can_claim_birth_date` a differing birth date on a matching
//! or confirmable name; `is_valid` both match; `can_continue_with_confirmation` not valid but
//! confirmable on both counts.

use crate::datagen::{bare_name, jaro_winkler};
use crate::http::{ApiError, json_response, query};
use crate::state::{App, SimState};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use emis_core::date::Date;
use serde::Deserialize;
use serde_json::{Map, Value, json};

pub(crate) const PATH: &str = "/kepegawaian/verval-kepegawaian/ptk/asn/preview-simpeg/";

const MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

#[derive(Deserialize)]
struct PreviewQuery {
    nip: Option<String>,
}

fn display_date(d: Date) -> String {
    format!("{} {} {}", d.day(), MONTHS[usize::from(d.month() - 1)], d.year())
}

fn date_of(v: Option<&Value>) -> Option<Date> {
    v.and_then(Value::as_str).and_then(|s| Date::parse(s).ok())
}

/// The preview body for a NIP.
pub(crate) fn preview_body(st: &SimState, nip: &str) -> Value {
    let ptk = st.gtk.values().find(|r| r.str_field("nip") == Some(nip));
    let nama_ptk = ptk.and_then(|r| r.str_field("full_name")).map(str::to_string);
    let tgl_ptk = ptk.and_then(|r| date_of(r.record.get("birth_date")));
    let Some(rec) = st.simpeg.get(nip) else {
        return json!({
            "nip": nip,
            "validation": {
                "is_valid": false, "name_match": false, "can_confirm_name": false,
                "name_similarity": 0.0, "birth_date_match": false, "can_claim_birth_date": false,
                "can_continue_with_confirmation": false,
                "nama_ptk": nama_ptk, "nama_simpeg": null,
                "tgl_lahir_ptk": tgl_ptk.map(|d| d.to_string()), "tgl_lahir_simpeg": null,
                "tgl_lahir_simpeg_display": null,
            },
            "simpeg_data": null,
        });
    };
    let s = |k: &str| rec.get(k).cloned().unwrap_or(Value::Null);
    let nama_simpeg = rec.get("NAMA_LENGKAP").and_then(Value::as_str).map(str::to_string);
    let tgl_simpeg = date_of(rec.get("TANGGAL_LAHIR"));
    let (a, b) = (
        bare_name(nama_ptk.as_deref().unwrap_or("")),
        bare_name(nama_simpeg.as_deref().unwrap_or("")),
    );
    let similarity = if nama_ptk.is_some() {
        (jaro_winkler(&a, &b) * 10_000.0).round() / 100.0
    } else {
        0.0
    };
    let name_match = nama_ptk.is_some() && a == b;
    let can_confirm_name = !name_match && similarity >= 85.0;
    let birth_date_match = tgl_ptk.is_some() && tgl_ptk == tgl_simpeg;
    let can_claim_birth_date = !birth_date_match && tgl_simpeg.is_some() && (name_match || can_confirm_name);
    let is_valid = name_match && birth_date_match;
    let can_continue = !is_valid && (name_match || can_confirm_name) && (birth_date_match || can_claim_birth_date);
    let ymd = |k: &str| date_of(rec.get(k)).map(|d| d.to_string());
    let mut simpeg = Map::new();
    simpeg.insert("status_pegawai".into(), s("STATUS_PEGAWAI"));
    simpeg.insert("golongan".into(), s("GOL_RUANG"));
    simpeg.insert("tmt_golongan".into(), json!(ymd("TMT_PANGKAT")));
    simpeg.insert("mk_golongan".into(), s("MK_TAHUN"));
    simpeg.insert("mk_golongan_bulan".into(), s("MK_BULAN"));
    simpeg.insert(
        "gaji_pokok".into(),
        json!(rec.get("Gaji_Pokok").and_then(Value::as_f64).unwrap_or(0.0)),
    );
    simpeg.insert("gaji_pokok_source".into(), json!("simpeg"));
    simpeg.insert("gaji_pokok_source_label".into(), json!("SIMPEG"));
    simpeg.insert("unit_kerja".into(), s("SATKER_2"));
    simpeg.insert("jabatan".into(), s("TAMPIL_JABATAN"));
    simpeg.insert("pendidikan".into(), s("PENDIDIKAN"));
    simpeg.insert("jenjang_pendidikan".into(), s("JENJANG_PENDIDIKAN"));
    json!({
        "nip": nip,
        "validation": {
            "is_valid": is_valid,
            "name_match": name_match,
            "can_confirm_name": can_confirm_name,
            "name_similarity": similarity,
            "birth_date_match": birth_date_match,
            "can_claim_birth_date": can_claim_birth_date,
            "can_continue_with_confirmation": can_continue,
            "nama_ptk": nama_ptk,
            "nama_simpeg": nama_simpeg,
            "tgl_lahir_ptk": tgl_ptk.map(|d| d.to_string()),
            "tgl_lahir_simpeg": tgl_simpeg.map(|d| d.to_string()),
            "tgl_lahir_simpeg_display": tgl_simpeg.map(display_date),
        },
        "simpeg_data": simpeg,
    })
}

/// `GET …/preview-simpeg/?nip=`.
pub(crate) async fn preview(State(app): State<App>, headers: HeaderMap, uri: Uri) -> Response {
    let st = app.lock();
    if let Err(e) = st.gtk_session(&headers) {
        return e.into_response();
    }
    let q: PreviewQuery = match query(&uri) {
        Ok(q) => q,
        Err(e) => return e.into_response(),
    };
    let nip = q.nip.unwrap_or_default().trim().to_string();
    if nip.len() != 18 || !nip.bytes().all(|b| b.is_ascii_digit()) {
        return ApiError::message(StatusCode::UNPROCESSABLE_ENTITY, "NIP harus 18 digit").into_response();
    }
    json_response(StatusCode::OK, &preview_body(&st, &nip))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_without_titles() {
        assert_eq!(bare_name("H. Ahmad Fauzi, S.Pd.I"), "ahmad fauzi");
        assert_eq!(bare_name("DRS. AHMAD  FAUZI"), "ahmad fauzi");
        assert!(jaro_winkler("ahmad fauzi", "ahmad fauzy") > 0.95);
        assert!(jaro_winkler("ahmad fauzi", "siti rahma") < 0.7);
        assert_eq!(jaro_winkler("", ""), 1.0);
        assert_eq!(display_date(Date::new(1980, 8, 17).unwrap()), "17 Agustus 1980");
    }
}
