// Node entry: instantiate the module synchronously from the packaged file.
import { readFileSync } from 'node:fs';
import { initSync } from './wasm/govshare_wasm.js';

initSync({ module: readFileSync(new URL('./wasm/govshare_wasm_bg.wasm', import.meta.url)) });

export * from './wasm/govshare_wasm.js';
export { default as __init } from './wasm/govshare_wasm.js';
export { isGovshareError } from './errors.js';
