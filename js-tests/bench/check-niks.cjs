'use strict';
// Throughput of the batch NIK check in node against the built release package:
//   node js-tests/bench/check-niks.cjs [count=1000000] [passes=5]
// Prints ns per NIK (best pass, whole call including packing in JS and the boolean[] result)
// for checkNiks, and for comparison one checkNik call per value on a sample. A script, not
// a test: timings depend on the machine.
const { emis } = require('../pkg.cjs');

const N = Number(process.argv[2] ?? 1_000_000);
const PASSES = Number(process.argv[3] ?? 5);

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

async function main() {
  // The same synthetic NIKs as the browser benchmark (workload.mjs).
  const { generate } = await import('./workload.mjs');
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
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
