// `govshare/catalog`: the catalog-only module answers exactly as the whole
// SDK does, and carries none of the signing, masking or crypto exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as full from 'govshare';
import * as cat from 'govshare/catalog';

const sample = join(process.env.GOVSHARE_EXAMPLES, 'data', 'sample-catalog.json');
const queries = [
  { text: '统一社会信用代码', limit: 10 },
  { text: '企业 登记', sharing: 'conditional', limit: 5 },
  { grade: 3, limit: 20 },
];

test('the catalog module searches exactly as the whole SDK', async () => {
  const a = await cat.loadCatalog(createReadStream(sample, { highWaterMark: 64 * 1024 }));
  const b = await full.loadCatalog(readFileSync(sample));
  assert.equal(a.size, b.size);
  for (const q of queries) assert.deepEqual(a.search(q), b.search(q), JSON.stringify(q));
  // A snapshot written by one module loads in the other.
  const fromFull = cat.Catalog.fromSnapshot(b.toSnapshot());
  assert.deepEqual(fromFull.search(queries[0]), a.search(queries[0]));
});

test('errors keep their codes', () => {
  assert.throws(() => cat.Catalog.fromJson('{"format":'), (e) => cat.isGovshareError(e) && e.code === 'malformed_json');
});

test('no signing, masking or crypto code in it', async () => {
  for (const name of ['Key', 'MaskPolicy', 'checkDeid', 'sm4Encrypt', 'AuditLog', 'PlatformClient', 'StoreWriter', 'sampleCatalog']) {
    assert.ok(!(name in cat), `${name} is exported by govshare/catalog`);
    assert.ok(name in full, `${name} is missing from govshare`);
  }
  const pkg = dirname(createRequire(import.meta.url).resolve('govshare/package.json'));
  const small = gzipSync(readFileSync(join(pkg, 'dist/catalog/wasm/govshare_catalog_bg.wasm'))).length;
  const whole = gzipSync(readFileSync(join(pkg, 'dist/wasm/govshare_wasm_bg.wasm'))).length;
  assert.ok(small * 3 < whole, `catalog module ${small} B gz is not much smaller than the whole ${whole} B gz`);
  assert.ok(statSync(join(pkg, 'dist/catalog/index.d.ts')).size > 0);
});
