// Streaming catalog loading, shared by the Node and browser entries. Glue only:
// it moves chunks from a JS source into the core's loaders (CatalogLoader for
// JSON, SnapshotLoader for snapshots, PublishedIndexLoader for a published
// index), which check everything.

import { chunks } from './stream.js';

/** Pieces pushed into the module at a time when the whole input is already in JS. */
const PIECE = 4 * 1024 * 1024;

function* pieces(bytes) {
  for (let at = 0; at < bytes.length; at += PIECE) yield bytes.subarray(at, at + PIECE);
}

/**
 * Loads a catalog from a Response, a ReadableStream, an async iterable of
 * Uint8Array chunks (e.g. a Node file stream), a Uint8Array or a string.
 * Large catalogs never become one JS string (V8 caps strings near 512 MiB),
 * and a snapshot is decoded into place chunk by chunk (the module's memory,
 * which cannot shrink, never holds the snapshot bytes as well). A JSON
 * document needs the full SDK: the catalog-only module reads snapshots and
 * published indexes, and refuses JSON with `snapshot_invalid`.
 */
export function makeLoadCatalog(gs) {
  const readsJson = typeof gs.CatalogLoader === 'function';
  return async function loadCatalog(source, { onProgress } = {}) {
    if (typeof source === 'string' && readsJson) return gs.Catalog.fromJson(source);
    if (typeof source === 'string') source = new TextEncoder().encode(source);
    if (source instanceof ArrayBuffer) source = new Uint8Array(source);
    let total = 0; // known only for whole bytes
    if (source instanceof Uint8Array) {
      if (readsJson && !gs.Catalog.isSnapshot(source)) return gs.Catalog.fromJson(source);
      total = source.length;
      source = pieces(source);
    }
    let loader = null; // decided by the first chunk
    let read = 0;
    try {
      for await (const piece of chunks(source, 'loadCatalog')) {
        const chunk = typeof piece === 'string' ? new TextEncoder().encode(piece) : piece;
        if (!loader) {
          loader = readsJson && !gs.Catalog.isSnapshot(chunk) ? new gs.CatalogLoader() : new gs.SnapshotLoader();
        }
        const progress = loader.push(chunk);
        read += chunk.length;
        if (onProgress) onProgress(progress ?? { bytes_read: read, total_bytes: total, resources_loaded: 0 });
      }
    } catch (e) {
      loader?.free();
      throw e;
    }
    return (loader ?? new gs.SnapshotLoader()).finish();
  };
}

/**
 * Loads a published catalog index (`govshare catalog publish`): fetches
 * `manifest.json` and `manifest.sig`, checks the platform's signature with
 * the pinned key, then each section's block list, then streams each section
 * file into the module, where every block is checked against its digest
 * before its arrays are decoded into place. `source` is the
 * index's base URL (fetched with `fetch`), or a function from a file name to
 * anything `loadCatalog` reads (e.g. a Node file stream).
 */
export function makeLoadPublishedIndex(gs) {
  return async function loadPublishedIndex(source, { platformKey, expect, onProgress, fetch: get } = {}) {
    const open = typeof source === 'function' ? source : byUrl(source, get ?? globalThis.fetch);
    // Capped reads: the module refuses an oversized manifest (limit_exceeded).
    const manifest = await readAll(await open('manifest.json'), MANIFEST_LIMIT);
    const signature = new TextDecoder().decode(await readAll(await open('manifest.sig'), MANIFEST_LIMIT));
    const loader = new gs.PublishedIndexLoader(manifest, signature, platformKey, expect);
    try {
      // The block lists first (32 bytes a block): every block is then checked
      // before the module decodes it.
      for (const section of loader.sections()) {
        loader.addBlockList(section.name, await readAll(await open(section.block_file), 32 * section.blocks));
      }
      for (const section of loader.sections()) {
        for await (const piece of chunks(await open(section.file), 'loadPublishedIndex')) {
          loader.push(typeof piece === 'string' ? new TextEncoder().encode(piece) : piece);
          if (onProgress) onProgress({ bytes_read: loader.bytesRead, total_bytes: loader.totalBytes });
        }
      }
    } catch (e) {
      loader.free();
      throw e;
    }
    return loader.finish();
  };
}

function byUrl(base, get) {
  const root = new URL(String(base).endsWith('/') ? String(base) : `${base}/`, globalThis.location?.href);
  return async (name) => {
    const response = await get(new URL(name, root));
    if (!response.ok) throw new Error(`fetching ${name}: HTTP ${response.status}`);
    return response;
  };
}

const MANIFEST_LIMIT = 64 * 1024;

async function readAll(source, limit) {
  const parts = [];
  let n = 0;
  for await (const piece of chunks(source, 'loadPublishedIndex')) {
    const bytes = typeof piece === 'string' ? new TextEncoder().encode(piece) : piece;
    parts.push(bytes);
    n += bytes.length;
    if (n > limit) break;
  }
  const out = new Uint8Array(parts.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of parts) { out.set(c, at); at += c.length; }
  return out;
}
