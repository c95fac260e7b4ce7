// Types of `govshare/catalog`: the catalog-only module (published indexes and
// snapshots, eager or lazy search, item queries, several catalogs). Indexing
// a JSON document, lint, deltas, snapshots and publishing are in the whole
// SDK, `govshare`.
export * from './wasm/govshare_catalog.js';
export type {
  GovshareError, CatalogSource, LoadCatalogOptions, IndexFiles, LoadPublishedIndexOptions, IndexRanges, BlockCache,
  OpenLazyIndexOptions, LazyCatalog,
} from '../index.js';
export { isGovshareError, openLazyIndex, indexedDbCache } from '../index.js';

import type { Catalog } from './wasm/govshare_catalog.js';
import type { CatalogSource, IndexFiles, LoadCatalogOptions, LoadPublishedIndexOptions } from '../index.js';

/**
 * Loads a binary snapshot from bytes, a `fetch` Response or any stream of
 * chunks, decoded into place (a JSON document is refused: index it with the
 * whole SDK, or load the index the platform publishes).
 */
export function loadCatalog(source: CatalogSource, options?: LoadCatalogOptions): Promise<Catalog>;

/** Loads a published catalog index, verified against the pinned platform key (see `govshare`). */
export function loadPublishedIndex(files: IndexFiles, options: LoadPublishedIndexOptions): Promise<Catalog>;

/** Browser only: loads and indexes a catalog in a module Web Worker. */
export function loadCatalogInWorker(
  source: string | Uint8Array | ReadableStream<Uint8Array>,
  options?: LoadCatalogOptions & { workerUrl?: string | URL },
): Promise<Catalog>;
