//! No string crashes or hangs a parser; fast paths agree with full checks.
#![cfg(not(target_arch = "wasm32"))]

use emis_core::date::Date;
use emis_core::id::{self, CheckOptions, IdKind};
use emis_core::model::{Gtk, Santri};
use emis_core::rules::{RuleContext, validate_gtk_list, validate_santri_list};
use proptest::prelude::*;

fn opts() -> CheckOptions {
    CheckOptions::new(Date::new(2026, 11, 30).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]

    #[test]
    fn any_string_any_kind(s in any::<String>()) {
        for kind in IdKind::ALL {
            let r = id::check(kind, &s, &opts());
            // NIP validity depends on today (future dates), the fast path does not.
            if kind != IdKind::Nip {
                prop_assert_eq!(r.is_valid(), id::is_valid(kind, &s));
            }
            for i in &r.issues {
                prop_assert!(i.rule().is_some(), "unknown code {}", i.code);
            }
        }
        let _ = Date::parse(&s);
        let _ = emis_core::model::parse_kelas(&s);
    }

    #[test]
    fn digit_strings(s in "[0-9 .\\-]{0,24}") {
        for kind in IdKind::ALL {
            let r = id::check(kind, &s, &opts());
            if kind != IdKind::Nip {
                prop_assert_eq!(r.is_valid(), id::is_valid(kind, &s));
            }
        }
    }

    #[test]
    fn nik_shaped(pp in 0u32..100, kk in 0u32..100, cc in 0u32..100, d in 0u32..100, m in 0u32..100, y in 0u32..100, s in 0u32..10000) {
        let nik = format!("{pp:02}{kk:02}{cc:02}{d:02}{m:02}{y:02}{s:04}");
        let r = id::check(IdKind::Nik, &nik, &opts());
        prop_assert_eq!(r.is_valid(), id::nik::is_valid(&nik));
        prop_assert_eq!(r.is_valid(), id::Nik::parse(&nik).is_ok());
        if r.is_valid() {
            let n = id::Nik::parse(&nik).unwrap();
            prop_assert!(n.birth_date(opts().today) <= opts().today);
        }
    }

    #[test]
    fn records_never_panic(cells in proptest::collection::vec(("[a-z_]{1,20}", any::<String>()), 0..12)) {
        let row: Vec<(&str, &str)> = cells.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let santri = Santri::from_flat(row.iter().copied());
        let gtk = Gtk::from_flat(row.iter().copied());
        let ctx = RuleContext::new(opts().today);
        let _ = validate_santri_list(&[santri.clone(), santri], &ctx);
        let _ = validate_gtk_list(&[gtk], &ctx);
    }

    #[test]
    fn json_records_never_panic(v in any_json()) {
        let _ = Santri::from_value(&v);
        let _ = Gtk::from_value(&v);
    }
}

fn any_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(serde_json::Value::from),
        ".{0,20}".prop_map(serde_json::Value::from),
    ];
    let keys = prop_oneof![
        Just("full_name".to_string()),
        Just("nik".to_string()),
        Just("m_gender".to_string()),
        Just("parents".to_string()),
        Just("learning_activity".to_string()),
        Just("birth_date".to_string()),
        Just("academic_year_id".to_string()),
        Just("study_group".to_string()),
        "[a-z_]{1,12}",
    ];
    leaf.prop_recursive(3, 32, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            proptest::collection::btree_map(keys.clone(), inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

#[test]
fn huge_inputs_are_rejected_quickly() {
    let huge = "9".repeat(50_000_000);
    for kind in IdKind::ALL {
        assert!(!id::check(kind, &huge, &opts()).is_valid());
        assert!(!id::is_valid(kind, &huge));
    }
    let s = Santri::from_flat([
        ("full_name", huge.as_str()),
        ("nik", huge.as_str()),
        ("birth_date", huge.as_str()),
    ]);
    assert!(!validate_santri_list(&[s], &RuleContext::new(opts().today)).is_valid());
}
