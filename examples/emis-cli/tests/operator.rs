//! The operator's companion commands against the simulator over loopback: `emis bukti` (the
//! receipt, its verification, PDF and screenshot in headless Chromium), `emis status` and
//! `emis doctor` (good setup, closed port, bad and expired tokens, another lembaga).

mod common;

use common::{TempDir, code, emis, stdout, text};
use emis_sim::{Profile, SimHandle, Simulator};
use std::path::{Path, PathBuf};

fn sim(profile: Profile) -> SimHandle {
    Simulator::builder()
        .seed(11)
        .queue_length(0)
        .write_window_ms(1)
        .profile(profile)
        .build()
        .start_blocking()
        .expect("simulator")
}

/// A local folder with the demo roster and `n` new santri, and what `emis sync` needs for it.
struct Prepared {
    folder: PathBuf,
    new: Vec<String>,
    email: String,
    password: String,
    args: Vec<String>,
}

impl Prepared {
    fn new(sim: &SimHandle, dir: &TempDir, n: usize) -> Prepared {
        let (local, new) = common::dataset(sim, n);
        let folder = dir.path("data");
        common::folder(sim, &folder, &local);
        let sn = sim.demo_statistic_num();
        let op = sim.operator_credentials(&sn).expect("operator");
        let args = [
            "sync",
            "--server",
            &sim.base_url(),
            "--statistic-num",
            &sn,
            "--local",
            folder.to_str().unwrap(),
            "--no-simpeg",
            "--read-interval-ms",
            "0",
            "--today",
            common::TODAY,
        ]
        .map(String::from)
        .to_vec();
        Prepared {
            folder,
            new,
            email: op.email,
            password: op.password,
            args,
        }
    }
    /// `emis sync … extra` with the operator's login.
    fn sync(&self, extra: &[&str]) -> std::process::Output {
        let mut args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        args.extend_from_slice(extra);
        emis(&args, &[("EMIS_EMAIL", &self.email), ("EMIS_PASSWORD", &self.password)])
    }
}

/// A folder store with the demo roster plus two new santri, synced once (really written).
fn synced_folder(sim: &SimHandle, dir: &TempDir) -> (PathBuf, Vec<String>, (String, String)) {
    let p = Prepared::new(sim, dir, 2);
    let out = p.sync(&["--write-interval-ms", "0", "--format", "json"]);
    assert!(matches!(code(&out), 0 | 1), "sync: {}", text(&out));
    (p.folder, p.new, (p.email, p.password))
}

/// `emis bukti --local FOLDER --out HTML …`.
fn bukti(folder: &Path, html: &Path, extra: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut args = vec![
        "bukti",
        "--local",
        folder.to_str().unwrap(),
        "--out",
        html.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    emis(&args, env)
}

/// Where CI keeps screenshots and PDFs (the workspace's target/ci-artifacts).
fn artifacts() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/ci-artifacts");
    std::fs::create_dir_all(&p).expect("artifacts dir");
    p
}

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in ["chromium", "chromium-browser", "google-chrome"] {
            if dir.join(n).is_file() {
                return Some(dir.join(n));
            }
        }
    }
    None
}

