//! How [`Santri`], [`Gtk`] and [`Lembaga`] are read. Each is read through a private "wire"
//! struct whose only flattened field is `extra`:
//!
//! * the santri's address fields sit at the top level of the JSON; a flattened struct would
//!   hide the JSON path of a bad value inside it, so they are plain fields here and are moved
//!   into [`Santri::alamat`];
//! * alternative names (`nama`, `no_kk`, `ni_pppk`, `institution_id`...) are fields of their
//!   own, so a server that sends both names is not a "duplicate field" error: the EMIS name
//!   wins, and a different value under the other name stays in `extra`.

use super::{
    AktivitasBelajar, Alamat, Extra, Gtk, IzinOperasional, Lembaga, LembagaKind, Master, OrangTua, RiwayatPendidikan,
    Santri, SimpegSnapshot, StatusLembaga, StatusMukim, lenient,
};
use crate::pii::Sensitive;
use serde::{Deserialize, Serialize};

/// Takes `alt` when `main` is empty; a different `alt` is kept in `extra` under `key`.
fn alias<T: Serialize + PartialEq>(main: &mut Option<T>, alt: Option<T>, key: &str, extra: &mut Extra) {
    match (main.as_ref(), alt) {
        (_, None) => {}
        (None, Some(a)) => *main = Some(a),
        (Some(m), Some(a)) => {
            if *m != a {
                extra.insert(key.to_string(), serde_json::to_value(&a).unwrap_or_default());
            }
        }
    }
}

/// [`alias`] for a required name.
fn alias_name(main: &mut Sensitive, alt: Option<Sensitive>, key: &str, extra: &mut Extra) {
    let mut m = Some(std::mem::take(main)).filter(|m| !m.is_blank());
    alias(&mut m, alt.filter(|a| !a.is_blank()), key, extra);
    *main = m.unwrap_or_default();
}

#[derive(Deserialize)]
pub(super) struct SantriWire {
    #[serde(default, deserialize_with = "lenient::strict_opt_string")]
    id: Option<String>,
    #[serde(default, deserialize_with = "lenient::sensitive")]
    full_name: Sensitive,
    #[serde(default, deserialize_with = "lenient::opt_sensitive")]
    nama: Option<Sensitive>,
    #[serde(default, deserialize_with = "lenient::opt_sensitive")]
    nik: Option<Sensitive>,
    #[serde(default, deserialize_with = "lenient::opt_sensitive")]
    kk_num: Option<Sensitive>,
    #[serde(default, deserialize_with = "lenient::opt_sensitive")]
    no_kk: Option<Sensitive>,
    #[serde(default, deserialize_with = "lenient::opt_sensitive")]
    nisn: Option<Sensitive>,
    #[serde(default, deserialize_with = "lenient::strict_opt_string")]
    local_nis: Option<String>,
    #[serde(default, deserialize_with = "lenient::strict_opt_string")]
    nism: Option<String>,
    #[serde(default, deserialize_with = "lenient::strict_opt_string")]
    birth_place: Option<String>,
    #[serde(default, deserialize_with = "lenient::strict_opt_string")]
    tempat_lahir: Option<String>,
    #[serde(default, deserialize_with = "lenient::strict_opt_string")]
    birth_date: Option<String>,
    #[serde(default, deserialize_with = "lenient::strict_opt_string")]
    tanggal_lahir: Option<String>,
    #[serde(default)]
    m_gender: Option<Master>,
    #[serde(default)]
    gender: Option<Master>,
    #[serde(default)]
    jenis_kelamin: Option<Master>,
    #[serde(default)]
    m_religion: Option<Master>,
    #[serde(default, deserialize_with = "lenient::opt_sensitive")]
    handphone: Option<Sensitive>,
    #[serde(default, deserialize_with = "lenient::opt_address")]
    address: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    rt: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    rw: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    postal_code_num: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    postal_code: Option<String>,
    #[serde(default)]
    m_province: Option<Master>,
    #[serde(default)]
    m_city: Option<Master>,
    #[serde(default)]
    m_district: Option<Master>,
    #[serde(default)]
    m_sub_district: Option<Master>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    kode_wilayah: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_status_mukim")]
    status_mukim: Option<StatusMukim>,
    #[serde(default)]
    m_residence_status: Option<Master>,
    #[serde(default, deserialize_with = "lenient::or_default")]
    parents: OrangTua,
    #[serde(default)]
    learning_activity: Option<AktivitasBelajar>,
    #[serde(flatten)]
    extra: Extra,
}

