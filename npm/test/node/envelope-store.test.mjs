// Envelopes and the sealed store from Node (issue #13): seal → open, the
// external-decryptor path, every header member bound, and a store written,
// read, torn by a "killed" writer, then disposed of by the grant's method.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as gs from 'govshare';

const enc = new TextEncoder();
const DIGEST = 'sha256:' + 'a'.repeat(64);
const HEAD = '3'.repeat(64);

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function code(fn) {
  try {
    fn();
  } catch (e) {
    return e.code;
  }
  return 'no error';
}

const context = { from: '11100000000000000A', to: '11100000000000001B', about: 'grant-7/page-0', created: 1764900000 };

test('an envelope opens for its recipient only, and binds who, what and when', () => {
  const dept = gs.Key.generate('sm2-sm3');
  const sealed = gs.sealEnvelope(enc.encode('rows'), dept.publicKey(), context);
  const opened = gs.openEnvelope(sealed, dept, { from: context.from });
  assert.deepEqual(opened.plaintext, enc.encode('rows'));
  assert.deepEqual(opened.info.context, context);
  assert.equal(code(() => gs.openEnvelope(sealed, dept, { about: 'grant-7/page-1' })), 'envelope_context_mismatch');
  assert.equal(code(() => gs.openEnvelope(sealed, gs.Key.generate('sm2-sm3'))), 'envelope_wrong_recipient');
  const json = JSON.parse(new TextDecoder().decode(sealed));
  for (const [member, value] of [['from', 'X'], ['to', 'Y'], ['about', 'Z'], ['created', 1764900001]]) {
    const altered = enc.encode(JSON.stringify({ ...json, [member]: value }));
    assert.equal(code(() => gs.openEnvelope(altered, dept)), 'tag_mismatch', member);
  }
  assert.equal(code(() => gs.openEnvelope(enc.encode(JSON.stringify({ ...json, extra: 1 })), dept)), 'invalid_value');
  assert.equal(code(() => gs.sealEnvelope(enc.encode('x'), dept, { ...context, surprise: 1 })), 'invalid_value');
});

test('a device unwraps the data key: parse, wrappedKey, finish', () => {
  const dept = gs.Key.generate('sm2-sm3');
  const sealed = gs.sealEnvelope(enc.encode('rows'), dept.publicKey(), context);
  const opening = gs.EnvelopeOpening.parse(sealed);
  const dataKey = gs.sm2Decrypt(dept, opening.wrappedKey, { order: 'c1c3c2', point_prefix: true });
  assert.deepEqual(opening.finish(dataKey), enc.encode('rows'));
  assert.equal(code(() => opening.finish(new Uint8Array(16))), 'tag_mismatch');
  const kek = new Uint8Array(16).fill(7);
  const k = gs.sealEnvelopeWithKek(enc.encode(''), kek, 'kms/1', context);
  assert.equal(gs.openEnvelopeWithKek(k, kek, 'kms/1').plaintext.length, 0);
  assert.equal(code(() => gs.openEnvelopeWithKek(k, kek, 'kms/2')), 'envelope_wrong_recipient');
});

test('the body envelope profile verifies before it decrypts', () => {
  const sender = gs.Key.generate('sm2-sm3');
  const sm4Key = new Uint8Array(16).fill(9);
  const profile = {
    mode: 'cbc',
    iv_hex: '00112233445566778899aabbccddeeff',
    signed_content: 'fields',
    signature_encoding: 'der',
    uppercase_hex: true,
    version: '2.0.1',
  };
  const body = gs.sealBodyEnvelope(profile, 'app-1', 1764900000000, enc.encode('{"q":1}'), sm4Key, sender);
  assert.deepEqual(gs.openBodyEnvelope(profile, body, sm4Key, sender.publicKey()), enc.encode('{"q":1}'));
  const json = JSON.parse(new TextDecoder().decode(body));
  const replayed = enc.encode(JSON.stringify({ ...json, timestamp: 1764900000001 }));
  assert.equal(code(() => gs.openBodyEnvelope(profile, replayed, sm4Key, sender.publicKey())), 'signature_invalid');
  assert.equal(code(() => gs.openBodyEnvelope({ ...profile, mode: 'gcm' }, body, sm4Key, sender)), 'invalid_argument');
});

test('a store is written, read, survives a torn write, and is disposed of as the grant requires', () => {
  const dept = gs.Key.generate('sm2-sm3');
  const me = gs.StoreKey.sm2(dept);
  const w = gs.StoreWriter.create('app-1', 'RES-1', 1764900000, gs.StoreKey.sm2(dept.publicKey()));
  const big = new Uint8Array(150000).map((_, i) => i % 251);
  const bytes = concat(w.header, w.putPage(0, DIGEST, enc.encode('page zero')), w.putPage(1, DIGEST, big));
  const summary = gs.verifyStore(bytes);
  assert.equal(summary.pages.length, 2);
  assert.equal(summary.pages[1].chunks, 3);
  assert.equal(summary.torn_tail, false);
  const reader = gs.StoreReader.open(bytes, me);
  assert.deepEqual(reader.readPage(1), big);
  assert.equal(code(() => w.putPage(1, DIGEST, enc.encode('again'))), 'store_page_unavailable');

  const torn = bytes.slice(0, bytes.length - 5);
  const tornSummary = gs.verifyStore(torn);
  assert.equal(tornSummary.torn_tail, true);
  assert.equal(code(() => gs.StoreReader.open(torn, me).readPage(1)), 'store_page_unavailable');
  assert.equal(code(() => gs.StoreWriter.resume(torn, me)), 'store_corrupt');
  const changed = bytes.slice();
  changed[bytes.indexOf(10) + 30] ^= 1;
  assert.equal(code(() => gs.verifyStore(changed)), 'store_corrupt');

  const grant = {
    application_id: 'app-1',
    requester_credit_code: '11100000000000001B',
    resource_code: 'RES-1',
    items: ['name'],
    valid_from: '2026-01-01',
    valid_until: '2026-12-31',
    state: 'disposal_due',
    disposal_method: 'delete',
  };
  const request = { method: 'return', disposed_at: '2027-01-05T10:00:00+08:00', actor: '11100000000000001B' };
  assert.equal(code(() => gs.disposeStoreTo(bytes, grant, request, me, dept.publicKey(), HEAD, dept)), 'disposal_method_mismatch');
  assert.equal(code(() => gs.disposeStoreTo(bytes, grant, request, me, dept, HEAD, dept)), 'disposal_method_mismatch', 'one key object passed twice stays usable');
  const d = gs.disposeStore(bytes, grant, { ...request, method: 'delete' }, me, HEAD, dept);
  assert.equal(d.receipt.method, 'delete');
  assert.equal(d.receipt.store_digest, summary.digest);
  assert.equal(gs.verifyStore(d.store).key ?? null, null);
  assert.equal(code(() => gs.StoreReader.open(d.store, me)), 'store_key_destroyed');
  const receipt = enc.encode(JSON.stringify(d.receipt));
  assert.equal(gs.verifyDisposalReceipt(receipt, dept.publicKey()).method, 'delete');
  assert.equal(gs.disposalReceiptEvent(d.receipt).action, 'destroy');
});
