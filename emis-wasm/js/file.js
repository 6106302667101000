// `validateFile(input, options?)`: a File, Blob, ArrayBuffer, typed array or string, read in
// the page (never sent anywhere) and handed to the core's spreadsheet reader.
//
// A Blob is read in chunks of CHUNK bytes so `onProgress` can report the read and `signal`
// can stop it between chunks; the core then reads and validates the whole bytes in one call.
//
// This file is the shared body of the package entries (see emis-wasm/package.mjs). It must
// only define `fileFunctions`.

function fileFunctions(wasm) {
  const CHUNK = 1 << 20;

  function aborted(signal) {
    const e = new Error('validateFile dibatalkan / validateFile was cancelled');
    e.name = 'AbortError';
    e.code = 'dibatalkan';
    if (signal && signal.reason !== undefined) e.cause = signal.reason;
    return e;
  }

  async function bytesOf(input, progress, signal) {
    if (typeof input === 'string') return { bytes: new TextEncoder().encode(input), name: undefined };
    if (input instanceof ArrayBuffer) return { bytes: new Uint8Array(input), name: undefined };
    if (ArrayBuffer.isView(input)) return { bytes: new Uint8Array(input.buffer, input.byteOffset, input.byteLength), name: undefined };
    if (typeof Blob === 'function' && input instanceof Blob) {
      const total = input.size;
      const out = new Uint8Array(total);
      for (let at = 0; at < total; at += CHUNK) {
        if (signal && signal.aborted) throw aborted(signal);
        const part = new Uint8Array(await input.slice(at, Math.min(total, at + CHUNK)).arrayBuffer());
        out.set(part, at);
        progress('read', at + part.length, total);
      }
      return { bytes: out, name: typeof input.name === 'string' ? input.name : undefined };
    }
    const e = new TypeError(
      'validateFile menerima File, Blob, ArrayBuffer, Uint8Array atau string / validateFile takes a File, Blob, ArrayBuffer, Uint8Array or string',
    );
    e.name = 'EmisInputError';
    e.code = 'input.bukan_berkas';
    throw e;
  }

  async function validateFile(input, options) {
    const { onProgress, signal, ...rest } = options || {};
    const progress = (phase, loaded, total) => {
      if (typeof onProgress === 'function') onProgress({ phase, loaded, total });
    };
    if (signal && signal.aborted) throw aborted(signal);
    const { bytes, name } = await bytesOf(input, progress, signal);
    if (signal && signal.aborted) throw aborted(signal);
    progress('validate', bytes.length, bytes.length);
    const result = wasm.__validateFileBytes(bytes, name, rest);
    progress('done', bytes.length, bytes.length);
    return result;
  }

  return { validateFile };
}
