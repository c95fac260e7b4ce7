// Compiled with tsc --strict against the installed package's .d.ts: proves
// the published types are usable as a TypeScript user would use them.
import * as gs from 'govshare';

const v: string = gs.version();
try {
  gs.httpMessageNormalize('{}');
} catch (e) {
  if (gs.isGovshareError(e)) {
    const code: string = e.code;
    const zh: string = e.messageZh;
    void code, zh;
  }
}
void v;

// Signing: keys, RFC 9421 message signatures, external signers.
{
  const key: gs.Key = gs.Key.generate('ed25519');
  const alg: gs.Algorithm = key.algorithm;
  const msg: gs.HttpMessageJson = { method: 'POST', target: 'https://gw.example/apply', headers: [['Content-Type', 'application/json']], body: '{}' };
  const signed: gs.SignedHttpMessage = gs.signMessage(msg, key, { components: ['@method', '@target-uri', 'content-type'], created: 1_750_000_000, keyid: key.keyId }, undefined);
  const store = new gs.NonceStore(1000);
  const ok: gs.VerifiedSignature = store.verifyMessage(signed.message, key.publicKey(), { max_age_seconds: 300 }, 1_750_000_010, undefined);
  const prepared: gs.PreparedSignature = gs.prepareSignature(JSON.stringify(msg), { created: 1_750_000_000 }, undefined);
  const finished: gs.SignedHttpMessage = gs.finishSignature(msg, prepared, key.sign(new Uint8Array(prepared.base)), undefined);
  const infos: gs.SignatureInfo[] = gs.listSignatures(finished.message);
  const digest: string = gs.contentDigest('{}', 'sha-256');
  const hash: Uint8Array = gs.sm3('abc');
  void alg, ok, infos, digest, hash;
}
