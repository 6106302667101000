use super::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn base_codes_line_up_with_the_catalogue() {
    for kind in IdKind::ALL {
        let p = kind.code_prefix();
        assert_eq!(base_code(kind, 0).as_str(), format!("{p}.kosong"));
        assert_eq!(base_code(kind, 1).as_str(), format!("{p}.karakter_tidak_valid"));
        assert_eq!(base_code(kind, 2).as_str(), format!("{p}.panjang_salah"));
    }
}

/// A few values per kind: valid, with warnings, invalid, unreadable, with separators.
fn samples() -> Vec<(IdKind, &'static str)> {
    let per_kind: &[(IdKind, &[&str])] = &[
        (
            IdKind::Nik,
            &[
                "3517011708080001",
                " 3517 0117-0808.0001 ",
                "9101011708080001",
                "3517013002080001",
                "3199011708080001",
                "351701170808001",
                "",
                "327301010190000\u{b2}",
            ],
        ),
        (
            IdKind::Kk,
            &["3205011203240003", "0005011203240003", "3205 0112 0324 0003"],
        ),
        (IdKind::Nisn, &["0081234567", "1251234567", "008123456", "00812345AB"]),
        (
            IdKind::Nip,
            &[
                "199001012020121001",
                "19900101 202012 1 001",
                "199005052023211001",
                "199013012020121001",
                "209001012091011001",
            ],
        ),
        (IdKind::Nuptk, &["1234567890123456", "123456789012345"]),
        (
            IdKind::NomorStatistik,
            &["510033110106", "5100.32.73.0145", "311232050001", "51003311010"],
        ),
        (IdKind::Npsn, &["20320271", "2032027"]),
        (
            IdKind::Nism,
            &["311232050001240007", "311232050001240000", "31123205000124000x"],
        ),
    ];
    per_kind
        .iter()
        .flat_map(|(k, vs)| vs.iter().map(move |v| (*k, *v)))
        .collect()
}

fn opts() -> CheckOptions {
    CheckOptions::new(Date::new(2026, 11, 30).unwrap())
}

#[test]
fn kinds_are_found_by_every_name() {
    for kind in IdKind::ALL {
        assert_eq!(IdKind::from_name(kind.name()), Some(kind));
        assert_eq!(IdKind::from_name(kind.code_prefix()), Some(kind));
        assert_eq!(
            IdKind::from_name(&format!(" {} ", kind.name().to_uppercase())),
            Some(kind)
        );
        for alias in kind.aliases() {
            assert_eq!(IdKind::from_name(alias), Some(kind), "{alias}");
        }
        let names: Vec<&str> = kind.names().collect();
        assert_eq!(names[0], kind.name());
        for (i, n) in names.iter().enumerate() {
            assert_eq!(IdKind::from_name(n), Some(kind), "{n}");
            assert!(!names[..i].contains(n), "{n} twice");
        }
        assert!(!kind.description().is_empty());
    }
    assert_eq!(
        IdKind::NomorStatistik.names().collect::<Vec<_>>(),
        ["nspp", "nomor_statistik", "nsm", "nsmdt", "nsdt", "statistic_num"]
    );
    assert_eq!(IdKind::Nik.names().collect::<Vec<_>>(), ["nik"]);
    assert_eq!(IdKind::from_name("ktp"), None);
    assert_eq!(IdKind::from_name(""), None);
    assert_eq!(
        IdKind::name_list(", ", " atau "),
        "nik, kk, nisn, nip, nuptk, nspp, npsn atau nism"
    );
    assert_eq!(IdKind::Nik.bad_char_code(), "nik.karakter_tidak_valid");
    assert!(!IdKind::Nisn.may_warn());
    assert!(IdKind::NomorStatistik.may_warn());
    assert!(IdKind::Nik.may_warn());
    assert!(IdKind::Nip.may_warn());
}

#[test]
fn value_masked_is_the_normalised_digits_masked_for_persons() {
    for (kind, v) in samples() {
        let r = check(kind, v, &opts());
        let want = normalize(kind, v).map(|d| {
            if kind.is_personal() {
                crate::pii::mask_number(&d)
            } else {
                d
            }
        });
        assert_eq!(r.value_masked(), want.as_deref(), "{kind:?} {v:?}");
    }
    let r = check(IdKind::Nik, " 3517 0117-0808.0001 ", &opts());
    assert_eq!(r.value_masked(), Some("3517**********01"));
    assert_eq!(
        check(IdKind::NomorStatistik, "5100.32.73.0145", &opts()).value_masked(),
        Some("510032730145")
    );
    assert_eq!(check(IdKind::Nik, "abc", &opts()).value_masked(), None);
    // Not serialised: the JSON of a report keeps its shape.
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(
        json.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["issues", "kind", "parts", "verdict"]
    );
}

#[test]
fn masked_parts_hide_what_the_mask_hides() {
    let r = check(IdKind::Nik, "3273014503100002", &opts());
    let parts = r.masked_parts();
    let get = |name: &str| parts.iter().find(|p| p.name == name).map(|p| p.value.as_str());
    assert_eq!(get("tanggal_lahir"), Some("**********"));
    assert_eq!(get("nomor_urut"), Some("****"));
    assert_eq!(get("jenis_kelamin"), Some("P"));
    assert_eq!(parts.len(), r.parts.len());
    let ns = check(IdKind::NomorStatistik, "510033110106", &opts());
    assert_eq!(ns.masked_parts(), ns.parts);
}

