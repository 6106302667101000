use super::*;
use crate::model::{Gtk, Lembaga, Santri};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn ctx() -> RuleContext {
    RuleContext::new(Date::new(2026, 11, 30).unwrap())
}

fn good_santri() -> Santri {
    Santri::from_flat([
        ("full_name", "Ahmad Fauzi"),
        ("nik", "3517011708080001"),
        ("kk_num", "3517011203240003"),
        ("nisn", "0081234567"),
        ("birth_place", "JOMBANG"),
        ("birth_date", "2008-08-17"),
        ("m_gender", "L"),
        ("status_mukim", "mukim"),
        ("mother_full_name", "Siti Aminah"),
        ("father_nik", "3517010101750003"),
        ("study_group", "Kelas 10 - A"),
        ("m_level_id", "Ulya"),
        ("admission_date", "2024-07-15"),
    ])
}

#[test]
fn a_mother_name_with_markup_or_emoji_is_refused() {
    let mut s = good_santri();
    s.parents.mother_full_name = Some("Siti <script>".into());
    let r = validate_santri(&s, &ctx());
    assert!(r.has("nama_ibu.karakter_tidak_valid"), "{:?}", r.codes());
    s.parents.mother_full_name = Some("Siti Aminah".into());
    assert!(!validate_santri(&s, &ctx()).has("nama_ibu.karakter_tidak_valid"));
}

#[test]
fn a_mother_name_with_digits_is_named_but_a_placeholder_first() {
    let mut s = good_santri();
    s.parents.mother_full_name = Some("Siti Aminah 2".into());
    let r = validate_santri(&s, &ctx());
    assert!(r.has("nama_ibu.mengandung_angka"), "{:?}", r.codes());
    s.parents.mother_full_name = Some("-".into());
    let r = validate_santri(&s, &ctx());
    assert!(
        r.has("nama_ibu.placeholder") && !r.has("nama_ibu.mengandung_angka"),
        "{:?}",
        r.codes()
    );
}

#[test]
fn a_clean_santri_has_no_issue() {
    let r = validate_santri(&good_santri(), &ctx().lembaga_kind(crate::model::LembagaKind::Pontren));
    assert!(r.issues.is_empty(), "{:#?}", r.issues);
}

#[test]
fn every_issue_is_reported_not_just_the_first() {
    let s = Santri::from_flat([
        ("full_name", "Budi 2"),
        ("nik", "3517013002080000"),
        ("birth_date", "2030-01-01"),
        ("m_gender", "X"),
        ("mother_full_name", "Bunda"),
        ("birth_place", "Kab.semarang"),
    ]);
    let r = validate_santri(&s, &ctx().lembaga_kind(crate::model::LembagaKind::Pontren));
    for code in [
        "nama.mengandung_angka",
        "nik.tanggal_tidak_valid",
        "nik.nomor_urut_nol",
        "tanggal_lahir.masa_depan",
        "jenis_kelamin.tidak_valid",
        "nama_ibu.placeholder",
        "tempat_lahir.tidak_kanonik",
        "status_mukim.wajib",
    ] {
        assert!(r.has(code), "missing {code}: {:?}", r.codes());
    }
    assert_eq!(r.verdict(), Verdict::Invalid);
    let place = r
        .issues
        .iter()
        .find(|i| i.code == "tempat_lahir.tidak_kanonik")
        .unwrap();
    assert!(place.message(crate::Lang::Id).contains("SEMARANG"));
}

#[test]
fn nik_gender_and_birth_date_mismatch_are_warnings() {
    let mut s = good_santri();
    s.m_gender = Some(crate::model::Master::code("P"));
    s.birth_date = Some("2008-08-18".into());
    let r = validate_santri(&s, &ctx());
    assert!(r.has("nik.jenis_kelamin_berbeda"));
    assert!(r.has("nik.tanggal_lahir_berbeda"));
    assert_eq!(r.verdict(), Verdict::Warning, "{:?}", r.codes());
}

#[test]
fn parent_nik_rules() {
    let mut s = good_santri();
    s.parents.mother_nik = s.nik.clone();
    s.parents.father_nik = s.nik.clone();
    let r = validate_santri(&s, &ctx());
    assert!(r.has("nik.sama_dengan_orang_tua"));
    assert!(r.has("nik.ayah_sama_dengan_ibu"));
    s.kk_num = s.nik.clone();
    assert!(validate_santri(&s, &ctx()).has("kk.sama_dengan_nik"));
}

