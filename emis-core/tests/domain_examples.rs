//! Every identifier example of domain.md (§1.2 worked examples, §2.1, §3 and the §7.2 rule
//! table) with the verdict and codes the project expects.

use emis_core::date::Date;
use emis_core::id::{self, CheckOptions, IdKind};
use emis_core::report::Verdict;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn opts() -> CheckOptions {
    CheckOptions::new(Date::new(2026, 11, 30).unwrap())
}

#[track_caller]
fn expect(kind: IdKind, value: &str, verdict: Verdict, code: Option<&str>) {
    let r = id::check(kind, value, &opts());
    assert_eq!(r.verdict, verdict, "{kind:?} {value}: {:?}", r.codes());
    if let Some(c) = code {
        assert!(
            r.codes().contains(&c),
            "{kind:?} {value}: expected {c}, got {:?}",
            r.codes()
        );
    }
    assert_eq!(
        id::is_valid(kind, value),
        verdict != Verdict::Invalid,
        "fast path disagrees for {value}"
    );
}

fn part(kind: IdKind, value: &str, name: &str) -> String {
    id::check(kind, value, &opts())
        .parts
        .into_iter()
        .find(|p| p.name == name)
        .map(|p| p.value.to_uppercase())
        .unwrap_or_default()
}

// §2.1 NIK
#[test]
fn nik_section_2_1() {
    expect(IdKind::Nik, "3517011708080001", Verdict::Ok, None);
    assert!(part(IdKind::Nik, "3517011708080001", "kab_kota").contains("JOMBANG"));
    assert_eq!(part(IdKind::Nik, "3517011708080001", "tanggal_lahir"), "2008-08-17");
    assert_eq!(part(IdKind::Nik, "3517011708080001", "jenis_kelamin"), "L");
    expect(IdKind::Nik, "3273014503100002", Verdict::Ok, None);
    assert_eq!(part(IdKind::Nik, "3273014503100002", "jenis_kelamin"), "P");
    assert_eq!(part(IdKind::Nik, "3273014503100002", "tanggal_lahir"), "2010-03-05");
    assert!(part(IdKind::Nik, "3273014503100002", "kab_kota").contains("BANDUNG"));
    expect(
        IdKind::Nik,
        "3517013002080001",
        Verdict::Invalid,
        Some("nik.tanggal_tidak_valid"),
    );
    expect(
        IdKind::Nik,
        "3517011708080000",
        Verdict::Invalid,
        Some("nik.nomor_urut_nol"),
    );
    expect(
        IdKind::Nik,
        "351701170808001",
        Verdict::Invalid,
        Some("nik.panjang_salah"),
    );
    expect(
        IdKind::Nik,
        "3570011708080001",
        Verdict::Invalid,
        Some("nik.kabkota_tidak_valid"),
    );
}

// §7.2 rules 10-12 and the century rule of §2.1.
#[test]
fn nik_rule_table() {
    expect(
        IdKind::Nik,
        "9101011708080001",
        Verdict::Warning,
        Some("nik.wilayah_lama"),
    );
    expect(
        IdKind::Nik,
        "3199011708080001",
        Verdict::Invalid,
        Some("nik.wilayah_tidak_dikenal"),
    );
    expect(
        IdKind::Nik,
        "0017011708080001",
        Verdict::Invalid,
        Some("nik.provinsi_tidak_valid"),
    );
    expect(
        IdKind::Nik,
        "3517013504080001",
        Verdict::Invalid,
        Some("nik.tanggal_tidak_valid"),
    ); // day 35
    expect(
        IdKind::Nik,
        "3517017208080001",
        Verdict::Invalid,
        Some("nik.tanggal_tidak_valid"),
    ); // day 72
    expect(
        IdKind::Nik,
        "3517011713080001",
        Verdict::Invalid,
        Some("nik.tanggal_tidak_valid"),
    ); // month 13
    expect(IdKind::Nik, "3517012902000001", Verdict::Ok, None); // 29 Feb 2000
    expect(
        IdKind::Nik,
        "3517012902010001",
        Verdict::Invalid,
        Some("nik.tanggal_tidak_valid"),
    );
    // yy = 26 in December 2026 is after 30 Nov 2026, so 1926.
    assert_eq!(part(IdKind::Nik, "3273013112260001", "tanggal_lahir"), "1926-12-31");
    assert_eq!(part(IdKind::Nik, "3273010111260001", "tanggal_lahir"), "2026-11-01");
    // New 2022/2025 provinces are current.
    expect(IdKind::Nik, "9301010101900001", Verdict::Ok, None);
    // Separators are normalised; other characters are not.
    expect(IdKind::Nik, "3517 0117 0808 0001", Verdict::Ok, None);
    expect(IdKind::Nik, "3517-0117-0808-0001", Verdict::Ok, None);
    expect(
        IdKind::Nik,
        "327301010190000\u{b2}",
        Verdict::Invalid,
        Some("nik.karakter_tidak_valid"),
    );
    expect(
        IdKind::Nik,
        "327301\u{660}\u{661}\u{660}\u{661}\u{669}\u{660}0001",
        Verdict::Invalid,
        Some("nik.karakter_tidak_valid"),
    );
    expect(
        IdKind::Nik,
        "327301ABCDEFGHIJ",
        Verdict::Invalid,
        Some("nik.karakter_tidak_valid"),
    );
    expect(IdKind::Nik, "", Verdict::Invalid, Some("nik.kosong"));
}

