// The shared conformance-vector runner: the same code runs under node:test
// and inside a headless-Chromium page. `ops[module][op]` maps a vector's
// operation onto the package API; a case passes when the op's result deep-equals
// `expect`, or when it throws a GovshareError whose code is `expect_error`.

import { catalogOps } from './ops/catalog.mjs';

export const ops = {
  catalog: catalogOps,
};

/** Deep equality for JSON-like values (numbers compared exactly). */
export function deepEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
}

/**
 * Runs one case. Returns `{ ok, detail }`; never throws.
 * `ctx` carries per-file state (e.g. loaded catalogs) and `loadText(relPath)`.
 */
export async function runCase(gs, module, file, c, ctx) {
  const impl = ops[module]?.[c.op];
  if (!impl) return { ok: false, detail: `no runner for op ${module}/${c.op}` };
  try {
    const actual = await impl(gs, c, ctx, file);
    if ('expect_error' in c) {
      return { ok: false, detail: `expected error ${c.expect_error}, got ${JSON.stringify(actual)}` };
    }
    if ('expect' in c && !deepEqual(actual, c.expect)) {
      return { ok: false, detail: `expected ${JSON.stringify(c.expect)}\n     got ${JSON.stringify(actual)}` };
    }
    return { ok: true };
  } catch (e) {
    if ('expect_error' in c && e && e.code === c.expect_error) return { ok: true };
    return { ok: false, detail: `threw ${e && e.code ? `[${e.code}] ` : ''}${e && e.stack ? e.stack : e}` };
  }
}

/** Runs every case of every file; used by the browser page. */
export async function runAll(gs, files, loadText) {
  const results = [];
  for (const { module, name, data } of files) {
    const ctx = { loadText, state: {} };
    for (const c of data.cases) {
      const r = await runCase(gs, module, data, c, ctx);
      results.push({ file: `${module}/${name}`, case: c.name, ...r });
    }
  }
  return results;
}
