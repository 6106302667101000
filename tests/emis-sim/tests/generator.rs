//! The synthetic data: determinism, identifier layouts, planted defects.

use emis_core::id::{self, nik::JenisKelamin};
use emis_core::model::{LembagaKind, Santri};
use emis_core::wilayah::{self, Status};
use emis_sim::datagen::{DefectKind, Kepegawaian, RecordStatus};
use emis_sim::{Dataset, Defects, GenConfig};
use std::collections::BTreeMap;

fn cfg(defects: Defects) -> GenConfig {
    GenConfig {
        defects,
        ..GenConfig::default()
    }
}

#[test]
fn same_seed_same_data_other_seed_other_data() {
    let a = Dataset::generate(42, &cfg(Defects::demo()));
    let b = Dataset::generate(42, &cfg(Defects::demo()));
    assert_eq!(a, b);
    assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
    let c = Dataset::generate(43, &cfg(Defects::demo()));
    assert_ne!(a, c);
    let names_a: Vec<_> = a.santri.iter().map(|s| &s.full_name).collect();
    let names_c: Vec<_> = c.santri.iter().map(|s| &s.full_name).collect();
    assert_ne!(names_a, names_c);
    assert_ne!(a.operators[0].password, c.operators[0].password);
}

#[test]
fn lembaga_numbers_follow_their_kind() {
    let ds = Dataset::generate(1, &GenConfig::default());
    assert_eq!(ds.lembaga.len(), 5);
    for l in &ds.lembaga {
        let n = &l.statistic_num;
        assert_eq!(n.len(), 12, "{n}");
        assert!(id::nomor_statistik::is_valid(n), "{n}");
        let prefix = match l.kind {
            LembagaKind::Pontren => "5100",
            LembagaKind::Mdt => "3112",
            LembagaKind::Lpq => "4112",
            LembagaKind::Pdf => "2212",
            k => panic!("unexpected kind {k:?}"),
        };
        assert!(n.starts_with(prefix), "{n}");
        let kab: u16 = n[4..8].parse().unwrap();
        assert_eq!(kab, l.kab_kota());
        assert!(wilayah::kab_kota_name(kab).is_some(), "{kab}");
        assert_eq!(wilayah::kecamatan_status(l.kecamatan), Status::Current);
        assert!(id::npsn::is_valid(&l.npsn));
    }
    let kinds: Vec<_> = ds.lembaga.iter().map(|l| l.kind).collect();
    assert!(
        kinds.contains(&LembagaKind::Pontren) && kinds.contains(&LembagaKind::Mdt) && kinds.contains(&LembagaKind::Lpq)
    );
    assert!(
        ds.periods
            .iter()
            .any(|p| p.academic_year_id == 13 && p.name == "Ganjil 2023/2024")
    );
    assert!(
        ds.periods
            .iter()
            .any(|p| p.academic_year_id == 12 && p.name == "Genap 2022/2023")
    );
}

#[test]
fn every_nik_is_valid_except_planted_ones() {
    let d = Defects {
        invalid_nik: 4,
        ..Defects::demo()
    };
    for seed in [1, 2, 3, 42] {
        let ds = Dataset::generate(seed, &cfg(d.clone()));
        let planted: Vec<&str> = ds
            .planted
            .iter()
            .filter(|p| p.kind == DefectKind::InvalidNik)
            .map(|p| p.record_id.as_str())
            .collect();
        assert_eq!(planted.len(), 4);
        let duplicated: Vec<&str> = ds
            .planted
            .iter()
            .filter(|p| p.kind == DefectKind::DuplicateNik)
            .map(|p| p.record_id.as_str())
            .collect();
        for s in &ds.santri {
            let valid = id::nik::is_valid(&s.nik);
            assert_eq!(valid, !planted.contains(&s.id.as_str()), "{} {}", s.id, s.nik);
            for parent in [&s.father_nik, &s.mother_nik].into_iter().flatten() {
                assert!(id::nik::is_valid(parent), "{parent}");
            }
            if !valid || duplicated.contains(&s.id.as_str()) {
                continue;
            }
            let nik = id::Nik::parse(&s.nik).unwrap();
            assert_eq!(nik.region_status(), Status::Current, "{}", s.nik);
            assert_eq!(nik.jenis_kelamin(), s.gender);
            let (d, m, yy) = nik.birth_dmy();
            assert_eq!(
                (d, m, u16::from(yy)),
                (s.birth_date.day(), s.birth_date.month(), s.birth_date.year() % 100)
            );
            assert_eq!(&s.kk_num[..6], &s.nik[..6], "KK shares the region prefix");
            assert!(id::kk::is_valid(&s.kk_num));
        }
        for g in &ds.gtk {
            assert!(id::nik::is_valid(&g.nik), "{}", g.nik);
        }
    }
}

