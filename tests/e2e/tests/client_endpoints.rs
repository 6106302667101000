//! Every endpoint of `EmisClient` against the simulator over loopback HTTP, without faults:
//! lembaga, periods, santri (paging edge cases, detail with the `IdEncryptor` hook, search),
//! GTK, SIMPEG, batches with per-item results, sync jobs, registration, partner login.

mod client_support;

use client_support::*;
use emis_core::Error;
use emis_core::api::{
    Change, ChangeOp, IdEncryptor, ItemStatus, JobStatus, QueueProgress, Registration, RegistrationState, SimpegLookup,
};
use emis_core::id::nik::JenisKelamin;
use emis_core::id::{IdKind, Nip};
use emis_core::pii::Sensitive;
use emis_sim::codes;
use emis_sim::datagen::RecordStatus;
use std::sync::{Arc, Mutex};

#[tokio::test]
async fn lembaga_info_profile_and_periods() {
    let sim = emis_e2e::sim(11).await;
    let stat = sim.demo_statistic_num();
    let demo = sim.dataset().demo_lembaga().clone();
    let client = emis_e2e::client_for(&sim, |_| {});

    let info = client.lembaga_info(&stat).await.expect("lembaga_info");
    assert_eq!(info.name, demo.name);
    assert_eq!(info.statistic_num.as_deref(), Some(stat.as_str()));
    assert_eq!(info.npsn.as_deref(), Some(demo.npsn.as_str()));
    assert_eq!(info.id, Some(demo.institution_id.to_string()));
    assert_eq!(info.institution_group_id, Some(demo.kind));
    assert!(!info.jenjang.is_empty());

    let active = sim.state().active_period_id;
    let profile = client
        .lembaga_profile(info.id.as_deref().unwrap(), active)
        .await
        .expect("profile");
    assert_eq!(profile["institution"]["statistic_num"], stat.as_str());
    assert_eq!(profile["academic_year"]["academic_year_id"], active);
    let active_santri = sim
        .santri_records(&stat)
        .iter()
        .filter(|r| {
            r["learning_activity"]["academic_year_id"] == active
                && r["learning_activity"]["student_status"]["name"] == "Aktif"
        })
        .count();
    assert!(active_santri > 0);
    assert_eq!(profile["santri"]["total"], active_santri as u64);

    let periods = client.periods().await.expect("periods");
    assert_eq!(periods.len(), 10);
    let p13 = periods.iter().find(|p| p.academic_year_id == 13).expect("id 13");
    assert_eq!(p13.name, "Ganjil 2023/2024");
    let open: Vec<_> = periods.iter().filter(|p| p.is_active).collect();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].academic_year_id, active);
    assert!(open[0].open_date.is_some() && open[0].close_date.is_some());
    // One login for all of it.
    assert_eq!(seen(&sim, &format!("POST {LOGIN}")), 1);
}

