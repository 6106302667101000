//! How a stored santri record goes out: the list-row fields of the real server
//! (`student_status_id`, `status_description`, `learning_activity.academic_year{id, name}`)
//! and, when variance is on, per-row shape variance that a tolerant reader must survive.
//!
//! Variance is deterministic (seed + record id) and never touches the strict fields (`id, nik,
//! nisn, kk_num, full_name, birth_date, birth_place, parents.mother_full_name`) nor the other
//! fields the sync compares (`status_mukim, local_nis, learning_activity.study_group`) or
//! decides on (`approval_status`, `learning_activity.academic_year_id`).

use crate::rng::SplitMix64;
use crate::state::{Row, SimState};
use serde_json::{Map, Value, json};

/// Fields a row may send as `null` (optional, never decided on).
const NULLABLE: [&str; 5] = [
    "m_religion",
    "full_address",
    "m_residence_status",
    "m_status_dukcapil",
    "kode_wilayah",
];

/// The row as the list and the detail send it.
pub(crate) fn santri_row(st: &SimState, row: &Row, id: &str) -> Value {
    let mut rec = row.record.clone();
    let status = row.santri_status();
    rec.insert("student_status_id".into(), json!(status.id()));
    rec.insert("status_description".into(), json!({"name": status.name()}));
    if let Some(Value::Object(la)) = rec.get_mut("learning_activity") {
        let year = la.get("academic_year_id").and_then(Value::as_i64);
        if let Some(y) = year {
            la.insert("academic_year".into(), json!({"id": y, "name": st.period_name(y)}));
        }
    }
    if st.cfg.variance_on() {
        let mut rng = SplitMix64::derive(st.seed, &format!("variance/{id}"));
        vary(&mut rec, &mut rng);
    }
    Value::Object(rec)
}

fn as_number(v: &Value) -> Value {
    match v.as_str().and_then(|s| s.trim().parse::<i64>().ok()) {
        Some(n) => json!(n),
        None => v.clone(),
    }
}

fn caps(v: &mut Value, upper: bool) {
    if let Some(Value::String(name)) = v.get_mut("name") {
        *name = if upper {
            name.to_uppercase()
        } else {
            // `Laki-laki` → `Laki-Laki`
            name.split('-')
                .map(|w| {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                        .unwrap_or_default()
                })
                .collect::<Vec<_>>()
                .join("-")
        };
    }
}

/// Applies the per-row variance (see the module comment).
pub(crate) fn vary(rec: &mut Map<String, Value>, rng: &mut SplitMix64) {
    // Address: separate fields (as stored), one string, or an object.
    let address = rec.get("address").and_then(Value::as_str).map(str::to_string);
    if let Some(addr) = address {
        match rng.below(3) {
            1 => {
                let rt = rec.remove("rt");
                let rw = rec.remove("rw");
                let pc = rec.remove("postal_code_num");
                let s = |v: &Option<Value>| v.as_ref().and_then(Value::as_str).unwrap_or("-").to_string();
                let line = format!("{addr}, RT {}/RW {}, {}", s(&rt), s(&rw), s(&pc));
                rec.insert("address".into(), json!(line));
            }
            2 => {
                let mut obj = Map::new();
                obj.insert("address".into(), json!(addr));
                for k in ["rt", "rw", "postal_code_num"] {
                    if let Some(v) = rec.remove(k) {
                        obj.insert(k.into(), v);
                    }
                }
                rec.insert("address".into(), Value::Object(obj));
            }
            _ => {}
        }
    }
    // Numbers as strings and back.
    for k in ["rt", "rw", "postal_code_num"] {
        let flip = rng.chance(0.4);
        let target = match rec.get_mut("address") {
            Some(Value::Object(o)) if o.contains_key(k) => o.get_mut(k),
            _ => rec.get_mut(k),
        };
        if let Some(v) = target.filter(|_| flip) {
            *v = as_number(v);
        }
    }
    // Sex: {id, name} (stored), "L"/"P", 1/2, or a capitalised name.
    if let Some(g) = rec.get_mut("m_gender") {
        let id = g.get("id").and_then(Value::as_i64).unwrap_or(1);
        match rng.below(5) {
            1 => *g = json!(if id == 2 { "P" } else { "L" }),
            2 => *g = json!(id),
            3 => caps(g, false),
            4 => caps(g, true),
            _ => {}
        }
    }
    // Capitalised status names.
    if rng.chance(0.3) {
        if let Some(sd) = rec.get_mut("status_description") {
            caps(sd, true);
        }
        if let Some(Value::Object(la)) = rec.get_mut("learning_activity")
            && let Some(ss) = la.get_mut("student_status")
        {
            caps(ss, true);
        }
    }
    // The level: {id, name} (stored), the id, or the id as text.
    if let Some(Value::Object(la)) = rec.get_mut("learning_activity")
        && let Some(level) = la.get_mut("m_level_id")
    {
        let id = level.get("id").and_then(Value::as_i64);
        match (rng.below(3), id) {
            (1, Some(id)) => *level = json!(id),
            (2, Some(id)) => *level = json!(id.to_string()),
            _ => {}
        }
    }
    // Nulls for optional fields.
    for k in NULLABLE {
        if rng.chance(0.25) && rec.contains_key(k) {
            rec.insert(k.into(), Value::Null);
        }
    }
    // Unknown nested fields.
    if rng.chance(0.35) {
        rec.insert("extra_info".into(), json!({"x": 1, "source": {"kind": "sim"}}));
    }
    if rng.chance(0.2)
        && let Some(Value::Object(la)) = rec.get_mut("learning_activity")
    {
        la.insert("meta".into(), json!({"revision": rng.below(9)}));
    }
}

