// `validateFileInWorker(input, options?)`: `validateFile` in a module Worker (worker.js), so a
// large workbook never blocks the page; `signal.abort()` terminates the worker at once, even
// in the middle of the core's read. Browser entry only (emis-wasm/package.mjs appends this).
export function validateFileInWorker(input, options = {}) {
  const { onProgress, signal, ...rest } = options;
  return new Promise((resolve, reject) => {
    const cancelled = () => {
      const e = new Error('validateFile dibatalkan / validateFile was cancelled');
      e.name = 'AbortError';
      e.code = 'dibatalkan';
      return e;
    };
    if (signal && signal.aborted) return reject(cancelled());
    const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    const finish = () => {
      worker.terminate();
      if (signal) signal.removeEventListener('abort', abort);
    };
    const abort = () => {
      finish();
      reject(cancelled());
    };
    if (signal) signal.addEventListener('abort', abort, { once: true });
    worker.onmessage = ({ data }) => {
      if (data.progress) {
        if (typeof onProgress === 'function') onProgress(data.progress);
        return;
      }
      finish();
      if (data.error) {
        const e = new Error(data.error.message);
        e.name = data.error.name;
        e.code = data.error.code;
        reject(e);
      } else {
        resolve(data.result);
      }
    };
    worker.onerror = (ev) => {
      finish();
      const why = ev.message || 'worker.js tidak dapat dimuat (tidak disajikan, atau CSP worker-src) / worker.js could not be loaded (not served, or a CSP worker-src)';
      const e = new Error(`worker emis-wasm gagal / the emis-wasm worker failed: ${why}`);
      e.name = 'EmisInitError';
      e.code = 'init.gagal';
      reject(e);
    };
    worker.postMessage({ input, options: rest });
  });
}
