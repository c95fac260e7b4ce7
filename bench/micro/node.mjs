// Node runner of the micro-benchmark: govshare's npm package (WASM, npm/dist)
// beside the JS peers, on the inputs of data.mjs.
//   #3 RFC 8785: govshare canonicalize (string and bytes input) vs npm
//      `canonicalize` (text → JSON.parse → canonicalize, and object only)
//   #4 raw sign/verify: govshare Key vs Node's crypto, @noble/ed25519 (sync
//      with @noble/hashes sha512, and async), sm-crypto; full RFC 9421
//      request (Ed25519 + sha-256 Content-Digest): govshare signMessage /
//      verifyMessage vs npm http-message-signatures on Node's crypto
//      (digest made / checked with Node's crypto, as govshare does).
// Usage: node bench/micro/node.mjs --data DIR [--round-ms 250] [--rounds 5] [--pkg npm/dist/]
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const dir = arg('--data');
if (!dir) {
  console.error('usage: node node.mjs --data DIR [--round-ms 250] [--rounds 5]');
  process.exit(2);
}
const roundS = Number(arg('--round-ms', '250')) / 1000;
const rounds = Number(arg('--rounds', '5'));
const gs = await import(new URL('node.js', new URL(arg('--pkg', '../../npm/dist/'), import.meta.url)));
const { default: canonicalizeRef } = await import('canonicalize');
const ed = await import('@noble/ed25519');
const { sha512 } = await import('@noble/hashes/sha2.js');
const smCrypto = require('sm-crypto');
const hms = require('http-message-signatures');

// Read from node_modules directly: some peers do not export ./package.json.
const version = (name) => JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;
const CREATED = 1795000000;

const cpuS = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const nowS = () => Number(process.hrtime.bigint()) / 1e9;

function check(cond, what) {
  if (!cond) throw new Error(`sanity check failed: ${what}`);
}

/** Warms up for one round length while calibrating a per-round count, then times `rounds` rounds (sync op). */
function time(op) {
  const t0 = nowS();
  let n = 0;
  while (nowS() - t0 < roundS || n < 2) {
    op();
    n++;
  }
  const count = Math.max(1, Math.ceil(roundS / ((nowS() - t0) / n)));
  const out = [];
  for (let r = 0; r < rounds; r++) {
    const c0 = cpuS();
    const w0 = nowS();
    for (let i = 0; i < count; i++) op();
    out.push({ wall_s: nowS() - w0, cpu_s: cpuS() - c0 });
  }
  return { count, rounds: out };
}

/** The same for an op returning a promise (awaited one at a time). */
async function timeAsync(op) {
  const t0 = nowS();
  let n = 0;
  while (nowS() - t0 < roundS || n < 2) {
    await op();
    n++;
  }
  const count = Math.max(1, Math.ceil(roundS / ((nowS() - t0) / n)));
  const out = [];
  for (let r = 0; r < rounds; r++) {
    const c0 = cpuS();
    const w0 = nowS();
    for (let i = 0; i < count; i++) await op();
    out.push({ wall_s: nowS() - w0, cpu_s: cpuS() - c0 });
  }
  return { count, rounds: out };
}

const results = [];
const push = (task, impl, timing, extra = {}) => results.push({ task, impl, ...extra, timing });
const sha256 = (b) => crypto.createHash('sha256').update(b).digest('hex');

// The cost of one binding call that does almost nothing (SM3 of no bytes):
// the floor under every per-call figure below.
const empty = new Uint8Array(0);
push('call-floor', 'govshare-wasm', time(() => gs.sm3(empty)), { mode: 'sm3(empty)' });
push('call-floor', 'node-crypto', time(() => crypto.createHash('sha256').update(empty).digest()), { mode: 'sha256(empty)' });

