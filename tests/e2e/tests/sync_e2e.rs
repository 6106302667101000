//! The sync end to end against the simulator's default profile (the real EMIS as public
//! clients show it): single multipart creates, the assumed update, data ganda, approval
//! states read back from the list, SIMPEG match and mismatch, a pasted token that ends
//! mid-run, unsupported writes, the folder store's lock and permissions, a hostile server.

#[path = "sync_support.rs"]
mod support;

use emis_core::api::{ClientEvent, EmisConfig};
use emis_core::error::Error;
use emis_core::sync::{
    CancelToken, ConflictPolicy, DirStore, LocalStore, Status, SyncEngine, WriteState, last_successful_sync,
};
use emis_sim::{ApprovalAction, Fault, FaultRule, Faults, SessionShape};
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::*;

fn mem_with(local: &[emis_core::model::Santri], gtk: &[emis_core::model::Gtk]) -> Shared {
    let mut m = Shared::default();
    m.save_santri(local).unwrap();
    m.save_gtk(gtk).unwrap();
    m
}

fn states(store: &dyn LocalStore) -> Vec<(String, WriteState)> {
    store
        .load_outbox()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e.change
                    .key
                    .get("nik")
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string(),
                e.state,
            )
        })
        .collect()
}

fn state_of(store: &dyn LocalStore, nik: &str) -> Option<WriteState> {
    states(store).into_iter().find(|(n, _)| n == nik).map(|(_, s)| s)
}

