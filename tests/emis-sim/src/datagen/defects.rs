//! Defects planted on request, deterministically (same seed + same `Defects` ⇒ same records).

use super::records::{Kepegawaian, RecordStatus};
use super::{Dataset, Generator, names};
use serde::{Deserialize, Serialize};

/// How many records of each defect to plant. Each santri gets at most one defect.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Defects {
    /// Santri whose NIK fails `emis_core::id::nik::is_valid` (30 Feb, serial 0000, 15 digits,
    /// kab/kota 70, in turn).
    pub invalid_nik: usize,
    /// Santri given the NIK of another active santri of the same lembaga.
    pub duplicate_nik: usize,
    /// Santri without a mother's name.
    pub missing_mother_name: usize,
    /// Santri whose mother's name is a placeholder (`BUNDA`, `IBU`, `-`).
    pub placeholder_mother_name: usize,
    /// Santri also registered (active) at another lembaga: data ganda. Adds one record each.
    pub nik_active_elsewhere: usize,
    /// Santri with a 9-digit NISN.
    pub invalid_nisn: usize,
    /// Active santri without a rombel.
    pub without_rombel: usize,
    /// PNS GTK whose NIP is missing from the SIMPEG registry (`cek_nip` → 404).
    pub nip_not_in_simpeg: usize,
}

impl Defects {
    /// No defects.
    pub fn none() -> Defects {
        Defects::default()
    }
    /// A small set of every kind, for demos.
    pub fn demo() -> Defects {
        Defects {
            invalid_nik: 2,
            duplicate_nik: 1,
            missing_mother_name: 2,
            placeholder_mother_name: 1,
            nik_active_elsewhere: 2,
            invalid_nisn: 1,
            without_rombel: 2,
            nip_not_in_simpeg: 1,
        }
    }
}

/// The kind of a planted defect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DefectKind {
    /// See [`Defects::invalid_nik`].
    InvalidNik,
    /// See [`Defects::duplicate_nik`].
    DuplicateNik,
    /// See [`Defects::missing_mother_name`].
    MissingMotherName,
    /// See [`Defects::placeholder_mother_name`].
    PlaceholderMotherName,
    /// See [`Defects::nik_active_elsewhere`].
    NikActiveElsewhere,
    /// See [`Defects::invalid_nisn`].
    InvalidNisn,
    /// See [`Defects::without_rombel`].
    WithoutRombel,
    /// See [`Defects::nip_not_in_simpeg`].
    NipNotInSimpeg,
}

/// Where a defect was planted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlantedDefect {
    /// What.
    pub kind: DefectKind,
    /// Server id of the changed (or added) record.
    pub record_id: String,
    /// Lembaga of that record.
    pub statistic_num: String,
    /// The other record involved (duplicate / data ganda original).
    pub other_id: Option<String>,
}

impl Generator {
    pub(crate) fn plant(&mut self, ds: &mut Dataset, d: &Defects) {
        let mut pool: Vec<usize> = (0..ds.santri.len())
            .filter(|&i| ds.santri[i].status == RecordStatus::Aktif)
            .collect();
        // Fisher–Yates with the generator's stream.
        for i in (1..pool.len()).rev() {
            let j = self.rng.below(i as u64 + 1) as usize;
            pool.swap(i, j);
        }
        let mut planted = Vec::new();
        let note = |kind, s: &super::SimSantri, other: Option<String>| PlantedDefect {
            kind,
            record_id: s.id.clone(),
            statistic_num: s.statistic_num.clone(),
            other_id: other,
        };
        for k in 0..d.invalid_nik {
            let Some(i) = pool.pop() else { break };
            let s = &mut ds.santri[i];
            let mut nik = s.nik.clone();
            match k % 4 {
                0 => nik.replace_range(6..10, if s.gender.as_str() == "P" { "7002" } else { "3002" }),
                1 => nik.replace_range(12..16, "0000"),
                2 => {
                    nik.pop();
                }
                _ => nik.replace_range(2..4, "70"),
            }
            debug_assert!(!emis_core::id::nik::is_valid(&nik), "{nik}");
            s.nik = nik;
            planted.push(note(DefectKind::InvalidNik, s, None));
        }
        for _ in 0..d.duplicate_nik {
            let Some(i) = pool.pop() else { break };
            let stat = ds.santri[i].statistic_num.clone();
            let Some(pos) = pool.iter().position(|&j| ds.santri[j].statistic_num == stat) else {
                continue;
            };
            let j = pool.swap_remove(pos);
            let (orig_nik, orig_id) = (ds.santri[i].nik.clone(), ds.santri[i].id.clone());
            ds.santri[j].nik = orig_nik;
            planted.push(note(DefectKind::DuplicateNik, &ds.santri[j], Some(orig_id)));
        }
        for _ in 0..d.missing_mother_name {
            let Some(i) = pool.pop() else { break };
            ds.santri[i].mother_full_name = None;
            planted.push(note(DefectKind::MissingMotherName, &ds.santri[i], None));
        }
        for _ in 0..d.placeholder_mother_name {
            let Some(i) = pool.pop() else { break };
            let p = *self.rng.pick(names::PLACEHOLDER_MOTHER);
            ds.santri[i].mother_full_name = Some(p.to_string());
            planted.push(note(DefectKind::PlaceholderMotherName, &ds.santri[i], None));
        }
        for _ in 0..d.invalid_nisn {
            let Some(i) = pool.pop() else { break };
            let s = &mut ds.santri[i];
            let mut nisn = s
                .nisn
                .clone()
                .unwrap_or_else(|| format!("{:03}1234567", s.birth_date.year() % 1000));
            nisn.truncate(9);
            s.nisn = Some(nisn);
            planted.push(note(DefectKind::InvalidNisn, s, None));
        }
        for _ in 0..d.without_rombel {
            let Some(i) = pool.pop() else { break };
            ds.santri[i].study_group = None;
            planted.push(note(DefectKind::WithoutRombel, &ds.santri[i], None));
        }
        if ds.lembaga.len() > 1 {
            for _ in 0..d.nik_active_elsewhere {
                let Some(i) = pool.pop() else { break };
                let orig = ds.santri[i].clone();
                let others: Vec<usize> = (0..ds.lembaga.len())
                    .filter(|&k| ds.lembaga[k].statistic_num != orig.statistic_num)
                    .collect();
                let target = ds.lembaga[*self.rng.pick(&others)].clone();
                let mut copy = orig.clone();
                copy.id = self.next_santri_id();
                copy.statistic_num = target.statistic_num.clone();
                copy.local_nis = self.local_nis(&target.statistic_num, copy.admission_date.year());
                ds.santri.push(copy);
                let added = ds.santri.last().expect("just pushed");
                planted.push(note(DefectKind::NikActiveElsewhere, added, Some(orig.id.clone())));
            }
        }
        let mut pns: Vec<usize> = (0..ds.gtk.len())
            .filter(|&i| ds.gtk[i].kepegawaian == Kepegawaian::Pns)
            .collect();
        for _ in 0..d.nip_not_in_simpeg {
            if pns.is_empty() {
                break;
            }
            let i = pns.remove(self.rng.below(pns.len() as u64) as usize);
            let g = &ds.gtk[i];
            if let Some(nip) = &g.nip {
                ds.simpeg.remove(nip);
            }
            planted.push(PlantedDefect {
                kind: DefectKind::NipNotInSimpeg,
                record_id: g.id.clone(),
                statistic_num: g.statistic_num.clone(),
                other_id: None,
            });
        }
        ds.planted = planted;
    }
}
