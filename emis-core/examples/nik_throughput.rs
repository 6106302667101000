//! emis Rust contender of the side-by-side NIK benchmark (`benches/nik-compare/run.sh`).
//!
//! ```sh
//! cargo run --release -p emis-core --example nik_throughput -- IN.tsv RESULT.json [PASSES]
//! ```
//!
//! Reads `class<TAB>nik` lines (from `gen_niks`), warms up on the first 10,000 NIKs, then
//! times PASSES (default 3) single-threaded passes of `emis_core::id::nik::is_valid` over all
//! of them, one call per NIK, the verdict stored per NIK. Writes the best pass in ns/NIK and
//! the verdicts (`1` accept, `0` reject, in input order) as JSON; per-class counting is done
//! by the report from the verdicts, outside the timed loop.

use std::hint::black_box;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: nik_throughput IN.tsv RESULT.json [PASSES]");
        std::process::exit(2);
    }
    let passes: usize = args.get(2).map_or(3, |p| p.parse().expect("PASSES"));
    let text = std::fs::read_to_string(&args[0]).expect("read IN.tsv");
    let niks: Vec<&str> = text
        .lines()
        .map(|l| l.split_once('\t').expect("class<TAB>nik").1)
        .collect();
    let n = niks.len();
    let mut out = vec![false; n];

    // Warm-up (caches, branch predictors, page faults of `out`), not timed.
    for (o, s) in out.iter_mut().zip(&niks).take(10_000) {
        *o = emis_core::id::nik::is_valid(black_box(s));
    }
    let mut pass_ns = Vec::with_capacity(passes);
    for _ in 0..passes {
        let t = Instant::now();
        for (o, s) in out.iter_mut().zip(&niks) {
            *o = emis_core::id::nik::is_valid(black_box(s));
        }
        black_box(&out);
        pass_ns.push(t.elapsed().as_nanos() as f64 / n as f64);
    }
    let best = pass_ns.iter().copied().fold(f64::INFINITY, f64::min);
    let verdicts: String = out.iter().map(|&v| if v { '1' } else { '0' }).collect();
    let passes_json: Vec<String> = pass_ns.iter().map(|p| format!("{p:.3}")).collect();
    let json = format!(
        "{{\"id\":\"emis-rust\",\"name\":\"emis {} Rust `nik::is_valid` (1 thread)\",\"n\":{n},\
         \"ns_per_nik\":{best:.3},\"pass_ns_per_nik\":[{}],\"verdicts\":\"{verdicts}\"}}\n",
        env!("CARGO_PKG_VERSION"),
        passes_json.join(",")
    );
    std::fs::write(&args[1], json).expect("write RESULT.json");
    eprintln!("emis-rust: {n} NIKs, best of {passes}: {best:.2} ns/NIK ({passes_json:?})");
}
