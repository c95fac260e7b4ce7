import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as gs from 'govshare';

test('errors are GovshareError with a stable code, Chinese message and location', () => {
  assert.throws(() => gs.httpMessageNormalize('{"method": 1}'), (e) => {
    assert.ok(gs.isGovshareError(e));
    assert.equal(e.name, 'GovshareError');
    assert.equal(e.code, 'invalid_value');
    assert.match(e.messageZh, /字段值无效/);
    assert.equal(e.line, 1);
    return true;
  });
});

test('a value of the wrong type is named by its kind, never quoted, in the error', () => {
  const cat = gs.Catalog.sample();
  for (const value of ['13800138000', 13800138000.5, { phone: '13800138000' }]) {
    assert.throws(() => cat.search({ text: '企业', limit: value }), (e) => {
      assert.equal(e.code, 'invalid_value');
      assert.equal(e.path, 'query');
      assert.doesNotMatch(`${e.message} ${e.messageZh}`, /13800138000|phone/);
      return true;
    });
  }
});

test('version is semver', () => {
  assert.match(gs.version(), /^\d+\.\d+\.\d+$/);
});

test('a nonce store refuses a policy under which a signature would be accepted forever', () => {
  const k = gs.Key.generate('ed25519');
  const msg = { method: 'GET', target: 'https://h/p', headers: [] };
  const s = gs.signMessage(msg, k, { components: ['@method'], created: 100, nonce: 'n1' });
  const store = new gs.NonceStore(8);
  // No max age and no expires: replays could never be refused once the nonce is forgotten.
  assert.throws(() => store.verifyMessage(s.message, k.publicKey(), { max_age_seconds: null }, 110), (e) => e.code === 'invalid_argument');
  // Bounded by max age: accepted once, then a replay, also just before the window closes.
  store.verifyMessage(s.message, k.publicKey(), { max_age_seconds: 300 }, 110);
  assert.throws(() => store.verifyMessage(s.message, k.publicKey(), { max_age_seconds: 300 }, 455), (e) => e.code === 'replayed_nonce');
});

test('Key.fromText never guesses a bare string into a secret', () => {
  const secret = Buffer.from('a published value, not a key, 32b').toString('base64');
  assert.throws(() => gs.Key.fromText(secret), (e) => e.code === 'invalid_key');
  assert.equal(gs.Key.fromText(secret, 'hmac-sha256').algorithm, 'hmac-sha256');
  const k = gs.Key.generate('ecdsa-p256-sha256');
  const spki = Buffer.from(k.publicKey().toSpkiDer()).toString('base64');
  const pub = gs.Key.fromText(spki, 'ecdsa-p256-sha256');
  assert.equal(pub.isPrivate, false);
  assert.throws(() => gs.Key.fromText(spki), (e) => e.code === 'invalid_key');
  assert.equal(gs.Key.fromText(k.toPkcs8Pem()).isPrivate, true);
});

test('errors say their kind, so callers need not match code strings', () => {
  assert.throws(() => gs.httpMessageNormalize('{"method": 1}'), (e) => e.kind === 'input');
  const k = gs.Key.generate('ed25519');
  const s = gs.signMessage({ method: 'GET', target: 'https://h/p', headers: [] }, k, { components: ['@method'], created: 100 });
  assert.throws(() => gs.verifyMessage(s.message, gs.Key.generate('ed25519').publicKey(), {}, 110), (e) => e.code === 'signature_invalid' && e.kind === 'verdict');
});

test('reports never hide findings: drainFindings gives every one', () => {
  const s = new gs.Scanner('ndjson', { max_listed: 10, stream_all: true });
  const all = [];
  for (let i = 0; i < 50; i++) {
    s.push(`{"phone": "13812345678", "n": ${i}}\n`);
    all.push(...s.drainFindings());
  }
  s.endInput();
  all.push(...s.drainFindings());
  const report = s.finish();
  assert.equal(report.findings.length, 10);
  assert.equal(all.length, report.finding_count);
  assert.equal(all.length, 50);
});

