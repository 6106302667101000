//! `emis sync --demo`: starts the built-in EMIS simulator in its default profile (the real
//! EMIS as public clients show it) on 127.0.0.1, builds a local dataset with the defects
//! operators really meet, and runs two syncs with the Kepala's and kab/kota's approvals in
//! between — with a short write window, said on screen, so that it ends in seconds.

use crate::cli::TextOrJson;
use crate::output::{self, CliError, tr};
use crate::progress::Printer;
use crate::sync::{finish, open_local, run_session, runtime};
use emis_core::Lang;
use emis_core::api::{Credentials, EmisConfig, Secret};
use emis_core::date::Date;
use emis_core::model::{Gtk, Santri};
use emis_core::pii;
use emis_core::sync::{CancelToken, ConflictPolicy, DirStore, LocalStore, SyncOptions};
use emis_sim::{ApprovalAction, Defects, SimHandle, Simulator};
use serde_json::Value;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The simulator's write window in the demo (the real EMIS: 3 s).
const SIM_WRITE_WINDOW_MS: u64 = 300;
/// The client's spacing of writes: the window and a small margin for loopback jitter.
const CLIENT_WRITE_INTERVAL_MS: u64 = 320;

/// Swaps two letters of the last word: a realistic typo.
fn typo(name: &str) -> String {
    let mut words: Vec<String> = name.split_whitespace().map(str::to_string).collect();
    if let Some(last) = words.last_mut() {
        let mut c: Vec<char> = last.chars().collect();
        if c.len() > 3 {
            c.swap(1, 2);
            if c[1] == c[2] {
                c.swap(0, 1);
            }
            *last = c.into_iter().collect();
        }
    }
    words.join(" ")
}

fn is_active(v: &Value) -> bool {
    v.pointer("/learning_activity/student_status/name")
        .and_then(Value::as_str)
        .is_none_or(|s| s.eq_ignore_ascii_case("aktif"))
}

fn nik_digits(s: &Santri) -> String {
    s.nik
        .as_ref()
        .map(|n| n.expose().chars().filter(char::is_ascii_digit).collect())
        .unwrap_or_default()
}

/// The pesantren's local data: EMIS's roster with the usual defects, new santri, and one still
/// active at another lembaga. Returns the data, what was planted, and the new santri's NIKs.
fn local_dataset(sim: &SimHandle, sn: &str, today: Date) -> (Vec<Santri>, Vec<Gtk>, Vec<String>, Vec<String>) {
    let roster = sim.santri_records(sn);
    let active: Vec<usize> = (0..roster.len()).filter(|&i| is_active(&roster[i])).collect();
    let mut local: Vec<Santri> = roster.iter().filter_map(|v| Santri::from_value(v).ok()).collect();
    let mut notes = Vec::new();
    let mut new_niks = Vec::new();
    if active.len() >= 8 {
        let (i_typo, i_dup, i_only_emis, i_left, i_bad) = (active[1], active[2], active[3], active[4], active[5]);
        let n = &mut local[i_typo];
        n.full_name = typo(n.full_name.expose()).into();
        notes.push("salah ketik nama → DISKREPANSI (EMIS menang; --policy local mengirim pembaruan)".to_string());
        let mut dup = local[i_dup].clone();
        dup.id = None;
        dup.full_name = typo(dup.full_name.expose()).into();
        local.push(dup);
        notes.push("satu santri tercatat dua kali di data lokal → GANDA".into());
        let la = local[i_left].learning_activity.get_or_insert_with(Default::default);
        la.exit_date = Some(today.to_string());
        la.exit_reason = Some("mutasi".into());
        la.exit_destination = Some("pesantren".into());
        notes.push("satu santri pindah → mutasi keluar (tidak ada di API: lakukan di portal)".into());
        let mut bad = local[i_bad].clone();
        bad.id = None;
        bad.nik = Some("3517013002080001".into());
        bad.nisn = None;
        bad.kk_num = None;
        bad.full_name = "Zaid Abdullah".into();
        local.push(bad);
        notes.push("NIK dengan tanggal 30 Februari → INVALID (tidak dikirim)".into());
        let removed = local.remove(i_only_emis);
        notes.push(format!(
            "{} hanya ada di EMIS → HANYA_DI_EMIS (ditambahkan ke data lokal)",
            pii::mask_name(removed.full_name.expose())
        ));
    }
    notes.push("dua santri berbeda dengan nama, tanggal dan tempat lahir sama (tetap dua orang)".into());
    for s in sim.new_santri(sn, 4) {
        if let Ok(mut x) = Santri::from_value(&s.to_json("")) {
            x.id = None;
            x.learning_activity = None;
            new_niks.push(nik_digits(&x));
            local.push(x);
        }
    }
    notes.push("empat santri baru → BELUM_TERDAFTAR → didaftarkan satu per satu".into());
    let ds = sim.dataset();
    if let Some(other) = ds.lembaga.iter().find(|l| l.statistic_num != sn)
        && let Some(v) = sim.santri_records(&other.statistic_num).into_iter().find(is_active)
        && let Ok(mut x) = Santri::from_value(&v)
    {
        x.id = None;
        x.learning_activity = None;
        local.push(x);
        notes.push("NIK masih aktif di lembaga lain → ditolak server (data ganda: perlu mutasi keluar di sana)".into());
    }
    let mut gtk: Vec<Gtk> = sim
        .gtk_records(sn)
        .iter()
        .filter_map(|v| Gtk::from_value(v).ok())
        .collect();
    notes.push("GTK dengan NIP dicek ke SIMPEG lewat pratinjau EMIS GTK (cookie sesi): cocok / perlu operator".into());
    if let Some(v) = ds
        .lembaga
        .iter()
        .filter(|l| l.statistic_num != sn)
        .flat_map(|l| sim.gtk_records(&l.statistic_num))
        .find(|g| {
            g.get("nip")
                .and_then(Value::as_str)
                .is_some_and(|n| ds.simpeg.contains_key(n))
        })
        && let Ok(mut g) = Gtk::from_value(&v)
    {
        g.id = None;
        g.status_kepegawaian = None;
        g.simpeg = None;
        gtk.push(g);
        notes.push("ustadz PNS belum ada di EMIS → tambah GTK tidak ada di API (lakukan di EMIS GTK)".into());
    }
    (local, gtk, notes, new_niks)
}

