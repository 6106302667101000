//! Runs the real `emis check`: exit codes, output shapes, masking, and `--stdin` streaming.

mod common;

use common::{code, run as emis, run_stdin as emis_stdin, stderr, stdout};
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The day the expectations below were written for (ages, future dates).
const TODAY: &str = "2026-11-30";

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
