use super::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn diff(a: &str, b: &str) -> ExportDiff {
    diff_csv(a.as_bytes(), b.as_bytes(), &DiffOptions::default()).unwrap()
}

fn listing(max_keys: usize) -> DiffOptions {
    DiffOptions {
        max_keys,
        ..DiffOptions::default()
    }
}

fn counts(d: &ExportDiff) -> (u64, u64, u64, u64) {
    (d.only_a, d.only_b, d.changed, d.same)
}

fn per_column(d: &ExportDiff) -> Vec<(&str, u64)> {
    d.column_changes
        .iter()
        .map(|c| (c.column.as_str(), c.changed))
        .collect()
}

const A: &str = "\
nik,nama,kelas,status_mukim
3517011708080001,Ahmad Fauzi,7A,mukim
3517014508090002,Siti Aminah,8B,mukim
3517011203100003,Zaid,7A,tidak mukim
3517012511070004,Nur Hasanah,9C,mukim
";

#[test]
fn counts_added_removed_changed_and_same_rows() {
    let b = "\
nik,nama,kelas,status_mukim
3517011708080001,Ahmad Fauzi,7B,mukim
3517014508090002,Siti Aminah,8B,mukim
3517012511070004,Nur Hasanah,9C,tidak mukim
3517010101110005,Budi,7A,mukim
3517010202110006,Rina,7A,mukim
";
    let d = diff_csv(A.as_bytes(), b.as_bytes(), &listing(10)).unwrap();
    assert_eq!(counts(&d), (1, 2, 2, 1));
    assert_eq!(d.compared_columns, ["nama", "kelas", "status_mukim"]);
    assert_eq!(per_column(&d), [("nama", 0), ("kelas", 1), ("status_mukim", 1)]);
    assert_eq!(
        d.changed_keys,
        [
            ChangedKey {
                key: "3517**********01".into(),
                columns: vec!["kelas".into()],
            },
            ChangedKey {
                key: "3517**********04".into(),
                columns: vec!["status_mukim".into()],
            },
        ]
    );
    assert_eq!(d.only_a_keys, ["3517**********03"]);
    assert_eq!(d.only_b_keys, ["3517**********05", "3517**********06"]);
    assert_eq!((d.a.rows, d.b.rows, d.a.columns), (4, 5, 4));
    assert!(!d.is_identical());
    // Without max_keys, counts only.
    let d = diff(A, b);
    assert_eq!(counts(&d), (1, 2, 2, 1));
    assert!(d.changed_keys.is_empty() && d.only_a_keys.is_empty() && d.only_b_keys.is_empty());
}

#[test]
fn a_file_is_identical_to_itself_and_to_its_reformatted_copy() {
    let d = diff(A, A);
    assert_eq!(counts(&d), (0, 0, 0, 4));
    assert!(d.is_identical());
    // `;`, CRLF, a BOM, quotes, spaced NIKs, other column order, blank lines: still identical.
    let b = "\u{feff}kelas;\"nik\";nama;status_mukim\r\n\
             7A;3517 0117 0808 0001;\"Ahmad Fauzi\";mukim\r\n\
             \r\n\
             8B;3517.0145.0809.0002;Siti Aminah;\"mukim\"\r\n\
             7A;\"3517-0112-0310-0003\";Zaid;tidak mukim\r\n\
             9C;3517012511070004;Nur Hasanah;mukim\r\n\r\n";
    let d = diff(A, b);
    assert_eq!(counts(&d), (0, 0, 0, 4));
    assert_eq!((d.a.delimiter, d.b.delimiter), (',', ';'));
    assert_eq!(d.compared_columns, ["nama", "kelas", "status_mukim"]);
    assert!(d.is_identical());
}

#[test]
fn columns_on_one_side_only_are_listed_not_compared() {
    let b = "\
nik,kelas,nama,kode_desa
3517011708080001,7A,Ahmad Fauzi,3517012001
3517014508090002,8B,Siti Aminah,3517012002
3517011203100003,7A,Zaid,3517012003
3517012511070004,9C,Nur Hasanah,3517012004
";
    let d = diff(A, b);
    assert_eq!(counts(&d), (0, 0, 0, 4));
    assert_eq!(d.compared_columns, ["nama", "kelas"]);
    assert_eq!(d.columns_only_a, ["status_mukim"]);
    assert_eq!(d.columns_only_b, ["kode_desa"]);
    // Header names match trimmed and case-insensitively.
    let c = "NIK , Nama,KELAS\n3517011708080001,Ahmad Fauzi,7C\n";
    let d = diff(A, c);
    assert_eq!(counts(&d), (3, 0, 1, 0));
    assert_eq!(per_column(&d), [("nama", 0), ("kelas", 1)]);
}

