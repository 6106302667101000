#![no_main]
//! One identifier parser on arbitrary UTF-8: no panic; the fast path, the typed parse and the
//! full check agree (NIP: on the same day).
use emis_core::date::Date;
use emis_core::id::{self, CheckOptions, IdKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let today = Date::new(2026, 11, 30).unwrap();
    let r = id::check(IdKind::Nism, s, &CheckOptions::new(today));
    assert_eq!(r.is_valid(), id::is_valid_on(IdKind::Nism, s, today));
    assert_eq!(id::normalize(IdKind::Nism, s).is_some() || !r.is_valid(), true);
});
