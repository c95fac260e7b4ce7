// Runs tests/vectors/** through the installed package under node:test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import * as gs from 'govshare';
import { modules, runCase } from '../vectors.mjs';

const root = process.env.GOVSHARE_VECTORS;
assert.ok(root && existsSync(root), 'GOVSHARE_VECTORS must point at tests/vectors');
const loadText = (rel) => readFileSync(join(root, rel), 'utf8');

/** Cases registered per file, checked against MANIFEST.json below. */
const ran = {};

for (const module of Object.keys(modules)) {
  const dir = join(root, module);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('_')).sort();
  assert.ok(files.length > 0, `no vectors in ${dir}`);
  for (const name of files) {
    const data = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    if (!Array.isArray(data.cases)) continue; // a fixture, not a vector file
    const ctx = { loadText, state: {}, file: data };
    ran[`${module}/${name}`] = data.cases.length;
    for (const c of data.cases) {
      test(`${module}/${name}: ${c.name}`, async () => {
        const r = await runCase(gs, module, c, ctx);
        assert.ok(r.ok, r.detail);
      });
    }
  }
}

test('every vector file of MANIFEST.json runs, every case of it', () => {
  const manifest = JSON.parse(loadText('MANIFEST.json'));
  assert.deepEqual(ran, manifest.files);
});
