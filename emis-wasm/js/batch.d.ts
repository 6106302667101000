/**
 * Validity of many NIKs at once: `true` where `checkNik(v).valid` would be `true`.
 * Items that are not strings (numbers, `null`, `undefined`, objects) give `false`, never a throw.
 * Throws `EmisInputError` (`input.bukan_array`) if `values` is not an array.
 */
export declare function checkNiks(values: readonly unknown[]): boolean[];

/**
 * Validity of many identifiers of one kind: `true` where `check(kind, v).valid` would be `true`.
 * Items that are not strings give `false`. Throws `EmisInputError` for an unknown kind
 * (`input.jenis_tidak_dikenal`) or if `values` is not an array (`input.bukan_array`).
 */
export declare function checkMany(kind: IdKindName, values: readonly unknown[]): boolean[];

/**
 * Reads an operator's spreadsheet (XLSX, XLS, XLSB, ODS or CSV; the format is found from the
 * content) with the core's reader and validates the rows as santri, in the page: nothing is
 * sent anywhere. Rejects with `EmisFileError` for a file that cannot be read at all, an
 * `AbortError` when `signal` is aborted.
 */
export declare function validateFile(
  input: Blob | ArrayBuffer | ArrayBufferView | string,
  options?: ValidateFileOptions,
): Promise<FileValidation>;

/**
 * `validateFile` in a module Worker (the package's browser entry): the page never blocks, and
 * `signal.abort()` terminates the worker at once. Same result and errors. In node (and in the
 * older target/pkg/{nodejs,web} builds) it is `validateFile` in the calling thread, or absent.
 */
export declare function validateFileInWorker(
  input: Blob | ArrayBuffer | ArrayBufferView | string,
  options?: ValidateFileOptions,
): Promise<FileValidation>;

/** Where a page keeps `SyncEngine.state()` between visits: IndexedDB in a browser (one object
 *  store keyed by statistic number), a Map in memory in node. */
export interface SyncStateStore {
  load(statisticNum: string): Promise<SyncState | undefined>;
  save(statisticNum: string, state: SyncState): Promise<void>;
  clear(statisticNum: string): Promise<void>;
  close(): Promise<void>;
}
/** Opens (or creates) the store; `dbName` defaults to `"emis-wasm"`. */
export declare function openSyncStateStore(dbName?: string): SyncStateStore;
