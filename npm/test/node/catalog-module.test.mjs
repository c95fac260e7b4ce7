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

/** Ranges of the index's files from a map; counts the bytes served. */
const ranged = (files, served = { bytes: 0 }, edit = (name, bytes) => bytes) => (name, start, end) => {
  const bytes = files.get(name);
  if (!bytes) throw new Error(`no file ${name}`);
  const out = edit(name, start === undefined ? bytes : bytes.subarray(start, end), start);
  served.bytes += out.length;
  return out;
};

const lazyQueries = [
  ...queries,
  { text: '', limit: 20 },
  { text: '信息', limit: 7, offset: 3 },
  { text: '企业 登记 未知词语', limit: 10 },
  { text: '婚姻', sharing: 'unconditional', grade: 2 },
  { text: '', provider: '市场监督管理局', limit: 0 },
];

test('lazy search answers exactly as the eager catalog, in both modules', async () => {
  const { catalog, files, jwk } = published;
  for (const gs of [cat, full]) {
    const served = { bytes: 0 };
    const lazy = await gs.openLazyIndex(ranged(files, served), {
      platformKey: jwk,
      expect: { catalog_id: catalog.info().id },
    });
    assert.equal(lazy.manifest.catalog.id, catalog.info().id);
    for (const q of lazyQueries) assert.deepEqual(await lazy.search(q), catalog.search(q), JSON.stringify(q));
    const stats = lazy.stats();
    assert.ok(stats.bytes_held <= stats.bytes_total && stats.bytes_fetched > 0, JSON.stringify(stats));
    // Resources by code: a hit of a page, any other code, and none.
    const page = await lazy.search(queries[0]);
    assert.deepEqual(await lazy.resource(page.hits[0].code), catalog.resource(page.hits[0].code));
    const codes = catalog.search({ text: '', limit: 10000 }).hits.map((h) => h.code);
    for (const c of codes.filter((_, i) => i % 41 === 0)) assert.deepEqual(await lazy.resource(c), catalog.resource(c), c);
    assert.equal(await lazy.resource('999999/99999'), undefined);
    // Held blocks answer again without fetching.
    const before = served.bytes;
    assert.deepEqual(await lazy.search(lazyQueries[0]), catalog.search(lazyQueries[0]));
    assert.equal(served.bytes, before);
    lazy.free();
  }
  // A bound on the blocks kept: the same answers, less held.
  const bounded = await cat.openLazyIndex(ranged(files), { platformKey: jwk, maxHeldBytes: 8192 });
  for (const q of lazyQueries) assert.deepEqual(await bounded.search(q), catalog.search(q), JSON.stringify(q));
  assert.ok(bounded.stats().bytes_held <= 8192 + 64 * 1024, 'the last search holds what it needed, not everything');
  // By URL, with HTTP range requests (a stub server honouring Range).
  const requests = [];
  const fetchStub = async (url, init) => {
    const bytes = files.get(String(url).split('/').pop());
    if (!bytes) return new Response('missing', { status: 404 });
    const range = init?.headers?.Range;
    requests.push(range ?? 'whole');
    if (!range) return new Response(bytes);
    const [, a, b] = /^bytes=(\d+)-(\d+)$/.exec(range);
    return new Response(bytes.subarray(Number(a), Number(b) + 1), { status: 206 });
  };
  const viaUrl = await cat.openLazyIndex('https://platform.example/index/national', { platformKey: jwk, fetch: fetchStub });
  assert.deepEqual(await viaUrl.search(queries[1]), catalog.search(queries[1]));
  assert.ok(requests.some((r) => r.startsWith('bytes=')), 'sections are fetched by range');
  // A server that ignores Range for a later part of a file is refused.
  const ignoring = async (url, init) => {
    const r = await fetchStub(url, init);
    return r.status === 206 ? new Response(files.get(String(url).split('/').pop())) : r;
  };
  const bad = await cat.openLazyIndex('https://platform.example/index/national', { platformKey: jwk, fetch: ignoring });
  // Transport failures are coded: fetch_failed, kind platform, the cause kept.
  const fetchFailed = (what) => (e) => {
    assert.ok(cat.isGovshareError(e), String(e));
    assert.equal(e.code, 'fetch_failed');
    assert.equal(e.kind, 'platform');
    assert.match(e.messageZh, /失败/);
    assert.match(e.message, what);
    return true;
  };
  await assert.rejects(bad.search({ text: '婚姻' }), fetchFailed(/bytes \d+-\d+ failed: HTTP 200: the server sent the whole file/));
  const gone = async () => new Response('gone', { status: 404 });
  await assert.rejects(cat.openLazyIndex('https://platform.example/index/national', { platformKey: jwk, fetch: gone }),
    fetchFailed(/^fetching manifest\.json failed: HTTP 404$/));
  await assert.rejects(cat.loadPublishedIndex('https://platform.example/index/national', { platformKey: jwk, fetch: gone }),
    fetchFailed(/manifest\.json failed: HTTP 404/));
  const offline = async () => { throw new TypeError('fetch failed'); };
  await assert.rejects(cat.openLazyIndex('https://platform.example/index/national', { platformKey: jwk, fetch: offline }),
    (e) => fetchFailed(/manifest\.json failed: no response/)(e) && e.cause instanceof TypeError);
  // A range whose body breaks off mid-transfer.
  const breaking = async (url, init) => {
    const r = await fetchStub(url, init);
    if (r.status !== 206) return r;
    return new Response(new ReadableStream({ pull(c) { c.error(new TypeError('terminated')); } }), { status: 206 });
  };
  const broken = await cat.openLazyIndex('https://platform.example/index/national', { platformKey: jwk, fetch: breaking });
  await assert.rejects(broken.search({ text: '婚姻' }),
    (e) => fetchFailed(/bytes \d+-\d+ failed: the response broke off/)(e) && e.cause instanceof TypeError);
  // After a failed fetch the reader still answers once the server does.
  const flaky = { fail: true };
  const sometimes = async (url, init) => (flaky.fail && init?.headers?.Range ? gone() : fetchStub(url, init));
  const retried = await cat.openLazyIndex('https://platform.example/index/national', { platformKey: jwk, fetch: sometimes });
  await assert.rejects(retried.search(queries[1]), fetchFailed(/HTTP 404/));
  flaky.fail = false;
  assert.deepEqual(await retried.search(queries[1]), catalog.search(queries[1]));
  // A reader of your own reports its failures the same way.
  const own = cat.fetchError('texts.bin bytes 0-4095', 'disk unreadable');
  assert.ok(fetchFailed(/^fetching texts\.bin bytes 0-4095 failed: disk unreadable$/)(own));
});

