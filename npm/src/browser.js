// Browser / bundler entry: fetch and instantiate the module next to this file.
import init from './wasm/govshare_wasm.js';

await init({ module_or_path: new URL('./wasm/govshare_wasm_bg.wasm', import.meta.url) });

export * from './wasm/govshare_wasm.js';
export { init as __init };
export { isGovshareError } from './errors.js';
