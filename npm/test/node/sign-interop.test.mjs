// Interop: govshare's signing against independent implementations, both
// directions, on real bytes and verdicts, each with a tampered negative:
// - Node's built-in crypto: raw Ed25519 and ECDSA P-256 signatures, keys
//   moved as PKCS#8/SPKI PEM and JWK, ECDSA as IEEE P1363 (r || s) and DER;
// - npm `http-message-signatures`: RFC 9421 requests signed by govshare verify
//   there, and its signatures verify in govshare (Ed25519, ECDSA P-256,
//   HMAC-SHA256, with an RFC 9530 Content-Digest), plus one response;
// - npm `sm-crypto`: SM2 signatures with the default user id (and a custom
//   one) in raw r || s and DER, keys as hex; SM3 on random inputs; an RFC 9421
//   message signed with SM2 through govshare's external-signer path.
// The peers are the package's devDependencies (the test runs in a scratch app
// that only has govshare installed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as gs from 'govshare';
import { rng } from './rng.mjs';

const npmDev = process.env.GOVSHARE_NPM_DEV ?? join(process.env.GOVSHARE_VECTORS ?? '.', '..', '..', 'npm');
const requireDev = createRequire(join(npmDev, 'package.json'));
const hms = requireDev('http-message-signatures');
const smCrypto = requireDev('sm-crypto');

const hex = (b) => Buffer.from(b).toString('hex');
const unhex = (h) => new Uint8Array(Buffer.from(h, 'hex'));
const now = () => Math.floor(Date.now() / 1000);

/** The code of a GovshareError thrown by `f` (fails the test if nothing is thrown). */
function codeOf(f) {
  try {
    f();
  } catch (e) {
    if (e && typeof e.code === 'string') return e.code;
    throw e;
  }
  assert.fail('expected a GovshareError');
}

function randomBytes(r, n) {
  return Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
}

// ------------------------------------------------------------ Node crypto

test('node crypto Ed25519: keys as PEM and JWK, signatures both ways', () => {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const gsKey = gs.Key.fromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }));
  assert.equal(gsKey.algorithm, 'ed25519');
  // govshare derives the same public key node does.
  assert.equal(gsKey.toSpkiPem().trim(), publicKey.export({ type: 'spki', format: 'pem' }).trim());
  const gsPub = gs.Key.fromJwk(publicKey.export({ format: 'jwk' }));
  const data = crypto.randomBytes(300);

  const sig = gsKey.sign(data);
  assert.ok(crypto.verify(null, data, publicKey, sig), 'node verifies the govshare signature');
  // Ed25519 is deterministic: both produce the same bytes.
  assert.deepEqual(Buffer.from(sig), crypto.sign(null, data, privateKey));
  const tampered = Buffer.from(data);
  tampered[7] ^= 1;
  assert.equal(crypto.verify(null, tampered, publicKey, sig), false);

  const nodeSig = crypto.sign(null, data, privateKey);
  gsPub.verify(data, nodeSig);
  assert.equal(codeOf(() => gsPub.verify(tampered, nodeSig)), 'signature_invalid');

  // And a govshare-generated key used by node.
  const k = gs.Key.generate('ed25519');
  const nodePub = crypto.createPublicKey(k.toSpkiPem());
  assert.ok(crypto.verify(null, data, nodePub, k.sign(data)));
  const nodePriv = crypto.createPrivateKey(k.toPkcs8Pem());
  k.publicKey().verify(data, crypto.sign(null, data, nodePriv));
});

