// deidStream: the de-identification check over a file stream, a Blob/File,
// a web ReadableStream and whole bytes gives one report; the columns can
// come from a policy's identifier classes; errors carry codes, no values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import * as gs from 'govshare';

// (age, sex) classes: (30,M) ×3, (30,F) ×2, (40,M) ×1; one phone unmasked.
const rows = ['age,sex,disease,phone'];
for (let i = 0; i < 400; i++) {
  rows.push('30,M,flu,138****5678', '30,M,cold,139****0000', '30,F,flu,137****1111', '30,F,cold,136****2222');
}
rows.push('30,M,flu,13812345678', '40,M,cancer,135****3333');
const csv = rows.join('\n') + '\n';
const policy = gs.MaskPolicy.fromJson(JSON.stringify({ fields: {
  age: { rule: 'plain', identifier_class: 'quasi' },
  sex: { rule: 'plain', identifier_class: 'quasi' },
  disease: { rule: 'plain', identifier_class: 'sensitive' },
  phone: { rule: 'keep', first: 3, last: 4, identifier_class: 'direct' },
} }));

test('policy.deidOptions() names the columns by identifier class', () => {
  const o = policy.deidOptions();
  assert.deepEqual([o.quasi, o.sensitive, o.direct, o.k, o.l], [['age', 'sex'], ['disease'], ['phone'], 5, 2]);
});

test('file stream, Blob, File, web stream and bytes give one report', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gs-deid-'));
  const path = join(dir, 'people.csv');
  writeFileSync(path, csv);
  const opts = { ...policy.deidOptions(), k: 2 };
  const whole = gs.checkDeid('csv', new TextEncoder().encode(csv), opts);
  assert.equal(whole.k_achieved, 1);
  assert.equal(whole.direct_unmasked.phone, 1);
  assert.equal(whole.passed, false);
  const progress = [];
  const sources = {
    nodeStream: createReadStream(path, { highWaterMark: 1024 }),
    blob: new Blob([csv]),
    file: new File([csv], 'people.csv', { type: 'text/csv' }),
    web: Readable.toWeb(createReadStream(path, { highWaterMark: 777 })),
    bytes: new TextEncoder().encode(csv),
  };
  for (const [name, source] of Object.entries(sources)) {
    const r = await gs.deidStream(source, opts, { format: 'csv', onProgress: (p) => progress.push(p.bytes) });
    assert.deepEqual(r, whole, name);
  }
  assert.ok(progress.length > 5, 'progress is reported per chunk');
});

test('a missing column is a coded error without a value', async () => {
  const opts = { quasi: ['age', 'postcode'] };
  await assert.rejects(gs.deidStream(new Blob([csv]), opts, { format: 'csv' }), (e) => {
    assert.equal(e.code, 'deid_column_missing');
    assert.ok(!String(e.message).includes('13812345678'));
    return true;
  });
});

test('a workbook File streams in (read whole at the end) like its bytes; a formula is refused', async () => {
  const { readFileSync } = await import('node:fs');
  const vectors = JSON.parse(readFileSync(join(process.env.GOVSHARE_VECTORS, 'mask', 'sheets.json'), 'utf8'));
  const deidCases = vectors.cases.filter((c) => c.op === 'deid');
  const ok = deidCases.filter((c) => c.expect);
  assert.ok(ok.length >= 3);
  for (const c of ok) {
    const bytes = Buffer.from(c.data_b64, 'base64');
    const file = new File([bytes], `received.${c.format}`);
    const streamed = await gs.deidStream(file, c.options, { format: c.format });
    assert.deepEqual(streamed, gs.checkDeid(c.format, new Uint8Array(bytes), c.options), c.name);
  }
  const formula = deidCases.find((c) => c.expect_error === 'sheet_formula');
  await assert.rejects(
    gs.deidStream(new File([Buffer.from(formula.data_b64, 'base64')], 'x.xlsx'), formula.options, { format: 'xlsx' }),
    (e) => e.code === 'sheet_formula' && typeof e.path === 'string',
  );
});
