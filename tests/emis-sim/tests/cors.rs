//! `cors_origin` / `--cors-origin`: preflight answered for the one allowed origin, headers on
//! real answers, nothing for another origin or without the option. Real loopback sockets.

mod common;

use common::*;
use emis_sim::Simulator;
use reqwest::{Method, StatusCode};

const PAGE: &str = "http://127.0.0.1:5173";

async fn preflight(sim: &emis_sim::SimHandle, origin: &str) -> reqwest::Response {
    http()
        .request(Method::OPTIONS, format!("{}{STUDENT_LIST}", sim.base_url()))
        .header("origin", origin)
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "authorization")
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn preflight_and_answers_carry_cors_headers_for_the_allowed_origin_only() {
    let sim = start(Simulator::builder().cors_origin(PAGE)).await;
    let pre = preflight(&sim, PAGE).await;
    assert_eq!(pre.status(), StatusCode::NO_CONTENT);
    assert_eq!(pre.headers()["access-control-allow-origin"], PAGE);
    let allow_headers = pre.headers()["access-control-allow-headers"].to_str().unwrap();
    assert!(allow_headers.contains("authorization") && allow_headers.contains("idempotency-key"));
    assert!(
        pre.headers()["access-control-allow-methods"]
            .to_str()
            .unwrap()
            .contains("POST")
    );

    // A real answer (here a 401 without a token) carries the origin and the exposed headers.
    let r = http()
        .get(format!("{}{STUDENT_LIST}", sim.base_url()))
        .header("origin", PAGE)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(r.headers()["access-control-allow-origin"], PAGE);
    assert!(
        r.headers()["access-control-expose-headers"]
            .to_str()
            .unwrap()
            .contains("retry-after")
    );

    // Another origin: no CORS header, and the preflight is not answered 204.
    let other = preflight(&sim, "http://127.0.0.1:9999").await;
    assert_ne!(other.status(), StatusCode::NO_CONTENT);
    assert!(!other.headers().contains_key("access-control-allow-origin"));
}

#[tokio::test]
async fn without_the_option_no_cors_header_is_sent() {
    let sim = start_default().await;
    let pre = preflight(&sim, PAGE).await;
    assert!(!pre.headers().contains_key("access-control-allow-origin"));
}
