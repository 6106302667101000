//! `emis sync --demo`: starts the built-in EMIS simulator on 127.0.0.1, seeds a pesantren,
//! builds a local dataset with the defects operators really meet, and runs the whole sync.

use crate::output::{self, CliError};
use crate::sync::{finish, run_engine, runtime};
use emis_core::api::{Credentials, EmisClient, EmisConfig, Secret};
use emis_core::date::Date;
use emis_core::model::{Gtk, Santri};
use emis_core::sync::{ConflictPolicy, DirStore, LocalStore, SyncOptions};
use emis_core::{Lang, pii};
use emis_sim::{Defects, Simulator};
use std::path::PathBuf;

/// Where the demo keeps its local store and journal.
pub fn store_dir() -> PathBuf {
    std::env::var_os("EMIS_DEMO_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("emis-demo"))
}

fn santri_of(values: &[serde_json::Value]) -> Vec<Santri> {
    values.iter().filter_map(|v| Santri::from_value(v).ok()).collect()
}

/// Swaps two letters of the last word: a realistic typo.
fn typo(name: &str) -> String {
    let mut words: Vec<String> = name.split_whitespace().map(str::to_string).collect();
    if let Some(last) = words.last_mut() {
        let mut c: Vec<char> = last.chars().collect();
        if c.len() > 3 {
            c.swap(1, 2);
            *last = c.into_iter().collect();
        }
    }
    words.join(" ")
}

/// `emis sync --demo`.
pub fn run(
    seed: u64,
    dry_run: bool,
    policy: ConflictPolicy,
    today: Date,
    format: &str,
    lang: Lang,
) -> Result<u8, CliError> {
    let text = format == "text";
    let say = |s: &str| {
        if text {
            eprintln!("{s}");
        }
    };
    say("emis sync --demo: simulator EMIS lokal di 127.0.0.1 (data sintetis, bukan orang sungguhan)");
    let sim = Simulator::builder()
        .seed(seed)
        .defects(Defects::none())
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
        "  server   {}   lembaga {} ({sn})",
        sim.base_url(),
        lembaga.name
    ));

    // The local dataset: EMIS's roster as the app would have it, with the usual defects.
    let mut local = santri_of(&sim.santri_records(&sn));
    let mut notes: Vec<String> = Vec::new();
    if local.len() > 8 {
        let n = &mut local[1];
        let t = typo(n.full_name.expose());
        n.full_name = t.into();
        notes.push("salah ketik nama (DISKREPANSI, EMIS menang)".into());
        let mut dup = local[2].clone();
        dup.id = None;
        dup.full_name = typo(dup.full_name.expose()).into();
        local.push(dup);
        notes.push("satu santri tercatat dua kali (GANDA)".into());
        let removed = local.remove(3);
        notes.push(format!(
            "{} hanya ada di EMIS (HANYA_DI_EMIS)",
            pii::mask_name(removed.full_name.expose())
        ));
        if let Some(la) = local[4].learning_activity.as_mut() {
            la.exit_date = Some(today.to_string());
            la.exit_reason = Some("mutasi".into());
            la.exit_destination = Some("pesantren".into());
            notes.push("satu santri pindah (mutasi keluar)".into());
        }
        let mut bad = local[5].clone();
        bad.id = None;
        bad.nik = Some("3517013002080001".into());
        bad.nisn = None;
        bad.kk_num = None;
        bad.full_name = "Zaid Abdullah".into();
        local.push(bad);
        notes.push("NIK dengan tanggal 30 Februari (INVALID)".into());
    }
    for s in sim.new_santri(&sn, 2) {
        if let Ok(x) = Santri::from_value(&s.to_json("")) {
            let mut x = x;
            x.id = None;
            local.push(x);
        }
    }
    notes.push("dua santri baru belum terdaftar (BELUM_TERDAFTAR → didaftarkan)".into());
    if let Some(other) = ds.lembaga.iter().find(|l| l.statistic_num != sn)
        && let Some(v) = sim.santri_records(&other.statistic_num).first()
        && let Ok(mut x) = Santri::from_value(v)
    {
        x.id = None;
        local.push(x);
        notes.push("NIK masih aktif di lembaga lain (ditolak server: GANDA, perlu mutasi keluar)".into());
    }
    let mut gtk: Vec<Gtk> = sim
        .gtk_records(&sn)
        .iter()
        .filter_map(|v| Gtk::from_value(v).ok())
        .collect();
    if let Some(v) = ds
        .lembaga
        .iter()
        .filter(|l| l.statistic_num != sn)
        .flat_map(|l| sim.gtk_records(&l.statistic_num))
        .find(|g| {
            g.get("nip")
                .and_then(|n| n.as_str())
                .is_some_and(|n| ds.simpeg.contains_key(n))
        })
        && let Ok(mut g) = Gtk::from_value(&v)
    {
        g.id = None;
        g.status_kepegawaian = None;
        g.simpeg = None;
        gtk.push(g);
        notes.push("ustadz PNS belum ada di EMIS, datanya diambil dari SIMPEG".into());
    }
    for n in &notes {
        say(&format!("  - {n}"));
    }

    let dir = store_dir();
    for f in ["santri.json", "gtk.json", "outbox.json", "checkpoints.json"] {
        let _ = std::fs::remove_file(dir.join(f));
    }
    let mut store = DirStore::open(&dir).map_err(|e| CliError::input(e.to_string()))?;
    store.save_santri(&local).map_err(|e| CliError::input(e.to_string()))?;
    store.save_gtk(&gtk).map_err(|e| CliError::input(e.to_string()))?;
    say(&format!(
        "  data lokal: {} santri, {} GTK di {}",
        local.len(),
        gtk.len(),
        dir.display()
    ));

    let op = sim
        .operator_credentials(&sn)
        .ok_or_else(|| CliError::input("akun operator demo tidak ada / no demo operator"))?;
    let mut cfg = EmisConfig::new(&sim.base_url()).map_err(|e| CliError::input(e.to_string()))?;
    cfg.simpeg_base_url = url::Url::parse(&sim.simpeg_base_url()).ok();
    cfg.poll_interval = std::time::Duration::from_millis(200);
    // The simulator's queue moves on every poll; a real server's estimate is honoured up to 30 s.
    cfg.max_poll_interval = std::time::Duration::from_millis(500);
    let client = EmisClient::native(
        cfg,
        Credentials::Operator {
            email: op.email.clone(),
            password: Secret::new(op.password.clone()),
        },
    )
    .map_err(|e| CliError::input(e.to_string()))?;
    let mut opts = SyncOptions::new(&sn, today);
    opts.policy = policy;
    opts.dry_run = dry_run;
    opts.batch_size = 25;
    say("  login → verifikasi → rencana → kirim → SIMPEG → laporan → jurnal");
    let rt = runtime()?;
    let report = rt.block_on(run_engine(&client, &mut store, &opts, text));
    let code = finish(report, &store, format, lang)?;
    if text {
        output::print(&format!(
            "\nJurnal: `emis history --demo` (folder {}). Simulator dihentikan.\n",
            dir.display()
        ))?;
    }
    sim.shutdown();
    // The demo succeeds when the sync ran; exit 1 would only say that defects were found,
    // which the demo plants on purpose.
    let _ = code;
    Ok(0)
}