#[tokio::test]
async fn santri_pages_and_per_page_edges() {
    let sim = emis_e2e::sim(12).await;
    let stat = sim.demo_statistic_num();
    let client = emis_e2e::client_for(&sim, |_| {});
    let mut server_ids: Vec<String> = sim
        .santri_records(&stat)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    server_ids.sort();
    let total = server_ids.len() as u64;
    assert!(total > 25, "enough santri to page: {total}");
    let list = format!("GET {SANTRI_LIST}");

    // One page: metadata.
    let p1 = client.santri_page(1, 10).await.expect("page 1");
    assert_eq!(p1.items.len(), 10);
    assert_eq!(p1.meta.page, Some(1));
    assert_eq!(p1.meta.per_page, Some(10));
    assert_eq!(p1.meta.total, Some(total));
    let pages = total.div_ceil(10);
    assert_eq!(p1.meta.total_pages, Some(pages));
    // The last page is short, past the end is empty.
    let last = client.santri_page(pages, 10).await.expect("last page");
    assert_eq!(last.items.len() as u64, total - 10 * (pages - 1));
    let past = client.santri_page(pages + 1, 10).await.expect("past the end");
    assert!(past.items.is_empty());
    // per_page 0 is sent as is and the server clamps it to 1.
    let zero = client.santri_page(1, 0).await.expect("per_page 0");
    assert_eq!(zero.items.len(), 1);

    // Whole list, several pages: every record once, in server order, and exactly one request
    // per page (no extra request for an empty page after the last one).
    let before = seen(&sim, &list);
    let all = client.santri_all(10).await.expect("santri_all(10)");
    assert_eq!(seen(&sim, &list) - before, pages);
    let ids: Vec<String> = all.iter().map(|s| s.id.clone().unwrap()).collect();
    assert_eq!(ids, server_ids);
    assert!(
        all.iter()
            .all(|s| s.nik.as_ref().is_some_and(|n| n.expose().len() == 16))
    );
    assert!(all.iter().all(|s| !s.full_name.is_blank()));

    // per_page edge cases: exactly the total, one more, above the server's 10000 cap, 0 (→ 1),
    // and a size that leaves a one-record last page.
    for (per_page, requests) in [(total, 1), (total + 1, 1), (20_000, 1), (0, total), (total - 1, 2)] {
        let before = seen(&sim, &list);
        let all = client.santri_all(per_page).await.expect("santri_all");
        assert_eq!(all.len() as u64, total, "per_page {per_page}");
        assert_eq!(seen(&sim, &list) - before, requests, "requests for per_page {per_page}");
    }
}

/// Reverses the id: the server cannot know it, so a detail call through it must be a 404.
#[derive(Debug)]
struct Reverse(Mutex<Vec<String>>);

impl IdEncryptor for Reverse {
    fn encrypt(&self, id: &str) -> emis_core::error::Result<String> {
        self.0.lock().unwrap().push(id.to_string());
        Ok(id.chars().rev().collect())
    }
}

/// Refuses every id (no key configured).
#[derive(Debug)]
struct NoKey;

impl IdEncryptor for NoKey {
    fn encrypt(&self, _id: &str) -> emis_core::error::Result<String> {
        Err(Error::Config("kunci AES belum diatur".into()))
    }
}

#[tokio::test]
async fn santri_detail_plain_ids_and_the_id_encryptor_hook() {
    let sim = emis_e2e::sim(13).await;
    let ds = sim.dataset();
    let stat = sim.demo_statistic_num();
    let s = ds.santri_of(&stat).next().unwrap().clone();
    let other = ds.santri_of(&ds.lembaga[1].statistic_num).next().unwrap().clone();

    // Plain ids (PlainId, the default).
    let client = emis_e2e::client_for(&sim, |_| {});
    let got = client.santri_detail(&s.id).await.expect("detail");
    assert_eq!(got.id.as_deref(), Some(s.id.as_str()));
    assert_eq!(got.nik.as_ref().map(Sensitive::expose), Some(s.nik.as_str()));
    assert_eq!(got.full_name.expose(), s.full_name);
    assert_eq!(got.jenis_kelamin(), Some(s.gender));
    // Unknown id, and a santri of another lembaga: 404 → NotFound (an observed endpoint).
    for id in ["s-999999", other.id.as_str()] {
        let e = client.santri_detail(id).await.unwrap_err();
        assert!(matches!(e, Error::NotFound(_)), "{id}: {e:?}");
    }

    // The hook is used: reversed ids reach the server, which answers 404.
    let enc = Arc::new(Reverse(Mutex::new(Vec::new())));
    let r = op_rig(&sim, |_| {});
    let client = r.client.with_id_encryptor(enc.clone());
    let e = client.santri_detail(&s.id).await.unwrap_err();
    assert!(matches!(e, Error::NotFound(_)), "{e:?}");
    assert_eq!(*enc.0.lock().unwrap(), vec![s.id.clone()]);
    let reversed: String = s.id.chars().rev().collect();
    let paths: Vec<String> = r.rec.sent().into_iter().map(|x| x.path).collect();
    assert!(
        paths.contains(&format!("/v1/students/pontrens/students/{reversed}")),
        "{paths:?}"
    );
    assert!(
        !paths.iter().any(|p| p.ends_with(&s.id)),
        "plain id never sent: {paths:?}"
    );

    // An encryptor error stops the call before any request.
    let r = op_rig(&sim, |_| {});
    let client = r.client.with_id_encryptor(Arc::new(NoKey));
    let e = client.santri_detail(&s.id).await.unwrap_err();
    assert!(matches!(e, Error::Config(_)), "{e:?}");
    assert!(r.rec.sent().is_empty());
}

