//! `emis daftar`: the registration packet check (TOML and JSON, real files for the surat tugas)
//! and `--cek` against the simulator's registration flow (extended profile) over loopback: the
//! account is approved while emis polls the login.

mod common;

use common::{TempDir, code, emis, stdout, text};
use emis_sim::{Profile, Simulator};
use std::io::{Read, Write};

const GOOD: &str = r#"
[lembaga]
jenis = "pontren"
nomor_statistik = "510035150001"
nama = "PP Al-Ikhlas"
alamat = "Jl. Masjid No. 1"

[sk]
nomor = "B-123/Kk.13.15/PP.00/2020"
tanggal = "2020-01-15"
nama_di_sk = "PP AL IKHLAS"

[operator]
nama = "Operator Uji"
nik = "3517011708080001"
email = "operator@example.id"
telepon = "081234567890"

[surat_tugas]
berkas = "surat-tugas.pdf"
"#;

#[test]
fn packets_are_checked_with_a_full_report() {
    let dir = TempDir::new("daftar");
    std::fs::write(dir.path("surat-tugas.pdf"), b"%PDF-1.4\n% sintetis\n").unwrap();
    let toml = dir.path("daftar.toml");
    std::fs::write(&toml, GOOD).unwrap();
    let out = emis(&["daftar", toml.to_str().unwrap(), "--today", "2026-12-06"], &[]);
    assert_eq!(code(&out), 0, "{}", text(&out));
    let s = stdout(&out);
    assert!(s.contains("lengkap dan sesuai aturan"), "{s}");
    assert!(
        s.contains("Langkah pendaftaran di portal EMIS") && s.contains("  6. "),
        "{s}"
    );

    // Everything wrong at once, as JSON: one finding per problem, no NIK in the output.
    let bad = GOOD
        .replace("\"pontren\"", "\"mdt\"")
        .replace("PP Al-Ikhlas", "PP  Al-Hikmah")
        .replace("2020-01-15", "2020-02-30")
        .replace("3517011708080001", "3517013002080001")
        .replace("operator@example.id", "operator@")
        .replace("081234567890", "12345")
        .replace("surat-tugas.pdf", "surat.png");
    std::fs::write(dir.path("surat.png"), b"\x89PNG\r\n\x1a\nxx").unwrap();
    let bad_file = dir.path("salah.toml");
    std::fs::write(&bad_file, bad).unwrap();
    let out = emis(&["daftar", bad_file.to_str().unwrap(), "--format", "json"], &[]);
    assert_eq!(code(&out), 1, "{}", text(&out));
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["ready"], false);
    let codes: Vec<&str> = j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    for want in [
        "daftar.nomor_jenis_beda",
        "daftar.spasi_berlebih",
        "daftar.nama_beda_sk",
        "daftar.sk_tanggal_tidak_valid",
        "daftar.nik_operator_tidak_valid",
        "daftar.email_tidak_valid",
        "daftar.telepon_tidak_valid",
        "daftar.surat_tugas_jenis",
    ] {
        assert!(codes.contains(&want), "{want}: {codes:?}");
    }
    assert!(!text(&out).contains("3517013002080001"));

    // The text report in English, a missing file, a JSON packet, an unreadable packet.
    let out = emis(&["daftar", bad_file.to_str().unwrap(), "--lang", "en"], &[]);
    assert!(stdout(&out).contains("Fix the invalid items"), "{}", text(&out));
    let gone = GOOD.replace("surat-tugas.pdf", "tidak-ada.pdf");
    let gone_file = dir.path("hilang.toml");
    std::fs::write(&gone_file, gone).unwrap();
    let out = emis(&["daftar", gone_file.to_str().unwrap(), "--format", "json"], &[]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("daftar.surat_tugas_tidak_ada"));
    let json_file = dir.path("daftar.json");
    std::fs::write(
        &json_file,
        r#"{"lembaga": {"jenis": "1", "nomor_statistik": "510035150001", "nama": "PP X", "alamat": "Jl. Y"},
            "sk": {"nomor": "1/2020", "tanggal": "2020-01-01"},
            "operator": {"nama": "O", "nik": "3517011708080001", "email": "o@example.id", "telepon": "+6281234567890"},
            "surat_tugas": {"berkas": "surat-tugas.pdf"}}"#,
    )
    .unwrap();
    let out = emis(&["daftar", json_file.to_str().unwrap()], &[]);
    assert_eq!(code(&out), 0, "{}", text(&out));
    let broken = dir.path("rusak.toml");
    std::fs::write(&broken, "[lembaga\njenis = ").unwrap();
    let out = emis(&["daftar", broken.to_str().unwrap()], &[]);
    assert_eq!(code(&out), 2, "{}", text(&out));
    assert!(text(&out).contains("tidak terbaca"));
    let out = emis(&["daftar", "--langkah"], &[]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("1. Siapkan"));
    // No file and no --langkah/--cek: a usage error.
    assert_eq!(code(&emis(&["daftar"], &[])), 2);
}

