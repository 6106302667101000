//! The sync engine end to end against the simulator over loopback HTTP: every reconcile
//! status with the right records, pushes applied on the server, a data-ganda rejection
//! reported with the server's reason and not re-sent, SIMPEG, EMIS-wins / local-wins / manual,
//! dry run, a second sync that finds nothing to do, and the journal — on a `MemoryStore` and
//! on a `DirStore` re-read from disk between sessions.

#[path = "sync_support.rs"]
mod support;

use emis_core::api::{Change, ChangeOp};
use emis_core::model::{Mutasi, MutasiArah, Santri};
use emis_core::pii::{mask_name, mask_number};
use emis_core::sync::store::{OutboxState, SessionResult, Stream};
use emis_core::sync::{
    ConflictPolicy, FailPoint, Status, SyncEngine, SyncOptions, SyncReport, journal_csv, last_successful_sync, sessions,
};
use serde_json::Value;
use support::*;

const SEED: u64 = 7;
const SANTRI_BATCH: &str = "POST /v1/students/pontrens/batch";
const GTK_BATCH: &str = "POST /v1/personnels/pontrens/batch";
const PPDB_SEARCH: &str = "GET /v1/students/pontrens/student-ppdb-search";

async fn sync(client: &emis_core::api::EmisClient, store: &mut AnyStore, opts: &SyncOptions) -> SyncReport {
    SyncEngine::new(client, store.store())
        .run(opts)
        .await
        .unwrap_or_else(|e| panic!("sync failed: {e}"))
}

fn requests(sim: &emis_sim::SimHandle, what: &str) -> u64 {
    sim.state().requests.get(what).copied().unwrap_or(0)
}

/// Local indexes of the planted records.
#[derive(Debug)]
struct Idx {
    typo: usize,
    dup: Vec<usize>,
    invalid: usize,
    new: Vec<usize>,
    elsewhere: usize,
    departed: usize,
}

fn positions(santri: &[Santri], nik: &str) -> Vec<usize> {
    (0..santri.len())
        .filter(|&i| digits(santri[i].nik.as_ref()) == nik)
        .collect()
}

fn one(santri: &[Santri], nik: &str) -> usize {
    let v = positions(santri, nik);
    assert_eq!(v.len(), 1, "exactly one local record with the NIK");
    v[0]
}

