//! Runs the real `emis`: usage errors and help in Bahasa Indonesia then English, `rules`,
//! `-q`/`-v`, `emis history` without `--local`, and the `demo` feature.

mod common;

use common::{code, data, run as emis, stderr, stdout};
use serde_json::Value;

#[test]
fn usage_errors_exit_2_with_usage_on_stderr() {
    let cases: &[&[&str]] = &[
        &[],
        &["frobnicate"],
        &["check"],
        &["check", "foo", "1"],
        &["check", "nik"],
        &["check", "nik", "1", "2"],
        &["check", "nik", "3517011708080001", "--bogus"],
        &["check", "nik", "3517011708080001", "--format", "yaml"],
        &["check", "nik", "3517011708080001", "--lang", "jv"],
        &["check", "nik", "3517011708080001", "--format"],
        &["check", "nik", "--stdin", "--format", "json"],
        &["validate"],
        &["validate", "a.csv", "b.csv"],
        &["validate", "x.csv", "--kind", "guru"],
        &["validate", "x.csv", "--lembaga-kind", "sekolah"],
        &["validate", "x.csv", "--statistic-num", "123"],
        &["rules", "extra"],
    ];
    for args in cases {
        let o = emis(args);
        assert_eq!(code(&o), 2, "emis {args:?}");
        let e = stderr(&o);
        assert!(e.starts_with("galat: "), "emis {args:?}: {e}");
        assert!(e.contains("Pemakaian / usage"), "emis {args:?}: {e}");
        assert!(o.stdout.is_empty(), "emis {args:?}");
    }
    let e = stderr(&emis(&["check", "foo", "1"]));
    assert!(e.contains("jenis identitas tidak dikenal: foo"), "{e}");
}

#[test]
fn help_works_everywhere() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["help"],
        &["help", "check"],
        &["check", "--help"],
        &["check", "nik", "-h"],
        &["validate", "--help"],
        &["rules", "--help"],
    ] {
        let o = emis(args);
        assert_eq!(code(&o), 0, "emis {args:?}");
        let s = stdout(&o);
        assert!(s.contains("Pemakaian"), "emis {args:?}: {s}");
        assert!(s.contains("English"), "emis {args:?}: {s}");
    }
    assert!(stdout(&emis(&["check", "--help"])).contains("--stdin"));
    assert!(stdout(&emis(&["--version"])).starts_with("emis "));
    // Every command's help is generated from its flags: sync lists --today and --seed, and
    // clap's own words are in both languages.
    let sync = stdout(&emis(&["help", "sync"]));
    for flag in [
        "--today",
        "--seed",
        "--max-writes",
        "--lang",
        "-v, --verbose",
        "-q, --quiet",
    ] {
        assert!(sync.contains(flag), "{flag} missing in:\n{sync}");
    }
    assert!(sync.contains("[pilihan / values: emis, local, manual]"), "{sync}");
    assert!(!sync.contains("possible values") && !sync.contains("Usage:"), "{sync}");
    assert_eq!(sync, stdout(&emis(&["sync", "--help"])));
}

#[test]
fn usage_errors_name_the_command_and_suggest() {
    let e = stderr(&emis(&["rules", "--formt", "json"]));
    assert!(
        e.contains("opsi tidak dikenal: --formt / unknown option") && e.contains("did you mean: --format"),
        "{e}"
    );
    assert!(
        e.contains("Lihat `emis rules --help` / see `emis rules --help`."),
        "{e}"
    );
    let o = emis(&["sync", "--demo", "--server", "http://127.0.0.1:9"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("--demo tidak dapat digabung dengan --server"),
        "{}",
        stderr(&o)
    );
    let o = emis(&["--lang", "en", "chek"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("perintah tidak dikenal: chek / unknown command"));
    // Global flags go before or after the command.
    let o = emis(&["--lang", "en", "check", "nik", "3517013002080001"]);
    assert!(stdout(&o).contains("Result: INVALID"), "{}", stdout(&o));
}

#[test]
fn quiet_leaves_only_errors_on_stderr() {
    let path = data("santri.csv");
    let loud = emis(&["validate", path.to_str().unwrap()]);
    assert!(stderr(&loud).contains("catatan:"), "{}", stderr(&loud));
    let quiet = emis(&["validate", path.to_str().unwrap(), "-q"]);
    assert_eq!(code(&quiet), 1);
    assert_eq!(stderr(&quiet), "");
    assert_eq!(stdout(&quiet), stdout(&loud));
    let o = emis(&["-q", "validate", "/nonexistent/santri.csv"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).starts_with("galat: "), "{}", stderr(&o));
    let o = emis(&["rules", "-q", "-v"]);
    assert_eq!(code(&o), 2, "-q and -v do not go together");
}

#[test]
fn history_without_local_says_what_to_type() {
    let state = std::env::temp_dir().join(format!("emis-cli-nostate-{}", std::process::id()));
    let o = common::emis(&["history"], &[("EMIS_STATE_DIR", state.to_str().unwrap())]);
    assert_eq!(code(&o), 2);
    let e = stderr(&o);
    assert!(
        e.contains("belum ada sinkron yang tercatat") && e.contains("ketik `emis history --local PATH`"),
        "{e}"
    );
    assert!(e.contains("type `emis history --local PATH`"), "{e}");
}

#[cfg(not(feature = "demo"))]
#[test]
fn sync_demo_says_the_feature_is_off() {
    let o = emis(&["sync", "--demo"]);
    assert_eq!(code(&o), 2);
    let e = stderr(&o);
    assert!(e.contains("tanpa fitur `demo`") && e.contains("--features demo"), "{e}");
}

#[test]
fn rules_lists_the_catalogue() {
    let o = emis(&["rules"]);
    assert_eq!(code(&o), 0);
    let s = stdout(&o);
    assert!(s.starts_with("Aturan  Kode"), "{s}");
    assert!(s.contains("nik.tanggal_tidak_valid"), "{s}");
    let en = stdout(&emis(&["rules", "--lang", "en"]));
    assert!(en.starts_with("Rule  Code"), "{en}");
    let j: Value = serde_json::from_str(&stdout(&emis(&["rules", "--format", "json"]))).unwrap();
    let rules = j.as_array().unwrap();
    assert!(rules.len() > 37);
    let numbers: Vec<u64> = rules.iter().map(|r| r["rule"].as_u64().unwrap()).collect();
    // Numbered rules in order, then the codes outside the rule table (0: sync, server, client).
    let numbered = numbers.iter().take_while(|n| **n > 0).count();
    assert!(numbers[..numbered].windows(2).all(|w| w[0] <= w[1]), "{numbers:?}");
    assert!(numbers[numbered..].iter().all(|n| *n == 0), "{numbers:?}");
    assert_eq!(numbers.first(), Some(&1));
    assert!(numbers[numbered - 1] >= 37, "{numbers:?}");
    let scopes: Vec<&str> = rules.iter().filter_map(|r| r["scope"].as_str()).collect();
    for scope in [
        "identifier",
        "record",
        "roster",
        "server",
        "sync",
        "client",
        "registration",
    ] {
        assert!(scopes.contains(&scope), "{scope}");
    }
}
