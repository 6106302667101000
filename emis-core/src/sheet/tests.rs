//! The reader on CSV files as operators send them (all synthetic), and on a committed tiny
//! EMIS-export-shaped workbook (so the wasm32 build reads a workbook too).

use super::*;
use crate::catalog::{Lang, Severity};
use crate::model::Santri;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// Synthetic values; none may appear in a message.
const NIK: &str = "3517011708080001";
const NAMES: [&str; 3] = ["Ahmad Fauzi", "Siti Aminah", "Nur\u{2019}aini"];

fn ok(bytes: &[u8]) -> Sheet {
    let s = read(bytes, None).unwrap_or_else(|e| panic!("{e}"));
    assert_no_personal_values(&s.report);
    s
}

fn err(bytes: &[u8]) -> SheetError {
    let e = read(bytes, None).unwrap_err();
    let shown = e.to_string();
    for v in [NIK].iter().chain(NAMES.iter()) {
        assert!(!shown.contains(v), "{shown}");
    }
    e
}

fn assert_no_personal_values(r: &ReadReport) {
    for i in &r.issues {
        let shown = format!(
            "{} {} {} {:?}",
            i.path,
            i.message(Lang::Id),
            i.message(Lang::En),
            i.params
        );
        for v in [NIK, "351701170808000", "3.51709E+15", "0081234567"]
            .iter()
            .chain(NAMES.iter())
        {
            assert!(!shown.contains(v), "{shown}");
        }
    }
}

fn codes(s: &Sheet) -> Vec<(&'static str, String)> {
    s.report.issues.iter().map(|i| (i.code, i.path.clone())).collect()
}

#[test]
fn reads_excel_csv_with_bom_crlf_semicolons_and_maps_headers() {
    let csv = format!(
        "\u{feff}No;Nama Lengkap;NIK;No KK;Tempat Lahir;Tanggal Lahir;L/P;NISN;Nama Ibu Kandung;Golongan Darah\r\n\
         1;Ahmad Fauzi;{NIK};3517010101080001;Sidoarjo;2008-08-17;L;0081234567;Siti Aminah;O\r\n"
    );
    let s = ok(csv.as_bytes());
    let r = &s.report;
    assert_eq!(
        (r.format, r.encoding, r.bom, r.delimiter),
        (Format::Csv, Some(Encoding::Utf8), true, Some(';'))
    );
    assert_eq!(
        r.sheets,
        vec![SheetInfo {
            name: None,
            header_row: Some(1),
            rows: 1,
            skipped_rows: 0
        }]
    );
    let used: Vec<(&str, &str)> = r.columns.iter().map(|c| (c.source.as_str(), c.canonical)).collect();
    assert_eq!(
        used,
        [
            ("Nama Lengkap", "full_name"),
            ("NIK", "nik"),
            ("No KK", "kk_num"),
            ("Tempat Lahir", "birth_place"),
            ("Tanggal Lahir", "birth_date"),
            ("L/P", "m_gender"),
            ("NISN", "nisn"),
            ("Nama Ibu Kandung", "mother_full_name"),
        ]
    );
    assert_eq!(
        (r.ignored.clone(), r.unknown.clone()),
        (vec!["No".to_string()], vec!["Golongan Darah".to_string()])
    );
    assert!(r.issues.is_empty());
    let row = &s.rows[0];
    assert_eq!((row.row, row.sheet.clone()), (2, None));
    let santri = row.to_santri();
    assert_eq!(santri.full_name.expose(), "Ahmad Fauzi");
    assert_eq!(santri.nik.unwrap().expose(), NIK);
    assert_eq!(santri.parents.mother_full_name.unwrap().expose(), "Siti Aminah");
    assert_eq!(santri.birth_date.as_deref(), Some("2008-08-17"));
    assert_eq!(row.get("nisn"), Some("0081234567"));
    // Debug never shows values.
    let dbg = format!("{row:?} {s:?}");
    assert!(!dbg.contains("Ahmad") && !dbg.contains(NIK), "{dbg}");
}

