#![no_main]
//! Every identifier parser on arbitrary UTF-8: no panic, fast path agrees with the full check.
use emis_core::date::Date;
use emis_core::id::{self, CheckOptions, IdKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let opts = CheckOptions::new(Date::new(2026, 11, 30).unwrap());
    for kind in IdKind::ALL {
        let r = id::check(kind, s, &opts);
        if kind != IdKind::Nip {
            assert_eq!(r.is_valid(), id::is_valid(kind, s), "{kind:?}");
        }
        for i in &r.issues {
            let _ = i.message(emis_core::Lang::Id);
        }
    }
    let _ = emis_core::model::parse_kelas(s);
});
