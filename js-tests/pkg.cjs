'use strict';
// Loads the built `--target nodejs` package (target/pkg/nodejs), as a user would via its
// package.json. Build it first (see emis-wasm/package.mjs for the steps).
const path = require('node:path');
const fs = require('node:fs');

const dir = path.join(__dirname, '..', 'target', 'pkg', 'nodejs');
if (!fs.existsSync(path.join(dir, 'package.json'))) {
  throw new Error(
    `${dir}/package.json is missing: build the package first (cargo build -p emis-wasm --target ` +
      'wasm32-unknown-unknown --release; wasm-bindgen --target nodejs ...; node emis-wasm/package.mjs)',
  );
}
const emis = require(dir);
module.exports = {
  emis,
  dir,
  /** A fixed "today" so date rules do not depend on the day the tests run. */
  TODAY: '2026-11-30',
  /** Every identifier kind (`IdKind`), from the rule catalogue: each has its `<kind>.kosong` code. */
  KINDS: emis
    .rules()
    .filter((r) => r.scope === 'identifier' && r.code.endsWith('.kosong'))
    .map((r) => r.code.split('.')[0]),
};
