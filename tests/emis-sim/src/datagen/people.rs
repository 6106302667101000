//! Santri and GTK generation.

use super::records::{Kepegawaian, RecordStatus, SimGtk, SimLembaga, SimSantri, SimpegRecord, place_name};
use super::{Generator, REFERENCE_DATE, ids, names, title_case};
use emis_core::date::{Date, days_in_month};
use emis_core::id::nik::JenisKelamin;
use emis_core::model::{LembagaKind, StatusMukim};
use emis_core::wilayah;
use serde_json::{Value, json};

struct Profile {
    tingkat: (u8, u8),
    entry_tingkat: u8,
    age_offset: u8,
    mukim: f64,
    nisn: f64,
    local: f64,
}

fn profile(kind: LembagaKind) -> Profile {
    match kind {
        LembagaKind::Mdt => Profile {
            tingkat: (1, 4),
            entry_tingkat: 1,
            age_offset: 6,
            mukim: 0.05,
            nisn: 0.85,
            local: 0.95,
        },
        LembagaKind::Lpq => Profile {
            tingkat: (1, 3),
            entry_tingkat: 1,
            age_offset: 5,
            mukim: 0.02,
            nisn: 0.7,
            local: 0.97,
        },
        LembagaKind::Pdf => Profile {
            tingkat: (7, 9),
            entry_tingkat: 7,
            age_offset: 6,
            mukim: 0.7,
            nisn: 0.95,
            local: 0.8,
        },
        _ => Profile {
            tingkat: (7, 12),
            entry_tingkat: 7,
            age_offset: 6,
            mukim: 0.8,
            nisn: 0.95,
            local: 0.7,
        },
    }
}

fn level_for(kind: LembagaKind, tingkat: u8) -> &'static str {
    match kind {
        LembagaKind::Mdt => "Ula",
        LembagaKind::Lpq => "TPQ",
        LembagaKind::Pdf => "Wustha",
        _ if tingkat >= 10 => "Ulya",
        _ => "Wustha",
    }
}

impl Generator {
    /// A new active santri of `lembaga` with fresh identifiers and a new server id.
    pub fn santri(&mut self, lembaga: &SimLembaga) -> SimSantri {
        let p = profile(lembaga.kind);
        let female = self.rng.chance(0.5);
        let gender = if female { JenisKelamin::P } else { JenisKelamin::L };
        let tingkat = self.rng.range(u64::from(p.tingkat.0), u64::from(p.tingkat.1)) as u8;
        let extra_age = if lembaga.kind == LembagaKind::Lpq {
            self.rng.range(0, 6) as u16
        } else {
            u16::from(self.rng.chance(0.35))
        };
        let birth_year = REFERENCE_DATE.0 - u16::from(tingkat + p.age_offset) - extra_age;
        let birth = ids::random_date(&mut self.rng, birth_year, birth_year);
        let kecamatan = if self.rng.chance(p.local) {
            let kecs: Vec<u32> = wilayah::kecamatan_in(lembaga.kab_kota()).collect();
            if kecs.is_empty() {
                lembaga.kecamatan
            } else {
                *self.rng.pick(&kecs)
            }
        } else {
            self.random_kecamatan()
        };
        let nik = ids::nik(&mut self.rng, &mut self.used, kecamatan, birth, female);
        let kk_num = ids::kk(&mut self.rng, &mut self.used, kecamatan, birth.year());
        let nisn = self
            .rng
            .chance(p.nisn)
            .then(|| ids::nisn(&mut self.rng, &mut self.used, birth.year()));
        let entry_tingkat = if lembaga.kind == LembagaKind::Pontren && tingkat >= 10 && self.rng.chance(0.3) {
            10
        } else {
            p.entry_tingkat
        };
        let entry_year = REFERENCE_DATE.0 - u16::from(tingkat - entry_tingkat.min(tingkat));
        let local_nis = self.local_nis(&lembaga.statistic_num, entry_year);
        let father_birth = ids::random_date(&mut self.rng, birth.year() - 40, birth.year() - 25);
        let mother_birth = ids::random_date(&mut self.rng, birth.year() - 35, birth.year() - 20);
        let father_nik = self
            .rng
            .chance(0.85)
            .then(|| ids::nik(&mut self.rng, &mut self.used, kecamatan, father_birth, false));
        let mother_nik = self
            .rng
            .chance(0.85)
            .then(|| ids::nik(&mut self.rng, &mut self.used, kecamatan, mother_birth, true));
        let father_full_name = names::parent_name(&mut self.rng, false);
        let mother_full_name = Some(names::parent_name(&mut self.rng, true));
        let full_name = names::child_name(&mut self.rng, female);
        let letter = ["A", "B", "C"][self.rng.below(if tingkat >= 10 { 2 } else { 3 }) as usize];
        let address = if self.rng.chance(0.5) {
            format!("Dusun {}", self.rng.pick(names::DUSUN))
        } else {
            format!("Jl. {} No. {}", self.rng.pick(names::JALAN), self.rng.range(1, 200))
        };
        SimSantri {
            id: self.next_santri_id(),
            statistic_num: lembaga.statistic_num.clone(),
            full_name,
            nik,
            kk_num,
            nisn,
            local_nis,
            gender,
            birth_place: place_name((kecamatan / 100) as u16),
            birth_date: birth,
            kecamatan,
            address,
            rt: format!("{:03}", self.rng.range(1, 12)),
            rw: format!("{:03}", self.rng.range(1, 8)),
            father_full_name,
            father_nik,
            mother_full_name,
            mother_nik,
            status_mukim: if self.rng.chance(p.mukim) {
                StatusMukim::Mukim
            } else {
                StatusMukim::NonMukim
            },
            level: level_for(lembaga.kind, tingkat).to_string(),
            tingkat,
            study_group: Some(format!("Kelas {tingkat} - {letter}")),
            status: RecordStatus::Aktif,
            admission_date: Date::new(entry_year, 7, 15).unwrap_or(birth),
            academic_year_id: self.active_period(),
        }
    }

