//! Writes N labelled synthetic NIKs for the side-by-side NIK benchmark
//! (`benches/nik-compare/run.sh`, design in the peers notes §2).
//!
//! ```sh
//! cargo run --release -p emis-core --example gen_niks -- N OUT.tsv SEED
//! ```
//!
//! * `OUT.tsv`: one `class<TAB>nik` line per NIK, in a seeded random order. Same N and seed ⇒
//!   byte-identical file. Every NIK is synthetic: random region, birth date and serial.
//! * `OUT.classes.tsv` (next to it, `.tsv` replaced): per class its share, row count, label,
//!   the ground-truth verdict and the verdict emis is expected to give.
//! * `OUT.kecamatan.txt`: the current (2025) kecamatan codes, one `PPKKCC` a line, for the
//!   pure-Python baseline's `frozenset`.
//!
//! Reference date 2026-11-29. Ground truth: 16 ASCII digits; kecamatan in the 2025 list; a
//! real calendar date (day − 40 for women); century 20yy unless that date is after the
//! reference date, then 19yy; serial ≠ 0000. Each invalid row has exactly one defect.
//! `retired_code` rows carry a retired (pre-pemekaran) kecamatan code and are otherwise
//! valid: the ground truth of the peers notes calls them invalid, emis accepts them with a
//! warning (`nik.wilayah_lama`), which is the verdict emis is expected to give.

use emis_core::wilayah::{self, Status};
use std::fmt::Write as _;
use std::io::Write as _;

/// Reference date of the benchmark (the century rule uses it).
const REF: (u32, u32, u32) = (2026, 11, 29);

/// Class id, share in per mille, table label, ground truth accepts, emis expected to accept.
const CLASSES: [(&str, u32, &str, bool, bool); 12] = [
    ("valid", 700, "valid", true, true),
    ("valid_yy26_dec_1926", 20, "valid, yy=26 Dec → 1926", true, true),
    ("retired_code", 30, "retired kecamatan code", false, true),
    ("length", 30, "length", false, false),
    ("non_digit", 30, "non-digit", false, false),
    ("unknown_prov", 20, "unknown prov", false, false),
    ("unknown_kab", 30, "unknown kab", false, false),
    ("unknown_kec", 30, "unknown kec", false, false),
    ("bad_calendar", 50, "31 Apr / 30 Feb / 29 Feb non-leap", false, false),
    ("bad_day", 20, "day 0/32-40/72+", false, false),
    ("bad_month", 20, "month 0/13+", false, false),
    ("serial_0000", 20, "serial 0000", false, false),
];

/// SplitMix64: small, seedable, good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (multiply-shift; the bias is below 2⁻³² for our n).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below(u64::from(hi - lo + 1)) as u32
    }
    fn coin(&mut self) -> bool {
        self.next() >> 63 == 1
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len() as u64) as usize]
    }
}

fn is_leap(y: u32) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 31,
    }
}

/// Ground truth's century rule: 20yy unless that date is after the reference date.
fn decoded_year(yy: u32, m: u32, d: u32) -> u32 {
    let y20 = 2000 + yy;
    if (y20, m, d) <= REF { y20 } else { 1900 + yy }
}

/// Region, day field (with +40 for women), month, yy and serial; assembled by [`nik`].
struct Parts {
    kec: u32,
    dd: u32,
    mm: u32,
    yy: u32,
    serial: u32,
}

fn nik(p: &Parts) -> String {
    format!("{:06}{:02}{:02}{:02}{:04}", p.kec, p.dd, p.mm, p.yy, p.serial)
}

struct Gen {
    rng: Rng,
    current: Vec<u32>,
    retired: Vec<u32>,
    /// Province codes 01–99 that are not current.
    unknown_prov: Vec<u32>,
    /// `PPKK` codes of current provinces with no entry at all (neither current nor retired).
    unknown_kab: Vec<u32>,
    /// Current kab/kota codes.
    kab: Vec<u32>,
}

impl Gen {
    /// A woman half the time: day + 40.
    fn sex(&mut self, day: u32) -> u32 {
        if self.rng.coin() { day + 40 } else { day }
    }
    fn serial(&mut self) -> u32 {
        self.rng.range(1, 9999)
    }
    /// A valid NIK: current kecamatan, birth 1956–2021, serial 0001–9999.
    fn valid(&mut self) -> Parts {
        let kec = *self.rng.pick(&self.current);
        let y = self.rng.range(1956, 2021);
        let m = self.rng.range(1, 12);
        let d = self.rng.range(1, days_in_month(y, m));
        debug_assert_eq!(decoded_year(y % 100, m, d), y);
        let dd = self.sex(d);
        Parts {
            kec,
            dd,
            mm: m,
            yy: y % 100,
            serial: self.serial(),
        }
    }