#[test]
fn parse_agrees_with_check_and_normalize() {
    for (kind, v) in samples() {
        match parse(kind, v) {
            Ok(digits) => {
                assert_eq!(Some(digits), normalize(kind, v), "{kind:?} {v:?}");
                assert!(
                    issues(kind, v)
                        .iter()
                        .all(|i| i.severity != crate::catalog::Severity::Invalid)
                );
            }
            Err(e) => {
                assert_eq!(e.kind, kind);
                assert_eq!(e.issues, issues(kind, v), "{kind:?} {v:?}");
            }
        }
    }
    assert_eq!(
        parse(IdKind::NomorStatistik, "5100.33.11.0106").unwrap(),
        "510033110106"
    );
    assert_eq!(
        parse(IdKind::Nik, "3517013002080001").unwrap_err().codes(),
        ["nik.tanggal_tidak_valid"]
    );
}

#[test]
fn validity_loops_get_the_kinds_test() {
    struct Collect<'a>(&'a [(IdKind, &'a str)]);
    impl ValidityLoop for Collect<'_> {
        type Output = Vec<bool>;
        fn run<F: Fn(&str) -> bool + Copy>(self, is_valid: F) -> Vec<bool> {
            self.0.iter().map(|(_, v)| is_valid(v)).collect()
        }
    }
    let today = opts().today;
    for kind in IdKind::ALL {
        let values: Vec<(IdKind, &str)> = samples().into_iter().filter(|(k, _)| *k == kind).collect();
        let dated = with_validity_test(kind, Some(today), Collect(&values));
        let undated = with_validity_test(kind, None, Collect(&values));
        for (i, (_, v)) in values.iter().enumerate() {
            assert_eq!(dated[i], check(kind, v, &opts()).is_valid(), "{kind:?} {v:?}");
            assert_eq!(dated[i], is_valid_on(kind, v, today), "{kind:?} {v:?}");
            assert_eq!(undated[i], is_valid(kind, v), "{kind:?} {v:?}");
        }
    }
    // A NIP born in 2090: only the dated test knows it is in the future.
    let future = [(IdKind::Nip, "209001012091011001")];
    assert_eq!(with_validity_test(IdKind::Nip, Some(today), Collect(&future)), [false]);
    assert_eq!(with_validity_test(IdKind::Nip, None, Collect(&future)), [true]);
}

#[test]
fn issues_on_agrees_with_check() {
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut values = samples();
    // Random variations of the samples: a digit changed, dropped, a separator added.
    for (kind, v) in samples() {
        for _ in 0..200 {
            let mut s: Vec<char> = v.chars().collect();
            if s.is_empty() {
                continue;
            }
            let i = (next() % s.len() as u64) as usize;
            match next() % 3 {
                0 => s[i] = char::from(b'0' + (next() % 10) as u8),
                1 => {
                    s.remove(i);
                }
                _ => s.insert(i, ' '),
            }
            values.push((kind, Box::leak(s.into_iter().collect::<String>().into_boxed_str())));
        }
    }
    for (kind, v) in values {
        for include_input in [false, true] {
            let mut o = opts();
            o.include_input = include_input;
            assert_eq!(issues_on(kind, v, &o), check(kind, v, &o).issues, "{kind:?} {v:?}");
        }
    }
}

#[test]
fn normaliser() {
    assert_eq!(
        &digits::<12>(IdKind::NomorStatistik, "5100.32.73.0145").unwrap(),
        b"510032730145"
    );
    assert_eq!(
        &digits::<16>(IdKind::Nik, " 3517 0117 0808 0001 ").unwrap(),
        b"3517011708080001"
    );
    assert_eq!(digits::<16>(IdKind::Nik, "").unwrap_err().code, "nik.kosong");
    assert_eq!(digits::<16>(IdKind::Nik, "   ").unwrap_err().code, "nik.kosong");
    assert_eq!(
        digits::<16>(IdKind::Nik, "327301010190000\u{b2}").unwrap_err().code,
        "nik.karakter_tidak_valid"
    );
    assert_eq!(
        digits::<16>(IdKind::Nik, "327301\u{660}\u{661}0101900001")
            .unwrap_err()
            .code,
        "nik.karakter_tidak_valid"
    );
    assert_eq!(
        digits::<16>(IdKind::Nik, "327301ABCDEFGHIJ").unwrap_err().code,
        "nik.karakter_tidak_valid"
    );
    assert_eq!(
        digits::<16>(IdKind::Nik, "351701170808001").unwrap_err().code,
        "nik.panjang_salah"
    );
    let huge = "1".repeat(10_000_000);
    assert_eq!(digits::<16>(IdKind::Nik, &huge).unwrap_err().code, "nik.panjang_salah");
}

#[test]
fn a_clean_nik_is_valid_with_no_issue_and_nothing_else_is_clean() {
    let samples = [
        "3517011708080001",    // valid, current region
        "9101011708080001",    // retired region: valid with a warning
        "3517 0117 0808 0001", // valid after normalisation, not plain digits
        "3517013002080001",    // 30 February
        "351701170808000",     // 15 digits
        "",
    ];
    for s in samples {
        let clean = nik::is_valid(s) && nik::issues(s).is_empty() && s.len() == 16;
        assert_eq!(nik::is_clean(s), clean, "{s:?}");
    }
    assert!(nik::is_clean("3517011708080001"));
}
