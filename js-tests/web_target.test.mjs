// The `--target web` package (an ES module) loaded in node: node's fetch cannot read file
// URLs, so the wasm bytes are passed to init() (toolchain notes, gotcha 14).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

const pkg = new URL('../target/pkg/web/', import.meta.url);
const emis = await import(new URL('index.js', pkg));
await emis.default({ module_or_path: await readFile(new URL('emis_wasm_bg.wasm', pkg)) });

test('web build: checks, errors and batch work after init', () => {
  const r = emis.checkNik('3517011708080001', { today: '2026-11-30' });
  assert.equal(r.valid, true);
  assert.equal(Object.getPrototypeOf(r), Object.prototype);
  assert.equal(r.parts.jenis_kelamin, 'L');
  assert.deepEqual(emis.checkNik('3517013002080001').codes, ['nik.tanggal_tidak_valid']);
  assert.throws(() => emis.parseNik('3517011708080000'), (e) => e instanceof Error && e.name === 'EmisValidationError' && e.code === 'nik.nomor_urut_nol');
  assert.throws(() => emis.checkNik(42), (e) => e instanceof TypeError && e.name === 'EmisInputError');
  assert.deepEqual(emis.checkNiks(['3517011708080001', 3517011708080001, '3273014503100002']), [true, false, true]);
  assert.deepEqual(emis.checkMany('nisn', ['0081234567', '008123456']), [true, false]);
  const report = emis.validateSantri([{ nik: '3517011708080000' }], { today: '2026-11-30' });
  assert.ok(report.issues.some((i) => i.path === '[0].nik' && i.code === 'nik.nomor_urut_nol'));
});

test('web package.json is an ES module package with types', async () => {
  const meta = JSON.parse(await readFile(new URL('package.json', pkg), 'utf8'));
  assert.equal(meta.type, 'module');
  assert.equal(meta.types, 'index.d.ts');
  assert.equal(meta.version, emis.version());
});

test('web build: EmisClient uses fetch and setTimeout from globalThis', async () => {
  const net = await import('node:net');
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  const client = new emis.EmisClient({ baseUrl: `http://127.0.0.1:${port}`, token: 'web-test-token', maxAttempts: 2 });
  const started = performance.now();
  const e = await client.periods().then(() => assert.fail('expected a rejection'), (err) => err);
  assert.ok(e instanceof Error);
  assert.equal(e.name, 'EmisApiError');
  assert.equal(e.code, 'retries_exhausted');
  assert.equal(e.rootCode, 'network_or_cors');
  assert.equal(e.attempts, 2);
  // One backoff (500 ms, jitter 50-100 %) between the attempts: the sleep really waited.
  assert.ok(performance.now() - started >= 200);
  assert.ok(!String(e.message).includes('web-test-token'));
  client.free();
});
