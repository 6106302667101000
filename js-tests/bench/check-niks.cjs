'use strict';
// Throughput of the batch NIK check in node against the built release package:
//   node js-tests/bench/check-niks.cjs [count=1000000] [passes=5]
// Prints ns per NIK (best pass, whole call including packing in JS and the boolean[] result)
// for checkNiks, and for comparison one checkNik call per value on a sample. A script, not
// a test: timings depend on the machine.
const { emis } = require('../pkg.cjs');

const N = Number(process.argv[2] ?? 1_000_000);
const PASSES = Number(process.argv[3] ?? 5);

// Deterministic synthetic NIKs: mostly well-formed with real, retired and unknown region
// prefixes, random dates (half women, +40) and serials; a few wrong lengths and non-digits.
function generate(n) {
  const prefixes = ['351701', '327301', '317101', '320501', '910101', '730101', '319901', '357001'];
  let x = 20261130;
  const rnd = (k) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 1;
    return x % k;
  };
  const two = (v) => (v < 10 ? '0' : '') + v;
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    let s =
      prefixes[rnd(prefixes.length)] +
      two(1 + rnd(31) + (rnd(2) ? 40 : 0)) +
      two(1 + rnd(12)) +
      two(rnd(100)) +
      String(rnd(10000)).padStart(4, '0');
    const defect = rnd(100);
    if (defect < 3) s = s.slice(0, 15);
    else if (defect < 6) s = s.slice(0, 10) + 'O' + s.slice(11);
    out[i] = s;
  }
  return out;
}

function best(f, passes) {
  let min = Infinity;
  let result;
  for (let p = 0; p < passes; p++) {
    const t0 = process.hrtime.bigint();
    result = f();
    min = Math.min(min, Number(process.hrtime.bigint() - t0));
  }
  return { ns: min, result };
}

const values = generate(N);
emis.checkNiks(values.slice(0, 10_000)); // warm-up

const batch = best(() => emis.checkNiks(values), PASSES);
const validCount = batch.result.filter(Boolean).length;

const sampleN = Math.min(N, 50_000);
const sample = values.slice(0, sampleN);
const single = best(() => sample.map((v) => emis.checkNik(v).valid), Math.min(PASSES, 3));
for (let i = 0; i < sampleN; i++) {
  if (single.result[i] !== batch.result[i]) throw new Error(`batch and single disagree at ${i}`);
}

console.log(`emis-wasm ${emis.version()}, node ${process.version}, ${N.toLocaleString('en')} NIKs, best of ${PASSES}`);
console.log(`checkNiks(values):      ${(batch.ns / N).toFixed(1)} ns/NIK  (${(batch.ns / 1e6).toFixed(1)} ms total, ${validCount} valid)`);
console.log(`checkNik(v).valid each: ${(single.ns / sampleN).toFixed(1)} ns/NIK  (${sampleN.toLocaleString('en')} values)`);
