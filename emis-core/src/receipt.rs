//! The sync receipt ("bukti sinkronisasi"): one self-contained, printable HTML page for one
//! journal session — lembaga, operator (masked), start and end in WIB, counts per status with a
//! small inline SVG chart, every write's outcome (masked keys, as the journal holds them), the
//! server's messages, what waits for approval, and the SHA-256 of the canonical journal entry.
//!
//! The page carries its own data (the journal entry and the page's metadata, as JSON in a
//! `<script type="application/json">` block), so [`verify_html`] can tell, from the file alone,
//! whether it was altered: the data must hash to the printed SHA-256, and the page must be
//! exactly what that data renders to. A caller with the journal at hand also compares the digest
//! with the journal's own line ([`digest`]).
//!
//! No I/O, no clock: the caller passes the time the page was made. No personal value enters the
//! page that the journal does not already hold masked; the operator is masked here again.

use crate::catalog::Lang;
use crate::sync::{JournalEntry, WriteState};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;

/// What the page says besides the journal entry.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReceiptMeta {
    /// The lembaga's name, when known (from the local profile or EMIS).
    #[serde(default)]
    pub lembaga_name: Option<String>,
    /// Who ran the sync (e-mail or NIK); masked by [`ReceiptMeta::new`] and again on render.
    #[serde(default)]
    pub operator: Option<String>,
    /// When the page was made, Unix ms.
    pub generated_at_ms: i64,
    /// Language of the page (`id` or `en`).
    #[serde(default = "default_lang")]
    pub lang: String,
}

fn default_lang() -> String {
    "id".into()
}

impl ReceiptMeta {
    /// Metadata with the operator masked (`op*******@e****.id`, `3517********0001`).
    pub fn new(lembaga_name: Option<String>, operator: Option<&str>, generated_at_ms: i64, lang: Lang) -> Self {
        ReceiptMeta {
            lembaga_name: lembaga_name.filter(|n| !n.trim().is_empty()),
            operator: operator.map(mask_operator).filter(|o| !o.is_empty()),
            generated_at_ms,
            lang: match lang {
                Lang::En => "en".into(),
                _ => "id".into(),
            },
        }
    }
    fn language(&self) -> Lang {
        if self.lang == "en" { Lang::En } else { Lang::Id }
    }
}

/// Masks an operator's login: an e-mail keeps two letters of the name and the last part of the
/// domain; a NIK or other number keeps 4 + 2 digits; anything else is masked like a name.
/// Idempotent: a masked value stays as it is.
pub fn mask_operator(login: &str) -> String {
    let t = login.trim();
    if let Some((user, domain)) = t.split_once('@') {
        let keep: String = user.chars().take(2).collect();
        let stars = "*".repeat(user.chars().count().saturating_sub(2).max(1));
        let (host, tld) = domain.rsplit_once('.').unwrap_or((domain, ""));
        let host_mask = match host.chars().next() {
            Some(c) => format!("{c}{}", "*".repeat(host.chars().count().saturating_sub(1))),
            None => String::new(),
        };
        let tld = if tld.is_empty() {
            String::new()
        } else {
            format!(".{tld}")
        };
        return format!("{keep}{stars}@{host_mask}{tld}");
    }
    if t.contains('*') {
        return t.to_string();
    }
    crate::pii::mask(t)
}

