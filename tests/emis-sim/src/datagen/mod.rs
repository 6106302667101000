//! Deterministic synthetic data: lembaga, santri, GTK, a SIMPEG registry, periods and
//! accounts, with defects planted on request. Same seed and config ⇒ identical data.
//!
//! Everything is synthetic: names are random combinations of common names, identifiers are
//! built from the real layouts (real current kecamatan codes, birth dates, serials), and
//! lembaga serials are in the 9xxx range.

mod defects;
mod ids;
pub mod names;
mod people;
mod records;
mod scenarios;

pub use defects::{DefectKind, Defects, PlantedDefect};
pub use ids::LEMBAGA_KAB_KOTA;
pub use records::{
    Kepegawaian, OperatorAccount, PartnerAccount, RecordStatus, SimGtk, SimLembaga, SimPeriod, SimSantri, SimpegRecord,
    level_name, master, place_name, region_refs,
};
pub use scenarios::{Scenarios, bare_name, jaro_winkler};

use crate::rng::SplitMix64;
use emis_core::date::Date;
use emis_core::model::LembagaKind;
use emis_core::wilayah;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// The date the synthetic ages and entry years are computed from (start of Ganjil 2026/2027),
/// fixed so data does not depend on the wall clock.
pub const REFERENCE_DATE: (u16, u8, u8) = (2026, 7, 15);

/// The reference date as a [`Date`].
pub fn reference_date() -> Date {
    Date::new(REFERENCE_DATE.0, REFERENCE_DATE.1, REFERENCE_DATE.2).expect("valid date")
}

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenConfig {
    /// One lembaga per entry, in order (the first is the demo lembaga).
    pub lembaga: Vec<LembagaKind>,
    /// Santri per lembaga, inclusive range.
    pub santri_per_lembaga: (u32, u32),
    /// GTK per lembaga, inclusive range.
    pub gtk_per_lembaga: (u32, u32),
    /// Defects to plant.
    pub defects: Defects,
}

impl Default for GenConfig {
    fn default() -> GenConfig {
        GenConfig {
            lembaga: vec![
                LembagaKind::Pontren,
                LembagaKind::Pontren,
                LembagaKind::Mdt,
                LembagaKind::Lpq,
                LembagaKind::Pdf,
            ],
            santri_per_lembaga: (40, 80),
            gtk_per_lembaga: (4, 8),
            defects: Defects::none(),
        }
    }
}

/// Everything the simulator serves.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dataset {
    /// The seed it was made from.
    pub seed: u64,
    /// Lembaga; the first is the demo lembaga.
    pub lembaga: Vec<SimLembaga>,
    /// Santri of every lembaga.
    pub santri: Vec<SimSantri>,
    /// GTK of every lembaga.
    pub gtk: Vec<SimGtk>,
    /// SIMPEG registry: NIP → upper-case record.
    pub simpeg: BTreeMap<String, SimpegRecord>,
    /// Periods, oldest first; the last one is the current (open) period.
    pub periods: Vec<SimPeriod>,
    /// One operator per lembaga.
    pub operators: Vec<OperatorAccount>,
    /// Partner API credentials.
    pub partner: PartnerAccount,
    /// The defects planted, and where.
    pub planted: Vec<PlantedDefect>,
    /// The hard cases always planted (same-name santri, twins, SIMPEG mismatches).
    pub scenarios: Scenarios,
}

impl Dataset {
    /// Generates a dataset.
    pub fn generate(seed: u64, cfg: &GenConfig) -> Dataset {
        Generator::new(seed).dataset(cfg)
    }
    /// The demo lembaga (the first one).
    pub fn demo_lembaga(&self) -> &SimLembaga {
        &self.lembaga[0]
    }
    /// A lembaga by statistic number.
    pub fn lembaga(&self, statistic_num: &str) -> Option<&SimLembaga> {
        self.lembaga.iter().find(|l| l.statistic_num == statistic_num)
    }
    /// Santri of a lembaga.
    pub fn santri_of<'a>(&'a self, statistic_num: &'a str) -> impl Iterator<Item = &'a SimSantri> + 'a {
        self.santri.iter().filter(move |s| s.statistic_num == statistic_num)
    }
    /// GTK of a lembaga.
    pub fn gtk_of<'a>(&'a self, statistic_num: &'a str) -> impl Iterator<Item = &'a SimGtk> + 'a {
        self.gtk.iter().filter(move |g| g.statistic_num == statistic_num)
    }
    /// The operator account of a lembaga.
    pub fn operator(&self, statistic_num: &str) -> Option<&OperatorAccount> {
        self.operators.iter().find(|o| o.statistic_num == statistic_num)
    }
    /// The current period (the last one).
    pub fn active_period(&self) -> &SimPeriod {
        self.periods.last().expect("periods are never empty")
    }
}

