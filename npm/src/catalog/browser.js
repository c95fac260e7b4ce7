// `govshare/catalog`, browser / bundler entry: the catalog-only module (no
// signing, masking or crypto code), fetched and instantiated next to this file.
import init, * as wasm from './wasm/govshare_catalog.js';
import { makeLoadCatalog, makeLoadPublishedIndex, makeOpenLazyIndex } from '../load.js';
import { makeLoadCatalogInWorker } from '../in-worker.js';

await init({ module_or_path: new URL('./wasm/govshare_catalog_bg.wasm', import.meta.url) });

export * from './wasm/govshare_catalog.js';
export { isGovshareError } from '../errors.js';
export { indexedDbCache } from '../cache.js';
export const loadCatalog = makeLoadCatalog(wasm);
export const loadPublishedIndex = makeLoadPublishedIndex(wasm);
export const openLazyIndex = makeOpenLazyIndex(wasm);
export const loadCatalogInWorker = makeLoadCatalogInWorker(loadCatalog);
