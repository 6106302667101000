//! `docs/rules.md` must be what `emis rules --markdown` prints today.

use std::path::Path;
use std::process::Command;

#[test]
fn docs_rules_md_is_up_to_date() {
    let out = Command::new(env!("CARGO_BIN_EXE_emis"))
        .args(["rules", "--markdown"])
        .output()
        .expect("run emis");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let generated = String::from_utf8(out.stdout).expect("UTF-8");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        generated == committed,
        "docs/rules.md is stale: run `cargo run -p emis-cli -- rules --markdown > docs/rules.md` \
         (from the workspace root) and commit the result"
    );
}
