//! The exported functions, called from Rust under node (`cargo test -p emis-wasm --target
//! wasm32-unknown-unknown`; the runner is set in `.cargo/config.toml`). The JS-side tests in
//! `js-tests/` cover the built npm packages.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test as test;

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).expect("property")
}

fn codes(v: &JsValue) -> Vec<String> {
    Array::from(&get(v, "codes"))
        .iter()
        .filter_map(|c| c.as_string())
        .collect()
}

fn opts(today: &str) -> JsValue {
    let o = Object::new();
    Reflect::set(&o, &"today".into(), &today.into()).unwrap();
    o.into()
}

fn is_plain_object(v: &JsValue) -> bool {
    v.is_object() && Object::get_prototype_of(v) == Object::get_prototype_of(&Object::new())
}

fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}

#[test]
fn valid_nik_gives_a_plain_object_with_parts() {
    let r = emis_wasm::check_nik("3517011708080001".into(), opts("2026-11-30")).unwrap();
    assert!(is_plain_object(&r));
    assert_eq!(get(&r, "valid"), JsValue::TRUE);
    assert_eq!(get(&r, "severity"), "ok");
    assert_eq!(get(&r, "kind"), "nik");
    assert_eq!(get(&r, "valueMasked"), "3517**********01");
    let parts = get(&r, "parts");
    assert!(is_plain_object(&parts));
    assert_eq!(get(&parts, "jenis_kelamin"), "L");
    assert_eq!(get(&parts, "tanggal_lahir"), "2008-08-17");
}

#[test]
fn invalid_niks_carry_their_codes() {
    for (nik, code) in [
        ("3517013002080001", "nik.tanggal_tidak_valid"),
        ("3517011708080000", "nik.nomor_urut_nol"),
        ("351701170808001", "nik.panjang_salah"),
        ("3570011708080001", "nik.kabkota_tidak_valid"),
        ("3199011708080001", "nik.wilayah_tidak_dikenal"),
    ] {
        let r = emis_wasm::check_nik(nik.into(), JsValue::UNDEFINED).unwrap();
        assert_eq!(get(&r, "valid"), JsValue::FALSE, "{nik}");
        assert!(codes(&r).iter().any(|c| c == code), "{nik}: {:?}", codes(&r));
        let text = js_sys::JSON::stringify(&get(&r, "issues"))
            .unwrap()
            .as_string()
            .unwrap();
        assert!(!text.contains(nik), "input leaked: {text}");
    }
    let retired = emis_wasm::check("nik".into(), "9101011708080001".into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&retired, "valid"), JsValue::TRUE);
    assert_eq!(get(&retired, "severity"), "warning");
    assert_eq!(codes(&retired), ["nik.wilayah_lama"]);
}

#[test]
fn wrong_argument_types_throw_real_errors() {
    let e = emis_wasm::check_nik(JsValue::from_f64(3517011708080001.0), JsValue::UNDEFINED).unwrap_err();
    assert!(e.is_instance_of::<js_sys::Error>());
    assert!(e.is_instance_of::<js_sys::TypeError>());
    assert_eq!(get(&e, "name"), "EmisInputError");
    assert_eq!(get(&e, "code"), "input.bukan_string");

    let e = emis_wasm::check("paspor".into(), "1".into(), JsValue::UNDEFINED).unwrap_err();
    assert!(e.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&e, "code"), "input.jenis_tidak_dikenal");

    let e = emis_wasm::check_nik("3517011708080001".into(), opts("kemarin")).unwrap_err();
    assert_eq!(get(&e, "code"), "input.opsi_tidak_valid");
    assert_eq!(get(&e, "option"), "today");
}

#[test]
fn parse_returns_digits_or_throws_a_validation_error() {
    assert_eq!(
        emis_wasm::parse_nik(" 3517 0117 0808 0001 ".into()).unwrap(),
        "3517011708080001"
    );
    let e = emis_wasm::parse("nik".into(), "3517013002080001".into()).unwrap_err();
    let err: &js_sys::Error = e.dyn_ref().expect("an Error");
    assert_eq!(err.name(), "EmisValidationError");
    assert_eq!(get(&e, "code"), "nik.tanggal_tidak_valid");
    assert_eq!(codes(&e), ["nik.tanggal_tidak_valid"]);
    let msg: String = err.message().into();
    assert!(!msg.contains("3517013002080001"), "{msg}");
}

#[test]
fn packed_batch_agrees_with_single_checks() {
    let values = [
        "3517011708080001",
        "x",
        "351701170808000\u{661}",
        " 3517011708080001 ",
        "3273014503100002",
    ];
    let joined: String = values.concat();
    let lens: Vec<u32> = values
        .iter()
        .map(|v| v.encode_utf16().count() as u32)
        .chain([u32::MAX])
        .collect();
    let got = emis_wasm::is_valid_packed("nik".into(), joined.as_bytes(), &lens).unwrap();
    let want: Vec<u8> = values
        .iter()
        .map(|v| {
            let r = emis_wasm::check_nik((*v).into(), JsValue::UNDEFINED).unwrap();
            u8::from(get(&r, "valid") == JsValue::TRUE)
        })
        .chain([0])
        .collect();
    assert_eq!(got, want);
    assert_eq!(got, [1, 0, 0, 1, 1, 0]);
}

#[test]
fn validate_santri_flat_and_nested() {
    let records = json(
        r#"[
          {"full_name": "Ahmad Fauzi", "nik": "3517011708080001", "birth_date": "2008-08-17",
           "birth_place": "JOMBANG", "m_gender": "L", "status_mukim": "mukim",
           "mother_full_name": "Siti Aminah"},
          {"full_name": "Budi", "nik": "3517013002080001", "birth_date": "2008-02-30",
           "parents": {"mother_full_name": "Bunda"}}
        ]"#,
    );
    let r = emis_wasm::validate_santri(records, opts("2026-11-30")).unwrap();
    assert!(is_plain_object(&r));
    assert_eq!(get(&r, "valid"), JsValue::FALSE);
    let issues = Array::from(&get(&r, "issues"));
    let at = |path: &str, code: &str| {
        issues
            .iter()
            .any(|i| get(&i, "path") == path && get(&i, "code") == code)
    };
    assert!(at("[1].nik", "nik.tanggal_tidak_valid"));
    assert!(at("[1].parents.mother_full_name", "nama_ibu.placeholder"));
    assert!(
        !issues
            .iter()
            .any(|i| get(&i, "path").as_string().unwrap().starts_with("[0]"))
    );

    let e = emis_wasm::validate_santri(json(r#"[{}, "3517011708080001", [1]]"#), JsValue::UNDEFINED).unwrap_err();
    assert!(e.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&e, "code"), "input.bukan_objek");
    assert_eq!(get(&e, "path"), "[1]");
    assert_eq!(Array::from(&get(&e, "issues")).length(), 2);
}

#[test]
fn catalogue_and_version() {
    let rules = Array::from(&emis_wasm::rules());
    assert!(rules.length() > 50);
    assert!(rules.iter().any(|r| get(&r, "code") == "nik.tanggal_tidak_valid"));
    assert_eq!(emis_wasm::version(), env!("CARGO_PKG_VERSION"));
}
