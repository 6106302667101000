//! The tolerant reader. Synthetic data only.

use super::tolerant::{GTK_STRICT, SANTRI_STRICT, SHAPE_CODE, ShapeWarning, decode, decode_rows};
use super::*;
use serde_json::{Value, json};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn row(i: usize) -> Value {
    json!({
        "id": format!("s-{i:06}"),
        "full_name": format!("SANTRI CONTOH {i}"),
        "nik": format!("35170117080{:05}", i % 100_000),
        "nisn": format!("008{:07}", i),
        "kk_num": "3517011203240003",
        "birth_place": "JOMBANG",
        "birth_date": "2008-08-17",
        "m_gender": {"id": 1, "name": "Laki-laki"},
        "m_religion": {"id": 1, "name": "Islam"},
        "address": "Jl. Melati 5",
        "full_address": "Jl. Melati 5, RT 001/RW 002",
        "rt": "001", "rw": "002", "postal_code_num": "61471",
        "m_province": {"id": 35, "name": "JAWA TIMUR"},
        "m_city": {"id": 3517, "name": "KAB. JOMBANG"},
        "kode_wilayah": "3517012001",
        "status_mukim": "mukim",
        "m_status_dukcapil": {"status": "Belum Diverifikasi"},
        "parents": {"father_full_name": "AYAH CONTOH", "mother_full_name": "IBU CONTOH", "is_kk_same_father": true},
        "learning_activity": {"academic_year_id": 18, "academic_year": {"name": "2025/2026"},
            "m_level_id": {"id": 3, "name": "Ulya"}, "tingkat": "10",
            "study_group": {"name": "Kelas 10 - A", "room_name": "Ruang A"},
            "student_status": {"id": 1, "name": "Aktif"}, "admission_date": "2024-07-15"}
    })
}

#[test]
fn a_strict_path_failure_is_an_error_naming_the_path() {
    let mut v = row(1);
    v["nik"] = json!({"a": 1});
    let e = decode::<Santri>(v, SANTRI_STRICT).unwrap_err();
    assert_eq!(e.path, "nik");
    assert!(e.message.contains("expected text or a number"), "{}", e.message);
    for (field, bad) in [
        ("full_name", json!(["SITI AMINAH"])),
        ("birth_date", json!({"date": "2008-08-17"})),
        ("nama", json!(true)),
    ] {
        let mut v = row(1);
        v[field] = bad;
        let e = decode::<Santri>(v, SANTRI_STRICT).unwrap_err();
        assert_eq!(e.path, field);
        let shown = e.to_string();
        assert!(!shown.contains("SITI") && !shown.contains("2008"), "{shown}");
    }
    let mut v = row(1);
    v["parents"]["mother_full_name"] = json!({"nama": "SITI AMINAH"});
    let e = decode::<Santri>(v, SANTRI_STRICT).unwrap_err();
    assert_eq!(e.path, "parents.mother_full_name");
    assert!(!e.to_string().contains("SITI"));
    // Above a strict path: `parents` as a string hides the mother's name.
    let mut v = row(1);
    v["parents"] = json!("IBU CONTOH");
    assert_eq!(decode::<Santri>(v, SANTRI_STRICT).unwrap_err().path, "parents");
    // The record itself.
    assert_eq!(decode::<Santri>(json!("x"), SANTRI_STRICT).unwrap_err().path, ".");
    let mut g = json!({"full_name": "Umar", "nip": ["199001012020121001"]});
    let e = decode::<Gtk>(g.take(), GTK_STRICT).unwrap_err();
    assert_eq!(e.path, "nip");
    assert!(!e.to_string().contains("1990"));
}

