//! Santri record and roster rules.

use super::RuleContext;
use super::common::{age_range, check_birth_date, check_mother, check_name, check_place, digits16, id_issues, issue};
use super::length;
use crate::catalog::{Code, codes};
use crate::id::{self, IdKind};
use crate::model::{LembagaKind, Master, Santri};
use crate::report::{Issue, Report};
use std::collections::HashMap;

/// Checks one santri (rules 10–14, 16–29, 37, 38). Paths are relative to the record.
pub fn validate_santri(s: &Santri, ctx: &RuleContext) -> Report {
    let mut r = Report::new();
    santri_into(&mut r, s, ctx);
    r
}

fn santri_into(r: &mut Report, s: &Santri, ctx: &RuleContext) {
    let inc = ctx.opts.include_input;
    let today = ctx.opts.today;

    // Rule 38 first: an over-long value skips the other checks of its field.
    if !length::name(r, Some(s.full_name.expose()), "full_name") {
        check_name(
            r,
            s.full_name.expose(),
            "full_name",
            codes::NAMA_WAJIB,
            codes::NAMA_MENGANDUNG_ANGKA,
            inc,
        );
    }

    let birth = check_birth_date(r, s.birth_date.as_deref(), "birth_date", today, inc);
    let jk = s.jenis_kelamin();
    if jk.is_none() {
        let shown = s.m_gender.as_ref().and_then(Master::text);
        r.push(issue(
            codes::JENIS_KELAMIN_TIDAK_VALID,
            "m_gender",
            shown.as_deref(),
            inc,
        ));
    }

    // NIK: rules 10-14, 16.
    let nik_digits = digits16(s.nik.as_ref());
    match s.nik.as_ref().filter(|n| !n.is_blank()) {
        None => r.push(Issue::new(codes::NIK_KOSONG, "nik")),
        Some(nik) => {
            let before = r.issues.len();
            id_issues(r, IdKind::Nik, nik.expose(), "nik", inc);
            let nik_readable = r.issues[before..]
                .iter()
                .all(|i| !i.code.ends_with("panjang_salah") && !i.code.ends_with("karakter_tidak_valid"));
            if let (true, Ok(n)) = (nik_readable, id::Nik::parse(nik.expose())) {
                if let Some(j) = jk
                    && n.jenis_kelamin() != j
                {
                    r.push(
                        issue(codes::NIK_JENIS_KELAMIN_BERBEDA, "nik", Some(nik.expose()), inc)
                            .with("nik_jk", n.jenis_kelamin().as_str())
                            .with("jk", j.as_str()),
                    );
                }
                if let Some(b) = birth {
                    let (d, m, yy) = n.birth_dmy();
                    if (d, m, yy) != (b.day(), b.month(), (b.year() % 100) as u8) {
                        r.push(issue(codes::NIK_TANGGAL_LAHIR_BERBEDA, "nik", Some(nik.expose()), inc));
                    }
                }
                if ctx.active_elsewhere.contains(n.as_str()) {
                    r.push(issue(codes::NIK_AKTIF_DI_LEMBAGA_LAIN, "nik", Some(nik.expose()), inc));
                }
            }
        }
    }

    // KK: rules 18-19.
    if let Some(kk) = s.kk_num.as_ref().filter(|k| !k.is_blank()) {
        id_issues(r, IdKind::Kk, kk.expose(), "kk_num", inc);
        if let (Some(a), Some(b)) = (digits16(Some(kk)), nik_digits)
            && a == b
        {
            r.push(issue(codes::KK_SAMA_DENGAN_NIK, "kk_num", Some(kk.expose()), inc));
        }
    }

    // NISN: rules 20-21.
    if let Some(nisn) = s.nisn.as_ref().filter(|n| !n.is_blank()) {
        match id::Nisn::parse(nisn.expose()) {
            Ok(n) => {
                if let Some(b) = birth
                    && !n.matches_birth_year(b.year())
                {
                    r.push(
                        issue(codes::NISN_TAHUN_LAHIR_BERBEDA, "nisn", Some(nisn.expose()), inc)
                            .with("awal", format!("{:03}", n.prefix()))
                            .with("tahun", b.year().to_string()),
                    );
                }
            }
            Err(_) => id_issues(r, IdKind::Nisn, nisn.expose(), "nisn", inc),
        }
    }

    // NISM / nomor induk santri: rule 29 (warnings only: local practice varies).
    if let Some(nis) = s.local_nis.as_deref().filter(|n| !n.trim().is_empty()) {
        check_nis(r, nis, s, ctx);
    }

    if !length::place(r, s.birth_place.as_deref(), "birth_place") {
        check_place(r, s.birth_place.as_deref(), "birth_place", inc);
    }

    // Rule 26: status mukim for pesantren santri.
    if ctx.lembaga_kind == Some(LembagaKind::Pontren) && s.status_mukim.is_none() {
        r.push(Issue::new(codes::STATUS_MUKIM_WAJIB, "status_mukim"));
    }

    // Parents: rules 10-12 on their NIKs, 17, 22.
    let p = &s.parents;
    let mother = p.mother_full_name.as_ref();
    if !length::name(r, mother.map(|m| m.expose()), "parents.mother_full_name") {
        check_mother(r, mother, "parents.mother_full_name", inc);
    }
    length::santri_rest(r, s);
    for (value, path) in [
        (&p.father_nik, "parents.father_nik"),
        (&p.mother_nik, "parents.mother_nik"),
        (&p.wali_nik, "parents.wali_nik"),
    ] {
        if let Some(v) = value.as_ref().filter(|v| !v.is_blank()) {
            id_issues(r, IdKind::Nik, v.expose(), path, inc);
        }
    }
    if let Some(own) = nik_digits {
        for (value, id_name, en_name) in [
            (&p.father_nik, "ayah", "father"),
            (&p.mother_nik, "ibu", "mother"),
            (&p.wali_nik, "wali", "guardian"),
        ] {
            if digits16(value.as_ref()) == Some(own) {
                r.push(
                    Issue::new(codes::NIK_SAMA_DENGAN_ORANG_TUA, "nik")
                        .with("orang_tua", id_name)
                        .with("parent", en_name),
                );
            }
        }
    }
    if let (Some(f), Some(m)) = (digits16(p.father_nik.as_ref()), digits16(p.mother_nik.as_ref()))
        && f == m
    {
        r.push(Issue::new(codes::NIK_AYAH_SAMA_DENGAN_IBU, "parents.father_nik"));
    }

    // Learning activity: rules 24 (age), 27, 28, 37.
    if let Some(la) = &s.learning_activity {
        let level = la.m_level_id.as_ref().and_then(Master::text);
        if let (Some(b), Some(level)) = (birth, level.as_deref())
            && let Some((min, max)) = age_range(level)
        {
            let age = b.age_on(today);
            if age < min || age > max {
                r.push(
                    Issue::new(codes::TANGGAL_LAHIR_USIA_TIDAK_WAJAR, "birth_date")
                        .with("usia", age.to_string())
                        .with("jenjang", level.to_string())
                        .with("min", min.to_string())
                        .with("max", max.to_string()),
                );
            }
        }
        let left = la.has_left();
        if !left && la.is_active() && la.study_group.as_deref().is_none_or(|g| g.trim().is_empty()) {
            r.push(Issue::new(
                codes::AKTIVITAS_TANPA_ROMBEL,
                "learning_activity.study_group",
            ));
        }
        let admission = la
            .admission_date
            .as_deref()
            .and_then(|t| crate::date::Date::parse(t).ok());
        let exit = la.exit_date.as_deref().and_then(|t| crate::date::Date::parse(t).ok());
        if let (Some(a), Some(b)) = (admission, birth)
            && a < b
        {
            r.push(Issue::new(
                codes::TANGGAL_MASUK_SEBELUM_LAHIR,
                "learning_activity.admission_date",
            ));
        }
        if let (Some(a), Some(e)) = (admission, exit)
            && e < a
        {
            r.push(Issue::new(
                codes::TANGGAL_KELUAR_SEBELUM_MASUK,
                "learning_activity.exit_date",
            ));
        }
        if la.exit_date.is_some() && (la.exit_reason.is_none() || la.exit_destination.is_none()) {
            r.push(Issue::new(
                codes::TANGGAL_KELUAR_JENIS_KELUAR_WAJIB,
                "learning_activity.exit_reason",
            ));
        }
        if let (Some(periods), Some(id)) = (&ctx.periods, la.academic_year_id)
            && !periods.iter().any(|p| p.academic_year_id == id)
        {
            r.push(
                Issue::new(codes::PERIODE_ID_TIDAK_DIKENAL, "learning_activity.academic_year_id")
                    .with("id", id.to_string()),
            );
        }
    }
}

