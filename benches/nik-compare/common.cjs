// Shared helpers of the Node contenders (same result format as common.py).
'use strict';
const fs = require('fs');

const WARMUP = 10000;

function loadNiks(path) {
  const text = fs.readFileSync(path, 'utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => l.slice(l.indexOf('\t') + 1));
}

// Warm-up call on the first WARMUP values, then `passes` timed calls on all of them.
// `fn` takes an array of strings and returns an array-like of verdicts (truthy = accept).
function timeBatch(fn, niks, passes = 3) {
  fn(niks.slice(0, WARMUP));
  const times = [];
  let out = [];
  for (let p = 0; p < passes; p++) {
    const t0 = process.hrtime.bigint();
    out = fn(niks);
    times.push(Number(process.hrtime.bigint() - t0) / niks.length);
  }
  if (out.length !== niks.length) {
    throw new Error(`contender returned ${out.length} verdicts for ${niks.length} NIKs`);
  }
  return { best: Math.min(...times), times, out };
}

function writeResult(path, id, name, { best, times, out }) {
  let bits = '';
  let accepted = 0;
  const parts = [];
  for (let i = 0; i < out.length; i++) {
    const v = out[i] ? '1' : '0';
    if (out[i]) accepted++;
    parts.push(v);
  }
  bits = parts.join('');
  const r = (x) => Math.round(x * 1000) / 1000;
  fs.writeFileSync(path, JSON.stringify({
    id, name, n: bits.length, ns_per_nik: r(best), pass_ns_per_nik: times.map(r), verdicts: bits,
  }));
  const f = (x) => x.toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  process.stderr.write(`${id}: ${bits.length} NIKs, best of ${times.length}: ${f(best)} ns/NIK ` +
    `(${times.map(f).join(', ')}), ${accepted} accepted\n`);
}

module.exports = { loadNiks, timeBatch, writeResult, WARMUP };