/// A GTK whose NIP SIMPEG does not know stays Non PNS with `gtk.simpeg_gagal`; one whose
/// NIP cannot even be read gets the same code without a lookup.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nip_simpeg_does_not_know_stays_non_pns() {
    let sim = sim_real(11).await;
    let (local, mut gtk, _) = local_dataset(&sim);
    let with_nip: Vec<usize> = (0..gtk.len()).filter(|&i| gtk[i].nip.is_some()).collect();
    assert!(with_nip.len() >= 2, "the simulator plants GTK with a NIP");
    // Synthetic: born 1 Jan 1985, TMT Jan 2010, male, sequence 999 (not in SIMPEG).
    gtk[with_nip[0]].nip = Some("198501012010011999".into());
    gtk[with_nip[1]].nip = Some("19850101201".into());
    let clock = clock();
    let cl = client(&sim, Auth::Password, &clock, |_| {});
    let (r, _) = sync(&cl, Box::new(mem_with(&local, &gtk)), &options(&sim)).await;
    let r = r.expect("sync");
    let failed: Vec<_> = r.simpeg.iter().filter(|o| o.code == Some("gtk.simpeg_gagal")).collect();
    assert_eq!(failed.len(), 2, "{:#?}", r.simpeg);
    assert!(failed.iter().all(|o| !o.found && o.status_kepegawaian == "Non PNS"));
    assert!(
        failed
            .iter()
            .any(|o| o.reason.as_deref().is_some_and(|x| x.contains("tidak ditemukan")))
    );
    assert!(
        failed
            .iter()
            .any(|o| o.reason.as_deref().is_some_and(|x| x.contains("tidak valid")))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_sync_on_the_real_profile() {
    let sim = sim_real(7).await;
    let (local, gtk, p) = local_dataset(&sim);
    let before_namesake = server_end(&sim).santri[&p.sn][&p.namesake_of].clone();
    let clock = clock();
    let cl = client(&sim, Auth::Password, &clock, |_| {});
    let mem = mem_with(&local, &gtk);
    let opts = options(&sim);
    let (r, _) = sync(&cl, Box::new(mem.clone()), &opts).await;
    let r = r.expect("sync");

    // Creates: new santri, the namesake (another person) and both twins; once each.
    let end = server_end(&sim);
    let here = &end.santri[&p.sn];
    for n in p.new_niks.iter().chain(&p.twin_niks).chain([&p.namesake_nik]) {
        assert!(here.contains_key(n), "created: {n}");
        assert_eq!(state_of(&mem, n), Some(WriteState::Accepted));
    }
    assert!(end.created_more_than_once.is_empty());
    assert_eq!(
        here[&p.namesake_of], before_namesake,
        "the namesake's twin record is untouched"
    );
    assert_eq!(r.pushed as usize, p.new_niks.len() + p.twin_niks.len() + 1);
    // Data ganda: refused with the server's reason, GANDA, for the operator.
    assert_eq!(state_of(&mem, &p.elsewhere_nik), Some(WriteState::Ditolak));
    assert!(
        r.rejected
            .iter()
            .any(|x| x.code == "sync.nik_aktif_di_lembaga_lain" && !x.message.is_empty())
    );
    assert!(r.needs_human.iter().any(|h| h.code == "sync.nik_aktif_di_lembaga_lain"));
    assert!(r.counts["GANDA"] >= 1);
    // The departure: no public endpoint → unsupported, the rest went on.
    assert!(
        r.unsupported.iter().any(|u| u == "santri_mutasi"),
        "{:?}",
        r.unsupported
    );
    assert_eq!(state_of(&mem, &p.departed_nik), Some(WriteState::TidakDidukung));
    // EMIS wins: the typo'd local name took EMIS's value.
    let fixed = mem.load_santri().unwrap();
    let t = fixed.iter().find(|s| digits(s.nik.as_ref()) == p.typo_nik).unwrap();
    assert_ne!(t.full_name.expose(), p.typo_local_name);
    // The period came from the list rows; the shape variance became warnings, not failures.
    assert_eq!(
        r.academic_year_id.as_ref().map(|(_, s)| s.as_str()),
        Some("learning_activity")
    );
    // Shape variance is on: non-decisive fields of another type were read and reported.
    assert!(r.shape_warnings_total > 0 && !r.shape_warnings.is_empty());
    assert!(
        r.shape_warnings
            .iter()
            .all(|w| w.path.starts_with("results[") || w.path.starts_with("lembaga."))
    );
    // SIMPEG: at least one confirmed and one for the operator (planted mismatches).
    use emis_core::sync::SimpegDecision;
    assert!(
        r.simpeg
            .iter()
            .any(|s| matches!(s.decision, Some(SimpegDecision::Confirmed { .. }))),
        "{:#?}",
        r.simpeg
    );
    assert!(
        r.simpeg
            .iter()
            .any(|s| matches!(s.decision, Some(SimpegDecision::NeedsOperator { .. })))
    );
    assert!(r.needs_human.iter().any(|h| h.code == "sync.simpeg_perlu_konfirmasi"));
    let shown = serde_json::to_string(&r).unwrap();
    for n in p.new_niks.iter().chain([&p.elsewhere_nik]) {
        assert!(!shown.contains(n.as_str()), "a NIK in the report");
    }

    // Approval states, read back from the list on later pulls.
    let (r2, _) = sync(&cl, Box::new(mem.clone()), &opts).await;
    let r2 = r2.expect("sync 2");
    assert_eq!(r2.pushed, 0, "nothing sent twice");
    assert_eq!(state_of(&mem, &p.new_niks[0]), Some(WriteState::MenungguKepala));
    sim.approvals(ApprovalAction::Advance, None, None);
    sim.approvals(ApprovalAction::Reject, Some(&p.new_niks[1]), Some("KK tidak terbaca"));
    let (r3, _) = sync(&cl, Box::new(mem.clone()), &opts).await;
    let r3 = r3.expect("sync 3");
    assert_eq!(state_of(&mem, &p.new_niks[0]), Some(WriteState::MenungguKabkota));
    assert_eq!(state_of(&mem, &p.new_niks[1]), Some(WriteState::Ditolak));
    assert!(r3.needs_human.iter().any(|h| h.code == "sync.ditolak_persetujuan"));
    sim.approvals(ApprovalAction::Approve, None, None);
    let (r4, _) = sync(&cl, Box::new(mem.clone()), &opts).await;
    r4.expect("sync 4");
    assert_eq!(state_of(&mem, &p.new_niks[0]), None, "approved writes leave the outbox");
    let j = mem.journal_lines().unwrap();
    assert!(
        j.iter()
            .flat_map(|e| &e.writes)
            .any(|w| w.state == WriteState::Disetujui)
    );
    assert!(last_successful_sync(&mem).unwrap().is_some());
    assert!(server_end(&sim).created_more_than_once.is_empty());
    sim.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn local_wins_pushes_updates_including_the_address() {
    let sim = sim_real(8).await;
    let (mut local, gtk, p) = local_dataset(&sim);
    let i = local.iter().position(|s| digits(s.nik.as_ref()) == p.typo_nik).unwrap();
    local[i].alamat.address = Some("Jl. Pesantren Baru No. 9".into());
    let clock = clock();
    let cl = client(&sim, Auth::Password, &clock, |_| {});
    let mem = mem_with(&local, &gtk);
    let mut opts = options(&sim);
    opts.policy = ConflictPolicy::LocalWins;
    let (r, _) = sync(&cl, Box::new(mem.clone()), &opts).await;
    let r = r.expect("sync");
    assert!(r.planned["update"] >= 1);
    let rec = &server_end(&sim).santri[&p.sn][&p.typo_nik];
    assert_eq!(
        rec.get("full_name").and_then(Value::as_str),
        Some(p.typo_local_name.as_str())
    );
    let addr = rec.to_string();
    assert!(addr.contains("Pesantren Baru"), "address pushed: {addr}");
    sim.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pasted_token_that_ends_mid_run_stops_cleanly_and_resumes() {
    let sim = sim_real(9).await;
    let (local, gtk, p) = local_dataset(&sim);
    let clock = clock();
    let mem = mem_with(&local, &gtk);
    let opts = options(&sim);
    // The session ends on the third create, as a 419 page.
    sim.set_faults(Faults::single(
        FaultRule::new(
            Some("POST"),
            "/v1/students/ppdb",
            Fault::ExpireSession {
                shape: SessionShape::PageExpired,
            },
        )
        .nth(3),
    ));
    let cl = client(&sim, Auth::Token(16_200), &clock, |_| {});
    let (r, _) = sync(&cl, Box::new(mem.clone()), &opts).await;
    let e = r.expect_err("the token ended");
    assert!(matches!(e.root(), Error::SessionExpired { .. }), "{e}");
    assert!(e.to_string().contains("Salin token baru"), "{e}");
    let left = states(&mem).iter().filter(|(_, s)| *s == WriteState::Queued).count();
    assert!(left > 0, "what was not sent stays queued");
    assert!(
        !states(&mem).iter().any(|(_, s)| *s == WriteState::Sent),
        "a refused write is not 'unknown'"
    );
    // The operator pastes a fresh token and runs again.
    sim.set_faults(Faults::none());
    let cl = client(&sim, Auth::Token(16_200), &clock, |_| {});
    let (r, _) = sync(&cl, Box::new(mem.clone()), &opts).await;
    r.expect("resumed");
    let end = server_end(&sim);
    assert!(end.created_more_than_once.is_empty());
    for n in &p.new_niks {
        assert!(end.santri[&p.sn].contains_key(n));
    }
    sim.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dry_run_sends_nothing() {
    let sim = sim_real(10).await;
    let (local, gtk, p) = local_dataset(&sim);
    let clock = clock();
    let cl = client(&sim, Auth::Password, &clock, |_| {});
    let mem = mem_with(&local, &gtk);
    let mut opts = options(&sim);
    opts.dry_run = true;
    let before = server_end(&sim);
    let (r, _) = sync(&cl, Box::new(mem.clone()), &opts).await;
    let r = r.expect("dry run");
    assert!(r.planned["create"] as usize >= p.new_niks.len());
    assert_eq!(server_end(&sim), before);
    assert!(mem.load_outbox().unwrap().is_empty());
    sim.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_folder_store_is_private_and_locked() {
    let sim = sim_real(11).await;
    let (local, gtk, _) = local_dataset(&sim);
    let dir = TempDir::new("lock");
    let path = dir_store(&dir, &local, &gtk);
    let mut first = DirStore::open(&path).unwrap();
    first.lock_for_sync().unwrap();
    let clock = clock();
    let cl = client(&sim, Auth::Password, &clock, |_| {});
    let (r, _) = sync(&cl, Box::new(DirStore::open(&path).unwrap()), &options(&sim)).await;
    let e = r.expect_err("a second sync on the folder");
    assert!(e.to_string().contains("sedang dipakai"), "{e}");
    drop(first);
    let (r, _) = sync(&cl, Box::new(DirStore::open(&path).unwrap()), &options(&sim)).await;
    r.expect("after the first let go");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o700);
        for f in std::fs::read_dir(&path).unwrap() {
            let f = f.unwrap().path();
            assert_eq!(mode(&f), 0o600, "{}", f.display());
        }
    }
    sim.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_server_gets_clear_errors_not_a_hang() {
    let sim = sim_real(12).await;
    let (local, gtk, _) = local_dataset(&sim);
    let clock = clock();
    let events: Arc<Mutex<Vec<ClientEvent>>> = Arc::default();
    let tune = |c: &mut EmisConfig| {
        c.max_response_bytes = 1 << 20;
        c.timeout = Duration::from_millis(700);
        c.retry.max_attempts = 3;
    };
    // An endless body: stopped at the limit, not retried.
    sim.set_faults(Faults::single(FaultRule::new(
        Some("GET"),
        "/v1/students/pontrens/institution",
        Fault::EndlessBody,
    )));
    let cl = client(&sim, Auth::Password, &clock, tune);
    let started = std::time::Instant::now();
    let (r, _) = sync(&cl, Box::new(mem_with(&local, &gtk)), &options(&sim)).await;
    assert!(matches!(r.expect_err("endless").root(), Error::ResponseTooLarge { .. }));
    assert!(started.elapsed() < Duration::from_secs(20));
    // A hang: each attempt ends at the timeout, retries are announced, then a clear error.
    sim.set_faults(Faults::single(FaultRule::new(
        Some("GET"),
        "/v1/students/pontrens/institution",
        Fault::Hang,
    )));
    let cl = client(&sim, Auth::Password, &clock, tune);
    let ev = events.clone();
    cl.set_event_sink(Some(Arc::new(move |e: &ClientEvent| {
        ev.lock().unwrap().push(e.clone())
    })));
    let started = std::time::Instant::now();
    let (r, _) = sync(&cl, Box::new(mem_with(&local, &gtk)), &options(&sim)).await;
    let e = r.expect_err("hang");
    assert!(matches!(e.root(), Error::Timeout(_)), "{e}");
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
    assert_eq!(
        events
            .lock()
            .unwrap()
            .iter()
            .filter(|e| matches!(e, ClientEvent::Retrying { .. }))
            .count(),
        2,
        "every retry is announced"
    );
    // A truncated list is read again (a read is safe to repeat).
    sim.set_faults(Faults::single(
        FaultRule::new(Some("GET"), "/v1/students/pontrens/institution", Fault::TruncatedJson).times(1),
    ));
    let cl = client(&sim, Auth::Password, &clock, |_| {});
    let (r, _) = sync(&cl, Box::new(mem_with(&local, &gtk)), &options(&sim)).await;
    r.expect("a truncated read is retried");
    sim.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_field_is_never_pushed() {
    let sim = sim_real(13).await;
    let (mut local, gtk, p) = local_dataset(&sim);
    let i = local
        .iter()
        .position(|s| digits(s.nik.as_ref()) == p.new_niks[0])
        .unwrap();
    local[i].full_name = "A".repeat(50 << 20).into();
    let clock = clock();
    let cl = client(&sim, Auth::Password, &clock, |_| {});
    let mem = mem_with(&local, &gtk);
    let (r, _) = sync(&cl, Box::new(mem.clone()), &options(&sim)).await;
    let r = r.expect("sync");
    assert!(r.bytes.1 < 1 << 20, "sent {} bytes", r.bytes.1);
    assert!(!server_end(&sim).santri[&p.sn].contains_key(&p.new_niks[0]));
    assert!(r.records.iter().any(|o| o.status == Status::Invalid));
    sim.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_finishes_the_write_in_flight_and_keeps_the_rest() {
    let sim = sim_real(14).await;
    let (local, gtk, _) = local_dataset(&sim);
    let clock = clock();
    let cl = client(&sim, Auth::Password, &clock, |_| {});
    let mem = mem_with(&local, &gtk);
    let token = CancelToken::new();
    let t = token.clone();
    let mut engine = SyncEngine::new(cl.clone(), Box::new(mem.clone()))
        .cancel_token(token)
        .on_progress(move |p: &emis_core::sync::Progress| {
            if p.stage == emis_core::sync::Stage::Push && p.done == 2 {
                t.cancel();
            }
        });
    let e = engine.run(&options(&sim)).await.expect_err("cancelled");
    assert!(matches!(e, Error::Cancelled));
    let sent = mem.load_outbox().unwrap().iter().filter(|e| e.sends > 0).count();
    assert_eq!(sent, 2, "two writes went out before the cancel, none after");
    assert!(states(&mem).iter().any(|(_, s)| *s == WriteState::Queued));
    let (r, _) = sync(&cl, Box::new(mem.clone()), &options(&sim)).await;
    r.expect("resumed");
    assert!(settled(&mem));
    assert!(server_end(&sim).created_more_than_once.is_empty());
    sim.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_create_whose_answer_was_lost_is_looked_up_not_sent_again() {
    let sim = sim_real(15).await;
    let (local, gtk, p) = local_dataset(&sim);
    let clock = clock();
    let cl = client(&sim, Auth::Password, &clock, |_| {});
    let mem = mem_with(&local, &gtk);
    // The first create is applied, then the connection drops before the reply.
    sim.set_faults(Faults::single(
        FaultRule::new(
            Some("POST"),
            "/v1/students/ppdb",
            Fault::ResetMidBody { after_bytes: Some(0) },
        )
        .nth(1)
        .after_apply(),
    ));
    let (r, _) = sync(&cl, Box::new(mem.clone()), &options(&sim)).await;
    let r = r.expect("sync");
    assert_eq!(r.resolved_by_lookup, 1, "{:?}", r.write_states);
    let end = server_end(&sim);
    assert!(end.created_more_than_once.is_empty());
    for n in &p.new_niks {
        assert!(end.santri[&p.sn].contains_key(n));
    }
    let j = mem.journal_lines().unwrap();
    assert!(
        j.iter()
            .flat_map(|e| &e.writes)
            .any(|w| w.code.as_deref() == Some("sync.ditemukan_setelah_terputus"))
    );
    sim.shutdown();
}
