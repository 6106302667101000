#![no_main]
//! The export CSV reader and diff on arbitrary bytes split in two files: errors allowed,
//! panics not; diffing a file with itself finds no change.
use emis_core::export::{DiffOptions, diff_csv};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mid = data.len() / 2;
    let (a, b) = data.split_at(mid);
    let opts = DiffOptions::default();
    let _ = diff_csv(a, b, &opts);
    if let Ok(d) = diff_csv(a, a, &opts) {
        assert_eq!(d.changed, 0);
        assert_eq!(d.only_a, 0);
        assert_eq!(d.only_b, 0);
    }
});