#[test]
fn receipt_is_written_verified_and_printed() {
    let sim = sim(Profile::Real);
    let dir = TempDir::new("bukti");
    let (folder, new, (email, password)) = synced_folder(&sim, &dir);
    let html = dir.path("bukti.html");
    let out = bukti(
        &folder,
        &html,
        &["--lembaga-name", "PP Uji Sintetis"],
        &[("EMIS_EMAIL", &email)],
    );
    assert_eq!(code(&out), 0, "{}", text(&out));
    let page = std::fs::read_to_string(&html).expect("receipt written");
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("Bukti Sinkronisasi EMIS") && page.contains("PP Uji Sintetis"));
    assert!(page.contains(&sim.demo_statistic_num()));
    assert!(page.contains(" WIB"));
    assert!(page.contains("<svg"));
    let sha = stdout(&out)
        .lines()
        .find_map(|l| l.strip_prefix("SHA-256: "))
        .expect("SHA line")
        .to_string();
    assert!(page.contains(&sha));
    // Masked: neither the operator's login nor a new santri's NIK, nor the password.
    assert!(!page.contains(&email), "operator login unmasked");
    assert!(!page.contains(&password));
    for nik in &new {
        assert!(!page.contains(nik.as_str()), "full NIK in the receipt");
    }
    // The two new santri were created: their masked lines are in the page.
    assert!(page.matches("class=\"write\"").count() >= 2, "{page}");

    // The alias, the default output name and the English page.
    let out = common::command(&["receipt", "--local", folder.to_str().unwrap(), "--lang", "en"], &[])
        .current_dir(&dir.0)
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", text(&out));
    let written = stdout(&out)
        .lines()
        .find_map(|l| l.strip_prefix("Receipt written: "))
        .map(|p| dir.0.join(p))
        .expect("path");
    assert!(std::fs::read_to_string(written).unwrap().contains("EMIS sync receipt"));

    // --verify: intact and matching the journal; altered; not a receipt.
    let v = emis(
        &[
            "bukti",
            "--verify",
            html.to_str().unwrap(),
            "--local",
            folder.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(code(&v), 0, "{}", text(&v));
    assert!(
        stdout(&v).contains("UTUH") && stdout(&v).contains("Cocok dengan baris jurnal"),
        "{}",
        text(&v)
    );
    let j = emis(
        &[
            "bukti",
            "--verify",
            html.to_str().unwrap(),
            "--format",
            "json",
            "--local",
            folder.to_str().unwrap(),
        ],
        &[],
    );
    let j: serde_json::Value = serde_json::from_slice(&j.stdout).unwrap();
    assert_eq!(j["verdict"], "intact");
    assert_eq!(j["sha256"], sha.as_str());
    assert_eq!(j["journal_matches"], true);
    let altered = dir.path("diubah.html");
    let changed = page.replacen("<td id=\"totals\">", "<td id=\"totals\">1", 1);
    assert_ne!(changed, page);
    std::fs::write(&altered, changed).unwrap();
    let v = emis(&["bukti", "--verify", altered.to_str().unwrap()], &[]);
    assert_eq!(code(&v), 1, "{}", text(&v));
    assert!(stdout(&v).contains("DIUBAH"));
    let other = common::temp_file("bukan.html", b"<html><body>halo</body></html>");
    let v = emis(&["bukti", "--verify", other.to_str().unwrap()], &[]);
    assert_eq!(code(&v), 2, "{}", text(&v));

    // A session that is not in the journal: a clear input error.
    let v = emis(
        &["bukti", "--local", folder.to_str().unwrap(), "--session", "tidak-ada"],
        &[],
    );
    assert_eq!(code(&v), 2);
    assert!(text(&v).contains("tidak ada di jurnal"));

    // Headless Chromium: PDF, screenshot and the rendered DOM. Required in CI
    // (EMIS_REQUIRE_CHROMIUM=1), skipped with a note elsewhere.
    let Some(chrome) = chromium() else {
        assert!(
            std::env::var_os("EMIS_REQUIRE_CHROMIUM").is_none(),
            "EMIS_REQUIRE_CHROMIUM is set but no chromium on PATH"
        );
        eprintln!("no chromium on PATH: PDF and screenshot not checked");
        return;
    };
    let out = bukti(&folder, &html, &["--pdf"], &[]);
    assert_eq!(code(&out), 0, "{}", text(&out));
    let pdf = std::fs::read(html.with_extension("pdf")).expect("pdf written");
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    let art = artifacts();
    std::fs::copy(html.with_extension("pdf"), art.join("bukti-sinkron.pdf")).unwrap();
    std::fs::copy(&html, art.join("bukti-sinkron.html")).unwrap();
    let shot = art.join("bukti-sinkron.png");
    let _ = std::fs::remove_file(&shot);
    let url = format!("file://{}", html.display());
    let profile = dir.path("chromium-profile");
    let base = |extra: &[&str]| {
        let mut c = std::process::Command::new(&chrome);
        c.args(["--headless", "--disable-gpu", "--no-sandbox", "--no-first-run"])
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(extra)
            .arg(&url);
        c.output().expect("chromium")
    };
    let s = base(&["--window-size=1000,1600", &format!("--screenshot={}", shot.display())]);
    let png = std::fs::read(&shot).unwrap_or_else(|_| panic!("no screenshot: {}", String::from_utf8_lossy(&s.stderr)));
    assert!(png.starts_with(b"\x89PNG"), "screenshot is not a PNG");
    let dom = String::from_utf8_lossy(&base(&["--dump-dom"]).stdout).into_owned();
    assert!(dom.contains("id=\"sha256\""), "DOM: {dom}");
    assert!(dom.contains(&sha));
    assert!(dom.contains("<svg"));
    assert!(dom.contains("id=\"writes\""));
}

#[test]
fn status_tells_what_waits_and_what_changed() {
    let sim = sim(Profile::Real);
    let dir = TempDir::new("status");
    let (folder, _, _) = synced_folder(&sim, &dir);
    let f = folder.to_str().unwrap();
    let out = emis(&["status", "--local", f], &[]);
    assert_eq!(code(&out), 0, "{}", text(&out));
    let s = stdout(&out);
    assert!(s.contains("Sinkron berhasil terakhir: 20"), "{s}");
    assert!(s.contains("tidak berubah"), "{s}");
    assert!(s.contains("Periode pendataan: tidak diketahui"), "{s}");
    let j = emis(&["status", "--local", f, "--format", "json"], &[]);
    let j: serde_json::Value = serde_json::from_slice(&j.stdout).expect("json");
    assert_eq!(j["local_changed_since_sync"], false);
    assert!(j["last_success"]["session_id"].is_string());
    assert_eq!(j["outbox"]["unsent"], 0);
    let waiting = j["outbox"]["menunggu_kepala"].as_u64().unwrap() + j["outbox"]["menunggu_kabkota"].as_u64().unwrap();

    // The operator edits the local data: status says sync now.
    let santri = folder.join("santri.json");
    let mut bytes = std::fs::read(&santri).unwrap();
    bytes.push(b'\n');
    std::fs::write(&santri, bytes).unwrap();
    let out = emis(&["status", "--local", f, "--lang", "en"], &[]);
    assert!(stdout(&out).contains("CHANGED — sync now"), "{}", text(&out));
    let j = emis(&["status", "--local", f, "--format", "json"], &[]);
    let j: serde_json::Value = serde_json::from_slice(&j.stdout).unwrap();
    assert_eq!(j["local_changed_since_sync"], true);
    assert_eq!(
        j["outbox"]["menunggu_kepala"].as_u64().unwrap() + j["outbox"]["menunggu_kabkota"].as_u64().unwrap(),
        waiting
    );

    // The token's expiry and the period from a server that lists periods (extended profile).
    let ext = sim_extended();
    let token = ext.mint_token(3 * 3600);
    let out = emis(
        &["status", "--local", f, "--server", &ext.base_url()],
        &[("EMIS_TOKEN", &token)],
    );
    let s = stdout(&out);
    assert!(s.contains("token berlaku sampai pukul"), "{s}");
    assert!(
        s.contains("batas akhir") || s.contains("tidak ada periode yang terbuka"),
        "{s}"
    );
    // The real profile has no period list: said so, still exit 0.
    let token = sim.mint_token(3600);
    let out = emis(
        &["status", "--local", f, "--server", &sim.base_url()],
        &[("EMIS_TOKEN", &token)],
    );
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains("Periode pendataan: tidak diketahui ("),
        "{}",
        text(&out)
    );
    assert!(!text(&out).contains(&token), "token in the output");

    // No sync recorded anywhere and no --local: a usage error naming --local.
    let out = emis(&["status"], &[("EMIS_STATE_DIR", dir.path("kosong").to_str().unwrap())]);
    assert_eq!(code(&out), 2);
    assert!(text(&out).contains("--local"));
}