#[test]
fn windows_1252_names_keep_their_curly_apostrophe() {
    let bytes = b"nama,nik\r\nAisyah Nur\x92aini,3517014508090002\r\n";
    let s = ok(bytes);
    assert_eq!(s.report.encoding, Some(Encoding::Windows1252));
    assert_eq!(s.rows[0].get("full_name"), Some("Aisyah Nur\u{2019}aini"));
}

#[test]
fn utf16_unicode_text_with_tabs() {
    for be in [false, true] {
        let text = "NIK\tNama\r\n3517011708080001\tAisyah Nur\u{2019}aini\r\n";
        let mut bytes = if be { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
        for u in text.encode_utf16() {
            bytes.extend_from_slice(&if be { u.to_be_bytes() } else { u.to_le_bytes() });
        }
        let s = ok(&bytes);
        let enc = if be { Encoding::Utf16Be } else { Encoding::Utf16Le };
        assert_eq!(
            (s.report.encoding, s.report.bom, s.report.delimiter),
            (Some(enc), true, Some('\t'))
        );
        assert_eq!(s.rows[0].get("full_name"), Some("Aisyah Nur\u{2019}aini"));
    }
}

#[test]
fn quoted_line_breaks_keep_physical_row_numbers_and_pipes_work() {
    let csv = "nama|alamat|nik\n\"Ahmad Fauzi\"|\"Jl. Contoh 1\nRT 01\"|1\n\nSiti Aminah|\"Dusun \"\"Krajan\"\"\"|2\n";
    let s = ok(csv.as_bytes());
    assert_eq!(s.report.delimiter, Some('|'));
    assert_eq!(s.rows.iter().map(|r| r.row).collect::<Vec<_>>(), [2, 5]);
    assert_eq!(s.rows[0].get("address"), Some("Jl. Contoh 1\nRT 01"));
    assert_eq!(s.rows[1].get("address"), Some("Dusun \"Krajan\""));
}

#[test]
fn an_unreadable_row_is_an_issue_on_that_row_not_an_abort() {
    // Unclosed quote at the end of the file, with its line and column; later lines still read.
    let csv = "nama,nik,kelas\nAhmad Fauzi,1,7A\n\"Siti Aminah,2,7A\nNur\u{2019}aini,3,7B\n";
    let s = ok(csv.as_bytes());
    assert_eq!(s.rows.iter().map(|r| r.row).collect::<Vec<_>>(), [2, 4]);
    assert_eq!(
        codes(&s),
        [("berkas.kutip_tidak_ditutup", "baris 3 / row 3, kolom nama".to_string())]
    );
    assert_eq!(
        s.report.issues[0].params,
        [("kolom", "nama".to_string()), ("posisi", "1".to_string())]
    );
    assert!(s.report.issues[0].message(Lang::Id).contains("karakter ke-1"));
    // Text after a closing quote; a row with shifted fields; a stray quote (kept, warned).
    let csv = "nama;nik;alamat\n\"Ahmad\"x;1;a\nSiti;2;Jl. A; RT 1\nNur\"aini;3;b\nZaid;4;c\n";
    let s = read(csv.as_bytes(), None).unwrap();
    assert_eq!(
        codes(&s),
        [
            ("berkas.teks_setelah_kutip", "baris 2 / row 2, kolom nama".to_string()),
            ("berkas.jumlah_kolom", "baris 3 / row 3, kolom D".to_string()),
            ("berkas.kutip_di_tengah", "baris 4 / row 4, kolom nama".to_string()),
        ]
    );
    assert_eq!(s.rows.iter().map(|r| r.row).collect::<Vec<_>>(), [4, 5]);
    assert_eq!(s.issues_of(&s.rows[0]).len(), 1);
    assert_eq!(s.issues_of(&s.rows[1]).len(), 0);
    assert_eq!(s.report.issues[1].severity, Severity::Invalid);
    assert_eq!(s.report.issues[2].severity, Severity::Warning);
    // Fewer fields (Excel drops trailing empty ones): read as empty.
    let s = ok(b"nik,nama,kelas\n1,Ahmad\n");
    assert_eq!(s.rows[0].get("tingkat"), Some(""));
}

#[test]
fn two_columns_with_one_meaning_are_an_error_naming_both() {
    match err(b"nama,nik,full_name\nAhmad,1,Ahmad\n") {
        SheetError::DuplicateColumn(c) => {
            assert_eq!(
                (c.canonical, c.first.as_str(), c.first_column.as_str()),
                ("full_name", "nama", "A")
            );
            assert_eq!((c.second.as_str(), c.second_column.as_str()), ("full_name", "C"));
        }
        e => panic!("{e}"),
    }
    let e = err(b"NIK;Nama;NIK\n1;A;2\n");
    assert!(e.to_string().contains("kolom A (NIK) dan kolom C (NIK)"), "{e}");
    let e = err(b"No KK,kk,nama\n1,2,A\n");
    assert!(
        matches!(&e, SheetError::DuplicateColumn(c) if c.canonical == "kk_num"),
        "{e}"
    );
}

#[test]
fn excel_damage_in_csv_is_repaired_or_reported_per_cell() {
    let csv = "NIK;NISN;Tanggal Lahir;No HP;Nama\n\
               3.51709E+15;123456789;39677;81234567890;Ahmad Fauzi\n\
               '3517011708080001;=\"0081234567\";2008-08-17;081234567890;Siti Aminah\n";
    let s = ok(csv.as_bytes());
    let got: Vec<(&str, Severity, &str)> = s
        .report
        .issues
        .iter()
        .map(|i| (i.code, i.severity, i.path.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("excel.notasi_ilmiah", Severity::Invalid, "baris 2 / row 2, kolom NIK"),
            (
                "excel.nol_depan_hilang",
                Severity::Warning,
                "baris 2 / row 2, kolom NISN"
            ),
            (
                "excel.tanggal_serial",
                Severity::Warning,
                "baris 2 / row 2, kolom Tanggal Lahir"
            ),
            (
                "excel.nol_depan_hilang",
                Severity::Warning,
                "baris 2 / row 2, kolom No HP"
            ),
        ]
    );
    let msg = s.report.issues[0].message(Lang::Id);
    assert!(msg.starts_with("NIK rusak oleh Excel"), "{msg}");
    assert_eq!(
        s.report.issues[0].hint(Lang::Id),
        "NIK rusak oleh Excel: format kolom sebagai Teks lalu ketik ulang."
    );
    let r = &s.rows[0];
    // A damaged NIK keeps its text (the identifier check reports it too); repairs are applied.
    assert_eq!(
        (r.get("nik"), r.get("nisn"), r.get("birth_date"), r.get("handphone")),
        (
            Some("3.51709E+15"),
            Some("0123456789"),
            Some("2008-08-17"),
            Some("081234567890")
        )
    );
    assert_eq!(s.issues_of(r).len(), 4);
    let r = &s.rows[1];
    assert_eq!((r.get("nik"), r.get("nisn")), (Some(NIK), Some("0081234567")));
    assert!(s.issues_of(r).is_empty());
}

#[test]
fn title_blocks_blank_and_repeated_header_rows_are_skipped() {
    let csv = "DAFTAR SANTRI;;\nPP Contoh;;\n;;\nNo;NISN;Nama Lengkap\n1;0081234567;Ahmad Fauzi\n;;\nNo;NISN;Nama Lengkap\n2;0091234567;Siti Aminah\n";
    let s = ok(csv.as_bytes());
    assert_eq!(s.report.sheets[0].header_row, Some(4));
    assert_eq!(s.report.sheets[0].skipped_rows, 1);
    assert_eq!(s.rows.iter().map(|r| r.row).collect::<Vec<_>>(), [5, 8]);
    // CR-only line ends (old Mac "CSV").
    let s = ok(b"nik,nama\r1,Ahmad Fauzi\r2,Siti Aminah\r");
    assert_eq!(s.rows.len(), 2);
}

#[test]
fn no_data_is_always_an_explicit_error() {
    assert_eq!(err(b""), SheetError::Empty);
    assert_eq!(err(b"\r\n \r\n"), SheetError::Empty);
    assert_eq!(err(b"\xEF\xBB\xBF"), SheetError::Empty);
    let e = err(b"NIK;Nama;NISN\r\n;;\r\n");
    let SheetError::NoRows { report } = &e else {
        panic!("{e}")
    };
    assert_eq!(report.sheets[0].header_row, Some(1));
    assert!(e.to_string().contains("berkas tidak berisi data santri"));
    // Every row unreadable: still an error, with the rows' issues in the report.
    let SheetError::NoRows { report } = err(b"nik,nama\n\"1,Ahmad Fauzi\n") else {
        panic!()
    };
    assert_eq!(report.issues[0].code, "berkas.kutip_tidak_ditutup");
    assert_eq!(err(b"harga,jumlah\n1,2\n"), SheetError::NoHeader { sheets: 1 });
    let huge = "x;".repeat(5000);
    assert_eq!(err(huge.as_bytes()), SheetError::OneLine { chars: 10_000 });
    assert!(
        err(huge.as_bytes())
            .to_string()
            .contains("berkas tidak berisi data santri")
    );
    assert!(matches!(
        err(b"nik\x00\x01\x02\n"),
        SheetError::Encoding {
            reason: EncodingProblem::NotText,
            ..
        }
    ));
    assert_eq!(
        err(b"<html><table><tr><td>NIK</td></tr></table></html>"),
        SheetError::Unsupported { what: "HTML" }
    );
}

#[test]
fn messages_come_in_bahasa_first_then_english() {
    for e in [
        SheetError::Empty,
        SheetError::NoHeader { sheets: 2 },
        SheetError::OneLine { chars: 9 },
        SheetError::Password,
        SheetError::Workbook { format: Format::Xls },
        SheetError::Unsupported { what: "PDF" },
        SheetError::Encoding {
            reason: EncodingProblem::Mixed,
            line: Some(3),
        },
    ] {
        let s = e.to_string();
        let (id, en) = s.split_once(" / ").unwrap_or_else(|| panic!("{s}"));
        assert!(!id.is_empty() && !en.is_empty(), "{s}");
    }
    for code in crate::catalog::RULES.iter().filter(|r| r.rule >= 39) {
        assert!(
            ["berkas.", "excel.", "kolom.", "isian."]
                .iter()
                .any(|p| code.code.starts_with(p)),
            "{}",
            code.code
        );
    }
}

#[test]
fn hostile_bytes_never_panic() {
    // Mutations of a valid file (xorshift, fixed seed): every outcome is rows or an error.
    let base = "NIK;Nama;NISN;Alamat\r\n3517011708080001;\"Nur\u{2019}aini\";0081234567;\"Jl. A\nRT 1\"\r\n".as_bytes();
    let mut x = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for _ in 0..2000 {
        let mut b = base.to_vec();
        for _ in 0..(next() % 4 + 1) {
            let at = (next() as usize) % b.len();
            match next() % 3 {
                0 => b[at] = next() as u8,
                1 => b.insert(at, b"\";\r\n\x92\x00"[(next() % 6) as usize]),
                _ => {
                    b.remove(at);
                }
            }
        }
        let _ = read(&b, None);
    }
    for b in [
        &b"PK\x03\x04"[..],
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        b"\xFF\xFE",
        b"\xFE\xFF\x00",
        b"\"",
        b"\r",
    ] {
        let _ = read(b, None);
    }
}

/// `testdata/emis_export.xlsx`: the EMIS export layout (title block, one sheet per rombel,
/// apostrophe-prefixed identifiers, a cover sheet), written by `tests_xlsx::fixture` with
/// synthetic data. Read on every target, wasm32 included.
#[test]
fn reads_the_committed_emis_export_fixture() {
    let s = ok(include_bytes!("testdata/emis_export.xlsx"));
    check_emis_export(&s);
}

/// What the EMIS-export fixture must read as.
pub(super) fn check_emis_export(s: &Sheet) {
    let r = &s.report;
    assert_eq!(r.format, Format::Xlsx);
    let sheets: Vec<(Option<&str>, Option<u64>, usize)> = r
        .sheets
        .iter()
        .map(|i| (i.name.as_deref(), i.header_row, i.rows))
        .collect();
    assert_eq!(
        sheets,
        [
            (Some("Petunjuk"), None, 0),
            (Some("Kelas 7 - VII A"), Some(6), 2),
            (Some("Kelas 8 - VIII B"), Some(6), 1)
        ]
    );
    assert_eq!(r.ignored, ["No", "Nomor KIP/PIP"]);
    assert!(r.unknown.is_empty(), "{:?}", r.unknown);
    assert!(r.issues.is_empty(), "{:?}", r.issues);
    let rows: Vec<(&str, u64)> = s
        .rows
        .iter()
        .map(|x| (x.sheet.as_deref().unwrap_or(""), x.row))
        .collect();
    assert_eq!(
        rows,
        [("Kelas 7 - VII A", 7), ("Kelas 7 - VII A", 8), ("Kelas 8 - VIII B", 7)]
    );
    let a: Santri = s.rows[0].to_santri();
    assert_eq!(a.nik.as_ref().map(|n| n.expose()), Some(NIK));
    assert_eq!(a.nisn.as_ref().map(|n| n.expose()), Some("0081234567"));
    assert_eq!(a.birth_date.as_deref(), Some("2008-08-17"));
    assert_eq!(
        a.parents.mother_full_name.as_ref().map(|n| n.expose()),
        Some("Siti Aminah")
    );
    let la = a.learning_activity.expect("rombel and status");
    assert_eq!(la.study_group.as_deref(), Some("VII A"));
    assert_eq!(s.rows[1].to_santri().full_name.expose(), "Aisyah Nur\u{2019}aini");
}

/// The speed check: 100,000 rows with the new reader vs `export::diff_csv` today (its CSV
/// indexing of one file against a header-only file; one thread, and its default). Best of 7.
/// Run in release:
/// `cargo test -p emis-core --release --lib sheet::tests::speed -- --ignored --nocapture`.
#[cfg(not(target_arch = "wasm32"))]
#[test]
#[ignore = "a speed measurement (no timing assert), run by hand in release"]
fn speed_100k_rows_vs_export_csv() {
    use std::time::Instant;
    let header =
        "nik;kk_num;nisn;full_name;birth_place;birth_date;m_gender;mother_full_name;address;rt;rw;study_group\n";
    // Every address quoted (worst case), and none quoted (Excel's `;` CSV quotes only fields
    // holding `;`, `"` or a line break).
    for quoted in [true, false] {
        let mut csv = String::from(header);
        for i in 0..100_000u64 {
            let address = if quoted {
                format!("\"Jl. Contoh {i}, RT 01\"")
            } else {
                format!("Jl. Contoh {i}, RT 01")
            };
            csv.push_str(&format!(
                "35170117080{i:05};35170101010{i:05};00{i:08};Santri Contoh {i};Sidoarjo;2008-08-17;L;\
                 Ibu Contoh {i};{address};001;002;VII A\n",
            ));
        }
        let bytes = csv.as_bytes();
        let time = |f: &dyn Fn() -> usize| {
            let mut best = f64::MAX;
            for _ in 0..7 {
                let t = Instant::now();
                let n = f();
                best = best.min(t.elapsed().as_secs_f64());
                assert_eq!(n, 100_000);
            }
            best * 1e3
        };
        let one = time(&|| read(bytes, None).unwrap().rows.len());
        let export = |parallel| crate::export::DiffOptions {
            parallel,
            ..Default::default()
        };
        let e1 = time(&|| {
            crate::export::diff_csv(bytes, header.as_bytes(), &export(false))
                .unwrap()
                .only_a as usize
        });
        let e2 = time(&|| {
            crate::export::diff_csv(bytes, header.as_bytes(), &export(true))
                .unwrap()
                .only_a as usize
        });
        println!(
            "{:.1} MB, 100,000 rows, addresses quoted: {quoted}: sheet::read {one:.1} ms; \
             export::diff_csv one thread {e1:.1} ms, default {e2:.1} ms; ratio {:.2}",
            bytes.len() as f64 / 1e6,
            one / e1.min(e2)
        );
    }
}