#[test]
fn quoting_is_undone_before_comparing() {
    let a = "nik,nama,alamat\n1,\"Ahmad \"\"Udin\"\"\",\"Jl. Mawar, No. 5\nRT 01\"\n2,Siti,x\n";
    let b = "nik,nama,alamat\n1,\"Ahmad \"\"Udin\"\"\",\"Jl. Mawar, No. 5\nRT 01\"\n2,\"Siti\",\"x\"\n";
    assert_eq!(counts(&diff(a, b)), (0, 0, 0, 2));
    let c = "nik,nama,alamat\n1,\"Ahmad \"\"Udn\"\"\",\"Jl. Mawar, No. 5\nRT 01\"\n2,Siti,y\n";
    let d = diff(a, c);
    assert_eq!(counts(&d), (0, 0, 2, 0));
    assert_eq!(per_column(&d), [("nama", 1), ("alamat", 1)]);
    // Values are compared exactly: case and inner spaces count.
    let e = "nik,nama,alamat\n1,\"Ahmad \"\"Udin\"\"\",\"Jl. Mawar, No. 5\nRT 01\"\n2,siti,x \n";
    assert_eq!(per_column(&diff(a, e)), [("nama", 1), ("alamat", 1)]);
}

#[test]
fn duplicate_and_empty_keys_are_reported_not_merged() {
    let a = "\
nik,nama
3517011708080001,Ahmad
3517011708080001,Ahmad (dobel)
,Tanpa NIK
  ,Spasi saja
3517014508090002,Siti
3517014508090002,Siti
3517014508090002,Siti
";
    let b = "\
nik,nama
3517011708080001,Ahmad Fauzi
3517014508090002,Siti
\"\",Kosong
";
    let d = diff_csv(a.as_bytes(), b.as_bytes(), &listing(5)).unwrap();
    // The first row of each key is the one compared.
    assert_eq!(counts(&d), (0, 0, 1, 1));
    assert_eq!(
        (d.a.rows, d.a.duplicate_keys, d.a.duplicate_rows, d.a.empty_key_rows),
        (7, 2, 3, 2)
    );
    assert_eq!(d.a.duplicate_key_list, ["3517**********01", "3517**********02"]);
    assert_eq!((d.b.rows, d.b.duplicate_keys, d.b.empty_key_rows), (3, 0, 1));
    assert!(!d.is_identical());
    let d = diff(a, a);
    assert_eq!(counts(&d), (0, 0, 0, 2));
    assert!(d.is_identical());
}

#[test]
fn text_keys_are_trimmed_and_long_keys_work() {
    let long = "Pondok Pesantren Al-Hikmah Putra";
    let a = format!("nama,kelas\n {long} ,7A\n\"{long} \"\"2\"\"\",8B\nx,1\n");
    let b = format!("nama;kelas\n{long};7B\n\"{long} \"\"2\"\"\";8B\n\"x \";1\n");
    let opts = DiffOptions {
        key: "NAMA".into(),
        max_keys: 3,
        parallel: true,
    };
    let d = diff_csv(a.as_bytes(), b.as_bytes(), &opts).unwrap();
    assert_eq!(counts(&d), (0, 0, 1, 2));
    assert_eq!(d.key, "NAMA");
    assert_eq!(d.compared_columns, ["kelas"]);
    assert_eq!(d.changed_keys[0].key, pii::mask_number(long));
    // A NIK that is not 16 digits is compared as text.
    let d = diff("nik,x\n12345,1\n", "nik,x\n 12345,2\n");
    assert_eq!(counts(&d), (0, 0, 1, 0));
}

use crate::pii;

