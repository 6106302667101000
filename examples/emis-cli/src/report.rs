//! The sync report as a text receipt: reconcile counts, writes per state, rejections with the
//! server's reason, what the operator must decide, SIMPEG, what to do in the portal, shape
//! warnings, the period used, traffic. Every personal value in it is masked by emis-core.

use crate::output::{Table, tr};
use emis_core::Lang;
use emis_core::api::ChangeOp;
use emis_core::sync::{LocalStore, Rejection, SimpegDecision, SyncReport, WriteState};

/// Every write state, in the order of a write's life.
pub(crate) const STATES: [WriteState; 8] = [
    WriteState::Queued,
    WriteState::Sent,
    WriteState::Accepted,
    WriteState::MenungguKepala,
    WriteState::MenungguKabkota,
    WriteState::Disetujui,
    WriteState::Ditolak,
    WriteState::TidakDidukung,
];

/// What a write state means.
pub(crate) fn state_meaning(s: WriteState, lang: Lang) -> &'static str {
    let (id, en) = match s {
        WriteState::Queued => ("menunggu dikirim", "waiting to be sent"),
        WriteState::Sent => (
            "terkirim, jawaban belum diketahui (dicek dulu)",
            "sent, answer unknown (looked up first)",
        ),
        WriteState::Accepted => ("diterima server", "accepted by the server"),
        WriteState::MenungguKepala => ("menunggu persetujuan Kepala", "waiting for the Kepala"),
        WriteState::MenungguKabkota => ("menunggu Kemenag kab/kota", "waiting for the kab/kota office"),
        WriteState::Disetujui => ("disetujui", "approved"),
        WriteState::Ditolak => ("ditolak", "rejected"),
        WriteState::TidakDidukung => (
            "tidak didukung server: lakukan di portal",
            "not offered: do it in the portal",
        ),
    };
    tr(lang, id, en)
}

/// `create`, `update`…
pub(crate) fn op_name(op: ChangeOp) -> &'static str {
    match op {
        ChangeOp::Create => "create",
        ChangeOp::Update => "update",
        ChangeOp::MutasiKeluar => "mutasi_keluar",
        ChangeOp::MutasiMasuk => "mutasi_masuk",
        ChangeOp::Deactivate => "deactivate",
    }
}

/// Rows shown per list before "… N more".
const MAX_ROWS: usize = 25;

fn rejections(out: &mut String, title: &str, list: &[Rejection], lang: Lang) {
    if list.is_empty() {
        return;
    }
    let mut tab = Table::new(&[
        tr(lang, "santri", "santri"),
        tr(lang, "aksi", "op"),
        tr(lang, "kode", "code"),
        tr(lang, "alasan server", "server's reason"),
    ]);
    for x in list {
        tab.row(vec![
            x.key.clone(),
            op_name(x.op).into(),
            x.code.clone(),
            x.message.clone(),
        ]);
    }
    out.push_str(&format!("\n{title}\n"));
    out.push_str(&tab.render());
}

/// Writes per state (all eight, in order) and the lookups after a lost answer.
pub(crate) fn write_states(r: &SyncReport, lang: Lang) -> String {
    let mut tab = Table::new(&[
        tr(lang, "kiriman", "writes"),
        tr(lang, "jumlah", "count"),
        tr(lang, "arti", "meaning"),
    ]);
    for s in STATES {
        let n = r.write_states.get(s.as_str()).copied().unwrap_or(0);
        tab.row(vec![s.as_str().into(), n.to_string(), state_meaning(s, lang).into()]);
    }
    let mut out = tab.render();
    out.push_str(&format!(
        "{}: {}\n",
        tr(
            lang,
            "Jawaban hilang lalu ditemukan lewat pencarian (tidak dikirim dua kali)",
            "Answers lost, then found by lookup (never sent twice)"
        ),
        r.resolved_by_lookup
    ));
    out
}

