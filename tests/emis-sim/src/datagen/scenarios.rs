//! Hard cases planted in every dataset (after the requested defects, so they stay intact):
//! at the demo lembaga two different santri with the same name, birth date and birth place,
//! and twins; in SIMPEG a name that differs a little, a name of another person, and a birth
//! date that differs from the EMIS GTK record.

use super::records::{SimSantri, SimpegRecord};
use super::{Dataset, Generator, ids, names};
use emis_core::date::{Date, days_in_month};
use emis_core::id::nik::JenisKelamin;
use serde::Serialize;
use serde_json::json;

/// Where the hard cases are (server ids of santri, NIPs of GTK).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Scenarios {
    /// Two different santri of the demo lembaga: same full name, birth date and birth place;
    /// different NIK, KK and mother.
    pub same_name: Option<(String, String)>,
    /// Twins at the demo lembaga: same birth date, birth place, mother, father and KK;
    /// different names and NIKs.
    pub twins: Option<(String, String)>,
    /// NIP of a GTK whose SIMPEG name differs a little (a title and a spelling, still similar).
    pub simpeg_name_variant: Option<String>,
    /// NIP whose SIMPEG name is another person's.
    pub simpeg_other_person: Option<String>,
    /// NIP whose SIMPEG birth date differs from the EMIS GTK record's.
    pub simpeg_birth_date_differs: Option<String>,
}

/// A small spelling change of the last word of `name` (before any `, title`): `…I` → `…Y`,
/// else the first `U` → `OE` (old spelling), else the last letter doubled.
pub(crate) fn respell(name: &str) -> String {
    let (bare, title) = match name.split_once(',') {
        Some((b, t)) => (b.to_string(), format!(",{t}")),
        None => (name.to_string(), String::new()),
    };
    let mut words: Vec<String> = bare.split_whitespace().map(str::to_string).collect();
    if let Some(w) = words
        .iter_mut()
        .rev()
        .find(|w| w.len() >= 4 && w.chars().all(char::is_alphabetic))
    {
        let upper = w.chars().all(|c| !c.is_lowercase());
        if w.ends_with(['I', 'i']) {
            w.pop();
            w.push(if upper { 'Y' } else { 'y' });
        } else if let Some(pos) = w.find(['U', 'u']) {
            w.replace_range(pos..pos + 1, if upper { "OE" } else { "oe" });
        } else if let Some(last) = w.chars().last() {
            w.push(last);
        }
    }
    format!("{}{title}", words.join(" "))
}

/// Another birth date that a typo would give: day and month swapped when that is a date and
/// differs, else the next day (or the previous one at the end of a month).
pub(crate) fn shifted(d: Date) -> Date {
    if d.day() <= 12
        && d.day() != d.month()
        && let Some(x) = Date::new(d.year(), d.day(), d.month())
    {
        return x;
    }
    let next = if d.day() < days_in_month(d.year(), d.month()) {
        d.day() + 1
    } else {
        d.day() - 1
    };
    Date::new(d.year(), d.month(), next).unwrap_or(d)
}

/// Titles dropped before comparing names.
const TITLES: [&str; 8] = ["h", "hj", "kh", "drs", "dra", "dr", "ir", "prof"];

