// The browser package measured in node and in headless Chromium, in one run, with the sizes
// of each entry: node js-tests/bench/web.mjs [count=1000000]
// Prints a Markdown section for docs/benchmarks.md. A script, not a test. Needs the built
// package (target/pkg/emis-wasm) and Debian's chromium (CHROMIUM overrides the path).
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { run } from './workload.mjs';

const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PKG = `${ROOT}target/pkg/emis-wasm/`;
const N = Number(process.argv[2] ?? 1_000_000);
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

// Sizes of each entry's wasm and JS, raw and gzip -9.
const size = (f) => {
  const b = readFileSync(f);
  return { raw: b.length, gz: gzipSync(b, { level: 9 }).length };
};
const sizes = {
  'full (`emis-wasm`): .wasm after wasm-opt': size(`${PKG}emis_wasm_bg.wasm`),
  'full: .wasm as wasm-bindgen wrote it': size(`${ROOT}target/pkg/web/emis_wasm_bg.wasm`),
  'full: index.js + emis_wasm.js': { raw: statSync(`${PKG}index.js`).size + statSync(`${PKG}emis_wasm.js`).size, gz: gzipSync(readFileSync(`${PKG}index.js`)).length + gzipSync(readFileSync(`${PKG}emis_wasm.js`)).length },
  'validation-only (`emis-wasm/validate`): .wasm after wasm-opt': size(`${PKG}validate/emis_wasm_bg.wasm`),
  'validation-only: .wasm as wasm-bindgen wrote it': size(`${ROOT}target/pkg/web-validate/emis_wasm_bg.wasm`),
};

// Node: init (require) time in a fresh process, then the workload.
const initNode = [0, 1, 2].map(() =>
  Number(execFileSync(process.execPath, ['-e', `const t=performance.now();require(${JSON.stringify(`${PKG}node.cjs`)});console.log(performance.now()-t)`], { encoding: 'utf8' })),
).sort((a, b) => a - b)[1];
const emisNode = require(`${PKG}node.cjs`);
const node = run(emisNode, () => performance.now(), N);

// Chromium: the page of examples/web (import map to the package), cross-origin isolated so
// performance.now() is fine-grained; init() timed in a fresh page, then the workload.
const { chromium } = require('playwright-core');
const { serve } = await import('../../examples/web/serve.mjs');
const { server, url } = await serve({ port: 0, isolated: true });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const version = browser.version();
const page = await browser.newPage();
await page.goto(`${url}/bench.html`);
const workload = readFileSync(new URL('./workload.mjs', import.meta.url), 'utf8');
const web = await page.evaluate(
  async ({ src, n }) => {
    const t0 = performance.now();
    const emis = await import('emis-wasm');
    await emis.default();
    const initMs = performance.now() - t0;
    const { run } = await import(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
    return { initMs, isolated: self.crossOriginIsolated, ...run(emis, () => performance.now(), n) };
  },
  { src: workload, n: N },
);
await browser.close();
server.close();

const f1 = (x) => x.toFixed(1);
const kb = (b) => `${(b / 1024).toFixed(0)} KB`;
const cpu = cpus()[0]?.model ?? '?';
console.log(`## The browser package (emis-wasm) in node and in Chromium

- Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on \`${cpu}\`, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}; ${version} headless (Debian), cross-origin isolated: ${web.isolated}.
- \`node js-tests/bench/web.mjs ${N}\`: one workload (\`js-tests/bench/workload.mjs\`) run unchanged in both; ${N.toLocaleString('en')} synthetic NIKs (6 % malformed, some unknown or retired regions); best of 3 passes after a warm-up.
- Plain JS = a regex + calendar check by hand (no region table: it accepts unknown regions, so it finds more "valid" NIKs).
- Keystroke: 500 NIKs typed digit by digit (8,000 keystrokes): \`checkNikPrefix\` of the value so far, plus \`validateField('nik', …, record)\` at 16 digits; timed per group of 10 keystrokes, so the p99 is of group means (it hides a single slow keystroke).
- init: node = \`require()\` of the package in a fresh process (median of 3: reads and compiles the wasm); Chromium = \`import()\` + \`await init()\` in a fresh page (fetch + streaming compile of the full .wasm from 127.0.0.1).

| measure | node | Chromium |
|---|---:|---:|
| \`checkNiks\` ns/NIK (${N.toLocaleString('en')}) | ${f1(node.checkNiksNsPerNik)} | ${f1(web.checkNiksNsPerNik)} |
| plain-JS regex + date ns/NIK | ${f1(node.plainJsNsPerNik)} | ${f1(web.plainJsNsPerNik)} |
| valid found: emis / plain JS | ${node.checkNiksValid.toLocaleString('en')} / ${node.plainJsValid.toLocaleString('en')} | ${web.checkNiksValid.toLocaleString('en')} / ${web.plainJsValid.toLocaleString('en')} |
| \`validateSantri\` 10,000 rows, ms | ${f1(node.validateSantri10kMs)} | ${f1(web.validateSantri10kMs)} |
| keystroke median / p99, µs | ${f1(node.keystrokeMedianUs)} / ${f1(node.keystrokeP99Us)} | ${f1(web.keystrokeMedianUs)} / ${f1(web.keystrokeP99Us)} |
| init, ms | ${f1(initNode)} | ${f1(web.initMs)} |
| \`checkNiks\` equals \`checkNik().valid\` (first 20,000) | ${node.batchAgreesWithCheckNik} | ${web.batchAgreesWithCheckNik} |

| entry | raw | gzip -9 |
|---|---:|---:|
${Object.entries(sizes).map(([k, v]) => `| ${k} | ${kb(v.raw)} | ${kb(v.gz)} |`).join('\n')}
`);
