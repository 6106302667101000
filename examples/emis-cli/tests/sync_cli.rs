//! `emis sync --server` and `emis history` against the simulator over loopback, as an operator
//! would run them: a santri CSV with EMIS column names, credentials from the environment.

mod common;

use common::emis;
use emis_sim::Simulator;

fn csv_cell(v: Option<&serde_json::Value>) -> String {
    let s = match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(serde_json::Value::Object(m)) => m.get("name").and_then(|n| n.as_str()).unwrap_or("").to_string(),
        _ => String::new(),
    };
    format!("\"{}\"", s.replace('"', "\"\""))
}

#[test]
fn sync_from_a_csv_then_history() {
    let sim = Simulator::builder()
        .seed(5)
        .queue_length(0)
        .build()
        .start_blocking()
        .expect("simulator");
    let sn = sim.demo_statistic_num();
    let op = sim.operator_credentials(&sn).expect("operator");
    let dir = std::env::temp_dir().join(format!("emis-cli-sync-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("santri.csv");
    // The app's export: EMIS's roster in flat columns, plus one santri not registered yet.
    let mut text = String::from(
        "full_name,nik,kk_num,nisn,birth_place,birth_date,m_gender,mother_full_name,study_group,status_mukim\n",
    );
    let records = sim.santri_records(&sn);
    for r in &records {
        let p = r.get("parents");
        let row = [
            csv_cell(r.get("full_name")),
            csv_cell(r.get("nik")),
            csv_cell(r.get("kk_num")),
            csv_cell(r.get("nisn")),
            csv_cell(r.get("birth_place")),
            csv_cell(r.get("birth_date")),
            csv_cell(r.get("m_gender")),
            csv_cell(p.and_then(|p| p.get("mother_full_name"))),
            csv_cell(r.get("learning_activity").and_then(|l| l.get("study_group"))),
            csv_cell(r.get("status_mukim")),
        ];
        text.push_str(&row.join(","));
        text.push('\n');
    }
    let new = sim.new_santri(&sn, 1).remove(0).to_json("");
    let nik = new["nik"].as_str().unwrap().to_string();
    text.push_str(&format!(
        "{},{},,,{},{},{},{},Kelas 7 - A,mukim\n",
        csv_cell(new.get("full_name")),
        nik,
        csv_cell(new.get("birth_place")),
        csv_cell(new.get("birth_date")),
        csv_cell(new.get("m_gender")),
        csv_cell(new.get("parents").and_then(|p| p.get("mother_full_name"))),
    ));
    std::fs::write(&csv, text).unwrap();
    let local = csv.to_str().unwrap();
    let creds = [
        ("EMIS_EMAIL", op.email.as_str()),
        ("EMIS_PASSWORD", op.password.as_str()),
    ];

    // No credentials and no terminal: a clear usage/input error, exit 2.
    let out = emis(
        &[
            "sync",
            "--server",
            &sim.base_url(),
            "--statistic-num",
            &sn,
            "--local",
            local,
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("EMIS_TOKEN") && err.contains("EMIS_EMAIL"), "{err}");

    // A dry run pushes nothing; the real run registers the new santri.
    let args = [
        "sync",
        "--server",
        &sim.base_url(),
        "--statistic-num",
        &sn,
        "--local",
        local,
        "--format",
        "json",
    ];
    let dry = emis(&[&args[..], &["--dry-run"]].concat(), &creds);
    let dry_json: serde_json::Value = serde_json::from_slice(&dry.stdout).expect("json report");
    assert_eq!(dry_json["pushed"], 0);
    assert_eq!(dry_json["counts"]["BELUM_TERDAFTAR"], 1, "{dry_json}");
    let before = sim.state().lembaga[&sn].santri_total;
    let run = emis(&args, &creds);
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).expect("json report");
    assert_eq!(report["pushed"], 1, "{report}");
    assert_eq!(sim.state().lembaga[&sn].santri_total, before + 1);
    // Identifiers are masked in the report; secrets appear nowhere.
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(!all.contains(&nik), "full NIK in the output");
    assert!(!all.contains(&op.password), "password in the output");

    // The journal: newest first, CSV export with a header and one row per session.
    let hist = emis(&["history", "--local", local, "--export", "csv"], &[]);
    assert_eq!(hist.status.code(), Some(0));
    let lines: Vec<String> = String::from_utf8_lossy(&hist.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    assert!(lines[0].starts_with("session_id,") && lines[0].ends_with(",writes_tidak_didukung"));
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[1].contains(",success,false,"), "newest first: the real run");
    let store_files = std::fs::read_dir(dir.join("santri.csv.emis")).unwrap().count();
    assert!(
        store_files >= 4,
        "store folder holds santri, outbox, checkpoints and journal"
    );
    // Without --local: the store the last sync used, said on stderr.
    let last = emis(&["history", "--export", "csv"], &[]);
    assert_eq!(last.status.code(), Some(0), "{}", String::from_utf8_lossy(&last.stderr));
    assert_eq!(last.stdout, hist.stdout);
    let note = String::from_utf8_lossy(&last.stderr);
    assert!(
        note.contains("santri.csv.emis") && note.contains("jurnal folder sinkron terakhir"),
        "{note}"
    );
    let journal = std::fs::read_to_string(dir.join("santri.csv.emis/journal.jsonl")).unwrap();
    assert!(!journal.contains(&op.password));
    std::fs::remove_dir_all(&dir).ok();
    sim.shutdown();
}