#[test]
fn nisn_prefix_is_only_a_warning() {
    let mut s = good_santri();
    s.nisn = Some("1251234567".into());
    let r = validate_santri(&s, &ctx());
    assert!(r.has("nisn.tahun_lahir_berbeda"));
    assert!(r.is_valid());
    s.nisn = Some("008123456".into());
    assert!(validate_santri(&s, &ctx()).has("nisn.panjang_salah"));
    s.nisn = Some("00812345AB".into());
    assert!(validate_santri(&s, &ctx()).has("nisn.karakter_tidak_valid"));
}

#[test]
fn roster_duplicates_and_active_elsewhere() {
    let a = good_santri();
    let mut b = good_santri();
    b.full_name = "Ahmad Fauzan".into();
    let mut c = good_santri();
    c.nik = Some("3273014503100002".into());
    c.nisn = Some("0101234567".into());
    c.m_gender = Some(crate::model::Master::code("P"));
    c.birth_date = Some("2010-03-05".into());
    let mut cx = ctx();
    cx.active_elsewhere.insert("3273014503100002".into());
    let r = validate_santri_list(&[a, b, c], &cx);
    let dup: Vec<&str> = r
        .issues
        .iter()
        .filter(|i| i.code == "nik.ganda")
        .map(|i| i.path.as_str())
        .collect();
    assert_eq!(dup, ["[0].nik", "[1].nik"]);
    assert!(r.issues.iter().any(|i| i.code == "nisn.ganda" && i.path == "[1].nisn"));
    assert!(
        r.issues
            .iter()
            .any(|i| i.code == "nik.aktif_di_lembaga_lain" && i.path == "[2].nik")
    );
}

#[test]
fn learning_activity_rules() {
    let mut s = good_santri();
    let la = s.learning_activity.as_mut().unwrap();
    la.study_group = None;
    la.exit_date = Some("2024-01-01".into());
    la.academic_year_id = Some(2025);
    let mut cx = ctx();
    cx.periods = Some(vec![crate::model::Periode {
        academic_year_id: 13,
        name: "Ganjil 2023/2024".into(),
        open_date: None,
        close_date: None,
        bap_deadline: None,
        is_active: true,
    }]);
    let r = validate_santri(&s, &cx);
    assert!(r.has("tanggal_keluar.sebelum_masuk"));
    assert!(r.has("tanggal_keluar.jenis_keluar_wajib"));
    assert!(r.has("periode.id_tidak_dikenal"));
    assert!(!r.has("aktivitas.tanpa_rombel"), "a santri who left needs no rombel");
    let mut s2 = good_santri();
    s2.learning_activity.as_mut().unwrap().study_group = None;
    assert!(validate_santri(&s2, &ctx()).has("aktivitas.tanpa_rombel"));
    s2.learning_activity.as_mut().unwrap().admission_date = Some("2001-01-01".into());
    assert!(validate_santri(&s2, &ctx()).has("tanggal_masuk.sebelum_lahir"));
}

#[test]
fn age_plausibility_and_period_window() {
    let mut s = good_santri();
    s.learning_activity.as_mut().unwrap().m_level_id = Some(crate::model::Master::code("Ula"));
    assert!(validate_santri(&s, &ctx()).has("tanggal_lahir.usia_tidak_wajar"));
    let mut cx = ctx();
    cx.current_period = Some(crate::model::Periode {
        academic_year_id: 99,
        name: "Ganjil 2025/2026".into(),
        open_date: Date::new(2025, 7, 9),
        close_date: Date::new(2025, 12, 31),
        bap_deadline: None,
        is_active: true,
    });
    assert!(validate_santri_list(&[good_santri()], &cx).has("periode.di_luar_jendela"));
}

#[test]
fn nism_rule_29() {
    let mut s = good_santri();
    s.local_nis = Some("311232050001240007".into());
    let cx = ctx().lembaga_statistic_num("311232050001");
    assert!(!validate_santri(&s, &cx).has("nism.tidak_sesuai_lembaga"));
    s.local_nis = Some("311232050001241234".into());
    s.learning_activity.as_mut().unwrap().admission_date = Some("2023-07-15".into());
    assert!(validate_santri(&s, &cx).has("nism.tidak_sesuai_lembaga"));
    s.local_nis = Some("311232050001230000".into());
    assert!(validate_santri(&s, &cx).has("nism.nomor_urut_nol"));
}

