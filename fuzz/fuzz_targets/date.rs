#![no_main]
use emis_core::date::Date;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        if let Ok(d) = Date::parse(s) {
            // Whatever parses prints back as ISO and parses again to the same date.
            assert_eq!(Date::parse(&d.to_string()), Ok(d));
        }
    }
});
