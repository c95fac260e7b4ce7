// Browser-only check: an external signer. WebCrypto holds a non-extractable
// private key (Ed25519, or ECDSA P-256 where this Chromium lacks Ed25519);
// govshare prepares the signature base, WebCrypto signs it, govshare finishes
// the message and verifies it with the exported public key.

async function generate() {
  try {
    const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
    return { pair, alg: 'ed25519', params: { name: 'Ed25519' } };
  } catch {
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    return { pair, alg: 'ecdsa-p256-sha256', params: { name: 'ECDSA', hash: 'SHA-256' } };
  }
}

async function webcryptoExternalSigner(gs) {
  const { pair, alg, params } = await generate();
  if (pair.privateKey.extractable) throw new Error('the private key is extractable');
  const publicKey = gs.Key.fromDer(new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey)));
  const message = {
    method: 'POST',
    target: 'https://gw.example/apply',
    headers: [['Content-Type', 'application/json']],
    body: '{"resource":"R-1"}',
  };
  const created = 1_750_000_000;
  const prepared = gs.prepareSignature(message, {
    components: ['@method', '@target-uri', 'content-type', 'content-digest'],
    created, keyid: 'webcrypto-1', alg,
  });
  const signature = new Uint8Array(await crypto.subtle.sign(params, pair.privateKey, new Uint8Array(prepared.base)));
  const signed = gs.finishSignature(message, prepared, signature);
  const v = gs.verifyMessage(signed.message, publicKey, {}, created + 5);
  if (v.info.keyid !== 'webcrypto-1' || !v.content_digest_checked) throw new Error(`unexpected ${JSON.stringify(v)}`);
  // The body is bound: a changed body fails with digest_mismatch.
  const tampered = { ...signed.message, body: '{"resource":"R-2"}' };
  try {
    gs.verifyMessage(tampered, publicKey, {}, created + 5);
    throw new Error('a tampered body verified');
  } catch (e) {
    if (e.code !== 'digest_mismatch') throw e;
  }
  return alg;
}

/** Runs the checks; each becomes one result line of the browser test. */
export async function extraChecks(gs) {
  const out = [];
  try {
    const alg = await webcryptoExternalSigner(gs);
    out.push({ file: 'browser/webcrypto', case: `external signer (${alg}, non-extractable)`, ok: true });
  } catch (e) {
    out.push({ file: 'browser/webcrypto', case: 'external signer', ok: false, detail: String(e && e.stack || e) });
  }
  return out;
}