/// The lembaga as `institutions/info` sends it: in the real profile the address is one
/// string and `status` capitalised.
pub(crate) fn lembaga_info(st: &SimState, l: &crate::datagen::SimLembaga) -> Value {
    let mut v = l.to_json();
    if st.profile() == crate::state::Profile::Real
        && let Value::Object(m) = &mut v
    {
        let addr = m.get("address").cloned().unwrap_or(Value::Null);
        let part = |k: &str| addr.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let name = |k: &str| {
            addr.get(k)
                .and_then(|x| x.get("name"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let line = format!(
            "{}, RT {}/RW {}, Kec. {}, {}, {} {}",
            part("address"),
            part("rt"),
            part("rw"),
            name("m_district"),
            name("m_city"),
            name("m_province"),
            part("postal_code_num"),
        );
        m.insert("address".into(), json!(line));
        if let Some(Value::String(s)) = m.get_mut("status") {
            *s = s.to_uppercase();
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variance_keeps_strict_fields_and_is_deterministic() {
        let rec = json!({
            "id": "s-000001", "full_name": "SITI", "nik": "3517014708100003", "nisn": null,
            "kk_num": "3517010101100009", "birth_place": "JOMBANG", "birth_date": "2010-08-07",
            "address": "Dusun Krajan", "rt": "003", "rw": "001", "postal_code_num": "61471",
            "m_gender": {"id": 2, "name": "Perempuan"}, "status_mukim": "mukim",
            "parents": {"mother_full_name": "SITI AMINAH"}, "m_religion": {"id": 1, "name": "Islam"},
            "learning_activity": {"academic_year_id": 19, "m_level_id": {"id": 2, "name": "Wustha"},
                "student_status": {"id": 1, "name": "Aktif"}, "study_group": {"name": "Kelas 7 - A"}},
        });
        let mut seen_shapes = std::collections::BTreeSet::new();
        for i in 0..64 {
            let Value::Object(mut a) = rec.clone() else {
                unreachable!()
            };
            let mut b = a.clone();
            vary(&mut a, &mut SplitMix64::derive(1, &format!("r{i}")));
            vary(&mut b, &mut SplitMix64::derive(1, &format!("r{i}")));
            assert_eq!(a, b);
            for k in [
                "id",
                "full_name",
                "nik",
                "nisn",
                "kk_num",
                "birth_place",
                "birth_date",
                "status_mukim",
                "parents",
            ] {
                assert_eq!(a.get(k), rec.get(k), "{k}");
            }
            assert_eq!(a["learning_activity"]["academic_year_id"], 19);
            assert_eq!(
                a["learning_activity"]["study_group"],
                rec["learning_activity"]["study_group"]
            );
            let shape = match &a["address"] {
                Value::String(s) if s.contains("RT") => "one string",
                Value::String(_) => "fields",
                Value::Object(_) => "object",
                _ => "other",
            };
            seen_shapes.insert(shape);
        }
        assert_eq!(seen_shapes.len(), 3, "{seen_shapes:?}");
    }
}