fn sim_extended() -> SimHandle {
    sim(Profile::Extended)
}

fn checks(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("doctor json ({e}): {}", text(out)))
}

fn outcome<'a>(j: &'a serde_json::Value, id: &str) -> &'a str {
    j["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .and_then(|c| c["outcome"].as_str())
        .unwrap_or_else(|| panic!("no check {id}: {j}"))
}

#[test]
fn doctor_finds_what_is_wrong() {
    let sim = sim(Profile::Real);
    let sn = sim.demo_statistic_num();
    let op = sim.operator_credentials(&sn).expect("operator");
    let base = sim.base_url();
    let good = [
        ("EMIS_EMAIL", op.email.as_str()),
        ("EMIS_PASSWORD", op.password.as_str()),
    ];

    // All good, with the SIMPEG sessions of the simulator.
    let cookie = sim.gtk_cookie();
    let pintar = sim.pintar_token();
    let gtk_url = sim.gtk_base_url();
    let pintar_url = sim.pintar_base_url();
    let args = [
        "doctor",
        "--server",
        &base,
        "--statistic-num",
        &sn,
        "--gtk-url",
        &gtk_url,
        "--simpeg-url",
        &pintar_url,
        "--format",
        "json",
    ];
    let mut env = good.to_vec();
    env.push(("EMIS_GTK_COOKIE", &cookie));
    env.push(("EMIS_PINTAR_TOKEN", &pintar));
    let out = emis(&args, &env);
    let j = checks(&out);
    assert_eq!(code(&out), 0, "{j:#}");
    for id in ["dns", "tcp", "http", "clock", "token", "lembaga", "gtk", "simpeg"] {
        assert_eq!(outcome(&j, id), "ok", "{id}: {j:#}");
    }
    assert_eq!(outcome(&j, "tls"), "skip");
    assert!(j["checks"].as_array().unwrap().iter().all(|c| c["ms"].is_u64()));
    assert!(!text(&out).contains(&op.password) && !text(&out).contains(&cookie));

    // The text form: a table and the closing line, Bahasa first.
    let out = emis(&["doctor", "--server", &base, "--statistic-num", &sn], &good);
    assert_eq!(code(&out), 0, "{}", text(&out));
    assert!(stdout(&out).contains("Semua pemeriksaan lulus."), "{}", text(&out));

    // A closed port: TCP fails with the fix, the rest is skipped, exit 4.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let p = l.local_addr().unwrap().port();
        drop(l);
        format!("http://127.0.0.1:{p}")
    };
    let out = emis(&["doctor", "--server", &closed, "--format", "json"], &good);
    let j = checks(&out);
    assert_eq!(code(&out), 4, "{j:#}");
    assert_eq!(outcome(&j, "tcp"), "fail");
    assert_eq!(outcome(&j, "token"), "skip");
    let out = emis(&["doctor", "--server", &closed], &good);
    assert!(stdout(&out).contains("Perbaikan — koneksi TCP"), "{}", text(&out));

    // A token the server does not know (well-formed, not expired): exit 3.
    let forged = {
        use std::time::{SystemTime, UNIX_EPOCH};
        let exp = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() + 3600;
        let b64 = |s: &str| {
            use std::fmt::Write;
            // base64url without padding, by hand (tests only).
            const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            let bytes = s.as_bytes();
            let mut out = String::new();
            for chunk in bytes.chunks(3) {
                let n = chunk
                    .iter()
                    .enumerate()
                    .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
                for i in 0..=chunk.len() {
                    let _ = out.write_char(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
                }
            }
            out
        };
        format!(
            "{}.{}.sig",
            b64(r#"{"alg":"HS256"}"#),
            b64(&format!(r#"{{"exp":{exp}}}"#))
        )
    };
    let out = emis(
        &["doctor", "--server", &base, "--statistic-num", &sn, "--format", "json"],
        &[("EMIS_TOKEN", &forged)],
    );
    let j = checks(&out);
    assert_eq!(code(&out), 3, "{j:#}");
    assert_eq!(outcome(&j, "token"), "fail");
    // An expired token: refused before any request, exit 3.
    let expired = "eyJhbGciOiJub25lIn0.eyJleHAiOjE3MDAwMDAwMDB9.s";
    let out = emis(
        &["doctor", "--server", &base, "--format", "json"],
        &[("EMIS_TOKEN", expired)],
    );
    let j = checks(&out);
    assert_eq!(code(&out), 3, "{j:#}");
    assert!(j.to_string().contains("kedaluwarsa"));
    // No credentials at all: the token check says what to set.
    let out = emis(&["doctor", "--server", &base], &[]);
    assert_eq!(code(&out), 3, "{}", text(&out));
    assert!(stdout(&out).contains("EMIS_TOKEN"));

    // Another lembaga's statistic number with this operator's login: the lembaga check fails.
    let other = sim
        .dataset()
        .lembaga
        .iter()
        .map(|l| l.statistic_num.clone())
        .find(|s| *s != sn)
        .expect("a second lembaga");
    let out = emis(
        &[
            "doctor",
            "--server",
            &base,
            "--statistic-num",
            &other,
            "--format",
            "json",
        ],
        &good,
    );
    let j = checks(&out);
    assert_ne!(code(&out), 0, "{j:#}");
    assert_eq!(outcome(&j, "lembaga"), "fail", "{j:#}");

    // A name that does not resolve.
    let out = emis(
        &["doctor", "--server", "http://tidak-ada.invalid", "--format", "json"],
        &good,
    );
    let j = checks(&out);
    assert_eq!(code(&out), 4, "{j:#}");
    assert_eq!(outcome(&j, "dns"), "fail");
}

/// `HH:MM:SS` in WIB, `offset_s` from now.
fn wib_clock(offset_s: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let t = (now + offset_s + 7 * 3600).rem_euclid(86_400);
    format!("{:02}:{:02}:{:02}", t / 3600, (t / 60) % 60, t % 60)
}

#[test]
fn sync_waits_for_the_window_and_stops_when_it_closes() {
    let sim = sim(Profile::Real);
    let dir = TempDir::new("window");
    let p = Prepared::new(&sim, &dir, 6);
    let (folder, new) = (&p.folder, &p.new);
    let sn = sim.demo_statistic_num();

    // Bad windows and zones: usage errors before anything is read or sent.
    for bad in [
        &["--window", "05:00"][..],
        &["--window", "25:00-26:00"],
        &["--at", "besok"],
        &["--zone", "pst", "--at", "05:00"],
    ] {
        let out = p.sync(bad);
        assert_eq!(code(&out), 2, "{bad:?}: {}", text(&out));
    }
    assert!(!folder.join("outbox.json").exists() || sim.state().lembaga[&sn].santri_total > 0);

    // A window that opens in 3 s and closes 5 s later, writes 1.5 s apart: the sync waits,
    // sends some, then stops cleanly with the rest in the outbox (exit 0).
    let window = format!("{}-{}", wib_clock(3), wib_clock(8));
    let started = std::time::Instant::now();
    let out = p.sync(&["--window", &window, "--write-interval-ms", "1500", "--format", "json"]);
    let waited = started.elapsed();
    assert_eq!(code(&out), 0, "{}", text(&out));
    assert!(
        waited >= std::time::Duration::from_millis(1500),
        "did not wait: {waited:?}"
    );
    assert!(text(&out).contains("Menunggu sampai"), "{}", text(&out));
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", text(&out)));
    assert_eq!(j["window_closed"], true, "{j}");
    let left = j["unsent"].as_u64().unwrap();
    // How many went out depends on the machine's speed; some must be kept for the next run.
    assert!(left > 0 && left <= 6, "kept in the outbox: {left}");
    assert!(text(&out).contains("Jendela waktu habis"));

    // The next run (no window) sends the rest, nothing twice.
    let out = p.sync(&["--write-interval-ms", "0", "--format", "json"]);
    assert!(matches!(code(&out), 0 | 1), "{}", text(&out));
    for nik in new {
        assert_eq!(common::times_created(&sim, nik), vec![1], "created once");
    }

    // --at in WIT two seconds from now (WIT = WIB + 2 h).
    let at_wit = {
        let c = wib_clock(2);
        let h: i64 = c[..2].parse().unwrap();
        format!("{:02}{}", (h + 2) % 24, &c[2..])
    };
    let started = std::time::Instant::now();
    let out = p.sync(&["--at", &at_wit, "--zone", "wit", "--dry-run"]);
    assert_eq!(code(&out), 0, "{}", text(&out));
    assert!(started.elapsed() >= std::time::Duration::from_millis(1000));
    assert!(text(&out).contains("WIT"), "{}", text(&out));
}
