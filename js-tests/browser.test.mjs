// The demo page (examples/web) in a real headless Chromium (Debian's /usr/bin/chromium, driven
// by playwright-core; no browser download): the package loads as plain ES modules, the form
// answers as the operator types, a real XLSX is checked in the page, and a sync runs against
// the simulator (started here with --cors-origin for the page's origin) with a plan,
// progress and a receipt. Asserts on the DOM; a screenshot goes to target/ci-artifacts/.
//
// CHROMIUM=/path overrides the browser. Without a browser the test fails (CI installs it).
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const { startSim, stopSim } = require('./sim.cjs');
const { serve } = await import('../examples/web/serve.mjs');

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = `${ROOT}target/ci-artifacts`;
const XLSX = `${ROOT}emis-core/src/sheet/testdata/emis_export.xlsx`;

test('demo page in headless Chromium: form, file, sync with receipt', { timeout: 120_000 }, async (t) => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium (bash .ci/run setup does)`);
  const { server, url } = await serve({ port: 0 });
  t.after(() => server.close());
  const { child: sim, env } = await startSim(['--seed', '5', '--write-window-ms', '0', '--cors-origin', url]);
  t.after(() => stopSim(sim));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1000, height: 1600 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${url}/`);
  await page.waitForSelector('#status[data-ready="1"]', { timeout: 20_000 });

  // 1. The form as the operator types: region names at 2/4/6 digits, sex and birth date at 12.
  const nik = page.locator('#f-nik');
  await nik.pressSequentially('35');
  assert.match(await page.textContent('#nik-info'), /2\/16 digit, belum lengkap — provinsi: 35 Jawa Timur/);
  await nik.pressSequentially('1701');
  assert.match(await page.textContent('#nik-info'), /kecamatan: 35\.17\.01/);
  await nik.pressSequentially('410710');
  const info = await page.textContent('#nik-info');
  assert.match(info, /jenis kelamin: P/);
  assert.match(info, /tanggal lahir: 2010-07-01/);
  assert.equal(await page.getAttribute('#nik-info', 'data-status'), 'incomplete');
  await nik.pressSequentially('0003');
  assert.equal(await page.getAttribute('#nik-info', 'data-status'), 'ok');
  // A birth date that disagrees with the NIK: the issue names both fields, both are marked.
  await page.fill('#f-birth_date', '2010-07-02');
  await page.locator('#f-nik').press('End');
  await nik.pressSequentially(' ');
  assert.ok(await page.locator('#msg-nik [data-code="nik.tanggal_lahir_berbeda"]').count());
  assert.ok(await page.locator('#f-birth_date.related').count(), 'the related field is marked');
  await page.fill('#f-birth_date', '2010-07-01');
  // The name rule: markup is refused live.
  await page.locator('#f-full_name').pressSequentially('Aisyah <b>');
  assert.ok(await page.locator('#msg-full_name [data-code="nama.karakter_tidak_valid"]').count());
  await page.fill('#f-full_name', '');
  await page.locator('#f-full_name').pressSequentially('Aisyah Putri Sintetis');
  assert.equal(await page.locator('#msg-full_name div').count(), 0);
  await page.selectOption('#f-m_gender', 'P');
  await page.locator('#f-birth_place').pressSequentially('Jombang');
  await page.selectOption('#f-status_mukim', 'mukim');
  await page.locator('#f-mother_full_name').pressSequentially('Siti Aminah');
  await page.click('#add');
  assert.equal(await page.locator('#local-list tbody tr').count(), 1);

  // 2. A real XLSX through the core's reader, in the page.
  await page.setInputFiles('#file', XLSX);
  await page.waitForFunction(() => /baris dibaca/.test(document.querySelector('#file-summary').textContent));
  assert.match(await page.textContent('#file-summary'), /^\d+ baris dibaca \(XLSX\)/);
  // The same in a Worker by hand: a CSV with a bad row, progress, and an abort that
  // terminates the worker.
  const inWorker = await page.evaluate(async () => {
    const { validateFileInWorker } = await import('emis-wasm');
    const csv = "Nama Lengkap;NIK\r\nAhmad Fauzi;'3517011708080001\r\nSiti Aminah;3517015708080000\r\n";
    const phases = [];
    const r = await validateFileInWorker(new File([csv], 'santri.csv'), { onProgress: (p) => phases.push(p.phase), today: '2026-11-30' });
    const ac = new AbortController();
    const pending = validateFileInWorker(new Blob([csv]), { signal: ac.signal });
    ac.abort();
    const aborted = await pending.then(() => 'resolved', (e) => e.name);
    return { format: r.format, rowNumbers: r.rowNumbers, codes: r.validation.codes, phases, aborted };
  });
  assert.equal(inWorker.format, 'csv');
  assert.deepEqual(inWorker.rowNumbers, [2, 3]);
  assert.ok(inWorker.codes.includes('nik.nomor_urut_nol'));
  assert.deepEqual(inWorker.phases, ['read', 'validate', 'done']);
  assert.equal(inWorker.aborted, 'AbortError');

  // 3. Sync against the simulator, cross-origin (CORS answered by --cors-origin).
  await page.fill('#s-url', env.EMIS_SIM_URL);
  await page.fill('#s-email', env.EMIS_SIM_OPERATOR_EMAIL);
  await page.fill('#s-password', env.EMIS_SIM_OPERATOR_PASSWORD);
  await page.fill('#s-sn', env.EMIS_SIM_DEMO_STATISTIC_NUM);
  await page.click('#plan');
  await page.waitForFunction(() => /Rencana siap|Gagal/.test(document.querySelector('#sync-status').textContent), null, { timeout: 30_000 });
  assert.match(await page.textContent('#sync-status'), /Rencana siap/, await page.textContent('#sync-status'));
  assert.equal(await page.textContent('#sync-plan tr[data-op="create"] td', { timeout: 2000 }), '1', await page.textContent('#sync-plan'));
  await page.click('#push');
  await page.waitForFunction(() => /Selesai|Gagal/.test(document.querySelector('#sync-status').textContent), null, { timeout: 30_000 });
  assert.match(await page.textContent('#sync-status'), /Selesai: 1 terkirim/, await page.textContent('#sync-status'));
  assert.equal(await page.isVisible('#receipt'), true);
  assert.equal(await page.textContent('#r-pushed'), '1');
  assert.match(await page.textContent('#r-states'), /accepted: 1/);
  // The sync state was kept in IndexedDB: the written change is in the outbox there.
  const kept = await page.evaluate(async (sn) => {
    const { openSyncStateStore } = await import('emis-wasm');
    const s = await openSyncStateStore().load(sn);
    return { outbox: s.outbox.length, journal: s.journal.length };
  }, env.EMIS_SIM_DEMO_STATISTIC_NUM);
  assert.equal(kept.outbox, 1);
  assert.ok(kept.journal >= 2);
  assert.ok(!(await page.content()).includes(env.EMIS_SIM_OPERATOR_PASSWORD), 'the password is not in the page');

  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}/browser-demo.png`, fullPage: true });

  // A server that sends no CORS headers (the static server under another host name, so
  // another origin): the browser refuses, the page gets a code and a clean message.
  const other = await page.evaluate(async (base) => {
    const { EmisClient } = await import('emis-wasm');
    const c = new EmisClient({ baseUrl: base, token: 'page-token', maxAttempts: 1 });
    try {
      await c.periods();
      return null;
    } catch (e) {
      return { name: e.name, code: e.code, message: e.message };
    } finally {
      c.free();
    }
  }, url.replace('127.0.0.1', 'localhost'));
  assert.deepEqual([other?.name, other?.code], ['EmisApiError', 'network_or_cors']);
  assert.match(other.message, /^Tidak dapat menghubungi server EMIS/);
  assert.ok(!other.message.includes('\n') && !other.message.includes('page-token'));
  assert.deepEqual(errors, [], 'no uncaught error in the page');
});