impl From<SantriWire> for Santri {
    fn from(w: SantriWire) -> Santri {
        let mut x = w.extra;
        let mut s = Santri {
            id: w.id,
            full_name: w.full_name,
            nik: w.nik,
            kk_num: w.kk_num,
            nisn: w.nisn,
            local_nis: w.local_nis,
            birth_place: w.birth_place,
            birth_date: w.birth_date,
            m_gender: w.m_gender,
            m_religion: w.m_religion,
            handphone: w.handphone,
            alamat: Alamat {
                address: w.address,
                rt: w.rt,
                rw: w.rw,
                postal_code_num: w.postal_code_num,
                m_province: w.m_province,
                m_city: w.m_city,
                m_district: w.m_district,
                m_sub_district: w.m_sub_district,
                kode_wilayah: w.kode_wilayah,
            },
            status_mukim: w.status_mukim,
            m_residence_status: w.m_residence_status,
            parents: w.parents,
            learning_activity: w.learning_activity,
            extra: Extra::default(),
        };
        alias_name(&mut s.full_name, w.nama, "nama", &mut x);
        alias(&mut s.kk_num, w.no_kk, "no_kk", &mut x);
        alias(&mut s.local_nis, w.nism, "nism", &mut x);
        alias(&mut s.birth_place, w.tempat_lahir, "tempat_lahir", &mut x);
        alias(&mut s.birth_date, w.tanggal_lahir, "tanggal_lahir", &mut x);
        alias(&mut s.m_gender, w.gender, "gender", &mut x);
        alias(&mut s.m_gender, w.jenis_kelamin, "jenis_kelamin", &mut x);
        alias(&mut s.alamat.postal_code_num, w.postal_code, "postal_code", &mut x);
        s.extra = x;
        s
    }
}

#[derive(Deserialize)]
pub(super) struct GtkWire {
    #[serde(default, deserialize_with = "lenient::strict_opt_string")]
    id: Option<String>,
    #[serde(default, deserialize_with = "lenient::sensitive")]
    full_name: Sensitive,
    #[serde(default, deserialize_with = "lenient::opt_sensitive")]
    nama: Option<Sensitive>,
    #[serde(default, deserialize_with = "lenient::opt_sensitive")]
    nik: Option<Sensitive>,
    #[serde(default, deserialize_with = "lenient::opt_sensitive")]
    kk_num: Option<Sensitive>,
    #[serde(default, deserialize_with = "lenient::opt_sensitive")]
    no_kk: Option<Sensitive>,
    #[serde(default, deserialize_with = "lenient::opt_sensitive")]
    nip: Option<Sensitive>,
    #[serde(default, deserialize_with = "lenient::opt_sensitive")]
    ni_pppk: Option<Sensitive>,
    #[serde(default, deserialize_with = "lenient::opt_sensitive")]
    nuptk: Option<Sensitive>,
    #[serde(default, deserialize_with = "lenient::strict_opt_string")]
    birth_place: Option<String>,
    #[serde(default, deserialize_with = "lenient::strict_opt_string")]
    birth_date: Option<String>,
    #[serde(default)]
    m_gender: Option<Master>,
    #[serde(default)]
    gender: Option<Master>,
    #[serde(default)]
    jenis_kelamin: Option<Master>,
    #[serde(default, deserialize_with = "lenient::opt_sensitive")]
    mother_name: Option<Sensitive>,
    #[serde(default, deserialize_with = "lenient::opt_sensitive")]
    nama_ibu_kandung: Option<Sensitive>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    status_kepegawaian: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    jabatan: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    bidang_studi: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    tmt_tugas: Option<String>,
    #[serde(default, deserialize_with = "lenient::or_default")]
    education_history: Vec<RiwayatPendidikan>,
    #[serde(default)]
    simpeg: Option<SimpegSnapshot>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    peg_id: Option<String>,
    #[serde(flatten)]
    extra: Extra,
}