    /// A new GTK of `lembaga` and, for PNS/PPPK, its SIMPEG record. `pimpinan` makes the head
    /// of the lembaga (Non PNS, named as in the lembaga record).
    pub fn gtk(&mut self, lembaga: &SimLembaga, pimpinan: bool) -> (SimGtk, Option<SimpegRecord>) {
        let female = !pimpinan && self.rng.chance(0.4);
        let gender = if female { JenisKelamin::P } else { JenisKelamin::L };
        let birth = ids::random_date(&mut self.rng, 1965, 1998);
        let kecs: Vec<u32> = wilayah::kecamatan_in(lembaga.kab_kota()).collect();
        let kecamatan = if kecs.is_empty() {
            lembaga.kecamatan
        } else {
            *self.rng.pick(&kecs)
        };
        let nik = ids::nik(&mut self.rng, &mut self.used, kecamatan, birth, female);
        let kepegawaian = if pimpinan {
            Kepegawaian::NonPns
        } else {
            match self.rng.below(10) {
                0..=2 => Kepegawaian::Pns,
                3..=4 => Kepegawaian::Pppk,
                _ => Kepegawaian::NonPns,
            }
        };
        let s2 = self.rng.chance(0.15);
        let degree = if s2 { "S2" } else { "S1" };
        let (mut full_name, mut bare) = names::gtk_name(&mut self.rng, female, degree);
        if pimpinan {
            full_name = lembaga.pimpinan.clone();
            bare = lembaga.pimpinan.trim_start_matches("KH. ").to_uppercase();
        }
        let by = birth.year();
        let place = title_case(&place_name((kecamatan / 100) as u16));
        let mut education = vec![
            (
                "SD".to_string(),
                format!("SD Negeri {} {place}", self.rng.range(1, 9)),
                by + 12,
            ),
            (
                "SMP".to_string(),
                format!("MTs {}", self.rng.pick(names::LEMBAGA_STEMS)),
                by + 15,
            ),
            (
                "SMA".to_string(),
                format!("MA {}", self.rng.pick(names::LEMBAGA_STEMS)),
                by + 18,
            ),
            ("S1".to_string(), self.rng.pick(names::KAMPUS).to_string(), by + 22),
        ];
        if s2 {
            education.push(("S2".to_string(), self.rng.pick(names::KAMPUS).to_string(), by + 26));
        }
        let tmt_year = (by + 23 + self.rng.below(8) as u16).min(2024);
        let nip = match kepegawaian {
            Kepegawaian::Pns => Some(ids::nip_pns(
                &mut self.used,
                birth,
                tmt_year,
                self.rng.range(1, 12) as u8,
                female,
            )),
            Kepegawaian::Pppk => Some(ids::ni_pppk(
                &mut self.used,
                birth,
                self.rng.range(2021, 2025) as u16,
                *self.rng.pick(&[21u8, 24]),
                female,
            )),
            Kepegawaian::NonPns => None,
        };
        let jabatan = if pimpinan {
            "Pimpinan".to_string()
        } else if self.rng.chance(0.15) {
            "Tenaga Administrasi".to_string()
        } else if female {
            "Ustadzah".to_string()
        } else {
            "Ustadz".to_string()
        };
        let tmt_tugas = ids::random_date(&mut self.rng, (by + 23).min(2024), 2024);
        let g = SimGtk {
            id: self.next_gtk_id(),
            statistic_num: lembaga.statistic_num.clone(),
            full_name,
            nik,
            nip,
            nuptk: self.rng.chance(0.6).then(|| ids::nuptk(&mut self.rng)),
            gender,
            birth_place: place_name((kecamatan / 100) as u16),
            birth_date: birth,
            mother_name: names::parent_name(&mut self.rng, true),
            kepegawaian,
            jabatan,
            bidang_studi: self.rng.pick(names::BIDANG_STUDI).to_string(),
            tmt_tugas,
            education,
            status: RecordStatus::Aktif,
        };
        let rec = g.nip.as_ref().map(|nip| self.simpeg_record(&g, nip, &bare, lembaga));
        (g, rec)
    }

