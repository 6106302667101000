//! The one mapping between a [`Santri`] and the multipart form of the real single create
//! `POST /v1/students/ppdb` (field names of `shared/docs/emis-real-api.md` §2.2, with
//! `is_pontren=1`). Used by the client to send and by the simulator to read, so both sides
//! agree on every name.
//!
//! Fields sent: `full_name, nationality=wni, have_nik, nik, have_nisn, nisn, m_gender_id` (1 L /
//! 2 P)`, birth_place, birth_date` (YYYY-MM-DD)`, kk_num, family_head_name, address, rt, rw,
//! postal_code_num, m_province_id, m_city_id, m_district_id, m_subdistrict_id` (from the
//! record's region code: 2, 4, 6 and 10 digits)`, father_|mother_|wali_ full_name` and `nik`,
//! `m_level_id, academic_year_id, admission_date, is_pontren=1`, and the emis extras
//! `local_nis, status_mukim, study_group, tingkat`. Empty values are left out.

use crate::date::Date;
use crate::id::nik::JenisKelamin;
use crate::model::{Santri, StatusMukim};

/// Region form fields, from the least to the most specific, with their code length.
const REGION: [(&str, usize); 4] = [
    ("m_province_id", 2),
    ("m_city_id", 4),
    ("m_district_id", 6),
    ("m_subdistrict_id", 10),
];

fn date_text(d: &str) -> String {
    Date::parse(d)
        .map(|d| d.to_string())
        .unwrap_or_else(|_| d.trim().to_string())
}

/// The multipart fields for one santri. `academic_year_id` and `admission_date` override the
/// record's own `learning_activity` values when given.
pub fn form_fields(s: &Santri, academic_year_id: Option<i64>, admission_date: Option<&str>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::with_capacity(32);
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v.map(|v| v.trim().to_string()).filter(|v| !v.is_empty()) {
            out.push((k.to_string(), v));
        }
    };
    let sens = |v: &Option<crate::pii::Sensitive>| v.as_ref().map(|x| x.expose().to_string());
    let la = s.learning_activity.as_ref();
    let p = &s.parents;

    put("full_name", Some(s.full_name.expose().to_string()));
    put("nationality", Some("wni".into()));
    let nik = sens(&s.nik).filter(|v| !v.trim().is_empty());
    put("have_nik", Some(if nik.is_some() { "true" } else { "false" }.into()));
    put("nik", nik);
    let nisn = sens(&s.nisn).filter(|v| !v.trim().is_empty());
    put("have_nisn", Some(if nisn.is_some() { "true" } else { "false" }.into()));
    put("nisn", nisn);
    put(
        "m_gender_id",
        s.jenis_kelamin().map(|j| match j {
            JenisKelamin::L => "1".to_string(),
            JenisKelamin::P => "2".to_string(),
        }),
    );
    put("birth_place", s.birth_place.clone());
    put("birth_date", s.birth_date.as_deref().map(date_text));
    put("kk_num", sens(&s.kk_num));
    put(
        "family_head_name",
        sens(&p.father_full_name)
            .or_else(|| sens(&p.wali_full_name))
            .or_else(|| sens(&p.mother_full_name)),
    );
    put("address", s.alamat.address.clone());
    put("rt", s.alamat.rt.clone());
    put("rw", s.alamat.rw.clone());
    put("postal_code_num", s.alamat.postal_code_num.clone());
    let region: String = s
        .alamat
        .kode_wilayah
        .as_deref()
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    for (name, len) in REGION {
        put(name, (region.len() >= len).then(|| region[..len].to_string()));
    }
    put("father_full_name", sens(&p.father_full_name));
    put("father_nik", sens(&p.father_nik));
    put("mother_full_name", sens(&p.mother_full_name));
    put("mother_nik", sens(&p.mother_nik));
    put("wali_full_name", sens(&p.wali_full_name));
    put("wali_nik", sens(&p.wali_nik));
    put(
        "m_level_id",
        la.and_then(|l| l.m_level_id.as_ref())
            .and_then(|m| m.id.map(|i| i.to_string()).or_else(|| m.text())),
    );
    put(
        "academic_year_id",
        academic_year_id
            .or_else(|| la.and_then(|l| l.academic_year_id))
            .map(|i| i.to_string()),
    );
    put(
        "admission_date",
        admission_date
            .map(str::to_string)
            .or_else(|| la.and_then(|l| l.admission_date.clone()))
            .as_deref()
            .map(date_text),
    );
    put("is_pontren", Some("1".into()));
    put("local_nis", s.local_nis.clone());
    put(
        "status_mukim",
        s.status_mukim.map(|m| {
            match m {
                StatusMukim::Mukim => "mukim",
                StatusMukim::NonMukim => "non-mukim",
            }
            .to_string()
        }),
    );
    put("study_group", la.and_then(|l| l.study_group.clone()));
    put("tingkat", la.and_then(|l| l.tingkat.clone()));
    out
}