#[test]
fn nisn_nip_and_simpeg_look_real() {
    let ds = Dataset::generate(5, &GenConfig::default());
    let with_nisn: Vec<_> = ds
        .santri
        .iter()
        .filter_map(|s| s.nisn.as_ref().map(|n| (n, s)))
        .collect();
    assert!(with_nisn.len() > ds.santri.len() * 7 / 10);
    let matching = with_nisn
        .iter()
        .filter(|(n, s)| id::Nisn::parse(n).unwrap().matches_birth_year(s.birth_date.year()))
        .count();
    assert!(matching * 100 > with_nisn.len() * 75, "{matching}/{}", with_nisn.len());
    assert!(
        matching < with_nisn.len(),
        "some NISN prefixes do not follow the birth year"
    );
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for g in &ds.gtk {
        *kinds.entry(g.kepegawaian.label()).or_default() += 1;
        match (&g.nip, g.kepegawaian) {
            (None, Kepegawaian::NonPns) => {}
            (Some(nip), k) => {
                assert!(id::nip::is_valid(nip), "{nip}");
                let n = id::Nip::parse(nip).unwrap();
                assert_eq!(n.birth_date(), Some(g.birth_date));
                assert_eq!(n.jenis_kelamin(), g.gender);
                let code = &nip[12..14];
                match k {
                    Kepegawaian::Pns => assert!(n.tmt_month().is_some(), "{nip}"),
                    Kepegawaian::Pppk => assert!(code == "21" || code == "24", "{nip}"),
                    Kepegawaian::NonPns => unreachable!(),
                }
                let rec = &ds.simpeg[nip];
                assert_eq!(rec["NIP_BARU"], nip.as_str());
                assert!(rec.keys().all(|k| !k.to_ascii_uppercase().contains("NIK")));
                assert!(rec["TANGGAL_LAHIR"].as_str().unwrap().ends_with(" 00:00:00"));
                let gender = if g.gender == JenisKelamin::P { 2 } else { 1 };
                assert_eq!(rec["JENIS_KELAMIN"], gender);
            }
            (None, k) => panic!("{k:?} without NIP"),
        }
    }
    assert!(kinds.len() == 3, "PNS, PPPK and Non PNS all present: {kinds:?}");
}

#[test]
fn defects_are_planted_as_asked() {
    let d = Defects {
        invalid_nik: 3,
        duplicate_nik: 2,
        missing_mother_name: 3,
        placeholder_mother_name: 2,
        nik_active_elsewhere: 2,
        invalid_nisn: 1,
        without_rombel: 2,
        nip_not_in_simpeg: 1,
    };
    let clean = Dataset::generate(9, &GenConfig::default());
    let ds = Dataset::generate(9, &cfg(d));
    let count = |k| ds.planted.iter().filter(|p| p.kind == k).count();
    assert_eq!(count(DefectKind::InvalidNik), 3);
    assert_eq!(count(DefectKind::DuplicateNik), 2);
    assert_eq!(count(DefectKind::MissingMotherName), 3);
    assert_eq!(count(DefectKind::PlaceholderMotherName), 2);
    assert_eq!(count(DefectKind::NikActiveElsewhere), 2);
    assert_eq!(count(DefectKind::InvalidNisn), 1);
    assert_eq!(count(DefectKind::WithoutRombel), 2);
    assert_eq!(count(DefectKind::NipNotInSimpeg), 1);
    assert_eq!(ds.santri.len(), clean.santri.len() + 2, "data ganda adds records");
    let missing = ds.santri.iter().filter(|s| s.mother_full_name.is_none()).count();
    assert_eq!(missing, 3, "mother's name is always there unless planted");
    for p in ds.planted.iter().filter(|p| p.kind == DefectKind::DuplicateNik) {
        let a = ds.santri.iter().find(|s| s.id == p.record_id).unwrap();
        let b = ds.santri.iter().find(|s| Some(&s.id) == p.other_id.as_ref()).unwrap();
        assert_eq!(a.nik, b.nik);
        assert_eq!(a.statistic_num, b.statistic_num);
    }
    for p in ds.planted.iter().filter(|p| p.kind == DefectKind::NikActiveElsewhere) {
        let a = ds.santri.iter().find(|s| s.id == p.record_id).unwrap();
        let b = ds.santri.iter().find(|s| Some(&s.id) == p.other_id.as_ref()).unwrap();
        assert_eq!(a.nik, b.nik);
        assert_ne!(a.statistic_num, b.statistic_num);
    }
    let g = ds
        .planted
        .iter()
        .find(|p| p.kind == DefectKind::NipNotInSimpeg)
        .unwrap();
    let gtk = ds.gtk.iter().find(|x| x.id == g.record_id).unwrap();
    assert!(!ds.simpeg.contains_key(gtk.nip.as_ref().unwrap()));
}

