// `govshare/catalog`, Node entry: the catalog-only module, instantiated
// synchronously from the packaged file.
import { readFileSync } from 'node:fs';
import * as wasm from './wasm/govshare_catalog.js';
import { makeLoadCatalog, makeLoadPublishedIndex, makeOpenLazyIndex } from '../load.js';

wasm.initSync({ module: readFileSync(new URL('./wasm/govshare_catalog_bg.wasm', import.meta.url)) });

export * from './wasm/govshare_catalog.js';
export { isGovshareError } from '../errors.js';
export const loadCatalog = makeLoadCatalog(wasm);
export const loadPublishedIndex = makeLoadPublishedIndex(wasm);
export const openLazyIndex = makeOpenLazyIndex(wasm);
/** Web Workers are a browser feature; in Node use worker_threads yourself. */
export function loadCatalogInWorker() {
  throw new Error('loadCatalogInWorker is for browsers; in Node, loadCatalog streams without blocking long');
}