    fn simpeg_record(&mut self, g: &SimGtk, nip: &str, bare: &str, l: &SimLembaga) -> SimpegRecord {
        let pppk = g.kepegawaian == Kepegawaian::Pppk;
        let tmt_y: u16 = nip[8..12].parse().unwrap_or(2020);
        let tmt_m: u8 = nip[12..14].parse().unwrap_or(1);
        let tmt_m = if (1..=12).contains(&tmt_m) { tmt_m } else { 1 };
        let years = 2026u16.saturating_sub(tmt_y);
        let (kode_pangkat, pangkat, gol) = if pppk {
            ("IX", "-", "IX")
        } else {
            match years {
                0..=3 => ("31", "Penata Muda", "III/a"),
                4..=7 => ("32", "Penata Muda Tingkat I", "III/b"),
                8..=11 => ("33", "Penata", "III/c"),
                12..=15 => ("34", "Penata Tingkat I", "III/d"),
                _ => ("41", "Pembina", "IV/a"),
            }
        };
        let kab = l.kab_kota();
        let kab_name = wilayah::kab_kota_name(kab).unwrap_or("?");
        let prov_name = wilayah::provinsi_name((kab / 100) as u8).unwrap_or("?");
        let by = g.birth_date.year();
        let pensiun_day = days_in_month(by + 60, g.birth_date.month());
        let jabatan = match years {
            0..=7 => "Guru Ahli Pertama",
            8..=15 => "Guru Ahli Muda",
            _ => "Guru Ahli Madya",
        };
        let dt = |d: Date| format!("{d} 00:00:00");
        let tmt = Date::new(tmt_y, tmt_m, 1).unwrap_or(g.tmt_tugas);
        let old_nip = if pppk {
            Value::Null
        } else {
            json!(format!("15{}", self.rng.digits(7)))
        };
        let lat = -7.0 - self.rng.unit();
        let lon = 110.0 + self.rng.unit() * 3.0;
        let v = json!({
            "NIP": old_nip,
            "NIP_BARU": nip,
            "NAMA": bare,
            "NAMA_LENGKAP": g.full_name.to_uppercase(),
            "AGAMA": "Islam",
            "TEMPAT_LAHIR": g.birth_place,
            "TANGGAL_LAHIR": dt(g.birth_date),
            "JENIS_KELAMIN": if g.gender == JenisKelamin::P { 2 } else { 1 },
            "STATUS_KAWIN": "Kawin",
            "PENDIDIKAN": format!("{} Pendidikan Agama Islam", g.education.last().map(|e| e.0.as_str()).unwrap_or("S1")),
            "JENJANG_PENDIDIKAN": g.education.last().map(|e| e.0.clone()).unwrap_or_default(),
            "KODE_BIDANG_STUDI": format!("{:03}", 100 + g.bidang_studi.len()),
            "BIDANG_STUDI": g.bidang_studi,
            "TELEPON": null,
            "EMAIL": null,
            "ALAMAT_1": l.address,
            "ALAMAT_2": null,
            "KAB_KOTA": kab_name,
            "PROVINSI": prov_name,
            "KODE_POS": format!("{}", 60000 + l.kecamatan % 9000),
            "KODE_LOKASI": format!("{kab}"),
            "LAT": format!("{lat:.6}"),
            "LON": format!("{lon:.6}"),
            "STATUS_PEGAWAI": if pppk { "PPPK" } else { "PNS" },
            "KODE_PANGKAT": kode_pangkat,
            "PANGKAT": pangkat,
            "GOL_RUANG": gol,
            "TMT_CPNS": dt(tmt),
            "TMT_PANGKAT": dt(tmt),
            "TIPE_JABATAN": "2",
            "KODE_JABATAN": format!("2{}", self.rng.digits(5)),
            "TAMPIL_JABATAN": jabatan,
            "LEVEL_JABATAN": "3",
            "TMT_JABATAN": dt(tmt),
            "KODE_SATUAN_KERJA": format!("{kab}{}", self.rng.digits(6)),
            "SATKER_1": format!("Kantor Kementerian Agama {kab_name}"),
            "SATKER_2": l.name,
            "SATKER_3": null,
            "SATKER_4": null,
            "SATKER_5": null,
            "KODE_SATKER_2": l.statistic_num,
            "KODE_SATKER_3": null,
            "KODE_SATKER_4": null,
            "KODE_SATKER_5": null,
            "GRUP_SATUAN_KERJA": "Pendidikan Diniyah dan Pondok Pesantren",
            "SATKER_KELOLA": format!("Kantor Kementerian Agama {kab_name}"),
            "MK_TAHUN": years,
            "MK_BULAN": self.rng.below(12),
            "Gaji_Pokok": if pppk { 3_203_600 } else { 2_785_700 + u64::from(years) * 65_000 },
            "USIA_PENSIUN": 60,
            "TMT_PENSIUN": format!("{:04}-{:02}-{:02} 00:00:00", by + 60, g.birth_date.month(), pensiun_day),
            "NSM": null,
            "NPSN": l.npsn,
            "KODE_KUA": null,
            "HARI_KERJA": 5,
        });
        match v {
            Value::Object(m) => m,
            _ => SimpegRecord::new(),
        }
    }
}