#[test]
fn records_read_back_through_emis_core() {
    let ds = Dataset::generate(11, &GenConfig::default());
    let period = ds.active_period().name.clone();
    for s in ds.santri.iter().take(50) {
        let mut v = s.to_json(&period);
        // EMIS sends both `start_date` and `admission_date` (domain.md §4.1); emis-core's
        // model aliases one to the other and rejects the pair as a duplicate field, so read
        // it without `start_date` here (reported to the lead).
        v["learning_activity"].as_object_mut().unwrap().remove("start_date");
        let m = Santri::from_value(&v).expect("emis-core reads the record");
        assert_eq!(m.id.as_deref(), Some(s.id.as_str()));
        assert_eq!(m.nik.as_ref().map(|n| n.expose()), Some(s.nik.as_str()));
        assert_eq!(m.jenis_kelamin(), Some(s.gender));
        assert!(m.parents.mother_full_name.is_some());
        let la = m.learning_activity.as_ref().unwrap();
        assert_eq!(la.is_active(), s.status == RecordStatus::Aktif);
        assert_eq!(la.has_left(), s.status != RecordStatus::Aktif);
        assert_eq!(
            v["learning_activity"]["study_group"]["name"],
            s.study_group.clone().unwrap()
        );
        let rombel = s.study_group.as_deref().unwrap();
        assert!(rombel.starts_with(&format!("Kelas {} - ", s.tingkat)), "{rombel}");
    }
}

#[test]
fn hard_cases_are_planted_for_every_seed() {
    for seed in [1, 7, 42, 1234] {
        let ds = Dataset::generate(seed, &GenConfig::default());
        assert_eq!(ds, Dataset::generate(seed, &GenConfig::default()));
        let sc = &ds.scenarios;
        let demo = ds.demo_lembaga().statistic_num.clone();
        let find = |id: &str| ds.santri.iter().find(|s| s.id == id).unwrap();
        let (a, b) = sc.same_name.as_ref().expect("same-name pair");
        let (a, b) = (find(a), find(b));
        assert_eq!(a.statistic_num, demo);
        assert_eq!(
            (&a.full_name, a.birth_date, &a.birth_place),
            (&b.full_name, b.birth_date, &b.birth_place)
        );
        assert_ne!(
            (&a.nik, &a.kk_num, &a.mother_full_name),
            (&b.nik, &b.kk_num, &b.mother_full_name)
        );
        let (t1, t2) = sc.twins.as_ref().expect("twins");
        let (t1, t2) = (find(t1), find(t2));
        assert_eq!(t2.statistic_num, demo);
        assert_eq!(
            (t1.birth_date, &t1.kk_num, &t1.mother_full_name),
            (t2.birth_date, &t2.kk_num, &t2.mother_full_name)
        );
        assert_ne!(t1.full_name, t2.full_name);
        for s in [a, b, t1, t2] {
            assert!(id::nik::is_valid(&s.nik), "{}", s.nik);
            let n = id::Nik::parse(&s.nik).unwrap();
            assert_eq!(n.jenis_kelamin(), s.gender);
        }
        // SIMPEG: one name a little off, one another person, one birth date off.
        let gtk_of = |nip: &str| ds.gtk.iter().find(|g| g.nip.as_deref() == Some(nip)).unwrap();
        let name = |nip: &str| ds.simpeg[nip]["NAMA_LENGKAP"].as_str().unwrap().to_string();
        let score = |nip: &str| {
            emis_sim::datagen::jaro_winkler(
                &emis_sim::datagen::bare_name(&gtk_of(nip).full_name),
                &emis_sim::datagen::bare_name(&name(nip)),
            )
        };
        let v = sc.simpeg_name_variant.as_deref().expect("variant");
        assert!(
            score(v) >= 0.85 && score(v) < 1.0,
            "{} / {}",
            gtk_of(v).full_name,
            name(v)
        );
        let o = sc.simpeg_other_person.as_deref().expect("other person");
        assert!(score(o) < 0.75, "{} / {}", gtk_of(o).full_name, name(o));
        let d = sc.simpeg_birth_date_differs.as_deref().expect("birth date");
        let tgl = ds.simpeg[d]["TANGGAL_LAHIR"].as_str().unwrap();
        assert_ne!(&tgl[..10], gtk_of(d).birth_date.to_string());
        assert_eq!(score(d), 1.0);
        // Operators have a synthetic NIK to log in with.
        for op in &ds.operators {
            assert!(id::nik::is_valid(&op.nik), "{}", op.nik);
        }
    }
}
