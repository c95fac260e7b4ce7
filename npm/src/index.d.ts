// Types of the govshare package: the generated bindings plus the error shape.
export * from './wasm/govshare_wasm.js';

/** What every govshare function throws: a JS `Error` with a stable code. */
export interface GovshareError extends Error {
  name: 'GovshareError';
  /** Stable machine code, e.g. `malformed_json`, `delta_base_mismatch`. */
  code: string;
  /** The message in Chinese (zh-CN); `message` is English. */
  messageZh: string;
  /** JSON path of the offending field, when known (e.g. `$.resources[3].grade`). */
  path?: string;
  line?: number;
  column?: number;
}

/** Narrows an unknown thrown value to a {@link GovshareError}. */
export function isGovshareError(e: unknown): e is GovshareError;
