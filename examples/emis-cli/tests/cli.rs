//! Runs the real `emis` binary: exit codes, output shapes, streaming and CSV validation.

use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The day the expectations below were written for (ages, future dates).
const TODAY: &str = "2026-11-30";

fn emis(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_emis"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run emis")
}

fn emis_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_emis"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run emis");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    // Write from a thread: the output pipe fills up while we write a large input.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().expect("wait");
    writer.join().unwrap();
    out
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../data").join(name)
}

fn temp_file(name: &str, content: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("emis-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

// ---------------------------------------------------------------- check

#[test]
fn check_examples_of_every_kind() {
    // (kind, value, exit code): the synthetic and public examples of domain.md §2.1, §3, §7.2.
    let cases: &[(&str, &str, i32)] = &[
        ("nik", "3517011708080001", 0),
        ("nik", "3273014503100002", 0),
        ("nik", "3517 0117 0808 0001", 0),
        ("nik", "9101011708080001", 0), // retired Papua code: warning only
        ("nik", "3517013002080001", 1), // 30 February
        ("nik", "3517011708080000", 1), // serial 0000
        ("nik", "351701170808001", 1),  // 15 digits
        ("nik", "3570011708080001", 1), // kab/kota 70
        ("nik", "3199011708080001", 1), // never issued
        ("kk", "3205011203240003", 0),
        ("kk", "320501120324000", 1),
        ("nisn", "0081234567", 0),
        ("nisn", "008123456", 1),
        ("nisn", "00812345AB", 1),
        ("nip", "199001012020121001", 0),
        ("nip", "199203152019032001", 0),
        ("nip", "199005052023211001", 0), // PPPK: warning
        ("nip", "199013012020121001", 1),
        ("nip", "199001012020123001", 1),
        ("nuptk", "1234567890123456", 0),
        ("nuptk", "123456789012345", 1),
        ("nspp", "510033110106", 0),
        ("nspp", "5100.32.73.0145", 0),
        ("nspp", "512320626002", 0), // old layout: warning
        ("nspp", "51003273014", 1),
        ("nsm", "131235250041", 0),
        ("nsm", "131335250041", 1),
        ("nspp", "510035700001", 1),
        ("npsn", "20320271", 0),
        ("npsn", "2032027", 1),
        ("nism", "311232050001240007", 0),
        ("nism", "31123205000124000", 1),
    ];
    for (kind, value, want) in cases {
        let o = emis(&["check", kind, value, "--today", TODAY]);
        assert_eq!(code(&o), *want, "emis check {kind} {value}\n{}", stdout(&o));
        let verdict = if *want == 1 { "TIDAK VALID" } else { "VALID" };
        assert!(stdout(&o).contains(verdict), "{kind} {value}: {}", stdout(&o));
    }
}

#[test]
fn check_text_output_masks_unless_show() {
    let o = emis(&["check", "nik", "3517011708080001", "--today", TODAY]);
    let s = stdout(&o);
    assert_eq!(code(&o), 0);
    assert!(s.contains("NIK: 3517**********01"), "{s}");
    assert!(s.contains("Hasil: VALID\n"), "{s}");
    assert!(s.contains("kab_kota") && s.contains("Jombang"), "{s}");
    assert!(!s.contains("3517011708080001") && !s.contains("2008-08-17"), "{s}");
    assert!(s.contains("Tidak ada masalah."), "{s}");

    let s = stdout(&emis(&["check", "nik", "3517011708080001", "--show", "--today", TODAY]));
    assert!(
        s.contains("3517011708080001") && s.contains("2008-08-17") && s.contains("0001"),
        "{s}"
    );

    let o = emis(&["check", "nik", "3517013002080001", "--lang", "en"]);
    let s = stdout(&o);
    assert_eq!(code(&o), 1);
    assert!(s.contains("Result: INVALID"), "{s}");
    assert!(s.contains("[INVALID] nik.tanggal_tidak_valid"), "{s}");
    assert!(s.contains("Hint: "), "{s}");

    let s = stdout(&emis(&["check", "nik", "9101011708080001"]));
    assert!(s.contains("VALID DENGAN PERINGATAN"), "{s}");
    assert!(s.contains("[PERINGATAN] nik.wilayah_lama"), "{s}");
    assert!(s.contains("Saran: "), "{s}");

    // Institution numbers are public: not masked.
    let s = stdout(&emis(&["check", "nspp", "5100.32.73.0145"]));
    assert!(s.contains("510032730145"), "{s}");
}

#[test]
fn check_json_prints_the_id_report() {
    let o = emis(&[
        "check",
        "nip",
        "199005052023211001",
        "--format",
        "json",
        "--today",
        TODAY,
    ]);
    assert_eq!(code(&o), 0);
    let j: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(j["kind"], "nip");
    assert_eq!(j["verdict"], "warning");
    assert_eq!(j["issues"][0]["code"], "nip.pppk");
    assert_eq!(j["issues"][0]["severity"], "warning");
    assert!(
        j["parts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "jenis" && p["value"] == "PPPK")
    );
    // Birth date masked without --show.
    let birth = |j: &Value| {
        j["parts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "tanggal_lahir")
            .map(|p| p["value"].as_str().unwrap().to_string())
    };
    assert_eq!(birth(&j).as_deref(), Some("**********"));
    let o = emis(&[
        "check",
        "nip",
        "199005052023211001",
        "--format=json",
        "--show",
        "--today",
        TODAY,
    ]);
    let j: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(birth(&j).as_deref(), Some("1990-05-05"));

    let o = emis(&["check", "nik", "3517013002080001", "--format", "json"]);
    assert_eq!(code(&o), 1);
    let j: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(j["verdict"], "invalid");
    assert_eq!(j["issues"][0]["code"], "nik.tanggal_tidak_valid");
}

#[test]
fn usage_errors_exit_2_with_usage_on_stderr() {
    let cases: &[&[&str]] = &[
        &[],
        &["frobnicate"],
        &["check"],
        &["check", "foo", "1"],
        &["check", "nik"],
        &["check", "nik", "1", "2"],
        &["check", "nik", "3517011708080001", "--bogus"],
        &["check", "nik", "3517011708080001", "--format", "yaml"],
        &["check", "nik", "3517011708080001", "--lang", "jv"],
        &["check", "nik", "3517011708080001", "--format"],
        &["check", "nik", "--stdin", "--format", "json"],
        &["validate"],
        &["validate", "a.csv", "b.csv"],
        &["validate", "x.csv", "--kind", "guru"],
        &["validate", "x.csv", "--lembaga-kind", "sekolah"],
        &["validate", "x.csv", "--statistic-num", "123"],
        &["rules", "extra"],
    ];
    for args in cases {
        let o = emis(args);
        assert_eq!(code(&o), 2, "emis {args:?}");
        let e = stderr(&o);
        assert!(e.starts_with("galat: "), "emis {args:?}: {e}");
        assert!(e.contains("Pemakaian / usage"), "emis {args:?}: {e}");
        assert!(o.stdout.is_empty(), "emis {args:?}");
    }
    let e = stderr(&emis(&["check", "foo", "1"]));
    assert!(e.contains("jenis identitas tidak dikenal: foo"), "{e}");
}

#[test]
fn help_works_everywhere() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["help"],
        &["help", "check"],
        &["check", "--help"],
        &["check", "nik", "-h"],
        &["validate", "--help"],
        &["rules", "--help"],
    ] {
        let o = emis(args);
        assert_eq!(code(&o), 0, "emis {args:?}");
        let s = stdout(&o);
        assert!(s.contains("Pemakaian"), "emis {args:?}: {s}");
        assert!(s.contains("English"), "emis {args:?}: {s}");
    }
    assert!(stdout(&emis(&["check", "--help"])).contains("--stdin"));
    assert!(stdout(&emis(&["--version"])).starts_with("emis "));
}

// ---------------------------------------------------------------- check --stdin

fn jsonl(out: &Output) -> Vec<Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn codes(v: &Value) -> Vec<&str> {
    v["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect()
}

#[test]
fn stdin_jsonl_mixed_input_in_order() {
    let huge = "7".repeat(1 << 20);
    let mut input: Vec<u8> = Vec::new();
    input.extend_from_slice(b"3517011708080001\n");
    input.extend_from_slice(b"3517013002080001\r\n"); // CRLF
    input.extend_from_slice(b"\n"); // empty line
    input.extend_from_slice(b"9101011708080001\n"); // warning
    input.extend_from_slice(b"3517\xff\xfe11708080001\n"); // invalid UTF-8
    input.extend_from_slice(b"35\"17\\01\t1708080001\n"); // JSON specials
    input.extend_from_slice(huge.as_bytes());
    input.extend_from_slice(b"\n");
    input.extend_from_slice(b" 3273 0145 0310 0002 \n");
    input.extend_from_slice(b"3517011708080000"); // no final newline
    let o = emis_stdin(&["check", "nik", "--stdin", "--format", "jsonl"], &input);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let lines = jsonl(&o);
    assert_eq!(lines.len(), 9);

    let expect: &[(&str, bool, &str, &[&str])] = &[
        ("3517011708080001", true, "ok", &[]),
        ("3517013002080001", false, "invalid", &["nik.tanggal_tidak_valid"]),
        ("", false, "invalid", &["nik.kosong"]),
        ("9101011708080001", true, "warning", &["nik.wilayah_lama"]),
        (
            "3517\u{fffd}\u{fffd}11708080001",
            false,
            "invalid",
            &["nik.karakter_tidak_valid"],
        ),
        (
            "35\"17\\01\t1708080001",
            false,
            "invalid",
            &["nik.karakter_tidak_valid"],
        ),
        (&huge, false, "invalid", &["nik.panjang_salah"]),
        (" 3273 0145 0310 0002 ", true, "ok", &[]),
        ("3517011708080000", false, "invalid", &["nik.nomor_urut_nol"]),
    ];
    for (i, (value, valid, severity, c)) in expect.iter().enumerate() {
        let l = &lines[i];
        assert_eq!(l["value"].as_str().unwrap(), *value, "line {i}");
        assert_eq!(l["valid"], *valid, "line {i}");
        assert_eq!(l["severity"], *severity, "line {i}");
        assert_eq!(codes(l), *c, "line {i}");
        assert_eq!(l.as_object().unwrap().len(), 4, "line {i}");
    }
}

#[test]
fn stdin_exit_codes_and_other_kinds() {
    let o = emis_stdin(
        &["check", "nik", "--stdin", "--format", "jsonl"],
        b"3517011708080001\n9101011708080001\n",
    );
    assert_eq!(code(&o), 0);
    assert_eq!(jsonl(&o).len(), 2);

    let o = emis_stdin(&["check", "nik", "--stdin", "--format", "jsonl"], b"");
    assert_eq!(code(&o), 0);
    assert!(o.stdout.is_empty());

    let o = emis_stdin(
        &["check", "nip", "--stdin", "--format", "jsonl", "--today", TODAY],
        b"199001012020121001\n199005052023211001\n199001012020123001\n",
    );
    assert_eq!(code(&o), 1);
    let l = jsonl(&o);
    assert_eq!(codes(&l[0]), Vec::<&str>::new());
    assert_eq!(codes(&l[1]), ["nip.pppk"]);
    assert_eq!(l[1]["severity"], "warning");
    assert_eq!(codes(&l[2]), ["nip.jenis_kelamin_tidak_valid"]);

    let o = emis_stdin(
        &["check", "nspp", "--stdin", "--format", "jsonl"],
        b"510033110106\n512320626002\n\xc0\n",
    );
    let l = jsonl(&o);
    assert_eq!(codes(&l[1]), ["nspp.format_lama"]);
    assert_eq!(codes(&l[2]), ["nomor_statistik.karakter_tidak_valid"]);
}

#[test]
fn stdin_text_format() {
    let o = emis_stdin(
        &["check", "nik", "--stdin"],
        b"3517011708080001\r\n3517013002080001\n9101011708080001\n\n",
    );
    assert_eq!(code(&o), 1);
    let s = stdout(&o);
    let lines: Vec<&str> = s.lines().collect();
    assert_eq!(
        lines,
        [
            "3517**********01\tVALID",
            "3517**********01\tTIDAK VALID\tnik.tanggal_tidak_valid",
            "9101**********01\tVALID DENGAN PERINGATAN\tnik.wilayah_lama",
            "(kosong)\tTIDAK VALID\tnik.kosong",
        ]
    );
    let o = emis_stdin(
        &["check", "nik", "--stdin", "--show", "--lang", "en"],
        b"3517013002080001\n",
    );
    assert_eq!(stdout(&o), "3517013002080001\tINVALID\tnik.tanggal_tidak_valid\n");
}

/// Each answer is written before the next line arrives: the command flushes whenever reading
/// stdin would block.
#[test]
fn stdin_streams_without_waiting_for_eof() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_emis"))
        .args(["check", "nik", "--stdin", "--format", "jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run emis");
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    for nik in ["3517011708080001", "3517013002080001"] {
        stdin.write_all(nik.as_bytes()).unwrap();
        // Half a line first: the previous answer must not wait for the rest of it.
        stdin.write_all(b"\n3517").unwrap();
        stdin.flush().unwrap();
        let got = rx.recv_timeout(Duration::from_secs(20)).expect("answer before EOF");
        assert!(got.contains(nik), "{got}");
        stdin.write_all(b"011708080001\n").unwrap();
        stdin.flush().unwrap();
        let got = rx.recv_timeout(Duration::from_secs(20)).expect("answer before EOF");
        assert!(got.contains("\"3517011708080001\""), "{got}");
    }
    drop(stdin);
    assert_eq!(child.wait().unwrap().code(), Some(1));
    reader.join().unwrap();
}

// ---------------------------------------------------------------- validate

fn issue_lines(j: &Value) -> Vec<(u64, String)> {
    j["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["line"].as_u64().unwrap(), i["code"].as_str().unwrap().to_string()))
        .collect()
}

fn pairs(v: &[(u64, &str)]) -> Vec<(u64, String)> {
    v.iter().map(|(l, c)| (*l, c.to_string())).collect()
}

#[test]
fn validate_santri_sample_json() {
    let path = data("santri.csv");
    let o = emis(&["validate", path.to_str().unwrap(), "--format", "json", "--today", TODAY]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let j: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(j["rows"], 12);
    assert_eq!(j["valid"], false);
    assert_eq!(j["kind"], "santri");
    assert_eq!(
        issue_lines(&j),
        pairs(&[
            (4, "nik.tanggal_tidak_valid"),
            (5, "nik.ganda"),
            (6, "nik.ganda"),
            (7, "nama_ibu.placeholder"),
            (8, "nisn.tahun_lahir_berbeda"),
            (9, "nik.wilayah_lama"),
            (10, "status_mukim.wajib"),
        ])
    );
    assert_eq!(j["invalid_count"], 5);
    assert_eq!(j["warning_count"], 2);
    assert_eq!(j["invalid_rows"], 5);
    let first = &j["issues"][0];
    assert_eq!(first["severity"], "invalid");
    assert_eq!(first["rule"], 11);
    assert_eq!(first["path"], "[2].nik");
    assert_eq!(first["name"], "M******* R**** R*******");
    assert!(first.get("input").is_none());
    // The status_mukim rule came from the column; the note says so.
    assert!(stderr(&o).contains("status_mukim"), "{}", stderr(&o));

    // With the institution's number the NISM pattern is checked too (all rows follow it).
    let o = emis(&[
        "validate",
        path.to_str().unwrap(),
        "--format",
        "json",
        "--today",
        TODAY,
        "--statistic-num",
        "5100.33.11.0106",
    ]);
    let j: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(issue_lines(&j).len(), 7);
    // Another institution: every NISM is flagged.
    let o = emis(&[
        "validate",
        path.to_str().unwrap(),
        "--format",
        "json",
        "--today",
        TODAY,
        "--statistic-num",
        "510035170001",
    ]);
    let j: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let nism = issue_lines(&j)
        .iter()
        .filter(|(_, c)| c == "nism.tidak_sesuai_lembaga")
        .count();
    assert_eq!(nism, 12);

    // Not a pesantren: no status_mukim rule.
    let o = emis(&[
        "validate",
        path.to_str().unwrap(),
        "--format",
        "json",
        "--today",
        TODAY,
        "--lembaga-kind",
        "mdt",
    ]);
    let j: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(!issue_lines(&j).iter().any(|(_, c)| c == "status_mukim.wajib"));
}

/// Every 16-digit number and every name of the CSV.
fn personal_values(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = Vec::new();
    for line in text.lines().skip(1) {
        for cell in line.split([',', ';']) {
            let cell = cell.trim_matches('"').trim();
            let digits = cell.len() == 16 && cell.bytes().all(|b| b.is_ascii_digit());
            let name = cell.contains(' ') && cell.chars().all(|c| c.is_alphabetic() || c == ' ');
            if digits || name {
                out.push(cell.to_string());
            }
        }
    }
    out
}

#[test]
fn validate_table_never_shows_full_niks_or_names() {
    let path = data("santri.csv");
    let personal = personal_values(&path);
    assert!(personal.len() > 40, "{personal:?}");
    for args in [&["--format", "table"][..], &["--format", "json"], &["--lang", "en"]] {
        let mut a = vec!["validate", path.to_str().unwrap(), "--today", TODAY];
        a.extend_from_slice(args);
        let o = emis(&a);
        assert_eq!(code(&o), 1);
        let s = stdout(&o) + &stderr(&o);
        for v in &personal {
            assert!(!s.contains(v.as_str()), "{v} printed with {args:?}:\n{s}");
        }
    }
    let o = emis(&["validate", path.to_str().unwrap(), "--today", TODAY]);
    let s = stdout(&o);
    assert!(s.starts_with("Baris  Nama"), "{s}");
    assert!(
        s.contains("4      M******* R**** R*******  TIDAK VALID  nik.tanggal_tidak_valid"),
        "{s}"
    );
    assert!(s.contains("Saran:"), "{s}");
    assert!(
        s.contains("Ringkasan: 12 baris santri, 5 baris tidak valid, 5 masalah tidak valid, 2 peringatan."),
        "{s}"
    );

    // --show-input shows the name and the offending value.
    let o = emis(&["validate", path.to_str().unwrap(), "--today", TODAY, "--show-input"]);
    let s = stdout(&o);
    assert!(s.contains("Muhammad Rizki Ramadhan"), "{s}");
    assert!(s.contains("3311093002110001"), "{s}");
}

#[test]
fn validate_gtk_sample() {
    let path = data("gtk.csv");
    let o = emis(&["validate", path.to_str().unwrap(), "--format", "json", "--today", TODAY]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let j: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(j["kind"], "gtk");
    assert_eq!(j["rows"], 5);
    assert_eq!(
        issue_lines(&j),
        pairs(&[(4, "gtk.nip_wajib"), (5, "gtk.riwayat_pendidikan_tidak_lengkap")])
    );
    let o = emis(&["validate", path.to_str().unwrap(), "--today", TODAY, "--lang", "en"]);
    assert!(
        stdout(&o).contains("Summary: 5 GTK rows, 1 invalid rows"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn validate_clean_file_with_bom_and_semicolons() {
    let csv = "\u{feff}full_name;nik;birth_place;birth_date;m_gender;mother_full_name\r\n\
               \"Siti Aminah\";3273014503100002;BANDUNG;2010-03-05;P;\"Nur; Halimah\"\r\n\
               ;;;;;\r\n";
    let p = temp_file("clean.csv", csv.as_bytes());
    let o = emis(&["validate", p.to_str().unwrap(), "--format", "json", "--today", TODAY]);
    assert_eq!(code(&o), 0, "{}\n{}", stdout(&o), stderr(&o));
    let j: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(j["rows"], 1);
    assert_eq!(j["valid"], true);
    assert_eq!(j["issues"].as_array().unwrap().len(), 0);
    let o = emis(&["validate", p.to_str().unwrap(), "--today", TODAY]);
    assert!(stdout(&o).contains("Tidak ada masalah."), "{}", stdout(&o));

    // `-` reads stdin.
    let o = emis_stdin(&["validate", "-", "--format", "json", "--today", TODAY], csv.as_bytes());
    assert_eq!(code(&o), 0, "{}", stderr(&o));

    // Warnings only: exit 0.
    let csv = "full_name,nik,birth_place,birth_date,m_gender,mother_full_name\n\
               Siti Aminah,3273014503100002,Kab. Bandung,2010-03-05,P,Nur Halimah\n";
    let p = temp_file("warn.csv", csv.as_bytes());
    let o = emis(&["validate", p.to_str().unwrap(), "--format", "json", "--today", TODAY]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let j: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(issue_lines(&j), pairs(&[(2, "tempat_lahir.tidak_kanonik")]));
}

#[test]
fn validate_rejects_malformed_files_with_the_line() {
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "unclosed.csv",
            b"full_name,nik\nSiti,3273014503100002\n\"Ahmad,3517011708080001\nBudi,1\n",
            "baris 3",
        ),
        (
            "count.csv",
            b"full_name,nik\nSiti,3273014503100002\nAhmad,3517011708080001,extra\n",
            "baris 3: 3 kolom, padahal header punya 2 kolom",
        ),
        ("after.csv", b"full_name,nik\n\"Siti\"x,3273014503100002\n", "baris 2"),
        ("stray.csv", b"full_name,nik\nSi\"ti,3273014503100002\n", "baris 2"),
        (
            "latin1.csv",
            b"full_name,nik\nSiti,1\nMu\xe7a,2\n",
            "baris 3 bukan UTF-8",
        ),
        ("empty.csv", b"", "tidak ada header"),
        ("other.csv", b"a,b\n1,2\n", "kolom EMIS"),
    ];
    for (name, content, want) in cases {
        let p = temp_file(name, content);
        let o = emis(&["validate", p.to_str().unwrap()]);
        assert_eq!(code(&o), 2, "{name}");
        let e = stderr(&o);
        assert!(e.starts_with("galat: "), "{name}: {e}");
        assert!(e.contains(want), "{name}: {e}");
        assert!(!e.contains("panicked"), "{name}: {e}");
        assert!(o.stdout.is_empty(), "{name}");
    }
    let o = emis(&["validate", "/nonexistent/santri.csv"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("tidak dapat dibaca"), "{}", stderr(&o));
}

// ---------------------------------------------------------------- rules

#[test]
fn rules_lists_the_catalogue() {
    let o = emis(&["rules"]);
    assert_eq!(code(&o), 0);
    let s = stdout(&o);
    assert!(s.starts_with("Aturan  Kode"), "{s}");
    assert!(s.contains("nik.tanggal_tidak_valid"), "{s}");
    let en = stdout(&emis(&["rules", "--lang", "en"]));
    assert!(en.starts_with("Rule  Code"), "{en}");
    let j: Value = serde_json::from_str(&stdout(&emis(&["rules", "--format", "json"]))).unwrap();
    let rules = j.as_array().unwrap();
    assert!(rules.len() > 37);
    let numbers: Vec<u64> = rules.iter().map(|r| r["rule"].as_u64().unwrap()).collect();
    assert!(numbers.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(numbers.first(), Some(&1));
    assert!(numbers.last().is_some_and(|n| *n >= 37), "{numbers:?}");
}