#[test]
fn malformed_input_names_the_file_and_line() {
    let err = |a: &str, b: &str| diff_csv(a.as_bytes(), b.as_bytes(), &DiffOptions::default()).unwrap_err();
    assert_eq!(
        err(A, "nik,nama\n1,ok\n\n2,\"open\n3,x\n"),
        DiffError::Malformed {
            side: Side::B,
            line: 4,
            kind: Malformed::UnclosedQuote
        }
    );
    // Lines count line breaks inside quoted fields and blank lines.
    assert_eq!(
        err("nik,nama\n1,\"two\nlines\"\n\n2,x,extra\n", A),
        DiffError::Malformed {
            side: Side::A,
            line: 5,
            kind: Malformed::FieldCount { expected: 2, found: 3 }
        }
    );
    assert_eq!(
        err(A, "nik,nama\n1,\"a\"b\n"),
        DiffError::Malformed {
            side: Side::B,
            line: 2,
            kind: Malformed::TextAfterQuote
        }
    );
    assert_eq!(
        err("nik,\"nama\n", A),
        DiffError::Malformed {
            side: Side::A,
            line: 1,
            kind: Malformed::UnclosedQuote
        }
    );
    assert_eq!(err("", A), DiffError::NoHeader { side: Side::A });
    assert_eq!(err(A, "\u{feff}\r\n\n"), DiffError::NoHeader { side: Side::B });
    assert_eq!(
        err(A, "nisn,nama\n"),
        DiffError::NoKeyColumn {
            side: Side::B,
            key: "nik".into()
        }
    );
    let msg = err(A, "nik,nama\n1,\"a\"b\n").to_string();
    assert!(msg.contains("file B line 2"), "{msg}");
}

/// A deterministic export of `n` rows (xorshift), with the `changes` applied to B.
fn big_pair(n: usize) -> (String, String, (u64, u64, u64)) {
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut a = String::from("nik,nisn,nama,kelas,kode_desa\n");
    let mut b = String::from("nik,nisn,nama,kelas,kode_desa\n");
    let (mut removed, mut added, mut changed) = (0, 0, 0);
    for i in 0..n {
        let nik = format!("35{:014}", i * 7 + 3);
        let row = format!(
            "{nik},{:010},Santri {} {},{}{},35170120{:02}",
            next() % 10_000_000_000,
            next() % 5000,
            i,
            7 + next() % 3,
            ["A", "B", "C"][(next() % 3) as usize],
            next() % 30
        );
        a.push_str(&row);
        a.push('\n');
        match i % 50 {
            0 => removed += 1,
            1 => {
                changed += 1;
                b.push_str(&row.replace("Santri", "Santriwati"));
                b.push('\n');
            }
            2 => {
                added += 1;
                b.push_str(&row);
                b.push('\n');
                b.push_str(&format!("36{:014},1,Baru,7A,1\n", i));
            }
            _ => {
                b.push_str(&row);
                b.push('\n');
            }
        }
    }
    (a, b, (removed, added, changed))
}

#[test]
fn threads_and_one_thread_agree_on_a_larger_export() {
    let (a, b, (removed, added, changed)) = big_pair(30_000);
    assert!(a.len() + b.len() > PARALLEL_MIN_BYTES);
    let par = diff_csv(a.as_bytes(), b.as_bytes(), &listing(20)).unwrap();
    let seq = diff_csv(
        a.as_bytes(),
        b.as_bytes(),
        &DiffOptions {
            parallel: false,
            ..listing(20)
        },
    )
    .unwrap();
    assert_eq!(par, seq);
    assert_eq!(counts(&par), (removed, added, changed, 30_000 - removed - changed));
    assert_eq!(
        per_column(&par),
        [("nisn", 0), ("nama", changed), ("kelas", 0), ("kode_desa", 0)]
    );
    assert_eq!(par.changed_keys.len(), 20);
    assert_eq!(par.changed_keys[0].key, "3500**********10");
}