test('lazy search refuses tampered or short ranges; a cache is verified again', async () => {
  const { catalog, files, jwk } = published;
  const open = (edit, options = {}) => cat.openLazyIndex(ranged(files, undefined, edit), { platformKey: jwk, ...options });
  const q = { text: '统一社会信用代码', limit: 10 };
  for (const section of ['texts.bin', 'resources.bin', 'items.bin', 'index.bin', 'meta.bin']) {
    const flip = (name, bytes, start) => {
      if (name !== section || start === undefined) return bytes;
      const copy = new Uint8Array(bytes);
      copy[copy.length >> 1] ^= 1;
      return copy;
    };
    const cut = (name, bytes, start) => (name === section && start !== undefined ? bytes.subarray(0, bytes.length - 1) : bytes);
    for (const edit of [flip, cut]) {
      const lazy = await open(edit);
      const searches = [q, { text: '' }, { text: '婚姻', sharing: 'conditional' }];
      let refused = null;
      for (const query of searches) refused ??= await code(lazy.search(query)).then((c) => (c === 'no error' ? null : c));
      assert.equal(refused, 'index_section_mismatch', `${section} ${edit.name}`);
    }
  }
  // Another platform's key, another catalog, a tampered block list.
  const other = JSON.stringify({ ...JSON.parse(full.Key.generate('ed25519').publicKey().toJwk(false)), kid: 'platform-2026' });
  assert.equal(await code(open(undefined, { platformKey: other })), 'signature_invalid');
  assert.equal(await code(open(undefined, { expect: { catalog_id: 'zhejiang' } })), 'index_catalog_mismatch');
  const badList = (name, bytes) => (name === 'items.blocks' ? bytes.map((b, i) => (i === 0 ? b ^ 1 : b)) : bytes);
  assert.equal(await code(open(badList)), 'index_section_mismatch');
  // A cache: a second reader fetches nothing; a poisoned entry is fetched again.
  const store = new Map();
  const cache = { get: (k) => store.get(k), put: (k, v) => { store.set(k, v); } };
  const served = { bytes: 0 };
  const first = await cat.openLazyIndex(ranged(files, served), { platformKey: jwk, cache });
  assert.deepEqual(await first.search(q), catalog.search(q));
  const second = { bytes: 0 };
  const again = await cat.openLazyIndex(ranged(files, second), { platformKey: jwk, cache });
  const lists = second.bytes;
  assert.deepEqual(await again.search(q), catalog.search(q));
  assert.equal(second.bytes, lists, 'ranges come from the cache');
  for (const [k, v] of store) store.set(k, v.map((b, i) => (i === 0 ? b ^ 0xff : b)));
  const third = { bytes: 0 };
  const poisoned = await cat.openLazyIndex(ranged(files, third), { platformKey: jwk, cache });
  assert.deepEqual(await poisoned.search(q), catalog.search(q));
  assert.ok(third.bytes > lists, 'poisoned blocks are fetched again');
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
  for (const method of ['lint', 'toJson', 'publish', 'applyDelta', 'toSnapshot']) {
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

test('runs of four blocks are checked together (four SHA-256 lanes in WebAssembly), every block still its own digest', async () => {
  // 400 resources in 4 KiB blocks: sections of many blocks, pushed whole,
  // so the loader checks them four at a time.
  const catalog = full.Catalog.fromJson(full.sampleCatalog(full.sampleOptions(400, 5)));
  const key = full.Key.generate('ed25519');
  const index = catalog.publish(key, { block_size: 4096, hash: 'sha256' });
  const files = new Map(index.fileNames().map((n) => [n, index.file(n)]));
  const platformKey = key.publicKey().toJwk(false);
  const biggest = JSON.parse(new TextDecoder().decode(files.get('manifest.json'))).sections.reduce((a, b) => (b.blocks > a.blocks ? b : a));
  assert.ok(biggest.blocks >= 9, `${biggest.name} has ${biggest.blocks} blocks`);
  const whole = (map) => (name) => map.get(name);
  for (const gs of [cat, full]) {
    const loaded = await gs.loadPublishedIndex(whole(files), { platformKey });
    for (const q of queries) assert.deepEqual(loaded.search(q), catalog.search(q), JSON.stringify(q));
  }
  // A flipped byte in any block of the biggest section: refused eagerly.
  for (let block = 0; block < biggest.blocks; block++) {
    const bad = new Map(files);
    const bytes = new Uint8Array(files.get(biggest.file));
    bytes[Math.min(block * 4096 + 2049, bytes.length - 1)] ^= 0x10;
    bad.set(biggest.file, bytes);
    assert.equal(await code(cat.loadPublishedIndex(whole(bad), { platformKey })), 'index_section_mismatch', `block ${block}`);
  }
  // Lazily: the longest range a first search asks for, a byte flipped in
  // each of its blocks in turn, is refused and nothing of it kept.
  const signature = new TextDecoder().decode(files.get('manifest.sig'));
  const ix = new cat.LazyIndex(files.get('manifest.json'), signature, platformKey);
  for (const s of ix.manifest.sections) ix.addBlockList(s.name, files.get(s.block_file));
  const q = { text: '信息', limit: 50 };
  const range = ix.search(q).need.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
  assert.ok(range.end - range.start > 4 * 4096, `a range of ${range.end - range.start} bytes`);
  const good = files.get(range.file).subarray(range.start, range.end);
  for (let at = 0; at < good.length; at += 4096) {
    const bad = new Uint8Array(good);
    bad[at + 7] ^= 0x01;
    assert.throws(() => ix.addRange(range.section, range.start, bad), (e) => e.code === 'index_section_mismatch', `block at ${at}`);
    assert.equal(ix.stats().blocks_held, 0);
  }
  ix.free();
  // Lazily, with nothing tampered, the pages are the eager catalog's.
  const lazy = await cat.openLazyIndex(ranged(files), { platformKey });
  for (const query of [q, ...queries]) assert.deepEqual(await lazy.search(query), catalog.search(query));
  lazy.free();
});
