// Named errors for the two ways a page misuses a wasm package: calling before `init()` has
// finished (or after it failed), and calling a method of an object after `free()`.
// Without this layer both end in wasm-bindgen internals ("Cannot read properties of
// undefined (reading '__wbindgen_malloc')", "null pointer passed to rust").
//
// This file is the shared body of the single package's entries (index.js, node.cjs);
// emis-wasm/package.mjs wraps it in an ES module or a CommonJS header. It must only define
// `EmisInitError`, `EmisFreedError`, `guardApi` and `initArgument`.

class EmisInitError extends Error {
  constructor(code, messageId, messageEn, cause) {
    super(`${messageId} / ${messageEn}`, cause === undefined ? undefined : { cause });
    this.name = 'EmisInitError';
    this.code = code;
  }
}

class EmisFreedError extends Error {
  constructor(className, method) {
    super(
      `objek ${className} sudah dibebaskan (free()); buat objek baru / ` +
        `the ${className} was freed (free()); create a new one (called: ${method})`,
    );
    this.name = 'EmisFreedError';
    this.code = 'objek.sudah_dibebaskan';
  }
}

function notReady(name, failed) {
  return failed
    ? new EmisInitError(
        'init.gagal',
        `init() gagal, jadi ${name}() tidak dapat dipakai; lihat galat init() (cause)`,
        `init() failed, so ${name}() cannot be used; see the init() error (cause)`,
        failed,
      )
    : new EmisInitError(
        'init.belum_dipanggil',
        `panggil dan tunggu \`await init()\` sebelum ${name}()`,
        `call and await \`init()\` before ${name}()`,
      );
}

// What init()/initSync() accept: nothing, `{ module_or_path }` / `{ module }`, a URL or path
// string, a Request/Response (or a Promise of one), bytes, or a compiled WebAssembly.Module.
// Anything else (a number, a boolean, a plain object without the key) is refused here with a
// named error rather than failing deep inside fetch or WebAssembly.
function initArgument(arg, key) {
  if (arg === undefined || arg === null) return undefined;
  const t = typeof arg;
  if (t === 'string') return { [key]: arg };
  if (t === 'object' && Object.getPrototypeOf(arg) === Object.prototype) {
    if (!(key in arg)) {
      throw new EmisInitError(
        'init.argumen_salah',
        `argumen init tidak dikenal: pakai { ${key}: ... } atau kosongkan`,
        `unknown init argument: pass { ${key}: ... } or nothing`,
      );
    }
    return arg;
  }
  const ok =
    (typeof URL === 'function' && arg instanceof URL) ||
    (typeof Request === 'function' && arg instanceof Request) ||
    (typeof Response === 'function' && arg instanceof Response) ||
    arg instanceof WebAssembly.Module ||
    arg instanceof ArrayBuffer ||
    ArrayBuffer.isView(arg) ||
    (t === 'object' && typeof arg.then === 'function');
  if (!ok) {
    throw new EmisInitError(
      'init.argumen_salah',
      'argumen init harus URL, path, Response, bytes, WebAssembly.Module atau { module_or_path }',
      'the init argument must be a URL, a path, a Response, bytes, a WebAssembly.Module or { module_or_path }',
    );
  }
  return { [key]: arg };
}

// `raw`: the wasm-bindgen module (plus the batch functions). `state.ready` is true once the
// wasm instance exists, `state.failed` the error of a failed init. Returns the public API:
// every function checks `state` first (one property read per call); classes refuse to be
// constructed before init, and their methods refuse to run on a freed object.
function guardApi(raw, state) {
  const api = {};
  for (const [name, value] of Object.entries(raw)) {
    if (name.startsWith('__') || name === 'default' || name === 'initSync') continue;
    if (typeof value !== 'function') {
      api[name] = value;
    } else if (/^class\s/.test(Function.prototype.toString.call(value))) {
      api[name] = guardClass(name, value, state);
    } else {
      api[name] = {
        [name](...args) {
          if (!state.ready) throw notReady(name, state.failed);
          return value(...args);
        },
      }[name];
    }
  }
  return api;
}

function guardClass(name, Raw, state) {
  const proto = Raw.prototype;
  for (const key of Object.getOwnPropertyNames(proto)) {
    if (key === 'constructor' || key === 'free' || key === '__destroy_into_raw') continue;
    const d = Object.getOwnPropertyDescriptor(proto, key);
    const check = (self) => {
      if (self.__wbg_ptr === 0) throw new EmisFreedError(name, key);
    };
    if (typeof d.value === 'function') {
      const f = d.value;
      d.value = {
        [key](...args) {
          check(this);
          return f.apply(this, args);
        },
      }[key];
    } else if (d.get) {
      const g = d.get;
      d.get = function () {
        check(this);
        return g.call(this);
      };
    } else {
      continue;
    }
    Object.defineProperty(proto, key, d);
  }
  const Guarded = {
    [name]: class extends Raw {
      constructor(...args) {
        if (!state.ready) throw notReady(`new ${name}`, state.failed);
        super(...args);
      }
    },
  }[name];
  return Guarded;
}