#[tokio::test]
async fn the_encryptor_of_a_shared_client_is_not_dropped() {
    let sim = emis_e2e::sim(13).await;
    let stat = sim.demo_statistic_num();
    let id = sim.dataset().santri_of(&stat).next().unwrap().id.clone();
    let client = emis_e2e::client_for(&sim, |_| {});
    client.periods().await.unwrap();
    let shared = client.clone();
    let reversing = client.with_id_encryptor(Arc::new(Reverse(Mutex::new(Vec::new()))));
    let e = reversing.santri_detail(&id).await.unwrap_err();
    assert!(matches!(e, Error::NotFound(_)), "the hook is used: {e:?}");
    // The other clone keeps plain ids; the session carried over (no second login).
    shared.santri_detail(&id).await.expect("plain id");
    assert_eq!(seen(&sim, &format!("POST {LOGIN}")), 1);
}

fn set_query(req: &mut emis_core::transport::ApiRequest, key: &str, f: impl Fn(u64) -> u64) {
    let pairs: Vec<(String, String)> = req
        .url
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == key {
                v.parse::<u64>().map(&f).map(|n| n.to_string()).unwrap_or(v.to_string())
            } else {
                v.to_string()
            };
            (k.to_string(), v)
        })
        .collect();
    req.url.query_pairs_mut().clear().extend_pairs(pairs);
}

fn edit_json(resp: &mut emis_core::transport::ApiResponse, f: impl Fn(&mut serde_json::Value)) {
    let mut v: serde_json::Value = serde_json::from_slice(&resp.body).unwrap();
    f(&mut v);
    resp.body = serde_json::to_vec(&v).unwrap();
}

#[tokio::test]
async fn paging_without_total_pages_on_a_server_that_caps_per_page() {
    // Real EMIS is only observed to send `page`/`per_page` and to end with an empty page; it
    // caps `per_page`. Play such a server: cap 7, no `total`/`total_pages`.
    let sim = emis_e2e::sim(21).await;
    let stat = sim.demo_statistic_num();
    let total = sim.santri_records(&stat).len() as u64;
    let hooks = Hooks {
        request: Some(Arc::new(|req| {
            if req.url.path() == SANTRI_LIST {
                set_query(req, "per_page", |n| n.min(7));
            }
        })),
        response: Some(Arc::new(|path, resp| {
            if path == SANTRI_LIST {
                edit_json(resp, |v| {
                    let m = v["metadata"].as_object_mut().unwrap();
                    m.remove("total");
                    m.remove("total_pages");
                });
            }
        })),
    };
    let r = hooked_rig(&sim, operator(&sim), None, hooks, |_| {});
    let all = r.client.santri_all(20).await.expect("santri_all");
    assert_eq!(all.len() as u64, total, "no page lost to the cap");
    // A page shorter than the server's page size is the last one.
    let expected = if total.is_multiple_of(7) {
        total / 7 + 1
    } else {
        total.div_ceil(7)
    };
    assert_eq!(r.rec.sent_to(SANTRI_LIST).len() as u64, expected);

    // No metadata at all: read on until an empty page (the observed end of a list).
    let hooks = Hooks {
        request: None,
        response: Some(Arc::new(|path, resp| {
            if path == SANTRI_LIST {
                edit_json(resp, |v| {
                    v.as_object_mut().unwrap().remove("metadata");
                });
            }
        })),
    };
    let r = hooked_rig(&sim, operator(&sim), None, hooks, |_| {});
    let all = r.client.santri_all(10).await.expect("santri_all");
    assert_eq!(all.len() as u64, total);
    assert_eq!(r.rec.sent_to(SANTRI_LIST).len() as u64, total.div_ceil(10) + 1);
}

