/** `init()`/`initSync()` misuse: `init.belum_dipanggil` (a call before init finished),
 *  `init.gagal` (the wasm could not be loaded; see `cause`), `init.argumen_salah`. */
export declare class EmisInitError extends Error {
  readonly name: 'EmisInitError';
  readonly code: 'init.belum_dipanggil' | 'init.gagal' | 'init.argumen_salah';
}

/** A method called on an object after its `free()`: `code` is `objek.sudah_dibebaskan`. */
export declare class EmisFreedError extends Error {
  readonly name: 'EmisFreedError';
  readonly code: 'objek.sudah_dibebaskan';
}
