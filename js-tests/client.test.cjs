'use strict';
// The wasm `EmisClient` (target/pkg/nodejs) in node against the EMIS simulator, which this file
// starts itself: `target/debug/emis-sim serve --port 0 --seed 7 --profile extended` (the
// wasm client still offers the periods and batch calls of the extended profile; built by
// `cargo build --workspace --locked`; EMIS_SIM_BIN overrides the path). The simulator prints
// `EMIS_SIM_URL=http://127.0.0.1:PORT`, then more KEY=value lines (demo statistic number,
// operator and partner credentials: all fake), then `#` comments. It is killed in `after`.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const { emis } = require('./pkg.cjs');

const START_TIMEOUT_MS = 20_000;
const CALL_TIMEOUT_MS = 20_000;
const { startSim: startWith, stopSim } = require('./sim.cjs');
const startSim = () => startWith(['--seed', '7', '--profile', 'extended']);

let sim;
let URL_;
let SN;

/** `GET`/`POST` on the simulator's control endpoints; resolves to `results`. */
async function control(method, p, body) {
  const r = await fetch(URL_ + p, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const json = await r.json();
  assert.equal(r.status, 200, `${method} ${p}: ${JSON.stringify(json)}`);
  return json.results;
}
const simState = () => control('GET', '/__sim/state');
const setFaults = (rules) => control('POST', '/__sim/faults', { rules });

function connection(extra = {}) {
  return { baseUrl: URL_, simpegBaseUrl: sim.env.EMIS_SIM_SIMPEG_URL, timeoutMs: 10_000, ...extra };
}
function operator(extra = {}) {
  return new emis.EmisClient({
    ...connection(extra),
    email: sim.env.EMIS_SIM_OPERATOR_EMAIL,
    password: sim.env.EMIS_SIM_OPERATOR_PASSWORD,
  });
}

/** Awaits `promise`, expects a rejection, returns the reason. */
async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('expected a rejection');
}

function assertApiError(e, code) {
  assert.ok(e instanceof Error, `not an Error: ${e}`);
  assert.equal(e.name, 'EmisApiError', `${e.name}: ${e.message}`);
  assert.equal(e.code, code, `${e.code}: ${e.message}`);
  assert.equal(typeof e.message, 'string');
  assert.ok(e.message.length > 0);
}

/** Every own property of an error, its message, stack and `String(e)`, as one text. */
function everything(e) {
  const own = Object.getOwnPropertyNames(e).map((k) => `${k}=${String(e[k])}`);
  return [String(e), e.stack, ...own].join('\n');
}

const isPlain = (v) => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

