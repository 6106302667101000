//! Rule 38: text length bounds. EMIS's own forms bound every text field; a value past the
//! bound (a pasted document, a 50 MB cell) must never be pushed. Names and birth place: at
//! most [`NAME_MAX`] / [`PLACE_MAX`] characters; the street address [`ADDRESS_MAX`]; every
//! other text field [`TEXT_MAX`]. Identifiers (NIK, KK, NISN, NIP, NUPTK, nomor statistik,
//! NPSN) are left to their own length rules. Issues carry the length and the bound, never
//! the value. Fields the record keeps only as received from the server (`extra`, the SIMPEG
//! snapshot) are not checked: emis never sends them.

use crate::catalog::{Code, codes};
use crate::model::{Alamat, Gtk, Lembaga, Master, Santri};
use crate::report::{Issue, Report};

/// Bound of a person's name, in characters.
pub const NAME_MAX: usize = 100;
/// Bound of a birth place.
pub const PLACE_MAX: usize = 100;
/// Bound of a street address.
pub const ADDRESS_MAX: usize = 255;
/// Bound of any other text field.
pub const TEXT_MAX: usize = 255;

/// The character count of `text` when it is over `max` (cheap for short text: bytes are
/// counted first).
pub(crate) fn over(text: &str, max: usize) -> Option<usize> {
    if text.len() <= max {
        return None;
    }
    let n = text.chars().count();
    (n > max).then_some(n)
}

/// Reports `text` at `path` when it is over `max`; true when it was.
pub(crate) fn check(r: &mut Report, code: Code, text: &str, path: &str, max: usize) -> bool {
    match over(text, max) {
        Some(n) => {
            r.push(
                Issue::new(code, path)
                    .with("panjang", n.to_string())
                    .with("maks", max.to_string()),
            );
            true
        }
        None => false,
    }
}

/// A person's name.
pub(crate) fn name(r: &mut Report, text: Option<&str>, path: &str) -> bool {
    text.is_some_and(|t| check(r, codes::NAMA_TERLALU_PANJANG, t, path, NAME_MAX))
}

/// A birth place.
pub(crate) fn place(r: &mut Report, text: Option<&str>, path: &str) -> bool {
    text.is_some_and(|t| check(r, codes::TEMPAT_LAHIR_TERLALU_PANJANG, t, path, PLACE_MAX))
}

fn text(r: &mut Report, text: Option<&str>, path: &str) {
    if let Some(t) = text {
        check(r, codes::TEKS_TERLALU_PANJANG, t, path, TEXT_MAX);
    }
}

fn master(r: &mut Report, m: Option<&Master>, path: &str) {
    if let Some(m) = m {
        // One issue per reference, whichever part is long.
        let longest = [m.code.as_deref(), m.name.as_deref()]
            .into_iter()
            .flatten()
            .max_by_key(|s| s.len());
        text(r, longest, path);
    }
}

fn alamat(r: &mut Report, a: &Alamat, prefix: &str) {
    let p = |f: &str| {
        if prefix.is_empty() {
            f.to_string()
        } else {
            format!("{prefix}.{f}")
        }
    };
    if let Some(t) = a.address.as_deref() {
        check(r, codes::ALAMAT_TERLALU_PANJANG, t, &p("address"), ADDRESS_MAX);
    }
    text(r, a.rt.as_deref(), &p("rt"));
    text(r, a.rw.as_deref(), &p("rw"));
    text(r, a.postal_code_num.as_deref(), &p("postal_code_num"));
    text(r, a.kode_wilayah.as_deref(), &p("kode_wilayah"));
    master(r, a.m_province.as_ref(), &p("m_province"));
    master(r, a.m_city.as_ref(), &p("m_city"));
    master(r, a.m_district.as_ref(), &p("m_district"));
    master(r, a.m_sub_district.as_ref(), &p("m_sub_district"));
}