/// The santri a form describes (the inverse of [`form_fields`]): `m_gender_id` 1/2 becomes
/// `L`/`P`, the most specific region id becomes `kode_wilayah`, and the form-only fields
/// (`nationality`, `have_nik`, `have_nisn`, `family_head_name`, `is_pontren`, files) are
/// dropped. Unknown fields are ignored; empty values are absent.
pub fn santri_from_form(fields: &[(String, String)]) -> Santri {
    let mut cells: Vec<(String, String)> = Vec::with_capacity(fields.len());
    let mut region: Option<(usize, String)> = None;
    for (k, v) in fields {
        let (k, v) = (k.trim(), v.trim());
        if v.is_empty() {
            continue;
        }
        match k {
            "m_gender_id" => {
                let g = JenisKelamin::parse(v).map(JenisKelamin::as_str).unwrap_or(v);
                cells.push(("m_gender".into(), g.to_string()));
            }
            "m_province_id" | "m_city_id" | "m_district_id" | "m_subdistrict_id" | "m_sub_district_id" => {
                let digits: String = v.chars().filter(char::is_ascii_digit).collect();
                if region.as_ref().is_none_or(|(n, _)| digits.len() > *n) {
                    region = Some((digits.len(), digits));
                }
            }
            "nationality" | "have_nik" | "have_nisn" | "family_head_name" | "is_pontren" | "_method" => {}
            _ => cells.push((k.to_string(), v.to_string())),
        }
    }
    if let Some((_, code)) = region.filter(|(n, _)| *n > 0) {
        cells.push(("kode_wilayah".into(), code));
    }
    Santri::from_flat(cells.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn sample() -> Santri {
        Santri::from_flat([
            ("full_name", "Siti Aisyah Rahma"),
            ("nik", "3517014708100003"),
            ("nisn", "0101234567"),
            ("kk_num", "3517010101100009"),
            ("local_nis", "510035179001260001"),
            ("birth_place", "JOMBANG"),
            ("birth_date", "2010-08-07"),
            ("m_gender", "P"),
            ("address", "Dusun Krajan"),
            ("rt", "003"),
            ("rw", "001"),
            ("postal_code_num", "61471"),
            ("kode_wilayah", "3517012001"),
            ("status_mukim", "mukim"),
            ("father_full_name", "AHMAD FAUZI"),
            ("father_nik", "3517011201800001"),
            ("mother_full_name", "SITI AMINAH"),
            ("mother_nik", "3517015503850002"),
            ("wali_full_name", "UMAR SAID"),
            ("wali_nik", "3517011003700004"),
            ("academic_year_id", "19"),
            ("m_level_id", "2"),
            ("tingkat", "7"),
            ("study_group", "Kelas 7 - A"),
            ("admission_date", "2026-07-15"),
        ])
    }

    fn get<'a>(f: &'a [(String, String)], k: &str) -> Option<&'a str> {
        f.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str())
    }

    #[test]
    fn round_trip_keeps_every_field_the_form_carries() {
        let s = sample();
        let f = form_fields(&s, None, None);
        assert_eq!(get(&f, "is_pontren"), Some("1"));
        assert_eq!(get(&f, "nationality"), Some("wni"));
        assert_eq!(get(&f, "have_nik"), Some("true"));
        assert_eq!(get(&f, "have_nisn"), Some("true"));
        assert_eq!(get(&f, "m_gender_id"), Some("2"));
        assert_eq!(get(&f, "family_head_name"), Some("AHMAD FAUZI"));
        assert_eq!(get(&f, "m_province_id"), Some("35"));
        assert_eq!(get(&f, "m_city_id"), Some("3517"));
        assert_eq!(get(&f, "m_district_id"), Some("351701"));
        assert_eq!(get(&f, "m_subdistrict_id"), Some("3517012001"));
        let names: Vec<&str> = f.iter().map(|(k, _)| k.as_str()).collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "each field once: {names:?}");
        let back = santri_from_form(&f);
        assert_eq!(back, s, "Santri → form → Santri");
        // And the form of the result is the same form.
        assert_eq!(form_fields(&back, None, None), f);
    }

    #[test]
    fn overrides_omissions_and_other_shapes() {
        let mut s = sample();
        s.nisn = None;
        s.parents.wali_full_name = None;
        s.parents.wali_nik = None;
        s.alamat.kode_wilayah = Some("35.17.01".into());
        s.birth_date = Some("07/08/2010".into());
        s.m_gender = Some(crate::model::Master {
            id: Some(1),
            code: None,
            name: Some("Laki-laki".into()),
        });
        if let Some(la) = s.learning_activity.as_mut() {
            la.m_level_id = Some(crate::model::Master {
                id: Some(3),
                code: None,
                name: Some("Ulya".into()),
            });
        }
        let f = form_fields(&s, Some(18), Some("14-07-2025"));
        assert_eq!(get(&f, "have_nisn"), Some("false"));
        assert_eq!(get(&f, "nisn"), None);
        assert_eq!(get(&f, "wali_full_name"), None, "empty values are left out");
        assert_eq!(get(&f, "m_subdistrict_id"), None);
        assert_eq!(get(&f, "m_district_id"), Some("351701"));
        assert_eq!(get(&f, "birth_date"), Some("2010-08-07"));
        assert_eq!(get(&f, "m_gender_id"), Some("1"));
        assert_eq!(get(&f, "m_level_id"), Some("3"));
        assert_eq!(get(&f, "academic_year_id"), Some("18"));
        assert_eq!(get(&f, "admission_date"), Some("2025-07-14"));
        assert!(f.iter().all(|(_, v)| !v.is_empty()));
        let back = santri_from_form(&f);
        assert_eq!(back.jenis_kelamin(), Some(JenisKelamin::L));
        assert_eq!(back.alamat.kode_wilayah.as_deref(), Some("351701"));
        assert_eq!(back.nisn, None);
        let la = back.learning_activity.unwrap();
        assert_eq!(la.academic_year_id, Some(18));
        assert_eq!(la.m_level_id.and_then(|m| m.text()).as_deref(), Some("3"));
        // The parents' spelling of the sub-district field is read too; form-only fields go.
        let odd = vec![
            ("full_name".to_string(), "X".to_string()),
            ("m_sub_district_id".to_string(), "3517012001".to_string()),
            ("is_pontren".to_string(), "1".to_string()),
            ("_method".to_string(), "PUT".to_string()),
            ("unknown".to_string(), "y".to_string()),
        ];
        let s = santri_from_form(&odd);
        assert_eq!(s.alamat.kode_wilayah.as_deref(), Some("3517012001"));
        assert_eq!(s.full_name.expose(), "X");
        assert_eq!(s.learning_activity, None);
    }
}