fn check_nis(r: &mut Report, nis: &str, s: &Santri, ctx: &RuleContext) {
    let path = "local_nis";
    let reason = |id: &str, en: &str| {
        Issue::new(codes::NISM_TIDAK_SESUAI_LEMBAGA, path)
            .with("alasan", id)
            .with("reason", en)
    };
    match id::Nism::parse(nis) {
        Err(_) => r.push(reason("bukan 18 digit angka", "not 18 digits")),
        Ok(n) => {
            if n.serial() == 0 {
                r.push(Issue::new(codes::NISM_NOMOR_URUT_NOL, path));
            }
            if let Some(ns) = ctx
                .lembaga_statistic_num
                .as_deref()
                .and_then(|x| id::NomorStatistik::parse(x).ok())
                && n.nomor_statistik() != ns.as_str()
            {
                r.push(reason(
                    "12 digit awal bukan nomor statistik lembaga",
                    "the first 12 digits are not the institution's number",
                ));
            }
            let entry = s
                .learning_activity
                .as_ref()
                .and_then(|la| la.admission_date.as_deref())
                .and_then(|t| crate::date::Date::parse(t).ok());
            if let Some(e) = entry
                && u16::from(n.entry_yy()) != e.year() % 100
            {
                r.push(reason(
                    "2 digit tahun masuk tidak sesuai tanggal masuk",
                    "the entry-year digits do not match the admission date",
                ));
            }
        }
    }
}