#[test]
fn a_non_strict_failure_becomes_a_warning_with_its_path() {
    let mut v = row(1);
    v["rt"] = json!([1, 2]);
    v["m_city"] = json!(["KAB. JOMBANG"]);
    v["learning_activity"]["tingkat"] = json!({"x": 1});
    v["handphone"] = json!({"nomor": "081234567890"});
    let (s, w) = decode::<Santri>(v, SANTRI_STRICT).unwrap();
    let paths: Vec<&str> = w.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(paths, ["handphone", "learning_activity.tingkat", "m_city", "rt"]);
    assert!(s.alamat.rt.is_none() && s.alamat.m_city.is_none() && s.handphone.is_none());
    assert_eq!(s.nik.as_ref().unwrap().expose(), "3517011708000001");
    assert_eq!(s.alamat.rw.as_deref(), Some("002"));
    let rt = &w[3];
    assert_eq!(rt.expected, "text, a number or an object with a name");
    assert_eq!(rt.code(), SHAPE_CODE);
    for m in [rt.message_id(), rt.message_en(), w[0].message_id(), w[0].message_en()] {
        assert!(m.contains('`') && !m.contains("0812") && !m.contains("JOMBANG"), "{m}");
    }
    assert!(rt.message_id().contains("`rt`") && rt.message_en().contains("expected text"));

    // A whole nested record of the wrong shape goes; the rest stays.
    let mut v = row(2);
    v["learning_activity"] = json!("Kelas 10");
    let (s, w) = decode::<Santri>(v, SANTRI_STRICT).unwrap();
    assert!(s.learning_activity.is_none());
    assert_eq!(w[0].path, "learning_activity");
    // Within a lembaga address object.
    let (l, w) = decode::<Lembaga>(
        json!({"name": "PP Contoh", "address": {"address": "Jl. Pesantren 1", "m_city": [3517]}}),
        &["statistic_num"],
    )
    .unwrap();
    assert_eq!(l.address.address.as_deref(), Some("Jl. Pesantren 1"));
    assert_eq!(
        w,
        [ShapeWarning {
            path: "address.m_city".into(),
            expected: w[0].expected.clone()
        }]
    );
}

#[test]
fn a_bad_list_item_is_dropped_and_the_others_kept() {
    let v = json!({"full_name": "Umar", "education_history": [
        {"jenjang": "S1"}, "junk", {"jenjang": "S2", "graduation_year": "2015"}, 7, {"jenjang": "S3", "graduation_year": []}
    ]});
    let (g, w) = decode::<Gtk>(v, GTK_STRICT).unwrap();
    let levels: Vec<&str> = g.education_history.iter().map(|e| e.jenjang.as_str()).collect();
    assert_eq!(levels, ["S1", "S2", "S3"]);
    assert_eq!(g.education_history[1].graduation_year, Some(2015));
    // Paths name the items as the server numbered them, after earlier items were dropped.
    let paths: Vec<&str> = w.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "education_history[1]",
            "education_history[3]",
            "education_history[4].graduation_year"
        ]
    );
}

#[test]
fn rows_are_prefixed() {
    let mut rows: Vec<Value> = (0..3).map(row).collect();
    rows[1]["rw"] = json!([2]);
    let (list, w) = decode_rows::<Santri>(rows.clone(), SANTRI_STRICT, "results").unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].path, "results[1].rw");
    rows[2]["nisn"] = json!([1]);
    let e = decode_rows::<Santri>(rows.clone(), SANTRI_STRICT, "results").unwrap_err();
    assert_eq!(e.path, "results[2].nisn");
    rows[2] = json!(42);
    assert_eq!(decode_rows::<Santri>(rows, SANTRI_STRICT, "").unwrap_err().path, "[2]");
}

#[test]
fn repairs_are_bounded() {
    let mut v = serde_json::Map::new();
    v.insert(
        "education_history".into(),
        Value::Array((0..400).map(|_| json!("junk")).collect()),
    );
    let e = decode::<Gtk>(Value::Object(v), GTK_STRICT).unwrap_err();
    assert_eq!(e.path, ".");
    assert!(e.message.contains("256"), "{}", e.message);
    let mut v = serde_json::Map::new();
    v.insert(
        "education_history".into(),
        Value::Array((0..100).map(|_| json!("junk")).collect()),
    );
    let (g, w) = decode::<Gtk>(Value::Object(v), GTK_STRICT).unwrap();
    assert!(g.education_history.is_empty());
    assert_eq!(w.len(), 100);
}

#[test]
fn ten_thousand_rows_decode() {
    let mut rows: Vec<Value> = (0..10_000).map(row).collect();
    for i in (0..10_000).step_by(1000) {
        rows[i]["m_district"] = json!([1]);
        rows[i + 1]["rt"] = json!(7);
        rows[i + 2]["status_mukim"] = json!("MUKIM");
    }
    let (list, w) = decode_rows::<Santri>(rows, SANTRI_STRICT, "results").unwrap();
    assert_eq!(list.len(), 10_000);
    assert_eq!(w.len(), 10);
    assert_eq!(w[3].path, "results[3000].m_district");
    assert_eq!(list[1001].alamat.rt.as_deref(), Some("7"));
    assert_eq!(list[2002].status_mukim, Some(StatusMukim::Mukim));
    assert_eq!(list[9999].id.as_deref(), Some("s-009999"));
    assert_eq!(list[9999].full_name.expose(), "SANTRI CONTOH 9999");
    assert_eq!(list[42].academic_year_id(), Some(18));
    assert!(
        list.iter()
            .all(|s| s.extra.len() == 2 && s.parents.mother_full_name.is_some())
    );
}
