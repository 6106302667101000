use super::*;
use crate::api::ChangeOp;
use crate::date::Date;
use crate::model::Santri;
use crate::rules::RuleContext;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn s(name: &str, nik: &str, dob: &str, jk: &str) -> Santri {
    Santri::from_flat([
        ("full_name", name),
        ("nik", nik),
        ("birth_date", dob),
        ("m_gender", jk),
        ("birth_place", "JOMBANG"),
        ("mother_full_name", "Siti Aminah"),
        ("study_group", "Kelas 7 - A"),
    ])
}

fn ctx() -> RuleContext {
    RuleContext::new(Date::new(2026, 11, 30).unwrap())
}

#[test]
fn every_status() {
    let mut remote = vec![
        s("Ahmad Fauzi", "3517011708080001", "2008-08-17", "L"),
        s("Muhammad Rizki Pratama", "3517010203090002", "2009-03-02", "L"),
        s("Nur Aisyah", "3517014504100003", "2010-04-05", "P"),
        s("Budi Santoso", "3517010101080004", "2008-01-01", "L"),
    ];
    for (i, r) in remote.iter_mut().enumerate() {
        r.id = Some(format!("s-{i}"));
    }
    let mut typo = s("M. Rizki  Pratama", "3517010203090002", "2009-03-02", "L");
    typo.birth_place = Some("Kab. Jombang".into()); // canonical form equal: not a difference
    typo.parents.mother_full_name = Some("Siti Aminah R".into());
    let local = vec![
        s("Ahmad Fauzi", "3517011708080001", "2008-08-17", "L"), // TERDAFTAR
        typo,                                                    // DISKREPANSI (mother's name)
        s("Hasan Basri", "3517011111110005", "2011-11-11", "L"), // BELUM_TERDAFTAR
        s("Hasan Basri Dup", "3517011111110005", "2011-11-11", "L"), // GANDA with the one above
        s("Zaid", "3517013002080001", "2008-02-30", "L"),        // INVALID
        s("Fatimah", "3273014503100002", "2010-03-05", "P"),     // active elsewhere -> GANDA
    ];
    let mut cx = ctx();
    cx.active_elsewhere.insert("3273014503100002".into());
    let r = reconcile_santri(&local, &remote, &cx);
    let st: Vec<Status> = r.entries.iter().map(|e| e.status).collect();
    assert_eq!(
        st,
        [
            Status::Terdaftar,
            Status::Diskrepansi,
            Status::Ganda,
            Status::Ganda,
            Status::Invalid,
            Status::Ganda,
            Status::HanyaDiEmis,
            Status::HanyaDiEmis
        ],
        "{:#?}",
        r.entries
    );
    assert_eq!(r.entries[1].matched_by, Some(MatchKey::Nik));
    assert_eq!(
        r.entries[1].diffs.iter().map(|d| d.field).collect::<Vec<_>>(),
        ["parents.mother_full_name"]
    );
    assert!(
        r.entries[4].codes.contains(&"nik.tanggal_tidak_valid")
            || r.entries[4].codes.contains(&"tanggal_lahir.tidak_valid")
    );
    assert!(r.entries[5].codes.contains(&"nik.aktif_di_lembaga_lain"));

    let p = plan_santri(&r, &local, &remote, ConflictPolicy::EmisWins);
    assert_eq!(
        p.count(ChangeOp::Create),
        0,
        "duplicates and invalid records are not pushed"
    );
    assert_eq!(p.local_updates, [(1, 1)]);
    assert_eq!(p.imports, [2, 3]);
    assert!(p.needs_human.iter().any(|h| h.code == "sync.nik_aktif_di_lembaga_lain"));
    assert_eq!(p.blocked.len(), 1);
    let p = plan_santri(&r, &local, &remote, ConflictPolicy::LocalWins);
    let upd: Vec<_> = p.pushes.iter().filter(|c| c.change.op == ChangeOp::Update).collect();
    assert_eq!(upd.len(), 1);
    assert_eq!(upd[0].change.id.as_deref(), Some("s-1"));
    assert!(upd[0].change.fields["parents"]["mother_full_name"].is_string());
    assert_eq!(upd[0].change.fields.len(), 1, "only differing fields are pushed");
}