/// The writes of this session and earlier ones, with where they stand.
pub(crate) fn write_list(r: &SyncReport, lang: Lang) -> String {
    if r.writes.is_empty() {
        return String::new();
    }
    let mut tab = Table::new(&[
        tr(lang, "santri/GTK", "santri/GTK"),
        tr(lang, "aksi", "op"),
        tr(lang, "status", "state"),
        tr(lang, "kode", "code"),
        tr(lang, "pesan server", "server message"),
    ]);
    for w in r.writes.iter().take(MAX_ROWS) {
        tab.row(vec![
            w.key.clone(),
            op_name(w.op).into(),
            w.state.as_str().into(),
            w.code.clone().unwrap_or_default(),
            w.message.clone().unwrap_or_default(),
        ]);
    }
    let mut out = tab.render();
    if r.writes.len() > MAX_ROWS {
        out.push_str(&format!(
            "… {} {}\n",
            r.writes.len() - MAX_ROWS,
            tr(lang, "lagi (semua: --format json)", "more (all of them: --format json)")
        ));
    }
    out
}

fn simpeg(out: &mut String, r: &SyncReport, lang: Lang) {
    if r.simpeg.is_empty() {
        return;
    }
    let mut tab = Table::new(&[
        "GTK",
        tr(lang, "hasil SIMPEG", "SIMPEG outcome"),
        tr(lang, "sumber", "source"),
        tr(lang, "status kepegawaian", "employment"),
        tr(lang, "rincian (disamarkan)", "details (masked)"),
    ]);
    for s in &r.simpeg {
        let (outcome, detail) = match &s.decision {
            Some(SimpegDecision::Confirmed { similarity }) => (
                tr(lang, "cocok, dikonfirmasi", "confirmed"),
                format!("{} {similarity:.2}", tr(lang, "kemiripan nama", "name similarity")),
            ),
            Some(SimpegDecision::NeedsOperator {
                similarity,
                birth_date_match,
                local_name,
                simpeg_name,
                local_birth_date,
                simpeg_birth_date,
            }) => (
                tr(lang, "PERLU OPERATOR", "NEEDS THE OPERATOR"),
                format!(
                    "{}: {local_name} | SIMPEG: {simpeg_name} ({similarity:.2}); {}: {local_birth_date} | {simpeg_birth_date}{}",
                    tr(lang, "nama EMIS", "EMIS name"),
                    tr(lang, "tgl lahir", "birth date"),
                    if *birth_date_match {
                        ""
                    } else {
                        tr(lang, " (beda)", " (differs)")
                    }
                ),
            ),
            Some(SimpegDecision::NotFound) => (
                tr(lang, "tidak ditemukan", "not found"),
                s.reason.clone().unwrap_or_default(),
            ),
            None => (
                tr(lang, "tidak terperiksa", "not checked"),
                s.reason.clone().unwrap_or_default(),
            ),
        };
        tab.row(vec![
            s.key.clone(),
            outcome.into(),
            s.source.clone().unwrap_or_else(|| "-".into()),
            s.status_kepegawaian.clone(),
            detail,
        ]);
    }
    out.push_str(&format!(
        "\n{}\n",
        tr(
            lang,
            "SIMPEG (data kepegawaian GTK):",
            "SIMPEG (GTK civil-service data):"
        )
    ));
    out.push_str(&tab.render());
}