#[tokio::test]
async fn santri_search_returns_masked_matches() {
    let sim = emis_e2e::sim(14).await;
    let ds = sim.dataset();
    let s = ds.santri[3].clone();
    let client = emis_e2e::client_for(&sim, |_| {});
    let hits = client
        .santri_search(&s.full_name, Some(s.birth_date), Some(&s.birth_place))
        .await
        .expect("search");
    let hit = hits
        .iter()
        .find(|h| h["full_name"] == s.full_name.as_str())
        .expect("found");
    assert_eq!(hit["birth_date"], s.birth_date.to_string());
    assert_eq!(hit["statistic_num"], s.statistic_num.as_str());
    assert!(hit["institution_name"].is_string());
    let nik = hit["nik"].as_str().unwrap();
    assert_ne!(nik, s.nik, "search results are masked");
    assert!(nik.contains('*'));
    // Name only; and no match.
    let by_name = client.santri_search(&s.full_name, None, None).await.expect("by name");
    assert!(!by_name.is_empty());
    let none = client
        .santri_search("ZZZ TIDAK ADA", None, None)
        .await
        .expect("no match");
    assert!(none.is_empty());
}

#[tokio::test]
async fn gtk_pages_and_all() {
    let sim = emis_e2e::sim(15).await;
    let stat = sim.demo_statistic_num();
    let client = emis_e2e::client_for(&sim, |_| {});
    let server = sim.gtk_records(&stat);
    let total = server.len() as u64;
    assert!(total >= 4);
    let p = client.gtk_page(&stat, 1, 2).await.expect("gtk page");
    assert_eq!(p.items.len(), 2);
    assert_eq!(p.meta.total, Some(total));
    assert_eq!(p.meta.total_pages, Some(total.div_ceil(2)));
    let before = seen(&sim, &format!("GET {GTK_LIST}"));
    let all = client.gtk_all(&stat, 3).await.expect("gtk_all");
    assert_eq!(all.len() as u64, total);
    assert_eq!(seen(&sim, &format!("GET {GTK_LIST}")) - before, total.div_ceil(3));
    let niks: Vec<&str> = all
        .iter()
        .filter_map(|g| g.nik.as_ref().map(Sensitive::expose))
        .collect();
    for r in &server {
        assert!(niks.contains(&r["nik"].as_str().unwrap()));
    }
    // PNS GTK carry their NIP.
    assert!(all.iter().any(|g| g.nip.is_some()));
}

#[tokio::test]
async fn simpeg_lookup_found_and_not_found() {
    let sim = emis_e2e::sim(16).await;
    let registry = sim.dataset().simpeg;
    let client = emis_e2e::client_for(&sim, |_| {});
    for (sex, want) in [(1, JenisKelamin::L), (2, JenisKelamin::P)] {
        let (nip, rec) = registry
            .iter()
            .find(|(_, r)| r["JENIS_KELAMIN"] == sex)
            .unwrap_or_else(|| panic!("seed 16 has a GTK with JENIS_KELAMIN {sex}"));
        let parsed = Nip::parse(nip).expect("valid NIP");
        let SimpegLookup::Found(snap) = client.simpeg_lookup(&parsed).await.expect("lookup") else {
            panic!("{nip} not found");
        };
        assert_eq!(snap.nip_baru.as_deref(), Some(nip.as_str()));
        assert_eq!(snap.jenis_kelamin, Some(want));
        assert_eq!(
            snap.nama_lengkap.as_ref().map(Sensitive::expose),
            rec["NAMA_LENGKAP"].as_str()
        );
        let birth = rec["TANGGAL_LAHIR"].as_str().unwrap();
        assert!(birth.ends_with(" 00:00:00"), "{birth}");
        assert_eq!(snap.tanggal_lahir.map(|d| d.to_string()).as_deref(), Some(&birth[..10]));
        assert_eq!(snap.status_pegawai.as_deref(), rec["STATUS_PEGAWAI"].as_str());
        assert!(!snap.raw.is_empty());
    }
    // A valid NIP SIMPEG does not know: NotFound (the GTK stays Non PNS).
    let known = registry.keys().next().unwrap();
    let unknown = (1..999)
        .map(|n| format!("{}{n:03}", &known[..15]))
        .find(|c| emis_core::id::is_valid(IdKind::Nip, c) && !registry.contains_key(c))
        .expect("a free NIP");
    let r = client
        .simpeg_lookup(&Nip::parse(&unknown).unwrap())
        .await
        .expect("lookup");
    assert_eq!(r, SimpegLookup::NotFound);
}

