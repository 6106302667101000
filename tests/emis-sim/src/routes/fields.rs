//! Record fields: merging a write's `fields` into an EMIS record, and status changes.

use super::batch::Entity;
use crate::datagen::{RecordStatus, master};
use serde_json::{Map, Value, json};

pub(crate) struct Exit {
    pub date: String,
    pub reason: String,
    pub destination: Option<String>,
    pub to: Option<String>,
}

pub(crate) fn obj<'a>(rec: &'a mut Map<String, Value>, k: &str) -> &'a mut Map<String, Value> {
    let slot = rec.entry(k).or_insert_with(|| json!({}));
    if !slot.is_object() {
        *slot = json!({});
    }
    slot.as_object_mut().expect("object")
}

pub(crate) fn set_status(e: Entity, rec: &mut Map<String, Value>, s: RecordStatus, exit: Option<Exit>) {
    let target = match e {
        Entity::Santri => {
            let la = obj(rec, "learning_activity");
            la.insert("student_status_id".into(), json!(s.id()));
            la.insert("student_status".into(), master(s.id(), s.name()));
            la
        }
        Entity::Gtk => {
            rec.insert("status".into(), json!(s.name()));
            rec.insert("is_active".into(), json!(s == RecordStatus::Aktif));
            rec
        }
    };
    if let Some(x) = exit {
        target.insert("exit_date".into(), json!(x.date));
        target.insert("exit_reason".into(), json!(x.reason));
        target.insert("exit_destination".into(), json!(x.destination));
        target.insert("exit_statistic_num".into(), json!(x.to));
    }
}

fn gender(v: &Value) -> Value {
    match v.as_str().map(|s| s.trim().to_ascii_uppercase()) {
        Some(s) if s == "L" || s == "1" || s.starts_with("LAKI") => master(1, "Laki-laki"),
        Some(s) if s == "P" || s == "2" || s.starts_with("PEREMPUAN") => master(2, "Perempuan"),
        _ => v.clone(),
    }
}

const LEARNING: [&str; 9] = [
    "academic_year_id",
    "m_level_id",
    "tingkat",
    "study_group",
    "start_date",
    "admission_date",
    "exit_date",
    "exit_reason",
    "exit_destination",
];

fn set_learning(rec: &mut Map<String, Value>, k: &str, v: &Value) {
    let v = match (k, v) {
        ("study_group", Value::String(s)) => json!({"name": s, "room_name": null}),
        _ => v.clone(),
    };
    obj(rec, "learning_activity").insert(k.to_string(), v);
}

/// Top-level field names EMIS knows (domain.md §4.1); others are ignored.
const SANTRI_FIELDS: [&str; 36] = [
    "full_name",
    "nik",
    "nisn",
    "kk_num",
    "local_nis",
    "birth_place",
    "birth_date",
    "m_religion",
    "handphone",
    "email",
    "address",
    "full_address",
    "rt",
    "rw",
    "postal_code_num",
    "m_province",
    "m_city",
    "m_district",
    "m_sub_district",
    "kode_wilayah",
    "status_mukim",
    "m_residence_status",
    "m_life_goal",
    "m_hobby",
    "m_residence_distance",
    "m_interval_time",
    "m_transportation",
    "m_special_need",
    "m_fund_source",
    "m_disabilities",
    "height",
    "weight",
    "child_of_num",
    "siblings_num",
    "entered_tk_ra",
    "entered_paud",
];

/// GTK field names (emis-core `Gtk`, plus a few EMIS extras).
const GTK_FIELDS: [&str; 19] = [
    "full_name",
    "nik",
    "kk_num",
    "nip",
    "nuptk",
    "birth_place",
    "birth_date",
    "m_religion",
    "mother_name",
    "status_kepegawaian",
    "jabatan",
    "bidang_studi",
    "tmt_tugas",
    "education_history",
    "peg_id",
    "address",
    "handphone",
    "email",
    "simpeg",
];

fn known(e: Entity, k: &str) -> bool {
    match e {
        Entity::Santri => SANTRI_FIELDS.contains(&k),
        Entity::Gtk => GTK_FIELDS.contains(&k),
    }
}

fn is_parent_key(k: &str) -> bool {
    k.starts_with("father_") || k.starts_with("mother_") || k.starts_with("wali_") || k == "is_kk_same_father"
}

/// Merges `fields` (EMIS names, flat or nested) into a record. Server-owned fields (`id`,
/// statuses) are ignored: status changes only through `deactivate` / `mutasi_*`.
pub(crate) fn merge(e: Entity, rec: &mut Map<String, Value>, fields: &Map<String, Value>) {
    for (k, v) in fields {
        let k = k.as_str();
        match k {
            "id" | "statistic_num" | "student_status" | "student_status_id" | "status" | "is_active" | "reason" => {}
            "gender" | "jenis_kelamin" | "m_gender" => {
                rec.insert("m_gender".into(), gender(v));
            }
            "ni_pppk" if e == Entity::Gtk => {
                rec.insert("nip".into(), v.clone());
            }
            "nama_ibu_kandung" if e == Entity::Gtk => {
                rec.insert("mother_name".into(), v.clone());
            }
            "parents" if e == Entity::Santri && v.is_object() => {
                let p = obj(rec, "parents");
                for (pk, pv) in v.as_object().into_iter().flatten() {
                    if is_parent_key(pk) {
                        p.insert(pk.clone(), pv.clone());
                    }
                }
            }
            "learning_activity" if e == Entity::Santri && v.is_object() => {
                for (lk, lv) in v.as_object().into_iter().flatten() {
                    if LEARNING.contains(&lk.as_str()) {
                        set_learning(rec, lk, lv);
                    }
                }
            }
            _ if e == Entity::Santri && is_parent_key(k) => {
                obj(rec, "parents").insert(k.to_string(), v.clone());
            }
            _ if e == Entity::Santri && LEARNING.contains(&k) => set_learning(rec, k, v),
            _ if known(e, k) => {
                rec.insert(k.to_string(), v.clone());
            }
            // Unknown field names are ignored, as EMIS does.
            _ => {}
        }
    }
}
