// Catalog loading paths of the JS layer: streams, snapshots, progress, errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import * as gs from 'govshare';

const sample = join(process.env.GOVSHARE_EXAMPLES, 'data', 'sample-catalog.json');
const query = { text: '统一社会信用代码', limit: 10 };
const codes = (r) => r.hits.map((h) => h.code);

test('a file stream loads in chunks to the same catalog as the whole bytes', async () => {
  const whole = gs.Catalog.fromJson(readFileSync(sample));
  const progress = [];
  const streamed = await gs.loadCatalog(createReadStream(sample, { highWaterMark: 64 * 1024 }), {
    onProgress: (p) => progress.push(p),
  });
  assert.equal(streamed.size, whole.size);
  assert.deepEqual(codes(streamed.search(query)), codes(whole.search(query)));
  assert.ok(progress.length > 1, 'progress reported per chunk');
  assert.ok(progress.every((p, i) => i === 0 || p.bytes_read >= progress[i - 1].bytes_read));
});

test('a web ReadableStream and a snapshot load too', async () => {
  const web = Readable.toWeb(createReadStream(sample));
  const cat = await gs.loadCatalog(web);
  const snap = cat.toSnapshot();
  assert.ok(gs.Catalog.isSnapshot(snap));
  const again = await gs.loadCatalog(snap);
  assert.deepEqual(again.search(query), cat.search(query));
  const streamedSnap = await gs.loadCatalog([snap.subarray(0, 1000), snap.subarray(1000)]);
  assert.equal(streamedSnap.size, cat.size);
});

test('a truncated stream fails with a coded error and a position', async () => {
  const bytes = readFileSync(sample);
  await assert.rejects(gs.loadCatalog([bytes.subarray(0, bytes.length >> 1)]), (e) => {
    assert.ok(gs.isGovshareError(e));
    assert.equal(e.code, 'malformed_json');
    assert.ok(e.line > 1);
    return true;
  });
});

test('filters are exact and facets count every match', () => {
  const cat = gs.Catalog.sample();
  const all = cat.search({ text: '', limit: 10000 });
  for (const sharing of ['unconditional', 'conditional', 'not_shared']) {
    const r = cat.search({ text: '', sharing, limit: 10000 });
    const truth = all.hits.filter((h) => h.sharing === sharing).length;
    assert.equal(r.total, truth);
    assert.ok(r.hits.every((h) => h.sharing === sharing));
  }
  const count = (f, v) => f.find((x) => x.value === v)?.count ?? 0;
  assert.equal(count(all.facets.sharing, 'conditional'), all.hits.filter((h) => h.sharing === 'conditional').length);
});

test('a bad query shape is a coded error, not a trap', () => {
  const cat = gs.Catalog.sample();
  assert.throws(() => cat.search({ text: 1 }), (e) => e.code === 'invalid_value');
  assert.throws(() => cat.search({ sharing: 'sometimes' }), (e) => e.code === 'invalid_value');
  // The module still works after errors.
  assert.ok(cat.search({ text: '人口' }).total > 0);
});