test('node crypto ECDSA P-256: r || s and DER, keys as PEM and JWK, both ways', () => {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const gsKey = gs.Key.fromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }));
  assert.equal(gsKey.algorithm, 'ecdsa-p256-sha256');
  const gsPub = gs.Key.fromJwk(publicKey.export({ format: 'jwk' }));
  assert.equal(gsPub.algorithm, 'ecdsa-p256-sha256');
  const data = crypto.randomBytes(257);
  const tampered = Buffer.from(data);
  tampered[0] ^= 0x80;

  const sig = gsKey.sign(data);
  assert.equal(sig.length, 64);
  assert.ok(crypto.verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, sig));
  assert.ok(crypto.verify('sha256', data, publicKey, gs.ecdsaSignatureToDer(sig)), 'DER form verifies too');
  assert.equal(crypto.verify('sha256', tampered, { key: publicKey, dsaEncoding: 'ieee-p1363' }, sig), false);

  const p1363 = crypto.sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  gsPub.verify(data, p1363);
  const der = crypto.sign('sha256', data, privateKey);
  gsPub.verify(data, gs.ecdsaSignatureFromDer(der));
  assert.equal(codeOf(() => gsPub.verify(tampered, p1363)), 'signature_invalid');

  const k = gs.Key.generate('ecdsa-p256-sha256');
  const nodePub = crypto.createPublicKey({ key: JSON.parse(k.toJwk()), format: 'jwk' });
  assert.ok(crypto.verify('sha256', data, { key: nodePub, dsaEncoding: 'ieee-p1363' }, k.sign(data)));
  const nodePriv = crypto.createPrivateKey(k.toPkcs8Pem());
  k.publicKey().verify(data, crypto.sign('sha256', data, { key: nodePriv, dsaEncoding: 'ieee-p1363' }));
});

// ------------------------------------------- npm http-message-signatures

const BODY = '{"resource_code":"DR-330000-0001","items":["姓名","统一社会信用代码"],"purpose":"核验"}';

function govshareRequest() {
  return {
    method: 'POST',
    target: 'https://share.gov.example/api/v1/applications?dept=330000&mode=api',
    headers: [
      ['Host', 'share.gov.example'],
      ['Content-Type', 'application/json'],
      ['X-Request-Id', 'a5f0c1d2'],
    ],
    body: BODY,
  };
}

/** govshare's message JSON → the library's request (headers as an object). */
function toLibrary(m) {
  const headers = {};
  for (const [n, v] of m.headers) {
    const k = n.toLowerCase();
    headers[k] = k in headers ? [].concat(headers[k], v) : v;
  }
  return m.status != null ? { status: m.status, headers } : { method: m.method, url: m.target, headers };
}

/** The library's request → govshare's message JSON (body carried alongside). */
function fromLibrary(r, body) {
  const headers = [];
  for (const [n, v] of Object.entries(r.headers)) for (const x of [].concat(v)) headers.push([n, x]);
  return r.status != null ? { status: r.status, headers, body } : { method: r.method, target: r.url, headers, body };
}

const sha256Digest = (body) => `sha-256=:${crypto.createHash('sha256').update(body).digest('base64')}:`;

function keyPairs() {
  const ed = crypto.generateKeyPairSync('ed25519');
  const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const secret = crypto.randomBytes(32);
  return [
    {
      alg: 'ed25519',
      nodeSign: ed.privateKey,
      nodeVerify: ed.publicKey,
      gsSign: gs.Key.fromPem(ed.privateKey.export({ type: 'pkcs8', format: 'pem' })),
      gsVerify: gs.Key.fromPem(ed.publicKey.export({ type: 'spki', format: 'pem' })),
    },
    {
      alg: 'ecdsa-p256-sha256',
      nodeSign: ec.privateKey,
      nodeVerify: ec.publicKey,
      gsSign: gs.Key.fromPem(ec.privateKey.export({ type: 'pkcs8', format: 'pem' })),
      gsVerify: gs.Key.fromPem(ec.publicKey.export({ type: 'spki', format: 'pem' })),
    },
    { alg: 'hmac-sha256', nodeSign: secret, nodeVerify: secret, gsSign: gs.Key.fromHmacSecret(secret), gsVerify: gs.Key.fromHmacSecret(secret) },
  ];
}

