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
    const open = typeof source === 'function' ? source : byUrl(gs, source, get ?? globalThis.fetch);
    const { manifest, signature } = await readManifest(open);
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

function byUrl(gs, base, get) {
  const root = new URL(String(base).endsWith('/') ? String(base) : `${base}/`, globalThis.location?.href);
  return async (name) => {
    const response = await request(gs, name, () => get(new URL(name, root)));
    if (!response.ok) throw gs.fetchError(name, `HTTP ${response.status}`);
    return body(gs, name, response);
  };
}

/** `fetch_failed` for `what`, with the error underneath as its `cause`. Shared with worker.js. */
export function fetchFailed(gs, what, detail, cause) {
  const e = gs.fetchError(what, detail);
  if (cause !== undefined) e.cause = cause;
  return e;
}

/** The response of `send()`; a rejection (no response: network, CORS, abort) becomes `fetch_failed`. Shared with worker.js. */
export async function request(gs, what, send) {
  try {
    return await send();
  } catch (e) {
    throw fetchFailed(gs, what, 'no response', e);
  }
}

/** A response's body as chunks; a body that breaks off becomes `fetch_failed`. */
async function* body(gs, what, response) {
  try {
    yield* chunks(response, 'fetch');
  } catch (e) {
    throw fetchFailed(gs, what, 'the response broke off', e);
  }
}

const MANIFEST_LIMIT = 64 * 1024;

/** The manifest's exact bytes and its signature's text, by capped reads (the module refuses an oversized manifest: limit_exceeded). */
async function readManifest(open) {
  const manifest = await readAll(await open('manifest.json'), MANIFEST_LIMIT);
  const signature = new TextDecoder().decode(await readAll(await open('manifest.sig'), MANIFEST_LIMIT));
  return { manifest, signature };
}

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

/** Rounds of fetching one search may take before it is given up (it needs about six from cold). */
const MAX_ROUNDS = 32;

/**
 * Opens a published catalog index for lazy search: fetches the manifest,
 * its signature (checked with the pinned key) and the five block lists, and
 * nothing else. Each `search` then fetches only the byte ranges the core
 * asks for (HTTP range requests against a URL), hands them to the core,
 * which checks every block against its digest before reading it, and asks
 * again until it answers: the same result as the eagerly loaded index.
 * `source` is the index's base URL or a function `(file, start?, end?)`
 * returning the file's bytes `start..end` (the whole file without them).
 * `cache` (optional) keeps fetched blocks by the section's signed root and
 * block number (e.g. `indexedDbCache()` in a browser); cached bytes are
 * verified again when added, so a tampered cache is refused, not trusted.
 * `maxHeldBytes` (optional) bounds the module memory the fetched blocks take
 * between searches (the least recently read are dropped, and fetched again
 * — or taken from the cache — when needed).
 */
export function makeOpenLazyIndex(gs) {
  return async function openLazyIndex(source, { platformKey, expect, fetch: get, cache, maxHeldBytes } = {}) {
    const read = typeof source === 'function' ? source : rangesByUrl(gs, source, get ?? globalThis.fetch);
    const { manifest, signature } = await readManifest(read);
    const index = new gs.LazyIndex(manifest, signature, platformKey, expect);
    try {
      if (maxHeldBytes) index.setMaxHeldBytes(maxHeldBytes);
      for (const section of index.manifest.sections) {
        index.addBlockList(section.name, await readAll(await read(section.block_file), 32 * section.blocks));
      }
    } catch (e) {
      index.free();
      throw e;
    }
    return new LazyCatalog(gs, index, read, cache);
  };
}

class LazyCatalog {
  #gs;
  #index;
  #read;
  #cache;
  #sections;
  #fetched = { bytes: 0, ranges: 0 };

  constructor(gs, index, read, cache) {
    this.#gs = gs;
    this.#index = index;
    this.#read = read;
    this.#cache = cache;
    this.manifest = index.manifest;
    this.#sections = new Map(this.manifest.sections.map((s) => [s.name, s]));
  }

  /** Searches, fetching what the search needs first; see `Catalog.search`. */
  async search(query) {
    for (let round = 0; ; round++) {
      const step = this.#index.search(query);
      if (step.result) return step.result;
      if (round >= MAX_ROUNDS) throw this.#gs.fetchError('the ranges a search needs', `no answer after ${MAX_ROUNDS} rounds`);
      await Promise.all(step.need.map((range) => this.#fetch(range)));
    }
  }

  /** The resource with `code` (as `Catalog.resource`), or undefined; fetches what it needs first. */
  async resource(code) {
    // A code not on a recent page is found by binary search over the code
    // order: a few rounds per halving.
    for (let round = 0; ; round++) {
      const step = this.#index.resource(code);
      if (step.ready) return step.resource ?? undefined;
      if (round >= 4 * MAX_ROUNDS) throw this.#gs.fetchError('the ranges a resource needs', `no answer after ${4 * MAX_ROUNDS} rounds`);
      await Promise.all(step.need.map((range) => this.#fetch(range)));
    }
  }

  /** Blocks and bytes held, the index's size, and what was fetched over the network. */
  stats() {
    return { ...this.#index.stats(), bytes_fetched: this.#fetched.bytes, ranges_fetched: this.#fetched.ranges };
  }

  /** Releases the module memory the index holds. */
  free() {
    this.#index.free();
  }

  async #fetch({ section, file, start, end }) {
    const size = this.manifest.block_size;
    const root = this.#sections.get(section)?.root;
    const key = (at) => `${root}/${at / size}`;
    if (this.#cache) {
      const cached = [];
      for (let at = start; at < end; at += size) cached.push(await this.#cache.get(key(at)));
      if (cached.every(Boolean)) {
        try {
          cached.forEach((bytes, i) => this.#index.addRange(section, start + i * size, bytes));
          return;
        } catch {
          // A cached block that no longer verifies: fetched again below.
        }
      }
    }
    const bytes = (await readAll(await this.#read(file, start, end), end - start)).subarray(0, end - start);
    this.#fetched.bytes += bytes.length;
    this.#fetched.ranges += 1;
    this.#index.addRange(section, start, bytes);
    if (this.#cache) {
      for (let at = 0; at < bytes.length; at += size) {
        await this.#cache.put(key(start + at), bytes.slice(at, at + size));
      }
    }
  }
}

function rangesByUrl(gs, base, get) {
  const whole = byUrl(gs, base, get);
  const root = new URL(String(base).endsWith('/') ? String(base) : `${base}/`, globalThis.location?.href);
  return async (name, start, end) => {
    if (start === undefined) return whole(name);
    const what = `${name} bytes ${start}-${end - 1}`;
    const response = await request(gs, what, () => get(new URL(name, root), { headers: { Range: `bytes=${start}-${end - 1}` } }));
    // 206 is a range; a 200 is the whole file, usable only when that is what was asked.
    if (response.status !== 206 && !(response.status === 200 && start === 0)) {
      throw gs.fetchError(what, response.ok ? `HTTP ${response.status}: the server sent the whole file, not the range` : `HTTP ${response.status}`);
    }
    return body(gs, what, response);
  };
}
