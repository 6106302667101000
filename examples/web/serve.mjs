#!/usr/bin/env node
// A small static server for the demo page, on 127.0.0.1 only: `/` is this folder,
// `/pkg/emis-wasm/` the built package (target/pkg/emis-wasm, or EMIS_WASM_PKG). Serves .wasm
// as application/wasm, which WebAssembly.instantiateStreaming needs.
//
//   node examples/web/serve.mjs [port]        (default 5173; 0 = any free port)
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.d.ts': 'text/plain; charset=utf-8',
};

/** Starts the server; resolves to `{ server, url }`. `isolated` sends COOP/COEP, so a page is
 *  cross-origin isolated (fine-grained performance.now(), for the benchmark). */
export function serve({ port = 0, isolated = false, pkg = process.env.EMIS_WASM_PKG ?? join(here, '..', '..', 'target', 'pkg', 'emis-wasm') } = {}) {
  const mounts = [
    ['/pkg/emis-wasm/', resolve(pkg)],
    ['/', resolve(here)],
  ];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const [prefix, dir] = mounts.find(([p]) => path.startsWith(p));
    const rel = path.slice(prefix.length) || 'index.html';
    const file = normalize(join(dir, rel));
    if (file !== dir && !file.startsWith(dir + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
      if (isolated) Object.assign(headers, { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' });
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((ok) => server.listen(port, '127.0.0.1', () => ok({ server, url: `http://127.0.0.1:${server.address().port}` })));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await serve({ port: Number(process.argv[2] ?? 5173) });
  console.log(`demo: ${url}/  (start the simulator with: emis-sim serve --cors-origin ${url})`);
}