/// `emis sync --demo`.
pub fn run(
    seed: u64,
    dry_run: bool,
    policy: ConflictPolicy,
    today: Date,
    format: TextOrJson,
    lang: Lang,
) -> Result<u8, CliError> {
    let started = Instant::now();
    let printer = Arc::new(Printer::new(lang));
    let say = |s: &str| printer.say(s);
    say(
        "emis sync --demo: simulator EMIS bawaan, profil bawaan = EMIS asli, di 127.0.0.1 (data sintetis, bukan orang sungguhan)",
    );
    let sim = Simulator::builder()
        .seed(seed)
        .defects(Defects::none())
        .write_window_ms(SIM_WRITE_WINDOW_MS)
        .build()
        .start_blocking()
        .map_err(|e| {
            CliError::input(format!(
                "simulator tidak dapat dijalankan / cannot start the simulator: {e}"
            ))
        })?;
    let sn = sim.demo_statistic_num();
    let ds = sim.dataset();
    let lembaga = ds
        .lembaga(&sn)
        .ok_or_else(|| CliError::input("simulator tanpa lembaga demo / no demo lembaga"))?;
    say(&format!(
        "  server {}   lembaga {} ({sn})",
        sim.base_url(),
        lembaga.name
    ));
    say(&format!(
        "  Simulator: jeda antar-kirim 0,3 dtk; EMIS asli 3 dtk (klien demo menunggu {:.2} dtk antar-kirim; \
         di server asli bawaannya 3 dtk) / simulator write window 0.3 s; the real EMIS 3 s",
        CLIENT_WRITE_INTERVAL_MS as f64 / 1000.0
    )
    .replace("0.32 dtk", "0,32 dtk"));

    let (local, gtk, notes, new_niks) = local_dataset(&sim, &sn, today);
    for n in &notes {
        say(&format!("  - {n}"));
    }
    let dir = crate::state::demo_store_dir();
    for f in ["santri.json", "gtk.json", "outbox.json", "checkpoints.json"] {
        let _ = std::fs::remove_file(dir.join(f));
    }
    let mut store: DirStore = open_local(&dir)?;
    store.save_santri(&local).map_err(|e| CliError::input(e.to_string()))?;
    store.save_gtk(&gtk).map_err(|e| CliError::input(e.to_string()))?;
    say(&format!(
        "  data lokal: {} santri, {} GTK di {}",
        local.len(),
        gtk.len(),
        dir.display()
    ));

    // Login with a pasted-style token, as operators do (the simulator mints it).
    let token = sim.mint_token(3 * 3600);
    let credentials = Credentials::Token(Secret::new(token));
    say(
        "  Login: token tempel (dibuat simulator, seperti yang disalin operator dari peramban; bukan kata sandi) / pasted token",
    );
    if let Some(l) = crate::auth::check_token(&credentials, crate::auth::now_s())? {
        say(&format!("    {l}"));
    }
    let mut cfg = EmisConfig::new(&sim.base_url()).map_err(|e| CliError::input(e.to_string()))?;
    cfg.gtk_base_url = url::Url::parse(&sim.gtk_base_url()).ok();
    cfg.simpeg_base_url = url::Url::parse(&sim.pintar_base_url()).ok();
    cfg.pacing.write_interval = Duration::from_millis(CLIENT_WRITE_INTERVAL_MS);
    let transport = emis_core::transport::ReqwestTransport::new().map_err(|e| CliError::input(e.to_string()))?;
    let client = crate::sync::native_client(cfg, credentials, transport).with_simpeg_sessions(
        Some(Secret::new(sim.gtk_cookie())),
        Some(Secret::new(sim.pintar_token())),
    );
    let mut opts = SyncOptions::new(&sn, today);
    opts.policy = policy;
    opts.dry_run = dry_run;

    let rt = runtime()?;
    let cancel = CancelToken::new();
    crate::progress::on_ctrl_c(&rt, cancel.clone());
    say(
        "\nSinkron 1: login → ambil data → verifikasi → rencana → kirim satu per satu → SIMPEG → laporan → jurnal \
         / sync 1: login, pull, verify, plan, send one by one, SIMPEG, report, journal",
    );
    let (r1, store1) = run_session(&rt, &client, store, &opts, &printer, &cancel);
    let r1 = match r1 {
        Ok(r) => r,
        Err(e) => return finish(Err(e), store1.as_ref(), format, lang),
    };
    let text = format == TextOrJson::Text;
    if text {
        output::print(&crate::report::text(&r1, store1.as_ref(), lang))?;
    }
    drop(store1);
    if dry_run {
        if !text {
            output::print(&format!("{:#}\n", serde_json::json!({ "sync_1": r1 })))?;
        }
        sim.shutdown();
        return Ok(0);
    }

    // The Kepala and the kab/kota office act on the new records (POST /__sim/approvals).
    let steps = [
        (ApprovalAction::Advance, "Kepala menyetujui → menunggu_kabkota"),
        (ApprovalAction::Approve, "Kepala dan kab/kota menyetujui → disetujui"),
        (ApprovalAction::Reject, "ditolak kab/kota dengan catatan → ditolak"),
    ];
    let mut approvals = Vec::new();
    let mut lines = format!(
        "\n{}\n",
        tr(
            lang,
            "Persetujuan di simulator (POST /__sim/approvals), di antara dua sinkron:",
            "Approvals on the simulator (POST /__sim/approvals), between two syncs:"
        )
    );
    for (nik, (action, what)) in new_niks.iter().zip(steps) {
        let changed = sim.approvals(action, Some(nik), None);
        lines.push_str(&format!("  {}  {what}\n", pii::mask_number(nik)));
        approvals.extend(
            changed
                .into_iter()
                .map(|c| serde_json::json!({"nik": pii::mask_number(nik), "approval_status": c.approval_status})),
        );
    }
    if let Some(nik) = new_niks.get(steps.len()) {
        lines.push_str(&format!(
            "  {}  belum diperiksa → menunggu_kepala\n",
            pii::mask_number(nik)
        ));
    }
    if text {
        output::print(&lines)?;
    }

    say("\nSinkron 2: status persetujuan dibaca kembali dari daftar santri EMIS / sync 2: approval states read back");
    let store = open_local(&dir)?;
    let (r2, store2) = run_session(&rt, &client, store, &opts, &printer, &cancel);
    let r2 = match r2 {
        Ok(r) => r,
        Err(e) => return finish(Err(e), store2.as_ref(), format, lang),
    };
    if text {
        let mut out = format!(
            "\n{}\n",
            tr(lang, "Sinkron 2 — kiriman per status:", "Sync 2 — writes per state:")
        );
        out.push_str(&crate::report::write_states(&r2, lang));
        out.push('\n');
        out.push_str(&crate::report::write_list(&r2, lang));
        let entries = emis_core::sync::sessions(store2.as_ref()).map_err(|e| CliError::input(e.to_string()))?;
        out.push_str(&format!(
            "\n{}\n",
            tr(lang, "Jurnal (emis history --demo):", "Journal (emis history --demo):")
        ));
        out.push_str(&crate::history::table(&entries[..entries.len().min(2)], lang));
        out.push_str(&format!(
            "\nDemo selesai dalam {:.1} dtk. Jurnal lengkap: `emis history --demo` (folder {}). Simulator dihentikan.\n",
            started.elapsed().as_secs_f64(),
            dir.display()
        ));
        output::print(&out)?;
    } else {
        let j = serde_json::json!({"sync_1": r1, "approvals": approvals, "sync_2": r2});
        output::print(&format!("{j:#}\n"))?;
    }
    sim.shutdown();
    // The demo succeeds when both syncs ran; the defects it finds are planted on purpose.
    Ok(0)
}
