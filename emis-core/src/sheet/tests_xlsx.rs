//! Workbooks written in the test with `rust_xlsxwriter` (native only), all synthetic: the
//! EMIS export layout, numbers where text belongs, duplicated headers, empty workbooks.

use super::tests::check_emis_export;
use super::*;
use crate::catalog::{Lang, Severity};
use rust_xlsxwriter::{ExcelDateTime, Formula, Workbook, Worksheet, XlsxError};

type Res<T> = Result<T, XlsxError>;
/// NISN, NIK, name, birth date, sex.
type Pupil<'a> = (&'a str, &'a str, &'a str, (u16, u8, u8), &'a str);

fn date_format() -> rust_xlsxwriter::Format {
    rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy")
}

const EMIS_HEADER: [&str; 12] = [
    "No",
    "NISN",
    "NIK",
    "Nama Lengkap",
    "Tempat Lahir",
    "Tanggal Lahir",
    "Jenis Kelamin",
    "Tingkat - Rombel",
    "Nomor KIP/PIP",
    "Nama Ayah Kandung",
    "Nama Ibu Kandung",
    "Status",
];

/// A rombel sheet as EMIS exports it: a title block, the header on row 6, identifiers as
/// text with a leading apostrophe, dates as date cells.
fn rombel(ws: &mut Worksheet, name: &str, rombel: &str, rows: &[Pupil<'_>]) -> Res<()> {
    ws.set_name(name)?;
    ws.write_string(0, 0, "DAFTAR PESERTA DIDIK")?;
    ws.write_string(1, 0, "PP Contoh")?;
    ws.write_string(2, 0, "Tahun Pelajaran 2025/2026")?;
    for (c, h) in EMIS_HEADER.iter().enumerate() {
        ws.write_string(5, c as u16, *h)?;
    }
    for (i, (nisn, nik, nama, (y, m, d), jk)) in rows.iter().enumerate() {
        let r = 6 + i as u32;
        ws.write_number(r, 0, (i + 1) as f64)?;
        ws.write_string(r, 1, format!("'{nisn}"))?;
        ws.write_string(r, 2, format!("'{nik}"))?;
        ws.write_string(r, 3, *nama)?;
        ws.write_string(r, 4, "Sidoarjo")?;
        ws.write_datetime_with_format(r, 5, ExcelDateTime::from_ymd(*y, *m, *d)?, &date_format())?;
        ws.write_string(r, 6, *jk)?;
        ws.write_string(r, 7, rombel)?;
        ws.write_string(r, 9, "Budi Santoso")?;
        ws.write_string(r, 10, "Siti Aminah")?;
        ws.write_string(r, 11, "Aktif")?;
    }
    Ok(())
}

/// The EMIS-export-shaped workbook (also committed as `testdata/emis_export.xlsx`).
pub(super) fn fixture() -> Res<Vec<u8>> {
    let mut wb = Workbook::new();
    let cover = wb.add_worksheet();
    cover.set_name("Petunjuk")?;
    cover.write_string(0, 0, "Data ini diekspor dari EMIS (contoh sintetis).")?;
    rombel(
        wb.add_worksheet(),
        "Kelas 7 - VII A",
        "VII A",
        &[
            ("0081234567", "3517011708080001", "Ahmad Fauzi", (2008, 8, 17), "L"),
            (
                "0091234568",
                "3517015508090002",
                "Aisyah Nur\u{2019}aini",
                (2009, 8, 15),
                "P",
            ),
        ],
    )?;
    rombel(
        wb.add_worksheet(),
        "Kelas 8 - VIII B",
        "VIII B",
        &[("0071234569", "3517010203070003", "Zaid Hasan", (2007, 3, 2), "L")],
    )?;
    wb.save_to_buffer()
}

#[test]
fn emis_export_reads_fully_and_the_committed_fixture_is_current_in_content() {
    let s = read(&fixture().unwrap(), Some("export.xlsx")).unwrap();
    check_emis_export(&s);
    // `EMIS_WRITE_FIXTURES=1 cargo test -p emis-core --lib sheet` rewrites the fixture.
    if std::env::var_os("EMIS_WRITE_FIXTURES").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sheet/testdata/emis_export.xlsx");
        std::fs::write(path, fixture().unwrap()).unwrap();
    }
}

