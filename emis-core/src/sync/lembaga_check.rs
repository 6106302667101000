//! Step 3 of the operators' manual: check the lembaga itself before syncing — name, statistic
//! number, address, SK, head, and the counts and sarpras of the EMIS profile — against a local
//! profile file (next to the santri data), field by field, with the santri statuses
//! (TERDAFTAR when equal, DISKREPANSI when different, BELUM_TERDAFTAR when only local,
//! HANYA_DI_EMIS when only on EMIS) and what to do under each [`ConflictPolicy`].
//! EMIS offers no lembaga write: a local value that should win is changed in the portal.

use super::normalize::{digits, normalize_address, normalize_name};
use super::plan::ConflictPolicy;
use super::reconcile::Status;
use crate::model::{Lembaga, LembagaKind};
use serde::{Deserialize, Serialize};

/// The local profile file (`lembaga.toml` / `lembaga.json`). Every field optional.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct LocalProfile {
    /// Name.
    pub nama: Option<String>,
    /// NSPP / NSM / NSMDT.
    pub nomor_statistik: Option<String>,
    /// NPSN.
    pub npsn: Option<String>,
    /// Kind (`pontren`, … or 1-7).
    pub jenis: Option<String>,
    /// `negeri` / `swasta`.
    pub status: Option<String>,
    /// The head (pimpinan).
    pub pimpinan: Option<String>,
    /// Street address.
    pub alamat: Option<String>,
    /// RT.
    pub rt: Option<String>,
    /// RW.
    pub rw: Option<String>,
    /// Postal code.
    pub kode_pos: Option<String>,
    /// Kemendagri region code of the desa/kecamatan.
    pub kode_wilayah: Option<String>,
    /// Izin operasional number.
    pub izin_nomor: Option<String>,
    /// Izin operasional date.
    pub izin_tanggal: Option<String>,
    /// Sarpras: name → quantity (`"Ruang kelas" = 12`).
    pub sarpras: std::collections::BTreeMap<String, u64>,
}

/// One compared field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LembagaField {
    /// Field (EMIS name).
    pub field: String,
    /// Local value.
    pub local: String,
    /// EMIS value.
    pub emis: String,
    /// Status (the santri words).
    pub status: Status,
    /// What to do under the policy (Bahasa Indonesia).
    pub action_id: &'static str,
    /// What to do (English).
    pub action_en: &'static str,
}

fn clean(v: Option<&str>) -> String {
    v.map(str::trim).unwrap_or_default().to_string()
}

fn action(status: Status, policy: ConflictPolicy) -> (&'static str, &'static str) {
    match (status, policy) {
        (Status::Terdaftar, _) => ("-", "-"),
        (Status::BelumTerdaftar, _) => (
            "isi di portal EMIS (menu profil lembaga)",
            "fill it in the EMIS portal (lembaga profile)",
        ),
        (Status::HanyaDiEmis, _) => (
            "salin nilai EMIS ke berkas profil lokal",
            "copy EMIS's value into the local profile",
        ),
        (_, ConflictPolicy::EmisWins) => (
            "EMIS menang: perbarui berkas profil lokal",
            "EMIS wins: update the local profile file",
        ),
        (_, ConflictPolicy::LocalWins) => (
            "data lokal menang: ubah di portal EMIS (tidak ada API tulis lembaga)",
            "local wins: change it in the EMIS portal (no lembaga write API)",
        ),
        (_, ConflictPolicy::Manual) => (
            "putuskan: mana yang sesuai SK/piagam?",
            "decide: which one matches the SK/piagam?",
        ),
    }
}