// ------------------------------------------------------------------- #3 JCS
for (const [task, file] of [['jcs-10k', 'doc-10k.json'], ['jcs-1m', 'doc-1m.json'], ['jcs-app', 'app-2k.json']]) {
  const bytes = new Uint8Array(readFileSync(join(dir, file)));
  const text = new TextDecoder().decode(bytes);
  const obj = JSON.parse(text);
  const mine = gs.canonicalize(text);
  const theirs = Buffer.from(canonicalizeRef(JSON.parse(text)), 'utf8');
  const extra = { bytes: bytes.length };
  push(task, 'govshare-wasm', time(() => gs.canonicalize(text)), { ...extra, input: 'string', output_sha256: sha256(mine) });
  push(task, 'govshare-wasm-bytes', time(() => gs.canonicalize(bytes)), { ...extra, input: 'bytes', output_sha256: sha256(gs.canonicalize(bytes)) });
  push(task, 'canonicalize', time(() => canonicalizeRef(JSON.parse(text))), { ...extra, input: 'string (JSON.parse + canonicalize)', output_sha256: sha256(theirs) });
  push(task, 'canonicalize-object', time(() => canonicalizeRef(obj)), { ...extra, input: 'parsed object', output_sha256: sha256(Buffer.from(canonicalizeRef(obj), 'utf8')) });
}

// ------------------------------------------------------- #4 raw sign/verify
const data = new Uint8Array(readFileSync(join(dir, 'sign-data.bin')));
const secret = new Uint8Array(32).fill(7);
for (const alg of ['ed25519', 'ecdsa-p256-sha256', 'hmac-sha256', 'sm2-sm3']) {
  const key = alg === 'hmac-sha256' ? gs.Key.fromHmacSecret(secret) : gs.Key.generate(alg);
  const pub = alg === 'hmac-sha256' ? key : key.publicKey();
  const sig = key.sign(data);
  pub.verify(data, sig);
  push(`sign-${alg}`, 'govshare-wasm', time(() => key.sign(data)));
  push(`verify-${alg}`, 'govshare-wasm', time(() => pub.verify(data, sig)));
}

{
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const sig = crypto.sign(null, data, privateKey);
  check(crypto.verify(null, data, publicKey, sig), 'node ed25519');
  push('sign-ed25519', 'node-crypto', time(() => crypto.sign(null, data, privateKey)));
  push('verify-ed25519', 'node-crypto', time(() => crypto.verify(null, data, publicKey, sig)));
}
{
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const sign = () => crypto.sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  const sig = sign();
  const verify = () => crypto.verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, sig);
  check(verify(), 'node p256');
  push('sign-ecdsa-p256-sha256', 'node-crypto', time(sign));
  push('verify-ecdsa-p256-sha256', 'node-crypto', time(verify));
}
{
  const mac = () => crypto.createHmac('sha256', secret).update(data).digest();
  const sig = mac();
  push('sign-hmac-sha256', 'node-crypto', time(mac));
  push('verify-hmac-sha256', 'node-crypto', time(() => check(crypto.timingSafeEqual(mac(), sig), 'hmac')));
}
{
  ed.hashes.sha512 = sha512;
  const sk = ed.utils.randomSecretKey();
  const pk = ed.getPublicKey(sk);
  const sig = ed.sign(data, sk);
  check(ed.verify(sig, data, pk), 'noble verify');
  push('sign-ed25519', 'noble-ed25519', time(() => ed.sign(data, sk)), { mode: 'sync, @noble/hashes sha512' });
  push('verify-ed25519', 'noble-ed25519', time(() => ed.verify(sig, data, pk)), { mode: 'sync, @noble/hashes sha512' });
  push('sign-ed25519', 'noble-ed25519-async', await timeAsync(() => ed.signAsync(data, sk)), { mode: 'async, WebCrypto sha512' });
  push('verify-ed25519', 'noble-ed25519-async', await timeAsync(() => ed.verifyAsync(sig, data, pk)), { mode: 'async, WebCrypto sha512' });
}
{
  const { privateKey, publicKey } = smCrypto.sm2.generateKeyPairHex();
  const msg = Array.from(data);
  // publicKey given so sm-crypto does not re-derive it (its faster path).
  const sign = () => smCrypto.sm2.doSignature(msg, privateKey, { hash: true, publicKey });
  const sig = sign();
  check(smCrypto.sm2.doVerifySignature(msg, sig, publicKey, { hash: true }), 'sm-crypto verify');
  // And interop, so the timed operations are the same operation.
  check(gs.Key.fromRaw('sm2-sm3', Buffer.from(publicKey, 'hex'), false).verify(data, Buffer.from(sig, 'hex')) === undefined, 'sm2 interop');
  push('sign-sm2-sm3', 'sm-crypto', time(sign));
  push('verify-sm2-sm3', 'sm-crypto', time(() => smCrypto.sm2.doVerifySignature(msg, sig, publicKey, { hash: true })));
}