// §1.2 worked examples and §7.2 rules 1-8.
#[test]
fn nomor_statistik() {
    let k = IdKind::NomorStatistik;
    expect(k, "510033110106", Verdict::Ok, None);
    assert!(part(k, "510033110106", "kab_kota").contains("SUKOHARJO"));
    expect(k, "5100.32.73.0145", Verdict::Ok, None);
    assert!(part(k, "5100.32.73.0145", "kab_kota").contains("BANDUNG"));
    expect(k, "51.2.32.06.26.002", Verdict::Warning, Some("nspp.format_lama"));
    expect(k, "512320626002", Verdict::Warning, Some("nspp.format_lama"));
    expect(k, "131135110001", Verdict::Ok, None);
    assert!(part(k, "131135110001", "kab_kota").contains("BONDOWOSO"));
    assert_eq!(part(k, "131135110001", "status"), "1 NEGERI");
    expect(k, "131235250041", Verdict::Ok, None);
    expect(k, "131118010001", Verdict::Ok, None);
    expect(
        k,
        "51003273014",
        Verdict::Invalid,
        Some("nomor_statistik.panjang_salah"),
    ); // rule 1
    expect(
        k,
        "131335250041",
        Verdict::Invalid,
        Some("nomor_statistik.status_tidak_valid"),
    ); // rule 2
    expect(k, "311232050001", Verdict::Ok, None); // rule 3 valid
    expect(
        k,
        "999232050001",
        Verdict::Warning,
        Some("nomor_statistik.jenis_tidak_dikenal"),
    );
    expect(k, "211232060001", Verdict::Ok, None); // rule 4 valid
    expect(
        k,
        "211132060001",
        Verdict::Warning,
        Some("nomor_statistik.status_harus_swasta"),
    );
    expect(k, "510035170001", Verdict::Ok, None); // rule 6 valid
    expect(
        k,
        "510035700001",
        Verdict::Invalid,
        Some("nomor_statistik.wilayah_tidak_valid"),
    );
    expect(
        k,
        "510000170001",
        Verdict::Invalid,
        Some("nomor_statistik.wilayah_tidak_valid"),
    );
    expect(
        k,
        "510035980001",
        Verdict::Warning,
        Some("nomor_statistik.wilayah_tidak_dikenal"),
    );
    expect(
        k,
        "510035170000",
        Verdict::Invalid,
        Some("nomor_statistik.nomor_urut_nol"),
    ); // rule 8
    let n = id::NomorStatistik::parse("311232050001").unwrap();
    assert_eq!(n.lembaga_kind(), Some(emis_core::model::LembagaKind::Mdt));
    assert_eq!(n.kab_kota(), 3205);
}

