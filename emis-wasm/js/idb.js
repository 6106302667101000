// `openSyncStateStore(dbName?)`: where a page keeps `SyncEngine.state()` between visits, in
// IndexedDB (one object store, keyed by statistic number). Browser entry; node gets the same
// API over a Map in memory.
export function openSyncStateStore(dbName = 'emis-wasm') {
  const STORE = 'sync-state';
  const db = new Promise((resolve, reject) => {
    const req = indexedDB.open(dbName, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const run = (mode, f) =>
    db.then(
      (d) =>
        new Promise((resolve, reject) => {
          const tx = d.transaction(STORE, mode);
          const req = f(tx.objectStore(STORE));
          tx.oncomplete = () => resolve(req.result);
          tx.onerror = () => reject(tx.error);
          tx.onabort = () => reject(tx.error);
        }),
    );
  return {
    /** The state saved for this statistic number, or `undefined`. */
    load: (statisticNum) => run('readonly', (s) => s.get(String(statisticNum))),
    /** Saves `state` (what `SyncEngine.state()` returned) for this statistic number. */
    save: (statisticNum, state) => run('readwrite', (s) => s.put(state, String(statisticNum))).then(() => undefined),
    /** Forgets the state of this statistic number. */
    clear: (statisticNum) => run('readwrite', (s) => s.delete(String(statisticNum))).then(() => undefined),
    /** Closes the database. */
    close: () => db.then((d) => d.close()),
  };
}