// ------------------------------------------------- #4 full RFC 9421 request
const request = JSON.parse(readFileSync(join(dir, 'request.json'), 'utf8'));
{
  const key = gs.Key.generate('ed25519');
  const pub = key.publicKey();
  const params = { components: ['@method', '@target-uri', 'content-type'], created: CREATED, keyid: 'bench-key', alg: 'ed25519' };
  const signed = gs.signMessage(request, key, params);
  const v = gs.verifyMessage(signed.message, pub, {}, CREATED);
  check(v.content_digest_checked, 'govshare request verify');
  push('request-sign-ed25519', 'govshare-wasm', time(() => gs.signMessage(request, key, params)));
  push('request-verify-ed25519', 'govshare-wasm', time(() => gs.verifyMessage(signed.message, pub, {}, CREATED)));
}
{
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const headersOf = (m) => Object.fromEntries(m.headers.map(([n, v]) => [n.toLowerCase(), v]));
  const digest = (body) => `sha-256=:${crypto.createHash('sha256').update(body).digest('base64')}:`;
  const signer = hms.createSigner(privateKey, 'ed25519', 'bench-key');
  const config = {
    key: signer,
    name: 'sig1',
    params: ['created', 'keyid', 'alg'],
    paramValues: { created: new Date(CREATED * 1000) },
    fields: ['@method', '@target-uri', 'content-type', 'content-digest'],
  };
  const sign = () => {
    const req = { method: request.method, url: request.target, headers: { ...headersOf(request), 'content-digest': digest(request.body) } };
    return hms.httpbis.signMessage(config, req);
  };
  const verifier = { id: 'bench-key', algs: ['ed25519'], verify: hms.createVerifier(publicKey, 'ed25519') };
  const vconfig = { keyLookup: async () => verifier, requiredFields: ['content-digest'] };
  const signedReq = await sign();
  // Verify = recompute the body digest (as govshare always does) + the signature.
  const verify = async () => signedReq.headers['content-digest'] === digest(request.body) && hms.httpbis.verifyMessage(vconfig, signedReq);
  check((await verify()) === true, 'http-message-signatures verify');
  push('request-sign-ed25519', 'http-message-signatures', await timeAsync(sign), { mode: 'async; Content-Digest by node crypto' });
  push('request-verify-ed25519', 'http-message-signatures', await timeAsync(verify), { mode: 'async; Content-Digest recomputed by node crypto' });
}

console.log(JSON.stringify({
  runner: 'node',
  versions: {
    node: process.version,
    govshare: JSON.parse(readFileSync(new URL('../../npm/package.json', import.meta.url), 'utf8')).version,
    canonicalize: version('canonicalize'),
    '@noble/ed25519': version('@noble/ed25519'),
    '@noble/hashes': version('@noble/hashes'),
    'sm-crypto': version('sm-crypto'),
    'http-message-signatures': version('http-message-signatures'),
  },
  results,
}));