#[test]
fn numbers_where_text_belongs_are_repaired_or_reported() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let heads = [
        "NIK",
        "No KK",
        "NISN",
        "Nama",
        "Tanggal Lahir",
        "Tanggal Masuk",
        "RT",
        "NIK Ibu",
        "Nama Ayah",
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_number(1, 0, 3_517_011_708_080_001.0).unwrap(); // exact: recovered
    ws.write_number(1, 1, 3_517_010_101_080_000.0).unwrap(); // ends in 0: Excel cut it
    ws.write_number(1, 2, 81_234_567.0).unwrap(); // NISN lost "00"
    ws.write_number(1, 3, 12345.0).unwrap(); // a name that is a number
    ws.write_datetime_with_format(1, 4, ExcelDateTime::from_ymd(2008, 8, 17).unwrap(), &date_format())
        .unwrap();
    ws.write_number(1, 5, 45_488.0).unwrap(); // a date as a serial number
    ws.write_number(1, 6, 1.0).unwrap();
    ws.write_number(1, 7, 9_107_011_708_080_002.0).unwrap(); // above 2^53: digits lost
    ws.write_formula(1, 8, Formula::new("=1/0").set_result("#DIV/0!"))
        .unwrap();
    let s = read(&wb.save_to_buffer().unwrap(), None).unwrap();
    let got: Vec<(&str, Severity, &str)> = s
        .report
        .issues
        .iter()
        .map(|i| (i.code, i.severity, i.path.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "excel.angka_dipulihkan",
                Severity::Warning,
                "[Sheet1] baris 2 / row 2, kolom NIK"
            ),
            (
                "excel.digit_terpotong",
                Severity::Invalid,
                "[Sheet1] baris 2 / row 2, kolom No KK"
            ),
            (
                "excel.nol_depan_hilang",
                Severity::Warning,
                "[Sheet1] baris 2 / row 2, kolom NISN"
            ),
            (
                "excel.tanggal_serial",
                Severity::Warning,
                "[Sheet1] baris 2 / row 2, kolom Tanggal Masuk"
            ),
            (
                "excel.digit_hilang",
                Severity::Invalid,
                "[Sheet1] baris 2 / row 2, kolom NIK Ibu"
            ),
            (
                "excel.galat_rumus",
                Severity::Invalid,
                "[Sheet1] baris 2 / row 2, kolom Nama Ayah"
            ),
        ]
    );
    for i in &s.report.issues {
        let m = format!("{} {}", i.message(Lang::Id), i.message(Lang::En));
        assert!(
            !m.contains("3517") && !m.contains("81234567") && !m.contains("9107"),
            "{m}"
        );
    }
    assert_eq!(
        s.report.issues[5].message(Lang::Id),
        "Nama Ayah berisi galat rumus Excel (#DIV/0!), bukan nilai."
    );
    let r = &s.rows[0];
    let want = [
        ("nik", "3517011708080001"),
        ("kk_num", "3517010101080000"),
        ("nisn", "0081234567"),
        ("full_name", "12345"),
        ("birth_date", "2008-08-17"),
        ("admission_date", "2024-07-15"),
        ("rt", "1"),
        ("father_full_name", ""),
    ];
    for (k, v) in want {
        assert_eq!(r.get(k), Some(v), "{k}");
    }
    assert_eq!(s.issues_of(r).len(), 6);
}

#[test]
fn gtk_sheets_read_too_and_an_18_digit_nip_as_number_is_damage() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("GTK").unwrap();
    for (c, h) in ["Nama", "NIP", "NUPTK", "Status Kepegawaian", "TMT"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "Ustadz Contoh").unwrap();
    ws.write_number(1, 1, 199_001_012_020_121_001.0).unwrap();
    ws.write_string(1, 2, "1234567890123456").unwrap();
    ws.write_string(1, 3, "PNS").unwrap();
    ws.write_datetime_with_format(1, 4, ExcelDateTime::from_ymd(2020, 12, 1).unwrap(), &date_format())
        .unwrap();
    let s = read(&wb.save_to_buffer().unwrap(), None).unwrap();
    assert_eq!(
        s.report.issues.iter().map(|i| i.code).collect::<Vec<_>>(),
        ["excel.digit_hilang"]
    );
    let g = s.rows[0].to_gtk();
    assert_eq!(g.nuptk.unwrap().expose(), "1234567890123456");
    assert_eq!(
        (g.status_kepegawaian.as_deref(), g.tmt_tugas.as_deref()),
        (Some("PNS"), Some("2020-12-01"))
    );
}

#[test]
fn duplicated_headers_in_a_workbook_name_the_sheet_and_both_columns() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Kelas 7").unwrap();
    for (c, h) in ["No", "Nama", "NIK", "Nama Lengkap"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 1, "Ahmad Fauzi").unwrap();
    let e = read(&wb.save_to_buffer().unwrap(), None).unwrap_err();
    let shown = e.to_string();
    assert!(
        shown.starts_with("lembar/sheet Kelas 7: kolom B (Nama) dan kolom D (Nama Lengkap)"),
        "{shown}"
    );
    assert!(!shown.contains("Ahmad"));
}

#[test]
fn workbooks_without_data_are_explicit_errors() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["NIK", "Nama"].iter().enumerate() {
        ws.write_string(3, c as u16, *h).unwrap();
    }
    let e = read(&wb.save_to_buffer().unwrap(), None).unwrap_err();
    let SheetError::NoRows { report } = &e else {
        panic!("{e}")
    };
    assert_eq!(report.sheets[0].header_row, Some(4));

    let mut wb = Workbook::new();
    wb.add_worksheet().write_string(0, 0, "Catatan").unwrap();
    wb.add_worksheet();
    assert_eq!(
        read(&wb.save_to_buffer().unwrap(), None).unwrap_err(),
        SheetError::NoHeader { sheets: 2 }
    );
}

#[test]
fn read_path_uses_the_file_name_as_hint() {
    let dir = std::env::temp_dir().join(format!("emis-sheet-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("santri.txt");
    std::fs::write(&p, "nik\n3517011708080001\n").unwrap();
    let s = read_path(&p).unwrap();
    assert_eq!(s.report.delimiter, Some('\t'));
    assert_eq!(s.rows[0].get("nik"), Some("3517011708080001"));
    assert!(matches!(read_path(dir.join("missing.csv")), Err(SheetError::Io(_))));
    std::fs::remove_dir_all(&dir).unwrap();
}