fn good_gtk() -> Gtk {
    Gtk::from_flat([
        ("full_name", "Abdul Karim"),
        ("nik", "3517010101900001"),
        ("nip", "199001012020121001"),
        ("nuptk", "1234567890123456"),
        ("birth_place", "JOMBANG"),
        ("birth_date", "1990-01-01"),
        ("m_gender", "L"),
        ("mother_name", "Fatimah"),
        ("status_kepegawaian", "PNS"),
        ("pendidikan", "SD;SMP;SMA;S1"),
    ])
}

#[test]
fn gtk_rules() {
    let r = validate_gtk(&good_gtk(), &ctx());
    assert!(r.issues.is_empty(), "{:?}", r.codes());
    let mut g = good_gtk();
    g.nip = None;
    assert!(validate_gtk(&g, &ctx()).has("gtk.nip_wajib"));
    let mut g = good_gtk();
    g.nip = Some("199005052023211001".into());
    assert!(validate_gtk(&g, &ctx()).has("nip.pppk"));
    g.status_kepegawaian = Some("PPPK".into());
    let r = validate_gtk(&g, &ctx());
    assert!(!r.has("nip.pppk"), "PPPK status expects a PPPK number");
    assert!(r.has("nip.data_berbeda"), "birth date 1990-05-05 vs 1990-01-01");
    let mut g = good_gtk();
    g.education_history.retain(|e| e.jenjang == "S1");
    assert!(validate_gtk(&g, &ctx()).has("gtk.riwayat_pendidikan_tidak_lengkap"));
    g.mother_name = Some("BUNDA".into());
    assert!(validate_gtk(&g, &ctx()).has("nama_ibu.placeholder"));
    g.nuptk = Some("123456789012345".into());
    assert!(validate_gtk(&g, &ctx()).has("nuptk.panjang_salah"));
    let list = [good_gtk(), good_gtk()];
    let r = validate_gtk_list(&list, &ctx());
    assert!(r.has("nik.ganda") && r.has("nuptk.ganda"));
}

#[test]
fn lembaga_rules() {
    let l: Lembaga = serde_json::from_value(serde_json::json!({
        "name": "PP Contoh", "statistic_num": "5100.33.11.0106", "institution_group_id": 1,
        "npsn": "2032027", "address": {"kode_wilayah": "33.72.01.1001"}
    }))
    .unwrap();
    let r = validate_lembaga(&l, &ctx());
    assert!(r.has("nomor_statistik.wilayah_berbeda"), "{:?}", r.codes());
    assert!(r.has("npsn.panjang_salah"));
}

#[test]
fn inputs_are_left_out_unless_asked() {
    let s = Santri::from_flat([("full_name", "Budi"), ("nik", "3517013002080001")]);
    let r = validate_santri(&s, &ctx());
    let json = serde_json::to_string(&r).unwrap();
    assert!(!json.contains("3517013002080001"));
    let mut cx = ctx();
    cx.opts.include_input = true;
    let json = serde_json::to_string(&validate_santri(&s, &cx)).unwrap();
    assert!(json.contains("3517013002080001"));
}

#[test]
fn records_from_nested_or_flat_json() {
    let nested = serde_json::json!({
        "full_name": "Ahmad", "nik": 3517011708080001u64, "m_gender": {"id": 1, "name": "Laki-laki"},
        "parents": {"mother_full_name": "Siti"}, "learning_activity": {"study_group": "Kelas 7 - A"},
        "unknown_field": [1, 2, 3]
    });
    let s = Santri::from_value(&nested).unwrap();
    assert_eq!(s.parents.mother_full_name.as_ref().unwrap().expose(), "Siti");
    assert_eq!(s.nik.as_ref().unwrap().expose(), "3517011708080001");
    assert_eq!(s.jenis_kelamin(), Some(crate::id::nik::JenisKelamin::L));
    let flat =
        serde_json::json!({"full_name": "Ahmad", "mother_full_name": "Siti", "study_group": "A", "m_gender": "P"});
    let s = Santri::from_value(&flat).unwrap();
    assert_eq!(s.parents.mother_full_name.as_ref().unwrap().expose(), "Siti");
    assert_eq!(s.learning_activity.unwrap().study_group.as_deref(), Some("A"));
    assert!(Santri::from_value(&serde_json::json!([1])).is_err());
    assert!(Santri::from_value(&serde_json::json!({"m_gender": [1]})).is_err());
    let dbg = format!("{:?}", Santri::from_value(&nested).unwrap());
    assert!(
        !dbg.contains("3517011708080001") && !dbg.contains("Siti") && !dbg.contains("Ahmad"),
        "{dbg}"
    );
}

