// Streaming catalog loading, shared by the Node and browser entries. Glue only:
// it moves chunks from a JS source into the core's CatalogLoader.

import { chunks } from './stream.js';

/**
 * Loads a catalog from a Response, a ReadableStream, an async iterable of
 * Uint8Array chunks (e.g. a Node file stream), a Uint8Array or a string.
 * Large catalogs never become one JS string (V8 caps strings near 512 MiB).
 */
export function makeLoadCatalog(gs) {
  return async function loadCatalog(source, { onProgress } = {}) {
    if (typeof source === 'string' || source instanceof Uint8Array || source instanceof ArrayBuffer) {
      const bytes = typeof source === 'string' ? source : new Uint8Array(source);
      if (typeof bytes !== 'string' && gs.Catalog.isSnapshot(bytes)) return gs.Catalog.fromSnapshot(bytes);
      return gs.Catalog.fromJson(bytes);
    }
    const loader = new gs.CatalogLoader();
    let snapshot = null; // collected instead when the stream turns out to be a snapshot
    let first = true;
    try {
      for await (const piece of chunks(source, 'loadCatalog')) {
        const chunk = typeof piece === 'string' ? new TextEncoder().encode(piece) : piece;
        if (first) {
          first = false;
          if (gs.Catalog.isSnapshot(chunk)) snapshot = [];
        }
        if (snapshot) { snapshot.push(chunk); continue; }
        const progress = loader.push(chunk);
        if (onProgress) onProgress(progress);
      }
    } catch (e) {
      loader.free();
      throw e;
    }
    if (snapshot) {
      loader.free();
      return gs.Catalog.fromSnapshot(concat(snapshot));
    }
    return loader.finish();
  };
}

function concat(parts) {
  const total = parts.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of parts) { out.set(c, at); at += c.length; }
  return out;
}
