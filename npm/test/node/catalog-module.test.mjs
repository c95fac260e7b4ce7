// `govshare/catalog`: the catalog-only module answers exactly as the whole
// SDK does, loads what the platform publishes (verified against the pinned
// key), and carries none of the signing, masking or crypto exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
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

/** A stream of `bytes` in pieces of `size` (cutting arrays and elements anywhere). */
const streamOf = (bytes, size) => Readable.from((function* () {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
})());

const code = async (promise) => {
  try { await promise; } catch (e) { return e.code; }
  return 'no error';
};

const published = (() => {
  const catalog = full.Catalog.fromJson(readFileSync(sample));
  const key = full.Key.generate('ed25519');
  key.setKeyId('platform-2026');
  const index = catalog.publish(key, { block_size: 4096, hash: 'sha256' });
  const files = new Map(index.fileNames().map((n) => [n, index.file(n)]));
  const jwk = key.publicKey().toJwk(false);
  return { catalog, key, index, files, jwk: JSON.stringify({ ...JSON.parse(jwk), kid: 'platform-2026' }) };
})();

/** Opens the index's files from a map, in 1000-byte pieces. */
const opener = (files) => (name) => {
  const bytes = files.get(name);
  if (!bytes) throw new Error(`no file ${name}`);
  return streamOf(bytes, 1000);
};

test('the catalog module searches exactly as the whole SDK', async () => {
  const b = await full.loadCatalog(readFileSync(sample));
  const snapshot = b.toSnapshot();
  const a = await cat.loadCatalog(streamOf(snapshot, 7777));
  assert.equal(a.size, b.size);
  for (const q of queries) assert.deepEqual(a.search(q), b.search(q), JSON.stringify(q));
  // Whole bytes too, and the full SDK reads the same snapshot streamed.
  assert.deepEqual((await cat.loadCatalog(snapshot)).search(queries[0]), a.search(queries[0]));
  assert.deepEqual((await full.loadCatalog(streamOf(snapshot, 65536))).search(queries[1]), a.search(queries[1]));
});

test('a published index loads verified, in the catalog module and the whole SDK', async () => {
  const { catalog, files, jwk } = published;
  for (const gs of [cat, full]) {
    let last = null;
    const loaded = await gs.loadPublishedIndex(opener(files), {
      platformKey: jwk,
      expect: { catalog_id: catalog.info().id, min_version: catalog.info().version },
      onProgress: (p) => { last = p; },
    });
    assert.equal(last.bytes_read, last.total_bytes);
    for (const q of queries) assert.deepEqual(loaded.search(q), catalog.search(q), JSON.stringify(q));
  }
  // The same index fetched over HTTP by URL (a stub fetch serving the map).
  const fetchStub = async (url) => {
    const bytes = files.get(String(url).split('/').pop());
    return bytes ? new Response(bytes) : new Response('missing', { status: 404 });
  };
  const viaUrl = await cat.loadPublishedIndex('https://platform.example/index/national', { platformKey: jwk, fetch: fetchStub });
  assert.equal(viaUrl.size, catalog.size);
  await assert.rejects(
    cat.loadPublishedIndex('https://platform.example/none', { platformKey: jwk, fetch: async () => new Response('', { status: 404 }) }),
    /HTTP 404/,
  );
});

