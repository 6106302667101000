//! Runs the real `emis diff`: exit codes 0/1/2, the text summary, the JSON shape, masking.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn emis(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_emis"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run emis")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn file(name: &str, content: &str) -> String {
    let dir = std::env::temp_dir().join(format!("emis-cli-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p: PathBuf = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p.to_string_lossy().into_owned()
}

const A: &str = "\
nik,nisn,nama,kelas,status_mukim
3517011708080001,0081234567,Ahmad Fauzi,7A,mukim
3517014508090002,0091234568,Siti Aminah,8B,mukim
3517011203100003,0101234569,Zaid,7A,non-mukim
3517012511070004,0071234570,Nur Hasanah,9C,mukim
";

const B: &str = "\
nik;nama;kelas;status_mukim;kode_desa
3517 0117 0808 0001;Ahmad Fauzi;7B;mukim;3517012001
3517014508090002;Siti Aminah;8B;mukim;3517012002
3517012511070004;Nur Hasanah;9C;non-mukim;3517012004
3517010101110005;Budi;7A;mukim;3517012005
";

#[test]
fn identical_files_exit_0() {
    let a = file("same-a.csv", A);
    let b = file("same-b.csv", &format!("\u{feff}{}", A.replace('\n', "\r\n")));
    let o = emis(&["diff", &a, &b]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("IDENTIK"), "{out}");
    assert!(out.contains("sama                      4"), "{out}");
}

#[test]
fn different_files_exit_1_with_a_summary() {
    let (a, b) = (file("d-a.csv", A), file("d-b.csv", B));
    let o = emis(&["diff", &a, &b, "--lang", "en"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let out = stdout(&o);
    for want in [
        "Export comparison (key nik)",
        "only in A (gone from B)  1",
        "only in B (new)          1",
        "changed                  2",
        "same                     1",
        "kelas         1",
        "status_mukim  1",
        "columns compared: nama, kelas, status_mukim",
        "columns only in A (not compared): nisn",
        "columns only in B (not compared): kode_desa",
        "3517**********01  kelas",
        "3517**********04  status_mukim",
        "DIFFERENT",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
    // No full NIK anywhere.
    assert!(
        !out.contains("3517011708080001") && !out.contains("3517010101110005"),
        "{out}"
    );
}

#[test]
fn json_output_has_counts_and_masked_keys() {
    let (a, b) = (file("j-a.csv", A), file("j-b.csv", B));
    let o = emis(&["diff", &a, &b, "--format", "json", "--keys", "1"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["identical"], false);
    assert_eq!(v["key"], "nik");
    assert_eq!(
        (&v["only_a"], &v["only_b"], &v["changed"], &v["same"]),
        (&Value::from(1), &Value::from(1), &Value::from(2), &Value::from(1))
    );
    assert_eq!(v["a"]["delimiter"], ",");
    assert_eq!(v["b"]["delimiter"], ";");
    assert_eq!(v["column_changes"][1]["column"], "kelas");
    assert_eq!(v["column_changes"][1]["changed"], 1);
    assert_eq!(v["changed_keys"].as_array().unwrap().len(), 1);
    assert_eq!(v["changed_keys"][0]["key"], "3517**********01");
    assert_eq!(v["only_a_keys"][0], "3517**********03");
    assert_eq!(v["only_b_keys"][0], "3517**********05");
    assert!(v["file_a"].as_str().unwrap().ends_with("j-a.csv"));
    // Another key column.
    let o = emis(&["diff", &a, &b, "--key", "nama", "--format", "json"]);
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!((v["only_a"].as_u64(), v["changed"].as_u64()), (Some(1), Some(2)));
}

#[test]
fn usage_io_and_malformed_input_exit_2() {
    let a = file("u-a.csv", A);
    for args in [
        vec!["diff"],
        vec!["diff", a.as_str()],
        vec!["diff", a.as_str(), a.as_str(), a.as_str()],
        vec!["diff", a.as_str(), a.as_str(), "--format", "xml"],
        vec!["diff", a.as_str(), a.as_str(), "--keys", "many"],
        vec!["diff", a.as_str(), a.as_str(), "--bogus"],
    ] {
        let o = emis(&args);
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("emis diff"),
            "{args:?}: usage shown: {}",
            stderr(&o)
        );
    }
    let missing = emis(&["diff", &a, "/nonexistent/emis-diff.csv"]);
    assert_eq!(code(&missing), 2);
    assert!(stderr(&missing).contains("cannot read file /nonexistent/emis-diff.csv"));

    let broken = file(
        "u-broken.csv",
        "nik,nama\n3517011708080001,ok\n3517014508090002,\"open\n",
    );
    let o = emis(&["diff", &a, &broken]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("u-broken.csv") && err.contains("file B line 3") && err.contains("unclosed quote"),
        "{err}"
    );
    let short = file("u-short.csv", "nik,nama\n3517011708080001\n");
    let o = emis(&["diff", &short, &a]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("file A line 2"), "{}", stderr(&o));
    let o = emis(&["diff", &a, &a, "--key", "nspp"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("no key column `nspp`"), "{}", stderr(&o));
}

#[test]
fn help_exits_0() {
    let o = emis(&["diff", "--help"]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("emis diff <A> <B>"));
    let o = emis(&["--help"]);
    assert!(stdout(&o).contains("diff <A> <B>"));
}