/// `POST /v1/accounts/registrations` by hand (multipart over a plain socket): the portal's
/// form, with the simulator's `password` extension. Returns the registration id.
fn register(base: &str, fields: &[(&str, &str)]) -> String {
    let addr = base.trim_start_matches("http://").trim_end_matches('/');
    let b = "emisuji7c1";
    let mut body = Vec::new();
    for (k, v) in fields {
        write!(
            body,
            "--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        )
        .unwrap();
    }
    write!(
        body,
        "--{b}\r\nContent-Disposition: form-data; name=\"surat_tugas\"; filename=\"surat.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 sintetis\r\n--{b}--\r\n"
    )
    .unwrap();
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "POST /v1/accounts/registrations HTTP/1.1\r\nHost: {addr}\r\nContent-Type: multipart/form-data; boundary={b}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    s.write_all(&body).unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    let json = &resp[resp.find("\r\n\r\n").expect("http answer") + 4..];
    let start = json.find('{').unwrap_or(0);
    let v: serde_json::Value =
        serde_json::from_str(&json[start..json.rfind('}').unwrap() + 1]).unwrap_or_else(|e| panic!("{e}: {resp}"));
    v["results"]["registration_id"]
        .as_str()
        .unwrap_or_else(|| panic!("{resp}"))
        .to_string()
}

/// The kab/kota office looks at the registration (the simulator decides on a status poll).
fn poll_status(base: &str, id: &str) -> String {
    let addr = base.trim_start_matches("http://").trim_end_matches('/');
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET /v1/accounts/registrations/{id} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    resp
}

#[test]
fn cek_says_when_the_account_is_approved() {
    let sim = Simulator::builder()
        .seed(3)
        .profile(Profile::Extended)
        .queue_length(0)
        .build()
        .start_blocking()
        .expect("simulator");
    let sn = sim.demo_statistic_num();
    let group = sim.dataset().lembaga[0].kind.group_id().to_string();
    let nik = sim.new_santri(&sn, 1)[0].to_json("")["nik"]
        .as_str()
        .unwrap()
        .to_string();
    let (email, password) = ("operator.baru@example.id", "rahasia-uji-1");
    let env = [("EMIS_EMAIL", email), ("EMIS_PASSWORD", password)];

    // Not registered at all: --cek gives up after --max-wait with exit 3.
    let base = sim.base_url();
    let cek = |max_wait: &'static str| {
        [
            "daftar",
            "--cek",
            "--server",
            base.as_str(),
            "--interval",
            "1",
            "--max-wait",
            max_wait,
        ]
    };
    let out = emis(&cek("2"), &env);
    assert_eq!(code(&out), 3, "{}", text(&out));
    assert!(text(&out).contains("belum bisa login"), "{}", text(&out));
    assert!(!text(&out).contains(password));

    // emis polls; meanwhile the operator registers and the office approves.
    let child = common::command(&cek("60"), &env)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let id = register(
        &sim.base_url(),
        &[
            ("full_name", "Operator Baru"),
            ("email", email),
            ("phone", "081234567890"),
            ("nik", &nik),
            ("institution_group_id", &group),
            ("sk_number", "B-1/2020"),
            ("statistic_num", &sn),
            ("password", password),
        ],
    );
    let status = poll_status(&sim.base_url(), &id);
    assert!(status.contains("approved"), "{status}");
    let out = child.wait_with_output().unwrap();
    assert_eq!(code(&out), 0, "{}", text(&out));
    assert!(stdout(&out).contains("AKUN SUDAH AKTIF"), "{}", text(&out));
    assert!(
        text(&out).contains("belum bisa login"),
        "polled before the approval: {}",
        text(&out)
    );

    // --cek needs an e-mail login.
    let out = emis(
        &["daftar", "--cek", "--server", &sim.base_url()],
        &[("EMIS_TOKEN", "abc")],
    );
    assert_eq!(code(&out), 2, "{}", text(&out));
}