test('a tampered, truncated, re-keyed or unexpected index is refused with a code', async () => {
  const { catalog, files, jwk } = published;
  const load = (map, options = {}) => cat.loadPublishedIndex(opener(map), { platformKey: jwk, ...options });
  const edited = (name, edit) => {
    const copy = new Map(files);
    const bytes = new Uint8Array(files.get(name));
    copy.set(name, edit(bytes) ?? bytes);
    return copy;
  };
  // One flipped bit in every section, at its start, middle and end.
  for (const section of ['meta.bin', 'texts.bin', 'resources.bin', 'items.bin', 'index.bin']) {
    const n = files.get(section).length;
    for (const at of [0, n >> 1, n - 1]) {
      assert.equal(await code(load(edited(section, (b) => { b[at] ^= 1; }))), 'index_section_mismatch', `${section} @${at}`);
    }
    // Cut (a short range response) or extended.
    assert.equal(await code(load(edited(section, (b) => b.subarray(0, n - 1)))), 'index_section_mismatch', section);
    const longer = (b) => { const c = new Uint8Array(b.length + 1); c.set(b.subarray(0, 16)); c.set(b.subarray(16), 17); return c; };
    assert.equal(await code(load(edited(section, longer))), 'index_section_mismatch', section);
  }
  // The manifest or its signature changed; another platform's key.
  assert.equal(await code(load(edited('manifest.json', (b) => { b[b.length >> 1] ^= 0x20; }))), 'signature_invalid');
  assert.equal(await code(load(edited('manifest.sig', (b) => { b[3] = b[3] === 65 ? 66 : 65; }))), 'signature_invalid');
  const other = JSON.stringify({ ...JSON.parse(full.Key.generate('ed25519').publicKey().toJwk(false)), kid: 'platform-2026' });
  assert.equal(await code(load(files, { platformKey: other })), 'signature_invalid');
  const sm2 = full.Key.generate('sm2-sm3').publicKey().toJwk(false);
  assert.equal(await code(load(files, { platformKey: sm2 })), 'signature_invalid');
  // A pin is public and of the two algorithms the module verifies.
  assert.equal(await code(load(files, { platformKey: published.key.toJwk(true) })), 'invalid_key');
  assert.equal(await code(load(files, { platformKey: full.Key.generate('ecdsa-p256-sha256').publicKey().toJwk(false) })), 'invalid_key');
  assert.equal(await code(load(files, { platformKey: '{"kty":"oct","k":"c2VjcmV0"}' })), 'invalid_key');
  // Another catalog, or a replay of an older version.
  assert.equal(await code(load(files, { expect: { catalog_id: 'zhejiang' } })), 'index_catalog_mismatch');
  assert.equal(await code(load(files, { expect: { min_version: catalog.info().version + 1 } })), 'index_catalog_mismatch');
  // Sections served in another order.
  const swapped = new Map(files);
  swapped.set('meta.bin', files.get('texts.bin'));
  swapped.set('texts.bin', files.get('meta.bin'));
  assert.equal(await code(load(swapped)), 'index_section_mismatch');
});

test('errors keep their codes; JSON needs the whole SDK', async () => {
  assert.equal(await code(cat.loadCatalog(readFileSync(sample))), 'snapshot_invalid');
  assert.equal(await code(cat.loadCatalog(streamOf(readFileSync(sample), 65536))), 'snapshot_invalid');
  const snapshot = published.catalog.toSnapshot();
  assert.equal(await code(cat.loadCatalog(snapshot.subarray(0, snapshot.length - 1))), 'snapshot_invalid');
  assert.equal(await code(cat.loadCatalog(streamOf(snapshot.subarray(0, snapshot.length >> 1), 999))), 'snapshot_invalid');
  assert.throws(() => full.Catalog.fromJson('{"format":'), (e) => cat.isGovshareError(e) && e.code === 'malformed_json');
});

test('no signing, masking, crypto, JSON indexing or lint code in it', async () => {
  for (const name of ['Key', 'MaskPolicy', 'checkDeid', 'sm4Encrypt', 'AuditLog', 'PlatformClient', 'StoreWriter', 'sampleCatalog', 'CatalogLoader', 'PublishedIndex']) {
    assert.ok(!(name in cat), `${name} is exported by govshare/catalog`);
    assert.ok(name in full, `${name} is missing from govshare`);
  }
  for (const method of ['lint', 'toJson', 'publish']) {
    assert.ok(!(method in cat.Catalog.prototype), `Catalog.${method} is in govshare/catalog`);
    assert.ok(method in full.Catalog.prototype, `Catalog.${method} is missing from govshare`);
  }
  assert.ok(!('fromJson' in cat.Catalog) && 'fromJson' in full.Catalog);
  const pkg = dirname(createRequire(import.meta.url).resolve('govshare/package.json'));
  const small = gzipSync(readFileSync(join(pkg, 'dist/catalog/wasm/govshare_catalog_bg.wasm'))).length;
  const whole = gzipSync(readFileSync(join(pkg, 'dist/wasm/govshare_wasm_bg.wasm'))).length;
  assert.ok(small * 3 < whole, `catalog module ${small} B gz is not much smaller than the whole ${whole} B gz`);
  assert.ok(statSync(join(pkg, 'dist/catalog/index.d.ts')).size > 0);
});
