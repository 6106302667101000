#![no_main]
//! Arbitrary CSV-like rows (cells split on tabs, `key=value`) through the flat readers.
use emis_core::date::Date;
use emis_core::model::{Gtk, Santri};
use emis_core::rules::{validate_gtk_list, validate_santri_list, RuleContext};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let cells: Vec<(&str, &str)> = s.split('\t').filter_map(|c| c.split_once('=')).collect();
    let ctx = RuleContext::new(Date::new(2026, 11, 30).unwrap());
    let santri = Santri::from_flat(cells.iter().copied());
    let _ = validate_santri_list(&[santri.clone(), santri], &ctx);
    let _ = validate_gtk_list(&[Gtk::from_flat(cells.iter().copied())], &ctx);
});
