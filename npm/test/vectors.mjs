// The shared conformance-vector runner: the same code runs under node:test
// and inside a headless-Chromium page. Each vector module (a folder of
// tests/vectors) has a case runner in ops/ that maps the case's `op` onto the
// package API and compares with `expect` / `expect_error` exactly as the Rust
// runner of that module does.

import { runCatalogCase } from './ops/catalog.mjs';
import { runSignCase } from './ops/sign.mjs';
import { runJcsCase } from './ops/jcs.mjs';
import { runRequestCase } from './ops/request.mjs';
import { runMaskCase } from './ops/mask.mjs';
import { runAuditCase } from './ops/audit.mjs';
import { runSampleCase } from './ops/sample.mjs';
import { runPlatformCase } from './ops/platform.mjs';
import { runCryptoCase } from './ops/crypto.mjs';

/** Vector modules (folders of tests/vectors) and their case runners. */
export const modules = {
  catalog: runCatalogCase,
  sign: runSignCase,
  jcs: runJcsCase,
  request: runRequestCase,
  mask: runMaskCase,
  audit: runAuditCase,
  sample: runSampleCase,
  platform: runPlatformCase,
  crypto: runCryptoCase,
};

/**
 * Runs one case. Returns `{ ok, detail }`; never throws.
 * `ctx.loadText(relPath)` reads a file below tests/vectors; `ctx.file` is the
 * parsed vector file the case belongs to.
 */
export async function runCase(gs, module, c, ctx) {
  try {
    return await modules[module](gs, c, ctx);
  } catch (e) {
    return { ok: false, detail: `threw ${e && e.code ? `[${e.code}] ` : ''}${e && e.stack ? e.stack : e}` };
  }
}

/** Runs every case of every file; used by the browser page. */
export async function runAll(gs, files, loadText) {
  const results = [];
  for (const { module, name, data } of files) {
    const ctx = { loadText, state: {}, file: data };
    for (const c of data.cases) {
      const r = await runCase(gs, module, c, ctx);
      results.push({ file: `${module}/${name}`, case: c.name, ...r });
    }
  }
  return results;
}