test('a symmetric key checks another party\'s signature only when trusted explicitly', () => {
  const secret = gs.Key.fromHmacSecret(new TextEncoder().encode('a shared secret of thirty-two by'));
  const request = {
    application_id: 'APP-1', resources: ['101001/00001'],
    data_digests: ['sha256:' + '0'.repeat(64)], retention_until: '2026-09-05',
    destroyed_at: '2026-09-07T10:00:00+08:00', method: 'crypto_erased', actor: '11330000MB0000000X',
  };
  const receipt = gs.destructionReceipt(request, '0'.repeat(64), secret);
  assert.throws(() => gs.verifyDestructionReceipt(receipt, secret), (e) => e.code === 'symmetric_key_refused' && e.kind === 'input');
  secret.trustSymmetric();
  assert.equal(gs.verifyDestructionReceipt(receipt, secret).application_id, 'APP-1');
});

test('an audit verifier takes a symmetric key only when trusted explicitly', () => {
  const secret = gs.Key.fromHmacSecret(new TextEncoder().encode('a shared secret of thirty-two by'));
  const log = new gs.AuditLog();
  const line = log.appendSigned({
    time: '2026-06-01T09:00:00+08:00', action: 'submit', actor: '11330000MB0000000X',
    application_id: 'APP-1', resources: ['101001/00001'], outcome: 'ok',
  }, secret);
  const v = new gs.AuditVerifier();
  assert.throws(() => v.addKey(secret), (e) => e.code === 'symmetric_key_refused' && e.kind === 'input');
  v.requireSignatures(true);
  assert.equal(v.verify(`${line}\n`).valid, false);
  secret.trustSymmetric();
  v.addKey(secret);
  assert.equal(v.verify(`${line}\n`).valid, true);
});

test('a platform answer is bound to the one request it answers', () => {
  const dept = gs.Key.generate('ed25519');
  const platform = gs.Key.generate('ed25519');
  platform.setKeyId('platform');
  const query = (body, created, nonce) => gs.signPlatformRequest({
    method: 'POST', target: 'https://share.example.gov.cn/api/v1/data/query',
    headers: [['Content-Type', 'application/json']], body,
  }, dept, created, nonce).message;
  const asked = query('{"resource_code":"A"}', 1800000000, 'n-1');
  const other = query('{"resource_code":"B"}', 1800000000, 'n-2');
  const again = query('{"resource_code":"A"}', 1800000060, 'n-3');
  const response = { status: 200, headers: [['Content-Type', 'application/json']], body: '{"rows":[]}' };
  const base = ['@status', 'content-type', 'content-digest', '@method;req', '@target-uri;req'];
  const bound = gs.signMessage(response, platform, { components: [...base, 'signature;req;key="sig1"'], created: 1800000001, keyid: 'platform' }, asked).message;
  const pub = platform.publicKey();
  assert.equal(gs.verifyPlatformResponse(bound, asked, pub, 1800000002).info.label, 'sig1');
  assert.throws(() => gs.verifyPlatformResponse(bound, other, pub, 1800000002), (e) => e.code === 'signature_invalid');
  assert.throws(() => gs.verifyPlatformResponse(bound, again, pub, 1800000061), (e) => e.code === 'signature_invalid');
  const unbound = gs.signMessage(response, platform, { components: base, created: 1800000001, keyid: 'platform' }, asked).message;
  assert.throws(() => gs.verifyPlatformResponse(unbound, asked, pub, 1800000002), (e) => e.code === 'component_not_covered');
});

test('the binding component and default components come from core', () => {
  const dept = gs.Key.generate('ed25519');
  const req = gs.signPlatformRequest({ method: 'POST', target: 'https://h/p', headers: [['Content-Type', 'application/json']], body: '{}' }, dept, 1800000000, 'n-1').message;
  assert.equal(gs.requestBindingComponent(req), 'signature;req;key="sig1"');
  assert.throws(() => gs.requestBindingComponent(req, 'other'), (e) => e.code === 'invalid_argument');
  assert.throws(() => gs.requestBindingComponent({ method: 'GET', target: 'https://h/', headers: [] }), (e) => e.code === 'invalid_argument');
  const resp = { status: 200, headers: [['Content-Type', 'application/json']], body: '{}' };
  assert.deepEqual(gs.defaultComponents(resp, req, true), ['@status', 'content-type', 'content-digest', '@method;req', '@target-uri;req']);
});

