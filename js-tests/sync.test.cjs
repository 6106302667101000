'use strict';
// SyncEngine (the core's reconcile, plan, outbox, journal) from JS, against the simulator over
// real loopback sockets: a dry-run plan, a run that creates one synthetic santri, a second
// run with nothing left to do, progress, cancellation and a state kept across engines.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { emis } = require('./pkg.cjs');
const { startSim, stopSim } = require('./sim.cjs');

const TODAY = '2026-11-30';
let sim;
let env;

before(async () => {
  ({ child: sim, env } = await startSim(['--seed', '11', '--write-window-ms', '0']));
}, { timeout: 30_000 });
after(async () => sim && stopSim(sim));

function client() {
  return new emis.EmisClient({ baseUrl: env.EMIS_SIM_URL, email: env.EMIS_SIM_OPERATOR_EMAIL, password: env.EMIS_SIM_OPERATOR_PASSWORD });
}

/** The server's santri plus one new synthetic santri made from the first one's shape. */
async function localList(c, nik, name) {
  const remote = await c.santriAll();
  const fresh = JSON.parse(JSON.stringify(remote[0]));
  delete fresh.id;
  Object.assign(fresh, { nik, nisn: null, full_name: name });
  return { remote, local: [...remote, fresh] };
}

describe('SyncEngine against emis-sim', () => {
  it('plans, pushes one create, and has nothing left on the next run', { timeout: 60_000 }, async () => {
    const c = client();
    const { remote, local } = await localList(c, '3517014107100003', 'Aisyah Putri Sintetis');
    const engine = new emis.SyncEngine(c, { santri: local });
    const stages = [];
    engine.onProgress((p) => stages.push(p.stage));
    const run = { statisticNum: env.EMIS_SIM_DEMO_STATISTIC_NUM, today: TODAY, simpeg: false };
    const plan = await engine.run({ ...run, dryRun: true });
    assert.equal(plan.dry_run, true);
    assert.equal(plan.planned.create, 1);
    assert.equal(plan.pushed, 0);
    assert.equal((await c.santriAll()).length, remote.length, 'a dry run sends nothing');
    const done = await engine.run(run);
    assert.equal(done.pushed, 1);
    assert.deepEqual(done.write_states, { accepted: 1 });
    assert.ok(stages.includes('push') && stages.includes('plan'), stages.join());
    assert.ok(!JSON.stringify(done).includes('3517014107100003'), 'identifiers are masked in the report');
    const after = await c.santriAll();
    assert.equal(after.length, remote.length + 1);
    // The state goes to a new engine (a page reload): nothing is sent twice.
    const state = engine.state();
    assert.equal(state.outbox.length, 1);
    const again = new emis.SyncEngine(c, { santri: local, state: JSON.parse(JSON.stringify(state)) });
    const second = await again.run(run);
    assert.equal(second.pushed, 0);
    assert.equal(second.planned.create, 0);
    assert.ok(again.state().journal.length > state.journal.length);
  });

  it('cancel() stops before the writes and is journalled; a second run() at once is refused', { timeout: 60_000 }, async () => {
    const c = client();
    const { local } = await localList(c, '3517014107100011', 'Siti Sintetis Batal');
    const engine = new emis.SyncEngine(c, { santri: local });
    const run = { statisticNum: env.EMIS_SIM_DEMO_STATISTIC_NUM, today: TODAY, simpeg: false };
    const first = engine.run(run);
    await assert.rejects(engine.run(run), (e) => e.name === 'EmisInputError' && e.code === 'input.sinkronisasi_berjalan');
    engine.cancel();
    await assert.rejects(first, (e) => e.name === 'EmisApiError' && e.code === 'cancelled');
    assert.equal((await c.santriAll()).some((s) => s.full_name === 'Siti Sintetis Batal'), false, 'nothing was sent');
    const journal = engine.state().journal;
    assert.equal(journal[journal.length - 1].result, 'cancelled');
    await assert.rejects(engine.run({ today: TODAY }), (e) => e.name === 'EmisInputError' && e.option === 'statisticNum');
  });
});
