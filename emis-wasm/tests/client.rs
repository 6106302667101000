//! The injected clock and sleep, the error mapping and `EmisClient`'s argument checks, under
//! node (`cargo test -p emis-wasm --target wasm32-unknown-unknown`). No server: calls against
//! the simulator are in `js-tests/client.test.cjs`.
#![cfg(target_arch = "wasm32")]

use emis_core::Error;
use emis_core::transport::{Clock, Sleep};
use emis_wasm::client::Client;
use emis_wasm::{JsClock, JsSleep};
use js_sys::{Promise, Reflect};
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test as test;

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).expect("property")
}

fn message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().expect("an Error").message().into()
}

fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}

#[test]
fn js_clock_reads_date_now() {
    let d = (JsClock.now_unix_ms() as f64 - js_sys::Date::now()).abs();
    assert!(d < 1000.0, "{d}");
}

#[test]
async fn js_sleep_waits_on_set_timeout() {
    let start = js_sys::Date::now();
    JsSleep.sleep(Duration::from_millis(60)).await;
    let waited = js_sys::Date::now() - start;
    assert!(waited >= 50.0, "woke after {waited} ms");
    JsSleep.sleep(Duration::ZERO).await;
}

#[test]
fn core_errors_become_emis_api_errors() {
    let e = emis_wasm::error::api(
        &Error::Http {
            status: 503,
            request_id: Some("req-1".into()),
            message: "Service Unavailable".into(),
        },
        &[],
    );
    assert!(e.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&e, "name"), "EmisApiError");
    assert_eq!(get(&e, "code"), "http");
    assert_eq!(get(&e, "status"), JsValue::from(503));
    assert_eq!(get(&e, "requestId"), "req-1");

    let exhausted = Error::RetriesExhausted {
        attempts: 3,
        last: Box::new(Error::RateLimited {
            retry_after: Some(Duration::from_secs(2)),
        }),
    };
    let e = emis_wasm::error::api(&exhausted, &[]);
    assert_eq!(get(&e, "code"), "retries_exhausted");
    assert_eq!(get(&e, "rootCode"), "rate_limited");
    assert_eq!(get(&e, "attempts"), JsValue::from(3));
    assert_eq!(get(&e, "status"), JsValue::from(429));
    assert_eq!(get(&e, "retryAfterMs"), JsValue::from(2000));

    let e = emis_wasm::error::api(&Error::Auth("salah".into()), &[]);
    assert_eq!(get(&e, "code"), "auth");
    assert!(get(&e, "status").is_undefined());
}

#[test]
fn messages_carry_no_secret_and_no_data_value() {
    let e = emis_wasm::error::api(
        &Error::Auth("token hunter22-xyz ditolak".into()),
        &["hunter22-xyz", "ab"],
    );
    let m = message(&e);
    assert!(!m.contains("hunter22-xyz") && m.contains("***"), "{m}");
    let decode = Error::Decode {
        path: "results[0].nik".into(),
        message: "invalid type: string \"3517011708080001\", expected u64".into(),
    };
    for err in [
        decode.clone(),
        Error::RetriesExhausted {
            attempts: 2,
            last: Box::new(decode),
        },
    ] {
        let e = emis_wasm::error::api(&err, &[]);
        let m = message(&e);
        assert!(!m.contains("3517011708080001"), "{m}");
        assert_eq!(get(&e, "path"), "results[0].nik");
    }
}

#[test]
fn the_constructor_checks_its_options() {
    for (options, option) in [
        (r#"{"baseUrl": "http://127.0.0.1:1"}"#, "credentials"),
        (
            r#"{"baseUrl": "http://127.0.0.1:1", "token": "abcd", "publicKey": "k"}"#,
            "credentials",
        ),
        (r#"{"baseUrl": "http://127.0.0.1:1", "publicKey": "k"}"#, "privateKey"),
        (r#"{"baseUrl": "bukan url", "token": "abcd"}"#, "baseUrl"),
        (r#"{"baseUrl": "http://u:p@127.0.0.1", "token": "abcd"}"#, "baseUrl"),
        (
            r#"{"baseUrl": "http://127.0.0.1:1", "simpegBaseUrl": "file:///x", "token": "abcd"}"#,
            "simpegBaseUrl",
        ),
        (
            r#"{"baseUrl": "http://127.0.0.1:1", "timeoutMs": 3e9, "token": "abcd"}"#,
            "timeoutMs",
        ),
        (
            r#"{"baseUrl": "http://127.0.0.1:1", "maxAttempts": 0, "token": "abcd"}"#,
            "maxAttempts",
        ),
    ] {
        let e = Client::new(json(options))
            .err()
            .unwrap_or_else(|| panic!("accepted {options}"));
        assert!(e.is_instance_of::<js_sys::TypeError>(), "{options}");
        assert_eq!(get(&e, "name"), "EmisInputError", "{options}");
        assert_eq!(get(&e, "code"), "input.opsi_tidak_valid", "{options}");
        assert_eq!(get(&e, "option"), option, "{options}");
    }
    let e = Client::new(JsValue::from_str("http://127.0.0.1:1"))
        .err()
        .expect("a string is not options");
    assert_eq!(get(&e, "code"), "input.bukan_objek");
    let c = Client::new(json(r#"{"baseUrl": "http://127.0.0.1:1", "token": "rahasia-token"}"#)).expect("client");
    assert!(!c.to_js_string().contains("rahasia-token"), "{}", c.to_js_string());
}

async fn rejected(p: Promise) -> JsValue {
    JsFuture::from(p).await.expect_err("expected a rejection")
}

#[test]
async fn calls_reject_with_errors() {
    let c = Client::new(json(
        r#"{"baseUrl": "http://127.0.0.1:1", "token": "rahasia-token", "maxAttempts": 1}"#,
    ))
    .expect("client");
    let e = rejected(c.santri_page(JsValue::from(0), JsValue::from(10))).await;
    assert!(e.is_instance_of::<js_sys::RangeError>());
    assert_eq!(get(&e, "code"), "input.bukan_bilangan_bulat");
    let e = rejected(c.simpeg_lookup("199001012020121000".into())).await;
    assert_eq!(get(&e, "name"), "EmisValidationError");
    assert!(c.traffic().is_object());
    assert_eq!(
        get(&c.traffic(), "requests"),
        JsValue::from(0),
        "bad arguments reached the network"
    );
    // Nothing listens on port 1: a failed fetch (`network_or_cors`: a page cannot tell the
    // network from CORS), not retried (maxAttempts 1), with a fixed message.
    let e = rejected(c.periods()).await;
    assert!(e.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&e, "name"), "EmisApiError");
    assert_eq!(get(&e, "code"), "network_or_cors");
    assert!(message(&e).starts_with("Tidak dapat menghubungi server EMIS"));
    assert!(!message(&e).contains("rahasia-token"));
    assert_eq!(get(&c.traffic(), "requests"), JsValue::from(1));
}