test('the platform exchange accepts each answer once, for the request in flight only', () => {
  const dept = gs.Key.generate('ed25519');
  dept.setKeyId('dept');
  const platform = gs.Key.generate('ed25519');
  platform.setKeyId('platform');
  const ex = new gs.PlatformExchange({ base_url: 'https://share.example.gov.cn', gateway: 'none' }, platform.publicKey());
  const ctx = (nonce) => ({ now: '2027-01-04T10:00:00+08:00', nonce });
  const now = Date.parse('2027-01-04T10:00:00+08:00') / 1000;
  // The platform's side: an answer bound to the request it answers.
  const answer = (request, body) => {
    const resp = { status: 200, headers: [['Content-Type', 'application/json']], body };
    const components = [...gs.defaultComponents(resp, request, true), gs.requestBindingComponent(request)];
    return gs.signMessage(resp, platform, { components, created: now, keyid: 'platform' }, request).message;
  };
  const catalogText = gs.sampleCatalog(gs.sampleOptions(1, 1));

  const first = ex.catalog(dept, ctx('n-1'));
  assert.equal(ex.inFlight, 'catalog');
  assert.throws(() => ex.catalog(dept, ctx('n-2')), (e) => e.code === 'invalid_argument');
  const reply = answer(first, catalogText);
  assert.equal(ex.receiveCatalog(reply, now).resources.length, 1);
  assert.equal(ex.inFlight, undefined);
  // A replay finds nothing in flight.
  assert.throws(() => ex.receiveCatalog(reply, now), (e) => e.code === 'invalid_argument');
  // The answer to the earlier request is not the answer to the next one.
  ex.catalog(dept, ctx('n-3'));
  assert.throws(() => ex.receiveCatalog(reply, now), (e) => e.code === 'signature_invalid');
  assert.equal(ex.failedAt, 'verify');
  // A verified answer that does not read (a platform refusal) fails at parse.
  const refusal = ex.catalog(dept, ctx('n-5'));
  assert.throws(() => ex.receiveCatalog(answer(refusal, '{"resources": 1}'), now), (e) => e.code === 'invalid_value' || e.code === 'malformed_json');
  assert.equal(ex.failedAt, 'parse');
  // An answer of another kind is refused and the request keeps waiting.
  const status = ex.status('APP-1', dept, ctx('n-4'));
  assert.throws(() => ex.receiveCatalog(answer(status, catalogText), now), (e) => e.code === 'invalid_argument');
  assert.equal(ex.inFlight, 'application');
  ex.cancel();
  assert.equal(ex.inFlight, undefined);
});

test('a verification request through the exchange: a signed yes/no, checked against the query', () => {
  const dept = gs.Key.generate('ed25519');
  const platform = gs.Key.generate('ed25519');
  platform.setKeyId('platform');
  const ex = new gs.PlatformExchange({ base_url: 'https://share.example.gov.cn', gateway: 'none' }, platform.publicKey());
  const now = Date.parse('2027-01-04T10:00:00+08:00') / 1000;
  const ctx = { now: '2027-01-04T10:00:00+08:00', nonce: 'v-1' };
  const grant = { application_id: 'A-1', requester_credit_code: '11330100MB0203040M', resource_code: 'R/1', items: ['证号', '电话'], valid_from: '2027-01-01', valid_until: '2027-12-31', state: 'agreed' };
  const ents = gs.entitlements([grant], '11330100MB0203040M', ctx.now);
  const q = { resource_code: 'R/1', key_item: '证号', key_value: '11010519491231002X', item: '电话', value: '13812345678' };
  assert.throws(() => ex.verify({ ...q, item: '住址' }, ents, dept, ctx), (e) => e.code === 'not_entitled');
  const request = ex.verify(q, ents, dept, ctx);
  assert.equal(ex.inFlight, 'verification');
  const reply = (body) => {
    const resp = { status: 200, headers: [['Content-Type', 'application/json']], body };
    const components = [...gs.defaultComponents(resp, request, true), gs.requestBindingComponent(request)];
    return gs.signMessage(resp, platform, { components, created: now, keyid: 'platform' }, request).message;
  };
  assert.throws(() => ex.receiveVerification(reply('{"resource_code":"R/1","found":false,"equal":true}'), now), (e) => e.code === 'invalid_value');
  assert.equal(ex.failedAt, 'parse');
  const again = ex.verify(q, ents, dept, { ...ctx, nonce: 'v-2' });
  const answer = (() => {
    const resp = { status: 200, headers: [['Content-Type', 'application/json']], body: '{"resource_code":"R/1","found":true,"equal":true}' };
    const components = [...gs.defaultComponents(resp, again, true), gs.requestBindingComponent(again)];
    return gs.signMessage(resp, platform, { components, created: now, keyid: 'platform' }, again).message;
  })();
  assert.deepEqual(ex.receiveVerification(answer, now), { resource_code: 'R/1', found: true, equal: true });
});

