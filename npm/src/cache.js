// A block cache in IndexedDB for `openLazyIndex` (browsers). Glue only: keys
// name a section's signed root and a block number, and every cached block is
// verified again by the core when it is added.

/** A `{ get, put }` cache of verified index blocks in the IndexedDB database `name`. */
export function indexedDbCache(name = 'govshare-index-blocks') {
  let db;
  const open = () =>
    (db ??= new Promise((resolve, reject) => {
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore('blocks');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    }));
  const run = async (mode, use) => {
    const store = (await open()).transaction('blocks', mode).objectStore('blocks');
    return new Promise((resolve, reject) => {
      const request = use(store);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  };
  return {
    get: (key) => run('readonly', (s) => s.get(key)).then((v) => (v ? new Uint8Array(v) : undefined)),
    put: (key, bytes) => run('readwrite', (s) => s.put(bytes, key)),
  };
}
