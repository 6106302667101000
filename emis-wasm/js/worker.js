// The module Worker behind `validateFileInWorker` (browser entry): loads the package in the
// worker, reads and validates one file, posts progress and the result. Shipped as worker.js.
import init, { validateFile } from './index.js';

const ready = init();
self.onmessage = async ({ data }) => {
  try {
    await ready;
    const result = await validateFile(data.input, { ...data.options, onProgress: (p) => self.postMessage({ progress: p }) });
    self.postMessage({ result });
  } catch (e) {
    self.postMessage({ error: { name: e.name, code: e.code, message: e.message } });
  }
};
