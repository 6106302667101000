// Batch validity checks: `checkNiks(values)` and `checkMany(kind, values)`.
//
// One wasm call per value would cost more than the check itself, so values are packed: each
// chunk of up to CHUNK_ITEMS strings is concatenated, encoded to UTF-8 once, and sent with
// the UTF-16 length of every value (NOT_STRING for a value that is not a string, which is
// simply `false`). Rust splits the bytes by those lengths and runs the core's fast validity
// test (on the host's today for the NIP, whose date rules depend on the day), so a batch
// result always equals `check*(v).valid` for the same string. Small chunks keep the data in
// cache (4096 measured fastest) and bound the size of the joined string.
//
// This file is the shared body of `index.js` in target/pkg/{nodejs,web}; emis-wasm/package.mjs
// wraps it in a CommonJS or an ES module header. It must only define `batchFunctions`.

function batchFunctions(wasm) {
  const NOT_STRING = 0xffffffff;
  const CHUNK_ITEMS = 4096;
  const CHUNK_CHARS = 1 << 22;
  const encoder = new TextEncoder();

  function checkMany(kind, values) {
    wasm.__batchArgs(kind, values); // throws EmisInputError for an unknown kind or a non-array
    const n = values.length;
    const out = new Array(n);
    let i = 0;
    while (i < n) {
      const start = i;
      const end = Math.min(n, start + CHUNK_ITEMS);
      const lens = new Uint32Array(end - start);
      let joined = '';
      let chars = 0;
      for (; i < end && chars < CHUNK_CHARS; i++) {
        const v = values[i];
        if (typeof v === 'string') {
          joined += v;
          lens[i - start] = v.length;
          chars += v.length;
        } else {
          lens[i - start] = NOT_STRING;
        }
      }
      const ok = wasm.__isValidPacked(kind, encoder.encode(joined), i === end ? lens : lens.subarray(0, i - start));
      for (let j = 0; j < ok.length; j++) out[start + j] = ok[j] === 1;
    }
    return out;
  }

  function checkNiks(values) {
    return checkMany('nik', values);
  }

  return { checkNiks, checkMany };
}
