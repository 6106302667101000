#![no_main]
//! Arbitrary JSON through the record readers and the rules: errors allowed, panics not.
use emis_core::date::Date;
use emis_core::model::{Gtk, Santri};
use emis_core::rules::{validate_gtk_list, validate_santri_list, RuleContext};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    let ctx = RuleContext::new(Date::new(2026, 11, 30).unwrap());
    if let Ok(s) = Santri::from_value(&v) {
        let _ = validate_santri_list(&[s], &ctx);
    }
    if let Ok(g) = Gtk::from_value(&v) {
        let _ = validate_gtk_list(&[g], &ctx);
    }
});
