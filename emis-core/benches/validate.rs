//! Criterion benches: NIK check (fast path and full report) and santri record validation.
//! Run: `cargo bench -p emis-core --bench validate`. Figures go to docs/benchmarks.md.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use emis_core::date::Date;
use emis_core::id::{self, CheckOptions, IdKind};
use emis_core::model::Santri;
use emis_core::rules::{RuleContext, validate_santri, validate_santri_list};
use std::hint::black_box;

/// Deterministic synthetic NIKs over the real kecamatan codes, ~1/3 with one defect.
fn niks(n: usize) -> Vec<String> {
    let kec: Vec<u32> = emis_core::wilayah::all_current_kecamatan().collect();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    (0..n)
        .map(|_| {
            let r = next();
            let code = kec[(r % kec.len() as u64) as usize];
            let day = 1 + (r >> 20) % 28 + if (r >> 30) & 1 == 1 { 40 } else { 0 };
            let month = 1 + (r >> 32) % 12;
            let yy = (r >> 40) % 100;
            let serial = 1 + (r >> 48) % 9999;
            let mut s = format!("{code:06}{day:02}{month:02}{yy:02}{serial:04}");
            match (r >> 60) % 6 {
                0 => s.replace_range(6..8, "35"),
                1 => s.replace_range(12..16, "0000"),
                _ => {}
            }
            s
        })
        .collect()
}

fn santri(i: usize) -> Santri {
    let nik = format!("3517{:02}170808{:04}", 1 + (i / 9999) % 21, 1 + i % 9999);
    let nisn = format!("008{:07}", i);
    Santri::from_flat([
        ("full_name", "Ahmad Fauzi"),
        ("nik", nik.as_str()),
        ("kk_num", "3517011203240003"),
        ("nisn", nisn.as_str()),
        ("birth_place", "JOMBANG"),
        ("birth_date", "2008-08-17"),
        ("m_gender", "L"),
        ("status_mukim", "mukim"),
        ("mother_full_name", "Siti Aminah"),
        ("father_nik", "3517010101750003"),
        ("study_group", "Kelas 10 - A"),
        ("m_level_id", "Ulya"),
        ("admission_date", "2024-07-15"),
    ])
}

fn bench(c: &mut Criterion) {
    let today = Date::new(2026, 11, 30).unwrap();
    let opts = CheckOptions::new(today);
    let data = niks(100_000);

    let mut g = c.benchmark_group("nik");
    g.throughput(Throughput::Elements(data.len() as u64));
    g.bench_function("is_valid (region lookup, 100k mixed)", |b| {
        b.iter(|| data.iter().filter(|s| id::nik::is_valid(black_box(s))).count())
    });
    g.bench_function("check with issues and parts (100k mixed)", |b| {
        b.iter(|| {
            data.iter()
                .filter(|s| id::check(IdKind::Nik, black_box(s), &opts).is_valid())
                .count()
        })
    });
    g.finish();

    let ctx = RuleContext::new(today);
    let one = santri(1);
    let mut g = c.benchmark_group("santri");
    g.throughput(Throughput::Elements(1));
    g.bench_function("validate_santri (clean record)", |b| {
        b.iter(|| validate_santri(black_box(&one), &ctx))
    });
    let list: Vec<Santri> = (0..10_000).map(santri).collect();
    g.throughput(Throughput::Elements(list.len() as u64));
    g.bench_function("validate_santri_list (10k records, roster rules)", |b| {
        b.iter(|| validate_santri_list(black_box(&list), &ctx))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
