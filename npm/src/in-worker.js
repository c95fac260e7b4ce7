// Main-thread side of worker.js: index in a Web Worker, load the snapshot here.
let nextId = 0;

/** `loadCatalog`: the page's own (full or catalog-only), which loads the resulting snapshot. */
export function makeLoadCatalogInWorker(loadCatalog) {
  /**
   * Loads a catalog in a module Web Worker so the page stays responsive.
   * `source` is a URL string, a Uint8Array (transferred) or a ReadableStream (transferred).
   */
  return function loadCatalogInWorker(source, { onProgress, workerUrl } = {}) {
    const url = new URL('./worker.js', import.meta.url);
    const worker = new Worker(workerUrl ?? url, { type: 'module' });
    const id = nextId++;
    return new Promise((resolve, reject) => {
      worker.onmessage = (event) => {
        const m = event.data;
        if (m.id !== id) return;
        if (m.progress) { onProgress?.(m.progress); return; }
        worker.terminate();
        if (m.error) {
          const err = new Error(m.error.message);
          err.name = m.error.name ?? 'Error';
          if (m.error.code) err.code = m.error.code;
          if (m.error.kind) err.kind = m.error.kind;
          if (m.error.messageZh) err.messageZh = m.error.messageZh;
          reject(err);
        } else {
          // Decoded into place piece by piece: the module never holds the snapshot bytes too.
          loadCatalog(m.snapshot).then(resolve, reject);
        }
      };
      worker.onerror = (e) => { worker.terminate(); reject(e.error ?? new Error(e.message)); };
      const transfer = source instanceof Uint8Array ? [source.buffer] : (source && typeof source.getReader === 'function' ? [source] : []);
      worker.postMessage({ id, source }, transfer);
    });
  };
}