impl From<GtkWire> for Gtk {
    fn from(w: GtkWire) -> Gtk {
        let mut x = w.extra;
        let mut g = Gtk {
            id: w.id,
            full_name: w.full_name,
            nik: w.nik,
            kk_num: w.kk_num,
            nip: w.nip,
            nuptk: w.nuptk,
            birth_place: w.birth_place,
            birth_date: w.birth_date,
            m_gender: w.m_gender,
            mother_name: w.mother_name,
            status_kepegawaian: w.status_kepegawaian,
            jabatan: w.jabatan,
            bidang_studi: w.bidang_studi,
            tmt_tugas: w.tmt_tugas,
            education_history: w.education_history,
            simpeg: w.simpeg,
            peg_id: w.peg_id,
            extra: Extra::default(),
        };
        alias_name(&mut g.full_name, w.nama, "nama", &mut x);
        alias(&mut g.kk_num, w.no_kk, "no_kk", &mut x);
        alias(&mut g.nip, w.ni_pppk, "ni_pppk", &mut x);
        alias(&mut g.m_gender, w.gender, "gender", &mut x);
        alias(&mut g.m_gender, w.jenis_kelamin, "jenis_kelamin", &mut x);
        alias(&mut g.mother_name, w.nama_ibu_kandung, "nama_ibu_kandung", &mut x);
        g.extra = x;
        g
    }
}

#[derive(Deserialize)]
pub(super) struct LembagaWire {
    #[serde(default, deserialize_with = "lenient::strict_opt_string")]
    id: Option<String>,
    #[serde(default, deserialize_with = "lenient::strict_opt_string")]
    institution_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_lembaga_kind")]
    institution_group_id: Option<LembagaKind>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    institution_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::strict_opt_string")]
    statistic_num: Option<String>,
    #[serde(default, deserialize_with = "lenient::strict_opt_string")]
    npsn: Option<String>,
    #[serde(default, deserialize_with = "lenient::string_list")]
    jenjang: Vec<String>,
    #[serde(default, deserialize_with = "lenient::opt_status_lembaga")]
    status: Option<StatusLembaga>,
    #[serde(default, deserialize_with = "super::lembaga::alamat_or_text")]
    address: Alamat,
    #[serde(default)]
    izin_operasional: Option<IzinOperasional>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pimpinan: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    akreditasi: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    tipologi: Option<String>,
    #[serde(default, deserialize_with = "lenient::strict_opt_string")]
    parent_statistic_num: Option<String>,
    #[serde(flatten)]
    extra: Extra,
}

impl From<LembagaWire> for Lembaga {
    fn from(w: LembagaWire) -> Lembaga {
        let mut x = w.extra;
        let mut id = w.id;
        alias(&mut id, w.institution_id, "institution_id", &mut x);
        let mut name = w.name;
        alias(&mut name, w.institution_name, "institution_name", &mut x);
        Lembaga {
            id,
            institution_group_id: w.institution_group_id,
            name: name.unwrap_or_default(),
            statistic_num: w.statistic_num,
            npsn: w.npsn,
            jenjang: w.jenjang,
            status: w.status,
            address: w.address,
            izin_operasional: w.izin_operasional,
            pimpinan: w.pimpinan,
            akreditasi: w.akreditasi,
            tipologi: w.tipologi,
            parent_statistic_num: w.parent_statistic_num,
            extra: x,
        }
    }
}
