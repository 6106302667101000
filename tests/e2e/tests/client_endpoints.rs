//! Every endpoint of `EmisClient` against the simulator over loopback HTTP, without faults.
//!
//! Real profile: lembaga (read tolerantly), santri (paging by `metadata.pagination.last_page`,
//! detail with the `IdEncryptor` hook and not-found-as-200, PPDB search), the single
//! multipart create and its 422s, the (assumed) update, GTK, PINTAR `cek_nip`, the EMIS GTK
//! SIMPEG preview, Laravel's 404 for what the real server lacks. Extended profile: periods,
//! batches with per-item results and idempotency, sync jobs, registration.

mod client_support;

use client_support::*;
use emis_core::Error;
use emis_core::api::{
    Change, ChangeOp, CreateOutcome, IdEncryptor, ItemStatus, JobStatus, QueueProgress, Registration,
    RegistrationState, Secret, SimpegLookup, WriteRefusal,
};
use emis_core::id::nik::JenisKelamin;
use emis_core::id::{IdKind, Nip};
use emis_core::pii::Sensitive;
use emis_sim::datagen::RecordStatus;
use emis_sim::{Fault, FaultRule, Faults, SessionShape, codes, messages};
use std::sync::{Arc, Mutex};

// ------------------------------------------------------------------ lembaga

#[tokio::test]
async fn lembaga_info_and_profile_are_read_tolerantly() {
    let sim = sim_real(11).await;
    let stat = sim.demo_statistic_num();
    let demo = sim.dataset().demo_lembaga().clone();
    let client = emis_e2e::client_for(&sim, |_| {});

    // The real profile sends the address as one line of text and the status in capitals:
    // both are read (a one-string address keeps its text), nothing strict is lost.
    let (info, warnings) = client.lembaga_info_tolerant(&stat).await.expect("lembaga_info");
    assert_eq!(info.name, demo.name);
    assert_eq!(info.statistic_num.as_deref(), Some(stat.as_str()));
    assert_eq!(info.npsn.as_deref(), Some(demo.npsn.as_str()));
    assert_eq!(info.id, Some(demo.institution_id.to_string()));
    assert_eq!(info.institution_group_id, Some(demo.kind));
    assert!(!info.jenjang.is_empty());
    let line = info.address.address.clone().expect("the address line");
    assert!(line.starts_with(&demo.address) && line.contains("RT "), "{line}");
    let raw = sim.dataset().demo_lembaga().to_json();
    assert!(info.status.is_some(), "{:?} read from {}", info.status, raw["status"]);
    // Warnings name paths, never values.
    let shown = format!("{warnings:?}");
    assert!(!shown.contains(&demo.address) && !shown.contains(&demo.name), "{shown}");

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
    // One login for all of it.
    assert_eq!(logins(&sim), 1);
}

#[tokio::test]
async fn periods_exist_on_the_extended_profile_only() {
    let sim = sim_ext(11).await;
    let client = emis_e2e::client_for(&sim, |_| {});
    let active = sim.state().active_period_id;
    let periods = client.periods().await.expect("periods");
    assert_eq!(periods.len(), 10);
    let p13 = periods.iter().find(|p| p.academic_year_id == 13).expect("id 13");
    assert_eq!(p13.name, "Ganjil 2023/2024");
    let open: Vec<_> = periods.iter().filter(|p| p.is_active).collect();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].academic_year_id, active);
    assert!(open[0].open_date.is_some() && open[0].close_date.is_some());
}

// ------------------------------------------------------------------ what the real server lacks

