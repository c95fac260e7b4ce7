// Types of the govshare package: the generated bindings plus the error shape.
export * from './wasm/govshare_wasm.js';

/** What every govshare function throws: a JS `Error` with a stable code. */
export interface GovshareError extends Error {
  name: 'GovshareError';
  /** Stable machine code, e.g. `malformed_json`, `delta_base_mismatch`. */
  code: string;
  /** What sort of failure: fix the input, the state forbids it, a verification failed… */
  kind: 'input' | 'state' | 'verdict' | 'limit' | 'platform' | 'internal';
  /** The message in Chinese (zh-CN); `message` is English. */
  messageZh: string;
  /** JSON path of the offending field, when known (e.g. `$.resources[3].grade`). */
  path?: string;
  line?: number;
  column?: number;
}

/** Narrows an unknown thrown value to a {@link GovshareError}. */
export function isGovshareError(e: unknown): e is GovshareError;

import type {
  Catalog, IndexExpectation, IndexManifest, LazyIndexStats, LoadProgress, Resource, SearchQuery, SearchResult,
} from './wasm/govshare_wasm.js';

/** What {@link loadCatalog} reads: JSON or snapshot bytes, whole or streamed. */
export type CatalogSource =
  | string
  | Uint8Array
  | ArrayBuffer
  | Response
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>
  | Iterable<Uint8Array>;

export interface LoadCatalogOptions {
  /** Called after each chunk with bytes read and resources loaded. */
  onProgress?: (progress: LoadProgress) => void;
}

/**
 * Loads a catalog (JSON document or binary snapshot) from bytes, a string, a
 * `fetch` Response or any stream of chunks, in bounded memory.
 */
export function loadCatalog(source: CatalogSource, options?: LoadCatalogOptions): Promise<Catalog>;

/** Where {@link loadPublishedIndex} reads the index's files: its base URL, or a function from a file name to a source. */
export type IndexFiles = string | URL | ((file: string) => CatalogSource | Promise<CatalogSource>);

export interface LoadPublishedIndexOptions {
  /** The platform's public key the portal pins: an Ed25519 or SM2 public JWK (JSON text). */
  platformKey: string;
  /** The catalog id asked for, and the version already held (an older index is refused). */
  expect?: IndexExpectation;
  /** Called after each chunk with the bytes pushed and the bytes of all sections. */
  onProgress?: (progress: { bytes_read: number; total_bytes: number }) => void;
  /** The fetch to use with a URL (default: the global one). */
  fetch?: typeof fetch;
}

/**
 * Loads a published catalog index (`govshare catalog publish`): checks the
 * platform's signature over `manifest.json` with the pinned key, then streams
 * every section, checking each block's digest. Rejects with a GovshareError
 * (`signature_invalid`, `index_section_mismatch`, `index_catalog_mismatch`,
 * `index_manifest_invalid`…) and nothing loaded when anything does not match,
 * and with `fetch_failed` (kind `platform`; the underlying error as `cause`)
 * when a file cannot be fetched: an HTTP error status, no response, a body
 * that breaks off.
 */
export function loadPublishedIndex(files: IndexFiles, options: LoadPublishedIndexOptions): Promise<Catalog>;

/**
 * Where {@link openLazyIndex} reads the index: its base URL (ranges by HTTP
 * `Range` requests), or a function returning bytes `start..end` (end
 * exclusive) of a file, the whole file when they are absent.
 */
export type IndexRanges =
  | string
  | URL
  | ((file: string, start?: number, end?: number) => CatalogSource | Promise<CatalogSource>);

/** A store of verified index blocks, by key (e.g. {@link indexedDbCache}). Cached bytes are verified again when used. */
export interface BlockCache {
  get(key: string): Promise<Uint8Array | undefined> | Uint8Array | undefined;
  put(key: string, bytes: Uint8Array): Promise<unknown> | unknown;
}

export interface OpenLazyIndexOptions {
  /** The platform's public key the portal pins: an Ed25519 or SM2 public JWK (JSON text). */
  platformKey: string;
  /** The catalog id asked for, and the version already held (an older index is refused). */
  expect?: IndexExpectation;
  /** The fetch to use with a URL (default: the global one). */
  fetch?: typeof fetch;
  /** Keeps fetched blocks across searches and page loads. */
  cache?: BlockCache;
  /** Bounds the module memory fetched blocks take between searches (least recently read dropped first). */
  maxHeldBytes?: number;
}