/// The whole receipt.
pub(crate) fn text(r: &SyncReport, store: &dyn LocalStore, lang: Lang) -> String {
    let t = |id: &'static str, en: &'static str| tr(lang, id, en);
    let mut out = format!(
        "\n{} {}\n\n",
        t("Hasil sinkronisasi", "Sync result"),
        if r.dry_run {
            t("(uji coba: tidak ada yang dikirim)", "(dry run: nothing sent)")
        } else {
            ""
        }
    );
    let mut counts = Table::new(&[t("status rekonsiliasi", "reconcile status"), t("jumlah", "count")]);
    for (k, v) in &r.counts {
        counts.row(vec![k.clone(), v.to_string()]);
    }
    out.push_str(&counts.render());
    let planned: Vec<String> = r
        .planned
        .iter()
        .filter(|(_, v)| **v > 0)
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    out.push_str(&format!(
        "\n{}: {}\n{}: {}   {}: {}   {}: {}   {}: {} / {}\n\n",
        t("Rencana", "Plan"),
        if planned.is_empty() {
            "-".into()
        } else {
            planned.join(", ")
        },
        t("Diterima server sesi ini", "Accepted this session"),
        r.pushed,
        t("Ditolak", "Rejected"),
        r.rejected.len(),
        t("Perlu keputusan", "Needs a decision"),
        r.needs_human.len(),
        t(
            "Data lokal diperbarui/ditambah dari EMIS",
            "Local records updated/added from EMIS"
        ),
        r.local_updated,
        r.local_imported,
    ));
    out.push_str(&write_states(r, lang));
    let list = write_list(r, lang);
    if !list.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            t(
                "Kiriman (sesi ini dan sebelumnya):",
                "Writes (this session and earlier):"
            )
        ));
        out.push_str(&list);
    }
    rejections(
        &mut out,
        t(
            "Ditolak server (alasan dari server):",
            "Rejected by the server (its reason):",
        ),
        &r.rejected,
        lang,
    );
    rejections(
        &mut out,
        t(
            "Ditolak pada sinkron sebelumnya, tidak dikirim ulang sampai datanya berubah (--retry-rejected untuk mengirim ulang):",
            "Rejected by an earlier sync, not re-sent until the record changes (--retry-rejected to send again):",
        ),
        &r.previously_rejected,
        lang,
    );
    if !r.needs_human.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            t("Perlu keputusan operator:", "Needs the operator's decision:")
        ));
        for h in &r.needs_human {
            out.push_str(&format!("  - {}: {} / {}\n", h.code, h.message_id, h.message_en));
        }
    }
    simpeg(&mut out, r, lang);
    if !r.unsupported.is_empty() {
        out.push_str(&format!(
            "\n{}: {}\n",
            t(
                "Tidak didukung server — lakukan di portal EMIS / not offered by the server — do it in the portal",
                "Not offered by the server — do it in the EMIS portal"
            ),
            r.unsupported.join(", ")
        ));
    }
    if !r.shape_warnings.is_empty() {
        let first: Vec<String> = r
            .shape_warnings
            .iter()
            .take(5)
            .map(|w| format!("{} ({})", w.path, w.expected))
            .collect();
        out.push_str(&format!(
            "\n{}: {} — {}: {}{}\n",
            t(
                "Bentuk data server tak terduga (dibaca sebisanya)",
                "Unexpected shapes from the server (read as best as possible)"
            ),
            r.shape_warnings_total,
            t("contoh", "e.g."),
            first.join(", "),
            if r.shape_warnings_total > 5 { ", …" } else { "" }
        ));
    }
    out.push_str(&format!(
        "\n{}: {}\n",
        t("Periode (academic_year_id)", "Period (academic_year_id)"),
        match &r.academic_year_id {
            Some((y, src)) => format!("{y} ({} {src})", t("sumber:", "source:")),
            None => t(
                "tidak diketahui (isi --academic-year-id)",
                "unknown (set --academic-year-id)"
            )
            .into(),
        }
    ));
    out.push_str(&format!(
        "{}: {}   ({} {}, {} KB {}, {} KB {})\n",
        t("Sesi", "Session"),
        r.session_id,
        r.requests,
        t("permintaan", "requests"),
        r.bytes.0 / 1024,
        t("diterima", "in"),
        r.bytes.1 / 1024,
        t("dikirim", "out"),
    ));
    if let Ok(Some(last)) = emis_core::sync::last_successful_sync(store) {
        out.push_str(&format!(
            "{}: {}\n",
            t("Sinkron berhasil terakhir (tanggal dan jam)", "Last successful sync"),
            crate::history::wib(last.finished_at_ms.unwrap_or(last.started_at_ms))
        ));
    }
    out
}