    fn row(&mut self, class: &str) -> String {
        match class {
            "valid" => nik(&self.valid()),
            "valid_yy26_dec_1926" => {
                let mut p = self.valid();
                let d = self.rng.range(1, 31);
                assert_eq!(decoded_year(26, 12, d), 1926);
                p.dd = self.sex(d);
                p.mm = 12;
                p.yy = 26;
                nik(&p)
            }
            "retired_code" => {
                let mut p = self.valid();
                p.kec = *self.rng.pick(&self.retired);
                nik(&p)
            }
            "length" => {
                let mut s = nik(&self.valid()).into_bytes();
                let k = match self.rng.below(10) {
                    0 => self.rng.range(2, 4) as usize,
                    1..=4 => 1,
                    _ => 0,
                };
                if k > 0 {
                    // Drop k digits at random places.
                    for _ in 0..k {
                        let at = self.rng.below(s.len() as u64) as usize;
                        s.remove(at);
                    }
                } else {
                    // Add 1 digit (80 %) or 2–4 digits at random places.
                    let add = if self.rng.below(5) == 0 {
                        self.rng.range(2, 4)
                    } else {
                        1
                    };
                    for _ in 0..add {
                        let at = self.rng.below(s.len() as u64 + 1) as usize;
                        s.insert(at, b'0' + self.rng.below(10) as u8);
                    }
                }
                String::from_utf8(s).unwrap()
            }
            "non_digit" => {
                // One of the 16 characters replaced by something that is not an ASCII digit:
                // a letter, a superscript, an Arabic-Indic or a full-width digit (the last
                // three keep the digit's value, as a faulty copy-paste or IME would).
                let s = nik(&self.valid());
                let at = self.rng.below(16) as usize;
                let digit = u32::from(s.as_bytes()[at] - b'0');
                let c = match self.rng.below(4) {
                    0 => {
                        const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzOOIllo";
                        char::from(*self.rng.pick(LETTERS))
                    }
                    1 => ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'][digit as usize],
                    2 => char::from_u32(0x0660 + digit).unwrap(),
                    _ => char::from_u32(0xFF10 + digit).unwrap(),
                };
                let mut out = String::with_capacity(20);
                for (i, ch) in s.chars().enumerate() {
                    out.push(if i == at { c } else { ch });
                }
                out
            }
            "unknown_prov" => {
                let mut p = self.valid();
                let pp = *self.rng.pick(&self.unknown_prov);
                p.kec = pp * 10_000 + self.rng.range(1, 99) * 100 + self.rng.range(1, 99);
                nik(&p)
            }
            "unknown_kab" => {
                let mut p = self.valid();
                let kk = *self.rng.pick(&self.unknown_kab);
                p.kec = kk * 100 + self.rng.range(1, 99);
                nik(&p)
            }
            "unknown_kec" => {
                let mut p = self.valid();
                loop {
                    let kk = *self.rng.pick(&self.kab);
                    let code = kk * 100 + self.rng.range(1, 99);
                    if wilayah::kecamatan_status(code) == Status::Unknown {
                        p.kec = code;
                        break;
                    }
                }
                nik(&p)
            }
            "bad_calendar" => {
                let mut p = self.valid();
                let (d, m, y) = match self.rng.below(3) {
                    0 => (31, 4, self.rng.range(1956, 2021)),
                    1 => (30, 2, self.rng.range(1956, 2021)),
                    _ => loop {
                        let y = self.rng.range(1956, 2021);
                        if !is_leap(y) {
                            break (29, 2, y);
                        }
                    },
                };
                // Not a date in either century.
                assert!(d > days_in_month(1900 + y % 100, m) && d > days_in_month(2000 + y % 100, m));
                p.dd = self.sex(d);
                p.mm = m;
                p.yy = y % 100;
                nik(&p)
            }
            "bad_day" => {
                let mut p = self.valid();
                p.dd = match self.rng.below(3) {
                    0 => 0,
                    1 => self.rng.range(32, 40),
                    _ => self.rng.range(72, 99),
                };
                nik(&p)
            }
            "bad_month" => {
                let mut p = self.valid();
                p.mm = if self.rng.coin() { 0 } else { self.rng.range(13, 99) };
                // A day that exists in every month.
                let d = self.rng.range(1, 28);
                p.dd = self.sex(d);
                nik(&p)
            }
            "serial_0000" => {
                let mut p = self.valid();
                p.serial = 0;
                nik(&p)
            }
            other => unreachable!("class {other}"),
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 3 {
        eprintln!("usage: gen_niks N OUT.tsv SEED");
        std::process::exit(2);
    }
    let n: usize = args[0].replace('_', "").parse().expect("N must be a number");
    let out = std::path::Path::new(&args[1]);
    let seed: u64 = args[2].parse().expect("SEED must be a number");
    assert!(n >= 100, "N must be at least 100");

    let current: Vec<u32> = wilayah::all_current_kecamatan().collect();
    let retired: Vec<u32> = (0..1_000_000)
        .filter(|&c| wilayah::kecamatan_status(c) == Status::Retired)
        .collect();
    let prov: Vec<u32> = (1..100)
        .filter(|&p| wilayah::provinsi_status(p as u8) == Status::Current)
        .collect();
    let unknown_prov: Vec<u32> = (1..100)
        .filter(|&p| wilayah::provinsi_status(p as u8) == Status::Unknown)
        .collect();
    let kab: Vec<u32> = (0..10_000u32)
        .filter(|&k| wilayah::kab_kota_status(k as u16) == Status::Current)
        .collect();
    let unknown_kab: Vec<u32> = prov
        .iter()
        .flat_map(|&p| (1..100).map(move |kk| p * 100 + kk))
        .filter(|&k| wilayah::kab_kota_status(k as u16) == Status::Unknown)
        .filter(|&k| (1..100).all(|cc| wilayah::kecamatan_status(k * 100 + cc) == Status::Unknown))
        .collect();
    assert_eq!(current.len(), 7285);
    assert_eq!(prov.len(), 38);
    assert!(!retired.is_empty() && !unknown_prov.is_empty() && !unknown_kab.is_empty());

    // Exact row counts per class; rounding leftovers go to `valid`. Then a seeded shuffle.
    let mut counts: Vec<usize> = CLASSES
        .iter()
        .map(|c| (n as u64 * u64::from(c.1) / 1000) as usize)
        .collect();
    counts[0] += n - counts.iter().sum::<usize>();
    let mut labels: Vec<usize> = counts
        .iter()
        .enumerate()
        .flat_map(|(i, &k)| std::iter::repeat_n(i, k))
        .collect();
    let mut g = Gen {
        rng: Rng(seed ^ 0x6E69_6B2D_6265_6E63),
        current,
        retired,
        unknown_prov,
        unknown_kab,
        kab,
    };
    for i in (1..labels.len()).rev() {
        let j = g.rng.below(i as u64 + 1) as usize;
        labels.swap(i, j);
    }

    let mut text = String::with_capacity(n * 36);
    for &ci in &labels {
        let class = CLASSES[ci].0;
        let v = g.row(class);
        debug_assert!(!v.contains(['\t', '\n', '\r', ' ', '.', '-']));
        text.push_str(class);
        text.push('\t');
        text.push_str(&v);
        text.push('\n');
    }
    std::fs::write(out, text).expect("write OUT.tsv");

    let stem = out
        .to_str()
        .unwrap()
        .strip_suffix(".tsv")
        .unwrap_or(out.to_str().unwrap());
    let mut classes = String::from("class\tshare_permille\tcount\tlabel\tground_truth\temis_expected\n");
    for (c, count) in CLASSES.iter().zip(&counts) {
        let v = |b: bool| if b { "accept" } else { "reject" };
        writeln!(classes, "{}\t{}\t{}\t{}\t{}\t{}", c.0, c.1, count, c.2, v(c.3), v(c.4)).unwrap();
    }
    std::fs::write(format!("{stem}.classes.tsv"), classes).expect("write classes");
    let mut f = std::io::BufWriter::new(std::fs::File::create(format!("{stem}.kecamatan.txt")).unwrap());
    for c in &g.current {
        writeln!(f, "{c:06}").unwrap();
    }
    f.flush().unwrap();
    eprintln!(
        "gen_niks: {n} NIKs (seed {seed}) -> {}; {} current / {} retired kecamatan codes",
        out.display(),
        g.current.len(),
        g.retired.len()
    );
}
