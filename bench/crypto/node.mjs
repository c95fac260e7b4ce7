// Node runner of the encryption benchmark (bench/crypto): govshare's npm
// package (WASM, npm/dist) beside npm `sm-crypto` (pure JS; ECB and CBC only)
// and Node's built-in `crypto` (its bundled OpenSSL: sm4-ecb, sm4-cbc, no GCM),
// on the tasks of bench/native/src/crypto.rs: SM4 encrypt/decrypt of 64 B,
// 4 KiB, 1 MiB (ECB, CBC with PKCS#7; GCM), SM2 encrypt/decrypt of 32 bytes.
// Every timed operation is first checked to interoperate with govshare.
// Usage: node bench/crypto/node.mjs [--round-ms 200] [--rounds 5] [--pkg npm/dist/]
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const roundS = Number(arg('--round-ms', '200')) / 1000;
const rounds = Number(arg('--rounds', '5'));
const gs = await import(new URL('node.js', new URL(arg('--pkg', '../../npm/dist/'), import.meta.url)));
const smCrypto = require('sm-crypto');
const version = (name) => JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;

const cpuS = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const nowS = () => Number(process.hrtime.bigint()) / 1e9;
function check(cond, what) {
  if (!cond) throw new Error(`sanity check failed: ${what}`);
}
const same = (a, b) => Buffer.from(a).equals(Buffer.from(b));

/** Warms up for one round length (at least one call) while calibrating a per-round count, then times `rounds` rounds. */
function time(op) {
  const t0 = nowS();
  let n = 0;
  while (nowS() - t0 < roundS || n < 1) {
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

const results = [];
const push = (task, impl, bytes, timing, mode) => results.push({ task, impl, bytes, ...(mode ? { mode } : {}), timing });
const SIZES = [[64, '64'], [4096, '4k'], [1 << 20, '1m']];
const bytes = (n, seed) => {
  const b = new Uint8Array(n);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
};
const key = bytes(16, 1);
const keyHex = Buffer.from(key).toString('hex');

for (const [mode, ivLen] of [['ecb', 0], ['cbc', 16], ['gcm', 12]]) {
  const iv = bytes(ivLen, 2);
  for (const [size, label] of SIZES) {
    const pt = bytes(size, 3);
    const ct = gs.sm4Encrypt(mode, key, iv, pt);
    check(same(gs.sm4Decrypt(mode, key, iv, ct), pt), `govshare ${mode}`);
    push(`sm4-${mode}-enc-${label}`, 'govshare-wasm', size, time(() => gs.sm4Encrypt(mode, key, iv, pt)));
    push(`sm4-${mode}-dec-${label}`, 'govshare-wasm', size, time(() => gs.sm4Decrypt(mode, key, iv, ct)));
    if (mode === 'gcm') continue; // neither peer has SM4-GCM
    // sm-crypto: bytes in, a JS array out (its cheapest form: no hex/utf8).
    const opts = { mode, ...(mode === 'cbc' ? { iv: Array.from(iv) } : {}), output: 'array' };
    const theirs = smCrypto.sm4.encrypt(pt, keyHex, opts);
    check(same(theirs, ct), `sm-crypto ${mode} = govshare`);
    check(same(smCrypto.sm4.decrypt(ct, keyHex, opts), pt), `sm-crypto decrypts govshare ${mode}`);
    push(`sm4-${mode}-enc-${label}`, 'sm-crypto', size, time(() => smCrypto.sm4.encrypt(pt, keyHex, opts)), 'Uint8Array in, array out');
    push(`sm4-${mode}-dec-${label}`, 'sm-crypto', size, time(() => smCrypto.sm4.decrypt(ct, keyHex, opts)), 'Uint8Array in, array out');
    // Node's crypto (OpenSSL inside Node).
    const name = `sm4-${mode}`;
    const ivArg = mode === 'ecb' ? null : iv;
    const enc = () => {
      const c = crypto.createCipheriv(name, key, ivArg);
      return Buffer.concat([c.update(pt), c.final()]);
    };
    const dec = () => {
      const c = crypto.createDecipheriv(name, key, ivArg);
      return Buffer.concat([c.update(ct), c.final()]);
    };
    check(same(enc(), ct) && same(dec(), pt), `node crypto ${mode} = govshare`);
    push(`sm4-${mode}-enc-${label}`, 'node-crypto', size, time(enc), 'createCipheriv per call');
    push(`sm4-${mode}-dec-${label}`, 'node-crypto', size, time(dec), 'createDecipheriv per call');
  }
}

// SM2 encryption of a 32-byte data key, C1C3C2 (sm-crypto's cipherMode 1, no 04).
{
  const msg = bytes(32, 4);
  const sk = gs.Key.generate('sm2-sm3');
  const pk = sk.publicKey();
  const fmt = { order: 'c1c3c2', point_prefix: true };
  const ct = gs.sm2Encrypt(pk, msg, fmt);
  check(same(gs.sm2Decrypt(sk, ct, fmt), msg), 'govshare sm2');
  push('sm2-encrypt', 'govshare-wasm', 32, time(() => gs.sm2Encrypt(pk, msg, fmt)));
  push('sm2-decrypt', 'govshare-wasm', 32, time(() => gs.sm2Decrypt(sk, ct, fmt)));

  const { privateKey, publicKey } = smCrypto.sm2.generateKeyPairHex();
  const gsk = gs.Key.fromRaw('sm2-sm3', Buffer.from(privateKey, 'hex'), true);
  const arr = Array.from(msg);
  const theirs = smCrypto.sm2.doEncrypt(arr, publicKey, 1);
  check(same(gs.sm2Decrypt(gsk, Buffer.from(theirs, 'hex'), { order: 'c1c3c2', point_prefix: false }), msg), 'govshare decrypts sm-crypto');
  const bare = Buffer.from(gs.sm2Encrypt(gsk.publicKey(), msg, { order: 'c1c3c2', point_prefix: false })).toString('hex');
  check(same(smCrypto.sm2.doDecrypt(bare, privateKey, 1, { output: 'array' }), msg), 'sm-crypto decrypts govshare');
  push('sm2-encrypt', 'sm-crypto', 32, time(() => smCrypto.sm2.doEncrypt(arr, publicKey, 1)), 'cipherMode 1, hex out');
  push('sm2-decrypt', 'sm-crypto', 32, time(() => smCrypto.sm2.doDecrypt(theirs, privateKey, 1, { output: 'array' })), 'cipherMode 1, hex in, array out');
}

console.log(JSON.stringify({
  runner: 'node',
  versions: {
    node: process.version,
    'node-openssl': process.versions.openssl,
    govshare: JSON.parse(readFileSync(new URL('../../npm/package.json', import.meta.url), 'utf8')).version,
    'sm-crypto': version('sm-crypto'),
  },
  results,
}));