test('an external signer (WebCrypto) signs the prepared base; the exchange sends nothing else meanwhile', async () => {
  const dept = gs.Key.generate('ed25519');
  dept.setKeyId('dept');
  const platform = gs.Key.generate('ed25519');
  platform.setKeyId('platform');
  const ex = new gs.PlatformExchange({ base_url: 'https://share.example.gov.cn', gateway: 'none' }, platform.publicKey());
  const ctx = (nonce) => ({ now: '2027-01-04T10:00:00+08:00', nonce });
  const now = Date.parse('2027-01-04T10:00:00+08:00') / 1000;
  assert.throws(() => ex.complete(new Uint8Array(64)), (e) => e.code === 'invalid_argument');
  const prepared = ex.prepareCatalog('dept', ctx('w-1'));
  assert.equal(ex.awaitingSignature, 'catalog');
  assert.equal(ex.inFlight, undefined);
  assert.throws(() => ex.catalog(dept, ctx('w-2')), (e) => e.code === 'invalid_argument');
  assert.throws(() => ex.prepareStatus('A-1', 'dept', ctx('w-3')), (e) => e.code === 'invalid_argument');
  // The private key lives in WebCrypto, non-extractable; govshare never sees it.
  const webKey = await crypto.subtle.importKey('pkcs8', dept.toPkcs8Der(), { name: 'Ed25519' }, false, ['sign']);
  const signature = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, webKey, new Uint8Array(prepared.base)));
  const request = ex.complete(signature);
  assert.equal(ex.awaitingSignature, undefined);
  assert.equal(ex.inFlight, 'catalog');
  // It verifies as the department's request under the platform profile.
  const checked = gs.verifyMessage(request, dept.publicKey(), { required_components: ['@method', '@target-uri'], require_created: true, require_nonce: true }, now);
  assert.equal(checked.info.keyid, 'dept');
  const resp = { status: 200, headers: [['Content-Type', 'application/json']], body: gs.sampleCatalog(gs.sampleOptions(1, 1)) };
  const components = [...gs.defaultComponents(resp, request, true), gs.requestBindingComponent(request)];
  const reply = gs.signMessage(resp, platform, { components, created: now, keyid: 'platform' }, request).message;
  assert.equal(ex.receiveCatalog(reply, now).resources.length, 1);
  // cancel forgets a prepared request too.
  ex.prepareCatalogDelta(3, 'dept', ctx('w-4'));
  assert.throws(() => ex.prepareCatalogDelta(-1, 'dept', ctx('w-5')), (e) => e.code === 'invalid_argument');
  ex.cancel();
  assert.equal(ex.awaitingSignature, undefined);
  assert.throws(() => ex.prepareCatalogDelta(1.5, 'dept', ctx('w-6')), (e) => e.code === 'invalid_argument');
  assert.throws(() => ex.catalogDelta(Number.NaN, dept, ctx('w-7')), (e) => e.code === 'invalid_argument');
});

test('newLifecycle and deadlineProfileFromJson come from core, strictly', () => {
  const life = gs.newLifecycle();
  assert.equal(life.state, 'draft');
  const national = gs.deadlineProfile('national');
  const same = gs.deadlineProfileFromJson(JSON.stringify(national));
  assert.deepEqual(same, national);
  // Duplicate keys, which JSON.parse would let through, are refused.
  assert.throws(() => gs.deadlineProfileFromJson('{"name":"a","name":"b"}'), (e) => typeof e.code === 'string');
});

