//! `emis lembaga` and `emis gtk` against the simulator over loopback: the lembaga profile
//! against a local profile file, and the GTK list against the local GTK (NIP, NUPTK, NIK; a
//! candidate by name and birth date; never two different NIKs merged).

mod common;

use common::{TempDir, code, emis, stdout, text};
use emis_core::model::Gtk;
use emis_core::sync::{DirStore, LocalStore};
use emis_sim::Simulator;

#[test]
fn lembaga_profile_field_by_field() {
    let sim = common::sim(21, 1);
    let dir = TempDir::new("lembaga");
    let (local, _) = common::dataset(&sim, 0);
    let folder = dir.path("data");
    common::folder(&sim, &folder, &local);
    let sn = sim.demo_statistic_num();
    let op = sim.operator_credentials(&sn).expect("operator");
    let creds = [
        ("EMIS_EMAIL", op.email.as_str()),
        ("EMIS_PASSWORD", op.password.as_str()),
    ];
    let l = sim.dataset().lembaga[0].to_json();
    let f = folder.to_str().unwrap();
    let base = sim.base_url();
    let args = [
        "lembaga",
        "--server",
        base.as_str(),
        "--statistic-num",
        sn.as_str(),
        "--local",
        f,
    ];

    // No profile file yet: what to create.
    let out = emis(&args, &creds);
    assert_eq!(code(&out), 2, "{}", text(&out));
    assert!(text(&out).contains("lembaga.toml"), "{}", text(&out));

    let profile = format!(
        "nama = {:?}\nnomor_statistik = {:?}\njenis = \"{}\"\npimpinan = \"Nama Lain\"\nalamat = {:?}\n\n[sarpras]\n\"Ruang kelas\" = 4\n",
        l["name"].as_str().unwrap(),
        sn,
        l["institution_group_id"],
        l["address"]["address"].as_str().unwrap(),
    );
    std::fs::write(folder.join("lembaga.toml"), profile).unwrap();
    let out = emis(&[&args[..], &["--format", "json"]].concat(), &creds);
    assert_eq!(code(&out), 1, "{}", text(&out));
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", text(&out)));
    let status = |field: &str| {
        j["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["field"] == field)
            .map(|x| x["status"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("no {field}: {j:#}"))
    };
    assert_eq!(status("name"), "TERDAFTAR");
    assert_eq!(status("statistic_num"), "TERDAFTAR");
    assert_eq!(status("institution_group_id"), "TERDAFTAR");
    assert_eq!(status("address.address"), "TERDAFTAR");
    assert_eq!(status("pimpinan"), "DISKREPANSI");
    assert_eq!(status("npsn"), "HANYA_DI_EMIS");
    // The profile's counts were compared (the period comes from the local santri).
    assert_eq!(j["profile_counts"], true, "{j:#}");
    status("santri.total");
    assert_eq!(status("sarpras.ruang kelas"), "BELUM_TERDAFTAR");

    // Text, --policy local: change it in the portal.
    let out = emis(&[&args[..], &["--policy", "local"]].concat(), &creds);
    let s = stdout(&out);
    assert!(s.contains("DISKREPANSI") && s.contains("ubah di portal EMIS"), "{s}");
    assert!(!text(&out).contains(&op.password));
}

#[test]
fn gtk_reconciled_without_merging_different_people() {
    let sim = Simulator::builder()
        .seed(22)
        .build()
        .start_blocking()
        .expect("simulator");
    let dir = TempDir::new("gtk");
    let (local, _) = common::dataset(&sim, 0);
    let folder = dir.path("data");
    common::folder(&sim, &folder, &local);
    let mut store = DirStore::open(&folder).unwrap();
    let mut gtk: Vec<Gtk> = store.load_gtk().unwrap();
    assert!(gtk.len() >= 3, "the demo lembaga has GTK");
    // 0: a field differs. 1: becomes a name + birth date candidate (identifiers removed).
    // last: removed locally (only on EMIS).
    gtk[0].jabatan = Some("Jabatan Lokal Berbeda".into());
    gtk[1].nik = None;
    gtk[1].nip = None;
    gtk[1].nuptk = None;
    let removed = gtk.pop().unwrap();
    store.save_gtk(&gtk).unwrap();
    drop(store);

    let sn = sim.demo_statistic_num();
    let op = sim.operator_credentials(&sn).expect("operator");
    let creds = [
        ("EMIS_EMAIL", op.email.as_str()),
        ("EMIS_PASSWORD", op.password.as_str()),
    ];
    let base = sim.base_url();
    let f = folder.to_str().unwrap();
    let args = [
        "gtk",
        "--server",
        base.as_str(),
        "--statistic-num",
        sn.as_str(),
        "--local",
        f,
    ];
    let out = emis(
        &[&args[..], &["--format", "json", "--policy", "local"]].concat(),
        &creds,
    );
    assert_eq!(code(&out), 1, "{}", text(&out));
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", text(&out)));
    assert!(j["counts"]["DISKREPANSI"].as_u64().unwrap() >= 1, "{j:#}");
    assert_eq!(j["counts"]["KANDIDAT"], 1, "{j:#}");
    assert!(
        j["counts"]["HANYA_DI_EMIS"].as_u64().unwrap() >= 2,
        "removed one and the candidate's: {j:#}"
    );
    let planned = j["planned_updates"].as_array().unwrap();
    assert!(
        planned
            .iter()
            .any(|p| p["fields"].as_array().unwrap().iter().any(|f| f == "jabatan")),
        "{j:#}"
    );
    // No full identifier of any GTK in the output.
    let all = text(&out);
    for g in gtk.iter().chain(std::iter::once(&removed)) {
        if let Some(n) = &g.nik {
            assert!(!all.contains(n.expose()), "full NIK in the output");
        }
    }

    // Confirming the candidate (local row 2) plans its update too; the text form lists rows.
    let out = emis(
        &[&args[..], &["--policy", "local", "--konfirmasi", "2"]].concat(),
        &creds,
    );
    let s = stdout(&out);
    assert!(
        s.contains("KANDIDAT") && s.contains("Perubahan yang direncanakan"),
        "{s}"
    );
    assert!(s.contains("API tulis GTK"), "{s}");

    // A bad token: exit 3, nothing read.
    let out = emis(
        &args,
        &[("EMIS_TOKEN", "eyJhbGciOiJub25lIn0.eyJleHAiOjE3MDAwMDAwMDB9.s")],
    );
    assert_eq!(code(&out), 3, "{}", text(&out));
}
