// Types of `govshare/catalog`: the catalog-only module (catalog loading,
// search, item queries, several catalogs, snapshots, deltas). The whole SDK
// is the package's main entry, `govshare`.
export * from './wasm/govshare_catalog.js';
export type { GovshareError, CatalogSource, LoadCatalogOptions } from '../index.js';
export { isGovshareError } from '../index.js';

import type { Catalog } from './wasm/govshare_catalog.js';
import type { CatalogSource, LoadCatalogOptions } from '../index.js';

/**
 * Loads a catalog (JSON document or binary snapshot) from bytes, a string, a
 * `fetch` Response or any stream of chunks, in bounded memory.
 */
export function loadCatalog(source: CatalogSource, options?: LoadCatalogOptions): Promise<Catalog>;

/** Browser only: loads and indexes a catalog in a module Web Worker. */
export function loadCatalogInWorker(
  source: string | Uint8Array | ReadableStream<Uint8Array>,
  options?: LoadCatalogOptions & { workerUrl?: string | URL },
): Promise<Catalog>;
