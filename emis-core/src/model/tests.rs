//! What the real server sends, and what the records keep. Synthetic data only.

use super::*;
use crate::id::nik::JenisKelamin;
use serde_json::{Value, json};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn santri(v: Value) -> Santri {
    serde_json::from_value(v).expect("santri reads")
}

#[test]
fn an_address_sent_as_one_string_is_the_address_text() {
    let s = santri(json!({"full_name": "Ahmad", "address": "Jl. Melati 5 RT 01/02 Jombang"}));
    assert_eq!(s.alamat.address.as_deref(), Some("Jl. Melati 5 RT 01/02 Jombang"));
    assert!(s.alamat.rt.is_none() && s.extra.is_empty());
    let s = santri(json!({"address": {"address": "Jl. Mawar 2", "rt": "01"}}));
    assert_eq!(s.alamat.address.as_deref(), Some("Jl. Mawar 2"));
    let s = santri(json!({"address": {"unknown": 1}}));
    assert_eq!(s.alamat.address, None);

    for addr in [
        json!("Jl. Pesantren 1, Jombang"),
        json!({"address": "Jl. Pesantren 1, Jombang"}),
    ] {
        let l: Lembaga = serde_json::from_value(json!({"name": "PP Contoh", "address": addr})).unwrap();
        assert_eq!(l.address.address.as_deref(), Some("Jl. Pesantren 1, Jombang"));
    }
    let l: Lembaga = serde_json::from_value(json!({"name": "PP Contoh", "address": null})).unwrap();
    assert_eq!(l.address, Alamat::default());
}

#[test]
fn capitalised_and_unknown_enum_values() {
    for (v, want) in [
        (json!("MUKIM"), Some(StatusMukim::Mukim)),
        (json!("Non Mukim"), Some(StatusMukim::NonMukim)),
        (json!("NON_MUKIM"), Some(StatusMukim::NonMukim)),
        (json!(1), Some(StatusMukim::Mukim)),
        (json!({"id": 2, "name": "Non Mukim"}), Some(StatusMukim::NonMukim)),
        (json!("Asrama Putra"), None),
        (json!(""), None),
        (json!(null), None),
    ] {
        assert_eq!(santri(json!({"status_mukim": v.clone()})).status_mukim, want, "{v}");
    }
    for (v, want) in [
        (json!("L"), Some(JenisKelamin::L)),
        (json!(1), Some(JenisKelamin::L)),
        (json!("1"), Some(JenisKelamin::L)),
        (json!("Laki-Laki"), Some(JenisKelamin::L)),
        (json!("PEREMPUAN"), Some(JenisKelamin::P)),
        (json!({"id": 2, "name": "Perempuan"}), Some(JenisKelamin::P)),
        (json!({"id": "1"}), Some(JenisKelamin::L)),
        (
            json!({"id": 2, "name": "Perempuan", "meta": {"x": [1, {"y": null}]}}),
            Some(JenisKelamin::P),
        ),
        (json!(null), None),
    ] {
        assert_eq!(santri(json!({"m_gender": v.clone()})).jenis_kelamin(), want, "{v}");
    }
    let s = santri(json!({"learning_activity": {"student_status": "AKTIF"}}));
    assert!(s.learning_activity.unwrap().is_active());

    for (v, want) in [
        (json!("NEGERI"), Some(StatusLembaga::Negeri)),
        (json!("Swasta"), Some(StatusLembaga::Swasta)),
        (json!({"id": 2, "name": "SWASTA"}), Some(StatusLembaga::Swasta)),
        (json!("Campuran"), None),
    ] {
        let l: Lembaga = serde_json::from_value(json!({"status": v.clone()})).unwrap();
        assert_eq!(l.status, want, "{v}");
    }
    for (v, want) in [
        (json!(2), Some(LembagaKind::Pkpps)),
        (json!("2"), Some(LembagaKind::Pkpps)),
        (json!("PKPPS"), Some(LembagaKind::Pkpps)),
        (json!(9), None),
    ] {
        let l: Lembaga = serde_json::from_value(json!({"institution_group_id": v.clone()})).unwrap();
        assert_eq!(l.institution_group_id, want, "{v}");
    }
    let m: Mutasi = serde_json::from_value(json!({"arah": "MASUK", "disetujui": "1"})).unwrap();
    assert_eq!((m.arah, m.disetujui), (MutasiArah::Masuk, true));
    let k: SaranaPrasarana =
        serde_json::from_value(json!({"kategori": "Ruang", "jumlah": "3", "luas_m2": "12,5"})).unwrap();
    assert_eq!(
        (k.kategori, k.jumlah, k.luas_m2),
        (KategoriSarpras::Ruang, Some(3), Some(12.5))
    );
}