for (const kp of keyPairs()) {
  test(`http-message-signatures ${kp.alg}: a govshare-signed request verifies there; tampering fails`, async () => {
    kp.gsSign.setKeyId('dept-330000-key-1');
    const created = now();
    const signed = gs.signMessage(govshareRequest(), kp.gsSign, {
      label: 'sig1',
      keyid: 'dept-330000-key-1',
      alg: kp.alg,
      created,
      expires: created + 300,
      nonce: 'n-8f3e',
      components: ['@method', '@target-uri', '@authority', '@path', '@query', 'content-type', 'x-request-id'],
    });
    const m = signed.message;
    // The digest govshare added is the body's, as node computes it.
    const cd = m.headers.find(([n]) => n.toLowerCase() === 'content-digest');
    assert.equal(cd?.[1], sha256Digest(BODY));
    assert.match(signed.signature_input, /"content-digest"/);

    let seen = null;
    const config = {
      keyLookup: async (params) => {
        seen = params;
        return params.keyid === 'dept-330000-key-1'
          ? { id: params.keyid, algs: [kp.alg], verify: hms.createVerifier(kp.nodeVerify, kp.alg) }
          : null;
      },
      requiredFields: ['@method', '@target-uri', 'content-digest'],
      requiredParams: ['created', 'keyid'],
    };
    assert.equal(await hms.httpbis.verifyMessage(config, toLibrary(m)), true);
    assert.equal(seen.alg, kp.alg);
    assert.equal(seen.nonce, 'n-8f3e');

    for (const [what, change] of [
      ['content-type', (h) => { h['content-type'] = 'text/plain'; }],
      ['content-digest', (h) => { h['content-digest'] = sha256Digest(`${BODY} `); }],
      ['x-request-id', (h) => { h['x-request-id'] = 'a5f0c1d3'; }],
    ]) {
      const req = toLibrary(m);
      change(req.headers);
      assert.equal(await hms.httpbis.verifyMessage(config, req), false, `changed ${what} must not verify`);
    }
    const wrongUrl = { ...toLibrary(m), url: m.target.replace('mode=api', 'mode=file') };
    assert.equal(await hms.httpbis.verifyMessage(config, wrongUrl), false);
  });

  test(`http-message-signatures ${kp.alg}: a request it signs verifies in govshare; tampering fails`, async () => {
    const req = toLibrary({ ...govshareRequest(), headers: [...govshareRequest().headers, ['Content-Digest', sha256Digest(BODY)]] });
    const signedReq = await hms.httpbis.signMessage({
      key: hms.createSigner(kp.nodeSign, kp.alg, 'peer-key-1'),
      name: 'sig1',
      params: ['created', 'expires', 'keyid', 'alg', 'nonce'],
      paramValues: { nonce: 'peer-nonce-1' },
      fields: ['@method', '@target-uri', '@authority', '@path', '@query', '@query-param;name="dept"', 'content-type', 'content-digest'],
    }, req);
    const m = fromLibrary(signedReq, BODY);
    const policy = { required_components: ['@method', '@target-uri', 'content-digest'], require_nonce: true };
    const v = gs.verifyMessage(m, kp.gsVerify, policy, now());
    assert.equal(v.info.label, 'sig1');
    assert.equal(v.info.keyid, 'peer-key-1');
    assert.equal(v.info.alg, kp.alg);
    assert.equal(v.content_digest_checked, true);
    // Through a nonce store: the second time is a replay.
    const store = new gs.NonceStore(8);
    store.verifyMessage(m, kp.gsVerify, policy, now());
    assert.equal(codeOf(() => store.verifyMessage(m, kp.gsVerify, policy, now())), 'replayed_nonce');

    // Body changed after signing: govshare recomputes the digest.
    assert.equal(codeOf(() => gs.verifyMessage({ ...m, body: `${BODY} ` }, kp.gsVerify, policy, now())), 'digest_mismatch');
    // A covered header changed.
    const changed = { ...m, headers: m.headers.map(([n, x]) => [n, n.toLowerCase() === 'content-type' ? 'text/plain' : x]) };
    assert.equal(codeOf(() => gs.verifyMessage(changed, kp.gsVerify, policy, now())), 'signature_invalid');
    // Another key of the same algorithm.
    const other = kp.alg === 'hmac-sha256' ? gs.Key.fromHmacSecret(crypto.randomBytes(32)) : gs.Key.generate(kp.alg).publicKey();
    assert.equal(codeOf(() => gs.verifyMessage(m, other, policy, now())), 'signature_invalid');
  });
}

