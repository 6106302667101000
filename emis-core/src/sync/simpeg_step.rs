//! The SIMPEG step of a sync: the EMIS GTK preview when a cookie session was given, PINTAR
//! `cek_nip` otherwise (or when the preview's session ended), then the decision of
//! [`super::simpeg`]. Only a confirmed match changes a GTK's civil-service data.

use super::driver::SyncEngine;
use super::plan::HumanItem;
use super::report::{SimpegOutcome, Stage, SyncReport};
use super::simpeg::{SimpegDecision, decide_preview, decide_snapshot};
use crate::api::SimpegLookup;
use crate::catalog::codes;
use crate::error::{Error, Result};
use crate::model::Gtk;

pub(crate) async fn run(engine: &SyncEngine, gtk: &mut [Gtk], report: &mut SyncReport) -> Result<()> {
    let client = engine.client();
    let with_nip: Vec<usize> = (0..gtk.len())
        .filter(|&i| gtk[i].nip.as_ref().is_some_and(|n| !n.is_blank()))
        .collect();
    let mut preview_ok = client.has_gtk_session();
    for (n, &i) in with_nip.iter().enumerate() {
        engine_progress(engine, n, with_nip.len());
        let g = &mut gtk[i];
        let key = crate::pii::mask_name(g.full_name.expose());
        let Ok(nip) = crate::id::Nip::parse(g.nip.as_ref().map(|n| n.expose()).unwrap_or("")) else {
            g.status_kepegawaian = Some("Non PNS".into());
            report.simpeg.push(SimpegOutcome {
                key,
                found: false,
                status_kepegawaian: "Non PNS".into(),
                source: None,
                decision: None,
                reason: Some("NIP tidak valid / invalid NIP".into()),
                code: Some(codes::GTK_SIMPEG_GAGAL.emit()),
            });
            continue;
        };
        // The real button first; the second source when it cannot answer.
        let mut answer: Option<(SimpegDecision, Option<crate::model::SimpegSnapshot>, &'static str)> = None;
        let mut failure: Option<Error> = None;
        if preview_ok {
            match client.simpeg_preview(&nip).await {
                Ok(p) => answer = Some((decide_preview(g, &p), p.data.clone(), "emis_gtk_preview")),
                Err(e @ Error::SessionExpired { .. }) => {
                    report.unsupported("simpeg_preview (sesi EMIS GTK berakhir)");
                    preview_ok = false;
                    failure = Some(e);
                }
                Err(Error::Unsupported { endpoint }) => {
                    report.unsupported(endpoint);
                    preview_ok = false;
                }
                Err(e) if e.is_auth() => return Err(e),
                Err(e) => failure = Some(e),
            }
        }
        if answer.is_none() {
            match client.simpeg_lookup(&nip).await {
                Ok(SimpegLookup::Found(s)) => answer = Some((decide_snapshot(g, &s), Some(*s), "pintar_cek_nip")),
                Ok(SimpegLookup::NotFound) => answer = Some((SimpegDecision::NotFound, None, "pintar_cek_nip")),
                Err(e) if e.is_auth() && !matches!(e, Error::SessionExpired { what: "PINTAR" }) => return Err(e),
                Err(e) => failure = Some(e),
            }
        }
        let outcome = match answer {
            Some((d @ SimpegDecision::Confirmed { .. }, snap, source)) => {
                let status = match nip.kind() {
                    crate::id::nip::NipKind::Pns => "PNS",
                    crate::id::nip::NipKind::Pppk => "PPPK",
                };
                g.status_kepegawaian = Some(status.into());
                if snap.is_some() {
                    g.simpeg = snap;
                }
                SimpegOutcome {
                    key,
                    found: true,
                    status_kepegawaian: status.into(),
                    source: Some(source.into()),
                    decision: Some(d),
                    reason: None,
                    code: None,
                }
            }
            Some((d @ SimpegDecision::NeedsOperator { .. }, _, source)) => {
                report
                    .needs_human
                    .push(HumanItem::new(codes::SYNC_SIMPEG_PERLU_KONFIRMASI, None, None));
                SimpegOutcome {
                    key,
                    found: true,
                    status_kepegawaian: g.status_kepegawaian.clone().unwrap_or_default(),
                    source: Some(source.into()),
                    decision: Some(d),
                    reason: Some("perlu konfirmasi operator / needs the operator".into()),
                    code: Some(codes::SYNC_SIMPEG_PERLU_KONFIRMASI.emit()),
                }
            }
            Some((SimpegDecision::NotFound, _, source)) => {
                g.status_kepegawaian = Some("Non PNS".into());
                SimpegOutcome {
                    key,
                    found: false,
                    status_kepegawaian: "Non PNS".into(),
                    source: Some(source.into()),
                    decision: Some(SimpegDecision::NotFound),
                    reason: Some("NIP tidak ditemukan di SIMPEG / NIP not in SIMPEG".into()),
                    code: Some(codes::GTK_SIMPEG_GAGAL.emit()),
                }
            }
            // A lookup that failed says nothing new: keep what an earlier one confirmed.
            None => SimpegOutcome {
                key,
                found: false,
                status_kepegawaian: g.status_kepegawaian.clone().unwrap_or_default(),
                source: None,
                decision: None,
                code: failure.as_ref().map(|_| codes::GTK_SIMPEG_GAGAL.emit()),
                reason: failure.map(|e| format!("{e}; status sebelumnya dipertahankan / previous status kept")),
            },
        };
        report.simpeg.push(outcome);
    }
    Ok(())
}

fn engine_progress(engine: &SyncEngine, done: usize, total: usize) {
    engine.simpeg_progress(Stage::Simpeg, done as u64, total as u64);
}