#[test]
fn numbers_as_strings_and_strings_as_numbers() {
    let s = santri(json!({
        "id": 12345, "rt": 1, "rw": "002", "postal_code_num": 61471, "kode_wilayah": 3517012001u64,
        "learning_activity": {"academic_year_id": "18", "m_level_id": "3", "tingkat": 7, "study_group": {"id": 4, "name": "Kelas 7 - A"}},
        "parents": {"is_kk_same_father": "1"}
    }));
    assert_eq!(s.id.as_deref(), Some("12345"));
    assert_eq!(s.alamat.rt.as_deref(), Some("1"));
    assert_eq!(s.alamat.rw.as_deref(), Some("002"));
    assert_eq!(s.alamat.postal_code_num.as_deref(), Some("61471"));
    assert_eq!(s.alamat.kode_wilayah.as_deref(), Some("3517012001"));
    let la = s.learning_activity.as_ref().unwrap();
    assert_eq!(la.academic_year_id, Some(18));
    assert_eq!(la.m_level_id.as_ref().and_then(Master::text).as_deref(), Some("3"));
    assert_eq!(la.tingkat.as_deref(), Some("7"));
    assert_eq!(la.study_group.as_deref(), Some("Kelas 7 - A"));
    assert_eq!(s.parents.is_kk_same_father, Some(true));
    let s = santri(json!({"learning_activity": {"academic_year_id": 18.0, "m_level_id": 3}}));
    assert_eq!(s.academic_year_id(), Some(18));

    let r: Rombel =
        serde_json::from_value(json!({"id": 9, "name": 7, "tingkat": "7", "academic_year_id": "18"})).unwrap();
    assert_eq!(
        (r.id.as_deref(), r.name.as_str(), r.tingkat, r.academic_year_id),
        (Some("9"), "7", Some(7), Some(18))
    );
    let p: Periode = serde_json::from_value(json!({"id": "18", "name": "Ganjil 2025/2026", "is_active": 1})).unwrap();
    assert_eq!((p.academic_year_id, p.is_active), (18, true));
    let l: Lembaga = serde_json::from_value(json!({
        "institution_id": 77, "name": "PP Contoh", "statistic_num": 510035170001u64, "jenjang": "Ula, Wustha"
    }))
    .unwrap();
    assert_eq!(l.id.as_deref(), Some("77"));
    assert_eq!(l.statistic_num.as_deref(), Some("510035170001"));
    assert_eq!(l.jenjang, ["Ula", "Wustha"]);
}

#[test]
fn null_anywhere_optional() {
    let s = santri(json!({
        "id": null, "full_name": null, "nik": null, "m_gender": null, "address": null, "rt": null,
        "status_mukim": null, "parents": null, "learning_activity": null, "m_city": null
    }));
    assert_eq!(s, Santri::default());
    let g: Gtk = serde_json::from_value(json!({"education_history": null, "simpeg": null, "nip": null})).unwrap();
    assert_eq!(g, Gtk::default());
    let l: Lembaga =
        serde_json::from_value(json!({"name": null, "jenjang": null, "address": null, "status": null})).unwrap();
    assert_eq!(l, Lembaga::default());
    let g: Gtk = serde_json::from_value(json!({"simpeg": {"raw": null, "tanggal_lahir": null}})).unwrap();
    assert!(g.simpeg.is_some());
}

#[test]
fn unknown_fields_are_kept_and_round_trip() {
    let row = json!({
        "id": "s-1", "full_name": "Ahmad Fauzi", "nik": "3517011708080001",
        "address": "Jl. Melati 5", "rt": "001", "m_city": {"id": 3517, "name": "KAB. JOMBANG"},
        "full_address": "Jl. Melati 5, RT 001", "m_status_dukcapil": {"status": "Belum Diverifikasi"},
        "approval_status": "menunggu_kepala",
        "parents": {"mother_full_name": "Siti Aminah", "mother_job": {"id": 3, "name": "Petani"}},
        "learning_activity": {"academic_year_id": 18, "academic_year": {"id": 18, "name": "2025/2026"}}
    });
    let s = santri(row.clone());
    // Both flattened parts work together: known address fields in `alamat`, the rest in `extra`.
    assert_eq!(s.alamat.rt.as_deref(), Some("001"));
    assert_eq!(s.alamat.m_city.as_ref().and_then(|m| m.id), Some(3517));
    let keys: Vec<&str> = s.extra.keys().map(String::as_str).collect();
    assert_eq!(keys, ["approval_status", "full_address", "m_status_dukcapil"]);
    assert!(s.parents.extra.contains_key("mother_job"));
    assert!(
        s.learning_activity
            .as_ref()
            .unwrap()
            .extra
            .contains_key("academic_year")
    );
    // Nothing lost: the serialised record holds every field received, and reads back equal.
    let out = serde_json::to_value(&s).unwrap();
    assert_eq!(out, row);
    let back: Santri = serde_json::from_value(out).unwrap();
    assert_eq!(back, s);

    let g: Gtk = serde_json::from_value(json!({"full_name": "Umar", "sertifikasi": {"tahun": 2019}})).unwrap();
    assert_eq!(g.extra.get("sertifikasi"), Some(&json!({"tahun": 2019})));
    assert_eq!(serde_json::to_value(&g).unwrap()["sertifikasi"], json!({"tahun": 2019}));
    let l: Lembaga = serde_json::from_value(json!({"name": "PP Contoh", "latitude": "-7.5"})).unwrap();
    assert_eq!(serde_json::to_value(&l).unwrap()["latitude"], "-7.5");
}