/// The periods the simulator knows: server ids as on the real server where observed
/// (4, 5, 12, 13), then consecutive. The last one is current.
pub fn periods() -> Vec<SimPeriod> {
    let list: [(i64, bool, u16); 10] = [
        (4, false, 2021),
        (5, true, 2022),
        (12, false, 2022),
        (13, true, 2023),
        (14, false, 2023),
        (15, true, 2024),
        (16, false, 2024),
        (17, true, 2025),
        (18, false, 2025),
        (19, true, 2026),
    ];
    list.iter()
        .map(|&(id, ganjil, y)| {
            let d = |y, m, d| Date::new(y, m, d).expect("valid date");
            let (name, open, close) = if ganjil {
                (format!("Ganjil {y}/{}", y + 1), d(y, 7, 9), d(y, 12, 31))
            } else {
                (format!("Genap {y}/{}", y + 1), d(y + 1, 1, 2), d(y + 1, 6, 30))
            };
            SimPeriod {
                academic_year_id: id,
                name,
                open_date: open,
                close_date: close,
                bap_deadline: close,
            }
        })
        .collect()
}

/// The deterministic generator. Besides [`Generator::dataset`], it can make fresh records
/// (e.g. new santri to create through the API) that never collide with what it made before.
#[derive(Debug, Clone)]
pub struct Generator {
    seed: u64,
    pub(crate) rng: SplitMix64,
    pub(crate) used: HashSet<String>,
    all_kecamatan: Vec<u32>,
    next_santri: u32,
    next_gtk: u32,
    nis_serial: BTreeMap<(String, u16), u32>,
    active_period: i64,
}

impl Generator {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Generator {
        Generator {
            seed,
            rng: SplitMix64::derive(seed, "emis-sim/gen"),
            used: HashSet::new(),
            all_kecamatan: wilayah::all_current_kecamatan().collect(),
            next_santri: 1,
            next_gtk: 1,
            nis_serial: BTreeMap::new(),
            active_period: periods().last().map(|p| p.academic_year_id).unwrap_or(19),
        }
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// A full dataset.
    pub fn dataset(&mut self, cfg: &GenConfig) -> Dataset {
        let mut lembaga: Vec<SimLembaga> = Vec::new();
        let mut kab_pool: Vec<u16> = LEMBAGA_KAB_KOTA
            .iter()
            .copied()
            .filter(|k| wilayah::kecamatan_in(*k).next().is_some())
            .collect();
        for (i, kind) in cfg.lembaga.iter().enumerate() {
            let parent = if kind.is_unit_of_pesantren() {
                lembaga.iter().find(|l| l.kind == LembagaKind::Pontren).cloned()
            } else {
                None
            };
            let kab = match &parent {
                Some(p) => p.kab_kota(),
                None if !kab_pool.is_empty() => {
                    let j = self.rng.below(kab_pool.len() as u64) as usize;
                    kab_pool.swap_remove(j)
                }
                None => *self.rng.pick(LEMBAGA_KAB_KOTA),
            };
            lembaga.push(self.lembaga(*kind, i, kab, parent.as_ref()));
        }
        let mut santri = Vec::new();
        let mut gtk = Vec::new();
        let mut simpeg = BTreeMap::new();
        for l in &lembaga {
            let n = self
                .rng
                .range(u64::from(cfg.santri_per_lembaga.0), u64::from(cfg.santri_per_lembaga.1));
            for _ in 0..n {
                let mut s = self.santri(l);
                if self.rng.chance(0.03) {
                    s.status = RecordStatus::MutasiKeluar;
                }
                santri.push(s);
            }
            let n = self
                .rng
                .range(u64::from(cfg.gtk_per_lembaga.0), u64::from(cfg.gtk_per_lembaga.1));
            for k in 0..n {
                let (g, rec) = self.gtk(l, k == 0);
                if let (Some(nip), Some(rec)) = (&g.nip, rec) {
                    simpeg.insert(nip.clone(), rec);
                }
                gtk.push(g);
            }
        }
        let mut operators = Vec::with_capacity(lembaga.len());
        for l in &lembaga {
            let female = self.rng.chance(0.5);
            let birth = ids::random_date(&mut self.rng, 1975, 1998);
            operators.push(OperatorAccount {
                email: format!("operator.{}@emis-sim.test", l.statistic_num),
                password: format!("sim-FAKE-{}", self.rng.token_chars(8)),
                nik: ids::nik(&mut self.rng, &mut self.used, l.kecamatan, birth, female),
                statistic_num: l.statistic_num.clone(),
                name: format!("Operator {}", l.name),
            });
        }
        let partner = PartnerAccount {
            public_key: format!("sim-partner-{}", self.rng.token_chars(10)),
            private_key: format!("sim-FAKE-partner-{}", self.rng.token_chars(16)),
            name: "Mitra Simulasi".into(),
        };
        let mut ds = Dataset {
            seed: self.seed,
            lembaga,
            santri,
            gtk,
            simpeg,
            periods: periods(),
            operators,
            partner,
            planted: Vec::new(),
            scenarios: Scenarios::default(),
        };
        self.plant(&mut ds, &cfg.defects);
        self.plant_scenarios(&mut ds);
        ds
    }

