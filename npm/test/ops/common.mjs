// Helpers shared by the per-module vector runners.

/** Decodes standard base64 (works in Node and browsers). */
export function b64(s) {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Deep equality for JSON-like values. */
export function deepEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
}

/** JSON-like normalization: drops `undefined` members, as JSON would. */
export function plain(v) {
  return v === undefined ? null : JSON.parse(JSON.stringify(v));
}

/** Calls `f`; a thrown GovshareError becomes `{ error: code, … }`. */
export async function orError(f, extra = () => ({})) {
  try {
    return await f();
  } catch (e) {
    if (e && typeof e.code === 'string') return { error: e.code, path: e.path ?? null, line: e.line ?? null, ...extra(e) };
    throw e;
  }
}

/**
 * Runs a case's operation and judges it as every Rust vector runner does:
 * `expect_error` must be the thrown GovshareError's code; otherwise the
 * (JSON-normalized) result must satisfy `matches(expect, result)`.
 */
export function judgeCase(c, run, matches) {
  let result;
  try {
    result = { ok: plain(run()) };
  } catch (e) {
    if (e && typeof e.code === 'string') result = { error: e.code, message: e.message };
    else throw e;
  }
  if (typeof c.expect_error === 'string') {
    return result.error === c.expect_error
      ? { ok: true }
      : { ok: false, detail: `${c.name}: expected error ${c.expect_error}, got ${JSON.stringify(result)}` };
  }
  if ('error' in result) return { ok: false, detail: `${c.name}: unexpected error [${result.error}] ${result.message}` };
  return matches(c.expect, result.ok)
    ? { ok: true }
    : { ok: false, detail: `${c.name}: got ${JSON.stringify(result.ok)}, expected ${JSON.stringify(c.expect)}` };
}