#[test]
fn npsn_nisn_kk_nuptk() {
    expect(IdKind::Npsn, "20320271", Verdict::Ok, None);
    expect(IdKind::Npsn, "2032027", Verdict::Invalid, Some("npsn.panjang_salah"));
    expect(IdKind::Nisn, "0081234567", Verdict::Ok, None);
    expect(IdKind::Nisn, "1251234567", Verdict::Ok, None); // prefix is a record-level warning
    expect(IdKind::Nisn, "008123456", Verdict::Invalid, Some("nisn.panjang_salah"));
    expect(
        IdKind::Nisn,
        "00812345AB",
        Verdict::Invalid,
        Some("nisn.karakter_tidak_valid"),
    );
    assert!(id::Nisn::parse("0081234567").unwrap().matches_birth_year(2008));
    assert!(!id::Nisn::parse("1251234567").unwrap().matches_birth_year(2008));
    expect(IdKind::Kk, "3205011203240003", Verdict::Ok, None);
    expect(
        IdKind::Kk,
        "320501120324000",
        Verdict::Invalid,
        Some("kk.panjang_salah"),
    );
    expect(
        IdKind::Kk,
        "0005011203240003",
        Verdict::Invalid,
        Some("kk.wilayah_tidak_valid"),
    );
    expect(IdKind::Nuptk, "1234567890123456", Verdict::Ok, None);
    expect(
        IdKind::Nuptk,
        "123456789012345",
        Verdict::Invalid,
        Some("nuptk.panjang_salah"),
    );
}

// §3 and §7.2 rules 30-31.
#[test]
fn nip() {
    let k = IdKind::Nip;
    expect(k, "199001012020121001", Verdict::Ok, None);
    let n = id::Nip::parse("199001012020121001").unwrap();
    assert_eq!(n.birth_date(), Date::new(1990, 1, 1));
    assert_eq!((n.tmt_year(), n.tmt_month()), (2020, Some(12)));
    assert_eq!(n.kind(), id::nip::NipKind::Pns);
    assert_eq!(n.serial(), 1);
    expect(k, "199203152019032001", Verdict::Ok, None);
    assert_eq!(
        id::Nip::parse("199203152019032001").unwrap().jenis_kelamin(),
        id::nik::JenisKelamin::P
    );
    expect(
        k,
        "199013012020121001",
        Verdict::Invalid,
        Some("nip.tanggal_lahir_tidak_valid"),
    );
    expect(
        k,
        "199001012020123001",
        Verdict::Invalid,
        Some("nip.jenis_kelamin_tidak_valid"),
    );
    expect(k, "199005052023211001", Verdict::Warning, Some("nip.pppk"));
    assert_eq!(
        id::Nip::parse("199005052023211001").unwrap().kind(),
        id::nip::NipKind::Pppk
    );
    expect(k, "199001012020121000", Verdict::Invalid, Some("nip.nomor_urut_nol"));
    expect(k, "199001012005121001", Verdict::Warning, Some("nip.tmt_terlalu_dini"));
    expect(k, "19900101 202012 1 001", Verdict::Ok, None);
}

// §1.4 and rule 29.
#[test]
fn nism() {
    expect(IdKind::Nism, "311232050001240007", Verdict::Ok, None);
    assert_eq!(part(IdKind::Nism, "311232050001240007", "tahun_masuk"), "24");
    expect(
        IdKind::Nism,
        "311232050001240000",
        Verdict::Warning,
        Some("nism.nomor_urut_nol"),
    );
    expect(
        IdKind::Nism,
        "31123205000124000",
        Verdict::Invalid,
        Some("nism.panjang_salah"),
    );
}

#[test]
fn typed_parse_and_masking() {
    let nik = id::Nik::parse("3517011708080001").unwrap();
    assert_eq!(nik.as_str(), "3517011708080001");
    assert_eq!(format!("{nik:?}"), "Nik(3517**********01)");
    assert_eq!(nik.to_string(), "3517**********01");
    let err = id::Nik::parse("3517013002080001").unwrap_err();
    assert!(!err.to_string().contains("3517013002080001"));
    assert!(err.to_string().starts_with("NIK tidak valid"), "{err}");
    assert_eq!(err.codes(), ["nik.tanggal_tidak_valid"]);
    let json = serde_json::to_string(&nik).unwrap();
    assert_eq!(json, "\"3517011708080001\"");
    assert!(serde_json::from_str::<id::Nik>("\"3517013002080001\"").is_err());
    // Public institution numbers are not masked.
    assert_eq!(
        id::NomorStatistik::parse("510033110106").unwrap().to_string(),
        "510033110106"
    );
}
