//! GTK record and roster rules.

use super::RuleContext;
use super::common::{check_birth_date, check_mother, check_name, check_place, digits16, id_issues, issue};
use super::length;
use super::santri::{duplicates, period_window};
use crate::catalog::codes;
use crate::id::{self, IdKind, nip::NipKind};
use crate::model::{Gtk, Master, StatusKepegawaian};
use crate::report::{Issue, Report};

/// Checks one GTK (rules 10–14, 18–19, 22–25, 30–35, 38).
pub fn validate_gtk(g: &Gtk, ctx: &RuleContext) -> Report {
    let mut r = Report::new();
    gtk_into(&mut r, g, ctx);
    r
}

fn gtk_into(r: &mut Report, g: &Gtk, ctx: &RuleContext) {
    let inc = ctx.opts.include_input;
    let today = ctx.opts.today;
    // Rule 38 first: an over-long value skips the other checks of its field.
    if !length::name(r, Some(g.full_name.expose()), "full_name") {
        check_name(
            r,
            g.full_name.expose(),
            "full_name",
            codes::NAMA_WAJIB,
            codes::NAMA_MENGANDUNG_ANGKA,
            inc,
        );
    }
    let birth = check_birth_date(r, g.birth_date.as_deref(), "birth_date", today, inc);
    let jk = g.jenis_kelamin();
    if jk.is_none() {
        let shown = g.m_gender.as_ref().and_then(Master::text);
        r.push(issue(
            codes::JENIS_KELAMIN_TIDAK_VALID,
            "m_gender",
            shown.as_deref(),
            inc,
        ));
    }
    if !length::place(r, g.birth_place.as_deref(), "birth_place") {
        check_place(r, g.birth_place.as_deref(), "birth_place", inc);
    }
    if !length::name(r, g.mother_name.as_ref().map(|m| m.expose()), "mother_name") {
        check_mother(r, g.mother_name.as_ref(), "mother_name", inc);
    }
    length::gtk_rest(r, g);

    let nik_digits = digits16(g.nik.as_ref());
    match g.nik.as_ref().filter(|n| !n.is_blank()) {
        None => r.push(Issue::new(codes::NIK_KOSONG, "nik")),
        Some(nik) => {
            id_issues(r, IdKind::Nik, nik.expose(), "nik", inc);
            if let Ok(n) = id::Nik::parse(nik.expose()) {
                if let Some(j) = jk.filter(|j| *j != n.jenis_kelamin()) {
                    r.push(
                        issue(codes::NIK_JENIS_KELAMIN_BERBEDA, "nik", Some(nik.expose()), inc)
                            .with("nik_jk", n.jenis_kelamin().as_str())
                            .with("jk", j.as_str()),
                    );
                }
                if let Some(b) = birth
                    && n.birth_dmy() != (b.day(), b.month(), (b.year() % 100) as u8)
                {
                    r.push(issue(codes::NIK_TANGGAL_LAHIR_BERBEDA, "nik", Some(nik.expose()), inc));
                }
                if ctx.active_elsewhere.contains(n.as_str()) {
                    r.push(issue(codes::NIK_AKTIF_DI_LEMBAGA_LAIN, "nik", Some(nik.expose()), inc));
                }
            }
        }
    }
    if let Some(kk) = g.kk_num.as_ref().filter(|k| !k.is_blank()) {
        id_issues(r, IdKind::Kk, kk.expose(), "kk_num", inc);
        if digits16(Some(kk)).is_some() && digits16(Some(kk)) == nik_digits {
            r.push(issue(codes::KK_SAMA_DENGAN_NIK, "kk_num", Some(kk.expose()), inc));
        }
    }
    if let Some(nuptk) = g.nuptk.as_ref().filter(|n| !n.is_blank()) {
        id_issues(r, IdKind::Nuptk, nuptk.expose(), "nuptk", inc);
    }

    // NIP: rules 30-33.
    let status = g.status();
    match g.nip.as_ref().filter(|n| !n.is_blank()) {
        None => {
            if let Some(st) = status.as_ref().filter(|s| s.needs_nip()) {
                r.push(Issue::new(codes::GTK_NIP_WAJIB, "nip").with("status", st.label().to_string()));
            }
        }
        Some(nip) => {
            let rep = id::nip::check(nip.expose(), &ctx.opts);
            for mut i in rep.issues {
                // A PPPK-shaped number is expected when the status says PPPK.
                if i.code == codes::NIP_PPPK && status == Some(StatusKepegawaian::Pppk) {
                    continue;
                }
                i.path = "nip".into();
                if inc {
                    i.input = Some(nip.clone());
                }
                r.push(i);
            }
            if let Ok(n) = id::Nip::parse(nip.expose()) {
                if n.kind() == NipKind::Pns && status == Some(StatusKepegawaian::Pppk) {
                    r.push(
                        Issue::new(codes::NIP_DATA_BERBEDA, "nip")
                            .with("bagian", "Jenis (PNS)")
                            .with("part", "kind (PNS)"),
                    );
                }
                if let (Some(b), Some(nb)) = (birth, n.birth_date())
                    && b != nb
                {
                    r.push(
                        Issue::new(codes::NIP_DATA_BERBEDA, "nip")
                            .with("bagian", "Tanggal lahir")
                            .with("part", "birth date"),
                    );
                }
                if let Some(j) = jk.filter(|j| *j != n.jenis_kelamin()) {
                    let _ = j;
                    r.push(
                        Issue::new(codes::NIP_DATA_BERBEDA, "nip")
                            .with("bagian", "Jenis kelamin")
                            .with("part", "sex"),
                    );
                }
            }
        }
    }

    // Rule 35: education chain.
    check_education(r, g);
}

