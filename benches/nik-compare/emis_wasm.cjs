// emis WASM contender: `checkNiks(array)` in Node, one batch call over all NIKs.
//
//   node emis_wasm.cjs PKG_DIR IN.tsv RESULT.json
//
// PKG_DIR is the wasm-bindgen `--target nodejs` output (target/pkg/nodejs). `checkNiks` is taken
// from the first of these modules that exports it: PKG_DIR/emis_wasm.js (the generated glue),
// then the package's `main` (PKG_DIR/index.js, the emis-wasm wrapper that adds the batch
// functions around the glue).
'use strict';
const fs = require('fs');
const path = require('path');
const { loadNiks, timeBatch, writeResult } = require('./common.cjs');

const [pkgDir, tsv, result] = process.argv.slice(2);
const candidates = [
  path.resolve(pkgDir, 'emis_wasm.js'),
  path.resolve(pkgDir, 'index.js'),
  path.resolve(pkgDir, 'index.cjs'),
];
let emis = null;
let used = null;
const seen = [];
for (const c of candidates) {
  if (!fs.existsSync(c)) continue;
  let m;
  try {
    m = require(c);
  } catch (e) {
    seen.push(`${c}: cannot load (${e.message})`);
    continue;
  }
  if (typeof m.checkNiks === 'function') {
    emis = m;
    used = c;
    break;
  }
  seen.push(`${c}: exports ${Object.keys(m).join(', ')}`);
}
if (!emis) {
  const dts = path.resolve(pkgDir, 'emis_wasm.d.ts');
  const names = fs.existsSync(dts)
    ? [...fs.readFileSync(dts, 'utf8').matchAll(/export function (\w+)/g)].map((m) => m[1]).join(', ')
    : '(no .d.ts)';
  process.stderr.write(`emis-wasm: no module exporting checkNiks.\n  ${seen.join('\n  ') || 'none of ' + candidates.join(', ') + ' exists'}\n  ${dts}: ${names}\n`);
  process.exit(1);
}
process.stderr.write(`emis-wasm: checkNiks from ${path.relative(process.cwd(), used)}\n`);
let version = '';
for (const f of ['version', 'emisVersion']) {
  if (typeof emis[f] === 'function') version = String(emis[f]());
}
if (!version && typeof emis.VERSION === 'string') version = emis.VERSION;
const niks = loadNiks(tsv);
writeResult(result, 'emis-wasm', `emis${version ? ' ' + version : ''} WASM \`checkNiks(array)\` (Node ${process.version})`,
  timeBatch((v) => emis.checkNiks(v), niks));
