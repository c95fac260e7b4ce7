// Objects passed to the package are read as strictly as in Rust and Python:
// a member the core type does not know is refused, not silently ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as gs from 'govshare';

const message = { method: 'POST', target: 'https://gw.example/apply', headers: [['Content-Type', 'application/json']], body: '{"resource":"R-1"}' };

test('a misspelled policy member (camelCase) is an invalid_value error naming it', () => {
  const key = gs.Key.generate('ed25519');
  const now = 1_750_000_000;
  const signed = gs.signMessage(message, key, { components: ['@method', '@target-uri', 'content-digest'], created: now });
  const ok = gs.verifyMessage(signed.message, key.publicKey(), { require_created: true }, now);
  assert.equal(ok.content_digest_checked, true);
  assert.throws(
    () => gs.verifyMessage(signed.message, key.publicKey(), { requireCreated: true }, now),
    (e) => e.code === 'invalid_value' && /requireCreated/.test(e.message) && e.path === 'policy',
  );
});