#[tokio::test]
async fn batches_give_per_item_results() {
    let sim = emis_e2e::sim(17).await;
    let ds = sim.dataset();
    let stat = sim.demo_statistic_num();
    let client = emis_e2e::client_for(&sim, |_| {});
    let fresh = sim.new_santri(&stat, 3);
    // An active santri of another lembaga (data ganda).
    let elsewhere = ds
        .santri_of(&ds.lembaga[1].statistic_num)
        .find(|s| s.status == RecordStatus::Aktif)
        .unwrap()
        .clone();
    let mut invalid = create_santri(&fresh[2]);
    invalid.key.insert("nik".into(), "1234567890123456".into());
    assert!(!emis_core::id::is_valid(IdKind::Nik, "1234567890123456"));
    let own = ds.santri_of(&stat).find(|s| s.status == RecordStatus::Aktif).unwrap();
    let mut update = Change {
        op: ChangeOp::Update,
        id: Some(own.id.clone()),
        key: Default::default(),
        fields: Default::default(),
        mutasi: None,
        reason: None,
    };
    update.fields.insert("birth_place".into(), "JOMBANG".into());
    let unknown_deactivate = Change {
        op: ChangeOp::Deactivate,
        id: Some("s-999999".into()),
        key: Default::default(),
        fields: Default::default(),
        mutasi: None,
        reason: Some("lulus".into()),
    };
    let changes = vec![
        create_santri(&fresh[0]),
        create_santri(&elsewhere),
        create_santri(&fresh[1]),
        invalid,
        update,
        unknown_deactivate,
    ];
    let total_before = total_santri(&sim, &stat);
    let results = client
        .submit_santri_batch(&changes, "e2e-santri-batch-1")
        .await
        .expect("batch");
    assert_eq!(results.len(), changes.len());
    let by_index = |i: usize| results.iter().find(|r| r.index == i).unwrap();
    for i in [0, 2, 4] {
        assert_eq!(by_index(i).status, ItemStatus::Applied, "item {i}: {:?}", by_index(i));
        assert!(by_index(i).id.is_some());
    }
    assert_eq!(by_index(4).id.as_deref(), Some(own.id.as_str()));
    let ganda = by_index(1);
    assert_eq!(ganda.status, ItemStatus::Rejected);
    assert_eq!(ganda.code.as_deref(), Some(codes::NIK_AKTIF_DI_LEMBAGA_LAIN));
    assert!(ganda.id.is_none(), "no id of the other lembaga");
    assert_eq!(by_index(3).code.as_deref(), Some(codes::IDENTIFIER_TIDAK_VALID));
    assert_eq!(by_index(5).code.as_deref(), Some(codes::TIDAK_DITEMUKAN));
    assert_eq!(total_santri(&sim, &stat), total_before + 2);
    let updated = sim
        .santri_records(&stat)
        .into_iter()
        .find(|r| r["id"] == own.id.as_str())
        .unwrap();
    assert_eq!(updated["birth_place"], "JOMBANG");

    // The same key and body again: the first answer, nothing applied twice.
    let again = client
        .submit_santri_batch(&changes, "e2e-santri-batch-1")
        .await
        .expect("replay");
    assert_eq!(again, results);
    assert_eq!(total_santri(&sim, &stat), total_before + 2);
    let idem = &sim.state().idempotency["e2e-santri-batch-1"];
    assert_eq!((idem.applied, idem.replays), (1, 1));
    // The same key with another body: 409 idempotency_mismatch, nothing applied.
    let e = client
        .submit_santri_batch(&changes[..1], "e2e-santri-batch-1")
        .await
        .unwrap_err();
    assert!(
        matches!(&e, Error::Conflict { code, .. } if code == "idempotency_mismatch"),
        "{e:?}"
    );
    assert_eq!(total_santri(&sim, &stat), total_before + 2);

    // GTK: applied, already registered here, invalid NIP.
    let existing = sim
        .gtk_records(&stat)
        .into_iter()
        .find(|g| g["is_active"] == true)
        .unwrap();
    let gtk_changes = vec![
        create_gtk(&fresh[2].nik, "AHMAD FAUZI, S.Pd.", None),
        create_gtk(existing["nik"].as_str().unwrap(), "GANDA", None),
        create_gtk(&sim.new_santri(&stat, 1)[0].nik, "SITI AMINAH", Some("123")),
    ];
    let gtk_before = sim.state().lembaga[&stat].gtk_total;
    let r = client
        .submit_gtk_batch(&gtk_changes, "e2e-gtk-batch-1")
        .await
        .expect("gtk batch");
    assert_eq!(r[0].status, ItemStatus::Applied);
    assert_eq!(r[1].code.as_deref(), Some(codes::NIK_SUDAH_TERDAFTAR));
    assert_eq!(r[1].id.as_deref(), existing["id"].as_str());
    assert_eq!(r[2].code.as_deref(), Some(codes::IDENTIFIER_TIDAK_VALID));
    assert_eq!(sim.state().lembaga[&stat].gtk_total, gtk_before + 1);

    // A closed period rejects every item.
    sim.set_period_open(false);
    let r = client
        .submit_santri_batch(&[create_santri(&sim.new_santri(&stat, 1)[0])], "e2e-closed-1")
        .await
        .expect("closed");
    assert_eq!(r[0].code.as_deref(), Some(codes::PERIODE_TUTUP));
}