#[test]
fn record_errors_name_the_path_not_the_value() {
    let e =
        Santri::from_value(&serde_json::json!({"m_gender": ["Siti Aminah"], "status_mukim": "ya-tidak"})).unwrap_err();
    let shown = e.to_string();
    assert!(!shown.contains("Siti") && !shown.contains("ya-tidak"), "{shown}");
    assert!(e.path == "m_gender" || e.path == "status_mukim", "{}", e.path);
    assert_eq!(
        crate::model::redact_serde_message("invalid value: integer `3517011708080001`, expected x"),
        "invalid value: integer `…`, expected x"
    );
    assert_eq!(
        crate::id::normalize(crate::id::IdKind::Nik, "3517 0117 0808 0001").as_deref(),
        Some("3517011708080001")
    );
    assert!(!crate::id::is_valid_on(
        crate::id::IdKind::Nip,
        "199005052043211001",
        Date::new(2026, 11, 30).unwrap()
    ));
}

#[test]
fn over_long_text_is_invalid_and_named_by_path_only() {
    let long_name = "Ahmad ".repeat(20); // 120 characters
    let mut s = good_santri();
    s.full_name = crate::pii::Sensitive::new(long_name.clone());
    s.birth_place = Some("J".repeat(101));
    s.alamat.address = Some("Jl. Melati ".repeat(30));
    s.parents.mother_full_name = Some(crate::pii::Sensitive::new("Siti ".repeat(30)));
    s.alamat.rt = Some("0".repeat(256));
    s.learning_activity.as_mut().unwrap().study_group = Some("A".repeat(300));
    let r = validate_santri(&s, &ctx());
    let found: Vec<(&str, &str)> = r
        .issues
        .iter()
        .filter(|i| i.rule_number() == 38)
        .map(|i| (i.code, i.path.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("nama.terlalu_panjang", "full_name"),
            ("tempat_lahir.terlalu_panjang", "birth_place"),
            ("nama.terlalu_panjang", "parents.mother_full_name"),
            ("alamat.terlalu_panjang", "address"),
            ("teks.terlalu_panjang", "rt"),
            ("teks.terlalu_panjang", "learning_activity.study_group"),
        ]
    );
    assert_eq!(r.verdict(), Verdict::Invalid);
    let name = r.issues.iter().find(|i| i.path == "full_name").unwrap();
    assert_eq!(
        name.message(crate::Lang::Id),
        "Nama terlalu panjang: 120 karakter, paling banyak 100."
    );
    let json = serde_json::to_string(&r).unwrap();
    assert!(
        !json.contains("Ahmad") && !json.contains("Siti") && !json.contains("JJJ"),
        "{json}"
    );
    // The other checks of an over-long field are skipped (no 100-character "canonical form").
    assert!(!r.has("tempat_lahir.tidak_kanonik"));
    // Bounds count characters, not bytes: 100 two-byte letters are fine.
    let mut s = good_santri();
    s.full_name = crate::pii::Sensitive::new("é".repeat(100));
    assert!(!validate_santri(&s, &ctx()).has("nama.terlalu_panjang"));
}

#[test]
fn a_fifty_megabyte_field_becomes_an_issue() {
    let huge = "A".repeat(50 * 1024 * 1024);
    let s = Santri::from_flat([
        ("full_name", huge.as_str()),
        ("birth_place", huge.as_str()),
        ("address", huge.as_str()),
        ("mother_full_name", huge.as_str()),
        ("nik", "3517011708080001"),
    ]);
    let r = validate_santri(&s, &ctx());
    for code in [
        "nama.terlalu_panjang",
        "tempat_lahir.terlalu_panjang",
        "alamat.terlalu_panjang",
    ] {
        assert!(r.has(code), "{code}: {:?}", r.codes());
    }
    assert!(serde_json::to_string(&r).unwrap().len() < 20_000);
    let g = Gtk::from_flat([("full_name", huge.as_str()), ("jabatan", huge.as_str())]);
    let r = validate_gtk(&g, &ctx());
    assert!(
        r.has("nama.terlalu_panjang") && r.has("teks.terlalu_panjang"),
        "{:?}",
        r.codes()
    );
    let mut l: Lembaga =
        serde_json::from_value(serde_json::json!({"name": "PP Contoh", "address": "Jl. Pesantren 1"})).unwrap();
    l.pimpinan = Some("K".repeat(101));
    l.address.address = Some(huge.clone());
    let r = validate_lembaga(&l, &ctx());
    let paths: Vec<&str> = r
        .issues
        .iter()
        .filter(|i| i.rule_number() == 38)
        .map(|i| i.path.as_str())
        .collect();
    assert_eq!(paths, ["pimpinan", "address.address"]);
}