/// Serialises a JSON value with object keys sorted at every level, no blanks: the same entry
/// always gives the same bytes, whatever the serde_json features of the build.
fn canonical_value(v: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String((*k).clone()).to_string());
                out.push(':');
                canonical_value(&m[*k], out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical_value(x, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The canonical form of a journal entry (sorted keys, no blanks): what the SHA-256 covers.
pub fn canonical(entry: &JournalEntry) -> String {
    let v = serde_json::to_value(entry).unwrap_or(serde_json::Value::Null);
    let mut out = String::new();
    canonical_value(&v, &mut out);
    out
}

/// SHA-256 of [`canonical`], lower-case hex.
pub fn digest(entry: &JournalEntry) -> String {
    sha256_hex(canonical(entry).as_bytes())
}

/// SHA-256 of `bytes`, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let h = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in h {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Unix ms as `YYYY-MM-DD HH:MM:SS WIB`.
pub fn wib(ms: i64) -> String {
    let s = ms.div_euclid(1000) + 7 * 3600;
    let d = crate::date::Date::from_unix_days(s.div_euclid(86_400));
    let t = s.rem_euclid(86_400);
    format!("{d} {:02}:{:02}:{:02} WIB", t / 3600, (t / 60) % 60, t % 60)
}

/// HTML text escaping (element content and attribute values).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn t(lang: Lang, id: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::En { en } else { id }
}

/// Every write state, in the order of a write's life.
const STATES: [WriteState; 8] = [
    WriteState::Queued,
    WriteState::Sent,
    WriteState::Accepted,
    WriteState::MenungguKepala,
    WriteState::MenungguKabkota,
    WriteState::Disetujui,
    WriteState::Ditolak,
    WriteState::TidakDidukung,
];

/// Reconcile statuses, in the report's order.
const STATUSES: [&str; 6] = [
    "TERDAFTAR",
    "DISKREPANSI",
    "BELUM_TERDAFTAR",
    "HANYA_DI_EMIS",
    "GANDA",
    "INVALID",
];

fn state_label(s: WriteState, lang: Lang) -> &'static str {
    match s {
        WriteState::Queued => t(lang, "menunggu dikirim", "waiting to be sent"),
        WriteState::Sent => t(lang, "terkirim, jawaban belum diketahui", "sent, answer unknown"),
        WriteState::Accepted => t(lang, "diterima server", "accepted"),
        WriteState::MenungguKepala => t(lang, "menunggu persetujuan Kepala", "waiting for the Kepala"),
        WriteState::MenungguKabkota => t(lang, "menunggu Kemenag kab/kota", "waiting for the kab/kota office"),
        WriteState::Disetujui => t(lang, "disetujui", "approved"),
        WriteState::Ditolak => t(lang, "ditolak", "rejected"),
        WriteState::TidakDidukung => t(lang, "tidak didukung: lakukan di portal", "not offered: use the portal"),
    }
}

fn state_colour(s: WriteState) -> &'static str {
    match s {
        WriteState::Accepted | WriteState::Disetujui => "#2e7d32",
        WriteState::MenungguKepala | WriteState::MenungguKabkota => "#f9a825",
        WriteState::Ditolak => "#c62828",
        WriteState::TidakDidukung => "#6a1b9a",
        WriteState::Queued | WriteState::Sent => "#546e7a",
    }
}

fn result_label(e: &JournalEntry, lang: Lang) -> String {
    use crate::sync::journal::SessionResult as R;
    let r = match e.result {
        R::Success => t(lang, "berhasil", "success"),
        R::Failed => t(lang, "gagal", "failed"),
        R::Cancelled => t(lang, "dihentikan", "cancelled"),
        R::Started => t(lang, "belum selesai", "not finished"),
    };
    if e.dry_run {
        format!(
            "{r} {}",
            t(lang, "(uji coba, tidak ada yang dikirim)", "(dry run, nothing sent)")
        )
    } else {
        r.to_string()
    }
}

/// A horizontal bar chart (inline SVG) of `(label, value, colour)` rows; `None` when all are 0.
fn bar_chart(rows: &[(String, u64, &str)], title: &str) -> Option<String> {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0);
    if max == 0 {
        return None;
    }
    let longest = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0) as u64;
    let (row_h, label_w, bar_w) = (22u64, (longest * 7 + 10).clamp(120, 380), 300u64);
    let h = row_h * rows.len() as u64 + 8;
    let mut s = format!(
        "<svg class=\"chart\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{h}\" viewBox=\"0 0 {} {h}\">",
        escape(title),
        label_w + bar_w + 60,
        label_w + bar_w + 60
    );
    for (i, (label, v, colour)) in rows.iter().enumerate() {
        let y = 4 + row_h * i as u64;
        let w = if *v == 0 { 0 } else { (bar_w * v / max).max(2) };
        let _ = write!(
            s,
            "<text x=\"0\" y=\"{}\" font-size=\"12\">{}</text><rect x=\"{label_w}\" y=\"{}\" width=\"{w}\" height=\"{}\" fill=\"{colour}\"/><text x=\"{}\" y=\"{}\" font-size=\"12\">{v}</text>",
            y + 14,
            escape(label),
            y + 3,
            row_h - 6,
            label_w + w + 6,
            y + 14
        );
    }
    s.push_str("</svg>");
    Some(s)
}