#[tokio::test]
async fn sync_job_queue_positions_decrease_until_done() {
    let sim = emis_sim::Simulator::builder()
        .seed(18)
        .queue_length(4)
        .build()
        .start()
        .await
        .unwrap();
    // Waiting follows the server's estimate (seconds): on a manual clock it costs nothing.
    let clock = emis_e2e::manual_clock();
    let r = rig(&sim, operator(&sim), Some(clock.clone()), |_| {});
    let job = r.client.start_sync_job("santri", "e2e-job-1").await.expect("start");
    assert_eq!(job.status, JobStatus::Queued);
    assert_eq!(job.queue_position, Some(4));
    assert_eq!(job.estimated_wait_seconds, Some(20));
    let reports: Mutex<Vec<(u64, u64)>> = Mutex::new(Vec::new());
    let progress = |p: &QueueProgress| {
        assert_eq!(p.what, "sync_job");
        assert_eq!(p.id, job.job_id);
        reports
            .lock()
            .unwrap()
            .push((p.queue_position.unwrap(), p.estimated_wait_seconds.unwrap()));
    };
    let done = r.client.wait_sync_job(&job.job_id, &progress).await.expect("wait");
    assert_eq!(done.status, JobStatus::Done);
    assert!(done.finished_at.is_some());
    let reports = reports.into_inner().unwrap();
    let positions: Vec<u64> = reports.iter().map(|(p, _)| *p).collect();
    // One place per poll (and per 5 s of server time), then running (0), then done (0).
    assert!(positions[0] < 4 && positions.len() >= 2, "{positions:?}");
    assert!(positions.windows(2).all(|w| w[1] <= w[0]), "{positions:?}");
    assert_eq!(positions.last(), Some(&0));
    // Between polls the client waited what the server estimated (at most 30 s), on the
    // manual clock: seconds of queue in no time.
    let waits: Vec<u64> = r.rec.sleeps().iter().map(|d| d.as_secs()).collect();
    let estimates: Vec<u64> = reports[..reports.len() - 1].iter().map(|(_, e)| (*e).min(30)).collect();
    assert_eq!(waits, estimates);
    assert!(waits.iter().any(|w| *w > 0 && *w < 30), "{waits:?}");
    // The job exists once; an unknown job is NotFound.
    assert_eq!(sim.state().jobs, 1);
    let e = r.client.sync_job("job-999999").await.unwrap_err();
    assert!(matches!(e, Error::NotFound(_)), "{e:?}");
}