#[test]
fn match_order_and_partial_fields() {
    let remote = vec![s("Ahmad Fauzi", "3517011708080001", "2008-08-17", "L")];
    // No NIK locally: name + birth date is a candidate; the mother's name corroborates it.
    let local = vec![Santri::from_flat([
        ("full_name", "AHMAD  FAUZI"),
        ("birth_date", "17-08-2008"),
        ("mother_full_name", "SITI AMINAH"),
    ])];
    let r = reconcile_santri(&local, &remote, &ctx());
    assert_eq!(r.entries[0].matched_by, Some(MatchKey::NameBirthDate));
    assert!(r.entries[0].diffs.is_empty(), "{:?}", r.entries[0].diffs);
    // Name + birth place, corroborated.
    let local = vec![Santri::from_flat([
        ("full_name", "Ahmad Fauzi"),
        ("birth_place", "Kab. Jombang"),
        ("mother_full_name", "Siti Aminah"),
    ])];
    let r = reconcile_santri(&local, &remote, &ctx());
    assert_eq!(r.entries[0].matched_by, Some(MatchKey::NameBirthPlace));
    // Nothing corroborates (EMIS's record has no NIK, the mothers differ): a candidate for
    // the operator, never a match, never a create.
    let mut no_nik = remote[0].clone();
    no_nik.nik = None;
    let mut other_mother = s("Ahmad Fauzi", "3517011708080001", "2008-08-17", "L");
    other_mother.parents.mother_full_name = Some("Khadijah".into());
    let local = vec![other_mother];
    let remote = vec![no_nik];
    let r = reconcile_santri(&local, &remote, &ctx());
    assert_eq!(r.entries[0].matched_by, None);
    assert_eq!(r.entries[0].near_duplicates, [0]);
    let p = plan_santri(&r, &local, &remote, ConflictPolicy::EmisWins);
    assert!(p.pushes.is_empty());
}

#[test]
fn near_duplicates_are_reported_not_merged() {
    let mut no_nik = s("Muhammad Rizky", "3517010203090002", "2009-03-02", "L");
    no_nik.nik = None;
    let remote = vec![no_nik];
    let local = vec![s("Muhamad Rizki", "3517010203090099", "2009-03-02", "L")];
    let r = reconcile_santri(&local, &remote, &ctx());
    assert_eq!(r.entries[0].status, Status::BelumTerdaftar);
    assert_eq!(r.entries[0].near_duplicates, [0]);
    let p = plan_santri(&r, &local, &remote, ConflictPolicy::EmisWins);
    assert!(p.pushes.is_empty());
    assert_eq!(p.needs_human[0].code, "sync.mungkin_ganda");
}

#[test]
fn two_valid_niks_are_two_people() {
    // Same name, birth date and place, different NIK and mother: B is created, A untouched.
    let a = s("Nur Aisyah", "3517014504100003", "2010-04-05", "P");
    let mut b = s("Nur Aisyah", "3517014504100011", "2010-04-05", "P");
    b.parents.mother_full_name = Some("Fatimah Zahra".into());
    let remote = vec![a.clone()];
    let local = vec![a.clone(), b.clone()];
    let r = reconcile_santri(&local, &remote, &ctx());
    assert_eq!(r.entries[0].matched_by, Some(MatchKey::Nik));
    assert_eq!(r.entries[1].status, Status::BelumTerdaftar);
    assert!(
        r.entries[1].near_duplicates.is_empty(),
        "a different valid NIK is not a near-duplicate"
    );
    let p = plan_santri(&r, &local, &remote, ConflictPolicy::LocalWins);
    assert_eq!(p.pushes.len(), 1);
    assert_eq!(p.pushes[0].change.key["nik"], "3517014504100011");
    // Even with the same mother (twins share her): the NIKs decide.
    let mut twin = s("Nur Aisyah", "3517014504100029", "2010-04-05", "P");
    twin.parents = a.parents.clone();
    let r = reconcile_santri(&[twin], &remote, &ctx());
    assert_eq!(r.entries[0].status, Status::BelumTerdaftar);
    assert_eq!(r.entries[0].remote, None);
    // A NISN hit never overrides two different valid NIKs.
    let mut c = s("Hasan", "3517011111110005", "2011-11-11", "L");
    c.nisn = Some("0012345678".into());
    let mut d = s("Husain", "3517011111110013", "2011-11-11", "L");
    d.nisn = Some("0012345678".into());
    let r = reconcile_santri(&[c], &[d], &ctx());
    assert_eq!(r.entries[0].remote, None);
}