test('behind an x-tif gateway the exchange adds the gateway hash under its own signature; the secret is required', () => {
  const dept = gs.Key.generate('ed25519');
  dept.setKeyId('dept');
  const platform = gs.Key.generate('ed25519');
  const config = { base_url: 'https://gw.example.gov.cn', gateway: 'x_tif', x_tif: { paas_id: 'paas-1' } };
  const ex = new gs.PlatformExchange(config, platform.publicKey());
  const ctx = { now: '2027-01-04T10:00:00+08:00', nonce: 'n-1' };
  assert.throws(() => ex.catalog(dept, ctx), (e) => e.code === 'invalid_argument');
  assert.throws(() => ex.setGatewaySecret(''), (e) => e.code === 'invalid_argument');
  ex.setGatewaySecret('paas-token');
  const request = ex.catalog(dept, ctx);
  const header = (n) => request.headers.find(([k]) => k.toLowerCase() === n)?.[1];
  const ts = String(Date.parse(ctx.now) / 1000);
  const xtif = gs.signXtif({ method: 'GET', target: 'https://x/', headers: [] }, 'paas-1', 'paas-token', Number(ts), 'n-1');
  assert.equal(header('x-tif-signature'), xtif.headers.find(([k]) => k === 'x-tif-signature')[1]);
  assert.ok(header('signature'), 'the department signature is there too');
  const plain = new gs.PlatformExchange({ base_url: 'https://p.example.gov.cn', gateway: 'none' }, platform.publicKey());
  assert.throws(() => plain.setGatewaySecret('s'), (e) => e.code === 'invalid_argument');
});

test('randomNonce is core\'s one nonce generator: 128 fresh bits as lowercase hex', () => {
  const a = gs.randomNonce();
  const b = gs.randomNonce();
  assert.match(a, /^[0-9a-f]{32}$/);
  assert.notEqual(a, b);
});

test('the platform key document is read by core, strictly', () => {
  const client = new gs.PlatformClient({ base_url: 'https://p.example.gov.cn', gateway: 'none' });
  const req = client.platformKeyRequest();
  assert.equal(req.method, 'GET');
  assert.ok(req.target.endsWith('/api/v1/platform-key'));
  const platform = gs.Key.generate('ed25519');
  // A JWK names its own key (`kid`, the thumbprint): the document's keyid must agree.
  const { kid: _kid, ...jwk } = JSON.parse(platform.publicKey().toJwk());
  const answer = (body) => ({ status: 200, headers: [['Content-Type', 'application/json']], body: JSON.stringify(body) });
  const key = gs.parsePlatformKeyResponse(answer({ keyid: 'p-1', alg: 'ed25519', jwk }));
  assert.equal(key.keyId, 'p-1');
  assert.equal(key.isPrivate, false);
  const { kid: _k, ...privateJwk } = JSON.parse(platform.toJwk(true));
  assert.throws(() => gs.parsePlatformKeyResponse(answer({ keyid: 'p-1', alg: 'ed25519', jwk: privateJwk })), (e) => e.code === 'invalid_value');
  assert.throws(() => gs.parsePlatformKeyResponse(answer({ keyid: 'p-1', alg: 'ed25519', jwk, extra: 1 })), (e) => typeof e.code === 'string');
  assert.throws(() => gs.parsePlatformKeyResponse(answer({ keyid: 'p-1', alg: 'rsa-sha1', jwk })), (e) => e.code === 'unknown_algorithm');
  assert.throws(() => gs.parsePlatformKeyResponse(answer({ keyid: 'p-1', alg: 'ed25519', jwk: { ...jwk, kid: 'other' } })), (e) => e.code === 'invalid_value');
});

test('IRS secrets are an opaque object: read by name, redacted when printed or serialized', async () => {
  const { inspect } = await import('node:util');
  const body = JSON.stringify({ code: '00', datas: { requestSecret: 'rq-s3cr3t', requestSecretEndTime: 1, refreshSecret: 'rf-s3cr3t', refreshSecretEndTime: 2 } });
  const s = gs.parseIrsRefreshResponse({ status: 200, headers: [['Content-Type', 'application/json']], body });
  assert.equal(s.requestSecret, 'rq-s3cr3t');
  assert.equal(s.refreshSecretEndTime, 2);
  for (const shown of [String(s), JSON.stringify(s), JSON.stringify([s]), inspect(s), inspect([s])]) {
    assert.ok(!shown.includes('s3cr3t'), shown);
  }
});

