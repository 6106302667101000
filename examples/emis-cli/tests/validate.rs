//! Runs the real `emis validate`: santri and GTK samples, masking, malformed files.

mod common;

use common::{code, data, run as emis, run_stdin as emis_stdin, stderr, stdout, temp_file};
use serde_json::Value;
use std::path::Path;

/// The day the expectations below were written for (ages, future dates).
const TODAY: &str = "2026-11-30";

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
fn validate_rejects_unreadable_files_with_a_clear_error() {
    // Whole-file errors: exit 2, `galat:` on stderr, nothing on stdout.
    let cases: &[(&str, &[u8], &str)] = &[
        // The only row cannot be read: the error lists its issue with the row.
        (
            "after.csv",
            b"full_name,nik\n\"Siti\"x,3273014503100002\n",
            "baris 2 / row 2, kolom full_name",
        ),
        ("empty.csv", b"", "berkas kosong"),
        ("other.csv", b"a,b\n1,2\n", "tidak ada baris judul kolom"),
        (
            "dup.csv",
            b"full_name,nik,NIK\nSiti,1,2\n",
            "kolom B (nik) dan kolom C (NIK)",
        ),
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

/// Malformed rows no longer stop the whole file (the old reader gave up at the first one):
/// each is an issue on its line, the other rows are still checked.
#[test]
fn validate_reports_malformed_rows_with_the_line() {
    let cases: &[(&str, &[u8], (u64, &str))] = &[
        (
            "unclosed.csv",
            b"full_name,nik\nSiti,3273014503100002\n\"Ahmad,3517011708080001\nBudi,1\n",
            (3, "berkas.kutip_tidak_ditutup"),
        ),
        (
            "count.csv",
            b"full_name,nik\nSiti,3273014503100002\nAhmad,3517011708080001,extra\n",
            (3, "berkas.jumlah_kolom"),
        ),
        // A stray quote is read as written, with a warning on its row.
        (
            "stray.csv",
            b"full_name,nik\nSi\"ti,3273014503100002\n",
            (2, "berkas.kutip_di_tengah"),
        ),
    ];
    for (name, content, (line, want)) in cases {
        let p = temp_file(name, content);
        let o = emis(&["validate", p.to_str().unwrap(), "--format", "json", "--today", TODAY]);
        assert_eq!(code(&o), 1, "{name}: {}", stderr(&o));
        let j: Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert!(issue_lines(&j).contains(&(*line, want.to_string())), "{name}: {j}");
    }
    // Bytes that are not UTF-8 are read as Windows-1252 (Excel's CSV), not refused.
    let p = temp_file("latin1.csv", b"full_name,nik\nSiti,1\nMu\xe7a,2\n");
    let o = emis(&["validate", p.to_str().unwrap(), "--format", "json", "--today", TODAY]);
    assert_eq!(code(&o), 1);
    let j: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(j["rows"], 2);
    assert_eq!(j["file"]["encoding"], "windows1252");
}
