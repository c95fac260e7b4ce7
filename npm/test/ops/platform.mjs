// Platform exchange vectors (tests/vectors/platform): the same operations and
// comparison as core/tests/vectors_platform.rs, through the package's
// `PlatformExchange`. Values are compared as JSON where an absent member
// equals `null`.
import { b64, deepEqual, orError } from './common.mjs';
import { hexDecode } from './sign.mjs';

/** JSON-like copy with `null`/`undefined` object members removed. */
function norm(v) {
  if (Array.isArray(v)) return v.map(norm);
  if (v && typeof v === 'object') {
    const out = {};
    for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = norm(x);
    return out;
  }
  return v;
}

/** The named key of the file's `keys`. */
function key(gs, file, name) {
  const k = file.keys[name];
  if (!k) throw new Error(`no key ${name}`);
  const out = gs.Key.fromRaw(k.algorithm, hexDecode(k.raw_hex), k.private);
  if (typeof k.key_id === 'string') out.setKeyId(k.key_id);
  return out;
}

/** The code of the GovshareError `f` throws; null when it returns. */
function codeOf(f) {
  try {
    f();
    return null;
  } catch (e) {
    if (e && typeof e.code === 'string') return e.code;
    throw e;
  }
}

const exchange = (gs, c, file) => {
  const ex = new gs.PlatformExchange(c.config, key(gs, file, c.platform_key));
  if (c.gateway_secret !== undefined) ex.setGatewaySecret(c.gateway_secret);
  return ex;
};

/** Sends the vector's request `r` with `k`: the signed message. */
function send(gs, ex, r, k) {
  switch (r.call) {
    case 'catalog': return ex.catalog(k, r.ctx);
    case 'catalog_delta': return ex.catalogDelta(r.since_version, k, r.ctx);
    case 'submit': return ex.submit(gs.Application.fromJson(r.application_json), k, r.ctx);
    case 'status': return ex.status(r.id, k, r.ctx);
    case 'withdraw': return ex.withdraw(r.id, r.reason ?? undefined, k, r.ctx);
    case 'data': return ex.data(r.query, r.entitlements, k, r.ctx);
    case 'verify': return ex.verify(r.query, r.entitlements, k, r.ctx);
    default: throw new Error(`unknown call ${r.call}`);
  }
}

/** Prepares the vector's request `r` for an external signer known as `keyId`. */
function prepare(gs, ex, r, keyId) {
  switch (r.call) {
    case 'catalog': return ex.prepareCatalog(keyId, r.ctx);
    case 'catalog_delta': return ex.prepareCatalogDelta(r.since_version, keyId, r.ctx);
    case 'submit': return ex.prepareSubmit(gs.Application.fromJson(r.application_json), keyId, r.ctx);
    case 'status': return ex.prepareStatus(r.id, keyId, r.ctx);
    case 'withdraw': return ex.prepareWithdraw(r.id, r.reason ?? undefined, keyId, r.ctx);
    case 'data': return ex.prepareData(r.query, r.entitlements, keyId, r.ctx);
    case 'verify': return ex.prepareVerify(r.query, r.entitlements, keyId, r.ctx);
    default: throw new Error(`unknown call ${r.call}`);
  }
}

function receive(ex, step) {
  switch (step.receive) {
    case 'application': return ex.receiveApplication(step.response, step.now);
    case 'data': return ex.receiveData(step.response, step.now);
    case 'verification': return ex.receiveVerification(step.response, step.now);
    case 'catalog': return ex.receiveCatalog(step.response, step.now);
    case 'catalog_delta': return ex.receiveCatalogDelta(step.response, step.now);
    default: throw new Error(`unknown receive ${step.receive}`);
  }
}

const ops = {
  request(gs, c, file) {
    const ex = exchange(gs, c, file);
    const k = key(gs, file, c.key);
    if (c.first) {
      const code = codeOf(() => send(gs, ex, c.first, k));
      if ((c.first_expect_error ?? null) !== code) throw new Error(`the first request: expected ${c.first_expect_error ?? 'success'}, got ${code ?? 'success'}`);
    }
    return send(gs, ex, c.request, k);
  },
  prepare(gs, c, file) {
    const ex = exchange(gs, c, file);
    const signature = b64(c.signature_b64);
    if (c.request === null) return ex.complete(signature);
    const prepared = prepare(gs, ex, c.request, c.key_id);
    if (ex.awaitingSignature === undefined || ex.inFlight !== undefined) throw new Error('prepare puts nothing in flight');
    const message = ex.complete(signature);
    return {
      base: new TextDecoder().decode(new Uint8Array(prepared.base)),
      signature_input: prepared.signature_input,
      content_digest: prepared.content_digest ?? null,
      message,
    };
  },
  receive(gs, c, file) {
    let ex;
    try {
      ex = exchange(gs, c, file);
      send(gs, ex, c.request, key(gs, file, c.key));
    } catch (e) {
      throw new Error(`the request failed: ${e && e.code} ${e}`);
    }
    for (const [i, step] of (c.before ?? []).entries()) {
      if (step.cancel) {
        ex.cancel();
        continue;
      }
      const code = codeOf(() => receive(ex, step));
      if ((step.expect_error ?? null) !== code) {
        throw new Error(`step ${i}: expected ${step.expect_error ?? 'success'}, got ${code ?? 'success'}`);
      }
    }
    let result;
    try {
      result = { value: receive(ex, c) };
    } catch (e) {
      result = { thrown: e };
    }
    const failedAt = ex.failedAt ?? null;
    const inFlight = ex.inFlight ?? null;
    if (failedAt !== c.expect_failed_at || inFlight !== c.expect_in_flight) {
      throw new Error(`failedAt ${failedAt} (expected ${c.expect_failed_at}), inFlight ${inFlight} (expected ${c.expect_in_flight}); ${result.thrown ?? ''}`);
    }
    if (result.thrown) throw result.thrown;
    return result.value;
  },
};

export async function runPlatformCase(gs, c, ctx) {
  const op = ops[c.op];
  if (!op) return { ok: false, detail: `unknown op ${c.op}` };
  const got = await orError(() => op(gs, c, ctx.file));
  if ('expect_error' in c) {
    const ok = got && got.error === c.expect_error;
    return { ok, detail: ok ? '' : `expected error ${c.expect_error}, got ${JSON.stringify(got)}` };
  }
  const ok = deepEqual(norm(got), norm(c.expect));
  return { ok, detail: ok ? '' : `expected ${JSON.stringify(c.expect)}\n     got ${JSON.stringify(got)}` };
}