#[tokio::test]
async fn a_laravel_404_on_an_invented_endpoint_is_unsupported() {
    let sim = sim_real(10).await;
    let stat = sim.demo_statistic_num();
    let r = op_rig(&sim, |_| {});
    let fresh = sim.new_santri(&stat, 1);
    assert_eq!(
        r.client.periods().await.unwrap_err(),
        Error::Unsupported { endpoint: "periods" }
    );
    assert_eq!(
        r.client
            .submit_santri_batch(&[create_change(&fresh[0])], "e2e-real-batch")
            .await
            .unwrap_err(),
        Error::Unsupported {
            endpoint: "santri_batch"
        }
    );
    assert_eq!(
        r.client.start_sync_job("santri", "e2e-real-job").await.unwrap_err(),
        Error::Unsupported {
            endpoint: "sync_job_start"
        }
    );
    // Each answered once with Laravel's shape and not retried.
    for path in [PERIODS, SANTRI_BATCH, "/v1/sync-jobs"] {
        assert_eq!(r.rec.outcomes(path), vec![Ok(404)], "{path}");
    }
    assert_eq!(total_santri(&sim, &stat), sim.santri_records(&stat).len() as u64);
    assert_eq!(sim.state().keyless_writes, 0);
}

#[tokio::test]
async fn a_404_on_the_santri_list_or_login_says_to_check_the_server_address() {
    let sim = sim_real(9).await;
    // A server without the list route (e.g. another API behind the address given).
    let hooks = Hooks::request(|req| {
        if req.url.path() == SANTRI_LIST {
            req.url.set_path("/v1/students/pontrens/institution/student-list-lama");
        }
    });
    let r = hooked_rig(&sim, operator(&sim), None, hooks, |_| {});
    let e = r.client.santri_all(100).await.unwrap_err();
    assert!(matches!(e, Error::Http { status: 404, .. }), "{e:?}");
    let text = e.to_string();
    assert!(text.contains("--server") && text.contains("santri_list"), "{text}");
    assert_eq!(r.rec.sent().len(), 2, "login + one list request, no retry");

    // A wrong prefix: already the login says so.
    let r = rig(&sim, operator(&sim), None, |c| c.prefix = "/api/v9".into());
    let e = r.client.lembaga_info(&sim.demo_statistic_num()).await.unwrap_err();
    assert!(e.to_string().contains("--server"), "{e}");
    assert_eq!(r.rec.outcomes("/api/v9/accounts/login"), vec![Ok(404)]);
}

// ------------------------------------------------------------------ santri: list, detail, search

