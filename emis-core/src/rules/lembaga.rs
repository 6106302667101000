//! Lembaga rules (1–9).

use super::RuleContext;
use super::common::id_issues;
use crate::catalog::codes;
use crate::id::{self, IdKind};
use crate::model::Lembaga;
use crate::report::{Issue, Report};

/// Checks a lembaga: statistic number (rules 1–8, with rule 7 against the address region)
/// and NPSN (rule 9), and text lengths (rule 38).
pub fn validate_lembaga(l: &Lembaga, ctx: &RuleContext) -> Report {
    let inc = ctx.opts.include_input;
    let mut r = Report::new();
    if l.name.trim().is_empty() {
        r.push(Issue::new(codes::NAMA_WAJIB, "name"));
    }
    super::length::lembaga(&mut r, l);
    match l.statistic_num.as_deref().filter(|s| !s.trim().is_empty()) {
        None => r.push(Issue::new(codes::NOMOR_STATISTIK_KOSONG, "statistic_num")),
        Some(ns) => {
            id_issues(&mut r, IdKind::NomorStatistik, ns, "statistic_num", inc);
            if let Ok(n) = id::NomorStatistik::parse(ns)
                && let Some(addr) = l.address.kab_kota_code()
                && addr != n.kab_kota()
            {
                r.push(
                    Issue::new(codes::NOMOR_STATISTIK_WILAYAH_BERBEDA, "statistic_num")
                        .with("kode", format!("{:02}.{:02}", n.kab_kota() / 100, n.kab_kota() % 100))
                        .with("alamat", format!("{:02}.{:02}", addr / 100, addr % 100)),
                );
            }
        }
    }
    if let Some(npsn) = l.npsn.as_deref().filter(|s| !s.trim().is_empty()) {
        id_issues(&mut r, IdKind::Npsn, npsn, "npsn", inc);
    }
    r
}