#[test]
fn departures_become_mutasi_or_deactivation() {
    let mut remote = vec![s("Ahmad Fauzi", "3517011708080001", "2008-08-17", "L")];
    remote[0].id = Some("s-9".into());
    let mut l = s("Ahmad Fauzi", "3517011708080001", "2008-08-17", "L");
    let la = l.learning_activity.as_mut().unwrap();
    la.exit_date = Some("2026-07-01".into());
    la.exit_reason = Some("mutasi".into());
    la.exit_destination = Some("pesantren".into());
    la.admission_date = Some("2020-07-01".into());
    let local = vec![l];
    let r = reconcile_santri(&local, &remote, &ctx());
    let p = plan_santri(&r, &local, &remote, ConflictPolicy::EmisWins);
    assert_eq!(p.pushes.len(), 1);
    assert_eq!(p.pushes[0].change.op, ChangeOp::MutasiKeluar);
    assert_eq!(p.pushes[0].change.id.as_deref(), Some("s-9"));
    // With the manual policy the departure waits for the operator instead.
    let p = plan_santri(&r, &local, &remote, ConflictPolicy::Manual);
    assert!(p.pushes.is_empty(), "{:?}", p.pushes);
    assert_eq!(p.needs_human.len(), 1);
    assert_eq!(p.needs_human[0].code, "sync.keluar_perlu_konfirmasi");
    assert_eq!((p.needs_human[0].local, p.needs_human[0].remote), (Some(0), Some(0)));
}

#[test]
fn the_manual_policy_leaves_differences_and_emis_only_records_to_the_operator() {
    let mut remote = vec![
        s("Ahmad Fauzi", "3517011708080001", "2008-08-17", "L"),
        s("Nur Aisyah", "3517014504100003", "2010-04-05", "P"),
    ];
    remote[0].id = Some("s-0".into());
    remote[1].id = Some("s-1".into());
    let mut changed = s("Ahmad Fauzi", "3517011708080001", "2008-08-17", "L");
    changed.parents.mother_full_name = Some("Siti Aminah Rahma".into());
    let local = vec![changed];
    let r = reconcile_santri(&local, &remote, &ctx());
    let p = plan_santri(&r, &local, &remote, ConflictPolicy::Manual);
    assert!(p.pushes.is_empty() && p.local_updates.is_empty() && p.imports.is_empty());
    let codes: Vec<&str> = p.needs_human.iter().map(|h| h.code).collect();
    assert_eq!(codes, ["sync.diskrepansi", "sync.hanya_di_emis"]);
    assert!(
        p.needs_human
            .iter()
            .all(|h| !h.message_id.is_empty() && !h.message_en.is_empty())
    );
}

#[test]
fn a_column_missing_locally_is_not_a_defect_of_a_matched_record() {
    let mut remote = s("Ahmad Fauzi", "3517011708080001", "2008-08-17", "L");
    remote.status_mukim = crate::model::StatusMukim::parse("mukim");
    let mut local = s("Ahmad Fauzi", "3517011708080001", "2008-08-17", "L");
    local.status_mukim = None;
    local.parents.mother_full_name = None;
    let cx = ctx().lembaga_kind(crate::model::LembagaKind::Pontren);
    let r = reconcile_santri(std::slice::from_ref(&local), std::slice::from_ref(&remote), &cx);
    assert_eq!(r.entries[0].status, Status::Terdaftar, "{:?}", r.entries[0]);
    assert!(reconcile::pushable(&r, 0));
    // Unmatched, the same gaps block it.
    let r = reconcile_santri(&[local], &[], &cx);
    assert_eq!(r.entries[0].status, Status::Invalid);
    assert!(r.entries[0].codes.contains(&"status_mukim.wajib"));
}
