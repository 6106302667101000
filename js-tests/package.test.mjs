// The one npm package (target/pkg/emis-wasm) as a user gets it: `npm pack`, then `npm install`
// of the tarball FILE into a new scratch project (no registry involved: the package has no
// dependencies), then require/import by name, the `./wasm` subpath, the named init/free errors.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = fileURLToPath(new URL('../target/pkg/emis-wasm/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'emis-wasm-install-'));
const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, NPM_CONFIG_AUDIT: 'false', NPM_CONFIG_FUND: 'false', NPM_CONFIG_UPDATE_NOTIFIER: 'false' } });
const node = (args) => execFileSync(process.execPath, args, { cwd: scratch, encoding: 'utf8' });

test.after(() => rmSync(scratch, { recursive: true, force: true }));

test('npm pack makes one tarball with one .wasm, and it installs into a new project', () => {
  const packed = JSON.parse(npm(['pack', pkgDir, '--json', '--pack-destination', scratch], scratch));
  const files = packed[0].files.map((f) => f.path).sort();
  // One .wasm for every entry of the full package, and the validation-only one.
  assert.deepEqual(files.filter((f) => f.endsWith('.wasm')), ['emis_wasm_bg.wasm', 'validate/emis_wasm_bg.wasm']);
  for (const f of ['package.json', 'README.md', 'index.js', 'index.d.ts', 'node.cjs', 'node.mjs']) assert.ok(files.includes(f), f);
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch-app', private: true, version: '1.0.0' }));
  npm(['install', '--no-save', '--offline', join(scratch, packed[0].filename)], scratch);
  assert.ok(existsSync(join(scratch, 'node_modules', 'emis-wasm', 'emis_wasm_bg.wasm')));
});

test('require() and import by name pick the node entries and agree', () => {
  const out = node([
    '-e',
    `const e = require('emis-wasm');
     const r = e.checkNik('3517011708080001', { today: '2026-11-30' });
     console.log(JSON.stringify([require.resolve('emis-wasm').endsWith('node.cjs'), r.valid, r.parts.jenis_kelamin, e.checkNiks(['3517011708080001', '1'])]));`,
  ]);
  assert.deepEqual(JSON.parse(out), [true, true, 'L', [true, false]]);
  const esm = node([
    '--input-type=module',
    '-e',
    `import init, { checkNik, validateSantri, EmisInitError } from 'emis-wasm';
     await init();
     const rep = validateSantri([{ nik: '3517011708080000' }], { today: '2026-11-30' });
     console.log(JSON.stringify([import.meta.resolve('emis-wasm').endsWith('node.mjs'), checkNik('3517013002080001').codes, rep.valid, typeof EmisInitError]));`,
  ]);
  assert.deepEqual(JSON.parse(esm), [true, ['nik.tanggal_tidak_valid'], false, 'function']);
});

test('the ./wasm subpath and the browser entry resolve to files of the package', () => {
  const meta = JSON.parse(readFileSync(join(scratch, 'node_modules', 'emis-wasm', 'package.json'), 'utf8'));
  assert.equal(meta.exports['./wasm'], './emis_wasm_bg.wasm');
  assert.equal(meta.exports['.'].browser, './index.js');
  assert.equal(meta.exports['.'].worker, './index.js');
  assert.equal(meta.exports['.'].types, './index.d.ts');
  const wasmPath = node(['--input-type=module', '-e', `console.log(import.meta.resolve('emis-wasm/wasm'))`]).trim();
  assert.match(wasmPath, /node_modules\/emis-wasm\/emis_wasm_bg\.wasm$/);
  // The browser entry, loaded by path in node: a call before init() is a named error, and
  // init with the bytes of the ./wasm subpath works.
  const out = node([
    '--input-type=module',
    '-e',
    `import { readFile } from 'node:fs/promises';
     const entry = new URL('./node_modules/emis-wasm/index.js', 'file://' + process.cwd() + '/');
     const emis = await import(entry);
     const seen = [];
     try { emis.checkNik('3517011708080001'); } catch (e) { seen.push(e.name, e.code, e instanceof Error); }
     try { await emis.default(42); } catch (e) { seen.push(e.code); }
     try { await emis.default('file:///nope/emis.wasm'); } catch (e) { seen.push(e.code, e.cause !== undefined); }
     try { emis.checkNik('1'); } catch (e) { seen.push(e.code); }
     await emis.default({ module_or_path: await readFile(new URL(import.meta.resolve('emis-wasm/wasm'))) });
     seen.push(emis.checkNik('3517011708080001', { today: '2026-11-30' }).valid);
     console.log(JSON.stringify(seen));`,
  ]);
  assert.deepEqual(JSON.parse(out), [
    'EmisInitError', 'init.belum_dipanggil', true,
    'init.argumen_salah',
    'init.gagal', true,
    'init.gagal',
    true,
  ]);
});

test('node: openSyncStateStore keeps a copy in memory; validateFileInWorker is validateFile', () => {
  const out = node([
    '--input-type=module',
    '-e',
    `import { openSyncStateStore, validateFileInWorker } from 'emis-wasm';
     const store = openSyncStateStore();
     const state = { outbox: [1], checkpoints: {}, journal: [] };
     await store.save('510035170001', state);
     state.outbox.push(2);
     const back = await store.load('510035170001');
     await store.clear('510035170001');
     const r = await validateFileInWorker('Nama Lengkap;NIK\\r\\nAhmad;3517011708080001\\r\\n');
     console.log(JSON.stringify([back.outbox, await store.load('510035170001'), r.rows]));`,
  ]);
  assert.deepEqual(JSON.parse(out), [[1], null, 1]);
});

test('a freed EmisClient gives EmisFreedError, not a wasm-bindgen internal', () => {
  const out = node([
    '-e',
    `const { EmisClient } = require('emis-wasm');
     const c = new EmisClient({ baseUrl: 'http://127.0.0.1:9', token: 'scratch-token' });
     c.free();
     try { c.traffic(); } catch (e) { console.log(JSON.stringify([e.name, e.code, e.message.includes('scratch-token')])); }`,
  ]);
  assert.deepEqual(JSON.parse(out), ['EmisFreedError', 'objek.sudah_dibebaskan', false]);
});

test('emis-wasm/validate: the validation-only entry (no HTTP client, no file reader) works in the browser entry', () => {
  const meta = JSON.parse(readFileSync(join(scratch, 'node_modules', 'emis-wasm', 'package.json'), 'utf8'));
  assert.equal(meta.exports['./validate'].default, './validate/index.js');
  const out = node([
    '--input-type=module',
    '-e',
    `import { readFile } from 'node:fs/promises';
     const v = await import(new URL('./node_modules/emis-wasm/validate/index.js', 'file://' + process.cwd() + '/'));
     await v.default({ module_or_path: await readFile(new URL(import.meta.resolve('emis-wasm/validate/wasm'))) });
     console.log(JSON.stringify([v.checkNikPrefix('3517', { today: '2026-11-30' }).status, v.checkNiks(['3517011708080001']),
       v.validateSantri([{ nik: 1 }], { today: '2026-11-30' }).codes.includes('isian.bukan_teks'), typeof v.EmisClient, typeof v.validateFile]));`,
  ]);
  assert.deepEqual(JSON.parse(out), ['incomplete', [true], true, 'undefined', 'undefined']);
});