describe('EmisClient (wasm) against emis-sim', { timeout: 120_000 }, () => {
  before(async () => {
    sim = await startSim();
    URL_ = sim.env.EMIS_SIM_URL;
    SN = sim.env.EMIS_SIM_DEMO_STATISTIC_NUM;
    for (const k of ['EMIS_SIM_SIMPEG_URL', 'EMIS_SIM_DEMO_STATISTIC_NUM', 'EMIS_SIM_OPERATOR_EMAIL', 'EMIS_SIM_OPERATOR_PASSWORD']) {
      assert.ok(sim.env[k], `emis-sim did not print ${k}`);
    }
  }, { timeout: START_TIMEOUT_MS + 5_000 });

  after(async () => {
    if (sim) await stopSim(sim.child);
  }, { timeout: 10_000 });

  it('logs in, reads the demo lembaga and the periods', { timeout: CALL_TIMEOUT_MS }, async () => {
    const c = operator();
    assert.equal(await c.login(), undefined);
    const l = await c.lembagaInfo(SN);
    assert.ok(isPlain(l));
    assert.equal(l.statistic_num, SN);
    assert.equal(typeof l.name, 'string');
    assert.ok(l.name.length > 0);
    assert.ok(isPlain(l.address));
    const periods = await c.periods();
    assert.ok(Array.isArray(periods) && periods.length > 0);
    assert.ok(periods.some((p) => p.is_active && Number.isInteger(p.academic_year_id)));
    const t = c.traffic();
    assert.ok(isPlain(t));
    assert.equal(t.requests, 3); // login, lembaga, periods
    assert.ok(t.bytesIn > 0 && t.bytesOut > 0);
  });

  it('lists every santri across pages: as many as the simulator has', { timeout: CALL_TIMEOUT_MS }, async () => {
    const c = operator();
    const total = (await simState()).lembaga[SN].santri_total;
    assert.ok(total > 14, `too few santri for paging: ${total}`);
    const all = await c.santriAll(7);
    assert.equal(all.length, total);
    assert.equal(new Set(all.map((s) => s.id)).size, total, 'ids repeat: pages overlap');
    assert.ok(all.every((s) => isPlain(s) && typeof s.full_name === 'string' && isPlain(s.parents)));
    assert.equal((await c.santriAll()).length, total);

    const page = await c.santriPage(2, 7);
    assert.deepEqual(page.meta, { page: 2, perPage: 7, total, totalPages: Math.ceil(total / 7) });
    assert.deepEqual(page.items, all.slice(7, 14));

    const detail = await c.santriDetail(all[0].id);
    assert.equal(detail.id, all[0].id);
    assert.equal(detail.nik, all[0].nik);
  });

  it('looks NIPs up in SIMPEG: found and not found', { timeout: CALL_TIMEOUT_MS }, async () => {
    const c = operator();
    const gtk = await c.gtkAll(SN);
    assert.ok(gtk.length > 0);
    const nips = new Set(gtk.map((g) => g.nip).filter(Boolean));
    const nip = [...nips][0];
    assert.ok(nip, 'no GTK with a NIP in the demo lembaga');

    const found = await c.simpegLookup(nip);
    assert.equal(found.found, true);
    assert.equal(found.snapshot.nip_baru, nip);
    assert.ok(['L', 'P'].includes(found.snapshot.jenis_kelamin));

    let unknown = nip.slice(0, 15) + '999';
    if (nips.has(unknown)) unknown = nip.slice(0, 15) + '998';
    assert.ok(emis.checkNip(unknown).valid, 'the made-up NIP must pass the NIP rules');
    assert.deepEqual(await c.simpegLookup(unknown), { found: false });

    const e = await rejection(c.simpegLookup('1990'));
    assert.equal(e.name, 'EmisValidationError');
    assert.equal(e.kind, 'nip');
  });

  it('a batch sent twice with one idempotency key is applied once, then replayed', { timeout: CALL_TIMEOUT_MS }, async () => {
    const c = operator();
    const known = new Set((await c.santriAll()).map((s) => s.nik));
    let nik;
    for (let serial = 9001; !nik; serial++) {
      const candidate = `351701170808${serial}`; // Kab. Malang, born 2008-08-17, serial 9001...
      if (!known.has(candidate) && emis.checkNik(candidate).valid) nik = candidate;
    }
    const changes = [
      { op: 'create', key: { nik }, fields: { full_name: 'Santri Uji Wasm', birth_place: 'Malang', birth_date: '2008-08-17' } },
      { op: 'create', key: { nik: '3517011708080000' }, fields: { full_name: 'NIK Nomor Urut Nol' } },
    ];
    const key = `js-client-test-${process.pid}-${Date.now()}`;
    const before = await simState();

    const first = await c.submitSantriBatch(changes, key);
    assert.equal(first.length, 2);
    assert.ok(first.every(isPlain));
    assert.equal(first[0].index, 0);
    assert.equal(first[0].status, 'applied', JSON.stringify(first[0]));
    assert.equal(typeof first[0].id, 'string');
    assert.equal(first[1].index, 1);
    assert.equal(first[1].status, 'rejected');
    assert.equal(first[1].code, 'sync.identifier_tidak_valid');
    const mid = await simState();
    assert.equal(mid.lembaga[SN].santri_total, before.lembaga[SN].santri_total + 1);
    assert.deepEqual(mid.idempotency[key], { ...mid.idempotency[key], applied: 1, replays: 0 });

    const second = await c.submitSantriBatch(changes, key);
    assert.deepEqual(second, first);
    const end = await simState();
    assert.deepEqual(end.lembaga, mid.lembaga, 'the replay changed the data');
    assert.equal(end.idempotency[key].applied, 1);
    assert.equal(end.idempotency[key].replays, 1);
    assert.equal(end.keyless_writes, 0);
    const created = (await c.santriAll()).filter((s) => s.nik === nik);
    assert.equal(created.length, 1);
    assert.equal(created[0].full_name, 'Santri Uji Wasm');
  });

  it('a wrong password rejects with EmisApiError "auth"; no secret in errors or toString', { timeout: CALL_TIMEOUT_MS }, async () => {
    const wrong = 'sim-FAKE-wrong-Passw0rd';
    const bad = new emis.EmisClient({ ...connection(), email: sim.env.EMIS_SIM_OPERATOR_EMAIL, password: wrong });
    const e = await rejection(bad.login());
    assertApiError(e, 'auth');
    assert.ok(!everything(e).includes(wrong), everything(e));
    // Other calls log in by themselves and fail the same way.
    const e2 = await rejection(bad.lembagaInfo(SN));
    assertApiError(e2, 'auth');
    assert.ok(!everything(e2).includes(wrong));
    assert.ok(!String(bad).includes(wrong), String(bad));
    assert.match(String(bad), /EmisClient/);

    const good = operator();
    await good.login();
    assert.ok(!String(good).includes(sim.env.EMIS_SIM_OPERATOR_PASSWORD), String(good));
    assert.ok(!String(good).includes(sim.env.EMIS_SIM_OPERATOR_EMAIL), 'the email is masked too');
  });

  it('partner keys and a token obtained elsewhere log in too', { timeout: CALL_TIMEOUT_MS }, async () => {
    const partner = new emis.EmisClient({
      ...connection(),
      publicKey: sim.env.EMIS_SIM_PARTNER_PUBLIC_KEY,
      privateKey: sim.env.EMIS_SIM_PARTNER_PRIVATE_KEY,
    });
    await partner.login();
    assert.ok(!String(partner).includes(sim.env.EMIS_SIM_PARTNER_PRIVATE_KEY));

    const form = new URLSearchParams({ email: sim.env.EMIS_SIM_OPERATOR_EMAIL, password: sim.env.EMIS_SIM_OPERATOR_PASSWORD });
    const r = await fetch(`${URL_}/v1/accounts/login`, { method: 'POST', body: form, signal: AbortSignal.timeout(10_000) });
    const { token } = (await r.json()).results;
    assert.equal(typeof token, 'string');
    const byToken = new emis.EmisClient({ ...connection(), token });
    assert.equal((await byToken.lembagaInfo(SN)).statistic_num, SN);
    assert.ok(!String(byToken).includes(token));
  });

  it('a malformed JSON read is read again; without retries it rejects with EmisApiError "decode"', { timeout: CALL_TIMEOUT_MS }, async () => {
    const c = operator();
    await c.login();
    await setFaults([{ method: 'GET', path_prefix: '/v1/institutions/info', times: 1, fault: 'malformed_json' }]);
    try {
      assert.equal((await c.lembagaInfo(SN)).statistic_num, SN);
    } finally {
      await setFaults([]);
    }
    const once = operator({ maxAttempts: 1 });
    await once.login();
    await setFaults([{ method: 'GET', path_prefix: '/v1/institutions/info', fault: 'malformed_json' }]);
    try {
      const e = await rejection(once.lembagaInfo(SN));
      assertApiError(e, 'decode');
      assert.equal(typeof e.path, 'string');
      assert.equal(e.status, undefined);
    } finally {
      await setFaults([]);
    }
    assert.equal((await c.lembagaInfo(SN)).statistic_num, SN);
  });

  it('a 503 is retried after a setTimeout-backed sleep', { timeout: CALL_TIMEOUT_MS }, async () => {
    const c = operator();
    await c.login();
    await setFaults([{ method: 'GET', path_prefix: '/v1/references/academic-years', nth: 1, fault: { status: 503 } }]);
    try {
      const before = c.traffic().requests;
      const started = performance.now();
      const periods = await c.periods();
      const waited = performance.now() - started;
      assert.ok(periods.length > 0);
      assert.equal(c.traffic().requests, before + 2);
      // The first backoff is 500 ms with jitter (50-100 %).
      assert.ok(waited >= 200, `retried after ${waited} ms: the sleep did not wait`);
      assert.equal((await simState()).fault_counters[0].fired, 1);
    } finally {
      await setFaults([]);
    }
    // Without retries the 503 is the answer.
    await setFaults([{ method: 'GET', path_prefix: '/v1/references/academic-years', nth: 1, fault: { status: 503 } }]);
    try {
      const once = operator({ maxAttempts: 1 });
      const e = await rejection(once.periods());
      assertApiError(e, 'http');
      assert.equal(e.status, 503);
      assert.equal(typeof e.requestId, 'string');
    } finally {
      await setFaults([]);
    }
  });

  it('a slow server rejects with "timeout"; a closed port with "network_or_cors" and a clean message', { timeout: CALL_TIMEOUT_MS }, async () => {
    const c = operator({ timeoutMs: 300, maxAttempts: 1 });
    await c.login();
    await setFaults([{ method: 'GET', path_prefix: '/v1/references/academic-years', fault: { delay: 2000 } }]);
    try {
      const started = performance.now();
      const e = await rejection(c.periods());
      assertApiError(e, 'timeout');
      assert.ok(performance.now() - started < 1900, 'the timeout did not cut the request');
    } finally {
      await setFaults([]);
    }

    const server = net.createServer();
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address();
    await new Promise((resolve) => server.close(resolve));
    const closed = new emis.EmisClient({ baseUrl: `http://127.0.0.1:${port}`, token: 'not-a-real-token', maxAttempts: 1 });
    const e = await rejection(closed.lembagaInfo(SN));
    assertApiError(e, 'network_or_cors');
    assert.ok(!everything(e).includes('not-a-real-token'));
    // A fixed Bahasa-first message, no JS stack inside it; the host's first line in `detail`.
    assert.match(e.message, /^Tidak dapat menghubungi server EMIS/);
    assert.ok(!e.message.includes('\n') && !/\bat .*:\d+:\d+/.test(e.message));
    assert.equal(typeof e.detail, 'string');
    assert.ok(!e.detail.includes('\n'));
  });

  it('bad options and arguments: EmisInputError, thrown by the constructor or as a rejection', { timeout: CALL_TIMEOUT_MS }, async () => {
    const input = (e, code, option) => {
      assert.ok(e instanceof Error);
      assert.equal(e.name, 'EmisInputError', e.message);
      assert.equal(e.code, code);
      if (option) assert.equal(e.option, option);
    };
    const ctor = (o) => {
      try {
        new emis.EmisClient(o);
      } catch (e) {
        return e;
      }
      assert.fail('expected a throw');
    };
    input(ctor(undefined), 'input.bukan_objek');
    input(ctor({ baseUrl: URL_ }), 'input.opsi_tidak_valid', 'credentials');
    input(ctor({ baseUrl: URL_, token: 'abcd', email: 'a@b.c', password: 'secret-pw' }), 'input.opsi_tidak_valid', 'credentials');
    input(ctor({ baseUrl: URL_, email: 'a@b.c' }), 'input.opsi_tidak_valid', 'password');
    input(ctor({ baseUrl: URL_, publicKey: 'k', privateKey: 42 }), 'input.opsi_tidak_valid', 'privateKey');
    input(ctor({ token: 'abcd' }), 'input.opsi_tidak_valid', 'baseUrl');
    input(ctor({ baseUrl: 'ftp://127.0.0.1', token: 'abcd' }), 'input.opsi_tidak_valid', 'baseUrl');
    input(ctor({ baseUrl: URL_, timeoutMs: 0, token: 'abcd' }), 'input.opsi_tidak_valid', 'timeoutMs');
    input(ctor({ baseUrl: URL_, maxAttempts: 11, token: 'abcd' }), 'input.opsi_tidak_valid', 'maxAttempts');
    const withUser = ctor({ baseUrl: 'http://op:url-secret@127.0.0.1', token: 'abcd' });
    input(withUser, 'input.opsi_tidak_valid', 'baseUrl');
    assert.ok(!everything(withUser).includes('url-secret'));

    const c = operator();
    const before = c.traffic().requests;
    const zero = await rejection(c.santriPage(0, 10));
    input(zero, 'input.bukan_bilangan_bulat', 'page');
    assert.ok(zero instanceof RangeError);
    const str = await rejection(c.santriPage(1, '10'));
    input(str, 'input.bukan_bilangan_bulat', 'perPage');
    assert.ok(str instanceof TypeError);
    input(await rejection(c.santriAll(1.5)), 'input.bukan_bilangan_bulat', 'perPage');
    input(await rejection(c.lembagaInfo(510035170001)), 'input.bukan_string');
    input(await rejection(c.santriDetail(undefined)), 'input.bukan_string');
    input(await rejection(c.submitSantriBatch('[]', 'key')), 'input.bukan_array');
    const item = await rejection(c.submitSantriBatch([{ op: 'create' }, { op: 'hapus' }, 'x'], 'key'));
    input(item, 'input.bukan_objek');
    assert.deepEqual(item.issues.map((i) => i.path), ['[2]']);
    const op = await rejection(c.submitSantriBatch([{ op: 'create' }, { op: 'hapus' }], 'key'));
    input(op, 'input.tidak_terbaca');
    assert.deepEqual(op.issues.map((i) => i.path), ['[1]']);
    input(await rejection(c.submitSantriBatch([], 42)), 'input.bukan_string');
    assert.equal(c.traffic().requests, before, 'a bad argument must not reach the network');
    // An empty idempotency key is the core's business: a config error, before any request.
    assertApiError(await rejection(c.submitSantriBatch([], ' ')), 'config');
  });

  it('calls run concurrently on one client, and free() while a call is pending is safe', { timeout: CALL_TIMEOUT_MS }, async () => {
    const c = operator();
    await c.login();
    const [a, b, p] = await Promise.all([c.lembagaInfo(SN), c.lembagaInfo(SN), c.periods()]);
    assert.deepEqual(a, b);
    assert.ok(p.length > 0);
    const d = operator();
    const pending = d.lembagaInfo(SN);
    d.free();
    assert.equal((await pending).statistic_num, SN);
  });
});