/// Checks a list of santri: every record (paths `[i].field`) plus roster rules — duplicate
/// NIK and NISN among active santri (rule 15) — and the period window (rule 36).
pub fn validate_santri_list(list: &[Santri], ctx: &RuleContext) -> Report {
    let mut r = Report::new();
    for (i, s) in list.iter().enumerate() {
        let mut one = Report::new();
        santri_into(&mut one, s, ctx);
        if !one.issues.is_empty() {
            let prefix = format!("[{i}]");
            r.issues.extend(one.issues.into_iter().map(|x| x.prefixed(&prefix)));
        }
    }
    let active = |s: &Santri| s.learning_activity.as_ref().is_none_or(|la| !la.has_left());
    duplicates(
        &mut r,
        list.iter()
            .map(|s| if active(s) { digits16(s.nik.as_ref()) } else { None }),
        "nik",
        codes::NIK_GANDA,
    );
    duplicates(
        &mut r,
        list.iter().map(|s| {
            if active(s) {
                s.nisn.as_ref().and_then(|n| id::Nisn::parse(n.expose()).ok()).map(|n| {
                    let mut a = [0u8; 16];
                    a[..10].copy_from_slice(n.as_str().as_bytes());
                    a
                })
            } else {
                None
            }
        }),
        "nisn",
        codes::NISN_GANDA,
    );
    period_window(&mut r, ctx);
    r
}

/// Rule 36: today outside the current period's window.
pub(super) fn period_window(r: &mut Report, ctx: &RuleContext) {
    if let Some(p) = &ctx.current_period
        && !p.window_contains(ctx.opts.today)
    {
        r.push(
            Issue::new(codes::PERIODE_DI_LUAR_JENDELA, "periode")
                .with("tanggal", ctx.opts.today.to_string())
                .with("periode", p.name.clone()),
        );
    }
}

/// Reports every index that shares a key with another.
pub(super) fn duplicates(r: &mut Report, keys: impl Iterator<Item = Option<[u8; 16]>>, field: &str, code: Code) {
    let mut seen: HashMap<[u8; 16], Vec<usize>> = HashMap::new();
    for (i, k) in keys.enumerate() {
        if let Some(k) = k {
            seen.entry(k).or_default().push(i);
        }
    }
    let mut groups: Vec<Vec<usize>> = seen.into_values().filter(|v| v.len() > 1).collect();
    groups.sort();
    for g in groups {
        // At most 10 indexes in the message: a file with 10,000 copies must stay linear.
        let mut list = g.iter().take(10).map(|i| i.to_string()).collect::<Vec<_>>().join(", ");
        if g.len() > 10 {
            list.push_str(", …");
        }
        for &i in &g {
            r.push(
                Issue::new(code, format!("[{i}].{field}"))
                    .with("jumlah", g.len().to_string())
                    .with("baris", list.clone()),
            );
        }
    }
}