test('http-message-signatures: responses with @status and a ;req component, both ways', async () => {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const gsKey = gs.Key.fromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const gsPub = gsKey.publicKey();
  const request = govshareRequest();
  const body = '{"application_id":"APP-2026-0001","status":"granted"}';
  const response = { status: 201, headers: [['Content-Type', 'application/json']], body };
  const config = {
    keyLookup: async () => ({ algs: ['ed25519'], verify: hms.createVerifier(publicKey, 'ed25519') }),
  };

  const signed = gs.signMessage(response, gsKey, {
    keyid: 'platform', created: now(), components: ['@status', 'content-type', '@method;req', '@authority;req'],
  }, request);
  const lib = toLibrary(signed.message);
  assert.equal(await hms.httpbis.verifyMessage(config, lib, toLibrary(request)), true);
  assert.equal(await hms.httpbis.verifyMessage(config, { ...lib, status: 200 }, toLibrary(request)), false);
  assert.equal(await hms.httpbis.verifyMessage(config, lib, { ...toLibrary(request), method: 'PUT' }), false);

  const libResponse = toLibrary({ ...response, headers: [...response.headers, ['Content-Digest', sha256Digest(body)]] });
  const peerSigned = await hms.httpbis.signMessage({
    key: hms.createSigner(privateKey, 'ed25519', 'platform'),
    name: 'resp',
    params: ['created', 'keyid', 'alg'],
    fields: ['@status', 'content-type', 'content-digest', '@method;req', '@target-uri;req'],
  }, libResponse, toLibrary(request));
  const m = fromLibrary(peerSigned, body);
  const v = gs.verifyMessage(m, gsPub, { label: 'resp' }, now(), request);
  assert.equal(v.content_digest_checked, true);
  assert.equal(codeOf(() => gs.verifyMessage({ ...m, status: 200 }, gsPub, { label: 'resp' }, now(), request)), 'signature_invalid');
  assert.equal(
    codeOf(() => gs.verifyMessage(m, gsPub, { label: 'resp' }, now(), { ...request, method: 'PUT' })),
    'signature_invalid',
  );
});

// ---------------------------------------------------------- npm sm-crypto