/** A published index searched lazily (see {@link openLazyIndex}). */
export interface LazyCatalog {
  /** The verified manifest. */
  readonly manifest: IndexManifest;
  /** The same result as `Catalog.search` on the eagerly loaded index; fetches what it needs first. */
  search(query: SearchQuery): Promise<SearchResult>;
  /** The resource with `code` (as `Catalog.resource`), or undefined; fetches what it needs first. */
  resource(code: string): Promise<Resource | undefined>;
  /** Blocks and bytes held, the whole index's bytes, and what was fetched. */
  stats(): LazyIndexStats & { bytes_fetched: number; ranges_fetched: number };
  /** Releases the module memory it holds. */
  free(): void;
}

/**
 * Opens a published catalog index for lazy search: only the manifest (its
 * signature checked with the pinned key) and the block lists are fetched
 * now; each search then fetches the blocks it needs, each verified against
 * its digest before it is read. Rejects with a GovshareError
 * (`signature_invalid`, `index_section_mismatch`, `index_catalog_mismatch`,
 * `index_manifest_invalid`…) when anything does not match, and with
 * `fetch_failed` (kind `platform`; the underlying error as `cause`) when a
 * range cannot be fetched: an HTTP error status, no response, a body that
 * breaks off, a server answering a range with the whole file (HTTP 200).
 * A reader function of your own may throw `fetchError(what, detail)` to
 * report its failures the same way.
 */
export function openLazyIndex(files: IndexRanges, options: OpenLazyIndexOptions): Promise<LazyCatalog>;

/** Browser only: a {@link BlockCache} in the IndexedDB database `name`. */
export function indexedDbCache(name?: string): BlockCache;

/**
 * Browser only: loads and indexes a catalog in a module Web Worker, so the
 * page stays responsive, and loads the resulting snapshot on this thread.
 * `source` is a URL, bytes (transferred) or a ReadableStream (transferred).
 */
export function loadCatalogInWorker(
  source: string | Uint8Array | ReadableStream<Uint8Array>,
  options?: LoadCatalogOptions & { workerUrl?: string | URL },
): Promise<Catalog>;

import type {
  ApplyReport, DeidOptions, DeidReport, MaskManifest, MaskPolicy, ScanReport, StreamOptions, VerifyReport,
} from './wasm/govshare_wasm.js';

/** What the mask stream helpers read: whole data or a stream of chunks. */
export type MaskSource =
  | string
  | Uint8Array
  | ArrayBuffer
  | Response
  | Blob
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>
  | Iterable<Uint8Array | string>;

export interface MaskStreamOptions {
  /**
   * `json` (one array of records, default), `ndjson`, `csv`, or a workbook:
   * `xlsx`, `xls`, `ods` (read whole at the end, at most 64 MiB; the sheet
   * is `options.sheet`, else the first).
   */
  format?: 'json' | 'json_array' | 'ndjson' | 'jsonl' | 'csv' | 'xlsx' | 'xls' | 'ods';
  options?: StreamOptions;
  /** Called after each chunk with the bytes pushed so far. */
  onProgress?: (progress: { bytes: number }) => void;
}

/** Verifies streamed data against a policy (a `MaskPolicy` or its JSON) and optionally a manifest. */
export function verifyStream(
  source: MaskSource,
  policy: MaskPolicy | string,
  options?: MaskStreamOptions & { manifest?: MaskManifest | string | object },
): Promise<VerifyReport>;

/** Finds identifiers in streamed data. */
export function scanStream(source: MaskSource, options?: MaskStreamOptions): Promise<ScanReport>;

/**
 * The de-identification check over streamed data (a `File` from an
 * `<input type=file>`, a fetch `Response`, a Node file stream…): k-anonymity,
 * ℓ-diversity and unmasked direct identifiers (docs/masking.md §9). Take the
 * options from a policy with `policy.deidOptions()`.
 */
export function deidStream(
  source: MaskSource,
  deidOptions: DeidOptions,
  options?: { format?: MaskStreamOptions['format']; onProgress?: (progress: { bytes: number }) => void },
): Promise<DeidReport>;

/** Masks streamed data; `write` receives each masked chunk (awaited). */
export function applyStream(
  source: MaskSource,
  policy: MaskPolicy | string,
  options: MaskStreamOptions & { hashKey?: Uint8Array; write: (chunk: Uint8Array) => void | Promise<void> },
): Promise<{ report: ApplyReport; manifest: MaskManifest }>;