fn level_rank(jenjang: &str) -> Option<u8> {
    let j = jenjang.trim().to_ascii_lowercase().replace(['.', ' ', '-'], "");
    Some(match j.as_str() {
        "sd" | "mi" | "paketa" | "ula" | "sdlb" => 1,
        "smp" | "mts" | "paketb" | "wustha" | "smplb" => 2,
        "sma" | "ma" | "smk" | "mak" | "paketc" | "ulya" | "smalb" => 3,
        "d1" | "d2" | "d3" | "d4" | "s1" | "dnd4" | "st" | "lc" => 4,
        "s2" | "sp1" => 5,
        "s3" | "sp2" => 6,
        _ => return None,
    })
}

fn check_education(r: &mut Report, g: &Gtk) {
    let ranks: Vec<u8> = g
        .education_history
        .iter()
        .filter_map(|e| level_rank(&e.jenjang))
        .collect();
    let highest = ranks.iter().copied().max().unwrap_or(0);
    let names = ["SD", "SMP", "SMA", "S1/D", "S2", "S3"];
    let wanted = if highest == 0 { 3 } else { highest };
    let missing: Vec<&str> = (1..=wanted)
        .filter(|k| !ranks.contains(k))
        .map(|k| names[(k - 1) as usize])
        .collect();
    if !missing.is_empty() {
        let list = missing.join(", ");
        r.push(
            Issue::new(codes::GTK_RIWAYAT_PENDIDIKAN_TIDAK_LENGKAP, "education_history")
                .with("kurang", list.clone())
                .with("missing", list),
        );
    }
}

/// Checks a list of GTK: every record plus duplicate NIK and NUPTK (rule 15/34).
pub fn validate_gtk_list(list: &[Gtk], ctx: &RuleContext) -> Report {
    let mut r = Report::new();
    for (i, g) in list.iter().enumerate() {
        let mut one = Report::new();
        gtk_into(&mut one, g, ctx);
        if !one.issues.is_empty() {
            let prefix = format!("[{i}]");
            r.issues.extend(one.issues.into_iter().map(|x| x.prefixed(&prefix)));
        }
    }
    duplicates(
        &mut r,
        list.iter().map(|g| digits16(g.nik.as_ref())),
        "nik",
        codes::NIK_GANDA,
    );
    duplicates(
        &mut r,
        list.iter().map(|g| {
            g.nuptk
                .as_ref()
                .and_then(|n| id::Nuptk::parse(n.expose()).ok())
                .map(|n| n.0)
        }),
        "nuptk",
        codes::NUPTK_GANDA,
    );
    period_window(&mut r, ctx);
    r
}
