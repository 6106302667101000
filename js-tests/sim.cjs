'use strict';
// Starts and stops the EMIS simulator (target/debug/emis-sim, or EMIS_SIM_BIN) for the tests
// that talk to it over real loopback sockets.
const { spawn } = require('node:child_process');
const { once } = require('node:events');
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');

const ROOT = path.join(__dirname, '..');
const SIM_BIN =
  process.env.EMIS_SIM_BIN || path.join(ROOT, 'target', 'debug', process.platform === 'win32' ? 'emis-sim.exe' : 'emis-sim');
const START_TIMEOUT_MS = 20_000;

/** Starts the simulator; resolves to `{ child, env }` once its KEY=value lines are read. */
function startSim(args) {
  if (!fs.existsSync(SIM_BIN)) {
    throw new Error(
      `${SIM_BIN} is missing: build the simulator first with \`cargo build --workspace --locked\` ` +
        '(js-tests/client.test.cjs starts it itself; EMIS_SIM_BIN=/path/to/emis-sim overrides the path)',
    );
  }
  const child = spawn(SIM_BIN, ['serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  // Last resort if `after` never runs (the runner killed by a timeout...): no orphan simulator.
  process.once('exit', () => child.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    const env = {};
    let stderr = '';
    let settled = false;
    const fail = (e) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(e);
    };
    const timer = setTimeout(
      () => fail(new Error(`emis-sim printed no KEY=value lines within ${START_TIMEOUT_MS} ms; stderr: ${stderr}`)),
      START_TIMEOUT_MS,
    );
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (e) => fail(new Error(`cannot start ${SIM_BIN}: ${e.message}`)));
    child.on('exit', (code, signal) => fail(new Error(`emis-sim exited before it was ready (${code ?? signal}): ${stderr}`)));
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (settled) return; // keep draining stdout
      if (Object.keys(env).length === 0 && !/^EMIS_SIM_URL=http:\/\/127\.0\.0\.1:\d+$/.test(line)) {
        return fail(new Error(`unexpected first line from emis-sim: ${line}`));
      }
      const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
      if (m) {
        env[m[1]] = m[2];
        return;
      }
      settled = true;
      clearTimeout(timer);
      resolve({ child, env });
    });
  });
}

/** Stops the simulator: SIGTERM, then SIGKILL if it is still there after 5 s. */
async function stopSim(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

module.exports = { startSim, stopSim, SIM_BIN };