/// Compares `local` with EMIS's lembaga and, when given, its profile (the `lembaga_profile`
/// answer: counts of santri, GTK and, if the server lists them, sarpras). `local_santri` and
/// `local_gtk` are the local roster sizes.
pub fn check_lembaga(
    local: &LocalProfile,
    emis: &Lembaga,
    profile: Option<&serde_json::Value>,
    local_counts: Option<(usize, usize)>,
    policy: ConflictPolicy,
) -> Vec<LembagaField> {
    let mut out = Vec::new();
    let mut push = |field: &str, l: String, e: String, same: &dyn Fn(&str, &str) -> bool| {
        let status = match (l.is_empty(), e.is_empty()) {
            (true, true) => return,
            (false, true) => Status::BelumTerdaftar,
            (true, false) => Status::HanyaDiEmis,
            _ if same(&l, &e) => Status::Terdaftar,
            _ => Status::Diskrepansi,
        };
        let (action_id, action_en) = action(status, policy);
        out.push(LembagaField {
            field: field.to_string(),
            local: l,
            emis: e,
            status,
            action_id,
            action_en,
        });
    };
    let exact = |a: &str, b: &str| a == b;
    let name = |a: &str, b: &str| normalize_name(a) == normalize_name(b);
    let num = |a: &str, b: &str| digits(a) == digits(b) && !digits(a).is_empty();
    let text = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
    let addr = |a: &str, b: &str| normalize_address(a) == normalize_address(b);
    let kind = |a: &str, b: &str| LembagaKind::parse(a).is_some() && LembagaKind::parse(a) == LembagaKind::parse(b);

    push("name", clean(local.nama.as_deref()), emis.name.clone(), &name);
    push(
        "statistic_num",
        clean(local.nomor_statistik.as_deref()),
        clean(emis.statistic_num.as_deref()),
        &num,
    );
    push("npsn", clean(local.npsn.as_deref()), clean(emis.npsn.as_deref()), &num);
    push(
        "institution_group_id",
        clean(local.jenis.as_deref()),
        emis.institution_group_id
            .map(|k| k.group_id().to_string())
            .unwrap_or_default(),
        &kind,
    );
    push(
        "status",
        clean(local.status.as_deref()),
        emis.status
            .map(|s| format!("{s:?}").to_ascii_lowercase())
            .unwrap_or_default(),
        &text,
    );
    push(
        "pimpinan",
        clean(local.pimpinan.as_deref()),
        clean(emis.pimpinan.as_deref()),
        &name,
    );
    let a = &emis.address;
    push(
        "address.address",
        clean(local.alamat.as_deref()),
        clean(a.address.as_deref()),
        &addr,
    );
    push("address.rt", clean(local.rt.as_deref()), clean(a.rt.as_deref()), &num);
    push("address.rw", clean(local.rw.as_deref()), clean(a.rw.as_deref()), &num);
    push(
        "address.postal_code_num",
        clean(local.kode_pos.as_deref()),
        clean(a.postal_code_num.as_deref()),
        &num,
    );
    push(
        "address.kode_wilayah",
        clean(local.kode_wilayah.as_deref()),
        clean(a.kode_wilayah.as_deref()),
        &num,
    );
    let izin = emis.izin_operasional.as_ref();
    push(
        "izin_operasional.number",
        clean(local.izin_nomor.as_deref()),
        clean(izin.and_then(|i| i.number.as_deref())),
        &text,
    );
    push(
        "izin_operasional.date",
        clean(local.izin_tanggal.as_deref()),
        clean(izin.and_then(|i| i.date.as_deref())),
        &exact,
    );
    if let Some(p) = profile {
        let n = |path: &[&str]| -> String {
            let mut v = p;
            for k in path {
                match v.get(k) {
                    Some(x) => v = x,
                    None => return String::new(),
                }
            }
            v.as_u64().map(|x| x.to_string()).unwrap_or_default()
        };
        if let Some((santri, gtk)) = local_counts {
            push("santri.total", santri.to_string(), n(&["santri", "total"]), &exact);
            push("gtk.total", gtk.to_string(), n(&["gtk", "total"]), &exact);
        }
        // Sarpras, when the server lists them (`sarpras: [{nama, jumlah}]`).
        let emis_sarpras: std::collections::BTreeMap<String, u64> = p
            .get("sarpras")
            .and_then(|s| s.as_array())
            .map(|list| {
                list.iter()
                    .filter_map(|x| {
                        let name = x.get("nama").or_else(|| x.get("name"))?.as_str()?;
                        let qty = x.get("jumlah").or_else(|| x.get("total"))?.as_u64()?;
                        Some((normalize_name(name), qty))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut names: std::collections::BTreeSet<String> = emis_sarpras.keys().cloned().collect();
        let local_sarpras: std::collections::BTreeMap<String, u64> =
            local.sarpras.iter().map(|(k, v)| (normalize_name(k), *v)).collect();
        names.extend(local_sarpras.keys().cloned());
        for k in names {
            push(
                &format!("sarpras.{k}"),
                local_sarpras.get(&k).map(u64::to_string).unwrap_or_default(),
                emis_sarpras.get(&k).map(u64::to_string).unwrap_or_default(),
                &exact,
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn emis() -> Lembaga {
        serde_json::from_value(serde_json::json!({
            "id": "7", "name": "PONDOK PESANTREN AL-IKHLAS", "statistic_num": "510035150001",
            "institution_group_id": 1, "status": "swasta", "pimpinan": "KH Ahmad",
            "address": {"address": "Jl. Masjid No. 1", "rt": "001", "rw": "002", "postal_code_num": "61234"},
            "izin_operasional": {"number": "B-1/2020", "date": "2020-01-15"}
        }))
        .unwrap()
    }

    #[test]
    fn field_by_field_with_statuses() {
        let local = LocalProfile {
            nama: Some("Pondok Pesantren Al Ikhlas".into()),
            nomor_statistik: Some("5100.35.15.0001".into()),
            jenis: Some("pontren".into()),
            pimpinan: Some("KH Ahmad Fauzi".into()),
            alamat: Some("Jalan Masjid No 1".into()),
            rt: Some("1".into()),
            npsn: Some("12345678".into()),
            ..LocalProfile::default()
        };
        let f = check_lembaga(&local, &emis(), None, None, ConflictPolicy::EmisWins);
        let st = |name: &str| f.iter().find(|x| x.field == name).map(|x| x.status);
        assert_eq!(st("name"), Some(Status::Terdaftar));
        assert_eq!(st("statistic_num"), Some(Status::Terdaftar));
        assert_eq!(st("institution_group_id"), Some(Status::Terdaftar));
        assert_eq!(st("pimpinan"), Some(Status::Diskrepansi));
        assert_eq!(st("npsn"), Some(Status::BelumTerdaftar));
        assert_eq!(st("address.rw"), Some(Status::HanyaDiEmis));
        assert_eq!(
            st("address.rt"),
            Some(Status::Diskrepansi),
            "001 vs 1 are different digits"
        );
        let p = f.iter().find(|x| x.field == "pimpinan").unwrap();
        assert!(p.action_id.contains("EMIS menang"));
        let f = check_lembaga(&local, &emis(), None, None, ConflictPolicy::LocalWins);
        assert!(
            f.iter()
                .find(|x| x.field == "pimpinan")
                .unwrap()
                .action_id
                .contains("portal")
        );
    }

    #[test]
    fn counts_and_sarpras_from_the_profile() {
        let mut local = LocalProfile::default();
        local.sarpras.insert("Ruang kelas".into(), 12);
        local.sarpras.insert("Asrama".into(), 3);
        let profile = serde_json::json!({
            "santri": {"total": 50}, "gtk": {"total": 8},
            "sarpras": [{"nama": "RUANG KELAS", "jumlah": 10}, {"nama": "Masjid", "jumlah": 1}]
        });
        let f = check_lembaga(&local, &emis(), Some(&profile), Some((52, 8)), ConflictPolicy::Manual);
        let st = |name: &str| f.iter().find(|x| x.field == name).map(|x| x.status);
        assert_eq!(st("santri.total"), Some(Status::Diskrepansi));
        assert_eq!(st("gtk.total"), Some(Status::Terdaftar));
        assert_eq!(st("sarpras.ruang kelas"), Some(Status::Diskrepansi));
        assert_eq!(st("sarpras.asrama"), Some(Status::BelumTerdaftar));
        assert_eq!(st("sarpras.masjid"), Some(Status::HanyaDiEmis));
    }
}