    fn lembaga(&mut self, kind: LembagaKind, index: usize, kab: u16, parent: Option<&SimLembaga>) -> SimLembaga {
        let kecs: Vec<u32> = wilayah::kecamatan_in(kab).collect();
        let kecamatan = match parent {
            Some(p) => p.kecamatan,
            None => *self.rng.pick(&kecs),
        };
        let stem = *self.rng.pick(names::LEMBAGA_STEMS);
        let (prefix, name, jenjang, tipologi) = match kind {
            LembagaKind::Mdt => ("3112", format!("MDT Awaliyah {stem}"), vec!["Ula".to_string()], None),
            LembagaKind::Lpq => ("4112", format!("TPQ {stem}"), vec!["TPQ".to_string()], None),
            LembagaKind::Pdf => ("2212", format!("PDF Wustha {stem}"), vec!["Wustha".to_string()], None),
            _ => (
                "5100",
                format!("Pondok Pesantren {stem}"),
                vec!["Wustha".to_string(), "Ulya".to_string()],
                Some(
                    if self.rng.chance(0.5) {
                        "Salafiyah"
                    } else {
                        "Khalafiyah"
                    }
                    .to_string(),
                ),
            ),
        };
        let statistic_num = format!("{prefix}{kab:04}9{:03}", self.rng.range(1, 999));
        let male = names::parent_name(&mut self.rng, false);
        let pimpinan = format!("KH. {}", title_case(&male));
        let address = format!(
            "Jl. {} No. {}, Dusun {}",
            self.rng.pick(names::JALAN),
            self.rng.range(1, 120),
            self.rng.pick(names::DUSUN)
        );
        let izin_year = self.rng.range(1995, 2020) as u16;
        SimLembaga {
            institution_id: 10_000 + index as i64 * 37 + self.rng.below(30) as i64,
            kind,
            name,
            statistic_num,
            npsn: format!("69{}", self.rng.digits(6)),
            kecamatan,
            address,
            pimpinan,
            jenjang,
            tipologi,
            parent_statistic_num: parent.map(|p| p.statistic_num.clone()),
            izin_number: format!(
                "B-{}/Kk.13.{:02}/PP.00/{izin_year}",
                self.rng.range(100, 999),
                kab % 100
            ),
            izin_date: ids::random_date(&mut self.rng, izin_year, izin_year),
        }
    }

    pub(crate) fn next_santri_id(&mut self) -> String {
        let id = format!("s-{:06}", self.next_santri);
        self.next_santri += 1;
        id
    }

    pub(crate) fn next_gtk_id(&mut self) -> String {
        let id = format!("g-{:06}", self.next_gtk);
        self.next_gtk += 1;
        id
    }

    pub(crate) fn local_nis(&mut self, statistic_num: &str, entry_year: u16) -> String {
        let serial = self
            .nis_serial
            .entry((statistic_num.to_string(), entry_year))
            .or_insert(0);
        *serial += 1;
        format!("{statistic_num}{:02}{:04}", entry_year % 100, *serial)
    }

    pub(crate) fn random_kecamatan(&mut self) -> u32 {
        *self.rng.pick(&self.all_kecamatan)
    }

    pub(crate) fn active_period(&self) -> i64 {
        self.active_period
    }
}

/// `SLAMET RIYADI` → `Slamet Riyadi`.
pub(crate) fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let lower = w.to_lowercase();
            let mut c = lower.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
