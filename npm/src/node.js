// Node entry: instantiate the module synchronously from the packaged file.
import { readFileSync } from 'node:fs';
import * as wasm from './wasm/govshare_wasm.js';
import { makeLoadCatalog, makeLoadPublishedIndex, makeOpenLazyIndex } from './load.js';
import { makeMaskStreams } from './mask.js';

wasm.initSync({ module: readFileSync(new URL('./wasm/govshare_wasm_bg.wasm', import.meta.url)) });

export * from './wasm/govshare_wasm.js';
export { isGovshareError } from './errors.js';
export const loadCatalog = makeLoadCatalog(wasm);
export const loadPublishedIndex = makeLoadPublishedIndex(wasm);
export const openLazyIndex = makeOpenLazyIndex(wasm);
export const { verifyStream, scanStream, applyStream, deidStream } = makeMaskStreams(wasm);
/** Web Workers are a browser feature; in Node use worker_threads yourself. */
export function loadCatalogInWorker() {
  throw new Error('loadCatalogInWorker is for browsers; in Node, loadCatalog streams without blocking long');
}