test('sm-crypto SM3 agrees on 300 random inputs and on UTF-8 text', () => {
  const r = rng(0x5a3);
  for (let i = 0; i < 300; i++) {
    // Lengths around the 64-byte block and the 56-byte padding boundary.
    const n = i < 140 ? i : Math.floor(r() * 4096);
    const data = randomBytes(r, n);
    assert.equal(hex(gs.sm3(data)), smCrypto.sm3(Array.from(data)), `length ${n}`);
  }
  for (const s of ['abc', '政务数据共享条例', '统一社会信用代码 91330000MA27XXXXXX']) {
    assert.equal(hex(gs.sm3(s)), smCrypto.sm3(s));
  }
  // GB/T 32905 example 1, so a shared bug cannot hide.
  assert.equal(hex(gs.sm3('abc')), '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
});

function smKeys() {
  const { privateKey, publicKey } = smCrypto.sm2.generateKeyPairHex();
  const priv = gs.Key.fromRaw('sm2-sm3', unhex(privateKey), true);
  const pub = gs.Key.fromRaw('sm2-sm3', unhex(publicKey), false);
  return { privateKey, publicKey, priv, pub };
}

test('sm-crypto SM2 (default user id): keys agree; signatures verify both ways, raw and DER', () => {
  const r = rng(0x5a2);
  for (let i = 0; i < 6; i++) {
    const { privateKey, publicKey, priv, pub } = smKeys();
    assert.equal(priv.sm2UserId, '1234567812345678');
    // govshare derives the same public point from the private scalar.
    assert.equal(hex(priv.publicKeyBytes()), publicKey);
    assert.equal(hex(pub.publicKeyBytes()), publicKey);
    const data = randomBytes(r, 1 + Math.floor(r() * 500));
    const tampered = data.slice();
    tampered[tampered.length - 1] ^= 1;

    // sm-crypto → govshare, r || s and DER.
    const raw = smCrypto.sm2.doSignature(Array.from(data), privateKey, { hash: true });
    pub.verify(data, unhex(raw));
    const der = smCrypto.sm2.doSignature(Array.from(data), privateKey, { hash: true, der: true });
    pub.verify(data, gs.ecdsaSignatureFromDer(unhex(der)));
    assert.equal(codeOf(() => pub.verify(tampered, unhex(raw))), 'signature_invalid');

    // govshare → sm-crypto, r || s and DER.
    const sig = priv.sign(data);
    assert.equal(sig.length, 64);
    assert.equal(smCrypto.sm2.doVerifySignature(Array.from(data), hex(sig), publicKey, { hash: true }), true);
    assert.equal(
      smCrypto.sm2.doVerifySignature(Array.from(data), hex(gs.ecdsaSignatureToDer(sig)), publicKey, { hash: true, der: true }),
      true,
    );
    assert.equal(smCrypto.sm2.doVerifySignature(Array.from(tampered), hex(sig), publicKey, { hash: true }), false);
    // The user id is part of the digest: a different id must not verify.
    assert.equal(
      smCrypto.sm2.doVerifySignature(Array.from(data), hex(sig), publicKey, { hash: true, userId: '1234567812345679' }),
      false,
    );
  }
});

test('sm-crypto SM2 with a custom user id and a text message, both ways', () => {
  const { privateKey, publicKey, priv, pub } = smKeys();
  const id = 'ALICE123@YAHOO.COM';
  priv.setSm2UserId(id);
  pub.setSm2UserId(id);
  const text = '申请共享：人口基础信息';
  const sig = priv.sign(text);
  assert.equal(smCrypto.sm2.doVerifySignature(text, hex(sig), publicKey, { hash: true, userId: id }), true);
  assert.equal(smCrypto.sm2.doVerifySignature(text, hex(sig), publicKey, { hash: true }), false);
  const peer = smCrypto.sm2.doSignature(text, privateKey, { hash: true, userId: id });
  pub.verify(text, unhex(peer));
  const defaultId = gs.Key.fromRaw('sm2-sm3', unhex(publicKey), false);
  assert.equal(codeOf(() => defaultId.verify(text, unhex(peer))), 'signature_invalid');
});

test('sm-crypto SM2 over an RFC 9421 signature base: govshare signs, sm-crypto verifies; sm-crypto as external signer', () => {
  const { privateKey, publicKey, priv, pub } = smKeys();
  const params = { keyid: 'sm2-dept', alg: 'sm2-sm3', created: now(), content_digest: 'sm3', components: ['@method', '@target-uri', 'content-type'] };
  const signed = gs.signMessage(govshareRequest(), priv, params);
  const sigB64 = /^sig1=:([^:]*):$/.exec(signed.signature)[1];
  const sigHex = Buffer.from(sigB64, 'base64').toString('hex');
  const base = Buffer.from(signed.base, 'utf8');
  assert.equal(smCrypto.sm2.doVerifySignature(Array.from(base), sigHex, publicKey, { hash: true }), true);
  // The sm3 Content-Digest is the SM3 of the body as sm-crypto computes it.
  const cd = signed.message.headers.find(([n]) => n.toLowerCase() === 'content-digest')[1];
  assert.equal(cd, `sm3=:${Buffer.from(smCrypto.sm3(BODY), 'hex').toString('base64')}:`);
  const tamperedBase = Buffer.from(signed.base.replace('POST', 'PUT'), 'utf8');
  assert.equal(smCrypto.sm2.doVerifySignature(Array.from(tamperedBase), sigHex, publicKey, { hash: true }), false);

  // External signer: govshare prepares, sm-crypto signs the base (DER), govshare finishes and verifies.
  const prepared = gs.prepareSignature(govshareRequest(), params);
  const der = smCrypto.sm2.doSignature(Array.from(prepared.base), privateKey, { hash: true, der: true });
  const finished = gs.finishSignature(govshareRequest(), prepared, unhex(der));
  const v = gs.verifyMessage(finished.message, pub, { required_components: ['content-digest'] }, now());
  assert.equal(v.content_digest_checked, true);
  const m = finished.message;
  assert.equal(codeOf(() => gs.verifyMessage({ ...m, method: 'PUT' }, pub, {}, now())), 'signature_invalid');
  assert.equal(codeOf(() => gs.verifyMessage({ ...m, body: `${BODY}\n` }, pub, {}, now())), 'digest_mismatch');
});

// ------------------------- component edge cases, http-message-signatures

const EDGE_TARGETS = [
  'https://h.example/p?name=%E5%BC%A0%E4%B8%89&x=1', // percent-encoded UTF-8
  'https://h.example/p?name=a+b&x=1', // '+' is a space in a query parameter
  'https://h.example/p?name=a%2Fb%3D&x=1',
  'https://h.example/p?na%6De=v&x=1', // encoded parameter name
  'https://h.example/p?name=&x=1',
  'https://h.example/a%2fb/c?name=1',
  'https://H.Example:443/p?name=1', // default port and case in @authority
  'https://h.example:8443/p?name=1',
];
const EDGE_FIELDS = [
  [[['X-A', '  padded value 1  ']], ['x-a']],
  [[['X-A', 'one'], ['X-A', 'two']], ['x-a']],
  [[['X-A', 'one'], ['X-A', 'two']], ['x-a;bs']],
  [[['Example-Dict', ' a=1,    b=2;x=1;y=2,   c=(a   b   c)']], ['example-dict;sf']],
  [[['Example-Dict', ' a=1,    b=2;x=1;y=2,   c=(a   b   c)']], ['example-dict;key="b"']],
  [[['Example-Dict', ' a=1,    b=2;x=1;y=2,   c=(a   b   c)']], ['example-dict;key="c"']],
  [[['X-List', ' a ,  b;q=1 ']], ['x-list;sf']],
];

test('http-message-signatures: derived components and field forms agree, both ways', async () => {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const gsKey = gs.Key.fromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const config = { keyLookup: async () => ({ algs: ['ed25519'], verify: hms.createVerifier(publicKey, 'ed25519') }) };
  const cases = [
    ...EDGE_TARGETS.map((target) => [
      { method: 'GET', target, headers: [['Host', new URL(target).host]] },
      ['@method', '@target-uri', '@authority', '@path', '@query', '@query-param;name="name"'],
    ]),
    ...EDGE_FIELDS.map(([fields, comps]) => [
      { method: 'GET', target: 'https://h.example/p', headers: [['Host', 'h.example'], ...fields] },
      comps,
    ]),
  ];
  for (const [m, comps] of cases) {
    const what = `${m.target} ${JSON.stringify(m.headers)} ${comps.join(' ')}`;
    const signed = gs.signMessage(m, gsKey, { keyid: 'k', created: now(), components: comps });
    assert.equal(await hms.httpbis.verifyMessage(config, toLibrary(signed.message)), true, `library verifies govshare: ${what}`);
    const peer = await hms.httpbis.signMessage({
      key: hms.createSigner(privateKey, 'ed25519', 'k'), name: 'sig1', params: ['created', 'keyid'], fields: comps,
    }, toLibrary(m));
    const back = fromLibrary(peer);
    delete back.body;
    assert.equal(gs.verifyMessage(back, gsKey.publicKey(), {}, now()).info.label, 'sig1', `govshare verifies the library: ${what}`);
    // Tampered: another query for the target cases, a changed field value for the others.
    const tampered = toLibrary(signed.message);
    if (m.headers.length === 1) tampered.url = `${m.target}&y=2`;
    else {
      const name = m.headers.at(-1)[0].toLowerCase();
      tampered.headers[name] = [].concat(tampered.headers[name]).map((v, i) => (i === 0 ? v.replace(/\d/g, '9').replace('c)', 'd)').replace('one', 'uno') : v));
    }
    const verdict = await hms.httpbis.verifyMessage(config, tampered).catch(() => 'threw');
    assert.notEqual(verdict, true, `tampered must not verify: ${what}`);
  }
  // Negative: a different value of the signed query parameter.
  const m = { method: 'GET', target: EDGE_TARGETS[0], headers: [['Host', 'h.example']] };
  const signed = gs.signMessage(m, gsKey, { keyid: 'k', created: now(), components: ['@query-param;name="name"'] });
  const moved = { ...toLibrary(signed.message), url: EDGE_TARGETS[0].replace('%E4%B8%89', '%E4%B8%88') };
  assert.equal(await hms.httpbis.verifyMessage(config, moved), false);
});