// ---------------------------------------------------------------- properties (native: proptest)

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    fn csvish() -> impl Strategy<Value = Vec<u8>> {
        let atoms = prop_oneof![
            Just(&b"nik"[..]),
            Just(&b","[..]),
            Just(&b";"[..]),
            Just(&b"\""[..]),
            Just(&b"\"\""[..]),
            Just(&b"\n"[..]),
            Just(&b"\r\n"[..]),
            Just(&b"\r"[..]),
            Just(&b" "[..]),
            Just(&b"3517011708080001"[..]),
            Just(&b"3517 0117 0808 0001"[..]),
            Just(&b"x"[..]),
            Just(&b"\xef\xbb\xbf"[..]),
            Just(&b"\xff\xfe"[..]),
            Just(&b"\xe2\x80\x83"[..]),
            Just(&b"0123456789abcdefghijklmnop"[..]),
        ];
        proptest::collection::vec(atoms, 0..60).prop_map(|v| v.concat())
    }

    /// A table of rows for the model test: keys from a small pool (duplicates happen), values
    /// with delimiters, quotes and line breaks.
    fn table() -> impl Strategy<Value = Vec<(u8, String)>> {
        let value = proptest::string::string_regex("[a-c ,;\"\n]{0,4}").unwrap();
        proptest::collection::vec((0u8..12, value), 0..25)
    }

    fn write_csv(rows: &[(u8, String)], delim: char, quote_all: bool) -> String {
        let mut out = format!("nik{delim}v\n");
        for (k, v) in rows {
            let key = if *k == 0 {
                String::new()
            } else {
                format!("35170117080800{k:02}")
            };
            let needs = quote_all || v.contains([delim, '"', '\n', '\r']) || v.is_empty();
            let v = if needs {
                format!("\"{}\"", v.replace('"', "\"\""))
            } else {
                v.clone()
            };
            out.push_str(&format!("{key}{delim}{v}\n"));
        }
        out
    }

    /// The first value of each non-empty key.
    fn model(rows: &[(u8, String)]) -> HashMap<u8, &str> {
        let mut m = HashMap::new();
        for (k, v) in rows {
            if *k != 0 {
                m.entry(*k).or_insert(v.as_str());
            }
        }
        m
    }

    proptest! {
        #[test]
        fn random_csvish_input_never_panics(a in csvish(), b in csvish(), max_keys in 0usize..3, parallel: bool) {
            let opts = DiffOptions { key: "nik".into(), max_keys, parallel };
            let r = diff_csv(&a, &b, &opts);
            if let Ok(d) = &r {
                prop_assert!(d.only_a + d.changed + d.same <= d.a.rows);
                prop_assert!(d.only_b + d.changed + d.same <= d.b.rows);
                prop_assert!(d.column_changes.iter().map(|c| c.changed).sum::<u64>() >= d.changed);
            }
            if let Ok(d) = diff_csv(&a, &a, &opts) {
                prop_assert!(d.is_identical(), "{:?}", d);
            }
            // A key column that is absent, or an odd one, is an error or a diff; never a panic.
            let _ = diff_csv(&a, &b, &DiffOptions { key: "x".into(), max_keys, parallel });
        }

        #[test]
        fn counts_match_a_simple_model(a in table(), b in table(), quote_a: bool, semi_b: bool) {
            let ca = write_csv(&a, ',', quote_a);
            let cb = write_csv(&b, if semi_b { ';' } else { ',' }, false);
            let d = diff_csv(ca.as_bytes(), cb.as_bytes(), &listing(100)).unwrap();
            let (ma, mb) = (model(&a), model(&b));
            let only_a = ma.keys().filter(|k| !mb.contains_key(k)).count() as u64;
            let only_b = mb.keys().filter(|k| !ma.contains_key(k)).count() as u64;
            let changed = ma.iter().filter(|(k, v)| mb.get(k).is_some_and(|w| w != *v)).count() as u64;
            let same = ma.iter().filter(|(k, v)| mb.get(k).is_some_and(|w| w == *v)).count() as u64;
            prop_assert_eq!(counts(&d), (only_a, only_b, changed, same));
            prop_assert_eq!(d.a.rows, a.len() as u64);
            prop_assert_eq!(d.a.empty_key_rows, a.iter().filter(|r| r.0 == 0).count() as u64);
            prop_assert_eq!(d.a.duplicate_rows, (a.iter().filter(|r| r.0 != 0).count() - ma.len()) as u64);
            prop_assert_eq!(d.changed_keys.len() as u64, changed);
            prop_assert_eq!(d.only_a_keys.len() as u64, only_a);
            prop_assert_eq!(d.only_b_keys.len() as u64, only_b);
        }
    }
}