/// Lower-case letters and spaces, without the titles before the name and after a comma.
pub fn bare_name(name: &str) -> String {
    let head = name.split(',').next().unwrap_or(name);
    head.split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty() && !TITLES.contains(&w.as_str()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Jaro-Winkler similarity (0..=1).
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.is_empty() || b.is_empty() {
        return if a.is_empty() && b.is_empty() { 1.0 } else { 0.0 };
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let (mut am, mut bm) = (vec![false; a.len()], vec![false; b.len()]);
    let mut m = 0usize;
    for i in 0..a.len() {
        for j in i.saturating_sub(window)..(i + window + 1).min(b.len()) {
            if !bm[j] && a[i] == b[j] {
                am[i] = true;
                bm[j] = true;
                m += 1;
                break;
            }
        }
    }
    if m == 0 {
        return 0.0;
    }
    let (mut t, mut k) = (0usize, 0usize);
    for i in (0..a.len()).filter(|&i| am[i]) {
        while !bm[k] {
            k += 1;
        }
        t += usize::from(a[i] != b[k]);
        k += 1;
    }
    let m = m as f64;
    let jaro = (m / a.len() as f64 + m / b.len() as f64 + (m - t as f64 / 2.0) / m) / 3.0;
    let prefix = a.iter().zip(&b).take(4).take_while(|(x, y)| x == y).count() as f64;
    jaro + prefix * 0.1 * (1.0 - jaro)
}

impl Generator {
    fn renik(&mut self, s: &mut SimSantri) {
        s.nik = ids::nik(
            &mut self.rng,
            &mut self.used,
            s.kecamatan,
            s.birth_date,
            s.gender == JenisKelamin::P,
        );
    }

    pub(crate) fn plant_scenarios(&mut self, ds: &mut Dataset) {
        let Some(demo) = ds.lembaga.first().cloned() else {
            return;
        };
        // Same name, birth date and place; another person (NIK, KK, mother).
        let a = self.santri(&demo);
        let mut b = self.santri(&demo);
        b.full_name.clone_from(&a.full_name);
        b.gender = a.gender;
        b.birth_date = a.birth_date;
        b.birth_place.clone_from(&a.birth_place);
        b.tingkat = a.tingkat;
        b.level.clone_from(&a.level);
        b.study_group.clone_from(&a.study_group);
        b.admission_date = a.admission_date;
        self.renik(&mut b);
        while b.mother_full_name == a.mother_full_name {
            b.mother_full_name = Some(names::parent_name(&mut self.rng, true));
        }
        // Twins: one family, one birth; two names, two NIKs.
        let t1 = self.santri(&demo);
        let mut t2 = self.santri(&demo);
        t2.birth_date = t1.birth_date;
        t2.birth_place.clone_from(&t1.birth_place);
        t2.kecamatan = t1.kecamatan;
        t2.kk_num.clone_from(&t1.kk_num);
        t2.address.clone_from(&t1.address);
        t2.rt.clone_from(&t1.rt);
        t2.rw.clone_from(&t1.rw);
        t2.father_full_name.clone_from(&t1.father_full_name);
        t2.father_nik.clone_from(&t1.father_nik);
        t2.mother_full_name.clone_from(&t1.mother_full_name);
        t2.mother_nik.clone_from(&t1.mother_nik);
        t2.tingkat = t1.tingkat;
        t2.level.clone_from(&t1.level);
        t2.study_group.clone_from(&t1.study_group);
        t2.admission_date = t1.admission_date;
        t2.status_mukim = t1.status_mukim;
        self.renik(&mut t2);
        while t2.full_name == t1.full_name {
            t2.full_name = names::child_name(&mut self.rng, t2.gender == JenisKelamin::P);
        }
        ds.scenarios.same_name = Some((a.id.clone(), b.id.clone()));
        ds.scenarios.twins = Some((t1.id.clone(), t2.id.clone()));
        ds.santri.extend([a, b, t1, t2]);

        // SIMPEG: GTK with a NIP still in the registry, the demo lembaga's first.
        let mut nips: Vec<(bool, String, usize)> = ds
            .gtk
            .iter()
            .enumerate()
            .filter_map(|(i, g)| g.nip.clone().map(|n| (g.statistic_num != demo.statistic_num, n, i)))
            .filter(|(_, n, _)| ds.simpeg.contains_key(n))
            .collect();
        nips.sort();
        let mut it = nips.into_iter();
        if let Some((_, nip, _)) = it.next()
            && let Some(rec) = ds.simpeg.get_mut(&nip)
        {
            let full = text(rec, "NAMA_LENGKAP");
            let bare = text(rec, "NAMA");
            let titled = if full.starts_with("H. ") || full.starts_with("HJ. ") {
                respell(&full)
            } else {
                format!("H. {}", respell(&full))
            };
            rec.insert("NAMA_LENGKAP".into(), json!(titled));
            rec.insert("NAMA".into(), json!(respell(&bare)));
            ds.scenarios.simpeg_name_variant = Some(nip);
        }
        if let Some((_, nip, i)) = it.next()
            && let Some(rec) = ds.simpeg.get_mut(&nip)
        {
            let g = &ds.gtk[i];
            let female = g.gender == JenisKelamin::P;
            let old = bare_name(&text(rec, "NAMA"));
            let (mut full, mut bare) = names::gtk_name(&mut self.rng, female, "S1");
            for _ in 0..200 {
                if jaro_winkler(&bare_name(&bare), &old) < 0.75 {
                    break;
                }
                (full, bare) = names::gtk_name(&mut self.rng, female, "S1");
            }
            rec.insert("NAMA_LENGKAP".into(), json!(full.to_uppercase()));
            rec.insert("NAMA".into(), json!(bare));
            ds.scenarios.simpeg_other_person = Some(nip);
        }
        if let Some((_, nip, i)) = it.next()
            && let Some(rec) = ds.simpeg.get_mut(&nip)
        {
            let d = shifted(ds.gtk[i].birth_date);
            rec.insert("TANGGAL_LAHIR".into(), json!(format!("{d} 00:00:00")));
            ds.scenarios.simpeg_birth_date_differs = Some(nip);
        }
    }
}

fn text(rec: &SimpegRecord, k: &str) -> String {
    rec.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn respell_and_shift() {
        assert_eq!(respell("Ahmad Fauzi, S.Pd.I"), "Ahmad Fauzy, S.Pd.I");
        assert_eq!(respell("SITI RAHMAWATI"), "SITI RAHMAWATY");
        assert_eq!(respell("BAYU SANTOSO"), "BAYU SANTOSOO");
        assert_eq!(respell("Umar Hakim"), "Umar Hakimm");
        assert_eq!(respell("Yusuf Mubarok"), "Yusuf Moebarok");
        let d = |y, m, d| Date::new(y, m, d).unwrap();
        assert_eq!(shifted(d(1980, 4, 7)), d(1980, 7, 4));
        assert_eq!(shifted(d(1980, 4, 4)), d(1980, 4, 5));
        assert_eq!(shifted(d(1980, 4, 30)), d(1980, 4, 29));
        assert_eq!(shifted(d(1980, 4, 20)), d(1980, 4, 21));
    }
}