/// The santri fields not covered by the name/place checks of the record rules (those call
/// [`name`] and [`place`] themselves, to skip their other checks on an over-long value).
pub(crate) fn santri_rest(r: &mut Report, s: &Santri) {
    text(r, s.id.as_deref(), "id");
    text(r, s.local_nis.as_deref(), "local_nis");
    text(r, s.birth_date.as_deref(), "birth_date");
    text(r, s.handphone.as_ref().map(|v| v.expose()), "handphone");
    master(r, s.m_gender.as_ref(), "m_gender");
    master(r, s.m_religion.as_ref(), "m_religion");
    master(r, s.m_residence_status.as_ref(), "m_residence_status");
    alamat(r, &s.alamat, "");
    let p = &s.parents;
    name(
        r,
        p.father_full_name.as_ref().map(|v| v.expose()),
        "parents.father_full_name",
    );
    name(
        r,
        p.wali_full_name.as_ref().map(|v| v.expose()),
        "parents.wali_full_name",
    );
    for (v, path) in [
        (p.father_birth_date.as_deref(), "parents.father_birth_date"),
        (p.father_latest_education.as_deref(), "parents.father_latest_education"),
        (
            p.father_phone_number.as_ref().map(|v| v.expose()),
            "parents.father_phone_number",
        ),
        (p.mother_birth_date.as_deref(), "parents.mother_birth_date"),
        (p.mother_latest_education.as_deref(), "parents.mother_latest_education"),
        (
            p.mother_phone_number.as_ref().map(|v| v.expose()),
            "parents.mother_phone_number",
        ),
    ] {
        text(r, v, path);
    }
    if let Some(la) = &s.learning_activity {
        master(r, la.m_level_id.as_ref(), "learning_activity.m_level_id");
        master(r, la.student_status.as_ref(), "learning_activity.student_status");
        for (v, path) in [
            (la.tingkat.as_deref(), "learning_activity.tingkat"),
            (la.study_group.as_deref(), "learning_activity.study_group"),
            (la.admission_date.as_deref(), "learning_activity.admission_date"),
            (la.start_date.as_deref(), "learning_activity.start_date"),
            (la.exit_date.as_deref(), "learning_activity.exit_date"),
            (la.exit_reason.as_deref(), "learning_activity.exit_reason"),
            (la.exit_destination.as_deref(), "learning_activity.exit_destination"),
        ] {
            text(r, v, path);
        }
    }
}

/// The GTK fields not covered by the name/place checks of the record rules.
pub(crate) fn gtk_rest(r: &mut Report, g: &Gtk) {
    text(r, g.id.as_deref(), "id");
    text(r, g.birth_date.as_deref(), "birth_date");
    master(r, g.m_gender.as_ref(), "m_gender");
    text(r, g.status_kepegawaian.as_deref(), "status_kepegawaian");
    text(r, g.jabatan.as_deref(), "jabatan");
    text(r, g.bidang_studi.as_deref(), "bidang_studi");
    text(r, g.tmt_tugas.as_deref(), "tmt_tugas");
    text(r, g.peg_id.as_deref(), "peg_id");
    for (i, e) in g.education_history.iter().enumerate() {
        if e.jenjang.len() > TEXT_MAX {
            text(r, Some(&e.jenjang), &format!("education_history[{i}].jenjang"));
        }
        if e.institution.as_ref().is_some_and(|t| t.len() > TEXT_MAX) {
            text(
                r,
                e.institution.as_deref(),
                &format!("education_history[{i}].institution"),
            );
        }
    }
}

/// Every bounded text field of a lembaga. The lembaga's name is bounded like other text
/// (institution names run longer than people's); the head's name like a person's.
pub(crate) fn lembaga(r: &mut Report, l: &Lembaga) {
    check(r, codes::TEKS_TERLALU_PANJANG, &l.name, "name", TEXT_MAX);
    text(r, l.id.as_deref(), "id");
    text(r, l.parent_statistic_num.as_deref(), "parent_statistic_num");
    name(r, l.pimpinan.as_deref(), "pimpinan");
    text(r, l.akreditasi.as_deref(), "akreditasi");
    text(r, l.tipologi.as_deref(), "tipologi");
    for (i, j) in l.jenjang.iter().enumerate() {
        if j.len() > TEXT_MAX {
            text(r, Some(j), &format!("jenjang[{i}]"));
        }
    }
    alamat(r, &l.address, "address");
    if let Some(iz) = &l.izin_operasional {
        text(r, iz.number.as_deref(), "izin_operasional.number");
        text(r, iz.date.as_deref(), "izin_operasional.date");
        text(r, iz.issuer.as_deref(), "izin_operasional.issuer");
    }
}