#[tokio::test]
async fn santri_pages_follow_pagination_last_page() {
    let sim = sim_real(12).await;
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

    // One page: metadata from `metadata.pagination`.
    let p1 = client.santri_page(1, 10).await.expect("page 1");
    assert_eq!(p1.items.len(), 10);
    assert_eq!(p1.meta.page, Some(1));
    assert_eq!(p1.meta.per_page, Some(10));
    assert_eq!(p1.meta.total, Some(total));
    let pages = total.div_ceil(10);
    assert_eq!(p1.meta.total_pages, Some(pages), "last_page");
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

#[tokio::test]
async fn last_page_decides_where_the_list_ends() {
    let sim = sim_real(22).await;
    let stat = sim.demo_statistic_num();
    let total = sim.santri_records(&stat).len() as u64;
    assert!(total > 30);
    // A server that says there are 2 pages (as a number) and one that says 3 (as a string):
    // the client reads exactly that many, although more rows exist.
    for (last_page, want) in [(serde_json::json!(2), 2u64), (serde_json::json!("3"), 3)] {
        let lp = last_page.clone();
        let hooks = Hooks::response(move |path, resp| {
            if path == SANTRI_LIST {
                edit_json(resp, |v| v["metadata"]["pagination"]["last_page"] = lp.clone());
            }
        });
        let r = hooked_rig(&sim, operator(&sim), None, hooks, |_| {});
        let all = r.client.santri_all(10).await.expect("santri_all");
        assert_eq!(all.len() as u64, want * 10, "last_page {last_page}");
        assert_eq!(r.rec.sent_to(SANTRI_LIST).len() as u64, want, "last_page {last_page}");
    }
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

#[tokio::test]
async fn paging_without_last_page_on_a_server_that_caps_per_page() {
    // A server that caps `per_page` (7) and sends neither `last_page` nor `total`.
    let sim = sim_real(21).await;
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
                    let m = v["metadata"]["pagination"].as_object_mut().unwrap();
                    m.remove("total");
                    m.remove("last_page");
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
    let hooks = Hooks::response(|path, resp| {
        if path == SANTRI_LIST {
            edit_json(resp, |v| {
                v.as_object_mut().unwrap().remove("metadata");
            });
        }
    });
    let r = hooked_rig(&sim, operator(&sim), None, hooks, |_| {});
    let all = r.client.santri_all(10).await.expect("santri_all");
    assert_eq!(all.len() as u64, total);
    assert_eq!(r.rec.sent_to(SANTRI_LIST).len() as u64, total.div_ceil(10) + 1);
}

/// Reverses the id: the server cannot know it, so a detail call through it is not found.
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
async fn santri_detail_not_found_as_200_and_the_id_encryptor_hook() {
    let sim = sim_real(13).await;
    let ds = sim.dataset();
    let stat = sim.demo_statistic_num();
    let s = ds.santri_of(&stat).next().unwrap().clone();
    let other = ds.santri_of(&ds.lembaga[1].statistic_num).next().unwrap().clone();

    // Plain ids (PlainId, the default).
    let r = op_rig(&sim, |_| {});
    let got = r.client.santri_detail(&s.id).await.expect("detail");
    assert_eq!(got.id.as_deref(), Some(s.id.as_str()));
    assert_eq!(got.nik.as_ref().map(Sensitive::expose), Some(s.nik.as_str()));
    assert_eq!(got.full_name.expose(), s.full_name);
    assert_eq!(got.jenis_kelamin(), Some(s.gender));
    // Unknown id, and a santri of another lembaga: EMIS answers HTTP 200 with "data tidak
    // ditemukan", which is NotFound (not a decode error, not retried).
    for id in ["s-999999", other.id.as_str()] {
        let e = r.client.santri_detail(id).await.unwrap_err();
        assert!(matches!(e, Error::NotFound(_)), "{id}: {e:?}");
    }
    let path = |id: &str| format!("{SANTRI_DETAIL}{id}");
    assert_eq!(r.rec.outcomes(&path("s-999999")), vec![Ok(200)]);
    assert_eq!(r.rec.outcomes(&path(&other.id)), vec![Ok(200)]);

    // The hook is used: reversed ids reach the server, which does not know them.
    let enc = Arc::new(Reverse(Mutex::new(Vec::new())));
    let r = op_rig(&sim, |_| {});
    let client = r.client.with_id_encryptor(enc.clone());
    let e = client.santri_detail(&s.id).await.unwrap_err();
    assert!(matches!(e, Error::NotFound(_)), "{e:?}");
    assert_eq!(*enc.0.lock().unwrap(), vec![s.id.clone()]);
    let reversed: String = s.id.chars().rev().collect();
    let paths: Vec<String> = r.rec.sent().into_iter().map(|x| x.path).collect();
    assert!(paths.contains(&path(&reversed)), "{paths:?}");
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
    let sim = sim_real(13).await;
    let stat = sim.demo_statistic_num();
    let id = sim.dataset().santri_of(&stat).next().unwrap().id.clone();
    let client = emis_e2e::client_for(&sim, |_| {});
    client.lembaga_info(&stat).await.unwrap();
    let shared = client.clone();
    let reversing = client.with_id_encryptor(Arc::new(Reverse(Mutex::new(Vec::new()))));
    let e = reversing.santri_detail(&id).await.unwrap_err();
    assert!(matches!(e, Error::NotFound(_)), "the hook is used: {e:?}");
    // The other clone keeps plain ids; the session carried over (no second login).
    shared.santri_detail(&id).await.expect("plain id");
    assert_eq!(logins(&sim), 1);
}

#[tokio::test]
async fn ppdb_search_returns_masked_matches_and_not_found_as_200_is_empty() {
    let sim = sim_real(14).await;
    let ds = sim.dataset();
    let s = ds.santri[3].clone();
    let r = op_rig(&sim, |_| {});
    let hits = r
        .client
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
    assert!(hit["status"].is_string());
    let nik = hit["nik"].as_str().unwrap();
    assert_eq!(nik, emis_core::pii::mask_number(&s.nik), "search results are masked");
    let q = r.rec.sent_to(SEARCH)[0].query.clone().unwrap();
    assert!(
        q.contains(&format!("fdob={}", s.birth_date)) && q.contains("fbirthplace="),
        "{q}"
    );
    // Name only; and no match: EMIS's "data tidak ditemukan" with HTTP 200 is an empty list.
    let by_name = r.client.santri_search(&s.full_name, None, None).await.expect("by name");
    assert!(!by_name.is_empty());
    let none = r
        .client
        .santri_search("ZZZ TIDAK ADA", None, None)
        .await
        .expect("no match");
    assert!(none.is_empty());
    assert_eq!(r.rec.outcomes(SEARCH), vec![Ok(200); 3], "not found came as 200, once");
}

// ------------------------------------------------------------------ santri: writes

#[tokio::test]
async fn create_santri_posts_one_multipart_form_and_is_applied_once() {
    let sim = sim_real(23).await;
    let stat = sim.demo_statistic_num();
    let year = active_year(&sim);
    let fresh = sim.new_santri(&stat, 1).remove(0);
    let before = total_santri(&sim, &stat);
    let r = op_rig(&sim, |_| {});
    let out = r
        .client
        .create_santri(&santri_of(&fresh), Some(year), Some("2026-07-15"))
        .await
        .expect("create");
    let CreateOutcome::Applied { id: Some(id) } = out else {
        panic!("{out:?}")
    };
    assert_eq!(total_santri(&sim, &stat), before + 1);
    assert_eq!(held(&sim, &stat, &fresh.nik), (1, 1), "on the server once");
    // One multipart request, no Idempotency-Key, the form of `ppdb::form_fields`.
    let sent = r.rec.sent_to(CREATE);
    assert_eq!(sent.len(), 1);
    assert!(
        sent[0]
            .content_type
            .as_deref()
            .unwrap()
            .starts_with("multipart/form-data; boundary=")
    );
    assert_eq!(sent[0].idempotency_key, None);
    let body = String::from_utf8_lossy(&sent[0].body).to_string();
    for field in [
        "is_pontren",
        "academic_year_id",
        "admission_date",
        "m_gender_id",
        "mother_full_name",
    ] {
        assert!(body.contains(&format!("name=\"{field}\"")), "{field} sent");
    }
    // The list returns it with the values sent, waiting for the Kepala.
    let all = r.client.santri_all(10_000).await.expect("list");
    let row = all
        .iter()
        .find(|s| s.id.as_deref() == Some(id.as_str()))
        .expect("listed");
    assert_eq!(row.nik.as_ref().map(Sensitive::expose), Some(fresh.nik.as_str()));
    assert_eq!(row.full_name.expose(), fresh.full_name);
    assert_eq!(row.birth_date.as_deref(), Some(fresh.birth_date.to_string().as_str()));
    assert_eq!(row.academic_year_id(), Some(year));
    let rec = sim
        .santri_records(&stat)
        .into_iter()
        .find(|v| v["id"] == id.as_str())
        .unwrap();
    assert_eq!(rec["approval_status"], "menunggu_kepala");
}

#[tokio::test]
async fn create_refusals_are_read_from_the_422_message() {
    let sim = sim_real(24).await;
    let ds = sim.dataset();
    let stat = sim.demo_statistic_num();
    let year = active_year(&sim);
    let r = op_rig(&sim, |_| {});
    let create = |s: emis_core::model::Santri| {
        let c = r.client.clone();
        async move { c.create_santri(&s, Some(year), Some("2026-07-15")).await }
    };

    // Already registered here: our own earlier create (or a record made by hand).
    let fresh = sim.new_santri(&stat, 2);
    assert!(matches!(
        create(santri_of(&fresh[0])).await.unwrap(),
        CreateOutcome::Applied { .. }
    ));
    let again = create(santri_of(&fresh[0])).await.unwrap();
    assert_eq!(
        again,
        CreateOutcome::Refused {
            kind: WriteRefusal::AlreadyHere,
            status: 422,
            message: messages::NIK_SUDAH_TERDAFTAR.to_string(),
        },
        "{again:?}"
    );
    assert_eq!(held(&sim, &stat, &fresh[0].nik), (1, 1));

    // Active at another lembaga (data ganda).
    let elsewhere = ds
        .santri_of(&ds.lembaga[1].statistic_num)
        .find(|s| s.status == RecordStatus::Aktif)
        .unwrap()
        .clone();
    let out = create(santri_of(&elsewhere)).await.unwrap();
    let CreateOutcome::Refused { kind, status, message } = &out else {
        panic!("{out:?}")
    };
    assert_eq!((kind, *status), (&WriteRefusal::ActiveElsewhere, 422));
    assert!(message.contains(messages::NIK_AKTIF_DI_LEMBAGA_LAIN), "{message}");
    assert_eq!(held(&sim, &stat, &elsewhere.nik), (0, 0));

    // Anything else: rejected with the server's reason (a missing mother's name).
    let mut orphan = santri_of(&fresh[1]);
    orphan.parents.mother_full_name = None;
    let out = create(orphan).await.unwrap();
    let CreateOutcome::Refused { kind, message, .. } = &out else {
        panic!("{out:?}")
    };
    assert_eq!(kind, &WriteRefusal::Rejected);
    assert!(message.contains("mother_full_name wajib diisi"), "{message}");
    // A closed period.
    sim.set_period_open(false);
    let out = create(santri_of(&fresh[1])).await.unwrap();
    let CreateOutcome::Refused { kind, message, .. } = &out else {
        panic!("{out:?}")
    };
    assert_eq!(kind, &WriteRefusal::Rejected);
    assert!(message.contains(messages::PERIODE_TUTUP), "{message}");
    assert_eq!(held(&sim, &stat, &fresh[1].nik), (0, 0));
    // A refusal is final: none of them was sent twice.
    assert_eq!(r.rec.sent_to(CREATE).len(), 5);
    assert!(r.rec.outcomes(CREATE)[1..].iter().all(|o| *o == Ok(422)));
}

#[tokio::test]
async fn update_santri_uses_method_spoofing_and_applies_the_fields() {
    let sim = sim_real(25).await;
    let ds = sim.dataset();
    let stat = sim.demo_statistic_num();
    let year = active_year(&sim);
    let own = ds
        .santri_of(&stat)
        .find(|s| s.status == RecordStatus::Aktif)
        .unwrap()
        .clone();
    let r = op_rig(&sim, |_| {});
    let mut s = santri_of(&own);
    s.birth_place = Some("KABUPATEN JOMBANG".into());
    let out = r
        .client
        .update_santri(&own.id, &s, Some(year), None)
        .await
        .expect("update");
    assert_eq!(
        out,
        CreateOutcome::Applied {
            id: Some(own.id.clone())
        }
    );
    let sent = &r.rec.sent_to(&format!("{CREATE}/{}", own.id))[0];
    assert_eq!(sent.method, "POST");
    assert!(String::from_utf8_lossy(&sent.body).contains("name=\"_method\"\r\n\r\nPUT"));
    let rec = sim
        .santri_records(&stat)
        .into_iter()
        .find(|v| v["id"] == own.id.as_str())
        .unwrap();
    assert_eq!(rec["birth_place"], "KABUPATEN JOMBANG");
    assert_eq!(rec["approval_status"], "menunggu_kepala");
    assert_eq!(held(&sim, &stat, &own.nik).0, 1, "updated in place");
}

/// Two 404s of the real shapes that mean "no such record", not "no such endpoint":
/// PINTAR's `{"code": 404, "message": "Data tidak ditemukan"}` for an unknown NIP (docs/api.md:
/// "unknown NIP 404"), and Laravel's model-not-found `{"message": "No query results for model
/// [App\\Models\\Student] …"}` for an update of an id the lembaga does not hold.
#[tokio::test]
async fn a_not_found_404_is_not_a_missing_route() {
    let sim = sim_real(26).await;
    let ds = sim.dataset();
    let r = op_rig(&sim, |_| {});
    let client = r
        .client
        .clone()
        .with_simpeg_sessions(None, Some(Secret::new(sim.pintar_token())));
    let nip = Nip::parse(&unknown_nip(&ds.simpeg)).unwrap();
    let nf = client.simpeg_lookup(&nip).await;
    assert_eq!(r.rec.outcomes(CEK_NIP), vec![Ok(404)]);
    assert_eq!(nf, Ok(SimpegLookup::NotFound), "an unknown NIP: the GTK stays Non PNS");

    let other = ds.santri_of(&ds.lembaga[1].statistic_num).next().unwrap().clone();
    let out = r
        .client
        .update_santri(&other.id, &santri_of(&other), Some(active_year(&sim)), None)
        .await;
    assert_eq!(r.rec.outcomes(&format!("{CREATE}/{}", other.id)), vec![Ok(404)]);
    match out {
        Ok(CreateOutcome::Refused {
            kind: WriteRefusal::Rejected,
            status: 404,
            ..
        }) => {}
        other => panic!("expected a refusal of this one write, got {other:?}"),
    }
}

// ------------------------------------------------------------------ GTK and SIMPEG

#[tokio::test]
async fn gtk_pages_and_all() {
    let sim = sim_real(15).await;
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

fn unknown_nip(registry: &std::collections::BTreeMap<String, emis_sim::datagen::SimpegRecord>) -> String {
    let known = registry.keys().next().unwrap();
    (1..999)
        .map(|n| format!("{}{n:03}", &known[..15]))
        .find(|c| emis_core::id::is_valid(IdKind::Nip, c) && !registry.contains_key(c))
        .expect("a free NIP")
}

#[tokio::test]
async fn cek_nip_with_the_pintar_token() {
    let sim = sim_real(16).await;
    let registry = sim.dataset().simpeg;
    let pintar = sim.pintar_token();
    let r = op_rig(&sim, |_| {});
    let client = r.client.with_simpeg_sessions(None, Some(Secret::new(pintar.clone())));
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
    // Every lookup carried the PINTAR token as a Bearer, as JSON; no EMIS login was needed.
    let sent = r.rec.sent_to(CEK_NIP);
    assert_eq!(sent.len(), 2);
    assert!(sent.iter().all(|s| s.bearer.as_deref() == Some(pintar.as_str())));
    assert!(
        sent.iter()
            .all(|s| s.content_type.as_deref() == Some("application/json"))
    );
    assert_eq!(logins(&sim), 0);

    // A PINTAR session that ended: SessionExpired for PINTAR, not retried.
    let r = op_rig(&sim, |_| {});
    let stale = r
        .client
        .with_simpeg_sessions(None, Some(Secret::new("pintar-sim-kedaluwarsa")));
    let nip = Nip::parse(registry.keys().next().unwrap()).unwrap();
    let e = stale.simpeg_lookup(&nip).await.unwrap_err();
    assert_eq!(e, Error::SessionExpired { what: "PINTAR" });
    assert_eq!(r.rec.outcomes(CEK_NIP), vec![Ok(401)]);
}

#[tokio::test]
async fn simpeg_preview_with_the_emis_gtk_cookie() {
    let sim = sim_real(17).await;
    let ds = sim.dataset();
    let stat = sim.demo_statistic_num();
    let sc = ds.scenarios.clone();
    let r = op_rig(&sim, |_| {});
    let cookie = sim.gtk_cookie();
    let client = r.client.with_simpeg_sessions(Some(Secret::new(cookie.clone())), None);
    assert!(client.has_gtk_session());
    let gtk_by_nip = |nip: &str| ds.gtk.iter().find(|g| g.nip.as_deref() == Some(nip)).unwrap().clone();
    let variants = [
        sc.simpeg_name_variant.clone(),
        sc.simpeg_other_person.clone(),
        sc.simpeg_birth_date_differs.clone(),
    ];
    // A NIP whose SIMPEG record agrees with EMIS GTK.
    let same = ds
        .gtk_of(&stat)
        .filter_map(|g| g.nip.clone())
        .find(|n| ds.simpeg.contains_key(n) && !variants.contains(&Some(n.clone())))
        .or_else(|| {
            ds.gtk
                .iter()
                .filter_map(|g| g.nip.clone())
                .find(|n| ds.simpeg.contains_key(n) && !variants.contains(&Some(n.clone())))
        })
        .expect("a NIP that matches");
    let p = client
        .simpeg_preview(&Nip::parse(&same).unwrap())
        .await
        .expect("preview");
    let g = gtk_by_nip(&same);
    assert!(p.found);
    assert_eq!(p.name_match, Some(true));
    assert_eq!(p.birth_date_match, Some(true));
    assert_eq!(p.name_similarity, Some(1.0));
    assert_eq!(p.nama_ptk.as_ref().map(Sensitive::expose), Some(g.full_name.as_str()));
    assert_eq!(p.tgl_lahir_ptk.as_deref(), Some(g.birth_date.to_string().as_str()));
    assert_eq!(p.tgl_lahir_simpeg, p.tgl_lahir_ptk);
    let data = p.data.as_ref().expect("simpeg_data");
    assert_eq!(data.gol_ruang.as_deref(), ds.simpeg[&same]["GOL_RUANG"].as_str());

    // A name that differs a little: similar, not equal.
    let nip = sc.simpeg_name_variant.expect("planted");
    let p = client
        .simpeg_preview(&Nip::parse(&nip).unwrap())
        .await
        .expect("preview");
    assert_eq!(p.name_match, Some(false));
    let sim_score = p.name_similarity.unwrap();
    assert!((0.85..1.0).contains(&sim_score), "{sim_score}");
    assert_ne!(p.nama_ptk, p.nama_simpeg);
    // Another birth date.
    let nip = sc.simpeg_birth_date_differs.expect("planted");
    let p = client
        .simpeg_preview(&Nip::parse(&nip).unwrap())
        .await
        .expect("preview");
    assert_eq!(p.birth_date_match, Some(false));
    assert_ne!(p.tgl_lahir_ptk, p.tgl_lahir_simpeg);
    // A NIP SIMPEG does not know.
    let p = client
        .simpeg_preview(&Nip::parse(&unknown_nip(&ds.simpeg)).unwrap())
        .await
        .expect("preview");
    assert!(!p.found);
    assert!(p.data.is_none());
    // Sent as the EMIS GTK page expects it: cookie, XHR header, the NIP in the query; no
    // EMIS login and no Bearer.
    let sent = r.rec.sent_to(PREVIEW);
    assert_eq!(sent.len(), 4);
    assert!(sent.iter().all(|s| s.cookie.as_deref() == Some(cookie.as_str())));
    assert!(
        sent.iter()
            .all(|s| s.requested_with.as_deref() == Some("XMLHttpRequest"))
    );
    assert!(sent.iter().all(|s| s.bearer.is_none() && s.outcome == Ok(200)));
    assert_eq!(sent[0].query.as_deref(), Some(format!("nip={same}").as_str()));
    assert_eq!(logins(&sim), 0);
}

#[tokio::test]
async fn simpeg_preview_without_a_valid_cookie_session_is_session_expired() {
    let sim = sim_real(18).await;
    let nip = Nip::parse(sim.dataset().simpeg.keys().next().unwrap()).unwrap();
    let gtk_expired = Error::SessionExpired { what: "EMIS GTK" };

    // No cookie configured: nothing to send.
    let r = op_rig(&sim, |_| {});
    let e = r.client.simpeg_preview(&nip).await.unwrap_err();
    assert!(matches!(&e, Error::Config(m) if m.contains("EMIS_GTK_COOKIE")), "{e:?}");
    assert!(r.rec.sent().is_empty());

    // The request reaches the server without the cookie (a proxy dropped it): the login
    // redirect.
    let strip = Hooks::request(|req| req.headers.retain(|(k, _)| !k.eq_ignore_ascii_case("cookie")));
    let r = hooked_rig(&sim, operator(&sim), None, strip, |_| {});
    let client = r.client.with_simpeg_sessions(Some(Secret::new(sim.gtk_cookie())), None);
    assert_eq!(client.simpeg_preview(&nip).await.unwrap_err(), gtk_expired);
    assert_eq!(r.rec.outcomes(PREVIEW), vec![Ok(302)]);

    // A cookie the server does not know (an old session).
    let r = op_rig(&sim, |_| {});
    let client = r
        .client
        .with_simpeg_sessions(Some(Secret::new("emisSSO=lama; sessionid=lama")), None);
    assert_eq!(client.simpeg_preview(&nip).await.unwrap_err(), gtk_expired);

    // A session revoked mid-run, in every shape: this call and the next say so, not retried.
    let shapes = [
        (SessionShape::Redirect, 302),
        (SessionShape::Unauthorized, 401),
        (SessionShape::Forbidden, 403),
        (SessionShape::PageExpired, 419),
        (SessionShape::Html, 200),
    ];
    for (shape, status) in shapes {
        sim.set_faults(Faults::single(
            FaultRule::new(Some("GET"), PREVIEW, Fault::ExpireSession { shape }).nth(1),
        ));
        let r = op_rig(&sim, |_| {});
        let client = r.client.with_simpeg_sessions(Some(Secret::new(sim.gtk_cookie())), None);
        assert_eq!(client.simpeg_preview(&nip).await.unwrap_err(), gtk_expired, "{shape:?}");
        assert_eq!(client.simpeg_preview(&nip).await.unwrap_err(), gtk_expired, "{shape:?}");
        assert_eq!(r.rec.outcomes(PREVIEW), vec![Ok(status); 2], "{shape:?}");
        assert_eq!(logins(&sim), 0, "an EMIS login cannot renew an EMIS GTK session");
    }
}

// ------------------------------------------------------------------ extended profile

#[tokio::test]
async fn batches_give_per_item_results() {
    let sim = sim_ext(17).await;
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
    let mut invalid = create_change(&fresh[2]);
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
        create_change(&fresh[0]),
        create_change(&elsewhere),
        create_change(&fresh[1]),
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
        .submit_santri_batch(&[create_change(&sim.new_santri(&stat, 1)[0])], "e2e-closed-1")
        .await
        .expect("closed");
    assert_eq!(r[0].code.as_deref(), Some(codes::PERIODE_TUTUP));
}

#[tokio::test]
async fn sync_job_queue_positions_decrease_until_done() {
    let sim = emis_sim::Simulator::builder()
        .seed(18)
        .profile(emis_sim::Profile::Extended)
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
    let sim = sim_ext(19).await;
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
        password: Secret::new(view.password.unwrap()),
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