#[test]
fn extra_does_not_change_the_known_fields() {
    let plain = json!({"full_name": "Ahmad Fauzi", "nik": "3517011708080001", "address": "Jl. Melati 5",
        "parents": {"mother_full_name": "Siti Aminah"}, "learning_activity": {"tingkat": "7"}});
    let mut with = plain.clone();
    with["approval_status"] = json!("disetujui");
    with["parents"]["mother_job"] = json!("Petani");
    with["learning_activity"]["academic_year"] = json!({"id": 18});
    let (a, b) = (santri(plain.clone()), santri(with));
    assert_ne!(a, b);
    // The sync's comparison never sees `extra`.
    assert_eq!(
        crate::sync::normalize::Comparable::of(&a),
        crate::sync::normalize::Comparable::of(&b)
    );
    let strip = |mut s: Santri| {
        s.extra.clear();
        s.parents.extra.clear();
        if let Some(la) = s.learning_activity.as_mut() {
            la.extra.clear();
        }
        serde_json::to_value(s).unwrap()
    };
    assert_eq!(strip(a.clone()), strip(b));
    assert_eq!(serde_json::to_value(a).unwrap(), plain);
    // A key put in `extra` by hand never repeats a known field.
    let mut s = santri(json!({"nik": "3517011708080001"}));
    s.extra.insert("nik".into(), json!("0000"));
    let text = serde_json::to_string(&s).unwrap();
    assert_eq!(text.matches("\"nik\"").count(), 1, "{text}");
}

#[test]
fn other_names_never_make_a_duplicate_field() {
    let s = santri(json!({"full_name": "Ahmad Fauzi", "nama": "AHMAD F", "no_kk": "3517011203240003", "kk_num": null}));
    assert_eq!(s.full_name.expose(), "Ahmad Fauzi");
    assert_eq!(s.kk_num.as_ref().map(|k| k.expose()), Some("3517011203240003"));
    assert_eq!(s.extra.get("nama"), Some(&json!("AHMAD F")));
    let back: Santri = serde_json::from_value(serde_json::to_value(&s).unwrap()).unwrap();
    assert_eq!(back, s);
    let g: Gtk = serde_json::from_value(json!({"nip": "199001012020121001", "ni_pppk": null, "nama": "Umar"})).unwrap();
    assert_eq!(g.nip.as_ref().map(|n| n.expose()), Some("199001012020121001"));
    assert_eq!(g.full_name.expose(), "Umar");
    let l: Lembaga =
        serde_json::from_value(json!({"id": 5, "institution_id": 5, "institution_name": "PP Contoh"})).unwrap();
    assert_eq!((l.id.as_deref(), l.name.as_str()), (Some("5"), "PP Contoh"));
    assert!(l.extra.is_empty());
}

#[test]
fn debug_never_shows_unknown_values() {
    let s = santri(json!({"nama_ibu_kandung_lama": "Siti Aminah", "parents": {"mother_alias": "Siti"}}));
    let d = format!("{s:?}");
    assert!(!d.contains("Siti") && d.contains("nama_ibu_kandung_lama"), "{d}");
    let data = json!({"NIP_BARU": "199001012020121001", "NAMA_LENGKAP": "UMAR FARUQ", "TANGGAL_LAHIR": "1990-01-01"});
    let g = Gtk {
        simpeg: Some(SimpegSnapshot::from_cek_nip(data.as_object().unwrap())),
        ..Gtk::default()
    };
    let d = format!("{g:?}");
    assert!(
        !d.contains("UMAR") && !d.contains("199001012020121001") && !d.contains("1990-01-01"),
        "{d}"
    );
    assert!(d.contains("NAMA_LENGKAP"), "{d}");
}