fn registration(sim: &emis_sim::SimHandle, statistic_num: &str, email: &str, nik: &str) -> Registration {
    let l = sim.dataset().lembaga(statistic_num).unwrap().clone();
    Registration {
        full_name: "Operator Baru".into(),
        email: email.into(),
        phone: "081234567890".into(),
        nik: Sensitive::new(nik),
        kind: l.kind,
        sk_number: "SK-001/2026".into(),
        statistic_num: Some(l.statistic_num),
        npsn: None,
        surat_tugas: (
            "surat tugas.pdf".into(),
            "application/pdf".into(),
            b"%PDF-1.4 surat".to_vec(),
        ),
    }
}

#[tokio::test]
async fn registration_pending_then_approved_or_rejected() {
    let sim = emis_e2e::sim(19).await;
    let ds = sim.dataset();
    let stat = ds.lembaga[1].statistic_num.clone();
    let nik = sim.new_santri(&stat, 1)[0].nik.clone();
    let client = emis_e2e::client_for(&sim, |_| {});

    let reg = registration(&sim, &stat, "pengelola.baru@emis-sim.test", &nik);
    let st = client.register(&reg).await.expect("register");
    assert_eq!(st.status, RegistrationState::Pending);
    assert_eq!(st.queue_position, Some(3));
    let positions = Mutex::new(Vec::new());
    let done = client
        .wait_registration(&st.registration_id, &|p: &QueueProgress| {
            assert_eq!(p.what, "registration");
            positions.lock().unwrap().push(p.queue_position.unwrap());
        })
        .await
        .expect("wait");
    assert_eq!(done.status, RegistrationState::Approved);
    assert_eq!(done.reason, None);
    let positions = positions.into_inner().unwrap();
    assert_eq!(positions.last(), Some(&0));
    assert!(positions.windows(2).all(|w| w[1] <= w[0]), "{positions:?}");
    // The new account logs in (its password is only in the simulator's state).
    let view = sim
        .state()
        .registrations
        .into_iter()
        .find(|v| v.registration_id == st.registration_id)
        .unwrap();
    assert_eq!(view.file_name, "surat tugas.pdf");
    let creds = emis_core::api::Credentials::Operator {
        email: "pengelola.baru@emis-sim.test".into(),
        password: emis_core::api::Secret::new(view.password.unwrap()),
    };
    let newcomer = rig(&sim, creds, None, |_| {});
    let info = newcomer.client.lembaga_info(&stat).await.expect("new operator");
    assert_eq!(info.statistic_num.as_deref(), Some(stat.as_str()));

    // Rejected with a reason: an invalid NIK.
    let bad = registration(&sim, &stat, "pengelola.lain@emis-sim.test", "1234567890123456");
    let st = client.register(&bad).await.expect("register");
    let done = client
        .wait_registration(&st.registration_id, &|_| {})
        .await
        .expect("wait");
    assert_eq!(done.status, RegistrationState::Rejected);
    assert!(done.reason.as_deref().unwrap().contains("NIK"), "{:?}", done.reason);
}

#[tokio::test]
async fn partner_login_reads_any_lembaga() {
    let sim = emis_e2e::sim(20).await;
    let ds = sim.dataset();
    let r = rig(&sim, partner(&sim), None, |_| {});
    for l in &ds.lembaga[..2] {
        let info = r.client.lembaga_info(&l.statistic_num).await.expect("info");
        assert_eq!(info.name, l.name);
        let gtk = r.client.gtk_all(&l.statistic_num, 100).await.expect("gtk");
        assert_eq!(gtk.len(), ds.gtk_of(&l.statistic_num).count());
    }
    assert_eq!(seen(&sim, "POST /v1/accounts/partners-login"), 1);
    assert_eq!(seen(&sim, &format!("POST {LOGIN}")), 0);
    // Every call carried the partner token.
    assert!(r.rec.sent().iter().skip(1).all(|s| s.bearer.is_some()));
}