impl Idx {
    fn of(santri: &[Santri], p: &Planted) -> Idx {
        let dup = positions(santri, &p.dup_nik);
        assert_eq!(dup.len(), 2);
        Idx {
            typo: one(santri, &p.typo_nik),
            dup,
            invalid: one(santri, &p.invalid_nik),
            new: p.new_niks.iter().map(|n| one(santri, n)).collect(),
            elsewhere: one(santri, &p.elsewhere_nik),
            departed: one(santri, &p.departed_nik),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    DryRun,
    First,
    Second,
}

/// Every record's status and codes, by local index (then the EMIS-only entries).
fn check_records(r: &SyncReport, santri: &[Santri], p: &Planted, phase: Phase) {
    let ix = Idx::of(santri, p);
    let emis_only = usize::from(phase != Phase::Second);
    assert_eq!(r.records.len(), santri.len() + emis_only, "one outcome per record");
    for (i, s) in santri.iter().enumerate() {
        let o = &r.records[i];
        assert_eq!(
            o.key,
            mask_number(&digits(s.nik.as_ref())),
            "outcome {i} is local record {i}"
        );
        let codes: Vec<&str> = o.codes.iter().map(String::as_str).collect();
        let (status, code): (Status, Option<&str>) = if i == ix.typo && phase != Phase::Second {
            (Status::Diskrepansi, Some("field.full_name"))
        } else if ix.dup.contains(&i) {
            (Status::Ganda, Some("nik.ganda"))
        } else if i == ix.invalid {
            (Status::Invalid, Some("nik.tanggal_tidak_valid"))
        } else if ix.new.contains(&i) && phase == Phase::DryRun {
            (Status::BelumTerdaftar, None)
        } else if ix.new.contains(&i) && phase == Phase::First {
            (Status::Terdaftar, Some("sync.didaftarkan"))
        } else if i == ix.elsewhere && phase == Phase::DryRun {
            // EMIS tells data ganda only when the create is sent.
            (Status::BelumTerdaftar, None)
        } else if i == ix.elsewhere {
            (Status::Ganda, Some("sync.nik_aktif_di_lembaga_lain"))
        } else {
            (Status::Terdaftar, None)
        };
        assert_eq!(o.status, status, "record {i}: {o:?}");
        match code {
            Some(c) => assert!(codes.contains(&c), "record {i}: {codes:?} lacks {c}"),
            None => assert!(codes.is_empty(), "record {i}: {codes:?}"),
        }
        if i == ix.typo && phase != Phase::Second {
            assert_eq!(codes, ["field.full_name"], "only the name differs");
        }
    }
    if phase != Phase::Second {
        let last = r.records.last().expect("emis-only");
        assert_eq!(last.status, Status::HanyaDiEmis);
        assert_eq!(last.key, mask_number(&p.emis_only_nik));
    }
    let count = |s: Status| r.counts.get(s.as_str()).copied().unwrap_or(0);
    let recount = |s: Status| r.records.iter().filter(|o| o.status == s).count() as u64;
    for s in Status::ALL {
        assert_eq!(count(s), recount(s), "{s:?}");
    }
}

async fn full_sync_scenario(kind: Kind) {
    let sim = emis_e2e::sim(SEED).await;
    let sn = sim.demo_statistic_num();
    let password = sim.operator_credentials(&sn).expect("operator").password;
    let server_before = sim.santri_records(&sn);
    let (santri, gtk, p) = local_dataset(&sim);
    let tmp = TempDir::new(if kind == Kind::Dir { "e2e-dir" } else { "e2e-mem" });
    let mut store = AnyStore::new(kind, Some(&tmp), &santri, &gtk);
    let clock = emis_e2e::manual_clock();
    let client = client(&sim, &clock, |_| {});
    let mut opts = SyncOptions::new(&sn, today());
    opts.batch_size = 2;
    let mut dry = opts.clone();
    dry.dry_run = true;
    let ix = Idx::of(&santri, &p);

    // 1. Dry run: every status, the plan, and nothing pushed or changed.
    let before = local_end(store.view());
    let r0 = sync(&client, &mut store, &dry).await;
    assert!(r0.dry_run);
    check_records(&r0, &santri, &p, Phase::DryRun);
    for s in Status::ALL {
        assert!(r0.counts[s.as_str()] > 0, "{s:?} appears: {:?}", r0.counts);
    }
    let planned: Vec<(&str, u64)> = r0.planned.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(
        planned,
        [
            ("create", 3),
            ("deactivate", 0),
            ("gtk_create", 1),
            ("local_import", 1),
            ("local_update", 1),
            ("mutasi_keluar", 1),
            ("update", 0)
        ]
    );
    assert_eq!(r0.pushed, 0);
    let st = sim.state();
    assert!(
        st.idempotency.is_empty(),
        "a dry run writes nothing: {:?}",
        st.idempotency
    );
    assert_eq!(requests(&sim, SANTRI_BATCH) + requests(&sim, GTK_BATCH), 0);
    assert_eq!(st.keyless_writes, 0);
    assert_eq!(sim.santri_records(&sn), server_before);
    let mut store = store.reopen();
    assert_eq!(local_end(store.view()), before, "a dry run changes nothing locally");
    assert!(store.view().load_checkpoints().expect("checkpoints").is_empty());

    // 2. The sync (EMIS wins).
    let r1 = sync(&client, &mut store, &opts).await;
    check_records(&r1, &santri, &p, Phase::First);
    assert_eq!(r1.pushed, 4, "2 creates + 1 mutasi keluar + 1 GTK");
    assert_eq!(r1.rejected.len(), 1, "{:?}", r1.rejected);
    let rej = &r1.rejected[0];
    assert_eq!(rej.op, ChangeOp::Create);
    assert_eq!(rej.key, mask_number(&p.elsewhere_nik));
    assert_eq!(rej.code, "sync.nik_aktif_di_lembaga_lain");
    let other_name = &sim.dataset().lembaga(&p.elsewhere_sn).expect("lembaga").name.clone();
    assert!(
        rej.message.contains("mutasi keluar") && rej.message.contains(other_name.as_str()),
        "the server's reason: {}",
        rej.message
    );
    let ganda_human = |r: &SyncReport| {
        r.needs_human
            .iter()
            .find(|h| h.code == "sync.nik_aktif_di_lembaga_lain")
            .cloned()
    };
    let h = ganda_human(&r1).expect("guidance for data ganda");
    assert_eq!(h.local, Some(ix.elsewhere));
    assert!(h.message_id.contains("mutasi keluar"), "{}", h.message_id);
    assert_eq!(
        r1.needs_human
            .iter()
            .filter(|h| h.code == "sync.ganda_dalam_daftar")
            .filter_map(|h| h.local)
            .collect::<Vec<_>>(),
        ix.dup
    );
    assert_eq!((r1.local_updated, r1.local_imported), (1, 1));

    // On the server: creates, the mutasi, the GTK; nothing for GANDA / INVALID; EMIS kept
    // its name (EMIS wins); every write applied once under its key.
    let after = sim.santri_records(&sn);
    assert_eq!(after.len(), server_before.len() + 2);
    for nik in &p.new_niks {
        let rs = server_santri_by_nik(&after, nik);
        assert!(rs.len() == 1 && is_active(rs[0]), "{nik} registered once");
    }
    let d = server_santri_by_nik(&after, &p.departed_nik)[0];
    assert_eq!(
        d.pointer("/learning_activity/student_status/name"),
        Some(&Value::from("Mutasi Keluar"))
    );
    assert_eq!(
        d.pointer("/learning_activity/exit_date"),
        Some(&Value::from(today().to_string()))
    );
    assert!(server_santri_by_nik(&after, &p.elsewhere_nik).is_empty());
    assert!(
        server_santri_by_nik(&after, &p.invalid_nik).is_empty(),
        "INVALID never pushed"
    );
    assert_eq!(
        server_santri_by_nik(&after, &p.typo_nik)[0]["full_name"],
        Value::from(p.typo_emis_name.clone())
    );
    assert!(
        sim.gtk_records(&sn)
            .iter()
            .any(|g| g["nip"].as_str() == Some(p.gtk_simpeg_nip.as_str()))
    );
    assert!(
        server_end(&sim).active_per_nik.values().all(|n| *n == 1),
        "no data ganda on the server"
    );
    let st = sim.state();
    assert_eq!(st.keyless_writes, 0);
    for (key, c) in &st.idempotency {
        assert_eq!((c.applied, c.replays, c.mismatches), (1, 0, 0), "{key}: {c:?}");
    }
    let batch_keys = |st: &emis_sim::StateSnapshot| -> Vec<String> {
        st.idempotency
            .iter()
            .filter(|(_, c)| c.path.ends_with("/batch"))
            .map(|(k, _)| k.clone())
            .collect()
    };
    assert_eq!(batch_keys(&st).len(), 3, "2 santri batches of 2, 1 GTK batch");

    // Locally (re-read from disk): EMIS's name, the import, server ids, SIMPEG.
    let mut store = store.reopen();
    let local1 = store.view().load_santri().expect("santri");
    assert_eq!(local1.len(), santri.len() + 1);
    assert_eq!(local1[ix.typo].full_name.expose(), p.typo_emis_name);
    let imported = local1.last().expect("imported");
    assert_eq!(digits(imported.nik.as_ref()), p.emis_only_nik);
    assert!(imported.id.is_some());
    for &i in &ix.new {
        let server = server_santri_by_nik(&after, &digits(local1[i].nik.as_ref()))[0];
        assert_eq!(local1[i].id.as_deref(), server["id"].as_str(), "server id learnt");
    }
    assert_eq!(local1[ix.elsewhere].id, None);
    assert!(
        local1[ix.departed]
            .learning_activity
            .as_ref()
            .is_some_and(|l| l.has_left())
    );
    let gtk1 = store.view().load_gtk().expect("gtk");
    let by_nip = |nip: &str| {
        gtk1.iter()
            .find(|g| digits(g.nip.as_ref()) == nip)
            .expect("gtk by nip")
            .clone()
    };
    let found = by_nip(&p.gtk_simpeg_nip);
    let status = found.status_kepegawaian.clone().unwrap_or_default();
    assert!(status == "PNS" || status == "PPPK", "{status}");
    assert_eq!(
        found.simpeg.as_ref().and_then(|s| s.nip_baru.clone()),
        Some(p.gtk_simpeg_nip.clone()),
        "SIMPEG snapshot kept"
    );
    let unknown = by_nip(&p.gtk_unknown_nip);
    assert_eq!(unknown.status_kepegawaian.as_deref(), Some("Non PNS"));
    assert!(unknown.simpeg.is_none());
    let outcome = |name: &str| {
        r1.simpeg
            .iter()
            .find(|o| o.key == mask_name(name))
            .expect("SIMPEG outcome")
            .clone()
    };
    let o = outcome(unknown.full_name.expose());
    assert!(!o.found && o.status_kepegawaian == "Non PNS");
    assert!(
        o.reason.as_deref().is_some_and(|r| r.contains("tidak ditemukan")),
        "{o:?}"
    );
    let o = outcome(found.full_name.expose());
    assert!(o.found && o.status_kepegawaian == status && o.reason.is_none());
    assert!(
        store.view().load_outbox().expect("outbox").is_empty(),
        "acked batches pruned"
    );
    let cps = store.view().load_checkpoints().expect("checkpoints");
    assert_eq!(cps[&Stream::Santri].session_id.as_deref(), Some(r1.session_id.as_str()));
    assert!(cps[&Stream::Santri].last_acked_batch.is_some());
    assert!(cps[&Stream::Gtk].last_acked_batch.is_some());
    assert_eq!(
        cps[&Stream::Santri].rejected.len(),
        1,
        "the data-ganda rejection is remembered"
    );

    // 3. Right after: everything TERDAFTAR but what needs a human; nothing pushed, and the
    //    rejected create is not sent again (EMIS still has the NIK active elsewhere).
    let local_before = local_end(store.view());
    let idem_before = st.idempotency.clone();
    let batches_before = requests(&sim, SANTRI_BATCH) + requests(&sim, GTK_BATCH);
    let r2 = sync(&client, &mut store, &opts).await;
    check_records(&r2, &local1, &p, Phase::Second);
    let expected: Vec<(&str, u64)> = vec![
        ("BELUM_TERDAFTAR", 0),
        ("DISKREPANSI", 0),
        ("GANDA", 3),
        ("HANYA_DI_EMIS", 0),
        ("INVALID", 1),
        ("TERDAFTAR", local1.len() as u64 - 4),
    ];
    assert_eq!(
        r2.counts.iter().map(|(k, v)| (k.as_str(), *v)).collect::<Vec<_>>(),
        expected
    );
    assert_eq!(r2.pushed, 0);
    assert!(r2.rejected.is_empty());
    assert!(r2.planned.values().all(|v| *v == 0), "{:?}", r2.planned);
    assert_eq!(r2.previously_rejected.len(), 1);
    assert_eq!(
        r2.previously_rejected[0].message, rej.message,
        "with the server's reason"
    );
    assert_eq!(ganda_human(&r2).and_then(|h| h.local), Some(ix.elsewhere));
    assert_eq!(requests(&sim, SANTRI_BATCH) + requests(&sim, GTK_BATCH), batches_before);
    assert_eq!(sim.state().idempotency, idem_before, "no new write");
    assert_eq!(
        requests(&sim, PPDB_SEARCH),
        1,
        "one look whether the NIK is still active elsewhere"
    );
    let store = store.reopen();
    assert_eq!(local_end(store.view()), local_before);

    // 4. A dry run after: the last successful sync stays the real one.
    let mut store = store.reopen();
    let r3 = sync(&client, &mut store, &dry).await;
    assert_eq!(r3.pushed, 0);

    // 5. Journal (re-read): two lines per session, the last successful non-dry-run sync, CSV,
    //    and no secret anywhere in the store.
    let store = store.reopen();
    let lines = store.view().journal_lines().expect("journal");
    assert_eq!(lines.len(), 8, "{lines:#?}");
    let mut ids = Vec::new();
    for (pair, (dry_run, r)) in lines
        .chunks(2)
        .zip([(true, &r0), (false, &r1), (false, &r2), (true, &r3)])
    {
        let (start, end) = (&pair[0], &pair[1]);
        assert_eq!(start.session_id, r.session_id);
        assert_eq!(end.session_id, r.session_id);
        assert_eq!((start.result, start.finished_at_ms), (SessionResult::Started, None));
        assert_eq!(end.result, SessionResult::Success);
        assert!(end.finished_at_ms.is_some_and(|f| f >= end.started_at_ms));
        assert_eq!((start.dry_run, end.dry_run), (dry_run, dry_run));
        assert_eq!(end.counts, r.counts);
        assert_eq!(end.pushed, r.pushed);
        assert_eq!(end.rejected, r.rejected.len() as u64);
        assert_eq!(end.conflicts, r.needs_human.len() as u64);
        assert_eq!(end.statistic_num, sn);
        assert!(end.error.is_none());
        ids.push(r.session_id.clone());
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 4, "distinct session ids");
    let last = last_successful_sync(store.view()).expect("journal").expect("a success");
    assert_eq!(last.session_id, r2.session_id);
    let all = sessions(store.view()).expect("sessions");
    assert_eq!(all.len(), 4);
    let csv = journal_csv(&all);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 5, "{csv}");
    assert!(rows[0].starts_with("session_id,started_at_ms,finished_at_ms,result,dry_run"));
    assert!(
        rows[1..]
            .iter()
            .all(|r| r.split(',').count() >= 16 && r.contains(",success,"))
    );
    assert!(rows[1].starts_with(&r3.session_id), "newest first");
    let json = serde_json::to_string(&lines).expect("json");
    for text in [&json, &csv] {
        assert_no_secret(text, &password);
    }
    if let AnyStore::Dir(_, path) = &store {
        for f in std::fs::read_dir(path).expect("store folder") {
            let f = f.expect("entry").path();
            let text = std::fs::read_to_string(&f).expect("store file");
            assert_no_secret(&text, &password);
        }
        assert!(path.join("journal.jsonl").exists());
    }
    drop(store);
    drop(tmp);
}

fn assert_no_secret(text: &str, password: &str) {
    assert!(!text.contains(password), "password in the journal/store");
    assert!(!text.contains("sim-FAKE"), "a credential in the journal/store");
    assert!(!text.contains("Bearer"), "a token in the journal/store");
    assert!(!text.contains("eyJ"), "a JWT in the journal/store");
}

#[tokio::test]
async fn full_sync_memory_store() {
    full_sync_scenario(Kind::Memory).await;
}

#[tokio::test]
async fn full_sync_dir_store_persists() {
    full_sync_scenario(Kind::Dir).await;
}

#[tokio::test]
async fn local_wins_pushes_only_the_differing_fields() {
    let sim = emis_e2e::sim(SEED).await;
    let sn = sim.demo_statistic_num();
    let (santri, gtk, p) = local_dataset(&sim);
    let typo_before = server_santri_by_nik(&sim.santri_records(&sn), &p.typo_nik)[0].clone();
    let mut store = AnyStore::new(Kind::Memory, None, &santri, &gtk);
    let clock = emis_e2e::manual_clock();
    let client = client(&sim, &clock, |_| {});
    let mut opts = SyncOptions::new(&sn, today());
    opts.policy = ConflictPolicy::LocalWins;
    // Stop right after the santri batch is answered, to read what was sent.
    opts.fail_at = Some(FailPoint::AfterAck);
    let err = SyncEngine::new(&client, store.store())
        .run(&opts)
        .await
        .expect_err("simulated crash");
    assert!(err.to_string().contains("simulated crash"), "{err}");
    let outbox = store.view().load_outbox().expect("outbox");
    let sent = outbox
        .iter()
        .find(|e| e.stream == Stream::Santri && e.state == OutboxState::Acked)
        .expect("santri batch answered");
    let updates: Vec<&Change> = sent.changes.iter().filter(|c| c.op == ChangeOp::Update).collect();
    assert_eq!(updates.len(), 1, "only the record that differs");
    let u = updates[0];
    assert_eq!(u.key["nik"], Value::from(p.typo_nik.clone()));
    assert_eq!(u.id.as_deref(), typo_before["id"].as_str());
    assert_eq!(
        u.fields.keys().map(String::as_str).collect::<Vec<_>>(),
        ["full_name"],
        "only the differing field"
    );
    assert_eq!(u.fields["full_name"], Value::from(p.typo_local_name.clone()));

    opts.fail_at = None;
    let r = sync(&client, &mut store, &opts).await;
    assert_eq!(r.resumed_batches, 1, "the GTK batch left pending");
    let typo_after = server_santri_by_nik(&sim.santri_records(&sn), &p.typo_nik)[0].clone();
    assert_eq!(typo_after["full_name"], Value::from(p.typo_local_name.clone()));
    let strip = |v: &Value| {
        let mut v = v.clone();
        v.as_object_mut().expect("object").remove("full_name");
        v
    };
    assert_eq!(strip(&typo_after), strip(&typo_before), "nothing else changed on EMIS");
    let local = store.view().load_santri().expect("santri");
    assert_eq!(local[one(&local, &p.typo_nik)].full_name.expose(), p.typo_local_name);
    assert_eq!(local.len(), santri.len(), "local wins imports nothing");
    assert!(r.needs_human.iter().any(|h| h.code == "sync.hanya_di_emis"));

    let r = sync(&client, &mut store, &opts).await;
    assert_eq!(r.pushed, 0);
    assert_eq!(r.counts["DISKREPANSI"], 0);
    assert_eq!(r.records[one(&local, &p.typo_nik)].status, Status::Terdaftar);
}

#[tokio::test]
async fn manual_policy_lists_decisions_for_a_human() {
    let sim = emis_e2e::sim(SEED).await;
    let sn = sim.demo_statistic_num();
    let server_before = sim.santri_records(&sn);
    let (santri, gtk, p) = local_dataset(&sim);
    let ix = Idx::of(&santri, &p);
    let mut store = AnyStore::new(Kind::Memory, None, &santri, &gtk);
    let clock = emis_e2e::manual_clock();
    let client = client(&sim, &clock, |_| {});
    let mut opts = SyncOptions::new(&sn, today());
    opts.policy = ConflictPolicy::Manual;
    let r = sync(&client, &mut store, &opts).await;
    let human = |code: &str| {
        r.needs_human
            .iter()
            .filter(|h| h.code == code)
            .map(|h| (h.local, h.remote.is_some()))
            .collect::<Vec<_>>()
    };
    assert_eq!(human("sync.diskrepansi"), [(Some(ix.typo), true)]);
    assert_eq!(human("sync.hanya_di_emis"), [(None, true)]);
    assert_eq!(human("sync.keluar_perlu_konfirmasi"), [(Some(ix.departed), true)]);
    for k in ["update", "mutasi_keluar", "deactivate", "local_update", "local_import"] {
        assert_eq!(r.planned[k], 0, "{k}");
    }
    assert_eq!(r.planned["create"], 3, "new santri are still registered");
    let after = sim.santri_records(&sn);
    assert_eq!(after.len(), server_before.len() + 2);
    assert_eq!(
        server_santri_by_nik(&after, &p.typo_nik)[0]["full_name"],
        Value::from(p.typo_emis_name.clone())
    );
    assert!(is_active(server_santri_by_nik(&after, &p.departed_nik)[0]));
    let local = store.view().load_santri().expect("santri");
    assert_eq!(local.len(), santri.len());
    assert_eq!(local[ix.typo].full_name.expose(), p.typo_local_name);
}

#[tokio::test]
async fn data_ganda_is_sent_again_once_the_other_lembaga_records_mutasi_keluar() {
    let sim = emis_e2e::sim(SEED).await;
    let sn = sim.demo_statistic_num();
    let (santri, gtk, p) = local_dataset(&sim);
    let ix = Idx::of(&santri, &p);
    let mut store = AnyStore::new(Kind::Memory, None, &santri, &gtk);
    let clock = emis_e2e::manual_clock();
    let client = client(&sim, &clock, |_| {});
    let opts = SyncOptions::new(&sn, today());
    let r = sync(&client, &mut store, &opts).await;
    assert_eq!(r.rejected.len(), 1);
    let r = sync(&client, &mut store, &opts).await;
    assert!(r.rejected.is_empty() && r.previously_rejected.len() == 1);

    // The other lembaga records the transfer out, as the guidance says.
    let other = client_as(&sim, &p.elsewhere_sn, &clock, |_| {});
    let mut key = serde_json::Map::new();
    key.insert("nik".into(), Value::from(p.elsewhere_nik.clone()));
    let out = other
        .submit_santri_batch(
            &[Change {
                op: ChangeOp::MutasiKeluar,
                id: Some(p.elsewhere_id.clone()),
                key,
                fields: Default::default(),
                mutasi: Some(Mutasi {
                    arah: MutasiArah::Keluar,
                    tanggal: Some(today().to_string()),
                    alasan: Some("pindah pondok".into()),
                    jenis_tujuan: Some("pesantren".into()),
                    dari_statistic_num: Some(p.elsewhere_sn.clone()),
                    ke_statistic_num: Some(sn.clone()),
                    disetujui: true,
                }),
                reason: Some("pindah pondok".into()),
            }],
            "other-lembaga-mutasi-1",
        )
        .await
        .expect("mutasi keluar at the other lembaga");
    assert_eq!(out[0].status, emis_core::api::ItemStatus::Applied);
    let batches = requests(&sim, SANTRI_BATCH);

    let r = sync(&client, &mut store, &opts).await;
    assert_eq!(requests(&sim, SANTRI_BATCH), batches + 1, "sent again, once");
    assert!(r.rejected.is_empty() && r.previously_rejected.is_empty());
    assert_eq!(r.records[ix.elsewhere].status, Status::Terdaftar);
    assert!(r.records[ix.elsewhere].codes.iter().any(|c| c == "sync.didaftarkan"));
    let here = sim.santri_records(&sn);
    assert!(is_active(server_santri_by_nik(&here, &p.elsewhere_nik)[0]));
    let cps = store.view().load_checkpoints().expect("checkpoints");
    assert!(cps[&Stream::Santri].rejected.is_empty(), "forgotten once applied");
    assert!(server_end(&sim).active_per_nik.values().all(|n| *n == 1));
}

#[tokio::test]
async fn simpeg_failure_gives_non_pns_with_the_reason_but_keeps_a_confirmed_status() {
    use emis_sim::{Fault, FaultRule, Faults};
    let sim = emis_e2e::sim(SEED).await;
    let sn = sim.demo_statistic_num();
    let (santri, gtk, p) = local_dataset(&sim);
    let mut store = AnyStore::new(Kind::Memory, None, &santri, &gtk);
    let clock = emis_e2e::manual_clock();
    let client = client(&sim, &clock, |_| {});
    let opts = SyncOptions::new(&sn, today());
    let down = Faults::single(FaultRule::new(Some("POST"), "/api/v1/cek_nip", Fault::Status(500)));
    let with_nip = |store: &AnyStore| {
        store
            .view()
            .load_gtk()
            .expect("gtk")
            .into_iter()
            .filter(|g| g.nip.as_ref().is_some_and(|n| !n.is_blank()))
            .collect::<Vec<_>>()
    };

    // SIMPEG down on the first lookup: Non PNS, with the reason.
    sim.set_faults(down.clone());
    let r = sync(&client, &mut store, &opts).await;
    assert_eq!(r.simpeg.len(), with_nip(&store).len());
    for o in &r.simpeg {
        assert!(!o.found && o.status_kepegawaian == "Non PNS", "{o:?}");
        assert!(o.reason.as_deref().is_some_and(|r| r.contains("500")), "{o:?}");
    }
    assert!(
        with_nip(&store)
            .iter()
            .all(|g| g.status_kepegawaian.as_deref() == Some("Non PNS"))
    );

    // SIMPEG back: found GTK get their status and snapshot.
    sim.set_faults(Faults::none());
    let r = sync(&client, &mut store, &opts).await;
    let confirmed: Vec<_> = r.simpeg.iter().filter(|o| o.found).collect();
    assert!(confirmed.len() >= 2, "{:?}", r.simpeg);
    let unknown = with_nip(&store)
        .into_iter()
        .find(|g| digits(g.nip.as_ref()) == p.gtk_unknown_nip)
        .expect("gtk");
    assert_eq!(unknown.status_kepegawaian.as_deref(), Some("Non PNS"));
    let before = with_nip(&store);

    // Down again: a failed lookup does not undo what SIMPEG confirmed.
    sim.set_faults(down);
    let r = sync(&client, &mut store, &opts).await;
    assert_eq!(with_nip(&store), before);
    for o in r.simpeg.iter().filter(|o| o.status_kepegawaian != "Non PNS") {
        assert!(
            o.reason.as_deref().is_some_and(|r| r.contains("dipertahankan")),
            "{o:?}"
        );
    }
}

#[tokio::test]
async fn a_batch_refused_as_a_whole_is_reported_and_does_not_block_later_syncs() {
    use emis_sim::{Fault, FaultRule, Faults};
    let sim = emis_e2e::sim(SEED).await;
    let sn = sim.demo_statistic_num();
    let (santri, gtk, p) = local_dataset(&sim);
    let ix = Idx::of(&santri, &p);
    let mut store = AnyStore::new(Kind::Memory, None, &santri, &gtk);
    let clock = emis_e2e::manual_clock();
    let client = client(&sim, &clock, |_| {});
    let mut opts = SyncOptions::new(&sn, today());
    opts.batch_size = 2;
    sim.set_faults(Faults::single(
        FaultRule::new(Some("POST"), "/v1/students/pontrens/batch", Fault::Status(422)).nth(1),
    ));

    // Batch 1 (the mutasi keluar and the first new santri) is refused whole: its items are
    // rejected with the server's answer, and the rest of the sync goes on.
    let r = sync(&client, &mut store, &opts).await;
    let refused: Vec<_> = r
        .rejected
        .iter()
        .filter(|x| x.code == "sync.batch_ditolak.http_422")
        .collect();
    assert_eq!(refused.len(), 2, "{:?}", r.rejected);
    assert!(refused.iter().all(|x| x.message.contains("422")));
    assert_eq!(
        refused.iter().map(|x| x.op).collect::<Vec<_>>(),
        [ChangeOp::MutasiKeluar, ChangeOp::Create]
    );
    assert_eq!(r.rejected.len(), 3, "and the data ganda");
    assert_eq!(r.pushed, 2, "the second new santri and the GTK");
    assert_eq!(
        r.needs_human.iter().filter(|h| h.code == "sync.ditolak_server").count(),
        2
    );
    assert!(store.view().load_outbox().expect("outbox").is_empty(), "nothing stuck");

    // Not re-sent as they are...
    let batches = requests(&sim, SANTRI_BATCH);
    sim.set_faults(Faults::none());
    let r = sync(&client, &mut store, &opts).await;
    assert_eq!(r.pushed, 0);
    assert_eq!(r.previously_rejected.len(), 3);
    assert_eq!(requests(&sim, SANTRI_BATCH), batches);

    // ...but once the record is corrected, it is.
    let mut local = store.view().load_santri().expect("santri");
    local[ix.new[0]].handphone = Some("081234567890".into());
    store.store().save_santri(&local).expect("save");
    let r = sync(&client, &mut store, &opts).await;
    assert_eq!(r.pushed, 1);
    assert_eq!(r.records[ix.new[0]].status, Status::Terdaftar);
    assert_eq!(requests(&sim, SANTRI_BATCH), batches + 1);

    // And the operator can ask for the rest to be sent again.
    let mut again = opts.clone();
    again.retry_rejected = true;
    let r = sync(&client, &mut store, &again).await;
    assert_eq!(r.pushed, 1, "the mutasi keluar");
    assert_eq!(r.rejected.len(), 1, "data ganda again: {:?}", r.rejected);
    let d = server_santri_by_nik(&sim.santri_records(&sn), &p.departed_nik)[0].clone();
    assert!(!is_active(&d));
}
