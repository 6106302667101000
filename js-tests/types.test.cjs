'use strict';
// Type-checks js-tests/types/*.{cts,mts} against the .d.ts files of both built packages with
// tsc (devDependency of js-tests: `npm ci` in js-tests first).
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
require('./pkg.cjs'); // fails early with build instructions if the package is missing

test('tsc --noEmit accepts correct usage and rejects misuse (@ts-expect-error)', () => {
  const tsc = path.join(__dirname, 'node_modules', 'typescript', 'bin', 'tsc');
  assert.ok(fs.existsSync(tsc), 'typescript is not installed: run `npm ci` in js-tests/');
  const res = spawnSync(process.execPath, [tsc, '-p', path.join(__dirname, 'types')], { encoding: 'utf8' });
  assert.equal(res.status, 0, `tsc failed:\n${res.stdout}${res.stderr}`);
});