const STYLE: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;margin:2em;color:#111;font-size:13px}\
h1{font-size:20px;margin:0 0 .2em}h2{font-size:15px;margin:1.4em 0 .4em;border-bottom:1px solid #999}\
table{border-collapse:collapse;margin:.3em 0}td,th{border:1px solid #bbb;padding:3px 7px;text-align:left;vertical-align:top}\
th{background:#eee}.meta th{width:14em}.num{text-align:right}.hash{font-family:monospace;word-break:break-all}\
.note{color:#444;font-size:11px}.warn{color:#8a4b00}@media print{body{margin:1cm}h2{page-break-after:avoid}}";

/// Marker of the embedded data.
const DATA_OPEN: &str = "<script type=\"application/json\" id=\"emis-receipt-data\">";
const DATA_CLOSE: &str = "</script>";
const HASH_META: &str = "<meta name=\"emis-receipt-sha256\" content=\"";

/// The data block's JSON, safe inside `<script>` (`<`, `>` and `&` escaped as `\u00XX`).
fn embedded_json(entry: &JournalEntry, meta: &ReceiptMeta) -> String {
    let v = serde_json::json!({ "entry": entry, "meta": meta });
    let mut s = String::new();
    canonical_value(&v, &mut s);
    s.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Renders the receipt page for `entry`.
pub fn render_html(entry: &JournalEntry, meta: &ReceiptMeta) -> String {
    let lang = meta.language();
    let sha = digest(entry);
    let mut h = String::with_capacity(8 * 1024);
    let title = t(lang, "Bukti Sinkronisasi EMIS", "EMIS sync receipt");
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n{HASH_META}{sha}\">\n<title>{title} — {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        if lang == Lang::En { "en" } else { "id" },
        escape(&entry.statistic_num)
    );
    let _ = writeln!(
        h,
        "<h1 id=\"title\">{title}</h1>\n<p class=\"note\">{}</p>",
        t(
            lang,
            "EMIS 4.0 PD-Pontren — dibuat oleh emis dari jurnal sinkronisasi lokal",
            "EMIS 4.0 PD-Pontren — made by emis from the local sync journal"
        )
    );
    // Who, what, when.
    h.push_str("<table class=\"meta\" id=\"meta\">\n");
    let mut row = |k: &str, v: &str, id: &str| {
        let _ = writeln!(h, "<tr><th>{}</th><td id=\"{id}\">{}</td></tr>", escape(k), escape(v));
    };
    row(
        t(lang, "Lembaga (nomor statistik)", "Lembaga (statistic number)"),
        &entry.statistic_num,
        "lembaga",
    );
    if let Some(n) = &meta.lembaga_name {
        row(t(lang, "Nama lembaga", "Lembaga name"), n, "lembaga-name");
    }
    let op = meta
        .operator
        .as_deref()
        .map(mask_operator)
        .unwrap_or_else(|| "-".into());
    row(t(lang, "Operator", "Operator"), &op, "operator");
    row(t(lang, "Sesi", "Session"), &entry.session_id, "session");
    row(t(lang, "Mulai", "Started"), &wib(entry.started_at_ms), "started");
    let end = entry.finished_at_ms.map(wib).unwrap_or_else(|| "-".into());
    row(t(lang, "Selesai", "Finished"), &end, "finished");
    row(t(lang, "Hasil", "Result"), &result_label(entry, lang), "result");
    row(
        t(
            lang,
            "Diterima / ditolak / keputusan operator",
            "Accepted / rejected / left to the operator",
        ),
        &format!("{} / {} / {}", entry.pushed, entry.rejected, entry.conflicts),
        "totals",
    );
    if let Some(e) = &entry.error {
        row(t(lang, "Galat", "Error"), e, "error");
    }
    h.push_str("</table>\n");

    // Counts per reconcile status.
    let _ = writeln!(
        h,
        "<h2>{}</h2>",
        t(lang, "Hasil pencocokan per status", "Reconciliation per status")
    );
    h.push_str("<table id=\"counts\"><tr><th>Status</th><th>Jumlah</th></tr>\n");
    let mut statuses: Vec<(String, u64)> = STATUSES
        .iter()
        .map(|s| (s.to_string(), entry.counts.get(*s).copied().unwrap_or(0)))
        .collect();
    for (k, v) in &entry.counts {
        if !STATUSES.contains(&k.as_str()) {
            statuses.push((k.clone(), *v));
        }
    }
    for (k, v) in &statuses {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\" data-status=\"{}\">{v}</td></tr>",
            escape(k),
            escape(k)
        );
    }
    h.push_str("</table>\n");
    let chart_rows: Vec<(String, u64, &str)> = statuses
        .iter()
        .map(|(k, v)| {
            let c = match k.as_str() {
                "TERDAFTAR" => "#2e7d32",
                "GANDA" | "INVALID" => "#c62828",
                "DISKREPANSI" => "#f9a825",
                _ => "#1565c0",
            };
            (k.clone(), *v, c)
        })
        .collect();
    if let Some(svg) = bar_chart(&chart_rows, t(lang, "Grafik status", "Status chart")) {
        h.push_str(&svg);
        h.push('\n');
    }

    // Writes per state.
    let _ = writeln!(h, "<h2>{}</h2>", t(lang, "Kiriman per status", "Writes per state"));
    let state_rows: Vec<(String, u64, &str)> = STATES
        .iter()
        .map(|s| {
            let n = entry.write_states.get(s.as_str()).copied().unwrap_or(0);
            (
                format!("{} ({})", state_label(*s, lang), s.as_str()),
                n,
                state_colour(*s),
            )
        })
        .collect();
    match bar_chart(&state_rows, t(lang, "Grafik kiriman", "Writes chart")) {
        Some(svg) => {
            h.push_str(&svg);
            h.push('\n');
        }
        None => {
            let _ = writeln!(
                h,
                "<p>{}</p>",
                t(lang, "Tidak ada kiriman pada sesi ini.", "No writes in this session.")
            );
        }
    }

    // Each write.
    if !entry.writes.is_empty() {
        let _ = writeln!(
            h,
            "<h2>{}</h2>\n<table id=\"writes\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            t(lang, "Tiap data", "Each record"),
            t(lang, "Waktu", "Time"),
            t(lang, "Santri/GTK (disamarkan)", "Santri/GTK (masked)"),
            t(lang, "Aksi", "Op"),
            t(lang, "Status", "State"),
            t(lang, "Kode", "Code"),
            t(lang, "Pesan server", "Server message"),
        );
        for w in &entry.writes {
            let op = serde_json::to_value(w.op)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let _ = writeln!(
                h,
                "<tr class=\"write\" data-state=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                w.state.as_str(),
                wib(w.at_ms),
                escape(&masked_key(&w.key)),
                escape(&op),
                escape(state_label(w.state, lang)),
                escape(w.code.as_deref().unwrap_or("")),
                escape(w.message.as_deref().unwrap_or("")),
            );
        }
        h.push_str("</table>\n");
    }

    // What waits for approval.
    let waiting: Vec<_> = entry
        .writes
        .iter()
        .filter(|w| matches!(w.state, WriteState::MenungguKepala | WriteState::MenungguKabkota))
        .collect();
    let _ = writeln!(
        h,
        "<h2>{}</h2>",
        t(lang, "Menunggu persetujuan", "Waiting for approval")
    );
    if waiting.is_empty() {
        let _ = writeln!(h, "<p id=\"waiting\">{}</p>", t(lang, "Tidak ada.", "Nothing."));
    } else {
        h.push_str("<ul id=\"waiting\">\n");
        for w in waiting {
            let _ = writeln!(
                h,
                "<li>{} — {}</li>",
                escape(&masked_key(&w.key)),
                escape(state_label(w.state, lang))
            );
        }
        h.push_str("</ul>\n");
    }

    // The proof.
    let _ = writeln!(
        h,
        "<h2>{}</h2>\n<p>SHA-256: <span class=\"hash\" id=\"sha256\">{sha}</span></p>\n<p class=\"note\">{} {}. {}</p>",
        t(lang, "Bukti keaslian", "Authenticity"),
        t(lang, "Dibuat", "Made"),
        wib(meta.generated_at_ms),
        t(
            lang,
            "SHA-256 dihitung dari baris jurnal sesi ini (bentuk kanonik). Periksa dengan: emis bukti --verify BERKAS.html",
            "The SHA-256 covers this session's journal line (canonical form). Check with: emis bukti --verify FILE.html"
        )
    );
    let _ = write!(
        h,
        "{DATA_OPEN}{}{DATA_CLOSE}\n</body>\n</html>\n",
        embedded_json(entry, meta)
    );
    h
}

/// The journal's keys are masked already: kept; anything that is not gets masked.
fn masked_key(key: &str) -> String {
    if key.contains('*') {
        key.to_string()
    } else {
        crate::pii::mask(key)
    }
}

/// The result of checking a receipt file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum ReceiptCheck {
    /// The data hashes to the printed SHA-256 and the page is exactly what it renders to.
    Intact {
        /// The session.
        session_id: String,
        /// The SHA-256.
        sha256: String,
        /// The entry inside (to compare with the journal).
        #[serde(skip)]
        entry: Box<JournalEntry>,
    },
    /// Something was changed.
    Altered {
        /// What (Bahasa Indonesia / English).
        reason: String,
    },
    /// Not an emis receipt (no data block or no SHA-256).
    NotAReceipt,
}

#[derive(Deserialize)]
struct Embedded {
    entry: JournalEntry,
    meta: ReceiptMeta,
}

/// Checks a receipt page: its data against its printed SHA-256, and the page against what the
/// data renders to (a changed count, name, time or line in the visible page is caught).
pub fn verify_html(html: &str) -> ReceiptCheck {
    let html_n = html.replace("\r\n", "\n");
    let Some(hash_at) = html_n.find(HASH_META) else {
        return ReceiptCheck::NotAReceipt;
    };
    let printed: String = html_n[hash_at + HASH_META.len()..]
        .chars()
        .take_while(|c| *c != '"')
        .collect();
    let Some(open) = html_n.find(DATA_OPEN) else {
        return ReceiptCheck::NotAReceipt;
    };
    let rest = &html_n[open + DATA_OPEN.len()..];
    let Some(close) = rest.find(DATA_CLOSE) else {
        return ReceiptCheck::NotAReceipt;
    };
    let data: Embedded = match serde_json::from_str(&rest[..close]) {
        Ok(d) => d,
        Err(_) => {
            return ReceiptCheck::Altered {
                reason: "data jurnal di dalam bukti rusak atau diubah / the journal data inside the receipt was damaged or changed"
                    .into(),
            };
        }
    };
    let sha = digest(&data.entry);
    if sha != printed {
        return ReceiptCheck::Altered {
            reason: "SHA-256 yang tercetak tidak cocok dengan data jurnal di dalamnya / the printed SHA-256 does not match the journal data inside"
                .into(),
        };
    }
    if render_html(&data.entry, &data.meta) != html_n {
        return ReceiptCheck::Altered {
            reason: "isi halaman berbeda dari data jurnalnya (angka, nama, waktu atau baris diubah) / the page differs from its journal data"
                .into(),
        };
    }
    ReceiptCheck::Intact {
        session_id: data.entry.session_id.clone(),
        sha256: sha,
        entry: Box::new(data.entry),
    }
}

/// The session a receipt is for: `session_id`, or the latest successful (non-dry-run) one.
pub fn pick_session<'a>(sessions: &'a [JournalEntry], session_id: Option<&str>) -> Option<&'a JournalEntry> {
    use crate::sync::journal::SessionResult;
    match session_id {
        Some(id) => sessions.iter().find(|e| e.session_id == id),
        None => sessions
            .iter()
            .find(|e| e.result == SessionResult::Success && !e.dry_run),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ChangeOp;
    use crate::sync::JournalWrite;
    use crate::sync::journal::SessionResult;

    fn entry() -> JournalEntry {
        let mut counts = std::collections::BTreeMap::new();
        counts.insert("TERDAFTAR".to_string(), 40);
        counts.insert("BELUM_TERDAFTAR".to_string(), 2);
        let mut states = std::collections::BTreeMap::new();
        states.insert("accepted".to_string(), 1);
        states.insert("menunggu_kabkota".to_string(), 1);
        JournalEntry {
            session_id: "s-1".into(),
            started_at_ms: 1_788_220_800_000, // 2026-09-01 00:00 UTC = 07:00 WIB
            finished_at_ms: Some(1_788_220_860_000),
            result: SessionResult::Success,
            dry_run: false,
            statistic_num: "510035150001".into(),
            counts,
            pushed: 2,
            rejected: 0,
            conflicts: 0,
            error: None,
            writes: vec![
                JournalWrite {
                    key: "3517********0001".into(),
                    op: ChangeOp::Create,
                    state: WriteState::Accepted,
                    code: None,
                    message: Some("Berhasil <disimpan>".into()),
                    at_ms: 1_788_220_830_000,
                },
                JournalWrite {
                    key: "3517********0002".into(),
                    op: ChangeOp::Update,
                    state: WriteState::MenungguKabkota,
                    code: None,
                    message: None,
                    at_ms: 1_788_220_840_000,
                },
            ],
            write_states: states,
        }
    }

    #[test]
    fn canonical_form_and_digest_are_stable() {
        let e = entry();
        assert_eq!(canonical(&e), canonical(&e.clone()));
        assert_eq!(digest(&e).len(), 64);
        let mut f = e.clone();
        f.pushed = 3;
        assert_ne!(digest(&e), digest(&f));
        // Key order in the JSON does not matter: the canonical form sorts keys.
        let v: serde_json::Value = serde_json::from_str(&canonical(&e)).unwrap();
        let back: JournalEntry = serde_json::from_value(v).unwrap();
        assert_eq!(digest(&back), digest(&e));
    }

    #[test]
    fn page_holds_the_facts_masked_and_escaped() {
        let meta = ReceiptMeta::new(
            Some("PP Al-Ikhlas".into()),
            Some("operator.satu@example.id"),
            1_788_221_000_000,
            Lang::Id,
        );
        let h = render_html(&entry(), &meta);
        assert!(h.contains("2026-09-01 07:00:00 WIB"), "start in WIB");
        assert!(h.contains("510035150001"));
        assert!(h.contains("<svg"));
        assert!(h.contains("Berhasil &lt;disimpan&gt;"));
        assert!(!h.contains("Berhasil <disimpan>"));
        assert!(!h.contains("operator.satu"));
        assert!(h.contains("op***********@e******.id"), "{h}");
        assert!(h.contains(&digest(&entry())));
        assert!(h.contains("menunggu Kemenag kab/kota"));
    }

    #[test]
    fn verify_finds_every_change() {
        let meta = ReceiptMeta::new(None, Some("3517011708080001"), 1_788_221_000_000, Lang::Id);
        let h = render_html(&entry(), &meta);
        assert!(!h.contains("3517011708080001"));
        assert!(matches!(verify_html(&h), ReceiptCheck::Intact { .. }));
        // CRLF line ends (a copy on Windows) are not a change.
        assert!(matches!(
            verify_html(&h.replace('\n', "\r\n")),
            ReceiptCheck::Intact { .. }
        ));
        // A visible count changed.
        let v = h.replacen("data-status=\"TERDAFTAR\">40<", "data-status=\"TERDAFTAR\">41<", 1);
        assert_ne!(v, h);
        assert!(matches!(verify_html(&v), ReceiptCheck::Altered { .. }));
        // The embedded data changed (the hash then no longer matches).
        let v = h.replacen("\"pushed\":2", "\"pushed\":9", 1);
        assert_ne!(v, h);
        assert!(matches!(verify_html(&v), ReceiptCheck::Altered { .. }));
        // Data and printed hash changed together: the page no longer renders from it.
        let mut e2 = entry();
        e2.pushed = 9;
        let v = h
            .replacen("\"pushed\":2", "\"pushed\":9", 1)
            .replace(&digest(&entry()), &digest(&e2));
        assert!(matches!(verify_html(&v), ReceiptCheck::Altered { .. }));
        assert_eq!(verify_html("<html>hello</html>"), ReceiptCheck::NotAReceipt);
    }

    #[test]
    fn picks_the_latest_success() {
        let mut a = entry();
        a.session_id = "new-dry".into();
        a.dry_run = true;
        let b = entry();
        let list = vec![a, b];
        assert_eq!(pick_session(&list, None).unwrap().session_id, "s-1");
        assert_eq!(pick_session(&list, Some("new-dry")).unwrap().session_id, "new-dry");
        assert!(pick_session(&list, Some("zzz")).is_none());
    }
}