#[test]
fn flat_columns_leave_extra_once_used() {
    let s = Santri::from_value(&json!({"full_name": "Ahmad", "mother_full_name": "Siti", "rombel": "A", "kolom_x": 1}))
        .unwrap();
    assert_eq!(s.parents.mother_full_name.as_ref().unwrap().expose(), "Siti");
    assert_eq!(s.learning_activity.as_ref().unwrap().study_group.as_deref(), Some("A"));
    let keys: Vec<&str> = s.extra.keys().map(String::as_str).collect();
    assert_eq!(keys, ["kolom_x"]);
    // A flat column that disagrees with the nested value stays (nested wins, nothing lost).
    let s =
        Santri::from_value(&json!({"parents": {"mother_full_name": "Siti"}, "mother_full_name": "Aminah"})).unwrap();
    assert_eq!(s.parents.mother_full_name.as_ref().unwrap().expose(), "Siti");
    assert_eq!(s.extra.get("mother_full_name"), Some(&json!("Aminah")));
    let g = Gtk::from_value(&json!({"full_name": "Umar", "pendidikan": "SD;SMP;SMA;S1"})).unwrap();
    assert_eq!(g.education_history.len(), 4);
    assert!(g.extra.is_empty());
}

#[test]
fn approval_state_from_the_row() {
    use ApprovalState::*;
    for (text, want) in [
        ("menunggu_kepala", Some(MenungguKepala)),
        ("Menunggu Persetujuan Kepala", Some(MenungguKepala)),
        ("MENUNGGU KABKOTA", Some(MenungguKabkota)),
        ("Menunggu Verifikasi Kab/Kota", Some(MenungguKabkota)),
        ("menunggu-kabkota", Some(MenungguKabkota)),
        ("disetujui", Some(Disetujui)),
        ("DISETUJUI", Some(Disetujui)),
        ("ditolak", Some(Ditolak)),
        ("Tidak Disetujui", Some(Ditolak)),
        ("Aktif", None),
        ("Persetujuan Kepala", None),
        ("Disetujui Kab/Kota", Some(Disetujui)),
    ] {
        assert_eq!(ApprovalState::parse(text), want, "{text}");
        let s = santri(json!({"approval_status": text}));
        assert_eq!(s.approval_state(), want, "{text}");
    }
    let s = santri(json!({"Approval Status": {"id": 2, "name": "Menunggu Kab/Kota"}}));
    assert_eq!(s.approval_state(), Some(MenungguKabkota));
    // Fallback on the status description, only when it speaks of approval.
    let s = santri(json!({"status_description": {"name": "Ditolak Kab/Kota"}, "approval_note": "  Foto KK buram "}));
    assert_eq!(s.approval_state(), Some(Ditolak));
    assert_eq!(s.approval_note().as_deref(), Some("Foto KK buram"));
    let s = santri(json!({"status_description": {"name": "Disetujui"}}));
    assert_eq!(s.approval_state(), None);
    let s = santri(json!({"status_description": "Menunggu Verifikasi Kepala"}));
    assert_eq!(s.approval_state(), Some(MenungguKepala));
    assert_eq!(santri(json!({"approval_note": ""})).approval_note(), None);
    for st in [MenungguKepala, MenungguKabkota, Disetujui, Ditolak] {
        let back: ApprovalState = serde_json::from_value(serde_json::to_value(st).unwrap()).unwrap();
        assert_eq!(back, st);
        assert_eq!(serde_json::to_value(st).unwrap(), st.as_str());
    }
    assert_eq!(santri(json!({})).approval_state(), None);
}

#[test]
fn academic_year_id_from_either_place() {
    let s = santri(json!({"learning_activity": {"academic_year": {"id": 18, "name": "2025/2026"}}}));
    assert_eq!(s.academic_year_id(), Some(18));
    let s = santri(json!({"learning_activity": {"academic_year_id": 19, "academic_year": {"id": 18}}}));
    assert_eq!(s.academic_year_id(), Some(19));
    let s = santri(json!({"learning_activity": {"academic_year": {"id": "17"}}}));
    assert_eq!(s.academic_year_id(), Some(17));
    assert_eq!(santri(json!({"academic_year_id": "16"})).academic_year_id(), Some(16));
    assert_eq!(santri(json!({})).academic_year_id(), None);
}

#[test]
fn huge_values_load_without_panic() {
    let big = "A".repeat(5_000_000);
    let s = Santri::from_value(&json!({"full_name": big, "nik": big, "address": big})).unwrap();
    assert_eq!(s.full_name.expose().len(), 5_000_000);
    let s = Santri::from_flat([("full_name", big.as_str()), ("birth_place", big.as_str())]);
    assert_eq!(s.birth_place.as_deref().map(str::len), Some(5_000_000));
    let e = Santri::from_value(&json!({"full_name": [big]})).unwrap_err();
    assert!(e.to_string().len() < 300);
}
