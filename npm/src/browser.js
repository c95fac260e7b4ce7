// Browser / bundler entry: fetch and instantiate the module next to this file.
import init, * as wasm from './wasm/govshare_wasm.js';
import { makeLoadCatalog, makeLoadPublishedIndex, makeOpenLazyIndex } from './load.js';
import { makeMaskStreams } from './mask.js';
import { makeLoadCatalogInWorker } from './in-worker.js';

await init({ module_or_path: new URL('./wasm/govshare_wasm_bg.wasm', import.meta.url) });

export * from './wasm/govshare_wasm.js';
export { isGovshareError } from './errors.js';
export { indexedDbCache } from './cache.js';
export const loadCatalog = makeLoadCatalog(wasm);
export const loadPublishedIndex = makeLoadPublishedIndex(wasm);
export const openLazyIndex = makeOpenLazyIndex(wasm);
export const { verifyStream, scanStream, applyStream, deidStream } = makeMaskStreams(wasm);
export const loadCatalogInWorker = makeLoadCatalogInWorker(loadCatalog);
