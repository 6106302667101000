//! `emis validate` and `emis sync --local` on workbooks and on CSV as Excel writes it, read
//! through `emis_core::sheet`: an EMIS-shaped export, NIKs damaged by Excel, Windows-1252, a
//! duplicated header, empty files. Every workbook is written here with synthetic data.

mod common;

use common::{TempDir, code, emis, json, run, stderr, stdout, temp_file};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use serde_json::Value;

const TODAY: &str = "2026-11-30";

/// `(sheet, line, code)` of every issue of a JSON report.
fn issues(j: &Value) -> Vec<(String, u64, String)> {
    j["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["sheet"].as_str().unwrap_or("").to_string(),
                i["line"].as_u64().unwrap_or(0),
                i["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Sheet, NIK, name, birth date, sex, rombel.
type Pupil = (
    &'static str,
    &'static str,
    &'static str,
    (u16, u8, u8),
    &'static str,
    &'static str,
);

fn date(ws: &mut Worksheet, r: u32, c: u16, (y, m, d): (u16, u8, u8)) -> Result<(), XlsxError> {
    let f = Format::new().set_num_format("dd/mm/yyyy");
    ws.write_datetime_with_format(r, c, ExcelDateTime::from_ymd(y, m, d)?, &f)?;
    Ok(())
}

/// Two rombel sheets as EMIS exports them: a title block, the header on row 6, identifiers
/// as text with an apostrophe, dates as date cells; a cover sheet without a header.
fn emis_export() -> Result<Vec<u8>, XlsxError> {
    let header = [
        "No",
        "NISN",
        "NIK",
        "Nama Lengkap",
        "Tempat Lahir",
        "Tanggal Lahir",
        "Jenis Kelamin",
        "Tingkat - Rombel",
        "Nomor KIP/PIP",
        "Nama Ibu Kandung",
        "Keterangan Tambahan",
    ];
    let pupils: [Pupil; 3] = [
        (
            "Kelas 7 - VII A",
            "3517011708100001",
            "Ahmad Fauzi",
            (2010, 8, 17),
            "L",
            "VII A",
        ),
        (
            "Kelas 7 - VII A",
            "3517015508100002",
            "Aisyah Rahma",
            (2010, 8, 15),
            "P",
            "VII A",
        ),
        // The same NIK again on another sheet: a roster issue on that sheet's row.
        (
            "Kelas 8 - VIII B",
            "3517015508100002",
            "Aisyah Rahma",
            (2010, 8, 15),
            "P",
            "VIII B",
        ),
    ];
    let mut wb = Workbook::new();
    wb.add_worksheet()
        .set_name("Petunjuk")?
        .write_string(0, 0, "Contoh sintetis.")?;
    for name in ["Kelas 7 - VII A", "Kelas 8 - VIII B"] {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        ws.write_string(0, 0, "DAFTAR PESERTA DIDIK")?;
        ws.write_string(1, 0, "PP Contoh")?;
        for (c, h) in header.iter().enumerate() {
            ws.write_string(5, c as u16, *h)?;
        }
        let on_sheet = pupils.iter().enumerate().filter(|(_, p)| p.0 == name);
        for (r, (i, (_, nik, nama, born, jk, rombel))) in (6..).zip(on_sheet) {
            ws.write_number(r, 0, (i + 1) as f64)?;
            ws.write_string(r, 1, format!("'010{}", &nik[9..16]))?;
            ws.write_string(r, 2, format!("'{nik}"))?;
            ws.write_string(r, 3, *nama)?;
            ws.write_string(r, 4, "SIDOARJO")?;
            date(ws, r, 5, *born)?;
            ws.write_string(r, 6, *jk)?;
            ws.write_string(r, 7, *rombel)?;
            ws.write_string(r, 9, "Siti Aminah")?;
        }
    }
    wb.save_to_buffer()
}

#[test]
fn validate_an_emis_shaped_export() {
    let p = temp_file("ekspor_emis.xlsx", &emis_export().unwrap());
    let o = run(&["validate", p.to_str().unwrap(), "--format", "json", "--today", TODAY]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let j = json(&o);
    assert_eq!(j["rows"], 3);
    assert_eq!(j["file"]["format"], "xlsx");
    let got = issues(&j);
    assert!(
        got.contains(&("Kelas 7 - VII A".into(), 8, "nik.ganda".into()))
            && got.contains(&("Kelas 8 - VIII B".into(), 7, "nik.ganda".into())),
        "{got:?}"
    );
    // The columns read, ignored and unknown.
    let cols: Vec<&str> = j["file"]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["canonical"].as_str().unwrap())
        .collect();
    assert!(cols.contains(&"nik") && cols.contains(&"full_name") && cols.contains(&"study_group"));
    assert_eq!(j["file"]["ignored"][0], "No");
    assert_eq!(j["file"]["unknown"][0], "Keterangan Tambahan");

    let o = run(&["validate", p.to_str().unwrap(), "--today", TODAY]);
    let s = stdout(&o);
    // The row column names the sheet: `Kelas 8 - VIII B:7`.
    assert!(s.starts_with("Baris "), "{s}");
    let dup = s.lines().find(|l| l.contains("nik.ganda")).unwrap_or("");
    assert!(dup.starts_with("Kelas 7 - VII A:8 "), "{s}");
    assert!(s.contains("Kelas 8 - VIII B:7 "), "{s}");
    assert!(
        s.contains("Berkas: XLSX; lembar dibaca: Kelas 7 - VII A (2), Kelas 8 - VIII B (1)"),
        "{s}"
    );
    assert!(s.contains("Kolom diabaikan: No, Nomor KIP/PIP"), "{s}");
    assert!(
        s.contains("Kolom tidak dikenal (tidak dibaca): Keterangan Tambahan"),
        "{s}"
    );
    assert!(!s.contains("3517015508100002") && !s.contains("Aisyah Rahma"), "{s}");

    // emis-core's committed fixture reads clean.
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../emis-core/src/sheet/testdata/emis_export.xlsx"
    );
    let o = run(&["validate", fixture, "--format", "json", "--today", TODAY]);
    assert_eq!(code(&o), 0, "{}\n{}", stdout(&o), stderr(&o));
    assert_eq!(json(&o)["rows"], 3);
}

/// NIKs as Excel leaves them: a number (exact), scientific notation (digits lost), a 16-digit
/// number ending in 0 (last digit maybe lost); a NISN that lost its leading zeros.
fn damaged() -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Santri")?;
    let header = [
        "Nama Lengkap",
        "NIK",
        "NISN",
        "Tempat Lahir",
        "Tanggal Lahir",
        "L/P",
        "Nama Ibu Kandung",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    let rows = ["Ahmad Fauzi", "Budi Santoso", "Citra Lestari", "Dewi Anggraini"];
    for (i, nama) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        ws.write_string(r, 0, *nama)?;
        ws.write_string(r, 3, "SIDOARJO")?;
        date(ws, r, 4, (2010, 8, 17))?;
        ws.write_string(r, 5, "L")?;
        ws.write_string(r, 6, "Siti Aminah")?;
        ws.write_string(r, 2, format!("00{}", 81234560 + i))?;
    }
    ws.write_number(1, 1, 3_517_011_708_100_001.0)?; // row 2: exact, repaired
    ws.write_string(2, 1, "3,51701E+15")?; // row 3: scientific notation
    ws.write_number(3, 1, 3_517_011_708_100_000.0)?; // row 4: maybe truncated
    ws.write_string(4, 1, "3517011708100004")?; // row 5: clean
    ws.write_number(4, 2, 81_234_563.0)?; // row 5: NISN lost its zeros
    wb.save_to_buffer()
}

#[test]
fn validate_a_workbook_whose_niks_excel_damaged() {
    let p = temp_file("rusak.xlsx", &damaged().unwrap());
    let o = run(&["validate", p.to_str().unwrap(), "--format", "json", "--today", TODAY]);
    assert_eq!(code(&o), 1, "{}\n{}", stdout(&o), stderr(&o));
    let got: Vec<(u64, String)> = issues(&json(&o))
        .into_iter()
        .filter(|(_, _, c)| c.starts_with("excel."))
        .map(|(s, l, c)| {
            assert_eq!(s, "Santri");
            (l, c)
        })
        .collect();
    let want = [
        (2, "excel.angka_dipulihkan"),
        (3, "excel.notasi_ilmiah"),
        (4, "excel.digit_terpotong"),
        (5, "excel.nol_depan_hilang"),
    ];
    let want: Vec<(u64, String)> = want.iter().map(|(l, c)| (*l, c.to_string())).collect();
    assert_eq!(got, want);

    // The table: each problem with its sheet and row, a hint per code, no NIK in full.
    let o = run(&["validate", p.to_str().unwrap(), "--today", TODAY]);
    let s = stdout(&o);
    for (line, code) in &want {
        let row = s.lines().find(|l| l.contains(code.as_str())).unwrap_or("");
        assert!(row.starts_with(&format!("Santri:{line} ")), "{code}: {s}");
    }
    assert!(s.contains("\n  excel.notasi_ilmiah: "), "{s}");
    assert!(!s.contains("3517011708100001") && !s.contains("Ahmad Fauzi"), "{s}");
    let en = stdout(&run(&[
        "validate",
        p.to_str().unwrap(),
        "--today",
        TODAY,
        "--lang",
        "en",
    ]));
    assert!(en.contains("Columns read: Nama Lengkap → full_name, NIK"), "{en}");
}

#[test]
fn validate_a_windows_1252_csv() {
    // `;`, CRLF and `ç` as one byte: Excel's "CSV" on Windows.
    let csv = b"Nama Lengkap;NIK;Tempat Lahir;Tanggal Lahir;L/P;Nama Ibu Kandung\r\n\
                Fran\xe7oise Wulandari;3273014503100002;BANDUNG;05/03/2010;P;Nur Halimah\r\n";
    let p = temp_file("win1252.csv", csv);
    let o = run(&["validate", p.to_str().unwrap(), "--format", "json", "--today", TODAY]);
    assert_eq!(code(&o), 0, "{}\n{}", stdout(&o), stderr(&o));
    let j = json(&o);
    assert_eq!(j["rows"], 1);
    assert_eq!(j["file"]["encoding"], "windows1252");
    assert_eq!(j["file"]["delimiter"], ";");
    let o = run(&["validate", p.to_str().unwrap(), "--today", TODAY, "--show-input"]);
    let s = stdout(&o);
    assert!(s.contains("Berkas: CSV, Windows-1252, pemisah `;`"), "{s}");
}

#[test]
fn a_duplicated_header_names_both_columns() {
    let p = temp_file(
        "dua_nik.csv",
        b"full_name,NIK,nik\nSiti,3273014503100002,3273014503100003\n",
    );
    let o = run(&["validate", p.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    let e = stderr(&o);
    assert!(e.starts_with("galat: "), "{e}");
    assert!(
        e.contains("kolom B (NIK) dan kolom C (nik)") && e.contains("`nik`"),
        "{e}"
    );
    assert!(o.stdout.is_empty());

    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Data").unwrap().write_string(0, 0, "Nama Lengkap").unwrap();
    ws.write_string(0, 1, "NIK").unwrap();
    ws.write_string(0, 2, "No. NIK").unwrap();
    ws.write_string(1, 0, "Siti").unwrap();
    let p = temp_file("dua_nik.xlsx", &wb.save_to_buffer().unwrap());
    let o = run(&["validate", p.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    let e = stderr(&o);
    assert!(
        e.contains("Data") && e.contains("kolom B (NIK)") && e.contains("kolom C (No. NIK)"),
        "{e}"
    );
}

#[test]
fn empty_files_are_errors_never_zero_rows() {
    let mut wb = Workbook::new();
    wb.add_worksheet();
    let empty_xlsx = wb.save_to_buffer().unwrap();
    let cases: &[(&str, &[u8], &str)] = &[
        ("kosong.csv", b"", "berkas kosong"),
        ("baris_kosong.csv", b"\r\n\r\n", "berkas kosong"),
        ("judul_saja.csv", b"full_name,nik\r\n", "tidak ada baris data"),
        ("kosong.xlsx", &empty_xlsx, "tidak berisi data santri"),
    ];
    for (name, content, want) in cases {
        let p = temp_file(name, content);
        let o = run(&["validate", p.to_str().unwrap()]);
        assert_eq!(code(&o), 2, "{name}");
        let e = stderr(&o);
        assert!(e.starts_with("galat: ") && e.contains(want), "{name}: {e}");
        assert!(o.stdout.is_empty(), "{name}");
    }
}

fn text_of(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Object(m)) => m.get("name").and_then(|n| n.as_str()).unwrap_or("").to_string(),
        _ => String::new(),
    }
}

#[test]
fn sync_local_from_an_xlsx() {
    let sim = common::sim(11, 0);
    let sn = sim.demo_statistic_num();
    let op = sim.operator_credentials(&sn).expect("operator");
    let creds = [
        ("EMIS_EMAIL", op.email.as_str()),
        ("EMIS_PASSWORD", op.password.as_str()),
    ];
    let dir = TempDir::new("sheet-sync");
    // EMIS's roster as the operator keeps it in Excel, plus one santri not registered yet.
    let header = [
        "Nama Lengkap",
        "NIK",
        "No. KK",
        "NISN",
        "Tempat Lahir",
        "Tanggal Lahir",
        "Jenis Kelamin",
        "Nama Ibu Kandung",
        "Rombel",
        "Status Mukim",
    ];
    let mut records = sim.santri_records(&sn);
    let new = sim.new_santri(&sn, 1).remove(0).to_json("");
    let nik = new["nik"].as_str().unwrap().to_string();
    records.push(new);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (i, r) in records.iter().enumerate() {
        let p = r.get("parents");
        let cells = [
            text_of(r.get("full_name")),
            text_of(r.get("nik")),
            text_of(r.get("kk_num")),
            text_of(r.get("nisn")),
            text_of(r.get("birth_place")),
            text_of(r.get("birth_date")),
            text_of(r.get("m_gender")),
            text_of(p.and_then(|p| p.get("mother_full_name"))),
            text_of(r.get("learning_activity").and_then(|l| l.get("study_group"))),
            text_of(r.get("status_mukim")),
        ];
        for (c, v) in cells.iter().enumerate() {
            ws.write_string(1 + i as u32, c as u16, v).unwrap();
        }
    }
    let xlsx = dir.path("santri.xlsx");
    std::fs::write(&xlsx, wb.save_to_buffer().unwrap()).unwrap();
    let local = xlsx.to_str().unwrap();
    let args = common::sync_args(&sim, &xlsx, &["--format", "json"]);
    let args = common::refs(&args);

    let dry = emis(&[&args[..], &["--dry-run"]].concat(), &creds);
    let d = json(&dry);
    assert_eq!(d["pushed"], 0, "{d}");
    assert_eq!(d["counts"]["BELUM_TERDAFTAR"], 1, "{d}");
    let before = sim.state().lembaga[&sn].santri_total;
    let o = emis(&args, &creds);
    let r = json(&o);
    assert_eq!(r["pushed"], 1, "{r}");
    assert_eq!(sim.state().lembaga[&sn].santri_total, before + 1);
    assert!(!common::text(&o).contains(&nik), "full NIK in the output");
    assert!(dir.path("santri.xlsx.emis").is_dir());
    let hist = emis(&["history", "--local", local, "--export", "csv"], &[]);
    assert_eq!(code(&hist), 0, "{}", stderr(&hist));
    assert_eq!(stdout(&hist).lines().count(), 3);

    // A header without rows stops before the store is touched: never "all only in EMIS".
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let empty = dir.path("kosong.xlsx");
    std::fs::write(&empty, wb.save_to_buffer().unwrap()).unwrap();
    let args = common::sync_args(&sim, &empty, &["--format", "json"]);
    let o = emis(&common::refs(&args), &creds);
    assert_eq!(code(&o), 2, "{}", common::text(&o));
    assert!(
        stderr(&o).contains("tidak ada baris data yang terbaca"),
        "{}",
        stderr(&o)
    );
    assert!(o.stdout.is_empty());
    assert!(!dir.path("kosong.xlsx.emis").exists());

    // A NIK Excel damaged stops the sync with its row.
    std::fs::write(dir.path("rusak.xlsx"), damaged().unwrap()).unwrap();
    let args = common::sync_args(&sim, &dir.path("rusak.xlsx"), &["--format", "json"]);
    let o = emis(&common::refs(&args), &creds);
    assert_eq!(code(&o), 2, "{}", common::text(&o));
    let e = stderr(&o);
    assert!(
        e.contains("[Santri] baris 3") && e.contains("excel.notasi_ilmiah"),
        "{e}"
    );
    assert_eq!(sim.state().lembaga[&sn].santri_total, before + 1);
    sim.shutdown();
}

#[test]
fn diff_an_emis_workbook_against_a_utf8_csv() {
    // The EMIS-shaped export (title block, one sheet per rombel, apostrophe NIKs) against the
    // same santri as a plain CSV with EMIS names, one rombel changed and one santri gone.
    let xlsx = temp_file("export.xlsx", &emis_export().unwrap());
    let s = emis_core::sheet::read_path(&xlsx).unwrap();
    assert!(s.rows.len() >= 3, "the export has rows");
    let mut csv = String::from("nik,full_name,study_group\n");
    for (i, r) in s.rows.iter().enumerate().skip(1) {
        let group = if i == 1 {
            "Kelas 9 - Z"
        } else {
            r.get("study_group").unwrap_or("")
        };
        csv.push_str(&format!(
            "{},{},{}\n",
            r.get("nik").unwrap_or(""),
            r.get("full_name").unwrap_or(""),
            group
        ));
    }
    let p = temp_file("later.csv", csv.as_bytes());
    let o = run(&["diff", xlsx.to_str().unwrap(), p.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code(&o), 1, "different: {}\n{}", stdout(&o), stderr(&o));
    let j = json(&o);
    assert_eq!(j["read_a"]["format"], "xlsx");
    assert_eq!(j["read_a"]["via_reader"], true);
    assert_eq!(j["read_b"]["via_reader"], true, "both sides under canonical columns");
    assert_eq!(j["only_a"], 1, "{j}");
    assert_eq!(j["only_b"], 0, "{j}");
    assert_eq!(j["changed"], 1, "{j}");
    let text = stdout(&run(&["diff", xlsx.to_str().unwrap(), p.to_str().unwrap()]));
    assert!(text.contains("dibaca lewat pembaca lembar kerja"), "{text}");
    // An unreadable side is named, in Bahasa first.
    let junk = temp_file("junk.xlsx", b"PK\x03\x04 not a zip");
    let o = run(&["diff", junk.to_str().unwrap(), p.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("tidak dapat dibaca"), "{}", stderr(&o));
}
